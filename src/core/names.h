/* SPDX-License-Identifier: ISC */
/*
 * Names in messages: comparing them for "did you mean ...?" suggestions
 * (commands, settings, column names), and listing many of them short.
 */
#ifndef GS_NAMES_H
#define GS_NAMES_H

#include <stddef.h>

/*
 * Levenshtein edit distance between a and b, ignoring ASCII case when fold
 * is set; SIZE_MAX when either is longer than 64 bytes.
 */
size_t	names_distance(const char *a, const char *b, int fold);

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
