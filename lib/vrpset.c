/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * VRP sets and their union (see vrpset.h).
 *
 * Both families share one implementation: a family descriptor gives the
 * record size, the order and the conversions, and every walk steps
 * through bytes. Walks over two sorted arrays report each VRP whose
 * presence differs to a sink; the sink decides what that means (a source
 * delta, or an effective change of the union).
 */
#include "config.h"

#include "vrpset.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"

struct fam {
	size_t rec;  /* record size */
	size_t ev;   /* event size: record, then a uint32_t sequence */
	size_t flag; /* offset of the flag byte */
	unsigned afi;
	int (*cmp)(const void *, const void *);
	void (*to_vrp)(const void *rec, struct rsg_vrp *v);
	void (*from_vrp)(const struct rsg_vrp *v, void *rec);
};

static int
u32_order(uint32_t a, uint32_t b)
{
	return a < b ? -1 : a > b;
}

static int
cmp4(const void *pa, const void *pb)
{
	const struct vrp4 *a = pa, *b = pb;
	int c;

	if ((c = u32_order(a->addr, b->addr)) != 0)
		return c;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	if (a->maxlen != b->maxlen)
		return a->maxlen < b->maxlen ? -1 : 1;
	return u32_order(a->asn, b->asn);
}

static int
cmp6(const void *pa, const void *pb)
{
	const struct vrp6 *a = pa, *b = pb;
	int c;

	for (unsigned w = 0; w < 4; w++) {
		if ((c = u32_order(a->addr[w], b->addr[w])) != 0)
			return c;
	}
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	if (a->maxlen != b->maxlen)
		return a->maxlen < b->maxlen ? -1 : 1;
	return u32_order(a->asn, b->asn);
}

static void
to_vrp4(const void *rec, struct rsg_vrp *v)
{
	const struct vrp4 *r = rec;

	memset(v, 0, sizeof(*v));
	v->prefix.ip.afi = RSG_AFI_IPV4;
	v->prefix.ip.addr[0] = r->addr;
	v->prefix.len = r->len;
	v->max_len = r->maxlen;
	v->asn = r->asn;
}

static void
to_vrp6(const void *rec, struct rsg_vrp *v)
{
	const struct vrp6 *r = rec;

	memset(v, 0, sizeof(*v));
	v->prefix.ip.afi = RSG_AFI_IPV6;
	memcpy(v->prefix.ip.addr, r->addr, sizeof(r->addr));
	v->prefix.len = r->len;
	v->max_len = r->maxlen;
	v->asn = r->asn;
}

static void
from_vrp4(const struct rsg_vrp *v, void *rec)
{
	struct vrp4 *r = rec;

	memset(r, 0, sizeof(*r));
	r->addr = v->prefix.ip.addr[0];
	r->len = v->prefix.len;
	r->maxlen = v->max_len;
	r->asn = v->asn;
}

static void
from_vrp6(const struct rsg_vrp *v, void *rec)
{
	struct vrp6 *r = rec;

	memset(r, 0, sizeof(*r));
	memcpy(r->addr, v->prefix.ip.addr, sizeof(r->addr));
	r->len = v->prefix.len;
	r->maxlen = v->max_len;
	r->asn = v->asn;
}

static const struct fam fams[2] = {
	[VRP_F4] = { sizeof(struct vrp4), sizeof(struct vrp4) + 4,
	    offsetof(struct vrp4, flag), RSG_AFI_IPV4, cmp4, to_vrp4,
	    from_vrp4 },
	[VRP_F6] = { sizeof(struct vrp6), sizeof(struct vrp6) + 4,
	    offsetof(struct vrp6, flag), RSG_AFI_IPV6, cmp6, to_vrp6,
	    from_vrp6 },
};

static unsigned
fam_of(const struct rsg_vrp *v)
{
	return v->prefix.ip.afi == RSG_AFI_IPV6 ? VRP_F6 : VRP_F4;
}

static uint8_t *
rec_flag(const struct fam *f, void *rec)
{
	return (uint8_t *)rec + f->flag;
}

static uint32_t
ev_seq(const struct fam *f, const unsigned char *ev)
{
	uint32_t s;

	memcpy(&s, ev + f->rec, sizeof(s));
	return s;
}

static void
to_item(const struct fam *f, const void *rec, struct ptab_item *it)
{
	struct rsg_vrp v;

	f->to_vrp(rec, &v);
	memset(it, 0, sizeof(*it));
	memcpy(it->addr, v.prefix.ip.addr, sizeof(it->addr));
	it->data = v.asn;
	it->len = v.prefix.len;
	it->maxlen = v.max_len;
}

