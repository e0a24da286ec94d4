#!/bin/sh
# run.sh [N]: the speed benchmark of issue 5, congbo against Hugo (see README.md).
#
#   sh tests/bench/run.sh 10000         (or: make bench N=10000)
#
# Builds a deterministic corpus of N Vietnamese articles on tmpfs (cached per
# N and corpus version), then, R times, for congbo and for Hugo: a cold full
# build, a rebuild with nothing changed, a rebuild after one article's text
# changed.  Prints medians (wall, CPU, peak RSS, files written), the floors
# (cmark over every body in one process; writing the same files in one
# process), and which targets of the issue the numbers meet.
#
# Environment: BENCH_RUNS (R, default 5), BENCH_DISK=1 (one cold build of
# each onto the disk too), CONGBO (the binary, default generator/congbo),
# BENCH_SHM (default /dev/shm), BENCH_CONGBO_FLAGS (extra build flags, e.g.
# "-j 1"), BENCH_KEEP=1 (leave the outputs on tmpfs).
set -eu

N=${1:-10000}
R=${BENCH_RUNS:-5}
case $N in '' | *[!0-9]*) echo "usage: run.sh N (a number of articles)" >&2; exit 2 ;; esac
case $R in '' | *[!0-9]* | 0) echo "run.sh: BENCH_RUNS must be a number >= 1" >&2; exit 2 ;; esac

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CONGBO=${CONGBO:-$ROOT/generator/congbo}
SHM=${BENCH_SHM:-/dev/shm}
CONGBO_FLAGS=${BENCH_CONGBO_FLAGS:-}

# ---- tools ----------------------------------------------------------------

missing=
command -v hugo > /dev/null 2>&1 || missing="$missing hugo"
command -v cmark > /dev/null 2>&1 || missing="$missing cmark"
[ -x /usr/bin/time ] || missing="$missing time"
command -v cc > /dev/null 2>&1 || missing="$missing gcc"
if [ -n "$missing" ]; then
	if [ "$(id -u)" = 0 ]; then
		echo "run.sh: installing$missing"
		# shellcheck disable=SC2086
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing > /dev/null ||
			{ apt-get update -q > /dev/null &&
			  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing > /dev/null; }
	else
		echo "run.sh: missing$missing; as root, run:"
		echo "    apt-get install -y$missing"
		exit 1
	fi
fi
if [ ! -x "$CONGBO" ]; then
	echo "run.sh: $CONGBO is not built (make)" >&2
	exit 1
fi

# ---- corpus (cached on tmpfs per N and version) ---------------------------

gen_version=$(sed -n 's/^#define GEN_VERSION \([0-9]*\).*/\1/p' "$HERE/gen-corpus.c")
gen_sum=$(cksum < "$HERE/gen-corpus.c" | cut -d" " -f1)
CORPUS=$SHM/congbo-bench-corpus-$N-v$gen_version-$gen_sum
WORK=$SHM/congbo-bench-run.$$
RES=$WORK/res

restore_article() {
	if [ -f "$CORPUS/changed.orig" ]; then
		cp "$CORPUS/changed.orig" "$CORPUS/congbo/$changed"
		cp "$CORPUS/changed.orig" "$CORPUS/hugo/$changed"
	fi
}

