/* Unit tests of the text module: slugs, folding, UTF-8 checks, dates,
 * escaping, numbers and HTML summaries, with pathological inputs. */
#include "check.h"

#include <limits.h>
#include <stdlib.h>
#include <utf8proc.h>

#include "buf.h"
#include "text.h"
#include "text_date.h"
#include "text_html.h"

/* Every precomposed Vietnamese letter (the plain a e i o u y are ASCII
 * already): 67 lowercase, 67 uppercase, and the ASCII base of each. */
static const char vi_lower[] =
	"àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ";
static const char vi_upper[] =
	"ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ";
static const char vi_base[] =
	"aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd";

/* Results are built in one static buffer, reset by each helper. */
static struct buf out;

static const char *slug(const char *s)
{
	buf_truncate(&out, 0);
	text_slugify(&out, s, strlen(s));
	return out.data;
}

static const char *fold(const char *s)
{
	buf_truncate(&out, 0);
	text_fold(&out, s, strlen(s));
	return out.data;
}

static size_t utf8_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static size_t count_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void test_slug_examples(void)
{
	CHECK_STR(slug("Hội nghị đánh giá, chấm điểm xác định Chỉ số CCHC "
		       "cấp huyện năm 2021"),
		  "hoi-nghi-danh-gia-cham-diem-xac-dinh-chi-so-cchc-cap-huyen-"
		  "nam-2021");
	CHECK_STR(slug("!!!"), "");
	CHECK_STR(slug(""), "");
	CHECK_STR(slug("  --Gia   Viễn--  "), "gia-vien");
	CHECK_STR(slug("a_b.c/d"), "a-b-c-d");
	CHECK_STR(slug("ĐƯỜNG ĐI"), "duong-di");
	CHECK_STR(slug("Việt"), "viet");
	/* Việt in NFD: e + dot below + circumflex */
	CHECK_STR(slug("Vie\xcc\xa3\xcc\x82t Nam"), "viet-nam");
	CHECK_STR(slug("H\xc3\xa0\xc2\xadN\xe1\xbb\x99i"), "hanoi"); /* soft hyphen */
	CHECK_STR(slug("\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x91"),
		  "2021"); /* full-width digits */
	CHECK_STR(slug("a\xff\xfe" "b"), "a-b");
	CHECK_STR(slug("\xe1\xbb"), "");   /* truncated sequence */
	CHECK_STR(slug("Ω Æ 東京"), "");
	CHECK_STR(slug("Straße"), "strasse");
	buf_truncate(&out, 0);
	buf_puts(&out, "tin-tuc/");
	text_slugify(&out, "  Gia Viễn", strlen("  Gia Viễn"));
	CHECK_STR(out.data, "tin-tuc/gia-vien");
}

/* Each of the 134 letters, precomposed and decomposed, slugs and folds to
 * its base letter. */
static void test_slug_letters(void)
{
	const char *sets[] = {vi_lower, vi_upper};
	for (int s = 0; s < 2; s++) {
		size_t count = 0;
		for (const char *p = sets[s]; *p; p += utf8_len(p), count++) {
			char letter[5] = {0}, base[2] = {vi_base[count], 0};
			memcpy(letter, p, utf8_len(p));
			if (!CHECK((unsigned char)letter[0] >= 0x80) ||
			    !CHECK_STR(slug(letter), base) ||
			    !CHECK_STR(fold(letter), base))
				printf("  letter %s\n", letter);
			char *nfd = (char *)utf8proc_NFD(
				(const utf8proc_uint8_t *)letter);
			CHECK(nfd != NULL);
			if (!nfd)
				continue;
			CHECK(strcmp(letter, "đ") == 0 || strcmp(letter, "Đ") == 0 ||
			      strlen(nfd) != strlen(letter) ||
			      strcmp(nfd, letter) != 0);
			CHECK_STR(slug(nfd), base);
			free(nfd);
		}
		CHECK(count == 67);
	}
	CHECK(count_chars(vi_lower) + count_chars(vi_upper) == 134);
	CHECK_STR(fold(vi_upper), vi_base);
}

