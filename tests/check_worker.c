/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The worker with file sources: first publication, changes on disk,
 * "skip if equal", bad, empty, shrunk and stale files (last good kept,
 * status says why), SLURM, PeeringDB, configuration reload, change
 * summaries through the notification fd, metrics, readers checking
 * routes while the worker publishes without pause, and the configuration
 * file and its !include files applied when they change on disk.
 */
#include "config.h"

#include <check.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "suites.h"
#include "testutil.h"
#include "util.h"

static void
setup(void)
{
	tu_tmpdir("worker");
}

static void
teardown(void)
{
	tu_tmpdir_remove();
}

#define ROA_A "{\"asn\": 3333, \"prefix\": \"193.0.0.0/21\", \"maxLength\": 21}"
#define ROA_B                                                                  \
	"{\"asn\": 2497, \"prefix\": \"202.232.0.0/16\", \"maxLength\": 24}"
#define ROA_C "{\"asn\": 15169, \"prefix\": \"8.8.8.0/24\", \"maxLength\": 24}"
#define ROA_D "{\"asn\": 13335, \"prefix\": \"1.1.1.0/24\", \"maxLength\": 24}"

/* A context on rsguard.yml in the scratch directory, its worker started;
 * log (NULL: none) gets the diagnostics and the worker's messages. */
static struct rsg_ctx *
start_file(rsg_log_cb log, void *arg)
{
	struct rsg_config *cfg;
	struct rsg_ctx *ctx;

	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	rsg_config_set_log(cfg, log, arg);
	ck_assert_msg(rsg_config_load_file(cfg, tu_tmp("rsguard.yml")) == 0,
	    "%s", rsg_config_error(cfg, 0));
	ck_assert_int_eq(rsg_ctx_new(cfg, &ctx), 0);
	rsg_config_free(cfg);
	ck_assert_int_eq(rsg_ctx_start(ctx), 0);
	ck_assert_int_eq(rsg_ctx_start(ctx), RSG_EBUSY);
	return ctx;
}

static struct rsg_ctx *
start_ctx(const char *extra)
{
	char text[4096];

	snprintf(text, sizeof(text),
	    "general:\n"
	    "  rs_as: 64496\n"
	    "  rpki_roas: {check_expires: false}\n"
	    "sources:\n"
	    "  vrps: [\"%s\"]\n"
	    "  refresh: 1\n"
	    "%s"
	    "clients:\n"
	    "  - {asn: 3333, ip: 185.0.0.10}\n",
	    tu_tmp("vrps.json"), extra);
	tu_put("rsguard.yml", text);
	return start_file(NULL, NULL);
}

/* What the last dispatch said. */
struct seen {
	uint64_t generation;
	unsigned sources;
	bool all;
	size_t nprefixes;
	bool affects; /* rsg_changes_affects(probe) */
	struct rsg_prefix probe;
	size_t nclients;
	size_t nasns;
	uint32_t asn[4]; /* the first ones */
	bool unknown;    /* rsg_changes_unknown_peers() */
	size_t nlimits;
};

static void
on_changes(void *arg, const struct rsg_changes *ch)
{
	struct seen *s = arg;
	const struct rsg_prefix *p;
	const struct rsg_ip *ips;
	const uint32_t *asns;

	s->generation = rsg_changes_generation(ch);
	s->sources = rsg_changes_sources(ch);
	s->all = rsg_changes_all(ch);
	s->nprefixes = rsg_changes_prefixes(ch, &p);
	s->affects = tu_affects_prefix(ch, &s->probe);
	s->nclients = rsg_changes_clients(ch, &ips);
	s->nasns = rsg_changes_asns(ch, &asns);
	s->unknown = rsg_changes_unknown_peers(ch);
	s->nlimits = rsg_changes_limits(ch, &ips);
	for (size_t i = 0; i < s->nasns && i < 4; i++)
		s->asn[i] = asns[i];
}

/* Wait up to ms for a dispatch that reaches generation >= gen. */
static bool
wait_gen(struct rsg_ctx *ctx, uint64_t gen, int ms, struct seen *s)
{
	struct pollfd p = { rsg_ctx_get_fd(ctx), POLLIN, 0 };

	for (int waited = 0; waited < ms; waited += 50) {
		poll(&p, 1, 50);
		if (rsg_ctx_dispatch(ctx, on_changes, s) == 1
		    && s->generation >= gen)
			return true;
	}
	return false;
}

static unsigned
table_state(struct rsg_ctx *ctx, unsigned table)
{
	struct rsg_table_status ts;

	ck_assert_int_eq(rsg_ctx_table_status(ctx, table, &ts), 0);
	return ts.state;
}

static enum rsg_rov
rov(struct rsg_ctx *ctx, const char *pfx, uint32_t origin)
{
	struct rsg_prefix p = tu_pfx(pfx);

	return rsg_rov_validate(ctx, &p, origin, NULL, 0, NULL);
}

static uint64_t
gen(struct rsg_ctx *ctx)
{
	struct rsg_stats st;

	return rsg_ctx_stats(ctx, &st) == 0 ? st.generation : 0;
}

/* Status of the source whose name ends with name. */
static struct rsg_source_status
status(struct rsg_ctx *ctx, const char *name)
{
	struct rsg_source_status st;

	for (size_t i = 0; i < rsg_ctx_source_count(ctx); i++) {
		ck_assert_int_eq(rsg_ctx_source_status(ctx, i, &st), 0);
		if (strlen(st.name) >= strlen(name)
		    && strcmp(st.name + strlen(st.name) - strlen(name), name)
			== 0)
			return st;
	}
	ck_abort_msg("no source %s", name);
	return st;
}

START_TEST(test_first_publication_and_change)
{
	struct rsg_ctx *ctx;
	struct seen s = { 0 };
	struct rsg_source_status st;
	uint64_t g;

	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A "," ROA_B));
	ctx = start_ctx("");
	ck_assert(wait_gen(ctx, 1, 5000, &s));
	ck_assert(s.all); /* the first publication: everything */
	ck_assert_int_eq(rov(ctx, "193.0.0.0/21", 3333), RSG_ROV_VALID);
	ck_assert_int_eq(rov(ctx, "8.8.8.0/24", 15169), RSG_ROV_NOTFOUND);
	st = status(ctx, "vrps.json");
	ck_assert_int_eq(st.state, RSG_SRC_OK);
	ck_assert_uint_eq(st.vrps, 2);
	ck_assert_int_eq(st.kind, RSG_SOURCE_VRPS);
	/* a change on disk: published within seconds, with what changed */
	g = gen(ctx);
	s.probe = tu_pfx("8.8.8.0/24");
	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A "," ROA_C));
	ck_assert(wait_gen(ctx, g + 1, 5000, &s));
	ck_assert_int_eq(rov(ctx, "8.8.8.0/24", 15169), RSG_ROV_VALID);
	ck_assert_int_eq(rov(ctx, "202.232.0.0/16", 2497), RSG_ROV_NOTFOUND);
	ck_assert(!s.all);
	ck_assert_uint_eq(s.nprefixes, 2); /* B removed, C added */
	ck_assert(s.affects);
	ck_assert(s.sources & (1u << RSG_SOURCE_VRPS));
	s.probe = tu_pfx("9.9.9.0/24");
	rsg_ctx_stop(ctx);
	rsg_ctx_stop(ctx); /* twice is fine */
	/* the snapshot stays in service after the worker stopped */
	ck_assert_int_eq(rov(ctx, "8.8.8.0/24", 15169), RSG_ROV_VALID);
	rsg_ctx_free(ctx);
}
END_TEST

START_TEST(test_skip_if_equal)
{
	struct rsg_ctx *ctx;
	struct seen s = { 0 };
	uint64_t g;
	int64_t t = time(NULL);

	tu_put("vrps.json", tu_vrp_json(t, ROA_A));
	ctx = start_ctx("");
	ck_assert(wait_gen(ctx, 1, 5000, &s));
	g = gen(ctx);
	/* same content, new file: read, but nothing to publish */
	tu_put("vrps.json", tu_vrp_json(t, ROA_A));
	ck_assert_int_eq(rsg_ctx_refresh(ctx), 0);
	ck_assert(!wait_gen(ctx, g + 1, 1500, &s));
	ck_assert_uint_eq(gen(ctx), g);
	rsg_ctx_free(ctx);
}
END_TEST

START_TEST(test_bad_files_keep_last_good)
{
	struct rsg_ctx *ctx;
	struct seen s = { 0 };
	struct rsg_source_status st;
	uint64_t g;
	int64_t t = time(NULL);

	tu_put(
	    "vrps.json", tu_vrp_json(t, ROA_A "," ROA_B "," ROA_C "," ROA_D));
	ctx = start_ctx("  max_shrink: 50\n");
	ck_assert(wait_gen(ctx, 1, 5000, &s));
	g = gen(ctx);
	/* truncated */
	tu_put("vrps.json", "{\"roas\": [{\"asn\": 3333, \"prefix\": ");
	ck_assert_int_eq(rsg_ctx_refresh(ctx), 0);
	usleep(500000);
	st = status(ctx, "vrps.json");
	ck_assert_int_eq(st.state, RSG_SRC_ERROR);
	ck_assert_msg(
	    strstr(st.last_error, "vrps.json:1:") != NULL, "%s", st.last_error);
	ck_assert_uint_ge(st.errors, 1);
	ck_assert_int_eq(rov(ctx, "193.0.0.0/21", 3333), RSG_ROV_VALID);
	/* empty */
	tu_put("vrps.json", tu_vrp_json(t, ""));
	ck_assert_int_eq(rsg_ctx_refresh(ctx), 0);
	usleep(500000);
	st = status(ctx, "vrps.json");
	ck_assert_int_eq(st.state, RSG_SRC_ERROR);
	ck_assert_int_eq(rov(ctx, "1.1.1.0/24", 13335), RSG_ROV_VALID);
	/* shrunk from 4 to 1: more than 50% */
	tu_put("vrps.json", tu_vrp_json(t, ROA_A));
	ck_assert_int_eq(rsg_ctx_refresh(ctx), 0);
	usleep(500000);
	st = status(ctx, "vrps.json");
	ck_assert_int_eq(st.state, RSG_SRC_ERROR);
	ck_assert_msg(strstr(st.last_error, "shrank from 4 to 1") != NULL, "%s",
	    st.last_error);
	ck_assert_int_eq(rov(ctx, "1.1.1.0/24", 13335), RSG_ROV_VALID);
	ck_assert_uint_eq(gen(ctx), g); /* nothing published meanwhile */
	/* removed file */
	ck_assert_int_eq(unlink(tu_tmp("vrps.json")), 0);
	ck_assert_int_eq(rsg_ctx_refresh(ctx), 0);
	usleep(500000);
	st = status(ctx, "vrps.json");
	ck_assert_int_eq(st.state, RSG_SRC_ERROR);
	ck_assert_int_eq(rov(ctx, "1.1.1.0/24", 13335), RSG_ROV_VALID);
	/* a good file again: recovered */
	tu_put("vrps.json", tu_vrp_json(t, ROA_A "," ROA_B "," ROA_C));
	ck_assert(wait_gen(ctx, g + 1, 5000, &s));
	ck_assert_int_eq(status(ctx, "vrps.json").state, RSG_SRC_OK);
	ck_assert_int_eq(rov(ctx, "1.1.1.0/24", 13335), RSG_ROV_NOTFOUND);
	rsg_ctx_free(ctx);
}
END_TEST

