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
	/* IRR checks run only with an IRR source, as irrdb.enforce_* say */
	k->mode[RSG_R_PREFIX_NOT_IN_ORIGIN] = RSG_MODE_OFF;
	/* runs only on blackhole requests, with blackhole_filtering */
	k->mode[RSG_R_BLACKHOLE_UNAUTH] = RSG_MODE_REJECT;
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
	k->irr_tag = true;
	k->bh_announce = true; /* arouteserver's default */
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
	rsg__asnset_free(&c->irr_asns);
	rsg__asnset_free(&c->irr_lists);
	rsg__free(c->irr_sets);
	rsg__free(c->irr_note);
	rsg__plist_free(&c->irr_white_pref);
	rsg__asnset_free(&c->irr_white_asn);
	rsg__free(c->white_route);
	rsg__free(c->white_route_asn);
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

/* The bgpq4 list of a set name: "SRC::NAME" takes one named so, or
 * NAME's. */
/* A bgpq4 list's ASNs and, if it lists prefixes, its id. */
static int
client_add_list(
    const struct irr_list *l, struct asn_vec *asns, struct asn_vec *lists)
{
	if (l->asns.n > 0) {
		if (VEC_RESERVE(asns, asns->n + l->asns.n) != 0)
			return RSG_ENOMEM;
		memcpy(
		    asns->v + asns->n, l->asns.v, l->asns.n * sizeof(uint32_t));
		asns->n += l->asns.n;
	}
	if (l->pfx && VEC_PUSH(lists, l->id) != 0)
		return RSG_ENOMEM;
	return 0;
}

static const struct irr_list *
client_list(const struct irr_db *db, const char *name)
{
	const struct irr_list *l = rsg__irr_db_list(db, name, strlen(name));
	const char *s = strstr(name, "::");

	if (l == NULL && s != NULL)
		l = rsg__irr_db_list(db, s + 2, strlen(s + 2));
	return l;
}

/*
 * A client's IRR data, arouteserver's way: its own ASN, always, and
 * every ASN its AS-SETs expand to, and the bgpq4 lists of their names
 * (or of its "AS<n>" without AS-SETs). A set no source has, or one beyond
 * the caps, adds nothing; the first such problem is kept for the
 * reasons.
 */