/* ------------------------------------------------------------------ */
/* Sets                                                                */

static bool
has(const struct vrpset *s, unsigned fi, const void *rec)
{
	const struct fam *f = &fams[fi];
	const unsigned char *v;
	size_t lo = 0, hi;

	if (s == NULL)
		return false;
	v = s->f[fi].v;
	hi = s->f[fi].n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = f->cmp(v + mid * f->rec, rec);

		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static struct vrpset *
set_alloc(size_t n4, size_t n6)
{
	struct vrpset *s = rsg__calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->refs = 1;
	s->f[VRP_F4].v = rsg__reallocarray(NULL, n4, fams[VRP_F4].rec);
	s->f[VRP_F6].v = rsg__reallocarray(NULL, n6, fams[VRP_F6].rec);
	if (s->f[VRP_F4].v == NULL || s->f[VRP_F6].v == NULL) {
		rsg__free(s->f[VRP_F4].v);
		rsg__free(s->f[VRP_F6].v);
		rsg__free(s);
		return NULL;
	}
	return s;
}

/* Sort and drop duplicates: n records at v. */
static size_t
sort_unique(const struct fam *f, unsigned char *v, size_t n)
{
	size_t k = 0;

	if (n > 1)
		qsort(v, n, f->rec, f->cmp);
	for (size_t i = 0; i < n; i++) {
		if (k > 0 && f->cmp(v + (k - 1) * f->rec, v + i * f->rec) == 0)
			continue;
		if (k != i)
			memcpy(v + k * f->rec, v + i * f->rec, f->rec);
		k++;
	}
	return k;
}

int
rsg__vrpset_new(const struct rsg_vrp *v, size_t n, struct vrpset **out)
{
	struct vrpset *s;
	size_t n4 = 0;

	*out = NULL;
	for (size_t i = 0; i < n; i++)
		n4 += fam_of(&v[i]) == VRP_F4;
	if ((s = set_alloc(n4, n - n4)) == NULL)
		return RSG_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		unsigned fi = fam_of(&v[i]);

		fams[fi].from_vrp(&v[i],
		    (unsigned char *)s->f[fi].v + s->f[fi].n++ * fams[fi].rec);
	}
	for (unsigned fi = 0; fi < 2; fi++)
		s->f[fi].n = sort_unique(&fams[fi], s->f[fi].v, s->f[fi].n);
	*out = s;
	return 0;
}

static struct vrpset *
vrpset_ref(struct vrpset *s)
{
	if (s != NULL)
		s->refs++;
	return s;
}

void
rsg__vrpset_unref(struct vrpset *s)
{
	if (s == NULL || --s->refs > 0)
		return;
	rsg__free(s->f[VRP_F4].v);
	rsg__free(s->f[VRP_F6].v);
	rsg__free(s);
}

size_t
rsg__vrpset_count(const struct vrpset *s)
{
	return s != NULL ? s->f[VRP_F4].n + s->f[VRP_F6].n : 0;
}

bool
rsg__vrpset_has(const struct vrpset *s, const struct rsg_vrp *v)
{
	unsigned char rec[sizeof(struct vrp6)];
	unsigned fi = fam_of(v);

	fams[fi].from_vrp(v, rec);
	return has(s, fi, rec);
}

/* ------------------------------------------------------------------ */
/* Walks                                                               */

/* Told about every VRP whose presence differs: now true if it came. */
struct sink {
	int (*fn)(struct sink *k, unsigned fi, const void *rec, bool now);
};

/* Everything that differs between a and b (either may be NULL). */
static int
walk_diff(const struct vrpset *a, const struct vrpset *b, struct sink *k)
{
	for (unsigned fi = 0; fi < 2; fi++) {
		const struct fam *f = &fams[fi];
		const unsigned char *x = a ? a->f[fi].v : NULL;
		const unsigned char *y = b ? b->f[fi].v : NULL;
		size_t nx = a ? a->f[fi].n : 0, ny = b ? b->f[fi].n : 0;
		size_t i = 0, j = 0;
		int rc;

		while (i < nx || j < ny) {
			int c = i == nx ? 1
			    : j == ny   ? -1
				      : f->cmp(x + i * f->rec, y + j * f->rec);

			if (c == 0) {
				i++;
				j++;
				continue;
			}
			rc = c < 0 ? k->fn(k, fi, x + i++ * f->rec, false)
				   : k->fn(k, fi, y + j++ * f->rec, true);
			if (rc != 0)
				return rc;
		}
	}
	return 0;
}

