/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The worker's sources: which there are, which serve, and whether the
 * ROV and ASPA tables are complete enough to be used.
 *
 * - A source is known by its key: its kind and every setting that shapes
 *   its data. A reload keeps every source whose key is unchanged (RTR
 *   sessions stay up, files keep their data); a new key is a new source,
 *   "joining" until its first load; a source whose key went is
 *   "retiring": it keeps serving until every joining source that feeds
 *   the same table has loaded, then they leave in one step, so a changed
 *   source never leaves a gap (and a new PeeringDB file that never loads
 *   does not hold back a VRP file's replacement).
 * - No half-loaded tables: ROV and ASPA are checked only when every
 *   serving source of their kind has completed its first load and none
 *   was withdrawn for its age; otherwise the snapshot says NOT_READY or
 *   STALE, rsg_check() reports "not checked" with a flag, and the table
 *   status says which source is missing. RTR caches of the same
 *   preference serve together; the best preference whose caches are all
 *   in sync serves, the others stay connected (a failover needs no new
 *   sync) but do not count.
 * - Data too old is withdrawn to "not checked", never to NotFound or
 *   Invalid: a file built longer ago than ignore_cache_files_older_than,
 *   an RTR cache silent for longer than its expire interval.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "ctx.h"
#include "filesrc.h"
#include "util.h"

#define NO_SLOT UINT32_MAX
#define NO_PREF UINT32_MAX

static bool
has_slot(enum rsg_source kind)
{
	return kind == RSG_SOURCE_VRPS || kind == RSG_SOURCE_ASPA
	    || kind == RSG_SOURCE_SLURM || kind == RSG_SOURCE_RTR
	    || kind == RSG_SOURCE_IRR || kind == RSG_SOURCE_BGPQ4;
}

/* ------------------------------------------------------------------ */
/* Keys                                                                */

static char *
key_file(const struct rsg_config *c, enum rsg_source kind, const char *path,
    enum rpki_format fmt)
{
	char buf[8192];
	size_t n;

	n = (size_t)snprintf(buf, sizeof(buf), "%d|%s|%d", kind, path, fmt);
	/* what shapes the data read from RPKI files */
	if (kind == RSG_SOURCE_VRPS || kind == RSG_SOURCE_ASPA) {
		n += (size_t)snprintf(buf + n,
		    n < sizeof(buf) ? sizeof(buf) - n : 0, "|%lld|%d",
		    (long long)c->rpki_max_age, c->rpki_check_expires);
		for (size_t i = 0; i < c->allowed_tas.n && n < sizeof(buf); i++)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "|%s",
			    c->allowed_tas.v[i]);
	}
	return rsg__strdup(buf);
}

static const char *
str_or(const char *s)
{
	return s != NULL ? s : "";
}

static char *
key_rtr(const struct rsg_config *c, const struct cfg_rtr *r)
{
	char buf[8192];

	snprintf(buf, sizeof(buf), "%d|%s|%s|%s|%d|%s|%s|%s|%s|%u|%u|%u|%u|%d",
	    RSG_SOURCE_RTR, str_or(r->host), str_or(r->port), str_or(r->bind),
	    r->transport, str_or(r->ssh_user), str_or(r->ssh_key),
	    str_or(r->ssh_known_hosts), str_or(r->ssh_password), r->preference,
	    c->rtr_refresh, c->rtr_retry, c->rtr_expire, c->rtr_cache_timers);
	return rsg__strdup(buf);
}

/* ------------------------------------------------------------------ */
/* The list                                                            */

static void
source_free(struct wsource *s)
{
	rsg__free(s->key);
	rsg__free(s->path);
	rsg__free(s);
}

/* Free what is removed and no job refers to. */
void
rsg__sources_reap(struct worker *w)
{
	size_t k = 0;

	for (size_t i = 0; i < w->nsrc; i++) {
		struct wsource *s = w->src[i];

		if (s->dead && s->jobs == 0 && s->ops == 0 && s->ev == NULL)
			source_free(s);
		else
			w->src[k++] = s;
	}
	w->nsrc = k;
}

/* A removed source: it stops at once; its memory goes when no job
 * refers to it any more. */
