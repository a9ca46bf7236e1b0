/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Fuzz target: SLURM files (RFC 8416 and the ASPA extension). A load
 * either fails with a message and leaves the struct slurm as it was, or
 * its result applies to a small VRP and ASPA set: every VRP left matches
 * no filter or is an assertion, and the ASPA set stays consistent.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "alloc.h"
#include "fuzz.h"
#include "rpki.h"

static struct rsg_vrp
mk(uint32_t a0, uint32_t a1, uint8_t afi, uint8_t len, uint8_t ml, uint32_t asn)
{
	struct rsg_vrp v;

	memset(&v, 0, sizeof(v));
	v.prefix.ip.addr[0] = a0;
	v.prefix.ip.addr[1] = a1;
	v.prefix.ip.afi = afi;
	v.prefix.len = len;
	v.max_len = ml;
	v.asn = asn;
	return v;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t prov[] = { 64497, 64498, 64499 };
	struct slurm s;
	struct vrp_vec v = { 0 };
	struct aspa_set a = { 0 };
	struct rsg_error e;
	size_t before;
	int rc;

	memset(&s, 0, sizeof(s));
	memset(&e, 0, sizeof(e));
	rc = rsg__slurm_load_buf("fuzz", (const char *)data, size, &s, &e);
	if (memchr(e.message, '\0', sizeof(e.message)) == NULL)
		abort();
	if (rc != 0) {
		if (s.filters.n || s.assertions.n || s.aspa_filters.n
		    || s.aspa_assertions.rec.n || s.aspa_assertions.prov.n
		    || e.code != rc)
			abort();
		rsg__slurm_free(&s);
		return 0;
	}
	if ((VEC_PUSH(&v, mk(0xc0000200, 0, RSG_AFI_IPV4, 24, 24, 64496))
		|| VEC_PUSH(&v, mk(0xc6336400, 0, RSG_AFI_IPV4, 24, 32, 64497))
		|| VEC_PUSH(&v, mk(0x0a000000, 0, RSG_AFI_IPV4, 8, 8, 1))
		|| VEC_PUSH(&v, mk(0x20010db8, 0, RSG_AFI_IPV6, 32, 48, 64496))
		|| VEC_PUSH(&v, mk(0, 0, RSG_AFI_IPV6, 0, 128, 0))
		|| rsg__aspa_set_add(&a, 64496, prov, 2)
		|| rsg__aspa_set_add(&a, 64500, prov + 2, 1)
		|| rsg__aspa_set_add(&a, 64496, prov + 1, 2)))
		goto out;
	before = v.n;
	if (rsg__slurm_apply(&s, &v, &a) != 0)
		goto out;
	if (v.n > before + s.assertions.n)
		abort();
	/* what is left of the original set matches no filter */
	for (size_t i = 0; i + s.assertions.n < v.n; i++) {
		for (size_t f = 0; f < s.filters.n; f++) {
			const struct slurm_prefix_filter *x = &s.filters.v[f];

			if ((x->has_prefix || x->has_asn)
			    && (!x->has_asn || x->asn == v.v[i].asn)
			    && (!x->has_prefix
				|| pfx_covers(&x->prefix, &v.v[i].prefix)))
				abort();
		}
	}
	{
		size_t off = 0;

		for (size_t i = 0; i < a.rec.n; i++) {
			if (a.rec.v[i].off != off)
				abort();
			off += a.rec.v[i].n;
		}
		if (off != a.prov.n)
			abort();
	}
out:
	rsg__vrp_vec_free(&v);
	rsg__aspa_set_free(&a);
	rsg__slurm_free(&s);
	return 0;
}
