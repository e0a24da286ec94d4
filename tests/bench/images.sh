#!/bin/sh
# images.sh [N]: congbo's photo processing against Hugo's, in the same run
# (see README.md, "Photos").
#
#   sh tests/bench/images.sh 200        (make bench runs it after run.sh)
#
# A corpus of N phone photos (4000×3000 JPEG at quality 90, some 3 MB
# each: eight photos of fractal detail made with ImageMagick, each file
# made distinct by a comment of its own), one page per photo.  congbo
# publishes each in 480, 960 and 1600 px, JPEG and WebP (its rule); Hugo
# does the same with resources.Resize in the bench theme
# (theme-hugo/layouts/photo/single.html: the same widths, JPEG q80, WebP
# q75).  R times each: a cold build (no output, no cache), then a rebuild
# with nothing changed.  Prints medians and the ratios; outputs on tmpfs.
#
# Environment: BENCH_RUNS (R, default 3), BENCH_SHM (default /dev/shm),
# CONGBO (default generator/congbo).
set -eu

N=${1:-200}
R=${BENCH_RUNS:-3}
case $N in '' | *[!0-9]* | 0) echo "usage: images.sh N (a number of photos)" >&2; exit 2 ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CONGBO=${CONGBO:-$ROOT/generator/congbo}
SHM=${BENCH_SHM:-/dev/shm}
for tool in hugo convert exiftool vipsheader; do
	command -v $tool > /dev/null 2>&1 || { echo "images.sh: $tool is missing (generator/deps.sh test)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "images.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }

# ---- the corpus, cached on tmpfs per N and version of this script ----------
version=$(cksum < "$0" | cut -d" " -f1)
CORPUS=$SHM/congbo-bench-images-$N-$version
WORK=$SHM/congbo-bench-images-run.$$
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/res"
cp "$CONGBO" "$WORK/congbo"

