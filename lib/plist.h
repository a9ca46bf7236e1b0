/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Prefix lists: bogons, peering LANs, blacklists. An entry matches a route
 * whose prefix it covers and whose length lies in [ge, le] (arouteserver's
 * prefix/length/exact/ge/le). Lookups go through a ptab, so a list of
 * 150,000 Team Cymru full bogons costs the same as one of 10.
 */
#ifndef RSG_PLIST_H
#define RSG_PLIST_H

#include <stddef.h>
#include <stdint.h>

#include "ptab.h"

struct pfx_entry {
	struct rsg_prefix pfx;
	uint8_t ge; /* route length bounds, inclusive */
	uint8_t le;
	char *comment; /* may be NULL; owned */
};

/* A vector of entries (config, files). */
struct pfx_vec {
	struct pfx_entry *v;
	size_t n, cap;
};

/* The compiled, immutable list. */
struct plist {
	struct ptab t4, t6;
	struct pfx_entry *ent; /* owned copies (comments shared with nothing) */
	size_t n;
};

/* Entry covering the prefix and its own more-specifics up to the AFI max. */
void rsg__pfx_entry_orlonger(struct pfx_entry *e, const struct rsg_prefix *p);

int rsg__pfx_vec_push(struct pfx_vec *v, const struct pfx_entry *e);
int rsg__pfx_vec_copy(struct pfx_vec *dst, const struct pfx_vec *src);
void rsg__pfx_vec_free(struct pfx_vec *v);
/* Free an allocated one with its contents; NULL-safe. */
void rsg__pfx_vec_del(struct pfx_vec *p);

/* Build from entries (copied). Returns 0 or RSG_ENOMEM. */
int rsg__plist_build(struct plist *l, const struct pfx_entry *e, size_t n);
void rsg__plist_init(struct plist *l);
void rsg__plist_free(struct plist *l);
size_t rsg__plist_bytes(const struct plist *l);

/* The shortest matching entry, or NULL. */
const struct pfx_entry *rsg__plist_match(
    const struct plist *l, const struct rsg_prefix *p);

#endif /* RSG_PLIST_H */
