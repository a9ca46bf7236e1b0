/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * File sources of the worker: watched on disk, read on the parse lane,
 * then handed to the tables on the loop.
 *
 * A read is a job with everything it needs copied in, so a reload or a
 * stop meanwhile changes nothing under it: it reads and parses the file
 * and sorts its VRPs into a set, all off the loop. Back on the loop, a
 * failed read leaves the source's last good data in service and says
 * why in its status; a read that is implausible (empty, or shrunk by
 * more than max_shrink) is refused the same way; an identical one
 * changes nothing.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "ctx.h"
#include "filesrc.h"
#include "irr.h"
#include "pfxfile.h"
#include "util.h"

struct parse_job {
	struct job job; /* first */
	struct wsource *s;
	/* input */
	enum rsg_source kind;
	char *path;
	enum rpki_format format;
	struct rpki_opts opts;
	char **tas;
	/* result */
	int rc;
	struct rsg_error err;
	struct parsed p;
};

/* ------------------------------------------------------------------ */
/* The read, on the parse lane                                         */

static uint64_t
hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

#define HASH_SEED 0xcbf29ce484222325ULL

static uint64_t
hash_aspas(const struct aspa_set *a)
{
	uint64_t h = a->rec.n * 31 + a->prov.n;

	for (size_t i = 0; i < a->rec.n; i++) {
		const struct aspa_rec *r = &a->rec.v[i];

		h += r->customer * 0x9e3779b97f4a7c15ULL
		    + hash_bytes(
			HASH_SEED, a->prov.v + r->off, r->n * sizeof(uint32_t));
	}
	return h;
}

/* A set is sorted: its arrays hash as they are. */
static uint64_t
hash_set(const struct vrpset *s)
{
	uint64_t h = hash_bytes(
	    HASH_SEED, s->f[VRP_F4].v, s->f[VRP_F4].n * sizeof(struct vrp4));

	return hash_bytes(
	    h, s->f[VRP_F6].v, s->f[VRP_F6].n * sizeof(struct vrp6));
}

static uint64_t
hash_pdb(const struct pdb_vec *p)
{
	uint64_t h = p->n;

	for (size_t i = 0; i < p->n; i++) {
		const struct pdb_net *n = &p->v[i];

		h = h * 31 + n->asn * 7 + n->info_prefixes4 * 11
		    + n->info_prefixes6 * 13 + n->never_via_rs
		    + (n->irr_as_set ? hash_bytes(
			   HASH_SEED, n->irr_as_set, strlen(n->irr_as_set))
				     : 0);
	}
	return h;
}

static uint64_t
hash_pfx(const struct pfx_vec *p)
{
	uint64_t h = p->n;

	for (size_t i = 0; i < p->n; i++)
		h = h * 31
		    + hash_bytes(HASH_SEED, &p->v[i].pfx, sizeof(p->v[i].pfx))
		    + (uint64_t)p->v[i].ge * 257 + p->v[i].le;
	return h;
}

static uint64_t
hash_slurm(const struct slurm *s)
{
	return hash_bytes(HASH_SEED, s->filters.v,
		   s->filters.n * sizeof(*s->filters.v))
	    ^ (hash_bytes(HASH_SEED, s->assertions.v,
		   s->assertions.n * sizeof(*s->assertions.v))
		* 3)
	    ^ (hash_bytes(HASH_SEED, s->aspa_filters.v,
		   s->aspa_filters.n * sizeof(*s->aspa_filters.v))
		* 5)
	    ^ (hash_aspas(&s->aspa_assertions) * 7);
}

static int
read_rpki(const char *path, enum rpki_format fmt, const struct rpki_opts *opts,
    struct parsed *p, struct rsg_error *err)
{
	struct vrp_vec v = { 0 };
	bool vrps = p->kind == RSG_SOURCE_VRPS;
	int rc;

	p->aspas = rsg__calloc(1, sizeof(*p->aspas));
	if (p->aspas == NULL)
		return RSG_ENOMEM;
	rc = rsg__rpki_load_file(path, vrps ? fmt : RPKI_FMT_JSON, opts,
	    vrps ? &v : NULL, p->aspas, &p->meta, err);
	if (rc == 0)
		rc = rsg__vrpset_new(v.v, v.n, &p->vrps);
	rsg__vrp_vec_free(&v);
	if (rc != 0)
		return rc;
	p->count = rsg__vrpset_count(p->vrps);
	p->naspas = p->aspas->rec.n;
	p->hash = hash_set(p->vrps) ^ (hash_aspas(p->aspas) * 31);
	return 0;
}

