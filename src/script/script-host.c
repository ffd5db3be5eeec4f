/* SPDX-License-Identifier: ISC */
/*
 * What the host asks of scripts: row predicates, and baseline, noise and
 * group scripts (files returning a function), found by path or among the
 * shipped scripts, loaded once and reloaded when the file changes. Also
 * the conversions from Lua values to baseline sets and groups that the
 * explainer objects share.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "script/script-int.h"
#include "session/paths.h"

/* Noise functions: gs_noise_fn state. */
struct script_noisectx {
	struct gs_script *sc;		/* the state */
	int		  fn;		/* registry reference of the function */
	int		  stats;	/* registry reference of the stats table */
	size_t		  d;		/* features */
	char		**names;	/* d feature names, owned, or NULL */
	struct script_noisectx *next;	/* next in the state's list */
};

/* One call of a noise function (script_noise_fill_p). */
struct script_noise_args {
	struct script_noisectx *nc;	/* the function */
	size_t		  row;		/* data row */
	const double	 *x;		/* the row's values */
	size_t		  n;		/* samples */
	uint64_t	  seed;		/* explainer seed */
	uint64_t	  first;	/* first sample number */
	double		 *out;		/* n x d, filled */
	struct script_matrix *mx;	/* the matrix lent to the function */
};

/*
 * Find a helper script: path itself, else (a bare name, ".lua" optional)
 * the shipped scripts/<kind>/ beside the demo data or in the source tree.
 * Returns an allocated path.
 */
char *
script_resolve(const char *path, const char *kind)
{
	return (paths_script(path, kind));
}

/* One cached script loading (script_cache_get_p). */
struct script_cache_args {
	struct gs_script	*sc;	/* the state */
	struct script_cached	*c;	/* the entry being filled */
};

/* Run the file's chunk; it must return a function (protected). */
static int
script_cache_get_p(lua_State *L)
{
	struct script_cache_args *a = lua_touserdata(L, 1);
	lua_Debug		  ar;
	int			  rc;

	script_allow_dir_of(a->sc, a->c->path);
	if ((rc = script_load_host(a->sc, a->c->path)) != LUA_OK)
		return (script_load_fail(a->sc, rc));
	lua_call(L, 0, 1);
	if (lua_type(L, -1) != LUA_TFUNCTION)
		return (luaL_error(L, "%s: the script must return a function "
		    "(it returned %s)", a->c->path, luaL_typename(L, -1)));
	lua_pushvalue(L, -1);
	lua_getinfo(L, ">u", &ar);
	a->c->per_row = ar.nparams >= 2 || ar.isvararg;
	a->c->fn = luaL_ref(L, LUA_REGISTRYINDEX);
	return (0);
}

/* Drop what an entry holds (not the entry). */
static void
script_cache_drop(struct gs_script *sc, struct script_cached *c)
{
	luaL_unref(sc->L, LUA_REGISTRYINDEX, c->fn);
	c->fn = LUA_NOREF;
	baseline_clear(&c->bl);
	c->have_bl = 0;
	c->noise = NULL;
	c->data = NULL;
}

/*
 * The cached entry of a helper script of kind, (re)loaded when the file
 * changed. Errors: those of loading and running the file.
 */
static struct script_cached *
script_cache_get(struct gs_script *sc, const char *path, const char *kind,
    struct gs_error *err)
{
	struct script_cache_args a;
	struct script_cached	*c;
	struct stat		 st;
	char			*full;

	full = script_resolve(path, kind);
	if (stat(full, &st) != 0)
		memset(&st, 0, sizeof st);
	for (c = sc->cache; c != NULL; c = c->next) {
		if (strcmp(c->path, full) == 0 && strcmp(c->kind, kind) == 0)
			break;
	}
	if (c != NULL && c->fn != LUA_NOREF && c->mtime ==
	    (long long)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec &&
	    c->size == (long long)st.st_size) {
		free(full);
		return (c);
	}
	if (c == NULL) {
		c = xcalloc(1, sizeof *c);
		c->path = full;
		c->kind = xstrdup(kind);
		c->fn = LUA_NOREF;
		c->next = sc->cache;
		sc->cache = c;
	} else {
		free(full);
		script_cache_drop(sc, c);
	}
	c->mtime = (long long)st.st_mtim.tv_sec * 1000000000 +
	    st.st_mtim.tv_nsec;
	c->size = (long long)st.st_size;
	a.sc = sc;
	a.c = c;
	if (script_pcall(sc, script_cache_get_p, &a, err) != 0)
		return (NULL);
	return (c);
}

