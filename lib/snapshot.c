/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Snapshots and their parts (see snapshot.h): the list of parts, the rov
 * and aspa parts, and what a new snapshot changes. The policy part lives
 * in policy.c.
 */
#include "config.h"

#include "snapshot.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "util.h"

const struct part_ops *const rsg__part_ops[PART_COUNT] = {
	[PART_ROV] = &rsg__rov_ops,
	[PART_ASPA] = &rsg__aspa_ops,
	[PART_POLICY] = &rsg__policy_ops,
	[PART_IRR] = &rsg__irr_ops,
};

struct snap_part *
rsg__part_ref(struct snap_part *p)
{
	if (p != NULL)
		p->refs++;
	return p;
}

void
rsg__part_unref(struct snap_part *p)
{
	if (p != NULL && --p->refs == 0)
		p->ops->free(p);
}

/* ------------------------------------------------------------------ */
/* rov                                                                 */

static void
rov_free(struct snap_part *p)
{
	struct snap_rov *r = (struct snap_rov *)p;

	rsg__roa_free(&r->roa);
	rsg__free(r);
}

static int
rov_build(const struct part_input *in, const struct snap_part *old,
    struct snap_part **out)
{
	const struct snap_rov *o = (const struct snap_rov *)old;
	const struct vrp_delta *d = in->delta;
	struct snap_rov *r = rsg__calloc(1, sizeof(*r));
	int rc;

	*out = NULL;
	if (r == NULL)
		return RSG_ENOMEM;
	r->p.ops = &rsg__rov_ops;
	r->p.refs = 1;
	if (o != NULL && !in->rov_full && d != NULL && old == in->delta_base) {
		/* a delta: changed buckets merged, the rest copied */
		rc = rsg__ptab_update(&r->roa.t4, &o->roa.t4, d->add4.v,
		    d->add4.n, d->del4.v, d->del4.n);
		if (rc == 0) {
			rc = rsg__ptab_update(&r->roa.t6, &o->roa.t6, d->add6.v,
			    d->add6.n, d->del6.v, d->del6.n);
			if (rc != 0)
				rsg__ptab_free(&r->roa.t4);
		}
	} else if (in->vrps != NULL) {
		struct item_vec v4 = { 0 }, v6 = { 0 };

		rc = rsg__vrpunion_items(in->vrps, &v4, &v6);
		if (rc == 0)
			rc = rsg__roa_build_items(
			    &r->roa, v4.v, v4.n, v6.v, v6.n);
		VEC_FREE(&v4);
		VEC_FREE(&v6);
	} else {
		rsg__roa_init(&r->roa);
		rc = 0;
	}
	if (rc != 0) {
		rsg__free(r);
		return rc;
	}
	r->p.bytes = sizeof(*r) + r->roa.t4.bytes + r->roa.t6.bytes;
	*out = &r->p;
	return 0;
}

static void
rov_stats(const struct snap_part *p, struct rsg_stats *st)
{
	const struct snap_rov *r = (const struct snap_rov *)p;

	st->vrps_ipv4 = r->roa.t4.nrec;
	st->vrps_ipv6 = r->roa.t6.nrec;
	st->vrp_bytes = r->roa.t4.bytes + r->roa.t6.bytes;
}

/* Collects a table's entries as VRPs. */
struct vrp_collect {
	struct vrp_vec v;
	unsigned afi;
};

static int
collect_fn(void *arg, const struct ptab_item *it)
{
	struct vrp_collect *c = arg;
	struct rsg_vrp v;

	memset(&v, 0, sizeof(v));
	v.prefix.ip.afi = (uint8_t)c->afi;
	memcpy(v.prefix.ip.addr, it->addr, sizeof(v.prefix.ip.addr));
	v.prefix.len = it->len;
	v.max_len = it->maxlen;
	v.asn = it->data;
	return VEC_PUSH(&c->v, v) != 0 ? RSG_ENOMEM : 0;
}

static int
roa_set(const struct roa_table *t, struct vrpset **out)
{
	struct vrp_collect c = { { 0 }, RSG_AFI_IPV4 };
	int rc = rsg__ptab_walk(&t->t4, collect_fn, &c);

	c.afi = RSG_AFI_IPV6;
	if (rc == 0)
		rc = rsg__ptab_walk(&t->t6, collect_fn, &c);
	if (rc == 0)
		rc = rsg__vrpset_new(c.v.v, c.v.n, out);
	rsg__vrp_vec_free(&c.v);
	return rc;
}

