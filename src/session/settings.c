/* SPDX-License-Identifier: ISC */
/*
 * The options table: one row per setting with its type, range, default,
 * choices, the methods it applies to and help, and the generic parsing,
 * formatting and comparing that works on any row through its offset into
 * struct gs_settings, for every front end.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/names.h"
#include "core/number.h"
#include "attr/attr.h"
#include "attr/trust.h"
#include "core/xmalloc.h"
#include "data/impute.h"
#include "session/job.h"
#include "session/session.h"
#include "session/settings.h"

/* Choice lists for completion and messages: the i-th value, or NULL. */
static const char *
settings_choice_method(size_t i)
{
	return (i < GS_METHOD_COUNT ? method_name(i) : NULL);
}

/* The values of rule. */
static const char *
settings_choice_rule(size_t i)
{
	return (i < GS_RULE_COUNT ? rule_name(i) : NULL);
}

/* The values of smooth. */
static const char *
settings_choice_smooth(size_t i)
{
	return (i < GS_SMOOTH_COUNT ? smooth_name(i) : NULL);
}

/* The values of bool. */
static const char *
settings_choice_bool(size_t i)
{
	static const char *v[] = { "on", "off", NULL };

	return (i < 2 ? v[i] : NULL);
}

/* The values of impute: the missing-value policies (data/impute.h). */
static const char *
settings_choice_impute(size_t i)
{
	return (i < GS_IMPUTE_COUNT ? impute_name((enum gs_impute)i) : NULL);
}

/* The values of output. */
static const char *
settings_choice_output(size_t i)
{
	return (i == 0 ? "auto" : NULL);
}

/* An output spec: "class K" needs a whole number (session_output_spec). */
static int
settings_check_output(const char *s, struct gs_error *err)
{
	const char	*k;

	return (session_output_spec(s, &k, err));
}

/* Class names: "auto", or names separated by commas, none empty or twice. */
static int
settings_check_classes(const char *s, struct gs_error *err)
{
	const char	*p, *q, *e, *f;
	size_t		 len;

	if (strcmp(s, "auto") == 0)
		return (0);
	for (p = s;; p = e + 1) {
		if ((e = strchr(p, ',')) == NULL)
			e = p + strlen(p);
		if ((len = (size_t)(e - p)) == 0)
			return (gs_error_set(err, GS_EINVAL, "an empty class "
			    "name in '%s' (names separated by commas, or "
			    "auto)", s));
		/* The same name earlier in the list. */
		for (q = s; q < p; q = f + 1) {
			f = strchr(q, ',');
			if ((size_t)(f - q) == len && strncmp(q, p, len) == 0)
				return (gs_error_set(err, GS_EINVAL, "class "
				    "'%.*s' is named twice", (int)len, p));
		}
		if (*e == '\0')
			return (0);
	}
}

/* The values of baseline. */
static const char *
settings_choice_baseline(size_t i)
{
	static const char *v[] = { "auto", "data", "mean", "zeros",
	    "sample:", "row:", "file:", NULL };

	return (i < sizeof v / sizeof v[0] ? v[i] : NULL);
}

/* The values of noise. */
static const char *
settings_choice_noise(size_t i)
{
	static const char *v[] = { "auto", "none", "10%", "15%", NULL };

	return (i < sizeof v / sizeof v[0] ? v[i] : NULL);
}

/* The values of groups. */
static const char *
settings_choice_groups(size_t i)
{
	static const char *v[] = { "features", "off", "auto", NULL };

	return (i < sizeof v / sizeof v[0] ? v[i] : NULL);
}

/* The values of plan. */
static const char *
settings_choice_plan(size_t i)
{
	static const char *v[] = { "auto", "reg", "mc", "stratified", "sobol",
	    "antithetic", "mc+antithetic", "stratified+antithetic",
	    "sobol+antithetic", "sobol+cv", "cv", NULL };

	return (i < sizeof v / sizeof v[0] ? v[i] : NULL);
}

