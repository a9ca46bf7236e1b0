/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rsg_check() through the public API: every MANRS §4.B check, from a
 * configuration and data files, as a route server would call it.
 */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aspath.h"
#include "suites.h"
#include "testutil.h"

static const char base_config[] =
    "general:\n"
    "  rs_as: 64496\n"
    "  filtering:\n"
    "    never_via_route_servers: {peering_db: false, asns: \"3491\"}\n"
    "    global_black_list_pref: [\"198.51.0.0/16\"]\n"
    "    peering_lans: [\"185.0.0.0/24\", \"2001:7f8:1::/64\"]\n"
    "    aspa: {enabled: true}\n"
    "%s"
    "  communities:\n"
    "    reject_cause: {lrg: \"rs_as:65520:dyn_val\"}\n"
    "  rpki_roas: {ignore_cache_files_older_than: 0, check_expires: false}\n"
    "clients:\n"
    "  - asn: 3333\n"
    "    ip: [\"185.0.0.10\", \"2001:7f8:1::10\"]\n"
    "    cfg:\n"
    "      filtering:\n"
    "        next_hop: {policy: same-as}\n"
    "        black_list_pref:\n"
    "          - {prefix: \"193.0.16.0\", length: 20, exact: true}\n"
    "  - asn: 3333\n"
    "    ip: \"185.0.0.11\"\n"
    "  - asn: 2497\n"
    "    ip: \"185.0.0.20\"\n"
    "    cfg:\n"
    "      filtering:\n"
    "        next_hop:\n"
    "          policy: authorized_addresses\n"
    "          authorized_addresses_list: [\"185.0.0.99\"]\n"
    "  - asn: 8714\n"
    "    ip: \"185.0.0.30\"\n"
    "    cfg:\n"
    "      filtering: {transparent_route_server: true}\n"
    "  - asn: 174\n"
    "    ip: \"185.0.0.40\"\n"
    "    cfg:\n"
    "      rfc8950: true\n"
    "      filtering:\n"
    "        reason_actions: {rpki_invalid: tag}\n";

static struct rsg_ctx *ctx;

static struct rsg_ctx *
make_ctx(const char *general_extra)
{
	struct rsg_config *cfg;
	struct rsg_ctx *c;
	char text[8192];

	snprintf(text, sizeof(text), base_config, general_extra);
	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_msg(
	    rsg_config_load_string(cfg, text, strlen(text), "check.yml") == 0,
	    "%s", rsg_config_error(cfg, 0));
	ck_assert_int_eq(rsg_config_add_source(cfg, RSG_SOURCE_VRPS,
			     tu_data("check/rpki.json"), true),
	    0);
	ck_assert_int_eq(rsg_ctx_new(cfg, &c), 0);
	rsg_config_free(cfg);
	ck_assert_msg(rsg_ctx_load(c) == 0, "%s", rsg_ctx_errmsg(c));
	return c;
}

static struct rsg_verdict v;

static void
setup(void)
{
	ctx = make_ctx("");
	rsg_verdict_init(&v);
}

static void
teardown(void)
{
	rsg_ctx_free(ctx);
	ctx = NULL;
}

/* A route from text; arrays are static, one route at a time. */
static struct rsg_route *
route(const char *peer, uint32_t peer_as, const char *prefix, const char *path,
    const char *nh)
{
	static struct rsg_route r;
	static uint8_t pbuf[4096];
	struct rsg_error err;

	memset(&r, 0, sizeof(r));
	r.peer_ip = tu_ip(peer);
	r.peer_asn = peer_as;
	r.prefix = tu_pfx(prefix);
	r.next_hop = tu_ip(nh != NULL ? nh : peer);
	ck_assert_msg(
	    rsg_path_from_text(path, pbuf, sizeof(pbuf), &r.as_path_len, &err)
		== 0,
	    "%s", err.message);
	r.as_path = pbuf;
	return &r;
}

static void
run(struct rsg_route *r)
{
	ck_assert_int_eq(rsg_check(ctx, r, &v), 0);
}

