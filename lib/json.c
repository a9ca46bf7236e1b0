/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Strict JSON pull parser (see json.h for the invariants).
 *
 * The input is either one buffer or a stream read into a window. Both
 * look the same to the scanners: bytes in [start, end), of which the
 * cursor p is the next unread. When a scanner reaches end it calls
 * json_more(), which in stream mode moves the bytes still needed (from
 * the token being scanned, tok, or from p) to the front of the window and
 * reads more; in buffer mode it reports the end of the input. Scanners
 * therefore address bytes of a token as offsets from tok, which survive a
 * refill, and never keep pointers across one.
 *
 * Positions are absolute input offsets (base is the offset of start), so
 * they survive refills too: the column of a byte is its offset minus the
 * offset of the first byte of its line. Only whitespace can end a line:
 * raw newlines are not allowed inside strings.
 */
#include "config.h"

#include "json.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"

/* Byte classes inside strings. */
enum {
	SC_PLAIN = 0,
	SC_QUOTE,
	SC_BACKSLASH,
	SC_CTRL,
	SC_HIGH, /* first byte of a multi-byte UTF-8 sequence (or garbage) */
};

#define CTRL8                                                                  \
	SC_CTRL, SC_CTRL, SC_CTRL, SC_CTRL, SC_CTRL, SC_CTRL, SC_CTRL, SC_CTRL
#define HIGH8                                                                  \
	SC_HIGH, SC_HIGH, SC_HIGH, SC_HIGH, SC_HIGH, SC_HIGH, SC_HIGH, SC_HIGH
#define HIGH64 HIGH8, HIGH8, HIGH8, HIGH8, HIGH8, HIGH8, HIGH8, HIGH8

static const uint8_t str_class[256] = {
	CTRL8,
	CTRL8,
	CTRL8,
	CTRL8,
	['"'] = SC_QUOTE,
	['\\'] = SC_BACKSLASH,
	[128] = HIGH64,
	HIGH64,
};

static inline unsigned
json_col(const struct json *j, const char *at)
{
	return (unsigned)(j->base + (uint64_t)(at - j->start) - j->bol) + 1;
}

static void
json_reset(struct json *j, const char *name, struct rsg_error *err)
{
	j->tok = NULL;
	j->base = 0;
	j->bol = 0;
	j->line = 1;
	j->depth = 0;
	j->first = false;
	j->want_value = false;
	j->failed = false;
	j->eof = false;
	j->rc = 0;
	j->name = name;
	j->err = err;
	j->rd = NULL;
	j->rd_arg = NULL;
	j->win = NULL;
	j->wcap = 0;
}

void
rsg__json_init(struct json *j, const char *name, const char *buf, size_t len,
    struct rsg_error *err)
{
	json_reset(j, name, err);
	j->start = j->p = buf;
	j->end = buf + len;
}

int
rsg__json_init_stream(struct json *j, const char *name, json_read_cb rd,
    void *arg, size_t window, struct rsg_error *err)
{
	json_reset(j, name, err);
	j->start = j->p = j->end = NULL;
	if (window == 0)
		window = JSON_WINDOW;
	j->win = rsg__malloc(window);
	if (j->win == NULL) {
		j->failed = true;
		j->rc = RSG_ENOMEM;
		return rsg__err(err, RSG_ENOMEM, name, 0, 0, "out of memory");
	}
	j->wcap = window;
	j->start = j->p = j->end = j->win;
	j->rd = rd;
	j->rd_arg = arg;
	return 0;
}

void
rsg__json_release(struct json *j)
{
	if (j == NULL)
		return;
	rsg__free(j->win);
	j->win = NULL;
	j->wcap = 0;
	j->start = j->p = j->end = NULL;
}

long
rsg__json_read_fd(void *arg, char *buf, size_t cap)
{
	ssize_t n;

	do
		n = read(*(const int *)arg, buf, cap);
	while (n < 0 && errno == EINTR);
	return (long)n;
}

