/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rsguard table: every route of a table dump through rsg_check(), with a
 * per-reason summary. Input is `bgpdump -m` text (a file, possibly gzip or
 * bzip2 compressed, or stdin) or an MRT file, which is piped through
 * Debian's bgpdump.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

enum show { SHOW_FILTERED, SHOW_ALL, SHOW_NONE };

struct stats {
	uint64_t lines;
	uint64_t routes;
	uint64_t accepted;
	uint64_t filtered;
	uint64_t tagged; /* accepted with tag-mode reasons */
	uint64_t malformed;
	uint64_t unknown_clients; /* checked with the general policy */
	uint64_t skipped;         /* withdrawals, state changes */
	uint64_t errors;          /* lines that do not parse */
	uint64_t by_reason[RSG_R_COUNT];
	uint64_t by_reason_primary[RSG_R_COUNT];
	uint64_t rov[4];
	uint64_t aspa[4];
	char *example[RSG_R_COUNT];
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
note_example(struct stats *st, unsigned r, const struct rsg_route *route,
    const struct rsg_verdict *v, const struct rsg_detail *d)
{
	char pfx[RSG_PREFIX_STRLEN], buf[600];

	if (st->example[r] != NULL)
		return;
	rsg_prefix_format(&route->prefix, pfx, sizeof(pfx));
	rsg_explain_detail(v, d, buf, sizeof(buf));
	st->example[r] = malloc(strlen(pfx) + strlen(buf) + 32);
	if (st->example[r] != NULL)
		sprintf(st->example[r], "%s from AS%" PRIu32 ": %s", pfx,
		    route->peer_asn, buf);
}

static void
account(struct stats *st, const struct rsg_route *r,
    const struct rsg_verdict *v, int rc)
{
	bool tagged = false;

	st->routes++;
	/* RSG_ENOCLIENT: a checked route like any other, counted apart */
	if (rc == RSG_ENOCLIENT)
		st->unknown_clients++;
	st->rov[v->rov & 3]++;
	st->aspa[v->aspa & 3]++;
	for (unsigned i = 0; i < v->n_details; i++) {
		const struct rsg_detail *d = &v->details[i];

		st->by_reason[d->reason]++;
		if (i == 0)
			st->by_reason_primary[d->reason]++;
		if (d->mode == RSG_MODE_TAG)
			tagged = true;
		note_example(st, d->reason, r, v, d);
	}
	if (v->action == RSG_ACCEPT) {
		st->accepted++;
		st->tagged += tagged;
	} else {
		st->filtered++;
	}
	if (rsg_verdict_has(v, RSG_R_MALFORMED))
		st->malformed++;
}

static double
pct(uint64_t a, uint64_t b)
{
	return b ? 100.0 * (double)a / (double)b : 0.0;
}

static void
summary_text(FILE *f, const struct stats *st, double secs)
{
	fprintf(f, "\nsummary\n");
	fprintf(f, "  routes checked   %10" PRIu64 "\n", st->routes);
	fprintf(f, "  accepted         %10" PRIu64 "  %5.1f%%\n", st->accepted,
	    pct(st->accepted, st->routes));
	fprintf(f, "  filtered         %10" PRIu64 "  %5.1f%%\n", st->filtered,
	    pct(st->filtered, st->routes));
	if (st->tagged)
		fprintf(f, "  accepted, tagged %10" PRIu64 "\n", st->tagged);
	if (st->malformed)
		fprintf(f, "  malformed        %10" PRIu64 "\n", st->malformed);
	if (st->unknown_clients)
		fprintf(f,
		    "  unknown peers    %10" PRIu64
		    "  (no client with that address and ASN: general "
		    "policy)\n",
		    st->unknown_clients);
	if (st->skipped)
		fprintf(f,
		    "  not routes       %10" PRIu64
		    "  (withdrawals, state changes)\n",
		    st->skipped);
	if (st->errors)
		fprintf(f, "  unreadable lines %10" PRIu64 "\n", st->errors);
	fprintf(f,
	    "  RPKI             valid %" PRIu64 ", invalid %" PRIu64
	    ", not found %" PRIu64 ", not checked %" PRIu64 "\n",
	    st->rov[RSG_ROV_VALID], st->rov[RSG_ROV_INVALID],
	    st->rov[RSG_ROV_NOTFOUND], st->rov[RSG_ROV_NOT_CHECKED]);
	fprintf(f,
	    "  ASPA             valid %" PRIu64 ", invalid %" PRIu64
	    ", unknown %" PRIu64 ", not checked %" PRIu64 "\n",
	    st->aspa[RSG_ASPA_VALID], st->aspa[RSG_ASPA_INVALID],
	    st->aspa[RSG_ASPA_UNKNOWN], st->aspa[RSG_ASPA_NOT_CHECKED]);
	fprintf(f,
	    "\nfailing checks (a route can fail several; \"first\" "
	    "counts the primary reason)\n");
	fprintf(f, "  %-12s %-28s %10s %10s\n", "community", "reason", "routes",
	    "first");
	for (unsigned r = 0; r < RSG_R_COUNT; r++) {
		char code[16];

		if (st->by_reason[r] == 0)
			continue;
		snprintf(code, sizeof(code), "RS:1101:%u",
		    rsg_reason_eix((enum rsg_reason)r));
		fprintf(f, "  %-12s %-28s %10" PRIu64 " %10" PRIu64 "\n", code,
		    rsg_reason_key((enum rsg_reason)r), st->by_reason[r],
		    st->by_reason_primary[r]);
		if (st->example[r] != NULL)
			fprintf(f, "      e.g. %s\n", st->example[r]);
	}
	fprintf(f, "\n%.2f s, %.0f routes/s\n", secs,
	    secs > 0 ? (double)st->routes / secs : 0.0);
}

static void
summary_json(FILE *f, const struct stats *st, double secs)
{
	fprintf(f,
	    "\"summary\":{\"routes\":%" PRIu64 ",\"accepted\":%" PRIu64
	    ",\"filtered\":%" PRIu64 ",\"accepted_tagged\":%" PRIu64
	    ",\"malformed\":%" PRIu64 ",\"unknown_clients\":%" PRIu64
	    ",\"not_routes\":%" PRIu64 ",\"unreadable_lines\":%" PRIu64,
	    st->routes, st->accepted, st->filtered, st->tagged, st->malformed,
	    st->unknown_clients, st->skipped, st->errors);
	fprintf(f,
	    ",\"rpki\":{\"valid\":%" PRIu64 ",\"invalid\":%" PRIu64
	    ",\"not-found\":%" PRIu64 ",\"not-checked\":%" PRIu64 "}",
	    st->rov[RSG_ROV_VALID], st->rov[RSG_ROV_INVALID],
	    st->rov[RSG_ROV_NOTFOUND], st->rov[RSG_ROV_NOT_CHECKED]);
	fprintf(f,
	    ",\"aspa\":{\"valid\":%" PRIu64 ",\"invalid\":%" PRIu64
	    ",\"unknown\":%" PRIu64 ",\"not-checked\":%" PRIu64 "}",
	    st->aspa[RSG_ASPA_VALID], st->aspa[RSG_ASPA_INVALID],
	    st->aspa[RSG_ASPA_UNKNOWN], st->aspa[RSG_ASPA_NOT_CHECKED]);
	fputs(",\"by_reason\":{", f);
	for (unsigned r = 0, first = 1; r < RSG_R_COUNT; r++) {
		if (st->by_reason[r] == 0)
			continue;
		fprintf(f,
		    "%s\"%s\":{\"code\":%u,\"routes\":%" PRIu64
		    ",\"first\":%" PRIu64 "}",
		    first ? "" : ",", rsg_reason_key((enum rsg_reason)r),
		    rsg_reason_eix((enum rsg_reason)r), st->by_reason[r],
		    st->by_reason_primary[r]);
		first = 0;
	}
	fprintf(f, "},\"seconds\":%.3f}", secs);
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: %s table [-c CONFIG] [--vrps FILE] [--json]\n"
	    "       [--show filtered|all|none] [--progress] [FILE|-]\n",
	    progname);
}

