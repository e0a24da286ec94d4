/* Unit tests of the score model: every validation error with its exact
 * message and position, the exact arithmetic on hand-checked cases,
 * change against last year, the JSON and CSV downloads read back, and the
 * sample data in content/scores/ (run from the repository's root, as
 * tests/run.sh does). */
#include "check.h"

#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "diag.h"
#include "mem.h"
#include "scores.h"
#include "yaml.h"

/* ---- fixtures ------------------------------------------------------ */

struct fx {
	struct arena a;
	struct diag_list d;
	char *text;                   /* the YAML loaded, owned */
	struct scores_dataset *ds;
	int rc;
};

static void fx_load(struct fx *f, const char *file, const char *text)
{
	arena_init(&f->a);
	diag_list_init(&f->d);
	f->text = xstrdup(text);
	f->ds = NULL;
	struct value *root = NULL;
	f->rc = -1;
	if (yaml_load(&f->a, file, f->text, strlen(f->text), 0, &f->d, &root) < 0)
		return;
	f->rc = scores_load(&f->a, root, file, &f->d, &f->ds);
}

static void fx_dispose(struct fx *f)
{
	diag_list_dispose(&f->d);
	arena_dispose(&f->a);
	free(f->text);
}

static void fx_print(const struct fx *f)
{
	for (size_t i = 0; i < f->d.count; i++)
		printf("  %u:%u: %s\n", f->d.items[i].line, f->d.items[i].col,
		       f->d.items[i].message);
}

/* base with the first occurrence of from replaced by to (free it). */
static char *replace(const char *base, const char *from, const char *to)
{
	const char *hit = strstr(base, from);
	if (!CHECK(hit != NULL)) {
		printf("  fixture text not found: %s\n", from);
		return xstrdup(base);
	}
	struct buf b;
	buf_init(&b);
	buf_put(&b, base, (size_t)(hit - base));
	buf_puts(&b, to);
	buf_puts(&b, hit + strlen(from));
	return buf_detach(&b);
}

/* The 1-based column, in characters as libyaml counts them, of the spot
 * marked by at on line `line` of text: at is searched on that line and a
 * '|' in it marks the spot (else its first character). 0 if absent. */
static unsigned col_of(const char *text, unsigned line, const char *at)
{
	const char *s = text;
	for (unsigned l = 1; l < line && s; l++) {
		s = strchr(s, '\n');
		s = s ? s + 1 : NULL;
	}
	if (!s)
		return 0;
	char needle[128];
	const char *bar = strchr(at, '|');
	size_t mark = bar ? (size_t)(bar - at) : 0;
	snprintf(needle, sizeof needle, "%.*s%s", (int)mark, at,
		 bar ? bar + 1 : at + mark);
	const char *end = strchr(s, '\n');
	const char *hit = strstr(s, needle);
	if (!hit || (end && hit > end))
		return 0;
	unsigned col = 1;
	for (const char *p = s; p < hit + mark; p++)
		col += ((unsigned char)*p & 0xC0) != 0x80;
	return col;
}

struct want {
	unsigned line;
	const char *at;
	const char *msg;
};

/* Checks that f failed with exactly the errors of want[0..n). */
static void expect_errors(const struct fx *f, const struct want *want,
			  size_t n, int src_line)
{
	int ok = f->rc == -1 && f->ds == NULL && f->d.count == n;
	for (size_t i = 0; i < n; i++) {
		unsigned col = col_of(f->text, want[i].line, want[i].at);
		size_t j = 0;
		while (j < f->d.count &&
		       !(strcmp(f->d.items[j].message, want[i].msg) == 0 &&
			 f->d.items[j].line == want[i].line &&
			 f->d.items[j].col == col))
			j++;
		if (j == f->d.count || col == 0) {
			printf("  missing %u:%u: %s\n", want[i].line, col,
			       want[i].msg);
			ok = 0;
		}
	}
	if (!check_report(ok, "expected errors", __FILE__, src_line))
		fx_print(f);
}

static void expect_clean(const struct fx *f, int src_line)
{
	if (!check_report(f->rc == 0 && f->ds && f->d.count == 0, "no error",
			  __FILE__, src_line))
		fx_print(f);
}

/* ---- numbers -------------------------------------------------------- */

static int64_t dec(const char *s)
{
	int64_t v = INT64_MIN;
	if (scores_parse_decimal(s, strlen(s), &v) < 0)
		return INT64_MIN;
	return v;
}

static void test_parse_decimal(void)
{
	CHECK(dec("12.75") == 12750);
	CHECK(dec("12") == 12000);
	CHECK(dec(".5") == 500);
	CHECK(dec("5.") == 5000);
	CHECK(dec("-0.5") == -500);
	CHECK(dec("+3") == 3000);
	CHECK(dec("0.001") == 1);
	CHECK(dec("1.2340000") == 1234);
	CHECK(dec("1000000") == 1000000000);
	CHECK(dec("1000000.001") == INT64_MIN);
	CHECK(dec("1.2345") == INT64_MIN);
	CHECK(dec("1e2") == INT64_MIN);
	CHECK(dec("") == INT64_MIN);
	CHECK(dec("-") == INT64_MIN);
	CHECK(dec(".") == INT64_MIN);
	CHECK(dec("1.2.3") == INT64_MIN);
	CHECK(dec("13,25") == INT64_MIN);
	/* Far more digits than int64_t holds: refused, not wrapped. */
	CHECK(dec("99999999999999999999999999999999999999") == INT64_MIN);
	CHECK(dec("0000000000000000000000000000000000012.5") == 12500);
	char many[5000];
	memset(many, '0', sizeof many - 1);
	many[0] = '1';
	many[1] = '.';
	many[sizeof many - 1] = '\0';
	CHECK(dec(many) == 1000);
	many[sizeof many - 2] = '7';
	CHECK(dec(many) == INT64_MIN);
}

static const char *fmt(int which, int64_t v, int decimals)
{
	static char out[64];
	struct buf b;
	buf_init(&b);
	if (which == 0)
		scores_format_dot(&b, v, decimals);
	else if (which == 1)
		scores_format_vi(&b, v, decimals);
	else
		scores_format_exact(&b, v);
	snprintf(out, sizeof out, "%s", b.data);
	buf_dispose(&b);
	return out;
}

static void test_format(void)
{
	CHECK_STR(fmt(0, 92400, 2), "92.40");
	CHECK_STR(fmt(1, 92400, 2), "92,40");
	CHECK_STR(fmt(1, 1234500, 1), "1.234,5");
	CHECK_STR(fmt(1, 1234567000, 0), "1.234.567");
	CHECK_STR(fmt(0, 88125, 2), "88.13");     /* half up */
	CHECK_STR(fmt(0, 88124, 2), "88.12");
	CHECK_STR(fmt(0, 88500, 0), "89");
	CHECK_STR(fmt(0, 88125, 3), "88.125");
	CHECK_STR(fmt(0, -1500, 2), "-1.50");
	CHECK_STR(fmt(0, -1505, 2), "-1.51");     /* half away from zero */
	CHECK_STR(fmt(0, -4, 2), "0.00");         /* no "-0.00" */
	CHECK_STR(fmt(1, -3320, 2), "-3,32");
	CHECK_STR(fmt(2, 88500, 0), "88.5");
	CHECK_STR(fmt(2, 100000, 0), "100");
	CHECK_STR(fmt(2, 1, 0), "0.001");
	CHECK_STR(fmt(2, -12750, 0), "-12.75");
	CHECK_STR(fmt(2, 0, 0), "0");
}

/* ---- validation ----------------------------------------------------- */

#define FILE_2021 "content/scores/thu-2021.yaml"

/* Line numbers matter: the error cases below name them. */
static const char base_yaml[] =
	"nam: 2021\n"                                                    /* 1 */
	"tieu_de: Kết quả thử\n"
	"co_quan: UBND huyện Gia Viễn\n"
	"quyet_dinh: {so: 1/QĐ-UBND, ngay: 2022-06-15, file: /files/qd-1.pdf}\n"
	"lam_tron: 2\n"                                                  /* 5 */
	"xep_loai:\n"
	"  - {ten: Tốt, tu: 80}\n"
	"  - {ten: Khá, tu: 70}\n"
	"  - {ten: Yếu, tu: 0}\n"
	"bo_tieu_chi:\n"                                                /* 10 */
	"  xa:\n"
	"    ten: Bộ chỉ số xã\n"
	"    khoi: Khối xã\n"
	"    tong_diem: 20\n"
	"    linh_vuc:\n"                                               /* 15 */
	"      - ma: \"1\"\n"
	"        ten: Chỉ đạo điều hành\n"
	"        max: 6\n"
	"        tieu_chi:\n"
	"          - ma: \"1.1\"\n"                                     /* 20 */
	"            ten: Kế hoạch CCHC năm\n"
	"            max: 3\n"
	"            thanh_phan:\n"
	"              - {ma: \"1.1.1\", ten: Ban hành kế hoạch, max: 1}\n"
	"              - {ma: \"1.1.2\", ten: Hoàn thành kế hoạch, max: 2}\n"
	"          - {ma: \"1.2\", ten: Chế độ báo cáo, max: 3}\n"
	"      - ma: \"2\"\n"
	"        ten: Tác động\n"
	"        max: 14\n"
	"        nguon: dtxhh\n"                                        /* 30 */
	"        tieu_chi:\n"
	"          - {ma: \"2.1\", ten: Sự hài lòng, max: 14}\n"
	"don_vi:\n"
	"  - ma: a\n"
	"    ten: Xã A\n"                                               /* 35 */
	"    nhom: xa\n"
	"    tu_danh_gia: {\"1.1.1\": 1, \"1.1.2\": 2, \"1.2\": 3}\n"
	"    tham_dinh: {\"1.1.1\": 1, \"1.1.2\": 1.5, \"1.2\": 2.75}\n"
	"    dtxhh: {\"2.1\": 12.25}\n"
	"  - ma: b\n"                                                   /* 40 */
	"    ten: Xã B\n"
	"    nhom: xa\n"
	"    tham_dinh:\n"
	"      \"1.1.1\": 1\n"
	"      \"1.1.2\": 2\n"                                          /* 45 */
	"      \"1.2\": 3\n"
	"    dtxhh: {\"2.1\": 10}\n"
	"    ghi_chu: \"\"\n";

