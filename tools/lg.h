/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rsguard lg: the daemon's state and its view of BIRD (lg_state.c): the
 * BIRD connections it may hold at once, BIRD's protocol list (the names
 * a request may use) and the filtered routes of each channel, each read
 * again when old, and shared by the requests of every thread.
 */
#ifndef RSG_LG_H
#define RSG_LG_H

#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <rsguard.h>

#include "lg_bird.h"

#define RATE_SLOTS 4096

struct rate {
	uint8_t addr[16];
	time_t minute;
	uint32_t n;
};

struct lg {
	struct rsg_ctx *ctx;
	struct rsg_lg_config c;
	sem_t slots; /* BIRD connections free */
	pthread_mutex_t lock;
	struct lg_protocols protos; /* under lock */
	time_t protos_at;
	struct lg_protocols counted; /* protos with filtered counts, lock */
	time_t counted_at;
	bool counting;                 /* a request is counting them */
	pthread_cond_t counted_cv;     /* they are counted */
	struct rate rates[RATE_SLOTS]; /* under lock */
};

/* Take a BIRD connection slot, waiting at most the timeout. */
bool lg_slot_take(struct lg *lg);
/* Connect to BIRD's socket, times set to a form Alice reads. 0 or -1
 * (b->error). */
int lg_bird_connect(struct lg *lg, struct lg_bird *b);

/*
 * BIRD's protocol list, read again when older than a few seconds. Copies
 * the protocol called name (if not NULL) into out (if not NULL), and the
 * whole list into all (if not NULL). Returns 0, 1 if there is no such
 * protocol, -1 if BIRD could not be read (msg says why). refresh false
 * never reads BIRD: for a stream, which holds a connection already.
 */
int lg_protocols(struct lg *lg, const char *name, struct lg_protocol *out,
    struct lg_protocols *all, char *msg, size_t cap, bool refresh);
/* Is t a table of some channel BIRD listed? */
bool lg_table_known(struct lg *lg, const char *t);
/* The protocols with their filtered counts (a copy in *out). 0 or -1. */
int lg_counted(struct lg *lg, struct lg_protocols *out, char *msg, size_t cap);

#endif /* RSG_LG_H */
