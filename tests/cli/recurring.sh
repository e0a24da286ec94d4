# recurring.sh: articles sharing a title all build, at URLs that never
# move.  The first added (by the commit that added its file) keeps the
# plain URL, the others take their own date; a back-dated article added
# later does not take an existing URL; `check` notes each group.
. tests/cli/lib.sh

export HOME=$TMP_ROOT/home GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.name "Cẩm Vân"
git config --global user.email "camvan@example.gov.vn"
git config --global init.defaultBranch main
export SOURCE_DATE_EPOCH=1764000000

R=$TMP_ROOT/repo
new_portal "$R"
P=$R/content/posts/2024
mkdir -p "$P"
# lich FILE DATE: a weekly schedule, the title every week's has
lich() {
	cat > "$P/$1" <<MD
---
title: Lịch công tác tuần
date: $2
categories: [Thông báo]
---
Lịch làm việc của Thường trực HĐND và UBND huyện.
MD
}
commit_at() {
	git -C "$R" add -A &&
	GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1 git -C "$R" commit -q -m "$2"
}
T=tin-tuc/2024
# dated SITE URL: the date of the article a page shows
dated() { grep -o 'datetime="[^"]*"' "$TMP_ROOT/$1/$T/$2/index.html" | head -n 1; }
git init -q "$R"
lich lich-tuan-11.md "2024-03-11 08:00"
commit_at 2024-03-11T08:05:00+07:00 "Lịch tuần 11"
lich lich-tuan-12.md "2024-03-18 08:00"
commit_at 2024-03-18T08:05:00+07:00 "Lịch tuần 12"

"$CONGBO" build --source "$R" --out "$TMP_ROOT/s1" --quiet 2> "$TMP_ROOT/e1"
expect_exit "two articles with one title build" 0 $?
check "the second takes its date" \
	test -f "$TMP_ROOT/s1/$T/lich-cong-tac-tuan-2024-03-18/index.html"
check "the plain URL is the 11 March article" \
	test "$(dated s1 lich-cong-tac-tuan)" = 'datetime="2024-03-11T08:00:00+07:00"'

# A back-dated copy added later (dated before both), and one the same day
# as week 12: no existing URL moves.
lich lich-tuan-10-bo-sung.md "2024-03-04 08:00"
lich lich-tuan-12-dieu-chinh.md "2024-03-18 14:30"
commit_at 2024-03-20T09:00:00+07:00 "Bổ sung lịch tuần 10, điều chỉnh lịch tuần 12"
"$CONGBO" build --source "$R" --out "$TMP_ROOT/s2" --quiet 2> "$TMP_ROOT/e2"
expect_exit "four articles with one title build" 0 $?
for u in lich-cong-tac-tuan lich-cong-tac-tuan-2024-03-18; do
	check "$u keeps its article" test "$(dated s1 $u)" = "$(dated s2 $u)"
done
check "the back-dated addition takes its own date" \
	test -f "$TMP_ROOT/s2/$T/lich-cong-tac-tuan-2024-03-04/index.html"
check "the same day adds the time" \
	test -f "$TMP_ROOT/s2/$T/lich-cong-tac-tuan-2024-03-18-1430/index.html"

# The same minute again, not committed yet: newest of all, so the file
# name's stem too.
lich lich-tuan-12-ban-2.md "2024-03-18 14:30"
"$CONGBO" build --source "$R" --out "$TMP_ROOT/s3" --quiet 2> "$TMP_ROOT/e3"
expect_exit "an uncommitted fifth builds" 0 $?
check "the same minute adds the file's stem" \
	test -f "$TMP_ROOT/s3/$T/lich-cong-tac-tuan-2024-03-18-1430-lich-tuan-12-ban-2/index.html"
check "the committed one keeps its URL" test "$(dated s2 lich-cong-tac-tuan-2024-03-18-1430)" = \
	"$(dated s3 lich-cong-tac-tuan-2024-03-18-1430)"

# check: one note per group, on the file that keeps the URL
"$CONGBO" check --source "$R" --quiet 2> "$TMP_ROOT/c"
expect_exit "check passes with a group" 0 $?
expect_line "check notes the group" "$TMP_ROOT/c" \
	"content/posts/2024/lich-tuan-11.md:1:1: note: 5 articles share the URL tin-tuc/2024/lich-cong-tac-tuan/: this one keeps it; content/posts/2024/lich-tuan-12.md at tin-tuc/2024/lich-cong-tac-tuan-2024-03-18/, content/posts/2024/lich-tuan-10-bo-sung.md at tin-tuc/2024/lich-cong-tac-tuan-2024-03-04/, content/posts/2024/lich-tuan-12-dieu-chinh.md at tin-tuc/2024/lich-cong-tac-tuan-2024-03-18-1430/, content/posts/2024/lich-tuan-12-ban-2.md at tin-tuc/2024/lich-cong-tac-tuan-2024-03-18-1430-lich-tuan-12-ban-2/"
check "a build prints no note" test ! -s "$TMP_ROOT/e3"

# Without history the front-matter date decides: the back-dated article
# takes the plain URL (documented); slug: pins one.
"$CONGBO" build --source "$R" --out "$TMP_ROOT/s4" --quiet --no-history
check "--no-history: the earliest date keeps the plain URL" \
	test "$(dated s4 lich-cong-tac-tuan)" = 'datetime="2024-03-04T08:00:00+07:00"'
sed -i 's/^title: Lịch công tác tuần$/&\nslug: lich-cong-tac-tuan/' "$P/lich-tuan-11.md"
"$CONGBO" build --source "$R" --out "$TMP_ROOT/s5" --quiet --no-history
check "--no-history: a pinned slug keeps the plain URL" \
	test "$(dated s5 lich-cong-tac-tuan)" = 'datetime="2024-03-11T08:00:00+07:00"'

# Two articles pinning one slug cannot both have it.
sed -i 's/^title: Lịch công tác tuần$/&\nslug: lich-cong-tac-tuan/' "$P/lich-tuan-12.md"
"$CONGBO" check --source "$R" 2> "$TMP_ROOT/c2"
expect_exit "two pinned slugs fail" 1 $?
expect_line "two pinned slugs: the error names both" "$TMP_ROOT/c2" \
	"content/posts/2024/lich-tuan-12.md:1:1: error: this page's URL tin-tuc/2024/lich-cong-tac-tuan/index.html is also the URL of content/posts/2024/lich-tuan-11.md; give one of them another slug"
finish
