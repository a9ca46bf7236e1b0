/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The worker's VRP union with per-source bits (see vrpmap.h). Linear
 * probing with backward-shift deletion keeps probe runs short without
 * tombstones; the table doubles at 60% load.
 */
#include "config.h"

#include "vrpmap.h"

#include <string.h>

#include "alloc.h"

static uint64_t
ent_hash(const uint32_t a[4], uint32_t asn, unsigned len, unsigned maxlen)
{
	uint64_t h =
	    ((uint64_t)asn << 16 | len << 8 | maxlen) * 0x9e3779b97f4a7c15ULL;

	for (unsigned w = 0; w < 4; w++)
		h = (h ^ a[w]) * 0xff51afd7ed558ccdULL;
	return h ^ (h >> 29);
}

static bool
ent_is(const struct vrpmap_ent *e, const struct rsg_vrp *v)
{
	return e->afi == v->prefix.ip.afi && e->len == v->prefix.len
	    && e->maxlen == v->max_len && e->asn == v->asn
	    && memcmp(e->addr, v->prefix.ip.addr, sizeof(e->addr)) == 0;
}

void
rsg__vrpmap_init(struct vrpmap *m)
{
	memset(m, 0, sizeof(*m));
}

void
rsg__vrpmap_free(struct vrpmap *m)
{
	rsg__free(m->v);
	rsg__vrpmap_init(m);
}

static int
grow(struct vrpmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 1024;
	struct vrpmap_ent *nv = rsg__calloc(ncap, sizeof(*nv));

	if (nv == NULL)
		return RSG_ENOMEM;
	for (size_t i = 0; i < m->cap; i++) {
		const struct vrpmap_ent *e = &m->v[i];
		size_t h;

		if (e->afi == 0)
			continue;
		h = ent_hash(e->addr, e->asn, e->len, e->maxlen) & (ncap - 1);
		while (nv[h].afi != 0)
			h = (h + 1) & (ncap - 1);
		nv[h] = *e;
	}
	rsg__free(m->v);
	m->v = nv;
	m->cap = ncap;
	return 0;
}

static int
delta_push(struct vrp_delta *d, const struct vrpmap_ent *e, bool add)
{
	struct item_vec *iv = e->afi == RSG_AFI_IPV6
	    ? (add ? &d->add6 : &d->del6)
	    : (add ? &d->add4 : &d->del4);
	struct ptab_item it;

	memset(&it, 0, sizeof(it));
	memcpy(it.addr, e->addr, sizeof(it.addr));
	it.data = e->asn;
	it.len = e->len;
	it.maxlen = e->maxlen;
	return VEC_PUSH(iv, it) != 0 ? RSG_ENOMEM : 0;
}

static bool
filtered(const struct vrpmap *m, const struct vrpmap_ent *e)
{
	struct rsg_vrp v;

	if (m->filters == NULL || m->filters->filters.n == 0)
		return false;
	memset(&v, 0, sizeof(v));
	memcpy(v.prefix.ip.addr, e->addr, sizeof(e->addr));
	v.prefix.ip.afi = e->afi;
	v.prefix.len = e->len;
	v.max_len = e->maxlen;
	v.asn = e->asn;
	return rsg__slurm_filtered(m->filters, &v);
}

/* Recompute whether e is effective; record a change in d. */
static int
settle(struct vrpmap *m, struct vrpmap_ent *e, struct vrp_delta *d)
{
	bool eff = (e->src & m->assert_mask) != 0
	    || ((e->src & ~m->assert_mask) != 0 && !filtered(m, e));

	if (eff == (e->eff != 0))
		return 0;
	e->eff = eff;
	if (eff)
		m->neff++;
	else
		m->neff--;
	return delta_push(d, e, eff);
}

/* Remove the entry at slot i (backward-shift deletion). */
static void
remove_at(struct vrpmap *m, size_t i)
{
	size_t mask = m->cap - 1, j = i;

	for (;;) {
		size_t k;

		j = (j + 1) & mask;
		if (m->v[j].afi == 0)
			break;
		k = ent_hash(
			m->v[j].addr, m->v[j].asn, m->v[j].len, m->v[j].maxlen)
		    & mask;
		/* move j back to i unless its home lies in (i, j] */
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		m->v[i] = m->v[j];
		i = j;
	}
	memset(&m->v[i], 0, sizeof(m->v[i]));
	m->n--;
}

/* Update the bits of the entry at slot i; drops it when no source is left. */
static int
update_at(struct vrpmap *m, size_t i, uint64_t src, struct vrp_delta *d)
{
	struct vrpmap_ent *e = &m->v[i];
	uint64_t gone = e->src & ~src, got = src & ~e->src;
	int rc;

	for (unsigned b = 0; b < VRPMAP_MAX_SOURCES; b++) {
		if (gone >> b & 1)
			m->count[b]--;
		if (got >> b & 1)
			m->count[b]++;
	}
	e->src = src;
	rc = settle(m, e, d);
	if (e->src == 0)
		remove_at(m, i);
	return rc;
}

