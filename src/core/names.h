/* SPDX-License-Identifier: ISC */
/*
 * Names in messages: comparing them for "did you mean ...?" suggestions
 * (commands, settings, column names), and listing many of them short.
 */
#ifndef GS_NAMES_H
#define GS_NAMES_H

#include <stddef.h>

#include "core/error.h"

/*
 * Levenshtein edit distance between a and b, ignoring ASCII case when fold
 * is set; SIZE_MAX when either is longer than 64 bytes.
 */
size_t	names_distance(const char *a, const char *b, int fold);

/*
 * The index of the candidate nearest key (names_distance, case folded),
 * its distance into *dist; 0 and (size_t)-1 when n is 0.
 */
size_t	names_closest(const char *key, const char *const *cands, size_t n,
	    size_t *dist);

/*
 * Append to err's message the names among the n candidates one edit from
 * key (two for keys longer than 4), each after prefix ("--" for options,
 * "" otherwise), as ", did you mean a or b?". NULL candidates are skipped.
 * Returns how many were named (0: the message is as it was).
 */
size_t	names_suggest(const char *key, const char *const *cands, size_t n,
	    const char *prefix, struct gs_error *err);

/*
 * The n names joined as "a, b, c" into buf (size bytes) for a message.
 * When they do not all fit, the middle goes: as many names from the start
 * as fit, "...", the last two, and the count with noun (a plural:
 * "a, b, c, ..., y, z (31 columns)"); when not even that fits, the count
 * alone ("31 columns"). A name is never cut, so the text after the list
 * (the hint a user acts on) keeps its room. Returns buf.
 */
char	*names_list(char *buf, size_t size, const char *const *names,
	    size_t n, const char *noun);

#endif
