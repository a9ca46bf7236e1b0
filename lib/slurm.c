/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * SLURM: local exceptions to RPKI data (RFC 8416), with the ASPA members
 * of draft-ietf-sidrops-aspa-slurm (slurmVersion 2: "aspaFilters" with
 * "customerAsid", "aspaAssertions" with "customerAsid" and
 * "providerAsids").
 *
 * Invariants:
 *  - The file is checked as strictly as RFC 8416 §3 describes it: every
 *    member the RFC requires must be present, members it does not define
 *    are errors, each member appears once, and every error names its line
 *    and column. BGPsec filters and assertions are checked but not kept.
 *  - A load appends to struct slurm (several files add up); on error
 *    everything appended is removed again, so a failed load leaves it as
 *    it was.
 *  - rsg__slurm_apply() reserves all memory before it changes anything:
 *    it either applies the whole file or fails with RSG_ENOMEM and leaves
 *    its inputs untouched. Filters never remove assertions (§4.2:
 *    filters first, then assertions).
 */
#include "config.h"

#include "rpki.h"

#include "addr.h"
#include "alloc.h"
#include "json.h"
#include "util.h"

struct slurm_load {
	struct json *j;
	struct slurm *s;
	int64_t version;
	unsigned aspa_line, aspa_col; /* first ASPA member, for version 1 */
};

/* Member bits, per object kind. */
enum {
	M_PREFIX = 1u << 0,
	M_ASN = 1u << 1,
	M_COMMENT = 1u << 2,
	M_MAXLEN = 1u << 3,
	M_SKI = 1u << 4,
	M_KEY = 1u << 5,
	M_CUSTOMER = 1u << 6,
	M_PROVIDERS = 1u << 7,
};

/* Members of validationOutputFilters and locallyAddedAssertions. */
enum {
	L_PREFIX = 1u << 0,
	L_BGPSEC = 1u << 1,
	L_ASPA = 1u << 2,
};

/* Members of the top-level object. */
enum {
	R_VERSION = 1u << 0,
	R_FILTERS = 1u << 1,
	R_ASSERTIONS = 1u << 2,
};

static int
slurm_unknown(struct json *j, const struct json_val *k, const char *where)
{
	char q[48];

	return rsg__json_error(j, k->line, k->col,
	    "unknown member \"%s\" in %s", rsg__json_quote(k, q, sizeof(q)),
	    where);
}

/* Note member bit once; a second occurrence is an error. */
static int
slurm_once(
    struct json *j, const struct json_val *k, unsigned *seen, unsigned bit)
{
	char q[48];

	if (*seen & bit)
		return rsg__json_error(j, k->line, k->col,
		    "duplicate member \"%s\"",
		    rsg__json_quote(k, q, sizeof(q)));
	*seen |= bit;
	return 0;
}

static int
slurm_missing(struct json *j, const struct json_val *o, const char *member,
    const char *where)
{
	return rsg__json_error(
	    j, o->line, o->col, "missing member \"%s\" in %s", member, where);
}

/* An ASN: a JSON number (RFC 8416 §3.3.1). */
static int
slurm_asn(struct json *j, const char *what, uint32_t *out)
{
	struct json_val v;
	int64_t n;

	if (rsg__json_next(j, &v) != 0
	    || rsg__json_int(j, &v, 0, UINT32_MAX, what, &n) != 0)
		return RSG_EPARSE;
	*out = (uint32_t)n;
	return 0;
}

static int
slurm_string(struct json *j, const char *what)
{
	struct json_val v;

	if (rsg__json_next(j, &v) != 0)
		return RSG_EPARSE;
	return rsg__json_expect(j, &v, JSON_STRING, what);
}

