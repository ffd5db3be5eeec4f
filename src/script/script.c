/* SPDX-License-Identifier: ISC */
/*
 * The Lua state: a counting allocator with a memory limit, the sandbox,
 * the instruction budget and interrupt hook, print and warnings, the one
 * protected call every host-to-Lua call goes through, and running files
 * and chunks. The state's host context lives in its extra space.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lualib.h>

#include "config.h"
#include "core/visible.h"
#include "core/xmalloc.h"
#include "script/script-int.h"

/* Extra bytes the message handler may use past the memory limit. */
#define SCRIPT_SLACK	((size_t)1 << 20)

/* Thread numbers for the state's lock (0: none). */
static _Thread_local unsigned long script_tid;
static atomic_ulong script_next_tid;

/* The calling thread's number. */
static unsigned long
script_self(void)
{
	if (script_tid == 0)
		script_tid = atomic_fetch_add(&script_next_tid, 1) + 1;
	return (script_tid);
}

/* Take the state's lock (recursive for the thread that holds it). */
static void
script_lock(struct gs_script *sc)
{
	if (atomic_load(&sc->owner) == script_self()) {
		sc->lock_count++;
		return;
	}
	pthread_mutex_lock(&sc->mu);
	atomic_store(&sc->owner, script_self());
	sc->lock_count = 1;
}

/* Drop one level of the lock. */
static void
script_unlock(struct gs_script *sc)
{
	if (--sc->lock_count == 0) {
		atomic_store(&sc->owner, 0);
		pthread_mutex_unlock(&sc->mu);
	}
}

/*
 * Let other threads run Lua while this one runs C that may call back (an
 * explainer with worker threads). Returns the levels held, for
 * script_reacquire.
 */
int
script_release(struct gs_script *sc)
{
	int	n = sc->lock_count;

	if (n == 0 || atomic_load(&sc->owner) != script_self())
		return (0);
	sc->lock_count = 0;
	atomic_store(&sc->owner, 0);
	pthread_mutex_unlock(&sc->mu);
	return (n);
}

/* Take the lock back with the levels script_release returned. */
void
script_reacquire(struct gs_script *sc, int n)
{
	if (n == 0)
		return;
	pthread_mutex_lock(&sc->mu);
	atomic_store(&sc->owner, script_self());
	sc->lock_count = n;
}

/* The host context of L, from the state's extra space. */
struct gs_script *
script_of(lua_State *L)
{
	return (*(struct gs_script **)lua_getextraspace(L));
}

/*
 * The counting allocator: refuses growth past the limit (Lua then collects
 * garbage and retries once), always allows shrinking.
 */
static void *
script_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct gs_script *sc = ud;
	size_t		  old = ptr != NULL ? osize : 0, limit;
	void		 *np;

	if (nsize == 0) {
		free(ptr);
		sc->mem_used -= old;
		return (NULL);
	}
	if (nsize > old) {
		limit = sc->mem_limit + (sc->in_handler ? SCRIPT_SLACK : 0);
		if (nsize - old > limit || sc->mem_used + (nsize - old) >
		    limit) {
			sc->mem_hit = 1;
			return (NULL);
		}
	}
	if ((np = realloc(ptr, nsize)) == NULL)
		return (nsize <= old ? ptr : NULL);
	sc->mem_used = sc->mem_used - old + nsize;
	return (np);
}

/*
 * Grow or shrink p (osize bytes) to nsize bytes through the state's
 * counting allocator, so C memory the scripts cause counts against the
 * limit. Returns NULL past the limit (p is then unchanged).
 */
void *
script_realloc(struct gs_script *sc, void *p, size_t osize, size_t nsize)
{
	return (script_alloc(sc, p, osize, nsize));
}

/* Arm the hook for normal running: the instruction count only. */
static void
script_hook_reset(struct gs_script *sc)
{
	sc->stop = SCRIPT_RUN;
	sc->instr = 0;
	lua_sethook(sc->L, script_hook, LUA_MASKCOUNT, SCRIPT_HOOK_STEP);
}

