/* SPDX-License-Identifier: ISC */
/*
 * The sandbox's file rule, in one place. Without --trust-scripts a script
 * may read and write only under the current directory and the paths named
 * on the command line, and also read its own directory and the scripts
 * and data shipped with gshap; never a hidden name (.bashrc, .ssh/...)
 * below those. Every gshap.* function that takes a path comes here. The
 * check is made on what was opened (the descriptor's own path), not on
 * the name, so a symbolic link or a rename cannot lead a script outside.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "script/script-int.h"
#include "session/paths.h"

#ifndef GSHAP_SRCDATADIR
#define GSHAP_SRCDATADIR ""
#endif

/* The hint every refusal ends with. */
#define SCRIPT_PATH_HINT "scripts may use the current directory and the " \
	"paths named on the command line; --trust-scripts lifts this"

/*
 * The real path of an open descriptor (Linux: /proc/self/fd), or of path
 * when /proc is missing and path still names the same file. Allocated, or
 * NULL.
 */
static char *
script_path_of_fd(int fd, const char *path)
{
	char		 link[64], buf[PATH_MAX], *real;
	struct stat	 a, b;
	ssize_t		 n;

	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if ((n = readlink(link, buf, sizeof buf - 1)) > 0 && buf[0] == '/') {
		buf[n] = '\0';
		if (strstr(buf, " (deleted)") == NULL)
			return (xstrdup(buf));
		return (NULL);
	}
	if ((real = realpath(path, NULL)) == NULL)
		return (NULL);
	if (fstat(fd, &a) != 0 || stat(real, &b) != 0 ||
	    a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
		free(real);
		return (NULL);
	}
	return (real);
}

/*
 * The directory of path (".", "/" or what is before the last '/'), and
 * its last name in *base (borrowed from path). The caller frees it.
 */
static char *
script_path_split(const char *path, const char **base)
{
	const char	*slash;

	if ((slash = strrchr(path, '/')) == NULL) {
		*base = path;
		return (xstrdup("."));
	}
	*base = slash + 1;
	return (xstrndup(path, slash == path ? 1 : (size_t)(slash - path)));
}

/*
 * Where path would be, as a real absolute path: realpath of the file, or
 * of its directory with the last name added (a file not made yet), or
 * NULL when not even the directory exists.
 */
static char *
script_path_where(const char *path)
{
	char		*real, *dir, *p;
	const char	*base;

	if ((real = realpath(path, NULL)) != NULL)
		return (real);
	dir = script_path_split(path, &base);
	real = realpath(dir, NULL);
	free(dir);
	if (real == NULL || *base == '\0' || strcmp(base, ".") == 0 ||
	    strcmp(base, "..") == 0) {
		free(real);
		return (NULL);
	}
	xasprintf(&p, "%s%s%s", real, strcmp(real, "/") == 0 ? "" : "/", base);
	free(real);
	return (p);
}

/* Add a root (real path) to sc's list. */
static void
script_path_add(struct gs_script *sc, char *real, int dir, int write)
{
	struct script_root *r;
	size_t		    i;

	for (i = 0; i < sc->nroots; i++) {
		r = &sc->roots[i];
		if (strcmp(r->path, real) == 0 && r->dir == dir &&
		    r->write >= write) {
			free(real);
			return;
		}
	}
	sc->roots = xreallocarray(sc->roots, sc->nroots + 1,
	    sizeof *sc->roots);
	r = &sc->roots[sc->nroots++];
	r->path = real;
	r->dir = dir;
	r->write = write;
}

void
script_allow_path(struct gs_script *sc, const char *path, int write)
{
	struct stat	 st;
	char		*real;

	if (sc == NULL || path == NULL || *path == '\0' ||
	    (real = script_path_where(path)) == NULL)
		return;
	script_path_add(sc, real, stat(real, &st) == 0 && S_ISDIR(st.st_mode),
	    write);
}

