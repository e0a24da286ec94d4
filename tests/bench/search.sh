#!/bin/sh
# search.sh [N]: congbo's search against Pagefind on one build of N
# generated articles (default 10,000) plus the sample portal (see README.md).
#
#   sh tests/bench/search.sh 10000      (make bench runs it after run.sh)
#
# The portal: the sample portal (content/, themes/default), the N articles
# of gen-corpus under content/posts/bench/, and the two accent fixtures of
# tests/search/fixtures/, so that the queries of tests/search/queries.tsv
# look for real articles among N others.  Measured, outputs on tmpfs:
#   - congbo's cold build (--no-cache) with the default theme, and without
#     its search template (no index): the difference is the index's cost;
#     a rebuild after one article changed, with the cache;
#   - the index's size against the site's HTML;
#   - Pagefind (npm pagefind, installed here) over the same site's article
#     and page HTML (--root-selector main): time, peak memory, size;
#   - in Chromium (search-bench.js): per query, each in a fresh tab, the
#     bytes fetched (gzip), the time to the top results, and the top 3.
# Environment: BENCH_SHM (default /dev/shm), BENCH_RUNS (cold builds of
# each kind, default 3), BENCH_KEEP=1 (leave the outputs), BENCH_PAGEFIND=0
# (congbo alone: Pagefind neither installed nor run; search-bench.js reads
# it too), BENCH_SEARCH_REPEAT (see search-bench.js).
set -eu

