/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Value types of the hot path: addresses, prefixes, routes and verdicts.
 * These structures are part of the ABI; they only ever grow at the end of
 * a new major version, except struct rsg_verdict, which carries its size
 * and grows at its end (see there).
 */
#ifndef RSGUARD_TYPES_H
#define RSGUARD_TYPES_H

#include <stddef.h>
#include <stdint.h>

/** Address families (IANA AFI numbers). */
enum rsg_afi {
	RSG_AFI_NONE = 0,
	RSG_AFI_IPV4 = 1,
	RSG_AFI_IPV6 = 2,
};

/**
 * An IPv4 or IPv6 address in host byte order. addr[0] holds the most
 * significant 32 bits (the layout of BIRD's ip6_addr and rtrlib's
 * lrtr_ip_addr); an IPv4 address lives in addr[0] with addr[1..3] zero.
 */
struct rsg_ip {
	uint32_t addr[4];
	uint8_t afi; /**< enum rsg_afi; RSG_AFI_NONE means "not given" */
	uint8_t reserved_[3];
};

/** A prefix: address (host bits zero) and length. */
struct rsg_prefix {
	struct rsg_ip ip;
	uint8_t len;
	uint8_t reserved_[3];
};

/** An extended community, RFC 4360: high and low 32-bit words. */
struct rsg_ec {
	uint32_t hi;
	uint32_t lo;
};

/** A large community, RFC 8092. */
struct rsg_lc {
	uint32_t asn;
	uint32_t data1;
	uint32_t data2;
};

/** AS_PATH segment types, as on the wire (RFC 4271, RFC 5065). */
enum rsg_seg_type {
	RSG_SEG_SET = 1,
	RSG_SEG_SEQUENCE = 2,
	RSG_SEG_CONFED_SEQUENCE = 3,
	RSG_SEG_CONFED_SET = 4,
};

/** Route flags (struct rsg_route.flags). */
enum rsg_route_flag {
	RSG_ROUTE_OTC =
	    1u << 0, /**< the Only-to-Customer attribute is present */
};

/**
 * A route as received from a route-server client. Everything is borrowed
 * from the caller for the duration of one call.
 *
 * as_path is the AS_PATH attribute value in the 4-octet encoding of
 * RFC 6793 (segment type, ASN count, big-endian ASNs), which is how BIRD
 * stores bgp_path: a host passes its attribute bytes without copying.
 * rsg_path_from_text() builds it from text.
 */
struct rsg_route {
	struct rsg_prefix prefix;
	struct rsg_ip next_hop; /**< RSG_AFI_NONE skips the next-hop check */
	struct rsg_ip peer_ip;  /**< session address of the client */
	uint32_t peer_asn;      /**< ASN of the client session */
	uint32_t flags;         /**< enum rsg_route_flag */
	uint32_t otc;           /**< OTC value if RSG_ROUTE_OTC */
	const uint8_t *as_path;
	size_t as_path_len;          /**< bytes */
	const uint32_t *communities; /**< RFC 1997: (asn << 16) | value */
	size_t n_communities;
	const struct rsg_ec *ext_communities;
	size_t n_ext_communities;
	const struct rsg_lc *large_communities;
	size_t n_large_communities;
};

/** RPKI route origin validation state, RFC 6811. */
enum rsg_rov {
	RSG_ROV_NOT_CHECKED = 0,
	RSG_ROV_NOTFOUND = 1,
	RSG_ROV_VALID = 2,
	RSG_ROV_INVALID = 3,
};

/** ASPA path verification state (draft-ietf-sidrops-aspa-verification-27). */
enum rsg_aspa {
	RSG_ASPA_NOT_CHECKED = 0,
	RSG_ASPA_UNKNOWN = 1,
	RSG_ASPA_VALID = 2,
	RSG_ASPA_INVALID = 3,
};

/** IRR state. Filled by the IRR module; NOT_CHECKED until it runs. */
enum rsg_irr {
	RSG_IRR_NOT_CHECKED = 0,
	RSG_IRR_VALID = 1,
	RSG_IRR_INVALID = 2,
	RSG_IRR_EMPTY = 3,
};

