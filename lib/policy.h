/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Policy knobs: every setting a client can override. The configuration
 * resolves inheritance (general, then AS-level, then client), so each
 * client carries a complete set.
 */
#ifndef RSG_POLICY_H
#define RSG_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "rsguard.h"

enum nh_policy {
	NH_STRICT = 0,     /* NEXT_HOP = the client's own address */
	NH_SAME_AS = 1,    /* or any address of a client with the same ASN */
	NH_AUTHORIZED = 2, /* or one of authorized_addresses_list */
};

enum max_prefix_action {
	MAXPFX_NONE = 0,
	MAXPFX_SHUTDOWN,
	MAXPFX_RESTART,
	MAXPFX_BLOCK,
	MAXPFX_WARNING,
};

struct knobs {
	uint8_t mode[RSG_R_COUNT]; /* enum rsg_mode per reason */
	uint8_t nh_policy;         /* enum nh_policy */
	uint8_t v4_min, v4_max;    /* prefix length bounds, inclusive */
	uint8_t v6_min, v6_max;
	uint16_t max_path_len;    /* AS_PATH length as BGP counts it */
	uint16_t max_communities; /* fail when std+ext+large >= this */
	bool transparent_rs;      /* client is a transparent RS: no first-AS
				    * check, ASPA neighbor check skipped */
	bool rfc8950;             /* IPv4 NLRI with IPv6 next hop allowed */
	bool gshut;               /* honour GRACEFUL_SHUTDOWN */
	uint8_t
	    reject_policy; /* enum rsg_action: REJECT, TAG, TAG_AND_REJECT */
	/* max-prefix (session level; reported, enforced by the daemon) */
	uint8_t max_prefix_action; /* enum max_prefix_action */
	bool max_prefix_pdb;       /* take limits from PeeringDB */
	uint32_t max_prefix_v4;    /* 0: none configured */
	uint32_t max_prefix_v6;
	uint32_t pdb_incr_abs; /* (pdb + abs) * (1 + rel/100) */
	uint32_t pdb_incr_rel;
	uint32_t general_limit_v4;
	uint32_t general_limit_v6;
	/* IRR (filled by the IRR module) */
	bool irr_enforce_origin;
	bool irr_enforce_prefix;
	bool irr_allow_longer;
	bool irr_use_roas;
	bool irr_tag;        /* tag_as_set: the (not_)present_in_as_set tags */
	bool irr_use_arin;   /* use_arin_bulk_whois_data.enabled */
	bool irr_peering_db; /* peering_db: PeeringDB's irr_as_set */
	/* blackhole_filtering.announce_to_client, custom communities
	 * attached (bit i: custom_communities entry i) */
	bool bh_announce;
	uint64_t customs;
};

/* The defaults of rsguard (README "Configuration"). */
void rsg__knobs_default(struct knobs *k);

#endif /* RSG_POLICY_H */