/* A route from a peer that is no configured client. */
static void
run_unknown(struct rsg_route *r)
{
	ck_assert_int_eq(rsg_check(ctx, r, &v), RSG_ENOCLIENT);
	ck_assert(v.flags & RSG_VF_UNKNOWN_CLIENT);
}

static bool
has_lc(uint32_t d1, uint32_t d2)
{
	for (unsigned i = 0; i < v.n_communities; i++) {
		if (v.communities[i].asn == 64496
		    && v.communities[i].data1 == d1
		    && v.communities[i].data2 == d2)
			return true;
	}
	return false;
}

static const struct rsg_detail *
detail(enum rsg_reason r)
{
	for (unsigned i = 0; i < v.n_details; i++) {
		if (v.details[i].reason == r)
			return &v.details[i];
	}
	return NULL;
}

/* Exactly these reasons, in this order. */
static void
expect(unsigned n, ...)
{
	va_list ap;

	ck_assert_msg(v.n_details == n, "%u reasons, expected %u (first %s)",
	    v.n_details, n,
	    v.n_details ? rsg_reason_key((enum rsg_reason)v.details[0].reason)
			: "-");
	va_start(ap, n);
	for (unsigned i = 0; i < n; i++) {
		enum rsg_reason r = (enum rsg_reason)va_arg(ap, int);

		ck_assert_msg(v.details[i].reason == r,
		    "reason %u is %s, not %s", i,
		    rsg_reason_key((enum rsg_reason)v.details[i].reason),
		    rsg_reason_key(r));
		ck_assert(rsg_verdict_has(&v, r));
	}
	va_end(ap);
}

START_TEST(test_accept_valid)
{
	run(route("185.0.0.10", 3333, "193.0.0.0/21", "3333", NULL));
	expect(0);
	ck_assert_int_eq(v.action, RSG_ACCEPT);
	ck_assert_int_eq(v.rov, RSG_ROV_VALID);
	ck_assert_int_eq(v.aspa, RSG_ASPA_VALID);
	ck_assert_uint_eq(v.origin_asn, 3333);
	ck_assert_uint_eq(v.n_vrps, 1);
	ck_assert_uint_eq(v.vrps[0].asn, 3333);
	ck_assert(has_lc(1000, 1)); /* RPKI valid */
	ck_assert(has_lc(1002, 1)); /* ASPA valid */
	ck_assert(has_lc(1001, 2)); /* IRR not checked */
	ck_assert(!(v.flags & RSG_VF_UNKNOWN_CLIENT));
	ck_assert_uint_ne(v.generation, 0);
}
END_TEST

START_TEST(test_next_hop)
{
	/* strict for the general policy: another address is refused */
	run(route("185.0.0.20", 2497, "202.232.0.0/16", "2497", "185.0.0.98"));
	expect(1, RSG_R_NEXT_HOP);
	ck_assert_int_eq(v.action, RSG_TAG_AND_REJECT);
	ck_assert(has_lc(1101, 8));
	ck_assert(has_lc(65520, 5)); /* arouteserver reject cause */
	ck_assert(has_lc(65520, 0)); /* "treat as rejected" */
	/* authorized_addresses */
	run(route("185.0.0.20", 2497, "202.232.0.0/16", "2497", "185.0.0.99"));
	expect(0);
	/* same-as: another router of AS3333 */
	run(route("185.0.0.10", 3333, "193.0.0.0/21", "3333", "185.0.0.11"));
	expect(0);
	ck_assert(v.flags & RSG_VF_SAME_AS_NEXT_HOP);
	ck_assert(has_lc(1001, 1200));
	/* the client's own IPv6 address for an IPv4 route (RFC 8950) */
	run(route(
	    "185.0.0.10", 3333, "193.0.0.0/21", "3333", "2001:7f8:1::10"));
	expect(0);
}
END_TEST

