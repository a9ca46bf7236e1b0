/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The unit-test runner: one SRunner over every module's suite.
 * CK_RUN_SUITE=<name> runs one suite; CK_FORK=no helps under a debugger.
 */
#include "config.h"

#include <stdlib.h>

#include "suites.h"

int
main(void)
{
	SRunner *sr = srunner_create(addr_suite());
	int failed;

	srunner_add_suite(sr, ptab_suite());
	srunner_add_suite(sr, plist_suite());
	srunner_add_suite(sr, roa_suite());
	srunner_add_suite(sr, aspa_suite());
	srunner_add_suite(sr, aspath_suite());
	srunner_add_suite(sr, bogon_suite());
	srunner_add_suite(sr, check_suite());
	srunner_add_suite(sr, explain_suite());
	srunner_add_suite(sr, verdict_suite());
	srunner_add_suite(sr, community_suite());
	srunner_add_suite(sr, route_suite());
	srunner_add_suite(sr, config_suite());
	srunner_add_suite(sr, json_suite());
	srunner_add_suite(sr, rpki_suite());
	srunner_add_suite(sr, slurm_suite());
	srunner_add_suite(sr, peeringdb_suite());
	srunner_add_suite(sr, pfxfile_suite());
	srunner_add_suite(sr, irr_suite());
	srunner_add_suite(sr, lg_suite());
	srunner_add_suite(sr, ctx_suite());
	srunner_add_suite(sr, oom_suite());
	srunner_add_suite(sr, vrpset_suite());
	srunner_add_suite(sr, changes_suite());
	srunner_add_suite(sr, affects_suite());
	srunner_add_suite(sr, worker_suite());
	srunner_add_suite(sr, rtr_suite());
	srunner_add_suite(sr, whois_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
