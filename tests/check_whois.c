/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * whois: the IRRd client against tests/irr/irrd.py on loopback (the
 * expansions listed in constructed.db's header, route objects by origin,
 * source order, 200 pipelined queries on 2 connections, every fault mode
 * of the server, failover to a second server) and against a scripted
 * server on the test's own loop (every kind of reply, malformed ones,
 * random bytes, out of memory). Every wait is bounded by a timer on the
 * loop; every test ends with the client closed and the loop closing
 * cleanly (uv_loop_close() would say EBUSY for a handle left open).
 *
 * Without python3 the irrd.py tests are skipped, unless
 * RSG_TEST_REQUIRE_ALL is set: then that is a failure.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uv.h>

#include "loopback.h"
#include "suites.h"
#include "testutil.h"
#include "util.h"
#include "whois.h"

#define IRRD_PY TOP_SRCDIR "/tests/irr/irrd.py"

/* ------------------------------------------------------------------ */
/* The loop, with a guard timer                                        */

static uv_loop_t loop;
static uv_timer_t guard;
static bool guard_fired;

static void
on_guard(uv_timer_t *t)
{
	(void)t;
	guard_fired = true;
}

/* A count the test waits for went down: uv_run() returns, so that
 * run_until() looks (UV_RUN_ONCE would poll for the next event). */
static void
count_down(int *left)
{
	(*left)--;
	uv_stop(&loop);
}

static void
loop_start(void)
{
	/* a write to a connection the peer closed: EPIPE, not a signal
	 * (the worker's thread blocks every signal) */
	signal(SIGPIPE, SIG_IGN);
	ck_assert_int_eq(uv_loop_init(&loop), 0);
	ck_assert_int_eq(uv_timer_init(&loop, &guard), 0);
}

/* Run the loop until *left is 0 or ms (times tu_slow()) have passed. */
static bool
run_until(int *left, unsigned ms)
{
	guard_fired = false;
	uv_timer_start(&guard, on_guard, (uint64_t)ms * (uint64_t)tu_slow(), 0);
	while (*left > 0 && !guard_fired)
		uv_run(&loop, UV_RUN_ONCE);
	uv_timer_stop(&guard);
	return *left <= 0;
}

/* Run the loop for ms. */
static void
run_for(unsigned ms)
{
	guard_fired = false;
	uv_timer_start(&guard, on_guard, ms, 0);
	while (!guard_fired)
		uv_run(&loop, UV_RUN_ONCE);
}

static void
print_handle(uv_handle_t *h, void *arg)
{
	(void)arg;
	if (h != (uv_handle_t *)&guard)
		fprintf(stderr, "whois: handle left open: %s\n",
		    uv_handle_type_name(uv_handle_get_type(h)));
}

/* The end of a test: nothing may be left on the loop. */
static void
loop_finish(void)
{
	uv_walk(&loop, print_handle, NULL);
	uv_close((uv_handle_t *)&guard, NULL);
	uv_run(&loop, UV_RUN_NOWAIT);
	ck_assert_int_eq(uv_loop_close(&loop), 0);
}

static void
on_closed(void *arg)
{
	count_down(arg);
}

/* Close a client and wait for its closed callback. */
static void
client_close(struct whois *w)
{
	int left = 1;

	rsg__whois_close(w, on_closed, &left);
	ck_assert_msg(run_until(&left, 5000), "the client did not close");
}

/* ------------------------------------------------------------------ */
/* Answers                                                             */

struct res {
	int calls;
	int status;
	char *data;
	size_t len;
	char msg[512];
	int *left;
	const char *want; /* for the pipeline test */
	int want_status;
};

static void
on_res(void *arg, int status, const char *data, size_t len, const char *msg)
{
	struct res *r = arg;

	r->calls++;
	r->status = status;
	ck_assert_ptr_nonnull(data);
	ck_assert_ptr_nonnull(msg);
	ck_assert_int_eq(data[len], '\0');
	free(r->data);
	r->data = strndup(data, len);
	r->len = len;
	snprintf(r->msg, sizeof(r->msg), "%s", msg);
	if (r->left != NULL)
		count_down(r->left);
}

static void
res_free(struct res *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].data);
		r[i].data = NULL;
	}
}

/* One query, waited for; its answer in r. */
static int
query1(struct whois *w, enum whois_query q, const char *key, struct res *r,
    unsigned ms)
{
	int left = 1;

	free(r->data);
	memset(r, 0, sizeof(*r));
	r->left = &left;
	ck_assert_int_eq(rsg__whois_query(w, q, key, on_res, r), 0);
	ck_assert_msg(
	    run_until(&left, ms), "no answer to %s in %u ms", key, ms);
	ck_assert_int_eq(r->calls, 1);
	r->left = NULL;
	return r->status;
}

static struct whois *
client(struct whois_opts *o)
{
	struct whois *w;

	ck_assert_int_eq(rsg__whois_new(&loop, o, &w), 0);
	return w;
}

static struct whois_stats
stats(struct whois *w)
{
	struct whois_stats st;

	rsg__whois_stats(w, &st);
	return st;
}

/* ------------------------------------------------------------------ */
/* tests/irr/irrd.py                                                   */

#define MAX_SERVERS 4

static struct irrd {
	pid_t pid;
	int port;
	int out;
} servers[MAX_SERVERS];

static bool
have_python3(void)
{
	const char *path = getenv("PATH");
	char buf[1024];

	while (path != NULL && *path != '\0') {
		const char *end = strchr(path, ':');
		size_t n = end != NULL ? (size_t)(end - path) : strlen(path);

		snprintf(buf, sizeof(buf), "%.*s/python3", (int)n, path);
		if (n > 0 && access(buf, X_OK) == 0)
			return true;
		path = end != NULL ? end + 1 : NULL;
	}
	return false;
}

/* irrd.py on a free port serving the fixtures; fault: NULL or a mode.
 * Returns its port. */