/* Put a hostile vrps.json in place; the worker must refuse it with a
 * message naming the file (and position), keeping what it had. */
static void
hostile(struct rsg_ctx *ctx, uint64_t g, const char *what, const char *want)
{
	struct rsg_source_status st;
	uint64_t t0 = rsg__now_usec();

	ck_assert_int_eq(rsg_ctx_refresh(ctx), 0);
	/* refused within bounded time: no endless read, no blocking open */
	do {
		usleep(50000);
		st = status(ctx, "vrps.json");
	} while (strstr(st.last_error, want) == NULL
	    && rsg__now_usec() - t0 < 5000000);
	ck_assert_msg(strstr(st.last_error, want) != NULL, "%s: \"%s\"", what,
	    st.last_error);
	ck_assert_int_eq(st.state, RSG_SRC_ERROR);
	ck_assert_msg(strstr(st.last_error, "vrps.json") != NULL, "%s: %s",
	    what, st.last_error);
	ck_assert_int_eq(rov(ctx, "193.0.0.0/21", 3333), RSG_ROV_VALID);
	ck_assert_int_eq(rov(ctx, "1.1.1.0/24", 13335), RSG_ROV_VALID);
	ck_assert_uint_eq(gen(ctx), g);
}

static void
put_bytes(const char *name, const char *b, size_t n)
{
	FILE *f = fopen(tu_tmp(name), "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(b, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
}

/*
 * Hostile input end to end, one class after the other: a FIFO without a
 * writer, a directory, /dev/zero, binary junk, a truncated file, a 2 MiB
 * string, 10^6 levels of nesting, the YAML configuration, a JSON array,
 * a file nobody may read. Each ends in a clear error; the last good data
 * stays in service; a good file is taken again afterwards.
 */
START_TEST(test_hostile_files_keep_last_good)
{
	struct rsg_ctx *ctx;
	char path[700], yml[700];
	struct seen s = { 0 };
	uint64_t g;
	int64_t t = time(NULL);
	size_t n = 2 * 1024 * 1024 + 64;
	char *big = malloc(n);

	ck_assert_ptr_nonnull(big);
	/* tu_tmp()'s buffers are reused */
	snprintf(path, sizeof(path), "%s", tu_tmp("vrps.json"));
	snprintf(yml, sizeof(yml), "%s", tu_tmp("rsguard.yml"));
	tu_put(
	    "vrps.json", tu_vrp_json(t, ROA_A "," ROA_B "," ROA_C "," ROA_D));
	ctx = start_ctx("");
	ck_assert(wait_gen(ctx, 1, 5000, &s));
	g = gen(ctx);

	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	hostile(ctx, g, "FIFO", "a FIFO (pipe), not a regular file: refused");
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	hostile(ctx, g, "directory", "a directory, not a regular file");
	ck_assert_int_eq(rmdir(path), 0);
	ck_assert_int_eq(symlink("/dev/zero", path), 0);
	hostile(ctx, g, "/dev/zero", "a character device, not a regular file");
	ck_assert_int_eq(unlink(path), 0);

	for (size_t i = 0; i < 4096; i++)
		big[i] = (char)((i * 7919) >> 3);
	big[0] = '\0';
	put_bytes("vrps.json", big, 4096);
	hostile(
	    ctx, g, "binary", "vrps.json:1:1: neither a JSON object nor CSV");
	tu_put("vrps.json", "{\"roas\": [{\"asn\": 3333, \"prefix\": \"19");
	hostile(ctx, g, "truncated", "vrps.json:1:35: unterminated string");

	memcpy(big, "{\"roas\": [{\"asn\": \"", 19);
	memset(big + 19, 'x', n - 19);
	put_bytes("vrps.json", big, n);
	hostile(ctx, g, "token", "vrps.json:1:19: string longer than 1048576");
	memset(big, '[', n);
	memcpy(big, "{\"roas\": [{\"asn\": 1, \"x\": ", 26);
	put_bytes("vrps.json", big, n);
	hostile(ctx, g, "nesting", "vrps.json:1:152: nesting deeper than 128");
	free(big);

	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(link(yml, path), 0);
	hostile(ctx, g, "YAML", "vrps.json:1:1: neither a JSON object nor CSV");
	ck_assert_int_eq(unlink(path), 0);
	tu_put("vrps.json", "[" ROA_A "]");
	hostile(ctx, g, "array", "vrps.json:1:1: a JSON array");
	/* a read that fails: the worker's own memory at address 0 (EIO) */
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(symlink("/proc/self/mem", path), 0);
	hostile(ctx, g, "read error", "read error: Input/output error");
	ck_assert_int_eq(unlink(path), 0);
	if (geteuid() != 0) {
		/* root reads anything */
		tu_put("vrps.json",
		    tu_vrp_json(t, ROA_A "," ROA_B "," ROA_C "," ROA_D));
		ck_assert_int_eq(chmod(path, 0), 0);
		hostile(ctx, g, "unreadable", "Permission denied");
	}

	tu_put("vrps.json", tu_vrp_json(t, ROA_A "," ROA_B "," ROA_C));
	ck_assert(wait_gen(ctx, g + 1, 5000, &s));
	ck_assert_int_eq(status(ctx, "vrps.json").state, RSG_SRC_OK);
	ck_assert_int_eq(rov(ctx, "1.1.1.0/24", 13335), RSG_ROV_NOTFOUND);
	rsg_ctx_free(ctx);
}
END_TEST

START_TEST(test_stale_data_withdrawn)
{
	struct rsg_ctx *ctx;
	struct seen s = { 0 };
	struct rsg_source_status st;
	struct rsg_config *c;
	char text[1024];

	/* built 10 s ago, allowed 13 s: withdrawn about 3 s from now */
	tu_put("vrps.json", tu_vrp_json(time(NULL) - 10, ROA_A));
	snprintf(text, sizeof(text),
	    "general:\n"
	    "  rs_as: 64496\n"
	    "  rpki_roas: {check_expires: false, "
	    "ignore_cache_files_older_than: 13}\n"
	    "sources:\n"
	    "  vrps: [\"%s\"]\n",
	    tu_tmp("vrps.json"));
	ck_assert_int_eq(rsg_config_new(&c), 0);
	ck_assert_int_eq(rsg_config_load_string(c, text, strlen(text), "t"), 0);
	ck_assert_int_eq(rsg_ctx_new(c, &ctx), 0);
	rsg_config_free(c);
	ck_assert_int_eq(rsg_ctx_start(ctx), 0);
	ck_assert(wait_gen(ctx, 1, 5000, &s));
	ck_assert_int_eq(rov(ctx, "193.0.0.0/21", 3333), RSG_ROV_VALID);
	ck_assert_int_eq(table_state(ctx, RSG_TABLE_ROV), RSG_TABLE_READY);
	ck_assert(wait_gen(ctx, 2, 8000, &s));
	/* withdrawn: not checked, never NotFound or Invalid */
	ck_assert_int_eq(rov(ctx, "193.0.0.0/21", 3333), RSG_ROV_NOT_CHECKED);
	ck_assert_int_eq(rov(ctx, "193.0.0.0/21", 1), RSG_ROV_NOT_CHECKED);
	{
		struct rsg_route r;
		struct rsg_verdict v = RSG_VERDICT_INIT;
		struct rsg_table_status ts;
		uint8_t p[6];

		tu_route(&r, p, "185.0.0.10", 1, "193.0.0.0/21");
		rsg_check(ctx, &r, &v);
		ck_assert_int_eq(v.rov, RSG_ROV_NOT_CHECKED);
		ck_assert(v.flags & RSG_VF_ROV_STALE);
		ck_assert(!rsg_verdict_has(&v, RSG_R_RPKI_INVALID));
		ck_assert_int_eq(
		    rsg_ctx_table_status(ctx, RSG_TABLE_ROV, &ts), 0);
		ck_assert_int_eq(ts.state, RSG_TABLE_STALE);
		ck_assert_msg(
		    strstr(ts.reason, "vrps.json") != NULL, "%s", ts.reason);
	}
	/* no client runs ROV but the general policy: unknown peers */
	ck_assert(!s.all);
	ck_assert(s.unknown);
	ck_assert_uint_eq(s.nprefixes, 0);
	st = status(ctx, "vrps.json");
	ck_assert_int_eq(st.state, RSG_SRC_STALE);
	ck_assert_msg(strstr(st.last_error, "older than the limit of 13 s"),
	    "%s", st.last_error);
	/* a fresh file brings the data back */
	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A));
	ck_assert(wait_gen(ctx, 3, 5000, &s));
	ck_assert_int_eq(rov(ctx, "193.0.0.0/21", 3333), RSG_ROV_VALID);
	rsg_ctx_free(ctx);
}
END_TEST

