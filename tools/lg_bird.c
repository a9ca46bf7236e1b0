/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rsguard lg: BIRD's control socket and its replies (lg_bird.h).
 *
 * The formats are BIRD 3.3's (nest/rt-show.c, nest/rt-attr.c,
 * nest/proto.c, proto/bgp/attrs.c): a route's header line
 *	"<net, padded to 20> <dest> [<proto> <since>[ from <ip>]][ *] (<pref>...)..."
 * (the net blank for the second route of a net), then "\tvia <ip> on <if>",
 * then one "\t<name>: <value>" line per attribute, community lists going
 * on in "\t\t<more>" lines. Attribute names are BIRD 3's own (bgp_path,
 * bgp_large_community) or, on a socket with `v2 attributes`, BIRD 2's
 * (BGP.as_path, BGP.large_community): both are read.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "lg_bird.h"

static int fail(struct lg_bird *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
fail(struct lg_bird *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->error, sizeof(b->error), fmt, ap);
	va_end(ap);
	return -1;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for fd to be ready for events until *deadline (set on the first
 * wait of a call: reading a line that is there costs no clock). 0, or
 * -1. */
static int
wait_fd(struct lg_bird *b, short events, int64_t *deadline)
{
	struct pollfd p = { b->fd, events, 0 };

	if (*deadline == 0)
		*deadline = now_ms() + b->timeout_ms;
	for (;;) {
		int64_t left = *deadline - now_ms();
		int r;

		if (left <= 0)
			return fail(b, "BIRD did not answer within %d ms",
			    b->timeout_ms);
		r = poll(&p, 1, (int)left);
		if (r > 0)
			return 0;
		if (r < 0 && errno != EINTR)
			return fail(b, "poll: %s", strerror(errno));
	}
}

int
lg_bird_open(struct lg_bird *b, const char *path, int timeout_ms)
{
	struct sockaddr_un sa;
	const char *text;
	int code, r;

	memset(b, 0, sizeof(*b));
	b->fd = -1;
	b->timeout_ms = timeout_ms > 0 ? timeout_ms : 10000;
	if (strlen(path) >= sizeof(sa.sun_path))
		return fail(b, "%s: path too long for a socket", path);
	if ((b->buf = malloc(LG_LINE_MAX + 1)) == NULL)
		return fail(b, "out of memory");
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path));
	b->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (b->fd < 0)
		return fail(b, "socket: %s", strerror(errno));
	/* a local socket connects at once or not at all */
	if (connect(b->fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		return fail(b, "%s: %s", path, strerror(errno));
	/* the greeting: "0001 BIRD 3.3.2 ready." */
	b->in_reply = true;
	while ((r = lg_bird_line(b, &code, &text)) > 0)
		;
	if (r < 0)
		return -1;
	if (code != 1)
		return fail(b, "%s: no BIRD greeting (code %04d)", path, code);
	if (sscanf(text, "BIRD %31s", b->version) != 1)
		snprintf(b->version, sizeof(b->version), "?");
	return 0;
}

void
lg_bird_close(struct lg_bird *b)
{
	if (b->fd >= 0)
		close(b->fd);
	free(b->buf);
	b->fd = -1;
	b->buf = NULL;
}

int
lg_bird_send(struct lg_bird *b, const char *cmd)
{
	int64_t deadline = 0;
	char line[1024];
	size_t n, off = 0;

	if (b->in_reply)
		return fail(b, "a reply is still being read");
	n = (size_t)snprintf(line, sizeof(line), "%s\n", cmd);
	if (n >= sizeof(line) || strchr(cmd, '\n') != NULL)
		return fail(b, "command too long or with a newline");
	while (off < n) {
		ssize_t w = send(b->fd, line + off, n - off, MSG_NOSIGNAL);

		if (w > 0) {
			off += (size_t)w;
			continue;
		}
		if (w < 0 && errno != EAGAIN && errno != EINTR)
			return fail(b, "write to BIRD: %s", strerror(errno));
		if (wait_fd(b, POLLOUT, &deadline) != 0)
			return -1;
	}
	b->in_reply = true;
	b->code = 0;
	return 0;
}

/* One raw line into *line (NUL-terminated, '\n' removed). 0 or -1. */
static int
raw_line(struct lg_bird *b, char **line, int64_t *deadline)
{
	for (;;) {
		char *nl = memchr(b->buf + b->off, '\n', b->len - b->off);
		ssize_t r;

		if (nl != NULL) {
			*nl = '\0';
			*line = b->buf + b->off;
			b->off = (size_t)(nl - b->buf) + 1;
			return 0;
		}
		if (b->off > 0) {
			memmove(b->buf, b->buf + b->off, b->len - b->off);
			b->len -= b->off;
			b->off = 0;
		}
		if (b->len == LG_LINE_MAX) {
			/* a line this long is cut: its rest is skipped */
			b->buf[LG_LINE_MAX] = '\0';
			*line = b->buf;
			b->len = b->off = 0;
			for (;;) {
				char c;

				r = recv(b->fd, &c, 1, 0);
				if (r == 1 && c == '\n')
					return 0;
				if (r == 0)
					return fail(
					    b, "BIRD closed the socket");
				if (r < 0 && errno != EAGAIN && errno != EINTR)
					return fail(b, "read from BIRD: %s",
					    strerror(errno));
				if (r < 0 && wait_fd(b, POLLIN, deadline) != 0)
					return -1;
			}
		}
		r = recv(b->fd, b->buf + b->len, LG_LINE_MAX - b->len, 0);
		if (r > 0) {
			b->len += (size_t)r;
			continue;
		}
		if (r == 0)
			return fail(b, "BIRD closed the socket");
		if (errno != EAGAIN && errno != EINTR)
			return fail(b, "read from BIRD: %s", strerror(errno));
		if (wait_fd(b, POLLIN, deadline) != 0)
			return -1;
	}
}

int
lg_bird_line(struct lg_bird *b, int *code, const char **text)
{
	int64_t deadline = 0;
	char *line = NULL;

	if (!b->in_reply)
		return fail(b, "no command sent");
	int r;

	if (raw_line(b, &line, &deadline) != 0)
		return -1;
	if ((r = lg_reply_line(line, &b->code, code, text)) < 0)
		return fail(b, "not BIRD's reply protocol: \"%.40s\"", line);
	if (r == 0)
		b->in_reply = false;
	return r;
}

int
lg_reply_line(const char *line, int *last, int *code, const char **text)
{
	if (line[0] == ' ') {
		/* a continuation: the code of the line before */
		*code = *last;
		*text = line + 1;
		return 1;
	}
	if (strlen(line) < 5 || line[0] < '0' || line[0] > '9' || line[1] < '0'
	    || line[1] > '9' || line[2] < '0' || line[2] > '9' || line[3] < '0'
	    || line[3] > '9' || (line[4] != '-' && line[4] != ' '))
		return -1;
	*code = *last = (line[0] - '0') * 1000 + (line[1] - '0') * 100
	    + (line[2] - '0') * 10 + (line[3] - '0');
	*text = line + 5;
	return line[4] == ' ' ? 0 : 1;
}

/* A reply's last line: 0000 (or a code below 8000) is success. */
static int
reply_end(struct lg_bird *b, int code, const char *text)
{
	if (code >= 8000)
		return fail(b, "BIRD: %s (%04d)", text, code);
	return 0;
}

bool
lg_symbol_ok(const char *s)
{
	size_t n = 0;

	if (s == NULL
	    || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')
		|| s[0] == '_'))
		return false;
	for (; s[n] != '\0'; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z')
			|| (s[n] >= 'A' && s[n] <= 'Z')
			|| (s[n] >= '0' && s[n] <= '9') || s[n] == '_'))
			return false;
	return n < LG_NAME_MAX;
}

