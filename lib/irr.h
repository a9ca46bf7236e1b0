/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * irr: IRR data as the checks need it, gathered from RPSL (dumps, whois
 * replies): route objects as (prefix, origin, source), and as-sets and
 * route-sets by name and source, from which a client's AS-SET expands to
 * the ASNs it stands for.
 *
 * Names are case-insensitive (RFC 2622) and kept upper-case. A set name
 * may carry its source, "RIPE::AS-FOO" (arouteserver, bgpq4 -S, PeeringDB
 * irr_as_set): then only that source's object counts; otherwise the first
 * source in the database's order that has one. An AS number stands for
 * itself.
 *
 * Expansion follows as-set members depth first, each set once (a cycle
 * ends where it closes, as bgpq4 does); a member no source has is left
 * out and reported; depth and size are capped, and a set that expands
 * beyond the ASN cap is an error rather than a partial answer: a client
 * filtered against part of its set would lose routes silently.
 *
 * The database is built by one thread and read-only after.
 */
#ifndef RSG_IRR_H
#define RSG_IRR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "asnset.h"
#include "ptab.h"
#include "rpsl.h"
#include "rsguard.h"

#define IRR_MAX_SOURCES   32
#define IRR_DEFAULT_DEPTH 64
#define IRR_DEFAULT_ASNS  100000

struct irr_route {
	uint32_t addr[4]; /* host bits zero */
	uint32_t origin;
	uint8_t afi; /* RSG_AFI_* */
	uint8_t len;
	uint8_t src; /* index into sources */
};

struct irr_set {
	char *name;    /* upper-case, without source */
	char *members; /* members and mp-members, ',' separated */
	size_t members_len;
	uint32_t hash;
	uint8_t src;
	uint8_t cls; /* RPSL_AS_SET or RPSL_ROUTE_SET */
};

/* A bgpq4 -j prefix list entry: prefix, and the lengths it allows. */
struct irr_lent {
	uint32_t addr[4]; /* host bits zero */
	uint8_t afi;      /* RSG_AFI_* */
	uint8_t len;
	uint8_t ge; /* len <= ge <= le <= the family's bits */
	uint8_t le;
};

/*
 * A list bgpq4 printed with -j under a name (-l): prefixes (-4, -6) or
 * ASNs (-t, -f); files with the same name add up (the -4 and -6 runs).
 */
struct irr_list {
	char *name;  /* upper-case */
	uint32_t id; /* rsg__irr_db_finish(): unique in the db, < 2^24 */
	bool pfx;    /* has prefixes (or an empty prefix list) */
	bool asn;    /* has ASNs */
	struct {
		struct irr_lent *v;
		size_t n, cap;
	} ent;
	struct {
		uint32_t *v;
		size_t n, cap;
	} asns;
};

#define IRR_LIST_ID_BITS 24

struct irr_db {
	char sources[IRR_MAX_SOURCES][RPSL_MAX_SOURCE + 1];
	unsigned nsources;
	struct {
		struct irr_route *v;
		size_t n, cap;
	} routes;
	struct {
		struct irr_set *v;
		size_t n, cap;
	} sets;
	struct {
		struct irr_list *v; /* by name after rsg__irr_db_finish() */
		size_t n, cap;
	} lists;
	uint32_t *index; /* open addressing: set number + 1, 0 empty */
	size_t index_size;
	bool only_listed; /* objects of other sources are left out */
	uint64_t aut_nums;
	uint64_t replaced; /* sets read again from the same source */
	uint64_t unlisted; /* objects of sources not listed, left out */
};

void rsg__irr_db_init(struct irr_db *db);
void rsg__irr_db_free(struct irr_db *db);
/* An allocated one (rsg__calloc), freed whole; NULL-safe. */
void rsg__irr_db_del(struct irr_db *db);
/* Everything of src added to dst, by source name (dst's order and
 * only_listed apply). 0, RSG_ERANGE or RSG_ENOMEM. */
int rsg__irr_db_merge(struct irr_db *dst, const struct irr_db *src);
/* Of the content: an equal file read again changes nothing. */
uint64_t rsg__irr_db_hash(const struct irr_db *db);
/* Route objects, sets and list entries. */
size_t rsg__irr_db_records(const struct irr_db *db);

