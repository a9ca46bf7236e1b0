/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The worker thread (see worker.h): sources, refresh, publication.
 *
 * Every change of data becomes pending state: a VRP delta (vrpmap), or a
 * dirty ASPA or policy part. A publication is scheduled a short quiet
 * period after the last change (a burst of RTR records or file events
 * settles first), at most PUBLISH_MAX_DELAY_MS after the first. Nothing
 * pending means nothing is published: an identical file or an empty RTR
 * update leaves the snapshot alone.
 *
 * A failed read leaves the source's last good data in service and says
 * why in its status. A read that is implausible (empty, or shrunk by more
 * than max_shrink) is refused the same way. Data that grows too old
 * (ignore_cache_files_older_than) is withdrawn: routes become NotFound,
 * never Invalid.
 */
#include "config.h"

#include "worker.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "ctx.h"
#include "pfxfile.h"
#include "util.h"

#define PUBLISH_QUIET_MS     20
#define PUBLISH_MAX_DELAY_MS 1000
#define FSDELAY_MS           100
#define TICK_MS              1000

/* ------------------------------------------------------------------ */
/* Status                                                              */

unsigned
rsg__worker_status_add(struct worker *w, enum rsg_source kind, const char *name)
{
	struct rsg_ctx *ctx = w->ctx;
	struct rsg_source_status *nv, st;
	unsigned idx = UINT32_MAX;

	memset(&st, 0, sizeof(st));
	st.kind = (uint8_t)kind;
	st.state = RSG_SRC_INIT;
	snprintf(st.name, sizeof(st.name), "%s", name);
	pthread_mutex_lock(&ctx->lock);
	nv = rsg__reallocarray(ctx->status, ctx->nstatus + 1, sizeof(*nv));
	if (nv != NULL) {
		ctx->status = nv;
		idx = (unsigned)ctx->nstatus;
		ctx->status[ctx->nstatus++] = st;
	}
	pthread_mutex_unlock(&ctx->lock);
	return idx;
}

void
rsg__worker_status_get(
    struct worker *w, unsigned idx, struct rsg_source_status *st)
{
	memset(st, 0, sizeof(*st));
	pthread_mutex_lock(&w->ctx->lock);
	if (idx < w->ctx->nstatus)
		*st = w->ctx->status[idx];
	pthread_mutex_unlock(&w->ctx->lock);
}

void
rsg__worker_status_set(
    struct worker *w, unsigned idx, const struct rsg_source_status *st)
{
	pthread_mutex_lock(&w->ctx->lock);
	if (idx < w->ctx->nstatus)
		w->ctx->status[idx] = *st;
	pthread_mutex_unlock(&w->ctx->lock);
}

static void
status_clear(struct worker *w)
{
	pthread_mutex_lock(&w->ctx->lock);
	rsg__free(w->ctx->status);
	w->ctx->status = NULL;
	w->ctx->nstatus = 0;
	pthread_mutex_unlock(&w->ctx->lock);
}

/* A failed attempt (ERROR: the last good data stays), or data withdrawn
 * (STALE). */
void
rsg__worker_status_fail(struct worker *w, unsigned idx,
    enum rsg_source_state state, const char *msg)
{
	struct rsg_source_status st;

	rsg__worker_status_get(w, idx, &st);
	st.last_attempt = rsg__wall_time();
	st.errors++;
	/* a failed read of withdrawn data does not bring it back */
	if (!(state == RSG_SRC_ERROR && st.state == RSG_SRC_STALE))
		st.state = (uint8_t)state;
	snprintf(st.last_error, sizeof(st.last_error), "%s", msg);
	rsg__worker_status_set(w, idx, &st);
	rsg__ctx_log(w->ctx, RSG_LOG_WARNING, "%s%s", msg,
	    state == RSG_SRC_ERROR ? " (last good data kept)" : "");
}

void
rsg__worker_note_source(struct worker *w, enum rsg_source kind)
{
	w->pend.sources |= 1u << kind;
}

/* ------------------------------------------------------------------ */
/* Publication                                                         */

static void on_publish(uv_timer_t *t);

void
rsg__worker_schedule(struct worker *w, unsigned delay_ms)
{
	uint64_t now = rsg__now_usec(), waited;

	if (w->stopping)
		return;
	if (w->first_pending == 0)
		w->first_pending = now;
	/* a quiet period after the last change, but not forever */
	waited = (now - w->first_pending) / 1000;
	if (waited >= PUBLISH_MAX_DELAY_MS)
		delay_ms = 0;
	else if (delay_ms > PUBLISH_MAX_DELAY_MS - waited)
		delay_ms = (unsigned)(PUBLISH_MAX_DELAY_MS - waited);
	uv_timer_start(&w->publish, on_publish, delay_ms, 0);
}

/* The union of every loaded source's ASPAs, SLURM applied. */
static int
aspa_union(struct worker *w, struct aspa_set *out)
{
	for (size_t i = 0; i < w->nsrc; i++) {
		const struct wsource *s = &w->src[i];

		if (!s->loaded || s->stale
		    || (s->kind != RSG_SOURCE_VRPS
			&& s->kind != RSG_SOURCE_ASPA))
			continue;
		for (size_t r = 0; r < s->aspas.rec.n; r++) {
			const struct aspa_rec *rec = &s->aspas.rec.v[r];

			if (rsg__aspa_set_add(out, rec->customer,
				s->aspas.prov.v + rec->off, rec->n)
			    != 0)
				return RSG_ENOMEM;
		}
	}
	for (size_t i = 0; i < w->nsrc; i++) {
		const struct wsource *s = &w->src[i];

		if (s->kind == RSG_SOURCE_SLURM && s->loaded
		    && rsg__slurm_apply(&s->slurm, NULL, out) != 0)
			return RSG_ENOMEM;
	}
	return 0;
}

