/* SPDX-License-Identifier: ISC */
/*
 * Quadrature rules for integrated gradients on [0, 1]: Riemann left, right
 * and middle, trapezoid (with weights that sum to 1, unlike Captum's, whose
 * weights sum to (n-1)/n), and Gauss-Legendre by Newton iteration on the
 * Legendre recurrence (Golub & Welsch give the same nodes; this is shorter).
 */
#include <math.h>

#include "attr/attr.h"

/* Nodes and weights of n-point Gauss-Legendre on [-1, 1]. */
static void
quadrature_gauss_legendre(size_t n, double *t, double *w)
{
	size_t	i, j, m = (n + 1) / 2;
	double	z, z1, p1, p2, p3, pp = 1;
	int	iter;

	for (i = 0; i < m; i++) {
		z = cos(M_PI * (i + 0.75) / (n + 0.5));
		for (iter = 0; iter < 100; iter++) {
			p1 = 1;
			p2 = 0;
			for (j = 0; j < n; j++) {
				p3 = p2;
				p2 = p1;
				p1 = ((2.0 * j + 1) * z * p2 - j * p3) / (j + 1);
			}
			/* P_n'(z) = n (z P_n - P_{n-1}) / (z^2 - 1) */
			pp = n * (z * p1 - p2) / (z * z - 1);
			z1 = z;
			z = z1 - p1 / pp;
			if (fabs(z - z1) < 1e-15)
				break;
		}
		t[i] = -z;
		t[n - 1 - i] = z;
		w[i] = w[n - 1 - i] = 2 / ((1 - z * z) * pp * pp);
	}
}

int
quadrature_rule(enum gs_rule r, size_t n, double *alpha, double *w,
    struct gs_error *err)
{
	size_t	k;

	if (n < 1 || (r == GS_RULE_TRAPEZOID && n < 2))
		return (gs_error_set(err, GS_EINVAL,
		    "the %s rule needs at least %d steps", rule_name(r),
		    r == GS_RULE_TRAPEZOID ? 2 : 1));
	if (r == GS_RULE_GAUSSLEGENDRE && n > GS_GL_MAX_STEPS)
		return (gs_error_set(err, GS_EINVAL, "the gausslegendre rule "
		    "takes at most %d steps (finding its nodes costs steps^2); "
		    "middle or trapezoid take more", GS_GL_MAX_STEPS));
	for (k = 0; k < n; k++) {
		switch (r) {
		case GS_RULE_LEFT:
			alpha[k] = (double)k / n;
			w[k] = 1.0 / n;
			break;
		case GS_RULE_RIGHT:
			alpha[k] = (double)(k + 1) / n;
			w[k] = 1.0 / n;
			break;
		case GS_RULE_MIDDLE:
			alpha[k] = (k + 0.5) / n;
			w[k] = 1.0 / n;
			break;
		case GS_RULE_TRAPEZOID:
			alpha[k] = (double)k / (n - 1);
			w[k] = (k == 0 || k == n - 1) ? 0.5 / (n - 1) :
			    1.0 / (n - 1);
			break;
		default:
			break;
		}
	}
	if (r == GS_RULE_GAUSSLEGENDRE) {
		quadrature_gauss_legendre(n, alpha, w);
		for (k = 0; k < n; k++) {
			alpha[k] = (1 + alpha[k]) / 2;
			w[k] /= 2;
		}
	}
	return (0);
}
