# lib.sh: what the command-line test scripts share.  Source it, call the
# check functions, end with `finish`, which prints "N passed, N failed".
#
# Every script runs from the repository root against generator/congbo
# (CONGBO overrides it, e.g. with the sanitizer build).
set -u
CONGBO=${CONGBO:-$PWD/generator/congbo}
REPO_ROOT=$PWD
passed=0
failed=0
TMP_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/congbo-test.XXXXXX")
trap 'rm -rf "$TMP_ROOT"' EXIT

ok() { passed=$((passed + 1)); echo "ok $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | head -n 20; return 0; }

# check NAME CONDITION-COMMAND...: passes when the command succeeds.
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else fail "$name"; fi
}

# expect_line NAME FILE TEXT: FILE has a line equal to TEXT.
expect_line() {
	if grep -qxF -- "$3" "$2"; then ok "$1"; else fail "$1" "wanted line: $3
got:
$(cat "$2")"; fi
}

# expect_grep NAME FILE TEXT: FILE contains TEXT.
expect_grep() {
	if grep -qF -- "$3" "$2"; then ok "$1"; else fail "$1" "wanted: $3
got:
$(head -c 3000 "$2")"; fi
}

# expect_no_grep NAME FILE TEXT: FILE does not contain TEXT.
expect_no_grep() {
	if grep -qF -- "$3" "$2"; then fail "$1" "unwanted: $3"; else ok "$1"; fi
}

# expect_exit NAME WANT GOT
expect_exit() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "exit $3, wanted $2"; fi
}

# new_portal DIR: a minimal portal (site.yaml, one article, the theme).
new_portal() {
	mkdir -p "$1/content/posts" "$1/themes"
	cp -R "$REPO_ROOT/themes/default" "$1/themes/"
	cat > "$1/content/site.yaml" <<'YAML'
title: Cổng thử nghiệm
base_url: https://example.gov.vn/
YAML
	cat > "$1/content/posts/mot.md" <<'MD'
---
title: Bài thứ nhất
date: 2022-04-19
categories: [Tin tức]
---
Nội dung bài *thứ nhất*.
MD
}

# generated_portal DIR N: the sample portal (content/, themes/) with the N
# articles of tests/bench/gen-corpus.c and their photos under bench/.
generated_portal() {
	mkdir -p "$1/content/images"
	cp -R "$REPO_ROOT/content" "$REPO_ROOT/themes" "$1/"
	cc -O2 -o "$TMP_ROOT/gen-corpus" "$REPO_ROOT/tests/bench/gen-corpus.c"
	rm -rf "$TMP_ROOT/corpus"
	"$TMP_ROOT/gen-corpus" "$2" "$TMP_ROOT/corpus" >/dev/null
	cp -R "$TMP_ROOT/corpus/congbo/content/posts" "$1/content/posts/bench"
	cp -R "$TMP_ROOT/corpus/congbo/content/images/bench" "$1/content/images/"
}

# free_port: a TCP port free on 127.0.0.1 right now.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# sshd_start DIR PUBKEY: a real sshd as root on 127.0.0.1 with a
# throwaway host key (DIR/host, DIR/host.pub) that lets in the key PUBKEY
# only, stopped when the test exits; sets port.  Its log is DIR/log.
sshd_start() {
	mkdir -p "$1" /run/sshd && chmod 700 "$1"
	ssh-keygen -q -t ed25519 -N '' -f "$1/host"
	cp "$2" "$1/authorized_keys"
	port=$(free_port)
	cat > "$1/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port $port
HostKey $1/host
AuthorizedKeysFile $1/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
PidFile $1/sshd.pid
CONF
	SSHD_DIR=$1
	trap '[ -s "$SSHD_DIR/sshd.pid" ] && kill "$(cat "$SSHD_DIR/sshd.pid")"; rm -rf "$TMP_ROOT"' EXIT
	"${SSHD:-/usr/sbin/sshd}" -f "$1/sshd_config" -E "$1/log"
	for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$1/sshd.pid" ] && break; sleep 0.2; done
}

# serve_start SOURCE: `congbo serve --port 0` of the portal SOURCE in the
# background, its output in $TMP_ROOT/out and err; sets SERVER_PID, and
# URL to the address it prints (empty if it never does).  The caller
# kills SERVER_PID when done.
serve_start() {
	: > "$TMP_ROOT/out"
	TMPDIR=$TMP_ROOT "$CONGBO" serve --source "$1" --port 0 \
		> "$TMP_ROOT/out" 2> "$TMP_ROOT/err" &
	SERVER_PID=$!
	URL=
	i=0
	while [ $i -lt 200 ] && [ -z "$URL" ]; do
		URL=$(sed -n 's/^Serving \(http[^ ]*\) (Ctrl-C to stop)$/\1/p' "$TMP_ROOT/out")
		kill -0 "$SERVER_PID" 2>/dev/null || break   # it died: no wait
		[ -z "$URL" ] && sleep 0.05
		i=$((i + 1))
	done
}

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
}
