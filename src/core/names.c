/* SPDX-License-Identifier: ISC */
/*
 * Edit distance between short names, one row of the dynamic programme at a
 * time.
 */
#include <ctype.h>
#include <stdint.h>
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
