/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Change records and their history: what a record says about a route
 * (prefix, AS_PATH, client, unknown peers), merging and overflow, what a
 * new policy changes key by key, and cursors: several consumers reading
 * at their own pace, each woken by its own descriptor, "all" past the
 * history's bound.
 */
#include "config.h"

#include <check.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "changes.h"
#include "ctx.h"
#include "snapshot.h"
#include "suites.h"
#include "tables.h"
#include "testutil.h"

/* A route from peer (AS asn) for prefix with the given AS_PATH. */
static struct rsg_route
route(const char *peer, uint32_t asn, const char *prefix, const char *path,
    uint8_t buf[64])
{
	struct rsg_route r;

	memset(&r, 0, sizeof(r));
	r.prefix = tu_pfx(prefix);
	r.peer_ip = tu_ip(peer);
	r.peer_asn = asn;
	ck_assert_int_eq(
	    rsg_path_from_text(path, buf, 64, &r.as_path_len, NULL), 0);
	r.as_path = buf;
	return r;
}

START_TEST(test_affects_kinds)
{
	struct rsg_changes *c;
	struct rsg_prefix p = tu_pfx("193.0.0.0/16");
	struct rsg_ip ip = tu_ip("185.0.0.10");
	struct peer_key known = { tu_ip("185.0.0.20"), 2497 };
	struct rsg_route r;
	uint8_t b[64];

	ck_assert_int_eq(rsg__changes_new(&c), 0);
	ck_assert_int_eq(rsg__changes_prefix(c, &p), 0);
	ck_assert_int_eq(rsg__changes_asn(c, 174), 0);
	ck_assert_int_eq(rsg__changes_client(c, &ip), 0);
	rsg__changes_compact(c);
	ck_assert(!rsg_changes_unknown_peers(c));
	/* a more specific of a changed prefix */
	r = route("185.0.0.20", 2497, "193.0.4.0/22", "2497 64500", b);
	ck_assert(rsg_changes_affects(c, &r));
	/* a less specific is not */
	r = route("185.0.0.20", 2497, "193.0.0.0/8", "2497 64500", b);
	ck_assert(!rsg_changes_affects(c, &r));
	/* a changed ASN anywhere in the path, sets included */
	r = route("185.0.0.20", 2497, "8.8.8.0/24", "2497 {64501,174}", b);
	ck_assert(rsg_changes_affects(c, &r));
	r = route("185.0.0.20", 2497, "8.8.8.0/24", "2497 15169", b);
	ck_assert(!rsg_changes_affects(c, &r));
	/* a changed client */
	r = route("185.0.0.10", 3333, "8.8.8.0/24", "3333 15169", b);
	ck_assert(rsg_changes_affects(c, &r));
	/* a malformed path: affected, whatever else */
	r = route("185.0.0.20", 2497, "8.8.8.0/24", "2497 15169", b);
	b[1] = 9;
	ck_assert(rsg_changes_affects(c, &r));
	ck_assert(!rsg_changes_unknown_peers(c));
	ck_assert(!rsg_changes_all(c));
	/* unknown peers: anything but the known (address, ASN) pairs */
	ck_assert_int_eq(rsg__changes_client(c, NULL), 0);
	ck_assert_int_eq(rsg__changes_known(c, &known, 1), 0);
	rsg__changes_compact(c);
	ck_assert(rsg_changes_unknown_peers(c));
	r = route("185.0.0.20", 2497, "8.8.8.0/24", "2497 15169", b);
	ck_assert(!rsg_changes_affects(c, &r));
	r = route("185.0.0.20", 64999, "8.8.8.0/24", "64999 15169", b);
	ck_assert(rsg_changes_affects(c, &r)); /* right address, other AS */
	r = route("185.0.0.99", 2497, "8.8.8.0/24", "2497 15169", b);
	ck_assert(rsg_changes_affects(c, &r));
	rsg__changes_all(c);
	r = route("185.0.0.20", 2497, "8.8.8.0/24", "2497 15169", b);
	ck_assert(rsg_changes_affects(c, &r));
	rsg__changes_free(c);
}
END_TEST

/* The same record told its known clients twice (a new general policy,
 * and a table going into service for them), each list in configuration
 * order: the clients on both stay known. */