static void test_base(void)
{
	struct fx f;
	fx_load(&f, FILE_2021, base_yaml);
	expect_clean(&f, __LINE__);
	const struct scores_dataset *d = f.ds;
	if (d) {
		CHECK_STR(d->id, "thu-2021");
		CHECK_STR(d->series, "thu");
		CHECK(d->year == 2021 && d->decimals == 2 && d->nbands == 3);
		CHECK_STR(d->decision.number, "1/QĐ-UBND");
		CHECK_STR(d->decision.date, "2022-06-15");
		CHECK_STR(d->decision.file, "files/qd-1.pdf");
		CHECK(d->status == SCORES_PUBLISHED);
		CHECK_STR(d->body, "UBND huyện Gia Viễn");
		const struct scores_group *g = &d->groups[0];
		CHECK_STR(g->id, "xa");
		CHECK_STR(g->khoi, "Khối xã");
		CHECK(g->max == 20000 && g->nareas == 2 && g->nleaves == 4);
		CHECK_STR(g->leaves[1]->code, "1.1.2");
		CHECK(g->leaves[3]->source == SCORES_SURVEY);
		CHECK(g->areas[0].children[0].level == SCORES_CRITERION);
		CHECK(g->areas[0].children[0].children[1].level == SCORES_SUB);
		CHECK(g->areas[0].first_leaf == 0 && g->areas[0].nleaves == 3);
		/* a: 1 + 1.5 + 2.75 + 12.25 = 17.5 of 20 = 87.50 */
		const struct scores_unit *a = &d->units[0], *b = &d->units[1];
		CHECK(a->total == 17500 && a->index == 87500 && a->band == 0);
		CHECK(a->self_sum == 6000 && a->points_sum == 17500);
		CHECK(scores_node_points(a, &g->areas[0].children[0]) == 2500);
		CHECK(scores_node_self(a, &g->areas[0].children[0]) == 3000);
		CHECK(a->area_points[0] == 5250 && a->area_index[0] == 87500);
		/* b: 6 + 10 = 16 of 20 = exactly 80.00, the edge of Tốt */
		CHECK(b->total == 16000 && b->index == 80000 && b->band == 0);
		CHECK(a->rank == 1 && b->rank == 2);
		CHECK(!a->change.has);
	}
	fx_dispose(&f);
}

struct error_case {
	const char *from, *to;        /* applied to base_yaml */
	struct want want[4];
};

#define UNIT_KEYS "ma, ten, nhom, tu_danh_gia, tham_dinh, dtxhh, " \
	"khong_ap_dung, xep_hang, diem_thuong, diem_tru, ghi_chu, nam_truoc"
#define QUOTE_MSG(c) "code " c " must be quoted (\"" c "\"): unquoted, YAML " \
	"reads it as a number and 1.10 would equal 1.1"

