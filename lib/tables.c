/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The writer's data and its publication (see tables.h).
 */
#include "config.h"

#include "tables.h"

#include <string.h>
#include <strings.h>
#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#include "alloc.h"
#include "ctx.h"
#include "irrfetch.h"
#include "util.h"

#define FULL_BUILD_SHARE 4

/* A delta larger than this share of the tables (a first RTR sync) makes
 * the next build one from scratch, which is faster than an update: the
 * delta stops keeping its items then. */
static size_t
delta_limit(size_t vrps)
{
	return vrps / FULL_BUILD_SHARE + 4096;
}

void
rsg__tables_init(struct tables *t)
{
	memset(t, 0, sizeof(*t));
	rsg__vrpunion_init(&t->vrps);
	t->rov_full = true;
	t->dirty = (1u << PART_COUNT) - 1;
	t->delta.limit = delta_limit(0);
}

void
rsg__tables_free(struct tables *t)
{
	rsg__vrpunion_free(&t->vrps);
	rsg__vrp_delta_free(&t->delta);
	for (unsigned i = 0; i < TABLES_SLOTS; i++) {
		rsg__aspa_set_del(t->aspas[i]);
		rsg__slurm_del(t->slurm[i]);
		rsg__irr_db_del(t->irr[i]);
	}
	rsg__irr_db_del(t->irr_all);
	rsg__irr_db_del(t->arin);
	rsg__slurm_del(t->filters);
	rsg_config_free(t->cfg);
	rsg__pdb_vec_del(t->pdb);
	rsg__pfx_vec_del(t->bogons[0]);
	rsg__pfx_vec_del(t->bogons[1]);
	for (unsigned i = 0; i < PART_COUNT; i++)
		rsg__part_unref(t->part[i]);
	memset(t, 0, sizeof(*t));
}

static bool
counts(const struct tables *t, unsigned i)
{
	return (t->vrps.active >> i) & 1;
}

int
rsg__tables_vrps(
    struct tables *t, unsigned i, struct vrpset *s, int64_t buildtime)
{
	t->buildtime[i] = buildtime;
	return rsg__vrpunion_replace(&t->vrps, i, s, &t->delta);
}

int
rsg__tables_rtr(struct tables *t, unsigned i, struct vrplog *log)
{
	return rsg__vrpunion_apply(&t->vrps, i, log, &t->delta);
}

/* The VRP filters of every counting SLURM slot, then the union refiltered
 * (RFC 8416 §4: every filter, then every assertion). The union compares
 * the old filters with the new, so the new ones are a new object. */
static int
refilter(struct tables *t)
{
	struct slurm *f = rsg__calloc(1, sizeof(*f));
	int rc = 0;

	if (f == NULL)
		return RSG_ENOMEM;
	for (unsigned i = 0; i < TABLES_SLOTS && rc == 0; i++) {
		const struct slurm *s = t->slurm[i];

		if (s == NULL || !counts(t, i) || s->filters.n == 0)
			continue;
		if (VEC_RESERVE(&f->filters, f->filters.n + s->filters.n)
		    != 0) {
			rc = RSG_ENOMEM;
			break;
		}
		memcpy(f->filters.v + f->filters.n, s->filters.v,
		    s->filters.n * sizeof(*s->filters.v));
		f->filters.n += s->filters.n;
	}
	if (rc == 0)
		rc = rsg__vrpunion_refilter(&t->vrps, f, &t->delta);
	if (rc != 0) {
		rsg__slurm_del(f);
		return rc;
	}
	rsg__slurm_del(t->filters);
	t->filters = f;
	return 0;
}

int
rsg__tables_active(struct tables *t, unsigned i, bool active)
{
	int rc;

	if (counts(t, i) == active)
		return 0;
	rc = rsg__vrpunion_set(
	    &t->vrps, i, active, t->slurm[i] != NULL, &t->delta);
	if (rc == 0 && t->slurm[i] != NULL)
		rc = refilter(t);
	/* the ASPA part counts the slot's ASPAs and SLURM, if any */
	if (t->aspas[i] != NULL || t->slurm[i] != NULL)
		t->dirty |= 1u << PART_ASPA;
	return rc;
}

void
rsg__tables_aspas(struct tables *t, unsigned i, struct aspa_set *a)
{
	rsg__aspa_set_del(t->aspas[i]);
	t->aspas[i] = a;
	t->dirty |= 1u << PART_ASPA;
}