START_TEST(test_path_checks)
{
	const struct rsg_detail *d;
	char long_path[512] = "3333";

	/* ASPA's neighbor check fails with it (draft -27 §5.4 step 2) */
	run(route("185.0.0.10", 3333, "193.0.0.0/21", "2497 3333", NULL));
	expect(2, RSG_R_FIRST_AS, RSG_R_ASPA_INVALID);
	d = detail(RSG_R_FIRST_AS);
	ck_assert_uint_eq(d->asn, 2497);
	ck_assert_uint_eq(d->asn2, 3333);
	/* a transparent route server peer: first AS not its own */
	run(route("185.0.0.30", 8714, "193.0.0.0/21", "3333", NULL));
	expect(0);
	ck_assert(v.flags & RSG_VF_TRANSPARENT_RS);
	for (int i = 0; i < 32; i++)
		strcat(long_path, " 3333");
	run(route("185.0.0.10", 3333, "193.0.0.0/21", long_path, NULL));
	expect(1, RSG_R_PATH_TOO_LONG);
	ck_assert_uint_eq(detail(RSG_R_PATH_TOO_LONG)->value, 33);
	ck_assert_uint_eq(detail(RSG_R_PATH_TOO_LONG)->limit, 32);
	run(route("185.0.0.10", 3333, "193.0.0.0/21", "", NULL));
	expect(3, RSG_R_PATH_TOO_SHORT, RSG_R_RPKI_INVALID, RSG_R_ASPA_INVALID);
	ck_assert_uint_eq(v.origin_asn, 0);
}
END_TEST

START_TEST(test_asn_checks)
{
	const struct rsg_detail *d;

	run(route(
	    "185.0.0.10", 3333, "202.232.0.0/16", "3333 {2497,4777}", NULL));
	/* AS_SET: origin NONE, so a covered route is RPKI invalid */
	expect(3, RSG_R_AS_SET, RSG_R_RPKI_INVALID, RSG_R_ASPA_INVALID);
	ck_assert_uint_eq(v.origin_asn, 0);
	ck_assert_uint_eq(detail(RSG_R_AS_SET)->value, RSG_SEG_SET);
	run(route("185.0.0.10", 3333, "193.0.0.0/21", "3333 64512 3333", NULL));
	d = detail(RSG_R_BOGON_ASN);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(d->asn, 64512);
	ck_assert_uint_eq(d->value, 2);
	run(route("185.0.0.10", 3333, "193.0.0.0/21", "3333 174 3333", NULL));
	d = detail(RSG_R_TRANSIT_FREE);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(d->asn, 174);
	ck_assert_uint_eq(d->asn2, 3333);
	/* the transit-free client itself may announce */
	run(route("185.0.0.40", 174, "193.0.0.0/21", "174 3333", NULL));
	ck_assert_ptr_null(detail(RSG_R_TRANSIT_FREE));
	run(route("185.0.0.10", 3333, "193.0.0.0/21", "3333 3491 3333", NULL));
	d = detail(RSG_R_NEVER_VIA_RS);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(d->asn, 3491);
}
END_TEST

START_TEST(test_prefix_checks)
{
	const struct rsg_detail *d;
	char buf[64];

	run(route("185.0.0.10", 3333, "0.0.0.0/0", "3333", NULL));
	expect(2, RSG_R_DEFAULT_ROUTE, RSG_R_PREFIX_TOO_SHORT);
	run(route("185.0.0.10", 3333, "10.1.0.0/16", "3333", NULL));
	expect(1, RSG_R_BOGON_PREFIX);
	rsg_prefix_format(
	    &detail(RSG_R_BOGON_PREFIX)->prefix, buf, sizeof(buf));
	ck_assert_str_eq(buf, "10.0.0.0/8");
	ck_assert(has_lc(1101, 3));
	ck_assert(has_lc(65520, 2));
	run(route("2001:7f8:1::10", 3333, "fc00:1::/48", "3333", NULL));
	expect(1, RSG_R_NOT_GLOBAL_UNICAST);
	ck_assert(has_lc(65520, 10));
	run(route("185.0.0.10", 3333, "185.0.0.0/24", "3333", NULL));
	expect(1, RSG_R_PEERING_LAN);
	run(route("185.0.0.10", 3333, "198.51.7.0/24", "3333", NULL));
	expect(1, RSG_R_GLOBAL_BLACKLIST);
	/* the client's blacklist entry is exact: /20 only */
	run(route("185.0.0.10", 3333, "193.0.16.0/20", "3333", NULL));
	expect(1, RSG_R_CLIENT_BLACKLIST);
	d = detail(RSG_R_CLIENT_BLACKLIST);
	ck_assert_uint_eq(d->limit, 20);
	run(route("185.0.0.10", 3333, "193.0.16.0/21", "3333", NULL));
	expect(0);
	run(route("185.0.0.10", 3333, "193.0.0.0/25", "3333", NULL));
	expect(2, RSG_R_RPKI_INVALID, RSG_R_PREFIX_TOO_LONG);
	d = detail(RSG_R_PREFIX_TOO_LONG);
	ck_assert_uint_eq(d->value, 25);
	ck_assert_uint_eq(d->limit, 24);
	run(route("185.0.0.10", 3333, "12.0.0.0/7", "3333", NULL));
	expect(1, RSG_R_PREFIX_TOO_SHORT);
}
END_TEST

