/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rsguard lg: its state and its view of BIRD (lg.h).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg.h"

#define PROTOS_MAX_AGE 5  /* s: the protocol list is read again after */
#define COUNTS_MAX_AGE 15 /* s: the filtered counts are counted again */

/* ------------------------------------------------------------------ */
/* BIRD                                                                */

bool
lg_slot_take(struct lg *lg)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += lg->c.timeout;
	while (sem_timedwait(&lg->slots, &ts) != 0)
		if (errno != EINTR)
			return false;
	return true;
}

int
lg_bird_connect(struct lg *lg, struct lg_bird *b)
{
	const char *text;
	int code, r;

	if (lg_bird_open(b, lg->c.bird_socket, (int)lg->c.timeout * 1000) != 0)
		return -1;
	if (lg_bird_send(b, "timeformat iso long") != 0)
		return -1;
	while ((r = lg_bird_line(b, &code, &text)) > 0)
		;
	return r;
}

/* A copy of p. 0 or -1. */
static int
protocols_copy(struct lg_protocols *dst, const struct lg_protocols *p)
{
	dst->v = malloc((p->n ? p->n : 1) * sizeof(*dst->v));
	if (dst->v == NULL)
		return -1;
	memcpy(dst->v, p->v, p->n * sizeof(*dst->v));
	dst->n = dst->cap = p->n;
	return 0;
}

/* A stream holds a BIRD connection already, and its list was just
 * refreshed: two streams each waiting for a second connection would wait
 * for each other (refresh false). */
int
lg_protocols(struct lg *lg, const char *name, struct lg_protocol *out,
    struct lg_protocols *all, char *msg, size_t cap, bool refresh)
{
	struct lg_protocols fresh;
	struct lg_bird b;
	time_t now = time(NULL);
	int rc = 0;

	pthread_mutex_lock(&lg->lock);
	if (refresh
	    && (lg->protos.n == 0 || now - lg->protos_at >= PROTOS_MAX_AGE)) {
		pthread_mutex_unlock(&lg->lock);
		if (!lg_slot_take(lg)) {
			snprintf(msg, cap, "BIRD is busy");
			return -1;
		}
		rc = lg_bird_connect(lg, &b);
		if (rc == 0)
			rc = lg_bird_send(&b, "show protocols all");
		if (rc == 0)
			rc = lg_protocols_read(&b, &fresh);
		if (rc != 0)
			snprintf(msg, cap, "%s", b.error);
		lg_bird_close(&b);
		sem_post(&lg->slots);
		if (rc != 0)
			return -1;
		pthread_mutex_lock(&lg->lock);
		lg_protocols_free(&lg->protos);
		lg->protos = fresh;
		lg->protos_at = now;
	}
	if (name != NULL) {
		const struct lg_protocol *p =
		    lg_protocols_find(&lg->protos, name);

		if (p == NULL)
			rc = 1;
		else if (out != NULL)
			*out = *p;
	}
	if (all != NULL && rc == 0 && protocols_copy(all, &lg->protos) != 0) {
		snprintf(msg, cap, "out of memory");
		rc = -1;
	}
	pthread_mutex_unlock(&lg->lock);
	return rc;
}

bool
lg_table_known(struct lg *lg, const char *t)
{
	bool ok = false;

	pthread_mutex_lock(&lg->lock);
	for (size_t i = 0; i < lg->protos.n && !ok; i++)
		for (unsigned k = 0; k < lg->protos.v[i].nch && !ok; k++)
			ok = strcmp(lg->protos.v[i].ch[k].table, t) == 0;
	pthread_mutex_unlock(&lg->lock);
	return ok;
}

static int
count_filtered_cb(void *arg, const struct lg_route *r)
{
	struct lg_protocols *all = arg;

	for (size_t i = 0; i < all->n; i++) {
		struct lg_protocol *p = &all->v[i];

		if (strcmp(p->name, r->proto) != 0)
			continue;
		for (unsigned k = 0; k < p->nch; k++)
			if (strcmp(p->ch[k].table, r->table) == 0)
				p->ch[k].filtered++;
	}
	return 0;
}

/*
 * The filtered routes of every channel. BIRD 3.3's "Routes: ... N
 * filtered" stays 0 with an import table, though `show route filtered`
 * lists them: counted here from one `show route table T filtered` (the
 * routes' first lines only) a table, so that the counts Alice shows agree
 * with the lists it fetches.
 */
static int
count_filtered(struct lg *lg, struct lg_protocols *all, char *msg, size_t cap)
{
	char tables[8][LG_NAME_MAX];
	unsigned nt = 0;
	int rc = 0;

	for (size_t i = 0; i < all->n; i++)
		for (unsigned k = 0; k < all->v[i].nch; k++) {
			const char *t = all->v[i].ch[k].table;
			unsigned j;

			all->v[i].ch[k].filtered = 0;
			for (j = 0; j < nt && strcmp(tables[j], t) != 0; j++)
				;
			if (j == nt && nt < 8 && lg_symbol_ok(t))
				snprintf(tables[nt++], LG_NAME_MAX, "%s", t);
		}
	for (unsigned j = 0; j < nt && rc == 0; j++) {
		struct lg_bird b;
		char cmd[128];

		if (!lg_slot_take(lg)) {
			snprintf(msg, cap, "BIRD is busy");
			return -1;
		}
		snprintf(cmd, sizeof(cmd), "show route table %.63s filtered",
		    tables[j]);
		rc = lg_bird_connect(lg, &b);
		if (rc == 0)
			rc = lg_bird_send(&b, cmd);
		if (rc == 0)
			rc = lg_routes_read(&b, count_filtered_cb, all);
		if (rc != 0)
			snprintf(msg, cap, "%s", b.error);
		lg_bird_close(&b);
		sem_post(&lg->slots);
	}
	return rc;
}

/*
 * The protocols with their filtered counts (a copy in *out): counted
 * again when older than COUNTS_MAX_AGE by one request while the others
 * take the last counts, so that many clients asking at once cost BIRD
 * one count.
 */
int
lg_counted(struct lg *lg, struct lg_protocols *out, char *msg, size_t cap)
{
	struct lg_protocols fresh = { 0 };
	time_t now = time(NULL);
	int rc;

	pthread_mutex_lock(&lg->lock);
	/* the first counts: everyone waits for the one counting them */
	while (lg->counted.n == 0 && lg->counting)
		pthread_cond_wait(&lg->counted_cv, &lg->lock);
	if (lg->counted.n > 0
	    && (now - lg->counted_at < COUNTS_MAX_AGE || lg->counting)) {
		rc = protocols_copy(out, &lg->counted);
		pthread_mutex_unlock(&lg->lock);
		if (rc != 0)
			snprintf(msg, cap, "out of memory");
		return rc;
	}
	lg->counting = true;
	pthread_mutex_unlock(&lg->lock);
	rc = lg_protocols(lg, NULL, NULL, &fresh, msg, cap, true);
	if (rc == 0 && (rc = count_filtered(lg, &fresh, msg, cap)) == 0)
		rc = protocols_copy(out, &fresh);
	pthread_mutex_lock(&lg->lock);
	lg->counting = false;
	pthread_cond_broadcast(&lg->counted_cv);
	if (rc == 0) {
		lg_protocols_free(&lg->counted);
		lg->counted = fresh;
		lg->counted_at = now;
	} else {
		lg_protocols_free(&fresh);
	}
	pthread_mutex_unlock(&lg->lock);
	return rc;
}
