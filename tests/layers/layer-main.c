/* SPDX-License-Identifier: ISC */
/*
 * The program each layer's archive is linked whole into (tests/local.mk):
 * linking is the check, so there is nothing to do.
 */
int	main(void);

int
main(void)
{
	return (0);
}
