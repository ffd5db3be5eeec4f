/* SPDX-License-Identifier: ISC */
/*
 * Exact gradients of Lua functions by reverse mode: while a model call is
 * recorded, its inputs are gshap.Var values whose arithmetic metamethods
 * (and the math functions, replaced here by versions that take them)
 * append each operation and its local partial derivatives to a tape; one
 * backward sweep then gives the gradient with respect to every input
 * (Griewank & Walther, "Evaluating Derivatives", 2008, ch. 3). Plain
 * numbers take the original math functions, unchanged.
 */
#include <math.h>
#include <string.h>

#include <lualib.h>

#include "script/script-int.h"

/* A variable: a tape node of one recording. */
struct script_var {
	uint64_t gen;		/* recording it belongs to */
	int64_t	 idx;		/* tape node */
	double	 v;		/* value */
};

/*
 * Start recording a tape (a new generation, so variables of earlier
 * recordings are refused). Raises when one is being recorded.
 */
void
script_var_begin(lua_State *L)
{
	struct gs_script *sc = script_of(L);

	if (sc->tape.gen != 0)
		luaL_error(L, "a gradient cannot be taken inside another "
		    "model call");
	sc->tape.gen = ++sc->tape.next_gen;
	sc->tape.len = 0;
}

/* Stop recording. Makes no Lua call, so it is safe after an error. */
void
script_var_end(struct gs_script *sc)
{
	sc->tape.gen = 0;
	sc->tape.len = 0;
}

/* Append a node; raises at the memory limit. Returns its index. */
static int64_t
script_var_record(lua_State *L, double v, int64_t a, double da, int64_t b,
    double db)
{
	struct gs_script	*sc = script_of(L);
	struct script_tape	*t = &sc->tape;
	struct script_tnode	*n = NULL;
	size_t			 cap;

	if (t->gen == 0)
		luaL_error(L, "gshap variables exist only during a model call");
	if (t->len == t->cap) {
		cap = t->cap == 0 ? 256 : t->cap * 2;
		if (cap > ((size_t)1 << 40) / sizeof *n ||
		    (n = script_realloc(sc, t->node, t->cap * sizeof *n,
		    cap * sizeof *n)) == NULL)
			luaL_error(L, "memory limit of %zu MiB exceeded (the "
			    "model's tape has %zu operations)",
			    sc->mem_limit >> 20, t->len);
		t->node = n;
		t->cap = cap;
	}
	n = &t->node[t->len];
	n->v = v;
	n->a = a;
	n->da = da;
	n->b = b;
	n->db = db;
	return ((int64_t)t->len++);
}

/* Push a variable for node idx with value v. */
static void
script_var_push(lua_State *L, int64_t idx, double v)
{
	struct script_var *x;

	x = lua_newuserdatauv(L, sizeof *x, 0);
	x->gen = script_of(L)->tape.gen;
	x->idx = idx;
	x->v = v;
	luaL_setmetatable(L, SCRIPT_VAR);
}

/* Push a new input variable of value v (record it as a leaf). */
void
script_var_push_input(lua_State *L, double v)
{
	script_var_push(L, script_var_record(L, v, -1, 0, -1, 0), v);
}

/*
 * The number or variable at idx: its value in *v, its tape node (or -1
 * for a number). Raises for other types and for variables of another
 * recording.
 */
int64_t
script_var_get(lua_State *L, int idx, double *v)
{
	struct script_var *x;

	if (lua_type(L, idx) == LUA_TNUMBER) {
		*v = lua_tonumber(L, idx);
		return (-1);
	}
	if ((x = luaL_testudata(L, idx, SCRIPT_VAR)) == NULL) {
		luaL_typeerror(L, idx, "number");
		return (-1);
	}
	if (x->gen != script_of(L)->tape.gen)
		luaL_error(L, "a gshap variable was used outside the model "
		    "call that made it");
	*v = x->v;
	return (x->idx);
}

/* Push the result of an operation: a number when nothing is recorded. */
static int
script_var_result(lua_State *L, double v, int64_t a, double da, int64_t b,
    double db)
{
	if (a < 0 && b < 0) {
		lua_pushnumber(L, v);
		return (1);
	}
	script_var_push(L, script_var_record(L, v, a, da, b, db), v);
	return (1);
}

