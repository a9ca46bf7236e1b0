/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Reasons, error strings and plain-words explanations of verdicts: what
 * a participant reads in the looking glass.
 */
#include "config.h"

#include <string.h>

#include "addr.h"
#include "aspath.h"
#include "rsguard.h"
#include "sbuf.h"
#include "util.h"
#include "verdict.h"

struct reason_info {
	const char *key;
	const char *text;
	unsigned eix;
	unsigned ars;
};

static const struct reason_info reasons[RSG_R_COUNT] = {
#define REASON_INFO(name, e, a, k, t) [RSG_R_##name] = { k, t, e, a },
	RSG_REASON_MAP(REASON_INFO)
#undef REASON_INFO
};

RSG_EXPORT const char *
rsg_reason_key(enum rsg_reason r)
{
	return (unsigned)r < RSG_R_COUNT ? reasons[r].key : NULL;
}

RSG_EXPORT const char *
rsg_reason_text(enum rsg_reason r)
{
	return (unsigned)r < RSG_R_COUNT ? reasons[r].text : NULL;
}

RSG_EXPORT unsigned
rsg_reason_eix(enum rsg_reason r)
{
	return (unsigned)r < RSG_R_COUNT ? reasons[r].eix : 0;
}

RSG_EXPORT unsigned
rsg_reason_ars(enum rsg_reason r)
{
	return (unsigned)r < RSG_R_COUNT ? reasons[r].ars : 0;
}

RSG_EXPORT int
rsg_reason_from_key(const char *key)
{
	if (key == NULL)
		return -1;
	for (unsigned r = 0; r < RSG_R_COUNT; r++) {
		if (strcmp(reasons[r].key, key) == 0)
			return (int)r;
	}
	return -1;
}

RSG_EXPORT const char *
rsg_strerror(int err)
{
	switch (err) {
	case 0:
		return "success";
#define ERR_MSG(name, msg)                                                     \
	case RSG_E##name:                                                      \
		return msg;
		RSG_ERRNO_MAP(ERR_MSG)
#undef ERR_MSG
	default:
		return "unknown error";
	}
}

RSG_EXPORT const char *
rsg_err_name(int err)
{
	switch (err) {
	case 0:
		return "RSG_OK";
#define ERR_NAME(name, msg)                                                    \
	case RSG_E##name:                                                      \
		return "RSG_E" #name;
		RSG_ERRNO_MAP(ERR_NAME)
#undef ERR_NAME
	default:
		return "RSG_E?";
	}
}

RSG_EXPORT const char *
rsg_version(void)
{
	return PACKAGE_VERSION;
}

/* ------------------------------------------------------------------ */
/* Explanations                                                        */

static const char *
afi_name(unsigned afi)
{
	return afi == RSG_AFI_IPV6 ? "IPv6" : "IPv4";
}

static void
explain_vrps(struct sbuf *sb, const struct rsg_verdict *v)
{
	char p[RSG_PREFIX_STRLEN];

	unsigned n = verdict_nvrps(v);

	for (unsigned i = 0; i < n; i++) {
		const struct rsg_vrp *r = &v->vrps[i];

		rsg_prefix_format(&r->prefix, p, sizeof(p));
		rsg__sbuf_printf(sb, "%s%s max %u AS%u", i ? ", " : "", p,
		    r->max_len, r->asn);
	}
	if (v->n_vrps_total > n)
		rsg__sbuf_printf(sb, " and %u more", v->n_vrps_total - n);
}

/* Why the covering VRPs did not match: origin or length. */
static const char *
rov_cause(const struct rsg_verdict *v)
{
	bool origin_seen = false;

	if (v->origin_asn == 0)
		return "no origin AS (empty path or AS_SET)";
	for (unsigned i = 0; i < verdict_nvrps(v); i++) {
		if (v->vrps[i].asn == v->origin_asn)
			origin_seen = true;
	}
	return origin_seen ? "prefix longer than maxLength" : "origin mismatch";
}

/* Why an address the host gave is not usable. */
static const char *
ip_fault(const struct rsg_ip *ip, bool peer)
{
	if (ip->afi == RSG_AFI_NONE)
		return "missing";
	if (ip->afi != RSG_AFI_IPV4 && ip->afi != RSG_AFI_IPV6)
		return "unknown address family";
	if (ip->reserved_[0] | ip->reserved_[1] | ip->reserved_[2])
		return "reserved bytes set";
	if (ip->afi == RSG_AFI_IPV4
	    && (ip->addr[1] | ip->addr[2] | ip->addr[3]))
		return "IPv4 address with bits beyond the first 32";
	if (peer && addr_is_v4_mapped(ip->addr))
		return "v4-mapped IPv6 address, convert it with "
		       "rsg_ip_from_mapped()";
	return "not usable";
}

