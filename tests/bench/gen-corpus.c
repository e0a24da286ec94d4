/* gen-corpus: the benchmark corpus of issue 5, the same for congbo and Hugo.
 *
 *     gen-corpus N DIR [REPEATS]
 *
 * writes N articles of Vietnamese administrative news (300-1,500 words,
 * real diacritics; front matter title, date 2015-2025 at +07:00, author,
 * categories from 8, tags from 60, summary, slug, a few drafts; Markdown
 * headings, lists, emphasis, links within the site and outside, images) as
 *
 *     DIR/congbo/content/site.yaml            congbo portal (theme: bench)
 *     DIR/congbo/content/posts/YYYY/SLUG.md
 *     DIR/congbo/content/images/bench/anh-K.svg  the few shared images
 *     DIR/hugo/config.toml                    Hugo site (theme = "bench")
 *     DIR/hugo/content/posts/YYYY/SLUG.md     the very same bytes
 *     DIR/hugo/content/categories/T/_index.md ASCII URLs and feeds for terms
 *     DIR/hugo/content/tags/T/_index.md
 *     DIR/hugo/static/images/bench/anh-K.svg
 *     DIR/bodies.md                           every body, for the cmark floor
 *     DIR/changed.txt                         the article the bench edits
 *
 * With REPEATS, that many articles (spread evenly) take one of five titles
 * a portal repeats every week or month ("Lịch công tác tuần" ...) and no
 * slug: line, so they share URLs within a year (tests/bench/recurring.sh);
 * every other byte is as without.
 *
 * The themes are copied in by run.sh.  Deterministic: a fixed seed, one
 * random stream per article (article i is the same bytes whatever N is, so
 * the 10,000 corpus is a prefix of the 100,000 one), no clock, no locale.
 * Bump GEN_VERSION when the output changes: run.sh keys its cache on it. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define GEN_VERSION 1
#define SEED 0x636f6e67626fULL /* "congbo" */
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- random numbers: splitmix64, one stream per article ---- */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned rnd(unsigned n) /* 0 .. n-1 */
{
	return (unsigned)((rng_next() >> 11) % n);
}

static unsigned between(unsigned lo, unsigned hi) /* lo .. hi */
{
	return lo + rnd(hi - lo + 1);
}

#define PICK(a) ((a)[rnd(COUNT(a))])

/* ---- a growable text buffer ---- */

struct buf {
	char *p;
	size_t len, cap;
};

