/* SPDX-License-Identifier: ISC */
/*
 * The shortest decimal text of a double that reads back as the same bits,
 * by Ryu's method (Ulf Adams, "Ryu: fast float-to-string conversion",
 * PLDI 2018): the interval of reals that round to the double is scaled by
 * a 128-bit power of five into integers, and digits are removed from its
 * ends while they agree; the last removed digit rounds the rest. Exact in
 * integers throughout: no floating point, no table of digits. The powers
 * of five come from scripts/make-dtoa-table.py. dtoa_g9 rounds those
 * digits to printf's "%.9g", the text gshap's CSV and JSON have always
 * had, without printf's cost.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/dtoa.h"
#include "core/dtoa-table.h"

#define DTOA_MANT_BITS	52	/* stored mantissa bits of a double */
#define DTOA_BIAS	1023	/* exponent bias */
#define DTOA_POW5_BITS	125	/* bits of the table's entries (both) */

/* ceil(log2(5^e)) for 0 < e < 3529, 1 for e = 0. */
static int32_t
dtoa_pow5_bits(int32_t e)
{
	return ((int32_t)(((uint32_t)e * 1217359) >> 19) + 1);
}

/* floor(log10(2^e)) for 0 <= e <= 1650. */
static uint32_t
dtoa_log10_pow2(int32_t e)
{
	return (((uint32_t)e * 78913) >> 18);
}

/* floor(log10(5^e)) for 0 <= e <= 2620. */
static uint32_t
dtoa_log10_pow5(int32_t e)
{
	return (((uint32_t)e * 732923) >> 20);
}

/* Whether 5^p divides v (v > 0). */
static int
dtoa_multiple_of_pow5(uint64_t v, uint32_t p)
{
	uint32_t	n = 0;

	while (v % 5 == 0) {
		v /= 5;
		if (++n >= p)
			return (1);
	}
	return (n >= p);
}

/* Whether 2^p divides v (p < 64). */
static int
dtoa_multiple_of_pow2(uint64_t v, uint32_t p)
{
	return ((v & (((uint64_t)1 << p) - 1)) == 0);
}

#if !defined(__SIZEOF_INT128__) || defined(DTOA_NO_INT128)
/* The 128-bit product of a and b: the low half returned, the high in *hi. */
static uint64_t
dtoa_umul128(uint64_t a, uint64_t b, uint64_t *hi)
{
	uint64_t	b00, b01, b10, b11, mid1, mid2;

	b00 = (a & 0xffffffffu) * (b & 0xffffffffu);
	b01 = (a & 0xffffffffu) * (b >> 32);
	b10 = (a >> 32) * (b & 0xffffffffu);
	b11 = (a >> 32) * (b >> 32);
	mid1 = b10 + (b00 >> 32);
	mid2 = b01 + (mid1 & 0xffffffffu);
	*hi = b11 + (mid1 >> 32) + (mid2 >> 32);
	return ((mid2 << 32) | (b00 & 0xffffffffu));
}
#endif

/* (m * mul) >> j for a 128-bit mul = { low, high } and 64 <= j < 192. */
static uint64_t
dtoa_mulshift(uint64_t m, const uint64_t *mul, int32_t j)
{
#if defined(__SIZEOF_INT128__) && !defined(DTOA_NO_INT128)
	unsigned __int128 b0 = (unsigned __int128)m * mul[0];
	unsigned __int128 b2 = (unsigned __int128)m * mul[1];

	return ((uint64_t)(((b0 >> 64) + b2) >> (j - 64)));
#else
	uint64_t	hi0, hi1, lo1, sum;
	int32_t		s = j - 64;

	(void)dtoa_umul128(m, mul[0], &hi0);
	lo1 = dtoa_umul128(m, mul[1], &hi1);
	sum = hi0 + lo1;
	hi1 += sum < hi0;
	if (s >= 64)
		return (hi1 >> (s - 64));
	return (s == 0 ? sum : (sum >> s) | (hi1 << (64 - s)));
#endif
}

