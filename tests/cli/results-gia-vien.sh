# results-gia-vien.sh: the results of Gia Viễn as the People's Committee
# publishes them over three years, in a real git repository:
#   2024  published by 415/QĐ-UBND, then corrected by 733/QĐ-UBND;
#   2025  after NQ 1318/NQ-UBTVQH15: 21 communes became 18 (Me, Gia Thịnh
#         and Gia Vượng formed Thịnh Vượng; Gia Tiến and Gia Thắng formed
#         Tiến Thắng), and the communes' criteria set changed (1.5 worth 2
#         instead of 3, 6.1 worth 3 instead of 2, 7.4 renamed 7.5);
#   2026  a draft started with `congbo new scores`.
# The years are made from the sample's 2021 file, so they are as large
# and as realistic as the sample.
. tests/cli/lib.sh

P=$TMP_ROOT/portal
mkdir -p "$P"
cp -R content themes "$P/"
rm -f "$P"/content/scores/*.yaml "$P"/content/posts/2022/cong-bo-chi-so-*.md
printf '%%PDF-1.4\n%%%%EOF\n' > "$P/content/files/qd-415.pdf"
cp "$P/content/files/qd-415.pdf" "$P/content/files/qd-733.pdf"
cp "$P/content/files/qd-415.pdf" "$P/content/files/qd-602.pdf"
SC=$P/content/scores

# make.py YEAR OUT: the sample's 2021 made into YEAR (2024 or 2025).
cat > "$TMP_ROOT/make.py" <<'PY'
import re, sys
year, out = sys.argv[1], sys.argv[2]
text = open("content/scores/cchc-2021.yaml", encoding="utf-8").read()
text = re.sub(r"^nam: 2021", f"nam: {year}", text, flags=re.M)
text = text.replace("năm 2021 của", f"năm {year} của")
decision = {"2024": "{so: 415/QĐ-UBND, ngay: 2025-05-20, file: /files/qd-415.pdf}",
            "2025": "{so: 602/QĐ-UBND, ngay: 2026-05-25, file: /files/qd-602.pdf}"}[year]
text = re.sub(r"^quyet_dinh: .*$", "quyet_dinh: " + decision, text, flags=re.M)
head, units = text.split("\ndon_vi:\n")
blocks = re.split(r"(?m)^(?=  - ma: )", units)
if year == "2025":
    xa, rest = head.split("\n  phong:\n")
    xa = re.sub(r'(- ma: "1"\n\s+ten: [^\n]+\n\s+max: )12', r"\g<1>11", xa)
    xa = xa.replace('ten: "Sáng kiến, giải pháp mới trong CCHC", max: 3}',
                    'ten: "Sáng kiến, giải pháp mới trong CCHC", max: 2}')
    xa = re.sub(r'(- ma: "6"\n\s+ten: [^\n]+\n\s+max: )5', r"\g<1>6", xa)
    xa = xa.replace("{ma: \"6.1\", ten: Thực hiện dự toán ngân sách, max: 2}",
                    "{ma: \"6.1\", ten: Thực hiện dự toán ngân sách, max: 3}")
    xa = xa.replace('{ma: "7.4", ten:', '{ma: "7.5", ma_cu: "7.4", ten:')
    head = xa + "\n  phong:\n" + rest
    merged = {"me": ("thinh-vuong", "Thị trấn Thịnh Vượng", "[me, gia-thinh, gia-vuong]"),
              "gia-tien": ("tien-thang", "Xã Tiến Thắng", "[gia-tien, gia-thang]")}
    kept = []
    for b in blocks:
        m = re.match(r"  - ma: (\S+)", b)
        code = m.group(1) if m else None
        if code in ("gia-thinh", "gia-vuong", "gia-thang"):
            continue
        if b.find("nhom: xa") >= 0:
            b = re.sub(r'"1\.5": ([0-9.]+)', lambda v: '"1.5": ' + str(min(float(v.group(1)), 2)), b)
            b = b.replace('"7.4":', '"7.5":')
        if code in merged:
            new, name, was = merged[code]
            b = re.sub(r"  - ma: \S+\n    ten: [^\n]+\n",
                       f"  - ma: {new}\n    ten: {name}\n"
                       f"    tien_than: {{ma: {was}, can_cu: Nghị quyết số 1318/NQ-UBTVQH15, ngay: 2025-01-01}}\n", b, count=1)
        b = re.sub(r"(?m)^    nam_truoc: .*\n", "", b)
        kept.append(b)
    blocks = kept
open(out, "w", encoding="utf-8").write(head + "\ndon_vi:\n" + "".join(blocks))
PY
git_p() { git -C "$P" -c "user.name=Văn thư" -c user.email=vt@example.gov.vn "$@"; }
commit() {   # DATE MESSAGE
	git_p add -A
	GIT_AUTHOR_DATE=$1T09:00:00+07:00 GIT_COMMITTER_DATE=$1T09:00:00+07:00 \
		git_p commit -qm "$2"
}
git_p init -q -b main

python3 "$TMP_ROOT/make.py" 2024 "$SC/cchc-2024.yaml"
cat > "$P/content/posts/2022/cong-bo-2024.md" <<'MD'
---
title: Công bố Chỉ số CCHC năm 2024
date: 2025-05-22
---
Năm đơn vị dẫn đầu khối xã:

{{< ket-qua cchc-2024 nhom=xa top=5 >}}
MD
commit 2025-05-20 "Công bố kết quả năm 2024"
# The correction: Gia Hòa's 7.4 was appraised 3, not 2 (with the decision
# and the reason).
sed -i '/^  - ma: gia-hoa$/,/^  - ma: /s/"7.4": 2}/"7.4": 3}/' "$SC/cchc-2024.yaml"
sed -i '/^quyet_dinh:/a dinh_chinh:\n  - {so: 733/QĐ-UBND, ngay: 2025-07-01, file: /files/qd-733.pdf, ly_do: Điểm tiêu chí 7.4 của xã Gia Hòa bị nhập sai}' "$SC/cchc-2024.yaml"
commit 2025-07-01 "Đính chính kết quả năm 2024"
python3 "$TMP_ROOT/make.py" 2025 "$SC/cchc-2025.yaml"
commit 2026-05-25 "Công bố kết quả năm 2025"
"$CONGBO" new scores cchc-2026 --source "$P" >/dev/null 2>&1
expect_exit "congbo new scores starts 2026" 0 $?
commit 2026-06-01 "Bắt đầu nhập điểm năm 2026"

SOURCE_DATE_EPOCH=1790000000 "$CONGBO" build --source "$P" --out "$TMP_ROOT/site" \
	--quiet >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"
expect_exit "the three years build" 0 $?
R=$TMP_ROOT/site/ket-qua
check "the 2026 draft is left out" test ! -e "$R/cchc-2026"
expect_grep "... its gaps are warnings of a draft" "$TMP_ROOT/err" \
	"content/scores/cchc-2026.yaml:"
expect_no_grep "... and nothing is an error" "$TMP_ROOT/err" ": error: "
expect_line "the communes' criteria set changed: check says how" "$TMP_ROOT/err" \
	"content/scores/cchc-2025.yaml:19:3: warning: the criteria set of group xa differs from cchc-2024's: area 1 (Công tác chỉ đạo, điều hành CCHC) max 12 -> 11; criterion 1.5 (Sáng kiến, giải pháp mới trong CCHC) max 3 -> 2; area 6 (Cải cách tài chính công) max 5 -> 6; criterion 6.1 (Thực hiện dự toán ngân sách) max 2 -> 3; the change of index against 2024 is not shown, only places (a code renamed since then is matched with ma_cu: \"OLD\")"
expect_no_grep "... the departments' did not" "$TMP_ROOT/err" "group phong differs"

python3 - "$R" > "$TMP_ROOT/cmp" 2>&1 <<'PY'
import json, sys
r = sys.argv[1]
load = lambda y, v="": json.load(open(f"{r}/cchc-{y}/cchc-{y}{v}.json", encoding="utf-8"))
y24, y25 = load(2024), load(2025)
xa24 = {u["ma"]: u for u in y24["don_vi"] if u["nhom"] == "xa"}
xa25 = [u for u in y25["don_vi"] if u["nhom"] == "xa"]
errors = []
def want(cond, what):
    if not cond: errors.append(what)
want(len(xa24) == 21 and len(xa25) == 18, f"21 -> 18 communes: {len(xa24)} -> {len(xa25)}")
for u in xa25:
    ch = u["thay_doi"]
    if u["ma"] in ("thinh-vuong", "tien-thang"):
        want(ch is None, f"{u['ma']} formed by a merger has no change")
    else:
        want(ch is not None and ch["chi_so"] is None, f"{u['ma']}: no index change across criteria sets")
# places among the 16 communes of both years, ranked anew in both years
common = [u for u in xa25 if u["ma"] in xa24 and u["xep_hang"]]
def ranks(units, key):
    vals = sorted((key(u) for u in units), reverse=True)
    return {u["ma"]: 1 + sum(v > key(u) for v in vals) for u in units}
now = ranks(common, lambda u: u["chi_so"])
then = ranks(common, lambda u: xa24[u["ma"]]["chi_so"])
for u in common:
    want(u["thay_doi"]["bac"] == then[u["ma"]] - now[u["ma"]],
         f"{u['ma']}: places {u['thay_doi']['bac']}, among the units of both years {then[u['ma']] - now[u['ma']]}")
ph = [u for u in y25["don_vi"] if u["nhom"] == "phong"]
want(all(u["thay_doi"] and u["thay_doi"]["chi_so"] is not None for u in ph), "departments: index change shown")
v1, v2 = load(2024, ".v1"), load(2024, ".v2")
hoa = lambda d: next(u for u in d["don_vi"] if u["ma"] == "gia-hoa")
want(float(hoa(v2)["tong_diem"]) - float(hoa(v1)["tong_diem"]) == 1, "the correction adds 1 to Gia Hòa")
want(v2 == y24, "v2 is the current 2024")
print("\n".join(errors) or "all as published")
sys.exit(1 if errors else 0)
PY
if [ $? = 0 ]; then ok "2025 against 2024: mergers, changed criteria, places among the units of both years; 2024 v1 and v2"
else fail "2025 against 2024: mergers, changed criteria, places among the units of both years; 2024 v1 and v2" "$(cat "$TMP_ROOT/cmp")"; fi
expect_grep "the merger on the 2025 page" "$R/cchc-2025/index.html" \
	'Thị trấn Thịnh Vượng</a>: Đơn vị mới thành lập từ sáp nhập Thị trấn Me, Xã Gia Thịnh, Xã Gia Vượng (theo Nghị quyết số 1318/NQ-UBTVQH15, có hiệu lực từ ngày 01/01/2025): không so sánh với năm trước.'
expect_grep "the changed set on the 2025 page" "$R/cchc-2025/index.html" \
	'Bộ chỉ số năm 2025 của khối khác năm 2024: lĩnh vực 1 (Công tác chỉ đạo, điều hành CCHC) tối đa 12 → 11;'
expect_grep "the correction on the 2024 page" "$R/cchc-2024/index.html" \
	'<strong>Đính chính lần 1</strong> theo Quyết định số <strong>733/QĐ-UBND</strong>'
expect_grep "the 2024 announcement keeps the figures of its day" \
	"$TMP_ROOT/site/tin-tuc/2025/cong-bo-chi-so-cchc-nam-2024/index.html" \
	'Số liệu theo Quyết định số 415/QĐ-UBND ngày 20/05/2025, tại thời điểm đăng bài.'
expect_grep "the rank chart of 2025 starts Thịnh Vượng's line" "$R/cchc-2025/index.html" \
	'<title>Thị trấn Thịnh Vượng: 2025 hạng'
expect_grep "... and ends Gia Thịnh's in 2024" "$R/cchc-2025/index.html" \
	'<title>Xã Gia Thịnh: 2024 hạng'

SOURCE_DATE_EPOCH=1790000000 "$CONGBO" build --source "$P" --out "$TMP_ROOT/preview" \
	--drafts --quiet >/dev/null 2>&1
expect_exit "build --drafts with the half-typed 2026" 0 $?
check "... which waits for its scores" test ! -e "$TMP_ROOT/preview/ket-qua/cchc-2026"
finish
