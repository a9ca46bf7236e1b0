/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * ptab: the covering-prefix table, checked against a naive scan over
 * random nested prefix sets of both families, every level and the
 * far-parent fallback of very large buckets.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>

#include "alloc.h"
#include "ptab.h"
#include "util.h"
#include "suites.h"
#include "testutil.h"

/* xorshift: deterministic pseudo-random numbers */
static uint64_t rng_state = 88172645463325252ULL;

static uint64_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Naive answer: number of items covering p, and a checksum over them. */
static void
naive(const struct ptab_item *items, size_t n, const struct rsg_prefix *p,
    size_t *count, uint64_t *sum)
{
	*count = 0;
	*sum = 0;
	for (size_t i = 0; i < n; i++) {
		if (items[i].len <= p->len
		    && addr_match(items[i].addr, p->ip.addr, items[i].len)) {
			(*count)++;
			*sum += (uint64_t)items[i].data * 2654435761u
			    + items[i].len * 97u + items[i].maxlen;
		}
	}
}

/*
 * Check's assertions write to a file each time, so the loops below count
 * mismatches and assert once at the end.
 */
static size_t bad_prefixes;

static void
lookup(const struct ptab *t, const struct rsg_prefix *p, size_t *count,
    uint64_t *sum)
{
	struct ptab_iter it;
	const struct ptab_rec *r;

	*count = 0;
	*sum = 0;
	ptab_iter_init(&it, t, p);
	while ((r = ptab_iter_next(&it)) != NULL) {
		struct rsg_prefix rp;

		ptab_iter_prefix(&it, r, &rp);
		if (rp.len != r->len
		    || !addr_match(rp.ip.addr, p->ip.addr, rp.len))
			bad_prefixes++;
		(*count)++;
		*sum +=
		    (uint64_t)r->data * 2654435761u + r->len * 97u + r->maxlen;
	}
}

/* A random prefix, biased to nest inside a few hot regions. */
static void
random_prefix(
    unsigned afi, struct ptab_item *it, unsigned minlen, unsigned maxlen)
{
	unsigned bits = afi_bits(afi);

	memset(it, 0, sizeof(*it));
	it->addr[0] = (uint32_t)rng();
	/* a few hot regions so that prefixes nest and share buckets */
	it->addr[0] =
	    (it->addr[0] & 0x0003ffffu) | ((uint32_t)(rng() % 4) << 28);
	if (afi == RSG_AFI_IPV6) {
		it->addr[1] = (uint32_t)rng() & 0x000000ffu;
		it->addr[2] = (uint32_t)rng() & 0x00ff0000u;
		it->addr[3] = (uint32_t)rng() & 0x0000ffffu;
	}
	it->len = (uint8_t)(minlen + rng() % (maxlen - minlen + 1));
	if (it->len > bits)
		it->len = (uint8_t)bits;
	addr_mask(it->addr, it->len);
	it->maxlen = (uint8_t)(it->len + rng() % (bits - it->len + 1));
	it->data = (uint32_t)(rng() % 50);
}

static int
item_cmp(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct ptab_item));
}

static void
differential(
    unsigned afi, size_t n, unsigned minlen, unsigned maxlen, size_t queries)
{
	struct ptab_item *items = calloc(n, sizeof(*items));
	struct ptab_item *ref = calloc(n, sizeof(*items));
	struct ptab t;
	size_t nref = 0, mismatches = 0;

	ck_assert_ptr_nonnull(items);
	ck_assert_ptr_nonnull(ref);
	for (size_t i = 0; i < n; i++)
		random_prefix(afi, &items[i], minlen, maxlen);
	/* some exact duplicates: stored once */
	for (size_t i = 0; i + 1 < n; i += 50)
		items[i + 1] = items[i];
	/* the reference: sorted and de-duplicated */
	memcpy(ref, items, n * sizeof(*items));
	qsort(ref, n, sizeof(*ref), item_cmp);
	for (size_t i = 0; i < n; i++) {
		if (nref == 0 || item_cmp(&ref[nref - 1], &ref[i]) != 0)
			ref[nref++] = ref[i];
	}
	ck_assert_int_eq(rsg__ptab_build(&t, afi, items, n), 0);
	ck_assert_uint_eq(t.nrec, nref);
	for (size_t q = 0; q < queries; q++) {
		struct ptab_item qi;
		struct rsg_prefix p;
		size_t c1, c2;
		uint64_t s1, s2;

		/* queries: stored prefixes, their more-specifics, random */
		if (q % 3 == 0) {
			qi = ref[rng() % nref];
			if (qi.len < afi_bits(afi) && rng() % 2) {
				unsigned orig = qi.len;

				qi.len = (uint8_t)(orig + 1
				    + rng() % (afi_bits(afi) - orig));
				/* random bits below the stored prefix */
				for (unsigned w = 0; w < 4; w++) {
					uint32_t keep = w * 32 >= orig
					    ? 0
					    : mask32(orig - w * 32);

					qi.addr[w] = (qi.addr[w] & keep)
					    | ((uint32_t)rng() & ~keep);
				}
				addr_mask(qi.addr, qi.len);
			}
		} else {
			random_prefix(afi, &qi, 0, afi_bits(afi));
		}
		memset(&p, 0, sizeof(p));
		memcpy(p.ip.addr, qi.addr, sizeof(p.ip.addr));
		p.ip.afi = (uint8_t)afi;
		p.len = qi.len;
		naive(ref, nref, &p, &c1, &s1);
		lookup(&t, &p, &c2, &s2);
		if (c1 != c2 || s1 != s2)
			mismatches++;
	}
	ck_assert_uint_eq(mismatches, 0);
	ck_assert_uint_eq(bad_prefixes, 0);
	rsg__ptab_free(&t);
	free(items);
	free(ref);
}

