/* SPDX-License-Identifier: ISC */
/*
 * The options table through every front end: each setting, with values
 * from its own row (default, bounds, one past them, choices, words that
 * are not values), parsed as `gshap explain --NAME VALUE` (options_parse),
 * as the REPL's `set NAME VALUE` (settings_find and settings_set) and as
 * gshap.explainer{KEY = VALUE} (script_options_read, with the value as a
 * string and, where it is one, as a Lua number or boolean), must give the
 * same value or the same message. Also: the table's own invariants, the
 * argument table's parser, and the man pages' option lists against both
 * tables.
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "script/script-int.h"
#include "session/options.h"
#include "session/settings.h"

/* What one front end made of a value: "=VALUE" or "!MESSAGE". */
struct outcome {
	char	 text[1100];
};

/* The message after "NAME: " (the spelling differs per front end). */
static const char *
body(const char *msg)
{
	const char *p = strstr(msg, ": ");

	return (p != NULL ? p + 2 : msg);
}

/* `gshap explain --NAME VALUE`. */
static void
via_cli(const struct gs_setting *def, const char *value, struct outcome *o)
{
	struct gs_settings	 st;
	struct gs_args		 a;
	struct gs_error		 err;
	char			 opt[64], buf[1024];
	char			*argv[4];

	settings_init(&st);
	snprintf(opt, sizeof opt, "--%s", def->name);
	argv[0] = (char *)"explain";
	argv[1] = opt;
	argv[2] = (char *)value;
	argv[3] = NULL;
	gs_error_clear(&err);
	if (def->flags & GS_SETTING_FLAG) {
		/* A flag: given means on; off is its absence. */
		if (strcmp(value, "on") != 0 && strcmp(value, "off") != 0) {
			settings_free(&st);
			snprintf(o->text, sizeof o->text, "-");
			return;
		}
		if (strcmp(value, "off") == 0)
			argv[1] = NULL;
		argv[2] = NULL;
	}
	if (options_parse(GS_FRONT_EXPLAIN, argv[1] == NULL ? 1 :
	    argv[2] == NULL ? 2 : 3, argv, &st, &a, &err) != 0)
		snprintf(o->text, sizeof o->text, "!%s", body(err.msg));
	else {
		snprintf(o->text, sizeof o->text, "=%s", settings_format(&st,
		    def, buf, sizeof buf));
		ck_assert_msg(argv[1] == NULL || (a.given &
		    ((uint64_t)1 << settings_index(def))), "%s not marked "
		    "given", def->name);
		options_free(&a);
	}
	settings_free(&st);
}

/* The REPL's `set NAME VALUE` (without what setting it builds). */
static void
via_repl(const struct gs_setting *def, const char *value, struct outcome *o)
{
	struct gs_settings	 st;
	struct gs_error		 err;
	char			 buf[1024];

	settings_init(&st);
	gs_error_clear(&err);
	ck_assert_ptr_eq(settings_find(def->name, NULL), def);
	if (settings_set(&st, def, value, &err) != 0)
		snprintf(o->text, sizeof o->text, "!%s", body(err.msg));
	else
		snprintf(o->text, sizeof o->text, "=%s", settings_format(&st,
		    def, buf, sizeof buf));
	settings_free(&st);
}

/* What via_lua hands script_options_read. */
struct lua_args {
	struct gs_settings	*st;	/* the settings */
	uint64_t		 given;	/* settings given */
};

/* Read the table at 2 (protected). */
static int
lua_read_p(lua_State *L)
{
	struct lua_args *a = lua_touserdata(L, 1);

	script_options_read(L, 2, a->st, &a->given, 0);
	return (0);
}

/*
 * gshap.explainer{KEY = VALUE}, VALUE pushed by how: 's' a string, 'n' a
 * number (when it reads as one), 'b' a boolean (on/off).
 */
