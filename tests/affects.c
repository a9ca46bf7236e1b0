/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Change records against re-checking, on real data (see affects.h).
 *
 * The tables are driven as the worker drives them: the real VRPs and
 * ASPAs in slot 0, the real configuration and PeeringDB records; every
 * change is published into a context and its record read back with
 * rsg_ctx_changes(). Every route of the real table is checked after each
 * change; a verdict is compared by a hash of everything it says but its
 * generation.
 */
#include "config.h"

#include "affects.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "ctx.h"
#include "realdata.h"
#include "tables.h"

static const char *const kind_names[PROP_KINDS] = {
	[PROP_VRP_DIFF] = "vrp_diff",
	[PROP_ASPA] = "aspa_record",
	[PROP_TRANSIT_FREE] = "transit_free_asn",
	[PROP_PDB_NEVER_VIA] = "pdb_never_via",
	[PROP_PDB_LIMIT] = "pdb_limit",
	[PROP_CLIENT] = "client_knob",
	[PROP_GENERAL] = "general_knob",
};

const char *
prop_kind_name(unsigned k)
{
	return k < PROP_KINDS ? kind_names[k] : "?";
}

struct prop {
	const struct prop_args *a;
	uint64_t rng;
	struct routeset routes;
	uint64_t *hash;      /* per route, the verdict in service */
	uint32_t *path_asns; /* ASNs seen in the table's paths */
	size_t npath_asns;
	struct rsg_config *cfg; /* the configuration in force (edited) */
	struct aspa_set aspas;  /* slot 0's ASPAs (edited) */
	struct pdb_vec pdb;     /* the PeeringDB records (edited) */
	struct vrp_ops diff;
	struct vrp_vec vrps; /* the real VRPs */
	bool *withdrawn;     /* per VRP: withdrawn by a change */
	struct rsg_ctx *ctx;
	struct tables t;
	struct vrplog log;
};

static uint64_t
rnd(struct prop *p)
{
	p->rng ^= p->rng << 13;
	p->rng ^= p->rng >> 7;
	p->rng ^= p->rng << 17;
	return p->rng;
}

static uint64_t
mix(uint64_t h, uint64_t v)
{
	return (h ^ v) * 0x100000001b3ULL;
}

static uint64_t
mix_prefix(uint64_t h, const struct rsg_prefix *p)
{
	h = mix(h, p->ip.afi);
	for (unsigned w = 0; w < 4; w++)
		h = mix(h, p->ip.addr[w]);
	return mix(h, p->len);
}

/* Everything a verdict says but its generation. */
static uint64_t
verdict_hash(const struct rsg_verdict *v, int rc)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	h = mix(h, (uint64_t)(int64_t)rc);
	h = mix(h, v->action);
	h = mix(h, v->rov);
	h = mix(h, v->aspa);
	h = mix(h, v->irr);
	h = mix(h, v->flags);
	h = mix(h, v->client_asn);
	h = mix(h, v->origin_asn);
	h = mix(h, v->path_len);
	h = mix(h, v->rs_as);
	h = mix(h, v->reasons[0]);
	h = mix(h, v->reasons[1]);
	for (unsigned i = 0; i < v->n_details; i++) {
		const struct rsg_detail *d = &v->details[i];

		h = mix(h, d->reason);
		h = mix(h, d->mode);
		h = mix(h, d->asn);
		h = mix(h, d->asn2);
		h = mix(h, d->value);
		h = mix(h, d->limit);
		h = mix_prefix(h, &d->prefix);
		h = mix(h, d->ip.afi);
		for (unsigned w = 0; w < 4; w++)
			h = mix(h, d->ip.addr[w]);
	}
	h = mix(h, v->n_vrps_total);
	for (unsigned i = 0; i < v->n_vrps; i++) {
		h = mix_prefix(h, &v->vrps[i].prefix);
		h = mix(h, v->vrps[i].asn);
		h = mix(h, v->vrps[i].max_len);
	}
	for (unsigned i = 0; i < v->n_communities; i++) {
		h = mix(h, v->communities[i].asn);
		h = mix(h, v->communities[i].data1);
		h = mix(h, v->communities[i].data2);
	}
	return h;
}

