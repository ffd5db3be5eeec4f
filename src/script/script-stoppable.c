/* SPDX-License-Identifier: ISC */
/*
 * Library functions that could run for minutes in C, where neither the
 * instruction budget nor Ctrl-C reaches (the hook only runs between Lua
 * instructions), made stoppable. string.find, match, gmatch and gsub get
 * a pattern matcher of our own, with Lua 5.4's pattern language and
 * results, that charges every step to the budget; string.rep copies by
 * doubling; table.sort without a comparator and table.move run their
 * loops in Lua. A backtracking pattern, ("a"):rep(3000):find(("a-"):rep(10)
 * .. "b"), is then stopped by the budget or by Ctrl-C within milliseconds.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include <lualib.h>

#include "script/script-int.h"

#define PAT_ESC		'%'
#define PAT_SPECIALS	"^$*+?.([%-"
#define PAT_MAXDEPTH	200		/* nested match calls */
#define PAT_MAXCAPTURES	32		/* as Lua 5.4 */
#define PAT_CHARGE	4096		/* steps between budget checks */
#define CAP_UNFINISHED	(-1)
#define CAP_POSITION	(-2)

/* The state of one match (as lstrlib's MatchState). */
struct pat_state {
	const char	*src_init;	/* the subject */
	const char	*src_end;	/* its end */
	const char	*p_end;		/* the pattern's end */
	lua_State	*L;		/* for errors and captures */
	int		 depth;		/* match calls left before "too complex" */
	unsigned	 steps;		/* steps since the last charge */
	int		 level;		/* captures open or closed */
	struct {
		const char *init;	/* where it starts */
		ptrdiff_t   len;	/* its length, or CAP_* */
	} capture[PAT_MAXCAPTURES];
};

static const char *pat_match(struct pat_state *, const char *, const char *);

/* One step of work: charged to the budget every PAT_CHARGE steps. */
static void
pat_step(struct pat_state *ms)
{
	if (++ms->steps >= PAT_CHARGE) {
		ms->steps = 0;
		script_charge(ms->L, PAT_CHARGE);
	}
}

/* The end of the single-character class at p. */
static const char *
pat_classend(struct pat_state *ms, const char *p)
{
	if (*p == PAT_ESC) {
		if (p + 1 >= ms->p_end)
			luaL_error(ms->L, "malformed pattern (ends with '%%')");
		return (p + 2);
	}
	if (*p++ == '[') {
		if (*p == '^')
			p++;
		do {	/* the first character may be ']' */
			if (p >= ms->p_end)
				luaL_error(ms->L, "malformed pattern (missing "
				    "']')");
			if (*p++ == PAT_ESC && p < ms->p_end)
				p++;
		} while (*p != ']');
		return (p + 1);
	}
	return (p);
}

/* Whether c is in the class %cl (%a, %d, ...; upper case negates). */
static int
pat_class(int c, int cl)
{
	int	res;

	switch (tolower(cl)) {
	case 'a': res = isalpha(c); break;
	case 'c': res = iscntrl(c); break;
	case 'd': res = isdigit(c); break;
	case 'g': res = isgraph(c); break;
	case 'l': res = islower(c); break;
	case 'p': res = ispunct(c); break;
	case 's': res = isspace(c); break;
	case 'u': res = isupper(c); break;
	case 'w': res = isalnum(c); break;
	case 'x': res = isxdigit(c); break;
	default: return (cl == c);
	}
	if (isupper(cl))
		res = !res;
	return (res != 0);
}

/* Whether c is in the set [...] from p ('[') to ec (']'). */
static int
pat_set(int c, const char *p, const char *ec)
{
	int	sig = 1;

	if (p[1] == '^') {
		sig = 0;
		p++;
	}
	while (++p < ec) {
		if (*p == PAT_ESC) {
			p++;
			if (pat_class(c, (unsigned char)*p))
				return (sig);
		} else if (p[1] == '-' && p + 2 < ec) {
			p += 2;
			if ((unsigned char)p[-2] <= c && c <= (unsigned char)*p)
				return (sig);
		} else if ((unsigned char)*p == c)
			return (sig);
	}
	return (!sig);
}

