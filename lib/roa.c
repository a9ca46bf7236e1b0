/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Route origin validation (RFC 6811) on the ptab layout.
 */
#include "config.h"

#include "roa.h"

#include "alloc.h"

void
rsg__roa_init(struct roa_table *t)
{
	rsg__ptab_init(&t->t4, RSG_AFI_IPV4);
	rsg__ptab_init(&t->t6, RSG_AFI_IPV6);
}

void
rsg__roa_free(struct roa_table *t)
{
	rsg__ptab_free(&t->t4);
	rsg__ptab_free(&t->t6);
}

int
rsg__roa_build_items(struct roa_table *t, struct ptab_item *v4, size_t n4,
    struct ptab_item *v6, size_t n6)
{
	int rc;

	rsg__roa_init(t);
	rc = rsg__ptab_build(&t->t4, RSG_AFI_IPV4, v4, n4);
	if (rc == 0)
		rc = rsg__ptab_build(&t->t6, RSG_AFI_IPV6, v6, n6);
	if (rc != 0)
		rsg__roa_free(t);
	return rc;
}

int
rsg__roa_build(struct roa_table *t, const struct rsg_vrp *vrps, size_t n)
{
	struct ptab_item *items;
	size_t n4 = 0, a, b;
	int rc;

	rsg__roa_init(t);
	if (n == 0)
		return 0;
	items = rsg__reallocarray(NULL, n, sizeof(*items));
	if (items == NULL)
		return RSG_ENOMEM;
	for (size_t i = 0; i < n; i++)
		n4 += vrps[i].prefix.ip.afi == RSG_AFI_IPV4;
	a = 0;
	b = n4;
	for (size_t i = 0; i < n; i++) {
		const struct rsg_vrp *v = &vrps[i];
		struct ptab_item *it = v->prefix.ip.afi == RSG_AFI_IPV4
		    ? &items[a++]
		    : &items[b++];

		memset(it, 0, sizeof(*it));
		memcpy(it->addr, v->prefix.ip.addr, sizeof(it->addr));
		it->len = v->prefix.len;
		it->maxlen = v->max_len;
		it->data = v->asn;
	}
	rc = rsg__roa_build_items(t, items, n4, items + n4, n - n4);
	rsg__free(items);
	return rc;
}

enum rsg_rov
rsg__roa_validate(const struct roa_table *t, const struct rsg_prefix *p,
    uint32_t origin, struct rsg_vrp *out, size_t cap, size_t *total)
{
	const struct ptab *pt = p->ip.afi == RSG_AFI_IPV6 ? &t->t6 : &t->t4;
	const struct ptab_rec *r;
	struct ptab_iter it;
	enum rsg_rov state = RSG_ROV_NOTFOUND;
	size_t nm = 0, nn = 0, count = 0;

	if (out == NULL)
		cap = 0;
	ptab_iter_init(&it, pt, p);
	while ((r = ptab_iter_next(&it)) != NULL) {
		bool match =
		    origin != 0 && r->data == origin && p->len <= r->maxlen;

		count++;
		if (match) {
			state = RSG_ROV_VALID;
			if (out == NULL && total == NULL)
				return state;
		} else if (state != RSG_ROV_VALID) {
			state = RSG_ROV_INVALID;
		}
		if (cap == 0)
			continue;
		/* matches grow from the front, others from the back */
		if (match) {
			if (nm + nn == cap) {
				if (nn == 0)
					continue;
				nn--;
			}
			ptab_iter_prefix(&it, r, &out[nm].prefix);
			out[nm].asn = r->data;
			out[nm].max_len = r->maxlen;
			nm++;
		} else if (nm + nn < cap) {
			struct rsg_vrp *o = &out[cap - 1 - nn];

			ptab_iter_prefix(&it, r, &o->prefix);
			o->asn = r->data;
			o->max_len = r->maxlen;
			nn++;
		}
	}
	if (cap > 0 && nn > 0) {
		/* move the non-matches behind the matches, in walk order */
		for (size_t i = 0; i < nn && nm + i < cap - 1 - i; i++) {
			struct rsg_vrp tmp = out[cap - 1 - i];

			out[cap - 1 - i] = out[nm + i];
			out[nm + i] = tmp;
		}
	}
	if (total != NULL)
		*total = count;
	return state;
}

bool
rsg__roa_covers(
    const struct roa_table *t, const struct rsg_prefix *p, uint32_t asn)
{
	const struct ptab *pt = p->ip.afi == RSG_AFI_IPV6 ? &t->t6 : &t->t4;
	const struct ptab_rec *r;
	struct ptab_iter it;

	if (asn == 0)
		return false;
	ptab_iter_init(&it, pt, p);
	while ((r = ptab_iter_next(&it)) != NULL) {
		if (r->data == asn)
			return true;
	}
	return false;
}
