/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The history of change records and the cursors that read it.
 *
 * Every publication appends its change record; the history keeps the
 * newest HISTORY_RECORDS records holding at most HISTORY_ITEMS items
 * between them. A reader asks for the changes since a generation and
 * gets them merged; past the bound (it asked for changes older than the
 * oldest record kept) the answer is "all". A cursor is such a reader with
 * its own position and its own eventfd, written on every publication: any
 * number of consumers (a BIRD channel each, a looking glass) read at
 * their own pace without taking changes from each other. The context's
 * own cursor serves rsg_ctx_get_fd() and rsg_ctx_dispatch().
 *
 * Everything here is under the context's lock, which the hot path never
 * takes.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "alloc.h"
#include "changes.h"
#include "ctx.h"

struct rsg_cursor {
	struct rsg_ctx *ctx; /* NULL once the context is gone */
	int fd;
	uint64_t pos; /* changes up to here were read */
	struct rsg_cursor *next;
};

void
rsg__history_free(struct history *h)
{
	for (size_t i = 0; i < h->n; i++)
		rsg__changes_free(h->rec[(h->head + i) % HISTORY_RECORDS]);
	memset(h, 0, sizeof(*h));
}

/* Drop the oldest record. */
static void
history_drop(struct history *h)
{
	struct rsg_changes *c = h->rec[h->head];

	h->floor = c->generation;
	h->items -= rsg__changes_items(c);
	rsg__changes_free(c);
	h->rec[h->head] = NULL;
	h->head = (h->head + 1) % HISTORY_RECORDS;
	h->n--;
}

static void
history_add(struct history *h, struct rsg_changes *c)
{
	size_t items = rsg__changes_items(c);

	while (h->n > 0
	    && (h->n == HISTORY_RECORDS || h->items + items > HISTORY_ITEMS))
		history_drop(h);
	if (items > HISTORY_ITEMS) {
		/* too big to keep: readers behind it get "all" */
		h->floor = c->generation;
		rsg__changes_free(c);
		return;
	}
	h->rec[(h->head + h->n) % HISTORY_RECORDS] = c;
	h->n++;
	h->items += items;
}

/* Under the lock: the changes after since, up to the newest record. */
static int
history_since(const struct history *h, uint64_t since, uint64_t newest,
    struct rsg_changes **out)
{
	struct rsg_changes *m;
	int rc;

	*out = NULL;
	if (since >= newest)
		return 0;
	if ((rc = rsg__changes_new(&m)) != 0)
		return rc;
	if (since < h->floor || since == 0) {
		/* older than what is kept, or everything since the start */
		rsg__changes_all(m);
	} else {
		for (size_t i = 0; i < h->n; i++) {
			const struct rsg_changes *c =
			    h->rec[(h->head + i) % HISTORY_RECORDS];

			if (c->generation > since)
				rsg__changes_merge(m, c);
		}
	}
	m->since = since;
	m->generation = newest;
	*out = m;
	return 1;
}

RSG_EXPORT int
rsg_ctx_changes(
    const struct rsg_ctx *ctx, uint64_t since, struct rsg_changes **out)
{
	int rc;

	if (ctx == NULL || out == NULL)
		return RSG_EINVAL;
	pthread_mutex_lock(ctx_lock(ctx));
	rc = history_since(&ctx->hist, since, ctx->hist.newest, out);
	pthread_mutex_unlock(ctx_lock(ctx));
	if (rc == 1)
		rsg__changes_compact(*out);
	return rc;
}

RSG_EXPORT void
rsg_changes_free(struct rsg_changes *ch)
{
	rsg__changes_free(ch);
}

/* Publication: keep the record, wake every cursor. */
void
rsg__history_publish(struct rsg_ctx *ctx, struct rsg_changes *c)
{
	uint64_t one = 1;

	pthread_mutex_lock(&ctx->lock);
	ctx->hist.newest = c->generation;
	history_add(&ctx->hist, c);
	for (struct rsg_cursor *k = ctx->cursors; k != NULL; k = k->next) {
		/* an eventfd counts; it cannot fill up in practice, and a
		 * full one is readable anyway */
		if (write(k->fd, &one, sizeof(one)) < 0 && errno != EAGAIN) {
		}
	}
	pthread_mutex_unlock(&ctx->lock);
}

