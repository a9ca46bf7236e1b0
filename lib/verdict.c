/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The one encoding of a verdict: rsg_verdict_json(), what rsguard check
 * --json and table --json print and what a looking glass serves. Every
 * key is documented in rsguard(1), VERDICT JSON: a key added, renamed or
 * given another meaning here is changed there too, and
 * RSG_VERDICT_JSON_SCHEMA goes up when a key changes meaning or goes away
 * (new keys may appear without it).
 *
 * Invariants:
 *  - Nothing is allocated; text goes into the caller's buffer with
 *    snprintf semantics (struct sbuf), so the result is the full length.
 *  - Every string goes through rsg__sbuf_json_string(), even the ones
 *    made here from numbers, so no text can break the document.
 *  - Counts are clamped to the arrays they count and reasons checked
 *    against the reason table: a damaged verdict gives odd JSON, never a
 *    read out of bounds.
 *  - Every reason gets "details" (the fields that apply to it, named for
 *    what they mean there) and a "fix" in plain words.
 */
#include "config.h"

#include "verdict.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "addr.h"
#include "aspath.h"
#include "sbuf.h"
#include "util.h"

/* Longest rsg_explain_detail() text: eight VRPs and a sentence. */
#define TEXT_MAX 1024

const char *
rsg_action_key(unsigned a)
{
	switch (a) {
	case RSG_ACCEPT:
		return "accept";
	case RSG_REJECT:
		return "reject";
	case RSG_TAG:
		return "tag";
	case RSG_TAG_AND_REJECT:
		return "tag_and_reject";
	default:
		return "unknown";
	}
}

const char *
rsg_rov_key(unsigned s)
{
	switch (s) {
	case RSG_ROV_VALID:
		return "valid";
	case RSG_ROV_INVALID:
		return "invalid";
	case RSG_ROV_NOTFOUND:
		return "not-found";
	default:
		return "not-checked";
	}
}

const char *
rsg_aspa_key(unsigned s)
{
	switch (s) {
	case RSG_ASPA_VALID:
		return "valid";
	case RSG_ASPA_INVALID:
		return "invalid";
	case RSG_ASPA_UNKNOWN:
		return "unknown";
	default:
		return "not-checked";
	}
}

const char *
rsg_irr_key(unsigned s)
{
	switch (s) {
	case RSG_IRR_VALID:
		return "valid";
	case RSG_IRR_INVALID:
		return "invalid";
	case RSG_IRR_EMPTY:
		return "empty";
	default:
		return "not-checked";
	}
}

static const struct {
	uint32_t flag;
	const char *key;
} flag_keys[] = {
	{ RSG_VF_GSHUT, "graceful_shutdown" },
	{ RSG_VF_UNKNOWN_CLIENT, "unknown_client" },
	{ RSG_VF_SAME_AS_NEXT_HOP, "same_as_next_hop" },
	{ RSG_VF_SCRUB, "scrub_rs_communities" },
	{ RSG_VF_TRANSPARENT_RS, "transparent_rs" },
	{ RSG_VF_ROV_STALE, "rov_stale" },
	{ RSG_VF_ROV_NOT_READY, "rov_not_ready" },
	{ RSG_VF_ASPA_STALE, "aspa_stale" },
	{ RSG_VF_ASPA_NOT_READY, "aspa_not_ready" },
	{ RSG_VF_SCRUB_MORE, "scrub_more" },
};

static const char *
afi_key(unsigned afi)
{
	return afi == RSG_AFI_IPV4 ? "ipv4"
	    : afi == RSG_AFI_IPV6  ? "ipv6"
				   : "unknown";
}

static const char *
malformed_key(unsigned what)
{
	switch (what) {
	case RSG_MALFORMED_PREFIX:
		return "prefix";
	case RSG_MALFORMED_AS_PATH:
		return "as_path";
	case RSG_MALFORMED_PEER_IP:
		return "peer_ip";
	case RSG_MALFORMED_NEXT_HOP:
		return "next_hop";
	default:
		return "route";
	}
}

static const char *
malformed_text(unsigned what)
{
	switch (what) {
	case RSG_MALFORMED_PREFIX:
		return "prefix";
	case RSG_MALFORMED_AS_PATH:
		return "AS_PATH";
	case RSG_MALFORMED_PEER_IP:
		return "peer address";
	case RSG_MALFORMED_NEXT_HOP:
		return "NEXT_HOP";
	default:
		return "route";
	}
}

