/* SPDX-License-Identifier: ISC */
/*
 * The command line that reproduces explanations: `gshap explain` with the
 * files, the rows and every setting that is not at its default, quoted for
 * a POSIX shell. Its --format json output holds the same attributions, to
 * the byte, as the run it describes (one seed, streams per row, results
 * independent of the thread count).
 */
#ifndef GS_REPRODUCE_H
#define GS_REPRODUCE_H

#include <stddef.h>

#include "session/settings.h"

/* What was explained. Borrowed strings; NULL where not given. */
struct gs_reproduce {
	const char	*model;		/* --model path, NULL: the bundled demo */
	const char	*data;		/* --data path */
	const char	*target;	/* --target */
	const char	*drop;		/* --drop */
	const char	*schema;	/* --schema */
	const char	*classes;	/* --classes */
	size_t		 first;		/* rows first.. */
	size_t		 last;		/* ..last - 1 */
};

/*
 * The command for rows rp->first..rp->last - 1 under st, ending in
 * "--format json". The caller frees it.
 */
char	*reproduce_command(const struct gs_reproduce *rp,
	    const struct gs_settings *st);

/* Append s to the string *buf (*len bytes) quoted for sh when it needs it. */
void	 reproduce_quote(char **buf, size_t *len, const char *s);

#endif