static int
rov_affects(const struct part_input *in, const struct snap_part *old,
    const struct snap_part *new, struct rsg_changes *ch)
{
	struct vrpset *a = NULL, *b = NULL;
	struct vrp_delta d;
	int rc;

	memset(&d, 0, sizeof(d));
	if (old == new)
		return 0;
	if (old != NULL && old == in->delta_base && in->delta != NULL)
		return in->delta->full ? rsg__changes_all_prefixes(ch)
				       : rsg__changes_delta(ch, in->delta);
	/* another history (rsg_ctx_load() over an older load): compare */
	rc =
	    old != NULL ? roa_set(&((const struct snap_rov *)old)->roa, &a) : 0;
	if (rc == 0)
		rc = roa_set(&((const struct snap_rov *)new)->roa, &b);
	if (rc == 0)
		rc = rsg__vrpset_diff(a, b, &d);
	if (rc == 0)
		rc = rsg__changes_delta(ch, &d);
	rsg__vrpset_unref(a);
	rsg__vrpset_unref(b);
	rsg__vrp_delta_free(&d);
	if (rc != 0)
		rsg__changes_all(ch);
	return rc;
}

const struct part_ops rsg__rov_ops = {
	rov_build,
	rov_free,
	rov_stats,
	rov_affects,
};

/* ------------------------------------------------------------------ */
/* aspa                                                                */

static void
aspa_part_free(struct snap_part *p)
{
	struct snap_aspa *a = (struct snap_aspa *)p;

	rsg__aspa_free(&a->aspa);
	rsg__free(a);
}

static int
aspa_part_build(const struct part_input *in, const struct snap_part *old,
    struct snap_part **out)
{
	struct snap_aspa *a = rsg__calloc(1, sizeof(*a));

	(void)old;
	*out = NULL;
	if (a == NULL)
		return RSG_ENOMEM;
	a->p.ops = &rsg__aspa_ops;
	a->p.refs = 1;
	rsg__aspa_init(&a->aspa);
	if (in->aspas != NULL && rsg__aspa_build(&a->aspa, in->aspas) != 0) {
		rsg__free(a);
		return RSG_ENOMEM;
	}
	a->p.bytes = sizeof(*a) + rsg__aspa_bytes(&a->aspa);
	*out = &a->p;
	return 0;
}

static void
aspa_part_stats(const struct snap_part *p, struct rsg_stats *st)
{
	st->aspas = ((const struct snap_aspa *)p)->aspa.ncust;
}

/* Provider lists are sorted and unique: equal sets are equal arrays. */
static bool
same_providers(const struct aspa_table *x, const struct aspa_slot *s,
    const struct aspa_table *y, const struct aspa_slot *o)
{
	return s->n == o->n
	    && (s->n == 0
		|| memcmp(x->prov + s->off, y->prov + o->off,
		       s->n * sizeof(*x->prov))
		    == 0);
}

/* Customers whose provider set differs between two tables. */
static int
aspa_part_affects(const struct part_input *in, const struct snap_part *old,
    const struct snap_part *new, struct rsg_changes *ch)
{
	const struct aspa_table *t[2] = {
		&((const struct snap_aspa *)old)->aspa,
		&((const struct snap_aspa *)new)->aspa,
	};

	(void)in;
	if (old == new)
		return 0;
	for (unsigned k = 0; k < 2; k++) {
		const struct aspa_table *x = t[k], *y = t[1 - k];

		for (uint32_t h = 0; x->slot != NULL && h <= x->mask; h++) {
			const struct aspa_slot *s = &x->slot[h], *o;
			int rc;

			if (s->off == UINT32_MAX)
				continue;
			o = rsg__aspa_find(y, s->customer);
			/* customers in both tables are compared once */
			if (o != NULL && (k == 1 || same_providers(x, s, y, o)))
				continue;
			if ((rc = rsg__changes_asn(ch, s->customer)) != 0)
				return rc;
		}
	}
	return 0;
}

const struct part_ops rsg__aspa_ops = {
	aspa_part_build,
	aspa_part_free,
	aspa_part_stats,
	aspa_part_affects,
};

/* ------------------------------------------------------------------ */
/* irr                                                                 */

