/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Contexts: loading every configured source, building a snapshot aside and
 * publishing it.
 */
#include "config.h"

#include "ctx.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "pfxfile.h"
#include "rcu.h"
#include "rpki.h"
#include "util.h"

void
rsg__ctx_log(
    const struct rsg_ctx *ctx, enum rsg_log_level level, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (ctx->cfg.log_cb == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ctx->cfg.log_cb(ctx->cfg.log_arg, level, msg);
}

static int
ctx_fail(struct rsg_ctx *ctx, int rc, const char *msg)
{
	strlcpy(ctx->errmsg, msg != NULL && msg[0] ? msg : rsg_strerror(rc),
	    sizeof(ctx->errmsg));
	rsg__ctx_log(ctx, RSG_LOG_ERROR, "%s", ctx->errmsg);
	return rc;
}

RSG_EXPORT int
rsg_ctx_new(const struct rsg_config *cfg, struct rsg_ctx **out)
{
	struct rsg_ctx *ctx;
	int fds[2], rc;

	if (cfg == NULL || out == NULL)
		return RSG_EINVAL;
	*out = NULL;
	if (cfg->errors.n > 0)
		return RSG_EINVAL;
	ctx = rsg__calloc(1, sizeof(*ctx));
	if (ctx == NULL)
		return RSG_ENOMEM;
	ctx->notify_rd = ctx->notify_wr = -1;
	rc = rsg__config_copy(&ctx->cfg, cfg);
	if (rc == 0 && pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0)
		rc = RSG_EIO;
	if (rc == 0) {
		ctx->notify_rd = fds[0];
		ctx->notify_wr = fds[1];
		if (pthread_mutex_init(&ctx->lock, NULL) != 0) {
			close(fds[0]);
			close(fds[1]);
			rc = RSG_ENOMEM;
		}
	}
	if (rc != 0) {
		rsg__config_clear(&ctx->cfg);
		rsg__config_free_overrides(&ctx->cfg);
		rsg__free(ctx);
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
	/* no reader may remain: freeing needs no grace period */
	rsg__snapshot_free(ctx->snap);
	rsg__config_clear(&ctx->cfg);
	rsg__config_free_overrides(&ctx->cfg);
	rsg__changes_free(&ctx->pending);
	rsg__free(ctx->status);
	close(ctx->notify_rd);
	close(ctx->notify_wr);
	pthread_mutex_destroy(&ctx->lock);
	rsg__free(ctx);
}

RSG_EXPORT const char *
rsg_ctx_errmsg(const struct rsg_ctx *ctx)
{
	return ctx != NULL ? ctx->errmsg : "";
}

RSG_EXPORT int
rsg_ctx_start(struct rsg_ctx *ctx)
{
	if (ctx == NULL)
		return RSG_EINVAL;
	if (ctx->w != NULL)
		return RSG_EBUSY;
	return rsg__worker_start(ctx);
}

RSG_EXPORT int
rsg_ctx_stop(struct rsg_ctx *ctx)
{
	if (ctx != NULL && ctx->w != NULL)
		rsg__worker_stop(ctx);
	return 0;
}

RSG_EXPORT int
rsg_ctx_refresh(struct rsg_ctx *ctx)
{
	return ctx != NULL ? rsg__worker_command(ctx, WCMD_REFRESH)
			   : RSG_EINVAL;
}

RSG_EXPORT int
rsg_ctx_reload(struct rsg_ctx *ctx)
{
	return ctx != NULL ? rsg__worker_command(ctx, WCMD_RELOAD) : RSG_EINVAL;
}

RSG_EXPORT int
rsg_ctx_get_fd(const struct rsg_ctx *ctx)
{
	return ctx != NULL ? ctx->notify_rd : -1;
}

void
rsg__ctx_publish(
    struct rsg_ctx *ctx, struct rsg_snapshot *s, const struct rsg_changes *ch)
{
	struct rsg_snapshot *old;
	uint64_t t0 = rsg__now_usec();
	bool wake;

	s->generation = ++ctx->generation;
	s->published_at = rsg__wall_time();
	old = rsg__rcu_xchg(&ctx->snap, s);
	if (old != NULL) {
		rsg__rcu_synchronize(ctx);
		rsg__snapshot_free(old);
	}
	pthread_mutex_lock(&ctx->lock);
	ctx->publications++;
	ctx->publish_usec = rsg__now_usec() - t0;
	wake = !ctx->have_pending;
	if (ch != NULL && rsg__changes_merge(&ctx->pending, ch) != 0)
		ctx->pending.all = true;
	if (ch == NULL)
		ctx->pending.all = true;
	ctx->pending.generation = s->generation;
	ctx->have_pending = true;
	pthread_mutex_unlock(&ctx->lock);
	if (wake) {
		char b = 1;

		/* the pipe is non-blocking: a full pipe wakes the host too */
		if (write(ctx->notify_wr, &b, 1) < 0) {
		}
	}
}

/* Everything read from the sources, before it becomes a snapshot. */
struct loaded {
	struct vrp_vec vrps;
	struct aspa_set aspas;
	struct pdb_vec pdb;
	struct pfx_vec bogons4, bogons6;
	int64_t rpki_buildtime;
};

static void
loaded_free(struct loaded *l)
{
	rsg__vrp_vec_free(&l->vrps);
	rsg__aspa_set_free(&l->aspas);
	rsg__pdb_vec_free(&l->pdb);
	rsg__pfx_vec_free(&l->bogons4);
	rsg__pfx_vec_free(&l->bogons6);
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

static int
load_rpki(struct rsg_ctx *ctx, struct loaded *l, struct rsg_error *err)
{
	const struct rsg_config *cfg = &ctx->cfg;
	struct rpki_opts o = rsg__ctx_rpki_opts(cfg);
	int rc;

	for (size_t i = 0; i < cfg->vrp_files.n; i++) {
		const struct cfg_source *src = &cfg->vrp_files.v[i];
		struct rpki_meta m = { 0 };

		rc = rsg__rpki_load_file(
		    src->path, src->format, &o, &l->vrps, &l->aspas, &m, err);
		if (rc != 0)
			return rc;
		if (m.buildtime != 0
		    && (l->rpki_buildtime == 0
			|| m.buildtime < l->rpki_buildtime))
			l->rpki_buildtime = m.buildtime;
		rsg__ctx_log(ctx,
		    m.vrps == 0 && m.vrps_skipped > 0 ? RSG_LOG_WARNING
						      : RSG_LOG_INFO,
		    "%s: %zu VRPs, %zu ASPAs (%zu VRPs and %zu ASPAs expired "
		    "or from other trust anchors)",
		    src->path, m.vrps, m.aspas, m.vrps_skipped,
		    m.aspas_skipped);
	}
	for (size_t i = 0; i < cfg->aspa_files.n; i++) {
		struct rpki_meta m = { 0 };

		rc = rsg__rpki_load_file(cfg->aspa_files.v[i], RPKI_FMT_JSON,
		    &o, NULL, &l->aspas, &m, err);
		if (rc != 0)
			return rc;
		rsg__ctx_log(ctx, RSG_LOG_INFO, "%s: %zu ASPAs",
		    cfg->aspa_files.v[i], m.aspas);
	}
	for (size_t i = 0; i < cfg->slurm_files.n; i++) {
		struct slurm s = { 0 };

		rc = rsg__slurm_load_file(cfg->slurm_files.v[i], &s, err);
		if (rc == 0) {
			rc = rsg__slurm_apply(&s, &l->vrps, &l->aspas);
			if (rc != 0)
				rsg__err(err, rc, cfg->slurm_files.v[i], 0, 0,
				    "%s", rsg_strerror(rc));
		}
		rsg__slurm_free(&s);
		if (rc != 0)
			return rc;
	}
	return 0;
}

RSG_EXPORT int
rsg_ctx_load(struct rsg_ctx *ctx)
{
	const struct rsg_config *cfg;
	struct loaded l = { 0 };
	struct rsg_error err = { 0 };
	struct rsg_snapshot *s = NULL;
	int rc;

	if (ctx == NULL)
		return RSG_EINVAL;
	if (ctx->w != NULL)
		return ctx_fail(ctx, RSG_EBUSY,
		    "the worker is running: use rsg_ctx_refresh()");
	cfg = &ctx->cfg;
	ctx->errmsg[0] = '\0';
	rc = load_rpki(ctx, &l, &err);
	if (rc == 0 && cfg->peeringdb_file != NULL)
		rc = rsg__pdb_load_file(cfg->peeringdb_file, &l.pdb, &err);
	if (rc == 0 && cfg->bogons_v4_file != NULL)
		rc = rsg__pfxfile_load(
		    cfg->bogons_v4_file, RSG_AFI_IPV4, &l.bogons4, &err);
	if (rc == 0 && cfg->bogons_v6_file != NULL)
		rc = rsg__pfxfile_load(
		    cfg->bogons_v6_file, RSG_AFI_IPV6, &l.bogons6, &err);
	if (rc != 0) {
		ctx_fail(ctx, rc, err.message);
		goto out;
	}
	{
		struct snap_input in = {
			.cfg = cfg,
			.vrps = cfg->vrp_files.n ? &l.vrps : NULL,
			.aspas = cfg->vrp_files.n || cfg->aspa_files.n
			    ? &l.aspas
			    : NULL,
			.pdb = cfg->peeringdb_file ? &l.pdb : NULL,
			.bogons4 = cfg->bogons_v4_file ? &l.bogons4 : NULL,
			.bogons6 = cfg->bogons_v6_file ? &l.bogons6 : NULL,
			.rpki_buildtime = l.rpki_buildtime,
		};

		rc = rsg__snapshot_build(&in, &s);
		if (rc != 0) {
			ctx_fail(ctx, rc, "building the snapshot");
			goto out;
		}
	}
	rsg__ctx_publish(ctx, s, NULL);
	rsg__ctx_log(ctx, RSG_LOG_INFO,
	    "published generation %llu: %zu+%zu VRPs, %zu ASPA customers, "
	    "%zu clients, %zu bytes, built in %llu us",
	    (unsigned long long)s->generation, s->rov->roa.t4.nrec,
	    s->rov->roa.t6.nrec, s->aspa->aspa.ncust, s->pol->nclients,
	    rsg__snapshot_bytes(s), (unsigned long long)s->build_usec);
out:
	loaded_free(&l);
	return rc;
}

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
	if (s == NULL) {
		rc = RSG_ENODATA;
	} else {
		st->generation = s->generation;
		st->published_at = s->published_at;
		st->vrps_ipv4 = s->rov->roa.t4.nrec;
		st->vrps_ipv6 = s->rov->roa.t6.nrec;
		st->aspas = s->aspa->aspa.ncust;
		st->clients = s->pol->nclients;
		st->bogons_ipv4 = s->pol->bogons4;
		st->bogons_ipv6 = s->pol->bogons6;
		st->never_via_rs = s->pol->never_via.n;
		st->snapshot_bytes = rsg__snapshot_bytes(s);
		st->vrp_bytes = s->rov->roa.t4.bytes + s->rov->roa.t6.bytes;
		st->build_usec = s->build_usec;
		pthread_mutex_lock(ctx_lock(ctx));
		st->publications = ctx->publications;
		st->publish_usec = ctx->publish_usec;
		pthread_mutex_unlock(ctx_lock(ctx));
		st->rpki_buildtime = s->rov->buildtime;
	}
	rsg__rcu_read_unlock(ctx);
	return rc;
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
		c = rsg__snapshot_client(s->pol, peer_ip);
		if (c == NULL || c->asn != peer_asn) {
			c = &s->pol->general;
			rc = RSG_ENOCLIENT;
		}
		out->max_prefix_v4 = c->max_prefix_v4;
		out->max_prefix_v6 = c->max_prefix_v6;
		out->action = c->k.max_prefix_action;
	}
	rsg__rcu_read_unlock(ctx);
	return rc;
}
