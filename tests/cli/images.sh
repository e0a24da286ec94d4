# images.sh: photos are published in several widths and as WebP, upright,
# without any metadata, with srcset, width and height in the pages; a
# rebuild remakes no copy of an unchanged photo and gives the bytes of a
# build without the cache; a bad photo is an error at its path and the
# site is left as it was.  The photos are made here (vips, exiftool).
. tests/cli/lib.sh
for tool in vips exiftool; do
	command -v $tool >/dev/null || { fail "$tool is installed (generator/deps.sh test)"; finish; exit; }
done

P=$TMP_ROOT/portal
OUT=$P/site
new_portal "$P"
mkdir -p "$P/content/images/2024"
IMG=$P/content/images/2024

# photo W H FILE: a colour photo, soft blobs like a picture rather than
# noise (a small noise image blown up), as a phone would save it
photo() {
	vips gaussnoise "$TMP_ROOT/n.v" $(($1 / 16 + 1)) $(($2 / 16 + 1)) --mean 128 --sigma 50
	vips bandjoin "$TMP_ROOT/n.v $TMP_ROOT/n.v $TMP_ROOT/n.v" "$TMP_ROOT/c.v"
	vips resize "$TMP_ROOT/c.v" "$TMP_ROOT/r.v" 16
	vips crop "$TMP_ROOT/r.v" "$3" 0 0 "$1" "$2"
}
# a 4000×3000 phone photo held sideways: EXIF says "turn 90° clockwise",
# with the camera, the time and where it was taken
photo 4000 3000 "$TMP_ROOT/phone.jpg[Q=90]"
exiftool -q -overwrite_original -Orientation=6 -n -Make=Samsung -Model=SM-A525F \
	-DateTimeOriginal="2024:06:25 09:00:00" -GPSLatitude=20.2506 -GPSLatitudeRef=N \
	-GPSLongitude=105.9745 -GPSLongitudeRef=E -XMP:Creator="Nguyễn Văn A" "$TMP_ROOT/phone.jpg"
cp "$TMP_ROOT/phone.jpg" "$IMG/phone.jpg"
photo 800 450 "$IMG/small.png"
exiftool -q -overwrite_original -GPSLatitude=20.25 -GPSLatitudeRef=N "$IMG/small.png"
photo 1200 900 "$IMG/web.webp"
check "the test photo carries GPS" sh -c "exiftool -s -GPSLatitude '$IMG/phone.jpg' | grep -q GPSLatitude"

cat > "$P/content/posts/anh.md" <<'MD'
---
title: Bài có ảnh
date: 2024-06-25
categories: [Tin tức]
image: /images/2024/phone.jpg
image_alt: Ảnh chụp bằng điện thoại
---
Phần mở đầu.

![Ảnh nhỏ](/images/2024/small.png)

Đoạn giữa.

![Ảnh WebP](/images/2024/web.webp "Chú thích ảnh")
MD

build() { "$CONGBO" build --source "$P" --out "$OUT" --no-history "$@" >"$TMP_ROOT/out" 2>"$TMP_ROOT/err"; }
fresh() { rm -rf "$TMP_ROOT/ref"; "$CONGBO" build --source "$P" --out "$TMP_ROOT/ref" --no-history --no-cache -j 1 --quiet; }
same_as_fresh() { fresh; diff -r "$OUT" "$TMP_ROOT/ref" >"$TMP_ROOT/diff" 2>&1; }
size_is() { [ "$(vipsheader -f width "$2")x$(vipsheader -f height "$2")" = "$1" ]; }

build
expect_exit "a portal with photos builds" 0 $?
O=$OUT/images/2024
# the phone photo is 3000×4000 upright: copies 480×640, 960×1280, 1600×2133
check "upright 480 px copy" size_is 480x640 "$O/phone.480.jpg"
check "upright 960 px copy" size_is 960x1280 "$O/phone.960.jpg"
check "the photo's own address: 1600 px wide, upright" size_is 1600x2133 "$O/phone.jpg"
check "WebP beside each copy" size_is 960x1280 "$O/phone.960.webp"
check "WebP at the photo's address" size_is 1600x2133 "$O/phone.webp"
check "the 1600 px copy has no second name" test ! -e "$O/phone.1600.jpg"
check "never made larger: an 800 px PNG stays 800 px" size_is 800x450 "$O/small.png"
check "an 800 px PNG has a 480 px copy" size_is 480x270 "$O/small.480.png"
check "an 800 px PNG has no 960 px copy" test ! -e "$O/small.960.png"
check "a WebP photo has WebP copies" size_is 960x720 "$O/web.960.webp"
check "a WebP photo has no second WebP" test ! -e "$O/web.webp.webp"
check "the published photo is not the uploaded file" test "$(wc -c < "$O/phone.jpg")" -lt "$(wc -c < "$IMG/phone.jpg")"

