/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * json: the strict pull parser, driven from outside: positions of values
 * and errors, string decoding, exact integers, nesting limits, skipping
 * and trailing garbage.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "json.h"
#include "util.h"
#include "suites.h"
#include "testutil.h"

static struct json J;

static void
start(const char *doc)
{
	rsg__json_init(&J, "t.json", doc, strlen(doc), NULL);
}

/* A stream over memory, handing out at most chunk bytes per read. */
struct memsrc {
	const char *p;
	size_t left;
	size_t chunk;
	size_t fail_after; /* fail with EIO once this many bytes were read */
	size_t done;
};

static long
mem_read(void *arg, char *buf, size_t cap)
{
	struct memsrc *m = arg;
	size_t n = m->left < cap ? m->left : cap;

	if (n > m->chunk)
		n = m->chunk;
	if (m->fail_after != 0 && m->done >= m->fail_after) {
		errno = EIO;
		return -1;
	}
	memcpy(buf, m->p, n);
	m->p += n;
	m->left -= n;
	m->done += n;
	return (long)n;
}

/* Parse a whole document, skipping every value; returns the result. */
static int
parse_buf(const char *doc, size_t len, struct rsg_error *e)
{
	memset(e, 0, sizeof(*e));
	rsg__json_init(&J, "t.json", doc, len, e);
	if (rsg__json_skip_value(&J) == 0)
		(void)rsg__json_finish(&J);
	return J.failed ? J.rc : 0;
}

static int
parse_stream(const char *doc, size_t len, size_t window, size_t chunk,
    struct rsg_error *e)
{
	struct memsrc m = { doc, len, chunk, 0, 0 };
	int rc;

	memset(e, 0, sizeof(*e));
	ck_assert_int_eq(
	    rsg__json_init_stream(&J, "t.json", mem_read, &m, window, e), 0);
	if (rsg__json_skip_value(&J) == 0)
		(void)rsg__json_finish(&J);
	rc = J.failed ? J.rc : 0;
	rsg__json_release(&J);
	return rc;
}

/*
 * Parse in buffer mode, and as a stream with windows and read sizes
 * small enough to refill inside every token: the results must agree.
 */
static int
parse_all(const char *doc, size_t len, struct rsg_error *e)
{
	static const size_t windows[] = { 1, 2, 3, 7, 64, 0 };
	static const size_t chunks[] = { 1, 5, 4096 };
	int rc = parse_buf(doc, len, e);

	for (size_t w = 0; w < sizeof(windows) / sizeof(windows[0]); w++) {
		for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]);
		     c++) {
			struct rsg_error se;
			int src =
			    parse_stream(doc, len, windows[w], chunks[c], &se);

			ck_assert_msg(src == rc && se.line == e->line
				&& se.column == e->column
				&& strcmp(se.message, e->message) == 0,
			    "window %zu chunk %zu: %d \"%s\", buffer: %d "
			    "\"%s\"",
			    windows[w], chunks[c], src, se.message, rc,
			    e->message);
		}
	}
	return rc;
}

/* Expect doc to fail at line:col with msg in the message. */
#define ck_bad(doc, l, c, msg)                                                 \
	do {                                                                   \
		struct rsg_error e_;                                           \
		ck_assert_int_eq(                                              \
		    parse_all((doc), strlen(doc), &e_), RSG_EPARSE);           \
		ck_assert_int_eq(e_.code, RSG_EPARSE);                         \
		ck_assert_msg(e_.line == (l) && e_.column == (c),              \
		    "%s: got %u:%u (%s), want %u:%u", (doc), e_.line,          \
		    e_.column, e_.message, (unsigned)(l), (unsigned)(c));      \
		ck_assert_msg(strstr(e_.message, (msg)) != NULL,               \
		    "message \"%s\" lacks \"%s\"", e_.message, (msg));         \
	} while (0)

#define ck_good(doc)                                                           \
	do {                                                                   \
		struct rsg_error e_;                                           \
		ck_assert_msg(parse_all((doc), strlen(doc), &e_) == 0,         \
		    "%s: %s", (doc), e_.message);                              \
	} while (0)