static const struct error_case error_cases[] = {
	/* points against maxima */
	{"\"1.2\": 2.75}", "\"1.2\": 3.5}",
	 {{38, "3.5", "score 3.5 is above the maximum 3 of criterion 1.2 "
	   "(Chế độ báo cáo)"}}},
	{"\"1.1.2\": 1.5,", "\"1.1.2\": -0.5,",
	 {{38, "-0.5", "score -0.5 is below the minimum 0 of sub-criterion "
	   "1.1.2 (Hoàn thành kế hoạch)"}}},
	{"\"1.2\": 3}", "\"1.2\": 3.25}",
	 {{37, "3.25", "score 3.25 is above the maximum 3 of criterion 1.2 "
	   "(Chế độ báo cáo)"}}},
	/* codes that are not leaves */
	{"\"1.2\": 2.75}", "\"9.9\": 2.75}",
	 {{38, "\"9.9\"", "no criterion has the code 9.9 in the criteria set "
	   "of group xa"},
	  {38, "{", "criterion 1.2 (Chế độ báo cáo) has no score in tham_dinh; "
	   "give one, or list it in khong_ap_dung"}}},
	{"\"1.1.1\": 1\n      \"1.1.2\"", "\"1.1\": 1\n      \"1.1.2\"",
	 {{44, "\"1.1\"", "criterion 1.1 (Kế hoạch CCHC năm) has sub-criteria "
	   "and is their sum; give points for 1.1.1, 1.1.2 instead"},
	  {44, "\"1.1\"", "sub-criterion 1.1.1 (Ban hành kế hoạch) has no score "
	   "in tham_dinh; give one, or list it in khong_ap_dung"}}},
	{"    ghi_chu: \"\"", "    khong_ap_dung: [\"2\"]",
	 {{48, "\"2\"", "area 2 (Tác động) has criteria and is their sum; "
	   "list 2.1 instead"}}},
	/* leaves without points */
	{"      \"1.2\": 3\n", "",
	 {{44, "\"1.1.1\"", "criterion 1.2 (Chế độ báo cáo) has no score in "
	   "tham_dinh; give one, or list it in khong_ap_dung"}}},
	{"    dtxhh: {\"2.1\": 10}\n", "",
	 {{40, "ma: b", "missing key \"dtxhh\" (the survey points of each "
	   "survey criterion)"}}},
	/* points under the wrong source */
	{"{\"2.1\": 10}", "{\"2.1\": 10, \"1.2\": 1}",
	 {{47, "\"1.2\"", "criterion 1.2 (Chế độ báo cáo) is appraised: its "
	   "points go under tham_dinh, not dtxhh"}}},
	{"      \"1.2\": 3\n", "      \"1.2\": 3\n      \"2.1\": 3\n",
	 {{47, "\"2.1\"", "criterion 2.1 (Sự hài lòng) comes from the survey: "
	   "its points go under dtxhh, not tham_dinh"}}},
	{"\"1.2\": 3}", "\"1.2\": 3, \"2.1\": 14}",
	 {{37, "\"2.1\"", "criterion 2.1 (Sự hài lòng) comes from the survey: "
	   "it has no self-assessed points (tu_danh_gia)"}}},
	/* units */
	{"    nhom: xa\n    tham_dinh:", "    nhom: xaa\n    tham_dinh:",
	 {{42, "xaa", "group \"xaa\" has no criteria set; the sets are: xa"}}},
	{"  - ma: b", "  - ma: a",
	 {{40, "ma: |a", "unit code \"a\" is already used at line 34"}}},
	{"  - ma: b", "  - ma: Xa B",
	 {{40, "Xa B", "unit code \"Xa B\" may use only a-z, 0-9 and \"-\" (it "
	   "becomes part of web addresses)"}}},
	{"    ten: Xã B", "    ten: \"\"",
	 {{41, "\"\"", "ten must not be empty"}}},
	{"  - ma: b\n    ten: Xã B\n", "  - ma: b\n",
	 {{40, "ma: b", "missing key \"ten\" (the unit's name)"}}},
	{"    ghi_chu: \"\"", "    khong_ap_dung: [\"1.2\"]",
	 {{46, "\"1.2\"", "criterion 1.2 (Chế độ báo cáo) is in khong_ap_dung, "
	   "so it takes no points"}}},
	{"      \"1.2\": 3\n    dtxhh: {\"2.1\": 10}\n    ghi_chu: \"\"",
	 "    dtxhh: {\"2.1\": 10}\n    khong_ap_dung: [\"1.2\", \"1.2\"]",
	 {{47, ", |\"1.2\"", "1.2 is listed twice in khong_ap_dung"}}},
	{"    tham_dinh:\n      \"1.1.1\": 1\n      \"1.1.2\": 2\n      \"1.2\": 3\n"
	 "    dtxhh: {\"2.1\": 10}\n",
	 "    khong_ap_dung: [\"1.1.1\", \"1.1.2\", \"1.2\", \"2.1\"]\n",
	 {{43, "[", "every criterion of unit b is in khong_ap_dung; nothing is "
	   "left to score"}}},
	{"    ghi_chu: \"\"", "    diem_thuong: 1",
	 {{48, "1", "diem_thuong 1 needs a ghi_chu saying why"}}},
	{"    ghi_chu: \"\"", "    diem_tru: -1\n    ghi_chu: x",
	 {{48, "-1", "diem_tru must be 0 or more, not -1"}}},
	{"    ghi_chu: \"\"", "    xep_hang: co",
	 {{48, "co", "xep_hang must be true or false, not a text"}}},
	{"    ghi_chu: \"\"", "    nam_truoc: {chi_so: 120, xep_hang: 0}",
	 {{48, "120", "chi_so must be a percentage from 0 to 100, not 120"},
	  {48, "|0}", "xep_hang must be a rank (a whole number from 1), not 0"}}},
	/* a misspelt key: the closest allowed one is named */
	{"    ghi_chu: \"\"", "    ghi_chu: \"\"\n    nam_truoc: {chi_so: 87.36, "
	 "xep_hng: 3}",
	 {{49, "xep_hng", "unknown key \"xep_hng\" (did you mean \"xep_hang\"?); "
	   "allowed keys: chi_so, xep_hang"}}},
	{"    ghi_chu: \"\"", "    ghi_chu: x\n    diem_thuog: 1",
	 {{49, "diem_thuog", "unknown key \"diem_thuog\" (did you mean "
	   "\"diem_thuong\"?); allowed keys: ma, ten, nhom, tu_danh_gia, "
	   "tham_dinh, dtxhh, khong_ap_dung, xep_hang, diem_thuong, diem_tru, "
	   "ghi_chu, nam_truoc, tien_than"}}},
	/* a key that looks like none gets no hint */
	{"    ghi_chu: \"\"", "    ghi_chu: x\n    zz: 1",
	 {{49, "zz", "unknown key \"zz\"; allowed keys: ma, ten, nhom, "
	   "tu_danh_gia, tham_dinh, dtxhh, khong_ap_dung, xep_hang, diem_thuong, "
	   "diem_tru, ghi_chu, nam_truoc, tien_than"}}},
	{"    ghi_chu: \"\"", "    nam_truoc: 87.36",
	 {{48, "87.36", "nam_truoc must be a map such as {chi_so: 87.36, "
	   "xep_hang: 10}, not a number"}}},
	{"    dtxhh: {\"2.1\": 10}", "    dtxhh: 10",
	 {{47, "10", "dtxhh must be a map of criterion code to points, not a "
	   "number"}}},
	{"    ghi_chu: \"\"", "    khong_ap_dung: \"1.2\"",
	 {{48, "\"1.2\"", "khong_ap_dung must be a list of criterion codes, "
	   "not a text"}}},
	/* criteria sets */
	{"        max: 6\n", "        max: 7\n",
	 {{18, "7", "the criteria of area 1 add up to 6, not its maximum 7"},
	  {14, "20", "the areas of group xa add up to 21, not its tong_diem 20"}}},
	{"Hoàn thành kế hoạch, max: 2}", "Hoàn thành kế hoạch, max: 2.5}",
	 {{22, "3", "the sub-criteria of criterion 1.1 add up to 3.5, not its "
	   "maximum 3"}}},
	{"tong_diem: 20", "tong_diem: 25",
	 {{14, "25", "the areas of group xa add up to 20, not its tong_diem 25"}}},
	{"{ma: \"2.1\", ten: Sự hài lòng", "{ma: \"1.2\", ten: Sự hài lòng",
	 {{32, "\"1.2\"", "code \"1.2\" is already used at line 26 in the "
	   "criteria set of group xa"}}},
	{"Chế độ báo cáo, max: 3}", "Chế độ báo cáo, max: 0}",
	 {{26, "|0}", "max must be above 0, not 0"}}},
	{"{ma: \"1.2\", ten: Chế độ báo cáo, max: 3}",
	 "{ten: Chế độ báo cáo, max: 3}",
	 {{26, "{", "missing key \"ma\" (its code, e.g. \"1.2\")"}}},
	{"Sự hài lòng, max: 14}", "Sự hài lòng, maxx: 14}",
	 {{32, "maxx", "unknown key \"maxx\" (did you mean \"max\"?); allowed keys: ma, ten, max, nguon, "
	   "ma_cu, thanh_phan"},
	  {32, "{", "missing key \"max\" (its maximum points)"}}},
	{"nguon: dtxhh", "nguon: dtxh",
	 {{30, "dtxh", "nguon must be tham_dinh (appraisal) or dtxhh (survey), "
	   "not \"dtxh\""}}},
	{"thanh_phan:\n              - {ma: \"1.1.1\", ten: Ban hành kế hoạch, "
	 "max: 1}\n              - {ma: \"1.1.2\", ten: Hoàn thành kế hoạch, "
	 "max: 2}\n", "thanh_phan: []\n\n\n",
	 {{23, "[", "thanh_phan lists no sub-criterion"}}},
	{"    linh_vuc:\n", "    linh_vuc: 5\n    xlinh_vuc:\n",
	 {{15, "5", "linh_vuc must be a list of areas, not a number"},
	  {16, "xlinh_vuc", "unknown key \"xlinh_vuc\" (did you mean \"linh_vuc\"?); allowed keys: ten, "
	   "khoi, tong_diem, neu_khong_dtxhh, linh_vuc"}}},
	{"{ma: \"1.2\", ten: Chế độ", "{ma: 1.2, ten: Chế độ",
	 {{26, "1.2", QUOTE_MSG("1.2")}}},
	/* numbers written wrongly */
	{"      \"1.2\": 3\n", "      1.2: 3\n",
	 {{46, "1.2", QUOTE_MSG("1.2")}}},
	{"      \"1.1.2\": 2\n", "      \"1.1.2\": 1,75\n",
	 {{45, "1,75", "\"1,75\" uses a decimal comma; write 1.75"}}},
	{"tong_diem: 20", "tong_diem: 1.234,5",
	 {{14, "1.234,5", "\"1.234,5\" uses a decimal comma; write 1234.5"}}},
	{"      \"1.2\": 3\n", "      \"1.2\": \"3\"\n",
	 {{46, "\"3\"", "a number is expected here, not the text \"3\""}}},
	{"      \"1.2\": 3\n", "      \"1.2\": ba\n",
	 {{46, "ba", "a number is expected here, not the text \"ba\""}}},
	{"      \"1.2\": 3\n", "      \"1.2\": [3]\n",
	 {{46, "[", "a number is expected here, not a list"}}},
	{"      \"1.1.2\": 2\n", "      \"1.1.2\": 1.2345\n",
	 {{45, "1.2345", "1.2345 has more than 3 decimals; points are kept to "
	   "the thousandth"}}},
	{"tong_diem: 20", "tong_diem: 20000000",
	 {{14, "20000000", "20000000 is too large; numbers go up to 1000000"}}},
	{"      \"1.1.2\": 2\n", "      \"1.1.2\": 2e0\n",
	 {{45, "2e0", "a number written with digits and a dot is expected here "
	   "(such as 12.5), not 2e0"}}},
	/* the head of the file */
	{"  - {ten: Khá, tu: 70}", "  - {ten: Khá, tu: 85}",
	 {{8, "85", "band Khá (tu 85) must start below the band before it, Tốt "
	   "(tu 80): list the bands from the highest down"}}},
	{"  - {ten: Khá, tu: 70}", "  - {ten: Khá, tu: 80}",
	 {{8, "80", "band Khá (tu 80) must start below the band before it, Tốt "
	   "(tu 80): list the bands from the highest down"}}},
	{"{ten: Tốt, tu: 80}", "{ten: Tốt, tu: 120}",
	 {{7, "120", "tu must be a percentage from 0 to 100, not 120"}}},
	{"{ten: Tốt, tu: 80}", "{ten: Tốt}",
	 {{7, "{", "missing key \"tu\" (the lowest index of the class, e.g. "
	   "80)"}}},
	{"  - {ten: Tốt, tu: 80}", "  - Tốt",
	 {{7, "Tốt", "each band must be a map such as {ten: Tốt, tu: 80}, not "
	   "a text"}}},
	{"nam: 2021", "nam: \"2021\"",
	 {{1, "\"2021\"", "a number is expected here, not the text \"2021\""}}},
	{"nam: 2021", "nam: 21",
	 {{1, "21", "nam must be a year such as 2021, not 21"}}},
	{"nam: 2021", "nam: 2020",
	 {{1, "2020", "nam 2020 does not match the year in the file name "
	   "(thu-2021)"}}},
	{"tieu_de: Kết quả thử", "tieu_de: [Kết quả thử]",
	 {{2, "[", "tieu_de must be a text, not a list"}}},
	{"lam_tron: 2", "lam_tron: 4",
	 {{5, "4", "lam_tron must be a whole number from 0 to 3, not 4"}}},
	{"lam_tron: 2", "lamtron: 2",
	 {{5, "lamtron", "unknown key \"lamtron\" (did you mean \"lam_tron\"?); allowed keys: nam, tieu_de, "
	   "co_quan, trang_thai, quyet_dinh, dinh_chinh, lam_tron, xep_loai, bo_tieu_chi, don_vi"}}},
	{"ngay: 2022-06-15", "ngay: 15/06/2022",
	 {{4, "15/06/2022", "ngay must be a date written as 2022-06-15, not "
	   "\"15/06/2022\""}}},
	{"ngay: 2022-06-15", "ngay: 2022-02-30",
	 {{4, "2022-02-30", "ngay must be a date written as 2022-06-15, not "
	   "\"2022-02-30\""}}},
	{"quyet_dinh: {so: 1/QĐ-UBND, ngay: 2022-06-15, file: /files/qd-1.pdf}",
	 "quyet_dinh: 1/QĐ-UBND",
	 {{4, "1/QĐ", "quyet_dinh must be a map such as {so: 512/QĐ-UBND, "
	   "ngay: 2022-06-15, file: /files/quyet-dinh-512-qd-ubnd.pdf}, not a "
	   "text"}}},
	{"quyet_dinh: {so: 1/QĐ-UBND, ngay: 2022-06-15, file: /files/qd-1.pdf}",
	 "quyet_dinh: {ngay: 2022-06-15, file: /files/qd-1.pdf}",
	 {{4, "{", "missing key \"so\" (the decision number, e.g. "
	   "512/QĐ-UBND)"}}},
	/* status: a published dataset needs its signed decision's PDF */
	{"quyet_dinh: {so: 1/QĐ-UBND, ngay: 2022-06-15, file: /files/qd-1.pdf}",
	 "quyet_dinh: {so: 1/QĐ-UBND, ngay: 2022-06-15}",
	 {{4, "{", "missing key \"file\" (the signed decision's PDF under "
	   "content/, e.g. file: /files/quyet-dinh-512-qd-ubnd.pdf): a "
	   "published dataset links its decision; until it is signed, write "
	   "trang_thai: du_thao"}}},
	{"quyet_dinh: {so: 1/QĐ-UBND, ngay: 2022-06-15, file: /files/qd-1.pdf}",
	 "trang_thai: cong_bo",
	 {{4, "cong_bo", "trang_thai: cong_bo needs quyet_dinh, the signed "
	   "decision: {so: 512/QĐ-UBND, ngay: 2022-06-15, file: "
	   "/files/quyet-dinh-512-qd-ubnd.pdf}"}}},
	{"quyet_dinh: {so: 1/QĐ-UBND, ngay: 2022-06-15, file: /files/qd-1.pdf}",
	 "trang_thai: xong\nquyet_dinh: {so: 1/QĐ-UBND, ngay: 2022-06-15, "
	 "file: /files/qd-1.pdf}",
	 {{4, "xong", "trang_thai must be du_thao (a draft, shown only in "
	   "preview) or cong_bo (published), not \"xong\""}}},
	{"file: /files/qd-1.pdf}", "file: files/qd-1.doc}",
	 {{4, "files/qd-1.doc", "file must be the decision's PDF as a path "
	   "from the site's root, such as /files/quyet-dinh-512-qd-ubnd.pdf "
	   "(the file content/files/quyet-dinh-512-qd-ubnd.pdf), not "
	   "\"files/qd-1.doc\""}}},
	{"file: /files/qd-1.pdf}", "file: /files/../site.pdf}",
	 {{4, "/files/../site.pdf", "file must be the decision's PDF as a "
	   "path from the site's root, such as /files/quyet-dinh-512-qd-ubnd"
	   ".pdf (the file content/files/quyet-dinh-512-qd-ubnd.pdf), not "
	   "\"/files/../site.pdf\""}}},
};

