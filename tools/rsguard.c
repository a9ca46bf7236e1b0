/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rsguard(1): run librsguard's checks from the command line.
 *   rsguard check    one route given on the command line
 *   rsguard table    a table dump (bgpdump -m text or MRT)
 *   rsguard rov      "prefix origin" lines -> origin validation states
 *   rsguard config   check a configuration file
 *   rsguard watch    keep the tables fresh, report every publication
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

const char *progname = "rsguard";

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* "2025-07-20T10:01:43Z", "2025-07-20" or unix seconds. */
static int
parse_time(const char *s, long long *out)
{
	struct tm tm;
	char *end, z[4] = "";
	long long v = strtoll(s, &end, 10);
	int n;

	if (*s != '\0' && *end == '\0' && strlen(s) > 4) {
		*out = v;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	n = sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%3s", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, z);
	if ((n != 3 && n != 6 && n != 7) || (n == 7 && strcmp(z, "Z") != 0)
	    || (n == 3 && strlen(s) != 10) || tm.tm_mon < 1 || tm.tm_mon > 12
	    || tm.tm_mday < 1 || tm.tm_mday > 31)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = (long long)timegm(&tm);
	return 0;
}

int
cli_common_opt(struct common *c, int opt, const char *arg)
{
	switch (opt) {
	case 'c':
		c->config = arg;
		return 1;
	case 1001:
		if (c->nvrps == (int)(sizeof(c->vrps) / sizeof(c->vrps[0]))) {
			cli_error("too many --vrps");
			return -1;
		}
		c->vrps[c->nvrps++] = arg;
		return 1;
	case 1002:
		if (c->naspa == (int)(sizeof(c->aspa) / sizeof(c->aspa[0]))) {
			cli_error("too many --aspa");
			return -1;
		}
		c->aspa[c->naspa++] = arg;
		return 1;
	case 1003:
		if (parse_time(arg, &c->as_of) != 0) {
			cli_error("--as-of: expected YYYY-MM-DD[THH:MM:SSZ] or "
				  "unix seconds, got '%s'",
			    arg);
			return -1;
		}
		return 1;
	case 'v':
		c->verbose++;
		return 1;
	case 'q':
		c->quiet = true;
		return 1;
	default:
		return 0;
	}
}

static void
log_cb(void *arg, enum rsg_log_level level, const char *msg)
{
	const struct common *c = arg;

	if (level == RSG_LOG_ERROR)
		return; /* reported by the caller with the error code */
	if (level == RSG_LOG_WARNING && c->quiet)
		return;
	if (level >= RSG_LOG_INFO && c->verbose < (int)level - 1)
		return;
	fprintf(stderr, "%s: %s%s\n", progname,
	    level == RSG_LOG_WARNING ? "warning: " : "", msg);
}

struct rsg_ctx *
cli_new(struct common *c)
{
	struct rsg_config *cfg = NULL;
	struct rsg_ctx *ctx = NULL;
	int rc;

	if ((rc = rsg_config_new(&cfg)) != 0) {
		cli_error("%s", rsg_strerror(rc));
		return NULL;
	}
	rsg_config_set_log(cfg, log_cb, c);
	if (c->config != NULL
	    && (rc = rsg_config_load_file(cfg, c->config)) != 0) {
		size_t n = rsg_config_error_count(cfg);

		for (size_t i = 0; i < n; i++)
			fprintf(stderr, "%s\n", rsg_config_error(cfg, i));
		if (n == 0)
			cli_error("%s: %s", c->config, rsg_strerror(rc));
		goto out;
	}
	for (int i = 0; i < c->nvrps; i++) {
		if ((rc = rsg_config_add_source(
			 cfg, RSG_SOURCE_VRPS, c->vrps[i], i == 0))
		    != 0) {
			cli_error(
			    "--vrps %s: %s", c->vrps[i], rsg_strerror(rc));
			goto out;
		}
	}
	for (int i = 0; i < c->naspa; i++) {
		if ((rc = rsg_config_add_source(
			 cfg, RSG_SOURCE_ASPA, c->aspa[i], i == 0))
		    != 0) {
			cli_error(
			    "--aspa %s: %s", c->aspa[i], rsg_strerror(rc));
			goto out;
		}
	}
	if (c->as_of != 0)
		rsg_config_set_as_of(cfg, c->as_of);
	if ((rc = rsg_ctx_new(cfg, &ctx)) != 0) {
		cli_error("%s", rsg_strerror(rc));
		goto out;
	}
out:
	rsg_config_free(cfg);
	return ctx;
}

struct rsg_ctx *
cli_open(struct common *c)
{
	struct rsg_ctx *ctx = cli_new(c);

	if (ctx != NULL && rsg_ctx_load(ctx) != 0) {
		cli_error("%s", rsg_ctx_errmsg(ctx));
		rsg_ctx_free(ctx);
		ctx = NULL;
	}
	return ctx;
}

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: %s <command> [options]\n"
	    "\n"
	    "commands:\n"
	    "  check  [-c CONFIG] --peer IP --peer-as ASN PREFIX AS_PATH\n"
	    "         check one route for the client that sent it\n"
	    "  table  [-c CONFIG] [--json] [--show filtered|all|none] "
	    "[FILE|-]\n"
	    "         check every route of a table dump (bgpdump -m text, "
	    "or MRT\n"
	    "         through bgpdump) and summarise the reasons\n"
	    "  rov    [-c CONFIG] [--vrps FILE]   prefix origin lines on "
	    "stdin\n"
	    "  config check FILE   report every error with file:line:column\n"
	    "  watch  [-c CONFIG] [--once] [--for SECONDS] [--metrics FILE]\n"
	    "         run the worker: report publications and source states\n"
	    "  lg     [-c CONFIG] [--listen ADDRESS:PORT] [--bird SOCKET]\n"
	    "         [--alice-config]\n"
	    "         the looking glass: BIRD's routes with their reasons, in\n"
	    "         birdwatcher's API (Alice-LG) and Bird's Eye's (IXP "
	    "Manager)\n"
	    "  version\n"
	    "\n"
	    "common options: -c CONFIG, --vrps FILE (repeatable; replaces the\n"
	    "configured VRP files), --aspa FILE, --as-of TIME, -v, -q\n"
	    "See rsguard(1).\n",
	    progname);
}

int
main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2) {
		usage(stderr);
		return EXIT_ERROR;
	}
	cmd = argv[1];
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(cmd, "table") == 0)
		return cmd_table(argc - 1, argv + 1);
	if (strcmp(cmd, "rov") == 0)
		return cmd_rov(argc - 1, argv + 1);
	if (strcmp(cmd, "config") == 0)
		return cmd_config(argc - 1, argv + 1);
	if (strcmp(cmd, "watch") == 0)
		return cmd_watch(argc - 1, argv + 1);
	if (strcmp(cmd, "lg") == 0) {
#ifdef HAVE_MHD
		return cmd_lg(argc - 1, argv + 1);
#else
		cli_error("built without libmicrohttpd: no looking glass");
		return EXIT_ERROR;
#endif
	}
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("rsguard %s (library %s)\n", RSG_VERSION_STRING,
		    rsg_version());
		return 0;
	}
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0
	    || strcmp(cmd, "-h") == 0) {
		usage(stdout);
		return 0;
	}
	cli_error("unknown command '%s'", cmd);
	usage(stderr);
	return EXIT_ERROR;
}