START_TEST(test_walk_positions)
{
	const char *doc = "{\n  \"a\": [1, \"x\", true],\n\t\"b\" : null\r\n}";
	struct json_val v, k;

	start(doc);
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert_int_eq(v.type, JSON_OBJECT);
	ck_assert_uint_eq(v.line, 1);
	ck_assert_uint_eq(v.col, 1);
	ck_assert_int_eq(rsg__json_member(&J, &k), 1);
	ck_assert(json_is(&k, "a"));
	ck_assert_uint_eq(k.line, 2);
	ck_assert_uint_eq(k.col, 3);
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert_int_eq(v.type, JSON_ARRAY);
	ck_assert_uint_eq(v.col, 8);
	ck_assert_int_eq(rsg__json_element(&J), 1);
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert_int_eq(v.type, JSON_NUMBER);
	ck_assert_int_eq(v.i, 1);
	ck_assert_uint_eq(v.col, 9);
	ck_assert_int_eq(rsg__json_element(&J), 1);
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert_int_eq(v.type, JSON_STRING);
	ck_assert_uint_eq(v.len, 1);
	ck_assert(v.s == doc + 14); /* a slice of the input */
	ck_assert_int_eq(rsg__json_element(&J), 1);
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert_int_eq(v.type, JSON_TRUE);
	ck_assert_uint_eq(v.col, 17);
	ck_assert_int_eq(rsg__json_element(&J), 0);
	ck_assert_int_eq(rsg__json_member(&J, &k), 1);
	ck_assert(json_is(&k, "b"));
	ck_assert_uint_eq(k.line, 3);
	ck_assert_uint_eq(k.col, 2);
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert_int_eq(v.type, JSON_NULL);
	ck_assert_uint_eq(v.col, 8);
	ck_assert_int_eq(rsg__json_member(&J, &k), 0);
	ck_assert_int_eq(rsg__json_finish(&J), 0);
}
END_TEST

START_TEST(test_strings)
{
	struct json_val v;

	/* escapes, a BMP character and a surrogate pair */
	start("\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u20AC\\ud83d\\ude00z\"");
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert(v.flags & JSON_STR_ESCAPED);
	ck_assert_uint_eq(v.len, 1 + 8 + 2 + 3 + 4 + 1);
	ck_assert_mem_eq(v.s,
	    "a\"\\/\b\f\n\r\t\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z", v.len);
	ck_assert_int_eq(rsg__json_text(&J, &v, "s"), 0);

	/* raw UTF-8 passes unchanged as a slice */
	start("\"gr\xc3\xbc\xc3\x9f \xe2\x82\xac \xf0\x9f\x98\x80\"");
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert(!(v.flags & JSON_STR_ESCAPED));
	ck_assert_uint_eq(v.len, 15);

	/* U+0000 is valid JSON but not usable text */
	start("\"a\\u0000b\"");
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert(v.flags & JSON_STR_NUL);
	ck_assert_uint_eq(v.len, 3);
	ck_assert_int_eq(rsg__json_text(&J, &v, "name"), RSG_EPARSE);

	ck_good("\"\"");
	ck_good("\"\x7f\"");
}
END_TEST

START_TEST(test_string_errors)
{
	ck_bad("\"abc", 1, 1, "unterminated string");
	ck_bad("[\"a\\x\"]", 1, 4, "invalid escape");
	ck_bad("[\"a\\u12g4\"]", 1, 4, "4 hex digits");
	ck_bad("\"\\u12\"", 1, 2, "4 hex digits");
	ck_bad("\"xx\\udc00\"", 1, 4, "unpaired UTF-16 low surrogate");
	ck_bad("\"\\ud83d\"", 1, 2, "without a low surrogate");
	ck_bad("\"\\ud83dx\\ude00\"", 1, 2, "without a low surrogate");
	ck_bad("\"\\ud83d\\u0041\"", 1, 2, "without a low surrogate");
	ck_bad("\"\\ud83d\\ud83d\"", 1, 2, "without a low surrogate");
	ck_bad("\"ab\tc\"", 1, 4, "control character 0x09");
	ck_bad("\"a\nb\"", 1, 3, "control character 0x0a");
	ck_bad("\"a\\", 1, 3, "unterminated escape");
	/* overlong, surrogate, out of range, stray continuation, truncated */
	ck_bad("\"\xc0\x80\"", 1, 2, "invalid UTF-8");
	ck_bad("\"x\xe0\x80\xaf\"", 1, 3, "invalid UTF-8");
	ck_bad("\"\xed\xa0\x80\"", 1, 2, "invalid UTF-8");
	ck_bad("\"\xf4\x90\x80\x80\"", 1, 2, "invalid UTF-8");
	ck_bad("\"\xf5\x80\x80\x80\"", 1, 2, "invalid UTF-8");
	ck_bad("\"\x80\"", 1, 2, "invalid UTF-8");
	ck_bad("\"\xe2\x82\"", 1, 2, "invalid UTF-8");
	ck_bad("[\n'a']", 2, 1, "expected a value, got '''");
}
END_TEST

