/* SPDX-License-Identifier: ISC */
/*
 * Fuzz target: the Lua API surface inside the sandbox. Each input is a
 * chunk run in a fresh sandboxed state with small limits, after a prelude
 * that makes one object of every gshap type (M, L, D, E, X, R) for it to
 * call with whatever arguments it likes. After each run the working
 * directory must hold no hidden file (the sandbox allows none) and no
 * file but those the prelude made and plain ones a script wrote. A script
 * may write the current directory, so it may replace the prelude's model
 * or data there: those are put back before the next run.
 */
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz/fuzz.h"
#include "script/script.h"

#ifndef GSHAP_SRCDATADIR
#define GSHAP_SRCDATADIR "data"
#endif

static FILE	*fuzz_null;	/* print() and tracebacks */

/* The prelude: one object of each type, made with the sandbox's rules. */
static const char fuzz_prelude[] =
"M = gshap.load_model('model.onnx')\n"
"D = gshap.load_data('data.csv', {target = 'y'})\n"
"L = gshap.model(function(x) return x[1] * x[2] - x[3] end, {inputs = 3})\n"
"E = gshap.explainer{model = M, data = D, samples = 16, seed = 1}\n"
"X = E:explain(0)\n"
"R = gshap.rng(7)\n";

/* A file the prelude reads: its bytes, and the file as last written. */
struct fuzz_fixture {
	const char	*name;
	char		*bytes;
	size_t		 size;
	struct stat	 st;
};
static struct fuzz_fixture fuzz_fixtures[] = {
	{ "model.onnx", NULL, 0, { 0 } },
	{ "data.csv", NULL, 0, { 0 } },
};
#define FUZZ_NFIXTURES (sizeof fuzz_fixtures / sizeof fuzz_fixtures[0])

/* Read the file at from into fx's bytes. */
static void
fuzz_read(struct fuzz_fixture *fx, const char *from)
{
	FILE	*in = fopen(from, "rb");
	char	 buf[8192];
	size_t	 n;

	if (in == NULL)
		abort();
	while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
		if ((fx->bytes = realloc(fx->bytes, fx->size + n)) == NULL)
			abort();
		memcpy(fx->bytes + fx->size, buf, n);
		fx->size += n;
	}
	fclose(in);
}

/* Write fx to the current directory, and note what was written. */
static void
fuzz_write(struct fuzz_fixture *fx)
{
	FILE	*out;

	if (unlink(fx->name) != 0)
		(void)rmdir(fx->name);	/* an empty directory a script made */
	if ((out = fopen(fx->name, "wb")) == NULL ||
	    fwrite(fx->bytes, 1, fx->size, out) != fx->size ||
	    fclose(out) != 0 || stat(fx->name, &fx->st) != 0)
		abort();
}

/* Put back each fixture a script replaced, changed or removed. */
static void
fuzz_restore(void)
{
	struct fuzz_fixture	*fx;
	struct stat		 st;
	size_t			 i;

	for (i = 0; i < FUZZ_NFIXTURES; i++) {
		fx = &fuzz_fixtures[i];
		if (stat(fx->name, &st) != 0 || st.st_ino != fx->st.st_ino ||
		    st.st_size != fx->st.st_size ||
		    st.st_mtim.tv_sec != fx->st.st_mtim.tv_sec ||
		    st.st_mtim.tv_nsec != fx->st.st_mtim.tv_nsec)
			fuzz_write(fx);
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char	dir[] = "/tmp/gshap-fuzz-XXXXXX";

	(void)argc;
	(void)argv;
	if (mkdtemp(dir) == NULL || chdir(dir) != 0)
		abort();
	fuzz_read(&fuzz_fixtures[0],
	    GSHAP_SRCDATADIR "/../tests/data/models/linear_tiny.onnx");
	fuzz_read(&fuzz_fixtures[1],
	    GSHAP_SRCDATADIR "/../tests/data/linear_tiny.csv");
	fuzz_write(&fuzz_fixtures[0]);
	fuzz_write(&fuzz_fixtures[1]);
	if ((fuzz_null = fopen("/dev/null", "w")) == NULL)
		abort();
	return (0);
}

/* Check the directory after a run and remove what the script wrote. */
static void
fuzz_check_dir(void)
{
	DIR		*d = opendir(".");
	struct dirent	*e;

	if (d == NULL)
		abort();
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    strcmp(e->d_name, "model.onnx") == 0 ||
		    strcmp(e->d_name, "data.csv") == 0)
			continue;
		if (e->d_name[0] == '.') {
			fprintf(stderr, "sandbox: a hidden file was left: %s\n",
			    e->d_name);
			abort();
		}
		if (unlink(e->d_name) != 0 && rmdir(e->d_name) != 0)
			abort();
	}
	closedir(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gs_script *sc;
	struct gs_error	  err;
	char		 *text;

	if (fuzz_null == NULL)
		LLVMFuzzerInitialize(NULL, NULL);
	if (memchr(data, '\0', size) != NULL)
		return (0);
	fuzz_restore();
	gs_error_clear(&err);
	if ((sc = script_new(NULL, 0, &err)) == NULL)
		abort();
	script_set_output(sc, fuzz_null);
	script_set_errors(sc, fuzz_null);
	script_set_limits(sc, (size_t)64 << 20, 500000);
	if (script_run_string(sc, fuzz_prelude, "prelude", &err) != 0) {
		fprintf(stderr, "lua-fuzzer: prelude: %s\n", err.msg);
		abort();
	}
	text = fuzz_text(data, size);
	gs_error_clear(&err);
	if (script_run_string(sc, text, "fuzz", &err) != 0)
		fuzz_check_error(&err);
	free(text);
	script_free(sc);
	fflush(fuzz_null);
	fuzz_check_dir();
	return (0);
}
