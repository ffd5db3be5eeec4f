/* SPDX-License-Identifier: ISC */
/*
 * The linear regions of a straight path b + alpha (x - b) through a
 * piecewise-linear network, for exact integrated gradients (the ExactLine
 * idea of Sotoudeh and Thakur, NeurIPS 2019, with the plan's forward pass
 * instead of a symbolic one). A segment's two ends give the inputs of every
 * piecewise node, Relu, Clip, MaxPool, Max... (plan_kink_values); the
 * first of those nodes that switches between the ends has an affine input
 * there, so its switching points are computed, not searched for
 * (plan_kink_split). The segment is cut at them, each cut point put
 * exactly on its kink where rounding is all that parts them
 * (plan_kink_settle), and each part asked again, until no node switches:
 * a kink costs about one forward row.
 * Segments are taken leftmost first from a stack and their cuts evaluated
 * in batches, so memory stays small.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/game.h"
#include "core/xmalloc.h"

#define KINKPATH_GRID	64	/* first segments, evaluated in one go */
#define KINKPATH_WIDTH	1e-10	/* closest two cuts (in alpha) */
#define KINKPATH_EPS	FLT_EPSILON	/* rounding unit of the model's values */

/* A segment of the path, its ends kept in two point slots. */
struct kinkpath_seg {
	double		 a;		/* left end */
	double		 c;		/* right end */
	size_t		 pa;		/* slot of a */
	size_t		 pc;		/* slot of c */
};

/* A cut to be made: where, in which segment, for which kinks. */
struct kinkpath_cut {
	double		 alpha;		/* where */
	double		 width;		/* of the segment cut */
	size_t		 kfirst;	/* its kinks in the pending list */
	size_t		 kcnt;		/* how many */
	size_t		 slot;		/* its values, once evaluated */
};

/* A cut made, and how far its kink may lie from it (in alpha). */
struct kinkpath_done {
	double		 alpha;		/* where */
	double		 delta;		/* the kink's uncertainty; 0: not a kink */
};

/* A search in progress. */
struct kinkpath {
	struct gs_plan		*plan;		/* borrowed */
	size_t			 batch;		/* rows per pass */
	size_t			 d;		/* inputs */
	const double		*x;		/* input row */
	const double		*b;		/* baseline row */
	const struct gs_explainer *e;		/* for cancellation, or NULL */
	size_t			 kl;		/* kink values per point */
	gs_real			*z;		/* batch x d path points */
	gs_real			*v;		/* batch x kl kink values */
	gs_real			*slots;		/* nslots x kl kept values */
	size_t			*refs;		/* holders of each slot */
	size_t			 nslots;	/* slots allocated */
	size_t			*free;		/* unused slots */
	size_t			 nfree;		/* how many */
	struct kinkpath_seg	*stack;		/* segments to look at, leftmost last */
	size_t			 nstack;	/* how many */
	size_t			 capstack;	/* room */
	struct gs_kink		*k;		/* kinks of one segment */
	size_t			 kmax;		/* room in k */
	struct gs_kink		*pk;		/* kinks of the pending cuts */
	size_t			 npk;		/* how many */
	size_t			 cappk;		/* room */
	struct kinkpath_cut	*pc;		/* pending cuts */
	size_t			 npc;		/* how many */
	size_t			 cappc;		/* room */
	struct kinkpath_done	*done;		/* every cut made, unordered */
	size_t			 ndone;		/* how many */
	size_t			 capdone;	/* room */
	size_t			 kinks;		/* cuts at switching points */
	size_t			 evals;		/* forward rows */
};

