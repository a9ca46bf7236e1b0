/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rsguard lg: the looking glass daemon. It reads BIRD through a
 * restricted control socket (`cli "/run/bird/lg.ctl" { restrict; };`)
 * and answers in birdwatcher's API, the one Alice-LG reads in
 * single_table mode, and in Bird's Eye's, the one IXP Manager reads.
 * Every filtered route is checked again with rsg_check() against the
 * library's live data (its own worker, from the same rsguard.yml), and
 * comes with its reasons in words and what to fix ("x_rs_reasons", a key
 * Alice passes by).
 *
 * Read-only by construction: the socket is BIRD's restricted one, and a
 * name reaches a command only if BIRD listed it as a protocol or table
 * (`show protocols`), a prefix only as rsguard formatted it. BIRD
 * commands at once are bounded (looking_glass.bird_connections), and so
 * are HTTP connections, requests a minute per address and routes in an
 * answer. Routes are streamed: read from BIRD a block at a time and sent
 * on, never a whole table in memory.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "cli.h"
#include "lg_bird.h"
#include "lg.h"
#include "lg_http.h"
#include "lg_json.h"

enum what {
	W_ROUTES,     /* show route all protocol P */
	W_FILTERED,   /* show route all filtered protocol P */
	W_NOEXPORT,   /* show route all noexport P */
	W_TABLE,      /* show route table T all [filtered] */
	W_LCZWILD,    /* Bird's Eye: filtered routes of P with (x, y, *) */
	W_EXPORT,     /* show route all export P */
	W_FOR,        /* show route for NET [table T | protocol P] all */
	W_FOR_EXPORT, /* show route for NET export P all */
	W_FOR_ANY,    /* the page's search: show route for NET all [filtered] */
	W_ORIGIN,     /* ... where bgp_path.last = ASN all [filtered] */
};

/* The protocols a stream met, by name (a table's routes come from
 * many). */
#define PCACHE 32
struct pcache {
	char name[LG_NAME_MAX];
	struct lg_protocol pr;
	struct rsg_ip peer; /* pr.neighbor_address */
	bool known;         /* a protocol BIRD listed, with an address */
};

/* One answer being streamed. */
struct stream {
	struct pcache pc[PCACHE];
	struct lg *lg;
	struct lg_bird b;
	struct lg_route_parser p;
	struct lg_out out;
	struct lg_out why; /* a route's reasons, reused */
	enum what what;
	bool filtered; /* routes BIRD filtered: reasons */
	bool have_slot;
	bool done;
	uint32_t lc_x, lc_y;
	size_t nroutes;
	size_t skip, max; /* paging */
};

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* ------------------------------------------------------------------ */
/* Reasons                                                             */

static bool
has_lc(const struct rsg_lc *v, size_t n, const struct rsg_lc *c)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].asn == c->asn && v[i].data1 == c->data1
		    && v[i].data2 == c->data2)
			return true;
	return false;
}

static bool
has_u32(const uint32_t *v, size_t n, uint32_t c)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == c)
			return true;
	return false;
}

/* One of the communities rsguard sets on every route it checks (RS:1000
 * to RS:1002:x, its state; RS:1101:x and RS:1102:x, its reasons), which
 * it scrubs from what clients send: rsguard's own on a route BIRD holds. */
static bool
own_lc(uint32_t rs_as, const struct rsg_lc *c)
{
	return rs_as != 0 && c->asn == rs_as
	    && ((c->data1 >= 1000 && c->data1 <= 1002) || c->data1 == 1101
		|| c->data1 == 1102);
}

/*
 * The reasons of a filtered route, checked again now. BIRD holds the
 * route as the import filter left it, with the communities rsguard added:
 * those are taken off first, so the route is checked as the client sent
 * it. rsguard's fixed ones are known; should the check add one the route
 * still carries (a community of the configuration), it is taken off too
 * and the route checked again.
 */