/* Decimal digits of v (v < 10^17). */
static uint32_t
dtoa_length(uint64_t v)
{
	uint64_t	p = 10;
	uint32_t	n = 1;

	while (n < 17 && v >= p) {
		p *= 10;
		n++;
	}
	return (n);
}

/* "00" to "99": two digits a division. */
static const char dtoa_pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930"
    "31323334353637383940414243444546474849505152535455565758596061"
    "62636465666768697071727374757677787980818283848586878889909192"
    "93949596979899";

/* The n decimal digits of v into dig, two at a time. */
static void
dtoa_digits(uint64_t v, uint32_t n, char *dig)
{
	uint32_t	r;

	while (n >= 2) {
		r = (uint32_t)(v % 100);
		v /= 100;
		n -= 2;
		memcpy(dig + n, dtoa_pairs + 2 * r, 2);
	}
	if (n == 1)
		dig[0] = (char)('0' + v);
}

/*
 * The shortest digits and exponent of a finite positive double given by
 * its stored mantissa and exponent fields: v = *digits x 10^*e10.
 */
static void
dtoa_decimal(uint64_t mant, uint32_t expo, uint64_t *digits, int32_t *e10)
{
	uint64_t	m2, mv, vr, vp, vm, out, vpd, vmd, vrd;
	uint32_t	mm_shift, q, last = 0, vr_mod, vm_mod;
	int32_t		e2, k, i, j, removed = 0;
	int		even, vm_zeros = 0, vr_zeros = 0, round_up = 0;

	if (expo == 0) {
		e2 = 1 - DTOA_BIAS - DTOA_MANT_BITS - 2;
		m2 = mant;
	} else {
		e2 = (int32_t)expo - DTOA_BIAS - DTOA_MANT_BITS - 2;
		m2 = ((uint64_t)1 << DTOA_MANT_BITS) | mant;
	}
	even = (m2 & 1) == 0;
	/* The interval [mv - 1 - mm_shift, mv + 2] in units of 2^e2 / 4. */
	mv = 4 * m2;
	mm_shift = mant != 0 || expo <= 1;
	if (e2 >= 0) {
		q = dtoa_log10_pow2(e2) - (e2 > 3);
		*e10 = (int32_t)q;
		k = DTOA_POW5_BITS + dtoa_pow5_bits((int32_t)q) - 1;
		i = -e2 + (int32_t)q + k;
		vr = dtoa_mulshift(4 * m2, dtoa_pow5_inv[q], i);
		vp = dtoa_mulshift(4 * m2 + 2, dtoa_pow5_inv[q], i);
		vm = dtoa_mulshift(4 * m2 - 1 - mm_shift, dtoa_pow5_inv[q], i);
		if (q <= 21) {
			/* Only then can the scaled ends be exact integers. */
			if (mv % 5 == 0)
				vr_zeros = dtoa_multiple_of_pow5(mv, q);
			else if (even)
				vm_zeros = dtoa_multiple_of_pow5(mv - 1 -
				    mm_shift, q);
			else
				vp -= (uint64_t)dtoa_multiple_of_pow5(mv + 2,
				    q);
		}
	} else {
		q = dtoa_log10_pow5(-e2) - (-e2 > 1);
		*e10 = (int32_t)q + e2;
		i = -e2 - (int32_t)q;
		k = dtoa_pow5_bits(i) - DTOA_POW5_BITS;
		j = (int32_t)q - k;
		vr = dtoa_mulshift(4 * m2, dtoa_pow5[i], j);
		vp = dtoa_mulshift(4 * m2 + 2, dtoa_pow5[i], j);
		vm = dtoa_mulshift(4 * m2 - 1 - mm_shift, dtoa_pow5[i], j);
		if (q <= 1) {
			/* mv has at least q trailing zero bits: exact. */
			vr_zeros = 1;
			if (even)
				vm_zeros = mm_shift == 1;
			else
				vp--;
		} else if (q < 63)
			vr_zeros = dtoa_multiple_of_pow2(mv, q);
	}
	if (vm_zeros || vr_zeros) {
		/* The general case: track whether the removed digits were 0. */
		for (;;) {
			vpd = vp / 10;
			vmd = vm / 10;
			if (vpd <= vmd)
				break;
			vm_mod = (uint32_t)(vm - 10 * vmd);
			vrd = vr / 10;
			vr_mod = (uint32_t)(vr - 10 * vrd);
			vm_zeros &= vm_mod == 0;
			vr_zeros &= last == 0;
			last = vr_mod;
			vr = vrd;
			vp = vpd;
			vm = vmd;
			removed++;
		}
		if (vm_zeros) {
			for (;;) {
				vmd = vm / 10;
				vm_mod = (uint32_t)(vm - 10 * vmd);
				if (vm_mod != 0)
					break;
				vpd = vp / 10;
				vrd = vr / 10;
				vr_mod = (uint32_t)(vr - 10 * vrd);
				vr_zeros &= last == 0;
				last = vr_mod;
				vr = vrd;
				vp = vpd;
				vm = vmd;
				removed++;
			}
		}
		/* Exactly half way: round to even. */
		if (vr_zeros && last == 5 && vr % 2 == 0)
			last = 4;
		out = vr + ((vr == vm && (!even || !vm_zeros)) || last >= 5);
	} else {
		/* The common case: only the last removed digit matters. */
		vpd = vp / 100;
		vmd = vm / 100;
		if (vpd > vmd) {
			vrd = vr / 100;
			round_up = vr - 100 * vrd >= 50;
			vr = vrd;
			vp = vpd;
			vm = vmd;
			removed += 2;
		}
		for (;;) {
			vpd = vp / 10;
			vmd = vm / 10;
			if (vpd <= vmd)
				break;
			vrd = vr / 10;
			round_up = vr - 10 * vrd >= 5;
			vr = vrd;
			vp = vpd;
			vm = vmd;
			removed++;
		}
		out = vr + (vr == vm || round_up);
	}
	*digits = out;
	*e10 += removed;
}

