/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Change summaries: what the worker tells the host after publications, so
 * that the route server re-evaluates only the routes that can be affected
 * (RFC 9324: no Route Refresh, re-evaluate on VRP change). Summaries merge
 * until the host dispatches them.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "alloc.h"
#include "ctx.h"
#include "worker.h"

void
rsg__changes_clear(struct rsg_changes *c)
{
	c->generation = 0;
	c->sources = 0;
	c->all = false;
	c->prefixes.n = c->asns.n = c->clients.n = 0;
}

void
rsg__changes_free(struct rsg_changes *c)
{
	VEC_FREE(&c->prefixes);
	VEC_FREE(&c->asns);
	VEC_FREE(&c->clients);
	rsg__changes_clear(c);
}

int
rsg__changes_merge(struct rsg_changes *dst, const struct rsg_changes *src)
{
	if (src->generation > dst->generation)
		dst->generation = src->generation;
	dst->sources |= src->sources;
	dst->all |= src->all;
	if (dst->all
	    || dst->prefixes.n + src->prefixes.n > CHANGES_MAX_PREFIXES) {
		dst->all = true;
		dst->prefixes.n = 0;
	} else {
		if (VEC_RESERVE(
			&dst->prefixes, dst->prefixes.n + src->prefixes.n)
		    != 0)
			goto nomem;
		if (src->prefixes.n > 0)
			memcpy(dst->prefixes.v + dst->prefixes.n,
			    src->prefixes.v,
			    src->prefixes.n * sizeof(*src->prefixes.v));
		dst->prefixes.n += src->prefixes.n;
	}
	if (VEC_RESERVE(&dst->asns, dst->asns.n + src->asns.n) != 0
	    || VEC_RESERVE(&dst->clients, dst->clients.n + src->clients.n) != 0)
		goto nomem;
	if (src->asns.n > 0)
		memcpy(dst->asns.v + dst->asns.n, src->asns.v,
		    src->asns.n * sizeof(*src->asns.v));
	dst->asns.n += src->asns.n;
	if (src->clients.n > 0)
		memcpy(dst->clients.v + dst->clients.n, src->clients.v,
		    src->clients.n * sizeof(*src->clients.v));
	dst->clients.n += src->clients.n;
	return 0;
nomem:
	dst->all = true;
	return RSG_ENOMEM;
}

static int
add_items(struct rsg_changes *c, const struct item_vec *iv, unsigned afi)
{
	if (c->all)
		return 0;
	if (c->prefixes.n + iv->n > CHANGES_MAX_PREFIXES) {
		c->all = true;
		return 0;
	}
	if (VEC_RESERVE(&c->prefixes, c->prefixes.n + iv->n) != 0)
		return RSG_ENOMEM;
	for (size_t i = 0; i < iv->n; i++) {
		struct rsg_prefix *p = &c->prefixes.v[c->prefixes.n++];

		memset(p, 0, sizeof(*p));
		memcpy(p->ip.addr, iv->v[i].addr, sizeof(p->ip.addr));
		p->ip.afi = (uint8_t)afi;
		p->len = iv->v[i].len;
	}
	return 0;
}

int
rsg__changes_add_delta(struct rsg_changes *c, const struct vrp_delta *d)
{
	int rc = add_items(c, &d->add4, RSG_AFI_IPV4);

	if (rc == 0)
		rc = add_items(c, &d->del4, RSG_AFI_IPV4);
	if (rc == 0)
		rc = add_items(c, &d->add6, RSG_AFI_IPV6);
	if (rc == 0)
		rc = add_items(c, &d->del6, RSG_AFI_IPV6);
	return rc;
}

static int
pfx_qcmp(const void *a, const void *b)
{
	return pfx_cmp(a, b);
}

static int
u32_qcmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int
ip_qcmp(const void *pa, const void *pb)
{
	const struct rsg_ip *a = pa, *b = pb;

	if (a->afi != b->afi)
		return a->afi < b->afi ? -1 : 1;
	return memcmp(a->addr, b->addr, sizeof(a->addr));
}

