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
		char text[1024] = "", key[8];
		size_t len = 0;

		for (unsigned r = 0; r < RSG_R_COUNT; r++) {
			const char *t = rsg_reason_text((enum rsg_reason)r);

			if (t == NULL
			    || rsg_reason_eix((enum rsg_reason)r) != code)
				continue;
			len += (size_t)snprintf(text + len, sizeof(text) - len,
			    "%s%s", len ? "; " : "", t);
			if (len >= sizeof(text))
				len = sizeof(text) - 1;
		}
		if (text[0] == '\0')
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
		uint32_t imp = 0, filt = 0, exp = 0;

		if (strcmp(p->proto, "BGP") != 0)
			continue;
		for (unsigned k = 0; k < p->nch; k++) {
			imp += p->ch[k].imported;
			filt += p->ch[k].filtered;
			exp += p->ch[k].exported;
		}
		lg_out_puts(&o, first ? "" : ",");
		first = false;
		lg_out_str(&o, p->name);
		lg_out_puts(&o, ":{\"state\":");
		lg_out_str(&o, p->state);
		lg_out_puts(&o, ",\"since\":");
		lg_out_str(&o, p->since);
		lg_out_puts(&o, ",\"imported\":");
		lg_out_u32(&o, imp);
		lg_out_puts(&o, ",\"filtered\":");
		lg_out_u32(&o, filt);
		lg_out_puts(&o, ",\"exported\":");
		lg_out_u32(&o, exp);
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

		if (v == NULL)
			return -1;
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = p;
	return 0;
}

static int
prefix_cmp(const struct rsg_prefix *x, const struct rsg_prefix *y)
{
	if (x->ip.afi != y->ip.afi)
		return x->ip.afi < y->ip.afi ? -1 : 1;
	for (unsigned i = 0; i < 4; i++)
		if (x->ip.addr[i] != y->ip.addr[i])
			return x->ip.addr[i] < y->ip.addr[i] ? -1 : 1;
	return x->len < y->len ? -1 : x->len > y->len;
}

static int
prefix_qcmp(const void *a, const void *b)
{
	return prefix_cmp(a, b);
}

/* Does p (the registered entry's prefix) hold q? */
static bool
covers(const struct rsg_prefix *p, const struct rsg_prefix *q)
{
	unsigned len = p->len;

	if (p->ip.afi != q->ip.afi || q->len < len)
		return false;
	for (unsigned i = 0; i < 4 && len > 0;
	     i++, len -= len < 32 ? len : 32) {
		uint32_t m = len >= 32 ? UINT32_MAX : ~(UINT32_MAX >> len);

		if ((p->ip.addr[i] ^ q->ip.addr[i]) & m)
			return false;
	}
	return true;
}

/* The first announced prefix not below q (sorted a). */
static size_t
lower_bound(const struct announced *a, const struct rsg_prefix *q)
{
	size_t lo = 0, hi = a->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (prefix_cmp(&a->v[mid], q) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Is an announced prefix within e's prefix and lengths? The announced
 * prefixes e holds follow e's own in the sorted list. */
static bool
entry_announced(const struct announced *a, const struct rsg_registered *e)
{
	struct rsg_prefix start = e->prefix;

	start.len = 0;
	for (size_t i = lower_bound(a, &start);
	     i < a->n && a->v[i].ip.afi == e->prefix.ip.afi; i++) {
		if (prefix_cmp(&a->v[i], &e->prefix) < 0)
			continue; /* shorter prefixes at e's address */
		if (!covers(&e->prefix, &a->v[i]))
			return false;
		if (a->v[i].len >= e->min_len && a->v[i].len <= e->max_len)
			return true;
		if (e->min_len == e->max_len && e->min_len == e->prefix.len)
			return false; /* exact: only the first could be it */
	}
	return false;
}

/* Is announced q registered: an entry holding it with q's length in its
 * range? Entries are sorted: those holding q lie at q's address masked
 * to each length, and only the lengths registered are tried. */
static bool
prefix_registered(const struct rsg_registered *r, size_t n, const uint8_t *lens,
    size_t nlens, const struct rsg_prefix *q)
{
	for (size_t k = 0; k < nlens && lens[k] <= q->len; k++) {
		struct rsg_prefix m = *q;
		size_t lo = 0, hi = n;
		unsigned len = lens[k];

		m.len = (uint8_t)len;
		for (unsigned i = 0; i < 4; i++, len -= len < 32 ? len : 32)
			m.ip.addr[i] &= len >= 32 ? UINT32_MAX
			    : len == 0            ? 0
						  : ~(UINT32_MAX >> len);
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (prefix_cmp(&r[mid].prefix, &m) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < n && prefix_cmp(&r[lo].prefix, &m) == 0; lo++)
			if (q->len >= r[lo].min_len && q->len <= r[lo].max_len)
				return true;
	}
	return false;
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
			snprintf(msg, cap, "%s", b.error);
			rc = -1;
		}
	}
	lg_bird_close(&b);
	sem_post(&lg->slots);
	if (rc < 0 && a->v == NULL && a->cap == 0 && msg[0] == '\0')
		snprintf(msg, cap, "out of memory");
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
	uint8_t lens[129];
	bool fam[3] = { false, false, false }, irr = true;
	size_t nreg = 0, nlens = 0, keep = 0, limit, count;
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
	/* the registered lengths, ascending */
	{
		bool have[129] = { false };

		for (size_t i = 0; i < nreg; i++)
			have[reg[i].prefix.len] = true;
		for (unsigned l = 0; l <= 128; l++)
			if (have[l])
				lens[nlens++] = (uint8_t)l;
	}
	a.max = lg->c.max_routes;
	if (read_announced(lg, name, &a, msg, sizeof(msg)) != 0) {
		free(a.v);
		rsg_free(reg);
		return lg_send_error(c, MHD_HTTP_BAD_GATEWAY, msg);
	}
	if (a.n > 0) {
		size_t u = 1;

		qsort(a.v, a.n, sizeof(*a.v), prefix_qcmp);
		for (size_t i = 1; i < a.n; i++)
			if (prefix_cmp(&a.v[i], &a.v[u - 1]) != 0)
				a.v[u++] = a.v[i];
		a.n = u;
	}
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

		if (prefix_registered(reg, nreg, lens, nlens, &a.v[i]))
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
		if (entry_announced(&a, &reg[i]))
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
