# git.sh: building from git.  `build --rev` gives the same bytes as a build
# of the same files in a working tree (also from a bare clone), and both
# date articles from one walk of the history: last change, author and
# revisions (this portal opts in with lich_su: cong_khai; privacy.sh tests
# the default), renames followed, merges credited once, shallow clones
# warned.
. tests/cli/lib.sh

# A git of our own: no user or system config leaks in.
export HOME=$TMP_ROOT/home GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.name "Cẩm Vân"
git config --global user.email "camvan@example.gov.vn"
git config --global init.defaultBranch main
export SOURCE_DATE_EPOCH=1764000000

R=$TMP_ROOT/repo
mkdir -p "$R"
cp -R "$REPO_ROOT/content" "$REPO_ROOT/themes" "$R/"
# commit_at DATE MESSAGE [git commit options]: commit everything at DATE.
commit_at() {
	d=$1 m=$2
	shift 2
	git -C "$R" add -A &&
	GIT_AUTHOR_DATE=$d GIT_COMMITTER_DATE=$d git -C "$R" commit -q -m "$m" "$@"
}
printf 'lich_su: cong_khai\n' >> "$R/content/site.yaml"
git init -q "$R"
commit_at 2024-01-02T10:00:00+07:00 "Nhập nội dung cổng"
A=content/posts/2022/hoi-nghi-danh-gia-cham-diem-xac-dinh-chi-so-cchc-cap-huyen-nam-2021.md
A_PAGE=tin-tuc/2022/hoi-nghi-danh-gia-cham-diem-xac-dinh-chi-so-cchc-cap-huyen-nam-2021/index.html
check "the sample has the article this test edits" test -f "$R/$A"
printf '\nBổ sung ảnh hội nghị.\n' >> "$R/$A"
commit_at 2024-03-05T09:30:00+07:00 "Bổ sung bài hội nghị"
git -C "$R" mv "$A" content/posts/2022/hoi-nghi.md
commit_at 2024-04-10T08:00:00+07:00 "Đổi tên tệp bài hội nghị"
A=content/posts/2022/hoi-nghi.md
# a side branch edits the article, main merges it without fast-forward
git -C "$R" checkout -q -b sua-loi
printf '\nSửa lỗi chính tả.\n' >> "$R/$A"
GIT_AUTHOR_NAME="Lê Văn Tâm" commit_at 2024-05-20T14:15:00+07:00 "Sửa lỗi chính tả <em>&</em>"
git -C "$R" checkout -q main
GIT_AUTHOR_DATE=2024-05-21T07:00:00+07:00 GIT_COMMITTER_DATE=2024-05-21T07:00:00+07:00 \
	git -C "$R" merge -q --no-ff -m "Gộp nhánh sửa lỗi" sua-loi
check "the fixture repository has 5 commits" \
	test "$(git -C "$R" rev-list --count HEAD)" = 5

# --- build --rev equals a working-tree build, byte for byte ---------------
"$CONGBO" build --source "$R" --out "$TMP_ROOT/wt" --quiet 2>"$TMP_ROOT/err"
expect_exit "working-tree build inside a repository" 0 $?
"$CONGBO" build --rev HEAD --repo "$R" --out "$TMP_ROOT/rev" --quiet 2>>"$TMP_ROOT/err"
expect_exit "build --rev HEAD" 0 $?
check "build --rev HEAD equals the working-tree build (diff -r)" \
	diff -r "$TMP_ROOT/wt" "$TMP_ROOT/rev"
check "no warning from either build" test ! -s "$TMP_ROOT/err"
git clone -q --bare "$R" "$TMP_ROOT/bare.git"
"$CONGBO" build --rev main --repo "$TMP_ROOT/bare.git" --out "$TMP_ROOT/bare" --quiet
expect_exit "build --rev from a bare clone" 0 $?
check "the bare clone's build equals the working-tree build (diff -r)" \
	diff -r "$TMP_ROOT/wt" "$TMP_ROOT/bare"