/* Whether the character at s matches the class from p to ep. */
static int
pat_single(struct pat_state *ms, const char *s, const char *p, const char *ep)
{
	int	c;

	if (s >= ms->src_end)
		return (0);
	c = (unsigned char)*s;
	switch (*p) {
	case '.':
		return (1);
	case PAT_ESC:
		return (pat_class(c, (unsigned char)p[1]));
	case '[':
		return (pat_set(c, p, ep - 1));
	default:
		return ((unsigned char)*p == c);
	}
}

/* %bxy: a balanced run from x to y. */
static const char *
pat_balance(struct pat_state *ms, const char *s, const char *p)
{
	int	cont = 1;

	if (p + 1 >= ms->p_end)
		luaL_error(ms->L, "malformed pattern (missing arguments to "
		    "'%%b')");
	if (s >= ms->src_end || *s != *p)
		return (NULL);
	while (++s < ms->src_end) {
		pat_step(ms);
		if (*s == p[1]) {
			if (--cont == 0)
				return (s + 1);
		} else if (*s == *p)
			cont++;
	}
	return (NULL);
}

/* Class * or +: as many as possible, then back off. */
static const char *
pat_max(struct pat_state *ms, const char *s, const char *p, const char *ep)
{
	ptrdiff_t	 i = 0;
	const char	*res;

	while (pat_single(ms, s + i, p, ep)) {
		pat_step(ms);
		i++;
	}
	while (i >= 0) {
		if ((res = pat_match(ms, s + i, ep + 1)) != NULL)
			return (res);
		i--;
	}
	return (NULL);
}

/* Class -: as few as possible. */
static const char *
pat_min(struct pat_state *ms, const char *s, const char *p, const char *ep)
{
	const char	*res;

	for (;;) {
		if ((res = pat_match(ms, s, ep + 1)) != NULL)
			return (res);
		if (!pat_single(ms, s, p, ep))
			return (NULL);
		s++;
	}
}

/* ( opens a capture (what: CAP_UNFINISHED, or CAP_POSITION for ()). */
static const char *
pat_open(struct pat_state *ms, const char *s, const char *p, ptrdiff_t what)
{
	const char	*res;
	int		 level = ms->level;

	if (level >= PAT_MAXCAPTURES)
		luaL_error(ms->L, "too many captures");
	ms->capture[level].init = s;
	ms->capture[level].len = what;
	ms->level = level + 1;
	if ((res = pat_match(ms, s, p)) == NULL)
		ms->level--;
	return (res);
}

/* ) closes the last open capture. */
static const char *
pat_close(struct pat_state *ms, const char *s, const char *p)
{
	const char	*res;
	int		 l;

	for (l = ms->level - 1; l >= 0; l--) {
		if (ms->capture[l].len == CAP_UNFINISHED)
			break;
	}
	if (l < 0)
		luaL_error(ms->L, "invalid pattern capture");
	ms->capture[l].len = s - ms->capture[l].init;
	if ((res = pat_match(ms, s, p)) == NULL)
		ms->capture[l].len = CAP_UNFINISHED;
	return (res);
}

/* %1..%9: the text of a closed capture again. */
static const char *
pat_backref(struct pat_state *ms, const char *s, int l)
{
	size_t	len;

	l -= '1';
	if (l < 0 || l >= ms->level || ms->capture[l].len == CAP_UNFINISHED)
		luaL_error(ms->L, "invalid capture index %%%d", l + 1);
	len = (size_t)ms->capture[l].len;
	if ((size_t)(ms->src_end - s) >= len &&
	    memcmp(ms->capture[l].init, s, len) == 0)
		return (s + len);
	return (NULL);
}

