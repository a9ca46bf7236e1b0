/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rsguard lg: the participant page and the small API of its own it reads
 * beside birdwatcher's (lg_http.h). The page is three files built into
 * the daemon (lg-page/, embedded by embed.sh): no CDN, no build step, a
 * Content-Security-Policy that lets it load nothing but itself.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg_assets.h"
#include "lg_http.h"
#include "lg_report.h"

#define REPORT_LIMIT 1000 /* entries of each list, unless ?limit= */

enum MHD_Result
lg_page_file(struct MHD_Connection *c, const char *path, bool *found)
{
	const struct lg_asset *a;
	struct MHD_Response *r;
	enum MHD_Result rc;

	if (strcmp(path, "/index.html") == 0)
		path = "/";
	for (a = lg_assets; a->path != NULL; a++)
		if (strcmp(a->path, path) == 0)
			break;
	*found = a->path != NULL;
	if (a->path == NULL)
		return MHD_NO;
	r = MHD_create_response_from_buffer(
	    a->len, (void *)(uintptr_t)a->data, MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", a->type);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Cache-Control", "no-cache");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Content-Security-Policy",
	    "default-src 'none'; script-src 'self'; style-src 'self'; "
	    "connect-src 'self'; img-src 'self' data:; base-uri 'none'; "
	    "form-action 'self'; frame-ancestors 'none'");
	rc = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return rc;
}

enum MHD_Result
lg_page_codes(struct lg *lg, struct MHD_Connection *c)
{
	struct lg_out o = { 0 };
	bool first = true;

	lg_out_puts(&o, "{\"rs_as\":");
	lg_out_u32(&o, lg->c.rs_as);
	lg_out_puts(&o, ",\"filtered\":{");
	/* one text a code; reasons sharing a code are joined */
	for (unsigned code = 1; code < 256; code++) {
		char text[1024], key[8];

		if (lg_code_text(code, text, sizeof(text)) == 0)
			continue;
		snprintf(key, sizeof(key), "%u", code);
		lg_out_puts(&o, first ? "" : ",");
		first = false;
		lg_out_str(&o, key);
		lg_out_puts(&o, ":");
		lg_out_str(&o, text);
	}
	lg_out_puts(&o,
	    "},\"rpki\":{\"1\":\"valid\",\"2\":\"not found\","
	    "\"3\":\"not checked\",\"4\":\"invalid\"},"
	    "\"irr\":{\"1\":\"valid\",\"2\":\"not checked\","
	    "\"1200\":\"next hop of another router of the same AS\"},"
	    "\"aspa\":{\"1\":\"valid\",\"2\":\"unknown\","
	    "\"3\":\"not checked\",\"4\":\"invalid\"}}");
	return lg_send_json(c, &o);
}

enum MHD_Result
lg_page_state(struct lg *lg, struct MHD_Connection *c)
{
	struct lg_protocols all = { 0 };
	struct lg_out o = { 0 };
	struct rsg_stats st;
	char msg[LG_ERROR_MAX];
	bool first = true;

	if (lg_counted(lg, &all, msg, sizeof(msg)) != 0)
		return lg_send_error(c, MHD_HTTP_BAD_GATEWAY, msg);
	if (rsg_ctx_stats(lg->ctx, &st) != 0)
		memset(&st, 0, sizeof(st));
	lg_out_puts(&o, "{\"generation\":");
	lg_out_printf(&o, "%llu", (unsigned long long)st.generation);
	lg_out_puts(&o, ",\"published_at\":");
	lg_out_printf(&o, "%lld", (long long)st.published_at);
	lg_out_puts(&o, ",\"rs_as\":");
	lg_out_u32(&o, lg->c.rs_as);
	/* BIRD's own view of the library: its rsguard protocols' info
	 * ("Generation 7") moves when BIRD's tables move */
	lg_out_puts(&o, ",\"bird_rsguard\":[");
	for (size_t i = 0; i < all.n; i++) {
		if (strcmp(all.v[i].proto, "rsguard") != 0)
			continue;
		lg_out_puts(&o, first ? "" : ",");
		first = false;
		lg_out_str(&o, all.v[i].info);
	}
	lg_out_puts(&o, "],\"protocols\":{");
	first = true;
	for (size_t i = 0; i < all.n; i++) {
		const struct lg_protocol *p = &all.v[i];
		struct lg_channel sum;

		if (strcmp(p->proto, "BGP") != 0)
			continue;
		lg_protocol_sum(p, &sum);
		lg_out_puts(&o, first ? "" : ",");
		first = false;
		lg_out_str(&o, p->name);
		lg_out_puts(&o, ":{\"state\":");
		lg_out_str(&o, p->state);
		lg_out_puts(&o, ",\"since\":");
		lg_out_str(&o, p->since);
		lg_out_puts(&o, ",\"imported\":");
		lg_out_u32(&o, sum.imported);
		lg_out_puts(&o, ",\"filtered\":");
		lg_out_u32(&o, sum.filtered);
		lg_out_puts(&o, ",\"exported\":");
		lg_out_u32(&o, sum.exported);
		lg_out_puts(&o, "}");
	}
	lg_out_puts(&o, "}}");
	lg_protocols_free(&all);
	return lg_send_json(c, &o);
}

