# publish.sh: publishing to a branch and the hooks that do it, on real
# repositories: a working one with post-commit, a bare server with
# pre-receive and post-receive, a local bare mirror for --push.
. tests/cli/lib.sh

export HOME=$TMP_ROOT/home GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.name "Cẩm Vân"
git config --global user.email "camvan@example.gov.vn"
git config --global init.defaultBranch main
export SOURCE_DATE_EPOCH=1764000000
export TMPDIR=$TMP_ROOT/tmp   # where publish builds: must be empty after
# the sanitizer build: a leak of libgit2's, not ours (see the file)
export LSAN_OPTIONS="suppressions=$REPO_ROOT/tests/cli/lsan-libgit2.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
mkdir -p "$TMPDIR"

W=$TMP_ROOT/work
mkdir -p "$W"
cp -R "$REPO_ROOT/content" "$REPO_ROOT/themes" "$W/"
git init -q "$W"
count() { git -C "$1" rev-list --count "$2" 2>/dev/null || echo 0; }
tip() { git -C "$1" rev-parse -q --verify "$2" 2>/dev/null; }
has_ref() { git -C "$1" rev-parse -q --verify "$2" >/dev/null 2>&1; }
# article NAME TITLE [DATE]: a new article file in the working repository.
article() {
	printf -- '---\ntitle: %s\ndate: %s\ncategories: [Tin tức]\n---\nNội dung %s.\n' \
		"$2" "${3:-2022-06-01}" "$2" > "$W/content/posts/$1.md"
}
commit() { git -C "$W" add -A && git -C "$W" commit -q -m "$1" >"$TMP_ROOT/commit-out" 2>&1; }
# commit_quietly MESSAGE: a commit without running the hooks
commit_quietly() {
	git -C "$W" add -A && git -C "$W" -c core.hooksPath=/nonexistent commit -q -m "$1"
}

# --- hook install: post-commit in a working repository ------------------
"$CONGBO" hook install --repo "$W" >"$TMP_ROOT/out" 2>&1
expect_exit "hook install in a working repository" 0 $?
expect_grep "it installs post-commit" "$TMP_ROOT/out" "congbo: post-commit installed "
H=$W/.git/hooks/post-commit
check "the hook is executable" test -x "$H"
expect_line "the hook carries congbo's marker" "$H" \
	"# congbo-hook: written by 'congbo hook install', which rewrites this file"
expect_grep "the hook calls this binary by its absolute path" "$H" \
	"CONGBO='$(readlink -f "$CONGBO")'"
check "no other hook was written" \
	test "$(ls "$W/.git/hooks" | grep -v '\.sample$')" = post-commit
cp -p "$H" "$TMP_ROOT/hook-before"
"$CONGBO" hook install --repo "$W" >"$TMP_ROOT/out" 2>&1
expect_exit "installing twice" 0 $?
expect_grep "installing twice says so" "$TMP_ROOT/out" \
	"congbo: post-commit already installed, unchanged:"
check "installing twice changes nothing (bytes and mtime)" \
	test "$(stat -c '%s %Y %a' "$H")" = "$(stat -c '%s %Y %a' "$TMP_ROOT/hook-before")"

# --- commit an article: post-commit publishes it --------------------------
commit "Nhập nội dung cổng"
check "post-commit: the branch site exists" has_ref "$W" site
first=$(tip "$W" site)
article gioi-thieu-le-hoi "Giới thiệu lễ hội đầu xuân"
commit "Thêm bài lễ hội"
NEW_PAGE=tin-tuc/2022/gioi-thieu-le-hoi-dau-xuan/index.html
expect_grep "post-commit says what it published" "$TMP_ROOT/commit-out" "congbo: published "
check "the publish branch's tree has the new article's page" \
	git -C "$W" cat-file -e "site:$NEW_PAGE"
check "the archive of 2022 lists it" \
	sh -c "git -C '$W' show site:luu-tru/2022/index.html | grep -q 'Giới thiệu lễ hội đầu xuân'"
src=$(tip "$W" HEAD)
git -C "$W" log -1 --format=%B site > "$TMP_ROOT/msg"
expect_line "message: Build of <short id>: <subject>" "$TMP_ROOT/msg" \
	"Build of $(git -C "$W" rev-parse --short=7 HEAD): Thêm bài lễ hội"
