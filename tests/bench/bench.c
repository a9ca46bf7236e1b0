/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * make bench: machine-readable "name: value" lines, with rtrlib as the
 * baseline measured in the same run on the same data.
 *
 *   bench VRPS.json TABLE.txt CONFIG.yml
 *
 * - rov_lookup_ns / rtrlib_lookup_ns / rov_speedup_vs_rtrlib: the real
 *   VRPs, 1,000,000 (prefix, origin) queries drawn at random from the real
 *   table dump, random order; rtrlib's pfx_table_validate as baseline.
 *   Every answer is compared (rov_mismatches must be 0).
 * - pipeline_routes_per_s: rsg_check() with every check over the whole
 *   table, one core, routes pre-parsed.
 * - snapshot_build_ms: the full snapshot (ROV tables, ASPA, bogons,
 *   clients) from the parsed data; vrp_parse_ms: reading the JSON.
 * - bytes_per_vrp / rtrlib_bytes_per_vrp: table memory per VRP (rtrlib:
 *   malloc'ed bytes while its table is built).
 * Each timing is the median of RUNS runs; the machine is noisy.
 */
#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rtrlib/rtrlib.h>

#include "alloc.h"
#include "bench.h"
#include "cfg.h"
#include "ctx.h"
#include "filter.h"
#include "irr.h"
#include "roa.h"
#include "rpki.h"
#include "vrpset.h"
#include "snapshot.h"

#define NQUERIES 1000000

struct query {
	struct rsg_prefix p;
	uint32_t origin;
};

double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), dbl_cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void
to_lrtr(const struct rsg_prefix *p, struct lrtr_ip_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (p->ip.afi == RSG_AFI_IPV4) {
		a->ver = LRTR_IPV4;
		a->u.addr4.addr = p->ip.addr[0];
	} else {
		a->ver = LRTR_IPV6;
		memcpy(a->u.addr6.addr, p->ip.addr, sizeof(a->u.addr6.addr));
	}
}

static enum rsg_rov
from_rtrlib(enum pfxv_state s)
{
	return s == BGP_PFXV_STATE_VALID  ? RSG_ROV_VALID
	    : s == BGP_PFXV_STATE_INVALID ? RSG_ROV_INVALID
					  : RSG_ROV_NOTFOUND;
}

uint32_t
bench_origin(const struct rsg_route *r)
{
	size_t off = 0;
	uint32_t origin = 0;

	while (off + 2 <= r->as_path_len) {
		unsigned type = r->as_path[off], n = r->as_path[off + 1];
		const uint8_t *last = r->as_path + off + 2 + 4 * (n - 1);

		origin = type == RSG_SEG_SEQUENCE
		    ? (uint32_t)last[0] << 24 | (uint32_t)last[1] << 16
			| (uint32_t)last[2] << 8 | last[3]
		    : 0;
		off += 2 + 4 * (size_t)n;
	}
	return origin;
}