static int
irrd_start(const char *fault)
{
	char db[1024], r4[1024], r6[1024], line[64];
	struct irrd *s = NULL;
	size_t got = 0;
	int pfd[2];

	for (int i = 0; i < MAX_SERVERS; i++) {
		if (servers[i].pid <= 0) {
			s = &servers[i];
			break;
		}
	}
	ck_assert_ptr_nonnull(s);
	snprintf(db, sizeof(db), "%s", tu_data("irr/constructed.db"));
	snprintf(
	    r4, sizeof(r4), "%s", tu_data("irr/ripe.db.route_head_2016.txt"));
	snprintf(
	    r6, sizeof(r6), "%s", tu_data("irr/ripe.db.route6_head_2016.txt"));
	ck_assert_int_eq(pipe(pfd), 0);
	s->pid = fork();
	ck_assert_int_ge(s->pid, 0);
	if (s->pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		char *argv[12];
		int n = 0;

		prctl(PR_SET_PDEATHSIG, SIGKILL); /* a failed test exits */
		dup2(pfd[1], 1);
		if (null >= 0)
			dup2(null, 2); /* "bad route 192.0.2.300/24" */
		close(pfd[0]);
		close(pfd[1]);
		argv[n++] = strdup("python3");
		argv[n++] = strdup(IRRD_PY);
		argv[n++] = strdup("--port");
		argv[n++] = strdup("0");
		if (fault != NULL) {
			argv[n++] = strdup("--fault");
			argv[n++] = strdup(fault);
		}
		argv[n++] = db;
		argv[n++] = r4;
		argv[n++] = r6;
		argv[n] = NULL;
		execvp("python3", argv);
		_exit(127);
	}
	close(pfd[1]);
	s->out = pfd[0];
	/* "PORT <n>\n", within 20 s */
	for (int waited = 0; waited < 20000 * tu_slow();) {
		struct pollfd p = { s->out, POLLIN, 0 };
		ssize_t k;

		if (memchr(line, '\n', got) != NULL)
			break;
		if (poll(&p, 1, 100) <= 0) {
			waited += 100;
			continue;
		}
		k = read(s->out, line + got, sizeof(line) - 1 - got);
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	line[got] = '\0';
	ck_assert_msg(sscanf(line, "PORT %d", &s->port) == 1,
	    "irrd.py did not start: \"%s\"", line);
	return s->port;
}

static void
irrd_stop_all(void)
{
	for (int i = 0; i < MAX_SERVERS; i++) {
		struct irrd *s = &servers[i];
		bool gone = false;

		if (s->pid <= 0)
			continue;
		kill(s->pid, SIGTERM);
		for (int k = 0; k < 100 && !gone; k++) {
			if (waitpid(s->pid, NULL, WNOHANG) == s->pid)
				gone = true;
			else
				usleep(50000);
		}
		if (!gone) {
			kill(s->pid, SIGKILL);
			waitpid(s->pid, NULL, 0);
		}
		close(s->out);
		s->pid = -1;
	}
}

static void
irrd_setup(void)
{
	for (int i = 0; i < MAX_SERVERS; i++)
		servers[i].pid = -1;
	loop_start();
}

static void
irrd_teardown(void)
{
	irrd_stop_all();
}

/* Options for one server on 127.0.0.1 (or host). */
static struct whois_server srv[MAX_SERVERS];

static struct whois_opts
opts1(const char *host, int port)
{
	struct whois_opts o;

	rsg__whois_opts_init(&o);
	srv[0].host = host;
	srv[0].port = (uint16_t)port;
	o.servers = srv;
	o.nservers = 1;
	return o;
}

/* The prefixes of the route objects in an RPSL file with origin asn. */
static unsigned
routes_in_file(const char *path, const char *origin, const char *data)
{
	char *text = tu_slurp(path, NULL), *save = NULL, *line;
	char route[64] = "";
	unsigned n = 0;

	ck_assert_ptr_nonnull(text);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char v[64];

		if (sscanf(line, "route: %63s", v) == 1
		    || sscanf(line, "route6: %63s", v) == 1) {
			snprintf(route, sizeof(route), "%s", v);
		} else if (sscanf(line, "origin: %63s", v) == 1
		    && strcmp(v, origin) == 0 && route[0] != '\0') {
			char tok[80];
			size_t tl;
			const char *p = data;
			bool found = false;

			/* each one is a word of the reply */
			tl = (size_t)snprintf(tok, sizeof(tok), "%s", route);
			while ((p = strstr(p, tok)) != NULL) {
				if ((p == data || p[-1] == ' ')
				    && (p[tl] == ' ' || p[tl] == '\0'))
					found = true;
				p += tl;
			}
			ck_assert_msg(found, "%s of %s missing", route, origin);
			n++;
		}
	}
	free(text);
	return n;
}

static unsigned
words(const char *s)
{
	unsigned n = 0;
	bool in = false;

	for (; *s != '\0'; s++) {
		if (*s != ' ' && !in)
			n++;
		in = *s != ' ';
	}
	return n;
}

/* The expansions of constructed.db's header, routes of AS64496 and of
 * a RIPE origin, D for what is not there; through "localhost". */
START_TEST(test_queries)
{
	static const struct {
		enum whois_query q;
		const char *key;
		int status;
		const char *data;
	} t[] = {
		{ WHOIS_EXPAND, "AS-FLAT", 0,
		    "AS3320 AS5425 AS64496 AS64497 AS64498" },
		{ WHOIS_EXPAND, "AS-NEST-1", 0,
		    "AS1273 AS64499 AS64500 AS64501" },
		{ WHOIS_EXPAND, "AS-CYCLE-A", 0, "AS64502 AS64503" },
		{ WHOIS_EXPAND, "AS-CYCLE-B", 0, "AS64502 AS64503" },
		{ WHOIS_EXPAND, "AS-SELF", 0, "AS64504" },
		{ WHOIS_EXPAND, "AS-DEEP-1", 0,
		    "AS559 AS65536 AS65537 AS65551" },
		{ WHOIS_EXPAND, "AS64496:AS-CUSTOMERS", 0,
		    "AS5408 AS64505 AS64506 AS64507" },
		{ WHOIS_EXPAND, "as-flat", 0,
		    "AS3320 AS5425 AS64496 AS64497 AS64498" },
		{ WHOIS_MEMBERS, "AS-NEST-1", 0, "AS64499 AS-NEST-2" },
		{ WHOIS_ROUTES4, "AS64496", 0, "192.0.2.0/24 192.0.2.0/28" },
		{ WHOIS_ROUTES6, "64496", 0,
		    "2001:db8::/32 2001:db8:1000::/48" },
		{ WHOIS_EXPAND, "AS-NOPE", RSG_ENOENT, "" },
		{ WHOIS_EXPAND, "AS-EMPTY", RSG_ENOENT, "" },
		{ WHOIS_ROUTES4, "AS65550", RSG_ENOENT, "" },
	};
	struct res r[ARRAY_SIZE(t)], g4, g6;
	struct whois_opts o = opts1("localhost", irrd_start(NULL));
	struct whois *w;
	struct whois_stats st;
	int left = (int)ARRAY_SIZE(t);

	o.sources = "TEST,TEST2,RIPE";
	w = client(&o);
	memset(r, 0, sizeof(r));
	memset(&g4, 0, sizeof(g4));
	memset(&g6, 0, sizeof(g6));
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		r[i].left = &left;
		ck_assert_int_eq(
		    rsg__whois_query(w, t[i].q, t[i].key, on_res, &r[i]), 0);
	}
	ck_assert(run_until(&left, 10000));
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		ck_assert_int_eq(r[i].calls, 1);
		ck_assert_msg(r[i].status == t[i].status, "%s: %d %s", t[i].key,
		    r[i].status, r[i].msg);
		ck_assert_str_eq(r[i].data, t[i].data);
		if (t[i].status == RSG_ENOENT)
			ck_assert_msg(strstr(r[i].msg, "not found") != NULL,
			    "%s", r[i].msg);
		else
			ck_assert_msg(strncmp(r[i].msg, "localhost:", 10) == 0,
			    "%s", r[i].msg);
	}
	/* a RIPE origin: every route object of the file, nothing else */
	ck_assert_int_eq(query1(w, WHOIS_ROUTES4, "AS5425", &g4, 5000), 0);
	ck_assert_uint_eq(
	    routes_in_file(
		tu_data("irr/ripe.db.route_head_2016.txt"), "AS5425", g4.data),
	    words(g4.data));
	ck_assert_uint_eq(words(g4.data), 7);
	ck_assert_int_eq(query1(w, WHOIS_ROUTES6, "AS5408", &g6, 5000), 0);
	ck_assert_uint_eq(
	    routes_in_file(
		tu_data("irr/ripe.db.route6_head_2016.txt"), "AS5408", g6.data),
	    words(g6.data));
	ck_assert_uint_eq(words(g6.data), 3);
	st = stats(w);
	ck_assert_uint_eq(st.answered, ARRAY_SIZE(t) + 2);
	ck_assert_uint_eq(st.failed, 0);
	ck_assert_uint_eq(st.conn_errors, 0);
	ck_assert_uint_eq(st.queued, 0);
	client_close(w);
	res_free(r, ARRAY_SIZE(t));
	res_free(&g4, 1);
	res_free(&g6, 1);
	loop_finish();
}
END_TEST