/*
 * Reverse sweep from tape node out (-1: a constant, gradient 0):
 * accumulate adjoints down the tape and give the first d (the inputs) in
 * grad. Raises at the memory limit.
 */
void
script_var_backward(lua_State *L, int64_t out, double *grad, size_t d)
{
	struct gs_script	*sc = script_of(L);
	struct script_tape	*t = &sc->tape;
	const struct script_tnode *n;
	double			*adj, g;
	size_t			 need = t->len;
	int64_t			 i;

	memset(grad, 0, d * sizeof *grad);
	if (out < 0)
		return;
	if (need > t->adj_cap) {
		if ((adj = script_realloc(sc, t->adj, t->adj_cap * sizeof *adj,
		    need * sizeof *adj)) == NULL)
			luaL_error(L, "memory limit of %zu MiB exceeded (the "
			    "backward pass)", sc->mem_limit >> 20);
		t->adj = adj;
		t->adj_cap = need;
	}
	adj = t->adj;
	memset(adj, 0, need * sizeof *adj);
	adj[out] = 1;
	for (i = out; i >= 0; i--) {
		if ((g = adj[i]) == 0)
			continue;
		n = &t->node[i];
		if (n->a >= 0)
			adj[n->a] += n->da * g;
		if (n->b >= 0)
			adj[n->b] += n->db * g;
	}
	for (i = 0; i < (int64_t)d && i < (int64_t)need; i++)
		grad[i] = adj[i];
}

/* The two operands of a binary metamethod. */
#define VAR_BINARY(L, va, vb, ia, ib) \
	double va, vb; \
	int64_t ia = script_var_get(L, 1, &va), ib = script_var_get(L, 2, &vb)

/* a + b: d/da = 1, d/db = 1. */
static int
script_var_add(lua_State *L)
{
	VAR_BINARY(L, a, b, ia, ib);
	return (script_var_result(L, a + b, ia, 1, ib, 1));
}

/* a - b: d/da = 1, d/db = -1. */
static int
script_var_sub(lua_State *L)
{
	VAR_BINARY(L, a, b, ia, ib);
	return (script_var_result(L, a - b, ia, 1, ib, -1));
}

/* a * b: d/da = b, d/db = a. */
static int
script_var_mul(lua_State *L)
{
	VAR_BINARY(L, a, b, ia, ib);
	return (script_var_result(L, a * b, ia, b, ib, a));
}

/* a / b: d/da = 1/b, d/db = -a/b^2. */
static int
script_var_div(lua_State *L)
{
	VAR_BINARY(L, a, b, ia, ib);
	return (script_var_result(L, a / b, ia, 1 / b, ib, -a / (b * b)));
}

/* a ^ b: d/da = b a^(b-1), d/db = a^b ln a (a > 0). */
static int
script_var_pow(lua_State *L)
{
	double	y, db;

	VAR_BINARY(L, a, b, ia, ib);
	y = pow(a, b);
	db = ib < 0 ? 0 : a > 0 ? y * log(a) : a == 0 ? 0 : NAN;
	return (script_var_result(L, y, ia, ia < 0 ? 0 : b * pow(a, b - 1),
	    ib, db));
}

/* a % b = a - floor(a/b) b: d/da = 1, d/db = -floor(a/b). */
static int
script_var_mod(lua_State *L)
{
	double	q;

	VAR_BINARY(L, a, b, ia, ib);
	q = floor(a / b);
	return (script_var_result(L, a - q * b, ia, 1, ib, -q));
}

/* a // b: piecewise constant, so a plain number. */
static int
script_var_idiv(lua_State *L)
{
	VAR_BINARY(L, a, b, ia, ib);
	(void)ia;
	(void)ib;
	lua_pushnumber(L, floor(a / b));
	return (1);
}

/* -a: d/da = -1. */
static int
script_var_unm(lua_State *L)
{
	double	a;
	int64_t	ia = script_var_get(L, 1, &a);

	return (script_var_result(L, -a, ia, -1, -1, 0));
}

/* Comparisons compare values. */
static int
script_var_lt(lua_State *L)
{
	VAR_BINARY(L, a, b, ia, ib);
	(void)ia;
	(void)ib;
	lua_pushboolean(L, a < b);
	return (1);
}

