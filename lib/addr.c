/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Parsing, formatting and construction of addresses and prefixes.
 */
#include "config.h"

#include "addr.h"

#include <arpa/inet.h>
#include <stdio.h>

#include "aspath.h"

/* Four host-order words from 16 network-order bytes. */
static void
addr_from_bytes(const uint8_t b[16], uint32_t w[4])
{
	for (unsigned i = 0; i < 4; i++)
		w[i] = get_u32be(b + 4 * i);
}

int
rsg__ip_parse(const char *s, size_t len, struct rsg_ip *out)
{
	char buf[INET6_ADDRSTRLEN + 1];
	unsigned char b[16];

	if (len == 0 || len >= sizeof(buf) || memchr(s, '\0', len) != NULL)
		return RSG_EPARSE;
	memcpy(buf, s, len);
	buf[len] = '\0';
	memset(out, 0, sizeof(*out));
	if (memchr(buf, ':', len) != NULL) {
		if (inet_pton(AF_INET6, buf, b) != 1)
			return RSG_EPARSE;
		addr_from_bytes(b, out->addr);
		out->afi = RSG_AFI_IPV6;
	} else {
		if (inet_pton(AF_INET, buf, b) != 1)
			return RSG_EPARSE;
		out->addr[0] = get_u32be(b);
		out->afi = RSG_AFI_IPV4;
	}
	return 0;
}

int
rsg__prefix_parse(
    const char *s, size_t len, struct rsg_prefix *out, bool strict)
{
	const char *slash = memchr(s, '/', len);
	unsigned plen = 0;
	size_t i;
	struct rsg_ip orig;

	if (slash == NULL || slash + 1 == s + len)
		return RSG_EPARSE;
	/* no leading zeros: "/024" is not a length */
	if (slash[1] == '0' && slash + 2 != s + len)
		return RSG_EPARSE;
	for (i = (size_t)(slash - s) + 1; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || plen > 128)
			return RSG_EPARSE;
		plen = plen * 10 + (unsigned)(s[i] - '0');
	}
	memset(out, 0, sizeof(*out));
	if (rsg__ip_parse(s, (size_t)(slash - s), &out->ip) != 0)
		return RSG_EPARSE;
	if (plen > afi_bits(out->ip.afi))
		return RSG_ERANGE;
	out->len = (uint8_t)plen;
	orig = out->ip;
	addr_mask(out->ip.addr, plen);
	if (strict && !ip_equal(&orig, &out->ip))
		return RSG_EINVAL;
	return 0;
}

RSG_EXPORT int
rsg_ip_parse(const char *text, struct rsg_ip *out)
{
	if (text == NULL || out == NULL)
		return RSG_EINVAL;
	return rsg__ip_parse(text, strlen(text), out);
}

RSG_EXPORT int
rsg_prefix_parse(const char *text, struct rsg_prefix *out)
{
	if (text == NULL || out == NULL)
		return RSG_EINVAL;
	return rsg__prefix_parse(text, strlen(text), out, true) == 0
	    ? 0
	    : RSG_EPARSE;
}

/* a.b.c.d into out (16 bytes at least); its length. */
static size_t
v4_text(uint32_t a, char *out)
{
	char *p = out;

	for (int i = 3; i >= 0; i--) {
		unsigned b = (a >> (8 * i)) & 0xff;

		if (b >= 100) {
			*p++ = (char)('0' + b / 100);
			b %= 100;
			*p++ = (char)('0' + b / 10);
		} else if (b >= 10) {
			*p++ = (char)('0' + b / 10);
		}
		*p++ = (char)('0' + b % 10);
		if (i > 0)
			*p++ = '.';
	}
	*p = '\0';
	return (size_t)(p - out);
}

/* An address's text into tmp (INET6_ADDRSTRLEN); its length. IPv4, the
 * common case in explanations and looking-glass answers, without
 * inet_ntop's printf. */
static size_t
ip_text(const struct rsg_ip *ip, char *tmp)
{
	unsigned char b[16];

	if (ip->afi == RSG_AFI_IPV4)
		return v4_text(ip->addr[0], tmp);
	if (ip->afi != RSG_AFI_IPV6) {
		memcpy(tmp, "-", 2);
		return 1;
	}
	for (unsigned w = 0; w < 4; w++) {
		b[4 * w] = (unsigned char)(ip->addr[w] >> 24);
		b[4 * w + 1] = (unsigned char)(ip->addr[w] >> 16);
		b[4 * w + 2] = (unsigned char)(ip->addr[w] >> 8);
		b[4 * w + 3] = (unsigned char)ip->addr[w];
	}
	inet_ntop(AF_INET6, b, tmp, INET6_ADDRSTRLEN);
	return strlen(tmp);
}

