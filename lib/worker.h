/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The worker: one thread with a libuv loop that owns every source and
 * decides every publication, and two lanes that do the heavy work off
 * the loop (CONVENTIONS: THREADING).
 *
 *   host threads       worker loop (uv)              lanes
 *   rsg_ctx_refresh -> cmd async -> re-read files -> parse: read, parse,
 *   rsg_ctx_reload     (control mutex in ctx.c)        sort (no shared
 *   rsg_ctx_apply_config -> new configuration          state)
 *                      rtr async <- rtrlib threads
 *                      fs events, timers            -> build: the tables
 *                      readiness of ROV and ASPA       (vrpset union,
 *                      which sources serve             parts), publish
 *   rsg_cursor_read <- history + eventfd per cursor <- (RCU)
 *
 * The loop never touches the tables and never blocks: it turns events
 * into operations queued on the build lane in order (a file's new data,
 * an RTR sync, a slot switched on or off, a configuration), then a
 * publication with the table states that hold after them. sources.c
 * holds the sources; cfgwatch.c the configuration's own files on disk;
 * this file the thread, the loop and publication.
 */
#ifndef RSG_WORKER_H
#define RSG_WORKER_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "cfg.h"
#include "lane.h"
#include "rtr.h"
#include "tables.h"

struct rsg_ctx;
struct cfgfile;

/* Commands from the host, coalesced in a bitmask. */
enum wcmd {
	WCMD_STOP = 1u << 0,
	WCMD_REFRESH = 1u << 1,
	WCMD_RELOAD = 1u << 2,
};

/* Where a source stands across a reload. */
enum src_role {
	ROLE_SERVING = 0, /* in the configuration, serving once loaded */
	ROLE_JOINING,     /* added by a reload, not loaded yet */
	ROLE_RETIRING,    /* removed or changed by a reload: serves until
			   * every joining source has loaded */
};

/* PeeringDB and bogon lists: inputs of the policy part, counted in
 * records (the others hold VRPs and ASPAs in a tables slot). */
static inline bool
is_policy_input(enum rsg_source kind)
{
	return kind == RSG_SOURCE_PEERINGDB || kind == RSG_SOURCE_BOGONS_V4
	    || kind == RSG_SOURCE_BOGONS_V6 || kind == RSG_SOURCE_ARIN_WHOIS;
}

/* One data source owned by the worker. */
struct wsource {
	enum rsg_source kind;
	char *key;  /* identity across reloads: kind and every setting */
	char *path; /* files */
	enum rpki_format format;
	unsigned slot; /* tables slot, or UINT32_MAX (policy inputs) */
	enum src_role role;
	bool loaded;   /* good data in service */
	bool applied;  /* the tables took some of its data */
	bool stale;    /* withdrawn for its age */
	bool active;   /* its slot counts (as last told to the tables) */
	bool dead;     /* removed; freed when its last job and op are done */
	unsigned jobs; /* parse jobs out */
	unsigned ops;  /* its data on the build lane */
	bool again;    /* read it again when the job is back */
	bool want;     /* changed on disk: read it soon */
	uint64_t hash; /* of the parsed content: skip if equal */
	int64_t buildtime;
	int64_t mtime_ns, size; /* of the last read: skip a refresh if equal */
	uint64_t ino;
	uv_fs_event_t *ev; /* watches the file's directory; NULL: none */
	/* RTR */
	struct rtr_cache *rtr;
	uint32_t preference;
	int64_t synced;  /* monotonic seconds of the last sync, 0: never */
	uint32_t expire; /* the cache's expire interval then */
	bool expired;    /* no sync within the expire interval */
	/* IRRd (whoissrc.c) */
	struct whois *wc;        /* the client, kept between fetches */
	struct irrfetch *fetch;  /* the fetch out, or NULL */
	struct irr_db *irr_last; /* the last good data: prev of the next */
	int64_t fetched;         /* monotonic seconds of the last start */
	struct rsg_source_status st;
	struct worker *w;
};

struct worker {
	struct rsg_ctx *ctx;
	pthread_t thread;
	uv_loop_t loop;
	uv_async_t cmd_async;
	uv_async_t rtr_async;
	uv_async_t lane_async;
	uv_timer_t tick;     /* once a second: ages, expiry, refresh */
	uv_timer_t publish;  /* debounce of publications */
	uv_timer_t fsdelay;  /* debounce of file-change events */
	uv_timer_t cfgdelay; /* the same for the configuration's files */
	uv_timer_t lagtimer; /* measures how late the loop runs */
	unsigned handles;    /* initialised handles, for the teardown */

	pthread_mutex_t qlock; /* cmds, next_cfg, the start handshake */
	pthread_cond_t qcond;
	unsigned cmds;
	struct rsg_config *next_cfg;
	int init_rc; /* thread start: 1 running, < 0 failed */
	char init_err[256];
	bool stopping;

