/* SPDX-License-Identifier: ISC */
/*
 * Names for a model's output elements (its classes), so that a result
 * reads "P(benign) = 0.999", not "prob[0]": from the user (--classes
 * a,b), the schema, the model file's metadata ("classes"), or the levels
 * of a text target, in that order; and which class is the positive one
 * that a dataset summary explains by default.
 */
#ifndef GS_CLASSES_H
#define GS_CLASSES_H

#include <stddef.h>

#include "core/error.h"
#include "data/dataset.h"

/* The names of one output's elements. */
struct gs_classes {
	size_t	  n;		/* output elements named (0: none known) */
	char	**names;	/* n names, one per element, owned */
	char	 *from;		/* where they came from ("--classes", "credit.schema.json", "the model's metadata", "the levels of Status"), owned */
	long	  positive;	/* the element of the positive class, or -1 (none stated) */
};

/*
 * Name the len elements of a model output. cli is the user's list
 * ("bad,good", or NULL), sel's encoding gives the schema's classes and a
 * text target's levels (ds, which may be NULL, names the target), meta is the model file's "classes" value (a
 * comma-separated list or a JSON array of strings, or NULL). The first
 * source that gives names is used: a list of len names names the elements
 * one for one; for an output of one element, a list of two names it by
 * the second (a sigmoid gives the probability of the second class, as a
 * 0/1 target's 1). The positive class: the schema's "positive", else the
 * second of two elements, else the one element of a single output; -1
 * for more classes. c is filled (classes_clear); none known is no error.
 * The user's names cli are called spelled in messages and c->from, as the
 * front end spells the setting ("--classes", "set classes", "classes";
 * NULL: "--classes").
 * Errors: GS_EINVAL (cli with an empty or repeated name), GS_ESHAPE
 * (a list of names that fits no way, naming both counts and the source).
 */
int		 classes_resolve(struct gs_classes *c, size_t len,
		    const char *cli, const char *spelled,
		    const struct gs_dataset *ds,
		    const struct gs_selection *sel, const char *meta,
		    struct gs_error *err);

/* The name of element k (borrowed), or NULL when it has none. */
const char	*classes_name(const struct gs_classes *c, size_t k);

/*
 * The element called name (a class name, or a number of an element),
 * or -1 when there is none.
 */
long		 classes_find(const struct gs_classes *c, const char *name);

void		 classes_clear(struct gs_classes *c);

#endif