/* snprintf("%s")'s contract: n bytes of text into buf of len. */
static size_t
text_out(char *buf, size_t len, const char *text, size_t n)
{
	if (len > 0) {
		size_t k = n < len ? n : len - 1;

		memcpy(buf, text, k);
		buf[k] = '\0';
	}
	return n;
}

RSG_EXPORT size_t
rsg_ip_format(const struct rsg_ip *ip, char *buf, size_t len)
{
	char tmp[INET6_ADDRSTRLEN];

	return text_out(buf, len, tmp, ip_text(ip, tmp));
}

RSG_EXPORT size_t
rsg_prefix_format(const struct rsg_prefix *p, char *buf, size_t len)
{
	char tmp[INET6_ADDRSTRLEN + 4];
	size_t n = ip_text(&p->ip, tmp);
	unsigned l = p->len;

	tmp[n++] = '/';
	if (l >= 100)
		tmp[n++] = (char)('0' + l / 100);
	if (l >= 10)
		tmp[n++] = (char)('0' + l / 10 % 10);
	tmp[n++] = (char)('0' + l % 10);
	tmp[n] = '\0';
	return text_out(buf, len, tmp, n);
}

RSG_EXPORT int
rsg_ip_from_v4(uint32_t addr, struct rsg_ip *out)
{
	if (out == NULL)
		return RSG_EINVAL;
	memset(out, 0, sizeof(*out));
	out->addr[0] = addr;
	out->afi = RSG_AFI_IPV4;
	return 0;
}

RSG_EXPORT int
rsg_ip_from_v6(const uint32_t addr[4], struct rsg_ip *out)
{
	if (out == NULL)
		return RSG_EINVAL;
	memset(out, 0, sizeof(*out));
	if (addr == NULL)
		return RSG_EINVAL;
	if (addr_is_v4_mapped(addr))
		return RSG_EBADADDR;
	memcpy(out->addr, addr, sizeof(out->addr));
	out->afi = RSG_AFI_IPV6;
	return 0;
}

RSG_EXPORT int
rsg_ip_from_v6_bytes(const uint8_t addr[16], struct rsg_ip *out)
{
	uint32_t w[4];

	if (out == NULL)
		return RSG_EINVAL;
	if (addr == NULL) {
		memset(out, 0, sizeof(*out));
		return RSG_EINVAL;
	}
	addr_from_bytes(addr, w);
	return rsg_ip_from_v6(w, out);
}

RSG_EXPORT int
rsg_ip_from_mapped(const uint32_t addr[4], struct rsg_ip *out)
{
	if (out == NULL)
		return RSG_EINVAL;
	if (addr != NULL && addr_is_v4_mapped(addr))
		return rsg_ip_from_v4(addr[3], out);
	return rsg_ip_from_v6(addr, out);
}

/* The common end of the prefix constructors: out->ip is set. */
static int
prefix_finish(struct rsg_prefix *out, unsigned len)
{
	if (len > afi_bits(out->ip.afi))
		goto bad;
	out->len = (uint8_t)len;
	if (!pfx_canonical(out))
		goto bad;
	return 0;
bad:
	memset(out, 0, sizeof(*out));
	return RSG_EBADPREFIX;
}

RSG_EXPORT int
rsg_prefix_from_v4(uint32_t addr, unsigned len, struct rsg_prefix *out)
{
	if (out == NULL)
		return RSG_EINVAL;
	memset(out, 0, sizeof(*out));
	out->ip.addr[0] = addr;
	out->ip.afi = RSG_AFI_IPV4;
	return prefix_finish(out, len);
}

RSG_EXPORT int
rsg_prefix_from_v6(const uint32_t addr[4], unsigned len, struct rsg_prefix *out)
{
	if (out == NULL)
		return RSG_EINVAL;
	memset(out, 0, sizeof(*out));
	if (addr == NULL)
		return RSG_EINVAL;
	/* v4-mapped is fine: a real IPv6 route, judged as a bogon */
	memcpy(out->ip.addr, addr, sizeof(out->ip.addr));
	out->ip.afi = RSG_AFI_IPV6;
	return prefix_finish(out, len);
}

RSG_EXPORT int
rsg_prefix_from_v6_bytes(
    const uint8_t addr[16], unsigned len, struct rsg_prefix *out)
{
	uint32_t w[4];

	if (out == NULL)
		return RSG_EINVAL;
	if (addr == NULL) {
		memset(out, 0, sizeof(*out));
		return RSG_EINVAL;
	}
	addr_from_bytes(addr, w);
	return rsg_prefix_from_v6(w, len, out);
}
