/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * VRP sets and their union: random RTR-style logs, file replacements,
 * sources switched on and off, assertions and SLURM filters, checked
 * against a naive model; the deltas, applied in order, must reproduce the
 * effective set, and the sets themselves must match what each source
 * holds.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "suites.h"
#include "testutil.h"
#include "vrpset.h"

#define NV 400 /* distinct VRPs in play */
#define NS 5   /* sources; source 4 holds SLURM assertions */

static struct rsg_vrp pool[NV];
static bool held[NS][NV];
static bool active[NS];
static bool applied[NV]; /* the effective set, as rebuilt from deltas */
static struct slurm filt;
static bool use_filter;

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static uint64_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void
make_pool(void)
{
	for (unsigned i = 0; i < NV; i++) {
		struct rsg_vrp *v = &pool[i];

		memset(v, 0, sizeof(*v));
		v->prefix.ip.afi = i % 4 == 0 ? RSG_AFI_IPV6 : RSG_AFI_IPV4;
		v->prefix.ip.addr[0] = (uint32_t)(rng() & 0xffff0000u)
		    | (i % 4 == 0 ? 0x20000000u : 0);
		v->prefix.len = (uint8_t)(8 + i % 17);
		addr_mask(v->prefix.ip.addr, v->prefix.len);
		v->max_len = (uint8_t)(v->prefix.len + i % 3);
		v->asn = 64000 + i % 7; /* some share a prefix */
		if (i > 0 && i % 10 == 0) {
			pool[i] = pool[i - 1]; /* same prefix, other ASN */
			v->asn += 1000;
		}
		/* every pool entry is a distinct VRP */
		for (unsigned j = 0; j < i; j++) {
			if (memcmp(&pool[j], v, sizeof(*v)) == 0) {
				v->asn += 100000 + i;
				break;
			}
		}
	}
}

static bool
model_eff(unsigned i)
{
	bool any = false;

	for (unsigned s = 0; s < NS - 1; s++)
		any |= active[s] && held[s][i];
	if (active[NS - 1] && held[NS - 1][i])
		return true;
	return any && !(use_filter && rsg__slurm_filtered(&filt, &pool[i]));
}

static unsigned
pool_index(const struct ptab_item *it, unsigned afi)
{
	for (unsigned i = 0; i < NV; i++) {
		const struct rsg_vrp *v = &pool[i];

		if (v->prefix.ip.afi == afi && v->prefix.len == it->len
		    && v->max_len == it->maxlen && v->asn == it->data
		    && memcmp(v->prefix.ip.addr, it->addr, sizeof(it->addr))
			== 0)
			return i;
	}
	ck_abort_msg("delta item not in the pool");
	return 0;
}

/* Apply a delta to `applied`; every change must be a real change. */
static unsigned
apply(struct vrp_delta *d)
{
	unsigned bad = 0;
	struct {
		struct item_vec *v;
		unsigned afi;
		bool add;
	} lists[] = { { &d->add4, RSG_AFI_IPV4, true },
		{ &d->del4, RSG_AFI_IPV4, false },
		{ &d->add6, RSG_AFI_IPV6, true },
		{ &d->del6, RSG_AFI_IPV6, false } };

	for (unsigned l = 0; l < 4; l++) {
		for (size_t k = 0; k < lists[l].v->n; k++) {
			unsigned i =
			    pool_index(&lists[l].v->v[k], lists[l].afi);

			bad += applied[i] == lists[l].add;
			applied[i] = lists[l].add;
		}
	}
	rsg__vrp_delta_clear(d);
	return bad;
}

/* A set holding exactly held[s]. */
static struct vrpset *
model_set(unsigned s)
{
	struct rsg_vrp *v = malloc(NV * 2 * sizeof(*v));
	struct vrpset *set;
	size_t n = 0;

	for (unsigned i = 0; i < NV; i++) {
		if (held[s][i]) {
			v[n++] = pool[i];
			if (rng() % 5 == 0)
				v[n++] = pool[i]; /* duplicates collapse */
		}
	}
	ck_assert_int_eq(rsg__vrpset_new(v, n, &set), 0);
	free(v);
	return set;
}

