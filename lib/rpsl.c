/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The RPSL reader (rpsl.h). A line at a time: the first attribute of an
 * object names its class; objects of other classes are skipped line by
 * line until their blank line; of ours, only the primary key, origin,
 * source and (mp-)members are kept, each value collected over its
 * continuation lines and checked when the next attribute starts.
 *
 * Invariants:
 *  - The callback sees only complete, checked objects: a route has an
 *    origin and a prefix of its family with no host bits; an aut-num's
 *    key is an AS number.
 *  - Memory is the longest line plus the kept values of one object.
 *  - After an error the reader refuses more input with the same error.
 */
#include "config.h"

#include "rpsl.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "alloc.h"
#include "util.h"

enum rpsl_attr {
	A_NONE = 0, /* not kept */
	A_KEY,
	A_ORIGIN,
	A_SOURCE,
	A_MEMBERS,
};

#define RPSL_CHUNK     (1u << 20)
#define RPSL_MAX_VALUE 4096u /* a key, origin or source */

static bool
rpsl_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static bool
rpsl_name_eq(const char *s, size_t len, const char *name)
{
	size_t n = strlen(name);

	if (len != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != name[i])
			return false;
	}
	return true;
}

static unsigned
rpsl_class_of(const char *s, size_t len)
{
	/* the common case first: a dump of route objects */
	if (rpsl_name_eq(s, len, "route"))
		return RPSL_ROUTE;
	if (rpsl_name_eq(s, len, "route6"))
		return RPSL_ROUTE6;
	if (rpsl_name_eq(s, len, "as-set"))
		return RPSL_AS_SET;
	if (rpsl_name_eq(s, len, "route-set"))
		return RPSL_ROUTE_SET;
	if (rpsl_name_eq(s, len, "aut-num"))
		return RPSL_AUT_NUM;
	return RPSL_OTHER;
}

static unsigned
rpsl_attr_of(unsigned cls, const char *s, size_t len)
{
	if (rpsl_name_eq(s, len, "source"))
		return A_SOURCE;
	if ((cls == RPSL_ROUTE || cls == RPSL_ROUTE6)
	    && rpsl_name_eq(s, len, "origin"))
		return A_ORIGIN;
	if ((cls == RPSL_AS_SET || cls == RPSL_ROUTE_SET)
	    && (rpsl_name_eq(s, len, "members")
		|| rpsl_name_eq(s, len, "mp-members")))
		return A_MEMBERS;
	return A_NONE;
}

static const char *
rpsl_class_name(unsigned cls)
{
	switch (cls) {
	case RPSL_ROUTE:
		return "route";
	case RPSL_ROUTE6:
		return "route6";
	case RPSL_AS_SET:
		return "as-set";
	case RPSL_ROUTE_SET:
		return "route-set";
	case RPSL_AUT_NUM:
		return "aut-num";
	default:
		return "object";
	}
}

/* The object cannot be used: skip it, keeping the stream's first reason. */
static void RSG_PRINTF(3, 4)
    rpsl_bad(struct rpsl_reader *r, unsigned line, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	if (r->bad)
		return;
	r->bad = true;
	if (r->st.first_skip.code != 0)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rsg__err(&r->st.first_skip, RSG_EPARSE, r->name, line, 0, "%s %s: %s",
	    rpsl_class_name(r->cls), r->key_len ? r->key : "?", msg);
}

static int
rpsl_grow(char **v, size_t *cap, size_t need)
{
	return need <= *cap ? 0 : rsg__vec_grow((void **)v, cap, need, 1);
}

/* Append a value segment, '#' comment cut off, one blank between. */
static int
rpsl_val_add(struct rpsl_reader *r, const char *s, size_t len)
{
	const char *hash = memchr(s, '#', len);

	if (hash != NULL)
		len = (size_t)(hash - s);
	while (len > 0 && rpsl_blank(*s))
		s++, len--;
	while (len > 0 && rpsl_blank(s[len - 1]))
		len--;
	if (len == 0)
		return 0;
	if (r->val_len + len + 1
	    > (r->attr == A_MEMBERS ? RPSL_MAX_MEMBERS : RPSL_MAX_VALUE)) {
		rpsl_bad(r, (unsigned)r->st.lines, "%s longer than %u bytes",
		    r->attr == A_MEMBERS ? "members" : "a value",
		    r->attr == A_MEMBERS ? RPSL_MAX_MEMBERS : RPSL_MAX_VALUE);
		r->attr = A_NONE;
		return 0;
	}
	if (rpsl_grow(&r->val, &r->val_cap, r->val_len + len + 2) != 0)
		return RSG_ENOMEM;
	if (r->val_len > 0)
		r->val[r->val_len++] = ' ';
	memcpy(r->val + r->val_len, s, len);
	r->val_len += len;
	r->val[r->val_len] = '\0';
	return 0;
}