/* trang_thai, and its default: published with a decision, else draft. */
static void test_status(void)
{
	static const struct {
		const char *to;
		enum scores_status want;
	} cases[] = {
		{"# no decision yet", SCORES_DRAFT},
		{"trang_thai: du_thao\nquyet_dinh: {so: 1/QĐ-UBND, ngay: "
		 "2022-06-15}", SCORES_DRAFT},
		{"trang_thai: cong_bo\nquyet_dinh: {so: 1/QĐ-UBND, ngay: "
		 "2022-06-15, file: /files/qd-1.pdf}", SCORES_PUBLISHED},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *text = replace(base_yaml, "quyet_dinh: {so: 1/QĐ-UBND, "
				     "ngay: 2022-06-15, file: /files/qd-1.pdf}",
				     cases[i].to);
		struct fx f;
		fx_load(&f, FILE_2021, text);
		expect_clean(&f, __LINE__);
		struct arena a;
		struct diag_list d;
		struct value *root = NULL;
		arena_init(&a);
		diag_list_init(&d);
		yaml_load(&a, "t.yaml", text, strlen(text), 0, &d, &root);
		CHECK(f.ds && f.ds->status == cases[i].want &&
		      scores_root_is_draft(root) == (cases[i].want ==
						     SCORES_DRAFT));
		diag_list_dispose(&d);
		arena_dispose(&a);
		fx_dispose(&f);
		free(text);
	}
}

static void test_error_cases(void)
{
	size_t n = sizeof error_cases / sizeof error_cases[0];
	for (size_t i = 0; i < n; i++) {
		const struct error_case *c = &error_cases[i];
		char *text = replace(base_yaml, c->from, c->to);
		struct fx f;
		fx_load(&f, FILE_2021, text);
		size_t nwant = 0;
		while (nwant < 4 && c->want[nwant].msg)
			nwant++;
		expect_errors(&f, c->want, nwant, __LINE__);
		if (f.d.count != nwant || f.rc != -1)
			printf("  (case %zu: %s)\n", i, c->want[0].msg);
		fx_dispose(&f);
		free(text);
	}
}

static void test_whole_shape(void)
{
	struct fx f;
	fx_load(&f, FILE_2021, "nam: 2021\n");
	struct want missing[] = {
		{1, "nam", "missing key \"tieu_de\" (the title of the results)"},
		{1, "nam", "missing key \"xep_loai\" (the classification bands, "
		 "e.g. - {ten: Tốt, tu: 80})"},
		{1, "nam", "missing key \"bo_tieu_chi\" (the criteria set of each "
		 "group)"},
		{1, "nam", "missing key \"don_vi\" (the units and their points)"},
	};
	expect_errors(&f, missing, 4, __LINE__);
	fx_dispose(&f);

	fx_load(&f, FILE_2021, "- nam: 2021\n");
	struct want list[] = {{1, "-", "score data must be a map with nam, "
			       "tieu_de, xep_loai, bo_tieu_chi and don_vi, not a "
			       "list"}};
	expect_errors(&f, list, 1, __LINE__);
	fx_dispose(&f);

	/* An empty file: the whole file is at fault (line 0). */
	fx_load(&f, FILE_2021, "");
	CHECK(f.rc == -1 && f.d.count == 1 && f.d.items[0].line == 0);
	CHECK_STR(f.d.count ? f.d.items[0].message : NULL, "score data must "
		  "be a map with nam, tieu_de, xep_loai, bo_tieu_chi and don_vi, "
		  "not nothing (null)");
	fx_dispose(&f);

	char *text = replace(base_yaml, "don_vi:\n", "don_vi: []\nx:\n");
	fx_load(&f, FILE_2021, text);
	struct want no_units[] = {
		{33, "[", "don_vi lists no unit"},
		{34, "x", "unknown key \"x\"; allowed keys: nam, tieu_de, co_quan, "
		 "trang_thai, quyet_dinh, dinh_chinh, lam_tron, xep_loai, bo_tieu_chi, don_vi"},
	};
	expect_errors(&f, no_units, 2, __LINE__);
	fx_dispose(&f);
	free(text);

	/* Without criteria sets, each unit's group is reported, once. */
	text = replace(base_yaml, "bo_tieu_chi:\n  xa:", "bo_tieu_chi: []\nxa:");
	fx_load(&f, FILE_2021, text);
	struct want no_sets[] = {
		{10, "[", "bo_tieu_chi must be a map of group id to criteria set, "
		 "not a list"},
		{11, "xa", "unknown key \"xa\"; allowed keys: nam, tieu_de, "
		 "co_quan, trang_thai, quyet_dinh, dinh_chinh, lam_tron, xep_loai, bo_tieu_chi, don_vi"},
		{36, "xa", "group \"xa\" has no criteria set; the sets are: (none)"},
		{42, "xa", "group \"xa\" has no criteria set; the sets are: (none)"},
	};
	expect_errors(&f, no_sets, 4, __LINE__);
	fx_dispose(&f);
	free(text);
}

/* Several unrelated mistakes: one run reports each, and nothing else. */
static void test_all_in_one_run(void)
{
	char *t1 = replace(base_yaml, "\"1.2\": 2.75}", "\"1.2\": 3.5}");
	char *t2 = replace(t1, "    nhom: xa\n    tham_dinh:",
			   "    nhom: xaa\n    tham_dinh:");
	char *t3 = replace(t2, "  - {ten: Khá, tu: 70}", "  - {ten: Khá, tu: 85}");
	char *t4 = replace(t3, "tieu_de: Kết quả thử", "tieu_de: Kết quả thử\n"
			   "tham_dinhh: 1");
	struct fx f;
	fx_load(&f, FILE_2021, t4);
	struct want want[] = {
		{3, "tham_dinhh", "unknown key \"tham_dinhh\"; allowed keys: nam, "
		 "tieu_de, co_quan, trang_thai, quyet_dinh, dinh_chinh, lam_tron, xep_loai, bo_tieu_chi, "
		 "don_vi"},
		{9, "85", "band Khá (tu 85) must start below the band before it, "
		 "Tốt (tu 80): list the bands from the highest down"},
		{39, "3.5", "score 3.5 is above the maximum 3 of criterion 1.2 "
		 "(Chế độ báo cáo)"},
		{43, "xaa", "group \"xaa\" has no criteria set; the sets are: xa"},
	};
	expect_errors(&f, want, 4, __LINE__);
	fx_dispose(&f);
	free(t1);
	free(t2);
	free(t3);
	free(t4);
}

/* Trailing zeros beyond the thousandth are exact, so they are fine. */
static void test_trailing_zeros(void)
{
	char *text = replace(base_yaml, "      \"1.1.2\": 2\n",
			     "      \"1.1.2\": 1.5000000\n");
	struct fx f;
	fx_load(&f, FILE_2021, text);
	expect_clean(&f, __LINE__);
	CHECK(f.ds && f.ds->units[1].total == 15500);
	fx_dispose(&f);
	free(text);
}

/* Many units, all tied and then all named twice: every one ranks 1 in file
 * order, then every repeat is reported once, each against its first. */
static void test_many_units(void)
{
	enum { N = 5000 };
	struct buf b;
	buf_init(&b);
	const char *units = strstr(base_yaml, "don_vi:\n");
	buf_put(&b, base_yaml, (size_t)(units - base_yaml) + 8);
	for (int i = 0; i < N; i++)
		buf_printf(&b, "  - {ma: u%d, ten: U, nhom: xa, dtxhh: {\"2.1\": 10}, "
			   "tham_dinh: {\"1.1.1\": 1, \"1.1.2\": 2, \"1.2\": 3}}\n", i);
	struct fx f;
	fx_load(&f, FILE_2021, b.data);
	expect_clean(&f, __LINE__);
	bool all_first = f.ds && f.ds->groups[0].nranked == N;
	for (size_t i = 0; all_first && i < N; i++)
		all_first = f.ds->units[i].rank == 1 &&
			    f.ds->groups[0].order[i] == i;
	CHECK(all_first);
	fx_dispose(&f);
	char *list = xstrdup(b.data + (units - base_yaml) + 8);
	buf_puts(&b, list);
	free(list);
	fx_load(&f, FILE_2021, b.data);
	CHECK(f.rc == -1 && f.d.count == N);
	CHECK_STR(f.d.count ? f.d.items[N - 1].message : NULL,
		  "unit code \"u999\" is already used at line 1033");
	fx_dispose(&f);
	buf_dispose(&b);
}

/* ---- computation ---------------------------------------------------- */

/* Criteria set "x" (and "k"): appraised area 1 (60) + survey area 2 (40). */
#define SET(id) \
	"  " id ":\n" \
	"    ten: Bộ thử\n" \
	"    tong_diem: 100\n" \
	"    linh_vuc:\n" \
	"      - ma: \"1\"\n" \
	"        ten: Thẩm định\n" \
	"        max: 60\n" \
	"        tieu_chi:\n" \
	"          - {ma: \"1.1\", ten: A, max: 16}\n" \
	"          - {ma: \"1.2\", ten: B, max: 5}\n" \
	"          - {ma: \"1.3\", ten: C, max: 16}\n" \
	"          - {ma: \"1.4\", ten: D, max: 8}\n" \
	"          - {ma: \"1.5\", ten: E, max: 15}\n" \
	"      - ma: \"2\"\n" \
	"        ten: Khảo sát\n" \
	"        max: 40\n" \
	"        nguon: dtxhh\n" \
	"        tieu_chi:\n" \
	"          - {ma: \"2.1\", ten: F, max: 13}\n" \
	"          - {ma: \"2.2\", ten: G, max: 13}\n" \
	"          - {ma: \"2.3\", ten: H, max: 14}\n"

