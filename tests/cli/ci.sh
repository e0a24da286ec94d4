# ci.sh: the hosted-repository recipes (generator/ci/): the run: lines of
# the GitHub/Gitea/Forgejo workflow and the script: lines of the GitLab
# job, taken from the shipped files and run here, in a clone of a bare
# "hosted" repository, with a local web root as DEPLOY_TO (the ssh part of
# a remote web root is tested in deploy.sh).  The runners themselves, the
# installation step and the forges' permissions are not tested.
. tests/cli/lib.sh

export HOME=$TMP_ROOT/home GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME" "$TMP_ROOT/bin"
git config --global user.name "Cẩm Vân"
git config --global user.email "camvan@example.gov.vn"
git config --global init.defaultBranch main
export SOURCE_DATE_EPOCH=1764000000
export LSAN_OPTIONS="suppressions=$REPO_ROOT/tests/cli/lsan-libgit2.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
ln -s "$CONGBO" "$TMP_ROOT/bin/congbo"
export PATH="$TMP_ROOT/bin:$PATH"

GH=$REPO_ROOT/generator/ci/github-actions.yml
GL=$REPO_ROOT/generator/ci/gitlab-ci.yml
# github_step NAME: the run: block of the step NAME, unindented
github_step() {
	awk -v name="$1" '
		$0 ~ "- name: " name "$" { found = 1; next }
		found && /run: \|$/ { match($0, /^ */); indent = RLENGTH; inrun = 1; next }
		inrun { match($0, /^ */); if (RLENGTH <= indent && $0 !~ /^ *$/) exit
			print substr($0, indent + 3) }' "$GH" |
	sed 's/\${{ github.event_name }}/push/g'
}
# gitlab_job NAME: the script: items of the job NAME
gitlab_job() {
	awk -v job="$1" '
		$0 == job ":" { found = 1; next }
		found && /^  script:$/ { inscript = 1; next }
		inscript && /^    - / { print substr($0, 7); next }
		inscript { exit }' "$GL"
}
github_step check > "$TMP_ROOT/gh-check.sh"
github_step "publish and deploy" > "$TMP_ROOT/gh-publish.sh"
gitlab_job check > "$TMP_ROOT/gl-check.sh"
gitlab_job publish > "$TMP_ROOT/gl-publish.sh"
for f in gh-check gh-publish gl-check gl-publish; do
	check "the recipe $f has its lines" test -s "$TMP_ROOT/$f.sh"
done

O=$TMP_ROOT/hosted.git
WWW=$TMP_ROOT/www
W=$TMP_ROOT/work
new_portal "$W"
git init -q "$W" && git -C "$W" add -A && git -C "$W" commit -q -m "Cổng"
git clone -q --bare "$W" "$O"
git -C "$W" remote add origin "$O"
runner() {   # runner DIR: a fresh checkout of the hosted main, as a runner makes
	rm -rf "$1"
	git clone -q "$O" "$1"
}
export DEPLOY_TO=$WWW DEPLOY_KNOWN_HOSTS= DEPLOY_SSH_KEY=

# GitHub / Gitea / Forgejo: a push to main
runner "$TMP_ROOT/r1"
(cd "$TMP_ROOT/r1" && sh -e "$TMP_ROOT/gh-check.sh") >"$TMP_ROOT/out" 2>&1
expect_exit "github: check passes on good content" 0 $?
(cd "$TMP_ROOT/r1" && sh -e "$TMP_ROOT/gh-publish.sh") >"$TMP_ROOT/out" 2>&1
expect_exit "github: publish and deploy" 0 $?
expect_grep "…deploys" "$TMP_ROOT/out" "congbo: $WWW now serves release "
check "…the portal is served" test -s "$WWW/current/tin-tuc/2022/bai-thu-nhat/index.html"
check "…and the branch site is pushed back to the hosted repository" \
	test "$(git -C "$O" rev-parse site)" = "$(git -C "$TMP_ROOT/r1" rev-parse site)"

