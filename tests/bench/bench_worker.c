/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * make bench, the worker as a route server runs it (baseline in the same
 * run for each):
 * - rtr_sync_s: StayRTR serving the real VRPs on loopback,
 *   rsg_ctx_start() until the snapshot holds all of them; rtrlib_sync_s:
 *   rtrlib alone on the same cache until rtr_mgr_conf_in_sync().
 * - file_rss_bytes_per_vrp, rtr_rss_bytes_per_vrp: the whole process
 *   (VmRSS) per VRP, serving the real VRPs from the file, and from
 *   StayRTR; rtrlib_rss_bytes_per_vrp: a process running rtrlib alone on
 *   the same cache. Each in a fresh process (this program run again).
 * - loop_latency_ms_during_reparse: the worker's loop lag (how late its
 *   100 ms timer fires, worst case) while the real 723k-VRP file is read
 *   again and again; loop_latency_ms_idle the same without; and the
 *   slowest status call meanwhile.
 * - changes_false_positive_pct: the property test of affects.c on the
 *   real table: routes reported affected whose verdict did not change,
 *   median over single-client and single-ASN changes (and their worst);
 *   changes_false_positive_pct_if_all: the same had every change said
 *   "all" (a host re-checking everything).
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rtrlib/rtrlib.h>

#include "affects.h"
#include "bench.h"
#include "ctx.h"
#include "loopback.h"

extern char **environ;

#define STAYRTR "/usr/bin/stayrtr"

/* ------------------------------------------------------------------ */
/* StayRTR and rtrlib                                                  */

/* StayRTR drops VRPs past "expires": serve a copy that never expires. */
static int
unexpire(const char *from, const char *to)
{
	FILE *in = fopen(from, "r"), *out = fopen(to, "w");
	char line[1024];

	if (in == NULL || out == NULL)
		return -1;
	while (fgets(line, sizeof(line), in) != NULL) {
		char *e = strstr(line, "\"expires\": ");

		if (e != NULL) {
			char *d = e + 11, *end = d;

			while (*end >= '0' && *end <= '9')
				end++;
			fwrite(line, 1, (size_t)(d - line), out);
			fputs("4102444800", out);
			fputs(end, out);
		} else {
			fputs(line, out);
		}
	}
	fclose(in);
	return fclose(out);
}

struct stayrtr {
	pid_t pid;
	int port;
	char dir[64];
};

/* StayRTR serving vrps on a loopback port; 0 or -1. */
static int
stayrtr_start(const char *vrps, struct stayrtr *s)
{
	char file[300], bind[64], log[300];
	static char o_bind[] = "-bind", o_cache[] = "-cache",
		    o_check[] = "-checktime=false",
		    o_metrics[] = "-metrics.addr=",
		    o_refresh[] = "-refresh=3600",
		    o_log[] = "-log.verbose=false", prog[] = STAYRTR;
	char *argv[] = { prog, o_bind, bind, o_cache, file, o_check, o_metrics,
		o_refresh, o_log, NULL };
	posix_spawn_file_actions_t fa;

	memset(s, 0, sizeof(*s));
	s->pid = -1;
	snprintf(s->dir, sizeof(s->dir), "/tmp/rsguard-rtr-XXXXXX");
	if (access(STAYRTR, X_OK) != 0 || mkdtemp(s->dir) == NULL)
		return -1;
	snprintf(file, sizeof(file), "%s/vrps.json", s->dir);
	snprintf(log, sizeof(log), "%s/stayrtr.log", s->dir);
	s->port = lo_free_port();
	snprintf(bind, sizeof(bind), "127.0.0.1:%d", s->port);
	if (unexpire(vrps, file) != 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT, 0644);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	if (posix_spawn(&s->pid, STAYRTR, &fa, NULL, argv, environ) != 0)
		s->pid = -1;
	posix_spawn_file_actions_destroy(&fa);
	for (int i = 0; s->pid > 0 && i < 1200 && !lo_port_open(s->port); i++)
		usleep(50000);
	return s->pid > 0 ? 0 : -1;
}

static void
stayrtr_stop(struct stayrtr *s)
{
	char cmd[200];

	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		waitpid(s->pid, NULL, 0);
	}
	if (s->dir[0] != '\0' && strchr(s->dir, 'X') == NULL) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s->dir);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", s->dir);
	}
}

