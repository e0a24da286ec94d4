# golden.sh: the rendered HTML of the sample article and list pages stays
# as reviewed.  CONGBO_UPDATE=1 (make test-update) rewrites the golden
# files; review the diff by eye before committing it.
. tests/cli/lib.sh

OUT=$TMP_ROOT/site
# --no-history: the pages must not depend on the history of the repository
# the tests run in (a shallow CI clone would date them differently)
SOURCE_DATE_EPOCH=1764000000 "$CONGBO" build --source . --out "$OUT" --quiet -j 2 --no-history
check "the sample portal builds" test -f "$OUT/index.html"

# golden name  →  page of the sample portal
while read -r name page; do
	[ -n "$name" ] || continue
	if [ -n "${CONGBO_UPDATE:-}" ]; then
		cp "$OUT/$page" "tests/golden/$name"
	fi
	if cmp -s "$OUT/$page" "tests/golden/$name"; then
		ok "golden $name"
	else
		fail "golden $name ($page)" "$(diff -u "tests/golden/$name" "$OUT/$page" | head -n 30)"
	fi
done <<'LIST'
seed-article.html tin-tuc/2022/hoi-nghi-danh-gia-cham-diem-xac-dinh-chi-so-cchc-cap-huyen-nam-2021/index.html
home.html index.html
home-page-2.html trang/2/index.html
category.html chuyen-muc/cai-cach-hanh-chinh/index.html
archive.html luu-tru/index.html
feed.xml feed.xml
result-2021.html ket-qua/cchc-2021/index.html
result-unit.html ket-qua/cchc-2021/thanh-tra/index.html
LIST

# -j1 and -jN give the same bytes
"$CONGBO" build --source . --out "$TMP_ROOT/site1" --quiet -j 1 --no-history
check "output is byte-identical with -j1 and -j2" diff -r "$OUT" "$TMP_ROOT/site1"
finish
