/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The worker thread (see worker.h): its loop, commands, the operations
 * it queues on the build lane, and publication.
 *
 * A publication is scheduled a short quiet period after the last change
 * (a burst of file events settles first), at most PUBLISH_MAX_DELAY_MS
 * after the first; an RTR sync asks for one at once. One publication is
 * built at a time: a request while one is out is remembered and served
 * when it is back. Nothing pending means nothing is published: an
 * identical file or an empty RTR update leaves the snapshot alone.
 *
 * Every libuv call that can fail is checked: a failure while starting
 * ends the start with a clear error (rsg_ctx_errmsg()) and the snapshot
 * in service untouched; a failure later (a timer that cannot be armed)
 * is logged and retried by the once-a-second tick.
 */
#include "config.h"

#include "worker.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "ctx.h"
#include "util.h"

#define TICK_MS 1000
#define LAG_MS  100

/* Handles, for the teardown of a start that failed half way. */
enum {
	H_CMD = 1u << 0,
	H_RTR = 1u << 1,
	H_LANE = 1u << 2,
	H_TICK = 1u << 3,
	H_PUBLISH = 1u << 4,
	H_FSDELAY = 1u << 5,
	H_LAG = 1u << 6,
	H_CFGDELAY = 1u << 7,
};

/* ------------------------------------------------------------------ */
/* Status                                                              */

void
rsg__worker_fail(struct worker *w, struct rsg_source_status *st,
    enum rsg_source_state state, const char *msg)
{
	st->last_attempt = rsg__wall_time();
	st->errors++;
	/* a failed read of withdrawn data does not bring it back */
	if (!(state == RSG_SRC_ERROR && st->state == RSG_SRC_STALE))
		st->state = (uint8_t)state;
	strlcpy(st->last_error, msg, sizeof(st->last_error));
	rsg__ctx_log(w->ctx, RSG_LOG_WARNING, "%s%s", msg,
	    state == RSG_SRC_ERROR ? " (last good data kept)" : "");
}

/* The host's copy of every source's status (the configuration first). */
void
rsg__worker_status_sync(struct worker *w)
{
	struct rsg_ctx *ctx = w->ctx;
	struct rsg_source_status *nv;
	size_t n = 1;

	for (size_t i = 0; i < w->nsrc; i++)
		n += !w->src[i]->dead;
	pthread_mutex_lock(&ctx->lock);
	nv = n > ctx->nstatus_cap
	    ? rsg__reallocarray(ctx->status, n, sizeof(*nv))
	    : ctx->status;
	if (nv != NULL) {
		if (n > ctx->nstatus_cap)
			ctx->nstatus_cap = n;
		ctx->status = nv;
		nv[0] = w->cfg_st;
		n = 1;
		for (size_t i = 0; i < w->nsrc; i++) {
			if (!w->src[i]->dead)
				nv[n++] = w->src[i]->st;
		}
		ctx->nstatus = n;
	}
	pthread_mutex_unlock(&ctx->lock);
}

void
rsg__worker_note(struct worker *w, enum rsg_source kind)
{
	w->pend_sources |= 1u << kind;
}

/* ------------------------------------------------------------------ */
/* Operations on the tables                                            */

struct op {
	struct job job; /* first */
	struct worker *w;
	enum op_kind kind;
	struct wsource *src; /* whose data (held: src->ops) */
	unsigned slot;
	bool active;
	void *data;
	unsigned sources;
	unsigned rov_state, aspa_state;
	int rc;
	struct publish_info info;
};

static void
op_free_data(enum op_kind kind, void *data)
{
	switch (kind) {
	case OP_VRPS:
		rsg__vrpset_unref(data);
		break;
	case OP_RTR:
		if (data != NULL)
			rsg__vrplog_free(data);
		rsg__free(data);
		break;
	case OP_FILE:
		if (data != NULL)
			rsg__parsed_free(data);
		rsg__free(data);
		break;
	case OP_CONFIG:
		rsg_config_free(data);
		break;
	default:
		break;
	}
}