/* The attribute read so far is complete: keep what it says. */
static int
rpsl_attr_done(struct rpsl_reader *r)
{
	unsigned attr = r->attr;
	size_t n = r->val_len;

	r->attr = A_NONE;
	r->val_len = 0;
	if (attr == A_NONE || r->bad)
		return 0;
	switch (attr) {
	case A_KEY:
		if (n == 0) {
			rpsl_bad(r, r->obj_line, "no primary key");
			break;
		}
		if (n > RPSL_MAX_KEY) {
			rpsl_bad(r, r->obj_line,
			    "primary key longer than %u bytes", RPSL_MAX_KEY);
			break;
		}
		memcpy(r->key, r->val, n);
		r->key[n] = '\0';
		r->key_len = n;
		break;
	case A_ORIGIN:
		if (r->have_origin) {
			rpsl_bad(r, r->obj_line, "more than one origin");
			break;
		}
		if (n == 0 || rsg__parse_asn(r->val, n, &r->origin) != 0) {
			rpsl_bad(r, r->obj_line,
			    "origin \"%.*s\" is no AS number",
			    (int)(n > 40 ? 40 : n), n ? r->val : "");
			break;
		}
		r->have_origin = true;
		break;
	case A_SOURCE:
		if (r->source_len > 0)
			break; /* the first one counts */
		if (n == 0 || n > RPSL_MAX_SOURCE) {
			rpsl_bad(r, r->obj_line, "bad source");
			break;
		}
		for (size_t i = 0; i < n; i++) {
			char c = r->val[i];

			r->source[i] =
			    (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
		}
		r->source[n] = '\0';
		r->source_len = n;
		break;
	case A_MEMBERS:
		if (n == 0)
			break;
		if (r->members_len + n + 1 > RPSL_MAX_MEMBERS) {
			rpsl_bad(r, r->obj_line, "members longer than %u bytes",
			    RPSL_MAX_MEMBERS);
			break;
		}
		if (rpsl_grow(
			&r->members, &r->members_cap, r->members_len + n + 2)
		    != 0)
			return RSG_ENOMEM;
		if (r->members_len > 0)
			r->members[r->members_len++] = ',';
		memcpy(r->members + r->members_len, r->val, n);
		r->members_len += n;
		r->members[r->members_len] = '\0';
		break;
	}
	return 0;
}

static void
rpsl_object_reset(struct rpsl_reader *r)
{
	r->in_object = false;
	r->bad = false;
	r->have_origin = false;
	r->cls = RPSL_OTHER;
	r->attr = A_NONE;
	r->key_len = 0;
	r->key[0] = '\0';
	r->source_len = 0;
	r->source[0] = '\0';
	r->origin = 0;
	r->val_len = 0;
	r->members_len = 0;
}

/* A blank line or the end: hand the object over. */
static int
rpsl_object_done(struct rpsl_reader *r)
{
	struct rpsl_obj o;
	int rc;

	if (!r->in_object)
		return 0;
	if ((rc = rpsl_attr_done(r)) != 0)
		return rc;
	if (r->cls == RPSL_OTHER) {
		r->st.other++;
		rpsl_object_reset(r);
		return 0;
	}
	memset(&o, 0, sizeof(o));
	o.cls = r->cls;
	o.line = r->obj_line;
	o.key = r->key;
	o.key_len = r->key_len;
	o.source = r->source;
	o.source_len = r->source_len;
	o.members = r->members_len ? r->members : "";
	o.members_len = r->members_len;
	if (!r->bad) {
		switch (r->cls) {
		case RPSL_ROUTE:
		case RPSL_ROUTE6:
			if (rsg__prefix_parse(
				r->key, r->key_len, &o.prefix, true)
			    != 0)
				rpsl_bad(r, r->obj_line,
				    "no prefix, or host bits set");
			else if (o.prefix.ip.afi
			    != (r->cls == RPSL_ROUTE ? RSG_AFI_IPV4
						     : RSG_AFI_IPV6))
				rpsl_bad(r, r->obj_line,
				    "a prefix of the other address family");
			else if (!r->have_origin)
				rpsl_bad(r, r->obj_line, "no origin");
			o.origin = r->origin;
			break;
		case RPSL_AUT_NUM:
			if (rsg__parse_asn(r->key, r->key_len, &o.asn) != 0)
				rpsl_bad(r, r->obj_line, "no AS number");
			break;
		default:
			break;
		}
	}
	if (r->bad) {
		r->st.skipped++;
		rpsl_object_reset(r);
		return 0;
	}
	r->st.objects++;
	rc = r->cb != NULL ? r->cb(r->arg, &o) : 0;
	rpsl_object_reset(r);
	return rc;
}

static int
rpsl_line(
    struct rpsl_reader *r, const char *s, size_t len, struct rsg_error *err)
{
	const char *colon, *nul;
	size_t i;
	int rc;

	r->st.lines++;
	if ((nul = memchr(s, '\0', len)) != NULL)
		return rsg__err(err, RSG_EPARSE, r->name, (unsigned)r->st.lines,
		    (unsigned)(nul - s) + 1,
		    "a NUL byte: this is no RPSL text");
	if (len > 0 && s[len - 1] == '\r')
		len--;
	for (i = 0; i < len && rpsl_blank(s[i]); i++)
		;
	if (i == len)
		return rpsl_object_done(r);
	if (s[0] == '%' || s[0] == '#')
		return 0;

	/* a continuation of the attribute before */
	if (s[0] == ' ' || s[0] == '\t' || s[0] == '+') {
		if (!r->in_object || r->attr == A_NONE || r->bad)
			return 0;
		return rpsl_val_add(r, s + 1, len - 1);
	}

	/* "name: value" */
	if ((rc = rpsl_attr_done(r)) != 0)
		return rc;
	colon = memchr(s, ':', len);
	if (colon != NULL) {
		for (const char *q = s; q < colon; q++) {
			char c = *q;

			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
				|| (c >= '0' && c <= '9') || c == '-'
				|| c == '_')) {
				colon = NULL;
				break;
			}
		}
	}
	if (!r->in_object) {
		r->in_object = true;
		r->obj_line = (unsigned)r->st.lines;
		r->cls = colon != NULL ? rpsl_class_of(s, (size_t)(colon - s))
				       : RPSL_OTHER;
		if (r->cls == RPSL_OTHER)
			return 0;
		r->attr = A_KEY;
	} else {
		if (r->cls == RPSL_OTHER || r->bad)
			return 0;
		if (colon == NULL) {
			rpsl_bad(r, (unsigned)r->st.lines,
			    "a line that is no \"attribute: value\"");
			return 0;
		}
		r->attr = rpsl_attr_of(r->cls, s, (size_t)(colon - s));
	}
	if (r->attr == A_NONE)
		return 0;
	return rpsl_val_add(r, colon + 1, (size_t)(s + len - colon - 1));
}