static void test_slug_safe(void)
{
	CHECK(text_slug_is_safe("chi-so-cchc-2021"));
	CHECK(text_slug_is_safe("a"));
	CHECK(!text_slug_is_safe(""));
	CHECK(!text_slug_is_safe("Chi-so"));
	CHECK(!text_slug_is_safe("a/b"));
	CHECK(!text_slug_is_safe(".."));
	CHECK(!text_slug_is_safe("a b"));
	CHECK(!text_slug_is_safe("chỉ-số"));
	CHECK(!text_slug_is_safe("a%2f"));
}

static void test_fold(void)
{
	CHECK_STR(fold("Đánh Giá, Chỉ số!"), "danh gia, chi so!");
	CHECK_STR(fold(""), "");
	CHECK_STR(fold("Vie\xcc\xa3\xcc\x82t"), "viet");
	CHECK_STR(fold("a\xff"), "a\xef\xbf\xbd");
	CHECK_STR(fold("東京 Ω"), "東京 ω");
}

static int check_utf8(const char *s, size_t len, unsigned line, unsigned col)
{
	unsigned l = 0, c = 0;
	int rc = text_check_utf8(s, len, &l, &c);
	if (rc == 0)
		return line == 0;
	if (l != line || c != col)
		printf("  got %u:%u want %u:%u\n", l, c, line, col);
	return l == line && c == col;
}

static void test_check_utf8(void)
{
	const char *ok = "Gia Viễn\nNinh Bình 😀\n";
	CHECK(text_check_utf8(ok, strlen(ok), NULL, NULL) == 0);
	CHECK(text_check_utf8("", 0, NULL, NULL) == 0);
	CHECK(check_utf8("ab\ncd\xff" "e", 7, 2, 3));
	CHECK(check_utf8("Việt Nam\n  ả\x80", strlen("Việt Nam\n  ả\x80"), 2, 4));
	CHECK(check_utf8("Việt\nNa\xc3", strlen("Việt\nNa\xc3"), 2, 3));
	CHECK(check_utf8("ab\0c", 4, 1, 3));
	CHECK(check_utf8("\xc0\xaf", 2, 1, 1));           /* overlong '/' */
	CHECK(check_utf8("x\xed\xa0\x80", 4, 1, 2));      /* surrogate */
	CHECK(check_utf8("\xf4\x90\x80\x80", 4, 1, 1));   /* > U+10FFFF */
	CHECK(check_utf8("\n\n\n\xfe", 4, 4, 1));
	CHECK(text_check_utf8("\xff", 1, NULL, NULL) == -1);
}

static const char *fmt_date(void (*f)(struct buf *, const struct text_date *),
			    const struct text_date *d)
{
	buf_truncate(&out, 0);
	f(&out, d);
	return out.data;
}

