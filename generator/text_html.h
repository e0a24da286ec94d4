/* text_html: the plain text of an HTML fragment, for summaries, meta
 * descriptions and the search index. */
#ifndef CONGBO_TEXT_HTML_H
#define CONGBO_TEXT_HTML_H

#include <stddef.h>

#include "buf.h"

/* Appends the plain text of the HTML fragment html[0..len): tags dropped
 * (block tags such as <p>, <br>, <li> separate words; <script> and <style>
 * lose their content; comments go), &amp; &lt; &gt; &quot; &apos; &nbsp;
 * a few typographic named entities and numeric entities decoded (unknown
 * ones kept as written), whitespace runs collapsed to one space and
 * trimmed.  If that is longer than max_chars characters (combining marks
 * not counted), it is cut on a word boundary (mid-word only if the first
 * word alone is too long) and ends in "…", the whole at most max_chars
 * characters.  max_chars 0 means no limit.  Reads only as much of html as
 * the limit needs. */
void text_strip_html(struct buf *out, const char *html, size_t len,
		     size_t max_chars);

#endif