START_TEST(test_known_twice_unsorted)
{
	struct peer_key k[4] = { { tu_ip("185.0.0.40"), 4 },
		{ tu_ip("185.0.0.30"), 3 }, { tu_ip("185.0.0.20"), 2 },
		{ tu_ip("185.0.0.10"), 1 } };
	struct rsg_changes *c;
	struct rsg_route r;
	uint8_t b[64];
	char asn[16];

	ck_assert_int_eq(rsg__changes_new(&c), 0);
	ck_assert_int_eq(rsg__changes_client(c, NULL), 0);
	ck_assert_int_eq(rsg__changes_known(c, k, 4), 0);
	ck_assert_int_eq(rsg__changes_known(c, k + 1, 3), 0);
	rsg__changes_compact(c);
	for (unsigned i = 1; i < 4; i++) {
		char ip[32];

		rsg_ip_format(&k[i].ip, ip, sizeof(ip));
		snprintf(asn, sizeof(asn), "%u", k[i].asn);
		r = route(ip, k[i].asn, "8.8.8.0/24", asn, b);
		ck_assert_msg(!rsg_changes_affects(c, &r), "%s", ip);
	}
	/* known to one statement only: an unknown peer */
	r = route("185.0.0.40", 4, "8.8.8.0/24", "4", b);
	ck_assert(rsg_changes_affects(c, &r));
	rsg__changes_free(c);
}
END_TEST

START_TEST(test_merge_overflow_compact)
{
	struct rsg_changes *a, *b, *m;
	struct peer_key k1[2] = { { tu_ip("185.0.0.10"), 3333 },
		{ tu_ip("185.0.0.20"), 2497 } };
	const struct rsg_prefix *p;
	struct rsg_prefix q;
	struct rsg_route r;
	uint8_t buf[64];
	size_t n;

	ck_assert_int_eq(rsg__changes_new(&a), 0);
	ck_assert_int_eq(rsg__changes_new(&b), 0);
	ck_assert_int_eq(rsg__changes_new(&m), 0);
	/* covered prefixes go, duplicates too */
	q = tu_pfx("10.0.0.0/8");
	ck_assert_int_eq(rsg__changes_prefix(a, &q), 0);
	q = tu_pfx("10.1.0.0/16");
	ck_assert_int_eq(rsg__changes_prefix(a, &q), 0);
	q = tu_pfx("2001:db8::/32");
	ck_assert_int_eq(rsg__changes_prefix(a, &q), 0);
	ck_assert_int_eq(rsg__changes_prefix(a, &q), 0);
	ck_assert_int_eq(rsg__changes_asn(a, 5), 0);
	ck_assert_int_eq(rsg__changes_asn(a, 5), 0);
	ck_assert_int_eq(rsg__changes_client(a, NULL), 0);
	ck_assert_int_eq(rsg__changes_known(a, k1, 2), 0);
	a->since = 4;
	a->generation = 5;
	rsg__changes_compact(a);
	ck_assert_uint_eq(rsg_changes_prefixes(a, &p), 2);
	ck_assert_uint_eq(rsg_changes_asns(a, (const uint32_t **)&p), 1);
	/* b knows only one of a's clients: merged, the other is unknown */
	ck_assert_int_eq(rsg__changes_client(b, NULL), 0);
	ck_assert_int_eq(rsg__changes_known(b, k1, 1), 0);
	b->since = 5;
	b->generation = 6;
	ck_assert_int_eq(rsg__changes_merge(m, a), 0);
	ck_assert_int_eq(rsg__changes_merge(m, b), 0);
	rsg__changes_compact(m);
	ck_assert_uint_eq(rsg_changes_since(m), 4);
	ck_assert_uint_eq(rsg_changes_generation(m), 6);
	r = route("185.0.0.20", 2497, "8.8.8.0/24", "2497", buf);
	ck_assert(rsg_changes_affects(m, &r));
	r = route("185.0.0.10", 3333, "8.8.8.0/24", "3333", buf);
	ck_assert(!rsg_changes_affects(m, &r));
	/* past CHANGES_MAX_PREFIXES: 0.0.0.0/0 and ::/0 */
	for (uint32_t i = 0; i <= CHANGES_MAX_PREFIXES; i++) {
		memset(&q, 0, sizeof(q));
		q.ip.afi = RSG_AFI_IPV4;
		q.ip.addr[0] = i << 8;
		q.len = 24;
		ck_assert_int_eq(rsg__changes_prefix(b, &q), 0);
	}
	rsg__changes_compact(b);
	n = rsg_changes_prefixes(b, &p);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(p[0].len, 0);
	ck_assert_uint_eq(p[1].len, 0);
	ck_assert(!rsg_changes_all(b));
	/* and merging it keeps that */
	ck_assert_int_eq(rsg__changes_merge(a, b), 0);
	rsg__changes_compact(a);
	ck_assert_uint_eq(rsg_changes_prefixes(a, &p), 2);
	rsg__changes_free(a);
	rsg__changes_free(b);
	rsg__changes_free(m);
}
END_TEST

