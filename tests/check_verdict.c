/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * verdict: the one JSON encoding of a verdict, rsg_verdict_json(). Every
 * reason gives valid JSON (read back with the library's strict parser)
 * with details and a fix; strings are escaped; the length follows
 * snprintf; a verdict whose size is too small is refused.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "sbuf.h"
#include "suites.h"
#include "testutil.h"

/* What a walk over a document found. */
struct walk {
	const char *key;  /* member whose first string value is wanted */
	char value[2048]; /* that value, "" if none */
	unsigned fixes;   /* non-empty "fix" strings */
	unsigned reasons; /* "reason" members */
};

static struct json J;

static int
walk_value(const struct json_val *v, const char *name, struct walk *w)
{
	struct json_val k, e;
	char kn[64];
	int r;

	if (v->type == JSON_STRING && name != NULL) {
		if (strcmp(name, "fix") == 0 && v->len > 0)
			w->fixes++;
		if (strcmp(name, "reason") == 0)
			w->reasons++;
		if (w->key != NULL && strcmp(name, w->key) == 0
		    && w->value[0] == '\0' && v->len < sizeof(w->value)) {
			memcpy(w->value, v->s, v->len);
			w->value[v->len] = '\0';
		}
	}
	if (v->type == JSON_OBJECT) {
		while ((r = rsg__json_member(&J, &k)) > 0) {
			/* a name is valid only until the next call */
			snprintf(kn, sizeof(kn), "%.*s", (int)k.len, k.s);
			if (rsg__json_next(&J, &e) != 0
			    || walk_value(&e, kn, w) != 0)
				return -1;
		}
		return r;
	}
	if (v->type == JSON_ARRAY) {
		while ((r = rsg__json_element(&J)) > 0) {
			/* elements are found under the array's name */
			if (rsg__json_next(&J, &e) != 0
			    || walk_value(&e, name, w) != 0)
				return -1;
		}
		return r;
	}
	return 0;
}

/* Parse text as one JSON document; fail the test if it is not. */
static void
walk(const char *text, const char *key, struct walk *w)
{
	struct rsg_error err;
	struct json_val v;

	memset(w, 0, sizeof(*w));
	memset(&err, 0, sizeof(err));
	w->key = key;
	rsg__json_init(&J, "verdict.json", text, strlen(text), &err);
	ck_assert_msg(rsg__json_next(&J, &v) == 0 && v.type == JSON_OBJECT
		&& walk_value(&v, NULL, w) == 0 && rsg__json_finish(&J) == 0,
	    "invalid JSON: %s\n%s", err.message, text);
}

/* The first string value of key in text. */
static const char *
get(const char *text, const char *key)
{
	static struct walk w;

	walk(text, key, &w);
	return w.value;
}

static struct rsg_verdict v;
static struct rsg_route route;
static uint8_t path[6];
static const uint32_t std[] = { 0xffff0000u, (64500u << 16) | 7 };
static const struct rsg_ec ext[] = { { 0x0002fbf4u, 0x00000064u } };
static const struct rsg_lc lrg[] = { { 64500, 1, 2 } };
static char out[16384];

static void
setup(void)
{
	memset(&v, 0, sizeof(v));
	rsg_verdict_init(&v);
	v.version = RSG_VERDICT_VERSION;
	v.generation = 42;
	v.rs_as = 64496;
	v.client_asn = 64500;
	v.origin_asn = 64500;
	v.path_len = 1;
	tu_route(&route, path, "185.0.0.10", 64500, "192.0.2.0/24");
	route.communities = std;
	route.n_communities = 2;
	route.ext_communities = ext;
	route.n_ext_communities = 1;
	route.large_communities = lrg;
	route.n_large_communities = 1;
}

/* One failing check with plausible details for any reason. */
static struct rsg_detail *
add(enum rsg_reason r, enum rsg_mode mode)
{
	struct rsg_detail *d = &v.details[v.n_details++];

	memset(d, 0, sizeof(*d));
	d->reason = (uint16_t)r;
	d->mode = (uint8_t)mode;
	v.reasons[r / 64] |= UINT64_C(1) << (r % 64);
	if (mode == RSG_MODE_REJECT)
		v.action = RSG_TAG_AND_REJECT;
	return d;
}

static size_t
encode(const struct rsg_route *r)
{
	size_t n = rsg_verdict_json(&v, r, out, sizeof(out));

	ck_assert_uint_lt(n, sizeof(out));
	ck_assert_uint_eq(n, strlen(out));
	return n;
}

START_TEST(test_every_reason)
{
	for (unsigned r = 0; r < RSG_R_COUNT; r++) {
		for (int with_route = 0; with_route < 2; with_route++) {
			for (int tag = 0; tag < 2; tag++) {
				struct rsg_detail *d;
				struct walk w;
				char want[64];

				setup();
				d = add((enum rsg_reason)r,
				    tag ? RSG_MODE_TAG : RSG_MODE_REJECT);
				d->prefix = tu_pfx("192.0.2.0/24");
				d->asn = 64501;
				d->asn2 = 64502;
				d->value = 1;
				d->limit = 24;
				d->ip = tu_ip("192.0.2.99");
				encode(with_route ? &route : NULL);
				walk(out, "reason", &w);
				ck_assert_str_eq(w.value,
				    rsg_reason_key((enum rsg_reason)r));
				ck_assert_msg(w.fixes == 1,
				    "%s: %u fixes in %s",
				    rsg_reason_key((enum rsg_reason)r), w.fixes,
				    out);
				ck_assert_uint_eq(w.reasons, 1);
				ck_assert_msg(strlen(get(out, "fix")) > 20,
				    "%s: fix '%s'",
				    rsg_reason_key((enum rsg_reason)r),
				    get(out, "fix"));
				ck_assert_str_ne(get(out, "fix"),
				    "ask the IXP about this check");
				snprintf(want, sizeof(want), "64496:%u:%u",
				    tag ? 1102 : 1101,
				    rsg_reason_eix((enum rsg_reason)r));
				ck_assert_str_eq(get(out, "community"), want);
				ck_assert_ptr_null(strstr(out, "(null)"));
				ck_assert_ptr_null(strstr(out, "%"));
				ck_assert_ptr_nonnull(
				    strstr(out, "\"details\":{"));
				ck_assert(with_route
					? strstr(out, "\"route\":{") != NULL
					: strstr(out, "\"route\"") == NULL);
			}
		}
	}
}
END_TEST

/* Fail unless text starts with prefix. */
static void
starts(const char *text, const char *prefix)
{
	ck_assert_msg(strncmp(text, prefix, strlen(prefix)) == 0,
	    "'%s' does not start with '%s'", text, prefix);
}

/* The fix of a verdict with one reason. */
static const char *
fix_of(const struct rsg_route *r)
{
	encode(r);
	return get(out, "fix");
}

START_TEST(test_fixes)
{
	struct rsg_detail *d;

	/* RPKI invalid, origin mismatch */
	v.vrps[0].prefix = tu_pfx("192.0.2.0/24");
	v.vrps[0].max_len = 24;
	v.vrps[0].asn = 64501;
	v.n_vrps = v.n_vrps_total = 1;
	d = add(RSG_R_RPKI_INVALID, RSG_MODE_REJECT);
	d->prefix = tu_pfx("192.0.2.0/24");
	d->asn = 64500;
	d->value = 24;
	ck_assert_str_eq(fix_of(&route),
	    "create a ROA for 192.0.2.0/24 with origin AS64500 and maxLength "
	    "24, or stop announcing it (the existing ROAs authorise other "
	    "origin ASes)");
	/* RPKI invalid, longer than maxLength of the origin's own ROA */
	v.vrps[0].prefix = tu_pfx("192.0.2.0/23");
	v.vrps[0].max_len = 23;
	v.vrps[0].asn = 64500;
	ck_assert_str_eq(fix_of(&route),
	    "create a ROA for 192.0.2.0/24 with origin AS64500 and maxLength "
	    "24 (or raise the maxLength of the ROA for 192.0.2.0/23 AS64500 "
	    "to 24), or stop announcing it");
	/* RPKI not found */
	setup();
	d = add(RSG_R_RPKI_UNKNOWN, RSG_MODE_TAG);
	d->prefix = tu_pfx("2001:db8::/32");
	d->asn = 64500;
	ck_assert_str_eq(fix_of(NULL),
	    "create a ROA for 2001:db8::/32 with origin AS64500 and "
	    "maxLength 32");
	/* ASPA: the customer must list the provider */
	setup();
	d = add(RSG_R_ASPA_INVALID, RSG_MODE_REJECT);
	d->value = 1;
	d->asn = 40544;
	d->asn2 = 174;
	starts(fix_of(&route),
	    "AS40544 must list AS174 as a provider in its "
	    "ASPA object");
	ck_assert_ptr_nonnull(strstr(out,
	    "\"details\":{\"cause\":\"provider_not_listed\","
	    "\"customer_as\":40544,\"provider_as\":174}"));
	/* next hop: the session address */
	setup();
	d = add(RSG_R_NEXT_HOP, RSG_MODE_REJECT);
	d->ip = tu_ip("185.0.0.99");
	starts(
	    fix_of(&route), "set NEXT_HOP to your session address 185.0.0.10");
	starts(fix_of(NULL),
	    "set NEXT_HOP to your session address on the "
	    "peering LAN");
	/* prefix length */
	setup();
	d = add(RSG_R_PREFIX_TOO_LONG, RSG_MODE_REJECT);
	d->prefix = tu_pfx("192.0.2.0/25");
	d->value = 25;
	d->limit = 24;
	starts(fix_of(&route), "announce /24 or shorter");
	ck_assert_ptr_nonnull(strstr(out,
	    "\"details\":{\"prefix\":\"192.0.2.0/25\",\"length\":25,"
	    "\"max_length\":24}"));
	/* bogon: names the route and the bogon range */
	setup();
	tu_route(&route, path, "185.0.0.10", 64500, "10.1.0.0/16");
	d = add(RSG_R_BOGON_PREFIX, RSG_MODE_REJECT);
	d->prefix = tu_pfx("10.0.0.0/8");
	starts(fix_of(&route),
	    "stop announcing 10.1.0.0/16: it is inside "
	    "10.0.0.0/8");
	/* IRR: the route object, the AS-SET */
	setup();
	d = add(RSG_R_IRR_PREFIX, RSG_MODE_REJECT);
	starts(fix_of(&route),
	    "create a route object for 192.0.2.0/24 with "
	    "origin AS64500");
	setup();
	d = add(RSG_R_IRR_ORIGIN, RSG_MODE_REJECT);
	d->asn = 64511;
	starts(fix_of(&route), "add AS64511 to the AS-SET");
	/* malformed: nothing for the participant to change */
	setup();
	d = add(RSG_R_MALFORMED, RSG_MODE_REJECT);
	d->value = RSG_MALFORMED_AS_PATH;
	d->limit = 7;
	ck_assert_ptr_nonnull(strstr(fix_of(&route), "malformed AS_PATH"));
	ck_assert_ptr_nonnull(
	    strstr(out, "\"details\":{\"what\":\"as_path\",\"byte\":7}"));
	ck_assert_str_eq(get(out, "text"), "malformed AS_PATH at byte 7");
}
END_TEST

START_TEST(test_document)
{
	struct rsg_detail *d;
	static const char *const keys[] = { "\"schema\":1,", "\"version\":3,",
		"\"generation\":42,", "\"action\":\"tag_and_reject\",",
		"\"accepted\":false,", "\"client_as\":64500,",
		"\"rs_as\":64496,", "\"origin_as\":64500,", "\"path_len\":1,",
		"\"rpki\":\"invalid\",", "\"aspa\":\"not-checked\",",
		"\"irr\":\"not-checked\",",
		"\"flags\":[\"graceful_shutdown\",\"unknown_client\"],",
		"\"vrps\":[{\"prefix\":\"192.0.2.0/24\",\"max_length\":24,"
		"\"asn\":64501}],",
		"\"vrps_total\":3,",
		"\"communities\":[\"64496:1101:13\",\"64496:1000:4\"],",
		"\"blackhole\":{\"policy\":\"rewrite-next-hop\","
		"\"next_hop\":\"192.0.2.66\"},",
		"\"std_communities\":[\"65535:666\",\"65535:65281\"],",
		"\"ext_communities\":[\"generic:0x0002fbf0:0x0000029a\"],",
		"\"scrub\":{\"communities\":[\"64496:7\"],"
		"\"ext_communities\":[],"
		"\"large_communities\":[\"64496:1000:1\"]}}",
		"\"route\":{\"prefix\":\"192.0.2.0/"
		"24\",\"peer\":\"185.0.0.10\","
		"\"peer_as\":64500,\"as_path\":\"64500\","
		"\"next_hop\":\"185.0.0.10\","
		"\"communities\":[\"65535:0\",\"64500:7\"],"
		"\"ext_communities\":[\"generic:0x0002fbf4:0x00000064\"],"
		"\"large_communities\":[\"64500:1:2\"],\"otc\":null}",
		"{\"reason\":\"rpki_invalid\",\"code\":13,"
		"\"community\":\"64496:1101:13\",\"mode\":\"reject\","
		"\"text\":\"RPKI invalid (origin mismatch): 192.0.2.0/24 max "
		"24 AS64501 and 2 more cover it, origin AS64500\","
		"\"details\":{\"prefix\":\"192.0.2.0/24\","
		"\"origin_as\":64500},\"fix\":" };

	v.rov = RSG_ROV_INVALID;
	v.flags = RSG_VF_GSHUT | RSG_VF_UNKNOWN_CLIENT;
	v.vrps[0].prefix = tu_pfx("192.0.2.0/24");
	v.vrps[0].max_len = 24;
	v.vrps[0].asn = 64501;
	v.n_vrps = 1;
	v.n_vrps_total = 3;
	v.communities[0] = (struct rsg_lc){ 64496, 1101, 13 };
	v.communities[1] = (struct rsg_lc){ 64496, 1000, 4 };
	v.n_communities = 2;
	v.blackhole = RSG_BLACKHOLE_REWRITE_NEXT_HOP;
	v.blackhole_next_hop = tu_ip("192.0.2.66");
	v.std_communities[0] = 0xffff029au;
	v.std_communities[1] = 0xffffff01u;
	v.n_std_communities = 2;
	v.ext_communities[0] = (struct rsg_ec){ 0x0002fbf0u, 666 };
	v.n_ext_communities = 1;
	v.scrub_std[0] = 64496u << 16 | 7;
	v.n_scrub_std = 1;
	v.scrub_large[0] = (struct rsg_lc){ 64496, 1000, 1 };
	v.n_scrub_large = 1;
	d = add(RSG_R_RPKI_INVALID, RSG_MODE_REJECT);
	d->prefix = tu_pfx("192.0.2.0/24");
	d->asn = 64500;
	d->value = 24;
	encode(&route);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		ck_assert_msg(
		    strstr(out, keys[i]) != NULL, "no %s in %s", keys[i], out);
	/* a malformed path is null, a route without next hop too; OTC */
	route.as_path_len = 5;
	memset(&route.next_hop, 0, sizeof(route.next_hop));
	route.flags = RSG_ROUTE_OTC;
	route.otc = 64499;
	encode(&route);
	ck_assert_ptr_nonnull(strstr(out, "\"as_path\":null,"));
	ck_assert_ptr_nonnull(strstr(out, "\"next_hop\":null,"));
	ck_assert_ptr_nonnull(strstr(out, "\"otc\":64499}"));
	route.as_path_len = 0;
	encode(&route);
	ck_assert_ptr_nonnull(strstr(out, "\"as_path\":\"\","));
	/* no RS AS: no communities for the reasons */
	v.rs_as = 0;
	encode(&route);
	ck_assert_ptr_nonnull(strstr(out, "\"community\":null,"));
	/* an empty verdict is an object with empty arrays */
	setup();
	encode(NULL);
	ck_assert_ptr_nonnull(strstr(out, "\"reasons\":[],\"vrps\":[],"));
	ck_assert_ptr_nonnull(strstr(out, "\"accepted\":true,"));
	/* a damaged verdict: counts clamped, unknown reasons named */
	v.n_details = 1000;
	v.n_vrps = 1000;
	v.n_communities = 1000;
	v.details[0].reason = 500;
	v.details[1].reason = 501;
	v.details[2].reason = RSG_R_RPKI_INVALID; /* explains the VRPs */
	rsg_verdict_json(&v, &route, out, sizeof(out));
	{
		static char text[1 << 16];

		ck_assert_uint_gt(rsg_explain(&v, text, sizeof(text)), 0);
	}
	/* a complete document needs a larger buffer: still valid */
	{
		size_t n = rsg_verdict_json(&v, &route, NULL, 0);
		char *big = malloc(n + 1);

		ck_assert_ptr_nonnull(big);
		ck_assert_uint_eq(rsg_verdict_json(&v, &route, big, n + 1), n);
		ck_assert_str_eq(get(big, "reason"), "unknown");
		free(big);
	}
}
END_TEST

START_TEST(test_escaping)
{
	static const char raw[] = "a\"b\\c\nd\te\rf\001g\037h\177i\xc3\xa9/";
	char buf[128];
	struct sbuf sb;
	struct json_val val;
	struct rsg_error err;

	rsg__sbuf_init(&sb, buf, sizeof(buf));
	rsg__sbuf_json_string(&sb, raw);
	ck_assert_str_eq(
	    buf, "\"a\\\"b\\\\c\\nd\\te\\rf\\u0001g\\u001fh\177i\xc3\xa9/\"");
	ck_assert_uint_eq(sb.pos, strlen(buf));
	/* the strict parser reads it back to the same bytes */
	memset(&err, 0, sizeof(err));
	rsg__json_init(&J, "s.json", buf, strlen(buf), &err);
	ck_assert_int_eq(rsg__json_next(&J, &val), 0);
	ck_assert_int_eq(val.type, JSON_STRING);
	ck_assert_uint_eq(val.len, strlen(raw));
	ck_assert_mem_eq(val.s, raw, val.len);
	ck_assert_int_eq(rsg__json_finish(&J), 0);
	/* cut anywhere: NUL-terminated prefix, full length counted */
	for (size_t len = 0; len <= strlen(buf) + 1; len++) {
		char small[128];

		memset(small, 'x', sizeof(small));
		rsg__sbuf_init(&sb, len ? small : NULL, len);
		rsg__sbuf_json_string(&sb, raw);
		ck_assert_uint_eq(sb.pos, strlen(buf));
		if (len > 0) {
			ck_assert_uint_eq(strlen(small),
			    len - 1 < strlen(buf) ? len - 1 : strlen(buf));
			ck_assert_int_eq(strncmp(small, buf, strlen(small)), 0);
		}
	}
	/* the empty string */
	rsg__sbuf_init(&sb, buf, sizeof(buf));
	rsg__sbuf_json_string(&sb, "");
	ck_assert_str_eq(buf, "\"\"");
}
END_TEST

START_TEST(test_length)
{
	struct rsg_detail *d;
	char full[16384], cut[16384];
	size_t n;

	d = add(RSG_R_NEXT_HOP, RSG_MODE_REJECT);
	d->ip = tu_ip("185.0.0.99");
	d = add(RSG_R_RPKI_INVALID, RSG_MODE_REJECT);
	d->prefix = tu_pfx("192.0.2.0/24");
	d->asn = 64500;
	n = rsg_verdict_json(&v, &route, NULL, 0);
	ck_assert_uint_gt(n, 100);
	ck_assert_uint_eq(rsg_verdict_json(&v, &route, full, sizeof(full)), n);
	ck_assert_uint_eq(strlen(full), n);
	/* every cut: snprintf semantics, a prefix of the full text */
	for (size_t len = 1; len <= n + 1; len++) {
		memset(cut, 'x', sizeof(cut));
		ck_assert_uint_eq(rsg_verdict_json(&v, &route, cut, len), n);
		ck_assert_uint_eq(strlen(cut), len - 1);
		ck_assert_int_eq(memcmp(cut, full, len - 1), 0);
		ck_assert_int_eq(cut[len], 'x');
	}
	ck_assert_str_eq(cut, full);
}
END_TEST

START_TEST(test_size)
{
	char buf[64] = "untouched";

	/* a verdict smaller than version 1: refused, buf emptied */
	v.size = 8;
	ck_assert_uint_eq(rsg_verdict_json(&v, &route, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "");
	v.size = (uint32_t)(offsetof(struct rsg_verdict, communities)
	    + sizeof(v.communities) - 1);
	ck_assert_uint_eq(rsg_verdict_json(&v, NULL, buf, sizeof(buf)), 0);
	ck_assert_uint_eq(rsg_verdict_json(NULL, &route, buf, sizeof(buf)), 0);
	ck_assert_uint_eq(rsg_verdict_json(NULL, NULL, NULL, 0), 0);
	v.size = sizeof(v);
	ck_assert_uint_gt(rsg_verdict_json(&v, NULL, NULL, 0), 0);
}
END_TEST

/* A real verdict from rsg_check(), encoded. */
START_TEST(test_from_check)
{
	static const char yml[] =
	    "general:\n"
	    "  rs_as: 64496\n"
	    "  filtering: {aspa: {enabled: true}}\n"
	    "  rpki_roas: {ignore_cache_files_older_than: 0, check_expires: "
	    "false}\n"
	    "clients:\n"
	    "  - {asn: 3333, ip: 185.0.0.10}\n";
	struct rsg_config *cfg;
	struct rsg_ctx *ctx;
	struct rsg_route r;
	struct rsg_error err;
	uint8_t p[64];
	struct walk w;

	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_int_eq(
	    rsg_config_load_string(cfg, yml, strlen(yml), "v.yml"), 0);
	ck_assert_int_eq(rsg_config_add_source(cfg, RSG_SOURCE_VRPS,
			     tu_data("check/rpki.json"), true),
	    0);
	ck_assert_int_eq(rsg_ctx_new(cfg, &ctx), 0);
	rsg_config_free(cfg);
	ck_assert_msg(rsg_ctx_load(ctx) == 0, "%s", rsg_ctx_errmsg(ctx));
	tu_route(&r, p, "185.0.0.10", 3333, "193.0.0.0/22");
	ck_assert_int_eq(rsg_path_from_text("3333 174 3333", p, sizeof(p),
			     &r.as_path_len, &err),
	    0);
	rsg_verdict_init(&v);
	ck_assert_int_eq(rsg_check(ctx, &r, &v), 0);
	encode(&r);
	walk(out, "fix", &w);
	ck_assert_uint_eq(w.reasons, v.n_details);
	ck_assert_uint_eq(w.fixes, v.n_details);
	ck_assert_str_eq(get(out, "as_path"), "3333 174 3333");
	ck_assert_str_eq(get(out, "action"), "tag_and_reject");
	ck_assert_str_eq(get(out, "rpki"), "invalid");
	/* the state keys are the JSON's */
	ck_assert_str_eq(rsg_action_key(v.action), "tag_and_reject");
	ck_assert_str_eq(rsg_rov_key(v.rov), "invalid");
	ck_assert_str_eq(get(out, "aspa"), rsg_aspa_key(v.aspa));
	ck_assert_str_eq(get(out, "irr"), rsg_irr_key(v.irr));
	ck_assert_ptr_nonnull(strstr(out, "\"rs_as\":64496,"));
	ck_assert_ptr_nonnull(strstr(out, "\"transit_free_asn\""));
	ck_assert_ptr_nonnull(strstr(out,
	    "create a ROA for 193.0.0.0/22 with origin AS3333 and maxLength "
	    "22 (or raise the maxLength of the ROA for 193.0.0.0/21 AS3333 to "
	    "22), or stop announcing it"));
	/* an unknown peer: the verdict is encoded the same way */
	tu_route(&r, p, "185.0.0.77", 2497, "202.232.0.0/16");
	ck_assert_int_eq(rsg_check(ctx, &r, &v), RSG_ENOCLIENT);
	encode(&r);
	ck_assert_ptr_nonnull(strstr(out, "\"unknown_client\""));
	rsg_ctx_free(ctx);
}
END_TEST

/* Every state has its key; out of range is never NULL. */
START_TEST(test_state_keys)
{
	static const char *const action[] = { "accept", "reject", "tag",
		"tag_and_reject" };
	static const char *const rov[] = { "not-checked", "valid", "invalid",
		"not-found" };

	for (unsigned i = 0; i < 4; i++)
		ck_assert_str_eq(rsg_action_key(i), action[i]);
	ck_assert_str_eq(rsg_action_key(99), "unknown");
	ck_assert_str_eq(rsg_rov_key(RSG_ROV_NOT_CHECKED), rov[0]);
	ck_assert_str_eq(rsg_rov_key(RSG_ROV_VALID), rov[1]);
	ck_assert_str_eq(rsg_rov_key(RSG_ROV_INVALID), rov[2]);
	ck_assert_str_eq(rsg_rov_key(RSG_ROV_NOTFOUND), rov[3]);
	ck_assert_str_eq(rsg_aspa_key(RSG_ASPA_UNKNOWN), "unknown");
	ck_assert_str_eq(rsg_aspa_key(99), "not-checked");
	ck_assert_str_eq(rsg_irr_key(RSG_IRR_EMPTY), "empty");
}
END_TEST

Suite *
verdict_suite(void)
{
	Suite *s = suite_create("verdict");
	TCase *tc = tcase_create("json");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_every_reason);
	tcase_add_test(tc, test_fixes);
	tcase_add_test(tc, test_document);
	tcase_add_test(tc, test_escaping);
	tcase_add_test(tc, test_length);
	tcase_add_test(tc, test_size);
	tcase_add_test(tc, test_from_check);
	tcase_add_test(tc, test_state_keys);
	suite_add_tcase(s, tc);
	return s;
}
