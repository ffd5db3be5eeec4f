/* SPDX-License-Identifier: ISC */
/*
 * Comparing names for "did you mean ...?" suggestions: commands, settings,
 * column names.
 */
#ifndef GS_NAMES_H
#define GS_NAMES_H

#include <stddef.h>

/*
 * Levenshtein edit distance between a and b, ignoring ASCII case when fold
 * is set; SIZE_MAX when either is longer than 64 bytes.
 */
size_t	names_distance(const char *a, const char *b, int fold);

#endif
