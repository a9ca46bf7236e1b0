/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The IRR database (irr.h): route objects in a vector, sets in a vector
 * with an open-addressing index on (name, source), and the expansion of
 * an AS-SET to its ASNs.
 *
 * Invariants:
 *  - index holds each set once under (name, src); it is at most half
 *    full.
 *  - An expansion visits each set once; its ASN list is compacted (sorted,
 *    unique) whenever it doubles past the cap, so memory stays bounded by
 *    about twice the cap whatever the sets hold.
 */
#include "config.h"

#include "irr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addr.h"
#include "alloc.h"
#include "json.h"
#include "util.h"

#define IRR_MAX_DEPTH 1024

static char
irr_upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

static uint32_t
irr_hash(const char *name, unsigned src)
{
	uint32_t h = 2166136261u;

	for (const char *p = name; *p != '\0'; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	return h ^ (src * 0x9e3779b1u);
}

void
rsg__irr_db_init(struct irr_db *db)
{
	memset(db, 0, sizeof(*db));
}

void
rsg__irr_db_free(struct irr_db *db)
{
	for (size_t i = 0; i < db->sets.n; i++) {
		rsg__free(db->sets.v[i].name);
		rsg__free(db->sets.v[i].members);
	}
	VEC_FREE(&db->sets);
	VEC_FREE(&db->routes);
	rsg__irr_lists_free(db);
	rsg__free(db->index);
	memset(db, 0, sizeof(*db));
}

void
rsg__irr_db_del(struct irr_db *db)
{
	if (db == NULL)
		return;
	rsg__irr_db_free(db);
	rsg__free(db);
}

/* The number of a source, added if new; -1 if there are too many. */
static int
irr_source(struct irr_db *db, const char *name, size_t len)
{
	char up[RPSL_MAX_SOURCE + 1];

	if (len > RPSL_MAX_SOURCE)
		len = RPSL_MAX_SOURCE;
	for (size_t i = 0; i < len; i++)
		up[i] = irr_upper(name[i]);
	up[len] = '\0';
	for (unsigned i = 0; i < db->nsources; i++)
		if (strcmp(db->sources[i], up) == 0)
			return (int)i;
	if (db->only_listed)
		return -2;
	if (db->nsources >= IRR_MAX_SOURCES)
		return -1;
	memcpy(db->sources[db->nsources], up, len + 1);
	return (int)db->nsources++;
}

int
rsg__irr_db_set_sources(
    struct irr_db *db, const char *const *names, size_t n, bool only)
{
	db->only_listed = false;
	for (size_t i = 0; i < n; i++)
		if (irr_source(db, names[i], strlen(names[i])) < 0)
			return RSG_ERANGE;
	db->only_listed = only;
	return 0;
}

static size_t
irr_slot(const struct irr_db *db, const char *name, unsigned src, uint32_t h)
{
	size_t mask = db->index_size - 1, i = h & mask;

	for (;; i = (i + 1) & mask) {
		uint32_t k = db->index[i];
		const struct irr_set *s;

		if (k == 0)
			return i;
		s = &db->sets.v[k - 1];
		if (s->hash == h && s->src == src && strcmp(s->name, name) == 0)
			return i;
	}
}

static int
irr_index_grow(struct irr_db *db)
{
	size_t size = db->index_size ? db->index_size * 2 : 1024;
	uint32_t *old = db->index;

	if ((db->index = rsg__calloc(size, sizeof(uint32_t))) == NULL) {
		db->index = old;
		return RSG_ENOMEM;
	}
	db->index_size = size;
	for (size_t i = 0; i < db->sets.n; i++) {
		struct irr_set *s = &db->sets.v[i];

		db->index[irr_slot(db, s->name, s->src, s->hash)] =
		    (uint32_t)i + 1;
	}
	rsg__free(old);
	return 0;
}

static int
irr_add_set(struct irr_db *db, const struct rpsl_obj *o, unsigned src)
{
	char name[RPSL_MAX_KEY + 1];
	struct irr_set s, *old;
	size_t slot;
	uint32_t h;

	if (!rsg__irr_set_name(o->key, o->key_len, name, sizeof(name), NULL, 0))
		return 0; /* no name a member could refer to */
	if ((db->sets.n + 1) * 2 > db->index_size && irr_index_grow(db) != 0)
		return RSG_ENOMEM;
	h = irr_hash(name, src);
	slot = irr_slot(db, name, src, h);
	memset(&s, 0, sizeof(s));
	s.hash = h;
	s.src = (uint8_t)src;
	s.cls = (uint8_t)o->cls;
	s.members_len = o->members_len;
	if ((s.name = rsg__strdup(name)) == NULL
	    || (s.members = rsg__strndup(o->members, o->members_len)) == NULL) {
		rsg__free(s.name);
		return RSG_ENOMEM;
	}
	if (db->index[slot] != 0) {
		/* the same set again (a dump read twice, a newer reply) */
		old = &db->sets.v[db->index[slot] - 1];
		rsg__free(old->name);
		rsg__free(old->members);
		*old = s;
		db->replaced++;
		return 0;
	}
	if (VEC_PUSH(&db->sets, s) != 0) {
		rsg__free(s.name);
		rsg__free(s.members);
		return RSG_ENOMEM;
	}
	db->index[slot] = (uint32_t)db->sets.n;
	return 0;
}

int
rsg__irr_db_merge(struct irr_db *dst, const struct irr_db *src)
{
	int map[IRR_MAX_SOURCES];

	for (unsigned i = 0; i < src->nsources; i++)
		map[i] =
		    irr_source(dst, src->sources[i], strlen(src->sources[i]));
	for (size_t i = 0; i < src->routes.n; i++) {
		struct irr_route r = src->routes.v[i];

		if (map[r.src] == -2)
			continue;
		if (map[r.src] < 0)
			return RSG_ERANGE;
		r.src = (uint8_t)map[r.src];
		if (VEC_PUSH(&dst->routes, r) != 0)
			return RSG_ENOMEM;
	}
	for (size_t i = 0; i < src->sets.n; i++) {
		const struct irr_set *s = &src->sets.v[i];
		struct rpsl_obj o;
		int rc;

		if (map[s->src] == -2)
			continue;
		if (map[s->src] < 0)
			return RSG_ERANGE;
		memset(&o, 0, sizeof(o));
		o.cls = s->cls;
		o.key = s->name;
		o.key_len = strlen(s->name);
		o.members = s->members;
		o.members_len = s->members_len;
		if ((rc = irr_add_set(dst, &o, (unsigned)map[s->src])) != 0)
			return rc;
	}
	dst->aut_nums += src->aut_nums;
	return rsg__irr_lists_merge(dst, src);
}

uint64_t
rsg__irr_db_hash(const struct irr_db *db)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < db->routes.n; i++) {
		const struct irr_route *r = &db->routes.v[i];
		/* field by field: struct copies need not keep the padding */
		uint32_t f[7] = { r->addr[0], r->addr[1], r->addr[2],
			r->addr[3], r->origin,
			(uint32_t)r->afi << 16 | (uint32_t)r->len << 8 | r->src,
			0 };

		for (size_t k = 0; k < 6; k++)
			h = (h ^ f[k]) * 1099511628211ull;
	}
	for (size_t i = 0; i < db->sets.n; i++) {
		const struct irr_set *s = &db->sets.v[i];

		h ^= (uint64_t)s->hash * 0x9e3779b97f4a7c15ull;
		for (size_t k = 0; k < s->members_len; k++)
			h = (h ^ (uint8_t)s->members[k]) * 1099511628211ull;
		h = (h ^ s->src) * 1099511628211ull;
	}
	return rsg__irr_lists_hash(db, h);
}