START_TEST(test_rpki)
{
	/* longer than maxLength */
	run(route("185.0.0.10", 3333, "193.0.0.0/22", "3333", NULL));
	expect(1, RSG_R_RPKI_INVALID);
	ck_assert_int_eq(v.rov, RSG_ROV_INVALID);
	ck_assert_uint_eq(v.n_vrps, 1);
	ck_assert_uint_eq(v.n_vrps_total, 1);
	ck_assert(has_lc(1000, 4));
	ck_assert(has_lc(1101, 13));
	ck_assert(has_lc(65520, 14));
	/* AS0 VRP */
	run(route("185.0.0.10", 3333, "203.119.0.0/24", "3333", NULL));
	expect(1, RSG_R_RPKI_INVALID);
	/* not found: accepted, tagged unknown */
	run(route("185.0.0.10", 3333, "193.1.0.0/16", "3333", NULL));
	expect(0);
	ck_assert_int_eq(v.rov, RSG_ROV_NOTFOUND);
	ck_assert(has_lc(1000, 2));
	/* a client whose RPKI invalids are tagged only */
	run(route("185.0.0.40", 174, "193.0.0.0/21", "174", NULL));
	expect(1, RSG_R_RPKI_INVALID);
	ck_assert_int_eq(v.action, RSG_ACCEPT);
	ck_assert_uint_eq(v.details[0].mode, RSG_MODE_TAG);
	ck_assert(has_lc(1102, 13));
	ck_assert(!has_lc(1101, 13));
}
END_TEST

START_TEST(test_aspa)
{
	const struct rsg_detail *d;

	/* 3333 lists 2914 and 3356: 2497 re-announcing it is a leak */
	run(route("185.0.0.20", 2497, "193.0.0.0/21", "2497 3333", NULL));
	d = detail(RSG_R_ASPA_INVALID);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(d->asn, 3333);
	ck_assert_uint_eq(d->asn2, 2497);
	ck_assert_int_eq(v.aspa, RSG_ASPA_INVALID);
	ck_assert(has_lc(1002, 4));
	/* no ASPA for 4777: unknown, accepted */
	run(route(
	    "185.0.0.20", 2497, "202.232.0.0/16", "2497 4777 2497", NULL));
	ck_assert_int_eq(v.aspa, RSG_ASPA_INVALID); /* 2497 has AS0 ASPA */
	run(route("185.0.0.10", 3333, "193.1.0.0/16", "3333 4777", NULL));
	ck_assert_int_eq(v.aspa, RSG_ASPA_UNKNOWN);
	ck_assert_ptr_null(detail(RSG_R_ASPA_INVALID));
}
END_TEST

START_TEST(test_attributes)
{
	struct rsg_route *r;
	uint32_t comms[120];
	struct rsg_lc lc = { 64496, 1101, 13 };

	r = route("185.0.0.10", 3333, "193.0.0.0/21", "3333", NULL);
	r->flags = RSG_ROUTE_OTC;
	r->otc = 3333;
	run(r);
	expect(1, RSG_R_OTC_LEAK);
	ck_assert_uint_eq(v.details[0].asn, 3333);
	r = route("185.0.0.10", 3333, "193.0.0.0/21", "3333", NULL);
	for (unsigned i = 0; i < 120; i++)
		comms[i] = (3333u << 16) | i;
	comms[7] = 0xffff0000u; /* GRACEFUL_SHUTDOWN */
	r->communities = comms;
	r->n_communities = 120;
	r->large_communities = &lc;
	r->n_large_communities = 1;
	run(r);
	/* tagged only by default: accepted */
	expect(1, RSG_R_TOO_MANY_COMMUNITIES);
	ck_assert_int_eq(v.action, RSG_ACCEPT);
	ck_assert(has_lc(1102, 15));
	ck_assert(v.flags & RSG_VF_GSHUT);
	ck_assert(v.flags & RSG_VF_SCRUB);
	ck_assert_uint_eq(v.details[0].value, 121);
}
END_TEST