static void
reasons(struct lg *lg, const struct lg_route *lr, const struct lg_protocol *pr,
    const struct rsg_ip *peer, struct lg_out *o)
{
	static __thread struct rsg_verdict v;
	static __thread uint32_t std[LG_COMM_MAX];
	static __thread struct rsg_lc large[LG_COMM_MAX];
	uint8_t path[4096];
	struct rsg_route r;
	struct rsg_error err;
	size_t ns = 0, nl = 0;
	bool again = false;
	int rc;

	memset(&r, 0, sizeof(r));
	if (rsg_prefix_parse(lr->net, &r.prefix) != 0) {
		lg_out_lit(o, "[]");
		return;
	}
	r.peer_ip = *peer;
	r.peer_asn = pr->neighbor_as;
	if (lr->next_hop[0] != '\0')
		rsg_ip_parse(lr->next_hop, &r.next_hop);
	if (rsg_path_from_text(
		lr->path_text, path, sizeof(path), &r.as_path_len, &err)
	    == 0)
		r.as_path = path;
	if (lr->has_otc) {
		r.flags |= RSG_ROUTE_OTC;
		r.otc = lr->otc;
	}
	for (size_t i = 0; i < lr->nlarge; i++)
		if (!own_lc(lg->c.rs_as, &lr->large[i]))
			large[nl++] = lr->large[i];
	memcpy(std, lr->comm, lr->ncomm * sizeof(*std));
	ns = lr->ncomm;
	r.communities = std;
	r.large_communities = large;
	r.ext_communities = lr->ext;
	r.n_ext_communities = lr->next;
	do {
		size_t k;

		r.n_communities = ns;
		r.n_large_communities = nl;
		rsg_verdict_init(&v);
		rc = rsg_check(lg->ctx, &r, &v);
		if (!cli_has_verdict(rc)) {
			lg_out_lit(o, "[]");
			return;
		}
		if (again)
			break;
		/* what the check adds, the route must not carry already */
		k = 0;
		for (size_t i = 0; i < ns; i++)
			if (!has_u32(
				v.std_communities, v.n_std_communities, std[i]))
				std[k++] = std[i];
		again = k != ns;
		ns = k;
		k = 0;
		for (size_t i = 0; i < nl; i++)
			if (!has_lc(v.communities, v.n_communities, &large[i]))
				large[k++] = large[i];
		again |= k != nl;
		nl = k;
	} while (again);
	lg_json_reasons(o, &v, &r);
}

/* ------------------------------------------------------------------ */
/* Streaming routes                                                    */

/* The protocol of a route, from the stream's cache or the list. */
static const struct pcache *
route_protocol(struct stream *s, const char *name)
{
	uint32_t h = 2166136261u;
	struct pcache *e;
	char msg[64];

	for (const char *c = name; *c != '\0'; c++)
		h = (h ^ (uint8_t)*c) * 16777619u;
	e = &s->pc[h % PCACHE];
	if (strcmp(e->name, name) != 0) {
		snprintf(e->name, sizeof(e->name), "%s", name);
		e->known = lg_protocols(s->lg, name, &e->pr, NULL, msg,
			       sizeof(msg), false)
			== 0
		    && rsg_ip_parse(e->pr.neighbor_address, &e->peer) == 0;
	}
	return e;
}

static int
on_route(void *arg, const struct lg_route *r)
{
	struct stream *s = arg;
	const struct pcache *e;

	if (s->what == W_LCZWILD) {
		bool hit = false;

		for (size_t i = 0; i < r->nlarge && !hit; i++)
			hit = r->large[i].asn == s->lc_x
			    && r->large[i].data1 == s->lc_y;
		if (!hit)
			return 0;
	}
	if (s->skip > 0) {
		s->skip--;
		return 0;
	}
	if (s->nroutes >= s->max)
		return 0; /* stream_read() ends the answer */
	e = route_protocol(s, r->proto);
	lg_out_puts(&s->out, s->nroutes++ ? "," : "");
	if (s->filtered && e->known) {
		s->why.len = 0;
		reasons(s->lg, r, &e->pr, &e->peer, &s->why);
		lg_json_route(&s->out, r, e->pr.neighbor_address,
		    s->why.p != NULL ? s->why.p : "[]");
	} else {
		lg_json_route(
		    &s->out, r, e->known ? e->pr.neighbor_address : NULL, NULL);
	}
	return 0;
}