cleanup() {
	if [ -n "${changed:-}" ]; then restore_article; fi
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		echo "run.sh: outputs kept in $WORK"
	else
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$WORK/bin" "$RES"
# a copy, so that a rebuild of generator/congbo during the run changes nothing
cp "$CONGBO" "$WORK/bin/congbo"
cc -O2 -std=c11 -o "$WORK/bin/gen-corpus" "$HERE/gen-corpus.c"
cc -O2 -std=c11 -o "$WORK/bin/write-files" "$HERE/write-files.c"

if [ ! -f "$CORPUS/.complete" ]; then
	# other versions of the corpus for this N are stale
	for old in "$SHM"/congbo-bench-corpus-"$N"-v*; do
		[ -d "$old" ] && rm -rf "$old"
	done
	echo "run.sh: generating the corpus of $N articles in $CORPUS"
	"$WORK/bin/gen-corpus" "$N" "$CORPUS.tmp" > "$WORK/gen.log"
	cat "$WORK/gen.log"
	changed=$(cat "$CORPUS.tmp/changed.txt")
	cp "$CORPUS.tmp/congbo/$changed" "$CORPUS.tmp/changed.orig"
	cp "$WORK/gen.log" "$CORPUS.tmp/gen.log"
	: > "$CORPUS.tmp/.complete"
	mv "$CORPUS.tmp" "$CORPUS"
fi
changed=$(cat "$CORPUS/changed.txt")
restore_article

# Themes and score datasets, copied only when they differ (a copy would
# look like a change to a cache that trusts mtimes).
sync_dir() { # FROM TO
	if ! diff -r -q "$1" "$2" > /dev/null 2>&1; then
		rm -rf "$2"
		mkdir -p "$2"
		cp -R "$1/." "$2/"
	fi
}
sync_dir "$HERE/theme-congbo" "$CORPUS/congbo/themes/bench"
sync_dir "$HERE/theme-hugo" "$CORPUS/hugo/themes/bench"
# The sample portal's CCHC score datasets: congbo renders their result pages
# (ket-qua/); Hugo has no such pages and only loads them as data files.
if [ "${BENCH_SCORES:-1}" = 1 ] && [ -d "$ROOT/content/scores" ]; then
	sync_dir "$ROOT/content/scores" "$CORPUS/congbo/content/scores"
	sync_dir "$ROOT/content/scores" "$CORPUS/hugo/data/scores"
	# each dataset names its signed decision's PDF, which must exist
	sync_dir "$ROOT/content/files" "$CORPUS/congbo/content/files"
else
	rm -rf "$CORPUS/congbo/content/scores" "$CORPUS/hugo/data/scores" \
		"$CORPUS/congbo/content/files"
fi

md_bytes=$(sed -n 's/.*articles, \([0-9]*\) bytes.*/\1/p' "$CORPUS/gen.log")
bodies_bytes=$(wc -c < "$CORPUS/bodies.md")

# ---- measuring ------------------------------------------------------------

# A value per line in $RES/NAME; median and max of it.
record() { echo "$2" >> "$RES/$1"; }
median() { # NAME [PRINTF-FORMAT]
	if [ -s "$RES/$1" ]; then
		sort -n "$RES/$1" | awk -v f="${2:-%g}" '{v[NR] = $1} END {
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf f "\n", m }'
	else
		echo n/a
	fi
}
maxof() {
	if [ -s "$RES/$1" ]; then sort -n "$RES/$1" | tail -n 1; else echo n/a; fi
}

failed=
# timed GEN SCENARIO CMD...: runs CMD under /usr/bin/time, records wall
# (ns clock around it), user+sys CPU and peak RSS.
timed() {
	gen=$1 scen=$2
	shift 2
	t0=$(date +%s%N)
	if /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$@" > "$WORK/cmd.log" 2>&1; then
		t1=$(date +%s%N)
		record "$gen.$scen.wall" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')"
		record "$gen.$scen.cpu" "$(awk '{ printf "%.2f", $2 + $3 }' "$WORK/time.txt")"
		record "$gen.$scen.rss" "$(awk '{ printf "%.0f", $4 / 1024 }' "$WORK/time.txt")"
		return 0
	fi
	echo "run.sh: $gen ($scen) failed: $*"
	sed -n '1,40p' "$WORK/cmd.log"
	mkdir -p "$WORK/fail"
	[ -f "$WORK/fail/$gen.log" ] || cp "$WORK/cmd.log" "$WORK/fail/$gen.log"
	failed="$failed $gen"
	return 1
}

build() { # GEN SCENARIO
	case $1 in
	congbo)
		# shellcheck disable=SC2086
		timed congbo "$2" env XDG_CACHE_HOME="$WORK/congbo-xdg" "$WORK/bin/congbo" build \
			--source "$CORPUS/congbo" --out "$WORK/congbo/site" --future --quiet \
			$CONGBO_FLAGS ;;
	hugo)
		timed hugo "$2" hugo --source "$CORPUS/hugo" \
			--destination "$WORK/hugo/public" --cacheDir "$WORK/hugo-cache" --quiet ;;
	esac
}

