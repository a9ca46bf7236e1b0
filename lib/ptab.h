/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * ptab: an immutable table of prefixes answering "which entries cover this
 * prefix?" - the question behind RFC 6811 origin validation and every
 * prefix list (bogons, peering LANs, blacklists).
 *
 * Layout and invariants
 * ---------------------
 * Prefixes are split by length into a few levels. A level with key width K
 * holds prefixes of length [K, K + 32] (capped by the next level) and
 * groups them into buckets keyed by their first K address bits. Buckets
 * are found through a direct array (K <= 16) or an open-addressing hash
 * (K >= 24). A bucket is a run of 12-byte records sorted by (bits, len),
 * where bits are the 32 address bits following the key. Entries with the
 * same prefix (a prefix with several VRPs) are adjacent and form a group.
 *
 * Prefixes are nested or disjoint, so the entries covering a query prefix
 * Q are exactly the entries that contain Q's first address and are not
 * longer than Q. Within a bucket, every entry that contains an address x
 * is an ancestor of (or is) R, the last record with bits <= x. Each record
 * stores the distance back to the last record of its parent group (the
 * nearest shorter prefix that contains it), so a lookup is: find the
 * bucket, binary search R, walk up the parent chain. A typical IPv4 lookup
 * touches the bucket directory and one or two cache lines of records.
 *
 * Every level is visited independently; levels only ever hold prefixes of
 * their own length range, so parent chains never cross levels.
 */
#ifndef RSG_PTAB_H
#define RSG_PTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"

#define PTAB_UP_NONE 0
#define PTAB_UP_FAR  0xffff

struct ptab_rec {
	uint32_t bits; /* address bits [K, K+32) of the prefix, host bits 0 */
	uint32_t data; /* payload: origin ASN (VRPs) or entry index (lists) */
	uint8_t len;   /* prefix length */
	uint8_t
	    maxlen; /* maxLength of a VRP, upper length bound of a list entry */
	uint16_t up; /* records back to the parent group's last record;
			 * PTAB_UP_NONE: no parent; PTAB_UP_FAR: scan back */
};

struct ptab_hslot {
	uint64_t khi;
	uint32_t klo;
	uint32_t start; /* records [start, end); end == 0: empty slot */
	uint32_t end;
};

struct ptab_level {
	uint8_t kbits;  /* key width K */
	uint8_t minlen; /* lengths stored: [minlen, maxlen] */
	uint8_t maxlen;
	uint32_t nrec;
	struct ptab_rec *rec;
	uint32_t *dir;           /* K <= 16: 2^K + 1 offsets */
	struct ptab_hslot *hash; /* K >= 24 */
	uint32_t hmask;
	struct ptab_hslot *order; /* K >= 24: the buckets in record order */
	uint32_t norder;
};

#define PTAB_MAX_LEVELS 6

struct ptab {
	uint8_t afi;
	uint8_t nlevels;
	struct ptab_level lv[PTAB_MAX_LEVELS];
	size_t nrec;  /* records after de-duplication */
	size_t bytes; /* memory held */
};

/* Build input: one entry. */
struct ptab_item {
	uint32_t addr[4]; /* host bits must be zero */
	uint32_t data;
	uint8_t len;
	uint8_t maxlen;
};

/*
 * Build t from items (all of t's AFI; reordered in place). Exact
 * duplicates (prefix, data, maxlen) are stored once. Returns 0 or
 * RSG_ENOMEM; t is empty but valid on failure.
 */
int rsg__ptab_build(
    struct ptab *t, unsigned afi, struct ptab_item *items, size_t n);
void rsg__ptab_free(struct ptab *t);

/*
 * t = old + add - del, entries compared whole (prefix, data, maxlen);
 * adding a present entry or deleting an absent one does nothing. Buckets
 * without changes are copied as they are, changed ones merged and
 * re-linked: the cost is a copy of the records plus the changes, not a
 * build. Returns 0 or RSG_ENOMEM (t empty but valid).
 */
int rsg__ptab_update(struct ptab *t, const struct ptab *old,
    const struct ptab_item *add, size_t nadd, const struct ptab_item *del,
    size_t ndel);
/* Initialise an empty table (valid for lookups, covers nothing). */
void rsg__ptab_init(struct ptab *t, unsigned afi);
/* Every entry once, as the item it was built from, in level order. */
int rsg__ptab_walk(const struct ptab *t,
    int (*fn)(void *arg, const struct ptab_item *it), void *arg);

/* ------------------------------------------------------------------ */
/* Lookup: an iterator over the records covering a prefix.             */

struct ptab_iter {
	const struct ptab *t;
	uint32_t a[4];
	unsigned len;
	unsigned lv; /* next level */
	unsigned k;  /* key width of the current level */
	uint32_t x;  /* query bits in the current level's window */
	const struct ptab_rec *base;
	long i; /* candidate record in the current bucket, -1 none */
	long g; /* group member to return next, -1 none */
};

static inline uint32_t
ptab_window(const uint32_t a[4], unsigned k)
{
	unsigned w = k / 32, s = k % 32;
	uint32_t x;

	if (w >= 4)
		return 0;
	x = a[w] << s;
	if (s != 0 && w + 1 < 4)
		x |= a[w + 1] >> (32 - s);
	return x;
}