/* A free slot (held once, by the caller), growing the store if need be. */
static size_t
kinkpath_slot(struct kinkpath *s)
{
	size_t	 i, n;

	if (s->nfree == 0) {
		n = s->nslots == 0 ? 2 * KINKPATH_GRID : 2 * s->nslots;
		s->slots = xreallocarray(s->slots, xmul(n, s->kl),
		    sizeof *s->slots);
		s->refs = xreallocarray(s->refs, n, sizeof *s->refs);
		s->free = xreallocarray(s->free, n, sizeof *s->free);
		for (i = n; i-- > s->nslots;)
			s->free[s->nfree++] = i;
		s->nslots = n;
	}
	i = s->free[--s->nfree];
	s->refs[i] = 1;
	return (i);
}

/* One holder less of slot i. */
static void
kinkpath_release(struct kinkpath *s, size_t i)
{
	if (--s->refs[i] == 0)
		s->free[s->nfree++] = i;
}

static void
kinkpath_push(struct kinkpath *s, double a, double c, size_t pa, size_t pc)
{
	struct kinkpath_seg	*g;

	if (s->nstack == s->capstack) {
		s->capstack = 2 * s->capstack + KINKPATH_GRID;
		s->stack = xreallocarray(s->stack, s->capstack,
		    sizeof *s->stack);
	}
	g = &s->stack[s->nstack++];
	g->a = a;
	g->c = c;
	g->pa = pa;
	g->pc = pc;
	s->refs[pa]++;
	s->refs[pc]++;
}

static void
kinkpath_made(struct kinkpath *s, double alpha, double delta)
{
	if (s->ndone == s->capdone) {
		s->capdone = 2 * s->capdone + KINKPATH_GRID;
		s->done = xreallocarray(s->done, s->capdone, sizeof *s->done);
	}
	s->done[s->ndone].alpha = alpha;
	s->done[s->ndone++].delta = delta;
}

/* Keep kink k for the last pending cut. */
static void
kinkpath_kink(struct kinkpath *s, const struct gs_kink *k)
{
	if (s->npk == s->cappk) {
		s->cappk = 2 * s->cappk + KINKPATH_GRID;
		s->pk = xreallocarray(s->pk, s->cappk, sizeof *s->pk);
	}
	s->pk[s->npk++] = *k;
	s->pc[s->npc - 1].kcnt++;
}

/* Evaluate the kink values at n alphas into new slots slot[0..n-1]. */
static int
kinkpath_eval(struct kinkpath *s, const double *alpha, size_t n,
    size_t *slot, struct gs_error *err)
{
	size_t	done, cnt, q, i;
	double	at;

	for (done = 0; done < n; done += cnt) {
		cnt = n - done < s->batch ? n - done : s->batch;
		if (s->e != NULL && explainer_cancelled(s->e, err) != 0)
			return (-1);
		for (q = 0; q < cnt; q++) {
			at = alpha[done + q];
			for (i = 0; i < s->d; i++)
				s->z[q * s->d + i] = (gs_real)(s->b[i] +
				    at * (s->x[i] - s->b[i]));
		}
		if (plan_kink_values(s->plan, s->z, cnt, s->v, err) != 0)
			return (-1);
		for (q = 0; q < cnt; q++) {
			i = kinkpath_slot(s);
			slot[done + q] = i;
			memcpy(s->slots + i * s->kl, s->v + q * s->kl,
			    s->kl * sizeof *s->v);
		}
		s->evals += cnt;
	}
	return (0);
}

static int
kinkpath_kink_cmp(const void *a, const void *b)
{
	const struct gs_kink	*x = a, *y = b;

	return (x->t < y->t ? -1 : x->t > y->t);
}

static int
kinkpath_done_cmp(const void *a, const void *b)
{
	const struct kinkpath_done	*x = a, *y = b;

	return (x->alpha < y->alpha ? -1 : x->alpha > y->alpha);
}

/*
 * Where segment g is to be cut: at its kinks, ascending, at least
 * KINKPATH_WIDTH apart and from the ends, at most room of them, appended
 * to the pending cuts with their kinks (a kink too close to the cut before
 * goes with that cut). *added says how many cuts, *found how many kinks.
 */
