/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * RTR caches through rtrlib 0.8, inside the worker (rtrlib-stayrtr.md).
 *
 * - rtrlib calls pfx_cb once per record in its socket threads (and in the
 *   worker while it stops). The callback only appends to a queue under a
 *   mutex and wakes the loop with uv_async_send(); the worker drains the
 *   queue into the VRP map. Nothing calls back into rtrlib from there.
 * - Threads: rtrlib's socket threads inherit the worker's signal mask, in
 *   which every signal is blocked: a signal the host handles cannot abort
 *   a sync half way (rtrlib then stalls, §1 "Signals").
 * - Cache restart with a new session id: rtrlib 0.8 would repeat its
 *   Serial Query for ever. On a fatal error the wrapped state callback
 *   (below; it runs in the socket's own thread) sets request_session_id,
 *   so the next connect sends a Reset Query.
 * - Atomic updates: rtrlib applies a cache's records as they arrive. They
 *   go into the VRP map at once, but are published only when the sync
 *   ends (the socket is back in RTR_ESTABLISHED), so no snapshot holds
 *   half of a serial's changes. Records without a sync (rtrlib dropping a
 *   socket's data) are published once they stop for RECORD_QUIET_S.
 * - Sync state: each socket's state callback is wrapped. The wrapper runs
 *   in the socket's thread, where serial and last update are its own, and
 *   queues them with the state (a sync's end, or an error); the worker
 *   never reads rtrlib's socket fields, which rtrlib writes without a
 *   lock. A cache is "connecting" from the start until its first sync or
 *   error.
 * - Expiry: rtrlib accepts expire intervals of 600 s and more only, and
 *   drops data on its own schedule. rsguard also checks the age of every
 *   cache's last sync each second: data older than the expire interval
 *   is withdrawn (routes become NotFound, never Invalid) and read back
 *   from rtrlib's table in full when the cache is in sync again.
 * - rtrlib 0.8 has no ASPA (RTR version 1): ASPAs come from files.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rtrlib/rtrlib.h>

#include "alloc.h"
#include "ctx.h"
#include "util.h"
#include "worker.h"

#define CONNECT_TIMEOUT 10 /* seconds */
#define RECORD_QUIET_S  2

struct wrtr {
	struct rtr_socket rs; /* first: a record's socket points here */
	struct tr_socket tr;
	struct worker *w;
	unsigned bit;    /* vrpmap bit */
	unsigned status; /* status index */
	char *host, *port, *bind, *user, *key, *known_hosts, *password;
	uint8_t preference;
	bool ssh;
	bool tr_ready; /* tr initialised: rtr_mgr_free frees it */
	rtr_connection_state_fp mgr_fp; /* rtrlib's own state callback */
	/* worker side */
	int64_t synced;      /* monotonic time of the last sync, 0 never */
	uint32_t expire;     /* the cache's expire interval then */
	bool expired;        /* withdrawn by rsguard's expiry */
	bool pending;        /* records applied, not published yet */
	int64_t last_record; /* monotonic time of the last record */
};

enum { EV_PFX, EV_SOCK };

struct rtr_ev {
	uint32_t sock;
	uint8_t kind;
	uint8_t added;
	uint8_t sock_state;
	uint32_t serial;
	uint32_t expire;
	int64_t last_update;
	struct rsg_vrp v;
};

struct ev_vec {
	struct rtr_ev *v;
	size_t n, cap;
};

struct rtr_state {
	struct rtr_mgr_config *conf;
	struct rtr_mgr_group *groups;
	size_t ngroups;
	struct wrtr **socks;
	size_t nsocks;
	pthread_mutex_t lock; /* q, stopping */
	struct ev_vec q;
	struct ev_vec work; /* worker side: the drained queue */
	bool stopping;
	bool dropped; /* out of memory in a callback */
	bool reread;  /* worker: read every synced cache back in full */
};

static unsigned
sock_index(const struct rtr_state *st, const struct rtr_socket *rs)
{
	for (size_t i = 0; i < st->nsocks; i++) {
		if (&st->socks[i]->rs == rs)
			return (unsigned)i;
	}
	return UINT32_MAX;
}

/* rtrlib thread: queue, and wake the worker if it may be asleep. */
static void
queue(struct worker *w, const struct rtr_ev *ev)
{
	struct rtr_state *st = w->rtr;
	bool wake;

	pthread_mutex_lock(&st->lock);
	/* wake the worker for the first event after it drained: it takes
	 * whatever has queued up by the time it runs */
	wake = !st->stopping && (st->q.n == 0 || ev->kind != EV_PFX);
	if (!st->stopping && VEC_PUSH(&st->q, *ev) != 0)
		st->dropped = true;
	pthread_mutex_unlock(&st->lock);
	if (wake)
		uv_async_send(&w->rtr_async);
}

static void
pfx_cb(struct pfx_table *t, const struct pfx_record r, const bool added)
{
	const struct wrtr *s = (const struct wrtr *)r.socket;
	struct rtr_ev ev;

	(void)t;
	if (s == NULL)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.sock = sock_index(s->w->rtr, r.socket);
	ev.added = added;
	if (r.prefix.ver == LRTR_IPV4) {
		ev.v.prefix.ip.afi = RSG_AFI_IPV4;
		ev.v.prefix.ip.addr[0] = r.prefix.u.addr4.addr;
	} else {
		ev.v.prefix.ip.afi = RSG_AFI_IPV6;
		memcpy(ev.v.prefix.ip.addr, r.prefix.u.addr6.addr,
		    sizeof(ev.v.prefix.ip.addr));
	}
	ev.v.prefix.len = r.min_len;
	ev.v.max_len = r.max_len;
	ev.v.asn = r.asn;
	queue(s->w, &ev);
}

/* A socket's state changed: in its own thread (or the worker's, while
 * it starts and stops the manager). */
static void
sock_state_cb(const struct rtr_socket *rs, enum rtr_socket_state state,
    void *cfg, void *grp)
{
	const struct wrtr *s = (const struct wrtr *)rs;
	struct rtr_ev ev;

	s->mgr_fp(rs, state, cfg, grp);
	/* rtrlib 0.8 would repeat its Serial Query to a cache that
	 * restarted with a new session id for ever: ask for a new session
	 * (its own thread may touch its socket) */
	if (state == RTR_ERROR_FATAL)
		((struct rtr_socket *)(uintptr_t)rs)->request_session_id = true;
	if (state != RTR_ESTABLISHED && state != RTR_ERROR_TRANSPORT
	    && state != RTR_ERROR_FATAL && state != RTR_ERROR_NO_DATA_AVAIL
	    && state != RTR_ERROR_NO_INCR_UPDATE_AVAIL)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.sock = sock_index(s->w->rtr, rs);
	ev.kind = EV_SOCK;
	ev.sock_state = (uint8_t)state;
	ev.serial = rs->serial_number;
	ev.expire = rs->expire_interval;
	ev.last_update = (int64_t)rs->last_update;
	queue(s->w, &ev);
}

static int64_t
mono_now(void)
{
	return (int64_t)(rsg__now_usec() / 1000000);
}

/* No session yet (failures go through rsg__worker_status_fail()). */
static void
connecting(struct worker *w, struct wrtr *s)
{
	struct rsg_source_status st;

	rsg__worker_status_get(w, s->status, &st);
	st.state = RSG_SRC_CONNECTING;
	st.last_attempt = rsg__wall_time();
	rsg__worker_status_set(w, s->status, &st);
}

/* rtr_mgr_for_each_*: collect the records of one socket. */
struct collect {
	const struct rtr_socket *rs;
	struct vrp_vec *out;
	bool nomem;
};

static void
collect_cb(const struct pfx_record *r, void *data)
{
	struct collect *c = data;
	struct rsg_vrp v;

	if (r->socket != c->rs)
		return;
	memset(&v, 0, sizeof(v));
	if (r->prefix.ver == LRTR_IPV4) {
		v.prefix.ip.afi = RSG_AFI_IPV4;
		v.prefix.ip.addr[0] = r->prefix.u.addr4.addr;
	} else {
		v.prefix.ip.afi = RSG_AFI_IPV6;
		memcpy(v.prefix.ip.addr, r->prefix.u.addr6.addr,
		    sizeof(v.prefix.ip.addr));
	}
	v.prefix.len = r->min_len;
	v.max_len = r->max_len;
	v.asn = r->asn;
	if (VEC_PUSH(c->out, v) != 0)
		c->nomem = true;
}

/* Read a cache's records back from rtrlib after rsguard withdrew them. */
static int
resync(struct worker *w, struct wrtr *s)
{
	struct vrp_vec v = { 0 };
	struct collect c = { &s->rs, &v, false };
	int rc;

	rtr_mgr_for_each_ipv4_record(w->rtr->conf, collect_cb, &c);
	rtr_mgr_for_each_ipv6_record(w->rtr->conf, collect_cb, &c);
	rc = c.nomem
	    ? RSG_ENOMEM
	    : rsg__vrpmap_replace(&w->map, s->bit, v.v, v.n, &w->delta);
	rsg__vrp_vec_free(&v);
	return rc;
}

/* The expire interval rsguard enforces for a cache. */
static int64_t
expire_of(const struct worker *w, const struct wrtr *s)
{
	const struct rsg_config *c = w->cfg;

	/* below rtrlib's minimum of 600 s, the configured value always */
	if (c->rtr_cache_timers && c->rtr_expire >= 600 && s->expire != 0)
		return (int64_t)s->expire;
	return (int64_t)c->rtr_expire;
}

/* A socket failed: what it means, for the status and the log. */
static void
sock_error(struct worker *w, struct wrtr *s, const struct rtr_ev *ev)
{
	const char *what;
	char msg[200];

	switch (ev->sock_state) {
	case RTR_ERROR_TRANSPORT:
		what = "cannot connect, or the connection was lost";
		break;
	case RTR_ERROR_FATAL:
		what = "protocol error (an Error Report from the cache, or a "
		       "PDU rtrlib could not use); reconnecting with a new "
		       "session";
		break;
	case RTR_ERROR_NO_DATA_AVAIL:
		what = "the cache has no data yet";
		break;
	default:
		what = "the cache has no incremental update: full sync";
		break;
	}
	snprintf(msg, sizeof(msg), "rtr %s:%s: %s (%s)", s->host, s->port, what,
	    rtr_state_to_str(ev->sock_state));
	/* the last good data stays until it expires */
	rsg__worker_status_fail(w, s->status, RSG_SRC_ERROR, msg);
}

/* Out of memory lost a record: read the caches back, or try later. */
static void
reread(struct worker *w)
{
	struct rtr_state *st = w->rtr;

	for (size_t i = 0; i < st->nsocks; i++) {
		struct wrtr *s = st->socks[i];

		if (s->synced != 0 && !s->expired && resync(w, s) != 0)
			return;
	}
	st->reread = false;
	rsg__worker_note_source(w, RSG_SOURCE_RTR);
	rsg__worker_schedule(w, 20);
}

/* A sync ended: the cache's data is current. */
static void
synced(struct worker *w, struct wrtr *s, const struct rtr_ev *ev)
{
	struct rsg_source_status ss;
	int64_t mono = mono_now();

	if (s->expired) {
		s->expired = false;
		if (resync(w, s) != 0)
			w->rtr->reread = true;
		s->pending = true;
	}
	if (s->pending) {
		/* the sync is complete: publish it as one change */
		s->pending = false;
		rsg__worker_note_source(w, RSG_SOURCE_RTR);
		rsg__worker_schedule(w, 0);
	}
	s->synced = ev->last_update != 0 ? ev->last_update : mono;
	s->expire = ev->expire;
	rsg__worker_status_get(w, s->status, &ss);
	ss.state = RSG_SRC_OK;
	ss.last_attempt = ss.last_success =
	    rsg__wall_time() - (mono - s->synced);
	ss.data_time = ss.last_success;
	if (ss.serial != ev->serial || ss.last_change == 0)
		ss.last_change = ss.last_success;
	ss.serial = ev->serial;
	ss.vrps = w->map.count[s->bit];
	ss.last_error[0] = '\0';
	rsg__worker_status_set(w, s->status, &ss);
}

void
rsg__rtr_drain(struct worker *w)
{
	struct rtr_state *st = w->rtr;
	struct ev_vec tmp;
	int64_t mono = mono_now();
	bool dropped;

	if (st == NULL)
		return;
	pthread_mutex_lock(&st->lock);
	tmp = st->q;
	st->q = st->work;
	st->q.n = 0;
	dropped = st->dropped;
	st->dropped = false;
	pthread_mutex_unlock(&st->lock);
	st->work = tmp;
	for (size_t i = 0; i < tmp.n; i++) {
		const struct rtr_ev *ev = &tmp.v[i];
		struct wrtr *s;

		if (ev->sock >= st->nsocks)
			continue;
		s = st->socks[ev->sock];
		if (ev->kind == EV_SOCK) {
			if (ev->sock_state == RTR_ESTABLISHED)
				synced(w, s, ev);
			else
				sock_error(w, s, ev);
			continue;
		}
		if (s->expired)
			continue; /* read back in full when it syncs again */
		if (rsg__vrpmap_set(
			&w->map, &ev->v, s->bit, ev->added, &w->delta)
		    != 0)
			dropped = true;
		s->pending = true;
		s->last_record = mono;
	}
	tmp.n = 0;
	st->work.n = 0;
	if (dropped)
		st->reread = true; /* a record was lost */
	if (st->reread)
		reread(w);
}

void
rsg__rtr_tick(struct worker *w, int64_t now)
{
	struct rtr_state *st = w->rtr;
	int64_t mono = mono_now();

	(void)now;
	if (st == NULL)
		return;
	if (st->reread)
		reread(w);
	for (size_t i = 0; i < st->nsocks; i++) {
		struct wrtr *s = st->socks[i];
		int64_t expire = expire_of(w, s);
		char msg[200];

		if (s->pending && mono - s->last_record >= RECORD_QUIET_S) {
			/* records outside a sync: rtrlib dropped data */
			s->pending = false;
			rsg__worker_note_source(w, RSG_SOURCE_RTR);
			rsg__worker_schedule(w, 0);
		}
		if (s->synced == 0 || s->expired || mono - s->synced <= expire)
			continue;
		snprintf(msg, sizeof(msg),
		    "rtr %s:%s: no update for %lld s (expire %lld s): "
		    "its VRPs are withdrawn",
		    s->host, s->port, (long long)(mono - s->synced),
		    (long long)expire);
		s->expired = true;
		rsg__vrpmap_drop(&w->map, s->bit, &w->delta);
		rsg__worker_status_fail(w, s->status, RSG_SRC_STALE, msg);
		rsg__worker_note_source(w, RSG_SOURCE_RTR);
		rsg__worker_schedule(w, 20);
	}
}

static char *
dup_or_null(const char *s, bool *nomem)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = rsg__strdup(s)) == NULL)
		*nomem = true;
	return d;
}