START_TEST(test_long_escaped_string)
{
	size_t n = JSON_SCRATCH + 100;
	char *doc = malloc(n * 2 + 16);
	struct json_val v;
	size_t o = 0;

	ck_assert_ptr_nonnull(doc);
	doc[o++] = '"';
	for (size_t i = 0; i < n; i++) {
		doc[o++] = '\\';
		doc[o++] = 'n';
	}
	doc[o++] = '"';
	doc[o] = '\0';
	start(doc);
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert(v.flags & JSON_STR_LONG);
	ck_assert(!json_is(&v, "\n"));
	ck_assert_int_eq(rsg__json_text(&J, &v, "notes"), RSG_EPARSE);
	/* skipping it is fine */
	ck_good(doc);
	free(doc);
}
END_TEST

START_TEST(test_numbers)
{
	static const struct {
		const char *text;
		int64_t i;
		unsigned flags;
	} ok[] = {
		{ "0", 0, 0 },
		{ "-0", 0, 0 },
		{ "4294967295", 4294967295LL, 0 },
		{ "9223372036854775807", INT64_MAX, 0 },
		{ "-9223372036854775808", INT64_MIN, 0 },
		{ "9223372036854775808", 0, JSON_NUM_RANGE },
		{ "-9223372036854775809", 0, JSON_NUM_RANGE },
		{ "123456789012345678901234567890", 0, JSON_NUM_RANGE },
		{ "1.5", 1, JSON_NUM_FRAC },
		{ "1e3", 1, JSON_NUM_FRAC },
		{ "2E-3", 2, JSON_NUM_FRAC },
		{ "-0.0e+0", 0, JSON_NUM_FRAC },
	};
	struct json_val v;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		start(ok[i].text);
		ck_assert_int_eq(rsg__json_next(&J, &v), 0);
		ck_assert_int_eq(v.type, JSON_NUMBER);
		ck_assert_msg(v.flags == ok[i].flags, "%s: flags %u",
		    ok[i].text, v.flags);
		if (ok[i].flags == 0)
			ck_assert_int_eq(v.i, ok[i].i);
		ck_assert_uint_eq(v.len, strlen(ok[i].text));
		ck_assert_int_eq(rsg__json_finish(&J), 0);
	}
	ck_bad("[01]", 1, 2, "leading zeros");
	ck_bad("-", 1, 2, "expected a digit");
	ck_bad("[1.]", 1, 4, "a digit after '.'");
	ck_bad("1e", 1, 3, "a digit in the exponent");
	ck_bad("1e+", 1, 4, "a digit in the exponent");
	ck_bad("+1", 1, 1, "expected a value");
	ck_bad(".5", 1, 1, "expected a value");
	ck_bad("[1x]", 1, 3, "expected ',' or ']', got 'x'");
	ck_bad("-a", 1, 2, "expected a digit");
}
END_TEST

START_TEST(test_int_accessor)
{
	struct rsg_error e;
	struct json_val v;
	int64_t out = -1;

	memset(&e, 0, sizeof(e));
	rsg__json_init(&J, "n.json", "[24, 1.0]", 9, &e);
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert_int_eq(rsg__json_element(&J), 1);
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert_int_eq(rsg__json_int(&J, &v, 0, 128, "len", &out), 0);
	ck_assert_int_eq(out, 24);
	ck_assert_int_eq(rsg__json_element(&J), 1);
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert_int_eq(
	    rsg__json_int(&J, &v, 0, 128, "len", &out), RSG_EPARSE);
	ck_assert_str_eq(e.message,
	    "n.json:1:6: len: expected an integer, "
	    "got 1.0");
	/* once failed, the parser stays failed */
	ck_assert_int_eq(rsg__json_element(&J), RSG_EPARSE);

	rsg__json_init(&J, "n.json", "300", 3, &e);
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert_int_eq(
	    rsg__json_int(&J, &v, 0, 128, "len", &out), RSG_EPARSE);
	ck_assert_str_eq(
	    e.message, "n.json:1:1: len: 300 is out of range [0, 128]");
	ck_assert_uint_eq(e.line, 1);
	ck_assert_uint_eq(e.column, 1);

	rsg__json_init(&J, "n.json", "99999999999999999999", 20, &e);
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert_int_eq(
	    rsg__json_int(&J, &v, INT64_MIN, INT64_MAX, "big", &out),
	    RSG_EPARSE);
	ck_assert_ptr_nonnull(strstr(e.message, "out of range"));

	rsg__json_init(&J, "n.json", "\"24\"", 4, &e);
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert_int_eq(
	    rsg__json_int(&J, &v, 0, 128, "len", &out), RSG_EPARSE);
	ck_assert_str_eq(
	    e.message, "n.json:1:1: len: expected an integer, got a string");
}
END_TEST