static uint64_t
check_hash(const struct prop *p, const struct rsg_route *r)
{
	struct rsg_verdict v = RSG_VERDICT_INIT;
	int rc = rsg_check(p->ctx, r, &v);

	return verdict_hash(&v, rc);
}

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Every ASN of every path, once. */
static void
collect_path_asns(struct prop *p)
{
	size_t n = 0, cap = 1 << 16, k = 0;
	uint32_t *v = malloc(cap * sizeof(*v));

	for (size_t i = 0; v != NULL && i < p->routes.n; i++) {
		const struct rsg_route *r = &p->routes.r[i];

		for (size_t off = 0; off + 2 <= r->as_path_len;) {
			unsigned cnt = r->as_path[off + 1];

			for (unsigned j = 0; j < cnt; j++) {
				const uint8_t *a = r->as_path + off + 2 + 4 * j;

				if (n == cap) {
					cap *= 2;
					v = realloc(v, cap * sizeof(*v));
					if (v == NULL)
						return;
				}
				v[n++] = (uint32_t)a[0] << 24
				    | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8
				    | a[3];
			}
			off += 2 + (size_t)cnt * 4;
		}
	}
	if (v == NULL)
		return;
	qsort(v, n, sizeof(*v), u32_cmp);
	for (size_t i = 0; i < n; i++) {
		if (k == 0 || v[k - 1] != v[i])
			v[k++] = v[i];
	}
	p->path_asns = v;
	p->npath_asns = k;
}

static uint32_t
some_path_asn(struct prop *p)
{
	return p->path_asns[rnd(p) % p->npath_asns];
}

/* The tables take copies: the edits go on in p's own. */
static void
give_config(struct prop *p)
{
	struct rsg_config *copy;

	if (rsg__config_dup(p->cfg, &copy) != 0)
		abort();
	/* the copy re-reads the text: carry the in-memory edits over */
	copy->k = p->cfg->k;
	copy->transit_free.n = 0;
	for (size_t i = 0; i < p->cfg->transit_free.n; i++)
		if (VEC_PUSH(&copy->transit_free, p->cfg->transit_free.v[i]))
			abort();
	for (size_t i = 0; i < copy->clients.n; i++) {
		struct cfg_client *d = &copy->clients.v[i];
		const struct cfg_client *s = &p->cfg->clients.v[i];

		d->k = s->k;
		rsg__pfx_vec_free(&d->blacklist);
		if (rsg__pfx_vec_copy(&d->blacklist, &s->blacklist) != 0)
			abort();
	}
	rsg__tables_config(&p->t, copy);
}

static void
give_aspas(struct prop *p)
{
	struct aspa_set *a = rsg__calloc(1, sizeof(*a));

	for (size_t i = 0; a != NULL && i < p->aspas.rec.n; i++) {
		const struct aspa_rec *r = &p->aspas.rec.v[i];

		if (rsg__aspa_set_add(
			a, r->customer, p->aspas.prov.v + r->off, r->n)
		    != 0)
			abort();
	}
	if (a == NULL)
		abort();
	rsg__tables_aspas(&p->t, 0, a);
}

static void
give_pdb(struct prop *p)
{
	struct pdb_vec *d = rsg__calloc(1, sizeof(*d));

	if (d == NULL || VEC_RESERVE(d, p->pdb.n) != 0)
		abort();
	for (size_t i = 0; i < p->pdb.n; i++) {
		d->v[i] = p->pdb.v[i];
		d->v[i].irr_as_set = NULL; /* not used by the policy */
	}
	d->n = p->pdb.n;
	rsg__tables_pdb(&p->t, d);
}

/* ------------------------------------------------------------------ */
/* Changes                                                             */

/* Half the time a window of the real diff (mostly new expiry times:
 * no change), half the time 400 real VRPs withdrawn or restored;
 * either applied as one RTR sync. */
static void
change_vrps(struct prop *p, unsigned round)
{
	if (round % 2 == 1) {
		size_t n = 50 + rnd(p) % 200, start = rnd(p) % p->diff.n;

		for (size_t i = 0; i < n; i++) {
			const struct vrp_op *o =
			    &p->diff.v[(start + i) % p->diff.n];

			if (rsg__vrplog_add(&p->log, &o->v, o->add) != 0)
				abort();
		}
	} else {
		for (int i = 0; i < 400; i++) {
			size_t k = rnd(p) % p->vrps.n;

			p->withdrawn[k] = !p->withdrawn[k];
			if (rsg__vrplog_add(
				&p->log, &p->vrps.v[k], !p->withdrawn[k])
			    != 0)
				abort();
		}
	}
	if (rsg__tables_rtr(&p->t, 0, &p->log) != 0)
		abort();
	rsg__tables_note(&p->t, 1u << RSG_SOURCE_RTR);
}

/* One customer's record: gone if it has one, else a real record's
 * providers. */
