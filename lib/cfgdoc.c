/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The configuration schema in words: every key of the tables in config.c
 * as text or roff (rsg_config_keys(): `rsguard config keys`, the KEYS
 * section of rsguard.yml(5), which check_config.c compares with it), and
 * the effective policy of a loaded configuration with where each value
 * came from (rsg_config_explain(): `rsguard config check --explain`).
 *
 * Both walk the same tables the loader reads the file with, so they
 * cannot name a key the loader does not know. Text is built in two
 * passes over an sbuf: one to measure, one to write.
 */
#include "config.h"

#include "cfgkeys.h"

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "cfg.h"
#include "sbuf.h"
#include "util.h"

/* The integer field of e in base (a struct knobs). */
static uint64_t
key_get(const void *base, const struct cfg_key *e)
{
	const unsigned char *f = (const unsigned char *)base + e->off;

	switch (e->size) {
	case 1: {
		uint8_t y;

		memcpy(&y, f, 1);
		return y;
	}
	case 2: {
		uint16_t y;

		memcpy(&y, f, 2);
		return y;
	}
	case 4: {
		uint32_t y;

		memcpy(&y, f, 4);
		return y;
	}
	default: {
		int64_t y;

		memcpy(&y, f, 8);
		return (uint64_t)y;
	}
	}
}

/* ------------------------------------------------------------------ */

static const char *
key_status(const struct cfg_key *e, bool rsg)
{
	if (rsg)
		return "rsguard"; /* in a section of rsguard's own */
	if (e->replaces != NULL)
		return "arouteserver, older spelling";
	if (e->type == KT_NOP)
		return "arouteserver, BGP daemon setting (ignored)";
	if (e->flags & KF_HOST)
		return "arouteserver, BGP daemon setting (warning)";
	if (e->flags & KF_WARNS || e->type == KT_WARN)
		return "arouteserver, not used (warning)";
	if (e->flags & KF_RSG)
		return "rsguard";
	return "arouteserver";
}

/* Where a key of cfg may be given; the other keys have one place. */
static const char *
key_scope(const struct cfg_key *e, const char *prefix)
{
	if (strncmp(prefix, "cfg.", 4) != 0)
		return prefix[0] == '\0' ? "top level" : "its section";
	return e->scope == KS_BOTH  ? "general, client"
	    : e->scope == KS_CLIENT ? "client"
				    : "general";
}

/* roff: no escapes, no dashes taken for hyphens */
static void
man_text(struct sbuf *sb, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\')
			rsg__sbuf_puts(sb, "\\e");
		else if (*s == '-')
			rsg__sbuf_puts(sb, "\\-");
		else
			rsg__sbuf_printf(sb, "%c", *s);
	}
}

static void
key_type_text(struct sbuf *sb, const struct cfg_key *e)
{
	switch (e->type) {
	case KT_SECTION:
		rsg__sbuf_puts(sb, "mapping");
		break;
	case KT_BOOL:
	case KT_BOOL_MODE:
		rsg__sbuf_puts(sb, "boolean");
		break;
	case KT_UINT:
		rsg__sbuf_printf(sb, "%llu..%llu", (unsigned long long)e->min,
		    (unsigned long long)e->max);
		break;
	case KT_ENUM:
		for (const struct choice *c = e->choices; c->name != NULL; c++)
			rsg__sbuf_printf(
			    sb, "%s%s", c == e->choices ? "" : " | ", c->name);
		break;
	case KT_ASN:
		rsg__sbuf_puts(sb, "ASN");
		break;
	case KT_ASN_LIST:
		rsg__sbuf_puts(sb, "ASN list");
		break;
	case KT_STR_LIST:
	case KT_STR_LIST_WS:
		rsg__sbuf_puts(sb, "string list");
		break;
	case KT_IP_LIST:
		rsg__sbuf_puts(sb, "address list");
		break;
	case KT_PFX_LIST:
		rsg__sbuf_puts(sb, "prefix list");
		break;
	case KT_CUSTOM:
		rsg__sbuf_puts(sb,
		    e->tdoc != NULL      ? e->tdoc
			: e->sub != NULL ? "mapping"
					 : "see the section");
		break;
	default:
		rsg__sbuf_puts(sb, "any");
		break;
	}
}

