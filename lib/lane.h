/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * A lane: one thread that runs jobs in the order they were queued, off
 * the worker's libuv loop, and hands each finished job back to the loop.
 * The worker has two: file parsing, and everything that touches the
 * tables (applying data, building and publishing snapshots), so a long
 * parse never delays an RTR serial and the loop never waits for either.
 *
 * Lane threads are the worker's own (named, joined at stop, every signal
 * blocked like the worker), not libuv's process-wide thread pool, which
 * the host may use for its own work.
 */
#ifndef RSG_LANE_H
#define RSG_LANE_H

#include <pthread.h>
#include <stdbool.h>
#include <uv.h>

struct job {
	/* On the lane's thread. */
	void (*work)(struct job *j);
	/* On the loop's thread, after work (or instead of it, cancelled,
	 * when the lane stops first): frees the job. */
	void (*done)(struct job *j, bool cancelled);
	struct job *next;
};

struct lane {
	pthread_t thread;
	pthread_mutex_t lock; /* everything below */
	pthread_cond_t cond;
	struct job *queue, **queue_tail;
	struct job *finished, **finished_tail;
	bool stop;
	bool started;
	uv_async_t *wake; /* the loop's handle for finished jobs */
	char name[16];
};

/* Start the thread; wake is sent when jobs finish. 0 or RSG_EIO. */
int rsg__lane_start(struct lane *l, const char *name, uv_async_t *wake);
void rsg__lane_submit(struct lane *l, struct job *j);
/* Loop: run the done callbacks of every finished job, in order. */
void rsg__lane_reap(struct lane *l);
/* Let the running job finish, cancel the queued ones, join the thread,
 * and run every done callback. NULL-safe for a lane never started. */
void rsg__lane_stop(struct lane *l);

#endif /* RSG_LANE_H */
