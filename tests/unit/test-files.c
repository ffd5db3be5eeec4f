/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the file-safety helpers of src/core: atomic writes (the
 * old file survives a failed write, no temporary is left, modes are kept,
 * links are followed, devices written directly) and control characters
 * made visible.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/afile.h"
#include "core/error.h"
#include "core/visible.h"

/* A fresh directory for one test. */
static char *
test_dir(void)
{
	static char	 buf[64];

	snprintf(buf, sizeof buf, "/tmp/gshap-files-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(buf));
	return (buf);
}

/* Entries in dir, not counting . and .. */
static int
test_entries(const char *dir)
{
	DIR		*d = opendir(dir);
	struct dirent	*e;
	int		 n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return (n);
}

/* The content of path (static buffer). */
static const char *
test_read(const char *path)
{
	static char	 buf[256];
	FILE		*f = fopen(path, "r");
	size_t		 n;

	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return (buf);
}

static void
test_cleanup(const char *dir)
{
	char	cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_afile_replace)
{
	struct gs_afile	 af;
	struct gs_error	 err;
	struct stat	 st;
	char		 path[128], link[128];
	const char	*dir = test_dir();

	snprintf(path, sizeof path, "%s/out.csv", dir);
	ck_assert_int_eq(afile_write(path, "old\n", 4, &err), 0);
	ck_assert_str_eq(test_read(path), "old\n");
	ck_assert_int_eq(chmod(path, 0640), 0);
	/* Abandoned: the old file stays, no temporary is left. */
	ck_assert_int_eq(afile_open(&af, path, &err), 0);
	fputs("half a rec", af.f);
	ck_assert_int_eq(test_entries(dir), 2);
	afile_abort(&af);
	ck_assert_str_eq(test_read(path), "old\n");
	ck_assert_int_eq(test_entries(dir), 1);
	/* Committed: the new content, the old mode. */
	ck_assert_int_eq(afile_open(&af, path, &err), 0);
	fputs("new\n", af.f);
	ck_assert_int_eq(afile_commit(&af, &err), 0);
	ck_assert_str_eq(test_read(path), "new\n");
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0640);
	ck_assert_int_eq(test_entries(dir), 1);
	/* A read-only file is not replaced (root may write anything). */
	if (geteuid() != 0) {
		ck_assert_int_eq(chmod(path, 0444), 0);
		ck_assert_int_eq(afile_write(path, "x", 1, &err), -1);
		ck_assert_str_eq(test_read(path), "new\n");
		ck_assert_int_eq(chmod(path, 0640), 0);
	}
	/* A link is followed: the file it names is replaced, the link stays. */
	snprintf(link, sizeof link, "%s/link.csv", dir);
	ck_assert_int_eq(symlink("out.csv", link), 0);
	ck_assert_int_eq(afile_write(link, "via link\n", 9, &err), 0);
	ck_assert_str_eq(test_read(path), "via link\n");
	ck_assert_int_eq(lstat(link, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	/* afile_openat refuses the link (the sandbox's way). */
	ck_assert_int_eq(afile_openat(&af, open(dir, O_RDONLY | O_DIRECTORY),
	    "link.csv", link, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "symbolic link"));
	test_cleanup(dir);
}
END_TEST

START_TEST(test_afile_failures)
{
	struct gs_afile	 af;
	struct gs_error	 err;
	char		 path[128];
	const char	*dir = test_dir();

	/* A full device is written directly and its error reported. */
	if (access("/dev/full", W_OK) == 0) {
		ck_assert_int_eq(afile_write("/dev/full", "x\n", 2, &err), -1);
		ck_assert_ptr_nonnull(strstr(err.msg, "/dev/full"));
		ck_assert_ptr_nonnull(strstr(err.msg, strerror(ENOSPC)));
	}
	/* No directory: the message names the file. */
	snprintf(path, sizeof path, "%s/no/such/out.csv", dir);
	ck_assert_int_eq(afile_open(&af, path, &err), -1);
	ck_assert_int_eq(err.code, GS_EIO);
	ck_assert_ptr_nonnull(strstr(err.msg, "out.csv"));
	/* A directory is not a file. */
	ck_assert_int_eq(afile_write(dir, "x", 1, &err), -1);
	/* An unwritable directory (root may write anywhere: skip then). */
	snprintf(path, sizeof path, "%s/ro", dir);
	ck_assert_int_eq(mkdir(path, 0555), 0);
	snprintf(path, sizeof path, "%s/ro/out.csv", dir);
	if (geteuid() != 0) {
		ck_assert_int_eq(afile_write(path, "x", 1, &err), -1);
		ck_assert_ptr_nonnull(strstr(err.msg, "out.csv"));
	}
	/* A signal handler's cleanup removes a temporary being written. */
	snprintf(path, sizeof path, "%s/sig.csv", dir);
	ck_assert_int_eq(afile_open(&af, path, &err), 0);
	ck_assert_int_eq(test_entries(dir), 2);
	afile_cleanup_signal();
	ck_assert_int_eq(test_entries(dir), 1);
	ck_assert_int_eq(afile_commit(&af, &err), -1);
	ck_assert_int_eq(access(path, F_OK), -1);
	test_cleanup(dir);
}
END_TEST

START_TEST(test_visible)
{
	char		buf[64];
	struct gs_error	err;

	ck_assert_str_eq(visible_copy(buf, sizeof buf, "plain é", 0),
	    "plain é");
	ck_assert_str_eq(visible_copy(buf, sizeof buf, "a\033]0;pwn\007b", 0),
	    "a\\x1b]0;pwn\\x07b");
	/* C1 controls as UTF-8, a lone 8-bit CSI, DEL, malformed UTF-8. */
	ck_assert_str_eq(visible_copy(buf, sizeof buf, "\302\233x\233\177\300",
	    0), "\\xc2\\x9bx\\x9b\\x7f\\xc0");
	ck_assert_str_eq(visible_copy(buf, sizeof buf, "a\tb\n", 0),
	    "a\\x09b\\x0a");
	ck_assert_str_eq(visible_copy(buf, sizeof buf, "a\tb\n",
	    VISIBLE_KEEP_NL), "a\tb\n");
	/* Cut at the end only between whole escapes. */
	ck_assert_str_eq(visible_copy(buf, 6, "ab\033cd", 0), "ab");
	ck_assert(visible_needed("x\033", 0) && !visible_needed("xé", 0));
	ck_assert_uint_eq(visible_len("é\033"), 5);
	/* Every error message is made safe. */
	gs_error_set(&err, GS_EPARSE, "column '%s'", "\033[2J");
	ck_assert_str_eq(err.msg, "column '\\x1b[2J'");
	gs_error_prefix(&err, "%s: ", "\033]0;t\007");
	ck_assert_str_eq(err.msg, "\\x1b]0;t\\x07: column '\\x1b[2J'");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("files");
	TCase	*tc = tcase_create("files");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_afile_replace);
	tcase_add_test(tc, test_afile_failures);
	tcase_add_test(tc, test_visible);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}
