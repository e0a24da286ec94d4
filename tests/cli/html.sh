# html.sh: every page of the sample portal passes the W3C Nu HTML Checker
# (npm package vnu-jar), and every XML file is well-formed.
. tests/cli/lib.sh

if [ ! -f tests/html/node_modules/vnu-jar/build/dist/vnu.jar ]; then
	(cd tests/html && npm ci --no-audit --no-fund >/dev/null 2>&1)
fi
VNU=tests/html/node_modules/vnu-jar/build/dist/vnu.jar
check "vnu.jar is installed" test -f "$VNU"

OUT=$TMP_ROOT/site
SOURCE_DATE_EPOCH=1764000000 "$CONGBO" build --source . --out "$OUT" --quiet
check "the sample portal builds" test -f "$OUT/index.html"

find "$OUT" -name '*.html' | sort > "$TMP_ROOT/pages"
pages=$(wc -l < "$TMP_ROOT/pages")
check "the sample has pages to check ($pages)" test "$pages" -gt 20
java -jar "$VNU" --errors-only --format gnu --skip-non-html "$OUT" \
	> "$TMP_ROOT/vnu" 2>&1
while read -r page; do
	rel=${page#"$OUT"/}
	if grep -qF "\"$page\":" "$TMP_ROOT/vnu" || grep -qF "$page:" "$TMP_ROOT/vnu"; then
		fail "Nu HTML Checker: $rel" "$(grep -F "$page" "$TMP_ROOT/vnu" | head -n 5)"
	else
		ok "Nu HTML Checker: $rel"
	fi
done < "$TMP_ROOT/pages"
check "Nu HTML Checker: no other complaint" \
	sh -c "! grep -v -F '$OUT/' '$TMP_ROOT/vnu' | grep -q ."

for xml in $(find "$OUT" -name '*.xml' | sort); do
	check "well-formed XML: ${xml#"$OUT"/}" xmllint --noout "$xml"
done
finish