/* Provider lists are sorted and unique: equal sets are equal arrays. */
static bool
same_providers(const struct aspa_table *x, const struct aspa_slot *s,
    const struct aspa_table *y, const struct aspa_slot *o)
{
	return s->n == o->n
	    && (s->n == 0
		|| memcmp(x->prov + s->off, y->prov + o->off,
		       s->n * sizeof(*x->prov))
		    == 0);
}

/* Customers whose provider set differs between two tables. */
static int
aspa_changes(
    struct worker *w, const struct aspa_table *a, const struct aspa_table *b)
{
	const struct aspa_table *t[2] = { a, b };

	for (unsigned k = 0; k < 2; k++) {
		const struct aspa_table *x = t[k], *y = t[1 - k];

		for (uint32_t h = 0; x->slot != NULL && h <= x->mask; h++) {
			const struct aspa_slot *s = &x->slot[h], *o;

			if (s->off == UINT32_MAX)
				continue;
			o = rsg__aspa_find(y, s->customer);
			/* customers in both tables are compared once */
			if (o != NULL && (k == 1 || same_providers(x, s, y, o)))
				continue;
			if (VEC_PUSH(&w->pend.asns, s->customer) != 0)
				return RSG_ENOMEM;
		}
	}
	return 0;
}

static bool
have_vrp_sources(const struct worker *w)
{
	return w->cfg->vrp_files.n > 0 || w->cfg->rtr.n > 0;
}

static void
do_publish(struct worker *w)
{
	struct snap_rov *rov = NULL;
	struct snap_aspa *aspa = NULL;
	struct snap_policy *pol = NULL;
	struct rsg_snapshot *s = NULL;
	uint64_t t0 = rsg__now_usec();
	int rc = 0;

	w->first_pending = 0;
	/* a delta larger than a quarter of the tables (a first RTR sync):
	 * building them anew is faster than updating */
	if (w->rov != NULL
	    && rsg__vrp_delta_count(&w->delta)
		> (w->rov->roa.t4.nrec + w->rov->roa.t6.nrec) / 4 + 4096)
		w->rov_full = true;
	if (w->rov_full || w->rov == NULL) {
		struct vrp_vec all = { 0 };

		rc = rsg__vrpmap_effective(&w->map, &all);
		if (rc == 0)
			rc = rsg__rov_part_new(
			    have_vrp_sources(w) ? &all : NULL, 0, &rov);
		rsg__vrp_vec_free(&all);
		w->pend.all = true;
	} else if (!rsg__vrp_delta_empty(&w->delta)) {
		const struct vrp_delta *d = &w->delta;

		rc = rsg__rov_part_update(w->rov, d->add4.v, d->add4.n,
		    d->del4.v, d->del4.n, d->add6.v, d->add6.n, d->del6.v,
		    d->del6.n, &rov);
		if (rc == 0)
			rc = rsg__changes_add_delta(&w->pend, d);
	}
	if (rc == 0 && (w->aspa_dirty || w->aspa == NULL)) {
		struct aspa_set u = { 0 };
		bool have = false;

		for (size_t i = 0; i < w->nsrc; i++)
			have |= w->src[i].kind == RSG_SOURCE_VRPS
			    || w->src[i].kind == RSG_SOURCE_ASPA;
		rc = aspa_union(w, &u);
		if (rc == 0)
			rc = rsg__aspa_part_new(have ? &u : NULL, &aspa);
		if (rc == 0 && w->aspa != NULL)
			rc = aspa_changes(w, &w->aspa->aspa, &aspa->aspa);
		rsg__aspa_set_free(&u);
	}
	if (rc == 0 && (w->policy_dirty || w->pol == NULL)) {
		struct policy_input in = { w->cfg, NULL, NULL, NULL };

		for (size_t i = 0; i < w->nsrc; i++) {
			const struct wsource *src = &w->src[i];

			if (!src->loaded)
				continue;
			if (src->kind == RSG_SOURCE_PEERINGDB)
				in.pdb = &src->pdb;
			else if (src->kind == RSG_SOURCE_BOGONS_V4)
				in.bogons4 = &src->pfx;
			else if (src->kind == RSG_SOURCE_BOGONS_V6)
				in.bogons6 = &src->pfx;
		}
		rc = rsg__policy_part_new(&in, &pol);
		w->pend.all = true;
	}
	if (rc != 0)
		goto out;
	if (rov == NULL && aspa == NULL && pol == NULL)
		goto out; /* nothing changed: keep the snapshot */
	rc = rsg__snapshot_assemble(
	    rov ? rov : w->rov, aspa ? aspa : w->aspa, pol ? pol : w->pol, &s);
	if (rc != 0)
		goto out;
	if (rov != NULL) {
		rov->buildtime = 0;
		for (size_t i = 0; i < w->nsrc; i++) {
			const struct wsource *src = &w->src[i];

			if (src->kind == RSG_SOURCE_VRPS && src->loaded
			    && !src->stale && src->buildtime != 0
			    && (rov->buildtime == 0
				|| src->buildtime < rov->buildtime))
				rov->buildtime = src->buildtime;
		}
		rsg__rov_part_unref(w->rov);
		w->rov = rov;
		rov = NULL;
	}
	if (aspa != NULL) {
		rsg__aspa_part_unref(w->aspa);
		w->aspa = aspa;
		aspa = NULL;
	}
	if (pol != NULL) {
		rsg__policy_part_unref(w->pol);
		w->pol = pol;
		pol = NULL;
	}
	s->build_usec = rsg__now_usec() - t0;
	rsg__ctx_publish(w->ctx, s, &w->pend);
	rsg__ctx_log(w->ctx, RSG_LOG_INFO,
	    "published generation %llu: %zu+%zu VRPs (%zu changes), %zu ASPA "
	    "customers, built in %llu us",
	    (unsigned long long)w->ctx->generation, w->rov->roa.t4.nrec,
	    w->rov->roa.t6.nrec, rsg__vrp_delta_count(&w->delta),
	    w->aspa->aspa.ncust, (unsigned long long)s->build_usec);
	rsg__vrp_delta_clear(&w->delta);
	rsg__changes_clear(&w->pend);
	w->aspa_dirty = w->policy_dirty = w->rov_full = false;
out:
	if (rc != 0) {
		/* keep everything pending and try again shortly */
		rsg__ctx_log(w->ctx, RSG_LOG_ERROR,
		    "building a snapshot failed: %s", rsg_strerror(rc));
		rsg__worker_schedule(w, PUBLISH_MAX_DELAY_MS);
	}
	rsg__rov_part_unref(rov);
	rsg__aspa_part_unref(aspa);
	rsg__policy_part_unref(pol);
}

