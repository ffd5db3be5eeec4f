/* SPDX-License-Identifier: ISC */
/*
 * Atomic file writes: every file gshap writes is written to a temporary in
 * the same directory, flushed, synced and renamed over the target, so a
 * full disk, an error or a signal never leaves a cut file or destroys the
 * one it replaces.
 */
#ifndef GS_AFILE_H
#define GS_AFILE_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "core/error.h"

/* A file being written; zero it (or afile_open it) before use. */
struct gs_afile {
	FILE	*f;		/* where to write: the temporary (or the device) */
	int	 dirfd;		/* the target's directory, owned; -1: none */
	char	*path;		/* the target as named, for messages, owned */
	char	*base;		/* the target's name in dirfd, owned */
	char	*tmp;		/* the temporary's name in dirfd, owned; NULL: direct */
	int	 slot;		/* its entry in the signal-time list, or -1 */
};

/*
 * Start writing path: a new temporary beside it, whose stream is af->f.
 * A symbolic link is followed (the file it names is replaced); a target
 * that exists and is not a regular file (a terminal, /dev/null, a pipe)
 * is written directly. Errors: GS_EIO (naming path and the reason).
 */
int	afile_open(struct gs_afile *af, const char *path,
	    struct gs_error *err);

/*
 * Start writing the file called base in the open directory dirfd (taken:
 * af closes it); path names the target in messages. A symbolic link or
 * anything but a regular file at base is refused, and the temporary is
 * made with O_NOFOLLOW: the sandbox's way, which has checked dirfd.
 * Errors: GS_EIO.
 */
int	afile_openat(struct gs_afile *af, int dirfd, const char *base,
	    const char *path, struct gs_error *err);

/*
 * Finish: flush, sync, close and rename the temporary over the target,
 * then sync the directory. On failure the temporary is removed, the old
 * file is intact and err says why ("out.csv: No space left on device").
 * af is released either way. Errors: GS_EIO.
 */
int	afile_commit(struct gs_afile *af, struct gs_error *err);

/* Give up: remove the temporary, keep the old file; af is released. */
void	afile_abort(struct gs_afile *af);

/* Write len bytes of buf to path atomically. Errors: GS_EIO. */
int	afile_write(const char *path, const void *buf, size_t len,
	    struct gs_error *err);

/*
 * Flush the stream f and say whether anything written to it was lost (a
 * full disk, a pipe closed while SIGPIPE is ignored): 0, or -1 with err
 * "NAME: REASON". For writers that must stop at the first failed write
 * (gshap explain --all, the REPL, gshap -s). Errors: GS_EIO.
 */
int	afile_flush(FILE *f, const char *name, struct gs_error *err);

/*
 * Remove every temporary still being written. Async-signal-safe: for a
 * handler of SIGTERM or SIGHUP that is about to end the process.
 */
void	afile_cleanup_signal(void);

#endif
