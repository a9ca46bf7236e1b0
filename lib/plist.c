/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Prefix lists compiled into ptabs (see plist.h).
 */
#include "config.h"

#include "plist.h"

#include "alloc.h"

void
rsg__pfx_entry_orlonger(struct pfx_entry *e, const struct rsg_prefix *p)
{
	memset(e, 0, sizeof(*e));
	e->pfx = *p;
	e->ge = p->len;
	e->le = (uint8_t)afi_bits(p->ip.afi);
}

int
rsg__pfx_vec_push(struct pfx_vec *v, const struct pfx_entry *e)
{
	struct pfx_entry c = *e;

	if (e->comment != NULL && (c.comment = rsg__strdup(e->comment)) == NULL)
		return RSG_ENOMEM;
	if (VEC_PUSH(v, c) != 0) {
		rsg__free(c.comment);
		return RSG_ENOMEM;
	}
	return 0;
}

int
rsg__pfx_vec_copy(struct pfx_vec *dst, const struct pfx_vec *src)
{
	for (size_t i = 0; i < src->n; i++) {
		if (rsg__pfx_vec_push(dst, &src->v[i]) != 0)
			return RSG_ENOMEM;
	}
	return 0;
}

void
rsg__pfx_vec_free(struct pfx_vec *v)
{
	for (size_t i = 0; i < v->n; i++)
		rsg__free(v->v[i].comment);
	VEC_FREE(v);
}

void
rsg__pfx_vec_del(struct pfx_vec *p)
{
	if (p != NULL) {
		rsg__pfx_vec_free(p);
		rsg__free(p);
	}
}

void
rsg__plist_init(struct plist *l)
{
	memset(l, 0, sizeof(*l));
	rsg__ptab_init(&l->t4, RSG_AFI_IPV4);
	rsg__ptab_init(&l->t6, RSG_AFI_IPV6);
}

void
rsg__plist_free(struct plist *l)
{
	if (l == NULL)
		return;
	rsg__ptab_free(&l->t4);
	rsg__ptab_free(&l->t6);
	for (size_t i = 0; i < l->n; i++)
		rsg__free(l->ent[i].comment);
	rsg__free(l->ent);
	rsg__plist_init(l);
}

size_t
rsg__plist_bytes(const struct plist *l)
{
	return l->t4.bytes + l->t6.bytes + l->n * sizeof(*l->ent);
}

int
rsg__plist_build(struct plist *l, const struct pfx_entry *e, size_t n)
{
	struct ptab_item *items = NULL;
	size_t n4 = 0, n6 = 0;
	int rc = RSG_ENOMEM;

	rsg__plist_init(l);
	if (n == 0)
		return 0;
	l->ent = rsg__calloc(n, sizeof(*l->ent));
	items = rsg__reallocarray(NULL, n, sizeof(*items));
	if (l->ent == NULL || items == NULL)
		goto out;
	for (size_t i = 0; i < n; i++) {
		l->ent[i] = e[i];
		l->ent[i].comment = NULL;
		if (e[i].comment != NULL
		    && (l->ent[i].comment = rsg__strdup(e[i].comment)) == NULL)
			goto out;
		l->n = i + 1;
	}
	/* IPv4 items first, IPv6 after: one array, two builds */
	for (size_t i = 0; i < n; i++) {
		if (e[i].pfx.ip.afi == RSG_AFI_IPV4)
			n4++;
	}
	for (size_t i = 0, a = 0, b = n4; i < n; i++) {
		struct ptab_item *it =
		    e[i].pfx.ip.afi == RSG_AFI_IPV4 ? &items[a++] : &items[b++];

		memcpy(it->addr, e[i].pfx.ip.addr, sizeof(it->addr));
		it->len = e[i].pfx.len;
		it->maxlen = e[i].le;
		it->data = (uint32_t)i;
		if (e[i].pfx.ip.afi != RSG_AFI_IPV4)
			n6++;
	}
	rc = rsg__ptab_build(&l->t4, RSG_AFI_IPV4, items, n4);
	if (rc == 0)
		rc = rsg__ptab_build(&l->t6, RSG_AFI_IPV6, items + n4, n6);
out:
	rsg__free(items);
	if (rc != 0)
		rsg__plist_free(l);
	return rc;
}

const struct pfx_entry *
rsg__plist_match(const struct plist *l, const struct rsg_prefix *p)
{
	const struct ptab *t = p->ip.afi == RSG_AFI_IPV6 ? &l->t6 : &l->t4;
	const struct pfx_entry *best = NULL;
	const struct ptab_rec *r;
	struct ptab_iter it;

	if (t->nrec == 0)
		return NULL;
	ptab_iter_init(&it, t, p);
	/* report the shortest matching entry (the widest block) */
	while ((r = ptab_iter_next(&it)) != NULL) {
		const struct pfx_entry *e = &l->ent[r->data];

		if (p->len >= e->ge && p->len <= e->le
		    && (best == NULL || e->pfx.len < best->pfx.len))
			best = e;
	}
	return best;
}
