/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Text buffers with snprintf semantics. Invariant: while pos < len,
 * buf[0..pos) holds the text and buf[pos] is NUL; once pos >= len the
 * buffer holds the first len - 1 bytes and its NUL, and only pos grows.
 */
#include "config.h"

#include "sbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
rsg__sbuf_init(struct sbuf *sb, char *buf, size_t len)
{
	sb->buf = buf;
	sb->len = buf != NULL ? len : 0;
	sb->pos = 0;
	if (sb->len > 0)
		buf[0] = '\0';
}

void
rsg__sbuf_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	if (sb->pos < sb->len)
		n = vsnprintf(sb->buf + sb->pos, sb->len - sb->pos, fmt, ap);
	else
		n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		sb->pos += (size_t)n;
}

/* Append n bytes of s. */
static void
sbuf_put(struct sbuf *sb, const char *s, size_t n)
{
	if (sb->pos + 1 < sb->len) {
		size_t room = sb->len - sb->pos - 1;
		size_t k = n < room ? n : room;

		memcpy(sb->buf + sb->pos, s, k);
		sb->buf[sb->pos + k] = '\0';
	}
	sb->pos += n;
}

void
rsg__sbuf_puts(struct sbuf *sb, const char *s)
{
	sbuf_put(sb, s, strlen(s));
}

void
rsg__sbuf_json_string(struct sbuf *sb, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const char *run = s;

	sbuf_put(sb, "\"", 1);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
		size_t n = 6;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		sbuf_put(sb, run, (size_t)(s - run));
		run = s + 1;
		switch (c) {
		case '"':
		case '\\':
			esc[1] = (char)c;
			n = 2;
			break;
		case '\n':
			esc[1] = 'n';
			n = 2;
			break;
		case '\r':
			esc[1] = 'r';
			n = 2;
			break;
		case '\t':
			esc[1] = 't';
			n = 2;
			break;
		default:
			break;
		}
		sbuf_put(sb, esc, n);
	}
	sbuf_put(sb, run, (size_t)(s - run));
	sbuf_put(sb, "\"", 1);
}

char *
rsg__sbuf_tail(struct sbuf *sb, size_t *cap)
{
	if (sb->pos >= sb->len) {
		*cap = 0;
		return NULL;
	}
	*cap = sb->len - sb->pos;
	return sb->buf + sb->pos;
}

void
rsg__sbuf_advance(struct sbuf *sb, size_t n)
{
	sb->pos += n;
}
