# results.sh: the score results pages of the sample portal show the
# numbers of the model; the CSV and JSON downloads read back to the same
# numbers as the tables; bad score files and bad shortcodes stop check and
# build with their position, and leave site/ as it was.
. tests/cli/lib.sh

OUT=$TMP_ROOT/site
SOURCE_DATE_EPOCH=1764000000 "$CONGBO" build --source . --out "$OUT" --quiet -j 2
check "the sample portal builds" test -f "$OUT/index.html"
R=$OUT/ket-qua

# --- the pages --------------------------------------------------------
check "ket-qua/ lists the datasets" test -f "$R/index.html"
for id in cchc-2021 cchc-2020; do
	check "$id: its page" test -f "$R/$id/index.html"
	check "$id: CSV download" test -s "$R/$id/$id.csv"
	check "$id: the communes' CSV" test -s "$R/$id/$id.xa.csv"
	check "$id: the departments' CSV" test -s "$R/$id/$id.phong.csv"
	check "$id: JSON download" test -s "$R/$id/$id.json"
done
expect_grep "newest first on ket-qua/" "$R/index.html" '<a href="../ket-qua/cchc-2021/">Năm 2021</a>'
check "2021 before 2020 on ket-qua/" sh -c \
	"grep -n 'Năm 20' '$R/index.html' | head -n 1 | grep -q 'Năm 2021'"
units=$(find "$R/cchc-2021" -mindepth 2 -name index.html | wc -l)
check "one page per 2021 unit ($units)" test "$units" = 33
expect_grep "a unit page names its unit" "$R/cchc-2021/gia-hoa/index.html" '<h1>Xã Gia Hòa</h1>'
expect_grep "the decision on the 2021 page" "$R/cchc-2021/index.html" \
	'Công bố theo Quyết định số <strong>512/QĐ-UBND</strong> ngày <time datetime="2022-06-15T00:00:00+07:00">15/06/2022</time>'
expect_grep "the menu marks Kết quả CCHC" "$R/cchc-2021/index.html" \
	'<a href="../../ket-qua/" class="active" aria-current="true">Kết quả CCHC</a>'
expect_grep "the sorting script on a result page" "$R/cchc-2021/index.html" \
	'<script src="../../assets/sort.js" defer></script>'
check "the sorting script is shipped" test -s "$OUT/assets/sort.js"
grep -o '<script[^>]*>' "$OUT/index.html" > "$TMP_ROOT/scripts"
check "no script on the home page (JSON-LD data only)" sh -c \
	"! grep -qv 'type=.application/ld+json.' '$TMP_ROOT/scripts'"
expect_grep "the chart is an image with a title" "$R/cchc-2021/index.html" \
	'role="img" aria-labelledby="bieu-do-xa-title" aria-describedby="bieu-do-xa-desc"'
expect_grep "the chart's title" "$R/cchc-2021/index.html" \
	'<title id="bieu-do-xa-title">Chỉ số CCHC năm 2021 – Khối UBND xã, thị trấn</title>'
expect_grep "the criteria tree is collapsible" "$R/cchc-2021/index.html" \
	'<summary>Bộ tiêu chí: Bộ chỉ số CCHC của UBND xã, thị trấn (tổng 100 điểm)</summary>'
expect_grep "a unit's history chart" "$R/cchc-2021/thanh-tra/index.html" \
	'<title id="bieu-do-lich-su-title">Chỉ số CCHC của Thanh tra huyện qua các năm</title>'
expect_grep "a change for screen readers" "$R/cchc-2021/index.html" \
	'<span class="sr-only">tăng 3,50 điểm</span>'
expect_grep "the sitemap lists a unit page" "$OUT/sitemap.xml" \
	'<loc>https://giavien.ninhbinh.gov.vn/ket-qua/cchc-2021/gia-hoa/</loc>'
check "the CSV starts with a UTF-8 BOM" sh -c \
	"head -c 3 '$R/cchc-2021/cchc-2021.csv' | od -An -tx1 | grep -q 'ef bb bf'"

# --- the numbers: tables against the JSON and the CSV ------------------
cat > "$TMP_ROOT/tables.py" <<'PY'
# tables.py MODE DIR ID: compares the tables of ket-qua/ID/index.html with
# the JSON (MODE json) or the CSV (MODE csv) download; prints the first
# differences and exits 1 when there are any.
import csv, json, sys
from decimal import Decimal
from html.parser import HTMLParser