static int
slurm_prefix(struct json *j, struct rsg_prefix *p)
{
	struct json_val v;
	char q[48];
	int rc;

	if (rsg__json_next(j, &v) != 0 || rsg__json_text(j, &v, "prefix") != 0)
		return RSG_EPARSE;
	rc = rsg__prefix_parse(v.s, v.len, p, true);
	if (rc == RSG_EINVAL)
		return rsg__json_error(j, v.line, v.col,
		    "host bits set in prefix \"%s\"",
		    rsg__json_quote(&v, q, sizeof(q)));
	if (rc != 0)
		return rsg__json_error(j, v.line, v.col,
		    "invalid prefix \"%s\"", rsg__json_quote(&v, q, sizeof(q)));
	return 0;
}

/* Enter an object; o gets its position. */
static int
slurm_object(struct json *j, struct json_val *o, const char *what)
{
	if (rsg__json_next(j, o) != 0)
		return RSG_EPARSE;
	return rsg__json_expect(j, o, JSON_OBJECT, what);
}

/* Enter an array. */
static int
slurm_array(struct json *j, const char *what)
{
	struct json_val v;

	if (rsg__json_next(j, &v) != 0)
		return RSG_EPARSE;
	return rsg__json_expect(j, &v, JSON_ARRAY, what);
}

/* RFC 8416 §3.3.1: {prefix?, asn?, comment?}, prefix or asn required. */
static int
slurm_prefix_filter(struct slurm_load *ld)
{
	static const char where[] = "a prefix filter (RFC 8416 3.3.1)";
	struct json *j = ld->j;
	struct slurm_prefix_filter f;
	struct json_val o, k;
	unsigned seen = 0;
	int r;

	memset(&f, 0, sizeof(f));
	if (slurm_object(j, &o, "a prefix filter object") != 0)
		return RSG_EPARSE;
	while ((r = rsg__json_member(j, &k)) > 0) {
		if (json_is(&k, "prefix")) {
			if (slurm_once(j, &k, &seen, M_PREFIX) != 0
			    || slurm_prefix(j, &f.prefix) != 0)
				return RSG_EPARSE;
			f.has_prefix = true;
		} else if (json_is(&k, "asn")) {
			if (slurm_once(j, &k, &seen, M_ASN) != 0
			    || slurm_asn(j, "asn", &f.asn) != 0)
				return RSG_EPARSE;
			f.has_asn = true;
		} else if (json_is(&k, "comment")) {
			if (slurm_once(j, &k, &seen, M_COMMENT) != 0
			    || slurm_string(j, "a string for \"comment\"") != 0)
				return RSG_EPARSE;
		} else {
			return slurm_unknown(j, &k, where);
		}
	}
	if (r < 0)
		return r;
	if (!(seen & (M_PREFIX | M_ASN)))
		return rsg__json_error(j, o.line, o.col,
		    "a prefix filter needs \"prefix\" or \"asn\" or both");
	if (VEC_PUSH(&ld->s->filters, f) != 0)
		return RSG_ENOMEM;
	return 0;
}

/*
 * RFC 8416 §3.3.2 and §3.4.2: BGPsec filters {asn?, SKI?, comment?} and
 * assertions {asn, SKI, routerPublicKey, comment?}. Checked, not kept:
 * rsguard has no use for router keys.
 */
