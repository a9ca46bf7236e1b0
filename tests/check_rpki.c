/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rpki: VRP and ASPA readers on real files (rpki-client, StayRTR, RIPE
 * validator CSV, the 723,524-VRP rpki-client dump) and on small documents
 * for every error class, with exact positions; atomicity, expiry, trust
 * anchor filtering, staleness and empty files.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rpki.h"
#include "suites.h"
#include "testutil.h"
#include "util.h"

/* 2023-07-27T18:56:02Z, buildtime of the StayRTR test file */
#define STAYRTR_BUILT 1690484162
/* 2025-07-20T10:01:43Z, buildtime of the big rpki-client dump */
#define BIG_BUILT 1753005703

static struct rpki_opts opts;
static struct vrp_vec V;
static struct aspa_set A;
static struct rpki_meta M;
static struct rsg_error E;

static void
setup(void)
{
	memset(&opts, 0, sizeof(opts));
	opts.now = STAYRTR_BUILT;
	memset(&V, 0, sizeof(V));
	memset(&A, 0, sizeof(A));
	memset(&M, 0, sizeof(M));
	memset(&E, 0, sizeof(E));
}

static void
teardown(void)
{
	rsg__vrp_vec_free(&V);
	rsg__aspa_set_free(&A);
}

static int
load(const char *doc, enum rpki_format fmt)
{
	return rsg__rpki_load_buf(
	    "t", doc, strlen(doc), fmt, &opts, &V, &A, &M, &E);
}

/* Index of the VRP prefix/max_len/asn in V, or -1. */
static long
find_vrp(const char *prefix, unsigned max_len, uint32_t asn)
{
	struct rsg_prefix p = tu_pfx(prefix);

	for (size_t i = 0; i < V.n; i++) {
		if (V.v[i].asn == asn && V.v[i].max_len == max_len
		    && V.v[i].prefix.len == p.len
		    && V.v[i].prefix.ip.afi == p.ip.afi
		    && memcmp(
			   V.v[i].prefix.ip.addr, p.ip.addr, sizeof(p.ip.addr))
			== 0)
			return (long)i;
	}
	return -1;
}

/*
 * Load doc again from a file (JSON is then streamed, CSV read whole) and
 * expect the same result: code, position, message and vector lengths.
 */
static void
same_from_file(const char *doc, enum rpki_format fmt)
{
	char path[] = "/tmp/rsg-rpki-XXXXXX";
	struct rsg_error fe;
	size_t n0 = V.n, r0 = A.rec.n, p0 = A.prov.n, len = strlen(doc);
	int fd = mkstemp(path), rc;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, doc, len), (ssize_t)len);
	close(fd);
	memset(&fe, 0, sizeof(fe));
	rc = rsg__rpki_load_file(path, fmt, &opts, &V, &A, NULL, &fe);
	unlink(path);
	ck_assert_int_eq(rc, E.code);
	ck_assert_uint_eq(fe.line, E.line);
	ck_assert_uint_eq(fe.column, E.column);
	/* "t:..." from the buffer, "/tmp/rsg-rpki-...:..." from the file */
	ck_assert_str_eq(fe.message + strlen(path), E.message + 1);
	ck_assert_uint_eq(V.n, n0);
	ck_assert_uint_eq(A.rec.n, r0);
	ck_assert_uint_eq(A.prov.n, p0);
}

/* Expect doc to fail with RSG_EPARSE at line:col, msg in the message. */
#define ck_bad(doc, fmt, l, c, msg)                                            \
	do {                                                                   \
		size_t n0_ = V.n, r0_ = A.rec.n, p0_ = A.prov.n;               \
		ck_assert_int_eq(load((doc), (fmt)), RSG_EPARSE);              \
		ck_assert_msg(E.line == (l) && E.column == (c),                \
		    "got %u:%u (%s), want %u:%u", E.line, E.column, E.message, \
		    (unsigned)(l), (unsigned)(c));                             \
		ck_assert_msg(strstr(E.message, (msg)) != NULL,                \
		    "message \"%s\" lacks \"%s\"", E.message, (msg));          \
		ck_assert_uint_eq(V.n, n0_);                                   \
		ck_assert_uint_eq(A.rec.n, r0_);                               \
		ck_assert_uint_eq(A.prov.n, p0_);                              \
		same_from_file((doc), (fmt));                                  \
	} while (0)

START_TEST(test_stayrtr_file)
{
	size_t v4 = 0, nprov = 0;
	long i;

	ck_assert_int_eq(rsg__rpki_load_file(tu_data("rpki/"
						     "debian-stayrtr_test.rpki."
						     "json"),
			     RPKI_FMT_AUTO, &opts, &V, &A, &M, &E),
	    0);
	ck_assert_uint_eq(V.n, 19);
	for (size_t k = 0; k < V.n; k++)
		v4 += V.v[k].prefix.ip.afi == RSG_AFI_IPV4;
	ck_assert_uint_eq(v4, 5);
	ck_assert_int_eq(M.buildtime, STAYRTR_BUILT);
	ck_assert_uint_eq(M.vrps, 19);
	ck_assert_uint_eq(M.vrps_skipped, 0);

	/* first and last entries, fully decoded */
	i = find_vrp("1.0.0.0/24", 24, 13335);
	ck_assert_int_eq(i, 0);
	ck_assert_uint_eq(V.v[0].prefix.ip.addr[0], 0x01000000u);
	ck_assert_uint_eq(V.v[0].prefix.ip.addr[1], 0);
	ck_assert_uint_eq(V.v[0].prefix.ip.afi, RSG_AFI_IPV4);
	ck_assert_uint_eq(
	    V.v[0].reserved_[0] | V.v[0].reserved_[1] | V.v[0].reserved_[2], 0);
	ck_assert_int_eq(find_vrp("192.0.2.0/24", 24, 1), 18);
	i = find_vrp("2800:38::/32", 128, 27808);
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(V.v[i].prefix.ip.addr[0], 0x28000038u);
	ck_assert_uint_eq(V.v[i].prefix.ip.afi, RSG_AFI_IPV6);
	ck_assert_int_ge(find_vrp("2001:4248::/32", 64, 30999), 0);

	/* provider_authorizations: ipv4 and ipv6 lists, both loaded */
	ck_assert_uint_eq(A.rec.n, 4);
	ck_assert_uint_eq(M.aspas, 4);
	for (size_t k = 0; k < A.rec.n; k++) {
		ck_assert_uint_eq(A.rec.v[k].off, nprov);
		nprov += A.rec.v[k].n;
	}
	ck_assert_uint_eq(A.prov.n, nprov);
	ck_assert_uint_eq(nprov, 20);
	ck_assert_uint_eq(A.rec.v[0].customer, 15562);
	ck_assert_uint_eq(A.rec.v[0].n, 4);
	ck_assert_uint_eq(A.prov.v[0], 2914);
	ck_assert_uint_eq(A.prov.v[3], 206238);
	ck_assert_uint_eq(A.rec.v[1].customer, 64496);
	ck_assert_uint_eq(A.rec.v[2].customer, 64496);
	ck_assert_uint_eq(A.rec.v[3].customer, 15562);
	ck_assert_uint_eq(A.prov.v[A.rec.v[3].off + 3], 206238);
}
END_TEST

