/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Reasons and explanations: the reason table, error strings, and the
 * plain words a participant reads in the looking glass.
 */
#include "config.h"

#include <check.h>
#include <string.h>

#include "suites.h"
#include "testutil.h"

START_TEST(test_reason_table)
{
	unsigned local = 0;

	for (unsigned r = 0; r < RSG_R_COUNT; r++) {
		const char *key = rsg_reason_key((enum rsg_reason)r);

		ck_assert_ptr_nonnull(key);
		ck_assert_ptr_nonnull(rsg_reason_text((enum rsg_reason)r));
		ck_assert_int_eq(rsg_reason_from_key(key), (int)r);
		ck_assert_uint_gt(rsg_reason_eix((enum rsg_reason)r), 0);
		local += rsg_reason_eix((enum rsg_reason)r) >= 50;
		/* Euro-IX codes are unique except for the three bogon kinds */
		for (unsigned o = 0; o < r; o++) {
			if (rsg_reason_eix((enum rsg_reason)o)
			    == rsg_reason_eix((enum rsg_reason)r))
				ck_assert_uint_eq(
				    rsg_reason_eix((enum rsg_reason)r), 3);
		}
	}
	ck_assert_uint_eq(local, 10);
	ck_assert_uint_eq(rsg_reason_eix(RSG_R_RPKI_INVALID), 13);
	ck_assert_uint_eq(rsg_reason_ars(RSG_R_RPKI_INVALID), 14);
	ck_assert_uint_eq(rsg_reason_eix(RSG_R_TRANSIT_FREE), 14);
	ck_assert_uint_eq(rsg_reason_eix(RSG_R_OTC_LEAK), 50);
	ck_assert_int_eq(rsg_reason_from_key("nonsense"), -1);
	ck_assert_ptr_null(rsg_reason_key(RSG_R_COUNT));
}
END_TEST

START_TEST(test_errors)
{
	ck_assert_str_eq(rsg_strerror(RSG_ENOMEM), "out of memory");
	ck_assert_str_eq(rsg_err_name(RSG_ESTALE), "RSG_ESTALE");
	ck_assert_str_eq(rsg_strerror(0), "success");
	ck_assert_str_eq(rsg_strerror(-1000), "unknown error");
	for (int e = RSG_ENOMEM; e < RSG__ERR_LAST; e++) {
		ck_assert_str_ne(rsg_strerror(e), "unknown error");
		ck_assert_int_eq(strncmp(rsg_err_name(e), "RSG_E", 5), 0);
	}
	ck_assert_str_eq(rsg_version(), RSG_VERSION_STRING);
	/* codes are appended: the values of the first ones never change */
	ck_assert_int_eq(RSG_ENOMEM, -63);
	ck_assert_int_eq(RSG_EBADROUTE, -54);
	ck_assert_int_eq(RSG_ENOTSUP, -49);
	ck_assert_int_eq(RSG_EBADPREFIX, -48);
	ck_assert_int_eq(RSG_ENOCLIENT, -45);
	ck_assert_str_eq(rsg_err_name(RSG_EBADADDR), "RSG_EBADADDR");
	ck_assert_str_eq(rsg_strerror(RSG_EBADPATH), "malformed AS_PATH");
}
END_TEST

static struct rsg_verdict v;

static struct rsg_detail *
add(enum rsg_reason r, enum rsg_mode mode)
{
	struct rsg_detail *d = &v.details[v.n_details++];

	memset(d, 0, sizeof(*d));
	d->reason = (uint16_t)r;
	d->mode = (uint8_t)mode;
	return d;
}

START_TEST(test_explain)
{
	struct rsg_detail *d;
	char buf[2048], small[16];
	size_t n;

	memset(&v, 0, sizeof(v));
	v.origin_asn = 64500;
	v.vrps[0].prefix = tu_pfx("192.0.2.0/24");
	v.vrps[0].max_len = 24;
	v.vrps[0].asn = 64501;
	v.n_vrps = v.n_vrps_total = 1;
	d = add(RSG_R_RPKI_INVALID, RSG_MODE_REJECT);
	d->prefix = tu_pfx("192.0.2.0/24");
	d = add(RSG_R_FIRST_AS, RSG_MODE_REJECT);
	d->asn = 64502;
	d->asn2 = 64500;
	d = add(RSG_R_NEXT_HOP, RSG_MODE_REJECT);
	d->ip = tu_ip("192.0.2.99");
	d = add(RSG_R_TOO_MANY_COMMUNITIES, RSG_MODE_TAG);
	d->value = 120;
	d->limit = 100;
	d = add(RSG_R_ASPA_INVALID, RSG_MODE_REJECT);
	d->value = 1;
	d->asn = 64501;
	d->asn2 = 64500;
	n = rsg_explain(&v, buf, sizeof(buf));
	ck_assert_uint_eq(n, strlen(buf));
	ck_assert_str_eq(buf,
	    "RPKI invalid (origin mismatch): 192.0.2.0/24 max 24 AS64501 "
	    "covers it, origin AS64500\n"
	    "first AS AS64502 is not the peer AS64500\n"
	    "NEXT_HOP 192.0.2.99 is not the peer IP\n"
	    "120 communities, the limit is 100 [tagged only]\n"
	    "ASPA invalid: AS64501 does not list AS64500 as a provider\n");
	/* snprintf semantics: the full length, truncated text */
	ck_assert_uint_eq(rsg_explain(&v, small, sizeof(small)), n);
	ck_assert_uint_eq(strlen(small), sizeof(small) - 1);
	ck_assert_uint_eq(rsg_explain(&v, NULL, 0), n);
	/* maxLength, not origin */
	v.vrps[0].asn = 64500;
	rsg_explain_detail(&v, &v.details[0], buf, sizeof(buf));
	ck_assert_str_eq(buf,
	    "RPKI invalid (prefix longer than maxLength): 192.0.2.0/24 max 24 "
	    "AS64500 covers it, origin AS64500");
}
END_TEST

Suite *
explain_suite(void)
{
	Suite *s = suite_create("explain");
	TCase *tc = tcase_create("text");

	tcase_add_test(tc, test_reason_table);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_explain);
	suite_add_tcase(s, tc);
	return s;
}
