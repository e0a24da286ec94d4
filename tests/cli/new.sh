# new.sh: `congbo new post|page|scores`: where the file goes, what it holds,
# that it builds, and that nothing is ever overwritten.
. tests/cli/lib.sh

# 2025-11-24T16:00:00Z, 23:00 in Việt Nam
export SOURCE_DATE_EPOCH=1764000000
P=$TMP_ROOT/portal
new_portal "$P"
printf 'author: Trung tâm VHTT&TT\n' >> "$P/content/site.yaml"

# ---- post ----
"$CONGBO" new post "Hội nghị: tổng kết \"CCHC\" năm 2025" --source "$P" \
	> "$TMP_ROOT/out" 2> "$TMP_ROOT/err"
expect_exit "new post succeeds" 0 $?
POST=$P/content/posts/2025/hoi-nghi-tong-ket-cchc-nam-2025.md
check "new post writes content/posts/YYYY/slug.md" test -f "$POST"
expect_grep "... and says where" "$TMP_ROOT/out" "content/posts/2025/hoi-nghi-tong-ket-cchc-nam-2025.md"
expect_line "the title is kept, quoted for YAML" "$POST" 'title: "Hội nghị: tổng kết \"CCHC\" năm 2025"'
expect_line "the date is now in the site's timezone" "$POST" "date: 2025-11-24T23:00:00+07:00"
expect_line "the author comes from site.yaml" "$POST" "author: Trung tâm VHTT&TT"
expect_grep "categories start empty" "$POST" "categories: []"
expect_grep "a summary placeholder" "$POST" "summary:"
expect_grep "it is a draft" "$POST" "draft: true"
check "the front matter is closed" sh -c "grep -c '^---\$' '$POST' | grep -qx 2"

"$CONGBO" check --source "$P" > "$TMP_ROOT/out" 2> "$TMP_ROOT/err"
expect_exit "congbo check accepts the new post" 0 $?
check "... without a warning" test ! -s "$TMP_ROOT/err"
"$CONGBO" build --source "$P" --out "$TMP_ROOT/site" > "$TMP_ROOT/out" 2>&1
expect_grep "a plain build leaves the draft out" "$TMP_ROOT/out" "left out 1 drafts"
"$CONGBO" build --source "$P" --out "$TMP_ROOT/site" --drafts --verbose \
	> "$TMP_ROOT/out" 2> "$TMP_ROOT/err"
expect_grep "build --verbose still sums up" "$TMP_ROOT/out" "congbo: built 2 articles"
check "build --verbose gives the seconds of each phase" \
	grep -qE '^congbo: load [0-9.]+ s, render [0-9.]+ s, write [0-9.]+ s(;|$)' "$TMP_ROOT/out"
check "no progress line when stderr is not a terminal" test ! -s "$TMP_ROOT/err"
check "build --drafts publishes it" \
	test -f "$TMP_ROOT/site/tin-tuc/2025/hoi-nghi-tong-ket-cchc-nam-2025/index.html"
expect_grep "... with its title as written" \
	"$TMP_ROOT/site/tin-tuc/2025/hoi-nghi-tong-ket-cchc-nam-2025/index.html" \
	"Hội nghị: tổng kết &quot;CCHC&quot; năm 2025"

cp "$POST" "$TMP_ROOT/before"
"$CONGBO" new post "Hội nghị: tổng kết \"CCHC\" năm 2025" --source "$P" \
	> "$TMP_ROOT/out" 2> "$TMP_ROOT/err"
expect_exit "the same title again is refused" 1 $?
expect_grep "... naming the file" "$TMP_ROOT/err" "hoi-nghi-tong-ket-cchc-nam-2025.md: error: exists already"
check "... and the file is untouched" cmp -s "$POST" "$TMP_ROOT/before"

"$CONGBO" new post "Bài của phóng viên" --author "Minh Anh: phóng viên" --source "$P" >/dev/null
expect_line "--author wins over site.yaml" \
	"$P/content/posts/2025/bai-cua-phong-vien.md" 'author: "Minh Anh: phóng viên"'

( cd "$P" && "$CONGBO" new post "Từ thư mục cổng" >/dev/null )
check "without --source it writes in this folder" \
	test -f "$P/content/posts/2025/tu-thu-muc-cong.md"

"$CONGBO" new post "!!!" --source "$P" 2> "$TMP_ROOT/err"
expect_exit "a title without letters is refused" 1 $?
expect_grep "... saying why" "$TMP_ROOT/err" "has no letter or digit"

"$CONGBO" new post "Bài" --source "$TMP_ROOT/nowhere" 2> "$TMP_ROOT/err"
expect_exit "outside a portal it fails" 1 $?
expect_grep "... naming site.yaml" "$TMP_ROOT/err" "content/site.yaml: error: cannot read it"

