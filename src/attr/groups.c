/* SPDX-License-Identifier: ISC */
/*
 * Feature groups: the automatic prefix rule, explicit assignments, and
 * summing per-feature values into groups.
 */
#include <stdlib.h>
#include <string.h>

#include "attr/groups.h"
#include "core/xmalloc.h"
#include "data/encode.h"

/* Length of name's prefix before the first '.', '=' or '_', or 0. */
static size_t
groups_prefix_len(const char *name)
{
	size_t	len = strcspn(name, ".=_");

	return (name[len] != '\0' && len > 0 ? len : 0);
}

/* Fill start, members and of from group[] (the group of each feature). */
static void
groups_index(struct gs_groups *g, const size_t *group)
{
	size_t	i, k, *fill;

	g->start = xcalloc(g->n + 1, sizeof *g->start);
	g->members = xcalloc(g->d, sizeof *g->members);
	g->of = xcalloc(g->d, sizeof *g->of);
	for (i = 0; i < g->d; i++)
		g->start[group[i] + 1]++;
	for (k = 0; k < g->n; k++)
		g->start[k + 1] += g->start[k];
	fill = xcalloc(g->n, sizeof *fill);
	for (i = 0; i < g->d; i++) {
		g->of[i] = group[i];
		g->members[g->start[group[i]] + fill[group[i]]++] = i;
	}
	free(fill);
}

void
groups_auto(struct gs_groups *g, const char *const *names, size_t d)
{
	size_t	*group = xcalloc(d, sizeof *group), i, j, len, lj;

	memset(g, 0, sizeof *g);
	g->d = d;
	g->names = xcalloc(d, sizeof *g->names);
	for (i = 0; i < d; i++) {
		len = groups_prefix_len(names[i]);
		/* Join the group of an earlier feature with the same prefix. */
		for (j = 0; j < i && len > 0; j++) {
			lj = groups_prefix_len(names[j]);
			if (lj == len && strncmp(names[i], names[j], len) == 0)
				break;
		}
		if (len > 0 && j < i) {
			group[i] = group[j];
			continue;
		}
		/* A prefix shared with a later feature names the group. */
		for (j = i + 1; j < d && len > 0; j++) {
			lj = groups_prefix_len(names[j]);
			if (lj == len && strncmp(names[i], names[j], len) == 0)
				break;
		}
		group[i] = g->n;
		g->names[g->n++] = (len > 0 && j < d) ?
		    xstrndup(names[i], len) : xstrdup(names[i]);
	}
	g->spec = xstrdup("auto");
	groups_index(g, group);
	free(group);
}

int
groups_make(struct gs_groups *g, size_t d, const size_t *group, size_t n,
    const char *const *names, const char *spec, struct gs_error *err)
{
	size_t	*count, i, k;
	int	 rc = -1;

	memset(g, 0, sizeof *g);
	count = xcalloc(n + 1, sizeof *count);
	for (i = 0; i < d; i++) {
		if (group[i] >= n) {
			gs_error_set(err, GS_EINVAL, "feature %zu is put in "
			    "group %zu, but there are %zu groups", i, group[i],
			    n);
			goto out;
		}
		count[group[i]]++;
	}
	for (k = 0; k < n; k++) {
		if (count[k] == 0) {
			gs_error_set(err, GS_EINVAL, "group '%s' has no "
			    "members", names[k]);
			goto out;
		}
		for (i = 0; i < k; i++) {
			if (strcmp(names[i], names[k]) == 0) {
				gs_error_set(err, GS_EINVAL, "two groups are "
				    "called '%s'", names[k]);
				goto out;
			}
		}
	}
	g->d = d;
	g->n = n;
	g->names = xcalloc(n, sizeof *g->names);
	for (k = 0; k < n; k++)
		g->names[k] = xstrdup(names[k]);
	g->spec = xstrdup(spec != NULL ? spec : "custom");
	groups_index(g, group);
	rc = 0;
out:
	free(count);
	return (rc);
}

void
groups_encoding(struct gs_groups *g, const struct gs_encoding *enc)
{
	size_t	k;

	memset(g, 0, sizeof *g);
	g->d = enc->width;
	g->n = enc->nfeat;
	g->names = xcalloc(enc->nfeat + 1, sizeof *g->names);
	for (k = 0; k < enc->nfeat; k++)
		g->names[k] = xstrdup(enc->feat[k].name);
	g->spec = xstrdup("features");
	groups_index(g, enc->feat_of);
}

void
groups_clear(struct gs_groups *g)
{
	size_t	k;

	if (g->names != NULL)
		for (k = 0; k < g->n; k++)
			free(g->names[k]);
	free(g->names);
	free(g->start);
	free(g->members);
	free(g->of);
	free(g->spec);
	memset(g, 0, sizeof *g);
}

/* A copy of n sizes (at least one slot). */
static size_t *
groups_dup_sizes(const size_t *v, size_t n)
{
	size_t	*p = xcalloc(n > 0 ? n : 1, sizeof *p);

	if (n > 0)
		memcpy(p, v, n * sizeof *p);
	return (p);
}

void
groups_copy(struct gs_groups *dst, const struct gs_groups *src)
{
	size_t	k;

	memset(dst, 0, sizeof *dst);
	dst->d = src->d;
	dst->n = src->n;
	dst->names = xcalloc(src->n > 0 ? src->n : 1, sizeof *dst->names);
	for (k = 0; k < src->n; k++)
		dst->names[k] = xstrdup(src->names[k]);
	dst->start = groups_dup_sizes(src->start, src->n + 1);
	dst->members = groups_dup_sizes(src->members, src->d);
	dst->of = groups_dup_sizes(src->of, src->d);
	dst->spec = src->spec != NULL ? xstrdup(src->spec) : NULL;
}

void
groups_sum(const struct gs_groups *g, const double *v, double *out)
{
	size_t	i;

	memset(out, 0, g->n * sizeof *out);
	for (i = 0; i < g->d; i++)
		out[g->of[i]] += v[i];
}
