/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * RFC 6811 origin validation: the corner cases of §2 (covering vs
 * matching, maxLength, AS 0, origin NONE, several covering VRPs, /0) for
 * both families, and the VRPs reported with a result.
 */
#include "config.h"

#include <check.h>

#include "roa.h"
#include "suites.h"
#include "testutil.h"
#include "util.h"

static struct roa_table table;

static const struct {
	const char *prefix;
	unsigned maxlen;
	uint32_t asn;
} vrps[] = {
	{ "192.0.2.0/24", 24, 64500 },
	{ "203.0.113.0/24", 32, 0 }, /* AS0 ROA: nothing may originate */
	{ "10.0.0.0/8", 24, 1 },
	{ "10.1.0.0/16", 16, 2 },
	{ "10.1.0.0/16", 20, 3 }, /* same prefix, second VRP */
	{ "100.64.0.0/10", 32, 7 },
	{ "2001:db8::/32", 48, 64500 },
	{ "2001:db8:1::/48", 48, 64501 },
	{ "2001:db8:ffff::/48", 128, 0 },
};

static void
setup(void)
{
	struct rsg_vrp v[ARRAY_SIZE(vrps)];

	for (size_t i = 0; i < ARRAY_SIZE(vrps); i++) {
		memset(&v[i], 0, sizeof(v[i]));
		v[i].prefix = tu_pfx(vrps[i].prefix);
		v[i].max_len = (uint8_t)vrps[i].maxlen;
		v[i].asn = vrps[i].asn;
	}
	ck_assert_int_eq(rsg__roa_build(&table, v, ARRAY_SIZE(v)), 0);
}

static void
teardown(void)
{
	rsg__roa_free(&table);
}

static enum rsg_rov
rov(const char *prefix, uint32_t origin)
{
	struct rsg_prefix p = tu_pfx(prefix);

	return rsg__roa_validate(&table, &p, origin, NULL, 0, NULL);
}

START_TEST(test_basic)
{
	ck_assert_int_eq(rov("192.0.2.0/24", 64500), RSG_ROV_VALID);
	ck_assert_int_eq(rov("192.0.2.0/24", 64501), RSG_ROV_INVALID);
	/* longer than maxLength: covered, not matched */
	ck_assert_int_eq(rov("192.0.2.0/25", 64500), RSG_ROV_INVALID);
	ck_assert_int_eq(rov("192.0.2.128/25", 64500), RSG_ROV_INVALID);
	/* less specific than the VRP: not covered */
	ck_assert_int_eq(rov("192.0.0.0/16", 64500), RSG_ROV_NOTFOUND);
	ck_assert_int_eq(rov("198.51.100.0/24", 64500), RSG_ROV_NOTFOUND);
}
END_TEST

START_TEST(test_as0_and_none)
{
	/* RFC 6483 §4: an AS0 VRP covers but never matches */
	ck_assert_int_eq(rov("203.0.113.0/24", 0), RSG_ROV_INVALID);
	ck_assert_int_eq(rov("203.0.113.0/24", 64500), RSG_ROV_INVALID);
	ck_assert_int_eq(rov("203.0.113.7/32", 64500), RSG_ROV_INVALID);
	/* origin NONE (AS_SET at the end) matches nothing: covered = Invalid */
	ck_assert_int_eq(rov("192.0.2.0/24", 0), RSG_ROV_INVALID);
	ck_assert_int_eq(rov("198.51.100.0/24", 0), RSG_ROV_NOTFOUND);
}
END_TEST

START_TEST(test_several_covering)
{
	/* the outer VRP matches although the inner one does not */
	ck_assert_int_eq(rov("10.1.2.0/24", 1), RSG_ROV_VALID);
	/* inner VRPs: AS2 up to /16, AS3 up to /20 */
	ck_assert_int_eq(rov("10.1.2.0/24", 2), RSG_ROV_INVALID);
	ck_assert_int_eq(rov("10.1.0.0/16", 2), RSG_ROV_VALID);
	ck_assert_int_eq(rov("10.1.16.0/20", 3), RSG_ROV_VALID);
	ck_assert_int_eq(rov("10.1.16.0/21", 3), RSG_ROV_INVALID);
	ck_assert_int_eq(rov("10.1.0.0/16", 1), RSG_ROV_VALID);
	ck_assert_int_eq(rov("10.1.2.0/25", 1), RSG_ROV_INVALID);
	ck_assert_int_eq(rov("10.0.0.0/8", 1), RSG_ROV_VALID);
	ck_assert_int_eq(rov("10.0.0.0/7", 1), RSG_ROV_NOTFOUND);
}
END_TEST

