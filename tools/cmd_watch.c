/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rsguard watch: run the library's worker as a route server would, and
 * print every publication and every change of a source's state. SIGHUP
 * reloads the configuration, SIGUSR1 prints the status of every source,
 * SIGINT and SIGTERM stop. Whether the ROV and ASPA tables are in service
 * is printed when it changes, with the sources that hold them back.
 * --once waits until every source has been read or has failed, prints
 * their status and exits 0 if all are ok (a health check for cron or a
 * deployment). --metrics writes the Prometheus text to a file (for
 * node_exporter's textfile collector). --routes holds a table in memory as
 * a route server does and, after every publication, checks again only
 * the routes the change record names (rsg_changes_affects()) and prints
 * those whose verdict changed: the host seam, end to end.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "routes.h"

#define MAX_SOURCES 64

static int sigpipe[2] = { -1, -1 };

static void
on_signal(int sig)
{
	unsigned char c = (unsigned char)sig;
	int saved = errno;

	if (write(sigpipe[1], &c, 1) < 0) {
		/* full: a signal of each kind is already queued */
	}
	errno = saved;
}

static void
stamp(void)
{
	char buf[32];
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	printf("%s ", buf);
}

/* What a route's last check said, to see what changes. */
struct outcome {
	uint64_t reasons[2];
	uint8_t action, rov, aspa;
	bool checked;
};

struct watch {
	struct rsg_ctx *ctx;
	bool verbose;
	bool published;
	uint8_t state[MAX_SOURCES];
	char error[MAX_SOURCES][256];
	size_t nsources;
	struct rsg_table_status table[2];
	/* --routes: the table and each route's last verdict */
	struct routeset routes;
	struct outcome *last;
	struct rsg_cursor *cursor;
};

static const char *
table_state_name(unsigned state)
{
	switch (state) {
	case RSG_TABLE_OFF:
		return "off";
	case RSG_TABLE_READY:
		return "ready";
	case RSG_TABLE_NOT_READY:
		return "not ready";
	default:
		return "stale";
	}
}

/* Report a table coming into or out of service. */
static void
diff_tables(struct watch *w)
{
	for (unsigned t = RSG_TABLE_ROV; t <= RSG_TABLE_ASPA; t++) {
		struct rsg_table_status ts;

		if (rsg_ctx_table_status(w->ctx, t, &ts) != 0
		    || (ts.state == w->table[t].state
			&& strcmp(ts.reason, w->table[t].reason) == 0))
			continue;
		stamp();
		printf("table %s: %s -> %s\n",
		    t == RSG_TABLE_ROV ? "rov" : "aspa",
		    table_state_name(w->table[t].state),
		    table_state_name(ts.state));
		if (ts.reason[0] != '\0')
			printf("  %s\n", ts.reason);
		w->table[t] = ts;
	}
}

/* "vrps /path/file", or the name alone if it says its kind ("rtr ..."). */
static void
print_name(const struct rsg_source_status *st)
{
	const char *kind = rsg_source_name(st->kind);
	size_t n = strlen(kind);

	if (strncmp(st->name, kind, n) == 0 && st->name[n] == ' ')
		printf("%s", st->name);
	else
		printf("%s %s", kind, st->name);
}

static void
print_source(const struct rsg_source_status *st)
{
	printf("  %-10s ", rsg_source_state_name(st->state));
	print_name(st);
	if (st->kind == RSG_SOURCE_RTR && st->state == RSG_SRC_OK)
		printf(", serial %llu", (unsigned long long)st->serial);
	if (st->vrps != 0 || st->kind == RSG_SOURCE_VRPS
	    || st->kind == RSG_SOURCE_RTR)
		printf(", %llu VRPs", (unsigned long long)st->vrps);
	if (st->aspas != 0)
		printf(", %llu ASPAs", (unsigned long long)st->aspas);
	if (st->records != 0)
		printf(", %llu records", (unsigned long long)st->records);
	if (st->last_success != 0)
		printf(", last success %llds ago",
		    (long long)(time(NULL) - st->last_success));
	if (st->last_error[0] != '\0')
		printf("\n             %s", st->last_error);
	putchar('\n');
}

static void
print_status(struct watch *w)
{
	struct rsg_source_status st;
	size_t n = rsg_ctx_source_count(w->ctx);

	stamp();
	printf("%zu sources:\n", n);
	for (size_t i = 0; i < n; i++) {
		if (rsg_ctx_source_status(w->ctx, i, &st) == 0)
			print_source(&st);
	}
	fflush(stdout);
}

/* Report state changes and new errors since the last call. */
static void
diff_status(struct watch *w)
{
	struct rsg_source_status st;
	size_t n = rsg_ctx_source_count(w->ctx);

	if (n != w->nsources) {
		/* a reload changed the sources: start over */
		memset(w->state, 0, sizeof(w->state));
		memset(w->error, 0, sizeof(w->error));
		w->nsources = n;
	}
	for (size_t i = 0; i < n && i < MAX_SOURCES; i++) {
		if (rsg_ctx_source_status(w->ctx, i, &st) != 0)
			continue;
		/* a new state, or a different error: not every retry */
		if (st.state == w->state[i]
		    && strcmp(st.last_error, w->error[i]) == 0)
			continue;
		stamp();
		printf("source ");
		print_name(&st);
		printf(": %s -> %s\n", rsg_source_state_name(w->state[i]),
		    rsg_source_state_name(st.state));
		if (st.last_error[0] != '\0')
			printf("  %s\n", st.last_error);
		w->state[i] = st.state;
		memcpy(w->error[i], st.last_error, sizeof(w->error[i]));
	}
	fflush(stdout);
}

static void
on_changes(void *arg, const struct rsg_changes *ch)
{
	struct watch *w = arg;
	struct rsg_stats s;
	const struct rsg_prefix *p;
	const struct rsg_ip *ips;
	const uint32_t *asns;
	unsigned src = rsg_changes_sources(ch);
	size_t np = rsg_changes_prefixes(ch, &p);
	size_t nc = rsg_changes_clients(ch, &ips);
	size_t na = rsg_changes_asns(ch, &asns);
	const char *sep = "";

	if (rsg_ctx_stats(w->ctx, &s) != 0)
		return;
	stamp();
	printf("generation %llu (", (unsigned long long)s.generation);
	for (unsigned k = 0; k < 32; k++) {
		if (src & (1u << k)) {
			printf("%s%s", sep, rsg_source_name(k));
			sep = ", ";
		}
	}
	if (rsg_changes_all(ch))
		printf("%severything to check again", sep);
	else
		printf("%s%zu prefixes, %zu clients, %zu ASNs changed%s", sep,
		    np, nc, na,
		    rsg_changes_unknown_peers(ch) ? ", unknown peers" : "");
	printf("): %llu VRPs (IPv4 %llu, IPv6 %llu), %llu ASPAs, %llu "
	       "clients; built in %.1f ms, swapped in %.2f ms\n",
	    (unsigned long long)(s.vrps_ipv4 + s.vrps_ipv6),
	    (unsigned long long)s.vrps_ipv4, (unsigned long long)s.vrps_ipv6,
	    (unsigned long long)s.aspas, (unsigned long long)s.clients,
	    (double)s.build_usec / 1000.0, (double)s.publish_usec / 1000.0);
	/* the sources of the changed kinds: serial and counts */
	for (size_t i = 0; i < rsg_ctx_source_count(w->ctx); i++) {
		struct rsg_source_status st;

		if (rsg_ctx_source_status(w->ctx, i, &st) != 0
		    || !(src & (1u << st.kind)) || st.kind == RSG_SOURCE_CONFIG)
			continue;
		printf("  ");
		print_name(&st);
		printf(": serial %llu, %llu VRPs",
		    (unsigned long long)st.serial, (unsigned long long)st.vrps);
		if (st.aspas != 0)
			printf(", %llu ASPAs", (unsigned long long)st.aspas);
		if (st.records != 0)
			printf(
			    ", %llu records", (unsigned long long)st.records);
		putchar('\n');
	}
	if (w->verbose && !rsg_changes_all(ch)) {
		for (size_t i = 0; i < np && i < 50; i++) {
			char buf[64];

			if (rsg_prefix_format(&p[i], buf, sizeof(buf)) > 0)
				printf("  %s\n", buf);
		}
		if (np > 50)
			printf("  ... %zu more\n", np - 50);
	}
	fflush(stdout);
}

/* Write the metrics next to path, then rename: readers see whole files. */
static int
write_metrics(struct rsg_ctx *ctx, const char *path)
{
	char tmp[4096];
	size_t len = rsg_ctx_metrics(ctx, NULL, 0);
	char *buf = malloc(len + 1);
	FILE *f;
	int rc = 0;

	if (buf == NULL)
		return -1;
	rsg_ctx_metrics(ctx, buf, len + 1);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL) {
		free(buf);
		return -1;
	}
	if (fwrite(buf, 1, len, f) != len)
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1;
	free(buf);
	return rc;
}