static ssize_t
stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct stream *s = cls;
	size_t n;

	(void)pos;
	/* a buffer's worth at a time: one write per 64 KiB, not per route */
	while (s->out.len < max && !s->done) {
		const char *text;
		int code, r;

		if (s->nroutes >= s->max) {
			/* a page is full: the rest of the reply is not
			 * needed, BIRD stops printing when the socket closes */
			lg_bird_close(&s->b);
			s->done = true;
			lg_out_puts(&s->out, "],\"more\":true}");
			break;
		}
		r = lg_bird_line(&s->b, &code, &text);
		if (r > 0) {
			lg_route_parser_line(&s->p, code, text);
			continue;
		}
		if (r < 0)
			return MHD_CONTENT_READER_END_WITH_ERROR;
		lg_route_parser_finish(&s->p);
		s->done = true;
		if (code >= 8000) {
			/* BIRD's error after the head was sent: the JSON
			 * stays valid, the error in it */
			lg_out_puts(&s->out, "],\"error\":");
			lg_out_str(&s->out, text);
			lg_out_puts(&s->out, "}");
		} else {
			lg_out_puts(&s->out, "]}");
		}
	}
	if (s->out.oom)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	if (s->out.len == 0)
		return MHD_CONTENT_READER_END_OF_STREAM;
	n = s->out.len < max ? s->out.len : max;
	memcpy(buf, s->out.p, n);
	lg_out_drain(&s->out, n);
	return (ssize_t)n;
}

static void
stream_free(void *cls)
{
	struct stream *s = cls;

	lg_bird_close(&s->b);
	if (s->have_slot)
		sem_post(&s->lg->slots);
	lg_out_free(&s->out);
	lg_out_free(&s->why);
	free(s);
}

/* ------------------------------------------------------------------ */
/* HTTP                                                                */

enum MHD_Result
lg_send_text(struct MHD_Connection *c, unsigned status, const char *type,
    const char *body, size_t len)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
	    len, (void *)(uintptr_t)body, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result rc;

	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

enum MHD_Result
lg_send_error(struct MHD_Connection *c, unsigned status, const char *msg)
{
	struct lg_out o = { 0 };
	enum MHD_Result rc;

	lg_out_puts(&o, "{\"error\":");
	lg_out_str(&o, msg);
	lg_out_puts(&o, "}");
	rc = lg_send_text(
	    c, status, "application/json", o.p ? o.p : "{}", o.p ? o.len : 2);
	lg_out_free(&o);
	return rc;
}

enum MHD_Result
lg_send_json(struct MHD_Connection *c, struct lg_out *o)
{
	enum MHD_Result rc;

	if (o->oom) {
		lg_out_free(o);
		return lg_send_error(
		    c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
	}
	rc = lg_send_text(c, MHD_HTTP_OK, "application/json", o->p, o->len);
	lg_out_free(o);
	return rc;
}

/* Over its requests a minute? */
static bool
rate_limited(struct lg *lg, struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci;
	uint8_t a[16] = { 0 };
	uint32_t h = 2166136261u;
	time_t minute = time(NULL) / 60;
	struct rate *r;
	bool over;

	if (lg->c.rate_limit == 0)
		return false;
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || ci->client_addr == NULL)
		return false;
	if (ci->client_addr->sa_family == AF_INET)
		memcpy(a,
		    &((const struct sockaddr_in *)(const void *)ci->client_addr)
			 ->sin_addr,
		    4);
	else if (ci->client_addr->sa_family == AF_INET6)
		memcpy(a,
		    &((const struct sockaddr_in6 *)(const void *)
			    ci->client_addr)
			 ->sin6_addr,
		    16);
	for (unsigned i = 0; i < 16; i++)
		h = (h ^ a[i]) * 16777619u;
	pthread_mutex_lock(&lg->lock);
	r = &lg->rates[h % RATE_SLOTS];
	if (r->minute != minute || memcmp(r->addr, a, 16) != 0) {
		memcpy(r->addr, a, 16);
		r->minute = minute;
		r->n = 0;
	}
	over = ++r->n > lg->c.rate_limit;
	pthread_mutex_unlock(&lg->lock);
	return over;
}

static enum MHD_Result
answer_status(struct lg *lg, struct MHD_Connection *c, bool birdseye)
{
	struct lg_status st;
	struct lg_bird b;
	struct lg_out o = { 0 };
	char t[48];
	int rc;

	if (!lg_slot_take(lg))
		return lg_send_error(
		    c, MHD_HTTP_SERVICE_UNAVAILABLE, "BIRD is busy");
	rc = lg_bird_connect(lg, &b);
	if (rc == 0)
		rc = lg_bird_send(&b, "show status");
	if (rc == 0)
		rc = lg_status_read(&b, &st);
	if (rc != 0) {
		enum MHD_Result x =
		    lg_send_error(c, MHD_HTTP_BAD_GATEWAY, b.error);

		lg_bird_close(&b);
		sem_post(&lg->slots);
		return x;
	}
	lg_bird_close(&b);
	sem_post(&lg->slots);
	lg_json_envelope(&o, lg->c.ttl, birdseye);
	lg_out_puts(&o, "\"status\":{\"version\":");
	lg_out_str(&o, st.version);
	lg_out_puts(&o, ",\"router_id\":");
	lg_out_str(&o, st.router_id);
	lg_json_time(t, sizeof(t), st.current_server);
	lg_out_puts(&o, ",\"current_server\":");
	lg_out_str(&o, t);
	lg_json_time(t, sizeof(t), st.last_reboot);
	lg_out_puts(&o, ",\"last_reboot\":");
	lg_out_str(&o, t);
	lg_json_time(t, sizeof(t), st.last_reconfig);
	lg_out_puts(&o, ",\"last_reconfig\":");
	lg_out_str(&o, t);
	lg_out_puts(&o, ",\"message\":");
	lg_out_str(&o, st.message);
	lg_out_puts(&o, "}}");
	return lg_send_json(c, &o);
}