void
rsg__changes_compact(struct rsg_changes *c)
{
	size_t k = 0;

	/* sorted by address then length, a covering prefix comes before
	 * everything it covers: keep a prefix unless the last kept covers it */
	if (c->prefixes.n > 1)
		qsort(c->prefixes.v, c->prefixes.n, sizeof(*c->prefixes.v),
		    pfx_qcmp);
	for (size_t i = 0; i < c->prefixes.n; i++) {
		if (k > 0
		    && pfx_covers(&c->prefixes.v[k - 1], &c->prefixes.v[i]))
			continue;
		c->prefixes.v[k++] = c->prefixes.v[i];
	}
	c->prefixes.n = k;
	if (c->asns.n > 1)
		qsort(c->asns.v, c->asns.n, sizeof(*c->asns.v), u32_qcmp);
	k = 0;
	for (size_t i = 0; i < c->asns.n; i++) {
		if (k == 0 || c->asns.v[k - 1] != c->asns.v[i])
			c->asns.v[k++] = c->asns.v[i];
	}
	c->asns.n = k;
	if (c->clients.n > 1)
		qsort(
		    c->clients.v, c->clients.n, sizeof(*c->clients.v), ip_qcmp);
	k = 0;
	for (size_t i = 0; i < c->clients.n; i++) {
		if (k == 0 || !ip_equal(&c->clients.v[k - 1], &c->clients.v[i]))
			c->clients.v[k++] = c->clients.v[i];
	}
	c->clients.n = k;
}

RSG_EXPORT int
rsg_ctx_dispatch(struct rsg_ctx *ctx, rsg_changes_cb cb, void *arg)
{
	struct rsg_changes ch = { 0 };
	char buf[64];

	if (ctx == NULL)
		return RSG_EINVAL;
	while (read(ctx->notify_rd, buf, sizeof(buf)) > 0)
		;
	pthread_mutex_lock(&ctx->lock);
	if (!ctx->have_pending) {
		pthread_mutex_unlock(&ctx->lock);
		return 0;
	}
	/* take the summary; the worker starts a new one */
	ch = ctx->pending;
	memset(&ctx->pending, 0, sizeof(ctx->pending));
	ctx->have_pending = false;
	pthread_mutex_unlock(&ctx->lock);
	rsg__changes_compact(&ch);
	if (cb != NULL)
		cb(arg, &ch);
	rsg__changes_free(&ch);
	return 1;
}

RSG_EXPORT uint64_t
rsg_changes_generation(const struct rsg_changes *ch)
{
	return ch->generation;
}

RSG_EXPORT unsigned
rsg_changes_sources(const struct rsg_changes *ch)
{
	return ch->sources;
}

RSG_EXPORT bool
rsg_changes_all(const struct rsg_changes *ch)
{
	return ch->all;
}

RSG_EXPORT size_t
rsg_changes_prefixes(
    const struct rsg_changes *ch, const struct rsg_prefix **out)
{
	*out = ch->prefixes.v;
	return ch->prefixes.n;
}

RSG_EXPORT bool
rsg_changes_affects(const struct rsg_changes *ch, const struct rsg_prefix *p)
{
	size_t lo = 0, hi = ch->prefixes.n;

	if (ch->all)
		return true;
	/* the only candidate is the last compacted prefix <= p */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (pfx_cmp(&ch->prefixes.v[mid], p) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && pfx_covers(&ch->prefixes.v[lo - 1], p);
}

RSG_EXPORT size_t
rsg_changes_asns(const struct rsg_changes *ch, const uint32_t **out)
{
	*out = ch->asns.v;
	return ch->asns.n;
}

RSG_EXPORT size_t
rsg_changes_clients(const struct rsg_changes *ch, const struct rsg_ip **out)
{
	*out = ch->clients.v;
	return ch->clients.n;
}
