/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * make bench, the live tables:
 * - delta_publish_ms: rpkilog's real diff between the rpki-client runs of
 *   09:31 and 10:01 (10,208 records: every REPLACE removes the old VRP and
 *   adds the new one) applied to the VRP map, the ROV tables updated, the
 *   change summary made, the snapshot assembled and published (swap, RCU
 *   grace period, old one freed). delta10k_publish_ms: the same with
 *   10,336 real VRPs (every 70th) withdrawn or restored, a delta that
 *   really changes the tables; full_publish_ms: the ROV tables rebuilt
 *   from all VRPs instead, the baseline.
 * - reader_p999_ns_idle / reader_p999_ns_swapping: the 99.9th percentile
 *   of one rsg_check() over the real table in a reader thread, with no
 *   writer, and while the writer publishes 10k deltas back to back;
 *   reader_max_ns_idle / reader_max_ns_swapping: the slowest check.
 * - swap_peak_rss_ratio: the worker serving the real VRPs from a file; the
 *   file is replaced by the other real run; peak RSS while it is read,
 *   diffed and published over the steady RSS before.
 * - rtr_sync_s: StayRTR serving the real VRPs on loopback, rsg_ctx_start()
 *   until the snapshot holds all of them; rtrlib_sync_s: rtrlib alone on
 *   the same cache until rtr_mgr_conf_in_sync().
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rtrlib/rtrlib.h>

#include "bench.h"
#include "cfg.h"
#include "ctx.h"
#include "rpki.h"
#include "snapshot.h"
#include "tables.h"
#include "vrpset.h"

extern char **environ;

/* ------------------------------------------------------------------ */
/* Deltas and readers                                                  */

/* The worker's build lane, in this thread: the tables, publishing into
 * the context. */
struct writer {
	struct rsg_ctx *ctx;
	struct tables t;
	struct vrplog log;
};

static void
publish(struct writer *w)
{
	struct publish_info info;

	if (rsg__tables_publish(&w->t, w->ctx, TABLE_READY, TABLE_READY, &info)
	    != 0)
		abort();
	rsg_ctx_dispatch(w->ctx, NULL, NULL);
}

/* Publish ops the way an RTR sync is: one log, applied whole. */
static double
publish_ops(struct writer *w, const struct vrp_ops *o)
{
	double t0 = now();

	for (size_t i = 0; i < o->n; i++) {
		if (rsg__vrplog_add(&w->log, &o->v[i].v, o->v[i].add) != 0)
			abort();
	}
	rsg__tables_note(&w->t, 1u << RSG_SOURCE_RTR);
	if (rsg__tables_rtr(&w->t, 0, &w->log) != 0)
		abort();
	publish(w);
	return now() - t0;
}

/* The ROV tables from scratch, for comparison. */
static double
publish_full(struct writer *w)
{
	double t0 = now();

	w->t.rov_full = true;
	publish(w);
	return now() - t0;
}

struct reader {
	const struct rsg_ctx *ctx;
	const struct routeset *routes;
	uint32_t *ns;
	size_t n;
	atomic_bool *go;
};

static uint64_t
ns_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void *
reader_main(void *arg)
{
	struct reader *r = arg;
	struct rsg_verdict v = RSG_VERDICT_INIT;
	size_t k = 0;

	rsg_thread_register();
	while (!atomic_load(r->go))
		;
	for (size_t i = 0; i < r->n; i++) {
		uint64_t t0 = ns_now(), t1;
		int rc = rsg_check(r->ctx, &r->routes->r[k], &v);

		t1 = ns_now();
		/* a verdict, also for a malformed route; not a failed call */
		if (rc != 0 && rc != RSG_ENOCLIENT && rc != RSG_EBADPREFIX
		    && rc != RSG_EBADPATH && rc != RSG_EBADADDR) {
			/* a failing check is fast: it would hide the tail */
			fprintf(stderr, "reader: %s\n", rsg_strerror(rc));
			abort();
		}
		r->ns[i] =
		    (uint32_t)(t1 - t0 > UINT32_MAX ? UINT32_MAX : t1 - t0);
		if (++k == r->routes->n)
			k = 0;
	}
	rsg_thread_unregister();
	return NULL;
}

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

struct reader_result {
	double p999; /* ns */
	double max;  /* ns */
};

