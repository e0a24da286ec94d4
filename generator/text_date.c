/* text_date: parsing and writing dates and times (see text_date.h). */
#include "text_date.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mem.h"

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (Howard
 * Hinnant's algorithms: exact for any year, no tables, no libc). */
static long long text_days_from_civil(long long y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void text_civil_from_days(long long z, struct text_date *out)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	out->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	out->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	out->year = (int)(yoe + era * 400 + (out->month <= 2));
}

static bool text_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int text_days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};
	return m == 2 && text_is_leap(y) ? 29 : days[m - 1];
}

void text_date_from_epoch(struct text_date *out, long long epoch,
			  int offset_min)
{
	assert(offset_min > -24 * 60 && offset_min < 24 * 60);
	long long local = epoch + offset_min * 60LL;
	long long days = local / 86400, secs = local % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	text_civil_from_days(days, out);
	out->epoch = epoch;
	out->offset_min = offset_min;
	out->hour = (int)(secs / 3600);
	out->minute = (int)(secs / 60 % 60);
	out->second = (int)(secs % 60);
	out->weekday = (int)((days % 7 + 11) % 7);   /* 1970-01-01: Thursday */
	out->has_time = true;
}

/* Reads exactly n decimal digits; stops at the first non-digit, so it
 * never reads past the NUL. */
static int text_read_digits(const char **p, int n, int *v)
{
	int x = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return -1;
		x = x * 10 + (c - '0');
	}
	*p += n;
	*v = x;
	return 0;
}

static int text_expect(const char **p, char c)
{
	if (**p != c)
		return -1;
	(*p)++;
	return 0;
}

/* HH:MM[:SS], each field range-checked. */
static int text_parse_time(const char **p, struct text_date *d)
{
	if (text_read_digits(p, 2, &d->hour) || text_expect(p, ':') ||
	    text_read_digits(p, 2, &d->minute))
		return -1;
	d->second = 0;
	if (**p == ':' && (text_expect(p, ':') ||
			   text_read_digits(p, 2, &d->second)))
		return -1;
	return d->hour < 24 && d->minute < 60 && d->second < 60 ? 0 : -1;
}

/* Nothing (keeps *offset), Z, or ±HH:MM / ±HHMM. */
static int text_parse_offset(const char **p, int *offset)
{
	int sign = **p == '-' ? -1 : 1, h, m;
	if (**p == 'Z') {
		(*p)++;
		*offset = 0;
		return 0;
	}
	if (**p != '+' && **p != '-')
		return 0;
	(*p)++;
	if (text_read_digits(p, 2, &h))
		return -1;
	if (**p == ':')
		(*p)++;
	if (text_read_digits(p, 2, &m) || h > 23 || m > 59)
		return -1;
	*offset = sign * (h * 60 + m);
	return 0;
}

int text_date_parse(const char *s, int default_offset_min,
		    struct text_date *out)
{
	struct text_date d = {0};
	const char *p = s;
	int offset = default_offset_min;
	if (text_read_digits(&p, 4, &d.year) || text_expect(&p, '-') ||
	    text_read_digits(&p, 2, &d.month) || text_expect(&p, '-') ||
	    text_read_digits(&p, 2, &d.day))
		return -1;
	if (*p == 'T' || *p == ' ') {
		p++;
		d.has_time = true;
		if (text_parse_time(&p, &d) || text_parse_offset(&p, &offset))
			return -1;
	}
	if (*p != '\0' || d.year < 1 || d.month < 1 || d.month > 12 ||
	    d.day < 1 || d.day > text_days_in_month(d.year, d.month))
		return -1;
	long long local = text_days_from_civil(d.year, d.month, d.day) * 86400 +
			  d.hour * 3600 + d.minute * 60 + d.second;
	text_date_from_epoch(out, local - offset * 60LL, offset);
	out->has_time = d.has_time;
	return 0;
}

/* Where glibc and the FHS keep the compiled IANA zones unless $TZDIR says
 * otherwise. */
#define TEXT_ZONEINFO "/usr/share/zoneinfo"
#define TEXT_TZ_NAME_MAX 128

/* IANA names are letters, digits and "/_-+" ("America/Port-au-Prince",
 * "Etc/GMT+7"); with no '.' a name cannot climb out of the zone folder. */
static bool text_tz_name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > TEXT_TZ_NAME_MAX || name[0] == '/')
		return false;
	for (const char *p = name; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= '0' && *p <= '9') && !strchr("/_-+", *p))
			return false;
	return true;
}

