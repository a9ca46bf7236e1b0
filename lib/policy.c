/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The policy: the defaults (MANRS IXP Action 1 with the project defaults
 * of manrs-requirements §6, README "Configuration"), and the policy part
 * of a snapshot, compiled from the configuration, PeeringDB and the bogon
 * lists, with what a new one changes: global prefix lists and ASN sets by
 * entry, clients by session address, the general policy for unknown
 * peers, and "all" only for the settings every verdict carries (the
 * route server's AS and the community options).
 */
#include "config.h"

#include "policy.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "bogon.h"
#include "snapshot.h"
#include "util.h"

void
rsg__knobs_default(struct knobs *k)
{
	memset(k, 0, sizeof(*k));
	for (unsigned r = 0; r < RSG_R_COUNT; r++)
		k->mode[r] = RSG_MODE_REJECT;
	/* off unless configured */
	k->mode[RSG_R_RPKI_UNKNOWN] = RSG_MODE_OFF;
	k->mode[RSG_R_ASPA_INVALID] = RSG_MODE_OFF;
	/* IRR checks belong to the IRR module; off until it has data */
	k->mode[RSG_R_IRR_PREFIX] = RSG_MODE_OFF;
	k->mode[RSG_R_IRR_ORIGIN] = RSG_MODE_OFF;
	k->mode[RSG_R_PREFIX_NOT_IN_ORIGIN] = RSG_MODE_OFF;
	k->mode[RSG_R_BLACKHOLE_UNAUTH] = RSG_MODE_OFF;
	/* NLNOG: tag (or strip) routes with >= 100 communities, do not drop */
	k->mode[RSG_R_TOO_MANY_COMMUNITIES] = RSG_MODE_TAG;
	k->nh_policy = NH_STRICT;
	k->v4_min = 8;
	k->v4_max = 24;
	k->v6_min = 12;
	k->v6_max = 48;
	k->max_path_len = 32;
	k->max_communities = 100;
	k->gshut = true;
	k->reject_policy = RSG_TAG_AND_REJECT;
	k->max_prefix_action = MAXPFX_RESTART;
	k->max_prefix_pdb = true;
	k->pdb_incr_abs = 100;
	k->pdb_incr_rel = 15;
	k->general_limit_v4 = 170000;
	k->general_limit_v6 = 12000;
	k->irr_enforce_origin = true;
	k->irr_enforce_prefix = true;
	k->irr_use_roas = true;
}

/* ------------------------------------------------------------------ */
/* The policy part                                                     */

static uint32_t
ip_hash(const struct rsg_ip *ip)
{
	uint64_t h = ip->afi;

	for (unsigned w = 0; w < 4; w++)
		h = (h ^ ip->addr[w]) * 0x9e3779b97f4a7c15ULL;
	return (uint32_t)(h >> 32);
}

const struct snap_client *
rsg__snapshot_client(const struct snap_policy *s, const struct rsg_ip *peer)
{
	uint32_t h;

	if (s->peers == NULL)
		return NULL;
	for (h = ip_hash(peer) & s->peer_mask;; h = (h + 1) & s->peer_mask) {
		const struct peer_slot *p = &s->peers[h];

		if (p->client == UINT32_MAX)
			return NULL;
		if (ip_equal(&p->ip, peer))
			return &s->clients[p->client];
	}
}

static void
client_free(struct snap_client *c)
{
	rsg__free(c->ips);
	rsg__free(c->same_as_ips);
	rsg__free(c->nh_auth);
	rsg__plist_free(&c->blacklist);
	rsg__asnset_free(&c->own_transit_free);
}

static void
policy_free(struct snap_policy *s)
{
	if (s == NULL)
		return;
	rsg__plist_free(&s->bogons);
	rsg__plist_free(&s->peering_lans);
	rsg__plist_free(&s->global_blacklist);
	rsg__asnset_free(&s->never_via);
	rsg__asnset_free(&s->transit_free);
	for (size_t i = 0; i < s->nclients; i++)
		client_free(&s->clients[i]);
	rsg__free(s->clients);
	client_free(&s->general);
	rsg__free(s->peers);
	rsg__free(s);
}

static int
ip_qcmp(const void *pa, const void *pb)
{
	const struct rsg_ip *a = pa, *b = pb;

	if (a->afi != b->afi)
		return a->afi < b->afi ? -1 : 1;
	for (unsigned w = 0; w < 4; w++) {
		if (a->addr[w] != b->addr[w])
			return a->addr[w] < b->addr[w] ? -1 : 1;
	}
	return 0;
}

static struct rsg_ip *
ips_dup(const struct rsg_ip *v, size_t n)
{
	struct rsg_ip *d;

	if (n == 0)
		return NULL;
	d = rsg__reallocarray(NULL, n, sizeof(*d));
	if (d != NULL)
		memcpy(d, v, n * sizeof(*d));
	return d;
}

/* (pdb + abs) * (1 + rel / 100), arouteserver's increment. */
static uint32_t
pdb_limit(uint32_t pdb, const struct knobs *k)
{
	uint64_t v =
	    ((uint64_t)pdb + k->pdb_incr_abs) * (100 + k->pdb_incr_rel) / 100;

	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static const struct pdb_net *
pdb_find(const struct pdb_vec *pdb, uint32_t asn)
{
	if (pdb == NULL)
		return NULL;
	for (size_t i = 0; i < pdb->n; i++) {
		if (pdb->v[i].asn == asn)
			return &pdb->v[i];
	}
	return NULL;
}

static void
client_limits(struct snap_client *c, const struct pdb_vec *pdb)
{
	const struct knobs *k = &c->k;
	const struct pdb_net *net =
	    k->max_prefix_pdb ? pdb_find(pdb, c->asn) : NULL;

	c->max_prefix_v4 = k->max_prefix_v4 ? k->max_prefix_v4
	    : net && net->info_prefixes4    ? pdb_limit(net->info_prefixes4, k)
					    : k->general_limit_v4;
	c->max_prefix_v6 = k->max_prefix_v6 ? k->max_prefix_v6
	    : net && net->info_prefixes6    ? pdb_limit(net->info_prefixes6, k)
					    : k->general_limit_v6;
}

static int
build_clients(struct snap_policy *s, const struct rsg_config *cfg,
    const struct pdb_vec *pdb)
{
	size_t npeers = 0, hsize = 16;

	if (cfg->clients.n == 0)
		return 0;
	s->clients = rsg__calloc(cfg->clients.n, sizeof(*s->clients));
	if (s->clients == NULL)
		return RSG_ENOMEM;
	for (size_t i = 0; i < cfg->clients.n; i++) {
		const struct cfg_client *cc = &cfg->clients.v[i];
		struct snap_client *c = &s->clients[i];

		s->nclients = i + 1;
		c->asn = cc->asn;
		/* whole: the diff compares knobs as bytes */
		memcpy(&c->k, &cc->k, sizeof(c->k));
		c->nips = cc->ips.n;
		c->ips = ips_dup(cc->ips.v, cc->ips.n);
		c->n_nh_auth = cc->nh_authorized.n;
		c->nh_auth = ips_dup(cc->nh_authorized.v, cc->nh_authorized.n);
		if ((c->nips && c->ips == NULL)
		    || (c->n_nh_auth && c->nh_auth == NULL))
			return RSG_ENOMEM;
		if (rsg__plist_build(
			&c->blacklist, cc->blacklist.v, cc->blacklist.n)
		    != 0)
			return RSG_ENOMEM;
		if (cc->own_transit_free) {
			if (rsg__asnset_build(&c->own_transit_free,
				cc->transit_free.v, cc->transit_free.n)
			    != 0)
				return RSG_ENOMEM;
			c->transit_free = &c->own_transit_free;
		} else {
			c->transit_free = &s->transit_free;
		}
		client_limits(c, pdb);
		npeers += c->nips;
	}
	/* addresses of all clients of the same AS, for next_hop same-as */
	for (size_t i = 0; i < s->nclients; i++) {
		struct snap_client *c = &s->clients[i];
		size_t n = 0;

		for (size_t j = 0; j < s->nclients; j++) {
			if (s->clients[j].asn == c->asn)
				n += s->clients[j].nips;
		}
		c->same_as_ips =
		    rsg__reallocarray(NULL, n ? n : 1, sizeof(*c->same_as_ips));
		if (c->same_as_ips == NULL)
			return RSG_ENOMEM;
		for (size_t j = 0; j < s->nclients; j++) {
			if (s->clients[j].asn != c->asn)
				continue;
			memcpy(c->same_as_ips + c->n_same_as, s->clients[j].ips,
			    s->clients[j].nips * sizeof(struct rsg_ip));
			c->n_same_as += s->clients[j].nips;
		}
		/* in a canonical order: the diff compares them as arrays */
		if (c->n_same_as > 1)
			qsort(c->same_as_ips, c->n_same_as,
			    sizeof(*c->same_as_ips), ip_qcmp);
		if (c->n_nh_auth > 1)
			qsort(c->nh_auth, c->n_nh_auth, sizeof(*c->nh_auth),
			    ip_qcmp);
	}
	while (hsize < npeers * 2)
		hsize *= 2;
	s->peers = rsg__reallocarray(NULL, hsize, sizeof(*s->peers));
	if (s->peers == NULL)
		return RSG_ENOMEM;
	for (size_t h = 0; h < hsize; h++)
		s->peers[h].client = UINT32_MAX;
	s->peer_mask = (uint32_t)(hsize - 1);
	for (size_t i = 0; i < s->nclients; i++) {
		for (size_t j = 0; j < s->clients[i].nips; j++) {
			const struct rsg_ip *ip = &s->clients[i].ips[j];
			uint32_t h = ip_hash(ip) & s->peer_mask;

			/* the config refuses duplicate addresses */
			while (s->peers[h].client != UINT32_MAX)
				h = (h + 1) & s->peer_mask;
			s->peers[h].ip = *ip;
			s->peers[h].client = (uint32_t)i;
		}
	}
	s->p.bytes +=
	    s->nclients * sizeof(*s->clients) + hsize * sizeof(*s->peers);
	return 0;
}

static int
build_bogons(struct snap_policy *s, const struct part_input *in)
{
	struct pfx_vec all = { 0 };
	int rc = RSG_ENOMEM;

	if (in->bogons4 != NULL) {
		if (rsg__pfx_vec_copy(&all, in->bogons4) != 0)
			goto out;
	} else if (rsg__bogons_builtin(&all, RSG_AFI_IPV4) != 0) {
		goto out;
	}
	s->bogons4 = all.n;
	if (in->bogons6 != NULL) {
		if (rsg__pfx_vec_copy(&all, in->bogons6) != 0)
			goto out;
	} else if (rsg__bogons_builtin(&all, RSG_AFI_IPV6) != 0) {
		goto out;
	}
	s->bogons6 = all.n - s->bogons4;
	rc = rsg__plist_build(&s->bogons, all.v, all.n);
out:
	rsg__pfx_vec_free(&all);
	return rc;
}

static int
build_never_via(struct snap_policy *s, const struct part_input *in)
{
	const struct rsg_config *cfg = in->cfg;
	struct asn_vec v = { 0 };
	int rc = RSG_ENOMEM;

	for (size_t i = 0; i < cfg->never_via_rs.n; i++) {
		if (VEC_PUSH(&v, cfg->never_via_rs.v[i]) != 0)
			goto out;
	}
	if (cfg->never_via_rs_pdb && in->pdb != NULL) {
		for (size_t i = 0; i < in->pdb->n; i++) {
			if (in->pdb->v[i].never_via_rs
			    && VEC_PUSH(&v, in->pdb->v[i].asn) != 0)
				goto out;
		}
	}
	rc = rsg__asnset_build(&s->never_via, v.v, v.n);
out:
	VEC_FREE(&v);
	return rc;
}

static int
policy_build(const struct part_input *in, const struct snap_part *old,
    struct snap_part **out)
{
	const struct rsg_config *cfg = in->cfg;
	struct snap_policy *s;
	int rc = RSG_ENOMEM;

	(void)old;
	*out = NULL;
	s = rsg__calloc(1, sizeof(*s));
	if (s == NULL)
		return RSG_ENOMEM;
	s->p.ops = &rsg__policy_ops;
	s->p.refs = 1;
	rsg__plist_init(&s->bogons);
	rsg__plist_init(&s->peering_lans);
	rsg__plist_init(&s->global_blacklist);
	rsg__plist_init(&s->general.blacklist);
	s->rs_as = cfg->rs_as;
	s->reject_cause_ld1 = cfg->reject_cause_ld1;
	s->announced_by_ld1 = cfg->announced_by_ld1;
	s->info_communities = cfg->info_communities;
	if (build_bogons(s, in) != 0)
		goto out;
	if (rsg__plist_build(
		&s->peering_lans, cfg->peering_lans.v, cfg->peering_lans.n)
		!= 0
	    || rsg__plist_build(&s->global_blacklist, cfg->global_blacklist.v,
		   cfg->global_blacklist.n)
		!= 0)
		goto out;
	if (rsg__asnset_build(
		&s->transit_free, cfg->transit_free.v, cfg->transit_free.n)
		!= 0
	    || build_never_via(s, in) != 0)
		goto out;
	memcpy(&s->general.k, &cfg->k, sizeof(s->general.k));
	s->general.transit_free = &s->transit_free;
	client_limits(&s->general, NULL);
	if (build_clients(s, cfg, in->pdb) != 0)
		goto out;
	s->p.bytes += sizeof(*s) + rsg__plist_bytes(&s->bogons)
	    + rsg__plist_bytes(&s->peering_lans)
	    + rsg__plist_bytes(&s->global_blacklist)
	    + (s->never_via.n + s->transit_free.n) * sizeof(uint32_t);
	*out = &s->p;
	s = NULL;
	rc = 0;
out:
	policy_free(s);
	return rc;
}

static void
policy_part_free(struct snap_part *p)
{
	policy_free((struct snap_policy *)p);
}

static void
policy_stats(const struct snap_part *p, struct rsg_stats *st)
{
	const struct snap_policy *s = (const struct snap_policy *)p;

	st->clients = s->nclients;
	st->bogons_ipv4 = s->bogons4;
	st->bogons_ipv6 = s->bogons6;
	st->never_via_rs = s->never_via.n;
}

/* ------------------------------------------------------------------ */
/* What a new policy changes                                           */

static int
entry_cmp(const void *pa, const void *pb)
{
	const struct pfx_entry *a = pa, *b = pb;
	int c = pfx_cmp(&a->pfx, &b->pfx);

	if (c != 0)
		return c;
	if (a->ge != b->ge)
		return a->ge < b->ge ? -1 : 1;
	return a->le < b->le ? -1 : a->le > b->le;
}

static struct pfx_entry *
entries_sorted(const struct plist *l)
{
	struct pfx_entry *v = rsg__reallocarray(NULL, l->n, sizeof(*v));

	if (v == NULL)
		return NULL;
	if (l->n > 0)
		memcpy(v, l->ent, l->n * sizeof(*v));
	if (l->n > 1)
		qsort(v, l->n, sizeof(*v), entry_cmp);
	return v;
}

/* A prefix list: the prefix of every entry in one list only (a route
 * matches an entry only if the entry's prefix covers it). */
static int
plist_diff(const struct plist *a, const struct plist *b, struct rsg_changes *ch)
{
	struct pfx_entry *x = entries_sorted(a), *y = entries_sorted(b);
	size_t i = 0, j = 0;
	int rc = 0;

	if (x == NULL || y == NULL) {
		rc = RSG_ENOMEM;
		goto out;
	}
	while ((i < a->n || j < b->n) && rc == 0) {
		int c = i == a->n ? 1
		    : j == b->n   ? -1
				  : entry_cmp(&x[i], &y[j]);

		if (c == 0) {
			i++;
			j++;
		} else {
			rc = rsg__changes_prefix(
			    ch, c < 0 ? &x[i++].pfx : &y[j++].pfx);
		}
	}
out:
	rsg__free(x);
	rsg__free(y);
	return rc;
}

/* An ASN set: every ASN in one set only. */
static int
asnset_diff(
    const struct asnset *a, const struct asnset *b, struct rsg_changes *ch)
{
	size_t i = 0, j = 0;
	int rc = 0;

	while ((i < a->n || j < b->n) && rc == 0) {
		if (j == b->n || (i < a->n && a->v[i] < b->v[j]))
			rc = rsg__changes_asn(ch, a->v[i++]);
		else if (i == a->n || b->v[j] < a->v[i])
			rc = rsg__changes_asn(ch, b->v[j++]);
		else
			i++, j++;
	}
	return rc;
}

static bool
ips_same(const struct rsg_ip *a, size_t na, const struct rsg_ip *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		if (!ip_equal(&a[i], &b[i]))
			return false;
	}
	return true;
}

static bool
plist_same(const struct plist *a, const struct plist *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		if (entry_cmp(&a->ent[i], &b->ent[i]) != 0)
			return false;
	}
	return true;
}