/* Free the cache: entries, their functions and noise states. */
void
script_cache_free(struct gs_script *sc)
{
	struct script_cached	*c, *next;
	struct script_noisectx	*nc, *nnext;

	for (c = sc->cache; c != NULL; c = next) {
		next = c->next;
		script_cache_drop(sc, c);
		free(c->path);
		free(c->kind);
		free(c);
	}
	sc->cache = NULL;
	for (nc = sc->noises; nc != NULL; nc = nnext) {
		nnext = nc->next;
		script_noise_free(sc, nc);
	}
	sc->noises = NULL;
}

/*
 * Baseline rows from the Lua value at idx: an array of rows (arrays of d
 * numbers, or tables by feature name), or {rows = ..., weights = ...,
 * desc = "..."}. Raises on a bad value; fills bl (C memory) only at the
 * end, so nothing leaks.
 */
int
script_baseline_from(lua_State *L, int idx, size_t d, const char *spec,
    const char *const *names, struct gs_baseline *bl, struct gs_error *err)
{
	lua_Integer	 n, i;
	double		*rows, *w = NULL, sum = 0;
	const char	*desc = NULL;
	int		 rt, wt = 0, top;
	size_t		 j;
	char		 what[64];

	(void)err;
	idx = lua_absindex(L, idx);
	top = lua_gettop(L);
	if (lua_type(L, idx) != LUA_TTABLE)
		return (luaL_error(L, "%s: a baseline is a table of rows, not "
		    "%s", spec, luaL_typename(L, idx)));
	rt = idx;
	if (lua_getfield(L, idx, "rows") == LUA_TTABLE) {
		rt = lua_gettop(L);
		if (lua_getfield(L, idx, "weights") != LUA_TNIL)
			wt = lua_gettop(L);
		if (lua_getfield(L, idx, "desc") == LUA_TSTRING)
			desc = lua_tostring(L, -1);
	}
	n = (lua_Integer)lua_rawlen(L, rt);
	if (n < 1)
		return (luaL_error(L, "%s: the baseline has no rows", spec));
	if ((size_t)n > ((size_t)1 << 28) / d)
		return (luaL_error(L, "%s: too many baseline rows (%d)", spec,
		    (int)n));
	rows = lua_newuserdatauv(L, (size_t)n * d * sizeof *rows, 0);
	for (i = 0; i < n; i++) {
		lua_rawgeti(L, rt, i + 1);
		snprintf(what, sizeof what, "%s: baseline row %d", spec,
		    (int)i + 1);
		script_check_vector(L, -1, rows + (size_t)i * d, d, names,
		    what);
		for (j = 0; j < d; j++)
			if (!isfinite(rows[(size_t)i * d + j]))
				return (luaL_error(L, "%s: value %d is not a "
				    "finite number", what, (int)j + 1));
		lua_pop(L, 1);
	}
	if (wt != 0) {
		w = lua_newuserdatauv(L, (size_t)n * sizeof *w, 0);
		if (lua_type(L, wt) != LUA_TTABLE)
			return (luaL_error(L, "%s: weights must be a table",
			    spec));
		script_check_vector(L, wt, w, (size_t)n, NULL, "weights");
		for (i = 0; i < n; i++) {
			if (!isfinite(w[i]) || w[i] < 0)
				return (luaL_error(L, "%s: weight %d is not a "
				    "finite number >= 0", spec, (int)i + 1));
			sum += w[i];
		}
		if (!(sum > 0))
			return (luaL_error(L, "%s: the weights sum to 0",
			    spec));
	}
	memset(bl, 0, sizeof *bl);
	bl->n = (size_t)n;
	bl->d = d;
	bl->rows = xcalloc(xmul((size_t)n, d), sizeof *bl->rows);
	for (j = 0; j < (size_t)n * d; j++)
		bl->rows[j] = (gs_real)rows[j];
	if (w != NULL) {
		bl->weights = xcalloc((size_t)n, sizeof *bl->weights);
		for (i = 0; i < n; i++)
			bl->weights[i] = w[i] / sum;
	}
	bl->spec = xstrdup(spec);
	if (desc != NULL)
		bl->desc = xstrdup(desc);
	else
		xasprintf(&bl->desc, "%d row%s from %s", (int)n, n == 1 ? "" :
		    "s", spec);
	lua_settop(L, top);
	return (0);
}

