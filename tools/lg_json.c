/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rsguard lg: its JSON (lg_json.h), in the shapes and types Alice-LG 6.2
 * decodes from birdwatcher: an envelope with api.Version (a string) and
 * api.result_from_cache (a bool), a ttl in RFC 3339, as_path members and
 * local_pref, med and otc as strings, communities as numbers. A wrong type
 * there is a dropped field or a panic on Alice's side.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lg_json.h"

#define LG_VERSION "2.2.5" /* the birdwatcher API rsguard lg speaks */

void
lg_out_free(struct lg_out *o)
{
	free(o->p);
	memset(o, 0, sizeof(*o));
}

static bool
reserve(struct lg_out *o, size_t more)
{
	size_t cap;
	char *p;

	if (o->oom)
		return false;
	if (o->len + more + 1 <= o->cap)
		return true;
	cap = o->cap ? o->cap : 4096;
	while (cap < o->len + more + 1)
		cap *= 2;
	if ((p = realloc(o->p, cap)) == NULL) {
		o->oom = true;
		return false;
	}
	o->p = p;
	o->cap = cap;
	return true;
}

void
lg_out_puts(struct lg_out *o, const char *s)
{
	size_t n = strlen(s);

	if (!reserve(o, n))
		return;
	memcpy(o->p + o->len, s, n + 1);
	o->len += n;
}