/* Everything a client's verdicts and limits depend on. A client on the
 * general transit-free list is not changed by that list (its ASNs are
 * reported on their own). */
static bool
client_same(
    const struct snap_client *a, const struct snap_client *b, bool general)
{
	bool own_a = a->transit_free == &a->own_transit_free;
	bool own_b = b->transit_free == &b->own_transit_free;

	if (a->asn != b->asn || memcmp(&a->k, &b->k, sizeof(a->k)) != 0
	    || a->max_prefix_v4 != b->max_prefix_v4
	    || a->max_prefix_v6 != b->max_prefix_v6 || own_a != own_b)
		return false;
	if (own_a
	    && (a->own_transit_free.n != b->own_transit_free.n
		|| (a->own_transit_free.n > 0
		    && memcmp(a->own_transit_free.v, b->own_transit_free.v,
			   a->own_transit_free.n * sizeof(uint32_t))
			!= 0)))
		return false;
	if (general)
		return true; /* the rest is empty for the general policy */
	return ips_same(a->ips, a->nips, b->ips, b->nips)
	    && ips_same(a->nh_auth, a->n_nh_auth, b->nh_auth, b->n_nh_auth)
	    && ips_same(
		a->same_as_ips, a->n_same_as, b->same_as_ips, b->n_same_as)
	    && plist_same(&a->blacklist, &b->blacklist);
}

