/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Contexts: the control calls, loading every configured source at once
 * (rsg_ctx_load()), and publishing a snapshot.
 *
 * Every control call takes the control mutex, so they are safe against
 * each other from any thread: a refresh queued while another thread
 * stops the worker either reaches the running worker or finds none, and
 * never a worker half freed.
 */
#include "config.h"

#include "ctx.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "filesrc.h"
#include "snapshot.h"
#include "tables.h"
#include "util.h"
#include "worker.h"

void
rsg__ctx_log(
    const struct rsg_ctx *ctx, enum rsg_log_level level, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (ctx->log_cb == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ctx->log_cb(ctx->log_arg, level, msg);
}

int
rsg__ctx_fail(struct rsg_ctx *ctx, int rc, const char *msg)
{
	strlcpy(ctx->errmsg, msg != NULL && msg[0] ? msg : rsg_strerror(rc),
	    sizeof(ctx->errmsg));
	rsg__ctx_log(ctx, RSG_LOG_ERROR, "%s", ctx->errmsg);
	return rc;
}

int
rsg__config_dup(const struct rsg_config *src, struct rsg_config **out)
{
	int rc = rsg_config_new(out);

	if (rc == 0 && (rc = rsg__config_copy(*out, src)) != 0) {
		rsg_config_free(*out);
		*out = NULL;
	}
	return rc;
}

static void
ctx_destroy(struct rsg_ctx *ctx)
{
	rsg__config_clear(&ctx->cfg);
	rsg__config_free_overrides(&ctx->cfg);
	pthread_mutex_destroy(&ctx->dispatch_lock);
	pthread_mutex_destroy(&ctx->lock);
	pthread_mutex_destroy(&ctx->ctl);
	rsg__free(ctx);
}

RSG_EXPORT int
rsg_ctx_new(const struct rsg_config *cfg, struct rsg_ctx **out)
{
	struct rsg_ctx *ctx;
	int rc;

	if (cfg == NULL || out == NULL)
		return RSG_EINVAL;
	*out = NULL;
	if (cfg->errors.n > 0)
		return RSG_EINVAL;
	ctx = rsg__calloc(1, sizeof(*ctx));
	if (ctx == NULL)
		return RSG_ENOMEM;
	if (pthread_mutex_init(&ctx->ctl, NULL) != 0) {
		rsg__free(ctx);
		return RSG_ENOMEM;
	}
	if (pthread_mutex_init(&ctx->lock, NULL) != 0) {
		pthread_mutex_destroy(&ctx->ctl);
		rsg__free(ctx);
		return RSG_ENOMEM;
	}
	if (pthread_mutex_init(&ctx->dispatch_lock, NULL) != 0) {
		pthread_mutex_destroy(&ctx->lock);
		pthread_mutex_destroy(&ctx->ctl);
		rsg__free(ctx);
		return RSG_ENOMEM;
	}
	ctx->log_cb = cfg->log_cb;
	ctx->log_arg = cfg->log_arg;
	rc = rsg__config_copy(&ctx->cfg, cfg);
	if (rc == 0)
		rc = rsg__cursor_new(ctx, 0, &ctx->dflt);
	if (rc != 0) {
		ctx_destroy(ctx);
		return rc == RSG_ENOMEM || rc == RSG_EIO ? rc : RSG_EINVAL;
	}
	*out = ctx;
	return 0;
}

RSG_EXPORT void
rsg_ctx_free(struct rsg_ctx *ctx)
{
	if (ctx == NULL)
		return;
	rsg_ctx_stop(ctx);
	rsg__cursor_free(ctx->dflt);
	rsg__cursors_detach(ctx);
	/* no reader may remain: freeing needs no grace period */
	rsg__snapshot_free(ctx->snap);
	rsg__history_free(&ctx->hist);
	rsg__free(ctx->status);
	ctx_destroy(ctx);
}

RSG_EXPORT const char *
rsg_ctx_errmsg(const struct rsg_ctx *ctx)
{
	return ctx != NULL ? ctx->errmsg : "";
}

RSG_EXPORT int
rsg_ctx_start(struct rsg_ctx *ctx)
{
	int rc;

	if (ctx == NULL)
		return RSG_EINVAL;
	pthread_mutex_lock(&ctx->ctl);
	rc = ctx->w != NULL ? RSG_EBUSY : rsg__worker_start(ctx, &ctx->w);
	pthread_mutex_unlock(&ctx->ctl);
	return rc;
}

RSG_EXPORT int
rsg_ctx_stop(struct rsg_ctx *ctx)
{
	if (ctx == NULL)
		return 0;
	pthread_mutex_lock(&ctx->ctl);
	if (ctx->w != NULL) {
		rsg__worker_stop(ctx->w);
		ctx->w = NULL;
	}
	pthread_mutex_unlock(&ctx->ctl);
	return 0;
}

static int
command(struct rsg_ctx *ctx, unsigned cmd)
{
	int rc = 0;

	if (ctx == NULL)
		return RSG_EINVAL;
	pthread_mutex_lock(&ctx->ctl);
	if (ctx->w != NULL)
		rsg__worker_command(ctx->w, cmd);
	else
		rc = RSG_EINVAL;
	pthread_mutex_unlock(&ctx->ctl);
	return rc;
}

RSG_EXPORT int
rsg_ctx_refresh(struct rsg_ctx *ctx)
{
	return command(ctx, WCMD_REFRESH);
}

RSG_EXPORT int
rsg_ctx_reload(struct rsg_ctx *ctx)
{
	return command(ctx, WCMD_RELOAD);
}

static int load(struct rsg_ctx *ctx);

RSG_EXPORT int
rsg_ctx_apply_config(struct rsg_ctx *ctx, const struct rsg_config *cfg)
{
	struct rsg_config *mine = NULL, *theirs = NULL, old;
	int rc;

	if (ctx == NULL || cfg == NULL)
		return RSG_EINVAL;
	if (cfg->errors.n > 0)
		return rsg__ctx_fail(ctx, RSG_EINVAL,
		    "the configuration has errors: nothing applied");
	/* copies made before anything changes: a failure changes nothing */
	if ((rc = rsg__config_dup(cfg, &mine)) != 0
	    || (rc = rsg__config_dup(cfg, &theirs)) != 0) {
		rsg_config_free(mine);
		return rsg__ctx_fail(ctx, rc, NULL);
	}
	pthread_mutex_lock(&ctx->ctl);
	old = ctx->cfg;
	ctx->cfg = *mine;
	rsg__free(mine);
	if (ctx->w != NULL) {
		/* like a reload: only what changed restarts */
		rsg__worker_config(ctx->w, theirs);
		theirs = NULL;
	} else if (rsg__ctx_current(ctx) != NULL && (rc = load(ctx)) != 0) {
		/* the data of the new configuration could not be read: the
		 * old one stays, with the snapshot in service */
		rsg__config_clear(&ctx->cfg);
		rsg__config_free_overrides(&ctx->cfg);
		ctx->cfg = old;
		memset(&old, 0, sizeof(old));
	}
	pthread_mutex_unlock(&ctx->ctl);
	rsg__config_clear(&old);
	rsg__config_free_overrides(&old);
	rsg_config_free(theirs);
	return rc;
}

uint64_t
rsg__ctx_loop_lag(struct rsg_ctx *ctx)
{
	uint64_t lag = 0;

	pthread_mutex_lock(&ctx->ctl);
	if (ctx->w != NULL)
		lag = rsg__worker_lag(ctx->w);
	pthread_mutex_unlock(&ctx->ctl);
	return lag;
}

void
rsg__ctx_publish(
    struct rsg_ctx *ctx, struct rsg_snapshot *s, struct rsg_changes *ch)
{
	struct rsg_snapshot *old;
	uint64_t t0 = rsg__now_usec();

	s->generation = ++ctx->generation;
	s->published_at = rsg__wall_time();
	ch->since = s->generation - 1;
	ch->generation = s->generation;
	old = rsg__rcu_xchg(&ctx->snap, s);
	if (ctx->on_publish != NULL)
		ctx->on_publish(ctx->on_publish_arg, s);
	if (old != NULL) {
		rsg__rcu_synchronize(ctx);
		rsg__snapshot_free(old);
	}
	pthread_mutex_lock(&ctx->lock);
	ctx->publications++;
	ctx->publish_usec = rsg__now_usec() - t0;
	pthread_mutex_unlock(&ctx->lock);
	rsg__history_publish(ctx, ch);
}

struct rpki_opts
rsg__ctx_rpki_opts(const struct rsg_config *cfg)
{
	struct rpki_opts o = {
		.now = cfg->as_of ? cfg->as_of : rsg__wall_time(),
		.max_age = cfg->rpki_max_age,
		.check_expires = cfg->rpki_check_expires,
		.tas = cfg->allowed_tas.n
		    ? (const char *const *)cfg->allowed_tas.v
		    : NULL,
		.ntas = cfg->allowed_tas.n,
	};

	return o;
}

/* ------------------------------------------------------------------ */
/* Loading everything at once                                          */

/* One file: read, parsed and taken into slot (UINT32_MAX: a policy
 * input), as the worker's parse lane and build lane do it. */
static int
load_file(struct rsg_ctx *ctx, struct tables *t, unsigned *slot,
    enum rsg_source kind, const char *path, enum rpki_format fmt,
    struct rsg_error *err)
{
	struct rpki_opts o = rsg__ctx_rpki_opts(&ctx->cfg);
	unsigned i = UINT32_MAX;
	struct parsed p;
	int rc;

	if (!is_policy_input(kind)) {
		if (*slot >= TABLES_SLOTS)
			return rsg__err(err, RSG_ERANGE, NULL, 0, 0,
			    "more than %u RPKI, SLURM and IRR files",
			    TABLES_SLOTS);
		i = (*slot)++;
	}
	if ((rc = rsg__parse_file(kind, path, fmt, &o, &p, err)) != 0)
		return rc;
	if (kind == RSG_SOURCE_VRPS || kind == RSG_SOURCE_ASPA)
		rsg__ctx_log(ctx,
		    p.meta.vrps == 0 && p.meta.vrps_skipped > 0
			? RSG_LOG_WARNING
			: RSG_LOG_INFO,
		    "%s: %zu VRPs, %zu ASPAs (%zu VRPs and %zu ASPAs expired "
		    "or from other trust anchors)",
		    path, p.meta.vrps, p.meta.aspas, p.meta.vrps_skipped,
		    p.meta.aspas_skipped);
	if (kind == RSG_SOURCE_IRR)
		rsg__ctx_log(ctx, RSG_LOG_INFO,
		    "%s: %zu route objects, %zu sets", path, p.irr->routes.n,
		    p.irr->sets.n);
	if (kind == RSG_SOURCE_BGPQ4)
		rsg__ctx_log(ctx, RSG_LOG_INFO, "%s: %zu lists, %zu entries",
		    path, p.irr->lists.n, p.records);
	if (i != UINT32_MAX && (rc = rsg__tables_active(t, i, true)) != 0)
		rsg__parsed_free(&p);
	else
		rc = rsg__tables_take(t, i, &p);
	if (rc != 0 && err->message[0] == '\0')
		rsg__err(err, rc, path, 0, 0, "%s", rsg_strerror(rc));
	return rc;
}

static int
load_sources(struct rsg_ctx *ctx, struct tables *t, struct rsg_error *err)
{
	const struct rsg_config *cfg = &ctx->cfg;
	unsigned slot = 0;
	int rc = 0;

	for (size_t i = 0; i < cfg->vrp_files.n && rc == 0; i++)
		rc = load_file(ctx, t, &slot, RSG_SOURCE_VRPS,
		    cfg->vrp_files.v[i].path, cfg->vrp_files.v[i].format, err);
	for (size_t i = 0; i < cfg->aspa_files.n && rc == 0; i++)
		rc = load_file(ctx, t, &slot, RSG_SOURCE_ASPA,
		    cfg->aspa_files.v[i], RPKI_FMT_JSON, err);
	for (size_t i = 0; i < cfg->slurm_files.n && rc == 0; i++)
		rc = load_file(ctx, t, &slot, RSG_SOURCE_SLURM,
		    cfg->slurm_files.v[i], RPKI_FMT_AUTO, err);
	for (size_t i = 0; i < cfg->irr_files.n && rc == 0; i++)
		rc = load_file(ctx, t, &slot, RSG_SOURCE_IRR,
		    cfg->irr_files.v[i], RPKI_FMT_AUTO, err);
	for (size_t i = 0; i < cfg->bgpq4_files.n && rc == 0; i++)
		rc = load_file(ctx, t, &slot, RSG_SOURCE_BGPQ4,
		    cfg->bgpq4_files.v[i], RPKI_FMT_JSON, err);
	if (rc == 0 && cfg->arin_whois_file != NULL)
		rc = load_file(ctx, t, &slot, RSG_SOURCE_ARIN_WHOIS,
		    cfg->arin_whois_file, RPKI_FMT_AUTO, err);
	if (rc == 0 && cfg->peeringdb_file != NULL)
		rc = load_file(ctx, t, &slot, RSG_SOURCE_PEERINGDB,
		    cfg->peeringdb_file, RPKI_FMT_AUTO, err);
	if (rc == 0 && cfg->bogons_v4_file != NULL)
		rc = load_file(ctx, t, &slot, RSG_SOURCE_BOGONS_V4,
		    cfg->bogons_v4_file, RPKI_FMT_AUTO, err);
	if (rc == 0 && cfg->bogons_v6_file != NULL)
		rc = load_file(ctx, t, &slot, RSG_SOURCE_BOGONS_V6,
		    cfg->bogons_v6_file, RPKI_FMT_AUTO, err);
	return rc;
}

/* Under ctl, without a worker. */
static int
load(struct rsg_ctx *ctx)
{
	const struct rsg_config *cfg = &ctx->cfg;
	struct tables t;
	struct rsg_config *copy = NULL;
	struct rsg_error err = { 0 };
	struct publish_info info;
	int rc;

	ctx->errmsg[0] = '\0';
	rsg__tables_init(&t);
	rc = rsg__config_dup(cfg, &copy);
	if (rc == 0) {
		rsg__tables_config(&t, copy);
		rc = load_sources(ctx, &t, &err);
	}
	if (rc != 0) {
		rsg__ctx_fail(ctx, rc, err.message);
		goto out;
	}
	/* everything is read: every table is complete */
	rc = rsg__tables_publish(&t, ctx,
	    cfg->vrp_files.n > 0 ? TABLE_READY : TABLE_OFF,
	    cfg->vrp_files.n + cfg->aspa_files.n > 0 ? TABLE_READY : TABLE_OFF,
	    &info);
	if (rc != 0) {
		rsg__ctx_fail(ctx, rc, "building the snapshot");
		goto out;
	}
	if (info.published)
		rsg__ctx_log(ctx, RSG_LOG_INFO,
		    "published generation %llu: %zu VRPs, %zu clients, built "
		    "in %llu us",
		    (unsigned long long)info.generation, info.vrps,
		    cfg->clients.n, (unsigned long long)info.build_usec);
out:
	rsg__tables_free(&t);
	return rc;
}

RSG_EXPORT int
rsg_ctx_load(struct rsg_ctx *ctx)
{
	int rc;

	if (ctx == NULL)
		return RSG_EINVAL;
	pthread_mutex_lock(&ctx->ctl);
	if (ctx->w != NULL)
		rc = rsg__ctx_fail(ctx, RSG_EBUSY,
		    "the worker is running: use rsg_ctx_refresh()");
	else
		rc = load(ctx);
	pthread_mutex_unlock(&ctx->ctl);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Readers                                                             */

RSG_EXPORT int
rsg_ctx_stats(const struct rsg_ctx *ctx, struct rsg_stats *st)
{
	const struct rsg_snapshot *s;
	int rc = 0;

	if (ctx == NULL || st == NULL)
		return RSG_EINVAL;
	memset(st, 0, sizeof(*st));
	rsg__rcu_read_lock();
	s = rsg__rcu_deref(ctx->snap);
	if (s == NULL)
		rc = RSG_ENODATA;
	else
		rsg__snapshot_stats(s, st);
	rsg__rcu_read_unlock(ctx);
	if (rc == 0) {
		pthread_mutex_lock(ctx_lock(ctx));
		st->publications = ctx->publications;
		st->publish_usec = ctx->publish_usec;
		pthread_mutex_unlock(ctx_lock(ctx));
	}
	return rc;
}

RSG_EXPORT int
rsg_ctx_table_status(
    const struct rsg_ctx *ctx, unsigned table, struct rsg_table_status *out)
{
	const struct rsg_snapshot *s;

	if (ctx == NULL || out == NULL || table > RSG_TABLE_ASPA)
		return RSG_EINVAL;
	pthread_mutex_lock(ctx_lock(ctx));
	*out = ctx->table[table];
	pthread_mutex_unlock(ctx_lock(ctx));
	out->table = (uint8_t)table;
	/* what the snapshot in service says wins over the worker's plan */
	rsg__rcu_read_lock();
	s = rsg__rcu_deref(ctx->snap);
	out->state = s == NULL       ? RSG_TABLE_NOT_READY
	    : table == RSG_TABLE_ROV ? s->rov_state
				     : s->aspa_state;
	rsg__rcu_read_unlock(ctx);
	if (out->state == RSG_TABLE_READY || out->state == RSG_TABLE_OFF)
		out->reason[0] = '\0';
	else if (out->reason[0] == '\0')
		snprintf(out->reason, sizeof(out->reason), "%s",
		    s == NULL ? "nothing published yet"
			      : "waiting for the worker");
	return 0;
}

RSG_EXPORT void
rsg_thread_register(void)
{
	rsg__rcu_register();
}

RSG_EXPORT void
rsg_thread_unregister(void)
{
	/* liburcu-bp unregisters a thread when it exits */
}

/* rsg_irr_registered(): the entries of one IRR table that are the
 * client's, collected while the snapshot is held. */
struct registered_walk {
	const struct snap_client *c;
	uint8_t afi;
	bool list; /* a bgpq4 list table: data = id << 8 | greater-equal */
	struct {
		struct rsg_registered *v;
		size_t n, cap;
	} out;
};

static int
registered_fn(void *arg, const struct ptab_item *it)
{
	struct registered_walk *w = arg;
	struct rsg_registered e;

	if (w->list ? !rsg__asnset_has(&w->c->irr_lists, it->data >> 8)
		    : it->data != w->c->asn
		    && !rsg__asnset_has(&w->c->irr_asns, it->data))
		return 0;
	memset(&e, 0, sizeof(e));
	e.prefix.ip.afi = w->afi;
	memcpy(e.prefix.ip.addr, it->addr, sizeof(e.prefix.ip.addr));
	e.prefix.len = it->len;
	e.origin = w->list ? 0 : it->data;
	e.min_len = w->list ? (uint8_t)(it->data & 0xff) : it->len;
	e.max_len = w->list ? it->maxlen : it->len;
	if (e.min_len < it->len)
		e.min_len = it->len;
	return VEC_PUSH(&w->out, e) != 0 ? RSG_ENOMEM : 0;
}

static int
registered_cmp(const void *a, const void *b)
{
	const struct rsg_registered *x = a, *y = b;

	if (x->prefix.ip.afi != y->prefix.ip.afi)
		return x->prefix.ip.afi < y->prefix.ip.afi ? -1 : 1;
	for (unsigned i = 0; i < 4; i++)
		if (x->prefix.ip.addr[i] != y->prefix.ip.addr[i])
			return x->prefix.ip.addr[i] < y->prefix.ip.addr[i] ? -1
									   : 1;
	if (x->prefix.len != y->prefix.len)
		return x->prefix.len < y->prefix.len ? -1 : 1;
	if (x->origin != y->origin)
		return x->origin < y->origin ? -1 : 1;
	if (x->min_len != y->min_len)
		return x->min_len < y->min_len ? -1 : 1;
	return x->max_len < y->max_len ? -1 : x->max_len > y->max_len;
}

RSG_EXPORT int
rsg_irr_registered(const struct rsg_ctx *ctx, const struct rsg_ip *peer_ip,
    uint32_t peer_asn, char *as_set, size_t as_set_len,
    struct rsg_registered **out, size_t *n)
{
	const struct rsg_snapshot *s;
	const struct snap_irr *irr;
	struct registered_walk w;
	int rc = 0;

	if (ctx == NULL || peer_ip == NULL || out == NULL || n == NULL)
		return RSG_EINVAL;
	*out = NULL;
	*n = 0;
	if (as_set != NULL && as_set_len > 0)
		as_set[0] = '\0';
	memset(&w, 0, sizeof(w));
	rsg__rcu_read_lock();
	s = rsg__rcu_deref(ctx->snap);
	if (s == NULL) {
		rc = RSG_ENODATA;
		goto out;
	}
	w.c = rsg__snapshot_client(snap_policy(s), peer_ip);
	if (w.c == NULL || w.c->asn != peer_asn) {
		rc = RSG_ENOCLIENT;
		goto out;
	}
	irr = snap_irr(s);
	if (!irr->on || w.c->irr_sets == NULL) {
		rc = RSG_ENODATA;
		goto out;
	}
	if (as_set != NULL)
		strlcpy(as_set, w.c->irr_sets, as_set_len);
	w.afi = RSG_AFI_IPV4;
	rc = rsg__ptab_walk(&irr->t4, registered_fn, &w);
	if (rc == 0) {
		w.afi = RSG_AFI_IPV6;
		rc = rsg__ptab_walk(&irr->t6, registered_fn, &w);
	}
	w.list = true;
	if (rc == 0 && w.c->irr_lists.n > 0) {
		w.afi = RSG_AFI_IPV4;
		rc = rsg__ptab_walk(&irr->l4, registered_fn, &w);
	}
	if (rc == 0 && w.c->irr_lists.n > 0) {
		w.afi = RSG_AFI_IPV6;
		rc = rsg__ptab_walk(&irr->l6, registered_fn, &w);
	}
out:
	rsg__rcu_read_unlock(ctx);
	if (rc != 0) {
		VEC_FREE(&w.out);
		return rc;
	}
	/* one entry per (prefix, origin, lengths): several lists or
	 * sources may register the same */
	if (w.out.n > 1) {
		size_t k = 1;

		qsort(w.out.v, w.out.n, sizeof(*w.out.v), registered_cmp);
		for (size_t i = 1; i < w.out.n; i++)
			if (registered_cmp(&w.out.v[i], &w.out.v[k - 1]) != 0)
				w.out.v[k++] = w.out.v[i];
		w.out.n = k;
	}
	*out = w.out.v;
	*n = w.out.n;
	return 0;
}

RSG_EXPORT int
rsg_client_limits(const struct rsg_ctx *ctx, const struct rsg_ip *peer_ip,
    uint32_t peer_asn, struct rsg_client_limits *out)
{
	const struct rsg_snapshot *s;
	const struct snap_client *c;
	int rc = 0;

	if (ctx == NULL || peer_ip == NULL || out == NULL)
		return RSG_EINVAL;
	memset(out, 0, sizeof(*out));
	rsg__rcu_read_lock();
	s = rsg__rcu_deref(ctx->snap);
	if (s == NULL) {
		rc = RSG_ENODATA;
	} else {
		c = rsg__snapshot_client(snap_policy(s), peer_ip);
		if (c == NULL || c->asn != peer_asn) {
			c = &snap_policy(s)->general;
			rc = RSG_ENOCLIENT;
		}
		out->max_prefix_v4 = c->max_prefix_v4;
		out->max_prefix_v6 = c->max_prefix_v6;
		out->action = c->k.max_prefix_action;
	}
	rsg__rcu_read_unlock(ctx);
	return rc;
}
