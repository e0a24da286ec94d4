# theme.sh: the default theme takes everything about the portal from
# site.yaml (name, logo, address, phone, hours, social links, language),
# links phone and e-mail, gives cards without a picture their category's
# name and colour, and puts share tags and schema.org JSON-LD on every
# page, escaped so that no title can end its <script>.
. tests/cli/lib.sh

P=$TMP_ROOT/portal
new_portal "$P"
mkdir -p "$P/content/images" "$P/content/pages"
cp content/images/logo.png "$P/content/images/huy-hieu.png"
cat > "$P/content/site.yaml" <<'YAML'
title: Cổng thông tin xã Thử Nghiệm
base_url: https://xa-thu.example.gov.vn/cong/
language: vi-VN
logo: /images/huy-hieu.png
contact:
  name: Ủy ban nhân dân xã Thử Nghiệm
  address: Thôn Đông, xã Thử Nghiệm
  phone: (0229) 3.868-111 / 0913 000 000
  email: ubnd@xa-thu.example.gov.vn
  hours: Thứ Hai đến thứ Sáu, 7h30 - 17h00
  zalo: 0913000000
social:
  - {name: Facebook, url: "https://www.facebook.com/xathunghiem"}
YAML
cat > "$P/content/posts/hai.md" <<'MD'
---
title: "Thoát </script><script>alert(1)</script> & <!-- thử"
date: 2022-05-02
author: Phòng "Văn hóa"
categories: [Tin tức]
tags: [Thẻ một]
image: /images/huy-hieu.png
---
Bài có ảnh.
MD
cat > "$P/content/pages/gioi-thieu.md" <<'MD'
---
title: Giới thiệu
---
Trang tĩnh.
MD
"$CONGBO" build --source "$P" --out "$P/site" --quiet 2> "$TMP_ROOT/err"
expect_exit "a portal with the theme keys builds" 0 $?
S=$P/site
A=$S/tin-tuc/2022/bai-thu-nhat/index.html
B=$(ls -d "$S"/tin-tuc/2022/thoat-*)/index.html

expect_grep "lang comes from language" "$A" '<html lang="vi-VN">'
expect_grep "feed: xml:lang comes from language" "$S/feed.xml" 'xml:lang="vi-VN"'
expect_grep "the header names the body from contact.name" "$A" \
	'<span class="brand-org">Ủy ban nhân dân xã Thử Nghiệm</span>'
expect_grep "the header shows the logo" "$A" \
	'<img class="brand-logo" src="../../../images/huy-hieu.png" alt=""'
expect_grep "the logo is the pages' icon" "$A" \
	'<link rel="icon" href="../../../images/huy-hieu.png">'
expect_grep "the footer names the body" "$A" \
	'<p class="footer-org">Ủy ban nhân dân xã Thử Nghiệm</p>'
expect_grep "the phone is a tel: link (the first number, digits only)" "$A" \
	'<a href="tel:02293868111">(0229) 3.868-111 / 0913 000 000</a>'
expect_grep "the e-mail is a mailto: link" "$A" \
	'<a href="mailto:ubnd@xa-thu.example.gov.vn">ubnd@xa-thu.example.gov.vn</a>'
expect_grep "the office hours show" "$A" \
	'<span class="label">Giờ làm việc:</span> Thứ Hai đến thứ Sáu, 7h30 - 17h00'
expect_grep "social links show" "$A" \
	'<a href="https://www.facebook.com/xathunghiem" rel="me">Facebook</a>'
expect_no_grep "nothing of the sample portal is hard-coded" "$A" "Gia Viễn"
expect_grep "the search box is in the header" "$A" \
	'<form role="search" class="tim-kiem" action="../../../tim-kiem/" method="get" aria-label="Tìm kiếm trên trang">'

# a card without a picture: its category's name on the category's colour
expect_grep "a card without image shows its category" "$S/index.html" \
	'<span class="card-noimg-name">Tin tức</span>'
check "the fallback card carries a tone class" \
	grep -qE 'class="card-img card-noimg tone-[0-5]" aria-hidden="true"' "$S/index.html"

# share tags and JSON-LD on every kind of page
for page in index.html tin-tuc/2022/bai-thu-nhat/index.html gioi-thieu/index.html \
	chuyen-muc/tin-tuc/index.html the/the-mot/index.html luu-tru/index.html \
	luu-tru/2022/index.html 404.html; do
	expect_grep "$page: og:title" "$S/$page" '<meta property="og:title" content="'
	expect_grep "$page: twitter:card" "$S/$page" '<meta name="twitter:card" content="'
	expect_grep "$page: og:image falls back to the logo or is the article's" "$S/$page" \
		'<meta property="og:image" content="https://xa-thu.example.gov.vn/cong/images/huy-hieu.png">'
	expect_grep "$page: GovernmentOrganization" "$S/$page" \
		'{"@type":"GovernmentOrganization","@id":"https://xa-thu.example.gov.vn/cong/#to-chuc","name":"Ủy ban nhân dân xã Thử Nghiệm"'
	expect_grep "$page: BreadcrumbList" "$S/$page" '{"@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","position":1,"name":"Trang chủ","item":"https://xa-thu.example.gov.vn/cong/"}'
