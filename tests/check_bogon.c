/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Built-in bogons: the edges of every block, the globally reachable
 * blocks that must stay usable, the ASN ranges, and the list checked
 * against the IANA special-purpose registries in tests/data/bogons/.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "bogon.h"
#include "util.h"
#include "suites.h"
#include "testutil.h"

static struct plist bogons;

static void
setup(void)
{
	struct pfx_vec v = { 0 };

	ck_assert_int_eq(rsg__bogons_builtin(&v, RSG_AFI_IPV4), 0);
	ck_assert_uint_eq(v.n, 15);
	ck_assert_int_eq(rsg__bogons_builtin(&v, RSG_AFI_IPV6), 0);
	ck_assert_uint_eq(v.n, 15 + 8);
	ck_assert_int_eq(rsg__plist_build(&bogons, v.v, v.n), 0);
	rsg__pfx_vec_free(&v);
}

static void
teardown(void)
{
	rsg__plist_free(&bogons);
}

/* What rsguard refuses as a bogon prefix (both checks). */
static bool
is_bogon(const struct rsg_prefix *p)
{
	if (p->ip.afi == RSG_AFI_IPV6 && !rsg__v6_in_2000_3(p))
		return true;
	return rsg__plist_match(&bogons, p) != NULL;
}

static bool
bogon(const char *s)
{
	struct rsg_prefix p = tu_pfx(s);

	return is_bogon(&p);
}

START_TEST(test_edges_v4)
{
	ck_assert(bogon("10.0.0.0/8"));
	ck_assert(bogon("10.255.255.0/24"));
	ck_assert(!bogon("11.0.0.0/8"));
	ck_assert(!bogon("9.255.255.0/24"));
	ck_assert(bogon("100.64.0.0/10"));
	ck_assert(bogon("100.127.255.0/24"));
	ck_assert(!bogon("100.63.255.0/24"));
	ck_assert(!bogon("100.128.0.0/10"));
	ck_assert(bogon("192.0.0.0/24"));
	ck_assert(!bogon("192.0.1.0/24"));
	ck_assert(bogon("224.0.0.0/4"));
	ck_assert(bogon("255.255.255.255/32"));
	ck_assert(!bogon("223.255.255.0/24"));
	/* a less specific than a bogon is not itself a bogon */
	ck_assert(!bogon("192.0.0.0/16"));
	/* globally reachable special blocks stay usable */
	ck_assert(!bogon("192.31.196.0/24")); /* AS112 */
	ck_assert(!bogon("192.175.48.0/24")); /* AS112 */
	ck_assert(!bogon("192.52.193.0/24")); /* AMT */
}
END_TEST

START_TEST(test_edges_v6)
{
	ck_assert(bogon("2001:db8::/32"));
	ck_assert(bogon("2001:db8:ffff::/48"));
	ck_assert(!bogon("2001:db9::/32"));
	ck_assert(bogon("3fff::/20"));
	ck_assert(bogon("3fff:fff::/32"));
	ck_assert(!bogon("3fff:1000::/20"));
	ck_assert(bogon("2002::/16"));
	ck_assert(bogon("2001::/32"));
	ck_assert(!bogon("2001:4:112::/48"));   /* AS112-v6 */
	ck_assert(!bogon("2001:3::/32"));       /* AMT */
	ck_assert(!bogon("2620:4f:8000::/48")); /* AS112 */
	ck_assert(!bogon("2a00::/12"));
	/* outside 2000::/3 */
	ck_assert(bogon("1fff:ffff::/32"));
	ck_assert(bogon("4000::/3"));
	ck_assert(bogon("fc00::/7"));
	ck_assert(bogon("fe80::/10"));
	ck_assert(bogon("64:ff9b::/96"));
	ck_assert(!bogon("2000::/3"));
	ck_assert(bogon("::/0"));
}
END_TEST

