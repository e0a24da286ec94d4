#!/bin/sh
# push.sh [FILES] [COMMITS] [RUNS]: push to live (issue 12).  A repository of
# FILES articles and COMMITS commits (gen-history.sh) as a bare server with
# congbo's hooks and a web root (git config congbo.deploy), the shipped nginx
# block on a free loopback port; then RUNS times: a new article committed in
# a writer's clone, `git push`, and curl polling the article's address from
# the moment of the push until nginx serves it.  Prints each run (push to
# live; when `git push` returned, which includes what the hooks do after the
# switch; the build's, the publish commit's and the deploy's seconds as
# publish reports them, and the build's share of push to live), the medians,
# and the load average before and after.
#
#   sh tests/bench/push.sh 2000 5000 7
#
# Everything lives under /dev/shm (BENCH_SHM) and is removed at the end.
set -eu
FILES=${1:-2000}
COMMITS=${2:-5000}
RUNS=${3:-7}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CONGBO=${CONGBO:-$ROOT/generator/congbo}
SHM=${BENCH_SHM:-/dev/shm}
B=$(mktemp -d "$SHM/congbo-push.XXXXXX")
chmod 755 "$B"
N=$B/nginx
cleanup() {
	[ -s "$N/nginx.pid" ] && /usr/sbin/nginx -p "$N" -c "$N/nginx.conf" -s stop 2>/dev/null
	rm -rf "$B"
}
trap cleanup EXIT
export HOME=$B/home GIT_CONFIG_NOSYSTEM=1 TMPDIR=$B/tmp
mkdir -p "$HOME" "$TMPDIR"
git config --global user.name bench
git config --global user.email bench@example.gov.vn

echo "push.sh: $FILES articles, $COMMITS commits, $RUNS runs; load: $(uptime | sed 's/.*load/load/')"
sh "$ROOT/tests/bench/gen-history.sh" "$B/work" "$FILES" "$COMMITS" >/dev/null
S=$B/server.git
WWW=$B/www
git clone -q --bare "$B/work" "$S"
"$CONGBO" hook install --repo "$S" >/dev/null
git -C "$S" config congbo.deploy "$WWW"
git -C "$B/work" remote add origin "$S"
# the first publish and deploy (not measured)
"$CONGBO" publish --repo "$S" --quiet

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
REPO_ROOT=$ROOT
. "$ROOT/tests/nginx-site.sh"
nginx_site_conf "$N" "$PORT" "$WWW" root
/usr/sbin/nginx -p "$N" -c "$N/nginx.conf"

now() { date +%s.%N; }
: > "$B/times"
for i in $(seq 1 "$RUNS"); do
	y=2024
	printf -- '---\ntitle: Tin do %d\ndate: %d-12-01\ncategories: [Tin 1]\n---\nNoi dung.\n' \
		"$i" "$y" > "$B/work/content/posts/$y/tin-do-$i.md"
	git -C "$B/work" add -A && git -C "$B/work" commit -q -m "Tin do $i"
	url="http://127.0.0.1:$PORT/tin-tuc/$y/tin-do-$i/"
	t0=$(now)
	# the poll starts with the push: live is when nginx first serves it
	( until [ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = 200 ]; do
		sleep 0.005
	  done; now > "$B/live" ) &
	poll=$!
	# CPU seconds of the push: the client, receive-pack and the hooks
	# (check, publish, deploy) are all its children, waited for
	/usr/bin/time -f '%U %S' -o "$B/cpu" git -C "$B/work" push -q origin main 2>"$B/push-out"
	t1=$(now)
	cpu=$(awk '{ print $1 + $2 }' "$B/cpu")
	wait $poll
	build=$(sed -n 's/.*published .* build \([0-9.]*\) s, commit \([0-9.]*\) s.*/\1 \2/p' "$B/push-out")
	deploy=$(sed -n 's/.*linked; \([0-9.]*\) s).*/\1/p' "$B/push-out")
	live=$(awk "BEGIN { print $(cat "$B/live") - $t0 }")
	returned=$(awk "BEGIN { print $t1 - $t0 }")
	share=$(awk "BEGIN { print 100 * ${build%% *} / $live }" 2>/dev/null || echo '?')
	echo "$live $returned ${build:-? ?} ${deploy:-?} $share $cpu" >> "$B/times"
	printf 'run %d: push to live %.2f s, push returned %.2f s (build %s s, publish commit %s s, deploy %s s; build %.0f%% of live; CPU %.2f s)\n' \
		"$i" "$live" "$returned" ${build:-? ?} "${deploy:-?}" "$share" "$cpu"
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
printf 'median: push to live %.2f s; push returned %.2f s; build %.2f s; publish commit %.2f s; deploy %.2f s; build %.0f%% of live; CPU of the push %.2f s\n' \
	"$(cut -d' ' -f1 "$B/times" | median)" "$(cut -d' ' -f2 "$B/times" | median)" \
	"$(cut -d' ' -f3 "$B/times" | median)" "$(cut -d' ' -f4 "$B/times" | median)" \
	"$(cut -d' ' -f5 "$B/times" | median)" "$(cut -d' ' -f6 "$B/times" | median)" \
	"$(cut -d' ' -f7 "$B/times" | median)"
echo "load after: $(uptime | sed 's/.*load/load/')"