START_TEST(test_csv_file)
{
	size_t v4 = 0;

	ck_assert_int_eq(
	    rsg__rpki_load_file(tu_data("rpki/"
					"ripe-validator_roas_sample_"
					"2016.csv"),
		RPKI_FMT_AUTO, &opts, &V, &A, &M, &E),
	    0);
	ck_assert_uint_eq(V.n, 49);
	for (size_t k = 0; k < V.n; k++)
		v4 += V.v[k].prefix.ip.afi == RSG_AFI_IPV4;
	ck_assert_uint_eq(v4, 45);
	ck_assert_uint_eq(A.rec.n, 0);
	ck_assert_int_eq(M.buildtime, 0);
	ck_assert_int_eq(find_vrp("86.106.22.0/24", 24, 31207), 0);
	ck_assert_int_eq(find_vrp("2001:660::/32", 32, 2200), 2);
	ck_assert_int_eq(find_vrp("213.216.64.0/18", 18, 12741), 48);
}
END_TEST

START_TEST(test_big_file)
{
	const char *path = tu_build("cache/vrps-20250720T100145Z.json");
	size_t v4 = 0, nprov = 0;
	FILE *f = fopen(path, "r");

	ck_assert_msg(f != NULL,
	    "%s is missing: make -C tests "
	    "cache/vrps-20250720T100145Z.json",
	    path);
	fclose(f);
	opts.now = BIG_BUILT;
	opts.check_expires = false;
	ck_assert_int_eq(
	    rsg__rpki_load_file(path, RPKI_FMT_AUTO, &opts, &V, &A, &M, &E), 0);
	ck_assert_uint_eq(V.n, 723524);
	for (size_t k = 0; k < V.n; k++)
		v4 += V.v[k].prefix.ip.afi == RSG_AFI_IPV4;
	/* verified independently with jq and python's ipaddress */
	ck_assert_uint_eq(v4, 580367);
	ck_assert_uint_eq(V.n - v4, 143157);
	ck_assert_uint_eq(A.rec.n, 100);
	for (size_t k = 0; k < A.rec.n; k++)
		nprov += A.rec.v[k].n;
	ck_assert_uint_eq(nprov, 545);
	ck_assert_uint_eq(A.rec.v[99].customer, 401519);
	ck_assert_int_eq(M.buildtime, BIG_BUILT);
	ck_assert_int_eq(find_vrp("1.0.0.0/24", 24, 13335), 0);

	/*
	 * A day later with expiry checks (counts from jq: select(.expires
	 * >= now)).
	 */
	rsg__vrp_vec_free(&V);
	rsg__aspa_set_free(&A);
	opts.now = BIG_BUILT + 86400;
	opts.check_expires = true;
	ck_assert_int_eq(
	    rsg__rpki_load_file(path, RPKI_FMT_JSON, &opts, &V, &A, &M, &E), 0);
	ck_assert_uint_eq(V.n, 333697);
	ck_assert_uint_eq(M.vrps, 333697);
	ck_assert_uint_eq(M.vrps_skipped, 723524 - 333697);
	ck_assert_uint_eq(A.rec.n, 3);
	ck_assert_uint_eq(M.aspas_skipped, 97);
	/* a week later everything has expired: not an error */
	rsg__vrp_vec_free(&V);
	rsg__aspa_set_free(&A);
	opts.now = BIG_BUILT + 7 * 86400;
	ck_assert_int_eq(
	    rsg__rpki_load_file(path, RPKI_FMT_JSON, &opts, &V, &A, &M, &E), 0);
	ck_assert_uint_eq(V.n, 0);
	ck_assert_uint_eq(M.vrps_skipped, 723524);
	ck_assert_uint_eq(A.rec.n, 0);
	ck_assert_uint_eq(A.prov.n, 0);
}
END_TEST

