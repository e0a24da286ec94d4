# errors.sh: bad input gets a clear error at file:line:col, exit 1, and the
# previous site/ is left exactly as it was.
. tests/cli/lib.sh

P=$TMP_ROOT/portal
new_portal "$P"
"$CONGBO" build --source "$P" --out "$P/site" --quiet >/dev/null 2>&1
check "a good build succeeds" test -f "$P/site/index.html"
snapshot() { (cd "$P/site" && find . -type f -exec sha1sum {} + | sort; \
	find . -printf '%p %T@\n' | sort) > "$1"; }
snapshot "$TMP_ROOT/before"

# run_bad NAME: build and check must both fail with exit 1, site/ untouched.
run_bad() {
	"$CONGBO" build --source "$P" --out "$P/site" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"
	expect_exit "$1: build exits 1" 1 $?
	"$CONGBO" check --source "$P" >/dev/null 2>"$TMP_ROOT/check-err"
	expect_exit "$1: check exits 1" 1 $?
	snapshot "$TMP_ROOT/after"
	check "$1: site/ untouched" cmp -s "$TMP_ROOT/before" "$TMP_ROOT/after"
	check "$1: no temporary folder left" \
		sh -c "! ls -a '$P' | grep -q '^\.site\.tmp'"
}

article() { printf '%s' "$2" > "$P/content/posts/$1"; }

