/* SPDX-License-Identifier: ISC */
/*
 * The attribution layer: options, baseline sets, explanations, and the
 * method table. One file per method (attr-<name>.c); they share the sample
 * accumulator (stats.c), baseline sets (baseline.c), input noise (noise.c)
 * and quadrature rules (quadrature.c).
 */
#ifndef GS_ATTR_H
#define GS_ATTR_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "attr/groups.h"
#include "core/error.h"
#include "data/dataset.h"
#include "model/model.h"

enum gs_method {
	GS_METHOD_GRADSHAP,	/* expected gradients */
	GS_METHOD_IG,		/* integrated gradients */
	GS_METHOD_SALIENCY,	/* the gradient itself (or its absolute value) */
	GS_METHOD_IXG,		/* input times gradient */
	GS_METHOD_SMOOTHGRAD,	/* gradient averaged over noisy copies */
	GS_METHOD_EXACT,	/* exact Shapley values by enumeration (attr-exact.c) */
	GS_METHOD_PERMUTATION,	/* Shapley values by antithetic permutations */
	GS_METHOD_KERNEL,	/* Kernel SHAP, paired sampling */
	GS_METHOD_EXACTIG,	/* exact IG for piecewise-linear networks */
	GS_METHOD_COUNT
};

/*
 * What a method counts its work in: the count method_count reports and the
 * word method_unit_name gives ("200 samples", "50 steps").
 */
enum gs_unit {
	GS_UNIT_NONE,		/* one gradient or one pass: nothing counted */
	GS_UNIT_SAMPLES,	/* random samples, set by --samples */
	GS_UNIT_STEPS,		/* quadrature steps, set by --steps */
	GS_UNIT_EVALUATIONS,	/* model evaluations, all there are */
	GS_UNIT_REGIONS,	/* linear regions along the path */
	GS_UNIT_COUNT
};

/* What a method needs for a baseline. */
enum gs_baseline_kind {
	GS_BASELINE_NONE,	/* no baseline */
	GS_BASELINE_SET,	/* a set of rows, averaged over */
	GS_BASELINE_ROW,	/* exactly one row */
	GS_BASELINE_KIND_COUNT
};

/*
 * What a method takes from the options, one bit each (gs_method_info.takes).
 * A setting names the bit it needs (gs_setting.takes): it applies to the
 * methods whose takes has that bit.
 */
#define GS_TAKES_SAMPLES	0x001	/* a sample count */
#define GS_TAKES_STEPS		0x002	/* quadrature steps and rule */
#define GS_TAKES_BASELINE	0x004	/* a baseline (see gs_baseline_kind) */
#define GS_TAKES_NOISE		0x008	/* input noise */
#define GS_TAKES_PLAN		0x010	/* a sampling plan */
#define GS_TAKES_CV		0x020	/* the plan's linear control variate */
#define GS_TAKES_ABS		0x040	/* absolute gradients */
#define GS_TAKES_SMOOTH		0x080	/* a SmoothGrad aggregate */

/*
 * What a method's estimate estimates, exactly (its estimand), and so what
 * the exact view compares it with (struct gs_compare, teach.h).
 */
enum gs_reference {
	GS_REF_NONE,		/* nothing exact to compare with (see note) */
	GS_REF_EXPECTED_GRADIENTS, /* each baseline's path integral, averaged */
	GS_REF_PATH,		/* IG: the one path's integral, to high accuracy */
	GS_REF_SHAPLEY,		/* exact Shapley values of the same game */
	GS_REF_COUNT
};

/*
 * The traits of one method: a row of the method table (method.c). Every
 * front end asks these instead of naming methods, so adding a method is
 * its file (attr-<name>.c) plus its row.
 */
struct gs_method_info {
	const char	*name;		/* "gradshap" */
	const char	*summary;	/* one line for help */
	int		 stochastic;	/* reports standard errors and a seed */
	int		 shapley;	/* estimates Shapley values (axis "SHAP value") */
	enum gs_baseline_kind baseline;	/* what baseline it needs */
	const char	*default_baseline; /* spec "auto" means, or NULL for none */
	const char	*default_noise;	/* noise spec "auto" means, or NULL for none */
	unsigned	 takes;		/* GS_TAKES_* */
	enum gs_unit	 unit;		/* what its count counts */
	size_t		 samples;	/* its own budget (GS_SAMPLES_AUTO): this */
	size_t		 per_player;	/* .. plus this many a player */
	enum gs_reference estimand;	/* what it estimates exactly */
	const char	*bias_note;	/* how that differs from the Shapley
					   value, one line; NULL: no estimand */
};