/* ------------------------------------------------------------------ */
/* What a new policy changes                                           */

static struct rsg_snapshot *
policy_snapshot(const char *yaml, const char *pdb)
{
	struct rsg_config *cfg;
	struct rsg_snapshot *s;
	struct part_input in;
	struct pdb_vec p = { 0 };
	struct rsg_error err;

	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_msg(rsg_config_load_string(cfg, yaml, strlen(yaml), "t") == 0,
	    "%s", rsg_config_error(cfg, 0));
	memset(&in, 0, sizeof(in));
	in.cfg = cfg;
	if (pdb != NULL) {
		ck_assert_int_eq(
		    rsg__pdb_load_buf("pdb", pdb, strlen(pdb), &p, &err), 0);
		in.pdb = &p;
	}
	ck_assert_int_eq(rsg__snapshot_build(&in, &s), 0);
	rsg__pdb_vec_free(&p);
	rsg_config_free(cfg);
	return s;
}

/* What the step from yaml a to yaml b says. */
static struct rsg_changes *
policy_step(const char *a, const char *b, const char *pdb_a, const char *pdb_b)
{
	struct rsg_snapshot *x = policy_snapshot(a, pdb_a);
	struct rsg_snapshot *y = policy_snapshot(b, pdb_b);
	struct rsg_changes *c;
	struct part_input in;

	memset(&in, 0, sizeof(in));
	ck_assert_int_eq(rsg__changes_new(&c), 0);
	/* the same VRP and ASPA parts: only the policy differs */
	rsg__part_unref(y->part[PART_ROV]);
	rsg__part_unref(y->part[PART_ASPA]);
	y->part[PART_ROV] = rsg__part_ref(x->part[PART_ROV]);
	y->part[PART_ASPA] = rsg__part_ref(x->part[PART_ASPA]);
	ck_assert_int_eq(rsg__snapshot_affects(&in, x, y, c), 0);
	rsg__changes_compact(c);
	rsg__snapshot_free(x);
	rsg__snapshot_free(y);
	return c;
}

#define BASE                                                                   \
	"general:\n"                                                           \
	"  rs_as: 64496\n"                                                     \
	"  filtering:\n"                                                       \
	"    max_as_path_len: %d\n"                                            \
	"    transit_free: {action: reject, asns: \"%s\"}\n"                   \
	"    peering_lans: [\"%s\"]\n"                                         \
	"clients:\n"                                                           \
	"  - asn: 3333\n"                                                      \
	"    ip: 185.0.0.10\n"                                                 \
	"    cfg: {filtering: {max_as_path_len: 20}}\n"                        \
	"  - {asn: 2497, ip: [185.0.0.20, \"2001:db8::20\"]}\n"                \
	"%s"

static char *
base(int maxlen, const char *tf, const char *lan, const char *more)
{
	static char buf[4][2048];
	static int k;
	char *b = buf[k++ % 4];

	snprintf(b, sizeof(buf[0]), BASE, maxlen, tf, lan, more);
	return b;
}