/* ------------------------------------------------------------------ */
/* Announced against registered (RFC 7948 §4.3)                        */

struct announced {
	struct rsg_prefix *v;
	size_t n, cap, max;
	bool cut; /* more than max routes */
	bool oom;
};

static int
announced_cb(void *arg, const struct lg_route *r)
{
	struct announced *a = arg;
	struct rsg_prefix p;

	if (rsg_prefix_parse(r->net, &p) != 0)
		return 0;
	if (a->n >= a->max) {
		a->cut = true;
		return 1;
	}
	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 1024;
		struct rsg_prefix *v = realloc(a->v, cap * sizeof(*v));

		if (v == NULL) {
			a->oom = true;
			return -1;
		}
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = p;
	return 0;
}

static void
report_entry(struct lg_out *o, const struct rsg_registered *e)
{
	char t[RSG_PREFIX_STRLEN];

	rsg_prefix_format(&e->prefix, t, sizeof(t));
	lg_out_puts(o, "{\"prefix\":");
	lg_out_str(o, t);
	if (e->origin != 0) {
		lg_out_puts(o, ",\"origin\":");
		lg_out_u32(o, e->origin);
	}
	lg_out_puts(o, ",\"min_len\":");
	lg_out_u32(o, e->min_len);
	lg_out_puts(o, ",\"max_len\":");
	lg_out_u32(o, e->max_len);
	lg_out_puts(o, "}");
}

/* Read what session name announces: its routes accepted and filtered. */
static int
read_announced(
    struct lg *lg, const char *name, struct announced *a, char *msg, size_t cap)
{
	static const char *const what[] = { "", " filtered" };
	struct lg_bird b;
	int rc = 0;

	if (!lg_slot_take(lg)) {
		snprintf(msg, cap, "BIRD is busy");
		return -1;
	}
	if ((rc = lg_bird_connect(lg, &b)) != 0)
		snprintf(msg, cap, "%s", b.error);
	for (unsigned k = 0; k < 2 && rc == 0 && !a->cut; k++) {
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "show route%s protocol %s", what[k],
		    name);
		if (lg_bird_send(&b, cmd) != 0
		    || (rc = lg_routes_read(&b, announced_cb, a)) < 0) {
			snprintf(
			    msg, cap, "%s", a->oom ? "out of memory" : b.error);
			rc = -1;
		}
	}
	lg_bird_close(&b);
	sem_post(&lg->slots);
	return rc < 0 ? -1 : 0;
}