START_TEST(test_empty)
{
	struct ptab t;
	struct ptab_iter it;
	struct rsg_prefix p = tu_pfx("192.0.2.0/24");

	ck_assert_int_eq(rsg__ptab_build(&t, RSG_AFI_IPV4, NULL, 0), 0);
	ptab_iter_init(&it, &t, &p);
	ck_assert_ptr_null(ptab_iter_next(&it));
	rsg__ptab_free(&t);
}
END_TEST

START_TEST(test_nested_v4)
{
	static const char *const pf[] = { "0.0.0.0/0", "10.0.0.0/8",
		"10.1.0.0/16", "10.1.2.0/24", "10.1.2.128/25", "10.1.3.0/24",
		"10.2.0.0/15", "11.0.0.0/8" };
	struct ptab_item items[ARRAY_SIZE(pf)];
	struct ptab t;
	struct ptab_iter it;
	struct rsg_prefix q = tu_pfx("10.1.2.128/26"), got;
	const struct ptab_rec *r;
	unsigned seen = 0;

	for (size_t i = 0; i < ARRAY_SIZE(pf); i++) {
		struct rsg_prefix p = tu_pfx(pf[i]);

		memset(&items[i], 0, sizeof(items[i]));
		memcpy(items[i].addr, p.ip.addr, sizeof(items[i].addr));
		items[i].len = p.len;
		items[i].maxlen = 32;
		items[i].data = (uint32_t)i;
	}
	ck_assert_int_eq(
	    rsg__ptab_build(&t, RSG_AFI_IPV4, items, ARRAY_SIZE(pf)), 0);
	ptab_iter_init(&it, &t, &q);
	while ((r = ptab_iter_next(&it)) != NULL) {
		char buf[64];

		seen |= 1u << r->data;
		ptab_iter_prefix(&it, r, &got);
		rsg_prefix_format(&got, buf, sizeof(buf));
		ck_assert_str_eq(buf, pf[r->data]);
	}
	/* 0/0, 10/8, 10.1/16, 10.1.2/24, 10.1.2.128/25 */
	ck_assert_uint_eq(seen, 0x1f);
	rsg__ptab_free(&t);
}
END_TEST

START_TEST(test_random_v4)
{
	differential(RSG_AFI_IPV4, 4000, 0, 32, 20000);
	differential(RSG_AFI_IPV4, 3000, 14, 26, 20000);
}
END_TEST

START_TEST(test_random_v6)
{
	differential(RSG_AFI_IPV6, 4000, 0, 128, 20000);
	differential(RSG_AFI_IPV6, 3000, 28, 70, 20000);
}
END_TEST

/* A bucket of more than 65535 records: parents found by scanning. */
START_TEST(test_far_parent)
{
	size_t n = 70000;
	struct ptab_item *items = calloc(n + 1, sizeof(*items));
	struct ptab t;
	struct rsg_prefix q;
	size_t count;
	uint64_t sum;

	ck_assert_ptr_nonnull(items);
	/* 10.0.0.0/16 and 70000 /32s inside it, all in one /16 bucket */
	items[0].addr[0] = 0x0a000000u;
	items[0].len = 16;
	items[0].maxlen = 32;
	items[0].data = 7;
	for (size_t i = 1; i <= n; i++) {
		items[i].addr[0] = 0x0a000000u | (uint32_t)(i % 65536);
		items[i].len = 32;
		items[i].maxlen = 32;
		items[i].data = (uint32_t)(i / 65536); /* keeps them distinct */
	}
	ck_assert_int_eq(rsg__ptab_build(&t, RSG_AFI_IPV4, items, n + 1), 0);
	q = tu_pfx("10.0.255.255/32");
	lookup(&t, &q, &count, &sum);
	ck_assert_uint_eq(count, 2); /* the /32 and the /16 */
	q = tu_pfx("10.0.255.0/24");
	lookup(&t, &q, &count, &sum);
	ck_assert_uint_eq(count, 1);
	ck_assert_uint_eq(sum, 7ull * 2654435761u + 16 * 97 + 32);
	rsg__ptab_free(&t);
	free(items);
}
END_TEST