size_t
rsg__irr_db_records(const struct irr_db *db)
{
	size_t n = db->routes.n + db->sets.n;

	for (size_t i = 0; i < db->lists.n; i++)
		n += db->lists.v[i].ent.n + db->lists.v[i].asns.n;
	return n;
}

struct irr_load {
	struct irr_db *db;
	const char *dflt_source;
};

static int
irr_add(struct irr_db *db, const struct rpsl_obj *o, const char *dflt)
{
	const char *sname = o->source_len ? o->source : (dflt ? dflt : "");
	int src = irr_source(db, sname, strlen(sname));
	struct irr_route r;

	if (src == -2) {
		db->unlisted++;
		return 0;
	}
	if (src < 0)
		return RSG_ERANGE;
	switch (o->cls) {
	case RPSL_ROUTE:
	case RPSL_ROUTE6:
		memset(&r, 0, sizeof(r));
		memcpy(r.addr, o->prefix.ip.addr, sizeof(r.addr));
		r.afi = o->prefix.ip.afi;
		r.len = o->prefix.len;
		r.origin = o->origin;
		r.src = (uint8_t)src;
		return VEC_PUSH(&db->routes, r) != 0 ? RSG_ENOMEM : 0;
	case RPSL_AS_SET:
	case RPSL_ROUTE_SET:
		return irr_add_set(db, o, (unsigned)src);
	case RPSL_AUT_NUM:
		db->aut_nums++;
		return 0;
	default:
		return 0;
	}
}