/* Resolve a member (a feature name or 1-based index) at idx to 0..d-1. */
static size_t
script_groups_member(lua_State *L, int idx, const char *const *names,
    size_t d, const char *group)
{
	lua_Integer	 j;
	const char	*s;
	size_t		 i;

	if (lua_type(L, idx) == LUA_TNUMBER) {
		j = lua_tointeger(L, idx);
		if (!lua_isinteger(L, idx) || j < 1 || (size_t)j > d)
			luaL_error(L, "group '%s': member %s is not a feature "
			    "number (1 to %d)", group, lua_tostring(L, idx),
			    (int)d);
		return ((size_t)j - 1);
	}
	s = lua_tostring(L, idx);
	if (s == NULL)
		luaL_error(L, "group '%s': members are feature names or "
		    "numbers, not %s", group, luaL_typename(L, idx));
	for (i = 0; i < d; i++)
		if (strcmp(names[i], s) == 0)
			return (i);
	luaL_error(L, "group '%s': there is no feature '%s'", group, s);
	return (0);
}

/* Put the members in the table at mt into group gi. */
static void
script_groups_fill(lua_State *L, int mt, size_t gi, const char *name,
    const char *const *names, size_t d, size_t *of)
{
	lua_Integer	n, i;
	size_t		j;

	if (lua_type(L, mt) != LUA_TTABLE)
		luaL_error(L, "group '%s': its members must be a table of "
		    "feature names", name);
	n = (lua_Integer)lua_rawlen(L, mt);
	if (n == 0)
		luaL_error(L, "group '%s' has no members", name);
	for (i = 1; i <= n; i++) {
		lua_rawgeti(L, mt, i);
		j = script_groups_member(L, -1, names, d, name);
		lua_pop(L, 1);
		if (of[j] != SIZE_MAX)
			luaL_error(L, "feature '%s' is in two groups",
			    names[j]);
		of[j] = gi;
	}
}

/*
 * Groups of the features names[0..d) from the Lua value at idx (an
 * array of {name, members}, a map of name -> members, or a map of
 * feature -> group name); features left out become groups of their own,
 * and groups are ordered by their first member. Raises for a malformed
 * value; returns groups_make's result (GS_EINVAL) otherwise. The stack
 * is left as it was.
 */
