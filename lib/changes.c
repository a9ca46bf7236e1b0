/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Change records (changes.h): building, merging, compacting, and the
 * question a host asks of them: can this route's verdict differ?
 */
#include "config.h"

#include "changes.h"

#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "alloc.h"
#include "aspath.h"
#include "util.h"
#include "vrpset.h"

/* Internal: the prefixes overflowed and were replaced by the two /0. */
#define CH_PFX_FULL (1u << 8)
/* Internal: the record holds a list of known clients. */
#define CH_KNOWN (1u << 9)

int
rsg__changes_new(struct rsg_changes **out)
{
	*out = rsg__calloc(1, sizeof(**out));
	return *out != NULL ? 0 : RSG_ENOMEM;
}

void
rsg__changes_free(struct rsg_changes *c)
{
	if (c == NULL)
		return;
	VEC_FREE(&c->prefixes);
	VEC_FREE(&c->asns);
	VEC_FREE(&c->cc);
	VEC_FREE(&c->ci);
	VEC_FREE(&c->clients);
	VEC_FREE(&c->limits);
	VEC_FREE(&c->known);
	rsg__free(c);
}

size_t
rsg__changes_items(const struct rsg_changes *c)
{
	return c->prefixes.n + c->asns.n + c->cc.n + c->ci.n + c->clients.n
	    + c->limits.n + c->known.n;
}

void
rsg__changes_all(struct rsg_changes *c)
{
	c->flags |= CH_ALL;
}

static int
lost(struct rsg_changes *c)
{
	c->flags |= CH_ALL;
	return RSG_ENOMEM;
}

/* Every prefix of both families, in place of too many. */
static int
prefixes_full(struct rsg_changes *c)
{
	struct rsg_prefix all;

	c->prefixes.n = 0;
	c->flags |= CH_PFX_FULL;
	if (VEC_RESERVE(&c->prefixes, 2) != 0)
		return lost(c);
	memset(&all, 0, sizeof(all));
	all.ip.afi = RSG_AFI_IPV4;
	c->prefixes.v[c->prefixes.n++] = all;
	all.ip.afi = RSG_AFI_IPV6;
	c->prefixes.v[c->prefixes.n++] = all;
	return 0;
}

int
rsg__changes_all_prefixes(struct rsg_changes *c)
{
	return (c->flags & CH_PFX_FULL) ? 0 : prefixes_full(c);
}

static int
reserve_prefixes(struct rsg_changes *c, size_t more)
{
	if (c->flags & CH_PFX_FULL)
		return 1; /* nothing to add */
	if (c->prefixes.n + more > CHANGES_MAX_PREFIXES) {
		/* compaction may bring it under the limit */
		rsg__changes_compact(c);
		if (c->prefixes.n + more > CHANGES_MAX_PREFIXES)
			return prefixes_full(c) == 0 ? 1 : RSG_ENOMEM;
	}
	if (VEC_RESERVE(&c->prefixes, c->prefixes.n + more) != 0)
		return lost(c);
	return 0;
}

int
rsg__changes_prefix(struct rsg_changes *c, const struct rsg_prefix *p)
{
	int rc = reserve_prefixes(c, 1);

	if (rc != 0)
		return rc < 0 ? rc : 0;
	c->prefixes.v[c->prefixes.n++] = *p;
	return 0;
}

int
rsg__changes_asn(struct rsg_changes *c, uint32_t asn)
{
	return VEC_PUSH(&c->asns, asn) != 0 ? lost(c) : 0;
}

static const struct rsg_ip general_ip; /* afi NONE */

int
rsg__changes_aspect(struct rsg_changes *c, const struct rsg_ip *ip,
    const struct client_change *cc)
{
	struct client_change e = *cc;

	e.ip = ip != NULL ? *ip : general_ip;
	if (ip == NULL)
		c->flags |= CH_UNKNOWN;
	return VEC_PUSH(&c->cc, e) != 0 ? lost(c) : 0;
}

