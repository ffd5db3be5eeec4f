/* SPDX-License-Identifier: ISC */
/*
 * struct gs_error: setting, prefixing and naming error codes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "core/visible.h"

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

/*
 * msg (size bytes) holds the first size - 1 bytes of a message of len
 * bytes: when that is all of it, nothing to do; else cut after the last
 * whole word that leaves room for "...", and add it.
 */
static void
gs_error_fit(char *msg, size_t size, size_t len)
{
	size_t	end;

	if (len < size)
		return;
	end = size - 4;
	while (end > 0 && msg[end] != ' ')
		end--;
	while (end > 0 && (msg[end - 1] == ' ' || msg[end - 1] == ',' ||
	    msg[end - 1] == ';' || msg[end - 1] == ':'))
		end--;
	if (end == 0) {
		/* One word longer than the buffer: cut it at a character. */
		end = size - 4;
		while (end > 0 && ((unsigned char)msg[end] & 0xc0) == 0x80)
			end--;
	}
	memcpy(msg + end, "...", 4);
}

int
gs_error_set(struct gs_error *err, enum gs_errcode code, const char *fmt, ...)
{
	va_list	ap;
	int	len;
	char	raw[sizeof err->msg], vis[4 * sizeof err->msg];
	size_t	rlen, vlen, n;

	if (err == NULL)
		return (-1);
	err->code = code;
	va_start(ap, fmt);
	len = vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	if (len < 0) {
		err->msg[0] = '\0';
		return (-1);
	}
	/* Names and cells quoted from files reach the terminal safely. */
	visible_copy(vis, sizeof vis, raw, VISIBLE_KEEP_NL);
	rlen = strlen(raw);
	vlen = strlen(vis);
	n = vlen < sizeof err->msg - 1 ? vlen : sizeof err->msg - 1;
	memcpy(err->msg, vis, n);
	err->msg[n] = '\0';
	gs_error_fit(err->msg, sizeof err->msg, (size_t)len - rlen + vlen);
	return (-1);
}

int
gs_error_prefix(struct gs_error *err, const char *fmt, ...)
{
	char	prefix[sizeof err->msg];
	size_t	plen, olen, len, room = sizeof err->msg - 1;
	va_list	ap;
	char	raw[sizeof err->msg];

	if (err == NULL)
		return (-1);
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	visible_copy(prefix, sizeof prefix, raw, VISIBLE_KEEP_NL);
	plen = strlen(prefix);
	olen = strnlen(err->msg, room);
	len = plen + olen;
	if (plen > room)
		plen = room;
	if (plen + olen > room)
		olen = room - plen;	/* gs_error_fit cuts it whole */
	memmove(err->msg + plen, err->msg, olen);
	memcpy(err->msg, prefix, plen);
	err->msg[plen + olen] = '\0';
	gs_error_fit(err->msg, sizeof err->msg, len);
	return (-1);
}

int
gs_error_append(struct gs_error *err, const char *fmt, ...)
{
	va_list	ap;
	size_t	off;
	int	len;

	if (err == NULL)
		return (-1);
	off = strnlen(err->msg, sizeof err->msg - 1);
	va_start(ap, fmt);
	len = vsnprintf(err->msg + off, sizeof err->msg - off, fmt, ap);
	va_end(ap);
	if (len > 0)
		gs_error_fit(err->msg, sizeof err->msg, off + (size_t)len);
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