/* ------------------------------------------------------------------ */
/* Cursors                                                             */

int
rsg__cursor_new(struct rsg_ctx *ctx, uint64_t pos, struct rsg_cursor **out)
{
	struct rsg_cursor *k;

	*out = NULL;
	if ((k = rsg__calloc(1, sizeof(*k))) == NULL)
		return RSG_ENOMEM;
	k->fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (k->fd < 0) {
		rsg__free(k);
		return errno == ENOMEM ? RSG_ENOMEM : RSG_EIO;
	}
	k->ctx = ctx;
	k->pos = pos;
	pthread_mutex_lock(&ctx->lock);
	k->next = ctx->cursors;
	ctx->cursors = k;
	pthread_mutex_unlock(&ctx->lock);
	*out = k;
	return 0;
}

RSG_EXPORT int
rsg_cursor_new(struct rsg_ctx *ctx, struct rsg_cursor **out)
{
	uint64_t pos;

	if (ctx == NULL || out == NULL)
		return RSG_EINVAL;
	pthread_mutex_lock(&ctx->lock);
	pos = ctx->hist.newest;
	pthread_mutex_unlock(&ctx->lock);
	return rsg__cursor_new(ctx, pos, out);
}

RSG_EXPORT int
rsg_cursor_fd(const struct rsg_cursor *k)
{
	return k != NULL ? k->fd : -1;
}

RSG_EXPORT uint64_t
rsg_cursor_generation(const struct rsg_cursor *k)
{
	return k != NULL ? k->pos : 0;
}

RSG_EXPORT int
rsg_cursor_read(struct rsg_cursor *k, struct rsg_changes **out)
{
	uint64_t n;
	int rc;

	if (k == NULL || out == NULL)
		return RSG_EINVAL;
	*out = NULL;
	if (k->ctx == NULL)
		return RSG_EINVAL;
	/* drain first: a publication from now on wakes the fd again */
	while (read(k->fd, &n, sizeof(n)) > 0)
		;
	rc = rsg_ctx_changes(k->ctx, k->pos, out);
	if (rc == 1)
		k->pos = (*out)->generation;
	return rc;
}

/* Unlink k (under the lock) and free it. */
void
rsg__cursor_free(struct rsg_cursor *k)
{
	if (k == NULL)
		return;
	if (k->ctx != NULL) {
		pthread_mutex_lock(&k->ctx->lock);
		for (struct rsg_cursor **p = &k->ctx->cursors; *p != NULL;
		     p = &(*p)->next) {
			if (*p == k) {
				*p = k->next;
				break;
			}
		}
		pthread_mutex_unlock(&k->ctx->lock);
	}
	close(k->fd);
	rsg__free(k);
}

RSG_EXPORT void
rsg_cursor_free(struct rsg_cursor *k)
{
	rsg__cursor_free(k);
}

/* The context goes: cursors the host still holds stay valid to free. */
void
rsg__cursors_detach(struct rsg_ctx *ctx)
{
	pthread_mutex_lock(&ctx->lock);
	for (struct rsg_cursor *k = ctx->cursors; k != NULL; k = k->next)
		k->ctx = NULL;
	ctx->cursors = NULL;
	pthread_mutex_unlock(&ctx->lock);
}

/* ------------------------------------------------------------------ */
/* The context's own cursor                                            */

RSG_EXPORT int
rsg_ctx_get_fd(const struct rsg_ctx *ctx)
{
	return ctx != NULL ? rsg_cursor_fd(ctx->dflt) : -1;
}

RSG_EXPORT int
rsg_ctx_dispatch(struct rsg_ctx *ctx, rsg_changes_cb cb, void *arg)
{
	struct rsg_changes *ch;
	int rc;

	if (ctx == NULL)
		return RSG_EINVAL;
	/* one reader of the context's cursor at a time; the callback runs
	 * outside the lock (it may call anything but rsg_ctx_free) */
	pthread_mutex_lock(&ctx->dispatch_lock);
	rc = rsg_cursor_read(ctx->dflt, &ch);
	pthread_mutex_unlock(&ctx->dispatch_lock);
	if (rc != 1)
		return rc;
	if (cb != NULL)
		cb(arg, ch);
	rsg__changes_free(ch);
	return 1;
}