/* Slot of v, inserted (with no source) if absent; SIZE_MAX on ENOMEM. */
static size_t
slot(struct vrpmap *m, const struct rsg_vrp *v, bool insert)
{
	size_t h;

	if (insert && (m->n + 1) * 5 > m->cap * 3 && grow(m) != 0)
		return SIZE_MAX;
	if (m->cap == 0)
		return SIZE_MAX;
	h = ent_hash(v->prefix.ip.addr, v->asn, v->prefix.len, v->max_len)
	    & (m->cap - 1);
	while (m->v[h].afi != 0) {
		if (ent_is(&m->v[h], v))
			return h;
		h = (h + 1) & (m->cap - 1);
	}
	if (!insert)
		return SIZE_MAX;
	memcpy(m->v[h].addr, v->prefix.ip.addr, sizeof(m->v[h].addr));
	m->v[h].asn = v->asn;
	m->v[h].afi = v->prefix.ip.afi;
	m->v[h].len = v->prefix.len;
	m->v[h].maxlen = v->max_len;
	m->n++;
	return h;
}

int
rsg__vrpmap_set(struct vrpmap *m, const struct rsg_vrp *v, unsigned src,
    bool present, struct vrp_delta *d)
{
	uint64_t bit = (uint64_t)1 << src;
	size_t i = slot(m, v, present);

	if (i == SIZE_MAX)
		return present ? RSG_ENOMEM : 0;
	m->v[i].stamp = m->stamp;
	return update_at(
	    m, i, present ? m->v[i].src | bit : m->v[i].src & ~bit, d);
}

int
rsg__vrpmap_replace(struct vrpmap *m, unsigned src, const struct rsg_vrp *v,
    size_t n, struct vrp_delta *d)
{
	uint64_t bit = (uint64_t)1 << src;
	uint32_t pass = ++m->stamp;
	int rc;

	for (size_t i = 0; i < n; i++) {
		if ((rc = rsg__vrpmap_set(m, &v[i], src, true, d)) != 0)
			return rc;
	}
	/* What the source no longer holds. Removing an entry shifts a later
	 * one into its slot: look at the slot again then. Entries shifted in
	 * from the wrapped-around start were seen already. */
	for (size_t i = 0; i < m->cap;) {
		struct vrpmap_ent *e = &m->v[i];

		if (e->afi != 0 && (e->src & bit) && e->stamp != pass) {
			bool removed = (e->src & ~bit) == 0;

			if ((rc = update_at(m, i, e->src & ~bit, d)) != 0)
				return rc;
			if (removed)
				continue;
		}
		i++;
	}
	return 0;
}

int
rsg__vrpmap_drop(struct vrpmap *m, unsigned src, struct vrp_delta *d)
{
	return rsg__vrpmap_replace(m, src, NULL, 0, d);
}

int
rsg__vrpmap_refilter(
    struct vrpmap *m, const struct slurm *filters, struct vrp_delta *d)
{
	m->filters = filters;
	for (size_t i = 0; i < m->cap; i++) {
		int rc;

		if (m->v[i].afi != 0 && (rc = settle(m, &m->v[i], d)) != 0)
			return rc;
	}
	return 0;
}

int
rsg__vrpmap_effective(const struct vrpmap *m, struct vrp_vec *out)
{
	if (VEC_RESERVE(out, out->n + m->neff) != 0)
		return RSG_ENOMEM;
	for (size_t i = 0; i < m->cap; i++) {
		const struct vrpmap_ent *e = &m->v[i];
		struct rsg_vrp *v;

		if (e->afi == 0 || !e->eff)
			continue;
		v = &out->v[out->n++];
		memset(v, 0, sizeof(*v));
		memcpy(v->prefix.ip.addr, e->addr, sizeof(e->addr));
		v->prefix.ip.afi = e->afi;
		v->prefix.len = e->len;
		v->max_len = e->maxlen;
		v->asn = e->asn;
	}
	return 0;
}

bool
rsg__vrp_delta_empty(const struct vrp_delta *d)
{
	return rsg__vrp_delta_count(d) == 0;
}

size_t
rsg__vrp_delta_count(const struct vrp_delta *d)
{
	return d->add4.n + d->del4.n + d->add6.n + d->del6.n;
}

void
rsg__vrp_delta_clear(struct vrp_delta *d)
{
	d->add4.n = d->del4.n = d->add6.n = d->del6.n = 0;
}

void
rsg__vrp_delta_free(struct vrp_delta *d)
{
	VEC_FREE(&d->add4);
	VEC_FREE(&d->del4);
	VEC_FREE(&d->add6);
	VEC_FREE(&d->del6);
}
