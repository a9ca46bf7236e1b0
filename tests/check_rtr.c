/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The worker against a real RTR cache: StayRTR on loopback, over TCP and
 * SSH. First sync, a change pushed by the cache (Serial Notify, then an
 * incremental update), the cache going away (last good data kept, then
 * withdrawn after the expire interval: NotFound, never Invalid), the
 * cache coming back with a new session id, and the real 723k VRPs of
 * tests/data compared with the same file read directly.
 *
 * Without a stayrtr binary the suite has no tests, unless
 * RSG_TEST_REQUIRE_ALL is set (tests/run.sh, which installs it): then
 * that is a failure.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ctx.h"
#include "loopback.h"
#include "snapshot.h"
#include "suites.h"
#include "testutil.h"

#define STAYRTR "/usr/bin/stayrtr"

static pid_t cache_pid = -1;
static int cache_port, ssh_port;
static int cache_refresh; /* StayRTR re-reads its file every ... s */

/* StayRTR on port serving file (and SSH if ssh_port is set). */
static pid_t
stayrtr_start(int port, const char *file)
{
	char bind[64], sshbind[64], logf[700], refresh[32];
	pid_t pid;

	snprintf(bind, sizeof(bind), "127.0.0.1:%d", port);
	snprintf(sshbind, sizeof(sshbind), "127.0.0.1:%d", ssh_port);
	snprintf(logf, sizeof(logf), "%s", tu_tmp("stayrtr.log"));
	snprintf(refresh, sizeof(refresh), "-refresh=%d", cache_refresh);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int fd = open(logf, O_WRONLY | O_CREAT | O_APPEND, 0644);
		char *argv[40];
		int n = 0;

		prctl(PR_SET_PDEATHSIG, SIGKILL); /* a failed test exits */
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		argv[n++] = strdup(STAYRTR);
		argv[n++] = strdup("-bind");
		argv[n++] = strdup(bind);
		argv[n++] = strdup("-cache");
		argv[n++] = strdup(file);
		argv[n++] = strdup("-checktime=false");
		argv[n++] = strdup("-metrics.addr=");
		argv[n++] = refresh;
		argv[n++] = strdup("-rtr.refresh=3600");
		argv[n++] = strdup("-rtr.retry=1");
		argv[n++] = strdup("-rtr.expire=7200");
		argv[n++] = strdup("-log.verbose=false");
		if (ssh_port != 0) {
			argv[n++] = strdup("-ssh.bind");
			argv[n++] = strdup(sshbind);
			argv[n++] = strdup("-ssh.key");
			argv[n++] = strdup(tu_tmp("hostkey.pem"));
			argv[n++] = strdup("-ssh.method.password");
			argv[n++] = strdup("-ssh.auth.user=rpki");
			argv[n++] = strdup("-ssh.auth.password=secret");
		}
		argv[n] = NULL;
		execv(STAYRTR, argv);
		_exit(127);
	}
	/* it reads the whole file before it listens */
	for (int i = 0; i < 1200 * tu_slow() && !lo_port_open(port); i++)
		usleep(50000);
	ck_assert_msg(lo_port_open(port), "stayrtr did not start: see %s",
	    tu_tmp("stayrtr.log"));
	return pid;
}

static void
stayrtr_stop(pid_t *pid)
{
	if (*pid <= 0)
		return;
	kill(*pid, SIGTERM);
	for (int i = 0; i < 100; i++) {
		if (waitpid(*pid, NULL, WNOHANG) == *pid) {
			*pid = -1;
			return;
		}
		usleep(50000);
	}
	kill(*pid, SIGKILL);
	waitpid(*pid, NULL, 0);
	*pid = -1;
}

/* The test's cache: cache.json on cache_port. */
static void
cache_start(void)
{
	cache_pid = stayrtr_start(cache_port, tu_tmp("cache.json"));
}

static void
cache_stop(void)
{
	stayrtr_stop(&cache_pid);
}

static void
setup(void)
{
	tu_tmpdir("rtr");
	cache_port = lo_free_port();
	ssh_port = 0;
	cache_refresh = 1;
}

static void
teardown(void)
{
	cache_stop();
	tu_tmpdir_remove();
}

static const char *
cache_json(const char *roas)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf),
	    "{\"metadata\": {\"buildtime\": \"2026-11-26T00:00:00Z\"}, "
	    "\"roas\": [%s]}\n",
	    roas);
	return buf;
}

#define ROA_A                                                                  \
	"{\"asn\": 3333, \"prefix\": \"193.0.0.0/21\", \"maxLength\": 21, "    \
	"\"expires\": 4102444800}"
