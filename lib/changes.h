/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Change records: what publications changed, so that a route server
 * re-evaluates only the routes whose verdict can differ (RFC 9324 asks
 * for re-evaluation when RPKI data changes, without Route Refresh).
 *
 * A record names what changed and nothing more, in three kinds:
 *   prefixes  a VRP, a bogon, a peering LAN or blacklist entry: the routes
 *             the prefix covers (it or more specifics)
 *   ASNs      an ASPA record, a transit-free or never-via-RS ASN: the
 *             routes whose AS_PATH holds the ASN
 *   clients   a client's policy, limits or PeeringDB record, or a check
 *             the client runs coming into or out of service: the routes
 *             from that session address
 * plus "unknown peers" (the general policy, which applies to routes from
 * addresses that are no client) and "all" for the few global settings
 * that can change every verdict (rsg_changes_all() in rsguard.h lists
 * them). Records merge; the context keeps a bounded history of them for
 * consumers that each read at their own pace (history.c).
 */
#ifndef RSG_CHANGES_H
#define RSG_CHANGES_H

#include <stdbool.h>
#include <stdint.h>

#include "cfg.h"
#include "rsguard.h"

struct vrp_delta;

struct prefix_vec {
	struct rsg_prefix *v;
	size_t n, cap;
};

/* A client session as rsg_check() finds it: address and ASN. */
struct peer_key {
	struct rsg_ip ip;
	uint32_t asn;
};

struct peer_vec {
	struct peer_key *v;
	size_t n, cap;
};

enum changes_flag {
	CH_ALL = 1u << 0,     /* every route */
	CH_UNKNOWN = 1u << 1, /* routes from addresses that are no client */
};

struct rsg_changes {
	uint64_t since;      /* after this generation ... */
	uint64_t generation; /* ... up to and including this one */
	unsigned sources;    /* 1u << enum rsg_source */
	unsigned flags;      /* enum changes_flag */
	struct prefix_vec prefixes;
	struct asn_vec asns;
	struct ip_vec clients;
	struct peer_vec known; /* CH_UNKNOWN: the clients at the time */
};

/* Above this many prefixes a record names 0.0.0.0/0 and ::/0 instead:
 * still exact about which kind changed, and as cheap to test. */
#define CHANGES_MAX_PREFIXES 200000

int rsg__changes_new(struct rsg_changes **out);
void rsg__changes_clear(struct rsg_changes *c);
void rsg__changes_free(struct rsg_changes *c);
size_t rsg__changes_items(const struct rsg_changes *c);

/* Add one item. 0, or RSG_ENOMEM (then the record says CH_ALL: a lost
 * item must never hide a change). */
int rsg__changes_prefix(struct rsg_changes *c, const struct rsg_prefix *p);
int rsg__changes_asn(struct rsg_changes *c, uint32_t asn);
int rsg__changes_client(struct rsg_changes *c, const struct rsg_ip *ip);
/* The prefixes of a VRP delta. */
int rsg__changes_delta(struct rsg_changes *c, const struct vrp_delta *d);
/* Routes from addresses that are no client are affected; known lists the
 * clients (address and ASN) of the policy in question. On a record that
 * says so already, known must be sorted (as records hold it). */
int rsg__changes_unknown(
    struct rsg_changes *c, const struct peer_key *known, size_t n);
void rsg__changes_all(struct rsg_changes *c);

/* dst += src (src unchanged); dst covers both ranges of generations. */
int rsg__changes_merge(struct rsg_changes *dst, const struct rsg_changes *src);
/* Sort; drop prefixes covered by others and duplicates of the rest. */
void rsg__changes_compact(struct rsg_changes *c);

#endif /* RSG_CHANGES_H */