static bool
all_ok(struct rsg_ctx *ctx)
{
	struct rsg_source_status st;

	for (size_t i = 0; i < rsg_ctx_source_count(ctx); i++) {
		if (rsg_ctx_source_status(ctx, i, &st) == 0
		    && st.state != RSG_SRC_OK)
			return false;
	}
	return true;
}

/* Every source has been read or has failed (none still starting), and
 * the snapshot in service says so (no table waits for a source). */
static bool
settled(struct rsg_ctx *ctx)
{
	struct rsg_source_status st;
	struct rsg_table_status ts;

	for (size_t i = 0; i < rsg_ctx_source_count(ctx); i++) {
		if (rsg_ctx_source_status(ctx, i, &st) == 0
		    && (st.state == RSG_SRC_INIT
			|| st.state == RSG_SRC_CONNECTING))
			return false;
	}
	for (unsigned t = RSG_TABLE_ROV; t <= RSG_TABLE_ASPA; t++) {
		if (rsg_ctx_table_status(ctx, t, &ts) != 0
		    || (ts.state == RSG_TABLE_NOT_READY && all_ok(ctx)))
			return false;
	}
	return true;
}

/* Read the table a route server would hold (rsguard table's inputs). */
static int
load_routes(struct watch *w, const char *path)
{
	static uint64_t buf[8192]; /* 64 KiB, aligned */
	struct input in;
	struct rsg_route r;
	struct rsg_error err;
	char *line = NULL;
	size_t cap = 0;
	uint64_t lineno = 0, errors = 0;
	ssize_t len;
	int rc = 0;

	if (input_open(path, &in) != 0)
		return -1;
	while (rc == 0 && (len = input_getline(&in, &line, &cap)) >= 0) {
		int prc = rsg_route_parse_bgpdump(
		    line, (size_t)len, &r, buf, sizeof(buf), &err);

		lineno++;
		if (prc == RSG_ENOENT)
			continue; /* a withdrawal, a state change */
		if (prc != 0) {
			if (++errors <= 10)
				input_error(&in, lineno, &err);
			continue;
		}
		if (routeset_add(&w->routes, &r) != 0) {
			cli_error("%s: out of memory", in.name);
			rc = -1;
		}
	}
	free(line);
	routeset_seal(&w->routes);
	if (input_close(&in, rc != 0) != 0) {
		cli_error("%s: the decoder (bgpdump/gzip/bzip2) failed", path);
		rc = -1;
	}
	if (errors > 0) {
		cli_error("%s: %" PRIu64 " unreadable lines", path, errors);
		rc = -1;
	}
	if (rc == 0
	    && (w->last = calloc(w->routes.n + 1, sizeof(*w->last))) == NULL) {
		cli_error("%s: out of memory", path);
		rc = -1;
	}
	return rc;
}

