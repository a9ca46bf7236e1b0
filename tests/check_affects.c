/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The property of change records on real data (affects.c): the RIS table
 * dump checked against the real VRPs and ASPAs under the demo policy,
 * random real changes of every kind, and after each one every route whose
 * verdict changed must have been reported affected. The false positives
 * are printed per kind.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "affects.h"
#include "suites.h"
#include "testutil.h"

static int
dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

START_TEST(test_real_changes)
{
	static struct prop_result r[PROP_KINDS];
	struct prop_args a = {
		.table = tu_build("cache/bview.20100701.0759.txt"),
		.vrps = NULL,
		.diff = NULL,
		.config = NULL,
		/* sanitizers run 2-15 times slower: fewer routes there */
		.stride = tu_slow() > 1 ? 16 : 1,
		.rounds = tu_slow() > 1 ? 2 : 6,
		.seed = 0x5eed,
	};
	char vrps[4096], diff[4096], cfg[4096];

	/* RSG_PROP_SEED=n: another sequence of changes */
	if (getenv("RSG_PROP_SEED") != NULL)
		a.seed = strtoull(getenv("RSG_PROP_SEED"), NULL, 0);

	snprintf(vrps, sizeof(vrps), "%s",
	    tu_build("cache/vrps-20250720T100145Z.json"));
	snprintf(diff, sizeof(diff), "%s",
	    tu_build("cache/vrpdiff-20250720T100145Z.json"));
	snprintf(cfg, sizeof(cfg), "%s", tu_data("rsguard-demo.yml"));
	a.vrps = vrps;
	a.diff = diff;
	a.config = cfg;
	ck_assert_msg(access(a.table, R_OK) == 0 && access(vrps, R_OK) == 0
		&& access(diff, R_OK) == 0,
	    "tests/cache/ is incomplete: run make check");
	ck_assert_int_eq(prop_run(&a, r), 0);
	printf("affects: %zu routes, stride %zu\n", r[0].routes, a.stride);
	for (unsigned k = 0; k < PROP_KINDS; k++) {
		double med;

		qsort(r[k].fp_pct, r[k].changes, sizeof(double), dbl_cmp);
		med = r[k].fp_pct[r[k].changes / 2];
		printf("affects: %-17s %u changes, %zu verdicts changed, %zu "
		       "reported, missed %zu, false positives median %.3f%% "
		       "max %.3f%%\n",
		    prop_kind_name(k), r[k].changes, r[k].changed,
		    r[k].affected, r[k].missed, med, r[k].fp_max_pct);
		ck_assert_msg(r[k].missed == 0, "%s", r[k].missed_what);
	}
	/* a limit touches the session, never a route */
	ck_assert_uint_eq(r[PROP_PDB_LIMIT].affected, 0);
	/* the changes were real: verdicts did change (every other VRP
	 * change withdraws or restores 400 real VRPs) */
	ck_assert_uint_gt(r[PROP_VRP_DIFF].changed, 0);
	{
		size_t all = 0;

		for (unsigned k = 0; k < PROP_KINDS; k++)
			all += r[k].changed;
		ck_assert_uint_gt(all, r[PROP_VRP_DIFF].changed);
	}
}
END_TEST

Suite *
affects_suite(void)
{
	Suite *s = suite_create("affects");
	TCase *tc = tcase_create("real");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_real_changes);
	suite_add_tcase(s, tc);
	return s;
}
