/* SPDX-License-Identifier: ISC */
/*
 * gshap.Rng, the seeded generator of src/core/rng.h for scripts, and
 * gshap.Matrix, the n x d block a noise function fills. A matrix's bulk
 * fills draw sample row i from its own stream, so they do not depend on
 * how the samples are split into batches.
 */
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "core/rng.h"
#include "script/script-int.h"

/* Streams of noise matrices are kept apart from the methods' own draws. */
#define SCRIPT_NOISE_SEED	UINT64_C(0x6e6f697365)

/* gshap.Matrix lent to a noise function: where each row's stream starts. */
struct script_matrix_rng {
	uint64_t seed;		/* explainer seed */
	uint64_t row;		/* data row */
	uint64_t first;		/* sample number of matrix row 1 */
};

/* A seed from a Lua integer or integral float >= 0. */
static uint64_t
script_rng_seed(lua_State *L, int idx)
{
	lua_Integer	v;

	if (lua_isinteger(L, idx))
		v = lua_tointeger(L, idx);
	else
		v = (lua_Integer)luaL_checknumber(L, idx);
	luaL_argcheck(L, v >= 0, idx, "seeds are whole numbers >= 0");
	return ((uint64_t)v);
}

/* Push a gshap.Rng started at stream (a, b) of seed. */
void
script_rng_push(lua_State *L, uint64_t seed, uint64_t a, uint64_t b)
{
	struct gs_rng	*r = script_newudata(L, sizeof *r, SCRIPT_RNG, 0);

	gs_rng_init2(r, seed, a, b);
}

/* gshap.rng(seed [, stream]): stream number stream of generator seed. */
static int
script_rng_new(lua_State *L)
{
	uint64_t	 seed = script_rng_seed(L, 1), stream = 0;
	struct gs_rng	*r;

	if (!lua_isnoneornil(L, 2))
		stream = script_rng_seed(L, 2);
	r = script_newudata(L, sizeof *r, SCRIPT_RNG, 0);
	gs_rng_init(r, seed, stream);
	return (1);
}

/* r:uniform([a, b]): uniform in [0, 1) or [a, b). */
static int
script_rng_uniform(lua_State *L)
{
	struct gs_rng	*r = luaL_checkudata(L, 1, SCRIPT_RNG);
	double		 u = gs_rng_uniform(r), a, b;

	if (lua_isnoneornil(L, 2)) {
		lua_pushnumber(L, u);
		return (1);
	}
	a = luaL_checknumber(L, 2);
	b = luaL_checknumber(L, 3);
	lua_pushnumber(L, a + (b - a) * u);
	return (1);
}

/* r:normal([mean, sd]): a normal deviate. */
static int
script_rng_normal(lua_State *L)
{
	struct gs_rng	*r = luaL_checkudata(L, 1, SCRIPT_RNG);
	double		 z = gs_rng_normal(r);

	lua_pushnumber(L, luaL_optnumber(L, 2, 0) + luaL_optnumber(L, 3, 1) *
	    z);
	return (1);
}

/* r:integer(lo, hi): uniform whole number in [lo, hi]. */
static int
script_rng_integer(lua_State *L)
{
	struct gs_rng	*r = luaL_checkudata(L, 1, SCRIPT_RNG);
	lua_Integer	 lo = luaL_checkinteger(L, 2);
	lua_Integer	 hi = luaL_checkinteger(L, 3);

	luaL_argcheck(L, lo <= hi, 3, "empty range");
	lua_pushinteger(L, lo + (lua_Integer)gs_rng_below(r,
	    (uint64_t)hi - (uint64_t)lo + 1));
	return (1);
}

/*
 * r:sample(n, k): k distinct whole numbers of 0..n-1 in random order
 * (a partial Fisher-Yates shuffle), as an array.
 */
static int
script_rng_sample(lua_State *L)
{
	struct gs_rng	*r = luaL_checkudata(L, 1, SCRIPT_RNG);
	lua_Integer	 n = luaL_checkinteger(L, 2);
	lua_Integer	 k = luaL_checkinteger(L, 3);
	lua_Integer	*idx, i, s, t;

	luaL_argcheck(L, n >= 0 && n <= 1 << 26, 2, "0 to 67108864");
	luaL_argcheck(L, k >= 0 && k <= n, 3, "0 to n");
	idx = lua_newuserdatauv(L, (size_t)(n + 1) * sizeof *idx, 0);
	for (i = 0; i < n; i++)
		idx[i] = i;
	lua_createtable(L, (int)k, 0);
	for (i = 0; i < k; i++) {
		s = i + (lua_Integer)gs_rng_below(r, (uint64_t)(n - i));
		t = idx[i];
		idx[i] = idx[s];
		idx[s] = t;
		lua_pushinteger(L, idx[i]);
		lua_rawseti(L, -2, i + 1);
	}
	return (1);
}

