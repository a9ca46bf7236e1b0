/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Fuzz target: the configuration file (rsguard.yml(5)) as a whole.
 * Whatever the input, a load returns a code, leaves a consistent
 * configuration and leaks nothing; a loaded one becomes a context (a
 * copy made by re-reading it, the policy compiled) and checks routes. Sources are not read: the input names the files.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "fuzz.h"
#include "rsguard.h"

/* keeps the reads of the messages */
static volatile size_t sink;

static const char *const routes[] = {
	"TABLE_DUMP2|0|B|185.0.0.10|3333|193.0.0.0/21|3333 2914 3356|IGP|"
	"185.0.0.10|0|0|3333:1 65535:0|NAG||",
	"TABLE_DUMP2|0|B|2001:7f8::10|3333|2001:db8::/32|3333 {64500,64501}|"
	"INCOMPLETE|2001:7f8::10|0|0||NAG||",
};

/* The policy in use: routes go through rsg_check() and the encoder. */
static void
use(const struct rsg_config *cfg)
{
	static uint64_t buf[256];
	struct rsg_ctx *ctx = NULL;
	char text[8192];
	size_t n = 0;

	if (rsg_ctx_new(cfg, &ctx) != 0)
		return;
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		struct rsg_route r;
		struct rsg_verdict v = RSG_VERDICT_INIT;

		if (rsg_route_parse_bgpdump(routes[i], strlen(routes[i]), &r,
			buf, sizeof(buf), NULL)
		    != 0)
			abort();
		rsg_check(ctx, &r, &v);
		n += rsg_verdict_json(&v, &r, text, sizeof(text));
		n += rsg_explain(&v, text, sizeof(text));
	}
	sink = n;
	rsg_ctx_free(ctx);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rsg_config *cfg = NULL;
	size_t n = 0;

	if (rsg_config_new(&cfg) != 0)
		return 0;
	/* rsg_ctx_new() copies the configuration (rsg__config_copy) */
	if (rsg_config_load_string(cfg, (const char *)data, size, "fuzz") == 0)
		use(cfg);
	/* every message is a complete string */
	for (size_t i = 0; i < rsg_config_error_count(cfg); i++)
		n += strlen(rsg_config_error(cfg, i));
	for (size_t i = 0; i < rsg_config_warning_count(cfg); i++)
		n += strlen(rsg_config_warning(cfg, i));
	sink = n;
	rsg_config_free(cfg);
	return 0;
}
