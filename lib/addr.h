/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Address and prefix helpers. Addresses are four host-order 32-bit words,
 * most significant first (struct rsg_ip); IPv4 uses word 0.
 */
#ifndef RSG_ADDR_H
#define RSG_ADDR_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "rsguard.h"

static inline unsigned
afi_bits(unsigned afi)
{
	return afi == RSG_AFI_IPV6 ? 128 : 32;
}

/* Mask of the top n bits of a 32-bit word, n in 0..32. */
static inline uint32_t
mask32(unsigned n)
{
	return n == 0 ? 0 : n >= 32 ? 0xffffffffu : ~(0xffffffffu >> n);
}

/* Clear every bit of a from position len on. */
static inline void
addr_mask(uint32_t a[4], unsigned len)
{
	for (unsigned w = 0; w < 4; w++) {
		unsigned lo = w * 32;
		a[w] &= len <= lo ? 0 : mask32(len - lo);
	}
}

/* True if a and b agree in their first len bits. */
static inline bool
addr_match(const uint32_t a[4], const uint32_t b[4], unsigned len)
{
	for (unsigned w = 0; w < 4 && w * 32 < len; w++) {
		if ((a[w] ^ b[w]) & mask32(len - w * 32))
			return false;
	}
	return true;
}

static inline bool
ip_equal(const struct rsg_ip *a, const struct rsg_ip *b)
{
	return a->afi == b->afi && a->addr[0] == b->addr[0]
	    && a->addr[1] == b->addr[1] && a->addr[2] == b->addr[2]
	    && a->addr[3] == b->addr[3];
}

/* True if the four words are a v4-mapped address, ::ffff:0:0/96. */
static inline bool
addr_is_v4_mapped(const uint32_t a[4])
{
	return a[0] == 0 && a[1] == 0 && a[2] == 0xffffu;
}

/*
 * True if ip is a well-formed address of a family: IPv4 or IPv6, an IPv4
 * address with words 1..3 zero, reserved bytes zero. (v4-mapped IPv6 is
 * well-formed here; callers decide what it means for them.)
 */
static inline bool
ip_well_formed(const struct rsg_ip *ip)
{
	if (ip->reserved_[0] | ip->reserved_[1] | ip->reserved_[2])
		return false;
	if (ip->afi == RSG_AFI_IPV4)
		return (ip->addr[1] | ip->addr[2] | ip->addr[3]) == 0;
	return ip->afi == RSG_AFI_IPV6;
}

/* True if p is canonical: well-formed address, length within its
 * family, host bits zero, reserved bytes zero. */
static inline bool
pfx_canonical(const struct rsg_prefix *p)
{
	uint32_t m[4];

	if (!ip_well_formed(&p->ip) || p->len > afi_bits(p->ip.afi)
	    || (p->reserved_[0] | p->reserved_[1] | p->reserved_[2]))
		return false;
	memcpy(m, p->ip.addr, sizeof(m));
	addr_mask(m, p->len);
	return memcmp(m, p->ip.addr, sizeof(m)) == 0;
}

/* True if outer equals inner or is a less specific of it. */
static inline bool
pfx_covers(const struct rsg_prefix *outer, const struct rsg_prefix *inner)
{
	return outer->ip.afi == inner->ip.afi && outer->len <= inner->len
	    && addr_match(outer->ip.addr, inner->ip.addr, outer->len);
}

static inline bool
pfx_equal(const struct rsg_prefix *a, const struct rsg_prefix *b)
{
	return a->len == b->len && ip_equal(&a->ip, &b->ip);
}

/* Compare for sorting: AFI, then address. */
static inline int
ip_cmp(const struct rsg_ip *a, const struct rsg_ip *b)
{
	if (a->afi != b->afi)
		return a->afi < b->afi ? -1 : 1;
	for (unsigned w = 0; w < 4; w++) {
		if (a->addr[w] != b->addr[w])
			return a->addr[w] < b->addr[w] ? -1 : 1;
	}
	return 0;
}

/* The same for qsort() and bsearch() over struct rsg_ip. */
static inline int
ip_qcmp(const void *a, const void *b)
{
	return ip_cmp(a, b);
}

/* Compare for sorting: AFI, address, length. */
static inline int
pfx_cmp(const struct rsg_prefix *a, const struct rsg_prefix *b)
{
	int c = ip_cmp(&a->ip, &b->ip);

	if (c != 0 || a->len == b->len)
		return c;
	return a->len < b->len ? -1 : 1;
}

/*
 * Parse an address/prefix from a counted string (no NUL needed).
 * strict: host bits must be zero (else they are cleared).
 */
int rsg__ip_parse(const char *s, size_t len, struct rsg_ip *out);
int rsg__prefix_parse(
    const char *s, size_t len, struct rsg_prefix *out, bool strict);

#endif /* RSG_ADDR_H */
