/* SPDX-License-Identifier: ISC */
/*
 * Two models, one question: paired explanations of a model A and a model
 * B (a quantized, pruned or distilled twin) with common random numbers,
 * the difference of their attributions with its paired standard error,
 * and summaries of such comparisons over many rows.
 *
 * Common random numbers. Every draw of a stochastic method (baseline row,
 * alpha, noise, permutation, coalition) comes from the generator stream of
 * (seed, row, sample) and never from the model, so two explainers with the
 * same options, baselines and noise draw the same numbers. The methods
 * that are linear in the model (Gradient SHAP, SmoothGrad's mean,
 * permutation, Kernel SHAP: each sample's contribution is linear in f)
 * give the difference dphi_i = phi_i(f_A) - phi_i(f_B) as the attribution
 * of the difference model f_A - f_B under the same draws, so one run of
 * that model yields dphi and, from the per-draw differences, its paired
 * standard error sd(d_s) / sqrt(n) (or the plan's own). Var(A - B) =
 * Var A + Var B - 2 Cov(A, B): with positively correlated draws the
 * paired SE is smaller than the unpaired sqrt(se_A^2 + se_B^2).
 */
#ifndef GS_COMPARE_H
#define GS_COMPARE_H

#include <stddef.h>

#include "attr/attr.h"
#include "core/error.h"
#include "model/model.h"

/*
 * Refuse a pair that does not take the same rows to the same outputs:
 * input widths, input element names (where both models name them),
 * output counts, each output's width and, with more than one output,
 * output names must agree. Messages name both files (name_a, name_b: how
 * the user gave them). Errors: GS_ESHAPE (widths, counts), GS_EINVAL
 * (names).
 */
int		 compare_check_models(const struct gs_model *a,
		    const char *name_a, const struct gs_model *b,
		    const char *name_b, struct gs_error *err);

/*
 * The difference model f_A - f_B of graph output output of both: a
 * custom model (model_new_custom) of one output whose forward pass and
 * gradient are A's minus B's, computed in float by each model's own plan.
 * It references a and b (model_ref) until it is freed; safe to evaluate
 * from several threads at once. The caller owns the result (model_free).
 * Errors: GS_ERANGE (no such output), those of compare_check_models.
 */
struct gs_model	*compare_diff_model(struct gs_model *a, struct gs_model *b,
		    size_t output, struct gs_error *err);

/*
 * Whether a method and its options are linear in the model, so that the
 * difference model's attribution is phi_A - phi_B and its SE is paired:
 * every method but saliency with |gradient| and SmoothGrad's squared and
 * variance aggregates.
 */
int		 compare_linear(const struct gs_attr_opts *opts);

/*
 * Whether the plan fits control variates to the model's outputs
 * (Gradient SHAP's reg plan and +cv): then the difference is estimated on
 * f_A - f_B with control variates of its own, an estimate with its paired
 * SE that is within noise of phi_A - phi_B but not equal to it.
 */
int		 compare_plan_fitted(const struct gs_attr_opts *opts);

/*
 * Give explainer b (model B's, or the difference model's) the draws of
 * explainer a: the stratified and Sobol plans order the baselines by the
 * model's outputs on them, so b takes a's order (a and b must share the
 * baseline set). Other plans draw nothing from the model.
 */
void		 compare_share_draws(const struct gs_explainer *a,
		    struct gs_explainer *b);

/*
 * The rows per pass explainer e settled on (its automatic batch): the
 * second model's explainers take the same, so that their batches fall
 * alike.
 */
size_t		 compare_batch(const struct gs_explainer *e);

/* Where one feature's difference stands against its noise. */
enum gs_cmp_verdict {
	GS_CMP_SAME,		/* no difference: equal to the float rounding */
	GS_CMP_NOISE,		/* |dphi| <= 1.96 SE: within sampling noise */
	GS_CMP_LARGER,		/* |dphi| > 1.96 SE (or non-zero, deterministic) */
	GS_CMP_VERDICT_COUNT
};

/* One row explained by both models with the same draws. */
struct gs_paired {
	struct gs_explanation	 a;		/* model A's own explanation */
	struct gs_explanation	 b;		/* model B's, of A's class */
	struct gs_explanation	 delta;		/* the difference: phi = dphi,
						   se = its paired SE (NULL:
						   deterministic), fx = f_A - f_B */
	size_t			 d;		/* features */
	int			 paired;	/* delta.se is from per-draw
						   differences (0: the unpaired
						   bound, a non-linear method) */
	int			 direct;	/* delta estimated directly on
						   f_A - f_B (compare_plan_fitted),
						   not phi_A - phi_B exactly */
	double			*se_unpaired;	/* d values sqrt(se_A^2 + se_B^2),
						   owned, or NULL (deterministic) */
	size_t			*rank_a;	/* d ranks by |phi_A| (1 = largest), owned */
	size_t			*rank_b;	/* d ranks by |phi_B|, owned */
	enum gs_cmp_verdict	*verdict;	/* d verdicts on dphi, owned */
	size_t			 pred_a;	/* A's predicted class (argmax) */
	size_t			 pred_b;	/* B's predicted class */
	double			 fa;		/* f_A(x) at the explained class */
	double			 fb;		/* f_B(x) at the explained class */
	int			 agree;		/* the predictions agree (compare_agree) */
	size_t			 larger;	/* features whose verdict is GS_CMP_LARGER */
};