/*
 * The hook: counts instructions against the budget and stops the script
 * once over it or interrupted. Once stopping it fires on every line, so a
 * script that catches the error with pcall still cannot go on (Redis).
 */
void
script_hook(lua_State *L, lua_Debug *ar)
{
	struct gs_script *sc = script_of(L);
	int		  step = lua_gethookcount(L);

	if (sc->stop == SCRIPT_RUN && sc->interrupted) {
		sc->stop = SCRIPT_STOP_INTR;
		lua_sethook(L, script_hook, LUA_MASKLINE | LUA_MASKCOUNT, 1);
	}
	if (sc->stop == SCRIPT_RUN && step != SCRIPT_HOOK_STEP) {
		/*
		 * A coroutine still armed from an earlier stop (each thread
		 * has its own hook): back to counting in steps.
		 */
		lua_sethook(L, script_hook, LUA_MASKCOUNT, SCRIPT_HOOK_STEP);
	}
	if (sc->stop == SCRIPT_RUN && ar->event == LUA_HOOKCOUNT) {
		sc->instr += (uint64_t)(step > 0 ? step : 1);
		if (sc->instr > sc->instr_limit) {
			sc->stop = SCRIPT_STOP_BUDGET;
			lua_sethook(L, script_hook, LUA_MASKLINE |
			    LUA_MASKCOUNT, 1);
		}
	}
	if (sc->stop == SCRIPT_RUN)
		return;
	/*
	 * In a C function (the return of print, say): stop at the next Lua
	 * instruction instead, where the message can say file and line.
	 */
	if (ar->event != LUA_HOOKCOUNT && ar->event != LUA_HOOKLINE &&
	    lua_getinfo(L, "S", ar) && ar->what[0] == 'C') {
		lua_sethook(L, script_hook, LUA_MASKLINE | LUA_MASKCOUNT, 1);
		return;
	}
	/* The main thread too, when a coroutine or a finalizer stops. */
	if (L != sc->L)
		lua_sethook(sc->L, script_hook, LUA_MASKLINE | LUA_MASKCOUNT, 1);
	/* Say where, as luaL_error would from the running function. */
	if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0)
		lua_pushfstring(L, "%s:%d: ", ar->short_src, ar->currentline);
	else
		lua_pushliteral(L, "");
	if (sc->stop == SCRIPT_STOP_BUDGET)
		lua_pushfstring(L, "instruction limit of %I exceeded (an "
		    "endless loop?)", (lua_Integer)sc->instr_limit);
	else
		lua_pushliteral(L, "interrupted");
	lua_concat(L, 2);
	lua_error(L);
}

/*
 * Charge n steps of work done in C (pattern matching, copying) to the
 * running script's instruction budget, and stop it as the hook would when
 * it is over the budget or interrupted: the error is raised here and again
 * at every line after, so pcall cannot swallow it.
 */
void
script_charge(lua_State *L, uint64_t n)
{
	struct gs_script *sc = script_of(L);

	if (sc->stop == SCRIPT_RUN && sc->interrupted)
		sc->stop = SCRIPT_STOP_INTR;
	if (sc->stop == SCRIPT_RUN) {
		sc->instr += n;
		if (sc->instr > sc->instr_limit)
			sc->stop = SCRIPT_STOP_BUDGET;
	}
	if (sc->stop == SCRIPT_RUN)
		return;
	lua_sethook(L, script_hook, LUA_MASKLINE | LUA_MASKCOUNT, 1);
	if (L != sc->L)
		lua_sethook(sc->L, script_hook, LUA_MASKLINE | LUA_MASKCOUNT, 1);
	if (sc->stop == SCRIPT_STOP_BUDGET)
		luaL_error(L, "instruction limit of %I exceeded (an endless "
		    "loop?)", (lua_Integer)sc->instr_limit);
	luaL_error(L, "interrupted");
}

/*
 * Make the running script stop with "interrupted": set the flag the
 * attribution loops poll and arm the hook on every instruction. Only
 * async-signal-safe calls, as lua.c's laction.
 */
