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
#include "pfxfile.h"
#include "util.h"

#define FSDELAY_MS 100

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
	struct rpki_meta meta;
	struct vrpset *vrps;
	struct aspa_set *aspas;
	struct slurm *slurm;
	struct pdb_vec *pdb;
	struct pfx_vec *pfx;
	uint64_t hash;
	size_t count, naspas, records;
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
read_rpki(struct parse_job *j)
{
	struct vrp_vec v = { 0 };
	bool vrps = j->kind == RSG_SOURCE_VRPS;
	int rc;

	j->aspas = rsg__calloc(1, sizeof(*j->aspas));
	if (j->aspas == NULL)
		return RSG_ENOMEM;
	rc = rsg__rpki_load_file(j->path, vrps ? j->format : RPKI_FMT_JSON,
	    &j->opts, vrps ? &v : NULL, j->aspas, &j->meta, &j->err);
	if (rc == 0)
		rc = rsg__vrpset_new(v.v, v.n, &j->vrps);
	rsg__vrp_vec_free(&v);
	if (rc != 0)
		return rc;
	j->count = rsg__vrpset_count(j->vrps);
	j->naspas = j->aspas->rec.n;
	j->hash = hash_set(j->vrps) ^ (hash_aspas(j->aspas) * 31);
	return 0;
}

static void
parse_work(struct job *job)
{
	struct parse_job *j = (struct parse_job *)job;

	switch (j->kind) {
	case RSG_SOURCE_VRPS:
	case RSG_SOURCE_ASPA:
		j->rc = read_rpki(j);
		break;
	case RSG_SOURCE_SLURM:
		if ((j->slurm = rsg__calloc(1, sizeof(*j->slurm))) == NULL) {
			j->rc = RSG_ENOMEM;
			break;
		}
		j->rc = rsg__slurm_load_file(j->path, j->slurm, &j->err);
		if (j->rc == 0) {
			j->hash = hash_slurm(j->slurm);
			j->count = j->slurm->assertions.n;
			j->naspas = j->slurm->aspa_assertions.rec.n;
			j->records =
			    j->slurm->filters.n + j->slurm->aspa_filters.n;
		}
		break;
	case RSG_SOURCE_PEERINGDB:
		if ((j->pdb = rsg__calloc(1, sizeof(*j->pdb))) == NULL) {
			j->rc = RSG_ENOMEM;
			break;
		}
		j->rc = rsg__pdb_load_file(j->path, j->pdb, &j->err);
		j->records = j->pdb->n;
		j->hash = hash_pdb(j->pdb);
		break;
	default:
		if ((j->pfx = rsg__calloc(1, sizeof(*j->pfx))) == NULL) {
			j->rc = RSG_ENOMEM;
			break;
		}
		j->rc = rsg__pfxfile_load(j->path,
		    j->kind == RSG_SOURCE_BOGONS_V4 ? RSG_AFI_IPV4
						    : RSG_AFI_IPV6,
		    j->pfx, &j->err);
		j->records = j->pfx->n;
		j->hash = hash_pfx(j->pfx);
		break;
	}
	if (j->rc == 0 && j->kind >= RSG_SOURCE_PEERINGDB && j->records == 0)
		j->rc = rsg__err(
		    &j->err, RSG_EEMPTY, j->path, 0, 0, "no records: refused");
	if (j->rc != 0 && j->err.message[0] == '\0')
		rsg__err(
		    &j->err, j->rc, j->path, 0, 0, "%s", rsg_strerror(j->rc));
}

/* ------------------------------------------------------------------ */
/* Back on the loop                                                    */