out_of() { if [ "$1" = congbo ]; then echo "$WORK/congbo/site"; else echo "$WORK/hugo/public"; fi; }

# Everything a generator could reuse, gone: output, temporary folders
# beside it, caches in the source folder or under XDG_CACHE_HOME.
cold_clean() {
	case $1 in
	congbo)
		rm -rf "$WORK/congbo" "$WORK/congbo-xdg" "$CORPUS/congbo/.congbo-cache" \
			"$CORPUS"/congbo/.congbo-cache* ;;
	hugo)
		rm -rf "$WORK/hugo" "$WORK/hugo-cache" "$CORPUS/hugo/resources" ;;
	esac
	mkdir -p "$WORK/$1"
}

# Files written by the last build: new files, and files whose mtime moved
# past the stamp; those whose bytes changed, from a snapshot taken before.
before_build() { # GEN
	out=$(out_of "$1")
	(cd "$out" && find . -type f | sort) > "$WORK/before.lst"
	rm -rf "$WORK/snap"
	cp -a "$out" "$WORK/snap"
	touch "$WORK/stamp"
	sleep 0.05 # tmpfs clocks are coarse: be past the stamp's tick
}
after_build() { # GEN SCENARIO
	out=$(out_of "$1")
	(cd "$out" && find . -type f | sort) > "$WORK/after.lst"
	(cd "$out" && find . -type f -newer "$WORK/stamp"; comm -13 "$WORK/before.lst" "$WORK/after.lst") |
		sort -u > "$WORK/written.lst"
	# changed: files whose bytes differ, new files, removed files
	{
		diff -r -q "$WORK/snap" "$out" 2> /dev/null | awk -v s="$WORK/snap/" '
			/^Files / { p = $2; if (index(p, s) == 1) print "./" substr(p, length(s) + 1) }' || true
		comm -3 "$WORK/before.lst" "$WORK/after.lst" | tr -d '\t'
	} | sort -u > "$WORK/changed.lst"
	record "$1.$2.written" "$(wc -l < "$WORK/written.lst")"
	record "$1.$2.changed" "$(wc -l < "$WORK/changed.lst")"
	# written although the bytes are the same
	record "$1.$2.wasted" "$(comm -23 "$WORK/written.lst" "$WORK/changed.lst" | wc -l)"
}

load_before=$(uptime | sed 's/.*load average: //')
nproc_n=$(nproc)
hugo_version=$(hugo version | awk '{print $2}')
congbo_version=$("$WORK/bin/congbo" version 2> /dev/null | head -n 1)
cmark_version=$(cmark --version | head -n 1 | awk '{print $2}')

echo "run.sh: N=$N, $R runs of each scenario; load $load_before, $nproc_n cores"
for r in $(seq 1 "$R"); do
	for g in congbo hugo; do
		out=$(out_of "$g")
		# (1) cold: empty output, no cache
		cold_clean "$g"
		build "$g" cold || continue
		record "$g.cold.written" "$(find "$out" -type f | wc -l)"
		if [ "$r" = 1 ]; then
			(cd "$out" && find . -type f -printf '%s %P\n') > "$WORK/$g.files"
		fi
		# (2) the same again, nothing changed
		before_build "$g"
		build "$g" nochange || continue
		after_build "$g" nochange
		# (3) one sentence appended to one article
		before_build "$g"
		src=$CORPUS/$g/$changed
		printf '\nCập nhật lần %s: UBND huyện tiếp tục chỉ đạo các xã, thị trấn thực hiện nghiêm túc kế hoạch.\n' "$r" >> "$src"
		build "$g" onechange || continue
		after_build "$g" onechange
	done
	# the floors, in the same run so that they see the same load
	timed floor cmark cmark "$CORPUS/bodies.md" || true
	if [ -f "$WORK/congbo.files" ]; then
		rm -rf "$WORK/floor-out"
		timed floor write "$WORK/bin/write-files" "$WORK/congbo.files" "$WORK/floor-out" || true
		rm -rf "$WORK/floor-out"
	fi
	printf 'run.sh: run %s of %s done (load %s)\n' "$r" "$R" "$(uptime | sed 's/.*load average: //')"