#define HEAD(year) \
	"nam: " year "\n" \
	"tieu_de: Thử tính toán\n" \
	"xep_loai:\n" \
	"  - {ten: Tốt, tu: 80}\n" \
	"  - {ten: Khá, tu: 70}\n" \
	"  - {ten: Trung bình, tu: 60}\n" \
	"  - {ten: Yếu, tu: 0}\n"

#define UNIT(ma, ten, g, a1, a2, a3, a4, a5, s1, s2, s3) \
	"  - ma: " ma "\n" \
	"    ten: " ten "\n" \
	"    nhom: " g "\n" \
	"    tham_dinh: {\"1.1\": " a1 ", \"1.2\": " a2 ", \"1.3\": " a3 \
	", \"1.4\": " a4 ", \"1.5\": " a5 "}\n" \
	"    dtxhh: {\"2.1\": " s1 ", \"2.2\": " s2 ", \"2.3\": " s3 "}\n"

/* Hand-checked: totals, indexes (2 decimals), ranks and classes.
 *   r  15+5+15+8+14 + 11+11+11                      = 90      90.00 #2
 *   p  15.24+4.34+15.3+7.68+12.09 + 12.71+12.65+8.49 = 88.5   88.50 #3
 *   q  16+5+14.5+8+12 + 13+12+8                     = 88.5    88.50 #3
 *   t  as p but 8.115 at 2.3                        = 88.125  88.13 #5
 *   u  14+4+14+6+12 + 10+10+10                      = 80      80.00 #6
 *   u2 as u but 11.995 at 1.5                       = 79.995  80.00 #6
 *   u3 as u but 11.994 at 1.5                       = 79.994  79.99 #9 Khá
 *   v  1.2 not applicable: 46 + 30 = 76 of 95       = 80.00 exactly #6
 *   w  95, xep_hang false                           = 95.00 no rank
 *   x  70 + 2 bonus - 0.5 penalty                   = 71.5    71.50 #10 Khá
 *   y  99.5 + 2 bonus, kept at the maximum          = 100     100.00 #1
 *   z  0.5 - 2 penalty, kept at 0                   = 0       0.00 #11 Yếu */
static const char calc_yaml[] =
	HEAD("2021")
	"bo_tieu_chi:\n" SET("x") SET("k")
	"don_vi:\n"
	UNIT("r", "'Đơn vị \"r\", thử'", "x", "15", "5", "15", "8", "14",
	     "11", "11", "11")
	"    nam_truoc: {chi_so: 10, xep_hang: 20}\n"
	UNIT("p", "P", "x", "15.24", "4.34", "15.3", "7.68", "12.09",
	     "12.71", "12.65", "8.49")
	"    tu_danh_gia: {\"1.1\": 16, \"1.2\": 5, \"1.3\": 16}\n"
	UNIT("q", "Q", "x", "16", "5", "14.5", "8", "12", "13", "12", "8")
	UNIT("t", "T", "x", "15.24", "4.34", "15.3", "7.68", "12.09",
	     "12.71", "12.65", "8.115")
	UNIT("u", "U", "x", "14", "4", "14", "6", "12", "10", "10", "10")
	UNIT("u2", "U2", "x", "14", "4", "14", "6", "11.995", "10", "10", "10")
	UNIT("u3", "U3", "x", "14", "4", "14", "6", "11.994", "10", "10", "10")
	"  - ma: v\n"
	"    ten: V\n"
	"    nhom: x\n"
	"    tham_dinh: {\"1.1\": 14, \"1.3\": 14, \"1.4\": 6, \"1.5\": 12}\n"
	"    dtxhh: {\"2.1\": 10, \"2.2\": 10, \"2.3\": 10}\n"
	"    khong_ap_dung: [\"1.2\"]\n"
	UNIT("w", "W", "x", "16", "5", "16", "8", "15", "13", "13", "9")
	"    xep_hang: false\n"
	UNIT("x", "X", "x", "12", "3", "12", "6", "10", "9", "9", "9")
	"    diem_thuong: 2\n"
	"    diem_tru: 0.5\n"
	"    ghi_chu: Thưởng sáng kiến; trừ vì báo cáo muộn\n"
	UNIT("y", "Y", "x", "16", "5", "16", "8", "15", "13", "13", "13.5")
	"    diem_thuong: 2\n"
	"    ghi_chu: Thưởng\n"
	"    nam_truoc: {chi_so: 95.5, xep_hang: 4}\n"
	UNIT("z", "Z", "x", "0.5", "0", "0", "0", "0", "0", "0", "0")
	"    diem_tru: 2\n"
	"    ghi_chu: Trừ\n";

static const struct scores_unit *unit(const struct scores_dataset *d,
				      const char *code)
{
	for (size_t i = 0; d && i < d->nunits; i++)
		if (strcmp(d->units[i].code, code) == 0)
			return &d->units[i];
	return NULL;
}

struct calc_row {
	const char *code;
	int64_t total, max, index;
	size_t rank, band;
};

static const struct calc_row calc_rows[] = {
	{"r", 90000, 100000, 90000, 2, 0},
	{"p", 88500, 100000, 88500, 3, 0},
	{"q", 88500, 100000, 88500, 3, 0},
	{"t", 88125, 100000, 88130, 5, 0},
	{"u", 80000, 100000, 80000, 6, 0},
	{"u2", 79995, 100000, 80000, 6, 0},
	{"u3", 79994, 100000, 79990, 9, 1},
	{"v", 76000, 95000, 80000, 6, 0},
	{"w", 95000, 100000, 95000, 0, 0},
	{"x", 71500, 100000, 71500, 10, 1},
	{"y", 100000, 100000, 100000, 1, 0},
	{"z", 0, 100000, 0, 11, 3},
};

static void test_calc_rows(const struct scores_dataset *d)
{
	for (size_t i = 0; i < sizeof calc_rows / sizeof calc_rows[0]; i++) {
		const struct calc_row *w = &calc_rows[i];
		const struct scores_unit *u = unit(d, w->code);
		int ok = u && u->total == w->total && u->max == w->max &&
			 u->index == w->index && u->rank == w->rank &&
			 u->band == w->band;
		if (!CHECK(ok) && u)
			printf("  %s: total %lld max %lld index %lld rank %zu "
			       "band %zu\n", w->code, (long long)u->total,
			       (long long)u->max, (long long)u->index, u->rank,
			       u->band);
	}
}

static void test_calc(void)
{
	/* Summed as doubles in leaf order, p's points miss 88.5. */
	double leaves[] = {15.24, 4.34, 15.3, 7.68, 12.09, 12.71, 12.65, 8.49};
	double sum = 0;
	for (size_t i = 0; i < 8; i++)
		sum += leaves[i];
	CHECK(sum != 88.5 && sum > 88.49999 && sum < 88.5);

	struct fx f;
	fx_load(&f, FILE_2021, calc_yaml);
	expect_clean(&f, __LINE__);
	const struct scores_dataset *d = f.ds;
	if (!d) {
		fx_dispose(&f);
		return;
	}
	test_calc_rows(d);
	const struct scores_unit *p = unit(d, "p"), *v = unit(d, "v");
	const struct scores_unit *x = unit(d, "x"), *y = unit(d, "y");
	/* p's areas: 54.65 of 60 = 91.083 -> 91.08; 33.85 of 40 = 84.625 ->
	 * 84.63 (half up). */
	CHECK(p->area_points[0] == 54650 && p->area_index[0] == 91080);
	CHECK(p->area_points[1] == 33850 && p->area_index[1] == 84630);
	CHECK(p->self_sum == 37000 && p->points[0].has_self);
	CHECK(!p->points[3].has_self);
	/* v: 46 of 55 = 83.636 -> 83.64; the whole 40 of area 2 stays. */
	CHECK(v->area_max[0] == 55000 && v->area_index[0] == 83640);
	CHECK(v->area_max[1] == 40000 && v->points[1].not_applicable);
	CHECK(scores_node_max(v, &d->groups[0].areas[0].children[1]) == 0);
	CHECK(x->points_sum == 70000 && x->bonus == 2000 && x->penalty == 500);
	CHECK_STR(x->note, "Thưởng sáng kiến; trừ vì báo cáo muộn");
	CHECK(y->points_sum == 99500 && y->total == 100000);
	CHECK_STR(scores_unit_band_name(d, x), "Khá");

	const struct scores_group *g = &d->groups[0];
	const char *order[] = {"y", "r", "p", "q", "t", "u", "u2", "v", "u3",
			       "x", "z", "w"};
	CHECK(g->nunits == 12 && g->nranked == 11);
	for (size_t i = 0; i < 12 && i < g->nunits; i++)
		CHECK_STR(d->units[g->order[i]].code, order[i]);
	/* Tốt 9 (w counts though unranked), Khá 2, Trung bình 0, Yếu 1. */
	CHECK(g->band_counts[0] == 9 && g->band_counts[1] == 2);
	CHECK(g->band_counts[2] == 0 && g->band_counts[3] == 1);
	CHECK(g->unclassed == 0);
	/* Mean of the 12 indexes: 941.62 / 12 = 78.468... -> 78.47. */
	CHECK(g->has_mean && g->mean_index == 78470);
	CHECK_STR(d->units[g->best].code, "y");
	CHECK_STR(d->units[g->worst].code, "z");
	/* The empty group "k" has no mean, best or worst. */
	CHECK(d->groups[1].nunits == 0 && !d->groups[1].has_mean);
	CHECK(d->groups[1].best == SCORES_NONE);
	fx_dispose(&f);
}

