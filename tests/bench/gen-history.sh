#!/bin/sh
# gen-history.sh DIR [FILES] [COMMITS]: a git repository with a long
# history, to measure what the dates from git cost a build (issue 4).
#
#   sh tests/bench/gen-history.sh /dev/shm/hist 10000 5000
#   time generator/congbo build --rev main --repo /dev/shm/hist \
#       --out /dev/shm/hist-site --no-cache
#   time generator/congbo build --rev main --repo /dev/shm/hist \
#       --out /dev/shm/hist-site --no-cache --no-history
#
# The first commit adds FILES articles (content/posts/YEAR/bai-N.md) with
# the sample portal's site.yaml and theme; each of the other COMMITS - 1
# commits edits one to three articles picked by a fixed formula, and every
# 50th renames one (content kept: an exact rename), so the walk has renames
# to follow.  Authors and dates vary; everything is deterministic.  The
# commits go through git fast-import, which writes 5,000 in seconds.
set -eu

DIR=${1:?usage: gen-history.sh DIR [FILES] [COMMITS]}
FILES=${2:-10000}
COMMITS=${3:-5000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
case $FILES$COMMITS in *[!0-9]*) echo "gen-history.sh: FILES and COMMITS are numbers" >&2; exit 2 ;; esac
[ "$COMMITS" -ge 1 ] || { echo "gen-history.sh: COMMITS must be at least 1" >&2; exit 2; }
[ ! -e "$DIR" ] || { echo "gen-history.sh: $DIR exists; remove it first" >&2; exit 2; }

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
git init -q -b main "$DIR"
mkdir -p "$DIR/content"
cp "$ROOT/content/site.yaml" "$DIR/content/"
cp -R "$ROOT/themes" "$DIR/"
# the articles, written by awk in one go (LC_ALL=C: lengths in bytes)
LC_ALL=C awk -v n="$FILES" -v dir="$DIR" 'BEGIN {
	for (k = 0; k < n; k++) {
		y = 2015 + k % 10
		d = sprintf("%s/content/posts/%d", dir, y)
		if (!(y in made)) { system("mkdir -p " d); made[y] = 1 }
		f = sprintf("%s/bai-%05d.md", d, k)
		printf "---\ntitle: Bai so %d\ndate: %d-%02d-%02d\ncategories: [Tin %d]\n---\nNoi dung bai %d.\n", k, y, 1 + k % 12, 1 + k % 28, k % 20, k > f
		close(f)
	}
}'
git -C "$DIR" add -A
GIT_AUTHOR_NAME="Can bo 0" GIT_AUTHOR_EMAIL=cb0@example.gov.vn \
GIT_COMMITTER_NAME="Can bo 0" GIT_COMMITTER_EMAIL=cb0@example.gov.vn \
GIT_AUTHOR_DATE="1500000000 +0700" GIT_COMMITTER_DATE="1500000000 +0700" \
	git -C "$DIR" commit -q -m "Nhap $FILES bai"

# the other commits, as one fast-import stream
LC_ALL=C awk -v n="$FILES" -v c="$COMMITS" 'function path(k) {
		return sprintf("content/posts/%d/%s.md", 2015 + k % 10, name[k])
	}
	BEGIN {
	for (k = 0; k < n; k++) name[k] = sprintf("bai-%05d", k)
	for (i = 1; i < c; i++) {
		t = 1500000000 + i * 3600
		a = i % 7
		msg = sprintf("Sua bai, lan %d", i)
		printf "commit refs/heads/main\n"
		printf "author Can bo %d <cb%d@example.gov.vn> %d +0700\n", a, a, t
		printf "committer Can bo %d <cb%d@example.gov.vn> %d +0700\n", a, a, t
		printf "data %d\n%s\n", length(msg), msg
		if (i == 1) printf "from refs/heads/main^0\n"
		if (i % 50 == 0) {
			k = (i * 7919) % n
			old = path(k)
			name[k] = sprintf("bai-%05d-r%d", k, i)
			printf "R %s %s\n", old, path(k)
		}
		m = 1 + i % 3
		for (j = 0; j < m; j++) {
			k = (i * 104729 + j * 1299709) % n
			y = 2015 + k % 10
			body = sprintf("---\ntitle: Bai so %d\ndate: %d-%02d-%02d\ncategories: [Tin %d]\n---\nNoi dung bai %d, sua lan %d.\n", k, y, 1 + k % 12, 1 + k % 28, k % 20, k, i)
			printf "M 100644 inline %s\ndata %d\n%s\n", path(k), length(body), body
		}
		printf "\n"
	}
}' | git -C "$DIR" fast-import --quiet
# fast-import moves the branch only: bring the working tree along, so a
# commit made in DIR afterwards changes only what it means to
git -C "$DIR" reset -q --hard
git -C "$DIR" gc -q
echo "gen-history.sh: $DIR: $(git -C "$DIR" rev-list --count main) commits, $(git -C "$DIR" ls-files content/posts | wc -l) articles"