static void
change_aspa(struct prop *p)
{
	uint32_t c = some_path_asn(p);
	struct aspa_set n = { { 0 }, { 0 } };
	bool had = false;

	for (size_t i = 0; i < p->aspas.rec.n; i++) {
		const struct aspa_rec *r = &p->aspas.rec.v[i];

		if (r->customer == c) {
			had = true;
			continue;
		}
		if (rsg__aspa_set_add(
			&n, r->customer, p->aspas.prov.v + r->off, r->n)
		    != 0)
			abort();
	}
	if (!had && p->aspas.rec.n > 0) {
		const struct aspa_rec *r =
		    &p->aspas.rec.v[rnd(p) % p->aspas.rec.n];

		if (rsg__aspa_set_add(&n, c, p->aspas.prov.v + r->off, r->n)
		    != 0)
			abort();
	}
	rsg__aspa_set_free(&p->aspas);
	p->aspas = n;
	give_aspas(p);
}

static void
change_transit_free(struct prop *p)
{
	struct asn_vec *tf = &p->cfg->transit_free;
	uint32_t asn = tf->n > 0 && rnd(p) % 3 == 0 ? tf->v[rnd(p) % tf->n]
						    : some_path_asn(p);
	size_t k = 0;
	bool had = false;

	for (size_t i = 0; i < tf->n; i++) {
		if (tf->v[i] == asn)
			had = true;
		else
			tf->v[k++] = tf->v[i];
	}
	tf->n = k;
	if (!had && VEC_PUSH(tf, asn) != 0)
		abort();
	give_config(p);
}

static struct pdb_net *
pdb_of(struct prop *p, uint32_t asn)
{
	for (size_t i = 0; i < p->pdb.n; i++) {
		if (p->pdb.v[i].asn == asn)
			return &p->pdb.v[i];
	}
	return NULL;
}

static void
change_never_via(struct prop *p)
{
	struct pdb_net *n = NULL;

	/* a network on the table's paths if PeeringDB has one */
	for (int tries = 0; tries < 200 && n == NULL; tries++)
		n = pdb_of(p, some_path_asn(p));
	if (n == NULL)
		n = &p->pdb.v[rnd(p) % p->pdb.n];
	n->never_via_rs = !n->never_via_rs;
	give_pdb(p);
}

static void
change_limit(struct prop *p)
{
	const struct cfg_client *c =
	    &p->cfg->clients.v[rnd(p) % p->cfg->clients.n];
	struct pdb_net *n = pdb_of(p, c->asn);

	if (n == NULL) {
		n = &p->pdb.v[rnd(p) % p->pdb.n];
	}
	n->info_prefixes4 = n->info_prefixes4 * 2 + 10;
	give_pdb(p);
}

/* One knob of a set of knobs; returns its name. */
static const char *
change_knob(struct prop *p, struct knobs *k, struct pfx_vec *blacklist,
    const struct rsg_route *sample)
{
	switch (rnd(p) % 10) {
	case 0:
		k->max_path_len = (uint16_t)(k->max_path_len > 8
			? k->max_path_len - 1u - (unsigned)(rnd(p) % 6)
			: k->max_path_len + 10u);
		return "max_as_path_len";
	case 1:
		k->v4_max = (uint8_t)(k->v4_max == 24 ? 23 : 24);
		return "ipv4 max length";
	case 2:
		k->max_communities = (uint16_t)(5 + rnd(p) % 40);
		return "max communities";
	case 3:
		k->nh_policy =
		    k->nh_policy == NH_STRICT ? NH_SAME_AS : NH_STRICT;
		return "next_hop policy";
	case 4:
		k->gshut = !k->gshut;
		return "graceful_shutdown";
	case 5:
		if (blacklist != NULL && sample != NULL) {
			struct pfx_entry e;

			memset(&e, 0, sizeof(e));
			rsg__pfx_entry_orlonger(&e, &sample->prefix);
			if (rsg__pfx_vec_push(blacklist, &e) != 0)
				abort();
			return "blacklist entry";
		}
		k->mode[RSG_R_BOGON_PREFIX] = RSG_MODE_TAG;
		return "bogon_prefix mode";
	case 6:
		k->mode[RSG_R_TRANSIT_FREE] =
		    k->mode[RSG_R_TRANSIT_FREE] == RSG_MODE_REJECT
		    ? RSG_MODE_TAG
		    : RSG_MODE_REJECT;
		return "transit_free mode";
	case 7:
		k->mode[RSG_R_FIRST_AS] =
		    k->mode[RSG_R_FIRST_AS] == RSG_MODE_OFF ? RSG_MODE_REJECT
							    : RSG_MODE_OFF;
		return "first_as mode";
	case 8:
		k->mode[RSG_R_PEERING_LAN] =
		    k->mode[RSG_R_PEERING_LAN] == RSG_MODE_OFF ? RSG_MODE_REJECT
							       : RSG_MODE_OFF;
		return "peering_lan mode";
	default:
		/* whole-client: every route's ROV verdict can change */
		k->mode[RSG_R_RPKI_UNKNOWN] =
		    k->mode[RSG_R_RPKI_UNKNOWN] == RSG_MODE_OFF ? RSG_MODE_TAG
								: RSG_MODE_OFF;
		return "rpki_unknown mode";
	}
}