static int
ev_cmp4(const void *a, const void *b)
{
	int c = cmp4(a, b);

	return c != 0
	    ? c
	    : u32_order(ev_seq(&fams[VRP_F4], a), ev_seq(&fams[VRP_F4], b));
}

static int
ev_cmp6(const void *a, const void *b)
{
	int c = cmp6(a, b);

	return c != 0
	    ? c
	    : u32_order(ev_seq(&fams[VRP_F6], a), ev_seq(&fams[VRP_F6], b));
}

/* new = old with the log applied; changes to k (may be NULL). */
static int
walk_apply(const struct vrpset *old, struct vrplog *log, struct vrpset **out,
    struct sink *k)
{
	static int (*const ev_cmp[2])(
	    const void *, const void *) = { ev_cmp4, ev_cmp6 };
	struct vrpset *s;
	size_t n[2];
	int rc = 0;

	for (unsigned fi = 0; fi < 2; fi++) {
		n[fi] = (old ? old->f[fi].n : 0) + log->f[fi].n;
		if (log->f[fi].n > 1)
			qsort(log->f[fi].v, log->f[fi].n, fams[fi].ev,
			    ev_cmp[fi]);
	}
	if ((s = set_alloc(n[VRP_F4], n[VRP_F6])) == NULL)
		return RSG_ENOMEM;
	for (unsigned fi = 0; fi < 2 && rc == 0; fi++) {
		const struct fam *f = &fams[fi];
		const unsigned char *x = old ? old->f[fi].v : NULL;
		const unsigned char *e = log->f[fi].v;
		unsigned char *y = s->f[fi].v;
		size_t nx = old ? old->f[fi].n : 0, ne = log->f[fi].n;
		size_t i = 0, j = 0, m = 0;

		while ((i < nx || j < ne) && rc == 0) {
			const unsigned char *last;
			unsigned char rec[sizeof(struct vrp6)];
			bool was, now;
			int c = i == nx ? 1
			    : j == ne   ? -1
					: f->cmp(x + i * f->rec, e + j * f->ev);

			if (c < 0) {
				memcpy(
				    y + m++ * f->rec, x + i++ * f->rec, f->rec);
				continue;
			}
			/* the events of one VRP: the last one wins */
			last = e + j * f->ev;
			while (++j < ne && f->cmp(last + f->ev, last) == 0)
				last += f->ev;
			was = c == 0;
			if (was)
				i++;
			memcpy(rec, last, f->rec);
			now = *rec_flag(f, rec) != 0;
			*rec_flag(f, rec) = 0;
			if (now)
				memcpy(y + m++ * f->rec, rec, f->rec);
			if (now != was && k != NULL)
				rc = k->fn(k, fi, rec, now);
		}
		s->f[fi].n = m;
	}
	if (rc != 0) {
		rsg__vrpset_unref(s);
		return rc;
	}
	*out = s;
	return 0;
}

/* A sink that records a source's own changes as a delta. */
struct delta_sink {
	struct sink k;
	struct vrp_delta *d;
};

/* The delta cannot name its items (too many, or no memory for them):
 * the tables are built from scratch instead. */
static void
delta_full(struct vrp_delta *d)
{
	size_t limit = d->limit;

	rsg__vrp_delta_free(d);
	d->limit = limit;
	d->full = true;
}

static int
delta_push(struct vrp_delta *d, unsigned fi, const void *rec, bool add)
{
	struct item_vec *iv = fi == VRP_F6 ? (add ? &d->add6 : &d->del6)
					   : (add ? &d->add4 : &d->del4);

	if (d->full)
		return 0;
	if ((d->limit != 0 && rsg__vrp_delta_count(d) >= d->limit)
	    || VEC_RESERVE(iv, iv->n + 1) != 0) {
		delta_full(d);
		return 0;
	}
	to_item(&fams[fi], rec, &iv->v[iv->n++]);
	return 0;
}

static int
delta_fn(struct sink *k, unsigned fi, const void *rec, bool now)
{
	return delta_push(((struct delta_sink *)k)->d, fi, rec, now);
}

int
rsg__vrpset_diff(
    const struct vrpset *a, const struct vrpset *b, struct vrp_delta *d)
{
	struct delta_sink k = { { delta_fn }, d };

	return walk_diff(a, b, &k.k);
}

