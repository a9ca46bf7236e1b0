/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Addresses and prefixes: parsing, formatting, masks, covering.
 */
#include "config.h"

#include <check.h>

#include "addr.h"
#include "suites.h"
#include "testutil.h"

START_TEST(test_parse_format)
{
	static const char *const ok[] = { "0.0.0.0/0", "192.0.2.0/24",
		"255.255.255.255/32", "::/0", "2001:db8::/32",
		"2001:db8:1:2:3:4:5:6/128", "::ffff:192.0.2.0/120" };
	char buf[RSG_PREFIX_STRLEN];

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct rsg_prefix p;

		ck_assert_int_eq(rsg_prefix_parse(ok[i], &p), 0);
		rsg_prefix_format(&p, buf, sizeof(buf));
		ck_assert_str_eq(buf, ok[i]);
	}
}
END_TEST

START_TEST(test_layout)
{
	struct rsg_prefix p = tu_pfx("2001:db8:1:2::/64");
	struct rsg_ip ip = tu_ip("192.0.2.1");

	/* host order, most significant word first (BIRD, rtrlib) */
	ck_assert_uint_eq(p.ip.addr[0], 0x20010db8u);
	ck_assert_uint_eq(p.ip.addr[1], 0x00010002u);
	ck_assert_uint_eq(p.ip.afi, RSG_AFI_IPV6);
	ck_assert_uint_eq(ip.addr[0], 0xc0000201u);
	ck_assert_uint_eq(ip.addr[1], 0);
	ck_assert_uint_eq(ip.afi, RSG_AFI_IPV4);
}
END_TEST

START_TEST(test_bad)
{
	struct rsg_prefix p;
	struct rsg_ip ip;

	ck_assert_int_eq(rsg_prefix_parse("192.0.2.1/24", &p), RSG_EPARSE);
	ck_assert_int_eq(rsg_prefix_parse("192.0.2.0/33", &p), RSG_EPARSE);
	ck_assert_int_eq(rsg_prefix_parse("192.0.2.0", &p), RSG_EPARSE);
	ck_assert_int_eq(rsg_prefix_parse("192.0.2.0/", &p), RSG_EPARSE);
	ck_assert_int_eq(rsg_prefix_parse("192.0.2.0/2x", &p), RSG_EPARSE);
	ck_assert_int_eq(rsg_prefix_parse("2001:db8::/129", &p), RSG_EPARSE);
	ck_assert_int_eq(rsg_prefix_parse("/8", &p), RSG_EPARSE);
	ck_assert_int_eq(rsg_ip_parse("256.1.1.1", &ip), RSG_EPARSE);
	ck_assert_int_eq(rsg_ip_parse("", &ip), RSG_EPARSE);
	ck_assert_int_eq(rsg_ip_parse("1::2::3", &ip), RSG_EPARSE);
	ck_assert_int_eq(rsg_prefix_parse("192.0.2.0/024", &p), RSG_EPARSE);
	ck_assert_int_eq(
	    rsg__prefix_parse("10.0.0.0\0/8", 11, &p, true), RSG_EPARSE);
	ck_assert_int_eq(rsg_prefix_parse("0.0.0.0/0", &p), 0);
	/* the internal parser can clear host bits instead */
	ck_assert_int_eq(rsg__prefix_parse("192.0.2.1/24", 12, &p, false), 0);
	ck_assert_uint_eq(p.ip.addr[0], 0xc0000200u);
}
END_TEST

START_TEST(test_covers)
{
	struct rsg_prefix a = tu_pfx("10.0.0.0/8"), b = tu_pfx("10.1.0.0/16");
	struct rsg_prefix c = tu_pfx("11.0.0.0/8"), d = tu_pfx("::/0");

	ck_assert(pfx_covers(&a, &b));
	ck_assert(!pfx_covers(&b, &a));
	ck_assert(pfx_covers(&a, &a));
	ck_assert(!pfx_covers(&a, &c));
	ck_assert(!pfx_covers(&d, &a)); /* families never cover each other */
	ck_assert_int_lt(pfx_cmp(&a, &b), 0);
	ck_assert_uint_eq(mask32(0), 0);
	ck_assert_uint_eq(mask32(32), 0xffffffffu);
	ck_assert_uint_eq(mask32(8), 0xff000000u);
}
END_TEST

Suite *
addr_suite(void)
{
	Suite *s = suite_create("addr");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_parse_format);
	tcase_add_test(tc, test_layout);
	tcase_add_test(tc, test_bad);
	tcase_add_test(tc, test_covers);
	suite_add_tcase(s, tc);
	return s;
}