# a pull request that renames a published article without the alias
sed -i 's/^title: Bài thứ nhất$/title: Bài thứ nhất đổi tên/' "$W/content/posts/mot.md"
# the editor's own check of the working tree says so before any push,
# against the publish branch as fetched
git -C "$W" fetch -q origin
(cd "$W" && "$CONGBO" check) >"$TMP_ROOT/out" 2>&1
expect_exit "check in a working tree: a moved address is a warning" 0 $?
expect_grep "…naming the aliases line to add" "$TMP_ROOT/out" \
	'content/posts/mot.md: warning: its address /tin-tuc/2022/bai-thu-nhat/ (published on origin/site) would disappear: it is now /tin-tuc/2022/bai-thu-nhat-doi-ten/; add "aliases: [/tin-tuc/2022/bai-thu-nhat/]" to its front matter to keep it'
(cd "$W" && "$CONGBO" check --published origin/site) >"$TMP_ROOT/out" 2>&1
expect_exit "…an error with --published BRANCH" 1 $?
expect_grep "…the same words" "$TMP_ROOT/out" \
	'content/posts/mot.md: error: its address /tin-tuc/2022/bai-thu-nhat/ (published on origin/site) would disappear'
git -C "$W" commit -q -am "Đổi tên" && git -C "$W" push -q origin main:doi-ten
rm -rf "$TMP_ROOT/r2" && git clone -q -b doi-ten "$O" "$TMP_ROOT/r2"
(cd "$TMP_ROOT/r2" && sh -e "$TMP_ROOT/gh-check.sh") >"$TMP_ROOT/out" 2>&1
expect_exit "github: the check fails a pull request that loses an address" 1 $?
expect_grep "…naming the fix" "$TMP_ROOT/out" \
	'content/posts/mot.md: error: its address /tin-tuc/2022/bai-thu-nhat/ (published on refs/remotes/origin/site) would disappear'

# GitLab: the same, with its job lines
(cd "$TMP_ROOT/r2" && sh -e "$TMP_ROOT/gl-check.sh") >"$TMP_ROOT/out" 2>&1
expect_exit "gitlab: the merge request check fails too" 1 $?
expect_grep "…the same way" "$TMP_ROOT/out" "content/posts/mot.md: error: its address /tin-tuc/2022/bai-thu-nhat/"
printf 'aliases: [/tin-tuc/2022/bai-thu-nhat/]\n' > "$TMP_ROOT/alias"
sed -i "/^date:/r $TMP_ROOT/alias" "$W/content/posts/mot.md"
git -C "$W" commit -q -am "Giữ địa chỉ cũ" && git -C "$W" push -q origin main
runner "$TMP_ROOT/r3"
(cd "$TMP_ROOT/r3" && sh -e "$TMP_ROOT/gl-check.sh") >"$TMP_ROOT/out" 2>&1
expect_exit "gitlab: with the alias the check passes" 0 $?
DEPLOY_SSH_KEY=$TMP_ROOT/no-key CONGBO_PUSH_URL=$O CI_PIPELINE_SOURCE=push \
	sh -c "cd '$TMP_ROOT/r3' && touch '$TMP_ROOT/no-key' && sh -e '$TMP_ROOT/gl-publish.sh'" >"$TMP_ROOT/out" 2>&1
expect_exit "gitlab: publish and deploy" 0 $?
check "…the renamed article is served" \
	test -s "$WWW/current/tin-tuc/2022/bai-thu-nhat-doi-ten/index.html"
check "…its old address is a redirect page" \
	grep -q 'http-equiv="refresh"' "$WWW/current/tin-tuc/2022/bai-thu-nhat/index.html"
check "…the site branch went on from the last one" \
	test "$(git -C "$O" rev-parse site~1)" = "$(git -C "$TMP_ROOT/r1" rev-parse site)"
finish
