/* SPDX-License-Identifier: ISC */
/*
 * The JSON reader: recursive descent over a whole buffer into a tree of
 * struct gs_json, each value with the line and column it starts on.
 * Numbers are read in the C locale whatever the process locale; strings
 * are checked to be UTF-8 and their escapes (surrogate pairs included)
 * decoded.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE		/* strtod_l, newlocale */
#endif

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/slurp.h"
#include "core/xmalloc.h"
#include "data/json.h"

/* The parser's place in the buffer. */
struct json_parser {
	const char	*buf;		/* input, borrowed */
	size_t		 size;		/* its bytes */
	size_t		 p;		/* next byte */
	size_t		 line;		/* 1-based line of p */
	size_t		 bol;		/* offset where that line begins */
	const char	*name;		/* file name for messages */
	struct gs_error	*err;		/* where errors go */
};

static pthread_once_t	 json_locale_once = PTHREAD_ONCE_INIT;
static locale_t		 json_c_locale;		/* for numbers, made once */

/* Create the C locale used for numbers. */
static void
json_locale_init(void)
{
	json_c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (json_c_locale == (locale_t)0) {
		fprintf(stderr, "gshap: cannot create the C locale\n");
		abort();
	}
}

/* Fail with GS_EPARSE at the parser's place. */
static int
json_fail(struct json_parser *jp, const char *what)
{
	return (gs_error_set(jp->err, GS_EPARSE, "%s:%zu:%zu: %s", jp->name,
	    jp->line, jp->p - jp->bol + 1, what));
}

/* Fail naming what was found at p: the character, or the end. */
static int
json_unexpected(struct json_parser *jp, const char *wanted)
{
	unsigned char	c;
	char		msg[160];

	if (jp->p >= jp->size)
		snprintf(msg, sizeof msg, "expected %s, found the end of the "
		    "file", wanted);
	else if ((c = (unsigned char)jp->buf[jp->p]) >= 0x21 && c < 0x7f)
		snprintf(msg, sizeof msg, "expected %s, found '%c'", wanted, c);
	else
		snprintf(msg, sizeof msg, "expected %s, found byte 0x%02x",
		    wanted, c);
	return (json_fail(jp, msg));
}

/* Skip blanks (space, tab, line breaks), counting lines. */
static void
json_blanks(struct json_parser *jp)
{
	char	c;

	while (jp->p < jp->size) {
		c = jp->buf[jp->p];
		if (c == '\n' || (c == '\r' && (jp->p + 1 >= jp->size ||
		    jp->buf[jp->p + 1] != '\n'))) {
			jp->p++;
			jp->line++;
			jp->bol = jp->p;
		} else if (c == ' ' || c == '\t' || c == '\r')
			jp->p++;
		else
			break;
	}
}

/* Whether the buffer at p starts with word (a literal). */
static int
json_word(struct json_parser *jp, const char *word)
{
	size_t	len = strlen(word);

	if (jp->size - jp->p < len || memcmp(jp->buf + jp->p, word, len) != 0)
		return (0);
	jp->p += len;
	return (1);
}

/* Four hex digits at p into *v. */
static int
json_hex4(struct json_parser *jp, unsigned *v)
{
	size_t	i;
	char	c;

	*v = 0;
	for (i = 0; i < 4; i++) {
		if (jp->p >= jp->size)
			return (json_unexpected(jp, "4 hex digits after \\u"));
		c = jp->buf[jp->p];
		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return (json_unexpected(jp, "4 hex digits after \\u"));
		jp->p++;
	}
	return (0);
}

/* Append code point u as UTF-8 to out (room for 4 bytes at *len). */
static void
json_put_utf8(char *out, size_t *len, unsigned u)
{
	if (u < 0x80)
		out[(*len)++] = (char)u;
	else if (u < 0x800) {
		out[(*len)++] = (char)(0xc0 | (u >> 6));
		out[(*len)++] = (char)(0x80 | (u & 0x3f));
	} else if (u < 0x10000) {
		out[(*len)++] = (char)(0xe0 | (u >> 12));
		out[(*len)++] = (char)(0x80 | ((u >> 6) & 0x3f));
		out[(*len)++] = (char)(0x80 | (u & 0x3f));
	} else {
		out[(*len)++] = (char)(0xf0 | (u >> 18));
		out[(*len)++] = (char)(0x80 | ((u >> 12) & 0x3f));
		out[(*len)++] = (char)(0x80 | ((u >> 6) & 0x3f));
		out[(*len)++] = (char)(0x80 | (u & 0x3f));
	}
}

