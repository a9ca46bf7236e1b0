/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rsguard lg: BIRD's control socket, read the way birdc reads it, and
 * its `show route ... all`, `show protocols all` and `show status`
 * replies parsed one line at a time: a route is handed over as soon as
 * its block ends, so a table of any size goes through a fixed amount of
 * memory.
 *
 * The reply protocol (BIRD's doc/reply_codes): "NNNN-text" a line with
 * more to follow, "NNNN text" the last line, " text" a continuation of
 * the line before (same code). 0000 ends a successful reply; 8xxx and
 * 9xxx are errors (8001 "Network not found", 8007 "Access denied").
 */
#ifndef RSG_LG_BIRD_H
#define RSG_LG_BIRD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rsguard.h>

#define LG_LINE_MAX  65536 /* longest reply line kept whole */
#define LG_PATH_MAX  256   /* AS_PATH members kept */
#define LG_COMM_MAX  256   /* communities of each kind kept */
#define LG_NAME_MAX  64    /* protocol and table names */
#define LG_ERROR_MAX 256

/* ------------------------------------------------------------------ */
/* The connection                                                      */

struct lg_bird {
	int fd;
	int timeout_ms; /* for every read and write */
	char *buf;      /* LG_LINE_MAX + 1 */
	size_t len, off;
	int code;         /* code of the line before (continuations) */
	bool in_reply;    /* a command was sent, its last line not read */
	char version[32]; /* from the greeting: "3.3.2" */
	char error[LG_ERROR_MAX];
};

/* Connect to a control socket and read the greeting. 0, or -1 with
 * b->error set. */
int lg_bird_open(struct lg_bird *b, const char *path, int timeout_ms);
void lg_bird_close(struct lg_bird *b);

/* Send one command (no newline in it). 0 or -1 (b->error). */
int lg_bird_send(struct lg_bird *b, const char *cmd);

/*
 * The next line of the reply: its code and text (NUL-terminated, valid
 * until the next call; a line longer than LG_LINE_MAX is cut). Returns 1
 * for a line, 0 after the last line of the reply (*code then holds it:
 * 0 for success), -1 on a read error, a timeout or a protocol error
 * (b->error).
 */
int lg_bird_line(struct lg_bird *b, int *code, const char **text);

/* One line of a reply, without its newline: its code (*last for a
 * continuation, which it updates) and text. 1 a line with more to
 * follow, 0 the last one, -1 not the reply protocol. */
int lg_reply_line(const char *line, int *last, int *code, const char **text);

/* ------------------------------------------------------------------ */
/* Routes                                                              */

struct lg_route {
	char net[64];  /* "192.0.2.0/24" */
	char dest[16]; /* "unicast", "blackhole", ... */
	char proto[LG_NAME_MAX];
	char since[40]; /* as BIRD printed it */
	char from[48];  /* "from" of the header, or "" */
	char table[LG_NAME_MAX];
	bool primary; /* "*" */
	int pref;
	char gateway[48]; /* "via" address, or "" */
	char iface[32];
	char source[16]; /* "BGP", ... */
	char origin[12]; /* "IGP", "EGP", "Incomplete" */
	uint32_t path[LG_PATH_MAX];
	size_t npath;
	bool path_set;        /* an AS_SET or confederation segment */
	char path_text[1024]; /* as BIRD printed it */
	bool path_cut;        /* more than LG_PATH_MAX members */
	char next_hop[48];
	bool has_local_pref, has_med, has_otc;
	uint32_t local_pref, med, otc;
	uint32_t comm[LG_COMM_MAX];
	size_t ncomm;
	struct rsg_lc large[LG_COMM_MAX];
	size_t nlarge;
	struct rsg_ec ext[LG_COMM_MAX];
	char ext_kind[LG_COMM_MAX][12]; /* "rt", "ro", "generic", ... */
	char ext_a[LG_COMM_MAX][24];    /* as BIRD printed the two values */
	char ext_b[LG_COMM_MAX][24];
	size_t next;
	bool comm_cut; /* more communities than kept */
};

/* Called for every route; a non-zero return stops the parse and is
 * returned by lg_routes_read(). */
typedef int lg_route_cb(void *arg, const struct lg_route *r);

/*
 * Read the reply to a `show route ... all` command sent on b, calling cb
 * for each route. Returns 0 when the reply ends, cb's value if it
 * stopped, or -1 (b->error says why, e.g. BIRD's own error line).
 * Routes BIRD prints without a block of attributes are handed over too.
 */
int lg_routes_read(struct lg_bird *b, lg_route_cb *cb, void *arg);

/* Parse a reply's lines without a socket (tests, fuzzing): feed every
 * line with its code, then finish. */
struct lg_route_parser {
	struct lg_route r;
	bool have;
	char table[LG_NAME_MAX];
	char last_net[64];
	lg_route_cb *cb;
	void *arg;
	int stop;
	int list; /* the list attribute going on, for "\t\t" lines */
};
void lg_route_parser_init(
    struct lg_route_parser *p, lg_route_cb *cb, void *arg);
/* One line; returns 0 or the callback's non-zero value. */
int lg_route_parser_line(struct lg_route_parser *p, int code, const char *text);
int lg_route_parser_finish(struct lg_route_parser *p);

/* ------------------------------------------------------------------ */
/* Protocols and status                                                */

struct lg_channel {
	char name[8]; /* "ipv4", "ipv6" */
	char state[16];
	char table[LG_NAME_MAX];
	uint32_t imported, filtered, exported, preferred;
	uint32_t received, rejected, ufiltered, ignored, accepted;
};

struct lg_protocol {
	char name[LG_NAME_MAX];
	char proto[16]; /* "BGP" */
	char table[LG_NAME_MAX];
	char state[16]; /* "up", "start", "down" */
	char since[40];
	char info[64]; /* "Established" */
	char description[128];
	char bgp_state[32];
	char neighbor_address[48];
	uint32_t neighbor_as;
	uint32_t local_as;
	char neighbor_id[48];
	char last_error[128];
	struct lg_channel ch[2];
	unsigned nch;
};

struct lg_protocols {
	struct lg_protocol *v;
	size_t n, cap;
};

/* Read the reply to `show protocols all` (every protocol). 0 or -1. */
int lg_protocols_read(struct lg_bird *b, struct lg_protocols *out);
void lg_protocols_free(struct lg_protocols *p);
const struct lg_protocol *lg_protocols_find(
    const struct lg_protocols *p, const char *name);

/* The line parser behind it (tests). */
int lg_protocols_line(struct lg_protocols *out, int code, const char *text);

struct lg_status {
	char version[32];
	char router_id[48];
	char current_server[40];
	char last_reboot[40];
	char last_reconfig[40];
	char message[128];
};

/* Read the reply to `show status`. 0 or -1. */
int lg_status_read(struct lg_bird *b, struct lg_status *out);
void lg_status_line(struct lg_status *s, int code, const char *text);

/* A name BIRD knows as a symbol: [A-Za-z_][A-Za-z0-9_]*, at most
 * LG_NAME_MAX - 1 bytes. Everything put into a command passes this or
 * is an address or prefix rsguard formatted itself. */
bool lg_symbol_ok(const char *s);

#endif /* RSG_LG_BIRD_H */
