/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * arouteserver's BGP community functions: their table, the text of each
 * form, compiled patterns and their matching (community.h).
 */
#include "config.h"

#include "community.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

const struct comm_fn_info rsg__commf[COMMF_COUNT] = {
#define COMMF_INFO(name, key, flags) { key, flags },
	COMMF_MAP(COMMF_INFO)
#undef COMMF_INFO
};

enum commf
rsg__commf_find(const char *key)
{
	for (unsigned i = 0; i < COMMF_COUNT; i++) {
		if (strcmp(rsg__commf[i].key, key) == 0)
			return (enum commf)i;
	}
	return COMMF_COUNT;
}

static const char *const form_name[FORM_COUNT] = { "std", "ext", "lrg" };

static bool
part_num(const char *s, size_t n, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;

	if (n == 0 || n > 10)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > max)
		return false;
	*out = (uint32_t)v;
	return true;
}

static bool
part_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(s, word, n) == 0;
}

int
rsg__comm_def_parse(enum comm_form form, const char *text, unsigned flags,
    struct comm_def *out, char *err, size_t errlen)
{
	const char *p[4];
	size_t len[4], np = 0, want = form == FORM_STD ? 2 : 3, first = 0;
	const char *s = text;
	uint32_t max = form == FORM_STD ? 0xffff : UINT32_MAX;

	memset(out, 0, sizeof(*out));
	for (;;) {
		const char *c = strchr(s, ':');

		if (np == 4)
			break;
		p[np] = s;
		len[np] = c != NULL ? (size_t)(c - s) : strlen(s);
		np++;
		if (c == NULL)
			break;
		s = c + 1;
	}
	if (np != want) {
		snprintf(err, errlen, "expected %s, as in \"%s\"",
		    form == FORM_STD       ? "x:x"
			: form == FORM_LRG ? "x:x:x"
					   : "rt:x:x or ro:x:x",
		    form == FORM_STD       ? "rs_as:666"
			: form == FORM_LRG ? "rs_as:0:peer_as"
					   : "rt:rs_as:666");
		return -1;
	}
	if (form == FORM_EXT) {
		if (part_is(p[0], len[0], "rt"))
			out->ext_sub = 0x02;
		else if (part_is(p[0], len[0], "ro"))
			out->ext_sub = 0x03;
		else {
			snprintf(err, errlen,
			    "an extended community starts with rt or ro");
			return -1;
		}
		first = 1;
	}
	for (size_t i = first; i < np; i++) {
		unsigned k = (unsigned)(i - first);
		bool last = i == np - 1;

		if (part_is(p[i], len[i], "rs_as")) {
			out->kind[k] = CP_RS_AS;
		} else if (part_is(p[i], len[i], "peer_as")
		    || part_is(p[i], len[i], "dyn_val")) {
			bool peer = p[i][0] == 'p';
			unsigned need = peer ? CF_PEER : CF_DYN;

			if (!(flags & need) || !last) {
				snprintf(err, errlen,
				    "%s is not allowed here%s",
				    peer ? "peer_as" : "dyn_val",
				    (flags & need) ? ": only in the last part"
						   : "");
				return -1;
			}
			out->kind[k] = peer ? CP_PEER_AS : CP_DYN_VAL;
		} else if (!part_num(p[i], len[i],
			       form == FORM_EXT && k == 0 ? UINT32_MAX : max,
			       &out->part[k])) {
			snprintf(err, errlen,
			    "part %zu: expected %s or a number up to %u", i + 1,
			    "rs_as", form == FORM_STD ? 65535u : UINT32_MAX);
			return -1;
		}
	}
	if ((flags & (CF_PEER | CF_DYN)) != 0
	    && out->kind[want - first - 1] == CP_LIT) {
		snprintf(err, errlen, "%s must be the last part",
		    (flags & CF_PEER) ? "peer_as" : "dyn_val");
		return -1;
	}
	out->set = true;
	return 0;
}

int
rsg__comm_compile(const struct comm_def *d, enum comm_form form, uint32_t rs_as,
    struct comm_pat *out, char *err, size_t errlen)
{
	unsigned nparts = form == FORM_STD ? 2 : 3;
	uint32_t x[3] = { 0, 0, 0 };
	bool wild = false;

	memset(out, 0, sizeof(*out));
	if (!d->set)
		return 0;
	if (form == FORM_EXT)
		nparts = 2;
	for (unsigned k = 0; k < nparts; k++) {
		switch (d->kind[k]) {
		case CP_RS_AS:
			x[k] = rs_as;
			break;
		case CP_LIT:
			x[k] = d->part[k];
			break;
		default:
			wild = true;
			break;
		}
	}
	out->wild = wild;
	switch (form) {
	case FORM_STD:
		if (x[0] > 0xffff || x[1] > 0xffff) {
			snprintf(err, errlen,
			    "%s: rs_as %u does not fit a standard community",
			    form_name[form], rs_as);
			return -1;
		}
		out->v[0] = x[0] << 16 | x[1];
		out->m[0] = wild ? 0xffff0000u : UINT32_MAX;
		break;
	case FORM_EXT:
		out->m[0] = UINT32_MAX;
		if (x[0] <= 0xffff) {
			out->v[0] = (uint32_t)d->ext_sub << 16 | x[0];
			out->v[1] = x[1];
			out->m[1] = wild ? 0 : UINT32_MAX;
		} else {
			if (x[1] > 0xffff) {
				snprintf(err, errlen,
				    "ext: with a 4-byte ASN the last part is "
				    "at most 65535");
				return -1;
			}
			out->v[0] = 0x02u << 24 | (uint32_t)d->ext_sub << 16
			    | x[0] >> 16;
			out->v[1] = (x[0] & 0xffff) << 16 | x[1];
			out->m[1] = wild ? 0xffff0000u : UINT32_MAX;
		}
		break;
	default:
		out->v[0] = x[0];
		out->v[1] = x[1];
		out->v[2] = x[2];
		out->m[0] = out->m[1] = UINT32_MAX;
		out->m[2] = wild ? 0 : UINT32_MAX;
		break;
	}
	out->set = true;
	return 0;
}

bool
rsg__comm_match_std(const struct comm_pat *p, uint32_t c, uint32_t *val)
{
	if (!p->set || (c & p->m[0]) != p->v[0])
		return false;
	if (val != NULL)
		*val = c & ~p->m[0];
	return true;
}

bool
rsg__comm_match_ext(
    const struct comm_pat *p, const struct rsg_ec *c, uint32_t *val)
{
	if (!p->set || c->hi != p->v[0] || (c->lo & p->m[1]) != p->v[1])
		return false;
	if (val != NULL)
		*val = c->lo & ~p->m[1];
	return true;
}

bool
rsg__comm_match_lrg(
    const struct comm_pat *p, const struct rsg_lc *c, uint32_t *val)
{
	if (!p->set || c->asn != p->v[0] || c->data1 != p->v[1]
	    || (c->data2 & p->m[2]) != p->v[2])
		return false;
	if (val != NULL)
		*val = c->data2 & ~p->m[2];
	return true;
}