/* The values of tol. */
static const char *
settings_choice_tol(size_t i)
{
	static const char *v[] = { "off", "1%", "5%", "0.001", "gap:1%", NULL };

	return (i < sizeof v / sizeof v[0] ? v[i] : NULL);
}

/* A plan sampling_parse reads, or auto. */
static int
settings_check_plan(const char *s, struct gs_error *err)
{
	enum gs_sampling	plan;
	int			anti, cv;

	if (strcmp(s, "auto") == 0 || sampling_parse(s, &plan, &anti, &cv) == 0)
		return (0);
	return (gs_error_set(err, GS_EINVAL, "unknown plan '%s' (auto; reg; "
	    "mc, stratified or sobol, then +antithetic or +cv; or antithetic "
	    "alone)", s));
}

/* A tolerance sampling_tol_parse reads, or off. */
static int
settings_check_tol(const char *s, struct gs_error *err)
{
	double	tol;
	int	rel;

	if (strcmp(s, "off") == 0)
		return (0);
	return (sampling_tol_parse(s, &tol, &rel, err));
}

/* A noise spec: a Lua script, or one noise_make reads (checked without data). */
static int
settings_check_noise(const char *s, struct gs_error *err)
{
	struct gs_selection	none;
	struct gs_noise		nz;

	if (strcmp(s, "auto") == 0 || job_names_script("noise", s))
		return (0);
	memset(&none, 0, sizeof none);
	if (noise_make(&nz, s, NULL, &none, err) != 0)
		return (-1);
	noise_clear(&nz);
	return (0);
}

#define SET_OFF(f)	offsetof(struct gs_settings, f)
#define SET_R		GS_SETTING_RESULT
#define SET_RB		(GS_SETTING_RESULT | GS_SETTING_BASELINE)
#define SET_D		GS_SETTING_DISPLAY

/*
 * The table. Field order: name, alias, type, offset, min, max, default,
 * choices, flags, takes (GS_TAKES_ bit of the methods it applies to),
 * usage word (NULL: a flag on the command line), another word for on,
 * help, check.
 */