expect_line "message body: the full source id" "$TMP_ROOT/msg" "Source-Commit: $src"
check "the publish commit's parent is the previous publish" \
	test "$(tip "$W" site~1)" = "$first"
check "HEAD is still on main" test "$(git -C "$W" symbolic-ref HEAD)" = refs/heads/main
check "no working tree file or index entry touched" \
	test -z "$(git -C "$W" status --porcelain)"
check "the site's files never appear in the working tree" test ! -e "$W/index.html"
check "the publish branch holds only the site (no content/)" \
	sh -c "! git -C '$W' cat-file -e site:content 2>/dev/null"
page_at() { git -C "$W" show "site:$1" > "$TMP_ROOT/page.html"; }
page_at "$NEW_PAGE"
# the commit that added it is no update, and who committed is private
expect_no_grep "a new published article shows no update" "$TMP_ROOT/page.html" "Cập nhật"
expect_no_grep "a published article names no committer" "$TMP_ROOT/page.html" "Cẩm Vân"

# --- one commit per content change, none for a no-op --------------------
n=$(count "$W" site)
echo "ghi chú" > "$W/GHI-CHU.txt"
commit "Ghi chú ngoài content/"
check "a commit outside content/ and themes/: no new publish commit" \
	test "$(count "$W" site)" = "$n"
expect_grep "and publish says the branch is unchanged" "$TMP_ROOT/commit-out" \
	"congbo: site unchanged: the build of "
"$CONGBO" publish --repo "$W" >"$TMP_ROOT/out" 2>&1
expect_exit "publishing the same commit again" 0 $?
check "publishing the same commit again: no new commit" test "$(count "$W" site)" = "$n"
article tin-hai "Tin thứ hai" 2022-06-02
commit "Thêm tin thứ hai"
check "the next content change: one more commit" test "$(count "$W" site)" = $((n + 1))
git -C "$W" log --format=%s site > "$TMP_ROOT/log"
check "git log site: one commit per content change" \
	test "$(wc -l < "$TMP_ROOT/log")" = 3
expect_line "git log site names each source commit" "$TMP_ROOT/log" \
	"Build of $(git -C "$W" rev-parse --short=7 HEAD): Thêm tin thứ hai"

# --- a failed build publishes nothing ------------------------------------
before=$(tip "$W" site)
printf -- '---\ntitle: Hỏng\ndate: 19/04/2022\n---\nx\n' > "$W/content/posts/hong.md"
commit "Bài có ngày sai"
expect_grep "post-commit shows the error" "$TMP_ROOT/commit-out" \
	"content/posts/hong.md:3:7: error: date \"19/04/2022\" is not a date"
expect_grep "and says nothing was published" "$TMP_ROOT/commit-out" \
	"nothing was published"
check "a failed build leaves the branch where it was" test "$(tip "$W" site)" = "$before"
check "publish leaves no build folder behind" test -z "$(ls -A "$TMPDIR")"
git -C "$W" rm -q content/posts/hong.md
commit "Bỏ bài hỏng"
check "the fix publishes nothing new (same site as before)" test "$(tip "$W" site)" = "$before"

# --- rollback: an older commit's pages come back, in a new commit --------
old_tree=$(git -C "$W" rev-parse "$first^{tree}")
"$CONGBO" publish --repo "$W" --rev "$(git -C "$W" rev-list -n 1 --grep='Nhập nội dung' main)" \
	>"$TMP_ROOT/out" 2>&1
expect_exit "rollback: publish --rev of the first commit" 0 $?
check "rollback: a new commit on top (history not rewritten)" \
	test "$(tip "$W" site~1)" = "$before"
check "rollback: its tree is the first publish's tree" \
	test "$(git -C "$W" rev-parse 'site^{tree}')" = "$old_tree"
check "rollback: the later article's page is gone" \
	sh -c "! git -C '$W' cat-file -e 'site:$NEW_PAGE' 2>/dev/null"
"$CONGBO" publish --repo "$W" --quiet
expect_exit "publish HEAD again after the rollback" 0 $?
check "…brings the later pages back" git -C "$W" cat-file -e "site:$NEW_PAGE"
check "…as the tree it had" \
	test "$(git -C "$W" rev-parse 'site^{tree}')" = "$(git -C "$W" rev-parse "$before^{tree}")"