static void
source_remove(struct worker *w, struct wsource *s)
{
	rsg__whoissrc_stop(s);
	if (s->slot != NO_SLOT)
		rsg__worker_op_drop(w, s->slot);
	rsg__rtr_free(s->rtr);
	s->rtr = NULL;
	rsg__filesrc_unwatch(s);
	s->dead = true;
}

static unsigned
slot_alloc(struct worker *w)
{
	for (unsigned i = 0; i < TABLES_SLOTS; i++) {
		if (!(w->slots & ((uint64_t)1 << i))) {
			w->slots |= (uint64_t)1 << i;
			return i;
		}
	}
	return NO_SLOT;
}

static int
source_add(struct worker *w, enum rsg_source kind, char *key, const char *path,
    const char *name, enum src_role role, struct wsource **out)
{
	struct wsource **nv, *s;

	*out = NULL;
	if (key == NULL)
		return RSG_ENOMEM;
	nv = rsg__reallocarray(w->src, w->nsrc + 1, sizeof(*nv));
	s = rsg__calloc(1, sizeof(*s));
	if (nv != NULL)
		w->src = nv;
	if (nv == NULL || s == NULL
	    || (path != NULL && (s->path = rsg__strdup(path)) == NULL)) {
		rsg__free(s);
		rsg__free(key);
		return RSG_ENOMEM;
	}
	s->key = key;
	s->kind = kind;
	s->role = role;
	s->w = w;
	s->slot = NO_SLOT;
	if (has_slot(kind) && (s->slot = slot_alloc(w)) == NO_SLOT) {
		source_free(s);
		return RSG_ERANGE;
	}
	s->st.kind = (uint8_t)kind;
	s->st.state = RSG_SRC_INIT;
	snprintf(s->st.name, sizeof(s->st.name), "%s", name);
	w->src[w->nsrc++] = s;
	*out = s;
	return 0;
}

/* The source with this key (not retiring), or NULL; *idx its index. */
static struct wsource *
find_key(struct worker *w, const char *key, size_t *idx)
{
	for (size_t i = 0; i < w->nsrc; i++) {
		struct wsource *s = w->src[i];

		if (!s->dead && s->role != ROLE_RETIRING
		    && strcmp(s->key, key) == 0) {
			*idx = i;
			return s;
		}
	}
	return NULL;
}

/* What the configuration asks for; kept marks the sources it keeps. */
struct want {
	struct worker *w;
	enum src_role role;
	bool *kept;
	size_t nkept; /* sources before the setup */
	int rc;
};

/* The configuration wants what is there already: keep it. */
static bool
keep(struct want *x, const char *key)
{
	size_t i;

	if (find_key(x->w, key, &i) == NULL)
		return false;
	if (i < x->nkept)
		x->kept[i] = true;
	return true;
}

static void
want_file(struct want *x, enum rsg_source kind, const char *path,
    enum rpki_format fmt)
{
	struct worker *w = x->w;
	struct wsource *s;
	char *key;

	if (x->rc != 0 || path == NULL)
		return;
	if ((key = key_file(w->cfg, kind, path, fmt)) == NULL) {
		x->rc = RSG_ENOMEM;
		return;
	}
	if (keep(x, key)) {
		rsg__free(key);
		return;
	}
	x->rc = source_add(w, kind, key, path, path, x->role, &s);
	if (x->rc != 0)
		return;
	s->format = fmt;
	rsg__filesrc_watch(w, s);
}

/* sources.irr_whois: one source for all its servers (they fail over) */
static void
want_whois(struct want *x)
{
	const struct cfg_whois *c = &x->w->cfg->whois;
	struct wsource *s;
	char key[2048], name[256];
	size_t n;

	if (x->rc != 0 || c->servers.n == 0)
		return;
	n = (size_t)snprintf(key, sizeof(key), "whois|%u|%u|%u|%u|%u",
	    c->refresh, c->timeout, c->retries, c->connections, c->max_shrink);
	for (size_t i = 0; i < c->servers.n && n < sizeof(key); i++)
		n += (size_t)snprintf(key + n, sizeof(key) - n, "|%s:%u",
		    c->servers.v[i].host, c->servers.v[i].port);
	for (size_t i = 0; i < x->w->cfg->irr_sources.n && n < sizeof(key); i++)
		n += (size_t)snprintf(key + n, sizeof(key) - n, "|s:%s",
		    x->w->cfg->irr_sources.v[i]);
	for (size_t i = 0; i < c->confirm.n && n < sizeof(key); i++)
		n += (size_t)snprintf(
		    key + n, sizeof(key) - n, "|c:%s", c->confirm.v[i]);
	if (keep(x, key))
		return;
	snprintf(name, sizeof(name), "IRRd %s port %u%s", c->servers.v[0].host,
	    c->servers.v[0].port, c->servers.n > 1 ? " (and more)" : "");
	x->rc = source_add(
	    x->w, RSG_SOURCE_IRR, rsg__strdup(key), NULL, name, x->role, &s);
}