static const struct gs_setting settings_table[] = {
	{ "method", NULL, GS_SETTING_ENUM, SET_OFF(method), 0, 0, "gradshap",
	  settings_choice_method, SET_R, 0, "METHOD", NULL,
	  "attribution method", NULL },
	{ "samples", NULL, GS_SETTING_SIZE, SET_OFF(samples), 1, 100000000,
	  "auto", NULL, SET_R, GS_TAKES_SAMPLES, "N", "auto",
	  "samples, permutations or coalitions (auto: the method's own: 200, "
	  "kernel 2 per player plus 2048)", NULL },
	{ "steps", NULL, GS_SETTING_SIZE, SET_OFF(steps), 1, 10000000, "50",
	  NULL, SET_R, GS_TAKES_STEPS, "N", NULL,
	  "quadrature points for ig", NULL },
	{ "rule", NULL, GS_SETTING_ENUM, SET_OFF(rule), 0, 0, "gausslegendre",
	  settings_choice_rule, SET_R, GS_TAKES_STEPS, "RULE", NULL,
	  "quadrature rule for ig", NULL },
	{ "smooth", NULL, GS_SETTING_ENUM, SET_OFF(smooth), 0, 0, "mean",
	  settings_choice_smooth, SET_R, GS_TAKES_SMOOTH, "mean|sq|var", NULL,
	  "smoothgrad aggregate: mean, sq (squared) or var (VarGrad)", NULL },
	{ "abs", NULL, GS_SETTING_BOOL, SET_OFF(absolute), 0, 1, "off",
	  settings_choice_bool, SET_R | GS_SETTING_FLAG | GS_SETTING_STRICT,
	  GS_TAKES_ABS, NULL, NULL,
	  "absolute gradients for saliency and smoothgrad", NULL },
	{ "plan", NULL, GS_SETTING_STRING, SET_OFF(plan), 0, 0, "auto",
	  settings_choice_plan, SET_R | GS_SETTING_STRICT, GS_TAKES_PLAN,
	  "PLAN", NULL,
	  "sampling plan of gradshap and smoothgrad (auto: reg for "
	  "gradshap, antithetic for smoothgrad)", settings_check_plan },
	{ "tol", NULL, GS_SETTING_STRING, SET_OFF(tol), 0, 0, "off",
	  settings_choice_tol, SET_R, 0, "[gap:]T[%]", NULL,
	  "sample until every standard error (ig: the gap) is below T, or P% "
	  "of |f(x) - base|; gap:T aims at the completeness gap",
	  settings_check_tol },
	{ "max-samples", NULL, GS_SETTING_SIZE, SET_OFF(max_samples), 0,
	  1000000000, "0", NULL, SET_R, 0, "N", NULL,
	  "sample budget under tol (0: 64 times samples)", NULL },
	{ "seed", NULL, GS_SETTING_U64, SET_OFF(seed), 0, UINT64_MAX, "0",
	  NULL, SET_RB, 0, "S", NULL,
	  "seed of the random generator", NULL },
	{ "output", "class", GS_SETTING_STRING, SET_OFF(output), 0, 0, "auto",
	  settings_choice_output, SET_R, 0, "K|NAME[:K]", NULL,
	  "output explained: auto, class K, NAME or NAME:K",
	  settings_check_output },
	{ "classes", NULL, GS_SETTING_STRING, SET_OFF(classes), 0, 0, "auto",
	  NULL, 0, 0, "A,B,...", NULL,
	  "names of the output's classes, in order (auto: the schema's, the "
	  "model's metadata or a text target's levels)",
	  settings_check_classes },
	{ "baseline", NULL, GS_SETTING_STRING, SET_OFF(baseline), 0, 0, "auto",
	  settings_choice_baseline, SET_RB | GS_SETTING_STRICT,
	  GS_TAKES_BASELINE, "SPEC", NULL,
	  "baseline spec or Lua file", NULL },
	{ "noise", NULL, GS_SETTING_STRING, SET_OFF(noise), 0, 0, "auto",
	  settings_choice_noise, SET_R | GS_SETTING_STRICT, GS_TAKES_NOISE,
	  "SIGMA[%]", NULL,
	  "input noise: none, SIGMA, P% or a Lua file (auto: 15% for "
	  "smoothgrad)", settings_check_noise },
	{ "groups", NULL, GS_SETTING_STRING, SET_OFF(groups), 0, 0,
	  "features", settings_choice_groups, SET_R, 0, "SPEC", NULL,
	  "feature groups: features (a category as one), off (every model "
	  "input), auto (name prefixes) or a Lua file",
	  NULL },
	{ "impute", NULL, GS_SETTING_ENUM, SET_OFF(impute), 0, 0, "error",
	  settings_choice_impute, SET_RB, 0, "POLICY", "mean",
	  "missing-value policy: error, skip, mean, median, mode or model",
	  NULL },
	{ "metrics", NULL, GS_SETTING_BOOL, SET_OFF(metrics), 0, 1, "off",
	  settings_choice_bool, SET_R | GS_SETTING_FLAG, 0, NULL, NULL,
	  "quality metrics after each explanation, as explain --metrics",
	  NULL },
	{ "batch-size", "batch", GS_SETTING_SIZE, SET_OFF(batch), 0, 1 << 20,
	  "0", NULL, SET_R, 0, "N", NULL,
	  "rows per pass through the model (0: automatic, from the model)",
	  NULL },
	{ "threads", NULL, GS_SETTING_SIZE, SET_OFF(threads), 0, 1024, "0",
	  NULL, 0, 0, "N", NULL,
	  "worker threads (0: one per core); results do not depend on it",
	  NULL },
	{ "top-k", NULL, GS_SETTING_SIZE, SET_OFF(topk), 1, 100000, "10",
	  NULL, SET_D, 0, "K", NULL,
	  "rows of the charts: the largest k-1 and one summing the rest", NULL },
	{ "precision", NULL, GS_SETTING_SIZE, SET_OFF(precision), 1, 17, "4",
	  NULL, SET_D, 0, "N", NULL,
	  "significant digits printed", NULL },
	{ "width", NULL, GS_SETTING_SIZE, SET_OFF(width), 10, 400, "30",
	  NULL, SET_D, 0, "N", NULL,
	  "summary chart bar width in columns", NULL },
};
#define SETTINGS_N	(sizeof settings_table / sizeof settings_table[0])

