/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * slurm: RFC 8416's own example files, the ASPA extension (slurmVersion
 * 2), every error class with its position, atomic loading, and the
 * filter/assertion semantics of RFC 8416 §3.3.1 and §4 on a VRP set.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "rpki.h"
#include "suites.h"
#include "testutil.h"

static struct slurm S;
static struct rsg_error E;

static void
setup(void)
{
	memset(&S, 0, sizeof(S));
	memset(&E, 0, sizeof(E));
}

static void
teardown(void)
{
	rsg__slurm_free(&S);
}

static int
load(const char *doc)
{
	return rsg__slurm_load_buf("s.json", doc, strlen(doc), &S, &E);
}

/*
 * A SLURM document with the given array contents, one per line:
 * prefixFilters on line 3, bgpsecFilters on line 5, prefixAssertions on
 * line 8, bgpsecAssertions on line 10.
 */
static const char *
doc(int version, const char *pf, const char *bf, const char *pa, const char *ba)
{
	static char buf[2048];

	snprintf(buf, sizeof(buf),
	    "{\"slurmVersion\": %d,\n"
	    "\"validationOutputFilters\": {\"prefixFilters\": [\n"
	    "%s\n"
	    "], \"bgpsecFilters\": [\n"
	    "%s\n"
	    "]},\n"
	    "\"locallyAddedAssertions\": {\"prefixAssertions\": [\n"
	    "%s\n"
	    "], \"bgpsecAssertions\": [\n"
	    "%s\n"
	    "]}}\n",
	    version, pf, bf, pa, ba);
	return buf;
}

/* Expect text to fail at line:col with msg; s must be unchanged. */
#define ck_bad(text, l, c, msg)                                                \
	do {                                                                   \
		size_t f_ = S.filters.n, a_ = S.assertions.n;                  \
		size_t af_ = S.aspa_filters.n, aa_ = S.aspa_assertions.rec.n;  \
		size_t ap_ = S.aspa_assertions.prov.n;                         \
		ck_assert_int_eq(load(text), RSG_EPARSE);                      \
		ck_assert_msg(E.line == (l) && E.column == (c),                \
		    "got %u:%u (%s), want %u:%u", E.line, E.column, E.message, \
		    (unsigned)(l), (unsigned)(c));                             \
		ck_assert_msg(strstr(E.message, (msg)) != NULL,                \
		    "message \"%s\" lacks \"%s\"", E.message, (msg));          \
		ck_assert_uint_eq(S.filters.n, f_);                            \
		ck_assert_uint_eq(S.assertions.n, a_);                         \
		ck_assert_uint_eq(S.aspa_filters.n, af_);                      \
		ck_assert_uint_eq(S.aspa_assertions.rec.n, aa_);               \
		ck_assert_uint_eq(S.aspa_assertions.prov.n, ap_);              \
	} while (0)

static struct rsg_vrp
vrp(const char *prefix, unsigned max_len, uint32_t asn)
{
	struct rsg_vrp v;

	memset(&v, 0, sizeof(v));
	v.prefix = tu_pfx(prefix);
	v.max_len = (uint8_t)max_len;
	v.asn = asn;
	return v;
}

static void
ck_vrp(const struct rsg_vrp *got, const char *prefix, unsigned max_len,
    uint32_t asn)
{
	struct rsg_vrp want = vrp(prefix, max_len, asn);

	ck_assert_msg(memcmp(got, &want, sizeof(want)) == 0,
	    "VRP differs from %s-%u AS%u (asn %u, max %u)", prefix, max_len,
	    asn, got->asn, got->max_len);
}