/* ------------------------------------------------------------------ */
/* Routes                                                              */

static void
copy(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static const char *
skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* The next blank-separated word of *s into buf; false at the end. */
static bool
word(const char **s, char *buf, size_t cap)
{
	const char *p = skip_ws(*s), *e = p;

	while (*e != '\0' && *e != ' ' && *e != '\t')
		e++;
	if (e == p)
		return false;
	copy(buf, cap, p, (size_t)(e - p));
	*s = e;
	return true;
}

void
lg_route_parser_init(struct lg_route_parser *p, lg_route_cb *cb, void *arg)
{
	memset(p, 0, sizeof(*p));
	p->cb = cb;
	p->arg = arg;
	p->list = -1; /* ATTR_NONE */
}

static int
flush(struct lg_route_parser *p)
{
	int r = 0;

	if (p->have && p->stop == 0)
		r = p->stop = p->cb(p->arg, &p->r);
	p->have = false;
	return r;
}

/* "<net> <dest> [<proto> <since>[ from <ip>]][ *] (<pref>...)" */
static void
route_header(struct lg_route_parser *p, const char *text)
{
	struct lg_route *r = &p->r;
	const char *s = text, *lb, *rb;
	char w[64];

	/* the arrays are read up to their counts: only the rest is reset
	 * (a route is 20 KB, most of it communities' room) */
	r->net[0] = r->dest[0] = r->proto[0] = r->since[0] = r->from[0] = '\0';
	r->gateway[0] = r->iface[0] = r->source[0] = r->origin[0] = '\0';
	r->next_hop[0] = r->path_text[0] = '\0';
	r->primary = r->path_set = r->path_cut = r->comm_cut = false;
	r->has_local_pref = r->has_med = r->has_otc = false;
	r->pref = 0;
	r->local_pref = r->med = r->otc = 0;
	r->npath = r->ncomm = r->nlarge = r->next = 0;
	p->have = true;
	copy(r->table, sizeof(r->table), p->table, strlen(p->table));
	if (*s != ' ' && word(&s, w, sizeof(w)))
		copy(p->last_net, sizeof(p->last_net), w, strlen(w));
	copy(r->net, sizeof(r->net), p->last_net, strlen(p->last_net));
	if (word(&s, w, sizeof(w)) && w[0] != '[')
		copy(r->dest, sizeof(r->dest), w, strlen(w));
	if ((lb = strchr(text, '[')) == NULL || (rb = strchr(lb, ']')) == NULL)
		return;
	{
		char in[256];
		const char *q = in;

		copy(in, sizeof(in), lb + 1, (size_t)(rb - lb - 1));
		word(&q, r->proto, sizeof(r->proto));
		/* the time is one word ("12:00:07.123", "2026-09-30") or
		 * two ("2026-09-30 12:00:07") */
		if (word(&q, r->since, sizeof(r->since))) {
			const char *save = q;

			if (word(&q, w, sizeof(w)) && strcmp(w, "from") != 0) {
				size_t n = strlen(r->since);

				snprintf(r->since + n, sizeof(r->since) - n,
				    " %s", w);
			} else {
				q = save;
			}
		}
		if (word(&q, w, sizeof(w)) && strcmp(w, "from") == 0)
			word(&q, r->from, sizeof(r->from));
	}
	s = skip_ws(rb + 1);
	if (*s == '*') {
		r->primary = true;
		s = skip_ws(s + 1);
	} else if (*s == '!') {
		s = skip_ws(s + 1);
	}
	if (*s == '(')
		r->pref = atoi(s + 1);
}

static void
route_path(struct lg_route *r, const char *v)
{
	while (*(v = skip_ws(v)) != '\0') {
		char *end;
		unsigned long a;

		if (*v == '{' || *v == '}' || *v == '(' || *v == ')'
		    || *v == '[' || *v == ']') {
			r->path_set = true;
			v++;
			continue;
		}
		a = strtoul(v, &end, 10);
		if (end == v) {
			v++;
			continue;
		}
		if (r->npath < LG_PATH_MAX)
			r->path[r->npath++] = (uint32_t)a;
		else
			r->path_cut = true;
		v = end;
	}
}

/* The next "(...)" of v: its inside into buf; NULL at the end. */
static const char *
paren(const char *v, char *buf, size_t cap)
{
	const char *o = strchr(v, '('), *c;

	if (o == NULL || (c = strchr(o, ')')) == NULL)
		return NULL;
	copy(buf, cap, o + 1, (size_t)(c - o - 1));
	return c + 1;
}

static bool
parse_u32(const char *s, uint32_t *out)
{
	char *end;
	unsigned long long v;

	s = skip_ws(s);
	if (*s < '0' || *s > '9')
		return false;
	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) {
		/* decimal, the common case: without strtoull's locale */
		for (v = 0; *s >= '0' && *s <= '9' && v <= UINT32_MAX; s++)
			v = v * 10 + (unsigned)(*s - '0');
		if (v > UINT32_MAX || *skip_ws(s) != '\0')
			return false;
		*out = (uint32_t)v;
		return true;
	}
	v = strtoull(s, &end, 16);
	if (v > UINT32_MAX || *skip_ws(end) != '\0')
		return false;
	*out = (uint32_t)v;
	return true;
}