static int
script_rng_tostring(lua_State *L)
{
	luaL_checkudata(L, 1, SCRIPT_RNG);
	lua_pushliteral(L, "gshap.Rng");
	return (1);
}

/*
 * Push a gshap.Matrix over n x d values at v, which the caller owns and
 * keeps valid until script_matrix_close; returns its struct.
 */
struct script_matrix *
script_matrix_push_lent(lua_State *L, double *v, size_t n, size_t d)
{
	struct script_matrix *mx;

	mx = script_newudata(L, sizeof *mx + sizeof(struct script_matrix_rng),
	    SCRIPT_MATRIX, 0);
	mx->v = v;
	mx->n = n;
	mx->d = d;
	return (mx);
}

/* Set where the rows' streams start (for a noise function's block). */
void
script_matrix_set_streams(struct script_matrix *mx, uint64_t seed,
    uint64_t row, uint64_t first)
{
	struct script_matrix_rng *s = (struct script_matrix_rng *)(mx + 1);

	s->seed = seed;
	s->row = row;
	s->first = first;
}

/* End a lent matrix's loan: later use of it raises. NULL is fine. */
void
script_matrix_close(struct script_matrix *mx)
{
	if (mx != NULL)
		mx->v = NULL;
}

/* The matrix at idx, raising when it was only lent to a finished call. */
static struct script_matrix *
script_matrix_check(lua_State *L, int idx)
{
	struct script_matrix *mx = luaL_checkudata(L, idx, SCRIPT_MATRIX);

	if (mx->v == NULL)
		luaL_error(L, "this matrix was lent to a call that has "
		    "returned");
	return (mx);
}

/* 1-based row and column arguments at idx, idx+1, checked. */
static size_t
script_matrix_at(lua_State *L, struct script_matrix *mx, int idx)
{
	lua_Integer	i = luaL_checkinteger(L, idx);
	lua_Integer	j = luaL_checkinteger(L, idx + 1);

	luaL_argcheck(L, i >= 1 && (size_t)i <= mx->n, idx, "row out of range");
	luaL_argcheck(L, j >= 1 && (size_t)j <= mx->d, idx + 1,
	    "column out of range");
	return ((size_t)(i - 1) * mx->d + (size_t)(j - 1));
}

/* m:get(i, j) */
static int
script_matrix_get(lua_State *L)
{
	struct script_matrix *mx = script_matrix_check(L, 1);

	lua_pushnumber(L, mx->v[script_matrix_at(L, mx, 2)]);
	return (1);
}

/* m:set(i, j, v) */
static int
script_matrix_set(lua_State *L)
{
	struct script_matrix *mx = script_matrix_check(L, 1);
	size_t		      at = script_matrix_at(L, mx, 2);

	mx->v[at] = luaL_checknumber(L, 4);
	return (0);
}

/* m:row(i): row i as an array. */
static int
script_matrix_row(lua_State *L)
{
	struct script_matrix *mx = script_matrix_check(L, 1);
	lua_Integer	      i = luaL_checkinteger(L, 2);

	luaL_argcheck(L, i >= 1 && (size_t)i <= mx->n, 2, "row out of range");
	script_push_array(L, mx->v + (size_t)(i - 1) * mx->d, mx->d);
	return (1);
}

/* m:set_row(i, t): row i from an array of d numbers. */
static int
script_matrix_set_row(lua_State *L)
{
	struct script_matrix *mx = script_matrix_check(L, 1);
	lua_Integer	      i = luaL_checkinteger(L, 2);

	luaL_argcheck(L, i >= 1 && (size_t)i <= mx->n, 2, "row out of range");
	script_check_vector(L, 3, mx->v + (size_t)(i - 1) * mx->d, mx->d, NULL,
	    "row");
	return (0);
}

/* m:fill(v): every entry v. */
static int
script_matrix_fill(lua_State *L)
{
	struct script_matrix *mx = script_matrix_check(L, 1);
	double		      v = luaL_checknumber(L, 2);
	size_t		      i;

	for (i = 0; i < mx->n * mx->d; i++)
		mx->v[i] = v;
	return (0);
}

/* d per-column values from a number or an array at idx (into buf). */
static void
script_matrix_cols(lua_State *L, int idx, struct script_matrix *mx,
    double *buf, const char *what)
{
	size_t	j;

	if (lua_type(L, idx) == LUA_TNUMBER) {
		for (j = 0; j < mx->d; j++)
			buf[j] = lua_tonumber(L, idx);
		return;
	}
	script_check_vector(L, idx, buf, mx->d, NULL, what);
}

/*
 * Standard normal deviates by the ziggurat method (Marsaglia & Tsang, "The
 * Ziggurat Method for Generating Random Variables", JSS 2000), 128 layers;
 * the layer comes from bits apart from the value's (Doornik 2005). About
 * three times as fast as the polar method of gs_rng_normal, which matters
 * when a noise function fills n x d values per batch.
 */