static int
kinkpath_split(struct kinkpath *s, const struct kinkpath_seg *g,
    size_t room, size_t *added, size_t *found, struct gs_error *err)
{
	struct kinkpath_cut	*pc;
	size_t			 cnt, q;
	double			 at, prev = g->a;

	*added = *found = 0;
	if (g->c - g->a < 2 * KINKPATH_WIDTH)
		return (0);
	if (plan_kink_split(s->plan, s->slots + g->pa * s->kl,
	    s->slots + g->pc * s->kl, s->k, s->kmax, &cnt, err) != 0)
		return (-1);
	*found = cnt;
	if (cnt > s->kmax)
		cnt = s->kmax;
	qsort(s->k, cnt, sizeof *s->k, kinkpath_kink_cmp);
	for (q = 0; q < cnt; q++) {
		at = g->a + s->k[q].t * (g->c - g->a);
		if (!(g->c - at >= KINKPATH_WIDTH))
			break;
		if (!(at - prev >= KINKPATH_WIDTH)) {
			if (*added > 0)
				kinkpath_kink(s, &s->k[q]);
			continue;
		}
		if (*added == room)
			break;
		if (s->npc == s->cappc) {
			s->cappc = 2 * s->cappc + KINKPATH_GRID;
			s->pc = xreallocarray(s->pc, s->cappc, sizeof *s->pc);
		}
		pc = &s->pc[s->npc++];
		pc->alpha = at;
		pc->width = g->c - g->a;
		pc->kfirst = s->npk;
		pc->kcnt = 0;
		kinkpath_kink(s, &s->k[q]);
		prev = at;
		(*added)++;
	}
	return (0);
}

/*
 * Settle pending cut pc on its kinks; how far (in alpha) the kink may lie
 * from it, float rounding of the values taken into account: 0 when no
 * kink was settled (a secant step, to be cut again).
 */
static double
kinkpath_settle(struct kinkpath *s, const struct kinkpath_cut *pc)
{
	const struct gs_kink	*k;
	gs_real			*v = s->slots + pc->slot * s->kl;
	double			 dev, delta = 0;
	size_t			 q;

	for (q = 0; q < pc->kcnt; q++) {
		k = &s->pk[pc->kfirst + q];
		if (plan_kink_settle(k, v, &dev) && fabs(k->swing) > 0)
			delta = fmax(delta, (2 * fabs(dev) + KINKPATH_EPS *
			    (fabs(k->swing) + (isnan(k->at) ? 0 : fabs(k->at)))) /
			    fabs(k->swing) * pc->width);
	}
	return (delta);
}

int
kinkpath_cuts(struct gs_plan *plan, size_t batch, size_t d, const double *x,
    const double *b, size_t budget, const struct gs_explainer *e,
    struct gs_kinkpath *out, struct gs_error *err)
{
	struct kinkpath		 s;
	struct kinkpath_seg	*pend = NULL, g;
	double			 grid[KINKPATH_GRID + 1], *alpha = NULL;
	size_t			 gslot[KINKPATH_GRID + 1], *first = NULL;
	size_t			*slot = NULL;
	size_t			*cnt = NULL, npend, added, found, pieces, q, k;
	size_t			 ngrid;
	int			 rc = -1;

	memset(out, 0, sizeof *out);
	memset(&s, 0, sizeof s);
	s.plan = plan;
	s.batch = batch;
	s.d = d;
	s.x = x;
	s.b = b;
	s.e = e;
	if (plan_kink_len(plan, &s.kl, err) != 0)
		return (-1);
	s.z = xcalloc(xmul(batch, d), sizeof *s.z);
	s.v = xcalloc(xmul(batch, s.kl) + 1, sizeof *s.v);
	/* Clip switches twice per element at most, the others once. */
	s.kmax = 2 * s.kl + 1;
	s.k = xcalloc(s.kmax, sizeof *s.k);
	/* The grid, fewer points under a small budget. */
	ngrid = budget < 1 ? 1 : budget < KINKPATH_GRID ? budget :
	    KINKPATH_GRID;
	for (q = 0; q <= ngrid; q++)
		grid[q] = (double)q / (double)ngrid;
	if (kinkpath_eval(&s, grid, ngrid + 1, gslot, err) != 0)
		goto out;
	for (q = ngrid; q-- > 0;)
		kinkpath_push(&s, grid[q], grid[q + 1], gslot[q], gslot[q + 1]);
	for (q = 1; q < ngrid; q++)
		kinkpath_made(&s, grid[q], 0);
	for (q = 0; q <= ngrid; q++)
		kinkpath_release(&s, gslot[q]);
	pieces = ngrid;
	out->complete = 1;

