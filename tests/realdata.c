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

int
rd_load_routes(const char *path, size_t stride, struct routeset *out)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, k = 0;
	static unsigned char buf[65536];
	ssize_t len;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (f == NULL) {
		perror(path);
		return -1;
	}
	while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
		struct rsg_route r;

		if (rsg_route_parse_bgpdump(
			line, (size_t)len, &r, buf, sizeof(buf), NULL)
		    != 0)
			continue;
		if (k++ % (stride ? stride : 1) == 0)
			rc = routeset_add(out, &r);
	}
	free(line);
	fclose(f);
	routeset_seal(out);
	if (rc != 0) {
		fprintf(stderr, "%s: out of memory\n", path);
		routeset_free(out);
	}
	return rc;
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