START_TEST(test_rfc_example)
{
	struct rsg_prefix p;

	ck_assert_int_eq(rsg__slurm_load_file(tu_data("slurm/"
						      "rfc8416-example.json"),
			     &S, &E),
	    0);
	ck_assert_uint_eq(S.filters.n, 3);
	p = tu_pfx("192.0.2.0/24");
	ck_assert(S.filters.v[0].has_prefix);
	ck_assert(!S.filters.v[0].has_asn);
	ck_assert_mem_eq(&S.filters.v[0].prefix, &p, sizeof(p));
	ck_assert(!S.filters.v[1].has_prefix);
	ck_assert(S.filters.v[1].has_asn);
	ck_assert_uint_eq(S.filters.v[1].asn, 64496);
	p = tu_pfx("198.51.100.0/24");
	ck_assert(S.filters.v[2].has_prefix);
	ck_assert(S.filters.v[2].has_asn);
	ck_assert_mem_eq(&S.filters.v[2].prefix, &p, sizeof(p));
	ck_assert_uint_eq(S.filters.v[2].asn, 64497);
	ck_assert_uint_eq(S.assertions.n, 2);
	/* maxPrefixLength absent: the prefix length */
	ck_vrp(&S.assertions.v[0], "198.51.100.0/24", 24, 64496);
	ck_vrp(&S.assertions.v[1], "2001:db8::/32", 48, 64496);
	ck_assert_uint_eq(S.aspa_filters.n, 0);
	ck_assert_uint_eq(S.aspa_assertions.rec.n, 0);

	/* loading appends: the example twice */
	ck_assert_int_eq(rsg__slurm_load_file(tu_data("slurm/"
						      "rfc8416-example.json"),
			     &S, &E),
	    0);
	ck_assert_uint_eq(S.filters.n, 6);
	ck_assert_uint_eq(S.assertions.n, 4);

	teardown();
	setup();
	ck_assert_int_eq(rsg__slurm_load_file(tu_data("slurm/"
						      "rfc8416-empty.json"),
			     &S, &E),
	    0);
	ck_assert_uint_eq(S.filters.n + S.assertions.n, 0);

	ck_assert_int_eq(
	    rsg__slurm_load_file("/nonexistent/slurm.json", &S, &E), RSG_EIO);
	ck_assert_str_eq(
	    E.message, "/nonexistent/slurm.json: No such file or directory");
}
END_TEST

START_TEST(test_apply_rfc)
{
	struct vrp_vec v = { 0 };
	static const struct {
		const char *p;
		unsigned ml;
		uint32_t asn;
	} in[] = {
		{ "192.0.2.0/24", 24, 1 },          /* equal: removed */
		{ "192.0.2.128/25", 25, 2 },        /* more specific: removed */
		{ "192.0.0.0/16", 24, 3 },          /* less specific: kept */
		{ "10.0.0.0/8", 8, 64496 },         /* ASN: removed */
		{ "198.51.100.0/24", 24, 64497 },   /* both: removed */
		{ "198.51.100.0/24", 24, 64498 },   /* other ASN: kept */
		{ "198.51.100.128/25", 25, 64497 }, /* both: removed */
		{ "198.51.0.0/16", 24, 64497 },     /* less specific: kept */
		{ "2001:db8::/32", 48, 64497 },     /* other family: kept */
		{ "2001:db8::/32", 48, 64496 },     /* ASN: removed */
	};

	ck_assert_int_eq(rsg__slurm_load_file(tu_data("slurm/"
						      "rfc8416-example.json"),
			     &S, &E),
	    0);
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		struct rsg_vrp x = vrp(in[i].p, in[i].ml, in[i].asn);

		ck_assert_int_eq(VEC_PUSH(&v, x), 0);
	}
	ck_assert_int_eq(rsg__slurm_apply(&S, &v, NULL), 0);
	ck_assert_uint_eq(v.n, 6);
	ck_vrp(&v.v[0], "192.0.0.0/16", 24, 3);
	ck_vrp(&v.v[1], "198.51.100.0/24", 24, 64498);
	ck_vrp(&v.v[2], "198.51.0.0/16", 24, 64497);
	ck_vrp(&v.v[3], "2001:db8::/32", 48, 64497);
	/* assertions come after the filters, so AS64496's stay */
	ck_vrp(&v.v[4], "198.51.100.0/24", 24, 64496);
	ck_vrp(&v.v[5], "2001:db8::/32", 48, 64496);
	/* applying to nothing adds the assertions */
	v.n = 0;
	ck_assert_int_eq(rsg__slurm_apply(&S, &v, NULL), 0);
	ck_assert_uint_eq(v.n, 2);
	rsg__vrp_vec_free(&v);
	ck_assert_int_eq(rsg__slurm_apply(&S, NULL, NULL), 0);
}
END_TEST

