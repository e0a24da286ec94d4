# reload.sh: a real headless Chromium (Debian's chromium, driven by
# reload.js over the DevTools protocol) opens an article served by
# `congbo serve`; the test edits the article, breaks its front matter and
# fixes it, and each time the open page reloads by itself: new text, the
# error page with file:line:col, the article again.
. tests/cli/lib.sh

if ! command -v chromium >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
	fail "chromium and node are installed (generator/deps.sh test)"
	finish
	exit 1
fi

P=$TMP_ROOT/portal
new_portal "$P"
ARTICLE=$P/content/posts/mot.md
SERVER_PID=
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$TMP_ROOT"' EXIT

serve_start "$P"
check "the server starts" test -n "$URL"

# The steps: edit, break (date in the wrong form), fix.
node -e '
const [file, out] = process.argv.slice(1);
const fm = (date, body) => `---\ntitle: Bài thứ nhất\ndate: ${date}\ncategories: [Tin tức]\n---\n${body}\n`;
require("fs").writeFileSync(out, JSON.stringify([
  {file, content: fm("2022-04-19", "Nội dung sửa trong trình duyệt."), expect: "Nội dung sửa trong trình duyệt."},
  {file, content: fm("19/04/2022", "Sửa hỏng."), expect: "content/posts/mot.md:3:7: error:"},
  {file, content: fm("2022-04-19", "Đã sửa lại đúng."), expect: "Đã sửa lại đúng."},
]));' "$ARTICLE" "$TMP_ROOT/steps.json"

# TMPDIR: Chromium's profile goes into this test's folder, removed at exit
# even if a helper process of Chromium still writes there when reload.js ends.
TMPDIR=$TMP_ROOT node tests/browser/reload.js "${URL}tin-tuc/2022/bai-thu-nhat/" \
	"$TMP_ROOT/steps.json" > "$TMP_ROOT/browser" 2>&1
rc=$?
cat "$TMP_ROOT/browser"
passed=$((passed + $(grep -c '^ok ' "$TMP_ROOT/browser")))
failed=$((failed + $(grep -c '^FAIL ' "$TMP_ROOT/browser")))
expect_exit "reload.js ends well" 0 $rc
finish
