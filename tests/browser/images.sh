# images.sh: the sample's article with a 4000×3000 phone photo, opened in
# a real headless Chromium at 375 px wide, fetches at most 250 KB of
# images (images.js, playwright-core); screenshots at 375 and 1280 px
# stay in tests/.tmp/images/.  The photo is made here (ImageMagick,
# exiftool).
. tests/cli/lib.sh

if ! command -v chromium >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1 ||
   ! command -v convert >/dev/null 2>&1 || ! command -v exiftool >/dev/null 2>&1; then
	fail "chromium, node, imagemagick and exiftool are installed (generator/deps.sh test)"
	finish
	exit 1
fi
if [ ! -d tests/search/node_modules/playwright-core ]; then
	(cd tests/search && npm ci --no-audit --no-fund >/dev/null 2>&1)
fi
check "playwright-core is installed" test -d tests/search/node_modules/playwright-core

# The sample portal, its article's photo swapped for one as heavy as a
# phone's: 4000×3000 of fractal detail (no smooth areas that would make
# the copies small), saved at quality 92 (some 3.5 MB), held sideways
# with an EXIF orientation, with GPS.  (The committed sample photo is an
# illustration, far lighter.)
P=$TMP_ROOT/portal
mkdir -p "$P"
cp -R content themes "$P/"
PHOTO=$P/content/images/2022/hoi-nghi-cchc.jpg
convert -seed 7 -size 3000x4000 plasma:fractal -quality 92 "$PHOTO"
exiftool -q -overwrite_original -Orientation=6 -n -Make=samsung -Model=SM-A536E \
	-GPSLatitude=20.3156 -GPSLatitudeRef=N -GPSLongitude=105.8675 -GPSLongitudeRef=E "$PHOTO"
check "the article's photo weighs as a phone's (over 2.5 MB)" test "$(wc -c < "$PHOTO")" -gt 2500000
SITE=$TMP_ROOT/site
"$CONGBO" build --source "$P" --out "$SITE" --no-history --quiet
check "the portal builds" test -f "$SITE/index.html"
ARTICLE=tin-tuc/2022/hoi-nghi-danh-gia-cham-diem-xac-dinh-chi-so-cchc-cap-huyen-nam-2021/

TMPDIR=$TMP_ROOT node tests/browser/images.js "$SITE" "$ARTICLE" tests/.tmp/images \
	> "$TMP_ROOT/browser" 2>&1
rc=$?
cat "$TMP_ROOT/browser"
passed=$((passed + $(grep -c '^ok ' "$TMP_ROOT/browser")))
failed=$((failed + $(grep -c '^FAIL ' "$TMP_ROOT/browser")))
expect_exit "images.js ends well" 0 $rc
finish
