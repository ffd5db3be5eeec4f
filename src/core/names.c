/* SPDX-License-Identifier: ISC */
/*
 * Edit distance between short names, one row of the dynamic programme at a
 * time; lists of names shortened in the middle for messages.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/names.h"

size_t
names_distance(const char *a, const char *b, int fold)
{
	size_t	la = strlen(a), lb = strlen(b), i, j, prev, cur, sub;
	size_t	d[65];
	int	ca, cb;

	if (la > 64 || lb > 64)
		return (SIZE_MAX);
	for (j = 0; j <= lb; j++)
		d[j] = j;
	for (i = 1; i <= la; i++) {
		prev = d[0];
		d[0] = i;
		for (j = 1; j <= lb; j++) {
			ca = (unsigned char)a[i - 1];
			cb = (unsigned char)b[j - 1];
			if (fold) {
				ca = tolower(ca);
				cb = tolower(cb);
			}
			sub = prev + (ca != cb);
			prev = d[j];
			cur = d[j] + 1;
			if (d[j - 1] + 1 < cur)
				cur = d[j - 1] + 1;
			if (sub < cur)
				cur = sub;
			d[j] = cur;
		}
	}
	return (d[lb]);
}

/* Append s to buf (len bytes used of size); 0 when it does not fit. */
static int
names_append(char *buf, size_t size, size_t *len, const char *s)
{
	size_t	l = strlen(s);

	if (*len + l >= size)
		return (0);
	memcpy(buf + *len, s, l + 1);
	*len += l;
	return (1);
}

/*
 * Join names[0..head) and, when head < n, ", ..., " and the last two with
 * the count; 0 when that does not fit in size.
 */
static int
names_join(char *buf, size_t size, const char *const *names, size_t n,
    size_t head, const char *noun)
{
	char	count[64];
	size_t	i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i == head) {
			if (!names_append(buf, size, &len, ", ..."))
				return (0);
			i = n - 2;
		}
		if ((i > 0 && !names_append(buf, size, &len, ", ")) ||
		    !names_append(buf, size, &len, names[i]))
			return (0);
	}
	if (head < n) {
		snprintf(count, sizeof count, " (%zu %s)", n, noun);
		if (!names_append(buf, size, &len, count))
			return (0);
	}
	return (1);
}

char *
names_list(char *buf, size_t size, const char *const *names, size_t n,
    const char *noun)
{
	size_t	head;

	if (size == 0)
		return (buf);
	if (names_join(buf, size, names, n, n, noun))
		return (buf);
	/* Each name takes at least 3 bytes: no more than size / 3 of them. */
	head = n > 3 ? n - 3 : 0;
	if (head > size / 3)
		head = size / 3;
	for (; head > 0; head--)
		if (names_join(buf, size, names, n, head, noun))
			return (buf);
	snprintf(buf, size, "%zu %s", n, noun);
	return (buf);
}

size_t
names_closest(const char *key, const char *const *cands, size_t n,
    size_t *dist)
{
	size_t	i, d, best = 0;

	*dist = (size_t)-1;
	for (i = 0; i < n; i++)
		if ((d = names_distance(key, cands[i], 1)) < *dist) {
			*dist = d;
			best = i;
		}
	return (best);
}

size_t
names_suggest(const char *key, const char *const *cands, size_t n,
    const char *prefix, struct gs_error *err)
{
	size_t		i, k = 0, near = strlen(key) <= 4 ? 1 : 2;

	for (i = 0; i < n; i++) {
		if (cands[i] == NULL || names_distance(key, cands[i], 0) > near)
			continue;
		gs_error_append(err, "%s %s%s", k++ == 0 ? ", did you mean" :
		    " or", prefix, cands[i]);
	}
	if (k > 0)
		gs_error_append(err, "?");
	return (k);
}