static void
via_lua(struct gs_script *sc, const struct gs_setting *def,
    const char *value, int how, struct outcome *o)
{
	lua_State		*L = sc->L;
	struct gs_settings	 st;
	struct lua_args		 a;
	char			 key[64], buf[1024], *end;
	long long		 n;

	settings_init(&st);
	a.st = &st;
	a.given = 0;
	lua_settop(L, 0);
	lua_pushcfunction(L, lua_read_p);
	lua_pushlightuserdata(L, &a);
	lua_createtable(L, 0, 1);
	settings_key_name(def, key, sizeof key);
	if (how == 'n') {
		n = strtoll(value, &end, 10);
		lua_pushinteger(L, n);
	} else if (how == 'b')
		lua_pushboolean(L, strcmp(value, "on") == 0);
	else
		lua_pushstring(L, value);
	lua_setfield(L, -2, key);
	if (lua_pcall(L, 2, 0, 0) != LUA_OK)
		snprintf(o->text, sizeof o->text, "!%s",
		    body(lua_tostring(L, -1)));
	else {
		snprintf(o->text, sizeof o->text, "=%s", settings_format(&st,
		    def, buf, sizeof buf));
		ck_assert_msg(a.given & ((uint64_t)1 << settings_index(def)),
		    "%s not marked given by Lua", def->name);
	}
	lua_settop(L, 0);
	settings_free(&st);
}

/* Whether s is a whole number Lua can hold as an integer. */
static int
is_integer(const char *s)
{
	char		*end;

	if (*s < '0' || *s > '9')
		return (0);
	strtoll(s, &end, 10);
	return (*end == '\0' && strlen(s) < 19);
}

/* The values to try for def, into v (at most max); how many. */
static size_t
values_of(const struct gs_setting *def, char v[][64], size_t max)
{
	const char	*c;
	size_t		 n = 0, i;

#define ADD(...)	do { if (n < max) snprintf(v[n++], 64, __VA_ARGS__); } while (0)
	ADD("%s", def->def);
	ADD("default");
	ADD("abc");
	ADD("-1");
	ADD("1.5");
	ADD("%s", "");
	if (def->type == GS_SETTING_SIZE) {
		ADD("%" PRIu64, def->min);
		ADD("%" PRIu64, def->max);
		if (def->min > 0)
			ADD("%" PRIu64, def->min - 1);
		ADD("%" PRIu64, def->max + 1);
		ADD("0");
	}
	if (def->type == GS_SETTING_U64)
		ADD("18446744073709551616");
	if (def->type == GS_SETTING_SIZE && def->word != NULL)
		ADD("%s", def->word);
	if (def->type == GS_SETTING_BOOL) {
		ADD("on");
		ADD("off");
		ADD("maybe");
		if (def->word != NULL)
			ADD("%s", def->word);
	}
	for (i = 0; def->choice != NULL && (c = def->choice(i)) != NULL; i++)
		ADD("%s", c);
#undef ADD
	return (n);
}

/* Every setting, every value: the three front ends agree. */
START_TEST(test_front_ends_agree)
{
	const struct gs_setting	*def;
	struct gs_script	*sc;
	struct gs_error		 err;
	struct outcome		 cli, repl, lua;
	char			 v[40][64];
	size_t			 i, k, n, tried = 0;

	sc = script_new(NULL, 0, &err);
	ck_assert_msg(sc != NULL, "%s", err.msg);
	for (i = 0; i < settings_count(); i++) {
		def = settings_at(i);
		if (def->flags & GS_SETTING_DISPLAY)
			continue;
		n = values_of(def, v, sizeof v / sizeof v[0]);
		for (k = 0; k < n; k++) {
			via_repl(def, v[k], &repl);
			via_cli(def, v[k], &cli);
			if (strcmp(cli.text, "-") != 0)
				ck_assert_msg(strcmp(cli.text, repl.text) == 0,
				    "%s %s: command line '%s', REPL '%s'",
				    def->name, v[k], cli.text, repl.text);
			via_lua(sc, def, v[k], 's', &lua);
			ck_assert_msg(strcmp(lua.text, repl.text) == 0,
			    "%s %s: Lua '%s', REPL '%s'", def->name, v[k],
			    lua.text, repl.text);
			if ((def->type == GS_SETTING_SIZE ||
			    def->type == GS_SETTING_U64) && is_integer(v[k])) {
				via_lua(sc, def, v[k], 'n', &lua);
				ck_assert_msg(strcmp(lua.text, repl.text) == 0,
				    "%s %s (number): Lua '%s', REPL '%s'",
				    def->name, v[k], lua.text, repl.text);
			}
			if (def->type == GS_SETTING_BOOL &&
			    (strcmp(v[k], "on") == 0 ||
			    strcmp(v[k], "off") == 0)) {
				via_lua(sc, def, v[k], 'b', &lua);
				ck_assert_msg(strcmp(lua.text, repl.text) == 0,
				    "%s %s (boolean): Lua '%s', REPL '%s'",
				    def->name, v[k], lua.text, repl.text);
			}
			tried++;
		}
	}
	ck_assert_uint_gt(tried, 150);
	script_free(sc);
}
END_TEST