START_TEST(test_aspa)
{
	static const uint32_t p12[] = { 1, 2 }, p3[] = { 3 }, p4[] = { 4 },
			      p5[] = { 5 };
	struct aspa_set a = { 0 };
	struct vrp_vec v = { 0 };
	struct aspa_rec r;

	ck_assert_int_eq(
	    rsg__slurm_load_file(tu_data("slurm/aspa-v2.json"), &S, &E), 0);
	ck_assert_uint_eq(S.aspa_filters.n, 1);
	ck_assert_uint_eq(S.aspa_filters.v[0], 64496);
	ck_assert_uint_eq(S.aspa_assertions.rec.n, 1);
	r = S.aspa_assertions.rec.v[0];
	ck_assert_uint_eq(r.customer, 64499);
	ck_assert_uint_eq(r.n, 2);
	ck_assert_uint_eq(S.aspa_assertions.prov.v[r.off], 64497);
	ck_assert_uint_eq(S.aspa_assertions.prov.v[r.off + 1], 64498);

	ck_assert_int_eq(rsg__aspa_set_add(&a, 64496, p12, 2), 0);
	ck_assert_int_eq(rsg__aspa_set_add(&a, 64500, p3, 1), 0);
	ck_assert_int_eq(rsg__aspa_set_add(&a, 64496, p4, 1), 0);
	ck_assert_int_eq(rsg__aspa_set_add(&a, 64499, p5, 1), 0);
	ck_assert_int_eq(rsg__slurm_apply(&S, &v, &a), 0);
	ck_assert_uint_eq(v.n, 0);
	ck_assert_uint_eq(a.rec.n, 3);
	ck_assert_uint_eq(a.prov.n, 4);
	ck_assert_uint_eq(a.rec.v[0].customer, 64500);
	ck_assert_uint_eq(a.rec.v[0].off, 0);
	ck_assert_uint_eq(a.prov.v[0], 3);
	ck_assert_uint_eq(a.rec.v[1].customer, 64499);
	ck_assert_uint_eq(a.rec.v[1].off, 1);
	ck_assert_uint_eq(a.prov.v[1], 5);
	/* the asserted record adds to (not replaces) the RPKI one */
	ck_assert_uint_eq(a.rec.v[2].customer, 64499);
	ck_assert_uint_eq(a.rec.v[2].off, 2);
	ck_assert_uint_eq(a.rec.v[2].n, 2);
	ck_assert_uint_eq(a.prov.v[2], 64497);
	ck_assert_uint_eq(a.prov.v[3], 64498);
	rsg__aspa_set_free(&a);
	rsg__vrp_vec_free(&v);

	/* ASPA members need version 2, wherever slurmVersion appears */
	teardown();
	setup();
	ck_bad("{\"slurmVersion\": 1,\n"
	       "\"validationOutputFilters\": {\"prefixFilters\": [],"
	       " \"bgpsecFilters\": [],\n"
	       "  \"aspaFilters\": []},\n"
	       "\"locallyAddedAssertions\": {\"prefixAssertions\": [],"
	       " \"bgpsecAssertions\": []}}",
	    3, 3, "ASPA members need slurmVersion 2");
	ck_bad("{\"validationOutputFilters\": {\"prefixFilters\": [],"
	       " \"bgpsecFilters\": []},\n"
	       "\"locallyAddedAssertions\": {\"prefixAssertions\": [],"
	       " \"bgpsecAssertions\": [], \"aspaAssertions\": []},\n"
	       "\"slurmVersion\": 1}",
	    2, 76, "ASPA members need slurmVersion 2");
	/* version 2 without ASPA members is fine */
	ck_assert_int_eq(load(doc(2, "", "", "", "")), 0);
}
END_TEST

