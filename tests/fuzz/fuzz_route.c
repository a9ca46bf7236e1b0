/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Fuzz target: bgpdump -m lines -> routes -> rsg_check() -> explanations.
 * Every line that parses is checked against a small real policy, so the
 * hot path sees whatever the parser lets through.
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
    "clients:\n"
    "  - asn: 3333\n"
    "    ip: [\"185.0.0.10\", \"2001:7f8::10\"]\n";

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
			rsg_check(ctx, &r, &v);
			rsg_explain(&v, text, sizeof(text));
			rsg_path_format(
			    r.as_path, r.as_path_len, text, sizeof(text));
		}
		p += len + (nl != NULL);
	}
	return 0;
}