/* Match pattern p against the subject at s: the end of the match, or NULL. */
static const char *
pat_match(struct pat_state *ms, const char *s, const char *p)
{
	const char	*ep, *res;
	int		 prev;

	if (ms->depth-- == 0)
		luaL_error(ms->L, "pattern too complex");
again:
	pat_step(ms);
	if (p == ms->p_end)
		goto out;
	switch (*p) {
	case '(':
		if (p[1] == ')')
			s = pat_open(ms, s, p + 2, CAP_POSITION);
		else
			s = pat_open(ms, s, p + 1, CAP_UNFINISHED);
		goto out;
	case ')':
		s = pat_close(ms, s, p + 1);
		goto out;
	case '$':
		if (p + 1 != ms->p_end)
			break;
		s = s == ms->src_end ? s : NULL;
		goto out;
	case PAT_ESC:
		switch (p[1]) {
		case 'b':
			if ((s = pat_balance(ms, s, p + 2)) != NULL) {
				p += 4;
				goto again;
			}
			goto out;
		case 'f':
			p += 2;
			if (*p != '[')
				luaL_error(ms->L, "missing '[' after '%%f' in "
				    "pattern");
			ep = pat_classend(ms, p);
			prev = s == ms->src_init ? '\0' : (unsigned char)s[-1];
			if (!pat_set(prev, p, ep - 1) &&
			    pat_set(s < ms->src_end ? (unsigned char)*s : '\0',
			    p, ep - 1)) {
				p = ep;
				goto again;
			}
			s = NULL;
			goto out;
		case '0': case '1': case '2': case '3': case '4':
		case '5': case '6': case '7': case '8': case '9':
			if ((s = pat_backref(ms, s, (unsigned char)p[1])) !=
			    NULL) {
				p += 2;
				goto again;
			}
			goto out;
		}
		break;
	}
	/* A single-character class, maybe with a repetition after it. */
	ep = pat_classend(ms, p);
	if (!pat_single(ms, s, p, ep)) {
		if (*ep == '*' || *ep == '?' || *ep == '-') {
			p = ep + 1;
			goto again;
		}
		s = NULL;
		goto out;
	}
	switch (*ep) {
	case '?':
		if ((res = pat_match(ms, s + 1, ep + 1)) != NULL)
			s = res;
		else {
			p = ep + 1;
			goto again;
		}
		break;
	case '+':
		s = pat_max(ms, s + 1, p, ep);
		break;
	case '*':
		s = pat_max(ms, s, p, ep);
		break;
	case '-':
		s = pat_min(ms, s, p, ep);
		break;
	default:
		s++;
		p = ep;
		goto again;
	}
out:
	ms->depth++;
	return (s);
}

/* Push capture i of the match from s to e (the whole match when none). */
static void
pat_push_one(struct pat_state *ms, int i, const char *s, const char *e)
{
	ptrdiff_t	len;

	if (i >= ms->level) {
		if (i != 0)
			luaL_error(ms->L, "invalid capture index %%%d", i + 1);
		lua_pushlstring(ms->L, s, (size_t)(e - s));
		return;
	}
	len = ms->capture[i].len;
	if (len == CAP_UNFINISHED)
		luaL_error(ms->L, "unfinished capture");
	else if (len == CAP_POSITION)
		lua_pushinteger(ms->L, ms->capture[i].init - ms->src_init + 1);
	else
		lua_pushlstring(ms->L, ms->capture[i].init, (size_t)len);
}

/* Push the captures (or the whole match if s is not NULL and none). */
static int
pat_push_all(struct pat_state *ms, const char *s, const char *e)
{
	int	i, n = ms->level == 0 && s != NULL ? 1 : ms->level;

	luaL_checkstack(ms->L, n, "too many captures");
	for (i = 0; i < n; i++)
		pat_push_one(ms, i, s, e);
	return (n);
}

/* Set up a match of p (lp bytes) in s (ls bytes). */
static void
pat_init(struct pat_state *ms, lua_State *L, const char *s, size_t ls,
    const char *p, size_t lp)
{
	ms->L = L;
	ms->src_init = s;
	ms->src_end = s + ls;
	ms->p_end = p + lp;
	ms->steps = 0;
}

/* Ready for the next attempt. */
static void
pat_reset(struct pat_state *ms)
{
	ms->level = 0;
	ms->depth = PAT_MAXDEPTH;
}