static void
connecting(struct wsource *s)
{
	s->st.state = RSG_SRC_CONNECTING;
	s->st.last_attempt = rsg__wall_time();
}

static void
want_rtr(struct want *x, const struct cfg_rtr *r)
{
	struct worker *w = x->w;
	const struct rsg_config *c = w->cfg;
	struct rtr_timers t = { c->rtr_refresh, c->rtr_retry, c->rtr_expire,
		c->rtr_cache_timers };
	struct wsource *s;
	char *key, err[256];
	int rc;

	if (x->rc != 0)
		return;
	if ((key = key_rtr(c, r)) == NULL) {
		x->rc = RSG_ENOMEM;
		return;
	}
	if (keep(x, key)) {
		rsg__free(key);
		return;
	}
	x->rc = source_add(w, RSG_SOURCE_RTR, key, NULL, "rtr", x->role, &s);
	if (x->rc != 0)
		return;
	s->preference = r->preference;
	rc = rsg__rtr_new(
	    r, &t, rsg__sources_rtr_wake, w, &s->rtr, err, sizeof(err));
	if (rc == 0) {
		snprintf(s->st.name, sizeof(s->st.name), "%s",
		    rsg__rtr_name(s->rtr));
		/* rtrlib's thread inherits the worker's mask: no signals */
		rc = rsg__rtr_start(s->rtr);
		if (rc != 0)
			snprintf(err, sizeof(err), "%s: cannot start",
			    rsg__rtr_name(s->rtr));
	}
	if (rc != 0) {
		rsg__worker_fail(w, &s->st, RSG_SRC_ERROR, err);
		return;
	}
	connecting(s);
}

/* What a source's data feeds: the ROV table, the ASPA table, or one of
 * the policy inputs (each kind its own). */
static unsigned
feeds(enum rsg_source kind)
{
	switch (kind) {
	case RSG_SOURCE_VRPS:
	case RSG_SOURCE_SLURM:
		return 1u << 0 | 1u << 1;
	case RSG_SOURCE_RTR:
		return 1u << 0;
	case RSG_SOURCE_ASPA:
		return 1u << 1;
	default:
		return 1u << (2 + (unsigned)kind);
	}
}

/* A source still joining that feeds what s feeds: s waits for it. */
static bool
joining(const struct worker *w, const struct wsource *s)
{
	for (size_t i = 0; i < w->nsrc; i++) {
		const struct wsource *j = w->src[i];

		if (!j->dead && j->role == ROLE_JOINING
		    && (feeds(j->kind) & feeds(s->kind)) != 0)
			return true;
	}
	return false;
}

static void update_serving(struct worker *w);

/* A policy input that leaves without a successor takes its data along
 * (a successor's data has replaced it already). */
static void
drop_policy_input(struct worker *w, const struct wsource *gone)
{
	struct parsed *p;

	for (size_t i = 0; i < w->nsrc; i++) {
		const struct wsource *s = w->src[i];

		if (s != gone && !s->dead && s->role != ROLE_RETIRING
		    && s->kind == gone->kind)
			return;
	}
	/* no data of its kind: the tables drop theirs */
	if ((p = rsg__calloc(1, sizeof(*p))) == NULL) {
		rsg__ctx_log(w->ctx, RSG_LOG_ERROR, "%s: %s", gone->st.name,
		    rsg_strerror(RSG_ENOMEM));
		return;
	}
	p->kind = gone->kind;
	rsg__worker_op_data(w, OP_FILE, NULL, p);
}