	pend = xcalloc(batch, sizeof *pend);
	first = xcalloc(batch, sizeof *first);
	cnt = xcalloc(batch, sizeof *cnt);
	while (s.nstack > 0) {
		/* Leftmost segments first, until a batch of cuts is ready. */
		npend = s.npc = s.npk = 0;
		while (s.nstack > 0 && s.npc < batch && npend < batch) {
			g = s.stack[--s.nstack];
			first[npend] = s.npc;
			if (kinkpath_split(&s, &g, budget - pieces, &added,
			    &found, err) != 0)
				goto out;
			if (added == 0) {
				/* Still switching, the budget spent? */
				if (found > 0 && pieces == budget)
					out->complete = 0;
				kinkpath_release(&s, g.pa);
				kinkpath_release(&s, g.pc);
				continue;
			}
			pieces += added;
			cnt[npend] = added;
			pend[npend++] = g;
		}
		if (s.npc == 0)
			continue;
		alpha = xreallocarray(alpha, s.npc, sizeof *alpha);
		slot = xreallocarray(slot, s.npc, sizeof *slot);
		for (q = 0; q < s.npc; q++)
			alpha[q] = s.pc[q].alpha;
		if (kinkpath_eval(&s, alpha, s.npc, slot, err) != 0)
			goto out;
		for (q = 0; q < s.npc; q++) {
			s.pc[q].slot = slot[q];
			kinkpath_made(&s, s.pc[q].alpha,
			    kinkpath_settle(&s, &s.pc[q]));
		}
		/* Parts go back rightmost first, so the leftmost is on top. */
		for (k = npend; k-- > 0;) {
			g = pend[k];
			for (q = cnt[k] + 1; q-- > 0;)
				kinkpath_push(&s,
				    q == 0 ? g.a : s.pc[first[k] + q - 1].alpha,
				    q == cnt[k] ? g.c : s.pc[first[k] + q].alpha,
				    q == 0 ? g.pa : s.pc[first[k] + q - 1].slot,
				    q == cnt[k] ? g.pc : s.pc[first[k] + q].slot);
			for (q = 0; q < cnt[k]; q++)
				kinkpath_release(&s, s.pc[first[k] + q].slot);
			s.kinks += cnt[k];
			kinkpath_release(&s, g.pa);
			kinkpath_release(&s, g.pc);
		}
	}
	qsort(s.done, s.ndone, sizeof *s.done, kinkpath_done_cmp);
	out->ncuts = s.ndone;
	out->cuts = xcalloc(s.ndone + 1, sizeof *out->cuts);
	out->delta = xcalloc(s.ndone + 1, sizeof *out->delta);
	for (q = 0; q < s.ndone; q++) {
		out->cuts[q] = s.done[q].alpha;
		out->delta[q] = s.done[q].delta;
	}
	out->regions = s.kinks + 1;
	out->evals = s.evals;
	rc = 0;
out:
	free(s.z);
	free(s.v);
	free(s.slots);
	free(s.refs);
	free(s.free);
	free(s.stack);
	free(s.k);
	free(s.pk);
	free(s.pc);
	free(s.done);
	free(pend);
	free(first);
	free(cnt);
	free(alpha);
	free(slot);
	return (rc);
}
