/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Contexts: loading sources, bad data keeping the last good snapshot,
 * staleness, statistics, client limits, and readers running while new
 * snapshots are published.
 */
#include "config.h"

#include <check.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "testutil.h"

static const char cfg_text[] =
    "general:\n"
    "  rs_as: 64496\n"
    "  rpki_roas: {ignore_cache_files_older_than: 0, check_expires: false}\n"
    "clients:\n"
    "  - asn: 3333\n"
    "    ip: 185.0.0.10\n"
    "    cfg:\n"
    "      filtering:\n"
    "        max_prefix: {limit_ipv4: 500}\n"
    "  - asn: 2497\n"
    "    ip: 185.0.0.20\n";

static unsigned log_lines;

static void
count_log(void *arg, enum rsg_log_level level, const char *msg)
{
	(void)arg;
	(void)level;
	(void)msg;
	log_lines++;
}

static struct rsg_ctx *
new_ctx(const char *text, const char *vrps, const char *pdb)
{
	struct rsg_config *cfg;
	struct rsg_ctx *ctx;

	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	rsg_config_set_log(cfg, count_log, NULL);
	ck_assert_int_eq(
	    rsg_config_load_string(cfg, text, strlen(text), "t"), 0);
	if (vrps != NULL)
		ck_assert_int_eq(
		    rsg_config_add_source(cfg, RSG_SOURCE_VRPS, vrps, true), 0);
	if (pdb != NULL)
		ck_assert_int_eq(
		    rsg_config_add_source(cfg, RSG_SOURCE_PEERINGDB, pdb, true),
		    0);
	ck_assert_int_eq(rsg_ctx_new(cfg, &ctx), 0);
	rsg_config_free(cfg); /* the context holds its own copy */
	return ctx;
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(test_load_and_stats)
{
	struct rsg_ctx *ctx =
	    new_ctx(cfg_text, tu_data("check/rpki.json"), NULL);
	struct rsg_stats st;

	log_lines = 0;
	ck_assert_int_eq(rsg_ctx_load(ctx), 0);
	ck_assert_uint_gt(log_lines, 0);
	ck_assert_int_eq(rsg_ctx_stats(ctx, &st), 0);
	ck_assert_uint_eq(st.generation, 1);
	ck_assert_uint_eq(st.vrps_ipv4, 3);
	ck_assert_uint_eq(st.vrps_ipv6, 1);
	ck_assert_uint_eq(st.aspas, 2);
	ck_assert_uint_eq(st.clients, 2);
	ck_assert_uint_eq(st.bogons_ipv4, 15);
	ck_assert_uint_eq(st.bogons_ipv6, 8);
	ck_assert_int_eq(
	    st.rpki_buildtime, 1753005703); /* 2025-07-20T10:01:43Z */
	ck_assert_uint_gt(st.snapshot_bytes, st.vrp_bytes);
	ck_assert_int_eq(rsg_ctx_load(ctx), 0);
	ck_assert_int_eq(rsg_ctx_stats(ctx, &st), 0);
	ck_assert_uint_eq(st.generation, 2);
	ck_assert_str_eq(rsg_ctx_errmsg(ctx), "");
	rsg_ctx_free(ctx);
}
END_TEST

START_TEST(test_bad_data_keeps_last_good)
{
	const char *path = tu_build("ctx-vrps.json");
	struct rsg_ctx *ctx;
	struct rsg_stats st;
	struct rsg_prefix p = tu_pfx("193.0.0.0/21");

	write_file(path,
	    "{\"roas\": [{\"asn\": 3333, \"prefix\": "
	    "\"193.0.0.0/21\", \"maxLength\": 21}]}\n");
	ctx = new_ctx(cfg_text, path, NULL);
	ck_assert_int_eq(rsg_ctx_load(ctx), 0);
	ck_assert_int_eq(
	    rsg_rov_validate(ctx, &p, 3333, NULL, 0, NULL), RSG_ROV_VALID);
	/* truncated file: an error naming file, line and column */
	write_file(path, "{\"roas\": [{\"asn\": 3333, \"prefix\": \n");
	ck_assert_int_eq(rsg_ctx_load(ctx), RSG_EPARSE);
	ck_assert_msg(strstr(rsg_ctx_errmsg(ctx), "ctx-vrps.json:") != NULL
		&& strstr(rsg_ctx_errmsg(ctx), ":2:") != NULL,
	    "%s", rsg_ctx_errmsg(ctx));
	/* the last good snapshot stays in service */
	ck_assert_int_eq(rsg_ctx_stats(ctx, &st), 0);
	ck_assert_uint_eq(st.generation, 1);
	ck_assert_int_eq(
	    rsg_rov_validate(ctx, &p, 3333, NULL, 0, NULL), RSG_ROV_VALID);
	/* an empty file is not data either */
	write_file(path, "{\"roas\": []}\n");
	ck_assert_int_eq(rsg_ctx_load(ctx), RSG_EEMPTY);
	write_file(path, "");
	ck_assert_int_ne(rsg_ctx_load(ctx), 0);
	ck_assert_uint_eq((rsg_ctx_stats(ctx, &st), st.generation), 1);
	/* a missing file */
	remove(path);
	ck_assert_int_eq(rsg_ctx_load(ctx), RSG_EIO);
	ck_assert_msg(strstr(rsg_ctx_errmsg(ctx), "ctx-vrps.json") != NULL,
	    "%s", rsg_ctx_errmsg(ctx));
	ck_assert_int_eq(
	    rsg_rov_validate(ctx, &p, 3333, NULL, 0, NULL), RSG_ROV_VALID);
	rsg_ctx_free(ctx);
}
END_TEST

/* Without a worker, a new configuration is applied at once: its data is
 * read, and on error the old configuration and snapshot stay. */
START_TEST(test_apply_config_without_worker)
{
	char path[512], path2[512];
	struct rsg_config *cfg;
	struct rsg_ctx *ctx;
	struct rsg_changes *ch;
	struct rsg_stats st;
	struct rsg_prefix a = tu_pfx("193.0.0.0/21"),
			  b = tu_pfx("202.232.0.0/16");
	char text[1024];
	const struct rsg_prefix *p;

	tu_tmpdir("ctx");
	snprintf(path, sizeof(path), "%s", tu_tmp("apply.json"));
	snprintf(path2, sizeof(path2), "%s", tu_tmp("apply2.json"));
	write_file(path,
	    "{\"roas\": [{\"asn\": 3333, \"prefix\": "
	    "\"193.0.0.0/21\", \"maxLength\": 21}]}\n");
	ctx = new_ctx(cfg_text, path, NULL);
	/* before anything is published: the configuration is only kept */
	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_int_eq(
	    rsg_config_load_string(cfg, cfg_text, strlen(cfg_text), "t"), 0);
	ck_assert_int_eq(
	    rsg_config_add_source(cfg, RSG_SOURCE_VRPS, path, true), 0);
	ck_assert_int_eq(rsg_ctx_apply_config(ctx, cfg), 0);
	rsg_config_free(cfg);
	ck_assert_int_eq(rsg_ctx_stats(ctx, &st), RSG_ENODATA);
	ck_assert_int_eq(rsg_ctx_load(ctx), 0);
	ck_assert_int_eq(
	    rsg_rov_validate(ctx, &a, 3333, NULL, 0, NULL), RSG_ROV_VALID);
	/* a configuration whose VRPs are elsewhere: read and published,
	 * the change names the prefixes */
	write_file(path2,
	    "{\"roas\": [{\"asn\": 2497, \"prefix\": "
	    "\"202.232.0.0/16\", \"maxLength\": 24}]}\n");
	snprintf(text, sizeof(text), "%ssources: {vrps: [\"%s\"]}\n", cfg_text,
	    path2);
	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_int_eq(
	    rsg_config_load_string(cfg, text, strlen(text), "t"), 0);
	ck_assert_int_eq(rsg_ctx_apply_config(ctx, cfg), 0);
	rsg_config_free(cfg);
	ck_assert_int_eq(
	    rsg_rov_validate(ctx, &b, 2497, NULL, 0, NULL), RSG_ROV_VALID);
	ck_assert_int_eq(
	    rsg_rov_validate(ctx, &a, 3333, NULL, 0, NULL), RSG_ROV_NOTFOUND);
	ck_assert_int_eq(rsg_ctx_changes(ctx, 1, &ch), 1);
	ck_assert(!rsg_changes_all(ch));
	ck_assert_uint_eq(rsg_changes_prefixes(ch, &p), 2);
	rsg_changes_free(ch);
	/* one whose file is missing: refused, the old one stays */
	snprintf(text, sizeof(text), "%ssources: {vrps: [\"%s\"]}\n", cfg_text,
	    tu_tmp("ctx-missing.json"));
	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_int_eq(
	    rsg_config_load_string(cfg, text, strlen(text), "t"), 0);
	ck_assert_int_eq(rsg_ctx_apply_config(ctx, cfg), RSG_EIO);
	rsg_config_free(cfg);
	ck_assert_msg(strstr(rsg_ctx_errmsg(ctx), "ctx-missing.json") != NULL,
	    "%s", rsg_ctx_errmsg(ctx));
	ck_assert_int_eq(
	    rsg_rov_validate(ctx, &b, 2497, NULL, 0, NULL), RSG_ROV_VALID);
	ck_assert_int_eq(rsg_ctx_load(ctx), 0); /* the old configuration */
	ck_assert_int_eq(
	    rsg_rov_validate(ctx, &b, 2497, NULL, 0, NULL), RSG_ROV_VALID);
	/* and one with errors is not applied at all */
	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_int_ne(
	    rsg_config_load_string(cfg, "general: {rs_as: x}\n", 19, "t"), 0);
	ck_assert_int_eq(rsg_ctx_apply_config(ctx, cfg), RSG_EINVAL);
	rsg_config_free(cfg);
	rsg_ctx_free(ctx);
	tu_tmpdir_remove();
}
END_TEST

START_TEST(test_stale)
{
	static const char stale_cfg[] =
	    "general:\n"
	    "  rs_as: 64496\n"
	    "  rpki_roas: {ignore_cache_files_older_than: 3600}\n";
	struct rsg_ctx *ctx =
	    new_ctx(stale_cfg, tu_data("check/rpki.json"), NULL);

	/* built 2025-07-20: far older than an hour */
	ck_assert_int_eq(rsg_ctx_load(ctx), RSG_ESTALE);
	ck_assert_msg(strstr(rsg_ctx_errmsg(ctx), "rpki.json") != NULL, "%s",
	    rsg_ctx_errmsg(ctx));
	rsg_ctx_free(ctx);
}
END_TEST

START_TEST(test_as_of)
{
	static const char cfg2[] =
	    "general:\n"
	    "  rs_as: 64496\n"
	    "  rpki_roas: {ignore_cache_files_older_than: 3600}\n";
	struct rsg_config *cfg;
	struct rsg_ctx *ctx;

	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_int_eq(
	    rsg_config_load_string(cfg, cfg2, strlen(cfg2), "t"), 0);
	ck_assert_int_eq(rsg_config_add_source(cfg, RSG_SOURCE_VRPS,
			     tu_data("check/rpki.json"), false),
	    0);
	/* half an hour after the build: fresh, and nothing expired yet */
	rsg_config_set_as_of(cfg, 1753005703 + 1800);
	ck_assert_int_eq(rsg_ctx_new(cfg, &ctx), 0);
	rsg_config_free(cfg);
	ck_assert_msg(rsg_ctx_load(ctx) == 0, "%s", rsg_ctx_errmsg(ctx));
	rsg_ctx_free(ctx);
}
END_TEST

START_TEST(test_config_errors)
{
	struct rsg_config *cfg;
	struct rsg_ctx *ctx = NULL;
	static const char bad[] = "general:\n  rs_as: banana\n";

	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_int_eq(
	    rsg_config_load_string(cfg, bad, strlen(bad), "b"), RSG_ECONFIG);
	ck_assert_int_eq(rsg_ctx_new(cfg, &ctx), RSG_EINVAL);
	ck_assert_ptr_null(ctx);
	ck_assert_int_eq(
	    rsg_config_add_source(cfg, 99, "x", false), RSG_EINVAL);
	rsg_config_free(cfg);
	rsg_ctx_free(NULL);
	rsg_config_free(NULL);
}
END_TEST

START_TEST(test_client_limits)
{
	struct rsg_ctx *ctx = new_ctx(
	    cfg_text, NULL, tu_data("peeringdb/pdb_net_pages_1-2.json"));
	struct rsg_client_limits l;
	struct rsg_ip ip = tu_ip("185.0.0.10");

	ck_assert_int_eq(rsg_client_limits(ctx, &ip, 3333, &l), RSG_ENODATA);
	ck_assert_int_eq(rsg_ctx_load(ctx), 0);
	/* own setting for IPv4; PeeringDB (3333 is not in these pages) or
	 * the general limit for IPv6 */
	ck_assert_int_eq(rsg_client_limits(ctx, &ip, 3333, &l), 0);
	ck_assert_uint_eq(l.max_prefix_v4, 500);
	ck_assert_uint_eq(l.max_prefix_v6, 12000);
	ck_assert_uint_eq(l.action, RSG_LIMIT_RESTART);
	/* AS2497: PeeringDB says 20000 IPv4: (20000 + 100) * 1.15 */
	ip = tu_ip("185.0.0.20");
	ck_assert_int_eq(rsg_client_limits(ctx, &ip, 2497, &l), 0);
	ck_assert_uint_eq(l.max_prefix_v4, 23115);
	ip = tu_ip("185.0.0.99");
	ck_assert_int_eq(rsg_client_limits(ctx, &ip, 2497, &l), RSG_ENOCLIENT);
	ck_assert_uint_eq(l.max_prefix_v4, 170000);
	rsg_ctx_free(ctx);
}
END_TEST

/* Readers check routes while the writer publishes new snapshots. */
struct reader {
	struct rsg_ctx *ctx;
	atomic_bool *stop;
	unsigned long checks, bad;
	uint64_t max_gen;
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
		if (rsg_check(r->ctx, &route, &v) != 0 || v.action != RSG_ACCEPT
		    || v.rov != RSG_ROV_VALID || v.generation < r->max_gen)
			r->bad++;
		if (v.generation > r->max_gen)
			r->max_gen = v.generation;
		r->checks++;
	}
	rsg_thread_unregister();
	return NULL;
}