static void
print_flip(const struct rsg_route *r, const struct outcome *was,
    const struct rsg_verdict *v)
{
	char pfx[64], ip[64];
	const char *sep = ": ";

	rsg_prefix_format(&r->prefix, pfx, sizeof(pfx));
	rsg_ip_format(&r->peer_ip, ip, sizeof(ip));
	printf("  %s from %s AS%" PRIu32 ": %s (rpki %s, aspa %s) -> %s (rpki "
	       "%s, aspa %s)",
	    pfx, ip, r->peer_asn, rsg_action_key(was->action),
	    rsg_rov_key(was->rov), rsg_aspa_key(was->aspa),
	    rsg_action_key(v->action), rsg_rov_key(v->rov),
	    rsg_aspa_key(v->aspa));
	for (unsigned k = 0; k < RSG_R_COUNT; k++) {
		if (v->reasons[k / 64] & (1ull << (k % 64))) {
			printf("%s%s", sep, rsg_reason_key((enum rsg_reason)k));
			sep = ", ";
		}
	}
	putchar('\n');
}

static double
ms(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e3
	    + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

/* Check again the routes the record names; print those that changed. */
static void
recheck(struct watch *w, const struct rsg_changes *ch)
{
	struct rsg_verdict v = RSG_VERDICT_INIT;
	struct timespec t0, t1;
	bool all = rsg_changes_all(ch);
	size_t checked = 0, changed = 0, accepted = 0, filtered = 0;
	size_t first = 0; /* routes checked for the first time */
	size_t shown = w->verbose ? SIZE_MAX : 20;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (size_t i = 0; i < w->routes.n; i++) {
		const struct rsg_route *r = &w->routes.r[i];
		struct outcome *o = &w->last[i];

		if (!all && o->checked && !rsg_changes_affects(ch, r))
			continue;
		checked++;
		if (!cli_has_verdict(rsg_check(w->ctx, r, &v)))
			continue;
		if (!o->checked || o->action != v.action || o->rov != v.rov
		    || o->aspa != v.aspa
		    || memcmp(o->reasons, v.reasons, sizeof(v.reasons)) != 0) {
			if (!o->checked)
				first++;
			else if (changed++ < shown)
				print_flip(r, o, &v);
			if (v.action == RSG_ACCEPT)
				accepted++;
			else
				filtered++;
			memcpy(o->reasons, v.reasons, sizeof(v.reasons));
			o->action = v.action;
			o->rov = v.rov;
			o->aspa = v.aspa;
			o->checked = true;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (changed > shown)
		printf("  ... and %zu more (-v shows all)\n", changed - shown);
	stamp();
	if (first > 0)
		printf("routes: checked %zu in %.1f ms: %zu accepted, %zu "
		       "filtered or tagged\n",
		    checked, ms(&t0, &t1), accepted, filtered);
	else
		printf(
		    "routes: checked %zu of %zu again in %.1f ms%s: %zu "
		    "changed (%zu now accepted, %zu now filtered or tagged)\n",
		    checked, w->routes.n, ms(&t0, &t1),
		    all ? " (everything)" : "", changed, accepted, filtered);
	fflush(stdout);
}

static void
read_cursor(struct watch *w)
{
	struct rsg_changes *ch;

	if (w->cursor == NULL || rsg_cursor_read(w->cursor, &ch) != 1)
		return;
	recheck(w, ch);
	rsg_changes_free(ch);
}

static void
watch_usage(FILE *f)
{
	fprintf(f,
	    "usage: %s watch [-c CONFIG] [--vrps FILE] [--once] [--for "
	    "SECONDS]\n"
	    "                [--metrics FILE] [--routes TABLE] [-v] [-q]\n",
	    progname);
}

int
cmd_watch(int argc, char **argv)
{
	static const struct option longopts[] = { CLI_COMMON_LONGOPTS,
		{ "once", no_argument, NULL, 2001 },
		{ "for", required_argument, NULL, 2002 },
		{ "metrics", required_argument, NULL, 2003 },
		{ "routes", required_argument, NULL, 2004 },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct common c = { 0 };
	struct watch w = { 0 };
	struct sigaction sa;
	const char *metrics = NULL, *routes = NULL;
	bool once = false, stop = false;
	long duration = 0;
	time_t started, last_metrics = 0;
	int opt, rc = 0, ret = 0;

	while ((opt = getopt_long(
		    argc, argv, CLI_COMMON_SHORTOPTS "h", longopts, NULL))
	    != -1) {
		int r = cli_common_opt(&c, opt, optarg);
		char *end;

		if (r == 1)
			continue;
		if (r < 0)
			return EXIT_ERROR;
		switch (opt) {
		case 2001:
			once = true;
			break;
		case 2002:
			duration = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || duration < 1) {
				cli_error("--for: expected seconds, got '%s'",
				    optarg);
				return EXIT_ERROR;
			}
			break;
		case 2003:
			metrics = optarg;
			break;
		case 2004:
			routes = optarg;
			break;
		case 'h':
			watch_usage(stdout);
			return 0;
		default:
			watch_usage(stderr);
			return EXIT_ERROR;
		}
	}
	if (optind != argc || (c.config == NULL && c.nvrps == 0)) {
		watch_usage(stderr);
		return EXIT_ERROR;
	}
	if (once && duration == 0)
		duration = 60; /* RTR caches get that long to sync */
	if ((w.ctx = cli_new(&c)) == NULL)
		return EXIT_ERROR;
	w.verbose = c.verbose > 0;
	/* the cursor starts at generation 0: its first read says "all" */
	if (routes != NULL
	    && (load_routes(&w, routes) != 0
		|| (rc = rsg_cursor_new(w.ctx, &w.cursor)) != 0)) {
		if (w.last != NULL)
			cli_error("cursor: %s", rsg_strerror(rc));
		routeset_free(&w.routes);
		free(w.last);
		rsg_ctx_free(w.ctx);
		return EXIT_ERROR;
	}
	if (pipe2(sigpipe, O_CLOEXEC | O_NONBLOCK) != 0) {
		cli_error("pipe: %s", strerror(errno));
		rsg_ctx_free(w.ctx);
		return EXIT_ERROR;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	if ((rc = rsg_ctx_start(w.ctx)) != 0) {
		cli_error("cannot start the worker: %s", rsg_strerror(rc));
		rsg_ctx_free(w.ctx);
		return EXIT_ERROR;
	}
	started = time(NULL);
	if (!c.quiet) {
		stamp();
		printf("watching %s (SIGHUP: reload, SIGUSR1: status)\n",
		    c.config != NULL ? c.config : "the given files");
		fflush(stdout);
	}
	while (!stop) {
		struct pollfd p[3] = { { rsg_ctx_get_fd(w.ctx), POLLIN, 0 },
			{ sigpipe[0], POLLIN, 0 },
			{ w.cursor ? rsg_cursor_fd(w.cursor) : -1, POLLIN,
			    0 } };
		unsigned char sig;
		time_t now;

		poll(p, 3, 1000);
		while (read(sigpipe[0], &sig, 1) == 1) {
			if (sig == SIGHUP) {
				stamp();
				printf("reloading %s\n",
				    c.config != NULL ? c.config : "(none)");
				rsg_ctx_reload(w.ctx);
			} else if (sig == SIGUSR1) {
				print_status(&w);
			} else {
				stop = true;
			}
		}
		if (rsg_ctx_dispatch(w.ctx, c.quiet ? NULL : on_changes, &w)
		    == 1) {
			w.published = true;
			if (metrics != NULL)
				last_metrics = 0; /* now */
		}
		if (!c.quiet) {
			diff_status(&w);
			diff_tables(&w);
		}
		read_cursor(&w);
		now = time(NULL);
		if (metrics != NULL && now - last_metrics >= 15) {
			if (write_metrics(w.ctx, metrics) != 0) {
				cli_error("%s: %s", metrics, strerror(errno));
				ret = EXIT_ERROR;
				break;
			}
			last_metrics = now;
		}
		if (once
		    && ((w.published && settled(w.ctx))
			|| now - started >= duration)) {
			/* the counts of a sync just published follow it */
			poll(NULL, 0, 100);
			rsg_ctx_dispatch(
			    w.ctx, c.quiet ? NULL : on_changes, &w);
			read_cursor(&w);
			print_status(&w);
			ret = w.published && all_ok(w.ctx) ? 0 : EXIT_FILTERED;
			break;
		}
		if (duration > 0 && now - started >= duration)
			break;
	}
	rsg_ctx_stop(w.ctx);
	if (!c.quiet && !once) {
		stamp();
		printf("stopped\n");
	}
	rsg_cursor_free(w.cursor);
	rsg_ctx_free(w.ctx);
	routeset_free(&w.routes);
	free(w.last);
	close(sigpipe[0]);
	close(sigpipe[1]);
	return ret;
}
