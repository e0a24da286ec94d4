# nginx.sh: from `git push` to what a real nginx serves.  The path of the
# README's "Publishing" section: a bare server repository with congbo's
# hooks and a web root in its git config, the shipped server block
# (generator/web/nginx.conf) in nginx on a free loopback port, workers as
# nobody; then pushes, a rollback and a deletion, each checked with curl,
# and a loop of requests during publishes that must never see a broken
# response.
. tests/cli/lib.sh

NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$NGINX" ] || ! command -v curl >/dev/null; then
	echo "note: no nginx or curl: nothing served was tested"
	fail "nginx and curl are installed (generator/deps.sh test)"
	finish
	exit 1
fi

export HOME=$TMP_ROOT/home GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.name "Cẩm Vân"
git config --global user.email "camvan@example.gov.vn"
git config --global init.defaultBranch main
export SOURCE_DATE_EPOCH=1764000000
export LSAN_OPTIONS="suppressions=$REPO_ROOT/tests/cli/lsan-libgit2.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
umask 022
chmod 755 "$TMP_ROOT"   # nginx's workers (nobody) read the web root

# --- the server: a bare repository, the hooks, the web root ---------------
S=$TMP_ROOT/srv/git/cong-thong-tin.git
WWW=$TMP_ROOT/srv/www/cong-thong-tin
git init -q --bare -b main "$S"
"$CONGBO" hook install --repo "$S" >/dev/null
git -C "$S" config congbo.deploy "$WWW"

# --- nginx with the shipped block ------------------------------------------
N=$TMP_ROOT/nginx
PORT=$(free_port)
. "$REPO_ROOT/tests/nginx-site.sh"
nginx_site_conf "$N" "$PORT" "$WWW"
nginx_ctl() { "$NGINX" -p "$N" -c "$N/nginx.conf" "$@"; }
trap 'nginx_ctl -s stop 2>/dev/null; rm -rf "$TMP_ROOT"' EXIT
URL=http://127.0.0.1:$PORT

# get PATH: the body into $TMP_ROOT/body, headers into $TMP_ROOT/head;
# prints the status
get() {
	curl -s -o "$TMP_ROOT/body" -D "$TMP_ROOT/head" -w '%{http_code}' \
		"$@" 2>/dev/null
}
expect_status() {   # NAME STATUS PATH [curl options]
	name=$1 want=$2
	shift 2
	got=$(get "$URL$@")
	if [ "$got" = "$want" ]; then ok "$name"; else fail "$name" "status $got, wanted $want"; fi
}
header() {   # header NAME: its value in the last response
	grep -i "^$1:" "$TMP_ROOT/head" | tail -n 1 | sed 's/^[^:]*: *//' | tr -d '\r'
}
expect_header() {   # NAME HEADER VALUE
	v=$(header "$2")
	if [ "$v" = "$3" ]; then ok "$1"; else fail "$1" "$2: \"$v\", wanted \"$3\""; fi
}

# --- a writer's clone, the first push --------------------------------------
C=$TMP_ROOT/clone
git clone -q "$S" "$C" 2>/dev/null
cp -R "$REPO_ROOT/content" "$REPO_ROOT/themes" "$C/"
git -C "$C" add -A && git -C "$C" commit -q -m "Cổng thông tin"
git -C "$C" push -q origin main >"$TMP_ROOT/push-out" 2>&1
expect_exit "the first push" 0 $?
expect_grep "…is deployed" "$TMP_ROOT/push-out" "remote: congbo: $WWW now serves release "
nginx_ctl -t >"$TMP_ROOT/nginx-t" 2>&1
expect_exit "nginx accepts the shipped server block" 0 $? || { cat "$TMP_ROOT/nginx-t"; finish; exit 1; }
nginx_ctl
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$N/nginx.pid" ] && break; sleep 0.1; done

expect_status "the home page" 200 /
expect_header "…is HTML in UTF-8" Content-Type "text/html; charset=utf-8"
expect_header "…revalidated within a minute" Cache-Control "public, max-age=60"
expect_grep "…of the portal" "$TMP_ROOT/body" "</html>"
# the theme's links are relative: href="./tin-tuc/2024/…/"
links() { grep -o 'href="\./[^"]*/"' "$1" | sed 's/href="\.//; s/"$//' | sort -u; }
ARTICLE=$(links "$TMP_ROOT/body" | grep '^/tin-tuc/' | head -n 1)
check "the home page links to articles" test -n "$ARTICLE"
expect_status "an article linked from it ($ARTICLE)" 200 "$ARTICLE"
expect_grep "…whole" "$TMP_ROOT/body" "</html>"
expect_status "gzip for who asks" 200 / -H "Accept-Encoding: gzip"
expect_header "…compressed" Content-Encoding gzip