/* On the build lane: the only place the tables change. */
static void
op_work(struct job *j)
{
	struct op *o = (struct op *)j;
	struct tables *t = &o->w->tables;

	rsg__tables_note(t, o->sources);
	switch (o->kind) {
	case OP_VRPS:
		o->rc = rsg__tables_vrps(t, o->slot, o->data, 0);
		o->info.vrps = rsg__vrpunion_count(&t->vrps, o->slot);
		break;
	case OP_RTR:
		o->rc = rsg__tables_rtr(t, o->slot, o->data);
		o->info.vrps = rsg__vrpunion_count(&t->vrps, o->slot);
		rsg__vrplog_free(o->data);
		rsg__free(o->data);
		break;
	case OP_FILE:
		o->rc = rsg__tables_take(t, o->slot, o->data);
		rsg__free(o->data);
		break;
	case OP_CONFIG:
		rsg__tables_config(t, o->data);
		break;
	case OP_ACTIVE:
		o->rc = rsg__tables_active(t, o->slot, o->active);
		break;
	case OP_DROP:
		o->rc = rsg__tables_drop(t, o->slot);
		break;
	case OP_PUBLISH:
		o->rc = rsg__tables_publish(
		    t, o->w->ctx, o->rov_state, o->aspa_state, &o->info);
		break;
	}
	/* the tables took it */
	o->data = NULL;
}

static void request_publish(struct worker *w);

/* Back on the loop. */
static void
op_done(struct job *j, bool cancelled)
{
	struct op *o = (struct op *)j;
	struct worker *w = o->w;

	if (cancelled) {
		if (o->src != NULL)
			o->src->ops--;
		op_free_data(o->kind, o->data);
		rsg__free(o);
		return;
	}
	if (o->kind == OP_PUBLISH) {
		w->pub_inflight = false;
		if (o->rc != 0) {
			/* everything stays pending: try again shortly */
			rsg__ctx_log(w->ctx, RSG_LOG_ERROR,
			    "building a snapshot failed: %s",
			    rsg_strerror(o->rc));
			rsg__worker_schedule(w, PUBLISH_MAX_DELAY_MS);
		} else if (o->info.published) {
			rsg__ctx_log(w->ctx, RSG_LOG_INFO,
			    "published generation %llu: %zu VRPs, %zu items "
			    "changed, built in %llu us",
			    (unsigned long long)o->info.generation,
			    o->info.vrps, o->info.changes,
			    (unsigned long long)o->info.build_usec);
		}
		if (w->pub_again) {
			w->pub_again = false;
			rsg__worker_schedule(w, 0);
		}
	} else if (o->src != NULL) {
		struct wsource *s = o->src;

		s->ops--;
		if (s->dead) {
			rsg__free(o);
			rsg__sources_reap(w);
			return;
		}
		if (s->kind == RSG_SOURCE_RTR) {
			if (o->rc != 0)
				rsg__ctx_log(w->ctx, RSG_LOG_ERROR,
				    "applying new VRPs failed: %s",
				    rsg_strerror(o->rc));
			/* what the cache holds now, as applied */
			s->st.vrps = o->info.vrps;
			rsg__worker_status_sync(w);
			if (o->rc != 0)
				rsg__sources_rtr_lost(w, s);
		} else if (o->rc != 0) {
			char msg[300];

			/* the tables kept the old data: read it again; with
			 * none of it in them, it is not loaded either */
			s->hash = 0;
			if (!s->applied) {
				s->loaded = false;
				rsg__worker_schedule(w, 0);
			}
			snprintf(msg, sizeof(msg),
			    "%s: applying its data failed: %s", s->st.name,
			    rsg_strerror(o->rc));
			rsg__worker_fail(w, &s->st, RSG_SRC_ERROR, msg);
			rsg__worker_status_sync(w);
		} else {
			s->applied = true;
		}
	} else if (o->rc != 0) {
		rsg__ctx_log(w->ctx, RSG_LOG_ERROR,
		    "applying new data failed: %s", rsg_strerror(o->rc));
	}
	rsg__free(o);
}

