/* SPDX-License-Identifier: ISC */
/*
 * gshap: option parsing and choice of front end.
 */
#include <stdio.h>

int
main(void)
{
	puts("gshap");
	return (0);
}
