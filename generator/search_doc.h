/* search_doc: one page's words for the search index, in the compact form
 * the index is merged from and the search cache keeps between builds.
 *
 * A page's record lists its distinct words (syllables, for Vietnamese),
 * each as text_word_lower writes it (lowercase, accents kept), sorted
 * bytewise, with where it occurs; then each pair of words that follow one
 * another with only spaces between them ("cải cách", "hành chính"), as
 * indexes into that list:
 *
 *     varint nwords; per word: varint len, bytes, flags
 *     varint npairs; per pair: varint (a - previous a), varint b, flags
 *
 * flags: SEARCH_IN_TITLE, SEARCH_IN_BODY.  Varints are LEB128 (seven bits
 * a byte, low first), the same as in the index files.
 *
 *     struct buf rec;
 *     buf_init(&rec);
 *     search_doc_encode(&rec, "Hội nghị CCHC", text, strlen(text));
 *     ... search_doc_decode(&arena, rec.data, rec.len, &doc) ...
 */
#ifndef CONGBO_SEARCH_DOC_H
#define CONGBO_SEARCH_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"

#define SEARCH_IN_TITLE 1u
#define SEARCH_IN_BODY 2u

/* Pairs are kept from the title and from this many first words of the
 * body: the lead, where a news article names its subject.  Pairs from the
 * whole body would double the index for little gain in ranking. */
#define SEARCH_PAIR_WINDOW 400

struct search_word {
	const char *text;     /* points into the record: not NUL-terminated */
	size_t len;
	unsigned flags;
};

struct search_pair {
	uint32_t a, b;        /* indexes into the words */
	unsigned flags;
};

struct search_doc {
	struct search_word *words;
	size_t word_count;
	struct search_pair *pairs;
	size_t pair_count;
};

/* Appends to out the record of a page titled title whose plain text
 * (HTML already stripped) is text[0..len). */
void search_doc_encode(struct buf *out, const char *title, const char *text,
		       size_t len);

/* Reads record rec[0..len) into *doc, its arrays allocated in a and its
 * words pointing into rec.  Returns 0, or -1 when rec is not a well-formed
 * record (a corrupt cache). */
int search_doc_decode(struct arena *a, const char *rec, size_t len,
		      struct search_doc *doc);

/* LEB128 varints, for the record and the index files. */
void search_put_varint(struct buf *out, uint64_t v);
/* Reads one from *p (before end), moving *p past it; -1 when truncated
 * or longer than 64 bits. */
int search_get_varint(const unsigned char **p, const unsigned char *end,
		      uint64_t *v);

#endif