size_t
settings_count(void)
{
	return (SETTINGS_N);
}

const struct gs_setting *
settings_at(size_t i)
{
	return (i < SETTINGS_N ? &settings_table[i] : NULL);
}

size_t
settings_index(const struct gs_setting *def)
{
	return ((size_t)(def - settings_table));
}

char *
settings_key_name(const struct gs_setting *def, char *buf, size_t size)
{
	char	*p;

	snprintf(buf, size, "%s", def->name);
	for (p = buf; *p != '\0'; p++)
		if (*p == '-')
			*p = '_';
	return (buf);
}

/* Whether key is name with '_' for '-'. */
static int
settings_key_is(const char *key, const char *name)
{
	for (; *key != '\0' && *name != '\0'; key++, name++)
		if (*key != (*name == '-' ? '_' : *name))
			return (0);
	return (*key == '\0' && *name == '\0');
}

const struct gs_setting *
settings_find_key(const char *key)
{
	size_t	i;

	for (i = 0; i < SETTINGS_N; i++) {
		if (settings_table[i].flags & GS_SETTING_DISPLAY)
			continue;
		if (settings_key_is(key, settings_table[i].name) ||
		    (settings_table[i].alias != NULL &&
		    settings_key_is(key, settings_table[i].alias)))
			return (&settings_table[i]);
	}
	return (NULL);
}

size_t
settings_suggest(const char *key, int lua, const char *const *extra,
    struct gs_error *err)
{
	const char	*cands[SETTINGS_N + 8];
	char		 keys[SETTINGS_N][64];
	size_t		 i, n = 0;

	for (i = 0; i < SETTINGS_N; i++) {
		if (lua && (settings_table[i].flags & GS_SETTING_DISPLAY))
			continue;
		cands[n++] = lua ? settings_key_name(&settings_table[i],
		    keys[i], sizeof keys[i]) : settings_table[i].name;
	}
	for (i = 0; extra != NULL && extra[i] != NULL && i < 8; i++)
		cands[n++] = extra[i];
	return (names_suggest(key, cands, n, "", err));
}

const struct gs_setting *
settings_find(const char *name, struct gs_error *err)
{
	const struct gs_setting *found = NULL;
	size_t	 i, len = strlen(name), nfound = 0;

	for (i = 0; i < SETTINGS_N; i++) {
		if (strcmp(settings_table[i].name, name) == 0 ||
		    (settings_table[i].alias != NULL &&
		    strcmp(settings_table[i].alias, name) == 0))
			return (&settings_table[i]);
	}
	for (i = 0; i < SETTINGS_N && len > 0; i++) {
		if (strncmp(settings_table[i].name, name, len) == 0) {
			found = &settings_table[i];
			nfound++;
		}
	}
	if (nfound == 1)
		return (found);
	if (nfound == 0) {
		gs_error_set(err, GS_EINVAL, "unknown setting: %s", name);
		if (settings_suggest(name, 0, NULL, err) == 0)
			gs_error_append(err, " (see 'show' or 'help "
			    "settings')");
		return (NULL);
	}
	gs_error_set(err, GS_EINVAL, "ambiguous setting: %s, could be:", name);
	for (i = 0, nfound = 0; i < SETTINGS_N; i++) {
		if (strncmp(settings_table[i].name, name, len) != 0)
			continue;
		gs_error_append(err, "%s %s", nfound++ == 0 ? "" : ",",
		    settings_table[i].name);
	}
	return (NULL);
}

/* The field of def inside st. */
static void *
settings_field(const struct gs_settings *st, const struct gs_setting *def)
{
	return ((char *)(uintptr_t)st + def->offset);
}

