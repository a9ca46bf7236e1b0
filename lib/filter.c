/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rsg_check(): every MANRS IXP Action 1 import check for one route, on
 * the current snapshot. This is the hot path: it reads the immutable
 * snapshot inside an RCU read section and never locks, allocates, blocks
 * or logs. All failing checks are collected, in the order of
 * manrs-requirements §4.B (the first detail is the primary reason).
 */
#include "config.h"

#include "filter.h"

#include <stddef.h>
#include <string.h>

#include "aspath.h"
#include "bogon.h"
#include "community.h"
#include "ctx.h"
#include "rcu.h"
#include "util.h"
#include "verdict.h"

static void
verdict_init(struct rsg_verdict *v, uint64_t generation)
{
	v->version = RSG_VERDICT_VERSION;
	v->generation = generation;
	v->reasons[0] = v->reasons[1] = 0;
	v->action = RSG_ACCEPT;
	v->rov = RSG_ROV_NOT_CHECKED;
	v->aspa = RSG_ASPA_NOT_CHECKED;
	v->irr = RSG_IRR_NOT_CHECKED;
	v->flags = 0;
	v->client_asn = 0;
	v->origin_asn = 0;
	v->rs_as = 0;
	v->path_len = 0;
	v->n_details = 0;
	v->n_vrps = 0;
	v->n_vrps_total = 0;
	v->n_communities = 0;
	v->reserved_ = 0;
	v->blackhole = RSG_BLACKHOLE_NONE;
	memset(v->reserved2_, 0, sizeof(v->reserved2_));
	memset(&v->blackhole_next_hop, 0, sizeof(v->blackhole_next_hop));
	v->n_std_communities = 0;
	v->n_ext_communities = 0;
	v->n_scrub_std = v->n_scrub_ext = v->n_scrub_large = 0;
	v->reserved3_ = 0;
	v->irr_as_set[0] = '\0';
}

static void
add_std(struct rsg_verdict *v, uint32_t c)
{
	for (unsigned i = 0; i < v->n_std_communities; i++) {
		if (v->std_communities[i] == c)
			return;
	}
	if (v->n_std_communities < RSG_VERDICT_MAX_STD)
		v->std_communities[v->n_std_communities++] = c;
}

static void
add_ext(struct rsg_verdict *v, const struct rsg_ec *c)
{
	for (unsigned i = 0; i < v->n_ext_communities; i++) {
		if (v->ext_communities[i].hi == c->hi
		    && v->ext_communities[i].lo == c->lo)
			return;
	}
	if (v->n_ext_communities < RSG_VERDICT_MAX_EXT)
		v->ext_communities[v->n_ext_communities++] = *c;
}

static void add_lc(
    struct rsg_verdict *v, uint32_t asn, uint32_t d1, uint32_t d2);

/* A community function's forms, with val where it takes one (peer_as,
 * dyn_val), std_val in the standard form (a 32-bit ASN's 16-bit stand-in);
 * a form the value does not fit is left out. */
static void
add_fn2(struct rsg_verdict *v, const struct comm_cset *cs, uint32_t val,
    uint32_t std_val)
{
	struct rsg_ec e;
	struct rsg_lc l;
	uint32_t x;

	if (cs->forms == 0)
		return;
	if (rsg__comm_make_std(&cs->form[FORM_STD], std_val, &x))
		add_std(v, x);
	if (rsg__comm_make_ext(&cs->form[FORM_EXT], val, &e))
		add_ext(v, &e);
	if (rsg__comm_make_lrg(&cs->form[FORM_LRG], val, &l))
		add_lc(v, l.asn, l.data1, l.data2);
}

static void
add_fn(struct rsg_verdict *v, const struct comm_cset *cs, uint32_t val)
{
	add_fn2(v, cs, val, val);
}

/* Record a failing check; NULL if the check is off for this client. */
static struct rsg_detail *
fail(struct rsg_verdict *v, const struct knobs *k, enum rsg_reason r)
{
	struct rsg_detail *d;
	uint8_t mode = k->mode[r];

	if (mode == RSG_MODE_OFF || v->n_details >= RSG_VERDICT_MAX_DETAILS)
		return NULL;
	v->reasons[r / 64] |= UINT64_C(1) << (r % 64);
	d = &v->details[v->n_details++];
	memset(d, 0, sizeof(*d));
	d->reason = (uint16_t)r;
	d->mode = mode;
	return d;
}

static void
add_lc(struct rsg_verdict *v, uint32_t asn, uint32_t d1, uint32_t d2)
{
	for (unsigned i = 0; i < v->n_communities; i++) {
		const struct rsg_lc *c = &v->communities[i];

		if (c->asn == asn && c->data1 == d1 && c->data2 == d2)
			return;
	}
	if (v->n_communities < RSG_VERDICT_MAX_COMMUNITIES) {
		struct rsg_lc *c = &v->communities[v->n_communities++];

		c->asn = asn;
		c->data1 = d1;
		c->data2 = d2;
	}
}

static bool
ip_in(const struct rsg_ip *ip, const struct rsg_ip *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (ip_equal(ip, &v[i]))
			return true;
	}
	return false;
}

/* What one walk over the AS_PATH finds. */
struct path_facts {
	uint32_t first;     /* first ASN of the path (0: empty) */
	uint32_t origin;    /* 0 = NONE: empty, or not a sequence at the end */
	uint16_t len;       /* RFC 4271 length: a set counts 1, confeds 0 */
	uint8_t first_type; /* type of the first segment */
	uint8_t odd_type;   /* first non-AS_SEQUENCE segment type, 0 none */
	uint32_t bogon_asn, bogon_pos;
	uint32_t tf_asn, tf_pos, tf_prev;
	uint32_t nv_asn, nv_pos;
};