/* A retiring source leaves when every joining source that feeds the
 * same table has loaded: a new PeeringDB file does not hold back an old
 * RTR cache. */
static void
retire(struct worker *w)
{
	bool any = false;

	for (size_t i = 0; i < w->nsrc; i++) {
		struct wsource *s = w->src[i];

		if (s->dead || s->role != ROLE_RETIRING || joining(w, s))
			continue;
		rsg__ctx_log(w->ctx, RSG_LOG_INFO, "%s: retired", s->st.name);
		rsg__worker_note(w, s->kind);
		if (is_policy_input(s->kind))
			drop_policy_input(w, s);
		source_remove(w, s);
		any = true;
	}
	if (any) {
		update_serving(w);
		rsg__worker_schedule(w, PUBLISH_QUIET_MS);
	}
}

void
rsg__sources_loaded(struct worker *w, struct wsource *s)
{
	s->loaded = true;
	if (s->role == ROLE_JOINING) {
		s->role = ROLE_SERVING;
		retire(w);
	}
}

int
rsg__sources_setup(struct worker *w, bool reload)
{
	const struct rsg_config *c = w->cfg;
	size_t before = w->nsrc;
	struct want x = { w, reload ? ROLE_JOINING : ROLE_SERVING, NULL, before,
		0 };

	x.kept = rsg__calloc(before + 1, sizeof(*x.kept));
	if (x.kept == NULL)
		return RSG_ENOMEM;
	for (size_t i = 0; i < c->vrp_files.n; i++)
		want_file(&x, RSG_SOURCE_VRPS, c->vrp_files.v[i].path,
		    c->vrp_files.v[i].format);
	for (size_t i = 0; i < c->aspa_files.n; i++)
		want_file(
		    &x, RSG_SOURCE_ASPA, c->aspa_files.v[i], RPKI_FMT_JSON);
	for (size_t i = 0; i < c->slurm_files.n; i++)
		want_file(
		    &x, RSG_SOURCE_SLURM, c->slurm_files.v[i], RPKI_FMT_JSON);
	for (size_t i = 0; i < c->irr_files.n; i++)
		want_file(&x, RSG_SOURCE_IRR, c->irr_files.v[i], RPKI_FMT_AUTO);
	for (size_t i = 0; i < c->bgpq4_files.n; i++)
		want_file(
		    &x, RSG_SOURCE_BGPQ4, c->bgpq4_files.v[i], RPKI_FMT_JSON);
	want_whois(&x);
	want_file(&x, RSG_SOURCE_PEERINGDB, c->peeringdb_file, RPKI_FMT_JSON);
	want_file(&x, RSG_SOURCE_ARIN_WHOIS, c->arin_whois_file, RPKI_FMT_JSON);
	want_file(&x, RSG_SOURCE_BOGONS_V4, c->bogons_v4_file, RPKI_FMT_JSON);
	want_file(&x, RSG_SOURCE_BOGONS_V6, c->bogons_v6_file, RPKI_FMT_JSON);
	for (size_t i = 0; i < c->rtr.n; i++)
		want_rtr(&x, &c->rtr.v[i]);
	/* what the configuration no longer asks for retires */
	for (size_t i = 0; i < before; i++) {
		struct wsource *s = w->src[i];
		size_t len;

		if (x.kept[i] || s->dead || s->role == ROLE_RETIRING)
			continue;
		if (s->role == ROLE_JOINING || !s->loaded) {
			/* never served: nothing to keep */
			source_remove(w, s);
			continue;
		}
		s->role = ROLE_RETIRING;
		len = strlen(s->st.name);
		snprintf(
		    s->st.name + len, sizeof(s->st.name) - len, " (retiring)");
	}
	rsg__free(x.kept);
	retire(w);
	update_serving(w);
	rsg__sources_reap(w);
	return x.rc;
}

void
rsg__sources_load(struct worker *w, bool force)
{
	for (size_t i = 0; i < w->nsrc; i++) {
		struct wsource *s = w->src[i];

		if (s->kind == RSG_SOURCE_IRR && s->path == NULL)
			rsg__whoissrc_load(w, s, force);
		else
			rsg__filesrc_load(w, s, force);
	}
	w->last_refresh = rsg__wall_time();
}