START_TEST(test_aspa_errors)
{
	static const char head[] =
	    "{\"slurmVersion\": 2,\n"
	    "\"validationOutputFilters\": {\"prefixFilters\": [],"
	    " \"bgpsecFilters\": [], \"aspaFilters\": [\n"
	    "%s\n"
	    "]},\n"
	    "\"locallyAddedAssertions\": {\"prefixAssertions\": [],"
	    " \"bgpsecAssertions\": [], \"aspaAssertions\": [\n"
	    "%s\n"
	    "]}}";
	char buf[1024];

#define ASPA(f, a) (snprintf(buf, sizeof(buf), head, (f), (a)), buf)
	ck_assert_int_eq(load(ASPA("{\"customerAsid\": 1}",
			     "{\"customerAsid\": 2, \"providerAsids\": [3]}")),
	    0);
	ck_bad(ASPA("{\"comment\": \"x\"}", ""), 3, 1,
	    "missing member \"customerAsid\" in an ASPA filter");
	ck_bad(ASPA("{\"customerAsid\": 1, \"providerAsids\": [2]}", ""), 3, 21,
	    "unknown member \"providerAsids\" in an ASPA filter");
	ck_bad(ASPA("{\"customer_asid\": 1}", ""), 3, 2,
	    "unknown member \"customer_asid\"");
	ck_bad(ASPA("", "{\"customerAsid\": 1}"), 6, 1,
	    "missing member \"providerAsids\" in an ASPA assertion");
	ck_bad(ASPA("", "{\"providerAsids\": [1]}"), 6, 1,
	    "missing member \"customerAsid\"");
	ck_bad(ASPA("", "{\"customerAsid\": 1, \"providerAsids\": []}"), 6, 38,
	    "expected at least one provider ASN");
	ck_bad(
	    ASPA("", "{\"customerAsid\": 1, \"providerAsids\": [2, \"AS3\"]}"),
	    6, 42, "provider ASN: expected an integer, got a string");
	ck_bad(ASPA("", "{\"customerAsid\": 1, \"providerAsids\": 2}"), 6, 38,
	    "expected an array for \"providerAsids\"");
	ck_bad(
	    ASPA("", "{\"customerAsid\": 4294967296, \"providerAsids\": [2]}"),
	    6, 18, "customerAsid: 4294967296 is out of range");
	ck_bad(ASPA("{\"customerAsid\": 1, \"customerAsid\": 2}", ""), 3, 21,
	    "duplicate member \"customerAsid\"");
	/* the successful load above is kept, the failed ones left nothing */
	ck_assert_uint_eq(S.aspa_filters.n, 1);
	ck_assert_uint_eq(S.aspa_assertions.rec.n, 1);
	ck_assert_uint_eq(S.aspa_assertions.prov.n, 1);
#undef ASPA
}
END_TEST

