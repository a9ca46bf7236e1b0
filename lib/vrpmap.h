/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The worker's view of every VRP from every source: an open-addressing
 * hash of VRPs, each with a bit per source that holds it. A VRP is
 * effective (in the published ROV table) if a SLURM assertion holds it, or
 * another source holds it and no SLURM filter matches it (RFC 8416 §4).
 * Every change of effectiveness is appended to a delta, which becomes the
 * next incremental update of the ROV table. Worker thread only.
 */
#ifndef RSG_VRPMAP_H
#define RSG_VRPMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptab.h"
#include "rpki.h"

#define VRPMAP_MAX_SOURCES 64

struct vrpmap_ent {
	uint32_t addr[4];
	uint32_t asn;
	uint8_t afi; /* 0: empty slot */
	uint8_t len;
	uint8_t maxlen;
	uint8_t eff; /* effective */
	uint32_t stamp;
	uint64_t src;
};

struct vrpmap {
	struct vrpmap_ent *v;
	size_t cap; /* power of two, or 0 */
	size_t n;
	size_t neff;                 /* effective VRPs */
	uint64_t assert_mask;        /* sources that bypass filters */
	const struct slurm *filters; /* SLURM filters, may be NULL */
	uint32_t stamp;
	size_t count[VRPMAP_MAX_SOURCES]; /* VRPs held per source */
};

/* Changes of the effective set, split by family for ptab updates. */
struct item_vec {
	struct ptab_item *v;
	size_t n, cap;
};

struct vrp_delta {
	struct item_vec add4, del4, add6, del6;
};

void rsg__vrpmap_init(struct vrpmap *m);
void rsg__vrpmap_free(struct vrpmap *m);

/* Source src holds v (present) or not. 0 or RSG_ENOMEM. */
int rsg__vrpmap_set(struct vrpmap *m, const struct rsg_vrp *v, unsigned src,
    bool present, struct vrp_delta *d);

/* Source src holds exactly these VRPs now (a file reload). */
int rsg__vrpmap_replace(struct vrpmap *m, unsigned src, const struct rsg_vrp *v,
    size_t n, struct vrp_delta *d);

/* Source src holds nothing any more. */
int rsg__vrpmap_drop(struct vrpmap *m, unsigned src, struct vrp_delta *d);

/* New SLURM filters (or none): recompute what is effective. */
int rsg__vrpmap_refilter(
    struct vrpmap *m, const struct slurm *filters, struct vrp_delta *d);

/* Every effective VRP (for a full build). Appends to out. */
int rsg__vrpmap_effective(const struct vrpmap *m, struct vrp_vec *out);

bool rsg__vrp_delta_empty(const struct vrp_delta *d);
size_t rsg__vrp_delta_count(const struct vrp_delta *d);
void rsg__vrp_delta_clear(struct vrp_delta *d);
void rsg__vrp_delta_free(struct vrp_delta *d);

#endif /* RSG_VRPMAP_H */