START_TEST(test_json_forms)
{
	const char *doc =
	    "{\"metadata\": {\"generated\": 1700000000, \"roas\": 3,"
	    " \"aspas\": 99},\n"
	    " \"roas\": [\n"
	    "  {\"asn\": 13335, \"prefix\": \"1.0.0.0/24\", \"maxLength\": "
	    "24},\n"
	    "  {\"asn\": \"AS64500\", \"prefix\": \"192.0.2.0/24\"},\n"
	    "  {\"asn\": \"64501\", \"prefix\": \"2001:db8::/32\", "
	    "\"maxLength\": 48, \"ta\": \"ripe\", \"source\": [{\"x\": 1}]}\n"
	    " ],\n"
	    " \"routerKeys\": [], \"bgpsec_keys\": [], \"nonfunc_cas\": [],\n"
	    " \"aspas\": [\n"
	    "  {\"customer_asid\": 64500, \"expires\": 1790002800,"
	    " \"providers\": [64510, 64511]},\n"
	    "  {\"customer\": \"AS1\", \"providers\": [\"AS2\", \"3\", 4],"
	    " \"ta\": \"ripe\"},\n"
	    "  {\"customer_asid\": 64510, \"providers\": []}\n"
	    " ]\n"
	    "}\n";

	ck_assert_int_eq(load(doc, RPKI_FMT_AUTO), 0);
	ck_assert_int_eq(M.buildtime, 1700000000);
	ck_assert_uint_eq(V.n, 3);
	ck_assert_int_eq(find_vrp("1.0.0.0/24", 24, 13335), 0);
	/* maxLength missing: the prefix length */
	ck_assert_int_eq(find_vrp("192.0.2.0/24", 24, 64500), 1);
	ck_assert_int_eq(find_vrp("2001:db8::/32", 48, 64501), 2);
	ck_assert_uint_eq(V.v[2].prefix.ip.addr[0], 0x20010db8u);
	ck_assert_uint_eq(A.rec.n, 3);
	ck_assert_uint_eq(A.prov.n, 5);
	ck_assert_uint_eq(A.rec.v[1].customer, 1);
	ck_assert_uint_eq(A.rec.v[1].off, 2);
	ck_assert_uint_eq(A.rec.v[1].n, 3);
	ck_assert_uint_eq(A.prov.v[2], 2);
	ck_assert_uint_eq(A.prov.v[3], 3);
	ck_assert_uint_eq(A.prov.v[4], 4);
	ck_assert_uint_eq(A.rec.v[2].n, 0);

	/* buildtime wins over generated; the string form of generated */
	rsg__vrp_vec_free(&V);
	ck_assert_int_eq(load("{\"metadata\": {\"generated\": \"1700000000\"},"
			      " \"roas\": [{\"asn\": 1, \"prefix\": "
			      "\"10.0.0.0/8\"}]}",
			     RPKI_FMT_JSON),
	    0);
	ck_assert_int_eq(M.buildtime, 1700000000);
	ck_assert_int_eq(load("{\"metadata\": {\"generated\": 5, \"buildtime\":"
			      " \"2025-07-20T10:01:43Z\"}, \"roas\": [{\"asn\":"
			      " 1, \"prefix\": \"10.0.0.0/8\"}]}",
			     RPKI_FMT_JSON),
	    0);
	ck_assert_int_eq(M.buildtime, BIG_BUILT);
	/* null lists (Go's nil slices) are empty */
	ck_assert_int_eq(load("{\"aspas\": null, \"roas\": "
			      "[{\"asn\": 1, \"prefix\": \"10.0.0.0/8\"}]}",
			     RPKI_FMT_JSON),
	    0);
	ck_assert_uint_eq(V.n, 3);
	/* but not twice: a second list would add to the first */
	ck_assert_int_eq(
	    load("{\"roas\": null, \"roas\": []}", RPKI_FMT_JSON), RSG_EPARSE);
	ck_assert_str_eq(E.message, "t:1:16: duplicate member \"roas\"");
	/* either vector may be NULL */
	ck_assert_int_eq(rsg__rpki_load_buf("t", doc, strlen(doc),
			     RPKI_FMT_JSON, &opts, NULL, NULL, &M, &E),
	    0);
	ck_assert_uint_eq(M.vrps, 3);
	ck_assert_uint_eq(M.aspas, 3);
	ck_assert_int_eq(rsg__rpki_load_buf("t", doc, strlen(doc),
			     RPKI_FMT_JSON, NULL, NULL, NULL, NULL, NULL),
	    0);
}
END_TEST

