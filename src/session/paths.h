/* SPDX-License-Identifier: ISC */
/*
 * Where gshap finds its files: the bundled demo model and data, and the
 * shipped helper scripts.
 */
#ifndef GS_PATHS_H
#define GS_PATHS_H

#include "core/error.h"

/* The files of a bundled demo (--demo NAME). */
struct gs_demo {
	char		*model;		/* the model, owned */
	char		*data;		/* the data, owned */
	char		*schema;	/* its schema, owned, or NULL: none */
	const char	*target;	/* its target column, or NULL: the schema's */
};

/*
 * The directory holding the demo files: $GSHAP_DATADIR, else data/ beside
 * the executable (running from a build tree), else the installed package
 * data directory, else the source tree of an out-of-tree build.
 * Returns a static buffer.
 */
const char	*paths_datadir(void);

/* Full path of a file in paths_datadir(). Caller frees. */
char		*paths_data_file(const char *name);

/*
 * A file shipped with gshap, rel being its path under the package data
 * (scripts/lessons/lesson.lua): installed, beside the demo data, or in the
 * source tree. Returns an allocated path, or NULL when it is nowhere.
 */
char		*paths_shipped(const char *rel);

/*
 * Find a helper script of kind ("baselines", "noise", "groups"): path
 * itself when it is readable or has a '/', else the shipped
 * scripts/<kind>/PATH[.lua] beside the demo data or in the source tree,
 * else path. Caller frees.
 */
char		*paths_script(const char *path, const char *kind);

/*
 * The files of the demo called name ("cancer", "credit"; NULL: cancer)
 * into d, for every front end that takes --demo. Errors: GS_EINVAL
 * "unknown demo 'x' (cancer, credit)".
 */
int		 paths_demo(const char *name, struct gs_demo *d,
		    struct gs_error *err);
void		 paths_demo_free(struct gs_demo *d);

#endif
