/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Readers of the bundled real data, shared by the tests and make bench:
 * a table dump as routes (compact: the attributes in one arena), and
 * rpkilog's diff between two rpki-client runs as VRP operations.
 */
#ifndef RSG_TEST_REALDATA_H
#define RSG_TEST_REALDATA_H

#include <stdbool.h>
#include <stddef.h>

#include <rsguard.h>

#include "routes.h" /* tools/ */

/* Every stride-th announcement of a bgpdump -m file. 0 or -1. */
int rd_load_routes(const char *path, size_t stride, struct routeset *out);

struct vrp_op {
	struct rsg_vrp v;
	bool add;
};

struct vrp_ops {
	struct vrp_op *v;
	size_t n, cap;
};

void rd_ops_push(struct vrp_ops *o, const struct rsg_vrp *v, bool add);
/* rpkilog's diff, one record per line, as fwd (old to new: every REPLACE
 * removes the old VRP and adds the new one) and rev (its inverse, may be
 * NULL). Returns the records read; 0 if none or unreadable. */
size_t rd_load_diff(const char *path, struct vrp_ops *fwd, struct vrp_ops *rev);

#endif