/* !s: the first source in the order that has a set wins; an unknown
 * source fails the connection. */
START_TEST(test_sources)
{
	static const struct {
		const char *sources;
		enum whois_query q;
		const char *key;
		int status;
		const char *data;
	} t[] = {
		{ "TEST", WHOIS_EXPAND, "AS-SAME", 0, "AS64496 AS64497" },
		{ "TEST2", WHOIS_EXPAND, "AS-SAME", 0, "AS65542 AS65543" },
		{ "TEST2,TEST", WHOIS_EXPAND, "AS-SAME", 0,
		    "AS1273 AS64501 AS65542 AS65543" },
		{ NULL, WHOIS_EXPAND, "AS-SAME", 0, "AS64496 AS64497" },
		{ "TEST", WHOIS_EXPAND, "AS-ONLY-TEST2", RSG_ENOENT, "" },
		{ "TEST,TEST2", WHOIS_EXPAND, "AS-ONLY-TEST2", 0, "AS65544" },
		{ "TEST", WHOIS_ROUTES4, "AS3320", RSG_ENOENT, "" },
		{ "RIPE", WHOIS_ROUTES4, "AS3320", 0,
		    "193.103.152.0/22 194.156.145.0/24" },
		{ "NOPE", WHOIS_EXPAND, "AS-SAME", RSG_EIO, "" },
	};
	int port = irrd_start(NULL);
	struct res r;

	memset(&r, 0, sizeof(r));
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct whois_opts o = opts1("127.0.0.1", port);
		struct whois *w;

		o.sources = t[i].sources;
		o.retries = 0;
		w = client(&o);
		ck_assert_int_eq(
		    query1(w, t[i].q, t[i].key, &r, 5000), t[i].status);
		ck_assert_str_eq(r.data, t[i].data);
		if (t[i].status == RSG_EIO)
			ck_assert_msg(
			    strstr(r.msg, "!sNOPE: F One or more") != NULL,
			    "%s", r.msg);
		client_close(w);
	}
	res_free(&r, 1);
	loop_finish();
}
END_TEST

/* 200 queries at once on at most 2 connections, each answered with its
 * own reply. */
START_TEST(test_pipeline)
{
	static const struct {
		enum whois_query q;
		const char *key;
		int status;
		const char *data;
	} t[] = {
		{ WHOIS_EXPAND, "AS-FLAT", 0,
		    "AS3320 AS5425 AS64496 AS64497 AS64498" },
		{ WHOIS_EXPAND, "AS-NEST-1", 0,
		    "AS1273 AS64499 AS64500 AS64501" },
		{ WHOIS_EXPAND, "AS-CYCLE-A", 0, "AS64502 AS64503" },
		{ WHOIS_EXPAND, "AS-DEEP-1", 0,
		    "AS559 AS65536 AS65537 AS65551" },
		{ WHOIS_MEMBERS, "AS-NEST-2", 0, "AS64500 AS-NEST-3" },
		{ WHOIS_ROUTES4, "AS64496", 0, "192.0.2.0/24 192.0.2.0/28" },
		{ WHOIS_ROUTES6, "AS64496", 0,
		    "2001:db8::/32 2001:db8:1000::/48" },
		{ WHOIS_EXPAND, "AS-NOPE", RSG_ENOENT, "" },
	};
	enum { N = 200 };
	struct whois_opts o = opts1("127.0.0.1", irrd_start(NULL));
	struct res *r = calloc(N, sizeof(*r));
	struct whois_stats st;
	struct whois *w;
	int left = N;

	ck_assert_ptr_nonnull(r);
	o.sources = "TEST,RIPE";
	o.max_conns = 2;
	w = client(&o);
	for (int i = 0; i < N; i++) {
		size_t k = (size_t)i % ARRAY_SIZE(t);

		r[i].left = &left;
		r[i].want = t[k].data;
		r[i].want_status = t[k].status;
		ck_assert_int_eq(
		    rsg__whois_query(w, t[k].q, t[k].key, on_res, &r[i]), 0);
	}
	ck_assert_uint_eq(stats(w).queued, N);
	ck_assert(run_until(&left, 30000));
	for (int i = 0; i < N; i++) {
		ck_assert_int_eq(r[i].calls, 1);
		ck_assert_int_eq(r[i].status, r[i].want_status);
		ck_assert_str_eq(r[i].data, r[i].want);
	}
	st = stats(w);
	ck_assert_uint_eq(st.connects, 2);
	ck_assert_uint_eq(st.conns_peak, 2);
	ck_assert_uint_eq(st.conn_errors, 0);
	ck_assert_uint_eq(st.answered, N);
	client_close(w);
	res_free(r, N);
	free(r);
	loop_finish();
}
END_TEST

/* A caller that expands a set itself, one level per answer: queries
 * submitted from a callback. */
struct walk {
	struct whois *w;
	int left;
	char asns[512];
	unsigned sets;
	int errors;
};

static void
on_members(void *arg, int status, const char *data, size_t len, const char *msg)
{
	struct walk *k = arg;
	char *copy, *save = NULL;

	(void)msg;
	count_down(&k->left);
	if (status != 0) {
		k->errors++;
		return;
	}
	copy = strndup(data, len);
	ck_assert_ptr_nonnull(copy);
	for (char *m = strtok_r(copy, " ", &save); m != NULL;
	     m = strtok_r(NULL, " ", &save)) {
		if (strncmp(m, "AS-", 3) == 0) {
			ck_assert_int_eq(rsg__whois_query(k->w, WHOIS_MEMBERS,
					     m, on_members, k),
			    0);
			k->left++;
			k->sets++;
		} else {
			strcat(k->asns, m);
			strcat(k->asns, " ");
		}
	}
	free(copy);
}

START_TEST(test_submit_from_callback)
{
	struct whois_opts o = opts1("127.0.0.1", irrd_start(NULL));
	struct walk k;

	memset(&k, 0, sizeof(k));
	o.sources = "TEST";
	k.w = client(&o);
	k.left = 1;
	ck_assert_int_eq(
	    rsg__whois_query(k.w, WHOIS_MEMBERS, "AS-NEST-1", on_members, &k),
	    0);
	ck_assert(run_until(&k.left, 10000));
	ck_assert_int_eq(k.errors, 0);
	ck_assert_uint_eq(k.sets, 2);
	ck_assert_str_eq(k.asns, "AS64499 AS64500 AS1273 AS64501 ");
	client_close(k.w);
	loop_finish();
}
END_TEST

/* hang: no reply; the query times out after reply_timeout, each retry
 * too, and the next query works on a new connection. */
