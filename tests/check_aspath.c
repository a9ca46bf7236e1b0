/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * AS_PATH text <-> wire form, and the structural check.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>

#include "aspath.h"
#include "suites.h"
#include "testutil.h"

static size_t
enc(const char *text, uint8_t *buf, size_t cap)
{
	size_t used = 0;
	struct rsg_error err;

	ck_assert_msg(rsg_path_from_text(text, buf, cap, &used, &err) == 0,
	    "%s: %s", text, err.message);
	return used;
}

START_TEST(test_encode)
{
	uint8_t b[64];
	size_t n = enc("64500 AS64501 {64502,64503} 1.10", b, sizeof(b));

	ck_assert_uint_eq(n, 2 + 8 + 2 + 8 + 2 + 4);
	ck_assert_uint_eq(b[0], RSG_SEG_SEQUENCE);
	ck_assert_uint_eq(b[1], 2);
	ck_assert_uint_eq(get_u32be(b + 2), 64500);
	ck_assert_uint_eq(get_u32be(b + 6), 64501);
	ck_assert_uint_eq(b[10], RSG_SEG_SET);
	ck_assert_uint_eq(b[11], 2);
	ck_assert_uint_eq(b[20], RSG_SEG_SEQUENCE);
	ck_assert_uint_eq(get_u32be(b + 22), 65546); /* asdot 1.10 */
	ck_assert_uint_eq(enc("", b, sizeof(b)), 0);
	n = enc("(1 2) [3,4]", b, sizeof(b));
	ck_assert_uint_eq(b[0], RSG_SEG_CONFED_SEQUENCE);
	ck_assert_uint_eq(b[10], RSG_SEG_CONFED_SET);
	ck_assert_uint_eq(n, 20);
}
END_TEST

START_TEST(test_roundtrip)
{
	static const char *const paths[] = { "64500", "64500 64501 64502",
		"2497 3549 21877 {4237}", "1 {2,3} 4 (5 6) [7,8] 9",
		"4294967295 0" };
	uint8_t b[256];
	char out[256];

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		size_t n = enc(paths[i], b, sizeof(b));

		ck_assert_uint_lt(
		    rsg_path_format(b, n, out, sizeof(out)), sizeof(out));
		ck_assert_str_eq(out, paths[i]);
	}
}
END_TEST

START_TEST(test_long_sequence_split)
{
	char text[4000] = "";
	uint8_t b[2048];
	size_t n, bad;

	for (int i = 0; i < 300; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
		    "%d ", 1000 + i);
	n = enc(text, b, sizeof(b));
	/* 300 ASNs: one segment of 255 and one of 45 */
	ck_assert_uint_eq(n, 2 + 255 * 4 + 2 + 45 * 4);
	ck_assert_uint_eq(b[1], 255);
	ck_assert_int_eq(rsg__path_check(b, n, &bad), 0);
	ck_assert_uint_eq(rsg__path_count(b, n), 300);
}
END_TEST

START_TEST(test_errors)
{
	uint8_t b[16];
	size_t used;
	struct rsg_error err;

	ck_assert_int_eq(
	    rsg_path_from_text("64500 x", b, sizeof(b), &used, &err),
	    RSG_EPARSE);
	ck_assert_uint_eq(err.column, 7);
	ck_assert_int_eq(
	    rsg_path_from_text("1 {2", b, sizeof(b), &used, &err), RSG_EPARSE);
	ck_assert_int_eq(
	    rsg_path_from_text("1 }", b, sizeof(b), &used, &err), RSG_EPARSE);
	ck_assert_int_eq(
	    rsg_path_from_text("{}", b, sizeof(b), &used, &err), RSG_EPARSE);
	ck_assert_int_eq(
	    rsg_path_from_text("1,2", b, sizeof(b), &used, &err), RSG_EPARSE);
	ck_assert_int_eq(
	    rsg_path_from_text("4294967296", b, sizeof(b), &used, &err),
	    RSG_EPARSE);
	ck_assert_int_eq(
	    rsg_path_from_text("1 2 3 4", b, sizeof(b), &used, &err),
	    RSG_ENOSPC);
}
END_TEST

START_TEST(test_check_malformed)
{
	uint8_t b[] = { 2, 2, 0, 0, 0, 1, 0, 0, 0, 2 };
	size_t bad = 99;

	ck_assert_int_eq(rsg__path_check(b, sizeof(b), &bad), 0);
	ck_assert_int_eq(rsg__path_check(b, sizeof(b) - 1, &bad), -1);
	ck_assert_uint_eq(bad, 1); /* the count promises more */
	b[0] = 5;
	ck_assert_int_eq(rsg__path_check(b, sizeof(b), &bad), -1);
	ck_assert_uint_eq(bad, 0);
	b[0] = 2;
	b[1] = 0;
	ck_assert_int_eq(rsg__path_check(b, 2, &bad), -1); /* empty segment */
	ck_assert_int_eq(rsg__path_check(b, 1, &bad), -1);
	ck_assert_uint_eq(rsg_path_format(b, 1, NULL, 0), (size_t)-1);
}
END_TEST

Suite *
aspath_suite(void)
{
	Suite *s = suite_create("aspath");
	TCase *tc = tcase_create("wire");

	tcase_add_test(tc, test_encode);
	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_long_sequence_split);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_check_malformed);
	suite_add_tcase(s, tc);
	return s;
}
