/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The context: a private copy of the configuration, the RCU-protected
 * pointer to the current snapshot, and what the host and the worker share:
 * source status, the pending change summary and the notification pipe,
 * all under one mutex that the hot path never takes.
 */
#ifndef RSG_CTX_H
#define RSG_CTX_H

#include <pthread.h>
#include <stdint.h>

#include "cfg.h"
#include "snapshot.h"
#include "worker.h"

struct rsg_ctx {
	struct rsg_config cfg;     /* private copy */
	struct rsg_snapshot *snap; /* RCU: rsg__rcu_deref() to read */
	uint64_t generation;       /* of the last publication */
	uint64_t publications;
	uint64_t publish_usec; /* of the last publication */
	char errmsg[512];

	struct worker *w; /* NULL: no worker running */

	pthread_mutex_t lock; /* guards everything below */
	struct rsg_source_status *status;
	size_t nstatus;
	struct rsg_changes pending; /* merged since the last dispatch */
	bool have_pending;
	int notify_rd; /* readable: rsg_ctx_dispatch() */
	int notify_wr;
};

/* The lock of a context given as const (the API's readers take it too). */
static inline pthread_mutex_t *
ctx_lock(const struct rsg_ctx *ctx)
{
	return (pthread_mutex_t *)(uintptr_t)&ctx->lock;
}

/*
 * Publish s (owned from now on): stamp its generation, swap it in, wait
 * for readers of the old snapshot, free it; then queue ch (may be NULL)
 * for the host and wake it. The writer's thread only (rsg_ctx_load() or
 * the worker, never both).
 */
void rsg__ctx_publish(
    struct rsg_ctx *ctx, struct rsg_snapshot *s, const struct rsg_changes *ch);

/* How a configuration reads rpki-client files (now: as_of, or the clock). */
struct rpki_opts rsg__ctx_rpki_opts(const struct rsg_config *cfg);

/* Log through the configuration's callback, if any. */
void rsg__ctx_log(const struct rsg_ctx *ctx, enum rsg_log_level level,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif /* RSG_CTX_H */
