/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Readers for validated RPKI data: the JSON of rpki-client (-j), StayRTR
 * and Routinator (json, jsonext), and the CSV of Routinator, rpki-client
 * (-c) and the RIPE NCC validator.
 *
 * Invariants:
 *  - A load appends to the caller's vectors as it parses; on any error the
 *    vectors are truncated back to their lengths at entry, so a failed
 *    load leaves them as they were (capacity may have grown).
 *  - JSON files are parsed as they are read (json.h streams through a
 *    small window); CSV files and buffers are parsed in memory.
 *  - Every VRP appended is fully initialised (reserved bytes zero), its
 *    prefix has no host bits and prefix.len <= max_len <= 32/128.
 *  - ASPA records reference providers[off .. off+n) of the same set; the
 *    ranges of successive records are contiguous and in order.
 *  - Expiry and trust-anchor filters drop records silently (counted in
 *    struct rpki_meta); malformed records fail the whole load.
 */
#include "config.h"

#include "rpki.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "addr.h"
#include "alloc.h"
#include "json.h"
#include "util.h"

/* State of one load. */
struct rpki_load {
	const char *name;
	const struct rpki_opts *o;
	int64_t now;
	struct vrp_vec *vrps;   /* may be NULL */
	struct aspa_set *aspas; /* may be NULL */
	struct rpki_meta meta;
	size_t vrps_seen;  /* before the filters */
	size_t aspas_seen; /* before the filters */
	int64_t buildtime;
	int64_t generated;
	size_t nv0, nr0, np0; /* vector lengths at the start */
	bool guessed;         /* CSV, as the input did not start with '{' */
	struct rsg_error *err;
};

void
rsg__vrp_vec_free(struct vrp_vec *v)
{
	if (v == NULL)
		return;
	VEC_FREE(v);
}

void
rsg__aspa_set_free(struct aspa_set *s)
{
	if (s == NULL)
		return;
	VEC_FREE(&s->rec);
	VEC_FREE(&s->prov);
}

void
rsg__aspa_set_del(struct aspa_set *p)
{
	if (p != NULL) {
		rsg__aspa_set_free(p);
		rsg__free(p);
	}
}

int
rsg__aspa_set_add(
    struct aspa_set *s, uint32_t customer, const uint32_t *providers, size_t n)
{
	struct aspa_rec r;

	if (s->prov.n > UINT32_MAX || n > UINT32_MAX - s->prov.n)
		return RSG_ERANGE;
	if (VEC_RESERVE(&s->prov, s->prov.n + n) != 0
	    || VEC_RESERVE(&s->rec, s->rec.n + 1) != 0)
		return RSG_ENOMEM;
	r.customer = customer;
	r.off = (uint32_t)s->prov.n;
	r.n = (uint32_t)n;
	if (n > 0)
		memcpy(
		    s->prov.v + s->prov.n, providers, n * sizeof(*providers));
	s->prov.n += n;
	s->rec.v[s->rec.n++] = r;
	return 0;
}

/* ASCII case-insensitive comparison of a counted string and a C string. */
static bool
rpki_ta_eq(const char *s, size_t len, const char *ta)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char a = (unsigned char)s[i];
		unsigned char b = (unsigned char)ta[i];

		if (b == '\0')
			return false;
		if (a >= 'A' && a <= 'Z')
			a = (unsigned char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (unsigned char)(b - 'A' + 'a');
		if (a != b)
			return false;
	}
	return ta[i] == '\0';
}

static bool
rpki_ta_allowed(const struct rpki_load *ld, const char *s, size_t len)
{
	const struct rpki_opts *o = ld->o;

	if (o == NULL || o->tas == NULL)
		return true;
	for (size_t i = 0; i < o->ntas; i++) {
		if (o->tas[i] != NULL && rpki_ta_eq(s, len, o->tas[i]))
			return true;
	}
	return false;
}

static bool
rpki_expired(const struct rpki_load *ld, bool has_expires, int64_t expires)
{
	return has_expires && ld->o != NULL && ld->o->check_expires
	    && expires < ld->now;
}

/*
 * Fast path for the common case, a canonical IPv4 prefix ("1.2.3.0/24":
 * octets without leading zeros, no host bits). Returns false for anything
 * else, which rsg__prefix_parse() then decides; both agree on every
 * input this accepts (inet_pton() also refuses leading zeros). Four
 * fifths of a real VRP dump are IPv4: this halves their parsing time.
 */