/* rsg: keys is a section of rsguard's own, so is every key in it */
static void
keys_walk(struct sbuf *sb, const struct cfg_key *keys, const char *prefix,
    int format, bool rsg)
{
	for (const struct cfg_key *e = keys; e->name != NULL; e++) {
		char path[160];
		const struct cfg_key *sub = e->sub;

		snprintf(path, sizeof(path), "%s%s", prefix, e->name);
		if (format == RSG_KEYS_MAN) {
			rsg__sbuf_puts(sb, ".TP\n.B ");
			/* a break point after each dot: long paths */
			for (const char *c = path; *c != '\0'; c++) {
				if (*c == '-')
					rsg__sbuf_puts(sb, "\\-");
				else
					rsg__sbuf_printf(sb, "%c", *c);
				if (*c == '.')
					rsg__sbuf_puts(sb, "\\:");
			}
			rsg__sbuf_puts(sb, "\n");
			{
				char t[256];
				struct sbuf ts;

				rsg__sbuf_init(&ts, t, sizeof(t));
				key_type_text(&ts, e);
				man_text(sb, t);
			}
			rsg__sbuf_puts(sb, "; ");
			rsg__sbuf_puts(sb, key_scope(e, prefix));
			if (e->def != NULL) {
				rsg__sbuf_puts(sb, "; default ");
				man_text(sb, e->def);
			}
			rsg__sbuf_puts(sb, "; ");
			man_text(sb, key_status(e, rsg));
			rsg__sbuf_puts(sb, ".\n");
			rsg__sbuf_printf(
			    sb, "%c", toupper((unsigned char)e->doc[0]));
			man_text(sb, e->doc + 1);
			rsg__sbuf_puts(sb, ".\n");
		} else {
			rsg__sbuf_printf(sb, "%s\n\t", path);
			key_type_text(sb, e);
			rsg__sbuf_printf(sb, "; %s", key_scope(e, prefix));
			if (e->def != NULL)
				rsg__sbuf_printf(sb, "; default %s", e->def);
			rsg__sbuf_printf(
			    sb, "; %s\n\t%s\n", key_status(e, rsg), e->doc);
		}
		/* a client's cfg and "general" repeat cfg: not again */
		if (sub == rsg__cfg_general_keys
		    && (prefix[0] != '\0' || strcmp(e->name, "cfg") != 0))
			continue;
		if (sub != NULL) {
			char p2[176];

			snprintf(p2, sizeof(p2), "%s%s%s.", prefix, e->name,
			    strcmp(e->name, "clients") == 0    ? "[]"
				: strcmp(e->name, "asns") == 0 ? ".AS<n>"
							       : "");
			keys_walk(
			    sb, sub, p2, format, rsg || (e->flags & KF_RSG));
		}
	}
}

