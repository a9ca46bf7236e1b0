/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The context: a private copy of the configuration and the RCU-protected
 * pointer to the current snapshot.
 */
#ifndef RSG_CTX_H
#define RSG_CTX_H

#include <stdint.h>

#include "cfg.h"
#include "snapshot.h"

struct rsg_ctx {
	struct rsg_config cfg;     /* private copy */
	struct rsg_snapshot *snap; /* RCU: rsg__rcu_deref() to read */
	uint64_t generation;       /* of the last publication */
	char errmsg[512];
};

/*
 * Publish s (owned from now on): stamp its generation, swap it in, wait
 * for readers of the old snapshot, free it. Caller (writer) thread only.
 */
void rsg__ctx_publish(struct rsg_ctx *ctx, struct rsg_snapshot *s);

/* Log through the configuration's callback, if any. */
void rsg__ctx_log(const struct rsg_ctx *ctx, enum rsg_log_level level,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif /* RSG_CTX_H */
