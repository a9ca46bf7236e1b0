/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rpsl: a streaming reader of RPSL (RFC 2622, RFC 4012) as IRR dumps
 * (ripe.db.route, radb.db, ...) and whois replies carry it. It decodes
 * the classes the IRR checks need and skips every other object at the
 * cost of finding its lines:
 *   route, route6   prefix, origin, source
 *   as-set          name, members + mp-members, source
 *   route-set       name, members + mp-members, source
 *   aut-num         ASN, source
 *
 * Input is fed in chunks of any size (a file read in pieces, a socket);
 * only an unfinished line is carried from one chunk to the next, and only
 * the attributes kept of the current object are buffered, so memory does
 * not grow with the input. Objects end at a blank line (or a line of
 * blanks) or at the end of the input. Lines starting with '%' or '#' are
 * comments; '#' ends a value; a line starting with a blank or '+'
 * continues the attribute before it.
 *
 * An object that cannot be used (a route without origin, a bad prefix,
 * two origins ...) is skipped and counted, and the first reason kept with
 * its position: a dump with a few broken objects still loads. Input that
 * is no RPSL at all (a NUL byte, a line over RPSL_MAX_LINE) is an error
 * naming the source and line.
 */
#ifndef RSG_RPSL_H
#define RSG_RPSL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rsguard.h"

#define RPSL_MAX_LINE    (1u << 20)  /* longest line, bytes */
#define RPSL_MAX_MEMBERS (16u << 20) /* members text of one set, bytes */
#define RPSL_MAX_KEY     255u        /* longest primary key */
#define RPSL_MAX_SOURCE  63u         /* longest source name */

enum rpsl_class {
	RPSL_OTHER = 0,
	RPSL_ROUTE,
	RPSL_ROUTE6,
	RPSL_AS_SET,
	RPSL_ROUTE_SET,
	RPSL_AUT_NUM,
};

/* One object, valid during the callback only. */
struct rpsl_obj {
	unsigned cls;  /* enum rpsl_class, never RPSL_OTHER */
	unsigned line; /* the line of its first attribute */
	/* the primary key as written, trimmed (NUL-terminated) */
	const char *key;
	size_t key_len;
	/* "source:" upper-cased, "" if none (NUL-terminated) */
	const char *source;
	size_t source_len;
	struct rsg_prefix prefix; /* route, route6 */
	uint32_t origin;          /* route, route6 */
	uint32_t asn;             /* aut-num */
	/* as-set, route-set: members and mp-members, comments removed,
	 * joined by ','; walk them with rsg__rpsl_member() */
	const char *members;
	size_t members_len;
};

/* Return 0 to go on; anything else stops the reader with that code. */
typedef int (*rpsl_obj_cb)(void *arg, const struct rpsl_obj *o);

struct rpsl_stats {
	uint64_t bytes;
	uint64_t lines;
	uint64_t objects; /* handed to the callback */
	uint64_t other;   /* objects of other classes, skipped */
	uint64_t skipped; /* objects of our classes that could not be used */
	/* the first skipped object: "source:line: reason" */
	struct rsg_error first_skip;
};

struct rpsl_reader {
	const char *name; /* the source, for messages (borrowed) */
	rpsl_obj_cb cb;
	void *arg;
	struct rpsl_stats st;
	/* an unfinished line carried between chunks */
	char *carry;
	size_t carry_len, carry_cap;
	/* the object being read */
	unsigned cls; /* enum rpsl_class; RPSL_OTHER: skip to its end */
	unsigned obj_line;
	unsigned attr; /* the attribute being read (rpsl.c) */
	bool in_object;
	bool bad; /* skip it: reason in st.first_skip if first */
	bool have_origin;
	char key[RPSL_MAX_KEY + 1];
	size_t key_len;
	char source[RPSL_MAX_SOURCE + 1];
	size_t source_len;
	uint32_t origin;
	char *val; /* the value of the attribute being read */
	size_t val_len, val_cap;
	char *members;
	size_t members_len, members_cap;
	int error; /* sticky: the reader stopped */
};

/* A reader calling cb for each object; name names the input. */
void rsg__rpsl_init(
    struct rpsl_reader *r, const char *name, rpsl_obj_cb cb, void *arg);
/* The next chunk. 0, RSG_EPARSE, RSG_ENOMEM or the callback's code. */
int rsg__rpsl_feed(
    struct rpsl_reader *r, const char *buf, size_t len, struct rsg_error *err);
/* The end of the input: the last object. Same returns. */
int rsg__rpsl_finish(struct rpsl_reader *r, struct rsg_error *err);
void rsg__rpsl_free(struct rpsl_reader *r);

/* A whole buffer, or a whole regular file read in chunks. */
int rsg__rpsl_parse_buf(const char *name, const char *buf, size_t len,
    rpsl_obj_cb cb, void *arg, struct rpsl_stats *st, struct rsg_error *err);
int rsg__rpsl_parse_file(const char *path, rpsl_obj_cb cb, void *arg,
    struct rpsl_stats *st, struct rsg_error *err);

/*
 * The next member of a members text: *pos moves past it. Members are
 * separated by commas and blanks. Returns false at the end.
 */
bool rsg__rpsl_member(
    const char *s, size_t len, size_t *pos, const char **tok, size_t *tok_len);

#endif /* RSG_RPSL_H */