/* A relative initial position as string.find takes it (1-based). */
static size_t
pat_start(lua_Integer pos, size_t len)
{
	if (pos > 0)
		return ((size_t)pos);
	if (pos == 0 || pos < -(lua_Integer)len)
		return (1);
	return (len + (size_t)pos + 1);
}

/* Whether p (lp bytes, maybe with NULs) has no special character. */
static int
pat_plain(const char *p, size_t lp)
{
	size_t	upto = 0;

	do {
		if (strpbrk(p + upto, PAT_SPECIALS) != NULL)
			return (0);
		upto += strlen(p + upto) + 1;
	} while (upto <= lp);
	return (1);
}

/* string.find and string.match. */
static int
pat_find_aux(lua_State *L, int find)
{
	struct pat_state ms;
	size_t		 ls, lp, init;
	const char	*s = luaL_checklstring(L, 1, &ls);
	const char	*p = luaL_checklstring(L, 2, &lp);
	const char	*s1, *e;
	int		 anchor;

	init = pat_start(luaL_optinteger(L, 3, 1), ls);
	if (init > ls + 1) {
		luaL_pushfail(L);
		return (1);
	}
	if (find && (lua_toboolean(L, 4) || pat_plain(p, lp))) {
		/* memmem is linear: no step count needed. */
		e = lp == 0 ? s + init - 1 : memmem(s + init - 1, ls - init + 1,
		    p, lp);
		if (e != NULL) {
			lua_pushinteger(L, (lua_Integer)(e - s) + 1);
			lua_pushinteger(L, (lua_Integer)(e - s + lp));
			return (2);
		}
		luaL_pushfail(L);
		return (1);
	}
	anchor = *p == '^';
	if (anchor) {
		p++;
		lp--;
	}
	pat_init(&ms, L, s, ls, p, lp);
	s1 = s + init - 1;
	do {
		pat_reset(&ms);
		if ((e = pat_match(&ms, s1, p)) != NULL) {
			if (find) {
				lua_pushinteger(L, (lua_Integer)(s1 - s) + 1);
				lua_pushinteger(L, (lua_Integer)(e - s));
				return (pat_push_all(&ms, NULL, NULL) + 2);
			}
			return (pat_push_all(&ms, s1, e));
		}
	} while (s1++ < ms.src_end && !anchor);
	luaL_pushfail(L);
	return (1);
}

/* string.find(s, pattern [, init [, plain]]). */
static int
pat_find(lua_State *L)
{
	return (pat_find_aux(L, 1));
}

/* string.match(s, pattern [, init]). */
static int
pat_match_fn(lua_State *L)
{
	return (pat_find_aux(L, 0));
}

/* The state of a gmatch iteration (a userdata upvalue). */
struct pat_gmatch {
	const char	*src;		/* where the next search starts */
	const char	*lastmatch;	/* end of the last match */
	struct pat_state ms;		/* the match */
};

/* The gmatch iterator: the next match's captures, or nothing. */
static int
pat_gmatch_next(lua_State *L)
{
	struct pat_gmatch *gm = lua_touserdata(L, lua_upvalueindex(3));
	const char	  *src, *e;

	gm->ms.L = L;	/* it may be called from another coroutine */
	for (src = gm->src; src <= gm->ms.src_end; src++) {
		pat_reset(&gm->ms);
		if ((e = pat_match(&gm->ms, src, lua_tostring(L,
		    lua_upvalueindex(2)))) != NULL && e != gm->lastmatch) {
			gm->src = gm->lastmatch = e;
			return (pat_push_all(&gm->ms, src, e));
		}
	}
	return (0);
}

/* string.gmatch(s, pattern [, init]). */
static int
pat_gmatch(lua_State *L)
{
	struct pat_gmatch *gm;
	size_t		   ls, lp, init;
	const char	  *s = luaL_checklstring(L, 1, &ls);
	const char	  *p = luaL_checklstring(L, 2, &lp);

	init = pat_start(luaL_optinteger(L, 3, 1), ls);
	if (init > ls + 1)
		init = ls + 1;
	lua_settop(L, 2);
	gm = lua_newuserdatauv(L, sizeof *gm, 0);
	pat_init(&gm->ms, L, s, ls, p, lp);
	gm->src = s + init - 1;
	gm->lastmatch = NULL;
	lua_pushcclosure(L, pat_gmatch_next, 3);
	return (1);
}

