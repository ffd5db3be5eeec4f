/* SPDX-License-Identifier: ISC */
/*
 * The rows a chart draws: the features (or groups) of an explanation,
 * the k - 1 largest by |phi| in the chosen order with the rest summed in
 * one row (TUI.md G5, G6), their labels ("value = name", "Sum of N other
 * features"), and the cursor's rows. Sorting uses key/index pairs, so it
 * holds no state between calls and is safe on any thread.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "tui/render-int.h"

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
		/* One row's labels ("Home = rent"); many rows: the names. */
		it->names = ex == src->ex && src->glabels != NULL &&
		    !render_view_many(o->view) ? src->glabels :
		    (const char *const *)ex->groups->names;
		it->phi = ex->gphi;
		it->se = ex->gse;
		it->groups = 1;
		it->features = src->glabels != NULL;
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
	return (it->groups && !it->features ? "groups" : "features");
}

/* A feature's sort key: what it is ordered by, then its index. */
struct render_key {
	double		 v;		/* |phi|, or phi */
	const char	*name;		/* its name (GS_SORT_NAME) */
	size_t		 i;		/* feature index: ties, GS_SORT_INDEX */
};

/* |phi| descending, ties by index (shap's order). */
static int
render_key_abs(const void *pa, const void *pb)
{
	const struct render_key	*a = pa, *b = pb;

	if (a->v != b->v)
		return (a->v < b->v ? 1 : -1);
	return (a->i < b->i ? -1 : a->i > b->i);
}

/* |phi| ascending, ties by index. */
static int
render_key_abs_asc(const void *pa, const void *pb)
{
	const struct render_key	*a = pa, *b = pb;

	if (a->v != b->v)
		return (a->v < b->v ? -1 : 1);
	return (a->i < b->i ? -1 : a->i > b->i);
}

/* phi descending, ties by index. */
static int
render_key_desc(const void *pa, const void *pb)
{
	const struct render_key	*a = pa, *b = pb;
	int			 c = a->v < b->v ? 1 : a->v > b->v ? -1 : 0;

	return (c != 0 ? c : a->i < b->i ? -1 : a->i > b->i);
}

/* phi ascending, ties by index. */
static int
render_key_asc(const void *pa, const void *pb)
{
	const struct render_key	*a = pa, *b = pb;
	int			 c = a->v < b->v ? -1 : a->v > b->v ? 1 : 0;

	return (c != 0 ? c : a->i < b->i ? -1 : a->i > b->i);
}

/* By name, ties by index. */
static int
render_key_name(const void *pa, const void *pb)
{
	const struct render_key	*a = pa, *b = pb;
	int			 c = strcmp(a->name, b->name);

	return (c != 0 ? c : a->i < b->i ? -1 : a->i > b->i);
}

/* By index. */
static int
render_key_index(const void *pa, const void *pb)
{
	const struct render_key	*a = pa, *b = pb;

	return (a->i < b->i ? -1 : a->i > b->i);
}

void
render_order(const struct render_items *it, size_t *order, size_t n,
    int mode)
{
	struct render_key	*k = xcalloc(n + 1, sizeof *k);
	int			(*cmp)(const void *, const void *);
	size_t			 i;

	switch (mode) {
	case GS_SORT_DESC:
		cmp = render_key_desc;
		break;
	case GS_SORT_ASC:
		cmp = render_key_asc;
		break;
	case GS_SORT_NAME:
		cmp = render_key_name;
		break;
	case GS_SORT_INDEX:
		cmp = render_key_index;
		break;
	case RENDER_SORT_ABS_ASC:
		cmp = render_key_abs_asc;
		break;
	default:
		cmp = render_key_abs;
		break;
	}
	for (i = 0; i < n; i++) {
		k[i].i = order[i];
		k[i].v = mode == GS_SORT_DESC || mode == GS_SORT_ASC ?
		    it->phi[order[i]] : fabs(it->phi[order[i]]);
		k[i].name = it->names[order[i]];
	}
	qsort(k, n, sizeof *k, cmp);
	for (i = 0; i < n; i++)
		order[i] = k[i].i;
	free(k);
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
	render_order(it, order, n, GS_SORT_ABS);
	if (kmax == 0 || kmax > n)
		kmax = n;
	keep = n > kmax ? (kmax > 1 ? kmax - 1 : 0) : n;
	if (sort < 0)
		sort = o->sort;
	if (sort != GS_SORT_ABS)
		render_order(it, order, keep, sort);
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
		/* The rest are the smallest by |phi| whatever the order shown. */
		render_order(it, order, n, GS_SORT_ABS);
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
