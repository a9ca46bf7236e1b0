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
 *   clients   a client's policy or PeeringDB record, or a check the client
 *             runs coming into or out of service: the routes from that
 *             session address, narrowed to what the change can touch (a
 *             new max_as_path_len: the paths between the old and the new
 *             bound; a blacklist entry: the prefixes it covers)
 * plus the general policy (routes from addresses that are no client),
 * sessions whose max-prefix limits changed (no route is affected), and
 * "all" for the few global settings that can change every verdict
 * (rsguard.h lists them). Records merge; the context keeps a bounded
 * history of them for consumers that each read at their own pace
 * (history.c).
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
	CH_UNKNOWN = 1u << 1, /* some change applies to unknown peers */
};

/*
 * What changed in one client's policy (or, with ip.afi NONE, in the
 * general policy that unknown peers get), as the kind of route it can
 * affect: the checks a knob feeds decide. A client has one entry per
 * aspect that changed.
 */
enum client_aspect {
	CA_WHOLE = 0,   /* every route of the client */
	CA_LEN,         /* prefix lengths: len4/len6 bit masks */
	CA_PATHLEN,     /* AS_PATH lengths in [lo, hi] */
	CA_COMMUNITIES, /* community counts in [lo, hi] */
	CA_NEXT_HOP,    /* a next hop other than the peer address */
	CA_AFI,         /* a prefix of the other family than the session */
	CA_FIRST_AS,    /* an AS_PATH not starting with the peer AS */
	CA_AS_SET,      /* an AS_SET or confederation segment */
	CA_OTC,         /* the Only-to-Customer attribute */
	CA_GSHUT,       /* GRACEFUL_SHUTDOWN */
};

struct client_change {
	struct rsg_ip ip; /* afi NONE: the general policy */
	uint8_t aspect;   /* enum client_aspect */
	uint8_t reserved_[3];
	uint32_t lo, hi;  /* CA_PATHLEN, CA_COMMUNITIES */
	uint64_t len4;    /* CA_LEN: bit l set: IPv4 length l */
	uint64_t len6[3]; /* CA_LEN: IPv6 lengths 0..128 */
};

/* A prefix or an ASN that matters to one client only (its blacklist,
 * its transit-free list, a check it switched on): the client's routes
 * it covers, or whose AS_PATH holds it. */
struct client_item {
	struct rsg_ip ip;      /* afi NONE: the general policy */
	struct rsg_prefix pfx; /* afi NONE: an ASN item */
	uint32_t asn;
};

struct client_change_vec {
	struct client_change *v;
	size_t n, cap;
};

struct client_item_vec {
	struct client_item *v;
	size_t n, cap;
};

struct rsg_changes {
	uint64_t since;      /* after this generation ... */
	uint64_t generation; /* ... up to and including this one */
	unsigned sources;    /* 1u << enum rsg_source */
	unsigned flags;      /* enum changes_flag */
	struct prefix_vec prefixes;
	struct asn_vec asns;
	struct client_change_vec cc; /* sorted by address */
	struct client_item_vec ci;   /* sorted by address */
	struct ip_vec clients;       /* every client address of cc and ci */
	struct ip_vec limits;        /* sessions whose limits changed */
	struct peer_vec known;       /* CH_UNKNOWN: the clients at the time */
};

/* Above this many prefixes a record names 0.0.0.0/0 and ::/0 instead:
 * still exact about which kind changed, and as cheap to test. */
#define CHANGES_MAX_PREFIXES 200000

int rsg__changes_new(struct rsg_changes **out);
void rsg__changes_free(struct rsg_changes *c);
size_t rsg__changes_items(const struct rsg_changes *c);

/* Add one item. 0, or RSG_ENOMEM (then the record says CH_ALL: a lost
 * item must never hide a change). */
int rsg__changes_prefix(struct rsg_changes *c, const struct rsg_prefix *p);
int rsg__changes_asn(struct rsg_changes *c, uint32_t asn);
/* Every route of client ip (NULL: of the unknown peers). */
int rsg__changes_client(struct rsg_changes *c, const struct rsg_ip *ip);
/* One aspect of client ip (NULL: the unknown peers); cc->ip is set. */
int rsg__changes_aspect(struct rsg_changes *c, const struct rsg_ip *ip,
    const struct client_change *cc);
/* A prefix (asn 0) or an ASN (pfx NULL) of client ip (NULL: unknown). */
int rsg__changes_item(struct rsg_changes *c, const struct rsg_ip *ip,
    const struct rsg_prefix *pfx, uint32_t asn);
/* The session's max-prefix limits changed (no route is affected). */
int rsg__changes_limits(struct rsg_changes *c, const struct rsg_ip *ip);
/* Every prefix (0.0.0.0/0 and ::/0): too many changed to name. */
int rsg__changes_all_prefixes(struct rsg_changes *c);
/* The prefixes of a VRP delta. */
int rsg__changes_delta(struct rsg_changes *c, const struct vrp_delta *d);
/* Changes with a NULL address apply to routes from addresses that are
 * no client; known lists the clients (address and ASN) of the policy in
 * question, in any order. */
int rsg__changes_known(
    struct rsg_changes *c, const struct peer_key *known, size_t n);
void rsg__changes_all(struct rsg_changes *c);

/* dst += src (src unchanged); dst covers both ranges of generations. */
int rsg__changes_merge(struct rsg_changes *dst, const struct rsg_changes *src);
/* Sort; drop prefixes covered by others and duplicates of the rest. */
void rsg__changes_compact(struct rsg_changes *c);

#endif /* RSG_CHANGES_H */