mode, base, ident = sys.argv[1:4]

def vi(text):
    """'1.234,50' -> Decimal('1234.50'); '–' -> None"""
    text = text.strip()
    if text in ("", "–"):
        return None
    return Decimal(text.replace(".", "").replace(",", "."))

class Tables(HTMLParser):
    """Every table.results-table: header texts, and per body row the cell
    texts (screen-reader text left out), data-sort values and link."""
    def __init__(self):
        super().__init__()
        self.tables, self.table, self.cell, self.skip = [], None, None, 0
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "results-table" in (a.get("class") or ""):
            self.table = {"head": [], "rows": []}
            self.tables.append(self.table)
        elif self.table is None:
            return
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = {"text": "", "sort": a.get("data-sort"), "href": None}
        elif tag == "a" and self.cell is not None:
            self.cell["href"] = a.get("href")
        elif tag == "span" and "sr-only" in (a.get("class") or ""):
            self.skip += 1
        elif tag == "span" and self.skip:
            self.skip += 1
    def handle_endtag(self, tag):
        if self.table is None:
            return
        if tag == "span" and self.skip:
            self.skip -= 1
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr":
            if self.row and self.row[0]["sort"] is None and not self.table["head"]:
                self.table["head"] = [c["text"].strip() for c in self.row]
            else:
                self.table["rows"].append(self.row)
        elif tag == "table":
            self.table = None
    def handle_data(self, data):
        if self.cell is not None and not self.skip:
            self.cell["text"] += data

page = Tables()
page.feed(open(f"{base}/{ident}/index.html", encoding="utf-8").read())
rows = []   # (code, {column: cell}) in page order
for t in page.tables:
    for r in t["rows"]:
        cells = dict(zip(t["head"], r))
        code = cells["Đơn vị"]["href"].rstrip("/").split("/")[-1]
        rows.append((code, cells))

errors = []
def same(what, got, want):
    if got != want:
        errors.append(f"{what}: page {got!r}, download {want!r}")

def area_cells(cells):
    return {k[2:].split()[0]: v for k, v in cells.items() if k.startswith("LV")}

def check_row(code, cells, unit):
    """unit: {index, rank, class, total, max, areas, change_index, change_places}"""
    same(f"{code} index", vi(cells["Chỉ số (%)"]["text"]), unit["index"])
    rank = cells["Hạng"]["text"].strip()
    same(f"{code} rank", None if rank == "–" else int(rank), unit["rank"])
    same(f"{code} class", cells["Xếp loại"]["text"].strip(), unit["class"])
    same(f"{code} total", vi(cells["Tổng điểm"]["text"]), unit["total"])
    same(f"{code} max", vi(cells["Tối đa"]["text"]), unit["max"])
    areas = {k: vi(v["text"]) for k, v in area_cells(cells).items()}
    same(f"{code} areas", areas, unit["areas"])
    sums = {"self": "Tự ĐG", "appraised": "Thẩm định", "survey": "ĐTXHH",
            "bonus": "Thưởng", "penalty": "Trừ"}
    page_sums = {k: vi(cells[h]["text"]) if h in cells else Decimal(0)
                 for k, h in sums.items()}
    if "sums" in unit:
        same(f"{code} sums", page_sums, unit["sums"])
    # the row adds up on the page: areas = appraised + survey, and that
    # with bonus and penalty is the total (within the maximum)
    same(f"{code} areas add up", sum(areas.values()),
         page_sums["appraised"] + page_sums["survey"])
    total = page_sums["appraised"] + page_sums["survey"] + \
        page_sums["bonus"] - page_sums["penalty"]
    same(f"{code} total adds up", vi(cells["Tổng điểm"]["text"]),
         max(Decimal(0), min(total, vi(cells["Tối đa"]["text"]))))
    ci = cells["Chỉ số so với năm trước"]["sort"]
    same(f"{code} change", Decimal(ci) if ci else None, unit["change_index"])
    cp = cells["Thứ hạng so với năm trước"]["sort"]
    same(f"{code} places", int(cp) if cp else None, unit["change_places"])
    # the data-sort numbers say the same as the text
    same(f"{code} index data-sort", Decimal(cells["Chỉ số (%)"]["sort"]),
         vi(cells["Chỉ số (%)"]["text"]))