void
lg_out_mem(struct lg_out *o, const char *s, size_t n)
{
	if (!reserve(o, n))
		return;
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

void
lg_out_printf(struct lg_out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	/* into the room there is; formatted again only if it did not fit */
	if (!reserve(o, 64))
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->p + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= o->cap - o->len) {
		if (!reserve(o, (size_t)n))
			return;
		va_start(ap, fmt);
		vsnprintf(o->p + o->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	o->len += (size_t)n;
}

void
lg_out_u32(struct lg_out *o, uint32_t v)
{
	char b[10];
	size_t n = 0;

	if (!reserve(o, sizeof(b)))
		return;
	do
		b[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n > 0)
		o->p[o->len++] = b[--n];
	o->p[o->len] = '\0';
}

static bool
plain(unsigned char c)
{
	return c >= 0x20 && c != 0x7f && c != '"' && c != '\\';
}

void
lg_out_str(struct lg_out *o, const char *s)
{
	size_t n = strlen(s);

	if (!reserve(o, n * 6 + 2))
		return;
	o->p[o->len++] = '"';
	while (*s != '\0') {
		const char *run = s;

		/* what needs no escape, copied at once */
		while (plain((unsigned char)*s))
			s++;
		memcpy(o->p + o->len, run, (size_t)(s - run));
		o->len += (size_t)(s - run);
		if (*s == '\0')
			break;
		if (*s == '"' || *s == '\\') {
			o->p[o->len++] = '\\';
			o->p[o->len++] = *s;
		} else {
			o->len += (size_t)snprintf(
			    o->p + o->len, 7, "\\u%04x", (unsigned char)*s);
		}
		s++;
	}
	o->p[o->len++] = '"';
	o->p[o->len] = '\0';
}

void
lg_out_drain(struct lg_out *o, size_t n)
{
	if (n >= o->len) {
		o->len = 0;
		return;
	}
	memmove(o->p, o->p + n, o->len - n);
	o->len -= n;
	o->p[o->len] = '\0';
}

static void
rfc3339(char *buf, size_t cap, time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
lg_json_envelope(struct lg_out *o, unsigned ttl_s, bool birdseye)
{
	char now[32], ttl[32];
	time_t t = time(NULL);

	rfc3339(now, sizeof(now), t);
	rfc3339(ttl, sizeof(ttl), t + (time_t)ttl_s);
	if (birdseye) {
		/* Bird's Eye: {"api": {"version", "from_cache", "ttl_mins",
		 * "max_routes"}} */
		lg_out_printf(o,
		    "{\"api\":{\"version\":\"" LG_VERSION "\",\"from_cache\":"
		    "false,\"ttl_mins\":%u,\"max_routes\":0},",
		    (ttl_s + 59) / 60);
		return;
	}
	/* Version and result_from_cache are asserted by Alice; ttl in the
	 * future lets it cache a neighbor's routes */
	lg_out_printf(o,
	    "{\"api\":{\"Version\":\"" LG_VERSION "\",\"result_from_cache\":"
	    "false,\"cache_status\":{\"cached_at\":{\"date\":\"%s\","
	    "\"timezone_type\":\"UTC\",\"timezone\":\"UTC\"}}},"
	    "\"cached_at\":\"%s\",\"ttl\":\"%s\",",
	    now, now, ttl);
}

void
lg_json_time(char *buf, size_t cap, const char *bird)
{
	/* "2026-09-30 12:00:07.123" or "2026-09-30T12:00:07": the first 19
	 * characters; a time alone (BIRD's iso short) gets today's date */
	char b[40];
	size_t n = strlen(bird);

	if (n >= 19 && bird[4] == '-' && bird[7] == '-' && cap > 19) {
		memcpy(buf, bird, 19);
		buf[10] = ' ';
		buf[19] = '\0';
	} else if (n == 10 && bird[4] == '-') {
		snprintf(buf, cap, "%s 00:00:00", bird);
	} else if (n >= 8 && bird[2] == ':') {
		time_t t = time(NULL);
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(b, sizeof(b), "%Y-%m-%d", &tm);
		snprintf(buf, cap, "%s %.8s", b, bird);
	} else {
		snprintf(buf, cap, "%s", bird);
	}
}

void
lg_json_route(struct lg_out *o, const struct lg_route *r, const char *neighbor,
    const char *reasons)
{
	char age[48];

	lg_json_time(age, sizeof(age), r->since);
	lg_out_lit(o, "{\"network\":");
	lg_out_str(o, r->net);
	lg_out_lit(o, ",\"gateway\":");
	lg_out_str(o, r->gateway[0] ? r->gateway : r->from);
	lg_out_lit(o, ",\"learnt_from\":");
	lg_out_str(o,
	    neighbor != NULL && neighbor[0] ? neighbor
		: r->from[0]                ? r->from
					    : r->gateway);
	lg_out_lit(o, ",\"from_protocol\":");
	lg_out_str(o, r->proto);
	lg_out_lit(o, ",\"interface\":");
	lg_out_str(o, r->iface);
	lg_out_lit(o, ",\"metric\":");
	lg_out_u32(o, r->pref > 0 ? (uint32_t)r->pref : 0);
	lg_out_puts(o,
	    r->primary ? ",\"primary\":true,\"age\":"
		       : ",\"primary\":false,\"age\":");
	lg_out_str(o, age);
	lg_out_lit(o, ",\"type\":[");
	lg_out_str(o, r->source[0] ? r->source : "BGP");
	lg_out_lit(o, ",\"univ\"],\"bgp\":{\"origin\":");
	lg_out_str(o, r->origin);
	lg_out_lit(o, ",\"as_path\":[");
	for (size_t i = 0; i < r->npath; i++) {
		lg_out_puts(o, i ? ",\"" : "\"");
		lg_out_u32(o, r->path[i]);
		lg_out_lit(o, "\"");
	}
	lg_out_lit(o, "],\"next_hop\":");
	lg_out_str(o, r->next_hop);
	if (r->has_local_pref) {
		lg_out_lit(o, ",\"local_pref\":\"");
		lg_out_u32(o, r->local_pref);
		lg_out_lit(o, "\"");
	}
	if (r->has_med) {
		lg_out_lit(o, ",\"med\":\"");
		lg_out_u32(o, r->med);
		lg_out_lit(o, "\"");
	}
	if (r->has_otc) {
		lg_out_lit(o, ",\"otc\":\"");
		lg_out_u32(o, r->otc);
		lg_out_lit(o, "\"");
	}
	lg_out_lit(o, ",\"communities\":[");
	for (size_t i = 0; i < r->ncomm; i++) {
		lg_out_puts(o, i ? ",[" : "[");
		lg_out_u32(o, r->comm[i] >> 16);
		lg_out_lit(o, ",");
		lg_out_u32(o, r->comm[i] & 0xffff);
		lg_out_lit(o, "]");
	}
	lg_out_lit(o, "],\"large_communities\":[");
	for (size_t i = 0; i < r->nlarge; i++) {
		lg_out_puts(o, i ? ",[" : "[");
		lg_out_u32(o, r->large[i].asn);
		lg_out_lit(o, ",");
		lg_out_u32(o, r->large[i].data1);
		lg_out_lit(o, ",");
		lg_out_u32(o, r->large[i].data2);
		lg_out_lit(o, "]");
	}
	lg_out_lit(o, "],\"ext_communities\":[");
	for (size_t i = 0; i < r->next; i++) {
		lg_out_puts(o, i ? ",[" : "[");
		lg_out_str(o, r->ext_kind[i]);
		lg_out_lit(o, ",");
		lg_out_str(o, r->ext_a[i]);
		lg_out_lit(o, ",");
		lg_out_str(o, r->ext_b[i]);
		lg_out_lit(o, "]");
	}
	lg_out_lit(o, "]}");
	if (reasons != NULL) {
		lg_out_lit(o, ",\"x_rs_reasons\":");
		lg_out_puts(o, reasons);
	}
	lg_out_lit(o, "}");
}

static void
channel_counts(struct lg_out *o, const struct lg_channel *c)
{
	lg_out_printf(o,
	    "{\"imported\":%u,\"filtered\":%u,\"exported\":%u,"
	    "\"preferred\":%u}",
	    c->imported, c->filtered, c->exported, c->preferred);
}

void
lg_protocol_sum(const struct lg_protocol *p, struct lg_channel *sum)
{
	memset(sum, 0, sizeof(*sum));
	for (unsigned i = 0; i < p->nch; i++) {
		sum->imported += p->ch[i].imported;
		sum->filtered += p->ch[i].filtered;
		sum->exported += p->ch[i].exported;
		sum->preferred += p->ch[i].preferred;
		sum->received += p->ch[i].received;
		sum->rejected += p->ch[i].rejected;
		sum->ufiltered += p->ch[i].ufiltered;
		sum->ignored += p->ch[i].ignored;
		sum->accepted += p->ch[i].accepted;
	}
}

size_t
lg_code_text(unsigned code, char *buf, size_t cap)
{
	size_t len = 0;

	if (cap > 0)
		buf[0] = '\0';
	for (unsigned r = 0; r < RSG_R_COUNT && cap > 0; r++) {
		const char *t = rsg_reason_text((enum rsg_reason)r);

		if (t == NULL || rsg_reason_eix((enum rsg_reason)r) != code)
			continue;
		len += (size_t)snprintf(
		    buf + len, cap - len, "%s%s", len ? "; " : "", t);
		if (len >= cap)
			len = cap - 1;
	}
	return len;
}

void
lg_json_protocol(struct lg_out *o, const struct lg_protocol *p)
{
	char since[48];
	struct lg_channel sum;

	lg_protocol_sum(p, &sum);
	lg_json_time(since, sizeof(since), p->since);
	lg_out_lit(o, "{\"protocol\":");
	lg_out_str(o, p->name);
	lg_out_lit(o, ",\"bird_protocol\":");
	lg_out_str(o, p->proto);
	lg_out_lit(o, ",\"table\":");
	lg_out_str(
	    o, p->nch > 0 && p->ch[0].table[0] ? p->ch[0].table : p->table);
	lg_out_lit(o, ",\"state\":");
	lg_out_str(o, p->state);
	lg_out_lit(o, ",\"state_changed\":");
	lg_out_str(o, since);
	lg_out_lit(o, ",\"connection\":");
	lg_out_str(o, p->info);
	lg_out_lit(o, ",\"description\":");
	lg_out_str(o, p->description);
	lg_out_lit(o, ",\"bgp_state\":");
	lg_out_str(o, p->bgp_state);
	lg_out_lit(o, ",\"neighbor_address\":");
	lg_out_str(o, p->neighbor_address);
	lg_out_printf(o, ",\"neighbor_as\":%u,\"local_as\":%u", p->neighbor_as,
	    p->local_as);
	lg_out_lit(o, ",\"neighbor_id\":");
	lg_out_str(o, p->neighbor_id);
	lg_out_lit(o, ",\"last_error\":");
	lg_out_str(o, p->last_error);
	lg_out_lit(o, ",\"routes\":");
	channel_counts(o, &sum);
	lg_out_lit(o, ",\"channels\":{");
	for (unsigned i = 0; i < p->nch; i++) {
		lg_out_puts(o, i ? "," : "");
		lg_out_str(o, p->ch[i].name);
		lg_out_lit(o, ":{\"state\":");
		lg_out_str(o, p->ch[i].state);
		lg_out_lit(o, ",\"table\":");
		lg_out_str(o, p->ch[i].table);
		/* Alice 6.2 reads routes_count, birdwatcher wrote routes */
		lg_out_lit(o, ",\"routes_count\":");
		channel_counts(o, &p->ch[i]);
		lg_out_lit(o, ",\"routes\":");
		channel_counts(o, &p->ch[i]);
		lg_out_lit(o, "}");
	}
	lg_out_printf(o,
	    "},\"route_changes\":{\"import_updates\":{\"received\":%u,"
	    "\"rejected\":%u,\"filtered\":%u,\"ignored\":%u,\"accepted\":%u}}}",
	    sum.received, sum.rejected, sum.ufiltered, sum.ignored,
	    sum.accepted);
}

void
lg_json_reasons(
    struct lg_out *o, const struct rsg_verdict *v, const struct rsg_route *r)
{
	char text[1024];

	lg_out_lit(o, "[");
	for (unsigned i = 0; i < v->n_details && i < RSG_VERDICT_MAX_DETAILS;
	     i++) {
		const struct rsg_detail *d = &v->details[i];
		enum rsg_reason reason = (enum rsg_reason)d->reason;
		const char *key = rsg_reason_key(reason);

		lg_out_puts(o, i ? ",{\"reason\":" : "{\"reason\":");
		lg_out_str(o, key != NULL ? key : "unknown");
		lg_out_lit(o, ",\"code\":");
		lg_out_u32(o, rsg_reason_eix(reason));
		lg_out_lit(o, ",\"community\":[");
		lg_out_u32(o, v->rs_as);
		lg_out_lit(o, ",1101,");
		lg_out_u32(o, rsg_reason_eix(reason));
		lg_out_lit(o, "]");
		lg_out_lit(o, ",\"mode\":");
		lg_out_str(o, d->mode == RSG_MODE_TAG ? "tag" : "reject");
		rsg_explain_detail(v, d, text, sizeof(text));
		lg_out_lit(o, ",\"text\":");
		lg_out_str(o, text);
		rsg_explain_fix(v, d, r, text, sizeof(text));
		lg_out_lit(o, ",\"fix\":");
		lg_out_str(o, text);
		lg_out_lit(o, "}");
	}
	lg_out_lit(o, "]");
}