START_TEST(test_slurm_and_peeringdb)
{
	struct rsg_ctx *ctx;
	struct seen s = { 0 };
	uint64_t g;
	char extra[1024];

	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A "," ROA_B));
	tu_put("slurm.json",
	    "{\"slurmVersion\": 1, \"validationOutputFilters\": "
	    "{\"prefixFilters\": [{\"prefix\": \"202.232.0.0/16\"}], "
	    "\"bgpsecFilters\": []}, \"locallyAddedAssertions\": "
	    "{\"prefixAssertions\": [{\"asn\": 64999, \"prefix\": "
	    "\"203.0.113.0/24\"}], \"bgpsecAssertions\": []}}");
	tu_put("pdb.json",
	    "{\"data\": [{\"asn\": 3333, \"info_prefixes4\": 100, "
	    "\"info_prefixes6\": 10, \"info_never_via_route_servers\": false, "
	    "\"irr_as_set\": \"\"}]}");
	snprintf(extra, sizeof(extra),
	    "  slurm: [\"%s\"]\n  peeringdb: \"%s\"\n", tu_tmp("slurm.json"),
	    tu_tmp("pdb.json"));
	ctx = start_ctx(extra);
	ck_assert(wait_gen(ctx, 1, 5000, &s));
	ck_assert_int_eq(rov(ctx, "202.232.0.0/16", 2497), RSG_ROV_NOTFOUND);
	ck_assert_int_eq(rov(ctx, "203.0.113.0/24", 64999), RSG_ROV_VALID);
	{
		struct rsg_client_limits l;
		struct rsg_ip ip = tu_ip("185.0.0.10");

		ck_assert_int_eq(rsg_client_limits(ctx, &ip, 3333, &l), 0);
		ck_assert_uint_eq(l.max_prefix_v4, (100 + 100) * 115 / 100);
	}
	/* the filter goes: the VRP comes back, only its prefix changed */
	g = gen(ctx);
	s.probe = tu_pfx("202.232.1.0/24");
	tu_put("slurm.json",
	    "{\"slurmVersion\": 1, \"validationOutputFilters\": "
	    "{\"prefixFilters\": [], \"bgpsecFilters\": []}, "
	    "\"locallyAddedAssertions\": {\"prefixAssertions\": [{\"asn\": "
	    "64999, \"prefix\": \"203.0.113.0/24\"}], \"bgpsecAssertions\": "
	    "[]}}");
	ck_assert(wait_gen(ctx, g + 1, 5000, &s));
	ck_assert_int_eq(rov(ctx, "202.232.0.0/16", 2497), RSG_ROV_VALID);
	ck_assert(s.affects);
	ck_assert(!s.all);
	ck_assert(s.sources & (1u << RSG_SOURCE_SLURM));
	/* PeeringDB: AS3333's limit changes (its session's limit, no
	 * route) and it becomes never-via-route-servers (its ASN) */
	g = gen(ctx);
	tu_put("pdb.json",
	    "{\"data\": [{\"asn\": 3333, \"info_prefixes4\": 200, "
	    "\"info_prefixes6\": 10, \"info_never_via_route_servers\": true, "
	    "\"irr_as_set\": \"\"}]}");
	ck_assert(wait_gen(ctx, g + 1, 5000, &s));
	ck_assert(!s.all);
	ck_assert(!s.unknown);
	ck_assert_uint_eq(s.nprefixes, 0);
	ck_assert_uint_eq(s.nclients, 0);
	ck_assert_uint_eq(s.nlimits, 1);
	ck_assert_uint_eq(s.nasns, 1);
	ck_assert_uint_eq(s.asn[0], 3333);
	ck_assert(s.sources & (1u << RSG_SOURCE_PEERINGDB));
	rsg_ctx_free(ctx);
}
END_TEST

START_TEST(test_reload_config)
{
	struct rsg_ctx *ctx;
	struct seen s = { 0 };
	struct rsg_source_status st;
	char text[2048];
	uint64_t g;

	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A));
	ctx = start_ctx("");
	ck_assert(wait_gen(ctx, 1, 5000, &s));
	/* a broken file is not applied */
	tu_put("rsguard.yml", "general:\n  rs_as: banana\n");
	g = gen(ctx);
	ck_assert_int_eq(rsg_ctx_reload(ctx), 0);
	usleep(500000);
	st = status(ctx, "rsguard.yml");
	ck_assert_int_eq(st.state, RSG_SRC_ERROR);
	ck_assert_msg(strstr(st.last_error, "rsguard.yml:2:") != NULL, "%s",
	    st.last_error);
	ck_assert_uint_eq(gen(ctx), g);
	/* a new client policy */
	snprintf(text, sizeof(text),
	    "general:\n"
	    "  rs_as: 64496\n"
	    "  rpki_roas: {check_expires: false}\n"
	    "sources:\n"
	    "  vrps: [\"%s\"]\n"
	    "  refresh: 1\n"
	    "clients:\n"
	    "  - asn: 3333\n"
	    "    ip: 185.0.0.10\n"
	    "    cfg: {filtering: {max_as_path_len: 5}}\n",
	    tu_tmp("vrps.json"));
	tu_put("rsguard.yml", text);
	ck_assert_int_eq(rsg_ctx_reload(ctx), 0);
	ck_assert(wait_gen(ctx, g + 1, 5000, &s));
	ck_assert(s.sources & (1u << RSG_SOURCE_CONFIG));
	ck_assert_uint_eq(s.nclients, 1);
	ck_assert_int_eq(status(ctx, "rsguard.yml").state, RSG_SRC_OK);
	/* the VRPs stayed: the sources did not change */
	ck_assert_int_eq(rov(ctx, "193.0.0.0/21", 3333), RSG_ROV_VALID);
	/* a second client; then only the first one's blacklist entry
	 * changes (one entry before and after): only it is named */
	for (int step = 0; step < 2; step++) {
		snprintf(text, sizeof(text),
		    "general:\n"
		    "  rs_as: 64496\n"
		    "  rpki_roas: {check_expires: false}\n"
		    "sources:\n"
		    "  vrps: [\"%s\"]\n"
		    "clients:\n"
		    "  - asn: 3333\n"
		    "    ip: 185.0.0.10\n"
		    "    cfg: {filtering: {black_list_pref: [{prefix: %s, "
		    "length: 24}]}}\n"
		    "  - {asn: 2497, ip: 185.0.0.20}\n",
		    tu_tmp("vrps.json"),
		    step == 0 ? "203.0.113.0" : "198.51.100.0");
		tu_put("rsguard.yml", text);
		g = gen(ctx);
		ck_assert_int_eq(rsg_ctx_reload(ctx), 0);
		ck_assert(wait_gen(ctx, g + 1, 5000, &s));
	}
	ck_assert_uint_eq(s.nclients, 1);
	/* another VRP file, and a PeeringDB file that never loads: the old
	 * VRP file retires once the new one has loaded (only sources that
	 * feed the same table hold it back) */
	tu_put("vrps2.json", tu_vrp_json(time(NULL), ROA_C));
	snprintf(text, sizeof(text),
	    "general:\n"
	    "  rs_as: 64496\n"
	    "  rpki_roas: {check_expires: false}\n"
	    "sources:\n"
	    "  vrps: [\"%s\"]\n"
	    "  peeringdb: \"%s\"\n"
	    "clients:\n"
	    "  - {asn: 3333, ip: 185.0.0.10}\n",
	    tu_tmp("vrps2.json"), tu_tmp("missing-pdb.json"));
	tu_put("rsguard.yml", text);
	ck_assert_int_eq(rsg_ctx_reload(ctx), 0);
	for (int i = 0; i < 100 * tu_slow()
	     && rov(ctx, "193.0.0.0/21", 3333) != RSG_ROV_NOTFOUND;
	     i++)
		usleep(50000);
	ck_assert_int_eq(rov(ctx, "193.0.0.0/21", 3333), RSG_ROV_NOTFOUND);
	ck_assert_int_eq(rov(ctx, "8.8.8.0/24", 15169), RSG_ROV_VALID);
	ck_assert_int_eq(status(ctx, "missing-pdb.json").state, RSG_SRC_ERROR);
	rsg_ctx_free(ctx);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The configuration file watched                                      */

/* Client 3333, blacklisting 203.0.113.0/24 or not; and the general
 * section, blacklisting 198.51.100.0/24 for everyone or not. */
static const char *
clients_yml(bool black)
{
	return black ? "clients:\n"
		       "  - asn: 3333\n"
		       "    ip: 185.0.0.10\n"
		       "    cfg: {filtering: {black_list_pref: [{prefix: "
		       "203.0.113.0, length: 24}]}}\n"
		     : "clients:\n"
		       "  - {asn: 3333, ip: 185.0.0.10}\n";
}

static const char *
general_yml(bool black)
{
	return black ? "general:\n"
		       "  rs_as: 64496\n"
		       "  rpki_roas: {check_expires: false}\n"
		       "  filtering: {global_black_list_pref: "
		       "[\"198.51.100.0/24\"]}\n"
		     : "general:\n"
		       "  rs_as: 64496\n"
		       "  rpki_roas: {check_expires: false}\n";
}

/* rsguard.yml: the sources, then general and clients (the text itself,
 * or an "!include FILE" line), written in place or renamed into place. */
static void
put_main(const char *general, const char *clients, bool in_place)
{
	char text[4096];
	int n;

	n = snprintf(text, sizeof(text),
	    "sources:\n"
	    "  vrps: [\"%s\"]\n"
	    "  refresh: 1\n"
	    "%s%s",
	    tu_tmp("vrps.json"), general, clients);
	ck_assert_int_lt(n, (int)sizeof(text));
	if (in_place)
		put_bytes("rsguard.yml", text, (size_t)n);
	else
		tu_put("rsguard.yml", text);
}

/* Whether the route of the client for prefix is rejected for reason. */
static bool
rejected(struct rsg_ctx *ctx, const char *prefix, enum rsg_reason reason)
{
	struct rsg_route r;
	struct rsg_verdict v = RSG_VERDICT_INIT;
	uint8_t p[6];

	tu_route(&r, p, "185.0.0.10", 3333, prefix);
	ck_assert_int_eq(rsg_check(ctx, &r, &v), 0);
	return rsg_verdict_has(&v, reason);
}

static bool
client_black(struct rsg_ctx *ctx)
{
	return rejected(ctx, "203.0.113.0/24", RSG_R_CLIENT_BLACKLIST);
}

static bool
global_black(struct rsg_ctx *ctx)
{
	return rejected(ctx, "198.51.100.0/24", RSG_R_GLOBAL_BLACKLIST);
}

/* Bounded waits for the configuration watch: a few seconds. */
#define WATCH_MS (5000 * tu_slow())