static void
wrtr_free(struct wrtr *s)
{
	if (s == NULL)
		return;
	rsg__free(s->host);
	rsg__free(s->port);
	rsg__free(s->bind);
	rsg__free(s->user);
	rsg__free(s->key);
	rsg__free(s->known_hosts);
	rsg__free(s->password);
	rsg__free(s);
}

static int
pref_cmp(const void *a, const void *b)
{
	const struct rtr_mgr_group *x = a, *y = b;

	return x->preference - y->preference;
}

static void
state_free(struct rtr_state *st)
{
	for (size_t g = 0; g < st->ngroups; g++)
		rsg__free(st->groups[g].sockets);
	rsg__free(st->groups);
	for (size_t i = 0; i < st->nsocks; i++)
		wrtr_free(st->socks[i]);
	rsg__free(st->socks);
	VEC_FREE(&st->q);
	VEC_FREE(&st->work);
	pthread_mutex_destroy(&st->lock);
	rsg__free(st);
}

/* The transport of one cache. */
static int
transport(struct wrtr *s)
{
	if (!s->ssh) {
		struct tr_tcp_config tc;

		memset(&tc, 0, sizeof(tc));
		tc.host = s->host;
		tc.port = s->port;
		tc.bindaddr = s->bind;
		tc.connect_timeout = CONNECT_TIMEOUT;
		return tr_tcp_init(&tc, &s->tr) == TR_SUCCESS ? 0 : RSG_EINVAL;
	} else {
		struct tr_ssh_config sc;

		memset(&sc, 0, sizeof(sc));
		sc.host = s->host;
		sc.port = (unsigned)strtoul(s->port, NULL, 10);
		sc.bindaddr = s->bind;
		sc.username = s->user;
		sc.server_hostkey_path = s->known_hosts;
		sc.client_privkey_path = s->key;
		sc.password = s->password;
		sc.connect_timeout = CONNECT_TIMEOUT;
		return tr_ssh_init(&sc, &s->tr) == TR_SUCCESS ? 0 : RSG_EINVAL;
	}
}