/* Reconciled: 0 is automatic for batch-size, one cap for threads. */
START_TEST(test_reconciled)
{
	struct outcome	o;

	via_cli(settings_find("batch-size", NULL), "0", &o);
	ck_assert_str_eq(o.text, "=0");
	via_cli(settings_find("batch", NULL), "0", &o);
	ck_assert_str_eq(o.text, "=0");
	via_cli(settings_find("max-samples", NULL), "0", &o);
	ck_assert_str_eq(o.text, "=0");
	via_cli(settings_find("threads", NULL), "1025", &o);
	ck_assert_str_eq(o.text, "!1025 is out of range (0 to 1024)");
	via_cli(settings_find("impute", NULL), "mean", &o);
	ck_assert_str_eq(o.text, "=mean");
	/* The policy: one of its names, on for mean and off for error. */
	via_cli(settings_find("impute", NULL), "median", &o);
	ck_assert_str_eq(o.text, "=median");
	via_cli(settings_find("impute", NULL), "on", &o);
	ck_assert_str_eq(o.text, "=mean");
	via_cli(settings_find("impute", NULL), "off", &o);
	ck_assert_str_eq(o.text, "=error");
	via_cli(settings_find("impute", NULL), "drop", &o);
	ck_assert_str_eq(o.text, "!unknown value 'drop' (error, mean, skip, "
	    "median, mode, model)");
	ck_assert_ptr_eq(settings_find_key("batch"),
	    settings_find("batch-size", NULL));
	ck_assert_ptr_eq(settings_find_key("batch_size"),
	    settings_find("batch-size", NULL));
	ck_assert_ptr_eq(settings_find_key("max_samples"),
	    settings_find("max-samples", NULL));
	ck_assert_ptr_null(settings_find_key("top_k"));	/* display only */
	ck_assert_ptr_null(settings_find_key("max-samples"));
}
END_TEST

/* Every row: its default parses, its fields are sound. */
START_TEST(test_table)
{
	const struct gs_setting	*def, *other;
	struct gs_settings	 st;
	struct gs_error		 err;
	size_t			 i, j;

	ck_assert_uint_le(settings_count(), 64);	/* bits of a given mask */
	settings_init(&st);
	for (i = 0; i < settings_count(); i++) {
		def = settings_at(i);
		ck_assert_uint_eq(settings_index(def), i);
		ck_assert_msg(def->help != NULL && def->help[0] != '\0',
		    "%s: no help", def->name);
		ck_assert_msg(settings_set(&st, def, def->def, &err) == 0,
		    "%s: default '%s' does not parse: %s", def->name, def->def,
		    err.msg);
		ck_assert_msg((def->arg == NULL) == ((def->flags &
		    GS_SETTING_FLAG) != 0), "%s: a flag has no value word and "
		    "only a flag", def->name);
		ck_assert_msg(!(def->flags & GS_SETTING_STRICT) ||
		    def->takes != 0, "%s: strict but applies to every method",
		    def->name);
		for (j = 0; j < i; j++) {
			other = settings_at(j);
			ck_assert_msg(other->offset != def->offset,
			    "%s and %s share a field", def->name, other->name);
			ck_assert_str_ne(other->name, def->name);
		}
	}
	settings_free(&st);
}
END_TEST

