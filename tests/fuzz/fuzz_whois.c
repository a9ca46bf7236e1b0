/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Fuzz target: what an IRRd server sends back. A server on loopback, on
 * the target's own loop, answers the whois client's connection with the
 * input (after the client's first line), then closes. The client asks
 * three queries; each must end exactly once with a status the API lists,
 * data only with status 0, and the loop must close with nothing open.
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "fuzz.h"
#include "rsguard.h"
#include "whois.h"

struct srv {
	uv_tcp_t listen;
	uv_tcp_t *peer;
	const uint8_t *data;
	size_t size;
	bool sent;
};

struct run {
	unsigned calls[3];
};

static void
on_free(uv_handle_t *h)
{
	free(h);
}

static void
on_written(uv_write_t *req, int status)
{
	(void)status;
	uv_close((uv_handle_t *)req->handle, on_free);
	free(req);
}

static void
srv_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
	static char b[4096];

	(void)h;
	(void)hint;
	buf->base = b;
	buf->len = sizeof(b);
}

/* The client's preamble arrived: answer with the input, then close. */
static void
srv_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct srv *sv = s->data;
	uv_write_t *req;
	uv_buf_t out;

	(void)buf;
	if (n == 0)
		return;
	uv_read_stop(s);
	if (n < 0 || sv->sent || (req = malloc(sizeof(*req))) == NULL) {
		uv_close((uv_handle_t *)s, on_free);
		return;
	}
	sv->sent = true;
	out = uv_buf_init((char *)(uintptr_t)sv->data, (unsigned)sv->size);
	if (uv_write(req, s, &out, 1, on_written) != 0) {
		free(req);
		uv_close((uv_handle_t *)s, on_free);
	}
}

static void
srv_conn(uv_stream_t *l, int status)
{
	struct srv *sv = l->data;
	uv_tcp_t *c;

	if (status != 0 || (c = malloc(sizeof(*c))) == NULL)
		return;
	uv_tcp_init(l->loop, c);
	c->data = sv;
	if (uv_accept(l, (uv_stream_t *)c) != 0 || sv->sent
	    || uv_read_start((uv_stream_t *)c, srv_alloc, srv_read) != 0)
		uv_close((uv_handle_t *)c, on_free);
}

static void
answered(void *arg, int status, const char *data, size_t len, const char *msg)
{
	unsigned *calls = arg;

	(*calls)++;
	if (*calls != 1 || msg == NULL)
		abort();
	if (status != 0 && status != RSG_ENOENT && status != RSG_EIO
	    && status != RSG_EAGAIN && status != RSG_ERANGE
	    && status != RSG_ENOMEM)
		abort();
	if (status == 0 && (data == NULL || strlen(data) != len))
		abort();
}

static void
on_guard(uv_timer_t *t)
{
	uv_stop(t->loop);
}

/* What is still open: the server's peers were malloc()ed. */
static void
walk_close(uv_handle_t *h, void *arg)
{
	struct srv *sv = arg;

	if (uv_is_closing(h))
		return;
	uv_close(h,
	    h->data == sv && h != (uv_handle_t *)&sv->listen ? on_free : NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[3] = { "AS-FOO", "AS64496", "AS64497" };
	static const enum whois_query qs[3] = { WHOIS_EXPAND, WHOIS_ROUTES4,
		WHOIS_ROUTES6 };
	struct srv sv = { 0 };
	struct run r = { 0 };
	struct sockaddr_in addr;
	struct sockaddr_storage bound;
	int blen = sizeof(bound);
	struct whois_server server = { "127.0.0.1", 0 };
	struct whois_opts o;
	struct whois *w = NULL;
	uv_timer_t guard;
	uv_loop_t loop;

	signal(SIGPIPE, SIG_IGN); /* libuv writes with write() */
	sv.data = data;
	sv.size = size;
	if (uv_loop_init(&loop) != 0)
		return 0;
	uv_tcp_init(&loop, &sv.listen);
	sv.listen.data = &sv;
	uv_ip4_addr("127.0.0.1", 0, &addr);
	if (uv_tcp_bind(&sv.listen, (const struct sockaddr *)&addr, 0) != 0
	    || uv_listen((uv_stream_t *)&sv.listen, 4, srv_conn) != 0
	    || uv_tcp_getsockname(&sv.listen, (struct sockaddr *)&bound, &blen)
		!= 0)
		goto out;
	server.port = ntohs(((struct sockaddr_in *)&bound)->sin_port);
	rsg__whois_opts_init(&o);
	o.servers = &server;
	o.nservers = 1;
	o.retries = 0;
	o.max_conns = 1;
	o.reply_timeout_ms = 50;
	o.connect_timeout_ms = 200;
	o.max_reply = 1 << 16;
	if (rsg__whois_new(&loop, &o, &w) != 0)
		goto out;
	for (unsigned i = 0; i < 3; i++)
		if (rsg__whois_query(w, qs[i], keys[i], answered, &r.calls[i])
		    != 0)
			r.calls[i] = 1; /* never runs */
	uv_timer_init(&loop, &guard);
	guard.data = NULL;
	uv_timer_start(&guard, on_guard, 2000, 0);
	while (r.calls[0] + r.calls[1] + r.calls[2] < 3
	    && uv_run(&loop, UV_RUN_ONCE) != 0
	    && uv_is_active((uv_handle_t *)&guard))
		;
	rsg__whois_close(w, NULL, NULL);
	for (unsigned i = 0; i < 3; i++)
		if (r.calls[i] != 1)
			abort();
	uv_timer_stop(&guard);
out:
	uv_walk(&loop, walk_close, &sv);
	uv_run(&loop, UV_RUN_DEFAULT);
	if (uv_loop_close(&loop) != 0)
		abort();
	return 0;
}
