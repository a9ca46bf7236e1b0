/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Fuzz target: bgpdump -m lines -> routes -> rsg_check() -> explanations,
 * and rsg_export(). Every line that parses is checked against a small
 * real policy with communities in every form and blackhole filtering, so
 * the hot path sees whatever the parser lets through.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "rsguard.h"

static struct rsg_ctx *ctx;

static const char policy[] =
    "general:\n"
    "  rs_as: 64496\n"
    "  filtering:\n"
    "    peering_lans: [\"185.0.0.0/24\"]\n"
    "    aspa: {enabled: true}\n"
    "    too_many_communities: {limit: 5, action: reject}\n"
    "  rpki_roas: {ignore_cache_files_older_than: 0, check_expires: false}\n"
    "  blackhole_filtering:\n"
    "    policy_ipv4: rewrite-next-hop\n"
    "    rewrite_next_hop_ipv4: 185.0.0.66\n"
    "    policy_ipv6: propagate-unchanged\n"
    "    add_noexport: true\n"
    "  custom_communities: {c1: {std: \"65501:1\"}}\n"
    "  communities:\n"
    "    reject_cause: {std: \"65520:dyn_val\", ext: \"rt:rs_as:dyn_val\",\n"
    "      lrg: \"rs_as:65520:dyn_val\"}\n"
    "    reject_cause_map: {\"14\": {lrg: \"rs_as:1101:13\"}}\n"
    "    rejected_route_announced_by: {std: \"65524:dyn_val\"}\n"
    "    rpki_bgp_origin_validation_valid: {std: \"64496:1\"}\n"
    "    blackholing: {std: \"rs_as:66\", lrg: \"rs_as:666:0\"}\n"
    "    do_not_announce_to_any: {std: \"0:rs_as\"}\n"
    "    do_not_announce_to_peer: {std: \"0:peer_as\",\n"
    "      ext: \"ro:0:peer_as\", lrg: \"rs_as:0:peer_as\"}\n"
    "    announce_to_peer: {lrg: \"rs_as:1:peer_as\"}\n"
    "    prepend_twice_to_peer: {lrg: \"rs_as:102:peer_as\"}\n"
    "    prepend_once_to_peers_with_rtt_higher_than: {lrg: "
    "\"rs_as:111:dyn_val\"}\n"
    "    add_noexport_to_any: {std: \"65535:rs_as\"}\n"
    "clients:\n"
    "  - asn: 3333\n"
    "    ip: [\"185.0.0.10\", \"2001:7f8::10\"]\n"
    "    cfg: {attach_custom_communities: [c1]}\n"
    "  - asn: 4200000000\n"
    "    ip: 185.0.0.20\n"
    "    16bit_mapped_asn: 64512\n"
    "    cfg: {blackhole_filtering: {announce_to_client: false}}\n";

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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint64_t buf[512];
	const char *p = (const char *)data, *end = p + size;

	if (ctx == NULL)
		init();
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		struct rsg_route r;
		struct rsg_verdict v = RSG_VERDICT_INIT;
		struct rsg_error err;
		char text[4096];

		if (rsg_route_parse_bgpdump(p, len, &r, buf, sizeof(buf), &err)
		    == 0) {
			struct rsg_export ex = { .size = sizeof(ex) };
			struct rsg_ip to;

			rsg_check(ctx, &r, &v);
			rsg_explain(&v, text, sizeof(text));
			/* the announcement to another client (185.0.0.20),
			 * and to the peer's own address */
			rsg_ip_from_v4(0xb9000014u, &to);
			rsg_export(ctx, &r, &to, 4200000000u, 25, &ex);
			rsg_export(ctx, &r, &r.peer_ip, r.peer_asn, 0, &ex);
			rsg_path_format(
			    r.as_path, r.as_path_len, text, sizeof(text));
		}
		p += len + (nl != NULL);
	}
	return 0;
}
