/* SPDX-License-Identifier: ISC */
/*
 * Feature groups: named sets of input columns (one-hot blocks, image
 * patches) whose attributions are reported together. A group's attribution
 * is the sum of its members' (exact, by additivity); its standard error is
 * computed from the per-sample group sums, so correlations between members
 * are accounted for.
 */
#ifndef GS_GROUPS_H
#define GS_GROUPS_H

#include <stddef.h>

#include "core/error.h"

struct gs_groups {
	size_t	 d;		/* features the groups partition */
	size_t	 n;		/* groups */
	char	**names;	/* n group names, owned */
	size_t	*start;		/* n + 1 offsets into members */
	size_t	*members;	/* feature indexes, group g at [start[g], start[g+1]), owned */
	size_t	*of;		/* d: the group of each feature, owned */
	char	*spec;		/* how they were made ("auto", "script.lua"), owned */
};

/*
 * Group features by the common prefix before the first '.', '=' or '_'
 * (Purpose.car and Purpose.education form "Purpose"); a feature with no
 * such separator, or whose prefix no other feature shares, is a group of
 * its own under its full name. Always succeeds.
 */
void	groups_auto(struct gs_groups *g, const char *const *names, size_t d);

struct gs_encoding;

/*
 * One group per feature of an encoding (data/encode.h): a categorical
 * feature's one-hot inputs become one player named as its column
 * ("Home"), whose attribution is the sum over its levels; a numeric
 * feature is a group of one. spec is "features". Always succeeds.
 */
void	groups_encoding(struct gs_groups *g, const struct gs_encoding *enc);

/*
 * Groups from an explicit assignment: group[i] is the index of feature i's
 * group among n names. Every group must have at least one member.
 * Errors: GS_EINVAL (an index out of range, an empty group, duplicate names).
 */
int	groups_make(struct gs_groups *g, size_t d, const size_t *group,
	    size_t n, const char *const *names, const char *spec,
	    struct gs_error *err);

void	groups_clear(struct gs_groups *g);

/* Make dst a deep copy of src (dst is overwritten, not freed). */
void	groups_copy(struct gs_groups *dst, const struct gs_groups *src);

/* Sum per-feature values into per-group values (out has g->n entries). */
void	groups_sum(const struct gs_groups *g, const double *v, double *out);

#endif