/* Wait for a publication naming the configuration, with client 3333. */
static void
wait_config(struct rsg_ctx *ctx, uint64_t g, struct seen *s, const char *what)
{
	ck_assert_msg(wait_gen(ctx, g + 1, WATCH_MS, s),
	    "%s: not applied within %d ms", what, WATCH_MS);
	ck_assert_msg(s->sources & (1u << RSG_SOURCE_CONFIG), "%s", what);
	ck_assert_int_eq(status(ctx, "rsguard.yml").state, RSG_SRC_OK);
}

/* A client's policy edited in rsguard.yml, no reload asked: applied. */
START_TEST(test_config_watch_main)
{
	struct rsg_ctx *ctx;
	struct seen s = { 0 };
	uint64_t g;

	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A));
	put_main(general_yml(false), clients_yml(false), false);
	ctx = start_file(NULL, NULL);
	ck_assert(wait_gen(ctx, 1, 5000, &s));
	ck_assert(!client_black(ctx));
	/* written in place */
	g = gen(ctx);
	put_main(general_yml(false), clients_yml(true), true);
	wait_config(ctx, g, &s, "written in place");
	ck_assert_uint_eq(s.nclients, 1);
	ck_assert(!s.all);
	ck_assert(client_black(ctx));
	/* renamed into place, as editors and deployment tools do */
	g = gen(ctx);
	put_main(general_yml(false), clients_yml(false), false);
	wait_config(ctx, g, &s, "renamed into place");
	ck_assert_uint_eq(s.nclients, 1);
	ck_assert(!client_black(ctx));
	/* the VRPs stayed: the sources did not change */
	ck_assert_int_eq(rov(ctx, "193.0.0.0/21", 3333), RSG_ROV_VALID);
	rsg_ctx_free(ctx);
}
END_TEST

/*
 * arouteserver's layout: a change in an included file is applied; a file
 * included from then on is watched too, one no longer included is not.
 */
START_TEST(test_config_watch_include)
{
	struct rsg_ctx *ctx;
	struct seen s = { 0 };
	uint64_t g;

	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A));
	tu_put("clients.yml", clients_yml(false));
	put_main(general_yml(false), "!include clients.yml\n", false);
	ctx = start_file(NULL, NULL);
	ck_assert(wait_gen(ctx, 1, 5000, &s));
	ck_assert(!client_black(ctx));
	g = gen(ctx);
	tu_put("clients.yml", clients_yml(true));
	wait_config(ctx, g, &s, "clients.yml");
	ck_assert_uint_eq(s.nclients, 1);
	ck_assert(client_black(ctx));
	/* general.yml, included from now on */
	tu_put("general.yml", general_yml(false));
	g = gen(ctx);
	put_main("!include general.yml\n", "!include clients.yml\n", true);
	/* the same policy from other files: applied, nothing to check */
	wait_config(ctx, g, &s, "a new !include");
	ck_assert_uint_eq(s.nclients + s.nprefixes + s.nasns, 0);
	g = gen(ctx);
	s.probe = tu_pfx("198.51.100.0/24");
	tu_put("general.yml", general_yml(true));
	wait_config(ctx, g, &s, "general.yml");
	ck_assert(s.affects);
	ck_assert(global_black(ctx));
	ck_assert(client_black(ctx));
	rsg_ctx_free(ctx);
}
END_TEST

/* A broken edit keeps the last good configuration, its error in the
 * CONFIG status with file and position; the repaired file is applied. */
START_TEST(test_config_watch_broken)
{
	struct rsg_ctx *ctx;
	struct seen s = { 0 };
	struct rsg_source_status st;
	uint64_t g, t0;

	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A));
	tu_put("clients.yml", clients_yml(false));
	put_main(general_yml(false), "!include clients.yml\n", false);
	ctx = start_file(NULL, NULL);
	ck_assert(wait_gen(ctx, 1, 5000, &s));
	g = gen(ctx);
	tu_put("clients.yml", "clients:\n  - {asn: banana, ip: 185.0.0.10}\n");
	t0 = tu_usec();
	do {
		usleep(50000);
		st = status(ctx, "rsguard.yml");
	} while (st.state != RSG_SRC_ERROR
	    && tu_usec() - t0 < (uint64_t)WATCH_MS * 1000);
	ck_assert_int_eq(st.state, RSG_SRC_ERROR);
	ck_assert_msg(strstr(st.last_error, "clients.yml:2:") != NULL, "%s",
	    st.last_error);
	ck_assert_uint_ge(st.errors, 1);
	/* the last good one serves: nothing published */
	usleep(300000);
	ck_assert_uint_eq(gen(ctx), g);
	ck_assert(!client_black(ctx));
	ck_assert_int_eq(rov(ctx, "193.0.0.0/21", 3333), RSG_ROV_VALID);
	/* broken in the main file too, in place */
	put_main("general:\n  rs_as: banana\n", "!include clients.yml\n", true);
	t0 = tu_usec();
	do {
		usleep(50000);
		st = status(ctx, "rsguard.yml");
	} while (strstr(st.last_error, "rsguard.yml:5:") == NULL
	    && tu_usec() - t0 < (uint64_t)WATCH_MS * 1000);
	ck_assert_msg(strstr(st.last_error, "rsguard.yml:5:") != NULL, "%s",
	    st.last_error);
	ck_assert_int_eq(st.state, RSG_SRC_ERROR);
	ck_assert_uint_eq(gen(ctx), g);
	/* repaired, with a new policy: applied */
	put_main(general_yml(false), "!include clients.yml\n", false);
	tu_put("clients.yml", clients_yml(true));
	wait_config(ctx, g, &s, "the repaired files");
	ck_assert(client_black(ctx));
	st = status(ctx, "rsguard.yml");
	ck_assert_str_eq(st.last_error, "");
	rsg_ctx_free(ctx);
}
END_TEST

/* The worker's messages, counted (it logs from its own thread). */
struct logcount {
	atomic_int unchanged, applied;
};

static void
count_log(void *arg, enum rsg_log_level level, const char *msg)
{
	struct logcount *c = arg;

	(void)level;
	if (strstr(msg, "read again: unchanged") != NULL)
		atomic_fetch_add(&c->unchanged, 1);
	if (strstr(msg, "changed on disk: applying it") != NULL)
		atomic_fetch_add(&c->applied, 1);
}

static void
wait_count(atomic_int *n, int want, const char *what)
{
	for (int i = 0; i < WATCH_MS / 50 && atomic_load(n) < want; i++)
		usleep(50000);
	ck_assert_msg(atomic_load(n) >= want, "%s: %d, not %d", what,
	    atomic_load(n), want);
}

/* The same bytes written again, renamed into place or touched: read,
 * and nothing published; an edit back to what serves ends the error a
 * broken one left, without a publication either. */
START_TEST(test_config_watch_identical)
{
	struct rsg_ctx *ctx;
	struct seen s = { 0 };
	struct logcount lc = { 0, 0 };
	struct rsg_source_status st;
	uint64_t g, serial;

	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A));
	tu_put("clients.yml", clients_yml(false));
	put_main(general_yml(false), "!include clients.yml\n", false);
	ctx = start_file(count_log, &lc);
	ck_assert(wait_gen(ctx, 1, 5000, &s));
	/* the worker's first look, as it starts */
	wait_count(&lc.unchanged, 1, "the start");
	g = gen(ctx);
	serial = status(ctx, "rsguard.yml").serial;
	/* a new mtime, the same bytes */
	put_main(general_yml(false), "!include clients.yml\n", true);
	wait_count(&lc.unchanged, 2, "rsguard.yml written again");
	tu_put("clients.yml", clients_yml(false));
	wait_count(&lc.unchanged, 3, "clients.yml renamed again");
	ck_assert_int_eq(utimes(tu_tmp("clients.yml"), NULL), 0);
	wait_count(&lc.unchanged, 4, "clients.yml touched");
	ck_assert(!wait_gen(ctx, g + 1, 500, &s));
	ck_assert_uint_eq(gen(ctx), g);
	ck_assert_int_eq(atomic_load(&lc.applied), 0);
	st = status(ctx, "rsguard.yml");
	ck_assert_uint_eq(st.serial, serial);
	ck_assert_int_eq(st.state, RSG_SRC_OK);
	/* broken, then back as it was */
	tu_put("clients.yml", "clients: [\n");
	for (int i = 0; i < WATCH_MS / 50
	     && status(ctx, "rsguard.yml").state != RSG_SRC_ERROR;
	     i++)
		usleep(50000);
	ck_assert_int_eq(status(ctx, "rsguard.yml").state, RSG_SRC_ERROR);
	tu_put("clients.yml", clients_yml(false));
	for (int i = 0; i < WATCH_MS / 50
	     && status(ctx, "rsguard.yml").state != RSG_SRC_OK;
	     i++)
		usleep(50000);
	st = status(ctx, "rsguard.yml");
	ck_assert_int_eq(st.state, RSG_SRC_OK);
	ck_assert_str_eq(st.last_error, "");
	ck_assert_uint_eq(st.serial, serial);
	ck_assert_uint_eq(gen(ctx), g);
	ck_assert_int_eq(atomic_load(&lc.applied), 0);
	rsg_ctx_free(ctx);
}
END_TEST

static void
wait_client_black(struct rsg_ctx *ctx, bool want, const char *what)
{
	for (int i = 0; i < WATCH_MS / 50 && client_black(ctx) != want; i++)
		usleep(50000);
	ck_assert_msg(client_black(ctx) == want, "%s", what);
}

/* The file changed after the host read it (before the worker started,
 * or while an earlier worker ran): a starting worker applies it. */
START_TEST(test_config_watch_start)
{
	struct rsg_config *cfg;
	struct rsg_ctx *ctx;
	struct logcount lc = { 0, 0 };

	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A));
	put_main(general_yml(false), clients_yml(false), false);
	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	rsg_config_set_log(cfg, count_log, &lc);
	ck_assert_int_eq(rsg_config_load_file(cfg, tu_tmp("rsguard.yml")), 0);
	ck_assert_int_eq(rsg_ctx_new(cfg, &ctx), 0);
	rsg_config_free(cfg);
	put_main(general_yml(false), clients_yml(true), false);
	ck_assert_int_eq(rsg_ctx_start(ctx), 0);
	wait_count(&lc.applied, 1, "changed before the start");
	wait_client_black(ctx, true, "changed before the start");
	/* the context's copy is still the host's: the next worker looks */
	ck_assert_int_eq(rsg_ctx_stop(ctx), 0);
	ck_assert_int_eq(rsg_ctx_start(ctx), 0);
	wait_count(&lc.applied, 2, "a second start");
	wait_client_black(ctx, true, "a second start");
	ck_assert_int_eq(status(ctx, "rsguard.yml").state, RSG_SRC_OK);
	rsg_ctx_free(ctx);
}
END_TEST

