/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Addresses and prefixes: parsing, formatting, masks, covering.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "addr.h"
#include "suites.h"
#include "testutil.h"

START_TEST(test_parse_format)
{
	static const char *const ok[] = { "0.0.0.0/0", "192.0.2.0/24",
		"255.255.255.255/32", "::/0", "2001:db8::/32",
		"2001:db8:1:2:3:4:5:6/128", "::ffff:192.0.2.0/120" };
	char buf[RSG_PREFIX_STRLEN];

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct rsg_prefix p;

		ck_assert_int_eq(rsg_prefix_parse(ok[i], &p), 0);
		rsg_prefix_format(&p, buf, sizeof(buf));
		ck_assert_str_eq(buf, ok[i]);
	}
}
END_TEST

/* Every IPv4 octet and prefix length as inet_ntop and printf write
 * them; snprintf's contract when the buffer is short. */
START_TEST(test_format_v4)
{
	char buf[RSG_PREFIX_STRLEN], want[RSG_PREFIX_STRLEN], nt[16];
	struct rsg_prefix p;
	uint32_t x = 0x9e3779b9u;

	memset(&p, 0, sizeof(p));
	p.ip.afi = RSG_AFI_IPV4;
	for (unsigned i = 0; i < 4096; i++) {
		unsigned char b[4];

		x = x * 1664525u + 1013904223u;
		p.ip.addr[0] = i < 256 ? i * 0x01010101u : x;
		p.len = (uint8_t)(i % 33);
		b[0] = (unsigned char)(p.ip.addr[0] >> 24);
		b[1] = (unsigned char)(p.ip.addr[0] >> 16);
		b[2] = (unsigned char)(p.ip.addr[0] >> 8);
		b[3] = (unsigned char)p.ip.addr[0];
		inet_ntop(AF_INET, b, nt, sizeof(nt));
		snprintf(want, sizeof(want), "%s/%u", nt, p.len);
		ck_assert_uint_eq(
		    rsg_prefix_format(&p, buf, sizeof(buf)), strlen(want));
		ck_assert_str_eq(buf, want);
		ck_assert_uint_eq(
		    rsg_ip_format(&p.ip, buf, sizeof(buf)), strlen(nt));
		ck_assert_str_eq(buf, nt);
	}
	p.ip.addr[0] = 0xc0000200u;
	p.len = 24;
	ck_assert_uint_eq(rsg_prefix_format(&p, buf, 5), 12);
	ck_assert_str_eq(buf, "192.");
	ck_assert_uint_eq(rsg_prefix_format(&p, NULL, 0), 12);
	p.len = 128;
	p.ip.afi = RSG_AFI_IPV6;
	memset(p.ip.addr, 0, sizeof(p.ip.addr));
	ck_assert_uint_eq(rsg_prefix_format(&p, buf, sizeof(buf)), 6);
	ck_assert_str_eq(buf, "::/128");
	p.ip.afi = RSG_AFI_NONE;
	ck_assert_uint_eq(rsg_ip_format(&p.ip, buf, sizeof(buf)), 1);
	ck_assert_str_eq(buf, "-");
}
END_TEST

START_TEST(test_layout)
{
	struct rsg_prefix p = tu_pfx("2001:db8:1:2::/64");
	struct rsg_ip ip = tu_ip("192.0.2.1");

	/* host order, most significant word first (BIRD, rtrlib) */
	ck_assert_uint_eq(p.ip.addr[0], 0x20010db8u);
	ck_assert_uint_eq(p.ip.addr[1], 0x00010002u);
	ck_assert_uint_eq(p.ip.afi, RSG_AFI_IPV6);
	ck_assert_uint_eq(ip.addr[0], 0xc0000201u);
	ck_assert_uint_eq(ip.addr[1], 0);
	ck_assert_uint_eq(ip.afi, RSG_AFI_IPV4);
}
END_TEST

