# excel.sh: score data in Excel, both ways, with a real LibreOffice.
#
# The annex download (.xlsx) of each dataset: one sheet per group, the
# decision on top, numbers as numbers, the same figures as the JSON, the
# same bytes on every build.  The clerk's entry workbook: `congbo export
# scores` writes it, LibreOffice opens and re-saves it as Excel would, and
# `congbo import scores` reads it back to the very same YAML; a changed
# cell changes exactly that score; planted mistakes are each reported at
# their cell, and then the YAML file is left as it was.
. tests/cli/lib.sh

P=$TMP_ROOT/portal
mkdir -p "$P"
cp -R content themes "$P/"
cp "$P/content/scores/cchc-2021.yaml" "$TMP_ROOT/orig.yaml"
export HOME=$TMP_ROOT/home   # LibreOffice's profile, private to the test

# resave IN OUTDIR: LibreOffice opens IN and saves it as Excel 2007-365.
resave() {
	mkdir -p "$2"
	soffice --headless --norestore --convert-to 'xlsx:Calc MS Excel 2007 XML' \
		--outdir "$2" "$1" >"$TMP_ROOT/soffice.log" 2>&1
	test -s "$2/$(basename "$1")"
}

# plant IN OUT SHEET CELL=VALUE...: OUT is IN with cells of SHEET replaced;
# a VALUE of n:NUMBER is a number, t:TEXT is text, h:TEXT a new text.
plant() {
	python3 - "$@" <<'PY'
import re, sys, zipfile
src, dst, sheet = sys.argv[1:4]
edits = dict(a.split("=", 1) for a in sys.argv[4:])
zin = zipfile.ZipFile(src)
wb = zin.read("xl/workbook.xml").decode()
rels = zin.read("xl/_rels/workbook.xml.rels").decode()
rid = re.search(r'<sheet name="%s" sheetId="\d+" r:id="(rId\d+)"' % re.escape(sheet), wb).group(1)
part = "xl/" + re.search(r'Id="%s"[^>]*Target="([^"]+)"' % rid, rels).group(1)
def cell(ref, val):
    kind, _, v = val.partition(":")
    if kind == "n":
        return '<c r="%s"><v>%s</v></c>' % (ref, v)
    return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, v)
xml = zin.read(part).decode()
for ref, val in edits.items():
    new, n = re.subn(r'<c r="%s"[^>]*?(/>|>.*?</c>)' % ref, cell(ref, val), xml, count=1)
    if n != 1:
        sys.exit("no cell %s in %s" % (ref, sheet))
    xml = new
zout = zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED)
for item in zin.infolist():
    zout.writestr(item, xml if item.filename == part else zin.read(item.filename))
zout.close()
PY
}

# --- the annex download ---------------------------------------------------
SOURCE_DATE_EPOCH=1764000000 "$CONGBO" build --source "$P" --out "$TMP_ROOT/s1" --quiet -j 2 --no-history
SOURCE_DATE_EPOCH=1764000000 "$CONGBO" build --source "$P" --out "$TMP_ROOT/s2" --quiet -j 1 --no-cache --no-history
X=$TMP_ROOT/s1/ket-qua/cchc-2021/cchc-2021.xlsx
check "each dataset has an .xlsx download" test -s "$X"
check "the download is the same bytes on every build" \
	cmp -s "$X" "$TMP_ROOT/s2/ket-qua/cchc-2021/cchc-2021.xlsx"
expect_grep "the dataset page links it" "$TMP_ROOT/s1/ket-qua/cchc-2021/index.html" \
	'<a href="../../ket-qua/cchc-2021/cchc-2021.xlsx" download>Excel'