START_TEST(test_structure_errors)
{
	ck_bad("[]", 1, 1, "expected a SLURM object, got an array");
	ck_bad("{}", 1, 1, "missing member \"slurmVersion\"");
	ck_bad("{\"slurmVersion\": 1, \"validationOutputFilters\": "
	       "{\"prefixFilters\": [], \"bgpsecFilters\": []}}",
	    1, 1, "missing member \"locallyAddedAssertions\"");
	ck_bad("{\"slurmVersion\": 3}", 1, 18, "slurmVersion: expected 1");
	ck_bad("{\"slurmVersion\": \"1\"}", 1, 18, "slurmVersion: expected 1");
	ck_bad("{\"slurmVersion\": 1.0}", 1, 18, "slurmVersion: expected 1");
	ck_bad("{\"slurmVersion\": 1, \"slurmTarget\": []}", 1, 21,
	    "unknown member \"slurmTarget\" in a SLURM file");
	ck_bad("{\"slurmVersion\": 1, \"slurmVersion\": 1}", 1, 21,
	    "duplicate member \"slurmVersion\"");
	ck_bad("{\"slurmVersion\": 1,\n"
	       "\"validationOutputFilters\": {\"prefixFilters\": []},\n"
	       "\"locallyAddedAssertions\": {\"prefixAssertions\": [],"
	       " \"bgpsecAssertions\": []}}",
	    2, 28, "missing member \"bgpsecFilters\"");
	ck_bad("{\"slurmVersion\": 1,\n"
	       "\"validationOutputFilters\": {\"prefixFilters\": [],"
	       " \"bgpsecFilters\": []},\n"
	       "\"locallyAddedAssertions\": {\"bgpsecAssertions\": []}}",
	    3, 27, "missing member \"prefixAssertions\"");
	ck_bad("{\"slurmVersion\": 1,\n"
	       "\"validationOutputFilters\": {\"prefixFilters\": {},"
	       " \"bgpsecFilters\": []}}",
	    2, 46, "expected an array for \"prefixFilters\", got an object");
	ck_bad("{\"slurmVersion\": 1,\n"
	       "\"validationOutputFilters\": {\"prefixFilters\": [],"
	       " \"bgpsecFilters\": [], \"x\": 1}}",
	    2, 71, "unknown member \"x\" in \"validationOutputFilters\"");
	ck_bad("{\"slurmVersion\": 1,\n"
	       "\"validationOutputFilters\": [],\n",
	    2, 28, "expected an object for \"validationOutputFilters\"");
	/* trailing garbage after a complete file */
	{
		char buf[2100];

		snprintf(buf, sizeof(buf), "%s]", doc(1, "", "", "", ""));
		ck_bad(buf, 12, 1, "expected end of input");
	}
}
END_TEST