START_TEST(test_bad)
{
	struct rsg_prefix p;
	struct rsg_ip ip;

	ck_assert_int_eq(rsg_prefix_parse("192.0.2.1/24", &p), RSG_EPARSE);
	ck_assert_int_eq(rsg_prefix_parse("192.0.2.0/33", &p), RSG_EPARSE);
	ck_assert_int_eq(rsg_prefix_parse("192.0.2.0", &p), RSG_EPARSE);
	ck_assert_int_eq(rsg_prefix_parse("192.0.2.0/", &p), RSG_EPARSE);
	ck_assert_int_eq(rsg_prefix_parse("192.0.2.0/2x", &p), RSG_EPARSE);
	ck_assert_int_eq(rsg_prefix_parse("2001:db8::/129", &p), RSG_EPARSE);
	ck_assert_int_eq(rsg_prefix_parse("/8", &p), RSG_EPARSE);
	ck_assert_int_eq(rsg_ip_parse("256.1.1.1", &ip), RSG_EPARSE);
	ck_assert_int_eq(rsg_ip_parse("", &ip), RSG_EPARSE);
	ck_assert_int_eq(rsg_ip_parse("1::2::3", &ip), RSG_EPARSE);
	ck_assert_int_eq(rsg_prefix_parse("192.0.2.0/024", &p), RSG_EPARSE);
	ck_assert_int_eq(
	    rsg__prefix_parse("10.0.0.0\0/8", 11, &p, true), RSG_EPARSE);
	ck_assert_int_eq(rsg_prefix_parse("0.0.0.0/0", &p), 0);
	/* the internal parser can clear host bits instead */
	ck_assert_int_eq(rsg__prefix_parse("192.0.2.1/24", 12, &p, false), 0);
	ck_assert_uint_eq(p.ip.addr[0], 0xc0000200u);
}
END_TEST

START_TEST(test_covers)
{
	struct rsg_prefix a = tu_pfx("10.0.0.0/8"), b = tu_pfx("10.1.0.0/16");
	struct rsg_prefix c = tu_pfx("11.0.0.0/8"), d = tu_pfx("::/0");

	ck_assert(pfx_covers(&a, &b));
	ck_assert(!pfx_covers(&b, &a));
	ck_assert(pfx_covers(&a, &a));
	ck_assert(!pfx_covers(&a, &c));
	ck_assert(!pfx_covers(&d, &a)); /* families never cover each other */
	ck_assert_int_lt(pfx_cmp(&a, &b), 0);
	ck_assert_uint_eq(mask32(0), 0);
	ck_assert_uint_eq(mask32(32), 0xffffffffu);
	ck_assert_uint_eq(mask32(8), 0xff000000u);
}
END_TEST

/* Every byte of *out, reserved ones included, is what we expect. */
static void
assert_ip(const struct rsg_ip *got, const char *want)
{
	struct rsg_ip w;

	memset(&w, 0, sizeof(w));
	if (want != NULL)
		w = tu_ip(want);
	ck_assert_mem_eq(got, &w, sizeof(w));
}

static void
assert_pfx(const struct rsg_prefix *got, const char *want)
{
	struct rsg_prefix w;

	memset(&w, 0, sizeof(w));
	if (want != NULL)
		w = tu_pfx(want);
	ck_assert_mem_eq(got, &w, sizeof(w));
}

