/* SPDX-License-Identifier: ISC */
/*
 * MPI glue for sharded explanations: rank and size, an ordered write to
 * rank 0 (lengths gathered first, then the bytes), and a max-reduction for
 * agreeing on errors. Compiled to single-process stubs without MPI.
 */
#include <limits.h>
#include <stdlib.h>

#include "cli/shard.h"
#include "config.h"
#include "core/xmalloc.h"

#ifdef HAVE_MPI
#include <mpi.h>

static int	shard_started;	/* MPI_Init succeeded */

int
shard_available(void)
{
	return (1);
}

int
shard_init(void)
{
	if (MPI_Init(NULL, NULL) != MPI_SUCCESS)
		return (-1);
	shard_started = 1;
	return (0);
}

void
shard_finalize(void)
{
	if (shard_started)
		MPI_Finalize();
	shard_started = 0;
}

int
shard_rank(void)
{
	int	r = 0;

	if (shard_started)
		MPI_Comm_rank(MPI_COMM_WORLD, &r);
	return (r);
}

int
shard_size(void)
{
	int	n = 1;

	if (shard_started)
		MPI_Comm_size(MPI_COMM_WORLD, &n);
	return (n);
}

int
shard_write_ordered(FILE *f, const char *buf, size_t len)
{
	int	 n = shard_size(), rank = shard_rank(), mine, i, rc = 0;
	int	*lens = NULL, *offs = NULL;
	char	*all = NULL;
	size_t	 total = 0;

	if (!shard_started || n == 1)
		return (fwrite(buf, 1, len, f) == len ? 0 : -1);
	if (len > INT_MAX)
		return (-1);
	mine = (int)len;
	if (rank == 0) {
		lens = xcalloc(n, sizeof *lens);
		offs = xcalloc(n, sizeof *offs);
	}
	MPI_Gather(&mine, 1, MPI_INT, lens, 1, MPI_INT, 0, MPI_COMM_WORLD);
	if (rank == 0) {
		for (i = 0; i < n; i++) {
			offs[i] = (int)total;
			total += (size_t)lens[i];
		}
		if (total > INT_MAX)
			rc = -1;
		all = xmalloc(total + 1);
	}
	MPI_Gatherv(buf, mine, MPI_CHAR, all, lens, offs, MPI_CHAR, 0,
	    MPI_COMM_WORLD);
	if (rank == 0 && fwrite(all, 1, total, f) != total)
		rc = -1;
	free(all);
	free(lens);
	free(offs);
	return (rc);
}

int
shard_max(int v)
{
	int	out = v;

	if (shard_started)
		MPI_Allreduce(&v, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
	return (out);
}

#else	/* !HAVE_MPI */

int
shard_available(void)
{
	return (0);
}

int
shard_init(void)
{
	return (-1);
}

void
shard_finalize(void)
{
}

int
shard_rank(void)
{
	return (0);
}

int
shard_size(void)
{
	return (1);
}

int
shard_write_ordered(FILE *f, const char *buf, size_t len)
{
	return (fwrite(buf, 1, len, f) == len ? 0 : -1);
}

int
shard_max(int v)
{
	return (v);
}

#endif