int
script_groups_from(lua_State *L, int idx, const char *const *names,
    size_t d, const char *spec, struct gs_groups *g, struct gs_error *err)
{
	size_t		*of, *first, *order, *group, ng = 0, i, j, k, gn;
	const char	**gnames;
	int		 gt, rc, top;
	lua_Integer	 n, m;

	idx = lua_absindex(L, idx);
	top = lua_gettop(L);
	if (lua_type(L, idx) != LUA_TTABLE)
		return (luaL_error(L, "%s: groups are a table, not %s", spec,
		    luaL_typename(L, idx)));
	/* Scratch: of[d], first[d], order[d], group[d], and names in gt. */
	of = lua_newuserdatauv(L, 4 * (d + 1) * sizeof *of, 0);
	first = of + d + 1;
	order = first + d + 1;
	group = order + d + 1;
	for (i = 0; i < d; i++)
		of[i] = SIZE_MAX;
	lua_newtable(L);
	gt = lua_gettop(L);
	m = (lua_Integer)lua_rawlen(L, idx);
	if (m > 0) {
		/* { {name = "A", members = {...}}, ... } */
		for (n = 1; n <= m; n++) {
			lua_rawgeti(L, idx, n);
			if (lua_type(L, -1) != LUA_TTABLE ||
			    lua_getfield(L, -1, "name") != LUA_TSTRING)
				return (luaL_error(L, "%s: group %d needs a "
				    "name", spec, (int)n));
			lua_pushvalue(L, -1);
			lua_rawseti(L, gt, (lua_Integer)++ng);
			lua_getfield(L, -2, "members");
			script_groups_fill(L, lua_gettop(L), ng - 1,
			    lua_tostring(L, -2), names, d, of);
			lua_pop(L, 3);
		}
	} else {
		/* { A = {...}, ... } or { feature = "A", ... } */
		lua_pushnil(L);
		while (lua_next(L, idx) != 0) {
			if (lua_type(L, -2) != LUA_TSTRING)
				return (luaL_error(L, "%s: group names must be "
				    "strings", spec));
			if (lua_type(L, -1) == LUA_TSTRING) {
				j = script_groups_member(L, -2, names, d, "?");
				for (k = 0; k < ng; k++) {
					lua_rawgeti(L, gt, (lua_Integer)k + 1);
					rc = lua_rawequal(L, -1, -2);
					lua_pop(L, 1);
					if (rc)
						break;
				}
				if (k == ng) {
					lua_pushvalue(L, -1);
					lua_rawseti(L, gt, (lua_Integer)++ng);
				}
				if (of[j] != SIZE_MAX)
					return (luaL_error(L, "feature '%s' is "
					    "in two groups", names[j]));
				of[j] = k;
			} else {
				lua_pushvalue(L, -2);
				lua_rawseti(L, gt, (lua_Integer)++ng);
				script_groups_fill(L, lua_gettop(L), ng - 1,
				    lua_tostring(L, -2), names, d, of);
			}
			lua_pop(L, 1);
		}
	}
	/* Features in no group are groups of their own. */
	for (i = 0; i < d; i++) {
		if (of[i] != SIZE_MAX)
			continue;
		lua_pushstring(L, names[i]);
		lua_rawseti(L, gt, (lua_Integer)++ng);
		of[i] = ng - 1;
	}
	/* Order groups by their first member, whatever the table order. */
	for (k = 0; k < ng; k++)
		first[k] = SIZE_MAX;
	for (i = 0; i < d; i++)
		if (first[of[i]] == SIZE_MAX)
			first[of[i]] = i;
	for (k = 0, gn = 0; k < ng; k++) {
		if (first[k] == SIZE_MAX)
			return (luaL_error(L, "%s: a group has no members",
			    spec));
	}
	for (i = 0; i < d; i++) {
		if (first[of[i]] == i)
			order[of[i]] = gn++;
	}
	gnames = lua_newuserdatauv(L, (ng + 1) * sizeof *gnames, 0);
	for (k = 0; k < ng; k++) {
		lua_rawgeti(L, gt, (lua_Integer)k + 1);
		gnames[order[k]] = lua_tostring(L, -1);
		lua_pop(L, 1);	/* the string stays in gt */
	}
	for (i = 0; i < d; i++)
		group[i] = order[of[i]];
	rc = groups_make(g, d, group, ng, gnames, spec, err);
	lua_settop(L, top);
	return (rc);
}

/* Arguments of the protected host calls below. */
struct script_host_args {
	struct gs_script	*sc;		/* the state */
	struct script_cached	*c;		/* the script's cache entry */
	const char		*path;		/* as given */
	const double		*x;		/* baseline: the row, or NULL */
	size_t			 row;		/* baseline: its number */
	long			 cls;		/* baseline: its class, or -1 */
	struct gs_baseline	*bl;		/* baseline: filled */
	struct gs_groups	*g;		/* groups: filled */
	int			 rc;		/* result of the conversion */
	struct gs_error		*err;		/* its error */
	struct script_data	*lent;		/* dataset lent to the call */
	const char		*expr;		/* filter: the expression */
	const double		*pred;		/* filter: predictions */
	size_t			 nrows;		/* filter: rows */
	unsigned char		*keep;		/* filter: results */
};

