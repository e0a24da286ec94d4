# reproducible.sh: the same commit builds the same site, byte for byte,
# whoever builds it, wherever and whenever: the sample portal (articles,
# photos to JPEG/PNG/WebP, score data to pages, CSV, JSON and .xlsx, dates
# and corrections from git) in a git repository, built three ways that
# differ in everything this machine lets a test vary:
#   1. the working tree, as this user: TZ=UTC, LC_ALL=C, umask 022, -j 1,
#      SOURCE_DATE_EPOCH unset, its own TMPDIR and HOME;
#   2. --rev from a bare clone at another path, as another user (nobody,
#      when this runs as root): TZ=Asia/Tokyo, LC_ALL=vi_VN.UTF-8 (a
#      decimal comma; compiled with localedef into the test's folder),
#      umask 077, -j 3, SOURCE_DATE_EPOCH set to now;
#   3. --rev HEAD from a working clone at a third path: TZ=America/New_York,
#      -j 2, umask 027.
# All three must give the same SHA256SUMS, the same files, and the same
# modes (readable by all: the web server is another user; only a
# group-writable umask, a shared repository's, adds group write).
. tests/cli/lib.sh

chmod 755 "$TMP_ROOT"
A=$TMP_ROOT/one/cong-thong-tin
mkdir -p "$A"
cp -R "$REPO_ROOT/content" "$REPO_ROOT/themes" "$A/"
echo "lich_su: cong_khai" >> "$A/content/site.yaml"
gitc() {
	GIT_AUTHOR_NAME="Biên tập" GIT_AUTHOR_EMAIL=bt@example.vn \
	GIT_COMMITTER_NAME="Biên tập" GIT_COMMITTER_EMAIL=bt@example.vn \
	GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" git -C "$A" commit -q -m "$2"
}
git -C "$A" init -q -b main
git -C "$A" add -A
gitc "2024-07-01T08:00:00+07:00" "Cổng ban đầu"
# a later edit: an "updated" date and a revision list on that article
f=$(ls "$A"/content/posts/2024/*.md | head -n 1)
printf '\nĐoạn bổ sung sau khi đăng.\n' >> "$f"
# and a correction of published scores: the results page then shows the
# versions from git
sed -i -e 's|^quyet_dinh: .*|&\ndinh_chinh:\n  - {so: 601/QĐ-UBND, ngay: 2022-08-10, file: /files/quyet-dinh-1205-qd-ubnd.pdf, ly_do: Sai sót khi tổng hợp}|' \
	-e '0,/tham_dinh: {"1.1.1": 0.75/s//tham_dinh: {"1.1.1": 1/' \
	"$A/content/scores/cchc-2021.yaml"
git -C "$A" add -A
gitc "2024-08-15T09:30:00+07:00" "Bổ sung bài"

# 1. the working tree, as this user
mkdir -p "$TMP_ROOT/tmp1" "$TMP_ROOT/home1"
(umask 022 && cd "$A" && env -u SOURCE_DATE_EPOCH TZ=UTC LC_ALL=C LANG=C \
	TMPDIR="$TMP_ROOT/tmp1" HOME="$TMP_ROOT/home1" \
	"$CONGBO" build --out "$TMP_ROOT/out1" -j 1 --quiet)
expect_exit "the working tree builds" 0 $?

# 2. --rev from a bare clone, as another user, in Vietnamese
mkdir -p "$TMP_ROOT/locales"
localedef -i vi_VN -f UTF-8 "$TMP_ROOT/locales/vi_VN.UTF-8" >/dev/null 2>&1
check "a Vietnamese locale for build 2 (its decimal point a comma)" \
	test "$(LOCPATH=$TMP_ROOT/locales LC_ALL=vi_VN.UTF-8 locale decimal_point)" = ","
chmod -R a+rX "$TMP_ROOT/locales"
# Under a real non-C locale the sanitizer build reports 48 bytes from
# glibc's argz_add_sep (its locale and gettext code; named __argz_add_sep
# in gcc's reports, argz_add_sep in clang's) with no frame of congbo's
# above it: glibc's memory, not ours.  Told to LeakSanitizer in a file
# the other user can read.
echo "leak:argz_add_sep" > "$TMP_ROOT/lsan.supp"
chmod a+r "$TMP_ROOT/lsan.supp"
export LSAN_OPTIONS="suppressions=$TMP_ROOT/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
B=$TMP_ROOT/two/kho/cong-thong-tin.git
mkdir -p "$TMP_ROOT/two/kho" "$TMP_ROOT/two/out" "$TMP_ROOT/two/tmp"
git clone -q --bare "$A" "$B"
as_other=
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 &&
	command -v setpriv >/dev/null 2>&1; then
	chown -R nobody "$TMP_ROOT/two"
	as_other="setpriv --reuid=nobody --regid=$(id -g nobody) --clear-groups"
	who="another user (nobody)"
else
	who="this user (not root: no other account to build as)"
fi
(umask 077 && cd "$TMP_ROOT/two" && $as_other env TZ=Asia/Tokyo \
	LOCPATH="$TMP_ROOT/locales" LANG=vi_VN.UTF-8 LC_ALL=vi_VN.UTF-8 \
	TMPDIR="$TMP_ROOT/two/tmp" \
	HOME=/nonexistent SOURCE_DATE_EPOCH="$(date +%s)" \
	"$CONGBO" build --rev main --repo "$B" --out "$TMP_ROOT/two/out/site" \
	-j 3 --quiet)
expect_exit "a bare clone's --rev builds, as $who" 0 $?

# 3. --rev HEAD from a working clone elsewhere
C=$TMP_ROOT/three/ban-sao
git clone -q "$A" "$C"
(umask 027 && cd "$C" && TZ=America/New_York "$CONGBO" build --rev HEAD \
	--out "$TMP_ROOT/out3" -j 2 --quiet)
expect_exit "a clone's --rev HEAD builds" 0 $?

listing() { (cd "$1" && find . -printf '%m %y %p\n' | LC_ALL=C sort); }
for n in 2 3; do
	out=$TMP_ROOT/out$n
	[ "$n" = 2 ] && out=$TMP_ROOT/two/out/site
	check "build $n: the same SHA256SUMS as build 1" \
		cmp -s "$TMP_ROOT/out1/SHA256SUMS" "$out/SHA256SUMS"
	check "build $n: the same files, byte for byte" \
		diff -r "$TMP_ROOT/out1" "$out"
	listing "$TMP_ROOT/out1" > "$TMP_ROOT/modes1"
	listing "$out" > "$TMP_ROOT/modes$n"
	check "build $n: the same folders and modes" \
		cmp -s "$TMP_ROOT/modes1" "$TMP_ROOT/modes$n"
done
check "files are readable by all, folders enterable (umask 077 too)" \
	test -z "$(awk '($2 == "f" && $1 != 644) || ($2 == "d" && $1 != 755)' \
		"$TMP_ROOT/modes2")"
# what the comparison covered: the formats a library writes
for ext in .xlsx .webp .jpg .png .json .csv .xml .html; do
	expect_grep "the manifest covers $ext files" "$TMP_ROOT/out1/SHA256SUMS" "$ext"
done
expect_grep "... the results corrected, with the earlier version from git" \
	"$TMP_ROOT/out1/ket-qua/cchc-2021/index.html" "601/QĐ-UBND"
check "... and its download" test -f "$TMP_ROOT/out1/ket-qua/cchc-2021/cchc-2021.v1.csv"
expect_grep "... and a page with its revisions from git" \
	"$(grep -l 'Bổ sung bài' -r "$TMP_ROOT/out1" | head -n 1 || echo /dev/null)" \
	"Bổ sung bài"
finish