/* lam_tron changes the rounding, and with it ties and classes. */
static void test_calc_decimals(void)
{
	char *text = replace(calc_yaml, "tieu_de: Thử tính toán\n",
			     "tieu_de: Thử tính toán\nlam_tron: 0\n");
	struct fx f;
	fx_load(&f, FILE_2021, text);
	expect_clean(&f, __LINE__);
	if (f.ds) {
		CHECK(unit(f.ds, "t")->index == 88000);   /* 88.125 -> 88 */
		CHECK(unit(f.ds, "p")->index == 89000);   /* 88.5 -> 89, half up */
		CHECK(unit(f.ds, "u3")->index == 80000);  /* 79.994 -> 80: Tốt */
		CHECK(unit(f.ds, "u3")->band == 0 && unit(f.ds, "u3")->rank == 6);
		CHECK(unit(f.ds, "t")->rank == 5 && unit(f.ds, "x")->index == 72000);
	}
	fx_dispose(&f);
	free(text);

	text = replace(calc_yaml, "tieu_de: Thử tính toán\n",
		       "tieu_de: Thử tính toán\nlam_tron: 3\n");
	fx_load(&f, FILE_2021, text);
	expect_clean(&f, __LINE__);
	if (f.ds) {
		CHECK(unit(f.ds, "t")->index == 88125);
		CHECK(unit(f.ds, "u2")->index == 79995);  /* now below 80: Khá */
		CHECK(unit(f.ds, "u2")->band == 1);
		CHECK(unit(f.ds, "u")->rank == 6 && unit(f.ds, "v")->rank == 6);
		CHECK(unit(f.ds, "u2")->rank == 8);
	}
	fx_dispose(&f);
	free(text);
}

/* ---- change against last year --------------------------------------- */

/* 2020: x ranks p 90 (#1), r 86.68 (#2), z 50 (#3), gone 40 (#4); w 90
 * unranked; u 70 is #1 of group k. */
static const char prev_yaml[] =
	HEAD("2020")
	"bo_tieu_chi:\n" SET("x") SET("k")
	"don_vi:\n"
	UNIT("p", "P", "x", "15", "5", "15", "8", "14", "11", "11", "11")
	UNIT("r", "R", "x", "15", "5", "15", "8", "14", "11", "11", "7.68")
	UNIT("z", "Z", "x", "10", "3", "10", "5", "10", "4", "4", "4")
	UNIT("gone", "Gone", "x", "10", "3", "10", "5", "10", "1", "1", "0")
	UNIT("w", "W", "x", "15", "5", "15", "8", "14", "11", "11", "11")
	"    xep_hang: false\n"
	UNIT("u", "U", "k", "12", "3", "12", "6", "10", "9", "9", "9");

static void expect_change(const struct scores_dataset *d, const char *code,
			  bool has, int64_t delta, bool has_places, long places,
			  int src_line)
{
	const struct scores_unit *u = unit(d, code);
	const struct scores_change *c = u ? &u->change : NULL;
	int ok = c && c->has == has && (!has || c->index_delta == delta) &&
		 c->has_places == has_places &&
		 (!has_places || c->places == places);
	if (!check_report(ok, code, __FILE__, src_line) && c)
		printf("  %s: has %d delta %lld has_places %d places %ld\n",
		       code, c->has, (long long)c->index_delta, c->has_places,
		       c->places);
}

static void test_change(void)
{
	struct fx now, prev, other;
	fx_load(&now, FILE_2021, calc_yaml);
	fx_load(&prev, "content/scores/thu-2020.yaml", prev_yaml);
	expect_clean(&now, __LINE__);
	expect_clean(&prev, __LINE__);
	if (!now.ds || !prev.ds)
		goto out;
	/* Before linking: from nam_truoc only. */
	expect_change(now.ds, "r", true, 80000, true, 18, __LINE__);
	expect_change(now.ds, "p", false, 0, false, 0, __LINE__);

	const struct scores_dataset *all[] = {prev.ds, now.ds};
	CHECK(scores_find_previous(all, 2, now.ds) == prev.ds);
	CHECK(scores_find_previous(all, 2, prev.ds) == NULL);
	CHECK(scores_link_previous(now.ds, prev.ds) == 0);
	/* Places among the units ranked in group x both years, p, r, z:
	 * 2020 p 90, r 86.68, z 50 (gone took the 4th place); 2021 r 90,
	 * p 88.5, z 0, with y, q, t, ... (new or from nam_truoc) between
	 * them taking no place. */
	expect_change(now.ds, "r", true, 3320, true, 1, __LINE__);
	expect_change(now.ds, "p", true, -1500, true, -1, __LINE__);
	expect_change(now.ds, "z", true, -50000, true, 0, __LINE__);
	expect_change(now.ds, "w", true, 5000, false, 0, __LINE__);
	/* u moved from group k: its index compares, its places do not. */
	expect_change(now.ds, "u", true, 10000, false, 0, __LINE__);
	/* y is not in 2020's file: its nam_truoc stands in. */
	expect_change(now.ds, "y", true, 4500, true, 3, __LINE__);
	expect_change(now.ds, "q", false, 0, false, 0, __LINE__);

	/* Linking again without a previous dataset goes back to nam_truoc. */
	CHECK(scores_link_previous(now.ds, NULL) == 0);
	expect_change(now.ds, "r", true, 80000, true, 18, __LINE__);
	expect_change(now.ds, "p", false, 0, false, 0, __LINE__);
	/* Not the year before, or another series: refused, nothing changed. */
	CHECK(scores_link_previous(prev.ds, now.ds) == -1);
	fx_load(&other, "content/scores/khac-2020.yaml", prev_yaml);
	CHECK(other.ds && scores_link_previous(now.ds, other.ds) == -1);
	expect_change(now.ds, "r", true, 80000, true, 18, __LINE__);
	const struct scores_dataset *mixed[] = {other.ds, now.ds};
	CHECK(scores_find_previous(mixed, 2, now.ds) == NULL);
	fx_dispose(&other);
out:
	fx_dispose(&now);
	fx_dispose(&prev);
}

/* ---- downloads ------------------------------------------------------ */

static int64_t num_of(const struct value *v)
{
	int64_t out = INT64_MIN;
	if (v && v->kind == VALUE_NUMBER)
		scores_parse_decimal(v->str, v->len, &out);
	return out;
}

/* index_delta as the page shows it: rounded to the dataset's decimals. */
static int64_t shown(int64_t v, int decimals)
{
	struct buf b;
	buf_init(&b);
	scores_format_dot(&b, v, decimals);
	int64_t out = INT64_MIN;
	scores_parse_decimal(b.data, b.len, &out);
	buf_dispose(&b);
	return out;
}

static bool json_unit_matches(const struct scores_dataset *d,
			      const struct scores_unit *u,
			      const struct value *j)
{
	const struct scores_group *g = &d->groups[u->group];
	const struct value *rank = value_map_get(j, "xep_hang");
	const struct value *band = value_map_get(j, "xep_loai");
	const struct value *areas = value_map_get(j, "linh_vuc");
	const struct value *chg = value_map_get(j, "thay_doi");
	bool ok = strcmp(value_map_get(j, "ma")->str, u->code) == 0 &&
		  strcmp(value_map_get(j, "ten")->str, u->name) == 0 &&
		  strcmp(value_map_get(j, "nhom")->str, g->id) == 0 &&
		  num_of(value_map_get(j, "tong_diem")) == u->total &&
		  num_of(value_map_get(j, "toi_da")) == u->max &&
		  num_of(value_map_get(j, "chi_so")) == u->index &&
		  (u->rank ? num_of(rank) == (int64_t)u->rank * SCORES_SCALE
			   : rank->kind == VALUE_NULL) &&
		  strcmp(band->str, scores_unit_band_name(d, u)) == 0 &&
		  areas->count == g->nareas;
	for (size_t i = 0; ok && i < g->nareas; i++)
		ok = num_of(value_map_get(areas, g->areas[i].code)) ==
		     u->area_points[i];
	if (!u->change.has && !u->change.has_places)
		return ok && chg->kind == VALUE_NULL;
	const struct value *places = value_map_get(chg, "bac");
	const struct value *index = value_map_get(chg, "chi_so");
	return ok && (u->change.has ? num_of(index) ==
				shown(u->change.index_delta, d->decimals)
				    : index->kind == VALUE_NULL) &&
	       (u->change.has_places
			? num_of(places) == u->change.places * SCORES_SCALE
			: places->kind == VALUE_NULL);
}

/* The JSON read back with libyaml (JSON is YAML's flow style), unit by
 * unit in table order. */
static void check_json(const struct scores_dataset *d)
{
	struct buf out;
	buf_init(&out);
	scores_write_json(&out, d);
	struct arena a;
	struct diag_list diags;
	arena_init(&a);
	diag_list_init(&diags);
	struct value *root = NULL;
	CHECK(yaml_load(&a, "t.json", out.data, out.len, 0, &diags, &root) == 0);
	const struct value *units = value_map_get(root, "don_vi");
	CHECK(num_of(value_map_get(root, "nam")) == d->year * SCORES_SCALE);
	CHECK(units && units->count == d->nunits);
	size_t k = 0;
	for (size_t gi = 0; units && gi < d->ngroups; gi++)
		for (size_t i = 0; i < d->groups[gi].nunits; i++, k++) {
			const struct scores_unit *u =
				&d->units[d->groups[gi].order[i]];
			if (!CHECK(k < units->count &&
				   json_unit_matches(d, u, units->items[k])))
				printf("  JSON unit %s differs\n", u->code);
		}
	diag_list_dispose(&diags);
	arena_dispose(&a);
	buf_dispose(&out);
}

/* RFC 4180 rows: fields[row][col], quotes undone. */
struct csv {
	char ***rows;
	size_t *ncols;
	size_t nrows;
};