static void
irr_part_free(struct snap_part *p)
{
	struct snap_irr *r = (struct snap_irr *)p;

	rsg__ptab_free(&r->t4);
	rsg__ptab_free(&r->t6);
	rsg__ptab_free(&r->arin4);
	rsg__ptab_free(&r->arin6);
	rsg__ptab_free(&r->l4);
	rsg__ptab_free(&r->l6);
	rsg__free(r);
}

/* A database's route objects as two tables: data = origin. */
static int
irr_tables(const struct irr_db *db, struct ptab *t4, struct ptab *t6)
{
	struct ptab_item *items[2] = { NULL, NULL };
	size_t n[2] = { 0, 0 };
	int rc = 0;

	rsg__ptab_init(t4, RSG_AFI_IPV4);
	rsg__ptab_init(t6, RSG_AFI_IPV6);
	if (db == NULL || db->routes.n == 0)
		return 0;
	for (unsigned k = 0; k < 2; k++) {
		items[k] = rsg__reallocarray(
		    NULL, db->routes.n, sizeof(struct ptab_item));
		if (items[k] == NULL)
			rc = RSG_ENOMEM;
	}
	for (size_t i = 0; i < db->routes.n && rc == 0; i++) {
		const struct irr_route *ro = &db->routes.v[i];
		unsigned k = ro->afi == RSG_AFI_IPV6;
		struct ptab_item *it = &items[k][n[k]++];

		memcpy(it->addr, ro->addr, sizeof(it->addr));
		it->len = ro->len;
		it->maxlen = ro->len;
		it->data = ro->origin;
	}
	if (rc == 0)
		rc = rsg__ptab_build(t4, RSG_AFI_IPV4, items[0], n[0]);
	if (rc == 0)
		rc = rsg__ptab_build(t6, RSG_AFI_IPV6, items[1], n[1]);
	rsg__free(items[0]);
	rsg__free(items[1]);
	return rc;
}

/* The bgpq4 lists' entries as two tables (struct snap_irr). */
static int
irr_list_tables(const struct irr_db *db, struct ptab *t4, struct ptab *t6)
{
	struct {
		struct ptab_item *v;
		size_t n, cap;
	} items[2] = { { 0 }, { 0 } };
	int rc = 0;

	rsg__ptab_init(t4, RSG_AFI_IPV4);
	rsg__ptab_init(t6, RSG_AFI_IPV6);
	for (size_t i = 0; db != NULL && i < db->lists.n && rc == 0; i++) {
		const struct irr_list *l = &db->lists.v[i];

		for (size_t k = 0; k < l->ent.n && rc == 0; k++) {
			const struct irr_lent *e = &l->ent.v[k];
			struct ptab_item it;

			memcpy(it.addr, e->addr, sizeof(it.addr));
			it.len = e->len;
			it.maxlen = e->le;
			it.data = l->id << 8 | e->ge;
			if (VEC_PUSH(&items[e->afi == RSG_AFI_IPV6], it) != 0)
				rc = RSG_ENOMEM;
		}
	}
	if (rc == 0)
		rc = rsg__ptab_build(t4, RSG_AFI_IPV4, items[0].v, items[0].n);
	if (rc == 0)
		rc = rsg__ptab_build(t6, RSG_AFI_IPV6, items[1].v, items[1].n);
	VEC_FREE(&items[0]);
	VEC_FREE(&items[1]);
	return rc;
}

static int
irr_part_build(const struct part_input *in, const struct snap_part *old,
    struct snap_part **out)
{
	struct snap_irr *r = rsg__calloc(1, sizeof(*r));
	int rc;

	(void)old;
	*out = NULL;
	if (r == NULL)
		return RSG_ENOMEM;
	r->p.ops = &rsg__irr_ops;
	r->p.refs = 1;
	r->on = in->irr != NULL;
	rc = irr_tables(in->irr, &r->t4, &r->t6);
	if (rc == 0)
		rc = irr_tables(in->arin, &r->arin4, &r->arin6);
	if (rc == 0)
		rc = irr_list_tables(in->irr, &r->l4, &r->l6);
	if (rc != 0) {
		irr_part_free(&r->p);
		return rc;
	}
	r->p.bytes = sizeof(*r) + r->t4.bytes + r->t6.bytes + r->arin4.bytes
	    + r->arin6.bytes + r->l4.bytes + r->l6.bytes;
	*out = &r->p;
	return 0;
}

static void
irr_part_stats(const struct snap_part *p, struct rsg_stats *st)
{
	(void)p;
	(void)st;
}