done
expect_grep "an article: NewsArticle" "$A" '{"@type":"NewsArticle"'
expect_grep "an article: og:type article" "$A" '<meta property="og:type" content="article">'
expect_grep "a list: og:type website" "$S/index.html" '<meta property="og:type" content="website">'
expect_grep "a category page: its breadcrumb" "$S/chuyen-muc/tin-tuc/index.html" \
	'{"@type":"ListItem","position":2,"name":"Tin tức","item":"https://xa-thu.example.gov.vn/cong/chuyen-muc/tin-tuc/"}'
expect_grep "an article: category then article in the breadcrumb" "$A" \
	'{"@type":"ListItem","position":2,"name":"Tin tức","item":"https://xa-thu.example.gov.vn/cong/chuyen-muc/tin-tuc/"},{"@type":"ListItem","position":3,"name":"Bài thứ nhất","item":"https://xa-thu.example.gov.vn/cong/tin-tuc/2022/bai-thu-nhat/"}'
expect_grep "the organisation's sameAs lists the social links" "$A" \
	'"sameAs":["https://www.facebook.com/xathunghiem"]'

# a title with </script> stays inside the JSON-LD
expect_grep "JSON-LD: < > & are \\u escapes, quotes escaped" "$B" \
	'"headline":"Thoát \u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e \u0026 \u003c!-- thử"'
expect_grep "JSON-LD: the author's quotes" "$B" '"author":{"@type":"Person","name":"Phòng \"Văn hóa\""}'
check "the article page has one <script> element, the JSON-LD" \
	test "$(grep -o '<script' "$B" | wc -l)" = 1
check "the JSON-LD of every page parses as JSON" sh -c "
	for f in \$(find '$S' -name '*.html'); do
		sed -n 's|.*<script type=\"application/ld+json\">\(.*\)</script>.*|\1|p' \"\$f\" |
			node -e 'JSON.parse(require(\"fs\").readFileSync(0, \"utf8\"))' || exit 1
	done"
expect_grep "an article with an image: large share card" "$B" \
	'<meta name="twitter:card" content="summary_large_image">'

# a site.yaml of before (no logo, no social, contact without name) stays valid
cat > "$P/content/site.yaml" <<'YAML'
title: Cổng thử nghiệm
base_url: https://example.gov.vn/
contact:
  phone: 0229 3868 025
YAML
"$CONGBO" build --source "$P" --out "$P/site2" --quiet 2> "$TMP_ROOT/err"
expect_exit "an older site.yaml builds" 0 $?
expect_grep "without contact.name the footer names the portal" "$P/site2/index.html" \
	'<p class="footer-org">Cổng thử nghiệm</p>'
expect_grep "lang defaults to vi" "$P/site2/index.html" '<html lang="vi">'
expect_no_grep "no logo, no og:image on a list" "$P/site2/index.html" 'og:image'
expect_grep "no logo: the theme's icon" "$P/site2/index.html" \
	'<link rel="icon" type="image/svg+xml" href="./assets/favicon.svg">'

# bad values: errors at file:line:col
cat > "$P/content/site.yaml" <<'YAML'
title: Cổng thử nghiệm
base_url: https://example.gov.vn/
logo: images/logo.png
social:
  - {name: Facebook, url: /facebook}
  - Zalo
contact: 0229 3868 025
YAML
"$CONGBO" check --source "$P" > /dev/null 2> "$TMP_ROOT/err"
expect_exit "bad theme keys: check exits 1" 1 $?
expect_line "a logo that is not a site path" "$TMP_ROOT/err" \
	'content/site.yaml:3:7: error: logo "images/logo.png" must be a path from the content folder, like /images/logo.png'
expect_line "a social link that is not http(s)" "$TMP_ROOT/err" \
	'content/site.yaml:5:27: error: social link "/facebook" must be an http(s) address, like https://www.facebook.com/...'
expect_line "a social item that is not a map" "$TMP_ROOT/err" \
	'content/site.yaml:6:5: error: an item of "social" must be a map {name: ..., url: ...}, not a text'
expect_line "contact that is not a map" "$TMP_ROOT/err" \
	'content/site.yaml:7:10: error: "contact" must be a map (name: ..., address: ..., phone: ..., email: ...)'
finish