enum MHD_Result
lg_page_report(struct lg *lg, struct MHD_Connection *c, const char *name)
{
	struct lg_protocol pr;
	struct announced a = { 0 };
	struct rsg_registered *reg = NULL;
	struct rsg_ip ip;
	struct lg_out o = { 0 };
	char msg[LG_ERROR_MAX] = "", set[RSG_VERDICT_AS_SET_LEN];
	struct lg_registered idx;
	bool fam[3] = { false, false, false }, irr = true;
	size_t nreg = 0, keep = 0, limit, count;
	int k, rc;

	if (!lg_symbol_ok(name))
		return lg_send_error(c, MHD_HTTP_NOT_FOUND, "no such protocol");
	k = lg_protocols(lg, name, &pr, NULL, msg, sizeof(msg), true);
	if (k < 0)
		return lg_send_error(c, MHD_HTTP_BAD_GATEWAY, msg);
	if (k != 0 || strcmp(pr.proto, "BGP") != 0
	    || rsg_ip_parse(pr.neighbor_address, &ip) != 0)
		return lg_send_error(c, MHD_HTTP_NOT_FOUND, "no such protocol");
	limit = lg_query_uint(c, "limit", REPORT_LIMIT);
	if (limit > lg->c.max_routes)
		limit = lg->c.max_routes;
	/* the session's families: its channels' */
	for (unsigned i = 0; i < pr.nch; i++)
		fam[strcmp(pr.ch[i].name, "ipv6") == 0 ? RSG_AFI_IPV6
						       : RSG_AFI_IPV4] = true;
	rc = rsg_irr_registered(
	    lg->ctx, &ip, pr.neighbor_as, set, sizeof(set), &reg, &nreg);
	if (rc == RSG_ENODATA || rc == RSG_ENOCLIENT)
		irr = false;
	else if (rc != 0)
		return lg_send_error(
		    c, MHD_HTTP_INTERNAL_SERVER_ERROR, rsg_strerror(rc));
	for (size_t i = 0; i < nreg; i++)
		if (fam[reg[i].prefix.ip.afi])
			reg[keep++] = reg[i];
	nreg = keep;
	lg_registered_index(&idx, reg, nreg);
	a.max = lg->c.max_routes;
	if (read_announced(lg, name, &a, msg, sizeof(msg)) != 0) {
		free(a.v);
		rsg_free(reg);
		return lg_send_error(c, MHD_HTTP_BAD_GATEWAY, msg);
	}
	lg_prefixes_sort(a.v, &a.n);
	lg_out_puts(&o, "{\"protocol\":");
	lg_out_str(&o, pr.name);
	lg_out_puts(&o, ",\"neighbor_as\":");
	lg_out_u32(&o, pr.neighbor_as);
	lg_out_puts(&o, ",\"irr_checked\":");
	lg_out_puts(&o, irr ? "true" : "false");
	lg_out_puts(&o, ",\"as_set\":");
	if (irr)
		lg_out_str(&o, set);
	else
		lg_out_puts(&o, "null");
	lg_out_puts(&o, ",\"announced\":");
	lg_out_printf(&o, "%zu", a.n);
	lg_out_puts(&o, a.cut ? ",\"announced_cut\":true" : "");
	lg_out_puts(&o, ",\"registered\":");
	lg_out_printf(&o, "%zu", nreg);
	lg_out_puts(&o, ",\"announced_not_registered\":{\"prefixes\":[");
	count = 0;
	for (size_t i = 0; irr && i < a.n; i++) {
		char t[RSG_PREFIX_STRLEN];

		if (lg_prefix_registered(&idx, &a.v[i]))
			continue;
		if (count++ < limit) {
			rsg_prefix_format(&a.v[i], t, sizeof(t));
			lg_out_puts(&o, count > 1 ? "," : "");
			lg_out_str(&o, t);
		}
	}
	lg_out_printf(&o, "],\"count\":%zu}", count);
	lg_out_puts(&o, ",\"registered_not_announced\":{\"entries\":[");
	count = 0;
	for (size_t i = 0; i < nreg; i++) {
		if (lg_entry_announced(a.v, a.n, &reg[i]))
			continue;
		if (count++ < limit) {
			lg_out_puts(&o, count > 1 ? "," : "");
			report_entry(&o, &reg[i]);
		}
	}
	lg_out_printf(&o, "],\"count\":%zu}}", count);
	free(a.v);
	rsg_free(reg);
	return lg_send_json(c, &o);
}