void
settings_init(struct gs_settings *st)
{
	size_t	i;

	memset(st, 0, sizeof *st);
	for (i = 0; i < SETTINGS_N; i++) {
		if (settings_set(st, &settings_table[i], settings_table[i].def,
		    NULL) != 0)
			abort();	/* a default that does not parse */
	}
}

void
settings_free(struct gs_settings *st)
{
	size_t	i;

	for (i = 0; i < SETTINGS_N; i++) {
		if (settings_table[i].type == GS_SETTING_STRING) {
			char **p = settings_field(st, &settings_table[i]);
			free(*p);
			*p = NULL;
		}
	}
}

void
settings_copy(struct gs_settings *dst, const struct gs_settings *src)
{
	size_t	i;

	*dst = *src;
	for (i = 0; i < SETTINGS_N; i++) {
		if (settings_table[i].type == GS_SETTING_STRING) {
			char **p = settings_field(dst, &settings_table[i]);
			if (*p != NULL)
				*p = xstrdup(*p);
		}
	}
}

/* The choices of def as "a, b, c" into buf. */
static void
settings_choices(const struct gs_setting *def, char *buf, size_t size)
{
	const char	*c;
	size_t		 i, off = 0;

	buf[0] = '\0';
	for (i = 0; (c = def->choice(i)) != NULL && off < size; i++) {
		snprintf(buf + off, size - off, "%s%s", i == 0 ? "" : ", ", c);
		off = strlen(buf);
	}
}

/* Whether value is one of the words for on (1), off (0), or neither (-1). */
static int
settings_bool(const struct gs_setting *def, const char *value)
{
	if (strcasecmp(value, "on") == 0 || strcasecmp(value, "yes") == 0 ||
	    strcasecmp(value, "true") == 0 || strcmp(value, "1") == 0 ||
	    (def->word != NULL && strcmp(value, def->word) == 0))
		return (1);
	if (strcasecmp(value, "off") == 0 || strcasecmp(value, "no") == 0 ||
	    strcasecmp(value, "false") == 0 || strcmp(value, "0") == 0)
		return (0);
	return (-1);
}

int
settings_parse(struct gs_settings *st, const struct gs_setting *def,
    const char *spelled, const char *value, struct gs_error *err)
{
	void		*field = settings_field(st, def);
	const char	*c, *name = spelled != NULL ? spelled : def->name;
	char		 list[200];
	uint64_t	 v;
	size_t		 i;
	int		 b;

	if (strcmp(value, "default") == 0)
		value = def->def;
	switch (def->type) {
	case GS_SETTING_SIZE:
		if (def->word != NULL && strcmp(value, def->word) == 0) {
			*(size_t *)field = 0;
			return (0);
		}
		if (number_parse(value, UINT64_MAX, &v) != 0)
			return (gs_error_set(err, GS_EINVAL, "%s: '%s' is not "
			    "a whole number%s%s", name, value, def->word != NULL ?
			    " or " : "", def->word != NULL ? def->word : ""));
		if (v < def->min || v > def->max)
			return (gs_error_set(err, GS_ERANGE, "%s: %s is out of "
			    "range (%" PRIu64 " to %" PRIu64 ")", name, value,
			    def->min, def->max));
		*(size_t *)field = (size_t)v;
		return (0);
	case GS_SETTING_U64:
		if (number_parse(value, UINT64_MAX, &v) != 0)
			return (gs_error_set(err, GS_EINVAL, "%s: '%s' is not "
			    "a whole number (0 to %" PRIu64 ")", name, value,
			    UINT64_MAX));
		*(uint64_t *)field = v;
		return (0);
	case GS_SETTING_BOOL:
		if ((b = settings_bool(def, value)) < 0)
			return (gs_error_set(err, GS_EINVAL, "%s: '%s' is not "
			    "%s or off", name, value, def->word != NULL ?
			    def->word : "on"));
		*(int *)field = b;
		return (0);
	case GS_SETTING_ENUM:
		/* An enum with a word for on: on is that word, off the first. */
		if (def->word != NULL && (b = settings_bool(def, value)) >= 0)
			value = b ? def->word : def->choice(0);
		for (i = 0; (c = def->choice(i)) != NULL; i++) {
			if (strcmp(c, value) == 0) {
				*(int *)field = (int)i;
				return (0);
			}
		}
		settings_choices(def, list, sizeof list);
		return (gs_error_set(err, GS_EINVAL, "%s: unknown value '%s' "
		    "(%s)", name, value, list));
	case GS_SETTING_STRING:
		if (*value == '\0')
			return (gs_error_set(err, GS_EINVAL, "%s: empty value",
			    name));
		/* A check's message naming the setting ("noise '5x': ...") stays. */
		if (def->check != NULL && def->check(value, err) != 0) {
			if (err != NULL && !(strncmp(err->msg, def->name,
			    strlen(def->name)) == 0 &&
			    err->msg[strlen(def->name)] == ' '))
				gs_error_prefix(err, "%s: ", name);
			return (-1);
		}
		free(*(char **)field);
		*(char **)field = xstrdup(value);
		return (0);
	default:
		break;
	}
	return (gs_error_set(err, GS_EINVAL, "%s: bad setting type", name));
}

