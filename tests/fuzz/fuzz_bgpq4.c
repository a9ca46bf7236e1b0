/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Fuzz target: bgpq4's JSON output (sources.bgpq4). A load either fails
 * with a message and adds nothing, or adds lists whose entries are
 * canonical with len <= ge <= le <= the family's bits, each allowing its
 * own prefix at ge; ids are unique and a list is found by its name.
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
	rc =
	    rsg__irr_db_add_bgpq4_buf(&db, "f", (const char *)data, size, &err);
	if (rc != 0 && (db.lists.n != 0 || err.message[0] == '\0'))
		abort();
	rsg__irr_db_finish(&db);
	for (size_t i = 0; i < db.lists.n; i++) {
		const struct irr_list *l = &db.lists.v[i];

		if (rsg__irr_db_list(&db, l->name, strlen(l->name)) != l
		    || l->id >= 1u << IRR_LIST_ID_BITS || !(l->pfx || l->asn))
			abort();
		for (size_t k = 0; k < i; k++)
			if (db.lists.v[k].id == l->id)
				abort();
		for (size_t k = 0; k < l->ent.n; k++) {
			const struct irr_lent *e = &l->ent.v[k];
			unsigned max = e->afi == RSG_AFI_IPV4 ? 32 : 128;
			struct rsg_prefix p;

			memset(&p, 0, sizeof(p));
			memcpy(p.ip.addr, e->addr, sizeof(p.ip.addr));
			p.ip.afi = e->afi;
			p.len = e->len;
			if (e->len > e->ge || e->ge > e->le || e->le > max
			    || !pfx_canonical(&p))
				abort();
			p.len = e->ge;
			if (!rsg__irr_lent_match(e, &p, false))
				abort();
		}
	}
	rsg__irr_db_free(&db);
	return 0;
}
