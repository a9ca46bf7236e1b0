/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Reader for PeeringDB /api/net pages: {"data": [net, ...], "meta": ...}.
 * Of each net object only asn, info_prefixes4, info_prefixes6,
 * info_never_via_route_servers and irr_as_set are kept; every other
 * member is skipped (but still validated as JSON).
 *
 * Invariants:
 *  - Appends to the caller's vector; on error every net appended by this
 *    call is freed and removed again.
 *  - irr_as_set is NULL or a non-empty, NUL-free string owned by the
 *    vector; surrounding blanks are trimmed.
 *  - Files are parsed as they are read (a full /api/net dump is tens of
 *    megabytes); buffers in place.
 */
#include "config.h"

#include "peeringdb.h"

#include "alloc.h"
#include "json.h"
#include "util.h"

enum {
	PDB_ASN = 1u << 0,
	PDB_P4 = 1u << 1,
	PDB_P6 = 1u << 2,
	PDB_NEVER = 1u << 3,
	PDB_IRR = 1u << 4,
};

static int
pdb_once(struct json *j, const struct json_val *k, unsigned *seen, unsigned bit)
{
	char q[48];

	if (*seen & bit)
		return rsg__json_error(j, k->line, k->col,
		    "duplicate member \"%s\"",
		    rsg__json_quote(k, q, sizeof(q)));
	*seen |= bit;
	return 0;
}

/* A prefix count: a non-negative integer, or null for "not given". */
static int
pdb_count(struct json *j, const char *what, uint32_t *out)
{
	struct json_val v;
	int64_t n;

	if (rsg__json_next(j, &v) != 0)
		return RSG_EPARSE;
	if (v.type == JSON_NULL) {
		*out = 0;
		return 0;
	}
	if (rsg__json_int(j, &v, 0, UINT32_MAX, what, &n) != 0)
		return RSG_EPARSE;
	*out = (uint32_t)n;
	return 0;
}

static int
pdb_irr(struct json *j, char **out)
{
	struct json_val v;
	const char *s;
	size_t n;

	if (rsg__json_next(j, &v) != 0)
		return RSG_EPARSE;
	if (v.type == JSON_NULL)
		return 0;
	if (rsg__json_text(j, &v, "irr_as_set") != 0)
		return RSG_EPARSE;
	s = v.s;
	n = v.len;
	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		return 0;
	*out = rsg__strndup(s, n);
	return *out == NULL ? RSG_ENOMEM : 0;
}

/* One net object; the cursor is at its start. */
static int
pdb_net(struct json *j, struct pdb_vec *out)
{
	struct json_val o, k, v;
	struct pdb_net net;
	unsigned seen = 0;
	int64_t asn;
	int r;

	memset(&net, 0, sizeof(net));
	if (rsg__json_next(j, &o) != 0
	    || rsg__json_expect(j, &o, JSON_OBJECT, "a net object") != 0)
		return RSG_EPARSE;
	while ((r = rsg__json_member(j, &k)) > 0) {
		if (json_is(&k, "asn")) {
			if (pdb_once(j, &k, &seen, PDB_ASN) != 0
			    || rsg__json_next(j, &v) != 0
			    || rsg__json_int(j, &v, 0, UINT32_MAX, "asn", &asn))
				goto fail;
			net.asn = (uint32_t)asn;
		} else if (json_is(&k, "info_prefixes4")) {
			if (pdb_once(j, &k, &seen, PDB_P4) != 0
			    || pdb_count(
				   j, "info_prefixes4", &net.info_prefixes4)
				!= 0)
				goto fail;
		} else if (json_is(&k, "info_prefixes6")) {
			if (pdb_once(j, &k, &seen, PDB_P6) != 0
			    || pdb_count(
				   j, "info_prefixes6", &net.info_prefixes6)
				!= 0)
				goto fail;
		} else if (json_is(&k, "info_never_via_route_servers")) {
			if (pdb_once(j, &k, &seen, PDB_NEVER) != 0
			    || rsg__json_next(j, &v) != 0)
				goto fail;
			if (v.type == JSON_TRUE) {
				net.never_via_rs = true;
			} else if (v.type != JSON_FALSE
			    && v.type != JSON_NULL) {
				rsg__json_error(j, v.line, v.col,
				    "info_never_via_route_servers: expected "
				    "true or false, got %s",
				    rsg__json_type_name(v.type));
				goto fail;
			}
		} else if (json_is(&k, "irr_as_set")) {
			if (pdb_once(j, &k, &seen, PDB_IRR) != 0)
				goto fail;
			if ((r = pdb_irr(j, &net.irr_as_set)) != 0)
				goto out;
		} else if (rsg__json_skip_value(j) != 0) {
			goto fail;
		}
	}
	if (r < 0)
		goto out;
	if (!(seen & PDB_ASN)) {
		r = rsg__json_error(
		    j, o.line, o.col, "net object without \"asn\"");
		goto out;
	}
	if (VEC_PUSH(out, net) != 0) {
		r = RSG_ENOMEM;
		goto out;
	}
	return 0;
fail:
	r = RSG_EPARSE;
out:
	rsg__free(net.irr_as_set);
	return r;
}