void
script_interrupt(struct gs_script *sc)
{
	if (sc == NULL)
		return;
	sc->interrupted = 1;
	/* As lua.c's laction: lua_sethook is safe in a signal handler. */
	lua_sethook(sc->L, script_hook, LUA_MASKCALL | LUA_MASKRET |
	    LUA_MASKCOUNT, 1);
}

/*
 * The gs_cancel_fn of explainers made by scripts: whether the state
 * was interrupted.
 */
int
script_cancelled(void *arg)
{
	struct gs_script *sc = arg;

	return (sc != NULL && sc->interrupted);
}

/* The message handler: the message plus a traceback (lua.c msghandler). */
static int
script_msghandler(lua_State *L)
{
	struct gs_script *sc = script_of(L);
	const char	 *msg = lua_tostring(L, 1);

	sc->in_handler = 1;
	if (msg == NULL) {
		if (luaL_callmeta(L, 1, "__tostring") &&
		    lua_type(L, -1) == LUA_TSTRING)
			return (1);
		msg = lua_pushfstring(L, "(error object is a %s value)",
		    luaL_typename(L, 1));
	}
	luaL_traceback(L, L, msg, 1);
	return (1);
}

/* Fill err from a failed call whose message is on top of the stack. */
static void
script_error(struct gs_script *sc, int rc, struct gs_error *err)
{
	const char	*msg, *tb;
	enum gs_errcode	 code;
	FILE		*f = sc->errs != NULL ? sc->errs : sc->out;

	msg = lua_tostring(sc->L, -1);
	if (msg == NULL)
		msg = "(error object is not a string)";
	switch (rc) {
	case LUA_ERRSYNTAX:
		code = GS_EPARSE;
		break;
	case LUA_ERRFILE:
		code = GS_EIO;
		break;
	case LUA_ERRMEM:
		if (sc->mem_hit)
			gs_error_set(err, GS_ELIMIT, "%s%smemory limit of %zu "
			    "MiB exceeded", sc->chunk != NULL ? sc->chunk : "",
			    sc->chunk != NULL ? ": " : "", sc->mem_limit >> 20);
		else
			gs_error_set(err, GS_ELIMIT, "%s%sout of memory",
			    sc->chunk != NULL ? sc->chunk : "",
			    sc->chunk != NULL ? ": " : "");
		if (sc->depth == 0 && f != NULL) {
			fprintf(f, "%s\n", err != NULL ? err->msg :
			    "memory limit exceeded");
			fflush(f);
		}
		return;
	default:
		code = GS_EINVAL;
		if (sc->stop == SCRIPT_STOP_BUDGET)
			code = GS_ELIMIT;
		else if (sc->stop == SCRIPT_STOP_INTR || sc->interrupted)
			code = GS_EINTR;
		break;
	}
	tb = strstr(msg, "\nstack traceback:");
	gs_error_set(err, code, "%.*s", (int)(tb != NULL ? tb - msg :
	    (ptrdiff_t)strlen(msg)), msg);
	if (sc->depth == 0 && f != NULL && !sc->quiet) {
		visible_fputs(msg, f, VISIBLE_KEEP_NL);	/* a script's text */
		fputc('\n', f);
		fflush(f);
	}
}

/*
 * Call the function below nargs arguments, protected, with the
 * traceback handler below it; see script-int.h. At the top level the
 * budget is reset first and the traceback printed after an error.
 * Errors: GS_EPARSE, GS_EIO (a load), GS_ELIMIT (budget, memory),
 * GS_EINTR, GS_EINVAL (any other runtime error).
 */