/* Record the first error (with its code) and return the recorded code. */
static int
json_fail(
    struct json *j, int code, unsigned line, unsigned col, const char *msg)
{
	if (j->failed)
		return j->rc;
	j->failed = true;
	j->rc = code;
	j->tok = NULL;
	return rsg__err(j->err, code, j->name, line, col, "%s", msg);
}

int
rsg__json_error(
    struct json *j, unsigned line, unsigned col, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	if (j->failed)
		return j->rc;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return json_fail(j, RSG_EPARSE, line, col, msg);
}

static int json_error_at(struct json *j, const char *at, const char *fmt, ...)
    RSG_PRINTF(3, 4);

static int
json_error_at(struct json *j, const char *at, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	if (j->failed)
		return j->rc;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return json_fail(j, RSG_EPARSE, j->line, json_col(j, at), msg);
}

/*
 * Read more input: keep [tok, end) (or [p, end) outside a token) at the
 * front of the window and append what the stream gives. Returns 1 if
 * bytes were added, 0 at the end of the input (always, for a buffer), or
 * the error code recorded.
 */
static int
json_more(struct json *j)
{
	const char *keep;
	size_t kept, poff;
	uint64_t drop;
	long n;

	if (j->failed)
		return j->rc;
	if (j->rd == NULL || j->eof)
		return 0;
	keep = j->tok != NULL ? j->tok : j->p;
	kept = (size_t)(j->end - keep);
	poff = (size_t)(j->p - keep);
	drop = (uint64_t)(keep - j->start);
	if (kept == j->wcap) {
		/* one token fills the window (keep == win): grow it */
		char *nw;

		if (j->wcap > SIZE_MAX / 2
		    || (nw = rsg__realloc(j->win, j->wcap * 2)) == NULL)
			return json_fail(j, RSG_ENOMEM, 0, 0, "out of memory");
		j->win = nw;
		j->wcap *= 2;
		keep = nw;
	} else if (kept > 0 && keep != j->win) {
		memmove(j->win, keep, kept);
	}
	j->base += drop;
	j->start = j->win;
	j->p = j->win + poff;
	if (j->tok != NULL)
		j->tok = j->win;
	j->end = j->win + kept;
	n = j->rd(j->rd_arg, j->win + kept, j->wcap - kept);
	if (n < 0) {
		char msg[160];

		snprintf(msg, sizeof(msg), "read error: %s", strerror(errno));
		return json_fail(j, RSG_EIO, 0, 0, msg);
	}
	if (n == 0) {
		j->eof = true;
		return 0;
	}
	if ((size_t)n > j->wcap - kept)
		return json_fail(j, RSG_EIO, 0, 0, "read error: bad length");
	j->end += n;
	return 1;
}

/*
 * The byte at tok + i, reading more input if needed; -1 at the end, or
 * past JSON_MAX_TOKEN (the scanner then reports the length).
 */
static inline int
json_at(struct json *j, size_t i)
{
	if (i > JSON_MAX_TOKEN)
		return -1;
	while ((size_t)(j->end - j->tok) <= i) {
		if (json_more(j) <= 0)
			return -1;
	}
	return (unsigned char)j->tok[i];
}

/* Make n bytes from tok + i available if the input has them. */
static inline void
json_need(struct json *j, size_t i, size_t n)
{
	while ((size_t)(j->end - j->tok) < i + n) {
		if (json_more(j) <= 0)
			return;
	}
}

/* Describe the byte at the cursor for "expected X, got Y" messages. */
static const char *
json_got(const struct json *j, char *buf, size_t cap)
{
	unsigned char c;

	if (j->p >= j->end)
		return "end of input";
	c = (unsigned char)*j->p;
	if (c >= 0x21 && c < 0x7f)
		snprintf(buf, cap, "'%c'", c);
	else
		snprintf(buf, cap, "byte 0x%02x", c);
	return buf;
}

