/*
 * sha256.h — SHA-256 (FIPS 180-4) of a buffer, for the source column: the
 * hash of the original file a converted text (.docx, .pdf) came from.  The
 * command links no crypto library.  Standalone.
 */
#ifndef GAIREPORT_SHA256_H
#define GAIREPORT_SHA256_H

#include <stddef.h>

/* out: 64 lower-case hex digits and a NUL */
void		gai_sha256_hex(const void *data, size_t len, char out[65]);

#endif
