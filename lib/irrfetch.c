/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The IRR fetch (irrfetch.h): two phases on the whois client, the sets
 * first, then the route objects of every ASN they and the clients name;
 * at most IRRFETCH_INFLIGHT queries out at a time, the next ones sent as
 * answers come. Each query has a slot of its own (struct fq) that its
 * callback fills; the fetch is freed when the last answer is in and the
 * fetch has ended or was cancelled.
 */
#include "config.h"

#include "irrfetch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "alloc.h"
#include "util.h"

struct fq {
	struct irrfetch *f;
	size_t i; /* set, or ASN index * 2 + family */
};

struct fset {
	char *name; /* as asked for, upper-case: "AS-X" or "RIPE::AS-X" */
	char src[RPSL_MAX_SOURCE + 1]; /* its source, or IRRFETCH_SOURCE */
	char *key;  /* the name without its source, sent to the server */
	int status; /* 1: pending */
	struct {
		uint32_t *v;
		size_t n, cap;
	} asns;
	bool confirmed;
};

struct irrfetch {
	struct whois *wc;
	irrfetch_cb cb;
	void *arg;
	const struct irr_db *prev;
	unsigned max_shrink_pct;
	bool cancelled, ended;
	bool starting; /* within rsg__irrfetch_start() */
	unsigned out;  /* queries submitted, not answered */
	int phase;     /* 1: sets, 2: routes */
	struct fset *sets;
	size_t nsets, next_set, sets_done;
	struct fq *set_q;
	uint32_t *asns; /* phase 2: sorted, unique */
	size_t nasns, next_q, routes_done;
	struct fq *asn_q;
	struct {
		struct irr_route *v;
		size_t n, cap;
	} routes;
	struct irrfetch_result res;
	int rc;
	uint32_t *extra; /* the request's ASNs */
	size_t nextra;
};

static void fetch_pump(struct irrfetch *f);

static void
fetch_free(struct irrfetch *f)
{
	for (size_t i = 0; i < f->nsets; i++) {
		rsg__free(f->sets[i].name);
		rsg__free(f->sets[i].key);
		VEC_FREE(&f->sets[i].asns);
	}
	rsg__free(f->sets);
	rsg__free(f->set_q);
	rsg__free(f->asns);
	rsg__free(f->asn_q);
	rsg__free(f->extra);
	VEC_FREE(&f->routes);
	rsg__irrfetch_result_free(&f->res);
	rsg__free(f);
}

/* Free the fetch once nothing refers to it any more. */
static void
fetch_release(struct irrfetch *f)
{
	if (f->out == 0 && (f->ended || f->cancelled) && !f->starting)
		fetch_free(f);
}

static void
fetch_fail(struct irrfetch *f, const char *what, const char *msg)
{
	f->res.failed++;
	if (f->res.first_error[0] == '\0')
		snprintf(f->res.first_error, sizeof(f->res.first_error),
		    "%s: %s", what, msg);
}

void
rsg__irrfetch_result_free(struct irrfetch_result *res)
{
	rsg__irr_db_del(res->db);
	res->db = NULL;
	for (size_t i = 0; i < res->nheld; i++)
		rsg__free(res->held[i]);
	rsg__free(res->held);
	res->held = NULL;
	res->nheld = 0;
}

/* ------------------------------------------------------------------ */
/* Phase 1: the sets                                                   */

/* The ASNs of a set in prev, or NULL. */
static const struct irr_set *
prev_set(const struct irrfetch *f, const struct fset *s)
{
	return f->prev != NULL
	    ? rsg__irr_db_set(f->prev, s->name, strlen(s->name))
	    : NULL;
}

static int
members_asns(const char *m, size_t len, struct fset *s)
{
	size_t pos = 0, n;
	const char *t;
	uint32_t asn;

	s->asns.n = 0;
	while (rsg__rpsl_member(m, len, &pos, &t, &n)) {
		if (rsg__parse_asn(t, n, &asn) != 0 || n < 3)
			continue; /* route-set prefixes, set names */
		if (VEC_PUSH(&s->asns, asn) != 0)
			return RSG_ENOMEM;
	}
	return 0;
}