/*
 * The shortest digits of finite v != 0 (bits its bits): v = *digits x
 * 10^*e10.
 */
static void
dtoa_shortest_digits(uint64_t bits, uint64_t *digits, int32_t *e10)
{
	uint64_t	mant;
	uint32_t	expo;
	int32_t		e;

	mant = bits & (((uint64_t)1 << DTOA_MANT_BITS) - 1);
	expo = (uint32_t)(bits >> DTOA_MANT_BITS) & 0x7ff;
	e = (int32_t)expo - DTOA_BIAS - DTOA_MANT_BITS;
	if (expo != 0 && e <= 0 && e >= -DTOA_MANT_BITS &&
	    dtoa_multiple_of_pow2(mant, (uint32_t)-e)) {
		/* A whole number below 2^53: its own digits are shortest. */
		*digits = (((uint64_t)1 << DTOA_MANT_BITS) | mant) >> -e;
		*e10 = 0;
		while (*digits % 10 == 0) {
			*digits /= 10;
			(*e10)++;
		}
	} else
		dtoa_decimal(mant, expo, digits, e10);
}

/*
 * The sign, NaN, infinities and zeros of bits into p; returns the length
 * written, or 0 for a finite v != 0 (*p then holds its sign, *sign 1).
 */
static size_t
dtoa_special(uint64_t bits, char *buf, size_t *sign)
{
	uint64_t	mant = bits & (((uint64_t)1 << DTOA_MANT_BITS) - 1);
	uint32_t	expo = (uint32_t)(bits >> DTOA_MANT_BITS) & 0x7ff;
	char		*p = buf;

	if (bits >> 63)
		*p++ = '-';
	*sign = (size_t)(p - buf);
	if (expo == 0x7ff) {
		if (mant != 0) {
			memcpy(buf, "nan", 4);
			return (3);
		}
		memcpy(p, "inf", 4);
		return ((size_t)(p - buf) + 3);
	}
	if (expo == 0 && mant == 0) {
		memcpy(p, "0", 2);
		return ((size_t)(p - buf) + 1);
	}
	return (0);
}

