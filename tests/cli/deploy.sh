# deploy.sh: releases in a web root and the atomic switch of `current`,
# on real repositories: deploy alone, from publish (--deploy and the git
# config), rollbacks, pruning, and a remote web root over a real sshd on
# 127.0.0.1 with rsync.
. tests/cli/lib.sh

export HOME=$TMP_ROOT/home GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.name "Cẩm Vân"
git config --global user.email "camvan@example.gov.vn"
git config --global init.defaultBranch main
export SOURCE_DATE_EPOCH=1764000000
export LSAN_OPTIONS="suppressions=$REPO_ROOT/tests/cli/lsan-libgit2.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

W=$TMP_ROOT/work
WWW=$TMP_ROOT/www
new_portal "$W"
printf -- '---\ntitle: Bản nháp bí mật\ndate: 2022-05-01\ndraft: true\n---\nChưa công bố.\n' \
	> "$W/content/posts/nhap.md"
git init -q "$W"
git -C "$W" add -A && git -C "$W" commit -q -m "Cổng thử nghiệm"
article() {
	printf -- '---\ntitle: %s\ndate: 2022-06-01\ncategories: [Tin tức]\n---\nNội dung %s.\n' \
		"$2" "$2" > "$W/content/posts/$1.md"
	git -C "$W" add -A && git -C "$W" commit -q -m "$2"
}
current() { readlink "$WWW/current"; }
served() { cat "$WWW/current/$1" 2>/dev/null; }

# --- before any publish ---------------------------------------------------
"$CONGBO" deploy --repo "$W" --to "$WWW" >"$TMP_ROOT/out" 2>&1
expect_exit "deploy without a publish branch" 1 $?
expect_line "... says to publish first" "$TMP_ROOT/out" \
	"congbo: error: $W has no publish branch site: run 'congbo publish' first"
expect_line "... and that nothing changed" "$TMP_ROOT/out" \
	"congbo: nothing was deployed: $WWW serves what it served before"
"$CONGBO" deploy --repo "$W" >"$TMP_ROOT/out" 2>&1
expect_exit "deploy without --to" 2 $?
expect_line "... asks where" "$TMP_ROOT/out" "congbo: say where: --to WEBROOT"
"$CONGBO" deploy --repo "$W" --to "$WWW" --keep 0 >"$TMP_ROOT/out" 2>&1
expect_exit "--keep 0" 2 $?
expect_grep "... is refused" "$TMP_ROOT/out" \
	'--keep takes a number of releases from 1 to 1000, not "0"'

# --- publish, then deploy alone ---------------------------------------------
"$CONGBO" publish --repo "$W" --quiet
first=$(git -C "$W" rev-parse site)
"$CONGBO" deploy --repo "$W" --to "$WWW" >"$TMP_ROOT/out" 2>&1
expect_exit "deploy the tip of site" 0 $?
id1=$(printf %.12s "$first")
expect_grep "it says which release is served" "$TMP_ROOT/out" \
	"congbo: $WWW now serves release $id1 (new: "
check "current is a relative link to releases/<id>" test "$(current)" = "releases/$id1"
check "the home page is served" test -s "$WWW/current/index.html"
check "the release is the tree of site, file for file" \
	test "$(cd "$WWW/current" && find . -type f | sed 's|^\./||' | sort)" = \
	"$(git -C "$W" ls-tree -r --name-only site | sort)"
check "no .git in the web root" test -z "$(find "$WWW/" -name '.git*')"
check "no content/ in the release" test ! -e "$WWW/current/content"
check "the draft is not in the release" \
	sh -c "! grep -rq 'Bản nháp bí mật' '$WWW/current/'"
check "no temporary folder left" test -z "$(ls -A "$WWW/releases" | grep '^\.')"
"$CONGBO" deploy --repo "$W" --to "$WWW" >"$TMP_ROOT/out" 2>&1
expect_line "deploying it again changes nothing" "$TMP_ROOT/out" \
	"congbo: $WWW already serves release $id1"