/* An IPv4 address "a.b.c.d" as a number. */
static bool
parse_ip4(const char *s, uint32_t *out)
{
	struct rsg_ip ip;

	if (rsg_ip_parse(s, &ip) != 0 || ip.afi != RSG_AFI_IPV4)
		return false;
	*out = ip.addr[0];
	return true;
}

/*
 * An extended community as BIRD prints it (lib/a-set.c): "(rt, 64500,
 * 100)", "(ro, 192.0.2.1, 7)", "(unknown 0x8, 64500, 100)", "(generic,
 * 0x2fbf4, 0x64)". The kind's type byte is not printed for rt and ro: an
 * IPv4 key is type 1, a key above 65535 type 2 (four-octet AS), else 0,
 * as BIRD's own parser reads them.
 */
static bool
ext_value(const char *kind, const char *a, const char *b, struct rsg_ec *ec)
{
	uint32_t type, key, val, ip = 0;
	bool is_ip = parse_ip4(a, &ip);

	if (strcmp(kind, "generic") == 0)
		return parse_u32(a, &ec->hi) && parse_u32(b, &ec->lo);
	if (strcmp(kind, "rt") == 0 || strcmp(kind, "ro") == 0) {
		uint32_t sub = kind[1] == 't' ? 0x02 : 0x03;

		if (is_ip)
			type = 0x0100 | sub;
		else if (!parse_u32(a, &key))
			return false;
		else
			type = (key > 0xffff ? 0x0200 : 0x0000) | sub;
	} else if (strncmp(kind, "unknown ", 8) != 0
	    || !parse_u32(kind + 8, &type) || type > 0xffff) {
		return false;
	}
	if (!parse_u32(b, &val))
		return false;
	if (is_ip)
		key = ip;
	else if (!parse_u32(a, &key))
		return false;
	switch (type >> 8) {
	case 0x00:
	case 0x40:
		ec->hi = type << 16 | (key & 0xffff);
		ec->lo = val;
		return true;
	case 0x01:
	case 0x41:
	case 0x02:
	case 0x42:
		ec->hi = type << 16 | key >> 16;
		ec->lo = (key & 0xffff) << 16 | (val & 0xffff);
		return true;
	default:
		return false;
	}
}

