/* SPDX-License-Identifier: ISC */
/*
 * The options table: every setting of an explanation as one row with its
 * name, alias, type, range, default, help and the methods it applies to.
 * Every front end is derived from it: the REPL's set, show, help and
 * completion, the long options and usage of `gshap explain` and `gshap
 * view` (session/options.c), and the option keys of Lua's
 * gshap.explainer{...} (script-options.c). A value is parsed here and
 * nowhere else, so each front end accepts the same values and refuses the
 * same ones with the same message.
 *
 * Adding a setting is one row in settings_table (settings.c) plus its field
 * in struct gs_settings: name and help, type and range, default, the
 * GS_TAKES_ bit of the methods it applies to, the flags below, and what its
 * value is called in usage (NULL for a flag). The REPL, the command line,
 * Lua, completion and help pick it up; the man pages list it (a test
 * checks them against the table).
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
#define GS_SETTING_RESULT	0x01
/* Changing the setting changes the baseline set (rebuilt when next used). */
#define GS_SETTING_BASELINE	0x02
/*
 * How the REPL shows results (top-k, precision, width): a REPL setting
 * only, not an option of `gshap explain` nor a key of gshap.explainer.
 */
#define GS_SETTING_DISPLAY	0x04
/* On the command line a flag without a value (--abs): it means "on". */
#define GS_SETTING_FLAG		0x08
/*
 * Given for a method that does not take it (takes), `gshap explain` and
 * gshap.explainer refuse it (settings_check_given); the REPL keeps it for
 * when the method changes.
 */
#define GS_SETTING_STRICT	0x10

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
	char		*classes;	/* the output's class names "bad,good", or "auto":
					   the schema's, the model's, a text target's; owned */
	char		*baseline;	/* baseline spec, "auto" for the method's; owned */
	char		*noise;		/* noise spec, "auto" for the method's; owned */
	char		*groups;	/* "off", "auto" or a Lua file; owned */
	int		 impute;	/* enum gs_impute: the missing-value policy */
	int		 metrics;	/* quality metrics with each explanation */
	size_t		 batch;		/* rows per pass through the model, 0: automatic */
	size_t		 threads;	/* worker threads, 0 for one per core */
	size_t		 topk;		/* features shown, the rest summed */
	size_t		 precision;	/* significant digits printed */
	size_t		 width;		/* bar chart width in columns */
};

/* One row of the table. */
struct gs_setting {
	const char	*name;		/* "batch-size": REPL name, --batch-size, Lua batch_size */
	const char	*alias;		/* another accepted name ("batch"), or NULL */
	enum gs_setting_type type;	/* how values are parsed */
	size_t		 offset;	/* of the field in struct gs_settings */
	uint64_t	 min;		/* smallest value (SIZE) */
	uint64_t	 max;		/* largest value (SIZE) */
	const char	*def;		/* default, as text */
	const char	*(*choice)(size_t); /* i-th allowed or suggested value, or NULL */
	int		 flags;		/* GS_SETTING_* */
	unsigned	 takes;		/* GS_TAKES_* bit of the methods it applies to, 0: all */
	const char	*arg;		/* its value in usage ("N", "SPEC"); NULL for a flag */
	const char	*word;		/* BOOL: another word for on ("mean"); SIZE: the
					   word for 0 ("auto"), taken and shown; or NULL */
	const char	*help;		/* one line */
	int		(*check)(const char *, struct gs_error *); /* STRING check, or NULL */
};

/* Number of settings, and setting i in table order. */
size_t		 settings_count(void);
const struct gs_setting *settings_at(size_t i);
/* The index of def in the table (for bit masks of given settings). */
size_t		 settings_index(const struct gs_setting *def);

/*
 * Find a setting by name, alias or unique prefix (the REPL's set and
 * show). Returns NULL with GS_EINVAL for an unknown name ("unknown setting:
 * X, did you mean Y?") or an ambiguous prefix ("ambiguous setting: X, could
 * be: a, b").
 */
const struct gs_setting *settings_find(const char *name, struct gs_error *err);

/*
 * Find a setting by its Lua key: the name or alias with '_' for '-'
 * (batch_size, batch, max_samples), exactly; display settings are not
 * keys. NULL when there is none (no error: the caller knows its other
 * keys; settings_suggest then names the nearest).
 */