int
script_call(struct gs_script *sc, int nargs, int nres, struct gs_error *err)
{
	lua_State	*L = sc->L;
	int		 base, rc;

	script_lock(sc);
	if (sc->depth == 0) {
		script_hook_reset(sc);
		sc->mem_hit = 0;
		sc->quiet = 0;
		sc->load_status = LUA_OK;
	}
	base = lua_gettop(L) - nargs;
	lua_pushcfunction(L, script_msghandler);
	lua_insert(L, base);
	sc->depth++;
	rc = lua_pcall(L, nargs, nres, base);
	sc->depth--;
	sc->in_handler = 0;
	if (rc == LUA_OK && sc->depth == 0 && sc->stop != SCRIPT_RUN) {
		/* Stopped in a finalizer or a coroutine, then returned. */
		lua_settop(L, base - 1);
		if (sc->stop == SCRIPT_STOP_BUDGET)
			lua_pushfstring(L, "%s%sinstruction limit of %I exceeded "
			    "(an endless loop?)", sc->chunk != NULL ? sc->chunk :
			    "", sc->chunk != NULL ? ": " : "",
			    (lua_Integer)sc->instr_limit);
		else
			lua_pushfstring(L, "%s%sinterrupted", sc->chunk != NULL ?
			    sc->chunk : "", sc->chunk != NULL ? ": " : "");
		rc = LUA_ERRRUN;
		script_error(sc, rc, err);
		lua_settop(L, base - 1);
	} else if (rc != LUA_OK) {
		if (sc->load_status != LUA_OK)
			rc = sc->load_status;
		script_error(sc, rc, err);
		lua_settop(L, base - 1);
	} else
		lua_remove(L, base);
	if (sc->depth == 0)
		script_hook_reset(sc);
	script_unlock(sc);
	return (rc == LUA_OK ? 0 : -1);
}

/*
 * Run the C function fn protected, with arg as its one (light userdata)
 * argument. Errors: those of script_call.
 */
int
script_pcall(struct gs_script *sc, lua_CFunction fn, void *arg,
    struct gs_error *err)
{
	int	rc;

	script_lock(sc);
	lua_pushcfunction(sc->L, fn);
	lua_pushlightuserdata(sc->L, arg);
	rc = script_call(sc, 1, 0, err);
	script_unlock(sc);
	return (rc);
}

/*
 * Raise err's message as a Lua error, with the script's position in
 * front unless the message starts with it. Never returns.
 */
int
script_raise(lua_State *L, const struct gs_error *err)
{
	size_t		 len;
	const char	*where;

	/* Where the script called us, unless the message says so already. */
	luaL_where(L, 1);
	where = lua_tolstring(L, -1, &len);
	if (len > 0 && strncmp(err->msg, where, len) == 0)
		lua_pushstring(L, err->msg);
	else
		lua_pushfstring(L, "%s%s", where, err->msg);
	return (lua_error(L));
}

/* Refuse new objects with C memory while lua_close runs the finalizers. */
void
script_check_open(lua_State *L, const char *what)
{
	if (script_of(L)->closing)
		luaL_error(L, "no new %s while the Lua state closes (a finalizer "
		    "set now would never run)", what);
}

/* luaL_newmetatable for tname, protected (see script-int.h). */
void
script_newmeta(lua_State *L, const char *tname)
{
	luaL_newmetatable(L, tname);
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
}

/*
 * Register the userdata type tname: its protected metatable holds the
 * metamethods meta and, under field ("__index", or another name for a
 * type with an __index function of its own), the table of methods.
 */
void
script_newclass(lua_State *L, const char *tname, const luaL_Reg *meta,
    const luaL_Reg *methods, const char *field)
{
	script_newmeta(L, tname);
	luaL_setfuncs(L, meta, 0);
	lua_newtable(L);
	luaL_setfuncs(L, methods, 0);
	lua_setfield(L, -2, field);
	lua_pop(L, 1);
}

/*
 * Push a new userdata of size zeroed bytes with nuv user values and the
 * metatable tname; returns it. Refused while the state closes.
 */
void *
script_newudata(lua_State *L, size_t size, const char *tname, int nuv)
{
	void	*p;

	script_check_open(L, tname);
	p = lua_newuserdatauv(L, size, nuv);

	memset(p, 0, size);
	luaL_setmetatable(L, tname);
	return (p);
}

