/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * librsguard: MANRS route-server checks, RPKI ROV and ASPA for IXP route
 * servers. This is the only header users include.
 *
 * The model: a context (struct rsg_ctx) owns an immutable snapshot of all
 * validation data (VRPs, ASPAs, bogons, clients, policy). rsg_check()
 * reads the current snapshot without locking, allocating or blocking and
 * returns every failing check with the large communities that carry it.
 * New data is built aside and published with one atomic pointer swap.
 *
 * Conventions for every function below:
 *  - Fallible calls return 0 or a negative RSG_E* code (rsguard/errors.h).
 *  - Ownership: whoever calls *_new owns the object and calls *_free;
 *    pointer arguments are borrowed for the duration of the call.
 *  - Thread-safety: "caller thread" means the thread that owns the object;
 *    calls documented as "any thread" may run concurrently.
 */
#ifndef RSGUARD_H
#define RSGUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rsguard/errors.h"
#include "rsguard/types.h"
#include "rsguard/version.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(RSG_BUILDING) && defined(__GNUC__)
#define RSG_EXPORT __attribute__((visibility("default")))
#else
#define RSG_EXPORT
#endif

struct rsg_config;
struct rsg_ctx;

/* ------------------------------------------------------------------ */
/* Library                                                             */
/* ------------------------------------------------------------------ */

/**
 * @brief Version string of the library actually loaded, e.g. "0.1.0".
 * Thread-safety: any thread.
 */
RSG_EXPORT const char *rsg_version(void);

/**
 * @brief Message for an error code ("out of memory").
 * @return a static string; unknown codes give "unknown error".
 * Thread-safety: any thread.
 */
RSG_EXPORT const char *rsg_strerror(int err);

/**
 * @brief Symbolic name for an error code ("RSG_ENOMEM").
 * Thread-safety: any thread.
 */
RSG_EXPORT const char *rsg_err_name(int err);

/**
 * @brief Replace the allocator used for everything the library allocates.
 *
 * Must be called before any other call that allocates, or after every
 * object has been freed. All four functions are required.
 * @return 0, or RSG_EINVAL if a function is NULL.
 * Thread-safety: not thread-safe; call once at start-up.
 */
RSG_EXPORT int rsg_set_allocator(void *(*malloc_fn)(size_t),
    void *(*realloc_fn)(void *, size_t), void *(*calloc_fn)(size_t, size_t),
    void (*free_fn)(void *));

/**
 * @brief Free memory the library handed out (none in this version's API
 * returns heap memory except where documented).
 * Thread-safety: any thread.
 */
RSG_EXPORT void rsg_free(void *p);

/** Log levels for rsg_log_cb. */
enum rsg_log_level {
	RSG_LOG_ERROR = 0,
	RSG_LOG_WARNING = 1,
	RSG_LOG_INFO = 2,
	RSG_LOG_DEBUG = 3,
};

/**
 * Diagnostics callback. @p msg names its source and position
 * ("vrps.json:17:5: expected ..."). It is called on the thread that made
 * the library call that produced the message, never from rsg_check().
 */
typedef void (*rsg_log_cb)(
    void *arg, enum rsg_log_level level, const char *msg);

/** A parse error: where, and what was expected. */
struct rsg_error {
	int code;          /**< RSG_E* */
	unsigned line;     /**< 1-based; 0 if not applicable */
	unsigned column;   /**< 1-based byte column; 0 if not applicable */
	char message[256]; /**< complete message, with source and position */
};

/* ------------------------------------------------------------------ */
/* Addresses, prefixes, paths, communities                             */
/* ------------------------------------------------------------------ */

/**
 * @brief Parse "192.0.2.1" or "2001:db8::1".
 * @return 0 or RSG_EPARSE. Thread-safety: any thread.
 */
RSG_EXPORT int rsg_ip_parse(const char *text, struct rsg_ip *out);

/**
 * @brief Parse "192.0.2.0/24". Host bits must be zero.
 * @return 0 or RSG_EPARSE. Thread-safety: any thread.
 */
RSG_EXPORT int rsg_prefix_parse(const char *text, struct rsg_prefix *out);

/** Longest text rsg_ip_format()/rsg_prefix_format() produce, with NUL. */
#define RSG_PREFIX_STRLEN 48

/**
 * @brief Format an address; "-" for RSG_AFI_NONE.
 * @return the length of the text (excluding NUL), as snprintf.
 * Thread-safety: any thread.
 */
RSG_EXPORT size_t rsg_ip_format(const struct rsg_ip *ip, char *buf, size_t len);

/** @brief Format a prefix ("192.0.2.0/24"); as rsg_ip_format(). */
RSG_EXPORT size_t rsg_prefix_format(
    const struct rsg_prefix *p, char *buf, size_t len);

/*
 * Constructors from the binary forms a BGP daemon holds. struct rsg_ip is
 * easy to fill wrongly by hand (byte order, word order, the family, an
 * IPv4 address left v4-mapped), and rsg_check() then blames the route;
 * these calls make the conversion explicit. For BIRD:
 *
 *	ip4_addr a            rsg_ip_from_v4(ip4_to_u32(a), &ip)
 *	ip6_addr a            rsg_ip_from_v6(a.addr, &ip)
 *	ip_addr a (either)    rsg_ip_from_mapped(a.addr, &ip)
 *	net_addr_ip4 *n       rsg_prefix_from_v4(ip4_to_u32(n->prefix),
 *	                          n->pxlen, &p)
 *	net_addr_ip6 *n       rsg_prefix_from_v6(n->prefix.addr, n->pxlen, &p)
 *
 * Each one writes all of *out (reserved bytes zero), also when it fails:
 * then *out is the empty value (RSG_AFI_NONE), which rsg_check() refuses,
 * so an unchecked error still fails closed.
 */

/**
 * @brief An IPv4 address from a 32-bit word in host byte order
 * (192.0.2.1 is 0xc0000201).
 * @param[out] out  the address
 * @return 0, or RSG_EINVAL if @p out is NULL.
 * Ownership: nothing is kept. Thread-safety: any thread.
 */
RSG_EXPORT int rsg_ip_from_v4(uint32_t addr, struct rsg_ip *out);

/**
 * @brief An IPv6 address from four 32-bit words in host byte order, most
 * significant first (BIRD's ip6_addr, rtrlib's lrtr_ipv6_addr).
 *
 * A v4-mapped address (::ffff:0:0/96) is refused: it is how a dual-stack
 * address type holds IPv4, and taking it as IPv6 would make an IPv4
 * session look like an IPv6 one. Use rsg_ip_from_mapped() for such types.
 * @param[in]  addr  four words
 * @param[out] out   the address
 * @return 0; RSG_EBADADDR for a v4-mapped address; RSG_EINVAL if a
 *   pointer is NULL.
 * Ownership: @p addr is read during the call. Thread-safety: any thread.
 */
