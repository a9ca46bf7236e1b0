/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rpsl and irr: the RIPE dump heads (62 route, 62 route6 objects), the
 * pytinyirrdbcache samples (comments, continuation lines, lower-case
 * names), chunked input cut at every byte, broken objects skipped with
 * their position, input that is no RPSL refused; AS-SET expansion with
 * sources, cycles, depth and size caps.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "irr.h"
#include "rpsl.h"
#include "suites.h"
#include "testutil.h"

/* ------------------------------------------------------------------ */
/* rpsl                                                                */

struct seen {
	unsigned n[RPSL_AUT_NUM + 1];
	char last_key[64];
	char last_source[16];
	char members[512];
	uint32_t last_origin;
	unsigned last_line;
	struct rsg_prefix last_prefix;
};

static int
seen_cb(void *arg, const struct rpsl_obj *o)
{
	struct seen *s = arg;

	s->n[o->cls]++;
	snprintf(s->last_key, sizeof(s->last_key), "%s", o->key);
	snprintf(s->last_source, sizeof(s->last_source), "%s", o->source);
	s->last_origin = o->origin;
	s->last_line = o->line;
	s->last_prefix = o->prefix;
	if (o->members_len > 0)
		snprintf(s->members, sizeof(s->members), "%s", o->members);
	return 0;
}

static int
parse(const char *text, struct seen *s, struct rpsl_stats *st,
    struct rsg_error *err)
{
	memset(s, 0, sizeof(*s));
	memset(err, 0, sizeof(*err));
	return rsg__rpsl_parse_buf(
	    "t.db", text, strlen(text), seen_cb, s, st, err);
}

START_TEST(test_ripe_heads)
{
	struct rpsl_stats st;
	struct rsg_error err;
	struct seen s;

	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(
	    rsg__rpsl_parse_file(tu_data("irr/ripe.db.route_head_2016.txt"),
		seen_cb, &s, &st, &err),
	    0);
	ck_assert_uint_eq(s.n[RPSL_ROUTE], 62);
	ck_assert_uint_eq(st.objects, 62);
	ck_assert_uint_eq(st.skipped, 0);
	ck_assert_str_eq(s.last_source, "RIPE");
	ck_assert_uint_eq(s.last_prefix.ip.afi, RSG_AFI_IPV4);

	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(
	    rsg__rpsl_parse_file(tu_data("irr/ripe.db.route6_head_2016.txt"),
		seen_cb, &s, &st, &err),
	    0);
	ck_assert_uint_eq(s.n[RPSL_ROUTE6], 62);
	ck_assert_uint_eq(st.skipped, 0);
	ck_assert_uint_eq(s.last_prefix.ip.afi, RSG_AFI_IPV6);
}
END_TEST

START_TEST(test_sample)
{
	struct rpsl_stats st;
	struct rsg_error err;
	struct seen s;
	struct irr_db db;
	const struct irr_set *set;
	size_t pos = 0, n, count = 0;
	const char *t;

	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(rsg__rpsl_parse_file(
			     tu_data("irr/pytinyirrdbcache_ripe.db.sample.txt"),
			     seen_cb, &s, &st, &err),
	    0);
	ck_assert_uint_eq(s.n[RPSL_AS_SET], 1);
	ck_assert_uint_ge(s.n[RPSL_ROUTE], 1);
	ck_assert_uint_ge(st.other, 1); /* as-block, mntner ... */

	rsg__irr_db_init(&db);
	ck_assert_int_eq(rsg__irr_db_add_rpsl_file(&db,
			     tu_data("irr/pytinyirrdbcache_ripe.db.sample.txt"),
			     NULL, &st, &err),
	    0);
	/* names are case-insensitive; comments end a value */
	set = rsg__irr_db_set(&db, "AS-TMPEBONECWIX", 15);
	ck_assert_ptr_nonnull(set);
	while (rsg__rpsl_member(set->members, set->members_len, &pos, &t, &n))
		count++;
	ck_assert_uint_eq(count, 24);
	ck_assert_ptr_null(strstr(set->members, "silly"));
	/* "origin: as12726   # haha gotcha" */
	ck_assert_uint_ge(db.routes.n, 1);
	ck_assert_uint_eq(db.routes.v[0].origin, 12726);
	rsg__irr_db_free(&db);
}
END_TEST

START_TEST(test_forms)
{
	struct rpsl_stats st;
	struct rsg_error err;
	struct seen s;

	/* continuation lines (blank, tab, '+'), CRLF, comments */
	ck_assert_int_eq(parse("% a whois comment\n"
			       "as-set: AS-FOO # the set\r\n"
			       "descr: x\n"
			       "members: AS1,\n"
			       "  AS2 # two\n"
			       "\tAS-BAR\n"
			       "+\n"
			       "+ AS3\n"
			       "# a comment line inside\n"
			       "mp-members: AS4\n"
			       "source: test\n",
			     &s, &st, &err),
	    0);
	ck_assert_uint_eq(s.n[RPSL_AS_SET], 1);
	ck_assert_str_eq(s.last_key, "AS-FOO");
	ck_assert_str_eq(s.last_source, "TEST");
	ck_assert_str_eq(s.members, "AS1, AS2 AS-BAR AS3,AS4");
	ck_assert_uint_eq(s.last_line, 2);

	/* several objects; blank lines of blanks end them; other classes */
	ck_assert_int_eq(
	    parse("mntner: X-MNT\nauth: x\n   \n"
		  "route: 192.0.2.0/24\norigin: AS64496\n\n\n"
		  "route6: 2001:db8::/32\norigin: as64497\n"
		  "source: RIPE\n \t\n"
		  "aut-num: AS64498\nimport: from AS1 accept ANY\n",
		&s, &st, &err),
	    0);
	ck_assert_uint_eq(s.n[RPSL_ROUTE], 1);
	ck_assert_uint_eq(s.n[RPSL_ROUTE6], 1);
	ck_assert_uint_eq(s.n[RPSL_AUT_NUM], 1);
	ck_assert_uint_eq(st.other, 1);
	ck_assert_uint_eq(st.lines, 13);
}
END_TEST