static int
json_unexpected(struct json *j, const char *expected)
{
	char got[16];

	return json_error_at(j, j->p, "expected %s, got %s", expected,
	    json_got(j, got, sizeof(got)));
}

/* Skip whitespace, reading more input as needed. */
static inline void
json_ws(struct json *j)
{
	const char *p = j->p;

	/* most tokens follow a single space or none: no loop for those */
	if (p < j->end && (unsigned char)*p > ' ')
		return;
	for (;;) {
		const char *end = j->end;

		while (p < end) {
			char c = *p;

			if (c == ' ' || c == '\t' || c == '\r') {
				p++;
			} else if (c == '\n') {
				p++;
				j->line++;
				j->bol = j->base + (uint64_t)(p - j->start);
			} else {
				j->p = p;
				return;
			}
		}
		j->p = p;
		if (json_more(j) <= 0)
			return;
		p = j->p;
	}
}

/*
 * Append n bytes to the decoded string; beyond the scratch, only flag.
 * What fits is copied even then, so that a long string's (unusable)
 * bytes are its own and not a former string's, whatever the refills.
 */
static inline void
json_put(
    struct json *j, struct json_val *v, size_t *out, const char *src, size_t n)
{
	if (n > JSON_SCRATCH - *out) {
		memcpy(j->scratch + *out, src, JSON_SCRATCH - *out);
		v->flags |= JSON_STR_LONG;
		*out = JSON_SCRATCH;
		return;
	}
	memcpy(j->scratch + *out, src, n);
	*out += n;
}

static int
json_hex4(const char *p, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/*
 * Validate one UTF-8 sequence at p (first byte >= 0x80), RFC 3629:
 * no overlongs, no surrogates, nothing above U+10FFFF.
 * Returns its length, or 0 if malformed.
 */
static size_t
json_utf8(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xbf;
	size_t n;

	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	if ((size_t)(end - p) < n)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++) {
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	}
	return n;
}

/*
 * Decode the escape at p ('\\'), with [p, end) all input there is up to
 * 12 bytes. Returns its length, or 0 after recording an error.
 */