article bad-yaml.md '---
title: [Một
date: 2022-04-19
---
x
'
run_bad "malformed YAML"
expect_grep "malformed YAML: position and cause" "$TMP_ROOT/err" \
	"content/posts/bad-yaml.md:3:5: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"
rm "$P/content/posts/bad-yaml.md"

article unclosed.md '---
title: Chưa đóng
date: 2022-04-19
Nội dung
'
run_bad "missing closing ---"
expect_line "missing closing ---: message" "$TMP_ROOT/err" \
	'content/posts/unclosed.md:1:1: error: the front matter opened here is never closed: add a line "---" after its last key'
rm "$P/content/posts/unclosed.md"

article bad-date.md '---
title: Ngày sai
date: 19/04/2022
---
x
'
run_bad "a date that is not a date"
expect_line "bad date: message" "$TMP_ROOT/err" \
	'content/posts/bad-date.md:3:7: error: date "19/04/2022" is not a date; write YYYY-MM-DD, YYYY-MM-DD HH:MM or YYYY-MM-DDTHH:MM:SS+07:00'
article bad-date.md '---
title: Ngày sai
date: 2022-02-30
---
x
'
run_bad "an impossible date"
expect_grep "impossible date: message" "$TMP_ROOT/err" \
	'content/posts/bad-date.md:3:7: error: date "2022-02-30" is not a date'
rm "$P/content/posts/bad-date.md"

# Articles sharing a title build (tests/cli/recurring.sh); static pages
# have no date to tell them apart.
mkdir -p "$P/content/pages"
printf -- '---\ntitle: Liên hệ\n---\nx\n' > "$P/content/pages/lien-he.md"
printf -- '---\ntitle: Liên hệ\n---\ny\n' > "$P/content/pages/lien-he-2.md"
run_bad "two pages with one URL"
expect_line "same URL: names both files" "$TMP_ROOT/err" \
	'content/pages/lien-he.md:1:1: error: this page'"'"'s URL lien-he/index.html is also the URL of content/pages/lien-he-2.md; give one of them another slug'
rm -r "$P/content/pages"

printf -- '---\ntitle: Sai m\343 h\363a\ndate: 2022-04-19\n---\nx\n' > "$P/content/posts/latin1.md"
run_bad "invalid UTF-8"
expect_line "invalid UTF-8: position" "$TMP_ROOT/err" \
	'content/posts/latin1.md:2:13: error: invalid UTF-8: save the file as UTF-8 (Unicode) text'
rm "$P/content/posts/latin1.md"

article escape.md '---
title: Thoát ra
date: 2022-04-19
slug: ../../etc
---
x
'
run_bad "a slug escaping the output folder"
expect_line "slug ../: message" "$TMP_ROOT/err" \
	'content/posts/escape.md:4:7: error: slug "../../etc" may hold only a-z, 0-9 and "-"'
rm "$P/content/posts/escape.md"

cp "$P/content/site.yaml" "$TMP_ROOT/site.yaml"
printf 'permalinks:\n  post: ../:slug/\n' >> "$P/content/site.yaml"
run_bad "a permalink escaping the output folder"
expect_grep "permalink ../: message" "$TMP_ROOT/err" \
	'content/posts/mot.md:1:1: error: the permalink "../:slug/" gives a URL that would leave the output folder'
cp "$TMP_ROOT/site.yaml" "$P/content/site.yaml"

article typo.md '---
title: Lỗi gõ
date: 2022-04-19
tittle: x
draft: true
---
x
'
"$CONGBO" build --source "$P" --out "$P/site" >/dev/null 2>"$TMP_ROOT/err"
expect_exit "an unknown key is only a warning" 0 $?
expect_line "unknown key: names the known keys" "$TMP_ROOT/err" \
	'content/posts/typo.md:4:1: warning: unknown key "tittle" (did you mean "title"?); known keys: title, date, author, categories, tags, summary, image, image_alt, draft, slug, aliases'
rm "$P/content/posts/typo.md"
"$CONGBO" build --source "$P" --out "$P/site" --quiet >/dev/null 2>&1
snapshot "$TMP_ROOT/before"

# several problems at once: one run reports them all
article a.md '---
title: A
date: nope
---
'
article b.md '---
title: B
date: 2022-04-19
draft: maybe
---
'
run_bad "several errors"
check "several errors: all reported" test "$(grep -c ': error: ' "$TMP_ROOT/err")" -ge 2
rm "$P/content/posts/a.md" "$P/content/posts/b.md"

# --- honest errors: the real place, every way a name or text can vanish ---
printf -- '---\ntitle: Bài\ndate: 2022-04-19\nsummary: ab\001c\n---\nx\n' > "$P/content/posts/ctl.md"
run_bad "a control character in YAML"
expect_line "a control character: at its line and column" "$TMP_ROOT/err" \
	'content/posts/ctl.md:4:12: error: invalid YAML: control characters are not allowed (byte 0x01): write the text in UTF-8 without control characters'
printf -- '---\ntitle: Bài\ndate: 2022-04-19\nsummary: "Tóm tắt"\nauthor: X\377Y\n---\nx\n' > "$P/content/posts/ctl.md"
run_bad "invalid UTF-8 in YAML"
expect_line "invalid UTF-8: at its line and column" "$TMP_ROOT/err" \
	'content/posts/ctl.md:5:10: error: invalid UTF-8: save the file as UTF-8 (Unicode) text'
article ctl.md '---
title: "Bai\0thu"
date: 2022-04-19
---
'
run_bad "a NUL in a title"
expect_line "a NUL: refused at its place" "$TMP_ROOT/err" \
	'content/posts/ctl.md:2:8: error: text holds a NUL character (\0), which no page can show: remove it'
rm "$P/content/posts/ctl.md"
article terms.md '---
title: Phân loại rỗng
date: 2022-04-19
categories: ["/", "***", ""]
tags: [CCHC, "!!"]
---
'
run_bad "categories and tags that slug to nothing"
expect_line "category \"/\": refused at its place" "$TMP_ROOT/err" \
	'content/posts/terms.md:4:14: error: category "/" has no letter or digit to make its web address from: name it with words'
expect_line "category \"***\"" "$TMP_ROOT/err" \
	'content/posts/terms.md:4:19: error: category "***" has no letter or digit to make its web address from: name it with words'
expect_line "category \"\"" "$TMP_ROOT/err" \
	'content/posts/terms.md:4:26: error: category "" has no letter or digit to make its web address from: name it with words'
expect_line "tag \"!!\"" "$TMP_ROOT/err" \
	'content/posts/terms.md:5:14: error: tag "!!" has no letter or digit to make its web address from: name it with words'
printf -- '---\ntitle: Nhiều thẻ\ndate: 2022-04-19\ntags: [%s]\n---\n' \
	"$(seq -s, 1 101)" > "$P/content/posts/terms.md"
run_bad "more than 100 tags"
expect_line "too many tags: the limit named" "$TMP_ROOT/err" \
	'content/posts/terms.md:4:7: error: 101 tags; an article may have at most 100 (CONTENT_MAX_TERMS)'
printf -- '---\ntitle: Dài\ndate: 2022-04-19\nslug: %s\n---\n' \
	"$(printf '%0300d' 0 | tr 0 a)" > "$P/content/posts/terms.md"
run_bad "a slug too long for a file name"
expect_line "a long slug: the limit named" "$TMP_ROOT/err" \
	'content/posts/terms.md:4:7: error: slug is 300 characters long; at most 200 (TEXT_SLUG_MAX)'
rm "$P/content/posts/terms.md"
cp "$P/content/site.yaml" "$TMP_ROOT/site.yaml"
printf 'menu:\n  - {name: Trang chủ, url: /}\n  - {name: X, url: "javascript:alert(1)"}\n' >> "$P/content/site.yaml"
run_bad "a menu link with an unsafe scheme"
expect_line "menu javascript: refused at its place" "$TMP_ROOT/err" \
	'content/site.yaml:5:20: error: menu url "javascript:alert(1)" has an unsafe scheme: write a path from the site root (/tin-tuc/) or an http(s) address'
cp "$TMP_ROOT/site.yaml" "$P/content/site.yaml"

# a long title still makes a page: its slug stops at a whole word
printf -- '---\ntitle: %s\ndate: 2022-04-19\n---\nx\n' \
	"$(seq -s ' ' 1000 1100)" > "$P/content/posts/dai.md"
# drafts saved as .MD or .markdown are Markdown, never copied as they are
printf -- '---\ntitle: Viết hoa\ndate: 2022-04-19\n---\nx\n' > "$P/content/posts/hoa.MD"
printf -- '---\ntitle: Đuôi dài\ndate: 2022-04-19\n---\nx\n' > "$P/content/posts/duoi.markdown"
"$CONGBO" build --source "$P" --out "$P/site" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"
expect_exit "long titles, .MD and .markdown build" 0 $?
check "a long title's slug fits a file name" \
	test -f "$P/site/tin-tuc/2022/$(seq -s - 1000 1039)/index.html"
check ".MD is a page" test -f "$P/site/tin-tuc/2022/viet-hoa/index.html"
check ".markdown is a page" test -f "$P/site/tin-tuc/2022/duoi-dai/index.html"
check "neither is copied as it is" sh -c "! find '$P/site' -iname '*.md' -o -name '*.markdown' | grep -q ."
rm "$P/content/posts/dai.md" "$P/content/posts/hoa.MD" "$P/content/posts/duoi.markdown"
"$CONGBO" build --source "$P" --out "$P/site" --quiet >/dev/null 2>&1
snapshot "$TMP_ROOT/before"

# an output path taken twice is said at the page's file
mkdir -p "$P/content/pages"
printf -- '---\ntitle: Tìm kiếm\n---\nx\n' > "$P/content/pages/tim.md"
"$CONGBO" build --source "$P" --out "$P/site" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"
expect_exit "a page on congbo's own address: exit 1" 1 $?
expect_line "a page on congbo's own address: said at the page's file" "$TMP_ROOT/err" \
	'content/pages/tim.md: error: its page "tim-kiem/index.html" is also one congbo makes itself (a list, feed or search page): give it another slug'
rm "$P/content/pages/tim.md"

# --- templates that never end: one message per problem, at its tag ------
mkdir -p "$P/templates"
echo '{{>footer}}' > "$P/templates/footer.mustache"
"$CONGBO" build --source "$P" --out "$P/site" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"
expect_exit "a partial that includes itself: exit 1" 1 $?
expect_line "a partial that includes itself: said once, at its tag" "$TMP_ROOT/err" \
	'templates/footer.mustache:1:1: error: templates nest deeper than 64 (TEMPLATE_MAX_DEPTH) at {{>footer}}: does a partial include itself without end?'
check "... once for every page" test "$(grep -c ': error: ' "$TMP_ROOT/err")" = 1
# sections over partials, each level repeating the one below
echo '{{>b1}}' > "$P/templates/footer.mustache"
for i in 1 2 3 4 5 6 7 8; do
	echo "{{#site.menu}}{{>b$((i + 1))}}{{>b$((i + 1))}}{{>b$((i + 1))}}{{/site.menu}}{{^site.menu}}{{>b$((i + 1))}}{{>b$((i + 1))}}{{>b$((i + 1))}}{{>b$((i + 1))}}{{>b$((i + 1))}}{{>b$((i + 1))}}{{/site.menu}}" \
		> "$P/templates/b$i.mustache"
done
echo 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' > "$P/templates/b9.mustache"
"$CONGBO" build --source "$P" --out "$P/site" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"
expect_exit "a template that grows without end: exit 1" 1 $?
expect_grep "... stops at a named limit, at the tag that expands it" "$TMP_ROOT/err" \
	'themes/default/templates/article.mustache:1:1: error: the page grows past'
expect_grep "... naming the limit" "$TMP_ROOT/err" \
	'(TEMPLATE_MAX_OUTPUT) here: do sections over partials repeat each other without end?'
rm -r "$P/templates"
snapshot "$TMP_ROOT/after"
check "templates that never end: site/ untouched" cmp -s "$TMP_ROOT/before" "$TMP_ROOT/after"

# --- the theme against the table of templates (theme_contract.c) --------
mv "$P/themes/default/templates/article.mustache" "$TMP_ROOT/article.mustache"
"$CONGBO" check --source "$P" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"
expect_exit "a theme without article.mustache: check exits 1" 1 $?
expect_line "... naming the missing file and what it renders" "$TMP_ROOT/err" \
	'themes/default/templates/article.mustache: error: missing: the theme has no template "article", which renders one article; add it, or copy it from themes/default/templates/'
"$CONGBO" build --source "$P" --out "$P/site" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"
expect_exit "... and build exits 1" 1 $?
check "... with one message, not one per article" \
	test "$(grep -c ': error: ' "$TMP_ROOT/err")" = 1
mv "$TMP_ROOT/article.mustache" "$P/themes/default/templates/article.mustache"
S=$TMP_ROOT/with-scores
mkdir -p "$S"
cp -R "$REPO_ROOT/content" "$REPO_ROOT/themes" "$S/"
rm "$S/themes/default/templates/result-embed.mustache"
"$CONGBO" check --source "$S" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"
expect_grep "a template needed by score data: named with why" "$TMP_ROOT/err" \
	'result-embed.mustache: error: missing: the theme has no template "result-embed", which renders the table a `ket-qua` shortcode puts in an article (a fragment, no layout) (needed since content/scores/ has data)'
printf '{{#site.menu}}\n' >> "$P/themes/default/templates/footer.mustache"
"$CONGBO" check --source "$P" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"
expect_exit "an unclosed section: check exits 1" 1 $?
expect_grep "... at its file:line:col" "$TMP_ROOT/err" \
	'themes/default/templates/footer.mustache:'
expect_grep "... saying what to add" "$TMP_ROOT/err" 'unclosed section {{#site.menu}}'
cp "$REPO_ROOT/themes/default/templates/footer.mustache" "$P/themes/default/templates/"

# serve names its real options
timeout 20 "$CONGBO" serve --source "$P" --bind 203.0.113.7 --port 0 >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"
expect_exit "serve on an address not of this machine: exit 2" 2 $?
expect_line "... names --bind, the option that sets it" "$TMP_ROOT/err" \
	'congbo serve: error: 203.0.113.7 is not an address of this machine: choose another with --bind'

# --- one schema layer: front matter, site.yaml and score data are read
# with the same typed reads, messages and "did you mean" hints ---
article typed.md '---
title: ""
date: 2022-04-19
draft: maybe
tags: {a: 1}
---
x
'
run_bad "typed reads in front matter"
expect_line "an empty title" "$TMP_ROOT/err" \
	'content/posts/typed.md:2:8: error: title must not be empty'
expect_line "a boolean that is not" "$TMP_ROOT/err" \
	'content/posts/typed.md:4:8: error: draft must be true or false, not a text'
expect_line "a list that is a map" "$TMP_ROOT/err" \
	'content/posts/typed.md:5:7: error: tags must be a list of texts, not a map'
rm "$P/content/posts/typed.md"
cp "$P/content/site.yaml" "$TMP_ROOT/site.yaml"
printf 'unsafe_htm: true\nlogo: [a]\n' >> "$P/content/site.yaml"
n=$(wc -l < "$TMP_ROOT/site.yaml")
run_bad "typed reads in site.yaml"
expect_line "site.yaml: a typo gets its hint" "$TMP_ROOT/err" \
	"content/site.yaml:$((n + 1)):1: warning: unknown key \"unsafe_htm\" (did you mean \"unsafe_html\"?); known keys: title, description, base_url, language, timezone, theme, author, footer, page_size, unsafe_html, permalinks, menu, contact, lich_su, logo, social"
expect_line "site.yaml: the same typed read" "$TMP_ROOT/err" \
	"content/site.yaml:$((n + 2)):7: error: logo must be a text, not a list"
cp "$TMP_ROOT/site.yaml" "$P/content/site.yaml"
T=$TMP_ROOT/typo-scores
mkdir -p "$T"
cp -R "$REPO_ROOT/content" "$REPO_ROOT/themes" "$T/"
sed -i -e 's/^lam_tron: 2$/lam_ton: 2/' \
	-e '0,/^    tong_diem: 100$/s//    tong_dien: 100/' \
	-e 's/^    ten: Thị trấn Me$/&\n    ghi_chuu: x/' "$T/content/scores/cchc-2021.yaml"
"$CONGBO" check --source "$T" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"
expect_exit "misspelt score keys: check exits 1" 1 $?
expect_line "a dataset key: did you mean" "$TMP_ROOT/err" \
	'content/scores/cchc-2021.yaml:12:1: error: unknown key "lam_ton" (did you mean "lam_tron"?); allowed keys: nam, tieu_de, co_quan, trang_thai, quyet_dinh, dinh_chinh, lam_tron, xep_loai, bo_tieu_chi, don_vi'
expect_line "a criteria set key: did you mean" "$TMP_ROOT/err" \
	'content/scores/cchc-2021.yaml:22:5: error: unknown key "tong_dien" (did you mean "tong_diem"?); allowed keys: ten, khoi, tong_diem, neu_khong_dtxhh, linh_vuc'
expect_line "... and the key it lacks" "$TMP_ROOT/err" \
	'content/scores/cchc-2021.yaml:20:5: error: missing key "tong_diem" (the total maximum, e.g. 100)'
expect_line "a unit key: did you mean" "$TMP_ROOT/err" \
	'content/scores/cchc-2021.yaml:182:5: error: unknown key "ghi_chuu" (did you mean "ghi_chu"?); allowed keys: ma, ten, nhom, tu_danh_gia, tham_dinh, dtxhh, khong_ap_dung, xep_hang, diem_thuong, diem_tru, ghi_chu, nam_truoc, tien_than'

"$CONGBO" build --bogus >/dev/null 2>"$TMP_ROOT/err"
expect_exit "bad usage exits 2" 2 $?
expect_grep "bad usage: says why" "$TMP_ROOT/err" 'unknown option "--bogus"'

finish