START_TEST(test_skipped)
{
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "route: 192.0.2.0/24\n",
		    "t.db:1: route 192.0.2.0/24: no origin" },
		{ "route: 192.0.2.1/24\norigin: AS1\n",
		    "t.db:1: route 192.0.2.1/24: no prefix, or host bits set" },
		{ "route: 2001:db8::/32\norigin: AS1\n",
		    "a prefix of the other address family" },
		{ "route6: 2001:db8::/32\norigin: AS1\norigin: AS2\n",
		    "more than one origin" },
		{ "route: 192.0.2.0/24\norigin: 12x\n",
		    "origin \"12x\" is no AS number" },
		{ "aut-num: ASX\n", "aut-num ASX: no AS number" },
		{ "route: 192.0.2.0/24\nthis is no attribute\norigin: AS1\n",
		    "t.db:2: route 192.0.2.0/24: a line that is no" },
		{ "as-set:\nmembers: AS1\n", "as-set ?: no primary key" },
	};
	struct rpsl_stats st;
	struct rsg_error err;
	struct seen s;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[256];

		/* the broken object is skipped, the next one read */
		snprintf(text, sizeof(text),
		    "%s\nroute: 198.51.100.0/24\n"
		    "origin: AS64496\n",
		    bad[i].text);
		ck_assert_int_eq(parse(text, &s, &st, &err), 0);
		ck_assert_uint_eq(st.skipped, 1);
		ck_assert_uint_eq(st.objects, 1);
		ck_assert_uint_eq(s.last_origin, 64496);
		ck_assert_msg(strstr(st.first_skip.message, bad[i].msg),
		    "%zu: %s", i, st.first_skip.message);
	}
}
END_TEST

START_TEST(test_not_rpsl)
{
	struct rpsl_stats st;
	struct rsg_error err;
	struct seen s;
	char *big;

	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(rsg__rpsl_parse_buf("t.db", "route: 1\n\0x\n", 12,
			     seen_cb, &s, &st, &err),
	    RSG_EPARSE);
	ck_assert_str_eq(
	    err.message, "t.db:2:1: a NUL byte: this is no RPSL text");

	big = rsg__malloc(RPSL_MAX_LINE + 10);
	memset(big, 'x', RPSL_MAX_LINE + 9);
	big[RPSL_MAX_LINE + 9] = '\0';
	ck_assert_int_eq(parse(big, &s, &st, &err), RSG_EPARSE);
	ck_assert_ptr_nonnull(strstr(err.message, "t.db:1: a line longer"));
	rsg__free(big);

	/* a directory, a FIFO: refused by name */
	ck_assert_int_eq(
	    rsg__rpsl_parse_file(tu_data("irr"), seen_cb, &s, &st, &err),
	    RSG_EIO);
	ck_assert_ptr_nonnull(strstr(err.message, "directory"));
}
END_TEST

/* Fed in chunks cut anywhere, the reader sees the same objects. */
START_TEST(test_chunks)
{
	static const char text[] =
	    "as-set: AS-A\nmembers: AS1,\n AS2\nsource: X\n\n"
	    "route: 192.0.2.0/24\r\norigin: AS7\n\n"
	    "mntner: M\n\nroute6: 2001:db8::/48\norigin: AS8";
	size_t len = strlen(text);

	for (size_t cut = 0; cut <= len; cut++) {
		struct rpsl_reader r;
		struct rsg_error err;
		struct seen s;

		memset(&s, 0, sizeof(s));
		rsg__rpsl_init(&r, "c", seen_cb, &s);
		ck_assert_int_eq(rsg__rpsl_feed(&r, text, cut, &err), 0);
		ck_assert_int_eq(
		    rsg__rpsl_feed(&r, text + cut, len - cut, &err), 0);
		ck_assert_int_eq(rsg__rpsl_finish(&r, &err), 0);
		ck_assert_uint_eq(s.n[RPSL_AS_SET], 1);
		ck_assert_uint_eq(s.n[RPSL_ROUTE], 1);
		ck_assert_uint_eq(s.n[RPSL_ROUTE6], 1);
		ck_assert_uint_eq(r.st.other, 1);
		ck_assert_uint_eq(s.last_origin, 8);
		ck_assert_str_eq(s.members, "AS1, AS2");
		rsg__rpsl_free(&r);
	}
}
END_TEST

/* ------------------------------------------------------------------ */
/* irr                                                                 */

static const char SETS[] =
    "as-set: AS-TOP\nmembers: AS64496, AS-MID, as-mid2\nsource: TEST\n\n"
    "as-set: AS-MID\nmembers: AS64497, AS-LEAF, AS-TOP\nsource: TEST\n\n"
    "as-set: AS-MID2\nmembers: AS-LEAF, AS-NOWHERE, AS-ANY, RS-FOO\n"
    "source: TEST\n\n"
    "as-set: AS-LEAF\nmembers: AS64498 AS64499\nsource: TEST\n\n"
    "as-set: AS-SELF\nmembers: AS-SELF, AS1\nsource: TEST\n\n"
    "as-set: AS64496:AS-CUSTOMERS\nmembers: AS65536\nsource: TEST\n\n"
    "as-set: AS-TWO\nmembers: AS1\nsource: TEST\n\n"
    "as-set: AS-TWO\nmembers: AS2\nsource: OTHER\n\n"
    "route-set: RS-FOO\nmembers: 192.0.2.0/24, AS-LEAF\nsource: TEST\n";

static void
expand_ok(const struct irr_db *db, const char *name, const char *want)
{
	struct irr_expansion x;
	struct rsg_error err;
	char got[512] = "";
	size_t o = 0;

	ck_assert_int_eq(rsg__irr_expand(db, name, NULL, &x, &err), 0);
	for (size_t i = 0; i < x.nasns && o < sizeof(got) - 12; i++)
		o += (size_t)snprintf(
		    got + o, sizeof(got) - o, "%s%u", i ? " " : "", x.asns[i]);
	ck_assert_msg(
	    strcmp(got, want) == 0, "%s: %s, not %s", name, got, want);
	rsg__irr_expansion_free(&x);
}