/* One reader run of n checks; the writer publishes meanwhile if asked. */
static struct reader_result
reader_run(struct writer *w, const struct routeset *routes, size_t n,
    const struct vrp_ops *a, const struct vrp_ops *b, unsigned *publications)
{
	atomic_bool go = false;
	struct reader r = { w->ctx, routes, malloc(n * sizeof(uint32_t)), n,
		&go };
	struct reader_result res;
	pthread_t th;

	if (r.ns == NULL || pthread_create(&th, NULL, reader_main, &r) != 0)
		abort();
	atomic_store(&go, true);
	if (a != NULL) {
		/* publish until the reader is done */
		while (pthread_tryjoin_np(th, NULL) == EBUSY) {
			publish_ops(w, (*publications)++ % 2 ? b : a);
		}
		if (*publications % 2)
			publish_ops(w, b); /* back where it started */
	} else {
		pthread_join(th, NULL);
	}
	qsort(r.ns, n, sizeof(*r.ns), u32_cmp);
	res.p999 = r.ns[n - n / 1000 - 1];
	res.max = r.ns[n - 1];
	free(r.ns);
	return res;
}

/* The worker's state: the tables, and a snapshot published from them. */
static int
writer_init(struct writer *w, const struct live_args *a, struct vrp_vec *vrps)
{
	struct aspa_set aspas = { 0 };
	struct rpki_meta meta = { 0 };
	struct rpki_opts opts = { 0 };
	struct rsg_config *cfg, *copy;
	struct vrpset *set;
	struct rsg_error err;

	memset(w, 0, sizeof(*w));
	if (rsg__rpki_load_file(
		a->vrps_old, RPKI_FMT_AUTO, &opts, vrps, &aspas, &meta, &err)
	    != 0) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	rsg__aspa_set_free(&aspas);
	if (rsg_config_new(&cfg) != 0 || rsg_config_load_file(cfg, a->config)
	    || rsg_ctx_new(cfg, &w->ctx) != 0) {
		fprintf(stderr, "%s: cannot load\n", a->config);
		return -1;
	}
	rsg__tables_init(&w->t);
	if (rsg__config_dup(cfg, &copy) != 0
	    || rsg__vrpset_new(vrps->v, vrps->n, &set) != 0)
		abort();
	rsg_config_free(cfg);
	rsg__tables_config(&w->t, copy);
	if (rsg__tables_active(&w->t, 0, true) != 0
	    || rsg__tables_vrps(&w->t, 0, set, 0) != 0)
		abort();
	publish(w);
	return 0;
}

static void
writer_free(struct writer *w)
{
	rsg__tables_free(&w->t);
	rsg__vrplog_free(&w->log);
	rsg_ctx_free(w->ctx);
}

/* Every 70th VRP withdrawn (out) and restored (in): the 10k deltas. */
static void
ops_10k(const struct vrp_vec *vrps, struct vrp_ops *out, struct vrp_ops *in)
{
	for (size_t i = 0; i < vrps->n; i += 70) {
		rd_ops_push(out, &vrps->v[i], false);
		rd_ops_push(in, &vrps->v[i], true);
	}
}

/* Readers idle and while the writer swaps, interleaved. */
static void
readers(struct writer *w, const struct routeset *routes,
    const struct vrp_ops *out, const struct vrp_ops *in)
{
	double idle[3], busy[3], idle_max[3], busy_max[3];
	unsigned pubs = 0;

	for (int run = 0; run < 3; run++) {
		struct reader_result ri, rb;

		ri = reader_run(w, routes, 2000000, NULL, NULL, NULL);
		rb = reader_run(w, routes, 2000000, out, in, &pubs);
		idle[run] = ri.p999;
		idle_max[run] = ri.max;
		busy[run] = rb.p999;
		busy_max[run] = rb.max;
	}
	printf("reader_p999_ns_idle: %.0f\n", median(idle, 3));
	printf("reader_p999_ns_swapping: %.0f\n", median(busy, 3));
	printf("reader_p999_ratio: %.2f\n", median(busy, 3) / median(idle, 3));
	printf("reader_max_ns_idle: %.0f\n", median(idle_max, 3));
	printf("reader_max_ns_swapping: %.0f\n", median(busy_max, 3));
	printf("reader_swapping_publications: %u\n", pubs);
}

void
bench_readers(const struct live_args *a)
{
	struct writer w;
	struct vrp_vec vrps = { 0 };
	struct vrp_ops out = { 0 }, in = { 0 };

	if (writer_init(&w, a, &vrps) != 0)
		return;
	ops_10k(&vrps, &out, &in);
	readers(&w, a->routes, &out, &in);
	writer_free(&w);
	rsg__vrp_vec_free(&vrps);
	free(out.v);
	free(in.v);
}