static int
script_var_le(lua_State *L)
{
	VAR_BINARY(L, a, b, ia, ib);
	(void)ia;
	(void)ib;
	lua_pushboolean(L, a <= b);
	return (1);
}

static int
script_var_eq(lua_State *L)
{
	VAR_BINARY(L, a, b, ia, ib);
	(void)ia;
	(void)ib;
	lua_pushboolean(L, a == b);
	return (1);
}

/* The value in text (what print shows), and concatenation of values. */
static int
script_var_tostring(lua_State *L)
{
	struct script_var	*x = luaL_checkudata(L, 1, SCRIPT_VAR);
	char			 buf[64];

	snprintf(buf, sizeof buf, "%.14g", x->v);
	lua_pushstring(L, buf);
	return (1);
}

static int
script_var_concat(lua_State *L)
{
	luaL_tolstring(L, 1, NULL);
	luaL_tolstring(L, 2, NULL);
	lua_concat(L, 2);
	return (1);
}

/* The unary functions that record their derivative. */
enum script_fn {
	SCRIPT_FN_EXP,
	SCRIPT_FN_LOG,
	SCRIPT_FN_SQRT,
	SCRIPT_FN_SIN,
	SCRIPT_FN_COS,
	SCRIPT_FN_TAN,
	SCRIPT_FN_ASIN,
	SCRIPT_FN_ACOS,
	SCRIPT_FN_ABS,
	SCRIPT_FN_TANH,
	SCRIPT_FN_SIGMOID,
	SCRIPT_FN_RELU,
	SCRIPT_FN_SOFTPLUS,
	SCRIPT_FN_COUNT
};

/* sigmoid(x) = 1 / (1 + e^-x), computed without overflow. */
static double
script_sigmoid(double x)
{
	double	e;

	if (x >= 0)
		return (1 / (1 + exp(-x)));
	e = exp(x);
	return (e / (1 + e));
}

/* y = f(x) and dy = f'(x) for one of the functions above. */
static void
script_var_fn(enum script_fn fn, double x, double *y, double *dy)
{
	switch (fn) {
	case SCRIPT_FN_EXP:		/* (e^x)' = e^x */
		*y = exp(x);
		*dy = *y;
		break;
	case SCRIPT_FN_LOG:		/* (ln x)' = 1/x */
		*y = log(x);
		*dy = 1 / x;
		break;
	case SCRIPT_FN_SQRT:		/* (sqrt x)' = 1 / (2 sqrt x) */
		*y = sqrt(x);
		*dy = 0.5 / *y;
		break;
	case SCRIPT_FN_SIN:		/* (sin x)' = cos x */
		*y = sin(x);
		*dy = cos(x);
		break;
	case SCRIPT_FN_COS:		/* (cos x)' = -sin x */
		*y = cos(x);
		*dy = -sin(x);
		break;
	case SCRIPT_FN_TAN:		/* (tan x)' = 1 + tan^2 x */
		*y = tan(x);
		*dy = 1 + *y * *y;
		break;
	case SCRIPT_FN_ASIN:		/* (asin x)' = 1 / sqrt(1 - x^2) */
		*y = asin(x);
		*dy = 1 / sqrt(1 - x * x);
		break;
	case SCRIPT_FN_ACOS:		/* (acos x)' = -1 / sqrt(1 - x^2) */
		*y = acos(x);
		*dy = -1 / sqrt(1 - x * x);
		break;
	case SCRIPT_FN_ABS:		/* |x|' = sign x (0 at 0) */
		*y = fabs(x);
		*dy = x > 0 ? 1 : x < 0 ? -1 : 0;
		break;
	case SCRIPT_FN_TANH:		/* (tanh x)' = 1 - tanh^2 x */
		*y = tanh(x);
		*dy = 1 - *y * *y;
		break;
	case SCRIPT_FN_SIGMOID:		/* s' = s (1 - s) */
		*y = script_sigmoid(x);
		*dy = *y * (1 - *y);
		break;
	case SCRIPT_FN_RELU:		/* max(x, 0)' = [x > 0] */
		*y = x > 0 ? x : 0;
		*dy = x > 0 ? 1 : 0;
		break;
	case SCRIPT_FN_SOFTPLUS:	/* ln(1 + e^x)' = sigmoid x */
		*y = x > 0 ? x + log1p(exp(-x)) : log1p(exp(x));
		*dy = script_sigmoid(x);
		break;
	default:
		*y = *dy = NAN;
		break;
	}
}

