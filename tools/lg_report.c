/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rsguard lg: what a session announces against what the IRR registers
 * for its participant (lg_report.h).
 */
#include "config.h"

#include <stdlib.h>

#include "lg_report.h"

static int
prefix_cmp(const struct rsg_prefix *x, const struct rsg_prefix *y)
{
	if (x->ip.afi != y->ip.afi)
		return x->ip.afi < y->ip.afi ? -1 : 1;
	for (unsigned i = 0; i < 4; i++)
		if (x->ip.addr[i] != y->ip.addr[i])
			return x->ip.addr[i] < y->ip.addr[i] ? -1 : 1;
	return x->len < y->len ? -1 : x->len > y->len;
}

/* Does p (the registered entry's prefix) hold q? */
static bool
covers(const struct rsg_prefix *p, const struct rsg_prefix *q)
{
	unsigned len = p->len;

	if (p->ip.afi != q->ip.afi || q->len < len)
		return false;
	for (unsigned i = 0; i < 4 && len > 0;
	     i++, len -= len < 32 ? len : 32) {
		uint32_t m = len >= 32 ? UINT32_MAX : ~(UINT32_MAX >> len);

		if ((p->ip.addr[i] ^ q->ip.addr[i]) & m)
			return false;
	}
	return true;
}

/* The first of the sorted prefixes v not below q. */
static size_t
lower_bound(const struct rsg_prefix *v, size_t n, const struct rsg_prefix *q)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (prefix_cmp(&v[mid], q) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The announced prefixes e holds follow e's own in the sorted list. */
bool
lg_entry_announced(
    const struct rsg_prefix *a, size_t n, const struct rsg_registered *e)
{
	struct rsg_prefix start = e->prefix;

	start.len = 0;
	for (size_t i = lower_bound(a, n, &start);
	     i < n && a[i].ip.afi == e->prefix.ip.afi; i++) {
		if (prefix_cmp(&a[i], &e->prefix) < 0)
			continue; /* shorter prefixes at e's address */
		if (!covers(&e->prefix, &a[i]))
			return false;
		if (a[i].len >= e->min_len && a[i].len <= e->max_len)
			return true;
		if (e->min_len == e->max_len && e->min_len == e->prefix.len)
			return false; /* exact: only the first could be it */
	}
	return false;
}

void
lg_registered_index(
    struct lg_registered *x, const struct rsg_registered *r, size_t n)
{
	bool have[129] = { false };

	x->r = r;
	x->n = n;
	x->nlens = 0;
	for (size_t i = 0; i < n; i++)
		have[r[i].prefix.len <= 128 ? r[i].prefix.len : 128] = true;
	for (unsigned l = 0; l <= 128; l++)
		if (have[l])
			x->lens[x->nlens++] = (uint8_t)l;
}

/* The entries holding q lie at q's address masked to each length, and
 * only the lengths registered are tried. */
bool
lg_prefix_registered(const struct lg_registered *x, const struct rsg_prefix *q)
{
	const struct rsg_registered *r = x->r;
	size_t n = x->n;

	for (size_t k = 0; k < x->nlens && x->lens[k] <= q->len; k++) {
		struct rsg_prefix m = *q;
		size_t lo = 0, hi = n;
		unsigned len = x->lens[k];

		m.len = (uint8_t)len;
		for (unsigned i = 0; i < 4; i++, len -= len < 32 ? len : 32)
			m.ip.addr[i] &= len >= 32 ? UINT32_MAX
			    : len == 0            ? 0
						  : ~(UINT32_MAX >> len);
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (prefix_cmp(&r[mid].prefix, &m) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < n && prefix_cmp(&r[lo].prefix, &m) == 0; lo++)
			if (q->len >= r[lo].min_len && q->len <= r[lo].max_len)
				return true;
	}
	return false;
}

static int
prefix_qcmp(const void *a, const void *b)
{
	return prefix_cmp(a, b);
}

void
lg_prefixes_sort(struct rsg_prefix *v, size_t *n)
{
	size_t u = 1;

	if (*n < 2)
		return;
	qsort(v, *n, sizeof(*v), prefix_qcmp);
	for (size_t i = 1; i < *n; i++)
		if (prefix_cmp(&v[i], &v[u - 1]) != 0)
			v[u++] = v[i];
	*n = u;
}