/* The n decimal digits of v < 10^9 into dig (dtoa_digits in 32 bits). */
static void
dtoa_digits9(uint32_t v, uint32_t n, char *dig)
{
	uint32_t	r;

	while (n >= 2) {
		r = v % 100;
		v /= 100;
		n -= 2;
		memcpy(dig + n, dtoa_pairs + 2 * r, 2);
	}
	if (n == 1)
		dig[0] = (char)('0' + v);
}

/*
 * digits x 10^e10 (no trailing zeros, olen digits) at p as printf's %g
 * writes it: fixed when the decimal exponent is in [-4, fixed), else
 * d.ddde+XX. Returns the end.
 */
static char *
dtoa_layout_len(uint64_t digits, uint32_t olen, int32_t e10, int32_t fixed,
    char *p)
{
	char		dig[20];
	int32_t		sx, e;

	if (olen <= 9)
		dtoa_digits9((uint32_t)digits, olen, dig);
	else
		dtoa_digits(digits, olen, dig);
	sx = e10 + (int32_t)olen - 1;	/* v = d.ddd x 10^sx */
	if (sx >= -4 && sx < fixed) {
		if (sx >= (int32_t)olen - 1) {
			memcpy(p, dig, olen);
			p += olen;
			for (e = sx - (int32_t)olen + 1; e > 0; e--)
				*p++ = '0';
		} else if (sx >= 0) {
			memcpy(p, dig, (size_t)sx + 1);
			p += sx + 1;
			*p++ = '.';
			memcpy(p, dig + sx + 1, olen - (size_t)sx - 1);
			p += olen - (size_t)sx - 1;
		} else {
			*p++ = '0';
			*p++ = '.';
			for (e = -sx - 1; e > 0; e--)
				*p++ = '0';
			memcpy(p, dig, olen);
			p += olen;
		}
	} else {
		*p++ = dig[0];
		if (olen > 1) {
			*p++ = '.';
			memcpy(p, dig + 1, olen - 1);
			p += olen - 1;
		}
		*p++ = 'e';
		*p++ = sx < 0 ? '-' : '+';
		e = sx < 0 ? -sx : sx;
		if (e >= 100) {
			*p++ = (char)('0' + e / 100);
			e %= 100;
		}
		*p++ = (char)('0' + e / 10);
		*p++ = (char)('0' + e % 10);
	}
	*p = '\0';
	return (p);
}

/* dtoa_layout_len for digits of any length. */
static char *
dtoa_layout(uint64_t digits, int32_t e10, int32_t fixed, char *p)
{
	return (dtoa_layout_len(digits, dtoa_length(digits), e10, fixed, p));
}

size_t
dtoa_shortest(double v, char *buf)
{
	uint64_t	bits, digits;
	int32_t		e10;
	size_t		len, sign;

	memcpy(&bits, &v, sizeof bits);
	if ((len = dtoa_special(bits, buf, &sign)) != 0)
		return (len);
	dtoa_shortest_digits(bits, &digits, &e10);
	return ((size_t)(dtoa_layout(digits, e10, 16, buf + sign) - buf));
}

/*
 * %.9g from the shortest digits S. With at most nine, S is the correctly
 * rounded nine-digit value too: S lies within half an ulp of v, and
 * nine-digit decimals are some 10^7 ulps apart. With more, S rounds to
 * the same nine digits as v unless a tie point (a tenth digit 5, then
 * zeros) lies between them; such a point would itself be a ten-digit
 * decimal in v's rounding interval, so S would be it: that one case, and
 * subnormals (whose interval is wide), go to snprintf. dtoa_gp takes
 * the usual range exactly (dtoa_round_digits); this is the rest.
 */
