/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Sorted ASN sets.
 */
#include "config.h"

#include "asnset.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "rsguard.h"
#include "util.h"

int
rsg__asnset_build(struct asnset *s, const uint32_t *v, size_t n)
{
	size_t k = 0;

	memset(s, 0, sizeof(*s));
	if (n == 0)
		return 0;
	s->v = rsg__reallocarray(NULL, n, sizeof(*s->v));
	if (s->v == NULL)
		return RSG_ENOMEM;
	memcpy(s->v, v, n * sizeof(*v));
	qsort(s->v, n, sizeof(*s->v), u32_qcmp);
	for (size_t i = 0; i < n; i++) {
		if (k == 0 || s->v[k - 1] != s->v[i])
			s->v[k++] = s->v[i];
	}
	s->n = k;
	if (k > ASNSET_HASH_MIN) {
		unsigned bits = 1;

		while (((size_t)1 << bits) < 2 * k)
			bits++;
		s->hshift = 32 - bits;
		s->h = rsg__calloc((size_t)1 << bits, sizeof(*s->h));
		if (s->h == NULL) {
			rsg__asnset_free(s);
			return RSG_ENOMEM;
		}
		for (size_t i = 0; i < k; i++) {
			uint32_t asn = s->v[i], mask = UINT32_MAX >> s->hshift;
			uint32_t j = (asn * 0x9e3779b1u) >> s->hshift;

			if (asn == 0) {
				s->zero = true;
				continue;
			}
			while (s->h[j] != 0)
				j = (j + 1) & mask;
			s->h[j] = asn;
		}
	}
	return 0;
}

void
rsg__asnset_free(struct asnset *s)
{
	rsg__free(s->v);
	rsg__free(s->h);
	memset(s, 0, sizeof(*s));
}