/**
 * RSG_REASON_MAP(XX): every check that can fail, once.
 * XX(NAME, euro-ix code, arouteserver reject code, key, text)
 *   euro-ix code:       x in RS:1101:x; codes >= 50 are rsguard-local
 *                       (documented in README and rsguard(1)).
 *   arouteserver code:  reject_cause value; 0 = none.
 *   key:                stable name used in config files and JSON output.
 * The enum value of a reason is its position here and never changes.
 */
#define RSG_REASON_MAP(XX)                                                     \
	XX(PREFIX_TOO_LONG, 1, 13, "prefix_too_long",                          \
	    "prefix longer than allowed")                                      \
	XX(PREFIX_TOO_SHORT, 2, 13, "prefix_too_short",                        \
	    "prefix shorter than allowed")                                     \
	XX(BOGON_PREFIX, 3, 2, "bogon_prefix", "bogon prefix")                 \
	XX(BOGON_ASN, 4, 7, "bogon_asn", "bogon ASN in AS_PATH")               \
	XX(PATH_TOO_LONG, 5, 1, "as_path_too_long", "AS_PATH too long")        \
	XX(PATH_TOO_SHORT, 6, 1, "as_path_too_short", "AS_PATH empty")         \
	XX(FIRST_AS, 7, 6, "first_as_not_peer_as",                             \
	    "first AS is not the peer AS")                                     \
	XX(NEXT_HOP, 8, 5, "next_hop_not_peer_ip",                             \
	    "NEXT_HOP is not the peer IP")                                     \
	XX(IRR_PREFIX, 9, 12, "irr_prefix_not_in_as_set",                      \
	    "prefix not in the client's IRR data")                             \
	XX(IRR_ORIGIN, 10, 9, "irr_origin_not_in_as_set",                      \
	    "origin AS not in the client's AS-SET")                            \
	XX(PREFIX_NOT_IN_ORIGIN, 11, 0, "prefix_not_in_origin_as",             \
	    "prefix not registered for the origin AS")                         \
	XX(RPKI_UNKNOWN, 12, 0, "rpki_unknown", "RPKI not found")              \
	XX(RPKI_INVALID, 13, 14, "rpki_invalid", "RPKI invalid")               \
	XX(TRANSIT_FREE, 14, 8, "transit_free_asn",                            \
	    "transit-free ASN in AS_PATH")                                     \
	XX(TOO_MANY_COMMUNITIES, 15, 0, "too_many_communities",                \
	    "too many communities")                                            \
	XX(DEFAULT_ROUTE, 3, 2, "default_route", "default route")              \
	XX(NOT_GLOBAL_UNICAST, 3, 10, "ipv6_not_global_unicast",               \
	    "IPv6 prefix outside 2000::/3")                                    \
	XX(OTC_LEAK, 50, 0, "otc_leak", "route leak: OTC set by a client")     \
	XX(AS_SET, 60, 0, "as_set_in_path",                                    \
	    "AS_SET or confederation in AS_PATH")                              \
	XX(ASPA_INVALID, 61, 0, "aspa_invalid", "ASPA invalid")                \
	XX(NEVER_VIA_RS, 62, 15, "never_via_route_servers",                    \
	    "never-via-route-servers ASN in AS_PATH")                          \
	XX(PEERING_LAN, 63, 3, "peering_lan", "IXP peering LAN prefix")        \
	XX(GLOBAL_BLACKLIST, 64, 3, "global_blacklist",                        \
	    "prefix in the global blacklist")                                  \
	XX(CLIENT_BLACKLIST, 65, 11, "client_blacklist",                       \
	    "prefix in the client's blacklist")                                \
	XX(AFI, 66, 4, "afi_mismatch", "address family not enabled")           \
	XX(BLACKHOLE_UNAUTH, 67, 0, "blackhole_unauthorized",                  \
	    "unauthorized blackhole request")                                  \
	XX(MALFORMED, 68, 0, "malformed_route", "malformed route")

