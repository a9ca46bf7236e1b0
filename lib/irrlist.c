/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * bgpq4's JSON output as IRR data: named prefix lists and ASN lists
 * (irr.h). An operator who runs bgpq4 already hands its files over as
 * they are:
 *
 *	bgpq4 -j -l AS-FOO -4 AS-FOO     { "AS-FOO": [ { "prefix": ... } ] }
 *	bgpq4 -j -l AS-FOO -6 AS-FOO
 *	bgpq4 -j -l AS-FOO -t AS-FOO     {"AS-FOO": [ 3320,5425 ]}
 *
 * A client's AS-SET (or its "AS<n>" when it has none) finds the lists of
 * its name: the prefix lists join its route objects, the ASNs its AS-SET
 * expansion.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addr.h"
#include "alloc.h"
#include "irr.h"
#include "json.h"
#include "util.h"

static void
list_free(struct irr_list *l)
{
	rsg__free(l->name);
	VEC_FREE(&l->ent);
	VEC_FREE(&l->asns);
}

void
rsg__irr_lists_free(struct irr_db *db)
{
	for (size_t i = 0; i < db->lists.n; i++)
		list_free(&db->lists.v[i]);
	VEC_FREE(&db->lists);
}

/* The list of an upper-case name, added if new; NULL: out of memory. */
static struct irr_list *
list_get(struct irr_db *db, const char *name, size_t len)
{
	struct irr_list l;

	for (size_t i = db->lists.n; i-- > 0;)
		if (strncmp(db->lists.v[i].name, name, len) == 0
		    && db->lists.v[i].name[len] == '\0')
			return &db->lists.v[i];
	memset(&l, 0, sizeof(l));
	if ((l.name = rsg__malloc(len + 1)) == NULL)
		return NULL;
	memcpy(l.name, name, len);
	l.name[len] = '\0';
	if (VEC_PUSH(&db->lists, l) != 0) {
		rsg__free(l.name);
		return NULL;
	}
	return &db->lists.v[db->lists.n - 1];
}

int
rsg__irr_lists_merge(struct irr_db *dst, const struct irr_db *src)
{
	for (size_t i = 0; i < src->lists.n; i++) {
		const struct irr_list *s = &src->lists.v[i];
		struct irr_list *d = list_get(dst, s->name, strlen(s->name));

		if (d == NULL || VEC_RESERVE(&d->ent, d->ent.n + s->ent.n) != 0
		    || VEC_RESERVE(&d->asns, d->asns.n + s->asns.n) != 0)
			return RSG_ENOMEM;
		if (s->ent.n > 0)
			memcpy(d->ent.v + d->ent.n, s->ent.v,
			    s->ent.n * sizeof(*s->ent.v));
		if (s->asns.n > 0)
			memcpy(d->asns.v + d->asns.n, s->asns.v,
			    s->asns.n * sizeof(*s->asns.v));
		d->ent.n += s->ent.n;
		d->asns.n += s->asns.n;
		d->pfx = d->pfx || s->pfx;
		d->asn = d->asn || s->asn;
	}
	return 0;
}

uint64_t
rsg__irr_lists_hash(const struct irr_db *db, uint64_t h)
{
	for (size_t i = 0; i < db->lists.n; i++) {
		const struct irr_list *l = &db->lists.v[i];

		for (const char *p = l->name; *p != '\0'; p++)
			h = (h ^ (uint8_t)*p) * 1099511628211ull;
		h = (h ^ (uint64_t)(l->pfx | l->asn << 1)) * 1099511628211ull;
		for (size_t k = 0; k < l->ent.n; k++) {
			const struct irr_lent *e = &l->ent.v[k];
			uint32_t f[5] = { e->addr[0], e->addr[1], e->addr[2],
				e->addr[3],
				(uint32_t)e->afi << 24 | (uint32_t)e->len << 16
				    | (uint32_t)e->ge << 8 | e->le };

			for (size_t j = 0; j < 5; j++)
				h = (h ^ f[j]) * 1099511628211ull;
		}
		for (size_t k = 0; k < l->asns.n; k++)
			h = (h ^ l->asns.v[k]) * 1099511628211ull;
	}
	return h;
}

