/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The rsguard command-line tool: shared declarations of its subcommands.
 */
#ifndef RSG_CLI_H
#define RSG_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include <rsguard.h>

/* Exit codes. */
enum {
	EXIT_ACCEPTED = 0, /* success; rsguard check: route accepted */
	EXIT_FILTERED = 1, /* rsguard check: route filtered */
	EXIT_ERROR = 2,    /* usage, configuration or data error */
};

/* Options every data-reading subcommand takes. */
struct common {
	const char *config;   /* -c */
	const char *vrps[16]; /* --vrps (replace the configured ones) */
	int nvrps;
	const char *aspa[16]; /* --aspa */
	int naspa;
	long long as_of; /* --as-of, 0: now */
	int verbose;     /* -v */
	bool quiet;      /* -q */
};

extern const char *progname;

/* Parse a common option; returns 1 if it was one, 0 if not, -1 on error. */
int cli_common_opt(struct common *c, int opt, const char *arg);
/* getopt_long entries for the common options (terminated by the caller). */
#define CLI_COMMON_LONGOPTS                                                    \
	{ "config", required_argument, NULL, 'c' },                            \
	    { "vrps", required_argument, NULL, 1001 },                         \
	    { "aspa", required_argument, NULL, 1002 },                         \
	    { "as-of", required_argument, NULL, 1003 },                        \
	    { "verbose", no_argument, NULL, 'v' },                             \
	{                                                                      \
		"quiet", no_argument, NULL, 'q'                                \
	}
#define CLI_COMMON_SHORTOPTS "c:vq"

/* Load the configuration and data: a context ready for checks. */
struct rsg_ctx *cli_open(struct common *c);
/* The same context before any data is loaded. */
struct rsg_ctx *cli_new(struct common *c);

void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int cmd_check(int argc, char **argv);
int cmd_table(int argc, char **argv);
int cmd_rov(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_watch(int argc, char **argv);

/* output.c: JSON and text rendering of verdicts */
int print_verdict_json(
    FILE *f, const struct rsg_route *r, const struct rsg_verdict *v);
void print_verdict_text(
    FILE *f, const struct rsg_route *r, const struct rsg_verdict *v);

#endif /* RSG_CLI_H */