static int
slurm_bgpsec(struct slurm_load *ld, bool assertion)
{
	const char *where = assertion ? "a BGPsec assertion (RFC 8416 3.4.2)"
				      : "a BGPsec filter (RFC 8416 3.3.2)";
	struct json *j = ld->j;
	struct json_val o, k;
	unsigned seen = 0;
	uint32_t asn;
	int r;

	if (slurm_object(j, &o,
		assertion ? "a BGPsec assertion object"
			  : "a BGPsec filter object")
	    != 0)
		return RSG_EPARSE;
	while ((r = rsg__json_member(j, &k)) > 0) {
		if (json_is(&k, "asn")) {
			if (slurm_once(j, &k, &seen, M_ASN) != 0
			    || slurm_asn(j, "asn", &asn) != 0)
				return RSG_EPARSE;
		} else if (json_is(&k, "SKI")) {
			if (slurm_once(j, &k, &seen, M_SKI) != 0
			    || slurm_string(j, "a string for \"SKI\"") != 0)
				return RSG_EPARSE;
		} else if (assertion && json_is(&k, "routerPublicKey")) {
			if (slurm_once(j, &k, &seen, M_KEY) != 0
			    || slurm_string(
				   j, "a string for \"routerPublicKey\"")
				!= 0)
				return RSG_EPARSE;
		} else if (json_is(&k, "comment")) {
			if (slurm_once(j, &k, &seen, M_COMMENT) != 0
			    || slurm_string(j, "a string for \"comment\"") != 0)
				return RSG_EPARSE;
		} else {
			return slurm_unknown(j, &k, where);
		}
	}
	if (r < 0)
		return r;
	if (!assertion && !(seen & (M_ASN | M_SKI)))
		return rsg__json_error(j, o.line, o.col,
		    "a BGPsec filter needs \"asn\" or \"SKI\" or both");
	if (assertion && !(seen & M_ASN))
		return slurm_missing(j, &o, "asn", where);
	if (assertion && !(seen & M_SKI))
		return slurm_missing(j, &o, "SKI", where);
	if (assertion && !(seen & M_KEY))
		return slurm_missing(j, &o, "routerPublicKey", where);
	return 0;
}

/* RFC 8416 §3.4.1: {prefix, asn, maxPrefixLength?, comment?}. */
static int
slurm_prefix_assertion(struct slurm_load *ld)
{
	static const char where[] = "a prefix assertion (RFC 8416 3.4.1)";
	struct json *j = ld->j;
	struct json_val o, k, mlv;
	struct rsg_vrp vrp;
	unsigned seen = 0;
	int64_t ml = 0;
	int r;

	memset(&vrp, 0, sizeof(vrp));
	memset(&mlv, 0, sizeof(mlv));
	if (slurm_object(j, &o, "a prefix assertion object") != 0)
		return RSG_EPARSE;
	while ((r = rsg__json_member(j, &k)) > 0) {
		if (json_is(&k, "prefix")) {
			if (slurm_once(j, &k, &seen, M_PREFIX) != 0
			    || slurm_prefix(j, &vrp.prefix) != 0)
				return RSG_EPARSE;
		} else if (json_is(&k, "asn")) {
			if (slurm_once(j, &k, &seen, M_ASN) != 0
			    || slurm_asn(j, "asn", &vrp.asn) != 0)
				return RSG_EPARSE;
		} else if (json_is(&k, "maxPrefixLength")) {
			if (slurm_once(j, &k, &seen, M_MAXLEN) != 0
			    || rsg__json_next(j, &mlv) != 0
			    || rsg__json_int(
				   j, &mlv, 0, 128, "maxPrefixLength", &ml)
				!= 0)
				return RSG_EPARSE;
		} else if (json_is(&k, "comment")) {
			if (slurm_once(j, &k, &seen, M_COMMENT) != 0
			    || slurm_string(j, "a string for \"comment\"") != 0)
				return RSG_EPARSE;
		} else {
			return slurm_unknown(j, &k, where);
		}
	}
	if (r < 0)
		return r;
	if (!(seen & M_PREFIX))
		return slurm_missing(j, &o, "prefix", where);
	if (!(seen & M_ASN))
		return slurm_missing(j, &o, "asn", where);
	if (!(seen & M_MAXLEN))
		ml = vrp.prefix.len;
	else if (ml < vrp.prefix.len || ml > afi_bits(vrp.prefix.ip.afi))
		return rsg__json_error(j, mlv.line, mlv.col,
		    "maxPrefixLength %lld is outside [%u, %u] for this prefix",
		    (long long)ml, vrp.prefix.len, afi_bits(vrp.prefix.ip.afi));
	vrp.max_len = (uint8_t)ml;
	if (VEC_PUSH(&ld->s->assertions, vrp) != 0)
		return RSG_ENOMEM;
	return 0;
}

