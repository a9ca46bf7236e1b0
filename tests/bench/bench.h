/* SPDX-License-Identifier: BSD-2-Clause */
/* make bench: what bench.c and bench_live.c share. */
#ifndef RSG_BENCH_H
#define RSG_BENCH_H

#include <stddef.h>

#include <rsguard.h>

#include "realdata.h"

#define RUNS 7

double now(void);
/* Sorts v. */
double median(double *v, int n);

/* The live-table lines (issue 3). Each prints its own lines. */
struct live_args {
	const char *vrps;     /* rpki-client JSON, 10:01:45 */
	const char *vrps_old; /* the same 30 minutes earlier, 09:31:35 */
	const char *diff;     /* rpkilog's diff between the two */
	const char *config;   /* the demo policy */
	const char *table;    /* the RIS table dump (bgpdump -m text) */
	const char *self;     /* this program, to run it again */
	const struct routeset *routes;
};
/* In a child process, before the parent holds anything: RSS. */
void bench_swap_rss(const struct live_args *a);
void bench_delta_and_readers(const struct live_args *a);
/* The reader lines of bench_delta_and_readers alone. */
void bench_readers(const struct live_args *a);
/* bench_worker.c */
void bench_rtr_sync(const struct live_args *a);
void bench_rss(const struct live_args *a);
int bench_rss_child(int argc, char **argv);
void bench_loop_latency(const struct live_args *a);
void bench_changes(const struct live_args *a);
/* The origin of a route: the last ASN of its last AS_SEQUENCE, 0 if
 * none (bench.c). */
uint32_t bench_origin(const struct rsg_route *r);
/* bench_irr.c */
void bench_irr(const struct routeset *routes);
struct ptab;
struct asnset;
/* The IRR part's route-object table of a million objects from the table
 * (irr_set_build_ms_1m, irr_bytes_per_prefix), and every origin. */
int bench_irr_table(const struct routeset *routes, struct ptab *t4,
    struct ptab *t6, struct asnset *origins);

#endif