START_TEST(test_expand)
{
	struct irr_db db;
	struct irr_expansion x;
	struct rsg_error err;
	const char *order[] = { "OTHER", "TEST" };

	rsg__irr_db_init(&db);
	ck_assert_int_eq(rsg__irr_db_set_sources(&db, order, 2, false), 0);
	ck_assert_int_eq(rsg__irr_db_add_rpsl_buf(
			     &db, "sets", SETS, strlen(SETS), NULL, NULL, &err),
	    0);
	/* nesting, a cycle back to the top, duplicates */
	expand_ok(&db, "AS-TOP", "64496 64497 64498 64499");
	expand_ok(&db, "as-top", "64496 64497 64498 64499");
	expand_ok(&db, "AS-SELF", "1");
	expand_ok(&db, "AS64496:AS-CUSTOMERS", "65536");
	expand_ok(&db, "AS64500", "64500");
	/* source order, and a source named */
	expand_ok(&db, "AS-TWO", "2");
	expand_ok(&db, "TEST::AS-TWO", "1");
	expand_ok(&db, "test::as-two", "1");

	/* a missing member is reported, the rest used */
	ck_assert_int_eq(rsg__irr_expand(&db, "AS-MID2", NULL, &x, &err), 0);
	ck_assert_uint_eq(x.nasns, 2);
	ck_assert_uint_eq(x.missing, 1);
	ck_assert_str_eq(
	    x.note, "AS-MID2: member AS-NOWHERE: no such set in any source");
	rsg__irr_expansion_free(&x);

	ck_assert_int_eq(
	    rsg__irr_expand(&db, "AS-NOWHERE", NULL, &x, &err), RSG_ENOENT);
	ck_assert_str_eq(
	    err.message, "AS-NOWHERE: no such as-set in the IRR sources");
	ck_assert_int_eq(
	    rsg__irr_expand(&db, "NOPE::AS-TOP", NULL, &x, &err), RSG_ENOENT);
	ck_assert_int_eq(
	    rsg__irr_expand(&db, "RS-FOO", NULL, &x, &err), RSG_ENOENT);
	rsg__irr_db_free(&db);
}
END_TEST

static int
grow(char **v, size_t *cap, size_t need)
{
	return need <= *cap ? 0 : rsg__vec_grow((void **)v, cap, need, 1);
}

START_TEST(test_caps)
{
	struct irr_db db;
	struct irr_expansion x;
	struct irr_expand_opts o = { 0 };
	struct rsg_error err;
	char *text = NULL;
	size_t len = 0, cap = 0;

	/* AS-D1 > AS-D2 > ... > AS-D40, each with one ASN; AS-BIG: 5000 */
	rsg__irr_db_init(&db);
	for (unsigned i = 1; i <= 41; i++) {
		char obj[256];
		int n;

		if (i <= 40)
			n = snprintf(obj, sizeof(obj),
			    "as-set: AS-D%u\nmembers: AS%u, AS-D%u\n\n", i, i,
			    i + 1);
		else
			n = snprintf(
			    obj, sizeof(obj), "as-set: AS-BIG\nmembers: AS-D1");
		ck_assert_int_eq(grow(&text, &cap, len + (size_t)n + 1), 0);
		memcpy(text + len, obj, (size_t)n + 1);
		len += (size_t)n;
	}
	for (unsigned i = 0; i < 5000; i++) {
		char m[24];
		int n = snprintf(m, sizeof(m), ", AS%u", 100000 + i);

		ck_assert_int_eq(grow(&text, &cap, len + (size_t)n + 2), 0);
		memcpy(text + len, m, (size_t)n + 1);
		len += (size_t)n;
	}
	ck_assert_int_eq(
	    rsg__irr_db_add_rpsl_buf(&db, "caps", text, len, "X", NULL, &err),
	    0);

	/* deeper than the cap: cut, said */
	o.max_depth = 10;
	ck_assert_int_eq(rsg__irr_expand(&db, "AS-D1", &o, &x, &err), 0);
	ck_assert_uint_eq(x.nasns, 10);
	ck_assert_uint_eq(x.depth, 10);
	ck_assert_uint_eq(x.cut, 1);
	ck_assert_str_eq(
	    x.note, "AS-D10: member AS-D11: deeper than the depth cap");
	rsg__irr_expansion_free(&x);
	ck_assert_int_eq(rsg__irr_expand(&db, "AS-D1", NULL, &x, &err), 0);
	/* the default (64, deeper than IRRd users meet): all of it */
	ck_assert_uint_eq(x.nasns, 40);
	ck_assert_uint_eq(x.depth, 40);
	ck_assert_uint_eq(x.cut, 0);
	ck_assert_uint_eq(x.missing, 1); /* AS-D41 */
	rsg__irr_expansion_free(&x);

	/* larger than the ASN cap: an error, nothing half */
	o.max_depth = 64;
	o.max_asns = 1000;
	ck_assert_int_eq(
	    rsg__irr_expand(&db, "AS-BIG", &o, &x, &err), RSG_ERANGE);
	ck_assert_ptr_null(x.asns);
	ck_assert_ptr_nonnull(
	    strstr(err.message, "AS-BIG: expands to more than 1000 ASNs"));
	o.max_asns = 5040;
	ck_assert_int_eq(rsg__irr_expand(&db, "AS-BIG", &o, &x, &err), 0);
	ck_assert_uint_eq(x.nasns, 5040);
	rsg__irr_expansion_free(&x);
	rsg__free(text);
	rsg__irr_db_free(&db);
}
END_TEST

/* ------------------------------------------------------------------ */
/* rsg_check() with IRR sources                                        */