/* draft-ietf-sidrops-aspa-slurm: {customerAsid, comment?}. */
static int
slurm_aspa_filter(struct slurm_load *ld)
{
	static const char where[] = "an ASPA filter";
	struct json *j = ld->j;
	struct json_val o, k;
	unsigned seen = 0;
	uint32_t customer = 0;
	int r;

	if (slurm_object(j, &o, "an ASPA filter object") != 0)
		return RSG_EPARSE;
	while ((r = rsg__json_member(j, &k)) > 0) {
		if (json_is(&k, "customerAsid")) {
			if (slurm_once(j, &k, &seen, M_CUSTOMER) != 0
			    || slurm_asn(j, "customerAsid", &customer) != 0)
				return RSG_EPARSE;
		} else if (json_is(&k, "comment")) {
			if (slurm_once(j, &k, &seen, M_COMMENT) != 0
			    || slurm_string(j, "a string for \"comment\"") != 0)
				return RSG_EPARSE;
		} else {
			return slurm_unknown(j, &k, where);
		}
	}
	if (r < 0)
		return r;
	if (!(seen & M_CUSTOMER))
		return slurm_missing(j, &o, "customerAsid", where);
	if (VEC_PUSH(&ld->s->aspa_filters, customer) != 0)
		return RSG_ENOMEM;
	return 0;
}

/* {customerAsid, providerAsids: [asn, ...], comment?}. */
static int
slurm_aspa_assertion(struct slurm_load *ld)
{
	static const char where[] = "an ASPA assertion";
	struct json *j = ld->j;
	struct aspa_set *as = &ld->s->aspa_assertions;
	struct json_val o, k, pv;
	unsigned seen = 0;
	uint32_t customer = 0, asn;
	size_t start = as->prov.n;
	struct aspa_rec rec;
	int r;

	if (slurm_object(j, &o, "an ASPA assertion object") != 0)
		return RSG_EPARSE;
	while ((r = rsg__json_member(j, &k)) > 0) {
		if (json_is(&k, "customerAsid")) {
			if (slurm_once(j, &k, &seen, M_CUSTOMER) != 0
			    || slurm_asn(j, "customerAsid", &customer) != 0)
				return RSG_EPARSE;
		} else if (json_is(&k, "providerAsids")) {
			if (slurm_once(j, &k, &seen, M_PROVIDERS) != 0
			    || rsg__json_next(j, &pv) != 0
			    || rsg__json_expect(j, &pv, JSON_ARRAY,
				   "an array for \"providerAsids\"")
				!= 0)
				return RSG_EPARSE;
			while ((r = rsg__json_element(j)) > 0) {
				if (slurm_asn(j, "provider ASN", &asn) != 0)
					return RSG_EPARSE;
				if (VEC_PUSH(&as->prov, asn) != 0)
					return RSG_ENOMEM;
			}
			if (r < 0)
				return r;
			if (as->prov.n == start)
				return rsg__json_error(j, pv.line, pv.col,
				    "providerAsids: expected at least one "
				    "provider ASN");
		} else if (json_is(&k, "comment")) {
			if (slurm_once(j, &k, &seen, M_COMMENT) != 0
			    || slurm_string(j, "a string for \"comment\"") != 0)
				return RSG_EPARSE;
		} else {
			return slurm_unknown(j, &k, where);
		}
	}
	if (r < 0)
		return r;
	if (!(seen & M_CUSTOMER))
		return slurm_missing(j, &o, "customerAsid", where);
	if (!(seen & M_PROVIDERS))
		return slurm_missing(j, &o, "providerAsids", where);
	if (start > UINT32_MAX || as->prov.n - start > UINT32_MAX)
		return rsg__json_error(j, o.line, o.col, "too many providers");
	rec.customer = customer;
	rec.off = (uint32_t)start;
	rec.n = (uint32_t)(as->prov.n - start);
	if (VEC_PUSH(&as->rec, rec) != 0)
		return RSG_ENOMEM;
	return 0;
}