/* A configuration given as text has no file: nothing is watched, and a
 * host's configuration read from a file is watched like the worker's. */
START_TEST(test_config_watch_applied)
{
	struct rsg_config *cfg;
	struct rsg_ctx *ctx;
	struct seen s = { 0 };
	char text[2048];
	uint64_t g;

	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A));
	put_main(general_yml(false), clients_yml(false), false);
	ctx = start_file(NULL, NULL);
	ck_assert(wait_gen(ctx, 1, 5000, &s));
	/* the host hands over the same policy, as text */
	snprintf(text, sizeof(text), "sources: {vrps: [\"%s\"]}\n%s%s",
	    tu_tmp("vrps.json"), general_yml(false), clients_yml(false));
	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_int_eq(
	    rsg_config_load_string(cfg, text, strlen(text), "host"), 0);
	/* while the file's rewrite waits for its debounce */
	put_main(general_yml(false), clients_yml(false), false);
	ck_assert_int_eq(rsg_ctx_apply_config(ctx, cfg), 0);
	rsg_config_free(cfg);
	wait_gen(ctx, gen(ctx) + 1, 1000, &s);
	g = gen(ctx);
	put_main(general_yml(false), clients_yml(true), false);
	ck_assert(!wait_gen(ctx, g + 1, 1500, &s));
	ck_assert(!client_black(ctx));
	ck_assert_msg(status(ctx, "host").state == RSG_SRC_OK, "%s",
	    status(ctx, "host").last_error);
	/* the host hands over the file's configuration: watched again */
	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_int_eq(rsg_config_load_file(cfg, tu_tmp("rsguard.yml")), 0);
	ck_assert_int_eq(rsg_ctx_apply_config(ctx, cfg), 0);
	rsg_config_free(cfg);
	wait_config(ctx, g, &s, "the host's configuration");
	ck_assert(client_black(ctx));
	g = gen(ctx);
	put_main(general_yml(false), clients_yml(false), false);
	wait_config(ctx, g, &s, "its file changed");
	ck_assert(!client_black(ctx));
	rsg_ctx_free(ctx);
}
END_TEST

/* ASPA changes name the customers whose provider set changed. */
START_TEST(test_aspa_changes)
{
	struct rsg_ctx *ctx;
	struct seen s = { 0 };
	char extra[600];
	uint64_t g;

	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A));
	tu_put("aspa.json",
	    "{\"aspas\": [{\"customer_asid\": 64500, \"providers\": [64501, "
	    "64502]}, {\"customer_asid\": 64510, \"providers\": [64511]}]}");
	snprintf(
	    extra, sizeof(extra), "  aspa: [\"%s\"]\n", tu_tmp("aspa.json"));
	ctx = start_ctx(extra);
	ck_assert(wait_gen(ctx, 1, 5000, &s));
	/* 64500 changes a provider, 64510 stays, 64520 is new */
	g = gen(ctx);
	tu_put("aspa.json",
	    "{\"aspas\": [{\"customer_asid\": 64500, \"providers\": [64501, "
	    "64503]}, {\"customer_asid\": 64510, \"providers\": [64511]}, "
	    "{\"customer_asid\": 64520, \"providers\": [64521]}]}");
	ck_assert(wait_gen(ctx, g + 1, 5000, &s));
	ck_assert(!s.all);
	ck_assert(s.sources & (1u << RSG_SOURCE_ASPA));
	ck_assert_uint_eq(s.nasns, 2);
	ck_assert_uint_eq(s.asn[0], 64500);
	ck_assert_uint_eq(s.asn[1], 64520);
	/* 64510 goes */
	g = gen(ctx);
	tu_put("aspa.json",
	    "{\"aspas\": [{\"customer_asid\": 64500, \"providers\": [64501, "
	    "64503]}, {\"customer_asid\": 64520, \"providers\": [64521]}]}");
	ck_assert(wait_gen(ctx, g + 1, 5000, &s));
	ck_assert_uint_eq(s.nasns, 1);
	ck_assert_uint_eq(s.asn[0], 64510);
	rsg_ctx_free(ctx);
}
END_TEST

/* The IRR: an AS-SET change reaches the verdicts of its client only; a
 * broken dump keeps the last good data. */
static bool
irr_fails(struct rsg_ctx *ctx, const char *peer, uint32_t peer_as,
    const char *prefix, const char *path, enum rsg_reason why)
{
	static uint8_t pbuf[64];
	struct rsg_verdict v;
	struct rsg_route r;
	struct rsg_error err;

	memset(&r, 0, sizeof(r));
	r.peer_ip = tu_ip(peer);
	r.peer_asn = peer_as;
	r.next_hop = r.peer_ip;
	r.prefix = tu_pfx(prefix);
	ck_assert_int_eq(
	    rsg_path_from_text(path, pbuf, sizeof(pbuf), &r.as_path_len, &err),
	    0);
	r.as_path = pbuf;
	rsg_verdict_init(&v);
	rsg_check(ctx, &r, &v);
	return rsg_verdict_has(&v, why);
}

static bool
irr_origin_fails(
    struct rsg_ctx *ctx, const char *peer, uint32_t peer_as, const char *path)
{
	return irr_fails(
	    ctx, peer, peer_as, "193.0.0.0/21", path, RSG_R_IRR_ORIGIN);
}

START_TEST(test_irr_changes)
{
	static const char db1[] =
	    "as-set: AS-ONE\nmembers: AS3333\nsource: T\n\n"
	    "route: 193.0.0.0/21\norigin: AS3333\nsource: T\n";
	static const char db2[] =
	    "as-set: AS-ONE\nmembers: AS3333, AS64500\nsource: T\n\n"
	    "route: 193.0.0.0/21\norigin: AS3333\nsource: T\n";
	struct rsg_ctx *ctx;
	struct seen s = { 0 };
	struct rsg_source_status st;
	char text[2048];
	uint64_t g;

	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A));
	tu_put("irr.db", db1);
	snprintf(text, sizeof(text),
	    "general:\n"
	    "  rs_as: 64496\n"
	    "  rpki_roas: {check_expires: false}\n"
	    "sources:\n"
	    "  vrps: [\"%s\"]\n"
	    "  irr: [\"%s\"]\n"
	    "  refresh: 1\n"
	    "clients:\n"
	    "  - {asn: 64499, ip: 185.0.0.10, cfg: {filtering: {irrdb: "
	    "{as_sets: [AS-ONE]}}}}\n"
	    "  - {asn: 64501, ip: 185.0.0.20}\n",
	    tu_tmp("vrps.json"), tu_tmp("irr.db"));
	tu_put("rsguard.yml", text);
	ctx = start_file(NULL, NULL);
	ck_assert(wait_gen(ctx, 1, 5000, &s));
	ck_assert(!irr_origin_fails(ctx, "185.0.0.10", 64499, "64499 3333"));
	ck_assert(irr_origin_fails(ctx, "185.0.0.10", 64499, "64499 64500"));
	st = status(ctx, tu_tmp("irr.db"));
	ck_assert_uint_eq(st.kind, RSG_SOURCE_IRR);

	/* AS64500 joins AS-ONE: AS64499's routes change, no one else's */
	g = gen(ctx);
	tu_put("irr.db", db2);
	ck_assert(wait_gen(ctx, g + 1, 5000, &s));
	ck_assert(!s.all);
	ck_assert(s.sources & (1u << RSG_SOURCE_IRR));
	ck_assert_uint_eq(s.nclients, 1);
	ck_assert_uint_eq(s.nprefixes, 0);
	ck_assert(!irr_origin_fails(ctx, "185.0.0.10", 64499, "64499 64500"));

	/* a broken dump: refused, the last good data stays */
	g = gen(ctx);
	{
		static const char bad[] =
		    "route: 1.2.3.0/24\norigin: AS1\n\0x\n";
		FILE *f = fopen(tu_tmp("irr.db.new"), "w");

		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(
		    fwrite(bad, 1, sizeof(bad) - 1, f), sizeof(bad) - 1);
		fclose(f);
		ck_assert_int_eq(
		    rename(tu_tmp("irr.db.new"), tu_tmp("irr.db")), 0);
	}
	for (int i = 0; i < 60; i++) {
		st = status(ctx, tu_tmp("irr.db"));
		if (st.last_error[0] != '\0')
			break;
		usleep(50000);
	}
	ck_assert_msg(
	    strstr(st.last_error, "NUL byte") != NULL, "%s", st.last_error);
	ck_assert_uint_eq(gen(ctx), g);
	ck_assert(!irr_origin_fails(ctx, "185.0.0.10", 64499, "64499 64500"));
	rsg_ctx_free(ctx);
}
END_TEST

/* The IRR source order of a new configuration applies (the union is
 * built again); the same order keeps the IRR data as it is. */
START_TEST(test_irr_order)
{
	static const char db[] =
	    "as-set: AS-ONE\nmembers: AS3333\nsource: T1\n\n"
	    "as-set: AS-ONE\nmembers: AS64500\nsource: T2\n\n"
	    "route: 193.0.0.0/21\norigin: AS3333\nsource: T1\n";
	static const char yml[] =
	    "general:\n"
	    "  rs_as: 64496\n"
	    "  rpki_roas: {check_expires: false}\n"
	    "sources:\n"
	    "  vrps: [\"%s\"]\n"
	    "  irr: [\"%s\"]\n"
	    "  irr_sources: [%s]\n"
	    "clients:\n"
	    "  - {asn: 64499, ip: 185.0.0.10, cfg: {filtering: {irrdb: "
	    "{as_sets: [AS-ONE]}}}}\n";
	struct rsg_ctx *ctx;
	struct seen s = { 0 };
	char text[2048];
	uint64_t g;

	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A));
	tu_put("irr.db", db);
	snprintf(text, sizeof(text), yml, tu_tmp("vrps.json"), tu_tmp("irr.db"),
	    "T1, T2");
	tu_put("rsguard.yml", text);
	ctx = start_file(NULL, NULL);
	ck_assert(wait_gen(ctx, 1, 5000, &s));
	ck_assert(!irr_origin_fails(ctx, "185.0.0.10", 64499, "64499 3333"));
	ck_assert(irr_origin_fails(ctx, "185.0.0.10", 64499, "64499 64500"));

	/* the same order again: the client's verdicts stay */
	g = gen(ctx);
	ck_assert_int_eq(rsg_ctx_reload(ctx), 0);
	usleep(500000);
	ck_assert(!irr_origin_fails(ctx, "185.0.0.10", 64499, "64499 3333"));

	/* T2 first: its AS-ONE counts */
	snprintf(text, sizeof(text), yml, tu_tmp("vrps.json"), tu_tmp("irr.db"),
	    "T2, T1");
	tu_put("rsguard.yml", text);
	ck_assert_int_eq(rsg_ctx_reload(ctx), 0);
	ck_assert(wait_gen(ctx, g + 1, 5000, &s));
	for (int i = 0; i < 100
	     && !irr_origin_fails(ctx, "185.0.0.10", 64499, "64499 3333");
	     i++)
		usleep(50000);
	ck_assert(irr_origin_fails(ctx, "185.0.0.10", 64499, "64499 3333"));
	ck_assert(!irr_origin_fails(ctx, "185.0.0.10", 64499, "64499 64500"));
	rsg_ctx_free(ctx);
}
END_TEST