/* ------------------------------------------------------------------ */
/* JSON pieces                                                         */

/* An object or array under construction: commas between members. */
struct json_out {
	struct sbuf *sb;
	bool first;
};

static void
sep(struct json_out *o)
{
	if (!o->first)
		rsg__sbuf_puts(o->sb, ",");
	o->first = false;
}

static void
key(struct json_out *o, const char *k)
{
	sep(o);
	rsg__sbuf_json_string(o->sb, k);
	rsg__sbuf_puts(o->sb, ":");
}

static void
put_str(struct json_out *o, const char *k, const char *s)
{
	key(o, k);
	if (s != NULL)
		rsg__sbuf_json_string(o->sb, s);
	else
		rsg__sbuf_puts(o->sb, "null");
}

static void
put_u64(struct json_out *o, const char *k, uint64_t n)
{
	key(o, k);
	rsg__sbuf_printf(o->sb, "%" PRIu64, n);
}

static void
put_bool(struct json_out *o, const char *k, bool b)
{
	key(o, k);
	rsg__sbuf_puts(o->sb, b ? "true" : "false");
}

/* An address; null if it has no family. */
static void
put_ip(struct json_out *o, const char *k, const struct rsg_ip *ip)
{
	char t[RSG_PREFIX_STRLEN];

	if (ip->afi != RSG_AFI_IPV4 && ip->afi != RSG_AFI_IPV6) {
		put_str(o, k, NULL);
		return;
	}
	rsg_ip_format(ip, t, sizeof(t));
	put_str(o, k, t);
}

/* A prefix as given (also a non-canonical one); null without family. */
static void
put_prefix(struct json_out *o, const char *k, const struct rsg_prefix *p)
{
	char t[RSG_PREFIX_STRLEN];

	if (p->ip.afi != RSG_AFI_IPV4 && p->ip.afi != RSG_AFI_IPV6) {
		put_str(o, k, NULL);
		return;
	}
	rsg_prefix_format(p, t, sizeof(t));
	put_str(o, k, t);
}

static void
put_lc(struct json_out *o, const struct rsg_lc *c)
{
	char t[40];

	sep(o);
	snprintf(t, sizeof(t), "%" PRIu32 ":%" PRIu32 ":%" PRIu32, c->asn,
	    c->data1, c->data2);
	rsg__sbuf_json_string(o->sb, t);
}

/* ------------------------------------------------------------------ */
/* The route                                                           */

/* The AS_PATH as text (rsg_path_format), null if it is malformed. */
static void
put_path(struct json_out *o, const struct rsg_route *r)
{
	size_t bad, cap;
	char *at;

	key(o, "as_path");
	if ((r->as_path == NULL && r->as_path_len != 0)
	    || (r->as_path_len != 0
		&& rsg__path_check(r->as_path, r->as_path_len, &bad) != 0)) {
		rsg__sbuf_puts(o->sb, "null");
		return;
	}
	/* digits, spaces and brackets only: nothing to escape */
	rsg__sbuf_puts(o->sb, "\"");
	at = rsg__sbuf_tail(o->sb, &cap);
	rsg__sbuf_advance(
	    o->sb, rsg_path_format(r->as_path, r->as_path_len, at, cap));
	rsg__sbuf_puts(o->sb, "\"");
}

/* "name": ["a:b", ...] */
static void
put_std_list(struct json_out *o, const char *name, const uint32_t *c, size_t n)
{
	struct json_out a = { o->sb, true };
	char t[24];

	key(o, name);
	rsg__sbuf_puts(o->sb, "[");
	for (size_t i = 0; c != NULL && i < n; i++) {
		sep(&a);
		snprintf(t, sizeof(t), "%" PRIu32 ":%" PRIu32, c[i] >> 16,
		    c[i] & 0xffffu);
		rsg__sbuf_json_string(o->sb, t);
	}
	rsg__sbuf_puts(o->sb, "]");
}

/* "name": ["generic:0xHI:0xLO", ...], the notation rsguard check
 * --communities reads back */
static void
put_ext_list(
    struct json_out *o, const char *name, const struct rsg_ec *c, size_t n)
{
	struct json_out a = { o->sb, true };
	char t[48];