static bool
rpki_prefix4(const char *s, size_t len, struct rsg_prefix *p)
{
	const char *e = s + len;
	uint32_t a = 0;
	unsigned plen;

	for (int i = 0; i < 4; i++) {
		unsigned o = 0, nd = 0;

		while (s < e && *s >= '0' && *s <= '9' && nd < 3) {
			if (nd == 1 && o == 0)
				return false; /* leading zero */
			o = o * 10 + (unsigned)(*s++ - '0');
			nd++;
		}
		if (nd == 0 || o > 255 || s == e || *s++ != (i < 3 ? '.' : '/'))
			return false;
		a = a << 8 | o;
	}
	if (e - s == 1 && *s >= '0' && *s <= '9')
		plen = (unsigned)(*s - '0');
	else if (e - s == 2 && *s >= '1' && *s <= '3' && s[1] >= '0'
	    && s[1] <= '9')
		plen = (unsigned)(*s - '0') * 10 + (unsigned)(s[1] - '0');
	else
		return false;
	if (plen > 32 || (a & ~mask32(plen)) != 0)
		return false;
	memset(p, 0, sizeof(*p));
	p->ip.addr[0] = a;
	p->ip.afi = RSG_AFI_IPV4;
	p->len = (uint8_t)plen;
	return true;
}

/*
 * Parse a prefix for a VRP. Returns 0, or a negative code with *why
 * describing the problem.
 */
static int
rpki_prefix(const char *s, size_t len, struct rsg_prefix *p, const char **why)
{
	int rc;

	if (rpki_prefix4(s, len, p))
		return 0;
	/* callers rule out U+0000, which inet_pton() would stop at */
	rc = rsg__prefix_parse(s, len, p, true);
	if (rc == 0)
		return 0;
	if (rc == RSG_ERANGE)
		*why = "prefix length out of range";
	else if (rc == RSG_EINVAL)
		*why = "host bits set in prefix";
	else
		*why = "invalid prefix";
	return RSG_EPARSE;
}

/* Check a max length against a prefix; NULL if fine, else the problem. */
static const char *
rpki_maxlen(const struct rsg_prefix *p, int64_t ml, char *buf, size_t cap)
{
	unsigned bits = afi_bits(p->ip.afi);

	if (ml < p->len)
		snprintf(buf, cap,
		    "max length %lld is shorter than the prefix length %u",
		    (long long)ml, p->len);
	else if (ml > bits)
		snprintf(buf, cap,
		    "max length %lld exceeds %u for an %s prefix",
		    (long long)ml, bits,
		    p->ip.afi == RSG_AFI_IPV6 ? "IPv6" : "IPv4");
	else
		return NULL;
	return buf;
}