/* "(a,b) ..." / "(a, b, c) ..." / "(rt, a, b) ..." */
static void
route_comms(struct lg_route *r, int kind, const char *v)
{
	char in[128];

	while ((v = paren(v, in, sizeof(in))) != NULL) {
		char *f[3] = { in, NULL, NULL };
		unsigned n = 1;

		for (char *c = in; *c != '\0' && n < 3; c++)
			if (*c == ',') {
				*c = '\0';
				f[n++] = c + 1;
			}
		if (kind == 0 && n == 2) {
			uint32_t a, b;

			if (!parse_u32(f[0], &a) || !parse_u32(f[1], &b)
			    || a > 0xffff || b > 0xffff)
				continue;
			if (r->ncomm == LG_COMM_MAX) {
				r->comm_cut = true;
				continue;
			}
			r->comm[r->ncomm++] = a << 16 | b;
		} else if (kind == 1 && n == 3) {
			struct rsg_lc lc;

			if (!parse_u32(f[0], &lc.asn)
			    || !parse_u32(f[1], &lc.data1)
			    || !parse_u32(f[2], &lc.data2))
				continue;
			if (r->nlarge == LG_COMM_MAX) {
				r->comm_cut = true;
				continue;
			}
			r->large[r->nlarge++] = lc;
		} else if (kind == 2 && n == 3) {
			size_t i = r->next;
			const char *k = skip_ws(f[0]), *a = skip_ws(f[1]),
				   *b = skip_ws(f[2]);

			if (i == LG_COMM_MAX) {
				r->comm_cut = true;
				continue;
			}
			copy(r->ext_kind[i], sizeof(r->ext_kind[i]), k,
			    strlen(k));
			copy(r->ext_a[i], sizeof(r->ext_a[i]), a, strlen(a));
			copy(r->ext_b[i], sizeof(r->ext_b[i]), b, strlen(b));
			if (ext_value(k, a, b, &r->ext[i]))
				r->next++;
		}
	}
}

