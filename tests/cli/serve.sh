# serve.sh: `congbo serve`, the real server on a free port, asked with a real
# HTTP client (curl): types, HEAD, 304, 404 and paths outside the site,
# rebuilds within a second, the error page and its end, the event stream,
# a port in use, and a clean stop on SIGINT.
. tests/cli/lib.sh

P=$TMP_ROOT/portal
SERVE_TMP=$TMP_ROOT/tmp
mkdir -p "$SERVE_TMP"
new_portal "$P"
mkdir -p "$P/content/images" "$P/content/files" "$P/content/data"
cp "$REPO_ROOT/content/images/2020/van-long.jpg" "$P/content/images/a.jpg"
printf '%%PDF-1.4\n%%EOF\n' > "$P/content/files/qd.pdf"
printf 'ma,ten\nme,Thị trấn Me\n' > "$P/content/data/bang.csv"
ARTICLE=$P/content/posts/mot.md
PAGE=tin-tuc/2022/bai-thu-nhat/

SERVER_PID=
stop_server() {
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
		SERVER_PID=
	fi
}
trap 'stop_server; rm -rf "$TMP_ROOT"' EXIT

# start_server OUT ERR ARGS...: in the background; sets SERVER_PID, URL.
start_server() {
	out=$1 err=$2
	shift 2
	: > "$out"   # before the background job opens it: sed reads it now
	TMPDIR=$SERVE_TMP "$CONGBO" serve --source "$P" "$@" >"$out" 2>"$err" &
	SERVER_PID=$!
	URL=
	i=0
	while [ $i -lt 200 ] && [ -z "$URL" ]; do
		URL=$(sed -n 's/^Serving \(http[^ ]*\) (Ctrl-C to stop)$/\1/p' "$out")
		kill -0 "$SERVER_PID" 2>/dev/null || break
		[ -z "$URL" ] && sleep 0.05
		i=$((i + 1))
	done
}