START_TEST(test_structure_errors)
{
	ck_bad("", 1, 1, "expected a value, got end of input");
	ck_bad("  \n ", 2, 2, "expected a value, got end of input");
	ck_bad("{} x", 1, 4, "expected end of input");
	ck_bad("{}{}", 1, 3, "expected end of input");
	ck_bad("[1,]", 1, 4, "trailing comma");
	ck_bad("{\"a\":1,}", 1, 8, "trailing comma");
	ck_bad("{\"a\" 1}", 1, 6, "expected ':'");
	ck_bad("{1:2}", 1, 2, "expected a member name");
	ck_bad("{\"a\":}", 1, 6, "expected a value, got '}'");
	ck_bad("[1 2]", 1, 4, "expected ',' or ']'");
	ck_bad("{\"a\":1 \"b\":2}", 1, 8, "expected ',' or '}'");
	ck_bad("[tru]", 1, 2, "expected a value");
	ck_bad("[nul", 1, 2, "expected a value");
	ck_bad("[1", 1, 3, "expected ',' or ']', got end of input");
	ck_bad("{\"a\":[1,\r\n2}", 2, 2, "expected ',' or ']', got '}'");
	ck_bad("[\xef\xbb\xbf]", 1, 2, "byte 0xef");
	{
		struct rsg_error e;

		ck_assert_int_eq(parse_all("[1]\0", 4, &e), RSG_EPARSE);
		ck_assert_str_eq(e.message,
		    "t.json:1:4: expected end of input "
		    "after the JSON value, got byte 0x00");
	}
	ck_good(" [ ] ");
	ck_good("[[],{},\"\",0,-1,true,false,null]");
	ck_good("{\"a\":{\"b\":[{\"c\":[]}]},\"a\":1}");
}
END_TEST

/*
 * RFC 8259, written from the RFC's grammar: section 2 (any value at the
 * top, the four whitespace bytes), 4 (objects; names SHOULD be unique,
 * so duplicates parse), 5 (arrays), 6 (numbers: no '+', no leading zeros,
 * no bare '.', exponents either case and sign), 7 (strings: the escapes,
 * \u with surrogate pairs, control characters must be escaped) and 8.1
 * (UTF-8 only).
 */
static const char *const rfc8259_accept[] = {
	"{}",
	"[]",
	"\"\"",
	"0",
	"-0",
	"1",
	"-1",
	"0.5",
	"-0.0e0",
	"1e400",
	"1E-2",
	"1e+2",
	"123456789012345678901234567890",
	"true",
	"false",
	"null",
	" \t\r\n[ 1 , 2 ]\r\n ",
	"{\"a\":1,\"a\":2}",
	"{\"\":[{}]}",
	"[[[]],{\"x\":{\"y\":[null,true,false]}}]",
	"\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"",
	"\"\\u0041\\u00e9\\u20AC\\ud834\\udd1e\"",
	"\"\\u0000\"",
	"\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"",
	"\"\x7f\"",
	"[\"a\",\"b\"]",
};

