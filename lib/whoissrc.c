/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * An IRRd source of the worker (sources.irr_whois): on start, every
 * refresh interval and every rsg_ctx_refresh(), it fetches the AS-SETs
 * of the clients and the route objects of their ASNs (irrfetch.c) and
 * hands the result to the tables like a dump's objects. The whois client
 * lives as long as the source; a fetch out when the source goes is
 * cancelled. What a failed query or a held-back set kept is said in the
 * source's status.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "ctx.h"
#include "irrfetch.h"
#include "util.h"
#include "whois.h"
#include "worker.h"

static int
whoissrc_client(struct worker *w, struct wsource *s)
{
	const struct cfg_whois *c = &w->cfg->whois;
	struct whois_server *sv;
	struct whois_opts o;
	char sources[512] = "";
	int rc;

	if (s->wc != NULL)
		return 0;
	sv = rsg__calloc(c->servers.n ? c->servers.n : 1, sizeof(*sv));
	if (sv == NULL)
		return RSG_ENOMEM;
	for (size_t i = 0; i < c->servers.n; i++) {
		sv[i].host = c->servers.v[i].host;
		sv[i].port = c->servers.v[i].port;
	}
	for (size_t i = 0; i < w->cfg->irr_sources.n; i++) {
		if (i > 0)
			strlcat(sources, ",", sizeof(sources));
		strlcat(sources, w->cfg->irr_sources.v[i], sizeof(sources));
	}
	rsg__whois_opts_init(&o);
	o.servers = sv;
	o.nservers = c->servers.n;
	o.sources = sources[0] ? sources : NULL;
	o.reply_timeout_ms = c->timeout * 1000;
	o.retries = c->retries;
	o.max_conns = c->connections;
	rc = rsg__whois_new(&w->loop, &o, &s->wc);
	rsg__free(sv);
	return rc;
}

static void
whoissrc_done(void *arg, int rc, struct irrfetch_result *res)
{
	struct wsource *s = arg;
	struct worker *w = s->w;
	struct rsg_source_status *st = &s->st;
	struct parsed *p;
	char msg[512];
	uint64_t hash;

	s->fetch = NULL;
	if (s->again) {
		/* asked again meanwhile (new sets): this answer is old */
		s->again = false;
		rsg__whoissrc_load(w, s, true);
		if (s->fetch != NULL)
			return;
	}
	if (rc != 0 || res->db == NULL) {
		snprintf(
		    msg, sizeof(msg), "%s: %s", st->name, rsg_strerror(rc));
		rsg__worker_fail(w, st, RSG_SRC_ERROR, msg);
		rsg__worker_status_sync(w);
		return;
	}
	hash = rsg__irr_db_hash(res->db);
	msg[0] = '\0';
	if (res->failed > 0)
		snprintf(msg, sizeof(msg),
		    "%zu queries failed, the last good data kept for them "
		    "(first: %s)",
		    res->failed, res->first_error);
	if (res->nheld > 0) {
		size_t n = strlen(msg);

		snprintf(msg + n, sizeof(msg) - n,
		    "%sheld back, shrank by more than %u%%: %s%s "
		    "(sources.irr_whois.confirm lets it through)",
		    n ? "; " : "", w->cfg->whois.max_shrink, res->held[0],
		    res->nheld > 1 ? " and more" : "");
	}
	st->last_attempt = rsg__wall_time();
	st->records = rsg__irr_db_records(res->db);
	st->vrps = res->routes;
	if (msg[0] != '\0') {
		strlcpy(st->last_error, msg, sizeof(st->last_error));
		rsg__ctx_log(w->ctx, RSG_LOG_WARNING, "%s: %s", st->name, msg);
	} else {
		st->last_error[0] = '\0';
	}
	if (s->loaded && hash == s->hash) {
		st->state = RSG_SRC_OK;
		st->last_success = st->last_attempt;
		rsg__worker_status_sync(w);
		return;
	}
	/* the tables take a copy; the source keeps its own as prev */
	p = rsg__calloc(1, sizeof(*p));
	if (p != NULL && (p->irr = rsg__calloc(1, sizeof(*p->irr))) != NULL) {
		const char *dflt = IRRFETCH_SOURCE;

		p->kind = RSG_SOURCE_IRR;
		rsg__irr_db_init(p->irr);
		if (rsg__irr_db_set_sources(p->irr, &dflt, 1, false) != 0
		    || rsg__irr_db_merge(p->irr, res->db) != 0) {
			rsg__irr_db_del(p->irr);
			p->irr = NULL;
		} else {
			rsg__irr_db_finish(p->irr);
		}
	}
	if (p == NULL || p->irr == NULL
	    || rsg__worker_op_data(w, OP_FILE, s, p) != 0) {
		if (p != NULL && p->irr == NULL)
			rsg__free(p);
		s->hash = 0;
		snprintf(msg, sizeof(msg), "%s: out of memory", st->name);
		rsg__worker_fail(w, st, RSG_SRC_ERROR, msg);
		rsg__worker_status_sync(w);
		return;
	}
	rsg__irr_db_del(s->irr_last);
	s->irr_last = res->db;
	res->db = NULL;
	s->hash = hash;
	st->state = RSG_SRC_OK;
	st->last_success = st->last_change = st->last_attempt;
	st->serial++;
	rsg__worker_note(w, s->kind);
	rsg__sources_loaded(w, s);
	rsg__worker_schedule(w, PUBLISH_QUIET_MS);
	rsg__worker_status_sync(w);
}

/* The sets of every client (PeeringDB's for those without any), and
 * their ASNs. */
