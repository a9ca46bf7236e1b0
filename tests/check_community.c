/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * arouteserver's BGP community functions in every form (community.c),
 * what rsg_check() adds and scrubs with them, blackhole filtering
 * (RFC 7999) and rsg_export(): the announcement to each client.
 */
#include "config.h"

#include <check.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "community.h"
#include "suites.h"
#include "testutil.h"

#define STD(a, b) ((uint32_t)(a) << 16 | (uint32_t)(b))

/* ------------------------------------------------------------------ */
/* community.c                                                         */

static struct comm_pat
pat(enum comm_form f, const char *text, unsigned flags, uint32_t rs_as)
{
	struct comm_def d;
	struct comm_pat p;
	char err[160];

	ck_assert_msg(
	    rsg__comm_def_parse(f, text, flags, &d, err, sizeof(err)) == 0,
	    "%s: %s", text, err);
	ck_assert_msg(
	    rsg__comm_compile(&d, f, rs_as, &p, err, sizeof(err)) == 0,
	    "%s: %s", text, err);
	return p;
}

START_TEST(test_forms)
{
	struct comm_pat p;
	struct rsg_ec e;
	struct rsg_lc l;
	uint32_t x, val;

	/* std with rs_as and peer_as */
	p = pat(FORM_STD, "0:peer_as", CF_PEER, 64496);
	ck_assert(rsg__comm_match_std(&p, STD(0, 3333), &val));
	ck_assert_uint_eq(val, 3333);
	ck_assert(!rsg__comm_match_std(&p, STD(1, 3333), &val));
	ck_assert(rsg__comm_make_std(&p, 2497, &x));
	ck_assert_uint_eq(x, STD(0, 2497));
	ck_assert(!rsg__comm_make_std(&p, 65536, &x)); /* does not fit */
	p = pat(FORM_STD, "rs_as:666", 0, 64496);
	ck_assert(rsg__comm_match_std(&p, STD(64496, 666), NULL));
	ck_assert(!rsg__comm_match_std(&p, STD(64496, 667), NULL));
	/* ext, 2-byte ASN: type 0x00, sub-type rt 0x02 */
	p = pat(FORM_EXT, "rt:rs_as:dyn_val", CF_DYN, 64496);
	e = (struct rsg_ec){ 0x0002fbf0u, 14 };
	ck_assert(rsg__comm_match_ext(&p, &e, &val));
	ck_assert_uint_eq(val, 14);
	ck_assert(rsg__comm_make_ext(&p, 70000, &e));
	ck_assert_uint_eq(e.hi, 0x0002fbf0u);
	ck_assert_uint_eq(e.lo, 70000);
	/* ext, 4-byte ASN: type 0x02, ro 0x03, the local part 16 bits */
	p = pat(FORM_EXT, "ro:rs_as:peer_as", CF_PEER, 4200000000u);
	ck_assert(rsg__comm_make_ext(&p, 3333, &e));
	ck_assert_uint_eq(e.hi, 0x02030000u | (4200000000u >> 16));
	ck_assert_uint_eq(e.lo, (4200000000u & 0xffff) << 16 | 3333);
	ck_assert(rsg__comm_match_ext(&p, &e, &val));
	ck_assert_uint_eq(val, 3333);
	ck_assert(!rsg__comm_make_ext(&p, 70000, &e));
	/* large */
	p = pat(FORM_LRG, "rs_as:101:peer_as", CF_PEER, 4200000000u);
	l = (struct rsg_lc){ 4200000000u, 101, 4200000001u };
	ck_assert(rsg__comm_match_lrg(&p, &l, &val));
	ck_assert_uint_eq(val, 4200000001u);
	l.data1 = 102;
	ck_assert(!rsg__comm_match_lrg(&p, &l, &val));
	p = pat(FORM_LRG, "65501:1:2", 0, 64496);
	ck_assert(rsg__comm_make_lrg(&p, 99, &l));
	ck_assert_uint_eq(l.asn, 65501);
	ck_assert_uint_eq(l.data2, 2);
	/* the table knows every arouteserver function */
	ck_assert_uint_eq(rsg__commf_find("prepend_thrice_to_peers_with_rtt_"
					  "higher_than"),
	    COMMF_PREPEND3_RTT_GT);
	ck_assert_uint_eq(rsg__commf_find("nope"), COMMF_COUNT);
}
END_TEST

/* ------------------------------------------------------------------ */
/* rsg_check() and rsg_export()                                        */