int
settings_set(struct gs_settings *st, const struct gs_setting *def,
    const char *value, struct gs_error *err)
{
	return (settings_parse(st, def, NULL, value, err));
}

char *
settings_format(const struct gs_settings *st, const struct gs_setting *def,
    char *buf, size_t size)
{
	const void	*field = settings_field(st, def);
	const char	*s;

	switch (def->type) {
	case GS_SETTING_SIZE:
		if (def->word != NULL && *(const size_t *)field == 0)
			snprintf(buf, size, "%s", def->word);
		else
			snprintf(buf, size, "%zu", *(const size_t *)field);
		break;
	case GS_SETTING_U64:
		snprintf(buf, size, "%" PRIu64, *(const uint64_t *)field);
		break;
	case GS_SETTING_BOOL:
		snprintf(buf, size, "%s", *(const int *)field ? "on" : "off");
		break;
	case GS_SETTING_ENUM:
		s = def->choice((size_t)*(const int *)field);
		snprintf(buf, size, "%s", s != NULL ? s : "?");
		break;
	case GS_SETTING_STRING:
		s = *(char *const *)field;
		snprintf(buf, size, "%s", s != NULL ? s : "");
		break;
	default:
		snprintf(buf, size, "?");
		break;
	}
	return (buf);
}

int
settings_differ(const struct gs_settings *a, const struct gs_settings *b,
    const struct gs_setting *def)
{
	const void	*fa = settings_field(a, def);
	const void	*fb = settings_field(b, def);
	const char	*sa, *sb;

	switch (def->type) {
	case GS_SETTING_SIZE:
		return (*(const size_t *)fa != *(const size_t *)fb);
	case GS_SETTING_U64:
		return (*(const uint64_t *)fa != *(const uint64_t *)fb);
	case GS_SETTING_BOOL:
	case GS_SETTING_ENUM:
		return (*(const int *)fa != *(const int *)fb);
	default:
		sa = *(char *const *)fa;
		sb = *(char *const *)fb;
		return (strcmp(sa != NULL ? sa : "", sb != NULL ? sb : "") !=
		    0);
	}
}

int
settings_changed(const struct gs_settings *a, const struct gs_settings *b)
{
	size_t	i;
	int	flags = 0;

	for (i = 0; i < SETTINGS_N; i++)
		if (settings_differ(a, b, &settings_table[i]))
			flags |= settings_table[i].flags &
			    (GS_SETTING_RESULT | GS_SETTING_BASELINE);
	return (flags);
}

char *
settings_key(const struct gs_settings *st)
{
	const struct gs_setting	*def;
	char			*key = NULL, v[64];
	const char		*val;
	size_t			 i, len = 0, n;

	for (i = 0; i < SETTINGS_N; i++) {
		def = &settings_table[i];
		if ((def->flags & GS_SETTING_RESULT) == 0)
			continue;
		/* Strings in full, however long; the rest fit in v. */
		if (def->type == GS_SETTING_STRING) {
			val = *(char *const *)settings_field(st, def);
			if (val == NULL)
				val = "";
		} else
			val = settings_format(st, def, v, sizeof v);
		n = strlen(def->name) + strlen(val) + 2;
		key = xreallocarray(key, len + n + 1, 1);
		snprintf(key + len, n + 1, "%s=%s;", def->name, val);
		len += n;
	}
	return (key != NULL ? key : xstrdup(""));
}