/* rtrlib and rsguard write their debug lines to stderr: not here. */
static int
quiet(void)
{
	int fd, null;

	fflush(stderr);
	fd = dup(2);
	null = open("/dev/null", O_WRONLY);
	if (null >= 0) {
		dup2(null, 2);
		close(null);
	}
	return fd;
}

static void
loud(int fd)
{
	if (fd >= 0) {
		dup2(fd, 2);
		close(fd);
	}
}

static void
count_cb(const struct pfx_record *r, void *data)
{
	(void)r;
	(*(size_t *)data)++;
}

/* rtrlib alone, connected until in sync: the manager (NULL on error). */
struct rtrlib {
	struct tr_socket tr;
	struct rtr_socket rs;
	struct rtr_socket *socks[1];
	struct rtr_mgr_config *conf;
};

static int
rtrlib_sync(int port, struct rtrlib *r, double *secs, size_t *n)
{
	struct tr_tcp_config tc = { 0 };
	struct rtr_mgr_group g;
	char portstr[16], host[] = "127.0.0.1";
	double t0;

	snprintf(portstr, sizeof(portstr), "%d", port);
	tc.host = host;
	tc.port = portstr;
	memset(r, 0, sizeof(*r));
	memset(&g, 0, sizeof(g));
	if (tr_tcp_init(&tc, &r->tr) != TR_SUCCESS)
		return -1;
	r->rs.tr_socket = &r->tr;
	r->socks[0] = &r->rs;
	g.sockets = r->socks;
	g.sockets_len = 1;
	g.preference = 1;
	if (rtr_mgr_init(
		&r->conf, &g, 1, 3600, 7200, 600, NULL, NULL, NULL, NULL)
	    != RTR_SUCCESS)
		return -1;
	t0 = now();
	rtr_mgr_start(r->conf);
	*secs = -1;
	for (int i = 0; i < 12000; i++) {
		if (rtr_mgr_conf_in_sync(r->conf)) {
			*secs = now() - t0;
			break;
		}
		usleep(5000);
	}
	*n = 0;
	rtr_mgr_for_each_ipv4_record(r->conf, count_cb, n);
	rtr_mgr_for_each_ipv6_record(r->conf, count_cb, n);
	return *secs < 0 ? -1 : 0;
}

static void
rtrlib_free(struct rtrlib *r)
{
	if (r->conf != NULL) {
		rtr_mgr_stop(r->conf);
		rtr_mgr_free(r->conf);
	}
}

/* A context on this configuration text, started. */
static struct rsg_ctx *
worker(const char *text)
{
	struct rsg_config *cfg;
	struct rsg_ctx *ctx;

	if (rsg_config_new(&cfg) != 0
	    || rsg_config_load_string(cfg, text, strlen(text), "bench") != 0
	    || rsg_ctx_new(cfg, &ctx) != 0)
		return NULL;
	rsg_config_free(cfg);
	if (rsg_ctx_start(ctx) != 0) {
		rsg_ctx_free(ctx);
		return NULL;
	}
	return ctx;
}

/* Until the ROV table is in service with at least n VRPs: seconds. */
static double
wait_ready(struct rsg_ctx *ctx, size_t n, double t0)
{
	for (int i = 0; i < 24000; i++) {
		struct rsg_stats st;

		if (rsg_ctx_stats(ctx, &st) == 0
		    && st.rov_state == RSG_TABLE_READY
		    && st.vrps_ipv4 + st.vrps_ipv6 >= n)
			return now() - t0;
		usleep(5000);
	}
	return -1;
}

static char *
rtr_config(int port)
{
	static char text[512];

	snprintf(text, sizeof(text),
	    "general: {rs_as: 64496}\n"
	    "sources:\n  rtr: [{host: 127.0.0.1, port: %d}]\n",
	    port);
	return text;
}

static char *
file_config(const char *vrps)
{
	static char text[4600];

	snprintf(text, sizeof(text),
	    "general: {rs_as: 64496, rpki_roas: {check_expires: false, "
	    "ignore_cache_files_older_than: 0}}\n"
	    "sources: {vrps: [\"%s\"], refresh: 0}\n",
	    vrps);
	return text;
}

