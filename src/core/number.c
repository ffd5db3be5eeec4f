/* SPDX-License-Identifier: ISC */
/*
 * Whole numbers read from text: digits only, checked for overflow.
 */
#include "core/number.h"

int
number_parse(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t	v = 0;
	int		big = 0;

	if (*s < '0' || *s > '9')
		return (-1);
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			big = 1;
		else
			v = v * 10 + (uint64_t)(*s - '0');
	}
	if (*s != '\0')
		return (-1);
	if (big || v > max) {
		*out = max;
		return (-2);
	}
	*out = v;
	return (0);
}