/* The malformed part of a route, from the detail (enum rsg_malformed). */
static void
explain_malformed(struct sbuf *sb, const struct rsg_detail *d)
{
	const struct rsg_prefix *p = &d->prefix;
	char text[RSG_PREFIX_STRLEN];

	switch (d->value) {
	case RSG_MALFORMED_PREFIX:
		rsg__sbuf_printf(sb, "malformed prefix");
		if (p->ip.afi != RSG_AFI_IPV4 && p->ip.afi != RSG_AFI_IPV6) {
			rsg__sbuf_printf(
			    sb, ": unknown address family %u", p->ip.afi);
			break;
		}
		rsg_prefix_format(p, text, sizeof(text));
		if (p->len > afi_bits(p->ip.afi))
			rsg__sbuf_printf(sb, " %s: longer than %u bits", text,
			    afi_bits(p->ip.afi));
		else if (!ip_well_formed(&p->ip)
		    || (p->reserved_[0] | p->reserved_[1] | p->reserved_[2]))
			rsg__sbuf_printf(
			    sb, " %s: reserved bytes or words set", text);
		else
			rsg__sbuf_printf(sb, " %s: host bits set", text);
		break;
	case RSG_MALFORMED_AS_PATH:
		rsg__sbuf_printf(sb, "malformed AS_PATH at byte %u", d->limit);
		break;
	case RSG_MALFORMED_PEER_IP:
	case RSG_MALFORMED_NEXT_HOP:
		rsg__sbuf_printf(sb, "malformed %s: %s",
		    d->value == RSG_MALFORMED_PEER_IP ? "peer address"
						      : "NEXT_HOP",
		    ip_fault(&d->ip, d->value == RSG_MALFORMED_PEER_IP));
		if (d->value == RSG_MALFORMED_PEER_IP && d->ip.afi != 0
		    && ip_well_formed(&d->ip)) {
			rsg_ip_format(&d->ip, text, sizeof(text));
			rsg__sbuf_printf(sb, " (%s)", text);
		}
		break;
	default:
		rsg__sbuf_printf(sb, "malformed route");
		break;
	}
}

/* The AS-SET by name: "AS-SET AS-FOO", "AS-SETs AS-FOO RIPE::AS-BAR",
 * or, for a client without one, its own ASN. */
static void
explain_as_set(struct sbuf *sb, const char *set)
{
	if (set[0] == '\0')
		rsg__sbuf_printf(sb, "the client's AS-SET");
	else if (strncmp(set, "AS", 2) == 0 && set[2] >= '0' && set[2] <= '9'
	    && strchr(set, ' ') == NULL)
		rsg__sbuf_printf(sb, "%s (no AS-SET: its own ASN)", set);
	else
		rsg__sbuf_printf(sb, "AS-SET%s %s",
		    strchr(set, ' ') != NULL ? "s" : "", set);
}

static void
explain_irr(struct sbuf *sb, const struct rsg_verdict *v,
    const struct rsg_detail *d, const char *p)
{
	const char *set = verdict_as_set(v);

	if (d->reason == RSG_R_IRR_ORIGIN) {
		if (d->asn == 0)
			rsg__sbuf_printf(
			    sb, "no single origin AS to look up in ");
		else
			rsg__sbuf_printf(sb, "origin AS%u is not in ", d->asn);
		explain_as_set(sb, set);
		return;
	}
	rsg__sbuf_printf(sb, "no route object for %s with an origin in ", p);
	explain_as_set(sb, set);
	if (d->asn2 != 0)
		rsg__sbuf_printf(sb,
		    " (the route object for %s has origin AS%u, not in it)", p,
		    d->asn2);
}

static void
explain_one(
    struct sbuf *sb, const struct rsg_verdict *v, const struct rsg_detail *d)
{
	char p[RSG_PREFIX_STRLEN], ip[RSG_PREFIX_STRLEN];
	enum rsg_reason r = (enum rsg_reason)d->reason;