/* Push the session's dataset, lent for this call, or nil. */
static void
script_host_lend(lua_State *L, struct script_host_args *a)
{
	struct gs_session *s = a->sc->session;

	if (s == NULL || s->data == NULL) {
		lua_pushnil(L);
		return;
	}
	a->lent = script_data_push_lent(L, s->data, &s->sel);
}

/* Call a baseline function and convert its rows (protected). */
static int
script_baseline_p(lua_State *L)
{
	struct script_host_args	*a = lua_touserdata(L, 1);
	struct gs_session	*s = a->sc->session;

	lua_rawgeti(L, LUA_REGISTRYINDEX, a->c->fn);
	script_host_lend(L, a);
	if (a->c->per_row) {
		lua_createtable(L, 0, 3);
		lua_pushinteger(L, (lua_Integer)a->row);
		lua_setfield(L, -2, "index");
		if (a->x != NULL) {
			script_push_named(L, a->x, s->sel.n, s->names);
			lua_setfield(L, -2, "x");
		}
		if (a->cls >= 0) {
			lua_pushinteger(L, a->cls);
			lua_setfield(L, -2, "class");
		}
		if (a->x == NULL) {
			lua_pop(L, 1);
			lua_pushnil(L);
		}
	} else
		lua_pushnil(L);
	lua_call(L, 2, 1);
	a->rc = script_baseline_from(L, -1, s->sel.n, a->path, s->names, a->bl,
	    a->err);
	return (0);
}

/* Copy a baseline set. */
static void
script_baseline_dup(struct gs_baseline *dst, const struct gs_baseline *src)
{
	memset(dst, 0, sizeof *dst);
	dst->spec = xstrdup(src->spec);
	dst->desc = src->desc != NULL ? xstrdup(src->desc) : NULL;
	dst->n = src->n;
	dst->d = src->d;
	dst->rows = xcalloc(xmul(src->n, src->d), sizeof *dst->rows);
	memcpy(dst->rows, src->rows, src->n * src->d * sizeof *dst->rows);
	if (src->weights != NULL) {
		dst->weights = xcalloc(src->n, sizeof *dst->weights);
		memcpy(dst->weights, src->weights, src->n *
		    sizeof *dst->weights);
	}
}

/*
 * Baseline rows from the script at path; see script.h. The caller owns
 * bl. Errors: GS_EIO, GS_EPARSE, GS_EINVAL, GS_ELIMIT, GS_EINTR.
 */
int
script_baseline(struct gs_script *sc, const char *path, const double *x,
    size_t row, long cls, struct gs_baseline *bl, struct gs_error *err)
{
	struct script_host_args	 a;
	struct script_cached	*c;
	int			 rc;

	memset(bl, 0, sizeof *bl);
	if (sc->session == NULL || sc->session->data == NULL)
		return (gs_error_set(err, GS_EINVAL, "baseline %s needs a "
		    "dataset (none is loaded)", path));
	sc->interrupted = 0;
	if ((c = script_cache_get(sc, path, "baselines", err)) == NULL)
		return (-1);
	if (!c->per_row && c->have_bl && c->data == sc->session->data &&
	    c->bl.d == sc->session->sel.n) {
		script_baseline_dup(bl, &c->bl);
		return (0);
	}
	memset(&a, 0, sizeof a);
	a.sc = sc;
	a.c = c;
	a.path = path;
	a.x = x;
	a.row = row;
	a.cls = cls;
	a.bl = bl;
	a.err = err;
	rc = script_pcall(sc, script_baseline_p, &a, err);
	script_data_close(a.lent);
	if (rc != 0 || a.rc != 0) {
		baseline_clear(bl);
		return (-1);
	}
	if (!c->per_row) {
		baseline_clear(&c->bl);
		script_baseline_dup(&c->bl, bl);
		c->have_bl = 1;
		c->data = sc->session->data;
	}
	return (0);
}

/*
 * Whether the baseline script at path takes the row (1) or not (0);
 * -1 with err set when it cannot be loaded.
 */
