/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * An asynchronous IRRd whois client (see whois.h).
 *
 * Protocol (IRRd 4, as bgpq4 speaks it): a connection starts with "!!"
 * (keep the connection for many commands; no reply), "!nrsguard" (the
 * client's name; C) and, if sources are set, "!s<sources>" (C, or F when
 * the server lacks one). Each query is one line; each reply is
 *   A<n>\n<n bytes of data, the last a newline>C\n    data
 *   C\n  success, no data      D\n  key not found
 *   E\n  multiple keys         F <message>\n  error
 * and replies come in the order of the queries.
 *
 * Invariants:
 * - A query is in exactly one place: the client's queue, a connection's
 *   pending list (given to it while it connects, or in the same
 *   dispatch), a connection's sent list (its reply is due, in order), or
 *   in hand while its callback runs; it is freed right after that one
 *   callback. Lists are detached before callbacks run, so a callback
 *   that submits or closes never sees a half-updated list.
 * - A connection is freed only from its handles' close callbacks (never
 *   within a callback of its own), when its timer, its socket and its
 *   name resolution are all done (refs); the client is freed when its
 *   own timer and every connection are, then its closed callback runs.
 * - New queries go only to connections to w->cur, the current server. A
 *   connection that fails moves w->cur to the next server (round robin
 *   from the failing one), and its queries go back to the head of the
 *   queue, each at most retries times; connections to other servers get
 *   nothing new and close once idle.
 * - The reply parser is a byte-driven state machine: any split of the
 *   stream gives the same result. A reply line longer than HEAD_MAX, a
 *   byte no reply can start with, or data when no reply is due ends the
 *   connection (RSG_EIO); a declared length over max_reply ends it when
 *   the digit that exceeds it arrives, before any data (RSG_ERANGE).
 *
 * A reply the server gave (D, E, F) is final: it is not retried. An F to
 * !s fails the connection instead: another server may have the sources.
 */
#include "config.h"

#include "whois.h"

#include <netdb.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/queue.h>
#include <sys/socket.h>

#include "alloc.h"
#include "util.h"

#define PREAMBLE     "!!\n!nrsguard\n" /* many commands; our name */
#define PIPELINE_MAX 32                /* queries a connection has at once */
#define HEAD_MAX     1024              /* longest reply line (F messages) */
#define RBUF_SIZE    65536             /* one read */
#define KEEP_BUF     (1 << 20) /* a larger reply buffer is freed after */
#define MSG_MAX      512

struct wquery {
	TAILQ_ENTRY(wquery) entry;
	whois_cb cb;
	void *arg;
	unsigned fails; /* connections that failed with it */
	size_t cmdlen;  /* with the newline */
	char cmd[];     /* "!iAS-FOO,1\n" */
};
TAILQ_HEAD(wqueue, wquery);

struct wserver {
	char *host;
	char port[8];
	char name[300]; /* "host:port", "[v6]:port" */
};

enum cstate {
	C_RESOLVING,
	C_CONNECTING,
	C_READY,
	C_CLOSING,
};

enum rstate {
	R_HEAD, /* a reply's first line */
	R_DATA, /* need more bytes of an A reply */
	R_TAIL, /* the C after the data */
};

struct wconn {
	TAILQ_ENTRY(wconn) entry;
	struct whois *w;
	unsigned server;
	enum cstate state;
	unsigned refs; /* timer, socket, name resolution */
	uv_timer_t timer;
	uv_tcp_t tcp;
	bool tcp_open;
	bool resolving;
	uv_getaddrinfo_t gai;
	uv_connect_t creq;
	struct addrinfo *ai, *ai_next;
	int fail_status; /* of the last address tried */
	char fail_msg[128];
	struct wqueue pending; /* given to it, not sent yet */
	struct wqueue sent;    /* replies due, in this order */
	unsigned npending, nsent;
	unsigned pre; /* replies due to !n and !s, before the queries' */
	bool greeted; /* !! !n !s sent */
	/* the reply being read */
	enum rstate rs;
	char head[HEAD_MAX];
	size_t headlen;
	size_t alen;  /* the A length, as its digits arrive */
	size_t total; /* declared length of the A reply */
	size_t need;  /* data bytes still to come */
	char *buf;    /* data of the A reply */
	size_t len, cap;
	char rbuf[RBUF_SIZE];
};

struct wwrite {
	uv_write_t req;
	struct wconn *c;
	uv_buf_t buf;
	char data[];
};

struct whois {
	uv_loop_t *loop;
	uv_timer_t kick; /* dispatch from the loop, not from callers */
	struct whois_opts o;
	struct wserver *servers;
	size_t nservers;
	char *sources;
	unsigned cur;        /* where new connections go */
	struct wqueue queue; /* not given to a connection yet */
	TAILQ_HEAD(, wconn) conns;
	unsigned nlive;    /* connections not closing */
	unsigned nqueries; /* not answered yet */
	unsigned refs;     /* kick timer and every connection */
	bool closing;
	whois_closed_cb closed;
	void *closed_arg;
	struct whois_stats st;
};

