/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * irrfetch: the IRR data of the clients, gathered from IRRd servers with
 * the whois client on the worker's loop, the way bgpq4 asks: each AS-SET
 * expanded (!i<set>,1), then the route objects of every ASN found and of
 * every client's own ASN (!gAS<n>, !6AS<n>). The answers become an IRR
 * database (irr.h) like a dump's: each set an as-set of its ASNs, each
 * prefix a route object of its ASN, so the checks and the change reports
 * work the same whatever the source.
 *
 * A fetch never makes the data worse than the last good one (prev):
 *  - a set or an ASN whose query failed (timeout, error, garbage) keeps
 *    what prev held for it, and the failure is counted and named;
 *  - a set that shrinks by more than max_shrink_pct % against prev is
 *    held back with prev's members until rsg__irrfetch_confirm() lets it
 *    through (a set emptied by a mistake in the IRR would otherwise
 *    filter a client's routes at once);
 *  - the answer "no such set" (D) is an answer: the set is gone.
 * Its result, and what it held back, come in one callback.
 */
#ifndef RSG_IRRFETCH_H
#define RSG_IRRFETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "irr.h"
#include "whois.h"

#define IRRFETCH_SOURCE   "WHOIS"
#define IRRFETCH_INFLIGHT 2000 /* queries submitted at once */

struct irrfetch;

struct irrfetch_req {
	const char *const *sets; /* AS-SET names ("AS-X", "RIPE::AS-X") */
	size_t nsets;
	const uint32_t *asns; /* ASNs whose route objects are wanted too */
	size_t nasns;
	const struct irr_db *prev;    /* the last good data, or NULL */
	unsigned max_shrink_pct;      /* 100: never hold back */
	const char *const *confirmed; /* sets to let through even if they
				       * shrank */
	size_t nconfirmed;
};

struct irrfetch_result {
	struct irr_db *db; /* finished; the caller's (rsg__irr_db_del) */
	size_t sets, asns, routes; /* expanded, asked about, route objects */
	size_t failed;             /* queries that failed: prev kept */
	size_t missing;            /* sets no server has */
	char **held;               /* sets held back (shrank), NULL-ended */
	size_t nheld;
	char first_error[256]; /* the first failed query, or "" */
};

/* The fetch ended (rc 0, or RSG_ENOMEM: nothing usable); res is the
 * callback's during the call, its db and held may be taken (set NULL). */
typedef void (*irrfetch_cb)(void *arg, int rc, struct irrfetch_result *res);

/*
 * Start fetching through wc (which the caller keeps, and closes after the
 * fetch ended or was cancelled). req is copied but req->prev, borrowed,
 * must stay until cb has run or the fetch is cancelled. 0 or RSG_ENOMEM;
 * cb runs once unless cancelled: from the loop, or within this call if
 * nothing could be asked (then *out is NULL).
 */
int rsg__irrfetch_start(struct whois *wc, const struct irrfetch_req *req,
    irrfetch_cb cb, void *arg, struct irrfetch **out);
/* Stop a fetch: cb never runs; queries still out are ignored. */
void rsg__irrfetch_cancel(struct irrfetch *f);
void rsg__irrfetch_result_free(struct irrfetch_result *res);

#endif /* RSG_IRRFETCH_H */
