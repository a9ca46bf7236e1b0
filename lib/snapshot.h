/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * A snapshot: everything rsg_check() reads, immutable once published.
 *
 * It is a list of parts, each built aside from its own inputs through one
 * small table of operations:
 *   rov     the VRPs (RFC 6811 tables)
 *   aspa    the ASPA table
 *   policy  configuration, clients, bogons, prefix lists, ASN sets,
 *           PeeringDB-derived data (policy.c)
 * A new snapshot shares the parts that did not change with the previous
 * one: a VRP delta builds a new rov part and nothing else. A part knows
 * which routes its replacement can affect (the ops' affects), so a
 * publication says exactly what changed. A new kind of data (IRR) is one
 * more part, without touching the others.
 *
 * Parts are reference counted by the writer only (rsg_ctx_load() or the
 * worker's build thread, never both at once), so the counts are plain
 * integers: readers never touch them. Nothing in a part is written after
 * it is built. Whether ROV and ASPA may be used at all (their data is
 * complete and current) is the snapshot's, not the part's: a state change
 * publishes a new snapshot around the same parts.
 */
#ifndef RSG_SNAPSHOT_H
#define RSG_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "asnset.h"
#include "aspa.h"
#include "cfg.h"
#include "changes.h"
#include "irr.h"
#include "peeringdb.h"
#include "plist.h"
#include "policy.h"
#include "roa.h"
#include "vrpset.h"

enum part_id { PART_ROV = 0, PART_ASPA, PART_POLICY, PART_IRR, PART_COUNT };

/* Whether a table's checks run (struct rsg_snapshot). */
enum table_state {
	TABLE_OFF = 0,       /* no source of that kind configured */
	TABLE_READY = 1,     /* every source loaded, nothing withdrawn */
	TABLE_NOT_READY = 2, /* a source has not completed its first load */
	TABLE_STALE = 3,     /* a source's data was withdrawn for its age */
};

struct snap_part {
	const struct part_ops *ops;
	unsigned refs;
	size_t bytes;
};

/* Everything parts are built from; each part reads its own fields, all
 * borrowed for the duration of the build. */
struct part_input {
	const struct rsg_config *cfg;
	/* rov: the union of every source, and its changes since the rov
	 * part of delta_base was built; full: build from the union */
	const struct vrpunion *vrps;
	const struct vrp_delta *delta;
	const struct snap_part *delta_base;
	bool rov_full;
	/* aspa: every record, SLURM applied */
	const struct aspa_set *aspas;
	/* policy */
	const struct pdb_vec *pdb;     /* NULL: no PeeringDB data */
	const struct pfx_vec *bogons4; /* NULL: the built-in list */
	const struct pfx_vec *bogons6;
	/* irr (and the policy's clients): every IRR file's objects in the
	 * configured source order; NULL: no IRR source */
	const struct irr_db *irr;
	const struct irr_db *arin; /* ARIN bulk whois; NULL: none */
};

struct part_ops {
	/* A new part from in; old (may be NULL) is the part in service. */
	int (*build)(const struct part_input *in, const struct snap_part *old,
	    struct snap_part **out);
	void (*free)(struct snap_part *p);
	void (*stats)(const struct snap_part *p, struct rsg_stats *st);
	/* What routes the step from old to new can affect, added to ch. */
	int (*affects)(const struct part_input *in, const struct snap_part *old,
	    const struct snap_part *new, struct rsg_changes *ch);
};

extern const struct part_ops rsg__rov_ops;
extern const struct part_ops rsg__aspa_ops;
extern const struct part_ops rsg__policy_ops;
extern const struct part_ops rsg__irr_ops;
extern const struct part_ops *const rsg__part_ops[PART_COUNT];

struct snap_rov {
	struct snap_part p;
	struct roa_table roa;
};

struct snap_aspa {
	struct snap_part p;
	struct aspa_table aspa;
};

/* The IRR's route objects: (prefix, origin), data = origin, maxlen = the
 * prefix's length. */
struct snap_irr {
	struct snap_part p;
	bool on; /* an IRR source is configured */
	struct ptab t4, t6;
	struct ptab arin4, arin6; /* ARIN bulk whois, likewise */
	/* bgpq4 prefix lists: data = list id << 8 | greater-equal, maxlen =
	 * less-equal */
	struct ptab l4, l6;
};

struct snap_client {
	uint32_t asn;
	uint32_t std_asn;   /* the ASN in standard communities: the ASN, its
			   * 16bit_mapped_asn, or 0 if none fits */
	struct rsg_ip *ips; /* session addresses */
	size_t nips;
	struct rsg_ip *same_as_ips; /* every address of every client of
				     * this ASN (next_hop same-as), sorted */
	size_t n_same_as;
	struct rsg_ip *nh_auth; /* authorized_addresses_list */
	size_t n_nh_auth;
	struct plist blacklist;
	struct asnset own_transit_free;
	const struct asnset *transit_free; /* own or the general list */
	struct knobs k;
	uint32_t max_prefix_v4; /* effective limits, 0: none */
	uint32_t max_prefix_v6;
	/* IRR (arouteserver's AS-SET bundle): the origins the client's
	 * AS-SETs stand for, and its own ASN; irr_sets NULL: not checked */
	struct asnset irr_asns;
	char *irr_sets;          /* "AS-FOO RIPE::AS-BAR", or "AS64496" */
	struct asnset irr_lists; /* ids of its bgpq4 prefix lists */
	char *irr_note; /* the first problem of the expansion, or NULL */
	/* irrdb white lists (arouteserver's): prefixes in the route set,
	 * origins in the AS-SETs, routes validated (origin 0: any) */
	struct plist irr_white_pref;
	struct asnset irr_white_asn;
	struct pfx_entry *white_route;
	uint32_t *white_route_asn;
	size_t n_white_route;
};

/* Compiled patterns of one form, to scan a route's communities. */
struct comm_idx {
	unsigned n;
	struct comm_pat pat[COMMF_COUNT + REJECT_MAP_N];
};

struct peer_slot {
	struct rsg_ip ip;
	uint32_t client; /* index into clients; UINT32_MAX: empty */
};

struct snap_policy {
	struct snap_part p;
	uint32_t rs_as;
	bool info_communities;
	/* communities, compiled with rs_as: the functions, reject_cause_map,
	 * custom communities; the blackhole policy */
	struct comm_cset comm[COMMF_COUNT];
	struct comm_cset reject_map[REJECT_MAP_N];
	struct comm_cset customs[CUSTOM_MAX];
	size_t ncustoms;
	struct cfg_blackhole bh;
	/* what to scrub, per form: inbound, outbound */
	struct comm_idx scrub_in[FORM_COUNT];
	struct comm_idx scrub_out[FORM_COUNT];

	struct plist bogons;
	struct plist peering_lans;
	struct plist global_blacklist;
	struct asnset never_via;
	struct asnset transit_free;

	struct snap_client *clients;
	size_t nclients;
	struct snap_client general; /* for peers that are no client */
	struct peer_slot *peers;
	uint32_t peer_mask;

	size_t bogons4, bogons6;
};

struct rsg_snapshot {
	uint64_t generation;
	int64_t published_at;
	uint64_t build_usec;
	uint8_t rov_state;      /* enum table_state */
	uint8_t aspa_state;     /* enum table_state */
	int64_t rpki_buildtime; /* oldest VRP file's build time, 0: unknown */
	struct snap_part *part[PART_COUNT];
};

static inline const struct snap_rov *
snap_rov(const struct rsg_snapshot *s)
{
	return (const struct snap_rov *)(const void *)s->part[PART_ROV];
}

static inline const struct snap_aspa *
snap_aspa(const struct rsg_snapshot *s)
{
	return (const struct snap_aspa *)(const void *)s->part[PART_ASPA];
}

static inline const struct snap_irr *
snap_irr(const struct rsg_snapshot *s)
{
	return (const struct snap_irr *)(const void *)s->part[PART_IRR];
}

static inline const struct snap_policy *
snap_policy(const struct rsg_snapshot *s)
{
	return (const struct snap_policy *)(const void *)s->part[PART_POLICY];
}

/* Parts: built with one reference, released by the writer. */
struct snap_part *rsg__part_ref(struct snap_part *p);
void rsg__part_unref(struct snap_part *p);

/* A snapshot of the given parts (a reference on each) and states. */
int rsg__snapshot_assemble(struct snap_part *const part[PART_COUNT],
    unsigned rov_state, unsigned aspa_state, struct rsg_snapshot **out);
void rsg__snapshot_free(struct rsg_snapshot *s);
void rsg__snapshot_stats(const struct rsg_snapshot *s, struct rsg_stats *st);

/*
 * What the step from old (NULL: nothing was published) to new can
 * affect: every part that changed, and every client (and the unknown
 * peers) whose checks start or stop with a table's state.
 */
int rsg__snapshot_affects(const struct part_input *in,
    const struct rsg_snapshot *old, const struct rsg_snapshot *new,
    struct rsg_changes *ch);

/* Everything from scratch (tests, bench): every table READY, or OFF
 * where in has no source of its kind (vrps or aspas NULL). */
int rsg__snapshot_build(const struct part_input *in, struct rsg_snapshot **out);

/* The client of a session, or NULL. */
const struct snap_client *rsg__snapshot_client(
    const struct snap_policy *p, const struct rsg_ip *peer);

/* policy.c: the clients (address, ASN) of a policy, for "unknown peers". */
int rsg__policy_known(const struct snap_policy *p, struct peer_vec *out);

#endif /* RSG_SNAPSHOT_H */