static const char *const rfc8259_reject[] = {
	"",
	"   ",
	"[1,]",
	"[,1]",
	"{\"a\":1,}",
	"{,}",
	"[1 2]",
	"{\"a\" 1}",
	"{\"a\":}",
	"{a:1}",
	"{1:1}",
	"['a']",
	"[01]",
	"[-01]",
	"[+1]",
	"[.5]",
	"[1.]",
	"[1.e2]",
	"[1e]",
	"[1e+]",
	"[-]",
	"[0x10]",
	"[NaN]",
	"[Infinity]",
	"[-Infinity]",
	"[tru]",
	"[nul]",
	"[True]",
	"\"abc",
	"\"\\x41\"",
	"\"\\u12\"",
	"\"\\u12G4\"",
	"\"\\ud800\"",
	"\"\\udc00\\ud800\"",
	"\"\\ud800\\u0041\"",
	"\"\t\"",
	"\"\n\"",
	"\"\x01\"",
	"\"\xc0\xaf\"",
	"\"\xed\xa0\x80\"",
	"\"\xf4\x90\x80\x80\"",
	"\"\xff\"",
	"\"\xe2\x82\"",
	"\xef\xbb\xbf{}",
	"[1]x",
	"[1] [2]",
	"{}}",
	"]",
	"[",
	"{",
	"/* c */ {}",
	"{} // c",
	"[1,\v2]",
	"[\f1]",
};

START_TEST(test_rfc8259_accept)
{
	ck_good(rfc8259_accept[_i]);
}
END_TEST

START_TEST(test_rfc8259_reject)
{
	const char *doc = rfc8259_reject[_i];
	char at[32];
	struct rsg_error e;

	ck_assert_msg(parse_all(doc, strlen(doc), &e) == RSG_EPARSE,
	    "accepted: \"%s\"", doc);
	/* positioned: "t.json:line:col: ..." */
	ck_assert_uint_ge(e.line, 1);
	ck_assert_uint_ge(e.column, 1);
	snprintf(at, sizeof(at), "t.json:%u:%u: ", e.line, e.column);
	ck_assert_msg(
	    strncmp(e.message, at, strlen(at)) == 0, "\"%s\"", e.message);
}
END_TEST

/* prefix, body bytes of fill, suffix (malloc'd; its length in *len). */
static char *
filled(
    const char *prefix, int fill, size_t body, const char *suffix, size_t *len)
{
	size_t np = strlen(prefix), ns = strlen(suffix);
	char *d = malloc(np + body + ns + 1);

	ck_assert_ptr_nonnull(d);
	memcpy(d, prefix, np);
	memset(d + np, fill, body);
	memcpy(d + np + body, suffix, ns + 1);
	*len = np + body + ns;
	return d;
}

/* The same result from the buffer and from a stream (default window). */
static int
parse_two(const char *doc, size_t len, struct rsg_error *e)
{
	struct rsg_error se;
	int rc = parse_buf(doc, len, e);

	ck_assert_int_eq(parse_stream(doc, len, 0, 65536, &se), rc);
	ck_assert_str_eq(se.message, e->message);
	return rc;
}

START_TEST(test_token_cap)
{
	struct rsg_error e;
	size_t len;
	char *d;

	/* a string of JSON_MAX_TOKEN bytes and a number as long pass */
	d = filled("[\"", 'a', JSON_MAX_TOKEN, "\"]", &len);
	ck_assert_int_eq(parse_two(d, len, &e), 0);
	free(d);
	d = filled("[1", '0', JSON_MAX_TOKEN - 1, "]", &len);
	ck_assert_int_eq(parse_two(d, len, &e), 0);
	free(d);

	/* one byte more is an error at the token's start */
	d = filled("\n [\"", 'a', JSON_MAX_TOKEN + 1, "\"]", &len);
	ck_assert_int_eq(parse_two(d, len, &e), RSG_EPARSE);
	ck_assert_str_eq(
	    e.message, "t.json:2:3: string longer than 1048576 bytes");
	free(d);
	d = filled("[\"\\n", 'a', JSON_MAX_TOKEN, "", &len);
	ck_assert_int_eq(parse_two(d, len, &e), RSG_EPARSE);
	ck_assert_str_eq(
	    e.message, "t.json:1:2: string longer than 1048576 bytes");
	free(d);
	d = filled("[-", '1', JSON_MAX_TOKEN, "]", &len);
	ck_assert_int_eq(parse_two(d, len, &e), RSG_EPARSE);
	ck_assert_str_eq(
	    e.message, "t.json:1:2: number longer than 1048576 bytes");
	free(d);
	d = filled("[0.", '1', 4 * JSON_MAX_TOKEN, "", &len);
	ck_assert_int_eq(parse_two(d, len, &e), RSG_EPARSE);
	ck_assert_str_eq(
	    e.message, "t.json:1:2: number longer than 1048576 bytes");
	free(d);
}
END_TEST