START_TEST(test_policy_keys)
{
	const char *one = "  - {asn: 15169, ip: 185.0.0.30}\n";
	const struct rsg_ip *ips;
	const struct rsg_prefix *p;
	const uint32_t *asns;
	struct rsg_changes *c;
	char rs[2048];

	/* nothing */
	c = policy_step(base(32, "174", "192.0.2.0/24", ""),
	    base(32, "174", "192.0.2.0/24", ""), NULL, NULL);
	ck_assert_uint_eq(rsg__changes_items(c), 0);
	ck_assert(!rsg_changes_unknown_peers(c));
	rsg__changes_free(c);
	/* a general knob: the client that inherits it (both addresses) and
	 * the unknown peers; not the client that sets its own */
	c = policy_step(base(32, "174", "192.0.2.0/24", ""),
	    base(10, "174", "192.0.2.0/24", ""), NULL, NULL);
	ck_assert_uint_eq(rsg_changes_clients(c, &ips), 2);
	ck_assert(rsg_changes_unknown_peers(c));
	ck_assert(!rsg_changes_all(c));
	ck_assert_uint_eq(rsg_changes_prefixes(c, &p), 0);
	rsg__changes_free(c);
	/* the transit-free list: its ASNs, no client */
	c = policy_step(base(32, "174, 701", "192.0.2.0/24", ""),
	    base(32, "174, 3356", "192.0.2.0/24", ""), NULL, NULL);
	ck_assert_uint_eq(rsg_changes_asns(c, &asns), 2);
	ck_assert_uint_eq(asns[0], 701);
	ck_assert_uint_eq(asns[1], 3356);
	ck_assert_uint_eq(rsg_changes_clients(c, &ips), 0);
	ck_assert(!rsg_changes_unknown_peers(c));
	rsg__changes_free(c);
	/* a peering LAN: its prefixes */
	c = policy_step(base(32, "174", "192.0.2.0/24", ""),
	    base(32, "174", "198.51.100.0/24", ""), NULL, NULL);
	ck_assert_uint_eq(rsg_changes_prefixes(c, &p), 2);
	ck_assert_uint_eq(rsg_changes_clients(c, &ips), 0);
	rsg__changes_free(c);
	/* a new client: its address */
	c = policy_step(base(32, "174", "192.0.2.0/24", ""),
	    base(32, "174", "192.0.2.0/24", one), NULL, NULL);
	ck_assert_uint_eq(rsg_changes_clients(c, &ips), 1);
	{
		struct rsg_ip want = tu_ip("185.0.0.30");

		ck_assert(ip_equal(&ips[0], &want));
	}
	rsg__changes_free(c);
	/* the route server's AS: everything */
	snprintf(rs, sizeof(rs), "%s", base(32, "174", "192.0.2.0/24", ""));
	memcpy(strstr(rs, "64496"), "64497", 5);
	c = policy_step(base(32, "174", "192.0.2.0/24", ""), rs, NULL, NULL);
	ck_assert(rsg_changes_all(c));
	rsg__changes_free(c);
	/* a session's new ASN: its routes, and its limits */
	snprintf(rs, sizeof(rs), "%s", base(32, "174", "192.0.2.0/24", ""));
	memcpy(strstr(rs, "asn: 3333") + 5, "3334", 4);
	c = policy_step(base(32, "174", "192.0.2.0/24", ""), rs, NULL, NULL);
	ck_assert_uint_eq(rsg_changes_clients(c, &ips), 1);
	ck_assert_uint_eq(rsg_changes_limits(c, &ips), 1);
	{
		struct rsg_ip want = tu_ip("185.0.0.10");

		ck_assert(ip_equal(&ips[0], &want));
	}
	ck_assert(!rsg_changes_all(c));
	rsg__changes_free(c);
	/* PeeringDB: a limit (the sessions of that AS, no route) and
	 * never-via-RS (the ASN) */
	c = policy_step(base(32, "174", "192.0.2.0/24", ""),
	    base(32, "174", "192.0.2.0/24", ""),
	    "{\"data\": [{\"asn\": 2497, \"info_prefixes4\": 100}, "
	    "{\"asn\": 64700, \"info_never_via_route_servers\": false}]}",
	    "{\"data\": [{\"asn\": 2497, \"info_prefixes4\": 900}, "
	    "{\"asn\": 64700, \"info_never_via_route_servers\": true}]}");
	ck_assert_uint_eq(rsg_changes_clients(c, &ips), 0);
	ck_assert_uint_eq(rsg_changes_limits(c, &ips), 2);
	ck_assert_uint_eq(rsg_changes_asns(c, &asns), 1);
	ck_assert_uint_eq(asns[0], 64700);
	ck_assert(!rsg_changes_unknown_peers(c));
	rsg__changes_free(c);
}
END_TEST

/* ------------------------------------------------------------------ */
/* History and cursors                                                 */

/* A context whose snapshots come from tables holding one VRP set. */
struct pub {
	struct rsg_ctx *ctx;
	struct tables t;
};

static void
pub_init(struct pub *p)
{
	struct rsg_config *cfg, *copy;

	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_int_eq(rsg_ctx_new(cfg, &p->ctx), 0);
	ck_assert_int_eq(rsg__config_dup(cfg, &copy), 0);
	rsg_config_free(cfg);
	rsg__tables_init(&p->t);
	rsg__tables_config(&p->t, copy);
	ck_assert_int_eq(rsg__tables_active(&p->t, 0, true), 0);
}

/* Publish a set holding one VRP for 10.<i>.0.0/16. */
static void
pub_step(struct pub *p, unsigned i)
{
	struct rsg_vrp v;
	struct vrpset *s;
	struct publish_info info;

	memset(&v, 0, sizeof(v));
	v.prefix.ip.afi = RSG_AFI_IPV4;
	v.prefix.ip.addr[0] = 0x0a000000u | (i & 0xff) << 16;
	v.prefix.len = 16;
	v.max_len = 24;
	v.asn = 64500 + i;
	ck_assert_int_eq(rsg__vrpset_new(&v, 1, &s), 0);
	ck_assert_int_eq(rsg__tables_vrps(&p->t, 0, s, 0), 0);
	ck_assert_int_eq(
	    rsg__tables_publish(&p->t, p->ctx, TABLE_READY, TABLE_OFF, &info),
	    0);
	ck_assert(info.published);
}

