/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Fuzz target: the verdict JSON encoder, rsg_verdict_json(). The input's
 * first line is a bgpdump -m route, checked against a policy with every check
 * on (so the verdicts carry ROAs, ASPA hops, communities, next hops);
 * the JSON of each verdict must parse as one strict RFC 8259 value, be
 * as long as the size call said, and truncate like snprintf.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "json.h"
#include "rsguard.h"

static struct rsg_ctx *ctx;

static const char policy[] =
    "general:\n"
    "  rs_as: 64496\n"
    "  filtering:\n"
    "    next_hop: {policy: strict}\n"
    "    peering_lans: [\"185.0.0.0/24\", \"2001:7f8::/64\"]\n"
    "    ipv4_pref_len: {min: 8, max: 24}\n"
    "    max_as_path_len: 8\n"
    "    reject_invalid_as_in_as_path: true\n"
    "    transit_free: {action: reject, asns: [174, 3356]}\n"
    "    aspa: {enabled: true}\n"
    "    rpki_bgp_origin_validation: {enabled: true, reject_invalid: true}\n"
    "    too_many_communities: {limit: 5, action: reject}\n"
    "  rpki_roas: {ignore_cache_files_older_than: 0, check_expires: false}\n"
    "clients:\n"
    "  - asn: 3333\n"
    "    ip: [\"185.0.0.10\", \"2001:7f8::10\"]\n"
    "  - asn: 65550\n"
    "    ip: \"185.0.0.11\"\n";

static void
init(void)
{
	struct rsg_config *cfg;

	if (rsg_config_new(&cfg) != 0
	    || rsg_config_load_string(cfg, policy, strlen(policy), "fuzz") != 0
	    || rsg_config_add_source(cfg, RSG_SOURCE_VRPS,
		   TOP_SRCDIR "/tests/data/check/rpki.json", true)
		!= 0
	    || rsg_ctx_new(cfg, &ctx) != 0 || rsg_ctx_load(ctx) != 0)
		abort();
	rsg_config_free(cfg);
}

/* The text must be exactly one valid JSON value. */
static void
valid(const char *text, size_t len)
{
	static struct json j;
	struct rsg_error e;

	rsg__json_init(&j, "verdict", text, len, &e);
	if (rsg__json_skip_value(&j) != 0 || rsg__json_finish(&j) != 0)
		abort();
}

static void
encode(const struct rsg_verdict *v, const struct rsg_route *r, size_t cut)
{
	static char big[65536];
	char small[64];
	size_t n = rsg_verdict_json(v, r, NULL, 0), k;

	if (n == 0 || n >= sizeof(big))
		abort();
	memset(big, 'x', n + 2);
	if (rsg_verdict_json(v, r, big, n + 1) != n || big[n] != '\0'
	    || big[n + 1] != 'x' || strlen(big) != n)
		abort();
	valid(big, n);
	/* truncated: as snprintf, the first k-1 bytes and a NUL */
	k = cut % (sizeof(small) + 1);
	memset(small, 'y', sizeof(small));
	if (rsg_verdict_json(v, r, small, k) != n)
		abort();
	if (k > 0
	    && (strlen(small) != (k - 1 < n ? k - 1 : n)
		|| memcmp(small, big, strlen(small)) != 0))
		abort();
	if (k == 0 && small[0] != 'y')
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint64_t buf[512];
	const char *nl = memchr(data, '\n', size);
	size_t len = nl != NULL ? (size_t)(nl - (const char *)data) : size;
	struct rsg_route r;
	struct rsg_verdict v = RSG_VERDICT_INIT;

	if (ctx == NULL)
		init();
	/* one route per input: many lines are fuzz_route's */
	if (rsg_route_parse_bgpdump(
		(const char *)data, len, &r, buf, sizeof(buf), NULL)
	    == 0) {
		rsg_check(ctx, &r, &v);
		encode(&v, &r, size);
		encode(&v, NULL, size + 7);
	}
	return 0;
}
