/* SPDX-License-Identifier: ISC */
/*
 * First on the include path of the numeric layers (src/core, src/model,
 * src/data, src/attr) and their tests: they know nothing of readline, which
 * belongs to the layers above (Makefile.am).
 */
#error "readline/readline.h: the numeric layers do not use readline (see Makefile.am)"
