/* SPDX-License-Identifier: ISC */
/*
 * Numbers as the views show them (TUI.md G4): decimals for a view's
 * largest |phi|, signed values (U+2212 in the terminal), f(x) and the
 * base to 3 decimals, feature values (integers verbatim, else 4
 * significant digits).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tui/render-int.h"

int
render_decimals(double m)
{
	int	d;

	if (!(m > 0) || !isfinite(m))
		return (2);
	d = 2 - (int)floor(log10(m));
	return (d < 0 ? 0 : d > 6 ? 6 : d);
}

char *
render_signed(char *buf, size_t size, double v, int d, int strip,
    int utf8minus)
{
	char	tmp[64], *dot, *e;

	if (isnan(v)) {
		snprintf(buf, size, "NaN");
		return (buf);
	}
	snprintf(tmp, sizeof tmp, "%+.*f", d, v);
	if (strip && (dot = strchr(tmp, '.')) != NULL) {
		e = tmp + strlen(tmp);
		while (e > dot + 1 && e[-1] == '0')
			*--e = '\0';
		if (e == dot + 1)
			*dot = '\0';
	}
	if (utf8minus && tmp[0] == '-')
		snprintf(buf, size, "\xe2\x88\x92%s", tmp + 1);
	else
		snprintf(buf, size, "%s", tmp);
	return (buf);
}

char *
render_fx(char *buf, size_t size, double v, const struct gs_caps *caps)
{
	char	tmp[64];

	if (v != 0 && fabs(v) < 0.0005)
		snprintf(tmp, sizeof tmp, "%.3g", v);
	else
		snprintf(tmp, sizeof tmp, "%.3f", v);
	if (caps->term && caps->utf8 && tmp[0] == '-')
		snprintf(buf, size, "\xe2\x88\x92%s", tmp + 1);
	else
		snprintf(buf, size, "%s", tmp);
	return (buf);
}

char *
render_value(char *buf, size_t size, double v)
{
	if (isnan(v))
		snprintf(buf, size, "NaN");
	else if (v == floor(v) && fabs(v) < 1e15)
		snprintf(buf, size, "%.0f", v + 0.0);
	else
		snprintf(buf, size, "%.4g", v);
	return (buf);
}