/* Two tables with the same content have the same layout. */
static void
assert_same_table(const struct ptab *a, const struct ptab *b)
{
	ck_assert_uint_eq(a->nrec, b->nrec);
	for (unsigned l = 0; l < a->nlevels; l++) {
		const struct ptab_level *x = &a->lv[l], *y = &b->lv[l];

		ck_assert_uint_eq(x->nrec, y->nrec);
		if (x->nrec == 0)
			continue;
		ck_assert_int_eq(
		    memcmp(x->rec, y->rec, x->nrec * sizeof(*x->rec)), 0);
		if (x->dir != NULL)
			ck_assert_int_eq(memcmp(x->dir, y->dir,
					     (((size_t)1 << x->kbits) + 1)
						 * sizeof(*x->dir)),
			    0);
		else
			ck_assert_int_eq(memcmp(x->order, y->order,
					     x->norder * sizeof(*x->order)),
			    0);
	}
}

static bool
item_in(const struct ptab_item *v, size_t n, const struct ptab_item *it)
{
	for (size_t i = 0; i < n; i++) {
		if (memcmp(&v[i], it, sizeof(*it)) == 0)
			return true;
	}
	return false;
}

/* update(old, add, del) == build(old + add - del), for both families */
static void
update_differential(unsigned afi, size_t n, size_t nadd, size_t ndel)
{
	struct ptab_item *base = calloc(n, sizeof(*base));
	struct ptab_item *add = calloc(nadd, sizeof(*add));
	struct ptab_item *del = calloc(ndel, sizeof(*del));
	struct ptab_item *want = calloc(n + nadd, sizeof(*want));
	struct ptab_item *tmp = calloc(n + nadd, sizeof(*tmp));
	struct ptab old, upd, full;
	size_t nwant = 0;

	ck_assert_ptr_nonnull(base);
	ck_assert_ptr_nonnull(want);
	for (size_t i = 0; i < n; i++)
		random_prefix(afi, &base[i], 0, afi_bits(afi));
	for (size_t i = 0; i < nadd; i++) {
		if (i % 5 == 0)
			add[i] = base[rng() % n]; /* already present */
		else
			random_prefix(afi, &add[i], 0, afi_bits(afi));
	}
	for (size_t i = 0; i < ndel; i++) {
		if (i % 7 == 0)
			random_prefix(
			    afi, &del[i], 0, afi_bits(afi)); /* absent */
		else
			del[i] = base[rng() % n];
	}
	for (size_t i = 0; i < n + nadd; i++) {
		const struct ptab_item *it = i < n ? &base[i] : &add[i - n];

		if (!item_in(del, ndel, it))
			want[nwant++] = *it;
	}
	memcpy(tmp, base, n * sizeof(*base));
	ck_assert_int_eq(rsg__ptab_build(&old, afi, tmp, n), 0);
	ck_assert_int_eq(rsg__ptab_update(&upd, &old, add, nadd, del, ndel), 0);
	ck_assert_int_eq(rsg__ptab_build(&full, afi, want, nwant), 0);
	assert_same_table(&upd, &full);
	/* and an empty change copies the table */
	rsg__ptab_free(&upd);
	ck_assert_int_eq(rsg__ptab_update(&upd, &old, NULL, 0, NULL, 0), 0);
	assert_same_table(&upd, &old);
	rsg__ptab_free(&old);
	rsg__ptab_free(&upd);
	rsg__ptab_free(&full);
	free(base);
	free(add);
	free(del);
	free(want);
	free(tmp);
}

START_TEST(test_update)
{
	update_differential(RSG_AFI_IPV4, 3000, 400, 300);
	update_differential(RSG_AFI_IPV6, 3000, 400, 300);
	update_differential(RSG_AFI_IPV4, 200, 0, 200); /* delete most */
	update_differential(RSG_AFI_IPV6, 1, 300, 0);   /* from nearly empty */
}
END_TEST

Suite *
ptab_suite(void)
{
	Suite *s = suite_create("ptab");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_nested_v4);
	tcase_add_test(tc, test_random_v4);
	tcase_add_test(tc, test_random_v6);
	tcase_add_test(tc, test_far_parent);
	tcase_add_test(tc, test_update);
	suite_add_tcase(s, tc);
	return s;
}
