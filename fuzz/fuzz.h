/* SPDX-License-Identifier: ISC */
/*
 * Shared by the fuzz targets: libFuzzer's entry points, and the property
 * every target checks of an error message: no control character reaches
 * the terminal (newlines and tabs aside).
 */
#ifndef GS_FUZZ_H
#define GS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/visible.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int	LLVMFuzzerInitialize(int *argc, char ***argv);

/* Abort (a finding) when err's message would drive the terminal. */
static inline void
fuzz_check_error(const struct gs_error *err)
{
	if (err->code != GS_OK && (err->msg[0] == '\0' ||
	    visible_needed(err->msg, VISIBLE_KEEP_NL))) {
		fprintf(stderr, "unsafe or empty error message: %s\n", err->msg);
		abort();
	}
}

/* A NUL-terminated copy of the input (the caller frees it). */
static inline char *
fuzz_text(const uint8_t *data, size_t size)
{
	char	*s = malloc(size + 1);

	if (s == NULL)
		abort();
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return (s);
}

#endif
