# results-corrections.sh: a published dataset corrected by a later
# decision (dinh_chinh).  The earlier figures come from the git history
# of the file, as of the commit that published them: versioned downloads,
# a before -> after notice, and articles that keep the figures of their
# date.  A build without history says what it cannot show.
. tests/cli/lib.sh

P=$TMP_ROOT/portal
mkdir -p "$P"
cp -R content themes "$P/"
S=content/scores/cchc-2021.yaml
A=tin-tuc/2022/cong-bo-chi-so-cai-cach-hanh-chinh-nam-2021-cua-cac-xa-thi-tran-va-phong-chuyen-mon/index.html
git_p() { git -C "$P" -c "user.name=Văn thư" -c user.email=vt@example.gov.vn "$@"; }
git_p init -q -b main
git_p add -A
GIT_AUTHOR_DATE=2022-06-15T10:00:00+07:00 GIT_COMMITTER_DATE=2022-06-15T10:00:00+07:00 \
	git_p commit -qm "Công bố kết quả CCHC năm 2021"

build() {   # OUT, options...
	out=$1
	shift
	SOURCE_DATE_EPOCH=1764000000 "$CONGBO" build --source "$P" --out "$out" \
		--quiet "$@" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"
}
build "$TMP_ROOT/v1"
expect_exit "the published year builds" 0 $?

# The correction: Gia Sinh's 3.4 was appraised 1, not 2.75 (3rd -> 7th).
sed -i '354s/"3.4": 2.75/"3.4": 1/' "$P/$S"
sed -i '/^quyet_dinh:/a dinh_chinh:\n  - so: 601/QĐ-UBND\n    ngay: 2022-08-10\n    file: /files/qd-601.pdf\n    ly_do: Sai sót khi tổng hợp điểm tiêu chí 3.4 của xã Gia Sinh' "$P/$S"
printf '%%PDF-1.4\n%%%%EOF\n' > "$P/content/files/qd-601.pdf"
# an article after the correction embeds the corrected figures
mkdir -p "$P/content/posts/2022"
cat > "$P/content/posts/2022/dinh-chinh.md" <<'MD'
---
title: Đính chính kết quả Chỉ số CCHC năm 2021
date: 2022-08-12
---
Kết quả sau đính chính:

{{< ket-qua cchc-2021 nhom=xa top=7 >}}
MD

# --- uncommitted: version 1 from HEAD, version 2 from the working file ---
for state in uncommitted committed; do
	if [ $state = committed ]; then
		git_p add -A
		GIT_AUTHOR_DATE=2022-08-10T15:00:00+07:00 GIT_COMMITTER_DATE=2022-08-10T15:00:00+07:00 \
			git_p commit -qm "Đính chính kết quả năm 2021 (QĐ 601)"
	fi
	build "$TMP_ROOT/$state"
	expect_exit "$state correction: builds" 0 $?
	R=$TMP_ROOT/$state/ket-qua/cchc-2021
	check "$state: v1.csv is the CSV as first published" cmp -s "$R/cchc-2021.v1.csv" "$TMP_ROOT/v1/ket-qua/cchc-2021/cchc-2021.csv"
	check "$state: v1.json is the JSON as first published" cmp -s "$R/cchc-2021.v1.json" "$TMP_ROOT/v1/ket-qua/cchc-2021/cchc-2021.json"
	check "$state: v2.csv is the corrected CSV" cmp -s "$R/cchc-2021.v2.csv" "$R/cchc-2021.csv"
	check "$state: the corrected CSV differs" sh -c "! cmp -s '$R/cchc-2021.csv' '$TMP_ROOT/v1/ket-qua/cchc-2021/cchc-2021.csv'"
	expect_no_grep "$state: no warning" "$TMP_ROOT/err" 'warning'
done
R=$TMP_ROOT/committed/ket-qua/cchc-2021
expect_grep "the notice names the decision and the reason" "$R/index.html" \
	'<strong>Đính chính lần 1</strong> theo Quyết định số <strong>601/QĐ-UBND</strong> ngày <time datetime="2022-08-10T00:00:00+07:00">10/08/2022</time> (<a href="../../files/qd-601.pdf">PDF</a>). Lý do: Sai sót khi tổng hợp điểm tiêu chí 3.4 của xã Gia Sinh'