int
script_baseline_per_row(struct gs_script *sc, const char *path,
    struct gs_error *err)
{
	struct script_cached *c;

	if ((c = script_cache_get(sc, path, "baselines", err)) == NULL)
		return (-1);
	return (c->per_row);
}

/* Call a groups function and convert its groups (protected). */
static int
script_groups_p(lua_State *L)
{
	struct script_host_args	*a = lua_touserdata(L, 1);
	struct gs_session	*s = a->sc->session;
	size_t			 j;

	lua_rawgeti(L, LUA_REGISTRYINDEX, a->c->fn);
	lua_createtable(L, (int)s->sel.n, 0);
	for (j = 0; j < s->sel.n; j++) {
		lua_pushstring(L, s->names[j]);
		lua_rawseti(L, -2, (lua_Integer)j + 1);
	}
	script_host_lend(L, a);
	lua_call(L, 2, 1);
	a->rc = script_groups_from(L, -1, s->names, s->sel.n, a->path, a->g,
	    a->err);
	return (0);
}

/*
 * Groups from the script at path; see script.h. The caller owns g.
 * Errors: GS_EIO, GS_EPARSE, GS_EINVAL.
 */
int
script_groups(struct gs_script *sc, const char *path, struct gs_groups *g,
    struct gs_error *err)
{
	struct script_host_args	a;
	int			rc;

	memset(g, 0, sizeof *g);
	if (sc->session == NULL || sc->session->data == NULL)
		return (gs_error_set(err, GS_EINVAL, "groups %s need a "
		    "dataset (none is loaded)", path));
	sc->interrupted = 0;
	memset(&a, 0, sizeof a);
	a.sc = sc;
	a.path = path;
	a.g = g;
	a.err = err;
	if ((a.c = script_cache_get(sc, path, "groups", err)) == NULL)
		return (-1);
	rc = script_pcall(sc, script_groups_p, &a, err);
	script_data_close(a.lent);
	if (rc != 0 || a.rc != 0) {
		groups_clear(g);
		return (-1);
	}
	return (0);
}

/* Evaluate a predicate on every row of the session's data (protected). */
static int
script_filter_p(lua_State *L)
{
	struct script_host_args	*a = lua_touserdata(L, 1);
	struct gs_dataset	*ds = a->sc->session->data;
	const struct gs_selection *sel = &a->sc->session->sel;
	const char		*mode = a->sc->trusted ? "bt" : "t";
	size_t			 r, j;
	double			 v;
	int			 fi;

	lua_pushfstring(L, "local x, pred, row, target = ...; return (%s)",
	    a->expr);
	if (luaL_loadbufferx(L, lua_tostring(L, -1), lua_rawlen(L, -1),
	    "=predicate", mode) != LUA_OK)
		return (script_load_fail(a->sc, LUA_ERRSYNTAX));
	fi = lua_gettop(L);
	for (r = 0; r < a->nrows; r++) {
		lua_pushvalue(L, fi);
		lua_createtable(L, 0, (int)ds->ncols);
		for (j = 0; j < ds->ncols; j++) {
			lua_pushnumber(L, dataset_cell(ds, r, j));
			lua_setfield(L, -2, ds->cols[j].name);
		}
		if (a->pred != NULL)
			lua_pushnumber(L, a->pred[r]);
		else
			lua_pushnil(L);
		lua_pushinteger(L, (lua_Integer)r);
		v = sel->target >= 0 ? dataset_cell(ds, r,
		    (size_t)sel->target) : NAN;
		if (isnan(v))
			lua_pushnil(L);
		else
			lua_pushnumber(L, v);
		lua_call(L, 4, 1);
		a->keep[r] = lua_toboolean(L, -1);
		lua_pop(L, 1);
	}
	return (0);
}

/*
 * Evaluate the predicate expr on every row of the session's data; see
 * script.h. Errors: GS_EPARSE, GS_EINVAL, GS_ELIMIT, GS_EINTR.
 */
int
script_filter_rows(struct gs_script *sc, const char *expr,
    const double *pred, size_t nrows, unsigned char *keep,
    struct gs_error *err)
{
	struct script_host_args	a;

