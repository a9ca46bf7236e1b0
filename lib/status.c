/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Source status for the host and Prometheus: the worker writes the table
 * under the context's lock, readers copy entries out under it.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ctx.h"
#include "rcu.h"
#include "sbuf.h"
#include "util.h"

RSG_EXPORT size_t
rsg_ctx_source_count(const struct rsg_ctx *ctx)
{
	size_t n;

	if (ctx == NULL)
		return 0;
	pthread_mutex_lock(ctx_lock(ctx));
	n = ctx->nstatus;
	pthread_mutex_unlock(ctx_lock(ctx));
	return n;
}

RSG_EXPORT int
rsg_ctx_source_status(
    const struct rsg_ctx *ctx, size_t i, struct rsg_source_status *out)
{
	int rc = RSG_ENOENT;

	if (ctx == NULL || out == NULL)
		return RSG_EINVAL;
	pthread_mutex_lock(ctx_lock(ctx));
	if (i < ctx->nstatus) {
		*out = ctx->status[i];
		rc = 0;
	}
	pthread_mutex_unlock(ctx_lock(ctx));
	return rc;
}

static const char *const kind_names[] = {
	[RSG_SOURCE_VRPS] = "vrps",
	[RSG_SOURCE_ASPA] = "aspa",
	[RSG_SOURCE_SLURM] = "slurm",
	[RSG_SOURCE_PEERINGDB] = "peeringdb",
	[RSG_SOURCE_BOGONS_V4] = "bogons_ipv4",
	[RSG_SOURCE_BOGONS_V6] = "bogons_ipv6",
	[RSG_SOURCE_RTR] = "rtr",
	[RSG_SOURCE_CONFIG] = "config",
	[RSG_SOURCE_IRR] = "irr",
	[RSG_SOURCE_ARIN_WHOIS] = "arin_whois",
	[RSG_SOURCE_BGPQ4] = "bgpq4",
};

static const char *const state_names[] = {
	[RSG_SRC_INIT] = "init",
	[RSG_SRC_OK] = "ok",
	[RSG_SRC_ERROR] = "error",
	[RSG_SRC_STALE] = "stale",
	[RSG_SRC_CONNECTING] = "connecting",
};

RSG_EXPORT const char *
rsg_source_name(unsigned kind)
{
	return kind < sizeof(kind_names) / sizeof(kind_names[0])
		&& kind_names[kind] != NULL
	    ? kind_names[kind]
	    : "unknown";
}

RSG_EXPORT const char *
rsg_source_state_name(unsigned state)
{
	return state < sizeof(state_names) / sizeof(state_names[0])
	    ? state_names[state]
	    : "unknown";
}

/* A label value: backslash, quote and newline escaped. */
static void
label(struct sbuf *o, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == '"')
			rsg__sbuf_printf(o, "\\%c", *s);
		else if (*s == '\n')
			rsg__sbuf_puts(o, "\\n");
		else
			rsg__sbuf_printf(o, "%c", *s);
	}
}

struct metric {
	const char *name;
	const char *help;
	const char *type;
};

static const struct metric source_metrics[] = {
	{ "rsguard_source_up", "1 if the source's data is in service",
	    "gauge" },
	{ "rsguard_source_state",
	    "0 init, 1 ok, 2 error (last good kept), 3 stale, 4 connecting",
	    "gauge" },
	{ "rsguard_source_last_attempt_timestamp_seconds",
	    "last read or sync attempt", "gauge" },
	{ "rsguard_source_last_success_timestamp_seconds",
	    "last successful read or sync", "gauge" },
	{ "rsguard_source_data_timestamp_seconds",
	    "build time of a file, last update of an RTR cache", "gauge" },
	{ "rsguard_source_serial", "RTR serial, or changes seen in a file",
	    "gauge" },
	{ "rsguard_source_vrps", "VRPs held", "gauge" },
	{ "rsguard_source_aspas", "ASPA records held", "gauge" },
	{ "rsguard_source_records", "other records held", "gauge" },
	{ "rsguard_source_errors_total", "failed attempts", "counter" },
};

static uint64_t
source_value(const struct rsg_source_status *s, size_t m)
{
	switch (m) {
	case 0:
		return s->state == RSG_SRC_OK || s->state == RSG_SRC_ERROR;
	case 1:
		return s->state;
	case 2:
		return (uint64_t)s->last_attempt;
	case 3:
		return (uint64_t)s->last_success;
	case 4:
		return (uint64_t)s->data_time;
	case 5:
		return s->serial;
	case 6:
		return s->vrps;
	case 7:
		return s->aspas;
	case 8:
		return s->records;
	default:
		return s->errors;
	}
}