static const char *
change_client(struct prop *p)
{
	size_t ci = rnd(p) % p->cfg->clients.n;
	struct cfg_client *c = &p->cfg->clients.v[ci];
	const struct rsg_route *sample = NULL;
	const char *what;

	/* one of the client's routes, for a blacklist entry */
	for (int tries = 0; tries < 1000 && sample == NULL; tries++) {
		const struct rsg_route *r = &p->routes.r[rnd(p) % p->routes.n];

		if (c->ips.n > 0 && r->peer_ip.afi == c->ips.v[0].afi
		    && memcmp(r->peer_ip.addr, c->ips.v[0].addr, 16) == 0)
			sample = r;
	}
	what = change_knob(p, &c->k, &c->blacklist, sample);
	give_config(p);
	return what;
}

static const char *
change_general(struct prop *p)
{
	/* the general knobs and every client that does not set its own */
	struct knobs before = p->cfg->k;
	const char *what = change_knob(p, &p->cfg->k, NULL, NULL);

	for (size_t i = 0; i < p->cfg->clients.n; i++) {
		struct knobs *k = &p->cfg->clients.v[i].k;
		struct knobs merged = *k;

		/* a client inherits what it did not set: where it equals
		 * the old general value, it takes the new one */
		for (unsigned r = 0; r < RSG_R_COUNT; r++) {
			if (k->mode[r] == before.mode[r])
				merged.mode[r] = p->cfg->k.mode[r];
		}
#define INHERIT(f)                                                             \
	if (k->f == before.f)                                                  \
		merged.f = p->cfg->k.f;
		INHERIT(max_path_len)
		INHERIT(v4_max)
		INHERIT(max_communities)
		INHERIT(nh_policy)
		INHERIT(gshut)
#undef INHERIT
		*k = merged;
	}
	give_config(p);
	return what;
}

/* ------------------------------------------------------------------ */
/* The run                                                             */

static int
setup(struct prop *p)
{
	const struct prop_args *a = p->a;
	struct rpki_opts o;
	struct rpki_meta m;
	struct vrpset *set;
	struct rsg_error err;
	struct publish_info info;

	memset(&o, 0, sizeof(o));
	memset(&m, 0, sizeof(m));
	if (rd_load_routes(a->table, a->stride, &p->routes) != 0
	    || p->routes.n == 0)
		return -1;
	collect_path_asns(p);
	if (rd_load_diff(a->diff, &p->diff, NULL) == 0) {
		fprintf(stderr, "%s: no diff records\n", a->diff);
		return -1;
	}
	if (rsg__rpki_load_file(
		a->vrps, RPKI_FMT_AUTO, &o, &p->vrps, &p->aspas, &m, &err)
	    != 0) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	if (rsg_config_new(&p->cfg) != 0
	    || rsg_config_load_file(p->cfg, a->config) != 0
	    || p->cfg->peeringdb_file == NULL
	    || rsg__pdb_load_file(p->cfg->peeringdb_file, &p->pdb, &err) != 0) {
		fprintf(stderr, "%s: cannot load it or its PeeringDB file\n",
		    a->config);
		return -1;
	}
	if (rsg_ctx_new(p->cfg, &p->ctx) != 0)
		return -1;
	rsg__tables_init(&p->t);
	give_config(p);
	give_aspas(p);
	give_pdb(p);
	p->withdrawn = calloc(p->vrps.n, sizeof(*p->withdrawn));
	if (p->withdrawn == NULL
	    || rsg__vrpset_new(p->vrps.v, p->vrps.n, &set) != 0
	    || rsg__tables_active(&p->t, 0, true) != 0
	    || rsg__tables_vrps(&p->t, 0, set, 0) != 0
	    || rsg__tables_publish(
		   &p->t, p->ctx, TABLE_READY, TABLE_READY, &info)
		!= 0)
		return -1;
	p->hash = malloc(p->routes.n * sizeof(*p->hash));
	if (p->hash == NULL)
		return -1;
	for (size_t i = 0; i < p->routes.n; i++)
		p->hash[i] = check_hash(p, &p->routes.r[i]);
	return 0;
}

