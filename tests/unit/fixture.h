/* SPDX-License-Identifier: ISC */
/*
 * Helpers shared by the unit tests: paths of fixture files under the
 * source tree ($srcdir), and loading them or failing the test.
 */
#ifndef GS_TEST_FIXTURE_H
#define GS_TEST_FIXTURE_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

/* Path of a file relative to the top source directory, in a static buffer. */
static inline const char *
fixture_path(const char *rel)
{
	static char	 buf[4096];
	const char	*top = getenv("srcdir");

	snprintf(buf, sizeof buf, "%s/%s", top != NULL ? top : ".", rel);
	return (buf);
}

#endif