#define ZIG_LAYERS	128
#define ZIG_R		3.442619855899		/* start of the tail */
#define ZIG_V		9.91256303526217e-3	/* area of each layer */

static uint32_t	zig_k[ZIG_LAYERS];	/* acceptance thresholds */
static double	zig_w[ZIG_LAYERS];	/* value scale of each layer */
static double	zig_f[ZIG_LAYERS];	/* density at each layer's edge */
static pthread_once_t zig_once = PTHREAD_ONCE_INIT;

static void
zig_init(void)
{
	const double	m = 2147483648.0;
	double		dn = ZIG_R, tn = dn, q;
	int		i;

	q = ZIG_V / exp(-0.5 * dn * dn);
	zig_k[0] = (uint32_t)(dn / q * m);
	zig_k[1] = 0;
	zig_w[0] = q / m;
	zig_w[ZIG_LAYERS - 1] = dn / m;
	zig_f[0] = 1;
	zig_f[ZIG_LAYERS - 1] = exp(-0.5 * dn * dn);
	for (i = ZIG_LAYERS - 2; i >= 1; i--) {
		dn = sqrt(-2 * log(ZIG_V / dn + exp(-0.5 * dn * dn)));
		zig_k[i + 1] = (uint32_t)(dn / tn * m);
		tn = dn;
		zig_f[i] = exp(-0.5 * dn * dn);
		zig_w[i] = dn / m;
	}
}

/* A uniform deviate in (0, 1]. */
static double
zig_uniform(struct gs_rng *r)
{
	return (1 - gs_rng_uniform(r));
}

/* One standard normal deviate. */
static double
zig_normal(struct gs_rng *r)
{
	uint64_t	u;
	int32_t		hz;
	uint32_t	ahz;
	int		iz;
	double		x, y;

	for (;;) {
		u = gs_rng_next(r);
		hz = (int32_t)(uint32_t)(u >> 32);
		iz = (int)(u & (ZIG_LAYERS - 1));
		ahz = hz < 0 ? 0u - (uint32_t)hz : (uint32_t)hz;
		x = hz * zig_w[iz];
		if (ahz < zig_k[iz])
			return (x);
		if (iz == 0) {
			/* The tail beyond ZIG_R (Marsaglia 1964). */
			do {
				x = -log(zig_uniform(r)) / ZIG_R;
				y = -log(zig_uniform(r));
			} while (y + y < x * x);
			return (hz > 0 ? ZIG_R + x : -ZIG_R - x);
		}
		if (zig_f[iz] + zig_uniform(r) * (zig_f[iz - 1] - zig_f[iz]) <
		    exp(-0.5 * x * x))
			return (x);
	}
}

/* The generator of matrix row i (0-based). */
static void
script_matrix_stream(const struct script_matrix *mx, size_t i,
    struct gs_rng *r)
{
	const struct script_matrix_rng *s =
	    (const struct script_matrix_rng *)(mx + 1);

	gs_rng_init2(r, s->seed ^ SCRIPT_NOISE_SEED, s->row, s->first + i);
}

/*
 * m:normal(sd): entry (i, j) = sd_j times a standard normal deviate, sd a
 * number or an array of d (0 leaves the column at zero). Row i draws d
 * deviates from its own stream.
 */
static int
script_matrix_normal(lua_State *L)
{
	struct script_matrix *mx = script_matrix_check(L, 1);
	struct gs_rng	      r;
	double		     *sd;
	size_t		      i, j;

	sd = lua_newuserdatauv(L, (mx->d + 1) * sizeof *sd, 0);
	script_matrix_cols(L, 2, mx, sd, "sd");
	pthread_once(&zig_once, zig_init);
	for (i = 0; i < mx->n; i++) {
		script_matrix_stream(mx, i, &r);
		for (j = 0; j < mx->d; j++)
			mx->v[i * mx->d + j] = sd[j] * zig_normal(&r);
	}
	return (0);
}

/*
 * m:uniform(lo, hi): entry (i, j) uniform in [lo_j, hi_j), each a number
 * or an array of d. Row i draws from its own stream.
 */
static int
script_matrix_uniform(lua_State *L)
{
	struct script_matrix *mx = script_matrix_check(L, 1);
	struct gs_rng	      r;
	double		     *lo, *hi;
	size_t		      i, j;

	lo = lua_newuserdatauv(L, 2 * (mx->d + 1) * sizeof *lo, 0);
	hi = lo + mx->d + 1;
	script_matrix_cols(L, 2, mx, lo, "lo");
	script_matrix_cols(L, 3, mx, hi, "hi");
	for (i = 0; i < mx->n; i++) {
		script_matrix_stream(mx, i, &r);
		for (j = 0; j < mx->d; j++)
			mx->v[i * mx->d + j] = lo[j] + (hi[j] - lo[j]) *
			    gs_rng_uniform(&r);
	}
	return (0);
}

