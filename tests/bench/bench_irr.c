/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * make bench: the IRR lines (issue 10).
 *
 * rpsl_parse_mb_per_s: the RPSL reader over an IRR dump in memory. The
 * dump is made from the real table: a route object (RIPE's attribute
 * layout, remarks included) for each of its routes with the route's
 * origin, an as-set for every 50 routes, and the real aut-num of AS3257
 * (2,916 import lines: an object skipped line by line) every 20,000
 * objects. The baseline, rpsl_scan_mb_per_s, is the floor of any line
 * reader: memchr() for each newline of the same buffer.
 *
 * irr_set_build_ms_1m, irr_bytes_per_prefix: the route-object table of
 * the IRR part built from 1,000,000 route objects: every (prefix, origin)
 * of the table, then more-specifics of its prefixes registered by the
 * same origins, until a million. irr_lookup_ns (bench.c): the IRR check of
 * the same queries as rov_lookup_ns, in the same runs, for a client whose
 * AS-SET holds every origin of the table.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "irr.h"
#include "rpsl.h"
#include "alloc.h"
#include "util.h"

struct dump {
	char *v;
	size_t n, cap;
};

static void
put(struct dump *d, const char *s, size_t n)
{
	if (d->n + n + 1 > d->cap) {
		d->cap = (d->n + n + 1) * 2;
		if ((d->v = realloc(d->v, d->cap)) == NULL)
			abort();
	}
	memcpy(d->v + d->n, s, n);
	d->n += n;
	d->v[d->n] = '\0';
}

static int
count_cb(void *arg, const struct rpsl_obj *o)
{
	size_t *n = arg;

	*n += o->cls;
	return 0;
}

static int
item_cmp(const void *a, const void *b)
{
	const struct ptab_item *x = a, *y = b;
	int c = memcmp(x->addr, y->addr, sizeof(x->addr));

	if (c != 0)
		return c;
	if (x->len != y->len)
		return (int)x->len - (int)y->len;
	return x->data < y->data ? -1 : x->data > y->data;
}

int
bench_irr_table(const struct routeset *routes, struct ptab *t4, struct ptab *t6,
    struct asnset *origins)
{
	const size_t want = 1000000;
	struct ptab_item *it = calloc(want, sizeof(*it)), *copy;
	uint32_t *asns = calloc(routes->n + 1, sizeof(uint32_t));
	size_t n = 0, n4 = 0, uniq;
	double t_build[3];

	if (it == NULL || asns == NULL
	    || (copy = calloc(want, sizeof(*copy))) == NULL)
		return -1;
	for (size_t i = 0; i < routes->n && n < want; i++) {
		const struct rsg_route *r = &routes->r[i];

		memcpy(it[n].addr, r->prefix.ip.addr, sizeof(it[n].addr));
		it[n].len = r->prefix.len;
		it[n].maxlen = r->prefix.len;
		it[n].data = bench_origin(r);
		asns[i] = it[n].data;
		if (r->prefix.ip.afi == RSG_AFI_IPV4)
			n++;
	}
	qsort(it, n, sizeof(*it), item_cmp);
	uniq = 0;
	for (size_t i = 0; i < n; i++)
		if (uniq == 0 || item_cmp(&it[uniq - 1], &it[i]) != 0)
			it[uniq++] = it[i];
	n = uniq;
	/* more-specifics of the same origins until a million */
	for (size_t i = 0, base = n; n < want && i < base; i++) {
		for (unsigned half = 0; half < 2 && n < want; half++) {
			if (it[i].len >= 32)
				break;
			it[n] = it[i];
			it[n].len++;
			it[n].maxlen = it[n].len;
			if (half)
				it[n].addr[0] |= 1u << (32 - it[n].len);
			n++;
		}
	}
	n4 = n;
	for (int k = 0; k < 3; k++) {
		double t0;

		memcpy(copy, it, n4 * sizeof(*it));
		rsg__ptab_free(t4);
		t0 = now();
		if (rsg__ptab_build(t4, RSG_AFI_IPV4, copy, n4) != 0)
			return -1;
		t_build[k] = now() - t0;
	}
	rsg__ptab_init(t6, RSG_AFI_IPV6);
	if (rsg__asnset_build(origins, asns, routes->n) != 0)
		return -1;
	printf("irr_route_objects: %zu\n", n4);
	printf("irr_set_build_ms_1m: %.1f\n",
	    median(t_build, 3) * 1e3 * 1e6 / (double)n4);
	printf("irr_bytes_per_prefix: %.1f\n", (double)t4->bytes / (double)n4);
	printf("irr_origins: %zu\n", origins->n);
	free(it);
	free(copy);
	free(asns);
	return 0;
}