# --- --push to a local bare repository ----------------------------------
M=$TMP_ROOT/mirror.git
git init -q --bare "$M"
"$CONGBO" publish --repo "$W" --push "$M" >"$TMP_ROOT/out" 2>&1
expect_exit "publish --push PATH" 0 $?
expect_line "it says it pushed" "$TMP_ROOT/out" "congbo: pushed site to $M"
check "the mirror's site is the publish branch" test "$(tip "$M" site)" = "$(tip "$W" site)"
git -C "$W" remote add may-chu "$M"
article tin-ba "Tin thứ ba" 2022-06-03
commit_quietly "Thêm tin thứ ba"
"$CONGBO" publish --repo "$W" --push may-chu --quiet 2>"$TMP_ROOT/err"
expect_exit "publish --push REMOTE-NAME" 0 $?
check "the mirror follows by remote name" test "$(tip "$M" site)" = "$(tip "$W" site)"
"$CONGBO" publish --repo "$W" --push "$TMP_ROOT/nowhere.git" --quiet 2>"$TMP_ROOT/err"
expect_exit "a push that fails exits 1" 1 $?
expect_grep "and says so" "$TMP_ROOT/err" "congbo: error: cannot push refs/heads/site to $TMP_ROOT/nowhere.git"

# --- usage errors and refusals ------------------------------------------
"$CONGBO" publish --repo "$W" --branch 'a..b' >/dev/null 2>"$TMP_ROOT/err"
expect_exit "a bad branch name is bad usage" 2 $?
expect_grep "and says why" "$TMP_ROOT/err" '"a..b" cannot be a branch name'
"$CONGBO" publish --repo "$TMP_ROOT/home" >/dev/null 2>"$TMP_ROOT/err"
expect_exit "not a repository" 1 $?
expect_grep "names the folder" "$TMP_ROOT/err" "congbo: error: $TMP_ROOT/home is not a git repository"
"$CONGBO" publish --repo "$W" --rev khong-co >/dev/null 2>"$TMP_ROOT/err"
expect_exit "an unknown revision" 1 $?
expect_grep "names it" "$TMP_ROOT/err" 'congbo: error: revision "khong-co" is not a commit of'
git -C "$W" checkout -q site 2>/dev/null
"$CONGBO" publish --repo "$W" >/dev/null 2>"$TMP_ROOT/err"
expect_exit "the publish branch checked out: refused" 1 $?
expect_grep "and says why" "$TMP_ROOT/err" "the publish branch site is checked out in"
git -C "$W" checkout -q -f main
git -C "$W" worktree add -q "$TMP_ROOT/wt-site" site 2>/dev/null
"$CONGBO" publish --repo "$W" >/dev/null 2>"$TMP_ROOT/err"
expect_exit "the publish branch checked out in another worktree: refused" 1 $?
git -C "$W" worktree remove --force "$TMP_ROOT/wt-site"

# --- foreign hooks are kept unless --force ------------------------------
F=$TMP_ROOT/foreign
git init -q "$F"
printf '#!/bin/sh\necho hook của người khác\n' > "$F/.git/hooks/post-commit"
chmod +x "$F/.git/hooks/post-commit"
cp -p "$F/.git/hooks/post-commit" "$TMP_ROOT/foreign-before"
"$CONGBO" hook install --repo "$F" >/dev/null 2>"$TMP_ROOT/err"
expect_exit "a foreign hook: install fails" 1 $?
expect_grep "a foreign hook: the error says it was kept and how to replace it" "$TMP_ROOT/err" \
	"congbo: error: $F/.git/hooks/post-commit is not congbo's hook, so it was kept"
expect_grep "…and names --force" "$TMP_ROOT/err" "congbo hook install --force"
check "a foreign hook: kept byte for byte" cmp -s "$F/.git/hooks/post-commit" "$TMP_ROOT/foreign-before"
"$CONGBO" hook install --repo "$F" --force >"$TMP_ROOT/out" 2>&1
expect_exit "--force replaces it" 0 $?
expect_grep "…and says so" "$TMP_ROOT/out" "in place of a hook congbo had not written"
expect_grep "…with congbo's hook" "$F/.git/hooks/post-commit" "# congbo-hook:"
"$CONGBO" hook install --repo "$F" --branch ban-dich >"$TMP_ROOT/out" 2>&1
expect_grep "other options rewrite congbo's own hook" "$TMP_ROOT/out" "post-commit updated"
expect_line "…with the new branch" "$F/.git/hooks/post-commit" "BRANCH='ban-dich'"
"$CONGBO" hook install --repo "$F" extra >/dev/null 2>&1
expect_exit "hook: a stray word is bad usage" 2 $?
"$CONGBO" hook install --repo "$F" --source-branch site >/dev/null 2>"$TMP_ROOT/err"
expect_exit "hook: the source branch cannot be the publish branch" 2 $?
expect_grep "…and says so" "$TMP_ROOT/err" \
	'congbo: the source branch and the publish branch are both "site"'