static const char config[] =
    "general:\n"
    "  rs_as: 64496\n"
    "  rpki_roas: {ignore_cache_files_older_than: 0, check_expires: false}\n"
    "  filtering:\n"
    "    reject_policy: {policy: tag}\n"
    "    rpki_bgp_origin_validation: {enabled: true, reject_invalid: true}\n"
    "  blackhole_filtering:\n"
    "    policy_ipv4: rewrite-next-hop\n"
    "    rewrite_next_hop_ipv4: 185.0.0.66\n"
    "    add_noexport: true\n"
    "  custom_communities:\n"
    "    from_berlin: {std: \"65501:30\", lrg: \"rs_as:30:1\"}\n"
    "  communities:\n"
    "    reject_cause:\n"
    "      std: \"65520:dyn_val\"\n"
    "      ext: \"ro:rs_as:dyn_val\"\n"
    "      lrg: \"rs_as:65520:dyn_val\"\n"
    "    reject_cause_map:\n"
    "      \"14\": {lrg: \"rs_as:1101:13\"}\n"
    "    rejected_route_announced_by: {lrg: \"rs_as:65524:dyn_val\"}\n"
    "    rpki_bgp_origin_validation_valid: {std: \"64496:1\"}\n"
    "    rpki_bgp_origin_validation_invalid: {std: \"64496:4\"}\n"
    "    rpki_bgp_origin_validation_not_performed: {std: \"64496:3\"}\n"
    "    blackholing: {std: \"rs_as:66\", lrg: \"rs_as:666:0\"}\n"
    "    do_not_announce_to_any: {std: \"0:rs_as\", lrg: \"rs_as:0:0\"}\n"
    "    do_not_announce_to_peer: {std: \"0:peer_as\", lrg: "
    "\"rs_as:0:peer_as\"}\n"
    "    announce_to_peer: {std: \"rs_as:peer_as\", lrg: "
    "\"rs_as:1:peer_as\"}\n"
    "    prepend_once_to_peer: {lrg: \"rs_as:101:peer_as\"}\n"
    "    prepend_twice_to_any: {lrg: \"rs_as:102:0\"}\n"
    "    prepend_thrice_to_peers_with_rtt_higher_than: {lrg: "
    "\"rs_as:113:dyn_val\"}\n"
    "    do_not_announce_to_peers_with_rtt_lower_than: {ext: "
    "\"rt:rs_as:dyn_val\"}\n"
    "    add_noexport_to_peer: {lrg: \"rs_as:201:peer_as\"}\n"
    "    add_noadvertise_to_any: {std: \"65535:rs_as\"}\n"
    "clients:\n"
    "  - asn: 3333\n"
    "    ip: 185.0.0.10\n"
    "    cfg:\n"
    "      attach_custom_communities: [from_berlin]\n"
    "  - asn: 2497\n"
    "    ip: 185.0.0.20\n"
    "    cfg:\n"
    "      blackhole_filtering: {announce_to_client: false}\n"
    "  - asn: 15169\n"
    "    ip: 185.0.0.30\n"
    "  - asn: 4200000000\n"
    "    ip: 185.0.0.40\n"
    "    16bit_mapped_asn: 64512\n";

static struct rsg_ctx *ctx;
static struct rsg_verdict v;
static struct rsg_route rt;
static uint8_t path[64];
static uint32_t stdc[16];
static struct rsg_ec extc[16];
static struct rsg_lc lrgc[16];

static void
setup(void)
{
	struct rsg_config *cfg;

	tu_tmpdir("rsg-community");
	tu_put("vrps.json",
	    tu_vrp_json(time(NULL),
		"{\"asn\": 3333, \"prefix\": \"193.0.0.0/21\", "
		"\"maxLength\": 21}"));
	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_msg(
	    rsg_config_load_string(cfg, config, strlen(config), "community.yml")
		== 0,
	    "%s", rsg_config_error(cfg, 0));
	ck_assert_int_eq(rsg_config_add_source(
			     cfg, RSG_SOURCE_VRPS, tu_tmp("vrps.json"), true),
	    0);
	ck_assert_int_eq(rsg_ctx_new(cfg, &ctx), 0);
	rsg_config_free(cfg);
	ck_assert_msg(rsg_ctx_load(ctx) == 0, "%s", rsg_ctx_errmsg(ctx));
	rsg_verdict_init(&v);
}

static void
teardown(void)
{
	rsg_ctx_free(ctx);
	ctx = NULL;
	tu_tmpdir_remove();
}