struct pitem_vec {
	struct ptab_item *v;
	size_t n, cap;
};

static int
item_push(void *arg, const struct ptab_item *it)
{
	return VEC_PUSH((struct pitem_vec *)arg, *it) != 0 ? RSG_ENOMEM : 0;
}

static int
item_cmp(const void *a, const void *b)
{
	const struct ptab_item *x = a, *y = b;
	int c = memcmp(x->addr, y->addr, sizeof(x->addr));

	if (c != 0)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if (x->data != y->data)
		return x->data < y->data ? -1 : 1;
	return (int)x->maxlen - (int)y->maxlen;
}

/* The route objects of one family that differ: their prefixes. */
static int
irr_table_diff(const struct ptab *a, const struct ptab *b, unsigned afi,
    struct rsg_changes *ch)
{
	struct pitem_vec x = { 0 }, y = { 0 };
	size_t i = 0, j = 0;
	int rc = rsg__ptab_walk(a, item_push, &x);

	if (rc == 0)
		rc = rsg__ptab_walk(b, item_push, &y);
	if (rc == 0 && x.n > 1)
		qsort(x.v, x.n, sizeof(*x.v), item_cmp);
	if (rc == 0 && y.n > 1)
		qsort(y.v, y.n, sizeof(*y.v), item_cmp);
	while (rc == 0 && (i < x.n || j < y.n)) {
		const struct ptab_item *d;
		struct rsg_prefix p;
		int c = i >= x.n ? 1
		    : j >= y.n   ? -1
				 : item_cmp(&x.v[i], &y.v[j]);

		if (c == 0) {
			i++;
			j++;
			continue;
		}
		d = c < 0 ? &x.v[i++] : &y.v[j++];
		memset(&p, 0, sizeof(p));
		memcpy(p.ip.addr, d->addr, sizeof(p.ip.addr));
		p.ip.afi = (uint8_t)afi;
		p.len = d->len;
		rc = rsg__changes_prefix(ch, &p);
	}
	VEC_FREE(&x);
	VEC_FREE(&y);
	return rc;
}

static int
irr_part_affects(const struct part_input *in, const struct snap_part *old,
    const struct snap_part *new, struct rsg_changes *ch)
{
	const struct snap_irr *a = (const struct snap_irr *)old;
	const struct snap_irr *b = (const struct snap_irr *)new;
	int rc;

	(void)in;
	if (old == new)
		return 0;
	/* IRR checks start or stop: the clients' part says which */
	rc = irr_table_diff(&a->t4, &b->t4, RSG_AFI_IPV4, ch);
	if (rc == 0)
		rc = irr_table_diff(&a->t6, &b->t6, RSG_AFI_IPV6, ch);
	if (rc == 0)
		rc = irr_table_diff(&a->arin4, &b->arin4, RSG_AFI_IPV4, ch);
	if (rc == 0)
		rc = irr_table_diff(&a->arin6, &b->arin6, RSG_AFI_IPV6, ch);
	if (rc == 0)
		rc = irr_table_diff(&a->l4, &b->l4, RSG_AFI_IPV4, ch);
	if (rc == 0)
		rc = irr_table_diff(&a->l6, &b->l6, RSG_AFI_IPV6, ch);
	if (rc != 0)
		rsg__changes_all(ch);
	return rc;
}

const struct part_ops rsg__irr_ops = {
	irr_part_build,
	irr_part_free,
	irr_part_stats,
	irr_part_affects,
};

/* ------------------------------------------------------------------ */
/* Snapshots                                                           */

int
rsg__snapshot_assemble(struct snap_part *const part[PART_COUNT],
    unsigned rov_state, unsigned aspa_state, struct rsg_snapshot **out)
{
	struct rsg_snapshot *s = rsg__calloc(1, sizeof(*s));

	*out = NULL;
	if (s == NULL)
		return RSG_ENOMEM;
	for (unsigned i = 0; i < PART_COUNT; i++)
		s->part[i] = rsg__part_ref(part[i]);
	s->rov_state = (uint8_t)rov_state;
	s->aspa_state = (uint8_t)aspa_state;
	*out = s;
	return 0;
}

void
rsg__snapshot_free(struct rsg_snapshot *s)
{
	if (s == NULL)
		return;
	for (unsigned i = 0; i < PART_COUNT; i++)
		rsg__part_unref(s->part[i]);
	rsg__free(s);
}

