/* SPDX-License-Identifier: ISC */
/*
 * Allocation that aborts on out-of-memory, for sizes the program controls.
 * Sizes read from files must be checked (overflow, limits) before they get
 * here; a failed check is a gs_error, never an abort.
 */
#ifndef GS_XMALLOC_H
#define GS_XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t size);
void	*xcalloc(size_t n, size_t size);
/* Like reallocarray(3): the old pointer is invalid afterwards. */
void	*xreallocarray(void *ptr, size_t n, size_t size);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t len);
int	 xasprintf(char **ret, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* n * size, or SIZE_MAX when the product overflows. */
size_t	 xmul(size_t n, size_t size);

#endif