START_TEST(test_json_errors)
{
	static const char roa[] = "{\"roas\": [\n"
				  "{\"asn\": 1, \"prefix\": \"10.0.0.0/8\"},\n";

	ck_bad(
	    "[]", RPKI_FMT_JSON, 1, 1, "expected a JSON object, got an array");
	ck_bad("{\"roas\": {}}", RPKI_FMT_JSON, 1, 10,
	    "expected an array for \"roas\", got an object");
	ck_bad("{\"roas\": [1]}", RPKI_FMT_JSON, 1, 11,
	    "expected a ROA object, got a number");
	ck_bad("{\"roas\": [{\"asn\": 1, \"prefix\": \"10.0.0.1/8\"}]}",
	    RPKI_FMT_JSON, 1, 32, "host bits set in prefix \"10.0.0.1/8\"");
	ck_bad("{\"roas\": [{\"asn\": 1, \"prefix\": \"10.0.0/8\"}]}",
	    RPKI_FMT_JSON, 1, 32, "invalid prefix \"10.0.0/8\"");
	ck_bad("{\"roas\": [{\"asn\": 1, \"prefix\": \"10.0.0.0/33\"}]}",
	    RPKI_FMT_JSON, 1, 32, "prefix length out of range");
	ck_bad("{\"roas\": [{\"asn\": 1, \"prefix\": \"10.0.0.0\"}]}",
	    RPKI_FMT_JSON, 1, 32, "invalid prefix");
	ck_bad("{\"roas\": [{\"asn\": 1, \"prefix\": 10}]}", RPKI_FMT_JSON, 1,
	    32, "prefix: expected a string, got a number");
	ck_bad("{\"roas\": [{\"asn\": 1, \"prefix\": \"10.0.0.0/8\\u0000\"}]}",
	    RPKI_FMT_JSON, 1, 32, "U+0000");
	ck_bad("{\"roas\": [{\"asn\": 1, \"prefix\": \"10.0.0.0/16\", "
	       "\"maxLength\": 8}]}",
	    RPKI_FMT_JSON, 1, 60,
	    "max length 8 is shorter than the prefix length 16");
	ck_bad("{\"roas\": [{\"asn\": 1, \"prefix\": \"10.0.0.0/16\", "
	       "\"maxLength\": 33}]}",
	    RPKI_FMT_JSON, 1, 60, "max length 33 exceeds 32 for an IPv4");
	ck_bad("{\"roas\": [{\"maxLength\": 129, \"asn\": 1, \"prefix\": "
	       "\"2001:db8::/32\"}]}",
	    RPKI_FMT_JSON, 1, 25, "maxLength: 129 is out of range [0, 128]");
	ck_bad("{\"roas\": [{\"asn\": 1, \"prefix\": \"2001:db8::/32\", "
	       "\"maxLength\": 24.0}]}",
	    RPKI_FMT_JSON, 1, 62, "maxLength: expected an integer, got 24.0");
	ck_bad(
	    "{\"roas\": [{\"asn\": 4294967296, \"prefix\": \"10.0.0.0/8\"}]}",
	    RPKI_FMT_JSON, 1, 19, "asn: 4294967296 is out of range");
	ck_bad("{\"roas\": [{\"asn\": -1, \"prefix\": \"10.0.0.0/8\"}]}",
	    RPKI_FMT_JSON, 1, 19, "out of range");
	ck_bad("{\"roas\": [{\"asn\": \"AS4294967296\", \"prefix\": "
	       "\"10.0.0.0/8\"}]}",
	    RPKI_FMT_JSON, 1, 19, "asn: expected an AS number");
	ck_bad("{\"roas\": [{\"asn\": \"ASx\", \"prefix\": \"10.0.0.0/8\"}]}",
	    RPKI_FMT_JSON, 1, 19, "asn: expected an AS number");
	ck_bad("{\"roas\": [{\"asn\": true, \"prefix\": \"10.0.0.0/8\"}]}",
	    RPKI_FMT_JSON, 1, 19, "asn: expected an AS number, got a boolean");
	ck_bad("{\"roas\": [\n  {\"prefix\": \"10.0.0.0/8\"}]}", RPKI_FMT_JSON,
	    2, 3, "ROA without \"asn\"");
	ck_bad("{\"roas\": [\n  {\"asn\": 1, \"maxLength\": 8}]}",
	    RPKI_FMT_JSON, 2, 3, "ROA without \"prefix\"");
	ck_bad("{\"roas\": [{\"asn\": 1, \"asn\": 2, \"prefix\": "
	       "\"10.0.0.0/8\"}]}",
	    RPKI_FMT_JSON, 1, 22, "duplicate member \"asn\"");
	ck_bad(
	    "{\"roas\": [{\"asn\": 1, \"prefix\": \"10.0.0.0/8\", \"ta\": 1}]}",
	    RPKI_FMT_JSON, 1, 52, "ta: expected a string, got a number");
	ck_bad(
	    "{\"roas\": [{\"asn\": 1, \"prefix\": \"10.0.0.0/8\", \"expires\":"
	    " \"soon\"}]}",
	    RPKI_FMT_JSON, 1, 57, "expires: expected an integer");
	ck_bad("{\"metadata\": {\"buildtime\": \"2025-07-20 10:01\"}}",
	    RPKI_FMT_JSON, 1, 28, "buildtime: expected an RFC 3339");
	ck_bad("{\"metadata\": {\"generated\": \"17e8\"}}", RPKI_FMT_JSON, 1,
	    28, "generated: expected unix seconds");
	ck_bad("{\"metadata\": {\"generated\": -5}}", RPKI_FMT_JSON, 1, 28,
	    "generated: -5 is out of range");
	ck_bad("{\"metadata\": []}", RPKI_FMT_JSON, 1, 14,
	    "expected an object for \"metadata\"");
	ck_bad("{\"aspas\": [{\"providers\": [1]}]}", RPKI_FMT_JSON, 1, 12,
	    "ASPA without \"customer_asid\"");
	ck_bad("{\"aspas\": [{\"customer_asid\": 1}]}", RPKI_FMT_JSON, 1, 12,
	    "ASPA without \"providers\"");
	ck_bad("{\"aspas\": [{\"customer_asid\": 1, \"customer\": 1, "
	       "\"providers\": [1]}]}",
	    RPKI_FMT_JSON, 1, 33, "duplicate member \"customer\"");
	ck_bad(
	    "{\"aspas\": [{\"customer_asid\": 1, \"providers\": [1, \"x\"]}]}",
	    RPKI_FMT_JSON, 1, 50, "provider: expected an AS number");
	ck_bad("{\"aspas\": [{\"customer_asid\": 1, \"providers\": 1}]}",
	    RPKI_FMT_JSON, 1, 46, "expected an array of provider ASNs");
	ck_bad("{\"provider_authorizations\": {\"ipv4\": {}}}", RPKI_FMT_JSON,
	    1, 38, "expected an array of ASPA objects, got an object");
	ck_bad("{\"provider_authorizations\": []}", RPKI_FMT_JSON, 1, 29,
	    "expected an object for \"provider_authorizations\"");
	/* JSON syntax errors anywhere, also in skipped members */
	ck_bad("{\"bgpsec_keys\": [{\"asn\": 1,}]}", RPKI_FMT_JSON, 1, 28,
	    "trailing comma");
	ck_bad(
	    "{\"roas\": []} {", RPKI_FMT_JSON, 1, 14, "expected end of input");
	ck_bad("{\"roas\": [{\"asn\": 1, \"prefix\": \"10.0.0.0/8\"}]",
	    RPKI_FMT_JSON, 1, 46, "expected ',' or '}', got end of input");
	/* a good first VRP is not kept when a later one is bad */
	{
		char doc[256];

		snprintf(doc, sizeof(doc),
		    "%s{\"asn\": 1, \"prefix\": \"x\"}]}", roa);
		ck_bad(doc, RPKI_FMT_JSON, 3, 22, "invalid prefix \"x\"");
	}
	ck_assert_str_eq(E.message, "t:3:22: invalid prefix \"x\"");
}
END_TEST