/* Iterate an array calling fn (or the BGPsec checker) per element. */
static int
slurm_list(struct slurm_load *ld, const char *what,
    int (*fn)(struct slurm_load *), int bgpsec)
{
	int r;

	if (slurm_array(ld->j, what) != 0)
		return RSG_EPARSE;
	while ((r = rsg__json_element(ld->j)) > 0) {
		r = fn != NULL ? fn(ld) : slurm_bgpsec(ld, bgpsec != 0);
		if (r != 0)
			return r;
	}
	return r;
}

static void
slurm_note_aspa(struct slurm_load *ld, const struct json_val *k)
{
	if (ld->aspa_line == 0) {
		ld->aspa_line = k->line;
		ld->aspa_col = k->col;
	}
}

/*
 * The two sections have the same shape: a prefix list and a BGPsec list,
 * both required, and an optional ASPA list (version 2).
 */
struct slurm_section {
	const char *where;  /* the section, quoted, for messages */
	const char *what;   /* "an object for ..." */
	const char *key[3]; /* prefix, BGPsec and ASPA members */
	const char *arr[3]; /* "an array for ..." */
	int (*fn[3])(struct slurm_load *); /* NULL: checked, not kept */
	int bgpsec; /* slurm_list's BGPsec element kind */
};

/* §3.3 and §3.4. */
static int
slurm_section(struct slurm_load *ld, const struct slurm_section *sec)
{
	static const unsigned bit[3] = { L_PREFIX, L_BGPSEC, L_ASPA };
	struct json *j = ld->j;
	struct json_val o, k;
	unsigned seen = 0;
	int r;

	if (slurm_object(j, &o, sec->what))
		return RSG_EPARSE;
	while ((r = rsg__json_member(j, &k)) > 0) {
		unsigned m;

		for (m = 0; m < 3 && !json_is(&k, sec->key[m]); m++)
			;
		if (m == 3)
			return slurm_unknown(j, &k, sec->where);
		if (slurm_once(j, &k, &seen, bit[m]) != 0)
			return RSG_EPARSE;
		if (m == 2)
			slurm_note_aspa(ld, &k);
		r = slurm_list(
		    ld, sec->arr[m], sec->fn[m], m == 1 ? sec->bgpsec : 0);
		if (r != 0)
			return r;
	}
	if (r < 0)
		return r;
	for (unsigned m = 0; m < 2; m++) {
		if (!(seen & bit[m]))
			return slurm_missing(j, &o, sec->key[m], sec->where);
	}
	return 0;
}

static const struct slurm_section filters = {
	"\"validationOutputFilters\"",
	"an object for \"validationOutputFilters\"",
	{ "prefixFilters", "bgpsecFilters", "aspaFilters" },
	{ "an array for \"prefixFilters\"", "an array for \"bgpsecFilters\"",
	    "an array for \"aspaFilters\"" },
	{ slurm_prefix_filter, NULL, slurm_aspa_filter },
	0,
};

static const struct slurm_section assertions = {
	"\"locallyAddedAssertions\"",
	"an object for \"locallyAddedAssertions\"",
	{ "prefixAssertions", "bgpsecAssertions", "aspaAssertions" },
	{ "an array for \"prefixAssertions\"",
	    "an array for \"bgpsecAssertions\"",
	    "an array for \"aspaAssertions\"" },
	{ slurm_prefix_assertion, NULL, slurm_aspa_assertion },
	1,
};