RSG_EXPORT int rsg_ip_from_v6(const uint32_t addr[4], struct rsg_ip *out);

/**
 * @brief An IPv6 address from 16 bytes in network byte order (struct
 * in6_addr's s6_addr); as rsg_ip_from_v6(), v4-mapped refused.
 * @return 0, RSG_EBADADDR or RSG_EINVAL.
 * Ownership: @p addr is read during the call. Thread-safety: any thread.
 */
RSG_EXPORT int rsg_ip_from_v6_bytes(const uint8_t addr[16], struct rsg_ip *out);

/**
 * @brief An address from a dual-stack address type that holds IPv4 as
 * v4-mapped IPv6 (BIRD's ip_addr): ::ffff:a.b.c.d becomes the IPv4
 * address a.b.c.d, anything else the IPv6 address. Words as in
 * rsg_ip_from_v6().
 * @return 0, or RSG_EINVAL if a pointer is NULL.
 * Ownership: @p addr is read during the call. Thread-safety: any thread.
 */
RSG_EXPORT int rsg_ip_from_mapped(const uint32_t addr[4], struct rsg_ip *out);

/**
 * @brief An IPv4 prefix from its address (host byte order) and length.
 *
 * The prefix must be canonical: @p len at most 32 and no bit set after
 * the first @p len (192.0.2.1/24 is refused, not corrected: a host that
 * passes it has a bug worth seeing).
 * @return 0; RSG_EBADPREFIX if the length or the host bits are wrong;
 *   RSG_EINVAL if @p out is NULL.
 * Ownership: nothing is kept. Thread-safety: any thread.
 */
RSG_EXPORT int rsg_prefix_from_v4(
    uint32_t addr, unsigned len, struct rsg_prefix *out);

/**
 * @brief An IPv6 prefix from four host-order words (as rsg_ip_from_v6())
 * and its length, at most 128, host bits zero.
 *
 * v4-mapped prefixes (inside ::ffff:0:0/96) are accepted: they are IPv6
 * routes a peer can send, and rsg_check() judges them as bogons.
 * @return 0, RSG_EBADPREFIX or RSG_EINVAL.
 * Ownership: @p addr is read during the call. Thread-safety: any thread.
 */
RSG_EXPORT int rsg_prefix_from_v6(
    const uint32_t addr[4], unsigned len, struct rsg_prefix *out);

/**
 * @brief As rsg_prefix_from_v6(), from 16 bytes in network byte order.
 * @return 0, RSG_EBADPREFIX or RSG_EINVAL.
 * Ownership: @p addr is read during the call. Thread-safety: any thread.
 */
RSG_EXPORT int rsg_prefix_from_v6_bytes(
    const uint8_t addr[16], unsigned len, struct rsg_prefix *out);

/**
 * @brief Encode an AS_PATH from text into the wire form of struct rsg_route.
 *
 * Text: ASNs separated by spaces ("64500 64501"), optionally "AS64500";
 * {a,b} is an AS_SET, (a b) an AS_CONFED_SEQUENCE, [a,b] an AS_CONFED_SET
 * (the notation of bgpdump -m). An empty string is an empty path.
 * @param[out] buf   receives the attribute bytes
 * @param[out] used  bytes written
 * @param[out] err   position and reason on failure; may be NULL
 * @return 0, RSG_EPARSE, or RSG_ENOSPC if @p cap is too small.
 * Thread-safety: any thread.
 */
RSG_EXPORT int rsg_path_from_text(const char *text, uint8_t *buf, size_t cap,
    size_t *used, struct rsg_error *err);

/**
 * @brief Format a wire AS_PATH as text (inverse of rsg_path_from_text()).
 * @return the text length, as snprintf; (size_t)-1 if the path is malformed.
 */
RSG_EXPORT size_t rsg_path_format(
    const uint8_t *path, size_t path_len, char *buf, size_t len);

/**
 * @brief Parse communities: "65535:0 64500:1" (standard),
 * "64500:1:2" (large) or "rt:64500:1" / "ro:..." / "0x0002:..." (extended)
 * separated by spaces or commas; each kind goes to its own array.
 * Any output array may be NULL with cap 0 if that kind is not expected.
 * @return 0, RSG_EPARSE (@p err says where) or RSG_ENOSPC.
 * Thread-safety: any thread.
 */
RSG_EXPORT int rsg_communities_parse(const char *text, uint32_t *std,
    size_t std_cap, size_t *n_std, struct rsg_ec *ext, size_t ext_cap,
    size_t *n_ext, struct rsg_lc *lrg, size_t lrg_cap, size_t *n_lrg,
    struct rsg_error *err);

/**
 * @brief Parse one line of `bgpdump -m` output into a route.
 *
 * TABLE_DUMP2 (B) and BGP4MP announcement (A) lines are routes; the peer
 * IP and ASN become the session of the client. Arrays of @p out point
 * into @p buf (2 KiB suffices for ordinary routes; 64 KiB for anything).
 * @return 0; RSG_ENOENT for lines that are not announcements (withdrawals,
 *   state changes); RSG_EPARSE with @p err naming the field and column;
 *   RSG_ENOSPC if @p buf is too small.
 * Thread-safety: any thread.
 */
RSG_EXPORT int rsg_route_parse_bgpdump(const char *line, size_t len,
    struct rsg_route *out, void *buf, size_t buflen, struct rsg_error *err);

/* ------------------------------------------------------------------ */
/* Reasons                                                             */
/* ------------------------------------------------------------------ */

/** @brief Stable key of a reason ("rpki_invalid"); NULL if out of range. */
RSG_EXPORT const char *rsg_reason_key(enum rsg_reason r);
/**
 * @brief Stable keys of a verdict's states, as rsg_verdict_json() writes
 * them: the action ("accept", "reject", "tag", "tag_and_reject"), ROV
 * ("valid", "invalid", "not-found", "not-checked"), ASPA ("valid",
 * "invalid", "unknown", "not-checked") and IRR ("valid", "invalid",
 * "empty", "not-checked"). An action out of range is "unknown".
 */
RSG_EXPORT const char *rsg_action_key(unsigned action);
RSG_EXPORT const char *rsg_rov_key(unsigned rov);
RSG_EXPORT const char *rsg_aspa_key(unsigned aspa);
RSG_EXPORT const char *rsg_irr_key(unsigned irr);
/** @brief Short description ("RPKI invalid"); NULL if out of range. */
RSG_EXPORT const char *rsg_reason_text(enum rsg_reason r);
/** @brief x of the RS:1101:x community (>= 50: rsguard-local code). */
RSG_EXPORT unsigned rsg_reason_eix(enum rsg_reason r);
/** @brief arouteserver reject_cause code, 0 if it has none. */
RSG_EXPORT unsigned rsg_reason_ars(enum rsg_reason r);
/** @brief Reason for a key; -1 if unknown. */
RSG_EXPORT int rsg_reason_from_key(const char *key);