int
rsg__tables_slurm(struct tables *t, unsigned i, struct slurm *s)
{
	struct vrpset *asserted = NULL;
	int rc = 0;

	rsg__slurm_del(t->slurm[i]);
	t->slurm[i] = s;
	t->dirty |= 1u << PART_ASPA;
	if (s != NULL)
		rc = rsg__vrpset_new(
		    s->assertions.v, s->assertions.n, &asserted);
	if (rc == 0)
		rc = rsg__vrpunion_set(
		    &t->vrps, i, counts(t, i), s != NULL, &t->delta);
	if (rc == 0)
		rc = rsg__vrpunion_replace(&t->vrps, i, asserted, &t->delta);
	else
		rsg__vrpset_unref(asserted);
	if (rc == 0)
		rc = refilter(t);
	return rc;
}

void
rsg__tables_pdb(struct tables *t, struct pdb_vec *p)
{
	rsg__pdb_vec_del(t->pdb);
	t->pdb = p;
	t->dirty |= 1u << PART_POLICY;
}

void
rsg__tables_bogons(struct tables *t, unsigned afi, struct pfx_vec *p)
{
	unsigned k = afi == RSG_AFI_IPV6;

	rsg__pfx_vec_del(t->bogons[k]);
	t->bogons[k] = p;
	t->dirty |= 1u << PART_POLICY;
}

void
rsg__parsed_free(struct parsed *p)
{
	rsg__vrpset_unref(p->vrps);
	rsg__aspa_set_del(p->aspas);
	rsg__slurm_del(p->slurm);
	rsg__pdb_vec_del(p->pdb);
	rsg__pfx_vec_del(p->pfx);
	rsg__irr_db_del(p->irr);
	p->irr = NULL;
	p->vrps = NULL;
	p->aspas = NULL;
	p->slurm = NULL;
	p->pdb = NULL;
	p->pfx = NULL;
}

int
rsg__tables_take(struct tables *t, unsigned i, struct parsed *p)
{
	int rc = 0;

	switch (p->kind) {
	case RSG_SOURCE_VRPS:
		rc = rsg__tables_vrps(t, i, p->vrps, p->meta.buildtime);
		p->vrps = NULL;
		/* the ASPAs of the same file */
		__attribute__((fallthrough));
	case RSG_SOURCE_ASPA:
		rsg__tables_aspas(t, i, p->aspas);
		p->aspas = NULL;
		break;
	case RSG_SOURCE_SLURM:
		rc = rsg__tables_slurm(t, i, p->slurm);
		p->slurm = NULL;
		break;
	case RSG_SOURCE_PEERINGDB:
		rsg__tables_pdb(t, p->pdb);
		p->pdb = NULL;
		break;
	case RSG_SOURCE_IRR:
	case RSG_SOURCE_BGPQ4:
		rsg__tables_irr(t, i, p->irr);
		p->irr = NULL;
		break;
	case RSG_SOURCE_ARIN_WHOIS:
		rsg__irr_db_del(t->arin);
		t->arin = p->irr;
		p->irr = NULL;
		t->dirty |= 1u << PART_IRR;
		break;
	case RSG_SOURCE_BOGONS_V4:
	case RSG_SOURCE_BOGONS_V6:
		rsg__tables_bogons(t,
		    p->kind == RSG_SOURCE_BOGONS_V4 ? RSG_AFI_IPV4
						    : RSG_AFI_IPV6,
		    p->pfx);
		p->pfx = NULL;
		break;
	default:
		break;
	}
	rsg__parsed_free(p);
	return rc;
}

static bool
same_order(const struct str_vec *a, const struct str_vec *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcasecmp(a->v[i], b->v[i]) != 0)
			return false;
	return true;
}

void
rsg__tables_config(struct tables *t, struct rsg_config *cfg)
{
	/* the IRR union follows the source order: built again only if that
	 * changed (it holds every IRR object, a million for some IXPs) */
	if (t->cfg == NULL
	    || !same_order(&t->cfg->irr_sources, &cfg->irr_sources))
		t->irr_dirty = true;
	rsg_config_free(t->cfg);
	t->cfg = cfg;
	t->dirty |= 1u << PART_POLICY;
}

void
rsg__tables_irr(struct tables *t, unsigned i, struct irr_db *db)
{
	if (db == NULL && t->irr[i] == NULL)
		return;
	rsg__irr_db_del(t->irr[i]);
	t->irr[i] = db;
	t->irr_dirty = true;
}

