/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Reader of IX-F (Euro-IX) member exports, the JSON that IXP Manager
 * publishes: {version, ixp_list: [{ixp_id, ...}], member_list: [{asnum,
 * name, member_type, connection_list: [{ixp_id, vlan_list: [{vlan_id,
 * ipv4: {address, as_macro, max_prefix, routeserver, services}, ipv6:
 * {...}}]}]}]}. It selects what arouteserver's clients-from-euroix
 * selects: every address of a connection to the chosen IXP (and VLAN),
 * except route servers; the member's name, the address's as_macro and
 * max_prefix go with it.
 *
 * Invariants:
 *  - Members are walked as they come: the members of an object may be in
 *    any order (a connection's ixp_id after its vlan_list), so each
 *    level collects its addresses and filters them when it closes.
 *  - Integers may be JSON numbers or strings of digits (arouteserver
 *    accepts both); anything else where an integer belongs is an error.
 *  - Unknown members are skipped (validated as JSON only): the schema
 *    grows by adding members.
 *  - On error nothing is appended to the caller's vector.
 */
#include "config.h"

#include "ixf.h"

#include <string.h>

#include "addr.h"
#include "alloc.h"
#include "json.h"
#include "util.h"

struct ixf_parse {
	const struct ixf_select *sel;
	struct ixf_vec *out;
	size_t first;   /* out->n when the parse began */
	bool have_ixp;  /* sel->ixp_id is in ixp_list */
	bool have_list; /* member_list was given */
};

/* Clients of one member (or connection, or VLAN) being read. */
struct ixf_tmp {
	struct ixf_client *v;
	size_t n, cap;
};

static void
client_free(struct ixf_client *c)
{
	rsg__free(c->name);
	rsg__free(c->as_macro);
}

static void
tmp_free(struct ixf_tmp *t)
{
	for (size_t i = 0; i < t->n; i++)
		client_free(&t->v[i]);
	VEC_FREE(t);
}

/* Move every client of src to the end of dst. */
static int
tmp_move(struct ixf_tmp *dst, struct ixf_tmp *src)
{
	for (size_t i = 0; i < src->n; i++) {
		if (VEC_PUSH(dst, src->v[i]) != 0) {
			/* those moved are dst's now; free the rest */
			for (size_t k = i; k < src->n; k++)
				client_free(&src->v[k]);
			VEC_FREE(src);
			return RSG_ENOMEM;
		}
	}
	VEC_FREE(src);
	return 0;
}

/* An integer: a number, or a string of digits. */
static int
ixf_int_val(struct json *j, const struct json_val *v, int64_t max,
    const char *what, int64_t *out)
{
	int64_t x = 0;

	if (v->type != JSON_STRING)
		return rsg__json_int(j, v, 0, max, what, out);
	if (v->len == 0 || v->len > 18 || (v->flags & JSON_STR_ESCAPED))
		goto bad;
	for (size_t i = 0; i < v->len; i++) {
		if (v->s[i] < '0' || v->s[i] > '9')
			goto bad;
		x = x * 10 + (v->s[i] - '0');
	}
	if (x > max)
		goto bad;
	*out = x;
	return 0;
bad:
	return rsg__json_error(j, v->line, v->col,
	    "%s: expected an integer in 0..%lld", what, (long long)max);
}

static int
ixf_int(struct json *j, int64_t max, const char *what, int64_t *out)
{
	struct json_val v;

	if (rsg__json_next(j, &v) != 0)
		return RSG_EPARSE;
	return ixf_int_val(j, &v, max, what, out);
}

/* A string (copied into *out, replacing it), or null. */
static int
ixf_str(struct json *j, const char *what, char **out)
{
	struct json_val v;
	char *s;

	if (rsg__json_next(j, &v) != 0)
		return RSG_EPARSE;
	if (v.type == JSON_NULL)
		return 0;
	if (rsg__json_text(j, &v, what) != 0)
		return RSG_EPARSE;
	if ((s = rsg__strndup(v.s, v.len)) == NULL)
		return RSG_ENOMEM;
	rsg__free(*out);
	*out = s;
	return 0;
}

/* services: [{type: "ixrouteserver", ...}] (1.0) or service_type:
 * ["ixrouteserver"] (0.7): true if a route server is among them. */
static int
ixf_services(struct json *j, bool *rs)
{
	struct json_val v, k, t;
	int r;

	if (rsg__json_next(j, &v) != 0)
		return RSG_EPARSE;
	if (v.type == JSON_NULL)
		return 0;
	if (rsg__json_expect(j, &v, JSON_ARRAY, "an array of services") != 0)
		return RSG_EPARSE;
	while ((r = rsg__json_element(j)) > 0) {
		if (rsg__json_next(j, &t) != 0)
			return RSG_EPARSE;
		if (t.type == JSON_STRING) {
			if (json_is(&t, "ixrouteserver"))
				*rs = true;
			continue;
		}
		if (t.type != JSON_OBJECT) {
			if (rsg__json_skip(j, &t) != 0)
				return RSG_EPARSE;
			continue;
		}
		while ((r = rsg__json_member(j, &k)) > 0) {
			if (!json_is(&k, "type")) {
				if (rsg__json_skip_value(j) != 0)
					return RSG_EPARSE;
				continue;
			}
			if (rsg__json_next(j, &t) != 0)
				return RSG_EPARSE;
			if (t.type == JSON_STRING
			    && json_is(&t, "ixrouteserver"))
				*rs = true;
			else if (rsg__json_skip(j, &t) != 0)
				return RSG_EPARSE;
		}
		if (r < 0)
			return r;
	}
	return r;
}

/* ipv4 or ipv6 of a VLAN: at most one client. */
static int
ixf_ip(struct json *j, struct ixf_parse *ps, unsigned afi, struct ixf_tmp *out)
{
	struct ixf_client c;
	struct json_val o, k, av = { 0 };
	char *addr = NULL;
	bool rs = false, rs_flag_false = false;
	int64_t x;
	int r;

	memset(&c, 0, sizeof(c));
	if (rsg__json_next(j, &o) != 0)
		return RSG_EPARSE;
	if (o.type == JSON_NULL)
		return 0;
	if (rsg__json_expect(j, &o, JSON_OBJECT, "an object for ipv4/ipv6"))
		return RSG_EPARSE;
	while ((r = rsg__json_member(j, &k)) > 0) {
		if (json_is(&k, "address")) {
			if (rsg__json_next(j, &av) != 0)
				goto fail;
			if (av.type == JSON_NULL)
				continue;
			if (rsg__json_text(j, &av, "address") != 0)
				goto fail;
			rsg__free(addr);
			if ((addr = rsg__strndup(av.s, av.len)) == NULL) {
				r = RSG_ENOMEM;
				goto out;
			}
		} else if (json_is(&k, "as_macro")) {
			if ((r = ixf_str(j, "as_macro", &c.as_macro)) != 0)
				goto out;
		} else if (json_is(&k, "max_prefix")) {
			struct json_val v;

			if (rsg__json_next(j, &v) != 0)
				goto fail;
			if (v.type == JSON_NULL) /* none given */
				continue;
			if (ixf_int_val(j, &v, UINT32_MAX, "max_prefix", &x))
				goto fail;
			c.max_prefix = (uint32_t)x;
		} else if (json_is(&k, "routeserver")) {
			struct json_val v;

			if (rsg__json_next(j, &v) != 0
			    || rsg__json_skip(j, &v) != 0)
				goto fail;
			rs_flag_false = v.type == JSON_FALSE;
		} else if (json_is(&k, "services")
		    || json_is(&k, "service_type")) {
			if (ixf_services(j, &rs) != 0)
				goto fail;
		} else if (rsg__json_skip_value(j) != 0) {
			goto fail;
		}
	}
	if (r < 0)
		goto out;
	r = 0;
	if (addr == NULL || rs || (ps->sel->routeserver_only && rs_flag_false))
		goto out;
	if (rsg_ip_parse(addr, &c.ip) != 0 || c.ip.afi != afi) {
		r = rsg__json_error(j, av.line, av.col,
		    "address: '%.64s' is not an IPv%u address", addr,
		    afi == RSG_AFI_IPV4 ? 4u : 6u);
		goto out;
	}
	if (VEC_PUSH(out, c) != 0) {
		r = RSG_ENOMEM;
		goto out;
	}
	rsg__free(addr);
	return 0;
fail:
	r = RSG_EPARSE;
out:
	rsg__free(addr);
	client_free(&c);
	return r;
}

/* One VLAN of a connection; kept if it is the selected one. */
static int
ixf_vlan(struct json *j, struct ixf_parse *ps, struct ixf_tmp *out)
{
	struct ixf_tmp t = { 0 };
	struct json_val o, k;
	int64_t vlan = -1;
	int r;

	if (rsg__json_next(j, &o) != 0
	    || rsg__json_expect(j, &o, JSON_OBJECT, "a VLAN object") != 0)
		return RSG_EPARSE;
	while ((r = rsg__json_member(j, &k)) > 0) {
		int e;

		if (json_is(&k, "vlan_id"))
			e = ixf_int(j, 4095, "vlan_id", &vlan);
		else if (json_is(&k, "ipv4"))
			e = ixf_ip(j, ps, RSG_AFI_IPV4, &t);
		else if (json_is(&k, "ipv6"))
			e = ixf_ip(j, ps, RSG_AFI_IPV6, &t);
		else
			e = rsg__json_skip_value(j);
		if (e != 0) {
			r = e;
			break;
		}
	}
	if (r == 0 && (ps->sel->vlan_id < 0 || vlan == ps->sel->vlan_id))
		return tmp_move(out, &t);
	tmp_free(&t);
	return r;
}

/* vlan_list; IXP Manager once wrote it as [[...]] (arouteserver). */
static int
ixf_vlan_list(struct json *j, struct ixf_parse *ps, struct ixf_tmp *out)
{
	struct json_val v;
	int r;

	if (rsg__json_next(j, &v) != 0)
		return RSG_EPARSE;
	if (v.type == JSON_NULL)
		return 0;
	if (rsg__json_expect(j, &v, JSON_ARRAY, "an array for vlan_list"))
		return RSG_EPARSE;
	while ((r = rsg__json_element(j)) > 0) {
		if (rsg__json_peek(j) == '[') {
			if (rsg__json_next(j, &v) != 0)
				return RSG_EPARSE;
			while ((r = rsg__json_element(j)) > 0) {
				if ((r = ixf_vlan(j, ps, out)) != 0)
					return r;
			}
			if (r < 0)
				return r;
			continue;
		}
		if ((r = ixf_vlan(j, ps, out)) != 0)
			return r;
	}
	return r;
}

/* One connection of a member; kept if it is to the selected IXP. */
static int
ixf_connection(struct json *j, struct ixf_parse *ps, struct ixf_tmp *out)
{
	struct ixf_tmp t = { 0 };
	struct json_val o, k;
	int64_t ixp = -1;
	bool have_ixp = false;
	int r;

	if (rsg__json_next(j, &o) != 0
	    || rsg__json_expect(j, &o, JSON_OBJECT, "a connection object"))
		return RSG_EPARSE;
	while ((r = rsg__json_member(j, &k)) > 0) {
		int e;

		if (json_is(&k, "ixp_id")) {
			have_ixp = true;
			e = ixf_int(j, UINT32_MAX, "ixp_id", &ixp);
		} else if (json_is(&k, "vlan_list")) {
			e = ixf_vlan_list(j, ps, &t);
		} else {
			e = rsg__json_skip_value(j);
		}
		if (e != 0) {
			r = e;
			break;
		}
	}
	if (r == 0 && !have_ixp)
		r = rsg__json_error(
		    j, o.line, o.col, "connection without \"ixp_id\"");
	if (r == 0 && ixp == (int64_t)ps->sel->ixp_id)
		return tmp_move(out, &t);
	tmp_free(&t);
	return r;
}

static bool
same_str(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

static bool
same_client(const struct ixf_client *a, const struct ixf_client *b)
{
	return a->asn == b->asn && ip_equal(&a->ip, &b->ip)
	    && a->max_prefix == b->max_prefix && same_str(a->name, b->name)
	    && same_str(a->as_macro, b->as_macro);
}

/* One member: its clients, unless it is a route server itself. */
static int
ixf_member(struct json *j, struct ixf_parse *ps)
{
	struct ixf_tmp t = { 0 };
	struct json_val o, k;
	char *name = NULL, *type = NULL;
	int64_t asn = -1;
	int r;

	if (rsg__json_next(j, &o) != 0
	    || rsg__json_expect(j, &o, JSON_OBJECT, "a member object") != 0)
		return RSG_EPARSE;
	while ((r = rsg__json_member(j, &k)) > 0) {
		struct json_val v;
		int e;

		if (json_is(&k, "asnum")) {
			e = ixf_int(j, UINT32_MAX, "asnum", &asn);
		} else if (json_is(&k, "name")) {
			e = ixf_str(j, "name", &name);
		} else if (json_is(&k, "member_type")) {
			e = ixf_str(j, "member_type", &type);
		} else if (json_is(&k, "connection_list")) {
			e = rsg__json_next(j, &v);
			if (e == 0)
				e = rsg__json_expect(j, &v, JSON_ARRAY,
				    "an array for connection_list");
			while (e == 0 && (e = rsg__json_element(j)) > 0)
				e = ixf_connection(j, ps, &t);
		} else {
			e = rsg__json_skip_value(j);
		}
		if (e != 0) {
			r = e;
			break;
		}
	}
	if (r == 0 && t.n > 0 && (asn <= 0 || asn > UINT32_MAX))
		r = rsg__json_error(j, o.line, o.col,
		    "member without a valid \"asnum\" (1..4294967295)");
	/* schema 0.6 and before: the member is a route server */
	if (r == 0 && type != NULL && strcmp(type, "routeserver") == 0)
		t.n = (tmp_free(&t), 0);
	for (size_t i = 0; r == 0 && i < t.n; i++) {
		struct ixf_client *c = &t.v[i];
		bool dup = false;

		c->asn = (uint32_t)asn;
		if (name != NULL && (c->name = rsg__strdup(name)) == NULL) {
			r = RSG_ENOMEM;
			break;
		}
		for (size_t d = ps->first; d < ps->out->n && !dup; d++)
			dup = same_client(&ps->out->v[d], c);
		if (dup)
			continue;
		if (VEC_PUSH(ps->out, *c) != 0) {
			r = RSG_ENOMEM;
			break;
		}
		memset(c, 0, sizeof(*c)); /* the vector's now */
	}
	tmp_free(&t);
	rsg__free(name);
	rsg__free(type);
	return r;
}

static int
ixf_ixp_list(struct json *j, struct ixf_parse *ps)
{
	struct json_val v, k;
	int64_t id;
	int r;

	if (rsg__json_next(j, &v) != 0
	    || rsg__json_expect(j, &v, JSON_ARRAY, "an array for ixp_list"))
		return RSG_EPARSE;
	while ((r = rsg__json_element(j)) > 0) {
		if (rsg__json_next(j, &v) != 0
		    || rsg__json_expect(j, &v, JSON_OBJECT, "an IXP object"))
			return RSG_EPARSE;
		while ((r = rsg__json_member(j, &k)) > 0) {
			if (!json_is(&k, "ixp_id")) {
				if (rsg__json_skip_value(j) != 0)
					return RSG_EPARSE;
				continue;
			}
			if (ixf_int(j, UINT32_MAX, "ixp_id", &id) != 0)
				return RSG_EPARSE;
			if (id == (int64_t)ps->sel->ixp_id)
				ps->have_ixp = true;
		}
		if (r < 0)
			return r;
	}
	return r;
}

static int
ixf_run(struct json *j, void *arg)
{
	struct ixf_parse *ps = arg;
	struct json_val o, k, v;
	int r;

	if (rsg__json_next(j, &o) != 0
	    || rsg__json_expect(j, &o, JSON_OBJECT, "an IX-F member export"))
		return RSG_EPARSE;
	while ((r = rsg__json_member(j, &k)) > 0) {
		if (json_is(&k, "version")) {
			r = ixf_str(j, "version", &ps->out->version);
		} else if (json_is(&k, "ixp_list")) {
			r = ixf_ixp_list(j, ps);
		} else if (json_is(&k, "member_list")) {
			ps->have_list = true;
			if (rsg__json_next(j, &v) != 0
			    || rsg__json_expect(j, &v, JSON_ARRAY,
				   "an array for member_list")
				!= 0)
				return RSG_EPARSE;
			while ((r = rsg__json_element(j)) > 0) {
				if ((r = ixf_member(j, ps)) != 0)
					return r;
			}
		} else {
			r = rsg__json_skip_value(j);
		}
		if (r != 0)
			return r;
	}
	if (r < 0)
		return r;
	if (rsg__json_finish(j) != 0)
		return RSG_EPARSE;
	if (!ps->have_list)
		return rsg__json_error(j, o.line, o.col,
		    "an IX-F member export needs \"member_list\"");
	if (!ps->have_ixp)
		return rsg__json_error(j, o.line, o.col,
		    "IXP %u is not in \"ixp_list\"", ps->sel->ixp_id);
	return 0;
}

int
rsg__ixf_parse(const char *name, const char *buf, size_t len,
    const struct ixf_select *sel, struct ixf_vec *out, struct rsg_error *err)
{
	struct ixf_parse ps = { sel, out, out->n, false, false };
	int rc;

	rc = rsg__json_run_buf(name, buf, len, ixf_run, &ps, err);
	if (rc == 0)
		return 0;
	for (size_t i = ps.first; i < out->n; i++)
		client_free(&out->v[i]);
	out->n = ps.first;
	if (rc == RSG_ENOMEM)
		rsg__err(err, RSG_ENOMEM, name, 0, 0, "out of memory");
	return rc;
}

void
rsg__ixf_vec_free(struct ixf_vec *v)
{
	for (size_t i = 0; i < v->n; i++)
		client_free(&v->v[i]);
	VEC_FREE(v);
	rsg__free(v->version);
	v->version = NULL;
}
