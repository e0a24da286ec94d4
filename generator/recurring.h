/* recurring: articles whose titles (or slugs) give one URL.
 *
 * A portal repeats titles ("Lịch công tác tuần", "Thông báo tuyển
 * dụng"), and a published URL must never change.  So within a group of
 * articles sharing a URL, the article added first keeps the plain URL and
 * every other one takes a suffix made from its own date:
 *
 *     tin-tuc/2024/lich-cong-tac-tuan/              first added
 *     tin-tuc/2024/lich-cong-tac-tuan-2024-03-11/   its date
 *     tin-tuc/2024/lich-cong-tac-tuan-2024-03-11-0800/        same day
 *     tin-tuc/2024/lich-cong-tac-tuan-2024-03-11-0800-ban-2/  same minute:
 *                                                   the file name's stem
 *
 * "First added" is the time of the commit that added the file (history.h);
 * files not committed yet come after every committed one.  Without a
 * history the order is the front-matter date, then the source path.  An
 * article whose slug is pinned in its front matter ("slug:") comes before
 * all others.  A suffix is the shortest one that no article before it in
 * this order holds, so adding an article never moves one already there. */
#ifndef CONGBO_RECURRING_H
#define CONGBO_RECURRING_H

#include <stdbool.h>

#include "diag.h"

struct history;
struct site;

/* Gives every article of a group but the first its suffixed URL.  history
 * orders the group (NULL: no git history); it is asked for only when a
 * group exists, through get_history(ctx), which may be NULL.  With notes,
 * a note per group names its files and their URLs (for `congbo check`). */
void recurring_place(struct site *site,
		     const struct history *(*get_history)(void *ctx),
		     void *ctx, bool notes, struct diag_list *diags);

#endif