/* Length of the well-formed UTF-8 sequence at s (n bytes left), or 0. */
static size_t
json_utf8_len(const unsigned char *s, size_t n)
{
	size_t		len, i;
	unsigned	u;

	if (s[0] < 0x80)
		return (1);
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return (0);
	if (n < len)
		return (0);
	u = s[0] & (0x3f >> (len - 1));
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return (0);
		u = (u << 6) | (s[i] & 0x3f);
	}
	/* No overlong forms, surrogates or code points past U+10FFFF. */
	if ((len == 3 && u < 0x800) || (len == 4 && u < 0x10000) ||
	    (u >= 0xd800 && u <= 0xdfff) || u > 0x10ffff)
		return (0);
	return (len);
}

/* A string whose opening quote is at p, into *out (owned). */
static int
json_string(struct json_parser *jp, char **out)
{
	const unsigned char *s;
	char		*buf;
	size_t		 len = 0, cap = 64, n;
	unsigned	 u, lo;

	*out = NULL;
	buf = xmalloc(cap);
	jp->p++;
	for (;;) {
		if (cap - len < 8) {
			cap *= 2;
			buf = xreallocarray(buf, cap, 1);
		}
		if (jp->p >= jp->size) {
			free(buf);
			return (json_fail(jp, "unterminated string: the closing "
			    "quote is missing"));
		}
		s = (const unsigned char *)jp->buf + jp->p;
		if (*s == '"') {
			jp->p++;
			break;
		}
		if (*s < 0x20) {
			free(buf);
			return (json_fail(jp, *s == '\n' || *s == '\r' ?
			    "line break inside a string (write \\n)" :
			    "control character inside a string (write it as "
			    "\\u00XX)"));
		}
		if (*s == '\\') {
			jp->p++;
			if (jp->p >= jp->size) {
				free(buf);
				return (json_unexpected(jp, "an escape"));
			}
			switch (jp->buf[jp->p++]) {
			case '"': buf[len++] = '"'; break;
			case '\\': buf[len++] = '\\'; break;
			case '/': buf[len++] = '/'; break;
			case 'b': buf[len++] = '\b'; break;
			case 'f': buf[len++] = '\f'; break;
			case 'n': buf[len++] = '\n'; break;
			case 'r': buf[len++] = '\r'; break;
			case 't': buf[len++] = '\t'; break;
			case 'u':
				if (json_hex4(jp, &u) != 0)
					goto fail;
				if (u >= 0xdc00 && u <= 0xdfff) {
					json_fail(jp, "a lone low surrogate "
					    "in \\u escapes");
					goto fail;
				}
				if (u >= 0xd800 && u <= 0xdbff) {
					if (!json_word(jp, "\\u")) {
						json_fail(jp, "a high surrogate "
						    "without its low half");
						goto fail;
					}
					if (json_hex4(jp, &lo) != 0)
						goto fail;
					if (lo < 0xdc00 || lo > 0xdfff) {
						json_fail(jp, "a high surrogate "
						    "without its low half");
						goto fail;
					}
					u = 0x10000 + ((u - 0xd800) << 10) +
					    (lo - 0xdc00);
				}
				if (u == 0) {
					json_fail(jp, "\\u0000 (a NUL "
					    "character) in a string");
					goto fail;
				}
				json_put_utf8(buf, &len, u);
				break;
			default:
				jp->p -= 2;
				json_fail(jp, "unknown escape in a string");
				goto fail;
			}
			continue;
		}
		if ((n = json_utf8_len(s, jp->size - jp->p)) == 0) {
			json_fail(jp, "malformed UTF-8 in a string");
			goto fail;
		}
		memcpy(buf + len, s, n);
		len += n;
		jp->p += n;
	}
	buf[len] = '\0';
	*out = buf;
	return (0);
fail:
	free(buf);
	return (-1);
}