START_TEST(test_atomic)
{
	static const char good[] = "{\"roas\": [{\"asn\": 1, \"prefix\": "
				   "\"10.0.0.0/8\"}], \"aspas\": "
				   "[{\"customer_asid\": 5, \"providers\": [6, "
				   "7]}]}";
	static const char bad[] =
	    "{\"aspas\": [{\"customer_asid\": 8, \"providers\": [9]}],\n"
	    " \"roas\": [{\"asn\": 2, \"prefix\": \"11.0.0.0/8\"},"
	    " {\"asn\": 3, \"prefix\": \"12.0.0.0/8\", \"maxLength\": 7}]}";
	struct rsg_vrp first;

	ck_assert_int_eq(load(good, RPKI_FMT_AUTO), 0);
	ck_assert_uint_eq(V.n, 1);
	ck_assert_uint_eq(A.rec.n, 1);
	ck_assert_uint_eq(A.prov.n, 2);
	first = V.v[0];
	ck_bad(bad, RPKI_FMT_AUTO, 2, 95, "max length 7 is shorter");
	ck_assert_uint_eq(V.n, 1);
	ck_assert_mem_eq(&V.v[0], &first, sizeof(first));
	ck_assert_uint_eq(A.rec.n, 1);
	ck_assert_uint_eq(A.rec.v[0].customer, 5);
	ck_assert_uint_eq(A.prov.n, 2);
	/* and the CSV reader */
	ck_bad("AS1,10.0.0.0/8,8\nAS2,11.0.0.0/8,99\n", RPKI_FMT_CSV, 2, 16,
	    "max length 99 exceeds 32");
	ck_assert_uint_eq(V.n, 1);
	/* appending after the failures works */
	ck_assert_int_eq(load(good, RPKI_FMT_AUTO), 0);
	ck_assert_uint_eq(V.n, 2);
	ck_assert_uint_eq(A.rec.n, 2);
	ck_assert_uint_eq(A.rec.v[1].off, 2);
	ck_assert_uint_eq(A.prov.n, 4);
}
END_TEST

START_TEST(test_expiry_and_ta)
{
	const char *doc =
	    "{\"roas\": [\n"
	    "{\"asn\": 1, \"prefix\": \"10.0.0.0/8\", \"ta\": \"APNIC\","
	    " \"expires\": 100},\n"
	    "{\"asn\": 2, \"prefix\": \"11.0.0.0/8\", \"ta\": \"ripe\","
	    " \"expires\": 200},\n"
	    "{\"asn\": 3, \"prefix\": \"12.0.0.0/8\", \"expires\": 300},\n"
	    "{\"asn\": 4, \"prefix\": \"13.0.0.0/8\", \"ta\": \"arin\"},\n"
	    "{\"asn\": 5, \"prefix\": \"14.0.0.0/8\"}\n"
	    "], \"aspas\": [\n"
	    "{\"customer_asid\": 10, \"expires\": 150, \"providers\": [1, "
	    "2]},\n"
	    "{\"providers\": [3], \"expires\": 250, \"customer_asid\": 11},\n"
	    "{\"customer_asid\": 12, \"providers\": [4]}]}";
	static const char *const tas[] = { "apnic", "RIPE" };

	/* no filters */
	ck_assert_int_eq(load(doc, RPKI_FMT_JSON), 0);
	ck_assert_uint_eq(V.n, 5);
	ck_assert_uint_eq(A.rec.n, 3);
	teardown();
	setup();

	/* expiry: entries expiring before now are dropped */
	opts.check_expires = true;
	opts.now = 200;
	ck_assert_int_eq(load(doc, RPKI_FMT_JSON), 0);
	ck_assert_uint_eq(V.n, 4);
	ck_assert_int_eq(find_vrp("10.0.0.0/8", 8, 1), -1);
	ck_assert_int_eq(find_vrp("11.0.0.0/8", 8, 2), 0);
	ck_assert_uint_eq(M.vrps, 4);
	ck_assert_uint_eq(M.vrps_skipped, 1);
	ck_assert_uint_eq(A.rec.n, 2);
	ck_assert_uint_eq(A.rec.v[0].customer, 11);
	ck_assert_uint_eq(A.rec.v[0].off, 0);
	ck_assert_uint_eq(A.prov.n, 2);
	ck_assert_uint_eq(A.prov.v[0], 3);
	ck_assert_uint_eq(A.prov.v[1], 4);
	ck_assert_uint_eq(M.aspas, 2);
	ck_assert_uint_eq(M.aspas_skipped, 1);
	teardown();
	setup();

	/* trust anchors, case-insensitive; VRPs without ta are kept */
	opts.tas = tas;
	opts.ntas = 2;
	ck_assert_int_eq(load(doc, RPKI_FMT_JSON), 0);
	ck_assert_uint_eq(V.n, 4);
	ck_assert_int_eq(find_vrp("13.0.0.0/8", 8, 4), -1);
	ck_assert_uint_eq(M.vrps_skipped, 1);
	ck_assert_uint_eq(A.rec.n, 3);
	teardown();
	setup();

	/* both; everything filtered is not "empty" */
	opts.tas = tas;
	opts.ntas = 1;
	opts.check_expires = true;
	opts.now = 1000;
	ck_assert_int_eq(load(doc, RPKI_FMT_JSON), 0);
	ck_assert_uint_eq(V.n, 1);
	ck_assert_int_eq(find_vrp("14.0.0.0/8", 8, 5), 0);
	ck_assert_uint_eq(M.vrps_skipped, 4);
	ck_assert_uint_eq(A.rec.n, 1);
	opts.tas = NULL;
	ck_assert_int_eq(load("{\"roas\": [{\"asn\": 1, \"prefix\": "
			      "\"10.0.0.0/8\", \"expires\": 5}]}",
			     RPKI_FMT_JSON),
	    0);
	ck_assert_uint_eq(M.vrps, 0);
	ck_assert_uint_eq(M.vrps_skipped, 1);

	/* CSV: trust anchor column, rpki-client's expires column */
	teardown();
	setup();
	opts.tas = tas;
	opts.ntas = 2;
	opts.check_expires = true;
	opts.now = 1000;
	ck_assert_int_eq(load("ASN,IP Prefix,Max Length,Trust Anchor,Expires\n"
			      "AS1,10.0.0.0/8,8,apnic,999\n"
			      "AS2,11.0.0.0/8,8,ripe,1000\n"
			      "AS3,12.0.0.0/8,8,arin,2000\n"
			      "AS4,13.0.0.0/8,8\n"
			      "AS5,14.0.0.0/8,8,,\n",
			     RPKI_FMT_AUTO),
	    0);
	ck_assert_uint_eq(V.n, 3);
	ck_assert_int_eq(find_vrp("11.0.0.0/8", 8, 2), 0);
	ck_assert_int_eq(find_vrp("13.0.0.0/8", 8, 4), 1);
	ck_assert_int_eq(find_vrp("14.0.0.0/8", 8, 5), 2);
	ck_assert_uint_eq(M.vrps_skipped, 2);
}
END_TEST

