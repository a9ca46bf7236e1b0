/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rsguard rov: "prefix origin" lines on stdin, "prefix origin state" on
 * stdout (valid, invalid, not-found), RFC 6811.
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void
usage(void)
{
	fprintf(stderr,
	    "usage: %s rov [-c CONFIG] [--vrps FILE] < prefix-origin-lines\n",
	    progname);
}

int
cmd_rov(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct common c = { 0 };
	struct rsg_ctx *ctx;
	char *line = NULL;
	size_t cap = 0;
	unsigned long lineno = 0, errors = 0;
	char quoted[400];
	ssize_t len;
	int opt;

	optind = 1;
	while ((opt = getopt_long(
		    argc, argv, CLI_COMMON_SHORTOPTS "h", longopts, NULL))
	    != -1) {
		int k = cli_common_opt(&c, opt, optarg);

		if (k < 0)
			return EXIT_ERROR;
		if (k > 0)
			continue;
		usage();
		return opt == 'h' ? 0 : EXIT_ERROR;
	}
	if (optind != argc) {
		usage();
		return EXIT_ERROR;
	}
	if ((ctx = cli_open(&c)) == NULL)
		return EXIT_ERROR;
	while (
	    (len = cli_getline(stdin, "stdin", lineno + 1, &line, &cap)) >= 0) {
		char pfx[128], asn[32], extra[2];
		struct rsg_prefix p;
		unsigned long long origin;
		char *end;
		int n;

		lineno++;
		n = sscanf(line, "%127s %31s %1s", pfx, asn, extra);
		if (n <= 0 || pfx[0] == '#')
			continue; /* blank line or comment */
		origin = strtoull(
		    strncasecmp(asn, "AS", 2) == 0 ? asn + 2 : asn, &end, 10);
		if (n != 2 || *end != '\0' || origin > UINT32_MAX
		    || rsg_prefix_parse(pfx, &p) != 0) {
			fprintf(stderr,
			    "stdin:%lu: expected 'PREFIX ORIGIN-ASN' (prefix "
			    "without host bits), got: %s\n",
			    lineno,
			    cli_quote(
				line, (size_t)len, quoted, sizeof(quoted)));
			errors++;
			continue;
		}
		printf("%s %s %s\n", pfx, asn,
		    rsg_rov_key(rsg_rov_validate(
			ctx, &p, (uint32_t)origin, NULL, 0, NULL)));
	}
	free(line);
	rsg_ctx_free(ctx);
	/* -2: a read error, binary data or an endless line, said why */
	return errors || len == -2 ? EXIT_ERROR : 0;
}
