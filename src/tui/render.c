/* SPDX-License-Identifier: ISC */
/*
 * What every view shares: rows sorted and collapsed (TUI.md G5, G6),
 * labels, number formats (G4), sub-cell bars (G1, G2), axes with nice
 * ticks, and the screen frame (title, tabs, f(x) and additivity, method,
 * detail line, key hints) around the view's body.
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/trust.h"
#include "core/xmalloc.h"
#include "tui/render-int.h"

/* Smallest screen of all (the bar view's). */
#define RENDER_MIN_W	40
#define RENDER_MIN_H	12
/* Rows the frame takes: title, tabs, summary, method; detail, hints. */
#define RENDER_TOP	4
#define RENDER_BOTTOM	2

static const char *const render_view_names[GS_VIEW_COUNT] = {
	"bar", "waterfall", "force", "summary", "importance", "heat",
	"dependence", "compare", "exact", "metrics", "path", "trace",
	"convergence"
};
static const char *const render_view_titles[GS_VIEW_COUNT] = {
	"Bar", "Waterfall", "Force", "Summary", "Importance", "Heat",
	"Dependence", "Compare", "Exact", "Metrics", "Path", "Trace",
	"Convergence"
};
static const char *const render_view_short[GS_VIEW_COUNT] = {
	"Bar", "Fall", "Force", "Swarm", "Imp", "Heat", "Dep", "Cmp", "Exact",
	"Qual", "Path", "Trace", "Conv"
};
/* The key of each view's tab (explore.c's key table has the same). */
static const char render_view_keys[GS_VIEW_COUNT + 1] = "123456789MATV";
/* The first teaching view: tabs after it form a second group. */
#define RENDER_TEACH_FIRST	GS_VIEW_EXACT
/* Smallest width and height of each view. */
static const int render_view_min[GS_VIEW_COUNT][2] = {
	{ 40, 12 }, { 50, 14 }, { 60, 16 }, { 50, 14 }, { 40, 12 },
	{ 40, 16 }, { 50, 16 }, { 60, 12 }, { 50, 12 }, { 60, 16 },
	{ 60, 16 }, { 60, 16 }, { 60, 14 }
};
_Static_assert(sizeof render_view_names / sizeof render_view_names[0] ==
    GS_VIEW_COUNT, "render_view_names out of step with enum gs_view");
_Static_assert(sizeof render_view_titles / sizeof render_view_titles[0] ==
    GS_VIEW_COUNT, "render_view_titles out of step with enum gs_view");
_Static_assert(sizeof render_view_short / sizeof render_view_short[0] ==
    GS_VIEW_COUNT, "render_view_short out of step with enum gs_view");
_Static_assert(sizeof render_view_min / sizeof render_view_min[0] ==
    GS_VIEW_COUNT, "render_view_min out of step with enum gs_view");

static const char *const render_sort_names[GS_SORT_COUNT] = {
	"|phi| desc", "phi desc", "phi asc", "name", "input order"
};

static const char *const render_sort_utf8[GS_SORT_COUNT] = {
	"|\xcf\x86|\xe2\x86\x93", "\xcf\x86\xe2\x86\x93",
	"\xcf\x86\xe2\x86\x91", "name", "input"
};

const char *
render_view_name(enum gs_view v)
{
	return (v < GS_VIEW_COUNT ? render_view_names[v] : "?");
}

int
render_view_teach(enum gs_view v)
{
	return (v >= RENDER_TEACH_FIRST && v < GS_VIEW_COUNT);
}

int
render_view_parse(const char *s, enum gs_view *out)
{
	size_t	len = strlen(s);
	int	i, found = -1;

	for (i = 0; i < GS_VIEW_COUNT; i++) {
		if (strcmp(s, render_view_names[i]) == 0) {
			*out = i;
			return (0);
		}
		if (len > 0 && strncmp(s, render_view_names[i], len) == 0) {
			if (found >= 0)
				return (-1);
			found = i;
		}
	}
	if (found < 0)
		return (-1);
	*out = found;
	return (0);
}

const char *
render_sort_name(enum gs_sort s)
{
	return (s < GS_SORT_COUNT ? render_sort_names[s] : "?");
}

void
render_opts_default(struct gs_render_opts *o)
{
	memset(o, 0, sizeof *o);
	o->view = GS_VIEW_BAR;
	o->k = 10;
	o->z = 1.959963984540054;
	o->sort = GS_SORT_ABS;
	o->cursor = -1;
	o->frame = 1;
}