# --- a bare server: pre-receive checks, post-receive publishes -----------
S=$TMP_ROOT/server.git
git init -q --bare "$S"
"$CONGBO" hook install --repo "$S" >"$TMP_ROOT/out" 2>&1
expect_exit "hook install in a bare repository" 0 $?
check "a bare repository gets pre-receive and post-receive" \
	test -x "$S/hooks/pre-receive" -a -x "$S/hooks/post-receive" -a ! -e "$S/hooks/post-commit"
C=$TMP_ROOT/clone
git clone -q "$S" "$C" 2>/dev/null
cp -R "$REPO_ROOT/content" "$REPO_ROOT/themes" "$C/"
git -C "$C" add -A && git -C "$C" commit -q -m "Nội dung đầu tiên"
git -C "$C" push -q origin main >"$TMP_ROOT/push-out" 2>&1
expect_exit "the first push is accepted" 0 $?
expect_grep "the pusher sees the check" "$TMP_ROOT/push-out" "remote: congbo: checked "
expect_grep "the pusher sees the publish" "$TMP_ROOT/push-out" "remote: congbo: published "
check "post-receive: the server's site branch exists" has_ref "$S" site
s1=$(tip "$S" site)
printf -- '---\ntitle: Tin mới\ndate: 2022-07-01\n---\nTin mới.\n' > "$C/content/posts/tin-moi.md"
git -C "$C" add -A && git -C "$C" commit -q -m "Thêm tin mới"
git -C "$C" push -q origin main >"$TMP_ROOT/push-out" 2>&1
check "post-receive: the publish branch moves on a push" test "$(tip "$S" site~1)" = "$s1"
check "…and has the pushed article" git -C "$S" cat-file -e site:tin-tuc/2022/tin-moi/index.html

# pre-receive: a broken front matter is refused, the errors reach the pusher
main_before=$(tip "$S" main)
site_before=$(tip "$S" site)
printf -- '---\ntitle: Ngày sai\ndate: 19/04/2022\n---\nx\n' > "$C/content/posts/ngay-sai.md"
git -C "$C" add -A && git -C "$C" commit -q -m "Bài ngày sai"
git -C "$C" push origin main >"$TMP_ROOT/push-out" 2>"$TMP_ROOT/push-err"
expect_exit "pre-receive: a broken push is refused" 1 $?
expect_grep "pre-receive: the error line reaches the pusher" "$TMP_ROOT/push-err" \
	"remote: content/posts/ngay-sai.md:3:7: error: date \"19/04/2022\" is not a date"
expect_grep "pre-receive: and the refusal" "$TMP_ROOT/push-err" \
	"remote: congbo: push to main refused: fix the errors above and push again"
check "pre-receive: the server's main did not move" test "$(tip "$S" main)" = "$main_before"
check "pre-receive: nor did its site" test "$(tip "$S" site)" = "$site_before"
git -C "$C" reset -q --hard HEAD~1
# deleting a branch and pushing a tag: the hooks leave them alone
git -C "$C" push -q origin main:nhap >/dev/null 2>&1
n=$(count "$S" site)
git -C "$C" push -q origin :nhap >"$TMP_ROOT/push-out" 2>&1
expect_exit "deleting a branch is accepted" 0 $?
git -C "$C" tag v1 && git -C "$C" push -q origin v1 >/dev/null 2>&1
expect_exit "pushing a tag is accepted" 0 $?
check "neither makes a publish commit" test "$(count "$S" site)" = "$n"

# only main is built and published: a pushed work branch is neither
printf -- '---\ntitle: Bài đang viết\ndate: 2022-07-02\n---\nChưa xong.\n' > "$C/content/posts/dang-viet.md"
git -C "$C" checkout -q -b dang-viet
git -C "$C" add -A && git -C "$C" commit -q -m "Bài đang viết"
git -C "$C" push origin dang-viet >"$TMP_ROOT/push-out" 2>&1
expect_exit "a work branch is accepted" 0 $?
check "…and not published" test "$(count "$S" site)" = "$n"
expect_no_grep "…nor checked" "$TMP_ROOT/push-out" "congbo: checked"
git -C "$C" push origin main dang-viet:old-branch >"$TMP_ROOT/push-out" 2>&1
check "main pushed with another branch: the site stays main's" \
	sh -c "! git -C '$S' cat-file -e site:tin-tuc/2022/bai-dang-viet/index.html 2>/dev/null"
