# results-status.sh: a score dataset is a draft (trang_thai: du_thao, or
# no quyet_dinh) or published.  A draft is built only in preview (build
# --drafts, serve), marked DỰ THẢO and noindex; outside preview it is left
# out and its problems are warnings.  A published dataset needs its
# signed decision (so, ngay, and a PDF under content/), which every
# results page links.
. tests/cli/lib.sh

P=$TMP_ROOT/portal
mkdir -p "$P"
cp -R content themes "$P/"
S=$P/content/scores
A=content/posts/2023/ket-qua-du-thao.md

# The 2022 results, typed in but not yet decided: a complete draft.
sed -e 's/^nam: 2021/nam: 2022/' -e 's/năm 2021 của/năm 2022 của/' \
	-e '/^quyet_dinh:/d' "$S/cchc-2021.yaml" > "$S/cchc-2022.yaml"

build() {   # OUT, options...
	out=$1
	shift
	SOURCE_DATE_EPOCH=1764000000 "$CONGBO" build --source "$P" --out "$out" \
		--no-history "$@" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"
}

# --- outside preview: left out, nothing else changes --------------------
build "$TMP_ROOT/site"
expect_exit "a portal with a draft year builds" 0 $?
check "the draft has no page" test ! -e "$TMP_ROOT/site/ket-qua/cchc-2022"
check "the published years have theirs" test -f "$TMP_ROOT/site/ket-qua/cchc-2021/index.html"
expect_no_grep "ket-qua/ does not list the draft" "$TMP_ROOT/site/ket-qua/index.html" 'cchc-2022'
expect_no_grep "a complete draft gives no warning" "$TMP_ROOT/err" 'cchc-2022'

# --- the decision's PDF on every results page --------------------------
R=$TMP_ROOT/site/ket-qua
expect_grep "the dataset page links the decision's PDF" "$R/cchc-2021/index.html" \
	'Công bố theo Quyết định số <strong>512/QĐ-UBND</strong> ngày <time datetime="2022-06-15T00:00:00+07:00">15/06/2022</time> của Ủy ban nhân dân huyện Gia Viễn. <a href="../../files/quyet-dinh-512-qd-ubnd.pdf">Toàn văn quyết định (PDF)</a>'
expect_grep "a unit page links it" "$R/cchc-2021/gia-hoa/index.html" \
	'Công bố theo Quyết định số 512/QĐ-UBND ngày 15/06/2022 (<a href="../../../files/quyet-dinh-512-qd-ubnd.pdf">PDF</a>)'
expect_grep "ket-qua/ links it" "$R/index.html" '<a href="../files/quyet-dinh-1205-qd-ubnd.pdf">PDF</a>'
check "the PDF is published" test -s "$TMP_ROOT/site/files/quyet-dinh-1205-qd-ubnd.pdf"

# --- preview: built, marked, not indexed -------------------------------
build "$TMP_ROOT/preview" --drafts
expect_exit "build --drafts" 0 $?
D=$TMP_ROOT/preview/ket-qua/cchc-2022
check "the draft's page in preview" test -f "$D/index.html"
check "its unit pages" test -f "$D/gia-hoa/index.html"
check "its downloads" test -s "$D/cchc-2022.xa.csv"
for page in "$D/index.html" "$D/gia-hoa/index.html"; do
	expect_grep "DỰ THẢO on ${page#$TMP_ROOT/}" "$page" '<strong>DỰ THẢO</strong> – kết quả chưa được công bố'
	expect_grep "noindex on ${page#$TMP_ROOT/}" "$page" '<meta name="robots" content="noindex">'
done
expect_no_grep "a published page is indexed" "$TMP_ROOT/preview/ket-qua/cchc-2021/index.html" 'noindex'
expect_grep "ket-qua/ marks the draft" "$TMP_ROOT/preview/ket-qua/index.html" \
	'Năm 2022</a> <span class="draft-label">[DỰ THẢO]</span>'
expect_no_grep "the sitemap leaves the draft out" "$TMP_ROOT/preview/sitemap.xml" 'cchc-2022'

# --- serve is a preview: it shows the draft without --drafts ----------
SERVER_PID=
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$TMP_ROOT"' EXIT
serve_start "$P"
curl -s -o "$TMP_ROOT/served" "${URL}ket-qua/cchc-2022/"
expect_grep "serve shows the draft, marked" "$TMP_ROOT/served" '<strong>DỰ THẢO</strong>'
kill "$SERVER_PID" 2>/dev/null
wait "$SERVER_PID" 2>/dev/null
SERVER_PID=

# --- an article that embeds the draft ---------------------------------
mkdir -p "$P/content/posts/2023"
cat > "$P/$A" <<'MD'
---
title: Kết quả dự thảo
date: 2023-05-01
---
Dự thảo kết quả:

