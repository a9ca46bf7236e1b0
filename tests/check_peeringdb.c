/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * peeringdb: the reader on real /api/net pages (counts verified with jq
 * and python), on arouteserver's fixtures, and on small documents for
 * each error with its position; atomicity.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "peeringdb.h"
#include "suites.h"
#include "testutil.h"

static struct pdb_vec P;
static struct rsg_error E;

static void
setup(void)
{
	memset(&P, 0, sizeof(P));
	memset(&E, 0, sizeof(E));
}

static void
teardown(void)
{
	rsg__pdb_vec_free(&P);
}

static int
load(const char *doc)
{
	return rsg__pdb_load_buf("pdb.json", doc, strlen(doc), &P, &E);
}

#define ck_bad(doc, l, c, msg)                                                 \
	do {                                                                   \
		size_t n_ = P.n;                                               \
		ck_assert_int_eq(load(doc), RSG_EPARSE);                       \
		ck_assert_msg(E.line == (l) && E.column == (c),                \
		    "got %u:%u (%s), want %u:%u", E.line, E.column, E.message, \
		    (unsigned)(l), (unsigned)(c));                             \
		ck_assert_msg(strstr(E.message, (msg)) != NULL,                \
		    "message \"%s\" lacks \"%s\"", E.message, (msg));          \
		ck_assert_uint_eq(P.n, n_);                                    \
	} while (0)

static const struct pdb_net *
find(uint32_t asn)
{
	for (size_t i = 0; i < P.n; i++) {
		if (P.v[i].asn == asn)
			return &P.v[i];
	}
	return NULL;
}

START_TEST(test_pages)
{
	size_t never = 0, irr = 0;
	uint64_t p4 = 0, p6 = 0;
	const struct pdb_net *n;

	ck_assert_int_eq(rsg__pdb_load_file(tu_data("peeringdb/"
						    "pdb_prod_net_page-1.json"),
			     &P, &E),
	    0);
	ck_assert_uint_eq(P.n, 250);
	ck_assert_int_eq(rsg__pdb_load_file(tu_data("peeringdb/"
						    "pdb_prod_net_page-2.json"),
			     &P, &E),
	    0);
	ck_assert_uint_eq(P.n, 500);
	for (size_t i = 0; i < P.n; i++) {
		never += P.v[i].never_via_rs;
		irr += P.v[i].irr_as_set != NULL;
		if (P.v[i].irr_as_set != NULL)
			ck_assert_uint_gt(strlen(P.v[i].irr_as_set), 0);
		p4 += P.v[i].info_prefixes4;
		p6 += P.v[i].info_prefixes6;
	}
	/* jq '[.data[] | select(.info_never_via_route_servers)] | length' */
	ck_assert_uint_eq(never, 20 + 7);
	/* jq '[.data[] | select(.irr_as_set != "")] | length' */
	ck_assert_uint_eq(irr, 204 + 188);
	/* sums over both pages, null counted as 0 */
	ck_assert_uint_eq(p4, 6352784);
	ck_assert_uint_eq(p6, 1768202);

	/* the first object: "irr_as_set": "" */
	ck_assert_uint_eq(P.v[0].asn, 4436);
	ck_assert_uint_eq(P.v[0].info_prefixes4, 200000);
	ck_assert_uint_eq(P.v[0].info_prefixes6, 10000);
	ck_assert(!P.v[0].never_via_rs);
	ck_assert_ptr_null(P.v[0].irr_as_set);
	ck_assert_uint_eq(P.v[1].asn, 20940);
	ck_assert_str_eq(P.v[1].irr_as_set, "AS-AKAMAI");
	/* "info_prefixes4": null */
	n = find(1299);
	ck_assert_ptr_nonnull(n);
	ck_assert_uint_eq(n->info_prefixes4, 0);
	ck_assert_str_eq(n->irr_as_set, "RIPE::AS1299:AS-TWELVE99");
	n = find(6079);
	ck_assert_ptr_nonnull(n);
	ck_assert(n->never_via_rs);
	ck_assert_uint_eq(n->info_prefixes4, 10000);
	ck_assert_uint_eq(n->info_prefixes6, 1000);
	ck_assert_str_eq(n->irr_as_set, "AS-RCN");
	ck_assert_uint_eq(P.v[499].asn, 42018);
}
END_TEST

START_TEST(test_arouteserver)
{
	const struct pdb_net *n;

	ck_assert_int_eq(rsg__pdb_load_file(tu_data("peeringdb/"
						    "arouteserver_never_via_"
						    "route_servers.json"),
			     &P, &E),
	    0);
	ck_assert_int_eq(
	    rsg__pdb_load_file(tu_data("peeringdb/"
				       "arouteserver_peeringdb_net_"
				       "3333_10745.json"),
		&P, &E),
	    0);
	ck_assert_uint_eq(P.n, 5);
	n = find(2914);
	ck_assert(n->never_via_rs);
	ck_assert_uint_eq(n->info_prefixes4, 350000);
	ck_assert_str_eq(n->irr_as_set, "NTTCOM::AS2914:AS-GLOBAL");
	ck_assert(find(3491)->never_via_rs);
	n = find(10745);
	ck_assert(!n->never_via_rs);
	ck_assert_uint_eq(n->info_prefixes6, 0);
	ck_assert_ptr_null(n->irr_as_set);
	ck_assert_str_eq(find(197000)->irr_as_set,
	    "RS-AUTHDNS-AMS RS-AUTHDNS-LON RS-AUTHDNS-BMA");
}
END_TEST