START_TEST(test_afi_and_clients)
{
	run(route("185.0.0.10", 3333, "2001:67c:2e8::/48", "3333", NULL));
	expect(1, RSG_R_AFI);
	run(route("2001:7f8:1::10", 3333, "2001:67c:2e8::/48", "3333", NULL));
	expect(0);
	/* RFC 8950 client: IPv4 over its IPv6 session */
	run(route("185.0.0.40", 174, "202.232.0.0/16", "174 2497", NULL));
	ck_assert_ptr_null(detail(RSG_R_AFI));
	/* an unknown peer: general policy with its own ASN; the verdict is
	 * complete (RSG_ENOCLIENT says so, the flag too) */
	run_unknown(route("185.0.0.77", 2497, "202.232.0.0/16", "2497", NULL));
	expect(0);
	ck_assert_int_eq(v.action, RSG_ACCEPT);
	ck_assert_uint_eq(v.client_asn, 2497);
	ck_assert_uint_eq(v.origin_asn, 2497);
	ck_assert_int_eq(v.rov, RSG_ROV_VALID);
	ck_assert(has_lc(1000, 1));
	/* ... and filtered like any route by the general policy */
	run_unknown(route("185.0.0.77", 2497, "10.1.0.0/16", "2497", NULL));
	expect(1, RSG_R_BOGON_PREFIX);
	ck_assert_int_ne(v.action, RSG_ACCEPT);
	/* a configured address but another ASN is no client either */
	run_unknown(route("185.0.0.10", 2497, "202.232.0.0/16", "2497", NULL));
	/* a known client: no flag */
	run(route("185.0.0.10", 3333, "193.0.0.0/21", "3333", NULL));
	ck_assert(!(v.flags & RSG_VF_UNKNOWN_CLIENT));
}
END_TEST

/* rsg_check() returns code; the verdict rejects with one MALFORMED
 * reason saying what (enum rsg_malformed) and the explanation starts so. */
static void
expect_malformed(struct rsg_route *r, int code, unsigned what, const char *text)
{
	char buf[256];

	ck_assert_int_eq(rsg_check(ctx, r, &v), code);
	expect(1, RSG_R_MALFORMED);
	ck_assert_uint_eq(v.details[0].value, what);
	ck_assert_uint_eq(v.details[0].mode, RSG_MODE_REJECT);
	ck_assert_int_ne(v.action, RSG_ACCEPT);
	ck_assert(has_lc(1101, 68));
	rsg_explain_detail(&v, &v.details[0], buf, sizeof(buf));
	ck_assert_msg(strncmp(buf, text, strlen(text)) == 0,
	    "'%s' does not start with '%s'", buf, text);
}

