/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Out of memory: allocation number N fails, for N = 0, 1, 2, ... until a
 * whole configure-load-check cycle succeeds. Every failure must come back
 * as RSG_ENOMEM (or the configuration error it causes), never as a crash
 * or a leak (valgrind and ASan runs see leaks). The libuv loop_init_oom
 * pattern.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "testutil.h"

static long budget; /* allocations left; < 0: unlimited */

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

static const char cfg_text[] =
    "general:\n"
    "  rs_as: 64496\n"
    "  filtering:\n"
    "    peering_lans: [\"185.0.0.0/24\"]\n"
    "    aspa: {enabled: true}\n"
    "  rpki_roas: {ignore_cache_files_older_than: 0, check_expires: false}\n"
    "clients:\n"
    "  - asn: 3333\n"
    "    ip: [185.0.0.10, 185.0.0.11]\n"
    "    cfg: {filtering: {black_list_pref: [\"193.0.16.0/20\"]}}\n";

/* One cycle; returns the first error. */
static int
cycle(void)
{
	struct rsg_config *cfg = NULL;
	struct rsg_ctx *ctx = NULL;
	struct rsg_route r;
	struct rsg_verdict v = RSG_VERDICT_INIT;
	uint8_t path[] = { 2, 1, 0, 0, 0x0d, 0x05 };
	int rc;

	if ((rc = rsg_config_new(&cfg)) != 0)
		goto out;
	if ((rc = rsg_config_load_string(
		 cfg, cfg_text, strlen(cfg_text), "oom.yml"))
	    != 0)
		goto out;
	if ((rc = rsg_config_add_source(
		 cfg, RSG_SOURCE_VRPS, tu_data("check/rpki.json"), true))
	    != 0)
		goto out;
	if ((rc = rsg_ctx_new(cfg, &ctx)) != 0)
		goto out;
	if ((rc = rsg_ctx_load(ctx)) != 0)
		goto out;
	memset(&r, 0, sizeof(r));
	r.peer_ip = tu_ip("185.0.0.10");
	r.peer_asn = 3333;
	r.prefix = tu_pfx("193.0.0.0/21");
	r.as_path = path;
	r.as_path_len = sizeof(path);
	/* the hot path allocates nothing: it works with a zero budget */
	budget = 0;
	rc = rsg_check(ctx, &r, &v);
	if (rc == 0 && v.rov != RSG_ROV_VALID)
		rc = -1;
out:
	budget = -1;
	rsg_ctx_free(ctx);
	rsg_config_free(cfg);
	return rc;
}

START_TEST(test_oom_loop)
{
	long n;
	int rc = -1;

	/* register this thread as a reader before counting allocations */
	rsg_thread_register();
	ck_assert_int_eq(
	    rsg_set_allocator(oom_malloc, oom_realloc, oom_calloc, free), 0);
	for (n = 0; n < 100000; n++) {
		budget = n;
		rc = cycle();
		if (rc == 0)
			break;
		ck_assert_msg(
		    rc == RSG_ENOMEM || rc == RSG_ECONFIG || rc == RSG_EIO,
		    "allocation %ld: %s", n, rsg_err_name(rc));
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_gt(n, 50);
	ck_assert_int_eq(rsg_set_allocator(malloc, realloc, calloc, free), 0);
	ck_assert_int_eq(
	    rsg_set_allocator(NULL, realloc, calloc, free), RSG_EINVAL);
}
END_TEST

Suite *
oom_suite(void)
{
	Suite *s = suite_create("oom");
	TCase *tc = tcase_create("loop");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_oom_loop);
	suite_add_tcase(s, tc);
	return s;
}