# fetch PATH [CURL-ARGS...]: body in $TMP_ROOT/body, status in $CODE, type
# in $TYPE.
fetch() {
	p=$1
	shift
	res=$(curl -s --path-as-is -o "$TMP_ROOT/body" \
		-w '%{http_code} %{content_type}' "$@" "$URL$p")
	CODE=${res%% *}
	TYPE=${res#* }
}

# poll_for SECONDS PATH CODE TEXT: until PATH answers CODE with TEXT in
# its body; fails after SECONDS.
poll_for() {
	end=$(($(date +%s%N) + $1 * 1000000000))
	while :; do
		fetch "$2"
		if [ "$CODE" = "$3" ] && grep -qF -- "$4" "$TMP_ROOT/body"; then
			return 0
		fi
		[ "$(date +%s%N)" -ge "$end" ] && return 1
		sleep 0.02
	done
}

start_server "$TMP_ROOT/out" "$TMP_ROOT/err" --port 0
check "the server starts and prints its address" test -n "$URL"
if [ -z "$URL" ]; then
	cat "$TMP_ROOT/err"
	finish
	exit 1
fi
PORT=${URL##*:}
PORT=${PORT%/}
expect_grep "the first build is summed up" "$TMP_ROOT/out" "congbo: built 1 articles"

# ---- types ----
type_is() {   # PATH WANT-TYPE
	fetch "$1"
	if [ "$CODE $TYPE" = "200 $2" ]; then ok "GET /$1 is $2"
	else fail "GET /$1 is $2" "got $CODE $TYPE"; fi
}
type_is "" "text/html; charset=utf-8"
type_is "$PAGE" "text/html; charset=utf-8"
type_is "assets/style.css" "text/css; charset=utf-8"
type_is "assets/favicon.svg" "image/svg+xml"
type_is "feed.xml" "application/xml; charset=utf-8"
type_is "robots.txt" "text/plain; charset=utf-8"
type_is "images/a.jpg" "image/jpeg"
type_is "files/qd.pdf" "application/pdf"
type_is "data/bang.csv" "text/csv; charset=utf-8"
check "a file comes back byte for byte" \
	cmp -s "$TMP_ROOT/body" "$P/content/data/bang.csv"

fetch "$PAGE"
expect_grep "served pages carry the reload script" "$TMP_ROOT/body" "/__congbo/events"
check "the script goes before </body>" \
	sh -c "tail -n 3 '$TMP_ROOT/body' | grep -q '__congbo' && tail -n 2 '$TMP_ROOT/body' | grep -q '</body>'"
check "the built files themselves have no script" \
	sh -c "! grep -rl __congbo '$SERVE_TMP'"
check "the build goes to a private temporary folder, not site/" \
	sh -c "test ! -e '$P/site' && ls -d '$SERVE_TMP'/congbo-serve.* >/dev/null"

fetch "tin-tuc"
check "a folder without its / is redirected (301)" test "$CODE" = 301
curl -sv -o /dev/null -o /dev/null "$URL" "${URL}assets/style.css" \
	> /dev/null 2> "$TMP_ROOT/keepalive"
expect_grep "connections are kept alive between requests" "$TMP_ROOT/keepalive" \
	"Re-using existing connection"

# ---- HEAD and 304 ----
curl -s -I "${URL}assets/style.css" > "$TMP_ROOT/head"
expect_grep "HEAD answers 200" "$TMP_ROOT/head" "HTTP/1.1 200"
expect_grep "HEAD gives the length" "$TMP_ROOT/head" "Content-Length: $(wc -c < "$P/themes/default/assets/style.css" | tr -d ' ')"
size=$(curl -s -I -o /dev/null -w '%{size_download}' "${URL}assets/style.css")
check "HEAD sends no body" test "$size" = 0
ETAG=$(sed -n 's/^ETag: //p' "$TMP_ROOT/head" | tr -d '\r')
check "files have an ETag" test -n "$ETAG"
fetch "assets/style.css" -H "If-None-Match: $ETAG"
check "If-None-Match with the ETag gives 304" test "$CODE" = 304
check "a 304 has no body" test ! -s "$TMP_ROOT/body"
fetch "assets/style.css" -H 'If-None-Match: "other"'
check "another ETag gives 200" test "$CODE" = 200
PETAG=$(curl -s -I "$URL$PAGE" | sed -n 's/^ETag: //p' | tr -d '\r')
fetch "$PAGE" -H "If-None-Match: $PETAG"
check "pages get 304 too" test "$CODE" = 304

# ---- 404 and nothing outside the site ----
fetch "khong-co-trang-nay/"
check "a missing page answers 404" test "$CODE" = 404
expect_grep "... with the theme's 404 page" "$TMP_ROOT/body" "Không tìm thấy trang"
for bad in "../etc/passwd" "../../../../../../etc/passwd" "%2e%2e/%2e%2e/etc/passwd" \
	"%2E%2E/" "a/..%2f..%2fetc/passwd" "a%00b" "index.html%00.css" \
	"..%5c..%5cetc%5cpasswd" "/etc/passwd" "assets/../../portal/content/site.yaml"; do
	fetch "$bad"
	if [ "$CODE" = 404 ] && ! grep -q "root:\|base_url" "$TMP_ROOT/body"; then
		ok "404 and nothing outside for /$bad"
	else
		fail "404 and nothing outside for /$bad" "got $CODE"
	fi
done
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$URL")
check "POST is refused (405)" test "$code" = 405

# ---- the event stream ----
# (a long limit: the stream must outlive the busy part below on a slow
# or sanitizer build; it is ended as soon as the reload arrives)
curl -s -N --max-time 20 "${URL}__congbo/events" > "$TMP_ROOT/events" &
CURL_PID=$!
sleep 0.3

# ---- several clients at once ----
for n in 1 2 3; do
	curl -s -N --max-time 2 "${URL}__congbo/events" > /dev/null &
done
i=0
while [ $i -lt 24 ]; do
	echo "$URL$PAGE"
	echo "${URL}assets/style.css"
	i=$((i + 1))
done | xargs -P 12 -n 1 curl -s -o /dev/null -w '%{http_code}\n' > "$TMP_ROOT/many"
check "48 requests from 12 clients at once, with 3 open event streams, all answer 200" \
	sh -c "test \$(grep -c '^200\$' '$TMP_ROOT/many') = 48"

# ---- many clients: one event loop, streams that cost no thread ----
# 200 connections opened at once, each sending its request only when all
# are open; then 80 open event streams while pages are asked for.
cat > "$TMP_ROOT/flood.py" <<'PY'
import socket, sys, time
host, port, path, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def conn():
    s = socket.create_connection((host, port), timeout=10)
    return s
def ask(s, p):
    s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % p).encode())
def status(s):
    data = b""
    try:
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    return data.split(b" ")[1].decode() if data.startswith(b"HTTP/") else "none"
if mode == "flood":
    socks = [conn() for _ in range(200)]
    for s in socks:
        ask(s, path)
    codes = [status(s) for s in socks]
    print(sum(c == "200" for c in codes))