def from_json():
    data = json.load(open(f"{base}/{ident}/{ident}.json", encoding="utf-8"),
                     parse_float=Decimal)
    out = []
    for u in data["don_vi"]:
        ch = u["thay_doi"]
        out.append((u["ma"], {
            "index": u["chi_so"], "rank": u["xep_hang"],
            "class": u["xep_loai"] or "", "total": Decimal(u["tong_diem"]),
            "max": Decimal(u["toi_da"]),
            "areas": {k: Decimal(v) for k, v in u["linh_vuc"].items()},
            "sums": {"self": Decimal(u["tu_danh_gia"]),
                     "appraised": Decimal(u["tham_dinh"]),
                     "survey": Decimal(u["dtxhh"] or 0),
                     "bonus": Decimal(u["diem_thuong"]),
                     "penalty": Decimal(u["diem_tru"])},
            "change_index": ch["chi_so"] if ch else None,
            "change_places": ch["bac"] if ch else None}))
    return out

def from_csv():
    """The group CSVs, in the order the page links them."""
    import re
    html = open(f"{base}/{ident}/index.html", encoding="utf-8").read()
    out = []
    for name in re.findall(r'href="[^"]*/(%s\.[a-z0-9-]+\.csv)"' % ident, html):
        f = open(f"{base}/{ident}/{name}", encoding="utf-8-sig", newline="")
        for r in csv.DictReader(f):
            num = lambda k: Decimal(r[k]) if r[k] != "" else None
            pick = lambda p: next((v for k, v in r.items() if k.startswith(p)), "0")
            out.append((r["Mã"], {
                "index": num("Chỉ số (%)"),
                "rank": int(r["Xếp hạng"]) if r["Xếp hạng"] else None,
                "class": r["Xếp loại"], "total": Decimal(pick("Tổng điểm")),
                "max": num("Tối đa"),
                "areas": {k[3:].split(".")[0]: Decimal(v) for k, v in r.items()
                          if k.startswith("LV ") and v != ""},
                "sums": {"self": Decimal(pick("Tự đánh giá")),
                         "appraised": Decimal(pick("Thẩm định")),
                         "survey": Decimal(pick("Điều tra XHH")),
                         "bonus": Decimal(pick("Điểm thưởng")),
                         "penalty": Decimal(pick("Điểm trừ"))},
                "change_index": num("Thay đổi chỉ số"),
                "change_places": int(r["Thay đổi bậc"]) if r["Thay đổi bậc"] else None}))
    return out

want = from_json() if mode == "json" else from_csv()
same("units in table order", [c for c, _ in rows], [c for c, _ in want])
for (code, cells), (_, unit) in zip(rows, want):
    check_row(code, cells, unit)
for e in errors[:10]:
    print(e)
print(f"{len(rows)} rows compared, {len(errors)} differences")
sys.exit(1 if errors or not rows else 0)
PY
for id in cchc-2021 cchc-2020; do
	for mode in json csv; do
		python3 "$TMP_ROOT/tables.py" $mode "$R" $id > "$TMP_ROOT/cmp" 2>&1
		if [ $? = 0 ]; then ok "$id: the tables show the numbers of the $mode download"
		else fail "$id: the tables show the numbers of the $mode download" "$(cat "$TMP_ROOT/cmp")"; fi
	done
done

# The rank chart of each group: an image with a title, one track per
# unit whose title gives its rank in each year as the JSON downloads do.
expect_grep "the rank chart is an image with a title" "$R/cchc-2021/index.html" \
	'<svg class="chart chart-ranks" viewBox="0 0 420 488" role="img" aria-labelledby="bieu-do-hang-xa-title" aria-describedby="bieu-do-hang-xa-desc"'
expect_grep "... titled" "$R/cchc-2021/index.html" \
	'<title id="bieu-do-hang-xa-title">Thứ hạng qua các năm – Khối UBND xã, thị trấn</title>'
python3 - "$R" > "$TMP_ROOT/ranks" 2>&1 <<'PY'
import json, re, sys
r = sys.argv[1]
html = open(f"{r}/cchc-2021/index.html", encoding="utf-8").read()
years = {y: {u["ma"]: u for u in json.load(open(f"{r}/cchc-{y}/cchc-{y}.json"))["don_vi"]}
         for y in (2020, 2021)}
