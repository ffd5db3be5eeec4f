/* SPDX-License-Identifier: ISC */
/*
 * gshap --lesson N|list|FILE.lua [--unattended] [--answers FILE], a front
 * end beside the command line's: find the numbered classroom lessons
 * (scripts/lessons/NN-name.lua, installed with the other shipped scripts),
 * list them, and run one after the shared helper lesson.lua in a
 * sandboxed Lua state. The exit status is 0, 3 when an exercise was not
 * answered right, 1 for an error, 2 for a usage error, 128 plus the
 * signal when stopped by one.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/interrupt.h"
#include "core/xmalloc.h"
#include "script/script.h"
#include "session/options.h"
#include "session/paths.h"


#define LESSON_MAX	100	/* lessons listed: numbers 00 to 99 */

static void
lesson_usage(FILE *f)
{
	options_usage(f, GS_FRONT_LESSON, "usage: gshap", 80);
}

/*
 * The folder of the lessons: where the helper lesson.lua is, installed
 * (DATADIR/scripts/lessons) or in the source tree. Returns an allocated
 * path, or NULL when there is none.
 */
static char *
lesson_dir(void)
{
	char	*p = paths_shipped("scripts/lessons/lesson.lua");

	if (p != NULL)
		*strrchr(p, '/') = '\0';
	return (p);
}

/* The lesson number of a file name "NN-name.lua", or -1. */
static int
lesson_number(const char *name)
{
	size_t	len = strlen(name);

	if (len < 8 || name[0] < '0' || name[0] > '9' || name[1] < '0' ||
	    name[1] > '9' || name[2] != '-' ||
	    strcmp(name + len - 4, ".lua") != 0)
		return (-1);
	return ((name[0] - '0') * 10 + (name[1] - '0'));
}

/*
 * Fill files[N] with the file name of lesson N found in dir (allocated;
 * the first one found when two share a number). Returns how many.
 */
static int
lesson_scan(const char *dir, char **files)
{
	DIR		*d;
	struct dirent	*de;
	int		 n, count = 0;

	memset(files, 0, LESSON_MAX * sizeof *files);
	if ((d = opendir(dir)) == NULL)
		return (0);
	while ((de = readdir(d)) != NULL) {
		if ((n = lesson_number(de->d_name)) < 0 || files[n] != NULL)
			continue;
		files[n] = xstrdup(de->d_name);
		count++;
	}
	closedir(d);
	return (count);
}

/* The title of a lesson: its "-- Lesson N: TITLE" line, else "". */
static void
lesson_title(const char *path, char *title, size_t size)
{
	FILE	*f;
	char	 line[256], *p;
	int	 i;

	*title = '\0';
	if ((f = fopen(path, "r")) == NULL)
		return;
	for (i = 0; i < 10 && fgets(line, sizeof line, f) != NULL; i++) {
		if (strncmp(line, "-- Lesson ", 10) != 0 ||
		    (p = strchr(line, ':')) == NULL)
			continue;
		p += strspn(p + 1, " ") + 1;
		p[strcspn(p, "\r\n")] = '\0';
		snprintf(title, size, "%s", p);
		break;
	}
	fclose(f);
}

/* gshap --lesson list: the lessons with their numbers and titles. */
static int
lesson_list(const char *dir)
{
	char	*files[LESSON_MAX], *path, title[256];
	int	 i;

	if (lesson_scan(dir, files) == 0) {
		fprintf(stderr, "gshap: no lessons in %s\n", dir);
		return (1);
	}
	for (i = 0; i < LESSON_MAX; i++) {
		if (files[i] == NULL)
			continue;
		xasprintf(&path, "%s/%s", dir, files[i]);
		lesson_title(path, title, sizeof title);
		printf("%2d  %-20.*s %s\n", i, (int)(strlen(files[i]) - 4),
		    files[i], title);
		free(path);
		free(files[i]);
	}
	return (0);
}

/*
 * The path of lesson spec: a number (or "NN-name"), or a file. Returns an
 * allocated path, or NULL with a message on stderr.
 */