static void
teardown(struct prop *p)
{
	rsg__tables_free(&p->t);
	rsg__vrplog_free(&p->log);
	rsg_ctx_free(p->ctx);
	rsg_config_free(p->cfg);
	rsg__aspa_set_free(&p->aspas);
	rsg__pdb_vec_free(&p->pdb);
	routeset_free(&p->routes);
	free(p->diff.v);
	rsg__vrp_vec_free(&p->vrps);
	free(p->withdrawn);
	free(p->hash);
	free(p->path_asns);
}

/* Publish the change, re-check everything, compare with the record. */
static int
measure(struct prop *p, unsigned kind, const char *what, struct prop_result *r)
{
	struct publish_info info;
	struct rsg_changes *ch = NULL;
	size_t changed = 0, affected = 0, fp = 0;
	struct rsg_stats st;

	if (rsg_ctx_stats(p->ctx, &st) != 0)
		return -1;
	if (rsg__tables_publish(&p->t, p->ctx, TABLE_READY, TABLE_READY, &info)
	    != 0)
		return -1;
	if (info.published && rsg_ctx_changes(p->ctx, st.generation, &ch) < 0)
		return -1;
	for (size_t i = 0; i < p->routes.n; i++) {
		const struct rsg_route *rt = &p->routes.r[i];
		uint64_t h = check_hash(p, rt);
		bool diff = h != p->hash[i];
		bool aff = ch != NULL && rsg_changes_affects(ch, rt);

		changed += diff;
		affected += aff;
		fp += aff && !diff;
		if (diff && !aff) {
			char pfx[RSG_PREFIX_STRLEN], peer[RSG_PREFIX_STRLEN];

			if (r->missed++ == 0) {
				rsg_prefix_format(
				    &rt->prefix, pfx, sizeof(pfx));
				rsg_ip_format(&rt->peer_ip, peer, sizeof(peer));
				snprintf(r->missed_what, sizeof(r->missed_what),
				    "%s (%s): %s from %s AS%u changed but "
				    "was not reported",
				    prop_kind_name(kind), what, pfx, peer,
				    rt->peer_asn);
			}
		}
		p->hash[i] = h;
	}
	rsg_changes_free(ch);
	if (r->changes < sizeof(r->fp_pct) / sizeof(r->fp_pct[0])) {
		r->fp_pct[r->changes] =
		    100.0 * (double)fp / (double)p->routes.n;
		r->changed_pct[r->changes] =
		    100.0 * (double)changed / (double)p->routes.n;
	}
	if (100.0 * (double)fp / (double)p->routes.n > r->fp_max_pct)
		r->fp_max_pct = 100.0 * (double)fp / (double)p->routes.n;
	r->changes++;
	r->routes = p->routes.n;
	r->changed += changed;
	r->affected += affected;
	return 0;
}

int
prop_run(const struct prop_args *a, struct prop_result r[PROP_KINDS])
{
	struct prop p;
	int rc = -1;

	memset(&p, 0, sizeof(p));
	memset(r, 0, PROP_KINDS * sizeof(*r));
	p.a = a;
	p.rng = a->seed ? a->seed : 0x9e3779b97f4a7c15ULL;
	if (setup(&p) != 0)
		goto out;
	for (unsigned round = 0; round < a->rounds; round++) {
		for (unsigned k = 0; k < PROP_KINDS; k++) {
			const char *what = prop_kind_name(k);

			switch (k) {
			case PROP_VRP_DIFF:
				change_vrps(&p, round);
				break;
			case PROP_ASPA:
				change_aspa(&p);
				break;
			case PROP_TRANSIT_FREE:
				change_transit_free(&p);
				break;
			case PROP_PDB_NEVER_VIA:
				change_never_via(&p);
				break;
			case PROP_PDB_LIMIT:
				change_limit(&p);
				break;
			case PROP_CLIENT:
				what = change_client(&p);
				break;
			default:
				what = change_general(&p);
				break;
			}
			if (measure(&p, k, what, &r[k]) != 0)
				goto out;
		}
	}
	rc = 0;
out:
	teardown(&p);
	return rc;
}