static void test_date_parse(void)
{
	struct text_date d;
	CHECK(text_date_parse("2022-04-19", 420, &d) == 0);
	CHECK(!d.has_time && d.epoch == 1650301200 && d.offset_min == 420);
	CHECK_STR(fmt_date(text_date_iso, &d), "2022-04-19T00:00:00+07:00");
	CHECK(text_date_parse("2022-04-19 08:00", 420, &d) == 0);
	CHECK(d.has_time && d.epoch == 1650330000 && d.hour == 8);
	CHECK_STR(fmt_date(text_date_iso, &d), "2022-04-19T08:00:00+07:00");
	CHECK_STR(fmt_date(text_date_rfc822, &d),
		  "Tue, 19 Apr 2022 08:00:00 +0700");
	CHECK_STR(fmt_date(text_date_vi, &d), "Thứ ba, 19/04/2022");
	CHECK_STR(fmt_date(text_date_short, &d), "19/04/2022");
	CHECK_STR(fmt_date(text_date_ymd, &d), "2022-04-19");
	CHECK_STR(fmt_date(text_date_hm, &d), "08:00");
	CHECK(text_date_parse("2022-04-19T08:00:00Z", 420, &d) == 0);
	CHECK(d.epoch == 1650355200 && d.offset_min == 0);
	CHECK_STR(fmt_date(text_date_iso, &d), "2022-04-19T08:00:00+00:00");
	CHECK(text_date_parse("2022-04-19T08:00:59+0530", 420, &d) == 0);
	CHECK_STR(fmt_date(text_date_iso, &d), "2022-04-19T08:00:59+05:30");
	CHECK(d.epoch == 1650355200 - 330 * 60 + 59);
	/* A negative offset: local time is still what was written. */
	CHECK(text_date_parse("2022-01-01T00:30-03:30", 420, &d) == 0);
	CHECK(d.epoch == 1640995200 + 4 * 3600);
	CHECK_STR(fmt_date(text_date_iso, &d), "2022-01-01T00:30:00-03:30");
	CHECK(d.weekday == 6);
	CHECK(text_date_parse("1970-01-01T00:00:00Z", 0, &d) == 0 && d.epoch == 0);
	CHECK(text_date_parse("1969-12-31 23:59:59", 0, &d) == 0 &&
	      d.epoch == -1 && d.weekday == 3);
	CHECK(text_date_parse("0001-01-01", 0, &d) == 0 && d.weekday == 1);
	CHECK(text_date_parse("9999-12-31T23:59:59-23:59", 0, &d) == 0);
	CHECK_STR(fmt_date(text_date_iso, &d), "9999-12-31T23:59:59-23:59");
	/* past four digits, a year is written whole, as printf's %04d */
	text_date_from_epoch(&d, 253402300800LL + 3723, 0);
	CHECK_STR(fmt_date(text_date_iso, &d), "10000-01-01T01:02:03+00:00");
	CHECK_STR(fmt_date(text_date_short, &d), "01/01/10000");
}

static void test_date_weekdays(void)
{
	struct text_date d;
	CHECK(text_date_parse("2000-01-01", 420, &d) == 0 && d.weekday == 6);
	CHECK_STR(fmt_date(text_date_vi, &d), "Thứ bảy, 01/01/2000");
	CHECK(text_date_parse("2024-02-29", 420, &d) == 0 && d.weekday == 4);
	CHECK_STR(fmt_date(text_date_vi, &d), "Thứ năm, 29/02/2024");
	CHECK(text_date_parse("2022-04-17", 420, &d) == 0);
	CHECK_STR(fmt_date(text_date_vi, &d), "Chủ nhật, 17/04/2022");
	CHECK(text_date_parse("2022-04-18", 420, &d) == 0);
	CHECK_STR(fmt_date(text_date_vi, &d), "Thứ hai, 18/04/2022");
	CHECK(text_date_parse("2022-04-20", 420, &d) == 0);
	CHECK_STR(fmt_date(text_date_vi, &d), "Thứ tư, 20/04/2022");
	CHECK(text_date_parse("2022-04-22", 420, &d) == 0);
	CHECK_STR(fmt_date(text_date_vi, &d), "Thứ sáu, 22/04/2022");
	/* Every day 1600-2400 round-trips and weekdays advance one by one. */
	int bad = 0, prev = -1;
	long long first = -11676096000LL, last = 13569465600LL;
	for (long long t = first; t < last; t += 86400) {
		struct text_date e, p;
		text_date_from_epoch(&e, t, -60);
		buf_truncate(&out, 0);
		text_date_ymd(&out, &e);
		buf_puts(&out, " 23:00");
		bad += text_date_parse(out.data, -60, &p) != 0 ||
		       p.epoch != t || p.weekday != e.weekday ||
		       (prev >= 0 && e.weekday != (prev + 1) % 7);
		prev = e.weekday;
	}
	CHECK(bad == 0);
}