/* A route of client peer/asn; communities as text. */
static const struct rsg_route *
route(const char *peer, uint32_t asn, const char *prefix, const char *aspath,
    const char *comms)
{
	struct rsg_error err;
	size_t ns = 0, ne = 0, nl = 0;

	tu_route(&rt, path, peer, asn, prefix);
	ck_assert_int_eq(rsg_path_from_text(
			     aspath, path, sizeof(path), &rt.as_path_len, &err),
	    0);
	ck_assert_msg(rsg_communities_parse(comms, stdc, 16, &ns, extc, 16, &ne,
			  lrgc, 16, &nl, &err)
		== 0,
	    "%s", err.message);
	rt.communities = stdc;
	rt.n_communities = ns;
	rt.ext_communities = extc;
	rt.n_ext_communities = ne;
	rt.large_communities = lrgc;
	rt.n_large_communities = nl;
	return &rt;
}

static bool
ip_is(const struct rsg_ip *ip, const char *text)
{
	struct rsg_ip want = tu_ip(text);

	return memcmp(ip, &want, sizeof(want)) == 0;
}

static bool
has_std(const uint32_t *c, unsigned n, uint32_t x)
{
	for (unsigned i = 0; i < n; i++) {
		if (c[i] == x)
			return true;
	}
	return false;
}

static bool
has_lrg(const struct rsg_lc *c, unsigned n, uint32_t a, uint32_t b, uint32_t d)
{
	for (unsigned i = 0; i < n; i++) {
		if (c[i].asn == a && c[i].data1 == b && c[i].data2 == d)
			return true;
	}
	return false;
}

static bool
has_reason(enum rsg_reason r)
{
	return (v.reasons[r / 64] >> (r % 64)) & 1;
}

/* A rejected route (tag policy): reject_cause in all three forms with
 * the arouteserver code, its map entry, the announcing client; the RPKI
 * state; the custom community of the client. */
START_TEST(test_reject_cause_forms)
{
	ck_assert_int_eq(
	    rsg_check(
		ctx, route("185.0.0.10", 3333, "193.0.0.0/22", "3333", ""), &v),
	    0);
	ck_assert_uint_eq(v.version, RSG_VERDICT_VERSION);
	ck_assert(has_reason(RSG_R_RPKI_INVALID));
	ck_assert_uint_eq(v.action, RSG_TAG);
	/* code 0 (tag modes) and 14 (RPKI invalid) */
	ck_assert(
	    has_std(v.std_communities, v.n_std_communities, STD(65520, 0)));
	ck_assert(
	    has_std(v.std_communities, v.n_std_communities, STD(65520, 14)));
	ck_assert(has_lrg(v.communities, v.n_communities, 64496, 65520, 14));
	ck_assert(has_lrg(v.communities, v.n_communities, 64496, 1101, 13));
	ck_assert(has_lrg(v.communities, v.n_communities, 64496, 65524, 3333));
	ck_assert_uint_ge(v.n_ext_communities, 2);
	/* ro:64496:x: transitive two-octet AS, route origin (0x00, 0x03) */
	ck_assert_uint_eq(v.ext_communities[0].hi, 0x0003fbf0u);
	ck_assert_uint_eq(v.ext_communities[0].lo, 0);
	ck_assert_uint_eq(v.ext_communities[1].lo, 14);
	ck_assert(
	    has_std(v.std_communities, v.n_std_communities, STD(64496, 4)));
	/* the custom community of AS3333 */
	ck_assert(
	    has_std(v.std_communities, v.n_std_communities, STD(65501, 30)));
	ck_assert(has_lrg(v.communities, v.n_communities, 64496, 30, 1));
	/* a valid route: no reject cause, the valid tag, AS2497 has no
	 * custom community */
	ck_assert_int_eq(
	    rsg_check(
		ctx, route("185.0.0.10", 3333, "193.0.0.0/21", "3333", ""), &v),
	    0);
	ck_assert_uint_eq(v.action, RSG_ACCEPT);
	ck_assert(
	    !has_std(v.std_communities, v.n_std_communities, STD(65520, 0)));
	ck_assert(
	    has_std(v.std_communities, v.n_std_communities, STD(64496, 1)));
	ck_assert_int_eq(
	    rsg_check(ctx,
		route("185.0.0.20", 2497, "193.0.0.0/21", "2497 3333", ""), &v),
	    0);
	ck_assert(
	    !has_std(v.std_communities, v.n_std_communities, STD(65501, 30)));
}
END_TEST

/* Inbound: the route server's communities in any form are scrubbed,
 * the control communities stay (they act on the way out). */