/* A stream's memory stays bounded by the cap, whatever the token's size. */
START_TEST(test_token_cap_stream_memory)
{
	struct rsg_error e;
	size_t len, wmax = 0;
	char *d = filled("{\"k\":\"", 'x', 16 * JSON_MAX_TOKEN, "\"}", &len);
	struct memsrc m = { d, len, 65536, 0, 0 };

	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(
	    rsg__json_init_stream(&J, "t.json", mem_read, &m, 0, &e), 0);
	ck_assert_int_eq(rsg__json_skip_value(&J), RSG_EPARSE);
	wmax = J.wcap;
	rsg__json_release(&J);
	ck_assert_str_eq(
	    e.message, "t.json:1:6: string longer than 1048576 bytes");
	ck_assert_uint_le(wmax, 2 * JSON_MAX_TOKEN + JSON_WINDOW);
	/* and it stopped reading soon after the cap */
	ck_assert_uint_le(m.done, 2 * JSON_MAX_TOKEN + JSON_WINDOW);
	free(d);
}
END_TEST

START_TEST(test_depth)
{
	char doc[2 * JSON_MAX_DEPTH + 8];
	struct rsg_error e;
	size_t n = 0;

	for (int i = 0; i < JSON_MAX_DEPTH; i++)
		doc[n++] = '[';
	for (int i = 0; i < JSON_MAX_DEPTH; i++)
		doc[n++] = ']';
	ck_assert_int_eq(parse_all(doc, n, &e), 0);

	n = 0;
	for (int i = 0; i <= JSON_MAX_DEPTH; i++)
		doc[n++] = i % 2 ? '[' : '{';
	ck_assert_int_eq(parse_all(doc, n, &e), RSG_EPARSE);
	/* the first level is an object: {[... has no member name */
	ck_assert_uint_eq(e.column, 2);

	n = 0;
	doc[n++] = '{';
	doc[n++] = '"';
	doc[n++] = '"';
	doc[n++] = ':';
	for (int i = 1; i <= JSON_MAX_DEPTH; i++)
		doc[n++] = '[';
	ck_assert_int_eq(parse_all(doc, n, &e), RSG_EPARSE);
	ck_assert_uint_eq(e.line, 1);
	ck_assert_uint_eq(e.column, 4 + JSON_MAX_DEPTH);
	ck_assert_ptr_nonnull(strstr(e.message, "nesting deeper than 128"));
}
END_TEST

START_TEST(test_skip)
{
	const char *doc = "{\"skip\": {\"x\": [1, {\"y\": \"\\u00e9\"}, []]},"
			  " \"keep\": 7}";
	struct json_val v, k;

	start(doc);
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert_int_eq(rsg__json_member(&J, &k), 1);
	ck_assert(json_is(&k, "skip"));
	ck_assert_int_eq(rsg__json_skip_value(&J), 0);
	ck_assert_int_eq(rsg__json_member(&J, &k), 1);
	ck_assert(json_is(&k, "keep"));
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert_int_eq(v.i, 7);
	ck_assert_int_eq(rsg__json_member(&J, &k), 0);
	ck_assert_int_eq(rsg__json_finish(&J), 0);

	/* rsg__json_skip() after entering a container */
	start("[[1, [2]], 3]");
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert_int_eq(rsg__json_element(&J), 1);
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert_int_eq(v.type, JSON_ARRAY);
	ck_assert_int_eq(rsg__json_skip(&J, &v), 0);
	ck_assert_int_eq(rsg__json_element(&J), 1);
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert_int_eq(v.i, 3);
	ck_assert_int_eq(rsg__json_element(&J), 0);
	ck_assert_int_eq(rsg__json_finish(&J), 0);

	/* skipping validates */
	ck_bad("{\"a\": [1, {\"b\": 01}]}", 1, 17, "leading zeros");
}
END_TEST

START_TEST(test_escaped_keys)
{
	struct json_val v, k;
	char q[8];

	start("{\"\\u0061sn\": 1, \"a\\tb\\u0001\": 2}");
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert_int_eq(rsg__json_member(&J, &k), 1);
	ck_assert(json_is(&k, "asn"));
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert_int_eq(rsg__json_member(&J, &k), 1);
	ck_assert_str_eq(rsg__json_quote(&k, q, sizeof(q)), "a?b?");
	ck_assert_int_eq(rsg__json_skip_value(&J), 0);
	ck_assert_int_eq(rsg__json_member(&J, &k), 0);
}
END_TEST