static int
walk_path(const struct snap_policy *s, const struct snap_client *c,
    uint32_t client_asn, const uint8_t *p, size_t len, struct path_facts *f,
    size_t *bad)
{
	const struct knobs *k = &c->k;
	bool want_bogon = k->mode[RSG_R_BOGON_ASN] != RSG_MODE_OFF;
	bool want_tf = k->mode[RSG_R_TRANSIT_FREE] != RSG_MODE_OFF
	    && c->transit_free->n > 0;
	bool want_nv =
	    k->mode[RSG_R_NEVER_VIA_RS] != RSG_MODE_OFF && s->never_via.n > 0;
	uint32_t pos = 0, prev = 0, last = 0;
	unsigned last_type = 0;
	size_t off = 0;

	memset(f, 0, sizeof(*f));
	while (off < len) {
		unsigned type, n;

		if (rsg__path_segment(p, len, off, &type, &n, bad) != 0)
			return -1;
		if (off == 0)
			f->first_type = (uint8_t)type;
		if (type != RSG_SEG_SEQUENCE && f->odd_type == 0)
			f->odd_type = (uint8_t)type;
		if (type == RSG_SEG_SEQUENCE)
			f->len = (uint16_t)(f->len + n > 0xffff ? 0xffff
								: f->len + n);
		else if (type == RSG_SEG_SET && f->len < 0xffff)
			f->len++;
		for (unsigned i = 0; i < n; i++) {
			uint32_t asn = get_u32be(p + off + 2 + 4 * i);

			pos++;
			if (pos == 1)
				f->first = asn;
			if (want_bogon && f->bogon_pos == 0
			    && rsg__asn_is_bogon(asn)) {
				f->bogon_asn = asn;
				f->bogon_pos = pos;
			}
			if (want_tf && f->tf_pos == 0 && pos > 1
			    && asn != client_asn
			    && rsg__asnset_has(c->transit_free, asn)) {
				f->tf_asn = asn;
				f->tf_pos = pos;
				f->tf_prev = prev;
			}
			if (want_nv && f->nv_pos == 0 && asn != client_asn
			    && rsg__asnset_has(&s->never_via, asn)) {
				f->nv_asn = asn;
				f->nv_pos = pos;
			}
			prev = asn;
		}
		last = prev;
		last_type = type;
		off += 2 + (size_t)n * 4;
	}
	f->origin = last_type == RSG_SEG_SEQUENCE ? last : 0;
	return 0;
}

static void
check_next_hop(struct rsg_verdict *v, const struct snap_client *c, bool known,
    const struct rsg_route *r)
{
	const struct knobs *k = &c->k;
	const struct rsg_ip *nh = &r->next_hop;
	struct rsg_detail *d;

	if (nh->afi == RSG_AFI_NONE || k->mode[RSG_R_NEXT_HOP] == RSG_MODE_OFF)
		return;
	if (ip_equal(nh, &r->peer_ip))
		return;
	/* another family than the session (RFC 8950): the client's own
	 * address of that family */
	if (known && nh->afi != r->peer_ip.afi && ip_in(nh, c->ips, c->nips))
		return;
	if (k->nh_policy == NH_SAME_AS && known
	    && ip_in(nh, c->same_as_ips, c->n_same_as)) {
		v->flags |= RSG_VF_SAME_AS_NEXT_HOP;
		return;
	}
	if (k->nh_policy == NH_AUTHORIZED && known
	    && ip_in(nh, c->nh_auth, c->n_nh_auth))
		return;
	if ((d = fail(v, k, RSG_R_NEXT_HOP)) != NULL) {
		d->ip = *nh;
		d->value = k->nh_policy;
	}
}

/* One prefix list: the reason fails with the widest matching entry. */
static void
check_list(struct rsg_verdict *v, const struct knobs *k, enum rsg_reason r,
    const struct plist *l, const struct rsg_prefix *p)
{
	const struct pfx_entry *e;
	struct rsg_detail *d;

	if (k->mode[r] == RSG_MODE_OFF || (e = rsg__plist_match(l, p)) == NULL)
		return;
	if ((d = fail(v, k, r)) != NULL) {
		d->prefix = e->pfx;
		d->limit = e->le;
	}
}

static void
check_prefix(struct rsg_verdict *v, const struct snap_policy *s,
    const struct snap_client *c, const struct rsg_prefix *p)
{
	const struct knobs *k = &c->k;
	struct rsg_detail *d;

	if (p->len == 0) {
		if ((d = fail(v, k, RSG_R_DEFAULT_ROUTE)) != NULL)
			d->prefix = *p;
	} else if (p->ip.afi == RSG_AFI_IPV6 && !rsg__v6_in_2000_3(p)) {
		if ((d = fail(v, k, RSG_R_NOT_GLOBAL_UNICAST)) != NULL)
			d->prefix = *p;
	} else {
		check_list(v, k, RSG_R_BOGON_PREFIX, &s->bogons, p);
	}
	check_list(v, k, RSG_R_PEERING_LAN, &s->peering_lans, p);
	check_list(v, k, RSG_R_GLOBAL_BLACKLIST, &s->global_blacklist, p);
	check_list(v, k, RSG_R_CLIENT_BLACKLIST, &c->blacklist, p);
}

/* A table the client's checks use but that is not in service: "not
 * checked", and the flag that says why. */
static bool
table_ready(
    struct rsg_verdict *v, unsigned state, uint32_t not_ready, uint32_t stale)
{
	if (state == TABLE_NOT_READY)
		v->flags |= not_ready;
	else if (state == TABLE_STALE)
		v->flags |= stale;
	return state == TABLE_READY;
}

static void
check_rov(struct rsg_verdict *v, const struct rsg_snapshot *snap,
    const struct knobs *k, const struct rsg_prefix *p)
{
	const struct snap_rov *s = snap_rov(snap);
	struct rsg_detail *d;
	size_t total = 0;

	if ((k->mode[RSG_R_RPKI_INVALID] == RSG_MODE_OFF
		&& k->mode[RSG_R_RPKI_UNKNOWN] == RSG_MODE_OFF)
	    || !table_ready(
		v, snap->rov_state, RSG_VF_ROV_NOT_READY, RSG_VF_ROV_STALE))
		return;
	v->rov = (uint8_t)rsg__roa_validate(
	    &s->roa, p, v->origin_asn, v->vrps, RSG_VERDICT_MAX_VRPS, &total);
	v->n_vrps =
	    (uint16_t)(total < RSG_VERDICT_MAX_VRPS ? total
						    : RSG_VERDICT_MAX_VRPS);
	v->n_vrps_total = (uint16_t)(total > 0xffff ? 0xffff : total);
	if (v->rov == RSG_ROV_INVALID) {
		if ((d = fail(v, k, RSG_R_RPKI_INVALID)) != NULL) {
			d->prefix = *p;
			d->asn = v->origin_asn;
			d->value = p->len;
		}
	} else if (v->rov == RSG_ROV_NOTFOUND) {
		if ((d = fail(v, k, RSG_R_RPKI_UNKNOWN)) != NULL) {
			d->prefix = *p;
			d->asn = v->origin_asn;
		}
	}
}