/** @brief True if the verdict records reason @p r. */
static inline bool
rsg_verdict_has(const struct rsg_verdict *v, enum rsg_reason r)
{
	return (v->reasons[(unsigned)r / 64] >> ((unsigned)r % 64)) & 1;
}

/* ------------------------------------------------------------------ */
/* Configuration                                                       */
/* ------------------------------------------------------------------ */

/**
 * @brief Create an empty configuration (all defaults, no clients).
 * Ownership: the caller frees it with rsg_config_free().
 * @return 0 or RSG_ENOMEM. Thread-safety: any thread.
 */
RSG_EXPORT int rsg_config_new(struct rsg_config **out);

/**
 * @brief Read a YAML configuration file (rsguard.yml(5); arouteserver's
 * general.yml "cfg:", clients.yml "clients:"/"asns:" and bogons.yml
 * "bogons:" keys are accepted).
 *
 * Every problem is recorded with file:line:column, not only the first;
 * nothing of a file with errors is applied. Relative paths in the file are
 * resolved against the file's directory. A line "!include FILE" is
 * replaced by that file's text, as arouteserver's loader does, and
 * messages about its lines name FILE. A clients_from_euroix section reads
 * its IX-F member export here too.
 * @return 0; RSG_ECONFIG if errors were recorded (see
 *   rsg_config_error()); RSG_EIO if the file cannot be read (also
 *   recorded as an error); RSG_EINVAL for NULL arguments; RSG_ENOMEM.
 * Thread-safety: caller thread.
 */
RSG_EXPORT int rsg_config_load_file(struct rsg_config *cfg, const char *path);

/**
 * @brief As rsg_config_load_file(), from memory; @p name is used in
 * messages and relative paths are kept as given (relative to the working
 * directory of the process that reads them).
 */
RSG_EXPORT int rsg_config_load_string(
    struct rsg_config *cfg, const char *yaml, size_t len, const char *name);

/** @brief Number of errors recorded by the last load. */
RSG_EXPORT size_t rsg_config_error_count(const struct rsg_config *cfg);
/** @brief Error @p i ("file:line:col: message"); NULL if out of range. */
RSG_EXPORT const char *rsg_config_error(const struct rsg_config *cfg, size_t i);
/** @brief Number of warnings (ignored keys, suspicious values). */
RSG_EXPORT size_t rsg_config_warning_count(const struct rsg_config *cfg);
/** @brief Warning @p i; NULL if out of range. */
RSG_EXPORT const char *rsg_config_warning(
    const struct rsg_config *cfg, size_t i);

/** Formats of rsg_config_keys(). */
enum rsg_keys_format {
	RSG_KEYS_TEXT = 0, /**< one key a line, then its type and doc */
	RSG_KEYS_MAN = 1,  /**< roff, the KEYS list of rsguard.yml(5) */
};

/**
 * @brief Every configuration key rsguard knows, from the table the loader
 * reads the file with: its path (cfg.filtering.next_hop.policy), type and
 * bounds, where it may be given (general, client), its default, whether
 * it is arouteserver's (and used, or accepted with a warning) or
 * rsguard's own, and a line of documentation.
 * Ownership: *out is the caller's, freed with rsg_free().
 * @return 0, RSG_EINVAL (bad format or NULL), RSG_ENOMEM.
 * Thread-safety: any thread.
 */
RSG_EXPORT int rsg_config_keys(int format, char **out);

/**
 * @brief The effective policy of the general level and of each client of
 * a loaded configuration, one setting a line, each with where its value
 * came from: "default", "general" (the cfg section) or "client" (the
 * client's cfg). Text for people (rsguard config check --explain), not a
 * stable format.
 * Ownership: *out is the caller's, freed with rsg_free().
 * @return 0, RSG_EINVAL, RSG_ENOMEM. Thread-safety: caller thread.
 */
RSG_EXPORT int rsg_config_explain(const struct rsg_config *cfg, char **out);

/**
 * @brief Set the diagnostics callback: later loads report every error and
 * warning through it, and contexts made from @p cfg log their data loads.
 * Ownership: @p arg must stay valid until every such context is freed.
 */
RSG_EXPORT void rsg_config_set_log(
    struct rsg_config *cfg, rsg_log_cb cb, void *arg);

/**
 * @brief Evaluate time-dependent data (VRP expiry, staleness limits) as of
 * @p unix_time instead of the current time: for offline analysis of old
 * dumps. 0 restores "now".
 */
RSG_EXPORT void rsg_config_set_as_of(struct rsg_config *cfg, int64_t unix_time);

/** The looking_glass section, for rsguard lg (rsguard.yml(5)). */
struct rsg_lg_config {
	uint32_t size; /**< set by the caller: sizeof(*this) */
	uint16_t port; /**< TCP port */
	uint16_t reserved_;
	char address[64];      /**< listen address, "127.0.0.1" by default */
	char bird_socket[256]; /**< BIRD's restricted CLI socket */
	uint32_t ttl;          /**< seconds an answer may be cached */
	uint32_t bird_connections; /**< BIRD commands at once */
	uint32_t rate_limit;       /**< requests a minute per address, 0: off */
	uint32_t max_routes;       /**< routes in one answer */
	uint32_t timeout;          /**< seconds of BIRD's silence allowed */
	uint32_t connections;      /**< HTTP connections at once */
	uint32_t rs_as;            /**< general.rs_as (0: none) */
};

/**
 * @brief The looking_glass settings of a configuration, defaults filled
 * in. @return 0, or RSG_EINVAL (NULL, or out->size too small).
 */
RSG_EXPORT int rsg_config_lg(
    const struct rsg_config *cfg, struct rsg_lg_config *out);

/** Data source kinds for rsg_config_add_source(). */
enum rsg_source {
	RSG_SOURCE_VRPS = 1,  /**< rpki-client JSON or CSV VRPs (ASPAs too) */
	RSG_SOURCE_ASPA = 2,  /**< ASPA JSON */
	RSG_SOURCE_SLURM = 3, /**< RFC 8416 local exceptions */
	RSG_SOURCE_PEERINGDB = 4, /**< PeeringDB /api/net JSON */
	RSG_SOURCE_BOGONS_V4 = 5, /**< IPv4 bogon list (replaces built-in) */
	RSG_SOURCE_BOGONS_V6 = 6, /**< IPv6 bogon list (replaces built-in) */
	RSG_SOURCE_RTR = 7,       /**< an RTR cache (status and changes only) */
	RSG_SOURCE_CONFIG = 8,    /**< the configuration file (likewise) */
	RSG_SOURCE_IRR = 9,       /**< IRR objects as RPSL (a dump, a file) */
	RSG_SOURCE_ARIN_WHOIS = 10, /**< ARIN bulk whois originas JSON */
	RSG_SOURCE_BGPQ4 = 11,      /**< bgpq4 -j prefix and ASN lists */
};