/* Clients: by session address, in both directions. */
static int
clients_diff(const struct snap_policy *a, const struct snap_policy *b,
    struct rsg_changes *ch)
{
	const struct snap_policy *pol[2] = { a, b };
	int rc = 0;

	for (unsigned k = 0; k < 2 && rc == 0; k++) {
		const struct snap_policy *x = pol[k], *y = pol[1 - k];

		for (size_t i = 0; i < x->nclients && rc == 0; i++) {
			const struct snap_client *c = &x->clients[i];

			for (size_t j = 0; j < c->nips && rc == 0; j++) {
				const struct snap_client *o =
				    rsg__snapshot_client(y, &c->ips[j]);

				/* clients in both are compared once */
				if (o != NULL
				    && (k == 1 || client_same(c, o, false)))
					continue;
				rc = rsg__changes_client(ch, &c->ips[j]);
			}
		}
	}
	return rc;
}

int
rsg__policy_known(const struct snap_policy *p, struct peer_vec *out)
{
	for (size_t i = 0; i < p->nclients; i++) {
		for (size_t j = 0; j < p->clients[i].nips; j++) {
			struct peer_key k;

			memset(&k, 0, sizeof(k));
			k.ip = p->clients[i].ips[j];
			k.asn = p->clients[i].asn;
			if (VEC_PUSH(out, k) != 0)
				return RSG_ENOMEM;
		}
	}
	return 0;
}