void
bench_rtr_sync(const struct live_args *a)
{
	struct stayrtr s;
	double ours[3], base[3];
	size_t n = 0;
	int fd;

	if (stayrtr_start(a->vrps, &s) != 0) {
		fprintf(stderr, "rtr_sync_s: no %s, not measured\n", STAYRTR);
		stayrtr_stop(&s);
		return;
	}
	fd = quiet();
	for (int run = 0; run < 3; run++) {
		struct rtrlib r;
		struct rsg_ctx *ctx;
		double t0;

		rtrlib_sync(s.port, &r, &base[run], &n);
		rtrlib_free(&r);
		t0 = now();
		ctx = worker(rtr_config(s.port));
		ours[run] = ctx != NULL ? wait_ready(ctx, n, t0) : -1;
		rsg_ctx_free(ctx);
	}
	loud(fd);
	printf("rtr_vrps: %zu\n", n);
	printf("rtrlib_sync_s: %.2f\n", median(base, 3));
	printf("rtr_sync_s: %.2f\n", median(ours, 3));
	printf("rtr_sync_ratio_vs_rtrlib: %.2f\n",
	    median(ours, 3) / median(base, 3));
	stayrtr_stop(&s);
}

/* ------------------------------------------------------------------ */
/* Memory, whole process                                               */

static long
rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "VmRSS:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	}
	fclose(f);
	return kb;
}

/* In a fresh process: bench --rss file|rtr|rtrlib FILE|PORT. Prints
 * "RSS_BYTES VRPS". */
int
bench_rss_child(int argc, char **argv)
{
	size_t n = 0;
	long kb;

	if (argc != 4)
		return 2;
	if (strcmp(argv[2], "rtrlib") == 0) {
		struct rtrlib r;
		double secs;
		int fd = quiet();

		if (rtrlib_sync(atoi(argv[3]), &r, &secs, &n) != 0)
			return 1;
		sleep(1);
		kb = rss_kb();
		rtrlib_free(&r);
		loud(fd);
	} else {
		struct rsg_ctx *ctx;
		struct rsg_stats st;
		int fd = quiet();

		ctx = worker(strcmp(argv[2], "rtr") == 0
			? rtr_config(atoi(argv[3]))
			: file_config(argv[3]));
		if (ctx == NULL || wait_ready(ctx, 1, now()) < 0)
			return 1;
		/* every record applied (an RTR cache's first sync is one
		 * publication) and the transients of the build gone */
		sleep(2);
		rsg_ctx_stats(ctx, &st);
		n = st.vrps_ipv4 + st.vrps_ipv6;
		kb = rss_kb();
		rsg_ctx_free(ctx);
		loud(fd);
	}
	printf("%ld %zu\n", kb * 1024, n);
	return 0;
}

