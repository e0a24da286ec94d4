# shared.sh: one server repository, one Unix account per writer, one group
# (git init --shared=group): each writer's push is checked, published and
# deployed by the hooks running as that writer, with the umask 022 most
# accounts have, and the next writer's push still works.  Needs root (it
# creates two users and a group, and removes them at the end).
. tests/cli/lib.sh

if [ "$(id -u)" != 0 ] || ! command -v useradd >/dev/null || ! command -v runuser >/dev/null; then
	echo "note: not root (or no useradd/runuser): the shared repository was not tested"
	finish
	exit
fi

export GIT_CONFIG_NOSYSTEM=1 SOURCE_DATE_EPOCH=1764000000
export LSAN_OPTIONS="suppressions=$REPO_ROOT/tests/cli/lsan-libgit2.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
G=cbw$$
A=cbwa$$
B=cbwb$$
SH=$TMP_ROOT/shared
cleanup() {
	userdel "$A" 2>/dev/null
	userdel "$B" 2>/dev/null
	groupdel "$G" 2>/dev/null
	rm -rf "$TMP_ROOT"
}
trap cleanup EXIT
groupadd "$G"
useradd -M -N -g "$G" -d "$SH/home-$A" -s /bin/sh "$A"
useradd -M -N -g "$G" -d "$SH/home-$B" -s /bin/sh "$B"
chmod 755 "$TMP_ROOT"
mkdir -p "$SH"

# the server, as its admin (root) sets it up
git init -q --bare --shared=group -b main "$SH/portal.git"
chgrp -R "$G" "$SH/portal.git"
# the binary the hooks call, where every writer can run it
cp "$CONGBO" "$SH/congbo"
"$SH/congbo" hook install --repo "$SH/portal.git" >/dev/null
install -d -g "$G" -m 2775 "$SH/www"
git -C "$SH/portal.git" config congbo.deploy "$SH/www"

# each writer: a home with a git identity, a clone; git (and libgit2)
# open a repository owned by another account only when it is listed in
# safe.directory (on a server: git config --system --add safe.directory)
for u in "$A" "$B"; do
	install -d -o "$u" -g "$G" "$SH/home-$u"
	cat > "$SH/home-$u/.gitconfig" <<EOF
[user]
	name = $u
	email = $u@example.gov.vn
[init]
	defaultBranch = main
[safe]
	directory = $SH/portal.git
EOF
	chown "$u" "$SH/home-$u/.gitconfig"
done
as() {   # as USER COMMAND: runs COMMAND in sh as USER with umask 022
	u=$1
	shift
	runuser -u "$u" -- env HOME="$SH/home-$u" GIT_CONFIG_NOSYSTEM=1 \
		SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH LSAN_OPTIONS="$LSAN_OPTIONS" \
		sh -c "umask 022; $*"
}
as "$A" "git clone -q '$SH/portal.git' '$SH/home-$A/portal' 2>/dev/null"
cp -R "$REPO_ROOT/content" "$REPO_ROOT/themes" "$SH/home-$A/portal/"
chown -R "$A" "$SH/home-$A/portal"
as "$A" "cd '$SH/home-$A/portal' && git add -A && git commit -q -m 'Nội dung' && git push origin main" \
	>"$TMP_ROOT/push-a" 2>&1
expect_exit "the first writer's push" 0 $?
expect_grep "…is published" "$TMP_ROOT/push-a" "remote: congbo: published "
expect_grep "…and deployed" "$TMP_ROOT/push-a" "remote: congbo: $SH/www now serves release "

check "the publish lock is group-writable" \
	test "$(stat -c %A "$SH/portal.git/congbo-publish.lock" | cut -c5-6)" = rw
bad=$(find "$SH/portal.git/objects" -type d ! -perm -g+w | head -n 3)
check "every object folder is group-writable" test -z "$bad"
bad=$(find "$SH/portal.git/refs" "$SH/portal.git/objects" ! -group "$G" | head -n 3)
check "…and of the group" test -z "$bad"

as "$B" "git clone -q '$SH/portal.git' '$SH/home-$B/portal' 2>/dev/null"
printf -- '---\ntitle: Tin của người thứ hai\ndate: 2022-07-01\n---\nHai.\n' \
	> "$SH/home-$B/portal/content/posts/nguoi-thu-hai.md"
chown -R "$B" "$SH/home-$B/portal"
as "$B" "cd '$SH/home-$B/portal' && git add -A && git commit -q -m 'Tin hai' && git push origin main" \
	>"$TMP_ROOT/push-b" 2>&1
expect_exit "the second writer's push" 0 $?
expect_no_grep "…with no error" "$TMP_ROOT/push-b" "error"
expect_grep "…is published" "$TMP_ROOT/push-b" "remote: congbo: published "
check "…and served" test -s "$SH/www/current/tin-tuc/2022/tin-cua-nguoi-thu-hai/index.html"
as "$A" "cd '$SH/home-$A/portal' && git pull -q --no-rebase && printf -- '---\ntitle: Tin ba\ndate: 2022-07-02\n---\nBa.\n' > content/posts/ba.md && git add -A && git commit -q -m 'Tin ba' && git push origin main" \
	>"$TMP_ROOT/push-a2" 2>&1
expect_exit "the first writer again, after the second" 0 $?
expect_no_grep "…with no error" "$TMP_ROOT/push-a2" "error"
check "…served too" test -s "$SH/www/current/tin-tuc/2022/tin-ba/index.html"
check "the server's main and site agree" \
	sh -c "git -C '$SH/portal.git' log -1 --format=%s site | grep -q 'Tin ba'"

finish