/* The union of the IRR files in the configured order, or NULL if there
 * are none. */
static int
irr_union(struct tables *t)
{
	const struct str_vec *order = &t->cfg->irr_sources;
	struct irr_db *db = NULL;
	bool any = false;
	int rc = 0;

	for (unsigned i = 0; i < TABLES_SLOTS; i++)
		any = any || t->irr[i] != NULL;
	if (any) {
		if ((db = rsg__calloc(1, sizeof(*db))) == NULL)
			return RSG_ENOMEM;
		rsg__irr_db_init(db);
		/* IRRd answers (source WHOIS) came through !s already */
		const char **names =
		    rsg__calloc(order->n + 1, sizeof(const char *));

		if (names == NULL) {
			rsg__irr_db_del(db);
			return RSG_ENOMEM;
		}
		names[0] = IRRFETCH_SOURCE;
		for (size_t i = 0; i < order->n; i++)
			names[i + 1] = order->v[i];
		rc = rsg__irr_db_set_sources(
		    db, names, order->n + 1, order->n > 0);
		rsg__free(names);
		for (unsigned i = 0; i < TABLES_SLOTS && rc == 0; i++)
			if (t->irr[i] != NULL)
				rc = rsg__irr_db_merge(db, t->irr[i]);
		if (rc != 0) {
			rsg__irr_db_del(db);
			return rc;
		}
		rsg__irr_db_finish(db);
	}
	rsg__irr_db_del(t->irr_all);
	t->irr_all = db;
	t->irr_dirty = false;
	t->dirty |= (1u << PART_POLICY) | (1u << PART_IRR);
	return 0;
}

int
rsg__tables_drop(struct tables *t, unsigned i)
{
	int rc = rsg__tables_active(t, i, false);

	if (rc == 0)
		rc = rsg__vrpunion_replace(&t->vrps, i, NULL, &t->delta);
	if (rc == 0)
		rc = rsg__vrpunion_set(&t->vrps, i, false, false, &t->delta);
	if (rc != 0)
		return rc;
	rsg__tables_aspas(t, i, NULL);
	rsg__tables_irr(t, i, NULL);
	rsg__slurm_del(t->slurm[i]);
	t->slurm[i] = NULL;
	t->buildtime[i] = 0;
	return 0;
}

void
rsg__tables_note(struct tables *t, unsigned sources)
{
	t->sources |= sources;
}

/* Every counting slot's ASPAs, then SLURM: all filters, all assertions. */
static int
aspa_union(const struct tables *t, struct aspa_set *out)
{
	struct slurm all;
	int rc = 0;

	memset(&all, 0, sizeof(all));
	for (unsigned i = 0; i < TABLES_SLOTS && rc == 0; i++) {
		const struct aspa_set *a = t->aspas[i];

		if (a == NULL || !counts(t, i))
			continue;
		for (size_t r = 0; r < a->rec.n && rc == 0; r++)
			rc = rsg__aspa_set_add(out, a->rec.v[r].customer,
			    a->prov.v + a->rec.v[r].off, a->rec.v[r].n);
	}
	for (unsigned i = 0; i < TABLES_SLOTS && rc == 0; i++) {
		const struct slurm *s = t->slurm[i];

		if (s == NULL || !counts(t, i))
			continue;
		if (VEC_RESERVE(&all.aspa_filters,
			all.aspa_filters.n + s->aspa_filters.n)
		    != 0) {
			rc = RSG_ENOMEM;
			break;
		}
		if (s->aspa_filters.n > 0)
			memcpy(all.aspa_filters.v + all.aspa_filters.n,
			    s->aspa_filters.v,
			    s->aspa_filters.n * sizeof(*s->aspa_filters.v));
		all.aspa_filters.n += s->aspa_filters.n;
		for (size_t r = 0; r < s->aspa_assertions.rec.n && rc == 0;
		     r++) {
			const struct aspa_rec *ar =
			    &s->aspa_assertions.rec.v[r];

			rc = rsg__aspa_set_add(&all.aspa_assertions,
			    ar->customer, s->aspa_assertions.prov.v + ar->off,
			    ar->n);
		}
	}
	if (rc == 0)
		rc = rsg__slurm_apply(&all, NULL, out);
	rsg__slurm_free(&all);
	return rc;
}