	if (sc->session == NULL || sc->session->data == NULL)
		return (gs_error_set(err, GS_EINVAL, "rows: no dataset is "
		    "loaded"));
	if (nrows != sc->session->data->nrows)
		return (gs_error_set(err, GS_EINVAL, "rows: %zu predictions "
		    "for %zu rows", nrows, sc->session->data->nrows));
	sc->interrupted = 0;
	memset(&a, 0, sizeof a);
	memset(keep, 0, nrows);
	a.sc = sc;
	a.expr = expr;
	a.pred = pred;
	a.nrows = nrows;
	a.keep = keep;
	return (script_pcall(sc, script_filter_p, &a, err));
}

/* Column minimum and maximum over the numeric cells. */
static void
script_noise_range(const struct gs_dataset *ds, size_t c, double *lo,
    double *hi)
{
	size_t	r;
	double	v;

	*lo = HUGE_VAL;
	*hi = -HUGE_VAL;
	for (r = 0; r < ds->nrows; r++) {
		v = dataset_cell(ds, r, c);
		if (isnan(v))
			continue;
		if (v < *lo)
			*lo = v;
		if (v > *hi)
			*hi = v;
	}
	if (*lo > *hi)
		*lo = *hi = NAN;
}

/*
 * The state of a noise function (the function at idx) for d features
 * with statistics from ds and sel (ds may be NULL): it keeps the function
 * and a stats table in the registry. The caller owns it
 * (script_noise_free).
 */
void *
script_noise_new(struct gs_script *sc, lua_State *L, int idx,
    struct gs_dataset *ds, const struct gs_selection *sel, size_t d)
{
	struct script_noisectx	*nc;
	static const char *const fields[] = { "mean", "sd", "min", "max" };
	double			 v[4];
	size_t			 j, f;

	idx = lua_absindex(L, idx);
	luaL_checktype(L, idx, LUA_TFUNCTION);
	/* The stats table: mean, sd, min, max arrays and names. */
	lua_createtable(L, 0, 5);
	for (f = 0; f < 4; f++) {
		lua_createtable(L, (int)d, 0);
		lua_setfield(L, -2, fields[f]);
	}
	lua_createtable(L, (int)d, 0);
	for (j = 0; ds != NULL && j < d; j++) {
		dataset_column_stats(ds, sel->cols[j], &v[0], &v[1]);
		script_noise_range(ds, sel->cols[j], &v[2], &v[3]);
		for (f = 0; f < 4; f++) {
			lua_getfield(L, -2, fields[f]);
			lua_pushnumber(L, v[f]);
			lua_rawseti(L, -2, (lua_Integer)j + 1);
			lua_pop(L, 1);
		}
		lua_pushstring(L, ds->cols[sel->cols[j]].name);
		lua_rawseti(L, -2, (lua_Integer)j + 1);
	}
	lua_setfield(L, -2, "names");
	lua_pushinteger(L, (lua_Integer)d);
	lua_setfield(L, -2, "d");
	nc = xcalloc(1, sizeof *nc);
	nc->sc = sc;
	nc->d = d;
	nc->stats = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_pushvalue(L, idx);
	nc->fn = luaL_ref(L, LUA_REGISTRYINDEX);
	if (ds != NULL) {
		nc->names = xcalloc(d + 1, sizeof *nc->names);
		for (j = 0; j < d; j++)
			nc->names[j] = xstrdup(ds->cols[sel->cols[j]].name);
	}
	return (nc);
}

/* Free a noise function's state and its registry entries; NULL is fine. */
void
script_noise_free(struct gs_script *sc, void *arg)
{
	struct script_noisectx	*nc = arg;
	size_t			 j;

	if (nc == NULL)
		return;
	luaL_unref(sc->L, LUA_REGISTRYINDEX, nc->fn);
	luaL_unref(sc->L, LUA_REGISTRYINDEX, nc->stats);
	if (nc->names != NULL)
		for (j = 0; j < nc->d; j++)
			free(nc->names[j]);
	free(nc->names);
	free(nc);
}