START_TEST(test_member_errors)
{
	/* prefix filters, line 3 */
	ck_bad(doc(1, "{\"comment\": \"nothing\"}", "", "", ""), 3, 1,
	    "a prefix filter needs \"prefix\" or \"asn\" or both");
	ck_bad(doc(1, "{\"asn\": 1, \"maxPrefixLength\": 24}", "", "", ""), 3,
	    12,
	    "unknown member \"maxPrefixLength\" in a prefix filter (RFC "
	    "8416 3.3.1)");
	ck_bad(doc(1, "{\"prefix\": \"192.0.2.1/24\"}", "", "", ""), 3, 12,
	    "host bits set in prefix \"192.0.2.1/24\"");
	ck_bad(doc(1, "{\"prefix\": \"192.0.2.0/33\"}", "", "", ""), 3, 12,
	    "invalid prefix \"192.0.2.0/33\"");
	ck_bad(
	    doc(1, "{\"prefix\": \"192.0.2.0/24\", \"prefix\": \"10.0.0.0/8\"}",
		"", "", ""),
	    3, 28, "duplicate member \"prefix\"");
	ck_bad(doc(1, "{\"asn\": \"AS64496\"}", "", "", ""), 3, 9,
	    "asn: expected an integer, got a string");
	ck_bad(doc(1, "{\"asn\": 4294967296}", "", "", ""), 3, 9,
	    "asn: 4294967296 is out of range");
	ck_bad(doc(1, "{\"asn\": -1}", "", "", ""), 3, 9, "out of range");
	ck_bad(doc(1, "{\"asn\": 1, \"comment\": 5}", "", "", ""), 3, 23,
	    "expected a string for \"comment\", got a number");
	ck_bad(doc(1, "{\"asn\": 1}, 5", "", "", ""), 3, 13,
	    "expected a prefix filter object, got a number");
	/* BGPsec filters, line 5: checked, not kept */
	ck_bad(doc(1, "", "{\"comment\": \"x\"}", "", ""), 5, 1,
	    "a BGPsec filter needs \"asn\" or \"SKI\"");
	ck_bad(doc(1, "", "{\"asn\": 1, \"routerPublicKey\": \"x\"}", "", ""),
	    5, 12, "unknown member \"routerPublicKey\" in a BGPsec filter");
	ck_bad(doc(1, "", "{\"SKI\": 5}", "", ""), 5, 9,
	    "expected a string for \"SKI\"");
	/* prefix assertions, line 8 */
	ck_bad(doc(1, "", "", "{\"prefix\": \"192.0.2.0/24\"}", ""), 8, 1,
	    "missing member \"asn\" in a prefix assertion (RFC 8416 3.4.1)");
	ck_bad(doc(1, "", "", "{\"asn\": 1}", ""), 8, 1,
	    "missing member \"prefix\"");
	ck_bad(doc(1, "", "",
		   "{\"asn\": 1, \"prefix\": \"192.0.2.0/24\", "
		   "\"maxPrefixLength\": 16}",
		   ""),
	    8, 57, "maxPrefixLength 16 is outside [24, 32]");
	ck_bad(doc(1, "", "",
		   "{\"asn\": 1, \"prefix\": \"2001:db8::/32\", "
		   "\"maxPrefixLength\": 129}",
		   ""),
	    8, 58, "maxPrefixLength: 129 is out of range [0, 128]");
	ck_bad(doc(1, "", "",
		   "{\"asn\": 1, \"prefix\": \"192.0.2.0/24\", "
		   "\"maxPrefixLength\": 33}",
		   ""),
	    8, 57, "maxPrefixLength 33 is outside [24, 32]");
	ck_bad(
	    doc(1, "", "",
		"{\"asn\": 1, \"prefix\": \"192.0.2.0/24\", \"maxLength\": 24}",
		""),
	    8, 38, "unknown member \"maxLength\" in a prefix assertion");
	/* BGPsec assertions, line 10 */
	ck_bad(doc(1, "", "", "", "{\"asn\": 1, \"SKI\": \"x\"}"), 10, 1,
	    "missing member \"routerPublicKey\" in a BGPsec assertion");
	ck_bad(
	    doc(1, "", "", "", "{\"SKI\": \"x\", \"routerPublicKey\": \"y\"}"),
	    10, 1, "missing member \"asn\" in a BGPsec assertion");
	ck_assert_int_eq(
	    load(doc(1, "{\"asn\": 0}",
		"{\"SKI\": \"x\"}, {\"asn\": 1, \"SKI\": \"y\"}",
		"{\"asn\": 1, \"prefix\": \"0.0.0.0/0\", "
		"\"maxPrefixLength\": 32, \"comment\": \"\"}",
		"{\"asn\": 1, \"SKI\": \"x\", \"routerPublicKey\": "
		"\"y\", \"comment\": \"z\"}")),
	    0);
	ck_assert_uint_eq(S.filters.n, 1);
	ck_assert(S.filters.v[0].has_asn && S.filters.v[0].asn == 0);
	ck_vrp(&S.assertions.v[0], "0.0.0.0/0", 32, 1);
}
END_TEST

