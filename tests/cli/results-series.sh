# results-series.sh: a series of years while units merge and rename and
# criteria change.  A unit names its predecessors (tien_than); the change
# against last year is shown only where it compares, places are counted
# among the units of both years; a changed criteria set is said on the
# page and in check, and ma_cu maps renamed codes; a survey not held
# (dtxhh: khong_to_chuc) follows the group's declared rule.
. tests/cli/lib.sh

P=$TMP_ROOT/portal
new_portal "$P"
mkdir -p "$P/content/scores" "$P/content/files"
printf '%%PDF-1.4\n%%%%EOF\n' > "$P/content/files/qd.pdf"

# set FIRST_CODE SECOND_LINE: the communes' criteria set; 1.2 may be renamed
set_xa() {
	cat <<YAML
xep_loai:
  - {ten: Tốt, tu: 80}
  - {ten: Khá, tu: 70}
  - {ten: Yếu, tu: 0}
bo_tieu_chi:
  xa:
    ten: Bộ chỉ số xã
    khoi: Khối xã
    tong_diem: 100
    neu_khong_dtxhh: quy_doi
    linh_vuc:
      - ma: "1"
        ten: Thẩm định
        max: 60
        tieu_chi:
          - {ma: "1.1", ten: Chỉ đạo, max: 30}
          - {$1, ten: Thể chế, max: 30}
      - ma: "2"
        ten: Điều tra
        max: 40
        nguon: dtxhh
        tieu_chi:
          - {ma: "2.1", ten: Hài lòng, max: 40}
don_vi:
YAML
}
unit() {   # ma ten a b survey [code of the second criterion]
	printf '  - ma: %s\n    ten: %s\n    nhom: xa\n    tham_dinh: {"1.1": %s, "%s": %s}\n    dtxhh: {"2.1": %s}\n' \
		"$1" "$2" "$3" "${6:-1.2}" "$4" "$5"
}

{
	printf 'nam: 2024\ntieu_de: Kết quả 2024\nquyet_dinh: {so: 1/QĐ-UBND, ngay: 2025-06-01, file: /files/qd.pdf}\n'
	set_xa 'ma: "1.2"'
	unit a "Xã A" 28 27 35
	unit b "Xã B" 25 25 30
	unit c "Xã C" 20 20 30
	unit d "Xã D" 30 30 38
	unit e "Xã E" 10 10 20
} > "$P/content/scores/cchc-2024.yaml"

# 2025: D and E merged into DE; C renamed C2; H is new and held no survey.
write_2025() {   # the second criterion's key, and its code in the scores
	{
		printf 'nam: 2025\ntieu_de: Kết quả 2025\nquyet_dinh: {so: 2/QĐ-UBND, ngay: 2026-06-01, file: /files/qd.pdf}\n'
		set_xa "$1"
		unit a "Xã A" 25 25 30 "$2"
		unit b "Xã B" 28 28 36 "$2"
		unit c2 "Xã C Mới" 27 27 34 "$2"
		printf '    tien_than: {ma: [c], can_cu: Nghị quyết số 5/NQ-HĐND, ngay: 2025-03-01}\n'
		unit de "Xã DE" 30 30 25 "$2"
		printf '    tien_than: {ma: [d, e], can_cu: Nghị quyết số 1318/NQ-UBTVQH15, ngay: 2025-01-01}\n'
		printf '  - ma: h\n    ten: Xã H\n    nhom: xa\n    tham_dinh: {"1.1": 27, "%s": 27}\n    dtxhh: khong_to_chuc\n' "$2"
	} > "$P/content/scores/cchc-2025.yaml"
}
write_2025 'ma: "1.2"' 1.2

build() {
	SOURCE_DATE_EPOCH=1790000000 "$CONGBO" build --source "$P" --out "$P/site" \
		--no-history --quiet >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"
}
build
expect_exit "a year after a merger builds" 0 $?
J=$P/site/ket-qua/cchc-2025/cchc-2025.json
change() {   # ma: its "thay_doi" in the JSON
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]), parse_float=lambda s: s)
u = next(u for u in d["don_vi"] if u["ma"] == sys.argv[2])
c = u["thay_doi"]
print(c and "%s %s" % (c["chi_so"], c["bac"]), u["xep_hang"], u["chi_so"])' "$J" "$1"
}
# 2025 ranks: b 92, h 90, c2 88, de 85, a 80.  Among the units of both
# years (a, b, c2 as c): 2024 a 90, b 80, c 70; 2025 b, c2, a.
expect_change() { got=$(change "$1"); if [ "$got" = "$2" ]; then ok "$3"; else fail "$3" "got $got, wanted $2"; fi; }
expect_change a '-10.00 -2 5 80.00' "A: -10 points, 2 places down among the units of both years"
expect_change b '12.00 1 1 92.00' "B: 1 place up (not 2: DE and H take none)"
expect_change c2 '18.00 1 3 88.00' "C2 compares with C, renamed"
expect_change de 'None 4 85.00' "DE, formed by a merger, has no change"
expect_change h 'None 2 90.00' "H: survey not held, index on the appraised points (54 of 60)"
R=$P/site/ket-qua/cchc-2025
expect_grep "the merger is said on the page" "$R/index.html" \
	'<a href="../../ket-qua/cchc-2025/de/">Xã DE</a>: Đơn vị mới thành lập từ sáp nhập Xã D, Xã E (theo Nghị quyết số 1318/NQ-UBTVQH15, có hiệu lực từ ngày 01/01/2025): không so sánh với năm trước.'
