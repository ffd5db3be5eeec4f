/* SPDX-License-Identifier: ISC */
/*
 * A main() for the fuzz targets when libFuzzer is not there: runs each
 * file named (or each file in each directory named) through the target
 * once. make check uses it to replay the seed corpora and the inputs
 * that once crashed (tests/fuzz/), in every build.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz/fuzz.h"

/* The target's optional set-up (weak: most targets have none). */
int	LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* Run one file through the target; 0, or -1 when it cannot be read. */
static int
replay_file(const char *path)
{
	FILE		*f;
	uint8_t		*buf;
	long		 len;
	size_t		 got;

	if ((f = fopen(path, "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		perror(path);
		if (f != NULL)
			fclose(f);
		return (-1);
	}
	if ((buf = malloc((size_t)len + 1)) == NULL)
		abort();
	got = fread(buf, 1, (size_t)len, f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, got);
	free(buf);
	return (0);
}

int
main(int argc, char **argv)
{
	struct stat	 st;
	struct dirent	**names;
	char		 path[4096];
	int		 i, j, n, bad = 0, runs = 0;

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			bad = 1;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad |= replay_file(argv[i]) != 0;
			runs++;
			continue;
		}
		if ((n = scandir(argv[i], &names, NULL, alphasort)) < 0) {
			perror(argv[i]);
			bad = 1;
			continue;
		}
		for (j = 0; j < n; j++) {
			snprintf(path, sizeof path, "%s/%s", argv[i],
			    names[j]->d_name);
			if (names[j]->d_name[0] != '.' && stat(path, &st) == 0 &&
			    S_ISREG(st.st_mode)) {
				bad |= replay_file(path) != 0;
				runs++;
			}
			free(names[j]);
		}
		free(names);
	}
	printf("%s: %d inputs replayed\n", argv[0], runs);
	return (bad ? 1 : 0);
}