/** Failing checks; bit positions in struct rsg_verdict.reasons. */
enum rsg_reason {
#define RSG__REASON_ENUM(name, eix, ars, key, text) RSG_R_##name,
	RSG_REASON_MAP(RSG__REASON_ENUM)
#undef RSG__REASON_ENUM
	    RSG_R_COUNT
};

/** What a failing check does to the route (per reason, per client). */
enum rsg_mode {
	RSG_MODE_OFF = 0,    /**< check not performed */
	RSG_MODE_TAG = 1,    /**< reported and tagged, route still accepted */
	RSG_MODE_REJECT = 2, /**< route is filtered */
};

/** The verdict's action, derived from the reasons and the reject policy. */
enum rsg_action {
	RSG_ACCEPT = 0, /**< accept (possibly with informational tags) */
	RSG_REJECT = 1, /**< drop the route (policy "reject") */
	RSG_TAG = 2,    /**< keep and tag, but never export (policy "tag") */
	RSG_TAG_AND_REJECT =
	    3, /**< tag, then reject: BIRD "import keep filtered" */
};

/** Verdict flags. */
enum rsg_verdict_flag {
	RSG_VF_GSHUT = 1u << 0, /**< GRACEFUL_SHUTDOWN 65535:0, honour it */
	RSG_VF_UNKNOWN_CLIENT = 1u << 1, /**< no client matches peer IP/ASN */
	RSG_VF_SAME_AS_NEXT_HOP = 1u
	    << 2, /**< NEXT_HOP of another router of the client AS */
	RSG_VF_SCRUB = 1u
	    << 3, /**< carries RS-namespace large communities; delete (RS,*,*) */
	RSG_VF_TRANSPARENT_RS = 1u
	    << 4, /**< client is a transparent route server */
	RSG_VF_ROV_STALE = 1u
	    << 5, /**< RPKI data withdrawn for its age: ROV not checked */
	RSG_VF_ROV_NOT_READY = 1u
	    << 6, /**< a VRP source has not completed its first load: ROV
		   *   not checked */
	RSG_VF_ASPA_STALE = 1u
	    << 7, /**< ASPA data withdrawn for its age: not checked */
	RSG_VF_ASPA_NOT_READY = 1u
	    << 8, /**< an ASPA source has not completed its first load */
	RSG_VF_SCRUB_MORE = 1u
	    << 9, /**< more communities to scrub than the scrub lists hold:
		   *   delete every community of an RS-owned function */
};

/** Blackhole filtering (RFC 7999): what the route server does with a
 * blackhole request (struct rsg_verdict.blackhole). */
enum rsg_blackhole {
	RSG_BLACKHOLE_NONE = 0, /**< not a blackhole request, or no policy */
	RSG_BLACKHOLE_PROPAGATE = 1, /**< propagate-unchanged */
	RSG_BLACKHOLE_REWRITE_NEXT_HOP =
	    2, /**< rewrite-next-hop: announce with blackhole_next_hop */
};

/** A Validated ROA Payload. */
struct rsg_vrp {
	struct rsg_prefix prefix;
	uint32_t asn;
	uint8_t max_len;
	uint8_t reserved_[3];
};

/**
 * Details of one failing check, enough to explain it in plain words.
 * Fields that do not apply to the reason are zero.
 */
struct rsg_detail {
	uint16_t reason; /**< enum rsg_reason */
	uint8_t mode;    /**< enum rsg_mode: TAG or REJECT */
	uint8_t reserved_;
	uint32_t asn;   /**< offending ASN / first AS / ASPA customer */
	uint32_t asn2;  /**< expected ASN / ASPA provider */
	uint32_t value; /**< observed: length, count, position */
	uint32_t limit; /**< the bound that was exceeded */
	struct rsg_prefix prefix; /**< matched list entry (bogon, LAN, ...) */
	struct rsg_ip ip;         /**< offending address (next hop) */
};