int
rsg__rtr_start(struct worker *w)
{
	const struct rsg_config *c = w->cfg;
	struct rtr_state *st;
	unsigned expire;
	bool nomem = false;
	int rc = RSG_ENOMEM;

	w->rtr = NULL;
	if (c->rtr.n == 0)
		return 0;
	if (w->next_bit + c->rtr.n > VRPMAP_MAX_SOURCES)
		return RSG_ERANGE;
	st = rsg__calloc(1, sizeof(*st));
	if (st == NULL)
		return RSG_ENOMEM;
	if (pthread_mutex_init(&st->lock, NULL) != 0) {
		rsg__free(st);
		return RSG_ENOMEM;
	}
	st->socks = rsg__calloc(c->rtr.n, sizeof(*st->socks));
	st->groups = rsg__calloc(c->rtr.n, sizeof(*st->groups));
	if (st->socks == NULL || st->groups == NULL)
		goto fail;
	w->rtr = st;
	for (size_t i = 0; i < c->rtr.n; i++) {
		const struct cfg_rtr *r = &c->rtr.v[i];
		struct wrtr *s = rsg__calloc(1, sizeof(*s));
		char name[160];

		if (s == NULL)
			goto fail;
		st->socks[st->nsocks++] = s;
		s->w = w;
		s->host = dup_or_null(r->host, &nomem);
		s->port =
		    dup_or_null(r->port != NULL ? r->port : "323", &nomem);
		s->bind = dup_or_null(r->bind, &nomem);
		s->user = dup_or_null(r->ssh_user, &nomem);
		s->key = dup_or_null(r->ssh_key, &nomem);
		s->known_hosts = dup_or_null(r->ssh_known_hosts, &nomem);
		s->password = dup_or_null(r->ssh_password, &nomem);
		if (nomem)
			goto fail;
		s->ssh = r->transport == RTR_SSH;
		s->preference = (uint8_t)r->preference;
		s->bit = w->next_bit++;
		snprintf(name, sizeof(name), "rtr %s:%s%s (preference %u)",
		    s->host, s->port, s->ssh ? " ssh" : "", s->preference);
		s->status = rsg__worker_status_add(w, RSG_SOURCE_RTR, name);
		if (transport(s) != 0) {
			rc = RSG_EINVAL;
			rsg__worker_status_fail(w, s->status, RSG_SRC_ERROR,
			    "the transport could not be set up (ssh: one of "
			    "key and password, host keys only with a key)");
			goto fail;
		}
		s->tr_ready = true;
		s->rs.tr_socket = &s->tr;
		connecting(w, s);
	}
	/* groups: caches of one preference */
	for (size_t i = 0; i < st->nsocks; i++) {
		struct rtr_mgr_group *g = NULL;

		for (size_t k = 0; k < st->ngroups; k++) {
			if (st->groups[k].preference
			    == st->socks[i]->preference)
				g = &st->groups[k];
		}
		if (g == NULL) {
			g = &st->groups[st->ngroups++];
			g->preference = st->socks[i]->preference;
			g->sockets =
			    rsg__calloc(st->nsocks, sizeof(*g->sockets));
			if (g->sockets == NULL)
				goto fail;
		}
		g->sockets[g->sockets_len++] = &st->socks[i]->rs;
	}
	qsort(st->groups, st->ngroups, sizeof(*st->groups), pref_cmp);
	/* rtrlib's ranges; rsguard enforces shorter expire intervals */
	expire = c->rtr_expire < 600 ? 600 : c->rtr_expire;
	if (rtr_mgr_init(&st->conf, st->groups, (unsigned)st->ngroups,
		c->rtr_refresh, expire, c->rtr_retry, pfx_cb, NULL, NULL, w)
	    != RTR_SUCCESS) {
		rc = RSG_EINVAL;
		goto fail;
	}
	for (size_t i = 0; i < st->nsocks; i++) {
		struct wrtr *s = st->socks[i];

		s->mgr_fp = s->rs.connection_state_fp;
		s->rs.connection_state_fp = sock_state_cb;
		if (!c->rtr_cache_timers)
			rtr_set_interval_mode(
			    &s->rs, RTR_INTERVAL_MODE_IGNORE_ANY);
	}
	/* the worker blocks every signal: rtrlib's threads inherit that */
	if (rtr_mgr_start(st->conf) != RTR_SUCCESS) {
		rc = RSG_EIO;
		goto fail;
	}
	return 0;
fail:
	if (st->conf != NULL) {
		rtr_mgr_free(st->conf); /* frees the transports too */
	} else {
		for (size_t i = 0; i < st->nsocks; i++) {
			if (st->socks[i]->tr_ready)
				st->socks[i]->tr.free_fp(&st->socks[i]->tr);
		}
	}
	w->rtr = NULL;
	state_free(st);
	return rc;
}

void
rsg__rtr_stop(struct worker *w)
{
	struct rtr_state *st = w->rtr;

	if (st == NULL)
		return;
	pthread_mutex_lock(&st->lock);
	st->stopping = true;
	pthread_mutex_unlock(&st->lock);
	/* joins the socket threads; the records it removes are ignored */
	rtr_mgr_stop(st->conf);
	rtr_mgr_free(st->conf);
	w->rtr = NULL;
	state_free(st);
}