/* bgpq4 -j files as an IRR source: a list changed on disk changes only
 * its prefixes' routes; a broken file keeps the last good lists. */
START_TEST(test_bgpq4_changes)
{
	static const char j1[] =
	    "{ \"AS-ONE\": [\n"
	    "    { \"prefix\": \"193.0.0.0\\/21\", \"exact\": true }\n"
	    "] }\n"
	    "{\"AS-ONE\": [\n  3333\n]}\n";
	static const char j2[] =
	    "{ \"AS-ONE\": [\n"
	    "    { \"prefix\": \"193.0.0.0\\/21\", \"exact\": true },\n"
	    "    { \"prefix\": \"84.205.64.0\\/19\", \"exact\": false, "
	    "\"less-equal\": 24 }\n"
	    "] }\n"
	    "{\"AS-ONE\": [\n  3333\n]}\n";
	struct rsg_ctx *ctx;
	struct seen s = { 0 };
	struct rsg_source_status st;
	char text[2048];
	uint64_t g;

	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A));
	tu_put("as-one.json", j1);
	snprintf(text, sizeof(text),
	    "general:\n"
	    "  rs_as: 64496\n"
	    "  rpki_roas: {check_expires: false}\n"
	    "sources:\n"
	    "  vrps: [\"%s\"]\n"
	    "  bgpq4: [\"%s\"]\n"
	    "  refresh: 1\n"
	    "clients:\n"
	    "  - {asn: 64499, ip: 185.0.0.10, cfg: {filtering: {irrdb: "
	    "{as_sets: [AS-ONE]}}}}\n"
	    "  - {asn: 64501, ip: 185.0.0.20}\n",
	    tu_tmp("vrps.json"), tu_tmp("as-one.json"));
	tu_put("rsguard.yml", text);
	ctx = start_file(NULL, NULL);
	ck_assert(wait_gen(ctx, 1, 5000, &s));
	st = status(ctx, tu_tmp("as-one.json"));
	ck_assert_uint_eq(st.kind, RSG_SOURCE_BGPQ4);
	ck_assert_uint_eq(st.records, 2);
	ck_assert(!irr_origin_fails(ctx, "185.0.0.10", 64499, "64499 3333"));
	ck_assert(irr_origin_fails(ctx, "185.0.0.10", 64499, "64499 64500"));
	ck_assert(irr_fails(ctx, "185.0.0.10", 64499, "84.205.65.0/24",
	    "64499 3333", RSG_R_IRR_PREFIX));

	/* a range joins the list: its prefixes change, no client does */
	g = gen(ctx);
	tu_put("as-one.json", j2);
	ck_assert(wait_gen(ctx, g + 1, 5000, &s));
	ck_assert(!s.all);
	ck_assert(s.sources & (1u << RSG_SOURCE_BGPQ4));
	ck_assert_uint_eq(s.nclients, 0);
	ck_assert_uint_eq(s.nprefixes, 1);
	ck_assert(!irr_fails(ctx, "185.0.0.10", 64499, "84.205.65.0/24",
	    "64499 3333", RSG_R_IRR_PREFIX));
	ck_assert(irr_fails(ctx, "185.0.0.10", 64499, "84.205.65.0/25",
	    "64499 3333", RSG_R_IRR_PREFIX));

	/* a broken file: refused with its position, the last good stays */
	g = gen(ctx);
	tu_put("as-one.json", "{ \"AS-ONE\": [ 3333, { } ] }\n");
	for (int i = 0; i < 60; i++) {
		st = status(ctx, tu_tmp("as-one.json"));
		if (st.last_error[0] != '\0')
			break;
		usleep(50000);
	}
	ck_assert_msg(strstr(st.last_error, "as-one.json:1:") != NULL
		&& strstr(st.last_error, "mixes prefixes and AS numbers")
		    != NULL,
	    "%s", st.last_error);
	ck_assert_uint_eq(gen(ctx), g);
	ck_assert(!irr_fails(ctx, "185.0.0.10", 64499, "84.205.65.0/24",
	    "64499 3333", RSG_R_IRR_PREFIX));
	rsg_ctx_free(ctx);
}
END_TEST

/* tests/irr/irrd.py on a free port, serving path (SIGHUP reloads it). */
static pid_t
irrd_start(const char *path, const char *fault, int *port, int *out)
{
	char line[64];
	size_t got = 0;
	int pfd[2];
	pid_t pid;

	ck_assert_int_eq(pipe(pfd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		dup2(pfd[1], 1);
		close(pfd[0]);
		close(pfd[1]);
		if (fault != NULL)
			execlp("python3", "python3",
			    TOP_SRCDIR "/tests/irr/irrd.py", "--port", "0",
			    "--fault", fault, path, (char *)NULL);
		else
			execlp("python3", "python3",
			    TOP_SRCDIR "/tests/irr/irrd.py", "--port", "0",
			    "--reload-signal", path, (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	*out = pfd[0];
	for (int waited = 0; waited < 20000 && !memchr(line, '\n', got);) {
		struct pollfd p = { *out, POLLIN, 0 };
		ssize_t k;

		if (poll(&p, 1, 100) <= 0) {
			waited += 100;
			continue;
		}
		if ((k = read(*out, line + got, sizeof(line) - 1 - got)) <= 0)
			break;
		got += (size_t)k;
	}
	line[got] = '\0';
	ck_assert_msg(sscanf(line, "PORT %d", port) == 1,
	    "irrd.py did not start: \"%s\"", line);
	return pid;
}

static void
irrd_stop(pid_t pid, int out)
{
	kill(pid, SIGTERM);
	for (int k = 0; k < 100; k++) {
		if (waitpid(pid, NULL, WNOHANG) == pid) {
			pid = -1;
			break;
		}
		usleep(50000);
	}
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	close(out);
}

/* An IRRd source: the AS-SET changes on the server, a refresh takes it;
 * the server goes away, the last good data stays. */
START_TEST(test_irr_whois)
{
	static const char db1[] =
	    "as-set: AS-ONE\nmembers: AS3333\nsource: T\n\n"
	    "as-set: AS-TWO\nmembers: AS65000\nsource: T\n\n"
	    "route: 193.0.0.0/21\norigin: AS3333\nsource: T\n";
	static const char db2[] =
	    "as-set: AS-ONE\nmembers: AS3333, AS64500\nsource: T\n\n"
	    "as-set: AS-TWO\nmembers: AS65000\nsource: T\n\n"
	    "route: 193.0.0.0/21\norigin: AS3333\nsource: T\n";
	struct rsg_ctx *ctx;
	struct seen s = { 0 };
	struct rsg_source_status st = { 0 };
	char text[2048], buf[64];
	int port, out;
	pid_t pid;
	uint64_t g;

	if (system("command -v python3 > /dev/null 2>&1") != 0)
		return; /* no python3: nothing to serve with */
	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A));
	tu_put("irr.db", db1);
	/* AS64502 has no AS-SET in the configuration: PeeringDB's */
	tu_put("pdb.json",
	    "{\"data\": [{\"asn\": 64502, \"irr_as_set\": "
	    "\"AS-TWO@RADB T::AS-TWO\"}]}");
	pid = irrd_start(tu_tmp("irr.db"), NULL, &port, &out);
	snprintf(text, sizeof(text),
	    "general:\n"
	    "  rs_as: 64496\n"
	    "  rpki_roas: {check_expires: false}\n"
	    "  filtering: {irrdb: {peering_db: true}}\n"
	    "sources:\n"
	    "  vrps: [\"%s\"]\n"
	    "  peeringdb: \"%s\"\n"
	    "  irr_sources: [T]\n"
	    "  irr_whois:\n"
	    "    servers: [\"127.0.0.1:%d\"]\n"
	    "    timeout: 1\n"
	    "    retries: 0\n"
	    "clients:\n"
	    "  - {asn: 64499, ip: 185.0.0.10, cfg: {filtering: {irrdb: "
	    "{as_sets: [AS-ONE]}}}}\n"
	    "  - {asn: 64501, ip: 185.0.0.20}\n"
	    "  - {asn: 64502, ip: 185.0.0.30}\n",
	    tu_tmp("vrps.json"), tu_tmp("pdb.json"), port);
	tu_put("rsguard.yml", text);
	ctx = start_file(NULL, NULL);
	/* the fetch is in when AS64500, outside AS-ONE, fails */
	for (int i = 0; i < 200; i++) {
		(void)wait_gen(ctx, 1, 50, &s);
		if (irr_origin_fails(ctx, "185.0.0.10", 64499, "64499 64500"))
			break;
	}
	ck_assert(!irr_origin_fails(ctx, "185.0.0.10", 64499, "64499 3333"));
	ck_assert(irr_origin_fails(ctx, "185.0.0.10", 64499, "64499 64500"));
	/* PeeringDB's AS-TWO (its RADB form names no source here) */
	for (int i = 0; i < 100; i++) {
		if (!irr_origin_fails(ctx, "185.0.0.30", 64502, "64502 65000"))
			break;
		(void)wait_gen(ctx, gen(ctx) + 1, 50, &s);
	}
	ck_assert(!irr_origin_fails(ctx, "185.0.0.30", 64502, "64502 65000"));
	ck_assert(irr_origin_fails(ctx, "185.0.0.30", 64502, "64502 65001"));

	/* AS64500 joins AS-ONE on the server; a refresh takes it */
	g = gen(ctx);
	tu_put("irr.db", db2);
	kill(pid, SIGHUP);
	for (int i = 0; i < 100; i++) {
		ssize_t k = read(out, buf, sizeof(buf) - 1);

		if (k > 0) {
			buf[k] = '\0';
			if (strstr(buf, "RELOADED") != NULL)
				break;
		}
		usleep(50000);
	}
	ck_assert_int_eq(rsg_ctx_refresh(ctx), 0);
	ck_assert(wait_gen(ctx, g + 1, 10000, &s));
	ck_assert(s.sources & (1u << RSG_SOURCE_IRR));
	ck_assert_uint_eq(s.nclients, 1);
	ck_assert(!irr_origin_fails(ctx, "185.0.0.10", 64499, "64499 64500"));

	/* the server goes: the refresh fails, the last good data stays */
	irrd_stop(pid, out);
	g = gen(ctx);
	ck_assert_int_eq(rsg_ctx_refresh(ctx), 0);
	for (int i = 0; i < 200; i++) {
		for (size_t k = 0; k < rsg_ctx_source_count(ctx); k++) {
			ck_assert_int_eq(rsg_ctx_source_status(ctx, k, &st), 0);
			if (st.kind == RSG_SOURCE_IRR)
				break;
		}
		if (st.last_error[0] != '\0')
			break;
		usleep(50000);
	}
	ck_assert_msg(strstr(st.last_error, "queries failed") != NULL, "%s",
	    st.last_error);
	ck_assert_uint_eq(gen(ctx), g);
	ck_assert(!irr_origin_fails(ctx, "185.0.0.10", 64499, "64499 64500"));
	rsg_ctx_free(ctx);
}
END_TEST

/* A server that never answers: the worker stops all the same, at once,
 * with the fetch out (nothing leaks, nothing waits for the server). */
START_TEST(test_irr_whois_hang)
{
	struct rsg_ctx *ctx;
	struct seen s = { 0 };
	char text[1024];
	int port, out;
	pid_t pid;
	uint64_t t0;

	if (system("command -v python3 > /dev/null 2>&1") != 0)
		return;
	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A));
	tu_put("irr.db", "as-set: AS-ONE\nmembers: AS3333\nsource: T\n");
	pid = irrd_start(tu_tmp("irr.db"), "hang", &port, &out);
	snprintf(text, sizeof(text),
	    "general: {rs_as: 64496, rpki_roas: {check_expires: false}}\n"
	    "sources:\n"
	    "  vrps: [\"%s\"]\n"
	    "  irr_whois: {servers: [\"127.0.0.1:%d\"], timeout: 30}\n"
	    "clients:\n"
	    "  - {asn: 64499, ip: 185.0.0.10, cfg: {filtering: {irrdb: "
	    "{as_sets: [AS-ONE]}}}}\n",
	    tu_tmp("vrps.json"), port);
	tu_put("rsguard.yml", text);
	ctx = start_file(NULL, NULL);
	ck_assert(wait_gen(ctx, 1, 5000, &s)); /* the VRPs serve */
	usleep(300000);
	t0 = tu_usec();
	rsg_ctx_free(ctx);
	ck_assert_uint_lt(tu_usec() - t0, 5000000);
	irrd_stop(pid, out);
}
END_TEST

