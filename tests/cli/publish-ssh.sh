# publish-ssh.sh: `publish --push` to an ssh:// remote through a real sshd
# on 127.0.0.1 (a throwaway host key, as in deploy.sh): the host key is
# checked against known_hosts (plain and hashed [127.0.0.1]:PORT entries),
# the user's key file is used without an agent, and an unknown or changed
# host key is refused with what to do, nothing pushed.  HOME is
# temporary: the real ~/.ssh is never read or written.
. tests/cli/lib.sh

export HOME=$TMP_ROOT/home GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME/.ssh" && chmod 700 "$HOME/.ssh"
git config --global user.name "Cẩm Vân"
git config --global user.email "camvan@example.gov.vn"
git config --global init.defaultBranch main
export SOURCE_DATE_EPOCH=1764000000
# the sanitizer build: libgit2's leaks, not ours (see the file); full
# stacks, for its ssh transport's frames to be seen
export LSAN_OPTIONS="suppressions=$REPO_ROOT/tests/cli/lsan-libgit2.supp:fast_unwind_on_malloc=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
unset SSH_AUTH_SOCK GIT_SSH_COMMAND

SSHD=$(command -v sshd || echo /usr/sbin/sshd)
if [ "$(id -u)" != 0 ] || [ ! -x "$SSHD" ]; then
	echo "note: not root or no sshd: publish --push over ssh was not tested"
	finish
	exit
fi

W=$TMP_ROOT/work
new_portal "$W"
git init -q "$W"
git -C "$W" add -A && git -C "$W" commit -q -m "Cổng thử nghiệm"
R=$TMP_ROOT/remote.git
git init -q --bare "$R"

S=$TMP_ROOT/ssh
ssh-keygen -q -t ed25519 -N '' -f "$HOME/.ssh/id_ed25519"
sshd_start "$S" "$HOME/.ssh/id_ed25519.pub"
ssh-keygen -q -t ed25519 -N '' -f "$S/other"

URL="ssh://root@127.0.0.1:$port$R"
KH=$HOME/.ssh/known_hosts
entry() { printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$S/$1.pub")"; }
fp=$(ssh-keygen -lf "$S/host.pub" | cut -d' ' -f2)
publish() { "$CONGBO" publish --repo "$W" --push "$URL" >"$TMP_ROOT/out" 2>&1; }

# --- refused: no entry, then another key for the host ------------------------
: > "$KH"
publish
expect_exit "an unknown ssh host is refused" 1 $?
expect_grep "... naming the host, its fingerprint and what to do" "$TMP_ROOT/out" \
	"congbo: error: cannot push to $URL: the ssh host [127.0.0.1]:$port is not in ~/.ssh/known_hosts or /etc/ssh/ssh_known_hosts, so its key (ssh-ed25519 $fp) is not trusted; check that fingerprint with the server's administrator, then add it with 'ssh-keyscan -H -p $port 127.0.0.1 >> ~/.ssh/known_hosts' or connect once with ssh"
check "... and nothing is pushed" sh -c "! git -C '$R' rev-parse -q --verify site"

entry other > "$KH"
publish
expect_exit "a changed host key is refused" 1 $?
expect_grep "... saying where the old key is and what to do" "$TMP_ROOT/out" \
	"the ssh host [127.0.0.1]:$port offered the key ssh-ed25519 $fp, not the one $KH line 1 has for it"
expect_grep "... and how to remove it" "$TMP_ROOT/out" "ssh-keygen -R \"[127.0.0.1]:$port\""
check "... and nothing is pushed" sh -c "! git -C '$R' rev-parse -q --verify site"
printf '127.0.0.1 %s\n' "$(cut -d' ' -f1,2 "$S/host.pub")" > "$KH"
publish
expect_exit "the host's key without its port does not count for another port" 1 $?

# --- accepted: plain entry, key file, no agent --------------------------------
{ entry other | sed 's/^/# /'; echo; entry host; } > "$KH"
publish
expect_exit "publish --push over ssh with a plain known_hosts entry" 0 $?
expect_line "it says it pushed" "$TMP_ROOT/out" "congbo: pushed site to $URL"
check "the remote's branch has the commit" \
	test "$(git -C "$R" rev-parse site)" = "$(git -C "$W" rev-parse site)"

# --- accepted: hashed entry (ssh-keygen -H, OpenSSH's default on Debian) ----
entry host > "$KH"
ssh-keygen -q -H -f "$KH" >/dev/null 2>&1 && rm -f "$KH.old"
check "the entry is hashed" grep -q '^|1|' "$KH"
printf -- '---\ntitle: Tin mới\ndate: 2022-06-01\n---\nNội dung.\n' > "$W/content/posts/moi.md"
git -C "$W" add -A && git -C "$W" commit -q -m "Tin mới"
publish
expect_exit "publish --push over ssh with a hashed entry" 0 $?
check "the remote's branch has the new commit" \
	test "$(git -C "$R" rev-parse site)" = "$(git -C "$W" rev-parse site)"

# --- no key the server takes: a clear failure, not a loop --------------------
mv "$HOME/.ssh/id_ed25519" "$HOME/.ssh/id_rsa"
rm "$HOME/.ssh/id_ed25519.pub"
cp "$S/other" "$HOME/.ssh/id_ecdsa"
printf -- '---\ntitle: Tin khác\ndate: 2022-06-02\n---\nNội dung.\n' > "$W/content/posts/khac.md"
git -C "$W" add -A && git -C "$W" commit -q -m "Tin khác"
publish
expect_exit "a key file without its .pub, after one the server refuses" 0 $?
mv "$HOME/.ssh/id_rsa" "$TMP_ROOT/gone"
printf -- '---\ntitle: Tin nữa\ndate: 2022-06-03\n---\nNội dung.\n' > "$W/content/posts/nua.md"
git -C "$W" add -A && git -C "$W" commit -q -m "Tin nữa"
before=$(git -C "$R" rev-parse site)
timeout 60 "$CONGBO" publish --repo "$W" --push "$URL" >"$TMP_ROOT/out" 2>&1
expect_exit "no accepted key: the push fails, and ends" 1 $?
expect_line "... saying which keys were tried and what to do" "$TMP_ROOT/out" \
	"congbo: error: cannot push to $URL: the ssh server took none of the keys tried for the user root (~/.ssh/id_ecdsa); add your public key to that user's ~/.ssh/authorized_keys on the server, or give ssh-agent a key it takes"
expect_grep "... and that it was not pushed" "$TMP_ROOT/out" "but it was not pushed"
check "... and the remote keeps its commit" test "$(git -C "$R" rev-parse site)" = "$before"
rm "$HOME/.ssh/id_ecdsa"
# no user@: the local user's name (root here)
URL="ssh://127.0.0.1:$port$R"
timeout 60 "$CONGBO" publish --repo "$W" --push "$URL" >"$TMP_ROOT/out" 2>&1
expect_exit "no key at all" 1 $?
expect_line "... says so, with the user it would log in as" "$TMP_ROOT/out" \
	"congbo: error: cannot push to $URL: no ssh key to log in with as $(id -un): no ssh-agent runs (SSH_AUTH_SOCK) and there is no ~/.ssh/id_ed25519, id_ecdsa or id_rsa"
mv "$TMP_ROOT/gone" "$HOME/.ssh/id_rsa"
publish
expect_exit "without user@ in the URL, as the local user" 0 $?
check "... the remote has the last commit" \
	test "$(git -C "$R" rev-parse site)" = "$(git -C "$W" rev-parse site)"

finish