void
render_min_size(enum gs_view v, int *w, int *h)
{
	*w = v < GS_VIEW_COUNT ? render_view_min[v][0] : RENDER_MIN_W;
	*h = v < GS_VIEW_COUNT ? render_view_min[v][1] : RENDER_MIN_H;
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

void
render_image_shape(const long long *dims, int ndim, size_t d, size_t *c,
    size_t *h, size_t *w)
{
	size_t	s;

	*c = *h = *w = 0;
	if (ndim == 4 && dims[1] > 0 && dims[2] > 1 && dims[3] > 1 &&
	    (size_t)(dims[1] * dims[2] * dims[3]) == d) {
		*c = (size_t)dims[1];
		*h = (size_t)dims[2];
		*w = (size_t)dims[3];
		return;
	}
	if (ndim == 3 && dims[1] > 1 && dims[2] > 1 &&
	    (size_t)(dims[1] * dims[2]) == d) {
		*c = 1;
		*h = (size_t)dims[1];
		*w = (size_t)dims[2];
		return;
	}
	/* A flat row of a square number of pixels, 8x8 or more. */
	s = (size_t)llround(sqrt((double)d));
	if (d >= 64 && s * s == d) {
		*c = 1;
		*h = *w = s;
	}
}

void
render_items_get(const struct gs_explanation *ex,
    const struct gs_render_src *src, const struct gs_render_opts *o,
    struct render_items *it)
{
	memset(it, 0, sizeof *it);
	if (ex == NULL)
		return;
	if (o->groups && ex->groups != NULL && ex->gphi != NULL) {
		it->n = ex->groups->n;
		it->names = (const char *const *)ex->groups->names;
		it->phi = ex->gphi;
		it->se = ex->gse;
		it->groups = 1;
		return;
	}
	it->n = ex->d;
	it->names = src->names;
	it->value = ex->value;
	it->phi = ex->phi;
	it->se = ex->se;
}

const char *
render_rest_word(const struct render_items *it)
{
	return (it->groups ? "groups" : "features");
}

/* Sorting context (qsort has no argument). */
static const struct render_items *render_sort_it;
static int render_sort_mode;

static int
render_cmp_abs(const void *pa, const void *pb)
{
	size_t	a = *(const size_t *)pa, b = *(const size_t *)pb;
	double	x = fabs(render_sort_it->phi[a]), y = fabs(render_sort_it->phi[b]);

	if (x != y)
		return (x < y ? 1 : -1);
	return (a < b ? -1 : a > b);
}

static int
render_cmp_mode(const void *pa, const void *pb)
{
	size_t	a = *(const size_t *)pa, b = *(const size_t *)pb;
	double	x = render_sort_it->phi[a], y = render_sort_it->phi[b];
	int	c = 0;

	switch (render_sort_mode) {
	case GS_SORT_DESC:
		c = x < y ? 1 : x > y ? -1 : 0;
		break;
	case GS_SORT_ASC:
		c = x < y ? -1 : x > y ? 1 : 0;
		break;
	case GS_SORT_NAME:
		c = strcmp(render_sort_it->names[a], render_sort_it->names[b]);
		break;
	case GS_SORT_INDEX:
		break;
	default:
		return (render_cmp_abs(pa, pb));
	}
	if (c != 0)
		return (c);
	return (a < b ? -1 : a > b);
}

size_t
render_rows(const struct render_items *it, const struct gs_render_opts *o,
    size_t kmax, int sort, struct render_row **out)
{
	struct render_row	*rows;
	size_t			*order, i, n = it->n, keep, m;
	double			 rest = 0;

	if (n == 0) {
		*out = xcalloc(1, sizeof **out);
		return (0);
	}
	/*
	 * The k - 1 largest by |phi| stay (shap's max_display), whatever
	 * order they are then shown in; the rest are summed into one row.
	 */
	order = xcalloc(n, sizeof *order);
	for (i = 0; i < n; i++)
		order[i] = i;
	render_sort_it = it;
	qsort(order, n, sizeof *order, render_cmp_abs);
	if (kmax == 0 || kmax > n)
		kmax = n;
	keep = n > kmax ? (kmax > 1 ? kmax - 1 : 0) : n;
	if (sort < 0)
		sort = o->sort;
	render_sort_mode = sort;
	if (sort != GS_SORT_ABS)
		qsort(order, keep, sizeof *order, render_cmp_mode);
	m = keep + (keep < n ? 1 : 0);
	rows = xcalloc(m, sizeof *rows);
	for (i = 0; i < keep; i++) {
		size_t j = o->reverse ? order[keep - 1 - i] : order[i];
		rows[i].idx = (long)j;
		rows[i].name = it->names[j];
		rows[i].value = it->value != NULL ? it->value[j] : NAN;
		rows[i].phi = it->phi[j];
		rows[i].se = it->se != NULL ? it->se[j] : NAN;
	}
	if (keep < n) {
		render_sort_it = it;
		/* The rest are the smallest by |phi| whatever the order shown. */
		qsort(order, n, sizeof *order, render_cmp_abs);
		for (i = keep; i < n; i++)
			rest += it->phi[order[i]];
		rows[keep].idx = -1;
		rows[keep].name = NULL;
		rows[keep].value = NAN;
		rows[keep].phi = rest;
		rows[keep].se = NAN;
		rows[keep].nrest = n - keep;
	}
	free(order);
	*out = rows;
	return (m);
}

void
render_label(char *buf, size_t size, const struct render_row *r,
    const struct render_items *it, int novalues, int prefix_sum, int maxw,
    int ascii)
{
	char	val[64], tmp[512];
	int	nw, vw;

	if (r->idx < 0) {
		snprintf(tmp, sizeof tmp, "%s%zu other %s", prefix_sum ?
		    "Sum of " : "", r->nrest, render_rest_word(it));
		/* Short of room, "Sum of" goes first. */
		if (text_width(tmp, ascii) > maxw)
			snprintf(tmp, sizeof tmp, "%zu other %s", r->nrest,
			    render_rest_word(it));
		text_fit(buf, size, tmp, maxw, ascii);
		return;
	}
	if (novalues || isnan(r->value)) {
		text_fit(buf, size, r->name, maxw, ascii);
		return;
	}
	render_value(val, sizeof val, r->value);
	nw = text_width(r->name, ascii);
	vw = text_width(val, ascii);
	if (vw + 3 + nw <= maxw) {
		snprintf(buf, size, "%s = %s", val, r->name);
		return;
	}
	/* A number cut short would misread: drop it, then cut the name. */
	text_fit(buf, size, r->name, maxw, ascii);
}

double
render_max_abs(const struct render_row *rows, size_t n, int ci, double z)
{
	double	m = 0, v;
	size_t	i;

	for (i = 0; i < n; i++) {
		v = fabs(rows[i].phi);
		if (ci && !isnan(rows[i].se))
			v += z * rows[i].se;
		if (v > m)
			m = v;
	}
	return (m);
}

long
render_units(const struct render_axis *a, double v)
{
	double	u;
	long	max = (long)a->w * a->unit;

	/*
	 * Boundaries are rounded, not lengths (G2): two segments that meet
	 * at v both end at render_units(v), so stacks add up exactly.
	 */
	if (!(a->hi > a->lo))
		return (0);
	u = (v - a->lo) / (a->hi - a->lo) * (double)max;
	if (!(u > 0))
		return (0);
	if (u > (double)max)
		return (max);
	return (lround(u));
}

int
render_col(const struct render_axis *a, double v)
{
	long	c = render_units(a, v) / a->unit;

	/* The cell right of the rounded boundary, as bars start there. */
	if (c > a->w - 1)
		c = a->w - 1;
	return (a->x0 + (int)c);
}

void
render_hbar(struct gs_grid *g, int y, int x0, long u0, long u1, int unit,
    int role, int attr, const struct gs_caps *caps, uint32_t ascii_fill)
{
	long	c, a, b;

	if (u1 <= u0)
		return;
	/* In cell c the bar covers units [a, b) of 0..unit. */
	for (c = u0 / unit; c * unit < u1; c++) {
		a = (u0 > c * unit ? u0 : c * unit) - c * unit;
		b = (u1 < (c + 1) * unit ? u1 : (c + 1) * unit) - c * unit;
		if (!caps->utf8 || unit == 1) {
			grid_put(g, x0 + (int)c, y, caps->utf8 ? 0x2588 :
			    ascii_fill, role, attr);
			continue;
		}
		if (a == 0 && b == unit)
			grid_put(g, x0 + (int)c, y, 0x2588, role, attr);
		else if (a == 0)
			/* Left blocks: U+258F is 1/8 ... U+2589 7/8. */
			grid_put(g, x0 + (int)c, y, 0x2590 - b * 8 / unit,
			    role, attr);
		else if (b == unit && unit == 8 && caps->term)
			/* Right-aligned k/8: the complement, reversed. */
			grid_put(g, x0 + (int)c, y, 0x2590 - a, role,
			    attr | GS_ATTR_REVERSE);
		else if (b == unit)
			grid_put(g, x0 + (int)c, y, a * 2 <= unit ? 0x2590 :
			    0x2595, role, attr);
		else
			grid_put(g, x0 + (int)c, y, 0x2590 - (b - a) * 8 /
			    unit, role, attr);
	}
}

void
render_band(struct gs_grid *g, int y, int x0, long u0, long u1, int unit,
    int role, const struct gs_caps *caps)
{
	long	c;

	if (u1 <= u0)
		return;
	if (caps->term && caps->utf8) {
		render_hbar(g, y, x0, u0, u1, unit, role, 0, caps, ':');
		return;
	}
	for (c = u0 / unit; c * unit < u1; c++)
		grid_put(g, x0 + (int)c, y, RENDER_G(caps, 0x2592, ':'), role, 0);
}

double
render_nice_step(double range, int n)
{
	double	raw, mag, norm;

	if (!(range > 0) || !isfinite(range) || n < 1)
		return (1);
	raw = range / n;
	mag = pow(10, floor(log10(raw)));
	norm = raw / mag;
	if (norm <= 1)
		return (mag);
	if (norm <= 2)
		return (2 * mag);
	if (norm <= 2.5)
		return (2.5 * mag);
	if (norm <= 5)
		return (5 * mag);
	return (10 * mag);
}

int
render_tick_range(double lo, double hi, double step, long *k0)
{
	double	a, b;

	*k0 = 0;
	if (!(step > 0) || !isfinite(step) || !isfinite(lo) || !isfinite(hi) ||
	    hi < lo)
		return (0);
	a = ceil(lo / step - 1e-9);
	b = floor(hi / step + 1e-9);
	/* Ticks are k * step, never sums, so step cannot vanish into t. */
	if (fabs(a) > 1e15 || fabs(b) > 1e15 || b < a || b - a > 200)
		return (0);
	*k0 = (long)a;
	return ((int)(b - a) + 1);
}

void
render_tick_label(char *buf, size_t size, double v, double step,
    const struct gs_caps *caps)
{
	char	tmp[64];
	int	d = 0;
	double	s = step;

	/* Enough decimals for the step (2.5 x 10^k needs one more). */
	while (d < 8 && fabs(s - floor(s + 0.5)) > 1e-9 * (1 + fabs(s))) {
		s *= 10;
		d++;
	}
	if (fabs(v) < step * 1e-9)
		v = 0;
	snprintf(tmp, sizeof tmp, "%.*f", d, v);
	if (caps->term && caps->utf8 && tmp[0] == '-')
		snprintf(buf, size, "\xe2\x88\x92%s", tmp + 1);
	else
		snprintf(buf, size, "%s", tmp);
}

void
render_center(struct gs_grid *g, int y, int x0, int w, const char *s,
    int role, int attr)
{
	int	tw = text_width(s, g->ascii), x;

	x = x0 + (w - tw) / 2;
	if (x < x0)
		x = x0;
	grid_text(g, x, y, s, w - (x - x0), role, attr);
}

int
render_ticks(struct gs_grid *g, int y, const struct render_axis *a,
    const struct gs_caps *caps, int zero_mark, int prob, int up)
{
	char	lab[64];
	double	step, t;
	int	x, col, n = 0, last = -1000, lw, i, nt;
	long	k0;

	for (x = a->x0; x < a->x0 + a->w; x++)
		grid_put(g, x, y, RENDER_G(caps, 0x2500, '-'), GS_ROLE_AXIS, 0);
	step = render_nice_step(a->hi - a->lo, a->w / 9 > 1 ? a->w / 9 : 1);
	nt = render_tick_range(a->lo, a->hi, step, &k0);
	for (i = 0; i < nt; i++) {
		t = (double)(k0 + i) * step;
		col = render_col(a, t);
		if (zero_mark && fabs(t) < step * 1e-9)
			grid_put(g, col, y, RENDER_G(caps, 0x253c, '+'),
			    GS_ROLE_AXIS, 0);
		else
			grid_put(g, col, y, RENDER_G(caps, up ? 0x2534 :
			    0x252c, '+'), GS_ROLE_AXIS, 0);
		n++;
		if (prob) {
			/* The tick stays where t is; its label is sigma(t). */
			snprintf(lab, sizeof lab, "%.3g", 1 / (1 + exp(-t)));
		} else
			render_tick_label(lab, sizeof lab, t, step, caps);
		lw = text_width(lab, g->ascii);
		x = col - lw / 2;
		if (x <= last + 1 || x < 0 || x + lw > g->w)
			continue;
		grid_text(g, x, y + 1, lab, lw, GS_ROLE_AXIS, 0);
		last = x + lw - 1;
	}
	return (n);
}

void
render_message(struct gs_grid *g, int y0, int h, const char *msg)
{
	render_center(g, y0 + h / 2, 0, g->w, msg, GS_ROLE_WARNING, 0);
}

/* "method · 200 samples · plan sobol · seed 0 · baseline ... · noise ...". */
static void
render_method(char *buf, size_t size, const struct gs_explanation *ex,
    const struct gs_render_src *src, const struct gs_caps *caps)
{
	const char	*sep = RS(caps, " \xc2\xb7 ", ", ");
	char		 p[64], pl[64];
	size_t		 n;

	switch (ex->method) {
	case GS_METHOD_GRADSHAP:
	case GS_METHOD_SMOOTHGRAD:
		snprintf(p, sizeof p, "%zu samples%splan %s",
		    ex->samples_used > 0 ? ex->samples_used : ex->opts.samples,
		    sep, sampling_format(ex->opts.plan, ex->opts.antithetic,
		    ex->method == GS_METHOD_GRADSHAP && ex->opts.cv, pl,
		    sizeof pl));
		break;
	case GS_METHOD_PERMUTATION:
	case GS_METHOD_KERNEL:
		snprintf(p, sizeof p, "%zu samples", ex->samples_used);
		break;
	case GS_METHOD_EXACT:
		snprintf(p, sizeof p, "%zu evaluations", ex->samples_used);
		break;
	case GS_METHOD_EXACTIG:
		snprintf(p, sizeof p, "%zu regions", ex->regions);
		break;
	case GS_METHOD_IG:
		snprintf(p, sizeof p, "%zu steps %s", ex->opts.steps,
		    rule_name(ex->opts.rule));
		break;
	case GS_METHOD_SALIENCY:
		snprintf(p, sizeof p, "%s", ex->opts.absolute ? "absolute" :
		    "signed");
		break;
	default:
		snprintf(p, sizeof p, "-");
		break;
	}
	snprintf(buf, size, "%s%s%s%sseed %" PRIu64, method_name(ex->method),
	    sep, p, sep, ex->opts.seed);
	n = strlen(buf);
	if (ex->baseline != NULL && n < size)
		snprintf(buf + n, size - n, "%sbaseline %s%s%s%s", sep,
		    ex->baseline, src->baseline_desc != NULL ? " (" : "",
		    src->baseline_desc != NULL ? src->baseline_desc : "",
		    src->baseline_desc != NULL ? ")" : "");
	n = strlen(buf);
	if (ex->noise != NULL && n < size)
		snprintf(buf + n, size - n, "%snoise %s", sep, ex->noise);
}

/* Line 0: " gshap │ model · data │ output[k] │ row R/N". */
static void
render_title(struct gs_grid *g, const struct gs_render_src *src,
    const struct gs_caps *caps)
{
	const char	*bar = RS(caps, " \xe2\x94\x82 ", " | ");
	const char	*dot = RS(caps, " \xc2\xb7 ", " - ");
	char		 buf[512], cls[64] = "";

	if (src->ex != NULL)
		snprintf(cls, sizeof cls, "[%zu]", src->ex->target);
	snprintf(buf, sizeof buf, " gshap%s%s%s%s%s%s%s%srow %zu/%zu%s",
	    bar, src->model != NULL ? src->model : "-", dot,
	    src->data != NULL ? src->data : "-", bar,
	    src->output != NULL ? src->output : "output", cls, bar,
	    src->row, src->nrows, src->whatif != NULL ? " (what-if)" : "");
	grid_paint(g, 0, 0, g->w, GS_ROLE_TITLE, 0);
	grid_text(g, 0, 0, buf, g->w, GS_ROLE_TITLE, 0);
}

/*
 * Line 1: the tabs, full names when they fit. The explaining views
 * (1-8) and the teaching views (9 and letters) are two groups: the line
 * shows the group of the current view, and the other as one tab.
 */
static void
render_tabs(struct gs_grid *g, int y, enum gs_view cur,
    const struct gs_caps *caps)
{
	const char *const	*names;
	char			 buf[64];
	int			 i, x, pass, total, sepw = 1, lo, hi, teach;

	teach = render_view_teach(cur);
	lo = teach ? RENDER_TEACH_FIRST : 0;
	hi = teach ? GS_VIEW_COUNT : RENDER_TEACH_FIRST;
	/* Full names, else short ones, else keys and the current name. */
	for (pass = 0; pass < 3; pass++) {
		names = pass == 0 ? render_view_titles : render_view_short;
		total = teach ? 6 + sepw : 0;
		for (i = lo; i < hi; i++)
			total += (pass < 2 || i == (int)cur ?
			    (int)strlen(names[i]) + 1 : 0) + 2 + sepw + teach;
		if (total <= g->w || pass == 2)
			break;
	}
	x = 0;
	if (teach) {
		x += grid_text(g, x, y, " 1-8 ", -1, GS_ROLE_TAB, 0);
		x += grid_text(g, x, y, RS(caps, "\xe2\x94\x82", "|"), -1,
		    GS_ROLE_AXIS, 0);
	}
	for (i = lo; i < hi; i++) {
		if (pass < 2 || i == (int)cur)
			snprintf(buf, sizeof buf, " %c %s ", render_view_keys[i],
			    names[i]);
		else
			snprintf(buf, sizeof buf, " %c ", render_view_keys[i]);
		x += grid_text(g, x, y, buf, -1, i == (int)cur ?
		    GS_ROLE_TAB_ACTIVE : GS_ROLE_TAB, 0);
		if (i + 1 < hi)
			x += grid_text(g, x, y, RS(caps, "\xe2\x94\x82", "|"), -1,
			    GS_ROLE_AXIS, 0);
	}
}

/* Line 2: f(x), E[f(X)], the additivity check, sort and k. */
static void
render_summary_line(struct gs_grid *g, int y, const struct gs_render_src *src,
    const struct gs_render_opts *o, const struct gs_caps *caps)
{
	const struct gs_explanation *ex = src->ex;
	char	buf[256], num[64], k[32];
	double	sum = 0, tol;
	size_t	i;
	int	x = 1, um = caps->term && caps->utf8;

	if (ex == NULL)
		return;
	snprintf(buf, sizeof buf, "f(x) = %s", render_fx(num, sizeof num,
	    ex->fx, caps));
	x += grid_text(g, x, y, buf, -1, GS_ROLE_MARKER, 0);
	if (o->prob) {
		snprintf(buf, sizeof buf, " (p %.3f)", 1 / (1 + exp(-ex->fx)));
		x += grid_text(g, x, y, buf, -1, GS_ROLE_LABEL, 0);
	}
	if (!isnan(ex->base)) {
		snprintf(buf, sizeof buf, "  E[f(X)] = %s", render_fx(num,
		    sizeof num, ex->base, caps));
		x += grid_text(g, x, y, buf, -1, GS_ROLE_LABEL, 0);
		for (i = 0; i < ex->d; i++)
			sum += ex->phi[i];
		render_signed(num, sizeof num, sum, 3, 0, um);
		snprintf(buf, sizeof buf, "  %s = %s ", RS(caps,
		    "\xce\xa3\xcf\x86", "sum(phi)"), num);
		x += grid_text(g, x, y, buf, -1, GS_ROLE_LABEL, 0);
		/* ok when the gap would not show in 3 decimals of f(x) - E. */
		tol = 5e-4 * fmax(1, fabs(ex->fx - ex->base));
		if (isnan(ex->gap) || fabs(ex->gap) <= tol)
			x += grid_text(g, x, y, "ok", -1, GS_ROLE_LABEL, 0);
		else {
			snprintf(buf, sizeof buf, "off by %.3g", ex->gap);
			x += grid_text(g, x, y, buf, -1, GS_ROLE_WARNING, 0);
		}
	} else
		x += grid_text(g, x, y, "  (no base value)", -1, GS_ROLE_VALUE, 0);
	if (o->k > 0)
		snprintf(k, sizeof k, "k=%zu", o->k);
	else
		snprintf(k, sizeof k, "k=all");
	snprintf(buf, sizeof buf, "  sort %s%s  %s%s", caps->utf8 ?
	    render_sort_utf8[o->sort < GS_SORT_COUNT ? o->sort : 0] :
	    render_sort_name(o->sort), o->reverse ? " rev" : "", k, o->ci ?
	    "  CI" : "");
	grid_text(g, x, y, buf, -1, GS_ROLE_VALUE, 0);
}

/* Line H-2: the cursor feature in detail. */
static void
render_detail(struct gs_grid *g, int y, const struct gs_render_src *src,
    const struct gs_render_opts *o, const struct gs_caps *caps)
{
	const struct gs_explanation *ex = src->ex;
	struct render_items	 it;
	char			 buf[512], val[80], num[64], se[64], v[64];
	char			 rank[48];
	size_t			 i, *lo, *hi;
	long			 f;
	int			 d, um = caps->term && caps->utf8;
	double			 m = 0;

	if (ex == NULL || o->cursor < 0)
		return;
	render_items_get(ex, src, o, &it);
	if ((f = render_feature_at(src, o, (size_t)o->cursor)) < 0 ||
	    (size_t)f >= it.n)
		return;
	for (i = 0; i < it.n; i++)
		if (fabs(it.phi[i]) > m)
			m = fabs(it.phi[i]);
	/* The places its interval allows: an order that is not claimed. */
	lo = xcalloc(it.n, sizeof *lo);
	hi = xcalloc(it.n, sizeof *hi);
	metrics_rank_range(it.phi, it.se, it.n, lo, hi);
	if (lo[f] == hi[f])
		snprintf(rank, sizeof rank, "%zu/%zu", lo[f], it.n);
	else
		snprintf(rank, sizeof rank, "%zu%s%zu/%zu", lo[f],
		    RS(caps, "\xe2\x80\x93", "-"), hi[f], it.n);
	free(lo);
	free(hi);
	d = render_decimals(m) + 1;
	render_signed(num, sizeof num, it.phi[f], d, 0, um);
	se[0] = '\0';
	if (it.se != NULL && !isnan(it.se[f])) {
		snprintf(se, sizeof se, " %s %.*f (95%%)", RS(caps, "\xc2\xb1",
		    "+/-"), d, o->z * it.se[f]);
	}
	val[0] = '\0';
	if (it.value != NULL)
		snprintf(val, sizeof val, " = %s", render_value(v, sizeof v,
		    it.value[f]));
	snprintf(buf, sizeof buf, "%s %s%s   %s = %s%s   rank %s",
	    RS(caps, "\xe2\x96\xb8", ">"), it.names[f], val,
	    RS(caps, "\xcf\x86", "phi"), num, se, rank);
	grid_text(g, 0, y, buf, g->w, GS_ROLE_LABEL, 0);
}

/* Line H-1: key hints, or the status message. */
static void
render_hints(struct gs_grid *g, int y, const struct gs_render_opts *o)
{
	if (o->status != NULL) {
		grid_text(g, 0, y, o->status, g->w, o->status_warn ?
		    GS_ROLE_WARNING : GS_ROLE_LABEL, 0);
		return;
	}
	switch (o->view) {
	case GS_VIEW_PATH:
		grid_text(g, 0, y, " ?:help q:quit [ ]:row j/k:feature f/b:"
		    "baseline row Tab:view 1-9:view :baseline-row N", g->w,
		    GS_ROLE_VALUE, 0);
		return;
	case GS_VIEW_TRACE:
		grid_text(g, 0, y, " ?:help q:quit [ ]:row j/k:feature f/b:"
		    "step F:end B:start Tab:view 1-9:view", g->w,
		    GS_ROLE_VALUE, 0);
		return;
	default:
		break;
	}
	if (render_view_teach(o->view))
		grid_text(g, 0, y, " ?:help q:quit [ ]:row j/k:feature Tab:view "
		    "1-9 M A T V:view e:CI /:find", g->w, GS_ROLE_VALUE, 0);
	else
		grid_text(g, 0, y, " ?:help q:quit [ ]:row j/k:feature 1-8:view "
		    "s:sort ,/.:k e:CI +/-:what-if /:find", g->w,
		    GS_ROLE_VALUE, 0);
}

long
render_feature_at(const struct gs_render_src *src,
    const struct gs_render_opts *o, size_t i)
{
	struct render_items	 it;
	struct render_row	*rows;
	size_t			 n;
	long			 f = -1;

	render_items_get(src->ex, src, o, &it);
	n = render_rows(&it, o, o->k, -1, &rows);
	if (i < n)
		f = rows[i].idx;
	free(rows);
	return (f);
}

size_t
render_cursor_rows(const struct gs_render_src *src,
    const struct gs_render_opts *o, int h)
{
	struct render_items	 it;
	struct render_row	*rows;
	size_t			 n, k = o->k;
	int			 body = h - RENDER_TOP - RENDER_BOTTOM - 3;

	render_items_get(src->ex, src, o, &it);
	if (body < 1)
		body = 1;
	if (k == 0 || k > (size_t)body)
		k = (size_t)body;
	n = render_rows(&it, o, k, -1, &rows);
	free(rows);
	return (n);
}

/* Draw view o->view in rows [y0, y0 + h). */
static void
render_dispatch(struct gs_grid *g, int y0, int h,
    const struct gs_render_src *src, const struct gs_render_opts *o,
    const struct gs_caps *caps)
{
	switch (o->view) {
	case GS_VIEW_BAR:
		render_bar(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_WATERFALL:
		render_waterfall(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_FORCE:
		render_force(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_SUMMARY:
		render_summary(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_IMPORTANCE:
		render_importance(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_HEAT:
		render_heat(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_DEPENDENCE:
		render_dependence(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_COMPARE:
		render_compare(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_EXACT:
		render_exact(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_METRICS:
		render_metrics(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_PATH:
		render_path(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_TRACE:
		render_trace(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_CONVERGENCE:
		render_convergence(g, y0, h, src, o, caps);
		break;
	default:
		break;
	}
}

void
render_screen(struct gs_grid *g, const struct gs_render_src *src,
    const struct gs_render_opts *o, const struct gs_caps *caps)
{
	char	buf[256];
	int	mw, mh, y0 = RENDER_TOP, h;

	grid_clear(g);
	if (!o->frame && g->w >= 20 && g->h >= 3) {
		render_dispatch(g, 0, g->h, src, o, caps);
		return;
	}
	if (g->w < RENDER_MIN_W || g->h < RENDER_MIN_H) {
		snprintf(buf, sizeof buf, "terminal too small: %dx%d (need "
		    "%dx%d)", g->w, g->h, RENDER_MIN_W, RENDER_MIN_H);
		grid_text(g, 0, g->h / 2, buf, g->w, GS_ROLE_WARNING, 0);
		return;
	}
	render_title(g, src, caps);
	render_tabs(g, 1, o->view, caps);
	render_summary_line(g, 2, src, o, caps);
	if (src->ex != NULL) {
		render_method(buf, sizeof buf, src->ex, src, caps);
		grid_text(g, 1, 3, buf, g->w - 1, GS_ROLE_VALUE, 0);
	}
	h = g->h - RENDER_TOP - RENDER_BOTTOM;
	render_min_size(o->view, &mw, &mh);
	if (src->ex == NULL)
		render_message(g, y0, h, o->status != NULL ? "working..." :
		    "no explanation yet");
	else if (g->w < mw || g->h < mh) {
		snprintf(buf, sizeof buf, "the %s view needs %dx%d (this is "
		    "%dx%d); 1: bar view", render_view_name(o->view), mw, mh,
		    g->w, g->h);
		render_message(g, y0, h, buf);
	} else
		render_dispatch(g, y0, h, src, o, caps);
	if (src->whatif != NULL && o->status == NULL) {
		snprintf(buf, sizeof buf, "what-if: %s", src->whatif);
		grid_text(g, 0, g->h - 2, buf, g->w, GS_ROLE_WARNING, 0);
	} else
		render_detail(g, g->h - 2, src, o, caps);
	/* A teaching view that refused (exact: too many players) says why. */
	if (o->status == NULL && src->teach_msg != NULL && src->ex != NULL &&
	    render_view_teach(o->view)) {
		struct gs_render_opts oo = *o;
		oo.status = src->teach_msg;
		oo.status_warn = 1;
		render_hints(g, g->h - 1, &oo);
	} else
		render_hints(g, g->h - 1, o);
}

int
render_body_rows(const struct gs_render_src *src,
    const struct gs_render_opts *o)
{
	struct render_items	 it;
	size_t			 n;

	switch (o->view) {
	case GS_VIEW_BAR:
		return (render_bar_rows(src, o));
	case GS_VIEW_HEAT:
		return (render_heat_rows(src, 80, NULL));
	default:
		render_items_get(src->ex, src, o, &it);
		n = o->k == 0 || o->k > it.n ? it.n : o->k;
		return ((int)n + 12);
	}
}

int
render_body(struct gs_grid *g, const struct gs_render_src *src,
    const struct gs_render_opts *o, const struct gs_caps *caps)
{
	int	y;

	grid_clear(g);
	if (src->ex == NULL)
		return (0);
	render_dispatch(g, 0, g->h, src, o, caps);
	/* Rows used: up to the last non-blank one. */
	for (y = g->h; y > 0; y--) {
		const struct gs_cell *c;
		int x;
		for (x = 0; x < g->w; x++) {
			c = grid_cell(g, x, y - 1);
			if (c->ch != ' ')
				break;
		}
		if (x < g->w)
			break;
	}
	return (y);
}

int
render_strip_col(int x, int w, double lo, double hi, double v)
{
	double	t = (v - lo) / (hi - lo);
	long	c;

	if (!(t > 0))
		return (x);
	c = lround(t * (w - 1));
	return (x + (int)(c > w - 1 ? w - 1 : c));
}