done
restore_article

# ---- floors (measured in the loop above) ----------------------------------

floor_files=0 floor_bytes=0
if [ -f "$WORK/congbo.files" ]; then
	floor_files=$(wc -l < "$WORK/congbo.files")
	floor_bytes=$(awk '{s += $1} END {print s + 0}' "$WORK/congbo.files")
fi

# ---- optional: the same cold build onto the disk ---------------------------

disk_build() { # GEN CMD...: one cold build onto the disk, with sync
	dgen=$1
	shift
	t0=$(date +%s%N)
	if "$@" > "$WORK/disk.log" 2>&1 && sync; then
		t1=$(date +%s%N)
		record "disk.$dgen" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')"
	else
		echo "run.sh: $dgen on disk failed:"
		sed -n '1,20p' "$WORK/disk.log"
	fi
}
if [ "${BENCH_DISK:-0}" = 1 ]; then
	DISK=$ROOT/tests/.tmp/bench-disk
	rm -rf "$DISK"
	mkdir -p "$DISK"
	sync
	disk_build congbo env XDG_CACHE_HOME="$DISK/congbo-xdg" "$WORK/bin/congbo" build \
		--source "$CORPUS/congbo" --out "$DISK/congbo-site" --future --quiet
	disk_build hugo hugo --source "$CORPUS/hugo" --destination "$DISK/hugo-public" \
		--cacheDir "$DISK/hugo-cache" --quiet
	disk_fs=$(df -T "$DISK" | awk 'NR == 2 {print $2}')
	rm -rf "$DISK" "$CORPUS/hugo/resources"
fi

# ---- the report -----------------------------------------------------------

load_after=$(uptime | sed 's/.*load average: //')
M() { # NAME: the median, formatted by the metric
	case $1 in
	*.wall | disk.*) median "$1" %.3f ;;
	*.cpu) median "$1" %.2f ;;
	*) median "$1" %.0f ;;
	esac
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b + 0 == 0) print "n/a"; else printf "%.3f", a / b }'; }

# pages that only one of them writes (from the first cold builds)
only_c=n/a only_h=n/a
if [ -f "$WORK/congbo.files" ] && [ -f "$WORK/hugo.files" ]; then
	awk '{print $2}' "$WORK/congbo.files" | sort > "$WORK/c.lst"
	awk '{print $2}' "$WORK/hugo.files" | sort > "$WORK/h.lst"
	only_c=$(comm -23 "$WORK/c.lst" "$WORK/h.lst" | wc -l)
	only_h=$(comm -13 "$WORK/c.lst" "$WORK/h.lst" | wc -l)
	only_c_kinds=$(comm -23 "$WORK/c.lst" "$WORK/h.lst" | cut -d/ -f1 | sort | uniq -c | awk '{printf "%s%s/ %s", sep, $2, $1; sep = ", "}')
	only_h_kinds=$(comm -13 "$WORK/c.lst" "$WORK/h.lst" | sed 's|/[^/]*/trang/1/index.html$|/*/trang/1|; s|^trang/1/index.html$|trang/1|' | sort | uniq -c | awk '{printf "%s%s %s", sep, $2, $1; sep = ", "}')
fi

echo
echo "congbo bench, $(date -u '+%Y-%m-%d %H:%M UTC'): N=$N articles ($(awk -v b="$md_bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB of Markdown), medians of $R runs"
echo "machine: $nproc_n cores; load average (1, 5, 15 min) before: $load_before; after: $load_after"
scores=none
if [ -d "$CORPUS/congbo/content/scores" ]; then
	scores=$(cd "$CORPUS/congbo/content/scores" && find . -type f | sed 's|^\./||' | sort | tr '\n' ' ' | sed 's/ $//')