void
rsg__rpsl_init(
    struct rpsl_reader *r, const char *name, rpsl_obj_cb cb, void *arg)
{
	memset(r, 0, sizeof(*r));
	r->name = name != NULL ? name : "(buffer)";
	r->cb = cb;
	r->arg = arg;
	rpsl_object_reset(r);
}

void
rsg__rpsl_free(struct rpsl_reader *r)
{
	rsg__free(r->carry);
	rsg__free(r->val);
	rsg__free(r->members);
	r->carry = r->val = r->members = NULL;
	r->carry_len = r->carry_cap = r->val_len = r->val_cap = 0;
	r->members_len = r->members_cap = 0;
}

static int
rpsl_too_long(struct rpsl_reader *r, struct rsg_error *err)
{
	return rsg__err(err, RSG_EPARSE, r->name, (unsigned)r->st.lines + 1, 0,
	    "a line longer than %u bytes: this is no RPSL text", RPSL_MAX_LINE);
}

int
rsg__rpsl_feed(
    struct rpsl_reader *r, const char *buf, size_t len, struct rsg_error *err)
{
	const char *p = buf, *end = buf + len, *nl;
	int rc = 0;

	if (r->error != 0)
		return r->error;
	r->st.bytes += len;
	if (r->carry_len > 0) {
		size_t take;

		nl = memchr(p, '\n', len);
		take = nl != NULL ? (size_t)(nl - p) : len;
		if (r->carry_len + take > RPSL_MAX_LINE) {
			rc = rpsl_too_long(r, err);
			goto out;
		}
		if (rpsl_grow(&r->carry, &r->carry_cap, r->carry_len + take)
		    != 0) {
			rc = RSG_ENOMEM;
			goto out;
		}
		memcpy(r->carry + r->carry_len, p, take);
		r->carry_len += take;
		if (nl == NULL)
			return 0;
		rc = rpsl_line(r, r->carry, r->carry_len, err);
		r->carry_len = 0;
		if (rc != 0)
			goto out;
		p = nl + 1;
	}
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL) {
			size_t rest = (size_t)(end - p);

			if (rest > RPSL_MAX_LINE) {
				rc = rpsl_too_long(r, err);
				goto out;
			}
			if (rpsl_grow(&r->carry, &r->carry_cap, rest) != 0) {
				rc = RSG_ENOMEM;
				goto out;
			}
			memcpy(r->carry, p, rest);
			r->carry_len = rest;
			break;
		}
		if ((rc = rpsl_line(r, p, (size_t)(nl - p), err)) != 0)
			goto out;
		p = nl + 1;
	}
