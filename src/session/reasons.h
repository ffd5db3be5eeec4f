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
	int		 groups;	/* a group (one-hot columns) is one reason */
};

/* One reason. Borrowed strings. */
struct gs_reason {
	size_t		 idx;		/* feature (or group) index */
	const char	*name;		/* its name */
	double		 value;		/* the input value, NaN for a group of several */
	double		 phi;		/* its contribution (signed) */
	double		 se;		/* its standard error, NaN: deterministic */
	int		 tie;		/* its 95% interval overlaps the next adverse
					   one's (listed or not): order not claimed */
};

/* Defaults: 4 reasons, lower is adverse, groups when there are some. */
void	reasons_opts_default(struct gs_reason_opts *o);

/* "lower", "higher", and parsing. Errors: GS_EINVAL naming both. */
const char *reasons_adverse_name(enum gs_adverse a);
int	reasons_adverse_parse(const char *s, enum gs_adverse *out,
	    struct gs_error *err);

/*
 * The at most o->k adverse reasons of ex into out (room for o->k), the
 * most adverse first (ties by index): features, or groups when o->groups
 * and ex has group attributions, whose contribution has the adverse sign
 * (a zero or NaN one is no reason). names are ex->d feature names.
 * Returns how many.
 */
size_t	reasons_pick(const struct gs_explanation *ex, const char *const *names,
	    const struct gs_reason_opts *o, struct gs_reason *out);

/* The CSV header of reasons_write. */
void	reasons_begin(FILE *f);

/*
 * Write ex's reasons: CSV lines (row,output,method,adverse,reason,
 * feature,value,contribution,stderr,tie) or, when json, one JSON object
 * with the row, output, method, seed, f(x), base and a "reasons" array.
 * o NULL: the defaults.
 */
void	reasons_write(FILE *f, int json, const struct gs_export_info *info,
	    const struct gs_explanation *ex, const struct gs_reason_opts *o);

#endif