/*
 * The prefix in the client's route set: a route object of one of its
 * origins for exactly this prefix, or (allow_longer_prefixes) for a
 * covering one; or an entry of one of its bgpq4 prefix lists.
 */
static bool
irr_prefix_ok(const struct snap_irr *s, const struct snap_client *c,
    const struct rsg_prefix *p, bool longer, uint32_t known)
{
	bool v6 = p->ip.afi == RSG_AFI_IPV6;

	return rsg__irr_route_ok(
		   v6 ? &s->t6 : &s->t4, &c->irr_asns, p, longer, known)
	    || rsg__irr_list_ok(v6 ? &s->l6 : &s->l4, &c->irr_lists, p, longer);
}

/* The origin of a route object for exactly p (outside the client's
 * AS-SETs, or p would be in its route set), or 0: for the reason's
 * words, on the failure path only. */
static uint32_t
irr_other_origin(const struct snap_irr *s, const struct rsg_prefix *p)
{
	const struct ptab_rec *r;
	struct ptab_iter it;

	ptab_iter_init(&it, p->ip.afi == RSG_AFI_IPV6 ? &s->t6 : &s->t4, p);
	while ((r = ptab_iter_next(&it)) != NULL)
		if (r->len == p->len)
			return r->data;
	return 0;
}

/* An ARIN whois record of this origin for the prefix (or covering it). */
static bool
arin_ok(const struct snap_irr *s, const struct rsg_prefix *p, uint32_t origin,
    bool longer)
{
	const struct ptab *t =
	    p->ip.afi == RSG_AFI_IPV6 ? &s->arin6 : &s->arin4;
	const struct ptab_rec *r;
	struct ptab_iter it;

	if (t->nrec == 0)
		return false;
	ptab_iter_init(&it, t, p);
	while ((r = ptab_iter_next(&it)) != NULL)
		if (r->data == origin && (r->len == p->len || longer))
			return true;
	return false;
}

/*
 * IRR (MANRS Action 1 steps 3 and 4), arouteserver's verify_irrdb():
 * the origin in the client's AS-SETs, the prefix in their route set; a
 * ROA of the origin (use_rpki_roas_as_route_objects) validates a route
 * whose origin is fine. The state is tagged whether enforced or not.
 */
static void
check_irr(struct rsg_verdict *v, const struct rsg_snapshot *snap,
    const struct snap_client *c, const struct rsg_route *r)
{
	const struct snap_irr *s = snap_irr(snap);
	const struct snap_policy *pol = snap_policy(snap);
	const struct knobs *k = &c->k;
	struct rsg_detail *d;
	bool in_set, origin_ok, prefix_ok, validated = false;

	if (!s->on || c->irr_sets == NULL
	    || (!k->irr_enforce_origin && !k->irr_enforce_prefix
		&& !k->irr_tag))
		return;
	in_set =
	    v->origin_asn != 0 && rsg__asnset_has(&c->irr_asns, v->origin_asn);
	origin_ok = in_set
	    || (v->origin_asn != 0
		&& rsg__asnset_has(&c->irr_white_asn, v->origin_asn));
	/* a route object of the origin itself needs no second lookup */
	prefix_ok = irr_prefix_ok(s, c, &r->prefix, k->irr_allow_longer,
			in_set ? v->origin_asn : 0)
	    || rsg__plist_match(&c->irr_white_pref, &r->prefix) != NULL;
	if (k->irr_tag) {
		add_fn(v,
		    &pol->comm[origin_ok ? COMMF_ORIGIN_IN_AS_SET
					 : COMMF_ORIGIN_NOT_IN_AS_SET],
		    0);
		add_fn(v,
		    &pol->comm[prefix_ok ? COMMF_PREFIX_IN_AS_SET
					 : COMMF_PREFIX_NOT_IN_AS_SET],
		    0);
	}
	if (k->irr_use_roas && origin_ok && snap->rov_state == TABLE_READY
	    && rsg__roa_validate(&snap_rov(snap)->roa, &r->prefix,
		   v->origin_asn, NULL, 0, NULL)
		== RSG_ROV_VALID) {
		if (k->irr_tag)
			add_fn(v, &pol->comm[COMMF_VIA_ROAS], 0);
		validated = true;
	}
	if (k->irr_use_arin && origin_ok
	    && arin_ok(s, &r->prefix, v->origin_asn, k->irr_allow_longer)) {
		if (k->irr_tag)
			add_fn(v, &pol->comm[COMMF_VIA_ARIN], 0);
		validated = true;
	}
	for (size_t i = 0; !validated && i < c->n_white_route; i++) {
		const struct pfx_entry *e = &c->white_route[i];

		if (pfx_covers(&e->pfx, &r->prefix) && r->prefix.len >= e->ge
		    && r->prefix.len <= e->le
		    && (c->white_route_asn[i] == 0
			|| c->white_route_asn[i] == v->origin_asn)) {
			if (k->irr_tag)
				add_fn(v, &pol->comm[COMMF_VIA_WHITE_LIST], 0);
			validated = true;
		}
	}
	v->irr = (origin_ok && prefix_ok) || validated ? RSG_IRR_VALID
						       : RSG_IRR_INVALID;
	if (v->irr == RSG_IRR_INVALID)
		strlcpy(v->irr_as_set, c->irr_sets, sizeof(v->irr_as_set));
	if (k->irr_enforce_origin && !validated && !origin_ok
	    && (d = fail(v, k, RSG_R_IRR_ORIGIN)) != NULL) {
		d->asn = v->origin_asn;
		d->prefix = r->prefix;
	}
	if (k->irr_enforce_prefix && !validated && !prefix_ok
	    && (d = fail(v, k, RSG_R_IRR_PREFIX)) != NULL) {
		d->asn = v->origin_asn;
		d->asn2 = irr_other_origin(s, &r->prefix);
		d->prefix = r->prefix;
		d->value = r->prefix.len;
	}
}