int
rsg__irr_db_add_obj(void *arg, const struct rpsl_obj *o)
{
	return irr_add(arg, o, NULL);
}

static int
irr_load_obj(void *arg, const struct rpsl_obj *o)
{
	struct irr_load *l = arg;

	return irr_add(l->db, o, l->dflt_source);
}

static int
irr_load_error(int rc, const char *name, struct rsg_error *err)
{
	if (rc == RSG_ERANGE)
		return rsg__err(err, rc, name, 0, 0, "more than %d IRR sources",
		    IRR_MAX_SOURCES);
	if (rc == RSG_ENOMEM && (err == NULL || err->code == 0))
		return rsg__err(err, rc, name, 0, 0, "out of memory");
	return rc;
}

int
rsg__irr_db_add_rpsl_file(struct irr_db *db, const char *path,
    const char *dflt_source, struct rpsl_stats *st, struct rsg_error *err)
{
	struct irr_load l = { db, dflt_source };
	int rc = rsg__rpsl_parse_file(path, irr_load_obj, &l, st, err);

	return rc != 0 ? irr_load_error(rc, path, err) : 0;
}

int
rsg__irr_db_add_rpsl_buf(struct irr_db *db, const char *name, const char *buf,
    size_t len, const char *dflt_source, struct rpsl_stats *st,
    struct rsg_error *err)
{
	struct irr_load l = { db, dflt_source };
	int rc = rsg__rpsl_parse_buf(name, buf, len, irr_load_obj, &l, st, err);

	return rc != 0 ? irr_load_error(rc, name, err) : 0;
}

/* ------------------------------------------------------------------ */
/* ARIN bulk whois                                                     */