static void
set_answer(void *arg, int status, const char *data, size_t len, const char *msg)
{
	struct fq *q = arg;
	struct irrfetch *f = q->f;
	struct fset *s = &f->sets[q->i];
	const struct irr_set *old;

	f->out--;
	if (f->cancelled) {
		fetch_release(f);
		return;
	}
	s->status = status;
	f->sets_done++;
	old = prev_set(f, s);
	if (status == 0) {
		if (members_asns(data, len, s) != 0)
			f->rc = RSG_ENOMEM;
		f->res.sets++;
		/* shrunk by too much: prev's members, until confirmed */
		if (old != NULL && !s->confirmed && f->max_shrink_pct < 100) {
			struct fset o = { 0 };

			if (members_asns(old->members, old->members_len, &o)
				== 0
			    && s->asns.n * 100
				< o.asns.n * (100 - f->max_shrink_pct)) {
				char *h = rsg__strdup(s->name);
				char **v = rsg__reallocarray(f->res.held,
				    f->res.nheld + 2, sizeof(char *));

				if (h == NULL || v == NULL) {
					rsg__free(h);
					f->rc = RSG_ENOMEM;
				} else {
					f->res.held = v;
					v[f->res.nheld++] = h;
					v[f->res.nheld] = NULL;
				}
				VEC_FREE(&s->asns);
				s->asns = o.asns;
				o.asns.v = NULL;
			}
			VEC_FREE(&o.asns);
		}
	} else if (status == RSG_ENOENT) {
		f->res.missing++;
	} else {
		fetch_fail(f, s->name, msg);
		if (old != NULL
		    && members_asns(old->members, old->members_len, s) != 0)
			f->rc = RSG_ENOMEM;
		s->status = old != NULL ? 0 : status;
	}
	fetch_pump(f);
}

/* ------------------------------------------------------------------ */
/* Phase 2: the route objects                                          */

/* prev's route objects of an origin and family, into the result. */
static int
keep_prev_routes(struct irrfetch *f, uint32_t asn, unsigned afi)
{
	const struct irr_db *p = f->prev;
	size_t lo = 0, hi;

	if (p == NULL)
		return 0;
	hi = p->routes.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->routes.v[mid].origin < asn)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < p->routes.n && p->routes.v[lo].origin == asn; lo++) {
		struct irr_route r = p->routes.v[lo];

		if (r.afi != afi)
			continue;
		r.src = 0;
		if (VEC_PUSH(&f->routes, r) != 0)
			return RSG_ENOMEM;
	}
	return 0;
}

static void
routes_answer(
    void *arg, int status, const char *data, size_t len, const char *msg)
{
	struct fq *q = arg;
	struct irrfetch *f = q->f;
	size_t k = q->i / 2;
	unsigned fam = (unsigned)(q->i % 2);
	unsigned afi = fam ? RSG_AFI_IPV6 : RSG_AFI_IPV4;
	uint32_t asn = f->asns[k];

	f->out--;
	if (f->cancelled) {
		fetch_release(f);
		return;
	}
	f->routes_done++;
	if (status == 0) {
		size_t pos = 0, n;
		const char *t;

		while (rsg__rpsl_member(data, len, &pos, &t, &n)) {
			struct rsg_prefix p;
			struct irr_route r;

			if (rsg__prefix_parse(t, n, &p, false) != 0
			    || p.ip.afi != afi)
				continue;
			memset(&r, 0, sizeof(r));
			memcpy(r.addr, p.ip.addr, sizeof(r.addr));
			r.afi = p.ip.afi;
			r.len = p.len;
			r.origin = asn;
			if (VEC_PUSH(&f->routes, r) != 0) {
				f->rc = RSG_ENOMEM;
				break;
			}
		}
	} else if (status != RSG_ENOENT) {
		char what[32];

		snprintf(
		    what, sizeof(what), "AS%u (IPv%c)", asn, fam ? '6' : '4');
		fetch_fail(f, what, msg);
		if (keep_prev_routes(f, asn, afi) != 0)
			f->rc = RSG_ENOMEM;
	}
	fetch_pump(f);
}