RSG_EXPORT size_t
rsg_ctx_metrics(const struct rsg_ctx *ctx, char *buf, size_t len)
{
	struct sbuf o;
	struct rsg_stats st;
	bool have;

	rsg__sbuf_init(&o, buf, len);
	if (ctx == NULL)
		return 0;
	have = rsg_ctx_stats(ctx, &st) == 0;
	rsg__sbuf_printf(&o,
	    "# HELP rsguard_snapshot_generation publications so far\n"
	    "# TYPE rsguard_snapshot_generation counter\n"
	    "rsguard_snapshot_generation %" PRIu64 "\n",
	    have ? st.generation : 0);
	rsg__sbuf_printf(&o,
	    "# HELP rsguard_snapshot_timestamp_seconds when the snapshot "
	    "in service was published\n"
	    "# TYPE rsguard_snapshot_timestamp_seconds gauge\n"
	    "rsguard_snapshot_timestamp_seconds %" PRId64 "\n",
	    have ? st.published_at : 0);
	rsg__sbuf_printf(&o,
	    "# HELP rsguard_vrps VRPs in the snapshot\n"
	    "# TYPE rsguard_vrps gauge\n"
	    "rsguard_vrps{afi=\"ipv4\"} %" PRIu64 "\n"
	    "rsguard_vrps{afi=\"ipv6\"} %" PRIu64 "\n",
	    have ? st.vrps_ipv4 : 0, have ? st.vrps_ipv6 : 0);
	rsg__sbuf_printf(&o,
	    "# HELP rsguard_aspa_customers customer ASes with an ASPA\n"
	    "# TYPE rsguard_aspa_customers gauge\n"
	    "rsguard_aspa_customers %" PRIu64 "\n",
	    have ? st.aspas : 0);
	rsg__sbuf_printf(&o,
	    "# HELP rsguard_snapshot_bytes memory held by the snapshot\n"
	    "# TYPE rsguard_snapshot_bytes gauge\n"
	    "rsguard_snapshot_bytes %" PRIu64 "\n",
	    have ? st.snapshot_bytes : 0);
	rsg__sbuf_printf(&o,
	    "# HELP rsguard_publish_seconds the last build and publication\n"
	    "# TYPE rsguard_publish_seconds gauge\n"
	    "rsguard_publish_seconds{phase=\"build\"} %.6f\n"
	    "rsguard_publish_seconds{phase=\"publish\"} %.6f\n",
	    have ? (double)st.build_usec / 1e6 : 0.0,
	    have ? (double)st.publish_usec / 1e6 : 0.0);
	rsg__sbuf_printf(&o,
	    "# HELP rsguard_table_state 0 off, 1 ready, 2 not ready (a "
	    "source has not loaded: not checked), 3 stale (withdrawn: not "
	    "checked)\n"
	    "# TYPE rsguard_table_state gauge\n");
	for (unsigned t = RSG_TABLE_ROV; t <= RSG_TABLE_ASPA; t++) {
		struct rsg_table_status ts;

		rsg_ctx_table_status(ctx, t, &ts);
		rsg__sbuf_printf(&o, "rsguard_table_state{table=\"%s\"} %u\n",
		    t == RSG_TABLE_ROV ? "rov" : "aspa", ts.state);
	}
	pthread_mutex_lock(ctx_lock(ctx));
	for (size_t m = 0; m < ARRAY_SIZE(source_metrics); m++) {
		rsg__sbuf_printf(&o, "# HELP %s %s\n# TYPE %s %s\n",
		    source_metrics[m].name, source_metrics[m].help,
		    source_metrics[m].name, source_metrics[m].type);
		for (size_t i = 0; i < ctx->nstatus; i++) {
			const struct rsg_source_status *s = &ctx->status[i];

			rsg__sbuf_printf(
			    &o, "%s{source=\"", source_metrics[m].name);
			label(&o, s->name);
			rsg__sbuf_printf(&o, "\",kind=\"%s\"} %" PRIu64 "\n",
			    s->kind < ARRAY_SIZE(kind_names)
				    && kind_names[s->kind] != NULL
				? kind_names[s->kind]
				: "?",
			    source_value(s, m));
		}
	}
	pthread_mutex_unlock(ctx_lock(ctx));
	return o.pos;
}