int
rsg__vrpset_apply(const struct vrpset *old, struct vrplog *log,
    struct vrpset **out, struct vrp_delta *d)
{
	struct delta_sink k = { { delta_fn }, d };

	return walk_apply(old, log, out, d != NULL ? &k.k : NULL);
}

/* ------------------------------------------------------------------ */
/* Logs                                                                */

int
rsg__vrplog_add(struct vrplog *l, const struct rsg_vrp *v, bool present)
{
	unsigned fi = fam_of(v);
	const struct fam *f = &fams[fi];
	unsigned char *ev;
	uint32_t seq = l->seq++;

	if (rsg__vec_grow(
		(void **)&l->f[fi].v, &l->f[fi].cap, l->f[fi].n + 1, f->ev)
	    != 0)
		return RSG_ENOMEM;
	ev = l->f[fi].v + l->f[fi].n++ * f->ev;
	f->from_vrp(v, ev);
	*rec_flag(f, ev) = present;
	memcpy(ev + f->rec, &seq, sizeof(seq));
	return 0;
}

int
rsg__vrplog_append(struct vrplog *dst, struct vrplog *src)
{
	for (unsigned fi = 0; fi < 2; fi++) {
		const struct fam *f = &fams[fi];
		size_t n = src->f[fi].n;

		if (n == 0)
			continue;
		if (dst->f[fi].n == 0 && dst->f[fi].cap < src->f[fi].cap) {
			/* take the buffer */
			unsigned char *v = dst->f[fi].v;
			size_t cap = dst->f[fi].cap;

			dst->f[fi] = src->f[fi];
			src->f[fi].v = v;
			src->f[fi].cap = cap;
		} else {
			if (rsg__vec_grow((void **)&dst->f[fi].v,
				&dst->f[fi].cap, dst->f[fi].n + n, f->ev)
			    != 0)
				return RSG_ENOMEM;
			memcpy(dst->f[fi].v + dst->f[fi].n * f->ev,
			    src->f[fi].v, n * f->ev);
			dst->f[fi].n += n;
		}
		/* src's events come later: renumber them after dst's */
		for (size_t i = dst->f[fi].n - n; i < dst->f[fi].n; i++) {
			uint32_t seq =
			    dst->seq + ev_seq(f, dst->f[fi].v + i * f->ev);

			memcpy(dst->f[fi].v + i * f->ev + f->rec, &seq,
			    sizeof(seq));
		}
		src->f[fi].n = 0;
	}
	dst->seq += src->seq;
	src->seq = 0;
	return 0;
}

size_t
rsg__vrplog_count(const struct vrplog *l)
{
	return l->f[VRP_F4].n + l->f[VRP_F6].n;
}

void
rsg__vrplog_clear(struct vrplog *l)
{
	l->f[VRP_F4].n = l->f[VRP_F6].n = 0;
	l->seq = 0;
}

void
rsg__vrplog_free(struct vrplog *l)
{
	for (unsigned fi = 0; fi < 2; fi++)
		VEC_FREE(&l->f[fi]);
	l->seq = 0;
}

/* ------------------------------------------------------------------ */
/* Deltas                                                              */

size_t
rsg__vrp_delta_count(const struct vrp_delta *d)
{
	return d->add4.n + d->del4.n + d->add6.n + d->del6.n;
}

bool
rsg__vrp_delta_empty(const struct vrp_delta *d)
{
	return !d->full && rsg__vrp_delta_count(d) == 0;
}

void
rsg__vrp_delta_clear(struct vrp_delta *d)
{
	d->add4.n = d->del4.n = d->add6.n = d->del6.n = 0;
	d->full = false;
}

void
rsg__vrp_delta_free(struct vrp_delta *d)
{
	VEC_FREE(&d->add4);
	VEC_FREE(&d->del4);
	VEC_FREE(&d->add6);
	VEC_FREE(&d->del6);
	d->full = false;
}

/* ------------------------------------------------------------------ */
/* The union                                                           */

void
rsg__vrpunion_init(struct vrpunion *u)
{
	memset(u, 0, sizeof(*u));
}

void
rsg__vrpunion_free(struct vrpunion *u)
{
	for (unsigned i = 0; i < VRPUNION_SLOTS; i++)
		rsg__vrpset_unref(u->src[i]);
	rsg__vrpunion_init(u);
}