START_TEST(test_slurp)
{
	struct rsg_error e;
	char *buf;
	size_t len;

	ck_assert_int_eq(
	    rsg__file_slurp(tu_data("rpki/debian-stayrtr_test.rpki.json"), 0,
		&buf, &len, &e),
	    0);
	ck_assert_int_eq(buf[len], '\0');
	ck_assert_uint_eq(len, 3692);
	ck_assert_int_eq(parse_all(buf, len, &e), 0);
	rsg__free(buf);

	ck_assert_int_eq(
	    rsg__file_slurp("/nonexistent/x.json", 0, &buf, &len, &e), RSG_EIO);
	ck_assert_ptr_null(buf);
	ck_assert_str_eq(
	    e.message, "/nonexistent/x.json: No such file or directory");
	ck_assert_int_eq(
	    rsg__file_slurp(tu_data("rpki"), 0, &buf, &len, &e), RSG_EIO);
	ck_assert_ptr_nonnull(
	    strstr(e.message, "a directory, not a regular file: refused"));
	/* a size limit */
	ck_assert_int_eq(
	    rsg__file_slurp(tu_data("rpki/"
				    "debian-stayrtr_test.rpki.json"),
		100, &buf, &len, &e),
	    RSG_EIO);
	ck_assert_ptr_nonnull(strstr(e.message, "File too large"));
}
END_TEST

/* Append a token trace of the next value to out (recursively). */
static void
trace(struct json *j, char *out, size_t cap, size_t *n)
{
	struct json_val v, k;
	int r;

#define OUT(...)                                                               \
	do {                                                                   \
		int w_ = snprintf(out + *n, cap - *n, __VA_ARGS__);            \
		if (w_ > 0 && (size_t)w_ < cap - *n)                           \
			*n += (size_t)w_;                                      \
	} while (0)
	if (rsg__json_next(j, &v) != 0)
		return;
	OUT("%d@%u:%u ", v.type, v.line, v.col);
	if (v.type == JSON_STRING || v.type == JSON_NUMBER)
		OUT("%x/%.*s;", v.flags, (int)(v.len > 64 ? 64 : v.len), v.s);
	if (v.type == JSON_NUMBER)
		OUT("%lld;", (long long)v.i);
	if (v.type == JSON_OBJECT) {
		while ((r = rsg__json_member(j, &k)) > 0) {
			OUT("k%u:%u=%.*s ", k.line, k.col,
			    (int)(k.len > 64 ? 64 : k.len), k.s);
			trace(j, out, cap, n);
		}
	} else if (v.type == JSON_ARRAY) {
		while ((r = rsg__json_element(j)) > 0)
			trace(j, out, cap, n);
	}
#undef OUT
}

static char *
trace_doc(const char *doc, size_t len, size_t window, size_t chunk)
{
	size_t cap = 8 * len + 4096, n = 0;
	char *out = malloc(cap);
	struct memsrc m = { doc, len, chunk, 0, 0 };
	struct rsg_error e;

	ck_assert_ptr_nonnull(out);
	if (window == 0)
		rsg__json_init(&J, "t.json", doc, len, &e);
	else
		ck_assert_int_eq(rsg__json_init_stream(
				     &J, "t.json", mem_read, &m, window, &e),
		    0);
	trace(&J, out, cap, &n);
	(void)rsg__json_finish(&J);
	snprintf(out + n, cap - n, "rc=%d %s", J.rc, J.failed ? e.message : "");
	rsg__json_release(&J);
	return out;
}

START_TEST(test_stream_trace)
{
	static const char *const files[] = {
		"rpki/debian-stayrtr_test.rpki.json",
		"peeringdb/pdb_prod_net_page-1.json",
		"peeringdb/arouteserver_peeringdb_net_3333_10745.json",
		"slurm/rfc8416-example.json",
	};
	static const size_t windows[] = { 1, 4, 13, 4096 };

	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		size_t len;
		char *doc = tu_slurp(tu_data(files[f]), &len);
		char *want;

		ck_assert_ptr_nonnull(doc);
		want = trace_doc(doc, len, 0, 0);
		ck_assert_ptr_nonnull(strstr(want, "rc=0"));
		for (size_t w = 0; w < sizeof(windows) / sizeof(windows[0]);
		     w++) {
			char *got = trace_doc(doc, len, windows[w], 3);

			ck_assert_msg(strcmp(got, want) == 0,
			    "%s: window %zu differs", files[f], windows[w]);
			free(got);
		}
		free(want);
		/* truncated at 40 places: the same errors */
		for (size_t cut = 1; cut < len; cut += len / 40 + 1) {
			char *a = trace_doc(doc, cut, 0, 0);
			char *b = trace_doc(doc, cut, 2, 7);

			ck_assert_msg(strcmp(a, b) == 0, "%s cut at %zu: %s",
			    files[f], cut, b + strlen(b) - 60);
			free(a);
			free(b);
		}
		free(doc);
	}
}
END_TEST

