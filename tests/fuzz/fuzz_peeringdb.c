/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Fuzz target: PeeringDB /api/net pages. A load returns a code with a
 * message; on failure nothing is appended (and nothing leaks), on success
 * every AS-SET kept is a non-empty string.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "peeringdb.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pdb_vec v = { 0 };
	struct rsg_error e;
	int rc;

	memset(&e, 0, sizeof(e));
	rc = rsg__pdb_load_buf("fuzz", (const char *)data, size, &v, &e);
	if (memchr(e.message, '\0', sizeof(e.message)) == NULL)
		abort();
	if (rc != 0 && (v.n != 0 || e.code != rc || e.message[0] == '\0'))
		abort();
	for (size_t i = 0; i < v.n; i++) {
		if (v.v[i].irr_as_set != NULL && v.v[i].irr_as_set[0] == '\0')
			abort();
	}
	rsg__pdb_vec_free(&v);
	return 0;
}