static void
check_aspa(struct rsg_verdict *v, const struct rsg_snapshot *snap,
    const struct snap_client *c, uint32_t client_asn, const struct rsg_route *r)
{
	const struct snap_aspa *s = snap_aspa(snap);
	const struct knobs *k = &c->k;
	struct aspa_why why;
	struct rsg_detail *d;

	if (k->mode[RSG_R_ASPA_INVALID] == RSG_MODE_OFF
	    || !table_ready(
		v, snap->aspa_state, RSG_VF_ASPA_NOT_READY, RSG_VF_ASPA_STALE))
		return;
	v->aspa = (uint8_t)rsg__aspa_verify(&s->aspa, r->as_path,
	    r->as_path_len, client_asn,
	    RSG_ASPA_UPSTREAM | (k->transparent_rs ? RSG_ASPA_RS_CLIENT : 0),
	    &why);
	if (v->aspa == RSG_ASPA_INVALID
	    && (d = fail(v, k, RSG_R_ASPA_INVALID)) != NULL) {
		d->value = why.cause;
		d->asn = why.customer;
		d->asn2 = why.provider;
	}
}

static bool
idx_std(const struct comm_idx *x, uint32_t c)
{
	for (unsigned i = 0; i < x->n; i++) {
		if (rsg__comm_match_std(&x->pat[i], c, NULL))
			return true;
	}
	return false;
}

static bool
idx_ext(const struct comm_idx *x, const struct rsg_ec *c)
{
	for (unsigned i = 0; i < x->n; i++) {
		if (rsg__comm_match_ext(&x->pat[i], c, NULL))
			return true;
	}
	return false;
}

static bool
idx_lrg(const struct comm_idx *x, const struct rsg_lc *c)
{
	for (unsigned i = 0; i < x->n; i++) {
		if (rsg__comm_match_lrg(&x->pat[i], c, NULL))
			return true;
	}
	return false;
}

/*
 * The route's communities the route server owns, to delete. Inbound:
 * those of every function scrubbed inbound, and the large communities of
 * the RS namespace that are no control community (those act on the way
 * out). Outbound: those of every function scrubbed outbound, and the
 * local blackholing communities (never BLACKHOLE itself).
 */
static void
scrub_scan(const struct snap_policy *s, const struct rsg_route *r, bool inbound,
    uint32_t *std, uint16_t *ns, struct rsg_ec *ext, uint16_t *ne,
    struct rsg_lc *lrg, uint16_t *nl, bool *more)
{
	const struct comm_idx *x = inbound ? s->scrub_in : s->scrub_out;

	*ns = *ne = *nl = 0;
	*more = false;
	for (size_t i = 0; x[FORM_STD].n > 0 && i < r->n_communities; i++) {
		uint32_t c = r->communities[i];

		if (!idx_std(&x[FORM_STD], c)
		    || (!inbound && c == COMM_BLACKHOLE))
			continue;
		if (*ns < RSG_VERDICT_MAX_SCRUB)
			std[(*ns)++] = c;
		else
			*more = true;
	}
	for (size_t i = 0; x[FORM_EXT].n > 0 && i < r->n_ext_communities; i++) {
		if (!idx_ext(&x[FORM_EXT], &r->ext_communities[i]))
			continue;
		if (*ne < RSG_VERDICT_MAX_SCRUB)
			ext[(*ne)++] = r->ext_communities[i];
		else
			*more = true;
	}
	for (size_t i = 0; i < r->n_large_communities; i++) {
		const struct rsg_lc *c = &r->large_communities[i];
		bool ours = idx_lrg(&x[FORM_LRG], c);

		if (inbound && !ours && s->rs_as != 0 && c->asn == s->rs_as)
			ours = !idx_lrg(&s->scrub_out[FORM_LRG], c);
		if (!ours)
			continue;
		if (*nl < RSG_VERDICT_MAX_SCRUB)
			lrg[(*nl)++] = *c;
		else
			*more = true;
	}
}

/* What a function's value must be (peer_as, dyn_val): NULL for any. */
struct want {
	enum { W_ANY, W_EQ, W_RTT_LOWER, W_RTT_HIGHER } how;
	uint32_t x;     /* the ASN, the client's RTT */
	uint32_t x_std; /* W_EQ in a standard community: the ASN's 16-bit
			 * stand-in; UINT32_MAX: none */
};

static bool
want_ok(const struct want *w, uint32_t val)
{
	switch (w->how) {
	case W_EQ:
		return val == w->x;
	case W_RTT_LOWER: /* inclusive, as arouteserver */
		return w->x != 0 && w->x <= val;
	case W_RTT_HIGHER:
		return w->x != 0 && w->x > val;
	default:
		return true;
	}
}

/* Whether the route carries a community of a function, in any form,
 * whose value is as wanted. */
static bool
has_fn(
    const struct comm_cset *cs, const struct rsg_route *r, const struct want *w)
{
	static const struct want any = { W_ANY, 0, 0 };
	struct want ws;
	uint32_t x;

	if (cs->forms == 0)
		return false;
	if (w == NULL)
		w = &any;
	ws = *w;
	if (ws.how == W_EQ)
		ws.x = ws.x_std;
	for (size_t i = 0; i < r->n_communities; i++) {
		if (rsg__comm_match_std(
			&cs->form[FORM_STD], r->communities[i], &x)
		    && want_ok(&ws, x))
			return true;
	}
	for (size_t i = 0; i < r->n_ext_communities; i++) {
		if (rsg__comm_match_ext(
			&cs->form[FORM_EXT], &r->ext_communities[i], &x)
		    && want_ok(w, x))
			return true;
	}
	for (size_t i = 0; i < r->n_large_communities; i++) {
		if (rsg__comm_match_lrg(
			&cs->form[FORM_LRG], &r->large_communities[i], &x)
		    && want_ok(w, x))
			return true;
	}
	return false;
}

/* A blackhole request the policy handles: the route's policy, or NONE. */
static enum rsg_blackhole
blackhole_of(const struct snap_policy *s, const struct rsg_route *r)
{
	enum rsg_blackhole pol = s->bh.policy[r->prefix.ip.afi == RSG_AFI_IPV6];

	if (pol == RSG_BLACKHOLE_NONE)
		return RSG_BLACKHOLE_NONE;
	for (size_t i = 0; i < r->n_communities; i++) {
		if (r->communities[i] == COMM_BLACKHOLE)
			return pol;
	}
	return has_fn(&s->comm[COMMF_BLACKHOLING], r, NULL)
	    ? pol
	    : RSG_BLACKHOLE_NONE;
}