START_TEST(test_asns)
{
	ck_assert(rsg__asn_is_bogon(0));
	ck_assert(rsg__asn_is_bogon(23456));
	ck_assert(!rsg__asn_is_bogon(23455));
	ck_assert(!rsg__asn_is_bogon(64495));
	ck_assert(rsg__asn_is_bogon(64496));
	ck_assert(rsg__asn_is_bogon(64512));
	ck_assert(rsg__asn_is_bogon(65535));
	ck_assert(rsg__asn_is_bogon(65536));
	ck_assert(rsg__asn_is_bogon(131071));
	ck_assert(!rsg__asn_is_bogon(131072));
	ck_assert(!rsg__asn_is_bogon(4199999999u));
	ck_assert(rsg__asn_is_bogon(4200000000u));
	ck_assert(rsg__asn_is_bogon(4294967295u));
	ck_assert(!rsg__asn_is_bogon(3333));
}
END_TEST

/* Registry entries the project deliberately treats otherwise. */
static const char *const false_but_allowed[] = {
	"2001::/23", /* contains AS112-v6 and AMT, which are reachable */
};
static const char *const true_but_refused[] = {
	"64:ff9b::/96",  /* NAT64 well-known prefix: outside 2000::/3 */
	"192.0.0.9/32",  /* PCP anycast: inside 192.0.0.0/24 */
	"192.0.0.10/32", /* TURN anycast: inside 192.0.0.0/24 */
	"2001:20::/28",  /* ORCHIDv2: identifiers, never routed */
};

static bool
listed(const char *const *list, size_t n, const char *p)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(list[i], p) == 0)
			return true;
	}
	return false;
}

/* Every prefix of every record: Global False -> bogon, True -> usable. */
static void
check_registry(const char *file, unsigned *nfalse, unsigned *ntrue)
{
	size_t len;
	char *xml = tu_slurp(tu_data(file), &len), *rec = xml;

	ck_assert_ptr_nonnull(xml);
	while ((rec = strstr(rec, "<record")) != NULL) {
		char *end = strstr(rec, "</record>"), *a, *g;
		bool global_false, global_true;

		ck_assert_ptr_nonnull(end);
		*end = '\0';
		a = strstr(rec, "<address>");
		g = strstr(rec, "<global>");
		rec = end + 1;
		if (a == NULL || g == NULL)
			continue;
		global_false = strncmp(g + 8, "False", 5) == 0;
		global_true = strncmp(g + 8, "True", 4) == 0;
		if (!global_false && !global_true)
			continue; /* N/A */
		a += 9;
		a[strcspn(a, "<")] = '\0';
		for (char *t = strtok(a, ", "); t != NULL;
		     t = strtok(NULL, ", ")) {
			struct rsg_prefix p;

			if (rsg_prefix_parse(t, &p) != 0)
				continue; /* a footnote mark */
			if (global_false) {
				(*nfalse)++;
				ck_assert_msg(is_bogon(&p)
					|| listed(false_but_allowed,
					    ARRAY_SIZE(false_but_allowed), t),
				    "%s: %s is not globally reachable but "
				    "rsguard accepts it",
				    file, t);
			} else {
				(*ntrue)++;
				ck_assert_msg(!is_bogon(&p)
					|| listed(true_but_refused,
					    ARRAY_SIZE(true_but_refused), t),
				    "%s: %s is globally reachable but rsguard "
				    "refuses it",
				    file, t);
			}
		}
	}
	free(xml);
}

START_TEST(test_iana_registries)
{
	unsigned nfalse = 0, ntrue = 0;

	check_registry(
	    "bogons/iana-ipv4-special-registry.xml", &nfalse, &ntrue);
	check_registry(
	    "bogons/iana-ipv6-special-registry.xml", &nfalse, &ntrue);
	ck_assert_uint_ge(nfalse, 25);
	ck_assert_uint_ge(ntrue, 10);
}
END_TEST

Suite *
bogon_suite(void)
{
	Suite *s = suite_create("bogon");
	TCase *tc = tcase_create("builtin");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_edges_v4);
	tcase_add_test(tc, test_edges_v6);
	tcase_add_test(tc, test_asns);
	tcase_add_test(tc, test_iana_registries);
	suite_add_tcase(s, tc);
	return s;
}
