/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Fuzz target: ARIN's bulk whois originas JSON. A load either fails with
 * a message and adds nothing, or adds route objects whose prefixes are
 * canonical and of the family of their list.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "fuzz.h"
#include "irr.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct irr_db db;
	struct rsg_error err;
	int rc;

	rsg__irr_db_init(&db);
	memset(&err, 0, sizeof(err));
	rc = rsg__irr_db_add_arin_buf(&db, "f", (const char *)data, size, &err);
	if (rc != 0 && (db.routes.n != 0 || err.message[0] == '\0'))
		abort();
	for (size_t i = 0; rc == 0 && i < db.routes.n; i++) {
		const struct irr_route *r = &db.routes.v[i];
		struct rsg_prefix p;

		memset(&p, 0, sizeof(p));
		memcpy(p.ip.addr, r->addr, sizeof(p.ip.addr));
		p.ip.afi = r->afi;
		p.len = r->len;
		if (r->len > (r->afi == RSG_AFI_IPV4 ? 32 : 128)
		    || !pfx_canonical(&p))
			abort();
	}
	rsg__irr_db_finish(&db);
	rsg__irr_db_free(&db);
	return 0;
}