START_TEST(test_ip_from)
{
	static const uint32_t v6[4] = { 0x20010db8u, 0, 0, 1 };
	static const uint32_t mapped[4] = { 0, 0, 0xffffu, 0xc0000201u };
	static const uint32_t compat[4] = { 0, 0, 0, 0xc0000201u };
	static const uint8_t v6b[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 1 };
	static const uint8_t mappedb[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff,
		0xff, 192, 0, 2, 1 };
	struct rsg_ip ip;

	/* garbage first: the constructors must write every byte */
	memset(&ip, 0xa5, sizeof(ip));
	ck_assert_int_eq(rsg_ip_from_v4(0xc0000201u, &ip), 0);
	assert_ip(&ip, "192.0.2.1");
	memset(&ip, 0xa5, sizeof(ip));
	ck_assert_int_eq(rsg_ip_from_v6(v6, &ip), 0);
	assert_ip(&ip, "2001:db8::1");
	memset(&ip, 0xa5, sizeof(ip));
	ck_assert_int_eq(rsg_ip_from_v6_bytes(v6b, &ip), 0);
	assert_ip(&ip, "2001:db8::1");
	/* v4-mapped: refused, *out left empty (fails closed in rsg_check) */
	memset(&ip, 0xa5, sizeof(ip));
	ck_assert_int_eq(rsg_ip_from_v6(mapped, &ip), RSG_EBADADDR);
	assert_ip(&ip, NULL);
	memset(&ip, 0xa5, sizeof(ip));
	ck_assert_int_eq(rsg_ip_from_v6_bytes(mappedb, &ip), RSG_EBADADDR);
	assert_ip(&ip, NULL);
	/* ... and accepted by the explicit call, as IPv4 */
	memset(&ip, 0xa5, sizeof(ip));
	ck_assert_int_eq(rsg_ip_from_mapped(mapped, &ip), 0);
	assert_ip(&ip, "192.0.2.1");
	memset(&ip, 0xa5, sizeof(ip));
	ck_assert_int_eq(rsg_ip_from_mapped(v6, &ip), 0);
	assert_ip(&ip, "2001:db8::1");
	/* IPv4-compatible (::a.b.c.d) is not mapped: IPv6 either way */
	ck_assert_int_eq(rsg_ip_from_v6(compat, &ip), 0);
	assert_ip(&ip, "::192.0.2.1");
	ck_assert_int_eq(rsg_ip_from_mapped(compat, &ip), 0);
	assert_ip(&ip, "::192.0.2.1");
	/* NULL pointers */
	ck_assert_int_eq(rsg_ip_from_v4(1, NULL), RSG_EINVAL);
	ck_assert_int_eq(rsg_ip_from_v6(v6, NULL), RSG_EINVAL);
	ck_assert_int_eq(rsg_ip_from_v6_bytes(v6b, NULL), RSG_EINVAL);
	ck_assert_int_eq(rsg_ip_from_mapped(v6, NULL), RSG_EINVAL);
	memset(&ip, 0xa5, sizeof(ip));
	ck_assert_int_eq(rsg_ip_from_v6(NULL, &ip), RSG_EINVAL);
	assert_ip(&ip, NULL);
	memset(&ip, 0xa5, sizeof(ip));
	ck_assert_int_eq(rsg_ip_from_v6_bytes(NULL, &ip), RSG_EINVAL);
	assert_ip(&ip, NULL);
	memset(&ip, 0xa5, sizeof(ip));
	ck_assert_int_eq(rsg_ip_from_mapped(NULL, &ip), RSG_EINVAL);
	assert_ip(&ip, NULL);
}
END_TEST

