/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Routes from text: communities and bgpdump -m lines (real lines from
 * the bundled RIS dumps), with positioned errors.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aspath.h"
#include "suites.h"
#include "testutil.h"

static uint64_t buf[512];

START_TEST(test_communities)
{
	uint32_t std[8];
	struct rsg_ec ext[4];
	struct rsg_lc lrg[4];
	size_t ns, ne, nl;
	struct rsg_error err;

	ck_assert_int_eq(rsg_communities_parse(
			     "65535:0 64500:1,64496:1101:13 rt:64500:7 "
			     "ro:4200000000:9 rt:192.0.2.1:5 no-export "
			     "graceful-shutdown generic:0x00020001:0x00000002",
			     std, 8, &ns, ext, 4, &ne, lrg, 4, &nl, &err),
	    0);
	ck_assert_uint_eq(ns, 4);
	ck_assert_uint_eq(std[0], 0xffff0000u);
	ck_assert_uint_eq(std[1], (64500u << 16) | 1);
	ck_assert_uint_eq(std[2], 0xffffff01u);
	ck_assert_uint_eq(std[3], 0xffff0000u);
	ck_assert_uint_eq(nl, 1);
	ck_assert_uint_eq(lrg[0].asn, 64496);
	ck_assert_uint_eq(lrg[0].data1, 1101);
	ck_assert_uint_eq(lrg[0].data2, 13);
	ck_assert_uint_eq(ne, 4);
	ck_assert_uint_eq(ext[0].hi, 0x0002fbf4u); /* 2-octet AS, RT */
	ck_assert_uint_eq(ext[0].lo, 7);
	ck_assert_uint_eq(ext[1].hi >> 16, 0x0203); /* 4-octet AS, RO */
	ck_assert_uint_eq(ext[2].hi >> 16, 0x0102); /* IPv4, RT */
	ck_assert_uint_eq(ext[3].hi, 0x00020001u);
	ck_assert_int_eq(rsg_communities_parse("65536:1", std, 8, &ns, ext, 4,
			     &ne, lrg, 4, &nl, &err),
	    RSG_EPARSE);
	ck_assert_int_eq(rsg_communities_parse("1:2 x:y", std, 8, &ns, ext, 4,
			     &ne, lrg, 4, &nl, &err),
	    RSG_EPARSE);
	ck_assert_uint_eq(err.column, 5);
	ck_assert_int_eq(rsg_communities_parse("1:2 3:4", std, 1, &ns, ext, 4,
			     &ne, lrg, 4, &nl, &err),
	    RSG_ENOSPC);
}
END_TEST

START_TEST(test_table_dump_line)
{
	static const char line[] =
	    "TABLE_DUMP2|1277971199|B|202.249.2.20|4777|20.137.0.0/21|4777 "
	    "2516 3549 21877 {4237}|IGP|202.249.2.110|0|0||NAG|21877 "
	    "20.137.31.194|\n";
	struct rsg_route r;
	struct rsg_error err;
	char text[128];

	ck_assert_int_eq(rsg_route_parse_bgpdump(line, sizeof(line) - 1, &r,
			     buf, sizeof(buf), &err),
	    0);
	rsg_prefix_format(&r.prefix, text, sizeof(text));
	ck_assert_str_eq(text, "20.137.0.0/21");
	rsg_ip_format(&r.peer_ip, text, sizeof(text));
	ck_assert_str_eq(text, "202.249.2.20");
	ck_assert_uint_eq(r.peer_asn, 4777);
	rsg_ip_format(&r.next_hop, text, sizeof(text));
	ck_assert_str_eq(text, "202.249.2.110");
	rsg_path_format(r.as_path, r.as_path_len, text, sizeof(text));
	ck_assert_str_eq(text, "4777 2516 3549 21877 {4237}");
	ck_assert_uint_eq(r.n_communities, 0);
}
END_TEST

