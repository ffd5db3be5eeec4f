#!/bin/sh
# SPDX-License-Identifier: ISC
# The screens of tui-dump.sh in a UTF-8 locale (block, braille and box
# characters), against golden files; skipped (77) where the system has no
# UTF-8 locale. Also --ascii over a UTF-8 locale, and the text format.
# GSHAP_UPDATE_GOLDEN=1 rewrites the golden files.
. "$srcdir/tests/regress/lib.sh"
. "$srcdir/tests/regress/tui-golden.sh"
UTF8=
for l in C.UTF-8 C.utf8 en_US.UTF-8; do
	if [ "$(LC_ALL=$l locale charmap 2>/dev/null)" = UTF-8 ]; then UTF8=$l; break; fi
done
if [ -z "$UTF8" ]; then
	echo "SKIP: no UTF-8 locale (C.UTF-8, C.utf8 or en_US.UTF-8): the Unicode screens are not checked"
	exit 77
fi

for v in bar waterfall force summary importance heat dependence compare; do
	golden "$v-80x24-utf8" "$UTF8" explain $LIN --rows 2:5 --view $v \
	    --dump-screen 80x24
done
for v in bar waterfall force compare; do
	golden "$v-60x16-utf8" "$UTF8" explain $LIN --rows 2:5 --view $v \
	    --dump-screen 60x16
done
for z in 80x24 60x16; do
	golden "exact-$z-utf8" "$UTF8" explain $LIN --rows 2:3 --view exact \
	    --dump-screen $z
done
# --ascii wins over a UTF-8 locale; the text format keeps its table.
golden "bar-80x24-ascii" "$UTF8" explain $LIN --rows 2:5 --view bar \
    --dump-screen 80x24 --ascii
golden "text-utf8" "$UTF8" explain $LIN --row 2

finish