static int
arin_record(struct json *j, struct irr_db *db, unsigned afi, int src)
{
	struct json_val o, k, v;
	struct rsg_prefix pfx;
	bool have_pfx = false;
	char asns[512] = "";
	unsigned line = 0, col = 0;
	int r;

	if (rsg__json_next(j, &o) != 0
	    || rsg__json_expect(j, &o, JSON_OBJECT, "a record object") != 0)
		return RSG_EPARSE;
	while ((r = rsg__json_member(j, &k)) > 0) {
		bool is_pfx = json_is(&k, "prefix");

		if (!is_pfx && !json_is(&k, "originas")) {
			if (rsg__json_skip_value(j) != 0)
				return RSG_EPARSE;
			continue;
		}
		if (rsg__json_next(j, &v) != 0
		    || rsg__json_expect(j, &v, JSON_STRING, "a string") != 0)
			return RSG_EPARSE;
		if (is_pfx) {
			if (rsg__prefix_parse(v.s, v.len, &pfx, false) != 0
			    || pfx.ip.afi != afi)
				return rsg__json_error(j, v.line, v.col,
				    "\"%.*s\" is no IPv%c prefix",
				    (int)(v.len > 50 ? 50 : v.len), v.s,
				    afi == RSG_AFI_IPV4 ? '4' : '6');
			have_pfx = true;
			line = v.line;
			col = v.col;
		} else {
			snprintf(asns, sizeof(asns), "%.*s",
			    (int)(v.len < sizeof(asns) ? v.len
						       : sizeof(asns) - 1),
			    v.s);
		}
	}
	if (r < 0)
		return r;
	if (!have_pfx)
		return rsg__json_error(
		    j, o.line, o.col, "record without \"prefix\"");
	/* "AS1" or "AS1 AS2": a route object per origin */
	for (size_t pos = 0, n; asns[pos] != '\0';) {
		const char *t;
		uint32_t asn;
		struct irr_route ro;

		if (!rsg__rpsl_member(asns, strlen(asns), &pos, &t, &n))
			break;
		if (rsg__parse_asn(t, n, &asn) != 0)
			return rsg__json_error(j, line, col,
			    "originas \"%.*s\" is no AS number",
			    (int)(n > 20 ? 20 : n), t);
		memset(&ro, 0, sizeof(ro));
		memcpy(ro.addr, pfx.ip.addr, sizeof(ro.addr));
		ro.afi = (uint8_t)afi;
		ro.len = pfx.len;
		ro.origin = asn;
		ro.src = (uint8_t)src;
		if (VEC_PUSH(&db->routes, ro) != 0)
			return RSG_ENOMEM;
	}
	return 0;
}

static int
arin_parse(struct json *j, struct irr_db *db)
{
	struct json_val o, k, v, fk;
	bool have = false;
	int src = irr_source(db, "ARIN-WHOIS", 10), r;

	if (src < 0)
		return src == -2 ? 0 : RSG_ERANGE;
	if (rsg__json_next(j, &o) != 0
	    || rsg__json_expect(j, &o, JSON_OBJECT, "a JSON object") != 0)
		return RSG_EPARSE;
	while ((r = rsg__json_member(j, &k)) > 0) {
		if (!json_is(&k, "whois_records")) {
			if (rsg__json_skip_value(j) != 0)
				return RSG_EPARSE;
			continue;
		}
		have = true;
		if (rsg__json_next(j, &v) != 0
		    || rsg__json_expect(j, &v, JSON_OBJECT,
			   "an object for \"whois_records\"")
			!= 0)
			return RSG_EPARSE;
		while ((r = rsg__json_member(j, &fk)) > 0) {
			unsigned afi = json_is(&fk, "v4") ? RSG_AFI_IPV4
			    : json_is(&fk, "v6")          ? RSG_AFI_IPV6
							  : 0;
			struct json_val a;

			if (afi == 0) {
				if (rsg__json_skip_value(j) != 0)
					return RSG_EPARSE;
				continue;
			}
			if (rsg__json_next(j, &a) != 0
			    || rsg__json_expect(j, &a, JSON_ARRAY, "an array")
				!= 0)
				return RSG_EPARSE;
			while ((r = rsg__json_element(j)) > 0)
				if ((r = arin_record(j, db, afi, src)) != 0)
					return r;
			if (r < 0)
				return r;
		}
		if (r < 0)
			return r;
	}
	if (r < 0)
		return r;
	if (!have)
		return rsg__json_error(
		    j, o.line, o.col, "missing member \"whois_records\"");
	return rsg__json_finish(j);
}

struct arin_arg {
	struct irr_db *db;
	struct rsg_error *err;
};

