/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The built-in bogon prefix lists.
 *
 * Derived from the IANA IPv4 and IPv6 Special-Purpose Address Registries
 * and the IPv6 Address Space registry as of 2025-10-09: every block whose
 * "Globally Reachable" is False, merged where blocks nest, plus the
 * NLNOG bgpfilterguide entries (6to4 relay, 6bone, Teredo, 6to4). Blocks
 * that are globally reachable are deliberately absent (AS112
 * 192.31.196.0/24, 192.175.48.0/24, 2001:4:112::/48, 2620:4f:8000::/48;
 * AMT 192.52.193.0/24, 2001:3::/32). IPv6 outside 2000::/3 is refused by
 * its own check (reason ipv6_not_global_unicast), so only blocks inside
 * 2000::/3 are listed here. tests/check_bogon.c checks the list against
 * the registry files in tests/data/bogons/.
 */
#include "config.h"

#include "bogon.h"

#include "alloc.h"
#include "util.h"

static const char *const bogons_v4[] = {
	"0.0.0.0/8",       /* "this network", RFC 791 */
	"10.0.0.0/8",      /* private, RFC 1918 */
	"100.64.0.0/10",   /* shared address space, RFC 6598 */
	"127.0.0.0/8",     /* loopback, RFC 1122 */
	"169.254.0.0/16",  /* link local, RFC 3927 */
	"172.16.0.0/12",   /* private, RFC 1918 */
	"192.0.0.0/24",    /* IETF protocol assignments, RFC 6890 */
	"192.0.2.0/24",    /* TEST-NET-1, RFC 5737 */
	"192.88.99.0/24",  /* 6to4 relay anycast, RFC 7526 (deprecated) */
	"192.168.0.0/16",  /* private, RFC 1918 */
	"198.18.0.0/15",   /* benchmarking, RFC 2544 */
	"198.51.100.0/24", /* TEST-NET-2, RFC 5737 */
	"203.0.113.0/24",  /* TEST-NET-3, RFC 5737 */
	"224.0.0.0/4",     /* multicast, RFC 5771 */
	"240.0.0.0/4",     /* reserved, RFC 1112; with 255.255.255.255/32 */
};

static const char *const bogons_v6[] = {
	"2001::/32",     /* Teredo, RFC 4380 */
	"2001:2::/48",   /* benchmarking, RFC 5180 */
	"2001:10::/28",  /* ORCHID (deprecated), RFC 4843 */
	"2001:20::/28",  /* ORCHIDv2 identifiers, RFC 7343 */
	"2001:db8::/32", /* documentation, RFC 3849 */
	"2002::/16",     /* 6to4, RFC 3056 */
	"3ffe::/16",     /* 6bone (returned), RFC 3701 */
	"3fff::/20",     /* documentation, RFC 9637 */
};

int
rsg__bogons_builtin(struct pfx_vec *out, unsigned afi)
{
	const char *const *list = afi == RSG_AFI_IPV6 ? bogons_v6 : bogons_v4;
	size_t n =
	    afi == RSG_AFI_IPV6 ? ARRAY_SIZE(bogons_v6) : ARRAY_SIZE(bogons_v4);

	for (size_t i = 0; i < n; i++) {
		struct rsg_prefix p;
		struct pfx_entry e;

		if (rsg__prefix_parse(list[i], strlen(list[i]), &p, true) != 0)
			return RSG_EINVAL; /* cannot happen: tested */
		rsg__pfx_entry_orlonger(&e, &p);
		if (rsg__pfx_vec_push(out, &e) != 0)
			return RSG_ENOMEM;
	}
	return 0;
}