void
rsg__sources_stop(struct worker *w)
{
	for (size_t i = 0; i < w->nsrc; i++) {
		rsg__rtr_free(w->src[i]->rtr);
		w->src[i]->rtr = NULL;
		rsg__filesrc_unwatch(w->src[i]);
		rsg__whoissrc_stop(w->src[i]);
	}
}

void
rsg__sources_free(struct worker *w)
{
	for (size_t i = 0; i < w->nsrc; i++) {
		rsg__rtr_free(w->src[i]->rtr);
		rsg__whoissrc_stop(w->src[i]);
		source_free(w->src[i]);
	}
	rsg__free(w->src);
	w->src = NULL;
	w->nsrc = 0;
	rsg__free(w->pdb_sets);
	w->pdb_sets = NULL;
	w->pdb_sets_len = 0;
}

/* ------------------------------------------------------------------ */
/* RTR                                                                 */

void
rsg__sources_rtr_wake(void *arg)
{
	struct worker *w = arg;

	/* the handle lives until every cache has been freed */
	uv_async_send(&w->rtr_async);
}

static bool
rtr_usable(const struct wsource *s)
{
	return s->synced != 0 && !s->expired;
}

/* The preference that serves: the best one whose caches (serving or
 * retiring) are all in sync and current. */
static uint32_t
serving_pref(const struct worker *w)
{
	uint32_t best = NO_PREF;

	for (size_t i = 0; i < w->nsrc; i++) {
		const struct wsource *s = w->src[i];
		bool all = true;

		if (s->dead || s->kind != RSG_SOURCE_RTR
		    || s->role == ROLE_JOINING || s->preference >= best)
			continue;
		for (size_t j = 0; j < w->nsrc && all; j++) {
			const struct wsource *o = w->src[j];

			if (!o->dead && o->kind == RSG_SOURCE_RTR
			    && o->role != ROLE_JOINING
			    && o->preference == s->preference)
				all = rtr_usable(o);
		}
		if (all)
			best = s->preference;
	}
	return best;
}

/* Which slots count: every file's (it holds data once read), and the
 * caches of the serving preference. Run on every tick too, so a change
 * that could not be queued is told again. */
static void
update_serving(struct worker *w)
{
	uint32_t p = serving_pref(w);

	for (size_t i = 0; i < w->nsrc; i++) {
		struct wsource *s = w->src[i];

		if (s->dead || s->slot == NO_SLOT)
			continue;
		rsg__worker_op_active(w, s,
		    s->kind != RSG_SOURCE_RTR
			|| (s->role != ROLE_JOINING && s->preference == p));
	}
}

/* Read everything the cache holds again (a record was lost). */
void
rsg__sources_rtr_lost(struct worker *w, struct wsource *s)
{
	struct vrp_vec v = { 0 };
	struct vrpset *set = NULL;
	int rc;

	if (s->dead || s->rtr == NULL)
		return;
	rc = rsg__rtr_records(s->rtr, &v);
	if (rc == 0)
		rc = rsg__vrpset_new(v.v, v.n, &set);
	rsg__vrp_vec_free(&v);
	if (rc != 0) {
		s->expired = true; /* withdrawn until it syncs again */
		rsg__worker_fail(w, &s->st, RSG_SRC_STALE,
		    "out of memory: RTR records lost; withdrawn until the "
		    "next sync");
		update_serving(w);
		rsg__worker_schedule(w, 0);
		return;
	}
	rsg__worker_note(w, RSG_SOURCE_RTR);
	rsg__worker_op_data(w, OP_VRPS, s, set);
	rsg__worker_schedule(w, 0);
}

/* A sync ended: the cache's data is current. */
static void
rtr_synced(struct worker *w, struct wsource *s, const struct rtr_news *n)
{
	struct rsg_source_status *st = &s->st;
	int64_t mono = rsg__now_sec();

	s->synced = n->last_update != 0 ? n->last_update : mono;
	s->expire = n->expire;
	s->expired = false;
	st->state = RSG_SRC_OK;
	st->last_attempt = st->last_success =
	    rsg__wall_time() - (mono - s->synced);
	st->data_time = st->last_success;
	if (st->serial != n->serial || st->last_change == 0)
		st->last_change = st->last_success;
	st->serial = n->serial;
	st->last_error[0] = '\0';
	if (!s->loaded)
		rsg__sources_loaded(w, s);
}