int
rsg__parse_file(enum rsg_source kind, const char *path, enum rpki_format fmt,
    const struct rpki_opts *opts, struct parsed *p, struct rsg_error *err)
{
	int rc;

	memset(p, 0, sizeof(*p));
	p->kind = kind;
	switch (kind) {
	case RSG_SOURCE_VRPS:
	case RSG_SOURCE_ASPA:
		rc = read_rpki(path, fmt, opts, p, err);
		break;
	case RSG_SOURCE_SLURM:
		if ((p->slurm = rsg__calloc(1, sizeof(*p->slurm))) == NULL) {
			rc = RSG_ENOMEM;
			break;
		}
		rc = rsg__slurm_load_file(path, p->slurm, err);
		if (rc == 0) {
			p->hash = hash_slurm(p->slurm);
			p->count = p->slurm->assertions.n;
			p->naspas = p->slurm->aspa_assertions.rec.n;
			p->records =
			    p->slurm->filters.n + p->slurm->aspa_filters.n;
		}
		break;
	case RSG_SOURCE_IRR: {
		struct rpsl_stats st;

		if ((p->irr = rsg__calloc(1, sizeof(*p->irr))) == NULL) {
			rc = RSG_ENOMEM;
			break;
		}
		rsg__irr_db_init(p->irr);
		rc = rsg__irr_db_add_rpsl_file(p->irr, path, NULL, &st, err);
		if (rc == 0) {
			rsg__irr_db_finish(p->irr);
			p->records = rsg__irr_db_records(p->irr);
			p->count = p->irr->routes.n;
			p->hash = rsg__irr_db_hash(p->irr);
			if (p->records == 0)
				rc = rsg__err(err, RSG_EEMPTY, path, 0, 0,
				    "no route, route6, as-set or route-set "
				    "object: refused");
		}
		break;
	}
	case RSG_SOURCE_BGPQ4:
		if ((p->irr = rsg__calloc(1, sizeof(*p->irr))) == NULL) {
			rc = RSG_ENOMEM;
			break;
		}
		rsg__irr_db_init(p->irr);
		rc = rsg__irr_db_add_bgpq4_file(p->irr, path, err);
		if (rc == 0) {
			rsg__irr_db_finish(p->irr);
			p->records = rsg__irr_db_records(p->irr);
			p->count = p->irr->lists.n;
			p->hash = rsg__irr_db_hash(p->irr);
			if (p->irr->lists.n == 0)
				rc = rsg__err(err, RSG_EEMPTY, path, 0, 0,
				    "no bgpq4 list: refused");
		}
		break;
	case RSG_SOURCE_ARIN_WHOIS:
		if ((p->irr = rsg__calloc(1, sizeof(*p->irr))) == NULL) {
			rc = RSG_ENOMEM;
			break;
		}
		rsg__irr_db_init(p->irr);
		rc = rsg__irr_db_add_arin_file(p->irr, path, err);
		if (rc == 0) {
			rsg__irr_db_finish(p->irr);
			p->records = p->irr->routes.n;
			p->hash = rsg__irr_db_hash(p->irr);
		}
		break;
	case RSG_SOURCE_PEERINGDB:
		if ((p->pdb = rsg__calloc(1, sizeof(*p->pdb))) == NULL) {
			rc = RSG_ENOMEM;
			break;
		}
		rc = rsg__pdb_load_file(path, p->pdb, err);
		p->records = p->pdb->n;
		p->hash = hash_pdb(p->pdb);
		break;
	default:
		if ((p->pfx = rsg__calloc(1, sizeof(*p->pfx))) == NULL) {
			rc = RSG_ENOMEM;
			break;
		}
		rc = rsg__pfxfile_load(path,
		    kind == RSG_SOURCE_BOGONS_V4 ? RSG_AFI_IPV4 : RSG_AFI_IPV6,
		    p->pfx, err);
		p->records = p->pfx->n;
		p->hash = hash_pfx(p->pfx);
		break;
	}
	if (rc == 0 && is_policy_input(kind) && p->records == 0)
		rc = rsg__err(
		    err, RSG_EEMPTY, path, 0, 0, "no records: refused");
	if (rc != 0 && err->message[0] == '\0')
		rsg__err(err, rc, path, 0, 0, "%s", rsg_strerror(rc));
	if (rc != 0)
		rsg__parsed_free(p);
	return rc;
}

static void
parse_work(struct job *job)
{
	struct parse_job *j = (struct parse_job *)job;

	j->rc = rsg__parse_file(
	    j->kind, j->path, j->format, &j->opts, &j->p, &j->err);
}

/* ------------------------------------------------------------------ */
/* Back on the loop                                                    */