START_TEST(test_scrub_inbound)
{
	ck_assert_int_eq(
	    rsg_check(ctx,
		route("185.0.0.10", 3333, "193.0.0.0/21", "3333",
		    "65520:14 64496:1 0:2497 65000:1 ro:64496:3 "
		    "64496:65520:14 64496:1000:1 64496:0:2497 64496:1:15169 "
		    "64500:1:1"),
		&v),
	    0);
	ck_assert(v.flags & RSG_VF_SCRUB);
	ck_assert_uint_eq(v.n_scrub_std, 2);
	ck_assert(has_std(v.scrub_std, v.n_scrub_std, STD(65520, 14)));
	ck_assert(has_std(v.scrub_std, v.n_scrub_std, STD(64496, 1)));
	ck_assert_uint_eq(v.n_scrub_ext, 1); /* reject_cause's ext form */
	ck_assert_uint_eq(v.scrub_ext[0].lo, 3);
	/* RS-namespace large: reject cause and information go, controls
	 * (do not announce to, announce to) stay; others' are not ours */
	ck_assert_uint_eq(v.n_scrub_large, 2);
	ck_assert(has_lrg(v.scrub_large, v.n_scrub_large, 64496, 65520, 14));
	ck_assert(has_lrg(v.scrub_large, v.n_scrub_large, 64496, 1000, 1));
	/* nothing of ours: no scrub */
	ck_assert_int_eq(rsg_check(ctx,
			     route("185.0.0.10", 3333, "193.0.0.0/21", "3333",
				 "65000:1 64500:1:1"),
			     &v),
	    0);
	ck_assert(!(v.flags & RSG_VF_SCRUB));
	ck_assert_uint_eq(v.n_scrub_std + v.n_scrub_ext + v.n_scrub_large, 0);
}
END_TEST

/* RFC 7999: a /32 tagged BLACKHOLE, covered by a VRP of its origin, is
 * accepted unvalidated, with the policy's next hop and communities. */
START_TEST(test_blackhole)
{
	ck_assert_int_eq(
	    rsg_check(ctx,
		route("185.0.0.10", 3333, "193.0.0.1/32", "3333", "65535:666"),
		&v),
	    0);
	ck_assert_uint_eq(v.action, RSG_ACCEPT);
	ck_assert_uint_eq(v.n_details, 0);
	ck_assert_uint_eq(v.blackhole, RSG_BLACKHOLE_REWRITE_NEXT_HOP);
	ck_assert(ip_is(&v.blackhole_next_hop, "185.0.0.66"));
	ck_assert_uint_eq(v.rov, RSG_ROV_NOT_CHECKED);
	ck_assert(has_std(v.std_communities, v.n_std_communities,
	    STD(64496, 3))); /* origin validation not performed */
	ck_assert(has_std(v.std_communities, v.n_std_communities, 0xffff029au));
	ck_assert(has_std(v.std_communities, v.n_std_communities,
	    0xffffff01u)); /* add_noexport */
	/* the local blackholing community, std or large, is one too */
	ck_assert_int_eq(rsg_check(ctx,
			     route("185.0.0.10", 3333, "193.0.4.0/30", "3333",
				 "64496:666:0"),
			     &v),
	    0);
	ck_assert_uint_eq(v.blackhole, RSG_BLACKHOLE_REWRITE_NEXT_HOP);
	ck_assert_uint_eq(v.action, RSG_ACCEPT);
	/* outside the origin's ROAs: unauthorised, rejected (tagged) */
	ck_assert_int_eq(
	    rsg_check(ctx,
		route("185.0.0.20", 2497, "202.232.0.1/32", "2497", "64496:66"),
		&v),
	    0);
	ck_assert_uint_eq(v.blackhole, RSG_BLACKHOLE_REWRITE_NEXT_HOP);
	ck_assert(has_reason(RSG_R_BLACKHOLE_UNAUTH));
	ck_assert_uint_eq(v.details[0].asn, 2497);
	ck_assert_uint_ne(v.action, RSG_ACCEPT);
	/* no policy for IPv6: a /128 tagged BLACKHOLE is just too long */
	ck_assert_int_eq(rsg_check(ctx,
			     route("185.0.0.10", 3333, "2001:db8::1/128",
				 "3333", "65535:666"),
			     &v),
	    0);
	ck_assert_uint_eq(v.blackhole, RSG_BLACKHOLE_NONE);
	ck_assert(has_reason(RSG_R_PREFIX_TOO_LONG));
	/* and without the community a /32 is too long */
	ck_assert_int_eq(
	    rsg_check(
		ctx, route("185.0.0.10", 3333, "193.0.0.1/32", "3333", ""), &v),
	    0);
	ck_assert_uint_eq(v.blackhole, RSG_BLACKHOLE_NONE);
	ck_assert(has_reason(RSG_R_PREFIX_TOO_LONG));
}
END_TEST

