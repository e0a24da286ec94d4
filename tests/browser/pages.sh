# pages.sh: every kind of page of the sample portal, served by `congbo
# serve`, in a real headless Chromium (tests/browser/pages.js): the phone
# layout at 375 and 320 px, axe-core at 375 and 1280 px, a keyboard-only
# walk, printing to PDF (pdfinfo, pdftotext), and screenshots of each kind
# at 375 and 1280 px kept in tests/.tmp/screenshots/ to look at.
. tests/cli/lib.sh

if [ ! -d tests/browser/node_modules/playwright-core ] ||
	[ ! -d tests/browser/node_modules/axe-core ]; then
	(cd tests/browser && npm ci --no-audit --no-fund >/dev/null 2>&1)
fi
check "playwright-core and axe-core are installed (npm ci in tests/browser)" \
	test -d tests/browser/node_modules/axe-core
for tool in chromium node pdfinfo pdftotext; do
	check "$tool is installed (generator/deps.sh test)" \
		sh -c "command -v $tool >/dev/null"
done

SERVER_PID=
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$TMP_ROOT"' EXIT
serve_start .
check "the server starts" test -n "$URL"

OUT=tests/.tmp
rm -rf "$OUT/screenshots" "$OUT/print"
mkdir -p "$OUT"
TMPDIR=$TMP_ROOT node tests/browser/pages.js "$URL" "$OUT" \
	> "$TMP_ROOT/browser" 2>&1
rc=$?
cat "$TMP_ROOT/browser"
passed=$((passed + $(grep -c '^ok ' "$TMP_ROOT/browser")))
failed=$((failed + $(grep -c '^FAIL ' "$TMP_ROOT/browser")))
expect_exit "pages.js ends well" 0 $rc
finish
