/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * An immutable set of ASNs: a sorted array, binary-searched. Used for the
 * transit-free and never-via-route-servers lists (tens to thousands).
 */
#ifndef RSG_ASNSET_H
#define RSG_ASNSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct asnset {
	uint32_t *v;
	size_t n;
};

/* Build from any list (copied, sorted, de-duplicated). 0 or RSG_ENOMEM. */
int rsg__asnset_build(struct asnset *s, const uint32_t *v, size_t n);
void rsg__asnset_free(struct asnset *s);

static inline bool
rsg__asnset_has(const struct asnset *s, uint32_t asn)
{
	size_t lo = 0, hi = s->n;

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