void
bench_delta_and_readers(const struct live_args *a)
{
	struct writer w;
	struct vrp_vec vrps = { 0 };
	struct vrp_ops fwd = { 0 }, rev = { 0 }, out = { 0 }, in = { 0 };
	double t_diff[RUNS], t_10k[RUNS], t_full[RUNS];
	size_t records;

	records = rd_load_diff(a->diff, &fwd, &rev);
	if (records == 0) {
		fprintf(stderr, "%s: no diff records\n", a->diff);
		return;
	}
	if (writer_init(&w, a, &vrps) != 0)
		return;
	ops_10k(&vrps, &out, &in);
	printf("delta_records: %zu\n", records);
	printf("delta10k_vrps: %zu\n", out.n);
	for (int run = 0; run < RUNS; run++) {
		/* forward and back: each run starts from the 09:31 tables */
		t_diff[run] = publish_ops(&w, &fwd);
		publish_ops(&w, &rev);
		t_10k[run] = publish_ops(&w, &out);
		publish_ops(&w, &in);
		t_full[run] = publish_full(&w);
	}
	printf("delta_publish_ms: %.2f\n", median(t_diff, RUNS) * 1e3);
	printf("delta10k_publish_ms: %.2f\n", median(t_10k, RUNS) * 1e3);
	printf("full_publish_ms: %.1f\n", median(t_full, RUNS) * 1e3);
	printf("delta10k_speedup_vs_full: %.1f\n",
	    median(t_full, RUNS) / median(t_10k, RUNS));

	readers(&w, a->routes, &out, &in);

	writer_free(&w);
	rsg__vrp_vec_free(&vrps);
	free(fwd.v);
	free(rev.v);
	free(out.v);
	free(in.v);
}

/* ------------------------------------------------------------------ */
/* Peak RSS of a refresh                                               */

static long
status_kb(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, key, strlen(key)) == 0)
			kb = strtol(line + strlen(key), NULL, 10);
	}
	fclose(f);
	return kb;
}

static int
copy_file(const char *from, const char *to)
{
	char tmp[600], buf[1 << 16];
	FILE *in = fopen(from, "r"), *out;
	size_t n;
	int rc = 0;

	snprintf(tmp, sizeof(tmp), "%s.tmp", to);
	out = fopen(tmp, "w");
	if (in == NULL || out == NULL)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	}
	fclose(in);
	if (fclose(out) != 0 || rc != 0)
		return -1;
	return rename(tmp, to);
}

static bool
wait_generation(struct rsg_ctx *ctx, uint64_t gen, int seconds)
{
	struct rsg_stats st;

	for (int i = 0; i < seconds * 100; i++) {
		if (rsg_ctx_stats(ctx, &st) == 0 && st.generation >= gen)
			return true;
		usleep(10000);
	}
	return false;
}

static void
swap_rss_child(const struct live_args *a, const char *dir)
{
	struct rsg_config *cfg;
	struct rsg_ctx *ctx;
	char file[512];
	long steady, peak;
	int fd;

	snprintf(file, sizeof(file), "%s/vrps.json", dir);
	if (copy_file(a->vrps_old, file) != 0 || rsg_config_new(&cfg) != 0
	    || rsg_config_load_file(cfg, a->config) != 0
	    || rsg_config_add_source(cfg, RSG_SOURCE_VRPS, file, true) != 0
	    || rsg_ctx_new(cfg, &ctx) != 0 || rsg_ctx_start(ctx) != 0) {
		fprintf(stderr, "swap_peak_rss: cannot start\n");
		return;
	}
	rsg_config_free(cfg);
	if (!wait_generation(ctx, 1, 60))
		return;
	sleep(1); /* let the first read's buffers go */
	malloc_trim(0);
	steady = status_kb("VmRSS:");
	/* reset the peak ("5" to clear_refs, Linux 4.0) */
	fd = open("/proc/self/clear_refs", O_WRONLY);
	if (fd < 0 || write(fd, "5", 1) != 1) {
		fprintf(stderr, "swap_peak_rss: cannot reset VmHWM\n");
		return;
	}
	close(fd);
	if (copy_file(a->vrps, file) != 0 || !wait_generation(ctx, 2, 60)) {
		fprintf(stderr, "swap_peak_rss: no second publication\n");
		return;
	}
	peak = status_kb("VmHWM:");
	printf("steady_rss_mb: %.1f\n", (double)steady / 1024);
	printf("swap_peak_rss_mb: %.1f\n", (double)peak / 1024);
	printf("swap_peak_rss_ratio: %.2f\n", (double)peak / (double)steady);
	rsg_ctx_free(ctx);
}

void
bench_swap_rss(const struct live_args *a)
{
	char dir[] = "/tmp/rsguard-bench-XXXXXX";
	char cmd[300];
	pid_t pid;

	if (mkdtemp(dir) == NULL)
		return;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		swap_rss_child(a, dir);
		fflush(stdout);
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}
