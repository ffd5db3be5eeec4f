/* SPDX-License-Identifier: ISC */
/*
 * The method table and the names of rules and SmoothGrad aggregates: one
 * row per method, so adding a method is one file plus one row here.
 */
#include <string.h>

#include "attr/explainer.h"
#include "attr/game.h"

static const struct gs_method_entry method_table[] = {
	[GS_METHOD_GRADSHAP] = { "gradshap",
	    "Gradient SHAP (expected gradients) over a baseline set", 1, 1,
	    attr_gradshap_batch, explainer_merge_stats, explainer_finish_mean,
	    NULL },
	[GS_METHOD_IG] = { "ig",
	    "integrated gradients against one baseline", 0, 2,
	    attr_ig_batch, attr_ig_merge, attr_ig_finish, NULL },
	[GS_METHOD_SALIENCY] = { "saliency",
	    "the gradient at the input (signed, or --abs)", 0, 0,
	    NULL, NULL, NULL, attr_saliency_run },
	[GS_METHOD_IXG] = { "ixg",
	    "input times gradient", 0, 0,
	    NULL, NULL, NULL, attr_ixg_run },
	[GS_METHOD_SMOOTHGRAD] = { "smoothgrad",
	    "gradients averaged over noisy copies of the input", 1, 0,
	    attr_smoothgrad_batch, explainer_merge_stats,
	    attr_smoothgrad_finish, NULL },
	[GS_METHOD_EXACT] = { "exact",
	    "exact Shapley values by enumeration (up to 20 players)", 0, 1,
	    NULL, NULL, NULL, attr_exact_run },
	[GS_METHOD_PERMUTATION] = { "permutation",
	    "Shapley values by antithetic permutation sampling", 1, 1,
	    NULL, NULL, NULL, attr_permutation_run },
	[GS_METHOD_KERNEL] = { "kernel",
	    "Kernel SHAP with paired sampling (Covert & Lee)", 1, 1,
	    NULL, NULL, NULL, attr_kernel_run },
	[GS_METHOD_EXACTIG] = { "exactig",
	    "exact integrated gradients for piecewise-linear networks", 0, 2,
	    NULL, NULL, NULL, attr_exactig_run },
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

const struct gs_method_entry *
method_entry(enum gs_method m)
{
	return (&method_table[m]);
}

const char *
method_name(enum gs_method m)
{
	return (method_table[m].name);
}

int
method_stochastic(enum gs_method m)
{
	return (method_table[m].stochastic);
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
	int	i = method_lookup(s, &method_table[0].name,
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