/* printf's "%.<prec>g" (prec 1 to 17) from the shortest digits. */
static size_t
dtoa_gp_shortest(double v, uint64_t bits, int prec, char *buf, size_t sign)
{
	uint64_t	digits, pow, half, rest, top;
	int32_t		e10;
	uint32_t	olen, drop, i;

	for (top = 1, i = 0; i < (uint32_t)prec; i++)
		top *= 10;
	if (((bits >> DTOA_MANT_BITS) & 0x7ff) == 0)
		return ((size_t)snprintf(buf, DTOA_SIZE, "%.*g", prec, v));
	dtoa_shortest_digits(bits, &digits, &e10);
	olen = dtoa_length(digits);
	if (olen > (uint32_t)prec) {
		drop = olen - (uint32_t)prec;
		for (pow = 1; drop > 0; drop--)
			pow *= 10;
		half = pow / 2;
		rest = digits % pow;
		digits /= pow;
		e10 += (int32_t)(olen - (uint32_t)prec);
		if (rest == half)
			return ((size_t)snprintf(buf, DTOA_SIZE, "%.*g", prec,
			    v));
		if (rest > half && ++digits == top) {
			digits = top / 10;
			e10++;
		}
		while (digits % 10 == 0) {
			digits /= 10;
			e10++;
		}
	}
	return ((size_t)(dtoa_layout(digits, e10, prec, buf + sign) - buf));
}

#if defined(__SIZEOF_INT128__) && !defined(DTOA_NO_INT128)
/* 10^i for i <= 19, and 5^i for i <= 27 (the largest below 2^64). */
static const uint64_t dtoa_pow10_64[20] = { 1ULL, 10ULL, 100ULL, 1000ULL,
    10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
    1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL,
    10000000000000ULL, 100000000000000ULL, 1000000000000000ULL,
    10000000000000000ULL, 100000000000000000ULL, 1000000000000000000ULL,
    10000000000000000000ULL };
static const uint64_t dtoa_pow5_64[28] = { 1ULL, 5ULL, 25ULL, 125ULL,
    625ULL, 3125ULL, 15625ULL, 78125ULL, 390625ULL, 1953125ULL, 9765625ULL,
    48828125ULL, 244140625ULL, 1220703125ULL, 6103515625ULL,
    30517578125ULL, 152587890625ULL, 762939453125ULL, 3814697265625ULL,
    19073486328125ULL, 95367431640625ULL, 476837158203125ULL,
    2384185791015625ULL, 11920928955078125ULL, 59604644775390625ULL,
    298023223876953125ULL, 1490116119384765625ULL, 7450580596923828125ULL };
#define DTOA_POW5_64_MAX	27

/*
 * The prec significant digits of v = m2 x 2^e2 (m2 < 2^53, normal),
 * rounded as printf rounds (to nearest, ties to even, on v's exact
 * value): *digits x 10^*e10 with 10^(prec-1) <= *digits < 10^prec.
 * Exact in 128-bit integers: v x 10^k is the integer m2 x 5^k shifted
 * right by -(e2 + k) bits when k >= 0, and m2 x 2^e2 divided by 10^-k
 * when k < 0. Returns -1 outside the range that takes, where 5^k or
 * 10^-k would not fit 64 bits (k > 27 or k < -19): below about 10^(prec
 * - 28) or from 10^(prec + 19) on (1e-19 and 1e28 for nine digits, 1e-22
 * and 1e25 for six).
 */
