/* SPDX-License-Identifier: ISC */
/*
 * The method table (each method's traits and entry points), what is derived
 * from the traits (its parameters in words, the default-baseline sentence),
 * and the names of rules and SmoothGrad aggregates.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "attr/explainer.h"
#include "attr/game.h"
#include "attr/trust.h"

/*
 * One row per method: its traits (struct gs_method_info, attr.h), then how
 * the explainer drives it (explainer.h). To add a method: write
 * attr-<name>.c, add GS_METHOD_<NAME> to enum gs_method and its row here.
 * Every front end reads the traits; nothing else names methods.
 */
static const struct gs_method_entry method_table[] = {
	[GS_METHOD_GRADSHAP] = {
	    .info = { .name = "gradshap",
		.summary = "Gradient SHAP (expected gradients) over a "
		    "baseline set",
		.stochastic = 1, .shapley = 1, .baseline = GS_BASELINE_SET,
		.default_baseline = "data",
		.takes = GS_TAKES_SAMPLES | GS_TAKES_BASELINE |
		    GS_TAKES_NOISE | GS_TAKES_PLAN | GS_TAKES_CV,
		.unit = GS_UNIT_SAMPLES, .samples = 200,
		.estimand = GS_REF_EXPECTED_GRADIENTS,
		.bias_note = "Gradient SHAP estimates expected gradients, "
		    "which equal Shapley values only where features do not "
		    "interact; more samples do not shrink the difference" },
	    .batch = attr_gradshap_batch, .merge = explainer_merge_stats,
	    .finish = explainer_finish_mean },
	[GS_METHOD_IG] = {
	    .info = { .name = "ig",
		.summary = "integrated gradients against one baseline",
		.baseline = GS_BASELINE_ROW, .default_baseline = "mean",
		.takes = GS_TAKES_STEPS | GS_TAKES_BASELINE,
		.unit = GS_UNIT_STEPS, .estimand = GS_REF_PATH,
		.bias_note = "IG from one baseline is the path "
		    "(Aumann-Shapley) value, not the Shapley value over that "
		    "baseline; they differ where features interact" },
	    .batch = attr_ig_batch, .merge = attr_ig_merge,
	    .finish = attr_ig_finish },
	[GS_METHOD_SALIENCY] = {
	    .info = { .name = "saliency",
		.summary = "the gradient at the input (signed, or --abs)",
		.takes = GS_TAKES_ABS },
	    .run = attr_saliency_run },
	[GS_METHOD_IXG] = {
	    .info = { .name = "ixg",
		.summary = "input times gradient" },
	    .run = attr_ixg_run },
	[GS_METHOD_SMOOTHGRAD] = {
	    .info = { .name = "smoothgrad",
		.summary = "gradients averaged over noisy copies of the input",
		.stochastic = 1, .default_noise = "15%",
		.takes = GS_TAKES_SAMPLES | GS_TAKES_NOISE | GS_TAKES_PLAN |
		    GS_TAKES_ABS | GS_TAKES_SMOOTH,
		.unit = GS_UNIT_SAMPLES, .samples = 200 },
	    .batch = attr_smoothgrad_batch, .merge = explainer_merge_stats,
	    .finish = attr_smoothgrad_finish },
	[GS_METHOD_EXACT] = {
	    .info = { .name = "exact",
		.summary = "exact Shapley values by enumeration (up to 20 "
		    "players)",
		.shapley = 1, .baseline = GS_BASELINE_SET,
		.default_baseline = "data",
		.takes = GS_TAKES_BASELINE,
		.unit = GS_UNIT_EVALUATIONS, .estimand = GS_REF_SHAPLEY,
		.bias_note = "exact Shapley values: no bias, no sampling "
		    "error" },
	    .run = attr_exact_run },
	[GS_METHOD_PERMUTATION] = {
	    .info = { .name = "permutation",
		.summary = "Shapley values by antithetic permutation sampling",
		.stochastic = 1, .shapley = 1, .baseline = GS_BASELINE_SET,
		.default_baseline = "data",
		.takes = GS_TAKES_SAMPLES | GS_TAKES_BASELINE,
		.unit = GS_UNIT_SAMPLES, .samples = 200,
		.estimand = GS_REF_SHAPLEY,
		.bias_note = "permutation sampling is unbiased for Shapley "
		    "values: any difference is sampling error" },
	    .run = attr_permutation_run },
	[GS_METHOD_KERNEL] = {
	    .info = { .name = "kernel",
		.summary = "Kernel SHAP with paired sampling (Covert & Lee)",
		.stochastic = 1, .shapley = 1, .baseline = GS_BASELINE_SET,
		.default_baseline = "data",
		.takes = GS_TAKES_SAMPLES | GS_TAKES_BASELINE,
		/* The shap package's budget: 2 a player plus 2048. */
		.unit = GS_UNIT_SAMPLES, .samples = 2048, .per_player = 2,
		.estimand = GS_REF_SHAPLEY,
		.bias_note = "Kernel SHAP's regression is biased only by "
		    "O(1/samples), small beside its standard error" },
	    .run = attr_kernel_run, .check = attr_kernel_check },
	[GS_METHOD_EXACTIG] = {
	    .info = { .name = "exactig",
		.summary = "exact integrated gradients for piecewise-linear "
		    "networks",
		.baseline = GS_BASELINE_ROW, .default_baseline = "mean",
		.takes = GS_TAKES_STEPS | GS_TAKES_BASELINE,
		.unit = GS_UNIT_REGIONS, .estimand = GS_REF_PATH,
		.bias_note = "exact IG is the path (Aumann-Shapley) value, "
		    "not the Shapley value over that baseline; they differ "
		    "where features interact" },
	    .run = attr_exactig_run },
};
_Static_assert(sizeof method_table / sizeof method_table[0] ==
    GS_METHOD_COUNT, "method_table out of step with enum gs_method");