	key(o, name);
	rsg__sbuf_puts(o->sb, "[");
	for (size_t i = 0; c != NULL && i < n; i++) {
		sep(&a);
		snprintf(t, sizeof(t), "generic:0x%08" PRIx32 ":0x%08" PRIx32,
		    c[i].hi, c[i].lo);
		rsg__sbuf_json_string(o->sb, t);
	}
	rsg__sbuf_puts(o->sb, "]");
}

static void
put_lc_list(
    struct json_out *o, const char *name, const struct rsg_lc *c, size_t n)
{
	struct json_out a = { o->sb, true };

	key(o, name);
	rsg__sbuf_puts(o->sb, "[");
	for (size_t i = 0; c != NULL && i < n; i++)
		put_lc(&a, &c[i]);
	rsg__sbuf_puts(o->sb, "]");
}

static void
put_route(struct sbuf *sb, const struct rsg_route *r)
{
	struct json_out o = { sb, true };

	rsg__sbuf_puts(sb, "{");
	put_prefix(&o, "prefix", &r->prefix);
	put_ip(&o, "peer", &r->peer_ip);
	put_u64(&o, "peer_as", r->peer_asn);
	put_path(&o, r);
	put_ip(&o, "next_hop", &r->next_hop);
	put_std_list(&o, "communities", r->communities, r->n_communities);
	put_ext_list(
	    &o, "ext_communities", r->ext_communities, r->n_ext_communities);
	put_lc_list(&o, "large_communities", r->large_communities,
	    r->n_large_communities);
	key(&o, "otc");
	if (r->flags & RSG_ROUTE_OTC)
		rsg__sbuf_printf(sb, "%" PRIu32, r->otc);
	else
		rsg__sbuf_puts(sb, "null");
	rsg__sbuf_puts(sb, "}");
}

/* ------------------------------------------------------------------ */
/* Reasons: details and fixes                                          */

/* The fields of d that apply to its reason, named for what they mean. */
static void
put_details(
    struct sbuf *sb, const struct rsg_verdict *v, const struct rsg_detail *d)
{
	struct json_out o = { sb, true };