static size_t
json_escape(struct json *j, struct json_val *v, size_t *out, const char *p,
    const char *end)
{
	char buf[4];
	unsigned cp, lo;
	size_t n;

	if (end - p < 2) {
		json_error_at(j, p, "unterminated escape sequence");
		return 0;
	}
	switch (p[1]) {
	case '"':
	case '\\':
	case '/':
		json_put(j, v, out, p + 1, 1);
		return 2;
	case 'b':
		json_put(j, v, out, "\b", 1);
		return 2;
	case 'f':
		json_put(j, v, out, "\f", 1);
		return 2;
	case 'n':
		json_put(j, v, out, "\n", 1);
		return 2;
	case 'r':
		json_put(j, v, out, "\r", 1);
		return 2;
	case 't':
		json_put(j, v, out, "\t", 1);
		return 2;
	case 'u':
		break;
	default:
		json_error_at(j, p, "invalid escape sequence");
		return 0;
	}
	if (end - p < 6 || json_hex4(p + 2, &cp) != 0) {
		json_error_at(
		    j, p, "invalid \\u escape: expected 4 hex digits");
		return 0;
	}
	n = 6;
	if (cp >= 0xdc00 && cp <= 0xdfff) {
		json_error_at(
		    j, p, "unpaired UTF-16 low surrogate \\u%04x", cp);
		return 0;
	}
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (end - p < 12 || p[6] != '\\' || p[7] != 'u'
		    || json_hex4(p + 8, &lo) != 0 || lo < 0xdc00
		    || lo > 0xdfff) {
			json_error_at(j, p,
			    "UTF-16 high surrogate \\u%04x without a low "
			    "surrogate",
			    cp);
			return 0;
		}
		n = 12;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	if (cp == 0)
		v->flags |= JSON_STR_NUL;
	if (cp < 0x80) {
		buf[0] = (char)cp;
		json_put(j, v, out, buf, 1);
	} else if (cp < 0x800) {
		buf[0] = (char)(0xc0 | (cp >> 6));
		buf[1] = (char)(0x80 | (cp & 0x3f));
		json_put(j, v, out, buf, 2);
	} else if (cp < 0x10000) {
		buf[0] = (char)(0xe0 | (cp >> 12));
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		buf[2] = (char)(0x80 | (cp & 0x3f));
		json_put(j, v, out, buf, 3);
	} else {
		buf[0] = (char)(0xf0 | (cp >> 18));
		buf[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		buf[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		buf[3] = (char)(0x80 | (cp & 0x3f));
		json_put(j, v, out, buf, 4);
	}
	return n;
}

static int
json_too_long(struct json *j, unsigned line, unsigned col, const char *what)
{
	j->tok = NULL;
	return rsg__json_error(
	    j, line, col, "%s longer than %d bytes", what, JSON_MAX_TOKEN);
}

/*
 * Parse a string; the cursor is at the opening quote. The whole string
 * stays in the window (tok is the quote) so that an unescaped one can be
 * returned as a slice.
 */
static int
json_string(struct json *j, struct json_val *v)
{
	unsigned line = j->line, col = json_col(j, j->p);
	size_t i = 1, run = 1, out = 0, n;
	int r;

	v->type = JSON_STRING;
	j->tok = j->p;
	for (;;) {
		const char *t = j->tok, *end = j->end;

		while (
		    t + i < end && str_class[(unsigned char)t[i]] == SC_PLAIN)
			i++;
		if (i > JSON_MAX_TOKEN + 1) /* past the opening quote */
			return json_too_long(j, line, col, "string");
		if (t + i >= end) {
			if ((r = json_more(j)) < 0)
				return r;
			if (r == 0)
				return rsg__json_error(
				    j, line, col, "unterminated string");
			continue;
		}
		switch (str_class[(unsigned char)t[i]]) {
		case SC_QUOTE:
			if (v->flags & JSON_STR_ESCAPED) {
				json_put(j, v, &out, t + run, i - run);
				v->s = j->scratch;
				v->len = out;
			} else {
				v->s = t + 1;
				v->len = i - 1;
			}
			j->p = t + i + 1;
			j->tok = NULL;
			return 0;
		case SC_BACKSLASH:
			v->flags |= JSON_STR_ESCAPED;
			json_put(j, v, &out, t + run, i - run);
			json_need(j, i, 12); /* \uD83D\uDE00 */
			if (j->failed)
				return j->rc;
			n = json_escape(j, v, &out, j->tok + i, j->end);
			if (n == 0)
				return j->rc;
			i += n;
			run = i;
			break;
		case SC_CTRL:
			return json_error_at(j, t + i,
			    "control character 0x%02x in string "
			    "(must be escaped)",
			    (unsigned char)t[i]);
		default:
			json_need(j, i, 4);
			if (j->failed)
				return j->rc;
			n = json_utf8((const unsigned char *)j->tok + i,
			    (const unsigned char *)j->end);
			if (n == 0)
				return json_error_at(
				    j, j->tok + i, "invalid UTF-8 in string");
			i += n;
			break;
		}
	}
}

static inline bool
json_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* A number ends at byte i: put the cursor there for error messages. */
static int
json_number_error(struct json *j, size_t i, const char *expected)
{
	if (i > JSON_MAX_TOKEN)
		return json_too_long(j, j->line, json_col(j, j->tok), "number");
	j->p = j->tok + i;
	j->tok = NULL;
	return json_unexpected(j, expected);
}

/* Parse a number; the cursor is at '-' or a digit. */
static int
json_number(struct json *j, struct json_val *v)
{
	bool neg = false;
	uint64_t u = 0;
	size_t i = 0;
	int c;

	v->type = JSON_NUMBER;
	j->tok = j->p;
	c = json_at(j, i);
	if (c == '-') {
		neg = true;
		c = json_at(j, ++i);
	}
	if (!json_digit(c))
		return json_number_error(j, i, "a digit");
	if (c == '0') {
		c = json_at(j, ++i);
		if (json_digit(c)) {
			j->tok = NULL;
			return json_error_at(j, j->p,
			    "leading zeros are not allowed in numbers");
		}
	} else {
		while (json_digit(c)) {
			unsigned d = (unsigned)(c - '0');

			/* constants only: no division per digit */
			if (u >= UINT64_MAX / 10
			    && (u > UINT64_MAX / 10 || d > UINT64_MAX % 10))
				v->flags |= JSON_NUM_RANGE;
			else
				u = u * 10 + d;
			c = json_at(j, ++i);
		}
	}
	if (c == '.') {
		c = json_at(j, ++i);
		if (!json_digit(c))
			return json_number_error(j, i, "a digit after '.'");
		while (json_digit(c))
			c = json_at(j, ++i);
		v->flags |= JSON_NUM_FRAC;
	}
	if (c == 'e' || c == 'E') {
		c = json_at(j, ++i);
		if (c == '+' || c == '-')
			c = json_at(j, ++i);
		if (!json_digit(c))
			return json_number_error(
			    j, i, "a digit in the exponent");
		while (json_digit(c))
			c = json_at(j, ++i);
		v->flags |= JSON_NUM_FRAC;
	}
	if (j->failed)
		return j->rc;
	if (i > JSON_MAX_TOKEN)
		return json_number_error(j, i, "");
	if (!(v->flags & JSON_NUM_RANGE)) {
		if (neg && u <= (uint64_t)INT64_MAX + 1)
			v->i = u == (uint64_t)INT64_MAX + 1 ? INT64_MIN
							    : -(int64_t)u;
		else if (!neg && u <= (uint64_t)INT64_MAX)
			v->i = (int64_t)u;
		else
			v->flags |= JSON_NUM_RANGE;
	}
	v->s = j->tok;
	v->len = i;
	j->p = j->tok + i;
	j->tok = NULL;
	return 0;
}

static int
json_literal(
    struct json *j, struct json_val *v, const char *lit, enum json_type t)
{
	size_t n = strlen(lit);

	j->tok = j->p;
	json_need(j, 0, n);
	j->tok = NULL;
	if (j->failed)
		return j->rc;
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, lit, n) != 0)
		return json_unexpected(j, "a value");
	v->type = t;
	v->s = j->p;
	v->len = n;
	j->p += n;
	return 0;
}