/* The host's table: AS2497 announces 202.232.0.0/16. */
static int
announced(void *arg, const struct rsg_ip *peer, uint32_t asn,
    const struct rsg_prefix *p)
{
	struct rsg_prefix own = tu_pfx("202.232.0.0/16");

	(*(unsigned *)arg)++;
	(void)peer;
	return asn == 2497 && p->ip.afi == RSG_AFI_IPV4 && p->len >= 16
	    && (p->ip.addr[0] & 0xffff0000u) == own.ip.addr[0];
}

/* RFC 7999 section 3.3 by the client's own announced space: the host
 * answers for its table. */
START_TEST(test_blackhole_by_host)
{
	unsigned calls = 0;

	ck_assert_int_eq(
	    rsg_ctx_set_announced_cb(NULL, announced, NULL), RSG_EINVAL);
	ck_assert_int_eq(rsg_ctx_set_announced_cb(ctx, announced, &calls), 0);
	ck_assert_int_eq(rsg_check(ctx,
			     route("185.0.0.20", 2497, "202.232.0.1/32", "2497",
				 "65535:666"),
			     &v),
	    0);
	ck_assert_uint_eq(v.action, RSG_ACCEPT);
	ck_assert_uint_eq(calls, 1);
	/* outside its space */
	ck_assert_int_eq(rsg_check(ctx,
			     route("185.0.0.20", 2497, "202.233.0.1/32", "2497",
				 "65535:666"),
			     &v),
	    0);
	ck_assert(has_reason(RSG_R_BLACKHOLE_UNAUTH));
	/* a ROA authorises first: the host is not asked */
	calls = 0;
	ck_assert_int_eq(
	    rsg_check(ctx,
		route("185.0.0.10", 3333, "193.0.0.1/32", "3333", "65535:666"),
		&v),
	    0);
	ck_assert_uint_eq(v.action, RSG_ACCEPT);
	ck_assert_uint_eq(calls, 0);
	/* nor for a route that is no blackhole request */
	ck_assert_int_eq(
	    rsg_check(ctx,
		route("185.0.0.20", 2497, "202.232.0.0/16", "2497", ""), &v),
	    0);
	ck_assert_uint_eq(calls, 0);
	ck_assert_int_eq(rsg_ctx_set_announced_cb(ctx, NULL, NULL), 0);
	ck_assert_int_eq(rsg_check(ctx,
			     route("185.0.0.20", 2497, "202.232.0.1/32", "2497",
				 "65535:666"),
			     &v),
	    0);
	ck_assert(has_reason(RSG_R_BLACKHOLE_UNAUTH));
}
END_TEST

/* An older host's verdict (version 1) gets what fits, nothing beyond. */
START_TEST(test_v1_verdict)
{
	static struct rsg_verdict w;
	const size_t v1 =
	    offsetof(struct rsg_verdict, communities) + sizeof(w.communities);

	memset(&w, 0xee, sizeof(w));
	w.size = (uint32_t)v1;
	ck_assert_int_eq(
	    rsg_check(
		ctx, route("185.0.0.10", 3333, "193.0.0.0/22", "3333", ""), &w),
	    0);
	ck_assert_uint_eq(w.version, RSG_VERDICT_VERSION);
	ck_assert(has_lrg(w.communities, w.n_communities, 64496, 65520, 14));
	ck_assert_uint_eq(w.blackhole, 0xee);
	ck_assert_uint_eq(w.n_std_communities, 0xeeee);
	w.size = (uint32_t)sizeof(w);
	ck_assert_uint_gt(rsg_verdict_json(&w, NULL, NULL, 0), 0);
}
END_TEST

/* A version 2 host's verdict: the blackhole and scrub fields written,
 * the AS-SETs of version 3 not. */
START_TEST(test_v2_verdict)
{
	static struct rsg_verdict w;
	const size_t v2 =
	    offsetof(struct rsg_verdict, scrub_large) + sizeof(w.scrub_large);

	memset(&w, 0xee, sizeof(w));
	w.size = (uint32_t)v2;
	ck_assert_int_eq(
	    rsg_check(
		ctx, route("185.0.0.10", 3333, "193.0.0.0/22", "3333", ""), &w),
	    0);
	ck_assert_uint_eq(w.version, RSG_VERDICT_VERSION);
	ck_assert_uint_ne(w.n_std_communities, 0xeeee);
	ck_assert_uint_eq((unsigned char)w.irr_as_set[0], 0xee);
	ck_assert_uint_gt(rsg_verdict_json(&w, NULL, NULL, 0), 0);
}
END_TEST