	struct rsg_config *cfg; /* the configuration in force */
	struct rsg_source_status cfg_st;
	bool cfg_unread;          /* its file's last read failed */
	struct cfgfile *cfgfiles; /* its files, watched (cfgwatch.c) */
	bool cfg_want;            /* one of them changed: read them again */
	int64_t cfg_polled;       /* wall seconds of their last stat() */
	struct wsource **src;
	size_t nsrc;
	uint64_t slots; /* tables slots in use */
	int64_t last_refresh;
	bool rtr_retry; /* an RTR cache's news could not be taken */
	struct lane parse, build;
	struct tables tables; /* the build lane's alone */
	/* the AS-SETs PeeringDB gives the clients without any (irrdb
	 * peering_db), for the IRRd source to fetch: "AS-X\0RIPE::AS-Y\0" */
	char *pdb_sets;
	size_t pdb_sets_len;

	/* publication */
	bool initial;    /* the first reads of the files are out */
	int64_t started; /* monotonic seconds */
	bool pub_inflight, pub_again;
	uint64_t first_pending; /* usec when the oldest change came */
	unsigned pend_sources;  /* 1u << enum rsg_source */

	/* loop lag: how late the lag timer fires (metrics, tests) */
	uint64_t lag_due;
	uint64_t lag_max_usec;
};

/* worker.c: called by ctx.c under its control mutex */
int rsg__worker_start(struct rsg_ctx *ctx, struct worker **out);
void rsg__worker_stop(struct worker *w);
void rsg__worker_command(struct worker *w, unsigned cmd);
/* Hand over a configuration (taken) to apply like a reload. */
void rsg__worker_config(struct worker *w, struct rsg_config *cfg);
/* The loop's worst lateness since the last call, in microseconds. */
uint64_t rsg__worker_lag(struct worker *w);

/* Publication delays: a quiet period after a change, and the longest
 * wait since the first change. */
#define PUBLISH_QUIET_MS     20
#define PUBLISH_MAX_DELAY_MS 1000

/* A file is read this long after its last change event: writers rename
 * or write in several steps. */
#define FSDELAY_MS 100

/* worker.c: for sources.c and filesrc.c, on the loop */
void rsg__worker_schedule(struct worker *w, unsigned delay_ms);
void rsg__worker_note(struct worker *w, enum rsg_source kind);
/* New data of source s (NULL: the configuration) for the tables; the data
 * is taken, also on failure. RSG_ENOMEM if it could not be queued: the
 * source is read again at the next refresh. A failure to apply it on the
 * lane does the same (op_done). */
int rsg__worker_op_data(
    struct worker *w, int kind, struct wsource *s, void *data);
void rsg__worker_op_active(struct worker *w, struct wsource *s, bool active);
void rsg__worker_op_drop(struct worker *w, unsigned slot);
void rsg__worker_status_sync(struct worker *w);
/* A failed attempt (ERROR, the last good data stays) or data withdrawn
 * (STALE): counted, logged, kept as the last error. */
void rsg__worker_fail(struct worker *w, struct rsg_source_status *st,
    enum rsg_source_state state, const char *msg);
/* A file of the configuration changed: read it again as a reload does
 * and apply it, unless it says what is in service. */
void rsg__worker_config_changed(struct worker *w);

/* Operations on the tables (struct op in worker.c). */
enum op_kind {
	OP_VRPS,   /* data: struct vrpset */
	OP_RTR,    /* data: struct vrplog */
	OP_FILE,   /* data: struct parsed (a file's data) */
	OP_CONFIG, /* data: struct rsg_config */
	OP_ACTIVE,
	OP_DROP,
	OP_PUBLISH,
};

/* whoissrc.c: an IRRd source (kind IRR, no path) */
void rsg__whoissrc_load(struct worker *w, struct wsource *s, bool force);
void rsg__whoissrc_tick(struct worker *w, struct wsource *s, int64_t now);
void rsg__whoissrc_stop(struct wsource *s);
/* A PeeringDB file was read (on the loop, before the tables take it):
 * the AS-SETs of clients without any; a change fetches again. */
void rsg__whoissrc_pdb(struct worker *w, const struct pdb_vec *pdb);

/* sources.c */
int rsg__sources_setup(struct worker *w, bool reload);
void rsg__sources_load(struct worker *w, bool force);
void rsg__sources_stop(struct worker *w);
void rsg__sources_free(struct worker *w);
void rsg__sources_tick(struct worker *w, int64_t now);
void rsg__sources_rtr(struct worker *w);
/* The table states a publication carries now (enum table_state). */
void rsg__sources_states(struct worker *w, unsigned *rov, unsigned *aspa);
/* An RTR sync could not be applied (no memory): read it all again. */
void rsg__sources_rtr_lost(struct worker *w, struct wsource *s);
/* A source's data is in the tables: it serves from now on. */
void rsg__sources_loaded(struct worker *w, struct wsource *s);
/* Free the removed sources no job refers to any more. */
void rsg__sources_reap(struct worker *w);
/* rtrlib threads: wake the loop. */
void rsg__sources_rtr_wake(void *arg);

/* cfgwatch.c: the files of a configuration read from one (src_name and
 * base_dir set), its !include files among them. Setup watches those of
 * w->cfg (again after each applied configuration); start does, and reads
 * them once; stop drops them; the tick stat()s them every sources.refresh
 * seconds. */
void rsg__cfgwatch_start(struct worker *w);
void rsg__cfgwatch_setup(struct worker *w);
void rsg__cfgwatch_stop(struct worker *w);
void rsg__cfgwatch_tick(struct worker *w, int64_t now);

#endif /* RSG_WORKER_H */
