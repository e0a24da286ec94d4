# crash.sh: builds and publishes killed with SIGKILL, at named points
# (CONGBO_TEST_KILL_AT, generator/testkill.h) and at random moments.
# Whatever the moment: every page is the old one or the new one (never
# missing from both); the next run finishes the job, equals a clean build
# and leaves no temporary folder; the publish branch is always a whole
# commit and git fsck finds nothing wrong.  Bounded: about 45 runs of the
# sample portal.
. tests/cli/lib.sh

P=$TMP_ROOT/portal
mkdir -p "$P"
cp -R content themes "$P/"
export TMPDIR="$TMP_ROOT/tmp"
mkdir -p "$TMPDIR"
G="git -C $P -c user.name=T -c user.email=t@example.vn"
$G init -q
$G add -A
$G commit -qm "Cổng: bản cũ"

# The change between the old site and the new one: an article retitled
# (its page moves), one removed, one added.
A=$(cd "$P" && ls content/posts/2022/*.md | head -n 1)
B=$(cd "$P" && ls content/posts/2023/*.md | head -n 1)
cp "$P/$A" "$TMP_ROOT/a.old"
cp "$P/$B" "$TMP_ROOT/b.old"
to_new() {
	sed 's/^title: \(.*\)$/title: \1 (đã sửa)/' "$TMP_ROOT/a.old" > "$P/$A"
	rm -f "$P/$B"
	printf -- '---\ntitle: Bài mới thêm\ndate: 2024-06-01\n---\nMới.\n' \
		> "$P/content/posts/2024/bai-moi-them.md"
}
to_old() {
	cp "$TMP_ROOT/a.old" "$P/$A"
	cp "$TMP_ROOT/b.old" "$P/$B"
	rm -f "$P/content/posts/2024/bai-moi-them.md"
}
cb() { (cd "$P" && "$CONGBO" build -j1 "$@" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"); }

# the two sites, each from a clean build
cb --no-cache --out "$TMP_ROOT/old"
to_new
cb --no-cache --out "$TMP_ROOT/new"
to_old
check "the two sites differ" sh -c "! diff -rq '$TMP_ROOT/old' '$TMP_ROOT/new' >/dev/null"

# Every file of site/ is the old one or the new one, and every page of
# both is there.
each_page_whole() {
	(cd "$P/site" && find . -type f) | while read -r f; do
		cmp -s "$P/site/$f" "$TMP_ROOT/old/$f" ||
			cmp -s "$P/site/$f" "$TMP_ROOT/new/$f" || { echo "mixed: $f"; return 1; }
	done || return 1
	(cd "$TMP_ROOT/old" && find . -type f) | while read -r f; do
		[ -f "$TMP_ROOT/new/$f" ] && [ ! -f "$P/site/$f" ] && { echo "missing: $f"; return 1; }
		true
	done
}
no_leftovers() { test -z "$(cd "$P" && ls -d .site.tmp-* .site.old-* .site.journal* 2>/dev/null)"; }

bad_pages=0 bad_after=0 bad_left=0 kills=0
# trial KILL-AT [BUILD-ARGS]: old site (cached), new source, a build
# killed at KILL-AT; then a plain build must give exactly the new site.
trial() {
	at=$1
	shift
	to_old
	cb
	to_new
	rc=$( (cd "$P" && CONGBO_TEST_KILL_AT=$at "$CONGBO" build -j1 "$@" >/dev/null 2>&1
	       echo $?) 2>/dev/null)
	[ $rc = 137 ] && kills=$((kills + 1))
	each_page_whole >"$TMP_ROOT/whole" || { bad_pages=$((bad_pages + 1)); cat "$TMP_ROOT/whole"; }
	cb
	diff -r "$P/site" "$TMP_ROOT/new" >/dev/null || { bad_after=$((bad_after + 1)); echo "after $at: not the new site"; }
	no_leftovers || { bad_left=$((bad_left + 1)); echo "after $at: leftovers"; }
	return $rc
}

# targeted: inside the in-place commit, at every move in turn
trial commit-journal
for n in 1 2 5 12 30; do
	trial "commit-move:$n"
done
trial commit-done
# a whole new tree, killed just before its swap
trial swap --no-cache
check "targeted kills inside the commit killed builds ($kills of 8)" test "$kills" -ge 6
check "after each kill every page is the old or the new one, none missing" test "$bad_pages" = 0
check "the next build finishes the commit: exactly the new site" test "$bad_after" = 0
check "and leaves no temporary folder or journal" test "$bad_left" = 0

# random moments, cached builds and whole ones
bad_pages=0 bad_after=0 bad_left=0
for d in 0.02 0.06 0.12; do
	for args in "" "--no-cache"; do
		to_old
		cb
		to_new
		(cd "$P" && { "$CONGBO" build -j1 $args >/dev/null 2>&1 & }
		 pid=$!; sleep "$d"; kill -9 $pid; wait $pid) 2>/dev/null
		each_page_whole >"$TMP_ROOT/whole" || { bad_pages=$((bad_pages + 1)); cat "$TMP_ROOT/whole"; }
		cb
		diff -r "$P/site" "$TMP_ROOT/new" >/dev/null || bad_after=$((bad_after + 1))
		no_leftovers || bad_left=$((bad_left + 1))
	done
done
check "random kills: every page the old or the new one" test "$bad_pages" = 0
check "random kills: the next build is the new site" test "$bad_after" = 0
check "random kills: no temporary folder left" test "$bad_left" = 0

# --- publish ----------------------------------------------------------------
to_old
(cd "$P" && "$CONGBO" publish --quiet >/dev/null 2>&1)
old_tree=$($G rev-parse site^{tree})
to_new
$G commit -qam "Bản mới"
bad_branch=0 bad_fsck=0 bad_tmp=0
pub_trial() {   # KILL-AT or a delay
	case $1 in
	[0-9]*)
		(cd "$P" && { "$CONGBO" publish --quiet >/dev/null 2>&1 & }
		 pid=$!; sleep "$1"; kill -9 $pid; wait $pid) 2>/dev/null ;;
	*) (cd "$P" && CONGBO_TEST_KILL_AT=$1 "$CONGBO" publish --quiet >/dev/null 2>&1
	    true) 2>/dev/null ;;
	esac
	tree=$($G rev-parse site^{tree})
	[ "$tree" = "$old_tree" ] || [ "$tree" = "$new_tree" ] ||
		{ bad_branch=$((bad_branch + 1)); echo "publish killed at $1: the branch is neither"; }
	$G fsck --no-progress >/dev/null 2>&1 || bad_fsck=$((bad_fsck + 1))
	# back to the old tip for the next trial; the next publish cleans up
	$G update-ref refs/heads/site "$old_tip"
	(cd "$P" && "$CONGBO" publish --quiet >/dev/null 2>&1)
	[ "$($G rev-parse site^{tree})" = "$new_tree" ] || bad_branch=$((bad_branch + 1))
	[ -z "$(ls -A "$TMPDIR")" ] || { bad_tmp=$((bad_tmp + 1)); ls -A "$TMPDIR"; }
	$G update-ref refs/heads/site "$old_tip"
}
old_tip=$($G rev-parse site)
(cd "$P" && "$CONGBO" publish --quiet >/dev/null 2>&1)
new_tree=$($G rev-parse site^{tree})
$G update-ref refs/heads/site "$old_tip"
for at in swap publish-ref 0.05 0.2; do
	pub_trial "$at"
done
check "killed publishes: the branch is always a whole old or new site" test "$bad_branch" = 0
check "killed publishes: git fsck finds nothing wrong" test "$bad_fsck" = 0
check "the next publish leaves no build folder in TMPDIR" test "$bad_tmp" = 0

finish