static void die(const char *what)
{
	fprintf(stderr, "gen-corpus: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void put_len(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			die("out of memory");
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

static void put(struct buf *b, const char *s)
{
	put_len(b, s, strlen(s));
}

static void putf(struct buf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	put_len(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Upper-cases the first letter of the text appended since `from` (the
 * sentence starts with a phrase written in lower case). */
static void capitalize(struct buf *b, size_t from);

/* ---- vocabulary: the register of a district's news portal ---- */

static const char *const categories[] = {
	"Tin tức - Sự kiện", "Cải cách hành chính", "Kinh tế - Xã hội",
	"Văn hóa - Du lịch", "Chuyển đổi số", "Quốc phòng - An ninh",
	"Nông nghiệp - Nông thôn mới", "Giáo dục - Y tế"};

static const char *const tags[] = {
	"CCHC", "Chỉ số CCHC", "Chỉ số PAR INDEX", "Chỉ số SIPAS",
	"Dịch vụ công trực tuyến", "Một cửa", "Chuyển đổi số",
	"Chính quyền số", "Kinh tế số", "Xã hội số", "Đề án 06",
	"Nông thôn mới", "Nông thôn mới nâng cao", "OCOP", "Vụ Đông Xuân",
	"Vụ Mùa", "Phòng chống thiên tai", "Môi trường", "Đất đai",
	"Xây dựng cơ bản", "Đầu tư công", "Ngân sách", "Thuế", "Giao thông",
	"An toàn giao thông", "Quốc phòng", "Tuyển quân", "An ninh trật tự",
	"Phòng cháy chữa cháy", "Y tế", "Tiêm chủng", "Giáo dục", "Tuyển sinh",
	"Khuyến học", "Văn hóa", "Lễ hội", "Du lịch", "Di tích", "Thể thao",
	"Đảng bộ", "Đại hội", "Học tập và làm theo Bác", "Dân vận khéo",
	"Mặt trận Tổ quốc", "Đoàn thanh niên", "Phụ nữ", "Nông dân",
	"Cựu chiến binh", "An sinh xã hội", "Giảm nghèo", "Người có công",
	"Lao động việc làm", "Bảo hiểm xã hội", "Tiếp công dân",
	"Khiếu nại tố cáo", "Phòng chống tham nhũng", "HĐND huyện", "Kỳ họp",
	"Thi đua khen thưởng", "Gia Viễn"};

static const char *const authors[] = {
	"Cẩm Vân - Trung tâm VHTT&TT", "Minh Đức", "Thu Hà - Phòng Nội vụ",
	"Hoàng Long", "Phương Thảo - Trung tâm VHTT&TT", "Ngọc Ánh",
	"Văn Toàn - Phòng NN&PTNT", "Thanh Bình",
	"Hồng Nhung - Văn phòng HĐND và UBND huyện", "Quốc Việt", "Mai Lan",
	"Đức Anh - Công an huyện"};

static const char *const communes[] = {
	"thị trấn Me", "xã Gia Hòa", "xã Gia Hưng", "xã Liên Sơn",
	"xã Gia Thanh", "xã Gia Vân", "xã Gia Phú", "xã Gia Xuân",
	"xã Gia Lập", "xã Gia Vượng", "xã Gia Trấn", "xã Gia Thịnh",
	"xã Gia Phương", "xã Gia Tân", "xã Gia Thắng", "xã Gia Trung",
	"xã Gia Minh", "xã Gia Lạc", "xã Gia Tiến", "xã Gia Sinh",
	"xã Gia Phong"};

static const char *const subjects[] = {
	"UBND huyện", "Ủy ban nhân dân huyện", "Huyện ủy",
	"Ban Thường vụ Huyện ủy", "Thường trực HĐND huyện",
	"Ban Chỉ đạo cải cách hành chính huyện", "Phòng Nội vụ",
	"Phòng Tài chính - Kế hoạch", "Phòng Tài nguyên và Môi trường",
	"Phòng Nông nghiệp và Phát triển nông thôn",
	"Phòng Văn hóa và Thông tin", "Phòng Giáo dục và Đào tạo",
	"Phòng Y tế", "Phòng Lao động - Thương binh và Xã hội",
	"Phòng Kinh tế và Hạ tầng", "Văn phòng HĐND và UBND huyện",
	"Trung tâm Văn hóa, Thể thao và Truyền thanh huyện",
	"Bộ phận Một cửa của huyện", "Công an huyện",
	"Ban Chỉ huy Quân sự huyện",
	"Ủy ban Mặt trận Tổ quốc Việt Nam huyện", "Huyện đoàn",
	"Hội Liên hiệp Phụ nữ huyện", "Hội Nông dân huyện",
	"Hội Cựu chiến binh huyện", "các xã, thị trấn",
	"UBND các xã, thị trấn", "các cơ quan, đơn vị",
	"đoàn công tác của huyện", "các phòng, ban chuyên môn",
	"Trung tâm Y tế huyện", "Chi cục Thuế khu vực",
	"đồng chí Nguyễn Văn Hùng, Chủ tịch UBND huyện",
	"đồng chí Trần Thị Mai, Phó Chủ tịch UBND huyện",
	"đồng chí Phạm Quang Huy, Bí thư Huyện ủy",
	"đồng chí Lê Minh Tuấn, Trưởng phòng Nội vụ",
	"đồng chí Đinh Thị Hương, Chủ tịch Ủy ban MTTQ huyện",
	"đồng chí Vũ Đức Thắng, Phó Bí thư Thường trực Huyện ủy"};

static const char *const verbs[] = {
	"đã tổ chức", "chỉ đạo", "tiếp tục triển khai", "tăng cường",
	"đẩy mạnh", "tập trung thực hiện", "kiểm tra", "đánh giá", "rà soát",
	"ban hành kế hoạch về", "phối hợp thực hiện", "hoàn thành",
	"chủ động triển khai", "quán triệt", "tuyên truyền về", "đôn đốc",
	"hướng dẫn", "tổng kết", "sơ kết", "nâng cao chất lượng", "xây dựng",
	"kiện toàn", "củng cố", "giải quyết dứt điểm", "thẩm định",
	"phê duyệt", "chấn chỉnh", "đầu tư cho", "quan tâm chỉ đạo",
	"thường xuyên theo dõi"};

static const char *const objects[] = {
	"công tác cải cách hành chính",
	"kế hoạch phát triển kinh tế - xã hội",
	"chương trình xây dựng nông thôn mới nâng cao",
	"các thủ tục hành chính thuộc thẩm quyền giải quyết",
	"việc ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước",
	"công tác chuyển đổi số", "dịch vụ công trực tuyến toàn trình",
	"công tác tiếp công dân và giải quyết đơn thư",
	"công tác phòng, chống thiên tai và tìm kiếm cứu nạn",
	"công tác quản lý đất đai", "công tác bảo vệ môi trường",
	"phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa",
	"công tác tuyển chọn và gọi công dân nhập ngũ",
	"công tác thu ngân sách nhà nước",
	"tiến độ giải ngân vốn đầu tư công", "các dự án trọng điểm",
	"công tác phòng, chống dịch bệnh",
	"mô hình sản xuất nông nghiệp ứng dụng công nghệ cao",
	"công tác đào tạo, bồi dưỡng cán bộ, công chức",
	"hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015",
	"Chỉ số hài lòng của người dân, tổ chức",
	"Chỉ số cải cách hành chính cấp huyện",
	"việc cấp giấy chứng nhận quyền sử dụng đất",
	"công tác bảo đảm trật tự an toàn giao thông",
	"hoạt động du lịch cộng đồng", "công tác giảm nghèo bền vững",
	"các chính sách an sinh xã hội",
	"công tác bảo tồn và phát huy giá trị di sản văn hóa",
	"kế hoạch sản xuất vụ Đông Xuân", "công tác dân vận chính quyền",
	"quy chế dân chủ ở cơ sở",
	"việc số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
	"Đề án 06 của Chính phủ", "các tuyến đường giao thông nông thôn",
	"chương trình mỗi xã một sản phẩm (OCOP)",
	"công tác phòng cháy, chữa cháy", "công tác tiêm chủng mở rộng",
	"công tác tuyển sinh đầu cấp", "phong trào khuyến học, khuyến tài",
	"việc chi trả trợ cấp cho người có công với cách mạng",
	"công tác phòng, chống tham nhũng, tiêu cực",
	"công tác thi đua, khen thưởng"};

static const char *const tails[] = {
	"trên địa bàn huyện", "theo đúng kế hoạch đề ra",
	"nhằm nâng cao chất lượng phục vụ người dân và doanh nghiệp",
	"một cách đồng bộ, hiệu quả", "bảo đảm đúng quy định của pháp luật",
	"với sự tham gia của đông đảo cán bộ và nhân dân",
	"tại các xã, thị trấn", "từ huyện đến cơ sở",
	"góp phần hoàn thành thắng lợi các chỉ tiêu của năm",
	"theo tinh thần chỉ đạo của Tỉnh ủy, UBND tỉnh",
	"đáp ứng yêu cầu nhiệm vụ trong tình hình mới",
	"trong 6 tháng đầu năm", "trong những tháng cuối năm",
	"gắn với trách nhiệm của người đứng đầu",
	"công khai, minh bạch và đúng thời hạn",
	"phù hợp với điều kiện thực tế của địa phương",
	"tạo sự đồng thuận cao trong Nhân dân"};

static const char *const openers[] = {
	"thực hiện chỉ đạo của UBND tỉnh", "trong thời gian qua",
	"bên cạnh đó", "ngoài ra", "đến nay", "qua kiểm tra",
	"để thực hiện tốt nhiệm vụ", "tuy nhiên", "trên cơ sở đó",
	"phát biểu chỉ đạo tại hội nghị", "theo kế hoạch",
	"với tinh thần chủ động, quyết liệt", "cũng tại hội nghị",
	"từ đầu năm đến nay"};

static const char *const events[] = {
	"Hội nghị sơ kết", "Hội nghị tổng kết", "Hội nghị triển khai",
	"UBND huyện kiểm tra", "Đoàn công tác của tỉnh làm việc về",
	"Tập huấn", "Ra quân thực hiện", "Gia Viễn đẩy mạnh",
	"Giao ban", "Tọa đàm về", "Lễ phát động", "Huyện ủy cho ý kiến về",
	"HĐND huyện giám sát", "Đánh giá kết quả", "Tăng cường",
	"Triển khai", "Nâng cao hiệu quả", "Gia Viễn quyết liệt thực hiện"};

static const char *const topics[] = {
	"công tác cải cách hành chính", "chuyển đổi số",
	"xây dựng nông thôn mới", "dịch vụ công trực tuyến",
	"Chỉ số CCHC cấp huyện", "giải ngân vốn đầu tư công",
	"thu ngân sách nhà nước", "phòng, chống thiên tai",
	"quản lý đất đai", "bảo vệ môi trường", "an toàn giao thông",
	"tuyển chọn công dân nhập ngũ", "sản xuất vụ Đông Xuân",
	"sản xuất vụ Mùa", "chương trình OCOP", "phát triển du lịch",
	"bảo tồn di tích", "tiêm chủng", "tuyển sinh đầu cấp",
	"giảm nghèo bền vững", "chính sách người có công",
	"tiếp công dân", "phòng cháy, chữa cháy", "Đề án 06",
	"học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
	"dân vận khéo", "thi đua, khen thưởng"};

static const char *const periods[] = {
	"năm %u", "6 tháng đầu năm %u", "quý I năm %u", "quý II năm %u",
	"quý III năm %u", "9 tháng năm %u", "những tháng cuối năm %u"};

static const char *const headings[] = {
	"Kết quả nổi bật", "Những khó khăn, hạn chế",
	"Nhiệm vụ, giải pháp trọng tâm", "Ý kiến chỉ đạo",
	"Kết quả thực hiện các chỉ tiêu", "Phương hướng thời gian tới",
	"Một số kiến nghị, đề xuất", "Tình hình chung",
	"Đánh giá của đoàn kiểm tra", "Phát huy vai trò của người đứng đầu",
	"Kinh nghiệm từ cơ sở", "Tiếp tục đổi mới phương thức lãnh đạo"};

static const char *const lead_ins[] = {
	"Các nhiệm vụ trọng tâm gồm:", "Hội nghị thống nhất một số nội dung sau:",
	"Đoàn kiểm tra đề nghị:", "Một số kết quả cụ thể:",
	"UBND huyện yêu cầu các đơn vị:", "Các giải pháp được đưa ra gồm:"};

static const char *const image_alts[] = {
	"Quang cảnh hội nghị", "Đồng chí Chủ tịch UBND huyện phát biểu",
	"Cán bộ Bộ phận Một cửa hướng dẫn người dân",
	"Đoàn công tác kiểm tra thực tế tại cơ sở",
	"Nông dân thu hoạch lúa vụ Đông Xuân",
	"Toàn cảnh khu du lịch Vân Long"};

#define IMAGES 6
static const char *const image_colors[IMAGES] = {
	"#b4232a", "#1f5f8b", "#2f7d32", "#8a6d1f", "#5b3f8c", "#376e6f"};

/* a sentence with figures: the format and the range of each figure */
static const struct stat_sentence {
	const char *fmt;
	unsigned lo[3], hi[3];
} stats[] = {
	{"tỷ lệ hồ sơ giải quyết đúng hạn đạt %u,%u%%", {90, 0, 0}, {99, 9, 0}},
	{"toàn huyện đã tiếp nhận %u hồ sơ, trong đó có %u hồ sơ trực tuyến",
	 {3000, 1000, 0}, {9000, 2999, 0}},
	{"tổng kinh phí thực hiện là %u,%u tỷ đồng", {1, 0, 0}, {95, 9, 0}},
	{"đã có %u xã đạt chuẩn nông thôn mới nâng cao, %u xã đạt chuẩn kiểu mẫu",
	 {5, 1, 0}, {20, 4, 0}},
	{"tỷ lệ người dân hài lòng đạt %u,%u%%", {85, 0, 0}, {99, 9, 0}},
	{"năng suất lúa bình quân ước đạt %u,%u tạ/ha", {60, 0, 0}, {72, 9, 0}},
	{"đã tổ chức %u lớp tập huấn cho %u lượt cán bộ", {2, 100, 0},
	 {30, 2500, 0}},
	{"thu ngân sách ước đạt %u,%u tỷ đồng, bằng %u%% dự toán", {80, 0, 60},
	 {450, 9, 130}}};

/* ---- Vietnamese letters: folding for slugs, lower case for Hugo ---- */

static const char *const fold_lower[] = {
	"aàáảãạăằắẳẵặâầấẩẫậ", "eèéẻẽẹêềếểễệ", "iìíỉĩị",
	"oòóỏõọôồốổỗộơờớởỡợ", "uùúủũụưừứửữự", "yỳýỷỹỵ", "dđ"};
static const char *const fold_upper[] = {
	"AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", "EÈÉẺẼẸÊỀẾỂỄỆ", "IÌÍỈĨỊ",
	"OÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", "UÙÚỦŨỤƯỪỨỬỮỰ", "YỲÝỶỸỴ", "DĐ"};

#define CP_MAX 0x1f00
static char fold_ascii[CP_MAX];   /* code point -> a-z, or 0 */
static uint32_t to_lower[CP_MAX]; /* code point -> lower case, or 0 */
static uint32_t to_upper[CP_MAX]; /* code point -> upper case, or 0 */

static uint32_t utf8_next(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t c = p[0];
	int n = 0;
	if (c >= 0xf0) { c &= 0x07; n = 3; }
	else if (c >= 0xe0) { c &= 0x0f; n = 2; }
	else if (c >= 0xc0) { c &= 0x1f; n = 1; }
	for (int i = 1; i <= n; i++)
		c = (c << 6) | (p[i] & 0x3f);
	*s += 1 + n;
	return c;
}

static void utf8_put(struct buf *b, uint32_t c)
{
	char t[4];
	size_t n;
	if (c < 0x80) { t[0] = (char)c; n = 1; }
	else if (c < 0x800) {
		t[0] = (char)(0xc0 | (c >> 6)); t[1] = (char)(0x80 | (c & 0x3f)); n = 2;
	} else {
		t[0] = (char)(0xe0 | (c >> 12)); t[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		t[2] = (char)(0x80 | (c & 0x3f)); n = 3;
	}
	put_len(b, t, n);
}

static void letters_init(void)
{
	for (size_t i = 0; i < COUNT(fold_lower); i++) {
		const char *lo = fold_lower[i], *up = fold_upper[i];
		char base = fold_lower[i][0];
		while (*lo) {
			uint32_t l = utf8_next(&lo), u = utf8_next(&up);
			fold_ascii[l] = base;
			fold_ascii[u] = base;
			to_lower[u] = l;
			to_upper[l] = u;
		}
	}
	for (int c = 'a'; c <= 'z'; c++) {
		fold_ascii[c] = (char)c;
		fold_ascii[c - 'a' + 'A'] = (char)c;
		to_lower[c - 'a' + 'A'] = (uint32_t)c;
		to_upper[c] = (uint32_t)(c - 'a' + 'A');
	}
	for (int c = '0'; c <= '9'; c++)
		fold_ascii[c] = (char)c;
}

static void capitalize(struct buf *b, size_t from)
{
	if (from >= b->len)
		return;
	const char *s = b->p + from;
	uint32_t c = utf8_next(&s);
	uint32_t up = c < CP_MAX ? to_upper[c] : 0;
	if (!up)
		return;
	/* a Vietnamese letter and its capital have the same UTF-8 length */
	char *p = b->p + from;
	if (up < 0x80) {
		p[0] = (char)up;
	} else if (up < 0x800) {
		p[0] = (char)(0xc0 | (up >> 6));
		p[1] = (char)(0x80 | (up & 0x3f));
	} else {
		p[0] = (char)(0xe0 | (up >> 12));
		p[1] = (char)(0x80 | ((up >> 6) & 0x3f));
		p[2] = (char)(0x80 | (up & 0x3f));
	}
}

/* "Tin tức - Sự kiện" -> "tin-tuc-su-kien": the slug congbo makes. */
static void slugify(struct buf *b, const char *s)
{
	int dash = 0;
	size_t start = b->len;
	while (*s) {
		uint32_t c = utf8_next(&s);
		char a = c < CP_MAX ? fold_ascii[c] : 0;
		if (a) {
			if (dash && b->len > start)
				put_len(b, "-", 1);
			dash = 0;
			put_len(b, &a, 1);
		} else {
			dash = 1;
		}
	}
}

/* "Tin tức - Sự kiện" -> "tin-tức-sự-kiện": the path Hugo 0.111 makes of a
 * term (lower case, diacritics kept, runs of spaces and '-' as one '-'). */
static void hugo_path(struct buf *b, const char *s)
{
	int dash = 0;
	while (*s) {
		uint32_t c = utf8_next(&s);
		if (c == ' ' || c == '-') {
			dash = 1;
			continue;
		}
		if (dash)
			put_len(b, "-", 1);
		dash = 0;
		uint32_t l = c < CP_MAX && to_lower[c] ? to_lower[c] : c;
		utf8_put(b, l);
	}
}

/* ---- files ---- */

static void mkdirs(const char *path)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s", path);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(tmp, 0777) < 0 && errno != EEXIST)
			die(tmp);
		*p = '/';
	}
	if (mkdir(tmp, 0777) < 0 && errno != EEXIST)
		die(tmp);
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		die(path);
	if (fwrite(data, 1, len, f) != len || fclose(f) != 0)
		die(path);
}

static void write_text(const char *path, const char *text)
{
	write_file(path, text, strlen(text));
}

/* ---- articles ---- */

struct article {
	char *title, *slug;
	int recurring;          /* a repeated title, no slug: line */
	unsigned year, month, day, hour, minute;
	int draft;
};

static const unsigned month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

static unsigned days_in(unsigned y, unsigned m)
{
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return month_days[m - 1] + (m == 2 && leap);
}

/* Words of b->p[from..] as `wc -w` counts them (a Markdown marker such as
 * "-" or "##" counts too, as it does for wc). */
static unsigned count_words(const struct buf *b, size_t from)
{
	unsigned n = 0;
	int in = 0;
	for (size_t i = from; i < b->len; i++) {
		int space = b->p[i] == ' ' || b->p[i] == '\n';
		n += !space && !in;
		in = !space;
	}
	return n;
}

static void phrase(struct buf *b, const char *s)
{
	put(b, s);
}

static void sentence(struct buf *b, unsigned year)
{
	size_t from = b->len;
	unsigned kind = rnd(10);
	if (kind < 2) {
		phrase(b, PICK(openers));
		put(b, ", ");
	} else if (kind == 2) {
		putf(b, "%s ngày %u/%u, ", rnd(2) ? "sáng" : "chiều",
		     between(1, 28), between(1, 12));
	} else if (kind == 3) {
		putf(b, "theo báo cáo của %s, ", PICK(subjects));
	}
	if (rnd(6) == 0) {
		char tmp[200];
		const struct stat_sentence *st = &stats[rnd(COUNT(stats))];
		unsigned x[3];
		for (int j = 0; j < 3; j++)
			x[j] = between(st->lo[j], st->hi[j]);
		snprintf(tmp, sizeof tmp, st->fmt, x[0], x[1], x[2]);
		phrase(b, tmp);
	} else {
		phrase(b, PICK(subjects));
		put(b, " ");
		phrase(b, PICK(verbs));
		put(b, " ");
		phrase(b, PICK(objects));
		if (rnd(3)) {
			put(b, " ");
			phrase(b, PICK(tails));
		}
		if (rnd(4) == 0) {
			putf(b, " tại %s", PICK(communes));
		}
		if (rnd(5) == 0) {
			putf(b, " trong năm %u", year);
		}
	}
	put(b, ".");
	capitalize(b, from);
}

static void paragraph(struct buf *b, unsigned year, unsigned sentences)
{
	for (unsigned i = 0; i < sentences; i++) {
		if (i)
			put(b, " ");
		if (rnd(12) == 0) {
			put(b, "**");
			sentence(b, year);
			put(b, "**");
		} else {
			sentence(b, year);
		}
	}
	put(b, "\n\n");
}

/* titles a district portal publishes again and again */
static const char *const recurring_titles[] = {
	"Lịch công tác tuần", "Thông báo tuyển dụng",
	"Sơ kết công tác quý", "Thông báo lịch tiếp công dân",
	"Kế hoạch tuyên truyền cải cách hành chính"};

static void title_for(struct buf *b, unsigned year, unsigned month)
{
	phrase(b, PICK(events));
	put(b, " ");
	phrase(b, PICK(topics));
	unsigned k = rnd(COUNT(periods) + 4);
	if (k < COUNT(periods)) {
		put(b, " ");
		putf(b, periods[k], year);
	} else if (k == COUNT(periods)) {
		putf(b, " tháng %u năm %u", month, year);
	} else if (k == COUNT(periods) + 1) {
		put(b, " giai đoạn 2021 - 2025");
	} else {
		putf(b, " tại %s", PICK(communes));
	}
}

/* A quoted YAML scalar: our vocabulary has no '"' nor '\\'. */
static void yaml_str(struct buf *b, const char *s)
{
	put(b, "\"");
	put(b, s);
	put(b, "\"");
}

static void body_for(struct buf *b, const struct article *arts, size_t i,
		     unsigned target)
{
	const struct article *a = &arts[i];
	size_t from = b->len;
	unsigned words = 0;
	put(b, "**(Cổng TTĐT)** - ");
	paragraph(b, a->year, between(2, 3));
	int heading = 0; /* the last block was a heading */
	while ((words += count_words(b, from)) < target) {
		from = b->len;
		unsigned k = rnd(10);
		if (k < 2 && heading)
			k = 9;
		heading = k < 2;
		if (k < 2) {
			put(b, "## ");
			put(b, PICK(headings));
			put(b, "\n\n");
		} else if (k == 2) {
			put(b, PICK(lead_ins));
			put(b, "\n\n");
			unsigned items = between(3, 6);
			int numbered = rnd(3) == 0;
			for (unsigned j = 0; j < items; j++) {
				if (numbered)
					putf(b, "%u. ", j + 1);
				else
					put(b, "- ");
				size_t from = b->len;
				phrase(b, PICK(verbs));
				put(b, " ");
				phrase(b, PICK(objects));
				if (rnd(2)) {
					put(b, " ");
					phrase(b, PICK(tails));
				}
				capitalize(b, from);
				put(b, ";\n");
			}
			put(b, "\n");
		} else if (k == 3 && rnd(2)) {
			const char *alt = PICK(image_alts);
			putf(b, "![%s](/images/bench/anh-%u.svg)\n\n*%s.*\n\n",
			     alt, rnd(IMAGES) + 1, alt);
		} else if (k == 4 && i > 0 && rnd(2)) {
			const struct article *o = &arts[rnd((unsigned)i)];
			if (o->draft || o->recurring) /* no plain URL */
				o = &arts[0];
			put(b, "Xem thêm: [");
			put(b, o->title);
			putf(b, "](/tin-tuc/%u/%s/)\n\n", o->year, o->slug);
		} else if (k == 5 && rnd(3) == 0) {
			put(b, "Chi tiết xem tại [Cổng thông tin điện tử tỉnh Ninh Bình]"
			       "(https://ninhbinh.gov.vn/) và [Cổng Dịch vụ công quốc gia]"
			       "(https://dichvucong.gov.vn/).\n\n");
		} else {
			paragraph(b, a->year, between(2, 5));
		}
	}
	put(b, "*");
	put(b, "Nguồn: Trung tâm Văn hóa, Thể thao và Truyền thanh huyện Gia Viễn");
	put(b, "*\n");
}

static void article_text(struct buf *b, struct article *arts, size_t i)
{
	struct article *a = &arts[i];
	struct buf sum = {0};
	sentence(&sum, a->year);
	put(b, "---\ntitle: ");
	yaml_str(b, a->title);
	putf(b, "\ndate: %04u-%02u-%02uT%02u:%02u:00+07:00\n", a->year,
	     a->month, a->day, a->hour, a->minute);
	put(b, "author: ");
	yaml_str(b, PICK(authors));
	unsigned c1 = rnd(COUNT(categories));
	put(b, "\ncategories: [");
	yaml_str(b, categories[c1]);
	if (rnd(10) < 3) {
		put(b, ", ");
		yaml_str(b, categories[(c1 + 1 + rnd(COUNT(categories) - 1)) %
				       COUNT(categories)]);
	}
	put(b, "]\ntags: [");
	unsigned ntags = between(2, 5), first = rnd(COUNT(tags));
	unsigned step = between(1, 7);
	for (unsigned t = 0; t < ntags; t++) {
		if (t)
			put(b, ", ");
		yaml_str(b, tags[(first + t * step) % COUNT(tags)]);
	}
	put(b, "]\nsummary: ");
	yaml_str(b, sum.p);
	if (!a->recurring) {
		put(b, "\nslug: ");
		put(b, a->slug);
	}
	if (a->draft)
		put(b, "\ndraft: true");
	put(b, "\n---\n");
	free(sum.p);
}

static void site_files(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/congbo/content/site.yaml", dir);
	write_text(path,
		"# The benchmark portal of tests/bench (generated by gen-corpus).\n"
		"title: Trang thông tin điện tử huyện Gia Viễn\n"
		"description: Thông tin chính thức về hoạt động chỉ đạo, điều hành "
		"của UBND huyện Gia Viễn.\n"
		"base_url: https://giavien.example.gov.vn/\n"
		"language: vi\n"
		"timezone: Asia/Ho_Chi_Minh\n"
		"theme: bench\n"
		"page_size: 10\n"
		"author: Trung tâm VHTT&TT huyện Gia Viễn\n"
		"permalinks:\n"
		"  post: tin-tuc/:year/:slug/\n"
		"  category: chuyen-muc/:slug/\n"
		"  tag: the/:slug/\n");
	snprintf(path, sizeof path, "%s/hugo/config.toml", dir);
	write_text(path,
		"# The benchmark site of tests/bench (generated by gen-corpus).\n"
		"baseURL = \"https://giavien.example.gov.vn/\"\n"
		"title = \"Trang thông tin điện tử huyện Gia Viễn\"\n"
		"languageCode = \"vi\"\n"
		"defaultContentLanguage = \"vi\"\n"
		"timeZone = \"Asia/Ho_Chi_Minh\"\n"
		"theme = \"bench\"\n"
		"paginate = 10\n"
		"paginatePath = \"trang\"\n"
		"buildFuture = true\n"
		"enableGitInfo = false\n"
		"enableRobotsTXT = true\n"
		"disableAliases = true\n"
		"disableKinds = [\"section\", \"taxonomy\"]\n"
		"ignoreErrors = [\"error-disable-taxonomy\"]\n"
		"rssLimit = 20\n"
		"[params]\n"
		"description = \"Thông tin chính thức về hoạt động chỉ đạo, điều "
		"hành của UBND huyện Gia Viễn.\"\n"
		"[taxonomies]\n"
		"category = \"categories\"\n"
		"tag = \"tags\"\n"
		"[permalinks]\n"
		"posts = \"/tin-tuc/:year/:slug/\"\n"
		"categories = \"/chuyen-muc/:slug/\"\n"
		"tags = \"/the/:slug/\"\n"
		"[outputs]\n"
		"home = [\"HTML\", \"RSS\"]\n"
		"page = [\"HTML\"]\n"
		"term = [\"HTML\"]\n"
		"[markup.goldmark.parser]\n"
		"autoHeadingID = false\n"
		"[outputFormats.RSS]\n"
		"baseName = \"feed\"\n"
		"mediaType = \"application/rss+xml\"\n");
	/* Hugo: one _index.md per term, for congbo's ASCII URL (and a feed
	 * for categories, as congbo writes). */
	for (int tax = 0; tax < 2; tax++) {
		size_t n = tax ? COUNT(tags) : COUNT(categories);
		for (size_t i = 0; i < n; i++) {
			const char *name = tax ? tags[i] : categories[i];
			struct buf p = {0}, t = {0};
			putf(&p, "%s/hugo/content/%s/", dir,
			     tax ? "tags" : "categories");
			hugo_path(&p, name);
			mkdirs(p.p);
			put(&p, "/_index.md");
			put(&t, "---\ntitle: ");
			yaml_str(&t, name);
			put(&t, "\nslug: ");
			slugify(&t, name);
			if (!tax)
				put(&t, "\noutputs: [\"HTML\", \"RSS\"]");
			put(&t, "\n---\n");
			write_text(p.p, t.p);
			free(p.p);
			free(t.p);
		}
	}
	/* the few shared images, tiny SVGs */
	for (int i = 0; i < IMAGES; i++) {
		char svg[512];
		snprintf(svg, sizeof svg,
			 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" "
			 "height=\"360\" viewBox=\"0 0 640 360\"><rect width=\"640\" "
			 "height=\"360\" fill=\"%s\"/><text x=\"320\" y=\"190\" "
			 "font-size=\"40\" text-anchor=\"middle\" fill=\"#fff\">"
			 "Ảnh %d</text></svg>\n", image_colors[i], i + 1);
		snprintf(path, sizeof path, "%s/congbo/content/images/bench/anh-%d.svg",
			 dir, i + 1);
		write_text(path, svg);
		snprintf(path, sizeof path, "%s/hugo/static/images/bench/anh-%d.svg",
			 dir, i + 1);
		write_text(path, svg);
	}
}

int main(int argc, char **argv)
{
	if ((argc != 3 && argc != 4) || atol(argv[1]) < 1) {
		fprintf(stderr, "usage: gen-corpus N DIR [REPEATS]   (gen-corpus "
			"version %d)\n", GEN_VERSION);
		return 2;
	}
	size_t n = (size_t)atol(argv[1]);
	size_t repeats = argc == 4 ? (size_t)atol(argv[3]) : 0;
	const char *dir = argv[2];
	letters_init();

	char path[4096];
	const char *sub[] = {"congbo/content/posts", "congbo/content/images/bench",
			     "congbo/themes", "hugo/content/posts",
			     "hugo/static/images/bench", "hugo/themes"};
	for (size_t i = 0; i < COUNT(sub); i++) {
		snprintf(path, sizeof path, "%s/%s", dir, sub[i]);
		mkdirs(path);
	}
	for (unsigned y = 2015; y <= 2025; y++) {
		snprintf(path, sizeof path, "%s/congbo/content/posts/%u", dir, y);
		mkdirs(path);
		snprintf(path, sizeof path, "%s/hugo/content/posts/%u", dir, y);
		mkdirs(path);
	}
	site_files(dir);

	struct article *arts = calloc(n, sizeof *arts);
	snprintf(path, sizeof path, "%s/bodies.md", dir);
	FILE *bodies = fopen(path, "wb");
	if (!arts || !bodies)
		die(path);
	struct buf text = {0};
	size_t total = 0, changed = (size_t)-1;
	unsigned wmin = ~0u, wmax = 0;
	unsigned long long wsum = 0;
	for (size_t i = 0; i < n; i++) {
		struct article *a = &arts[i];
		rng_state = SEED ^ ((uint64_t)(i + 1) * 0xd1b54a32d192ed03ULL);
		a->year = between(2015, 2025);
		a->month = between(1, 12);
		a->day = between(1, days_in(a->year, a->month));
		a->hour = between(7, 17);
		a->minute = rnd(60);
		a->draft = i % 211 == 210;
		struct buf t = {0}, s = {0};
		title_for(&t, a->year, a->month);
		capitalize(&t, 0);
		a->recurring = i * repeats / n != (i + 1) * repeats / n;
		if (a->recurring) {
			t.len = 0;
			put(&t, recurring_titles[(i * repeats / n) %
						 COUNT(recurring_titles)]);
		}
		slugify(&s, t.p);
		putf(&s, "-%zu", i + 1);
		a->title = t.p;
		a->slug = s.p;
		if (changed == (size_t)-1 && i >= n / 2 && a->year == 2019 &&
		    !a->draft)
			changed = i;

		text.len = 0;
		article_text(&text, arts, i);
		size_t fm = text.len;
		/* 300-1,500 words, more short articles than long ones */
		unsigned u = rnd(1061), v = rnd(1061), w = rnd(1061);
		body_for(&text, arts, i, 300 + (u + (v < w ? v : w)) / 2);
		unsigned wc = count_words(&text, fm);
		wmin = wc < wmin ? wc : wmin;
		wmax = wc > wmax ? wc : wmax;
		wsum += wc;
		if (fwrite(text.p + fm, 1, text.len - fm, bodies) != text.len - fm)
			die("bodies.md");
		total += text.len;
		for (int g = 0; g < 2; g++) {
			snprintf(path, sizeof path, "%s/%s/content/posts/%u/%s.md", dir,
				 g ? "hugo" : "congbo", a->year, a->slug);
			write_file(path, text.p, text.len);
		}
	}
	if (fclose(bodies) != 0)
		die("bodies.md");
	if (changed == (size_t)-1)
		changed = n / 2 - (n > 1 && arts[n / 2].draft);
	snprintf(path, sizeof path, "%s/changed.txt", dir);
	char line[600];
	snprintf(line, sizeof line, "content/posts/%u/%s.md\n",
		 arts[changed].year, arts[changed].slug);
	write_text(path, line);
	printf("gen-corpus %d: %zu articles, %zu bytes of Markdown (%.1f MB), "
	       "%zu drafts, %u-%u words a body (mean %llu)\n", GEN_VERSION, n,
	       total, total / 1e6, n / 211, wmin, wmax, wsum / n);
	return 0;
}
