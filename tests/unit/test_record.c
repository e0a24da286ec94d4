/* Unit tests of record: length-prefixed fields written and read back,
 * any byte in a field, and a record cut at every byte or corrupted is
 * refused rather than misread. */
#include "check.h"

#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "record.h"

static const char tricky[] = "a\tb\nc:12:\\\x1e\x1f";

static void write_sample(struct buf *b)
{
	record_put_text(b, "R1");
	record_put_count(b, 0);
	record_put_count(b, 4294967295u);
	record_put_bytes(b, tricky, sizeof tricky - 1);
	record_put_text(b, "");
	record_put_text(b, "Gia Viễn");
}

/* True when rec[0..len) reads back as the sample, whole. */
static int read_sample(struct arena *a, const char *rec, size_t len)
{
	struct record_reader r;
	size_t n;
	record_reader_init(&r, rec, len);
	const char *v = record_get_bytes(&r, &n);
	int ok = v && n == 2 && memcmp(v, "R1", 2) == 0;
	ok &= record_get_count(&r, 10) == 0;
	ok &= record_get_count(&r, UINT32_MAX) == 4294967295u;
	v = record_get_bytes(&r, &n);
	ok &= v && n == sizeof tricky - 1 && memcmp(v, tricky, n) == 0;
	const char *empty = record_get_text(&r, a);
	ok &= empty && !*empty;
	const char *name = record_get_text(&r, a);
	ok &= name && strcmp(name, "Gia Viễn") == 0;
	return ok && record_at_end(&r);
}

static void test_round_trip(void)
{
	struct arena a;
	struct buf b;
	arena_init(&a);
	buf_init(&b);
	write_sample(&b);
	CHECK_STR(b.data, "2:R10:4294967295:12:a\tb\nc:12:\\\x1e\x1f"
			  "0:10:Gia Viễn");
	CHECK(read_sample(&a, b.data, b.len));
	/* cut short anywhere: never read as whole */
	int refused = 1;
	for (size_t len = 0; len < b.len; len++)
		refused &= !read_sample(&a, b.data, len);
	CHECK(refused);
	/* a byte more is not the end */
	buf_putc(&b, '0');
	CHECK(!read_sample(&a, b.data, b.len));
	buf_dispose(&b);
	arena_dispose(&a);
}

static void test_bad_fields(void)
{
	struct record_reader r;
	size_t n;
	/* a count above the caller's limit */
	record_reader_init(&r, "7:", 2);
	CHECK(record_get_count(&r, 6) == 0 && r.bad);
	/* no digits, no colon, a length past the end */
	record_reader_init(&r, ":abc", 4);
	CHECK(record_get_count(&r, 100) == 0 && r.bad);
	record_reader_init(&r, "12", 2);
	CHECK(record_get_count(&r, 100) == 0 && r.bad);
	record_reader_init(&r, "9:abc", 5);
	CHECK(record_get_bytes(&r, &n) == NULL && n == 0 && r.bad);
	/* digits past SIZE_MAX stop, then no colon: bad, not wrapped */
	const char *huge = "99999999999999999999999999:";
	record_reader_init(&r, huge, strlen(huge));
	CHECK(record_get_bytes(&r, &n) == NULL && r.bad);
	/* once bad, every read gives nothing */
	record_reader_init(&r, "x2:ab", 5);
	CHECK(record_get_count(&r, 9) == 0);
	CHECK(record_get_bytes(&r, &n) == NULL);
	CHECK(!record_at_end(&r));
}

int main(void)
{
	test_round_trip();
	test_bad_fields();
	return check_done();
}