static int
client_irr(struct snap_client *c, const struct cfg_client *cc,
    const struct irr_db *db, const struct pdb_vec *pdb)
{
	struct asn_vec asns = { 0 }, lists = { 0 };
	const struct irr_list *l;
	char pdb_sets[16][RPSL_MAX_KEY + 1];
	const char *names[16];
	char note[256] = "";
	size_t len = 0, nn = 0;
	int rc = 0;

	/* the configured AS-SETs; else PeeringDB's irr_as_set (peering_db) */
	for (size_t i = 0; i < cc->as_sets.n && nn < 16; i++)
		names[nn++] = cc->as_sets.v[i];
	if (nn == 0 && c->k.irr_peering_db) {
		const struct pdb_net *net = pdb_find(pdb, cc->asn);

		if (net != NULL && net->irr_as_set != NULL)
			nn =
			    rsg__irr_pdb_as_sets(net->irr_as_set, pdb_sets, 16);
		for (size_t i = 0; i < nn; i++)
			names[i] = pdb_sets[i];
	}
	for (size_t i = 0; i < nn; i++)
		len += strlen(names[i]) + 1;
	if ((c->irr_sets = rsg__malloc(len > 16 ? len : 16)) == NULL)
		return RSG_ENOMEM;
	if (nn == 0)
		snprintf(c->irr_sets, 16, "AS%u", cc->asn);
	else
		c->irr_sets[0] = '\0';
	if (VEC_PUSH(&asns, cc->asn) != 0)
		return RSG_ENOMEM;
	if (nn == 0 && (l = client_list(db, c->irr_sets)) != NULL)
		rc = client_add_list(l, &asns, &lists);
	for (size_t i = 0; i < nn && rc == 0; i++) {
		struct irr_expansion x;
		struct rsg_error err;

		if (i > 0)
			strcat(c->irr_sets, " ");
		strcat(c->irr_sets, names[i]);
		if ((l = client_list(db, names[i])) != NULL
		    && (rc = client_add_list(l, &asns, &lists)) != 0)
			break;
		err.message[0] = '\0';
		rc = rsg__irr_expand(db, names[i], NULL, &x, &err);
		if (rc == RSG_ENOENT && l != NULL) {
			/* bgpq4's lists stand for the set */
			if (note[0] == '\0' && !l->asn)
				snprintf(note, sizeof(note),
				    "%s: a bgpq4 prefix list but no AS "
				    "numbers (bgpq4 -j -t -l %s %s)",
				    names[i], l->name, names[i]);
			rc = 0;
			continue;
		}
		if (rc == RSG_ENOENT || rc == RSG_ERANGE) {
			if (note[0] == '\0')
				snprintf(note, sizeof(note), "%s", err.message);
			rc = 0;
			continue;
		}
		if (rc != 0)
			break;
		if (note[0] == '\0' && x.note[0] != '\0')
			snprintf(note, sizeof(note), "%s", x.note);
		if (VEC_RESERVE(&asns, asns.n + x.nasns) != 0)
			rc = RSG_ENOMEM;
		else if (x.nasns > 0) {
			memcpy(asns.v + asns.n, x.asns,
			    x.nasns * sizeof(uint32_t));
			asns.n += x.nasns;
		}
		rsg__irr_expansion_free(&x);
	}
	if (rc == 0)
		rc = rsg__asnset_build(&c->irr_asns, asns.v, asns.n);
	if (rc == 0)
		rc = rsg__asnset_build(&c->irr_lists, lists.v, lists.n);
	if (rc == 0)
		rc = rsg__plist_build(
		    &c->irr_white_pref, cc->white_pref.v, cc->white_pref.n);
	if (rc == 0)
		rc = rsg__asnset_build(
		    &c->irr_white_asn, cc->white_asn.v, cc->white_asn.n);
	if (rc == 0 && cc->white_route.n > 0) {
		size_t n = cc->white_route.n;

		c->white_route =
		    rsg__reallocarray(NULL, n, sizeof(*c->white_route));
		c->white_route_asn =
		    rsg__reallocarray(NULL, n, sizeof(uint32_t));
		if (c->white_route == NULL || c->white_route_asn == NULL)
			rc = RSG_ENOMEM;
		else {
			for (size_t i = 0; i < n; i++) {
				c->white_route[i] = cc->white_route.v[i];
				c->white_route[i].comment = NULL;
			}
			memcpy(c->white_route_asn, cc->white_route_asn.v,
			    n * sizeof(uint32_t));
			c->n_white_route = n;
		}
	}
	if (rc == 0 && note[0] != '\0'
	    && (c->irr_note = rsg__strdup(note)) == NULL)
		rc = RSG_ENOMEM;
	VEC_FREE(&asns);
	VEC_FREE(&lists);
	return rc;
}

static int
build_clients(struct snap_policy *s, const struct rsg_config *cfg,
    const struct pdb_vec *pdb, const struct irr_db *irr)
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
		c->std_asn = cc->asn <= 0xffff ? cc->asn : cc->mapped_asn;
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
		if (irr != NULL && client_irr(c, cc, irr, pdb) != 0)
			return RSG_ENOMEM;
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

/* The configuration's bogons (arouteserver's bogons.yml) of one family. */
static int
cfg_bogons(struct pfx_vec *out, const struct rsg_config *cfg, unsigned afi)
{
	for (size_t i = 0; i < cfg->bogons.n; i++) {
		if (cfg->bogons.v[i].pfx.ip.afi == afi
		    && rsg__pfx_vec_push(out, &cfg->bogons.v[i]) != 0)
			return RSG_ENOMEM;
	}
	return 0;
}

