/* SPDX-License-Identifier: ISC */
/*
 * Whole numbers read from text (row numbers, counts, classes, settings):
 * one reader, so that every front end takes the same spellings.
 */
#ifndef GS_NUMBER_H
#define GS_NUMBER_H

#include <stdint.h>

/*
 * Read s as a whole decimal number with no sign, space or other character
 * ("12"; not "+12", " 12", "12x", "1e3") into *out. Returns 0; -1 when s
 * is not such a number; -2 when it is one larger than max (*out then holds
 * max). Callers word the message.
 */
int	number_parse(const char *s, uint64_t max, uint64_t *out);

#endif