START_TEST(test_stale)
{
	const char *path = tu_data("rpki/debian-stayrtr_test.rpki.json");
	struct vrp_vec keep = { 0 };

	ck_assert_int_eq(load("{\"roas\": [{\"asn\": 1, \"prefix\": "
			      "\"10.0.0.0/8\"}]}",
			     RPKI_FMT_JSON),
	    0);
	ck_assert_uint_eq(V.n, 1);
	opts.now = STAYRTR_BUILT + 3600;
	opts.max_age = 3600;
	ck_assert_int_eq(
	    rsg__rpki_load_file(path, RPKI_FMT_AUTO, &opts, &V, &A, &M, &E), 0);
	ck_assert_uint_eq(V.n, 20);
	opts.max_age = 3599;
	ck_assert_int_eq(
	    rsg__rpki_load_file(path, RPKI_FMT_AUTO, &opts, &V, &A, &M, &E),
	    RSG_ESTALE);
	ck_assert_int_eq(E.code, RSG_ESTALE);
	ck_assert_ptr_nonnull(strstr(E.message, path));
	ck_assert_ptr_nonnull(strstr(E.message, "2023-07-27T18:56:02Z"));
	ck_assert_ptr_nonnull(strstr(E.message, "3599 s"));
	ck_assert_int_eq(M.buildtime, STAYRTR_BUILT);
	ck_assert_uint_eq(V.n, 20);
	ck_assert_uint_eq(A.rec.n, 4);
	/* unknown build time: no staleness check */
	ck_assert_int_eq(load("{\"roas\": [{\"asn\": 1, \"prefix\": "
			      "\"10.0.0.0/8\"}]}",
			     RPKI_FMT_JSON),
	    0);
	ck_assert_int_eq(load("AS1,10.0.0.0/8,8", RPKI_FMT_CSV), 0);
	ck_assert_uint_eq(V.n, 22);
	/* generated, in unix seconds */
	ck_assert_int_eq(load("{\"metadata\": {\"generated\": 1690000000},"
			      " \"roas\": [{\"asn\": 1, \"prefix\": "
			      "\"10.0.0.0/8\"}]}",
			     RPKI_FMT_JSON),
	    RSG_ESTALE);
	ck_assert_ptr_nonnull(strstr(E.message, "2023-07-22T04:26:40Z"));
	ck_assert_uint_eq(V.n, 22);
	rsg__vrp_vec_free(&keep);
}
END_TEST

START_TEST(test_empty_and_io)
{
	ck_assert_int_eq(load("", RPKI_FMT_AUTO), RSG_EEMPTY);
	ck_assert_int_eq(E.code, RSG_EEMPTY);
	ck_assert_str_eq(E.message, "t: no VRPs and no ASPAs in the file");
	ck_assert_int_eq(load("{}", RPKI_FMT_AUTO), RSG_EEMPTY);
	ck_assert_int_eq(load("  \n {\"metadata\": {\"roas\": 5}, \"roas\": [],"
			      " \"aspas\": []}",
			     RPKI_FMT_AUTO),
	    RSG_EEMPTY);
	ck_assert_int_eq(
	    load("ASN,IP Prefix,Max Length\r\n\r\n", RPKI_FMT_AUTO),
	    RSG_EEMPTY);
	ck_assert_int_eq(load("\n\n", RPKI_FMT_CSV), RSG_EEMPTY);
	/* an ASPA alone is not empty */
	ck_assert_int_eq(load("{\"aspas\": [{\"customer_asid\": 1,"
			      " \"providers\": [2]}]}",
			     RPKI_FMT_AUTO),
	    0);
	ck_assert_uint_eq(V.n, 0);

	ck_assert_int_eq(rsg__rpki_load_file("/nonexistent/vrps.json",
			     RPKI_FMT_AUTO, &opts, &V, &A, &M, &E),
	    RSG_EIO);
	ck_assert_int_eq(E.code, RSG_EIO);
	ck_assert_str_eq(
	    E.message, "/nonexistent/vrps.json: No such file or directory");
	ck_assert_int_eq(load("{}", (enum rpki_format)7), RSG_EINVAL);
}
END_TEST

START_TEST(test_csv_forms)
{
	ck_assert_int_eq(load("\"ASN\",\"IP Prefix\",\"Max Length\",\"Trust "
			      "Anchor\"\r\n"
			      "\"AS13335\",\"1.0.0.0/24\",\"24\",\"APNIC RPKI "
			      "Root\"\r\n"
			      "  64500 , 192.0.2.0/24 ,\t28\r\n"
			      "\n"
			      "as64501,2001:db8::/32,48,ripe\n"
			      "AS0,0.0.0.0/0,32",
			     RPKI_FMT_AUTO),
	    0);
	ck_assert_uint_eq(V.n, 4);
	ck_assert_int_eq(find_vrp("1.0.0.0/24", 24, 13335), 0);
	ck_assert_int_eq(find_vrp("192.0.2.0/24", 28, 64500), 1);
	ck_assert_int_eq(find_vrp("2001:db8::/32", 48, 64501), 2);
	ck_assert_int_eq(find_vrp("0.0.0.0/0", 32, 0), 3);
}
END_TEST

