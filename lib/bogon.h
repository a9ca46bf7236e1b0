/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Built-in bogons: prefixes (replaceable by files) and ASNs.
 */
#ifndef RSG_BOGON_H
#define RSG_BOGON_H

#include <stdbool.h>
#include <stdint.h>

#include "plist.h"

/* Date of the IANA registries the built-in prefix list was derived from. */
#define RSG_BOGONS_VERSION "2025-10-09"

/* Append the built-in bogon prefixes of one family (or-longer entries). */
int rsg__bogons_builtin(struct pfx_vec *out, unsigned afi);

/*
 * Reserved, private and documentation ASNs (manrs-requirements §5.3):
 * 0 (RFC 7607), 23456 (AS_TRANS, RFC 6793), 64496-64511 and 65536-65551
 * (documentation, RFC 5398), 64512-65534 and 4200000000-4294967294
 * (private, RFC 6996), 65535 and 4294967295 (RFC 7300), 65552-131071
 * (IANA reserved). The ranges from 64496 to 131071 are contiguous.
 */
static inline bool
rsg__asn_is_bogon(uint32_t asn)
{
	return asn == 0 || asn == 23456 || (asn >= 64496 && asn <= 131071)
	    || asn >= 4200000000u;
}

/* IPv6 global unicast space is 2000::/3 (RFC 4291 §2.4, IANA). */
static inline bool
rsg__v6_in_2000_3(const struct rsg_prefix *p)
{
	return p->len >= 3 && (p->ip.addr[0] >> 29) == 1;
}

#endif /* RSG_BOGON_H */