/* Let scripts read the directory of path (the script being run). */
void
script_allow_dir_of(struct gs_script *sc, const char *path)
{
	char	*real, *slash;

	if ((real = script_path_where(path)) == NULL)
		return;
	if ((slash = strrchr(real, '/')) != NULL)
		slash[slash == real ? 1 : 0] = '\0';
	script_path_add(sc, real, 1, 0);
}

/* Free the list of roots. */
void
script_path_free(struct gs_script *sc)
{
	size_t	i;

	for (i = 0; i < sc->nroots; i++)
		free(sc->roots[i].path);
	free(sc->roots);
	sc->roots = NULL;
	sc->nroots = 0;
}

/*
 * Whether real lies under root (a directory) or is root (a file), with no
 * hidden name (a component starting with '.') below the root.
 */
static int
script_path_under(const char *real, const char *root, int dir)
{
	size_t		 len = strlen(root);
	const char	*p;

	if (!dir)
		return (strcmp(real, root) == 0);
	if (strcmp(root, "/") == 0)
		len = 0;
	else if (strncmp(real, root, len) != 0 || (real[len] != '/' &&
	    real[len] != '\0'))
		return (0);
	for (p = real + len; *p != '\0'; p++) {
		if (*p == '/' && p[1] == '.')
			return (0);
	}
	return (1);
}

/* Whether real (absolute, no links) is under a root with that access. */
static int
script_path_allowed(struct gs_script *sc, const char *real, int write)
{
	const char	*shipped[2] = { paths_datadir(), GSHAP_SRCDATADIR };
	char		 buf[PATH_MAX + 32], *r;
	size_t		 i, j;
	int		 ok = 0;

	if ((r = realpath(".", NULL)) != NULL) {
		ok = script_path_under(real, r, 1);
		free(r);
	}
	for (i = 0; i < sc->nroots && !ok; i++) {
		if (write && !sc->roots[i].write)
			continue;
		ok = script_path_under(real, sc->roots[i].path,
		    sc->roots[i].dir);
	}
	/* The scripts and data shipped with gshap, for reading. */
	for (i = 0; i < 2 && !ok && !write; i++) {
		for (j = 0; j < 3 && !ok && *shipped[i] != '\0'; j++) {
			snprintf(buf, sizeof buf, "%s%s", shipped[i],
			    j == 0 ? "" : j == 1 ? "/scripts" : "/../scripts");
			if ((r = realpath(buf, NULL)) == NULL)
				continue;
			ok = script_path_under(real, r, 1);
			free(r);
		}
	}
	return (ok);
}

int
script_path_check(struct gs_script *sc, const char *path, int write,
    struct gs_error *err)
{
	char	*real;
	int	 ok;

	if (sc->trusted)
		return (0);
	if (*path == '\0')
		return (gs_error_set(err, GS_EIO, "an empty file name"));
	if ((real = script_path_where(path)) == NULL)
		return (gs_error_set(err, GS_EIO, "%s: %s", path,
		    strerror(ENOENT)));
	ok = script_path_allowed(sc, real, write);
	free(real);
	if (!ok)
		return (gs_error_set(err, GS_EIO, "%s: not allowed to %s it "
		    "(%s)", path, write ? "write" : "read", SCRIPT_PATH_HINT));
	return (0);
}