git -C "$C" checkout -q main

# writers cannot push to the publish branch
git -C "$C" push -f origin dang-viet:site >"$TMP_ROOT/push-out" 2>&1
expect_exit "a push to site is refused" 1 $?
expect_grep "…saying why and what to do" "$TMP_ROOT/push-out" \
	"remote: congbo: push to site refused: the branch site is written by 'congbo publish' only; push to main (a rollback: push a revert, or run 'congbo publish --rev' on the server)"
check "…and site did not move" test "$(count "$S" site)" = "$n"

# a force push to main is refused unless the server allows it
git -C "$C" push -f origin dang-viet:main >"$TMP_ROOT/push-out" 2>&1
check "a force push that is a fast-forward is no rewrite" test "$(tip "$S" main)" = "$(tip "$C" dang-viet)"
main_before=$(tip "$S" main)
git -C "$C" commit -q --amend -m "Bài đang viết (sửa)" 2>/dev/null
git -C "$C" checkout -q dang-viet 2>/dev/null
git -C "$C" commit -q --amend -m "Bài đang viết (sửa lại)"
git -C "$C" push -f origin dang-viet:main >"$TMP_ROOT/push-out" 2>&1
expect_exit "a rewrite of main is refused" 1 $?
expect_grep "…saying how to allow it" "$TMP_ROOT/push-out" \
	"remote: congbo: push to main refused: it rewrites history (a force push); pull, merge and push again, or allow it on the server: git config congbo.allowNonFastForward true"
check "…and main did not move" test "$(tip "$S" main)" = "$main_before"
git -C "$S" config congbo.allowNonFastForward true
git -C "$C" push -f origin dang-viet:main >"$TMP_ROOT/push-out" 2>&1
expect_exit "allowed by the server's config, it is accepted" 0 $?
git -C "$S" config --unset congbo.allowNonFastForward
git -C "$C" push origin :main >"$TMP_ROOT/push-out" 2>&1
expect_exit "deleting main is refused" 1 $?
expect_grep "…saying why" "$TMP_ROOT/push-out" \
	"remote: congbo: push to main refused: deleting main would leave the portal without a source"
git -C "$C" checkout -q main && git -C "$C" reset -q --hard dang-viet

# a publish that fails after the push was accepted: loud, and retried
git -C "$S" config congbo.deploy /proc/congbo-www
printf -- '---\ntitle: Tin thứ ba\ndate: 2022-07-03\n---\nBa.\n' > "$C/content/posts/tin-thu-ba.md"
git -C "$C" add -A && git -C "$C" commit -q -m "Tin thứ ba"
git -C "$C" push origin main >"$TMP_ROOT/push-out" 2>&1
expect_exit "git push cannot fail after the fact" 0 $?
expect_grep "the pusher sees the error" "$TMP_ROOT/push-out" \
	"remote: congbo: error: cannot make the web root folder /proc/congbo-www/releases: "
expect_grep "…and loudly that the portal was not updated" "$TMP_ROOT/push-out" \
	"remote: congbo: THE PORTAL WAS NOT UPDATED. Your push was received (so git"
expect_grep "…and what to do" "$TMP_ROOT/push-out" \
	"remote: congbo: Fix them and push again: every push retries."
git -C "$S" config congbo.deploy "$TMP_ROOT/www"
printf -- '---\ntitle: Tin thứ tư\ndate: 2022-07-04\n---\nBốn.\n' > "$C/content/posts/tin-thu-tu.md"
git -C "$C" add -A && git -C "$C" commit -q -m "Tin thứ tư"
git -C "$C" push origin main >"$TMP_ROOT/push-out" 2>&1
check "the next push publishes and deploys both articles" \
	test -s "$TMP_ROOT/www/current/tin-tuc/2022/tin-thu-ba/index.html" -a \
	-s "$TMP_ROOT/www/current/tin-tuc/2022/tin-thu-tu/index.html"