static void conn_fail(struct wconn *c, int status, bool blame, const char *fmt,
    ...) RSG_PRINTF(4, 5);
static void conn_connect(struct wconn *c);
static void conn_next_addr(struct wconn *c);
static void whois_kick(struct whois *w);

/* ------------------------------------------------------------------ */
/* Queries                                                             */

/* The one answer: the query is freed. */
static void
query_done(struct whois *w, struct wquery *q, int status, const char *data,
    size_t len, const char *msg)
{
	w->nqueries--;
	if (status == 0 || status == RSG_ENOENT)
		w->st.answered++;
	else
		w->st.failed++;
	q->cb(q->arg, status, data != NULL ? data : "", len, msg);
	rsg__free(q);
}

/* Every query of l fails with status (they were detached first). */
static void
query_fail_all(struct whois *w, struct wqueue *l, int status, const char *msg)
{
	struct wquery *q;

	while ((q = TAILQ_FIRST(l)) != NULL) {
		TAILQ_REMOVE(l, q, entry);
		query_done(w, q, status, NULL, 0, msg);
	}
}

/* A set name: [A-Za-z0-9:_.-], 1..WHOIS_MAX_KEY bytes. */
static bool
key_ok(const char *key)
{
	size_t n = strnlen(key, WHOIS_MAX_KEY + 1);

	if (n == 0 || n > WHOIS_MAX_KEY)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = key[i];

		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z')
			|| (ch >= '0' && ch <= '9') || ch == ':' || ch == '_'
			|| ch == '.' || ch == '-'))
			return false;
	}
	return true;
}

/* Sources for !s: names of [A-Za-z0-9_-] separated by single commas. */
static bool
sources_ok(const char *s)
{
	size_t n = strnlen(s, 1025);
	bool name = false;

	if (n == 0 || n > 1024)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];

		if (ch == ',') {
			if (!name)
				return false;
			name = false;
		} else if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z')
		    || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-') {
			name = true;
		} else {
			return false;
		}
	}
	return name;
}

