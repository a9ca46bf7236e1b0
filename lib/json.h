/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * A small strict JSON (RFC 8259) pull parser for large data files: VRP
 * and ASPA dumps, SLURM, PeeringDB. The caller walks the document in
 * order and pulls one value, member name or array element at a time;
 * nothing is built in memory and nothing is allocated per token. Input
 * is a buffer, or a stream (a file) read through a window of a fixed size
 * that only grows when a single token does not fit, so a 75 MB VRP dump
 * is parsed in a 128 KiB window.
 *
 * Invariants:
 *  - A buffer is counted (no NUL needed); the caller keeps it alive and
 *    unchanged while it uses the parser.
 *  - Every value and member name carries the 1-based line and byte column
 *    where it starts, so callers report "file:line:col: expected ...".
 *    Lines end at '\n' (a "\r\n" pair counts once).
 *  - A string without escapes is a slice of the input (or window), a
 *    string with escapes is decoded (\uXXXX surrogate pairs into UTF-8)
 *    into the parser's scratch buffer, and a number's text is a slice:
 *    any of them is valid only until the next call on the parser.
 *    Decoded strings longer than JSON_SCRATCH bytes are still validated
 *    but marked JSON_STR_LONG and must not be used.
 *  - Strings are validated completely: control characters, bad escapes,
 *    unpaired UTF-16 surrogates and malformed UTF-8 are errors.
 *  - Numbers follow the RFC 8259 grammar exactly (no leading zeros, no
 *    '+', no bare '.'). An integer that fits int64_t is exact in
 *    json_val.i; fractions and exponents are accepted but flagged
 *    (JSON_NUM_FRAC), out-of-range integers are flagged JSON_NUM_RANGE.
 *  - Containers nest at most JSON_MAX_DEPTH deep; a number, or a string
 *    between its quotes (as written, escapes included), is at most
 *    JSON_MAX_TOKEN bytes long: deeper or longer is an error at its
 *    start, so a stream's window never grows past twice JSON_MAX_TOKEN.
 *  - After rsg__json_next() returns an object or array, the caller must
 *    iterate it to its end with rsg__json_member()/rsg__json_element()
 *    (or leave it with rsg__json_skip()); after rsg__json_member()
 *    returns a name, the caller must read the member's value with
 *    rsg__json_next() or rsg__json_skip_value().
 *  - The first error is recorded in the caller's struct rsg_error with
 *    its position: RSG_EPARSE for the input, RSG_EIO if the stream
 *    fails, RSG_ENOMEM if the window cannot grow. From then on every call
 *    fails with that code, so callers may propagate errors without extra
 *    checks.
 *  - rsg__json_finish() verifies that only whitespace follows the
 *    top-level value.
 *  - Buffer and stream give the same values, positions and errors, for
 *    any window size.
 *
 * Typical use:
 *
 *	rsg__json_init(&j, "vrps.json", buf, len, err);
 *	if (rsg__json_next(&j, &v) || rsg__json_expect(&j, &v, JSON_OBJECT,
 *	    "an object"))
 *		goto out;
 *	while ((r = rsg__json_member(&j, &k)) > 0) {
 *		if (json_is(&k, "roas"))
 *			...
 *		else if (rsg__json_skip_value(&j))
 *			goto out;
 *	}
 *	if (r < 0 || rsg__json_finish(&j))
 *		goto out;
 *
 * Thread-safety: a struct json is used by one thread at a time.
 */
#ifndef RSG_JSON_H
#define RSG_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rsguard.h"
#include "util.h"

#define JSON_MAX_DEPTH 128
#define JSON_MAX_TOKEN (1024 * 1024) /* longest string or number */
#define JSON_SCRATCH   4096
#define JSON_WINDOW    (128 * 1024) /* default stream window */

/*
 * Stream source: read up to cap bytes into buf. Returns the count, 0 at
 * the end of the input, or -1 with errno set.
 */
typedef long (*json_read_cb)(void *arg, char *buf, size_t cap);

