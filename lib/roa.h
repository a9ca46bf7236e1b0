/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * RFC 6811 route origin validation over VRPs held in two ptabs.
 */
#ifndef RSG_ROA_H
#define RSG_ROA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptab.h"
#include "rsguard.h"

struct roa_table {
	struct ptab t4, t6;
};

void rsg__roa_init(struct roa_table *t);
/* Build from VRPs (duplicates stored once). 0 or RSG_ENOMEM. */
int rsg__roa_build(struct roa_table *t, const struct rsg_vrp *vrps, size_t n);
/* The same from ptab items per family (reordered in place). */
int rsg__roa_build_items(struct roa_table *t, struct ptab_item *v4, size_t n4,
    struct ptab_item *v6, size_t n6);
void rsg__roa_free(struct roa_table *t);

static inline size_t
rsg__roa_count(const struct roa_table *t, unsigned afi)
{
	return afi == RSG_AFI_IPV6 ? t->t6.nrec : t->t4.nrec;
}

/*
 * RFC 6811 §2: a VRP covers the route if its prefix is equal or shorter
 * and matches; it matches if it covers, the route is not longer than its
 * maxLength and the origin equals its ASN. Valid if any VRP matches,
 * Invalid if some VRP covers, else NotFound. Origin 0 stands for NONE
 * (AS_SET at the end, RFC 6811 §2) and matches nothing, as does a VRP
 * for AS 0 (RFC 6483 §4).
 *
 * out (may be NULL) receives up to cap covering VRPs, matching ones
 * first; *total (may be NULL) the number of covering VRPs. With both
 * NULL the walk stops at the first match.
 */
/* Whether a VRP of asn covers p, whatever its maxLength: p lies in
 * space asn may announce (RFC 7999 section 3.3, blackhole requests). */
bool rsg__roa_covers(
    const struct roa_table *t, const struct rsg_prefix *p, uint32_t asn);

enum rsg_rov rsg__roa_validate(const struct roa_table *t,
    const struct rsg_prefix *p, uint32_t origin, struct rsg_vrp *out,
    size_t cap, size_t *total);

#endif /* RSG_ROA_H */