/* A number at p: the JSON grammar, then its value in the C locale. */
static int
json_number(struct json_parser *jp, double *v)
{
	size_t	 q = jp->p, nd;
	char	 tmp[64], *end;
	const char *b = jp->buf;

	if (q < jp->size && b[q] == '-')
		q++;
	if (q < jp->size && b[q] == '0')
		q++;
	else if (q < jp->size && b[q] >= '1' && b[q] <= '9')
		while (q < jp->size && b[q] >= '0' && b[q] <= '9')
			q++;
	else
		return (json_unexpected(jp, "a value"));
	if (q < jp->size && b[q] == '.') {
		for (q++, nd = 0; q < jp->size && b[q] >= '0' && b[q] <= '9';
		    q++)
			nd++;
		if (nd == 0) {
			jp->p = q;
			return (json_unexpected(jp, "a digit after '.'"));
		}
	}
	if (q < jp->size && (b[q] == 'e' || b[q] == 'E')) {
		q++;
		if (q < jp->size && (b[q] == '+' || b[q] == '-'))
			q++;
		for (nd = 0; q < jp->size && b[q] >= '0' && b[q] <= '9'; q++)
			nd++;
		if (nd == 0) {
			jp->p = q;
			return (json_unexpected(jp, "a digit in the exponent"));
		}
	}
	if (q - jp->p >= sizeof tmp)
		return (json_fail(jp, "a number of more than 63 characters"));
	memcpy(tmp, b + jp->p, q - jp->p);
	tmp[q - jp->p] = '\0';
	pthread_once(&json_locale_once, json_locale_init);
	errno = 0;
	*v = strtod_l(tmp, &end, json_c_locale);
	if (!isfinite(*v))
		return (json_fail(jp, "a number too large for a double"));
	jp->p = q;
	return (0);
}

static int json_value(struct json_parser *, struct gs_json *, int);

/* Append an empty value to j's items (room grows by doubling). */
static struct gs_json *
json_push(struct gs_json *j, size_t *cap)
{
	if (j->n == *cap) {
		*cap = *cap == 0 ? 4 : 2 * *cap;
		j->items = xreallocarray(j->items, *cap, sizeof *j->items);
		if (j->type == GS_JSON_OBJECT)
			j->keys = xreallocarray(j->keys, *cap,
			    sizeof *j->keys);
	}
	memset(&j->items[j->n], 0, sizeof j->items[j->n]);
	return (&j->items[j->n]);
}

/* The members of an object whose '{' is at p. */
static int
json_object(struct json_parser *jp, struct gs_json *j, int depth)
{
	size_t	cap = 0, i, kline, kcol;
	char	*key, msg[160];

	jp->p++;
	json_blanks(jp);
	if (jp->p < jp->size && jp->buf[jp->p] == '}') {
		jp->p++;
		return (0);
	}
	for (;;) {
		json_blanks(jp);
		if (jp->p >= jp->size || jp->buf[jp->p] != '"')
			return (json_unexpected(jp, "a quoted key"));
		kline = jp->line;
		kcol = jp->p - jp->bol + 1;
		if (json_string(jp, &key) != 0)
			return (-1);
		for (i = 0; i < j->n; i++) {
			if (strcmp(j->keys[i], key) == 0) {
				snprintf(msg, sizeof msg, "key \"%.60s\" "
				    "appears twice in one object (also line "
				    "%zu)", key, j->items[i].line);
				free(key);
				return (gs_error_set(jp->err, GS_EPARSE,
				    "%s:%zu:%zu: %s", jp->name, kline, kcol,
				    msg));
			}
		}
		json_push(j, &cap);
		j->keys[j->n] = key;
		j->n++;
		json_blanks(jp);
		if (jp->p >= jp->size || jp->buf[jp->p] != ':')
			return (json_unexpected(jp, "':' after the key"));
		jp->p++;
		if (json_value(jp, &j->items[j->n - 1], depth + 1) != 0)
			return (-1);
		json_blanks(jp);
		if (jp->p < jp->size && jp->buf[jp->p] == ',') {
			jp->p++;
			continue;
		}
		if (jp->p < jp->size && jp->buf[jp->p] == '}') {
			jp->p++;
			return (0);
		}
		return (json_unexpected(jp, "',' or '}' after an object "
		    "member"));
	}
}

/* The items of an array whose '[' is at p. */
static int
json_array(struct json_parser *jp, struct gs_json *j, int depth)
{
	size_t	cap = 0;

	jp->p++;
	json_blanks(jp);
	if (jp->p < jp->size && jp->buf[jp->p] == ']') {
		jp->p++;
		return (0);
	}
	for (;;) {
		json_push(j, &cap);
		j->n++;
		if (json_value(jp, &j->items[j->n - 1], depth + 1) != 0)
			return (-1);
		json_blanks(jp);
		if (jp->p < jp->size && jp->buf[jp->p] == ',') {
			jp->p++;
			continue;
		}
		if (jp->p < jp->size && jp->buf[jp->p] == ']') {
			jp->p++;
			return (0);
		}
		return (json_unexpected(jp, "',' or ']' after an array item"));
	}
}