#define ROA_B                                                                  \
	"{\"asn\": 2497, \"prefix\": \"202.232.0.0/16\", \"maxLength\": "      \
	"24, \"expires\": 4102444800}"
#define ROA_C                                                                  \
	"{\"asn\": 15169, \"prefix\": \"2001:4860::/32\", \"maxLength\": "     \
	"48, \"expires\": 4102444800}"

static struct rsg_ctx *
start_ctx(const char *rtr, const char *timers)
{
	struct rsg_config *cfg;
	struct rsg_ctx *ctx;
	char text[4096];

	snprintf(text, sizeof(text),
	    "general:\n"
	    "  rs_as: 64496\n"
	    "sources:\n"
	    "  rtr:\n%s"
	    "%s",
	    rtr, timers);
	tu_put("rsguard.yml", text);
	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_msg(rsg_config_load_file(cfg, tu_tmp("rsguard.yml")) == 0,
	    "%s", rsg_config_error(cfg, 0));
	ck_assert_int_eq(rsg_ctx_new(cfg, &ctx), 0);
	rsg_config_free(cfg);
	ck_assert_int_eq(rsg_ctx_start(ctx), 0);
	return ctx;
}

static const char *
tcp_cache(void)
{
	static char buf[200];

	snprintf(buf, sizeof(buf), "    - {host: 127.0.0.1, port: %d}\n",
	    cache_port);
	return buf;
}

static enum rsg_rov
rov(struct rsg_ctx *ctx, const char *pfx, uint32_t origin)
{
	struct rsg_prefix p = tu_pfx(pfx);

	return rsg_rov_validate(ctx, &p, origin, NULL, 0, NULL);
}

/* Collects what the change notifications named. */
static struct changes {
	unsigned sources;
	bool saw_probe;
	struct rsg_prefix probe;
} seen;

static void
on_changes(void *arg, const struct rsg_changes *ch)
{
	struct changes *c = arg;

	c->sources |= rsg_changes_sources(ch);
	if (tu_affects_prefix(ch, &c->probe))
		c->saw_probe = true;
}

/* Poll, dispatching notifications, until rov() gives want (ms bound). */
static bool
wait_rov(struct rsg_ctx *ctx, const char *pfx, uint32_t origin,
    enum rsg_rov want, int ms)
{
	struct pollfd p = { rsg_ctx_get_fd(ctx), POLLIN, 0 };

	for (int waited = 0; waited <= ms; waited += 50) {
		if (rov(ctx, pfx, origin) == want)
			return true;
		poll(&p, 1, 50);
		rsg_ctx_dispatch(ctx, on_changes, &seen);
	}
	return rov(ctx, pfx, origin) == want;
}

static struct rsg_source_status
rtr_status(struct rsg_ctx *ctx)
{
	struct rsg_source_status st;

	for (size_t i = 0; i < rsg_ctx_source_count(ctx); i++) {
		ck_assert_int_eq(rsg_ctx_source_status(ctx, i, &st), 0);
		if (st.kind == RSG_SOURCE_RTR)
			return st;
	}
	ck_abort_msg("no rtr source");
	return st;
}

static struct rsg_table_status
table(struct rsg_ctx *ctx)
{
	struct rsg_table_status ts;

	ck_assert_int_eq(rsg_ctx_table_status(ctx, RSG_TABLE_ROV, &ts), 0);
	return ts;
}

/* The cache's VRP count, as applied, reaches n. */
static bool
wait_vrps(struct rsg_ctx *ctx, uint64_t n, int ms)
{
	for (int waited = 0; waited <= ms; waited += 50) {
		if (rtr_status(ctx).vrps == n)
			return true;
		usleep(50000);
	}
	return false;
}

static bool
wait_state(struct rsg_ctx *ctx, enum rsg_source_state want, int ms)
{
	for (int waited = 0; waited <= ms; waited += 50) {
		if (rtr_status(ctx).state == want)
			return true;
		usleep(50000);
	}
	return false;
}

