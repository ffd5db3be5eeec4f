/* SPDX-License-Identifier: ISC */
/*
 * Atomic file writes: a temporary beside the target (made with O_EXCL in
 * the target's directory, opened once as a descriptor so a rename of the
 * directory cannot redirect the write), flushed, fsync'd, renamed over
 * the target, and the directory fsync'd. Temporaries still open are kept
 * in a small list a signal handler can empty.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/afile.h"
#include "core/xmalloc.h"

#define AFILE_PENDING	16	/* temporaries a signal handler can remove */
#define AFILE_TRIES	100	/* names tried for a temporary */

/* A temporary being written, for afile_cleanup_signal. */
struct afile_pending {
	atomic_int	 used;			/* 1 while name is valid */
	int		 dirfd;			/* its directory */
	char		 name[NAME_MAX + 1];	/* its name there */
};

static struct afile_pending afile_pending[AFILE_PENDING];
static atomic_uint afile_counter;

/* Enter the temporary of af in the signal-time list (if there is room). */
static void
afile_pend(struct gs_afile *af)
{
	int	i, expect;

	af->slot = -1;
	for (i = 0; i < AFILE_PENDING; i++) {
		expect = 0;
		if (atomic_load(&afile_pending[i].used) != 0)
			continue;
		/* Claim the slot with 2 (filling), then publish with 1. */
		if (!atomic_compare_exchange_strong(&afile_pending[i].used,
		    &expect, 2))
			continue;
		afile_pending[i].dirfd = af->dirfd;
		strncpy(afile_pending[i].name, af->tmp, NAME_MAX);
		afile_pending[i].name[NAME_MAX] = '\0';
		atomic_store(&afile_pending[i].used, 1);
		af->slot = i;
		return;
	}
}

/* Take af's temporary out of the signal-time list. */
static void
afile_unpend(struct gs_afile *af)
{
	if (af->slot >= 0)
		atomic_store(&afile_pending[af->slot].used, 0);
	af->slot = -1;
}

void
afile_cleanup_signal(void)
{
	int	i;

	for (i = 0; i < AFILE_PENDING; i++) {
		if (atomic_load(&afile_pending[i].used) == 1)
			unlinkat(afile_pending[i].dirfd,
			    afile_pending[i].name, 0);
	}
}

/* Free what af holds (not the temporary on disk). */
static void
afile_release(struct gs_afile *af)
{
	afile_unpend(af);
	if (af->f != NULL)
		fclose(af->f);
	if (af->dirfd >= 0)
		close(af->dirfd);
	free(af->path);
	free(af->base);
	free(af->tmp);
	af->f = NULL;
	af->dirfd = -1;
	af->path = af->base = af->tmp = NULL;
}

/* Make the temporary in af->dirfd with the mode of the file it replaces. */
static int
afile_mktemp(struct gs_afile *af, mode_t mode, struct gs_error *err)
{
	unsigned	 n;
	int		 fd = -1, i;
	struct timespec	 ts;

	for (i = 0; i < AFILE_TRIES; i++) {
		clock_gettime(CLOCK_REALTIME, &ts);
		n = atomic_fetch_add(&afile_counter, 1);
		free(af->tmp);
		if (strlen(af->base) + 24 <= NAME_MAX)
			xasprintf(&af->tmp, ".%s.%ld-%u-%lx", af->base,
			    (long)getpid(), n, (unsigned long)ts.tv_nsec);
		else
			xasprintf(&af->tmp, ".gshap-%ld-%u-%lx", (long)getpid(),
			    n, (unsigned long)ts.tv_nsec);
		fd = openat(af->dirfd, af->tmp, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, mode);
		if (fd != -1 || errno != EEXIST)
			break;
	}
	if (fd == -1) {
		gs_error_set(err, GS_EIO, "%s: cannot make a temporary file "
		    "beside it: %s", af->path, strerror(errno));
		free(af->tmp);
		af->tmp = NULL;
		return (-1);
	}
	afile_pend(af);
	if ((af->f = fdopen(fd, "w")) == NULL) {
		gs_error_set(err, GS_EIO, "%s: %s", af->path, strerror(errno));
		close(fd);
		unlinkat(af->dirfd, af->tmp, 0);
		return (-1);
	}
	return (0);
}

/*
 * Start writing base in dirfd (taken). follow: the caller resolved links
 * and a target that is not a regular file is written directly; otherwise
 * only a regular file (or nothing) may be there.
 */