START_TEST(test_forms)
{
	ck_assert_int_eq(load("{\"meta\": {}, \"data\": [\n"
			      "{\"asn\": 1, \"irr_as_set\": \"  AS-X \","
			      " \"info_prefixes4\": null, \"info_prefixes6\":"
			      " 7, \"info_never_via_route_servers\": true,"
			      " \"social_media\": [{\"x\": null}]},\n"
			      "{\"asn\": 4294967295, \"irr_as_set\": null,"
			      " \"info_never_via_route_servers\": null},\n"
			      "{\"asn\": 3, \"irr_as_set\": \" \\t\","
			      " \"notes\": \"caf\\u00e9\\n\"}]}"),
	    0);
	ck_assert_uint_eq(P.n, 3);
	ck_assert_str_eq(P.v[0].irr_as_set, "AS-X");
	ck_assert_uint_eq(P.v[0].info_prefixes4, 0);
	ck_assert_uint_eq(P.v[0].info_prefixes6, 7);
	ck_assert(P.v[0].never_via_rs);
	ck_assert_uint_eq(P.v[1].asn, 4294967295u);
	ck_assert_ptr_null(P.v[1].irr_as_set);
	ck_assert(!P.v[1].never_via_rs);
	ck_assert_ptr_null(P.v[2].irr_as_set);
	/* an empty page is fine */
	ck_assert_int_eq(load("{\"data\": []}"), 0);
	ck_assert_uint_eq(P.n, 3);
}
END_TEST

START_TEST(test_errors)
{
	ck_bad("[]", 1, 1, "expected a JSON object, got an array");
	ck_bad("{\"meta\": {}}", 1, 1, "missing member \"data\"");
	ck_bad("{\"data\": {}}", 1, 10, "expected an array for \"data\"");
	ck_bad(
	    "{\"data\": [], \"data\": []}", 1, 14, "duplicate member \"data\"");
	ck_bad("{\"data\": [\n  {\"name\": \"x\"}]}", 2, 3,
	    "net object without \"asn\"");
	ck_bad("{\"data\": [5]}", 1, 11, "expected a net object, got a number");
	ck_bad("{\"data\": [{\"asn\": \"AS1\"}]}", 1, 19,
	    "asn: expected an integer, got a string");
	ck_bad("{\"data\": [{\"asn\": 4294967296}]}", 1, 19,
	    "asn: 4294967296 is out of range");
	ck_bad("{\"data\": [{\"asn\": 1, \"asn\": 2}]}", 1, 22,
	    "duplicate member \"asn\"");
	ck_bad("{\"data\": [{\"asn\": 1, \"info_prefixes4\": -1}]}", 1, 40,
	    "info_prefixes4: -1 is out of range");
	ck_bad("{\"data\": [{\"asn\": 1, \"info_prefixes6\": \"10\"}]}", 1, 40,
	    "info_prefixes6: expected an integer, got a string");
	ck_bad(
	    "{\"data\": [{\"asn\": 1, \"info_never_via_route_servers\": 1}]}",
	    1, 54,
	    "info_never_via_route_servers: expected true or false, got a "
	    "number");
	ck_bad("{\"data\": [{\"asn\": 1, \"irr_as_set\": [\"AS-X\"]}]}", 1, 36,
	    "irr_as_set: expected a string, got an array");
	ck_bad("{\"data\": [{\"asn\": 1, \"irr_as_set\": \"AS-\\u0000\"}]}", 1,
	    36, "irr_as_set: string contains U+0000");
	ck_bad("{\"data\": [{\"asn\": 1, \"notes\": \"\\q\"}]}", 1, 32,
	    "invalid escape");
	ck_bad("{\"data\": []}\n,", 2, 1, "expected end of input");
}
END_TEST

START_TEST(test_atomic)
{
	ck_assert_int_eq(load("{\"data\": [{\"asn\": 1, \"irr_as_set\": "
			      "\"AS-ONE\"}]}"),
	    0);
	/* two nets with AS-SETs are read before the error: all undone */
	ck_bad("{\"data\": [{\"asn\": 2, \"irr_as_set\": \"AS-TWO\"},\n"
	       "{\"irr_as_set\": \"AS-THREE\", \"asn\": 3},\n"
	       "{\"irr_as_set\": \"AS-FOUR\"}]}",
	    3, 1, "net object without \"asn\"");
	ck_assert_uint_eq(P.n, 1);
	ck_assert_str_eq(P.v[0].irr_as_set, "AS-ONE");
	ck_assert_int_eq(
	    rsg__pdb_load_file("/nonexistent/net.json", &P, &E), RSG_EIO);
	ck_assert_str_eq(
	    E.message, "/nonexistent/net.json: No such file or directory");
	ck_assert_uint_eq(P.n, 1);
	rsg__pdb_vec_free(NULL);
}
END_TEST

Suite *
peeringdb_suite(void)
{
	Suite *s = suite_create("peeringdb");
	TCase *tc = tcase_create("peeringdb");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_pages);
	tcase_add_test(tc, test_arouteserver);
	tcase_add_test(tc, test_forms);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_atomic);
	suite_add_tcase(s, tc);
	return s;
}