# privacy: no EXIF, GPS, XMP, ICC in any published image
exiftool -a -G1 -s -EXIF:all -XMP:all -GPS:all -ICC_Profile:all -IPTC:all -Make -Model \
	-DateTimeOriginal -Creator "$OUT/images" -r > "$TMP_ROOT/meta" 2>&1
grep -v '^=\+ \|image files read\|directories scanned' "$TMP_ROOT/meta" > "$TMP_ROOT/meta-left"
check "no metadata left in any published image (exiftool)" test ! -s "$TMP_ROOT/meta-left"
[ -s "$TMP_ROOT/meta-left" ] && head -n 10 "$TMP_ROOT/meta-left"
published=$(find "$OUT/images" -type f | wc -l)
check "every copy was looked at ($published files)" test "$published" -eq 13

# the pages ask for the copies
A=$OUT/tin-tuc/2024/bai-co-anh/index.html
expect_grep "article image: srcset of the copies" "$A" \
	'srcset="../../../images/2024/phone.480.jpg 480w, ../../../images/2024/phone.960.jpg 960w, ../../../images/2024/phone.jpg 1600w"'
expect_grep "article image: WebP source" "$A" \
	'<source type="image/webp" srcset="../../../images/2024/phone.480.webp 480w, ../../../images/2024/phone.960.webp 960w, ../../../images/2024/phone.webp 1600w"'
expect_grep "article image: width and height of the upright photo" "$A" 'width="1600" height="2133"'
expect_grep "home card: srcset relative to the home page" "$OUT/index.html" \
	'srcset="./images/2024/phone.480.jpg 480w, ./images/2024/phone.960.jpg 960w, ./images/2024/phone.jpg 1600w"'
expect_grep "home card: the first card's image loads at once" "$OUT/index.html" 'loading="eager" decoding="async"'

expect_grep "body photo: a picture with srcset, sizes, width and height; the first loads at once" "$A" \
	'<picture><source type="image/webp" srcset="../../../images/2024/small.480.webp 480w, ../../../images/2024/small.webp 800w" sizes="(min-width: 720px) 680px, 100vw"><img src="../../../images/2024/small.png" alt="Ảnh nhỏ" srcset="../../../images/2024/small.480.png 480w, ../../../images/2024/small.png 800w" sizes="(min-width: 720px) 680px, 100vw" width="800" height="450" decoding="async" /></picture>'
expect_grep "body photo after the first: lazy, in its figure, WebP only" "$A" \
	'<figure><picture><img src="../../../images/2024/web.webp" alt="Ảnh WebP" srcset="../../../images/2024/web.480.webp 480w, ../../../images/2024/web.960.webp 960w, ../../../images/2024/web.webp 1200w" sizes="(min-width: 720px) 680px, 100vw" width="1200" height="900" loading="lazy" decoding="async" /></picture><figcaption>Chú thích ảnh</figcaption></figure>'

# a rebuild remakes no copy of an unchanged photo
stamp() { find "$OUT/images" -type f -printf '%P %i %T@\n' | sort > "$1"; }
stamp "$TMP_ROOT/s1"
printf '\nThêm một câu.\n' >> "$P/content/posts/anh.md"
build
stamp "$TMP_ROOT/s2"
check "an article edit: no copy remade (same inodes and times)" cmp -s "$TMP_ROOT/s1" "$TMP_ROOT/s2"
check "an article edit: same bytes as a build without the cache" same_as_fresh
[ -s "$TMP_ROOT/diff" ] && head -n 10 "$TMP_ROOT/diff"

# the photo store beside the output: an output folder and cache lost (or
# another build's), the copies come from the store, not from libvips
check "the photo store is beside the output" test -d "$P/.site.photos"
rm -rf "$OUT" "$P/.site.cache"
build --verbose
expect_grep "a lost output: every copy from the photo store" "$TMP_ROOT/out" \
	"photo copies: 0 made, 13 from the photo store"
check "a lost output: same bytes as a build without the cache" same_as_fresh
check "--no-cache makes no photo store" test ! -e "$TMP_ROOT/.ref.photos"
stamp "$TMP_ROOT/s2"