START_TEST(test_csv_errors)
{
	ck_bad("ASN,IP Prefix,Max Length\nASx,10.0.0.0/8,8\n", RPKI_FMT_CSV, 2,
	    1, "expected an AS number");
	ck_bad("AS1,10.0.0.0/8,8\nAS4294967296,10.0.0.0/8,8\n", RPKI_FMT_CSV, 2,
	    1, "expected an AS number");
	ck_bad(
	    "Origin,Prefix,Len\n", RPKI_FMT_CSV, 1, 1, "expected an AS number");
	ck_bad("AS1, 10.0.0.1/8,8\n", RPKI_FMT_CSV, 1, 6,
	    "host bits set in prefix \"10.0.0.1/8\"");
	ck_bad("AS1,\"10.0.0.0/8x\",8\n", RPKI_FMT_CSV, 1, 5,
	    "invalid prefix \"10.0.0.0/8x\"");
	ck_bad(
	    "AS1,10.0.0.0/8,\n", RPKI_FMT_CSV, 1, 16, "expected a max length");
	ck_bad("AS1,10.0.0.0/8,8.0\n", RPKI_FMT_CSV, 1, 16,
	    "expected a max length");
	ck_bad("AS1,10.0.0.0/16,8\n", RPKI_FMT_CSV, 1, 17,
	    "max length 8 is shorter than the prefix length 16");
	ck_bad("AS1,2001:db8::/32,129\n", RPKI_FMT_CSV, 1, 19,
	    "max length 129 exceeds 128 for an IPv6 prefix");
	ck_bad(
	    "AS1,10.0.0.0/8\n", RPKI_FMT_CSV, 1, 15, "expected ASN,IP Prefix");
	ck_bad("AS1,10.0.0.0/8,8,ripe,5,x\n", RPKI_FMT_CSV, 1, 25,
	    "too many fields");
	ck_bad("AS1,10.0.0.0/8,8,ripe,soon\n", RPKI_FMT_CSV, 1, 23,
	    "expected an expiry time");
	ck_bad("AS1,\"10.0.0.0/8,8\n", RPKI_FMT_CSV, 1, 5,
	    "unterminated quoted field");
	ck_bad("AS1,\"10.0.0.0/8\"x,8\n", RPKI_FMT_CSV, 1, 17,
	    "expected ',' after a quoted field");
	{
		static const char nul[] = "AS1,10.0.0.0\0/8,8\n";

		ck_assert_int_eq(rsg__rpki_load_buf("t", nul, sizeof(nul) - 1,
				     RPKI_FMT_CSV, &opts, &V, &A, &M, &E),
		    RSG_EPARSE);
		ck_assert_uint_eq(E.column, 5);
	}
	/* a JSON-looking file read as CSV fails on line 1 */
	ck_bad("{\"roas\": []}", RPKI_FMT_CSV, 1, 1, "expected an AS number");
}
END_TEST

/*
 * The reader's fast path for canonical IPv4 prefixes must agree with the
 * general parser (rsg_prefix_parse) on every input: random strings over
 * the alphabet of prefixes, plus the edge cases.
 */
START_TEST(test_prefix_differential)
{
	static const char *const edge[] = { "0.0.0.0/0", "255.255.255.255/32",
		"1.2.3.0/24", "01.2.3.0/24", "1.02.3.0/24", "1.2.3.00/32",
		"1.2.3.0/024", "1.2.3.0/00", "256.0.0.0/8", "1.2.3/24",
		"1.2.3.4.5/32", "1.2.3.0/33", "1.2.3.1/24", "1.2.3.0/", "/24",
		"1.2.3.0/3x", "1000.2.3.0/8", "1.2.3.0//24", "10.0.0.0/8",
		"10.0.0.0/9", "128.0.0.0/1", "1.2.3.4/32", "1.2.3.4/31" };
	static const char alpha[] = "0123456789./0120";
	uint64_t x = 0x9e3779b97f4a7c15ull;
	char line[64], text[24];

	for (size_t i = 0; i < 40000 + sizeof(edge) / sizeof(edge[0]); i++) {
		struct rsg_prefix want;
		size_t n;
		int rc;

		if (i < sizeof(edge) / sizeof(edge[0])) {
			snprintf(text, sizeof(text), "%s", edge[i]);
		} else {
			/* mostly well-formed: four octets and a length */
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			if (x % 3 == 0) {
				snprintf(text, sizeof(text), "%u.%u.%u.%u/%u",
				    (unsigned)(x >> 8) % 300,
				    (unsigned)(x >> 17) % 260,
				    (unsigned)(x >> 26) % 256,
				    (unsigned)(x >> 35) % 4 * 64,
				    (unsigned)(x >> 44) % 35);
			} else {
				n = 1 + (size_t)(x >> 50) % 18;
				for (size_t k = 0; k < n; k++)
					text[k] =
					    alpha[(x >> (k * 3 % 60)) % 16];
				text[n] = '\0';
			}
		}
		snprintf(line, sizeof(line), "AS1,%s,32\n", text);
		V.n = 0;
		rc = load(line, RPKI_FMT_CSV);
		if (rsg_prefix_parse(text, &want) != 0
		    || want.ip.afi != RSG_AFI_IPV4) {
			ck_assert_msg(rc == RSG_EPARSE, "%s accepted", text);
			continue;
		}
		ck_assert_msg(rc == 0, "%s refused: %s", text, E.message);
		ck_assert_uint_eq(V.n, 1);
		ck_assert_msg(memcmp(&V.v[0].prefix, &want, sizeof(want)) == 0,
		    "%s parsed differently", text);
	}
}
END_TEST

