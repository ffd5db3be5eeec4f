/* SPDX-License-Identifier: ISC */
/*
 * The explanation cache of an interactive session: explanations kept by
 * (row, key), where the key names the output, the settings that change
 * results and the seed (settings_key). Going back to a row is instant; the
 * owner clears the cache when the model, the data or a setting that matters
 * changes. The least recently used entry goes when the cache is full.
 */
#ifndef GS_CACHE_H
#define GS_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "attr/attr.h"

/* An explanation the cache holds (its own deep copy, explanation_copy). */
struct gs_result {
	struct gs_explanation	 ex;		/* owned, with all it shows */
};

struct gs_cache_entry {
	size_t			 row;	/* data row */
	char			*key;	/* settings key, owned */
	struct gs_result	 res;	/* the explanation */
	uint64_t		 used;	/* clock value of the last use */
};

struct gs_cache {
	struct gs_cache_entry	*v;	/* n entries, owned */
	size_t			 n;	/* entries in use */
	size_t			 limit;	/* most entries kept */
	uint64_t		 clock;	/* counts lookups and insertions */
	size_t			 hits;	/* lookups answered */
	size_t			 misses; /* lookups not answered */
};

/*
 * Make res a deep copy of ex (explanation_copy). res is overwritten, not
 * freed. Free it with cache_result_clear.
 */
void	cache_result_set(struct gs_result *res, const struct gs_explanation *ex);
/* Make dst a deep copy of src. */
void	cache_result_copy(struct gs_result *dst, const struct gs_result *src);
/* Free what res owns and zero it; safe on a zeroed or cleared result. */
void	cache_result_clear(struct gs_result *res);

/* An empty cache holding at most limit (at least 1) explanations. */
void	cache_init(struct gs_cache *c, size_t limit);

/* Drop every entry (hit and miss counts are kept). */
void	cache_clear(struct gs_cache *c);

/* Drop every entry and the storage; c is left empty and reusable. */
void	cache_free(struct gs_cache *c);

/*
 * The result for row under key, or NULL. Borrowed: valid until the next
 * cache_put, cache_clear or cache_free.
 */
const struct gs_result *cache_get(struct gs_cache *c, size_t row,
	    const char *key);

/*
 * Keep a deep copy of res for (row, key), replacing an entry with the same
 * row and key, or the least recently used one when full.
 */
void	cache_put(struct gs_cache *c, size_t row, const char *key,
	    const struct gs_result *res);

#endif