expect_grep "... and on the unit's page" "$R/de/index.html" \
	'Thành lập từ sáp nhập Xã D, Xã E (theo Nghị quyết số 1318/NQ-UBTVQH15, có hiệu lực từ ngày 01/01/2025).'
expect_grep "the rename on C2's page" "$R/c2/index.html" \
	'Trước đây: Xã C (theo Nghị quyết số 5/NQ-HĐND, có hiệu lực từ ngày 01/03/2025).'
expect_grep "the group's rule for a survey not held" "$R/index.html" \
	'Quy định của khối: Đơn vị không tổ chức điều tra xã hội học: chỉ số tính trên điểm thẩm định, quy đổi về thang 100'
expect_grep "H's survey cell says not held" "$R/index.html" '<td class="num" data-sort="">Không tổ chức</td>'
expect_grep "H's page names the survey, not 'không áp dụng'" "$R/h/index.html" 'Không tổ chức ĐTXHH'
expect_no_grep "... nowhere 'không áp dụng'" "$R/h/index.html" 'Không áp dụng'
expect_grep "the group CSV says so" "$R/cchc-2025.xa.csv" 'h,Xã H,54,,0,54,Không tổ chức,0,0,54,60,90.00,2,Tốt,,'
expect_no_grep "no criteria change reported" "$TMP_ROOT/err" 'criteria set'
expect_grep "rank chart: C2 continues C's line" "$R/index.html" '<title>Xã C Mới: 2024 hạng 4, 2025 hạng 3</title>'
expect_grep "rank chart: DE starts a line of its own" "$R/index.html" '<title>Xã DE: 2025 hạng 4</title>'
expect_grep "rank chart: D's line ends in 2024" "$R/index.html" '<title>Xã D: 2024 hạng 1</title>'

# --- a renamed code: matched with ma_cu, else a changed set --------------
write_2025 'ma: "1.3", ma_cu: "1.2"' 1.3
build
expect_exit "a code renamed with ma_cu builds" 0 $?
expect_no_grep "... the set still compares" "$TMP_ROOT/err" 'criteria set'
expect_change a '-10.00 -2 5 80.00' "... and A's change is shown"
write_2025 'ma: "1.3"' 1.3
"$CONGBO" check --source "$P" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"
expect_exit "a changed criteria set is allowed" 0 $?
expect_line "check says what changed" "$TMP_ROOT/err" \
	"content/scores/cchc-2025.yaml:9:3: warning: the criteria set of group xa differs from cchc-2024's: criterion 1.3 (Thể chế) is new; criterion 1.2 (Thể chế) is gone; the change of index against 2024 is not shown, only places (a code renamed since then is matched with ma_cu: \"OLD\")"
build
expect_change a 'None -2 5 80.00' "only places compare across changed criteria"
expect_grep "the page says the set changed" "$R/index.html" \
	'Bộ chỉ số năm 2025 của khối khác năm 2024: tiêu chí 1.3 (Thể chế) mới; tiêu chí 1.2 (Thể chế) không còn. Chỉ số không so sánh với năm 2024; thứ hạng so sánh giữa các đơn vị có cả hai năm.'

# --- mistakes ------------------------------------------------------------
write_2025 'ma: "1.2"' 1.2
F=content/scores/cchc-2025.yaml
sed -i 's/tien_than: {ma: \[d, e\]/tien_than: {ma: [d, x]/' "$P/$F"
build
expect_exit "mistakes stop a published year" 1 $?
expect_line "a predecessor that did not exist" "$TMP_ROOT/err" \
	"$F:49:25: error: tien_than names x, which is not a unit of cchc-2024 (the year before)"
sed -i 's/neu_khong_dtxhh: quy_doi/neu_khong_dtxhh: bo_qua/' "$P/$F"
build
expect_line "an unknown rule for a survey not held" "$TMP_ROOT/err" \
	"$F:13:22: error: neu_khong_dtxhh must be quy_doi (the index is on the appraised points, converted to 100) or khong_diem (the survey counts 0 points), not \"bo_qua\""
sed -i '/neu_khong_dtxhh/d' "$P/$F"
build
expect_line "a survey not held without the group's rule" "$TMP_ROOT/err" \
	"$F:53:12: error: dtxhh: khong_to_chuc needs the group's rule for a survey not held: add neu_khong_dtxhh: quy_doi (the index is on the appraised points, converted to 100) or neu_khong_dtxhh: khong_diem (the survey counts 0 points) to the criteria set of group xa"
write_2025 'ma: "1.2"' 1.2
sed -i 's/tien_than: {ma: \[c\], can_cu: Nghị quyết số 5\/NQ-HĐND, ngay: 2025-03-01}/tien_than: {ma: [c], ngay: 1\/3\/2025}/' "$P/$F"
build
expect_line "tien_than without its legal basis" "$TMP_ROOT/err" \
	"$F:43:16: error: missing key \"can_cu\" (the legal act, e.g. Nghị quyết số 1318/NQ-UBTVQH15)"
expect_line "tien_than with a date that is not one" "$TMP_ROOT/err" \
	"$F:43:32: error: ngay must be a date written as 2025-01-01, not \"1/3/2025\""
finish