static int
policy_affects(const struct part_input *in, const struct snap_part *old,
    const struct snap_part *new, struct rsg_changes *ch)
{
	const struct snap_policy *a = (const struct snap_policy *)old;
	const struct snap_policy *b = (const struct snap_policy *)new;
	int rc;

	(void)in;
	if (old == new)
		return 0;
	/* what every verdict's communities carry */
	if (a->rs_as != b->rs_as || a->reject_cause_ld1 != b->reject_cause_ld1
	    || a->announced_by_ld1 != b->announced_by_ld1
	    || a->info_communities != b->info_communities) {
		rsg__changes_all(ch);
		return 0;
	}
	rc = plist_diff(&a->bogons, &b->bogons, ch);
	if (rc == 0)
		rc = plist_diff(&a->peering_lans, &b->peering_lans, ch);
	if (rc == 0)
		rc = plist_diff(&a->global_blacklist, &b->global_blacklist, ch);
	if (rc == 0)
		rc = asnset_diff(&a->never_via, &b->never_via, ch);
	if (rc == 0)
		rc = asnset_diff(&a->transit_free, &b->transit_free, ch);
	if (rc == 0)
		rc = clients_diff(a, b, ch);
	if (rc == 0 && !client_same(&a->general, &b->general, true)) {
		struct peer_vec known = { 0 };

		/* unknown peers: every address that is a client in neither
		 * policy (a client that came or went is listed itself) */
		rc = rsg__policy_known(b, &known);
		if (rc == 0)
			rc = rsg__changes_unknown(ch, known.v, known.n);
		VEC_FREE(&known);
	}
	return rc;
}

const struct part_ops rsg__policy_ops = {
	"policy",
	policy_build,
	policy_part_free,
	policy_stats,
	policy_affects,
};