START_TEST(test_sync_update_loss_recovery)
{
	struct rsg_ctx *ctx;
	struct rsg_source_status st;
	struct rsg_stats stats;
	uint64_t gen;
	uint32_t serial;

	tu_put("cache.json", cache_json(ROA_A "," ROA_B));
	cache_start();
	ctx = start_ctx(
	    tcp_cache(), "  rtr_timers: {refresh: 1, retry: 1, expire: 4}\n");
	/* first sync */
	ck_assert(wait_rov(ctx, "193.0.0.0/21", 3333, RSG_ROV_VALID, 10000));
	ck_assert_int_eq(rov(ctx, "193.0.0.0/21", 64511), RSG_ROV_INVALID);
	ck_assert_int_eq(rov(ctx, "202.232.0.0/24", 2497), RSG_ROV_VALID);
	ck_assert(wait_state(ctx, RSG_SRC_OK, 3000));
	ck_assert(wait_vrps(ctx, 2, 3000));
	st = rtr_status(ctx);
	ck_assert_ptr_nonnull(strstr(st.name, "127.0.0.1"));
	serial = st.serial;
	/* the cache changes: B goes, C comes; pushed within seconds */
	memset(&seen, 0, sizeof(seen));
	seen.probe = tu_pfx("202.232.7.0/24");
	ck_assert_int_eq(rsg_ctx_stats(ctx, &stats), 0);
	tu_put("cache.json", cache_json(ROA_A "," ROA_C));
	ck_assert(
	    wait_rov(ctx, "2001:4860:1::/48", 15169, RSG_ROV_VALID, 10000));
	/* one serial, one publication: never half of it */
	ck_assert_int_eq(rov(ctx, "202.232.0.0/24", 2497), RSG_ROV_NOTFOUND);
	gen = stats.generation;
	ck_assert_int_eq(rsg_ctx_stats(ctx, &stats), 0);
	ck_assert_uint_eq(stats.generation, gen + 1);
	/* the change summaries named the changed prefix and the source */
	ck_assert(seen.sources & (1u << RSG_SOURCE_RTR));
	ck_assert(seen.saw_probe);
	/* the status follows at the end of the sync */
	for (int i = 0; i < 100 && rtr_status(ctx).serial == serial; i++)
		usleep(50000);
	st = rtr_status(ctx);
	ck_assert_int_eq(st.state, RSG_SRC_OK);
	ck_assert_uint_ne(st.serial, serial);
	ck_assert(wait_vrps(ctx, 2, 3000));
	/* the cache goes away: the data stays until it expires (4 s) */
	cache_stop();
	ck_assert(wait_state(ctx, RSG_SRC_ERROR, 5000));
	ck_assert_int_eq(rov(ctx, "193.0.0.0/21", 3333), RSG_ROV_VALID);
	/* then withdrawn: not checked, never NotFound or Invalid */
	ck_assert(
	    wait_rov(ctx, "193.0.0.0/21", 64511, RSG_ROV_NOT_CHECKED, 8000));
	ck_assert_int_eq(rov(ctx, "193.0.0.0/21", 3333), RSG_ROV_NOT_CHECKED);
	ck_assert_int_eq(table(ctx).state, RSG_TABLE_STALE);
	/* why: the expiry, or the connection the source keeps retrying
	 * (which the status shows first depends on the timing) */
	ck_assert_msg(strstr(table(ctx).reason, "no update for") != NULL
		|| strstr(table(ctx).reason, "cannot connect") != NULL,
	    "%s", table(ctx).reason);
	ck_assert(wait_state(ctx, RSG_SRC_STALE, 3000));
	st = rtr_status(ctx);
	ck_assert_msg(strstr(st.last_error, "withdrawn") != NULL
		|| strstr(st.last_error, "rtr 127.0.0.1") != NULL,
	    "%s", st.last_error);
	/* back, with a new session id: a full sync again */
	tu_put("cache.json", cache_json(ROA_A));
	cache_start();
	ck_assert(wait_rov(ctx, "193.0.0.0/21", 64511, RSG_ROV_INVALID, 15000));
	ck_assert(wait_state(ctx, RSG_SRC_OK, 3000));
	ck_assert_int_eq(rov(ctx, "2001:4860:1::/48", 15169), RSG_ROV_NOTFOUND);
	ck_assert(wait_vrps(ctx, 1, 3000));
	ck_assert_int_eq(table(ctx).state, RSG_TABLE_READY);
	rsg_ctx_free(ctx);
}
END_TEST