const struct gs_setting *settings_find_key(const char *key);

/*
 * Append to err's message the names one or two edits from key, as ", did
 * you mean a or b?" (names_suggest; Lua keys when lua), drawn from the
 * table and the extra names (NULL-terminated, at most 8, may be NULL).
 * Returns how many; nothing is added when none is near.
 */
size_t		 settings_suggest(const char *key, int lua,
		    const char *const *extra, struct gs_error *err);

/* The Lua key of def ("batch_size") into buf. Returns buf. */
char		*settings_key_name(const struct gs_setting *def, char *buf,
		    size_t size);

/* Fill st with every default. The caller frees it with settings_free. */
void		 settings_init(struct gs_settings *st);
void		 settings_free(struct gs_settings *st);
/* Make dst a deep copy of src; dst is overwritten, not freed. */
void		 settings_copy(struct gs_settings *dst, const struct gs_settings *src);

/*
 * Parse value for setting def into st ("default" restores the default).
 * On failure st is unchanged and err->msg is "NAME: what is wrong", NAME
 * being spelled (as the front end's user wrote it: "--samples",
 * "max_samples") or, when spelled is NULL, def->name. Every front end
 * parses here, so the text after "NAME: " is the same in all of them.
 * Errors: GS_EINVAL (not a number, not one of the choices, which are
 * listed), GS_ERANGE (outside min..max).
 */
int		 settings_parse(struct gs_settings *st, const struct gs_setting *def,
		    const char *spelled, const char *value, struct gs_error *err);

/* settings_parse with def->name in messages (the REPL's set). */
int		 settings_set(struct gs_settings *st, const struct gs_setting *def,
		    const char *value, struct gs_error *err);

/*
 * The value of def in st as text, in buf (size bytes, cut to fit: for
 * display). Returns buf.
 */
char		*settings_format(const struct gs_settings *st,
		    const struct gs_setting *def, char *buf, size_t size);

/* Whether the two values of def differ between a and b (whole strings). */
int		 settings_differ(const struct gs_settings *a,
		    const struct gs_settings *b, const struct gs_setting *def);

/* The class names the user gave (--classes, set classes), or NULL for auto. */
const char	*settings_classes(const struct gs_settings *st);

/*
 * Check rules that involve several settings (VarGrad takes the mc plan
 * only). Errors: GS_EINVAL.
 */
int		 settings_check(const struct gs_settings *st, struct gs_error *err);

/*
 * For a one-shot front end (`gshap explain`, gshap.explainer): refuse a
 * GS_SETTING_STRICT setting given (bit settings_index(def) of given) for a
 * method that does not take it: "NAME does not apply to METHOD (only to
 * a and b)", NAME after prefix ("--" on the command line; NULL: none).
 * Errors: GS_EINVAL.
 */
int		 settings_check_given(const struct gs_settings *st,
		    uint64_t given, const char *prefix, struct gs_error *err);

/* Union of the flags of the settings that differ between a and b. */
int		 settings_changed(const struct gs_settings *a,
		    const struct gs_settings *b);

/*
 * A key naming every setting with GS_SETTING_RESULT (method, its
 * parameters, seed, output, baseline, noise, ...) in full, for the
 * explanation cache. The caller frees it.
 */
char		*settings_key(const struct gs_settings *st);

/*
 * The attribution options the settings describe. Callers set the cancel
 * callback and output class themselves.
 */
void		 settings_opts(const struct gs_settings *st, struct gs_attr_opts *opts);

/*
 * The baseline and noise specs that apply to the current method: the
 * setting, or the method's default for "auto" (method_info: data for the
 * methods over a baseline set, mean for those of one row; 15% noise for
 * smoothgrad). NULL when the method takes none.
 */
const char	*settings_baseline(const struct gs_settings *st);
const char	*settings_noise(const struct gs_settings *st);

/*
 * Help for def: its help line, with the baseline row's completed by the
 * default-baseline sentence (method_baseline_defaults). Returns buf.
 */
const char	*settings_help(const struct gs_setting *def, char *buf,
		    size_t size);

#endif
