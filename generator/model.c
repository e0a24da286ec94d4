/* model: the queries every stage shares on the loaded model (see
 * model.h). */
#include "model.h"

const struct page *site_markdown_page(const struct site *site, size_t i)
{
	return i < site->post_count ? site->posts[i]
				    : site->pages[i - site->post_count];
}
