/* SPDX-License-Identifier: ISC */
/*
 * Doubles as the shortest decimal text that reads back as the same double
 * (strtod gives the same bits), for CSV and JSON output at memory speed.
 */
#ifndef GS_DTOA_H
#define GS_DTOA_H

#include <stddef.h>
#include <stdio.h>

/* Room for any double's text and its NUL ("-2.2250738585072014e-308"). */
#define DTOA_SIZE	32

/*
 * Write v into buf (DTOA_SIZE bytes) as the fewest significant digits
 * that read back as v, the nearest such digits to v when several
 * qualify: in fixed notation when its decimal exponent X (v = d.ddd x
 * 10^X) is in [-4, 16), else as d.ddde+XX with at least two exponent
 * digits, as printf's %g writes them ("0.1", "1e-05", "-0", "1.5e+300").
 * NaN and infinities are "nan", "inf" and "-inf". Returns the length.
 */
size_t	dtoa_shortest(double v, char *buf);

/*
 * Write v into buf (DTOA_SIZE bytes) as printf's "%.9g" does, byte for
 * byte (nine significant digits: a float's round trip, the precision of
 * the model's arithmetic), from the shortest digits. Returns the length.
 */
size_t	dtoa_g9(double v, char *buf);

/* The same for "%.6g" (the explorer's and features' values). */
size_t	dtoa_g6(double v, char *buf);

/* Write v's dtoa_g9 text to f (CSV, JSON). Returns what fwrite returns. */
size_t	dtoa_put(double v, FILE *f);

#endif
