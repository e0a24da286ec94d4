/* digest: SHA-256 of bytes, as the site's manifest (SHA256SUMS) lists
 * them: 64 lowercase hex digits, what `sha256sum` prints. */
#ifndef CONGBO_DIGEST_H
#define CONGBO_DIGEST_H

#include <stddef.h>

#define DIGEST_SHA256_HEX_SIZE 65   /* 64 hex digits and a NUL */

/* out = the SHA-256 of data[0..len) in hex. */
void digest_sha256_hex(const void *data, size_t len,
		       char out[DIGEST_SHA256_HEX_SIZE]);

#endif
