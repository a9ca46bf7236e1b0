/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * A snapshot: everything rsg_check() reads, immutable once published.
 *
 * It is made of three parts, each built aside from its own inputs:
 *   rov     the VRPs (RFC 6811 tables)
 *   aspa    the ASPA table
 *   policy  configuration, clients, bogons, prefix lists, ASN sets,
 *           PeeringDB-derived data
 * A new snapshot shares the parts that did not change with the previous
 * one: a VRP delta builds a new rov part and nothing else. Parts are
 * reference counted by the writer only (rsg_ctx_load() or the worker
 * thread, never both at once), so the counts are plain integers: readers
 * never touch them. Nothing in a part is written after it is built.
 */
#ifndef RSG_SNAPSHOT_H
#define RSG_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "asnset.h"
#include "aspa.h"
#include "cfg.h"
#include "peeringdb.h"
#include "plist.h"
#include "policy.h"
#include "roa.h"

struct snap_rov {
	unsigned refs;
	bool have; /* VRP sources configured: ROV runs */
	struct roa_table roa;
	int64_t buildtime; /* oldest source build time, 0: unknown */
	size_t bytes;
};

struct snap_aspa {
	unsigned refs;
	bool have; /* ASPA data configured */
	struct aspa_table aspa;
	size_t bytes;
};

struct snap_client {
	uint32_t asn;
	struct rsg_ip *ips; /* session addresses */
	size_t nips;
	struct rsg_ip *same_as_ips; /* every address of every client of
				     * this ASN (next_hop same-as) */
	size_t n_same_as;
	struct rsg_ip *nh_auth; /* authorized_addresses_list */
	size_t n_nh_auth;
	struct plist blacklist;
	struct asnset own_transit_free;
	const struct asnset *transit_free; /* own or the general list */
	struct knobs k;
	uint32_t max_prefix_v4; /* effective limits, 0: none */
	uint32_t max_prefix_v6;
};

struct peer_slot {
	struct rsg_ip ip;
	uint32_t client; /* index into clients; UINT32_MAX: empty */
};

struct snap_policy {
	unsigned refs;
	uint32_t rs_as;
	uint32_t reject_cause_ld1;
	uint32_t announced_by_ld1;
	bool info_communities;

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
	size_t bytes;
};

struct rsg_snapshot {
	uint64_t generation;
	int64_t published_at;
	uint64_t build_usec;
	struct snap_rov *rov;
	struct snap_aspa *aspa;
	struct snap_policy *pol;
};

/* What the policy part is built from; every pointer is borrowed. */
struct policy_input {
	const struct rsg_config *cfg;
	const struct pdb_vec *pdb;     /* NULL: no PeeringDB data */
	const struct pfx_vec *bogons4; /* NULL: built-in list */
	const struct pfx_vec *bogons6; /* NULL: built-in list */
};

/* Parts: built with one reference, released by the writer. */
int rsg__rov_part_new(
    const struct vrp_vec *vrps, int64_t buildtime, struct snap_rov **out);
int rsg__rov_part_update(const struct snap_rov *old,
    const struct ptab_item *add4, size_t nadd4, const struct ptab_item *del4,
    size_t ndel4, const struct ptab_item *add6, size_t nadd6,
    const struct ptab_item *del6, size_t ndel6, struct snap_rov **out);
int rsg__aspa_part_new(const struct aspa_set *aspas, struct snap_aspa **out);
int rsg__policy_part_new(
    const struct policy_input *in, struct snap_policy **out);
void rsg__rov_part_unref(struct snap_rov *p);
void rsg__aspa_part_unref(struct snap_aspa *p);
void rsg__policy_part_unref(struct snap_policy *p);

/* A snapshot of three parts; takes a reference on each. */
int rsg__snapshot_assemble(struct snap_rov *rov, struct snap_aspa *aspa,
    struct snap_policy *pol, struct rsg_snapshot **out);
void rsg__snapshot_free(struct rsg_snapshot *s);
size_t rsg__snapshot_bytes(const struct rsg_snapshot *s);

/* Everything from scratch (rsg_ctx_load(), tests, bench). */
struct snap_input {
	const struct rsg_config *cfg;
	const struct vrp_vec *vrps;   /* NULL: no VRP source */
	const struct aspa_set *aspas; /* NULL: no ASPA source */
	const struct pdb_vec *pdb;
	const struct pfx_vec *bogons4;
	const struct pfx_vec *bogons6;
	int64_t rpki_buildtime;
};

int rsg__snapshot_build(const struct snap_input *in, struct rsg_snapshot **out);

/* The client of a session, or NULL. */
const struct snap_client *rsg__snapshot_client(
    const struct snap_policy *p, const struct rsg_ip *peer);

#endif /* RSG_SNAPSHOT_H */