/* §3.2: {slurmVersion, validationOutputFilters, locallyAddedAssertions}. */
static int
slurm_root(struct slurm_load *ld)
{
	static const char where[] = "a SLURM file (RFC 8416 3.2)";
	struct json *j = ld->j;
	struct json_val o, k, v;
	unsigned seen = 0;
	int r;

	if (slurm_object(j, &o, "a SLURM object") != 0)
		return RSG_EPARSE;
	while ((r = rsg__json_member(j, &k)) > 0) {
		if (json_is(&k, "slurmVersion")) {
			if (slurm_once(j, &k, &seen, R_VERSION) != 0
			    || rsg__json_next(j, &v) != 0)
				return RSG_EPARSE;
			if (v.type != JSON_NUMBER || v.flags != 0
			    || (v.i != 1 && v.i != 2))
				return rsg__json_error(j, v.line, v.col,
				    "slurmVersion: expected 1, or 2 for "
				    "ASPA");
			ld->version = v.i;
			r = 0;
		} else if (json_is(&k, "validationOutputFilters")) {
			if (slurm_once(j, &k, &seen, R_FILTERS) != 0)
				return RSG_EPARSE;
			r = slurm_section(ld, &filters);
		} else if (json_is(&k, "locallyAddedAssertions")) {
			if (slurm_once(j, &k, &seen, R_ASSERTIONS) != 0)
				return RSG_EPARSE;
			r = slurm_section(ld, &assertions);
		} else {
			return slurm_unknown(j, &k, where);
		}
		if (r != 0)
			return r;
	}
	if (r < 0)
		return r;
	if (!(seen & R_VERSION))
		return slurm_missing(j, &o, "slurmVersion", where);
	if (!(seen & R_FILTERS))
		return slurm_missing(j, &o, "validationOutputFilters", where);
	if (!(seen & R_ASSERTIONS))
		return slurm_missing(j, &o, "locallyAddedAssertions", where);
	if (ld->version == 1 && ld->aspa_line != 0)
		return rsg__json_error(j, ld->aspa_line, ld->aspa_col,
		    "ASPA members need slurmVersion 2");
	return rsg__json_finish(j);
}

/* Parse from j (buffer or stream) into s; on error undo everything. */
static int
slurm_run(
    struct json *j, const char *name, struct slurm *s, struct rsg_error *err)
{
	struct slurm_load ld;
	size_t nf = s->filters.n, na = s->assertions.n;
	size_t naf = s->aspa_filters.n, nar = s->aspa_assertions.rec.n;
	size_t nap = s->aspa_assertions.prov.n;
	int rc;

	memset(&ld, 0, sizeof(ld));
	ld.s = s;
	ld.j = j;
	rc = slurm_root(&ld);
	if (j->failed)
		rc = j->rc; /* RSG_EPARSE, or RSG_EIO from the stream */
	else if (rc == RSG_ENOMEM)
		rsg__err(err, RSG_ENOMEM, name, 0, 0, "out of memory");
	if (rc != 0) {
		s->filters.n = nf;
		s->assertions.n = na;
		s->aspa_filters.n = naf;
		s->aspa_assertions.rec.n = nar;
		s->aspa_assertions.prov.n = nap;
	}
	return rc;
}

struct slurm_arg {
	struct slurm *s;
	struct rsg_error *err;
};

static int
slurm_run_cb(struct json *j, void *arg)
{
	struct slurm_arg *a = arg;

	return slurm_run(j, j->name, a->s, a->err);
}

int
rsg__slurm_load_buf(const char *name, const char *buf, size_t len,
    struct slurm *s, struct rsg_error *err)
{
	struct slurm_arg a = { s, err };

	return rsg__json_run_buf(name, buf, len, slurm_run_cb, &a, err);
}

int
rsg__slurm_load_file(const char *path, struct slurm *s, struct rsg_error *err)
{
	struct slurm_arg a = { s, err };

	return rsg__json_run_file(path, slurm_run_cb, &a, err);
}

void
rsg__slurm_free(struct slurm *s)
{
	if (s == NULL)
		return;
	VEC_FREE(&s->filters);
	rsg__vrp_vec_free(&s->assertions);
	VEC_FREE(&s->aspa_filters);
	rsg__aspa_set_free(&s->aspa_assertions);
}

void
rsg__slurm_del(struct slurm *p)
{
	if (p != NULL) {
		rsg__slurm_free(p);
		rsg__free(p);
	}
}