static enum MHD_Result
answer_protocols(struct lg *lg, struct MHD_Connection *c, bool birdseye)
{
	struct lg_protocols all = { 0 };
	struct lg_out o = { 0 };
	char msg[LG_ERROR_MAX];
	bool first = true;

	if (lg_counted(lg, &all, msg, sizeof(msg)) != 0)
		return lg_send_error(c, MHD_HTTP_BAD_GATEWAY, msg);
	lg_json_envelope(&o, lg->c.ttl, birdseye);
	lg_out_puts(&o, "\"protocols\":{");
	for (size_t i = 0; i < all.n; i++) {
		if (strcmp(all.v[i].proto, "BGP") != 0)
			continue;
		lg_out_puts(&o, first ? "" : ",");
		first = false;
		lg_out_str(&o, all.v[i].name);
		lg_out_puts(&o, ":");
		lg_json_protocol(&o, &all.v[i]);
	}
	lg_out_puts(&o, "}}");
	lg_protocols_free(&all);
	return lg_send_json(c, &o);
}

size_t
lg_query_uint(struct MHD_Connection *c, const char *key, size_t dflt)
{
	const char *v =
	    MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, key);
	char *end;
	unsigned long long n;

	if (v == NULL || *v < '0' || *v > '9')
		return dflt;
	n = strtoull(v, &end, 10);
	return *end == '\0' && n < SIZE_MAX ? (size_t)n : dflt;
}

/* Bird's Eye's api/protocol/P: one protocol. */
static enum MHD_Result
answer_protocol(
    struct lg *lg, struct MHD_Connection *c, const char *name, bool birdseye)
{
	struct lg_protocols all = { 0 };
	const struct lg_protocol *found;
	struct lg_protocol pr;
	struct lg_out o = { 0 };
	char msg[LG_ERROR_MAX];

	if (!lg_symbol_ok(name))
		return lg_send_error(c, MHD_HTTP_NOT_FOUND, "no such protocol");

	/* with the filtered counts /protocols/bgp has */
	if (lg_counted(lg, &all, msg, sizeof(msg)) != 0)
		return lg_send_error(c, MHD_HTTP_BAD_GATEWAY, msg);
	if ((found = lg_protocols_find(&all, name)) == NULL) {
		lg_protocols_free(&all);
		return lg_send_error(c, MHD_HTTP_NOT_FOUND, "no such protocol");
	}
	pr = *found;
	lg_protocols_free(&all);
	lg_json_envelope(&o, lg->c.ttl, birdseye);
	lg_out_puts(&o, "\"protocol\":");
	lg_json_protocol(&o, &pr);
	lg_out_puts(&o, "}");
	return lg_send_json(c, &o);
}