/*
 * Who may authorise a blackhole request (RFC 7999 section 3.3: "covered
 * by an equal or shorter prefix that the neighboring network is
 * authorized to advertise"). Each authority answers from its own data;
 * the IRR module adds the client's route objects to this list.
 */
typedef bool (*bh_authority)(const struct rsg_ctx *ctx,
    const struct rsg_snapshot *snap, const struct snap_client *c,
    const struct rsg_route *r, uint32_t origin);

/* A VRP of the origin covers the prefix, whatever its maxLength. */
static bool
bh_by_rpki(const struct rsg_ctx *ctx, const struct rsg_snapshot *snap,
    const struct snap_client *c, const struct rsg_route *r, uint32_t origin)
{
	(void)ctx;
	(void)c;
	return snap->rov_state == TABLE_READY
	    && rsg__roa_covers(&snap_rov(snap)->roa, &r->prefix, origin);
}

/* The client announces a covering prefix: the host's table says. */
static bool
bh_by_host(const struct rsg_ctx *ctx, const struct rsg_snapshot *snap,
    const struct snap_client *c, const struct rsg_route *r, uint32_t origin)
{
	(void)snap;
	(void)c;
	(void)origin;
	return ctx != NULL && ctx->announced_cb != NULL
	    && ctx->announced_cb(
		   ctx->announced_arg, &r->peer_ip, r->peer_asn, &r->prefix)
	    != 0;
}

/* A route object of one of the client's origins covers the prefix. */
static bool
bh_by_irr(const struct rsg_ctx *ctx, const struct rsg_snapshot *snap,
    const struct snap_client *c, const struct rsg_route *r, uint32_t origin)
{
	(void)ctx;
	(void)origin;
	return snap_irr(snap)->on && c->irr_sets != NULL
	    && irr_prefix_ok(snap_irr(snap), c, &r->prefix, true, 0);
}

static const bh_authority bh_authorities[] = { bh_by_rpki, bh_by_irr,
	bh_by_host };

static void
check_blackhole(struct rsg_verdict *v, const struct rsg_ctx *ctx,
    const struct rsg_snapshot *snap, const struct snap_client *c,
    const struct rsg_route *r)
{
	const struct rsg_prefix *p = &r->prefix;
	struct rsg_detail *d;

	for (size_t i = 0; i < ARRAY_SIZE(bh_authorities); i++) {
		if (bh_authorities[i](ctx, snap, c, r, v->origin_asn))
			return;
	}
	if ((d = fail(v, &c->k, RSG_R_BLACKHOLE_UNAUTH)) != NULL) {
		d->prefix = *p;
		d->asn = v->origin_asn;
	}
}

static void
check_communities(struct rsg_verdict *v, const struct snap_policy *s,
    const struct knobs *k, const struct rsg_route *r)
{
	size_t count =
	    r->n_communities + r->n_ext_communities + r->n_large_communities;
	struct rsg_detail *d;
	bool more = false;

	if (count >= k->max_communities
	    && (d = fail(v, k, RSG_R_TOO_MANY_COMMUNITIES)) != NULL) {
		d->value = count > UINT32_MAX ? UINT32_MAX : (uint32_t)count;
		d->limit = k->max_communities;
	}
	if (k->gshut) {
		for (size_t i = 0; i < r->n_communities; i++) {
			if (r->communities[i] == COMM_GSHUT) {
				v->flags |= RSG_VF_GSHUT;
				break;
			}
		}
	}
	scrub_scan(s, r, true, v->scrub_std, &v->n_scrub_std, v->scrub_ext,
	    &v->n_scrub_ext, v->scrub_large, &v->n_scrub_large, &more);
	if (v->n_scrub_std + v->n_scrub_ext + v->n_scrub_large > 0)
		v->flags |= RSG_VF_SCRUB;
	if (more)
		v->flags |= RSG_VF_SCRUB_MORE;
}

/* The action, then the large communities that carry the verdict. */
static uint32_t std_asn_of(const struct snap_client *c, uint32_t asn);

static void
finish(struct rsg_verdict *v, const struct snap_policy *s,
    const struct snap_client *c, bool known)
{
	const struct knobs *k = &c->k;
	uint32_t rs = s->rs_as;
	bool rejected = false;

	for (unsigned i = 0; i < v->n_details; i++) {
		if (v->details[i].mode == RSG_MODE_REJECT)
			rejected = true;
	}
	if (rejected)
		v->action = k->reject_policy;
	if (rs == 0)
		return;
	for (unsigned i = 0; i < v->n_details; i++) {
		const struct rsg_detail *d = &v->details[i];

		add_lc(v, rs,
		    d->mode == RSG_MODE_REJECT ? LC_FILTERED : LC_CANDIDATE,
		    rsg_reason_eix((enum rsg_reason)d->reason));
	}
	if (rejected) {
		/* arouteserver: code 0 is "treat as rejected" (tag modes) */
		if (v->action != RSG_REJECT) {
			add_fn(v, &s->comm[COMMF_REJECT_CAUSE], 0);
			add_fn(v, &s->reject_map[0], 0);
		}
		for (unsigned i = 0; i < v->n_details; i++) {
			const struct rsg_detail *d = &v->details[i];
			unsigned ars =
			    rsg_reason_ars((enum rsg_reason)d->reason);

			if (d->mode != RSG_MODE_REJECT || ars == 0)
				continue;
			add_fn(v, &s->comm[COMMF_REJECT_CAUSE], ars);
			add_fn(v,
			    &s->reject_map[ars == 65535  ? REJECT_MAP_N - 1
				    : ars < REJECT_MAP_N ? ars
							 : 0],
			    0);
		}
		add_fn2(v, &s->comm[COMMF_ANNOUNCED_BY], v->client_asn,
		    std_asn_of(known ? c : NULL, v->client_asn));
	}
	/* the RPKI state (arouteserver's rpki_bgp_origin_validation_*) */
	add_fn(v,
	    &s->comm[v->rov == RSG_ROV_VALID     ? COMMF_ROV_VALID
		    : v->rov == RSG_ROV_NOTFOUND ? COMMF_ROV_UNKNOWN
		    : v->rov == RSG_ROV_INVALID  ? COMMF_ROV_INVALID
						 : COMMF_ROV_NOT_PERFORMED],
	    0);
	/* the client's custom communities */
	for (size_t i = 0; i < s->ncustoms; i++) {
		if (k->customs & (UINT64_C(1) << i))
			add_fn(v, &s->customs[i], 0);
	}
	/* a blackhole: BLACKHOLE if missing, NO_EXPORT if configured */
	if (v->blackhole != RSG_BLACKHOLE_NONE) {
		add_std(v, COMM_BLACKHOLE);
		if (s->bh.add_noexport)
			add_std(v, COMM_NO_EXPORT);
	}
	if (!s->info_communities)
		return;
	/* Euro-IX: 1 valid, 2 unknown, 3 not checked, 4 invalid */
	add_lc(v, rs, LC_RPKI_INFO,
	    v->rov == RSG_ROV_VALID          ? 1
		: v->rov == RSG_ROV_NOTFOUND ? 2
		: v->rov == RSG_ROV_INVALID  ? 4
					     : 3);
	add_lc(v, rs, LC_ASPA_INFO,
	    v->aspa == RSG_ASPA_VALID         ? 1
		: v->aspa == RSG_ASPA_UNKNOWN ? 2
		: v->aspa == RSG_ASPA_INVALID ? 4
					      : 3);
	add_lc(v, rs, LC_IRR_INFO, v->irr == RSG_IRR_VALID ? 1 : 2);
	if (v->flags & RSG_VF_SAME_AS_NEXT_HOP)
		add_lc(v, rs, LC_IRR_INFO, LC_SAME_AS_NH);
}