/* The argument table's parser: long, short, =, --, prefixes, errors. */
START_TEST(test_parser)
{
	struct gs_settings	 st;
	struct gs_args		 a;
	struct gs_error		 err;
	char			*ok[] = { "view", "heat", "--target=y", "-d",
	    "a,b", "--sam", "50", "--abs", "--", "--row", NULL };
	char			*amb[] = { "explain", "--s", "1", NULL };
	char			*unk[] = { "explain", "--basline", "zeros", NULL };
	char			*val[] = { "explain", "--seed", NULL };
	char			*flag[] = { "explain", "--all=1", NULL };
	char			*script[] = { "gshap", "--trust-scripts", "-s",
	    "f.lua", "--all", "-x", NULL };
	char			*twin[] = { "explain", "--model-b", "b.onnx",
	    NULL };
	char			*twin2[] = { "explain", "--model-b=c.onnx",
	    "--compare-model", "d.onnx", NULL };
	char			*mod[] = { "explain", "--mod", "a.onnx", NULL };
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*mf;

	settings_init(&st);
	ck_assert_int_eq(options_parse(GS_FRONT_EXPLAIN, 10, ok, &st, &a,
	    &err), 0);
	ck_assert_str_eq(a.v[GS_ARG_TARGET], "y");
	ck_assert_str_eq(a.v[GS_ARG_DROP], "a,b");
	ck_assert_uint_eq(st.samples, 50);
	ck_assert_int_eq(st.absolute, 1);
	ck_assert_int_eq(a.npos, 2);
	ck_assert_str_eq(a.pos[0], "heat");
	ck_assert_str_eq(a.pos[1], "--row");
	options_free(&a);
	ck_assert_int_eq(options_parse(GS_FRONT_EXPLAIN, 3, amb, &st, &a,
	    &err), -1);
	ck_assert_msg(strstr(err.msg, "option '--s' is ambiguous") != NULL,
	    "%s", err.msg);
	ck_assert_int_eq(options_parse(GS_FRONT_EXPLAIN, 3, unk, &st, &a,
	    &err), -1);
	ck_assert_str_eq(err.msg, "unknown option '--basline', did you mean "
	    "--baseline?");
	ck_assert_int_eq(options_parse(GS_FRONT_EXPLAIN, 2, val, &st, &a,
	    &err), -1);
	ck_assert_str_eq(err.msg, "option '--seed' needs a value");
	ck_assert_int_eq(options_parse(GS_FRONT_EXPLAIN, 2, flag, &st, &a,
	    &err), -1);
	ck_assert_str_eq(err.msg, "option '--all' takes no value");
	/* The script runner stops at the script: the rest is its own. */
	ck_assert_int_eq(options_parse(GS_FRONT_SCRIPT, 6, script, NULL, &a,
	    &err), 0);
	ck_assert_str_eq(a.v[GS_ARG_SCRIPT], "f.lua");
	ck_assert_ptr_nonnull(a.v[GS_ARG_TRUST]);
	ck_assert_int_eq(a.npos, 2);
	options_free(&a);
	/* The REPL takes no settings and knows its own options. */
	ck_assert(options_claims(GS_FRONT_REPL, "--target=y"));
	ck_assert(options_claims(GS_FRONT_REPL, "-c"));
	ck_assert(!options_claims(GS_FRONT_REPL, "--samples"));
	ck_assert_int_eq(options_letter(GS_FRONT_LOAD, "target"), 't');
	ck_assert_int_eq(options_letter(GS_FRONT_VIEW, "ascii"), 'a');
	ck_assert_int_eq(options_letter(GS_FRONT_LOAD, "ascii"), 0);
	/* --model-b is --compare-model under the name (#18). */
	ck_assert_int_eq(options_parse(GS_FRONT_EXPLAIN, 3, twin, &st, &a,
	    &err), 0);
	ck_assert_str_eq(a.v[GS_ARG_COMPARE], "b.onnx");
	options_free(&a);
	ck_assert_int_eq(options_parse(GS_FRONT_EXPLAIN, 4, twin2, &st, &a,
	    &err), 0);
	ck_assert_str_eq(a.v[GS_ARG_COMPARE], "d.onnx");
	ck_assert_int_eq(a.n[GS_ARG_COMPARE], 2);
	options_free(&a);
	/* The alias makes no prefix of the other names ambiguous. */
	ck_assert_int_eq(options_parse(GS_FRONT_EXPLAIN, 3, mod, &st, &a,
	    &err), 0);
	ck_assert_str_eq(a.v[GS_ARG_MODEL], "a.onnx");
	ck_assert_ptr_null(a.v[GS_ARG_COMPARE]);
	options_free(&a);
	ck_assert(options_claims(GS_FRONT_EXPLAIN, "--model-b"));
	ck_assert(options_claims(GS_FRONT_REPORT, "--model-b"));
	ck_assert(!options_claims(GS_FRONT_REPL, "--model-b"));
	mf = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(mf);
	options_help(mf, GS_FRONT_EXPLAIN);
	fclose(mf);
	ck_assert_msg(strstr(buf, "(also --model-b)") != NULL, "%s", buf);
	free(buf);
	settings_free(&st);
}
END_TEST