void
bench_irr(const struct routeset *routes)
{
	struct dump d = { 0 };
	char obj[1024], pfx[RSG_PREFIX_STRLEN];
	char *autnum;
	size_t autnum_len, objects = 0;
	double t_parse[5], t_scan[5];
	struct rpsl_stats st;
	struct rsg_error err;

	if (rsg__file_slurp(TOP_SRCDIR "/tests/data/irr/aut-num_AS3257.txt", 0,
		&autnum, &autnum_len, &err)
	    != 0) {
		fprintf(stderr, "%s\n", err.message);
		return;
	}
	for (size_t i = 0; i < routes->n; i++) {
		const struct rsg_route *r = &routes->r[i];
		uint32_t origin = bench_origin(r);
		int n;

		rsg_prefix_format(&r->prefix, pfx, sizeof(pfx));
		n = snprintf(obj, sizeof(obj),
		    "%s:%*s%s\n"
		    "descr:          Route object %zu of the bench dump\n"
		    "origin:         AS%u\n"
		    "mnt-by:         BENCH%u-MNT\n"
		    "created:        2016-01-01T00:00:00Z\n"
		    "last-modified:  2016-01-01T00:00:00Z\n"
		    "source:         RIPE\n"
		    "remarks:        ****************************\n"
		    "remarks:        * A bench object, in a dump's layout\n"
		    "remarks:        ****************************\n\n",
		    r->prefix.ip.afi == RSG_AFI_IPV4 ? "route" : "route6",
		    r->prefix.ip.afi == RSG_AFI_IPV4 ? 10 : 9, "", pfx, i,
		    origin, origin);
		put(&d, obj, (size_t)n);
		objects++;
		if (i % 50 == 49) {
			n = snprintf(obj, sizeof(obj),
			    "as-set:         AS-BENCH%zu\n"
			    "descr:          50 origins of the bench table\n"
			    "members:        AS%u, AS%u, AS%u, AS%u, AS%u\n"
			    "members:        AS-BENCH%zu\n"
			    "mnt-by:         BENCH-MNT\n"
			    "source:         RIPE\n\n",
			    i / 50, origin, origin + 1, origin + 2, origin + 3,
			    origin + 4, i / 50 + 1);
			put(&d, obj, (size_t)n);
			objects++;
		}
		if (i % 20000 == 0) {
			put(&d, autnum, autnum_len);
			put(&d, "\n\n", 2);
			objects++;
		}
	}
	rsg__free(autnum);

	for (int k = 0; k < 5; k++) {
		size_t sum = 0;
		double t0 = now();

		if (rsg__rpsl_parse_buf(
			"bench", d.v, d.n, count_cb, &sum, &st, &err)
		    != 0) {
			fprintf(stderr, "%s\n", err.message);
			free(d.v);
			return;
		}
		t_parse[k] = now() - t0;

		t0 = now();
		for (const char *p = d.v, *end = d.v + d.n; p < end;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));

			sum += (size_t)(*p == 'r');
			p = nl ? nl + 1 : end;
		}
		t_scan[k] = now() - t0;
		if (sum == 42)
			printf("#\n");
	}
	printf("rpsl_dump_mb: %.1f\n", (double)d.n / 1e6);
	printf("rpsl_objects: %zu\n", objects);
	printf("rpsl_objects_read: %llu\n",
	    (unsigned long long)(st.objects + st.other));
	printf("rpsl_parse_mb_per_s: %.0f\n",
	    (double)d.n / 1e6 / median(t_parse, 5));
	printf("rpsl_scan_mb_per_s: %.0f\n",
	    (double)d.n / 1e6 / median(t_scan, 5));
	printf("rpsl_parse_vs_scan: %.2f\n",
	    median(t_parse, 5) / median(t_scan, 5));
	free(d.v);
}
