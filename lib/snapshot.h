/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * A snapshot: everything rsg_check() reads, immutable once published.
 * Built aside from the configuration and the data sources, published
 * through one atomic pointer (ctx.c), freed as a unit after a grace
 * period. Nothing in it is ever written after rsg__snapshot_build()
 * returns.
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

struct rsg_snapshot {
	uint64_t generation;
	int64_t published_at;
	uint64_t build_usec;
	int64_t rpki_buildtime;

	uint32_t rs_as;
	uint32_t reject_cause_ld1;
	uint32_t announced_by_ld1;
	bool info_communities;

	bool have_rov;  /* VRP sources configured: ROV runs */
	bool have_aspa; /* ASPA data configured */
	struct roa_table roa;
	struct aspa_table aspa;
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

/* What a snapshot is built from; every pointer is borrowed. */
struct snap_input {
	const struct rsg_config *cfg;
	const struct vrp_vec *vrps;    /* NULL: no VRP source */
	const struct aspa_set *aspas;  /* NULL: no ASPA source */
	const struct pdb_vec *pdb;     /* NULL: no PeeringDB data */
	const struct pfx_vec *bogons4; /* NULL: built-in list */
	const struct pfx_vec *bogons6; /* NULL: built-in list */
	int64_t rpki_buildtime;
};

int rsg__snapshot_build(const struct snap_input *in, struct rsg_snapshot **out);
void rsg__snapshot_free(struct rsg_snapshot *s);

/* The client of a session, or NULL. */
const struct snap_client *rsg__snapshot_client(
    const struct rsg_snapshot *s, const struct rsg_ip *peer);

#endif /* RSG_SNAPSHOT_H */