static int
whoissrc_want(const struct worker *w, struct irrfetch_req *req,
    const char ***sets_out, uint32_t **asns_out)
{
	const struct rsg_config *cfg = w->cfg;
	size_t nsets = 0;
	const char **sets;
	uint32_t *asns;

	for (size_t i = 0; i < cfg->clients.n; i++)
		nsets += cfg->clients.v[i].as_sets.n;
	for (size_t o = 0; o < w->pdb_sets_len;
	     o += strlen(w->pdb_sets + o) + 1)
		nsets++;
	sets = rsg__calloc(nsets ? nsets : 1, sizeof(*sets));
	asns = rsg__calloc(cfg->clients.n ? cfg->clients.n : 1, sizeof(*asns));
	if (sets == NULL || asns == NULL) {
		rsg__free(sets);
		rsg__free(asns);
		return RSG_ENOMEM;
	}
	nsets = 0;
	for (size_t i = 0; i < cfg->clients.n; i++) {
		const struct cfg_client *c = &cfg->clients.v[i];

		asns[i] = c->asn;
		for (size_t k = 0; k < c->as_sets.n; k++) {
			bool dup = false;

			for (size_t j = 0; j < nsets && !dup; j++)
				dup = strcasecmp(sets[j], c->as_sets.v[k]) == 0;
			if (!dup)
				sets[nsets++] = c->as_sets.v[k];
		}
	}
	*sets_out = sets;
	*asns_out = asns;
	for (size_t o = 0; o < w->pdb_sets_len;
	     o += strlen(w->pdb_sets + o) + 1) {
		bool dup = false;

		for (size_t j = 0; j < nsets && !dup; j++)
			dup = strcasecmp(sets[j], w->pdb_sets + o) == 0;
		if (!dup)
			sets[nsets++] = w->pdb_sets + o;
	}
	req->sets = sets;
	req->nsets = nsets;
	req->asns = asns;
	req->nasns = cfg->clients.n;
	req->confirmed = (const char *const *)cfg->whois.confirm.v;
	req->nconfirmed = cfg->whois.confirm.n;
	req->max_shrink_pct = cfg->whois.max_shrink;
	return 0;
}

void
rsg__whoissrc_load(struct worker *w, struct wsource *s, bool force)
{
	struct irrfetch_req req;
	const char **sets = NULL;
	uint32_t *asns = NULL;
	char msg[300];
	int rc;

	if (s->dead)
		return;
	if (s->fetch != NULL) {
		/* one fetch at a time; a forced one after it */
		s->again = s->again || force;
		return;
	}
	memset(&req, 0, sizeof(req));
	s->fetched = rsg__now_sec();
	if ((rc = whoissrc_client(w, s)) == 0
	    && (rc = whoissrc_want(w, &req, &sets, &asns)) == 0) {
		req.prev = s->irr_last;
		if (s->st.state == RSG_SRC_INIT)
			s->st.state = RSG_SRC_CONNECTING;
		rc = rsg__irrfetch_start(
		    s->wc, &req, whoissrc_done, s, &s->fetch);
	}
	rsg__free(sets);
	rsg__free(asns);
	if (rc != 0) {
		snprintf(
		    msg, sizeof(msg), "%s: %s", s->st.name, rsg_strerror(rc));
		rsg__worker_fail(w, &s->st, RSG_SRC_ERROR, msg);
		rsg__worker_status_sync(w);
	}
}

void
rsg__whoissrc_pdb(struct worker *w, const struct pdb_vec *pdb)
{
	const struct rsg_config *cfg = w->cfg;
	char names[16][RPSL_MAX_KEY + 1], *buf = NULL;
	size_t len = 0;

	if (pdb != NULL && cfg->k.irr_peering_db) {
		for (size_t i = 0; i < cfg->clients.n; i++) {
			const struct cfg_client *c = &cfg->clients.v[i];
			const struct pdb_net *net = NULL;
			size_t n;

			if (c->as_sets.n > 0)
				continue;
			for (size_t k = 0; k < pdb->n && net == NULL; k++)
				if (pdb->v[k].asn == c->asn)
					net = &pdb->v[k];
			if (net == NULL || net->irr_as_set == NULL)
				continue;
			n = rsg__irr_pdb_as_sets(net->irr_as_set, names, 16);
			for (size_t k = 0; k < n; k++) {
				size_t l = strlen(names[k]) + 1;
				char *nb = rsg__realloc(buf, len + l);

				if (nb == NULL) {
					rsg__free(buf);
					return; /* the sets configured still come */
				}
				buf = nb;
				memcpy(buf + len, names[k], l);
				len += l;
			}
		}
	}
	if (len == w->pdb_sets_len
	    && (len == 0 || memcmp(buf, w->pdb_sets, len) == 0)) {
		rsg__free(buf);
		return;
	}
	rsg__free(w->pdb_sets);
	w->pdb_sets = buf;
	w->pdb_sets_len = len;
	/* fetch those sets now */
	for (size_t i = 0; i < w->nsrc; i++)
		if (w->src[i]->kind == RSG_SOURCE_IRR
		    && w->src[i]->path == NULL)
			rsg__whoissrc_load(w, w->src[i], true);
}

void
rsg__whoissrc_tick(struct worker *w, struct wsource *s, int64_t now)
{
	if (s->fetch == NULL && !s->dead
	    && now - s->fetched >= (int64_t)w->cfg->whois.refresh)
		rsg__whoissrc_load(w, s, false);
}

void
rsg__whoissrc_stop(struct wsource *s)
{
	rsg__irrfetch_cancel(s->fetch);
	s->fetch = NULL;
	if (s->wc != NULL)
		rsg__whois_close(s->wc, NULL, NULL);
	s->wc = NULL;
	rsg__irr_db_del(s->irr_last);
	s->irr_last = NULL;
}
