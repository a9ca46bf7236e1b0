/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Fuzz target: the VRP/ASPA JSON reader (rpki-client, StayRTR,
 * Routinator) and the JSON parser under it. Whatever the input, a load
 * returns a code with a message, appends only well-formed VRPs and ASPA
 * records, and appends nothing at all when it fails; and the parser reads
 * the same tokens, positions and errors from a buffer as from a stream
 * with a tiny window.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "fuzz.h"
#include "json.h"
#include "rpki.h"

/* A stream over memory, a few bytes per read. */
struct src {
	const char *p;
	size_t left;
};

static long
src_read(void *arg, char *buf, size_t cap)
{
	struct src *s = arg;
	size_t n = s->left < cap ? s->left : cap;

	if (n > 3)
		n = 3;
	memcpy(buf, s->p, n);
	s->p += n;
	s->left -= n;
	return (long)n;
}

/* FNV-1a over the token stream: type, position, flags, text, value. */
static uint64_t
mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h;
}

static uint64_t
walk_val(struct json *j, uint64_t h, const struct json_val *v)
{
	struct json_val k, x;
	int r;

	h = mix(h, &v->type, sizeof(v->type));
	h = mix(h, &v->line, sizeof(v->line));
	h = mix(h, &v->col, sizeof(v->col));
	h = mix(h, &v->flags, sizeof(v->flags));
	if (v->type == JSON_STRING || v->type == JSON_NUMBER) {
		h = mix(h, v->s, v->len);
		h = mix(h, &v->i, sizeof(v->i));
	}
	if (v->type == JSON_OBJECT) {
		while ((r = rsg__json_member(j, &k)) > 0) {
			h = mix(h, k.s, k.len);
			h = mix(h, &k.col, sizeof(k.col));
			if (rsg__json_next(j, &x) != 0)
				return h;
			h = walk_val(j, h, &x);
		}
	} else if (v->type == JSON_ARRAY) {
		while ((r = rsg__json_element(j)) > 0) {
			if (rsg__json_next(j, &x) != 0)
				return h;
			h = walk_val(j, h, &x);
		}
	}
	return h;
}

static uint64_t
walk(struct json *j, struct rsg_error *e)
{
	struct json_val v;
	uint64_t h = 0xcbf29ce484222325ull;

	if (rsg__json_next(j, &v) == 0)
		h = walk_val(j, h, &v);
	(void)rsg__json_finish(j);
	h = mix(h, &j->rc, sizeof(j->rc));
	if (j->failed) {
		h = mix(h, &e->line, sizeof(e->line));
		h = mix(h, &e->column, sizeof(e->column));
		h = mix(h, e->message, strlen(e->message));
	}
	return h;
}

/* Buffer and stream parses of the input must agree exactly. */
static void
differential(const uint8_t *data, size_t size)
{
	static struct json j;
	struct rsg_error e;
	struct src s = { (const char *)data, size };
	uint64_t a, b;

	memset(&e, 0, sizeof(e));
	rsg__json_init(&j, "fuzz", (const char *)data, size, &e);
	a = walk(&j, &e);
	memset(&e, 0, sizeof(e));
	if (rsg__json_init_stream(&j, "fuzz", src_read, &s, 2, &e) != 0)
		abort();
	b = walk(&j, &e);
	rsg__json_release(&j);
	if (a != b)
		abort();
}

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

	differential(data, size);

	/* plain */
	memset(&e, 0, sizeof(e));
	o.now = 1753005703;
	rc = rsg__rpki_load_buf("fuzz", (const char *)data, size, RPKI_FMT_JSON,
	    &o, &v, &a, &m, &e);
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