static enum MHD_Result
answer_routes(struct lg *lg, struct MHD_Connection *c, enum what what,
    const char *name, bool filtered, bool birdseye, uint32_t x, uint32_t y,
    const char *net)
{
	struct stream *s;
	struct MHD_Response *r;
	char cmd[256], msg[LG_ERROR_MAX];
	enum MHD_Result rc;
	size_t page, size;
	int k;

	/* the name is one BIRD listed, or the answer is a 404 */
	if (name != NULL && !lg_symbol_ok(name))
		return lg_send_error(c, MHD_HTTP_NOT_FOUND, "no such protocol");
	if ((k = lg_protocols(lg, name, NULL, NULL, msg, sizeof(msg), true))
	    < 0)
		return lg_send_error(c, MHD_HTTP_BAD_GATEWAY, msg);
	if (name != NULL
	    && (what == W_TABLE     ? !lg_table_known(lg, name)
		    : what == W_FOR ? k != 0 && !lg_table_known(lg, name)
				    : k != 0))
		return lg_send_error(c, MHD_HTTP_NOT_FOUND,
		    what == W_TABLE ? "no such table" : "no such protocol");
	switch (what) {
	case W_ROUTES:
		snprintf(cmd, sizeof(cmd), "show route all protocol %s", name);
		break;
	case W_FILTERED:
	case W_LCZWILD:
		snprintf(cmd, sizeof(cmd),
		    "show route all filtered protocol %s", name);
		break;
	case W_NOEXPORT:
		snprintf(cmd, sizeof(cmd), "show route all noexport %s", name);
		break;
	case W_TABLE:
		snprintf(cmd, sizeof(cmd), "show route table %s all%s", name,
		    filtered ? " filtered" : "");
		break;
	case W_EXPORT:
		snprintf(cmd, sizeof(cmd), "show route all export %s", name);
		break;
	case W_FOR:
	case W_FOR_EXPORT:
		/* net: as rsguard formatted it, after parsing it */
		snprintf(cmd, sizeof(cmd), "show route for %s %s %s all", net,
		    what == W_FOR_EXPORT           ? "export"
			: lg_table_known(lg, name) ? "table"
						   : "protocol",
		    name);
		break;
	case W_FOR_ANY:
		snprintf(cmd, sizeof(cmd), "show route for %s all%s", net,
		    filtered ? " filtered" : "");
		break;
	case W_ORIGIN:
		snprintf(cmd, sizeof(cmd),
		    "show route where bgp_path.last = %" PRIu32 " all%s", x,
		    filtered ? " filtered" : "");
		break;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return lg_send_error(
		    c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
	s->lg = lg;
	s->b.fd = -1;
	s->what = what;
	s->filtered = filtered || what == W_FILTERED || what == W_LCZWILD;
	s->lc_x = x;
	s->lc_y = y;
	size = lg_query_uint(c, "page_size", lg->c.max_routes);
	page = lg_query_uint(c, "page", 0);
	s->max = size < lg->c.max_routes ? size : lg->c.max_routes;
	if (s->max == 0)
		s->max = 1;
	s->skip = page * s->max;
	lg_route_parser_init(&s->p, on_route, s);
	if (!lg_slot_take(lg)) {
		free(s);
		return lg_send_error(
		    c, MHD_HTTP_SERVICE_UNAVAILABLE, "BIRD is busy");
	}
	s->have_slot = true;
	if (lg_bird_connect(lg, &s->b) != 0 || lg_bird_send(&s->b, cmd) != 0) {
		rc = lg_send_error(c, MHD_HTTP_BAD_GATEWAY, s->b.error);
		stream_free(s);
		return rc;
	}
	lg_json_envelope(&s->out, lg->c.ttl, birdseye);
	lg_out_puts(&s->out, "\"routes\":[");
	r = MHD_create_response_from_callback(
	    MHD_SIZE_UNKNOWN, 64 * 1024, stream_read, s, stream_free);
	if (r == NULL) {
		stream_free(s);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", "application/json");
	rc = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return rc;
}

/* "a/b/c" split in place into at most n parts. */
static size_t
split(char *s, char **parts, size_t n)
{
	size_t k = 0;

	while (*s == '/')
		s++;
	while (*s != '\0' && k < n) {
		parts[k++] = s;
		while (*s != '\0' && *s != '/')
			s++;
		if (*s == '/')
			*s++ = '\0';
	}
	return *s == '\0' ? k : n + 1;
}

static bool
parse_u32_arg(const char *s, uint32_t *out)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return false;
	v = strtoull(s, &end, 10);
	if (*end != '\0' || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

/*
 * The page's own API: /x/state, /x/codes, /x/report/P, and the search,
 * /x/routes/{accepted,filtered}?q= with q an address, a prefix or an
 * origin ASN ("AS64500" or "64500"); q reaches BIRD only as rsguard
 * formats it.
 */
static enum MHD_Result
answer_page_api(struct lg *lg, struct MHD_Connection *c, char **p, size_t n)
{
	const char *q;
	struct rsg_prefix pfx;
	struct rsg_ip ip;
	char text[RSG_PREFIX_STRLEN];
	uint32_t asn;

	if (n == 1 && strcmp(p[0], "state") == 0)
		return lg_page_state(lg, c);
	if (n == 1 && strcmp(p[0], "codes") == 0)
		return lg_page_codes(lg, c);
	if (n == 2 && strcmp(p[0], "report") == 0)
		return lg_page_report(lg, c, p[1]);
	if (n != 2 || strcmp(p[0], "routes") != 0
	    || (strcmp(p[1], "accepted") != 0 && strcmp(p[1], "filtered") != 0))
		return lg_send_error(c, MHD_HTTP_NOT_FOUND, "no such path");
	q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "q");
	if (q == NULL)
		return lg_send_error(
		    c, MHD_HTTP_BAD_REQUEST, "q: an address, prefix or ASN");
	if ((q[0] == 'A' || q[0] == 'a') && (q[1] == 'S' || q[1] == 's'))
		q += 2;
	if (parse_u32_arg(q, &asn))
		return answer_routes(
		    lg, c, W_ORIGIN, NULL, p[1][0] == 'f', false, asn, 0, NULL);
	if (rsg_prefix_parse(q, &pfx) == 0)
		rsg_prefix_format(&pfx, text, sizeof(text));
	else if (rsg_ip_parse(q, &ip) == 0)
		rsg_ip_format(&ip, text, sizeof(text));
	else
		return lg_send_error(
		    c, MHD_HTTP_BAD_REQUEST, "q: no address, prefix or ASN");
	return answer_routes(
	    lg, c, W_FOR_ANY, NULL, p[1][0] == 'f', false, 0, 0, text);
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload, size_t *upload_size, void **state)
{
	struct lg *lg = cls;
	char path[512], *p[8];
	size_t n;
	bool be = false;
	uint32_t x, y;

	(void)version;
	(void)upload;
	if (*state == NULL) {
		/* headers only so far */
		*state = lg;
		return MHD_YES;
	}
	if (*upload_size != 0)
		return lg_send_error(c, MHD_HTTP_BAD_REQUEST, "read-only");
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return lg_send_error(
		    c, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and HEAD");
	if (rate_limited(lg, c))
		return lg_send_error(c, MHD_HTTP_TOO_MANY_REQUESTS,
		    "too many requests from this address");
	if (strlen(url) >= sizeof(path))
		return lg_send_error(c, MHD_HTTP_URI_TOO_LONG, "path too long");
	{
		/* the participant page's files */
		bool found;
		enum MHD_Result rc = lg_page_file(c, url, &found);

		if (found)
			return rc;
	}
	snprintf(path, sizeof(path), "%s", url);
	if ((n = split(path, p, 8)) > 8)
		return lg_send_error(c, MHD_HTTP_NOT_FOUND, "no such path");
	if (n > 0 && strcmp(p[0], "api") == 0) {
		/* Bird's Eye: the same under /api/ */
		be = true;
		memmove(p, p + 1, (n - 1) * sizeof(*p));
		n--;
	}
	if (!be && n >= 2 && strcmp(p[0], "x") == 0)
		return answer_page_api(lg, c, p + 1, n - 1);
	if (n == 1 && strcmp(p[0], "status") == 0)
		return answer_status(lg, c, be);
	if (n == 2 && strcmp(p[0], "protocols") == 0
	    && strcmp(p[1], "bgp") == 0)
		return answer_protocols(lg, c, be);
	if (n == 3 && strcmp(p[0], "routes") == 0) {
		if (strcmp(p[1], "protocol") == 0)
			return answer_routes(
			    lg, c, W_ROUTES, p[2], false, be, 0, 0, NULL);
		if (strcmp(p[1], "filtered") == 0)
			return answer_routes(
			    lg, c, W_FILTERED, p[2], true, be, 0, 0, NULL);
		if (strcmp(p[1], "noexport") == 0)
			return answer_routes(
			    lg, c, W_NOEXPORT, p[2], false, be, 0, 0, NULL);
		if (strcmp(p[1], "export") == 0)
			return answer_routes(
			    lg, c, W_EXPORT, p[2], false, be, 0, 0, NULL);
		if (strcmp(p[1], "table") == 0)
			return answer_routes(
			    lg, c, W_TABLE, p[2], false, be, 0, 0, NULL);
	}
	if (n == 4 && strcmp(p[0], "routes") == 0 && strcmp(p[1], "table") == 0
	    && strcmp(p[3], "filtered") == 0)
		return answer_routes(
		    lg, c, W_TABLE, p[2], true, be, 0, 0, NULL);
	if (n == 2 && strcmp(p[0], "protocol") == 0)
		return answer_protocol(lg, c, p[1], be);
	/* Bird's Eye's route/NET[/table|protocol|export/X]: NET as
	 * address/length, which the path splits */
	if ((n == 3 || n == 5) && strcmp(p[0], "route") == 0) {
		struct rsg_prefix pfx;
		char net[64], text[64];

		snprintf(net, sizeof(net), "%s/%s", p[1], p[2]);
		if (rsg_prefix_parse(net, &pfx) != 0)
			return lg_send_error(
			    c, MHD_HTTP_NOT_FOUND, "no such net");
		rsg_prefix_format(&pfx, text, sizeof(text));
		if (n == 3)
			return answer_routes(lg, c, W_FOR,
			    pfx.ip.afi == RSG_AFI_IPV6 ? "master6" : "master4",
			    false, be, 0, 0, text);
		if (strcmp(p[3], "table") == 0 || strcmp(p[3], "protocol") == 0)
			return answer_routes(
			    lg, c, W_FOR, p[4], false, be, 0, 0, text);
		if (strcmp(p[3], "export") == 0)
			return answer_routes(
			    lg, c, W_FOR_EXPORT, p[4], false, be, 0, 0, text);
	}
	/* Bird's Eye's lc-zwild: IXP Manager's "filtered prefixes" asks
	 * for the routes with (x, y, *); they are the filtered ones here */
	if (n == 6 && strcmp(p[0], "routes") == 0
	    && strcmp(p[1], "lc-zwild") == 0 && strcmp(p[2], "protocol") == 0
	    && parse_u32_arg(p[4], &x) && parse_u32_arg(p[5], &y))
		return answer_routes(
		    lg, c, W_LCZWILD, p[3], true, be, x, y, NULL);
	return lg_send_error(c, MHD_HTTP_NOT_FOUND, "no such path");
}

/* ------------------------------------------------------------------ */
/* Alice's configuration                                               */

static void
alice_config(const struct rsg_lg_config *c)
{
	uint32_t rs = c->rs_as;

	printf("# rsguard lg --alice-config: Alice-LG's reasons and RPKI "
	       "flags for\n# route server AS%u, from rsguard's code table\n\n",
	    rs);
	printf("[rejection_reasons]\n");
	/* one line a code: reasons sharing one (bogon prefix, default
	 * route, outside 2000::/3) are listed together */
	for (unsigned code = 1; code < 256; code++) {
		char text[1024];

		if (lg_code_text(code, text, sizeof(text)) > 0)
			printf("%u:1101:%u = %s\n", rs, code, text);
	}
	printf("%u:1101:* = Filtered (reason code not known)\n\n", rs);
	printf("[bgp_communities]\n");
	printf("%u:1000:1 = RPKI valid\n%u:1000:2 = RPKI not found\n"
	       "%u:1000:3 = RPKI not checked\n%u:1000:4 = RPKI invalid\n",
	    rs, rs, rs, rs);
	printf("%u:1001:1 = IRR valid\n%u:1001:2 = IRR not checked\n", rs, rs);
	printf("%u:1101:* = Filtered: $2\n\n", rs);
	printf("[rpki]\nenabled = true\nvalid = %u:1000:1\nunknown = "
	       "%u:1000:2\nnot_checked = %u:1000:3\ninvalid = %u:1000:4\n",
	    rs, rs, rs, rs);
}

/* ------------------------------------------------------------------ */

static void
usage(void)
{
	fprintf(stderr,
	    "usage: %s lg [-c CONFIG] [--listen ADDRESS:PORT] [--bird SOCKET]\n"
	    "       %s lg [-c CONFIG] --alice-config\n",
	    progname, progname);
}

int
cmd_lg(int argc, char **argv)
{
	static const struct option longopts[] = { CLI_COMMON_LONGOPTS,
		{ "listen", required_argument, NULL, 'l' },
		{ "bird", required_argument, NULL, 'b' },
		{ "alice-config", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct common com = { 0 };
	struct lg *lg;
	struct MHD_Daemon *d;
	struct sockaddr_storage ss;
	struct rsg_config *cfg;
	const char *listen = NULL, *bird = NULL;
	bool alice = false;
	int opt, rc;

	while ((opt = getopt_long(
		    argc, argv, CLI_COMMON_SHORTOPTS "h", longopts, NULL))
	    != -1) {
		if ((rc = cli_common_opt(&com, opt, optarg)) > 0)
			continue;
		if (rc < 0)
			return EXIT_ERROR;
		switch (opt) {
		case 'l':
			listen = optarg;
			break;
		case 'b':
			bird = optarg;
			break;
		case 'a':
			alice = true;
			break;
		default:
			usage();
			return opt == 'h' ? EXIT_ACCEPTED : EXIT_ERROR;
		}
	}
	if (optind != argc) {
		usage();
		return EXIT_ERROR;
	}
	if ((lg = calloc(1, sizeof(*lg))) == NULL)
		return EXIT_ERROR;
	lg->c.size = sizeof(lg->c);
	if (rsg_config_new(&cfg) != 0)
		return EXIT_ERROR;
	if (com.config != NULL && rsg_config_load_file(cfg, com.config) != 0) {
		for (size_t i = 0; i < rsg_config_error_count(cfg); i++)
			fprintf(stderr, "%s\n", rsg_config_error(cfg, i));
		rsg_config_free(cfg);
		free(lg);
		return EXIT_ERROR;
	}
	rsg_config_lg(cfg, &lg->c);
	rsg_config_free(cfg);
	if (alice) {
		alice_config(&lg->c);
		free(lg);
		return EXIT_ACCEPTED;
	}
	if (bird != NULL)
		snprintf(
		    lg->c.bird_socket, sizeof(lg->c.bird_socket), "%s", bird);
	if (listen != NULL) {
		const char *colon = strrchr(listen, ':');
		char host[64];
		unsigned long port;

		if (colon == NULL || (size_t)(colon - listen) >= sizeof(host)
		    || (port = strtoul(colon + 1, NULL, 10)) == 0
		    || port > 65535) {
			cli_error("--listen %s: expected ADDRESS:PORT", listen);
			free(lg);
			return EXIT_ERROR;
		}
		snprintf(
		    host, sizeof(host), "%.*s", (int)(colon - listen), listen);
		if (host[0] == '[' && host[strlen(host) - 1] == ']') {
			memmove(host, host + 1, strlen(host));
			host[strlen(host) - 1] = '\0';
		}
		snprintf(lg->c.address, sizeof(lg->c.address), "%s", host);
		lg->c.port = (uint16_t)port;
	}
	memset(&ss, 0, sizeof(ss));
	{
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		if (inet_pton(AF_INET, lg->c.address, &s4->sin_addr) == 1) {
			s4->sin_family = AF_INET;
			s4->sin_port = htons(lg->c.port);
		} else if (inet_pton(AF_INET6, lg->c.address, &s6->sin6_addr)
		    == 1) {
			s6->sin6_family = AF_INET6;
			s6->sin6_port = htons(lg->c.port);
		} else {
			cli_error("%s: no IP address", lg->c.address);
			free(lg);
			return EXIT_ERROR;
		}
	}
	/* the library's own live data, as the route server has it */
	if ((lg->ctx = cli_new(&com)) == NULL) {
		free(lg);
		return EXIT_ERROR;
	}
	if (rsg_ctx_start(lg->ctx) != 0) {
		cli_error(
		    "the worker does not start: %s", rsg_ctx_errmsg(lg->ctx));
		rsg_ctx_free(lg->ctx);
		free(lg);
		return EXIT_ERROR;
	}
	sem_init(&lg->slots, 0, lg->c.bird_connections);
	pthread_mutex_init(&lg->lock, NULL);
	pthread_cond_init(&lg->counted_cv, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD
		| MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ERROR_LOG
		| (ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0),
	    lg->c.port, NULL, NULL, handle, lg, MHD_OPTION_SOCK_ADDR,
	    (struct sockaddr *)&ss, MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned)lg->c.connections, MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned)lg->c.timeout, MHD_OPTION_END);
	if (d == NULL) {
		cli_error(
		    "cannot listen on %s port %u", lg->c.address, lg->c.port);
		rsg_ctx_free(lg->ctx);
		free(lg);
		return EXIT_ERROR;
	}
	if (!com.quiet)
		fprintf(stderr, "%s lg: listening on %s port %u, BIRD at %s\n",
		    progname, lg->c.address, lg->c.port, lg->c.bird_socket);
	while (!stop)
		pause();
	MHD_stop_daemon(d);
	rsg_ctx_free(lg->ctx);
	lg_protocols_free(&lg->protos);
	lg_protocols_free(&lg->counted);
	pthread_cond_destroy(&lg->counted_cv);
	pthread_mutex_destroy(&lg->lock);
	sem_destroy(&lg->slots);
	free(lg);
	return EXIT_ACCEPTED;
}
