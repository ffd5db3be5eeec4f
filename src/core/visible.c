/* SPDX-License-Identifier: ISC */
/*
 * Control characters made visible: one scan that classifies each byte or
 * UTF-8 sequence as shown as it is or escaped as \xHH (see visible.h).
 */
#include <string.h>

#include "core/visible.h"

size_t
visible_utf8_len(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t	n, i;
	unsigned cp;

	if (*s < 0x80)
		return (1);
	if (*s >= 0xc2 && *s <= 0xdf) {
		n = 2;
		cp = *s & 0x1f;
	} else if (*s >= 0xe0 && *s <= 0xef) {
		n = 3;
		cp = *s & 0x0f;
	} else if (*s >= 0xf0 && *s <= 0xf4) {
		n = 4;
		cp = *s & 0x07;
	} else
		return (0);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return (0);
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 ||
	    cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return (0);
	return (n);
}

/*
 * Length of the character at s that may be shown as it is, or 0 when the
 * byte at s must be escaped: a C0 control or DEL (unless flags keep
 * newlines and tabs), a C1 control (U+0080..U+009F, as UTF-8), or
 * malformed UTF-8.
 */
static size_t
visible_char(const unsigned char *s, int flags)
{
	size_t	n;

	if (*s < 0x80) {
		if ((*s == '\n' || *s == '\t') && (flags & VISIBLE_KEEP_NL))
			return (1);
		return (*s < 0x20 || *s == 0x7f ? 0 : 1);
	}
	if ((n = visible_utf8_len((const char *)s)) == 0)
		return (0);
	if (s[0] == 0xc2 && s[1] < 0xa0)
		return (0);
	return (n);
}

char *
visible_copy(char *dst, size_t size, const char *s, int flags)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t		 o = 0, n;

	if (size == 0)
		return (dst);
	while (*p != '\0') {
		if ((n = visible_char(p, flags)) > 0) {
			if (o + n >= size)
				break;
			memcpy(dst + o, p, n);
			o += n;
			p += n;
			continue;
		}
		if (o + 4 >= size)
			break;
		dst[o++] = '\\';
		dst[o++] = 'x';
		dst[o++] = hex[*p >> 4];
		dst[o++] = hex[*p & 0xf];
		p++;
	}
	dst[o] = '\0';
	return (dst);
}

void
visible_fputs(const char *s, FILE *f, int flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t		 n;

	while (*p != '\0') {
		if ((n = visible_char(p, flags)) > 0) {
			fwrite(p, 1, n, f);
			p += n;
		} else
			fprintf(f, "\\x%02x", *p++);
	}
}

int
visible_needed(const char *s, int flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t		 n;

	while (*p != '\0') {
		if ((n = visible_char(p, flags)) == 0)
			return (1);
		p += n;
	}
	return (0);
}

size_t
visible_len(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t		 n, cols = 0;

	while (*p != '\0') {
		if ((n = visible_char(p, 0)) > 0) {
			cols++;
			p += n;
		} else {
			cols += 4;
			p++;
		}
	}
	return (cols);
}

const char *
visible_str(const char *s)
{
	static _Thread_local char buf[8][512];
	static _Thread_local unsigned next;
	char	*b;

	if (s == NULL || !visible_needed(s, 0))
		return (s);
	b = buf[next++ % 8];
	return (visible_copy(b, sizeof buf[0], s, 0));
}

void
visible_write(const char *s, size_t len, FILE *f, int flags)
{
	const char	*end = s + len, *nul;

	while (s < end) {
		if ((nul = memchr(s, '\0', (size_t)(end - s))) == NULL) {
			/* The last part: visible_fputs needs it terminated. */
			char	buf[4096];
			size_t	n;

			while (s < end) {
				n = (size_t)(end - s) < sizeof buf - 4 ?
				    (size_t)(end - s) : sizeof buf - 4;
				/* Never cut a UTF-8 character in two. */
				while (n > 1 && n < (size_t)(end - s) &&
				    ((unsigned char)s[n] & 0xc0) == 0x80)
					n--;
				memcpy(buf, s, n);
				buf[n] = '\0';
				visible_fputs(buf, f, flags);
				s += n;
			}
			return;
		}
		visible_write(s, (size_t)(nul - s), f, flags);
		fputs("\\x00", f);
		s = nul + 1;
	}
}