/* The kinds of list attributes, for continuation lines. */
enum { ATTR_NONE = -1, ATTR_COMM = 0, ATTR_LARGE = 1, ATTR_EXT = 2 };

static int
route_attr(struct lg_route_parser *p, const char *name, const char *v)
{
	struct lg_route *r = &p->r;

	/* BIRD 2 names (v2 attributes): "BGP.as_path"; BIRD 3's: "bgp_path" */
	if (strncmp(name, "BGP.", 4) == 0 || strncmp(name, "bgp_", 4) == 0)
		name += 4;
	if (strcmp(name, "origin") == 0)
		copy(r->origin, sizeof(r->origin), v, strlen(v));
	else if (strcmp(name, "path") == 0 || strcmp(name, "as_path") == 0) {
		copy(r->path_text, sizeof(r->path_text), v, strlen(v));
		route_path(r, v);
	} else if (strcmp(name, "next_hop") == 0) {
		const char *e = v;

		while (*e != '\0' && *e != ' ')
			e++;
		copy(r->next_hop, sizeof(r->next_hop), v, (size_t)(e - v));
	} else if (strcmp(name, "local_pref") == 0)
		r->has_local_pref = parse_u32(v, &r->local_pref);
	else if (strcmp(name, "med") == 0)
		r->has_med = parse_u32(v, &r->med);
	else if (strcmp(name, "otc") == 0)
		r->has_otc = parse_u32(v, &r->otc);
	else if (strcmp(name, "community") == 0) {
		route_comms(r, ATTR_COMM, v);
		return ATTR_COMM;
	} else if (strcmp(name, "large_community") == 0) {
		route_comms(r, ATTR_LARGE, v);
		return ATTR_LARGE;
	} else if (strcmp(name, "ext_community") == 0) {
		route_comms(r, ATTR_EXT, v);
		return ATTR_EXT;
	} else if (strcmp(name, "source") == 0 || strcmp(name, "Type") == 0) {
		const char *e = v;

		while (*e != '\0' && *e != ' ')
			e++;
		copy(r->source, sizeof(r->source), v, (size_t)(e - v));
	}
	return ATTR_NONE;
}

int
lg_route_parser_line(struct lg_route_parser *p, int code, const char *text)
{
	struct lg_route *r = &p->r;

	if (p->stop != 0)
		return p->stop;
	if (code == 1007 && strncmp(text, "Table ", 6) == 0) {
		const char *s = text + 6, *e = strchr(s, ':');

		flush(p);
		copy(p->table, sizeof(p->table), s,
		    e != NULL ? (size_t)(e - s) : strlen(s));
		p->last_net[0] = '\0';
		return p->stop;
	}
	if (text[0] == '\t' && text[1] == '\t') {
		/* a list going on */
		if (p->have && p->list != ATTR_NONE)
			route_comms(r, p->list, text + 2);
		return 0;
	}
	if (text[0] == '\t') {
		const char *s = text + 1, *c;

		if (!p->have)
			return 0;
		p->list = ATTR_NONE;
		if (strncmp(s, "via ", 4) == 0) {
			const char *q = s + 4;
			char w[48];

			word(&q, r->gateway, sizeof(r->gateway));
			if (word(&q, w, sizeof(w)) && strcmp(w, "on") == 0)
				word(&q, r->iface, sizeof(r->iface));
			return 0;
		}
		if (strncmp(s, "dev ", 4) == 0) {
			const char *q = s + 4;

			word(&q, r->iface, sizeof(r->iface));
			return 0;
		}
		if ((c = strstr(s, ": ")) != NULL) {
			char name[64];

			copy(name, sizeof(name), s, (size_t)(c - s));
			p->list = route_attr(p, name, c + 2);
		}
		return 0;
	}
	if (text[0] == '\0')
		return 0;
	if (code == 1007) {
		int rc = flush(p);

		if (rc != 0)
			return rc;
		p->list = ATTR_NONE;
		route_header(p, text);
	}
	return 0;
}

