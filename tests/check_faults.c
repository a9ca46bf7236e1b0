/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Fault injection into the worker's libuv and thread calls. This program
 * is linked with -Wl,--wrap for each of them (tests/Makefile.am): the
 * library's own calls go through the wrappers below, which fail the Nth
 * call of a kind on request. Every failure while starting must end the
 * start with an error naming the call, the snapshot in service untouched
 * and a later start working; a failure later (a timer, a file watch) must
 * not stop data from being published.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include "testutil.h"

/* Which call fails: its kind and how many of that kind pass first. */
enum call {
	C_LOOP_INIT,
	C_ASYNC_INIT,
	C_TIMER_INIT,
	C_TIMER_START,
	C_FS_EVENT_INIT,
	C_FS_EVENT_START,
	C_PTHREAD_CREATE,
	C_COUNT
};

static const char *const call_names[C_COUNT] = { "uv_loop_init",
	"uv_async_init", "uv_timer_init", "uv_timer_start", "uv_fs_event_init",
	"uv_fs_event_start", "pthread_create" };

static int fail_call = -1;
static int pass_first; /* calls of that kind that succeed first */
static int seen;       /* calls of that kind so far */
static pthread_mutex_t fault_lock = PTHREAD_MUTEX_INITIALIZER;

static bool
fault(enum call c)
{
	bool f = false;

	pthread_mutex_lock(&fault_lock);
	if ((int)c == fail_call && seen++ == pass_first) {
		f = true;
		fail_call = -1;
	}
	pthread_mutex_unlock(&fault_lock);
	return f;
}

static void
inject(enum call c, int pass)
{
	pthread_mutex_lock(&fault_lock);
	fail_call = (int)c;
	pass_first = pass;
	seen = 0;
	pthread_mutex_unlock(&fault_lock);
}

/* Still armed: the call was never made that many times. */
static bool
armed(void)
{
	bool a;

	pthread_mutex_lock(&fault_lock);
	a = fail_call >= 0;
	fail_call = -1;
	pthread_mutex_unlock(&fault_lock);
	return a;
}

int __real_uv_loop_init(uv_loop_t *l);
int __wrap_uv_loop_init(uv_loop_t *l);
int __real_uv_async_init(uv_loop_t *l, uv_async_t *a, uv_async_cb cb);
int __wrap_uv_async_init(uv_loop_t *l, uv_async_t *a, uv_async_cb cb);
int __real_uv_timer_init(uv_loop_t *l, uv_timer_t *t);
int __wrap_uv_timer_init(uv_loop_t *l, uv_timer_t *t);
int __real_uv_timer_start(
    uv_timer_t *t, uv_timer_cb cb, uint64_t timeout, uint64_t repeat);
int __wrap_uv_timer_start(
    uv_timer_t *t, uv_timer_cb cb, uint64_t timeout, uint64_t repeat);
int __real_uv_fs_event_init(uv_loop_t *l, uv_fs_event_t *h);
int __wrap_uv_fs_event_init(uv_loop_t *l, uv_fs_event_t *h);
int __real_uv_fs_event_start(
    uv_fs_event_t *h, uv_fs_event_cb cb, const char *path, unsigned flags);
int __wrap_uv_fs_event_start(
    uv_fs_event_t *h, uv_fs_event_cb cb, const char *path, unsigned flags);
int __real_pthread_create(
    pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg);
int __wrap_pthread_create(
    pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg);

int
__wrap_uv_loop_init(uv_loop_t *l)
{
	return fault(C_LOOP_INIT) ? UV_ENOMEM : __real_uv_loop_init(l);
}

int
__wrap_uv_async_init(uv_loop_t *l, uv_async_t *a, uv_async_cb cb)
{
	return fault(C_ASYNC_INIT) ? UV_EMFILE : __real_uv_async_init(l, a, cb);
}

int
__wrap_uv_timer_init(uv_loop_t *l, uv_timer_t *t)
{
	return fault(C_TIMER_INIT) ? UV_ENOMEM : __real_uv_timer_init(l, t);
}

int
__wrap_uv_timer_start(
    uv_timer_t *t, uv_timer_cb cb, uint64_t timeout, uint64_t repeat)
{
	return fault(C_TIMER_START)
	    ? UV_EINVAL
	    : __real_uv_timer_start(t, cb, timeout, repeat);
}

int
__wrap_uv_fs_event_init(uv_loop_t *l, uv_fs_event_t *h)
{
	return fault(C_FS_EVENT_INIT) ? UV_ENOMEM
				      : __real_uv_fs_event_init(l, h);
}

int
__wrap_uv_fs_event_start(
    uv_fs_event_t *h, uv_fs_event_cb cb, const char *path, unsigned flags)
{
	return fault(C_FS_EVENT_START)
	    ? UV_ENOSPC
	    : __real_uv_fs_event_start(h, cb, path, flags);
}

int
__wrap_pthread_create(
    pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg)
{
	return fault(C_PTHREAD_CREATE) ? EAGAIN
				       : __real_pthread_create(t, a, fn, arg);
}

/* ------------------------------------------------------------------ */

static void
setup(void)
{
	tu_tmpdir("faults");
}

static void
teardown(void)
{
	tu_tmpdir_remove();
}

#define ROA_A "{\"asn\": 3333, \"prefix\": \"193.0.0.0/21\", \"maxLength\": 21}"
#define ROA_B                                                                  \
	"{\"asn\": 2497, \"prefix\": \"202.232.0.0/16\", \"maxLength\": 24}"