# The before -> after table: exactly the units whose figures changed,
# worked out here from the two JSON versions.
python3 - "$R/index.html" "$R/cchc-2021.v1.json" "$R/cchc-2021.v2.json" > "$TMP_ROOT/cmp" 2>&1 <<'PY'
import json, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
v1, v2 = (json.load(open(f, encoding="utf-8")) for f in sys.argv[2:4])
fmt = lambda x: f"{float(x):.2f}".replace(".", ",")
old = {u["ma"]: u for u in v1["don_vi"]}
want = []
for u in v2["don_vi"]:
    o = old[u["ma"]]
    if (o["tong_diem"], o["chi_so"], o["xep_hang"], o["xep_loai"]) != \
       (u["tong_diem"], u["chi_so"], u["xep_hang"], u["xep_loai"]):
        want.append((u["ma"], fmt(o["chi_so"]), fmt(u["chi_so"]), str(o["xep_hang"]), str(u["xep_hang"])))
table = html.split('class="correction-table"')[1].split("</table>")[0]
got = []
for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", table, re.S):
    ma = re.search(r'/([a-z0-9-]+)/">', row).group(1)
    cells = re.findall(r'<td[^>]*>(.*?)</td>', row, re.S)
    i = cells[1].split(" → ")
    r = cells[2].split(" → ")
    got.append((ma, i[0], i[1], r[0], r[1]))
print(got)
print(want)
sys.exit(0 if got == want and any(g[0] == "gia-sinh" and g[3:] == ("3", "7") for g in got) else 1)
PY
if [ $? = 0 ]; then ok "the notice lists every unit whose figures changed, before -> after (Gia Sinh 3 -> 7)"
else fail "the notice lists every unit whose figures changed, before -> after (Gia Sinh 3 -> 7)" "$(cat "$TMP_ROOT/cmp")"; fi
expect_grep "downloads of each version" "$R/index.html" \
	'<a href="../../ket-qua/cchc-2021/cchc-2021.v1.csv" download>lần 1: CSV</a>'
expect_grep "a unit page says the year was corrected" "$R/gia-sinh/index.html" \
	'Kết quả năm 2021 đã được đính chính: <a href="../../../ket-qua/cchc-2021/#dinh-chinh">xem thông báo đính chính</a>.'

# The announcement of 20/06/2022 keeps the figures of its day: its table is
# the one the first build showed, with a link to the corrected ones.
embed() { sed -n '/<figure class="result-embed">/,/<\/figure>/p' "$1" | grep -v 'result-embed-as-of' ; }
embed "$TMP_ROOT/v1/$A" > "$TMP_ROOT/embed-v1"
embed "$TMP_ROOT/committed/$A" > "$TMP_ROOT/embed-now"
check "the announcement shows the figures of its date" cmp -s "$TMP_ROOT/embed-v1" "$TMP_ROOT/embed-now"
expect_grep "... and says they were corrected since" "$TMP_ROOT/committed/$A" \
	'Số liệu theo Quyết định số 512/QĐ-UBND ngày 15/06/2022, tại thời điểm đăng bài. Kết quả đã được đính chính theo Quyết định số 601/QĐ-UBND ngày 10/08/2022: <a href="../../../ket-qua/cchc-2021/#dinh-chinh">xem số liệu đã đính chính</a>.'
D=$TMP_ROOT/committed/tin-tuc/2022/dinh-chinh-ket-qua-chi-so-cchc-nam-2021/index.html
expect_grep "an article after the correction shows Gia Sinh 7th" "$D" \
	'<tr><td class="num">7</td><th scope="row"><a href="../../../ket-qua/cchc-2021/gia-sinh/">Xã Gia Sinh</a>'
expect_no_grep "... without the note" "$D" 'result-embed-as-of'

# A build of the first commit is the first version, whatever came after.
SOURCE_DATE_EPOCH=1764000000 "$CONGBO" build --rev HEAD~1 --repo "$P" --out "$TMP_ROOT/rev" --quiet >/dev/null 2>&1
check "build --rev of the publishing commit gives v1's CSV" cmp -s "$TMP_ROOT/rev/ket-qua/cchc-2021/cchc-2021.csv" "$TMP_ROOT/v1/ket-qua/cchc-2021/cchc-2021.csv"
build "$TMP_ROOT/byrev" --rev HEAD --repo "$P"
check "build --rev HEAD has the versions too" cmp -s "$TMP_ROOT/byrev/ket-qua/cchc-2021/cchc-2021.v1.csv" "$TMP_ROOT/v1/ket-qua/cchc-2021/cchc-2021.csv"