DRAFT=tin-tuc/2023/du-thao-ke-hoach-phat-trien-du-lich-cong-dong-giai-doan-2024-2026/
expect_status "the draft is not served" 404 "/$DRAFT"
expect_grep "…the theme's 404 page answers" "$TMP_ROOT/body" "</html>"
expect_header "…as HTML" Content-Type "text/html; charset=utf-8"
for p in /.git/HEAD /.git/config /.git/ /content/posts/2023/ /.redirects.nginx \
	/../../git/cong-thong-tin.git/HEAD /releases/ /current/index.html; do
	expect_status "nothing at $p" 404 "$p"
done
check "no release holds a .git" test -z "$(find "$WWW" -name .git)"

expect_status "the feed" 200 /feed.xml
expect_header "…is Atom" Content-Type "application/atom+xml; charset=utf-8"
expect_status "the sitemap" 200 /sitemap.xml
expect_header "…is XML" Content-Type "application/xml; charset=utf-8"
expect_status "the CSV of the results" 200 /ket-qua/cchc-2021/cchc-2021.csv
expect_header "…is CSV in UTF-8" Content-Type "text/csv; charset=utf-8"
expect_status "the JSON of the results" 200 /ket-qua/cchc-2021/cchc-2021.json
expect_header "…is JSON" Content-Type "application/json; charset=utf-8"
XLSX=$(cd "$WWW/current" && find . -name '*.xlsx' | head -n 1 | sed 's|^\.||')
if [ -n "$XLSX" ]; then
	expect_status "the workbook $XLSX" 200 "$XLSX"
	expect_header "…is a spreadsheet" Content-Type \
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
else
	echo "note: this build writes no .xlsx; its type was not asked of nginx"
fi
WEBP=$(cd "$WWW/current" && find . -name '*.webp' | head -n 1 | sed 's|^\.||')
check "the build made WebP copies of the photos" test -n "$WEBP"
expect_status "a WebP image ($WEBP)" 200 "$WEBP"
expect_header "…is image/webp" Content-Type image/webp
expect_header "…cached 30 days" Cache-Control "public, max-age=2592000"
expect_status "a JPEG image" 200 /images/2022/kenh-ga.jpg
expect_header "…cached 30 days" Cache-Control "public, max-age=2592000"
expect_status "the stylesheet" 200 /assets/style.css
expect_header "…cached an hour under its plain name" Cache-Control "public, max-age=3600"
expect_header "nosniff on every page" X-Content-Type-Options nosniff

# --- a new article, pushed: live --------------------------------------------
article() {   # FILE TITLE: a new article in the clone, committed and pushed
	printf -- '---\ntitle: %s\ndate: 2025-11-20\ncategories: [Tin tức - Sự kiện]\n---\nNội dung %s.\n' \
		"$2" "$2" > "$C/content/posts/$1.md"
	git -C "$C" add -A && git -C "$C" commit -q -m "$2"
	git -C "$C" push -q origin main >"$TMP_ROOT/push-out" 2>&1
}
article hoi-nghi "Hội nghị triển khai nhiệm vụ năm 2022"
NEW=/tin-tuc/2025/hoi-nghi-trien-khai-nhiem-vu-nam-2022/
expect_status "a pushed article is live at once" 200 "$NEW"
expect_grep "…with its title" "$TMP_ROOT/body" "Hội nghị triển khai nhiệm vụ năm 2022"
get "$URL/" >/dev/null
expect_grep "the home page links to it" "$TMP_ROOT/body" "href=\".$NEW\""

# --- a rollback on the server: publish --rev main~1 deploys ----------------
"$CONGBO" publish --repo "$S" --rev main~1 >"$TMP_ROOT/out" 2>&1
expect_exit "rollback: publish --rev main~1" 0 $?
expect_status "…the article is gone" 404 "$NEW"
"$CONGBO" deploy --repo "$S" --to "$WWW" --rev site~1 >"$TMP_ROOT/out" 2>&1
expect_exit "deploy --rev site~1 (the release before the rollback)" 0 $?
expect_status "…brings it back" 200 "$NEW"
"$CONGBO" publish --repo "$S" --rev main >/dev/null 2>&1

# --- a deleted article: 404 ---------------------------------------------------
git -C "$C" rm -q content/posts/hoi-nghi.md && git -C "$C" commit -q -m "Gỡ bài hội nghị"
git -C "$C" push -q origin main >"$TMP_ROOT/push-out" 2>&1
expect_status "a deleted article is 404" 404 "$NEW"

# --- permanent addresses: a title edit is refused until the alias is there --
article ten-cu "Tin có tên cũ"
OLD=/tin-tuc/2025/tin-co-ten-cu/
expect_status "an article under its first title" 200 "$OLD"
sed -i 's/^title: Tin có tên cũ$/title: Tin có tên mới/' "$C/content/posts/ten-cu.md"
git -C "$C" commit -q -am "Đổi tên tin"
git -C "$C" push origin main >"$TMP_ROOT/push-out" 2>&1
expect_exit "a title edit that moves a published address is refused" 1 $?
expect_grep "…naming the file and the fix" "$TMP_ROOT/push-out" \
	"remote: content/posts/ten-cu.md: error: its address $OLD (published on refs/heads/site) would disappear: it is now /tin-tuc/2025/tin-co-ten-moi/; add \"aliases: [$OLD]\" to its front matter to keep it"