/* Sampling plans for Gradient SHAP and SmoothGrad (sampling.c). */
enum gs_sampling {
	GS_PLAN_MC,		/* independent draws */
	GS_PLAN_STRATIFIED,	/* every coordinate stratified on its own */
	GS_PLAN_SOBOL,		/* scrambled Sobol points over all coordinates */
	GS_PLAN_REG,		/* mc draws, regression control variates (gradshap) */
	GS_PLAN_COUNT
};

enum gs_rule {
	GS_RULE_LEFT,
	GS_RULE_RIGHT,
	GS_RULE_MIDDLE,
	GS_RULE_TRAPEZOID,
	GS_RULE_GAUSSLEGENDRE,
	GS_RULE_COUNT
};

enum gs_smooth {
	GS_SMOOTH_MEAN,		/* SmoothGrad: mean of gradients */
	GS_SMOOTH_SQ,		/* SmoothGrad squared: mean of squared gradients */
	GS_SMOOTH_VAR,		/* VarGrad: variance of gradients */
	GS_SMOOTH_COUNT
};

/*
 * What a base value is (struct gs_baseline kind, struct gs_explanation
 * base_kind), so that it is labelled by what it is: the mean of f over a
 * set of rows is not f at one row (explanation_base_label).
 */
enum gs_base_kind {
	GS_BASE_ROWS,		/* rows a script gave: E[f(b)], or f(b) */
	GS_BASE_DATA,		/* rows of the dataset ("data", "sample:K") */
	GS_BASE_ZEROS,		/* one row of zeros */
	GS_BASE_MEAN,		/* one row of column means */
	GS_BASE_ROW,		/* one row of the dataset ("row:N") */
	GS_BASE_FILE,		/* the rows of another file ("file:PATH") */
	GS_BASE_NONE,		/* no base value: the method uses no baseline */
	GS_BASE_KIND_COUNT
};

/* A set of baseline rows ("what an absent feature means"). */
struct gs_baseline {
	char	*spec;		/* how it was asked for ("data", "sample:100"), owned */
	char	*desc;		/* what it holds ("569 rows of breast_cancer.csv"), owned */
	size_t	 n;		/* rows */
	size_t	 d;		/* values per row */
	gs_real	*rows;		/* n x d, owned */
	double	*weights;	/* n weights summing to 1, or NULL for equal weights; owned */
	enum gs_base_kind kind;	/* where the rows come from */
	size_t	*origin;	/* n source rows (of the data or file),
				   owned, or NULL (zeros, mean, script) */
};

/*
 * A noise function (a Lua script, say): fill out with n rows of d noise
 * values for samples first to first+n-1 of data row row, given the input x.
 * Draw only from a generator started with gs_rng_init2(seed, row, first)
 * so results are reproducible. Returns 0, or -1 with err set.
 */
typedef int (*gs_noise_fn)(void *arg, size_t row, const double *x, size_t n,
    size_t d, uint64_t seed, uint64_t first, double *out,
    struct gs_error *err);

/*
 * Input noise: Gaussian with one standard deviation per feature, or a
 * noise function. Neither set: no noise.
 */
struct gs_noise {
	char		*spec;		/* as asked for ("0.1", "15%", a script), or NULL; owned */
	size_t		 d;		/* features */
	double		*sigma;		/* d standard deviations, owned, or NULL */
	gs_noise_fn	 fill;		/* noise function, or NULL */
	void		*fill_arg;	/* passed to fill; not owned */
};

/*
 * What --tol aims at (struct gs_attr_opts tol_rel, sampling_tol_parse):
 * without GS_TOL_GAP every feature's standard error, with it the
 * completeness gap; GS_TOL_REL makes tol a fraction of |f(x) - base|.
 */
#define GS_TOL_REL	1	/* tol is relative to |f(x) - base| */
#define GS_TOL_GAP	2	/* tol bounds the gap, not each SE */

/*
 * Whether the completeness gap sum(phi) - (f(x) - base) is what sampling
 * noise (and rounding) explains (gap_verdict, explanation_gap_verdict).
 */
enum gs_gap_verdict {
	GS_GAP_NONE,		/* no gap: the method has no base value */
	GS_GAP_WITHIN,		/* |gap| <= 1.96 SE plus rounding: noise */
	GS_GAP_LARGER,		/* |gap| is larger than its noise */
	GS_GAP_VERDICT_COUNT
};

/* Cancellation: polled between chunks; non-zero stops with GS_EINTR. */
typedef int (*gs_cancel_fn)(void *arg);

