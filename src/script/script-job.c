/* SPDX-License-Identifier: ISC */
/*
 * The job builder's Lua hooks (session/job.h): baseline, noise and group
 * scripts named by specs, run in a state of the script layer.
 */
#include <string.h>

#include "script/script.h"

/* Whether the baseline script takes the row. */
static int
script_job_per_row(void *arg, const char *spec, struct gs_error *err)
{
	return (script_baseline_per_row(arg, spec, err));
}

/* The baseline script's rows. */
static int
script_job_baseline(void *arg, const char *spec, const double *x, size_t row,
    long cls, struct gs_baseline *bl, struct gs_error *err)
{
	return (script_baseline(arg, spec, x, row, cls, bl, err));
}

/* The noise script. */
static int
script_job_noise(void *arg, const char *spec, struct gs_noise *nz,
    struct gs_error *err)
{
	return (script_noise(arg, spec, nz, err));
}

/* The groups script. */
static int
script_job_groups(void *arg, const char *spec, struct gs_groups *g,
    struct gs_error *err)
{
	return (script_groups(arg, spec, g, err));
}

void
script_job_hooks(struct gs_job_hooks *h, struct gs_script *sc)
{
	memset(h, 0, sizeof *h);
	h->arg = sc;
	h->baseline_per_row = script_job_per_row;
	h->baseline = script_job_baseline;
	h->noise = script_job_noise;
	h->groups = script_job_groups;
}