static const char irr_config[] =
    "general:\n"
    "  rs_as: 64496\n"
    "  filtering:\n"
    "    irrdb:\n"
    "      use_rpki_roas_as_route_objects: {enabled: false}\n"
    "      use_arin_bulk_whois_data: {enabled: true}\n"
    "      peering_db: true\n"
    "    rpki_bgp_origin_validation: {enabled: false}\n"
    "  communities:\n"
    "    origin_present_in_as_set: {lrg: \"rs_as:64512:11\"}\n"
    "    origin_not_present_in_as_set: {lrg: \"rs_as:64512:10\"}\n"
    "    prefix_present_in_as_set: {lrg: \"rs_as:64512:21\"}\n"
    "    prefix_not_present_in_as_set: {lrg: \"rs_as:64512:20\"}\n"
    "    route_validated_via_white_list: {lrg: \"rs_as:64512:30\"}\n"
    "    prefix_validated_via_arin_whois_db_dump: {lrg: "
    "\"rs_as:64512:40\"}\n"
    "sources:\n"
    "  irr: [\"%s\", \"%s\", \"%s\"]\n"
    "  irr_sources: [TEST, RIPE]\n"
    "  arin_whois: \"%s\"\n"
    "  peeringdb: \"%s\"\n"
    "clients:\n"
    "  - {asn: 64499, ip: 185.0.0.10, cfg: {filtering: {irrdb: "
    "{as_sets: [AS-FLAT]}}}}\n"
    "  - {asn: 1273, ip: 185.0.0.20}\n"
    "  - {asn: 64500, ip: 185.0.0.30, cfg: {filtering: {irrdb: "
    "{as_sets: [AS-NOWHERE], enforce_prefix_in_as_set: false}}}}\n"
    "  - {asn: 3320, ip: 185.0.0.40, cfg: {filtering: {irrdb: "
    "{as_sets: [AS-FLAT], allow_longer_prefixes: true}}}}\n"
    "  - asn: 64510\n"
    "    ip: 185.0.0.50\n"
    "    cfg:\n"
    "      filtering:\n"
    "        irrdb:\n"
    "          white_list_asn: [5425]\n"
    "          white_list_pref: [{prefix: 194.154.0.0, length: 16, "
    "le: 24}]\n"
    "          white_list_route: [{prefix: 195.0.0.0, length: 16, le: 24, "
    "asn: 64511}]\n"
    "  - {asn: 64502, ip: 185.0.0.60}\n"
    "  - {asn: 64504, ip: 185.0.0.70}\n"
    "  - {asn: 64505, ip: 185.0.0.80}\n";

static struct rsg_ctx *
irr_ctx(void)
{
	struct rsg_config *cfg;
	struct rsg_ctx *c;
	char text[8192];

	char f[5][1024];
	static const char *const rel[5] = { "irr/constructed.db",
		"irr/ripe.db.route_head_2016.txt",
		"irr/ripe.db.route6_head_2016.txt", "irr/arin-whois.json",
		"irr/peeringdb-irr.json" };

	/* tu_data() has four buffers */
	for (unsigned k = 0; k < 5; k++)
		snprintf(f[k], sizeof(f[k]), "%s", tu_data(rel[k]));
	snprintf(text, sizeof(text), irr_config, f[0], f[1], f[2], f[3], f[4]);
	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_msg(
	    rsg_config_load_string(cfg, text, strlen(text), "irr.yml") == 0,
	    "%s", rsg_config_error(cfg, 0));
	ck_assert_int_eq(rsg_ctx_new(cfg, &c), 0);
	rsg_config_free(cfg);
	ck_assert_msg(rsg_ctx_load(c) == 0, "%s", rsg_ctx_errmsg(c));
	return c;
}

static int
irr_run(struct rsg_ctx *c, struct rsg_verdict *v, const char *peer,
    uint32_t peer_as, const char *prefix, const char *path)
{
	static uint8_t pbuf[256];
	struct rsg_route r;
	struct rsg_error err;

	memset(&r, 0, sizeof(r));
	r.peer_ip = tu_ip(peer);
	r.peer_asn = peer_as;
	r.next_hop = r.peer_ip;
	r.prefix = tu_pfx(prefix);
	ck_assert_int_eq(
	    rsg_path_from_text(path, pbuf, sizeof(pbuf), &r.as_path_len, &err),
	    0);
	r.as_path = pbuf;
	rsg_verdict_init(v);
	return rsg_check(c, &r, v);
}

static bool
lc(const struct rsg_verdict *v, uint32_t d1, uint32_t d2)
{
	for (unsigned i = 0; i < v->n_communities; i++)
		if (v->communities[i].asn == 64496
		    && v->communities[i].data1 == d1
		    && v->communities[i].data2 == d2)
			return true;
	return false;
}