/* opts.samples: each method's own budget (attr_samples_auto). */
#define GS_SAMPLES_AUTO	0

struct gs_attr_opts {
	enum gs_method	 method;	/* which method */
	size_t		 samples;	/* samples, or GS_SAMPLES_AUTO */
	size_t		 steps;		/* IG quadrature points */
	enum gs_rule	 rule;		/* IG quadrature rule */
	enum gs_smooth	 smooth;	/* SmoothGrad aggregate */
	int		 absolute;	/* saliency and SmoothGrad: |gradient| */
	uint64_t	 seed;		/* generator seed */
	long		 output_class;	/* class to explain, -1: predicted class */
	size_t		 batch;		/* rows per pass through the model */
	size_t		 threads;	/* worker threads (0: one per processor) */
	enum gs_sampling	 plan;		/* sampling plan (sampling.c) */
	int		 antithetic;	/* pairs (alpha, eps) with (1 - alpha, -eps) */
	int		 cv;		/* Gradient SHAP: linear control variate */
	double		 tol;		/* stop at this SE or gap; 0: no tolerance */
	int		 tol_rel;	/* GS_TOL_* flags: relative, on the gap */
	size_t		 max_samples;	/* sample (or step) budget under tol; 0: 64 x */
	gs_cancel_fn	 cancel;	/* may be NULL */
	void		*cancel_arg;	/* passed to cancel */
};

/* The result for one row. */
struct gs_explanation {
	size_t		 row;		/* data row (0-based) */
	size_t		 d;		/* features */
	size_t		 target;	/* output element (class) explained */
	enum gs_method	 method;	/* method used */
	struct gs_attr_opts opts;	/* options used (seed, samples, steps, rule) */
	char		*baseline;	/* baseline spec, owned copy, or NULL */
	char		*baseline_desc;	/* what the baseline set holds, owned copy, or NULL */
	char		*noise;		/* noise spec, owned copy, or NULL */
	double		 fx;		/* f(x) at target */
	double		 base;		/* base value, NaN when the method has none */
	enum gs_base_kind base_kind;	/* what base is */
	size_t		 base_n;	/* baseline rows it is the mean over */
	size_t		 base_row;	/* GS_BASE_ROW: the data row */
	int		 base_weighted;	/* the mean is weighted */
	double		 gap;		/* completeness gap sum(phi) - (fx - base), or NaN */
	double		 gap_se;	/* its SE, from the samples' totals
					   (0: deterministic; NaN: no gap) */
	enum gs_gap_verdict gap_verdict; /* the gap within its noise or not */
	double		*value;		/* d input values, owned */
	double		*phi;		/* d attributions, owned */
	double		*se;		/* d standard errors, owned; NULL when deterministic */
	size_t		 samples_used;	/* samples or steps evaluated */
	struct gs_groups *groups;	/* feature groups, owned copy, or NULL */
	double		*gphi;		/* groups->n group attributions (sums), owned, or NULL */
	double		*gse;		/* their standard errors (from per-sample group sums), or NULL */
	double		 tol;		/* absolute tolerance asked for, or 0 */
	int		 tol_met;	/* the tolerance was met (-1: none asked) */
	size_t		 regions;	/* exactig: linear regions on the path */
	double		 bound;		/* exactig: estimated bound on |phi_i - exact| */
	double		*quad_err;	/* exactig: GS_RULE_COUNT rule errors, owned, or NULL */
	struct gs_metrics *metrics;	/* quality metrics (metrics.c), owned, or NULL */
};

/* An explainer: a model, a plan, a baseline set and options, for many rows. */
struct gs_explainer;

/*
 * Make an explainer. m, bl and noise are borrowed and must outlive it; bl
 * may be NULL for methods that need none, noise may be NULL. The caller owns
 * the result. Errors: GS_EINVAL (bad options, a baseline set the method
 * cannot use), GS_ESHAPE (baseline width), errors of plan_new.
 */
struct gs_explainer *explainer_new(const struct gs_model *m, size_t output,
		    const struct gs_attr_opts *opts, const struct gs_baseline *bl,
		    const struct gs_noise *noise, struct gs_error *err);
void		 explainer_free(struct gs_explainer *e);

/*
 * Report group attributions too (g borrowed, must outlive e; NULL: none).
 * Errors: GS_ESHAPE when g does not partition the model's inputs.
 */
int		 explainer_set_groups(struct gs_explainer *e,
		    const struct gs_groups *g, struct gs_error *err);