static struct op *
op_new(struct worker *w, enum op_kind kind)
{
	struct op *o = rsg__calloc(1, sizeof(*o));

	if (o == NULL)
		return NULL;
	o->job.work = op_work;
	o->job.done = op_done;
	o->w = w;
	o->kind = kind;
	o->sources = w->pend_sources;
	w->pend_sources = 0;
	return o;
}

static void
op_submit(struct worker *w, struct op *o)
{
	rsg__lane_submit(&w->build, &o->job);
}

int
rsg__worker_op_data(struct worker *w, int kind, struct wsource *s, void *data)
{
	struct op *o = op_new(w, (enum op_kind)kind);

	if (o == NULL) {
		op_free_data((enum op_kind)kind, data);
		if (s != NULL)
			s->hash = 0; /* read again at the next refresh */
		rsg__ctx_log(w->ctx, RSG_LOG_ERROR, "%s: %s",
		    s != NULL ? s->st.name : "the configuration",
		    rsg_strerror(RSG_ENOMEM));
		return RSG_ENOMEM;
	}
	if (s != NULL) {
		o->src = s;
		s->ops++;
	}
	o->slot = s != NULL ? s->slot : UINT32_MAX;
	o->data = data;
	op_submit(w, o);
	return 0;
}

void
rsg__worker_op_active(struct worker *w, struct wsource *s, bool active)
{
	struct op *o;

	if (s->slot == UINT32_MAX || s->active == active)
		return;
	if ((o = op_new(w, OP_ACTIVE)) == NULL) {
		/* s->active stays: the next tick tells it again */
		rsg__ctx_log(w->ctx, RSG_LOG_ERROR, "%s: %s", s->st.name,
		    rsg_strerror(RSG_ENOMEM));
		return;
	}
	o->slot = s->slot;
	o->active = active;
	s->active = active;
	op_submit(w, o);
}

void
rsg__worker_op_drop(struct worker *w, unsigned slot)
{
	struct op *o = op_new(w, OP_DROP);

	if (o == NULL) {
		/* the slot stays taken: it holds data no one counts */
		rsg__ctx_log(w->ctx, RSG_LOG_ERROR, "dropping a source: %s",
		    rsg_strerror(RSG_ENOMEM));
		return;
	}
	o->slot = slot;
	op_submit(w, o);
	w->slots &= ~((uint64_t)1 << slot);
}

/* ------------------------------------------------------------------ */
/* Publication                                                         */

/* The first publication waits for the first read of every file (they
 * take a second at most; RTR caches have their own NOT_READY), so that
 * PeeringDB, bogon lists and files all count from the start. */
#define INITIAL_WAIT_S 10

static bool
initial_reads_done(const struct worker *w)
{
	if (rsg__now_sec() - w->started > INITIAL_WAIT_S)
		return true;
	for (size_t i = 0; i < w->nsrc; i++) {
		const struct wsource *s = w->src[i];

		if (!s->dead && s->path != NULL
		    && (s->jobs > 0 || (!s->loaded && s->st.errors == 0)))
			return false;
	}
	return true;
}

static void
request_publish(struct worker *w)
{
	struct op *o;

	if (w->stopping)
		return;
	if (w->initial) {
		if (!initial_reads_done(w))
			return; /* the last first read asks again */
		w->initial = false;
	}
	if (w->pub_inflight) {
		w->pub_again = true;
		return;
	}
	if ((o = op_new(w, OP_PUBLISH)) == NULL) {
		rsg__worker_schedule(w, PUBLISH_MAX_DELAY_MS);
		return;
	}
	/* the states that hold once every operation queued so far is
	 * applied: they are queued before this one */
	rsg__sources_states(w, &o->rov_state, &o->aspa_state);
	w->first_pending = 0;
	w->pub_inflight = true;
	op_submit(w, o);
}