static struct rsg_export ex;

static int export(
    const struct rsg_route *r, const char *to, uint32_t to_asn, uint32_t rtt)
{
	struct rsg_ip ip = tu_ip(to);

	ex.size = (uint32_t)sizeof(ex);
	return rsg_export(ctx, r, &ip, to_asn, rtt, &ex);
}

START_TEST(test_export_controls)
{
	const struct rsg_route *r;

	/* nothing: announced, nothing to do */
	r = route("185.0.0.10", 3333, "193.0.0.0/21", "3333", "65000:1");
	ck_assert_int_eq(export(r, "185.0.0.20", 2497, 0), 0);
	ck_assert_uint_eq(ex.announce, 1);
	ck_assert_uint_eq(ex.prepend, 0);
	ck_assert_uint_eq(ex.no_export + ex.no_advertise, 0);
	ck_assert_uint_eq(
	    ex.n_scrub_std + ex.n_scrub_ext + ex.n_scrub_large, 0);
	/* to none but AS15169 (std and large forms) */
	r = route("185.0.0.10", 3333, "193.0.0.0/21", "3333",
	    "0:64496 64496:1:15169");
	ck_assert_int_eq(export(r, "185.0.0.20", 2497, 0), 0);
	ck_assert_uint_eq(ex.announce, 0);
	ck_assert_int_eq(export(r, "185.0.0.30", 15169, 0), 0);
	ck_assert_uint_eq(ex.announce, 1);
	ck_assert_uint_eq(ex.n_scrub_std, 1);
	ck_assert_uint_eq(ex.scrub_std[0], STD(0, 64496));
	ck_assert_uint_eq(ex.n_scrub_large, 1);
	/* not to AS2497 wins over announce to AS2497 */
	r = route(
	    "185.0.0.10", 3333, "193.0.0.0/21", "3333", "0:2497 64496:2497");
	ck_assert_int_eq(export(r, "185.0.0.20", 2497, 0), 0);
	ck_assert_uint_eq(ex.announce, 0);
	ck_assert_int_eq(export(r, "185.0.0.30", 15169, 0), 0);
	ck_assert_uint_eq(ex.announce, 1);
	/* prepending: once to the peer before twice to any; RTT above 30 ms
	 * thrice, before to any */
	r = route("185.0.0.10", 3333, "193.0.0.0/21", "3333",
	    "64496:101:2497 64496:102:0 64496:113:30");
	ck_assert_int_eq(export(r, "185.0.0.20", 2497, 50), 0);
	ck_assert_uint_eq(ex.prepend, 1);
	ck_assert_int_eq(export(r, "185.0.0.30", 15169, 50), 0);
	ck_assert_uint_eq(ex.prepend, 3);
	ck_assert_int_eq(export(r, "185.0.0.30", 15169, 20), 0);
	ck_assert_uint_eq(ex.prepend, 2);
	ck_assert_int_eq(export(r, "185.0.0.30", 15169, 0), 0);
	ck_assert_uint_eq(ex.prepend, 2); /* RTT unknown */
	ck_assert_uint_eq(ex.n_scrub_large, 3);
	/* a 32-bit ASN is its 16bit_mapped_asn in standard communities */
	r = route("185.0.0.10", 3333, "193.0.0.0/21", "3333", "0:64512");
	ck_assert_int_eq(export(r, "185.0.0.40", 4200000000u, 0), 0);
	ck_assert_uint_eq(ex.announce, 0);
	ck_assert_int_eq(export(r, "185.0.0.30", 15169, 0), 0);
	ck_assert_uint_eq(ex.announce, 1);
	r = route(
	    "185.0.0.10", 3333, "193.0.0.0/21", "3333", "64496:0:4200000000");
	ck_assert_int_eq(export(r, "185.0.0.40", 4200000000u, 0), 0);
	ck_assert_uint_eq(ex.announce, 0);
	/* RTT: not to peers of 10 ms or less (extended form) */
	r = route("185.0.0.10", 3333, "193.0.0.0/21", "3333", "rt:64496:10");
	ck_assert_int_eq(export(r, "185.0.0.30", 15169, 10), 0);
	ck_assert_uint_eq(ex.announce, 0);
	ck_assert_int_eq(export(r, "185.0.0.30", 15169, 11), 0);
	ck_assert_uint_eq(ex.announce, 1);
	ck_assert_uint_eq(ex.n_scrub_ext, 1);
	/* NO_EXPORT to one peer, NO_ADVERTISE to all */
	r = route("185.0.0.10", 3333, "193.0.0.0/21", "3333",
	    "64496:201:15169 65535:64496");
	ck_assert_int_eq(export(r, "185.0.0.30", 15169, 0), 0);
	ck_assert_uint_eq(ex.no_export, 1);
	ck_assert_uint_eq(ex.no_advertise, 1);
	ck_assert_int_eq(export(r, "185.0.0.20", 2497, 0), 0);
	ck_assert_uint_eq(ex.no_export, 0);
	ck_assert_uint_eq(ex.no_advertise, 1);
	/* rejected in a tag mode (RS:1101:x, the reject cause): kept by
	 * the route server, announced to no one; RS:1102:x (would be
	 * filtered) and another AS's 1101 are no rejection */
	r = route("185.0.0.10", 3333, "193.0.0.0/21", "3333", "64496:1101:13");
	ck_assert_int_eq(export(r, "185.0.0.30", 15169, 0), 0);
	ck_assert_uint_eq(ex.announce, 0);
	r = route("185.0.0.10", 3333, "193.0.0.0/21", "3333", "64496:65520:14");
	ck_assert_int_eq(export(r, "185.0.0.30", 15169, 0), 0);
	ck_assert_uint_eq(ex.announce, 0);
	r = route("185.0.0.10", 3333, "193.0.0.0/21", "3333",
	    "64496:1102:13 3333:1101:13");
	ck_assert_int_eq(export(r, "185.0.0.30", 15169, 0), 0);
	ck_assert_uint_eq(ex.announce, 1);
}
END_TEST

