/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Route-server clients from an IX-F (Euro-IX) member export, the JSON
 * that IXP Manager publishes (schema 1.0; 0.6 and 0.7 read as well), as
 * arouteserver's clients-from-euroix reads it.
 */
#ifndef RSG_IXF_H
#define RSG_IXF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rsguard.h"

/* One session address of a member on the selected IXP and VLAN. */
struct ixf_client {
	uint32_t asn;
	struct rsg_ip ip;
	char *name;          /* member name; NULL if none */
	char *as_macro;      /* the address's as_macro; NULL if none */
	uint32_t max_prefix; /* the address's max_prefix; 0: none */
};

struct ixf_vec {
	struct ixf_client *v;
	size_t n, cap;
	char *version; /* the export's schema version */
};

struct ixf_select {
	uint32_t ixp_id;
	int64_t vlan_id;       /* < 0: every VLAN */
	bool routeserver_only; /* leave out addresses with routeserver false */
};

/*
 * Parse an export from buf and append one client per address of every
 * member connected to sel->ixp_id (and VLAN sel->vlan_id), in the order
 * of the file, leaving out route servers (member_type "routeserver",
 * service_type or services "ixrouteserver") and exact duplicates.
 * Returns 0; RSG_EPARSE with err set (position and message) for a file
 * that is no export or has no IXP sel->ixp_id; RSG_ENOMEM. On error
 * nothing is appended.
 */
int rsg__ixf_parse(const char *name, const char *buf, size_t len,
    const struct ixf_select *sel, struct ixf_vec *out, struct rsg_error *err);

void rsg__ixf_vec_free(struct ixf_vec *v);

#endif /* RSG_IXF_H */