START_TEST(test_prefix_from)
{
	static const uint32_t v6[4] = { 0x20010db8u, 0x00010000u, 0, 0 };
	static const uint32_t v6host[4] = { 0x20010db8u, 0x00010000u, 0, 1 };
	static const uint32_t mapped[4] = { 0, 0, 0xffffu, 0xc0000200u };
	static const uint8_t v6b[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1 };
	static const uint32_t zero[4] = { 0 };
	struct rsg_prefix p;

	memset(&p, 0xa5, sizeof(p));
	ck_assert_int_eq(rsg_prefix_from_v4(0xc0000200u, 24, &p), 0);
	assert_pfx(&p, "192.0.2.0/24");
	ck_assert_int_eq(rsg_prefix_from_v4(0, 0, &p), 0);
	assert_pfx(&p, "0.0.0.0/0");
	ck_assert_int_eq(rsg_prefix_from_v4(0xc0000201u, 32, &p), 0);
	assert_pfx(&p, "192.0.2.1/32");
	memset(&p, 0xa5, sizeof(p));
	ck_assert_int_eq(rsg_prefix_from_v6(v6, 48, &p), 0);
	assert_pfx(&p, "2001:db8:1::/48");
	memset(&p, 0xa5, sizeof(p));
	ck_assert_int_eq(rsg_prefix_from_v6_bytes(v6b, 48, &p), 0);
	assert_pfx(&p, "2001:db8:1::/48");
	ck_assert_int_eq(rsg_prefix_from_v6(zero, 0, &p), 0);
	assert_pfx(&p, "::/0");
	ck_assert_int_eq(rsg_prefix_from_v6(v6host, 128, &p), 0);
	assert_pfx(&p, "2001:db8:1::1/128");
	/* v4-mapped IPv6 prefixes are real IPv6 routes: accepted */
	ck_assert_int_eq(rsg_prefix_from_v6(mapped, 120, &p), 0);
	assert_pfx(&p, "::ffff:192.0.2.0/120");
	/* not canonical: host bits, length beyond the family */
	memset(&p, 0xa5, sizeof(p));
	ck_assert_int_eq(
	    rsg_prefix_from_v4(0xc0000201u, 24, &p), RSG_EBADPREFIX);
	assert_pfx(&p, NULL);
	memset(&p, 0xa5, sizeof(p));
	ck_assert_int_eq(rsg_prefix_from_v4(0, 33, &p), RSG_EBADPREFIX);
	assert_pfx(&p, NULL);
	ck_assert_int_eq(rsg_prefix_from_v4(0, 256, &p), RSG_EBADPREFIX);
	ck_assert_int_eq(rsg_prefix_from_v4(0, 288, &p), RSG_EBADPREFIX);
	ck_assert_int_eq(rsg_prefix_from_v6(v6host, 127, &p), RSG_EBADPREFIX);
	ck_assert_int_eq(rsg_prefix_from_v6(v6, 129, &p), RSG_EBADPREFIX);
	ck_assert_int_eq(rsg_prefix_from_v6(v6, 32, &p), RSG_EBADPREFIX);
	ck_assert_int_eq(rsg_prefix_from_v6_bytes(v6b, 16, &p), RSG_EBADPREFIX);
	assert_pfx(&p, NULL);
	/* NULL pointers */
	ck_assert_int_eq(rsg_prefix_from_v4(0, 0, NULL), RSG_EINVAL);
	ck_assert_int_eq(rsg_prefix_from_v6(v6, 48, NULL), RSG_EINVAL);
	ck_assert_int_eq(rsg_prefix_from_v6_bytes(v6b, 48, NULL), RSG_EINVAL);
	memset(&p, 0xa5, sizeof(p));
	ck_assert_int_eq(rsg_prefix_from_v6(NULL, 0, &p), RSG_EINVAL);
	assert_pfx(&p, NULL);
	memset(&p, 0xa5, sizeof(p));
	ck_assert_int_eq(rsg_prefix_from_v6_bytes(NULL, 0, &p), RSG_EINVAL);
	assert_pfx(&p, NULL);
}
END_TEST

START_TEST(test_well_formed)
{
	struct rsg_prefix p = tu_pfx("192.0.2.0/24");
	struct rsg_ip ip = tu_ip("192.0.2.1");

	ck_assert(ip_well_formed(&ip));
	ck_assert(pfx_canonical(&p));
	ip.reserved_[1] = 1;
	ck_assert(!ip_well_formed(&ip));
	ip = tu_ip("192.0.2.1");
	ip.addr[3] = 1; /* IPv4 with bits outside word 0 */
	ck_assert(!ip_well_formed(&ip));
	ip.afi = 7;
	ck_assert(!ip_well_formed(&ip));
	ip.afi = RSG_AFI_NONE;
	ck_assert(!ip_well_formed(&ip));
	p.reserved_[2] = 1;
	ck_assert(!pfx_canonical(&p));
	p = tu_pfx("192.0.2.0/24");
	p.ip.addr[0] |= 1;
	ck_assert(!pfx_canonical(&p));
	p = tu_pfx("192.0.2.0/24");
	p.len = 33;
	ck_assert(!pfx_canonical(&p));
}
END_TEST

Suite *
addr_suite(void)
{
	Suite *s = suite_create("addr");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_parse_format);
	tcase_add_test(tc, test_format_v4);
	tcase_add_test(tc, test_layout);
	tcase_add_test(tc, test_bad);
	tcase_add_test(tc, test_covers);
	tcase_add_test(tc, test_ip_from);
	tcase_add_test(tc, test_prefix_from);
	tcase_add_test(tc, test_well_formed);
	suite_add_tcase(s, tc);
	return s;
}