/*
 * The route's form, before any check: the peer address first (the client
 * is found by it), then prefix, AS_PATH (walked into f) and next hop.
 * Returns 0, or the error code with *what an enum rsg_malformed.
 */
static int
route_form(const struct snap_policy *s, const struct snap_client *c,
    uint32_t client_asn, const struct rsg_route *r, struct path_facts *f,
    unsigned *what, size_t *bad)
{
	const struct rsg_ip *peer = &r->peer_ip;

	if (!ip_well_formed(peer)
	    || (peer->afi == RSG_AFI_IPV6 && addr_is_v4_mapped(peer->addr))) {
		*what = RSG_MALFORMED_PEER_IP;
		return RSG_EBADADDR;
	}
	if (!pfx_canonical(&r->prefix)) {
		*what = RSG_MALFORMED_PREFIX;
		return RSG_EBADPREFIX;
	}
	if ((r->as_path == NULL && r->as_path_len)
	    || walk_path(s, c, client_asn, r->as_path, r->as_path_len, f, bad)
		!= 0) {
		*what = RSG_MALFORMED_AS_PATH;
		return RSG_EBADPATH;
	}
	if (r->next_hop.afi != RSG_AFI_NONE && !ip_well_formed(&r->next_hop)) {
		*what = RSG_MALFORMED_NEXT_HOP;
		return RSG_EBADADDR;
	}
	return 0;
}

int
rsg__check(const struct rsg_ctx *ctx, const struct rsg_snapshot *snap,
    const struct rsg_route *r, struct rsg_verdict *v)
{
	const struct snap_policy *s = snap_policy(snap);
	const struct snap_client *c;
	const struct knobs *k;
	struct path_facts f;
	struct rsg_detail *d;
	uint32_t client_asn;
	bool known;
	size_t bad = 0;
	unsigned what = 0;
	int rc;

	verdict_init(v, snap->generation);
	v->rs_as = s->rs_as;
	c = ip_well_formed(&r->peer_ip) ? rsg__snapshot_client(s, &r->peer_ip)
					: NULL;
	known = c != NULL && c->asn == r->peer_asn;
	if (!known) {
		c = &s->general;
		v->flags |= RSG_VF_UNKNOWN_CLIENT;
	}
	k = &c->k;
	client_asn = r->peer_asn;
	v->client_asn = client_asn;
	if (k->transparent_rs)
		v->flags |= RSG_VF_TRANSPARENT_RS;
	if ((rc = route_form(s, c, client_asn, r, &f, &what, &bad)) != 0) {
		/* fail closed, whatever the configuration says */
		v->reasons[RSG_R_MALFORMED / 64] |= UINT64_C(1)
		    << (RSG_R_MALFORMED % 64);
		d = &v->details[v->n_details++];
		memset(d, 0, sizeof(*d));
		d->reason = RSG_R_MALFORMED;
		d->mode = RSG_MODE_REJECT;
		d->value = what;
		if (what == RSG_MALFORMED_PREFIX)
			d->prefix = r->prefix;
		else if (what == RSG_MALFORMED_AS_PATH)
			d->limit = (uint32_t)bad;
		else
			d->ip = what == RSG_MALFORMED_PEER_IP ? r->peer_ip
							      : r->next_hop;
		v->action = k->reject_policy;
		if (s->rs_as != 0)
			add_lc(v, s->rs_as, LC_FILTERED,
			    rsg_reason_eix(RSG_R_MALFORMED));
		return rc;
	}
	v->origin_asn = f.origin;
	v->path_len = f.len;
	v->blackhole = (uint8_t)blackhole_of(s, r);
	if (v->blackhole == RSG_BLACKHOLE_REWRITE_NEXT_HOP)
		v->blackhole_next_hop =
		    s->bh.next_hop[r->prefix.ip.afi == RSG_AFI_IPV6];

	/* B2: address family of the session (RFC 8950 aside) */
	if (r->peer_ip.afi != RSG_AFI_NONE && r->prefix.ip.afi != r->peer_ip.afi
	    && !(k->rfc8950 && r->prefix.ip.afi == RSG_AFI_IPV4)
	    && (d = fail(v, k, RSG_R_AFI)) != NULL) {
		d->prefix = r->prefix;
		d->ip = r->peer_ip;
	}
	/* B3: next hop */
	check_next_hop(v, c, known, r);
	/* B4-B6: path length and first AS */
	if (r->as_path_len == 0) {
		fail(v, k, RSG_R_PATH_TOO_SHORT);
	} else if (!k->transparent_rs
	    && (f.first_type != RSG_SEG_SEQUENCE || f.first != client_asn)
	    && (d = fail(v, k, RSG_R_FIRST_AS)) != NULL) {
		d->asn = f.first_type == RSG_SEG_SEQUENCE ? f.first : 0;
		d->asn2 = client_asn;
	}
	if (f.len > k->max_path_len
	    && (d = fail(v, k, RSG_R_PATH_TOO_LONG)) != NULL) {
		d->value = f.len;
		d->limit = k->max_path_len;
	}
	/* B7-B10: segments and ASNs */
	if (f.odd_type != 0 && (d = fail(v, k, RSG_R_AS_SET)) != NULL)
		d->value = f.odd_type;
	if (f.bogon_pos != 0 && (d = fail(v, k, RSG_R_BOGON_ASN)) != NULL) {
		d->asn = f.bogon_asn;
		d->value = f.bogon_pos;
	}
	if (f.tf_pos != 0 && (d = fail(v, k, RSG_R_TRANSIT_FREE)) != NULL) {
		d->asn = f.tf_asn;
		d->asn2 = f.tf_prev;
		d->value = f.tf_pos;
	}
	if (f.nv_pos != 0 && (d = fail(v, k, RSG_R_NEVER_VIA_RS)) != NULL) {
		d->asn = f.nv_asn;
		d->value = f.nv_pos;
	}
	/* B11-B14: prefix lists */
	check_prefix(v, s, c, &r->prefix);
	/* B15, B18: IRR origin and prefix (arouteserver checks them here,
	 * before the blackhole request and ROV) */
	if (known)
		check_irr(v, snap, c, r);
	/* B17: RPKI origin validation; a blackhole request is authorised
	 * instead, and not validated (arouteserver, RFC 7999) */
	if (v->blackhole != RSG_BLACKHOLE_NONE)
		check_blackhole(v, ctx, snap, c, r);
	else
		check_rov(v, snap, k, &r->prefix);
	/* B19: prefix length bounds */
	{
		unsigned lo =
		    r->prefix.ip.afi == RSG_AFI_IPV6 ? k->v6_min : k->v4_min;
		unsigned hi =
		    r->prefix.ip.afi == RSG_AFI_IPV6 ? k->v6_max : k->v4_max;

		/* a blackhole may be as long as /32 or /128 */
		if (v->blackhole != RSG_BLACKHOLE_NONE)
			hi = r->prefix.ip.afi == RSG_AFI_IPV6 ? 128 : 32;
		if (r->prefix.len > hi
		    && (d = fail(v, k, RSG_R_PREFIX_TOO_LONG)) != NULL) {
			d->prefix = r->prefix;
			d->value = r->prefix.len;
			d->limit = hi;
		} else if (r->prefix.len < lo
		    && (d = fail(v, k, RSG_R_PREFIX_TOO_SHORT)) != NULL) {
			d->prefix = r->prefix;
			d->value = r->prefix.len;
			d->limit = lo;
		}
	}
	/* B20: ASPA upstream verification */
	check_aspa(v, snap, c, client_asn, r);
	/* B21: OTC from an RS client is a leak (RFC 9234 §5) */
	if ((r->flags & RSG_ROUTE_OTC)
	    && (d = fail(v, k, RSG_R_OTC_LEAK)) != NULL)
		d->asn = r->otc;
	/* B22-B23: communities, graceful shutdown */
	check_communities(v, s, k, r);
	finish(v, s, c, known);
	return known ? 0 : RSG_ENOCLIENT;
}

