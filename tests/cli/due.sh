# due.sh: articles dated in the future appear on time.  The clock is
# moved with SOURCE_DATE_EPOCH; the command run is the ExecStart line of
# the shipped systemd service (generator/web/congbo-publish.service),
# which is also the README's cron line.
. tests/cli/lib.sh

export HOME=$TMP_ROOT/home GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.name "Cẩm Vân"
git config --global user.email "camvan@example.gov.vn"
git config --global init.defaultBranch main
export LSAN_OPTIONS="suppressions=$REPO_ROOT/tests/cli/lsan-libgit2.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

T=1764000000   # 2025-11-24 23:00 in Hanoi (+07:00)
S=$TMP_ROOT/cong-thong-tin.git
WWW=$TMP_ROOT/www
W=$TMP_ROOT/work
new_portal "$W"
git init -q "$W"
# at:  2025-11-25 08:00 +07:00 = T + 9 h
printf -- '---\ntitle: Thông báo lịch tiếp công dân\ndate: 2025-11-25T08:00:00+07:00\n---\nLịch.\n' \
	> "$W/content/posts/lich.md"
git -C "$W" add -A && git -C "$W" commit -q -m "Bài hẹn giờ"
git clone -q --bare "$W" "$S"
git -C "$S" config congbo.deploy "$WWW"
DUE=$((T + 9 * 3600))
PAGE=tin-tuc/2025/thong-bao-lich-tiep-cong-dan/index.html

# the service's command, for this repository
cmd=$(sed -n 's/^ExecStart=//p' "$REPO_ROOT/generator/web/congbo-publish.service" |
	sed "s|/usr/local/bin/congbo|$CONGBO|; s|/srv/git/cong-thong-tin.git|$S|; s| --quiet||")
check "the service runs publish --if-due" test -n "$(echo "$cmd" | grep -- 'publish --if-due')"
run_at() {   # run_at EPOCH: the service's command, with the clock at EPOCH
	SOURCE_DATE_EPOCH=$1 sh -c "$cmd" >"$TMP_ROOT/out" 2>&1
}

run_at $T
expect_exit "before any publish, --if-due publishes" 0 $?
expect_grep "…and deploys" "$TMP_ROOT/out" "congbo: $WWW now serves release "
check "the future article is not served yet" test ! -e "$WWW/current/$PAGE"
git -C "$S" log -1 --format=%B site > "$TMP_ROOT/msg"
expect_line "the publish commit records when it comes due" "$TMP_ROOT/msg" "Next-Due: $DUE"
n=$(git -C "$S" rev-list --count site)

run_at $((T + 60))
expect_exit "a minute later" 0 $?
expect_line "…nothing to do, and it says when" "$TMP_ROOT/out" \
	"congbo: nothing to do: the next article of site is due in $((DUE - T - 60)) s"
check "…no commit" test "$(git -C "$S" rev-list --count site)" = "$n"
run_at $((DUE - 1))
check "one second before, still nothing" test "$(git -C "$S" rev-list --count site)" = "$n"

run_at $DUE
expect_exit "at its time" 0 $?
expect_grep "…it is published" "$TMP_ROOT/out" "congbo: published "
check "…and served" test -s "$WWW/current/$PAGE"
git -C "$S" log -1 --format=%B site > "$TMP_ROOT/msg"
expect_no_grep "…and nothing else waits" "$TMP_ROOT/msg" "Next-Due:"
run_at $((DUE + 60))
expect_line "then: nothing waits for its date" "$TMP_ROOT/out" \
	"congbo: nothing to do: no article of site waits for its date"

# a new future article changes no page, but must be recorded all the same
printf -- '---\ntitle: Lịch tháng mười hai\ndate: 2025-12-01T07:30:00+07:00\n---\nLịch.\n' \
	> "$W/content/posts/lich-12.md"
git -C "$W" add -A && git -C "$W" commit -q -m "Bài hẹn giờ tháng 12"
git -C "$W" push -q "$S" main
n=$(git -C "$S" rev-list --count site)
SOURCE_DATE_EPOCH=$((DUE + 120)) "$CONGBO" publish --repo "$S" >"$TMP_ROOT/out" 2>&1
check "a publish that only schedules an article makes a commit" \
	test "$(git -C "$S" rev-list --count site)" = "$((n + 1))"
check "…with the same files" \
	test "$(git -C "$S" rev-parse site^{tree})" = "$(git -C "$S" rev-parse site~1^{tree})"
git -C "$S" log -1 --format=%B site > "$TMP_ROOT/msg"
DUE2=$(date -d 2025-12-01T07:30:00+07:00 +%s)
expect_line "…recording its time" "$TMP_ROOT/msg" "Next-Due: $DUE2"
SOURCE_DATE_EPOCH=$((DUE + 180)) "$CONGBO" publish --repo "$S" >"$TMP_ROOT/out" 2>&1
expect_grep "publishing again changes nothing" "$TMP_ROOT/out" "congbo: site unchanged"
run_at "$DUE2"
check "at its time the second is served" \
	test -s "$WWW/current/tin-tuc/2025/lich-thang-muoi-hai/index.html"

check "the timer runs every minute" \
	grep -qx 'OnCalendar=\*-\*-\* \*:\*:00' "$REPO_ROOT/generator/web/congbo-publish.timer"
finish