/**
 * @brief Add a data source file after (or instead of) loading a file.
 *
 * With @p replace the sources of that kind from the file are dropped
 * first. PeeringDB and bogon sources hold one file: adding replaces it.
 * Settings made here survive rsg_ctx_new()'s copy and apply to every
 * later load of @p cfg.
 * @return 0, RSG_EINVAL or RSG_ENOMEM. Thread-safety: caller thread.
 */
RSG_EXPORT int rsg_config_add_source(struct rsg_config *cfg,
    enum rsg_source kind, const char *path, bool replace);

/** @brief Free a configuration; NULL-safe. */
RSG_EXPORT void rsg_config_free(struct rsg_config *cfg);

/* ------------------------------------------------------------------ */
/* Context                                                             */
/* ------------------------------------------------------------------ */

/**
 * @brief Create a context from a configuration. The configuration is
 * copied; @p cfg may be freed afterwards. No data is loaded yet.
 * Ownership: the caller frees the context with rsg_ctx_free().
 * @return 0, RSG_EINVAL (cfg has errors) or RSG_ENOMEM.
 * Thread-safety: any thread.
 */
RSG_EXPORT int rsg_ctx_new(const struct rsg_config *cfg, struct rsg_ctx **out);

/**
 * The host's answer for a blackhole request (RFC 7999 section 3.3): does
 * the client of @p peer_ip and @p peer_asn announce, in the route
 * server's own table, a route whose prefix covers @p prefix (equal or
 * shorter)? Return nonzero for yes. Called from rsg_check() on the
 * checking thread: it must not block, and must not call into rsguard.
 */
typedef int (*rsg_announced_cb)(void *arg, const struct rsg_ip *peer_ip,
    uint32_t peer_asn, const struct rsg_prefix *prefix);

/**
 * @brief Let blackhole requests be authorised by the client's own
 * announced space, besides a VRP of the origin AS (and, later, IRR route
 * objects). NULL removes the callback.
 * @return 0, or RSG_EINVAL if @p ctx is NULL.
 * Thread-safety: before the first rsg_check() on @p ctx (not while
 * checks run).
 */
RSG_EXPORT int rsg_ctx_set_announced_cb(
    struct rsg_ctx *ctx, rsg_announced_cb cb, void *arg);

/**
 * @brief Read every configured data source now and publish a snapshot.
 *
 * Without a worker (offline tools, tests, hosts that reload on their own
 * schedule). Every table is complete when it is published. On error
 * nothing is published: the previous snapshot (if any) stays in service
 * and rsg_ctx_errmsg() names the source and position. The change record
 * of the publication compares it with the snapshot it replaces.
 * @return 0, RSG_EIO, RSG_EPARSE, RSG_ESTALE, RSG_EEMPTY, RSG_ENOMEM, or
 *   RSG_EBUSY while the worker runs.
 * Thread-safety: any thread (control call); readers keep checking.
 */
RSG_EXPORT int rsg_ctx_load(struct rsg_ctx *ctx);

/**
 * @brief The message of the last failed control call on @p ctx, or "".
 * Thread-safety: any thread; the text is overwritten by the next failed
 * call (copy it if several threads make control calls).
 */
RSG_EXPORT const char *rsg_ctx_errmsg(const struct rsg_ctx *ctx);

/**
 * @brief Stop the worker, then free the context, its snapshots and its
 * history; NULL-safe. It must be the last call on @p ctx: no other call
 * may run or start. Cursors still held are detached: only
 * rsg_cursor_free() may be called on them.
 */
RSG_EXPORT void rsg_ctx_free(struct rsg_ctx *ctx);

/** Whether a table's checks run (rsg_ctx_table_status(), rsg_stats). */
enum rsg_table_state {
	RSG_TABLE_OFF = 0,       /**< no source of that kind configured */
	RSG_TABLE_READY = 1,     /**< every source loaded: checks run */
	RSG_TABLE_NOT_READY = 2, /**< a source has not completed its first
				  *   load: checks report "not checked" */
	RSG_TABLE_STALE = 3,     /**< a source's data was withdrawn for its
				  *   age: checks report "not checked" */
};

/** Counters of the current snapshot (rsg_ctx_stats()). */
struct rsg_stats {
	uint64_t generation;  /**< 0 before the first publication */
	int64_t published_at; /**< unix time of the publication */
	uint64_t vrps_ipv4;
	uint64_t vrps_ipv6;
	uint64_t aspas; /**< customer ASes with an ASPA */
	uint64_t clients;
	uint64_t bogons_ipv4;
	uint64_t bogons_ipv6;
	uint64_t never_via_rs;   /**< ASNs */
	uint64_t snapshot_bytes; /**< memory held by the snapshot */
	uint64_t vrp_bytes;      /**< of which the ROV tables */
	uint64_t build_usec;     /**< time to build the snapshot */
	int64_t rpki_buildtime;  /**< oldest VRP source build time, 0 unknown */
	uint64_t publications;   /**< snapshots published by this context */
	uint64_t publish_usec;   /**< the last swap, grace period and free */
	uint32_t rov_state;      /**< enum rsg_table_state */
	uint32_t aspa_state;     /**< enum rsg_table_state */
	uint64_t reserved_[5];
};

/**
 * @brief Counters of the current snapshot.
 * @return 0 or RSG_ENODATA before the first publication.
 * Thread-safety: any thread.
 */
RSG_EXPORT int rsg_ctx_stats(const struct rsg_ctx *ctx, struct rsg_stats *st);

/**
 * @brief Register the calling thread as a reader. Optional: a thread's
 * first rsg_check() registers it, but registration allocates once, so
 * hosts that must never allocate on the hot path call this at thread
 * start. Thread-safety: any thread, for itself.
 */
RSG_EXPORT void rsg_thread_register(void);
/** @brief Unregister the calling thread (before it exits). */
RSG_EXPORT void rsg_thread_unregister(void);

/** What the BGP daemon does when a client exceeds its max-prefix limit. */
enum rsg_limit_action {
	RSG_LIMIT_NONE = 0,
	RSG_LIMIT_SHUTDOWN = 1,
	RSG_LIMIT_RESTART = 2,
	RSG_LIMIT_BLOCK = 3,
	RSG_LIMIT_WARNING = 4,
};

/** Session-level limits of a client (RFC 7454 §8, manrs §4.A A2). */
struct rsg_client_limits {
	uint32_t max_prefix_v4; /**< 0: no limit */
	uint32_t max_prefix_v6;
	uint8_t action; /**< enum rsg_limit_action */
	uint8_t reserved_[3];
};

