/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rsguard check: one route from the command line.
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_COMMUNITIES 1024

static void
usage(void)
{
	fprintf(stderr,
	    "usage: %s check [-c CONFIG] [--vrps FILE] --peer IP --peer-as "
	    "ASN\n"
	    "       [--next-hop IP] [--communities LIST] [--otc ASN] [--json]\n"
	    "       PREFIX AS_PATH...\n",
	    progname);
}

/* " a:b" per standard community, " generic:0xHI:0xLO" per extended one,
 * " a:b:c" per large one. */
static void
print_std(const uint32_t *c, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		printf(" %" PRIu32 ":%" PRIu32, c[i] >> 16, c[i] & 0xffff);
}

static void
print_ext(const struct rsg_ec *c, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		printf(
		    " generic:0x%08" PRIx32 ":0x%08" PRIx32, c[i].hi, c[i].lo);
}

static void
print_lrg(const struct rsg_lc *c, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		printf(" %" PRIu32 ":%" PRIu32 ":%" PRIu32, c[i].asn,
		    c[i].data1, c[i].data2);
}

int
cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{ "peer", required_argument, NULL, 'p' },
		{ "peer-as", required_argument, NULL, 'a' },
		{ "next-hop", required_argument, NULL, 'n' },
		{ "communities", required_argument, NULL, 'C' },
		{ "otc", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct common c = { 0 };
	struct rsg_route r;
	struct rsg_verdict v = RSG_VERDICT_INIT;
	struct rsg_error err;
	struct rsg_ctx *ctx = NULL;
	static uint32_t std[MAX_COMMUNITIES];
	static struct rsg_ec ext[MAX_COMMUNITIES];
	static struct rsg_lc lrg[MAX_COMMUNITIES];
	static uint8_t path[65536];
	char text[8192] = "";
	const char *peer = NULL, *peer_as = NULL, *nh = NULL, *comms = NULL;
	const char *otc = NULL;
	bool json = false;
	int opt, rc = EXIT_ERROR;

	memset(&r, 0, sizeof(r));
	optind = 1;
	while ((opt = getopt_long(
		    argc, argv, CLI_COMMON_SHORTOPTS "h", longopts, NULL))
	    != -1) {
		int k = cli_common_opt(&c, opt, optarg);

		if (k < 0)
			return EXIT_ERROR;
		if (k > 0)
			continue;
		switch (opt) {
		case 'p':
			peer = optarg;
			break;
		case 'a':
			peer_as = optarg;
			break;
		case 'n':
			nh = optarg;
			break;
		case 'C':
			comms = optarg;
			break;
		case 'o':
			otc = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			usage();
			return 0;
		default:
			usage();
			return EXIT_ERROR;
		}
	}
	if (peer == NULL || peer_as == NULL || argc - optind < 1) {
		usage();
		return EXIT_ERROR;
	}
	if (rsg_ip_parse(peer, &r.peer_ip) != 0) {
		cli_error("--peer: expected an IP address, got '%s'", peer);
		return EXIT_ERROR;
	}
	{
		char *end;
		unsigned long long a = strtoull(
		    strncasecmp(peer_as, "AS", 2) == 0 ? peer_as + 2 : peer_as,
		    &end, 10);

		if (*end != '\0' || a > UINT32_MAX) {
			cli_error(
			    "--peer-as: expected an ASN, got '%s'", peer_as);
			return EXIT_ERROR;
		}
		r.peer_asn = (uint32_t)a;
	}
	if (rsg_ip_parse(nh != NULL ? nh : peer, &r.next_hop) != 0) {
		cli_error("--next-hop: expected an IP address, got '%s'", nh);
		return EXIT_ERROR;
	}
	if (rsg_prefix_parse(argv[optind], &r.prefix) != 0) {
		cli_error("expected a prefix without host bits, got '%s'",
		    argv[optind]);
		return EXIT_ERROR;
	}
	for (int i = optind + 1; i < argc; i++) {
		if (strlen(text) + strlen(argv[i]) + 2 > sizeof(text)) {
			cli_error("AS path too long");
			return EXIT_ERROR;
		}
		if (text[0] != '\0')
			strcat(text, " ");
		strcat(text, argv[i]);
	}
	if (rsg_path_from_text(text, path, sizeof(path), &r.as_path_len, &err)
	    != 0) {
		cli_error("%s", err.message);
		return EXIT_ERROR;
	}
	r.as_path = path;
	if (comms != NULL) {
		if (rsg_communities_parse(comms, std, MAX_COMMUNITIES,
			&r.n_communities, ext, MAX_COMMUNITIES,
			&r.n_ext_communities, lrg, MAX_COMMUNITIES,
			&r.n_large_communities, &err)
		    != 0) {
			cli_error("--communities: %s", err.message);
			return EXIT_ERROR;
		}
		r.communities = std;
		r.ext_communities = ext;
		r.large_communities = lrg;
	}
	if (otc != NULL) {
		char *end;
		unsigned long long a = strtoull(otc, &end, 10);

		if (*end != '\0' || a > UINT32_MAX) {
			cli_error("--otc: expected an ASN, got '%s'", otc);
			return EXIT_ERROR;
		}
		r.flags |= RSG_ROUTE_OTC;
		r.otc = (uint32_t)a;
	}
	if ((ctx = cli_open(&c)) == NULL)
		return EXIT_ERROR;
	rc = rsg_check(ctx, &r, &v);
	if (!cli_has_verdict(rc)) {
		cli_error("%s", rsg_strerror(rc));
		rc = EXIT_ERROR;
		goto out;
	}
	if (rc != 0 && rc != RSG_ENOCLIENT && !c.quiet)
		cli_error(
		    "warning: %s: %s", rsg_err_name(rc), rsg_strerror(rc));
	if (json) {
		if (print_verdict_json(stdout, &r, &v) != 0) {
			rc = EXIT_ERROR;
			goto out;
		}
		putchar('\n');
	} else {
		print_verdict_text(stdout, &r, &v);
		printf("  action %s, RPKI %s, ASPA %s, origin AS%" PRIu32
		       ", path length %u\n",
		    rsg_action_key(v.action), rsg_rov_key(v.rov),
		    rsg_aspa_key(v.aspa), v.origin_asn, v.path_len);
		for (unsigned i = 0; i < v.n_vrps; i++) {
			char p[RSG_PREFIX_STRLEN];

			rsg_prefix_format(&v.vrps[i].prefix, p, sizeof(p));
			printf("  VRP %s max %u AS%" PRIu32 "\n", p,
			    v.vrps[i].max_len, v.vrps[i].asn);
		}
		if (v.n_communities > 0) {
			printf("  add large communities:");
			print_lrg(v.communities, v.n_communities);
			putchar('\n');
		}
		if (v.n_std_communities > 0) {
			printf("  add standard communities:");
			print_std(v.std_communities, v.n_std_communities);
			putchar('\n');
		}
		if (v.n_ext_communities > 0) {
			printf("  add extended communities:");
			print_ext(v.ext_communities, v.n_ext_communities);
			putchar('\n');
		}
		if (v.n_scrub_std + v.n_scrub_ext + v.n_scrub_large > 0) {
			printf("  delete the route's own:");
			print_std(v.scrub_std, v.n_scrub_std);
			print_ext(v.scrub_ext, v.n_scrub_ext);
			print_lrg(v.scrub_large, v.n_scrub_large);
			putchar('\n');
		}
		if (v.blackhole != RSG_BLACKHOLE_NONE) {
			char bn[RSG_PREFIX_STRLEN];

			rsg_ip_format(&v.blackhole_next_hop, bn, sizeof(bn));
			if (v.blackhole == RSG_BLACKHOLE_REWRITE_NEXT_HOP)
				printf("  blackhole request: rewrite the next "
				       "hop to %s\n",
				    bn);
			else
				printf("  blackhole request: propagate "
				       "unchanged\n");
		}
		if (v.flags & RSG_VF_GSHUT)
			printf("  graceful shutdown requested: set "
			       "LOCAL_PREF 0\n");
		if (rc == RSG_ENOCLIENT)
			printf("  note: %s AS%" PRIu32
			       " is not a configured client; general policy "
			       "applied\n",
			    peer, r.peer_asn);
	}
	/* tagged routes are kept but never exported: filtered too */
	rc = v.action == RSG_ACCEPT ? EXIT_ACCEPTED : EXIT_FILTERED;
out:
	rsg_ctx_free(ctx);
	return rc;
}
