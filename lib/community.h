/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * arouteserver's BGP community functions (general.communities): each a
 * standard ("x:x"), extended ("rt:x:x", "ro:x:x") and large ("x:x:x")
 * community, any of them optional, with the macros rs_as (anywhere),
 * peer_as and dyn_val (in the last part, where the function takes one).
 *
 * The configuration keeps the text's meaning (struct comm_def); the
 * snapshot holds them compiled with rs_as filled in (struct comm_pat):
 * a value and a mask per form, so a route's community matches a function
 * when (c & mask) == value, and the masked part is the function's value
 * (the peer ASN or dyn_val).
 */
#ifndef RSG_COMMUNITY_H
#define RSG_COMMUNITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rsguard.h"

/* What a function's community does, and where it is scrubbed. */
enum {
	CF_IN = 1u << 0,   /* scrubbed from inbound routes */
	CF_OUT = 1u << 1,  /* scrubbed from outbound routes */
	CF_PEER = 1u << 2, /* peer_as in the last part */
	CF_DYN = 1u << 3,  /* dyn_val in the last part */
	CF_NOOP = 1u << 4, /* accepted, not used by rsguard (warned) */
};

/* XX(NAME, key, flags) */
#define COMMF_MAP(XX)                                                          \
	XX(PREFIX_IN_AS_SET, "prefix_present_in_as_set", CF_IN)                \
	XX(PREFIX_NOT_IN_AS_SET, "prefix_not_present_in_as_set", CF_IN)        \
	XX(ORIGIN_IN_AS_SET, "origin_present_in_as_set", CF_IN)                \
	XX(ORIGIN_NOT_IN_AS_SET, "origin_not_present_in_as_set", CF_IN)        \
	XX(VIA_ROAS, "prefix_validated_via_rpki_roas", CF_IN)                  \
	XX(VIA_ARIN, "prefix_validated_via_arin_whois_db_dump", CF_IN)         \
	XX(VIA_REGISTROBR, "prefix_validated_via_registrobr_whois_db_dump",    \
	    CF_IN | CF_NOOP)                                                   \
	XX(VIA_WHITE_LIST, "route_validated_via_white_list", CF_IN)            \
	XX(ROV_NOT_PERFORMED, "rpki_bgp_origin_validation_not_performed",      \
	    CF_IN)                                                             \
	XX(ROV_VALID, "rpki_bgp_origin_validation_valid", CF_IN | CF_OUT)      \
	XX(ROV_UNKNOWN, "rpki_bgp_origin_validation_unknown", CF_IN | CF_OUT)  \
	XX(ROV_INVALID, "rpki_bgp_origin_validation_invalid", CF_IN | CF_OUT)  \
	XX(BLACKHOLING, "blackholing", CF_OUT)                                 \
	XX(NOT_TO_ANY, "do_not_announce_to_any", CF_OUT)                       \
	XX(NOT_TO_PEER, "do_not_announce_to_peer", CF_OUT | CF_PEER)           \
	XX(TO_PEER, "announce_to_peer", CF_OUT | CF_PEER)                      \
	XX(NOT_TO_RTT_LT, "do_not_announce_to_peers_with_rtt_lower_than",      \
	    CF_OUT | CF_DYN)                                                   \
	XX(NOT_TO_RTT_GT, "do_not_announce_to_peers_with_rtt_higher_than",     \
	    CF_OUT | CF_DYN)                                                   \
	XX(TO_RTT_LT, "announce_to_peers_with_rtt_lower_than",                 \
	    CF_OUT | CF_DYN)                                                   \
	XX(TO_RTT_GT, "announce_to_peers_with_rtt_higher_than",                \
	    CF_OUT | CF_DYN)                                                   \
	XX(PREPEND1_ANY, "prepend_once_to_any", CF_OUT)                        \
	XX(PREPEND2_ANY, "prepend_twice_to_any", CF_OUT)                       \
	XX(PREPEND3_ANY, "prepend_thrice_to_any", CF_OUT)                      \
	XX(PREPEND1_PEER, "prepend_once_to_peer", CF_OUT | CF_PEER)            \
	XX(PREPEND2_PEER, "prepend_twice_to_peer", CF_OUT | CF_PEER)           \
	XX(PREPEND3_PEER, "prepend_thrice_to_peer", CF_OUT | CF_PEER)          \
	XX(PREPEND1_RTT_LT, "prepend_once_to_peers_with_rtt_lower_than",       \
	    CF_OUT | CF_DYN)                                                   \
	XX(PREPEND2_RTT_LT, "prepend_twice_to_peers_with_rtt_lower_than",      \
	    CF_OUT | CF_DYN)                                                   \
	XX(PREPEND3_RTT_LT, "prepend_thrice_to_peers_with_rtt_lower_than",     \
	    CF_OUT | CF_DYN)                                                   \
	XX(PREPEND1_RTT_GT, "prepend_once_to_peers_with_rtt_higher_than",      \
	    CF_OUT | CF_DYN)                                                   \
	XX(PREPEND2_RTT_GT, "prepend_twice_to_peers_with_rtt_higher_than",     \
	    CF_OUT | CF_DYN)                                                   \
	XX(PREPEND3_RTT_GT, "prepend_thrice_to_peers_with_rtt_higher_than",    \
	    CF_OUT | CF_DYN)                                                   \
	XX(NOEXPORT_ANY, "add_noexport_to_any", CF_OUT)                        \
	XX(NOADVERTISE_ANY, "add_noadvertise_to_any", CF_OUT)                  \
	XX(NOEXPORT_PEER, "add_noexport_to_peer", CF_OUT | CF_PEER)            \
	XX(NOADVERTISE_PEER, "add_noadvertise_to_peer", CF_OUT | CF_PEER)      \
	XX(REJECT_CAUSE, "reject_cause", CF_IN | CF_DYN)                       \
	XX(ANNOUNCED_BY, "rejected_route_announced_by", CF_IN | CF_DYN)