/*
 * Load path that a script named (text only in the sandbox, and where the
 * sandbox's file rule allows) and push its chunk, or the error message;
 * returns the loader's status (LUA_OK, LUA_ERRFILE, ...).
 */
int
script_load_file(struct gs_script *sc, const char *path)
{
	return (script_path_load(sc, path));
}

/*
 * Load a file the user named (the script run, a helper script set in the
 * REPL or on the command line): not subject to the sandbox's file rule,
 * but text only in the sandbox. Pushes the chunk or the message.
 */
int
script_load_host(struct gs_script *sc, const char *path)
{
	return (luaL_loadfilex(sc->L, path, sc->trusted ? "bt" : "t"));
}

/* Raise the load error on the stack as the whole call's failure. */
int
script_load_fail(struct gs_script *sc, int status)
{
	sc->load_status = status;
	sc->quiet = 1;
	return (lua_error(sc->L));
}

/*
 * Text a script prints: as it is, except that a sandboxed script cannot
 * send control characters to a terminal (they are shown as \xHH there).
 */
static void
script_output(struct gs_script *sc, const char *s, size_t len)
{
	if (!sc->trusted && isatty(fileno(sc->out)))
		visible_write(s, len, sc->out, VISIBLE_KEEP_NL);
	else
		fwrite(s, 1, len, sc->out);
}

/* print(...): tab-separated values and a newline to the output stream. */
static int
script_print(lua_State *L)
{
	struct gs_error	  err;
	struct gs_script *sc = script_of(L);
	int		  i, n = lua_gettop(L);
	size_t		  len;
	const char	 *s;

	for (i = 1; i <= n; i++) {
		s = luaL_tolstring(L, i, &len);
		if (i > 1)
			fputc('\t', sc->out);
		script_output(sc, s, len);
		lua_pop(L, 1);
	}
	fputc('\n', sc->out);
	/* The first lost line stops the script: nothing else would see it. */
	if (afile_flush(sc->out, "print", &err) != 0)
		return (luaL_error(L, "%s", err.msg));
	return (0);
}

/* load() in the sandbox: as the standard one, text chunks only. */
static int
script_load_text(lua_State *L)
{
	int	n = lua_gettop(L);

	while (n < 3) {
		lua_pushnil(L);
		n++;
	}
	lua_pushliteral(L, "t");
	lua_replace(L, 3);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, n, LUA_MULTRET);
	return (lua_gettop(L));
}

/* Warnings (warn(), errors in __gc) to the output stream; "@on"/"@off". */
static void
script_warnf(void *ud, const char *msg, int tocont)
{
	struct gs_script *sc = ud;

	if (!sc->warn_cont && !tocont && *msg == '@') {
		if (strcmp(msg, "@on") == 0)
			sc->warn_on = 1;
		else if (strcmp(msg, "@off") == 0)
			sc->warn_on = 0;
		return;
	}
	if (sc->warn_on) {
		if (!sc->warn_cont)
			fputs("Lua warning: ", sc->out);
		script_output(sc, msg, strlen(msg));
		if (!tocont) {
			fputc('\n', sc->out);
			fflush(sc->out);
		}
	}
	sc->warn_cont = tocont;
}

/* An unprotected error: cannot happen, every call is protected. */
static int
script_panic(lua_State *L)
{
	const char *msg = lua_tostring(L, -1);

	fprintf(stderr, "gshap: unprotected Lua error: %s\n",
	    msg != NULL ? msg : "?");
	abort();
}