START_TEST(test_update_line)
{
	static const char line[] =
	    "BGP4MP|1470931200|A|2001:7f8:54::188|59689|2804:14d::/40|59689 "
	    "6939 3356 4230 28573|IGP|2001:7f8:54::10|0|0|59689:200 "
	    "59689:240|64500:1:2|NAG||";
	static const char withdraw[] =
	    "BGP4MP|1470931200|W|2001:7f8:54::188|59689|2804:14d::/40";
	struct rsg_route r;
	struct rsg_error err;

	/* bgpdump -l: large communities in field 12 */
	ck_assert_int_eq(rsg_route_parse_bgpdump(line, sizeof(line) - 1, &r,
			     buf, sizeof(buf), &err),
	    0);
	ck_assert_uint_eq(r.prefix.ip.afi, RSG_AFI_IPV6);
	ck_assert_uint_eq(r.n_communities, 2);
	ck_assert_uint_eq(r.communities[1], (59689u << 16) | 240);
	ck_assert_uint_eq(r.n_large_communities, 1);
	ck_assert_uint_eq(r.large_communities[0].data2, 2);
	ck_assert_int_eq(rsg_route_parse_bgpdump(withdraw, sizeof(withdraw) - 1,
			     &r, buf, sizeof(buf), &err),
	    RSG_ENOENT);
}
END_TEST

START_TEST(test_errors)
{
	struct rsg_route r;
	struct rsg_error err;
	const char *l1 = "TABLE_DUMP2|1|B|202.249.2.20|4777|20.137.0.1/21|"
			 "4777|IGP|202.249.2.20|0|0||NAG||";
	const char *l2 = "TABLE_DUMP2|1|B|202.249.2.20|4777|20.137.0.0/21|"
			 "4777 x|IGP|202.249.2.20|0|0||NAG||";
	const char *l3 = "TABLE_DUMP2|1|B|nonsense|4777|20.137.0.0/21|"
			 "4777|IGP|202.249.2.20|0|0||NAG||";
	const char *l4 = "garbage";

	ck_assert_int_eq(
	    rsg_route_parse_bgpdump(l1, strlen(l1), &r, buf, sizeof(buf), &err),
	    RSG_EPARSE);
	ck_assert_uint_eq(err.column, 35); /* the prefix field */
	ck_assert_msg(
	    strstr(err.message, "host bits") != NULL, "%s", err.message);
	ck_assert_int_eq(
	    rsg_route_parse_bgpdump(l2, strlen(l2), &r, buf, sizeof(buf), &err),
	    RSG_EPARSE);
	ck_assert_uint_eq(err.column, 49 + 5); /* the 'x' in the path */
	ck_assert_int_eq(
	    rsg_route_parse_bgpdump(l3, strlen(l3), &r, buf, sizeof(buf), &err),
	    RSG_EPARSE);
	ck_assert_uint_eq(err.column, 17);
	ck_assert_int_eq(
	    rsg_route_parse_bgpdump(l4, strlen(l4), &r, buf, sizeof(buf), &err),
	    RSG_EPARSE);
	/* a buffer too small for the path */
	ck_assert_int_eq(
	    rsg_route_parse_bgpdump(l1 + 0, strlen(l1), &r, buf, 4, &err),
	    RSG_EPARSE);
}
END_TEST

/* Every line of the bundled update stream parses or is skipped. */
START_TEST(test_real_updates)
{
	size_t len, routes = 0, skipped = 0, bad = 0;
	char *text =
	    tu_slurp(tu_build("cache/updates.20160811.1600.txt"), &len);

	ck_assert_msg(text != NULL,
	    "tests/cache/updates.20160811.1600.txt is missing: run make check");
	for (char *l = text, *nl; l < text + len; l = nl + 1) {
		struct rsg_route r;
		int rc;

		nl = memchr(l, '\n', (size_t)(text + len - l));
		if (nl == NULL)
			nl = text + len;
		rc = rsg_route_parse_bgpdump(
		    l, (size_t)(nl - l), &r, buf, sizeof(buf), NULL);
		routes += rc == 0;
		skipped += rc == RSG_ENOENT;
		bad += rc != 0 && rc != RSG_ENOENT;
	}
	free(text);
	ck_assert_uint_eq(bad, 0);
	ck_assert_uint_eq(routes, 39256);
	ck_assert_uint_eq(skipped, 1956 + 22);
}
END_TEST

Suite *
route_suite(void)
{
	Suite *s = suite_create("route");
	TCase *tc = tcase_create("text");

	tcase_add_test(tc, test_communities);
	tcase_add_test(tc, test_table_dump_line);
	tcase_add_test(tc, test_update_line);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_real_updates);
	suite_add_tcase(s, tc);
	return s;
}