static void
job_free(struct parse_job *j)
{
	rsg__parsed_free(&j->p);
	for (size_t i = 0; i < j->opts.ntas; i++)
		rsg__free(j->tas[i]);
	rsg__free(j->tas);
	rsg__free(j->path);
	rsg__free(j);
}

static bool
shrunk(const struct worker *w, size_t before, size_t after)
{
	unsigned pct = w->cfg->max_shrink_pct;

	return pct < 100 && before > 0
	    && (uint64_t)after * 100 < (uint64_t)before * (100 - pct);
}

static void
source_ok(struct wsource *s, bool changed, const struct parsed *p)
{
	struct rsg_source_status *st = &s->st;
	int64_t now = rsg__wall_time();

	st->state = RSG_SRC_OK;
	st->last_attempt = st->last_success = now;
	st->data_time = s->buildtime;
	st->vrps = p->count;
	st->aspas = p->naspas;
	st->records = p->records;
	st->last_error[0] = '\0';
	if (changed) {
		st->last_change = now;
		st->serial++;
	}
}

/* Hand the data to the tables (taken, also on failure). 0, or RSG_ENOMEM
 * if it could not be queued. */
static int
hand_over(struct worker *w, struct wsource *s, struct parse_job *j)
{
	struct parsed *p = rsg__calloc(1, sizeof(*p));

	if (p != NULL)
		*p = j->p;
	else
		rsg__parsed_free(&j->p);
	memset(&j->p, 0, sizeof(j->p));
	return p != NULL ? rsg__worker_op_data(w, OP_FILE, s, p) : RSG_ENOMEM;
}

static void load(struct worker *w, struct wsource *s, bool force);