/**
 * What an RSG_R_MALFORMED detail found malformed: the detail's value.
 * The route is then rejected whatever the configuration says (fail
 * closed) and rsg_check() returns the error code named below. A
 * malformed route is a bug in the host (BGP daemons discard malformed
 * attributes on receipt, RFC 7606), so the detail keeps what was given.
 */
enum rsg_malformed {
	/** RSG_EBADPREFIX; the detail's prefix is the route's, as given */
	RSG_MALFORMED_PREFIX = 1,
	/** RSG_EBADPATH; the detail's limit is the byte offset of the first
	 * bad segment */
	RSG_MALFORMED_AS_PATH = 2,
	/** RSG_EBADADDR: peer_ip missing, malformed or v4-mapped; the
	 * detail's ip is the peer_ip given */
	RSG_MALFORMED_PEER_IP = 3,
	/** RSG_EBADADDR: next_hop malformed; the detail's ip is the
	 * next_hop given */
	RSG_MALFORMED_NEXT_HOP = 4,
};

#define RSG_VERDICT_MAX_DETAILS     32
#define RSG_VERDICT_MAX_VRPS        8
#define RSG_VERDICT_MAX_COMMUNITIES 64
#define RSG_VERDICT_MAX_STD         32
#define RSG_VERDICT_MAX_EXT         32
#define RSG_VERDICT_MAX_SCRUB       32

/** Bytes of rsg_verdict.irr_as_set. */
#define RSG_VERDICT_AS_SET_LEN 96

/** Layout version of struct rsg_verdict written by this library: 2 added
 * the blackhole policy, standard and extended communities to add and the
 * scrub lists; 3 the AS-SETs of an IRR-invalid route. */
#define RSG_VERDICT_VERSION 3

/**
 * The result of rsg_check(). Caller-owned storage; the caller sets size
 * (RSG_VERDICT_INIT or rsg_verdict_init()), rsg_check() writes every
 * other field it documents, so the rest need not be zeroed. Arrays are
 * valid up to their n_* count.
 *
 * Growth rule: new fields are only ever appended at the end, and the
 * library reads and writes at most size bytes, so a host built against an
 * older header keeps working with a newer library (it sees the fields it
 * knows), and a newer host with an older library finds version telling
 * which fields were written. Fields are never removed, reordered or
 * resized; version is raised when fields are appended.
 */