START_TEST(test_metrics)
{
	struct rsg_ctx *ctx;
	struct seen s = { 0 };
	char buf[16384];
	size_t n;

	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A "," ROA_B));
	ctx = start_ctx("");
	ck_assert(wait_gen(ctx, 1, 5000, &s));
	n = rsg_ctx_metrics(ctx, buf, sizeof(buf));
	ck_assert_uint_lt(n, sizeof(buf));
	ck_assert_ptr_nonnull(strstr(buf, "rsguard_vrps{afi=\"ipv4\"} 2\n"));
	ck_assert_ptr_nonnull(strstr(buf, "# TYPE rsguard_source_up gauge"));
	ck_assert_msg(
	    strstr(buf, "vrps.json\",kind=\"vrps\"} 1\n") != NULL, "%s", buf);
	ck_assert_ptr_nonnull(strstr(buf, "rsguard_source_errors_total{"));
	ck_assert_ptr_nonnull(
	    strstr(buf, "rsguard_table_state{table=\"rov\"} 1\n"));
	ck_assert_uint_eq(rsg_ctx_metrics(ctx, NULL, 0), n);
	rsg_ctx_free(ctx);
}
END_TEST

/* Readers check while the worker publishes two alternating tables. */
struct reader {
	struct rsg_ctx *ctx;
	atomic_bool *stop;
	unsigned long checks, bad;
	uint64_t g0; /* the generation before the first step */
};

static void *
reader_main(void *arg)
{
	struct reader *r = arg;
	struct rsg_route route;
	struct rsg_verdict v = RSG_VERDICT_INIT;
	uint8_t path[6];

	rsg_thread_register();
	tu_route(&route, path, "185.0.0.10", 3333, "193.0.0.0/21");
	while (!atomic_load(r->stop)) {
		if (rsg_check(r->ctx, &route, &v) != 0)
			continue;
		/* from g0 on, odd steps hold the VRP, even ones not: a
		 * verdict is entirely of one generation */
		if (v.generation >= r->g0
		    && (v.rov == RSG_ROV_VALID)
			!= ((v.generation - r->g0) % 2 == 1))
			r->bad++;
		r->checks++;
	}
	rsg_thread_unregister();
	return NULL;
}

START_TEST(test_readers_while_publishing)
{
	struct rsg_ctx *ctx;
	struct seen s = { 0 };
	atomic_bool stop = false;
	struct reader rd[2] = { { NULL, &stop, 0, 0, 0 },
		{ NULL, &stop, 0, 0, 0 } };
	pthread_t th[2];
	int64_t t = time(NULL);
	uint64_t g0;

	tu_put("vrps.json", tu_vrp_json(t, ROA_B));
	ctx = start_ctx("");
	ck_assert(wait_gen(ctx, 1, 5000, &s));
	g0 = gen(ctx);
	rd[0].ctx = rd[1].ctx = ctx;
	rd[0].g0 = rd[1].g0 = g0;
	for (int i = 0; i < 2; i++)
		ck_assert_int_eq(
		    pthread_create(&th[i], NULL, reader_main, &rd[i]), 0);
	/* step k holds ROA_A if k is odd: one publication each */
	for (uint64_t k = 1; k <= 19; k++) {
		tu_put("vrps.json",
		    tu_vrp_json(t, k % 2 == 1 ? ROA_A "," ROA_B : ROA_B));
		rsg_ctx_refresh(ctx);
		ck_assert_msg(wait_gen(ctx, g0 + k, 5000, &s), "step %llu",
		    (unsigned long long)k);
	}
	atomic_store(&stop, true);
	for (int i = 0; i < 2; i++) {
		pthread_join(th[i], NULL);
		ck_assert_uint_gt(rd[i].checks, 0);
		ck_assert_uint_eq(rd[i].bad, 0);
	}
	ck_assert_uint_eq(gen(ctx), g0 + 19);
	rsg_ctx_free(ctx);
}
END_TEST

/* The bogon list file changes: the policy is published anew. */
START_TEST(test_bogon_file)
{
	struct rsg_ctx *ctx;
	struct seen s = { 0 };
	struct rsg_route route;
	struct rsg_verdict v = RSG_VERDICT_INIT;
	uint8_t p[6];
	char extra[600];
	uint64_t g;

	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A));
	tu_put("bogons4.txt", "10.0.0.0/8\n");
	snprintf(extra, sizeof(extra), "  bogons: {ipv4: \"%s\"}\n",
	    tu_tmp("bogons4.txt"));
	ctx = start_ctx(extra);
	ck_assert(wait_gen(ctx, 1, 5000, &s));
	/* 198.18.0.0/15 is a bogon by default */
	tu_route(&route, p, "185.0.0.10", 3333, "198.18.0.0/15");
	ck_assert_int_eq(rsg_check(ctx, &route, &v), 0);
	ck_assert(!rsg_verdict_has(&v, RSG_R_BOGON_PREFIX));
	g = gen(ctx);
	tu_put("bogons4.txt", "10.0.0.0/8\n198.18.0.0/15\n");
	s.probe = tu_pfx("198.19.0.0/16");
	ck_assert(wait_gen(ctx, g + 1, 5000, &s));
	/* the new entry's prefix, nothing else */
	ck_assert(!s.all);
	ck_assert_uint_eq(s.nprefixes, 1);
	ck_assert_uint_eq(s.nclients + s.nasns, 0);
	ck_assert(s.affects);
	ck_assert(s.sources & (1u << RSG_SOURCE_BOGONS_V4));
	ck_assert_int_eq(rsg_check(ctx, &route, &v), 0);
	ck_assert(rsg_verdict_has(&v, RSG_R_BOGON_PREFIX));
	/* a broken list: the last good one stays */
	tu_put("bogons4.txt", "10.0.0.0/8\n198.18.0.0/33\n");
	ck_assert_int_eq(rsg_ctx_refresh(ctx), 0);
	usleep(500000);
	ck_assert_int_eq(status(ctx, "bogons4.txt").state, RSG_SRC_ERROR);
	ck_assert_msg(
	    strstr(status(ctx, "bogons4.txt").last_error, "bogons4.txt:2:")
		!= NULL,
	    "%s", status(ctx, "bogons4.txt").last_error);
	ck_assert_int_eq(rsg_check(ctx, &route, &v), 0);
	ck_assert(rsg_verdict_has(&v, RSG_R_BOGON_PREFIX));
	rsg_ctx_free(ctx);
}
END_TEST

/* Every thread the worker starts blocks the host's signals. */
START_TEST(test_worker_blocks_signals)
{
	struct rsg_ctx *ctx;
	struct seen s = { 0 };

	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A));
	ctx = start_ctx("");
	ck_assert(wait_gen(ctx, 1, 5000, &s));
	ck_assert_uint_ge(tu_threads_block_signals("rsg-"), 1);
	rsg_ctx_free(ctx);
}
END_TEST

/* Every control call from several threads at once, readers checking
 * throughout: no crash, no race (TSan), and the context still works. */
struct hammer {
	struct rsg_ctx *ctx;
	struct rsg_config *cfg[2];
	atomic_bool *stop;
	unsigned long n;
};