static void
on_publish(uv_timer_t *t)
{
	request_publish(t->data);
}

void
rsg__worker_schedule(struct worker *w, unsigned delay_ms)
{
	uint64_t now = rsg__now_usec(), waited;
	int rc;

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
	rc = uv_timer_start(&w->publish, on_publish, delay_ms, 0);
	if (rc != 0) {
		/* the tick publishes what is pending */
		rsg__ctx_log(w->ctx, RSG_LOG_ERROR,
		    "worker: uv_timer_start: %s", uv_strerror(rc));
	}
}

/* ------------------------------------------------------------------ */
/* Loop                                                                */

static void
on_lanes(uv_async_t *a)
{
	struct worker *w = a->data;

	rsg__lane_reap(&w->parse);
	rsg__lane_reap(&w->build);
}

static void
on_rtr(uv_async_t *a)
{
	rsg__sources_rtr(a->data);
}

static void
on_tick(uv_timer_t *t)
{
	struct worker *w = t->data;

	rsg__sources_tick(w, rsg__wall_time());
	rsg__cfgwatch_tick(w, rsg__wall_time());
	/* a publication whose timer could not be armed, or the first one
	 * after the longest wait for the files */
	if (w->initial
	    || (w->first_pending != 0
		&& rsg__now_usec() - w->first_pending
		    > (uint64_t)PUBLISH_MAX_DELAY_MS * 2000))
		request_publish(w);
}

static void
on_lag(uv_timer_t *t)
{
	struct worker *w = t->data;
	uint64_t now = rsg__now_usec();

	if (now > w->lag_due) {
		uint64_t late = now - w->lag_due;

		if (late > __atomic_load_n(&w->lag_max_usec, __ATOMIC_RELAXED))
			__atomic_store_n(
			    &w->lag_max_usec, late, __ATOMIC_RELAXED);
	}
	w->lag_due = now + (uint64_t)LAG_MS * 1000;
}

uint64_t
rsg__worker_lag(struct worker *w)
{
	return __atomic_exchange_n(&w->lag_max_usec, 0, __ATOMIC_RELAXED);
}

static void
close_handles(struct worker *w)
{
	if (w->handles & H_CMD)
		uv_close((uv_handle_t *)&w->cmd_async, NULL);
	if (w->handles & H_RTR)
		uv_close((uv_handle_t *)&w->rtr_async, NULL);
	if (w->handles & H_LANE)
		uv_close((uv_handle_t *)&w->lane_async, NULL);
	if (w->handles & H_TICK)
		uv_close((uv_handle_t *)&w->tick, NULL);
	if (w->handles & H_PUBLISH)
		uv_close((uv_handle_t *)&w->publish, NULL);
	if (w->handles & H_FSDELAY)
		uv_close((uv_handle_t *)&w->fsdelay, NULL);
	if (w->handles & H_LAG)
		uv_close((uv_handle_t *)&w->lagtimer, NULL);
	if (w->handles & H_CFGDELAY)
		uv_close((uv_handle_t *)&w->cfgdelay, NULL);
	w->handles = 0;
}

/* Everything that runs stops: rtrlib's threads, the lanes (their
 * finished jobs are done, queued ones cancelled), then the handles. */
static void
shutdown_loop(struct worker *w)
{
	w->stopping = true;
	rsg__sources_stop(w);
	rsg__cfgwatch_stop(w);
	rsg__lane_stop(&w->parse);
	rsg__lane_stop(&w->build);
	close_handles(w);
}

static void
config_ok(struct worker *w, const struct rsg_config *cfg)
{
	struct rsg_source_status *st = &w->cfg_st;

	snprintf(st->name, sizeof(st->name), "%s",
	    cfg->src_name != NULL ? cfg->src_name : "(configuration)");
	st->kind = RSG_SOURCE_CONFIG;
	st->state = RSG_SRC_OK;
	st->last_attempt = st->last_success = st->last_change =
	    rsg__wall_time();
	st->serial++;
	st->records = cfg->clients.n;
	st->last_error[0] = '\0';
}

