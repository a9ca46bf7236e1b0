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
#include <arpa/inet.h>
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

/*
 * A daemon holds addresses in binary (BIRD: ip_addr, net_addr_ip4/6);
 * the rsg_ip_from_* and rsg_prefix_from_* constructors turn them into the
 * library's form. Here the binary comes from inet_pton().
 */
static int
ip_from_text(const char *s, struct rsg_ip *out)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (inet_pton(AF_INET, s, &a4) == 1)
		return rsg_ip_from_v4(ntohl(a4.s_addr), out);
	if (inet_pton(AF_INET6, s, &a6) == 1)
		return rsg_ip_from_v6_bytes(a6.s6_addr, out);
	return RSG_EPARSE;
}

static int
prefix_from_text(const char *s, struct rsg_prefix *out)
{
	char addr[INET6_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	struct in_addr a4;
	struct in6_addr a6;
	unsigned long len;
	char *end;

	if (slash == NULL || (size_t)(slash - s) >= sizeof(addr))
		return RSG_EPARSE;
	memcpy(addr, s, (size_t)(slash - s));
	addr[slash - s] = '\0';
	len = strtoul(slash + 1, &end, 10);
	if (*end != '\0' || len > 128)
		return RSG_EPARSE;
	if (inet_pton(AF_INET, addr, &a4) == 1)
		return rsg_prefix_from_v4(ntohl(a4.s_addr), (unsigned)len, out);
	if (inet_pton(AF_INET6, addr, &a6) == 1)
		return rsg_prefix_from_v6_bytes(a6.s6_addr, (unsigned)len, out);
	return RSG_EPARSE;
}

int
main(int argc, char **argv)
{
	struct rsg_config *cfg = NULL;
	struct rsg_ctx *ctx = NULL;
	struct rsg_route route;
	struct rsg_verdict v = RSG_VERDICT_INIT;
	uint8_t path[4096];
	char text[4096];
	struct rsg_error err;
	int rc = 2, crc;

	if (argc != 7 && argc != 9) {
		fprintf(stderr,
		    "usage: %s CONFIG VRPS PEER_IP PEER_ASN PREFIX "
		    "PATH [TO_IP TO_ASN]\n",
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
	if (ip_from_text(argv[3], &route.peer_ip) != 0
	    || prefix_from_text(argv[5], &route.prefix) != 0
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
	crc = rsg_check(ctx, &route, &v);
	/* RSG_ENOCLIENT: checked with the general policy; RSG_EBAD*: a
	 * malformed route (a bug here), rejected: the verdict is valid */
	if (crc == RSG_ENODATA || crc == RSG_EINVAL) {
		fprintf(stderr, "%s\n", rsg_strerror(crc));
		goto out;
	}
	if (crc != 0)
		fprintf(stderr, "note: %s\n", rsg_strerror(crc));
	/* 5. act on the verdict: keep the route tagged or drop it, add the
	 * communities, explain it in the looking glass */
	printf("%s\n", v.action == RSG_ACCEPT ? "accept" : "filter");
	for (unsigned i = 0; i < v.n_communities; i++)
		printf("add (%" PRIu32 ", %" PRIu32 ", %" PRIu32 ")\n",
		    v.communities[i].asn, v.communities[i].data1,
		    v.communities[i].data2);
	for (unsigned i = 0; i < v.n_std_communities; i++)
		printf("add (%" PRIu32 ", %" PRIu32 ")\n",
		    v.std_communities[i] >> 16, v.std_communities[i] & 0xffff);
	/* the route's own communities of the route server's functions go
	 * before it is stored (v.scrub_std, scrub_ext, scrub_large) */
	if (v.flags & RSG_VF_SCRUB)
		printf("scrub %u communities\n",
		    (unsigned)(v.n_scrub_std + v.n_scrub_ext
			+ v.n_scrub_large));
	if (v.blackhole == RSG_BLACKHOLE_REWRITE_NEXT_HOP) {
		rsg_ip_format(&v.blackhole_next_hop, text, sizeof(text));
		printf("blackhole: next hop %s\n", text);
	}
	rsg_explain(&v, text, sizeof(text));
	fputs(text, stdout);
	/* 6. on the way out, per client: announce? prepend? (control
	 * communities, blackhole announce_to_client) */
	if (argc == 9 && v.action == RSG_ACCEPT) {
		struct rsg_export ex = { .size = sizeof(ex) };
		struct rsg_ip to;

		if (ip_from_text(argv[7], &to) != 0
		    || rsg_export(ctx, &route, &to,
			   (uint32_t)strtoul(argv[8], NULL, 10), 0, &ex)
			!= 0) {
			fprintf(stderr, "bad client\n");
			goto out;
		}
		printf("to AS%s: %s, prepend %u\n", argv[8],
		    ex.announce ? "announce" : "do not announce",
		    (unsigned)ex.prepend);
	}
	rc = v.action == RSG_ACCEPT ? 0 : 1;
out:
	rsg_ctx_free(ctx);
	rsg_config_free(cfg);
	return rc;
}
