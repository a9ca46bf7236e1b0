/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * VRP sets: what one source holds, and the union of every source that
 * becomes the published ROV table (RFC 8416 §4: assertions, then the
 * other sources' VRPs that no filter matches).
 *
 * A set is immutable once made: two sorted arrays of compact records (12
 * bytes an IPv4 VRP, 24 an IPv6 one), ordered by (address, length,
 * maxLength, ASN), without duplicates. A change makes a new set by
 * merging, and the difference of two sets is one linear walk. A source's
 * changes arrive as a log (RTR records as rtrlib reports them, in
 * order): the last event of a VRP says whether the source holds it.
 *
 * The union keeps a set per source slot and turns every change of a
 * source, of which sources count (RTR preference, a source retired after
 * a reload) or of the SLURM filters into the exact changes of the
 * effective set: a vrp_delta, which updates the ROV tables and names the
 * prefixes whose routes can change. Not thread-safe: one owner.
 */
#ifndef RSG_VRPSET_H
#define RSG_VRPSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptab.h"
#include "rpki.h"

/* One VRP, compact. flag: a log event's "present"; 0 in sets. */
struct vrp4 {
	uint32_t addr;
	uint32_t asn;
	uint8_t len;
	uint8_t maxlen;
	uint8_t flag;
	uint8_t pad_;
};

struct vrp6 {
	uint32_t addr[4];
	uint32_t asn;
	uint8_t len;
	uint8_t maxlen;
	uint8_t flag;
	uint8_t pad_;
};

/* The two families: records of one family are one array. */
enum { VRP_F4 = 0, VRP_F6 = 1 };

struct vrpset {
	unsigned refs;
	struct {
		void *v; /* struct vrp4 / struct vrp6, sorted, unique */
		size_t n;
	} f[2];
};

/* A source's changes in arrival order: each event is a record (flag:
 * present) followed by a uint32_t sequence number. */
struct vrplog {
	struct {
		unsigned char *v;
		size_t n, cap; /* events */
	} f[2];
	uint32_t seq;
};

/* Changes of a set, split by family as ptab updates take them. */
struct item_vec {
	struct ptab_item *v;
	size_t n, cap;
};

/* Past limit changes (0: none), when memory for an item runs out, or when
 * an operation on the union fails half way, the items are dropped and the
 * delta only says it is full: the ROV tables are rebuilt from the union
 * then. */
struct vrp_delta {
	struct item_vec add4, del4, add6, del6;
	size_t limit;
	bool full;
};

/* Sets. A new set has one reference. */
int rsg__vrpset_new(const struct rsg_vrp *v, size_t n, struct vrpset **out);
void rsg__vrpset_unref(struct vrpset *s);
size_t rsg__vrpset_count(const struct vrpset *s);
bool rsg__vrpset_has(const struct vrpset *s, const struct rsg_vrp *v);
/* Appends what b holds and a does not to d's adds, the reverse to its
 * dels. a or b may be NULL (empty). 0 or RSG_ENOMEM. */
int rsg__vrpset_diff(
    const struct vrpset *a, const struct vrpset *b, struct vrp_delta *d);
/* *out = old with the log applied (the last event of each VRP wins); the
 * log is sorted in place. d (may be NULL) receives the changes. */
int rsg__vrpset_apply(const struct vrpset *old, struct vrplog *log,
    struct vrpset **out, struct vrp_delta *d);

/* Logs. */
int rsg__vrplog_add(struct vrplog *l, const struct rsg_vrp *v, bool present);
/* Append src's events after dst's (src emptied). */
int rsg__vrplog_append(struct vrplog *dst, struct vrplog *src);
size_t rsg__vrplog_count(const struct vrplog *l);
void rsg__vrplog_clear(struct vrplog *l);
void rsg__vrplog_free(struct vrplog *l);

/* Deltas. */
bool rsg__vrp_delta_empty(const struct vrp_delta *d);
size_t rsg__vrp_delta_count(const struct vrp_delta *d);
void rsg__vrp_delta_clear(struct vrp_delta *d);
void rsg__vrp_delta_free(struct vrp_delta *d);

/* The union of every source. */
#define VRPUNION_SLOTS 64

struct vrpunion {
	struct vrpset *src[VRPUNION_SLOTS]; /* NULL: holds nothing */
	uint64_t active;                    /* slots whose VRPs count */
	uint64_t asserts;            /* SLURM assertions: no filter applies */
	const struct slurm *filters; /* borrowed; NULL: none */
};

void rsg__vrpunion_init(struct vrpunion *u);
void rsg__vrpunion_free(struct vrpunion *u);
/* Slot i holds s from now on (the union takes the reference; NULL:
 * nothing). The effective changes go to d. */
int rsg__vrpunion_replace(
    struct vrpunion *u, unsigned i, struct vrpset *s, struct vrp_delta *d);
/* Slot i's log applied (the log is emptied). */
int rsg__vrpunion_apply(
    struct vrpunion *u, unsigned i, struct vrplog *log, struct vrp_delta *d);
/* Whether slot i counts, and whether it holds assertions. */
int rsg__vrpunion_set(struct vrpunion *u, unsigned i, bool active, bool asserts,
    struct vrp_delta *d);
/* New filters (borrowed until the next call; NULL: none). */
int rsg__vrpunion_refilter(
    struct vrpunion *u, const struct slurm *filters, struct vrp_delta *d);
/* The effective set as ptab items, per family (for a full build). */
int rsg__vrpunion_items(
    const struct vrpunion *u, struct item_vec *v4, struct item_vec *v6);
/* VRPs slot i holds (0 if none). */
size_t rsg__vrpunion_count(const struct vrpunion *u, unsigned i);

#endif /* RSG_VRPSET_H */