/* fn of the number or variable argument 1, recorded for a variable. */
static int
script_var_unary(lua_State *L, enum script_fn fn)
{
	double	a, y, dy;
	int64_t	ia = script_var_get(L, 1, &a);

	script_var_fn(fn, a, &y, &dy);
	return (script_var_result(L, y, ia, dy, -1, 0));
}

/* Whether any argument is a variable (then the derivative code runs). */
static int
script_var_any(lua_State *L)
{
	int	i, n = lua_gettop(L);

	for (i = 1; i <= n; i++)
		if (lua_type(L, i) == LUA_TUSERDATA &&
		    luaL_testudata(L, i, SCRIPT_VAR) != NULL)
			return (1);
	return (0);
}

/* Call the original math function (upvalue 1) with our arguments. */
static int
script_var_orig(lua_State *L)
{
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return (lua_gettop(L));
}

/* One replacement math function: the original for numbers. */
#define VAR_MATH(name, fn) \
static int \
script_math_##name(lua_State *L) \
{ \
	if (!script_var_any(L)) \
		return (script_var_orig(L)); \
	return (script_var_unary(L, fn)); \
}

VAR_MATH(exp, SCRIPT_FN_EXP)
VAR_MATH(sqrt, SCRIPT_FN_SQRT)
VAR_MATH(sin, SCRIPT_FN_SIN)
VAR_MATH(cos, SCRIPT_FN_COS)
VAR_MATH(tan, SCRIPT_FN_TAN)
VAR_MATH(asin, SCRIPT_FN_ASIN)
VAR_MATH(acos, SCRIPT_FN_ACOS)
VAR_MATH(abs, SCRIPT_FN_ABS)

/* math.log(x [, base]): log x / log base; d/dx = 1/(x ln b). */
static int
script_math_log(lua_State *L)
{
	double	a, b, lb;
	int64_t	ia, ib;

	if (!script_var_any(L))
		return (script_var_orig(L));
	if (lua_isnoneornil(L, 2))
		return (script_var_unary(L, SCRIPT_FN_LOG));
	ia = script_var_get(L, 1, &a);
	ib = script_var_get(L, 2, &b);
	lb = log(b);
	return (script_var_result(L, log(a) / lb, ia, 1 / (a * lb), ib,
	    -log(a) / (b * lb * lb)));
}

/* math.atan(y [, x]): d/dy = x/(x^2+y^2), d/dx = -y/(x^2+y^2). */
static int
script_math_atan(lua_State *L)
{
	double	y, x = 1, r;
	int64_t	iy, ix = -1;

	if (!script_var_any(L))
		return (script_var_orig(L));
	iy = script_var_get(L, 1, &y);
	if (!lua_isnoneornil(L, 2))
		ix = script_var_get(L, 2, &x);
	r = x * x + y * y;
	return (script_var_result(L, atan2(y, x), iy, x / r, ix, -y / r));
}

/*
 * math.max and math.min: the winning argument itself, so the gradient
 * flows to it (a subgradient at ties: the first of them).
 */
static int
script_var_pick(lua_State *L, int max)
{
	double	v, best = 0;
	int	i, n = lua_gettop(L), at = 1;

	if (!script_var_any(L))
		return (script_var_orig(L));
	for (i = 1; i <= n; i++) {
		script_var_get(L, i, &v);
		if (i == 1 || (max ? v > best : v < best)) {
			best = v;
			at = i;
		}
	}
	lua_pushvalue(L, at);
	return (1);
}

static int
script_math_max(lua_State *L)
{
	return (script_var_pick(L, 1));
}

static int
script_math_min(lua_State *L)
{
	return (script_var_pick(L, 0));
}

/* math.floor and math.ceil of a variable: its value rounded, a constant. */
static int
script_var_round(lua_State *L, int up)
{
	double	v;

	if (!script_var_any(L))
		return (script_var_orig(L));
	script_var_get(L, 1, &v);
	v = up ? ceil(v) : floor(v);
	if (v >= -9.2e18 && v <= 9.2e18)
		lua_pushinteger(L, (lua_Integer)v);
	else
		lua_pushnumber(L, v);
	return (1);
}