RSG_EXPORT int
rsg_check(const struct rsg_ctx *ctx, const struct rsg_route *route,
    struct rsg_verdict *v)
{
	const struct rsg_snapshot *s;
	int rc;

	struct rsg_verdict small, *w = v;

	if (ctx == NULL || route == NULL || v == NULL || !verdict_size_ok(v))
		return RSG_EINVAL;
	/* a verdict of an older version: computed aside, handed back up to
	 * its size (lib/verdict.h) */
	if (v->size < sizeof(*v)) {
		small.size = (uint32_t)sizeof(small);
		w = &small;
	}
	rsg__rcu_read_lock();
	s = rsg__rcu_deref(ctx->snap);
	if (s != NULL) {
		rc = rsg__check(ctx, s, route, w);
	} else {
		verdict_init(w, 0);
		w->action = RSG_REJECT; /* fail closed, RFC 8212 */
		rc = RSG_ENODATA;
	}
	rsg__rcu_read_unlock(ctx);
	if (w != v)
		memcpy((char *)v + offsetof(struct rsg_verdict, version),
		    (const char *)w + offsetof(struct rsg_verdict, version),
		    v->size - offsetof(struct rsg_verdict, version));
	return rc;
}

/* A client's ASN in standard communities: itself, its 16bit_mapped_asn,
 * or none (UINT32_MAX). */
static uint32_t
std_asn_of(const struct snap_client *c, uint32_t asn)
{
	if (asn <= 0xffff)
		return asn;
	return c != NULL && c->std_asn != 0 ? c->std_asn : UINT32_MAX;
}

RSG_EXPORT int
rsg_ctx_set_announced_cb(struct rsg_ctx *ctx, rsg_announced_cb cb, void *arg)
{
	if (ctx == NULL)
		return RSG_EINVAL;
	ctx->announced_cb = cb;
	ctx->announced_arg = arg;
	return 0;
}

/*
 * A route its import verdict rejected in a tag mode: the route server
 * keeps it with the reject cause (arouteserver's reject_cause, Euro-IX
 * RS:1101:x) and never announces it. Clients cannot forge either: the
 * import verdict scrubs them.
 */
static bool
tagged_rejected(const struct snap_policy *s, const struct rsg_route *r)
{
	if (has_fn(&s->comm[COMMF_REJECT_CAUSE], r, NULL))
		return true;
	if (s->rs_as == 0)
		return false;
	for (size_t i = 0; i < r->n_large_communities; i++) {
		if (r->large_communities[i].asn == s->rs_as
		    && r->large_communities[i].data1 == LC_FILTERED)
			return true;
	}
	return false;
}