START_TEST(test_ipv6)
{
	ck_assert_int_eq(rov("2001:db8::/32", 64500), RSG_ROV_VALID);
	ck_assert_int_eq(rov("2001:db8:2::/48", 64500), RSG_ROV_VALID);
	ck_assert_int_eq(rov("2001:db8:2::/49", 64500), RSG_ROV_INVALID);
	ck_assert_int_eq(rov("2001:db8:1::/48", 64501), RSG_ROV_VALID);
	ck_assert_int_eq(rov("2001:db8:1::/48", 64500), RSG_ROV_VALID);
	ck_assert_int_eq(rov("2001:db8:1::/48", 64502), RSG_ROV_INVALID);
	ck_assert_int_eq(rov("2001:db8:ffff::/64", 64500), RSG_ROV_INVALID);
	ck_assert_int_eq(rov("2001:db9::/32", 64500), RSG_ROV_NOTFOUND);
	ck_assert_int_eq(rov("::/0", 64500), RSG_ROV_NOTFOUND);
	/* an IPv4 VRP never covers an IPv6 route and vice versa */
	ck_assert_int_eq(rov("c000:200::/24", 64500), RSG_ROV_NOTFOUND);
}
END_TEST

START_TEST(test_default_vrp)
{
	struct rsg_vrp v = { .max_len = 32, .asn = 5 };
	struct roa_table t;
	struct rsg_prefix p = tu_pfx("198.51.100.0/24");

	v.prefix = tu_pfx("0.0.0.0/0");
	ck_assert_int_eq(rsg__roa_build(&t, &v, 1), 0);
	ck_assert_int_eq(
	    rsg__roa_validate(&t, &p, 5, NULL, 0, NULL), RSG_ROV_VALID);
	ck_assert_int_eq(
	    rsg__roa_validate(&t, &p, 6, NULL, 0, NULL), RSG_ROV_INVALID);
	p = tu_pfx("0.0.0.0/0");
	ck_assert_int_eq(
	    rsg__roa_validate(&t, &p, 5, NULL, 0, NULL), RSG_ROV_VALID);
	rsg__roa_free(&t);
}
END_TEST

START_TEST(test_reported_vrps)
{
	struct rsg_prefix p = tu_pfx("10.1.16.0/20");
	struct rsg_vrp out[4];
	size_t total = 0;
	char buf[64];

	/* covering: 10/8 AS1, 10.1/16 AS2, 10.1/16 AS3: AS3 matches */
	ck_assert_int_eq(
	    rsg__roa_validate(&table, &p, 3, out, 4, &total), RSG_ROV_VALID);
	ck_assert_uint_eq(total, 3);
	ck_assert_uint_eq(out[0].asn, 3); /* the match comes first */
	rsg_prefix_format(&out[0].prefix, buf, sizeof(buf));
	ck_assert_str_eq(buf, "10.1.0.0/16");
	ck_assert_uint_eq(out[0].max_len, 20);
	/* room for one: the match wins */
	ck_assert_int_eq(
	    rsg__roa_validate(&table, &p, 1, out, 1, &total), RSG_ROV_VALID);
	ck_assert_uint_eq(total, 3);
	ck_assert_uint_eq(out[0].asn, 1);
	rsg_prefix_format(&out[0].prefix, buf, sizeof(buf));
	ck_assert_str_eq(buf, "10.0.0.0/8");
	/* invalid: every covering VRP, none matching */
	ck_assert_int_eq(
	    rsg__roa_validate(&table, &p, 9, out, 4, &total), RSG_ROV_INVALID);
	ck_assert_uint_eq(total, 3);
	for (unsigned i = 0; i < 3; i++)
		ck_assert_uint_ne(out[i].asn, 9);
}
END_TEST

START_TEST(test_duplicates_and_counts)
{
	struct rsg_vrp v[3];
	struct roa_table t;

	memset(v, 0, sizeof(v));
	v[0].prefix = tu_pfx("192.0.2.0/24");
	v[0].max_len = 24;
	v[0].asn = 1;
	v[1] = v[0];
	v[2] = v[0];
	v[2].asn = 2;
	ck_assert_int_eq(rsg__roa_build(&t, v, 3), 0);
	ck_assert_uint_eq(rsg__roa_count(&t, RSG_AFI_IPV4), 2);
	ck_assert_uint_eq(rsg__roa_count(&t, RSG_AFI_IPV6), 0);
	rsg__roa_free(&t);
}
END_TEST

Suite *
roa_suite(void)
{
	Suite *s = suite_create("roa");
	TCase *tc = tcase_create("rfc6811");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_basic);
	tcase_add_test(tc, test_as0_and_none);
	tcase_add_test(tc, test_several_covering);
	tcase_add_test(tc, test_ipv6);
	tcase_add_test(tc, test_default_vrp);
	tcase_add_test(tc, test_reported_vrps);
	tcase_add_test(tc, test_duplicates_and_counts);
	suite_add_tcase(s, tc);
	return s;
}