static int
script_math_floor(lua_State *L)
{
	return (script_var_round(L, 0));
}

static int
script_math_ceil(lua_State *L)
{
	return (script_var_round(L, 1));
}

/*
 * Replace the math functions that take variables by versions that
 * record them, keeping the originals (upvalues) for plain numbers.
 */
void
script_var_math(lua_State *L)
{
	static const luaL_Reg fns[] = {
		{ "exp", script_math_exp },
		{ "log", script_math_log },
		{ "sqrt", script_math_sqrt },
		{ "sin", script_math_sin },
		{ "cos", script_math_cos },
		{ "tan", script_math_tan },
		{ "asin", script_math_asin },
		{ "acos", script_math_acos },
		{ "atan", script_math_atan },
		{ "abs", script_math_abs },
		{ "max", script_math_max },
		{ "min", script_math_min },
		{ "floor", script_math_floor },
		{ "ceil", script_math_ceil },
		{ NULL, NULL }
	};
	const luaL_Reg	*f;

	lua_getglobal(L, LUA_MATHLIBNAME);
	for (f = fns; f->name != NULL; f++) {
		lua_getfield(L, -1, f->name);
		lua_pushcclosure(L, f->func, 1);
		lua_setfield(L, -2, f->name);
	}
	lua_pop(L, 1);
}

/* gshap.tanh and friends: for numbers and variables alike. */
static int
script_var_tanh(lua_State *L)
{
	return (script_var_unary(L, SCRIPT_FN_TANH));
}

static int
script_var_sigmoid(lua_State *L)
{
	return (script_var_unary(L, SCRIPT_FN_SIGMOID));
}

static int
script_var_relu(lua_State *L)
{
	return (script_var_unary(L, SCRIPT_FN_RELU));
}

static int
script_var_softplus(lua_State *L)
{
	return (script_var_unary(L, SCRIPT_FN_SOFTPLUS));
}

/*
 * gshap.softmax(t): e^(t_i - m) / sum_j e^(t_j - m) with m the largest
 * value, a constant shift that changes neither the result nor its
 * derivative; built from recorded exp, sum and division.
 */
static int
script_var_softmax(lua_State *L)
{
	lua_Integer	n, i;
	double		v, m = -HUGE_VAL, s = 0;
	int64_t		is = -1, *ix;
	double		*e;

	luaL_checktype(L, 1, LUA_TTABLE);
	n = luaL_len(L, 1);
	luaL_argcheck(L, n >= 1 && n <= 1 << 20, 1, "1 to 1048576 values");
	e = lua_newuserdatauv(L, (size_t)n * (sizeof *e + sizeof *ix), 0);
	ix = (int64_t *)(e + n);
	for (i = 0; i < n; i++) {
		lua_geti(L, 1, i + 1);
		script_var_get(L, -1, &v);
		if (v > m)
			m = v;
		lua_pop(L, 1);
	}
	for (i = 0; i < n; i++) {
		lua_geti(L, 1, i + 1);
		ix[i] = script_var_get(L, -1, &v);
		lua_pop(L, 1);
		e[i] = exp(v - m);
		if (ix[i] >= 0)
			ix[i] = script_var_record(L, e[i], ix[i], e[i], -1, 0);
		/* s += e_i */
		if (is < 0 && ix[i] < 0)
			s += e[i];
		else {
			is = script_var_record(L, s + e[i], is, 1, ix[i], 1);
			s += e[i];
		}
	}
	lua_createtable(L, (int)n, 0);
	for (i = 0; i < n; i++) {
		/* y_i = e_i / s: d/de_i = 1/s, d/ds = -e_i/s^2. */
		script_var_result(L, e[i] / s, ix[i], 1 / s, is,
		    -e[i] / (s * s));
		lua_rawseti(L, -2, i + 1);
	}
	return (1);
}

/* gshap.value(v): the number a variable (or number) holds. */
static int
script_var_value(lua_State *L)
{
	double	v;

	script_var_get(L, 1, &v);
	lua_pushnumber(L, v);
	return (1);
}