	rsg__sbuf_puts(sb, "{");
	switch (d->reason) {
	case RSG_R_PREFIX_TOO_LONG:
	case RSG_R_PREFIX_TOO_SHORT:
		put_prefix(&o, "prefix", &d->prefix);
		put_u64(&o, "length", d->value);
		put_u64(&o,
		    d->reason == RSG_R_PREFIX_TOO_LONG ? "max_length"
						       : "min_length",
		    d->limit);
		break;
	case RSG_R_BOGON_PREFIX:
		put_prefix(&o, "bogon", &d->prefix);
		break;
	case RSG_R_DEFAULT_ROUTE:
	case RSG_R_NOT_GLOBAL_UNICAST:
		put_prefix(&o, "prefix", &d->prefix);
		break;
	case RSG_R_BOGON_ASN:
	case RSG_R_NEVER_VIA_RS:
		put_u64(&o, "asn", d->asn);
		put_u64(&o, "position", d->value);
		break;
	case RSG_R_PATH_TOO_LONG:
		put_u64(&o, "path_len", d->value);
		put_u64(&o, "max_path_len", d->limit);
		break;
	case RSG_R_PATH_TOO_SHORT:
		break;
	case RSG_R_FIRST_AS:
		key(&o, "first_as");
		if (d->asn != 0)
			rsg__sbuf_printf(sb, "%" PRIu32, d->asn);
		else
			rsg__sbuf_puts(sb, "null");
		put_u64(&o, "peer_as", d->asn2);
		break;
	case RSG_R_NEXT_HOP:
		put_ip(&o, "next_hop", &d->ip);
		put_str(&o, "policy",
		    d->value == 1       ? "same-as"
			: d->value == 2 ? "authorized_addresses"
					: "strict");
		break;
	case RSG_R_RPKI_INVALID:
	case RSG_R_RPKI_UNKNOWN:
	case RSG_R_BLACKHOLE_UNAUTH:
		put_prefix(&o, "prefix", &d->prefix);
		put_u64(&o, "origin_as", d->asn);
		break;
	case RSG_R_TRANSIT_FREE:
		put_u64(&o, "asn", d->asn);
		put_u64(&o, "position", d->value);
		put_u64(&o, "after_as", d->asn2);
		break;
	case RSG_R_TOO_MANY_COMMUNITIES:
		put_u64(&o, "count", d->value);
		put_u64(&o, "limit", d->limit);
		break;
	case RSG_R_OTC_LEAK:
		put_u64(&o, "otc", d->asn);
		break;
	case RSG_R_AS_SET:
		put_str(&o, "segment", rsg__seg_name(d->value));
		break;
	case RSG_R_ASPA_INVALID:
		put_str(&o, "cause",
		    d->value == 1       ? "provider_not_listed"
			: d->value == 2 ? "neighbor_not_first"
					: "as_set_or_empty_path");
		if (d->value == 1) {
			put_u64(&o, "customer_as", d->asn);
			put_u64(&o, "provider_as", d->asn2);
		} else if (d->value == 2) {
			put_u64(&o, "neighbor_as", d->asn2);
		}
		break;
	case RSG_R_PEERING_LAN:
		put_prefix(&o, "peering_lan", &d->prefix);
		break;
	case RSG_R_GLOBAL_BLACKLIST:
	case RSG_R_CLIENT_BLACKLIST:
		put_prefix(&o, "entry", &d->prefix);
		put_u64(&o, "max_length", d->limit);
		break;
	case RSG_R_AFI:
		put_prefix(&o, "prefix", &d->prefix);
		put_str(&o, "prefix_afi", afi_key(d->prefix.ip.afi));
		put_str(&o, "session_afi", afi_key(d->ip.afi));
		break;
	case RSG_R_MALFORMED:
		put_str(&o, "what", malformed_key(d->value));
		if (d->value == RSG_MALFORMED_PREFIX)
			put_prefix(&o, "prefix", &d->prefix);
		else if (d->value == RSG_MALFORMED_AS_PATH)
			put_u64(&o, "byte", d->limit);
		else if (d->value == RSG_MALFORMED_PEER_IP
		    || d->value == RSG_MALFORMED_NEXT_HOP)
			put_ip(&o, "address", &d->ip);
		break;
	case RSG_R_IRR_ORIGIN:
	case RSG_R_IRR_PREFIX:
		put_prefix(&o, "prefix", &d->prefix);
		put_u64(&o, "origin_as", d->asn);
		put_str(&o, "as_set", verdict_as_set(v));
		if (d->reason == RSG_R_IRR_PREFIX && d->asn2 != 0)
			put_u64(&o, "route_object_origin_as", d->asn2);
		break;
	default:
		/* reasons without details of their own: what is set */
		if (d->asn != 0)
			put_u64(&o, "asn", d->asn);
		if (d->asn2 != 0)
			put_u64(&o, "asn2", d->asn2);
		if (d->value != 0)
			put_u64(&o, "value", d->value);
		if (d->limit != 0)
			put_u64(&o, "limit", d->limit);
		if (d->prefix.ip.afi != RSG_AFI_NONE)
			put_prefix(&o, "prefix", &d->prefix);
		if (d->ip.afi != RSG_AFI_NONE)
			put_ip(&o, "ip", &d->ip);
		break;
	}
	rsg__sbuf_puts(sb, "}");
}

/* A prefix as text for a fix; "the prefix" if it has no family. */
static const char *
pfx_text(const struct rsg_prefix *p, char *buf, size_t len)
{
	if (p == NULL
	    || (p->ip.afi != RSG_AFI_IPV4 && p->ip.afi != RSG_AFI_IPV6))
		return "the prefix";
	rsg_prefix_format(p, buf, len);
	return buf;
}

/* The prefix a fix talks about: the detail's, else the route's. */
static const char *
fix_prefix(const struct rsg_detail *d, const struct rsg_route *r, char *buf,
    size_t len)
{
	if (d->prefix.ip.afi == RSG_AFI_NONE && r != NULL)
		return pfx_text(&r->prefix, buf, len);
	return pfx_text(&d->prefix, buf, len);
}

