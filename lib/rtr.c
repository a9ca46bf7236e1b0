/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * One RTR cache through rtrlib 0.8 (see rtr.h and rtrlib-stayrtr.md).
 *
 * - One rtrlib manager per cache, with a group of one socket: a cache can
 *   be started and stopped on its own (a reload restarts only the caches
 *   whose settings changed), and rsguard decides which preference serves
 *   (sources.c), with every cache connected: a failover needs no new
 *   sync.
 * - rtrlib calls pfx_cb once per record in the socket's thread (and in
 *   the stopping thread while it purges). The callback only appends to
 *   the sync's log under the cache's lock. When the sync ends (the socket
 *   is back in RTR_ESTABLISHED) the wrapped state callback moves the log
 *   to the finished syncs and wakes the owner, who applies them at once:
 *   one serial is one change, never half of one. rtrlib's own undo of a
 *   failed sync and its purges are records like any other; the last
 *   event of a VRP decides, when the next sync ends.
 * - A cache restarted with a new session id: rtrlib 0.8 would repeat its
 *   Serial Query for ever; on a fatal error the state callback (in the
 *   socket's own thread) sets request_session_id, so the next connect
 *   sends a Reset Query.
 * - The state callback reads serial and expire interval in the socket's
 *   thread, where they are its own; the owner never reads rtrlib's
 *   socket fields, which rtrlib writes without a lock.
 * - rtrlib 0.8 has no ASPA (RTR version 1): ASPAs come from files.
 */
#include "config.h"

#include "rtr.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rtrlib/rtrlib.h>

#include "alloc.h"
#include "util.h"

#define CONNECT_TIMEOUT 10 /* seconds */

struct rtr_cache {
	struct rtr_socket rs; /* first: a record's socket points here */
	struct tr_socket tr;
	struct rtr_mgr_config *mgr;
	struct rtr_socket *socks[1];
	rtr_connection_state_fp mgr_fp; /* rtrlib's own state callback */
	rtr_wake_cb wake;
	void *arg;
	char *host, *port, *bind, *user, *key, *known_hosts, *password;
	bool ssh;
	bool tr_ready; /* tr initialised, not yet owned by the manager */
	bool started;
	char name[160];

	pthread_mutex_t lock; /* everything below */
	struct vrplog sync;   /* records of the sync under way */
	struct vrplog done;   /* records of the syncs that ended */
	struct rtr_news news;
	bool stopping;
};

/* An rtrlib record as a VRP. */
static void
vrp_of(const struct pfx_record *r, struct rsg_vrp *v)
{
	memset(v, 0, sizeof(*v));
	if (r->prefix.ver == LRTR_IPV4) {
		v->prefix.ip.afi = RSG_AFI_IPV4;
		v->prefix.ip.addr[0] = r->prefix.u.addr4.addr;
	} else {
		v->prefix.ip.afi = RSG_AFI_IPV6;
		memcpy(v->prefix.ip.addr, r->prefix.u.addr6.addr,
		    sizeof(v->prefix.ip.addr));
	}
	v->prefix.len = r->min_len;
	v->max_len = r->max_len;
	v->asn = r->asn;
}

static void
pfx_cb(struct pfx_table *t, const struct pfx_record r, const bool added)
{
	struct rtr_cache *c = (struct rtr_cache *)(uintptr_t)r.socket;
	struct rsg_vrp v;

	(void)t;
	if (c == NULL)
		return;
	vrp_of(&r, &v);
	pthread_mutex_lock(&c->lock);
	if (!c->stopping && rsg__vrplog_add(&c->sync, &v, added) != 0)
		c->news.lost = true;
	pthread_mutex_unlock(&c->lock);
}

/* A socket's state changed: in its own thread (or the one that stops
 * it). */
static void
state_cb(const struct rtr_socket *rs, enum rtr_socket_state state, void *cfg,
    void *grp)
{
	struct rtr_cache *c = (struct rtr_cache *)(uintptr_t)rs;
	bool wake = true;

	c->mgr_fp(rs, state, cfg, grp);
	/* rtrlib 0.8 would repeat its Serial Query to a cache that
	 * restarted with a new session id for ever: ask for a new session
	 * (its own thread may touch its socket) */
	if (state == RTR_ERROR_FATAL)
		c->rs.request_session_id = true;
	pthread_mutex_lock(&c->lock);
	switch (state) {
	case RTR_ESTABLISHED:
		/* the sync is complete: hand it over whole */
		if (rsg__vrplog_append(&c->done, &c->sync) != 0)
			c->news.lost = true;
		c->news.synced = true;
		c->news.serial = rs->serial_number;
		c->news.expire = rs->expire_interval;
		c->news.last_update = rsg__now_sec();
		break;
	case RTR_ERROR_TRANSPORT:
	case RTR_ERROR_FATAL:
	case RTR_ERROR_NO_DATA_AVAIL:
	case RTR_ERROR_NO_INCR_UPDATE_AVAIL:
		c->news.error = state;
		break;
	default:
		wake = false;
		break;
	}
	wake = wake && !c->stopping;
	pthread_mutex_unlock(&c->lock);
	if (wake)
		c->wake(c->arg);
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

/* The transport of one cache. */
static int
transport(struct rtr_cache *c)
{
	if (!c->ssh) {
		struct tr_tcp_config tc;

		memset(&tc, 0, sizeof(tc));
		tc.host = c->host;
		tc.port = c->port;
		tc.bindaddr = c->bind;
		tc.connect_timeout = CONNECT_TIMEOUT;
		return tr_tcp_init(&tc, &c->tr) == TR_SUCCESS ? 0 : RSG_EINVAL;
	} else {
		struct tr_ssh_config sc;

		memset(&sc, 0, sizeof(sc));
		sc.host = c->host;
		sc.port = (unsigned)strtoul(c->port, NULL, 10);
		sc.bindaddr = c->bind;
		sc.username = c->user;
		sc.server_hostkey_path = c->known_hosts;
		sc.client_privkey_path = c->key;
		sc.password = c->password;
		sc.connect_timeout = CONNECT_TIMEOUT;
		return tr_ssh_init(&sc, &c->tr) == TR_SUCCESS ? 0 : RSG_EINVAL;
	}
}

int
rsg__rtr_new(const struct cfg_rtr *r, const struct rtr_timers *t,
    rtr_wake_cb wake, void *arg, struct rtr_cache **out, char *err,
    size_t errlen)
{
	struct rtr_cache *c;
	struct rtr_mgr_group groups[1];
	bool nomem = false;
	unsigned expire;
	int rc = RSG_ENOMEM;

	*out = NULL;
	snprintf(err, errlen, "%s", rsg_strerror(RSG_ENOMEM));
	if ((c = rsg__calloc(1, sizeof(*c))) == NULL)
		return RSG_ENOMEM;
	if (pthread_mutex_init(&c->lock, NULL) != 0) {
		rsg__free(c);
		return RSG_ENOMEM;
	}
	c->news.error = -1;
	c->wake = wake;
	c->arg = arg;
	c->host = dup_or_null(r->host, &nomem);
	c->port = dup_or_null(r->port != NULL ? r->port : "323", &nomem);
	c->bind = dup_or_null(r->bind, &nomem);
	c->user = dup_or_null(r->ssh_user, &nomem);
	c->key = dup_or_null(r->ssh_key, &nomem);
	c->known_hosts = dup_or_null(r->ssh_known_hosts, &nomem);
	c->password = dup_or_null(r->ssh_password, &nomem);
	c->ssh = r->transport == RTR_SSH;
	if (nomem)
		goto fail;
	snprintf(c->name, sizeof(c->name), "rtr %s:%s%s (preference %u)",
	    c->host, c->port, c->ssh ? " ssh" : "", r->preference);
	if (transport(c) != 0) {
		snprintf(err, errlen,
		    "%s: the transport could not be set up (ssh: one of key "
		    "and password, host keys only with a key)",
		    c->name);
		rc = RSG_EINVAL;
		goto fail;
	}
	c->tr_ready = true;
	c->rs.tr_socket = &c->tr;
	c->socks[0] = &c->rs;
	/* one group of one socket; rtrlib copies the group */
	memset(groups, 0, sizeof(groups));
	groups[0].sockets = c->socks;
	groups[0].sockets_len = 1;
	groups[0].preference = 1;
	/* rtrlib's ranges; rsguard enforces shorter expire intervals */
	expire = t->expire < 600 ? 600 : t->expire;
	if (rtr_mgr_init(&c->mgr, groups, 1, t->refresh, expire, t->retry,
		pfx_cb, NULL, NULL, NULL)
	    != RTR_SUCCESS) {
		snprintf(err, errlen, "%s: rtrlib refused the timers", c->name);
		rc = RSG_EINVAL;
		goto fail;
	}
	c->tr_ready = false; /* rtr_mgr_free frees the transport */
	c->mgr_fp = c->rs.connection_state_fp;
	c->rs.connection_state_fp = state_cb;
	if (!t->cache_timers)
		rtr_set_interval_mode(&c->rs, RTR_INTERVAL_MODE_IGNORE_ANY);
	*out = c;
	return 0;
fail:
	rsg__rtr_free(c);
	return rc;
}

int
rsg__rtr_start(struct rtr_cache *c)
{
	if (rtr_mgr_start(c->mgr) != RTR_SUCCESS)
		return RSG_EIO;
	c->started = true;
	return 0;
}

void
rsg__rtr_free(struct rtr_cache *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->lock);
	c->stopping = true;
	pthread_mutex_unlock(&c->lock);
	if (c->mgr != NULL) {
		/* joins the socket thread; the records it purges are
		 * ignored, and rtr_mgr_free frees the transport */
		rtr_mgr_stop(c->mgr);
		rtr_mgr_free(c->mgr);
	} else if (c->tr_ready) {
		c->tr.free_fp(&c->tr);
	}
	rsg__free(c->host);
	rsg__free(c->port);
	rsg__free(c->bind);
	rsg__free(c->user);
	rsg__free(c->key);
	rsg__free(c->known_hosts);
	rsg__free(c->password);
	rsg__vrplog_free(&c->sync);
	rsg__vrplog_free(&c->done);
	pthread_mutex_destroy(&c->lock);
	rsg__free(c);
}

int
rsg__rtr_take(struct rtr_cache *c, struct rtr_news *n, struct vrplog *log)
{
	int rc;

	pthread_mutex_lock(&c->lock);
	*n = c->news;
	rc = rsg__vrplog_append(log, &c->done);
	if (rc != 0) {
		/* the records stay for the next call */
		n->synced = false;
	} else {
		c->news.synced = false;
		c->news.lost = false;
		c->news.error = -1;
	}
	pthread_mutex_unlock(&c->lock);
	return rc;
}

/* rtr_mgr_for_each_*: collect the records. */
struct collect {
	struct vrp_vec *out;
	bool nomem;
};

static void
collect_cb(const struct pfx_record *r, void *data)
{
	struct collect *c = data;
	struct rsg_vrp v;

	vrp_of(r, &v);
	if (VEC_PUSH(c->out, v) != 0)
		c->nomem = true;
}

int
rsg__rtr_records(struct rtr_cache *c, struct vrp_vec *out)
{
	struct collect k = { out, false };

	rtr_mgr_for_each_ipv4_record(c->mgr, collect_cb, &k);
	rtr_mgr_for_each_ipv6_record(c->mgr, collect_cb, &k);
	return k.nomem ? RSG_ENOMEM : 0;
}

const char *
rsg__rtr_name(const struct rtr_cache *c)
{
	return c->name;
}

const char *
rsg__rtr_state_name(int state)
{
	return rtr_state_to_str((enum rtr_socket_state)state);
}

const char *
rsg__rtr_error_text(int state)
{
	switch (state) {
	case RTR_ERROR_TRANSPORT:
		return "cannot connect, or the connection was lost";
	case RTR_ERROR_FATAL:
		return "protocol error (an Error Report from the cache, or a "
		       "PDU rtrlib could not use); reconnecting with a new "
		       "session";
	case RTR_ERROR_NO_DATA_AVAIL:
		return "the cache has no data yet";
	default:
		return "the cache has no incremental update: full sync";
	}
}