static size_t
snapshot_bytes(const struct rsg_snapshot *s)
{
	size_t n = sizeof(*s);

	for (unsigned i = 0; i < PART_COUNT; i++)
		n += s->part[i]->bytes;
	return n;
}

void
rsg__snapshot_stats(const struct rsg_snapshot *s, struct rsg_stats *st)
{
	for (unsigned i = 0; i < PART_COUNT; i++)
		s->part[i]->ops->stats(s->part[i], st);
	st->generation = s->generation;
	st->published_at = s->published_at;
	st->build_usec = s->build_usec;
	st->snapshot_bytes = snapshot_bytes(s);
	st->rpki_buildtime = s->rpki_buildtime;
	st->rov_state = s->rov_state;
	st->aspa_state = s->aspa_state;
}

/* Does a policy's client (or the general policy) run reason r's check? */
static bool
runs(const struct knobs *k, enum rsg_reason r1, enum rsg_reason r2)
{
	return k->mode[r1] != RSG_MODE_OFF || k->mode[r2] != RSG_MODE_OFF;
}

/* Every client of p that runs the check (and the unknown peers, if the
 * general policy runs it). */
static int
clients_running(const struct snap_policy *p, enum rsg_reason r1,
    enum rsg_reason r2, struct rsg_changes *ch)
{
	int rc = 0;

	for (size_t i = 0; i < p->nclients && rc == 0; i++) {
		const struct snap_client *c = &p->clients[i];

		if (!runs(&c->k, r1, r2))
			continue;
		for (size_t j = 0; j < c->nips && rc == 0; j++)
			rc = rsg__changes_client(ch, &c->ips[j]);
	}
	if (rc == 0 && runs(&p->general.k, r1, r2)) {
		struct peer_vec known = { 0 };

		rc = rsg__changes_client(ch, NULL);
		if (rc == 0)
			rc = rsg__policy_known(p, &known);
		if (rc == 0)
			rc = rsg__changes_known(ch, known.v, known.n);
		VEC_FREE(&known);
	}
	return rc;
}

/* A table's checks start, stop or change their flag. */
static int
state_affects(const struct rsg_snapshot *old, const struct rsg_snapshot *new,
    enum rsg_reason r1, enum rsg_reason r2, struct rsg_changes *ch)
{
	int rc = clients_running(snap_policy(new), r1, r2, ch);

	if (rc == 0 && old->part[PART_POLICY] != new->part[PART_POLICY])
		rc = clients_running(snap_policy(old), r1, r2, ch);
	return rc;
}

int
rsg__snapshot_affects(const struct part_input *in,
    const struct rsg_snapshot *old, const struct rsg_snapshot *new,
    struct rsg_changes *ch)
{
	int rc = 0;

	if (old == NULL) {
		rsg__changes_all(ch);
		return 0;
	}
	for (unsigned i = 0; i < PART_COUNT && rc == 0; i++) {
		if (old->part[i] != new->part[i])
			rc = rsg__part_ops[i]->affects(
			    in, old->part[i], new->part[i], ch);
	}
	if (rc == 0 && old->rov_state != new->rov_state)
		rc = state_affects(
		    old, new, RSG_R_RPKI_INVALID, RSG_R_RPKI_UNKNOWN, ch);
	if (rc == 0 && old->aspa_state != new->aspa_state)
		rc = state_affects(
		    old, new, RSG_R_ASPA_INVALID, RSG_R_ASPA_INVALID, ch);
	if (rc != 0)
		rsg__changes_all(ch);
	return rc;
}

int
rsg__snapshot_build(const struct part_input *in, struct rsg_snapshot **out)
{
	struct snap_part *part[PART_COUNT] = { NULL };
	uint64_t t0 = rsg__now_usec();
	int rc = 0;

	*out = NULL;
	for (unsigned i = 0; i < PART_COUNT && rc == 0; i++)
		rc = rsg__part_ops[i]->build(in, NULL, &part[i]);
	if (rc == 0)
		rc = rsg__snapshot_assemble(part,
		    in->vrps != NULL ? TABLE_READY : TABLE_OFF,
		    in->aspas != NULL ? TABLE_READY : TABLE_OFF, out);
	if (rc == 0)
		(*out)->build_usec = rsg__now_usec() - t0;
	/* the snapshot holds its own references */
	for (unsigned i = 0; i < PART_COUNT; i++)
		rsg__part_unref(part[i]);
	return rc;
}