else:
    streams = [conn() for _ in range(80)]
    for s in streams:
        ask(s, "/__congbo/events")
    greeted = sum(status(s) == "200" for s in streams)
    start = time.time()
    ok = 0
    for _ in range(20):
        s = conn(); ask(s, path); ok += status(s) == "200"; s.close()
    print(greeted, ok, "%.1f" % (time.time() - start))
    for s in streams:
        s.close()
PY
HOSTPORT=${URL#http://}
HOSTPORT=${HOSTPORT%/}
python3 "$TMP_ROOT/flood.py" "${HOSTPORT%:*}" "${HOSTPORT##*:}" "/$PAGE" flood > "$TMP_ROOT/flood" 2>&1
expect_line "200 connections at once: every one answered 200" "$TMP_ROOT/flood" "200"
python3 "$TMP_ROOT/flood.py" "${HOSTPORT%:*}" "${HOSTPORT##*:}" "/$PAGE" streams > "$TMP_ROOT/streams" 2>&1
check "80 open event streams, and 20 pages asked meanwhile all answer 200 within 5 s" \
	awk '$1 == 80 && $2 == 20 && $3 < 5 { found = 1 } END { exit !found }' "$TMP_ROOT/streams"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$URL$PAGE")
check "a page right after the streams close answers 200" test "$code" = 200

# ---- edit, break, fix ----
cat > "$ARTICLE" <<'MD'
---
title: Bài thứ nhất
date: 2022-04-19
categories: [Tin tức]
---
Nội dung đã sửa lần một.
MD
check "an edited article shows within 1 s" poll_for 1 "$PAGE" 200 "Nội dung đã sửa lần một."
n=0
while [ $n -lt 100 ] && ! grep -q "event: reload" "$TMP_ROOT/events"; do
	sleep 0.05
	n=$((n + 1))
done
kill "$CURL_PID" 2>/dev/null
wait "$CURL_PID" 2>/dev/null
expect_grep "the event stream says reload after the build" "$TMP_ROOT/events" "event: reload"

cat > "$ARTICLE" <<'MD'
---
title: Bài thứ nhất
date: 19/04/2022
categories: [Tin tức]
---
Nội dung đã sửa lần hai.
MD
check "broken front matter gives the error page within 1 s" \
	poll_for 1 "$PAGE" 500 "content/posts/mot.md:3:7: error:"
expect_grep "the error page is HTML-escaped" "$TMP_ROOT/body" "&quot;19/04/2022&quot;"
expect_grep "the error page reloads by itself too" "$TMP_ROOT/body" "/__congbo/events"
fetch ""
check "every page shows the error" test "$CODE" = 500
fetch "assets/style.css"
check "assets are still served" test "$CODE" = 200
expect_grep "the terminal shows the error" "$TMP_ROOT/err" "content/posts/mot.md:3:7: error:"

sed -i 's|^date: 19/04/2022$|date: 2022-04-19|' "$ARTICLE"
check "fixing it brings the page back within 1 s" \
	poll_for 1 "$PAGE" 200 "Nội dung đã sửa lần hai."

mkdir -p "$P/content/posts/2023/moi"
cat > "$P/content/posts/2023/moi/bai.md" <<'MD'
---
title: Bài trong thư mục mới
date: 2023-01-02
---
Thư mục tạo sau khi máy chủ chạy.
MD
check "a file in a folder made later is seen" \
	poll_for 1 "tin-tuc/2023/bai-trong-thu-muc-moi/" 200 "Thư mục tạo sau"

# ---- a port in use, bad options ----
# bounded: should the first server have died, this one must not serve for ever
TMPDIR=$SERVE_TMP timeout 20 "$CONGBO" serve --source "$P" --port "$PORT" \
	>"$TMP_ROOT/out2" 2>"$TMP_ROOT/err2"
expect_exit "a port in use exits 2" 2 $?
expect_grep "... and says so" "$TMP_ROOT/err2" "port $PORT is in use: choose another with --port"
timeout 20 "$CONGBO" serve --port 70000 2>"$TMP_ROOT/err3"
expect_exit "a bad port is bad usage" 2 $?
timeout 20 "$CONGBO" serve --bind 'no such host!' --port 0 2>"$TMP_ROOT/err3"
expect_exit "a bad address is bad usage" 2 $?

# ---- stop ----
kill -INT "$SERVER_PID"
wait "$SERVER_PID"
expect_exit "SIGINT stops it cleanly" 0 $?
SERVER_PID=
check "... and removes its temporary folder" \
	sh -c "! ls -A '$SERVE_TMP' | grep -q ."
check "the portal folder got no site/" test ! -e "$P/site"
finish