	if ((unsigned)r >= RSG_R_COUNT) {
		rsg__sbuf_printf(sb, "unknown reason %u", d->reason);
		return;
	}
	rsg_prefix_format(&d->prefix, p, sizeof(p));
	rsg_ip_format(&d->ip, ip, sizeof(ip));
	switch (r) {
	case RSG_R_PREFIX_TOO_LONG:
		rsg__sbuf_printf(sb,
		    "prefix too long: /%u exceeds the %s maximum /%u", d->value,
		    afi_name(d->prefix.ip.afi), d->limit);
		break;
	case RSG_R_PREFIX_TOO_SHORT:
		rsg__sbuf_printf(sb,
		    "prefix too short: /%u is below the %s minimum /%u",
		    d->value, afi_name(d->prefix.ip.afi), d->limit);
		break;
	case RSG_R_BOGON_PREFIX:
		rsg__sbuf_printf(sb, "bogon prefix: inside %s", p);
		break;
	case RSG_R_NOT_GLOBAL_UNICAST:
		rsg__sbuf_printf(sb,
		    "bogon prefix: IPv6 outside global unicast space 2000::/3");
		break;
	case RSG_R_DEFAULT_ROUTE:
		rsg__sbuf_printf(sb, "default route %s", p);
		break;
	case RSG_R_BOGON_ASN:
		rsg__sbuf_printf(sb,
		    "bogon ASN AS%u at position %u of the AS_PATH", d->asn,
		    d->value);
		break;
	case RSG_R_PATH_TOO_LONG:
		rsg__sbuf_printf(sb,
		    "AS_PATH too long: length %u exceeds the limit %u",
		    d->value, d->limit);
		break;
	case RSG_R_PATH_TOO_SHORT:
		rsg__sbuf_printf(sb, "AS_PATH is empty");
		break;
	case RSG_R_FIRST_AS:
		if (d->asn == 0)
			rsg__sbuf_printf(sb,
			    "first AS: the AS_PATH does not start with a "
			    "sequence, expected peer AS%u",
			    d->asn2);
		else
			rsg__sbuf_printf(sb,
			    "first AS AS%u is not the peer AS%u", d->asn,
			    d->asn2);
		break;
	case RSG_R_NEXT_HOP:
		rsg__sbuf_printf(sb, "NEXT_HOP %s is not %s", ip,
		    d->value == 1       ? "an address of the peer AS"
			: d->value == 2 ? "an authorized next hop of the peer"
					: "the peer IP");
		break;
	case RSG_R_RPKI_INVALID:
		rsg__sbuf_printf(sb, "RPKI invalid (%s): ", rov_cause(v));
		explain_vrps(sb, v);
		rsg__sbuf_printf(sb, " %s it, origin AS%u",
		    v->n_vrps_total == 1 ? "covers" : "cover", v->origin_asn);
		break;
	case RSG_R_RPKI_UNKNOWN:
		rsg__sbuf_printf(sb, "RPKI not found: no VRP covers %s", p);
		break;
	case RSG_R_TRANSIT_FREE:
		rsg__sbuf_printf(sb,
		    "transit-free AS%u at position %u of the AS_PATH (after "
		    "AS%u)",
		    d->asn, d->value, d->asn2);
		break;
	case RSG_R_TOO_MANY_COMMUNITIES:
		rsg__sbuf_printf(
		    sb, "%u communities, the limit is %u", d->value, d->limit);
		break;
	case RSG_R_OTC_LEAK:
		rsg__sbuf_printf(sb,
		    "route leak: Only-to-Customer AS%u set on a route from "
		    "an RS client (RFC 9234)",
		    d->asn);
		break;
	case RSG_R_AS_SET:
		rsg__sbuf_printf(sb,
		    "AS_PATH contains an %s segment (RFC 9774)",
		    rsg__seg_name(d->value));
		break;
	case RSG_R_ASPA_INVALID:
		if (d->value == 1)
			rsg__sbuf_printf(sb,
			    "ASPA invalid: AS%u does not list AS%u as a "
			    "provider",
			    d->asn, d->asn2);
		else if (d->value == 2)
			rsg__sbuf_printf(sb,
			    "ASPA invalid: neighbor AS%u is not the first AS",
			    d->asn2);
		else
			rsg__sbuf_printf(
			    sb, "ASPA invalid: AS_SET or empty AS_PATH");
		break;
	case RSG_R_NEVER_VIA_RS:
		rsg__sbuf_printf(sb,
		    "AS%u at position %u never peers via route servers "
		    "(PeeringDB)",
		    d->asn, d->value);
		break;
	case RSG_R_PEERING_LAN:
		rsg__sbuf_printf(sb, "prefix inside the IXP peering LAN %s", p);
		break;
	case RSG_R_GLOBAL_BLACKLIST:
	case RSG_R_CLIENT_BLACKLIST:
		rsg__sbuf_printf(sb,
		    "prefix matches %s blacklist entry %s le %u",
		    r == RSG_R_GLOBAL_BLACKLIST ? "the global" : "the client's",
		    p, d->limit);
		break;
	case RSG_R_BLACKHOLE_UNAUTH:
		rsg__sbuf_printf(sb,
		    "unauthorized blackhole request: no ROA of AS%u covers %s",
		    d->asn, p);
		break;
	case RSG_R_AFI:
		rsg__sbuf_printf(sb, "%s prefix on an %s session",
		    afi_name(d->prefix.ip.afi), afi_name(d->ip.afi));
		break;
	case RSG_R_MALFORMED:
		explain_malformed(sb, d);
		break;
	case RSG_R_IRR_ORIGIN:
	case RSG_R_IRR_PREFIX:
		explain_irr(sb, v, d, p);
		break;
	default:
		rsg__sbuf_printf(sb, "%s", reasons[r].text);
		break;
	}
}

RSG_EXPORT size_t
rsg_explain_detail(const struct rsg_verdict *v, const struct rsg_detail *d,
    char *buf, size_t len)
{
	struct sbuf sb;

	rsg__sbuf_init(&sb, buf, len);
	explain_one(&sb, v, d);
	return sb.pos;
}

RSG_EXPORT size_t
rsg_explain(const struct rsg_verdict *v, char *buf, size_t len)
{
	struct sbuf sb;

	rsg__sbuf_init(&sb, buf, len);
	for (unsigned i = 0; i < verdict_ndetails(v); i++) {
		explain_one(&sb, v, &v->details[i]);
		rsg__sbuf_printf(&sb, "%s\n",
		    v->details[i].mode == RSG_MODE_TAG ? " [tagged only]" : "");
	}
	return sb.pos;
}