static void
job_free(struct parse_job *j)
{
	if (j->vrps != NULL)
		rsg__vrpset_unref(j->vrps);
	if (j->aspas != NULL) {
		rsg__aspa_set_free(j->aspas);
		rsg__free(j->aspas);
	}
	if (j->slurm != NULL) {
		rsg__slurm_free(j->slurm);
		rsg__free(j->slurm);
	}
	if (j->pdb != NULL) {
		rsg__pdb_vec_free(j->pdb);
		rsg__free(j->pdb);
	}
	if (j->pfx != NULL) {
		rsg__pfx_vec_free(j->pfx);
		rsg__free(j->pfx);
	}
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
source_ok(struct wsource *s, bool changed, const struct parse_job *j)
{
	struct rsg_source_status *st = &s->st;
	int64_t now = rsg__wall_time();

	st->state = RSG_SRC_OK;
	st->last_attempt = st->last_success = now;
	st->data_time = s->buildtime;
	st->vrps = j->count;
	st->aspas = j->naspas;
	st->records = j->records;
	st->last_error[0] = '\0';
	if (changed) {
		st->last_change = now;
		st->serial++;
	}
}

/* Hand the data to the tables: the job's results are taken. 0, or
 * RSG_ENOMEM if some of it could not be queued. */
static int
hand_over(struct worker *w, struct wsource *s, struct parse_job *j)
{
	int rc = 0;

	switch (s->kind) {
	case RSG_SOURCE_VRPS:
		rc = rsg__worker_op_data(
		    w, OP_VRPS, s, j->vrps, j->meta.buildtime);
		j->vrps = NULL;
		/* the ASPAs of the same file */
		__attribute__((fallthrough));
	case RSG_SOURCE_ASPA:
		rc |= rsg__worker_op_data(w, OP_ASPAS, s, j->aspas, 0);
		j->aspas = NULL;
		break;
	case RSG_SOURCE_SLURM:
		rc = rsg__worker_op_data(w, OP_SLURM, s, j->slurm, 0);
		j->slurm = NULL;
		break;
	case RSG_SOURCE_PEERINGDB:
		rc = rsg__worker_op_data(w, OP_PDB, s, j->pdb, 0);
		j->pdb = NULL;
		break;
	default:
		rc = rsg__worker_op_data(w,
		    s->kind == RSG_SOURCE_BOGONS_V4 ? OP_BOGONS4 : OP_BOGONS6,
		    s, j->pfx, 0);
		j->pfx = NULL;
		break;
	}
	return rc != 0 ? RSG_ENOMEM : 0;
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
	if (j->meta.buildtime != 0)
		s->buildtime = j->meta.buildtime;
	if (j->rc != 0) {
		rsg__worker_fail(w, &s->st, RSG_SRC_ERROR, j->err.message);
	} else if (s->loaded && !s->stale
	    && (shrunk(w, s->st.vrps, j->count)
		|| shrunk(w, s->st.aspas, j->naspas)
		|| (s->kind >= RSG_SOURCE_PEERINGDB
		    && shrunk(w, s->st.records, j->records)))) {
		snprintf(msg, sizeof(msg),
		    "%s: refused: it shrank from %zu to %zu records and from "
		    "%llu to %zu ASPAs (max_shrink %u%%)",
		    s->path,
		    s->kind >= RSG_SOURCE_PEERINGDB ? (size_t)s->st.records
						    : (size_t)s->st.vrps,
		    s->kind >= RSG_SOURCE_PEERINGDB ? j->records : j->count,
		    (unsigned long long)s->st.aspas, j->naspas,
		    w->cfg->max_shrink_pct);
		rsg__worker_fail(w, &s->st, RSG_SRC_ERROR, msg);
	} else if (s->loaded && !s->stale && j->hash == s->hash) {
		source_ok(s, false, j);
	} else if (hand_over(w, s, j) != 0) {
		/* not in the tables: not loaded, read again at the refresh */
		s->hash = 0;
		snprintf(msg, sizeof(msg),
		    "%s: out of memory handing its data "
		    "to the tables",
		    s->path);
		rsg__worker_fail(w, &s->st, RSG_SRC_ERROR, msg);
	} else {
		s->hash = j->hash;
		s->stale = false;
		source_ok(s, true, j);
		rsg__worker_note(w, s->kind);
		rsg__sources_loaded(w, s);
		rsg__worker_schedule(w, PUBLISH_QUIET_MS);
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
	int rc;

	(void)events;
	if (status < 0 || s->dead
	    || (name != NULL && strcmp(name, base_name(s->path)) != 0))
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
	const char *slash = strrchr(s->path, '/');
	int rc;

	if (s->ev != NULL)
		return;
	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == s->path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(
		    dir, sizeof(dir), "%.*s", (int)(slash - s->path), s->path);
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
