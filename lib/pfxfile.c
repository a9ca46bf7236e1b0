/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Reader for plain prefix-list files (Team Cymru fullbogons and the like):
 * one prefix per line, '#' starts a comment, blank lines and surrounding
 * blanks are ignored.
 *
 * Invariants:
 *  - Each prefix becomes an or-longer entry without comment.
 *  - Appends to the caller's vector; on error the entries appended by
 *    this call are removed again.
 *  - A file without any prefix is RSG_EEMPTY: a bogon list that lost its
 *    contents must not silently replace a working one.
 */
#include "config.h"

#include "pfxfile.h"

#include "addr.h"
#include "alloc.h"
#include "json.h"
#include "util.h"

static bool
pfxfile_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static const char *
pfxfile_afi_name(unsigned afi)
{
	return afi == RSG_AFI_IPV6 ? "IPv6" : "IPv4";
}

int
rsg__pfxfile_load_buf(const char *name, const char *buf, size_t len,
    unsigned afi, struct pfx_vec *out, struct rsg_error *err)
{
	const char *p = buf, *end = buf + len;
	size_t n0 = out->n, added = 0;
	unsigned line = 0;
	int rc = 0;

	if (name == NULL)
		name = "(buffer)";
	while (p < end) {
		const char *ls = p, *le, *nl, *s, *e;
		struct rsg_prefix pfx;
		struct pfx_entry ent;
		unsigned col;

		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		le = nl != NULL ? nl : end;
		p = nl != NULL ? nl + 1 : end;
		s = ls;
		while (s < le && pfxfile_blank(*s))
			s++;
		e = s;
		while (e < le && *e != '#' && !pfxfile_blank(*e))
			e++;
		if (e == s)
			continue; /* blank or comment line */
		col = (unsigned)(s - ls) + 1;
		/* only blanks or a comment may follow the prefix */
		{
			const char *q = e;

			while (q < le && pfxfile_blank(*q))
				q++;
			if (q < le && *q != '#') {
				rc = rsg__err(err, RSG_EPARSE, name, line,
				    (unsigned)(q - ls) + 1,
				    "expected one prefix per line, then "
				    "'#' or the end of the line");
				goto out;
			}
		}
		if (memchr(s, '\0', (size_t)(e - s)) != NULL) {
			rc = rsg__err(
			    err, RSG_EPARSE, name, line, col, "invalid prefix");
			goto out;
		}
		rc = rsg__prefix_parse(s, (size_t)(e - s), &pfx, true);
		if (rc != 0) {
			rc = rsg__err(err, RSG_EPARSE, name, line, col,
			    "%s \"%.*s\"",
			    rc == RSG_EINVAL ? "host bits set in prefix"
				: rc == RSG_ERANGE
				? "prefix length out of range"
				: "invalid prefix",
			    (int)(e - s > 48 ? 48 : e - s), s);
			goto out;
		}
		if (afi != RSG_AFI_NONE && pfx.ip.afi != afi) {
			rc = rsg__err(err, RSG_EPARSE, name, line, col,
			    "expected an %s prefix, got \"%.*s\"",
			    pfxfile_afi_name(afi),
			    (int)(e - s > 48 ? 48 : e - s), s);
			goto out;
		}
		rsg__pfx_entry_orlonger(&ent, &pfx);
		if (rsg__pfx_vec_push(out, &ent) != 0) {
			rc = rsg__err(
			    err, RSG_ENOMEM, name, 0, 0, "out of memory");
			goto out;
		}
		added++;
	}
	if (added == 0)
		rc = rsg__err(
		    err, RSG_EEMPTY, name, 0, 0, "no prefixes in the file");
out:
	if (rc != 0) {
		while (out->n > n0)
			rsg__free(out->v[--out->n].comment);
	}
	return rc;
}

int
rsg__pfxfile_load(
    const char *path, unsigned afi, struct pfx_vec *out, struct rsg_error *err)
{
	char *buf;
	size_t len;
	int rc;

	rc = rsg__file_slurp(path, 0, &buf, &len, err);
	if (rc != 0)
		return rc;
	rc = rsg__pfxfile_load_buf(path, buf, len, afi, out, err);
	rsg__free(buf);
	return rc;
}
