/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * PeeringDB data from the JSON of the /api/net endpoint ({"data": [...]}),
 * as fetched by hand or by the worker: per-ASN max-prefix hints, the
 * never-via-route-servers flag and the registered AS-SET.
 */
#ifndef RSG_PEERINGDB_H
#define RSG_PEERINGDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rsguard.h"

struct pdb_net {
	uint32_t asn;
	uint32_t info_prefixes4;
	uint32_t info_prefixes6;
	bool never_via_rs; /* info_never_via_route_servers */
	char *irr_as_set;  /* NULL if empty; owned */
};

struct pdb_vec {
	struct pdb_net *v;
	size_t n, cap;
};

/* Read net objects; appends to out. Unknown members are ignored. */
int rsg__pdb_load_file(
    const char *path, struct pdb_vec *out, struct rsg_error *err);
int rsg__pdb_load_buf(const char *name, const char *buf, size_t len,
    struct pdb_vec *out, struct rsg_error *err);
void rsg__pdb_vec_free(struct pdb_vec *v);
/* Free an allocated one with its contents; NULL-safe. */
void rsg__pdb_vec_del(struct pdb_vec *p);

#endif /* RSG_PEERINGDB_H */
