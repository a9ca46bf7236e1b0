/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Prefix lists with length ranges (arouteserver's exact/ge/le).
 */
#include "config.h"

#include <check.h>

#include "plist.h"
#include "suites.h"
#include "testutil.h"

static struct pfx_entry
entry(const char *p, unsigned ge, unsigned le)
{
	struct pfx_entry e;

	memset(&e, 0, sizeof(e));
	e.pfx = tu_pfx(p);
	e.ge = (uint8_t)ge;
	e.le = (uint8_t)le;
	return e;
}

START_TEST(test_ranges)
{
	struct pfx_entry e[] = {
		entry("192.0.2.0/24", 24, 24),    /* exact */
		entry("198.51.100.0/24", 25, 32), /* more-specifics only */
		entry("10.0.0.0/8", 8, 32),       /* or-longer */
		entry("2001:db8::/32", 48, 64),
	};
	struct plist l;
	struct rsg_prefix p;

	ck_assert_int_eq(rsg__plist_build(&l, e, 4), 0);
	p = tu_pfx("192.0.2.0/24");
	ck_assert_uint_eq(rsg__plist_match(&l, &p)->le, 24);
	p = tu_pfx("192.0.2.0/25");
	ck_assert_ptr_null(rsg__plist_match(&l, &p));
	p = tu_pfx("198.51.100.0/24");
	ck_assert_ptr_null(rsg__plist_match(&l, &p));
	p = tu_pfx("198.51.100.128/25");
	ck_assert_ptr_nonnull(rsg__plist_match(&l, &p));
	p = tu_pfx("10.9.0.0/16");
	ck_assert_uint_eq(rsg__plist_match(&l, &p)->pfx.len, 8);
	p = tu_pfx("2001:db8:1::/48");
	ck_assert_ptr_nonnull(rsg__plist_match(&l, &p));
	p = tu_pfx("2001:db8::/40");
	ck_assert_ptr_null(rsg__plist_match(&l, &p));
	p = tu_pfx("11.0.0.0/8");
	ck_assert_ptr_null(rsg__plist_match(&l, &p));
	rsg__plist_free(&l);
}
END_TEST

START_TEST(test_shortest_wins_and_empty)
{
	struct pfx_entry e[] = {
		entry("10.1.0.0/16", 16, 32),
		entry("10.0.0.0/8", 8, 32),
	};
	struct plist l;
	struct rsg_prefix p = tu_pfx("10.1.2.0/24");

	ck_assert_int_eq(rsg__plist_build(&l, e, 2), 0);
	ck_assert_uint_eq(rsg__plist_match(&l, &p)->pfx.len, 8);
	rsg__plist_free(&l);
	ck_assert_int_eq(rsg__plist_build(&l, NULL, 0), 0);
	ck_assert_ptr_null(rsg__plist_match(&l, &p));
	rsg__plist_free(&l);
}
END_TEST

Suite *
plist_suite(void)
{
	Suite *s = suite_create("plist");
	TCase *tc = tcase_create("match");

	tcase_add_test(tc, test_ranges);
	tcase_add_test(tc, test_shortest_wins_and_empty);
	suite_add_tcase(s, tc);
	return s;
}
