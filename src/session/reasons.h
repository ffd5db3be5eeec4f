/* SPDX-License-Identifier: ISC */
/*
 * Reason codes: for one explanation, the k features (or groups) that push
 * the output furthest toward the unfavourable side, with their signed
 * contributions and standard errors, as the letter-writing systems of
 * credit teams take them (CSV or JSON Lines), and as a report words them.
 */
#ifndef GS_REASONS_H
#define GS_REASONS_H

#include <stddef.h>
#include <stdio.h>

#include "attr/attr.h"
#include "core/error.h"
#include "session/export.h"
#include "session/features.h"

/* Which way of the explained output is unfavourable. */
enum gs_adverse {
	GS_ADVERSE_LOWER,	/* a lower output is worse (P(good), a score) */
	GS_ADVERSE_HIGHER,	/* a higher output is worse (P(default), a risk) */
	GS_ADVERSE_COUNT
};

/* What reasons are picked. */
struct gs_reason_opts {
	size_t		 k;		/* reasons per row at most (default 4) */
	enum gs_adverse	 adverse;	/* the unfavourable direction */
	int		 adverse_auto;	/* not given: reasons_adverse_of decides */
	int		 groups;	/* a group (one-hot columns) is one reason */
};

/* One reason. Borrowed strings. */
struct gs_reason {
	size_t		 idx;		/* feature (or group) index */
	const char	*name;		/* its name */
	const char	*level;		/* a category's level in the row, or NULL */
	int		 imputed;	/* enum gs_impute that filled it in, 0: the data's */
	double		 value;		/* the input value, NaN for a group of several */
	double		 phi;		/* its contribution (signed) */
	double		 se;		/* its standard error, NaN: deterministic */
	int		 tie;		/* its 95% interval overlaps the next adverse
					   one's (listed or not): order not claimed */
};

/*
 * Defaults: 4 reasons, lower is adverse unless reasons_adverse_of says
 * otherwise, groups when there are some.
 */
void	reasons_opts_default(struct gs_reason_opts *o);

/*
 * "lower", "higher", and parsing into o (the direction given, which
 * reasons_adverse_of then keeps). Errors: GS_EINVAL naming both.
 */
const char *reasons_adverse_name(enum gs_adverse a);
int	reasons_adverse_parse(const char *s, struct gs_reason_opts *o,
	    struct gs_error *err);

/*
 * The unfavourable direction of element target of s's output under o: o's
 * when given; when not, and a schema names the positive class (the event a
 * model flags, "bad"), a higher probability of that class is unfavourable
 * and a higher one of another class favourable; else o's default (lower).
 * s may be NULL.
 */
enum gs_adverse reasons_adverse_of(const struct gs_reason_opts *o,
	    const struct gs_session *s, size_t target);

/*
 * The at most o->k adverse reasons of ex into out (room for o->k), the
 * most adverse first (ties by index): features, or groups when o->groups
 * and ex has group attributions, whose contribution has the adverse sign
 * (a zero or NaN one is no reason). names are ex->d feature names. fs,
 * when not NULL, are ex's features (features_get): a categorical feature
 * is then one reason with its level, an imputed cell says so, and idx is
 * the index of the feature in fs (unless ex's groups are another spec's
 * and o->groups: then they are the reasons, as without fs). dir is the
 * adverse direction (reasons_adverse_of). Returns how many.
 */
size_t	reasons_pick(const struct gs_explanation *ex, const char *const *names,
	    const struct gs_features *fs, const struct gs_reason_opts *o,
	    enum gs_adverse dir, struct gs_reason *out);

/* Whether reasons_pick takes its reasons from fs for ex under o. */
int	reasons_from_features(const struct gs_explanation *ex,
	    const struct gs_features *fs, const struct gs_reason_opts *o);

/* The CSV header of reasons_write. */
void	reasons_begin(FILE *f);

/*
 * Write ex's reasons: CSV lines (row,output,method,adverse,reason,
 * feature,value,contribution,stderr,tie,imputed: value a category's level,
 * imputed the policy that filled the cell in) or, when json, one JSON object
 * with the row, output, method, seed, f(x), base and a "reasons" array.
 * o NULL: the defaults.
 */
void	reasons_write(FILE *f, int json, const struct gs_export_info *info,
	    const struct gs_explanation *ex, const struct gs_reason_opts *o);

#endif