static int
json_push(struct json *j, struct json_val *v, char c)
{
	if (j->depth >= JSON_MAX_DEPTH)
		return json_error_at(
		    j, j->p, "nesting deeper than %d levels", JSON_MAX_DEPTH);
	j->stack[j->depth++] = c;
	j->first = true;
	v->type = c == '{' ? JSON_OBJECT : JSON_ARRAY;
	v->s = j->p;
	v->len = 1;
	j->p++;
	return 0;
}

int
rsg__json_next(struct json *j, struct json_val *v)
{
	if (j->failed)
		return j->rc;
	json_ws(j);
	if (j->failed)
		return j->rc;
	j->want_value = false;
	v->flags = 0;
	v->i = 0;
	v->line = j->line;
	v->col = json_col(j, j->p);
	if (j->p >= j->end)
		return json_unexpected(j, "a value");
	switch (*j->p) {
	case '{':
	case '[':
		return json_push(j, v, *j->p);
	case '"':
		return json_string(j, v);
	case '-':
	case '0':
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
	case '6':
	case '7':
	case '8':
	case '9':
		return json_number(j, v);
	case 't':
		return json_literal(j, v, "true", JSON_TRUE);
	case 'f':
		return json_literal(j, v, "false", JSON_FALSE);
	case 'n':
		return json_literal(j, v, "null", JSON_NULL);
	default:
		return json_unexpected(j, "a value");
	}
}

