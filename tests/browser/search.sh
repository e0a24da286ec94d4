# search.sh: the search page (tim-kiem/) in a real headless Chromium
# (Debian's chromium, driven by playwright-core from npm: tests/search/).
# The portal: the sample, 400 generated articles (tests/bench/gen-corpus.c)
# as distractors, and two fixtures for accent-aware ranking.  Every query
# of tests/search/queries.tsv finds the article a reader means in its top
# 3; results are highlighted; keyboard and no-JavaScript behaviour.
# Screenshots at 375 and 1280 px stay in tests/.tmp/search/.
. tests/cli/lib.sh

if ! command -v chromium >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
	fail "chromium and node are installed (generator/deps.sh test)"
	finish
	exit 1
fi
if [ ! -d tests/search/node_modules/playwright-core ]; then
	(cd tests/search && npm ci --no-audit --no-fund >/dev/null 2>&1)
fi
check "playwright-core is installed" test -d tests/search/node_modules/playwright-core

P=$TMP_ROOT/portal
generated_portal "$P" 400
mkdir -p "$P/content/posts/fixtures"
cp tests/search/fixtures/posts/*.md "$P/content/posts/fixtures/"
# --future: the corpus links to articles dated up to the end of 2025
SOURCE_DATE_EPOCH=1764000000 "$CONGBO" build --source "$P" --out "$TMP_ROOT/site" --future \
	--no-history --quiet
check "the portal builds" test -f "$TMP_ROOT/site/tim-kiem/index.html"

SHOTS=tests/.tmp/search
mkdir -p "$SHOTS"
TMPDIR=$TMP_ROOT node tests/search/browser.js "$TMP_ROOT/site" \
	tests/search/queries.tsv "$SHOTS" > "$TMP_ROOT/browser" 2>&1
rc=$?
cat "$TMP_ROOT/browser"
passed=$((passed + $(grep -c '^ok ' "$TMP_ROOT/browser")))
failed=$((failed + $(grep -c '^FAIL ' "$TMP_ROOT/browser")))
expect_exit "browser.js ends well" 0 $rc
finish
