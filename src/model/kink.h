/* SPDX-License-Identifier: ISC */
/*
 * The arithmetic of the kinks callbacks (exact integrated gradients; see
 * gs_kink_fn in graph.h): a kink value crossing a threshold, and a race
 * of maxima (MaxPool windows, GlobalMaxPool planes, ReduceMax and
 * ReduceMin groups, Max and Min of several inputs) first overtaken, both
 * along a segment on which the values are affine. The per-element steps
 * are inline: they run for every element of every kinked node at every
 * cut.
 */
#ifndef GS_KINK_H
#define GS_KINK_H

#include <math.h>

#include "model/graph.h"

/*
 * Kinks as the kinks callbacks find them: collected into room for max,
 * count going on past max. Every kink gets the same ulp: GS_KINK_EPS
 * times the largest |value| of the node's inputs at the two ends and of
 * its thresholds (kinks_scale).
 */
struct gs_kinks {
	struct gs_kink	*k;		/* room for max kinks */
	size_t		 max;		/* room */
	size_t		 count;		/* found (may exceed max) */
	double		 ulp;		/* of every kink */
};

/* Start collecting into k (room for max); scale: the largest |value|. */
void		 kinks_start(struct gs_kinks *ks, struct gs_kink *k,
		    size_t max, double scale);

/* The largest of s and |value| of len elements of a and of b. */
double		 kinks_scale(const gs_real *a, const gs_real *b, size_t len,
		    double s);

/* Add a kink where there is room; count it either way. */
void		 kinks_add(struct gs_kinks *ks, double t, size_t i, size_t j,
		    double at, double swing);

/*
 * Kink value i, affine from a to b, crossing threshold c: a kink at
 * t = (a - c) / (a - b) where it is strictly on either side of c at the
 * two ends.
 */
static inline void
kinks_cross(struct gs_kinks *ks, size_t i, double a, double b, double c)
{
	double	da = a - c, db = b - c;

	if ((da > 0 && db < 0) || (da < 0 && db > 0))
		kinks_add(ks, da / (da - db), i, i, c, db - da);
}

/*
 * A race: which of several elements is the largest (sign 1) or smallest
 * (sign -1) along the segment, and where its winner is first overtaken.
 * Every candidate is entered (kink_race_enter) with its kink value index
 * (GS_KINK_FIXED for a constant) and its values at the two ends, then
 * passed again (kink_race_cross); kinks_race adds the kink found. The
 * winner is the one winning just after a: the largest at a, of equals
 * the largest at b. With affine candidates the winner's lead shrinks
 * linearly, so it keeps winning until the first other crosses it, at
 * t = (w_a - c_a) / ((w_a - c_a) + (c_b - w_b)); that first crossing is
 * the race's kink, and the next ones are found on the rest of the
 * segment. Non-finite values give none.
 */
struct gs_kink_race {
	double		 sign;		/* 1: the largest wins; -1: smallest */
	int		 have;		/* a winner entered */
	size_t		 wi;		/* the winner's index */
	double		 wa, wb;	/* its values (times sign) */
	size_t		 ci;		/* the first to cross it, if t is finite */
	double		 ca, cb;	/* its values (times sign) */
	double		 t;		/* where it crosses; INFINITY: none */
};

static inline void
kink_race_start(struct gs_kink_race *r, int sign)
{
	r->sign = sign < 0 ? -1 : 1;
	r->have = 0;
	r->wi = r->ci = GS_KINK_FIXED;
	r->wa = r->wb = r->ca = r->cb = 0;
	r->t = INFINITY;
}

/* A candidate: the winner when larger at a, or as large and larger at b. */
static inline void
kink_race_enter(struct gs_kink_race *r, size_t i, double a, double b)
{
	a *= r->sign;
	b *= r->sign;
	if (!r->have || a > r->wa || (a == r->wa && b > r->wb)) {
		r->have = 1;
		r->wi = i;
		r->wa = a;
		r->wb = b;
	}
}

/* A candidate below the winner at a and above it at b crosses it. */
static inline void
kink_race_cross(struct gs_kink_race *r, size_t i, double a, double b)
{
	double	da, db, t;

	a *= r->sign;
	b *= r->sign;
	da = r->wa - a;
	db = b - r->wb;
	if (!r->have || !(da > 0) || !(db > 0) || !isfinite(da) ||
	    !isfinite(db))
		return;
	t = da / (da + db);
	if (t < r->t) {
		r->t = t;
		r->ci = i;
		r->ca = a;
		r->cb = b;
	}
}

/*
 * The race's kink: the winner meeting the first to cross it (both kink
 * values), or one of them crossing the other's constant value.
 */
void		 kinks_race(struct gs_kinks *ks, const struct gs_kink_race *r);

#endif