START_TEST(test_malformed)
{
	struct rsg_route *r =
	    route("185.0.0.10", 3333, "193.0.0.0/21", "3333", NULL);
	static const uint8_t bad[] = { 2, 3, 0, 0, 13, 5 };
	static const uint8_t badtype[] = { 2, 1, 0, 0, 13, 5, 9, 1, 0, 0, 0,
		1 };

	/* AS_PATH: truncated segment, unknown type, NULL with a length */
	r->as_path = bad;
	r->as_path_len = sizeof(bad);
	expect_malformed(r, RSG_EBADPATH, RSG_MALFORMED_AS_PATH,
	    "malformed AS_PATH at byte 1");
	ck_assert_uint_eq(v.details[0].limit, 1);
	r->as_path = badtype;
	r->as_path_len = sizeof(badtype);
	expect_malformed(r, RSG_EBADPATH, RSG_MALFORMED_AS_PATH,
	    "malformed AS_PATH at byte 6");
	r->as_path = NULL;
	expect_malformed(r, RSG_EBADPATH, RSG_MALFORMED_AS_PATH,
	    "malformed AS_PATH at byte 0");
	/* an empty path is well-formed (and fails as_path_too_short) */
	r->as_path_len = 0;
	ck_assert_int_eq(rsg_check(ctx, r, &v), 0);
	ck_assert(rsg_verdict_has(&v, RSG_R_PATH_TOO_SHORT));

	/* prefix: length, host bits, family, reserved bytes */
	r = route("185.0.0.10", 3333, "193.0.0.0/21", "3333", NULL);
	r->prefix.len = 33;
	expect_malformed(r, RSG_EBADPREFIX, RSG_MALFORMED_PREFIX,
	    "malformed prefix 193.0.0.0/33: longer than 32 bits");
	ck_assert_uint_eq(v.details[0].prefix.len, 33);
	r->prefix.len = 21;
	r->prefix.ip.addr[0] |= 0x100;
	expect_malformed(r, RSG_EBADPREFIX, RSG_MALFORMED_PREFIX,
	    "malformed prefix 193.0.1.0/21: host bits set");
	r->prefix.ip.addr[0] &= ~0x100u;
	r->prefix.ip.afi = RSG_AFI_NONE;
	expect_malformed(r, RSG_EBADPREFIX, RSG_MALFORMED_PREFIX,
	    "malformed prefix: unknown address family 0");
	r->prefix.ip.afi = 9;
	expect_malformed(r, RSG_EBADPREFIX, RSG_MALFORMED_PREFIX,
	    "malformed prefix: unknown address family 9");
	r->prefix.ip.afi = RSG_AFI_IPV4;
	r->prefix.reserved_[1] = 1;
	expect_malformed(r, RSG_EBADPREFIX, RSG_MALFORMED_PREFIX,
	    "malformed prefix 193.0.0.0/21: reserved");
	r->prefix.reserved_[1] = 0;
	r->prefix.ip.addr[2] = 1; /* IPv4 with bits in another word */
	expect_malformed(r, RSG_EBADPREFIX, RSG_MALFORMED_PREFIX,
	    "malformed prefix 193.0.0.0/21: reserved");
	r->prefix.ip.addr[2] = 0;
	ck_assert_int_eq(rsg_check(ctx, r, &v), 0);

	/* peer address: missing, v4-mapped, unknown family, reserved */
	r = route("185.0.0.10", 3333, "193.0.0.0/21", "3333", NULL);
	memset(&r->peer_ip, 0, sizeof(r->peer_ip));
	expect_malformed(r, RSG_EBADADDR, RSG_MALFORMED_PEER_IP,
	    "malformed peer address: missing");
	ck_assert(v.flags & RSG_VF_UNKNOWN_CLIENT);
	r->peer_ip = tu_ip("::ffff:185.0.0.10");
	expect_malformed(r, RSG_EBADADDR, RSG_MALFORMED_PEER_IP,
	    "malformed peer address: v4-mapped IPv6 address, convert it "
	    "with rsg_ip_from_mapped() (::ffff:185.0.0.10)");
	r->peer_ip = tu_ip("185.0.0.10");
	r->peer_ip.afi = 3;
	expect_malformed(r, RSG_EBADADDR, RSG_MALFORMED_PEER_IP,
	    "malformed peer address: unknown address family");
	r->peer_ip = tu_ip("185.0.0.10");
	r->peer_ip.reserved_[0] = 0xff;
	expect_malformed(r, RSG_EBADADDR, RSG_MALFORMED_PEER_IP,
	    "malformed peer address: reserved bytes set");
	r->peer_ip = tu_ip("185.0.0.10");
	r->peer_ip.addr[3] = 1;
	expect_malformed(r, RSG_EBADADDR, RSG_MALFORMED_PEER_IP,
	    "malformed peer address: IPv4 address with bits beyond");
	/* the peer address is judged first: it decides the client */
	r->prefix.len = 40;
	ck_assert_int_eq(rsg_check(ctx, r, &v), RSG_EBADADDR);

	/* next hop: RSG_AFI_NONE skips the check, garbage is malformed */
	r = route("185.0.0.10", 3333, "193.0.0.0/21", "3333", NULL);
	memset(&r->next_hop, 0, sizeof(r->next_hop));
	ck_assert_int_eq(rsg_check(ctx, r, &v), 0);
	expect(0);
	r->next_hop.afi = 5;
	expect_malformed(r, RSG_EBADADDR, RSG_MALFORMED_NEXT_HOP,
	    "malformed NEXT_HOP: unknown address family");
	/* a v4-mapped next hop is an address: judged by the next-hop check */
	r->next_hop = tu_ip("::ffff:185.0.0.10");
	ck_assert_int_eq(rsg_check(ctx, r, &v), 0);
	expect(1, RSG_R_NEXT_HOP);

	/* a v4-mapped IPv6 prefix is a well-formed route: a bogon */
	r = route("2001:7f8:1::10", 3333, "::ffff:193.0.0.0/117", "3333", NULL);
	ck_assert_int_eq(rsg_check(ctx, r, &v), 0);
	ck_assert(rsg_verdict_has(&v, RSG_R_NOT_GLOBAL_UNICAST));
	ck_assert_int_ne(v.action, RSG_ACCEPT);

	/* a malformed route from an unknown peer: the form error wins */
	r = route("185.0.0.77", 3333, "193.0.0.0/21", "3333", NULL);
	r->prefix.len = 99;
	ck_assert_int_eq(rsg_check(ctx, r, &v), RSG_EBADPREFIX);
	ck_assert(v.flags & RSG_VF_UNKNOWN_CLIENT);
	ck_assert_int_eq(rsg_check(NULL, r, &v), RSG_EINVAL);
	ck_assert_int_eq(rsg_check(ctx, NULL, &v), RSG_EINVAL);
	ck_assert_int_eq(rsg_check(ctx, r, NULL), RSG_EINVAL);
}
END_TEST