/* Per family: a bogon file, else the configured list, else the built-in. */
static int
build_bogons(struct snap_policy *s, const struct part_input *in)
{
	const struct rsg_config *cfg = in->cfg;
	struct pfx_vec all = { 0 };
	int rc = RSG_ENOMEM;

	if (in->bogons4 != NULL) {
		if (rsg__pfx_vec_copy(&all, in->bogons4) != 0)
			goto out;
	} else if (cfg->bogons_given) {
		if (cfg_bogons(&all, cfg, RSG_AFI_IPV4) != 0)
			goto out;
	} else if (rsg__bogons_builtin(&all, RSG_AFI_IPV4) != 0) {
		goto out;
	}
	s->bogons4 = all.n;
	if (in->bogons6 != NULL) {
		if (rsg__pfx_vec_copy(&all, in->bogons6) != 0)
			goto out;
	} else if (cfg->bogons_given) {
		if (cfg_bogons(&all, cfg, RSG_AFI_IPV6) != 0)
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

static void
compile_set(const struct comm_set *in, uint32_t rs_as, struct comm_cset *out)
{
	char err[160];

	/* checked when the configuration was read */
	out->forms = 0;
	for (unsigned f = 0; f < FORM_COUNT; f++) {
		(void)rsg__comm_compile(&in->form[f], (enum comm_form)f, rs_as,
		    &out->form[f], err, sizeof(err));
		if (out->form[f].set)
			out->forms |= 1u << f;
	}
}

static void
index_set(struct comm_idx *idx, const struct comm_cset *c)
{
	for (unsigned f = 0; f < FORM_COUNT; f++) {
		if (c->form[f].set)
			idx[f].pat[idx[f].n++] = c->form[f];
	}
}

/* The communities: compiled, and indexed by where they are scrubbed
 * (arouteserver's rules; the reject_cause_map's inbound). */
static void
build_communities(struct snap_policy *s, const struct rsg_config *cfg)
{
	for (unsigned i = 0; i < COMMF_COUNT; i++) {
		compile_set(&cfg->comm[i], cfg->rs_as, &s->comm[i]);
		if (rsg__commf[i].flags & CF_IN)
			index_set(s->scrub_in, &s->comm[i]);
		if (rsg__commf[i].flags & CF_OUT)
			index_set(s->scrub_out, &s->comm[i]);
	}
	for (unsigned i = 0; i < REJECT_MAP_N; i++) {
		compile_set(&cfg->reject_map[i], cfg->rs_as, &s->reject_map[i]);
		index_set(s->scrub_in, &s->reject_map[i]);
	}
	for (size_t i = 0; i < cfg->ncustoms; i++)
		compile_set(&cfg->customs[i].c, cfg->rs_as, &s->customs[i]);
	s->ncustoms = cfg->ncustoms;
	memcpy(&s->bh, &cfg->bh, sizeof(s->bh));
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
	s->info_communities = cfg->info_communities;
	build_communities(s, cfg);
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
	if (build_clients(s, cfg, in->pdb, in->irr) != 0)
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
 * matches an entry only if the entry's prefix covers it), as prefixes of
 * every route (global: the list applies to all) or as items of client ip
 * (NULL: of the general policy). */
static int
plist_diff(const struct plist *a, const struct plist *b, bool global,
    const struct rsg_ip *ip, struct rsg_changes *ch)
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
		const struct rsg_prefix *p;

		if (c == 0) {
			i++;
			j++;
			continue;
		}
		p = c < 0 ? &x[i++].pfx : &y[j++].pfx;
		rc = global ? rsg__changes_prefix(ch, p)
			    : rsg__changes_item(ch, ip, p, 0);
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

/* Every entry of a list (of both lists) as an item of client ip. */
static int
items_of(struct rsg_changes *ch, const struct rsg_ip *ip, const struct plist *a,
    const struct plist *b)
{
	int rc = 0;

	for (size_t i = 0; i < a->n && rc == 0; i++)
		rc = rsg__changes_item(ch, ip, &a->ent[i].pfx, 0);
	for (size_t i = 0; b != a && i < b->n && rc == 0; i++)
		rc = rsg__changes_item(ch, ip, &b->ent[i].pfx, 0);
	return rc;
}

/* Every ASN of a set (of both sets) as an item of client ip. */
static int
asn_items_of(struct rsg_changes *ch, const struct rsg_ip *ip,
    const struct asnset *a, const struct asnset *b)
{
	int rc = 0;

	for (size_t i = 0; i < a->n && rc == 0; i++)
		rc = rsg__changes_item(ch, ip, NULL, a->v[i]);
	for (size_t i = 0; b != a && i < b->n && rc == 0; i++)
		rc = rsg__changes_item(ch, ip, NULL, b->v[i]);
	return rc;
}

/* What a route of prefix length l meets with knobs k: which length
 * check fails, how, and against which bound (the detail carries it); 0:
 * none. */
static unsigned
len_outcome(const struct knobs *k, unsigned afi, unsigned l)
{
	unsigned lo = afi == RSG_AFI_IPV6 ? k->v6_min : k->v4_min;
	unsigned hi = afi == RSG_AFI_IPV6 ? k->v6_max : k->v4_max;
	unsigned o = 0;

	if (l > hi)
		o = (1 + k->mode[RSG_R_PREFIX_TOO_LONG]) | hi << 8;
	else if (l < lo)
		o = (4 + k->mode[RSG_R_PREFIX_TOO_SHORT]) | lo << 8;
	if (l == 0)
		o |= (1 + k->mode[RSG_R_DEFAULT_ROUTE]) << 16;
	return o;
}

/* Values (an AS_PATH length, a count of communities) whose check "value
 * above bound" differs between two sets of knobs, in its outcome or in
 * the bound its detail reports: [*lo, *hi]; false if none. */
static bool
bound_range(unsigned mode_a, uint32_t max_a, unsigned mode_b, uint32_t max_b,
    uint32_t *lo, uint32_t *hi)
{
	uint32_t min = max_a < max_b ? max_a : max_b;

	if (mode_a == mode_b && (mode_a == RSG_MODE_OFF || max_a == max_b))
		return false;
	/* whatever fails under either: the outcome or the limit differs */
	*lo = min + 1;
	*hi = UINT32_MAX;
	return true;
}

static int
aspect(struct rsg_changes *ch, const struct rsg_ip *ip, enum client_aspect a,
    uint32_t lo, uint32_t hi)
{
	struct client_change e;

	memset(&e, 0, sizeof(e));
	e.aspect = (uint8_t)a;
	e.lo = lo;
	e.hi = hi;
	return rsg__changes_aspect(ch, ip, &e);
}

/* Reasons whose checks a mode change narrows to one kind of route. */
static bool
narrow(enum rsg_reason r)
{
	switch (r) {
	case RSG_R_PREFIX_TOO_LONG:
	case RSG_R_PREFIX_TOO_SHORT:
	case RSG_R_DEFAULT_ROUTE:
	case RSG_R_PATH_TOO_LONG:
	case RSG_R_PATH_TOO_SHORT:
	case RSG_R_TOO_MANY_COMMUNITIES:
	case RSG_R_NEXT_HOP:
	case RSG_R_AFI:
	case RSG_R_FIRST_AS:
	case RSG_R_AS_SET:
	case RSG_R_OTC_LEAK:
	case RSG_R_BOGON_PREFIX:
	case RSG_R_NOT_GLOBAL_UNICAST:
	case RSG_R_PEERING_LAN:
	case RSG_R_GLOBAL_BLACKLIST:
	case RSG_R_CLIENT_BLACKLIST:
	case RSG_R_TRANSIT_FREE:
	case RSG_R_NEVER_VIA_RS:
		return true;
	default:
		return false;
	}
}

/* Outside 2000::/3: where ipv6_not_global_unicast applies. */
static int
non_global_items(struct rsg_changes *ch, const struct rsg_ip *ip)
{
	static const char *const outside[] = { "::/3", "4000::/2", "8000::/1" };
	int rc = 0;

	for (size_t i = 0; i < ARRAY_SIZE(outside) && rc == 0; i++) {
		struct rsg_prefix p;

		rsg__prefix_parse(outside[i], strlen(outside[i]), &p, true);
		rc = rsg__changes_item(ch, ip, &p, 0);
	}
	return rc;
}

/* The IRR white lists of two clients: the same? */
static bool
white_same(const struct snap_client *a, const struct snap_client *b)
{
	if (a->irr_white_pref.n != b->irr_white_pref.n
	    || a->irr_white_asn.n != b->irr_white_asn.n
	    || a->n_white_route != b->n_white_route)
		return false;
	for (size_t i = 0; i < a->irr_white_pref.n; i++) {
		const struct pfx_entry *x = &a->irr_white_pref.ent[i];
		const struct pfx_entry *y = &b->irr_white_pref.ent[i];

		if (memcmp(&x->pfx, &y->pfx, sizeof(x->pfx)) != 0
		    || x->ge != y->ge || x->le != y->le)
			return false;
	}
	for (size_t i = 0; i < a->n_white_route; i++) {
		const struct pfx_entry *x = &a->white_route[i];
		const struct pfx_entry *y = &b->white_route[i];

		if (memcmp(&x->pfx, &y->pfx, sizeof(x->pfx)) != 0
		    || x->ge != y->ge || x->le != y->le
		    || a->white_route_asn[i] != b->white_route_asn[i])
			return false;
	}
	return a->irr_white_asn.n == 0
	    || memcmp(a->irr_white_asn.v, b->irr_white_asn.v,
		   a->irr_white_asn.n * sizeof(uint32_t))
	    == 0;
}

/*
 * One client (or the general policy: ip NULL) against its old self:
 * every knob narrowed to the routes it can touch; whatever cannot be
 * narrowed (a changed ASN, reject policy, transparency, the ROV and ASPA
 * checks, any knob not listed here) is the whole client.
 */
static int
client_diff(const struct snap_policy *pa, const struct snap_client *a,
    const struct snap_policy *pb, const struct snap_client *b,
    const struct rsg_ip *ip, struct rsg_changes *ch)
{
	const struct knobs *x = &a->k, *y = &b->k;
	struct knobs rest;
	struct client_change e;
	uint32_t lo, hi;
	bool own_a = a->transit_free == &a->own_transit_free;
	bool own_b = b->transit_free == &b->own_transit_free;
	int rc = 0;

	/* the session's limits (rsg_client_limits() answers by address and
	 * ASN): a new ASN is a new session */
	if (ip != NULL
	    && (a->asn != b->asn || a->max_prefix_v4 != b->max_prefix_v4
		|| a->max_prefix_v6 != b->max_prefix_v6
		|| x->max_prefix_action != y->max_prefix_action))
		rc = rsg__changes_limits(ch, ip);
	if (rc != 0 || a->asn != b->asn || a->std_asn != b->std_asn)
		return rc != 0 ? rc : rsg__changes_client(ch, ip);
	/* prefix lengths, the default route */
	memset(&e, 0, sizeof(e));
	e.aspect = CA_LEN;
	for (unsigned l = 0; l <= 128; l++) {
		if (l <= 32
		    && len_outcome(x, RSG_AFI_IPV4, l)
			!= len_outcome(y, RSG_AFI_IPV4, l))
			e.len4 |= (uint64_t)1 << l;
		if (len_outcome(x, RSG_AFI_IPV6, l)
		    != len_outcome(y, RSG_AFI_IPV6, l))
			e.len6[l / 64] |= (uint64_t)1 << (l % 64);
	}
	if (rc == 0 && (e.len4 | e.len6[0] | e.len6[1] | e.len6[2]) != 0)
		rc = rsg__changes_aspect(ch, ip, &e);
	/* AS_PATH length: empty, too long */
	if (rc == 0
	    && x->mode[RSG_R_PATH_TOO_SHORT] != y->mode[RSG_R_PATH_TOO_SHORT])
		rc = aspect(ch, ip, CA_PATHLEN, 0, 0);
	if (rc == 0
	    && bound_range(x->mode[RSG_R_PATH_TOO_LONG], x->max_path_len,
		y->mode[RSG_R_PATH_TOO_LONG], y->max_path_len, &lo, &hi))
		rc = aspect(ch, ip, CA_PATHLEN, lo, hi);
	/* communities: a count of at least the limit fails */
	if (rc == 0
	    && bound_range(x->mode[RSG_R_TOO_MANY_COMMUNITIES],
		x->max_communities - 1u, y->mode[RSG_R_TOO_MANY_COMMUNITIES],
		y->max_communities - 1u, &lo, &hi))
		rc = aspect(ch, ip, CA_COMMUNITIES, lo, hi);
	/* next hop, family, first AS, segments, OTC, graceful shutdown */
	if (rc == 0
	    && (x->mode[RSG_R_NEXT_HOP] != y->mode[RSG_R_NEXT_HOP]
		|| x->nh_policy != y->nh_policy
		|| !ips_same(a->nh_auth, a->n_nh_auth, b->nh_auth, b->n_nh_auth)
		|| !ips_same(a->same_as_ips, a->n_same_as, b->same_as_ips,
		    b->n_same_as)))
		rc = aspect(ch, ip, CA_NEXT_HOP, 0, 0);
	if (rc == 0
	    && (x->mode[RSG_R_AFI] != y->mode[RSG_R_AFI]
		|| x->rfc8950 != y->rfc8950))
		rc = aspect(ch, ip, CA_AFI, 0, 0);
	if (rc == 0 && x->mode[RSG_R_FIRST_AS] != y->mode[RSG_R_FIRST_AS])
		rc = aspect(ch, ip, CA_FIRST_AS, 0, 0);
	if (rc == 0 && x->mode[RSG_R_AS_SET] != y->mode[RSG_R_AS_SET])
		rc = aspect(ch, ip, CA_AS_SET, 0, 0);
	if (rc == 0 && x->mode[RSG_R_OTC_LEAK] != y->mode[RSG_R_OTC_LEAK])
		rc = aspect(ch, ip, CA_OTC, 0, 0);
	if (rc == 0 && x->gshut != y->gshut)
		rc = aspect(ch, ip, CA_GSHUT, 0, 0);
	/* checks against lists: the lists' entries */
	if (rc == 0
	    && x->mode[RSG_R_BOGON_PREFIX] != y->mode[RSG_R_BOGON_PREFIX])
		rc = items_of(ch, ip, &pa->bogons, &pb->bogons);
	if (rc == 0
	    && x->mode[RSG_R_NOT_GLOBAL_UNICAST]
		!= y->mode[RSG_R_NOT_GLOBAL_UNICAST])
		rc = non_global_items(ch, ip);
	if (rc == 0 && x->mode[RSG_R_PEERING_LAN] != y->mode[RSG_R_PEERING_LAN])
		rc = items_of(ch, ip, &pa->peering_lans, &pb->peering_lans);
	if (rc == 0
	    && x->mode[RSG_R_GLOBAL_BLACKLIST]
		!= y->mode[RSG_R_GLOBAL_BLACKLIST])
		rc = items_of(
		    ch, ip, &pa->global_blacklist, &pb->global_blacklist);
	if (rc == 0
	    && x->mode[RSG_R_CLIENT_BLACKLIST]
		!= y->mode[RSG_R_CLIENT_BLACKLIST])
		rc = items_of(ch, ip, &a->blacklist, &b->blacklist);
	else if (rc == 0)
		rc = plist_diff(&a->blacklist, &b->blacklist, false, ip, ch);
	if (rc == 0
	    && (x->mode[RSG_R_TRANSIT_FREE] != y->mode[RSG_R_TRANSIT_FREE]
		|| ((own_a || own_b)
		    && (a->transit_free->n != b->transit_free->n
			|| (a->transit_free->n > 0
			    && memcmp(a->transit_free->v, b->transit_free->v,
				   a->transit_free->n * sizeof(uint32_t))
				!= 0)))))
		rc = asn_items_of(ch, ip, a->transit_free, b->transit_free);
	if (rc == 0
	    && x->mode[RSG_R_NEVER_VIA_RS] != y->mode[RSG_R_NEVER_VIA_RS])
		rc = asn_items_of(ch, ip, &pa->never_via, &pb->never_via);
	if (rc != 0)
		return rc;
	/* the IRR: its origins and route objects for every route */
	if ((a->irr_sets == NULL) != (b->irr_sets == NULL)
	    || (a->irr_sets != NULL
		&& (strcmp(a->irr_sets, b->irr_sets) != 0
		    || a->irr_asns.n != b->irr_asns.n
		    || (a->irr_asns.n > 0
			&& memcmp(a->irr_asns.v, b->irr_asns.v,
			       a->irr_asns.n * sizeof(uint32_t))
			    != 0)
		    || a->irr_lists.n != b->irr_lists.n
		    || (a->irr_lists.n > 0
			&& memcmp(a->irr_lists.v, b->irr_lists.v,
			       a->irr_lists.n * sizeof(uint32_t))
			    != 0)
		    || !white_same(a, b))))
		return rsg__changes_client(ch, ip);
	/* whatever is left: the whole client */
	memcpy(&rest, y, sizeof(rest));
	for (unsigned r = 0; r < RSG_R_COUNT; r++) {
		if (narrow((enum rsg_reason)r))
			rest.mode[r] = x->mode[r];
	}
	rest.nh_policy = x->nh_policy;
	rest.v4_min = x->v4_min;
	rest.v4_max = x->v4_max;
	rest.v6_min = x->v6_min;
	rest.v6_max = x->v6_max;
	rest.max_path_len = x->max_path_len;
	rest.max_communities = x->max_communities;
	rest.rfc8950 = x->rfc8950;
	rest.gshut = x->gshut;
	/* limits count above as limits, not as routes */
	rest.max_prefix_action = x->max_prefix_action;
	rest.max_prefix_pdb = x->max_prefix_pdb;
	rest.max_prefix_v4 = x->max_prefix_v4;
	rest.max_prefix_v6 = x->max_prefix_v6;
	rest.pdb_incr_abs = x->pdb_incr_abs;
	rest.pdb_incr_rel = x->pdb_incr_rel;
	rest.general_limit_v4 = x->general_limit_v4;
	rest.general_limit_v6 = x->general_limit_v6;
	if (memcmp(&rest, x, sizeof(rest)) != 0)
		return rsg__changes_client(ch, ip);
	return 0;
}

/* Clients: by session address, in both directions; one that came or
 * went is the whole client. */
static int
clients_diff(const struct snap_policy *a, const struct snap_policy *b,
    struct rsg_changes *ch)
{
	int rc = 0;

	for (size_t i = 0; i < a->nclients && rc == 0; i++) {
		const struct snap_client *c = &a->clients[i];

		for (size_t j = 0; j < c->nips && rc == 0; j++) {
			const struct snap_client *o =
			    rsg__snapshot_client(b, &c->ips[j]);

			if (o == NULL) {
				rc = rsg__changes_client(ch, &c->ips[j]);
				if (rc == 0)
					rc =
					    rsg__changes_limits(ch, &c->ips[j]);
			} else {
				rc = client_diff(a, c, b, o, &c->ips[j], ch);
			}
		}
	}
	for (size_t i = 0; i < b->nclients && rc == 0; i++) {
		const struct snap_client *c = &b->clients[i];

		for (size_t j = 0; j < c->nips && rc == 0; j++) {
			if (rsg__snapshot_client(a, &c->ips[j]) != NULL)
				continue;
			rc = rsg__changes_client(ch, &c->ips[j]);
			if (rc == 0)
				rc = rsg__changes_limits(ch, &c->ips[j]);
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

/* The general policy (routes from addresses that are no client): the
 * clients of the new policy are the known ones. */
static int
general_diff(const struct snap_policy *a, const struct snap_policy *b,
    struct rsg_changes *ch)
{
	size_t before = ch->cc.n + ch->ci.n;
	struct peer_vec known = { 0 };
	int rc = client_diff(a, &a->general, b, &b->general, NULL, ch);

	if (rc != 0 || ch->cc.n + ch->ci.n == before)
		return rc;
	rc = rsg__policy_known(b, &known);
	if (rc == 0)
		rc = rsg__changes_known(ch, known.v, known.n);
	VEC_FREE(&known);
	return rc;
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
	if (a->rs_as != b->rs_as || a->info_communities != b->info_communities
	    || memcmp(a->comm, b->comm, sizeof(a->comm)) != 0
	    || memcmp(a->reject_map, b->reject_map, sizeof(a->reject_map)) != 0
	    || a->ncustoms != b->ncustoms
	    || memcmp(a->customs, b->customs, sizeof(a->customs)) != 0
	    || memcmp(&a->bh, &b->bh, sizeof(a->bh)) != 0) {
		rsg__changes_all(ch);
		return 0;
	}
	rc = plist_diff(&a->bogons, &b->bogons, true, NULL, ch);
	if (rc == 0)
		rc = plist_diff(
		    &a->peering_lans, &b->peering_lans, true, NULL, ch);
	if (rc == 0)
		rc = plist_diff(
		    &a->global_blacklist, &b->global_blacklist, true, NULL, ch);
	if (rc == 0)
		rc = asnset_diff(&a->never_via, &b->never_via, ch);
	if (rc == 0)
		rc = asnset_diff(&a->transit_free, &b->transit_free, ch);
	if (rc == 0)
		rc = clients_diff(a, b, ch);
	if (rc == 0)
		rc = general_diff(a, b, ch);
	return rc;
}

const struct part_ops rsg__policy_ops = {
	policy_build,
	policy_part_free,
	policy_stats,
	policy_affects,
};