/*
 * Common part of member/element: the separator before the next item, or
 * the closing bracket. Returns 1 if an item follows, 0 if closed.
 */
static int
json_sep(struct json *j, char open)
{
	char close = open == '{' ? '}' : ']';

	if (j->failed)
		return j->rc;
	if (j->depth == 0 || j->stack[j->depth - 1] != open || j->want_value)
		return json_error_at(j, j->p, "internal: parser misuse");
	json_ws(j);
	if (j->failed)
		return j->rc;
	if (j->p < j->end && *j->p == close) {
		j->p++;
		j->depth--;
		j->first = false;
		return 0;
	}
	if (j->first) {
		j->first = false;
		return 1;
	}
	if (j->p >= j->end || *j->p != ',')
		return json_unexpected(
		    j, open == '{' ? "',' or '}'" : "',' or ']'");
	j->p++;
	json_ws(j);
	if (j->failed)
		return j->rc;
	if (j->p < j->end && *j->p == close)
		return json_error_at(j, j->p, "trailing comma");
	return 1;
}

int
rsg__json_member(struct json *j, struct json_val *key)
{
	int r = json_sep(j, '{');

	if (r <= 0)
		return r;
	key->flags = 0;
	key->i = 0;
	key->line = j->line;
	key->col = json_col(j, j->p);
	if (j->p >= j->end || *j->p != '"')
		return json_unexpected(j, "a member name");
	if (json_string(j, key) != 0)
		return j->rc;
	/* a slice of the window must survive a refill before the ':' */
	if (!(key->flags & JSON_STR_ESCAPED))
		j->tok = key->s - 1;
	json_ws(j);
	if (j->failed)
		return j->rc;
	if (j->tok != NULL) {
		key->s = j->tok + 1;
		j->tok = NULL;
	}
	if (j->p >= j->end || *j->p != ':')
		return json_unexpected(j, "':'");
	j->p++;
	j->want_value = true;
	return 1;
}

int
rsg__json_element(struct json *j)
{
	return json_sep(j, '[');
}

int
rsg__json_skip(struct json *j, const struct json_val *v)
{
	unsigned target;
	struct json_val k, x;
	int r;

	if (j->failed)
		return j->rc;
	if (v->type != JSON_OBJECT && v->type != JSON_ARRAY)
		return 0;
	/* v was just entered: it is the innermost container */
	target = j->depth - 1;
	while (j->depth > target) {
		if (j->stack[j->depth - 1] == '{')
			r = rsg__json_member(j, &k);
		else
			r = rsg__json_element(j);
		if (r < 0)
			return r;
		if (r > 0 && rsg__json_next(j, &x) != 0)
			return j->rc;
	}
	return 0;
}

int
rsg__json_skip_value(struct json *j)
{
	struct json_val v;

	if (rsg__json_next(j, &v) != 0)
		return j->rc;
	return rsg__json_skip(j, &v);
}

int
rsg__json_peek(struct json *j)
{
	if (j->failed)
		return -1;
	json_ws(j);
	if (j->failed || j->p >= j->end)
		return -1;
	return (unsigned char)*j->p;
}

int
rsg__json_finish(struct json *j)
{
	if (j->failed)
		return j->rc;
	if (j->depth != 0 || j->want_value)
		return json_error_at(j, j->p, "internal: parser misuse");
	json_ws(j);
	if (j->failed)
		return j->rc;
	if (j->p < j->end)
		return json_unexpected(j, "end of input after the JSON value");
	return 0;
}