START_TEST(test_fault_hang)
{
	struct whois_opts o = opts1("127.0.0.1", irrd_start(NULL));
	struct whois_stats st;
	struct whois *w;
	struct res r;
	uint64_t t0;

	memset(&r, 0, sizeof(r));
	o.reply_timeout_ms = 300;
	o.retries = 1;
	w = client(&o);
	t0 = tu_usec();
	ck_assert_int_eq(
	    query1(w, WHOIS_EXPAND, "AS-FAULT-HANG", &r, 5000), RSG_EAGAIN);
	ck_assert_uint_ge(tu_usec() - t0, 550000);
	ck_assert_msg(
	    strstr(r.msg, "no reply for 300 ms") != NULL, "%s", r.msg);
	st = stats(w);
	ck_assert_uint_eq(st.conn_errors, 2);
	ck_assert_uint_eq(st.resent, 1);
	ck_assert_int_eq(query1(w, WHOIS_EXPAND, "AS-CYCLE-A", &r, 5000), 0);
	ck_assert_str_eq(r.data, "AS64502 AS64503");
	ck_assert_uint_eq(stats(w).connects, 3);
	client_close(w);
	res_free(&r, 1);
	/* the whole server hangs: even !n */
	o = opts1("127.0.0.1", irrd_start("hang"));
	o.reply_timeout_ms = 300;
	o.retries = 0;
	w = client(&o);
	ck_assert_int_eq(
	    query1(w, WHOIS_EXPAND, "AS-FLAT", &r, 5000), RSG_EAGAIN);
	client_close(w);
	res_free(&r, 1);
	loop_finish();
}
END_TEST

/* garbage: bytes that are no IRRd reply. */
START_TEST(test_fault_garbage)
{
	struct whois_opts o = opts1("127.0.0.1", irrd_start(NULL));
	struct whois *w;
	struct res r;

	memset(&r, 0, sizeof(r));
	o.retries = 1;
	w = client(&o);
	ck_assert_int_eq(
	    query1(w, WHOIS_EXPAND, "AS-FAULT-GARBAGE", &r, 5000), RSG_EIO);
	ck_assert_msg(strstr(r.msg, "malformed reply") != NULL, "%s", r.msg);
	ck_assert_uint_eq(stats(w).conn_errors, 2);
	ck_assert_uint_eq(stats(w).resent, 1);
	ck_assert_int_eq(query1(w, WHOIS_EXPAND, "AS-CYCLE-A", &r, 5000), 0);
	client_close(w);
	o = opts1("127.0.0.1", irrd_start("garbage"));
	o.retries = 0;
	w = client(&o);
	ck_assert_int_eq(
	    query1(w, WHOIS_EXPAND, "AS-CYCLE-A", &r, 5000), RSG_EIO);
	client_close(w);
	res_free(&r, 1);
	loop_finish();
}
END_TEST

/* disconnect: half a reply, then the server closes. Retried on the
 * second server, which answers. */
START_TEST(test_fault_disconnect)
{
	struct whois_opts o = opts1("127.0.0.1", irrd_start("disconnect"));
	struct whois_stats st;
	struct whois *w;
	struct res r;
	char name[64];
	int good = irrd_start(NULL);

	memset(&r, 0, sizeof(r));
	srv[1].host = "127.0.0.1";
	srv[1].port = (uint16_t)good;
	o.nservers = 2;
	w = client(&o);
	ck_assert_int_eq(query1(w, WHOIS_EXPAND, "AS-FLAT", &r, 5000), 0);
	ck_assert_str_eq(r.data, "AS3320 AS5425 AS64496 AS64497 AS64498");
	snprintf(name, sizeof(name), "127.0.0.1:%d", good);
	ck_assert_str_eq(r.msg, name);
	st = stats(w);
	ck_assert_uint_eq(st.conn_errors, 1);
	ck_assert_uint_eq(st.failovers, 1);
	ck_assert_uint_eq(st.resent, 1);
	ck_assert_uint_eq(st.server, 1);
	/* the current server stays the second one */
	ck_assert_int_eq(query1(w, WHOIS_ROUTES4, "AS64496", &r, 5000), 0);
	ck_assert_str_eq(r.msg, name);
	client_close(w);
	/* one server only, the fault on one set: the error */
	o = opts1("127.0.0.1", good);
	o.retries = 0;
	w = client(&o);
	ck_assert_int_eq(
	    query1(w, WHOIS_EXPAND, "AS-FAULT-DISCONNECT", &r, 5000), RSG_EIO);
	ck_assert_msg(strstr(r.msg, "connection closed by the server") != NULL,
	    "%s", r.msg);
	client_close(w);
	res_free(&r, 1);
	loop_finish();
}
END_TEST

/* short: an A length 64 bytes longer than the data, then silence. */
START_TEST(test_fault_short)
{
	struct whois_opts o = opts1("127.0.0.1", irrd_start(NULL));
	struct whois *w;
	struct res r;

	memset(&r, 0, sizeof(r));
	o.reply_timeout_ms = 300;
	o.retries = 0;
	w = client(&o);
	ck_assert_int_eq(
	    query1(w, WHOIS_EXPAND, "AS-FAULT-SHORT", &r, 5000), RSG_EAGAIN);
	ck_assert_msg(
	    strstr(r.msg, "no reply for 300 ms") != NULL, "%s", r.msg);
	client_close(w);
	res_free(&r, 1);
	loop_finish();
}
END_TEST

/* slow: one byte per 100 ms, every reply. The parser takes them one by
 * one; the reply timeout counts from the last byte, not the query. */
START_TEST(test_fault_slow)
{
	struct whois_opts o = opts1("127.0.0.1", irrd_start("slow"));
	struct whois *w;
	struct res r;
	uint64_t t0;

	memset(&r, 0, sizeof(r));
	o.reply_timeout_ms = 1000;
	o.retries = 0;
	w = client(&o);
	t0 = tu_usec();
	ck_assert_int_eq(query1(w, WHOIS_EXPAND, "AS-CYCLE-A", &r, 15000), 0);
	ck_assert_str_eq(r.data, "AS64502 AS64503");
	/* "C\n" to !n, then "A16\nAS64502 AS64503\nC\n": 24 bytes */
	ck_assert_uint_ge(tu_usec() - t0, 2000000);
	ck_assert_uint_eq(stats(w).bytes_in, 24);
	ck_assert_uint_eq(stats(w).conn_errors, 0);
	client_close(w);
	o.reply_timeout_ms = 30;
	w = client(&o);
	ck_assert_int_eq(
	    query1(w, WHOIS_EXPAND, "AS-CYCLE-A", &r, 5000), RSG_EAGAIN);
	client_close(w);
	res_free(&r, 1);
	loop_finish();
}
END_TEST

/* A reply larger than max_reply: RSG_ERANGE for it; the query behind it
 * goes again on a new connection. */
START_TEST(test_too_large)
{
	struct whois_opts o = opts1("127.0.0.1", irrd_start(NULL));
	struct res r[3];
	struct whois *w;
	int left = 3;

	memset(r, 0, sizeof(r));
	o.max_reply = 16; /* "AS64502 AS64503\n" fits exactly */
	o.retries = 0;
	w = client(&o);
	for (int i = 0; i < 3; i++)
		r[i].left = &left;
	ck_assert_int_eq(
	    rsg__whois_query(w, WHOIS_EXPAND, "AS-FLAT", on_res, &r[0]), 0);
	ck_assert_int_eq(
	    rsg__whois_query(w, WHOIS_EXPAND, "AS-CYCLE-A", on_res, &r[1]), 0);
	ck_assert_int_eq(
	    rsg__whois_query(w, WHOIS_ROUTES6, "AS64496", on_res, &r[2]), 0);
	ck_assert(run_until(&left, 5000));
	ck_assert_int_eq(r[0].status, RSG_ERANGE);
	ck_assert_msg(
	    strstr(r[0].msg, "larger than 16 bytes") != NULL, "%s", r[0].msg);
	ck_assert_int_eq(r[1].status, 0);
	ck_assert_str_eq(r[1].data, "AS64502 AS64503");
	ck_assert_int_eq(r[2].status, RSG_ERANGE);
	ck_assert_uint_eq(stats(w).conn_errors, 0);
	client_close(w);
	res_free(r, 3);
	loop_finish();
}
END_TEST

