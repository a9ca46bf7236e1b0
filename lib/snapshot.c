/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Building snapshots: compile the configuration and the loaded data into
 * the lookup tables rsg_check() reads.
 */
#include "config.h"

#include "snapshot.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "bogon.h"
#include "util.h"

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

void
rsg__policy_part_unref(struct snap_policy *p)
{
	if (p != NULL && --p->refs == 0)
		policy_free(p);
}

void
rsg__rov_part_unref(struct snap_rov *p)
{
	if (p != NULL && --p->refs == 0) {
		rsg__roa_free(&p->roa);
		rsg__free(p);
	}
}

void
rsg__aspa_part_unref(struct snap_aspa *p)
{
	if (p != NULL && --p->refs == 0) {
		rsg__aspa_free(&p->aspa);
		rsg__free(p);
	}
}

int
rsg__rov_part_new(
    const struct vrp_vec *vrps, int64_t buildtime, struct snap_rov **out)
{
	struct snap_rov *p = rsg__calloc(1, sizeof(*p));

	*out = NULL;
	if (p == NULL)
		return RSG_ENOMEM;
	p->refs = 1;
	p->have = vrps != NULL;
	p->buildtime = buildtime;
	if (vrps != NULL && rsg__roa_build(&p->roa, vrps->v, vrps->n) != 0) {
		rsg__free(p);
		return RSG_ENOMEM;
	}
	if (vrps == NULL)
		rsg__roa_init(&p->roa);
	p->bytes = sizeof(*p) + p->roa.t4.bytes + p->roa.t6.bytes;
	*out = p;
	return 0;
}

int
rsg__rov_part_update(const struct snap_rov *old, const struct ptab_item *add4,
    size_t nadd4, const struct ptab_item *del4, size_t ndel4,
    const struct ptab_item *add6, size_t nadd6, const struct ptab_item *del6,
    size_t ndel6, struct snap_rov **out)
{
	struct snap_rov *p = rsg__calloc(1, sizeof(*p));

	*out = NULL;
	if (p == NULL)
		return RSG_ENOMEM;
	p->refs = 1;
	p->have = true;
	p->buildtime = old->buildtime;
	if (rsg__ptab_update(&p->roa.t4, &old->roa.t4, add4, nadd4, del4, ndel4)
	    != 0) {
		rsg__free(p);
		return RSG_ENOMEM;
	}
	if (rsg__ptab_update(&p->roa.t6, &old->roa.t6, add6, nadd6, del6, ndel6)
	    != 0) {
		rsg__ptab_free(&p->roa.t4);
		rsg__free(p);
		return RSG_ENOMEM;
	}
	p->bytes = sizeof(*p) + p->roa.t4.bytes + p->roa.t6.bytes;
	*out = p;
	return 0;
}

int
rsg__aspa_part_new(const struct aspa_set *aspas, struct snap_aspa **out)
{
	struct snap_aspa *p = rsg__calloc(1, sizeof(*p));

	*out = NULL;
	if (p == NULL)
		return RSG_ENOMEM;
	p->refs = 1;
	p->have = aspas != NULL;
	rsg__aspa_init(&p->aspa);
	if (aspas != NULL && rsg__aspa_build(&p->aspa, aspas) != 0) {
		rsg__free(p);
		return RSG_ENOMEM;
	}
	p->bytes = sizeof(*p) + rsg__aspa_bytes(&p->aspa);
	*out = p;
	return 0;
}

int
rsg__snapshot_assemble(struct snap_rov *rov, struct snap_aspa *aspa,
    struct snap_policy *pol, struct rsg_snapshot **out)
{
	struct rsg_snapshot *s = rsg__calloc(1, sizeof(*s));

	*out = NULL;
	if (s == NULL)
		return RSG_ENOMEM;
	s->rov = rov;
	s->aspa = aspa;
	s->pol = pol;
	rov->refs++;
	aspa->refs++;
	pol->refs++;
	*out = s;
	return 0;
}

void
rsg__snapshot_free(struct rsg_snapshot *s)
{
	if (s == NULL)
		return;
	rsg__rov_part_unref(s->rov);
	rsg__aspa_part_unref(s->aspa);
	rsg__policy_part_unref(s->pol);
	rsg__free(s);
}

size_t
rsg__snapshot_bytes(const struct rsg_snapshot *s)
{
	return sizeof(*s) + s->rov->bytes + s->aspa->bytes + s->pol->bytes;
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
		c->k = cc->k;
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
	s->bytes +=
	    s->nclients * sizeof(*s->clients) + hsize * sizeof(*s->peers);
	return 0;
}

static int
build_bogons(struct snap_policy *s, const struct policy_input *in)
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
build_never_via(struct snap_policy *s, const struct policy_input *in)
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

int
rsg__policy_part_new(const struct policy_input *in, struct snap_policy **out)
{
	const struct rsg_config *cfg = in->cfg;
	struct snap_policy *s;
	int rc = RSG_ENOMEM;

	*out = NULL;
	s = rsg__calloc(1, sizeof(*s));
	if (s == NULL)
		return RSG_ENOMEM;
	s->refs = 1;
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
	s->general.k = cfg->k;
	s->general.transit_free = &s->transit_free;
	client_limits(&s->general, NULL);
	if (build_clients(s, cfg, in->pdb) != 0)
		goto out;
	s->bytes += sizeof(*s) + rsg__plist_bytes(&s->bogons)
	    + rsg__plist_bytes(&s->peering_lans)
	    + rsg__plist_bytes(&s->global_blacklist)
	    + (s->never_via.n + s->transit_free.n) * sizeof(uint32_t);
	*out = s;
	s = NULL;
	rc = 0;
out:
	policy_free(s);
	return rc;
}

int
rsg__snapshot_build(const struct snap_input *in, struct rsg_snapshot **out)
{
	struct policy_input pin = { in->cfg, in->pdb, in->bogons4,
		in->bogons6 };
	struct snap_rov *rov = NULL;
	struct snap_aspa *aspa = NULL;
	struct snap_policy *pol = NULL;
	uint64_t t0 = rsg__now_usec();
	int rc;

	*out = NULL;
	rc = rsg__rov_part_new(in->vrps, in->rpki_buildtime, &rov);
	if (rc == 0)
		rc = rsg__aspa_part_new(in->aspas, &aspa);
	if (rc == 0)
		rc = rsg__policy_part_new(&pin, &pol);
	if (rc == 0)
		rc = rsg__snapshot_assemble(rov, aspa, pol, out);
	if (rc == 0)
		(*out)->build_usec = rsg__now_usec() - t0;
	/* the snapshot holds its own references */
	rsg__rov_part_unref(rov);
	rsg__aspa_part_unref(aspa);
	rsg__policy_part_unref(pol);
	return rc;
}
