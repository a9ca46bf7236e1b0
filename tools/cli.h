/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The rsguard command-line tool: shared declarations of its subcommands.
 */
#ifndef RSG_CLI_H
#define RSG_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

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

/* Longest input line the CLI reads (route or "prefix origin" lines). */
#define CLI_LINE_MAX (1024 * 1024)

/*
 * The next line of f, '\n' included as getline(3) gives it, at most
 * CLI_LINE_MAX bytes. Returns its length, -1 at the end of the input, or
 * -2 after printing "name:lineno[:col]: ..." (nothing if name is NULL)
 * for a read error (stdin a directory), a longer line or binary data (a
 * NUL byte).
 */
ssize_t cli_getline(
    FILE *f, const char *name, uint64_t lineno, char **line, size_t *cap);

/* Copy s (n bytes) for a message: at most 80 bytes, control bytes and
 * non-ASCII as \xNN, "..." if cut. Returns buf. */
const char *cli_quote(const char *s, size_t n, char *buf, size_t cap);

/* A route input: a stream and, if it comes from a helper, its process. */
struct input {
	FILE *f;
	pid_t pid;
	const char *name;
	char *pending;   /* a line read while sniffing the format */
	uint64_t lineno; /* lines read */
	bool mrt;        /* decoded by bgpdump */
};

/* Open `bgpdump -m` text (plain, gzip, bzip2; "-" for stdin) or MRT
 * (through bgpdump). 0, or -1 with the error printed. */
int input_open(const char *path, struct input *in);
/* The next line, as cli_getline(): -1 at the end, -2 after an error. */
ssize_t input_getline(struct input *in, char **line, size_t *cap);
/* A route that does not parse: "name:line:column: message" on stderr. */
void input_error(
    const struct input *in, uint64_t line, const struct rsg_error *err);
/* Close; kill_it stops a decoder still writing. -1 if the decoder
 * failed. */
int input_close(struct input *in, bool kill_it);

/* rsg_check()'s answers that come with a verdict: success, an unknown
 * client (the general policy's verdict), a malformed route (rejected). */
static inline bool
cli_has_verdict(int rc)
{
	return rc == 0 || rc == RSG_ENOCLIENT || rc == RSG_EBADPREFIX
	    || rc == RSG_EBADPATH || rc == RSG_EBADADDR;
}

void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int cmd_check(int argc, char **argv);
int cmd_table(int argc, char **argv);
int cmd_rov(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_lg(int argc, char **argv);

/* output.c: JSON and text rendering of verdicts */
int print_verdict_json(
    FILE *f, const struct rsg_route *r, const struct rsg_verdict *v);
void print_verdict_text(
    FILE *f, const struct rsg_route *r, const struct rsg_verdict *v);

#endif /* RSG_CLI_H */