/* The first server's port is closed: connection refused, the second
 * answers. Every server refusing: RSG_EIO after the retries. */
START_TEST(test_failover_refused)
{
	struct whois_opts o = opts1("127.0.0.1", lo_free_port());
	struct whois_stats st;
	struct whois *w;
	struct res r;
	char name[64];
	int good = irrd_start(NULL);

	memset(&r, 0, sizeof(r));
	srv[1].host = "127.0.0.1";
	srv[1].port = (uint16_t)good;
	o.nservers = 2;
	w = client(&o);
	ck_assert_int_eq(query1(w, WHOIS_EXPAND, "AS-CYCLE-A", &r, 5000), 0);
	snprintf(name, sizeof(name), "127.0.0.1:%d", good);
	ck_assert_str_eq(r.msg, name);
	st = stats(w);
	ck_assert_uint_eq(st.failovers, 1);
	ck_assert_uint_eq(st.connects, 1);
	client_close(w);
	srv[1].port = (uint16_t)lo_free_port();
	o.retries = 2;
	w = client(&o);
	ck_assert_int_eq(
	    query1(w, WHOIS_EXPAND, "AS-CYCLE-A", &r, 5000), RSG_EIO);
	ck_assert_msg(strstr(r.msg, "connection refused") != NULL, "%s", r.msg);
	st = stats(w);
	ck_assert_uint_eq(st.conn_errors, 3);
	ck_assert_uint_eq(st.connects, 0);
	client_close(w);
	res_free(&r, 1);
	loop_finish();
}
END_TEST

/* Close with queries queued, sent and hanging: every callback once. */
struct closer {
	struct whois *w;
	int closed;
	int first;
};

static struct closer closer;

static void
on_res_close(
    void *arg, int status, const char *data, size_t len, const char *msg)
{
	on_res(arg, status, data, len, msg);
	if (closer.first++ == 0) {
		rsg__whois_close(closer.w, on_closed, &closer.closed);
		/* closing: nothing more is taken */
		ck_assert_int_eq(rsg__whois_query(closer.w, WHOIS_EXPAND,
				     "AS-FLAT", on_res, arg),
		    RSG_EINVAL);
	}
}

START_TEST(test_close_pending)
{
	enum { N = 40 };
	struct whois_opts o = opts1("127.0.0.1", irrd_start(NULL));
	struct res r[N];
	struct whois *w;
	int left = N, answered = 0;

	/* closed before the loop ran: all cancelled within the call */
	memset(r, 0, sizeof(r));
	w = client(&o);
	for (int i = 0; i < N; i++) {
		r[i].left = &left;
		ck_assert_int_eq(
		    rsg__whois_query(w, WHOIS_EXPAND, "AS-FLAT", on_res, &r[i]),
		    0);
	}
	closer.closed = 1;
	rsg__whois_close(w, on_closed, &closer.closed);
	ck_assert_int_eq(left, 0);
	ck_assert_int_eq(closer.closed, 1); /* later, from the loop */
	for (int i = 0; i < N; i++) {
		ck_assert_int_eq(r[i].calls, 1);
		ck_assert_int_eq(r[i].status, RSG_EAGAIN);
		ck_assert_str_eq(
		    r[i].msg, "whois: cancelled: the client is closing");
	}
	ck_assert(run_until(&closer.closed, 5000));
	res_free(r, N);
	/* closed from the first answer, with a hanging query on one
	 * connection and others sent, queued or on their way */
	memset(r, 0, sizeof(r));
	left = N;
	o.max_conns = 2;
	w = client(&o);
	closer.w = w;
	closer.closed = 1;
	closer.first = 0;
	for (int i = 0; i < N; i++) {
		r[i].left = &left;
		ck_assert_int_eq(rsg__whois_query(w, WHOIS_EXPAND,
				     i == 0 ? "AS-FAULT-HANG" : "AS-CYCLE-A",
				     on_res_close, &r[i]),
		    0);
	}
	ck_assert(run_until(&left, 5000));
	ck_assert(run_until(&closer.closed, 5000));
	for (int i = 0; i < N; i++) {
		ck_assert_int_eq(r[i].calls, 1);
		if (r[i].status == 0)
			answered++;
		else
			ck_assert_int_eq(r[i].status, RSG_EAGAIN);
	}
	ck_assert_int_eq(r[0].status, RSG_EAGAIN);
	ck_assert_int_eq(answered, 1);
	res_free(r, N);
	loop_finish();
}
END_TEST

/* The connection closes after idle_timeout; the next query opens one. */
START_TEST(test_idle)
{
	struct whois_opts o = opts1("127.0.0.1", irrd_start(NULL));
	struct whois *w;
	struct res r;

	memset(&r, 0, sizeof(r));
	o.idle_timeout_ms = 200;
	w = client(&o);
	ck_assert_int_eq(query1(w, WHOIS_EXPAND, "AS-CYCLE-A", &r, 5000), 0);
	ck_assert_uint_eq(stats(w).conns, 1);
	run_for(600);
	ck_assert_uint_eq(stats(w).conns, 0);
	ck_assert_int_eq(query1(w, WHOIS_EXPAND, "AS-CYCLE-A", &r, 5000), 0);
	ck_assert_uint_eq(stats(w).connects, 2);
	ck_assert_uint_eq(stats(w).conn_errors, 0);
	client_close(w);
	res_free(&r, 1);
	loop_finish();
}
END_TEST

/* ------------------------------------------------------------------ */
/* Without a server                                                    */