static char *
lesson_find(const char *dir, const char *spec)
{
	char	*files[LESSON_MAX], *path = NULL, *end;
	long	 n;
	int	 i;

	if (strchr(spec, '/') != NULL || (strlen(spec) > 4 &&
	    strcmp(spec + strlen(spec) - 4, ".lua") == 0 &&
	    access(spec, R_OK) == 0))
		return (xstrdup(spec));
	n = strtol(spec, &end, 10);
	if (end == spec || (*end != '\0' && *end != '-') || n < 0 ||
	    n >= LESSON_MAX) {
		fprintf(stderr, "gshap: no lesson '%s' (try gshap --lesson "
		    "list)\n", spec);
		return (NULL);
	}
	lesson_scan(dir, files);
	if (files[n] != NULL)
		xasprintf(&path, "%s/%s", dir, files[n]);
	else
		fprintf(stderr, "gshap: no lesson %ld (try gshap --lesson "
		    "list)\n", n);
	for (i = 0; i < LESSON_MAX; i++)
		free(files[i]);
	return (path);
}

/* Run the helper, then the lesson at path; returns the exit status. */
static int
lesson_run(const char *dir, const char *path, int unattended, FILE *answers)
{
	struct gs_script	*sc;
	struct gs_error		 err;
	char			*helper, *args[1];
	int			 rc, status = 0;

	gs_error_clear(&err);
	if ((sc = script_new(NULL, 0, &err)) == NULL) {
		fprintf(stderr, "gshap: %s\n", err.msg);
		return (1);
	}
	script_set_errors(sc, stderr);
	script_lesson_set(sc, unattended, answers);
	xasprintf(&helper, "%s/lesson.lua", dir);
	args[0] = (char *)dir;
	interrupt_install(0);
	interrupt_set_hook(cli_interrupt_script, sc);
	rc = script_run_file(sc, helper, 1, args, &err);
	if (rc == 0)
		rc = script_run_main(sc, path, 0, NULL, &status, &err);
	interrupt_set_hook(NULL, NULL);
	fflush(stdout);
	if (rc != 0) {
		if (!script_error_shown(sc))
			fprintf(stderr, "gshap: %s\n", err.msg);
		status = err.code == GS_EINTR ? interrupt_status() : 1;
	}
	interrupt_restore();
	free(helper);
	script_free(sc);
	return (status);
}

int
cli_lesson(int argc, char **argv)
{
	struct gs_args	 a;
	struct gs_error	 err;
	const char	*spec, *answers;
	char		*dir, *path;
	FILE		*af = NULL;
	int		 unattended, status;

	gs_error_clear(&err);
	if (options_parse(GS_FRONT_LESSON, argc, argv, NULL, &a, &err) != 0) {
		fprintf(stderr, "gshap: %s\n", err.msg);
		lesson_usage(stderr);
		return (2);
	}
	spec = a.v[GS_ARG_LESSON];
	answers = a.v[GS_ARG_ANSWERS];
	unattended = a.v[GS_ARG_UNATTENDED] != NULL;
	if (a.npos > 0) {
		fprintf(stderr, "gshap: unexpected argument '%s'\n", a.pos[0]);
		lesson_usage(stderr);
		options_free(&a);
		return (2);
	}
	options_free(&a);
	if (spec == NULL) {
		fputs("gshap: --lesson needs a lesson number or list\n",
		    stderr);
		lesson_usage(stderr);
		return (2);
	}
	if ((dir = lesson_dir()) == NULL) {
		fputs("gshap: the lessons are not installed "
		    "(scripts/lessons/lesson.lua)\n", stderr);
		return (1);
	}
	if (strcmp(spec, "list") == 0) {
		status = lesson_list(dir);
		free(dir);
		return (status);
	}
	if ((path = lesson_find(dir, spec)) == NULL) {
		free(dir);
		return (2);
	}
	if (answers != NULL && (af = fopen(answers, "r")) == NULL) {
		fprintf(stderr, "gshap: cannot open %s\n", answers);
		free(path);
		free(dir);
		return (1);
	}
	if (af != NULL)
		unattended = 1;
	status = lesson_run(dir, path, unattended, af);
	if (af != NULL)
		fclose(af);
	free(path);
	free(dir);
	return (status);
}