static void
pub_free(struct pub *p)
{
	rsg__tables_free(&p->t);
	rsg_ctx_free(p->ctx);
}

static bool
readable(int fd)
{
	struct pollfd pf = { fd, POLLIN, 0 };

	return poll(&pf, 1, 0) == 1;
}

START_TEST(test_cursors)
{
	struct pub p;
	struct rsg_cursor *a, *b;
	struct rsg_changes *ch;
	const struct rsg_prefix *pf;

	pub_init(&p);
	pub_step(&p, 1);
	ck_assert_int_eq(rsg_cursor_new(p.ctx, &a), 0);
	ck_assert_int_eq(rsg_cursor_new(p.ctx, &b), 0);
	ck_assert_uint_eq(rsg_cursor_generation(a), 1);
	ck_assert(!readable(rsg_cursor_fd(a)));
	ck_assert_int_eq(rsg_cursor_read(a, &ch), 0);
	ck_assert_ptr_null(ch);
	/* generation 2: both are woken; a reads it */
	pub_step(&p, 2);
	ck_assert(readable(rsg_cursor_fd(a)));
	ck_assert(readable(rsg_cursor_fd(b)));
	ck_assert_int_eq(rsg_cursor_read(a, &ch), 1);
	ck_assert(!readable(rsg_cursor_fd(a)));
	ck_assert(readable(rsg_cursor_fd(b))); /* a took nothing from b */
	ck_assert_uint_eq(rsg_changes_since(ch), 1);
	ck_assert_uint_eq(rsg_changes_generation(ch), 2);
	ck_assert_uint_eq(rsg_changes_prefixes(ch, &pf), 2); /* 10.1, 10.2 */
	rsg_changes_free(ch);
	/* generation 3: b reads 2 and 3 merged, a reads 3 */
	pub_step(&p, 3);
	ck_assert_int_eq(rsg_cursor_read(b, &ch), 1);
	ck_assert_uint_eq(rsg_changes_since(ch), 1);
	ck_assert_uint_eq(rsg_changes_generation(ch), 3);
	ck_assert_uint_eq(rsg_changes_prefixes(ch, &pf), 3);
	ck_assert(!rsg_changes_all(ch));
	rsg_changes_free(ch);
	ck_assert_int_eq(rsg_cursor_read(a, &ch), 1);
	ck_assert_uint_eq(rsg_changes_prefixes(ch, &pf), 2);
	rsg_changes_free(ch);
	/* the context's own cursor started at 0: everything */
	ck_assert(readable(rsg_ctx_get_fd(p.ctx)));
	ck_assert_int_eq(rsg_ctx_changes(p.ctx, 0, &ch), 1);
	ck_assert(rsg_changes_all(ch));
	rsg_changes_free(ch);
	ck_assert_int_eq(rsg_ctx_changes(p.ctx, 3, &ch), 0);
	rsg_cursor_free(a);
	/* past the history's bound: "all" */
	for (unsigned i = 4; i < HISTORY_RECORDS + 10; i++)
		pub_step(&p, i);
	ck_assert_int_eq(rsg_cursor_read(b, &ch), 1);
	ck_assert(rsg_changes_all(ch));
	ck_assert_uint_eq(rsg_changes_generation(ch), HISTORY_RECORDS + 9);
	rsg_changes_free(ch);
	ck_assert_int_eq(rsg_ctx_changes(p.ctx, HISTORY_RECORDS + 7, &ch), 1);
	ck_assert(!rsg_changes_all(ch));
	ck_assert_uint_eq(rsg_changes_prefixes(ch, &pf), 3);
	rsg_changes_free(ch);
	pub_free(&p);
	/* a cursor that outlives its context is still freeable */
	rsg_cursor_free(b);
}
END_TEST

Suite *
changes_suite(void)
{
	Suite *s = suite_create("changes");
	TCase *tc = tcase_create("records");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_affects_kinds);
	tcase_add_test(tc, test_known_twice_unsorted);
	tcase_add_test(tc, test_merge_overflow_compact);
	tcase_add_test(tc, test_policy_keys);
	tcase_add_test(tc, test_cursors);
	suite_add_tcase(s, tc);
	return s;
}