START_TEST(test_publish_under_readers)
{
	struct rsg_ctx *ctx =
	    new_ctx(cfg_text, tu_data("check/rpki.json"), NULL);
	atomic_bool stop = false;
	struct reader rd[2] = { { ctx, &stop, 0, 0, 0 },
		{ ctx, &stop, 0, 0, 0 } };
	pthread_t th[2];
	struct rsg_stats st;

	ck_assert_int_eq(rsg_ctx_load(ctx), 0);
	for (int i = 0; i < 2; i++)
		ck_assert_int_eq(
		    pthread_create(&th[i], NULL, reader_main, &rd[i]), 0);
	for (int i = 0; i < 30; i++)
		ck_assert_int_eq(rsg_ctx_load(ctx), 0);
	atomic_store(&stop, true);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	ck_assert_int_eq(rsg_ctx_stats(ctx, &st), 0);
	ck_assert_uint_eq(st.generation, 31);
	for (int i = 0; i < 2; i++) {
		ck_assert_uint_gt(rd[i].checks, 0);
		ck_assert_uint_eq(rd[i].bad, 0);
		ck_assert_uint_le(rd[i].max_gen, 31);
	}
	rsg_ctx_free(ctx);
}
END_TEST

Suite *
ctx_suite(void)
{
	Suite *s = suite_create("ctx");
	TCase *tc = tcase_create("load");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_load_and_stats);
	tcase_add_test(tc, test_bad_data_keeps_last_good);
	tcase_add_test(tc, test_stale);
	tcase_add_test(tc, test_apply_config_without_worker);
	tcase_add_test(tc, test_as_of);
	tcase_add_test(tc, test_config_errors);
	tcase_add_test(tc, test_client_limits);
	tcase_add_test(tc, test_publish_under_readers);
	suite_add_tcase(s, tc);
	return s;
}