/* gsub's replacement string: %0..%9 and %%. */
static void
pat_add_string(struct pat_state *ms, luaL_Buffer *b, const char *s,
    const char *e)
{
	lua_State	*L = ms->L;
	size_t		 l;
	const char	*news = lua_tolstring(L, 3, &l), *p;

	while ((p = memchr(news, PAT_ESC, l)) != NULL) {
		luaL_addlstring(b, news, (size_t)(p - news));
		p++;
		if (*p == PAT_ESC)
			luaL_addchar(b, *p);
		else if (*p == '0')
			luaL_addlstring(b, s, (size_t)(e - s));
		else if (isdigit((unsigned char)*p)) {
			pat_push_one(ms, *p - '1', s, e);
			luaL_tolstring(L, -1, NULL);
			lua_remove(L, -2);
			luaL_addvalue(b);
		} else
			luaL_error(L, "invalid use of '%c' in replacement "
			    "string", PAT_ESC);
		l -= (size_t)(p + 1 - news);
		news = p + 1;
		pat_step(ms);
	}
	luaL_addlstring(b, news, l);
}

/* Add gsub's replacement of the match from s to e; 1 if it changed. */
static int
pat_add_value(struct pat_state *ms, luaL_Buffer *b, const char *s,
    const char *e, int tr)
{
	lua_State	*L = ms->L;

	switch (tr) {
	case LUA_TFUNCTION:
		lua_pushvalue(L, 3);
		lua_call(L, pat_push_all(ms, s, e), 1);
		break;
	case LUA_TTABLE:
		pat_push_one(ms, 0, s, e);
		lua_gettable(L, 3);
		break;
	default:
		pat_add_string(ms, b, s, e);
		return (1);
	}
	if (!lua_toboolean(L, -1)) {
		lua_pop(L, 1);
		luaL_addlstring(b, s, (size_t)(e - s));
		return (0);
	}
	if (!lua_isstring(L, -1))
		return (luaL_error(L, "invalid replacement value (a %s)",
		    luaL_typename(L, -1)));
	luaL_addvalue(b);
	return (1);
}

/* string.gsub(s, pattern, repl [, n]). */
static int
pat_gsub(lua_State *L)
{
	struct pat_state ms;
	luaL_Buffer	 b;
	size_t		 srcl, lp;
	const char	*src = luaL_checklstring(L, 1, &srcl);
	const char	*p = luaL_checklstring(L, 2, &lp);
	const char	*lastmatch = NULL, *e;
	int		 tr = lua_type(L, 3), anchor, changed = 0;
	lua_Integer	 max_s = luaL_optinteger(L, 4, (lua_Integer)srcl + 1);
	lua_Integer	 n = 0;

	luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING ||
	    tr == LUA_TFUNCTION || tr == LUA_TTABLE, 3,
	    "string/function/table");
	luaL_buffinit(L, &b);
	anchor = *p == '^';
	if (anchor) {
		p++;
		lp--;
	}
	pat_init(&ms, L, src, srcl, p, lp);
	while (n < max_s) {
		pat_reset(&ms);
		if ((e = pat_match(&ms, src, p)) != NULL && e != lastmatch) {
			n++;
			changed |= pat_add_value(&ms, &b, src, e, tr);
			src = lastmatch = e;
		} else if (src < ms.src_end)
			luaL_addchar(&b, *src++);
		else
			break;
		if (anchor)
			break;
	}
	if (!changed)
		lua_pushvalue(L, 1);
	else {
		luaL_addlstring(&b, src, (size_t)(ms.src_end - src));
		luaL_pushresult(&b);
	}
	lua_pushinteger(L, n);
	return (2);
}

