/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * ASPA verification against the 94 cross-checked vectors of
 * tests/data/aspa-vectors.txt (draft -27; generated from
 * aspa-vectors.json), plus the hop function and U-SPAS union.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "aspa.h"
#include "aspath.h"
#include "suites.h"
#include "testutil.h"
#include "util.h"

struct named_table {
	char name[32];
	struct aspa_table t;
};

static int
parse_table(char *line, struct named_table *nt)
{
	struct aspa_set set = { 0 };
	char *save = NULL, *tok;

	tok = strtok_r(line, " \n", &save); /* "table" */
	tok = strtok_r(NULL, " \n", &save);
	if (tok == NULL)
		return -1;
	snprintf(nt->name, sizeof(nt->name), "%s", tok);
	while ((tok = strtok_r(NULL, " \n", &save)) != NULL) {
		uint32_t prov[64];
		size_t n = 0;
		char *colon = strchr(tok, ':'), *p;

		if (colon == NULL)
			return -1;
		*colon = '\0';
		for (p = strtok(colon + 1, ","); p != NULL && n < 64;
		     p = strtok(NULL, ","))
			prov[n++] = (uint32_t)strtoul(p, NULL, 10);
		if (rsg__aspa_set_add(
			&set, (uint32_t)strtoul(tok, NULL, 10), prov, n)
		    != 0)
			return -1;
	}
	if (rsg__aspa_build(&nt->t, &set) != 0)
		return -1;
	rsg__aspa_set_free(&set);
	return 0;
}

START_TEST(test_vectors)
{
	FILE *f = fopen(tu_data("aspa-vectors.txt"), "r");
	struct named_table tabs[64];
	size_t ntabs = 0, nvec = 0, failed = 0;
	char line[4096];

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		char id[32], tname[32], dir[8], expect[16];
		unsigned long nbr;
		int rsc, off = 0;
		uint8_t path[4096];
		size_t used = 0;
		struct rsg_error err;
		const struct aspa_table *t = NULL;
		enum rsg_aspa want, got;
		unsigned flags;
		char *ptext;

		if (strncmp(line, "table ", 6) == 0) {
			ck_assert_uint_lt(ntabs, ARRAY_SIZE(tabs));
			ck_assert_int_eq(parse_table(line, &tabs[ntabs]), 0);
			ntabs++;
			continue;
		}
		if (strncmp(line, "vector ", 7) != 0)
			continue;
		ck_assert_int_eq(
		    sscanf(line, "vector %31s %31s %7s %lu %d %15s %n", id,
			tname, dir, &nbr, &rsc, expect, &off),
		    6);
		ptext = line + off;
		ptext[strcspn(ptext, "\n")] = '\0';
		for (size_t i = 0; i < ntabs; i++) {
			if (strcmp(tabs[i].name, tname) == 0)
				t = &tabs[i].t;
		}
		ck_assert_msg(t != NULL, "%s: no table %s", id, tname);
		ck_assert_msg(
		    rsg_path_from_text(ptext, path, sizeof(path), &used, &err)
			== 0,
		    "%s: %s", id, err.message);
		want = strcmp(expect, "Valid") == 0  ? RSG_ASPA_VALID
		    : strcmp(expect, "Invalid") == 0 ? RSG_ASPA_INVALID
						     : RSG_ASPA_UNKNOWN;
		flags = (strcmp(dir, "up") == 0 ? RSG_ASPA_UPSTREAM : 0)
		    | (rsc ? RSG_ASPA_RS_CLIENT : 0);
		got =
		    rsg__aspa_verify(t, path, used, (uint32_t)nbr, flags, NULL);
		if (got != want) {
			fprintf(stderr, "ASPA vector %s: got %d, want %s\n", id,
			    got, expect);
			failed++;
		}
		nvec++;
	}
	fclose(f);
	for (size_t i = 0; i < ntabs; i++)
		rsg__aspa_free(&tabs[i].t);
	ck_assert_uint_eq(nvec, 94);
	ck_assert_uint_eq(failed, 0);
}
END_TEST