/*
 * The source order: names (case-insensitive) first to last. With only,
 * objects of other sources are left out (counted in unlisted), as an
 * IRRd answers for the sources selected with !s; without, sources met
 * later in the data are appended. Call before adding data. 0 or
 * RSG_ERANGE (more than IRR_MAX_SOURCES).
 */
int rsg__irr_db_set_sources(
    struct irr_db *db, const char *const *names, size_t n, bool only);

/*
 * Add one RPSL object (an rpsl_obj_cb: pass the db as arg). Objects
 * without source take dflt_source of rsg__irr_db_add_rpsl(), or "" .
 * A set already present from the same source is replaced.
 */
int rsg__irr_db_add_obj(void *db, const struct rpsl_obj *o);

/* Every object of an RPSL file or buffer; dflt_source for objects
 * without "source:" (NULL: none). */
int rsg__irr_db_add_rpsl_file(struct irr_db *db, const char *path,
    const char *dflt_source, struct rpsl_stats *st, struct rsg_error *err);
int rsg__irr_db_add_rpsl_buf(struct irr_db *db, const char *name,
    const char *buf, size_t len, const char *dflt_source, struct rpsl_stats *st,
    struct rsg_error *err);

/*
 * Done adding: route objects sorted by origin and de-duplicated (the same
 * prefix and origin from two sources is one). Call before rsg__irr_rset().
 */
void rsg__irr_db_finish(struct irr_db *db);

/*
 * The route set of some origins: the prefixes of every route object of
 * these ASNs (sorted), of one family, appended to out (each prefix once,
 * sorted). 0 or RSG_ENOMEM.
 */
struct irr_pfx_vec {
	struct rsg_prefix *v;
	size_t n, cap;
};
int rsg__irr_rset(const struct irr_db *db, const uint32_t *asns, size_t n,
    unsigned afi, struct irr_pfx_vec *out);

/*
 * ARIN's bulk whois "originas" data (arouteserver's
 * use_arin_bulk_whois_data): {"whois_records": {"v4": [{"prefix",
 * "originas"}, ...], "v6": [...]}} into route objects of source
 * ARIN-WHOIS. An "originas" may list several ASNs. Errors name the file,
 * line and column; nothing is kept of a file with an error.
 */
int rsg__irr_db_add_arin_file(
    struct irr_db *db, const char *path, struct rsg_error *err);
int rsg__irr_db_add_arin_buf(struct irr_db *db, const char *name,
    const char *buf, size_t len, struct rsg_error *err);

/*
 * bgpq4's JSON output (-j), for operators who run bgpq4 already: one or
 * more objects, each member a list by its name (-l): prefix entries
 * {"prefix", "exact", "greater-equal", "less-equal"} or AS numbers.
 * Concatenated runs (bgpq4 ... >> file) are read one after the other.
 * Errors name the file, line and column; nothing is kept of a file with
 * an error.
 */
int rsg__irr_db_add_bgpq4_file(
    struct irr_db *db, const char *path, struct rsg_error *err);
int rsg__irr_db_add_bgpq4_buf(struct irr_db *db, const char *name,
    const char *buf, size_t len, struct rsg_error *err);

/* The list of a name (case-insensitive, as bgpq4 -l gave it), or NULL.
 * After rsg__irr_db_finish(). */
const struct irr_list *rsg__irr_db_list(
    const struct irr_db *db, const char *name, size_t len);

/* Does entry e allow p (longer: any prefix e covers from ge on)? */
bool rsg__irr_lent_match(
    const struct irr_lent *e, const struct rsg_prefix *p, bool longer);

/* Internal to irr.c and irrlist.c. */
void rsg__irr_lists_free(struct irr_db *db);
int rsg__irr_lists_merge(struct irr_db *dst, const struct irr_db *src);
uint64_t rsg__irr_lists_hash(const struct irr_db *db, uint64_t h);
void rsg__irr_lists_finish(struct irr_db *db);

