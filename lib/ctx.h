/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The context: a private copy of the configuration, the RCU-protected
 * pointer to the current snapshot, and what the host shares with the
 * writer (rsg_ctx_load() or the worker).
 *
 * Locks, never taken by the hot path:
 *   ctl    the control calls (start, stop, refresh, reload, apply_config,
 *          load): the worker pointer and the configuration; held while a
 *          command is queued, so a stop cannot free the worker under it
 *   lock   source and table status, the change history and the cursors
 *   dispatch_lock  the context's own cursor (rsg_ctx_dispatch())
 */
#ifndef RSG_CTX_H
#define RSG_CTX_H

#include <pthread.h>
#include <stdint.h>

#include "cfg.h"
#include "changes.h"
#include "rcu.h"
#include "rpki.h"

struct rsg_snapshot;
struct rsg_cursor;
struct worker;

/* Change records kept for cursors (history.c): past this, "all". */
#define HISTORY_RECORDS 256
#define HISTORY_ITEMS   1000000

struct history {
	struct rsg_changes *rec[HISTORY_RECORDS]; /* a ring */
	size_t head, n;
	size_t items;    /* prefixes, ASNs, clients held by the records */
	uint64_t floor;  /* records up to this generation were dropped */
	uint64_t newest; /* generation of the newest record */
};

struct rsg_ctx {
	struct rsg_config cfg; /* private copy (ctl) */
	rsg_log_cb log_cb;     /* from the configuration at rsg_ctx_new() */
	void *log_arg;
	struct rsg_snapshot *snap; /* RCU: rsg__rcu_deref() to read */
	uint64_t generation;       /* of the last publication (writer) */
	char errmsg[512];

	pthread_mutex_t ctl;
	struct worker *w; /* NULL: no worker running (ctl) */

	pthread_mutex_t lock; /* guards everything below */
	struct rsg_source_status *status;
	size_t nstatus, nstatus_cap;
	struct rsg_table_status table[2]; /* enum rsg_table */
	uint64_t publications;
	uint64_t publish_usec; /* of the last publication */
	struct history hist;
	struct rsg_cursor *cursors;

	pthread_mutex_t dispatch_lock;
	struct rsg_cursor *dflt; /* rsg_ctx_get_fd(), rsg_ctx_dispatch() */

	/* Tests: called on the publishing thread with every new snapshot,
	 * once it is in service. */
	void (*on_publish)(void *arg, const struct rsg_snapshot *s);
	void *on_publish_arg;

	/* blackhole requests: the host's table (rsg_ctx_set_announced_cb) */
	rsg_announced_cb announced_cb;
	void *announced_arg;
};

/* The lock of a context given as const (the API's readers take it too). */
static inline pthread_mutex_t *
ctx_lock(const struct rsg_ctx *ctx)
{
	return (pthread_mutex_t *)(uintptr_t)&ctx->lock;
}

/* The snapshot in service, for its writer (no read section needed). */
static inline const struct rsg_snapshot *
rsg__ctx_current(const struct rsg_ctx *ctx)
{
	return __atomic_load_n(&ctx->snap, __ATOMIC_ACQUIRE);
}

/*
 * Publish s and its change record ch (both owned from now on): stamp the
 * generation, swap s in, wait for readers of the old snapshot, free it;
 * then keep ch in the history and wake every cursor. The writer's thread
 * only (rsg_ctx_load() or the worker's build lane, never both).
 */
void rsg__ctx_publish(
    struct rsg_ctx *ctx, struct rsg_snapshot *s, struct rsg_changes *ch);

/* How a configuration reads rpki-client files (now: as_of, or the clock). */
struct rpki_opts rsg__ctx_rpki_opts(const struct rsg_config *cfg);

/* Record a failure in rsg_ctx_errmsg() and the log; returns rc. */
int rsg__ctx_fail(struct rsg_ctx *ctx, int rc, const char *msg);

/* Log through the configuration's callback, if any. */
void rsg__ctx_log(const struct rsg_ctx *ctx, enum rsg_log_level level,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A new configuration that is a copy of src. */
int rsg__config_dup(const struct rsg_config *src, struct rsg_config **out);

/* history.c */
void rsg__history_publish(struct rsg_ctx *ctx, struct rsg_changes *ch);
void rsg__history_free(struct history *h);
int rsg__cursor_new(struct rsg_ctx *ctx, uint64_t pos, struct rsg_cursor **out);
void rsg__cursor_free(struct rsg_cursor *k);
void rsg__cursors_detach(struct rsg_ctx *ctx);

/* The worker loop's worst lateness since the last call, microseconds;
 * 0 without a worker (tests, make bench). */
uint64_t rsg__ctx_loop_lag(struct rsg_ctx *ctx);

#endif /* RSG_CTX_H */