static void test_date_reject(void)
{
	static const char *const bad[] = {
		"2022-02-30", "2022-02-29", "2023-02-29", "1900-02-29",
		"2022-13-01", "2022-00-10", "2022-04-00", "2022-04-31",
		"2022-04-19 24:00", "2022-04-19 23:60", "2022-04-19 23:59:60",
		"2022-4-19", "19/04/2022", "", "2022-04-19 ", " 2022-04-19",
		"2022-04-19T08", "2022-04-19T08:00+7", "2022-04-19T08:00+07:0",
		"2022-04-19T08:00+24:00", "2022-04-19T08:00+07:60",
		"2022-04-19Z", "2022-04-19T08:00:00.5Z", "0000-01-01",
		"2022-04-19T08:00Zjunk", "2022-04-19t08:00", "20220419",
		"2022-04-19T8:00", "+2022-04-19", "2022-04-19T08:00:0",
		"2022-04-19T08:00 +07:00",
	};
	struct text_date d;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (!CHECK(text_date_parse(bad[i], 420, &d) == -1))
			printf("  accepted \"%s\"\n", bad[i]);
	CHECK(text_date_parse("2000-02-29", 420, &d) == 0);
	CHECK(text_date_parse("2022-04-19 23:59:59", 420, &d) == 0);
}

static void test_tz(void)
{
	int off = 1;
	CHECK(text_tz_offset("Asia/Ho_Chi_Minh", 1650330000, &off) == 0 &&
	      off == 420);
	/* South Việt Nam kept UTC+8 until 1975: the instant matters. */
	CHECK(text_tz_offset("Asia/Ho_Chi_Minh", 0, &off) == 0 && off == 480);
	CHECK(text_tz_offset("UTC", 0, &off) == 0 && off == 0);
	CHECK(text_tz_offset("Asia/Kolkata", 0, &off) == 0 && off == 330);
	CHECK(text_tz_offset("America/New_York", 1642204800, &off) == 0 &&
	      off == -300);
	CHECK(text_tz_offset("America/New_York", 1657843200, &off) == 0 &&
	      off == -240);
	off = 7;
	CHECK(text_tz_offset("No/Such_Zone", 0, &off) == -1 && off == 7);
	CHECK(text_tz_offset("", 0, &off) == -1);
	CHECK(text_tz_offset("../../etc/passwd", 0, &off) == -1);
	CHECK(text_tz_offset("/etc/localtime", 0, &off) == -1);
	CHECK(text_tz_offset("Asia", 0, &off) == -1);
	CHECK(text_tz_offset("Asia/Ho Chi Minh", 0, &off) == -1);
	/* TZ is left as it was found, set or not. */
	setenv("TZ", "Europe/Paris", 1);
	CHECK(text_tz_offset("Asia/Tokyo", 0, &off) == 0 && off == 540);
	CHECK_STR(getenv("TZ"), "Europe/Paris");
	unsetenv("TZ");
	CHECK(text_tz_offset("Asia/Tokyo", 0, &off) == 0);
	CHECK(getenv("TZ") == NULL);
}

static const char *esc(void (*f)(struct buf *, const char *, size_t),
		       const char *s, size_t len)
{
	buf_truncate(&out, 0);
	f(&out, s, len);
	return out.data;
}

static const char *json(const char *s)
{
	buf_truncate(&out, 0);
	text_escape_json(&out, s);
	return out.data;
}