/*
 * The AS-SETs of a PeeringDB irr_as_set, arouteserver's way: items split
 * at blanks, ',', '/' and '&'; "ipv4:"/"ipv6:" dropped; "AS-X@RIPE" and
 * "RIPE:AS-X" read as RIPE::AS-X for the usual IRR sources; a name must be
 * an AS number or an RPSL set name with an "AS-" part. Appends each one
 * once (upper-case, NUL-separated) to out[0..cap), returns the count (a
 * name that does not fit is left out).
 */
size_t rsg__irr_pdb_as_sets(
    const char *raw, char out[][RPSL_MAX_KEY + 1], size_t cap);

/* A set by name ("AS-FOO" or "SRC::AS-FOO"), or NULL. */
const struct irr_set *rsg__irr_db_set(
    const struct irr_db *db, const char *name, size_t len);

struct irr_expand_opts {
	unsigned max_depth; /* 0: IRR_DEFAULT_DEPTH */
	size_t max_asns;    /* 0: IRR_DEFAULT_ASNS */
};

struct irr_expansion {
	uint32_t *asns; /* sorted, unique (rsg__free) */
	size_t nasns;
	size_t sets;    /* sets visited */
	unsigned depth; /* deepest level reached (the set itself: 1) */
	size_t missing; /* members no source has */
	size_t cut;     /* members left out below max_depth */
	/* the first of those, or "" ("AS-FOO: member AS-BAR: no such set") */
	char note[200];
};

/*
 * Expand an AS-SET (or an AS number) to its ASNs. 0; RSG_ENOENT if the
 * set itself is in no source; RSG_ERANGE if it expands to more than
 * max_asns ASNs; RSG_ENOMEM. err says which set and why.
 */
int rsg__irr_expand(const struct irr_db *db, const char *name,
    const struct irr_expand_opts *opts, struct irr_expansion *out,
    struct rsg_error *err);
void rsg__irr_expansion_free(struct irr_expansion *x);

/* Upper-case a set name into buf (at most len bytes, NUL-terminated);
 * its source, if "SRC::NAME", into src. false if it does not fit or is
 * no set name (empty parts, characters outside [A-Z0-9:_-]). */
bool rsg__irr_set_name(
    const char *s, size_t n, char *buf, size_t len, char *src, size_t srclen);

/*
 * The hot path: is there a route object in t (data: origin) for exactly
 * p (or, longer, covering p) whose origin is in asns? known, if not 0, is
 * an ASN already known to be in asns (the route's own origin, checked
 * just before): a route object of it needs no lookup, the usual case.
 * Never locks, allocates or blocks.
 */
static inline bool
rsg__irr_route_ok(const struct ptab *t, const struct asnset *asns,
    const struct rsg_prefix *p, bool longer, uint32_t known)
{
	const struct ptab_rec *r;
	struct ptab_iter it;

	if (t->nrec == 0)
		return false;
	ptab_iter_init(&it, t, p);
	if (!longer) {
		/* only the level of p's length holds p; its records come
		 * deepest first, so the first shorter one ends the search */
		while (it.lv < t->nlevels && t->lv[it.lv].maxlen < p->len)
			it.lv++;
		while ((r = ptab_iter_next(&it)) != NULL && r->len == p->len)
			if ((known != 0 && r->data == known)
			    || rsg__asnset_has(asns, r->data))
				return true;
		return false;
	}
	while ((r = ptab_iter_next(&it)) != NULL)
		if ((known != 0 && r->data == known)
		    || rsg__asnset_has(asns, r->data))
			return true;
	return false;
}

/*
 * The hot path: does an entry of one of the lists (ids) in t (struct
 * snap_irr's l4/l6) allow p? longer: p may be longer than an entry's
 * less-equal. Never locks, allocates or blocks.
 */
static inline bool
rsg__irr_list_ok(const struct ptab *t, const struct asnset *ids,
    const struct rsg_prefix *p, bool longer)
{
	const struct ptab_rec *r;
	struct ptab_iter it;

	if (t->nrec == 0 || ids->n == 0)
		return false;
	ptab_iter_init(&it, t, p);
	while ((r = ptab_iter_next(&it)) != NULL)
		if (p->len >= (r->data & 0xff)
		    && (longer || p->len <= r->maxlen)
		    && rsg__asnset_has(ids, r->data >> 8))
			return true;
	return false;
}

#endif /* RSG_IRR_H */