/* Append a VRP that passed validation, applying the filters. */
static int
rpki_add_vrp(struct rpki_load *ld, const struct rsg_prefix *p, uint32_t asn,
    unsigned max_len, bool skip)
{
	struct rsg_vrp *v;

	ld->vrps_seen++;
	if (skip) {
		ld->meta.vrps_skipped++;
		return 0;
	}
	ld->meta.vrps++;
	if (ld->vrps == NULL)
		return 0;
	if (VEC_RESERVE(ld->vrps, ld->vrps->n + 1) != 0)
		return rsg__err(
		    ld->err, RSG_ENOMEM, ld->name, 0, 0, "out of memory");
	v = &ld->vrps->v[ld->vrps->n++];
	memset(v, 0, sizeof(*v));
	v->prefix = *p;
	v->asn = asn;
	v->max_len = (uint8_t)max_len;
	return 0;
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */
/* ------------------------------------------------------------------ */

/* An ASN: a number, or a string "AS64500" / "64500". */
static int
rpki_json_asn(
    struct json *j, const struct json_val *v, const char *what, uint32_t *out)
{
	int64_t n;

	if (v->type == JSON_STRING) {
		if (rsg__json_text(j, v, what) != 0)
			return RSG_EPARSE;
		if (rsg__parse_asn(v->s, v->len, out) != 0)
			return rsg__json_error(j, v->line, v->col,
			    "%s: expected an AS number (0..4294967295, "
			    "optionally \"AS\"-prefixed)",
			    what);
		return 0;
	}
	if (v->type != JSON_NUMBER)
		return rsg__json_error(j, v->line, v->col,
		    "%s: expected an AS number, got %s", what,
		    rsg__json_type_name(v->type));
	if (rsg__json_int(j, v, 0, UINT32_MAX, what, &n) != 0)
		return RSG_EPARSE;
	*out = (uint32_t)n;
	return 0;
}

static int
rpki_json_dup(
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
rpki_json_meta(struct rpki_load *ld, struct json *j)
{
	struct json_val v, k;
	int r;

	if (rsg__json_next(j, &v) != 0
	    || rsg__json_expect(
		j, &v, JSON_OBJECT, "an object for \"metadata\""))
		return RSG_EPARSE;
	while ((r = rsg__json_member(j, &k)) > 0) {
		if (json_is(&k, "buildtime")) {
			if (rsg__json_next(j, &v) != 0
			    || rsg__json_text(j, &v, "buildtime") != 0)
				return RSG_EPARSE;
			if (rsg__parse_rfc3339(v.s, v.len, &ld->buildtime) != 0)
				return rsg__json_error(j, v.line, v.col,
				    "buildtime: expected an RFC 3339 UTC time "
				    "(2025-07-20T10:01:43Z)");
		} else if (json_is(&k, "generated")) {
			int64_t t = 0;

			if (rsg__json_next(j, &v) != 0)
				return RSG_EPARSE;
			if (v.type == JSON_STRING) {
				size_t i;

				if (rsg__json_text(j, &v, "generated") != 0)
					return RSG_EPARSE;
				for (i = 0; i < v.len && i < 18; i++) {
					if (v.s[i] < '0' || v.s[i] > '9')
						break;
					t = t * 10 + (v.s[i] - '0');
				}
				if (i == 0 || i != v.len)
					return rsg__json_error(j, v.line, v.col,
					    "generated: expected unix seconds");
			} else if (rsg__json_int(
				       j, &v, 0, INT64_MAX / 2, "generated", &t)
			    != 0) {
				return RSG_EPARSE;
			}
			ld->generated = t;
		} else if (rsg__json_skip_value(j) != 0) {
			return RSG_EPARSE;
		}
	}
	return r;
}

enum {
	ROA_ASN = 1u << 0,
	ROA_PREFIX = 1u << 1,
	ROA_MAXLEN = 1u << 2,
	ROA_TA = 1u << 3,
	ROA_EXPIRES = 1u << 4,
};

/* One element of "roas"; the cursor is at its start. */
static int
rpki_json_roa(struct rpki_load *ld, struct json *j)
{
	struct json_val o, k, v, ml_at;
	struct rsg_prefix p = { 0 };
	unsigned seen = 0;
	uint32_t asn = 0;
	int64_t ml = 0, expires = 0;
	bool ta_ok = true;
	const char *why;
	char buf[96];
	int r;

	if (rsg__json_next(j, &o) != 0
	    || rsg__json_expect(j, &o, JSON_OBJECT, "a ROA object") != 0)
		return RSG_EPARSE;
	memset(&ml_at, 0, sizeof(ml_at));
	while ((r = rsg__json_member(j, &k)) > 0) {
		if (json_is(&k, "asn")) {
			if (rpki_json_dup(j, &k, &seen, ROA_ASN) != 0
			    || rsg__json_next(j, &v) != 0
			    || rpki_json_asn(j, &v, "asn", &asn) != 0)
				return RSG_EPARSE;
		} else if (json_is(&k, "prefix")) {
			if (rpki_json_dup(j, &k, &seen, ROA_PREFIX) != 0
			    || rsg__json_next(j, &v) != 0
			    || rsg__json_text(j, &v, "prefix") != 0)
				return RSG_EPARSE;
			if (rpki_prefix(v.s, v.len, &p, &why) != 0)
				return rsg__json_error(j, v.line, v.col,
				    "%s \"%s\"", why,
				    rsg__json_quote(&v, buf, 48));
		} else if (json_is(&k, "maxLength")) {
			if (rpki_json_dup(j, &k, &seen, ROA_MAXLEN) != 0
			    || rsg__json_next(j, &v) != 0
			    || rsg__json_int(j, &v, 0, 128, "maxLength", &ml)
				!= 0)
				return RSG_EPARSE;
			ml_at = v;
		} else if (json_is(&k, "ta")) {
			if (rpki_json_dup(j, &k, &seen, ROA_TA) != 0
			    || rsg__json_next(j, &v) != 0
			    || rsg__json_text(j, &v, "ta") != 0)
				return RSG_EPARSE;
			ta_ok = v.len == 0 || rpki_ta_allowed(ld, v.s, v.len);
		} else if (json_is(&k, "expires")) {
			if (rpki_json_dup(j, &k, &seen, ROA_EXPIRES) != 0
			    || rsg__json_next(j, &v) != 0
			    || rsg__json_int(j, &v, INT64_MIN, INT64_MAX,
				   "expires", &expires)
				!= 0)
				return RSG_EPARSE;
		} else if (rsg__json_skip_value(j) != 0) {
			return RSG_EPARSE;
		}
	}
	if (r < 0)
		return r;
	if (!(seen & ROA_PREFIX))
		return rsg__json_error(
		    j, o.line, o.col, "ROA without \"prefix\"");
	if (!(seen & ROA_ASN))
		return rsg__json_error(j, o.line, o.col, "ROA without \"asn\"");
	if (!(seen & ROA_MAXLEN))
		ml = p.len;
	else if ((why = rpki_maxlen(&p, ml, buf, sizeof(buf))) != NULL)
		return rsg__json_error(j, ml_at.line, ml_at.col, "%s", why);
	return rpki_add_vrp(ld, &p, asn, (unsigned)ml,
	    !ta_ok || rpki_expired(ld, (seen & ROA_EXPIRES) != 0, expires));
}

/* An array of VRPs ("roas"); null counts as empty. */
static int
rpki_json_roas(struct rpki_load *ld, struct json *j)
{
	struct json_val v;
	int r;

	if (rsg__json_next(j, &v) != 0)
		return RSG_EPARSE;
	if (v.type == JSON_NULL)
		return 0;
	if (rsg__json_expect(j, &v, JSON_ARRAY, "an array for \"roas\"") != 0)
		return RSG_EPARSE;
	while ((r = rsg__json_element(j)) > 0) {
		if ((r = rpki_json_roa(ld, j)) != 0)
			return r;
	}
	return r;
}

enum {
	ASPA_CUSTOMER = 1u << 0,
	ASPA_PROVIDERS = 1u << 1,
	ASPA_EXPIRES = 1u << 2,
};

/* Read a provider list, appending to ld->aspas->prov (if kept). */
static int
rpki_json_providers(struct rpki_load *ld, struct json *j, size_t *count)
{
	struct json_val v;
	uint32_t asn;
	int r;

	if (rsg__json_next(j, &v) != 0
	    || rsg__json_expect(j, &v, JSON_ARRAY, "an array of provider ASNs")
		!= 0)
		return RSG_EPARSE;
	*count = 0;
	while ((r = rsg__json_element(j)) > 0) {
		if (rsg__json_next(j, &v) != 0
		    || rpki_json_asn(j, &v, "provider", &asn) != 0)
			return RSG_EPARSE;
		if (*count >= UINT32_MAX)
			return rsg__json_error(
			    j, v.line, v.col, "too many providers");
		(*count)++;
		if (ld->aspas != NULL && VEC_PUSH(&ld->aspas->prov, asn) != 0)
			return rsg__err(ld->err, RSG_ENOMEM, ld->name, 0, 0,
			    "out of memory");
	}
	return r;
}

/* One ASPA object (rpki-client, StayRTR or Routinator form). */
static int
rpki_json_aspa(struct rpki_load *ld, struct json *j)
{
	struct json_val o, k, v;
	unsigned seen = 0;
	uint32_t customer = 0;
	int64_t expires = 0;
	size_t start = ld->aspas != NULL ? ld->aspas->prov.n : 0, count = 0;
	struct aspa_rec rec;
	int r;

	if (rsg__json_next(j, &o) != 0
	    || rsg__json_expect(j, &o, JSON_OBJECT, "an ASPA object") != 0)
		return RSG_EPARSE;
	while ((r = rsg__json_member(j, &k)) > 0) {
		if (json_is(&k, "customer_asid") || json_is(&k, "customer")) {
			if (rpki_json_dup(j, &k, &seen, ASPA_CUSTOMER) != 0
			    || rsg__json_next(j, &v) != 0
			    || rpki_json_asn(j, &v, "customer", &customer) != 0)
				return RSG_EPARSE;
		} else if (json_is(&k, "providers")) {
			if (rpki_json_dup(j, &k, &seen, ASPA_PROVIDERS) != 0)
				return RSG_EPARSE;
			if ((r = rpki_json_providers(ld, j, &count)) != 0)
				return r;
		} else if (json_is(&k, "expires")) {
			if (rpki_json_dup(j, &k, &seen, ASPA_EXPIRES) != 0
			    || rsg__json_next(j, &v) != 0
			    || rsg__json_int(j, &v, INT64_MIN, INT64_MAX,
				   "expires", &expires)
				!= 0)
				return RSG_EPARSE;
		} else if (rsg__json_skip_value(j) != 0) {
			return RSG_EPARSE;
		}
	}
	if (r < 0)
		return r;
	if (!(seen & ASPA_CUSTOMER))
		return rsg__json_error(
		    j, o.line, o.col, "ASPA without \"customer_asid\"");
	if (!(seen & ASPA_PROVIDERS))
		return rsg__json_error(
		    j, o.line, o.col, "ASPA without \"providers\"");
	ld->aspas_seen++;
	if (rpki_expired(ld, (seen & ASPA_EXPIRES) != 0, expires)) {
		ld->meta.aspas_skipped++;
		if (ld->aspas != NULL)
			ld->aspas->prov.n = start;
		return 0;
	}
	ld->meta.aspas++;
	if (ld->aspas == NULL)
		return 0;
	rec.customer = customer;
	rec.off = (uint32_t)start;
	rec.n = (uint32_t)count;
	if (start > UINT32_MAX)
		return rsg__err(ld->err, RSG_ERANGE, ld->name, 0, 0,
		    "too many ASPA providers");
	if (VEC_PUSH(&ld->aspas->rec, rec) != 0)
		return rsg__err(
		    ld->err, RSG_ENOMEM, ld->name, 0, 0, "out of memory");
	return 0;
}

/* An array of ASPA objects; null counts as empty. */
static int
rpki_json_aspas(struct rpki_load *ld, struct json *j, const char *what)
{
	struct json_val v;
	int r;

	if (rsg__json_next(j, &v) != 0)
		return RSG_EPARSE;
	if (v.type == JSON_NULL)
		return 0;
	if (rsg__json_expect(j, &v, JSON_ARRAY, what) != 0)
		return RSG_EPARSE;
	while ((r = rsg__json_element(j)) > 0) {
		if ((r = rpki_json_aspa(ld, j)) != 0)
			return r;
	}
	return r;
}

/* StayRTR's {"ipv4": [...], "ipv6": [...]}: both lists are loaded. */
static int
rpki_json_pa(struct rpki_load *ld, struct json *j)
{
	struct json_val v, k;
	int r;

	if (rsg__json_next(j, &v) != 0)
		return RSG_EPARSE;
	if (v.type == JSON_NULL)
		return 0;
	if (rsg__json_expect(
		j, &v, JSON_OBJECT, "an object for \"provider_authorizations\"")
	    != 0)
		return RSG_EPARSE;
	while ((r = rsg__json_member(j, &k)) > 0) {
		if (json_is(&k, "ipv4") || json_is(&k, "ipv6")) {
			r = rpki_json_aspas(ld, j, "an array of ASPA objects");
			if (r != 0)
				return r;
		} else if (rsg__json_skip_value(j) != 0) {
			return RSG_EPARSE;
		}
	}
	return r;
}

/* The whole document, from a buffer or a stream. */
#define RPKI_ARRAY_MSG                                                         \
	"a JSON array: a VRP file is a JSON object ({\"roas\": [...]}) or CSV"

static int
rpki_json(struct rpki_load *ld, struct json *j)
{
	struct json_val v, k;
	unsigned seen = 0;
	int r;

	if (rsg__json_next(j, &v) != 0
	    || rsg__json_expect(j, &v, JSON_OBJECT, "a JSON object") != 0)
		return j->rc;
	/* a second "roas" would add to the first: refused, as in a VRP */
	while ((r = rsg__json_member(j, &k)) > 0) {
		unsigned bit = json_is(&k, "roas")           ? 1
		    : json_is(&k, "aspas")                   ? 2
		    : json_is(&k, "provider_authorizations") ? 4
		    : json_is(&k, "metadata")                ? 8
							     : 0;

		if (bit != 0 && (r = rpki_json_dup(j, &k, &seen, bit)) != 0)
			break;
		if (bit == 1)
			r = rpki_json_roas(ld, j);
		else if (bit == 2)
			r = rpki_json_aspas(ld, j, "an array for \"aspas\"");
		else if (bit == 4)
			r = rpki_json_pa(ld, j);
		else if (bit == 8)
			r = rpki_json_meta(ld, j);
		else
			r = rsg__json_skip_value(j);
		if (r != 0)
			break;
	}
	if (r == 0)
		r = rsg__json_finish(j);
	/*
	 * The parser's code (RSG_EPARSE, or RSG_EIO from the stream) wins
	 * over the RSG_EPARSE the helpers return; RSG_ENOMEM from a vector
	 * is recorded outside the parser.
	 */
	return j->failed ? j->rc : r;
}

/* ------------------------------------------------------------------ */
/* CSV                                                                 */
/* ------------------------------------------------------------------ */

#define RPKI_CSV_MAXF 5

struct rpki_csv_field {
	const char *s;
	size_t len;
	unsigned col;
};

static bool
rpki_csv_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Split line [ls, le) into fields. Returns the number of fields, or -1
 * with *ecol and *emsg set.
 */
static int
rpki_csv_split(const char *ls, const char *le, struct rpki_csv_field *f,
    unsigned *ecol, const char **emsg)
{
	const char *p = ls;
	int n = 0;

	for (;;) {
		const char *s, *e;

		while (p < le && rpki_csv_blank(*p))
			p++;
		if (n == RPKI_CSV_MAXF) {
			*ecol = (unsigned)(p - ls) + 1;
			*emsg = "too many fields (expected ASN,IP Prefix,"
				"Max Length[,Trust Anchor[,Expires]])";
			return -1;
		}
		f[n].col = (unsigned)(p - ls) + 1;
		if (p < le && *p == '"') {
			s = ++p;
			while (p < le && *p != '"')
				p++;
			if (p >= le) {
				*ecol = f[n].col;
				*emsg = "unterminated quoted field";
				return -1;
			}
			e = p++;
			while (p < le && rpki_csv_blank(*p))
				p++;
			if (p < le && *p != ',') {
				*ecol = (unsigned)(p - ls) + 1;
				*emsg = "expected ',' after a quoted field";
				return -1;
			}
		} else {
			s = p;
			while (p < le && *p != ',')
				p++;
			e = p;
			while (e > s && rpki_csv_blank(e[-1]))
				e--;
		}
		f[n].s = s;
		f[n].len = (size_t)(e - s);
		n++;
		if (p >= le)
			return n;
		p++; /* ',' */
	}
}

static bool
rpki_csv_uint(const char *s, size_t len, int64_t max, int64_t *out)
{
	int64_t v = 0;

	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
		if (v > max)
			return false;
	}
	*out = v;
	return true;
}

static int
rpki_csv(struct rpki_load *ld, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	struct rpki_csv_field f[RPKI_CSV_MAXF];
	bool first = true, any = false;
	unsigned line = 0;

	while (p < end) {
		const char *ls = p, *le, *nl, *why;
		struct rsg_prefix pfx;
		uint32_t asn;
		int64_t ml, expires = 0;
		unsigned ecol;
		char mbuf[96];
		bool skip;
		int n;

		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		le = nl != NULL ? nl : end;
		p = nl != NULL ? nl + 1 : end;
		if (le > ls && le[-1] == '\r')
			le--;
		{
			const char *q = ls;

			while (q < le && rpki_csv_blank(*q))
				q++;
			if (q == le)
				continue;
		}
		n = rpki_csv_split(ls, le, f, &ecol, &why);
		if (n < 0)
			return rsg__err(ld->err, RSG_EPARSE, ld->name, line,
			    ecol, "%s", why);
		if (first) {
			first = false;
			if (f[0].len == 3 && rpki_ta_eq(f[0].s, 3, "asn"))
				continue; /* header */
		}
		if (rsg__parse_asn(f[0].s, f[0].len, &asn) != 0 && ld->guessed
		    && !any)
			return rsg__err(ld->err, RSG_EPARSE, ld->name, line,
			    f[0].col,
			    "neither a JSON object nor CSV: expected '{', a "
			    "header \"ASN,IP Prefix,Max Length,Trust Anchor\" "
			    "or an AS number");
		if (rsg__parse_asn(f[0].s, f[0].len, &asn) != 0)
			return rsg__err(ld->err, RSG_EPARSE, ld->name, line,
			    f[0].col,
			    "expected an AS number (0..4294967295, optionally "
			    "\"AS\"-prefixed)");
		any = true;
		if (n < 3)
			return rsg__err(ld->err, RSG_EPARSE, ld->name, line,
			    (unsigned)(le - ls) + 1,
			    "expected ASN,IP Prefix,Max Length[,Trust "
			    "Anchor[,Expires]]");
		why = "invalid prefix";
		if (memchr(f[1].s, '\0', f[1].len) != NULL
		    || rpki_prefix(f[1].s, f[1].len, &pfx, &why) != 0)
			return rsg__err(ld->err, RSG_EPARSE, ld->name, line,
			    f[1].col, "%s \"%.*s\"", why,
			    (int)(f[1].len > 48 ? 48 : f[1].len), f[1].s);
		if (!rpki_csv_uint(f[2].s, f[2].len, 255, &ml))
			return rsg__err(ld->err, RSG_EPARSE, ld->name, line,
			    f[2].col, "expected a max length");
		if ((why = rpki_maxlen(&pfx, ml, mbuf, sizeof(mbuf))) != NULL)
			return rsg__err(ld->err, RSG_EPARSE, ld->name, line,
			    f[2].col, "%s", why);
		if (n >= 5 && f[4].len > 0
		    && !rpki_csv_uint(
			f[4].s, f[4].len, INT64_MAX / 16, &expires))
			return rsg__err(ld->err, RSG_EPARSE, ld->name, line,
			    f[4].col, "expected an expiry time (unix seconds)");
		/* an empty Trust Anchor or Expires field means "not given" */
		skip = n >= 4 && f[3].len > 0
		    && !rpki_ta_allowed(ld, f[3].s, f[3].len);
		skip =
		    skip || rpki_expired(ld, n >= 5 && f[4].len > 0, expires);
		if (rpki_add_vrp(ld, &pfx, asn, (unsigned)ml, skip) != 0)
			return RSG_ENOMEM;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */
/* ------------------------------------------------------------------ */

static void
rpki_fmt_time(int64_t t, char *buf, size_t cap)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL
	    || strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, cap, "@%lld", (long long)t);
}

/* Start a load: remember the vectors' lengths for the rollback. */
static void
rpki_begin(struct rpki_load *ld, const char *name, const struct rpki_opts *o,
    struct vrp_vec *vrps, struct aspa_set *aspas, struct rpki_meta *meta,
    struct rsg_error *err)
{
	memset(ld, 0, sizeof(*ld));
	ld->name = name != NULL ? name : "(buffer)";
	ld->o = o;
	ld->now = o != NULL && o->now != 0 ? o->now : rsg__wall_time();
	ld->vrps = vrps;
	ld->aspas = aspas;
	ld->err = err;
	ld->nv0 = vrps != NULL ? vrps->n : 0;
	ld->nr0 = aspas != NULL ? aspas->rec.n : 0;
	ld->np0 = aspas != NULL ? aspas->prov.n : 0;
	if (meta != NULL)
		memset(meta, 0, sizeof(*meta));
}

/*
 * Finish a load that parsed with result rc: staleness and emptiness
 * checks, the metadata, and on any error the rollback.
 */
static int
rpki_end(struct rpki_load *ld, int rc, struct rpki_meta *meta)
{
	const struct rpki_opts *o = ld->o;

	if (rc != 0)
		goto out;
	ld->meta.buildtime = ld->buildtime != 0 ? ld->buildtime : ld->generated;
	if (meta != NULL)
		meta->buildtime = ld->meta.buildtime;
	if (o != NULL && o->max_age > 0 && ld->meta.buildtime != 0
	    && ld->meta.buildtime < ld->now - o->max_age) {
		char bt[40];

		rpki_fmt_time(ld->meta.buildtime, bt, sizeof(bt));
		rc = rsg__err(ld->err, RSG_ESTALE, ld->name, 0, 0,
		    "stale data: built %s, %lld s ago, over the limit of "
		    "%lld s",
		    bt, (long long)(ld->now - ld->meta.buildtime),
		    (long long)o->max_age);
		goto out;
	}
	if (ld->vrps_seen == 0 && ld->aspas_seen == 0) {
		rc = rsg__err(ld->err, RSG_EEMPTY, ld->name, 0, 0,
		    "no VRPs and no ASPAs in the file");
		goto out;
	}
	if (meta != NULL)
		*meta = ld->meta;
out:
	if (rc != 0) {
		if (ld->vrps != NULL)
			ld->vrps->n = ld->nv0;
		if (ld->aspas != NULL) {
			ld->aspas->rec.n = ld->nr0;
			ld->aspas->prov.n = ld->np0;
		}
	}
	return rc;
}

static bool
rpki_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The input is a JSON array at buf[at]: say what is expected instead. */
static int
rpki_array(struct rpki_load *ld, const char *buf, size_t at)
{
	unsigned line = 1;
	size_t bol = 0;

	for (size_t i = 0; i < at; i++) {
		if (buf[i] == '\n') {
			line++;
			bol = i + 1;
		}
	}
	return rsg__err(ld->err, RSG_EPARSE, ld->name, line,
	    (unsigned)(at - bol) + 1, "%s", RPKI_ARRAY_MSG);
}

int
rsg__rpki_load_buf(const char *name, const char *buf, size_t len,
    enum rpki_format fmt, const struct rpki_opts *o, struct vrp_vec *vrps,
    struct aspa_set *aspas, struct rpki_meta *meta, struct rsg_error *err)
{
	struct rpki_load ld;
	struct json *j;
	int rc;

	rpki_begin(&ld, name, o, vrps, aspas, meta, err);
	if (fmt == RPKI_FMT_AUTO) {
		size_t i = 0;

		while (i < len && rpki_space(buf[i]))
			i++;
		if (i < len && buf[i] == '[')
			return rpki_end(&ld, rpki_array(&ld, buf, i), meta);
		fmt = i < len && buf[i] == '{' ? RPKI_FMT_JSON : RPKI_FMT_CSV;
		ld.guessed = fmt == RPKI_FMT_CSV;
	}
	if (fmt == RPKI_FMT_JSON) {
		/* the parser holds a scratch buffer: keep it off the stack */
		j = rsg__malloc(sizeof(*j));
		if (j == NULL) {
			rc = rsg__err(
			    err, RSG_ENOMEM, ld.name, 0, 0, "out of memory");
		} else {
			rsg__json_init(j, ld.name, buf, len, err);
			rc = rpki_json(&ld, j);
			rsg__free(j);
		}
	} else if (fmt == RPKI_FMT_CSV) {
		rc = rpki_csv(&ld, buf, len);
	} else {
		rc = rsg__err(err, RSG_EINVAL, ld.name, 0, 0,
		    "unknown RPKI file format %d", (int)fmt);
	}
	return rpki_end(&ld, rc, meta);
}

/*
 * The whole file for the CSV reader. A format check may have read its
 * start into j's window already: rewind, or if the file is a pipe, take
 * the window's bytes (the start of the file unless more than a window of
 * blanks came first) and read the rest.
 */
static int
rpki_csv_file(struct rpki_load *ld, struct json *j, int fd)
{
	const char *head = NULL;
	char *rest = NULL, *all;
	size_t nhead = 0, nrest = 0;
	int rc;

	if (j != NULL && j->start != j->end && lseek(fd, 0, SEEK_SET) != 0) {
		if (j->base != 0)
			return rsg__err(ld->err, RSG_EIO, ld->name, 0, 0,
			    "cannot rewind; give the format explicitly");
		head = j->start;
		nhead = (size_t)(j->end - j->start);
	}
	rc = rsg__file_slurp_fd(fd, ld->name, 0, &rest, &nrest, ld->err);
	if (rc != 0)
		return rc;
	if (nhead > 0) {
		all = rsg__malloc(nhead + nrest);
		if (all == NULL) {
			rsg__free(rest);
			return rsg__err(ld->err, RSG_ENOMEM, ld->name, 0, 0,
			    "out of memory");
		}
		memcpy(all, head, nhead);
		if (nrest > 0)
			memcpy(all + nhead, rest, nrest);
		rsg__free(rest);
		rest = all;
		nrest += nhead;
	}
	rc = rpki_csv(ld, rest, nrest);
	rsg__free(rest);
	return rc;
}

/*
 * A file: JSON is parsed as it is read, through a small window, so a
 * 75 MB dump never sits in memory; CSV is read whole.
 */
int
rsg__rpki_load_file(const char *path, enum rpki_format fmt,
    const struct rpki_opts *o, struct vrp_vec *vrps, struct aspa_set *aspas,
    struct rpki_meta *meta, struct rsg_error *err)
{
	struct rpki_load ld;
	struct json *j = NULL;
	int fd, rc;

	rpki_begin(&ld, path, o, vrps, aspas, meta, err);
	rc = rsg__file_open(ld.name, &fd, err);
	if (rc != 0)
		return rc;
	if (fmt == RPKI_FMT_AUTO || fmt == RPKI_FMT_JSON) {
		j = rsg__malloc(sizeof(*j));
		if (j == NULL) {
			rc = rsg__err(
			    err, RSG_ENOMEM, ld.name, 0, 0, "out of memory");
			goto out;
		}
		rc = rsg__json_init_stream(
		    j, ld.name, rsg__json_read_fd, &fd, 0, err);
		if (rc != 0)
			goto out;
		if (fmt == RPKI_FMT_AUTO) {
			int c = rsg__json_peek(j);

			if (j->failed) {
				rc = j->rc;
				goto out;
			}
			if (c == '[') {
				struct json_val v;

				if (rsg__json_next(j, &v) == 0)
					(void)rsg__json_error(j, v.line, v.col,
					    "%s", RPKI_ARRAY_MSG);
				rc = j->rc;
				goto out;
			}
			fmt = c == '{' ? RPKI_FMT_JSON : RPKI_FMT_CSV;
			ld.guessed = fmt == RPKI_FMT_CSV;
		}
	}
	if (fmt == RPKI_FMT_JSON)
		rc = rpki_json(&ld, j);
	else if (fmt == RPKI_FMT_CSV)
		rc = rpki_csv_file(&ld, j, fd);
	else
		rc = rsg__err(err, RSG_EINVAL, ld.name, 0, 0,
		    "unknown RPKI file format %d", (int)fmt);
out:
	if (j != NULL) {
		rsg__json_release(j);
		rsg__free(j);
	}
	close(fd);
	return rpki_end(&ld, rc, meta);
}
