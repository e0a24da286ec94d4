/* text_date: dates and times as front matter writes them and as pages
 * show them.  Parsing and formatting are pure arithmetic on a UTC offset
 * (no TZ, no locale), so output is the same on every machine; only
 * text_tz_offset reads the system's zone files, once at start-up:
 *
 *     struct text_date d;
 *     text_date_parse("2022-04-19 08:00", 420, &d);
 *     text_date_vi(&b, &d);   // "Thứ ba, 19/04/2022"
 */
#ifndef CONGBO_TEXT_DATE_H
#define CONGBO_TEXT_DATE_H

#include <stdbool.h>

#include "buf.h"

/* A calendar instant: epoch is seconds since 1970-01-01T00:00:00Z; the
 * other fields are the local date and time at UTC offset offset_min
 * (minutes east of UTC, +420 for Việt Nam).  weekday is 0 for Sunday
 * through 6 for Saturday.  has_time is false for a date written without a
 * time (it then stands for local midnight). */
struct text_date {
	long long epoch;
	int offset_min;
	int year, month, day, hour, minute, second;
	int weekday;
	bool has_time;
};

/* The forms text_date_parse accepts, for error messages. */
#define TEXT_DATE_FORMS \
	"YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] or YYYY-MM-DDTHH:MM[:SS], " \
	"optionally followed by Z, +HH:MM or +HHMM (or -)"

/* Parses the NUL-terminated s, in one of the TEXT_DATE_FORMS exactly (no
 * surrounding spaces, no fractions of a second, years 0001-9999).  A value
 * without Z or an offset is taken to be at default_offset_min.  Returns 0
 * and fills *out, or -1 for anything else, including impossible dates
 * (2022-02-30, month 13, hour 24, second 60); the caller writes the
 * message.  Pure arithmetic: no TZ, no locale. */
int text_date_parse(const char *s, int default_offset_min,
		    struct text_date *out);

/* Fills *out with the instant epoch seen at UTC offset offset_min (minutes
 * east, |offset| < 24 h); has_time is set to true. */
void text_date_from_epoch(struct text_date *out, long long epoch,
			  int offset_min);

/* Stores in *offset_min the UTC offset, in minutes east, that the IANA
 * zone tz_name ("Asia/Ho_Chi_Minh" -> +420) has at the instant epoch.
 * Returns -1 if the name is malformed or no such zone is installed
 * (tzdata: the zone file is looked up under $TZDIR or the system zoneinfo
 * folder; the C library would otherwise fall back to UTC silently).
 *
 * NOT thread-safe: it sets TZ, calls tzset and localtime_r, then restores
 * TZ.  Call it at start-up, on one thread, before any worker starts, and
 * keep the result in the run's config: everything else in this module is
 * pure arithmetic on offsets. */
int text_tz_offset(const char *tz_name, long long epoch, int *offset_min);

/* "2022-04-19T08:00:00+07:00" (RFC 3339, for feeds, sitemaps, <time>).
 * Always with a time (00:00:00 for a date alone) and a numeric offset,
 * +00:00 for UTC. */
void text_date_iso(struct buf *out, const struct text_date *d);
/* "Tue, 19 Apr 2022 08:00:00 +0700" (RFC 822/1123, for RSS pubDate). */
void text_date_rfc822(struct buf *out, const struct text_date *d);
/* "Thứ ba, 19/04/2022": the Vietnamese weekday (Chủ nhật, Thứ hai ... Thứ
 * bảy), capitalised since it opens the phrase, then the short date. */
void text_date_vi(struct buf *out, const struct text_date *d);
/* "19/04/2022" */
void text_date_short(struct buf *out, const struct text_date *d);
/* "2022-04-19" (archive paths, CSV) */
void text_date_ymd(struct buf *out, const struct text_date *d);
/* "08:00" (local hour and minute) */
void text_date_hm(struct buf *out, const struct text_date *d);

#endif