/* Free what c owns and zero it; safe on a zeroed or cleared one. */
void		 compare_clear(struct gs_paired *c);

/*
 * Explain x (d values) known as data row row with explainers a and b of
 * models A and B and diff of compare_diff_model(A, B), all made with the
 * same options, baselines, noise and groups (the job builder makes them
 * so; --tol is refused: each model would stop at a different count). The
 * class explained is A's (its predicted class unless the options name
 * one) for all three. scale is the output's scale (GS_SCALE_PROB: binary
 * predictions agree on the side of 0.5). Fills c, which the caller frees
 * with compare_clear. Errors: those of explainer_run, GS_EINVAL for a
 * tolerance or explainers that disagree.
 */
int		 compare_run(struct gs_explainer *a, struct gs_explainer *b,
		    struct gs_explainer *diff, enum gs_output_scale scale,
		    const double *x, size_t row, struct gs_paired *c,
		    struct gs_error *err);

/*
 * Whether two predictions agree: the same argmax for several classes;
 * for one output element, the same side of 0.5 for a probability and
 * the same sign for a score.
 */
int		 compare_agree(size_t k, size_t pred_a, size_t pred_b,
		    double fa, double fb, enum gs_output_scale scale);

/* "same", "within noise", "larger than noise". */
const char	*compare_verdict_name(enum gs_cmp_verdict v);

/*
 * Spearman's rank correlation of two d-vectors by |value| (ranks of
 * explanation_order, ties by index); NaN when d < 2.
 */
double		 compare_rank_corr(const double *pa, const double *pb,
		    size_t d);

/* How many of the k largest |pa| are among the k largest |pb| (k <= d). */
size_t		 compare_topk(const double *pa, const double *pb, size_t d,
		    size_t k);

/* One row's line in a dataset comparison. */
struct gs_cmp_row {
	size_t	 row;		/* data row */
	int	 agree;		/* predictions agree */
	double	 fa, fb;	/* predictions at the explained class */
	size_t	 topk;		/* shared features of the top k */
	double	 rho;		/* rank correlation of |phi| */
	double	 l1;		/* sum_i |dphi_i| */
	double	 l1_rel;	/* l1 / (sum |phi_A| + sum |phi_B|) * 2, or 0 */
	size_t	 larger;	/* features whose difference exceeds noise */
};

/*
 * A comparison over many rows (compare_summary_add per row, in any
 * order; rows are kept sorted by row on output).
 */
struct gs_cmp_summary {
	size_t		 d;		/* features */
	size_t		 k;		/* top-k size */
	size_t		 n;		/* rows added */
	size_t		 agree;		/* rows whose predictions agree */
	double		 topk_sum;	/* sum of rows' top-k overlaps / k */
	double		 topk_sq;	/* sum of their squares */
	double		 rho_sum;	/* sum of rank correlations */
	double		 rho_sq;	/* sum of their squares */
	size_t		 rho_n;		/* rows with a correlation */
	double		*abs_sum;	/* d sums of |dphi_i| over rows, owned */
	double		*abs_sq;	/* d sums of |dphi_i|^2, owned */
	double		*phi_a;		/* d sums of |phi_A,i|, owned */
	size_t		*larger;	/* d counts of rows where i exceeds noise, owned */
	double		 max_abs;	/* the largest |dphi| of any row and feature */
	double		 max_se;	/* its SE (NaN: deterministic) */
	size_t		 max_row;	/* its row */
	size_t		 max_feature;	/* its feature */
	size_t		 paired_below;	/* (row, feature) with the paired SE at most the unpaired */
	size_t		 paired_n;	/* (row, feature) with both SEs */
	struct gs_cmp_row *rows;	/* n rows, owned */
	size_t		 cap;		/* room in rows */
};

/* Start a summary of d features with top-k size k (at most d). */
void		 compare_summary_init(struct gs_cmp_summary *s, size_t d,
		    size_t k);
void		 compare_summary_free(struct gs_cmp_summary *s);
/* Add row c. */
void		 compare_summary_add(struct gs_cmp_summary *s,
		    const struct gs_paired *c);
/*
 * The mean of |dphi_i| over the rows and its standard error over rows
 * (sd / sqrt(n); 0 for one row).
 */
double		 compare_summary_mean_abs(const struct gs_cmp_summary *s,
		    size_t i, double *se);
/*
 * Row indices into s->rows, n of them into order: by l1_rel descending
 * (explanations disagree most first), ties by row. Returns n.
 */
size_t		 compare_summary_worst(const struct gs_cmp_summary *s,
		    size_t *order);
/*
 * The rows whose predictions agree but whose explanations do not (top-k
 * overlap below half of k, or a rank correlation below 0.5), worst first,
 * into order (s->n room); returns how many.
 */
size_t		 compare_summary_same_pred(const struct gs_cmp_summary *s,
		    size_t *order);

#endif