/* Worker threads in use. */
size_t		 explainer_threads(const struct gs_explainer *e);

/*
 * Refuse, before any row is explained, options the method cannot explain
 * any row with for the explainer's players (features, or the groups set
 * by explainer_set_groups): Kernel SHAP's sample budget below its minimum
 * for the players, for one. Errors: GS_EINVAL, GS_ELIMIT.
 */
int		 explainer_check(const struct gs_explainer *e,
		    struct gs_error *err);

/*
 * Explain one input row x (d values) known as data row row (which also picks
 * the random stream, so results do not depend on the order rows are done
 * in). Fills ex, which the caller frees with explanation_clear.
 * Errors: GS_EINTR (cancelled), GS_ERANGE (class out of range), GS_EINVAL
 * (a non-finite input).
 */
int		 explainer_run(struct gs_explainer *e, const double *x,
		    size_t row, struct gs_explanation *ex, struct gs_error *err);

/*
 * Explain n rows at once, spread over the worker threads (one row per
 * task): xs holds n rows of d values, rows their data row numbers, and
 * ex[i] receives row i's explanation. Results are the same as explainer_run
 * row by row. On error, every ex[i] is cleared and err describes the
 * failure of the lowest-numbered failing row.
 */
int		 explainer_run_many(struct gs_explainer *e, const double *xs,
		    const size_t *rows, size_t n, struct gs_explanation *ex,
		    struct gs_error *err);

/*
 * The same, keeping what came before a failure: on error, ex[0..*done)
 * hold the explanations of the inputs before the first that failed (the
 * caller clears them), the rest are cleared, and err describes that
 * failure; *done is n on success. So a caller writing rows in blocks
 * writes the same rows whatever the block size or thread count.
 */
int		 explainer_run_rows(struct gs_explainer *e, const double *xs,
		    const size_t *rows, size_t n, struct gs_explanation *ex,
		    size_t *done, struct gs_error *err);

/*
 * The verdict on ex's gap (fields gap, gap_se, fx, base): none without a
 * base; within noise when |gap| <= 1.96 gap_se + 1e-4 max(|f(x)|, |base|)
 * (float rounding of the model's outputs); else larger than noise.
 */
enum gs_gap_verdict explanation_gap_verdict(const struct gs_explanation *ex);
/* "none", "within noise", "larger than noise". */
const char	*gap_verdict_name(enum gs_gap_verdict v);
/*
 * One line for a gap larger than noise, saying what to do (raise
 * --samples or --steps, --tol gap:1%, or why input noise moves the sum);
 * "" for any other verdict. A static string.
 */
const char	*gap_verdict_hint(const struct gs_explanation *ex);

/* Base value for class c (mean of f over the baseline set), NaN if none. */
double		 explainer_base(struct gs_explainer *e, size_t c);

/*
 * Free what ex owns (its arrays, baseline and noise specs, groups and
 * metrics) and zero it; safe on a zeroed or cleared explanation.
 */
void		 explanation_clear(struct gs_explanation *ex);

/*
 * Make dst a deep copy of src, which it then owns as src owns its own
 * (explanation_clear frees it). dst is overwritten, not freed.
 */
void		 explanation_copy(struct gs_explanation *dst,
		    const struct gs_explanation *src);

/*
 * The n attributions phi in the order every output shows them, |phi|
 * descending with ties by index, NaN last: their indices into order and
 * each one's 1-based place into rank, 0 for a NaN, which has no place
 * (either may be NULL).
 */
void		 explanation_order(const double *phi, size_t n, size_t *order,
		    size_t *rank);

/* The traits of method m (a row of the method table); m < GS_METHOD_COUNT. */
const struct gs_method_info *method_info(enum gs_method m);

/* Names and parsing of methods, rules and SmoothGrad aggregates. */
const char	*method_name(enum gs_method m);
int		 method_parse(const char *s, enum gs_method *out);
int		 method_stochastic(enum gs_method m);

/* The plural noun of a unit ("samples", "steps"), "" for none. */
const char	*method_unit_name(enum gs_unit u);

/*
 * The count of ex in its method's unit: samples used (or asked for, before
 * any were drawn), steps, evaluations or regions; 0 for GS_UNIT_NONE.
 */
size_t		 method_count(const struct gs_explanation *ex);

/* How method_describe writes the parameters. */
enum gs_describe {
	GS_DESCRIBE_TEXT,	/* "samples 200  plan reg", "steps 50  rule gausslegendre" */
	GS_DESCRIBE_SCREEN	/* "200 samples<sep>plan reg", "50 steps gausslegendre" */
};