python3 - "$X" "$TMP_ROOT/s1/ket-qua/cchc-2021/cchc-2021.json" >"$TMP_ROOT/annex" 2>&1 <<'PY'
import json, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
wb = z.read("xl/workbook.xml").decode()
names = re.findall(r'<sheet name="([^"]+)"', wb)
print("sheets:", " | ".join(names))
ss = [re.sub(r"<[^>]+>", "", s) for s in re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode(), re.S)]
data = json.load(open(sys.argv[2]))
want = {u["ma"]: u for u in data["don_vi"]}
checked = 0
for i in range(1, len(names) + 1):
    xml = z.read("xl/worksheets/sheet%d.xml" % i).decode()
    rows = {}
    for r, body in re.findall(r'<row r="(\d+)"[^>]*>(.*?)</row>', xml, re.S):
        cells = {}
        for ref, attrs, inner in re.findall(r'<c r="([A-Z]+)\d+"([^>]*?)(?:/>|>(.*?)</c>)', body, re.S):
            v = re.search(r"<v>(.*?)</v>", inner or "")
            if not v:
                continue
            cells[ref] = ss[int(v.group(1))] if 't="s"' in attrs else float(v.group(1))
        rows[int(r)] = cells
    head = rows[6]
    def col(label):
        for k, v in head.items():
            if isinstance(v, str) and (v == label or v.startswith(label + " (")):
                return k
        return None
    def num(c, label):
        k = col(label)
        return c.get(k, 0.0) if k else 0.0
    for r in sorted(rows):
        if r <= 6:
            continue
        c = rows[r]
        u = want[c["A"]]
        assert isinstance(c[col("Chỉ số (%)")], float), "index is a number"
        assert abs(c[col("Chỉ số (%)")] - float(u["chi_so"])) < 1e-9, (u["ma"], c[col("Chỉ số (%)")], u["chi_so"])
        assert abs(num(c, "Tổng điểm") - float(u["tong_diem"])) < 1e-9
        areas = sum(v for k, v in c.items() if str(head.get(k, "")).startswith("LV "))
        assert abs(num(c, "Thẩm định") + num(c, "Điều tra XHH") - areas) < 1e-6, ("areas add up", u["ma"])
        total = areas + num(c, "Điểm thưởng") - num(c, "Điểm trừ")
        assert abs(min(max(total, 0), num(c, "Tối đa")) - num(c, "Tổng điểm")) < 1e-6, ("row adds up", u["ma"])
        checked += 1
print("rows checked:", checked, "of", len(want))
PY
expect_line "one sheet per group, named after it" "$TMP_ROOT/annex" \
	"sheets: Khối UBND xã, thị trấn | Khối phòng chuyên môn"
expect_line "every unit's row matches the JSON and adds up" "$TMP_ROOT/annex" "rows checked: 33 of 33"
unzip -p "$X" xl/sharedStrings.xml >"$TMP_ROOT/strings.xml"
expect_grep "the decision is on top" "$TMP_ROOT/strings.xml" "Kèm theo Quyết định số 512/QĐ-UBND ngày 15/06/2022"
expect_grep "area names and maxima head the columns" "$TMP_ROOT/strings.xml" \
	"LV 1. Công tác chỉ đạo, điều hành CCHC (tối đa 12)"
unzip -p "$X" xl/styles.xml >"$TMP_ROOT/styles.xml"
expect_grep "numbers show two decimals" "$TMP_ROOT/styles.xml" 'formatCode="0.00"'
unzip -p "$X" xl/worksheets/sheet1.xml >"$TMP_ROOT/sheet1.xml"
expect_grep "the header is frozen" "$TMP_ROOT/sheet1.xml" 'state="frozen"'
if resave "$X" "$TMP_ROOT/annex-lo"; then ok "LibreOffice opens the annex"; else fail "LibreOffice opens the annex" "$(cat "$TMP_ROOT/soffice.log")"; fi

# --- export, LibreOffice, import: the same YAML --------------------------
E=$TMP_ROOT/cchc-2021.xlsx
"$CONGBO" export scores cchc-2021 --xlsx "$E" --source "$P" >"$TMP_ROOT/out" 2>&1
expect_exit "export scores writes the entry workbook" 0 $?
expect_line "... and says what next" "$TMP_ROOT/out" \
	"congbo: wrote $E: fill in the scores, then congbo import scores $E"
unzip -p "$E" xl/workbook.xml >"$TMP_ROOT/wb.xml"
for s in xa-tu_danh_gia xa-tham_dinh xa-dtxhh phong-tu_danh_gia phong-tham_dinh phong-dtxhh; do
	expect_grep "entry sheet $s" "$TMP_ROOT/wb.xml" "<sheet name=\"$s\""
