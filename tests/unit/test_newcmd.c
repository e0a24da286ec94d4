/* Unit tests of newcmd's YAML text: whatever a title or a name holds, the
 * front matter congbo new writes reads back as the same text. */
#include "newcmd.h"

#include <stdbool.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "check.h"
#include "diag.h"
#include "value.h"
#include "yaml.h"

/* Writes "k: TEXT", loads it back, and checks k is the string s. */
static void round_trip(const char *s, bool quoted)
{
	struct arena a;
	struct diag_list diags;
	struct buf doc;
	struct value *root = NULL;
	arena_init(&a);
	diag_list_init(&diags);
	buf_init(&doc);
	buf_puts(&doc, "k: ");
	if (quoted)
		newcmd_yaml_quoted(&doc, s);
	else
		newcmd_yaml_text(&doc, s);
	buf_puts(&doc, "\n");
	int rc = yaml_load(&a, "t.yaml", doc.data, doc.len, 0, &diags, &root);
	const struct value *k = rc == 0 ? value_map_get(root, "k") : NULL;
	if (!CHECK(k && k->kind == VALUE_STRING && strcmp(k->str, s) == 0))
		printf("  text: \"%s\" written as: %s", s, doc.data);
	buf_dispose(&doc);
	diag_list_dispose(&diags);
	arena_dispose(&a);
}

static const char *const texts[] = {
	"Hội nghị đánh giá, chấm điểm Chỉ số CCHC năm 2021",
	"Hội nghị: tổng kết", "a #b", "a: b", "a:b", "ends with colon:",
	"- list?", "? key", "[x]", "{x}", "#hash", "&anchor", "*alias",
	"!tag", "|block", ">fold", "'single'", "\"double\"", "%dir", "@at",
	"`tick`", " leading space", "trailing space ", "back\\slash",
	"tab\there", "new\nline", "true", "False", "NULL", "null", "~",
	"12", "1.5", "-3", "0x1F", "1e3", ".inf", "2022-04-19", "1.1.2",
	"Cẩm Vân - Trung tâm VHTT&TT", "100%", "a, b", "x = y", "—",
	"\xc4\x91\xe1\xba\xa1i", "---", "...",
};

static void test_round_trips(void)
{
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		round_trip(texts[i], false);
		round_trip(texts[i], true);
	}
}

static void test_plain_when_safe(void)
{
	struct buf b;
	buf_init(&b);
	newcmd_yaml_text(&b, "Trung tâm VHTT&TT");
	CHECK_STR(b.data, "Trung tâm VHTT&TT");
	buf_truncate(&b, 0);
	newcmd_yaml_text(&b, "1.1");
	CHECK_STR(b.data, "\"1.1\"");
	buf_truncate(&b, 0);
	newcmd_yaml_quoted(&b, "3.2.1");
	CHECK_STR(b.data, "\"3.2.1\"");
	buf_dispose(&b);
}

int main(void)
{
	test_round_trips();
	test_plain_when_safe();
	return check_done();
}
