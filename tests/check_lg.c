/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rsguard lg's side of BIRD (tools/lg_bird.c): the control socket's
 * reply protocol and the parsers of `show route ... all`, `show protocols
 * all` and `show status`, over a socket served by a small thread that
 * answers as BIRD 3.3.2 did in tests/bird/lg.py's lab (tests/data/lg/,
 * BIRD's own bytes, codes and continuation lines included).
 */
#include "config.h"

#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "../tools/lg_bird.h"
#include "../tools/lg_report.h"
#include "suites.h"
#include "testutil.h"

/* A one-connection BIRD: the greeting, then for each command line the
 * contents of reply (NULL: close; "hang": say nothing; a reply that does
 * not end in a newline: close after it). */
struct fake {
	int lfd;
	const char *reply;
	char path[108];
	pthread_t th;
};

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void *
fake_run(void *arg)
{
	struct fake *fk = arg;
	int fd = accept(fk->lfd, NULL, NULL);
	char c;

	if (fd < 0)
		return NULL;
	if (write(fd, "0001 BIRD 3.3.2 ready.\n", 23) != 23)
		goto out;
	for (;;) {
		/* a command line */
		do {
			if (read(fd, &c, 1) != 1)
				goto out;
		} while (c != '\n');
		if (fk->reply == NULL)
			goto out;
		if (strcmp(fk->reply, "hang") == 0) {
			sleep(2);
			goto out;
		}
		if (write(fd, fk->reply, strlen(fk->reply))
		    != (ssize_t)strlen(fk->reply))
			goto out;
		/* a reply cut off mid-line: BIRD went away */
		if (fk->reply[strlen(fk->reply) - 1] != '\n')
			goto out;
	}
out:
	close(fd);
	return NULL;
}

