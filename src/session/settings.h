/* SPDX-License-Identifier: ISC */
/*
 * The settings of an interactive session as one data table: name, type,
 * range, default and help for each. The REPL's set, show and help commands,
 * its completion and the man page all come from this table.
 */
#ifndef GS_SETTINGS_H
#define GS_SETTINGS_H

#include <stddef.h>
#include <stdint.h>

#include "attr/attr.h"
#include "core/error.h"

enum gs_setting_type {
	GS_SETTING_SIZE,	/* a whole number in [min, max] */
	GS_SETTING_U64,		/* a 64-bit whole number (seeds) */
	GS_SETTING_BOOL,	/* on or off */
	GS_SETTING_ENUM,	/* one name out of a list */
	GS_SETTING_STRING,	/* free text, checked by whoever uses it */
	GS_SETTING_TYPE_COUNT
};

/* Changing the setting changes results: cached explanations are dropped. */
#define GS_SETTING_RESULT	0x1
/* Changing the setting changes the baseline set (rebuilt when next used). */
#define GS_SETTING_BASELINE	0x2

/* The values, one field per row of the table. */
struct gs_settings {
	int		 method;	/* enum gs_method */
	size_t		 samples;	/* Gradient SHAP / SmoothGrad samples */
	size_t		 steps;		/* IG quadrature points */
	int		 rule;		/* enum gs_rule */
	int		 smooth;	/* enum gs_smooth */
	int		 absolute;	/* |gradient| for saliency and smoothgrad */
	char		*plan;		/* sampling plan, "auto" for the method's; owned */
	char		*tol;		/* tolerance ("1%", "0.01") or "off"; owned */
	size_t		 max_samples;	/* sample budget under tol, 0: 64 x samples */
	uint64_t	 seed;		/* generator seed */
	char		*output;	/* output spec, "auto" for the default; owned */
	char		*baseline;	/* baseline spec, "auto" for the method's; owned */
	char		*noise;		/* noise spec, "auto" for the method's; owned */
	char		*groups;	/* "off", "auto" or a Lua file; owned */
	int		 impute;	/* fill missing cells with column means */
	int		 metrics;	/* quality metrics with each explanation */
	size_t		 batch;		/* rows per pass through the model */
	size_t		 threads;	/* worker threads, 0 for one per core */
	size_t		 topk;		/* features shown, the rest summed */
	size_t		 precision;	/* significant digits printed */
	size_t		 width;		/* bar chart width in columns */
};

/* One row of the table. */
struct gs_setting {
	const char	*name;		/* "samples" */
	const char	*alias;		/* another accepted name, or NULL */
	enum gs_setting_type type;	/* how values are parsed */
	size_t		 offset;	/* of the field in struct gs_settings */
	uint64_t	 min;		/* smallest value (SIZE) */
	uint64_t	 max;		/* largest value (SIZE) */
	const char	*def;		/* default, as text */
	const char	*(*choice)(size_t); /* i-th allowed or suggested value, or NULL */
	int		 flags;		/* GS_SETTING_* */
	const char	*help;		/* one line */
	int		(*check)(const char *, struct gs_error *); /* STRING check, or NULL */
};

/* Number of settings, and setting i in table order. */
size_t		 settings_count(void);
const struct gs_setting *settings_at(size_t i);

/*
 * Find a setting by name, alias or unique prefix. Returns NULL with
 * GS_EINVAL for an unknown name ("unknown setting: X") or an ambiguous
 * prefix ("ambiguous setting: X, could be: a, b").
 */
const struct gs_setting *settings_find(const char *name, struct gs_error *err);

/* Fill st with every default. The caller frees it with settings_free. */
void		 settings_init(struct gs_settings *st);
void		 settings_free(struct gs_settings *st);
/* Make dst a deep copy of src; dst is overwritten, not freed. */
void		 settings_copy(struct gs_settings *dst, const struct gs_settings *src);

/*
 * Parse value for setting def into st ("default" restores the default).
 * On failure st is unchanged. Errors: GS_EINVAL (not a number, not one of
 * the choices, which are listed), GS_ERANGE (outside min..max).
 */
int		 settings_set(struct gs_settings *st, const struct gs_setting *def,
		    const char *value, struct gs_error *err);

/* The value of def in st as text, in buf (size bytes). Returns buf. */
char		*settings_format(const struct gs_settings *st,
		    const struct gs_setting *def, char *buf, size_t size);

/* Whether the two values of def differ between a and b. */
int		 settings_differ(const struct gs_settings *a,
		    const struct gs_settings *b, const struct gs_setting *def);

/*
 * Check rules that involve several settings (VarGrad takes the mc plan
 * only). Errors: GS_EINVAL.
 */
int		 settings_check(const struct gs_settings *st, struct gs_error *err);

/* Union of the flags of the settings that differ between a and b. */
int		 settings_changed(const struct gs_settings *a,
		    const struct gs_settings *b);

/*
 * A key naming every setting with GS_SETTING_RESULT (method, its
 * parameters, seed, output, baseline, noise, ...), for the explanation
 * cache. Written into buf (size bytes); returns buf.
 */
char		*settings_key(const struct gs_settings *st, char *buf, size_t size);

/*
 * The attribution options the settings describe. Callers set the cancel
 * callback and output class themselves.
 */
void		 settings_opts(const struct gs_settings *st, struct gs_attr_opts *opts);

/*
 * The baseline and noise specs that apply to the current method: the
 * setting, or the method's default for "auto" (gradshap: data, ig: mean;
 * smoothgrad: 15% noise). NULL when the method takes none.
 */
const char	*settings_baseline(const struct gs_settings *st);
const char	*settings_noise(const struct gs_settings *st);

#endif