/* gshap.limits{memory = MiB, instructions = N}: lower (or, trusted, raise). */
static int
script_limits(lua_State *L)
{
	struct gs_script *sc = script_of(L);
	lua_Integer	  v;

	if (!lua_isnoneornil(L, 1)) {
		luaL_checktype(L, 1, LUA_TTABLE);
		if (lua_getfield(L, 1, "memory") != LUA_TNIL) {
			v = luaL_checkinteger(L, -1);
			luaL_argcheck(L, v >= 1 && v <= (1 << 20), 1,
			    "memory must be 1 to 1048576 MiB");
			if (((size_t)v << 20) > sc->mem_limit && !sc->trusted)
				return (luaL_error(L, "raising the memory "
				    "limit needs --trust-scripts"));
			sc->mem_limit = (size_t)v << 20;
		}
		lua_pop(L, 1);
		if (lua_getfield(L, 1, "instructions") != LUA_TNIL) {
			v = luaL_checkinteger(L, -1);
			luaL_argcheck(L, v >= SCRIPT_HOOK_STEP, 1,
			    "instructions must be at least 1000");
			if ((uint64_t)v > sc->instr_limit && !sc->trusted)
				return (luaL_error(L, "raising the instruction "
				    "limit needs --trust-scripts"));
			sc->instr_limit = (uint64_t)v;
		}
		lua_pop(L, 1);
	}
	lua_createtable(L, 0, 3);
	lua_pushinteger(L, (lua_Integer)(sc->mem_limit >> 20));
	lua_setfield(L, -2, "memory");
	lua_pushinteger(L, (lua_Integer)sc->instr_limit);
	lua_setfield(L, -2, "instructions");
	lua_pushinteger(L, (lua_Integer)(sc->mem_used >> 10));
	lua_setfield(L, -2, "used_kib");
	return (1);
}

/* The results of a call that writes a file (see script-int.h). */
int
script_written(lua_State *L, int rc, const struct gs_error *err)
{
	if (rc != 0) {
		luaL_pushfail(L);
		lua_pushstring(L, err->msg);
		return (2);
	}
	lua_pushboolean(L, 1);
	return (1);
}

/* gshap.write(path, text): write a file through a temporary and rename. */
static int
script_save_text(lua_State *L)
{
	struct gs_error	 err;
	const char	*path = luaL_checkstring(L, 1);
	size_t		 len;
	const char	*text = luaL_checklstring(L, 2, &len);

	return (script_written(L, script_write_file(script_of(L), path, text,
	    len, &err), &err));
}

/* The gshap module: open every part into one table and return it. */
int
luaopen_gshap(lua_State *L)
{
	struct gs_script *sc = script_of(L);
	static const luaL_Reg fns[] = {
		{ "limits", script_limits },
		{ NULL, NULL }
	};

	luaL_newlib(L, fns);
	lua_pushstring(L, PACKAGE_VERSION);
	lua_setfield(L, -2, "version");
	lua_pushboolean(L, sc->trusted);
	lua_setfield(L, -2, "trusted");
	lua_pushcfunction(L, script_save_text);
	lua_setfield(L, -2, "write");
	script_var_open(L);
	script_rng_open(L);
	script_data_open(L);
	script_model_open(L);
	script_explainer_open(L);
	script_explanation_open(L);
	script_lesson_open(L);
	return (1);
}

/* Open the libraries, the sandbox and the gshap module (protected). */
static int
script_setup(lua_State *L)
{
	struct gs_script *sc = script_of(L);
	static const luaL_Reg libs[] = {
		{ LUA_GNAME, luaopen_base },
		{ LUA_STRLIBNAME, luaopen_string },
		{ LUA_TABLIBNAME, luaopen_table },
		{ LUA_MATHLIBNAME, luaopen_math },
		{ LUA_UTF8LIBNAME, luaopen_utf8 },
		{ NULL, NULL }
	};
	const luaL_Reg	*lib;

	if (sc->trusted)
		luaL_openlibs(L);
	else {
		for (lib = libs; lib->func != NULL; lib++) {
			luaL_requiref(L, lib->name, lib->func, 1);
			lua_pop(L, 1);
		}
		lua_pushnil(L);
		lua_setglobal(L, "dofile");
		lua_pushnil(L);
		lua_setglobal(L, "loadfile");
		lua_getglobal(L, "load");
		lua_pushcclosure(L, script_load_text, 1);
		lua_setglobal(L, "load");
	}
	lua_pushcfunction(L, script_print);
	lua_setglobal(L, "print");
	script_stoppable_open(L);
	script_finalizer_open(L);
	script_var_math(L);
	luaL_requiref(L, "gshap", luaopen_gshap, 1);
	lua_pop(L, 1);
	return (0);
}

