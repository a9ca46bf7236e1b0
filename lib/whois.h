/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * whois: an asynchronous client of IRRd's "IRRd style" whois queries (the
 * ones bgpq4 sends) on a libuv loop. It expands as-sets and route-sets
 * and lists the prefixes of route objects by origin, for the worker to
 * gather what a client's IRR filter needs without a dump.
 *
 * Queries are pipelined on a few persistent connections; a connection
 * that fails or stalls fails over to the next server in the list, and
 * its queries are sent again there. Everything runs on the loop's thread
 * and nothing blocks: name resolution is uv_getaddrinfo().
 *
 * Thread-safety: a client and its callbacks belong to the thread that
 * runs its loop; no function here may be called from another thread.
 * That thread must block or ignore SIGPIPE (the worker blocks every
 * signal): libuv writes with write(), and a server that closed its end
 * would otherwise raise it.
 */
#ifndef RSG_WHOIS_H
#define RSG_WHOIS_H

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#define WHOIS_DEFAULT_PORT            43
#define WHOIS_DEFAULT_CONNECT_TIMEOUT 5000  /* ms */
#define WHOIS_DEFAULT_REPLY_TIMEOUT   10000 /* ms */
#define WHOIS_DEFAULT_IDLE_TIMEOUT    20000 /* ms, under IRRd's 30 s */
#define WHOIS_DEFAULT_RETRIES         2
#define WHOIS_DEFAULT_MAX_CONNS       4
#define WHOIS_DEFAULT_MAX_REPLY       ((size_t)64 << 20)
#define WHOIS_DEFAULT_MAX_QUEUE       100000
#define WHOIS_MAX_KEY                 255

struct whois;

/* A server: host is a name or an address (IPv6 without brackets). */
struct whois_server {
	const char *host;
	uint16_t port;
};

/*
 * Settings. Start from rsg__whois_opts_init(), which sets the defaults
 * below; a 0 in a timeout or a limit also means its default, but retries
 * is taken as it is (0: no retry).
 */
struct whois_opts {
	const struct whois_server *servers; /* in failover order */
	size_t nservers;
	const char *sources;         /* sent as !s<sources> ("RIPE,RADB");
				      * NULL: none, the server's default */
	uint32_t connect_timeout_ms; /* name resolution and connect */
	uint32_t reply_timeout_ms;   /* no byte for this long while a reply
				      * is due: the connection has failed */
	uint32_t idle_timeout_ms;    /* an idle connection is closed */
	unsigned retries;            /* sends of a query beyond the first */
	unsigned max_conns;          /* connections at once */
	size_t max_reply;            /* bytes of one A reply */
	unsigned max_queue;          /* queries not yet answered */
};

enum whois_query {
	WHOIS_EXPAND,  /* !i<set>,1: the ASNs of an as-set, the prefixes of
			* a route-set, recursively */
	WHOIS_MEMBERS, /* !i<set>: its direct members */
	WHOIS_ROUTES4, /* !gAS<n>: IPv4 prefixes of route objects */
	WHOIS_ROUTES6, /* !6AS<n>: IPv6 prefixes of route6 objects */
};

/*
 * The answer to one query; every query accepted by rsg__whois_query()
 * gets exactly one, on the loop's thread, never from within the call
 * that submitted it.
 *
 * status:
 *   0            data, len: the reply's items, space separated, without
 *                the final newline and NUL-terminated; len is 0 when
 *                the server answered C (success, nothing to list)
 *   RSG_ENOENT   D: no such key (IRRd also answers D for an empty set)
 *   RSG_EIO      F <message> or E from the server (not retried), or the
 *                last connection failed: refused, reset, closed while a
 *                reply was due, or sent something that is no IRRd reply
 *   RSG_EAGAIN   the last connection timed out (connect or reply), or
 *                the query was cancelled by rsg__whois_close()
 *   RSG_ERANGE   the reply announced more than max_reply bytes
 *   RSG_ENOMEM   out of memory
 * msg is never NULL: "host:port: what happened" (on success the server
 * that answered), "whois: ..." for a query that never reached one.
 *
 * Ownership: data and msg are the client's, valid during the call only.
 * The callback may submit queries and may call rsg__whois_close().
 */
typedef void (*whois_cb)(
    void *arg, int status, const char *data, size_t len, const char *msg);

/* The closing of a client has ended: every handle is closed. */
typedef void (*whois_closed_cb)(void *arg);

/* Counters, for status pages and tests. */
struct whois_stats {
	uint64_t queries;     /* accepted */
	uint64_t answered;    /* status 0 or RSG_ENOENT */
	uint64_t failed;      /* any other status, cancelled ones too */
	uint64_t resent;      /* queries sent again after a failure */
	uint64_t connects;    /* connections established */
	uint64_t conn_errors; /* connections that failed or timed out */
	uint64_t failovers;   /* moves to the next server */
	uint64_t bytes_in;    /* received */
	unsigned conns;       /* connections open or opening now */
	unsigned conns_peak;  /* the most at once */
	unsigned queued;      /* queries not yet answered */
	unsigned server;      /* the server new connections go to */
};

/* The defaults, with no server. */
void rsg__whois_opts_init(struct whois_opts *o);

/*
 * A client on loop. Nothing is connected until the first query.
 * Returns 0, RSG_EINVAL (no server, a host empty or longer than 255
 * bytes, port 0, sources not [A-Za-z0-9_-] separated by commas) or
 * RSG_ENOMEM.
 * Ownership: o and its strings are copied; the loop must outlive the
 * client (until the closed callback has run).
 */
int rsg__whois_new(
    uv_loop_t *loop, const struct whois_opts *o, struct whois **out);

/*
 * Submit a query: cb runs once with the answer. key is a set name for
 * WHOIS_EXPAND and WHOIS_MEMBERS ([A-Za-z0-9:_.-], 1..255 bytes, such as
 * "AS-FOO" or "AS64496:AS-CUSTOMERS") and an AS number for the routes
 * ("AS64496" or "64496"). Returns 0 (cb will run), RSG_EINVAL (a bad
 * key: nothing but those characters ever reaches the server; or the
 * client is closing), RSG_EBUSY (max_queue queries not yet answered) or
 * RSG_ENOMEM; then cb never runs.
 * Ownership: key is copied; arg is the caller's and must stay valid
 * until cb has run.
 */
int rsg__whois_query(struct whois *w, enum whois_query q, const char *key,
    whois_cb cb, void *arg);

/*
 * Close: every query not yet answered gets its callback at once, within
 * this call, with RSG_EAGAIN ("whois: cancelled"); then the connections
 * and timers are closed, and closed (if not NULL) runs from the loop
 * once they all are; the client is freed then. A second call is
 * ignored. May be called from a whois_cb.
 */
void rsg__whois_close(struct whois *w, whois_closed_cb closed, void *arg);

/* The counters now. */
void rsg__whois_stats(const struct whois *w, struct whois_stats *st);

#endif /* RSG_WHOIS_H */