static int
afile_start(struct gs_afile *af, int dirfd, const char *base,
    const char *path, int follow, struct gs_error *err)
{
	struct stat	st;
	mode_t		mode = 0666;
	int		fd;

	memset(af, 0, sizeof *af);
	af->dirfd = dirfd;
	af->slot = -1;
	af->path = xstrdup(path);
	af->base = xstrdup(base);
	if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (!follow && !S_ISREG(st.st_mode)) {
			gs_error_set(err, GS_EIO, "%s: %s", path,
			    S_ISLNK(st.st_mode) ? "is a symbolic link" :
			    "is not a regular file");
			goto fail;
		}
		if (!S_ISREG(st.st_mode)) {
			/* A device, a pipe, a terminal: no renaming there. */
			fd = openat(dirfd, base, O_WRONLY | O_TRUNC | O_CLOEXEC);
			if (fd == -1 || (af->f = fdopen(fd, "w")) == NULL) {
				gs_error_set(err, GS_EIO, "%s: %s", path,
				    strerror(errno));
				if (fd != -1)
					close(fd);
				goto fail;
			}
			return (0);
		}
		/* A file one may not write is not replaced either. */
		if (faccessat(dirfd, base, W_OK, AT_EACCESS) != 0) {
			gs_error_set(err, GS_EIO, "%s: %s", path,
			    strerror(errno));
			goto fail;
		}
		mode = st.st_mode & 07777;
	} else if (errno != ENOENT) {
		gs_error_set(err, GS_EIO, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (afile_mktemp(af, mode, err) != 0)
		goto fail;
	/* O_CREAT applied the umask; a replaced file keeps its mode. */
	if (mode != 0666)
		(void)fchmod(fileno(af->f), mode);
	return (0);
fail:
	afile_release(af);
	return (-1);
}

int
afile_openat(struct gs_afile *af, int dirfd, const char *base,
    const char *path, struct gs_error *err)
{
	return (afile_start(af, dirfd, base, path, 0, err));
}

int
afile_open(struct gs_afile *af, const char *path, struct gs_error *err)
{
	char		*real = NULL, *dir, *slash;
	const char	*target = path, *base;
	struct stat	 st;
	int		 dirfd, rc;

	memset(af, 0, sizeof *af);
	af->dirfd = -1;
	af->slot = -1;
	if (*path == '\0')
		return (gs_error_set(err, GS_EIO, "an empty file name"));
	/* Replace the file a link names, not the link. */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) &&
	    (real = realpath(path, NULL)) != NULL)
		target = real;
	if ((slash = strrchr(target, '/')) == NULL) {
		dir = xstrdup(".");
		base = target;
	} else {
		dir = xstrndup(target, slash == target ? 1 :
		    (size_t)(slash - target));
		base = slash + 1;
	}
	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		gs_error_set(err, GS_EIO, "%s: is a directory", path);
		free(dir);
		free(real);
		return (-1);
	}
	if ((dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		gs_error_set(err, GS_EIO, "%s: %s", path, strerror(errno));
		free(dir);
		free(real);
		return (-1);
	}
	rc = afile_start(af, dirfd, base, path, 1, err);
	free(dir);
	free(real);
	return (rc);
}

int
afile_commit(struct gs_afile *af, struct gs_error *err)
{
	int	bad, saved = 0;

	if (af->f == NULL) {
		afile_release(af);
		return (gs_error_set(err, GS_EIO, "no file being written"));
	}
	bad = ferror(af->f) != 0;
	if (fflush(af->f) != 0) {
		bad = 1;
		saved = errno;
	}
	if (af->tmp != NULL && !bad && fsync(fileno(af->f)) != 0) {
		bad = 1;
		saved = errno;
	}
	if (fclose(af->f) != 0 && !bad) {
		bad = 1;
		saved = errno;
	}
	af->f = NULL;
	if (!bad && af->tmp != NULL &&
	    renameat(af->dirfd, af->tmp, af->dirfd, af->base) != 0) {
		bad = 1;
		saved = errno;
	}
	if (bad) {
		gs_error_set(err, GS_EIO, "%s: %s%s", af->path, saved != 0 ?
		    strerror(saved) : "write error", af->tmp != NULL ?
		    " (the old file is unchanged)" : "");
		if (af->tmp != NULL)
			unlinkat(af->dirfd, af->tmp, 0);
		afile_release(af);
		return (-1);
	}
	if (af->tmp != NULL)
		(void)fsync(af->dirfd);
	afile_release(af);
	return (0);
}

void
afile_abort(struct gs_afile *af)
{
	if (af->f != NULL) {
		fclose(af->f);
		af->f = NULL;
	}
	if (af->tmp != NULL && af->dirfd >= 0)
		unlinkat(af->dirfd, af->tmp, 0);
	afile_release(af);
}

int
afile_write(const char *path, const void *buf, size_t len,
    struct gs_error *err)
{
	struct gs_afile	af;
	int		e, direct;

	if (afile_open(&af, path, err) != 0)
		return (-1);
	if (len > 0 && (fwrite(buf, 1, len, af.f) != len ||
	    fflush(af.f) != 0)) {
		e = errno;
		direct = af.tmp == NULL;
		afile_abort(&af);
		return (gs_error_set(err, GS_EIO, "%s: %s%s", path, strerror(e),
		    direct ? "" : " (the old file is unchanged)"));
	}
	return (afile_commit(&af, err));
}

int
afile_flush(FILE *f, const char *name, struct gs_error *err)
{
	int	e = 0;

	errno = 0;
	if (fflush(f) != 0)
		e = errno;
	if (e == 0 && !ferror(f))
		return (0);
	return (gs_error_set(err, GS_EIO, "%s: %s", name, e != 0 ?
	    strerror(e) : "write error (output lost)"));
}