expect_status "…and the old address still serves" 200 "$OLD"
sed -i "s|^title: Tin có tên mới\$|title: Tin có tên mới\naliases: [$OLD]|" "$C/content/posts/ten-cu.md"
git -C "$C" commit -q -am "Đổi tên tin, giữ địa chỉ cũ"
git -C "$C" push origin main >"$TMP_ROOT/push-out" 2>&1
expect_exit "with the alias the push is accepted" 0 $?
expect_status "the new address serves" 200 /tin-tuc/2025/tin-co-ten-moi/
expect_status "before nginx reloads, the old address is a redirect page" 200 "$OLD"
expect_grep "…with a canonical link" "$TMP_ROOT/body" \
	'<link rel="canonical" href="https://giavien.ninhbinh.gov.vn/tin-tuc/2025/tin-co-ten-moi/">'
expect_grep "…and a meta refresh" "$TMP_ROOT/body" \
	'<meta http-equiv="refresh" content="0; url=https://giavien.ninhbinh.gov.vn/tin-tuc/2025/tin-co-ten-moi/">'
nginx_ctl -s reload 2>/dev/null
sleep 0.5
expect_status "after a reload, nginx answers the old address with a 301" 301 "$OLD"
expect_header "…to the new one" Location "$URL/tin-tuc/2025/tin-co-ten-moi/"
expect_status "…also without the last slash" 301 "${OLD%/}"
git -C "$C" rm -q content/posts/ten-cu.md && git -C "$C" commit -q -m "Gỡ tin"
git -C "$C" push origin main >"$TMP_ROOT/push-out" 2>&1
expect_exit "deleting the article is no lost address" 0 $?
nginx_ctl -s reload 2>/dev/null

# bad aliases: refused by the check, with where and why
printf -- '---\ntitle: Tin sai\ndate: 2025-11-01\naliases: [/a/../b/, /tin-tuc/2025/tin-sai/]\n---\nx\n' \
	> "$C/content/posts/tin-sai.md"
git -C "$C" add -A && git -C "$C" commit -q -m "Tin sai"
git -C "$C" push origin main >"$TMP_ROOT/push-out" 2>&1
expect_exit "an unsafe alias is refused" 1 $?
expect_grep "…at its position" "$TMP_ROOT/push-out" \
	'remote: content/posts/tin-sai.md:4:11: error: alias "/a/../b/" must be an address of this site from its root, like /tin-tuc/2022/ten-cu/: letters, digits, - . _ ~ between slashes, no part starting with "."'
sed -i 's|/a/../b/, ||' "$C/content/posts/tin-sai.md"
"$CONGBO" build --source "$C" --out "$TMP_ROOT/alias-build" >"$TMP_ROOT/out" 2>&1
expect_grep "an alias that is a page's own address is an error" "$TMP_ROOT/out" \
	'content/posts/tin-sai.md: error: alias "/tin-tuc/2025/tin-sai/" is the address of this page itself: remove it from aliases'
git -C "$C" reset -q --hard HEAD~1

# --- requests during publishes: never a broken page -------------------------
# A loop fetches the home page and every page it links to; each must be 200
# with the whole document, while three pushes publish and deploy.
LOOP_OUT=$TMP_ROOT/loop
: > "$LOOP_OUT"
(
	i=0
	while [ ! -e "$TMP_ROOT/stop" ] && [ $i -lt 400 ]; do
		code=$(curl -s -o "$TMP_ROOT/l-home" -w '%{http_code}' "$URL/")
		i=$((i + 1))
		if [ "$code" != 200 ] || ! grep -q '</html>' "$TMP_ROOT/l-home"; then
			echo "/ $code" >> "$LOOP_OUT"
			continue
		fi
		for p in $(links "$TMP_ROOT/l-home" | grep '^/tin-tuc/\|^/chuyen-muc/' | head -n 12); do
			code=$(curl -s -o "$TMP_ROOT/l-page" -w '%{http_code}' "$URL$p")
			i=$((i + 1))
			if [ "$code" != 200 ] || ! grep -q '</html>' "$TMP_ROOT/l-page"; then
				echo "$p $code" >> "$LOOP_OUT"
			fi
		done
		echo ok >> "$TMP_ROOT/loop-rounds"
	done
) &
loop=$!
for n in 1 2 3; do
	article "dong-thoi-$n" "Tin đăng trong lúc phục vụ số $n"
done
touch "$TMP_ROOT/stop"
wait $loop
rounds=$(wc -l < "$TMP_ROOT/loop-rounds" 2>/dev/null || echo 0)
check "the loop ran during the publishes ($rounds rounds)" test "$rounds" -gt 2
if [ -s "$LOOP_OUT" ]; then fail "no broken response during publishes" "$(head -n 10 "$LOOP_OUT")"
else ok "no broken response during publishes"; fi
expect_status "the last article is live" 200 /tin-tuc/2025/tin-dang-trong-luc-phuc-vu-so-3/

nginx_ctl -s stop 2>/dev/null
finish