RSG_EXPORT int
rsg_config_keys(int format, char **out)
{
	struct sbuf sb;
	char *buf;

	if (out == NULL || (format != RSG_KEYS_TEXT && format != RSG_KEYS_MAN))
		return RSG_EINVAL;
	*out = NULL;
	rsg__sbuf_init(&sb, NULL, 0);
	keys_walk(&sb, rsg__cfg_top_keys, "", format, false);
	if ((buf = rsg__malloc(sb.pos + 1)) == NULL)
		return RSG_ENOMEM;
	rsg__sbuf_init(&sb, buf, sb.pos + 1);
	keys_walk(&sb, rsg__cfg_top_keys, "", format, false);
	*out = buf;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Where each effective value came from (config check --explain)        */
/* ------------------------------------------------------------------ */

static const char *
knob_source(
    const struct rsg_config *cfg, const struct cfg_client *c, size_t off)
{
	if (c != NULL && c->set.b[off] == KSET_IXF)
		return "IX-F export";
	if (c != NULL && c->set.b[off])
		return "client";
	if (cfg->gen_set.b[off])
		return "general";
	return "default";
}

static const char *
mode_name(unsigned m)
{
	return m == RSG_MODE_REJECT ? "reject"
	    : m == RSG_MODE_TAG     ? "tag"
				    : "off";
}

/* Every knob the tables write directly, then every check's mode. */
static void
explain_knobs(struct sbuf *sb, const struct rsg_config *cfg,
    const struct cfg_client *c, const struct cfg_key *keys, const char *prefix)
{
	const struct knobs *k = c != NULL ? &c->k : &cfg->k;

	for (const struct cfg_key *e = keys; e->name != NULL; e++) {
		char path[160], val[64];
		uint64_t x;

		snprintf(path, sizeof(path), "%s%s", prefix, e->name);
		if (e->type == KT_SECTION && e->sub != rsg__cfg_general_keys) {
			char p2[176];

			snprintf(p2, sizeof(p2), "%s.", path);
			explain_knobs(sb, cfg, c, e->sub, p2);
			continue;
		}
		/* modes follow by check; old spellings have a new one */
		if (e->dst != KD_KNOBS || e->replaces != NULL
		    || e->off < sizeof(k->mode)
		    || (c == NULL && e->scope == KS_CLIENT)
		    || (c != NULL && e->scope == KS_GENERAL))
			continue;
		x = key_get(k, e);
		if (e->type == KT_BOOL)
			snprintf(val, sizeof(val), "%s", x ? "true" : "false");
		else
			snprintf(
			    val, sizeof(val), "%llu", (unsigned long long)x);
		for (const struct choice *ch = e->choices;
		     e->type == KT_ENUM && ch->name != NULL; ch++) {
			if ((uint64_t)ch->val == x) {
				snprintf(val, sizeof(val), "%s", ch->name);
				break;
			}
		}
		rsg__sbuf_printf(sb, "  %-48s %-16s %s\n", path, val,
		    knob_source(cfg, c, e->off));
	}
}

/* Blackhole filtering and custom communities: the general policy, or a
 * client's own. */
static void
explain_communities(
    struct sbuf *sb, const struct rsg_config *cfg, const struct cfg_client *c)
{
	static const char *const pol[] = { "-", "propagate-unchanged",
		"rewrite-next-hop" };
	const struct knobs *k = c != NULL ? &c->k : &cfg->k;
	size_t start;
	bool any = false;

	if (c == NULL) {
		for (unsigned i = 0; i < 2; i++) {
			char path[64], nh[RSG_PREFIX_STRLEN] = "";

			snprintf(path, sizeof(path),
			    "blackhole_filtering.policy_ipv%c", i ? '6' : '4');
			if (cfg->bh.next_hop[i].afi != RSG_AFI_NONE)
				rsg_ip_format(
				    &cfg->bh.next_hop[i], nh, sizeof(nh));
			rsg__sbuf_printf(sb, "  %-48s %-16s %s%s%s\n", path,
			    pol[cfg->bh.policy[i] < 3 ? cfg->bh.policy[i] : 0],
			    cfg->bh.policy[i] != 0 ? "general" : "default",
			    nh[0] != '\0' ? " next hop " : "", nh);
		}
	}
	rsg__sbuf_printf(sb, "  %-48s %-16s %s\n",
	    "blackhole_filtering.announce_to_client",
	    k->bh_announce ? "true" : "false",
	    knob_source(cfg, c, offsetof(struct knobs, bh_announce)));
	if (c == NULL)
		return;
	rsg__sbuf_printf(sb, "  %-48s ", "attach_custom_communities");
	start = sb->pos;
	for (size_t i = 0; i < cfg->ncustoms; i++) {
		if (k->customs & (UINT64_C(1) << i)) {
			rsg__sbuf_printf(
			    sb, "%s%s", any ? "," : "", cfg->customs[i].name);
			any = true;
		}
	}
	if (!any)
		rsg__sbuf_puts(sb, "-");
	rsg__sbuf_printf(sb, "%*s %s\n",
	    sb->pos - start < 16 ? (int)(16 - (sb->pos - start)) : 0, "",
	    any ? "client" : "default");
}

static void
explain_level(
    struct sbuf *sb, const struct rsg_config *cfg, const struct cfg_client *c)
{
	const struct knobs *k = c != NULL ? &c->k : &cfg->k;

	explain_knobs(sb, cfg, c, rsg__cfg_general_keys, "");
	explain_communities(sb, cfg, c);
	for (unsigned r = 0; r < RSG_R_COUNT; r++) {
		char name[64];

		snprintf(name, sizeof(name), "check %s",
		    rsg_reason_key((enum rsg_reason)r));
		rsg__sbuf_printf(sb, "  %-48s %-16s %s\n", name,
		    mode_name(k->mode[r]),
		    knob_source(cfg, c, offsetof(struct knobs, mode[r])));
	}
}

static void
explain_as_sets(struct sbuf *sb, const struct cfg_client *c)
{
	static const char *const src[] = { "default", "general", "client",
		"asns", "IX-F export" };
	size_t start;

	rsg__sbuf_printf(sb, "  %-48s ", "filtering.irrdb.as_sets");
	start = sb->pos;
	for (size_t j = 0; j < c->as_sets.n; j++)
		rsg__sbuf_printf(
		    sb, "%s%s", j == 0 ? "" : ",", c->as_sets.v[j]);
	if (c->as_sets.n == 0)
		rsg__sbuf_puts(sb, "-");
	rsg__sbuf_printf(sb, "%*s %s\n",
	    sb->pos - start < 16 ? (int)(16 - (sb->pos - start)) : 0, "",
	    c->as_sets_src < sizeof(src) / sizeof(src[0]) ? src[c->as_sets_src]
							  : "default");
}

static void
explain_write(struct sbuf *sb, const struct rsg_config *cfg)
{
	rsg__sbuf_printf(sb,
	    "general (route server AS%u; peers that are no client)\n",
	    cfg->rs_as);
	explain_level(sb, cfg, NULL);
	for (size_t i = 0; i < cfg->clients.n; i++) {
		const struct cfg_client *c = &cfg->clients.v[i];
		char ip[RSG_PREFIX_STRLEN];

		rsg__sbuf_printf(sb, "\nclient AS%u", c->asn);
		for (size_t j = 0; j < c->ips.n; j++) {
			rsg_ip_format(&c->ips.v[j], ip, sizeof(ip));
			rsg__sbuf_printf(sb, " %s", ip);
		}
		if (c->description != NULL)
			rsg__sbuf_printf(sb, " \"%s\"", c->description);
		if (c->line > 0) {
			unsigned line = c->line;
			const char *name = rsg__config_where(cfg, &line);

			rsg__sbuf_printf(sb, " (%s:%u)", name, line);
		}
		rsg__sbuf_puts(sb, "\n");
		explain_level(sb, cfg, c);
		rsg__sbuf_printf(sb, "  %-48s %-16zu %s\n",
		    "filtering.transit_free.asns",
		    c->own_transit_free ? c->transit_free.n
					: cfg->transit_free.n,
		    c->own_transit_free           ? "client"
			: cfg->transit_free_given ? "general"
						  : "default");
		rsg__sbuf_printf(sb, "  %-48s %-16zu %s\n",
		    "filtering.black_list_pref", c->blacklist.n,
		    c->blacklist.n > 0 ? "client" : "default");
		rsg__sbuf_printf(sb, "  %-48s %-16zu %s\n",
		    "filtering.next_hop.authorized_addresses_list",
		    c->nh_authorized.n,
		    c->nh_authorized.n > 0 ? "client" : "default");
		explain_as_sets(sb, c);
	}
}

RSG_EXPORT int
rsg_config_explain(const struct rsg_config *cfg, char **out)
{
	struct sbuf sb;
	char *buf;

	if (cfg == NULL || out == NULL)
		return RSG_EINVAL;
	*out = NULL;
	rsg__sbuf_init(&sb, NULL, 0);
	explain_write(&sb, cfg);
	if ((buf = rsg__malloc(sb.pos + 1)) == NULL)
		return RSG_ENOMEM;
	rsg__sbuf_init(&sb, buf, sb.pos + 1);
	explain_write(&sb, cfg);
	*out = buf;
	return 0;
}