START_TEST(test_hop_and_union)
{
	struct aspa_set set = { 0 };
	struct aspa_table t;
	uint32_t a[] = { 200, 201 }, b[] = { 202, 200 }, z[] = { 0 };
	uint32_t many[30];

	/* two records for customer 100: the union counts (U-SPAS) */
	ck_assert_int_eq(rsg__aspa_set_add(&set, 100, a, 2), 0);
	ck_assert_int_eq(rsg__aspa_set_add(&set, 100, b, 2), 0);
	ck_assert_int_eq(rsg__aspa_set_add(&set, 8, z, 1), 0);
	for (uint32_t i = 0; i < 30; i++)
		many[i] = 1000 + 2 * i;
	ck_assert_int_eq(rsg__aspa_set_add(&set, 65000, many, 30), 0);
	ck_assert_int_eq(rsg__aspa_build(&t, &set), 0);
	ck_assert_uint_eq(t.ncust, 3);
	ck_assert_int_eq(rsg__aspa_auth(&t, 100, 200), ASPA_PROVIDER_PLUS);
	ck_assert_int_eq(rsg__aspa_auth(&t, 100, 202), ASPA_PROVIDER_PLUS);
	ck_assert_int_eq(rsg__aspa_auth(&t, 100, 203), ASPA_NOT_PROVIDER_PLUS);
	ck_assert_int_eq(rsg__aspa_auth(&t, 200, 100), ASPA_NO_ATTESTATION);
	/* AS0 ASPA: every hop out of AS 8 is Not Provider+ */
	ck_assert_int_eq(rsg__aspa_auth(&t, 8, 2), ASPA_NOT_PROVIDER_PLUS);
	ck_assert_int_eq(rsg__aspa_auth(&t, 65000, 1058), ASPA_PROVIDER_PLUS);
	ck_assert_int_eq(
	    rsg__aspa_auth(&t, 65000, 1059), ASPA_NOT_PROVIDER_PLUS);
	rsg__aspa_free(&t);
	rsg__aspa_set_free(&set);
}
END_TEST

START_TEST(test_confed_and_empty)
{
	struct aspa_table t;
	struct aspa_set set = { 0 };
	uint8_t path[64];
	size_t used;

	ck_assert_int_eq(rsg__aspa_build(&t, &set), 0);
	ck_assert_int_eq(
	    rsg__aspa_verify(&t, path, 0, 0, RSG_ASPA_UPSTREAM, NULL),
	    RSG_ASPA_INVALID);
	ck_assert_int_eq(rsg_path_from_text("64500 (64501 64502) 64503", path,
			     sizeof(path), &used, NULL),
	    0);
	ck_assert_int_eq(
	    rsg__aspa_verify(&t, path, used, 64500, RSG_ASPA_UPSTREAM, NULL),
	    RSG_ASPA_INVALID);
	ck_assert_int_eq(
	    rsg_path_from_text("64500 64503", path, sizeof(path), &used, NULL),
	    0);
	/* no ASPA at all: Unknown */
	ck_assert_int_eq(
	    rsg__aspa_verify(&t, path, used, 64500, RSG_ASPA_UPSTREAM, NULL),
	    RSG_ASPA_UNKNOWN);
	/* neighbor mismatch at the RS, waived for an RS client */
	ck_assert_int_eq(
	    rsg__aspa_verify(&t, path, used, 64999, RSG_ASPA_UPSTREAM, NULL),
	    RSG_ASPA_INVALID);
	ck_assert_int_eq(rsg__aspa_verify(&t, path, used, 64999,
			     RSG_ASPA_UPSTREAM | RSG_ASPA_RS_CLIENT, NULL),
	    RSG_ASPA_UNKNOWN);
	rsg__aspa_free(&t);
}
END_TEST

Suite *
aspa_suite(void)
{
	Suite *s = suite_create("aspa");
	TCase *tc = tcase_create("verification");

	tcase_add_test(tc, test_vectors);
	tcase_add_test(tc, test_hop_and_union);
	tcase_add_test(tc, test_confed_and_empty);
	suite_add_tcase(s, tc);
	return s;
}