/*
 * The parameters that produced ex, in words, from its method's traits
 * (unit, plan, rule, aggregate, absolute), into buf (size bytes); "" when
 * the method has none. sep separates the plan in GS_DESCRIBE_SCREEN.
 * Returns buf.
 */
char		*method_describe(const struct gs_explanation *ex,
		    enum gs_describe how, const char *sep, char *buf,
		    size_t size);

/*
 * The one sentence on default baselines, from the method table ("data for
 * gradshap, exact, permutation and kernel; mean for ig and exactig"), into
 * buf. Returns buf.
 */
char		*method_baseline_defaults(char *buf, size_t size);

/*
 * The names of the methods whose takes has every bit of mask, as "a, b and
 * c", into buf. Returns buf.
 */
char		*method_names_taking(unsigned mask, char *buf, size_t size);
const char	*rule_name(enum gs_rule r);
int		 rule_parse(const char *s, enum gs_rule *out);
const char	*smooth_name(enum gs_smooth s);
int		 smooth_parse(const char *s, enum gs_smooth *out);

/* Defaults for every option (samples: GS_SAMPLES_AUTO). */
void		 attr_opts_default(struct gs_attr_opts *opts);

/*
 * Each sampling method's own budget for players players (features, or
 * groups): Kernel SHAP 2 players + 2048 (the regression needs samples in
 * proportion to its unknowns: at 30 players and 200 samples its estimate
 * was mostly noise; 2108 gives SEs within 5% of their target), the others
 * 200. And the count a run of opts uses: opts->samples, or that budget
 * when it is GS_SAMPLES_AUTO.
 */
size_t		 attr_samples_auto(enum gs_method m, size_t players);
size_t		 attr_samples(const struct gs_attr_opts *opts, size_t players);

/*
 * Build a baseline set from a spec: "zeros", "mean", "data", "sample:K",
 * "row:N", "file:PATH.csv". ds and sel give the dataset and its input
 * columns; impute fills missing cells with column means (otherwise rows with
 * missing cells are left out of "data" and "sample:K"). seed drives
 * "sample:K". The caller owns bl's contents (baseline_clear).
 * Errors: GS_EINVAL (unknown spec, K too large), GS_EIO/GS_EPARSE/GS_ESHAPE
 * for file:, GS_EMISSING for a row with a missing value.
 */
int		 baseline_make(struct gs_baseline *bl, const char *spec,
		    struct gs_dataset *ds, const struct gs_selection *sel,
		    int impute, uint64_t seed, struct gs_error *err);
void		 baseline_clear(struct gs_baseline *bl);
/* Copy src into dst (which the caller owns, baseline_clear). */
void		 baseline_copy(struct gs_baseline *dst,
		    const struct gs_baseline *src);

/*
 * ex's base value labelled by what it is, into buf (size bytes):
 * "E[f(b)] over 569 rows" (a set; "weighted E[f(b)] ..." with weights),
 * "f(zeros)", "f(x-bar)" with a combining macron over the x (column means;
 * "f(mean x)" without utf8), "f(row 12)" (the data row, numbered as
 * --row numbers it), "f(file row)", "f(b)" (one row a script gave) or
 * "none". Returns buf.
 */
const char	*explanation_base_label(const struct gs_explanation *ex,
		    int utf8, char *buf, size_t size);
/* The kind's name for files and scripts: "rows", "data", "zeros", ... */
const char	*base_kind_name(enum gs_base_kind k);

/*
 * Build input noise from a spec: "0" or NULL for none, "SIGMA" (absolute) or
 * "P%" (P percent of each input column's standard deviation in ds).
 * Errors: GS_EINVAL.
 */
int		 noise_make(struct gs_noise *nz, const char *spec,
		    struct gs_dataset *ds, const struct gs_selection *sel,
		    struct gs_error *err);
void		 noise_clear(struct gs_noise *nz);

/*
 * Most Gauss-Legendre points: finding the nodes costs n^2 (a second at
 * this size); the other rules take any number.
 */
#define GS_GL_MAX_STEPS	16384

/*
 * Quadrature nodes and weights on [0, 1] for an IG rule with n points.
 * Weights sum to 1 for every rule. alpha and w hold n values.
 * Errors: GS_EINVAL (n too small for the rule, or Gauss-Legendre past
 * GS_GL_MAX_STEPS).
 */
int		 quadrature_rule(enum gs_rule r, size_t n, double *alpha,
		    double *w, struct gs_error *err);

#endif
