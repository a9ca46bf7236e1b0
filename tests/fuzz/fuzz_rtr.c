/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Fuzz target: what the RTR caches hand the worker. rtrlib reports each
 * record as it is added or withdrawn; rtr.c logs them (vrplog) and at
 * the end of a sync the worker applies the log to the cache's set in the
 * union of sources (vrpunion), toggles caches by preference and reloads
 * whole tables. The input is a script of such events over four caches;
 * after every step each cache's set must equal a naive model (the last
 * event of a VRP wins).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "fuzz.h"
#include "vrpset.h"

#define CACHES 4
#define MODEL  128

struct model {
	struct rsg_vrp v[MODEL];
	size_t n;
};

static bool
vrp_eq(const struct rsg_vrp *a, const struct rsg_vrp *b)
{
	return a->prefix.ip.afi == b->prefix.ip.afi
	    && a->prefix.len == b->prefix.len && a->max_len == b->max_len
	    && a->asn == b->asn
	    && memcmp(a->prefix.ip.addr, b->prefix.ip.addr,
		   sizeof(a->prefix.ip.addr))
	    == 0;
}

/* false if the model is full (the event is left out) */
static bool
model_event(struct model *m, const struct rsg_vrp *v, bool present)
{
	for (size_t i = 0; i < m->n; i++) {
		if (vrp_eq(&m->v[i], v)) {
			if (!present)
				m->v[i] = m->v[--m->n];
			return true;
		}
	}
	if (present && m->n == MODEL)
		return false;
	if (present)
		m->v[m->n++] = *v;
	return true;
}

/* A record as rtrlib delivers it: min_len <= max_len <= the family's
 * bits (rtrlib refuses other PDUs), any address bits, any ASN. */
static size_t
record(const uint8_t *d, size_t n, struct rsg_vrp *v)
{
	unsigned bits;

	if (n < 8)
		return 0;
	memset(v, 0, sizeof(*v));
	v->prefix.ip.afi = d[0] & 1 ? RSG_AFI_IPV6 : RSG_AFI_IPV4;
	bits = afi_bits(v->prefix.ip.afi);
	v->prefix.len = (uint8_t)(d[1] % (bits + 1));
	v->max_len =
	    (uint8_t)(v->prefix.len + d[2] % (bits - v->prefix.len + 1));
	/* few distinct ASNs and addresses: events meet the same VRP */
	v->asn = d[3] & 0x80 ? (uint32_t)d[3] << 24 | d[4] : d[3] & 3;
	v->prefix.ip.addr[0] = (uint32_t)d[5] << 24 | (uint32_t)d[6] << 16;
	v->prefix.ip.addr[1] = d[7] & 0x0f;
	if (d[0] & 2)
		addr_mask(v->prefix.ip.addr, v->prefix.len);
	if (v->prefix.ip.afi == RSG_AFI_IPV4)
		v->prefix.ip.addr[1] = 0;
	return 8;
}

static void
check_set(const struct vrpset *s, const struct model *m)
{
	if (rsg__vrpset_count(s) != m->n)
		abort();
	for (size_t i = 0; i < m->n; i++) {
		if (!rsg__vrpset_has(s, &m->v[i]))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct model m[CACHES];
	struct vrplog log[CACHES];
	struct vrpunion u;
	struct vrp_delta d;
	size_t off = 0;

	memset(log, 0, sizeof(log));
	memset(&d, 0, sizeof(d));
	rsg__vrpunion_init(&u);
	for (unsigned i = 0; i < CACHES; i++)
		m[i].n = 0;
	while (off < size) {
		uint8_t op = data[off++];
		unsigned c = (op >> 2) % CACHES;
		struct vrpset *s = NULL;
		struct rsg_vrp v;
		size_t used;

		switch (op & 3) {
		case 0: /* a record added (op bit 4) or withdrawn */
			used = record(data + off, size - off, &v);
			if (used == 0)
				goto out;
			off += used;
			if (model_event(&m[c], &v, op & 0x10)
			    && rsg__vrplog_add(&log[c], &v, op & 0x10) != 0)
				goto out;
			break;
		case 1: /* End of Data: the sync's records go in */
			if (rsg__vrpunion_apply(&u, c, &log[c], &d) != 0)
				goto out;
			if (rsg__vrplog_count(&log[c]) != 0)
				abort();
			if (u.src[c] != NULL)
				check_set(u.src[c], &m[c]);
			else if (m[c].n != 0)
				abort();
			break;
		case 2: /* preference: the cache counts or not */
			if (rsg__vrpunion_set(&u, c, op & 0x10, op & 0x20, &d)
			    != 0)
				goto out;
			break;
		default: /* a reset: the whole table read again */
			if (rsg__vrpset_new(m[c].v, m[c].n, &s) != 0)
				goto out;
			check_set(s, &m[c]);
			rsg__vrplog_clear(&log[c]);
			if (rsg__vrpunion_replace(&u, c, s, &d) != 0)
				goto out;
			break;
		}
		rsg__vrp_delta_clear(&d);
	}
out:
	for (unsigned i = 0; i < CACHES; i++)
		rsg__vrplog_free(&log[i]);
	rsg__vrp_delta_free(&d);
	rsg__vrpunion_free(&u);
	return 0;
}