static void test_escape(void)
{
	const char *s = "<a href=\"x\">Tom & Jerry's</a>";
	CHECK_STR(esc(text_escape_html, s, strlen(s)),
		  "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
	CHECK_STR(esc(text_escape_xml, s, strlen(s)),
		  "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
	CHECK_STR(esc(text_escape_html, "", 0), "");
	CHECK_STR(esc(text_escape_html, "Gia Viễn", strlen("Gia Viễn")),
		  "Gia Viễn");
	CHECK_STR(esc(text_escape_html, "&&", 1), "&amp;");
	CHECK_STR(esc(text_escape_xml, "a\x01\tb\n\x1f" "c\r", 8),
		  "a\tb\nc\r");
	s = "tin-tuc/Hội nghị 2021.html";
	CHECK_STR(esc(text_escape_url_path, s, strlen(s)),
		  "tin-tuc/H%E1%BB%99i%20ngh%E1%BB%8B%202021.html");
	CHECK_STR(esc(text_escape_url_path, "a?b#c%d&e+f", 11),
		  "a%3Fb%23c%25d%26e%2Bf");
	CHECK_STR(esc(text_escape_url_path, "~_.-/AZaz09", 11), "~_.-/AZaz09");
	CHECK_STR(esc(text_escape_url_path, "a\0b", 3), "a%00b");
	s = "</script><!-- \"Hội\" \\ & >";
	CHECK_STR(json(s), "\"\\u003c/script\\u003e\\u003c!-- \\\"Hội\\\" \\\\ "
			   "\\u0026 \\u003e\"");
	CHECK_STR(json("a\nb\t\x01\xe2\x80\xa8\xe2\x80\xa9\xe2\x80"),
		  "\"a\\nb\\t\\u0001\\u2028\\u2029\xe2\x80\"");
	CHECK_STR(json(""), "\"\"");
	CHECK_STR(json(NULL), "\"\"");
}

static const char *num(void (*f)(struct buf *, long long, int), long long v,
		       int decimals)
{
	buf_truncate(&out, 0);
	f(&out, v, decimals);
	return out.data;
}

static void test_numbers(void)
{
	CHECK_STR(num(text_number_vi, 9240, 2), "92,40");
	CHECK_STR(num(text_number_vi, 12345, 1), "1.234,5");
	CHECK_STR(num(text_number_vi, -5, 2), "-0,05");
	CHECK_STR(num(text_number_vi, 0, 2), "0,00");
	CHECK_STR(num(text_number_vi, 0, 0), "0");
	CHECK_STR(num(text_number_vi, 999, 0), "999");
	CHECK_STR(num(text_number_vi, 1000, 0), "1.000");
	CHECK_STR(num(text_number_vi, 100000, 2), "1.000,00");
	CHECK_STR(num(text_number_vi, -1234567, 0), "-1.234.567");
	CHECK_STR(num(text_number_vi, LLONG_MAX, 0),
		  "9.223.372.036.854.775.807");
	CHECK_STR(num(text_number_vi, LLONG_MIN, 0),
		  "-9.223.372.036.854.775.808");
	CHECK_STR(num(text_number_vi, LLONG_MIN, 18), "-9,223372036854775808");
	CHECK_STR(num(text_number_vi, 1, 18), "0,000000000000000001");
	CHECK_STR(num(text_number_dot, 9240, 2), "92.40");
	CHECK_STR(num(text_number_dot, -1234567, 3), "-1234.567");
	CHECK_STR(num(text_number_dot, 7, 3), "0.007");
	CHECK_STR(num(text_number_dot, 1234567, 0), "1234567");
}

static const char *strip(const char *html, size_t max)
{
	buf_truncate(&out, 0);
	text_strip_html(&out, html, strlen(html), max);
	return out.data;
}

static void test_strip_html(void)
{
	CHECK_STR(strip("<p>Tin <b>mới</b> &amp; nóng</p><p>Đoạn hai</p>", 0),
		  "Tin mới & nóng Đoạn hai");
	CHECK_STR(strip("&lt;&gt;&quot;&#39;&apos;&#x1EA1;&#7841;&#X1ea1;", 0),
		  "<>\"''ạạạ");
	CHECK_STR(strip("&foo; &amp &#; &#x; &#12a; AT&T", 0),
		  "&foo; &amp &#; &#x; &#12a; AT&T");
	CHECK_STR(strip("&#0;&#xD800;&#x110000;&#99999999999;&#00065;", 0),
		  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "A");
	CHECK_STR(strip("a < b <3 c<", 0), "a < b <3 c<");
	CHECK_STR(strip("a<script>if (x<y) {'</p>'}</script>b", 0), "ab");
	CHECK_STR(strip("a<SCRIPT type=x></scripts></SCRIPT >b", 0), "ab");
	CHECK_STR(strip("a<style>p{}</style>b<script>never closed", 0), "ab");
	CHECK_STR(strip("a<!-- <p> -->b<!---->c<!-- open", 0), "abc");
	CHECK_STR(strip("<a title=\"x>y\" b='>'>link</a>", 0), "link");
	CHECK_STR(strip("<!DOCTYPE html><?xml x?>x", 0), "x");
	CHECK_STR(strip("  \n a \t\t b  \r\n", 0), "a b");
	CHECK_STR(strip("a&nbsp;&nbsp;b\xc2\xa0" "c&#10;d", 0), "a b c d");
	CHECK_STR(strip("line<br>break<br/>x<li>y</li>", 0), "line break x y");
	CHECK_STR(strip("abc <p class", 0), "abc");
	CHECK_STR(strip("", 0), "");
	CHECK_STR(strip("<p> </p>", 5), "");
	buf_truncate(&out, 0);
	buf_puts(&out, "x:");
	text_strip_html(&out, " <p>y</p>", 9, 0);
	CHECK_STR(out.data, "x:y");
}

static void test_strip_cut(void)
{
	const char *s = "Một hai ba bốn năm";
	CHECK_STR(strip(s, 0), s);
	CHECK_STR(strip(s, 18), s);
	CHECK_STR(strip(s, 17), "Một hai ba bốn…");
	CHECK_STR(strip(s, 10), "Một hai…");
	CHECK_STR(strip("abcdefghij", 5), "abcd…");
	CHECK_STR(strip("ab cdefghij", 5), "ab…");
	CHECK_STR(strip("Xin chào, thế giới", 11), "Xin chào…");
	CHECK_STR(strip("Xin chào. Thế giới", 10), "Xin chào…");
	CHECK_STR(strip("abc", 1), "…");
	CHECK_STR(strip("<p>a</p>   <p>b c</p>", 3), "a…");
	/* Marks do not count, and stay with their letter. */
	CHECK_STR(strip("Vie\xcc\xa3\xcc\x82t Nam", 8), "Vie\xcc\xa3\xcc\x82t Nam");
	CHECK_STR(strip("Vie\xcc\xa3\xcc\x82t Nam", 6), "Vie\xcc\xa3\xcc\x82t…");
	CHECK_STR(strip("Vie\xcc\xa3\xcc\x82tnam", 4), "Vie\xcc\xa3\xcc\x82…");
}

/* Inputs built to be slow or to run off the end: each must finish fast
 * and give the obvious answer. */
static void test_pathological(void)
{
	size_t n = 1 << 20;
	struct buf big;
	buf_init(&big);
	const char *unit[] = {"<", "<a", "&#", "&amp", "<a title='", "<!--",
			      "ệ ", "<script>", "\xff", "</"};
	const size_t want_chars[] = {n, 0, n, n, 0, 0, 160, 0, 160, n};
	for (size_t u = 0; u < sizeof unit / sizeof unit[0]; u++) {
		buf_truncate(&big, 0);
		while (big.len < n)
			buf_puts(&big, unit[u]);
		buf_truncate(&out, 0);
		size_t max = want_chars[u] == 160 ? 160 : 0;
		text_strip_html(&out, big.data, big.len, max);
		size_t got = count_chars(out.data);
		if (!CHECK(want_chars[u] == n ? got > 0 : got <= want_chars[u]))
			printf("  unit \"%s\": %zu chars\n", unit[u], got);
		text_check_utf8(big.data, big.len, NULL, NULL);
		buf_truncate(&out, 0);
		text_slugify(&out, big.data, big.len);
		text_escape_html(&out, big.data, big.len);
	}
	buf_truncate(&big, 0);
	while (big.len < n)
		buf_puts(&big, "ệ!");
	buf_truncate(&out, 0);
	text_slugify(&out, big.data, big.len);
	/* "e-e-...-e", cut at the last whole word within TEXT_SLUG_MAX */
	CHECK(out.len == TEXT_SLUG_MAX - 1 && out.data[out.len - 1] == 'e');
	buf_dispose(&big);
}

int main(void)
{
	buf_init(&out);
	test_slug_examples();
	test_slug_letters();
	test_slug_safe();
	test_fold();
	test_check_utf8();
	test_date_parse();
	test_date_weekdays();
	test_date_reject();
	test_tz();
	test_escape();
	test_numbers();
	test_strip_html();
	test_strip_cut();
	test_pathological();
	buf_dispose(&out);
	return check_done();
}
