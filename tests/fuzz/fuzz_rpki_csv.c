/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Fuzz target: the VRP CSV reader (Routinator, rpki-client -c, RIPE
 * validator). Whatever the input, a load returns a code with a message,
 * appends only well-formed VRPs and ASPA records, and appends nothing at
 * all when it fails.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "fuzz.h"
#include "rpki.h"

static void
check(int rc, const struct vrp_vec *v, const struct aspa_set *a, size_t nv,
    size_t nr, size_t np, const struct rsg_error *e)
{
	size_t off = np;

	if (memchr(e->message, '\0', sizeof(e->message)) == NULL)
		abort();
	if (rc != 0) {
		if (v->n != nv || a->rec.n != nr || a->prov.n != np
		    || e->code != rc || e->message[0] == '\0')
			abort();
		return;
	}
	for (size_t i = nv; i < v->n; i++) {
		struct rsg_prefix p = v->v[i].prefix;

		addr_mask(p.ip.addr, p.len);
		if (!pfx_equal(&p, &v->v[i].prefix) || v->v[i].max_len < p.len
		    || v->v[i].max_len > afi_bits(p.ip.afi)
		    || (p.ip.afi != RSG_AFI_IPV4 && p.ip.afi != RSG_AFI_IPV6))
			abort();
	}
	for (size_t i = nr; i < a->rec.n; i++) {
		if (a->rec.v[i].off != off)
			abort();
		off += a->rec.v[i].n;
	}
	if (off != a->prov.n)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const tas[] = { "apnic", "RIPE" };
	struct rpki_opts o = { 0 };
	struct vrp_vec v = { 0 };
	struct aspa_set a = { 0 };
	struct rpki_meta m;
	struct rsg_error e;
	int rc;

	/* plain */
	memset(&e, 0, sizeof(e));
	o.now = 1753005703;
	rc = rsg__rpki_load_buf(
	    "fuzz", (const char *)data, size, RPKI_FMT_CSV, &o, &v, &a, &m, &e);
	check(rc, &v, &a, 0, 0, 0, &e);
	if (rc == 0 && m.vrps != v.n)
		abort();

	/* again, appending, with every filter on */
	{
		size_t nv = v.n, nr = a.rec.n, np = a.prov.n;

		memset(&e, 0, sizeof(e));
		o.check_expires = true;
		o.max_age = 86400;
		o.tas = tas;
		o.ntas = 2;
		rc = rsg__rpki_load_buf("fuzz", (const char *)data, size,
		    RPKI_FMT_AUTO, &o, &v, &a, &m, &e);
		check(rc, &v, &a, nv, nr, np, &e);
	}
	rsg__vrp_vec_free(&v);
	rsg__aspa_set_free(&a);
	return 0;
}