"$CONGBO" deploy --repo "$W" --to "$WWW" --rev main >"$TMP_ROOT/out" 2>&1
expect_exit "deploying a source commit" 1 $?
expect_line "... is refused: drafts and content/ would be served" "$TMP_ROOT/out" \
	"congbo: error: revision \"main\" is not on the publish branch site: deploy serves only what 'congbo publish' built (a source commit holds drafts and content/); for a rollback name a commit of site, like site~1"
check "... and the web root still serves the release" test "$(current)" = "releases/$id1"
"$CONGBO" deploy --repo "$W" --to "$WWW" --rev nowhere >"$TMP_ROOT/out" 2>&1
expect_exit "an unknown revision" 1 $?
expect_grep "... is named" "$TMP_ROOT/out" 'congbo: error: revision "nowhere" is not a commit of '

# --- publish deploys by itself: --deploy, then the git config --------------
article hoi-nghi "Hội nghị cải cách hành chính"
"$CONGBO" publish --repo "$W" --deploy "$WWW" >"$TMP_ROOT/out" 2>&1
expect_exit "publish --deploy" 0 $?
id2=$(git -C "$W" rev-parse --short=12 site)
expect_grep "publish reports the deploy" "$TMP_ROOT/out" "congbo: $WWW now serves release $id2 (new: "
PAGE=tin-tuc/2022/hoi-nghi-cai-cach-hanh-chinh/index.html
check "the new article is served" test -s "$WWW/current/$PAGE"
linked=$(find "$WWW/releases/$id2" -type f -links +1 | wc -l)
check "files the last release has are hard links to it ($linked)" test "$linked" -gt 0
expect_grep "... as the summary says" "$TMP_ROOT/out" " $linked linked; "
check "the stylesheet is one file in both releases" \
	test "$(stat -c %i "$WWW/releases/$id1/assets/"*.css)" = "$(stat -c %i "$WWW/releases/$id2/assets/"*.css)"

git -C "$W" config congbo.deploy "$WWW"
git -C "$W" config congbo.keep 2
"$CONGBO" publish --repo "$W" --rev main~1 >"$TMP_ROOT/out" 2>&1
expect_exit "a rollback by publish, deployed from the git config" 0 $?
id3=$(git -C "$W" rev-parse --short=12 site)
check "the rollback is served" test "$(current)" = "releases/$id3"
check "the article is gone from what is served" test ! -e "$WWW/current/$PAGE"
"$CONGBO" publish --repo "$W" --no-deploy --rev main >"$TMP_ROOT/out" 2>&1
check "--no-deploy leaves the web root alone" test "$(current)" = "releases/$id3"

# --- deploy --rev site~N: a rollback without a build -------------------------
"$CONGBO" deploy --repo "$W" --to "$WWW" --rev site~2 >"$TMP_ROOT/out" 2>&1
expect_exit "deploy --rev site~2" 0 $?
check "site~2 (the article) is served again, from its kept release" \
	test "$(current)" = "releases/$id2" -a -s "$WWW/current/$PAGE"
expect_grep "... which it says" "$TMP_ROOT/out" "(kept from before: "
ls "$WWW/releases" > "$TMP_ROOT/rels"
check "keep 2: the served release and the one it replaced stay" \
	test "$(sort "$TMP_ROOT/rels" | tr '\n' ' ')" = "$(printf '%s\n' "$id2" "$id3" | sort | tr '\n' ' ')"
"$CONGBO" deploy --repo "$W" --to "$WWW" --keep 1 --rev site~1 >"$TMP_ROOT/out" 2>&1
check "keep 1 still keeps the release it replaced" \
	test "$(ls "$WWW/releases" | wc -l)" = 2

# an unfinished release (a deploy killed halfway) is never served and goes
mkdir -p "$WWW/releases/.tmp-000000000000-abcdef/x"
"$CONGBO" deploy --repo "$W" --to "$WWW" >"$TMP_ROOT/out" 2>&1
check "a killed deploy's folder is removed by the next one" \
	test ! -e "$WWW/releases/.tmp-000000000000-abcdef"