static void csv_parse(struct csv *c, const char *s)
{
	memset(c, 0, sizeof *c);
	struct buf field;
	buf_init(&field);
	char **row = NULL;
	size_t ncols = 0;
	while (*s) {
		bool quoted = *s == '"';
		if (quoted)
			for (s++; *s && !(s[0] == '"' && s[1] != '"'); s++) {
				if (*s == '"')
					s++;
				buf_putc(&field, *s);
			}
		if (quoted && *s)
			s++;
		for (; *s && *s != ',' && *s != '\r'; s++)
			buf_putc(&field, *s);
		row = xreallocarray(row, ncols + 1, sizeof *row);
		row[ncols++] = buf_detach(&field);
		if (*s == ',') {
			s++;
			continue;
		}
		if (*s == '\r')
			s += s[1] == '\n' ? 2 : 1;
		c->rows = xreallocarray(c->rows, c->nrows + 1, sizeof *c->rows);
		c->ncols = xreallocarray(c->ncols, c->nrows + 1, sizeof *c->ncols);
		c->rows[c->nrows] = row;
		c->ncols[c->nrows++] = ncols;
		row = NULL;
		ncols = 0;
	}
	buf_dispose(&field);
}

static void csv_free(struct csv *c)
{
	for (size_t r = 0; r < c->nrows; r++) {
		for (size_t i = 0; i < c->ncols[r]; i++)
			free(c->rows[r][i]);
		free(c->rows[r]);
	}
	free(c->rows);
	free(c->ncols);
}

static int64_t cell_num(const char *s)
{
	int64_t v = INT64_MIN;
	scores_parse_decimal(s, strlen(s), &v);
	return v;
}

/* The text a download should hold for unit u under header h, worked
 * out from the unit's fields (not through the annex columns); NULL when
 * the header is not one of the group's. */
static const char *csv_want(struct buf *b, const struct scores_dataset *d,
			    const struct scores_unit *u, const char *h)
{
	const struct scores_group *g = &d->groups[u->group];
	buf_truncate(b, 0);
	const char *open = strstr(h, " (tối đa ");
	size_t label = open ? (size_t)(open - h) : strlen(h);
	for (size_t i = 0; i < g->nareas; i++) {
		char lv[256];
		snprintf(lv, sizeof lv, "LV %s. %s", g->areas[i].code,
			 g->areas[i].name);
		if (strlen(lv) == label && strncmp(h, lv, label) == 0) {
			if (u->area_max[i])
				scores_format_exact(b, u->area_points[i]);
			return b->data;
		}
	}
	struct { const char *name; int64_t v; } points[] = {
		{"Tự đánh giá", u->self_sum}, {"Thẩm định", u->appraised_sum},
		{"Điều tra XHH", u->survey_sum}, {"Điểm thưởng", u->bonus},
		{"Điểm trừ", u->penalty}, {"Tổng điểm", u->total},
		{"Tối đa", u->max},
	};
	for (size_t i = 0; i < sizeof points / sizeof points[0]; i++)
		if (strlen(points[i].name) == label &&
		    strncmp(h, points[i].name, label) == 0) {
			scores_format_exact(b, points[i].v);
			return b->data;
		}
	if (strcmp(h, "Mã") == 0)
		buf_puts(b, u->code);
	else if (strcmp(h, "Đơn vị") == 0)
		buf_puts(b, u->name);
	else if (strcmp(h, "Chỉ số (%)") == 0)
		scores_format_dot(b, u->index, d->decimals);
	else if (strcmp(h, "Xếp hạng") == 0 && u->rank)
		buf_printf(b, "%zu", u->rank);
	else if (strcmp(h, "Xếp loại") == 0)
		buf_puts(b, scores_unit_band_name(d, u));
	else if (strcmp(h, "Thay đổi chỉ số") == 0 && u->change.has)
		scores_format_dot(b, u->change.index_delta, d->decimals);
	else if (strcmp(h, "Thay đổi bậc") == 0 && u->change.has_places)
		buf_printf(b, "%ld", u->change.places);
	else if (strcmp(h, "Xếp hạng") && strcmp(h, "Thay đổi chỉ số") &&
		 strcmp(h, "Thay đổi bậc"))
		return NULL;
	return b->data;
}

/* The group whose area the k-th area column of the combined CSV holds:
 * the groups' areas come group by group. */
static size_t csv_area_group(const struct scores_dataset *d, size_t k)
{
	size_t gi = 0;
	while (gi < d->ngroups && k >= d->groups[gi].nareas)
		k -= d->groups[gi++].nareas;
	return gi;
}

/* Every cell of row against the header; in the combined CSV (wide) an
 * area header starts with its group's name and other groups' are empty. */
static bool csv_unit_matches(const struct scores_dataset *d,
			     const struct scores_unit *u, char **head,
			     char **row, size_t ncols, bool wide)
{
	const struct scores_group *g = &d->groups[u->group];
	struct buf b;
	buf_init(&b);
	bool ok = true;
	size_t areas = 0;
	for (size_t c = 0; ok && c < ncols; c++) {
		const char *h = head[c];
		if (wide && c == 0) {
			ok = strcmp(row[0], g->khoi) == 0;
			continue;
		}
		const char *colon = wide ? strstr(h, ": LV ") : NULL;
		if (colon) {
			size_t gi = csv_area_group(d, areas++);
			ok = gi < d->ngroups && strncmp(h, d->groups[gi].khoi,
				strlen(d->groups[gi].khoi)) == 0;
			if (ok && gi != u->group) {
				ok = row[c][0] == '\0';
				continue;
			}
		}
		const char *want = csv_want(&b, d, u, colon ? colon + 2 : h);
		ok = ok && want && strcmp(want, row[c]) == 0;
		if (!ok)
			printf("  %s under \"%s\": \"%s\", want \"%s\"\n",
			       u->code, h, row[c], want ? want : "(no column)");
	}
	buf_dispose(&b);
	return ok;
}

/* The header cell's label without a group's name before it. */
static const char *csv_label(const char *h)
{
	const char *lv = strstr(h, ": LV ");
	return lv ? lv + 2 : h;
}

static bool csv_is(const char *h, const char *label)
{
	return strncmp(csv_label(h), label, strlen(label)) == 0;
}

/* The sums of a CSV row add up: the areas to appraised + survey, and
 * that with bonus and penalty to the total (kept within [0, max]). */
static bool csv_row_adds_up(char **head, char **row, size_t ncols)
{
	int64_t areas = 0, parts = 0, adjust = 0, total = INT64_MIN, max = 0;
	for (size_t c = 0; c < ncols; c++) {
		int64_t v = row[c][0] ? cell_num(row[c]) : 0;
		if (csv_is(head[c], "LV "))
			areas += v;
		else if (csv_is(head[c], "Thẩm định") ||
			 csv_is(head[c], "Điều tra XHH"))
			parts += v;
		else if (csv_is(head[c], "Điểm thưởng"))
			adjust += v;
		else if (csv_is(head[c], "Điểm trừ"))
			adjust -= v;
		else if (csv_is(head[c], "Tổng điểm"))
			total = v;
		else if (strcmp(head[c], "Tối đa") == 0)
			max = v;
	}
	int64_t sum = parts + adjust;
	return areas == parts && total == (sum < 0 ? 0 : sum > max ? max : sum);
}

/* The CSV of group gi, or the combined one (gi == SCORES_NONE), read
 * back: a header of want (cells joined by '|'), a row per unit in table
 * order matching the unit's fields, every row adding up. */
static void check_csv(const struct scores_dataset *d, size_t gi,
		      const char *want)
{
	struct buf out;
	buf_init(&out);
	bool wide = gi == SCORES_NONE;
	if (wide)
		scores_write_csv(&out, d);
	else
		scores_write_csv_group(&out, d, gi);
	CHECK(strncmp(out.data, "\xEF\xBB\xBF", 3) == 0);
	struct csv c;
	csv_parse(&c, out.data + 3);
	size_t units = wide ? d->nunits : d->groups[gi].nunits;
	CHECK(c.nrows == units + 1);
	struct buf head;
	buf_init(&head);
	for (size_t i = 0; c.nrows && i < c.ncols[0]; i++)
		buf_printf(&head, "%s%s", i ? "|" : "", c.rows[0][i]);
	if (want)
		CHECK_STR(head.data, want);
	size_t r = 1;
	for (size_t g = wide ? 0 : gi; g < (wide ? d->ngroups : gi + 1); g++)
		for (size_t i = 0; i < d->groups[g].nunits && r < c.nrows;
		     i++, r++) {
			const struct scores_unit *u =
				&d->units[d->groups[g].order[i]];
			if (!CHECK(c.ncols[r] == c.ncols[0] &&
				   csv_unit_matches(d, u, c.rows[0], c.rows[r],
						    c.ncols[r], wide) &&
				   csv_row_adds_up(c.rows[0], c.rows[r],
						   c.ncols[r])))
				printf("  CSV row %zu (%s) differs\n", r, u->code);
		}
	csv_free(&c);
	buf_dispose(&head);
	buf_dispose(&out);
}

/* The header the calculation fixture's groups have in their CSV. */
#define CALC_HEAD "Mã|Đơn vị|LV 1. Thẩm định (tối đa 60)|" \
	"LV 2. Khảo sát (tối đa 40)|Tự đánh giá (tối đa 60)|" \
	"Thẩm định (tối đa 60)|Điều tra XHH (tối đa 40)|Điểm thưởng|" \
	"Điểm trừ|Tổng điểm (tối đa 100)|Tối đa|Chỉ số (%)|Xếp hạng|" \
	"Xếp loại|Thay đổi chỉ số|Thay đổi bậc"