/**
 * @brief Max-prefix limits of a client: its own setting, else PeeringDB's
 * info_prefixes4/6 plus the configured increment, else the general limit.
 * The BGP daemon enforces them (BIRD: import limit ... action ...).
 * @return 0; RSG_ENOCLIENT if no client has this address and ASN (the
 *   general limits are filled in); RSG_ENODATA before the first load.
 * Thread-safety: any thread.
 */
RSG_EXPORT int rsg_client_limits(const struct rsg_ctx *ctx,
    const struct rsg_ip *peer_ip, uint32_t peer_asn,
    struct rsg_client_limits *out);

/** A prefix the IRR registers for a client (rsg_irr_registered()). */
struct rsg_registered {
	struct rsg_prefix prefix;
	uint32_t origin; /**< the route object's origin; 0: an entry of one
			  * of the client's bgpq4 prefix lists */
	uint8_t min_len; /**< lengths a route of the entry may have (a route */
	uint8_t max_len; /**< object: prefix.len; a list: its ranges) */
	uint8_t reserved_[2];
};

/**
 * @brief What the IRR registers for a client, as its checks see it now:
 * every route object whose origin is in the client's AS-SETs (or is its
 * ASN), and every entry of its bgpq4 prefix lists; IPv4 first, sorted by
 * prefix, one entry each. The report of RFC 7948 §4.3 compares them with
 * what the client announces.
 * @param as_set if not NULL, gets the AS-SETs ("AS-FOO RIPE::AS-BAR", or
 *   "AS64500" for a client without one), NUL-terminated in as_set_len.
 * @param out gets an array to free with rsg_free() (NULL if *n is 0).
 * @return 0; RSG_ENOCLIENT if no client has this address and ASN;
 *   RSG_ENODATA before the first load, without an IRR source, or if the
 *   client's routes are not checked against the IRR; RSG_ENOMEM.
 * Thread-safety: any thread. Not for the hot path: it walks the IRR
 * tables (tens of milliseconds for a million route objects) and
 * allocates.
 */
RSG_EXPORT int rsg_irr_registered(const struct rsg_ctx *ctx,
    const struct rsg_ip *peer_ip, uint32_t peer_asn, char *as_set,
    size_t as_set_len, struct rsg_registered **out, size_t *n);

/* ------------------------------------------------------------------ */
/* Live tables: the worker                                             */
/*                                                                     */
/* Thread-safety of the control calls: rsg_ctx_start(), rsg_ctx_stop(),  */
/* rsg_ctx_refresh(), rsg_ctx_reload(), rsg_ctx_apply_config(),          */
/* rsg_ctx_load() and rsg_ctx_dispatch() may be called from any thread, */
/* concurrently with each other and with every reader; each waits for   */
/* the others only briefly (a stop waits for the worker to end).        */
/* rsg_ctx_free() must be the last call on a context: no other call may */
/* run or start once it is called.                                      */
/* ------------------------------------------------------------------ */

/**
 * @brief Start the worker thread that keeps the tables fresh.
 *
 * The worker owns a libuv loop and does all I/O: it connects the RTR
 * caches (rtrlib), re-reads file sources when they change on disk and
 * every `sources.refresh` seconds, builds each new snapshot aside (a VRP
 * delta updates only the ROV tables) and publishes it atomically; readers
 * keep calling rsg_check() throughout. Files are parsed and snapshots
 * built on two threads of the worker's own, so the loop always answers.
 *
 * A configuration read with rsg_config_load_file() (the context's, or
 * one handed over with rsg_ctx_apply_config()) is watched the same way,
 * with every file it !include-s: when one changes (written in place or
 * renamed into place), the worker reads it again about 0.1 s after the
 * last change, as rsg_ctx_reload() does, and once as it starts (the file
 * may have changed since it was read). A text identical to the one in
 * force changes nothing; one with errors is not applied (the CONFIG
 * source status gives the error with file and position). The files are
 * also stat()ed every `sources.refresh` seconds (for a directory that
 * cannot be watched, a symbolic link to elsewhere). A configuration
 * from rsg_config_load_string() is not watched.
 *
 * No half-loaded tables: ROV (and ASPA) are not checked until every
 * configured source of their kind has completed its first load
 * (RSG_VF_ROV_NOT_READY; rsg_ctx_table_status() says which source is
 * missing), and one RTR sync is published as one change. Start it after
 * the host has forked (a daemon). All signals are blocked in the worker
 * and in every thread it starts. The worker loads every source itself;
 * call rsg_ctx_load() first if routes must be checked before its first
 * publication.
 * @return 0; RSG_EBUSY (already running); RSG_ENOMEM; RSG_EIO (no thread,
 *   or a libuv call failed: rsg_ctx_errmsg() says which). On error no
 *   worker runs and the snapshot in service is untouched.
 * Thread-safety: any thread (control call).
 */
RSG_EXPORT int rsg_ctx_start(struct rsg_ctx *ctx);

/**
 * @brief Stop the worker: RTR sessions closed, threads joined, everything
 * it held freed. The current snapshot stays published. NULL-safe; a
 * stopped context may be started again.
 * @return 0. Thread-safety: any thread (control call).
 */
RSG_EXPORT int rsg_ctx_stop(struct rsg_ctx *ctx);

/**
 * @brief Ask the worker to re-read every file source now.
 * @return 0, or RSG_EINVAL if the worker is not running.
 * Thread-safety: any thread (it only queues a command).
 */
RSG_EXPORT int rsg_ctx_refresh(struct rsg_ctx *ctx);

/**
 * @brief Ask the worker to re-read the configuration file, as
 * rsg_ctx_apply_config() with what the file says now. A file with errors
 * is not applied; the errors appear in the CONFIG source status. The
 * worker does this by itself when the file changes (rsg_ctx_start());
 * a reload also applies a file that did not change.
 * @return 0, or RSG_EINVAL if the worker is not running.
 * Thread-safety: any thread (it only queues a command).
 */
RSG_EXPORT int rsg_ctx_reload(struct rsg_ctx *ctx);

/**
 * @brief Hand the context a new configuration (a host that parsed its own
 * configuration again, as BIRD's `configure` does).
 *
 * Policy and clients change with the next publication. Sources are
 * compared by their settings: an unchanged source keeps running (RTR
 * sessions stay up, files keep their data); a changed or removed one
 * keeps serving its old data until every new source has completed its
 * first load, then leaves in the same publication that brings the new
 * data. Without a worker the configuration is applied at once: if a
 * snapshot is in service, every source is read again as by
 * rsg_ctx_load(), and on error the old configuration stays.
 * Ownership: @p cfg is copied; the caller keeps it.
 * @return 0; RSG_EINVAL (cfg has errors: nothing applied); RSG_ENOMEM;
 *   without a worker, what rsg_ctx_load() returns.
 * Thread-safety: any thread (control call).
 */