want = set()
for ma, u in years[2021].items():
    parts = [f"{y} hạng {years[y][ma]['xep_hang']}" for y in (2020, 2021)
             if ma in years[y] and years[y][ma]["xep_hang"]]
    if parts:   # a unit never ranked draws no line
        want.add(f"{u['ten']}: " + ", ".join(parts))
got = set(re.findall(r'<g class="track"[^>]*>\n<title>([^<]*)</title>', html))
print(sorted(want - got), sorted(got - want))
sys.exit(0 if got == want and len(got) >= 30 else 1)
PY
if [ $? = 0 ]; then ok "each unit's track gives its ranks of 2020 and 2021"
else fail "each unit's track gives its ranks of 2020 and 2021" "$(cat "$TMP_ROOT/ranks")"; fi
expect_grep "the same ranks in a table" "$R/cchc-2021/index.html" \
	'<tr><th scope="row"><a href="../../ket-qua/cchc-2021/gia-sinh/">Xã Gia Sinh</a></th><td class="num">5</td><td class="num">3</td></tr>'
check "no rank chart for the first year" sh -c "! grep -q 'chart-ranks' '$R/cchc-2020/index.html'"

# The shortcode in the article that announces the 2021 results: the five
# best communes, as ranked in the JSON.
ART=$OUT/tin-tuc/2022/cong-bo-chi-so-cai-cach-hanh-chinh-nam-2021-cua-cac-xa-thi-tran-va-phong-chuyen-mon/index.html
python3 - "$ART" "$R/cchc-2021/cchc-2021.json" > "$TMP_ROOT/embed" 2>&1 <<'PY'
import json, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
data = json.load(open(sys.argv[2], encoding="utf-8"))
table = html.split('<figure class="result-embed">')[1].split("</figure>")[0]
got = re.findall(r'<td class="num">(\d+)</td><th scope="row"><a href="[^"]*/([a-z0-9-]+)/">[^<]*</a></th><td class="num">([0-9,]+)</td>', table)
want = [(str(u["xep_hang"]), u["ma"], f'{u["chi_so"]:.2f}'.replace(".", ","))
        for u in data["don_vi"] if u["nhom"] == "xa" and u["xep_hang"] and u["xep_hang"] <= 5]
print(got, want)
sys.exit(0 if got == want and len(got) == 5 else 1)
PY
if [ $? = 0 ]; then ok "the article's ket-qua table is the top 5 of the JSON"
else fail "the article's ket-qua table is the top 5 of the JSON" "$(cat "$TMP_ROOT/embed")"; fi
expect_grep "the embedded table links to the full page" "$ART" \
	'<a href="../../../ket-qua/cchc-2021/">Xem đầy đủ kết quả năm 2021</a>'
expect_no_grep "no shortcode text left in the article" "$ART" '{{&lt;'
expect_grep "the feed's copy links absolutely" "$OUT/feed.xml" \
	'href=&quot;https://giavien.ninhbinh.gov.vn/ket-qua/cchc-2021/gia-thinh/&quot;'

# sort.js in a real browser: a click on "Chỉ số (%)" sorts the rows by
# their data-sort numbers and sets aria-sort; a click on "Hạng" sorts
# again, ties keeping their order.
if command -v chromium >/dev/null 2>&1; then
	cat > "$R/cchc-2021/sort-test.js" <<'JS'