static void
fake_start(struct fake *fk, const char *reply)
{
	struct sockaddr_un sa;

	memset(fk, 0, sizeof(*fk));
	fk->reply = reply;
	snprintf(fk->path, sizeof(fk->path), "%s", tu_tmp("bird.ctl"));
	unlink(fk->path);
	fk->lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_ge(fk->lfd, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", fk->path);
	ck_assert_int_eq(bind(fk->lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(listen(fk->lfd, 1), 0);
	ck_assert_int_eq(pthread_create(&fk->th, NULL, fake_run, fk), 0);
}

static void
fake_stop(struct fake *fk)
{
	pthread_join(fk->th, NULL);
	close(fk->lfd);
	unlink(fk->path);
}

struct seen {
	struct lg_route v[8];
	size_t n;
};

static int
collect(void *arg, const struct lg_route *r)
{
	struct seen *s = arg;

	if (s->n < 8)
		s->v[s->n] = *r;
	s->n++;
	return 0;
}

static struct seen *
routes_of(const char *fixture, int *rc, char *err, size_t cap)
{
	static struct seen s;
	struct fake fk;
	struct lg_bird b;
	char *reply = slurp(tu_data(fixture));

	memset(&s, 0, sizeof(s));
	fake_start(&fk, reply);
	ck_assert_msg(lg_bird_open(&b, fk.path, 2000) == 0, "%s", b.error);
	ck_assert_str_eq(b.version, "3.3.2");
	ck_assert_int_eq(lg_bird_send(&b, "show route all"), 0);
	*rc = lg_routes_read(&b, collect, &s);
	snprintf(err, cap, "%s", b.error);
	lg_bird_close(&b);
	fake_stop(&fk);
	free(reply);
	return &s;
}

START_TEST(test_routes)
{
	const struct lg_route *r;
	struct seen *s;
	char err[LG_ERROR_MAX];
	int rc;

	s = routes_of("lg/show-route-all.txt", &rc, err, sizeof(err));
	ck_assert_msg(rc == 0, "%s", err);
	ck_assert_uint_eq(s->n, 4);

	r = &s->v[0];
	ck_assert_str_eq(r->net, "10.0.0.0/8");
	ck_assert_str_eq(r->table, "master4");
	ck_assert_str_eq(r->dest, "unicast");
	ck_assert_str_eq(r->proto, "c2");
	ck_assert_str_eq(r->since, "2026-12-05 00:27:07");
	ck_assert_str_eq(r->from, "");
	ck_assert(r->primary);
	ck_assert_int_eq(r->pref, 100);
	ck_assert_str_eq(r->gateway, "192.0.2.12");
	ck_assert_str_eq(r->iface, "ix");
	ck_assert_str_eq(r->source, "BGP");
	ck_assert_str_eq(r->origin, "IGP");
	ck_assert_uint_eq(r->npath, 1);
	ck_assert_uint_eq(r->path[0], 2497);
	ck_assert(r->has_local_pref && r->local_pref == 100 && !r->has_med);
	ck_assert_uint_eq(r->nlarge, 5);
	ck_assert_uint_eq(r->large[1].asn, 65500);
	ck_assert_uint_eq(r->large[1].data1, 1101);
	ck_assert_uint_eq(r->large[1].data2, 9);

	/* a third-party next hop ("from" in the header), every attribute,
	 * a large community list going on in a "\t\t" line */
	r = &s->v[1];
	ck_assert_str_eq(r->net, "202.232.1.0/24");
	ck_assert_str_eq(r->from, "192.0.2.12");
	ck_assert_str_eq(r->since, "2026-12-05 00:27:07");
	ck_assert_str_eq(r->gateway, "192.0.2.99");
	ck_assert_str_eq(r->path_text, "2497 64496 {64497 64498}");
	ck_assert_uint_eq(r->npath, 4);
	ck_assert(r->path_set);
	ck_assert(r->has_med && r->med == 20);
	ck_assert(r->has_otc && r->otc == 2497);
	ck_assert_uint_eq(r->ncomm, 2);
	ck_assert_uint_eq(r->comm[0], 0xffff0000u);
	ck_assert_uint_eq(r->comm[1], 2497u << 16 | 100);
	ck_assert_uint_eq(r->nlarge, 4);
	ck_assert_uint_eq(r->large[3].data1, 1001);
	/* extended: the wire value back from BIRD's words */
	ck_assert_uint_eq(r->next, 4);
	ck_assert_str_eq(r->ext_kind[0], "rt");
	ck_assert_str_eq(r->ext_a[0], "2497");
	ck_assert_str_eq(r->ext_b[0], "100");
	ck_assert_uint_eq(r->ext[0].hi, 0x0002u << 16 | 2497);
	ck_assert_uint_eq(r->ext[0].lo, 100);
	ck_assert_uint_eq(r->ext[1].hi, 0x0103u << 16 | 0xc000);
	ck_assert_uint_eq(r->ext[1].lo, 0x0201u << 16 | 7);
	ck_assert_uint_eq(r->ext[2].hi, 0x2fbf4);
	ck_assert_uint_eq(r->ext[2].lo, 0x64);
	ck_assert_uint_eq(r->ext[3].hi, 0x0202u << 16 | (4200000000u >> 16));
	ck_assert_uint_eq(r->ext[3].lo, (4200000000u & 0xffff) << 16 | 5);

	/* the second route of a net: its net printed blank */
	r = &s->v[2];
	ck_assert_str_eq(r->net, "202.232.1.0/24");
	ck_assert_str_eq(r->proto, "c3");
	ck_assert(!r->primary);
	ck_assert_uint_eq(r->path[0], 6939);

	r = &s->v[3];
	ck_assert_str_eq(r->net, "2001:240:100::/56");
	ck_assert_str_eq(r->table, "master6");
	ck_assert_str_eq(r->next_hop, "2001:db8:1::12");
	ck_assert_int_eq(r->pref, 100);

	/* BIRD 2's names, through a socket with `v2 attributes` */
	s = routes_of("lg/show-route-v2.txt", &rc, err, sizeof(err));
	ck_assert_msg(rc == 0, "%s", err);
	ck_assert_uint_eq(s->n, 1);
	r = &s->v[0];
	ck_assert_str_eq(r->source, "BGP");
	ck_assert_str_eq(r->origin, "IGP");
	ck_assert_uint_eq(r->npath, 2);
	ck_assert_uint_eq(r->path[1], 64510);
	ck_assert_str_eq(r->next_hop, "192.0.2.11");
	ck_assert_uint_eq(r->nlarge, 1);
	ck_assert_uint_eq(r->large[0].data2, 9);
}
END_TEST

START_TEST(test_protocols)
{
	char *reply = slurp(tu_data("lg/show-protocols-all.txt"));
	const struct lg_protocol *p;
	struct lg_protocols all;
	struct fake fk;
	struct lg_bird b;

	fake_start(&fk, reply);
	ck_assert_msg(lg_bird_open(&b, fk.path, 2000) == 0, "%s", b.error);
	ck_assert_int_eq(lg_bird_send(&b, "show protocols all"), 0);
	ck_assert_msg(lg_protocols_read(&b, &all) == 0, "%s", b.error);
	lg_bird_close(&b);
	fake_stop(&fk);
	free(reply);

	ck_assert_uint_eq(all.n, 3);
	ck_assert_ptr_nonnull(p = lg_protocols_find(&all, "c1"));
	ck_assert_str_eq(p->proto, "BGP");
	ck_assert_str_eq(p->state, "up");
	ck_assert_str_eq(p->since, "2026-12-05 00:27:07");
	ck_assert_str_eq(p->info, "Established");
	ck_assert_str_eq(p->bgp_state, "Established");
	ck_assert_str_eq(p->neighbor_address, "192.0.2.11");
	ck_assert_uint_eq(p->neighbor_as, 3333);
	ck_assert_uint_eq(p->local_as, 65500);
	ck_assert_uint_eq(p->nch, 1);
	ck_assert_str_eq(p->ch[0].name, "ipv4");
	ck_assert_str_eq(p->ch[0].table, "master4");
	ck_assert_str_eq(p->ch[0].state, "UP");
	ck_assert_uint_eq(p->ch[0].imported, 3);
	ck_assert_uint_eq(p->ch[0].exported, 5);
	ck_assert_uint_eq(p->ch[0].preferred, 3);
	/* BIRD 3's seven columns */
	ck_assert_uint_eq(p->ch[0].received, 6);
	ck_assert_uint_eq(p->ch[0].ufiltered, 1);
	ck_assert_uint_eq(p->ch[0].ignored, 2);
	ck_assert_uint_eq(p->ch[0].accepted, 3);
	ck_assert_ptr_nonnull(p = lg_protocols_find(&all, "c4_6"));
	ck_assert_str_eq(p->state, "start");
	ck_assert_str_eq(p->description, "AS8075 Microsoft");
	ck_assert_str_eq(p->last_error, "Socket: Connection refused");
	ck_assert_str_eq(p->ch[0].table, "master6");
	ck_assert_ptr_nonnull(lg_protocols_find(&all, "device1"));
	ck_assert_ptr_null(lg_protocols_find(&all, "c9"));
	lg_protocols_free(&all);
}
END_TEST

START_TEST(test_status)
{
	char *reply = slurp(tu_data("lg/show-status.txt"));
	struct lg_status st;
	struct fake fk;
	struct lg_bird b;

	fake_start(&fk, reply);
	ck_assert_msg(lg_bird_open(&b, fk.path, 2000) == 0, "%s", b.error);
	ck_assert_int_eq(lg_bird_send(&b, "show status"), 0);
	ck_assert_msg(lg_status_read(&b, &st) == 0, "%s", b.error);
	lg_bird_close(&b);
	fake_stop(&fk);
	free(reply);
	ck_assert_str_eq(st.version, "3.3.2");
	ck_assert_str_eq(st.router_id, "192.0.2.1");
	ck_assert_str_eq(st.current_server, "2026-12-05 00:28:00");
	ck_assert_str_eq(st.last_reboot, "2026-12-05 00:27:07");
	ck_assert_str_eq(st.last_reconfig, "2026-12-05 00:27:07");
	ck_assert_str_eq(st.message, "Daemon is up and running");
}
END_TEST

/* BIRD's errors, a closed socket, silence and garbage: an error that
 * says so, never a crash or a hang. */
START_TEST(test_errors)
{
	static const struct {
		const char *reply, *want;
	} cases[] = {
		{ "8007 Access denied\n", "Access denied" },
		{ "1007-Table master4:\n 10.0.0.0/8  unicast [c2 ", "closed" },
		{ NULL, "closed" },
		{ "hang", "did not answer" },
		{ "HTTP/1.1 200 OK\n", "not BIRD's reply protocol" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct seen s = { .n = 0 };
		struct fake fk;
		struct lg_bird b;

		fake_start(&fk, cases[i].reply);
		ck_assert_msg(
		    lg_bird_open(&b, fk.path, 500) == 0, "%s", b.error);
		ck_assert_int_eq(lg_bird_send(&b, "show route all"), 0);
		ck_assert_int_eq(lg_routes_read(&b, collect, &s), -1);
		ck_assert_msg(strstr(b.error, cases[i].want) != NULL,
		    "%zu: \"%s\" lacks \"%s\"", i, b.error, cases[i].want);
		lg_bird_close(&b);
		fake_stop(&fk);
	}
	/* no BIRD there at all */
	{
		struct lg_bird b;

		ck_assert_int_eq(
		    lg_bird_open(&b, tu_tmp("no-such.ctl"), 500), -1);
		ck_assert_msg(
		    strstr(b.error, "No such file") != NULL, "%s", b.error);
		lg_bird_close(&b);
	}
}
END_TEST

START_TEST(test_symbol)
{
	ck_assert(lg_symbol_ok("c1"));
	ck_assert(lg_symbol_ok("pb_0001_as64496"));
	ck_assert(lg_symbol_ok("master4"));
	ck_assert(lg_symbol_ok("_x"));
	ck_assert(!lg_symbol_ok(""));
	ck_assert(!lg_symbol_ok("1c"));
	ck_assert(!lg_symbol_ok("c1;show"));
	ck_assert(!lg_symbol_ok("c1 all"));
	ck_assert(!lg_symbol_ok("\"c1\""));
	ck_assert(!lg_symbol_ok("c1\n"));
	ck_assert(!lg_symbol_ok("../x"));
	ck_assert(!lg_symbol_ok("a123456789012345678901234567890123456789012345"
				"678901234567890123"));
	ck_assert(!lg_symbol_ok(NULL));
}
END_TEST

/* The looking_glass section: defaults, values, and a refused socket. */
START_TEST(test_config)
{
	struct rsg_lg_config c = { .size = sizeof(c) };
	struct rsg_config *cfg;
	char text[512];

	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_int_eq(rsg_config_lg(cfg, &c), 0);
	ck_assert_str_eq(c.address, "127.0.0.1");
	ck_assert_uint_eq(c.port, 29184);
	ck_assert_str_eq(c.bird_socket, "/run/bird/lg.ctl");
	ck_assert_uint_eq(c.ttl, 60);
	ck_assert_uint_eq(c.bird_connections, 2);
	rsg_config_free(cfg);

	snprintf(text, sizeof(text),
	    "general: {rs_as: 64496}\n"
	    "looking_glass:\n  address: \"::1\"\n  port: 8080\n  ttl: 30\n"
	    "  rate_limit: 0\n  max_routes: 1000\n");
	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_msg(
	    rsg_config_load_string(cfg, text, strlen(text), "a.yml") == 0, "%s",
	    rsg_config_error(cfg, 0));
	ck_assert_int_eq(rsg_config_lg(cfg, &c), 0);
	ck_assert_str_eq(c.address, "::1");
	ck_assert_uint_eq(c.port, 8080);
	ck_assert_uint_eq(c.ttl, 30);
	ck_assert_uint_eq(c.rate_limit, 0);
	ck_assert_uint_eq(c.max_routes, 1000);
	ck_assert_uint_eq(c.rs_as, 64496);
	c.size = 4;
	ck_assert_int_eq(rsg_config_lg(cfg, &c), RSG_EINVAL);
	rsg_config_free(cfg);

	/* an address that is none, a regular file for the socket */
	snprintf(text, sizeof(text),
	    "looking_glass:\n  address: \"lg.example.net\"\n"
	    "  bird_socket: \"%s\"\n  port: 0\n",
	    tu_data("lg/show-status.txt"));
	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_int_ne(
	    rsg_config_load_string(cfg, text, strlen(text), "b.yml"), 0);
	/* and no rs_as: the fourth */
	ck_assert_uint_eq(rsg_config_error_count(cfg), 4);
	ck_assert_ptr_nonnull(strstr(rsg_config_error(cfg, 0), "b.yml:2:"));
	ck_assert_ptr_nonnull(
	    strstr(rsg_config_error(cfg, 0), "looking_glass.address"));
	ck_assert_ptr_nonnull(strstr(rsg_config_error(cfg, 1), "not a socket"));
	ck_assert_ptr_nonnull(
	    strstr(rsg_config_error(cfg, 2), "looking_glass.port"));
	rsg_config_free(cfg);
}
END_TEST

/* The RFC 7948 report's two questions, against a brute force over
 * random route objects, prefix-list ranges and announcements packed
 * into a few /16s of both families, so that they nest and meet. */
static bool
holds(const struct rsg_prefix *p, const struct rsg_prefix *q)
{
	unsigned len = p->len;

	if (p->ip.afi != q->ip.afi || q->len < p->len)
		return false;
	for (unsigned i = 0; i<4; i++, len = len> 32 ? len - 32 : 0) {
		uint32_t m = len >= 32 ? UINT32_MAX
		    : len == 0         ? 0
				       : ~(UINT32_MAX >> len);

		if ((p->ip.addr[i] ^ q->ip.addr[i]) & m)
			return false;
	}
	return true;
}

static uint32_t
next(uint32_t *x)
{
	*x = *x * 1664525u + 1013904223u;
	return *x >> 8;
}

static struct rsg_prefix
random_prefix(uint32_t *x)
{
	struct rsg_prefix p;
	unsigned len;

	memset(&p, 0, sizeof(p));
	p.ip.afi = next(x) % 2 ? RSG_AFI_IPV6 : RSG_AFI_IPV4;
	/* a few bits vary: prefixes nest and meet */
	if (p.ip.afi == RSG_AFI_IPV4) {
		len = 12 + next(x) % 13;
		p.ip.addr[0] =
		    0xc0000000u | (next(x) % 64) << 16 | (next(x) % 256) << 8;
		p.ip.addr[0] &= ~(UINT32_MAX >> len);
	} else {
		len = 28 + next(x) % 21;
		p.ip.addr[0] = 0x20010d00u | next(x) % 16;
		p.ip.addr[1] = (next(x) % 256) << 24 | (next(x) % 256) << 16;
		p.ip.addr[0] &= len >= 32 ? UINT32_MAX : ~(UINT32_MAX >> len);
		p.ip.addr[1] &= len <= 32 ? 0 : ~(UINT32_MAX >> (len - 32));
	}
	p.len = (uint8_t)len;
	return p;
}

static int
registered_cmp(const void *a, const void *b)
{
	const struct rsg_registered *x = a, *y = b;

	if (x->prefix.ip.afi != y->prefix.ip.afi)
		return x->prefix.ip.afi < y->prefix.ip.afi ? -1 : 1;
	for (unsigned i = 0; i < 4; i++)
		if (x->prefix.ip.addr[i] != y->prefix.ip.addr[i])
			return x->prefix.ip.addr[i] < y->prefix.ip.addr[i] ? -1
									   : 1;
	return x->prefix.len < y->prefix.len ? -1
					     : x->prefix.len > y->prefix.len;
}

static bool
in_entry(const struct rsg_registered *e, const struct rsg_prefix *q)
{
	return holds(&e->prefix, q) && q->len >= e->min_len
	    && q->len <= e->max_len;
}

START_TEST(test_report)
{
	static struct rsg_registered reg[150];
	static struct rsg_prefix ann[400];
	uint32_t x = 12345u + 7919u * (uint32_t)_i;
	struct lg_registered idx;
	size_t nreg = 0, nann = 0, hits = 0;

	for (unsigned k = 0; k < 150; k++) {
		struct rsg_registered *e = &reg[nreg++];
		unsigned top;

		memset(e, 0, sizeof(*e));
		e->prefix = random_prefix(&x);
		top = e->prefix.ip.afi == RSG_AFI_IPV6 ? 48 : 24;
		if (k % 3 == 0) {
			/* a list's range: greater-equal, less-equal */
			e->min_len = (uint8_t)(e->prefix.len
			    + next(&x) % (top - e->prefix.len + 1));
			e->max_len = (uint8_t)(e->min_len
			    + next(&x) % (top - e->min_len + 1));
		} else {
			e->origin = 64496 + k;
			e->min_len = e->max_len = e->prefix.len;
		}
	}
	qsort(reg, nreg, sizeof(*reg), registered_cmp);
	for (unsigned k = 0; k < 400; k++)
		ann[nann++] = random_prefix(&x);
	lg_prefixes_sort(ann, &nann);
	for (size_t i = 1; i < nann; i++)
		ck_assert(memcmp(&ann[i - 1], &ann[i], sizeof(*ann)) != 0);
	lg_registered_index(&idx, reg, nreg);
	for (size_t i = 0; i < nann; i++) {
		bool want = false;

		for (size_t k = 0; k < nreg && !want; k++)
			want = in_entry(&reg[k], &ann[i]);
		hits += want;
		ck_assert_int_eq(lg_prefix_registered(&idx, &ann[i]), want);
	}
	for (size_t k = 0; k < nreg; k++) {
		bool want = false;

		for (size_t i = 0; i < nann && !want; i++)
			want = in_entry(&reg[k], &ann[i]);
		ck_assert_int_eq(lg_entry_announced(ann, nann, &reg[k]), want);
	}
	/* the data meets: both answers occur */
	ck_assert_uint_gt(hits, 0);
	ck_assert_uint_lt(hits, nann);
}
END_TEST

Suite *
lg_suite(void)
{
	Suite *s = suite_create("lg");
	TCase *tc = tcase_create("bird");

	tcase_add_test(tc, test_routes);
	tcase_add_test(tc, test_protocols);
	tcase_add_test(tc, test_status);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_symbol);
	tcase_add_test(tc, test_config);
	tcase_add_loop_test(tc, test_report, 0, 20);
	suite_add_tcase(s, tc);
	return s;
}