done
"$CONGBO" export scores cchc-2021 --xlsx "$E" --source "$P" >"$TMP_ROOT/out" 2>&1
expect_exit "export never replaces a workbook" 1 $?
expect_line "... and says why" "$TMP_ROOT/out" \
	"$E: error: the file exists; export never replaces a workbook (it may hold typed scores): remove it or choose another name"

if resave "$E" "$TMP_ROOT/lo"; then ok "LibreOffice re-saves the entry workbook"; else fail "LibreOffice re-saves the entry workbook" "$(cat "$TMP_ROOT/soffice.log")"; fi
"$CONGBO" import scores "$TMP_ROOT/lo/cchc-2021.xlsx" --source "$P" >"$TMP_ROOT/out" 2>&1
expect_exit "import of the re-saved workbook" 0 $?
expect_line "... says what it wrote" "$TMP_ROOT/out" \
	"congbo: wrote the scores of 33 units from $TMP_ROOT/lo/cchc-2021.xlsx into $P/content/scores/cchc-2021.yaml"
check "the round trip gives the same YAML, byte for byte" cmp -s "$TMP_ROOT/orig.yaml" "$P/content/scores/cchc-2021.yaml"

# --- one changed cell: exactly one score changes -------------------------
# xa-tham_dinh: D4 is 1.1.2 (max 2), row 8 is gia-hoa (1.25 in the file).
plant "$E" "$TMP_ROOT/one.xlsx" xa-tham_dinh D8=n:2
resave "$TMP_ROOT/one.xlsx" "$TMP_ROOT/lo1"
"$CONGBO" import scores "$TMP_ROOT/lo1/one.xlsx" --source "$P" >"$TMP_ROOT/out" 2>&1
expect_exit "import of one changed cell" 0 $?
diff "$TMP_ROOT/orig.yaml" "$P/content/scores/cchc-2021.yaml" >"$TMP_ROOT/diff"
expect_line "gia-hoa's 1.1.2 is now 2 ..." "$TMP_ROOT/diff" \
	'>     tham_dinh: {"1.1.1": 1, "1.1.2": 2, "1.2": 1.5, "1.3": 2, "1.4": 2, "1.5": 2.5,'
check "... and nothing else changed" test "$(grep -c '^[<>]' "$TMP_ROOT/diff")" = 2
"$CONGBO" check --source "$P" >"$TMP_ROOT/out" 2>&1
expect_exit "the imported file checks" 0 $?
cp "$TMP_ROOT/orig.yaml" "$P/content/scores/cchc-2021.yaml"

# --- planted mistakes, each at its cell ----------------------------------
plant "$E" "$TMP_ROOT/bad.xlsx" xa-tham_dinh C7=n:9 D8=t:abc E9=t:1,5 \
	F10=n:0.1234 G11=t:1.5 H12=n:-1 A13=t:xa-khong-co I4=t:9.9
resave "$TMP_ROOT/bad.xlsx" "$TMP_ROOT/lo2"
B=$TMP_ROOT/lo2/bad.xlsx
"$CONGBO" import scores "$B" --source "$P" >"$TMP_ROOT/out" 2>&1
expect_exit "a workbook with mistakes is refused" 1 $?
expect_line "a score above its maximum" "$TMP_ROOT/out" \
	"$B:xa-tham_dinh!C7: error: score 9 is above the maximum 1 of criterion 1.1.1 (Ban hành kế hoạch kịp thời)"
expect_line "text in a score cell" "$TMP_ROOT/out" \
	"$B:xa-tham_dinh!D8: error: \"abc\" is text in a score cell of criterion 1.1.2; type a number from 0 to 2, KAD for không áp dụng, or leave it empty"
expect_line "a decimal comma" "$TMP_ROOT/out" \
	"$B:xa-tham_dinh!E9: error: \"1,5\" uses a decimal comma and is text; type 1.5 (with a dot) or set the cell's format to a number"