/*
 * string.rep(s, n [, sep]): one copy, then doubling memcpy, so even the
 * largest string the memory limit allows takes a few dozen copies.
 */
static int
pat_rep(lua_State *L)
{
	size_t		 l, lsep, unit, total, filled, chunk;
	const char	*s = luaL_checklstring(L, 1, &l);
	lua_Integer	 n = luaL_checkinteger(L, 2);
	const char	*sep = luaL_optlstring(L, 3, "", &lsep);
	luaL_Buffer	 b;
	char		*p;

	if (n <= 0 || l + lsep == 0) {
		lua_pushliteral(L, "");
		return (1);
	}
	unit = l + lsep;
	if (unit < l || unit > (SIZE_MAX / 2 - 1) / (lua_Unsigned)n)
		return (luaL_error(L, "resulting string too large"));
	total = unit * (size_t)n - lsep;
	p = luaL_buffinitsize(L, &b, total);
	memcpy(p, s, l);
	if (n > 1)
		memcpy(p + l, sep, lsep);
	for (filled = unit < total ? unit : total; filled < total;
	    filled += chunk) {
		chunk = filled < total - filled ? filled : total - filled;
		memcpy(p + filled, p, chunk);
		script_charge(L, 1);
	}
	luaL_pushresultsize(&b, total);
	return (1);
}

/*
 * table.sort without a comparator and table.move, with their loops in Lua
 * where the hook counts them: the C versions compare numbers or move nils
 * with no end in sight (table.move({}, 1, 1e12, 1)).
 */
static const char pat_table_lua[] =
"local sort, move, type, tointeger, maxinteger, error = ...\n"
"local function lt(a, b) return a < b end\n"
"table.sort = function(t, f) return sort(t, f == nil and lt or f) end\n"
"table.move = function(a1, f, e, t, a2)\n"
"  if a2 == nil then a2 = a1 end\n"
"  move(a1, 1, 0, 1, a2)\n"	/* checks the tables' types */
"  f, e, t = tointeger(f), tointeger(e), tointeger(t)\n"
"  if f == nil or e == nil or t == nil then\n"
"    error(\"bad argument to 'move' (number has no integer "
    "representation)\", 2)\n"
"  end\n"
"  if e >= f then\n"
"    if not (f > 0 or e < maxinteger + f) then\n"
"      error(\"bad argument #3 to 'move' (too many elements to move)\", 2)\n"
"    end\n"
"    if t > maxinteger - (e - f) then\n"
"      error(\"bad argument #4 to 'move' (destination wrap around)\", 2)\n"
"    end\n"
"    if t > e or t <= f or a1 ~= a2 then\n"
"      for i = 0, e - f do a2[t + i] = a1[f + i] end\n"
"    else\n"
"      for i = e - f, 0, -1 do a2[t + i] = a1[f + i] end\n"
"    end\n"
"  end\n"
"  return a2\n"
"end\n";

void
script_stoppable_open(lua_State *L)
{
	static const luaL_Reg fns[] = {
		{ "find", pat_find },
		{ "match", pat_match_fn },
		{ "gmatch", pat_gmatch },
		{ "gsub", pat_gsub },
		{ "rep", pat_rep },
		{ NULL, NULL }
	};

	lua_getglobal(L, LUA_STRLIBNAME);
	luaL_setfuncs(L, fns, 0);
	lua_pop(L, 1);
	if (luaL_loadbufferx(L, pat_table_lua, sizeof pat_table_lua - 1,
	    "=table", "t") != LUA_OK)
		lua_error(L);
	lua_getglobal(L, LUA_TABLIBNAME);
	lua_getfield(L, -1, "sort");
	lua_getfield(L, -2, "move");
	lua_remove(L, -3);
	lua_getglobal(L, "type");
	lua_getglobal(L, LUA_MATHLIBNAME);
	lua_getfield(L, -1, "tointeger");
	lua_remove(L, -2);
	lua_pushinteger(L, LUA_MAXINTEGER);
	lua_getglobal(L, "error");
	lua_call(L, 6, 0);
}
