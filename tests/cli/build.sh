# build.sh: what a build produces and how it treats hostile or tricky input.
. tests/cli/lib.sh

P=$TMP_ROOT/portal
new_portal "$P"
build() { "$CONGBO" build --source "$P" --out "$P/site" "$@" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"; }
page() { cat "$P/site/tin-tuc/2022/$1/index.html"; }

# --- hostile text: never live script ------------------------------------
cat > "$P/content/posts/xss.md" <<'MD'
---
title: "<script>alert(1)</script> Tin"
date: 2022-04-20
summary: "\"><img src=x onerror=alert(1)>"
---
Bấm [vào đây](javascript:alert(1)) hoặc [đây](JaVaScRiPt:alert(2)) hay
[kia](  javascript:alert(3)) và ![ảnh](data:text/html;base64,PHNjcmlwdD4=).

<script>alert("body")</script>

<a href="javascript:alert(4)">thô</a>
MD
build
expect_exit "hostile article builds" 0 $?
X=$P/site/tin-tuc/2022/script-alert-1-script-tin/index.html
check "hostile title gives a clean slug" test -f "$X"
expect_no_grep "no live <script> from the title" "$X" "<script>alert(1)"
expect_grep "the title is escaped" "$X" "&lt;script&gt;alert(1)&lt;/script&gt; Tin"
expect_no_grep "no javascript: link survives" "$X" 'href="javascript'
expect_no_grep "no mixed-case javascript: link survives" "$X" 'JaVaScRiPt:'
expect_no_grep "no data:text/html image survives" "$X" 'data:text/html'
expect_no_grep "raw <script> in the body is dropped" "$X" '<script>alert("body")'
expect_no_grep "raw <a href=javascript:> is dropped" "$X" 'alert(4)'
expect_no_grep "the summary cannot open a tag" "$X" '"><img src=x'
expect_grep "raw HTML is replaced by a marker" "$X" "<!-- raw HTML omitted -->"
expect_no_grep "home page: no live script" "$P/site/index.html" "<script>alert"
expect_no_grep "feed: no live script" "$P/site/feed.xml" "<script>alert"
rm "$P/content/posts/xss.md"

# --- links relative to each page; site-absolute Markdown links rewritten
cat > "$P/content/posts/links.md" <<'MD'
---
title: Liên kết
date: 2022-04-21
image: /images/a.png
---
Xem [bài một](/tin-tuc/2022/bai-thu-nhat/) và ![ảnh](/images/a.png).
MD
mkdir -p "$P/content/images" "$P/content/files"
cp "$REPO_ROOT/content/images/2024/cong-nghe-so.png" "$P/content/images/a.png"
printf '%%PDF-1.4 quyết định\n' > "$P/content/files/qd.pdf"
build
L=$P/site/tin-tuc/2022/lien-ket/index.html
expect_grep "site-absolute link made relative" "$L" 'href="../../../tin-tuc/2022/bai-thu-nhat/"'
expect_grep "site-absolute image made relative" "$L" 'src="../../../images/a.png"'
expect_grep "stylesheet relative to the page" "$L" 'href="../../../assets/style.css"'
check "assets under content/ are copied" cmp -s "$P/content/files/qd.pdf" "$P/site/files/qd.pdf"
check "photos under content/ are published" test -s "$P/site/images/a.png"
expect_grep "404 page links from the base path" "$P/site/404.html" 'href="/assets/style.css"'
sed -i 's|^base_url:.*|base_url: https://example.gov.vn/cong-bo/|' "$P/content/site.yaml"
build
expect_grep "404 page under a sub-folder" "$P/site/404.html" 'href="/cong-bo/assets/style.css"'
expect_grep "canonical URL under a sub-folder" "$L" 'href="https://example.gov.vn/cong-bo/tin-tuc/2022/lien-ket/"'
rm "$P/content/posts/links.md"

# --- drafts and future articles -----------------------------------------
cat > "$P/content/posts/nhap.md" <<'MD'
---
title: Bản nháp
date: 2022-04-22
draft: true
---
x
MD
cat > "$P/content/posts/tuong-lai.md" <<'MD'
---
title: Bài tương lai
date: 2999-01-01
---
x
MD
build
expect_grep "summary counts drafts and future articles" "$TMP_ROOT/out" "left out 1 drafts and 1 future articles"
check "a draft is left out" test ! -e "$P/site/tin-tuc/2022/ban-nhap"
check "a future article is left out" test ! -e "$P/site/tin-tuc/2999"
build --drafts --future
check "--drafts includes drafts" test -f "$P/site/tin-tuc/2022/ban-nhap/index.html"
check "--future includes future articles" test -f "$P/site/tin-tuc/2999/bai-tuong-lai/index.html"
SOURCE_DATE_EPOCH=32503680001 "$CONGBO" build --source "$P" --out "$P/site" --quiet
check "SOURCE_DATE_EPOCH decides what is future" test -f "$P/site/tin-tuc/2999/bai-tuong-lai/index.html"
rm "$P/content/posts/nhap.md" "$P/content/posts/tuong-lai.md"

# --- unchanged files keep their bytes and mtime -------------------------
build
before=$(stat -c '%i %Y' "$P/site/tin-tuc/2022/bai-thu-nhat/index.html")
sleep 1
build
expect_grep "a rebuild reports nothing changed" "$TMP_ROOT/out" "nothing changed since the last build"
after=$(stat -c '%i %Y' "$P/site/tin-tuc/2022/bai-thu-nhat/index.html")
check "an unchanged page keeps its inode and mtime" test "$before" = "$after"

# --- templates: errors point into the template; a site overrides one ----
cp "$P/themes/default/templates/card.mustache" "$TMP_ROOT/card"
printf '<div>\n{{#title}}\n{{/titel}}\n</div>\n' > "$P/themes/default/templates/card.mustache"
build
expect_exit "template syntax error: exit 1" 1 $?
expect_line "template syntax error: position and message" "$TMP_ROOT/err" \
	'themes/default/templates/card.mustache:3:1: error: {{/titel}} closes {{#title}} opened at line 2; close that first with {{/title}}'
cp "$TMP_ROOT/card" "$P/themes/default/templates/card.mustache"
printf '{{>khong-co}}\n' >> "$P/themes/default/templates/footer.mustache"
build
expect_exit "missing partial: exit 1" 1 $?
expect_grep "missing partial: position and message" "$TMP_ROOT/err" \
	'error: partial "khong-co" not found; templates are: 404, archive,'
sed -i '$d' "$P/themes/default/templates/footer.mustache"
mkdir -p "$P/templates"
printf '<!DOCTYPE html><title>x</title><p>Trang riêng {{article.title}}</p>\n' > "$P/templates/article.mustache"
build
expect_grep "the portal's templates/ overrides one theme template" \
	"$P/site/tin-tuc/2022/bai-thu-nhat/index.html" "Trang riêng Bài thứ nhất"
rm -r "$P/templates"

# --- command line -------------------------------------------------------
"$CONGBO" version > "$TMP_ROOT/out"
expect_grep "version" "$TMP_ROOT/out" "congbo "
"$CONGBO" help build > "$TMP_ROOT/out"
expect_grep "help build" "$TMP_ROOT/out" "usage: congbo build"
"$CONGBO" frobnicate 2>/dev/null
expect_exit "unknown command exits 2" 2 $?
"$CONGBO" build -j 0 2>/dev/null
expect_exit "-j 0 exits 2" 2 $?
# control characters XML forbids (a form feed pasted from a word
# processor) never make feed.xml or sitemap.xml invalid
X=$TMP_ROOT/xml
new_portal "$X"
printf -- '---\ntitle: "Trang\\fmot"\ndate: 2022-05-01\nsummary: "Tóm\\x01tắt"\ncategories: [Tin tức]\n---\nThân\fbài.\n' \
	> "$X/content/posts/dieu-khien.md"
"$CONGBO" build --source "$X" --out "$X/site" --quiet
expect_exit "control characters in an article: the build succeeds" 0 $?
check "... feed.xml holds none of them" sh -c "! tr -d '\t\n\r' < '$X/site/feed.xml' | grep -q '[[:cntrl:]]'"
check "... feed.xml is well-formed XML" python3 -c \
	"import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])" "$X/site/feed.xml"
check "... so is the category's feed" python3 -c \
	"import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])" "$X/site/chuyen-muc/tin-tuc/feed.xml"
check "... and sitemap.xml" python3 -c \
	"import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])" "$X/site/sitemap.xml"

"$CONGBO" check --source "$P" > "$TMP_ROOT/out" 2>&1
expect_grep "check says what it checked" "$TMP_ROOT/out" "congbo: checked 1 articles"
finish