START_TEST(test_random_model)
{
	struct vrpunion u;
	struct vrp_delta d = { 0 };
	struct vrplog log = { 0 };
	unsigned bad = 0, mismatch = 0;

	make_pool();
	memset(held, 0, sizeof(held));
	memset(applied, 0, sizeof(applied));
	memset(&filt, 0, sizeof(filt));
	use_filter = false;
	rsg__vrpunion_init(&u);
	for (unsigned s = 0; s < NS; s++) {
		active[s] = true;
		ck_assert_int_eq(
		    rsg__vrpunion_set(&u, s, true, s == NS - 1, &d), 0);
	}
	/* one filter: a /8 covering some pool prefixes, any ASN */
	ck_assert_int_eq(VEC_RESERVE(&filt.filters, 1), 0);
	memset(&filt.filters.v[0], 0, sizeof(filt.filters.v[0]));
	filt.filters.v[0].has_prefix = true;
	filt.filters.v[0].prefix = pool[3].prefix;
	filt.filters.v[0].prefix.len = 8;
	addr_mask(filt.filters.v[0].prefix.ip.addr, 8);
	filt.filters.n = 1;
	for (unsigned round = 0; round < 3000; round++) {
		unsigned op = (unsigned)(rng() % 100);
		unsigned s = (unsigned)(rng() % NS);

		if (op < 70) {
			/* an RTR sync: a few events, last one wins */
			unsigned nev = 1 + (unsigned)(rng() % 12);

			for (unsigned e = 0; e < nev; e++) {
				unsigned i = (unsigned)(rng() % NV);
				bool p = rng() % 3 != 0;

				ck_assert_int_eq(
				    rsg__vrplog_add(&log, &pool[i], p), 0);
				held[s][i] = p;
			}
			ck_assert_int_eq(
			    rsg__vrpunion_apply(&u, s, &log, &d), 0);
			ck_assert_uint_eq(rsg__vrplog_count(&log), 0);
		} else if (op < 85) {
			/* a file reload: a random subset */
			for (unsigned i = 0; i < NV; i++)
				held[s][i] = rng() % 4 == 0;
			ck_assert_int_eq(
			    rsg__vrpunion_replace(&u, s, model_set(s), &d), 0);
		} else if (op < 90) {
			memset(held[s], 0, sizeof(held[s]));
			ck_assert_int_eq(
			    rsg__vrpunion_replace(&u, s, NULL, &d), 0);
		} else if (op < 97) {
			/* a preference switch, a source retired */
			active[s] = !active[s];
			ck_assert_int_eq(rsg__vrpunion_set(
					     &u, s, active[s], s == NS - 1, &d),
			    0);
		} else {
			use_filter = !use_filter;
			ck_assert_int_eq(rsg__vrpunion_refilter(
					     &u, use_filter ? &filt : NULL, &d),
			    0);
		}
		bad += apply(&d);
		for (unsigned i = 0; i < NV; i++)
			mismatch += applied[i] != model_eff(i);
	}
	ck_assert_uint_eq(bad, 0);
	ck_assert_uint_eq(mismatch, 0);
	{
		struct item_vec v4 = { 0 }, v6 = { 0 };
		size_t want = 0;

		for (unsigned i = 0; i < NV; i++)
			want += model_eff(i);
		ck_assert_int_eq(rsg__vrpunion_items(&u, &v4, &v6), 0);
		ck_assert_uint_eq(v4.n + v6.n, want);
		for (size_t k = 0; k < v4.n; k++)
			ck_assert(applied[pool_index(&v4.v[k], RSG_AFI_IPV4)]);
		for (size_t k = 0; k < v6.n; k++)
			ck_assert(applied[pool_index(&v6.v[k], RSG_AFI_IPV6)]);
		VEC_FREE(&v4);
		VEC_FREE(&v6);
	}
	for (unsigned s = 0; s < NS; s++) {
		size_t c = 0;

		for (unsigned i = 0; i < NV; i++) {
			c += held[s][i];
			ck_assert(
			    rsg__vrpset_has(u.src[s], &pool[i]) == held[s][i]);
		}
		ck_assert_uint_eq(rsg__vrpunion_count(&u, s), c);
	}
	rsg__vrpunion_free(&u);
	rsg__vrp_delta_free(&d);
	rsg__vrplog_free(&log);
	VEC_FREE(&filt.filters);
}
END_TEST

START_TEST(test_same_vrp_two_sources)
{
	struct vrpunion u;
	struct vrp_delta d = { 0 };
	struct vrplog log = { 0 };
	struct rsg_vrp v;

	memset(&v, 0, sizeof(v));
	v.prefix = tu_pfx("193.0.0.0/21");
	v.max_len = 21;
	v.asn = 3333;
	rsg__vrpunion_init(&u);
	ck_assert_int_eq(rsg__vrpunion_set(&u, 0, true, false, &d), 0);
	ck_assert_int_eq(rsg__vrpunion_set(&u, 1, true, false, &d), 0);
	ck_assert_int_eq(rsg__vrplog_add(&log, &v, true), 0);
	ck_assert_int_eq(rsg__vrpunion_apply(&u, 0, &log, &d), 0);
	ck_assert_uint_eq(d.add4.n, 1);
	ck_assert_int_eq(rsg__vrplog_add(&log, &v, true), 0);
	ck_assert_int_eq(rsg__vrpunion_apply(&u, 1, &log, &d), 0);
	ck_assert_uint_eq(d.add4.n, 1); /* already effective */
	ck_assert_int_eq(rsg__vrplog_add(&log, &v, false), 0);
	ck_assert_int_eq(rsg__vrpunion_apply(&u, 0, &log, &d), 0);
	ck_assert_uint_eq(d.del4.n, 0); /* source 1 still holds it */
	/* source 1 stops counting (a lower RTR preference takes over) */
	ck_assert_int_eq(rsg__vrpunion_set(&u, 1, false, false, &d), 0);
	ck_assert_uint_eq(d.del4.n, 1);
	ck_assert_uint_eq(rsg__vrpunion_count(&u, 1), 1); /* still held */
	ck_assert_int_eq(rsg__vrpunion_set(&u, 1, true, false, &d), 0);
	ck_assert_uint_eq(d.add4.n, 2);
	rsg__vrpunion_free(&u);
	rsg__vrp_delta_free(&d);
	rsg__vrplog_free(&log);
}
END_TEST