static int
pdb_parse(struct json *j, struct pdb_vec *out)
{
	struct json_val o, k, v;
	bool have_data = false;
	int r;

	if (rsg__json_next(j, &o) != 0
	    || rsg__json_expect(j, &o, JSON_OBJECT, "a JSON object") != 0)
		return RSG_EPARSE;
	while ((r = rsg__json_member(j, &k)) > 0) {
		if (!json_is(&k, "data")) {
			if (rsg__json_skip_value(j) != 0)
				return RSG_EPARSE;
			continue;
		}
		if (have_data)
			return rsg__json_error(
			    j, k.line, k.col, "duplicate member \"data\"");
		have_data = true;
		if (rsg__json_next(j, &v) != 0
		    || rsg__json_expect(
			   j, &v, JSON_ARRAY, "an array for \"data\"")
			!= 0)
			return RSG_EPARSE;
		while ((r = rsg__json_element(j)) > 0) {
			if ((r = pdb_net(j, out)) != 0)
				return r;
		}
		if (r < 0)
			return r;
	}
	if (r < 0)
		return r;
	if (!have_data)
		return rsg__json_error(
		    j, o.line, o.col, "missing member \"data\"");
	return rsg__json_finish(j);
}

/* Parse from j (buffer or stream) into out; on error undo everything. */
static int
pdb_run(struct json *j, const char *name, struct pdb_vec *out,
    struct rsg_error *err)
{
	size_t n0 = out->n;
	int rc;

	rc = pdb_parse(j, out);
	if (j->failed)
		rc = j->rc; /* RSG_EPARSE, or RSG_EIO from the stream */
	else if (rc == RSG_ENOMEM)
		rsg__err(err, RSG_ENOMEM, name, 0, 0, "out of memory");
	if (rc != 0) {
		while (out->n > n0)
			rsg__free(out->v[--out->n].irr_as_set);
	}
	return rc;
}

struct pdb_arg {
	struct pdb_vec *out;
	struct rsg_error *err;
};

static int
pdb_run_cb(struct json *j, void *arg)
{
	struct pdb_arg *a = arg;

	return pdb_run(j, j->name, a->out, a->err);
}

int
rsg__pdb_load_buf(const char *name, const char *buf, size_t len,
    struct pdb_vec *out, struct rsg_error *err)
{
	struct pdb_arg a = { out, err };

	return rsg__json_run_buf(name, buf, len, pdb_run_cb, &a, err);
}

/* A file is parsed as it is read: a full /api/net dump is 30 MB. */
int
rsg__pdb_load_file(const char *path, struct pdb_vec *out, struct rsg_error *err)
{
	struct pdb_arg a = { out, err };

	return rsg__json_run_file(path, pdb_run_cb, &a, err);
}

void
rsg__pdb_vec_free(struct pdb_vec *v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < v->n; i++)
		rsg__free(v->v[i].irr_as_set);
	VEC_FREE(v);
}

void
rsg__pdb_vec_del(struct pdb_vec *p)
{
	if (p != NULL) {
		rsg__pdb_vec_free(p);
		rsg__free(p);
	}
}
