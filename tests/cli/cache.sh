# cache.sh: the incremental cache beside the output folder: a rebuild
# renders and writes only what changed, gives the same bytes as a build
# without it, and a corrupt or stale cache is detected, never trusted.
. tests/cli/lib.sh

P=$TMP_ROOT/portal
mkdir -p "$P"
cp -R content themes "$P/"
OUT=$P/site
build() { "$CONGBO" build --source "$P" --out "$OUT" --no-history "$@" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"; }
fresh() { rm -rf "$TMP_ROOT/ref"; "$CONGBO" build --source "$P" --out "$TMP_ROOT/ref" --no-history --no-cache -j 1 --quiet; }
same_as_fresh() { fresh; diff -r "$OUT" "$TMP_ROOT/ref" >"$TMP_ROOT/diff" 2>&1; }
stamp() { find "$OUT" -type f -printf '%P %i %T@\n' | sort > "$1"; }

build
check "a first build writes the cache beside the output" test -f "$P/.site.cache"
check "the cache is not inside the output" test ! -e "$OUT/.site.cache"
stamp "$TMP_ROOT/s1"
build
expect_grep "nothing changed: says so" "$TMP_ROOT/out" "nothing changed since the last build"
stamp "$TMP_ROOT/s2"
check "nothing changed: no file written or touched" cmp -s "$TMP_ROOT/s1" "$TMP_ROOT/s2"

# one article's text changes: its page and what shows it, nothing else
A=$(ls "$P"/content/posts/2024/*trang-an*.md)
printf '\nMột câu mới về Tràng An.\n' >> "$A"
build --verbose
stamp "$TMP_ROOT/s3"
changed=$(comm -13 "$TMP_ROOT/s2" "$TMP_ROOT/s3" | cut -d' ' -f1)
printf '%s\n' "$changed" > "$TMP_ROOT/changed"
# the search index (tim-kiem/chi-muc/) is checked in search.sh
written=$(grep -vc '^tim-kiem/chi-muc/' "$TMP_ROOT/changed")
check "one change: a handful of pages written ($written)" test "${written:-999}" -le 6
expect_grep "one change: the search index reads that page's words only" \
	"$TMP_ROOT/out" "search index: words of 1 pages read, 22 from the cache"
expect_grep "one change: the article's page is rewritten" "$TMP_ROOT/changed" \
	"tin-tuc/2024/gia-vien-phat-huy-gia-tri-di-san-trang-an-sau-muoi-nam-duoc-unesco-ghi-danh/index.html"
expect_no_grep "one change: an unrelated article is not rewritten" "$TMP_ROOT/changed" \
	"tin-tuc/2022/hoi-nghi-danh-gia"
check "one change: same bytes as a build without the cache" same_as_fresh
[ -s "$TMP_ROOT/diff" ] && head -n 20 "$TMP_ROOT/diff"

# a title change reaches every list that shows it
sed -i 's/^title: Gia Viễn phát huy/title: Huyện Gia Viễn phát huy/' "$A"
build
check "a new title: same bytes as a build without the cache" same_as_fresh
expect_grep "a new title reaches the home page" "$OUT/index.html" "Huyện Gia Viễn phát huy"

# a template change re-renders every page
printf '\n' >> "$P/themes/default/templates/footer.mustache"
build
check "a template change: same bytes as a build without the cache" same_as_fresh

# corrupt cache: ignored, never trusted
printf 'garbage\n' > "$P/.site.cache"
printf '\nThêm một câu.\n' >> "$A"
build
expect_exit "a corrupt cache does not fail the build" 0 $?
check "a corrupt cache: same bytes as a build without it" same_as_fresh
head -c 200 "$P/.site.cache" > "$TMP_ROOT/half" && cp "$TMP_ROOT/half" "$P/.site.cache"
build
check "a truncated cache: same bytes as a build without it" same_as_fresh
check "a truncated cache is replaced by a whole one" \
	sh -c "tail -n 1 '$P/.site.cache' | grep -q '^#'"

# stale output: a page edited by hand since the build is rebuilt
P1=$OUT/tin-tuc/2022/hoi-nghi-danh-gia-cham-diem-xac-dinh-chi-so-cchc-cap-huyen-nam-2021/index.html
cp "$P1" "$TMP_ROOT/p1"
printf 'sửa tay' >> "$P1"
build
check "a page changed by hand is rebuilt" cmp -s "$P1" "$TMP_ROOT/p1"
rm "$OUT/index.html"
build
check "a page deleted by hand is rebuilt" test -f "$OUT/index.html"
check "after repairs: same bytes as a build without the cache" same_as_fresh

# other options: the cache of a build without drafts is not used for one with
build --drafts
check "--drafts after a cached build includes the draft" \
	sh -c "ls '$OUT'/tin-tuc/2023 | grep -q du-thao"
build
check "back without --drafts: the draft is gone" \
	sh -c "! ls '$OUT'/tin-tuc/2023 | grep -q du-thao"
check "-j1 and -j2 with the cache give the same bytes" same_as_fresh

# front matter comes from the cache's records, warnings and all
cat > "$P/content/posts/canh-bao.md" <<'MD'
---
title: Cảnh báo
date: 2022-05-05
tittle: gõ nhầm
---
Nội dung.
MD
build
build
expect_grep "a cached rebuild still warns about an unknown key" "$TMP_ROOT/err" \
	'content/posts/canh-bao.md:4:1: warning: unknown key "tittle"'
printf -- '---\ntitle: Cảnh báo\ndate: 2022-05-06\n---\nNội dung.\n' > "$P/content/posts/canh-bao.md"
build
expect_grep "a changed date is read again, not taken from the record" \
	"$OUT/tin-tuc/2022/canh-bao/index.html" "06/05/2022"
check "records: same bytes as a build without the cache" same_as_fresh
rm "$P/content/posts/canh-bao.md"

# the cases the random-edit tester (tests/fuzz-cache/) found, one by one
# a title and a tag holding the control characters a record once split on
cat > "$P/content/posts/dieu-khien.md" <<'MD'
---
title: "Tiêu đề\x1ehai phần"
date: 2022-05-07
tags: ["mot\x1fhai"]
---
Nội dung.
MD
build
build
expect_exit "a title with \\x1e: a cached rebuild succeeds" 0 $?
check "\\x1e and \\x1f in front matter: same bytes as without the cache" same_as_fresh
check "a tag with \\x1f stays one tag" test ! -e "$OUT/the/mot"
rm "$P/content/posts/dieu-khien.md"

# an edit of the same size with the old mtime put back: ctime tells
B=$(ls "$P"/content/posts/2022/cac-truong-hoc*.md)
build
stamp=$(stat -c %y "$B")
sed -i 's/Sáng ngày 5\/9/Sáng ngày 6\/9/' "$B"
touch -d "$stamp" "$B"
build
expect_grep "an in-place edit with the old mtime is seen" \
	"$OUT/tin-tuc/2022/cac-truong-hoc-tren-dia-ban-huyen-khai-giang-nam-hoc-2022-2023/index.html" \
	"Sáng ngày 6/9"
check "an in-place edit with the old mtime: same bytes as without the cache" same_as_fresh

# a summary made from a body whose shortcode table changes with unsafe_html
# and the scores: the summary's key covers what the body is made from
cat > "$P/content/posts/bang.md" <<'MD'
---
title: Bảng kết quả
date: 2022-05-08
categories: [Cải cách hành chính]
---
{{< ket-qua cchc-2021 nhom=xa top=2 >}}

Nội dung <b>thô</b> sau bảng.
MD
build
sed -i 's/^unsafe_html: false/unsafe_html: true/' "$P/content/site.yaml"
build
check "a summary after unsafe_html switched: same bytes as without the cache" same_as_fresh
sed -i 's/^unsafe_html: true/unsafe_html: false/' "$P/content/site.yaml"
sed -i '0,/ten: Xã Gia Hòa/s//ten: Xã Gia Hòa Mới/' "$P/content/scores/cchc-2021.yaml"
build
check "a summary after a score file changed: same bytes as without the cache" same_as_fresh
rm "$P/content/posts/bang.md"

# one article's category changes: every page lists the categories' counts
sed -i 's/^categories: .*/categories: [Chuyên mục mới]/' "$A"
build
check "a category change: the count on every page, same bytes as without the cache" same_as_fresh
expect_grep "a new category reaches the 404 page" "$OUT/404.html" "Chuyên mục mới"

# a cache written by another build of congbo is never trusted
check "the cache names the build of congbo that wrote it" \
	grep -q "^congbo-cache [0-9]*	[^	]*	[0-9a-z]*	" "$P/.site.cache"
sed -i '1s/^\(congbo-cache [0-9]*	[^	]*	\)[0-9a-z]*/\11/' "$P/.site.cache"
build
expect_no_grep "a cache of another build of congbo is not trusted" "$TMP_ROOT/out" \
	"nothing changed since the last build"
check "... and is replaced by this build's" \
	sh -c "! head -n 1 '$P/.site.cache' | grep -q '^congbo-cache [0-9]*	[^	]*	1	'"
check "another build's cache: same bytes as without the cache" same_as_fresh

# the manifest: every file of the site with its SHA-256, as sha256sum
# writes them, right after a cached rebuild as after a clean build
check "SHA256SUMS checks out against the site after a cached rebuild" \
	sh -c "cd '$OUT' && sha256sum --quiet --strict -c SHA256SUMS"
check "... and lists every file but itself and the folder's marker" sh -c \
	"test \"\$(cd '$OUT' && find . -type f ! -name SHA256SUMS ! -name .congbo-site | wc -l)\" = \"\$(wc -l < '$OUT/SHA256SUMS')\""
check "... sorted by path" sh -c "cut -c67- '$OUT/SHA256SUMS' | LC_ALL=C sort -c"
fresh
check "... the same file from a build without the cache" \
	cmp -s "$OUT/SHA256SUMS" "$TMP_ROOT/ref/SHA256SUMS"

# reproducible: the same sources give the same bytes whatever the
# machine's zone, locale, thread count or output folder
rm -rf "$TMP_ROOT/r1" "$TMP_ROOT/r2"
TZ=America/New_York LC_ALL=C "$CONGBO" build --source "$P" --out "$TMP_ROOT/r1" \
	--no-history --no-cache -j 1 --quiet
TZ=Asia/Tokyo LC_ALL=C.UTF-8 "$CONGBO" build --source "$P" --out "$TMP_ROOT/r2" \
	--no-history --no-cache -j 3 --quiet
check "two machines' builds (zone, locale, threads, folder): the same manifest" \
	cmp -s "$TMP_ROOT/r1/SHA256SUMS" "$TMP_ROOT/r2/SHA256SUMS"
check "... and the same files" diff -r "$TMP_ROOT/r1" "$TMP_ROOT/r2"

# --no-cache neither reads nor writes it
rm -f "$P/.site.cache"
build --no-cache
check "--no-cache writes no cache" test ! -e "$P/.site.cache"
finish
