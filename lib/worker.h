/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The worker: one thread with a libuv loop that owns every source and
 * every update (CONVENTIONS: THREADING).
 *
 *   host threads        worker thread (uv loop)             rtrlib threads
 *   rsg_ctx_refresh --> cmd async -> re-read files
 *   rsg_ctx_reload  --> cmd async -> new configuration
 *                       rtr async <-- queue <------------- pfx callbacks
 *                       fs events, timers
 *                       vrpmap -> delta -> parts -> publish (RCU)
 *   rsg_ctx_dispatch <- notify pipe + change summary (mutex)
 *
 * Nothing here runs on a host thread except rsg__worker_command() and the
 * dispatch side in changes.c. rtrlib's callbacks only append to a queue
 * under a mutex and wake the loop (the traps of rtrlib-stayrtr.md §1).
 */
#ifndef RSG_WORKER_H
#define RSG_WORKER_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "cfg.h"
#include "peeringdb.h"
#include "plist.h"
#include "rpki.h"
#include "snapshot.h"
#include "vrpmap.h"

struct rsg_ctx;
struct rtr_state;

/* The change summary handed to the host (rsg_changes_*()). */
struct prefix_vec {
	struct rsg_prefix *v;
	size_t n, cap;
};

struct rsg_changes {
	uint64_t generation;
	unsigned sources; /* 1u << enum rsg_source */
	bool all;
	struct prefix_vec prefixes;
	struct asn_vec asns;
	struct ip_vec clients;
};

/* Above this many prefixes a summary says "all" instead. */
#define CHANGES_MAX_PREFIXES 200000

void rsg__changes_clear(struct rsg_changes *c);
/* The prefixes of a VRP delta (or "all" past CHANGES_MAX_PREFIXES). */
int rsg__changes_add_delta(struct rsg_changes *c, const struct vrp_delta *d);
void rsg__changes_free(struct rsg_changes *c);
/* dst += src (src unchanged). 0 or RSG_ENOMEM (then dst->all is set). */
int rsg__changes_merge(struct rsg_changes *dst, const struct rsg_changes *src);
/* Sort and drop prefixes covered by others; sort and unique the rest. */
void rsg__changes_compact(struct rsg_changes *c);

/* Commands from the host, coalesced in a bitmask. */
enum wcmd {
	WCMD_STOP = 1u << 0,
	WCMD_REFRESH = 1u << 1,
	WCMD_RELOAD = 1u << 2,
};

/* One data source owned by the worker. */
struct wsource {
	enum rsg_source kind;
	char *path;      /* files */
	unsigned bit;    /* vrpmap bit, or UINT32_MAX */
	unsigned status; /* index into ctx->status */
	enum rpki_format format;
	bool loaded; /* good data in service */
	bool stale;  /* withdrawn for its age */
	int64_t buildtime;
	uint64_t hash;         /* of the parsed content: skip if equal */
	uint64_t aspa_hash;    /* of aspas */
	struct aspa_set aspas; /* VRP and ASPA files */
	struct slurm slurm;
	struct pdb_vec pdb;
	struct pfx_vec pfx;
	uv_fs_event_t *ev; /* watches the file's directory; NULL: none */
	bool want;         /* changed on disk: read it soon */
	int64_t mtime_ns;  /* of the last read: skip a refresh if equal */
	int64_t size;
	uint64_t ino;
	struct worker *w;
};

struct worker {
	struct rsg_ctx *ctx;
	pthread_t thread;
	uv_loop_t loop;
	uv_async_t cmd_async;
	uv_async_t rtr_async;
	uv_timer_t tick;    /* once a second: ages, expiry, refresh */
	uv_timer_t publish; /* debounce of publications */
	uv_timer_t fsdelay; /* debounce of file-change events */

	pthread_mutex_t qlock; /* cmds, init handshake */
	pthread_cond_t qcond;
	unsigned cmds;
	int init_rc; /* thread start: 1 running, < 0 failed */
	bool stopping;

	struct rsg_config *cfg; /* the worker's own copy */
	struct wsource *src;
	size_t nsrc;
	unsigned next_bit;
	int64_t last_refresh;

	struct vrpmap map;
	struct vrp_delta delta; /* not yet published */
	struct slurm slurm_all; /* filters of every SLURM file */
	bool aspa_dirty;
	bool policy_dirty;
	bool rov_full;           /* build the ROV part from scratch */
	struct rsg_changes pend; /* for the next publication */
	uint64_t first_pending;  /* usec when the oldest change came */

	struct snap_rov *rov; /* the published parts (worker refs) */
	struct snap_aspa *aspa;
	struct snap_policy *pol;

	struct rtr_state *rtr;
};

/* worker.c: called by ctx.c */
int rsg__worker_start(struct rsg_ctx *ctx);
void rsg__worker_stop(struct rsg_ctx *ctx);
int rsg__worker_command(struct rsg_ctx *ctx, unsigned cmd);

/* worker.c: for rtr.c, on the worker thread */
void rsg__worker_schedule(struct worker *w, unsigned delay_ms);
unsigned rsg__worker_status_add(
    struct worker *w, enum rsg_source kind, const char *name);
void rsg__worker_status_set(
    struct worker *w, unsigned idx, const struct rsg_source_status *st);
/* A failed attempt (ERROR, the last good data stays) or data withdrawn
 * (STALE): counted, logged, kept as the last error. An ERROR does not
 * turn STALE data back into ERROR. */
void rsg__worker_status_fail(struct worker *w, unsigned idx,
    enum rsg_source_state state, const char *msg);
void rsg__worker_status_get(
    struct worker *w, unsigned idx, struct rsg_source_status *st);
void rsg__worker_note_source(struct worker *w, enum rsg_source kind);

/* rtr.c */
int rsg__rtr_start(struct worker *w);
void rsg__rtr_stop(struct worker *w);
void rsg__rtr_drain(struct worker *w);
void rsg__rtr_tick(struct worker *w, int64_t now);

#endif /* RSG_WORKER_H */