START_TEST(test_ssh_transport)
{
	struct rsg_ctx *ctx;
	char cmd[900], rtr[600];

	snprintf(cmd, sizeof(cmd),
	    "ssh-keygen -q -t rsa -b 2048 -m PEM -N '' -f '%s' >/dev/null",
	    tu_tmp("hostkey.pem"));
	ck_assert_msg(system(cmd) == 0,
	    "ssh-keygen failed (apt-get install openssh-client)");
	ssh_port = lo_free_port();
	tu_put("cache.json", cache_json(ROA_A));
	cache_start();
	for (int i = 0; i < 100 && !lo_port_open(ssh_port); i++)
		usleep(50000);
	snprintf(rtr, sizeof(rtr),
	    "    - host: 127.0.0.1\n"
	    "      port: %d\n"
	    "      transport: ssh\n"
	    "      ssh: {user: rpki, password: secret}\n",
	    ssh_port);
	ctx = start_ctx(rtr, "");
	ck_assert_msg(wait_rov(ctx, "193.0.0.0/21", 3333, RSG_ROV_VALID, 15000),
	    "no sync over SSH: %s", rtr_status(ctx).last_error);
	ck_assert_ptr_nonnull(strstr(rtr_status(ctx).name, "ssh"));
	rsg_ctx_free(ctx);
}
END_TEST

/* Preference: the cache of preference 1 serves while it is up. */
START_TEST(test_unreachable_cache)
{
	struct rsg_ctx *ctx;
	char rtr[300];

	/* nothing listens there: connecting, then an error; no data */
	snprintf(rtr, sizeof(rtr), "    - {host: 127.0.0.1, port: %d}\n",
	    lo_free_port());
	ctx =
	    start_ctx(rtr, "  rtr_timers: {refresh: 1, retry: 1, expire: 4}\n");
	ck_assert(wait_state(ctx, RSG_SRC_ERROR, 15000));
	ck_assert_ptr_nonnull(strstr(rtr_status(ctx).last_error, "rtr 127"));
	/* never synced: not checked, and the table says which cache */
	ck_assert_int_eq(rov(ctx, "193.0.0.0/21", 3333), RSG_ROV_NOT_CHECKED);
	ck_assert_int_eq(table(ctx).state, RSG_TABLE_NOT_READY);
	ck_assert_msg(strstr(table(ctx).reason, "rtr 127.0.0.1") != NULL, "%s",
	    table(ctx).reason);
	rsg_ctx_free(ctx);
}
END_TEST

/* Compare RTR-fed and file-fed answers for every 100th VRP of a file, with
 * its own origin and another one; returns the number compared. */
static unsigned
same_answers(struct rsg_ctx *a, struct rsg_ctx *b, const char *file)
{
	FILE *f = fopen(file, "r");
	char line[512], pfx[64];
	unsigned asn, n = 0, k = 0;

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		const char *p = strstr(line, "\"asn\":");

		if (p == NULL || k++ % 100 != 0
		    || sscanf(p, "\"asn\": %u, \"prefix\": \"%63[^\"]\"", &asn,
			   pfx)
			!= 2)
			continue;
		ck_assert_msg(
		    rov(a, pfx, asn) == rov(b, pfx, asn), "%s AS%u", pfx, asn);
		ck_assert_msg(rov(a, pfx, asn + 1) == rov(b, pfx, asn + 1),
		    "%s AS%u", pfx, asn + 1);
		n++;
	}
	fclose(f);
	return n;
}

/* A cache that accepts and then says nothing: the status says so, checks
 * go on, and stopping does not wait for it. */
START_TEST(test_hanging_cache)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	struct rsg_ctx *ctx;
	struct rsg_route route;
	struct rsg_verdict v = RSG_VERDICT_INIT;
	uint8_t path[6];
	char rtr[200];
	uint64_t t0;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	/* listening, never accepting: the kernel completes the handshake */
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(listen(fd, 8), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	snprintf(rtr, sizeof(rtr), "    - {host: 127.0.0.1, port: %d}\n",
	    ntohs(sa.sin_port));
	ctx = start_ctx(rtr, "");
	sleep(3);
	ck_assert_int_ne(rtr_status(ctx).state, RSG_SRC_OK);
	/* the worker and rtrlib's socket thread (which inherits its name) */
	ck_assert_uint_ge(tu_threads_block_signals("rsg-"), 2);
	tu_route(&route, path, "185.0.0.10", 3333, "193.0.0.0/21");
	/* no client configured: checked with the general policy */
	ck_assert_int_eq(rsg_check(ctx, &route, &v), RSG_ENOCLIENT);
	ck_assert_int_eq(v.rov, RSG_ROV_NOT_CHECKED);
	ck_assert(v.flags & RSG_VF_ROV_NOT_READY);
	ck_assert(!rsg_verdict_has(&v, RSG_R_RPKI_INVALID));
	t0 = (uint64_t)time(NULL);
	rsg_ctx_free(ctx);
	ck_assert_uint_le((uint64_t)time(NULL) - t0, 2);
	close(fd);
}
END_TEST