static int
dtoa_round_digits(uint64_t m2, int32_t e2, int prec, uint64_t *digits,
    int32_t *e10)
{
	unsigned __int128	p, d, r, half;
	uint64_t		top = dtoa_pow10_64[prec], q;
	int32_t			be = e2 + DTOA_MANT_BITS, sx, k, sh;
	int			tries;

	/* floor(log10(2^be)), the decimal exponent of v or one below it. */
	if (be >= 0)
		sx = (int32_t)dtoa_log10_pow2(be);
	else
		sx = -(int32_t)((((uint32_t)-be * 78913) + (1u << 18) - 1) >>
		    18);
	for (tries = 0; tries < 3; tries++) {
		k = prec - 1 - sx;	/* v x 10^k has prec digits */
		if (k >= 0) {
			if (k > DTOA_POW5_64_MAX)
				return (-1);
			sh = -(e2 + k);
			if (sh <= 0 || sh >= 128)
				return (-1);
			p = (unsigned __int128)m2 * dtoa_pow5_64[k];
			if ((p >> sh) >> 64 != 0) {
				sx++;
				continue;
			}
			q = (uint64_t)(p >> sh);
			r = p & ((((unsigned __int128)1) << sh) - 1);
			half = (unsigned __int128)1 << (sh - 1);
		} else {
			if (-k > 19 || e2 > 127 - DTOA_MANT_BITS - 1)
				return (-1);
			d = dtoa_pow10_64[-k];
			p = m2;
			if (e2 >= 0)
				p <<= e2;
			else
				d <<= -e2;
			if ((p >> 64) == 0 && (d >> 64) == 0) {
				q = (uint64_t)p / (uint64_t)d;
				r = (uint64_t)p - q * (uint64_t)d;
			} else {
				if ((p / d) >> 64 != 0) {
					sx++;
					continue;
				}
				q = (uint64_t)(p / d);
				r = p % d;
			}
			/* d is even: 10^-k with k < 0 is. */
			half = d >> 1;
		}
		if (q >= top)
			sx++;
		else if (q < top / 10)
			sx--;
		else {
			if (r > half || (r == half && (q & 1)))
				q++;
			if (q == top) {
				q = top / 10;
				k--;
			}
			*digits = q;
			*e10 = -k;
			return (0);
		}
	}
	return (-1);
}
#endif

/* printf's "%.<prec>g" (prec 1 to 17). */
static size_t
dtoa_gp(double v, int prec, char *buf)
{
	uint64_t	bits;
	size_t		len, sign;
#if defined(__SIZEOF_INT128__) && !defined(DTOA_NO_INT128)
	uint64_t	mant, digits;
	uint32_t	expo, olen;
	int32_t		e10;
#endif

	memcpy(&bits, &v, sizeof bits);
	if ((len = dtoa_special(bits, buf, &sign)) != 0)
		return (len);
#if defined(__SIZEOF_INT128__) && !defined(DTOA_NO_INT128)
	mant = bits & (((uint64_t)1 << DTOA_MANT_BITS) - 1);
	expo = (uint32_t)(bits >> DTOA_MANT_BITS) & 0x7ff;
	if (expo != 0 && dtoa_round_digits(((uint64_t)1 << DTOA_MANT_BITS) |
	    mant, (int32_t)expo - DTOA_BIAS - DTOA_MANT_BITS, prec, &digits,
	    &e10) == 0) {
		olen = (uint32_t)prec;
		while (digits % 10 == 0) {
			digits /= 10;
			e10++;
			olen--;
		}
		return ((size_t)(dtoa_layout_len(digits, olen, e10, prec,
		    buf + sign) - buf));
	}
#endif
	return (dtoa_gp_shortest(v, bits, prec, buf, sign));
}

size_t
dtoa_g9(double v, char *buf)
{
	return (dtoa_gp(v, 9, buf));
}

size_t
dtoa_g6(double v, char *buf)
{
	return (dtoa_gp(v, 6, buf));
}

size_t
dtoa_put(double v, FILE *f)
{
	char	buf[DTOA_SIZE];

	return (fwrite(buf, 1, dtoa_g9(v, buf), f));
}
