/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Rendering verdicts as text and JSON.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

void
json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

const char *
action_name(unsigned action)
{
	switch (action) {
	case RSG_ACCEPT:
		return "accept";
	case RSG_REJECT:
		return "reject";
	case RSG_TAG:
		return "tag";
	case RSG_TAG_AND_REJECT:
		return "tag_and_reject";
	default:
		return "?";
	}
}

const char *
rov_name(unsigned rov)
{
	switch (rov) {
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
aspa_name(unsigned aspa)
{
	switch (aspa) {
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

static const char *
irr_name(unsigned irr)
{
	switch (irr) {
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
	unsigned flag;
	const char *name;
} flag_names[] = {
	{ RSG_VF_GSHUT, "graceful_shutdown" },
	{ RSG_VF_UNKNOWN_CLIENT, "unknown_client" },
	{ RSG_VF_SAME_AS_NEXT_HOP, "same_as_next_hop" },
	{ RSG_VF_SCRUB, "scrub_rs_communities" },
	{ RSG_VF_TRANSPARENT_RS, "transparent_rs" },
	{ RSG_VF_ROV_STALE, "rov_stale" },
};

static void
route_head_json(FILE *f, const struct rsg_route *r)
{
	char buf[4096];

	rsg_ip_format(&r->peer_ip, buf, sizeof(buf));
	fputs("{\"peer\":", f);
	json_string(f, buf);
	fprintf(f, ",\"peer_as\":%" PRIu32, r->peer_asn);
	rsg_prefix_format(&r->prefix, buf, sizeof(buf));
	fputs(",\"prefix\":", f);
	json_string(f, buf);
	if (rsg_path_format(r->as_path, r->as_path_len, buf, sizeof(buf))
	    < sizeof(buf)) {
		fputs(",\"as_path\":", f);
		json_string(f, buf);
	}
	rsg_ip_format(&r->next_hop, buf, sizeof(buf));
	fputs(",\"next_hop\":", f);
	json_string(f, buf);
}

void
print_verdict_json(
    FILE *f, const struct rsg_route *r, const struct rsg_verdict *v)
{
	char buf[1024];
	bool first = true;

	route_head_json(f, r);
	fprintf(f,
	    ",\"action\":\"%s\",\"rpki\":\"%s\",\"aspa\":\"%s\","
	    "\"irr\":\"%s\",\"origin_as\":%" PRIu32 ",\"path_len\":%u",
	    action_name(v->action), rov_name(v->rov), aspa_name(v->aspa),
	    irr_name(v->irr), v->origin_asn, v->path_len);
	fputs(",\"reasons\":[", f);
	for (unsigned i = 0; i < v->n_details; i++) {
		const struct rsg_detail *d = &v->details[i];

		rsg_explain_detail(v, d, buf, sizeof(buf));
		fprintf(f,
		    "%s{\"reason\":\"%s\",\"code\":%u,\"mode\":\"%s\","
		    "\"text\":",
		    i ? "," : "", rsg_reason_key((enum rsg_reason)d->reason),
		    rsg_reason_eix((enum rsg_reason)d->reason),
		    d->mode == RSG_MODE_REJECT ? "reject" : "tag");
		json_string(f, buf);
		fputc('}', f);
	}
	fputs("],\"vrps\":[", f);
	for (unsigned i = 0; i < v->n_vrps; i++) {
		rsg_prefix_format(&v->vrps[i].prefix, buf, sizeof(buf));
		fprintf(f,
		    "%s{\"prefix\":\"%s\",\"max_length\":%u,\"asn\":%" PRIu32
		    "}",
		    i ? "," : "", buf, v->vrps[i].max_len, v->vrps[i].asn);
	}
	fputs("],\"communities\":[", f);
	for (unsigned i = 0; i < v->n_communities; i++)
		fprintf(f, "%s\"%" PRIu32 ":%" PRIu32 ":%" PRIu32 "\"",
		    i ? "," : "", v->communities[i].asn,
		    v->communities[i].data1, v->communities[i].data2);
	fputs("],\"flags\":[", f);
	for (size_t i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]);
	     i++) {
		if (v->flags & flag_names[i].flag) {
			fprintf(f, "%s\"%s\"", first ? "" : ",",
			    flag_names[i].name);
			first = false;
		}
	}
	fputs("]}", f);
}

void
print_verdict_text(
    FILE *f, const struct rsg_route *r, const struct rsg_verdict *v)
{
	char pfx[RSG_PREFIX_STRLEN], peer[RSG_PREFIX_STRLEN], path[4096];
	char buf[1024];

	rsg_prefix_format(&r->prefix, pfx, sizeof(pfx));
	rsg_ip_format(&r->peer_ip, peer, sizeof(peer));
	if (rsg_path_format(r->as_path, r->as_path_len, path, sizeof(path))
	    >= sizeof(path))
		strcpy(path, "(long)");
	fprintf(f, "%s %s from AS%" PRIu32 " (%s) path [%s]\n",
	    v->action == RSG_ACCEPT ? "accepted" : "filtered", pfx, r->peer_asn,
	    peer, path);
	for (unsigned i = 0; i < v->n_details; i++) {
		const struct rsg_detail *d = &v->details[i];

		rsg_explain_detail(v, d, buf, sizeof(buf));
		fprintf(f, "  - RS:%s:%u %s%s\n",
		    d->mode == RSG_MODE_REJECT ? "1101" : "1102",
		    rsg_reason_eix((enum rsg_reason)d->reason), buf,
		    d->mode == RSG_MODE_TAG ? " (tagged only)" : "");
	}
}