void
rsg__sources_rtr(struct worker *w)
{
	bool changed = false;

	for (size_t i = 0; i < w->nsrc; i++) {
		struct wsource *s = w->src[i];
		struct rtr_news n;
		struct vrplog *log;
		char msg[300];

		if (s->dead || s->rtr == NULL)
			continue;
		if ((log = rsg__calloc(1, sizeof(*log))) == NULL
		    || rsg__rtr_take(s->rtr, &n, log) != 0) {
			/* the syncs stay with the cache: the next tick */
			rsg__free(log);
			w->rtr_retry = true;
			continue;
		}
		if (rsg__vrplog_count(log) > 0) {
			/* one sync (or a few that queued up): one change */
			rsg__worker_note(w, RSG_SOURCE_RTR);
			rsg__worker_op_data(w, OP_RTR, s, log);
			changed = true;
		} else {
			rsg__free(log);
		}
		if (n.lost)
			rsg__sources_rtr_lost(w, s);
		if (n.synced) {
			changed |= !s->loaded || s->expired;
			rtr_synced(w, s, &n);
		}
		if (n.error >= 0) {
			snprintf(msg, sizeof(msg), "%s: %s (%s)",
			    rsg__rtr_name(s->rtr), rsg__rtr_error_text(n.error),
			    rsg__rtr_state_name(n.error));
			/* the last good data stays until it expires */
			rsg__worker_fail(w, &s->st, RSG_SRC_ERROR, msg);
		}
	}
	update_serving(w);
	rsg__worker_status_sync(w);
	if (changed)
		rsg__worker_schedule(w, 0);
}

/* The expire interval rsguard enforces for a cache. */
static int64_t
expire_of(const struct worker *w, const struct wsource *s)
{
	const struct rsg_config *c = w->cfg;

	/* below rtrlib's minimum of 600 s, the configured value always */
	if (c->rtr_cache_timers && c->rtr_expire >= 600 && s->expire != 0)
		return (int64_t)s->expire;
	return (int64_t)c->rtr_expire;
}

/* ------------------------------------------------------------------ */
/* Ages                                                                */