/* RFC 8416 §3.3.1: prefix covers the VRP's prefix, and/or ASN equal. */
static bool
slurm_match(const struct slurm_prefix_filter *f, const struct rsg_vrp *v)
{
	if (!f->has_prefix && !f->has_asn)
		return false;
	if (f->has_asn && f->asn != v->asn)
		return false;
	if (f->has_prefix && !pfx_covers(&f->prefix, &v->prefix))
		return false;
	return true;
}

static bool
slurm_aspa_filtered(const struct slurm *s, uint32_t customer)
{
	for (size_t i = 0; i < s->aspa_filters.n; i++) {
		if (s->aspa_filters.v[i] == customer)
			return true;
	}
	return false;
}

bool
rsg__slurm_filtered(const struct slurm *s, const struct rsg_vrp *v)
{
	for (size_t i = 0; i < s->filters.n; i++) {
		if (slurm_match(&s->filters.v[i], v))
			return true;
	}
	return false;
}

int
rsg__slurm_apply(
    const struct slurm *s, struct vrp_vec *vrps, struct aspa_set *aspas)
{
	const struct aspa_set *aa = &s->aspa_assertions;
	uint32_t *prov = NULL;
	size_t w, pw;

	/* reserve everything first: from here on nothing can fail */
	if (vrps != NULL && VEC_RESERVE(vrps, vrps->n + s->assertions.n) != 0)
		return RSG_ENOMEM;
	if (aspas != NULL) {
		if (aspas->prov.n + aa->prov.n > UINT32_MAX)
			return RSG_ENOMEM;
		if (VEC_RESERVE(&aspas->rec, aspas->rec.n + aa->rec.n) != 0
		    || VEC_RESERVE(&aspas->prov, aspas->prov.n + aa->prov.n)
			!= 0)
			return RSG_ENOMEM;
		if (s->aspa_filters.n > 0 && aspas->prov.n > 0) {
			prov = rsg__reallocarray(
			    NULL, aspas->prov.n, sizeof(*prov));
			if (prov == NULL)
				return RSG_ENOMEM;
		}
	}

	if (vrps != NULL) {
		w = 0;
		for (size_t i = 0; i < vrps->n; i++) {
			bool drop = false;

			for (size_t f = 0; f < s->filters.n && !drop; f++)
				drop =
				    slurm_match(&s->filters.v[f], &vrps->v[i]);
			if (!drop)
				vrps->v[w++] = vrps->v[i];
		}
		vrps->n = w;
		if (s->assertions.n > 0)
			memcpy(vrps->v + vrps->n, s->assertions.v,
			    s->assertions.n * sizeof(*vrps->v));
		vrps->n += s->assertions.n;
	}

	if (aspas != NULL) {
		if (s->aspa_filters.n > 0) {
			/* copy the kept records' providers into prov */
			w = pw = 0;
			for (size_t i = 0; i < aspas->rec.n; i++) {
				struct aspa_rec r = aspas->rec.v[i];

				if (slurm_aspa_filtered(s, r.customer))
					continue;
				if (r.n > 0)
					memcpy(prov + pw, aspas->prov.v + r.off,
					    r.n * sizeof(*prov));
				r.off = (uint32_t)pw;
				pw += r.n;
				aspas->rec.v[w++] = r;
			}
			aspas->rec.n = w;
			if (prov != NULL) {
				if (pw > 0)
					memcpy(aspas->prov.v, prov,
					    pw * sizeof(*prov));
				aspas->prov.n = pw;
			}
		}
		for (size_t i = 0; i < aa->rec.n; i++) {
			struct aspa_rec r = aa->rec.v[i];

			if (r.n > 0)
				memcpy(aspas->prov.v + aspas->prov.n,
				    aa->prov.v + r.off, r.n * sizeof(*prov));
			r.off = (uint32_t)aspas->prov.n;
			aspas->prov.n += r.n;
			aspas->rec.v[aspas->rec.n++] = r;
		}
	}
	rsg__free(prov);
	return 0;
}
