# nginx-site.sh: what tests/cli/nginx.sh and tests/bench/push.sh share.
#
# nginx_site_conf DIR PORT WEBROOT [USER]: a private nginx in DIR (its pid,
# logs and temporary folders there) serving WEBROOT with the shipped block
# (generator/web/nginx.conf) on 127.0.0.1:PORT; workers run as USER when
# nginx starts as root (default: nobody nogroup).  Start it with
#   nginx -p DIR -c DIR/nginx.conf
nginx_site_conf() {
	mkdir -p "$1/logs" "$1/tmp"
	sed -e "s|listen 80;|listen 127.0.0.1:$2;|" -e '/listen \[::\]:80;/d' \
		-e "s|/srv/www/cong-thong-tin|$3|g" \
		"$REPO_ROOT/generator/web/nginx.conf" > "$1/congbo.conf"
	cat > "$1/nginx.conf" <<CONF
worker_processes 1;
pid $1/nginx.pid;
error_log $1/logs/error.log;
events { worker_connections 64; }
http {
	include /etc/nginx/mime.types;
	default_type application/octet-stream;
	access_log off;
	client_body_temp_path $1/tmp/body;
	proxy_temp_path $1/tmp/proxy;
	fastcgi_temp_path $1/tmp/fastcgi;
	uwsgi_temp_path $1/tmp/uwsgi;
	scgi_temp_path $1/tmp/scgi;
	include $1/congbo.conf;
}
CONF
	[ "$(id -u)" = 0 ] && sed -i "1i user ${4:-nobody nogroup};" "$1/nginx.conf"
	return 0
}