/* RPKI invalid: what ROA would make the route valid. */
static void
fix_rpki_invalid(struct sbuf *sb, const struct rsg_verdict *v,
    const struct rsg_detail *d, const char *p)
{
	unsigned len = d->prefix.len;

	if (d->asn == 0) {
		rsg__sbuf_printf(sb,
		    "announce %s with a plain AS_PATH ending in your origin "
		    "AS (no AS_SET): a route without one origin AS is never "
		    "RPKI valid",
		    p);
		return;
	}
	for (unsigned i = 0; i < verdict_nvrps(v); i++) {
		const struct rsg_vrp *r = &v->vrps[i];
		char vp[RSG_PREFIX_STRLEN];

		if (r->asn != d->asn)
			continue;
		/* the origin has a ROA, but its maxLength is too short */
		rsg_prefix_format(&r->prefix, vp, sizeof(vp));
		rsg__sbuf_printf(sb,
		    "create a ROA for %s with origin AS%" PRIu32
		    " and maxLength %u (or raise the maxLength of the ROA for "
		    "%s AS%" PRIu32 " to %u), or stop announcing it",
		    p, d->asn, len, vp, r->asn, len);
		return;
	}
	rsg__sbuf_printf(sb,
	    "create a ROA for %s with origin AS%" PRIu32
	    " and maxLength %u, or stop announcing it (the existing ROAs "
	    "authorise other origin ASes)",
	    p, d->asn, len);
}

/* What the participant has to create or change, in plain words. */
/* The AS-SET in a fix: "AS-SET AS-FOO", or the general words. */
static void
fix_as_set(struct sbuf *t, const char *set)
{
	if (set[0] == '\0' || strchr(set, '-') == NULL)
		rsg__sbuf_printf(t, "the AS-SET the IXP filters you with");
	else
		rsg__sbuf_printf(
		    t, "AS-SET%s %s", strchr(set, ' ') != NULL ? "s" : "", set);
}