/* The announcement of a route to one client (rsg_export()). */
static void
export_to(const struct snap_policy *s, const struct rsg_route *r,
    const struct rsg_ip *to_ip, uint32_t to_asn, uint32_t rtt,
    struct rsg_export *out)
{
	static const enum commf pre_peer[3] = { COMMF_PREPEND1_PEER,
		COMMF_PREPEND2_PEER, COMMF_PREPEND3_PEER };
	static const enum commf pre_gt[3] = { COMMF_PREPEND1_RTT_GT,
		COMMF_PREPEND2_RTT_GT, COMMF_PREPEND3_RTT_GT };
	static const enum commf pre_lt[3] = { COMMF_PREPEND1_RTT_LT,
		COMMF_PREPEND2_RTT_LT, COMMF_PREPEND3_RTT_LT };
	static const enum commf pre_any[3] = { COMMF_PREPEND1_ANY,
		COMMF_PREPEND2_ANY, COMMF_PREPEND3_ANY };
	const enum commf *order[4] = { pre_peer, pre_gt, pre_lt, pre_any };
	const struct comm_cset *c = s->comm;
	const struct snap_client *to =
	    ip_well_formed(to_ip) ? rsg__snapshot_client(s, to_ip) : NULL;
	const struct snap_client *tc =
	    to != NULL && to->asn == to_asn ? to : NULL;
	const struct knobs *k = tc != NULL ? &tc->k : &s->general.k;
	const struct want peer = { W_EQ, to_asn, std_asn_of(tc, to_asn) };
	const struct want lower = { W_RTT_LOWER, rtt, 0 };
	const struct want higher = { W_RTT_HIGHER, rtt, 0 };
	const struct want *pw[4] = { &peer, &higher, &lower, NULL };
	bool announce = true, more;

	out->blackhole = (uint8_t)blackhole_of(s, r);
	if (out->blackhole != RSG_BLACKHOLE_NONE)
		announce = k->bh_announce;
	if (out->blackhole == RSG_BLACKHOLE_REWRITE_NEXT_HOP)
		out->next_hop =
		    s->bh.next_hop[r->prefix.ip.afi == RSG_AFI_IPV6];
	/* to none, unless to this peer or its RTT; never to a peer named,
	 * nor to one of an RTT excluded */
	if (has_fn(&c[COMMF_NOT_TO_ANY], r, NULL)
	    && !has_fn(&c[COMMF_TO_PEER], r, &peer)
	    && !has_fn(&c[COMMF_TO_RTT_LT], r, &lower)
	    && !has_fn(&c[COMMF_TO_RTT_GT], r, &higher))
		announce = false;
	if (has_fn(&c[COMMF_NOT_TO_PEER], r, &peer)
	    || has_fn(&c[COMMF_NOT_TO_RTT_LT], r, &lower)
	    || has_fn(&c[COMMF_NOT_TO_RTT_GT], r, &higher))
		announce = false;
	if (tagged_rejected(s, r))
		announce = false;
	out->announce = announce;
	/* prepending: to the peer, by RTT (higher, lower), to any; the
	 * fewest prepends of the first kind that applies */
	for (unsigned o = 0; o < 4 && out->prepend == 0; o++) {
		for (unsigned n = 0; n < 3; n++) {
			if (has_fn(&c[order[o][n]], r, pw[o])) {
				out->prepend = (uint8_t)(n + 1);
				break;
			}
		}
	}
	out->no_export = has_fn(&c[COMMF_NOEXPORT_ANY], r, NULL)
	    || has_fn(&c[COMMF_NOEXPORT_PEER], r, &peer);
	out->no_advertise = has_fn(&c[COMMF_NOADVERTISE_ANY], r, NULL)
	    || has_fn(&c[COMMF_NOADVERTISE_PEER], r, &peer);
	scrub_scan(s, r, false, out->scrub_std, &out->n_scrub_std,
	    out->scrub_ext, &out->n_scrub_ext, out->scrub_large,
	    &out->n_scrub_large, &more);
	out->more = more;
}

RSG_EXPORT int
rsg_export(const struct rsg_ctx *ctx, const struct rsg_route *route,
    const struct rsg_ip *to_ip, uint32_t to_asn, uint32_t to_rtt_ms,
    struct rsg_export *out)
{
	const struct rsg_snapshot *s;
	int rc = 0;

	if (ctx == NULL || route == NULL || to_ip == NULL || out == NULL
	    || out->size < sizeof(*out))
		return RSG_EINVAL;
	memset((char *)out + sizeof(out->size), 0,
	    sizeof(*out) - sizeof(out->size));
	rsg__rcu_read_lock();
	s = rsg__rcu_deref(ctx->snap);
	if (s != NULL)
		export_to(snap_policy(s), route, to_ip, to_asn, to_rtt_ms, out);
	else
		rc = RSG_ENODATA;
	rsg__rcu_read_unlock(ctx);
	return rc;
}

RSG_EXPORT enum rsg_rov
rsg_rov_validate(const struct rsg_ctx *ctx, const struct rsg_prefix *prefix,
    uint32_t origin, struct rsg_vrp *vrps, size_t cap, size_t *total)
{
	const struct rsg_snapshot *s;
	enum rsg_rov state = RSG_ROV_NOT_CHECKED;

	if (total != NULL)
		*total = 0;
	if (ctx == NULL || prefix == NULL || !pfx_canonical(prefix))
		return RSG_ROV_NOT_CHECKED;
	rsg__rcu_read_lock();
	s = rsg__rcu_deref(ctx->snap);
	if (s != NULL && s->rov_state == TABLE_READY)
		state = rsg__roa_validate(
		    &snap_rov(s)->roa, prefix, origin, vrps, cap, total);
	rsg__rcu_read_unlock(ctx);
	return state;
}

RSG_EXPORT enum rsg_aspa
rsg_aspa_verify(const struct rsg_ctx *ctx, const uint8_t *path, size_t path_len,
    uint32_t neighbor_as, unsigned flags)
{
	const struct rsg_snapshot *s;
	enum rsg_aspa state = RSG_ASPA_NOT_CHECKED;
	size_t bad;

	if (ctx == NULL || (path == NULL && path_len != 0))
		return RSG_ASPA_NOT_CHECKED;
	if (rsg__path_check(path, path_len, &bad) != 0)
		return RSG_ASPA_INVALID; /* malformed: treat as withdraw */
	rsg__rcu_read_lock();
	s = rsg__rcu_deref(ctx->snap);
	if (s != NULL && s->aspa_state == TABLE_READY)
		state = rsg__aspa_verify(&snap_aspa(s)->aspa, path, path_len,
		    neighbor_as, flags, NULL);
	rsg__rcu_read_unlock(ctx);
	return state;
}