/* One value at p (after blanks) into j. */
static int
json_value(struct json_parser *jp, struct gs_json *j, int depth)
{
	char	c;

	json_blanks(jp);
	memset(j, 0, sizeof *j);
	j->line = jp->line;
	j->col = jp->p - jp->bol + 1;
	if (depth > GS_JSON_MAX_DEPTH)
		return (gs_error_set(jp->err, GS_ELIMIT, "%s:%zu:%zu: nested "
		    "more than %d deep", jp->name, j->line, j->col,
		    GS_JSON_MAX_DEPTH));
	if (jp->p >= jp->size)
		return (json_unexpected(jp, "a value"));
	c = jp->buf[jp->p];
	switch (c) {
	case '{':
		j->type = GS_JSON_OBJECT;
		return (json_object(jp, j, depth));
	case '[':
		j->type = GS_JSON_ARRAY;
		return (json_array(jp, j, depth));
	case '"':
		j->type = GS_JSON_STRING;
		return (json_string(jp, &j->str));
	case 't':
	case 'f':
	case 'n':
		if (json_word(jp, "true") || json_word(jp, "false")) {
			j->type = GS_JSON_BOOL;
			j->b = c == 't';
			return (0);
		}
		if (json_word(jp, "null")) {
			j->type = GS_JSON_NULL;
			return (0);
		}
		return (json_unexpected(jp, "a value"));
	case '\0':
		return (json_fail(jp, "NUL byte (is this a binary file?)"));
	default:
		j->type = GS_JSON_NUMBER;
		return (json_number(jp, &j->num));
	}
}

/* Free what j holds (not j itself). */
static void
json_clear(struct gs_json *j)
{
	size_t	i;

	for (i = 0; i < j->n; i++) {
		json_clear(&j->items[i]);
		if (j->keys != NULL)
			free(j->keys[i]);
	}
	free(j->items);
	free(j->keys);
	free(j->str);
	memset(j, 0, sizeof *j);
}

struct gs_json *
json_parse(const char *buf, size_t size, const char *name,
    struct gs_error *err)
{
	struct json_parser	 jp;
	struct gs_json		*j;

	if (size > GS_JSON_MAX_SIZE) {
		gs_error_set(err, GS_ELIMIT, "%s: %zu bytes is over the limit "
		    "of %zu for a JSON file", name, size, GS_JSON_MAX_SIZE);
		return (NULL);
	}
	memset(&jp, 0, sizeof jp);
	jp.buf = buf;
	jp.size = size;
	jp.line = 1;
	jp.name = name;
	jp.err = err;
	if (size >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		jp.p = jp.bol = 3;
	json_blanks(&jp);
	if (jp.p >= size) {
		json_fail(&jp, "the file is empty; expected a JSON value");
		return (NULL);
	}
	j = xcalloc(1, sizeof *j);
	if (json_value(&jp, j, 0) != 0)
		goto fail;
	json_blanks(&jp);
	if (jp.p < size) {
		json_unexpected(&jp, "the end of the file after the value");
		goto fail;
	}
	return (j);
fail:
	json_free(j);
	return (NULL);
}

struct gs_json *
json_load(const char *path, struct gs_error *err)
{
	struct gs_json	*j;
	char		*buf;
	size_t		 len;

	if ((buf = slurp(path, GS_JSON_MAX_SIZE, "a JSON file", &len,
	    err)) == NULL)
		return (NULL);
	j = json_parse(buf, len, path, err);
	free(buf);
	return (j);
}

void
json_free(struct gs_json *j)
{
	if (j == NULL)
		return;
	json_clear(j);
	free(j);
}

const struct gs_json *
json_get(const struct gs_json *j, const char *key)
{
	size_t	i;

	if (j == NULL || j->type != GS_JSON_OBJECT)
		return (NULL);
	for (i = 0; i < j->n; i++)
		if (strcmp(j->keys[i], key) == 0)
			return (&j->items[i]);
	return (NULL);
}

const char *
json_type_name(enum gs_json_type t)
{
	static const char *const names[] = {
		"null", "true or false", "a number", "a string", "an array",
		"an object"
	};
	_Static_assert(sizeof names / sizeof names[0] == GS_JSON_TYPE_COUNT,
	    "json_type_name must name every type");

	return ((size_t)t < GS_JSON_TYPE_COUNT ? names[t] : "?");
}