START_TEST(test_export_blackhole)
{
	const struct rsg_route *r;

	r = route(
	    "185.0.0.10", 3333, "193.0.0.1/32", "3333", "65535:666 64496:66");
	/* general announce_to_client (true); AS2497 said false */
	ck_assert_int_eq(export(r, "185.0.0.30", 15169, 0), 0);
	ck_assert_uint_eq(ex.announce, 1);
	ck_assert_uint_eq(ex.blackhole, RSG_BLACKHOLE_REWRITE_NEXT_HOP);
	ck_assert(ip_is(&ex.next_hop, "185.0.0.66"));
	/* the local blackholing community goes, BLACKHOLE stays */
	ck_assert_uint_eq(ex.n_scrub_std, 1);
	ck_assert_uint_eq(ex.scrub_std[0], STD(64496, 66));
	ck_assert_int_eq(export(r, "185.0.0.20", 2497, 0), 0);
	ck_assert_uint_eq(ex.announce, 0);
	/* an unknown address takes the general setting */
	ck_assert_int_eq(export(r, "185.0.0.99", 64999, 0), 0);
	ck_assert_uint_eq(ex.announce, 1);
	/* arguments */
	ex.size = 4;
	ck_assert_int_eq(
	    rsg_export(ctx, r, &r->peer_ip, 1, 0, &ex), RSG_EINVAL);
	ex.size = (uint32_t)sizeof(ex);
	ck_assert_int_eq(
	    rsg_export(NULL, r, &r->peer_ip, 1, 0, &ex), RSG_EINVAL);
}
END_TEST

/* arouteserver's "global" scenario, blackhole cases, from our own files
 * in its layout (tests/data/arouteserver/blackhole). */