/* The C library treats a zone it cannot load as UTC without a word, so
 * check first that the zone file exists and is a TZif file. */
static int text_tz_file_check(const char *name)
{
	const char *dir = getenv("TZDIR");
	struct buf path;
	FILE *f = NULL;
	char magic[4];
	int status = -1;
	buf_init(&path);
	buf_printf(&path, "%s/%s", dir && *dir ? dir : TEXT_ZONEINFO, name);
	f = fopen(path.data, "rb");
	if (!f)
		goto out;
	if (fread(magic, 1, sizeof magic, f) == sizeof magic &&
	    memcmp(magic, "TZif", sizeof magic) == 0)
		status = 0;
out:
	if (f)
		fclose(f);
	buf_dispose(&path);
	return status;
}

int text_tz_offset(const char *tz_name, long long epoch, int *offset_min)
{
	int status = -1;
	const char *old = getenv("TZ");
	char *saved = old ? xstrdup(old) : NULL;
	bool set = false;
	time_t t = (time_t)epoch;
	struct tm tm;
	if (!text_tz_name_ok(tz_name) || text_tz_file_check(tz_name) < 0 ||
	    setenv("TZ", tz_name, 1) < 0)
		goto out;
	set = true;
	tzset();
	if (!localtime_r(&t, &tm))
		goto out;
	*offset_min = (int)(tm.tm_gmtoff / 60);
	status = 0;
out:
	if (set) {
		if (saved)
			setenv("TZ", saved, 1);
		else
			unsetenv("TZ");
		tzset();
	}
	free(saved);
	return status;
}

/* sep (if not 0), then n as "%0*d" writes it: without printf's parsing,
 * as pages' dates are written tens of thousands of times a build. */
static void text_put_padded(struct buf *out, char sep, int n, int width)
{
	char digits[16], *p = digits + sizeof digits;
	if (n < 0 || width > 10) {
		if (sep)
			buf_putc(out, sep);
		buf_printf(out, "%0*d", width, n);
		return;
	}
	do {
		*--p = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	while (digits + sizeof digits - p < width)
		*--p = '0';
	if (sep)
		*--p = sep;
	buf_put(out, p, (size_t)(digits + sizeof digits - p));
}

static void text_put_offset(struct buf *out, int offset_min, bool colon)
{
	int a = offset_min < 0 ? -offset_min : offset_min;
	text_put_padded(out, offset_min < 0 ? '-' : '+', a / 60, 2);
	text_put_padded(out, colon ? ':' : 0, a % 60, 2);
}

void text_date_iso(struct buf *out, const struct text_date *d)
{
	text_date_ymd(out, d);
	text_put_padded(out, 'T', d->hour, 2);
	text_put_padded(out, ':', d->minute, 2);
	text_put_padded(out, ':', d->second, 2);
	text_put_offset(out, d->offset_min, true);
}

void text_date_rfc822(struct buf *out, const struct text_date *d)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed",
					   "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr",
					     "May", "Jun", "Jul", "Aug",
					     "Sep", "Oct", "Nov", "Dec"};
	buf_printf(out, "%s, %02d %s %04d %02d:%02d:%02d ", days[d->weekday],
		   d->day, months[d->month - 1], d->year, d->hour, d->minute,
		   d->second);
	text_put_offset(out, d->offset_min, false);
}

void text_date_vi(struct buf *out, const struct text_date *d)
{
	static const char *const days[] = {"Chủ nhật", "Thứ hai", "Thứ ba",
					   "Thứ tư",   "Thứ năm", "Thứ sáu",
					   "Thứ bảy"};
	buf_puts(out, days[d->weekday]);
	buf_puts(out, ", ");
	text_date_short(out, d);
}

void text_date_short(struct buf *out, const struct text_date *d)
{
	text_put_padded(out, 0, d->day, 2);
	text_put_padded(out, '/', d->month, 2);
	text_put_padded(out, '/', d->year, 4);
}

void text_date_ymd(struct buf *out, const struct text_date *d)
{
	text_put_padded(out, 0, d->year, 4);
	text_put_padded(out, '-', d->month, 2);
	text_put_padded(out, '-', d->day, 2);
}

void text_date_hm(struct buf *out, const struct text_date *d)
{
	buf_printf(out, "%02d:%02d", d->hour, d->minute);
}
