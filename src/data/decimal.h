/* SPDX-License-Identifier: ISC */
#ifndef GS_DECIMAL_H
#define GS_DECIMAL_H

/*
 * The double nearest a decimal number of at most 15 significant digits
 * and a power of ten within 10^+-22, without strtod: exactly strtod's
 * result (see decimal.c). 0 for anything else, numbers included.
 */
int	decimal_parse_short(const char *b, const char *e, double *v);

#endif