static void
check_files(struct worker *w, int64_t now)
{
	int64_t max_age = w->cfg->rpki_max_age;
	char msg[512], when[32];

	if (max_age <= 0)
		return;
	for (size_t i = 0; i < w->nsrc; i++) {
		struct wsource *s = w->src[i];
		time_t bt;
		struct tm tm;

		if ((s->kind != RSG_SOURCE_VRPS && s->kind != RSG_SOURCE_ASPA)
		    || s->dead || !s->loaded || s->stale || s->buildtime == 0
		    || now - s->buildtime <= max_age)
			continue;
		bt = (time_t)s->buildtime;
		gmtime_r(&bt, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		snprintf(msg, sizeof(msg),
		    "%s: withdrawn: built %s, older than the limit of %lld s",
		    s->path, when, (long long)max_age);
		s->stale = true;
		rsg__worker_fail(w, &s->st, RSG_SRC_STALE, msg);
		rsg__worker_note(w, s->kind);
		rsg__worker_schedule(w, PUBLISH_QUIET_MS);
	}
}

static void
check_caches(struct worker *w)
{
	int64_t mono = rsg__now_sec();
	bool changed = false;

	for (size_t i = 0; i < w->nsrc; i++) {
		struct wsource *s = w->src[i];
		int64_t expire = expire_of(w, s);
		char msg[300];

		if (s->dead || s->rtr == NULL || s->synced == 0 || s->expired
		    || mono - s->synced <= expire)
			continue;
		snprintf(msg, sizeof(msg),
		    "%s: no update for %lld s (expire %lld s): its VRPs are "
		    "withdrawn",
		    rsg__rtr_name(s->rtr), (long long)(mono - s->synced),
		    (long long)expire);
		s->expired = true;
		rsg__worker_fail(w, &s->st, RSG_SRC_STALE, msg);
		rsg__worker_note(w, RSG_SOURCE_RTR);
		changed = true;
	}
	if (changed) {
		update_serving(w);
		rsg__worker_schedule(w, PUBLISH_QUIET_MS);
	}
}

void
rsg__sources_tick(struct worker *w, int64_t now)
{
	check_files(w, now);
	check_caches(w);
	if (w->rtr_retry) {
		w->rtr_retry = false;
		rsg__sources_rtr(w);
	}
	/* told to the tables again, if that failed */
	update_serving(w);
	if (w->cfg->file_refresh > 0
	    && now - w->last_refresh >= (int64_t)w->cfg->file_refresh)
		rsg__sources_load(w, false);
	for (size_t i = 0; i < w->nsrc; i++)
		if (w->src[i]->kind == RSG_SOURCE_IRR
		    && w->src[i]->path == NULL)
			rsg__whoissrc_tick(w, w->src[i], rsg__now_sec());
	rsg__worker_status_sync(w);
}

/* ------------------------------------------------------------------ */
/* Readiness                                                           */

/* Appends "name (why)" to a table's reason. */
static void
reason(char *buf, size_t len, const struct wsource *s, const char *why)
{
	/* as much as fits: the first sources matter most */
	if (buf[0] != '\0')
		strlcat(buf, "; ", len);
	strlcat(buf, s->st.name, len);
	strlcat(buf, " (", len);
	strlcat(buf, why, len);
	strlcat(buf, ")", len);
}

static const char *
waiting(const struct wsource *s)
{
	return s->st.state == RSG_SRC_ERROR     ? s->st.last_error
	    : s->st.state == RSG_SRC_CONNECTING ? "connecting"
						: "not loaded yet";
}

/*
 * One table's state: the files of its kinds that serve (SLURM files
 * count for both tables), and for ROV the RTR caches: every one must
 * have loaded, none be withdrawn.
 */
static unsigned
table_state(const struct worker *w, bool rov, char *why, size_t len)
{
	bool any = false, notready = false, stale = false;

	why[0] = '\0';
	for (size_t i = 0; i < w->nsrc; i++) {
		const struct wsource *s = w->src[i];
		bool mine = s->kind == RSG_SOURCE_VRPS
		    || (!rov && s->kind == RSG_SOURCE_ASPA);

		if (s->dead || s->role == ROLE_JOINING
		    || (!mine && s->kind != RSG_SOURCE_SLURM))
			continue;
		any |= mine;
		if (!s->loaded) {
			notready = true;
			reason(why, len, s, waiting(s));
		} else if (s->stale) {
			stale = true;
			reason(why, len, s, s->st.last_error);
		}
	}
	if (rov && serving_pref(w) == NO_PREF) {
		for (size_t i = 0; i < w->nsrc; i++) {
			const struct wsource *s = w->src[i];

			if (s->dead || s->kind != RSG_SOURCE_RTR
			    || s->role == ROLE_JOINING)
				continue;
			any = true;
			if (s->synced == 0) {
				notready = true;
				reason(why, len, s, waiting(s));
			} else if (s->expired) {
				stale = true;
				reason(why, len, s, s->st.last_error);
			}
		}
	} else if (rov) {
		for (size_t i = 0; i < w->nsrc; i++)
			any |= !w->src[i]->dead
			    && w->src[i]->kind == RSG_SOURCE_RTR;
	}
	if (!any) {
		why[0] = '\0';
		return TABLE_OFF;
	}
	if (notready)
		return TABLE_NOT_READY;
	return stale ? TABLE_STALE : TABLE_READY;
}

void
rsg__sources_states(struct worker *w, unsigned *rov, unsigned *aspa)
{
	char why[2][RSG_TABLE_REASON_LEN];
	struct rsg_ctx *ctx = w->ctx;

	*rov = table_state(w, true, why[0], sizeof(why[0]));
	*aspa = table_state(w, false, why[1], sizeof(why[1]));
	pthread_mutex_lock(&ctx->lock);
	ctx->table[RSG_TABLE_ROV].state = (uint8_t)*rov;
	ctx->table[RSG_TABLE_ASPA].state = (uint8_t)*aspa;
	memcpy(ctx->table[RSG_TABLE_ROV].reason, why[0], sizeof(why[0]));
	memcpy(ctx->table[RSG_TABLE_ASPA].reason, why[1], sizeof(why[1]));
	pthread_mutex_unlock(&ctx->lock);
}
