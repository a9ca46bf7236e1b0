/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * pfxfile: the Team Cymru IPv4 fullbogons file (703 prefixes), comments,
 * blanks, the family filter and every error with its position.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "pfxfile.h"
#include "suites.h"
#include "testutil.h"

static struct pfx_vec P;
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
	rsg__pfx_vec_free(&P);
}

static int
load(const char *text, unsigned afi)
{
	return rsg__pfxfile_load_buf("b.txt", text, strlen(text), afi, &P, &E);
}

#define ck_bad(text, afi, l, c, msg)                                           \
	do {                                                                   \
		size_t n_ = P.n;                                               \
		ck_assert_int_eq(load((text), (afi)), RSG_EPARSE);             \
		ck_assert_msg(E.line == (l) && E.column == (c),                \
		    "got %u:%u (%s), want %u:%u", E.line, E.column, E.message, \
		    (unsigned)(l), (unsigned)(c));                             \
		ck_assert_msg(strstr(E.message, (msg)) != NULL,                \
		    "message \"%s\" lacks \"%s\"", E.message, (msg));          \
		ck_assert_uint_eq(P.n, n_);                                    \
	} while (0)

static void
ck_entry(const struct pfx_entry *e, const char *prefix)
{
	struct rsg_prefix p = tu_pfx(prefix);

	ck_assert_msg(memcmp(&e->pfx, &p, sizeof(p)) == 0, "not %s", prefix);
	ck_assert_uint_eq(e->ge, p.len);
	ck_assert_uint_eq(e->le, p.ip.afi == RSG_AFI_IPV6 ? 128 : 32);
	ck_assert_ptr_null(e->comment);
}

START_TEST(test_cymru)
{
	const char *path = tu_data("bogons/cymru_fullbogons-ipv4_20240310.txt");
	uint64_t addrs = 0;

	ck_assert_int_eq(rsg__pfxfile_load(path, RSG_AFI_IPV4, &P, &E), 0);
	ck_assert_uint_eq(P.n, 703);
	ck_entry(&P.v[0], "0.0.0.0/8");
	ck_entry(&P.v[1], "10.0.0.0/8");
	ck_entry(&P.v[701], "224.0.0.0/4");
	ck_entry(&P.v[702], "240.0.0.0/4");
	for (size_t i = 0; i < P.n; i++) {
		ck_assert_uint_eq(P.v[i].pfx.ip.afi, RSG_AFI_IPV4);
		addrs += (uint64_t)1 << (32 - P.v[i].pfx.len);
	}
	/* python3: sum(ip_network(p).num_addresses) */
	ck_assert_uint_eq(addrs, 596184064);

	/* either family: the same */
	rsg__pfx_vec_free(&P);
	ck_assert_int_eq(rsg__pfxfile_load(path, RSG_AFI_NONE, &P, &E), 0);
	ck_assert_uint_eq(P.n, 703);

	/* asking for IPv6: the first prefix, line 3, is refused */
	ck_assert_int_eq(
	    rsg__pfxfile_load(path, RSG_AFI_IPV6, &P, &E), RSG_EPARSE);
	ck_assert_uint_eq(E.line, 3);
	ck_assert_uint_eq(E.column, 1);
	ck_assert_ptr_nonnull(
	    strstr(E.message, "expected an IPv6 prefix, got \"0.0.0.0/8\""));
	ck_assert_ptr_nonnull(strstr(E.message, path));
	ck_assert_uint_eq(P.n, 703);

	ck_assert_int_eq(
	    rsg__pfxfile_load("/nonexistent/bogons.txt", RSG_AFI_NONE, &P, &E),
	    RSG_EIO);
	ck_assert_str_eq(
	    E.message, "/nonexistent/bogons.txt: No such file or directory");
}
END_TEST

START_TEST(test_forms)
{
	ck_assert_int_eq(load("# header\n"
			      "\n"
			      "   \t\n"
			      "  192.0.2.0/24  \n"
			      "198.51.100.0/24# no space before the comment\r\n"
			      "2001:db8::/32 # trailing comment\n"
			      "\t# indented comment\n"
			      "0.0.0.0/0\n"
			      "::/0",
			     RSG_AFI_NONE),
	    0);
	ck_assert_uint_eq(P.n, 5);
	ck_entry(&P.v[0], "192.0.2.0/24");
	ck_entry(&P.v[1], "198.51.100.0/24");
	ck_entry(&P.v[2], "2001:db8::/32");
	ck_entry(&P.v[3], "0.0.0.0/0");
	ck_entry(&P.v[4], "::/0");
	ck_assert_int_eq(load("2001:db8::/32\r\n", RSG_AFI_IPV6), 0);
	ck_assert_uint_eq(P.n, 6);
}
END_TEST

START_TEST(test_errors)
{
	ck_bad("10.0.0.0/8\n  10.0.0.1/8\n", RSG_AFI_NONE, 2, 3,
	    "host bits set in prefix \"10.0.0.1/8\"");
	ck_bad("10.0.0.0/33", RSG_AFI_NONE, 1, 1, "prefix length out of range");
	ck_bad("10.0.0.0", RSG_AFI_NONE, 1, 1, "invalid prefix \"10.0.0.0\"");
	ck_bad("# x\n\n 10.0.0/8\n", RSG_AFI_NONE, 3, 2, "invalid prefix");
	ck_bad("10.0.0.0/8 11.0.0.0/8\n", RSG_AFI_NONE, 1, 12,
	    "expected one prefix per line");
	ck_bad("10.0.0.0/8 ; comment\n", RSG_AFI_NONE, 1, 12,
	    "expected one prefix per line");
	ck_bad("10.0.0.0/8\n2001:db8::/32\n", RSG_AFI_IPV4, 2, 1,
	    "expected an IPv4 prefix, got \"2001:db8::/32\"");
	ck_bad("::/0\n", RSG_AFI_IPV4, 1, 1, "expected an IPv4 prefix");
	{
		static const char nul[] = "10.0.0.0\0/8\n";

		ck_assert_int_eq(rsg__pfxfile_load_buf("b.txt", nul,
				     sizeof(nul) - 1, RSG_AFI_NONE, &P, &E),
		    RSG_EPARSE);
		ck_assert_uint_eq(E.column, 1);
	}
}
END_TEST

START_TEST(test_empty_and_atomic)
{
	ck_assert_int_eq(load("", RSG_AFI_NONE), RSG_EEMPTY);
	ck_assert_int_eq(E.code, RSG_EEMPTY);
	ck_assert_str_eq(E.message, "b.txt: no prefixes in the file");
	ck_assert_int_eq(
	    load("# only\n# comments\n\n", RSG_AFI_IPV4), RSG_EEMPTY);
	ck_assert_int_eq(load("192.0.2.0/24\n", RSG_AFI_IPV4), 0);
	ck_assert_uint_eq(P.n, 1);
	/* the good lines before an error are not kept */
	ck_bad("10.0.0.0/8\n172.16.0.0/12\n192.168.0.0/16x\n", RSG_AFI_IPV4, 3,
	    1, "invalid prefix");
	ck_assert_uint_eq(P.n, 1);
	ck_entry(&P.v[0], "192.0.2.0/24");
}
END_TEST

Suite *
pfxfile_suite(void)
{
	Suite *s = suite_create("pfxfile");
	TCase *tc = tcase_create("pfxfile");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_cymru);
	tcase_add_test(tc, test_forms);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_empty_and_atomic);
	suite_add_tcase(s, tc);
	return s;
}
