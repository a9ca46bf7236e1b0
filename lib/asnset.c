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

	s->v = NULL;
	s->n = 0;
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
	return 0;
}

void
rsg__asnset_free(struct asnset *s)
{
	rsg__free(s->v);
	s->v = NULL;
	s->n = 0;
}