/* A new configuration (taken): policy at once, sources reconciled. */
static void
apply_config(struct worker *w, struct rsg_config *n)
{
	struct rsg_config *copy = NULL;
	int rc;

	/* the tables' own copy (a small configuration's text parsed again) */
	if ((rc = rsg__config_dup(n, &copy)) != 0) {
		rsg_config_free(n);
		rsg__worker_fail(
		    w, &w->cfg_st, RSG_SRC_ERROR, rsg_strerror(rc));
		rsg__worker_status_sync(w);
		return;
	}
	rsg_config_free(w->cfg);
	w->cfg = n;
	rsg__worker_note(w, RSG_SOURCE_CONFIG);
	rsg__worker_op_data(w, OP_CONFIG, NULL, copy);
	config_ok(w, n);
	w->cfg_unread = false;
	if ((rc = rsg__sources_setup(w, true)) != 0)
		rsg__worker_fail(
		    w, &w->cfg_st, RSG_SRC_ERROR, rsg_strerror(rc));
	rsg__worker_status_sync(w);
	rsg__sources_load(w, false);
	rsg__worker_schedule(w, PUBLISH_QUIET_MS);
	/* its files may include others now, or be given as text */
	rsg__cfgwatch_setup(w);
}

/* The configuration file read again, with its !include files, as the
 * one in force was: the new configuration, or NULL with the error in the
 * CONFIG source status. */
static struct rsg_config *
read_config(struct worker *w)
{
	struct rsg_config *n = NULL;
	char msg[512];
	int rc;

	if (w->cfg->src_name == NULL || w->cfg->base_dir == NULL) {
		rsg__worker_fail(w, &w->cfg_st, RSG_SRC_ERROR,
		    "the configuration was not read from a file: nothing to "
		    "reload");
		rsg__worker_status_sync(w);
		return NULL;
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
		rsg__worker_fail(w, &w->cfg_st, RSG_SRC_ERROR, msg);
		rsg__worker_status_sync(w);
		rsg_config_free(n);
		w->cfg_unread = true;
		return NULL;
	}
	return n;
}

static void
reload_config(struct worker *w)
{
	struct rsg_config *n = read_config(w);

	if (n != NULL)
		apply_config(w, n);
}

static bool
same_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	return (a == NULL) == (b == NULL) && alen == blen
	    && (alen == 0 || memcmp(a, b, alen) == 0);
}

/* Whether a was read from what b was: the same text (the !include files
 * expanded in it), from the same files, and the same IX-F export. */
static bool
same_config(const struct rsg_config *a, const struct rsg_config *b)
{
	if (!same_bytes(a->src_text, a->src_len, b->src_text, b->src_len)
	    || !same_bytes(a->ixf_text, a->ixf_len, b->ixf_text, b->ixf_len)
	    || a->segs.n != b->segs.n)
		return false;
	for (size_t i = 0; i < a->segs.n; i++) {
		const struct cfg_segment *x = &a->segs.v[i], *y = &b->segs.v[i];

		if (x->first != y->first || x->line != y->line
		    || strcmp(x->name, y->name) != 0)
			return false;
	}
	return true;
}

void
rsg__worker_config_changed(struct worker *w)
{
	struct rsg_source_status *st = &w->cfg_st;
	struct rsg_config *n = read_config(w);

	if (n == NULL)
		return; /* the last good one stays; the status says why */
	if (!same_config(n, w->cfg)) {
		rsg__ctx_log(w->ctx, RSG_LOG_INFO,
		    "%s changed on disk: applying it", w->cfg->src_name);
		apply_config(w, n);
		return;
	}
	/* written again as it was: nothing to publish, but an error a broken
	 * edit left is over */
	rsg_config_free(n);
	rsg__ctx_log(w->ctx, RSG_LOG_DEBUG, "%s read again: unchanged",
	    w->cfg->src_name);
	if (w->cfg_unread) {
		w->cfg_unread = false;
		st->state = RSG_SRC_OK;
		st->last_attempt = st->last_success = rsg__wall_time();
		st->last_error[0] = '\0';
		rsg__worker_status_sync(w);
	}
}

