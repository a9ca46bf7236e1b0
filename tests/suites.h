/* SPDX-License-Identifier: BSD-2-Clause */
/* One Check suite per library module (tests/check_<module>.c). */
#ifndef RSG_TEST_SUITES_H
#define RSG_TEST_SUITES_H

#include <check.h>

Suite *addr_suite(void);
Suite *ptab_suite(void);
Suite *plist_suite(void);
Suite *roa_suite(void);
Suite *aspa_suite(void);
Suite *aspath_suite(void);
Suite *bogon_suite(void);
Suite *check_suite(void);
Suite *explain_suite(void);
Suite *verdict_suite(void);
Suite *route_suite(void);
Suite *config_suite(void);
Suite *json_suite(void);
Suite *rpki_suite(void);
Suite *slurm_suite(void);
Suite *peeringdb_suite(void);
Suite *pfxfile_suite(void);
Suite *irr_suite(void);
Suite *lg_suite(void);
Suite *whois_suite(void);
Suite *ctx_suite(void);
Suite *oom_suite(void);
Suite *vrpset_suite(void);
Suite *changes_suite(void);
Suite *affects_suite(void);
Suite *worker_suite(void);
Suite *rtr_suite(void);
Suite *community_suite(void);

#endif