# ---- page ----
"$CONGBO" new page "Liên hệ" --source "$P" > "$TMP_ROOT/out"
expect_exit "new page succeeds" 0 $?
check "new page writes content/pages/slug.md" test -f "$P/content/pages/lien-he.md"
expect_line "... with its title" "$P/content/pages/lien-he.md" "title: Liên hệ"
"$CONGBO" check --source "$P" >/dev/null 2>&1
expect_exit "congbo check accepts the new page" 0 $?

# ---- usage ----
"$CONGBO" new 2>/dev/null
expect_exit "new without words is bad usage" 2 $?
"$CONGBO" new story "A" 2>/dev/null
expect_exit "an unknown kind is bad usage" 2 $?
"$CONGBO" new post Hai từ 2>/dev/null
expect_exit "an unquoted title is bad usage" 2 $?
"$CONGBO" new page "A" --author B 2>/dev/null
expect_exit "--author goes with post only" 2 $?

# ---- scores ----
S=$TMP_ROOT/sample
mkdir -p "$S"
cp -R content themes "$S/"
"$CONGBO" new scores cchc-2022 --source "$S" > "$TMP_ROOT/out" 2> "$TMP_ROOT/err"
expect_exit "new scores succeeds" 0 $?
NEW=$S/content/scores/cchc-2022.yaml
OLD=$S/content/scores/cchc-2021.yaml
check "new scores writes content/scores/ID.yaml" test -f "$NEW"
expect_line "nam is the new year" "$NEW" "nam: 2022"
expect_grep "the title names the new year" "$NEW" "Chỉ số cải cách hành chính năm 2022"
check "no decision yet" sh -c "! grep -q '^quyet_dinh:' '$NEW'"
expect_line "a draft" "$NEW" "trang_thai: du_thao"
units=$(grep -c '^  - ma: ' "$OLD")
check "every unit is kept ($units)" test "$(grep -c '^  - ma: ' "$NEW")" = "$units"
check "every unit's appraisal is empty" test "$(grep -c '^    tham_dinh: {}$' "$NEW")" = "$units"
check "every unit gets nam_truoc" test "$(grep -c '^    nam_truoc: {chi_so: ' "$NEW")" = "$units"
check "no score is left" sh -c "! grep -q 'tham_dinh: {\"' '$NEW'"
check "bands and criteria are copied as written" sh -c \
	"sed -n '/^xep_loai:/,/^don_vi:/p' '$OLD' > '$TMP_ROOT/a'; sed -n '/^xep_loai:/,/^don_vi:/p' '$NEW' > '$TMP_ROOT/b'; cmp -s '$TMP_ROOT/a' '$TMP_ROOT/b'"
expect_grep "khong_ap_dung is kept" "$NEW" 'khong_ap_dung: ["3.2.1", "3.2.2"]'
expect_grep "xep_hang: false is kept" "$NEW" "xep_hang: false"

"$CONGBO" check --source "$S" > "$TMP_ROOT/out" 2> "$TMP_ROOT/err"
expect_exit "congbo check passes: the new file is a draft" 0 $?
grep ': warning: ' "$TMP_ROOT/err" > "$TMP_ROOT/errors"
check "... and lists the missing scores as a draft's warnings, nothing else" sh -c \
	"test -s '$TMP_ROOT/errors' && ! grep -v 'cchc-2022.yaml:[0-9]*:[0-9]*: warning: draft dataset (trang_thai: du_thao), not published: .* has no score in ' '$TMP_ROOT/errors'"
"$CONGBO" build --source "$S" --out "$S/site" --quiet > /dev/null 2>&1
expect_exit "the portal builds with the new draft" 0 $?
check "... which is left out" test ! -e "$S/site/ket-qua/cchc-2022"
check "... beside the published years" test -f "$S/site/ket-qua/cchc-2021/index.html"
"$CONGBO" build --source "$S" --out "$S/site" --drafts --quiet > /dev/null 2>&1
expect_exit "build --drafts too: a draft with gaps is only warned of" 0 $?

"$CONGBO" new scores cchc-2022 --source "$S" 2> "$TMP_ROOT/err"
expect_exit "new scores never overwrites" 1 $?
expect_grep "... naming the file" "$TMP_ROOT/err" "cchc-2022.yaml: error: exists already"
"$CONGBO" new scores cchc-2019 --source "$S" 2> "$TMP_ROOT/err"
expect_exit "no earlier year to start from" 1 $?
expect_grep "... says so" "$TMP_ROOT/err" "no earlier content/scores/cchc-YYYY.yaml"
"$CONGBO" new scores "CCHC 2023" --source "$S" 2> "$TMP_ROOT/err"
expect_exit "a bad id is refused" 1 $?
expect_grep "... saying what an id is" "$TMP_ROOT/err" "SERIES-YEAR"
finish