int
lg_route_parser_finish(struct lg_route_parser *p)
{
	return flush(p);
}

int
lg_routes_read(struct lg_bird *b, lg_route_cb *cb, void *arg)
{
	struct lg_route_parser *p = malloc(sizeof(*p));
	const char *text;
	int code, r, rc = 0;

	if (p == NULL)
		return fail(b, "out of memory");
	lg_route_parser_init(p, cb, arg);
	while ((r = lg_bird_line(b, &code, &text)) > 0)
		if (rc == 0)
			rc = lg_route_parser_line(p, code, text);
	/* the reply is read to its end even after the callback stopped:
	 * the connection stays usable */
	if (r == 0 && rc == 0)
		rc = lg_route_parser_finish(p);
	if (r == 0 && rc == 0 && reply_end(b, code, text) != 0)
		rc = -1;
	free(p);
	return r < 0 ? -1 : rc;
}

/* ------------------------------------------------------------------ */
/* Protocols                                                           */

void
lg_protocols_free(struct lg_protocols *p)
{
	free(p->v);
	memset(p, 0, sizeof(*p));
}

const struct lg_protocol *
lg_protocols_find(const struct lg_protocols *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].name, name) == 0)
			return &p->v[i];
	return NULL;
}

static void
key_value(const char *text, char *key, size_t kcap, const char **value)
{
	const char *s = skip_ws(text), *c = strchr(s, ':');

	if (c == NULL) {
		copy(key, kcap, s, strlen(s));
		*value = "";
		return;
	}
	copy(key, kcap, s, (size_t)(c - s));
	*value = skip_ws(c + 1);
}