static void
on_publish(uv_timer_t *t)
{
	do_publish(t->data);
}

/* ------------------------------------------------------------------ */
/* File sources                                                        */

/* Order-independent hash of a vector of records. */
static uint64_t
hash_bytes(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

static uint64_t
hash_vrps(const struct vrp_vec *v)
{
	uint64_t h = v->n;

	for (size_t i = 0; i < v->n; i++)
		h += hash_bytes(&v->v[i], sizeof(v->v[i]));
	return h;
}

static uint64_t
hash_aspas(const struct aspa_set *a)
{
	uint64_t h = a->rec.n * 31 + a->prov.n;

	for (size_t i = 0; i < a->rec.n; i++) {
		const struct aspa_rec *r = &a->rec.v[i];

		h += r->customer * 0x9e3779b97f4a7c15ULL
		    + hash_bytes(a->prov.v + r->off, r->n * sizeof(uint32_t));
	}
	return h;
}

static void
file_stat(struct wsource *s, bool *changed)
{
	struct stat st;

	if (stat(s->path, &st) != 0) {
		*changed = true; /* let the read report it */
		return;
	}
	*changed = st.st_ino != s->ino || st.st_size != s->size
	    || (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec
		!= s->mtime_ns;
	s->ino = st.st_ino;
	s->size = st.st_size;
	s->mtime_ns =
	    (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
}

static bool
shrunk(const struct worker *w, size_t before, size_t after)
{
	unsigned pct = w->cfg->max_shrink_pct;

	return pct < 100 && before > 0
	    && (uint64_t)after * 100 < (uint64_t)before * (100 - pct);
}

static void
source_ok(struct worker *w, struct wsource *s, bool changed, uint64_t vrps,
    uint64_t aspas, uint64_t records)
{
	struct rsg_source_status st;
	int64_t now = rsg__wall_time();

	rsg__worker_status_get(w, s->status, &st);
	st.state = RSG_SRC_OK;
	st.last_attempt = st.last_success = now;
	st.data_time = s->buildtime;
	st.vrps = vrps;
	st.aspas = aspas;
	st.records = records;
	st.last_error[0] = '\0';
	if (changed) {
		st.last_change = now;
		st.serial++;
	}
	rsg__worker_status_set(w, s->status, &st);
}

static void
load_rpki(struct worker *w, struct wsource *s)
{
	const struct rsg_config *cfg = w->cfg;
	struct rpki_opts o = rsg__ctx_rpki_opts(cfg);
	struct vrp_vec v = { 0 };
	struct aspa_set a = { 0 };
	struct rpki_meta m = { 0 };
	struct rsg_error err;
	bool vrps = s->kind == RSG_SOURCE_VRPS;
	size_t held;
	uint64_t h, ha;
	char msg[512];
	int rc;

	rc = rsg__rpki_load_file(s->path, vrps ? s->format : RPKI_FMT_JSON, &o,
	    vrps ? &v : NULL, &a, &m, &err);
	if (rc != 0) {
		rsg__worker_status_fail(
		    w, s->status, RSG_SRC_ERROR, err.message);
		goto out;
	}
	held = vrps ? w->map.count[s->bit] : 0;
	if (s->loaded && !s->stale
	    && (shrunk(w, held, v.n) || shrunk(w, s->aspas.rec.n, a.rec.n))) {
		snprintf(msg, sizeof(msg),
		    "%s: refused: it shrank from %zu to %zu VRPs and from %zu "
		    "to %zu ASPAs (max_shrink %u%%)",
		    s->path, held, v.n, s->aspas.rec.n, a.rec.n,
		    cfg->max_shrink_pct);
		rsg__worker_status_fail(w, s->status, RSG_SRC_ERROR, msg);
		goto out;
	}
	ha = hash_aspas(&a);
	h = hash_vrps(&v) ^ (ha * 31);
	s->buildtime = m.buildtime;
	if (s->loaded && !s->stale && h == s->hash) {
		source_ok(w, s, false, v.n, a.rec.n, 0);
		goto out;
	}
	if (vrps
	    && (rc = rsg__vrpmap_replace(&w->map, s->bit, v.v, v.n, &w->delta))
		!= 0) {
		/* the map stays consistent: what went in is in the delta */
		rsg__worker_status_fail(
		    w, s->status, RSG_SRC_ERROR, rsg_strerror(rc));
		rsg__worker_schedule(w, PUBLISH_QUIET_MS);
		goto out;
	}
	if (ha != s->aspa_hash || s->stale) {
		rsg__aspa_set_free(&s->aspas);
		s->aspas = a;
		s->aspa_hash = ha;
		memset(&a, 0, sizeof(a));
		w->aspa_dirty = true;
	}
	s->hash = h;
	s->loaded = true;
	s->stale = false;
	source_ok(w, s, true, v.n, s->aspas.rec.n, 0);
	rsg__worker_note_source(w, s->kind);
	rsg__worker_schedule(w, PUBLISH_QUIET_MS);
out:
	rsg__vrp_vec_free(&v);
	rsg__aspa_set_free(&a);
}

/* Every SLURM file's filters, for the VRP map. */
static int
slurm_merge(struct worker *w)
{
	w->slurm_all.filters.n = 0;
	for (size_t i = 0; i < w->nsrc; i++) {
		const struct wsource *s = &w->src[i];

		if (s->kind != RSG_SOURCE_SLURM || !s->loaded
		    || s->slurm.filters.n == 0)
			continue;
		if (VEC_RESERVE(&w->slurm_all.filters,
			w->slurm_all.filters.n + s->slurm.filters.n)
		    != 0)
			return RSG_ENOMEM;
		memcpy(w->slurm_all.filters.v + w->slurm_all.filters.n,
		    s->slurm.filters.v,
		    s->slurm.filters.n * sizeof(*s->slurm.filters.v));
		w->slurm_all.filters.n += s->slurm.filters.n;
	}
	return 0;
}

static uint64_t
hash_slurm(const struct slurm *s)
{
	return hash_bytes(s->filters.v, s->filters.n * sizeof(*s->filters.v))
	    ^ (hash_vrps(&s->assertions) * 3)
	    ^ (hash_bytes(s->aspa_filters.v,
		   s->aspa_filters.n * sizeof(*s->aspa_filters.v))
		* 5)
	    ^ (hash_aspas(&s->aspa_assertions) * 7);
}

static void
load_slurm(struct worker *w, struct wsource *s)
{
	struct slurm n = { 0 };
	struct rsg_error err;
	uint64_t h;
	int rc;

	rc = rsg__slurm_load_file(s->path, &n, &err);
	if (rc != 0) {
		rsg__worker_status_fail(
		    w, s->status, RSG_SRC_ERROR, err.message);
		rsg__slurm_free(&n);
		return;
	}
	h = hash_slurm(&n);
	if (s->loaded && h == s->hash) {
		source_ok(w, s, false, n.assertions.n, n.aspa_assertions.rec.n,
		    n.filters.n + n.aspa_filters.n);
		rsg__slurm_free(&n);
		return;
	}
	rsg__slurm_free(&s->slurm);
	s->slurm = n;
	s->hash = h;
	s->loaded = true;
	rc = slurm_merge(w);
	if (rc == 0)
		rc = rsg__vrpmap_refilter(&w->map, &w->slurm_all, &w->delta);
	if (rc == 0)
		rc = rsg__vrpmap_replace(&w->map, s->bit, s->slurm.assertions.v,
		    s->slurm.assertions.n, &w->delta);
	if (rc != 0)
		rsg__worker_status_fail(
		    w, s->status, RSG_SRC_ERROR, rsg_strerror(rc));
	else
		source_ok(w, s, true, s->slurm.assertions.n,
		    s->slurm.aspa_assertions.rec.n,
		    s->slurm.filters.n + s->slurm.aspa_filters.n);
	w->aspa_dirty = true;
	rsg__worker_note_source(w, s->kind);
	rsg__worker_schedule(w, PUBLISH_QUIET_MS);
}

static uint64_t
hash_pdb(const struct pdb_vec *p)
{
	uint64_t h = p->n;

	for (size_t i = 0; i < p->n; i++) {
		const struct pdb_net *n = &p->v[i];

		h = h * 31 + n->asn * 7 + n->info_prefixes4 * 11
		    + n->info_prefixes6 * 13 + n->never_via_rs
		    + (n->irr_as_set
			    ? hash_bytes(n->irr_as_set, strlen(n->irr_as_set))
			    : 0);
	}
	return h;
}

static uint64_t
hash_pfx(const struct pfx_vec *p)
{
	uint64_t h = p->n;

	for (size_t i = 0; i < p->n; i++)
		h = h * 31 + hash_bytes(&p->v[i].pfx, sizeof(p->v[i].pfx))
		    + (uint64_t)p->v[i].ge * 257 + p->v[i].le;
	return h;
}

static void
load_policy_file(struct worker *w, struct wsource *s)
{
	struct pdb_vec pdb = { 0 };
	struct pfx_vec pfx = { 0 };
	struct rsg_error err;
	size_t n, before;
	uint64_t h;
	char msg[512];
	int rc;

	if (s->kind == RSG_SOURCE_PEERINGDB) {
		rc = rsg__pdb_load_file(s->path, &pdb, &err);
		n = pdb.n;
		before = s->pdb.n;
		h = hash_pdb(&pdb);
	} else {
		rc = rsg__pfxfile_load(s->path,
		    s->kind == RSG_SOURCE_BOGONS_V4 ? RSG_AFI_IPV4
						    : RSG_AFI_IPV6,
		    &pfx, &err);
		n = pfx.n;
		before = s->pfx.n;
		h = hash_pfx(&pfx);
	}
	if (rc == 0 && n == 0)
		rc = rsg__err(
		    &err, RSG_EEMPTY, s->path, 0, 0, "no records: refused");
	if (rc == 0 && s->loaded && shrunk(w, before, n)) {
		snprintf(msg, sizeof(msg),
		    "%s: refused: it shrank from %zu to %zu records "
		    "(max_shrink %u%%)",
		    s->path, before, n, w->cfg->max_shrink_pct);
		rsg__err(&err, RSG_EEMPTY, NULL, 0, 0, "%s", msg);
		rc = RSG_EEMPTY;
	}
	if (rc != 0) {
		rsg__worker_status_fail(
		    w, s->status, RSG_SRC_ERROR, err.message);
	} else if (s->loaded && h == s->hash) {
		source_ok(w, s, false, 0, 0, n);
	} else {
		if (s->kind == RSG_SOURCE_PEERINGDB) {
			rsg__pdb_vec_free(&s->pdb);
			s->pdb = pdb;
			memset(&pdb, 0, sizeof(pdb));
		} else {
			rsg__pfx_vec_free(&s->pfx);
			s->pfx = pfx;
			memset(&pfx, 0, sizeof(pfx));
		}
		s->hash = h;
		s->loaded = true;
		source_ok(w, s, true, 0, 0, n);
		w->policy_dirty = true;
		rsg__worker_note_source(w, s->kind);
		rsg__worker_schedule(w, PUBLISH_QUIET_MS);
	}
	rsg__pdb_vec_free(&pdb);
	rsg__pfx_vec_free(&pfx);
}

static void
load_source(struct worker *w, struct wsource *s, bool force)
{
	bool changed;

	file_stat(s, &changed);
	if (!force && !changed && s->loaded)
		return;
	s->want = false;
	switch (s->kind) {
	case RSG_SOURCE_VRPS:
	case RSG_SOURCE_ASPA:
		load_rpki(w, s);
		break;
	case RSG_SOURCE_SLURM:
		load_slurm(w, s);
		break;
	case RSG_SOURCE_PEERINGDB:
	case RSG_SOURCE_BOGONS_V4:
	case RSG_SOURCE_BOGONS_V6:
		load_policy_file(w, s);
		break;
	default:
		break;
	}
}

static void
on_fsdelay(uv_timer_t *t)
{
	struct worker *w = t->data;

	for (size_t i = 0; i < w->nsrc; i++) {
		if (w->src[i].want)
			load_source(w, &w->src[i], false);
	}
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/* Handles outlive their owner until libuv's close callback. */
static void
free_handle(uv_handle_t *h)
{
	rsg__free(h);
}

static void
on_fs_event(uv_fs_event_t *ev, const char *name, int events, int status)
{
	struct wsource *s = ev->data;

	(void)events;
	if (status < 0
	    || (name != NULL && strcmp(name, base_name(s->path)) != 0))
		return;
	/* writers rename or write in several steps: let them finish */
	s->want = true;
	uv_timer_start(&s->w->fsdelay, on_fsdelay, FSDELAY_MS, 0);
}

/* Watch the directory: an atomic rename replaces the file's inode. */
static void
watch(struct worker *w, struct wsource *s)
{
	char dir[4096];
	const char *slash = strrchr(s->path, '/');

	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == s->path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(
		    dir, sizeof(dir), "%.*s", (int)(slash - s->path), s->path);
	s->ev = rsg__malloc(sizeof(*s->ev));
	if (s->ev == NULL || uv_fs_event_init(&w->loop, s->ev) != 0) {
		rsg__free(s->ev);
		s->ev = NULL;
		return;
	}
	s->ev->data = s;
	if (uv_fs_event_start(s->ev, on_fs_event, dir, 0) != 0) {
		uv_close((uv_handle_t *)s->ev, free_handle);
		s->ev = NULL;
	}
}

/* ------------------------------------------------------------------ */
/* Sources                                                             */

static int
add_source(struct worker *w, enum rsg_source kind, const char *path,
    enum rpki_format fmt, bool vrp_bit)
{
	struct wsource *nv, *s;

	if (vrp_bit && w->next_bit >= VRPMAP_MAX_SOURCES)
		return RSG_ERANGE;
	nv = rsg__reallocarray(w->src, w->nsrc + 1, sizeof(*nv));
	if (nv == NULL)
		return RSG_ENOMEM;
	w->src = nv;
	s = &w->src[w->nsrc];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->format = fmt;
	s->w = w;
	s->bit = vrp_bit ? w->next_bit++ : UINT32_MAX;
	if ((s->path = rsg__strdup(path)) == NULL)
		return RSG_ENOMEM;
	s->status = rsg__worker_status_add(w, kind, path);
	if (kind == RSG_SOURCE_SLURM)
		w->map.assert_mask |= (uint64_t)1 << s->bit;
	w->nsrc++;
	return 0;
}

static int
setup_sources(struct worker *w)
{
	const struct rsg_config *c = w->cfg;
	int rc = 0;

	for (size_t i = 0; i < c->vrp_files.n && rc == 0; i++)
		rc = add_source(w, RSG_SOURCE_VRPS, c->vrp_files.v[i].path,
		    c->vrp_files.v[i].format, true);
	for (size_t i = 0; i < c->aspa_files.n && rc == 0; i++)
		rc = add_source(w, RSG_SOURCE_ASPA, c->aspa_files.v[i],
		    RPKI_FMT_JSON, false);
	for (size_t i = 0; i < c->slurm_files.n && rc == 0; i++)
		rc = add_source(w, RSG_SOURCE_SLURM, c->slurm_files.v[i],
		    RPKI_FMT_JSON, true);
	if (rc == 0 && c->peeringdb_file != NULL)
		rc = add_source(w, RSG_SOURCE_PEERINGDB, c->peeringdb_file,
		    RPKI_FMT_JSON, false);
	if (rc == 0 && c->bogons_v4_file != NULL)
		rc = add_source(w, RSG_SOURCE_BOGONS_V4, c->bogons_v4_file,
		    RPKI_FMT_JSON, false);
	if (rc == 0 && c->bogons_v6_file != NULL)
		rc = add_source(w, RSG_SOURCE_BOGONS_V6, c->bogons_v6_file,
		    RPKI_FMT_JSON, false);
	return rc;
}

static void
source_free(struct wsource *s)
{
	rsg__free(s->path);
	rsg__aspa_set_free(&s->aspas);
	rsg__slurm_free(&s->slurm);
	rsg__pdb_vec_free(&s->pdb);
	rsg__pfx_vec_free(&s->pfx);
}

static void
sources_free(struct worker *w)
{
	for (size_t i = 0; i < w->nsrc; i++)
		source_free(&w->src[i]);
	rsg__free(w->src);
	w->src = NULL;
	w->nsrc = 0;
	w->next_bit = 0;
}

/* Load every source and start everything that runs in the loop. */
static int
sources_setup(struct worker *w)
{
	int rc;

	w->map.assert_mask = 0;
	rc = setup_sources(w);
	return rc != 0 ? rc : rsg__rtr_start(w);
}

/* Watch and read the files (RTR caches run in rtrlib's threads). */
static void
sources_load(struct worker *w)
{
	for (size_t i = 0; i < w->nsrc; i++) {
		watch(w, &w->src[i]);
		load_source(w, &w->src[i], true);
	}
	w->last_refresh = rsg__wall_time();
}

static int
sources_start(struct worker *w)
{
	int rc = sources_setup(w);

	sources_load(w);
	return rc;
}

static void
sources_stop(struct worker *w)
{
	rsg__rtr_stop(w);
	for (size_t i = 0; i < w->nsrc; i++) {
		if (w->src[i].ev != NULL) {
			uv_fs_event_stop(w->src[i].ev);
			uv_close((uv_handle_t *)w->src[i].ev, free_handle);
			w->src[i].ev = NULL;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Timers, commands                                                    */

static void
check_ages(struct worker *w, int64_t now)
{
	int64_t max_age = w->cfg->rpki_max_age;
	char msg[512];

	if (max_age <= 0)
		return;
	for (size_t i = 0; i < w->nsrc; i++) {
		struct wsource *s = &w->src[i];
		char when[32];
		time_t bt;
		struct tm tm;

		if ((s->kind != RSG_SOURCE_VRPS && s->kind != RSG_SOURCE_ASPA)
		    || !s->loaded || s->stale || s->buildtime == 0
		    || now - s->buildtime <= max_age)
			continue;
		bt = (time_t)s->buildtime;
		gmtime_r(&bt, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		snprintf(msg, sizeof(msg),
		    "%s: withdrawn: built %s, older than the limit of %lld s",
		    s->path, when, (long long)max_age);
		s->stale = true;
		if (s->kind == RSG_SOURCE_VRPS)
			rsg__vrpmap_drop(&w->map, s->bit, &w->delta);
		w->aspa_dirty = true;
		rsg__worker_status_fail(w, s->status, RSG_SRC_STALE, msg);
		rsg__worker_note_source(w, s->kind);
		rsg__worker_schedule(w, PUBLISH_QUIET_MS);
	}
}

static void
on_tick(uv_timer_t *t)
{
	struct worker *w = t->data;
	int64_t now = rsg__wall_time();

	check_ages(w, now);
	rsg__rtr_tick(w, now);
	if (w->cfg->file_refresh > 0
	    && now - w->last_refresh >= (int64_t)w->cfg->file_refresh) {
		w->last_refresh = now;
		for (size_t i = 0; i < w->nsrc; i++)
			load_source(w, &w->src[i], false);
	}
}

static void
close_all(struct worker *w)
{
	uv_close((uv_handle_t *)&w->cmd_async, NULL);
	uv_close((uv_handle_t *)&w->rtr_async, NULL);
	uv_close((uv_handle_t *)&w->tick, NULL);
	uv_close((uv_handle_t *)&w->publish, NULL);
	uv_close((uv_handle_t *)&w->fsdelay, NULL);
}

/* Two optional strings are equal. */
static bool
str_same(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool
strs_same(const struct str_vec *a, const struct str_vec *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		if (!str_same(a->v[i], b->v[i]))
			return false;
	}
	return true;
}

/* Source definitions equal: a reload can keep the sources running. */
static bool
same_sources(const struct rsg_config *a, const struct rsg_config *b)
{
	if (a->vrp_files.n != b->vrp_files.n || a->rtr.n != b->rtr.n
	    || a->rtr_refresh != b->rtr_refresh || a->rtr_retry != b->rtr_retry
	    || a->rtr_expire != b->rtr_expire
	    || a->rtr_cache_timers != b->rtr_cache_timers
	    || a->rpki_max_age != b->rpki_max_age
	    || a->rpki_check_expires != b->rpki_check_expires
	    || !strs_same(&a->aspa_files, &b->aspa_files)
	    || !strs_same(&a->slurm_files, &b->slurm_files)
	    || !strs_same(&a->allowed_tas, &b->allowed_tas)
	    || !str_same(a->peeringdb_file, b->peeringdb_file)
	    || !str_same(a->bogons_v4_file, b->bogons_v4_file)
	    || !str_same(a->bogons_v6_file, b->bogons_v6_file))
		return false;
	for (size_t i = 0; i < a->vrp_files.n; i++) {
		if (!str_same(a->vrp_files.v[i].path, b->vrp_files.v[i].path)
		    || a->vrp_files.v[i].format != b->vrp_files.v[i].format)
			return false;
	}
	for (size_t i = 0; i < a->rtr.n; i++) {
		const struct cfg_rtr *x = &a->rtr.v[i], *y = &b->rtr.v[i];

		if (!str_same(x->host, y->host) || !str_same(x->port, y->port)
		    || !str_same(x->bind, y->bind)
		    || !str_same(x->ssh_user, y->ssh_user)
		    || !str_same(x->ssh_key, y->ssh_key)
		    || !str_same(x->ssh_known_hosts, y->ssh_known_hosts)
		    || !str_same(x->ssh_password, y->ssh_password)
		    || x->preference != y->preference
		    || x->transport != y->transport)
			return false;
	}
	return true;
}

#define VEC_SAME(a, b)                                                         \
	((a)->n == (b)->n                                                      \
	    && ((a)->n == 0                                                    \
		|| memcmp((a)->v, (b)->v, (a)->n * sizeof(*(a)->v)) == 0))

static bool
pfx_entries_same(const struct pfx_vec *a, const struct pfx_vec *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		if (memcmp(&a->v[i].pfx, &b->v[i].pfx, sizeof(a->v[i].pfx)) != 0
		    || a->v[i].ge != b->v[i].ge || a->v[i].le != b->v[i].le)
			return false;
	}
	return true;
}

/* Everything a client's checks depend on is equal. */
static bool
client_same(const struct cfg_client *c, const struct cfg_client *d)
{
	return c->asn == d->asn && VEC_SAME(&c->ips, &d->ips)
	    && VEC_SAME(&c->nh_authorized, &d->nh_authorized)
	    && pfx_entries_same(&c->blacklist, &d->blacklist)
	    && strs_same(&c->as_sets, &d->as_sets)
	    && c->own_transit_free == d->own_transit_free
	    && VEC_SAME(&c->transit_free, &d->transit_free)
	    && memcmp(&c->k, &d->k, sizeof(c->k)) == 0;
}

/* Clients whose settings differ (or that came or went). */
static int
client_changes(
    struct worker *w, const struct rsg_config *a, const struct rsg_config *b)
{
	const struct rsg_config *cfg[2] = { a, b };

	for (unsigned k = 0; k < 2; k++) {
		const struct rsg_config *x = cfg[k], *y = cfg[1 - k];

		for (size_t i = 0; i < x->clients.n; i++) {
			const struct cfg_client *c = &x->clients.v[i];
			bool same = false;

			for (size_t j = 0; j < y->clients.n && !same; j++)
				same = client_same(c, &y->clients.v[j]);
			if (same)
				continue;
			for (size_t n = 0; n < c->ips.n; n++) {
				if (VEC_PUSH(&w->pend.clients, c->ips.v[n])
				    != 0)
					return RSG_ENOMEM;
			}
		}
	}
	return 0;
}

static void
reload_config(struct worker *w)
{
	struct rsg_config *n = NULL;
	unsigned idx = UINT32_MAX;
	char msg[512];
	int rc;

	for (size_t i = 0; i < w->ctx->nstatus; i++) {
		struct rsg_source_status st;

		rsg__worker_status_get(w, (unsigned)i, &st);
		if (st.kind == RSG_SOURCE_CONFIG)
			idx = (unsigned)i;
	}
	if (w->cfg->src_name == NULL || w->cfg->base_dir == NULL) {
		rsg__worker_status_fail(w, idx, RSG_SRC_ERROR,
		    "the configuration was not read from a file: nothing to "
		    "reload");
		return;
	}
	rc = rsg_config_new(&n);
	if (rc == 0) {
		n->log_cb = w->cfg->log_cb;
		n->log_arg = w->cfg->log_arg;
		n->as_of = w->cfg->as_of;
		rc = rsg__config_copy_overrides(n, w->cfg);
	}
	if (rc == 0)
		rc = rsg_config_load_file(n, w->cfg->src_name);
	if (rc != 0) {
		snprintf(msg, sizeof(msg), "%s",
		    n != NULL && rsg_config_error_count(n) > 0
			? rsg_config_error(n, 0)
			: rsg_strerror(rc));
		rsg__worker_status_fail(w, idx, RSG_SRC_ERROR, msg);
		rsg_config_free(n);
		return;
	}
	if (client_changes(w, w->cfg, n) != 0)
		w->pend.all = true;
	if (!same_sources(w->cfg, n)) {
		/* sources changed: start them over (RTR resyncs) */
		sources_stop(w);
		rsg__vrpmap_free(&w->map);
		rsg__vrpmap_init(&w->map);
		rsg__vrp_delta_clear(&w->delta);
		sources_free(w);
		status_clear(w);
		rsg_config_free(w->cfg);
		w->cfg = n;
		idx = rsg__worker_status_add(w, RSG_SOURCE_CONFIG, n->src_name);
		w->rov_full = w->aspa_dirty = true;
		if ((rc = sources_start(w)) != 0)
			rsg__worker_status_fail(
			    w, idx, RSG_SRC_ERROR, rsg_strerror(rc));
	} else {
		rsg_config_free(w->cfg);
		w->cfg = n;
	}
	{
		struct rsg_source_status st;

		rsg__worker_status_get(w, idx, &st);
		st.state = RSG_SRC_OK;
		st.last_attempt = st.last_success = st.last_change =
		    rsg__wall_time();
		st.serial++;
		st.records = n->clients.n;
		st.last_error[0] = '\0';
		rsg__worker_status_set(w, idx, &st);
	}
	w->policy_dirty = true;
	rsg__worker_note_source(w, RSG_SOURCE_CONFIG);
	rsg__worker_schedule(w, PUBLISH_QUIET_MS);
}

static void
on_command(uv_async_t *a)
{
	struct worker *w = a->data;
	unsigned cmds;

	pthread_mutex_lock(&w->qlock);
	cmds = w->cmds;
	w->cmds = 0;
	pthread_mutex_unlock(&w->qlock);
	if (cmds & WCMD_STOP) {
		w->stopping = true;
		sources_stop(w);
		close_all(w);
		return;
	}
	if (cmds & WCMD_RELOAD)
		reload_config(w);
	if (cmds & WCMD_REFRESH) {
		for (size_t i = 0; i < w->nsrc; i++)
			load_source(w, &w->src[i], true);
	}
}

static void
on_rtr(uv_async_t *a)
{
	rsg__rtr_drain(a->data);
}

/* ------------------------------------------------------------------ */
/* Thread                                                              */

static void
handshake(struct worker *w, int rc)
{
	pthread_mutex_lock(&w->qlock);
	w->init_rc = rc;
	pthread_cond_broadcast(&w->qcond);
	pthread_mutex_unlock(&w->qlock);
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	unsigned idx;
	int rc;

	/* "top -H" and gdb show it; rtrlib's threads inherit the name */
	pthread_setname_np(pthread_self(), "rsg-worker");
	if (uv_loop_init(&w->loop) != 0) {
		handshake(w, RSG_EIO);
		return NULL;
	}
	uv_async_init(&w->loop, &w->cmd_async, on_command);
	uv_async_init(&w->loop, &w->rtr_async, on_rtr);
	uv_timer_init(&w->loop, &w->tick);
	uv_timer_init(&w->loop, &w->publish);
	uv_timer_init(&w->loop, &w->fsdelay);
	w->cmd_async.data = w->rtr_async.data = w;
	w->tick.data = w->publish.data = w->fsdelay.data = w;

	status_clear(w);
	idx = rsg__worker_status_add(w, RSG_SOURCE_CONFIG,
	    w->cfg->src_name != NULL ? w->cfg->src_name : "(configuration)");
	{
		struct rsg_source_status st;

		rsg__worker_status_get(w, idx, &st);
		st.state = RSG_SRC_OK;
		st.last_attempt = st.last_success = rsg__wall_time();
		st.records = w->cfg->clients.n;
		rsg__worker_status_set(w, idx, &st);
	}
	w->rov_full = w->aspa_dirty = w->policy_dirty = true;
	rc = sources_setup(w);
	if (rc != 0)
		rsg__worker_status_fail(
		    w, idx, RSG_SRC_ERROR, rsg_strerror(rc));
	/* rsg_ctx_start() returns once every source has a status entry */
	handshake(w, 1);
	sources_load(w);
	/* the first publication now, not after a quiet period */
	do_publish(w);
	uv_timer_start(&w->tick, on_tick, TICK_MS, TICK_MS);
	uv_run(&w->loop, UV_RUN_DEFAULT);
	uv_loop_close(&w->loop);
	return NULL;
}

int
rsg__worker_start(struct rsg_ctx *ctx)
{
	struct worker *w;
	sigset_t all, old;
	int rc;

	w = rsg__calloc(1, sizeof(*w));
	if (w == NULL)
		return RSG_ENOMEM;
	w->ctx = ctx;
	rsg__vrpmap_init(&w->map);
	if (pthread_mutex_init(&w->qlock, NULL) != 0) {
		rsg__free(w);
		return RSG_ENOMEM;
	}
	pthread_cond_init(&w->qcond, NULL);
	rc = rsg_config_new(&w->cfg);
	if (rc == 0)
		rc = rsg__config_copy(w->cfg, &ctx->cfg);
	if (rc != 0)
		goto fail;
	/* the worker and every thread it starts (rtrlib) block all signals:
	 * a signal the host handles must not interrupt their system calls */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(&w->thread, NULL, worker_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		rc = RSG_EIO;
		goto fail;
	}
	pthread_mutex_lock(&w->qlock);
	while (w->init_rc == 0)
		pthread_cond_wait(&w->qcond, &w->qlock);
	rc = w->init_rc;
	pthread_mutex_unlock(&w->qlock);
	if (rc < 0) {
		pthread_join(w->thread, NULL);
		goto fail;
	}
	ctx->w = w;
	return 0;
fail:
	rsg_config_free(w->cfg);
	pthread_cond_destroy(&w->qcond);
	pthread_mutex_destroy(&w->qlock);
	rsg__free(w);
	return rc;
}

int
rsg__worker_command(struct rsg_ctx *ctx, unsigned cmd)
{
	struct worker *w = ctx->w;

	if (w == NULL)
		return RSG_EINVAL;
	pthread_mutex_lock(&w->qlock);
	w->cmds |= cmd;
	pthread_mutex_unlock(&w->qlock);
	uv_async_send(&w->cmd_async);
	return 0;
}

void
rsg__worker_stop(struct rsg_ctx *ctx)
{
	struct worker *w = ctx->w;

	rsg__worker_command(ctx, WCMD_STOP);
	pthread_join(w->thread, NULL);
	ctx->w = NULL;
	sources_free(w);
	rsg__vrpmap_free(&w->map);
	rsg__vrp_delta_free(&w->delta);
	VEC_FREE(&w->slurm_all.filters);
	rsg__changes_free(&w->pend);
	rsg__rov_part_unref(w->rov);
	rsg__aspa_part_unref(w->aspa);
	rsg__policy_part_unref(w->pol);
	rsg_config_free(w->cfg);
	pthread_cond_destroy(&w->qcond);
	pthread_mutex_destroy(&w->qlock);
	rsg__free(w);
}
