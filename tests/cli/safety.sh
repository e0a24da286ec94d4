# safety.sh: a build never destroys what it did not make and never mixes
# two builds: refused output folders, the marker, the lock, leftovers.
. tests/cli/lib.sh

P=$TMP_ROOT/portal
new_portal "$P"
git -C "$P" init -q
git -C "$P" -c user.name=T -c user.email=t@example.vn add -A
git -C "$P" -c user.name=T -c user.email=t@example.vn commit -qm "Cổng"
echo "Luận văn" > "$TMP_ROOT/thesis.txt"

# A listing of every file with its size and time: "nothing was touched"
# (the portal, and the folder of someone else's files once it exists).
snapshot() {
	find "$P" "$TMP_ROOT/important" -printf '%p %y %s %T@\n' 2>/dev/null |
		LC_ALL=C sort
}

# refused NAME WANT-MESSAGE BUILD-ARGS...: exit 1, the exact message, and
# the portal and its parent exactly as before.
refused() {
	name=$1 want=$2
	shift 2
	snapshot >"$TMP_ROOT/before"
	(cd "$P" && "$CONGBO" build "$@" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err")
	expect_exit "$name: exit 1" 1 $?
	expect_line "$name: says why and what to do" "$TMP_ROOT/err" "$want"
	snapshot >"$TMP_ROOT/after"
	check "$name: nothing was touched" cmp -s "$TMP_ROOT/before" "$TMP_ROOT/after"
}

NOT_FORCE='(--force does not allow this)'
refused "--out the portal folder" \
	"$P: error: output folder is the portal folder $P, which a build would replace: name a folder of its own, such as \"site\" $NOT_FORCE" \
	--out "$P"
refused "--out the portal folder with --force" \
	"$P: error: output folder is the portal folder $P, which a build would replace: name a folder of its own, such as \"site\" $NOT_FORCE" \
	--out "$P" --force
refused "--out a folder holding the portal" \
	"$TMP_ROOT: error: output folder holds the portal folder $P, which a build would replace: name a folder of its own, such as \"site\" $NOT_FORCE" \
	--out "$TMP_ROOT" --force
refused "--out content" \
	"content: error: output folder is inside content/, which the build reads: name a folder outside content/, themes/ and templates/, such as \"site\" $NOT_FORCE" \
	--out content
refused "--out content/out" \
	"content/out: error: output folder is inside content/, which the build reads: name a folder outside content/, themes/ and templates/, such as \"site\" $NOT_FORCE" \
	--out content/out --force
refused "--out themes/default" \
	"themes/default: error: output folder is inside themes/, which the build reads: name a folder outside content/, themes/ and templates/, such as \"site\" $NOT_FORCE" \
	--out themes/default
refused "--out inside .git" \
	".git/site: error: output folder is inside the git repository $P/.git: name a folder outside it, such as \"site\" $NOT_FORCE" \
	--out .git/site --force
mkdir "$TMP_ROOT/important"
cp "$TMP_ROOT/thesis.txt" "$TMP_ROOT/important/"
refused "--out a folder of someone else's files" \
	"$TMP_ROOT/important: error: output folder holds files congbo did not make (there is no .congbo-site in it), and a build replaces everything in it: name a new or empty folder, or add --force to replace what it holds" \
	--out "$TMP_ROOT/important"
check "the unrelated file is still there" cmp -s "$TMP_ROOT/thesis.txt" "$TMP_ROOT/important/thesis.txt"

# a build of a commit protects the repository it reads, not only a folder
(cd "$TMP_ROOT" && "$CONGBO" build --rev HEAD --repo "$P" --out "$P" \
	>"$TMP_ROOT/out" 2>"$TMP_ROOT/err")
expect_exit "--rev: --out the working tree: exit 1" 1 $?
expect_line "--rev: --out the working tree: says why" "$TMP_ROOT/err" \
	"$P: error: output folder is the git working tree $P, which a build would replace: name a folder of its own, such as \"site\" $NOT_FORCE"

(cd "$TMP_ROOT" && "$CONGBO" build --rev HEAD --repo "$P" --out "$P/content" --force \
	>"$TMP_ROOT/out" 2>"$TMP_ROOT/err")
expect_exit "--rev: --out the working tree's content/: exit 1" 1 $?
expect_line "--rev: --out the working tree's content/: says why" "$TMP_ROOT/err" \
	"$P/content: error: output folder is inside content/, which the build reads: name a folder outside content/, themes/ and templates/, such as \"site\" $NOT_FORCE"
# a journal written by hand cannot steer a removal outside the folder
mkdir -p "$TMP_ROOT/.victim"
echo "giữ" > "$TMP_ROOT/.victim/x"
printf 'congbo-journal 1\n.victim\nend\n' > "$TMP_ROOT/.keep2.journal"
mkdir -p "$TMP_ROOT/keep2"
(cd "$P" && "$CONGBO" build --out "$TMP_ROOT/keep2" >/dev/null 2>&1)
check "a hostile journal removes nothing outside" test -f "$TMP_ROOT/.victim/x"

# --force takes over a folder without the marker; the unrelated file goes
(cd "$P" && "$CONGBO" build --out "$TMP_ROOT/important" --force >/dev/null 2>"$TMP_ROOT/err")
expect_exit "--force replaces a folder congbo did not make" 0 $?
check "... and the build is there" test -f "$TMP_ROOT/important/index.html"
check "... with the marker" test -f "$TMP_ROOT/important/.congbo-site"
check "... without the old file" test ! -e "$TMP_ROOT/important/thesis.txt"

# --- the marker: new, empty and marked folders are congbo's ----------------
mkdir "$TMP_ROOT/empty"
(cd "$P" && "$CONGBO" build --out "$TMP_ROOT/empty" >/dev/null 2>&1)
expect_exit "an empty folder is congbo's" 0 $?
(cd "$P" && "$CONGBO" build >/dev/null 2>&1)
expect_exit "a new folder (site)" 0 $?
expect_line "the marker says what the folder is" "$P/site/.congbo-site" \
	"This folder is built by congbo; every build replaces what it holds."
echo "<p>x</p>" > "$P/content/posts/hai.md.tmp"
(cd "$P" && "$CONGBO" build >/dev/null 2>&1 && "$CONGBO" build --no-cache >/dev/null 2>&1)
expect_exit "a marked folder is rebuilt, cached and not" 0 $?
check "the marker stays through both" test -f "$P/site/.congbo-site"

# --- the lock: one build per output folder --------------------------------
echo 4242 > "$P/.site.lock"
flock "$P/.site.lock" sleep 3 &
holder=$!
sleep 0.3
(cd "$P" && "$CONGBO" build --no-wait >"$TMP_ROOT/out" 2>"$TMP_ROOT/err")
expect_exit "--no-wait with the folder locked: exit 2" 2 $?
expect_line "--no-wait names the holder" "$TMP_ROOT/err" \
	"site: error: another congbo (pid 4242) is building into this folder; try again when it is done, or leave out --no-wait to wait for it"
start=$(date +%s)
(cd "$P" && "$CONGBO" build --no-cache >"$TMP_ROOT/out" 2>"$TMP_ROOT/err")
rc=$?
expect_exit "without --no-wait the build waits, then builds" 0 $rc
expect_line "... saying whom it waits for" "$TMP_ROOT/err" \
	"congbo: waiting for another congbo (pid 4242) building into site..."
check "... until the holder is done" test $(($(date +%s) - start)) -ge 2
wait $holder

# two builds at once with a source that changes between their starts:
# the folder ends as one whole build of the newest source
for i in 1 2 3 4 5; do
	printf -- '---\ntitle: Bài %s\ndate: 2022-05-0%s\n---\nx\n' "$i" "$i" \
		> "$P/content/posts/dua.md"
	(cd "$P" && "$CONGBO" build -j1 >/dev/null 2>&1) &
	a=$!
	rm -f "$P/content/posts/dua.md"
	(cd "$P" && "$CONGBO" build -j1 >/dev/null 2>&1) &
	b=$!
	wait $a
	wait $b
done
(cd "$P" && "$CONGBO" build --no-cache --out "$TMP_ROOT/clean" >/dev/null 2>&1)
(cd "$P" && "$CONGBO" build >/dev/null 2>&1)
check "after racing builds, one more equals a clean build" \
	diff -r "$P/site" "$TMP_ROOT/clean"

# --- what dead builds left beside the folder goes -------------------------
mkdir -p "$P/.site.tmp-dead01/tin-tuc" "$P/.site.old-dead02"
echo x > "$P/.site.tmp-dead01/tin-tuc/a.html"
echo "congbo-journal 1" > "$P/.site.journal.new"
(cd "$P" && "$CONGBO" build >"$TMP_ROOT/out" 2>"$TMP_ROOT/err")
expect_exit "a build after dead ones" 0 $?
check "removes their temporary folders" test -z "$(cd "$P" && ls -d .site.tmp-* .site.old-* .site.journal* 2>/dev/null)"

# a swap without RENAME_EXCHANGE stopped between its renames: the old
# site is beside the folder, the folder is gone; it comes back
(cd "$P" && "$CONGBO" build >/dev/null 2>&1)
mv "$P/site" "$P/.site.old-dead03"
(cd "$P" && "$CONGBO" build >"$TMP_ROOT/out" 2>"$TMP_ROOT/err")
expect_line "a site moved aside by a stopped swap is put back" "$TMP_ROOT/err" \
	"site: warning: put back the site that a stopped build had moved to .site.old-dead03"
check "... and the folder is whole" test -f "$P/site/index.html" -a -f "$P/site/.congbo-site"

# --- a hostile cache: never hangs, never fills memory ---------------------
rm -f "$P/.site.cache"
mkfifo "$P/.site.cache"
(cd "$P" && timeout 20 "$CONGBO" build >"$TMP_ROOT/out" 2>&1)
expect_exit "a fifo as the cache: the build does not hang" 0 $?
rm -f "$P/.site.cache"
ln -s /dev/zero "$P/.site.cache"
(cd "$P" && timeout 20 "$CONGBO" build >"$TMP_ROOT/out" 2>&1)
expect_exit "a link to /dev/zero as the cache: ignored" 0 $?
rm -f "$P/.site.cache"

# --- publish: the marker stays out of the commit; a stale ref lock goes --
export TMPDIR="$TMP_ROOT/tmp"
mkdir -p "$TMPDIR"
(cd "$P" && "$CONGBO" publish --quiet >"$TMP_ROOT/out" 2>&1)
expect_exit "publish" 0 $?
check "the published tree has no marker" \
	test -z "$(git -C "$P" ls-tree -r --name-only site | grep congbo-site)"
tree1=$(git -C "$P" rev-parse site^{tree})
# a publish killed while moving the branch leaves git's lock file behind
: > "$P/.git/refs/heads/site.lock"
touch -d '1 minute ago' "$P/.git/refs/heads/site.lock"
# a killed publish leaves its temporary files in the branch's build folder
mkdir -p "$P/.git/congbo-publish/site/tmp/dead01"
echo x > "$P/.git/congbo-publish/site/tmp/dead01/a.html"
echo "Bài mới" >> "$P/content/posts/mot.md"
git -C "$P" -c user.name=T -c user.email=t@example.vn commit -qam "Sửa"
(cd "$P" && "$CONGBO" publish --quiet >"$TMP_ROOT/out" 2>"$TMP_ROOT/err")
expect_exit "publish after a stale ref lock" 0 $?
expect_line "names the stale lock it removed" "$TMP_ROOT/err" \
	"congbo: warning: removed the stale lock $P/.git/refs/heads/site.lock, left by a publish that was stopped while moving the branch"
check "the branch moved" test "$(git -C "$P" rev-parse site^{tree})" != "$tree1"
check "a dead publish's temporary files are removed" \
	test ! -e "$P/.git/congbo-publish/site/tmp/dead01"
check "publish leaves nothing in TMPDIR" test -z "$(ls -A "$TMPDIR")"

finish