if [ ! -f "$CORPUS/.complete" ]; then
	for old in "$SHM"/congbo-bench-images-"$N"-*; do [ -d "$old" ] && rm -rf "$old"; done
	echo "images.sh: making $N photos in $CORPUS"
	T=$CORPUS.tmp
	rm -rf "$T"
	mkdir -p "$T/masters" "$T/congbo/content/posts" "$T/congbo/content/images/bench" \
		"$T/congbo/themes" "$T/hugo/content/photos" "$T/hugo/themes"
	for m in 1 2 3 4 5 6 7 8; do
		convert -seed "$m" -size 4000x3000 plasma:fractal -quality 90 "$T/masters/m$m.jpg"
	done
	printf 'title: Ảnh\nbase_url: https://giavien.example.gov.vn/\ntheme: bench\n' \
		> "$T/congbo/content/site.yaml"
	printf 'baseURL = "https://giavien.example.gov.vn/"\ntheme = "bench"\n%s\n' \
		'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]' \
		> "$T/hugo/config.toml"
	i=1
	while [ "$i" -le "$N" ]; do
		name=$(printf 'anh-%04d' "$i")
		photo=$T/congbo/content/images/bench/$name.jpg
		cp "$T/masters/m$((i % 8 + 1)).jpg" "$photo"
		printf -- '---\ntitle: Ảnh %s\ndate: 2024-06-25\nimage: /images/bench/%s.jpg\n---\nẢnh số %s.\n' \
			"$i" "$name" "$i" > "$T/congbo/content/posts/$name.md"
		mkdir -p "$T/hugo/content/photos/$name"
		printf -- '---\ntitle: Ảnh %s\ndate: 2024-06-25\ntype: photo\n---\nẢnh số %s.\n' \
			"$i" "$i" > "$T/hugo/content/photos/$name/index.md"
		i=$((i + 1))
	done
	# a comment of its own in each file: N distinct photos, as a portal has
	exiftool -q -overwrite_original '-Comment<BaseName' "$T/congbo/content/images/bench"
	for f in "$T"/congbo/content/images/bench/*.jpg; do
		name=$(basename "$f" .jpg)
		cp "$f" "$T/hugo/content/photos/$name/$name.jpg"
	done
	rm -rf "$T/masters"
	: > "$T/.complete"
	mv "$T" "$CORPUS"
fi
rm -rf "$CORPUS/congbo/themes/bench" "$CORPUS/hugo/themes/bench"
cp -R "$HERE/theme-congbo" "$CORPUS/congbo/themes/bench"
cp -R "$HERE/theme-hugo" "$CORPUS/hugo/themes/bench"
src_mb=$(du -sm "$CORPUS/congbo/content/images" | cut -f1)

# ---- measuring --------------------------------------------------------------
record() { echo "$2" >> "$WORK/res/$1"; }
median() {
	sort -n "$WORK/res/$1" | awk '{v[NR] = $1} END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%g\n", m }'
}
timed() { # NAME CMD...
	name=$1
	shift
	t0=$(date +%s%N)
	/usr/bin/time -f "%U %S %M" -o "$WORK/time.txt" "$@" > "$WORK/cmd.log" 2>&1 ||
		{ echo "images.sh: $name failed:"; sed -n 1,30p "$WORK/cmd.log"; exit 1; }
	t1=$(date +%s%N)
	record "$name.wall" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')"
	record "$name.cpu" "$(awk '{ printf "%.2f", $1 + $2 }' "$WORK/time.txt")"
	record "$name.rss" "$(awk '{ printf "%.0f", $3 / 1024 }' "$WORK/time.txt")"
}
build() { # GEN SCENARIO
	case $1 in
	congbo) timed "congbo.$2" "$WORK/congbo" build --source "$CORPUS/congbo" \
			--out "$WORK/congbo-site" --no-history --quiet ;;
	hugo) timed "hugo.$2" hugo --source "$CORPUS/hugo" --destination "$WORK/hugo-public" \
			--cacheDir "$WORK/hugo-cache" --quiet ;;
	esac
}
load_before=$(uptime | sed 's/.*load average: //')
echo "images.sh: $N photos ($src_mb MB), $R runs; load $load_before, $(nproc) cores"
for r in $(seq 1 "$R"); do
	for g in congbo hugo; do
		if [ "$g" = congbo ]; then
			rm -rf "$WORK/congbo-site" "$WORK"/.congbo-site.*
		else
			rm -rf "$WORK/hugo-public" "$WORK/hugo-cache" "$CORPUS/hugo/resources"
		fi
		build "$g" cold
		build "$g" nochange
	done
	echo "images.sh: run $r of $R done (load $(uptime | sed 's/.*load average: //'))"
done

# ---- what each published ----------------------------------------------------
# the resized copies only (Hugo also copies each original of a bundle)
images_of() { find "$1" -type f \( -name '*.jpg' -o -name '*.webp' \) ! -name "$2" -printf '%s\n' |
	awk '{n++; s += $1} END {printf "%d %.1f\n", n, s / 1048576}'; }
set -- $(images_of "$WORK/congbo-site" none)
c_files=$1 c_mb=$2
set -- $(images_of "$WORK/hugo-public" 'anh-[0-9][0-9][0-9][0-9].jpg')
h_files=$1 h_mb=$2
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
echo
echo "congbo photo bench, $(date -u '+%Y-%m-%d %H:%M UTC'): $N photos 4000×3000 ($src_mb MB of JPEG), medians of $R runs"
echo "machine: $(nproc) cores; load before: $load_before; after: $(uptime | sed 's/.*load average: //')"
echo "congbo $("$WORK/congbo" version | head -n 1) (libvips $(vips --version | sed 's/vips-//')), Hugo $(hugo version | awk '{print $2}'); outputs on $SHM"
echo
echo "| scenario | congbo wall s | Hugo wall s | congbo/Hugo | CPU s congbo / Hugo | peak RSS MB congbo / Hugo |"
echo "|---|---:|---:|---:|---:|---:|"
for s in cold nochange; do
	case $s in cold) label="cold build (every copy made)" ;; *) label="rebuild, nothing changed" ;; esac
	echo "| $label | $(median congbo.$s.wall) | $(median hugo.$s.wall) | $(ratio "$(median congbo.$s.wall)" "$(median hugo.$s.wall)") | $(median congbo.$s.cpu) / $(median hugo.$s.cpu) | $(median congbo.$s.rss) / $(median hugo.$s.rss) |"
done
echo
echo "published: congbo $c_files JPEG/WebP files, $c_mb MB; Hugo $h_files files, $h_mb MB (ratio $(ratio "$c_mb" "$h_mb"))"
echo "per photo (cold): congbo $(awk -v w="$(median congbo.cold.wall)" -v n="$N" 'BEGIN {printf "%.0f", w * 1000 / n}') ms wall, Hugo $(awk -v w="$(median hugo.cold.wall)" -v n="$N" 'BEGIN {printf "%.0f", w * 1000 / n}') ms wall"
