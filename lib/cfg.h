/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * (Named cfg.h: a lib/config.h would shadow autoconf's config.h.)
 *
 * The parsed configuration (struct rsg_config): policy, clients and data
 * sources, with every inherited knob already resolved. It is plain data;
 * the snapshot builder compiles it into lookup tables.
 */
#ifndef RSG_CFG_H
#define RSG_CFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "community.h"
#include "plist.h"
#include "policy.h"
#include "rpki.h"
#include "rsguard.h"

struct str_vec {
	char **v;
	size_t n, cap;
};

struct asn_vec {
	uint32_t *v;
	size_t n, cap;
};

struct ip_vec {
	struct rsg_ip *v;
	size_t n, cap;
};

/*
 * Which bytes of a struct knobs a level set (config check --explain):
 * 1 the file, KSET_IXF the IX-F member export (clients_from_euroix).
 */
#define KSET_IXF 2

struct kset {
	unsigned char b[sizeof(struct knobs)];
};

/* Where a client's value came from (config check --explain). */
enum cfg_src {
	SRC_DEFAULT = 0,
	SRC_GENERAL,
	SRC_CLIENT,
	SRC_ASNS, /* the asns: entry of its AS */
	SRC_IXF,  /* clients_from_euroix */
};

struct cfg_client {
	uint32_t asn;
	uint32_t mapped_asn;         /* 16bit_mapped_asn; 0: none */
	char *description;           /* may be NULL */
	struct ip_vec ips;           /* session addresses (at least one) */
	struct ip_vec nh_authorized; /* authorized_addresses_list */
	struct pfx_vec blacklist;    /* black_list_pref */
	struct str_vec as_sets;      /* irrdb.as_sets (client, else AS-level) */
	uint8_t as_sets_src;         /* enum cfg_src: where as_sets came from */
	bool own_transit_free;       /* transit_free given for this client */
	struct asn_vec transit_free;
	/* irrdb white lists: prefixes in the route set, origins in the
	 * AS-SET, routes (prefix entry and origin, 0: any) validated */
	struct pfx_vec white_pref;
	struct asn_vec white_asn;
	struct pfx_vec white_route;
	struct asn_vec white_route_asn;
	struct knobs k;
	struct kset set; /* the knobs its cfg sets */
	unsigned line;   /* where the client is defined */
};

/* reject_cause_map: codes 0..15 at their index, 65535 at the last. */
#define REJECT_MAP_N 17u
#define CUSTOM_MAX   64u /* custom communities: a bit each in a knobs mask */

struct cfg_custom {
	char *name;
	struct comm_set c;
};

/* blackhole_filtering (RFC 7999): per address family, the policy and the
 * next hop of rewrite-next-hop. */
struct cfg_blackhole {
	uint8_t policy[2]; /* enum rsg_blackhole, [0] IPv4, [1] IPv6 */
	bool add_noexport;
	uint8_t pad_; /* no padding: compared as bytes */
	struct rsg_ip next_hop[2];
};

struct cfg_source {
	char *path; /* resolved against the config file's directory */
	enum rpki_format format;
};

enum cfg_rtr_transport {
	RTR_TCP = 0,
	RTR_SSH = 1,
};

/* One RTR cache. Caches of the same preference form a group; rtrlib uses
 * the group with the lowest preference that works. */
struct cfg_rtr {
	char *host;
	char *port;          /* service or number, as text (rtrlib) */
	char *bind;          /* local address, NULL: any */
	uint32_t preference; /* 1..255 */
	enum cfg_rtr_transport transport;
	char *ssh_user;
	char *ssh_key;         /* private key file */
	char *ssh_known_hosts; /* host key check, with a key only */
	char *ssh_password;
	unsigned line; /* where it is configured */
};

/* sources.irr_whois: IRRd servers asked for the clients' AS-SETs */
struct cfg_whois_server {
	char *host;
	uint16_t port;
};

struct cfg_whois {
	struct {
		struct cfg_whois_server *v;
		size_t n, cap;
	} servers;              /* failover order; none: no whois source */
	uint32_t refresh;       /* seconds between fetches */
	uint32_t timeout;       /* seconds without an answer */
	uint32_t retries;       /* resends of a failed query */
	uint32_t connections;   /* at once */
	uint32_t max_shrink;    /* %: a set shrinking more is held back */
	struct str_vec confirm; /* sets let through all the same */
};

struct cfg_override {
	enum rsg_source kind;
	char *path;
	bool replace;
};

/*
 * Where a stretch of the loaded text came from: arouteserver's "!include
 * FILE" lines are replaced by the file's text, so line L of the text,
 * from the segment's first line on, is line (line + L - first) of name.
 */
struct cfg_segment {
	unsigned first; /* line of the loaded text */
	unsigned line;  /* the same line in name */
	char *name;
};

struct rsg_config {
	/* diagnostics of the last load */
	struct str_vec errors;
	struct str_vec warnings;
	rsg_log_cb log_cb;
	void *log_arg;
	int64_t as_of; /* 0: now */

	/* what was loaded, to copy the configuration by re-reading it */
	char *src_text;
	size_t src_len;
	char *src_name;
	char *base_dir; /* directory for relative paths; NULL: cwd */
	struct {
		struct cfg_segment *v;
		size_t n, cap;
	} segs; /* empty: the text is src_name's, line for line */

	/* general policy */
	uint32_t rs_as;
	struct knobs k;                  /* general knobs */
	struct kset gen_set;             /* the knobs the file sets */
	struct pfx_vec global_blacklist; /* global_black_list_pref */
	struct pfx_vec peering_lans;
	struct pfx_vec bogons;       /* arouteserver's bogons.yml "bogons:" */
	bool bogons_given;           /* it replaces the built-in lists */
	struct asn_vec transit_free; /* default list (arouteserver's) */
	bool transit_free_given;     /* ... or the file's */
	struct asn_vec never_via_rs; /* static never_via_route_servers.asns */
	bool never_via_rs_pdb;       /* plus PeeringDB's flag */
	bool info_communities;       /* RS:1000/1001/1002 informational tags */
	struct comm_set comm[COMMF_COUNT];        /* general.communities */
	struct comm_set reject_map[REJECT_MAP_N]; /* reject_cause_map */
	struct cfg_custom customs[CUSTOM_MAX];    /* custom_communities */
	size_t ncustoms;
	struct cfg_blackhole bh; /* blackhole_filtering */

	/* RPKI */
	int64_t rpki_max_age;       /* ignore_cache_files_older_than; 0: none */
	bool rpki_check_expires;    /* drop VRPs past their "expires" */
	struct str_vec allowed_tas; /* allowed_trust_anchors; empty: all */

	/* data sources */
	struct {
		struct cfg_source *v;
		size_t n, cap;
	} vrp_files;
	struct str_vec aspa_files;
	struct str_vec slurm_files;
	struct str_vec irr_files;   /* RPSL: route(6), as-set objects */
	struct str_vec bgpq4_files; /* bgpq4 -j lists */
	struct str_vec irr_sources; /* IRR source order; if given, only
				     * these sources count */
	struct cfg_whois whois;     /* sources.irr_whois */
	struct {
		char *address;        /* listen address; NULL: 127.0.0.1 */
		uint32_t port;        /* listen port */
		char *bird_socket;    /* BIRD's restricted CLI socket */
		uint32_t ttl;         /* s: how long answers may be cached */
		uint32_t bird_conns;  /* BIRD commands at once */
		uint32_t rate_limit;  /* requests a minute per client, 0 off */
		uint32_t max_routes;  /* routes in one answer */
		uint32_t timeout;     /* s: BIRD's silence before giving up */
		uint32_t connections; /* HTTP connections at once */
	} lg;                         /* looking_glass: rsguard lg */
	char *peeringdb_file;         /* /api/net JSON; NULL: none */
	char *arin_whois_file; /* ARIN bulk whois originas JSON; NULL: none */
	char *bogons_v4_file;  /* replaces the built-in IPv4 bogons */
	char *bogons_v6_file;  /* replaces the built-in IPv6 bogons */

	/* live refresh (the worker, rsg_ctx_start()) */
	struct {
		struct cfg_rtr *v;
		size_t n, cap;
	} rtr;                   /* RTR caches, RFC 8210 through rtrlib */
	uint32_t rtr_refresh;    /* seconds, rtrlib range 1..86400 */
	uint32_t rtr_retry;      /* 1..7200 */
	uint32_t rtr_expire;     /* 1..172800; below 600 enforced by rsguard */
	bool rtr_cache_timers;   /* take the timers of End of Data */
	uint32_t file_refresh;   /* re-read file sources every N s (0: only
				    * on change); default 600 */
	uint32_t max_shrink_pct; /* refuse a refresh that loses more than
				    * this % of a source's records; 100: off */

	/* clients */
	struct {
		struct cfg_client *v;
		size_t n, cap;
	} clients;

	/* clients_from_euroix: more clients from an IX-F member export */
	char *ixf_file;   /* resolved against base_dir; NULL: none */
	uint32_t ixf_ixp; /* ixp_id (required) */
	int64_t ixf_vlan; /* vlan_id; -1: every VLAN */
	bool ixf_rs_only; /* routeserver_only */
	char *ixf_text;   /* the export as read, for copies; NULL: unread */
	size_t ixf_len;

	/* rsg_config_add_source() calls, replayed after every load/copy */
	struct {
		struct cfg_override *v;
		size_t n, cap;
	} overrides;
};

/* Record a diagnostic "name:line:col: message" (line/col 0: left out). */
void rsg__config_error(struct rsg_config *cfg, unsigned line, unsigned col,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void rsg__config_warning(struct rsg_config *cfg, unsigned line, unsigned col,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * The file that holds line *line of the loaded text (an !include'd one,
 * or the loaded file), and *line set to the line in that file.
 */
const char *rsg__config_where(const struct rsg_config *cfg, unsigned *line);

/* Largest configuration read, with its !include files. */
#define RSG_CONFIG_FILE_MAX ((size_t)256 << 20)

/* A diagnostic at name:line:col (name NULL: the loaded text's line). */
int rsg__config_diag_at(struct rsg_config *cfg, enum rsg_log_level lvl,
    const char *name, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/*
 * cfginclude.c: replace cfg->src_text by its expansion if it has an
 * "!include FILE" line (arouteserver's), recording cfg->segs. Returns 0,
 * RSG_ECONFIG (errors recorded) or RSG_ENOMEM.
 */
int rsg__config_expand_includes(struct rsg_config *cfg);
void rsg__config_segs_free(struct rsg_config *cfg);

/* Deep copy by re-reading the loaded text: dst must be new. */
int rsg__config_copy(struct rsg_config *dst, const struct rsg_config *src);

/*
 * Free every loaded setting, the diagnostics and the stored source; keep
 * log_cb, log_arg, as_of and the setter records (overrides).
 */
void rsg__config_clear(struct rsg_config *cfg);

void rsg__str_vec_free(struct str_vec *v);

/*
 * cfgset.c: apply every recorded rsg_config_add_source() to the loaded
 * settings (after a load or a copy); free the records.
 */
int rsg__config_apply_overrides(struct rsg_config *cfg);
int rsg__config_copy_overrides(
    struct rsg_config *dst, const struct rsg_config *src);
void rsg__config_free_overrides(struct rsg_config *cfg);

#endif /* RSG_CFG_H */