static const char *rule_names[] = {
	"left", "right", "middle", "trapezoid", "gausslegendre"
};
_Static_assert(sizeof rule_names / sizeof rule_names[0] == GS_RULE_COUNT,
    "rule_names out of step with enum gs_rule");

static const char *smooth_names[] = { "mean", "sq", "var" };
_Static_assert(sizeof smooth_names / sizeof smooth_names[0] ==
    GS_SMOOTH_COUNT, "smooth_names out of step with enum gs_smooth");

static const char *unit_names[] = {
	"", "samples", "steps", "evaluations", "regions"
};
_Static_assert(sizeof unit_names / sizeof unit_names[0] == GS_UNIT_COUNT,
    "unit_names out of step with enum gs_unit");

const struct gs_method_entry *
method_entry(enum gs_method m)
{
	return (&method_table[m]);
}

const struct gs_method_info *
method_info(enum gs_method m)
{
	return (&method_table[m].info);
}

const char *
method_name(enum gs_method m)
{
	return (method_table[m].info.name);
}

int
method_stochastic(enum gs_method m)
{
	return (method_table[m].info.stochastic);
}

const char *
method_unit_name(enum gs_unit u)
{
	return (unit_names[u]);
}

size_t
method_count(const struct gs_explanation *ex)
{
	switch (method_table[ex->method].info.unit) {
	case GS_UNIT_SAMPLES:
		return (ex->samples_used > 0 ? ex->samples_used :
		    ex->opts.samples);
	case GS_UNIT_STEPS:
		return (ex->opts.steps);
	case GS_UNIT_EVALUATIONS:
		return (ex->samples_used);
	case GS_UNIT_REGIONS:
		return (ex->regions);
	default:
		return (0);
	}
}

/* Append printf text to buf at *off. */
static void __attribute__((format(printf, 4, 5)))
method_cat(char *buf, size_t size, size_t *off, const char *fmt, ...)
{
	va_list	ap;

	if (*off >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + *off, size - *off, fmt, ap);
	va_end(ap);
	*off += strlen(buf + *off);
}

char *
method_describe(const struct gs_explanation *ex, enum gs_describe how,
    const char *sep, char *buf, size_t size)
{
	const struct gs_method_info *mi = &method_table[ex->method].info;
	const char	*unit = unit_names[mi->unit];
	char		 plan[64];
	size_t		 off = 0, n = method_count(ex);
	int		 text = how == GS_DESCRIBE_TEXT;

	buf[0] = '\0';
	if (mi->unit != GS_UNIT_NONE && text)
		method_cat(buf, size, &off, "%s %zu", unit, n);
	else if (mi->unit != GS_UNIT_NONE)
		method_cat(buf, size, &off, "%zu %s", n, unit);
	if (mi->unit == GS_UNIT_STEPS)
		method_cat(buf, size, &off, text ? "  rule %s" : " %s",
		    rule_name(ex->opts.rule));
	/* A path cut into linear regions: its pieces, and how exact. */
	if (mi->unit == GS_UNIT_REGIONS && text)
		method_cat(buf, size, &off, "  pieces %zu", ex->samples_used);
	else if (mi->unit == GS_UNIT_REGIONS)
		method_cat(buf, size, &off, ", exact to %.1g", ex->bound);
	if ((mi->takes & GS_TAKES_SMOOTH) && text)
		method_cat(buf, size, &off, "  aggregate %s%s",
		    smooth_name(ex->opts.smooth), ex->opts.absolute &&
		    (mi->takes & GS_TAKES_ABS) ? " of |gradient|" : "");
	if (mi->takes & GS_TAKES_PLAN)
		method_cat(buf, size, &off, "%splan %s", text ? "  " : sep,
		    sampling_format(ex->opts.plan, ex->opts.antithetic,
		    (mi->takes & GS_TAKES_CV) && ex->opts.cv, plan,
		    sizeof plan));
	if (mi->unit == GS_UNIT_NONE && (mi->takes & GS_TAKES_ABS))
		method_cat(buf, size, &off, "%s", ex->opts.absolute ?
		    "absolute" : "signed");
	return (buf);
}