RSG_EXPORT int rsg_ctx_apply_config(
    struct rsg_ctx *ctx, const struct rsg_config *cfg);

/** Tables whose readiness rsg_ctx_table_status() reports. */
enum rsg_table {
	RSG_TABLE_ROV = 0,
	RSG_TABLE_ASPA = 1,
};

/** Longest reason text of struct rsg_table_status, with NUL. */
#define RSG_TABLE_REASON_LEN 256

/** Whether a table's checks run, and why not. */
struct rsg_table_status {
	uint8_t table; /**< enum rsg_table */
	uint8_t state; /**< enum rsg_table_state */
	uint8_t reserved_[6];
	/** "" when READY or OFF; else the sources missing or withdrawn,
	 * e.g. "rtr 127.0.0.1:8282 (preference 1) (connecting)" */
	char reason[RSG_TABLE_REASON_LEN];
};

/**
 * @brief Whether ROV or ASPA checks run in the snapshot in service, and
 * which sources hold them back.
 * @return 0 or RSG_EINVAL. Thread-safety: any thread.
 */
RSG_EXPORT int rsg_ctx_table_status(
    const struct rsg_ctx *ctx, unsigned table, struct rsg_table_status *out);

/* ------------------------------------------------------------------ */
/* What changed: change records, cursors                               */
/*                                                                     */
/* Every publication comes with a change record that names what changed */
/* and nothing more:                                                    */
/*  - prefixes: VRPs (RTR, files, SLURM), bogon list entries, peering   */
/*    LANs, global blacklist entries: the routes the prefix covers;      */
/*  - ASNs: ASPA records, transit-free and never-via-route-servers ASNs  */
/*    (configuration or PeeringDB): the routes whose AS_PATH holds one;  */
/*  - clients: a client's policy, blacklist, next-hop addresses,        */
/*    PeeringDB record, a client that came or went, and every client     */
/*    whose checks start or stop because the ROV or ASPA table became    */
/*    ready or was withdrawn: the routes from that session address,      */
/*    narrowed to what the change can touch (a new max_as_path_len: the  */
/*    paths between the old and the new bound; a prefix length bound:    */
/*    those lengths; a blacklist entry: the prefixes it covers; a next-  */
/*    hop setting: routes whose next hop is not the peer's);             */
/*  - limits: sessions whose max-prefix limits changed (no route);       */
/*  - unknown peers: the general policy changed, which applies to routes */
/*    from addresses that are no client, narrowed the same way;          */
/*  - all: the route server's AS, the reject-cause or announced-by       */
/*    communities, the informational communities (what every verdict     */
/*    carries); the first publication; a cursor that fell behind the     */
/*    history; a record that could not be made (out of memory).         */
/* Past 200,000 prefixes a record names 0.0.0.0/0 and ::/0 instead.     */
/* The context keeps the newest 256 records holding at most 1,000,000    */
/* items; a reader further behind gets "all".                           */
/* ------------------------------------------------------------------ */

/** What changed between two generations; see above. */
struct rsg_changes;

/**
 * @brief The changes published after generation @p since, merged.
 * @param since a generation the caller has seen (0: none; the answer is
 *   then "all")
 * @param[out] out the record, to free with rsg_changes_free(); NULL if
 *   nothing was published since
 * @return 1 with *out; 0 if nothing changed; RSG_EINVAL; RSG_ENOMEM.
 * Thread-safety: any thread.
 */
RSG_EXPORT int rsg_ctx_changes(
    const struct rsg_ctx *ctx, uint64_t since, struct rsg_changes **out);

/** @brief Free a record from rsg_ctx_changes() or rsg_cursor_read(). */
RSG_EXPORT void rsg_changes_free(struct rsg_changes *ch);

/** @brief The newest generation the record covers. */
RSG_EXPORT uint64_t rsg_changes_generation(const struct rsg_changes *ch);
/** @brief The record covers the generations after this one. */
RSG_EXPORT uint64_t rsg_changes_since(const struct rsg_changes *ch);
/** @brief Sources that changed: bit (1u << enum rsg_source). */
RSG_EXPORT unsigned rsg_changes_sources(const struct rsg_changes *ch);
/** @brief True if every route must be checked again (see above). */
RSG_EXPORT bool rsg_changes_all(const struct rsg_changes *ch);
/**
 * @brief True if routes from addresses that are no client (checked with
 * the general policy) are affected; also when rsg_changes_all().
 */
RSG_EXPORT bool rsg_changes_unknown_peers(const struct rsg_changes *ch);
/**
 * @brief The changed prefixes, compacted (no entry covers another): a
 * route is affected if one of them covers its prefix.
 * @return the count; *out points into the record.
 */
RSG_EXPORT size_t rsg_changes_prefixes(
    const struct rsg_changes *ch, const struct rsg_prefix **out);
/**
 * @brief Changed ASNs, sorted: routes whose AS_PATH holds one of them are
 * affected. @return the count; *out points into the record.
 */
RSG_EXPORT size_t rsg_changes_asns(
    const struct rsg_changes *ch, const uint32_t **out);
/**
 * @brief Session addresses of clients some of whose routes are affected,
 * sorted (rsg_changes_affects() narrows it down to the routes).
 */
RSG_EXPORT size_t rsg_changes_clients(
    const struct rsg_changes *ch, const struct rsg_ip **out);
/**
 * @brief Session addresses whose max-prefix limits changed
 * (rsg_client_limits()): no route is affected by that, the session's
 * limit is.
 */
RSG_EXPORT size_t rsg_changes_limits(
    const struct rsg_changes *ch, const struct rsg_ip **out);
/**
 * @brief Can the verdict of this route differ after the changes? Uses the
 * route's prefix, AS_PATH, peer_ip and peer_asn. Never false for a route
 * whose verdict changed; a malformed AS_PATH is always affected.
 * Thread-safety: any thread (the record is not modified).
 */
RSG_EXPORT bool rsg_changes_affects(
    const struct rsg_changes *ch, const struct rsg_route *route);

/**
 * A consumer of changes with its own position (a generation) and its own
 * descriptor: several consumers (one per BIRD channel, a looking glass)
 * each read every change at their own pace.
 */
struct rsg_cursor;

/**
 * @brief A cursor at the current generation.
 * Ownership: the caller frees it with rsg_cursor_free(), before
 * rsg_ctx_free() (a cursor left over is detached and only freeable).
 * @return 0, RSG_EINVAL, RSG_ENOMEM or RSG_EIO (no eventfd).
 * Thread-safety: any thread.
 */
RSG_EXPORT int rsg_cursor_new(struct rsg_ctx *ctx, struct rsg_cursor **out);
/**
 * @brief An eventfd that becomes readable after every publication the
 * cursor has not read; rsg_cursor_read() drains it.
 */