enum commf {
#define COMMF_ENUM(name, key, flags) COMMF_##name,
	COMMF_MAP(COMMF_ENUM)
#undef COMMF_ENUM
	    COMMF_COUNT
};

enum comm_form { FORM_STD = 0, FORM_EXT = 1, FORM_LRG = 2, FORM_COUNT };

enum comm_part { CP_LIT = 0, CP_RS_AS, CP_PEER_AS, CP_DYN_VAL };

/* One form of a function as configured. */
struct comm_def {
	bool set;
	uint8_t ext_sub;  /* extended: 0x02 rt (route target), 0x03 ro */
	uint8_t kind[3];  /* enum comm_part per part */
	uint32_t part[3]; /* literal values (CP_LIT) */
	unsigned line;
};

/* A function, or a custom community, or a reject_cause_map entry: its
 * three forms. */
struct comm_set {
	struct comm_def form[FORM_COUNT];
};

/* A compiled form: rs_as filled in. std: v[0]; ext: v[0] hi, v[1] lo;
 * large: v[0..2]. m: the fixed bits; the rest is the function's value. */
struct comm_pat {
	bool set;
	bool wild;       /* the last part is peer_as or dyn_val */
	uint8_t pad_[2]; /* no padding: patterns are compared as bytes */
	uint32_t v[3];
	uint32_t m[3];
};

struct comm_cset {
	struct comm_pat form[FORM_COUNT];
	uint32_t forms; /* bit f: form f is set (a quick "none") */
};

extern const struct comm_fn_info {
	const char *key;
	unsigned flags;
} rsg__commf[COMMF_COUNT];

/* The function of a key; COMMF_COUNT if none. */
enum commf rsg__commf_find(const char *key);

/*
 * Parse one form's text ("rs_as:666", "rt:65500:peer_as", ...). flags:
 * the function's CF_PEER/CF_DYN (0 for custom and mapped communities).
 * On error returns -1 with a message in err.
 */
int rsg__comm_def_parse(enum comm_form form, const char *text, unsigned flags,
    struct comm_def *out, char *err, size_t errlen);

/* Compile with rs_as; -1 with a message if a part does not fit. */
int rsg__comm_compile(const struct comm_def *d, enum comm_form form,
    uint32_t rs_as, struct comm_pat *out, char *err, size_t errlen);

/* Whether a route's community matches; *val gets the wild part. */
bool rsg__comm_match_std(const struct comm_pat *p, uint32_t c, uint32_t *val);
bool rsg__comm_match_ext(
    const struct comm_pat *p, const struct rsg_ec *c, uint32_t *val);
bool rsg__comm_match_lrg(
    const struct comm_pat *p, const struct rsg_lc *c, uint32_t *val);

/* The community of a pattern with its wild part set to val; false if val
 * does not fit. Inline: the check adds a few per route. */
static inline bool
rsg__comm_make_std(const struct comm_pat *p, uint32_t val, uint32_t *out)
{
	if (!p->set || (p->wild && (val & p->m[0]) != 0))
		return false;
	*out = p->v[0] | (p->wild ? val : 0);
	return true;
}

static inline bool
rsg__comm_make_ext(const struct comm_pat *p, uint32_t val, struct rsg_ec *out)
{
	if (!p->set || (p->wild && (val & p->m[1]) != 0))
		return false;
	out->hi = p->v[0];
	out->lo = p->v[1] | (p->wild ? val : 0);
	return true;
}

static inline bool
rsg__comm_make_lrg(const struct comm_pat *p, uint32_t val, struct rsg_lc *out)
{
	if (!p->set)
		return false;
	out->asn = p->v[0];
	out->data1 = p->v[1];
	out->data2 = p->wild ? val : p->v[2];
	return true;
}

/* Well-known communities (RFC 1997, RFC 7999). */
#define COMM_BLACKHOLE    0xffff029au
#define COMM_NO_EXPORT    0xffffff01u
#define COMM_NO_ADVERTISE 0xffffff02u

#endif /* RSG_COMMUNITY_H */
