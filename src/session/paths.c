/* SPDX-License-Identifier: ISC */
/*
 * Locating the bundled demo files, whether gshap runs installed or from its
 * build tree.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "session/paths.h"

#ifndef GSHAP_PKGDATADIR
#define GSHAP_PKGDATADIR "/usr/local/share/gshap"
#endif
#ifndef GSHAP_SRCDATADIR
#define GSHAP_SRCDATADIR ""
#endif

/* Whether dir holds the demo model. */
static int
paths_has_demo(const char *dir)
{
	char	path[PATH_MAX + 32];

	snprintf(path, sizeof path, "%s/bc_mlp.onnx", dir);
	return (access(path, R_OK) == 0);
}

const char *
paths_datadir(void)
{
	static char	 dir[PATH_MAX];
	char		 exe[PATH_MAX - 16], *slash;
	const char	*env;
	ssize_t		 n;

	if ((env = getenv("GSHAP_DATADIR")) != NULL && *env != '\0') {
		snprintf(dir, sizeof dir, "%s", env);
		return (dir);
	}
	/* A build tree: the executable is src/gshap, the data is data/. */
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL &&
		    strcmp(slash, "/gshap") == 0) {
			*slash = '\0';
			snprintf(dir, sizeof dir, "%s/../data", exe);
			if (paths_has_demo(dir))
				return (dir);
		}
	}
	if (!paths_has_demo(GSHAP_PKGDATADIR) && *GSHAP_SRCDATADIR != '\0' &&
	    paths_has_demo(GSHAP_SRCDATADIR)) {
		/* An out-of-tree build, not installed yet. */
		snprintf(dir, sizeof dir, "%s", GSHAP_SRCDATADIR);
		return (dir);
	}
	snprintf(dir, sizeof dir, "%s", GSHAP_PKGDATADIR);
	return (dir);
}

char *
paths_data_file(const char *name)
{
	char	*path;

	xasprintf(&path, "%s/%s", paths_datadir(), name);
	return (path);
}

char *
paths_shipped(const char *rel)
{
	const char	*dirs[3];
	char		*p;
	size_t		 i;

	dirs[0] = paths_datadir();
	dirs[1] = paths_datadir();
	dirs[2] = GSHAP_SRCDATADIR;
	for (i = 0; i < 3; i++) {
		if (*dirs[i] == '\0')
			continue;
		xasprintf(&p, "%s%s/%s", dirs[i], i == 0 ? "" : "/..", rel);
		if (access(p, R_OK) == 0)
			return (p);
		free(p);
	}
	return (NULL);
}

char *
paths_script(const char *path, const char *kind)
{
	const char	*ext;
	char		*rel, *p;

	if (access(path, R_OK) == 0 || strchr(path, '/') != NULL)
		return (xstrdup(path));
	ext = strlen(path) > 4 && strcmp(path + strlen(path) - 4, ".lua") == 0 ?
	    "" : ".lua";
	xasprintf(&rel, "scripts/%s/%s%s", kind, path, ext);
	p = paths_shipped(rel);
	free(rel);
	return (p != NULL ? p : xstrdup(path));
}

int
paths_demo(const char *name, struct gs_demo *d, struct gs_error *err)
{
	memset(d, 0, sizeof *d);
	if (name == NULL || strcmp(name, "cancer") == 0) {
		d->model = paths_data_file("bc_mlp.onnx");
		d->data = paths_data_file("breast_cancer.csv");
		d->target = "target";
		return (0);
	}
	if (strcmp(name, "credit") == 0) {
		d->model = paths_data_file("credit_mlp.onnx");
		d->data = paths_data_file("credit_data.csv");
		d->schema = paths_data_file("credit.schema.json");
		return (0);
	}
	return (gs_error_set(err, GS_EINVAL, "unknown demo '%s' (cancer, "
	    "credit)", name));
}

void
paths_demo_free(struct gs_demo *d)
{
	free(d->model);
	free(d->data);
	free(d->schema);
	memset(d, 0, sizeof *d);
}