/* Every ASN of the sets and of the request, sorted and unique. */
static int
phase2_begin(struct irrfetch *f)
{
	size_t n = f->nextra, o = 0;

	for (size_t i = 0; i < f->nsets; i++)
		n += f->sets[i].asns.n;
	if ((f->asns = rsg__reallocarray(NULL, n ? n : 1, sizeof(uint32_t)))
	    == NULL)
		return RSG_ENOMEM;
	if (f->nextra > 0)
		memcpy(f->asns, f->extra, f->nextra * sizeof(uint32_t));
	o = f->nextra;
	for (size_t i = 0; i < f->nsets; i++) {
		if (f->sets[i].asns.n == 0)
			continue; /* not found, or failed with nothing kept */
		memcpy(f->asns + o, f->sets[i].asns.v,
		    f->sets[i].asns.n * sizeof(uint32_t));
		o += f->sets[i].asns.n;
	}
	qsort(f->asns, o, sizeof(uint32_t), u32_qcmp);
	n = 0;
	for (size_t i = 0; i < o; i++)
		if (f->asns[i] != 0 && (n == 0 || f->asns[n - 1] != f->asns[i]))
			f->asns[n++] = f->asns[i];
	f->nasns = n;
	f->asn_q = rsg__calloc(n ? 2 * n : 1, sizeof(*f->asn_q));
	if (f->asn_q == NULL)
		return RSG_ENOMEM;
	f->res.asns = n;
	f->phase = 2;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The end                                                             */

static int
fetch_db(struct irrfetch *f, struct irr_db **out)
{
	struct irr_db *db = rsg__calloc(1, sizeof(*db));
	const char *dflt = IRRFETCH_SOURCE;
	int rc = 0;

	*out = NULL;
	if (db == NULL)
		return RSG_ENOMEM;
	rsg__irr_db_init(db);
	rc = rsg__irr_db_set_sources(db, &dflt, 1, false);
	for (size_t i = 0; i < f->nsets && rc == 0; i++) {
		struct fset *s = &f->sets[i];
		struct rpsl_obj o;
		char *m;
		size_t len = 0;

		if (s->status != 0)
			continue; /* no such set, nothing kept */
		m = rsg__malloc(s->asns.n * 12 + 1);
		if (m == NULL) {
			rc = RSG_ENOMEM;
			break;
		}
		m[0] = '\0';
		for (size_t k = 0; k < s->asns.n; k++)
			len += (size_t)snprintf(
			    m + len, 13, "%sAS%u", k ? "," : "", s->asns.v[k]);
		memset(&o, 0, sizeof(o));
		o.cls = RPSL_AS_SET;
		o.key = s->key;
		o.key_len = strlen(s->key);
		o.source = s->src;
		o.source_len = strlen(s->src);
		o.members = m;
		o.members_len = len;
		rc = rsg__irr_db_add_obj(db, &o);
		rsg__free(m);
	}
	for (size_t i = 0; i < f->routes.n && rc == 0; i++) {
		if (VEC_PUSH(&db->routes, f->routes.v[i]) != 0)
			rc = RSG_ENOMEM;
	}
	if (rc != 0) {
		rsg__irr_db_del(db);
		return rc;
	}
	rsg__irr_db_finish(db);
	*out = db;
	return 0;
}

static void
fetch_end(struct irrfetch *f)
{
	int rc = f->rc;

	f->ended = true;
	if (rc == 0)
		rc = fetch_db(f, &f->res.db);
	if (f->res.db != NULL)
		f->res.routes = f->res.db->routes.n;
	f->cb(f->arg, rc, &f->res);
	fetch_release(f);
}

/* Submit what may be submitted; move on when a phase is done. */
static void
fetch_pump(struct irrfetch *f)
{
	if (f->ended || f->cancelled)
		return;
	while (f->phase == 1 && f->rc == 0 && f->next_set < f->nsets
	    && f->out < IRRFETCH_INFLIGHT) {
		struct fq *q = &f->set_q[f->next_set];
		struct fset *s = &f->sets[f->next_set];
		int rc;

		q->f = f;
		q->i = f->next_set++;
		rc = rsg__whois_query(
		    f->wc, WHOIS_EXPAND, s->key, set_answer, q);
		if (rc == 0) {
			f->out++;
			continue;
		}
		/* not sent: a bad name, or the client is closing */
		f->sets_done++;
		s->status = rc;
		fetch_fail(f, s->name, rsg_strerror(rc));
	}
	if (f->phase == 1 && f->rc == 0 && f->sets_done == f->nsets
	    && phase2_begin(f) != 0)
		f->rc = RSG_ENOMEM;
	while (f->phase == 2 && f->rc == 0 && f->next_q < 2 * f->nasns
	    && f->out < IRRFETCH_INFLIGHT) {
		struct fq *q = &f->asn_q[f->next_q];
		char key[16];
		int rc;

		q->f = f;
		q->i = f->next_q++;
		snprintf(key, sizeof(key), "AS%u", f->asns[q->i / 2]);
		rc = rsg__whois_query(f->wc,
		    q->i % 2 ? WHOIS_ROUTES6 : WHOIS_ROUTES4, key,
		    routes_answer, q);
		if (rc == 0) {
			f->out++;
			continue;
		}
		f->routes_done++;
		fetch_fail(f, key, rsg_strerror(rc));
		if (keep_prev_routes(f, f->asns[q->i / 2],
			q->i % 2 ? RSG_AFI_IPV6 : RSG_AFI_IPV4)
		    != 0)
			f->rc = RSG_ENOMEM;
	}
	if (f->out == 0
	    && (f->rc != 0
		|| (f->phase == 2 && f->routes_done == 2 * f->nasns)))
		fetch_end(f);
}

/* ------------------------------------------------------------------ */
/* Driving it                                                          */

static bool
is_confirmed(const struct irrfetch_req *req, const char *name)
{
	for (size_t i = 0; i < req->nconfirmed; i++)
		if (strcasecmp(req->confirmed[i], name) == 0)
			return true;
	return false;
}

int
rsg__irrfetch_start(struct whois *wc, const struct irrfetch_req *req,
    irrfetch_cb cb, void *arg, struct irrfetch **out)
{
	struct irrfetch *f = rsg__calloc(1, sizeof(*f));
	size_t n = req->nsets ? req->nsets : 1;
	int rc = 0;

	*out = NULL;
	if (f == NULL)
		return RSG_ENOMEM;
	f->wc = wc;
	f->cb = cb;
	f->arg = arg;
	f->prev = req->prev;
	f->max_shrink_pct = req->max_shrink_pct;
	f->phase = 1;
	f->sets = rsg__calloc(n, sizeof(*f->sets));
	f->set_q = rsg__calloc(n, sizeof(*f->set_q));
	f->extra = rsg__reallocarray(
	    NULL, req->nasns ? req->nasns : 1, sizeof(uint32_t));
	if (f->sets == NULL || f->set_q == NULL || f->extra == NULL)
		rc = RSG_ENOMEM;
	if (rc == 0 && req->nasns > 0) {
		memcpy(f->extra, req->asns, req->nasns * sizeof(uint32_t));
		f->nextra = req->nasns;
	}
	for (size_t i = 0; i < req->nsets && rc == 0; i++) {
		struct fset *s = &f->sets[f->nsets];
		char name[RPSL_MAX_KEY + 1];

		if (!rsg__irr_set_name(req->sets[i], strlen(req->sets[i]), name,
			sizeof(name), s->src, sizeof(s->src)))
			continue; /* no set name: nothing to ask */
		if (s->src[0] == '\0')
			snprintf(s->src, sizeof(s->src), "%s", IRRFETCH_SOURCE);
		f->nsets++;
		s->key = rsg__strdup(name);
		s->name = rsg__malloc(strlen(name) + sizeof(s->src) + 3);
		if (s->key == NULL || s->name == NULL) {
			rc = RSG_ENOMEM;
			break;
		}
		if (strcmp(s->src, IRRFETCH_SOURCE) == 0)
			snprintf(s->name, strlen(name) + 1, "%s", name);
		else
			snprintf(s->name, strlen(name) + sizeof(s->src) + 3,
			    "%s::%s", s->src, name);
		s->status = 1;
		s->confirmed = is_confirmed(req, s->name);
	}
	if (rc != 0) {
		fetch_free(f);
		return rc;
	}
	/* answers come from the loop, never within rsg__whois_query(); a
	 * fetch with nothing to ask (or nothing sent) ends right here */
	f->starting = true;
	fetch_pump(f);
	f->starting = false;
	if (f->ended) {
		fetch_free(f);
		return 0;
	}
	*out = f;
	return 0;
}

void
rsg__irrfetch_cancel(struct irrfetch *f)
{
	if (f == NULL)
		return;
	f->cancelled = true;
	fetch_release(f);
}
