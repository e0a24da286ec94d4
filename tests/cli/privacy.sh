# privacy.sh: nothing private by default.  Without `lich_su: cong_khai` no
# commit author, e-mail or message reaches any published file; an article
# shows "Cập nhật: <date>" only when a commit after its own date changed
# it, and the commit that added its file (moving a portal into git) is no
# update.  Real git history in a temporary repository.
. tests/cli/lib.sh

export HOME=$TMP_ROOT/home GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.name "Cẩm Vân"
git config --global user.email "camvan@example.gov.vn"
git config --global init.defaultBranch main
export SOURCE_DATE_EPOCH=1764000000

R=$TMP_ROOT/repo
new_portal "$R"
rm "$R/content/posts/mot.md"
P=$R/content/posts
mkdir -p "$P/2015" "$P/2024"
# post FILE TITLE DATE
post() {
	printf -- '---\ntitle: %s\ndate: %s\ncategories: [Tin tức]\n---\n%s\n' \
		"$2" "$3" "Nội dung bài $2." > "$P/$1"
}
commit_at() {
	git -C "$R" add -A &&
	GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1 git -C "$R" commit -q -m "$2"
}
post 2015/tong-ket.md "Tổng kết công tác năm 2014" "2015-01-20 08:00"
post 2024/hoi-thao.md "Hội thảo chuyển đổi số" "2024-06-01 08:00"
git init -q "$R"
commit_at 2024-01-02T10:00:00+07:00 "Chuyển cổng cũ sang git"
printf '\nĐính chính số liệu.\n' >> "$P/2015/tong-ket.md"
GIT_AUTHOR_NAME="Nguyễn Văn Bình" GIT_AUTHOR_EMAIL=binh@example.gov.vn \
	commit_at 2024-02-01T09:00:00+07:00 "Sửa số liệu báo cáo năm 2014"
printf '\nThay đổi địa điểm.\n' >> "$P/2024/hoi-thao.md"
commit_at 2024-03-01T09:00:00+07:00 "Sửa địa điểm hội thảo trước khi đăng"
post 2024/tiep-dan.md "Lịch tiếp công dân tháng 4" "2024-04-01 07:30"
commit_at 2024-04-01T07:45:00+07:00 "Thêm lịch tiếp dân"

"$CONGBO" build --source "$R" --out "$TMP_ROOT/s" --quiet 2> "$TMP_ROOT/err"
expect_exit "the portal builds" 0 $?
T=$TMP_ROOT/s/tin-tuc
expect_grep "edited after its date: Cập nhật with the date" "$T/2015/tong-ket-cong-tac-nam-2014/index.html" \
	' · Cập nhật: <time datetime="2024-02-01T09:00:00+07:00">Thứ năm, 01/02/2024</time>'
expect_no_grep "edited only before its date: no update" "$T/2024/hoi-thao-chuyen-doi-so/index.html" 'Cập nhật'
expect_no_grep "added and never changed: no update" "$T/2024/lich-tiep-cong-dan-thang-4/index.html" 'Cập nhật'
for secret in "Nguyễn Văn Bình" "binh@example.gov.vn" "Cẩm Vân" "camvan@" \
	"Sửa số liệu" "Chuyển cổng cũ" "Lịch sử chỉnh sửa"; do
	check "no published file holds \"$secret\"" sh -c "! grep -rqF '$secret' '$TMP_ROOT/s'"
done

# the migration moved an article but never edited it: its 2015 page stays
# dated 2015 only
git -C "$R" mv "$P/2015/tong-ket.md" "$P/2015/tong-ket-2014.md"
commit_at 2024-05-01T09:00:00+07:00 "Đổi tên tệp"
"$CONGBO" build --source "$R" --out "$TMP_ROOT/s2" --quiet
expect_grep "a rename is followed: the first addition still is no update" \
	"$TMP_ROOT/s2/tin-tuc/2015/tong-ket-cong-tac-nam-2014/index.html" \
	'Cập nhật: <time datetime="2024-05-01T09:00:00+07:00">'

# opting in: names and messages, never e-mail addresses
printf 'lich_su: cong_khai\n' >> "$R/content/site.yaml"
commit_at 2024-05-02T09:00:00+07:00 "Công khai lịch sử chỉnh sửa"
"$CONGBO" build --source "$R" --out "$TMP_ROOT/pub" --quiet 2> "$TMP_ROOT/err"
expect_exit "lich_su: cong_khai builds" 0 $?
A=$TMP_ROOT/pub/tin-tuc/2015/tong-ket-cong-tac-nam-2014/index.html
expect_grep "cong_khai: the author of a change" "$A" \
	'<li><time datetime="2024-02-01T09:00:00+07:00">01/02/2024</time> – Nguyễn Văn Bình: Sửa số liệu báo cáo năm 2014</li>'
check "cong_khai: still no e-mail address" sh -c "! grep -rqF '@example.gov.vn' '$TMP_ROOT/pub'"

sed -i 's/^lich_su: cong_khai$/lich_su: yes/' "$R/content/site.yaml"
"$CONGBO" check --source "$R" 2> "$TMP_ROOT/err"
expect_exit "an unknown lich_su fails" 1 $?
expect_line "an unknown lich_su: the message" "$TMP_ROOT/err" \
	'content/site.yaml:3:10: error: lich_su "yes" is not known: "an" (the default: pages show only dates) or "cong_khai" (also commit authors and messages)'
finish