void
settings_opts(const struct gs_settings *st, struct gs_attr_opts *opts)
{
	attr_opts_default(opts);
	opts->method = (enum gs_method)st->method;
	opts->samples = st->samples;
	opts->steps = st->steps;
	opts->rule = (enum gs_rule)st->rule;
	opts->smooth = (enum gs_smooth)st->smooth;
	opts->absolute = st->absolute;
	opts->seed = st->seed;
	opts->batch = st->batch;
	opts->threads = st->threads;
	/* auto: the explainer's default, which each method reads its way. */
	if (strcmp(st->plan, "auto") != 0)
		sampling_parse(st->plan, &opts->plan, &opts->antithetic,
		    &opts->cv);
	if (strcmp(st->tol, "off") != 0)
		sampling_tol_parse(st->tol, &opts->tol, &opts->tol_rel, NULL);
	opts->max_samples = st->max_samples;
}

const char *
settings_classes(const struct gs_settings *st)
{
	return (strcmp(st->classes, "auto") != 0 ? st->classes : NULL);
}

int
settings_check(const struct gs_settings *st, struct gs_error *err)
{
	struct gs_attr_opts	opts;

	settings_opts(st, &opts);
	if ((method_info((enum gs_method)st->method)->takes &
	    GS_TAKES_SMOOTH) && st->smooth == GS_SMOOTH_VAR &&
	    strcmp(st->plan, "auto") != 0 && (opts.plan != GS_PLAN_MC ||
	    opts.antithetic))
		return (gs_error_set(err, GS_EINVAL, "plan: VarGrad (smooth "
		    "var) takes the mc plan only: its standard error needs "
		    "independent samples"));
	return (0);
}

int
settings_check_given(const struct gs_settings *st, uint64_t given,
    const char *prefix, struct gs_error *err)
{
	const struct gs_setting	*def;
	enum gs_method		 m = (enum gs_method)st->method;
	char			 name[64], list[200];
	size_t			 i;

	for (i = 0; i < SETTINGS_N; i++) {
		def = &settings_table[i];
		if (!(given & ((uint64_t)1 << i)) ||
		    !(def->flags & GS_SETTING_STRICT) ||
		    (method_info(m)->takes & def->takes) == def->takes)
			continue;
		snprintf(name, sizeof name, "%s%s", prefix != NULL ? prefix :
		    "", def->name);
		return (gs_error_set(err, GS_EINVAL, "%s does not apply to %s "
		    "(only to %s)", name, method_name(m),
		    method_names_taking(def->takes, list, sizeof list)));
	}
	return (0);
}

const char *
settings_baseline(const struct gs_settings *st)
{
	const struct gs_method_info *mi = method_info(
	    (enum gs_method)st->method);

	if (mi->baseline == GS_BASELINE_NONE)
		return (NULL);
	if (st->baseline != NULL && strcmp(st->baseline, "auto") != 0)
		return (st->baseline);
	return (mi->default_baseline);
}

const char *
settings_noise(const struct gs_settings *st)
{
	const struct gs_method_info *mi = method_info(
	    (enum gs_method)st->method);

	if (!(mi->takes & GS_TAKES_NOISE))
		return (NULL);
	if (st->noise != NULL && strcmp(st->noise, "auto") != 0)
		return (st->noise);
	return (mi->default_noise);
}

const char *
settings_help(const struct gs_setting *def, char *buf, size_t size)
{
	char	sentence[200];

	if (def->offset != SET_OFF(baseline))
		return (def->help);
	snprintf(buf, size, "%s (auto: %s)", def->help,
	    method_baseline_defaults(sentence, sizeof sentence));
	return (buf);
}
