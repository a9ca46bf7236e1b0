/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The route check on a given snapshot (rsg_check() takes it from the
 * context inside an RCU read section).
 */
#ifndef RSG_FILTER_H
#define RSG_FILTER_H

#include "rsguard.h"
#include "snapshot.h"

int rsg__check(const struct rsg_ctx *ctx, const struct rsg_snapshot *s,
    const struct rsg_route *r, struct rsg_verdict *v);

#endif /* RSG_FILTER_H */