static void
on_command(uv_async_t *a)
{
	struct worker *w = a->data;
	struct rsg_config *n;
	unsigned cmds;

	pthread_mutex_lock(&w->qlock);
	cmds = w->cmds;
	w->cmds = 0;
	n = w->next_cfg;
	w->next_cfg = NULL;
	pthread_mutex_unlock(&w->qlock);
	if (cmds & WCMD_STOP) {
		rsg_config_free(n);
		shutdown_loop(w);
		return;
	}
	if (n != NULL)
		apply_config(w, n);
	else if (cmds & WCMD_RELOAD)
		reload_config(w);
	if (cmds & WCMD_REFRESH)
		rsg__sources_load(w, true);
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

#define UV_CHECK(w, call, what)                                                \
	do {                                                                   \
		int rc_ = (call);                                              \
                                                                               \
		if (rc_ != 0) {                                                \
			snprintf((w)->init_err, sizeof((w)->init_err),         \
			    "worker: %s: %s", (what), uv_strerror(rc_));       \
			goto fail;                                             \
		}                                                              \
	} while (0)

/* The loop's handles and the lanes; a clear error if one fails. */
static int
loop_setup(struct worker *w)
{
	UV_CHECK(w, uv_async_init(&w->loop, &w->cmd_async, on_command),
	    "uv_async_init");
	w->handles |= H_CMD;
	UV_CHECK(
	    w, uv_async_init(&w->loop, &w->rtr_async, on_rtr), "uv_async_init");
	w->handles |= H_RTR;
	UV_CHECK(w, uv_async_init(&w->loop, &w->lane_async, on_lanes),
	    "uv_async_init");
	w->handles |= H_LANE;
	UV_CHECK(w, uv_timer_init(&w->loop, &w->tick), "uv_timer_init");
	w->handles |= H_TICK;
	UV_CHECK(w, uv_timer_init(&w->loop, &w->publish), "uv_timer_init");
	w->handles |= H_PUBLISH;
	UV_CHECK(w, uv_timer_init(&w->loop, &w->fsdelay), "uv_timer_init");
	w->handles |= H_FSDELAY;
	UV_CHECK(w, uv_timer_init(&w->loop, &w->lagtimer), "uv_timer_init");
	w->handles |= H_LAG;
	UV_CHECK(w, uv_timer_init(&w->loop, &w->cfgdelay), "uv_timer_init");
	w->handles |= H_CFGDELAY;
	w->cmd_async.data = w->rtr_async.data = w->lane_async.data = w;
	w->tick.data = w->publish.data = w->fsdelay.data = w;
	w->lagtimer.data = w->cfgdelay.data = w;
	if (rsg__lane_start(&w->parse, "rsg-parse", &w->lane_async) != 0
	    || rsg__lane_start(&w->build, "rsg-build", &w->lane_async) != 0) {
		snprintf(w->init_err, sizeof(w->init_err),
		    "worker: cannot start its lane threads");
		goto fail;
	}
	UV_CHECK(w, uv_timer_start(&w->tick, on_tick, TICK_MS, TICK_MS),
	    "uv_timer_start");
	w->lag_due = rsg__now_usec() + (uint64_t)LAG_MS * 1000;
	UV_CHECK(w, uv_timer_start(&w->lagtimer, on_lag, LAG_MS, LAG_MS),
	    "uv_timer_start");
	return 0;
fail:
	rsg__lane_stop(&w->parse);
	rsg__lane_stop(&w->build);
	close_handles(w);
	/* let the close callbacks run, then the loop can be closed */
	uv_run(&w->loop, UV_RUN_DEFAULT);
	return RSG_EIO;
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	int rc;

	/* "top -H" and gdb show it; rtrlib's threads inherit the name */
	pthread_setname_np(pthread_self(), "rsg-worker");
	rc = uv_loop_init(&w->loop);
	if (rc != 0) {
		snprintf(w->init_err, sizeof(w->init_err),
		    "worker: uv_loop_init: %s", uv_strerror(rc));
		handshake(w, RSG_EIO);
		return NULL;
	}
	if (loop_setup(w) != 0) {
		uv_loop_close(&w->loop);
		handshake(w, RSG_EIO);
		return NULL;
	}
	config_ok(w, w->cfg);
	w->cfg_st.serial = 0;
	rc = rsg__sources_setup(w, false);
	if (rc != 0)
		rsg__worker_fail(
		    w, &w->cfg_st, RSG_SRC_ERROR, rsg_strerror(rc));
	rsg__worker_status_sync(w);
	/* after the sources: the fault tests fail their watches by order */
	rsg__cfgwatch_start(w);
	/* rsg_ctx_start() returns once every source has a status entry */
	handshake(w, 1);
	w->initial = true;
	w->started = rsg__now_sec();
	rsg__sources_load(w, true);
	/* the first publication as soon as the files are read */
	request_publish(w);
	uv_run(&w->loop, UV_RUN_DEFAULT);
	uv_loop_close(&w->loop);
	return NULL;
}

static void
worker_free(struct worker *w)
{
	rsg__sources_free(w);
	rsg__tables_free(&w->tables);
	rsg_config_free(w->cfg);
	rsg_config_free(w->next_cfg);
	pthread_cond_destroy(&w->qcond);
	pthread_mutex_destroy(&w->qlock);
	rsg__free(w);
}

int
rsg__worker_start(struct rsg_ctx *ctx, struct worker **out)
{
	struct worker *w;
	struct rsg_config *copy = NULL;
	sigset_t all, old;
	int rc;

	*out = NULL;
	w = rsg__calloc(1, sizeof(*w));
	if (w == NULL)
		return RSG_ENOMEM;
	w->ctx = ctx;
	rsg__tables_init(&w->tables);
	if (pthread_mutex_init(&w->qlock, NULL) != 0) {
		rsg__free(w);
		return RSG_ENOMEM;
	}
	if (pthread_cond_init(&w->qcond, NULL) != 0) {
		pthread_mutex_destroy(&w->qlock);
		rsg__free(w);
		return RSG_ENOMEM;
	}
	/* the tables have their own copy: the loop replaces its own */
	rc = rsg__config_dup(&ctx->cfg, &w->cfg);
	if (rc == 0)
		rc = rsg__config_dup(&ctx->cfg, &copy);
	if (rc != 0)
		goto fail;
	rsg__tables_config(&w->tables, copy);
	/* the worker and every thread it starts (lanes, rtrlib) block all
	 * signals: a signal the host handles must not interrupt their
	 * system calls */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(&w->thread, NULL, worker_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		snprintf(w->init_err, sizeof(w->init_err),
		    "worker: cannot start its thread: %s", strerror(rc));
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
	*out = w;
	return 0;
fail:
	rsg__ctx_fail(ctx, rc, w->init_err);
	worker_free(w);
	return rc;
}

void
rsg__worker_command(struct worker *w, unsigned cmd)
{
	pthread_mutex_lock(&w->qlock);
	w->cmds |= cmd;
	pthread_mutex_unlock(&w->qlock);
	/* the handle lives until the thread is joined, and callers hold
	 * the context's control mutex, which rsg_ctx_stop() takes too */
	uv_async_send(&w->cmd_async);
}

void
rsg__worker_config(struct worker *w, struct rsg_config *cfg)
{
	pthread_mutex_lock(&w->qlock);
	rsg_config_free(w->next_cfg);
	w->next_cfg = cfg;
	pthread_mutex_unlock(&w->qlock);
	uv_async_send(&w->cmd_async);
}

void
rsg__worker_stop(struct worker *w)
{
	rsg__worker_command(w, WCMD_STOP);
	pthread_join(w->thread, NULL);
	worker_free(w);
}