# a photo replaced by another of other proportions: its copies and the
# pages that show it change
photo 1000 1000 "$IMG/phone.jpg"
build
check "a replaced photo: its copies are remade" size_is 1000x1000 "$O/phone.jpg"
expect_grep "a replaced photo: the article has its new size" "$A" 'width="1000" height="1000"'
check "a replaced photo: same bytes as a build without the cache" same_as_fresh
stamp "$TMP_ROOT/s3"
grep small "$TMP_ROOT/s2" > "$TMP_ROOT/s2.small"
grep small "$TMP_ROOT/s3" > "$TMP_ROOT/s3.small"
check "a replaced photo: the other photos' copies are kept" cmp -s "$TMP_ROOT/s2.small" "$TMP_ROOT/s3.small"

# a photo of the body replaced: the article shows its new size
photo 600 600 "$IMG/small.png"
build
expect_grep "a replaced body photo: the article has its new size" "$A" 'width="600" height="600"'
check "a replaced body photo: same bytes as a build without the cache" same_as_fresh
photo 800 450 "$IMG/small.png"

# publish builds in a fresh folder each time: the photos are kept in the
# repository's git folder, so a second publish makes none
git -C "$P" init -q && git -C "$P" add -A content themes &&
	git -C "$P" -c user.name=T -c user.email=t@example.vn commit -qm "Ảnh"
"$CONGBO" publish --repo "$P" --quiet > "$TMP_ROOT/pub" 2>&1
expect_exit "publish with photos" 0 $?
store_list() { find "$P/.git/congbo-photos" -type f -printf '%P %T@\n' | sort; }
store_list > "$TMP_ROOT/store1"
check "publish keeps the copies in the git folder" test "$(wc -l < "$TMP_ROOT/store1")" -eq 13
printf '\nMột câu nữa.\n' >> "$P/content/posts/anh.md"
git -C "$P" -c user.name=T -c user.email=t@example.vn commit -qam "Sửa bài"
"$CONGBO" publish --repo "$P" --quiet > "$TMP_ROOT/pub" 2>&1
store_list > "$TMP_ROOT/store2"
check "a second publish makes no copy again" cmp -s "$TMP_ROOT/store1" "$TMP_ROOT/store2"
git -C "$P" show site:images/2024/phone.480.webp > "$TMP_ROOT/pub.webp"
check "the published branch has the copies" cmp -s "$TMP_ROOT/pub.webp" "$O/phone.480.webp"

# bad photos: an error at the file, nothing written
stamp "$TMP_ROOT/before"
printf 'not a picture\n' > "$IMG/text.jpg"
cp "$IMG/small.png" "$IMG/png-named.jpg"
head -c 20000 "$TMP_ROOT/phone.jpg" > "$IMG/cut.jpg"
vips black "$IMG/bomb.png" 12000 10000
build
expect_exit "bad photos fail the build" 1 $?
expect_line "not an image" "$TMP_ROOT/err" \
	"content/images/2024/text.jpg: error: this file is not a JPEG, PNG, WebP or GIF image"
expect_line "a PNG named .jpg" "$TMP_ROOT/err" \
	"content/images/2024/png-named.jpg: error: this file is a PNG image but its name says JPEG: rename it to .png"
expect_line "a decompression bomb is refused before decoding" "$TMP_ROOT/err" \
	"content/images/2024/bomb.png: error: this file is 12000×10000 pixels (120 megapixels); images of at most 100 megapixels are published: make it smaller before adding it"
stamp "$TMP_ROOT/after"
check "bad photos: the site is untouched" cmp -s "$TMP_ROOT/before" "$TMP_ROOT/after"
"$CONGBO" check --source "$P" >/dev/null 2>"$TMP_ROOT/check-err"
expect_exit "check finds bad photos too" 1 $?
expect_grep "check names the file" "$TMP_ROOT/check-err" "content/images/2024/text.jpg: error:"
rm "$IMG/text.jpg" "$IMG/png-named.jpg" "$IMG/bomb.png"
build
expect_exit "a cut-short JPEG fails the build" 1 $?
expect_grep "a cut-short JPEG: an error at its path" "$TMP_ROOT/err" \
	"content/images/2024/cut.jpg: error: this file is damaged or cut short and cannot be published: "
stamp "$TMP_ROOT/after"
check "a cut-short JPEG: the site is untouched" cmp -s "$TMP_ROOT/before" "$TMP_ROOT/after"
rm "$IMG/cut.jpg"

# a copy's name taken by another file
photo 300 200 "$IMG/phone.webp"
build
expect_exit "a copy's name taken: the build fails" 1 $?
expect_line "a copy's name taken: both files named" "$TMP_ROOT/err" \
	"content/images/2024/phone.jpg: error: its copy images/2024/phone.webp would take the place of content/images/2024/phone.webp; rename one of them"
finish