START_TEST(test_check)
{
	struct rsg_ctx *c = irr_ctx();
	struct rsg_verdict v;

	/* origin AS3320 in AS-FLAT, its route object 193.103.152.0/22 */
	ck_assert_int_eq(irr_run(c, &v, "185.0.0.10", 64499, "193.103.152.0/22",
			     "64499 3320"),
	    0);
	ck_assert(!rsg_verdict_has(&v, RSG_R_IRR_ORIGIN));
	ck_assert(!rsg_verdict_has(&v, RSG_R_IRR_PREFIX));
	ck_assert_uint_eq(v.irr, RSG_IRR_VALID);
	ck_assert(lc(&v, 64512, 11) && lc(&v, 64512, 21));

	/* exact only: a more-specific has no route object */
	irr_run(c, &v, "185.0.0.10", 64499, "193.103.153.0/24", "64499 3320");
	ck_assert(!rsg_verdict_has(&v, RSG_R_IRR_ORIGIN));
	ck_assert(rsg_verdict_has(&v, RSG_R_IRR_PREFIX));
	ck_assert_uint_eq(v.irr, RSG_IRR_INVALID);
	ck_assert(lc(&v, 64512, 11) && lc(&v, 64512, 20));
	ck_assert(lc(&v, 1101, 9)); /* Euro-IX: prefix not in AS-SET */
	/* ... allowed with allow_longer_prefixes */
	irr_run(c, &v, "185.0.0.40", 3320, "193.103.153.0/24", "3320");
	ck_assert(!rsg_verdict_has(&v, RSG_R_IRR_PREFIX));

	/* a route object of another origin of the set counts (bgpq4 -A
	 * route set), an origin outside the set does not */
	irr_run(c, &v, "185.0.0.10", 64499, "194.154.130.0/24", "64499 3320");
	ck_assert(!rsg_verdict_has(&v, RSG_R_IRR_PREFIX));
	irr_run(c, &v, "185.0.0.10", 64499, "193.254.30.0/24", "64499 12726");
	ck_assert(rsg_verdict_has(&v, RSG_R_IRR_ORIGIN));
	ck_assert(rsg_verdict_has(&v, RSG_R_IRR_PREFIX));
	ck_assert(lc(&v, 1101, 10) && lc(&v, 64512, 10));
	for (unsigned i = 0; i < v.n_details; i++)
		if (v.details[i].reason == RSG_R_IRR_ORIGIN)
			ck_assert_uint_eq(v.details[i].asn, 12726);
	/* the reasons name the AS-SET and the route object there is */
	ck_assert_str_eq(v.irr_as_set, "AS-FLAT");
	{
		char text[2048];
		struct rsg_route r;

		rsg_explain(&v, text, sizeof(text));
		ck_assert_msg(strstr(text,
				  "origin AS12726 is not in AS-SET "
				  "AS-FLAT\n")
			&& strstr(text,
			    "no route object for 193.254.30.0/24 with an "
			    "origin in AS-SET AS-FLAT (the route object for "
			    "193.254.30.0/24 has origin AS12726, not in it)"),
		    "%s", text);
		memset(&r, 0, sizeof(r));
		r.prefix = tu_pfx("193.254.30.0/24");
		ck_assert_uint_lt(
		    rsg_verdict_json(&v, &r, text, sizeof(text)), sizeof(text));
		ck_assert_msg(strstr(text, "\"as_set\":\"AS-FLAT\"")
			&& strstr(text, "\"route_object_origin_as\":12726")
			&& strstr(text, "add AS12726 to AS-SET AS-FLAT"),
		    "%s", text);
	}
	/* valid: no AS-SET in the verdict */
	irr_run(c, &v, "185.0.0.10", 64499, "193.103.152.0/22", "64499 3320");
	ck_assert_str_eq(v.irr_as_set, "");

	/* no AS-SET: the client's own ASN and its route objects */
	irr_run(c, &v, "185.0.0.20", 1273, "195.2.0.0/19", "1273");
	ck_assert_uint_eq(v.irr, RSG_IRR_VALID);
	irr_run(c, &v, "185.0.0.20", 1273, "194.154.130.0/24", "1273 5425");
	ck_assert(rsg_verdict_has(&v, RSG_R_IRR_ORIGIN));
	ck_assert_str_eq(v.irr_as_set, "AS1273");
	{
		char text[1024];

		rsg_explain(&v, text, sizeof(text));
		ck_assert_msg(strstr(text,
				  "origin AS5425 is not in AS1273 (no "
				  "AS-SET: its own ASN)"),
		    "%s", text);
	}

	/* a set no source has: the own ASN only; prefix not enforced */
	irr_run(c, &v, "185.0.0.30", 64500, "194.154.130.0/24", "64500 5425");
	ck_assert(rsg_verdict_has(&v, RSG_R_IRR_ORIGIN));
	ck_assert(!rsg_verdict_has(&v, RSG_R_IRR_PREFIX));
	ck_assert(lc(&v, 64512, 20)); /* tagged all the same */

	/* white lists: an origin, prefixes, a route */
	irr_run(c, &v, "185.0.0.50", 64510, "194.154.200.0/24", "64510 5425");
	ck_assert(!rsg_verdict_has(&v, RSG_R_IRR_ORIGIN));
	ck_assert(!rsg_verdict_has(&v, RSG_R_IRR_PREFIX));
	irr_run(c, &v, "185.0.0.50", 64510, "195.0.10.0/24", "64510 64511");
	ck_assert(!rsg_verdict_has(&v, RSG_R_IRR_ORIGIN));
	ck_assert(!rsg_verdict_has(&v, RSG_R_IRR_PREFIX));
	ck_assert(lc(&v, 64512, 30));
	irr_run(c, &v, "185.0.0.50", 64510, "195.0.10.0/24", "64510 64512");
	ck_assert(rsg_verdict_has(&v, RSG_R_IRR_ORIGIN));
	ck_assert(rsg_verdict_has(&v, RSG_R_IRR_PREFIX));
	ck_assert(!lc(&v, 64512, 30));

	/* ARIN whois records of the origin stand for route objects */
	irr_run(c, &v, "185.0.0.60", 64502, "198.51.100.0/24", "64502");
	ck_assert(!rsg_verdict_has(&v, RSG_R_IRR_PREFIX));
	ck_assert_uint_eq(v.irr, RSG_IRR_VALID);
	ck_assert(lc(&v, 64512, 40) && lc(&v, 64512, 20));
	irr_run(c, &v, "185.0.0.60", 64502, "198.51.100.0/25", "64502");
	ck_assert(rsg_verdict_has(&v, RSG_R_IRR_PREFIX)); /* exact only */
	irr_run(c, &v, "185.0.0.70", 64504, "203.0.113.0/24", "64504");
	ck_assert(
	    !rsg_verdict_has(&v, RSG_R_IRR_PREFIX)); /* "AS64503 AS64504" */
	irr_run(c, &v, "185.0.0.60", 64502, "203.0.113.0/24", "64502");
	ck_assert(rsg_verdict_has(&v, RSG_R_IRR_PREFIX)); /* not its origin */

	/* no AS-SET configured: PeeringDB's irr_as_set (peering_db) */
	irr_run(c, &v, "185.0.0.80", 64505, "192.0.2.80/28", "64505 64501");
	ck_assert(!rsg_verdict_has(&v, RSG_R_IRR_ORIGIN));
	ck_assert(!rsg_verdict_has(&v, RSG_R_IRR_PREFIX));
	irr_run(c, &v, "185.0.0.80", 64505, "192.0.2.112/28", "64505 64503");
	ck_assert(!rsg_verdict_has(&v, RSG_R_IRR_ORIGIN));
	irr_run(c, &v, "185.0.0.80", 64505, "192.0.2.112/28", "64505 64500");
	ck_assert(rsg_verdict_has(&v, RSG_R_IRR_ORIGIN));

	/* no client: no IRR check */
	ck_assert_int_eq(
	    irr_run(c, &v, "185.0.0.99", 64501, "195.2.0.0/19", "64501 1273"),
	    RSG_ENOCLIENT);
	ck_assert_uint_eq(v.irr, RSG_IRR_NOT_CHECKED);
	rsg_ctx_free(c);
}
END_TEST