expect_line "more than three decimals" "$TMP_ROOT/out" \
	"$B:xa-tham_dinh!F10: error: 0.1234 has more than three decimals; scores are written to at most 0.001"
expect_line "a number stored as text" "$TMP_ROOT/out" \
	"$B:xa-tham_dinh!G11: error: \"1.5\" is a number stored as text; set the cell's format to a number"
expect_line "a negative score" "$TMP_ROOT/out" \
	"$B:xa-tham_dinh!H12: error: score -1 is below the minimum 0 of criterion 1.5 (Sáng kiến, giải pháp mới trong CCHC)"
expect_line "an unknown unit" "$TMP_ROOT/out" \
	"$B:xa-tham_dinh!A13: error: no unit has the code \"xa-khong-co\" in don_vi of cchc-2021"
expect_line "an unknown criterion code" "$TMP_ROOT/out" \
	"$B:xa-tham_dinh!I4: error: no criterion of the criteria set of group xa has the code 9.9 (or it is not a leaf)"
expect_line "nothing is written" "$TMP_ROOT/out" "congbo: nothing was written"
check "... and the YAML file is as it was" cmp -s "$TMP_ROOT/orig.yaml" "$P/content/scores/cchc-2021.yaml"

# --- a new year: export an unfinished file, fill it, import --------------
SOURCE_DATE_EPOCH=1764000000 "$CONGBO" new scores cchc-2022 --source "$P" >/dev/null 2>&1
N=$TMP_ROOT/cchc-2022.xlsx
"$CONGBO" export scores cchc-2022 --xlsx "$N" --source "$P" >"$TMP_ROOT/out" 2>&1
expect_exit "an unfinished file (no scores yet) exports" 0 $?
plant "$N" "$TMP_ROOT/fill.xlsx" xa-tham_dinh C7=n:1 D7=n:1.75 C8=t:KAD
resave "$TMP_ROOT/fill.xlsx" "$TMP_ROOT/lo3"
"$CONGBO" import scores "$TMP_ROOT/lo3/fill.xlsx" --source "$P" >"$TMP_ROOT/out" 2>&1
expect_exit "typed scores import into it" 0 $?
grep -A8 '^  - ma: me$' "$P/content/scores/cchc-2022.yaml" >"$TMP_ROOT/me"
expect_grep "the typed scores are in the unit's map" "$TMP_ROOT/me" 'tham_dinh: {"1.1.1": 1, "1.1.2": 1.75}'
grep -A10 '^  - ma: gia-hoa$' "$P/content/scores/cchc-2022.yaml" >"$TMP_ROOT/hoa"
expect_grep "KAD becomes khong_ap_dung" "$TMP_ROOT/hoa" 'khong_ap_dung: ["1.1.1"]'

# --- files that are not entry workbooks ----------------------------------
printf 'ma,diem\n' >"$TMP_ROOT/notxlsx.xlsx"
"$CONGBO" import scores "$TMP_ROOT/notxlsx.xlsx" --source "$P" >"$TMP_ROOT/out" 2>&1
expect_exit "a file that is not a workbook is refused" 1 $?
expect_line "... saying so" "$TMP_ROOT/out" \
	"$TMP_ROOT/notxlsx.xlsx: error: cannot open it as an Excel workbook (.xlsx): Not a zip archive"
"$CONGBO" import scores "$X" --source "$P" >"$TMP_ROOT/out" 2>&1
expect_exit "the annex is no entry workbook" 1 $?
"$CONGBO" export scores cchc-1999 --xlsx "$TMP_ROOT/x.xlsx" --source "$P" >"$TMP_ROOT/out" 2>&1
expect_exit "export of an unknown dataset" 1 $?
expect_line "... names the file it looked for" "$TMP_ROOT/out" \
	"content/scores/cchc-1999.yaml: error: cannot read it: No such file or directory; is cchc-1999 the id of a score file in content/scores/?"
check "... and writes no workbook" test ! -e "$TMP_ROOT/x.xlsx"
"$CONGBO" export scores cchc-2021 >"$TMP_ROOT/out" 2>&1
expect_exit "export without --xlsx is bad usage" 2 $?
finish