N=${1:-10000}
R=${BENCH_RUNS:-3}
case $N in '' | *[!0-9]*) echo "usage: search.sh N" >&2; exit 2 ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SHM=${BENCH_SHM:-/dev/shm}
WORK=$(mktemp -d "$SHM/congbo-bench-search.XXXXXX")
cleanup() {
	if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "search.sh: outputs kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in node npm chromium cc; do
	command -v $tool > /dev/null 2>&1 || { echo "search.sh: $tool is missing (generator/deps.sh test)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "search.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
if [ ! -d "$ROOT/tests/search/node_modules/playwright-core" ]; then
	(cd "$ROOT/tests/search" && npm ci --no-audit --no-fund > /dev/null 2>&1)
fi
PF_VERSION=1.6.0
PF=${BENCH_PAGEFIND:-1}
if [ "$PF" != 0 ]; then
	mkdir -p "$WORK/pagefind"
	(cd "$WORK/pagefind" && npm init -y > /dev/null &&
		npm install --no-audit --no-fund "pagefind@$PF_VERSION" > /dev/null 2>&1) ||
		{ echo "search.sh: npm install pagefind@$PF_VERSION failed" >&2; exit 1; }
fi
PAGEFIND=$WORK/pagefind/node_modules/.bin/pagefind

cp "$ROOT/generator/congbo" "$WORK/congbo"
CONGBO=$WORK/congbo
cc -O2 -std=c11 -o "$WORK/gen-corpus" "$HERE/gen-corpus.c"
"$WORK/gen-corpus" "$N" "$WORK/corpus" > "$WORK/gen.log"

P=$WORK/portal
mkdir -p "$P"
cp -R "$ROOT/content" "$ROOT/themes" "$P/"
cp -R "$WORK/corpus/congbo/content/posts" "$P/content/posts/bench"
mkdir -p "$P/content/images" "$P/content/posts/fixtures"
cp -R "$WORK/corpus/congbo/content/images/bench" "$P/content/images/"
cp "$ROOT/tests/search/fixtures/posts/"*.md "$P/content/posts/fixtures/"
# the same portal without a search page: no index is built
NOS=$WORK/portal-nosearch
cp -R "$P" "$NOS"
rm "$NOS/themes/default/templates/search.mustache"

load() { uptime | sed 's/.*load average: //'; }
mkdir -p "$WORK/res"
timed() { # LABEL COMMAND...: appends "wall cpu rss_kb" to $WORK/res/LABEL
	label=$1
	shift
	/usr/bin/time -f "%e %U %S %M" -o "$WORK/t" "$@" > "$WORK/stdout" 2> "$WORK/err" ||
		{ cat "$WORK/err" >&2; exit 1; }
	awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$WORK/t" >> "$WORK/res/$label"
}
med() { sort -n "$WORK/res/$1" | awk -v c="$2" '{v[NR] = $c} END {print v[int((NR + 1) / 2)]}'; }

echo "search.sh: $(cat "$WORK/gen.log")"
echo "search.sh: load before: $(load)"
i=0
while [ $i -lt "$R" ]; do
	rm -rf "$WORK/out" "$WORK/out-nos"
	timed with "$CONGBO" build --source "$P" --out "$WORK/out" --no-cache --no-history --quiet
	timed without "$CONGBO" build --source "$NOS" --out "$WORK/out-nos" --no-cache --no-history --quiet
	i=$((i + 1))
done
# one article changed, with the cache (a first cached build, then the change)
"$CONGBO" build --source "$P" --out "$WORK/inc" --no-history --quiet
find "$P/content/posts/bench" -name '*.md' | sort > "$WORK/articles"
A=$(sed -n "$(( ($(wc -l < "$WORK/articles") + 1) / 2 ))p" "$WORK/articles")
printf '\nMột câu mới về cải cách hành chính.\n' >> "$A"
timed onechange "$CONGBO" build --source "$P" --out "$WORK/inc" --no-history --verbose
cp "$WORK/stdout" "$WORK/inc.log"
rm -rf "$WORK/inc-ref"
"$CONGBO" build --source "$P" --out "$WORK/inc-ref" --no-cache --no-history --quiet
same=no
diff -r -q "$WORK/inc" "$WORK/inc-ref" > /dev/null && same=yes

html=$(find "$WORK/out" -name '*.html' -printf '%s\n' | awk '{s += $1} END {print s}')
idx=$(du -sb "$WORK/out/tim-kiem/chi-muc" | cut -f1)
files=$(find "$WORK/out/tim-kiem/chi-muc" -type f | wc -l)
docs=$(sed -n 's/.*"docs": \([0-9]*\).*/\1/p' "$WORK/out/tim-kiem/chi-muc/index.json")

# Pagefind over the same HTML: articles and static pages, their <main>
cp -R "$WORK/out" "$WORK/site"
rm -rf "$WORK/site/pagefind"
if [ "$PF" != 0 ]; then
	timed pagefind "$PAGEFIND" --site "$WORK/site" --output-subdir pagefind --root-selector main \
		--glob "{tin-tuc/**/*.html,gioi-thieu/*.html,lien-he/*.html,chinh-sach-bao-ve-du-lieu-ca-nhan/*.html}"
	pf_size=$(du -sb "$WORK/site/pagefind" | cut -f1)
	pf_files=$(find "$WORK/site/pagefind" -type f | wc -l)
	pf_build_row="| Pagefind over the built HTML | $(med pagefind 1) | $(med pagefind 2) | $(( $(med pagefind 3) / 1024 )) |"
	pf_index_row="| Pagefind (pagefind/) | $pf_files | $pf_size | $(awk -v a="$pf_size" -v b="$html" 'BEGIN {printf "%.1f %%", 100 * a / b}') |"
	pf_after="; Pagefind $(med pagefind 1) s after the build"
else
	pf_build_row="| Pagefind over the built HTML | not run | | |"
	pf_index_row="| Pagefind (pagefind/) | not run | | |"
	pf_after=""
fi

echo "search.sh: load after the builds: $(load)"
NODE_PATH=$ROOT/tests/search/node_modules node "$HERE/search-bench.js" "$WORK/site" \
	"$ROOT/tests/search/queries.tsv" > "$WORK/queries.md"

cat <<EOF

search bench, $(date -u '+%Y-%m-%d %H:%M') UTC: $docs documents ($N generated articles, the sample portal, 2 fixtures), default theme
congbo: $("$CONGBO" version 2>/dev/null || echo congbo) (git $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')); Pagefind $PF_VERSION (npm); Chromium $(chromium --version 2>/dev/null | sed -n 's/^Chromium \([0-9.]*\).*/\1/p'); tmpfs; load average now: $(load)

| build (medians of $R cold builds; Pagefind once) | wall s | CPU s | peak RSS MB |
|---|---:|---:|---:|
| congbo, site with search (--no-cache) | $(med with 1) | $(med with 2) | $(( $(med with 3) / 1024 )) |
| congbo, same site without a search page | $(med without 1) | $(med without 2) | $(( $(med without 3) / 1024 )) |
| congbo, rebuild after one article changed (cache) | $(med onechange 1) | $(med onechange 2) | $(( $(med onechange 3) / 1024 )) |
$pf_build_row

index build time: congbo $(awk -v a="$(med with 1)" -v b="$(med without 1)" 'BEGIN {printf "%.2f", a - b}') s wall ($(awk -v a="$(med with 2)" -v b="$(med without 2)" 'BEGIN {printf "%.2f", a - b}') s CPU) over a build without search$pf_after
one-change rebuild: $(sed -n 's/.*\(search index: [^;]*\)$/\1/p' "$WORK/inc.log" | head -n 1); same bytes as a build without the cache: $same

| index | files | bytes | of the site's HTML ($html bytes) |
|---|---:|---:|---:|
| congbo (tim-kiem/chi-muc/) | $files | $idx | $(awk -v a="$idx" -v b="$html" 'BEGIN {printf "%.1f %%", 100 * a / b}') |
$pf_index_row

EOF
cat "$WORK/queries.md"