/* The bytes of the first version of struct rsg_verdict. */
#define V1_SIZE                                                                \
	(offsetof(struct rsg_verdict, communities)                             \
	    + sizeof(((struct rsg_verdict *)0)->communities))

START_TEST(test_verdict_size)
{
	struct rsg_route *r =
	    route("185.0.0.10", 3333, "193.0.0.0/21", "3333", NULL);
	static struct rsg_verdict big[2];
	unsigned char *tail;

	/* the library writes the version, keeps the size, and the RS AS */
	v.version = 77;
	run(r);
	ck_assert_uint_eq(v.size, sizeof(v));
	ck_assert_uint_eq(v.version, RSG_VERDICT_VERSION);
	ck_assert_uint_eq(v.rs_as, 64496);
	/* a size below the first version's is refused, nothing written */
	memset(&v, 0xee, sizeof(v));
	v.size = 0;
	ck_assert_int_eq(rsg_check(ctx, r, &v), RSG_EINVAL);
	ck_assert_uint_eq(v.version, 0xeeeeeeeeu);
	ck_assert_uint_eq(v.n_details, 0xeeee);
	v.size = (uint32_t)(V1_SIZE - 1);
	ck_assert_int_eq(rsg_check(ctx, r, &v), RSG_EINVAL);
	ck_assert_uint_eq(v.version, 0xeeeeeeeeu);
	/* a version 1 verdict (an older host's): written up to its size */
	v.size = (uint32_t)V1_SIZE;
	ck_assert_int_eq(rsg_check(ctx, r, &v), 0);
	ck_assert_uint_eq(v.size, V1_SIZE);
	ck_assert_uint_eq(v.version, RSG_VERDICT_VERSION);
	ck_assert_uint_eq(v.rs_as, 64496);
	tail = (unsigned char *)&v + V1_SIZE;
	for (size_t i = 0; i < sizeof(v) - V1_SIZE; i++)
		ck_assert_uint_eq(tail[i], 0xee);
	v.size = (uint32_t)sizeof(v);
	/* a larger size (a newer host's verdict): only ours is written */
	memset(big, 0xee, sizeof(big));
	big[0].size = (uint32_t)sizeof(big);
	ck_assert_int_eq(rsg_check(ctx, r, &big[0]), 0);
	ck_assert_uint_eq(big[0].size, sizeof(big));
	ck_assert_uint_eq(big[0].version, RSG_VERDICT_VERSION);
	tail = (unsigned char *)&big[1];
	for (size_t i = 0; i < sizeof(big[1]); i++)
		ck_assert_uint_eq(tail[i], 0xee);
	/* RSG_VERDICT_INIT and rsg_verdict_init() agree */
	{
		struct rsg_verdict w = RSG_VERDICT_INIT;

		ck_assert_uint_eq(w.size, sizeof(w));
		ck_assert_uint_eq(w.version, 0);
		ck_assert_int_eq(rsg_check(ctx, r, &w), 0);
		ck_assert_uint_eq(w.version, RSG_VERDICT_VERSION);
	}
}
END_TEST