START_TEST(test_scenario_blackhole)
{
	static const char *const asks[] = { "65535:666", "65534:0",
		"65534:0:0" };
	static const char *const pfx[] = { "2.0.3.1/32", "2.0.3.2/32",
		"2.0.3.3/32" };
	struct rsg_config *cfg;
	struct rsg_ctx *c;
	const struct rsg_route *r;
	char *text;

	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_msg(rsg_config_load_file(
			  cfg, tu_data("arouteserver/blackhole/rsguard.yml"))
		== 0,
	    "%s", rsg_config_error(cfg, 0));
	ck_assert_int_eq(rsg_config_add_source(cfg, RSG_SOURCE_VRPS,
			     tu_data("arouteserver/blackhole/vrps.json"), true),
	    0);
	/* config check --explain: the second router's own setting */
	ck_assert_int_eq(rsg_config_explain(cfg, &text), 0);
	ck_assert_ptr_nonnull(
	    strstr(text, "\"AS1, second router: no blackholes, please\""));
	ck_assert_ptr_nonnull(strstr(strstr(text, "second router"),
	    "blackhole_filtering.announce_to_client           false"
	    "            client"));
	ck_assert_ptr_nonnull(strstr(text,
	    "blackhole_filtering.policy_ipv4                  "
	    "rewrite-next-hop general next hop 192.0.2.66"));
	rsg_free(text);
	ck_assert_int_eq(rsg_ctx_new(cfg, &c), 0);
	rsg_config_free(cfg);
	ck_assert_msg(rsg_ctx_load(c) == 0, "%s", rsg_ctx_errmsg(c));
	rsg_ctx_free(ctx);
	ctx = c;
	/* AS2 asks, by BLACKHOLE, by its std and by its lrg community: each
	 * accepted unvalidated (65530:4), next hop 192.0.2.66, BLACKHOLE
	 * and NO_EXPORT added */
	for (unsigned i = 0; i < 3; i++) {
		r = route("192.0.2.21", 2, pfx[i], "2", asks[i]);
		ck_assert_int_eq(rsg_check(ctx, r, &v), 0);
		ck_assert_msg(v.action == RSG_ACCEPT, "%s", asks[i]);
		ck_assert_uint_eq(v.blackhole, RSG_BLACKHOLE_REWRITE_NEXT_HOP);
		ck_assert(ip_is(&v.blackhole_next_hop, "192.0.2.66"));
		ck_assert(has_std(
		    v.std_communities, v.n_std_communities, STD(65530, 4)));
		ck_assert(
		    has_lrg(v.communities, v.n_communities, 999, 65530, 4));
		ck_assert(has_std(
		    v.std_communities, v.n_std_communities, 0xffff029au));
		ck_assert(has_std(
		    v.std_communities, v.n_std_communities, 0xffffff01u));
		/* to AS1's first router and AS3, not to AS1's second; the
		 * local blackholing community goes */
		ck_assert_int_eq(export(r, "192.0.2.11", 1, 0), 0);
		ck_assert_uint_eq(ex.announce, 1);
		ck_assert(ip_is(&ex.next_hop, "192.0.2.66"));
		ck_assert_uint_eq(ex.n_scrub_std + ex.n_scrub_large, i > 0);
		ck_assert_int_eq(export(r, "192.0.2.31", 3, 0), 0);
		ck_assert_uint_eq(ex.announce, 1);
		ck_assert_int_eq(export(r, "192.0.2.12", 1, 0), 0);
		ck_assert_uint_eq(ex.announce, 0);
	}
	/* a customer's blackhole through AS1, covered by AS101's ROA */
	r = route("192.0.2.11", 1, "101.0.128.1/32", "1 101", "65535:666");
	ck_assert_int_eq(rsg_check(ctx, r, &v), 0);
	ck_assert_uint_eq(v.action, RSG_ACCEPT);
	/* the same prefix without the community: too long and RPKI invalid
	 * (maxLength 16), tagged under the tag policy with both codes */
	r = route("192.0.2.11", 1, "101.0.128.0/24", "1 101", "");
	ck_assert_int_eq(rsg_check(ctx, r, &v), 0);
	ck_assert_uint_eq(v.action, RSG_TAG);
	ck_assert(has_reason(RSG_R_RPKI_INVALID));
	ck_assert(
	    has_std(v.std_communities, v.n_std_communities, STD(65520, 14)));
	/* not AS2's: no ROA of AS1 covers 8.8.8.8 */
	r = route("192.0.2.11", 1, "8.8.8.8/32", "1", "65535:666");
	ck_assert_int_eq(rsg_check(ctx, r, &v), 0);
	ck_assert(has_reason(RSG_R_BLACKHOLE_UNAUTH));
	/* IPv6: a /128 covered by AS2's ROA */
	r = route("2001:db8:1:1::21", 2, "3002:0:3::1/128", "2", "65535:666");
	ck_assert_int_eq(rsg_check(ctx, r, &v), 0);
	ck_assert_uint_eq(v.action, RSG_ACCEPT);
	ck_assert(ip_is(&v.blackhole_next_hop, "2001:db8:1:1::66"));
}
END_TEST

Suite *
community_suite(void)
{
	Suite *s = suite_create("community");
	TCase *tc = tcase_create("forms");

	tcase_add_test(tc, test_forms);
	suite_add_tcase(s, tc);
	tc = tcase_create("check");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_reject_cause_forms);
	tcase_add_test(tc, test_scrub_inbound);
	tcase_add_test(tc, test_blackhole);
	tcase_add_test(tc, test_blackhole_by_host);
	tcase_add_test(tc, test_v1_verdict);
	tcase_add_test(tc, test_v2_verdict);
	tcase_add_test(tc, test_export_controls);
	tcase_add_test(tc, test_export_blackhole);
	tcase_add_test(tc, test_scenario_blackhole);
	suite_add_tcase(s, tc);
	return s;
}
