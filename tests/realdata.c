/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Readers of the bundled real data (see realdata.h).
 */
#include "config.h"

#include "realdata.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (p == NULL) {
		fprintf(stderr, "out of memory\n");
		abort();
	}
	return p;
}

/* Copy n bytes into the arena; returns their offset. */
static size_t
arena_put(unsigned char **a, size_t *len, size_t *cap, const void *p, size_t n)
{
	size_t off = *len;

	if (*len + n > *cap) {
		*cap = (*len + n) * 2 + 4096;
		*a = xrealloc(*a, *cap);
	}
	if (n > 0)
		memcpy(*a + off, p, n);
	*len += n;
	return off;
}

int
rd_load_routes(const char *path, size_t stride, struct rd_routes *out)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, alloc = 0, alen = 0, acap = 0, k = 0;
	struct offs {
		size_t path, comm, ext, lrg;
	} *offs = NULL;
	static unsigned char buf[65536];
	ssize_t len;

	memset(out, 0, sizeof(*out));
	if (f == NULL) {
		perror(path);
		return -1;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		struct rsg_route r;

		if (rsg_route_parse_bgpdump(
			line, (size_t)len, &r, buf, sizeof(buf), NULL)
		    != 0)
			continue;
		if (k++ % (stride ? stride : 1) != 0)
			continue;
		if (out->n == alloc) {
			alloc = alloc ? alloc * 2 : 1 << 16;
			out->r = xrealloc(out->r, alloc * sizeof(*out->r));
			offs = xrealloc(offs, alloc * sizeof(*offs));
		}
		/* the attributes point into buf: into the arena, as offsets
		 * until it stops moving */
		offs[out->n].path = arena_put(
		    &out->arena, &alen, &acap, r.as_path, r.as_path_len);
		offs[out->n].comm = arena_put(&out->arena, &alen, &acap,
		    r.communities, r.n_communities * sizeof(uint32_t));
		offs[out->n].ext =
		    arena_put(&out->arena, &alen, &acap, r.ext_communities,
			r.n_ext_communities * sizeof(struct rsg_ec));
		offs[out->n].lrg =
		    arena_put(&out->arena, &alen, &acap, r.large_communities,
			r.n_large_communities * sizeof(struct rsg_lc));
		/* keep the arena aligned for the next arrays */
		arena_put(&out->arena, &alen, &acap, "\0\0\0\0\0\0\0",
		    (8 - alen % 8) % 8);
		out->r[out->n++] = r;
	}
	free(line);
	fclose(f);
	for (size_t i = 0; i < out->n; i++) {
		struct rsg_route *r = &out->r[i];

		r->as_path = out->arena + offs[i].path;
		r->communities =
		    (const uint32_t *)(const void *)(out->arena + offs[i].comm);
		r->ext_communities =
		    (const struct rsg_ec *)(const void *)(out->arena
			+ offs[i].ext);
		r->large_communities =
		    (const struct rsg_lc *)(const void *)(out->arena
			+ offs[i].lrg);
	}
	free(offs);
	return 0;
}

void
rd_routes_free(struct rd_routes *r)
{
	free(r->r);
	free(r->arena);
	memset(r, 0, sizeof(*r));
}

void
rd_ops_push(struct vrp_ops *o, const struct rsg_vrp *v, bool add)
{
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 16384;
		o->v = xrealloc(o->v, o->cap * sizeof(*o->v));
	}
	o->v[o->n].v = *v;
	o->v[o->n++].add = add;
}

/* { "prefix": "1.0.64.0/18", "maxLength": 18, "asn": 18144, ... } */
static bool
parse_roa(const char *p, struct rsg_vrp *v)
{
	char pfx[64];
	unsigned ml, asn;

	if (p == NULL
	    || sscanf(p,
		   "{ \"prefix\": \"%63[^\"]\", \"maxLength\": %u, "
		   "\"asn\": %u",
		   pfx, &ml, &asn)
		!= 3
	    || rsg_prefix_parse(pfx, &v->prefix) != 0)
		return false;
	v->max_len = (uint8_t)ml;
	v->asn = asn;
	return true;
}

static const char *
after(const char *s, const char *key)
{
	const char *p = strstr(s, key);

	return p != NULL ? p + strlen(key) : NULL;
}

size_t
rd_load_diff(const char *path, struct vrp_ops *fwd, struct vrp_ops *rev)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	size_t records = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		struct rsg_vrp o, n;
		bool has_old, has_new;

		if (strstr(line, "\"verb\"") == NULL)
			continue;
		memset(&o, 0, sizeof(o));
		memset(&n, 0, sizeof(n));
		has_old = parse_roa(after(line, "\"old_roa\": "), &o);
		has_new = parse_roa(after(line, "\"new_roa\": "), &n);
		if (has_old)
			rd_ops_push(fwd, &o, false);
		if (has_new)
			rd_ops_push(fwd, &n, true);
		records += has_old || has_new;
	}
	fclose(f);
	for (size_t i = fwd->n; rev != NULL && i-- > 0;)
		rd_ops_push(rev, &fwd->v[i].v, !fwd->v[i].add);
	return records;
}
