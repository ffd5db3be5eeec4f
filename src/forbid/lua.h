/* SPDX-License-Identifier: ISC */
/*
 * First on the include path of the numeric layers (src/core, src/model,
 * src/data, src/attr) and their tests: they know nothing of Lua, which
 * belongs to the layers above (Makefile.am).
 */
#error "lua.h: the numeric layers do not use Lua (see Makefile.am)"
