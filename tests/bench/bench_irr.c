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

static uint32_t
route_origin(const struct rsg_route *r)
{
	size_t off = 0;
	uint32_t origin = 0;

	while (off + 2 <= r->as_path_len) {
		unsigned type = r->as_path[off], n = r->as_path[off + 1];
		const uint8_t *last = r->as_path + off + 2 + 4 * (n - 1);

		origin = type == RSG_SEG_SEQUENCE && n > 0
		    ? (uint32_t)last[0] << 24 | (uint32_t)last[1] << 16
			| (uint32_t)last[2] << 8 | last[3]
		    : 0;
		off += 2 + 4 * (size_t)n;
	}
	return origin;
}

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
		uint32_t origin = route_origin(r);
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