/* A log of one sync, appended to a pending one: order is kept. */
START_TEST(test_log_append_order)
{
	struct vrplog a = { 0 }, b = { 0 };
	struct vrpset *s;
	struct vrp_delta d = { 0 };
	struct rsg_vrp v;

	memset(&v, 0, sizeof(v));
	v.prefix = tu_pfx("2001:db8::/32");
	v.max_len = 48;
	v.asn = 64500;
	ck_assert_int_eq(rsg__vrplog_add(&a, &v, true), 0);
	ck_assert_int_eq(rsg__vrplog_add(&b, &v, false), 0);
	ck_assert_int_eq(rsg__vrplog_append(&a, &b), 0);
	ck_assert_uint_eq(rsg__vrplog_count(&b), 0);
	ck_assert_int_eq(rsg__vrpset_apply(NULL, &a, &s, &d), 0);
	ck_assert_uint_eq(rsg__vrpset_count(s), 0); /* removed last */
	ck_assert(rsg__vrp_delta_empty(&d));
	rsg__vrpset_unref(s);
	rsg__vrplog_clear(&a);
	ck_assert_int_eq(rsg__vrplog_add(&b, &v, false), 0);
	ck_assert_int_eq(rsg__vrplog_add(&a, &v, true), 0);
	ck_assert_int_eq(rsg__vrplog_append(&b, &a), 0);
	ck_assert_int_eq(rsg__vrpset_apply(NULL, &b, &s, &d), 0);
	ck_assert_uint_eq(rsg__vrpset_count(s), 1); /* added last */
	ck_assert_uint_eq(d.add6.n, 1);
	rsg__vrpset_unref(s);
	rsg__vrplog_free(&a);
	rsg__vrplog_free(&b);
	rsg__vrp_delta_free(&d);
}
END_TEST

static long budget = -1; /* allocations left; < 0: unlimited */

static void *
oom_malloc(size_t n)
{
	return budget < 0 || budget-- > 0 ? malloc(n) : NULL;
}

static void *
oom_realloc(void *p, size_t n)
{
	return budget < 0 || budget-- > 0 ? realloc(p, n) : NULL;
}

static void *
oom_calloc(size_t a, size_t b)
{
	return budget < 0 || budget-- > 0 ? calloc(a, b) : NULL;
}

/* Memory runs out at every allocation of an RTR sync applied to the
 * union: the slot stays as it was and the delta says "full" (a rebuild),
 * or the sync is applied and the delta names exactly its VRPs. */
START_TEST(test_failed_apply_full_delta)
{
	bool done = false;

	make_pool();
	ck_assert_int_eq(
	    rsg_set_allocator(oom_malloc, oom_realloc, oom_calloc, free), 0);
	for (long n = 0; n < 1000 && !done; n++) {
		struct vrpunion u;
		struct vrp_delta d = { 0 };
		struct vrplog log = { 0 };
		int rc;

		rsg__vrpunion_init(&u);
		ck_assert_int_eq(rsg__vrpunion_set(&u, 0, true, false, &d), 0);
		for (unsigned i = 0; i < NV; i++)
			ck_assert_int_eq(
			    rsg__vrplog_add(&log, &pool[i], true), 0);
		budget = n;
		rc = rsg__vrpunion_apply(&u, 0, &log, &d);
		budget = -1;
		if (rc != 0) {
			ck_assert_int_eq(rc, RSG_ENOMEM);
			ck_assert(d.full);
			ck_assert_uint_eq(rsg__vrpunion_count(&u, 0), 0);
		} else if (!d.full) {
			ck_assert_uint_eq(rsg__vrp_delta_count(&d), NV);
			done = true;
		}
		ck_assert_uint_eq(d.add4.n + d.add6.n, d.full ? 0 : NV);
		rsg__vrpunion_free(&u);
		rsg__vrp_delta_free(&d);
		rsg__vrplog_free(&log);
	}
	ck_assert_int_eq(rsg_set_allocator(malloc, realloc, calloc, free), 0);
	ck_assert(done);
}
END_TEST

Suite *
vrpset_suite(void)
{
	Suite *s = suite_create("vrpset");
	TCase *tc = tcase_create("model");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_random_model);
	tcase_add_test(tc, test_same_vrp_two_sources);
	tcase_add_test(tc, test_log_append_order);
	tcase_add_test(tc, test_failed_apply_full_delta);
	suite_add_tcase(s, tc);
	return s;
}
