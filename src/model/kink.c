/* SPDX-License-Identifier: ISC */
/*
 * The out-of-line part of the kinks callbacks' arithmetic (kink.h):
 * collecting kinks, the scale of their rounding, and a race's kink.
 */
#include <math.h>

#include "model/kink.h"

/* Start collecting kinks into k. */
void
kinks_start(struct gs_kinks *ks, struct gs_kink *k, size_t max, double scale)
{
	ks->k = k;
	ks->max = max;
	ks->count = 0;
	ks->ulp = GS_KINK_EPS * scale;
}

/* The largest of s and the |values| of a and b (NaN ignored). */
double
kinks_scale(const gs_real *a, const gs_real *b, size_t len, double s)
{
	double	v;
	size_t	i;

	for (i = 0; i < len; i++) {
		v = fabs((double)a[i]);
		s = v > s ? v : s;
		v = fabs((double)b[i]);
		s = v > s ? v : s;
	}
	return (s);
}

/* Add a kink (when there is room), count it either way. */
void
kinks_add(struct gs_kinks *ks, double t, size_t i, size_t j, double at,
    double swing)
{
	struct gs_kink	*k;

	if (ks->count++ >= ks->max)
		return;
	k = &ks->k[ks->count - 1];
	k->t = t;
	k->i = i;
	k->j = j;
	k->at = at;
	k->swing = swing;
	k->ulp = ks->ulp;
}

/* The race's kink, if its winner is overtaken; see kink.h. */
void
kinks_race(struct gs_kinks *ks, const struct gs_kink_race *r)
{
	double	s = r->sign;

	if (!isfinite(r->t))
		return;
	if (r->wi != GS_KINK_FIXED && r->ci != GS_KINK_FIXED)
		kinks_add(ks, r->t, r->wi, r->ci, NAN, s * ((r->wb - r->cb) -
		    (r->wa - r->ca)));
	else if (r->wi != GS_KINK_FIXED)
		kinks_add(ks, r->t, r->wi, r->wi, s * r->ca, s * (r->wb -
		    r->wa));
	else if (r->ci != GS_KINK_FIXED)
		kinks_add(ks, r->t, r->ci, r->ci, s * r->wa, s * (r->cb -
		    r->ca));
}