START_TEST(test_atomic)
{
	ck_assert_int_eq(rsg__slurm_load_file(tu_data("slurm/"
						      "rfc8416-example.json"),
			     &S, &E),
	    0);
	ck_assert_int_eq(
	    rsg__slurm_load_file(tu_data("slurm/aspa-v2.json"), &S, &E), 0);
	/* good filters and assertions, then a bad one at the end */
	ck_bad(doc(2, "{\"asn\": 5}, {\"prefix\": \"10.0.0.0/8\"}", "",
		   "{\"asn\": 1, \"prefix\": \"192.0.2.0/24\"}",
		   "{\"asn\": 1, \"SKI\": \"x\", \"routerPublicKey\": 1}"),
	    10, 43, "expected a string for \"routerPublicKey\"");
	ck_assert_uint_eq(S.filters.n, 3);
	ck_assert_uint_eq(S.assertions.n, 2);
	ck_assert_uint_eq(S.aspa_filters.n, 1);
	ck_assert_uint_eq(S.aspa_assertions.rec.n, 1);
	ck_assert_uint_eq(S.aspa_assertions.prov.n, 2);
}
END_TEST

/* An allocator that fails every request. */
static void *
fail_malloc(size_t n)
{
	(void)n;
	return NULL;
}

static void *
fail_realloc(void *p, size_t n)
{
	(void)p;
	(void)n;
	return NULL;
}

static void *
fail_calloc(size_t a, size_t b)
{
	(void)a;
	(void)b;
	return NULL;
}

START_TEST(test_apply_nomem)
{
	struct vrp_vec v = { 0 };
	struct aspa_set a = { 0 };
	static const uint32_t p[] = { 1, 2 };
	struct rsg_vrp x = vrp("192.0.2.0/24", 24, 7);

	ck_assert_int_eq(rsg__slurm_load_file(tu_data("slurm/"
						      "rfc8416-example.json"),
			     &S, &E),
	    0);
	ck_assert_int_eq(
	    rsg__slurm_load_file(tu_data("slurm/aspa-v2.json"), &S, &E), 0);
	ck_assert_int_eq(VEC_RESERVE(&v, 1), 0);
	while (v.n < v.cap)
		v.v[v.n++] = x;
	ck_assert_int_eq(rsg__aspa_set_add(&a, 64496, p, 2), 0);

	ck_assert_int_eq(
	    rsg_set_allocator(fail_malloc, fail_realloc, fail_calloc, free), 0);
	ck_assert_int_eq(rsg__slurm_apply(&S, &v, &a), RSG_ENOMEM);
	ck_assert_int_eq(rsg__slurm_apply(&S, NULL, &a), RSG_ENOMEM);
	ck_assert_int_eq(load(doc(1, "", "", "", "")), RSG_ENOMEM);
	ck_assert_int_eq(E.code, RSG_ENOMEM);
	ck_assert_int_eq(rsg_set_allocator(malloc, realloc, calloc, free), 0);

	/* nothing changed */
	ck_assert_uint_eq(v.n, v.cap);
	ck_assert_mem_eq(&v.v[0], &x, sizeof(x));
	ck_assert_uint_eq(a.rec.n, 1);
	ck_assert_uint_eq(a.prov.n, 2);
	/* and with memory it works */
	ck_assert_int_eq(rsg__slurm_apply(&S, &v, &a), 0);
	ck_assert_uint_eq(v.n, 2);
	ck_assert_uint_eq(a.rec.n, 1);
	ck_assert_uint_eq(a.rec.v[0].customer, 64499);
	rsg__vrp_vec_free(&v);
	rsg__aspa_set_free(&a);
}
END_TEST

Suite *
slurm_suite(void)
{
	Suite *s = suite_create("slurm");
	TCase *tc = tcase_create("slurm");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_rfc_example);
	tcase_add_test(tc, test_apply_rfc);
	tcase_add_test(tc, test_aspa);
	tcase_add_test(tc, test_aspa_errors);
	tcase_add_test(tc, test_structure_errors);
	tcase_add_test(tc, test_member_errors);
	tcase_add_test(tc, test_atomic);
	tcase_add_test(tc, test_apply_nomem);
	suite_add_tcase(s, tc);
	return s;
}
