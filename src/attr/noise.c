/* SPDX-License-Identifier: ISC */
/*
 * Input noise for Gradient SHAP and SmoothGrad: an absolute standard
 * deviation, or a percentage of each input column's standard deviation;
 * none on the inputs of a categorical feature.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/attr.h"
#include "core/xmalloc.h"
#include "data/encode.h"

int
noise_make(struct gs_noise *nz, const char *spec, struct gs_dataset *ds,
    const struct gs_selection *sel, struct gs_error *err)
{
	char	*end;
	double	 v, mean, sd;
	size_t	 j, len;
	int	 pct;

	memset(nz, 0, sizeof *nz);
	if (spec == NULL || strcmp(spec, "none") == 0)
		return (0);
	len = strlen(spec);
	pct = len > 0 && spec[len - 1] == '%';
	v = strtod(spec, &end);
	if (end == spec || end != spec + len - (pct ? 1 : 0) || !isfinite(v) ||
	    v < 0)
		return (gs_error_set(err, GS_EINVAL, "noise '%s': give a "
		    "standard deviation (0.1) or a percentage of each "
		    "feature's (15%%), not negative", spec));
	if (v == 0)
		return (0);
	nz->spec = xstrdup(spec);
	nz->d = sel->n;
	nz->sigma = xcalloc(sel->n, sizeof *nz->sigma);
	for (j = 0; j < sel->n; j++) {
		/* No noise on a category's inputs: no level lies between. */
		if (sel->enc != NULL &&
		    encode_categorical(sel->enc, sel->enc->feat_of[j]))
			nz->sigma[j] = 0;
		else if (pct) {
			encode_input_stats(ds, sel, j, &mean, &sd);
			nz->sigma[j] = v / 100 * sd;
		} else
			nz->sigma[j] = v;
	}
	return (0);
}

void
noise_clear(struct gs_noise *nz)
{
	free(nz->spec);
	free(nz->sigma);
	memset(nz, 0, sizeof *nz);
}