/* The text of a file, or fail. */
static char *
slurp(const char *rel)
{
	FILE	*f = fopen(fixture_path(rel), "r");
	char	*buf;
	long	 n;

	ck_assert_msg(f != NULL, "cannot open %s", rel);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc((size_t)n + 1, 1);
	ck_assert(fread(buf, 1, (size_t)n, f) == (size_t)n);
	fclose(f);
	return (buf);
}

/* The part of text from the line start to the line end (or the end). */
static char *
section(const char *text, const char *start, const char *end)
{
	const char	*a = strstr(text, start), *b;
	char		*s;

	ck_assert_msg(a != NULL, "no '%s' in the man page", start);
	b = end != NULL ? strstr(a + strlen(start), end) : NULL;
	if (b == NULL)
		b = a + strlen(a);
	s = strndup(a, (size_t)(b - a));
	ck_assert_ptr_nonnull(s);
	return (s);
}

/* man/gshap.1 and man/gshap-lua.7 list what the tables hold. */
START_TEST(test_man_pages)
{
	const struct gs_setting	*def;
	const struct gs_argdef	*arg;
	char			*man, *opts, *set, *lua, *lman, want[160];
	char			 key[64];
	size_t			 i;

	man = slurp("man/gshap.1");
	opts = section(man, "\n.Sh OPTIONS\n", "\n.Sh ");
	set = section(man, "\n.Ss Settings\n", "\n.S");
	lman = slurp("man/gshap-lua.7");
	lua = section(lman, "\n.Ss Explainers\n", "\n.S");
	for (i = 0; i < settings_count(); i++) {
		def = settings_at(i);
		/* The REPL's Settings list: name and default. */
		snprintf(want, sizeof want, "\n.It Cm %s Pq %s\n", def->name,
		    def->def);
		ck_assert_msg(strstr(set, want) != NULL, "gshap(1) Settings "
		    "lack '%s'", want + 1);
		if (def->flags & GS_SETTING_DISPLAY)
			continue;
		/* The OPTIONS list. */
		snprintf(want, sizeof want, ".It Fl \\-%s", def->name);
		ck_assert_msg(strstr(opts, want) != NULL, "gshap(1) OPTIONS "
		    "lack '%s'", want);
		/* gshap-lua(7)'s keys of gshap.explainer. */
		settings_key_name(def, key, sizeof key);
		snprintf(want, sizeof want, "Cm %s", key);
		ck_assert_msg(strstr(lua, want) != NULL, "gshap-lua(7) "
		    "Explainers lack '%s'", want);
	}
	for (i = 0; i < GS_ARG_COUNT; i++) {
		arg = options_arg(i);
		if (!(arg->fronts & GS_FRONT_EXPLAIN) || arg->name == NULL)
			continue;
		snprintf(want, sizeof want, "Fl \\-%s", arg->name);
		ck_assert_msg(strstr(man, want) != NULL, "gshap(1) lacks "
		    "'%s'", want);
	}
	free(opts);
	free(set);
	free(lua);
	free(man);
	free(lman);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("options");
	TCase	*tc = tcase_create("options");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_table);
	tcase_add_test(tc, test_front_ends_agree);
	tcase_add_test(tc, test_reconciled);
	tcase_add_test(tc, test_parser);
	tcase_add_test(tc, test_man_pages);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}