static void *
hammer_checks(void *arg)
{
	struct hammer *h = arg;
	struct rsg_route route;
	struct rsg_verdict v = RSG_VERDICT_INIT;
	uint8_t path[6];

	rsg_thread_register();
	tu_route(&route, path, "185.0.0.10", 3333, "193.0.0.0/21");
	while (!atomic_load(h->stop)) {
		rsg_check(h->ctx, &route, &v);
		h->n++;
	}
	rsg_thread_unregister();
	return NULL;
}

static void *
hammer_commands(void *arg)
{
	struct hammer *h = arg;

	while (!atomic_load(h->stop)) {
		rsg_ctx_refresh(h->ctx);
		rsg_ctx_reload(h->ctx);
		rsg_ctx_apply_config(h->ctx, h->cfg[h->n % 2]);
		h->n++;
		usleep(2000);
	}
	return NULL;
}

static void *
hammer_start_stop(void *arg)
{
	struct hammer *h = arg;

	while (!atomic_load(h->stop)) {
		int rc = rsg_ctx_start(h->ctx);

		ck_assert(rc == 0 || rc == RSG_EBUSY);
		usleep(20000);
		rsg_ctx_stop(h->ctx);
		h->n++;
	}
	return NULL;
}

static void *
hammer_readers(void *arg)
{
	struct hammer *h = arg;
	char buf[8192];

	while (!atomic_load(h->stop)) {
		struct rsg_cursor *c;
		struct rsg_changes *ch;
		struct rsg_stats st;
		struct rsg_table_status ts;
		struct rsg_source_status ss;

		rsg_ctx_dispatch(h->ctx, NULL, NULL);
		if (rsg_cursor_new(h->ctx, &c) == 0) {
			if (rsg_cursor_read(c, &ch) == 1)
				rsg_changes_free(ch);
			rsg_cursor_free(c);
		}
		if (rsg_ctx_changes(h->ctx, 1, &ch) == 1)
			rsg_changes_free(ch);
		rsg_ctx_stats(h->ctx, &st);
		rsg_ctx_table_status(h->ctx, RSG_TABLE_ROV, &ts);
		rsg_ctx_source_status(h->ctx, 0, &ss);
		rsg_ctx_metrics(h->ctx, buf, sizeof(buf));
		h->n++;
		usleep(1000);
	}
	return NULL;
}

START_TEST(test_control_hammer)
{
	void *(*fn[])(void *) = { hammer_checks, hammer_checks, hammer_commands,
		hammer_commands, hammer_start_stop, hammer_readers };
	enum { NT = sizeof(fn) / sizeof(fn[0]) };
	struct hammer h[NT];
	struct rsg_config *cfg[2];
	struct rsg_ctx *ctx;
	struct seen s = { 0 };
	atomic_bool stop = false;
	pthread_t th[NT];

	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A));
	ctx = start_ctx("");
	ck_assert(wait_gen(ctx, 1, 5000, &s));
	for (int i = 0; i < 2; i++) {
		char text[1024];

		snprintf(text, sizeof(text),
		    "general: {rs_as: 64496, rpki_roas: {check_expires: "
		    "false}, filtering: {max_as_path_len: %d}}\n"
		    "sources: {vrps: [\"%s\"]}\n"
		    "clients: [{asn: 3333, ip: 185.0.0.10}]\n",
		    20 + i, tu_tmp("vrps.json"));
		ck_assert_int_eq(rsg_config_new(&cfg[i]), 0);
		ck_assert_int_eq(
		    rsg_config_load_string(cfg[i], text, strlen(text), "h"), 0);
	}
	for (int i = 0; i < NT; i++) {
		h[i] = (struct hammer){ ctx, { cfg[0], cfg[1] }, &stop, 0 };
		ck_assert_int_eq(pthread_create(&th[i], NULL, fn[i], &h[i]), 0);
	}
	usleep(2000000);
	atomic_store(&stop, true);
	for (int i = 0; i < NT; i++) {
		pthread_join(th[i], NULL);
		ck_assert_uint_gt(h[i].n, 0);
	}
	/* still whole: it starts and serves the data */
	rsg_ctx_start(ctx);
	ck_assert(wait_gen(ctx, gen(ctx) + 1, 5000, &s)
	    || rov(ctx, "193.0.0.0/21", 3333) == RSG_ROV_VALID);
	for (int i = 0;
	     i < 50 && rov(ctx, "193.0.0.0/21", 3333) != RSG_ROV_VALID; i++)
		usleep(100000);
	ck_assert_int_eq(rov(ctx, "193.0.0.0/21", 3333), RSG_ROV_VALID);
	rsg_ctx_free(ctx);
	rsg_config_free(cfg[0]);
	rsg_config_free(cfg[1]);
}
END_TEST

START_TEST(test_commands_without_worker)
{
	struct rsg_config *cfg;
	struct rsg_ctx *ctx;

	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_int_eq(rsg_ctx_new(cfg, &ctx), 0);
	rsg_config_free(cfg);
	ck_assert_int_eq(rsg_ctx_refresh(ctx), RSG_EINVAL);
	ck_assert_int_eq(rsg_ctx_reload(ctx), RSG_EINVAL);
	ck_assert_int_eq(rsg_ctx_dispatch(ctx, NULL, NULL), 0);
	ck_assert_int_ge(rsg_ctx_get_fd(ctx), 0);
	ck_assert_uint_eq(rsg_ctx_source_count(ctx), 0);
	ck_assert_int_eq(rsg_ctx_stop(ctx), 0);
	/* a synchronous load reports "everything changed" */
	ck_assert_int_eq(rsg_ctx_load(ctx), 0);
	ck_assert_int_eq(rsg_ctx_dispatch(ctx, NULL, NULL), 1);
	rsg_ctx_free(ctx);
}
END_TEST

/* The worker's allocations fail after a budget (all its threads count). */
static atomic_long oom_budget = -1;

static bool
oom_take(void)
{
	long b = atomic_load(&oom_budget);

	while (b >= 0) {
		if (b == 0)
			return false;
		if (atomic_compare_exchange_weak(&oom_budget, &b, b - 1))
			return true;
	}
	return true;
}

static void *
oom_malloc(size_t n)
{
	return oom_take() ? malloc(n) : NULL;
}

static void *
oom_realloc(void *p, size_t n)
{
	return oom_take() ? realloc(p, n) : NULL;
}

static void *
oom_calloc(size_t a, size_t b)
{
	return oom_take() ? calloc(a, b) : NULL;
}

/*
 * Memory runs out while a changed file is read, handed to the tables and
 * published, at every allocation in turn: the worker keeps running, and
 * once memory is back a refresh brings the new data into service.
 */
START_TEST(test_out_of_memory_recovers)
{
	struct rsg_ctx *ctx;
	struct seen s = { 0 };
	long n;

	/* set before any thread runs, as the header asks; unlimited until a
	 * budget is set */
	ck_assert_int_eq(
	    rsg_set_allocator(oom_malloc, oom_realloc, oom_calloc, free), 0);
	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A));
	ctx = start_ctx("");
	ck_assert(wait_gen(ctx, 1, 5000, &s));
	/* a read and hand-over of this file takes about 12 allocations, every
	 * one tried; the publication about 50 more, every third one tried (a
	 * failed publication is tried again after a second) */
	for (n = 0; n < 80; n += n < 16 ? 1 : 3) {
		const char *in = n % 2 ? "8.8.8.0/24" : "1.1.1.0/24";
		const char *out = n % 2 ? "1.1.1.0/24" : "8.8.8.0/24";
		bool ok = false;

		tu_put("vrps.json",
		    tu_vrp_json(
			time(NULL), n % 2 ? ROA_A "," ROA_C : ROA_A "," ROA_D));
		atomic_store(&oom_budget, n);
		rsg_ctx_refresh(ctx);
		usleep(100 * 1000);
		atomic_store(&oom_budget, -1);
		rsg_ctx_refresh(ctx);
		for (int i = 0; i < 100 * tu_slow() && !ok; i++) {
			usleep(50 * 1000);
			ok =
			    rov(ctx, in, n % 2 ? 15169 : 13335) == RSG_ROV_VALID
			    && rov(ctx, out, n % 2 ? 13335 : 15169)
				== RSG_ROV_NOTFOUND;
		}
		ck_assert_msg(ok,
		    "allocation %ld failed: the new data never "
		    "came into service",
		    n);
	}
	ck_assert_int_eq(rov(ctx, "193.0.0.0/21", 3333), RSG_ROV_VALID);
	rsg_ctx_free(ctx);
	ck_assert_int_eq(rsg_set_allocator(malloc, realloc, calloc, free), 0);
}
END_TEST

Suite *
worker_suite(void)
{
	Suite *s = suite_create("worker");
	TCase *tc = tcase_create("files");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_first_publication_and_change);
	tcase_add_test(tc, test_skip_if_equal);
	tcase_add_test(tc, test_bad_files_keep_last_good);
	tcase_add_test(tc, test_hostile_files_keep_last_good);
	tcase_add_test(tc, test_stale_data_withdrawn);
	tcase_add_test(tc, test_slurm_and_peeringdb);
	tcase_add_test(tc, test_reload_config);
	tcase_add_test(tc, test_metrics);
	tcase_add_test(tc, test_aspa_changes);
	tcase_add_test(tc, test_irr_changes);
	tcase_add_test(tc, test_bgpq4_changes);
	tcase_add_test(tc, test_irr_order);
	tcase_add_test(tc, test_irr_whois);
	tcase_add_test(tc, test_irr_whois_hang);
	tcase_add_test(tc, test_readers_while_publishing);
	tcase_add_test(tc, test_commands_without_worker);
	tcase_add_test(tc, test_bogon_file);
	tcase_add_test(tc, test_worker_blocks_signals);
	tcase_add_test(tc, test_control_hammer);
	suite_add_tcase(s, tc);
	tc = tcase_create("config watch");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_config_watch_main);
	tcase_add_test(tc, test_config_watch_include);
	tcase_add_test(tc, test_config_watch_broken);
	tcase_add_test(tc, test_config_watch_identical);
	tcase_add_test(tc, test_config_watch_applied);
	tcase_add_test(tc, test_config_watch_start);
	suite_add_tcase(s, tc);
	tc = tcase_create("oom");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_out_of_memory_recovers);
	suite_add_tcase(s, tc);
	return s;
}