/* Printable ASCII of a server's text, for messages. */
static void
sanitize(char *dst, size_t dstlen, const char *src, size_t len)
{
	size_t i;

	for (i = 0; i < len && i + 1 < dstlen; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '?';
	dst[i] = '\0';
}

/* ------------------------------------------------------------------ */
/* Connections: life and death                                         */

static void
whois_unref(struct whois *w)
{
	whois_closed_cb cb;
	void *arg;

	if (--w->refs > 0)
		return;
	cb = w->closed;
	arg = w->closed_arg;
	for (size_t i = 0; i < w->nservers; i++)
		rsg__free(w->servers[i].host);
	rsg__free(w->servers);
	rsg__free(w->sources);
	rsg__free(w);
	if (cb != NULL)
		cb(arg);
}

static void
conn_unref(struct wconn *c)
{
	struct whois *w = c->w;

	if (--c->refs > 0)
		return;
	TAILQ_REMOVE(&w->conns, c, entry);
	if (c->ai != NULL)
		uv_freeaddrinfo(c->ai);
	rsg__free(c->buf);
	rsg__free(c);
	whois_unref(w);
}

static void
on_timer_closed(uv_handle_t *h)
{
	conn_unref(h->data);
}

static void
on_tcp_closed(uv_handle_t *h)
{
	struct wconn *c = h->data;

	c->tcp_open = false;
	conn_unref(c);
}

/* Close a connection that holds no query (any it had are detached). */
static void
conn_close(struct wconn *c)
{
	struct whois *w = c->w;

	if (c->state == C_CLOSING)
		return;
	c->state = C_CLOSING;
	w->nlive--;
	uv_close((uv_handle_t *)&c->timer, on_timer_closed);
	if (c->tcp_open && !uv_is_closing((uv_handle_t *)&c->tcp))
		uv_close((uv_handle_t *)&c->tcp, on_tcp_closed);
	/* its callback runs either way (UV_EAI_CANCELED if cancelled) */
	if (c->resolving)
		uv_cancel((uv_req_t *)&c->gai);
	/* a place for a new connection */
	if (!TAILQ_EMPTY(&w->queue))
		whois_kick(w);
}

static bool
conn_busy(const struct wconn *c)
{
	return c->pre > 0 || c->nsent > 0 || c->npending > 0;
}

/*
 * The connection failed: it closes, and its queries go again (each at
 * most retries times) or fail with status and "host:port: <fmt>". blame:
 * the server is at fault (an error, a timeout): the queries count the
 * failure and new connections go to the next server; otherwise (a reply
 * too large for one of them) the others just go again.
 */
static void
conn_fail(struct wconn *c, int status, bool blame, const char *fmt, ...)
{
	struct whois *w = c->w;
	struct wqueue l, again;
	struct wquery *q;
	char msg[MSG_MAX];
	unsigned n = 0;
	va_list ap;
	int off;

	if (c->state == C_CLOSING)
		return;
	off = snprintf(msg, sizeof(msg), "%s: ", w->servers[c->server].name);
	if (off < 0 || (size_t)off >= sizeof(msg))
		off = 0;
	va_start(ap, fmt);
	vsnprintf(msg + off, sizeof(msg) - (size_t)off, fmt, ap);
	va_end(ap);
	if (blame) {
		w->st.conn_errors++;
		if (w->nservers > 1 && w->cur == c->server) {
			struct wconn *o;

			w->cur = (c->server + 1) % (unsigned)w->nservers;
			w->st.failovers++;
			/* idle ones to the old server make room */
			for (o = TAILQ_FIRST(&w->conns); o != NULL;
			     o = TAILQ_NEXT(o, entry)) {
				if (o != c && o->state == C_READY
				    && !conn_busy(o))
					conn_close(o);
			}
		}
	}
	TAILQ_INIT(&l);
	TAILQ_INIT(&again);
	TAILQ_CONCAT(&l, &c->sent, entry);
	TAILQ_CONCAT(&l, &c->pending, entry);
	c->nsent = c->npending = 0;
	c->pre = 0;
	conn_close(c);
	/* first every query that goes again, at the head of the queue in
	 * its order; then the callbacks of the others */
	for (q = TAILQ_FIRST(&l); q != NULL; q = TAILQ_NEXT(q, entry)) {
		if (blame)
			q->fails++;
	}
	for (q = TAILQ_FIRST(&l); q != NULL;) {
		struct wquery *next = TAILQ_NEXT(q, entry);

		if (!w->closing && q->fails <= w->o.retries) {
			TAILQ_REMOVE(&l, q, entry);
			TAILQ_INSERT_TAIL(&again, q, entry);
			n++;
		}
		q = next;
	}
	if (n > 0) {
		w->st.resent += n;
		TAILQ_CONCAT(&again, &w->queue, entry);
		TAILQ_CONCAT(&w->queue, &again, entry);
	}
	whois_kick(w);
	query_fail_all(w, &l, status, msg);
}

static void on_timer(uv_timer_t *t);

static void
timer_start(struct wconn *c, uint32_t ms)
{
	/* cannot fail on a timer that is not closing */
	uv_timer_start(&c->timer, on_timer, ms, 0);
}

/* Nothing due: wait for work until the idle timeout, or close (a
 * connection to a server that is no longer the current one). */
static void
conn_idle(struct wconn *c)
{
	struct whois *w = c->w;

	if (c->state != C_READY || conn_busy(c))
		return;
	if (w->closing || c->server != w->cur)
		conn_close(c);
	else
		timer_start(c, w->o.idle_timeout_ms);
}

static void
on_timer(uv_timer_t *t)
{
	struct wconn *c = t->data;
	struct whois *w = c->w;

	switch (c->state) {
	case C_RESOLVING:
		conn_fail(c, RSG_EAGAIN, true,
		    "name resolution timed out after %u ms",
		    w->o.connect_timeout_ms);
		break;
	case C_CONNECTING:
		c->fail_status = RSG_EAGAIN;
		snprintf(c->fail_msg, sizeof(c->fail_msg),
		    "connect timed out after %u ms", w->o.connect_timeout_ms);
		/* the connect callback runs with UV_ECANCELED */
		conn_next_addr(c);
		break;
	case C_READY:
		if (conn_busy(c))
			conn_fail(c, RSG_EAGAIN, true, "no reply for %u ms",
			    w->o.reply_timeout_ms);
		else
			conn_close(c); /* idle */
		break;
	case C_CLOSING:
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Reply parser                                                        */

/* Room for need bytes in the reply buffer, grown as data arrives (a
 * server that announces a lot but sends little costs little). */
static int
reply_reserve(struct wconn *c, size_t need)
{
	size_t ncap;
	char *nb;

	if (need <= c->cap)
		return 0;
	ncap = c->cap > 0 ? c->cap : 4096;
	while (ncap < need)
		ncap *= 2;
	if (ncap > c->total + 1)
		ncap = c->total + 1;
	if (ncap < need)
		ncap = need;
	if ((nb = rsg__realloc(c->buf, ncap)) == NULL)
		return RSG_ENOMEM;
	c->buf = nb;
	c->cap = ncap;
	return 0;
}

/*
 * A whole reply: to !n or !s, or to the query at the head of sent.
 * Returns 0 to read on, -1 when the connection is closing.
 */
static int
reply(
    struct wconn *c, int status, const char *data, size_t len, const char *text)
{
	struct whois *w = c->w;
	const char *name = w->servers[c->server].name;
	struct wquery *q;
	char msg[MSG_MAX];

	if (c->pre > 0) {
		bool is_s = w->sources != NULL && c->pre == 1;

		c->pre--;
		if (is_s && status != 0) {
			conn_fail(c, RSG_EIO, true, "!s%s: %s", w->sources,
			    status == RSG_ENOENT ? "D" : text);
			return -1;
		}
		return 0; /* !n: whatever it says */
	}
	if ((q = TAILQ_FIRST(&c->sent)) == NULL) {
		conn_fail(c, RSG_EIO, true, "a reply to no query");
		return -1;
	}
	/* IRRd's answers are text: a NUL byte is garbage (and would cut
	 * the NUL-terminated data short) */
	if (status == 0 && len > 0 && memchr(data, '\0', len) != NULL) {
		conn_fail(c, RSG_EIO, true, "malformed reply: a NUL byte");
		return -1;
	}
	TAILQ_REMOVE(&c->sent, q, entry);
	c->nsent--;
	switch (status) {
	case 0:
		snprintf(msg, sizeof(msg), "%s", name);
		break;
	case RSG_ENOENT:
		snprintf(msg, sizeof(msg), "%s: %.*s: not found", name,
		    (int)q->cmdlen - 1, q->cmd);
		break;
	default:
		snprintf(msg, sizeof(msg), "%s: %.*s: %s", name,
		    (int)q->cmdlen - 1, q->cmd, text);
		break;
	}
	query_done(w, q, status, data, len, msg);
	if (c->state == C_CLOSING)
		return -1;
	if (c->cap > KEEP_BUF) {
		rsg__free(c->buf);
		c->buf = NULL;
		c->cap = 0;
	}
	return 0;
}

/* A reply line is complete (head[0..headlen), no newline). */
static int
head_line(struct wconn *c)
{
	char text[HEAD_MAX + 8];
	size_t len = c->headlen;
	char *data;

	c->headlen = 0;
	if (c->rs == R_TAIL) {
		/* "C" after the data: the reply is whole */
		c->rs = R_HEAD;
		data = c->buf;
		len = c->len;
		if (len > 0 && data[len - 1] == '\n')
			len--;
		data[len] = '\0';
		return reply(c, 0, data, len, NULL);
	}
	switch (c->head[0]) {
	case 'A':
		if (len == 1) {
			conn_fail(c, RSG_EIO, true,
			    "malformed reply: A without a length");
			return -1;
		}
		c->total = c->need = c->alen;
		c->alen = 0;
		c->len = 0;
		/* room for the NUL even if the data is empty */
		if (reply_reserve(c, c->need == 0 ? 1 : 0) != 0) {
			conn_fail(c, RSG_ENOMEM, true, "out of memory");
			return -1;
		}
		c->rs = c->need > 0 ? R_DATA : R_TAIL;
		return 0;
	case 'C':
		return reply(c, 0, "", 0, NULL);
	case 'D':
		return reply(c, RSG_ENOENT, NULL, 0, "D");
	case 'E':
		return reply(c, RSG_EIO, NULL, 0, "E: more than one object");
	default: /* 'F' */
		text[0] = 'F';
		sanitize(text + 1, sizeof(text) - 1, c->head + 1, len - 1);
		return reply(c, RSG_EIO, NULL, 0, text);
	}
}

/* The A length announced is over max_reply: the query at the head fails
 * with RSG_ERANGE and the connection is dropped before the data. */
static void
too_large(struct wconn *c)
{
	struct whois *w = c->w;
	struct wquery *q = TAILQ_FIRST(&c->sent);
	char msg[MSG_MAX];

	if (c->pre > 0 || q == NULL) {
		conn_fail(c, RSG_EIO, true,
		    "malformed reply: a reply of more than %zu bytes to !n "
		    "or !s",
		    w->o.max_reply);
		return;
	}
	TAILQ_REMOVE(&c->sent, q, entry);
	c->nsent--;
	snprintf(msg, sizeof(msg),
	    "%s: %.*s: the reply is larger than %zu bytes",
	    w->servers[c->server].name, (int)q->cmdlen - 1, q->cmd,
	    w->o.max_reply);
	conn_fail(c, RSG_EIO, false, "dropped after a reply too large");
	query_done(w, q, RSG_ERANGE, NULL, 0, msg);
}

/* One byte of a reply line. Returns 0 to read on, -1 when closing. */
static int
head_byte(struct wconn *c, char ch)
{
	struct whois *w = c->w;
	const char *bad = NULL;

	if (c->headlen == 0) {
		/* a reply starts: something must be due, and it must be
		 * one of the kinds (only C after data) */
		if (c->rs == R_TAIL) {
			if (ch != 'C')
				bad = "no C after the data";
		} else if (c->pre == 0 && c->nsent == 0) {
			bad = "data when no reply is due";
		} else if (ch != 'A' && ch != 'C' && ch != 'D' && ch != 'E'
		    && ch != 'F') {
			bad = "no IRRd reply";
		}
		if (bad == NULL) {
			c->head[c->headlen++] = ch;
			c->alen = 0;
			return 0;
		}
	} else if (ch == '\n') {
		return head_line(c);
	} else if (c->headlen + 1 >= sizeof(c->head)) {
		bad = "a reply line that does not end";
	} else {
		switch (c->head[0]) {
		case 'A':
			if (ch < '0' || ch > '9') {
				bad = "a bad A length";
			} else if ((size_t)(ch - '0') > w->o.max_reply
			    || c->alen
				> (w->o.max_reply - (size_t)(ch - '0')) / 10) {
				too_large(c);
				return -1;
			} else {
				c->alen = c->alen * 10 + (size_t)(ch - '0');
			}
			break;
		case 'F':
			break;
		default: /* C, D, E and the C after data end there */
			bad = "text after a one-letter reply";
			break;
		}
		if (bad == NULL) {
			c->head[c->headlen++] = ch;
			return 0;
		}
	}
	conn_fail(c, RSG_EIO, true, "malformed reply: %s", bad);
	return -1;
}

/* Bytes from the server, in any split; stops when the connection ends. */
static void
conn_parse(struct wconn *c, const char *p, size_t n)
{
	while (n > 0 && c->state != C_CLOSING) {
		if (c->rs == R_DATA) {
			size_t k = n < c->need ? n : c->need;

			if (reply_reserve(c, c->len + k + 1) != 0) {
				conn_fail(c, RSG_ENOMEM, true, "out of memory");
				return;
			}
			memcpy(c->buf + c->len, p, k);
			c->len += k;
			c->need -= k;
			p += k;
			n -= k;
			if (c->need == 0)
				c->rs = R_TAIL;
			continue;
		}
		if (head_byte(c, *p) != 0)
			return;
		p++;
		n--;
	}
}

/* ------------------------------------------------------------------ */
/* Connections: I/O                                                    */

static void
on_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
	struct wconn *c = h->data;

	(void)hint;
	buf->base = c->rbuf;
	buf->len = sizeof(c->rbuf);
}

static void
on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	struct wconn *c = s->data;
	struct whois *w = c->w;

	if (c->state == C_CLOSING || nread == 0)
		return;
	if (nread < 0) {
		if (nread == UV_EOF && !conn_busy(c) && c->rs == R_HEAD
		    && c->headlen == 0)
			conn_close(c); /* an idle connection the server ended */
		else if (nread == UV_EOF)
			conn_fail(c, RSG_EIO, true,
			    "connection closed by the server");
		else
			conn_fail(c, RSG_EIO, true, "read: %s",
			    uv_strerror((int)nread));
		if (!TAILQ_EMPTY(&w->queue))
			whois_kick(w);
		return;
	}
	w->st.bytes_in += (uint64_t)nread;
	/* progress: the reply timeout starts again */
	timer_start(c, w->o.reply_timeout_ms);
	conn_parse(c, buf->base, (size_t)nread);
	if (c->state == C_CLOSING)
		return;
	conn_idle(c);
	if (!TAILQ_EMPTY(&w->queue))
		whois_kick(w);
}

static void
on_write(uv_write_t *req, int status)
{
	struct wwrite *wr = req->data;
	struct wconn *c = wr->c;

	rsg__free(wr);
	/* write callbacks run before the socket's close callback */
	if (status < 0 && status != UV_ECANCELED)
		conn_fail(c, RSG_EIO, true, "write: %s", uv_strerror(status));
}

/* Send the preamble (once) and every pending query in one write. */
static void
conn_flush(struct wconn *c)
{
	struct whois *w = c->w;
	struct wwrite *wr;
	struct wquery *q;
	size_t n = 0, off = 0;
	bool was_idle;
	int rc;

	if (c->state != C_READY)
		return;
	if (!c->greeted) {
		n += strlen(PREAMBLE);
		if (w->sources != NULL)
			n += strlen(w->sources) + 3;
	}
	for (q = TAILQ_FIRST(&c->pending); q != NULL; q = TAILQ_NEXT(q, entry))
		n += q->cmdlen;
	if (n == 0)
		return;
	if ((wr = rsg__malloc(sizeof(*wr) + n)) == NULL) {
		conn_fail(c, RSG_ENOMEM, true, "out of memory");
		return;
	}
	if (!c->greeted) {
		off = strlen(PREAMBLE);
		memcpy(wr->data, PREAMBLE, off);
		if (w->sources != NULL) {
			size_t sl = strlen(w->sources);

			memcpy(wr->data + off, "!s", 2);
			memcpy(wr->data + off + 2, w->sources, sl);
			wr->data[off + 2 + sl] = '\n';
			off += sl + 3;
		}
	}
	for (q = TAILQ_FIRST(&c->pending); q != NULL;
	     q = TAILQ_NEXT(q, entry)) {
		memcpy(wr->data + off, q->cmd, q->cmdlen);
		off += q->cmdlen;
	}
	wr->c = c;
	wr->req.data = wr;
	wr->buf = uv_buf_init(wr->data, (unsigned)n);
	was_idle = c->pre == 0 && c->nsent == 0;
	rc = uv_write(&wr->req, (uv_stream_t *)&c->tcp, &wr->buf, 1, on_write);
	if (rc != 0) {
		rsg__free(wr);
		conn_fail(c, RSG_EIO, true, "write: %s", uv_strerror(rc));
		return;
	}
	if (!c->greeted) {
		c->greeted = true;
		c->pre = 1 + (w->sources != NULL);
	}
	TAILQ_CONCAT(&c->sent, &c->pending, entry);
	c->nsent += c->npending;
	c->npending = 0;
	if (was_idle)
		timer_start(c, w->o.reply_timeout_ms);
}

static void
on_connect(uv_connect_t *req, int status)
{
	struct wconn *c = req->data;
	struct whois *w = c->w;
	int rc;

	/* cancelled: the socket is closing (the timer, conn_close) */
	if (c->state == C_CLOSING || status == UV_ECANCELED)
		return;
	if (status < 0) {
		c->fail_status = RSG_EIO;
		snprintf(c->fail_msg, sizeof(c->fail_msg), "connect: %s",
		    uv_strerror(status));
		conn_next_addr(c);
		return;
	}
	c->state = C_READY;
	w->st.connects++;
	uv_tcp_nodelay(&c->tcp, 1);
	rc = uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
	if (rc != 0) {
		conn_fail(
		    c, RSG_EIO, true, "uv_read_start: %s", uv_strerror(rc));
		return;
	}
	conn_flush(c);
}

/* The socket of an address that failed is closed: try the next one. */
static void
on_tcp_retry(uv_handle_t *h)
{
	struct wconn *c = h->data;
	bool closing = c->state == C_CLOSING;

	c->tcp_open = false;
	/* not the last reference unless closing: the timer holds one */
	conn_unref(c);
	if (!closing)
		conn_connect(c);
}

/* Close the socket of an address that failed; the next one follows. */
static void
conn_next_addr(struct wconn *c)
{
	uv_timer_stop(&c->timer);
	if (!uv_is_closing((uv_handle_t *)&c->tcp))
		uv_close((uv_handle_t *)&c->tcp, on_tcp_retry);
}

/* Connect to the next address, or fail with the last address's error. */
static void
conn_connect(struct wconn *c)
{
	struct whois *w = c->w;
	struct addrinfo *a;
	int rc;

	while ((a = c->ai_next) != NULL) {
		c->ai_next = a->ai_next;
		if (a->ai_family != AF_INET && a->ai_family != AF_INET6)
			continue;
		if ((rc = uv_tcp_init(w->loop, &c->tcp)) != 0) {
			conn_fail(c, RSG_EIO, true, "uv_tcp_init: %s",
			    uv_strerror(rc));
			return;
		}
		c->tcp.data = c;
		c->tcp_open = true;
		c->refs++;
		c->state = C_CONNECTING;
		c->creq.data = c;
		rc = uv_tcp_connect(&c->creq, &c->tcp, a->ai_addr, on_connect);
		if (rc != 0) {
			c->fail_status = RSG_EIO;
			snprintf(c->fail_msg, sizeof(c->fail_msg),
			    "connect: %s", uv_strerror(rc));
			conn_next_addr(c);
			return;
		}
		timer_start(c, w->o.connect_timeout_ms);
		return;
	}
	if (c->fail_status == 0)
		conn_fail(c, RSG_EIO, true, "no address to connect to");
	else
		conn_fail(c, c->fail_status, true, "%s", c->fail_msg);
}

static void
on_resolved(uv_getaddrinfo_t *req, int status, struct addrinfo *res)
{
	struct wconn *c = req->data;

	c->resolving = false;
	if (c->state == C_CLOSING) {
		if (res != NULL)
			uv_freeaddrinfo(res);
		conn_unref(c);
		return;
	}
	if (status < 0) {
		conn_fail(c, RSG_EIO, true, "cannot resolve: %s",
		    uv_strerror(status));
		conn_unref(c);
		return;
	}
	c->ai = c->ai_next = res;
	conn_unref(c); /* not the last: the timer holds one */
	conn_connect(c);
}

/* A new connection to server: resolving its name. */
static int
conn_new(struct whois *w, unsigned server, struct wconn **out)
{
	const struct wserver *s = &w->servers[server];
	struct addrinfo hints;
	struct wconn *c;
	int rc;

	*out = NULL;
	if ((c = rsg__calloc(1, sizeof(*c))) == NULL)
		return RSG_ENOMEM;
	c->w = w;
	c->server = server;
	c->state = C_RESOLVING;
	TAILQ_INIT(&c->pending);
	TAILQ_INIT(&c->sent);
	uv_timer_init(w->loop, &c->timer); /* cannot fail */
	c->timer.data = c;
	c->refs = 1;
	TAILQ_INSERT_TAIL(&w->conns, c, entry);
	w->refs++;
	w->nlive++;
	if (w->nlive > w->st.conns_peak)
		w->st.conns_peak = w->nlive;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_protocol = IPPROTO_TCP;
	hints.ai_flags = AI_NUMERICSERV;
	c->gai.data = c;
	rc = uv_getaddrinfo(
	    w->loop, &c->gai, on_resolved, s->host, s->port, &hints);
	if (rc != 0) {
		conn_close(c);
		return rc == UV_ENOMEM ? RSG_ENOMEM : RSG_EIO;
	}
	c->resolving = true;
	c->refs++;
	timer_start(c, w->o.connect_timeout_ms);
	*out = c;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Dispatch                                                            */

/* The connection to the current server with the fewest queries and
 * room for one more. */
static struct wconn *
conn_pick(struct whois *w)
{
	struct wconn *c, *best = NULL;
	unsigned best_load = PIPELINE_MAX;

	for (c = TAILQ_FIRST(&w->conns); c != NULL; c = TAILQ_NEXT(c, entry)) {
		unsigned load = c->npending + c->nsent;

		if (c->state == C_CLOSING || c->server != w->cur)
			continue;
		if (load < best_load) {
			best = c;
			best_load = load;
		}
	}
	return best;
}

/* Give queued queries to connections (a new one when every one has
 * some work and the limit allows), then send. */
static void
dispatch(struct whois *w)
{
	struct wquery *q;
	struct wconn *c;
	char msg[MSG_MAX];
	int rc;

	while (!w->closing && (q = TAILQ_FIRST(&w->queue)) != NULL) {
		c = conn_pick(w);
		if ((c == NULL || c->npending + c->nsent > 0)
		    && w->nlive < w->o.max_conns) {
			struct wconn *n;

			rc = conn_new(w, w->cur, &n);
			if (rc == 0) {
				c = n;
			} else if (w->nlive == 0) {
				struct wqueue l;

				/* nothing will ever take them */
				snprintf(msg, sizeof(msg),
				    "%s: cannot start a connection: %s",
				    w->servers[w->cur].name, rsg_strerror(rc));
				TAILQ_INIT(&l);
				TAILQ_CONCAT(&l, &w->queue, entry);
				query_fail_all(w, &l, rc, msg);
				break;
			}
		}
		if (c == NULL)
			break;
		TAILQ_REMOVE(&w->queue, q, entry);
		TAILQ_INSERT_TAIL(&c->pending, q, entry);
		c->npending++;
	}
	for (c = TAILQ_FIRST(&w->conns); c != NULL; c = TAILQ_NEXT(c, entry)) {
		if (c->state == C_READY && c->npending > 0)
			conn_flush(c);
	}
}

static void
on_kick(uv_timer_t *t)
{
	dispatch(t->data);
}

static void
whois_kick(struct whois *w)
{
	if (!w->closing)
		uv_timer_start(&w->kick, on_kick, 0, 0);
}

static void
on_kick_closed(uv_handle_t *h)
{
	whois_unref(h->data);
}

/* ------------------------------------------------------------------ */
/* API                                                                 */

void
rsg__whois_opts_init(struct whois_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->connect_timeout_ms = WHOIS_DEFAULT_CONNECT_TIMEOUT;
	o->reply_timeout_ms = WHOIS_DEFAULT_REPLY_TIMEOUT;
	o->idle_timeout_ms = WHOIS_DEFAULT_IDLE_TIMEOUT;
	o->retries = WHOIS_DEFAULT_RETRIES;
	o->max_conns = WHOIS_DEFAULT_MAX_CONNS;
	o->max_reply = WHOIS_DEFAULT_MAX_REPLY;
	o->max_queue = WHOIS_DEFAULT_MAX_QUEUE;
}

int
rsg__whois_new(uv_loop_t *loop, const struct whois_opts *o, struct whois **out)
{
	struct whois *w = NULL;
	int rc = RSG_ENOMEM;

	*out = NULL;
	if (loop == NULL || o == NULL || o->servers == NULL || o->nservers == 0
	    || o->nservers > 64)
		return RSG_EINVAL;
	for (size_t i = 0; i < o->nservers; i++) {
		const struct whois_server *s = &o->servers[i];

		if (s->host == NULL || s->port == 0
		    || strnlen(s->host, 256) == 0 || strnlen(s->host, 256) > 255
		    || strpbrk(s->host, " \t\r\n") != NULL)
			return RSG_EINVAL;
	}
	if (o->sources != NULL && !sources_ok(o->sources))
		return RSG_EINVAL;
	if ((w = rsg__calloc(1, sizeof(*w))) == NULL)
		return RSG_ENOMEM;
	w->loop = loop;
	w->o = *o;
	w->o.servers = NULL;
	w->o.sources = NULL;
	if (w->o.connect_timeout_ms == 0)
		w->o.connect_timeout_ms = WHOIS_DEFAULT_CONNECT_TIMEOUT;
	if (w->o.reply_timeout_ms == 0)
		w->o.reply_timeout_ms = WHOIS_DEFAULT_REPLY_TIMEOUT;
	if (w->o.idle_timeout_ms == 0)
		w->o.idle_timeout_ms = WHOIS_DEFAULT_IDLE_TIMEOUT;
	if (w->o.max_conns == 0)
		w->o.max_conns = WHOIS_DEFAULT_MAX_CONNS;
	if (w->o.max_reply == 0 || w->o.max_reply > SIZE_MAX / 4)
		w->o.max_reply = WHOIS_DEFAULT_MAX_REPLY;
	if (w->o.max_queue == 0)
		w->o.max_queue = WHOIS_DEFAULT_MAX_QUEUE;
	TAILQ_INIT(&w->queue);
	TAILQ_INIT(&w->conns);
	w->servers = rsg__calloc(o->nservers, sizeof(*w->servers));
	if (w->servers == NULL)
		goto out;
	w->nservers = o->nservers;
	for (size_t i = 0; i < o->nservers; i++) {
		struct wserver *s = &w->servers[i];

		if ((s->host = rsg__strdup(o->servers[i].host)) == NULL)
			goto out;
		snprintf(s->port, sizeof(s->port), "%u",
		    (unsigned)o->servers[i].port);
		if (strchr(s->host, ':') != NULL)
			snprintf(s->name, sizeof(s->name), "[%s]:%s", s->host,
			    s->port);
		else
			snprintf(s->name, sizeof(s->name), "%s:%s", s->host,
			    s->port);
	}
	if (o->sources != NULL
	    && (w->sources = rsg__strdup(o->sources)) == NULL)
		goto out;
	if ((rc = uv_timer_init(loop, &w->kick)) != 0) {
		rc = RSG_EIO;
		goto out;
	}
	w->kick.data = w;
	w->refs = 1;
	*out = w;
	return 0;
out:
	if (w->servers != NULL) {
		for (size_t i = 0; i < w->nservers; i++)
			rsg__free(w->servers[i].host);
	}
	rsg__free(w->servers);
	rsg__free(w->sources);
	rsg__free(w);
	return rc;
}

int
rsg__whois_query(struct whois *w, enum whois_query kind, const char *key,
    whois_cb cb, void *arg)
{
	char cmd[WHOIS_MAX_KEY + 16];
	struct wquery *q;
	uint32_t asn;
	int n;

	if (w == NULL || w->closing || key == NULL || cb == NULL)
		return RSG_EINVAL;
	switch (kind) {
	case WHOIS_EXPAND:
	case WHOIS_MEMBERS:
		if (!key_ok(key))
			return RSG_EINVAL;
		n = snprintf(cmd, sizeof(cmd), "!i%s%s\n", key,
		    kind == WHOIS_EXPAND ? ",1" : "");
		break;
	case WHOIS_ROUTES4:
	case WHOIS_ROUTES6:
		if (rsg__parse_asn(key, strnlen(key, 16), &asn) != 0
		    || strnlen(key, 16) > 12)
			return RSG_EINVAL;
		n = snprintf(cmd, sizeof(cmd), "!%cAS%u\n",
		    kind == WHOIS_ROUTES4 ? 'g' : '6', asn);
		break;
	default:
		return RSG_EINVAL;
	}
	if (n < 0 || (size_t)n >= sizeof(cmd))
		return RSG_EINVAL;
	if (w->nqueries >= w->o.max_queue)
		return RSG_EBUSY;
	if ((q = rsg__malloc(sizeof(*q) + (size_t)n + 1)) == NULL)
		return RSG_ENOMEM;
	memset(q, 0, sizeof(*q));
	q->cb = cb;
	q->arg = arg;
	q->cmdlen = (size_t)n;
	memcpy(q->cmd, cmd, (size_t)n + 1);
	TAILQ_INSERT_TAIL(&w->queue, q, entry);
	w->nqueries++;
	w->st.queries++;
	whois_kick(w);
	return 0;
}

void
rsg__whois_close(struct whois *w, whois_closed_cb closed, void *arg)
{
	struct wqueue l;
	struct wconn *c;

	if (w == NULL || w->closing)
		return;
	w->closing = true;
	w->closed = closed;
	w->closed_arg = arg;
	TAILQ_INIT(&l);
	for (c = TAILQ_FIRST(&w->conns); c != NULL; c = TAILQ_NEXT(c, entry)) {
		TAILQ_CONCAT(&l, &c->sent, entry);
		TAILQ_CONCAT(&l, &c->pending, entry);
		c->nsent = c->npending = 0;
		c->pre = 0;
		conn_close(c);
	}
	TAILQ_CONCAT(&l, &w->queue, entry);
	uv_close((uv_handle_t *)&w->kick, on_kick_closed);
	query_fail_all(
	    w, &l, RSG_EAGAIN, "whois: cancelled: the client is closing");
}

void
rsg__whois_stats(const struct whois *w, struct whois_stats *st)
{
	*st = w->st;
	st->conns = w->nlive;
	st->queued = w->nqueries;
	st->server = w->cur;
}
