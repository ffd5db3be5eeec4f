/* SPDX-License-Identifier: ISC */
/*
 * Reading a whole file, whatever it said its size was: a regular file's
 * size gives the first allocation (and one byte more, to see the end),
 * a stream grows its buffer by doubling, and the limit holds for both.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/slurp.h"
#include "core/xmalloc.h"

char *
slurp(const char *path, size_t max, const char *what, size_t *len,
    struct gs_error *err)
{
	struct stat	 st;
	FILE		*f;
	char		*buf = NULL;
	size_t		 alloc = 0, n;

	*len = 0;
	if ((f = fopen(path, "rb")) == NULL) {
		gs_error_set(err, GS_EIO, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	if (fstat(fileno(f), &st) != 0) {
		gs_error_set(err, GS_EIO, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		gs_error_set(err, GS_EIO, "%s: is a directory, not %s", path,
		    what);
		goto fail;
	}
	if (S_ISREG(st.st_mode)) {
		if ((unsigned long long)st.st_size > max)
			goto limit;
		alloc = (size_t)st.st_size + 1;
		buf = xmalloc(alloc + 1);
	}
	for (;;) {
		if (*len == alloc) {
			alloc = alloc == 0 ? 65536 : 2 * alloc;
			if (alloc > max + 1)
				alloc = max + 1;
			buf = xreallocarray(buf, alloc + 1, 1);
		}
		n = fread(buf + *len, 1, alloc - *len, f);
		*len += n;
		if (*len > max)
			goto limit;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		gs_error_set(err, GS_EIO, "%s: %s", path, errno != 0 ?
		    strerror(errno) : "read error");
		goto fail;
	}
	fclose(f);
	buf[*len] = '\0';
	return (buf);
limit:
	gs_error_set(err, GS_ELIMIT, "%s: more than %zu bytes, the limit for "
	    "%s", path, max, what);
fail:
	free(buf);
	fclose(f);
	*len = 0;
	return (NULL);
}