/* The real VRPs: RTR and the file give the same table. */
START_TEST(test_real_vrps)
{
	struct rsg_ctx *ctx, *fctx;
	struct rsg_config *cfg;
	struct rsg_stats a, b;
	char cmd[1200];
	const char *src = tu_build("cache/vrps-20250720T100145Z.json");

	ck_assert_msg(access(src, R_OK) == 0,
	    "tests/cache/vrps-20250720T100145Z.json is missing: run make "
	    "check");
	/* StayRTR drops expired VRPs: give them a future expiry */
	snprintf(cmd, sizeof(cmd),
	    "sed -E 's/\"expires\": *[0-9]+/\"expires\": 4102444800/' '%s' "
	    "> '%s'",
	    src, tu_tmp("cache.json"));
	ck_assert_int_eq(system(cmd), 0);
	cache_refresh = 3600; /* re-read on SIGHUP */
	cache_start();
	ctx = start_ctx(tcp_cache(), "");
	ck_assert_msg(wait_state(ctx, RSG_SRC_OK, 60000 * tu_slow()),
	    "state %s, %llu VRPs: %s",
	    rsg_source_state_name(rtr_status(ctx).state),
	    (unsigned long long)rtr_status(ctx).vrps,
	    rtr_status(ctx).last_error);
	/* the file read directly, ignoring expiry the same way */
	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	snprintf(cmd, sizeof(cmd),
	    "general:\n  rs_as: 64496\n  rpki_roas: {check_expires: false, "
	    "ignore_cache_files_older_than: 0}\n"
	    "sources:\n  vrps: [\"%s\"]\n",
	    tu_tmp("cache.json"));
	ck_assert_int_eq(rsg_config_load_string(cfg, cmd, strlen(cmd), "t"), 0);
	ck_assert_int_eq(rsg_ctx_new(cfg, &fctx), 0);
	rsg_config_free(cfg);
	ck_assert_int_eq(rsg_ctx_load(fctx), 0);
	for (int i = 0; i < 100; i++) {
		struct pollfd p = { rsg_ctx_get_fd(ctx), POLLIN, 0 };

		poll(&p, 1, 50);
		rsg_ctx_dispatch(ctx, NULL, NULL);
		rsg_ctx_stats(ctx, &a);
		if (a.vrps_ipv4 + a.vrps_ipv6 == rtr_status(ctx).vrps)
			break;
	}
	ck_assert_int_eq(rsg_ctx_stats(fctx, &b), 0);
	ck_assert_uint_gt(b.vrps_ipv4, 500000);
	ck_assert_uint_eq(a.vrps_ipv4, b.vrps_ipv4);
	ck_assert_uint_eq(a.vrps_ipv6, b.vrps_ipv6);
	ck_assert_uint_gt(same_answers(ctx, fctx, tu_tmp("cache.json")), 7000);
	ck_assert_int_eq(rov(ctx, "193.0.0.0/21", 3333), RSG_ROV_VALID);
	rsg_ctx_free(fctx);
	/* the ROA of 193.0.0.0/21 moves to AS64511; SIGHUP: StayRTR reloads
	 * and notifies; the incremental update flips the result */
	snprintf(cmd, sizeof(cmd),
	    "sed -i -E '/\"prefix\": \"193\\.0\\.0\\.0\\/21\"/ "
	    "s/\"asn\": [0-9]+/\"asn\": 64511/' '%s'",
	    tu_tmp("cache.json"));
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(kill(cache_pid, SIGHUP), 0);
	ck_assert(wait_rov(
	    ctx, "193.0.0.0/21", 64511, RSG_ROV_VALID, 30000 * tu_slow()));
	ck_assert_int_eq(rov(ctx, "193.0.0.0/21", 3333), RSG_ROV_INVALID);
	rsg_ctx_free(ctx);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Every publication, seen from the publishing thread                  */

#define SET_N   1500 /* VRPs of a set: 10.<i>/24, one origin per set */
#define SET_AS0 64500

/* What the hook saw. */
static struct observer {
	atomic_uint pubs, ready, not_ready, stale;
	atomic_uint partial;  /* a ready ROV table with a mixed set */
	atomic_uint bad_size; /* a ready ROV table of another size */
	atomic_uint extra;    /* ready, with the extra file's VRP */
	atomic_uint set_seen; /* bit k: a complete set of origin AS0+k */
} obs;

static struct rsg_prefix
set_prefix(unsigned i)
{
	struct rsg_prefix p;

	memset(&p, 0, sizeof(p));
	p.ip.afi = RSG_AFI_IPV4;
	p.ip.addr[0] = 0x0a000000u | (i >> 8) << 16 | (i & 0xff) << 8;
	p.len = 24;
	return p;
}

/* cache.json (or another file) holding set k: every 10.<i>/24 of
 * AS(SET_AS0 + k). */
static void
put_set(const char *file, unsigned k)
{
	size_t cap = SET_N * 128 + 256, n = 0;
	char *buf = malloc(cap);

	ck_assert_ptr_nonnull(buf);
	n += (size_t)snprintf(buf + n, cap - n,
	    "{\"metadata\": {\"buildtime\": \"2026-11-26T00:00:00Z\"}, "
	    "\"roas\": [");
	for (unsigned i = 0; i < SET_N; i++) {
		char pfx[RSG_PREFIX_STRLEN];
		struct rsg_prefix p = set_prefix(i);

		rsg_prefix_format(&p, pfx, sizeof(pfx));
		n += (size_t)snprintf(buf + n, cap - n,
		    "%s{\"asn\": %u, \"prefix\": \"%s\", \"maxLength\": 24, "
		    "\"expires\": 4102444800}",
		    i ? ", " : "", SET_AS0 + k, pfx);
	}
	snprintf(buf + n, cap - n, "]}\n");
	tu_put(file, buf);
	free(buf);
}

/* On the build thread, for every snapshot put in service. */
static void
observe(void *arg, const struct rsg_snapshot *s)
{
	const struct snap_rov *r = snap_rov(s);
	unsigned valid[3] = { 0, 0, 0 }, samples = 0, full = 0;
	size_t n = r->roa.t4.nrec + r->roa.t6.nrec;
	struct rsg_prefix extra = tu_pfx("192.0.2.0/24");

	(void)arg;
	atomic_fetch_add(&obs.pubs, 1);
	if (s->rov_state == TABLE_NOT_READY)
		atomic_fetch_add(&obs.not_ready, 1);
	if (s->rov_state == TABLE_STALE)
		atomic_fetch_add(&obs.stale, 1);
	if (s->rov_state != TABLE_READY)
		return;
	atomic_fetch_add(&obs.ready, 1);
	for (unsigned i = 0; i < SET_N; i += 7, samples++) {
		struct rsg_prefix p = set_prefix(i);

		for (unsigned k = 0; k < 3; k++)
			valid[k] += rsg__roa_validate(
					&r->roa, &p, SET_AS0 + k, NULL, 0, NULL)
			    == RSG_ROV_VALID;
	}
	/* exactly one set, whole: every sample of one origin valid, none
	 * of another */
	for (unsigned k = 0; k < 3; k++) {
		if (valid[k] == samples)
			full++;
		else if (valid[k] != 0)
			full = 99;
	}
	if (full != 1)
		atomic_fetch_add(&obs.partial, 1);
	for (unsigned k = 0; k < 3; k++) {
		if (valid[k] == samples)
			atomic_fetch_or(&obs.set_seen, 1u << k);
	}
	if (rsg__roa_validate(&r->roa, &extra, 64999, NULL, 0, NULL)
	    == RSG_ROV_VALID) {
		atomic_fetch_add(&obs.extra, 1);
		n--;
	}
	if (n != SET_N)
		atomic_fetch_add(&obs.bad_size, 1);
}

/* The configuration of the publication test: caches and files. */
static void
put_config(const char *rtr, bool extra_file)
{
	char text[4096];

	snprintf(text, sizeof(text),
	    "general:\n"
	    "  rs_as: 64496\n"
	    "  rpki_roas: {check_expires: false, "
	    "ignore_cache_files_older_than: 0}\n"
	    "sources:\n"
	    "  rtr_timers: {refresh: 1, retry: 1, expire: 5}\n"
	    "%s%s%s"
	    "  rtr:\n%s"
	    "clients:\n"
	    "  - {asn: 3333, ip: 185.0.0.10}\n",
	    extra_file ? "  vrps: [\"" : "",
	    extra_file ? tu_tmp("extra.json") : "", extra_file ? "\"]\n" : "",
	    rtr);
	tu_put("rsguard.yml", text);
}

static bool
wait_set(unsigned k, int ms)
{
	for (int waited = 0; waited <= ms; waited += 50) {
		if (atomic_load(&obs.set_seen) & (1u << k))
			return true;
		usleep(50000);
	}
	return false;
}

static bool
wait_table(struct rsg_ctx *ctx, unsigned state, int ms)
{
	for (int waited = 0; waited <= ms; waited += 50) {
		if (table(ctx).state == state)
			return true;
		usleep(50000);
	}
	return false;
}

/*
 * Start, an RTR serial replacing every VRP, a reload that adds a file, a
 * reload that moves the cache to another one (a changed source), and
 * the cache lost: no publication ever serves a partial set, and ROV is
 * never out of service except while nothing or only stale data is there.
 */
START_TEST(test_no_partial_publication)
{
	struct rsg_config *cfg;
	struct rsg_ctx *ctx;
	char rtr2[200];
	int port2 = lo_free_port();
	pid_t pid2 = -1;
	unsigned before;

	memset(&obs, 0, sizeof(obs));
	put_set("cache.json", 0);
	cache_start();
	put_config(tcp_cache(), false);
	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_int_eq(rsg_config_load_file(cfg, tu_tmp("rsguard.yml")), 0);
	ck_assert_int_eq(rsg_ctx_new(cfg, &ctx), 0);
	rsg_config_free(cfg);
	ctx->on_publish = observe;
	ck_assert_int_eq(rsg_ctx_start(ctx), 0);
	/* start: not ready until the first sync ends, then set 0 whole */
	ck_assert(wait_set(0, 15000 * tu_slow()));
	ck_assert_uint_ge(atomic_load(&obs.not_ready), 1);
	/* one serial replaces every VRP: set 1, never a mix */
	put_set("cache.json", 1);
	ck_assert(wait_set(1, 15000 * tu_slow()));
	/* a reload that adds a file: the cache keeps its session and data,
	 * ROV stays in service throughout */
	before = atomic_load(&obs.not_ready) + atomic_load(&obs.stale);
	tu_put("extra.json",
	    "{\"roas\": [{\"asn\": 64999, \"prefix\": \"192.0.2.0/24\", "
	    "\"maxLength\": 24}]}");
	put_config(tcp_cache(), true);
	ck_assert_int_eq(rsg_ctx_reload(ctx), 0);
	for (int i = 0; i < 200 && atomic_load(&obs.extra) == 0; i++)
		usleep(50000);
	ck_assert_uint_gt(atomic_load(&obs.extra), 0);
	ck_assert_int_eq(rtr_status(ctx).state, RSG_SRC_OK);
	ck_assert_ptr_null(strstr(rtr_status(ctx).name, "retiring"));
	/* a changed source: the cache moves to another one serving set 2;
	 * set 1 serves until set 2 is complete, then set 2 alone */
	put_set("cache2.json", 2);
	pid2 = stayrtr_start(port2, tu_tmp("cache2.json"));
	snprintf(
	    rtr2, sizeof(rtr2), "    - {host: 127.0.0.1, port: %d}\n", port2);
	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	put_config(rtr2, true);
	ck_assert_int_eq(rsg_config_load_file(cfg, tu_tmp("rsguard.yml")), 0);
	/* handed over as a host that parsed it would */
	ck_assert_int_eq(rsg_ctx_apply_config(ctx, cfg), 0);
	rsg_config_free(cfg);
	ck_assert(wait_set(2, 15000 * tu_slow()));
	ck_assert_uint_eq(
	    atomic_load(&obs.not_ready) + atomic_load(&obs.stale), before);
	ck_assert(wait_table(ctx, RSG_TABLE_READY, 5000));
	ck_assert_uint_eq(rsg_ctx_source_count(ctx), 3); /* retired */
	/* the cache goes: its data serves until it expires (5 s), then
	 * "not checked", never a partial or empty set */
	stayrtr_stop(&pid2);
	ck_assert(wait_table(ctx, RSG_TABLE_STALE, 15000 * tu_slow()));
	ck_assert_uint_ge(atomic_load(&obs.stale), 1);
	rsg_ctx_free(ctx);
	printf("publications: %u, ROV ready %u, not ready %u, stale %u, "
	       "partial %u\n",
	    atomic_load(&obs.pubs), atomic_load(&obs.ready),
	    atomic_load(&obs.not_ready), atomic_load(&obs.stale),
	    atomic_load(&obs.partial));
	/* every ready publication held exactly one whole set */
	ck_assert_uint_eq(atomic_load(&obs.partial), 0);
	ck_assert_uint_eq(atomic_load(&obs.bad_size), 0);
	ck_assert_uint_ge(atomic_load(&obs.ready), 3);
}
END_TEST

/*
 * Work off the loop: while the real 723k-VRP file is read again and
 * again, the loop stays on time (its lag stays under 100 ms), status
 * calls answer at once, and an RTR serial is published meanwhile.
 */
START_TEST(test_loop_free_during_reparse)
{
	const char *big = tu_build("cache/vrps-20250720T100145Z.json");
	struct rsg_config *cfg;
	struct rsg_ctx *ctx;
	struct rsg_source_status st;
	char text[4096];
	uint64_t worst_call = 0, lag;
	int64_t t0;
	unsigned reads = 0;

	ck_assert_msg(
	    access(big, R_OK) == 0, "%s is missing: run make check", big);
	tu_put("cache.json", cache_json(ROA_A));
	cache_start();
	snprintf(text, sizeof(text),
	    "general:\n"
	    "  rs_as: 64496\n"
	    "  rpki_roas: {check_expires: false, "
	    "ignore_cache_files_older_than: 0}\n"
	    "sources:\n"
	    "  vrps: [\"%s\"]\n"
	    "  rtr_timers: {refresh: 1, retry: 1, expire: 600}\n"
	    "  rtr:\n%s",
	    big, tcp_cache());
	tu_put("rsguard.yml", text);
	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_int_eq(rsg_config_load_file(cfg, tu_tmp("rsguard.yml")), 0);
	ck_assert_int_eq(rsg_ctx_new(cfg, &ctx), 0);
	rsg_config_free(cfg);
	ck_assert_int_eq(rsg_ctx_start(ctx), 0);
	ck_assert(wait_table(ctx, RSG_TABLE_READY, 60000 * tu_slow()));
	/* the cache changes now; the file is re-read meanwhile, again and
	 * again, until the change is published */
	t0 = (int64_t)time(NULL);
	rsg__ctx_loop_lag(ctx);
	ck_assert_int_eq(rov(ctx, "198.51.100.0/24", 64511), RSG_ROV_NOTFOUND);
	tu_put("cache.json",
	    cache_json(ROA_A ", {\"asn\": 64511, \"prefix\": "
			     "\"198.51.100.0/24\", \"maxLength\": 24, "
			     "\"expires\": 4102444800}"));
	while (rov(ctx, "198.51.100.0/24", 64511) != RSG_ROV_VALID
	    && (int64_t)time(NULL) - t0 < 30 * tu_slow()) {
		uint64_t c0;

		if (reads++ % 20 == 0)
			ck_assert_int_eq(rsg_ctx_refresh(ctx), 0);
		c0 = tu_usec();
		for (size_t i = 0; i < rsg_ctx_source_count(ctx); i++)
			rsg_ctx_source_status(ctx, i, &st);
		if (tu_usec() - c0 > worst_call)
			worst_call = tu_usec() - c0;
		usleep(5000);
	}
	lag = rsg__ctx_loop_lag(ctx);
	ck_assert_int_eq(rov(ctx, "198.51.100.0/24", 64511), RSG_ROV_VALID);
	/* the big file was being read while the serial came through */
	for (size_t i = 0; i < rsg_ctx_source_count(ctx); i++) {
		rsg_ctx_source_status(ctx, i, &st);
		if (st.kind == RSG_SOURCE_VRPS)
			ck_assert_int_ge(st.last_attempt, t0);
	}
	printf("reparse: loop lag %.1f ms, slowest status call %.3f ms, "
	       "%u refreshes\n",
	    (double)lag / 1000.0, (double)worst_call / 1000.0, reads / 20 + 1);
	ck_assert_uint_lt(lag, 100000u * (unsigned)tu_slow());
	ck_assert_uint_lt(worst_call, 100000u * (unsigned)tu_slow());
	rsg_ctx_free(ctx);
}
END_TEST

START_TEST(test_stayrtr_missing)
{
	ck_abort_msg(STAYRTR " is missing (apt-get install stayrtr)");
}
END_TEST

Suite *
rtr_suite(void)
{
	Suite *s = suite_create("rtr");
	TCase *tc = tcase_create("stayrtr");

	if (access(STAYRTR, X_OK) != 0) {
		fprintf(stderr,
		    "rtr: %s not found, RTR not tested "
		    "(apt-get install stayrtr)\n",
		    STAYRTR);
		if (getenv("RSG_TEST_REQUIRE_ALL") == NULL)
			return s;
		tcase_add_test(tc, test_stayrtr_missing);
		suite_add_tcase(s, tc);
		return s;
	}
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_sync_update_loss_recovery);
	tcase_add_test(tc, test_ssh_transport);
	tcase_add_test(tc, test_unreachable_cache);
	tcase_add_test(tc, test_hanging_cache);
	tcase_add_test(tc, test_real_vrps);
	tcase_add_test(tc, test_no_partial_publication);
	tcase_add_test(tc, test_loop_free_during_reparse);
	suite_add_tcase(s, tc);
	return s;
}
