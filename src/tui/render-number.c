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

/* A leading '-' as U+2212 when the terminal draws it (caps->term). */
static void
render_number_minus(char *buf, size_t size, const char *tmp,
    const struct gs_caps *caps)
{
	if (caps->term && caps->utf8 && tmp[0] == '-')
		snprintf(buf, size, "\xe2\x88\x92%s", tmp + 1);
	else
		snprintf(buf, size, "%s", tmp);
}

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
	render_number_minus(buf, size, tmp, caps);
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

char *
render_base(char *buf, size_t size, const struct gs_explanation *ex,
    int shortform, const struct gs_caps *caps)
{
	char	lab[96], num[64], *over;

	/* The grid drops combining marks: never the x-bar form here. */
	explanation_base_label(ex, 0, lab, sizeof lab);
	if (shortform && (over = strstr(lab, " over ")) != NULL)
		*over = '\0';
	snprintf(buf, size, "%s = %s", lab, render_fx(num, sizeof num,
	    ex->base, caps));
	return (buf);
}

char *
render_gap(char *buf, size_t size, const struct gs_explanation *ex,
    int with_se, const struct gs_caps *caps)
{
	char	tmp[32], g[64], se[64] = "";

	if (isnan(ex->gap)) {
		snprintf(buf, size, "gap -");
		return (buf);
	}
	snprintf(tmp, sizeof tmp, "%+.3g", ex->gap);
	render_number_minus(g, sizeof g, tmp, caps);
	if (with_se && ex->gap_se > 0)
		snprintf(se, sizeof se, " %s %.2g", RS(caps, "\xc2\xb1",
		    "+/-"), ex->gap_se);
	snprintf(buf, size, "gap %s%s %s", g, se,
	    gap_verdict_name(ex->gap_verdict));
	return (buf);
}

char *
render_scale_note(char *buf, size_t size, double fx, int axis)
{
	if (axis == GS_AXIS_PROB)
		snprintf(buf, size, " (p %.3g)", 1 / (1 + exp(-fx)));
	else if (axis == GS_AXIS_LOGODDS && fx > 0 && fx < 1)
		snprintf(buf, size, " (log-odds %.3g)", log(fx / (1 - fx)));
	else if (axis == GS_AXIS_LOGODDS)
		snprintf(buf, size, " (log-odds %s)", fx <= 0 ? "-inf" : "inf");
	else
		buf[0] = '\0';
	return (buf);
}
