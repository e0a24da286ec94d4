# locale.sh: congbo speaks Vietnamese when the locale asks for it
# (LANG=vi_VN.UTF-8, installed or not: a fresh Debian has only C.UTF-8),
# English otherwise; the file:line:col: error: prefix stays as it is.
# The catalog is generator/locale/vi/LC_MESSAGES/congbo.mo, which make
# compiles from po/vi.po.
. tests/cli/lib.sh

P=$TMP_ROOT/portal
new_portal "$P"
mkdir -p "$P/content/posts/2024"
cat > "$P/content/posts/2024/lich.md" <<'MD'
---
title: Lịch công tác tuần
date: 2024-03-11 08:00
---
Xem [quyết định](/files/qd-13.pdf).

<<<<<<< HEAD
Chủ tịch UBND huyện chủ trì.
=======
Phó Chủ tịch UBND huyện chủ trì.
>>>>>>> sua-lich
MD
cat > "$P/content/posts/2024/sai.md" <<'MD'
---
title: [Thông báo
date: 2024-03-12
---
x
MD
unset LC_ALL LC_MESSAGES LANGUAGE
LANG=vi_VN.UTF-8 "$CONGBO" build --source "$P" --out "$P/site" 2> "$TMP_ROOT/vi"
expect_exit "vi: a failing build exits 1" 1 $?
cat > "$TMP_ROOT/want" <<'TXT'
content/posts/2024/lich.md:5:5: error: liên kết tới /files/qd-13.pdf: trang web không có tệp này; hãy đặt tệp vào content/files/qd-13.pdf, hoặc sửa lại địa chỉ
content/posts/2024/lich.md:7:1: error: còn sót dấu xung đột khi gộp "<<<<<<<" trong tệp: giữ lại phần nội dung đúng giữa <<<<<<< và >>>>>>>, rồi xóa các dòng dấu
content/posts/2024/lich.md:9:1: error: còn sót dấu xung đột khi gộp "=======" trong tệp: giữ lại phần nội dung đúng giữa <<<<<<< và >>>>>>>, rồi xóa các dòng dấu
content/posts/2024/lich.md:11:1: error: còn sót dấu xung đột khi gộp ">>>>>>>" trong tệp: giữ lại phần nội dung đúng giữa <<<<<<< và >>>>>>>, rồi xóa các dòng dấu
content/posts/2024/sai.md:3:5: error: YAML không hợp lệ: thiếu dấu ',' hoặc ']' (danh sách mở bằng '[' chưa được đóng, hay thiếu dấu phẩy giữa hai phần tử?) (khi đọc một danh sách trong ngoặc vuông [...])
congbo: 5 lỗi; thư mục xuất bản được giữ nguyên
TXT
check "vi: every message in Vietnamese, exactly" diff "$TMP_ROOT/want" "$TMP_ROOT/vi"

LANG=C.UTF-8 LANGUAGE=vi "$CONGBO" check --source "$P" 2> "$TMP_ROOT/vi2"
expect_line "LANGUAGE=vi: Vietnamese too" "$TMP_ROOT/vi2" "congbo: 5 lỗi; không ghi gì"

LANG=en_US.UTF-8 "$CONGBO" check --source "$P" 2> "$TMP_ROOT/en"
expect_line "English locale: English" "$TMP_ROOT/en" \
	"content/posts/2024/sai.md:3:5: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"
expect_line "English locale: the summary" "$TMP_ROOT/en" "congbo: 5 errors; nothing was written"

rm "$P/content/posts/2024/lich.md" "$P/content/posts/2024/sai.md"
LANG=vi_VN.UTF-8 "$CONGBO" check --source "$P" > "$TMP_ROOT/sum" 2>&1
expect_grep "vi: the summary line" "$TMP_ROOT/sum" "congbo: đã kiểm tra 1 bài viết và 0 trang từ "
LANG=vi_VN.UTF-8 "$CONGBO" help check > "$TMP_ROOT/help"
expect_grep "vi: help" "$TMP_ROOT/help" "Chạy mọi bước kiểm tra của một lần dựng trang"
LANG=vi_VN.UTF-8 "$CONGBO" new post "Thông báo tuyển dụng" --source "$P" > /dev/null 2>&1
f=$(ls "$P"/content/posts/*/thong-bao-tuyen-dung.md)
expect_grep "vi: congbo new writes Vietnamese comments" "$f" "draft: true       # xóa dòng này để đăng bài"

# The binary finds its catalog beside it (locale/ or ../locale/), else in
# CONGBO_LOCALEDIR, else where make install put it.
mkdir -p "$TMP_ROOT/bin"
cp "$CONGBO" "$TMP_ROOT/bin/congbo"
LANG=vi_VN.UTF-8 "$TMP_ROOT/bin/congbo" help check > "$TMP_ROOT/help2" 2>&1
expect_grep "no catalog found: English" "$TMP_ROOT/help2" "Runs every check of a build"
LANG=vi_VN.UTF-8 CONGBO_LOCALEDIR="$REPO_ROOT/generator/locale" \
	"$TMP_ROOT/bin/congbo" help check > "$TMP_ROOT/help3" 2>&1
expect_grep "CONGBO_LOCALEDIR: Vietnamese" "$TMP_ROOT/help3" "Chạy mọi bước kiểm tra"
finish
