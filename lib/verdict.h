/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The layout rule of struct rsg_verdict, shared by rsg_check() and the
 * encoder: the caller says how large its verdict is (v->size), and the
 * library never reads or writes past it.
 */
#ifndef RSG_VERDICT_H
#define RSG_VERDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "rsguard.h"

/* Euro-IX large community "functions" (the middle number). */
#define LC_RPKI_INFO  1000u /* RS:1000:x RPKI state */
#define LC_IRR_INFO   1001u /* RS:1001:x IRR state, next hop info */
#define LC_ASPA_INFO  1002u /* RS:1002:x ASPA state (rsguard-local) */
#define LC_FILTERED   1101u /* RS:1101:x filtered, reason x */
#define LC_CANDIDATE  1102u /* RS:1102:x would be filtered (tag mode) */
#define LC_SAME_AS_NH 1200u /* RS:1001:1200 next hop of the same AS */

/*
 * Bytes of the first version of struct rsg_verdict: up to the end of its
 * last field, communities[]. Fields are only ever appended after it
 * (rsguard/types.h), so this stays the size of version 1.
 */
#define RSG__VERDICT_V1_SIZE                                                   \
	(offsetof(struct rsg_verdict, communities)                             \
	    + sizeof(((const struct rsg_verdict *)0)->communities))

/* ... and of version 2: up to the end of scrub_large[]. */
#define RSG__VERDICT_V2_SIZE                                                   \
	(offsetof(struct rsg_verdict, scrub_large)                             \
	    + sizeof(((const struct rsg_verdict *)0)->scrub_large))

/*
 * A caller's verdict of at least RSG__VERDICT_V1_SIZE bytes is valid; one
 * smaller than this library's is computed aside and handed back up to
 * its size (rsg_check()), and the encoders read the fields of a later
 * version only from a verdict that has them.
 */
static inline bool
verdict_size_ok(const struct rsg_verdict *v)
{
	return v->size >= RSG__VERDICT_V1_SIZE;
}

static inline bool
verdict_v2(const struct rsg_verdict *v)
{
	return v->size >= RSG__VERDICT_V2_SIZE && v->version >= 2;
}

static inline bool
verdict_v3(const struct rsg_verdict *v)
{
	return v->size >= sizeof(struct rsg_verdict) && v->version >= 3;
}

/* The AS-SETs of an IRR-invalid verdict, or "". */
static inline const char *
verdict_as_set(const struct rsg_verdict *v)
{
	if (!verdict_v3(v) || v->irr != RSG_IRR_INVALID
	    || memchr(v->irr_as_set, '\0', sizeof(v->irr_as_set)) == NULL)
		return "";
	return v->irr_as_set;
}

static inline unsigned
verdict_nstd(const struct rsg_verdict *v)
{
	return v->n_std_communities < RSG_VERDICT_MAX_STD ? v->n_std_communities
							  : RSG_VERDICT_MAX_STD;
}

static inline unsigned
verdict_next(const struct rsg_verdict *v)
{
	return v->n_ext_communities < RSG_VERDICT_MAX_EXT ? v->n_ext_communities
							  : RSG_VERDICT_MAX_EXT;
}

static inline unsigned
verdict_nscrub(uint16_t n)
{
	return n < RSG_VERDICT_MAX_SCRUB ? n : RSG_VERDICT_MAX_SCRUB;
}

/* The counts of a verdict, clamped to its arrays: a damaged verdict
 * handed to the explainer or the encoder is never read out of bounds. */
static inline unsigned
verdict_ndetails(const struct rsg_verdict *v)
{
	return v->n_details < RSG_VERDICT_MAX_DETAILS ? v->n_details
						      : RSG_VERDICT_MAX_DETAILS;
}

static inline unsigned
verdict_nvrps(const struct rsg_verdict *v)
{
	return v->n_vrps < RSG_VERDICT_MAX_VRPS ? v->n_vrps
						: RSG_VERDICT_MAX_VRPS;
}

static inline unsigned
verdict_ncommunities(const struct rsg_verdict *v)
{
	return v->n_communities < RSG_VERDICT_MAX_COMMUNITIES
	    ? v->n_communities
	    : RSG_VERDICT_MAX_COMMUNITIES;
}

#endif /* RSG_VERDICT_H */