# a web root that cannot be written
"$CONGBO" deploy --repo "$W" --to /proc/congbo-www >"$TMP_ROOT/out" 2>&1
expect_exit "an unwritable web root" 1 $?
expect_grep "... is named" "$TMP_ROOT/out" \
	"congbo: error: cannot make the web root folder /proc/congbo-www/releases: "

# --- a remote web root: a real sshd on 127.0.0.1, rsync, ssh from
# GIT_SSH_COMMAND (the user's key, a private known_hosts) ------------------
SSHD=$(command -v sshd || echo /usr/sbin/sshd)
if [ "$(id -u)" = 0 ] && [ -x "$SSHD" ] && command -v rsync >/dev/null; then
	S=$TMP_ROOT/ssh
	mkdir -p "$S"
	ssh-keygen -q -t ed25519 -N '' -f "$S/user"
	sshd_start "$S" "$S/user.pub"
	R=$TMP_ROOT/remote-www
	export GIT_SSH_COMMAND="ssh -i $S/user -p $port -o BatchMode=yes -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile=$S/known_hosts -o LogLevel=ERROR"
	"$CONGBO" deploy --repo "$W" --to "root@127.0.0.1:$R" --rev site~1 >"$TMP_ROOT/out" 2>&1
	expect_exit "deploy over ssh" 0 $?
	expect_grep "... says what is served" "$TMP_ROOT/out" \
		"congbo: root@127.0.0.1:$R now serves release $id3 (new: "
	check "the remote current names the release" test "$(readlink "$R/current")" = "releases/$id3"
	check "the remote release is the tree of site~1" \
		test "$(cd "$R/current" && find . -type f | sed 's|^\./||' | sort)" = \
		"$(git -C "$W" ls-tree -r --name-only site~1 | sort)"
	"$CONGBO" deploy --repo "$W" --to "root@127.0.0.1:$R" >"$TMP_ROOT/out" 2>&1
	expect_exit "the next deploy over ssh" 0 $?
	check "the new release is served remotely" \
		test "$(readlink "$R/current")" = "releases/$(git -C "$W" rev-parse --short=12 site)"
	linked=$(find "$R/current/" -type f -links +1 | wc -l)
	check "rsync linked unchanged files to the previous release ($linked)" test "$linked" -gt 0
	check "no temporary folder left remotely" test -z "$(ls -A "$R/releases" | grep '^\.')"
	"$CONGBO" deploy --repo "$W" --to "root@127.0.0.1:$R" >"$TMP_ROOT/out" 2>&1
	expect_grep "deploying it again over ssh changes nothing" "$TMP_ROOT/out" "already serves release"
	"$CONGBO" deploy --repo "$W" --to "root@127.0.0.1:$R" --keep 1 --rev site~2 >/dev/null 2>&1
	check "remote keep 1 keeps the served release and the one it replaced" \
		test "$(ls "$R/releases" | wc -l)" = 2
	GIT_SSH_COMMAND="ssh -p $port -o BatchMode=yes -o UserKnownHostsFile=$S/known_hosts -o IdentitiesOnly=yes -o IdentityFile=/nonexistent" \
		"$CONGBO" deploy --repo "$W" --to "root@127.0.0.1:$R" --rev site >"$TMP_ROOT/out" 2>&1
	expect_exit "ssh without the key" 1 $?
	expect_grep "... is a clear error" "$TMP_ROOT/out" \
		"congbo: error: cannot reach the web root root@127.0.0.1:$R over ssh (exit 255; the messages above are ssh's)"
	kill "$(cat "$S/sshd.pid")" && rm -f "$S/sshd.pid"
	unset GIT_SSH_COMMAND
else
	echo "note: not root or no sshd/rsync: the remote deploy was not tested"
fi

finish