START_TEST(test_policies)
{
	rsg_ctx_free(ctx);
	ctx = make_ctx("    reject_policy: {policy: reject}\n");
	run(route("185.0.0.10", 3333, "10.1.0.0/16", "3333", NULL));
	ck_assert_int_eq(v.action, RSG_REJECT);
	ck_assert(!has_lc(65520, 0)); /* dropped: nothing "treat as rejected" */
	/* the reject cause is there under every policy (rsguard.yml(5)) */
	ck_assert_uint_ne(rsg_reason_ars(RSG_R_BOGON_PREFIX), 0);
	ck_assert(has_lc(65520, rsg_reason_ars(RSG_R_BOGON_PREFIX)));
	rsg_ctx_free(ctx);
	ctx = make_ctx("    reject_policy: {policy: tag}\n"
		       "    rpki_bgp_origin_validation: {enabled: false}\n"
		       "    reason_actions: {aspa_invalid: off}\n");
	run(route("185.0.0.10", 3333, "10.1.0.0/16", "3333", NULL));
	ck_assert_int_eq(v.action, RSG_TAG);
	ck_assert(has_lc(65520, 0));
	run(route("185.0.0.10", 3333, "193.0.0.0/25", "3333", NULL));
	expect(1, RSG_R_PREFIX_TOO_LONG);
	ck_assert_int_eq(v.rov, RSG_ROV_NOT_CHECKED);
	ck_assert_int_eq(v.aspa, RSG_ASPA_NOT_CHECKED);
	ck_assert(has_lc(1000, 3));
	ck_assert(has_lc(1002, 3));
}
END_TEST

START_TEST(test_no_snapshot)
{
	struct rsg_config *cfg;
	struct rsg_ctx *c;
	struct rsg_stats st;

	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_int_eq(rsg_ctx_new(cfg, &c), 0);
	rsg_config_free(cfg);
	ck_assert_int_eq(
	    rsg_check(
		c, route("185.0.0.10", 3333, "193.0.0.0/21", "3333", NULL), &v),
	    RSG_ENODATA);
	ck_assert_int_eq(v.action, RSG_REJECT);
	ck_assert_uint_eq(v.version, RSG_VERDICT_VERSION);
	ck_assert_uint_eq(v.rs_as, 0);
	ck_assert_int_eq(rsg_ctx_stats(c, &st), RSG_ENODATA);
	ck_assert_int_eq(
	    rsg_rov_validate(c, &v.vrps[0].prefix, 1, NULL, 0, NULL),
	    RSG_ROV_NOT_CHECKED);
	rsg_ctx_free(c);
}
END_TEST

Suite *
check_suite(void)
{
	Suite *s = suite_create("check");
	TCase *tc = tcase_create("manrs");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_accept_valid);
	tcase_add_test(tc, test_next_hop);
	tcase_add_test(tc, test_path_checks);
	tcase_add_test(tc, test_asn_checks);
	tcase_add_test(tc, test_prefix_checks);
	tcase_add_test(tc, test_rpki);
	tcase_add_test(tc, test_aspa);
	tcase_add_test(tc, test_attributes);
	tcase_add_test(tc, test_afi_and_clients);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_verdict_size);
	tcase_add_test(tc, test_policies);
	tcase_add_test(tc, test_no_snapshot);
	suite_add_tcase(s, tc);
	return s;
}