RSG_EXPORT int rsg_cursor_fd(const struct rsg_cursor *cur);
/** @brief The generation the cursor has read up to. */
RSG_EXPORT uint64_t rsg_cursor_generation(const struct rsg_cursor *cur);
/**
 * @brief The changes since the cursor's position, merged; the position
 * moves to the newest generation.
 * @param[out] out the record (rsg_changes_free()); NULL if none
 * @return 1 with *out, 0 if nothing new, or a negative error.
 * Thread-safety: one thread at a time per cursor; any thread.
 */
RSG_EXPORT int rsg_cursor_read(
    struct rsg_cursor *cur, struct rsg_changes **out);
/** @brief Free a cursor; NULL-safe. Thread-safety: any thread. */
RSG_EXPORT void rsg_cursor_free(struct rsg_cursor *cur);

/**
 * @brief The context's own cursor's descriptor (rsg_cursor_fd()): poll it
 * from the host's event loop, then call rsg_ctx_dispatch(). Valid from
 * rsg_ctx_new() to rsg_ctx_free(). Thread-safety: any thread.
 */
RSG_EXPORT int rsg_ctx_get_fd(const struct rsg_ctx *ctx);

/** Called by rsg_ctx_dispatch() on the calling thread. */
typedef void (*rsg_changes_cb)(void *arg, const struct rsg_changes *ch);

/**
 * @brief Read the context's own cursor: @p cb runs once, on the calling
 * thread, with everything that changed since the last dispatch, merged.
 * The record is valid during the callback only.
 * @return 1 if @p cb was called, 0 if nothing was pending.
 * Thread-safety: any thread; concurrent dispatches each get their own
 * part of the changes. The callback may call any function but
 * rsg_ctx_free().
 */
RSG_EXPORT int rsg_ctx_dispatch(
    struct rsg_ctx *ctx, rsg_changes_cb cb, void *arg);

/** State of a data source. */
enum rsg_source_state {
	RSG_SRC_INIT = 0,  /**< not loaded yet */
	RSG_SRC_OK = 1,    /**< its data is in service */
	RSG_SRC_ERROR = 2, /**< the last attempt failed; last good data kept */
	RSG_SRC_STALE = 3, /**< data too old or expired: withdrawn */
	RSG_SRC_CONNECTING = 4, /**< RTR: no session (yet) */
};

/**
 * @brief Name of a source kind ("vrps", "rtr", ...; "unknown" otherwise),
 * as in the configuration and the metrics labels.
 */
RSG_EXPORT const char *rsg_source_name(unsigned kind);
/** @brief Name of a source state ("ok", "error", "stale", ...). */
RSG_EXPORT const char *rsg_source_state_name(unsigned state);

/** Status of one data source (rsg_ctx_source_status()). */
struct rsg_source_status {
	char name[160]; /**< file path, or "rtr host:port" */
	uint8_t kind;   /**< enum rsg_source */
	uint8_t state;  /**< enum rsg_source_state */
	uint8_t reserved_[6];
	int64_t last_attempt; /**< unix time of the last read or sync */
	int64_t last_success;
	int64_t last_change; /**< the data last changed */
	int64_t data_time;   /**< build time of a file, RTR last update */
	uint64_t serial;     /**< RTR serial; files: changes seen */
	uint64_t vrps;
	uint64_t aspas;
	uint64_t records;     /**< other records (prefixes, networks) */
	uint64_t errors;      /**< failed attempts so far */
	char last_error[256]; /**< "" if none; names file, line, column */
	uint64_t reserved2_[4];
};

/**
 * @brief Number of data sources of the running worker (the configuration
 * first, then every source; a source replaced by a reload is listed with
 * "(retiring)" until its successor has loaded). 0 without a worker.
 * Thread-safety: any thread.
 */
RSG_EXPORT size_t rsg_ctx_source_count(const struct rsg_ctx *ctx);

/**
 * @brief Status of source @p i (0 .. rsg_ctx_source_count() - 1).
 * @return 0 or RSG_ENOENT. Thread-safety: any thread.
 */
RSG_EXPORT int rsg_ctx_source_status(
    const struct rsg_ctx *ctx, size_t i, struct rsg_source_status *out);

/**
 * @brief Status and counters in the Prometheus text format (0.0.4).
 * @return the length of the full text, as snprintf.
 * Thread-safety: any thread.
 */
RSG_EXPORT size_t rsg_ctx_metrics(
    const struct rsg_ctx *ctx, char *buf, size_t len);

/* ------------------------------------------------------------------ */
/* Checks: the hot path                                                */
/* ------------------------------------------------------------------ */

/**
 * @brief Prepare a verdict for rsg_check(): set its size (and clear
 * version). The other fields are left alone, rsg_check() writes them; a
 * verdict reused for many routes needs this once. RSG_VERDICT_INIT does
 * the same in a declaration.
 * Ownership: @p v is the caller's storage. Thread-safety: any thread.
 */
static inline void
rsg_verdict_init(struct rsg_verdict *v)
{
	v->size = (uint32_t)sizeof(*v);
	v->version = 0;
}

/**
 * @brief Check one route for the client that sent it.
 *
 * The client is found by route->peer_ip (and must have route->peer_asn);
 * unknown peers are checked with the general policy and flagged
 * RSG_VF_UNKNOWN_CLIENT. Every configured check runs; the verdict lists
 * all failing ones with details, the RPKI/ASPA/IRR states, the covering
 * VRPs and the large communities to add.
 *
 * The route's form is checked first. A malformed route is rejected with
 * the single reason RSG_R_MALFORMED whatever the configuration says (fail
 * closed); the detail's value (enum rsg_malformed) says what was
 * malformed, and the code returned says it too:
 *  - RSG_EBADPREFIX: the prefix is not canonical (family neither IPv4 nor
 *    IPv6, length beyond the family, host bits set, reserved bytes not
 *    zero). v4-mapped IPv6 prefixes are well-formed: they are judged as
 *    bogons.
 *  - RSG_EBADPATH: the AS_PATH is malformed (unknown segment type, empty
 *    segment, truncated), or as_path is NULL with a length.
 *  - RSG_EBADADDR: peer_ip is missing (RSG_AFI_NONE), malformed or a
 *    v4-mapped IPv6 address (convert a dual-stack address type with
 *    rsg_ip_from_mapped()); or next_hop is malformed.
 * RSG_EBADROUTE is no longer returned.
 *
 * Never locks, allocates (see rsg_thread_register()), blocks or logs.
 * @param[in]     ctx    the context
 * @param[in]     route  the route, borrowed for the call
 * @param[in,out] v      the caller's verdict: v->size must be set
 *   (RSG_VERDICT_INIT, rsg_verdict_init()); the library writes at most
 *   v->size bytes, sets v->version and leaves v->size as it is
 * @return 0; RSG_ENOCLIENT if no client has this peer address and ASN:
 *   the verdict is complete and valid, computed with the general policy
 *   and flagged RSG_VF_UNKNOWN_CLIENT (a host that serves only
 *   configured clients treats it as success); RSG_EBADPREFIX,
 *   RSG_EBADPATH or RSG_EBADADDR for a malformed route (the verdict
 *   rejects it, above); RSG_ENODATA if nothing is published yet
 *   (verdict: reject, no reasons); RSG_EINVAL for NULL arguments or a
 *   v->size smaller than the first version of struct rsg_verdict (then
 *   nothing is written).
 * Thread-safety: any thread, concurrently.
 */