static int64_t
rpki_buildtime(const struct tables *t)
{
	int64_t bt = 0;

	for (unsigned i = 0; i < TABLES_SLOTS; i++) {
		if (counts(t, i) && t->buildtime[i] != 0
		    && (bt == 0 || t->buildtime[i] < bt))
			bt = t->buildtime[i];
	}
	return bt;
}

int
rsg__tables_publish(struct tables *t, struct rsg_ctx *ctx, unsigned rov_state,
    unsigned aspa_state, struct publish_info *info)
{
	const struct rsg_snapshot *old = rsg__ctx_current(ctx);
	struct snap_part *np[PART_COUNT] = { NULL };
	struct rsg_snapshot *s = NULL;
	struct rsg_changes *ch = NULL;
	struct aspa_set aspas;
	struct part_input in;
	const struct snap_rov *rov = (const struct snap_rov *)t->part[PART_ROV];
	int64_t buildtime = rpki_buildtime(t);
	uint64_t t0 = rsg__now_usec();
	bool same = old != NULL, trim = false;
	int rc = 0;

	memset(info, 0, sizeof(*info));
	memset(&in, 0, sizeof(in));
	memset(&aspas, 0, sizeof(aspas));
	in.cfg = t->cfg;
	in.vrps = &t->vrps;
	in.delta = &t->delta;
	in.delta_base = t->part[PART_ROV];
	in.pdb = t->pdb;
	in.bogons4 = t->bogons[0];
	in.bogons6 = t->bogons[1];
	if (t->delta.full)
		t->rov_full = true;
	in.rov_full = t->rov_full;
	if (!rsg__vrp_delta_empty(&t->delta) || t->rov_full)
		t->dirty |= 1u << PART_ROV;
	if (t->dirty & (1u << PART_ASPA)) {
		rc = aspa_union(t, &aspas);
		in.aspas = &aspas;
	}
	if (rc == 0 && t->irr_dirty) {
		rc = irr_union(t);
		trim = true;
	}
	in.irr = t->irr_all;
	in.arin = t->arin;
	for (unsigned i = 0; i < PART_COUNT && rc == 0; i++) {
		if ((t->dirty & (1u << i)) || t->part[i] == NULL)
			rc = rsg__part_ops[i]->build(&in, t->part[i], &np[i]);
		else
			np[i] = rsg__part_ref(t->part[i]);
		same = same && np[i] == old->part[i];
	}
	if (rc != 0)
		goto out;
	if (same && old->rov_state == rov_state
	    && old->aspa_state == aspa_state)
		goto done; /* nothing changed: keep the snapshot */
	rc = rsg__snapshot_assemble(np, rov_state, aspa_state, &s);
	if (rc == 0)
		s->rpki_buildtime = buildtime;
	if (rc == 0)
		rc = rsg__changes_new(&ch);
	if (rc == 0)
		rc = rsg__snapshot_affects(&in, old, s, ch);
	if (rc != 0)
		goto out;
	ch->sources = t->sources;
	s->build_usec = rsg__now_usec() - t0;
	info->changes = rsg__changes_items(ch);
	rsg__ctx_publish(ctx, s, ch);
	info->published = true;
	info->generation = s->generation;
	info->build_usec = s->build_usec;
	s = NULL;
	ch = NULL;
done:
	for (unsigned i = 0; i < PART_COUNT; i++) {
		rsg__part_unref(t->part[i]);
		t->part[i] = np[i];
		np[i] = NULL;
	}
	rov = (const struct snap_rov *)t->part[PART_ROV];
	info->vrps = rov->roa.t4.nrec + rov->roa.t6.nrec;
	rsg__vrp_delta_clear(&t->delta);
	t->delta.limit = delta_limit(info->vrps);
#ifdef HAVE_MALLOC_TRIM
	/* a build from scratch (a first sync, a new file, the IRR data)
	 * freed tens of MB of temporaries: give them back rather than keep
	 * them resident */
	if (t->rov_full || trim)
		malloc_trim(0);
#else
	(void)trim;
#endif
	t->rov_full = false;
	t->dirty = 0;
	t->sources = 0;
out:
	for (unsigned i = 0; i < PART_COUNT; i++)
		rsg__part_unref(np[i]);
	rsg__snapshot_free(s);
	rsg__changes_free(ch);
	rsg__aspa_set_free(&aspas);
	return rc;
}
