/* SPDX-License-Identifier: ISC */
/*
 * The method table: every method has every trait, the traits agree with
 * each other and with the options table, and everything the front ends
 * derive from them (names, parsing, the parameters in words, the
 * default-baseline sentence) works for every row. A new method that
 * forgets a trait fails here, not in some front end's switch.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attr/explainer.h"
#include "attr/game.h"
#include "session/settings.h"

START_TEST(test_every_method)
{
	const struct gs_method_info	*mi, *other;
	const struct gs_method_entry	*me;
	enum gs_method			 m;
	char				 sentence[400];
	int				 i, j;

	method_baseline_defaults(sentence, sizeof sentence);
	for (i = 0; i < GS_METHOD_COUNT; i++) {
		mi = method_info((enum gs_method)i);
		me = method_entry((enum gs_method)i);
		ck_assert_ptr_eq(&me->info, mi);
		ck_assert_msg(mi->name != NULL && mi->name[0] != '\0',
		    "method %d has no name", i);
		ck_assert_msg(mi->summary != NULL && mi->summary[0] != '\0',
		    "%s has no summary", mi->name);
		ck_assert_int_eq(method_parse(mi->name, &m), 0);
		ck_assert_int_eq(m, i);
		for (j = 0; j < i; j++) {
			other = method_info((enum gs_method)j);
			ck_assert_str_ne(other->name, mi->name);
		}
		/* How the explainer drives it: all at once, or in batches. */
		ck_assert_msg(me->run != NULL || (me->batch != NULL &&
		    me->merge != NULL && me->finish != NULL),
		    "%s: neither run nor batch, merge and finish", mi->name);
		/* Baseline: a kind, the bit, and a default, or none of them. */
		ck_assert_int_lt(mi->baseline, GS_BASELINE_KIND_COUNT);
		ck_assert_msg((mi->baseline != GS_BASELINE_NONE) ==
		    ((mi->takes & GS_TAKES_BASELINE) != 0), "%s: baseline "
		    "kind and GS_TAKES_BASELINE disagree", mi->name);
		ck_assert_msg((mi->baseline != GS_BASELINE_NONE) ==
		    (mi->default_baseline != NULL), "%s: baseline kind and "
		    "default baseline disagree", mi->name);
		if (mi->baseline == GS_BASELINE_ROW)
			ck_assert_msg(strcmp(mi->default_baseline, "mean") == 0 ||
			    strcmp(mi->default_baseline, "zeros") == 0,
			    "%s takes one row but defaults to '%s'", mi->name,
			    mi->default_baseline);
		if (mi->default_baseline != NULL)
			ck_assert_msg(strstr(sentence, mi->name) != NULL,
			    "the default-baseline sentence misses %s",
			    mi->name);
		/* Noise, plan, cv. */
		ck_assert_msg(mi->default_noise == NULL ||
		    (mi->takes & GS_TAKES_NOISE), "%s: default noise but "
		    "takes none", mi->name);
		ck_assert_msg(!(mi->takes & GS_TAKES_CV) ||
		    (mi->takes & GS_TAKES_PLAN), "%s: cv without a plan",
		    mi->name);
		/* The unit and what counts it. */
		ck_assert_int_lt(mi->unit, GS_UNIT_COUNT);
		ck_assert_msg(((mi->takes & GS_TAKES_SAMPLES) != 0) ==
		    (mi->unit == GS_UNIT_SAMPLES), "%s: takes samples but "
		    "counts %s", mi->name, method_unit_name(mi->unit));
		ck_assert_msg(!mi->stochastic || mi->unit == GS_UNIT_SAMPLES,
		    "%s: stochastic but does not count samples", mi->name);
		ck_assert_msg(mi->unit != GS_UNIT_STEPS ||
		    (mi->takes & GS_TAKES_STEPS), "%s counts steps it does not "
		    "take", mi->name);
		ck_assert_msg(!mi->shapley || mi->baseline == GS_BASELINE_SET,
		    "%s estimates Shapley values without a baseline set",
		    mi->name);
		/* Its own sample budget, exactly when it takes samples. */
		ck_assert_msg(((mi->takes & GS_TAKES_SAMPLES) != 0) ==
		    (mi->samples > 0), "%s: a sample budget (%zu) but "
		    "takes %s samples", mi->name, mi->samples,
		    (mi->takes & GS_TAKES_SAMPLES) ? "" : "no");
		ck_assert_msg(mi->per_player == 0 || mi->samples > 0,
		    "%s: samples a player without a budget", mi->name);
		ck_assert_uint_eq(attr_samples_auto((enum gs_method)i, 30),
		    mi->samples + 30 * mi->per_player);
		/* What it estimates, and a note exactly when it does. */
		ck_assert_int_lt(mi->estimand, GS_REF_COUNT);
		ck_assert_msg((mi->estimand != GS_REF_NONE) ==
		    (mi->bias_note != NULL), "%s: estimand and bias note "
		    "disagree", mi->name);
		ck_assert_msg(mi->estimand == GS_REF_NONE ||
		    mi->baseline != GS_BASELINE_NONE, "%s estimates with no "
		    "baseline", mi->name);
		ck_assert_msg((mi->estimand == GS_REF_SHAPLEY) <= mi->shapley,
		    "%s estimates Shapley values but is not marked shapley",
		    mi->name);
		/* A before-any-row check only with a run of its own. */
		ck_assert_msg(me->check == NULL || me->run != NULL,
		    "%s: a check without a run", mi->name);
	}
	/* The budgets as documented: 200, and Kernel SHAP 2 a player + 2048. */
	ck_assert_uint_eq(attr_samples_auto(GS_METHOD_GRADSHAP, 30), 200);
	ck_assert_uint_eq(attr_samples_auto(GS_METHOD_KERNEL, 30), 2108);
	ck_assert_uint_eq(attr_samples_auto(GS_METHOD_KERNEL, SIZE_MAX / 2),
	    SIZE_MAX);
}
END_TEST

