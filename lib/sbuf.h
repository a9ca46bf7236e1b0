/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Text into a caller's buffer with snprintf semantics: what does not fit
 * is cut, the text stays NUL-terminated, and the would-be length keeps
 * counting, so a function built on it returns the length the full text
 * needs (rsg_explain, rsg_verdict_json). Nothing is allocated.
 */
#ifndef RSG_SBUF_H
#define RSG_SBUF_H

#include <stddef.h>

#include "util.h"

struct sbuf {
	char *buf;
	size_t len; /* capacity of buf, with the NUL */
	size_t pos; /* would-be length so far */
};

/* Start writing into buf[0..len); buf may be NULL if len is 0. */
void rsg__sbuf_init(struct sbuf *sb, char *buf, size_t len);

/* Append formatted text. */
void rsg__sbuf_printf(struct sbuf *sb, const char *fmt, ...) RSG_PRINTF(2, 3);

/* Append a string as it is. */
void rsg__sbuf_puts(struct sbuf *sb, const char *s);

/*
 * Append s as a JSON string (RFC 8259 §7): quoted, with '"', '\\' and
 * control characters escaped; other bytes are copied as they are.
 */
void rsg__sbuf_json_string(struct sbuf *sb, const char *s);

/*
 * For a function that writes with snprintf semantics itself: *cap gets
 * the room left (0 once the buffer is full) and the return value where
 * to write (NULL if no room). Then rsg__sbuf_advance() with the length
 * that function returned.
 */
char *rsg__sbuf_tail(struct sbuf *sb, size_t *cap);
void rsg__sbuf_advance(struct sbuf *sb, size_t n);

#endif /* RSG_SBUF_H */