/*
 * Make a state; see script.h. The caller owns the result.
 * Errors: GS_ELIMIT (no memory for the state).
 */
struct gs_script *
script_new(struct gs_session *s, int trusted, struct gs_error *err)
{
	struct gs_script	*sc;
	pthread_mutexattr_t	 attr;

	sc = xcalloc(1, sizeof *sc);
	sc->session = s;
	sc->trusted = trusted;
	sc->out = stdout;
	sc->mem_limit = SCRIPT_MEMORY;
	sc->instr_limit = SCRIPT_INSTRUCTIONS;
	sc->warn_on = 1;
	atomic_init(&sc->owner, 0);
	pthread_mutexattr_init(&attr);
	pthread_mutex_init(&sc->mu, &attr);
	pthread_mutexattr_destroy(&attr);
	if ((sc->L = lua_newstate(script_alloc, sc)) == NULL) {
		gs_error_set(err, GS_ELIMIT, "cannot make a Lua state");
		pthread_mutex_destroy(&sc->mu);
		free(sc);
		return (NULL);
	}
	*(struct gs_script **)lua_getextraspace(sc->L) = sc;
	lua_atpanic(sc->L, script_panic);
	lua_setwarnf(sc->L, script_warnf, sc);
	script_hook_reset(sc);
	if (script_pcall(sc, script_setup, NULL, err) != 0) {
		script_free(sc);
		return (NULL);
	}
	return (sc);
}

/*
 * Close the state: helper scripts, noise states, every Lua object
 * (each userdata frees its C memory in __gc), then the context.
 */
void
script_free(struct gs_script *sc)
{
	if (sc == NULL)
		return;
	script_lock(sc);
	script_cache_free(sc);
	/* Finalizers run now, under a budget of their own. */
	script_hook_reset(sc);
	if (sc->instr_limit > SCRIPT_CLOSE_BUDGET)
		sc->instr_limit = SCRIPT_CLOSE_BUDGET;
	/* Finalizers run in lua_close may not make objects that need one. */
	sc->closing = 1;
	lua_close(sc->L);
	script_path_free(sc);
	free(sc->tape.node);
	free(sc->tape.adj);
	script_unlock(sc);
	pthread_mutex_destroy(&sc->mu);
	free(sc);
}

/* Send print(), warnings and (by default) tracebacks to out. */
void
script_set_output(struct gs_script *sc, FILE *out)
{
	sc->out = out != NULL ? out : stdout;
}

/* Send tracebacks to errs (NULL: the output stream). */
void
script_set_errors(struct gs_script *sc, FILE *errs)
{
	sc->errs = errs;
}

/*
 * Set the memory limit in bytes and the instruction budget of a
 * top-level call; 0 keeps one as it is.
 */
void
script_set_limits(struct gs_script *sc, size_t memory, uint64_t instructions)
{
	if (memory != 0)
		sc->mem_limit = memory;
	if (instructions != 0)
		sc->instr_limit = instructions;
}

/* Arguments of script_run_file_p. */
struct script_run_args {
	struct gs_script *sc;		/* the state */
	const char	 *path;		/* file */
	int		  argc;		/* arguments */
	char		**argv;		/* their text */
	int		  status;	/* an integer the chunk returned (0-255) */
};

