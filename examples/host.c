/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * How a route server uses librsguard: load the configuration and the data
 * once, then call rsg_check() for every route a client sends, and act on
 * the verdict. Build: cc host.c $(pkg-config --cflags --libs rsguard)
 *
 *   host CONFIG.yml VRPS.json PEER_IP PEER_ASN PREFIX "AS PATH"
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rsguard.h>

static void
log_cb(void *arg, enum rsg_log_level level, const char *msg)
{
	(void)arg;
	if (level <= RSG_LOG_WARNING)
		fprintf(stderr, "rsguard: %s\n", msg);
}

int
main(int argc, char **argv)
{
	struct rsg_config *cfg = NULL;
	struct rsg_ctx *ctx = NULL;
	struct rsg_route route;
	struct rsg_verdict v;
	uint8_t path[4096];
	char text[4096];
	struct rsg_error err;
	int rc = 2;

	if (argc != 7) {
		fprintf(stderr,
		    "usage: %s CONFIG VRPS PEER_IP PEER_ASN PREFIX "
		    "PATH\n",
		    argv[0]);
		return 2;
	}
	/* 1. configuration: one YAML file, every error with file:line:col */
	if (rsg_config_new(&cfg) != 0)
		return 2;
	rsg_config_set_log(cfg, log_cb, NULL);
	if (rsg_config_load_file(cfg, argv[1]) != 0
	    || rsg_config_add_source(cfg, RSG_SOURCE_VRPS, argv[2], true) != 0)
		goto out;
	/* 2. a context: its own copy of the configuration, then the data */
	if (rsg_ctx_new(cfg, &ctx) != 0)
		goto out;
	if (rsg_ctx_load(ctx) != 0) {
		fprintf(stderr, "%s\n", rsg_ctx_errmsg(ctx));
		goto out;
	}
	/* 3. a route, as the BGP daemon has it */
	memset(&route, 0, sizeof(route));
	if (rsg_ip_parse(argv[3], &route.peer_ip) != 0
	    || rsg_prefix_parse(argv[5], &route.prefix) != 0
	    || rsg_path_from_text(
		   argv[6], path, sizeof(path), &route.as_path_len, &err)
		!= 0) {
		fprintf(stderr, "bad route\n");
		goto out;
	}
	route.peer_asn = (uint32_t)strtoul(argv[4], NULL, 10);
	route.next_hop = route.peer_ip;
	route.as_path = path;
	/* 4. the check: lock-free, allocation-free, callable from any thread */
	rsg_thread_register();
	rsg_check(ctx, &route, &v);
	/* 5. act on the verdict: keep the route tagged or drop it, add the
	 * communities, explain it in the looking glass */
	printf("%s\n", v.action == RSG_ACCEPT ? "accept" : "filter");
	for (unsigned i = 0; i < v.n_communities; i++)
		printf("add (%" PRIu32 ", %" PRIu32 ", %" PRIu32 ")\n",
		    v.communities[i].asn, v.communities[i].data1,
		    v.communities[i].data2);
	rsg_explain(&v, text, sizeof(text));
	fputs(text, stdout);
	rc = v.action == RSG_ACCEPT ? 0 : 1;
out:
	rsg_ctx_free(ctx);
	rsg_config_free(cfg);
	return rc;
}