static void test_downloads(void)
{
	struct fx now, prev;
	fx_load(&now, FILE_2021, calc_yaml);
	fx_load(&prev, "content/scores/thu-2020.yaml", prev_yaml);
	if (CHECK(now.ds && prev.ds)) {
		scores_link_previous(now.ds, prev.ds);
		check_json(now.ds);
		check_csv(now.ds, 0, CALC_HEAD);
		check_csv(now.ds, SCORES_NONE, "Nhóm|Mã|Đơn vị|"
			  "Bộ thử: LV 1. Thẩm định (tối đa 60)|"
			  "Bộ thử: LV 2. Khảo sát (tối đa 40)|"
			  "Bộ thử: LV 1. Thẩm định (tối đa 60)|"
			  "Bộ thử: LV 2. Khảo sát (tối đa 40)|"
			  "Tự đánh giá|Thẩm định|Điều tra XHH|Điểm thưởng|"
			  "Điểm trừ|Tổng điểm|Tối đa|Chỉ số (%)|Xếp hạng|"
			  "Xếp loại|Thay đổi chỉ số|Thay đổi bậc");
		struct buf out;
		buf_init(&out);
		scores_write_csv_group(&out, now.ds, 0);
		/* r's name holds a quote and a comma: quoted, quote doubled. */
		CHECK(strstr(out.data, "\r\nr,\"Đơn vị \"\"r\"\", thử\","
			     "57,33,0,57,33,0,0,90,100,90.00,2,Tốt,3.32,1\r\n")
		      != NULL);
		/* p claimed 37 on the leaves it was appraised 34.88 on */
		CHECK(strstr(out.data, "\r\np,P,54.65,33.85,37,54.65,33.85,0,0,"
			     "88.5,100,88.50,3,") != NULL);
		/* x: 43 + 27 + 2 - 0.5 = 71.5, the total the row shows */
		CHECK(strstr(out.data, "\r\nx,X,43,27,0,43,27,2,0.5,71.5,100,"
			     "71.50,10,Khá,") != NULL);
		buf_truncate(&out, 0);
		scores_write_json(&out, now.ds);
		CHECK(strstr(out.data, "{\"ma\": \"r\", \"ten\": \"Đơn vị \\\"r\\\", "
			     "thử\", \"nhom\": \"x\", \"tong_diem\": 90, "
			     "\"toi_da\": 100, \"chi_so\": 90.00, \"xep_hang\": 2, "
			     "\"xep_loai\": \"Tốt\", \"linh_vuc\": {\"1\": 57, "
			     "\"2\": 33}, \"tu_danh_gia\": 0, \"tham_dinh\": 57, "
			     "\"dtxhh\": 33, \"diem_thuong\": 0, \"diem_tru\": 0, "
			     "\"thay_doi\": {\"chi_so\": 3.32, "
			     "\"bac\": 1}}") != NULL);
		CHECK(strstr(out.data, "\"x\": {\"ten\": \"Bộ thử\", \"khoi\": "
			     "\"Bộ thử\", \"tong_diem\": 100, \"linh_vuc\": "
			     "[{\"ma\": \"1\", \"ten\": \"Thẩm định\", \"max\": 60}, "
			     "{\"ma\": \"2\", \"ten\": \"Khảo sát\", \"max\": 40}], "
			     "\"cot\": [{\"khoa\": \"ma\", \"ten\": \"Mã\", "
			     "\"tieu_de\": \"Mã\", \"max\": null}") != NULL);
		CHECK(strstr(out.data, "\"ma\": \"w\"") &&
		      strstr(out.data, "\"xep_hang\": null, \"xep_loai\": \"Tốt\""));
		CHECK(strstr(out.data, "\"thay_doi\": {\"chi_so\": 5.00, "
			     "\"bac\": null}") != NULL);
		buf_dispose(&out);
	}
	fx_dispose(&now);
	fx_dispose(&prev);
}

/* Criteria sets compared node by node: maxima, and codes through ma_cu. */
static void test_criteria_diff(void)
{
	/* last year 1.1 was worth 15 and 1.2 6 (set x only) */
	char *moved = replace(prev_yaml, "{ma: \"1.1\", ten: A, max: 16}",
			      "{ma: \"1.1\", ten: A, max: 15}");
	char *both = replace(moved, "{ma: \"1.2\", ten: B, max: 5}",
			     "{ma: \"1.2\", ten: B, max: 6}");
	struct fx now, then;
	fx_load(&now, FILE_2021, calc_yaml);
	fx_load(&then, "content/scores/thu-2020.yaml", both);
	expect_clean(&then, __LINE__);
	if (now.ds && then.ds) {
		struct scores_difference diff[4];
		const struct scores_group *g = &now.ds->groups[0];
		CHECK(scores_criteria_diff(g, &then.ds->groups[0], diff, 4) == 2);
		CHECK(diff[0].kind == SCORES_DIFF_MAX && diff[0].then->max == 15000
		      && diff[0].now->max == 16000);
		CHECK(diff[1].kind == SCORES_DIFF_MAX &&
		      strcmp(diff[1].then->code, "1.2") == 0 &&
		      diff[1].then->max == 6000);
		CHECK(scores_criteria_diff(&now.ds->groups[1],
					   &then.ds->groups[1], NULL, 0) == 0);
		/* against last year the set x changed, k did not: index of
		 * x's units does not compare, their places do */
		CHECK(scores_link_previous(now.ds, then.ds) == 0);
		CHECK(!g->same_criteria && now.ds->groups[1].same_criteria);
		expect_change(now.ds, "r", false, 0, true, 1, __LINE__);
		CHECK(unit(now.ds, "r")->change.why == SCORES_WHY_CRITERIA);
		check_json(now.ds);
	}
	fx_dispose(&now);
	fx_dispose(&then);
	free(moved);
	free(both);
}

/* ---- the sample data ------------------------------------------------ */

static char *read_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	struct buf b;
	buf_init(&b);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_put(&b, chunk, n);
	fclose(fp);
	return buf_detach(&b);
}

static bool sample_load(struct fx *f, const char *path)
{
	char *text = read_file(path);
	fx_load(f, path, text ? text : "");
	if (!CHECK(text != NULL)) {
		printf("  cannot read %s (run from the repository's root)\n", path);
		return false;
	}
	free(text);
	expect_clean(f, __LINE__);
	return f->ds != NULL;
}

static const struct scores_group *group_of(const struct scores_dataset *d,
					   const char *id)
{
	for (size_t i = 0; i < d->ngroups; i++)
		if (strcmp(d->groups[i].id, id) == 0)
			return &d->groups[i];
	return NULL;
}

/* The properties the sample must show: every rule at work. */
static void check_sample(const struct scores_dataset *d)
{
	const struct scores_group *xa = group_of(d, "xa"), *ph = group_of(d, "phong");
	CHECK(xa && ph && d->ngroups == 2 && d->nunits == 33);
	CHECK(xa && xa->nunits == 21 && ph && ph->nunits == 12);
	CHECK(unit(d, "me") && unit(d, "lien-son") && unit(d, "noi-vu"));
	bool tie = false, edge = false, na = false, unranked = false;
	bool bonus = false, penalty = false, survey = false, sub = false;
	for (size_t i = 0; i < d->nunits; i++) {
		const struct scores_unit *u = &d->units[i];
		const struct scores_group *g = &d->groups[u->group];
		edge |= u->index == 80000 && u->band == 0;
		unranked |= !u->ranked && u->rank == 0 && u->band != SCORES_NONE;
		bonus |= u->bonus > 0 && u->note[0];
		penalty |= u->penalty > 0 && u->note[0];
		for (size_t k = 0; k < g->nleaves; k++)
			na |= u->points[k].not_applicable;
		for (size_t j = 0; j < d->nunits; j++)
			tie |= j != i && u->rank && d->units[j].rank == u->rank &&
			       d->units[j].group == u->group;
	}
	for (size_t gi = 0; gi < d->ngroups; gi++)
		for (size_t k = 0; k < d->groups[gi].nleaves; k++) {
			survey |= d->groups[gi].leaves[k]->source == SCORES_SURVEY;
			sub |= d->groups[gi].leaves[k]->level == SCORES_SUB;
		}
	CHECK(tie);
	CHECK(edge);
	CHECK(na);
	CHECK(unranked);
	CHECK(bonus);
	CHECK(penalty);
	CHECK(survey && sub);
	CHECK(d->decision.number && d->decision.date);
}

static void test_sample(void)
{
	struct fx f2020, f2021;
	bool ok20 = sample_load(&f2020, "content/scores/cchc-2020.yaml");
	bool ok21 = sample_load(&f2021, "content/scores/cchc-2021.yaml");
	if (ok20 && ok21) {
		check_sample(f2020.ds);
		check_sample(f2021.ds);
		CHECK(f2021.ds->year == 2021 && f2020.ds->year == 2020);
		const struct scores_dataset *all[] = {f2021.ds, f2020.ds};
		CHECK(scores_find_previous(all, 2, f2021.ds) == f2020.ds);
		CHECK(scores_link_previous(f2021.ds, f2020.ds) == 0);
		size_t changed = 0, places = 0;
		for (size_t i = 0; i < f2021.ds->nunits; i++) {
			changed += f2021.ds->units[i].change.has;
			places += f2021.ds->units[i].change.has_places;
		}
		CHECK(changed == f2021.ds->nunits);
		CHECK(places > 0 && places < f2021.ds->nunits);
		check_json(f2021.ds);
		check_csv(f2021.ds, SCORES_NONE, NULL);
		for (size_t gi = 0; gi < f2021.ds->ngroups; gi++)
			check_csv(f2021.ds, gi, NULL);
		const struct scores_group *ph = group_of(f2021.ds, "phong");
		CHECK(ph && strcmp(ph->columns[7].header, "LV 6. Hiện đại hóa "
				   "hành chính (tối đa 22)") == 0);
	}
	fx_dispose(&f2020);
	fx_dispose(&f2021);
}

int main(void)
{
	test_parse_decimal();
	test_format();
	test_base();
	test_criteria_diff();
	test_status();
	test_error_cases();
	test_whole_shape();
	test_all_in_one_run();
	test_trailing_zeros();
	test_many_units();
	test_calc();
	test_calc_decimals();
	test_change();
	test_downloads();
	test_sample();
	return check_done();
}
