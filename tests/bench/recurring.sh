#!/bin/sh
# recurring.sh: does a corpus with recurring titles build as fast as one
# without?  (issue 9: 10,000 articles of which 1,500 share titles.)
#
#     sh tests/bench/recurring.sh [N [REPEATS]]     defaults 10000 1500
#
# Builds two corpora of gen-corpus (the same articles; in the second,
# REPEATS of them have one of five recurring titles and no slug:, so about
# REPEATS / 55 share each URL of a year) with `congbo build --no-cache`,
# BENCH_RUNS times each (default 5), alternating, outside git and then as
# one commit of a git repository (where the history walk orders each
# group).  Prints the median wall and CPU time of each.  Corpora and outputs live
# under BENCH_SHM (default /dev/shm) and are removed at the end.
set -eu
N=${1:-10000}
REPEATS=${2:-1500}
R=${BENCH_RUNS:-5}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CONGBO=${CONGBO:-$ROOT/generator/congbo}
WORK=$(mktemp -d "${BENCH_SHM:-/dev/shm}/congbo-bench-recurring.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

cc -O2 -std=c11 -o "$WORK/gen-corpus" "$HERE/gen-corpus.c"
for kind in plain recurring; do
	if [ $kind = plain ]; then
		"$WORK/gen-corpus" "$N" "$WORK/$kind" > "$WORK/$kind.log"
	else
		"$WORK/gen-corpus" "$N" "$WORK/$kind" "$REPEATS" > "$WORK/$kind.log"
	fi
	rm -rf "$WORK/$kind/hugo"
	mkdir -p "$WORK/$kind/congbo/themes/bench"
	cp -R "$HERE/theme-congbo/." "$WORK/$kind/congbo/themes/bench/"
done

# build KIND: one build; its wall and CPU (user + system) seconds are
# appended to $WORK/KIND.wall and $WORK/KIND.cpu.  The machine may be
# shared: CPU time is the steadier of the two.
build() {
	rm -rf "$WORK/out"
	/usr/bin/time -f '%e %U %S' -o "$WORK/time" "$CONGBO" build \
		--source "$WORK/$1/congbo" --out "$WORK/out" --no-cache --quiet \
		2> "$WORK/err" || { cat "$WORK/err"; exit 1; }
	awk '{ print $1 }' "$WORK/time" >> "$WORK/$1.wall"
	awk '{ printf "%.2f\n", $2 + $3 }' "$WORK/time" >> "$WORK/$1.cpu"
}
median() { sort -n "$1" | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

groups=$("$CONGBO" check --source "$WORK/recurring/congbo" 2>&1 | grep -c ': note: ' || true)
run_all() { # LABEL
	build plain; build recurring     # warm the page cache
	for f in plain.wall plain.cpu recurring.wall recurring.cpu; do
		: > "$WORK/$f"
	done
	i=0
	while [ $i -lt "$R" ]; do
		build plain
		build recurring
		i=$((i + 1))
	done
	printf '| %s | %s | %s | %s | %s |\n' "$1" "$(median "$WORK/plain.wall")" \
		"$(median "$WORK/recurring.wall")" "$(median "$WORK/plain.cpu")" \
		"$(median "$WORK/recurring.cpu")"
}

echo "congbo $("$CONGBO" --version 2>/dev/null | head -n 1); N=$N, $REPEATS articles with recurring titles in $groups groups sharing a URL; $R runs each; load: $(uptime | sed 's/.*load/load/')"
echo
echo "| \`build --no-cache\`, medians in seconds | wall, plain | wall, recurring | CPU, plain | CPU, recurring |"
echo "|---|---|---|---|---|"
run_all "outside git (no history)"
for kind in plain recurring; do
	git -C "$WORK/$kind/congbo" init -q
	git -C "$WORK/$kind/congbo" add -A
	GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.gov.vn \
	GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.gov.vn \
		git -C "$WORK/$kind/congbo" commit -q -m "Nhập nội dung cổng"
done
run_all "one git commit (history walked)"