/* Call a noise function on one block (protected). */
static int
script_noise_fill_p(lua_State *L)
{
	struct script_noise_args *a = lua_touserdata(L, 1);
	struct script_noisectx	 *nc = a->nc;
	size_t			  i;

	lua_rawgeti(L, LUA_REGISTRYINDEX, nc->fn);
	a->mx = script_matrix_push_lent(L, a->out, a->n, nc->d);
	script_matrix_set_streams(a->mx, a->seed, a->row, a->first);
	script_push_named(L, a->x, nc->d, (const char *const *)nc->names);
	lua_rawgeti(L, LUA_REGISTRYINDEX, nc->stats);
	script_rng_push(L, a->seed ^ UINT64_C(0x5eed0f5c41f7), a->row,
	    a->first);
	lua_call(L, 4, 0);
	for (i = 0; i < a->n * nc->d; i++) {
		if (!isfinite(a->out[i]))
			return (luaL_error(L, "the noise function left a "
			    "non-finite value at sample %d, feature %d",
			    (int)(i / nc->d) + 1, (int)(i % nc->d) + 1));
	}
	return (0);
}

/*
 * The gs_noise_fn of Lua noise functions: zero out (n x d), call the
 * function once for the whole block with a Matrix over it, and check
 * that every value is finite. Errors: GS_ESHAPE, GS_EINTR, and those of
 * script_call.
 */
int
script_noise_fill(void *arg, size_t row, const double *x, size_t n,
    size_t d, uint64_t seed, uint64_t first, double *out,
    struct gs_error *err)
{
	struct script_noisectx	 *nc = arg;
	struct gs_script	 *sc = nc->sc;
	struct script_noise_args  a;
	int			  rc;

	if (d != nc->d)
		return (gs_error_set(err, GS_ESHAPE, "noise function for %zu "
		    "features called with %zu", nc->d, d));
	if (sc->depth == 0 && sc->interrupted) {
		sc->interrupted = 0;
		return (gs_error_set(err, GS_EINTR, "interrupted"));
	}
	memset(out, 0, n * d * sizeof *out);
	memset(&a, 0, sizeof a);
	a.nc = nc;
	a.row = row;
	a.x = x;
	a.n = n;
	a.seed = seed;
	a.first = first;
	a.out = out;
	rc = script_pcall(sc, script_noise_fill_p, &a, err);
	script_matrix_close(a.mx);
	return (rc);
}

/* Load a noise script into a cache entry's callback state (protected). */
static int
script_noise_load_p(lua_State *L)
{
	struct script_host_args	*a = lua_touserdata(L, 1);
	struct gs_session	*s = a->sc->session;
	struct script_noisectx	*nc;

	lua_rawgeti(L, LUA_REGISTRYINDEX, a->c->fn);
	nc = script_noise_new(a->sc, L, -1, s->data, &s->sel, s->sel.n);
	nc->next = a->sc->noises;
	a->sc->noises = nc;
	a->c->noise = nc;
	a->c->data = s->data;
	return (0);
}

/*
 * Noise from the script at path; see script.h. nz->fill_arg belongs to
 * sc. Errors: GS_EIO, GS_EPARSE, GS_EINVAL.
 */
int
script_noise(struct gs_script *sc, const char *path, struct gs_noise *nz,
    struct gs_error *err)
{
	struct script_host_args	a;

	memset(nz, 0, sizeof *nz);
	if (sc->session == NULL || sc->session->data == NULL)
		return (gs_error_set(err, GS_EINVAL, "noise %s needs a dataset "
		    "(none is loaded)", path));
	sc->interrupted = 0;
	memset(&a, 0, sizeof a);
	a.sc = sc;
	a.path = path;
	if ((a.c = script_cache_get(sc, path, "noise", err)) == NULL)
		return (-1);
	if ((a.c->noise == NULL || a.c->data != sc->session->data) &&
	    script_pcall(sc, script_noise_load_p, &a, err) != 0)
		return (-1);
	nz->spec = xstrdup(path);
	nz->d = sc->session->sel.n;
	nz->fill = script_noise_fill;
	nz->fill_arg = a.c->noise;
	return (0);
}