out:
	if (rc != 0)
		r->error = rc;
	return rc;
}

int
rsg__rpsl_finish(struct rpsl_reader *r, struct rsg_error *err)
{
	int rc = 0;

	if (r->error != 0)
		return r->error;
	if (r->carry_len > 0) {
		rc = rpsl_line(r, r->carry, r->carry_len, err);
		r->carry_len = 0;
	}
	if (rc == 0)
		rc = rpsl_object_done(r);
	if (rc != 0)
		r->error = rc;
	return rc;
}

int
rsg__rpsl_parse_buf(const char *name, const char *buf, size_t len,
    rpsl_obj_cb cb, void *arg, struct rpsl_stats *st, struct rsg_error *err)
{
	struct rpsl_reader r;
	int rc;

	rsg__rpsl_init(&r, name, cb, arg);
	rc = rsg__rpsl_feed(&r, buf, len, err);
	if (rc == 0)
		rc = rsg__rpsl_finish(&r, err);
	if (st != NULL)
		*st = r.st;
	rsg__rpsl_free(&r);
	return rc;
}

int
rsg__rpsl_parse_file(const char *path, rpsl_obj_cb cb, void *arg,
    struct rpsl_stats *st, struct rsg_error *err)
{
	struct rpsl_reader r;
	char *buf = NULL;
	int fd = -1, rc;

	rsg__rpsl_init(&r, path, cb, arg);
	if ((rc = rsg__file_open(path, &fd, err)) != 0)
		goto out;
	if ((buf = rsg__malloc(RPSL_CHUNK)) == NULL) {
		rc = RSG_ENOMEM;
		goto out;
	}
	for (;;) {
		ssize_t n = read(fd, buf, RPSL_CHUNK);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = rsg__err(err, RSG_EIO, path, 0, 0, "read: %s",
			    strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if ((rc = rsg__rpsl_feed(&r, buf, (size_t)n, err)) != 0)
			goto out;
	}
	rc = rsg__rpsl_finish(&r, err);
out:
	if (st != NULL)
		*st = r.st;
	if (fd >= 0)
		close(fd);
	rsg__free(buf);
	rsg__rpsl_free(&r);
	return rc;
}

bool
rsg__rpsl_member(
    const char *s, size_t len, size_t *pos, const char **tok, size_t *tok_len)
{
	size_t i = *pos, j;

	while (i < len && (s[i] == ',' || rpsl_blank(s[i]) || s[i] == '\n'))
		i++;
	if (i >= len) {
		*pos = len;
		return false;
	}
	j = i;
	while (j < len && s[j] != ',' && !rpsl_blank(s[j]) && s[j] != '\n')
		j++;
	*tok = s + i;
	*tok_len = j - i;
	*pos = j;
	return true;
}