enum json_type {
	JSON_NULL = 1,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

/* json_val.flags */
enum json_flag {
	JSON_NUM_FRAC = 1u << 0,    /* number has a fraction or exponent */
	JSON_NUM_RANGE = 1u << 1,   /* integer does not fit int64_t */
	JSON_STR_ESCAPED = 1u << 2, /* string decoded into the scratch buffer */
	JSON_STR_LONG = 1u << 3,    /* decoded string did not fit: unusable */
	JSON_STR_NUL = 1u << 4,     /* string contains U+0000 */
};

/* A value or member name. */
struct json_val {
	enum json_type type;
	unsigned flags; /* enum json_flag */
	unsigned line;  /* 1-based position of its first byte */
	unsigned col;
	const char *s; /* string: contents; number: its text */
	size_t len;
	int64_t i; /* number: the integer unless FRAC or RANGE */
};

struct json {
	const char *p;     /* cursor */
	const char *end;   /* end of the input (or of the window's data) */
	const char *start; /* first byte of the input (or window) */
	const char *tok;   /* start of the token being scanned, or NULL */
	uint64_t base;     /* input offset of start */
	uint64_t bol;      /* input offset of the current line's start */
	unsigned line;
	unsigned depth;  /* open containers */
	bool first;      /* innermost container has no member/element yet */
	bool want_value; /* a member name was read, its value was not */
	bool failed;     /* an error was recorded */
	bool eof;        /* the stream is exhausted */
	int rc;          /* the error code once failed */
	const char *name;
	struct rsg_error *err;
	json_read_cb rd; /* stream source; NULL for a buffer */
	void *rd_arg;
	char *win; /* stream window (owned) */
	size_t wcap;
	char stack[JSON_MAX_DEPTH]; /* '{' or '[' per open container */
	char scratch[JSON_SCRATCH];
};

/*
 * Start parsing buf[0..len). name is used in messages; err may be NULL.
 * Ownership: buf, name and err are borrowed until the parser is done.
 */
void rsg__json_init(struct json *j, const char *name, const char *buf,
    size_t len, struct rsg_error *err);

/*
 * Start parsing a stream: rd(arg, ...) is called for more input as the
 * parser needs it; window is the initial window size (0: JSON_WINDOW).
 * Returns 0, or RSG_ENOMEM (recorded in err). Call rsg__json_release()
 * afterwards in either case.
 * Ownership: arg, name and err are borrowed until rsg__json_release().
 */
int rsg__json_init_stream(struct json *j, const char *name, json_read_cb rd,
    void *arg, size_t window, struct rsg_error *err);

/* Free the window of a stream parser; harmless for a buffer parser. */
void rsg__json_release(struct json *j);

/* json_read_cb over a file descriptor: arg points to the int fd. */
long rsg__json_read_fd(void *arg, char *buf, size_t cap);

/*
 * Skip whitespace and return the next byte without consuming it, or -1
 * at the end of the input or after an error (for format detection).
 */
int rsg__json_peek(struct json *j);

/*
 * Read the next value. An object or array is entered: iterate it with
 * rsg__json_member()/rsg__json_element() or leave it with rsg__json_skip().
 * Returns 0 or the error code (RSG_EPARSE, or RSG_EIO/RSG_ENOMEM for a
 * stream); so do the functions below where they say RSG_EPARSE.
 */
int rsg__json_next(struct json *j, struct json_val *v);

/*
 * In an object: read the next member name into key and the ':' after it.
 * Returns 1 (the value follows), 0 at the closing '}' (consumed), or
 * RSG_EPARSE.
 */
int rsg__json_member(struct json *j, struct json_val *key);

/*
 * In an array: returns 1 if an element follows (read it with
 * rsg__json_next()), 0 at the closing ']' (consumed), or RSG_EPARSE.
 */
int rsg__json_element(struct json *j);

/*
 * Skip the rest of v, which rsg__json_next() just returned: for an object
 * or array everything up to and including its end, validating it; for a
 * scalar nothing. Returns 0 or RSG_EPARSE.
 */
int rsg__json_skip(struct json *j, const struct json_val *v);

/* Read and discard the next value. Returns 0 or RSG_EPARSE. */
int rsg__json_skip_value(struct json *j);

/* Check that only whitespace remains. Returns 0 or RSG_EPARSE. */
int rsg__json_finish(struct json *j);

/*
 * Record an error at line:col (the first one wins) and return
 * RSG_EPARSE (or the code of the error recorded before). The message
 * gets the source name and position prepended.
 */
int rsg__json_error(struct json *j, unsigned line, unsigned col,
    const char *fmt, ...) RSG_PRINTF(4, 5);

/* "a string", "an object", ... for messages. */
const char *rsg__json_type_name(enum json_type t);

/*
 * Fail with "expected <what>, got <type>" at v unless v has type t.
 * Returns 0 or RSG_EPARSE.
 */
int rsg__json_expect(struct json *j, const struct json_val *v, enum json_type t,
    const char *what);

/*
 * The integer value of v in [min, max]; otherwise a positioned error
 * naming what ("maxLength"). Returns 0 or RSG_EPARSE.
 */
int rsg__json_int(struct json *j, const struct json_val *v, int64_t min,
    int64_t max, const char *what, int64_t *out);

/*
 * Check that v is a usable string: a string that fit the scratch buffer
 * and has no U+0000. Returns 0 or RSG_EPARSE (naming what).
 */
int rsg__json_text(struct json *j, const struct json_val *v, const char *what);

/*
 * Quote a member name or string for a message: at most cap-1 bytes,
 * non-printable bytes replaced by '?'. Returns buf.
 */
const char *rsg__json_quote(const struct json_val *v, char *buf, size_t cap);

/*
 * Run a reader over a buffer or a file (streamed): set up a parser (kept
 * off the stack: it holds a scratch buffer), call run(j, arg), release.
 * run's result is returned; setup failures are RSG_EIO or RSG_ENOMEM with
 * err set. name NULL: "(buffer)".
 */
typedef int json_run_fn(struct json *j, void *arg);
int rsg__json_run_buf(const char *name, const char *buf, size_t len,
    json_run_fn *run, void *arg, struct rsg_error *err);
int rsg__json_run_file(
    const char *path, json_run_fn *run, void *arg, struct rsg_error *err);

/* True if the member name or string v equals the literal lit. */
static inline bool
json_is(const struct json_val *v, const char *lit)
{
	size_t n = strlen(lit);

	return v->len == n && (v->flags & JSON_STR_LONG) == 0
	    && memcmp(v->s, lit, n) == 0;
}

#endif /* RSG_JSON_H */
