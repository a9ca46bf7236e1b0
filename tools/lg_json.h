/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rsguard lg: the JSON it answers with, written into a growing buffer
 * that the HTTP side drains as it goes (a route at a time).
 */
#ifndef RSG_LG_JSON_H
#define RSG_LG_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rsguard.h>

#include "lg_bird.h"

struct lg_out {
	char *p;
	size_t len, cap;
	bool oom;
};

void lg_out_free(struct lg_out *o);
void lg_out_puts(struct lg_out *o, const char *s);
void lg_out_printf(struct lg_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* n bytes of s. */
void lg_out_mem(struct lg_out *o, const char *s, size_t n);
/* A string literal, its length known when compiled. */
#define lg_out_lit(o, s) lg_out_mem((o), "" s, sizeof(s) - 1)
/* A number. */
void lg_out_u32(struct lg_out *o, uint32_t v);
/* A JSON string, quoted and escaped. */
void lg_out_str(struct lg_out *o, const char *s);
/* Drop the first n bytes (drained). */
void lg_out_drain(struct lg_out *o, size_t n);

/* The envelope's head: {"api": {...}, "cached_at": ..., "ttl": ..., ;
 * the caller writes its key and value and closes it with "}". */
void lg_json_envelope(struct lg_out *o, unsigned ttl_s, bool birdseye);

/* "YYYY-MM-DD HH:MM:SS" of a BIRD time ("2026-09-30 12:00:07.123"),
 * as Alice's servertime_short with the time reads it. */
void lg_json_time(char *buf, size_t cap, const char *bird);

/*
 * One route, birdwatcher's object (Alice 6.2's types: as_path, local_pref,
 * med and otc as strings, communities as numbers, ext_communities as three
 * strings), learnt_from the session's neighbor address. reasons: a JSON
 * array to add as "x_rs_reasons" (NULL: none).
 */
void lg_json_route(struct lg_out *o, const struct lg_route *r,
    const char *neighbor, const char *reasons);

/* A protocol of `show protocols all`, birdwatcher's object. */
void lg_json_protocol(struct lg_out *o, const struct lg_protocol *p);

/* The texts of the reasons with Euro-IX code `code` (RS:1101:code),
 * joined by "; " into buf; 0 if no reason has that code. */
size_t lg_code_text(unsigned code, char *buf, size_t cap);
/* A protocol's channels' counts added up. */
void lg_protocol_sum(const struct lg_protocol *p, struct lg_channel *sum);
/* The reasons of a verdict: [{"reason", "code", "community", "mode",
 * "text", "fix"}, ...] (the verdict JSON's), or "[]". */
void lg_json_reasons(
    struct lg_out *o, const struct rsg_verdict *v, const struct rsg_route *r);

#endif /* RSG_LG_JSON_H */