# an older commit: checked out in a clone, or read straight from the repository
git clone -q "$R" "$TMP_ROOT/old"
git -C "$TMP_ROOT/old" checkout -q HEAD~2
"$CONGBO" build --source "$TMP_ROOT/old" --out "$TMP_ROOT/old-wt" --quiet
"$CONGBO" build --rev HEAD~2 --repo "$R" --out "$TMP_ROOT/old-rev" --quiet
check "an older commit: --rev equals its checkout (diff -r)" \
	diff -r "$TMP_ROOT/old-wt" "$TMP_ROOT/old-rev"
check "an older commit's build differs from HEAD's" \
	sh -c "! diff -rq '$TMP_ROOT/wt' '$TMP_ROOT/old-wt' >/dev/null"

# --- dates from history -------------------------------------------------
P=$TMP_ROOT/rev/$A_PAGE
expect_grep "last change: the side branch's commit, its author" "$P" \
	'<p>Cập nhật lần cuối: <time datetime="2024-05-20T14:15:00+07:00">Thứ hai, 20/05/2024</time> (Lê Văn Tâm)</p>'
expect_grep "revision list under <details>" "$P" '<summary>Lịch sử chỉnh sửa</summary>'
sed -n '/<details>/,/<\/details>/p' "$P" | grep '<li>' > "$TMP_ROOT/revs"
cat > "$TMP_ROOT/revs-want" <<'HTML'
<li><time datetime="2024-05-20T14:15:00+07:00">20/05/2024</time> – Lê Văn Tâm: Sửa lỗi chính tả &lt;em&gt;&amp;&lt;/em&gt;</li>
<li><time datetime="2024-04-10T08:00:00+07:00">10/04/2024</time> – Cẩm Vân: Đổi tên tệp bài hội nghị</li>
<li><time datetime="2024-03-05T09:30:00+07:00">05/03/2024</time> – Cẩm Vân: Bổ sung bài hội nghị</li>
<li><time datetime="2024-01-02T10:00:00+07:00">02/01/2024</time> – Cẩm Vân: Nhập nội dung cổng</li>
HTML
check "revisions: newest first, across the rename, the merge not listed" \
	diff "$TMP_ROOT/revs-want" "$TMP_ROOT/revs"
O=$TMP_ROOT/rev/tin-tuc/2023
O=$(grep -l 'post-history' "$O"/*/index.html | head -n 1)
expect_no_grep "an untouched article: the commit that added it is no update" "$O" 'Cập nhật'
expect_grep "an untouched article: its one revision is listed" "$O" \
	'<li><time datetime="2024-01-02T10:00:00+07:00">02/01/2024</time> – Cẩm Vân: Nhập nội dung cổng</li>'
"$CONGBO" build --rev HEAD~3 --repo "$R" --out "$TMP_ROOT/first" --quiet
check "at the first commit, no article shows an update" \
	sh -c "! grep -rq 'Cập nhật' '$TMP_ROOT/first/tin-tuc'"
pages=$(grep -l 'class="post-history"' "$TMP_ROOT/rev"/tin-tuc/*/*/index.html | wc -l)
posts=$(ls -d "$TMP_ROOT/rev"/tin-tuc/*/*/ | wc -l)
check "every article page has its history ($pages of $posts)" test "$pages" = "$posts"
updated=$(grep -l 'Cập nhật:' "$TMP_ROOT/rev"/tin-tuc/*/*/index.html | wc -l)
check "only the edited article shows an update ($updated)" test "$updated" = 1

# uncommitted changes: that article has no date, the others keep theirs
printf '\nChưa lưu.\n' >> "$R/$A"
"$CONGBO" build --source "$R" --out "$TMP_ROOT/dirty" --quiet
expect_no_grep "an uncommitted article has no last-change date" \
	"$TMP_ROOT/dirty/$A_PAGE" 'post-history'
expect_grep "the other articles keep theirs" "$TMP_ROOT/dirty/${O#"$TMP_ROOT/rev/"}" 'post-history'
git -C "$R" checkout -q -- "$A"