int
cmd_table(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{ "json", no_argument, NULL, 'j' },
		{ "show", required_argument, NULL, 's' },
		{ "progress", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct common c = { 0 };
	struct stats st;
	struct input in;
	struct rsg_ctx *ctx;
	struct rsg_route r;
	struct rsg_verdict v = RSG_VERDICT_INIT;
	struct rsg_error err;
	static uint64_t buf[8192]; /* 64 KiB, aligned */
	enum show show = SHOW_FILTERED;
	bool json = false, progress = isatty(STDERR_FILENO);
	bool first_route = true;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	double t0, last_progress;
	int opt, rc = 0;

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
		case 'j':
			json = true;
			break;
		case 's':
			if (strcmp(optarg, "filtered") == 0)
				show = SHOW_FILTERED;
			else if (strcmp(optarg, "all") == 0)
				show = SHOW_ALL;
			else if (strcmp(optarg, "none") == 0)
				show = SHOW_NONE;
			else {
				cli_error("--show: expected filtered, all or "
					  "none, got '%s'",
				    optarg);
				return EXIT_ERROR;
			}
			break;
		case 'P':
			progress = true;
			break;
		case 'h':
			usage();
			return 0;
		default:
			usage();
			return EXIT_ERROR;
		}
	}
	if (argc - optind > 1) {
		usage();
		return EXIT_ERROR;
	}
	if (c.quiet)
		progress = false;
	if ((ctx = cli_open(&c)) == NULL)
		return EXIT_ERROR;
	if (input_open(optind < argc ? argv[optind] : "-", &in) != 0) {
		rsg_ctx_free(ctx);
		return EXIT_ERROR;
	}
	memset(&st, 0, sizeof(st));
	if (json)
		fputs("{\"routes\":[", stdout);
	t0 = last_progress = now_s();
	while ((len = input_getline(&in, &line, &cap)) >= 0) {
		int prc, crc;

		st.lines++;
		prc = rsg_route_parse_bgpdump(
		    line, (size_t)len, &r, buf, sizeof(buf), &err);
		if (prc == RSG_ENOENT) {
			st.skipped++;
			continue;
		}
		if (prc != 0) {
			/* name the source and position, keep going */
			st.errors++;
			if (st.errors <= 10)
				input_error(&in, st.lines, &err);
			continue;
		}
		crc = rsg_check(ctx, &r, &v);
		if (!cli_has_verdict(crc)) {
			cli_error("%s: %s", in.name, rsg_strerror(crc));
			rc = EXIT_ERROR;
			break;
		}
		account(&st, &r, &v, crc);
		if (show == SHOW_ALL
		    || (show == SHOW_FILTERED && v.action != RSG_ACCEPT)) {
			if (json) {
				if (!first_route)
					fputc(',', stdout);
				fputc('\n', stdout);
				if (print_verdict_json(stdout, &r, &v) != 0) {
					rc = EXIT_ERROR;
					break;
				}
				first_route = false;
			} else {
				print_verdict_text(stdout, &r, &v);
			}
		}
		if (progress && (st.routes & 0x3fff) == 0) {
			double t = now_s();

			if (t - last_progress >= 0.5) {
				fprintf(stderr,
				    "\r%s: %" PRIu64 " routes, %" PRIu64
				    " filtered, %.0f routes/s   ",
				    in.name, st.routes, st.filtered,
				    (double)st.routes / (t - t0));
				last_progress = t;
			}
		}
	}
	if (progress)
		fputc('\n', stderr);
	free(line);
	if (len == -2)
		rc = EXIT_ERROR; /* said why */
	else if (rc == 0 && in.mrt && st.lines == 0) {
		cli_error("%s: neither 'bgpdump -m' text nor MRT (bgpdump "
			  "found no records in it)",
		    in.name);
		rc = EXIT_ERROR;
	}
	/* after an error the decoder may still be writing: stop it */
	if (input_close(&in, rc != 0) != 0) {
		cli_error(
		    "%s: the decoder (bgpdump/gzip/bzip2) failed", in.name);
		rc = EXIT_ERROR;
	}
	if (json) {
		fputs("\n],", stdout);
		summary_json(stdout, &st, now_s() - t0);
		fputs("}\n", stdout);
	} else {
		summary_text(stdout, &st, now_s() - t0);
	}
	if (st.errors > 10)
		cli_error("%s: %" PRIu64 " unreadable lines (first 10 shown)",
		    in.name, st.errors);
	if (st.errors > 0)
		rc = EXIT_ERROR;
	for (unsigned i = 0; i < RSG_R_COUNT; i++)
		free(st.example[i]);
	rsg_ctx_free(ctx);
	return rc;
}