/* Set arg, load the file and run it (protected). */
static int
script_run_file_p(lua_State *L)
{
	struct script_run_args *a = lua_touserdata(L, 1);
	lua_Integer		v;
	int			i, isint;

	lua_createtable(L, a->argc, 1);
	lua_pushstring(L, a->path);
	lua_rawseti(L, -2, 0);
	for (i = 0; i < a->argc; i++) {
		lua_pushstring(L, a->argv[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setglobal(L, "arg");
	script_allow_dir_of(a->sc, a->path);
	if ((i = script_load_host(a->sc, a->path)) != LUA_OK)
		return (script_load_fail(a->sc, i));
	for (i = 0; i < a->argc; i++)
		lua_pushstring(L, a->argv[i]);
	lua_call(L, a->argc, 1);
	/* A number returned is the exit status; nothing else is one. */
	if (lua_type(L, -1) == LUA_TNUMBER) {
		v = lua_tointegerx(L, -1, &isint);
		if (!isint || v < 0 || v > 255)
			return (luaL_error(L, "%s returned %s: an exit status is "
			    "a whole number from 0 to 255",
			    visible_str(a->path), luaL_tolstring(L, -1, NULL)));
		a->status = (int)v;
	}
	return (0);
}

/*
 * Run the file at path with arguments (see script_run_file) and give
 * the integer its chunk returned in *status. Errors: those of
 * script_run_file.
 */
int
script_run_main(struct gs_script *sc, const char *path, int argc,
    char **argv, int *status, struct gs_error *err)
{
	struct script_run_args	a;
	int			rc;

	a.sc = sc;
	a.path = path;
	a.argc = argc;
	a.argv = argv;
	a.status = 0;
	sc->interrupted = 0;
	sc->chunk = path;
	rc = script_pcall(sc, script_run_file_p, &a, err);
	sc->chunk = NULL;
	if (status != NULL)
		*status = a.status;
	return (rc);
}

/*
 * Run the file at path with arg and ... set from argv. Errors: GS_EIO,
 * GS_EPARSE, GS_EINVAL, GS_ELIMIT, GS_EINTR, with "file:LINE: msg".
 */
int
script_error_shown(const struct gs_script *sc)
{
	return (!sc->quiet);
}

int
script_run_file(struct gs_script *sc, const char *path, int argc,
    char **argv, struct gs_error *err)
{
	return (script_run_main(sc, path, argc, argv, NULL, err));
}

/* Arguments of script_run_string_p. */
struct script_chunk_args {
	struct gs_script *sc;		/* the state */
	const char	 *chunk;	/* Lua text */
	const char	 *name;		/* chunk name */
};

/* Compile the chunk (as an expression first, as lua.c) and run it. */
static int
script_run_string_p(lua_State *L)
{
	struct script_chunk_args *a = lua_touserdata(L, 1);
	struct gs_script	 *sc = a->sc;
	const char		 *mode = sc->trusted ? "bt" : "t";
	const char		 *ret;
	int			  rc, n, top;

	if (*a->name == '=' || *a->name == '@')
		lua_pushstring(L, a->name);
	else
		lua_pushfstring(L, "=%s", a->name);
	ret = lua_pushfstring(L, "return %s;", a->chunk);
	rc = luaL_loadbufferx(L, ret, strlen(ret), lua_tostring(L, 2), mode);
	if (rc != LUA_OK) {
		lua_pop(L, 2);
		rc = luaL_loadbufferx(L, a->chunk, strlen(a->chunk),
		    lua_tostring(L, 2), mode);
	} else
		lua_remove(L, -2);
	if (rc != LUA_OK)
		return (script_load_fail(sc, rc));
	top = lua_gettop(L) - 1;
	lua_call(L, 0, LUA_MULTRET);
	n = lua_gettop(L) - top;
	if (n > 0) {
		luaL_checkstack(L, LUA_MINSTACK, "too many results to print");
		lua_getglobal(L, "print");
		lua_insert(L, top + 1);
		lua_call(L, n, 0);
	}
	return (0);
}

/*
 * Run a chunk of text, printing the values an expression chunk gives.
 * Errors: as script_run_file.
 */
int
script_run_string(struct gs_script *sc, const char *chunk,
    const char *chunkname, struct gs_error *err)
{
	struct script_chunk_args a;
	int			 rc;

	a.sc = sc;
	a.chunk = chunk;
	a.name = chunkname != NULL ? chunkname : "chunk";
	sc->interrupted = 0;
	sc->chunk = a.name + (*a.name == '=' || *a.name == '@');
	rc = script_pcall(sc, script_run_string_p, &a, err);
	sc->chunk = NULL;
	return (rc);
}