/* What the participant has to do about a detail, in words, into t. */
static void
fix_text(struct sbuf *tp, const struct rsg_verdict *v,
    const struct rsg_detail *d, const struct rsg_route *r)
{
	char pb[RSG_PREFIX_STRLEN], rb[RSG_PREFIX_STRLEN];
	char eb[RSG_PREFIX_STRLEN], ib[RSG_PREFIX_STRLEN];
	const char *p = fix_prefix(d, r, pb, sizeof(pb));
	uint32_t you = v->client_asn;
	switch (d->reason) {
	case RSG_R_PREFIX_TOO_LONG:
		rsg__sbuf_printf(tp,
		    "announce /%" PRIu32 " or shorter: aggregate %s into a "
		    "covering prefix",
		    d->limit, p);
		break;
	case RSG_R_PREFIX_TOO_SHORT:
		rsg__sbuf_printf(tp,
		    "announce more specific prefixes of /%" PRIu32
		    " or longer instead of %s",
		    d->limit, p);
		break;
	case RSG_R_BOGON_PREFIX:
		rsg__sbuf_printf(tp,
		    "stop announcing %s: it is inside %s, private or reserved "
		    "address space that is not routed on the Internet",
		    pfx_text(r != NULL ? &r->prefix : NULL, rb, sizeof(rb)),
		    pfx_text(&d->prefix, eb, sizeof(eb)));
		break;
	case RSG_R_DEFAULT_ROUTE:
		rsg__sbuf_printf(
		    tp, "do not announce a default route to the route server");
		break;
	case RSG_R_NOT_GLOBAL_UNICAST:
		rsg__sbuf_printf(tp,
		    "stop announcing %s: only IPv6 prefixes inside the global "
		    "unicast space 2000::/3 are routed",
		    p);
		break;
	case RSG_R_BOGON_ASN:
		rsg__sbuf_printf(tp,
		    "remove the private or reserved AS%" PRIu32
		    " from the AS_PATH (strip private ASNs before announcing), "
		    "or stop announcing routes that carry it",
		    d->asn);
		break;
	case RSG_R_PATH_TOO_LONG:
		rsg__sbuf_printf(tp,
		    "shorten the AS_PATH to at most %" PRIu32
		    " ASes: prepend less",
		    d->limit);
		break;
	case RSG_R_PATH_TOO_SHORT:
		rsg__sbuf_printf(tp,
		    "announce the route with your own AS%" PRIu32
		    " in the AS_PATH",
		    you);
		break;
	case RSG_R_FIRST_AS:
		rsg__sbuf_printf(tp,
		    "put your own AS%" PRIu32
		    " first in the AS_PATH (do not strip it, and do not "
		    "announce a route with another AS first)",
		    d->asn2 != 0 ? d->asn2 : you);
		break;
	case RSG_R_NEXT_HOP:
		if (r != NULL
		    && (r->peer_ip.afi == RSG_AFI_IPV4
			|| r->peer_ip.afi == RSG_AFI_IPV6)) {
			rsg_ip_format(&r->peer_ip, ib, sizeof(ib));
			rsg__sbuf_printf(tp,
			    "set NEXT_HOP to your session address %s (next-hop-"
			    "self), not to another router",
			    ib);
		} else {
			rsg__sbuf_printf(tp,
			    "set NEXT_HOP to your session address on the "
			    "peering LAN (next-hop-self)");
		}
		break;
	case RSG_R_IRR_PREFIX:
		rsg__sbuf_printf(tp,
		    "create a route%s object for %s with origin AS%" PRIu32
		    " in an IRR database, and make sure that AS is in ",
		    d->prefix.ip.afi == RSG_AFI_IPV6
			    || (r != NULL && r->prefix.ip.afi == RSG_AFI_IPV6)
			? "6"
			: "",
		    p, d->asn != 0 ? d->asn : v->origin_asn);
		fix_as_set(tp, verdict_as_set(v));
		break;
	case RSG_R_IRR_ORIGIN:
		rsg__sbuf_printf(tp, "add AS%" PRIu32 " to ",
		    d->asn != 0 ? d->asn : v->origin_asn);
		fix_as_set(tp, verdict_as_set(v));
		rsg__sbuf_printf(tp,
		    " (the AS-SET in your PeeringDB record or the IXP's "
		    "configuration)");
		break;
	case RSG_R_PREFIX_NOT_IN_ORIGIN:
		rsg__sbuf_printf(tp,
		    "create a route%s object for %s with origin AS%" PRIu32
		    " in an IRR database",
		    d->prefix.ip.afi == RSG_AFI_IPV6
			    || (r != NULL && r->prefix.ip.afi == RSG_AFI_IPV6)
			? "6"
			: "",
		    p, d->asn != 0 ? d->asn : v->origin_asn);
		break;
	case RSG_R_RPKI_UNKNOWN:
		if (d->asn == 0)
			rsg__sbuf_printf(tp,
			    "create a ROA for %s with your origin AS and "
			    "maxLength %u, and announce it with a plain "
			    "AS_PATH",
			    p, d->prefix.len);
		else
			rsg__sbuf_printf(tp,
			    "create a ROA for %s with origin AS%" PRIu32
			    " and maxLength %u",
			    p, d->asn, d->prefix.len);
		break;
	case RSG_R_RPKI_INVALID:
		fix_rpki_invalid(tp, v, d, p);
		break;
	case RSG_R_TRANSIT_FREE:
		rsg__sbuf_printf(tp,
		    "stop announcing routes learned via AS%" PRIu32
		    ": a transit-free network behind you on the AS_PATH is "
		    "a route leak; filter your announcements to your own and "
		    "your customers' routes",
		    d->asn);
		break;
	case RSG_R_TOO_MANY_COMMUNITIES:
		rsg__sbuf_printf(tp,
		    "send fewer than %" PRIu32 " communities (this route has "
		    "%" PRIu32 "): strip the ones not meant for the route "
		    "server",
		    d->limit, d->value);
		break;
	case RSG_R_OTC_LEAK:
		rsg__sbuf_printf(tp,
		    "stop announcing this route to the route server: its "
		    "Only-to-Customer attribute (AS%" PRIu32
		    ") says it came from a provider or peer (RFC 9234); "
		    "configure your BGP roles or export filter",
		    d->asn);
		break;
	case RSG_R_AS_SET:
		rsg__sbuf_printf(tp,
		    "announce %s without an %s in the AS_PATH: aggregate "
		    "without AS_SET (RFC 9774), or announce the more specific "
		    "prefixes",
		    p, rsg__seg_name(d->value));
		break;
	case RSG_R_ASPA_INVALID:
		if (d->value == 1)
			rsg__sbuf_printf(tp,
			    "AS%" PRIu32 " must list AS%" PRIu32
			    " as a provider in its ASPA object; if it is "
			    "not its provider the route is a leak: stop "
			    "announcing it",
			    d->asn, d->asn2);
		else if (d->value == 2)
			rsg__sbuf_printf(tp,
			    "put your own AS%" PRIu32 " first in the AS_PATH",
			    d->asn2 != 0 ? d->asn2 : you);
		else
			rsg__sbuf_printf(tp,
			    "announce the route with a plain AS_PATH: no "
			    "AS_SET, not empty");
		break;
	case RSG_R_NEVER_VIA_RS:
		rsg__sbuf_printf(tp,
		    "stop announcing routes via AS%" PRIu32
		    ": it never peers via route servers (PeeringDB), so a "
		    "route through it here is a leak",
		    d->asn);
		break;
	case RSG_R_PEERING_LAN:
		rsg__sbuf_printf(tp,
		    "stop announcing %s: the IXP peering LAN %s must not be "
		    "routed",
		    pfx_text(r != NULL ? &r->prefix : NULL, rb, sizeof(rb)),
		    pfx_text(&d->prefix, eb, sizeof(eb)));
		break;
	case RSG_R_GLOBAL_BLACKLIST:
		rsg__sbuf_printf(tp,
		    "stop announcing %s: the IXP blocks it (entry %s); ask "
		    "the IXP if you hold it",
		    pfx_text(r != NULL ? &r->prefix : NULL, rb, sizeof(rb)),
		    pfx_text(&d->prefix, eb, sizeof(eb)));
		break;
	case RSG_R_CLIENT_BLACKLIST:
		rsg__sbuf_printf(tp,
		    "stop announcing %s: it is on your blacklist at the IXP "
		    "(entry %s); ask the IXP to change it",
		    pfx_text(r != NULL ? &r->prefix : NULL, rb, sizeof(rb)),
		    pfx_text(&d->prefix, eb, sizeof(eb)));
		break;
	case RSG_R_AFI:
		if (d->prefix.ip.afi == RSG_AFI_IPV6)
			rsg__sbuf_printf(tp,
			    "announce IPv6 prefixes over your IPv6 session "
			    "with the route server");
		else
			rsg__sbuf_printf(tp,
			    "announce IPv4 prefixes over your IPv4 session "
			    "with the route server, or ask the IXP to accept "
			    "IPv4 routes over IPv6 (RFC 8950)");
		break;
	case RSG_R_BLACKHOLE_UNAUTH:
		rsg__sbuf_printf(tp,
		    "request blackholing only for prefixes you are authorised "
		    "to announce: create a ROA for AS%" PRIu32
		    " that covers %s (any maxLength), or stop the request",
		    d->asn, p);
		break;
	case RSG_R_MALFORMED:
		rsg__sbuf_printf(tp,
		    "nothing to change in your announcement: the route server "
		    "handed its filter a malformed %s (a software fault); "
		    "report it to the IXP",
		    malformed_text(d->value));
		break;
	default:
		rsg__sbuf_printf(tp, "ask the IXP about this check");
		break;
	}
}

