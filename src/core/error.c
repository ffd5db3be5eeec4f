/* SPDX-License-Identifier: ISC */
/*
 * struct gs_error: setting, prefixing and naming error codes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"

static const char *gs_error_names[] = {
	"ok",
	"i/o error",
	"parse error",
	"unsupported",
	"shape mismatch",
	"out of range",
	"over a limit",
	"interrupted",
	"invalid argument",
	"missing value",
};
_Static_assert(sizeof gs_error_names / sizeof gs_error_names[0] ==
    GS_ERRCODE_COUNT, "gs_error_names out of step with enum gs_errcode");

int
gs_error_set(struct gs_error *err, enum gs_errcode code, const char *fmt, ...)
{
	va_list	ap;

	if (err == NULL)
		return (-1);
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return (-1);
}

int
gs_error_prefix(struct gs_error *err, const char *fmt, ...)
{
	char	prefix[sizeof err->msg];
	size_t	plen, olen, room = sizeof err->msg - 1;
	va_list	ap;

	if (err == NULL)
		return (-1);
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	plen = strlen(prefix);
	olen = strnlen(err->msg, room);
	if (plen > room)
		plen = room;
	if (plen + olen > room)
		olen = room - plen;
	memmove(err->msg + plen, err->msg, olen);
	memcpy(err->msg, prefix, plen);
	err->msg[plen + olen] = '\0';
	return (-1);
}

void
gs_error_clear(struct gs_error *err)
{
	if (err == NULL)
		return;
	err->code = GS_OK;
	err->msg[0] = '\0';
}

const char *
gs_error_name(enum gs_errcode code)
{
	if ((int)code < 0 || code >= GS_ERRCODE_COUNT)
		return ("unknown error");
	return (gs_error_names[code]);
}