char *
script_path_read(struct gs_script *sc, const char *path, size_t max,
    size_t *size, struct gs_error *err)
{
	struct stat	 st;
	char		*real, *buf = NULL;
	size_t		 len = 0, alloc;
	ssize_t		 n;
	int		 fd, ok;

	/* Refuse by name first: nothing is opened outside the roots. */
	if (script_path_check(sc, path, 0, err) != 0)
		return (NULL);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd == -1) {
		gs_error_set(err, GS_EIO, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		gs_error_set(err, GS_EIO, "%s: %s", path, S_ISDIR(st.st_mode) ?
		    "is a directory" : "not a regular file");
		goto fail;
	}
	/* Then by what was opened: a link swapped in meanwhile is caught. */
	if (!sc->trusted) {
		real = script_path_of_fd(fd, path);
		ok = real != NULL && script_path_allowed(sc, real, 0);
		free(real);
		if (!ok) {
			gs_error_set(err, GS_EIO, "%s: not allowed to read it "
			    "(%s)", path, SCRIPT_PATH_HINT);
			goto fail;
		}
	}
	if ((unsigned long long)st.st_size > max) {
		gs_error_set(err, GS_ELIMIT, "%s: %llu bytes is over the limit "
		    "of %zu", path, (unsigned long long)st.st_size, max);
		goto fail;
	}
	alloc = (size_t)st.st_size + 1;
	buf = xmalloc(alloc);
	for (;;) {
		if (len + 1 >= alloc) {
			if (alloc > max) {
				gs_error_set(err, GS_ELIMIT, "%s: more than %zu "
				    "bytes, the limit", path, max);
				goto fail;
			}
			alloc = alloc * 2 > max + 1 ? max + 1 : alloc * 2;
			buf = xreallocarray(buf, alloc, 1);
		}
		n = read(fd, buf + len, alloc - len - 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			gs_error_set(err, GS_EIO, "%s: %s", path,
			    strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	close(fd);
	*size = len;
	return (buf);
fail:
	free(buf);
	close(fd);
	return (NULL);
}

int
script_path_create(struct gs_script *sc, const char *path,
    struct gs_afile *af, struct gs_error *err)
{
	const char	*base;
	char		*dir, *real, *full;
	int		 dirfd, ok;

	if (sc->trusted)
		return (afile_open(af, path, err));
	if (script_path_check(sc, path, 1, err) != 0)
		return (-1);
	dir = script_path_split(path, &base);
	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd == -1) {
		gs_error_set(err, GS_EIO, "%s: %s", path, strerror(errno));
		free(dir);
		return (-1);
	}
	/* Check the directory that was opened, with the name in it. */
	real = script_path_of_fd(dirfd, dir);
	free(dir);
	ok = 0;
	if (real != NULL) {
		xasprintf(&full, "%s%s%s", real, strcmp(real, "/") == 0 ? "" :
		    "/", base);
		ok = script_path_allowed(sc, full, 1);
		free(full);
		free(real);
	}
	if (!ok) {
		close(dirfd);
		return (gs_error_set(err, GS_EIO, "%s: not allowed to write "
		    "it (%s)", path, SCRIPT_PATH_HINT));
	}
	return (afile_openat(af, dirfd, base, path, err));
}

/*
 * Write len bytes of text to path through a temporary and a rename, where
 * the sandbox allows. Errors: GS_EIO.
 */
int
script_write_file(struct gs_script *sc, const char *path, const char *text,
    size_t len, struct gs_error *err)
{
	struct gs_afile	af;
	int		e;

	if (script_path_create(sc, path, &af, err) != 0)
		return (-1);
	if (len > 0 && (fwrite(text, 1, len, af.f) != len ||
	    fflush(af.f) != 0)) {
		e = errno;
		afile_abort(&af);
		return (gs_error_set(err, GS_EIO, "%s: %s (the old file is "
		    "unchanged)", path, strerror(e)));
	}
	return (afile_commit(&af, err));
}

/*
 * Load the Lua file at path that a script named (text only in the
 * sandbox), read through the rule: pushes the chunk, or the message, and
 * returns the loader's status.
 */
int
script_path_load(struct gs_script *sc, const char *path)
{
	struct gs_error	 err;
	char		*buf;
	size_t		 size;
	int		 rc;

	if ((buf = script_path_read(sc, path, SCRIPT_MAX_SOURCE, &size,
	    &err)) == NULL) {
		lua_pushstring(sc->L, err.msg);
		return (LUA_ERRFILE);
	}
	/* Blank a first line starting with '#', as luaL_loadfile skips it. */
	if (size > 0 && buf[0] == '#')
		memset(buf, ' ', strcspn(buf, "\n"));
	lua_pushfstring(sc->L, "@%s", path);
	rc = luaL_loadbufferx(sc->L, buf, size, lua_tostring(sc->L, -1),
	    sc->trusted ? "bt" : "t");
	lua_remove(sc->L, -2);
	free(buf);
	return (rc);
}