/* Keys that could smuggle a command, options that make no sense. */
START_TEST(test_invalid)
{
	static const char *const bad_sets[] = { "AS-FOO\n!gAS1", "AS FOO", "",
		"AS-FOO,1", "AS-F\xc3\x96O", "AS-FOO\r", "AS-FOO\t", "!gAS1" };
	static const char *const bad_asns[] = { "ASX", "AS4294967296", "AS-FOO",
		"AS1 ", "AS", "-1", "AS1\n", "00000000000000000001" };
	struct whois_opts o;
	struct whois_server s0[2] = { { "127.0.0.1", 43 }, { "", 43 } };
	struct whois *w;
	struct res r;
	char key[300];
	int left = 1;

	memset(&r, 0, sizeof(r));
	loop_start();
	rsg__whois_opts_init(&o);
	ck_assert_int_eq(rsg__whois_new(&loop, &o, &w), RSG_EINVAL);
	o.servers = s0;
	o.nservers = 2; /* an empty host */
	ck_assert_int_eq(rsg__whois_new(&loop, &o, &w), RSG_EINVAL);
	o.nservers = 1;
	s0[0].port = 0;
	ck_assert_int_eq(rsg__whois_new(&loop, &o, &w), RSG_EINVAL);
	s0[0].port = 43;
	o.sources = "RIPE\n!iAS-X";
	ck_assert_int_eq(rsg__whois_new(&loop, &o, &w), RSG_EINVAL);
	o.sources = "RIPE,,RADB";
	ck_assert_int_eq(rsg__whois_new(&loop, &o, &w), RSG_EINVAL);
	o.sources = "RIPE,";
	ck_assert_int_eq(rsg__whois_new(&loop, &o, &w), RSG_EINVAL);
	o.sources = "RIPE,RADB,ALTDB";
	/* a port where nothing listens: only the accepted query goes */
	s0[0].port = (uint16_t)lo_free_port();
	o.retries = 0;
	w = client(&o);
	for (size_t i = 0; i < ARRAY_SIZE(bad_sets); i++) {
		ck_assert_int_eq(
		    rsg__whois_query(w, WHOIS_EXPAND, bad_sets[i], on_res, &r),
		    RSG_EINVAL);
		ck_assert_int_eq(
		    rsg__whois_query(w, WHOIS_MEMBERS, bad_sets[i], on_res, &r),
		    RSG_EINVAL);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad_asns); i++)
		ck_assert_msg(
		    rsg__whois_query(w, WHOIS_ROUTES4, bad_asns[i], on_res, &r)
			== RSG_EINVAL,
		    "%s", bad_asns[i]);
	ck_assert_int_eq(
	    rsg__whois_query(w, WHOIS_EXPAND, NULL, on_res, &r), RSG_EINVAL);
	ck_assert_int_eq(
	    rsg__whois_query(w, WHOIS_EXPAND, "AS-FOO", NULL, &r), RSG_EINVAL);
	ck_assert_int_eq(
	    rsg__whois_query(w, (enum whois_query)99, "AS-FOO", on_res, &r),
	    RSG_EINVAL);
	memset(key, 'A', sizeof(key));
	key[256] = '\0';
	ck_assert_int_eq(
	    rsg__whois_query(w, WHOIS_EXPAND, key, on_res, &r), RSG_EINVAL);
	key[255] = '\0'; /* the longest key */
	r.left = &left;
	ck_assert_int_eq(rsg__whois_query(w, WHOIS_EXPAND, key, on_res, &r), 0);
	ck_assert(run_until(&left, 5000));
	ck_assert_int_eq(r.calls, 1);
	ck_assert_int_eq(r.status, RSG_EIO);
	ck_assert_msg(strstr(r.msg, "connection refused") != NULL, "%s", r.msg);
	ck_assert_uint_eq(stats(w).queries, 1);
	client_close(w);
	res_free(&r, 1);
	loop_finish();
}
END_TEST

/* ------------------------------------------------------------------ */
/* A scripted server on the test's loop                                */

struct script {
	const char *bytes;
	size_t len;
	bool close; /* close the connection after them */
};

#define S(b)                                                                   \
	{                                                                      \
		b, sizeof(b) - 1, false                                        \
	}
#define SC(b)                                                                  \
	{                                                                      \
		b, sizeof(b) - 1, true                                         \
	}
#define FCONNS 64

struct fake {
	uv_tcp_t listener;
	int port;
	const struct script *script; /* the reply to the i-th query */
	size_t n, next;
	struct fconn *conns[FCONNS];
	unsigned accepted;
};

struct fconn {
	uv_tcp_t tcp;
	struct fake *f;
	char line[8192];
	size_t len;
	bool closing;
	int slot;
};

static struct fake fake;

static void
fconn_closed(uv_handle_t *h)
{
	struct fconn *fc = h->data;

	fake.conns[fc->slot] = NULL;
	free(fc);
}

static void
fconn_close(struct fconn *fc)
{
	if (!fc->closing) {
		fc->closing = true;
		uv_close((uv_handle_t *)&fc->tcp, fconn_closed);
	}
}

static void
fake_written(uv_write_t *req, int status)
{
	(void)status;
	free(req);
}

static void
fake_send(struct fconn *fc, const char *b, size_t n)
{
	uv_write_t *req = malloc(sizeof(*req));
	uv_buf_t buf = uv_buf_init((char *)(uintptr_t)b, (unsigned)n);

	ck_assert_ptr_nonnull(req);
	if (uv_write(req, (uv_stream_t *)&fc->tcp, &buf, 1, fake_written) != 0)
		free(req);
}

static void
fake_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
	static char rbuf[65536];

	(void)h;
	(void)hint;
	buf->base = rbuf;
	buf->len = sizeof(rbuf);
}

static void
fake_line(struct fconn *fc, const char *line)
{
	struct fake *f = fc->f;
	const struct script *s;

	if (strcmp(line, "!!") == 0)
		return;
	if (line[0] == '!' && (line[1] == 'n' || line[1] == 's')) {
		fake_send(fc, "C\n", 2);
		return;
	}
	if (f->next >= f->n) {
		fake_send(fc, "D\n", 2);
		return;
	}
	s = &f->script[f->next++];
	fake_send(fc, s->bytes, s->len);
	if (s->close)
		fconn_close(fc);
}

static void
fake_read(uv_stream_t *st, ssize_t nread, const uv_buf_t *buf)
{
	struct fconn *fc = st->data;

	if (nread < 0) {
		fconn_close(fc);
		return;
	}
	for (ssize_t i = 0; i < nread && !fc->closing; i++) {
		if (buf->base[i] == '\n') {
			fc->line[fc->len] = '\0';
			fc->len = 0;
			fake_line(fc, fc->line);
		} else if (fc->len + 1 < sizeof(fc->line)) {
			fc->line[fc->len++] = buf->base[i];
		}
	}
}

static void
fake_accept(uv_stream_t *l, int status)
{
	struct fconn *fc;
	int slot = -1;

	ck_assert_int_eq(status, 0);
	for (int i = 0; i < FCONNS; i++) {
		if (fake.conns[i] == NULL) {
			slot = i;
			break;
		}
	}
	ck_assert_int_ge(slot, 0);
	fc = calloc(1, sizeof(*fc));
	ck_assert_ptr_nonnull(fc);
	fc->f = &fake;
	fc->slot = slot;
	fake.conns[slot] = fc;
	fake.accepted++;
	uv_tcp_init(&loop, &fc->tcp);
	fc->tcp.data = fc;
	ck_assert_int_eq(uv_accept(l, (uv_stream_t *)&fc->tcp), 0);
	uv_read_start((uv_stream_t *)&fc->tcp, fake_alloc, fake_read);
}