static inline void
ptab_key(const uint32_t a[4], unsigned k, uint64_t *hi, uint32_t *lo)
{
	*lo = 0;
	if (k == 0)
		*hi = 0;
	else if (k <= 32)
		*hi = a[0] >> (32 - k);
	else {
		*hi = (uint64_t)a[0] << 32 | a[1];
		if (k > 64)
			*lo = a[2] & mask32(k - 64);
	}
}

static inline uint32_t
ptab_hash(uint64_t hi, uint32_t lo)
{
	uint64_t h = (hi ^ ((uint64_t)lo * 0xff51afd7ed558ccdULL))
	    * 0x9e3779b97f4a7c15ULL;

	return (uint32_t)(h >> 32);
}

/* True if record r (in a level of key width k) contains window bits x. */
static inline bool
ptab_rec_contains(const struct ptab_rec *r, unsigned k, uint32_t x)
{
	return ((r->bits ^ x) & mask32((unsigned)r->len - k)) == 0;
}

static inline long
ptab_parent(const struct ptab_rec *base, long i, unsigned k)
{
	unsigned up = base[i].up;

	if (up == PTAB_UP_NONE)
		return -1;
	if (up != PTAB_UP_FAR)
		return i - (long)up;
	/* Parent more than 65534 records back: the nearest preceding
	 * record that contains this one is the parent group's last. */
	for (long j = i - 1; j >= 0; j--) {
		if (base[j].len < base[i].len
		    && ptab_rec_contains(&base[j], k, base[i].bits))
			return j;
	}
	return -1;
}

static inline void
ptab_iter_init(
    struct ptab_iter *it, const struct ptab *t, const struct rsg_prefix *p)
{
	it->t = t;
	memcpy(it->a, p->ip.addr, sizeof(it->a));
	it->len = p->len;
	it->lv = 0;
	it->k = 0;
	it->x = 0;
	it->base = NULL;
	it->i = -1;
	it->g = -1;
}

/* Enter the next level that may hold covering entries; false at the end. */
static inline bool
ptab_iter_level(struct ptab_iter *it)
{
	const struct ptab *t = it->t;

	while (it->lv < t->nlevels) {
		const struct ptab_level *L = &t->lv[it->lv++];
		uint32_t start, end;
		uint64_t hi;
		uint32_t lo;

		if (L->minlen > it->len)
			return false; /* levels ascend in length */
		if (L->nrec == 0)
			continue;
		ptab_key(it->a, L->kbits, &hi, &lo);
		if (L->dir != NULL) {
			start = L->dir[hi];
			end = L->dir[hi + 1];
		} else {
			uint32_t h = ptab_hash(hi, lo) & L->hmask;

			for (;;) {
				const struct ptab_hslot *s = &L->hash[h];

				if (s->end == 0)
					goto next;
				if (s->khi == hi && s->klo == lo) {
					start = s->start;
					end = s->end;
					break;
				}
				h = (h + 1) & L->hmask;
			}
		}
		if (start == end)
			continue;
		it->k = L->kbits;
		it->x = ptab_window(it->a, L->kbits);
		it->base = L->rec + start;
		/* last record with bits <= x */
		{
			long lo_i = 0, hi_i = (long)(end - start);

			while (lo_i < hi_i) {
				long mid = (lo_i + hi_i) / 2;

				if (it->base[mid].bits <= it->x)
					lo_i = mid + 1;
				else
					hi_i = mid;
			}
			it->i = lo_i - 1;
		}
		if (it->i >= 0)
			return true;
	next:;
	}
	return false;
}

/* The next covering record, or NULL. */
static inline const struct ptab_rec *
ptab_iter_next(struct ptab_iter *it)
{
	for (;;) {
		if (it->g >= 0) {
			const struct ptab_rec *r = &it->base[it->g];

			if (it->g > 0 && r[-1].bits == r->bits
			    && r[-1].len == r->len) {
				it->g--;
			} else {
				it->i = ptab_parent(it->base, it->g, it->k);
				it->g = -1;
			}
			return r;
		}
		while (it->i >= 0) {
			const struct ptab_rec *r = &it->base[it->i];

			if (r->len <= it->len
			    && ptab_rec_contains(r, it->k, it->x)) {
				it->g = it->i;
				break;
			}
			it->i = ptab_parent(it->base, it->i, it->k);
		}
		if (it->g >= 0)
			continue;
		if (!ptab_iter_level(it))
			return NULL;
	}
}

/* Full prefix of a record found by an iterator. */
static inline void
ptab_iter_prefix(const struct ptab_iter *it, const struct ptab_rec *r,
    struct rsg_prefix *out)
{
	unsigned w = it->k / 32, s = it->k % 32;

	memset(out, 0, sizeof(*out));
	out->ip.afi = it->t->afi;
	out->len = r->len;
	memcpy(out->ip.addr, it->a, sizeof(out->ip.addr));
	if (w < 4) {
		if (s == 0) {
			out->ip.addr[w] = r->bits;
		} else {
			out->ip.addr[w] =
			    (it->a[w] & mask32(s)) | (r->bits >> s);
			if (w + 1 < 4)
				out->ip.addr[w + 1] = r->bits << (32 - s);
		}
	}
	addr_mask(out->ip.addr, r->len);
}

#endif /* RSG_PTAB_H */