static int
arin_run_cb(struct json *j, void *arg)
{
	struct arin_arg *a = arg;
	size_t n0 = a->db->routes.n;
	int rc = arin_parse(j, a->db);

	if (j->failed)
		rc = j->rc;
	else if (rc == RSG_ENOMEM)
		rsg__err(a->err, rc, j->name, 0, 0, "out of memory");
	if (rc != 0)
		a->db->routes.n = n0;
	return rc;
}

int
rsg__irr_db_add_arin_file(
    struct irr_db *db, const char *path, struct rsg_error *err)
{
	struct arin_arg a = { db, err };

	return rsg__json_run_file(path, arin_run_cb, &a, err);
}

int
rsg__irr_db_add_arin_buf(struct irr_db *db, const char *name, const char *buf,
    size_t len, struct rsg_error *err)
{
	struct arin_arg a = { db, err };

	return rsg__json_run_buf(name, buf, len, arin_run_cb, &a, err);
}

/* ------------------------------------------------------------------ */
/* PeeringDB irr_as_set                                                */

static const char *const irr_known_sources[] = { "RIPE", "APNIC", "AFRINIC",
	"ARIN", "NTTCOM", "ALTDB", "BBOI", "BELL", "JPIRR", "LEVEL3", "RADB",
	"TC", "LACNIC", "IDNIC", NULL };

static bool
irr_known_source(const char *s, size_t n)
{
	for (size_t i = 0; irr_known_sources[i] != NULL; i++)
		if (strlen(irr_known_sources[i]) == n
		    && strncasecmp(irr_known_sources[i], s, n) == 0)
			return true;
	return false;
}

/* "AS<n>" or set-name parts joined by ':', one of them "AS-..." */
static bool
irr_pdb_name_ok(const char *s)
{
	bool dash = false;
	const char *p = s;

	if (s[0] == 'A' && s[1] == 'S' && s[2] >= '0' && s[2] <= '9') {
		for (p = s + 2; *p >= '0' && *p <= '9'; p++)
			;
		if (*p == '\0')
			return true;
	}
	for (p = s; *p != '\0';) {
		const char *e = strchr(p, ':');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (n > 3 && strncmp(p, "AS-", 3) == 0) {
			char last = p[n - 1];

			for (size_t i = 3; i < n; i++)
				if (!((p[i] >= 'A' && p[i] <= 'Z')
					|| (p[i] >= '0' && p[i] <= '9')
					|| p[i] == '_' || p[i] == '-'))
					return false;
			if (!((last >= 'A' && last <= 'Z')
				|| (last >= '0' && last <= '9')))
				return false;
			dash = true;
		} else {
			if (n < 3 || p[0] != 'A' || p[1] != 'S')
				return false;
			for (size_t i = 2; i < n; i++)
				if (p[i] < '0' || p[i] > '9')
					return false;
		}
		p += n;
		if (*p == ':')
			p++;
	}
	return dash;
}

size_t
rsg__irr_pdb_as_sets(const char *raw, char out[][RPSL_MAX_KEY + 1], size_t cap)
{
	size_t count = 0;

	for (const char *p = raw; p != NULL && *p != '\0';) {
		char tok[RPSL_MAX_KEY + 1], res[RPSL_MAX_KEY + 1];
		const char *src = NULL, *name;
		size_t n = strcspn(p, "/,& \t\r\n"), srclen = 0;
		char *at, *colon;

		if (n == 0 || n > RPSL_MAX_KEY) {
			p += n > 0 ? n : 1;
			continue;
		}
		for (size_t i = 0; i < n; i++)
			tok[i] = irr_upper(p[i]);
		tok[n] = '\0';
		p += n;
		name = tok;
		if (strncmp(name, "IPV4:", 5) == 0
		    || strncmp(name, "IPV6:", 5) == 0)
			name += 5;
		if ((at = strchr(tok, '@')) != NULL
		    && irr_known_source(at + 1, strlen(at + 1))) {
			/* AS-FOO@RIPE */
			*at = '\0';
			src = at + 1;
			srclen = strlen(src);
		} else if ((colon = strstr(name, "::")) != NULL) {
			src = name;
			srclen = (size_t)(colon - name);
			name = colon + 2;
		} else if ((colon = strchr(name, ':')) != NULL
		    && irr_known_source(name, (size_t)(colon - name))) {
			/* RIPE:AS-FOO */
			src = name;
			srclen = (size_t)(colon - name);
			name = colon + 1;
		}
		if (!irr_pdb_name_ok(name))
			continue;
		if (src != NULL) {
			for (size_t i = 0; i < srclen; i++)
				if (src[i] < 'A' || src[i] > 'Z')
					goto next;
			if (snprintf(res, sizeof(res), "%.*s::%s", (int)srclen,
				src, name)
			    >= (int)sizeof(res))
				continue;
		} else {
			snprintf(res, sizeof(res), "%s", name);
		}
		for (size_t i = 0; i < count; i++)
			if (strcmp(out[i], res) == 0)
				goto next;
		if (count < cap)
			memcpy(out[count++], res, strlen(res) + 1);
	next:;
	}
	return count;
}