int
lg_protocols_line(struct lg_protocols *out, int code, const char *text)
{
	struct lg_protocol *p = out->n ? &out->v[out->n - 1] : NULL;
	struct lg_channel *ch = p && p->nch ? &p->ch[p->nch - 1] : NULL;
	char key[64];
	const char *v;

	if (code == 2002)
		return 0; /* the column titles */
	if (code == 1002) {
		/* "name proto table state since info": since may be one or
		 * two words (a date and a time) */
		const char *s = text;
		char w[64];

		if (out->n == out->cap) {
			size_t cap = out->cap ? out->cap * 2 : 64;
			void *nv = realloc(out->v, cap * sizeof(*out->v));

			if (nv == NULL)
				return -1;
			out->v = nv;
			out->cap = cap;
		}
		p = &out->v[out->n++];
		memset(p, 0, sizeof(*p));
		word(&s, p->name, sizeof(p->name));
		word(&s, p->proto, sizeof(p->proto));
		word(&s, p->table, sizeof(p->table));
		word(&s, p->state, sizeof(p->state));
		word(&s, p->since, sizeof(p->since));
		s = skip_ws(s);
		/* a time after a date: "2026-09-30 12:00:07" */
		if (s[0] >= '0' && s[0] <= '9' && s[1] != '\0' && s[2] == ':'
		    && word(&s, w, sizeof(w))) {
			size_t n = strlen(p->since);

			snprintf(p->since + n, sizeof(p->since) - n, " %s", w);
		}
		snprintf(p->info, sizeof(p->info), "%s", skip_ws(s));
		for (size_t n = strlen(p->info);
		     n > 0 && p->info[n - 1] == ' ';)
			p->info[--n] = '\0';
		for (char *c = p->state; *c != '\0'; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		return 0;
	}
	if (p == NULL || code != 1006)
		return 0;
	key_value(text, key, sizeof(key), &v);
	if (strcmp(key, "Description") == 0)
		snprintf(p->description, sizeof(p->description), "%s", v);
	else if (strcmp(key, "BGP state") == 0)
		snprintf(p->bgp_state, sizeof(p->bgp_state), "%s", v);
	else if (strcmp(key, "Neighbor address") == 0)
		snprintf(
		    p->neighbor_address, sizeof(p->neighbor_address), "%s", v);
	else if (strcmp(key, "Neighbor AS") == 0)
		parse_u32(v, &p->neighbor_as);
	else if (strcmp(key, "Local AS") == 0)
		parse_u32(v, &p->local_as);
	else if (strcmp(key, "Neighbor ID") == 0)
		snprintf(p->neighbor_id, sizeof(p->neighbor_id), "%s", v);
	else if (strcmp(key, "Last error") == 0)
		snprintf(p->last_error, sizeof(p->last_error), "%s", v);
	else if (strncmp(key, "Channel ", 8) == 0 && p->nch < 2) {
		ch = &p->ch[p->nch++];
		memset(ch, 0, sizeof(*ch));
		copy(ch->name, sizeof(ch->name), key + 8, strlen(key + 8));
	} else if (ch != NULL && strcmp(key, "State") == 0)
		snprintf(ch->state, sizeof(ch->state), "%s", v);
	else if (ch != NULL && strcmp(key, "Table") == 0)
		snprintf(ch->table, sizeof(ch->table), "%s", v);
	else if (ch != NULL && strcmp(key, "Routes") == 0) {
		/* "N imported, N filtered, N exported, N preferred" */
		const char *s = v;
		char w[32], what[32];

		while (word(&s, w, sizeof(w)) && word(&s, what, sizeof(what))) {
			uint32_t n = (uint32_t)strtoul(w, NULL, 10);

			if (strncmp(what, "imported", 8) == 0)
				ch->imported = n;
			else if (strncmp(what, "filtered", 8) == 0)
				ch->filtered = n;
			else if (strncmp(what, "exported", 8) == 0)
				ch->exported = n;
			else if (strncmp(what, "preferred", 9) == 0)
				ch->preferred = n;
		}
	} else if (ch != NULL && strcmp(key, "Import updates") == 0) {
		/* received rejected filtered ignored [RX limit limit]
		 * accepted: "---" for none */
		uint32_t f[7] = { 0 };
		unsigned n = 0;
		const char *s = v;
		char w[32];

		while (n < 7 && word(&s, w, sizeof(w)))
			f[n++] = (uint32_t)strtoul(w, NULL, 10);
		ch->received = f[0];
		ch->rejected = f[1];
		ch->ufiltered = f[2];
		ch->ignored = f[3];
		ch->accepted = n > 0 ? f[n - 1] : 0;
	}
	return 0;
}

int
lg_protocols_read(struct lg_bird *b, struct lg_protocols *out)
{
	const char *text;
	int code, r, rc = 0;

	memset(out, 0, sizeof(*out));
	while ((r = lg_bird_line(b, &code, &text)) > 0)
		if (rc == 0 && lg_protocols_line(out, code, text) != 0)
			rc = fail(b, "out of memory");
	if (r < 0)
		return -1;
	if (rc == 0)
		rc = reply_end(b, code, text);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Status                                                              */

void
lg_status_line(struct lg_status *s, int code, const char *text)
{
	if (code == 1000) {
		/* "BIRD 3.3.2" */
		if (strncmp(text, "BIRD ", 5) == 0)
			snprintf(
			    s->version, sizeof(s->version), "%s", text + 5);
		return;
	}
	if (code == 13) {
		snprintf(s->message, sizeof(s->message), "%s", text);
		return;
	}
	if (strncmp(text, "Router ID is ", 13) == 0)
		snprintf(s->router_id, sizeof(s->router_id), "%s", text + 13);
	else if (strncmp(text, "Current server time is ", 23) == 0)
		snprintf(s->current_server, sizeof(s->current_server), "%s",
		    text + 23);
	else if (strncmp(text, "Last reboot on ", 15) == 0)
		snprintf(
		    s->last_reboot, sizeof(s->last_reboot), "%s", text + 15);
	else if (strncmp(text, "Last reconfiguration on ", 24) == 0)
		snprintf(s->last_reconfig, sizeof(s->last_reconfig), "%s",
		    text + 24);
}

int
lg_status_read(struct lg_bird *b, struct lg_status *out)
{
	const char *text;
	int code, r;

	memset(out, 0, sizeof(*out));
	while ((r = lg_bird_line(b, &code, &text)) > 0)
		lg_status_line(out, code, text);
	if (r < 0)
		return -1;
	if (code == 13)
		lg_status_line(out, code, text);
	return reply_end(b, code, text);
}