# --no-history, and a portal outside any repository: no dates, no warning
"$CONGBO" build --source "$R" --out "$TMP_ROOT/nohist" --no-history --quiet
check "--no-history: no page has a history" \
	sh -c "! grep -rq 'post-history' '$TMP_ROOT/nohist'/tin-tuc"
"$CONGBO" build --rev HEAD --repo "$R" --out "$TMP_ROOT/nohist-rev" --no-history --quiet
check "--no-history: --rev and working tree still agree (diff -r)" \
	diff -r "$TMP_ROOT/nohist" "$TMP_ROOT/nohist-rev"
mkdir "$TMP_ROOT/plain"
cp -R "$R/content" "$R/themes" "$TMP_ROOT/plain/"
"$CONGBO" build --source "$TMP_ROOT/plain" --out "$TMP_ROOT/plain-site" --quiet 2>"$TMP_ROOT/err"
expect_exit "a portal outside any repository builds" 0 $?
check "outside a repository: no warning" test ! -s "$TMP_ROOT/err"
check "outside a repository: the same bytes as --no-history (diff -r)" \
	diff -r "$TMP_ROOT/nohist" "$TMP_ROOT/plain-site"

# a portal in a sub-folder of its repository is dated too
S=$TMP_ROOT/sub
mkdir -p "$S/cong-thong-tin"
cp -R "$REPO_ROOT/content" "$REPO_ROOT/themes" "$S/cong-thong-tin/"
git init -q "$S" && git -C "$S" add -A && git -C "$S" commit -q -m "Cổng trong thư mục con"
printf '\nĐính chính.\n' >> "$S/cong-thong-tin/${A%/*}/kenh-ga-lang-noi-va-suoi-khoang-nong-ben-dong-hoang-long.md"
git -C "$S" commit -q -a -m "Đính chính bài Kênh Gà"
"$CONGBO" build --source "$S/cong-thong-tin" --out "$TMP_ROOT/sub-site" --quiet
check "a portal in a sub-folder of a repository gets dates" \
	grep -rq 'Cập nhật: <time' "$TMP_ROOT/sub-site/tin-tuc/2022/kenh-ga-lang-noi-va-suoi-khoang-nong-ben-dong-hoang-long/index.html"

# --- shallow clones -----------------------------------------------------
git clone -q --depth 1 "file://$R" "$TMP_ROOT/shallow" 2>/dev/null
"$CONGBO" build --source "$TMP_ROOT/shallow" --out "$TMP_ROOT/sh-wt" --quiet 2>"$TMP_ROOT/err"
expect_exit "a shallow clone builds" 0 $?
expect_line "a shallow clone: one warning" "$TMP_ROOT/err" \
	"congbo: warning: history is shallow: last-change dates may be older than shown"
expect_grep "a shallow clone: the edge commit takes the dates" "$TMP_ROOT/sh-wt/${O#"$TMP_ROOT/rev/"}" \
	'<li><time datetime="2024-05-21T07:00:00+07:00">21/05/2024</time> – Cẩm Vân: Gộp nhánh sửa lỗi</li>'
"$CONGBO" build --rev HEAD --repo "$TMP_ROOT/shallow" --out "$TMP_ROOT/sh-rev" --quiet 2>/dev/null
check "a shallow clone: --rev equals its working tree (diff -r)" \
	diff -r "$TMP_ROOT/sh-wt" "$TMP_ROOT/sh-rev"
"$CONGBO" check --rev HEAD --repo "$TMP_ROOT/shallow" >/dev/null 2>"$TMP_ROOT/err"
expect_exit "check --rev in a shallow clone" 0 $?
# published score data makes check read the history (corrections)
expect_line "check in a shallow clone: only the shallow warning" "$TMP_ROOT/err" \
	"congbo: warning: history is shallow: last-change dates may be older than shown"
check "... and nothing else" test "$(wc -l < "$TMP_ROOT/err")" = 1
finish