bool
rsg__irr_set_name(
    const char *s, size_t n, char *buf, size_t len, char *src, size_t srclen)
{
	size_t i, o = 0;

	if (src != NULL && srclen > 0)
		src[0] = '\0';
	/* "SOURCE::NAME" */
	for (i = 0; i + 1 < n; i++) {
		if (s[i] == ':' && s[i + 1] == ':') {
			if (i == 0 || src == NULL || i >= srclen)
				return false;
			for (size_t j = 0; j < i; j++) {
				char c = irr_upper(s[j]);

				if (!((c >= 'A' && c <= 'Z')
					|| (c >= '0' && c <= '9') || c == '-'
					|| c == '_'))
					return false;
				src[j] = c;
			}
			src[i] = '\0';
			s += i + 2;
			n -= i + 2;
			break;
		}
	}
	if (n == 0 || n >= len)
		return false;
	for (i = 0; i < n; i++) {
		char c = irr_upper(s[i]);

		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
			|| c == '-' || c == '_' || c == ':' || c == '.'))
			return false;
		buf[o++] = c;
	}
	if (buf[0] == ':' || buf[o - 1] == ':')
		return false;
	buf[o] = '\0';
	return true;
}

static const struct irr_set *
irr_find(const struct irr_db *db, const char *name, int src)
{
	if (db->index_size == 0)
		return NULL;
	for (unsigned i = 0; i < db->nsources; i++) {
		unsigned s = src >= 0 ? (unsigned)src : i;
		uint32_t k =
		    db->index[irr_slot(db, name, s, irr_hash(name, s))];

		if (k != 0)
			return &db->sets.v[k - 1];
		if (src >= 0)
			break;
	}
	return NULL;
}

/* Look up "NAME" or "SRC::NAME"; NULL if no source has it. */
static const struct irr_set *
irr_lookup(const struct irr_db *db, const char *s, size_t n)
{
	char name[RPSL_MAX_KEY + 1], src[RPSL_MAX_SOURCE + 1];
	int si = -1;

	if (!rsg__irr_set_name(s, n, name, sizeof(name), src, sizeof(src)))
		return NULL;
	if (src[0] != '\0') {
		for (unsigned i = 0; i < db->nsources; i++)
			if (strcmp(db->sources[i], src) == 0)
				si = (int)i;
		if (si < 0)
			return NULL;
	}
	return irr_find(db, name, si);
}

const struct irr_set *
rsg__irr_db_set(const struct irr_db *db, const char *name, size_t len)
{
	return irr_lookup(db, name, len);
}

/* ------------------------------------------------------------------ */
/* Route sets                                                          */

static int
irr_route_cmp(const void *a, const void *b)
{
	const struct irr_route *x = a, *y = b;

	if (x->origin != y->origin)
		return x->origin < y->origin ? -1 : 1;
	if (x->afi != y->afi)
		return x->afi < y->afi ? -1 : 1;
	for (unsigned i = 0; i < 4; i++)
		if (x->addr[i] != y->addr[i])
			return x->addr[i] < y->addr[i] ? -1 : 1;
	return (int)x->len - (int)y->len;
}