static void
parse_done(struct job *job, bool cancelled)
{
	struct parse_job *j = (struct parse_job *)job;
	struct wsource *s = j->s;
	struct worker *w = s->w;
	char msg[512];

	s->jobs--;
	if (cancelled || s->dead || w->stopping) {
		job_free(j);
		rsg__sources_reap(w);
		return;
	}
	if (j->p.meta.buildtime != 0)
		s->buildtime = j->p.meta.buildtime;
	if (j->rc != 0) {
		rsg__worker_fail(w, &s->st, RSG_SRC_ERROR, j->err.message);
	} else if (s->loaded && !s->stale
	    && (shrunk(w, s->st.vrps, j->p.count)
		|| shrunk(w, s->st.aspas, j->p.naspas)
		|| (is_policy_input(s->kind)
		    && shrunk(w, s->st.records, j->p.records)))) {
		snprintf(msg, sizeof(msg),
		    "%s: refused: it shrank from %zu to %zu records and from "
		    "%llu to %zu ASPAs (max_shrink %u%%)",
		    s->path,
		    is_policy_input(s->kind) ? (size_t)s->st.records
					     : (size_t)s->st.vrps,
		    is_policy_input(s->kind) ? j->p.records : j->p.count,
		    (unsigned long long)s->st.aspas, j->p.naspas,
		    w->cfg->max_shrink_pct);
		rsg__worker_fail(w, &s->st, RSG_SRC_ERROR, msg);
	} else if (s->loaded && !s->stale && j->p.hash == s->hash) {
		source_ok(s, false, &j->p);
	} else {
		struct parsed read = j->p; /* its counts, once handed over */

		/* the IRRd source needs its clients' AS-SETs (peering_db) */
		if (s->kind == RSG_SOURCE_PEERINGDB)
			rsg__whoissrc_pdb(w, j->p.pdb);
		if (hand_over(w, s, j) != 0) {
			/* not in the tables: not loaded, read again soon */
			s->hash = 0;
			snprintf(msg, sizeof(msg),
			    "%s: out of memory handing its data to the tables",
			    s->path);
			rsg__worker_fail(w, &s->st, RSG_SRC_ERROR, msg);
		} else {
			s->hash = read.hash;
			s->stale = false;
			source_ok(s, true, &read);
			rsg__worker_note(w, s->kind);
			rsg__sources_loaded(w, s);
			rsg__worker_schedule(w, PUBLISH_QUIET_MS);
		}
	}
	job_free(j);
	rsg__worker_status_sync(w);
	if (w->initial)
		rsg__worker_schedule(w, 0);
	if (s->again) {
		s->again = false;
		load(w, s, true);
	}
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */

static void
file_stat(struct wsource *s, bool *changed)
{
	struct stat st;
	int64_t mtime;

	if (stat(s->path, &st) != 0) {
		*changed = true; /* let the read report it */
		return;
	}
	mtime = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	*changed = st.st_ino != s->ino || st.st_size != s->size
	    || mtime != s->mtime_ns;
	s->ino = st.st_ino;
	s->size = st.st_size;
	s->mtime_ns = mtime;
}

static int
job_new(struct worker *w, struct wsource *s, struct parse_job **out)
{
	const struct rsg_config *cfg = w->cfg;
	struct parse_job *j = rsg__calloc(1, sizeof(*j));

	*out = NULL;
	if (j == NULL)
		return RSG_ENOMEM;
	j->job.work = parse_work;
	j->job.done = parse_done;
	j->s = s;
	j->kind = s->kind;
	j->format = s->format;
	j->opts = rsg__ctx_rpki_opts(cfg);
	j->path = rsg__strdup(s->path);
	/* the trust anchors are the configuration's: copy them */
	j->tas = rsg__calloc(cfg->allowed_tas.n, sizeof(*j->tas));
	if (j->path == NULL || j->tas == NULL) {
		j->opts.ntas = 0;
		job_free(j);
		return RSG_ENOMEM;
	}
	for (size_t i = 0; i < cfg->allowed_tas.n; i++) {
		if ((j->tas[i] = rsg__strdup(cfg->allowed_tas.v[i])) == NULL) {
			j->opts.ntas = i;
			job_free(j);
			return RSG_ENOMEM;
		}
	}
	j->opts.tas = j->opts.ntas ? (const char *const *)j->tas : NULL;
	*out = j;
	return 0;
}

static void
load(struct worker *w, struct wsource *s, bool force)
{
	struct parse_job *j;
	bool changed;
	int rc;

	if (s->path == NULL || s->dead)
		return;
	file_stat(s, &changed);
	if (!force && !changed && s->loaded)
		return;
	s->want = false;
	if (s->jobs > 0) {
		/* one read at a time; this one when it is back */
		s->again = true;
		return;
	}
	if ((rc = job_new(w, s, &j)) != 0) {
		rsg__worker_fail(w, &s->st, RSG_SRC_ERROR, rsg_strerror(rc));
		rsg__worker_status_sync(w);
		return;
	}
	s->jobs++;
	s->st.last_attempt = rsg__wall_time();
	rsg__lane_submit(&w->parse, &j->job);
}

void
rsg__filesrc_load(struct worker *w, struct wsource *s, bool force)
{
	load(w, s, force);
}

/* ------------------------------------------------------------------ */
/* Watching                                                            */

/* Read every source whose file changed (after the debounce). */
static void
filesrc_wanted(struct worker *w)
{
	for (size_t i = 0; i < w->nsrc; i++) {
		if (w->src[i]->want)
			load(w, w->src[i], false);
	}
}

static void
on_fsdelay(uv_timer_t *t)
{
	filesrc_wanted(t->data);
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
	int rc;

	(void)events;
	if (status < 0 || s->dead
	    || (name != NULL && strcmp(name, rsg__path_base(s->path)) != 0))
		return;
	/* writers rename or write in several steps: let them finish */
	s->want = true;
	rc = uv_timer_start(&s->w->fsdelay, on_fsdelay, FSDELAY_MS, 0);
	if (rc != 0)
		rsg__ctx_log(s->w->ctx, RSG_LOG_ERROR,
		    "worker: uv_timer_start: %s", uv_strerror(rc));
}

/* Watch the directory: an atomic rename replaces the file's inode. A
 * file that cannot be watched is read every sources.refresh seconds. */
void
rsg__filesrc_watch(struct worker *w, struct wsource *s)
{
	char dir[4096];
	int rc;

	if (s->ev != NULL)
		return;
	rsg__path_dir(s->path, dir, sizeof(dir));
	if ((s->ev = rsg__malloc(sizeof(*s->ev))) == NULL)
		return;
	if ((rc = uv_fs_event_init(&w->loop, s->ev)) != 0) {
		rsg__free(s->ev);
		s->ev = NULL;
		rsg__ctx_log(w->ctx, RSG_LOG_WARNING,
		    "%s: not watched (uv_fs_event_init: %s): read every %u s",
		    s->path, uv_strerror(rc), w->cfg->file_refresh);
		return;
	}
	s->ev->data = s;
	if ((rc = uv_fs_event_start(s->ev, on_fs_event, dir, 0)) != 0) {
		uv_close((uv_handle_t *)s->ev, free_handle);
		s->ev = NULL;
		rsg__ctx_log(w->ctx, RSG_LOG_WARNING,
		    "%s: not watched (uv_fs_event_start: %s): read every %u s",
		    s->path, uv_strerror(rc), w->cfg->file_refresh);
	}
}

void
rsg__filesrc_unwatch(struct wsource *s)
{
	if (s->ev != NULL) {
		uv_fs_event_stop(s->ev);
		uv_close((uv_handle_t *)s->ev, free_handle);
		s->ev = NULL;
	}
}