static bool
filtered(const struct vrpunion *u, unsigned fi, const void *rec)
{
	struct rsg_vrp v;

	if (u->filters == NULL || u->filters->filters.n == 0)
		return false;
	fams[fi].to_vrp(rec, &v);
	return rsg__slurm_filtered(u->filters, &v);
}

/*
 * Is rec effective, with slot i holding it or not (held) and counting or
 * not (active), every other slot as it is? RFC 8416 §4: an assertion
 * always; another source's VRP unless a filter matches it.
 */
static bool
effective(const struct vrpunion *u, unsigned fi, const void *rec, unsigned i,
    bool held, bool active, bool asserts)
{
	bool plain = false;

	if (held && active) {
		if (asserts)
			return true;
		plain = true;
	}
	for (unsigned j = 0; j < VRPUNION_SLOTS; j++) {
		uint64_t b = (uint64_t)1 << j;

		if (j == i || !(u->active & b) || u->src[j] == NULL
		    || (plain && !(u->asserts & b)) || !has(u->src[j], fi, rec))
			continue;
		if (u->asserts & b)
			return true;
		plain = true;
	}
	return plain && !filtered(u, fi, rec);
}

/* A sink that turns a slot's change into the union's change. */
struct union_sink {
	struct sink k;
	const struct vrpunion *u;
	unsigned slot;
	bool was_active, now_active; /* the slot, before and after */
	bool was_asserts, now_asserts;
	bool presence; /* the walk reports presence changes of the slot;
			* else it lists the slot's VRPs (held before and
			* after) */
	struct vrp_delta *d;
};

static int
union_fn(struct sink *k, unsigned fi, const void *rec, bool now)
{
	struct union_sink *s = (struct union_sink *)k;
	bool held_before = s->presence ? !now : true;
	bool held_after = s->presence ? now : true;
	bool before = effective(
	    s->u, fi, rec, s->slot, held_before, s->was_active, s->was_asserts);
	bool after = effective(
	    s->u, fi, rec, s->slot, held_after, s->now_active, s->now_asserts);

	return before == after ? 0 : delta_push(s->d, fi, rec, after);
}

static struct union_sink
union_sink(const struct vrpunion *u, unsigned i, struct vrp_delta *d)
{
	uint64_t b = (uint64_t)1 << i;
	struct union_sink s = { { union_fn }, u, i, (u->active & b) != 0,
		(u->active & b) != 0, (u->asserts & b) != 0,
		(u->asserts & b) != 0, true, d };

	return s;
}

int
rsg__vrpunion_replace(
    struct vrpunion *u, unsigned i, struct vrpset *s, struct vrp_delta *d)
{
	struct union_sink k = union_sink(u, i, d);
	int rc = walk_diff(u->src[i], s, &k.k);

	if (rc != 0) {
		/* the slot stays: what was pushed describes nothing */
		delta_full(d);
		rsg__vrpset_unref(s);
		return rc;
	}
	rsg__vrpset_unref(u->src[i]);
	u->src[i] = s;
	return 0;
}

int
rsg__vrpunion_apply(
    struct vrpunion *u, unsigned i, struct vrplog *log, struct vrp_delta *d)
{
	struct union_sink k = union_sink(u, i, d);
	struct vrpset *s;
	int rc = walk_apply(u->src[i], log, &s, &k.k);

	rsg__vrplog_clear(log);
	if (rc != 0) {
		delta_full(d);
		return rc;
	}
	rsg__vrpset_unref(u->src[i]);
	u->src[i] = s;
	return 0;
}

/* Every VRP of slot i to the sink. */
static int
walk_all(const struct vrpset *s, struct sink *k)
{
	for (unsigned fi = 0; s != NULL && fi < 2; fi++) {
		const unsigned char *v = s->f[fi].v;

		for (size_t j = 0; j < s->f[fi].n; j++) {
			int rc = k->fn(k, fi, v + j * fams[fi].rec, true);

			if (rc != 0)
				return rc;
		}
	}
	return 0;
}

int
rsg__vrpunion_set(struct vrpunion *u, unsigned i, bool active, bool asserts,
    struct vrp_delta *d)
{
	struct union_sink k = union_sink(u, i, d);
	uint64_t b = (uint64_t)1 << i;
	int rc;

	k.now_active = active;
	k.now_asserts = asserts;
	k.presence = false;
	if (k.was_active != active || k.was_asserts != asserts) {
		if ((rc = walk_all(u->src[i], &k.k)) != 0) {
			delta_full(d);
			return rc;
		}
	}
	u->active = active ? u->active | b : u->active & ~b;
	u->asserts = asserts ? u->asserts | b : u->asserts & ~b;
	return 0;
}

