/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * One RTR cache through rtrlib 0.8 (rtrlib-stayrtr.md): its own rtrlib
 * manager, its own socket thread, and a log of the records each sync
 * brought. It knows nothing of the worker: whoever owns it is woken by
 * a callback (from rtrlib's thread) and takes what happened.
 */
#ifndef RSG_RTR_H
#define RSG_RTR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cfg.h"
#include "vrpset.h"

struct rtr_cache;

/* Timers of every cache (sources.rtr_timers in the configuration). */
struct rtr_timers {
	uint32_t refresh, retry, expire;
	bool cache_timers; /* take the ones End of Data sends */
};

/* Called from rtrlib's thread when there is news; it must only wake its
 * owner (uv_async_send). */
typedef void (*rtr_wake_cb)(void *arg);

/* What happened since the last rsg__rtr_take(). */
struct rtr_news {
	bool synced;         /* a sync ended: the log below is complete */
	uint32_t serial;     /* of the last sync */
	uint32_t expire;     /* the expire interval then (End of Data) */
	int64_t last_update; /* monotonic seconds of the last sync */
	int error;           /* the last failure (an rtrlib state), or -1 */
	bool lost;           /* a record could not be logged: read it all
			      * again (rsg__rtr_records) */
};

/* A cache; *err names the problem if the transport cannot be set up. */
int rsg__rtr_new(const struct cfg_rtr *c, const struct rtr_timers *t,
    rtr_wake_cb wake, void *arg, struct rtr_cache **out, char *err,
    size_t errlen);
/* Connect (starts rtrlib's thread, which inherits the signal mask). */
int rsg__rtr_start(struct rtr_cache *c);
/* Stop (joins the thread) and free; NULL-safe. */
void rsg__rtr_free(struct rtr_cache *c);
/* The news, and the records of every sync that ended (appended to log). */
int rsg__rtr_take(struct rtr_cache *c, struct rtr_news *n, struct vrplog *log);
/* Everything the cache holds now, from rtrlib's table. */
int rsg__rtr_records(struct rtr_cache *c, struct vrp_vec *out);
/* "rtr host:port[ ssh] (preference n)" */
const char *rsg__rtr_name(const struct rtr_cache *c);
/* A failure in plain words ("cannot connect, or the connection was lost"). */
const char *rsg__rtr_error_text(int state);
const char *rsg__rtr_state_name(int state);

#endif /* RSG_RTR_H */