int
main(int argc, char **argv)
{
	struct vrp_vec vrps = { 0 };
	struct aspa_set aspas = { 0 };
	struct rpki_meta meta = { 0 };
	struct rpki_opts opts = { 0 };
	struct rsg_error err;
	struct routeset routes;
	struct query *q;
	struct roa_table rt;
	struct pfx_table pt;
	struct rsg_config *cfg;
	struct rsg_ctx *ctx;
	double t_ours[RUNS], t_rtr[RUNS], t_pipe[RUNS], t_build[RUNS];
	double t_irr[RUNS];
	struct ptab irr4, irr6;
	struct asnset irr_origins;
	double t_parse[3];
	size_t mismatches = 0, valid = 0, invalid = 0, notfound = 0;
	size_t rtr_bytes;
	struct mallinfo2 m0, m1;
	volatile unsigned sink = 0;
	const char *only;
	struct live_args live;

	if (argc > 1 && strcmp(argv[1], "--rss") == 0)
		return bench_rss_child(argc, argv);
	if (argc != 6) {
		fprintf(stderr,
		    "usage: %s VRPS.json TABLE.txt CONFIG.yml OLD_VRPS.json "
		    "DIFF.json\n",
		    argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	live = (struct live_args){ argv[1], argv[4], argv[5], argv[3], argv[2],
		argv[0], NULL };
	only = getenv("RSG_BENCH_ONLY");
	/* RSG_BENCH_ONLY=rtr, rss, loop, changes: one group of lines */
	if (only != NULL && strcmp(only, "rtr") == 0) {
		bench_rtr_sync(&live);
		return 0;
	}
	if (only != NULL && strcmp(only, "rss") == 0) {
		bench_rss(&live);
		return 0;
	}
	if (only != NULL && strcmp(only, "loop") == 0) {
		bench_loop_latency(&live);
		return 0;
	}
	if (only != NULL && strcmp(only, "changes") == 0) {
		bench_changes(&live);
		return 0;
	}
	/* RSG_BENCH_ONLY=irr: the IRR lines */
	if (only != NULL && strcmp(only, "irr") == 0) {
		if (rd_load_routes(argv[2], 1, &routes) != 0)
			return 1;
		bench_irr(&routes);
		return 0;
	}
	/* RSG_BENCH_ONLY=readers: only the readers, idle and swapping */
	if (only != NULL && strcmp(only, "readers") == 0) {
		if (rd_load_routes(argv[2], 1, &routes) != 0)
			return 1;
		printf("table_routes: %zu\n", routes.n);
		live.routes = &routes;
		bench_readers(&live);
		return 0;
	}
	/* first, in a child, while this process holds nothing */
	bench_swap_rss(&live);
	/* parse the VRP file (3 runs, keep the last result) */
	for (int i = 0; i < 3; i++) {
		double t0;

		rsg__vrp_vec_free(&vrps);
		rsg__aspa_set_free(&aspas);
		memset(&vrps, 0, sizeof(vrps));
		memset(&aspas, 0, sizeof(aspas));
		t0 = now();
		if (rsg__rpki_load_file(argv[1], RPKI_FMT_AUTO, &opts, &vrps,
			&aspas, &meta, &err)
		    != 0) {
			fprintf(stderr, "%s\n", err.message);
			return 1;
		}
		t_parse[i] = now() - t0;
	}
	printf("vrps: %zu\n", vrps.n);
	printf("aspas: %zu\n", aspas.rec.n);
	printf("vrp_parse_ms: %.1f\n", median(t_parse, 3) * 1e3);
	if (rd_load_routes(argv[2], 1, &routes) != 0)
		return 1;
	printf("table_routes: %zu\n", routes.n);
	bench_irr(&routes);

	/* the same 1M queries for both, random order */
	q = malloc(NQUERIES * sizeof(*q));
	if (q == NULL)
		return 1;
	for (size_t i = 0; i < NQUERIES; i++) {
		const struct rsg_route *r = &routes.r[rng() % routes.n];

		q[i].p = r->prefix;
		q[i].origin = bench_origin(r);
	}
	printf("queries: %d\n", NQUERIES);

	/* our table */
	if (rsg__roa_build(&rt, vrps.v, vrps.n) != 0)
		return 1;
	printf("bytes_per_vrp: %.1f\n",
	    (double)(rt.t4.bytes + rt.t6.bytes) / (double)vrps.n);
	/* the IRR's route objects, a million */
	memset(&irr_origins, 0, sizeof(irr_origins));
	rsg__ptab_init(&irr4, RSG_AFI_IPV4);
	rsg__ptab_init(&irr6, RSG_AFI_IPV6);
	if (bench_irr_table(&routes, &irr4, &irr6, &irr_origins) != 0)
		return 1;

	/* rtrlib's table, same VRPs */
	m0 = mallinfo2();
	pfx_table_init(&pt, NULL);
	for (size_t i = 0; i < vrps.n; i++) {
		struct pfx_record rec;

		memset(&rec, 0, sizeof(rec));
		rec.asn = vrps.v[i].asn;
		to_lrtr(&vrps.v[i].prefix, &rec.prefix);
		rec.min_len = vrps.v[i].prefix.len;
		rec.max_len = vrps.v[i].max_len;
		rec.socket = NULL;
		pfx_table_add(&pt, &rec);
	}
	m1 = mallinfo2();
	rtr_bytes = m1.uordblks - m0.uordblks;
	printf(
	    "rtrlib_bytes_per_vrp: %.1f\n", (double)rtr_bytes / (double)vrps.n);

	/* correctness first: every answer against rtrlib */
	for (size_t i = 0; i < NQUERIES; i++) {
		struct lrtr_ip_addr a;
		enum pfxv_state s;
		enum rsg_rov ours =
		    rsg__roa_validate(&rt, &q[i].p, q[i].origin, NULL, 0, NULL);

		to_lrtr(&q[i].p, &a);
		pfx_table_validate(&pt, q[i].origin, &a, q[i].p.len, &s);
		if (from_rtrlib(s) != ours)
			mismatches++;
		valid += ours == RSG_ROV_VALID;
		invalid += ours == RSG_ROV_INVALID;
		notfound += ours == RSG_ROV_NOTFOUND;
	}
	printf("rov_mismatches: %zu\n", mismatches);
	printf("rov_valid: %zu\nrov_invalid: %zu\nrov_notfound: %zu\n", valid,
	    invalid, notfound);

	/* timing, interleaved runs */
	for (int run = 0; run < RUNS; run++) {
		double t0 = now();

		for (size_t i = 0; i < NQUERIES; i++)
			sink += rsg__roa_validate(
			    &rt, &q[i].p, q[i].origin, NULL, 0, NULL);
		t_ours[run] = now() - t0;
		t0 = now();
		for (size_t i = 0; i < NQUERIES; i++) {
			struct lrtr_ip_addr a;
			enum pfxv_state s;

			to_lrtr(&q[i].p, &a);
			pfx_table_validate(
			    &pt, q[i].origin, &a, q[i].p.len, &s);
			sink += s;
		}
		t_rtr[run] = now() - t0;
		/* the IRR check: origin in the AS-SET, a route object */
		t0 = now();
		for (size_t i = 0; i < NQUERIES; i++) {
			const struct ptab *t =
			    q[i].p.ip.afi == RSG_AFI_IPV6 ? &irr6 : &irr4;

			bool in = rsg__asnset_has(&irr_origins, q[i].origin);

			sink += in
			    + rsg__irr_route_ok(t, &irr_origins, &q[i].p, false,
				in ? q[i].origin : 0);
		}
		t_irr[run] = now() - t0;
	}
	{
		double ours = median(t_ours, RUNS) * 1e9 / NQUERIES;
		double rtr = median(t_rtr, RUNS) * 1e9 / NQUERIES;

		printf("rov_lookup_ns: %.1f\n", ours);
		printf("rtrlib_lookup_ns: %.1f\n", rtr);
		printf("rov_speedup_vs_rtrlib: %.2f\n", rtr / ours);
		printf("irr_lookup_ns: %.1f\n",
		    median(t_irr, RUNS) * 1e9 / NQUERIES);
		printf("irr_vs_rov_lookup: %.2f\n",
		    median(t_irr, RUNS) * 1e9 / NQUERIES / ours);
	}
	rsg__ptab_free(&irr4);
	rsg__ptab_free(&irr6);
	rsg__asnset_free(&irr_origins);
	pfx_table_free(&pt);

	/* the whole pipeline through the public API */
	if (rsg_config_new(&cfg) != 0 || rsg_config_load_file(cfg, argv[3])
	    || rsg_config_add_source(cfg, RSG_SOURCE_VRPS, argv[1], true) != 0
	    || rsg_ctx_new(cfg, &ctx) != 0) {
		fprintf(stderr, "%s: cannot load the configuration\n", argv[3]);
		return 1;
	}
	if (rsg_ctx_load(ctx) != 0) {
		fprintf(stderr, "%s\n", rsg_ctx_errmsg(ctx));
		return 1;
	}
	for (int run = 0; run < RUNS; run++) {
		struct rsg_verdict v = RSG_VERDICT_INIT;
		double t0 = now();

		for (size_t i = 0; i < routes.n; i++) {
			rsg_check(ctx, &routes.r[i], &v);
			sink += v.action;
		}
		t_pipe[run] = now() - t0;
	}
	printf("pipeline_routes_per_s: %.0f\n",
	    (double)routes.n / median(t_pipe, RUNS));
	printf(
	    "check_ns: %.1f\n", median(t_pipe, RUNS) * 1e9 / (double)routes.n);

	/* snapshot build from parsed data: the VRPs sorted into a set, the
	 * set into the ROV tables, the rest */
	for (int run = 0; run < RUNS; run++) {
		struct vrpunion u;
		struct vrp_delta d;
		struct vrpset *set;
		struct part_input in;
		struct rsg_snapshot *s;
		double t0 = now();

		memset(&in, 0, sizeof(in));
		memset(&d, 0, sizeof(d));
		rsg__vrpunion_init(&u);
		if (rsg__vrpset_new(vrps.v, vrps.n, &set) != 0
		    || rsg__vrpunion_set(&u, 0, true, false, &d) != 0
		    || rsg__vrpunion_replace(&u, 0, set, &d) != 0)
			return 1;
		in.cfg = &ctx->cfg;
		in.vrps = &u;
		in.aspas = &aspas;
		in.rov_full = true;
		if (rsg__snapshot_build(&in, &s) != 0)
			return 1;
		t_build[run] = now() - t0;
		rsg__snapshot_free(s);
		rsg__vrpunion_free(&u);
		rsg__vrp_delta_free(&d);
	}
	printf("snapshot_build_ms: %.1f\n", median(t_build, RUNS) * 1e3);

	/* the live tables */
	live.routes = &routes;
	bench_delta_and_readers(&live);
	bench_rtr_sync(&live);
	bench_rss(&live);
	bench_loop_latency(&live);
	bench_changes(&live);

	rsg_ctx_free(ctx);
	rsg_config_free(cfg);
	rsg__roa_free(&rt);
	rsg__vrp_vec_free(&vrps);
	rsg__aspa_set_free(&aspas);
	free(q);
	return sink == 0xdeadbeef ? 1 : 0;
}