addEventListener("load", function () {
  var t = document.querySelector("table.sortable"), h = t.tHead.rows[0].cells;
  var i = [].findIndex.call(h, function (c) { return c.textContent === "Chỉ số (%)"; });
  function col(n) {
    return [].map.call(t.tBodies[0].rows, function (r) { return r.cells[n].textContent; }).join("/");
  }
  h[i].querySelector("button").click();
  document.body.dataset.index = h[i].getAttribute("aria-sort") + " " + col(i);
  h[0].querySelector("button").click();
  h[0].querySelector("button").click();
  document.body.dataset.rank = h[0].getAttribute("aria-sort") + " " + col(0);
  var b = [].findIndex.call(h, function (c) { return c.textContent === "Xếp loại"; });
  h[b].querySelector("button").click();
  var seen = [];
  col(b).split("/").forEach(function (x) { if (seen[seen.length - 1] !== x) seen.push(x); });
  document.body.dataset.band = seen.join("/");
});
JS
	sed 's|</body>|<script src="sort-test.js"></script></body>|' \
		"$R/cchc-2021/index.html" > "$R/cchc-2021/sort-test.html"
	prof=$(mktemp -d "$TMP_ROOT/chromium.XXXXXX")
	chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$prof" --dump-dom \
		"file://$R/cchc-2021/sort-test.html" > "$TMP_ROOT/dom" 2>/dev/null
	expect_grep "sort.js: by index, lowest first" "$TMP_ROOT/dom" \
		'data-index="ascending 75,50/77,50/78,25/79,50/80,00/80,75/81,25/81,50/82,00/82,25/82,50/83,25/84,00/84,00/84,50/85,50/85,75/86,00/86,08/87,25/88,25"'
	expect_grep "sort.js: by rank, ties in order" "$TMP_ROOT/dom" \
		'data-rank="descending 21/20/19/18/17/16/15/14/13/12/11/10/8/8/7/6/5/4/3/2/1"'
	expect_grep "sort.js: classes in band order, not by name" "$TMP_ROOT/dom" \
		'data-band="Tốt/Khá"'
	rm -f "$R/cchc-2021/sort-test.html" "$R/cchc-2021/sort-test.js"
else
	echo "# sort.js not tried: no chromium"
fi

# --- errors -------------------------------------------------------------
P=$TMP_ROOT/portal
mkdir -p "$P"
cp -R content themes "$P/"
"$CONGBO" build --source "$P" --out "$P/site" --quiet >/dev/null 2>&1
check "a copy of the sample builds" test -f "$P/site/ket-qua/index.html"
snapshot() { (cd "$P/site" && find . -type f -exec sha1sum {} + | sort; \
	find . -printf '%p %T@\n' | sort) > "$1"; }
snapshot "$TMP_ROOT/before"
run_bad() {
	"$CONGBO" build --source "$P" --out "$P/site" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"
	expect_exit "$1: build exits 1" 1 $?
	"$CONGBO" check --source "$P" >/dev/null 2>"$TMP_ROOT/check-err"
	expect_exit "$1: check exits 1" 1 $?
	grep ': error: ' "$TMP_ROOT/check-err" > "$TMP_ROOT/check-err.errors"
	check "$1: check says what build says" sh -c "grep ': error: ' '$TMP_ROOT/err' \
		| cmp -s - '$TMP_ROOT/check-err.errors'"
	snapshot "$TMP_ROOT/after"
	check "$1: site/ untouched" cmp -s "$TMP_ROOT/before" "$TMP_ROOT/after"
}

S=$P/content/scores/cchc-2021.yaml
cp "$S" "$TMP_ROOT/good.yaml"
# a score above its maximum and a decimal comma, reported in one run
sed -i '190s/"1.1.1": 0.75/"1.1.1": 7/; 451s/diem_thuong: 1.5/diem_thuong: 1,5/' "$S"
run_bad "broken scores"
expect_line "score above the maximum: message" "$TMP_ROOT/err" \
	'content/scores/cchc-2021.yaml:190:26: error: score 7 is above the maximum 1 of sub-criterion 1.1.1 (Ban hành kế hoạch kịp thời)'
expect_line "decimal comma: message" "$TMP_ROOT/err" \
	'content/scores/cchc-2021.yaml:451:18: error: "1,5" uses a decimal comma; write 1.5'
expect_no_grep "no cascade onto the article's shortcodes" "$TMP_ROOT/err" "unknown score dataset"
cp "$TMP_ROOT/good.yaml" "$S"

# a decimal comma inside a one-line map, the sample's own style: YAML
# reads {"1.1.2": 1,25} as 1 and a key 25; one message, the documented one
sed -i '201s/"1.1.2": 1.25/"1.1.2": 1,25/' "$S"
run_bad "a decimal comma in a one-line map"
expect_line "decimal comma in a one-line map: the decimal-comma message" "$TMP_ROOT/err" \
	'content/scores/cchc-2021.yaml:201:40: error: "1,25" uses a decimal comma; write 1.25'
check "... and nothing else" test "$(grep -c ': error: ' "$TMP_ROOT/err")" = 1
cp "$TMP_ROOT/good.yaml" "$S"

