/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Routes held in memory (see routes.h).
 */
#include "config.h"

#include "routes.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Copy n bytes into the arena, 8-aligned; their offset, or SIZE_MAX. */
static size_t
arena_put(struct routeset *rs, const void *p, size_t n)
{
	size_t off = rs->alen, need = (n + 7) & ~(size_t)7;

	if (need == 0)
		return off;
	if (rs->alen + need > rs->acap) {
		size_t cap = (rs->alen + need) * 2 + 4096;
		unsigned char *a = realloc(rs->arena, cap);

		if (a == NULL)
			return SIZE_MAX;
		rs->arena = a;
		rs->acap = cap;
	}
	memcpy(rs->arena + off, p, n);
	memset(rs->arena + off + n, 0, need - n);
	rs->alen += need;
	return off;
}

int
routeset_add(struct routeset *rs, const struct rsg_route *r)
{
	size_t *o;

	if (rs->n == rs->alloc) {
		size_t alloc = rs->alloc ? rs->alloc * 2 : 1024;
		struct rsg_route *nr = realloc(rs->r, alloc * sizeof(*nr));
		size_t *no;

		if (nr == NULL)
			return -1;
		rs->r = nr;
		no = realloc(rs->offs, alloc * 4 * sizeof(*no));
		if (no == NULL)
			return -1;
		rs->offs = no;
		rs->alloc = alloc;
	}
	/* the arena moves while it grows: offsets until routeset_seal() */
	o = &rs->offs[rs->n * 4];
	o[0] = arena_put(rs, r->as_path, r->as_path_len);
	o[1] = arena_put(
	    rs, r->communities, r->n_communities * sizeof(*r->communities));
	o[2] = arena_put(rs, r->ext_communities,
	    r->n_ext_communities * sizeof(*r->ext_communities));
	o[3] = arena_put(rs, r->large_communities,
	    r->n_large_communities * sizeof(*r->large_communities));
	if (o[0] == SIZE_MAX || o[1] == SIZE_MAX || o[2] == SIZE_MAX
	    || o[3] == SIZE_MAX)
		return -1;
	rs->r[rs->n++] = *r;
	return 0;
}

void
routeset_seal(struct routeset *rs)
{
	for (size_t i = 0; i < rs->n && rs->offs != NULL; i++) {
		struct rsg_route *r = &rs->r[i];
		const size_t *o = &rs->offs[i * 4];
		const unsigned char *a = rs->arena;

		r->as_path = a + o[0];
		r->communities = (const uint32_t *)(const void *)(a + o[1]);
		r->ext_communities =
		    (const struct rsg_ec *)(const void *)(a + o[2]);
		r->large_communities =
		    (const struct rsg_lc *)(const void *)(a + o[3]);
	}
	free(rs->offs);
	rs->offs = NULL;
}

void
routeset_free(struct routeset *rs)
{
	free(rs->r);
	free(rs->arena);
	free(rs->offs);
	memset(rs, 0, sizeof(*rs));
}