static void
put_fix(struct sbuf *sb, const struct rsg_verdict *v,
    const struct rsg_detail *d, const struct rsg_route *r)
{
	struct sbuf t;
	char text[TEXT_MAX];

	rsg__sbuf_init(&t, text, sizeof(text));
	fix_text(&t, v, d, r);
	rsg__sbuf_json_string(sb, text);
}

RSG_EXPORT size_t
rsg_explain_fix(const struct rsg_verdict *v, const struct rsg_detail *d,
    const struct rsg_route *route, char *buf, size_t len)
{
	struct sbuf t;

	if (v == NULL || d == NULL || !verdict_size_ok(v))
		return 0;
	rsg__sbuf_init(&t, buf, len);
	fix_text(&t, v, d, route);
	return t.pos;
}

static void
put_reason(struct sbuf *sb, const struct rsg_verdict *v,
    const struct rsg_detail *d, const struct rsg_route *r)
{
	struct json_out o = { sb, true };
	enum rsg_reason reason = (enum rsg_reason)d->reason;
	const char *k = rsg_reason_key(reason);
	char text[TEXT_MAX];

	rsg__sbuf_puts(sb, "{");
	put_str(&o, "reason", k != NULL ? k : "unknown");
	put_u64(&o, "code", rsg_reason_eix(reason));
	key(&o, "community");
	if (v->rs_as != 0 && k != NULL) {
		struct rsg_lc c = { v->rs_as,
			d->mode == RSG_MODE_REJECT ? LC_FILTERED : LC_CANDIDATE,
			rsg_reason_eix(reason) };
		struct json_out one = { sb, true };

		put_lc(&one, &c);
	} else {
		rsg__sbuf_puts(sb, "null");
	}
	put_str(&o, "mode", d->mode == RSG_MODE_REJECT ? "reject" : "tag");
	rsg_explain_detail(v, d, text, sizeof(text));
	put_str(&o, "text", text);
	key(&o, "details");
	put_details(sb, v, d);
	key(&o, "fix");
	put_fix(sb, v, d, r);
	rsg__sbuf_puts(sb, "}");
}