/*
 * m:saltpepper(p, x, lo, hi): with probability p each entry (i, j) moves x_j
 * to lo_j or hi_j (even odds): entry = lo_j - x_j or hi_j - x_j; other
 * entries are 0. x, lo and hi are arrays of d (lo and hi may be numbers).
 * Row i draws from its own stream.
 */
static int
script_matrix_saltpepper(lua_State *L)
{
	struct script_matrix *mx = script_matrix_check(L, 1);
	struct gs_rng	      r;
	double		      p = luaL_checknumber(L, 2), *x, *lo, *hi;
	size_t		      i, j;

	luaL_argcheck(L, p >= 0 && p <= 1, 2, "a probability (0 to 1)");
	x = lua_newuserdatauv(L, 3 * (mx->d + 1) * sizeof *x, 0);
	lo = x + mx->d + 1;
	hi = lo + mx->d + 1;
	script_check_vector(L, 3, x, mx->d, NULL, "x");
	script_matrix_cols(L, 4, mx, lo, "lo");
	script_matrix_cols(L, 5, mx, hi, "hi");
	for (i = 0; i < mx->n; i++) {
		script_matrix_stream(mx, i, &r);
		for (j = 0; j < mx->d; j++) {
			double u = gs_rng_uniform(&r), v = gs_rng_uniform(&r);

			mx->v[i * mx->d + j] = u >= p ? 0 :
			    (v < 0.5 ? lo[j] : hi[j]) - x[j];
		}
	}
	return (0);
}

/* m:rng(i): the generator of row i (a new one each call, same draws). */
static int
script_matrix_rng(lua_State *L)
{
	struct script_matrix *mx = script_matrix_check(L, 1);
	lua_Integer	      i = luaL_checkinteger(L, 2);
	struct gs_rng	     *r;

	luaL_argcheck(L, i >= 1 && (size_t)i <= mx->n, 2, "row out of range");
	r = script_newudata(L, sizeof *r, SCRIPT_RNG, 0);
	script_matrix_stream(mx, (size_t)(i - 1), r);
	return (1);
}

/* m.n, m.d, and the methods. */
static int
script_matrix_index(lua_State *L)
{
	struct script_matrix *mx = luaL_checkudata(L, 1, SCRIPT_MATRIX);
	const char	     *k = lua_tostring(L, 2);

	if (k != NULL && strcmp(k, "n") == 0) {
		lua_pushinteger(L, (lua_Integer)mx->n);
		return (1);
	}
	if (k != NULL && strcmp(k, "d") == 0) {
		lua_pushinteger(L, (lua_Integer)mx->d);
		return (1);
	}
	lua_getmetatable(L, 1);
	lua_getfield(L, -1, "methods");
	lua_pushvalue(L, 2);
	lua_rawget(L, -2);
	return (1);
}

static int
script_matrix_tostring(lua_State *L)
{
	struct script_matrix *mx = luaL_checkudata(L, 1, SCRIPT_MATRIX);

	lua_pushfstring(L, "gshap.Matrix(%d x %d)", (int)mx->n, (int)mx->d);
	return (1);
}

/*
 * Register gshap.Rng and gshap.Matrix and add gshap.rng to the module
 * table on top of the stack.
 */
void
script_rng_open(lua_State *L)
{
	static const luaL_Reg rng[] = {
		{ "uniform", script_rng_uniform },
		{ "normal", script_rng_normal },
		{ "integer", script_rng_integer },
		{ "sample", script_rng_sample },
		{ NULL, NULL }
	};
	static const luaL_Reg mat[] = {
		{ "get", script_matrix_get },
		{ "set", script_matrix_set },
		{ "row", script_matrix_row },
		{ "set_row", script_matrix_set_row },
		{ "fill", script_matrix_fill },
		{ "normal", script_matrix_normal },
		{ "uniform", script_matrix_uniform },
		{ "saltpepper", script_matrix_saltpepper },
		{ "rng", script_matrix_rng },
		{ NULL, NULL }
	};
	static const luaL_Reg rng_meta[] = {
		{ "__tostring", script_rng_tostring },
		{ NULL, NULL }
	};
	static const luaL_Reg mat_meta[] = {
		{ "__index", script_matrix_index },
		{ "__tostring", script_matrix_tostring },
		{ NULL, NULL }
	};

	script_newclass(L, SCRIPT_RNG, rng_meta, rng, "__index");
	script_newclass(L, SCRIPT_MATRIX, mat_meta, mat, "methods");

	lua_pushcfunction(L, script_rng_new);
	lua_setfield(L, -2, "rng");
}