/* ------------------------------------------------------------------ */
/* bgpq4 -j lists                                                      */

static bool
list_allows(const struct irr_list *l, const char *pfx, bool longer)
{
	struct rsg_prefix p = tu_pfx(pfx);

	for (size_t i = 0; i < l->ent.n; i++)
		if (rsg__irr_lent_match(&l->ent.v[i], &p, longer))
			return true;
	return false;
}

START_TEST(test_bgpq4)
{
	struct irr_db db;
	struct rsg_error err;
	const struct irr_list *l;

	/* bgpq4's own output: -4, -6, -t, -A -R 28, concatenated */
	rsg__irr_db_init(&db);
	ck_assert_msg(
	    rsg__irr_db_add_bgpq4_file(&db, tu_data("irr/bgpq4.json"), &err)
		== 0,
	    "%s", err.message);
	rsg__irr_db_finish(&db);
	ck_assert_uint_eq(db.lists.n, 3);
	ck_assert_ptr_nonnull(l = rsg__irr_db_list(&db, "as-flat", 7));
	ck_assert(l->pfx && l->asn);
	ck_assert_uint_eq(l->ent.n, 18);
	ck_assert_uint_eq(l->asns.n, 2);
	ck_assert_uint_eq(l->asns.v[0], 3320);
	ck_assert_uint_eq(l->asns.v[1], 5425);
	ck_assert(list_allows(l, "193.103.152.0/22", false));
	ck_assert(!list_allows(l, "193.103.153.0/24", false));
	ck_assert(list_allows(l, "193.103.153.0/24", true));
	ck_assert(list_allows(l, "2001:db8:1001::/48", false));
	ck_assert(!list_allows(l, "2001:db8:1003::/48", false));
	ck_assert_ptr_nonnull(l = rsg__irr_db_list(&db, "AS-NEST-1", 9));
	/* 192.0.2.64/27 ge 28 le 28 (-A), 195.2.0.0/19 le 28 (-R 28) */
	ck_assert(list_allows(l, "192.0.2.80/28", false));
	ck_assert(!list_allows(l, "192.0.2.64/27", false));
	ck_assert(!list_allows(l, "192.0.2.80/29", false));
	ck_assert(list_allows(l, "195.2.0.0/19", false));
	ck_assert(list_allows(l, "195.2.31.240/28", false));
	ck_assert(!list_allows(l, "195.2.31.248/29", false));
	ck_assert(list_allows(l, "195.2.31.248/29", true));
	ck_assert(!list_allows(l, "195.2.32.0/24", true));
	ck_assert_ptr_nonnull(l = rsg__irr_db_list(&db, "AS64496", 7));
	ck_assert(l->pfx && !l->asn && l->ent.n == 0);
	ck_assert_ptr_null(rsg__irr_db_list(&db, "AS-NONE", 7));
	/* ids differ and stay (they come from the names) */
	ck_assert_uint_ne(db.lists.v[0].id, db.lists.v[1].id);
	ck_assert_uint_lt(db.lists.v[0].id, 1u << IRR_LIST_ID_BITS);
	rsg__irr_db_free(&db);

	/* broken files: named with line and column, nothing kept */
	static const struct {
		const char *text, *want;
	} bad[] = {
		{ "[1, 2]", "bgpq4.json:1:1: expected an object" },
		{ "{ \"X\": [ { \"prefix\": \"192.0.2.1/24\", \"exact\": true "
		  "} "
		  "] }",
		    "1:22: \"192.0.2.1/24\" is no prefix" },
		{ "{ \"X\": [ { \"prefix\": \"192.0.2.0/24\", \"exact\": "
		  "false, "
		  "\"less-equal\": 20 } ] }",
		    "1:10: lengths 24-20 do not fit a /24" },
		{ "{ \"X\": [ 1, { \"prefix\": \"192.0.2.0/24\" } ] }",
		    "mixes prefixes and AS numbers" },
		{ "{ \"X\": [ 4294967296 ] }", "1:10: AS number" },
		{ "{ \"X\": [ { \"exact\": true } ] }",
		    "1:10: prefix entry without \"prefix\"" },
		{ "{ \"X\": 5 }", "1:8: expected an array" },
		{ "{ \"X\": [ 1 ] } { \"Y\": [ 2 ]", "bgpq4.json:1:" },
		{ "{ \"X\": [ 1 ] } x", "bgpq4.json:1:" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		rsg__irr_db_init(&db);
		err.message[0] = '\0';
		ck_assert_int_ne(rsg__irr_db_add_bgpq4_buf(&db, "bgpq4.json",
				     bad[i].text, strlen(bad[i].text), &err),
		    0);
		ck_assert_msg(strstr(err.message, bad[i].want) != NULL,
		    "%zu: \"%s\" lacks \"%s\"", i, err.message, bad[i].want);
		ck_assert_uint_eq(db.lists.n, 0);
		rsg__irr_db_free(&db);
	}
}
END_TEST

static const char bgpq4_config[] =
    "general:\n"
    "  rs_as: 64496\n"
    "  filtering:\n"
    "    rpki_bgp_origin_validation: {enabled: false}\n"
    "sources:\n"
    "  bgpq4: [\"%s\"]\n"
    "clients:\n"
    "  - {asn: 64499, ip: 185.0.0.10, cfg: {filtering: {irrdb: "
    "{as_sets: [\"RIPE::AS-FLAT\"]}}}}\n"
    "  - {asn: 1273, ip: 185.0.0.20, cfg: {filtering: {irrdb: "
    "{as_sets: [AS-NEST-1]}}}}\n"
    "  - {asn: 64496, ip: 185.0.0.30}\n"
    "  - {asn: 64500, ip: 185.0.0.40, cfg: {filtering: {irrdb: "
    "{as_sets: [AS-FLAT], allow_longer_prefixes: true}}}}\n";

START_TEST(test_bgpq4_check)
{
	struct rsg_config *cfg;
	struct rsg_ctx *c;
	struct rsg_verdict v;
	char text[2048];

	snprintf(text, sizeof(text), bgpq4_config, tu_data("irr/bgpq4.json"));
	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_msg(
	    rsg_config_load_string(cfg, text, strlen(text), "b.yml") == 0, "%s",
	    rsg_config_error(cfg, 0));
	ck_assert_int_eq(rsg_ctx_new(cfg, &c), 0);
	rsg_config_free(cfg);
	ck_assert_msg(rsg_ctx_load(c) == 0, "%s", rsg_ctx_errmsg(c));

	/* bgpq4's lists alone: origins from -t, prefixes from -4/-6 */
	irr_run(c, &v, "185.0.0.10", 64499, "193.103.152.0/22", "64499 3320");
	ck_assert_uint_eq(v.irr, RSG_IRR_VALID);
	irr_run(c, &v, "185.0.0.10", 64499, "2001:db8:1000::/48", "64499 5425");
	ck_assert_uint_eq(v.irr, RSG_IRR_VALID);
	irr_run(c, &v, "185.0.0.10", 64499, "193.103.153.0/24", "64499 3320");
	ck_assert(!rsg_verdict_has(&v, RSG_R_IRR_ORIGIN));
	ck_assert(rsg_verdict_has(&v, RSG_R_IRR_PREFIX));
	irr_run(c, &v, "185.0.0.10", 64499, "193.103.152.0/22", "64499 1273");
	ck_assert(rsg_verdict_has(&v, RSG_R_IRR_ORIGIN));
	ck_assert(!rsg_verdict_has(&v, RSG_R_IRR_PREFIX));
	/* ranges as bgpq4 -A and -R wrote them */
	irr_run(c, &v, "185.0.0.20", 1273, "192.0.2.80/28", "1273");
	ck_assert_uint_eq(v.irr, RSG_IRR_VALID);
	irr_run(c, &v, "185.0.0.20", 1273, "192.0.2.64/27", "1273");
	ck_assert(rsg_verdict_has(&v, RSG_R_IRR_PREFIX));
	irr_run(c, &v, "185.0.0.20", 1273, "195.2.16.0/20", "1273");
	ck_assert_uint_eq(v.irr, RSG_IRR_VALID);
	irr_run(c, &v, "185.0.0.20", 1273, "195.2.16.0/29", "1273");
	ck_assert(rsg_verdict_has(&v, RSG_R_IRR_PREFIX));
	/* another client's list is not its own */
	irr_run(c, &v, "185.0.0.20", 1273, "193.103.152.0/22", "1273");
	ck_assert(rsg_verdict_has(&v, RSG_R_IRR_PREFIX));
	/* no AS-SET: the list of its "AS<n>", empty here */
	irr_run(c, &v, "185.0.0.30", 64496, "192.0.2.0/24", "64496");
	ck_assert(!rsg_verdict_has(&v, RSG_R_IRR_ORIGIN));
	ck_assert(rsg_verdict_has(&v, RSG_R_IRR_PREFIX));
	/* allow_longer_prefixes goes past less-equal */
	irr_run(c, &v, "185.0.0.40", 64500, "193.103.153.0/24", "64500 3320");
	ck_assert_uint_eq(v.irr, RSG_IRR_VALID);
	rsg_ctx_free(c);
}
END_TEST

/* What the IRR registers for a client: its lists' entries and the route
 * objects of its origins, sorted, IPv4 first. */
START_TEST(test_registered)
{
	struct rsg_config *cfg;
	struct rsg_ctx *c;
	struct rsg_registered *r;
	struct rsg_ip ip = tu_ip("185.0.0.20");
	char text[2048], set[64], p[64];
	size_t n;

	snprintf(text, sizeof(text), bgpq4_config, tu_data("irr/bgpq4.json"));
	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_int_eq(
	    rsg_config_load_string(cfg, text, strlen(text), "b.yml"), 0);
	ck_assert_int_eq(rsg_ctx_new(cfg, &c), 0);
	rsg_config_free(cfg);
	/* nothing loaded yet */
	ck_assert_int_eq(
	    rsg_irr_registered(c, &ip, 1273, set, sizeof(set), &r, &n),
	    RSG_ENODATA);
	ck_assert_int_eq(rsg_ctx_load(c), 0);
	ck_assert_int_eq(
	    rsg_irr_registered(c, &ip, 1273, set, sizeof(set), &r, &n), 0);
	ck_assert_str_eq(set, "AS-NEST-1");
	ck_assert_uint_eq(n, 3);
	rsg_prefix_format(&r[0].prefix, p, sizeof(p));
	ck_assert_str_eq(p, "192.0.2.48/28");
	ck_assert(r[0].origin == 0 && r[0].min_len == 28 && r[0].max_len == 28);
	rsg_prefix_format(&r[1].prefix, p, sizeof(p));
	ck_assert_str_eq(p, "192.0.2.64/27");
	ck_assert(r[1].min_len == 28 && r[1].max_len == 28);
	rsg_prefix_format(&r[2].prefix, p, sizeof(p));
	ck_assert_str_eq(p, "195.2.0.0/19");
	ck_assert(r[2].min_len == 19 && r[2].max_len == 28);
	rsg_free(r);
	/* both families, IPv4 first; another client's lists are not its */
	ip = tu_ip("185.0.0.10");
	ck_assert_int_eq(rsg_irr_registered(c, &ip, 64499, NULL, 0, &r, &n), 0);
	ck_assert_uint_eq(n, 18);
	ck_assert_uint_eq(r[0].prefix.ip.afi, RSG_AFI_IPV4);
	ck_assert_uint_eq(r[17].prefix.ip.afi, RSG_AFI_IPV6);
	for (size_t i = 0; i < n; i++) {
		rsg_prefix_format(&r[i].prefix, p, sizeof(p));
		ck_assert_str_ne(p, "195.2.0.0/19");
	}
	rsg_free(r);
	/* the wrong ASN: no such client */
	ck_assert_int_eq(
	    rsg_irr_registered(c, &ip, 64500, NULL, 0, &r, &n), RSG_ENOCLIENT);
	ck_assert_ptr_null(r);
	rsg_ctx_free(c);

	/* route objects: those of the set's origins and the client's ASN */
	c = irr_ctx();
	ip = tu_ip("185.0.0.10");
	ck_assert_int_eq(
	    rsg_irr_registered(c, &ip, 64499, set, sizeof(set), &r, &n), 0);
	ck_assert_str_eq(set, "AS-FLAT");
	ck_assert_uint_gt(n, 0);
	{
		bool found = false;

		for (size_t i = 0; i < n; i++) {
			struct rsg_verdict v;

			ck_assert(r[i].origin != 0);
			ck_assert(r[i].min_len == r[i].prefix.len);
			if (i > 0)
				ck_assert(
				    memcmp(&r[i - 1], &r[i], sizeof(*r)) != 0);
			rsg_prefix_format(&r[i].prefix, p, sizeof(p));
			found |= strcmp(p, "193.103.152.0/22") == 0
			    && r[i].origin == 3320;
			/* each is a route the checks accept from this
			 * origin */
			if (r[i].prefix.ip.afi == RSG_AFI_IPV4) {
				char path[32];

				snprintf(path, sizeof(path), "64499 %u",
				    r[i].origin);
				irr_run(c, &v, "185.0.0.10", 64499, p, path);
				ck_assert_msg(
				    v.irr == RSG_IRR_VALID, "%s %s", p, path);
			}
		}
		ck_assert(found);
	}
	rsg_free(r);
	rsg_ctx_free(c);
}
END_TEST

START_TEST(test_pdb_as_sets)
{
	char out[8][RPSL_MAX_KEY + 1];
	size_t n = rsg__irr_pdb_as_sets(
	    "ipv4:AS-FOO@RIPE, ipv6:ripe:as-bar / RADB::AS-BAZ & AS-FOO@RIPE "
	    "AS64496 AS-BAD! notaset AS-X@NOWHERE AS64496:AS-CUST",
	    out, 8);

	ck_assert_uint_eq(n, 5);
	ck_assert_str_eq(out[0], "RIPE::AS-FOO");
	ck_assert_str_eq(out[1], "RIPE::AS-BAR");
	ck_assert_str_eq(out[2], "RADB::AS-BAZ");
	ck_assert_str_eq(out[3], "AS64496");
	ck_assert_str_eq(out[4], "AS64496:AS-CUST");
	ck_assert_uint_eq(rsg__irr_pdb_as_sets("", out, 8), 0);
	ck_assert_uint_eq(rsg__irr_pdb_as_sets(NULL, out, 8), 0);
	ck_assert_uint_eq(rsg__irr_pdb_as_sets("AS-A AS-B AS-C", out, 2), 2);
}
END_TEST

/* Small sets are searched, large ones hashed: the same answers. */
START_TEST(test_asnset)
{
	static uint32_t v[5000];
	struct asnset s;
	uint32_t x = 12345;

	for (size_t n = 0; n <= 5000; n = n ? n * 3 : 1) {
		for (size_t i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			v[i] = (i % 7 == 0) ? (uint32_t)i : x;
		}
		ck_assert_int_eq(rsg__asnset_build(&s, v, n), 0);
		ck_assert((s.h != NULL) == (s.n > ASNSET_HASH_MIN));
		for (size_t i = 0; i < n; i++)
			ck_assert(rsg__asnset_has(&s, v[i]));
		for (size_t i = 1; i < s.n; i++) {
			ck_assert(s.v[i - 1] < s.v[i]);
			if (s.v[i] - s.v[i - 1] > 1)
				ck_assert(!rsg__asnset_has(&s, s.v[i] - 1));
		}
		ck_assert(rsg__asnset_has(&s, 0) == (n > 0));
		ck_assert(!rsg__asnset_has(&s, UINT32_MAX) || n > 0);
		rsg__asnset_free(&s);
	}
}
END_TEST

Suite *
irr_suite(void)
{
	Suite *s = suite_create("irr");
	TCase *tc = tcase_create("rpsl");

	tcase_add_test(tc, test_ripe_heads);
	tcase_add_test(tc, test_sample);
	tcase_add_test(tc, test_forms);
	tcase_add_test(tc, test_skipped);
	tcase_add_test(tc, test_not_rpsl);
	tcase_add_test(tc, test_chunks);
	suite_add_tcase(s, tc);
	tc = tcase_create("irr");
	tcase_add_test(tc, test_expand);
	tcase_add_test(tc, test_caps);
	suite_add_tcase(s, tc);
	tc = tcase_create("check");
	tcase_add_test(tc, test_check);
	tcase_add_test(tc, test_bgpq4);
	tcase_add_test(tc, test_bgpq4_check);
	tcase_add_test(tc, test_registered);
	tcase_add_test(tc, test_pdb_as_sets);
	tcase_add_test(tc, test_asnset);
	suite_add_tcase(s, tc);
	return s;
}
