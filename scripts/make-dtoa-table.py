#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
#
# Write src/core/dtoa-table.h: the 128-bit powers of five that the shortest
# double writer (src/core/dtoa.c, Ryu's method: Adams, "Ryu: fast
# float-to-string conversion", PLDI 2018) multiplies by. Exact integer
# arithmetic, nothing downloaded:
#   dtoa_pow5[i]     = floor(5^i / 2^(bits(5^i) - 125)),       0 <= i < 326
#   dtoa_pow5_inv[q] = floor(2^(bits(5^q) - 1 + 125) / 5^q) + 1, 0 <= q < 342
# each as { low 64 bits, high 64 bits }.
#
#   python3 scripts/make-dtoa-table.py > src/core/dtoa-table.h

BITS = 125
MASK = (1 << 64) - 1


def split(v):
    assert 0 <= v < 1 << 128
    return "{ 0x%016xu, 0x%016xu }" % (v & MASK, v >> 64)


def main():
    print("/* SPDX-License-Identifier: ISC */")
    print("/*")
    print(" * Powers of five for src/core/dtoa.c, written by")
    print(" * scripts/make-dtoa-table.py (exact integers; see there).")
    print(" */")
    print("#define DTOA_POW5_N\t326")
    print("#define DTOA_POW5_INV_N\t342")
    print("static const uint64_t dtoa_pow5[DTOA_POW5_N][2] = {")
    for i in range(326):
        p = 5 ** i
        s = p.bit_length() - BITS
        v = p >> s if s >= 0 else p << -s
        print("\t%s," % split(v))
    print("};")
    print("static const uint64_t dtoa_pow5_inv[DTOA_POW5_INV_N][2] = {")
    for q in range(342):
        p = 5 ** q
        j = p.bit_length() - 1 + BITS
        print("\t%s," % split((1 << j) // p + 1))
    print("};")


main()