RSG_EXPORT int rsg_check(const struct rsg_ctx *ctx,
    const struct rsg_route *route, struct rsg_verdict *v);

/**
 * @brief What to do with an accepted route when it is announced to one
 * client: arouteserver's control communities (do_not_announce_to_any,
 * announce_to_peer, do_not_announce_to_peer, the RTT-based ones,
 * prepend_*, add_noexport_*, add_noadvertise_*) and blackhole filtering
 * (announce_to_client, rewrite-next-hop), with the communities to delete
 * on the way out.
 *
 * @p route is the route as the route server stores it (after the inbound
 * scrub of its verdict): its peer_ip/peer_asn are the announcing client.
 * @param to_ip, to_asn  the client the route is announced to (its
 *   announce_to_client setting; unknown addresses take the general one)
 * @param to_rtt_ms  that client's round-trip time in ms, 0 if unknown:
 *   then no RTT-based community applies. A community's value is the RTT
 *   bound itself (arouteserver also requires it to be in rtt_thresholds).
 * @param[out] out  caller's storage, out->size set; announce is 1 unless
 *   a community or the blackhole policy says otherwise, or the route was
 *   rejected in a tag mode (it carries the reject cause or RS:1101:x:
 *   the route server keeps it, visible, and never announces it).
 * @return 0; RSG_ENODATA if nothing is published (out: announce 0);
 *   RSG_EINVAL for NULL arguments or a too small out->size.
 * Never locks, allocates, blocks or logs. Thread-safety: any thread.
 */
RSG_EXPORT int rsg_export(const struct rsg_ctx *ctx,
    const struct rsg_route *route, const struct rsg_ip *to_ip, uint32_t to_asn,
    uint32_t to_rtt_ms, struct rsg_export *out);

/**
 * @brief RFC 6811 origin validation of one prefix/origin pair.
 * @param[out] vrps  covering VRPs, matching ones first; may be NULL
 * @param[in]  cap   capacity of @p vrps
 * @param[out] total number of covering VRPs; may be NULL
 * @return the state; RSG_ROV_NOT_CHECKED if nothing is published.
 * Origin 0 (AS_SET, AS 0) never matches. Thread-safety: any thread.
 */
RSG_EXPORT enum rsg_rov rsg_rov_validate(const struct rsg_ctx *ctx,
    const struct rsg_prefix *prefix, uint32_t origin, struct rsg_vrp *vrps,
    size_t cap, size_t *total);

/** rsg_aspa_verify() flags. */
enum rsg_aspa_flag {
	RSG_ASPA_UPSTREAM = 1u
	    << 0, /**< upstream procedure (else downstream) */
	RSG_ASPA_RS_CLIENT = 1u
	    << 1, /**< receiver is an RS client: skip the neighbor check */
};

/**
 * @brief ASPA verification of a wire AS_PATH (draft -27 §5).
 * @param neighbor_as  the sending neighbor; 0 skips the neighbor check
 * @return the state; RSG_ASPA_NOT_CHECKED if nothing is published.
 * Thread-safety: any thread.
 */
RSG_EXPORT enum rsg_aspa rsg_aspa_verify(const struct rsg_ctx *ctx,
    const uint8_t *path, size_t path_len, uint32_t neighbor_as, unsigned flags);

/**
 * @brief Explain a verdict in plain words, one line per failing check,
 * e.g. "RPKI invalid: 192.0.2.0/24 max 24 AS64501 covers it".
 * @return the length of the full text (excluding NUL), as snprintf: the
 *   text is complete if the result is < @p len.
 * Thread-safety: any thread.
 */
RSG_EXPORT size_t rsg_explain(
    const struct rsg_verdict *v, char *buf, size_t len);

/**
 * @brief Explain one detail of a verdict (no trailing newline).
 * @return as rsg_explain().
 */
RSG_EXPORT size_t rsg_explain_detail(const struct rsg_verdict *v,
    const struct rsg_detail *d, char *buf, size_t len);

/**
 * @brief What the participant has to create or change about one detail
 * of a verdict, in words (the "fix" of rsg_verdict_json()), e.g. "create
 * a ROA for 192.0.2.0/24 with origin AS64500 and maxLength 24".
 * @param route the route the verdict was computed for, or NULL
 * @return as rsg_explain(); 0 for NULL arguments.
 * Thread-safety: any thread.
 */
RSG_EXPORT size_t rsg_explain_fix(const struct rsg_verdict *v,
    const struct rsg_detail *d, const struct rsg_route *route, char *buf,
    size_t len);

/** Version of the JSON of rsg_verdict_json(), its "schema" member. */
#define RSG_VERDICT_JSON_SCHEMA 1

/**
 * @brief Encode a verdict as one JSON object (RFC 8259): the encoding
 * rsguard check --json and table --json print and a looking glass
 * serves.
 *
 * Every key, its type and its meaning are listed in rsguard(1), section
 * VERDICT JSON. Besides the states, flags, covering VRPs and communities,
 * each failing check comes with its Euro-IX code and the community that
 * carries it, the plain words of rsg_explain_detail(), the details that
 * apply to it, and a "fix": what the participant has to create or change
 * (the ROA, the ASPA, the route object, the NEXT_HOP...). New keys may be
 * added; RSG_VERDICT_JSON_SCHEMA goes up when a key changes meaning or
 * goes away.
 * @param[in]  v      a verdict rsg_check() wrote
 * @param[in]  route  the route it was computed for, or NULL (then the
 *   object has no "route" member and fixes name the route less precisely)
 * @param[out] buf    receives the text, NUL-terminated if @p len > 0;
 *   may be NULL if @p len is 0
 * @return the length of the full text (excluding NUL), as snprintf: the
 *   JSON is complete only if the result is < @p len (a truncated text is
 *   not valid JSON; call with @p len 0 to learn the size needed); 0 if
 *   @p v is NULL or its size is smaller than the first version's.
 * Ownership: @p v and @p route are read during the call; never allocates.
 * Thread-safety: any thread.
 */
RSG_EXPORT size_t rsg_verdict_json(const struct rsg_verdict *v,
    const struct rsg_route *route, char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* RSGUARD_H */