{{< ket-qua cchc-2022 nhom=xa top=3 >}}
MD
build "$TMP_ROOT/site"
expect_exit "outside preview an article may not embed a draft" 1 $?
expect_line "... and says why" "$TMP_ROOT/err" \
	"$A:7:13: error: cchc-2022 is a draft (trang_thai: du_thao), published only with its signed decision: embed it once it is published (build --drafts and serve show drafts)"
build "$TMP_ROOT/preview" --drafts
expect_exit "in preview it may" 0 $?
expect_grep "... marked as a draft" "$TMP_ROOT/preview/tin-tuc/2023/ket-qua-du-thao/index.html" \
	'<strong class="draft-label">[DỰ THẢO]</strong>'
rm "$P/$A"

# --- a draft's problems are warnings ----------------------------------
# a score above its maximum and a leaf left without points
sed -i -e '189s/"1.1.1": 0.75/"1.1.1": 7/' -e '189s/"1.2": 1.25, //' "$S/cchc-2022.yaml"
F=content/scores/cchc-2022.yaml
for mode in build check; do
	if [ $mode = build ]; then build "$TMP_ROOT/site"
	else "$CONGBO" check --source "$P" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"; fi
	expect_exit "$mode: a draft with mistakes stops nothing" 0 $?
	expect_line "$mode: ... a warning that says it is a draft" "$TMP_ROOT/err" \
		"$F:189:26: warning: draft dataset (trang_thai: du_thao), not published: score 7 is above the maximum 1 of sub-criterion 1.1.1 (Ban hành kế hoạch kịp thời)"
	expect_line "$mode: ... every one of them" "$TMP_ROOT/err" \
		"$F:189:16: warning: draft dataset (trang_thai: du_thao), not published: criterion 1.2 (Chế độ báo cáo CCHC) has no score in tham_dinh; give one, or list it in khong_ap_dung"
	expect_no_grep "$mode: ... and no error" "$TMP_ROOT/err" ': error: '
done
build "$TMP_ROOT/preview" --drafts
expect_exit "in preview too" 0 $?
check "... where the broken draft has no page" test ! -e "$TMP_ROOT/preview/ket-qua/cchc-2022/index.html"
# the same mistakes in a published year stop the build
sed -i '11s|^|trang_thai: cong_bo\nquyet_dinh: {so: 77/QĐ-UBND, ngay: 2023-06-01, file: /files/quyet-dinh-512-qd-ubnd.pdf}\n|' "$S/cchc-2022.yaml"
build "$TMP_ROOT/site"
expect_exit "published, the same mistakes stop the build" 1 $?
expect_line "... as errors" "$TMP_ROOT/err" \
	"$F:191:26: error: score 7 is above the maximum 1 of sub-criterion 1.1.1 (Ban hành kế hoạch kịp thời)"
rm "$S/cchc-2022.yaml"

# --- a published dataset needs its decision's PDF ----------------------
cp "$S/cchc-2021.yaml" "$TMP_ROOT/good.yaml"
F=content/scores/cchc-2021.yaml
sed -i 's|^quyet_dinh: .*|quyet_dinh: {so: 512/QĐ-UBND, ngay: 2022-06-15}|' "$S/cchc-2021.yaml"
build "$TMP_ROOT/site"
expect_exit "published without the PDF: refused" 1 $?
expect_line "... saying what to add" "$TMP_ROOT/err" \
	"$F:11:13: error: missing key \"file\" (the signed decision's PDF under content/, e.g. file: /files/quyet-dinh-512-qd-ubnd.pdf): a published dataset links its decision; until it is signed, write trang_thai: du_thao"
sed -i 's|^quyet_dinh: .*|quyet_dinh: {so: 512/QĐ-UBND, ngay: 2022-06-15, file: /files/qd-512.pdf}|' "$S/cchc-2021.yaml"
build "$TMP_ROOT/site"
expect_exit "a PDF that is not there: refused" 1 $?
expect_line "... naming where to put it" "$TMP_ROOT/err" \
	"$F:11:55: error: the decision's file /files/qd-512.pdf does not exist: put the signed PDF at content/files/qd-512.pdf"
sed -i 's|^quyet_dinh: .*|trang_thai: cong_bo|' "$S/cchc-2021.yaml"
build "$TMP_ROOT/site"
expect_exit "cong_bo without a decision: refused" 1 $?
expect_line "... saying what it needs" "$TMP_ROOT/err" \
	"$F:11:13: error: trang_thai: cong_bo needs quyet_dinh, the signed decision: {so: 512/QĐ-UBND, ngay: 2022-06-15, file: /files/quyet-dinh-512-qd-ubnd.pdf}"
sed -i 's|^trang_thai: cong_bo|trang_thai: du_thao|' "$S/cchc-2021.yaml"
"$CONGBO" check --source "$P" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"
expect_exit "marked du_thao, the year is a draft again: its announcement may not embed it" 1 $?
expect_grep "... which check says" "$TMP_ROOT/err" \
	"error: cchc-2021 is a draft (trang_thai: du_thao), published only with its signed decision"
cp "$TMP_ROOT/good.yaml" "$S/cchc-2021.yaml"
finish
