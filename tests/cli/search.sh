# search.sh: the search index under tim-kiem/chi-muc/: written when the
# theme has a search page, the same bytes from every kind of build, kept
# up to date by cached rebuilds that read only the pages that changed, and
# never trusting a damaged records cache (.site.search).
. tests/cli/lib.sh

P=$TMP_ROOT/portal
mkdir -p "$P"
cp -R content themes "$P/"
OUT=$P/site
IDX=$OUT/tim-kiem/chi-muc
build() { "$CONGBO" build --source "$P" --out "$OUT" --no-history --verbose "$@" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"; }
fresh() { rm -rf "$TMP_ROOT/ref"; "$CONGBO" build --source "$P" --out "$TMP_ROOT/ref" --no-history --no-cache -j 1 --quiet; }
same_as_fresh() { fresh; diff -r "$OUT" "$TMP_ROOT/ref" >"$TMP_ROOT/diff" 2>&1; }
# a word in some word bucket
indexed() { grep -rqaF "$1" "$IDX/w"; }

build
check "the search page is written" test -f "$OUT/tim-kiem/index.html"
check "the index's manifest is written" test -f "$IDX/index.json"
expect_grep "the manifest counts 20 articles and 3 pages" "$IDX/index.json" '"docs": 23'
check "the first chunk of documents is written" test -f "$IDX/d/0.json"
expect_grep "documents carry URL, title, date and category" "$IDX/d/0.json" \
	'["tin-tuc/2024/tap-trung-khac-phuc-hau-qua-bao-so-3-va-mua-lu/","Tập trung khắc phục hậu quả bão số 3 và mưa lũ","12/09/2024","2024-09-12T18:00:00+07:00","Tin tức - Sự kiện",'
check "word buckets hold accented and folded forms" sh -c "grep -rqaF 'khắc' '$IDX/w' && grep -rqaF 'khac' '$IDX/w'"
check "the index holds folded pairs" grep -rqaF "hanh chinh" "$IDX"
# a pair lies in its first word's bucket (the file the query fetches for
# that word anyway) unless the word is common, listed in the manifest:
# then in its second word's, unless that one is heavy (listed too)
check "a pair of an uncommon word lies in a word bucket" grep -rqaF "trang an" "$IDX/w"
check "the manifest lists the common and heavy words" \
	grep -q '"common": \[.*\], "heavy": \[' "$IDX/index.json"
check "the records cache is beside the output" test -f "$P/.site.search"
expect_grep "a first build reads every page's words" "$TMP_ROOT/out" \
	"search index: words of 23 pages read, 0 from the cache"
check "a build with the cache: same bytes as one without" same_as_fresh
[ -s "$TMP_ROOT/diff" ] && head -n 20 "$TMP_ROOT/diff"
rm -rf "$TMP_ROOT/j2"
"$CONGBO" build --source "$P" --out "$TMP_ROOT/j2" --no-history --no-cache -j 2 --quiet
fresh
check "-j 1 and -j 2: the same index" diff -r "$TMP_ROOT/j2/tim-kiem" "$TMP_ROOT/ref/tim-kiem"

# one article changes: only its words are read again, the index follows
A=$(ls "$P"/content/posts/2024/*trang-an*.md)
printf '\nDu khách khen món xôi trứng kiến.\n' >> "$A"
check "before: a new word is not in the index" sh -c "! grep -rqaF 'xôi' '$IDX/w'"
build
expect_grep "one change: the words of that page only are read" "$TMP_ROOT/out" \
	"search index: words of 1 pages read, 22 from the cache, updated: "
check "one change: the new word is in the index" indexed "xôi"
check "one change: same bytes as a build without the cache" same_as_fresh
[ -s "$TMP_ROOT/diff" ] && head -n 20 "$TMP_ROOT/diff"

# a new article and a removed one: ids move, the index is still exact
cat > "$P/content/posts/2024/moi.md" <<'MD'
---
title: Bài mới về đường giao thông nông thôn
date: 2024-12-30
categories: [Tin tức - Sự kiện]
---
Huyện khánh thành tuyến đường mới.
MD
build
check "a new article: same bytes as a build without the cache" same_as_fresh
expect_grep "a new article (the newest): the index is updated, not built again" \
	"$TMP_ROOT/out" "updated: "
expect_grep "a new article counts" "$IDX/index.json" '"docs": 24'
rm "$P/content/posts/2024/moi.md"
build
check "a removed article: same bytes as a build without the cache" same_as_fresh
expect_grep "a removed article: numbers move, the index is built again" \
	"$TMP_ROOT/out" "built: "

# a portal of 1,000 generated articles: some words are common, their pairs
# lie in their second words' buckets (none is heavy at this size: the unit
# tests place pairs apart); an edit that touches them still gives the
# bytes of a clean build, through the update
G=$TMP_ROOT/gen
generated_portal "$G" 1000
gbuild() { "$CONGBO" build --source "$G" --out "$G/site" --no-history --future --verbose "$@" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"; }
gbuild
expect_exit "1,000 generated articles build" 0 $?
check "1,000 articles: some words are common" sh -c "! grep -q '\"common\": \[\]' '$G/site/tim-kiem/chi-muc/index.json'"
expect_grep "1,000 articles: no word is heavy" "$G/site/tim-kiem/chi-muc/index.json" '"heavy": []'
check "1,000 articles: each common word's pairs lie in word buckets" sh -c '
	for w in $(sed "s/.*\"common\": \[\([^]]*\)\].*/\1/; s/[\",]/ /g" "$1"); do
		grep -rqaF "$w " "$2/w" || exit 1
	done' - "$G/site/tim-kiem/chi-muc/index.json" "$G/site/tim-kiem/chi-muc"
check "1,000 articles: the pair buckets hold no pair" sh -c '
	for f in "$1"/*.bin; do [ "$(od -An -tx1 "$f" | tr -d " \n")" = 00 ] || exit 1; done' - \
	"$G/site/tim-kiem/chi-muc/p"
GA=$(ls "$G"/content/posts/bench/*/*.md | head -n 50 | tail -n 1)
printf '\nHội nghị triển khai công tác cải cách hành chính của huyện.\n' >> "$GA"
gbuild
expect_grep "1,000 articles, one edit: the index is updated" "$TMP_ROOT/out" "updated: "
rm -rf "$TMP_ROOT/gref"
"$CONGBO" build --source "$G" --out "$TMP_ROOT/gref" --no-history --future --no-cache -j 1 --quiet
check "1,000 articles, one edit: same index as a build without the cache" \
	diff -r "$G/site/tim-kiem" "$TMP_ROOT/gref/tim-kiem"

# a damaged records cache is ignored: every page is read again
printf 'garbage' > "$P/.site.search"
printf '\nThêm một câu.\n' >> "$A"
build
expect_exit "a corrupt records cache does not fail the build" 0 $?
expect_grep "a corrupt records cache: every page read again" "$TMP_ROOT/out" \
	"search index: words of 23 pages read, 0 from the cache"
check "a corrupt records cache: same bytes as a build without it" same_as_fresh
head -c 300 "$P/.site.search" > "$TMP_ROOT/half" && cp "$TMP_ROOT/half" "$P/.site.search"
printf '\nMột câu nữa.\n' >> "$A"
build
expect_grep "a truncated records cache: every page read again" "$TMP_ROOT/out" \
	"search index: words of 23 pages read, 0 from the cache"
check "a truncated records cache: same bytes as a build without it" same_as_fresh

# --no-cache neither reads nor writes it
rm -f "$TMP_ROOT/.ref.search"
fresh
check "--no-cache writes no records cache" test ! -e "$TMP_ROOT/.ref.search"

# a theme without a search template gets no search page and no index
rm "$P/themes/default/templates/search.mustache"
rm -rf "$OUT" "$P"/.site.*
build
check "no search template: no search page" test ! -e "$OUT/tim-kiem"
check "no search template: no records cache" test ! -e "$P/.site.search"
expect_no_grep "no search template: --verbose says nothing of an index" "$TMP_ROOT/out" "search index"
finish