START_TEST(test_stream_io)
{
	const char *doc = "{\"a\": [1, 2, 3], \"b\": \"xyz\"}";
	struct memsrc m = { doc, strlen(doc), 4, 10, 0 };
	struct rsg_error e;
	struct json_val v;

	/* a read error is RSG_EIO, and stays */
	ck_assert_int_eq(
	    rsg__json_init_stream(&J, "io.json", mem_read, &m, 8, &e), 0);
	ck_assert_int_eq(rsg__json_skip_value(&J), RSG_EIO);
	ck_assert_int_eq(e.code, RSG_EIO);
	ck_assert_str_eq(e.message, "io.json: read error: Input/output error");
	ck_assert_int_eq(rsg__json_next(&J, &v), RSG_EIO);
	ck_assert_int_eq(rsg__json_finish(&J), RSG_EIO);
	rsg__json_release(&J);
	rsg__json_release(&J);

	/* peek: the first non-blank byte, not consumed */
	m = (struct memsrc){ " \n\t {}", 6, 1, 0, 0 };
	ck_assert_int_eq(
	    rsg__json_init_stream(&J, "p.json", mem_read, &m, 1, &e), 0);
	ck_assert_int_eq(rsg__json_peek(&J), '{');
	ck_assert_int_eq(rsg__json_next(&J, &v), 0);
	ck_assert_uint_eq(v.line, 2);
	ck_assert_uint_eq(v.col, 3);
	ck_assert_int_eq(rsg__json_skip(&J, &v), 0);
	ck_assert_int_eq(rsg__json_peek(&J), -1);
	ck_assert_int_eq(rsg__json_finish(&J), 0);
	rsg__json_release(&J);

	/* a string far longer than the window grows it */
	{
		size_t n = 100000;
		char *big = malloc(n + 3);

		ck_assert_ptr_nonnull(big);
		big[0] = '"';
		memset(big + 1, 'x', n);
		big[n + 1] = '"';
		big[n + 2] = '\0';
		m = (struct memsrc){ big, n + 2, 1000, 0, 0 };
		ck_assert_int_eq(
		    rsg__json_init_stream(&J, "g.json", mem_read, &m, 16, &e),
		    0);
		ck_assert_int_eq(rsg__json_next(&J, &v), 0);
		ck_assert_uint_eq(v.len, n);
		ck_assert(v.s[0] == 'x' && v.s[n - 1] == 'x');
		ck_assert_int_eq(rsg__json_finish(&J), 0);
		ck_assert_uint_ge(J.wcap, n + 2);
		rsg__json_release(&J);
		free(big);
	}
}
END_TEST

Suite *
json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("json");
	TCase *stream = tcase_create("json_stream");

	tcase_add_test(tc, test_walk_positions);
	tcase_add_test(tc, test_strings);
	tcase_add_test(tc, test_string_errors);
	tcase_add_test(tc, test_long_escaped_string);
	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_int_accessor);
	tcase_add_test(tc, test_structure_errors);
	tcase_add_test(tc, test_depth);
	tcase_add_loop_test(tc, test_rfc8259_accept, 0,
	    (int)(sizeof(rfc8259_accept) / sizeof(rfc8259_accept[0])));
	tcase_add_loop_test(tc, test_rfc8259_reject, 0,
	    (int)(sizeof(rfc8259_reject) / sizeof(rfc8259_reject[0])));
	tcase_add_test(tc, test_token_cap);
	tcase_add_test(tc, test_token_cap_stream_memory);
	tcase_add_test(tc, test_skip);
	tcase_add_test(tc, test_escaped_keys);
	tcase_add_test(tc, test_slurp);
	tcase_add_test(tc, test_stream_io);
	suite_add_tcase(s, tc);

	/* whole files byte by byte: slow under sanitizers and valgrind */
	tcase_set_timeout(stream, 120);
	tcase_add_test(stream, test_stream_trace);
	suite_add_tcase(s, stream);
	return s;
}