static int
lent_cmp(const void *a, const void *b)
{
	const struct irr_lent *x = a, *y = b;

	if (x->afi != y->afi)
		return x->afi < y->afi ? -1 : 1;
	for (unsigned i = 0; i < 4; i++)
		if (x->addr[i] != y->addr[i])
			return x->addr[i] < y->addr[i] ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if (x->ge != y->ge)
		return x->ge < y->ge ? -1 : 1;
	return (int)x->le - (int)y->le;
}

static int
list_cmp(const void *a, const void *b)
{
	return strcmp(((const struct irr_list *)a)->name,
	    ((const struct irr_list *)b)->name);
}

static uint32_t
name_id(const char *name)
{
	uint32_t h = 2166136261u;

	for (const char *p = name; *p != '\0'; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	return (h ^ h >> IRR_LIST_ID_BITS) & ((1u << IRR_LIST_ID_BITS) - 1);
}

static bool
id_taken(const struct irr_db *db, size_t upto, uint32_t id)
{
	for (size_t i = 0; i < upto; i++)
		if (db->lists.v[i].id == id)
			return true;
	return false;
}

/* A vector's spare room given back: the lists stay as long as the
 * data (a million entries in an IXP's bgpq4 files). */
static void
shrink(void *vp, size_t *cap, size_t n, size_t size)
{
	void **v = vp, *p;

	if (n == 0 || n == *cap)
		return;
	if ((p = rsg__reallocarray(*v, n, size)) != NULL) {
		*v = p;
		*cap = n;
	}
}

/*
 * Sorted, each entry and ASN once; ids from the names (the same list
 * keeps its id across rebuilds, so a changed file reports only its own
 * prefixes), the rare collision moved on in name order.
 */
void
rsg__irr_lists_finish(struct irr_db *db)
{
	if (db->lists.n > 1)
		qsort(db->lists.v, db->lists.n, sizeof(struct irr_list),
		    list_cmp);
	for (size_t i = 0; i < db->lists.n; i++) {
		struct irr_list *l = &db->lists.v[i];
		size_t o = 0;

		if (l->ent.n > 1)
			qsort(l->ent.v, l->ent.n, sizeof(*l->ent.v), lent_cmp);
		for (size_t k = 0; k < l->ent.n; k++)
			if (o == 0 || lent_cmp(&l->ent.v[o - 1], &l->ent.v[k]))
				l->ent.v[o++] = l->ent.v[k];
		l->ent.n = o;
		if (l->asns.n > 1)
			qsort(l->asns.v, l->asns.n, sizeof(uint32_t), u32_qcmp);
		o = 0;
		for (size_t k = 0; k < l->asns.n; k++)
			if (o == 0 || l->asns.v[o - 1] != l->asns.v[k])
				l->asns.v[o++] = l->asns.v[k];
		l->asns.n = o;
		shrink(&l->ent.v, &l->ent.cap, l->ent.n, sizeof(*l->ent.v));
		shrink(&l->asns.v, &l->asns.cap, l->asns.n, sizeof(uint32_t));
		l->id = name_id(l->name);
		/* quadratic only in collisions: ids are 24 bits */
		while (id_taken(db, i, l->id))
			l->id = (l->id + 1) & ((1u << IRR_LIST_ID_BITS) - 1);
	}
}

const struct irr_list *
rsg__irr_db_list(const struct irr_db *db, const char *name, size_t len)
{
	char up[RPSL_MAX_KEY + 1];
	size_t lo = 0, hi = db->lists.n;

	if (len > RPSL_MAX_KEY)
		return NULL;
	for (size_t i = 0; i < len; i++)
		up[i] = (name[i] >= 'a' && name[i] <= 'z')
		    ? (char)(name[i] - 'a' + 'A')
		    : name[i];
	up[len] = '\0';
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(db->lists.v[mid].name, up);

		if (c == 0)
			return &db->lists.v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

bool
rsg__irr_lent_match(
    const struct irr_lent *e, const struct rsg_prefix *p, bool longer)
{
	struct rsg_prefix q;

	if (e->afi != p->ip.afi || p->len < e->ge
	    || (!longer && p->len > e->le))
		return false;
	memset(&q, 0, sizeof(q));
	q.ip.afi = e->afi;
	q.len = e->len;
	memcpy(q.ip.addr, e->addr, sizeof(q.ip.addr));
	return pfx_covers(&q, p);
}

/* ------------------------------------------------------------------ */
/* The JSON                                                            */

static int
bgpq4_entry(struct json *j, struct irr_list *l)
{
	struct json_val o, k, v;
	struct rsg_prefix pfx;
	struct irr_lent e;
	bool have = false, exact = true;
	int64_t ge = -1, le = -1;
	unsigned max;
	int r;

	if (rsg__json_next(j, &o) != 0)
		return RSG_EPARSE;
	while ((r = rsg__json_member(j, &k)) > 0) {
		if (json_is(&k, "prefix")) {
			if (rsg__json_next(j, &v) != 0
			    || rsg__json_expect(j, &v, JSON_STRING,
				   "a string for \"prefix\"")
				!= 0
			    || rsg__json_text(j, &v, "prefix") != 0)
				return RSG_EPARSE;
			if (rsg__prefix_parse(v.s, v.len, &pfx, true) != 0)
				return rsg__json_error(j, v.line, v.col,
				    "\"%.*s\" is no prefix (host bits set?)",
				    (int)(v.len > 50 ? 50 : v.len), v.s);
			have = true;
		} else if (json_is(&k, "exact")) {
			if (rsg__json_next(j, &v) != 0)
				return RSG_EPARSE;
			if (v.type != JSON_TRUE && v.type != JSON_FALSE)
				return rsg__json_error(j, v.line, v.col,
				    "expected true or false for \"exact\"");
			exact = v.type == JSON_TRUE;
		} else if (json_is(&k, "greater-equal")
		    || json_is(&k, "less-equal")) {
			bool g = json_is(&k, "greater-equal");

			if (rsg__json_next(j, &v) != 0
			    || rsg__json_int(j, &v, 0, 128,
				   g ? "greater-equal" : "less-equal",
				   g ? &ge : &le)
				!= 0)
				return RSG_EPARSE;
		} else if (rsg__json_skip_value(j) != 0) {
			return RSG_EPARSE;
		}
	}
	if (r < 0)
		return r;
	if (!have)
		return rsg__json_error(
		    j, o.line, o.col, "prefix entry without \"prefix\"");
	max = pfx.ip.afi == RSG_AFI_IPV4 ? 32 : 128;
	if (exact) {
		ge = le = pfx.len;
	} else {
		if (ge < 0)
			ge = pfx.len;
		if (le < 0)
			le = max;
	}
	if (ge < pfx.len || le < ge || le > max)
		return rsg__json_error(j, o.line, o.col,
		    "lengths %d-%d do not fit a /%u of IPv%c", (int)ge, (int)le,
		    pfx.len, pfx.ip.afi == RSG_AFI_IPV4 ? '4' : '6');
	memset(&e, 0, sizeof(e));
	memcpy(e.addr, pfx.ip.addr, sizeof(e.addr));
	e.afi = pfx.ip.afi;
	e.len = pfx.len;
	e.ge = (uint8_t)ge;
	e.le = (uint8_t)le;
	return VEC_PUSH(&l->ent, e) != 0 ? RSG_ENOMEM : 0;
}

/* One list: [ entry, ... ] or [ asn, ... ] */
static int
bgpq4_list(struct json *j, struct irr_db *db, const struct json_val *k)
{
	char name[RPSL_MAX_KEY + 1], q[64];
	struct json_val a;
	struct irr_list *l;
	int kind = 0, r;

	if (rsg__json_text(j, k, "a list name") != 0)
		return RSG_EPARSE;
	if (k->len == 0 || k->len > RPSL_MAX_KEY)
		return rsg__json_error(j, k->line, k->col,
		    "list name \"%s\" is empty or longer than %d bytes",
		    rsg__json_quote(k, q, sizeof(q)), RPSL_MAX_KEY);
	for (size_t i = 0; i < k->len; i++) {
		char c = k->s[i];

		name[i] = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
	}
	if (rsg__json_next(j, &a) != 0
	    || rsg__json_expect(j, &a, JSON_ARRAY, "an array for a list") != 0)
		return RSG_EPARSE;
	if ((l = list_get(db, name, k->len)) == NULL)
		return RSG_ENOMEM;
	while ((r = rsg__json_element(j)) > 0) {
		int c = rsg__json_peek(j);

		if (kind == 0)
			kind = c == '{' ? 1 : 2;
		if (kind == 1) {
			if (c != '{')
				goto mixed;
			if ((r = bgpq4_entry(j, l)) != 0)
				return r;
		} else {
			struct json_val v;
			int64_t asn;

			if (c == '{')
				goto mixed;
			if (rsg__json_next(j, &v) != 0
			    || rsg__json_expect(
				   j, &v, JSON_NUMBER, "an AS number")
				!= 0
			    || rsg__json_int(
				   j, &v, 0, UINT32_MAX, "AS number", &asn)
				!= 0)
				return RSG_EPARSE;
			if (VEC_PUSH(&l->asns, (uint32_t)asn) != 0)
				return RSG_ENOMEM;
		}
	}
	if (r < 0)
		return r;
	/* an empty list says "nothing": a prefix list, the usual -4/-6 */
	if (kind != 2)
		l->pfx = true;
	else
		l->asn = true;
	return 0;
mixed:
	return rsg__json_error(j, j->line, 0,
	    "list \"%s\" mixes prefixes and AS numbers", l->name);
}

static int
bgpq4_parse(struct json *j, struct irr_db *db)
{
	struct json_val o, k;
	int r;

	do {
		if (rsg__json_next(j, &o) != 0
		    || rsg__json_expect(
			   j, &o, JSON_OBJECT, "an object (bgpq4 -j output)")
			!= 0)
			return RSG_EPARSE;
		while ((r = rsg__json_member(j, &k)) > 0)
			if ((r = bgpq4_list(j, db, &k)) != 0)
				return r;
		if (r < 0)
			return r;
	} while (rsg__json_peek(j) == '{');
	return rsg__json_finish(j);
}

struct bgpq4_arg {
	struct irr_db *db;
	struct rsg_error *err;
};

static int
bgpq4_run_cb(struct json *j, void *arg)
{
	struct bgpq4_arg *a = arg;
	struct irr_db tmp;
	int rc;

	/* read aside: nothing of a broken file is kept */
	rsg__irr_db_init(&tmp);
	rc = bgpq4_parse(j, &tmp);
	if (j->failed)
		rc = j->rc;
	else if (rc == RSG_ENOMEM)
		rsg__err(a->err, rc, j->name, 0, 0, "out of memory");
	if (rc == 0 && (rc = rsg__irr_lists_merge(a->db, &tmp)) != 0)
		rsg__err(a->err, rc, j->name, 0, 0, "out of memory");
	rsg__irr_db_free(&tmp);
	return rc;
}

int
rsg__irr_db_add_bgpq4_file(
    struct irr_db *db, const char *path, struct rsg_error *err)
{
	struct bgpq4_arg a = { db, err };

	return rsg__json_run_file(path, bgpq4_run_cb, &a, err);
}

int
rsg__irr_db_add_bgpq4_buf(struct irr_db *db, const char *name, const char *buf,
    size_t len, struct rsg_error *err)
{
	struct bgpq4_arg a = { db, err };

	return rsg__json_run_buf(name, buf, len, bgpq4_run_cb, &a, err);
}