/* rsguard.yml with one VRP file */
static void
put_config(const char *vrps)
{
	char text[1024];

	snprintf(text, sizeof(text),
	    "general: {rs_as: 64496, rpki_roas: {check_expires: false}}\n"
	    "sources: {vrps: [\"%s\"], refresh: 1}\n",
	    tu_tmp(vrps));
	tu_put("rsguard.yml", text);
}

static struct rsg_ctx *
new_ctx(void)
{
	struct rsg_config *cfg;
	struct rsg_ctx *ctx;

	put_config("vrps.json");
	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_int_eq(rsg_config_load_file(cfg, tu_tmp("rsguard.yml")), 0);
	ck_assert_int_eq(rsg_ctx_new(cfg, &ctx), 0);
	rsg_config_free(cfg);
	return ctx;
}

static enum rsg_rov
rov(struct rsg_ctx *ctx, const char *pfx, uint32_t origin)
{
	struct rsg_prefix p = tu_pfx(pfx);

	return rsg_rov_validate(ctx, &p, origin, NULL, 0, NULL);
}

static bool
wait_rov(struct rsg_ctx *ctx, const char *pfx, uint32_t origin,
    enum rsg_rov want, int ms)
{
	for (int waited = 0; waited <= ms; waited += 50) {
		if (rov(ctx, pfx, origin) == want)
			return true;
		usleep(50000);
	}
	return false;
}

/* Every call of every kind the start makes, failed in turn. */
START_TEST(test_start_failures)
{
	struct rsg_ctx *ctx;
	unsigned failures = 0;

	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A));
	ctx = new_ctx();
	/* the last good data, loaded before the worker; a start that
	 * works may publish the file's new data */
	ck_assert_int_eq(rsg_ctx_load(ctx), 0);
	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_B));
	for (int c = 0; c < C_COUNT; c++) {
		for (int n = 0; n < 16; n++) {
			struct rsg_stats st;
			enum rsg_rov before = rov(ctx, "193.0.0.0/21", 3333);
			uint64_t g;
			int rc;

			ck_assert_int_eq(rsg_ctx_stats(ctx, &st), 0);
			g = st.generation;
			inject((enum call)c, n);
			rc = rsg_ctx_start(ctx);
			if (armed()) {
				/* fewer calls of that kind than n */
				ck_assert_int_eq(rc, 0);
				rsg_ctx_stop(ctx);
				break;
			}
			if (rc == 0) {
				/* a failure after the start: not fatal */
				rsg_ctx_stop(ctx);
				continue;
			}
			failures++;
			ck_assert_int_eq(rc, RSG_EIO);
			ck_assert_msg(
			    strstr(rsg_ctx_errmsg(ctx), "worker") != NULL,
			    "%s: %s", call_names[c], rsg_ctx_errmsg(ctx));
			/* the snapshot in service is untouched */
			ck_assert_int_eq(rsg_ctx_stats(ctx, &st), 0);
			ck_assert_uint_eq(st.generation, g);
			ck_assert_int_eq(
			    rov(ctx, "193.0.0.0/21", 3333), before);
			ck_assert_int_eq(rsg_ctx_refresh(ctx), RSG_EINVAL);
		}
	}
	ck_assert_uint_ge(failures, 8);
	/* and a start without a fault works */
	ck_assert_int_eq(rsg_ctx_start(ctx), 0);
	ck_assert(wait_rov(ctx, "202.232.0.0/16", 2497, RSG_ROV_VALID, 5000));
	rsg_ctx_free(ctx);
}
END_TEST

/* A timer that cannot be armed, a file that cannot be watched: the data
 * still comes (the tick, the refresh). */
START_TEST(test_running_failures)
{
	struct rsg_ctx *ctx;

	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A));
	ctx = new_ctx();
	/* the file cannot be watched: read every second instead */
	inject(C_FS_EVENT_START, 0);
	ck_assert_int_eq(rsg_ctx_start(ctx), 0);
	ck_assert(!armed());
	ck_assert(wait_rov(ctx, "193.0.0.0/21", 3333, RSG_ROV_VALID, 5000));
	/* the publication timer cannot be armed: the tick publishes */
	inject(C_TIMER_START, 0);
	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_B));
	ck_assert(wait_rov(ctx, "202.232.0.0/16", 2497, RSG_ROV_VALID, 8000));
	ck_assert_int_eq(rov(ctx, "193.0.0.0/21", 3333), RSG_ROV_NOTFOUND);
	rsg_ctx_free(ctx);
}
END_TEST

/* The configuration file cannot be watched: it is looked at every
 * sources.refresh seconds, and a change still applied. */
START_TEST(test_config_not_watched)
{
	struct rsg_ctx *ctx;

	tu_put("vrps.json", tu_vrp_json(time(NULL), ROA_A));
	tu_put("vrps2.json", tu_vrp_json(time(NULL), ROA_B));
	ctx = new_ctx();
	/* the file source's watch first, then the configuration's */
	inject(C_FS_EVENT_START, 1);
	ck_assert_int_eq(rsg_ctx_start(ctx), 0);
	ck_assert(!armed());
	ck_assert(wait_rov(ctx, "193.0.0.0/21", 3333, RSG_ROV_VALID, 5000));
	put_config("vrps2.json");
	ck_assert(wait_rov(
	    ctx, "202.232.0.0/16", 2497, RSG_ROV_VALID, 8000 * tu_slow()));
	ck_assert(wait_rov(
	    ctx, "193.0.0.0/21", 3333, RSG_ROV_NOTFOUND, 5000 * tu_slow()));
	rsg_ctx_free(ctx);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("faults");
	TCase *tc = tcase_create("libuv");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_start_failures);
	tcase_add_test(tc, test_running_failures);
	tcase_add_test(tc, test_config_not_watched);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
