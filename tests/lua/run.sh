#!/bin/sh
# SPDX-License-Identifier: ISC
# Run one Lua test with gshap -s, naming the source tree on the command
# line so that the sandbox lets the test read its fixtures there (a
# VPATH build, make distcheck: the tree is outside the current directory).
exec "$GSHAP" -s "$1" "${srcdir:-.}"