int
rsg__changes_client(struct rsg_changes *c, const struct rsg_ip *ip)
{
	struct client_change e;

	memset(&e, 0, sizeof(e));
	e.aspect = CA_WHOLE;
	return rsg__changes_aspect(c, ip, &e);
}

int
rsg__changes_item(struct rsg_changes *c, const struct rsg_ip *ip,
    const struct rsg_prefix *pfx, uint32_t asn)
{
	struct client_item e;

	memset(&e, 0, sizeof(e));
	e.ip = ip != NULL ? *ip : general_ip;
	if (pfx != NULL)
		e.pfx = *pfx;
	e.asn = asn;
	if (ip == NULL)
		c->flags |= CH_UNKNOWN;
	return VEC_PUSH(&c->ci, e) != 0 ? lost(c) : 0;
}

int
rsg__changes_limits(struct rsg_changes *c, const struct rsg_ip *ip)
{
	return VEC_PUSH(&c->limits, *ip) != 0 ? lost(c) : 0;
}

static int
add_items(struct rsg_changes *c, const struct item_vec *iv, unsigned afi)
{
	int rc = reserve_prefixes(c, iv->n);

	if (rc != 0)
		return rc < 0 ? rc : 0;
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
rsg__changes_delta(struct rsg_changes *c, const struct vrp_delta *d)
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
peer_qcmp(const void *pa, const void *pb)
{
	const struct peer_key *a = pa, *b = pb;
	int c = ip_cmp(&a->ip, &b->ip);

	return c != 0 ? c : a->asn < b->asn ? -1 : a->asn > b->asn;
}

static int
pfx_qcmp(const void *a, const void *b)
{
	return pfx_cmp(a, b);
}

/* Sort and drop duplicates of n elements. */
static size_t
uniq(void *v, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	unsigned char *b = v;
	size_t k = 0;

	if (n > 1)
		qsort(v, n, size, cmp);
	for (size_t i = 0; i < n; i++) {
		if (k > 0 && cmp(b + (k - 1) * size, b + i * size) == 0)
			continue;
		if (k != i)
			memcpy(b + k * size, b + i * size, size);
		k++;
	}
	return k;
}

int
rsg__changes_known(
    struct rsg_changes *c, const struct peer_key *known, size_t n)
{
	struct peer_vec sorted = { 0 };
	size_t k = 0;

	/* the callers' lists come in any order (a policy's are in
	 * configuration order) */
	if (VEC_RESERVE(&sorted, n) != 0)
		return lost(c);
	if (n > 0)
		memcpy(sorted.v, known, n * sizeof(*known));
	sorted.n = uniq(sorted.v, n, sizeof(*sorted.v), peer_qcmp);
	if (!(c->flags & CH_KNOWN)) {
		/* the first statement: exactly these clients */
		VEC_FREE(&c->known);
		c->known = sorted;
		c->flags |= CH_KNOWN;
		return 0;
	}
	/* affected if unknown to either: keep the peers known to both */
	for (size_t i = 0; i < c->known.n; i++) {
		if (sorted.n > 0
		    && bsearch(&c->known.v[i], sorted.v, sorted.n,
			   sizeof(*sorted.v), peer_qcmp)
			!= NULL)
			c->known.v[k++] = c->known.v[i];
	}
	c->known.n = k;
	VEC_FREE(&sorted);
	return 0;
}

int
rsg__changes_merge(struct rsg_changes *dst, const struct rsg_changes *src)
{
	int rc = 0;

	if (dst->generation == 0 && dst->since == 0)
		dst->since = src->since;
	else if (src->since < dst->since)
		dst->since = src->since;
	if (src->generation > dst->generation)
		dst->generation = src->generation;
	dst->sources |= src->sources;
	dst->flags |= src->flags & CH_ALL;
	if (src->flags & CH_PFX_FULL) {
		if (!(dst->flags & CH_PFX_FULL))
			rc = prefixes_full(dst);
	} else if ((rc = reserve_prefixes(dst, src->prefixes.n)) == 0) {
		if (src->prefixes.n > 0)
			memcpy(dst->prefixes.v + dst->prefixes.n,
			    src->prefixes.v,
			    src->prefixes.n * sizeof(*src->prefixes.v));
		dst->prefixes.n += src->prefixes.n;
	} else if (rc > 0) {
		rc = 0;
	}
	if (rc != 0)
		return rc;
	if (VEC_RESERVE(&dst->asns, dst->asns.n + src->asns.n) != 0
	    || VEC_RESERVE(&dst->cc, dst->cc.n + src->cc.n) != 0
	    || VEC_RESERVE(&dst->ci, dst->ci.n + src->ci.n) != 0
	    || VEC_RESERVE(&dst->limits, dst->limits.n + src->limits.n) != 0)
		return lost(dst);
#define APPEND(f)                                                              \
	do {                                                                   \
		if (src->f.n > 0)                                              \
			memcpy(dst->f.v + dst->f.n, src->f.v,                  \
			    src->f.n * sizeof(*src->f.v));                     \
		dst->f.n += src->f.n;                                          \
	} while (0)
	APPEND(asns);
	APPEND(cc);
	APPEND(ci);
	APPEND(limits);
#undef APPEND
	dst->flags |= src->flags & CH_UNKNOWN;
	if (src->flags & CH_KNOWN)
		return rsg__changes_known(dst, src->known.v, src->known.n);
	return 0;
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
	c->asns.n = uniq(c->asns.v, c->asns.n, sizeof(*c->asns.v), u32_qcmp);
	if (c->cc.n > 1)
		qsort(c->cc.v, c->cc.n, sizeof(*c->cc.v), ip_qcmp);
	if (c->ci.n > 1)
		qsort(c->ci.v, c->ci.n, sizeof(*c->ci.v), ip_qcmp);
	/* every client named, for hosts that reload per session */
	c->clients.n = 0;
	if (VEC_RESERVE(&c->clients, c->cc.n + c->ci.n) != 0) {
		c->flags |= CH_ALL;
		return;
	}
	for (size_t i = 0; i < c->cc.n; i++) {
		if (c->cc.v[i].ip.afi != RSG_AFI_NONE)
			c->clients.v[c->clients.n++] = c->cc.v[i].ip;
	}
	for (size_t i = 0; i < c->ci.n; i++) {
		if (c->ci.v[i].ip.afi != RSG_AFI_NONE)
			c->clients.v[c->clients.n++] = c->ci.v[i].ip;
	}
	c->clients.n =
	    uniq(c->clients.v, c->clients.n, sizeof(*c->clients.v), ip_qcmp);
	c->limits.n =
	    uniq(c->limits.v, c->limits.n, sizeof(*c->limits.v), ip_qcmp);
}

/* ------------------------------------------------------------------ */
/* The public view (rsguard.h)                                         */

RSG_EXPORT uint64_t
rsg_changes_generation(const struct rsg_changes *ch)
{
	return ch != NULL ? ch->generation : 0;
}

RSG_EXPORT uint64_t
rsg_changes_since(const struct rsg_changes *ch)
{
	return ch != NULL ? ch->since : 0;
}

RSG_EXPORT unsigned
rsg_changes_sources(const struct rsg_changes *ch)
{
	return ch != NULL ? ch->sources : 0;
}

RSG_EXPORT bool
rsg_changes_all(const struct rsg_changes *ch)
{
	return ch == NULL || (ch->flags & CH_ALL);
}

RSG_EXPORT bool
rsg_changes_unknown_peers(const struct rsg_changes *ch)
{
	return ch == NULL || (ch->flags & (CH_ALL | CH_UNKNOWN));
}

RSG_EXPORT size_t
rsg_changes_limits(const struct rsg_changes *ch, const struct rsg_ip **out)
{
	*out = ch != NULL ? ch->limits.v : NULL;
	return ch != NULL ? ch->limits.n : 0;
}

RSG_EXPORT size_t
rsg_changes_prefixes(
    const struct rsg_changes *ch, const struct rsg_prefix **out)
{
	*out = ch != NULL ? ch->prefixes.v : NULL;
	return ch != NULL ? ch->prefixes.n : 0;
}

RSG_EXPORT size_t
rsg_changes_asns(const struct rsg_changes *ch, const uint32_t **out)
{
	*out = ch != NULL ? ch->asns.v : NULL;
	return ch != NULL ? ch->asns.n : 0;
}

RSG_EXPORT size_t
rsg_changes_clients(const struct rsg_changes *ch, const struct rsg_ip **out)
{
	*out = ch != NULL ? ch->clients.v : NULL;
	return ch != NULL ? ch->clients.n : 0;
}

/* The only candidate is the last compacted prefix <= p. */
static bool
prefix_hit(const struct rsg_changes *ch, const struct rsg_prefix *p)
{
	size_t lo = 0, hi = ch->prefixes.n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (pfx_cmp(&ch->prefixes.v[mid], p) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && pfx_covers(&ch->prefixes.v[lo - 1], p);
}

static bool
has_sorted(const void *v, size_t n, size_t size, const void *key,
    int (*cmp)(const void *, const void *))
{
	return n > 0 && bsearch(key, v, n, size, cmp) != NULL;
}

/* What one walk over a route's AS_PATH finds. */
struct route_path {
	bool bad;      /* malformed */
	bool asn_hit;  /* holds a changed ASN */
	bool odd;      /* an AS_SET or confederation segment */
	bool first_ok; /* starts with a sequence and the peer AS */
	uint32_t len;  /* RFC 4271 length */
};

static void
walk(const struct rsg_changes *ch, const struct rsg_route *r,
    struct route_path *f)
{
	const uint8_t *p = r->as_path;
	size_t off = 0, len = r->as_path_len, bad;

	memset(f, 0, sizeof(*f));
	if (p == NULL) {
		f->bad = len != 0;
		return;
	}
	while (off < len) {
		unsigned type, n;

		if (rsg__path_segment(p, len, off, &type, &n, &bad) != 0) {
			f->bad = true;
			return;
		}
		if (off == 0)
			f->first_ok = type == RSG_SEG_SEQUENCE
			    && get_u32be(p + 2) == r->peer_asn;
		if (type == RSG_SEG_SEQUENCE)
			f->len += n;
		else if (type == RSG_SEG_SET)
			f->len++;
		if (type != RSG_SEG_SEQUENCE)
			f->odd = true;
		for (unsigned i = 0; i < n && !f->asn_hit; i++) {
			uint32_t asn = get_u32be(p + off + 2 + 4 * i);

			f->asn_hit = has_sorted(ch->asns.v, ch->asns.n,
			    sizeof(*ch->asns.v), &asn, u32_qcmp);
		}
		off += 2 + (size_t)n * 4;
	}
}

static bool
has_gshut(const struct rsg_route *r)
{
	for (size_t i = 0; i < r->n_communities; i++) {
		if (r->communities[i] == COMM_GSHUT)
			return true;
	}
	return false;
}

static bool
len_bit(const struct client_change *e, const struct rsg_prefix *p)
{
	if (p->ip.afi == RSG_AFI_IPV6)
		return p->len <= 128
		    && (e->len6[p->len / 64] >> (p->len % 64)) & 1;
	return p->len <= 32 && (e->len4 >> p->len) & 1;
}

/* Can this aspect of a client's policy touch the route? */
static bool
aspect_hit(const struct client_change *e, const struct rsg_route *r,
    const struct route_path *f)
{
	size_t comms;

	switch (e->aspect) {
	case CA_LEN:
		return len_bit(e, &r->prefix);
	case CA_PATHLEN:
		return f->len >= e->lo && f->len <= e->hi;
	case CA_COMMUNITIES:
		comms = r->n_communities + r->n_ext_communities
		    + r->n_large_communities;
		return comms >= e->lo && comms <= e->hi;
	case CA_NEXT_HOP:
		return r->next_hop.afi != RSG_AFI_NONE
		    && !ip_equal(&r->next_hop, &r->peer_ip);
	case CA_AFI:
		return r->peer_ip.afi != RSG_AFI_NONE
		    && r->prefix.ip.afi != r->peer_ip.afi;
	case CA_FIRST_AS:
		return !f->first_ok;
	case CA_AS_SET:
		return f->odd;
	case CA_OTC:
		return (r->flags & RSG_ROUTE_OTC) != 0;
	case CA_GSHUT:
		return has_gshut(r);
	default:
		return true;
	}
}

/* The entries of one address (sorted by address): [*lo, *hi). */
static void
range_of(const void *v, size_t n, size_t size, const struct rsg_ip *ip,
    size_t *lo, size_t *hi)
{
	const unsigned char *b = v;
	size_t a = 0, z = n;

	while (a < z) {
		size_t mid = (a + z) / 2;

		if (ip_cmp(
			(const struct rsg_ip *)(const void *)(b + mid * size),
			ip)
		    < 0)
			a = mid + 1;
		else
			z = mid;
	}
	*lo = a;
	while (a < n
	    && ip_cmp((const struct rsg_ip *)(const void *)(b + a * size), ip)
		== 0)
		a++;
	*hi = a;
}

/* The changes of one client (or of the general policy) and the route. */
static bool
client_hit(const struct rsg_changes *ch, const struct rsg_ip *ip,
    const struct rsg_route *r, const struct route_path *f)
{
	size_t lo, hi;

	range_of(ch->cc.v, ch->cc.n, sizeof(*ch->cc.v), ip, &lo, &hi);
	for (size_t i = lo; i < hi; i++) {
		if (aspect_hit(&ch->cc.v[i], r, f))
			return true;
	}
	range_of(ch->ci.v, ch->ci.n, sizeof(*ch->ci.v), ip, &lo, &hi);
	for (size_t i = lo; i < hi; i++) {
		const struct client_item *e = &ch->ci.v[i];

		if (e->pfx.ip.afi != RSG_AFI_NONE
		    && pfx_covers(&e->pfx, &r->prefix))
			return true;
		if (e->pfx.ip.afi == RSG_AFI_NONE && r->as_path != NULL) {
			/* an ASN of this client's: in the path? */
			size_t off = 0, bad;

			while (off < r->as_path_len) {
				unsigned type, n;

				if (rsg__path_segment(r->as_path,
					r->as_path_len, off, &type, &n, &bad)
				    != 0)
					return true;
				for (unsigned k = 0; k < n; k++) {
					if (get_u32be(
						r->as_path + off + 2 + 4 * k)
					    == e->asn)
						return true;
				}
				off += 2 + (size_t)n * 4;
			}
		}
	}
	return false;
}

RSG_EXPORT bool
rsg_changes_affects(const struct rsg_changes *ch, const struct rsg_route *r)
{
	struct route_path f;

	if (ch == NULL || r == NULL || (ch->flags & CH_ALL))
		return true;
	if (prefix_hit(ch, &r->prefix))
		return true;
	walk(ch, r, &f);
	if (f.bad || f.asn_hit)
		return true;
	if (client_hit(ch, &r->peer_ip, r, &f))
		return true;
	if (ch->flags & CH_UNKNOWN) {
		struct peer_key k;

		/* the general policy: for addresses that are no client */
		memset(&k, 0, sizeof(k));
		k.ip = r->peer_ip;
		k.asn = r->peer_asn;
		if (!has_sorted(ch->known.v, ch->known.n, sizeof(*ch->known.v),
			&k, peer_qcmp)
		    && client_hit(ch, &general_ip, r, &f))
			return true;
	}
	return false;
}
