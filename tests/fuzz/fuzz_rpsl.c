/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Fuzz target: RPSL, as IRR dumps and whois replies carry it. The input
 * is read twice, whole and cut in two at a point it chooses: both reads
 * must agree (the reader's state across chunks), and every as-set read
 * into the IRR database must expand within small caps to a sorted,
 * unique list no longer than the cap, or fail with an error that says so.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "irr.h"
#include "rpsl.h"

static int
count_cb(void *arg, const struct rpsl_obj *o)
{
	uint64_t *n = arg;

	if (o->key_len != strlen(o->key) || o->source_len != strlen(o->source))
		abort();
	*n += o->cls * 7 + o->origin + o->members_len;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct rpsl_stats st1, st2;
	struct rpsl_reader r;
	struct rsg_error err;
	struct irr_db db;
	uint64_t sum1 = 0, sum2 = 0;
	size_t cut = size ? data[0] % (size + 1) : 0;
	int rc1, rc2;

	rc1 = rsg__rpsl_parse_buf("f", text, size, count_cb, &sum1, &st1, &err);
	rsg__rpsl_init(&r, "f", count_cb, &sum2);
	rc2 = rsg__rpsl_feed(&r, text, cut, &err);
	if (rc2 == 0)
		rc2 = rsg__rpsl_feed(&r, text + cut, size - cut, &err);
	if (rc2 == 0)
		rc2 = rsg__rpsl_finish(&r, &err);
	st2 = r.st;
	rsg__rpsl_free(&r);
	if (rc1 != rc2)
		abort();
	if (rc1 == 0
	    && (sum1 != sum2 || st1.objects != st2.objects
		|| st1.skipped != st2.skipped || st1.lines != st2.lines))
		abort();

	rsg__irr_db_init(&db);
	if (rsg__irr_db_add_rpsl_buf(&db, "f", text, size, "FUZZ", NULL, &err)
	    == 0) {
		struct irr_expand_opts o = { .max_depth = 8, .max_asns = 64 };

		for (size_t i = 0; i < db.sets.n && i < 64; i++) {
			struct irr_expansion x;
			char name[RPSL_MAX_KEY + RPSL_MAX_SOURCE + 3];
			int rc;

			snprintf(name, sizeof(name), "%s::%s",
			    db.sources[db.sets.v[i].src], db.sets.v[i].name);
			rc = rsg__irr_expand(&db, name, &o, &x, &err);
			if (rc == 0) {
				if (x.nasns > o.max_asns
				    || x.depth > o.max_depth)
					abort();
				for (size_t k = 1; k < x.nasns; k++)
					if (x.asns[k - 1] >= x.asns[k])
						abort();
			} else if (rc != RSG_ERANGE && rc != RSG_ENOENT
			    && rc != RSG_ENOMEM) {
				abort();
			} else if (x.asns != NULL) {
				abort();
			}
			rsg__irr_expansion_free(&x);
		}
	}
	rsg__irr_db_free(&db);
	return 0;
}
