/* SPDX-License-Identifier: ISC */
/*
 * SHA-256 as FIPS 180-4 section 6.2 defines it: 64-byte blocks, a message
 * schedule of 64 words, the 64 round constants (the first 32 bits of the
 * fractional parts of the cube roots of the first 64 primes) and padding
 * with a 1 bit, zeros and the 64-bit length in bits.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/sha256.h"

static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

/* Rotate x right by n bits (0 < n < 32). */
#define SHA256_ROTR(x, n)	(((x) >> (n)) | ((x) << (32 - (n))))

/* One block of 64 bytes into the state (FIPS 180-4, 6.2.2). */
static void
sha256_block(uint32_t h[8], const unsigned char *p)
{
	uint32_t	w[64], a, b, c, d, e, f, g, k, t1, t2;
	int		i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (i = 16; i < 64; i++)
		w[i] = (SHA256_ROTR(w[i - 2], 17) ^ SHA256_ROTR(w[i - 2], 19) ^
		    (w[i - 2] >> 10)) + w[i - 7] + (SHA256_ROTR(w[i - 15], 7) ^
		    SHA256_ROTR(w[i - 15], 18) ^ (w[i - 15] >> 3)) + w[i - 16];
	a = h[0];
	b = h[1];
	c = h[2];
	d = h[3];
	e = h[4];
	f = h[5];
	g = h[6];
	k = h[7];
	for (i = 0; i < 64; i++) {
		t1 = k + (SHA256_ROTR(e, 6) ^ SHA256_ROTR(e, 11) ^
		    SHA256_ROTR(e, 25)) + ((e & f) ^ (~e & g)) + sha256_k[i] +
		    w[i];
		t2 = (SHA256_ROTR(a, 2) ^ SHA256_ROTR(a, 13) ^
		    SHA256_ROTR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		k = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
	h[5] += f;
	h[6] += g;
	h[7] += k;
}

void
sha256_init(struct gs_sha256 *s)
{
	static const uint32_t h0[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372,
	    0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

	memcpy(s->h, h0, sizeof h0);
	s->len = 0;
	s->nbuf = 0;
}

void
sha256_update(struct gs_sha256 *s, const void *p, size_t len)
{
	const unsigned char	*q = p;
	size_t			 n;

	s->len += len;
	while (len > 0) {
		if (s->nbuf == 0 && len >= 64) {
			sha256_block(s->h, q);
			q += 64;
			len -= 64;
			continue;
		}
		n = 64 - s->nbuf < len ? 64 - s->nbuf : len;
		memcpy(s->buf + s->nbuf, q, n);
		s->nbuf += n;
		q += n;
		len -= n;
		if (s->nbuf == 64) {
			sha256_block(s->h, s->buf);
			s->nbuf = 0;
		}
	}
}

void
sha256_final(struct gs_sha256 *s, unsigned char out[32])
{
	uint64_t	bits = s->len * 8;
	int		i;

	s->buf[s->nbuf++] = 0x80;
	if (s->nbuf > 56) {
		memset(s->buf + s->nbuf, 0, 64 - s->nbuf);
		sha256_block(s->h, s->buf);
		s->nbuf = 0;
	}
	memset(s->buf + s->nbuf, 0, 56 - s->nbuf);
	for (i = 0; i < 8; i++)
		s->buf[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	sha256_block(s->h, s->buf);
	for (i = 0; i < 32; i++)
		out[i] = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));
	memset(s, 0, sizeof *s);
}

/* The digest as 64 hexadecimal digits. */
static char *
sha256_tohex(const unsigned char d[32], char hex[GS_SHA256_HEX])
{
	static const char	digits[] = "0123456789abcdef";
	int			i;

	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[64] = '\0';
	return (hex);
}

char *
sha256_hex(const void *p, size_t len, char hex[GS_SHA256_HEX])
{
	struct gs_sha256	s;
	unsigned char		d[32];

	sha256_init(&s);
	sha256_update(&s, p, len);
	sha256_final(&s, d);
	return (sha256_tohex(d, hex));
}

int
sha256_file(const char *path, char hex[GS_SHA256_HEX], struct gs_error *err)
{
	struct gs_sha256	s;
	unsigned char		buf[65536], d[32];
	size_t			n;
	FILE			*f;
	int			fail;

	if ((f = fopen(path, "rb")) == NULL)
		return (gs_error_set(err, GS_EIO, "%s: %s", path,
		    strerror(errno)));
	sha256_init(&s);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sha256_update(&s, buf, n);
	fail = ferror(f) ? errno : 0;
	fclose(f);
	if (fail)
		return (gs_error_set(err, GS_EIO, "%s: %s", path,
		    strerror(fail)));
	sha256_final(&s, d);
	sha256_tohex(d, hex);
	return (0);
}