/* The parameters in words, for an explanation of every method. */
START_TEST(test_describe)
{
	const struct gs_method_info	*mi;
	struct gs_explanation		 ex;
	char				 text[200], screen[200];
	int				 i;

	for (i = 0; i < GS_METHOD_COUNT; i++) {
		mi = method_info((enum gs_method)i);
		memset(&ex, 0, sizeof ex);
		attr_opts_default(&ex.opts);
		ex.method = (enum gs_method)i;
		ex.samples_used = 123;
		ex.regions = 7;
		ex.opts.steps = 50;
		method_describe(&ex, GS_DESCRIBE_TEXT, NULL, text, sizeof text);
		method_describe(&ex, GS_DESCRIBE_SCREEN, " | ", screen,
		    sizeof screen);
		if (mi->unit == GS_UNIT_NONE && !(mi->takes & GS_TAKES_ABS)) {
			ck_assert_str_eq(text, "");
			ck_assert_str_eq(screen, "");
			continue;
		}
		ck_assert_msg(text[0] != '\0' && screen[0] != '\0',
		    "%s: no parameters in words", mi->name);
		if (mi->unit != GS_UNIT_NONE) {
			ck_assert_msg(strncmp(text, method_unit_name(mi->unit),
			    strlen(method_unit_name(mi->unit))) == 0,
			    "%s: '%s' does not start with its unit", mi->name,
			    text);
			ck_assert_msg(strstr(screen, method_unit_name(
			    mi->unit)) != NULL, "%s: '%s' lacks its unit",
			    mi->name, screen);
		}
		if (mi->takes & GS_TAKES_PLAN)
			ck_assert_msg(strstr(text, "  plan ") != NULL &&
			    strstr(screen, " | plan ") != NULL, "%s: no plan "
			    "in '%s' / '%s'", mi->name, text, screen);
	}
	/* As before the table: the words of the text export. */
	memset(&ex, 0, sizeof ex);
	attr_opts_default(&ex.opts);
	ex.method = GS_METHOD_IG;
	ex.opts.steps = 50;
	ck_assert_str_eq(method_describe(&ex, GS_DESCRIBE_TEXT, NULL, text,
	    sizeof text), "steps 50  rule gausslegendre");
	ck_assert_str_eq(method_describe(&ex, GS_DESCRIBE_SCREEN, " | ",
	    screen, sizeof screen), "50 steps gausslegendre");
	ex.method = GS_METHOD_SMOOTHGRAD;
	ex.samples_used = 200;
	ex.opts.absolute = 1;
	ex.opts.plan = GS_PLAN_MC;
	ex.opts.antithetic = 1;
	ck_assert_str_eq(method_describe(&ex, GS_DESCRIBE_TEXT, NULL, text,
	    sizeof text), "samples 200  aggregate mean of |gradient|  plan "
	    "antithetic");
}
END_TEST

/*
 * Kernel SHAP's smallest budget (issue 21.3): at least two samples a
 * player, 138 at 30 players (80 left 0.25% of rows singular, 60 43%),
 * growing with the players.
 */
START_TEST(test_kernel_min)
{
	size_t	p, last = 0, n;

	ck_assert_uint_eq(attr_kernel_min_samples(0), 0);
	ck_assert_uint_eq(attr_kernel_min_samples(1), 0);
	ck_assert_uint_eq(attr_kernel_min_samples(30), 138);
	for (p = 2; p <= GS_KERNEL_MAX_PLAYERS; p++) {
		n = attr_kernel_min_samples(p);
		ck_assert_msg(n >= 2 * p && n >= last, "%zu players: %zu",
		    p, n);
		last = n;
	}
	/* The default budget is above it. */
	for (p = 2; p <= GS_KERNEL_MAX_PLAYERS; p *= 2)
		ck_assert_uint_ge(attr_samples_auto(GS_METHOD_KERNEL, p),
		    attr_kernel_min_samples(p));
}
END_TEST

/* Every strict setting applies to some method, and is refused elsewhere. */
START_TEST(test_settings_apply)
{
	const struct gs_setting	*def;
	struct gs_settings	 st;
	struct gs_error		 err;
	size_t			 i;
	int			 m, some;

	for (i = 0; i < settings_count(); i++) {
		def = settings_at(i);
		if (def->takes == 0)
			continue;
		for (some = 0, m = 0; m < GS_METHOD_COUNT; m++) {
			if ((method_info((enum gs_method)m)->takes &
			    def->takes) != def->takes)
				continue;
			some = 1;
		}
		ck_assert_msg(some, "%s applies to no method", def->name);
		if (!(def->flags & GS_SETTING_STRICT))
			continue;
		for (m = 0; m < GS_METHOD_COUNT; m++) {
			settings_init(&st);
			st.method = m;
			gs_error_clear(&err);
			ck_assert_int_eq(settings_check_given(&st,
			    (uint64_t)1 << i, "--", &err), (method_info(
			    (enum gs_method)m)->takes & def->takes) ==
			    def->takes ? 0 : -1);
			settings_free(&st);
		}
	}
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("methods");
	TCase	*tc = tcase_create("methods");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_every_method);
	tcase_add_test(tc, test_describe);
	tcase_add_test(tc, test_settings_apply);
	tcase_add_test(tc, test_kernel_min);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}