fi
echo "congbo: $congbo_version${CONGBO_FLAGS:+ $CONGBO_FLAGS} (git $(git -C "$ROOT" rev-parse --short HEAD 2> /dev/null || echo '?')); score datasets: $scores; Hugo $hugo_version; cmark $cmark_version; outputs on $SHM (tmpfs)"
echo
echo "| scenario | congbo wall s | Hugo wall s | congbo/Hugo | CPU s congbo / Hugo | peak RSS MB congbo / Hugo | files written congbo / Hugo | files whose bytes changed congbo / Hugo |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for s in cold nochange onechange; do
	case $s in
	cold) label="cold full build" ;;
	nochange) label="rebuild, nothing changed" ;;
	onechange) label="rebuild, one article changed" ;;
	esac
	if [ "$s" = cold ]; then ch="(all new)"; else ch="$(M congbo.$s.changed) / $(M hugo.$s.changed)"; fi
	echo "| $label | $(M congbo.$s.wall) | $(M hugo.$s.wall) | $(ratio "$(M congbo.$s.wall)" "$(M hugo.$s.wall)") | $(M congbo.$s.cpu) / $(M hugo.$s.cpu) | $(M congbo.$s.rss) / $(M hugo.$s.rss) | $(M congbo.$s.written) / $(M hugo.$s.written) | $ch |"
done
echo
floor_cmark=$(M floor.cmark.wall)
floor_write=$(M floor.write.wall)
floor=$(awk -v a="$floor_cmark" -v b="$floor_write" 'BEGIN { if (a == "n/a" || b == "n/a") print "n/a"; else printf "%.3f", a + b }')
echo "| floor (one process, one thread) | wall s | CPU s | peak RSS MB |"
echo "|---|---:|---:|---:|"
echo "| cmark over all bodies ($(awk -v b="$bodies_bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB) | $floor_cmark | $(M floor.cmark.cpu) | $(M floor.cmark.rss) |"
echo "| writing congbo's $floor_files files ($(awk -v b="$floor_bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB) | $floor_write | $(M floor.write.cpu) | $(M floor.write.rss) |"
echo "| floor = the two together | $floor | | |"
echo "| congbo cold / floor | $(ratio "$(M congbo.cold.wall)" "$floor") | | |"
echo
per() { awk -v v="$1" -v n="$N" -v k="$2" 'BEGIN { if (v == "n/a") print "n/a"; else printf "%.3g", v * k / n }'; }
echo "per article (cold build, N=$N): congbo $(per "$(M congbo.cold.wall)" 1000) ms wall, $(per "$(M congbo.cold.cpu)" 1000) ms CPU, $(per "$(M congbo.cold.rss)" 1024) KB peak RSS;" \
	"Hugo $(per "$(M hugo.cold.wall)" 1000) ms wall, $(per "$(M hugo.cold.cpu)" 1000) ms CPU, $(per "$(M hugo.cold.rss)" 1024) KB peak RSS"
echo "files only congbo writes: $only_c (${only_c_kinds:-}); only Hugo: $only_h (${only_h_kinds:-})"
if [ "${BENCH_DISK:-0}" = 1 ]; then
	echo "on disk ($disk_fs, tests/.tmp/), one cold build each, with sync: congbo $(M disk.congbo) s, Hugo $(M disk.hugo) s"
fi

# ---- the targets of issue 5, computed --------------------------------------