/* Filters changed: every VRP a filter could affect is compared. */
struct refilter_sink {
	struct sink k;
	struct vrpunion *u;
	const struct slurm *old, *new;
	struct vrp_delta *d;
};

static int
refilter_fn(struct sink *k, unsigned fi, const void *rec, bool now)
{
	struct refilter_sink *s = (struct refilter_sink *)k;
	bool before, after;

	(void)now;
	s->u->filters = s->old;
	before = effective(s->u, fi, rec, UINT32_MAX, false, false, false);
	s->u->filters = s->new;
	after = effective(s->u, fi, rec, UINT32_MAX, false, false, false);
	return before == after ? 0 : delta_push(s->d, fi, rec, after);
}

/* Each distinct VRP of the active slots, once: a k-way walk would be
 * faster, but filter changes are rare; the union of the sets is built
 * and walked instead. */
static int
union_set(const struct vrpunion *u, struct vrpset **out)
{
	size_t n[2] = { 0, 0 };
	struct vrpset *s, *only = NULL;
	unsigned nsets = 0;

	for (unsigned j = 0; j < VRPUNION_SLOTS; j++) {
		if (!(u->active & ((uint64_t)1 << j)) || u->src[j] == NULL)
			continue;
		n[VRP_F4] += u->src[j]->f[VRP_F4].n;
		n[VRP_F6] += u->src[j]->f[VRP_F6].n;
		only = u->src[j];
		nsets++;
	}
	if (nsets == 1) {
		/* the common case: one source, nothing to merge */
		*out = vrpset_ref(only);
		return 0;
	}
	if ((s = set_alloc(n[VRP_F4], n[VRP_F6])) == NULL)
		return RSG_ENOMEM;
	for (unsigned j = 0; j < VRPUNION_SLOTS; j++) {
		if (!(u->active & ((uint64_t)1 << j)) || u->src[j] == NULL)
			continue;
		for (unsigned fi = 0; fi < 2; fi++) {
			memcpy((unsigned char *)s->f[fi].v
				+ s->f[fi].n * fams[fi].rec,
			    u->src[j]->f[fi].v,
			    u->src[j]->f[fi].n * fams[fi].rec);
			s->f[fi].n += u->src[j]->f[fi].n;
		}
	}
	for (unsigned fi = 0; fi < 2; fi++)
		s->f[fi].n = sort_unique(&fams[fi], s->f[fi].v, s->f[fi].n);
	*out = s;
	return 0;
}

int
rsg__vrpunion_refilter(
    struct vrpunion *u, const struct slurm *filters, struct vrp_delta *d)
{
	struct refilter_sink k = { { refilter_fn }, u, u->filters, filters, d };
	struct vrpset *all;
	int rc = union_set(u, &all);

	if (rc == 0) {
		rc = walk_all(all, &k.k);
		rsg__vrpset_unref(all);
	}
	if (rc != 0)
		delta_full(d);
	u->filters = rc == 0 ? filters : k.old;
	return rc;
}

int
rsg__vrpunion_items(
    const struct vrpunion *u, struct item_vec *v4, struct item_vec *v6)
{
	struct vrpset *all;
	struct item_vec *iv[2] = { v4, v6 };
	int rc = union_set(u, &all);

	if (rc != 0)
		return rc;
	for (unsigned fi = 0; fi < 2 && rc == 0; fi++) {
		const unsigned char *v = all->f[fi].v;

		if (VEC_RESERVE(iv[fi], iv[fi]->n + all->f[fi].n) != 0) {
			rc = RSG_ENOMEM;
			break;
		}
		for (size_t j = 0; j < all->f[fi].n; j++) {
			const void *rec = v + j * fams[fi].rec;

			/* an active slot holds it: effective unless a
			 * filter matches and no assertion holds it */
			if (!filtered(u, fi, rec)
			    || effective(
				u, fi, rec, UINT32_MAX, false, false, false))
				to_item(
				    &fams[fi], rec, &iv[fi]->v[iv[fi]->n++]);
		}
	}
	rsg__vrpset_unref(all);
	return rc;
}

size_t
rsg__vrpunion_count(const struct vrpunion *u, unsigned i)
{
	return i < VRPUNION_SLOTS ? rsg__vrpset_count(u->src[i]) : 0;
}