/* Listen on a free port of 127.0.0.1 with script. */
static void
fake_start(const struct script *script, size_t n)
{
	struct sockaddr_in sa;
	struct sockaddr_storage ss;
	int len = sizeof(ss);

	memset(&fake, 0, sizeof(fake));
	fake.script = script;
	fake.n = n;
	ck_assert_int_eq(uv_tcp_init(&loop, &fake.listener), 0);
	ck_assert_int_eq(uv_ip4_addr("127.0.0.1", 0, &sa), 0);
	ck_assert_int_eq(
	    uv_tcp_bind(&fake.listener, (struct sockaddr *)&sa, 0), 0);
	ck_assert_int_eq(
	    uv_listen((uv_stream_t *)&fake.listener, 64, fake_accept), 0);
	ck_assert_int_eq(
	    uv_tcp_getsockname(&fake.listener, (struct sockaddr *)&ss, &len),
	    0);
	fake.port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

static void
fake_stop(void)
{
	for (int i = 0; i < FCONNS; i++) {
		if (fake.conns[i] != NULL)
			fconn_close(fake.conns[i]);
	}
	uv_close((uv_handle_t *)&fake.listener, NULL);
	/* let the close callbacks run */
	run_for(50);
}

/* Every kind of reply, and replies that are none. */
START_TEST(test_replies)
{
	static char long_f[3000];
	static const struct script sc[] = {
		S("C\n"), S("D\n"), S("E\n"), S("F bad \x01query\n"),
		S("A0\nC\n"), S("A6\nAS1 2\nC\n"), S("A5\nAS1 2C\n"),
		S("A99999999999999999999999999999\n"), S("Z garbage\n"),
		S("A5\nabcdeX\n"), SC("A5\nab"), S("C extra\n"), S("A\n"),
		S("A1x\n"), { long_f, sizeof(long_f), false }, S("\n"),
		S("C\nC\n"),
		S("A4\nab\n"), /* then nothing: the reply timeout */
	};
	static const struct {
		int status;
		const char *data;
		const char *msg;
	} want[] = {
		{ 0, "", NULL },
		{ RSG_ENOENT, "", "!iAS-Q,1: not found" },
		{ RSG_EIO, "", "!iAS-Q,1: E: more than one object" },
		{ RSG_EIO, "", "!iAS-Q,1: F bad ?query" },
		{ 0, "", NULL },
		{ 0, "AS1 2", NULL },
		{ 0, "AS1 2", NULL }, /* data without its newline */
		{ RSG_ERANGE, "", "the reply is larger than" },
		{ RSG_EIO, "", "malformed reply: no IRRd reply" },
		{ RSG_EIO, "", "malformed reply: no C after the data" },
		{ RSG_EIO, "", "connection closed by the server" },
		{ RSG_EIO, "", "malformed reply: text after a one-letter" },
		{ RSG_EIO, "", "malformed reply: A without a length" },
		{ RSG_EIO, "", "malformed reply: a bad A length" },
		{ RSG_EIO, "", "malformed reply: a reply line that does" },
		{ RSG_EIO, "", "malformed reply: no IRRd reply" },
		{ 0, "", NULL },
		{ RSG_EAGAIN, "", "no reply for 200 ms" },
	};
	struct whois_opts o;
	struct whois *w;
	struct res r;
	char name[64];

	memset(&r, 0, sizeof(r));
	memset(long_f, 'x', sizeof(long_f));
	long_f[0] = 'F';
	loop_start();
	fake_start(sc, ARRAY_SIZE(sc));
	o = opts1("127.0.0.1", fake.port);
	o.retries = 0;
	o.reply_timeout_ms = 200;
	w = client(&o);
	snprintf(name, sizeof(name), "127.0.0.1:%d", fake.port);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		ck_assert_msg(
		    query1(w, WHOIS_EXPAND, "AS-Q", &r, 5000) == want[i].status,
		    "reply %zu: %d %s", i, r.status, r.msg);
		ck_assert_str_eq(r.data, want[i].data);
		if (want[i].msg == NULL)
			ck_assert_str_eq(r.msg, name);
		else
			ck_assert_msg(strstr(r.msg, want[i].msg) != NULL,
			    "reply %zu: %s", i, r.msg);
	}
	/* the last C of "C\nC\n" came with nothing due: a failure of that
	 * connection */
	ck_assert_uint_eq(stats(w).conn_errors, 10);
	client_close(w);
	fake_stop();
	res_free(&r, 1);
	loop_finish();
}
END_TEST

/* A reply of every kind, one in three damaged: a byte replaced or
 * added, or cut short. */
static size_t
random_reply(char *b, size_t size, unsigned *seed)
{
	static const char alphabet[] = "ACDEF0123456789\n x\r";
	char data[32];
	size_t n, dl;

	switch (rand_r(seed) % 5) {
	case 0:
		n = (size_t)snprintf(b, size, "C\n");
		break;
	case 1:
		n = (size_t)snprintf(b, size, "D\n");
		break;
	case 2:
		n = (size_t)snprintf(b, size, "F error %d\n", rand_r(seed));
		break;
	default:
		dl = (size_t)snprintf(data, sizeof(data), "AS%d AS%d",
		    rand_r(seed) % 100000, rand_r(seed) % 100);
		n = (size_t)snprintf(b, size, "A%zu\n%s\nC\n", dl + 1, data);
		break;
	}
	switch (rand_r(seed) % 9) {
	case 0:
		b[rand_r(seed) % n] =
		    alphabet[rand_r(seed) % (sizeof(alphabet) - 1)];
		break;
	case 1:
		n = 1 + (size_t)rand_r(seed) % n;
		break;
	case 2: {
		size_t at = (size_t)rand_r(seed) % n;

		memmove(b + at + 1, b + at, n - at);
		b[at] = alphabet[rand_r(seed) % (sizeof(alphabet) - 1)];
		n++;
		break;
	}
	default:
		break;
	}
	return n;
}

/* Random replies, many queries pipelined at once: whatever comes, every
 * callback runs once with a status it may have. */
START_TEST(test_random_replies)
{
	enum { N = 400 };
	static char bytes[N][64];
	static struct script sc[N];
	struct res *r = calloc(N, sizeof(*r));
	struct whois_opts o;
	struct whois_stats st;
	struct whois *w;
	unsigned seed = 12345;
	int left = N, ok = 0;

	ck_assert_ptr_nonnull(r);
	for (int i = 0; i < N; i++) {
		sc[i].bytes = bytes[i];
		sc[i].len = random_reply(bytes[i], sizeof(bytes[i]) - 1, &seed);
		sc[i].close = rand_r(&seed) % 32 == 0;
	}
	loop_start();
	fake_start(sc, N);
	o = opts1("127.0.0.1", fake.port);
	o.retries = 1;
	o.reply_timeout_ms = 100;
	o.max_reply = 1000;
	w = client(&o);
	for (int i = 0; i < N; i++) {
		r[i].left = &left;
		ck_assert_int_eq(
		    rsg__whois_query(w, i % 2 ? WHOIS_ROUTES6 : WHOIS_EXPAND,
			i % 2 ? "AS64496" : "AS-Q", on_res, &r[i]),
		    0);
	}
	ck_assert(run_until(&left, 60000));
	for (int i = 0; i < N; i++) {
		ck_assert_int_eq(r[i].calls, 1);
		ck_assert_msg(r[i].status == 0 || r[i].status == RSG_ENOENT
			|| r[i].status == RSG_EIO || r[i].status == RSG_EAGAIN
			|| r[i].status == RSG_ERANGE,
		    "%d", r[i].status);
		ok += r[i].status == 0 && r[i].len > 0;
	}
	st = stats(w);
	ck_assert_uint_eq(st.queued, 0);
	/* some went through whole, some connections failed */
	ck_assert_int_gt(ok, 0);
	ck_assert_uint_gt(st.conn_errors, 0);
	client_close(w);
	fake_stop();
	res_free(r, N);
	free(r);
	loop_finish();
}
END_TEST

