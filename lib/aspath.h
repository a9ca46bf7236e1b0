/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * AS_PATH in its wire form (RFC 4271 §4.3 with 4-octet ASNs, RFC 6793):
 * a sequence of segments, each <type:1><count:1><count big-endian u32>.
 * This is what BIRD keeps in bgp_path, so hosts pass it without copying.
 */
#ifndef RSG_ASPATH_H
#define RSG_ASPATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rsguard.h"

static inline uint32_t
get_u32be(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8
	    | p[3];
}

static inline void
put_u32be(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/*
 * The segment header at off: a known type, at least one ASN, all of them
 * inside the attribute. Returns 0 with *type and *n, or -1 with *bad set
 * to the offending byte offset.
 */
static inline int
rsg__path_segment(const uint8_t *p, size_t len, size_t off, unsigned *type,
    unsigned *n, size_t *bad)
{
	if (len - off < 2) {
		*bad = off;
		return -1;
	}
	*type = p[off];
	*n = p[off + 1];
	if (*type < RSG_SEG_SET || *type > RSG_SEG_CONFED_SET || *n == 0) {
		*bad = off;
		return -1;
	}
	if (len - off - 2 < (size_t)*n * 4) {
		*bad = off + 1;
		return -1;
	}
	return 0;
}

/*
 * Check the segment structure: known types, no empty segment, no
 * truncation. Returns 0, or -1 with *bad set to the offending byte offset.
 */
int rsg__path_check(const uint8_t *p, size_t len, size_t *bad);

/* Number of ASNs in a well-formed path (all segment types). */
size_t rsg__path_count(const uint8_t *p, size_t len);

/* The RFC 4271 / RFC 5065 name of a segment type; "unknown" if none. */
static inline const char *
rsg__seg_name(unsigned type)
{
	switch (type) {
	case RSG_SEG_SET:
		return "AS_SET";
	case RSG_SEG_SEQUENCE:
		return "AS_SEQUENCE";
	case RSG_SEG_CONFED_SEQUENCE:
		return "AS_CONFED_SEQUENCE";
	case RSG_SEG_CONFED_SET:
		return "AS_CONFED_SET";
	default:
		return "unknown";
	}
}

#endif /* RSG_ASPATH_H */
