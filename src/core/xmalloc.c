/* SPDX-License-Identifier: ISC */
/*
 * Aborting allocators (tmux, htop style).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

static void
xmalloc_die(size_t size)
{
	fprintf(stderr, "gshap: out of memory allocating %zu bytes\n", size);
	abort();
}

void *
xmalloc(size_t size)
{
	void	*p;

	if (size == 0)
		size = 1;
	if ((p = malloc(size)) == NULL)
		xmalloc_die(size);
	return (p);
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if (n == 0 || size == 0)
		n = size = 1;
	if ((p = calloc(n, size)) == NULL)
		xmalloc_die(xmul(n, size));
	return (p);
}

void *
xreallocarray(void *ptr, size_t n, size_t size)
{
	size_t	 total = xmul(n, size);
	void	*p;

	if (total == SIZE_MAX)
		xmalloc_die(total);
	if (total == 0)
		total = 1;
	if ((p = realloc(ptr, total)) == NULL)
		xmalloc_die(total);
	return (p);
}

char *
xstrdup(const char *s)
{
	return (xstrndup(s, strlen(s)));
}

char *
xstrndup(const char *s, size_t len)
{
	char	*p;
	size_t	 n = strnlen(s, len);

	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return (p);
}

int
xasprintf(char **ret, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vasprintf(ret, fmt, ap);
	va_end(ap);
	if (n < 0)
		xmalloc_die(0);
	return (n);
}

size_t
xmul(size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		return (SIZE_MAX);
	return (n * size);
}