/* A reply of 8 MiB, in as many reads as it takes, then a small one. */
START_TEST(test_big_reply)
{
	enum { BIG = 8 << 20 };
	char *big = malloc(BIG + 64);
	struct script sc[2] = { { NULL, 0, false }, S("A4\nAS1\nC\n") };
	struct whois_opts o;
	struct whois *w;
	struct res r;
	size_t n;

	ck_assert_ptr_nonnull(big);
	memset(&r, 0, sizeof(r));
	n = (size_t)sprintf(big, "A%d\n", BIG);
	for (size_t i = 0; i < BIG - 1; i += 8)
		memcpy(
		    big + n + i, "AS64496 ", 8 < BIG - 1 - i ? 8 : BIG - 1 - i);
	n += BIG - 1;
	memcpy(big + n, "\nC\n", 3);
	sc[0].bytes = big;
	sc[0].len = n + 3;
	loop_start();
	fake_start(sc, 2);
	o = opts1("127.0.0.1", fake.port);
	o.max_reply = BIG;
	w = client(&o);
	ck_assert_int_eq(query1(w, WHOIS_EXPAND, "AS-BIG", &r, 10000), 0);
	ck_assert_uint_eq(r.len, BIG - 1);
	ck_assert_int_eq(memcmp(r.data, "AS64496 AS64496 ", 16), 0);
	ck_assert_int_eq(query1(w, WHOIS_EXPAND, "AS-Q", &r, 5000), 0);
	ck_assert_str_eq(r.data, "AS1");
	ck_assert_uint_eq(stats(w).connects, 1);
	client_close(w);
	fake_stop();
	res_free(&r, 1);
	free(big);
	loop_finish();
}
END_TEST

/* max_queue: one more is refused until an answer makes room. */
START_TEST(test_max_queue)
{
	static const struct script sc[] = { S("C\n"), S("C\n"), S("C\n"),
		S("C\n") };
	struct whois_opts o;
	struct whois *w;
	struct res r[4];
	int left = 3;

	memset(r, 0, sizeof(r));
	loop_start();
	fake_start(sc, ARRAY_SIZE(sc));
	o = opts1("127.0.0.1", fake.port);
	o.max_queue = 3;
	w = client(&o);
	for (int i = 0; i < 3; i++) {
		r[i].left = &left;
		ck_assert_int_eq(
		    rsg__whois_query(w, WHOIS_EXPAND, "AS-Q", on_res, &r[i]),
		    0);
	}
	ck_assert_int_eq(
	    rsg__whois_query(w, WHOIS_EXPAND, "AS-Q", on_res, &r[3]),
	    RSG_EBUSY);
	ck_assert(run_until(&left, 5000));
	ck_assert_int_eq(query1(w, WHOIS_EXPAND, "AS-Q", &r[3], 5000), 0);
	client_close(w);
	fake_stop();
	res_free(r, 4);
	loop_finish();
}
END_TEST

/* Out of memory: allocation number n fails, for n = 0, 1, ... until a
 * whole run succeeds; every failure is RSG_ENOMEM, never a crash or a
 * leak, and every callback runs once. */
static long budget = -1;

static bool
take(void)
{
	if (budget < 0)
		return true;
	if (budget == 0)
		return false;
	budget--;
	return true;
}

static void *
oom_malloc(size_t n)
{
	return take() ? malloc(n) : NULL;
}

static void *
oom_realloc(void *p, size_t n)
{
	return take() ? realloc(p, n) : NULL;
}

static void *
oom_calloc(size_t a, size_t b)
{
	return take() ? calloc(a, b) : NULL;
}

START_TEST(test_oom)
{
	static const struct script sc[] = { S("A6\nAS1 2\nC\n"), S("D\n") };
	struct whois_opts o;
	bool done = false;
	int n;

	loop_start();
	ck_assert_int_eq(
	    rsg_set_allocator(oom_malloc, oom_realloc, oom_calloc, free), 0);
	for (n = 0; n < 100 && !done; n++) {
		struct whois *w = NULL;
		struct res r[2];
		int left = 0, rc;

		memset(r, 0, sizeof(r));
		fake_start(sc, ARRAY_SIZE(sc));
		o = opts1("127.0.0.1", fake.port);
		budget = n;
		rc = rsg__whois_new(&loop, &o, &w);
		if (rc != 0) {
			ck_assert_int_eq(rc, RSG_ENOMEM);
			budget = -1;
			fake_stop();
			continue;
		}
		for (int i = 0; i < 2; i++) {
			r[i].left = &left;
			rc = rsg__whois_query(w,
			    i ? WHOIS_ROUTES4 : WHOIS_EXPAND,
			    i ? "AS1" : "AS-Q", on_res, &r[i]);
			if (rc == 0)
				left++;
			else
				ck_assert_int_eq(rc, RSG_ENOMEM);
		}
		ck_assert(run_until(&left, 5000));
		done = left == 0 && r[0].calls == 1 && r[1].calls == 1
		    && r[0].status == 0 && r[1].status == RSG_ENOENT;
		for (int i = 0; i < 2; i++) {
			ck_assert_int_le(r[i].calls, 1);
			if (r[i].calls == 1 && r[i].status != 0
			    && r[i].status != RSG_ENOENT)
				ck_assert_msg(r[i].status == RSG_ENOMEM,
				    "budget %d: %d %s", n, r[i].status,
				    r[i].msg);
		}
		budget = -1;
		client_close(w);
		fake_stop();
		res_free(r, 2);
	}
	ck_assert_msg(done, "no run succeeded");
	ck_assert_int_gt(n, 3);
	ck_assert_int_eq(rsg_set_allocator(malloc, realloc, calloc, free), 0);
	loop_finish();
}
END_TEST

START_TEST(test_python_missing)
{
	ck_abort_msg("python3 is missing: tests/irr/irrd.py cannot run");
}
END_TEST

Suite *
whois_suite(void)
{
	Suite *s = suite_create("whois");
	TCase *tc = tcase_create("scripted");
	TCase *irrd = tcase_create("irrd");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_invalid);
	tcase_add_test(tc, test_replies);
	tcase_add_test(tc, test_random_replies);
	tcase_add_test(tc, test_big_reply);
	tcase_add_test(tc, test_max_queue);
	tcase_add_test(tc, test_oom);
	suite_add_tcase(s, tc);
	if (!have_python3()) {
		fprintf(stderr,
		    "whois: python3 not found, irrd.py tests "
		    "skipped\n");
		if (getenv("RSG_TEST_REQUIRE_ALL") != NULL) {
			tcase_add_test(irrd, test_python_missing);
			suite_add_tcase(s, irrd);
		}
		return s;
	}
	tcase_set_timeout(irrd, 120);
	tcase_add_checked_fixture(irrd, irrd_setup, irrd_teardown);
	tcase_add_test(irrd, test_queries);
	tcase_add_test(irrd, test_sources);
	tcase_add_test(irrd, test_pipeline);
	tcase_add_test(irrd, test_submit_from_callback);
	tcase_add_test(irrd, test_fault_hang);
	tcase_add_test(irrd, test_fault_garbage);
	tcase_add_test(irrd, test_fault_disconnect);
	tcase_add_test(irrd, test_fault_short);
	tcase_add_test(irrd, test_fault_slow);
	tcase_add_test(irrd, test_too_large);
	tcase_add_test(irrd, test_failover_refused);
	tcase_add_test(irrd, test_close_pending);
	tcase_add_test(irrd, test_idle);
	suite_add_tcase(s, irrd);
	return s;
}
