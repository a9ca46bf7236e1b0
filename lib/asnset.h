/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * An immutable set of ASNs: a sorted array, binary-searched, and for sets
 * of more than ASNSET_HASH_MIN an open-addressing hash index beside it,
 * at most half full, so that a lookup in the AS-SET of a large network
 * (tens of thousands of ASNs: the IRR checks) is one or two cache lines,
 * not a binary search's fifteen. Used for the transit-free and
 * never-via-route-servers lists and the clients' IRR origins.
 */
#ifndef RSG_ASNSET_H
#define RSG_ASNSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ASNSET_HASH_MIN 64

struct asnset {
	uint32_t *v; /* sorted, unique */
	size_t n;
	uint32_t *h;     /* hash index (0: empty slot), or NULL */
	uint32_t hshift; /* 32 - log2(slots) */
	bool zero;       /* AS 0 is in the set (0 marks empty slots) */
};

/* Build from any list (copied, sorted, de-duplicated). 0 or RSG_ENOMEM. */
int rsg__asnset_build(struct asnset *s, const uint32_t *v, size_t n);
void rsg__asnset_free(struct asnset *s);

static inline bool
rsg__asnset_has(const struct asnset *s, uint32_t asn)
{
	size_t lo = 0, hi = s->n;

	if (s->h != NULL) {
		uint32_t mask = UINT32_MAX >> s->hshift;
		uint32_t i = (asn * 0x9e3779b1u) >> s->hshift;

		if (asn == 0)
			return s->zero;
		for (;; i = (i + 1) & mask) {
			if (s->h[i] == asn)
				return true;
			if (s->h[i] == 0)
				return false;
		}
	}

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (s->v[mid] < asn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n && s->v[lo] == asn;
}

#endif /* RSG_ASNSET_H */