cp "$S" "$P/content/scores/CCHC 2021.yaml"
run_bad "a score file name unfit for a URL"
expect_line "bad file name: message" "$TMP_ROOT/err" \
	'content/scores/CCHC 2021.yaml: error: the file name makes the web address ket-qua/CCHC 2021/: name score files with a-z, 0-9 and "-" only, e.g. cchc-2021.yaml'
rm "$P/content/scores/CCHC 2021.yaml"

A=$P/content/posts/2022/cong-bo-chi-so-cai-cach-hanh-chinh-nam-2021-cua-cac-xa-thi-tran-va-phong-chuyen-mon.md
cp "$A" "$TMP_ROOT/good.md"
F=content/posts/2022/cong-bo-chi-so-cai-cach-hanh-chinh-nam-2021-cua-cac-xa-thi-tran-va-phong-chuyen-mon.md
n=$(wc -l < "$A")
cat >> "$A" <<'MD'

{{< ket-qua cchc-2019 nhom=xa >}}

{{< ket-qua cchc-2021 nhom=huyen top=ba >}}

  {{< bieu-do cchc-2021 >}}

{{< ket-qua cchc-2021 top=5 >}}

{{< ket-qua cchc-2021 nhom=xa so=5 >}}

{{< ket-qua cchc-2021 nhom=xa top=5
MD
run_bad "bad shortcodes"
expect_line "unknown dataset: message" "$TMP_ROOT/err" \
	"$F:$((n + 2)):13: error: unknown score dataset \"cchc-2019\"; datasets: cchc-2021, cchc-2020"
expect_line "unknown group: message" "$TMP_ROOT/err" \
	"$F:$((n + 4)):23: error: unknown group \"huyen\"; nhom= takes one of xa, phong"
expect_line "bad top: message" "$TMP_ROOT/err" \
	"$F:$((n + 4)):34: error: top= takes a whole number from 1 to 1000, not \"ba\""
expect_line "unknown shortcode: message" "$TMP_ROOT/err" \
	"$F:$((n + 6)):7: error: unknown shortcode \"bieu-do\"; the one congbo knows is ket-qua"
expect_line "no group: message" "$TMP_ROOT/err" \
	"$F:$((n + 8)):5: error: cchc-2021 ranks several groups: choose one with nhom= (xa, phong)"
expect_line "unknown parameter: message" "$TMP_ROOT/err" \
	"$F:$((n + 10)):31: error: unknown parameter \"so\" of ket-qua; it takes a dataset, nhom= and top="
expect_line "unclosed shortcode: message" "$TMP_ROOT/err" \
	"$F:$((n + 12)):1: error: a shortcode opened with {{< must end with >}} on the same line"
cp "$TMP_ROOT/good.md" "$A"

# A shortcode in a code block is text: an article can show the syntax.
cat >> "$A" <<'MD'

```
{{< ket-qua cchc-2019 nhom=xa top=5 >}}
```
MD
"$CONGBO" build --source "$P" --out "$P/site" --quiet >/dev/null 2>"$TMP_ROOT/err"
expect_exit "a shortcode in a code block builds" 0 $?
expect_grep "a shortcode in a code block stays text" \
	"$P/site/tin-tuc/2022/cong-bo-chi-so-cai-cach-hanh-chinh-nam-2021-cua-cac-xa-thi-tran-va-phong-chuyen-mon/index.html" \
	'<code>{{&lt; ket-qua cchc-2019 nhom=xa top=5 &gt;}}'
cp "$TMP_ROOT/good.md" "$A"

# With raw HTML allowed the table is the same.
sed -i 's/^unsafe_html: false/unsafe_html: true/' "$P/content/site.yaml"
"$CONGBO" build --source "$P" --out "$P/site" --quiet >/dev/null 2>&1
expect_grep "the shortcode with unsafe_html: true" \
	"$P/site/tin-tuc/2022/cong-bo-chi-so-cai-cach-hanh-chinh-nam-2021-cua-cac-xa-thi-tran-va-phong-chuyen-mon/index.html" \
	'<figure class="result-embed">'

# A portal without scores has no results pages.
Q=$TMP_ROOT/plain
new_portal "$Q"
"$CONGBO" build --source "$Q" --out "$Q/site" --quiet >/dev/null 2>&1
check "no scores, no ket-qua/" test ! -e "$Q/site/ket-qua"
finish
