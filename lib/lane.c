/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Lanes: a thread, a queue of jobs, and the finished jobs for the loop
 * (see lane.h).
 */
#include "config.h"

#include "lane.h"

#include <stdio.h>
#include <string.h>

#include "rsguard.h"

static void *
lane_main(void *arg)
{
	struct lane *l = arg;

	pthread_setname_np(pthread_self(), l->name);
	pthread_mutex_lock(&l->lock);
	for (;;) {
		struct job *j;

		while (l->queue == NULL && !l->stop)
			pthread_cond_wait(&l->cond, &l->lock);
		if (l->queue == NULL)
			break;
		j = l->queue;
		l->queue = j->next;
		if (l->queue == NULL)
			l->queue_tail = &l->queue;
		pthread_mutex_unlock(&l->lock);
		j->work(j);
		pthread_mutex_lock(&l->lock);
		j->next = NULL;
		*l->finished_tail = j;
		l->finished_tail = &j->next;
		/* the loop's async handle lives until this thread is joined */
		uv_async_send(l->wake);
	}
	pthread_mutex_unlock(&l->lock);
	return NULL;
}

int
rsg__lane_start(struct lane *l, const char *name, uv_async_t *wake)
{
	memset(l, 0, sizeof(*l));
	l->queue_tail = &l->queue;
	l->finished_tail = &l->finished;
	l->wake = wake;
	snprintf(l->name, sizeof(l->name), "%s", name);
	if (pthread_mutex_init(&l->lock, NULL) != 0)
		return RSG_ENOMEM;
	if (pthread_cond_init(&l->cond, NULL) != 0) {
		pthread_mutex_destroy(&l->lock);
		return RSG_ENOMEM;
	}
	if (pthread_create(&l->thread, NULL, lane_main, l) != 0) {
		pthread_cond_destroy(&l->cond);
		pthread_mutex_destroy(&l->lock);
		return RSG_EIO;
	}
	l->started = true;
	return 0;
}

void
rsg__lane_submit(struct lane *l, struct job *j)
{
	j->next = NULL;
	pthread_mutex_lock(&l->lock);
	*l->queue_tail = j;
	l->queue_tail = &j->next;
	pthread_cond_signal(&l->cond);
	pthread_mutex_unlock(&l->lock);
}

void
rsg__lane_reap(struct lane *l)
{
	struct job *j;

	if (!l->started)
		return;
	pthread_mutex_lock(&l->lock);
	j = l->finished;
	l->finished = NULL;
	l->finished_tail = &l->finished;
	pthread_mutex_unlock(&l->lock);
	while (j != NULL) {
		struct job *next = j->next;

		j->done(j, false);
		j = next;
	}
}

void
rsg__lane_stop(struct lane *l)
{
	struct job *q;

	if (!l->started)
		return;
	pthread_mutex_lock(&l->lock);
	l->stop = true;
	q = l->queue;
	l->queue = NULL;
	l->queue_tail = &l->queue;
	pthread_cond_signal(&l->cond);
	pthread_mutex_unlock(&l->lock);
	pthread_join(l->thread, NULL);
	rsg__lane_reap(l);
	while (q != NULL) {
		struct job *next = q->next;

		q->done(q, true);
		q = next;
	}
	pthread_cond_destroy(&l->cond);
	pthread_mutex_destroy(&l->lock);
	l->started = false;
}
