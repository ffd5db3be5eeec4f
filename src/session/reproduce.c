/* SPDX-License-Identifier: ISC */
/*
 * Building the reproducing command from the options table: each setting
 * that differs from a fresh settings_init is spelled --NAME VALUE (a flag
 * setting as --NAME), in table order, so the command parses back through
 * options_parse into the same settings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "session/reproduce.h"

/* Append s as it is. */
static void
reproduce_add(char **buf, size_t *len, const char *s)
{
	size_t	n = strlen(s);

	*buf = xreallocarray(*buf, *len + n + 1, 1);
	memcpy(*buf + *len, s, n + 1);
	*len += n;
}

void
reproduce_quote(char **buf, size_t *len, const char *s)
{
	const char	*p;

	if (*s != '\0' && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789_./:%+=,@-") == strlen(s)) {
		reproduce_add(buf, len, s);
		return;
	}
	/* 'it'\''s': a single quote ends, is escaped, and starts again. */
	reproduce_add(buf, len, "'");
	for (p = s; *p != '\0'; p++) {
		char c[2] = { *p, '\0' };
		reproduce_add(buf, len, *p == '\'' ? "'\\''" : c);
	}
	reproduce_add(buf, len, "'");
}

/* Append " --name VALUE" (VALUE quoted). */
static void
reproduce_opt(char **buf, size_t *len, const char *name, const char *value)
{
	reproduce_add(buf, len, " --");
	reproduce_add(buf, len, name);
	if (value != NULL) {
		reproduce_add(buf, len, " ");
		reproduce_quote(buf, len, value);
	}
}

char *
reproduce_command(const struct gs_reproduce *rp, const struct gs_settings *st)
{
	const struct gs_setting	*def;
	struct gs_settings	 dflt;
	char			*buf = NULL, v[4096];
	size_t			 len = 0, i;

	reproduce_add(&buf, &len, "gshap explain");
	if (rp->model != NULL) {
		reproduce_opt(&buf, &len, "model", rp->model);
		reproduce_opt(&buf, &len, "data", rp->data);
	}
	if (rp->target != NULL)
		reproduce_opt(&buf, &len, "target", rp->target);
	if (rp->drop != NULL)
		reproduce_opt(&buf, &len, "drop", rp->drop);
	if (rp->schema != NULL)
		reproduce_opt(&buf, &len, "schema", rp->schema);
	if (rp->classes != NULL)
		reproduce_opt(&buf, &len, "classes", rp->classes);
	if (rp->last == rp->first + 1) {
		snprintf(v, sizeof v, "%zu", rp->first);
		reproduce_opt(&buf, &len, "row", v);
	} else {
		snprintf(v, sizeof v, "%zu:%zu", rp->first, rp->last);
		reproduce_opt(&buf, &len, "rows", v);
	}
	settings_init(&dflt);
	for (i = 0; i < settings_count(); i++) {
		def = settings_at(i);
		if ((def->flags & GS_SETTING_DISPLAY) ||
		    !settings_differ(st, &dflt, def))
			continue;
		settings_format(st, def, v, sizeof v);
		if ((def->flags & GS_SETTING_FLAG) && strcmp(v, "on") == 0)
			reproduce_opt(&buf, &len, def->name, NULL);
		else
			reproduce_opt(&buf, &len, def->name, v);
	}
	settings_free(&dflt);
	reproduce_add(&buf, &len, " --format json");
	return (buf);
}
