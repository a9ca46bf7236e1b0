/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Routes held in memory, as a host holds its table: the parsed routes with
 * their attributes (AS_PATH, communities) copied into one arena.
 * Used by rsguard watch --routes and by the tests.
 */
#ifndef RSG_TOOLS_ROUTES_H
#define RSG_TOOLS_ROUTES_H

#include <stddef.h>

#include <rsguard.h>

struct routeset {
	struct rsg_route *r;
	size_t n;
	/* private: */
	size_t alloc;
	unsigned char *arena;
	size_t alen, acap;
	size_t *offs; /* while adding: each route's attributes in the arena */
};

/* Copy a parsed route (whose attributes may point into a scratch buffer)
 * in. The routes' pointers are valid after routeset_seal() only.
 * 0 or -1 (out of memory). */
int routeset_add(struct routeset *rs, const struct rsg_route *r);
/* Point every route at its attributes; adding ends. */
void routeset_seal(struct routeset *rs);
void routeset_free(struct routeset *rs);

#endif