const char *
rsg__json_type_name(enum json_type t)
{
	switch (t) {
	case JSON_NULL:
		return "null";
	case JSON_FALSE:
	case JSON_TRUE:
		return "a boolean";
	case JSON_NUMBER:
		return "a number";
	case JSON_STRING:
		return "a string";
	case JSON_ARRAY:
		return "an array";
	case JSON_OBJECT:
		return "an object";
	}
	return "nothing";
}

int
rsg__json_expect(struct json *j, const struct json_val *v, enum json_type t,
    const char *what)
{
	if (j->failed)
		return j->rc;
	if (v->type == t)
		return 0;
	return rsg__json_error(j, v->line, v->col, "expected %s, got %s", what,
	    rsg__json_type_name(v->type));
}

int
rsg__json_int(struct json *j, const struct json_val *v, int64_t min,
    int64_t max, const char *what, int64_t *out)
{
	if (j->failed)
		return j->rc;
	if (v->type != JSON_NUMBER)
		return rsg__json_error(j, v->line, v->col,
		    "%s: expected an integer, got %s", what,
		    rsg__json_type_name(v->type));
	if (v->flags & JSON_NUM_FRAC)
		return rsg__json_error(j, v->line, v->col,
		    "%s: expected an integer, got %.*s", what,
		    (int)(v->len > 40 ? 40 : v->len), v->s);
	if ((v->flags & JSON_NUM_RANGE) || v->i < min || v->i > max)
		return rsg__json_error(j, v->line, v->col,
		    "%s: %.*s is out of range [%lld, %lld]", what,
		    (int)(v->len > 40 ? 40 : v->len), v->s, (long long)min,
		    (long long)max);
	*out = v->i;
	return 0;
}

int
rsg__json_text(struct json *j, const struct json_val *v, const char *what)
{
	if (j->failed)
		return j->rc;
	if (v->type != JSON_STRING)
		return rsg__json_error(j, v->line, v->col,
		    "%s: expected a string, got %s", what,
		    rsg__json_type_name(v->type));
	if (v->flags & JSON_STR_LONG)
		return rsg__json_error(j, v->line, v->col,
		    "%s: string too long (over %d bytes with escapes)", what,
		    JSON_SCRATCH);
	if (v->flags & JSON_STR_NUL)
		return rsg__json_error(
		    j, v->line, v->col, "%s: string contains U+0000", what);
	return 0;
}

const char *
rsg__json_quote(const struct json_val *v, char *buf, size_t cap)
{
	size_t n = 0;

	if (cap == 0)
		return buf;
	for (size_t i = 0; i < v->len && n + 1 < cap; i++) {
		unsigned char c = (unsigned char)v->s[i];

		buf[n++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	buf[n] = '\0';
	return buf;
}

int
rsg__json_run_buf(const char *name, const char *buf, size_t len,
    json_run_fn *run, void *arg, struct rsg_error *err)
{
	struct json *j;
	int rc;

	if (name == NULL)
		name = "(buffer)";
	j = rsg__malloc(sizeof(*j));
	if (j == NULL)
		return rsg__err(err, RSG_ENOMEM, name, 0, 0, "out of memory");
	rsg__json_init(j, name, buf, len, err);
	rc = run(j, arg);
	rsg__free(j);
	return rc;
}

int
rsg__json_run_file(
    const char *path, json_run_fn *run, void *arg, struct rsg_error *err)
{
	struct json *j;
	int fd, rc;

	rc = rsg__file_open(path, &fd, err);
	if (rc != 0)
		return rc;
	j = rsg__malloc(sizeof(*j));
	if (j == NULL) {
		rc = rsg__err(err, RSG_ENOMEM, path, 0, 0, "out of memory");
	} else {
		rc = rsg__json_init_stream(
		    j, path, rsg__json_read_fd, &fd, 0, err);
		if (rc == 0)
			rc = run(j, arg);
		rsg__json_release(j);
		rsg__free(j);
	}
	close(fd);
	return rc;
}
