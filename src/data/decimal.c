/* SPDX-License-Identifier: ISC */
/*
 * Decimal numbers the quick way: a number whose significant digits make
 * an integer w below 2^53 and whose power of ten 10^q has |q| <= 22 is
 * w x 10^q or w / 10^-q, both operands exact doubles, so one rounded
 * multiplication or division gives the double nearest the decimal value,
 * which is what strtod returns (Clinger's fast path). Every other number
 * is left to strtod. A CSV's cells are nearly all of this kind.
 */
#include <float.h>
#include <stdint.h>

#include "data/decimal.h"

/* 10^0 to 10^22, every one exact in a double. */
static const double	decimal_pow10[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/*
 * 1 with *v set when [b, e) is [+-]digits[.digits][(e|E)[+-]digits], with
 * at least one digit before the exponent, and takes the fast path; else 0
 * (*v untouched): not a number, or one for strtod.
 */
int
decimal_parse_short(const char *b, const char *e, double *v)
{
#if FLT_EVAL_METHOD == 0
	const char	*p = b;
	uint64_t	 w = 0;
	long		 q = 0, x = 0;
	int		 neg = 0, sig = 0, xneg = 0, nd = 0, nx = 0;
	double		 d;

	if (p < e && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	for (; p < e && *p >= '0' && *p <= '9'; p++) {
		if (w != 0 || *p != '0')
			sig++;
		w = w * 10 + (uint64_t)(*p - '0');
		nd = 1;
		if (sig > 15)
			return (0);
	}
	if (p < e && *p == '.')
		for (p++; p < e && *p >= '0' && *p <= '9'; p++) {
			if (w != 0 || *p != '0')
				sig++;
			w = w * 10 + (uint64_t)(*p - '0');
			nd = 1;
			q--;
			if (sig > 15 || q < -400)
				return (0);
		}
	if (nd == 0)
		return (0);
	if (p < e && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < e && (*p == '+' || *p == '-'))
			xneg = *p++ == '-';
		for (; p < e && *p >= '0' && *p <= '9'; p++) {
			x = x * 10 + (*p - '0');
			nx = 1;
			if (x > 400)
				return (0);
		}
		if (nx == 0)
			return (0);
	}
	if (p != e)
		return (0);
	q += xneg ? -x : x;
	if (q < -22 || q > 22)
		return (0);
	/* w < 10^15 < 2^53: exact as a double. */
	d = (double)w;
	d = q >= 0 ? d * decimal_pow10[q] : d / decimal_pow10[-q];
	*v = neg ? -d : d;
	return (1);
#else
	(void)b;
	(void)e;
	(void)v;
	return (0);
#endif
}