struct rsg_verdict {
	/** Set by the caller to sizeof(struct rsg_verdict) before calling
	 * rsg_check(); never changed by the library, so a verdict reused for
	 * many routes is initialised once. */
	uint32_t size;
	uint32_t version;    /**< written by rsg_check(): RSG_VERDICT_VERSION */
	uint64_t generation; /**< snapshot the verdict was computed from */
	uint64_t reasons[2]; /**< bit r set: reason r failed (TAG or REJECT) */
	uint8_t action;      /**< enum rsg_action */
	uint8_t rov;         /**< enum rsg_rov */
	uint8_t aspa;        /**< enum rsg_aspa */
	uint8_t irr;         /**< enum rsg_irr */
	uint32_t flags;      /**< enum rsg_verdict_flag */
	uint32_t client_asn; /**< client the route was checked for */
	uint32_t origin_asn; /**< 0 if none (empty path, AS_SET at the end) */
	/** The route server AS of the large communities (RS in RS:1101:x);
	 * 0 if none is configured: then no communities are added. */
	uint32_t rs_as;
	uint16_t path_len; /**< AS_PATH length as BGP counts it */
	uint16_t n_details;
	uint16_t n_vrps;       /**< covering VRPs stored in vrps[] */
	uint16_t n_vrps_total; /**< covering VRPs in the table */
	uint16_t n_communities;
	uint16_t reserved_;
	struct rsg_detail details[RSG_VERDICT_MAX_DETAILS];
	struct rsg_vrp vrps[RSG_VERDICT_MAX_VRPS]; /**< matching VRPs first */
	struct rsg_lc communities[RSG_VERDICT_MAX_COMMUNITIES]; /**< to add */
	/* version 2 */
	/** enum rsg_blackhole: a blackhole request and its policy. The
	 * route's prefix may be as long as /32 or /128, ROV was not performed,
	 * and whether to announce it to a client is rsg_export()'s answer. */
	uint8_t blackhole;
	uint8_t reserved2_[3];
	/** RSG_BLACKHOLE_REWRITE_NEXT_HOP: the NEXT_HOP to announce */
	struct rsg_ip blackhole_next_hop;
	uint16_t n_std_communities; /**< standard communities to add */
	uint16_t n_ext_communities; /**< extended communities to add */
	uint16_t n_scrub_std;       /**< the route's communities to delete */
	uint16_t n_scrub_ext;
	uint16_t n_scrub_large;
	uint16_t reserved3_;
	uint32_t std_communities[RSG_VERDICT_MAX_STD];
	struct rsg_ec ext_communities[RSG_VERDICT_MAX_EXT];
	/** Inbound scrubbing: the route's own communities of every function
	 * the route server owns (any form) and its large communities in the
	 * RS namespace, to delete before the route is stored. */
	uint32_t scrub_std[RSG_VERDICT_MAX_SCRUB];
	struct rsg_ec scrub_ext[RSG_VERDICT_MAX_SCRUB];
	struct rsg_lc scrub_large[RSG_VERDICT_MAX_SCRUB];
	/* version 3 */
	/** irr is RSG_IRR_INVALID: the client's AS-SETs the route was
	 * checked against, as configured or from PeeringDB ("AS-FOO
	 * RIPE::AS-BAR"; "AS64496" for a client without one), cut to fit;
	 * otherwise "". Always NUL-terminated. */
	char irr_as_set[RSG_VERDICT_AS_SET_LEN];
};

/**
 * What to do with a route when it is announced to one client: the
 * answer of rsg_export(). Caller-owned; the caller sets size.
 */
struct rsg_export {
	uint32_t size;     /**< set by the caller: sizeof(struct rsg_export) */
	uint8_t announce;  /**< 1: announce the route to this client */
	uint8_t prepend;   /**< prepend the announcing client's ASN (0-3) */
	uint8_t no_export; /**< add NO_EXPORT (65535:65281) */
	uint8_t no_advertise; /**< add NO_ADVERTISE (65535:65282) */
	uint8_t blackhole;    /**< enum rsg_blackhole of the route */
	uint8_t reserved_[3];
	/** a blackhole with rewrite-next-hop: the NEXT_HOP to announce */
	struct rsg_ip next_hop;
	uint16_t n_scrub_std; /**< the route's communities to delete */
	uint16_t n_scrub_ext;
	uint16_t n_scrub_large;
	uint16_t more; /**< 1: more to delete than the lists hold */
	/** Outbound scrubbing: the route's control communities (announce,
	 * prepend, NO_EXPORT requests, blackholing), RPKI state tags. */
	uint32_t scrub_std[RSG_VERDICT_MAX_SCRUB];
	struct rsg_ec scrub_ext[RSG_VERDICT_MAX_SCRUB];
	struct rsg_lc scrub_large[RSG_VERDICT_MAX_SCRUB];
};

/**
 * Initialiser of a verdict: size set, everything else zero.
 *	struct rsg_verdict v = RSG_VERDICT_INIT;
 * C++ has no designated initialisers before C++20, so there every member
 * is listed (a -Wextra clean form).
 */
/* clang-format off */
#ifdef __cplusplus
#define RSG_VERDICT_INIT { (uint32_t)sizeof(struct rsg_verdict), 0, 0, {}, \
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, {}, {}, {}, \
	0, {}, {}, 0, 0, 0, 0, 0, 0, {}, {}, {}, {}, {}, {} }
#else
#define RSG_VERDICT_INIT { .size = (uint32_t)sizeof(struct rsg_verdict) }
#endif
/* clang-format on */

#endif /* RSGUARD_TYPES_H */