void
rsg__irr_db_finish(struct irr_db *db)
{
	size_t o = 0;

	rsg__irr_lists_finish(db);
	if (db->routes.n == 0)
		return;
	qsort(db->routes.v, db->routes.n, sizeof(struct irr_route),
	    irr_route_cmp);
	for (size_t i = 0; i < db->routes.n; i++)
		if (o == 0
		    || irr_route_cmp(&db->routes.v[o - 1], &db->routes.v[i])
			!= 0)
			db->routes.v[o++] = db->routes.v[i];
	db->routes.n = o;
}

static int
irr_pfx_cmp(const void *a, const void *b)
{
	const struct rsg_prefix *x = a, *y = b;

	for (unsigned i = 0; i < 4; i++)
		if (x->ip.addr[i] != y->ip.addr[i])
			return x->ip.addr[i] < y->ip.addr[i] ? -1 : 1;
	return (int)x->len - (int)y->len;
}

int
rsg__irr_rset(const struct irr_db *db, const uint32_t *asns, size_t n,
    unsigned afi, struct irr_pfx_vec *out)
{
	size_t n0 = out->n, o;

	for (size_t k = 0; k < n; k++) {
		/* the first route object of asns[k] */
		size_t lo = 0, hi = db->routes.n;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (db->routes.v[mid].origin < asns[k])
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < db->routes.n && db->routes.v[lo].origin == asns[k];
		     lo++) {
			const struct irr_route *r = &db->routes.v[lo];
			struct rsg_prefix p;

			if (r->afi != afi)
				continue;
			memset(&p, 0, sizeof(p));
			memcpy(p.ip.addr, r->addr, sizeof(p.ip.addr));
			p.ip.afi = r->afi;
			p.len = r->len;
			if (VEC_PUSH(out, p) != 0)
				return RSG_ENOMEM;
		}
	}
	if (out->n - n0 < 2)
		return 0;
	qsort(out->v + n0, out->n - n0, sizeof(struct rsg_prefix), irr_pfx_cmp);
	o = n0 + 1;
	for (size_t i = n0 + 1; i < out->n; i++)
		if (irr_pfx_cmp(&out->v[o - 1], &out->v[i]) != 0)
			out->v[o++] = out->v[i];
	out->n = o;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Expansion                                                           */

struct irr_walk {
	const struct irr_db *db;
	unsigned max_depth;
	size_t max_asns;
	uint8_t *seen; /* a byte per set */
	struct {
		uint32_t *v;
		size_t n, cap;
	} asns;
	struct irr_expansion *x;
	const char *top;
};

static void
irr_compact(struct irr_walk *w)
{
	size_t o = 0;

	if (w->asns.n == 0)
		return;
	qsort(w->asns.v, w->asns.n, sizeof(uint32_t), u32_qcmp);
	for (size_t i = 0; i < w->asns.n; i++)
		if (o == 0 || w->asns.v[o - 1] != w->asns.v[i])
			w->asns.v[o++] = w->asns.v[i];
	w->asns.n = o;
}

static bool
irr_is_asn(const char *t, size_t n, uint32_t *asn)
{
	return n > 2 && (t[0] == 'A' || t[0] == 'a')
	    && (t[1] == 'S' || t[1] == 's') && t[2] >= '0' && t[2] <= '9'
	    && rsg__parse_asn(t, n, asn) == 0;
}

static void
irr_note(struct irr_walk *w, const struct irr_set *s, const char *t, size_t n,
    const char *why)
{
	if (w->x->note[0] != '\0')
		return;
	snprintf(w->x->note, sizeof(w->x->note), "%s: member %.*s: %s", s->name,
	    (int)(n > 64 ? 64 : n), t, why);
}

