/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rsguard lg: the report of RFC 7948 §4.3, what a session announces
 * against what the IRR registers for its participant
 * (rsg_irr_registered()): an announced prefix is registered if an entry
 * holds it with its length in the entry's range (a route object: its own
 * length); an entry is announced if an announced prefix is within it so.
 */
#ifndef RSG_LG_REPORT_H
#define RSG_LG_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rsguard.h>

/* Registered entries, sorted as rsg_irr_registered() returns them, and
 * the prefix lengths among them. */
struct lg_registered {
	const struct rsg_registered *r;
	size_t n;
	uint8_t lens[129]; /* ascending */
	size_t nlens;
};

void lg_registered_index(
    struct lg_registered *x, const struct rsg_registered *r, size_t n);
/* Is announced prefix q registered? */
bool lg_prefix_registered(
    const struct lg_registered *x, const struct rsg_prefix *q);
/* Is entry e announced, among the n sorted prefixes a? */
bool lg_entry_announced(
    const struct rsg_prefix *a, size_t n, const struct rsg_registered *e);
/* Sort prefixes (family, address, length) and drop repeats. */
void lg_prefixes_sort(struct rsg_prefix *v, size_t *n);

#endif /* RSG_LG_REPORT_H */