echo
echo "targets of issue 5 (from the medians above; load $load_after):"
verdict() { # LABEL VALUE OP LIMIT DETAIL
	v=$(awk -v a="$2" -v op="$3" -v b="$4" 'BEGIN {
		if (a == "n/a" || b == "n/a") { print "n/a"; exit }
		if (op == "<=") print (a + 0 <= b + 0) ? "met" : "MISSED"
		else print (a + 0 == b + 0) ? "met" : "MISSED" }')
	case $v in met) tag="[met]   " ;; MISSED) tag="[MISSED]" ;; *) tag="[n/a]   " ;; esac
	echo "  $tag $1: $5"
}
lim() { awk -v a="$1" -v d="$2" 'BEGIN { if (a == "n/a") print "n/a"; else printf "%.3f", a / d }'; }
c=$(M congbo.cold.wall) h=$(M hugo.cold.wall)
verdict "cold build <= 1/5 of Hugo's wall time" "$c" "<=" "$(lim "$h" 5)" "congbo $c s, limit $(lim "$h" 5) s (Hugo $h s / 5)"
verdict "cold build <= 1.5x the floor" "$c" "<=" "$(lim "$floor" 0.6666666667)" "congbo $c s, limit $(lim "$floor" 0.6666666667) s (floor $floor s x 1.5)"
c=$(M congbo.cold.rss) h=$(M hugo.cold.rss)
verdict "peak memory <= 1/10 of Hugo's" "$c" "<=" "$(lim "$h" 10)" "congbo $c MB, limit $(lim "$h" 10) MB (Hugo $h MB / 10)"
c=$(M congbo.nochange.wall) h=$(M hugo.nochange.wall)
verdict "no-change rebuild <= 1/50 of Hugo's" "$c" "<=" "$(lim "$h" 50)" "congbo $c s, limit $(lim "$h" 50) s (Hugo $h s / 50)"
w=$(maxof congbo.nochange.written)
verdict "no-change rebuild writes no file" "$w" "==" 0 "at most $w files written in a run"
c=$(M congbo.onechange.wall) h=$(M hugo.onechange.wall)
verdict "one-change rebuild <= 1/20 of Hugo's" "$c" "<=" "$(lim "$h" 20)" "congbo $c s, limit $(lim "$h" 20) s (Hugo $h s / 20)"
w=$(maxof congbo.onechange.wasted)
verdict "one-change rebuild writes only the pages whose bytes changed" "$w" "==" 0 \
	"at most $w files rewritten with the same bytes in a run (median $(M congbo.onechange.written) written, $(M congbo.onechange.changed) changed)"

# 100,000 articles: cost per article and memory against the last run at
# N/10 or N*10 (run 10000, then 100000), kept in tests/.tmp/bench/.
KEEP=$ROOT/tests/.tmp/bench
mkdir -p "$KEEP"
if [ -z "$failed" ]; then
	printf '%s %s %s %s %s\n' "$N" "$(M congbo.cold.wall)" "$(M congbo.cold.cpu)" \
		"$(M congbo.cold.rss)" "$(date -u +%Y-%m-%d)" > "$KEEP/congbo-cold-$N.txt"
fi
compared=0
for other in $((N / 10)) $((N * 10)); do
	f=$KEEP/congbo-cold-$other.txt
	# the issue's pair: 10,000 and 100,000 (or any N and 10 N from 100,000)
	if [ "$N" -lt 100000 ] && [ "$other" -lt 100000 ]; then continue; fi
	if [ ! -f "$f" ] || [ "$other" = "$N" ]; then continue; fi
	read -r n2 w2 _ m2 d2 < "$f"
	if [ "$N" -gt "$n2" ]; then big=$N small=$n2 wb=$(M congbo.cold.wall) ws=$w2 mb=$(M congbo.cold.rss) ms=$m2
	else big=$n2 small=$N wb=$w2 ws=$(M congbo.cold.wall) mb=$m2 ms=$(M congbo.cold.rss); fi
	pa=$(awk -v wb="$wb" -v ws="$ws" -v b="$big" -v s="$small" 'BEGIN { if (wb == "n/a" || ws == "n/a") print "n/a"; else printf "%.2f", (wb / b) / (ws / s) }')
	mr=$(awk -v mb="$mb" -v ms="$ms" 'BEGIN { if (mb == "n/a" || ms == "n/a") print "n/a"; else printf "%.2f", mb / ms }')
	verdict "cold cost per article at $big within 1.3x of $small" "$pa" "<=" 1.3 \
		"ratio $pa (N=$n2 measured $d2: $w2 s, $m2 MB; this run: $(M congbo.cold.wall) s, $(M congbo.cold.rss) MB)"
	verdict "memory at $big within 10x of $small" "$mr" "<=" 10 "ratio $mr"
	compared=1
done
if [ "$compared" = 0 ]; then
	echo "  (100,000 articles, linearity: not measured here; run N=10000, then N=100000: each run keeps its figures for the other)"
fi

if [ -n "$failed" ]; then
	echo
	for g in $(echo "$failed" | tr ' ' '\n' | sort -u); do
		echo "run.sh: $g failed; its first error output:"
		sed -n '1,20p' "$WORK/fail/$g.log" 2> /dev/null || true
	done
	exit 1
fi
exit 0