expect_no_grep "…without the alarm" "$TMP_ROOT/push-out" "NOT UPDATED"
git -C "$S" config --unset congbo.deploy
n=$(count "$S" site)

# --- the lock: two publishes at once, the later build wins ---------------
L=$W/.git/congbo-publish.lock
flock "$L" sleep 2 &
holder=$!
sleep 0.3
"$CONGBO" publish --repo "$W" --rev main --quiet 2>"$TMP_ROOT/p1-err" &
p1=$!
sleep 0.3
article tin-bon "Tin thứ tư" 2022-06-04
commit_quietly "Thêm tin thứ tư"
"$CONGBO" publish --repo "$W" --rev main --quiet 2>"$TMP_ROOT/p2-err" &
p2=$!
wait $p1
expect_exit "lock: the first waiting publish succeeds" 0 $?
wait $p2
expect_exit "lock: the second succeeds too" 0 $?
wait $holder
check "lock: the branch ends at the later commit's build" \
	git -C "$W" cat-file -e site:tin-tuc/2022/tin-thu-tu/index.html
git -C "$W" log -1 --format=%s site > "$TMP_ROOT/msg2"
expect_line "lock: its message names that commit" "$TMP_ROOT/msg2" \
	"Build of $(git -C "$W" rev-parse --short=7 main): Thêm tin thứ tư"
check "lock: one commit for both (the branch is read under the lock)" \
	test "$(git -C "$W" log --format=%s site | grep -c 'Thêm tin thứ tư')" = 1
# two publishes of different commits started together: both succeed, one
# after the other, and the tip is exactly one whole build
base=$(count "$W" site)
"$CONGBO" publish --repo "$W" --rev main~1 --quiet 2>"$TMP_ROOT/p1-err" &
p1=$!
"$CONGBO" publish --repo "$W" --rev main --quiet 2>"$TMP_ROOT/p2-err" &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
check "racing publishes both succeed" test "$r1$r2" = 00
check "no commit lost: the branch is one chain" \
	test "$(git -C "$W" rev-list --count --first-parent site)" = "$(count "$W" site)"
last=$(git -C "$W" log -1 --format=%b site | sed -n 's/^Source-Commit: //p')
"$CONGBO" publish --repo "$W" --rev "$last" --branch kiem-tra --quiet
check "the tip is one build, not a mix (same tree as that commit alone)" \
	test "$(git -C "$W" rev-parse 'site^{tree}')" = "$(git -C "$W" rev-parse 'kiem-tra^{tree}')"
check "git fsck finds nothing wrong" sh -c "git -C '$W' fsck --no-progress >/dev/null 2>&1"

# --- the build folder kept in the git folder, per publish branch -----------
B=$W/.git/congbo-publish
check "publish builds into its own folder per branch in the git folder" \
	test -d "$B/site/site" -a -d "$B/kiem-tra/site" -a -s "$B/site/tree-cache"
check "…without congbo's marker in the published tree" \
	sh -c "! git -C '$W' cat-file -e site:.congbo-site 2>/dev/null"
"$CONGBO" publish --repo "$W" --rev "$last" --branch ban/thu --quiet
check "a branch name with / is one folder" test -d "$B/ban%2Fthu/site"
# a damaged tree cache, a lost build folder: the same tree again
printf x >> "$B/kiem-tra/tree-cache"
git -C "$W" update-ref refs/heads/kiem-tra kiem-tra~1 2>/dev/null || git -C "$W" branch -qD kiem-tra
"$CONGBO" publish --repo "$W" --rev "$last" --branch kiem-tra --quiet
check "a damaged tree cache: the same tree" \
	test "$(git -C "$W" rev-parse 'site^{tree}')" = "$(git -C "$W" rev-parse 'kiem-tra^{tree}')"
rm -rf "$B/ban%2Fthu"
git -C "$W" branch -qD ban/thu
"$CONGBO" publish --repo "$W" --rev "$last" --branch ban/thu --quiet
check "a lost build folder: built again, the same tree" \
	test "$(git -C "$W" rev-parse 'site^{tree}')" = "$(git -C "$W" rev-parse 'ban/thu^{tree}')"
mkdir "$TMP_ROOT/tmpdir"
TMPDIR="$TMP_ROOT/tmpdir" "$CONGBO" publish --repo "$W" --rev "$last~1" --branch ban/thu --quiet
check "a publish leaves nothing in TMPDIR" test -z "$(ls -A "$TMP_ROOT/tmpdir")"
finish