/* Append "a, b and c" for the methods matching (want, mask) to buf at *off. */
static void
method_list(char *buf, size_t size, size_t *off, int (*match)(
    const struct gs_method_info *, const void *), const void *arg)
{
	size_t	i, n = 0, k = 0;

	for (i = 0; i < GS_METHOD_COUNT; i++)
		n += match(&method_table[i].info, arg) != 0;
	for (i = 0; i < GS_METHOD_COUNT; i++) {
		if (!match(&method_table[i].info, arg))
			continue;
		method_cat(buf, size, off, "%s%s", k == 0 ? "" : k + 1 == n ?
		    " and " : ", ", method_table[i].info.name);
		k++;
	}
}

/* Whether mi's default baseline is the spec arg. */
static int
method_match_baseline(const struct gs_method_info *mi, const void *arg)
{
	return (mi->default_baseline != NULL &&
	    strcmp(mi->default_baseline, arg) == 0);
}

/* Whether mi takes every bit of *arg. */
static int
method_match_takes(const struct gs_method_info *mi, const void *arg)
{
	unsigned mask = *(const unsigned *)arg;

	return ((mi->takes & mask) == mask);
}

char *
method_baseline_defaults(char *buf, size_t size)
{
	const char	*seen[GS_METHOD_COUNT], *spec;
	size_t		 off = 0, nseen = 0, i, j;

	buf[0] = '\0';
	for (i = 0; i < GS_METHOD_COUNT; i++) {
		if ((spec = method_table[i].info.default_baseline) == NULL)
			continue;
		for (j = 0; j < nseen && strcmp(seen[j], spec) != 0; j++)
			;
		if (j < nseen)
			continue;
		seen[nseen++] = spec;
		method_cat(buf, size, &off, "%s%s for ", nseen > 1 ? "; " : "",
		    spec);
		method_list(buf, size, &off, method_match_baseline, spec);
	}
	return (buf);
}

char *
method_names_taking(unsigned mask, char *buf, size_t size)
{
	size_t	off = 0;

	buf[0] = '\0';
	method_list(buf, size, &off, method_match_takes, &mask);
	return (buf);
}

/* Find s in a table of n names; -1 when absent. */
static int
method_lookup(const char *s, const char *const *names, size_t stride, int n)
{
	int	i;

	for (i = 0; i < n; i++) {
		const char *name = *(const char *const *)
		    ((const char *)names + i * stride);
		if (strcmp(s, name) == 0)
			return (i);
	}
	return (-1);
}

int
method_parse(const char *s, enum gs_method *out)
{
	int	i = method_lookup(s, &method_table[0].info.name,
	    sizeof method_table[0], GS_METHOD_COUNT);

	if (i < 0)
		return (-1);
	*out = i;
	return (0);
}

const char *
rule_name(enum gs_rule r)
{
	return (rule_names[r]);
}

int
rule_parse(const char *s, enum gs_rule *out)
{
	int	i = method_lookup(s, rule_names, sizeof rule_names[0],
	    GS_RULE_COUNT);

	if (i < 0)
		return (-1);
	*out = i;
	return (0);
}

const char *
smooth_name(enum gs_smooth s)
{
	return (smooth_names[s]);
}

int
smooth_parse(const char *s, enum gs_smooth *out)
{
	int	i = method_lookup(s, smooth_names, sizeof smooth_names[0],
	    GS_SMOOTH_COUNT);

	if (i < 0)
		return (-1);
	*out = i;
	return (0);
}

void
attr_opts_default(struct gs_attr_opts *opts)
{
	memset(opts, 0, sizeof *opts);
	opts->method = GS_METHOD_GRADSHAP;
	opts->samples = GS_SAMPLES_AUTO;	/* attr_samples_auto */
	opts->steps = 50;
	opts->rule = GS_RULE_GAUSSLEGENDRE;
	opts->smooth = GS_SMOOTH_MEAN;
	opts->seed = 0;
	opts->output_class = -1;
	opts->batch = 0;	/* automatic, from the model (explainer.c) */
	opts->threads = 1;
	/*
	 * The best measured plan for Gradient SHAP (make bench-plans); for
	 * SmoothGrad it means antithetic pairs, SmoothGrad's best.
	 */
	opts->plan = GS_PLAN_REG;
}
