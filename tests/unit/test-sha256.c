/* SPDX-License-Identifier: ISC */
/*
 * SHA-256 against the examples NIST publishes for FIPS 180-4 ("abc", the
 * 448- and 896-bit messages, a million 'a's), the padding's edge cases
 * (55, 56 and 64 bytes; digests from Python's hashlib), in one call and
 * fed in odd pieces, and a file's digest.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/sha256.h"

/* The digest of s fed in pieces of step bytes. */
static const char *
test_pieces(const char *s, size_t len, size_t step)
{
	static char		 hex[GS_SHA256_HEX];
	static const char	 digits[] = "0123456789abcdef";
	struct gs_sha256	 c;
	unsigned char		 d[32];
	size_t			 i, n;

	sha256_init(&c);
	for (i = 0; i < len; i += n) {
		n = len - i < step ? len - i : step;
		sha256_update(&c, s + i, n);
	}
	sha256_final(&c, d);
	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[64] = '\0';
	return (hex);
}

START_TEST(test_vectors)
{
	static const struct {
		const char *msg, *digest;
	} v[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb924"
		  "27ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223"
		  "b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039"
		  "a33ce45964ff2167f6ecedd419db06c1" },
		{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		  "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		  "cf5b16a778af8380036ce59e7b049237"
		  "0b249b11e8f07a51afac45037afee9d1" },
	};
	char	hex[GS_SHA256_HEX], *a;
	size_t	i, step;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		ck_assert_str_eq(sha256_hex(v[i].msg, strlen(v[i].msg), hex),
		    v[i].digest);
		for (step = 1; step < 70; step += 7)
			ck_assert_str_eq(test_pieces(v[i].msg,
			    strlen(v[i].msg), step), v[i].digest);
	}
	/* A million 'a's, and 55/56/64 bytes: the padding's edge cases. */
	a = malloc(1000000);
	ck_assert_ptr_nonnull(a);
	memset(a, 'a', 1000000);
	ck_assert_str_eq(sha256_hex(a, 1000000, hex),
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	ck_assert_str_eq(test_pieces(a, 1000000, 4093),
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	ck_assert_str_eq(sha256_hex(a, 55, hex),
	    "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
	ck_assert_str_eq(sha256_hex(a, 56, hex),
	    "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
	ck_assert_str_eq(sha256_hex(a, 64, hex),
	    "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
	free(a);
}
END_TEST

START_TEST(test_file)
{
	char		 path[] = "/tmp/gshap-sha-XXXXXX", hex[GS_SHA256_HEX];
	struct gs_error	 err;
	int		 fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "abc", 3), 3);
	close(fd);
	ck_assert_int_eq(sha256_file(path, hex, &err), 0);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	unlink(path);
	ck_assert_int_eq(sha256_file(path, hex, &err), -1);
	ck_assert_int_eq(err.code, GS_EIO);
	ck_assert_ptr_nonnull(strstr(err.msg, "No such file"));
	ck_assert_int_eq(sha256_file("/", hex, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "/: Is a directory"));
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("sha256");
	TCase	*tc = tcase_create("sha256");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_vectors);
	tcase_add_test(tc, test_file);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}