static int
irr_walk(struct irr_walk *w, const struct irr_set *s, unsigned depth)
{
	size_t pos = 0, n;
	const char *t;

	w->seen[s - w->db->sets.v] = 1;
	w->x->sets++;
	if (depth > w->x->depth)
		w->x->depth = depth;
	while (rsg__rpsl_member(s->members, s->members_len, &pos, &t, &n)) {
		const struct irr_set *m;
		uint32_t asn;
		int rc;

		if (irr_is_asn(t, n, &asn)) {
			if (VEC_PUSH(&w->asns, asn) != 0)
				return RSG_ENOMEM;
			if (w->asns.n > 2 * w->max_asns + 1024) {
				irr_compact(w);
				if (w->asns.n > w->max_asns)
					return RSG_ERANGE;
			}
			continue;
		}
		if (s->cls != RPSL_AS_SET)
			continue; /* route-set members: prefixes, other sets */
		m = irr_lookup(w->db, t, n);
		if (m == NULL) {
			/* AS-ANY and route-sets in an as-set are no ASNs */
			if (n >= 3 && strncasecmp(t, "AS-", 3) == 0
			    && !(n == 6 && strncasecmp(t, "AS-ANY", 6) == 0)) {
				w->x->missing++;
				irr_note(
				    w, s, t, n, "no such set in any source");
			}
			continue;
		}
		if (m->cls != RPSL_AS_SET || w->seen[m - w->db->sets.v])
			continue; /* a cycle closes here */
		if (depth >= w->max_depth) {
			w->x->cut++;
			irr_note(w, s, t, n, "deeper than the depth cap");
			continue;
		}
		if ((rc = irr_walk(w, m, depth + 1)) != 0)
			return rc;
	}
	return 0;
}

int
rsg__irr_expand(const struct irr_db *db, const char *name,
    const struct irr_expand_opts *opts, struct irr_expansion *out,
    struct rsg_error *err)
{
	struct irr_walk w;
	const struct irr_set *s;
	size_t n = strlen(name);
	uint32_t asn;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	w.db = db;
	w.x = out;
	w.top = name;
	w.max_depth =
	    opts && opts->max_depth ? opts->max_depth : IRR_DEFAULT_DEPTH;
	if (w.max_depth > IRR_MAX_DEPTH)
		w.max_depth = IRR_MAX_DEPTH;
	w.max_asns = opts && opts->max_asns ? opts->max_asns : IRR_DEFAULT_ASNS;

	if (irr_is_asn(name, n, &asn)) {
		if ((out->asns = rsg__malloc(sizeof(uint32_t))) == NULL)
			return RSG_ENOMEM;
		out->asns[0] = asn;
		out->nasns = 1;
		return 0;
	}
	if ((s = irr_lookup(db, name, n)) == NULL || s->cls != RPSL_AS_SET)
		return rsg__err(err, RSG_ENOENT, name, 0, 0,
		    "no such as-set in the IRR sources");
	if ((w.seen = rsg__calloc(db->sets.n, 1)) == NULL)
		return RSG_ENOMEM;
	rc = irr_walk(&w, s, 1);
	if (rc == 0) {
		irr_compact(&w);
		if (w.asns.n > w.max_asns)
			rc = RSG_ERANGE;
	}
	if (rc == RSG_ERANGE)
		rsg__err(err, rc, name, 0, 0,
		    "expands to more than %zu ASNs (the cap; a set this large "
		    "is no client's customer cone): not used",
		    w.max_asns);
	else if (rc == RSG_ENOMEM)
		rsg__err(err, rc, name, 0, 0, "out of memory");
	rsg__free(w.seen);
	if (rc != 0) {
		VEC_FREE(&w.asns);
		out->nasns = 0;
		return rc;
	}
	out->asns = w.asns.v;
	out->nasns = w.asns.n;
	return 0;
}

void
rsg__irr_expansion_free(struct irr_expansion *x)
{
	rsg__free(x->asns);
	x->asns = NULL;
	x->nasns = 0;
}