/*
 * Files that are not regular files: a FIFO (without a writer: opening it
 * must not block), a directory, /dev/zero (never read to the end). Each
 * is refused at once, naming the source.
 */
START_TEST(test_not_regular)
{
	char dir[] = "/tmp/rsg-fifo-XXXXXX", path[64], want[128];
	const char *const paths[] = { path, dir, "/dev/zero" };
	const char *const kinds[] = { "a FIFO (pipe), not a regular file",
		"a directory, not a regular file",
		"a character device, not a regular file" };

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/f", dir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	for (size_t i = 0; i < 3; i++) {
		for (int f = RPKI_FMT_AUTO; f <= RPKI_FMT_CSV; f++) {
			uint64_t t0 = rsg__now_usec();

			V.n = 0;
			ck_assert_int_eq(
			    rsg__rpki_load_file(paths[i], (enum rpki_format)f,
				&opts, &V, &A, &M, &E),
			    RSG_EIO);
			ck_assert_uint_lt(rsg__now_usec() - t0, 1000000);
			snprintf(want, sizeof(want), "%s: %s: refused",
			    paths[i], kinds[i]);
			ck_assert_str_eq(E.message, want);
			ck_assert_uint_eq(V.n, 0);
		}
	}
	unlink(path);
	rmdir(dir);
}
END_TEST

/*
 * What a VRP file is not: a JSON array, the YAML configuration, binary
 * junk. In either format's place the message says what was expected.
 */
START_TEST(test_not_vrps)
{
	static const struct {
		const char *doc;
		const char *msg;
	} cases[] = {
		{ "\n  [{\"asn\": 1}]",
		    "t:2:3: a JSON array: a VRP file is a JSON object "
		    "({\"roas\": [...]}) or CSV" },
		{ "general:\n  rs_as: 64496\n",
		    "t:1:1: neither a JSON object nor CSV: expected '{', a "
		    "header \"ASN,IP Prefix,Max Length,Trust Anchor\" or an "
		    "AS number" },
		{ "\x7f"
		  "ELF\x02\x01\x01",
		    "t:1:1: neither a JSON object nor CSV: expected '{', a "
		    "header \"ASN,IP Prefix,Max Length,Trust Anchor\" or an "
		    "AS number" },
		/* after a good record it is plain CSV again */
		{ "ASN,IP Prefix,Max Length\nAS1,10.0.0.0/8,8\nx,y,z\n",
		    "t:3:1: expected an AS number (0..4294967295, optionally "
		    "\"AS\"-prefixed)" },
		{ "{\"roas\": [], \"roas\": []}",
		    "t:1:14: duplicate member \"roas\"" },
		{ "{\"aspas\": [], \"metadata\": {}, \"aspas\": []}",
		    "t:1:31: duplicate member \"aspas\"" },
	};

	char path[] = "/tmp/rsg-notvrps-XXXXXX", want[512];
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		FILE *f;

		V.n = 0;
		ck_assert_int_eq(load(cases[i].doc, RPKI_FMT_AUTO), RSG_EPARSE);
		ck_assert_str_eq(E.message, cases[i].msg);
		ck_assert_uint_eq(V.n, 0);
		/* the same from a file (streamed) */
		f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		fputs(cases[i].doc, f);
		fclose(f);
		ck_assert_int_eq(rsg__rpki_load_file(path, RPKI_FMT_AUTO, &opts,
				     &V, &A, &M, &E),
		    RSG_EPARSE);
		snprintf(want, sizeof(want), "%s%s", path, cases[i].msg + 1);
		ck_assert_str_eq(E.message, want);
		ck_assert_uint_eq(V.n, 0);
	}
	unlink(path);
}
END_TEST

START_TEST(test_aspa_set_add)
{
	static const uint32_t p1[] = { 2, 3 }, p2[] = { 4 };
	struct aspa_set s = { 0 };

	ck_assert_int_eq(rsg__aspa_set_add(&s, 1, p1, 2), 0);
	ck_assert_int_eq(rsg__aspa_set_add(&s, 5, NULL, 0), 0);
	ck_assert_int_eq(rsg__aspa_set_add(&s, 1, p2, 1), 0);
	ck_assert_uint_eq(s.rec.n, 3);
	ck_assert_uint_eq(s.prov.n, 3);
	ck_assert_uint_eq(s.rec.v[0].off, 0);
	ck_assert_uint_eq(s.rec.v[1].off, 2);
	ck_assert_uint_eq(s.rec.v[1].n, 0);
	ck_assert_uint_eq(s.rec.v[2].off, 2);
	ck_assert_uint_eq(s.prov.v[2], 4);
	rsg__aspa_set_free(&s);
	ck_assert_ptr_null(s.rec.v);
	rsg__aspa_set_free(NULL);
	rsg__vrp_vec_free(NULL);
}
END_TEST

Suite *
rpki_suite(void)
{
	Suite *s = suite_create("rpki");
	TCase *tc = tcase_create("rpki");
	TCase *big = tcase_create("rpki_big");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_stayrtr_file);
	tcase_add_test(tc, test_csv_file);
	tcase_add_test(tc, test_json_forms);
	tcase_add_test(tc, test_json_errors);
	tcase_add_test(tc, test_atomic);
	tcase_add_test(tc, test_expiry_and_ta);
	tcase_add_test(tc, test_stale);
	tcase_add_test(tc, test_empty_and_io);
	tcase_add_test(tc, test_csv_forms);
	tcase_add_test(tc, test_csv_errors);
	tcase_add_test(tc, test_prefix_differential);
	tcase_add_test(tc, test_not_regular);
	tcase_add_test(tc, test_not_vrps);
	tcase_add_test(tc, test_aspa_set_add);
	suite_add_tcase(s, tc);

	/* 75 MB twice; generous for valgrind and sanitizer builds */
	tcase_add_checked_fixture(big, setup, teardown);
	tcase_set_timeout(big, 600);
	tcase_add_test(big, test_big_file);
	suite_add_tcase(s, big);
	return s;
}