/* ------------------------------------------------------------------ */

RSG_EXPORT size_t
rsg_verdict_json(const struct rsg_verdict *v, const struct rsg_route *route,
    char *buf, size_t len)
{
	struct sbuf sb;
	struct json_out o = { &sb, true }, a = { &sb, true };
	unsigned n;

	rsg__sbuf_init(&sb, buf, len);
	if (v == NULL || !verdict_size_ok(v))
		return 0;
	rsg__sbuf_puts(&sb, "{");
	put_u64(&o, "schema", RSG_VERDICT_JSON_SCHEMA);
	put_u64(&o, "version", v->version);
	put_u64(&o, "generation", v->generation);
	put_str(&o, "action", rsg_action_key(v->action));
	put_bool(&o, "accepted", v->action == RSG_ACCEPT);
	if (route != NULL) {
		key(&o, "route");
		put_route(&sb, route);
	}
	put_u64(&o, "client_as", v->client_asn);
	put_u64(&o, "rs_as", v->rs_as);
	put_u64(&o, "origin_as", v->origin_asn);
	put_u64(&o, "path_len", v->path_len);
	put_str(&o, "rpki", rsg_rov_key(v->rov));
	put_str(&o, "aspa", rsg_aspa_key(v->aspa));
	put_str(&o, "irr", rsg_irr_key(v->irr));
	key(&o, "flags");
	rsg__sbuf_puts(&sb, "[");
	for (size_t i = 0; i < ARRAY_SIZE(flag_keys); i++) {
		if (v->flags & flag_keys[i].flag) {
			sep(&a);
			rsg__sbuf_json_string(&sb, flag_keys[i].key);
		}
	}
	rsg__sbuf_puts(&sb, "]");
	key(&o, "reasons");
	rsg__sbuf_puts(&sb, "[");
	n = verdict_ndetails(v);
	for (unsigned i = 0; i < n; i++) {
		if (i > 0)
			rsg__sbuf_puts(&sb, ",");
		put_reason(&sb, v, &v->details[i], route);
	}
	rsg__sbuf_puts(&sb, "]");
	key(&o, "vrps");
	rsg__sbuf_puts(&sb, "[");
	n = verdict_nvrps(v);
	for (unsigned i = 0; i < n; i++) {
		struct json_out e = { &sb, true };

		rsg__sbuf_puts(&sb, i > 0 ? ",{" : "{");
		put_prefix(&e, "prefix", &v->vrps[i].prefix);
		put_u64(&e, "max_length", v->vrps[i].max_len);
		put_u64(&e, "asn", v->vrps[i].asn);
		rsg__sbuf_puts(&sb, "}");
	}
	rsg__sbuf_puts(&sb, "]");
	put_u64(&o, "vrps_total", v->n_vrps_total);
	put_lc_list(&o, "communities", v->communities, verdict_ncommunities(v));
	if (verdict_v2(v)) {
		struct json_out b = { &sb, true }, c = { &sb, true };

		key(&o, "blackhole");
		if (v->blackhole == RSG_BLACKHOLE_NONE) {
			rsg__sbuf_puts(&sb, "null");
		} else {
			rsg__sbuf_puts(&sb, "{");
			put_str(&b, "policy",
			    v->blackhole == RSG_BLACKHOLE_REWRITE_NEXT_HOP
				? "rewrite-next-hop"
				: "propagate-unchanged");
			if (v->blackhole == RSG_BLACKHOLE_REWRITE_NEXT_HOP)
				put_ip(&b, "next_hop", &v->blackhole_next_hop);
			rsg__sbuf_puts(&sb, "}");
		}
		put_std_list(
		    &o, "std_communities", v->std_communities, verdict_nstd(v));
		put_ext_list(
		    &o, "ext_communities", v->ext_communities, verdict_next(v));
		key(&o, "scrub");
		rsg__sbuf_puts(&sb, "{");
		put_std_list(&c, "communities", v->scrub_std,
		    verdict_nscrub(v->n_scrub_std));
		put_ext_list(&c, "ext_communities", v->scrub_ext,
		    verdict_nscrub(v->n_scrub_ext));
		put_lc_list(&c, "large_communities", v->scrub_large,
		    verdict_nscrub(v->n_scrub_large));
		rsg__sbuf_puts(&sb, "}");
	}
	rsg__sbuf_puts(&sb, "}");
	return sb.pos;
}
