# review.sh: the editor's checks, at file:line:col, in check and build:
# links and images to site paths nothing answers, merge conflict markers
# (errors); images without alt text, skipped heading levels, empty and
# "tại đây" link texts (warnings); decomposed (NFD) text composed, with a
# warning.  Each message exactly; an unchanged page whose body the cache
# knows is checked again against the new site.
. tests/cli/lib.sh

P=$TMP_ROOT/portal
new_portal "$P"
mkdir -p "$P/content/images/2024" "$P/content/files" "$P/content/posts/2024"
# a real 4x3 PNG: images are read and resized
echo iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAEElEQVR4nGM4oKAARww4OQDxpwwBoePZqAAAAABJRU5ErkJggg== |
	base64 -d > "$P/content/images/2024/hoi-nghi.png"
printf '%%PDF-1.4\n' > "$P/content/files/qd-12.pdf"
sed -i 's|^base_url:.*|base_url: https://example.gov.vn/cong-bo/|' "$P/content/site.yaml"

# A page whose every link and image leads somewhere: no diagnostic.
cat > "$P/content/posts/2024/tot.md" <<'MD'
---
title: Thông báo lịch tiếp công dân
date: 2024-03-04 08:00
categories: [Thông báo]
aliases: [/tin-tuc/2024/lich-tiep-dan-cu/]
---
Xem [bài thứ nhất](/tin-tuc/2022/bai-thu-nhat/), [cùng bài không dấu gạch](/tin-tuc/2022/bai-thu-nhat),
[quyết định số 12](/files/qd-12.pdf), [chuyên mục](/chuyen-muc/thong-bao/),
[bản tin](/feed.xml), [lưu trữ](../../../luu-tru/2022/), [bài cũ](../../2022/bai-thu-nhat/#muc-1),
[trang chủ](https://example.gov.vn/cong-bo/), [cổng tỉnh](https://ninhbinh.gov.vn/khong-co/),
[thư](mailto:ubnd@example.gov.vn), [mục dưới](#duoi), [tìm kiếm](/tim-kiem/) và
[địa chỉ cũ](/tin-tuc/2024/lich-tiep-dan-cu/).

![Quang cảnh hội nghị](/images/2024/hoi-nghi.png "Hội nghị giao ban")

## Nội dung

### Chi tiết
MD
"$CONGBO" check --source "$P" 2> "$TMP_ROOT/err"
expect_exit "links that lead somewhere pass" 0 $?
check "... without a diagnostic" sh -c "! grep -q ': \(warning\|error\):' '$TMP_ROOT/err'"

"$CONGBO" build --source "$P" --out "$P/site" --quiet 2> "$TMP_ROOT/err"
snapshot() { (cd "$P/site" && find . -type f -exec sha1sum {} + | sort) > "$1"; }
snapshot "$TMP_ROOT/before"

cat > "$P/content/posts/2024/lich.md" <<'MD'
---
title: Lịch công tác tuần
date: 2024-03-11 08:00
categories: [Thông báo]
---
Xem [kế hoạch](/tin-tuc/2024/khong-co/) và [quyết định](/files/qd-13.pdf).

![](/images/2024/hoi-nghi.png)
![Ảnh chưa tải lên](/images/2024/le-hoi.jpg)

### Chi tiết

Bấm [tại đây](https://example.com) hoặc [Xem Tại Đây!](../../2022/khong-co/) hoặc [](/feed.xml)
hay [quá gốc](../../../../a/) và [cả địa chỉ](https://example.gov.vn/cong-bo/tin-tuc/2024/khong-co/)

| Ngày | Nội dung |
|---|---|
| Thứ hai | [Giao ban](/lich/giao-ban/) |

<<<<<<< HEAD
Chủ tịch UBND huyện chủ trì.
=======
Phó Chủ tịch UBND huyện chủ trì.
>>>>>>> sua-lich

Tiêu đề gạch chân
=======

## Mục hai

#### Mục bốn

![Sơ đồ](../../../../so-do.png) ![Bản đồ](/ban-do/)
MD
cat > "$TMP_ROOT/want" <<'TXT'
content/posts/2024/lich.md:6:5: error: link to /tin-tuc/2024/khong-co/: no page of the site has the address /tin-tuc/2024/khong-co/; correct the link
content/posts/2024/lich.md:6:44: error: link to /files/qd-13.pdf: no such file in the site; put it at content/files/qd-13.pdf, or correct the address
content/posts/2024/lich.md:8:1: warning: image /images/2024/hoi-nghi.png has no alternative text: describe it between the brackets, ![Quang cảnh hội nghị](...), for readers who cannot see it
content/posts/2024/lich.md:9:1: error: image /images/2024/le-hoi.jpg: no such file in the site; put it at content/images/2024/le-hoi.jpg, or correct the address
content/posts/2024/lich.md:11:1: warning: heading level skipped: "Chi tiết" is level 3 after the page title (level 1); make it level 2 (##)
content/posts/2024/lich.md:13:5: warning: link text "tại đây" says nothing about where it leads: name the target, e.g. [Kế hoạch CCHC năm 2024](...)
content/posts/2024/lich.md:13:41: warning: link text "Xem Tại Đây!" says nothing about where it leads: name the target, e.g. [Kế hoạch CCHC năm 2024](...)
content/posts/2024/lich.md:13:41: error: link to ../../2022/khong-co/: no page of the site has the address /tin-tuc/2022/khong-co/; correct the link
content/posts/2024/lich.md:13:83: warning: link to /feed.xml has no text: write where it leads between the brackets
content/posts/2024/lich.md:14:5: error: link to ../../../../a/ leads outside the site: it has more "../" than the page is deep
content/posts/2024/lich.md:14:34: error: link to https://example.gov.vn/cong-bo/tin-tuc/2024/khong-co/: no page of the site has the address /tin-tuc/2024/khong-co/; correct the link
content/posts/2024/lich.md:18:13: error: link to /lich/giao-ban/: no page of the site has the address /lich/giao-ban/; correct the link
content/posts/2024/lich.md:20:1: error: merge conflict marker "<<<<<<<" left in the file: keep the right text between <<<<<<< and >>>>>>>, then delete the marker lines
content/posts/2024/lich.md:22:1: error: merge conflict marker "=======" left in the file: keep the right text between <<<<<<< and >>>>>>>, then delete the marker lines
content/posts/2024/lich.md:24:1: error: merge conflict marker ">>>>>>>" left in the file: keep the right text between <<<<<<< and >>>>>>>, then delete the marker lines
content/posts/2024/lich.md:31:1: warning: heading level skipped: "Mục bốn" is level 4 after level 2; make it level 3 (###)
content/posts/2024/lich.md:33:1: error: image ../../../../so-do.png leads outside the site: it has more "../" than the page is deep
content/posts/2024/lich.md:33:33: error: image /ban-do/: no page of the site has the address /ban-do/; correct the link
congbo: 12 errors; nothing was written
TXT
for cmd in check build; do
	if [ $cmd = check ]; then
		"$CONGBO" check --source "$P" 2> "$TMP_ROOT/err"
	else
		"$CONGBO" build --source "$P" --out "$P/site" 2> "$TMP_ROOT/err"
	fi
	expect_exit "$cmd: a broken page fails" 1 $?
	sed -i 's/; the output folder was left as it was$/; nothing was written/' "$TMP_ROOT/err"
	check "$cmd: every problem, exactly" diff "$TMP_ROOT/want" "$TMP_ROOT/err"
	[ "$cmd" = build ] || continue
	snapshot "$TMP_ROOT/after"
	check "build: site/ untouched" cmp -s "$TMP_ROOT/before" "$TMP_ROOT/after"
done
rm "$P/content/posts/2024/lich.md"

# The cache keeps what a body holds by its bytes, not the verdicts: an
# unchanged page is checked again on every build, against the site of that
# build.  tin.md links to moi.md and has a warning of its own.
cat > "$P/content/posts/2024/moi.md" <<'MD'
---
title: Bài mới
date: 2024-03-13 08:00
---
Nội dung.
MD
cat > "$P/content/posts/2024/tin.md" <<'MD'
---
title: Tin liên quan
date: 2024-03-14 08:00
---
Xem [bài mới](/tin-tuc/2024/bai-moi/) hoặc [tại đây](/feed.xml).
MD
warn='content/posts/2024/tin.md:5:44: warning: link text "tại đây" says nothing about where it leads: name the target, e.g. [Kế hoạch CCHC năm 2024](...)'
for n in 1 2; do
	"$CONGBO" build --source "$P" --out "$P/site" 2> "$TMP_ROOT/err"
	expect_exit "cached scan, build $n: builds" 0 $?
	expect_line "cached scan, build $n: the warning again" "$TMP_ROOT/err" "$warn"
done
rm "$P/content/posts/2024/moi.md"
"$CONGBO" build --source "$P" --out "$P/site" 2> "$TMP_ROOT/err"
expect_exit "cached scan: the unchanged page's link target gone fails" 1 $?
expect_line "... at the unchanged page's link" "$TMP_ROOT/err" \
	'content/posts/2024/tin.md:5:5: error: link to /tin-tuc/2024/bai-moi/: no page of the site has the address /tin-tuc/2024/bai-moi/; correct the link'
"$CONGBO" check --source "$P" 2> "$TMP_ROOT/check-err"
sed -i 's/; the output folder was left as it was$/; nothing was written/' "$TMP_ROOT/err"
check "... the same diagnostics as check (which reads every body)" \
	diff "$TMP_ROOT/check-err" "$TMP_ROOT/err"
rm "$P/content/posts/2024/tin.md"

# Decomposed text (NFD, made with Python's unicodedata): composed on the
# page, in its URL, with a warning at its first line.
python3 -c '
import unicodedata, sys
text = "---\ntitle: Xã Gia Hòa tổ chức hội nghị\ndate: 2024-03-12\n---\nNội dung: Hòa Bình.\n\nHotline: 0229.3868.123.\n"
open(sys.argv[1], "w", encoding="utf-8").write(unicodedata.normalize("NFD", text))
' "$P/content/posts/2024/hoa.md"
check "the fixture is decomposed" grep -q "$(printf 'o\314\200')" "$P/content/posts/2024/hoa.md"
"$CONGBO" build --source "$P" --out "$P/site" 2> "$TMP_ROOT/err"
expect_exit "NFD text builds" 0 $?
expect_line "NFD: a warning naming the file and line" "$TMP_ROOT/err" \
	"content/posts/2024/hoa.md:2:1: warning: decomposed Vietnamese letters (Unicode NFD, as some Windows input methods type them), here first, in 2 of the file's lines: published composed (NFC), so that search, addresses and sorting see one letter; save the file as NFC to silence this"
H=$P/site/tin-tuc/2024/xa-gia-hoa-to-chuc-hoi-nghi/index.html
check "NFD: the URL comes from the composed title" test -f "$H"
expect_grep "NFD: the page holds composed text" "$H" "<p>Nội dung: Hòa Bình.</p>"
finish