/* Run this program again in one of its --rss modes: bytes per VRP. */
static double
rss_run(const char *self, const char *mode, const char *arg)
{
	char *argv[] = { (char *)(uintptr_t)self, (char *)(uintptr_t) "--rss",
		(char *)(uintptr_t)mode, (char *)(uintptr_t)arg, NULL };
	posix_spawn_file_actions_t fa;
	int p[2], status;
	pid_t pid;
	char buf[128] = "";
	ssize_t len;
	long bytes = 0;
	size_t n = 0;

	if (pipe(p) != 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_addclose(&fa, p[0]);
	if (posix_spawn(&pid, self, &fa, NULL, argv, environ) != 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	len = read(p[0], buf, sizeof(buf) - 1);
	close(p[0]);
	waitpid(pid, &status, 0);
	if (len <= 0 || sscanf(buf, "%ld %zu", &bytes, &n) != 2 || n == 0)
		return -1;
	return (double)bytes / (double)n;
}

void
bench_rss(const struct live_args *a)
{
	struct stayrtr s;
	double file[3], rtr[3], base[3];
	char port[16];

	if (stayrtr_start(a->vrps, &s) != 0) {
		fprintf(stderr, "rss: no %s, not measured\n", STAYRTR);
		stayrtr_stop(&s);
		return;
	}
	snprintf(port, sizeof(port), "%d", s.port);
	for (int run = 0; run < 3; run++) {
		base[run] = rss_run(a->self, "rtrlib", port);
		rtr[run] = rss_run(a->self, "rtr", port);
		file[run] = rss_run(a->self, "file", a->vrps);
	}
	printf("rtrlib_rss_bytes_per_vrp: %.1f\n", median(base, 3));
	printf("rtr_rss_bytes_per_vrp: %.1f\n", median(rtr, 3));
	printf("rtr_rss_ratio_vs_rtrlib: %.2f\n",
	    median(rtr, 3) / median(base, 3));
	printf("file_rss_bytes_per_vrp: %.1f\n", median(file, 3));
	stayrtr_stop(&s);
}

/* ------------------------------------------------------------------ */
/* The loop while the big file is read                                 */

void
bench_loop_latency(const struct live_args *a)
{
	double idle[3], busy[3], call[3];
	struct rsg_ctx *ctx;
	int fd = quiet();

	ctx = worker(file_config(a->vrps));
	if (ctx == NULL || wait_ready(ctx, 1, now()) < 0) {
		loud(fd);
		fprintf(stderr, "loop latency: the worker did not start\n");
		rsg_ctx_free(ctx);
		return;
	}
	for (int run = 0; run < 3; run++) {
		double t0, worst = 0;

		rsg__ctx_loop_lag(ctx);
		usleep(2000000);
		idle[run] = (double)rsg__ctx_loop_lag(ctx) / 1000.0;
		/* three reads of the 723k file back to back, status calls
		 * every 5 ms meanwhile */
		t0 = now();
		for (int i = 0; i < 3; i++)
			rsg_ctx_refresh(ctx);
		while (now() - t0 < 4.0) {
			struct rsg_source_status st;
			double c0 = now();

			for (size_t i = 0; i < rsg_ctx_source_count(ctx); i++)
				rsg_ctx_source_status(ctx, i, &st);
			if (now() - c0 > worst)
				worst = now() - c0;
			usleep(5000);
		}
		busy[run] = (double)rsg__ctx_loop_lag(ctx) / 1000.0;
		call[run] = worst * 1e3;
	}
	rsg_ctx_free(ctx);
	loud(fd);
	printf("loop_latency_ms_idle: %.2f\n", median(idle, 3));
	printf("loop_latency_ms_during_reparse: %.2f\n", median(busy, 3));
	printf("status_call_ms_during_reparse: %.3f\n", median(call, 3));
}

/* ------------------------------------------------------------------ */
/* Change records against re-checking                                  */

static int
dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

void
bench_changes(const struct live_args *a)
{
	static struct prop_result r[PROP_KINDS];
	static const unsigned single[] = { PROP_CLIENT, PROP_ASPA,
		PROP_TRANSIT_FREE, PROP_PDB_NEVER_VIA };
	struct prop_args pa = { a->table, a->vrps, a->diff, a->config, 1, 8,
		0x5eed };
	double fp[4 * 256], all[4 * 256], worst = 0;
	size_t n = 0, missed = 0;

	if (prop_run(&pa, r) != 0) {
		fprintf(stderr, "changes: the property run failed\n");
		return;
	}
	for (unsigned k = 0; k < PROP_KINDS; k++)
		missed += r[k].missed;
	for (size_t i = 0; i < sizeof(single) / sizeof(single[0]); i++) {
		const struct prop_result *x = &r[single[i]];

		for (unsigned c = 0; c < x->changes && c < 256; c++) {
			fp[n] = x->fp_pct[c];
			all[n] = 100.0 - x->changed_pct[c];
			if (fp[n] > worst)
				worst = fp[n];
			n++;
		}
	}
	qsort(fp, n, sizeof(*fp), dbl_cmp);
	qsort(all, n, sizeof(*all), dbl_cmp);
	printf("changes_measured: %zu\n", n);
	printf("changes_missed: %zu\n", missed);
	printf("changes_false_positive_pct: %.3f\n", fp[n / 2]);
	printf("changes_false_positive_pct_max: %.3f\n", worst);
	printf("changes_false_positive_pct_if_all: %.3f\n", all[n / 2]);
}
