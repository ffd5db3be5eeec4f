/* SPDX-License-Identifier: ISC */
/*
 * The CSV reader's benchmark: the peak memory of loading a file, as a
 * multiple of the file's size (target at most 3), on files written for the
 * purpose into $TMPDIR and removed after: a wide one of one-letter text
 * cells and one of "0" cells (7800 x 8192, 128 MB, the size of the
 * documented limits' example), and a tall numeric one (2 million rows of 8
 * numbers of 6 digits). Each load runs in a process of its own (this
 * program started again with --load), whose peak resident memory
 * (getrusage) less its size before loading is the figure.
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/rng.h"
#include "data/dataset.h"

#define BENCH_WIDE_ROWS	7800		/* rows of the wide files */
#define BENCH_WIDE_COLS	8192		/* and columns */
#define BENCH_TALL_ROWS	2000000		/* rows of the tall file */
#define BENCH_TALL_COLS	8		/* and columns */

extern char **environ;

/* Peak resident memory of this process so far, in bytes. */
static double
bench_peak(void)
{
	struct rusage	ru;

	getrusage(RUSAGE_SELF, &ru);
	return ((double)ru.ru_maxrss * 1024);
}

static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec * 1e-9);
}

/* Load path and print the peak growth and the time: the child's side. */
static int
bench_load(const char *path)
{
	struct gs_dataset	*ds;
	struct gs_error		 err;
	double			 before = bench_peak(), t0 = bench_now();

	if ((ds = dataset_load(path, &err)) == NULL) {
		fprintf(stderr, "bench-data: %s\n", err.msg);
		return (1);
	}
	printf("%.0f %.3f %zu %zu\n", bench_peak() - before, bench_now() - t0,
	    ds->nrows, ds->ncols);
	dataset_free(ds);
	return (0);
}

/*
 * Write a file of rows x cols cells to path: header c0,c1,...; cells from
 * cell(rng, buf) (which writes one NUL-ended cell into buf). Returns its
 * size, or 0 on error.
 */
static size_t
bench_write(const char *path, size_t rows, size_t cols,
    void (*cell)(struct gs_rng *, char *))
{
	struct gs_rng	 rng;
	FILE		*f;
	char		 buf[64];
	size_t		 r, c;
	long		 size;

	if ((f = fopen(path, "w")) == NULL)
		return (0);
	gs_rng_init(&rng, 42, 0);
	for (c = 0; c < cols; c++)
		fprintf(f, "%sc%zu", c > 0 ? "," : "", c);
	fputc('\n', f);
	for (r = 0; r < rows; r++) {
		for (c = 0; c < cols; c++) {
			cell(&rng, buf);
			if (c > 0)
				fputc(',', f);
			fputs(buf, f);
		}
		fputc('\n', f);
	}
	size = ftell(f);
	if (fclose(f) != 0 || size <= 0)
		return (0);
	return ((size_t)size);
}

static void
bench_letter(struct gs_rng *rng, char *buf)
{
	buf[0] = (char)('a' + gs_rng_below(rng, 26));
	buf[1] = '\0';
}

static void
bench_zero(struct gs_rng *rng, char *buf)
{
	(void)rng;
	strcpy(buf, "0");
}

static void
bench_number(struct gs_rng *rng, char *buf)
{
	snprintf(buf, 64, "%.6g", gs_rng_uniform(rng) * 1000 - 500);
}

/* Write one file, load it in a child and print the line of the table. */
static void
bench_file(const char *self, const char *dir, const char *what, size_t rows,
    size_t cols, void (*cell)(struct gs_rng *, char *))
{
	char		 path[4096], line[256];
	char		*argv[4];
	size_t		 size, nr, nc;
	double		 grow, secs;
	posix_spawn_file_actions_t fa;
	pid_t		 pid;
	FILE		*out;
	int		 status, fd[2];

	snprintf(path, sizeof path, "%s/gshap-bench-%s-%ld.csv", dir, what,
	    (long)getpid());
	if ((size = bench_write(path, rows, cols, cell)) == 0) {
		printf("%-30s could not write %s\n", what, path);
		unlink(path);
		return;
	}
	if (pipe(fd) != 0)
		goto out;
	argv[0] = (char *)self;
	argv[1] = (char *)"--load";
	argv[2] = path;
	argv[3] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
	posix_spawn_file_actions_addclose(&fa, fd[0]);
	if (posix_spawn(&pid, self, &fa, NULL, argv, environ) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		close(fd[0]);
		close(fd[1]);
		goto out;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(fd[1]);
	out = fdopen(fd[0], "r");
	if (out == NULL || fgets(line, sizeof line, out) == NULL ||
	    sscanf(line, "%lf %lf %zu %zu", &grow, &secs, &nr, &nc) != 4)
		printf("%-30s the load failed\n", what);
	else
		printf("%-30s %7zu x %-5zu %6.1f MB  peak %7.1f MB = %4.2f x "
		    "the file (target <= 3: %s)  %.2f s\n", what, nr, nc,
		    (double)size / 1e6, grow / 1e6, grow / (double)size,
		    grow <= 3 * (double)size ? "met" : "NOT met", secs);
	if (out != NULL)
		fclose(out);
	waitpid(pid, &status, 0);
out:
	unlink(path);
}

int
main(int argc, char **argv)
{
	const char	*dir = getenv("TMPDIR");

	if (argc == 3 && strcmp(argv[1], "--load") == 0)
		return (bench_load(argv[2]));
	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	printf("CSV reader: peak memory of dataset_load as a multiple of the "
	    "file size (files written to %s and removed)\n", dir);
	bench_file(argv[0], dir, "wide, one-letter text", BENCH_WIDE_ROWS,
	    BENCH_WIDE_COLS, bench_letter);
	bench_file(argv[0], dir, "wide, \"0\" cells", BENCH_WIDE_ROWS,
	    BENCH_WIDE_COLS, bench_zero);
	bench_file(argv[0], dir, "tall, 6-digit numbers", BENCH_TALL_ROWS,
	    BENCH_TALL_COLS, bench_number);
	return (0);
}
