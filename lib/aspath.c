/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * AS_PATH wire form: validation, and conversion from and to the text of
 * `bgpdump -m` ("64500 64501 {64502,64503}").
 */
#include "config.h"

#include "aspath.h"

#include <stdio.h>
#include <string.h>

#include "rsguard.h"
#include "util.h"

int
rsg__path_check(const uint8_t *p, size_t len, size_t *bad)
{
	size_t off = 0;
	unsigned type, n;

	while (off < len) {
		if (rsg__path_segment(p, len, off, &type, &n, bad) != 0)
			return -1;
		off += 2 + (size_t)n * 4;
	}
	return 0;
}

size_t
rsg__path_count(const uint8_t *p, size_t len)
{
	size_t off = 0, count = 0;

	while (off + 2 <= len) {
		count += p[off + 1];
		off += 2 + (size_t)p[off + 1] * 4;
	}
	return count;
}

/* Parse one ASN: asplain, "AS" prefix, or asdot "X.Y". */
static int
parse_asn_token(const char *s, size_t n, uint32_t *out)
{
	const char *dot = memchr(s, '.', n);
	uint32_t hi, lo;

	if (dot == NULL)
		return rsg__parse_asn(s, n, out);
	if (rsg__parse_asn(s, (size_t)(dot - s), &hi) != 0
	    || rsg__parse_asn(dot + 1, n - (size_t)(dot - s) - 1, &lo) != 0
	    || hi > 0xffff || lo > 0xffff)
		return -1;
	*out = hi << 16 | lo;
	return 0;
}

struct enc {
	uint8_t *buf;
	size_t cap;
	size_t pos;
	size_t seg; /* offset of the open segment header, or SIZE_MAX */
	bool nospc;
};

static void
enc_asn(struct enc *e, unsigned type, uint32_t asn)
{
	if (e->seg == SIZE_MAX || e->buf[e->seg] != type
	    || e->buf[e->seg + 1] == 255) {
		if (e->pos + 2 > e->cap) {
			e->nospc = true;
			return;
		}
		e->seg = e->pos;
		e->buf[e->pos++] = (uint8_t)type;
		e->buf[e->pos++] = 0;
	}
	if (e->pos + 4 > e->cap) {
		e->nospc = true;
		return;
	}
	put_u32be(e->buf + e->pos, asn);
	e->pos += 4;
	e->buf[e->seg + 1]++;
}

RSG_EXPORT int
rsg_path_from_text(const char *text, uint8_t *buf, size_t cap, size_t *used,
    struct rsg_error *err)
{
	struct enc e = { buf, cap, 0, SIZE_MAX, false };
	unsigned type = RSG_SEG_SEQUENCE; /* current context */
	char close = 0;
	size_t i = 0, n;
	bool set_open = false, set_empty = false;

	if (text == NULL || buf == NULL || used == NULL)
		return RSG_EINVAL;
	n = strlen(text);
	while (i < n) {
		char c = text[i];

		if (c == ' ' || c == '\t' || c == ',') {
			if (c == ',' && !set_open)
				return rsg__err(err, RSG_EPARSE, "AS_PATH", 1,
				    (unsigned)i + 1, "',' outside a set");
			i++;
			continue;
		}
		if (c == '{' || c == '(' || c == '[') {
			if (set_open)
				return rsg__err(err, RSG_EPARSE, "AS_PATH", 1,
				    (unsigned)i + 1, "nested '%c'", c);
			type = c == '{' ? RSG_SEG_SET
			    : c == '('  ? RSG_SEG_CONFED_SEQUENCE
					: RSG_SEG_CONFED_SET;
			close = c == '{' ? '}' : c == '(' ? ')' : ']';
			set_open = set_empty = true;
			e.seg = SIZE_MAX; /* a new segment starts here */
			i++;
			continue;
		}
		if (c == '}' || c == ')' || c == ']') {
			if (!set_open || c != close)
				return rsg__err(err, RSG_EPARSE, "AS_PATH", 1,
				    (unsigned)i + 1, "unexpected '%c'", c);
			if (set_empty)
				return rsg__err(err, RSG_EPARSE, "AS_PATH", 1,
				    (unsigned)i + 1, "empty segment");
			set_open = false;
			type = RSG_SEG_SEQUENCE;
			e.seg = SIZE_MAX;
			i++;
			continue;
		}
		size_t start = i;
		uint32_t asn;

		while (i < n && text[i] != ' ' && text[i] != '\t'
		    && text[i] != ',' && !strchr("{}()[]", text[i]))
			i++;
		if (parse_asn_token(text + start, i - start, &asn) != 0)
			return rsg__err(err, RSG_EPARSE, "AS_PATH", 1,
			    (unsigned)start + 1, "expected an ASN, got '%.*s'",
			    (int)(i - start), text + start);
		/* a set is one segment even past 255 members: refuse */
		if (set_open && e.seg != SIZE_MAX && buf[e.seg + 1] == 255)
			return rsg__err(err, RSG_EPARSE, "AS_PATH", 1,
			    (unsigned)start + 1, "more than 255 ASNs in a set");
		enc_asn(&e, type, asn);
		set_empty = false;
		if (e.nospc)
			return rsg__err(err, RSG_ENOSPC, "AS_PATH", 0, 0,
			    "path longer than the %zu-byte buffer", cap);
	}
	if (set_open)
		return rsg__err(err, RSG_EPARSE, "AS_PATH", 1, (unsigned)n + 1,
		    "missing '%c'", close);
	*used = e.pos;
	return 0;
}

RSG_EXPORT size_t
rsg_path_format(const uint8_t *path, size_t path_len, char *buf, size_t len)
{
	size_t off = 0, pos = 0, bad;
	bool first = true;

	if (len > 0)
		buf[0] = '\0';
	if (rsg__path_check(path, path_len, &bad) != 0)
		return (size_t)-1;
	while (off < path_len) {
		unsigned type = path[off], n = path[off + 1];
		const char *open = type == RSG_SEG_SET ? "{"
		    : type == RSG_SEG_CONFED_SEQUENCE  ? "("
		    : type == RSG_SEG_CONFED_SET       ? "["
						       : "";
		const char *close = type == RSG_SEG_SET ? "}"
		    : type == RSG_SEG_CONFED_SEQUENCE   ? ")"
		    : type == RSG_SEG_CONFED_SET        ? "]"
							: "";
		const char *sep =
		    type == RSG_SEG_SET || type == RSG_SEG_CONFED_SET ? ","
								      : " ";

		for (unsigned i = 0; i < n; i++) {
			int w = snprintf(pos < len ? buf + pos : NULL,
			    pos < len ? len - pos : 0, "%s%s%u%s",
			    i == 0 ? (first ? "" : " ") : sep,
			    i == 0 ? open : "",
			    get_u32be(path + off + 2 + 4 * i),
			    i + 1 == n ? close : "");

			if (w > 0)
				pos += (size_t)w;
		}
		first = false;
		off += 2 + (size_t)n * 4;
	}
	return pos;
}