# --- without history -----------------------------------------------------
build "$TMP_ROOT/nohist" --no-history
expect_exit "without history: builds" 0 $?
expect_line "... and warns what it cannot show" "$TMP_ROOT/err" \
	"$S: warning: this build reads no git history (--no-history, or the portal is not in a git repository), so the figures before the 1 correction (dinh_chinh) cannot be shown; the results page says so: build in the repository to show them"
expect_grep "... the page says so" "$TMP_ROOT/nohist/ket-qua/cchc-2021/index.html" \
	'Bản dựng này không đọc lịch sử git của trang nên không hiển thị được số liệu trước đính chính.'
check "... no v1 download" test ! -e "$TMP_ROOT/nohist/ket-qua/cchc-2021/cchc-2021.v1.csv"
expect_grep "... the current figures as version 2" "$TMP_ROOT/nohist/ket-qua/cchc-2021/index.html" \
	'lần 1: không có; <a href="../../ket-qua/cchc-2021/cchc-2021.v2.csv" download>lần 2 (hiện hành): CSV</a>'

# --- a change of published figures without a correction -----------------
cp "$P/$S" "$TMP_ROOT/good.yaml"
sed -i '/^  - ma: gia-hoa$/,/^  - ma: /s/"7.4": 2}/"7.4": 3}/' "$P/$S"
build "$TMP_ROOT/silent"
expect_exit "figures changed without dinh_chinh: still builds" 0 $?
expect_line "... but says the change is not recorded" "$TMP_ROOT/err" \
	"$S: warning: the figures differ from those published by 601/QĐ-UBND (as first committed) and dinh_chinh records no correction for the change: add the correcting decision to dinh_chinh, so that the published figures stay available"
cp "$TMP_ROOT/good.yaml" "$P/$S"
sed -i 's/^tieu_de: Kết quả xác định/tieu_de: Kết quả xác định chính thức/' "$P/$S"
build "$TMP_ROOT/silent"
expect_no_grep "a change that moves no figure is not a correction" "$TMP_ROOT/err" 'warning'
cp "$TMP_ROOT/good.yaml" "$P/$S"

# --- a first version written before quyet_dinh had its file -------------
Q=$TMP_ROOT/legacy
mkdir -p "$Q"
cp -R content themes "$Q/"
git -C "$Q" init -q -b main
sed -i 's|^quyet_dinh: .*|quyet_dinh: {so: 512/QĐ-UBND, ngay: 2022-06-15}|' "$Q/$S"
git -C "$Q" add -A
git -C "$Q" -c user.name=vt -c user.email=vt@example.gov.vn commit -qm v1
cp "$P/$S" "$Q/$S"
cp "$P/content/files/qd-601.pdf" "$Q/content/files/"
SOURCE_DATE_EPOCH=1764000000 "$CONGBO" build --source "$Q" --out "$Q/site" --quiet \
	>"$TMP_ROOT/out" 2>"$TMP_ROOT/err"
expect_exit "a history from before quyet_dinh.file: builds" 0 $?
check "... and its first version is found" cmp -s "$Q/site/ket-qua/cchc-2021/cchc-2021.v1.csv" "$TMP_ROOT/v1/ket-qua/cchc-2021/cchc-2021.csv"

# --- mistakes ------------------------------------------------------------
sed -i 's|    ngay: 2022-08-10|    ngay: 2022-06-01|' "$P/$S"
build "$TMP_ROOT/bad"
expect_exit "a correction dated before the decision: refused" 1 $?
expect_line "... saying so" "$TMP_ROOT/err" \
	"$S:14:11: error: correction of 2022-06-01 must come after 2022-06-15: list the corrections in the order they were decided"
cp "$TMP_ROOT/good.yaml" "$P/$S"
sed -i 's|    file: /files/qd-601.pdf|    file: /files/qd-602.pdf|' "$P/$S"
build "$TMP_ROOT/bad"
expect_line "a correction's PDF that is not there" "$TMP_ROOT/err" \
	"$S:15:11: error: the decision's file /files/qd-602.pdf does not exist: put the signed PDF at content/files/qd-602.pdf"
cp "$TMP_ROOT/good.yaml" "$P/$S"
sed -i 's|^quyet_dinh: .*|trang_thai: du_thao|' "$P/$S"
"$CONGBO" check --source "$P" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"
expect_line "a draft has no corrections" "$TMP_ROOT/err" \
	"$S:13:3: warning: draft dataset (trang_thai: du_thao), not published: a draft has no corrections: dinh_chinh corrects published figures (trang_thai: cong_bo)"
finish
