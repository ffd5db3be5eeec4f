/* SPDX-License-Identifier: ISC */
/*
 * SHA-256 (FIPS 180-4), for the provenance of a report: the digest of the
 * model and data files an explanation came from. No Debian crypto library
 * is a dependency of gshap, and this is all it needs of one.
 */
#ifndef GS_SHA256_H
#define GS_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* A digest in progress; sha256_init it before use. */
struct gs_sha256 {
	uint32_t	 h[8];		/* the chaining state */
	uint64_t	 len;		/* bytes hashed so far */
	unsigned char	 buf[64];	/* a block being filled */
	size_t		 nbuf;		/* bytes in buf */
};

/* Size of the hexadecimal digest with its terminating NUL. */
#define GS_SHA256_HEX	65

void	sha256_init(struct gs_sha256 *s);
/* Hash len more bytes of p. */
void	sha256_update(struct gs_sha256 *s, const void *p, size_t len);
/* Finish: the 32-byte digest into out; s must be initialised again. */
void	sha256_final(struct gs_sha256 *s, unsigned char out[32]);

/* The lower-case hexadecimal digest of len bytes of p into hex. Returns hex. */
char	*sha256_hex(const void *p, size_t len, char hex[GS_SHA256_HEX]);

/*
 * The lower-case hexadecimal digest of the file at path into hex.
 * Errors: GS_EIO ("path: reason").
 */
int	sha256_file(const char *path, char hex[GS_SHA256_HEX],
	    struct gs_error *err);

#endif