/* The body of gshap.gradient, run protected while recording. */
static int
script_var_gradient_p(lua_State *L)
{
	lua_Integer	 d = luaL_len(L, 2), i, k = lua_tointeger(L, 3);
	double		 v, *g;
	int64_t		 out;

	lua_pushvalue(L, 1);
	lua_createtable(L, (int)d, 0);
	for (i = 1; i <= d; i++) {
		if (lua_geti(L, 2, i) != LUA_TNUMBER)
			return (luaL_error(L, "bad argument #2 to 'gradient' "
			    "(x[%d] is not a number)", (int)i));
		v = lua_tonumber(L, -1);
		lua_pop(L, 1);
		script_var_push_input(L, v);
		lua_rawseti(L, -2, i);
	}
	lua_call(L, 1, 1);
	if (lua_type(L, -1) == LUA_TTABLE) {
		if (k < 1 || k > (lua_Integer)lua_rawlen(L, -1))
			return (luaL_argerror(L, 3, "no such output"));
		lua_geti(L, -1, k);
	} else if (k != 1)
		return (luaL_argerror(L, 3, "the function returned one value"));
	if (lua_type(L, -1) != LUA_TNUMBER && luaL_testudata(L, -1,
	    SCRIPT_VAR) == NULL)
		return (luaL_error(L, "the function returned a %s, not a "
		    "number", luaL_typename(L, -1)));
	out = script_var_get(L, -1, &v);
	g = lua_newuserdatauv(L, (size_t)d * sizeof *g, 0);
	script_var_backward(L, out, g, (size_t)d);
	script_push_array(L, g, (size_t)d);
	lua_pushnumber(L, v);
	return (2);
}

/*
 * gshap.gradient(f, x [, k]): f(x) and its exact gradient with respect to
 * the array x, in double precision. f returns a number, a variable or an
 * array of them (k picks one, 1-based, default 1). Returns the gradient
 * array and the value.
 */
static int
script_var_gradient(lua_State *L)
{
	struct gs_script *sc = script_of(L);
	lua_Integer	  d;
	int		  rc;

	luaL_checktype(L, 1, LUA_TFUNCTION);
	luaL_checktype(L, 2, LUA_TTABLE);
	luaL_optinteger(L, 3, 1);
	lua_settop(L, 3);
	if (lua_isnil(L, 3)) {
		lua_pushinteger(L, 1);
		lua_replace(L, 3);
	}
	d = luaL_len(L, 2);
	luaL_argcheck(L, d >= 1 && d <= 1 << 24, 2, "1 to 16777216 values");
	script_var_begin(L);
	lua_pushcfunction(L, script_var_gradient_p);
	lua_insert(L, 1);
	rc = lua_pcall(L, 3, 2, 0);
	script_var_end(sc);
	if (rc != LUA_OK)
		return (lua_error(L));
	return (2);
}

/*
 * Register gshap.Var and add the activations, gshap.value and
 * gshap.gradient to the module table on top of the stack.
 */
void
script_var_open(lua_State *L)
{
	static const luaL_Reg meta[] = {
		{ "__add", script_var_add },
		{ "__sub", script_var_sub },
		{ "__mul", script_var_mul },
		{ "__div", script_var_div },
		{ "__pow", script_var_pow },
		{ "__mod", script_var_mod },
		{ "__idiv", script_var_idiv },
		{ "__unm", script_var_unm },
		{ "__lt", script_var_lt },
		{ "__le", script_var_le },
		{ "__eq", script_var_eq },
		{ "__tostring", script_var_tostring },
		{ "__concat", script_var_concat },
		{ NULL, NULL }
	};
	static const luaL_Reg fns[] = {
		{ "tanh", script_var_tanh },
		{ "sigmoid", script_var_sigmoid },
		{ "relu", script_var_relu },
		{ "softplus", script_var_softplus },
		{ "softmax", script_var_softmax },
		{ "value", script_var_value },
		{ "gradient", script_var_gradient },
		{ NULL, NULL }
	};

	script_newmeta(L, SCRIPT_VAR);
	luaL_setfuncs(L, meta, 0);
	lua_pop(L, 1);
	luaL_setfuncs(L, fns, 0);
}
