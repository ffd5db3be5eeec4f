/* SPDX-License-Identifier: ISC */
/*
 * Sharding dataset-wide work over MPI ranks (Open MPI), for
 * `gshap explain --mpi`. Without MPI (configure without --with-mpi) there is
 * one rank and shard_available() says no.
 */
#ifndef GS_SHARD_H
#define GS_SHARD_H

#include <stddef.h>
#include <stdio.h>

/* Whether gshap was built with MPI. */
int	shard_available(void);

/* Start MPI (collective). Returns 0, or -1 when MPI could not start. */
int	shard_init(void);
void	shard_finalize(void);

/* This process's rank and the number of ranks (0 and 1 without MPI). */
int	shard_rank(void);
int	shard_size(void);

/*
 * Collective: every rank hands in its bytes; rank 0 writes them all to f,
 * in rank order. Returns 0, or -1 on a communication or write error.
 */
int	shard_write_ordered(FILE *f, const char *buf, size_t len);

/* Collective: the largest of every rank's value. */
int	shard_max(int v);

#endif
