/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Routes from text: communities and `bgpdump -m` lines (table dumps and
 * update streams), for the CLI, tests and offline analysis.
 *
 * bgpdump -m fields, '|'-separated:
 *   0 TABLE_DUMP2|TABLE_DUMP|BGP4MP|BGP4MP_ET  1 time  2 B|A|W|STATE
 *   3 peer IP  4 peer AS  5 prefix  6 AS path  7 origin  8 next hop
 *   9 local pref  10 MED  11 communities  12 AG|NAG  13 aggregator
 */
#include "config.h"

#include <stdalign.h>
#include <string.h>

#include "addr.h"
#include "aspath.h"
#include "rsguard.h"
#include "util.h"

static const struct {
	const char *name;
	uint32_t value;
} well_known[] = {
	{ "graceful-shutdown", 0xffff0000u }, /* RFC 8326 */
	{ "blackhole", 0xffff029au },         /* RFC 7999 */
	{ "no-export", 0xffffff01u },         /* RFC 1997 */
	{ "no-advertise", 0xffffff02u }, { "no-export-subconfed", 0xffffff03u },
	{ "local-as", 0xffffff03u }, { "no-peer", 0xffffff04u }, /* RFC 3765 */
};

static int
parse_u32(const char *s, size_t n, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;

	if (n == 0 || n > 10)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > max)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int
parse_hex32(const char *s, size_t n, uint32_t *out)
{
	uint32_t v = 0;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		n -= 2;
	}
	if (n == 0 || n > 8)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
		    : c >= 'a' && c <= 'f'        ? (unsigned)(c - 'a' + 10)
		    : c >= 'A' && c <= 'F'        ? (unsigned)(c - 'A' + 10)
						  : 16;

		if (d > 15)
			return -1;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

/* rt:X:Y, ro:X:Y (X an ASN or IPv4 address) or generic:HI:LO. */
static int
parse_ext(const char *t, size_t n, struct rsg_ec *ec)
{
	const char *c1 = memchr(t, ':', n), *c2;
	uint32_t sub, x, y;
	struct rsg_ip ip;

	if (c1 == NULL)
		return -1;
	c2 = memchr(c1 + 1, ':', n - (size_t)(c1 + 1 - t));
	if (c2 == NULL || memchr(c2 + 1, ':', n - (size_t)(c2 + 1 - t)))
		return -1;
	const char *a = c1 + 1, *b = c2 + 1;
	size_t na = (size_t)(c2 - a), nb = n - (size_t)(b - t);

	if ((size_t)(c1 - t) == 7 && memcmp(t, "generic", 7) == 0)
		return parse_hex32(a, na, &ec->hi)
			|| parse_hex32(b, nb, &ec->lo)
		    ? -1
		    : 0;
	if ((size_t)(c1 - t) != 2 || (memcmp(t, "rt", 2) && memcmp(t, "ro", 2)))
		return -1;
	sub = t[1] == 't' ? 0x02 : 0x03;
	if (rsg__ip_parse(a, na, &ip) == 0 && ip.afi == RSG_AFI_IPV4) {
		if (parse_u32(b, nb, 0xffff, &y) != 0)
			return -1;
		ec->hi = (0x01u << 24) | (sub << 16) | (ip.addr[0] >> 16);
		ec->lo = (ip.addr[0] << 16) | y;
		return 0;
	}
	if (rsg__parse_asn(a, na, &x) != 0)
		return -1;
	if (x <= 0xffff) {
		if (parse_u32(b, nb, UINT32_MAX, &y) != 0)
			return -1;
		ec->hi = (sub << 16) | x;
		ec->lo = y;
	} else {
		if (parse_u32(b, nb, 0xffff, &y) != 0)
			return -1;
		ec->hi = (0x02u << 24) | (sub << 16) | (x >> 16);
		ec->lo = (x << 16) | y;
	}
	return 0;
}

RSG_EXPORT int
rsg_communities_parse(const char *text, uint32_t *std, size_t std_cap,
    size_t *n_std, struct rsg_ec *ext, size_t ext_cap, size_t *n_ext,
    struct rsg_lc *lrg, size_t lrg_cap, size_t *n_lrg, struct rsg_error *err)
{
	size_t ns = 0, ne = 0, nl = 0, i = 0, len;

	if (text == NULL)
		return RSG_EINVAL;
	len = strlen(text);
	while (i < len) {
		size_t start, n, colons = 0;
		const char *t;

		while (i < len
		    && (text[i] == ' ' || text[i] == ',' || text[i] == '\t'))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && text[i] != ' ' && text[i] != ','
		    && text[i] != '\t') {
			colons += text[i] == ':';
			i++;
		}
		t = text + start;
		n = i - start;
		if ((t[0] >= 'a' && t[0] <= 'z') && colons == 0) {
			size_t w;

			for (w = 0; w < ARRAY_SIZE(well_known); w++) {
				if (strlen(well_known[w].name) == n
				    && memcmp(well_known[w].name, t, n) == 0)
					break;
			}
			if (w == ARRAY_SIZE(well_known))
				goto bad;
			if (ns == std_cap || std == NULL)
				goto nospc;
			std[ns++] = well_known[w].value;
		} else if (t[0] >= 'a' && t[0] <= 'z') {
			struct rsg_ec ec;

			if (parse_ext(t, n, &ec) != 0)
				goto bad;
			if (ne == ext_cap || ext == NULL)
				goto nospc;
			ext[ne++] = ec;
		} else if (colons == 1) {
			const char *c = memchr(t, ':', n);
			uint32_t a, b;

			if (parse_u32(t, (size_t)(c - t), 0xffff, &a) != 0
			    || parse_u32(
				   c + 1, n - (size_t)(c - t) - 1, 0xffff, &b)
				!= 0)
				goto bad;
			if (ns == std_cap || std == NULL)
				goto nospc;
			std[ns++] = a << 16 | b;
		} else if (colons == 2) {
			const char *c1 = memchr(t, ':', n);
			const char *c2 =
			    memchr(c1 + 1, ':', n - (size_t)(c1 + 1 - t));
			struct rsg_lc lc;

			if (parse_u32(t, (size_t)(c1 - t), UINT32_MAX, &lc.asn)
				!= 0
			    || parse_u32(c1 + 1, (size_t)(c2 - c1 - 1),
				   UINT32_MAX, &lc.data1)
				!= 0
			    || parse_u32(c2 + 1, n - (size_t)(c2 + 1 - t),
				   UINT32_MAX, &lc.data2)
				!= 0)
				goto bad;
			if (nl == lrg_cap || lrg == NULL)
				goto nospc;
			lrg[nl++] = lc;
		} else {
			goto bad;
		}
		continue;
	bad:
		return rsg__err(err, RSG_EPARSE, "communities", 1,
		    (unsigned)start + 1,
		    "expected a community (a:b, a:b:c, rt:a:b or a name), got "
		    "'%.*s'",
		    (int)n, t);
	nospc:
		return rsg__err(err, RSG_ENOSPC, "communities", 1,
		    (unsigned)start + 1, "too many communities");
	}
	if (n_std != NULL)
		*n_std = ns;
	if (n_ext != NULL)
		*n_ext = ne;
	if (n_lrg != NULL)
		*n_lrg = nl;
	return 0;
}

/* ------------------------------------------------------------------ */
/* bgpdump -m                                                          */

#define BGPDUMP_FIELDS 16

/* Carve an aligned array of n elements from the buffer. */
static void *
carve(char **p, char *end, size_t align, size_t size)
{
	uintptr_t a = ((uintptr_t)*p + align - 1) & ~(uintptr_t)(align - 1);

	if (a > (uintptr_t)end || (uintptr_t)end - a < size)
		return NULL;
	*p = (char *)a + size;
	return (void *)a;
}

RSG_EXPORT int
rsg_route_parse_bgpdump(const char *line, size_t len, struct rsg_route *out,
    void *buf, size_t buflen, struct rsg_error *err)
{
	const char *f[BGPDUMP_FIELDS + 1];
	size_t fl[BGPDUMP_FIELDS + 1];
	unsigned nf = 0;
	size_t i, start = 0;
	char *p = buf, *end = (char *)buf + buflen;
	char tmp[4096];
	struct rsg_error e2;
	size_t used, ns, ne, nl, cap;
	int rc;

	if (line == NULL || out == NULL || buf == NULL)
		return RSG_EINVAL;
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	for (i = 0; i <= len && nf <= BGPDUMP_FIELDS; i++) {
		if (i == len || line[i] == '|') {
			f[nf] = line + start;
			fl[nf] = i - start;
			nf++;
			start = i + 1;
		}
	}
#define FCOL(k) ((unsigned)(f[k] - line) + 1)
	if (nf < 3)
		return rsg__err(err, RSG_EPARSE, "bgpdump", 1, 1,
		    "expected a 'bgpdump -m' line (TYPE|TIME|B/A/W|...)");
	if (fl[2] != 1 || (f[2][0] != 'B' && f[2][0] != 'A'))
		return RSG_ENOENT; /* withdrawal, state change */
	if (nf < 12)
		return rsg__err(err, RSG_EPARSE, "bgpdump", 1,
		    (unsigned)len + 1, "expected at least 12 fields, got %u",
		    nf);
	memset(out, 0, sizeof(*out));
	if (rsg__ip_parse(f[3], fl[3], &out->peer_ip) != 0)
		return rsg__err(err, RSG_EPARSE, "bgpdump", 1, FCOL(3),
		    "expected the peer IP, got '%.*s'", (int)fl[3], f[3]);
	if (rsg__parse_asn(f[4], fl[4], &out->peer_asn) != 0)
		return rsg__err(err, RSG_EPARSE, "bgpdump", 1, FCOL(4),
		    "expected the peer ASN, got '%.*s'", (int)fl[4], f[4]);
	rc = rsg__prefix_parse(f[5], fl[5], &out->prefix, true);
	if (rc != 0)
		return rsg__err(err, RSG_EPARSE, "bgpdump", 1, FCOL(5),
		    "expected a prefix%s, got '%.*s'",
		    rc == RSG_EINVAL ? " without host bits" : "", (int)fl[5],
		    f[5]);
	if (fl[8] > 0 && rsg__ip_parse(f[8], fl[8], &out->next_hop) != 0)
		return rsg__err(err, RSG_EPARSE, "bgpdump", 1, FCOL(8),
		    "expected the next hop, got '%.*s'", (int)fl[8], f[8]);
	/* AS_PATH */
	if (fl[6] >= sizeof(tmp))
		return rsg__err(err, RSG_EPARSE, "bgpdump", 1, FCOL(6),
		    "AS path longer than %zu characters", sizeof(tmp) - 1);
	memcpy(tmp, f[6], fl[6]);
	tmp[fl[6]] = '\0';
	cap = (size_t)(end - p);
	rc = rsg_path_from_text(tmp, (uint8_t *)p, cap, &used, &e2);
	if (rc != 0)
		return rsg__err(err, rc, "bgpdump", 1,
		    FCOL(6) + (e2.column ? e2.column - 1 : 0), "AS path: %s",
		    strchr(e2.message, ' ') ? strchr(e2.message, ' ') + 1
					    : e2.message);
	out->as_path = (const uint8_t *)p;
	out->as_path_len = used;
	p += used;
	/* communities (field 11) and, with bgpdump -l, large ones (12) */
	{
		size_t words = 1, tl = fl[11];
		bool lfield = nf > 13 && fl[12] > 0
		    && !(fl[12] == 2 && memcmp(f[12], "AG", 2) == 0)
		    && !(fl[12] == 3 && memcmp(f[12], "NAG", 3) == 0);
		uint32_t *std;
		struct rsg_ec *ext;
		struct rsg_lc *lrg;

		if (fl[11] + (lfield ? fl[12] + 1 : 0) >= sizeof(tmp))
			return rsg__err(err, RSG_EPARSE, "bgpdump", 1, FCOL(11),
			    "communities longer than %zu characters",
			    sizeof(tmp) - 1);
		memcpy(tmp, f[11], fl[11]);
		if (lfield) {
			tmp[tl++] = ' ';
			memcpy(tmp + tl, f[12], fl[12]);
			tl += fl[12];
		}
		tmp[tl] = '\0';
		if (tl == 0)
			goto done;
		for (i = 0; i < tl; i++)
			words += tmp[i] == ' ';
		std = carve(&p, end, alignof(uint32_t), words * sizeof(*std));
		ext = carve(
		    &p, end, alignof(struct rsg_ec), words * sizeof(*ext));
		lrg = carve(
		    &p, end, alignof(struct rsg_lc), words * sizeof(*lrg));
		if (std == NULL || ext == NULL || lrg == NULL)
			return rsg__err(err, RSG_ENOSPC, "bgpdump", 1, FCOL(11),
			    "route buffer of %zu bytes too small", buflen);
		rc = rsg_communities_parse(tmp, std, words, &ns, ext, words,
		    &ne, lrg, words, &nl, &e2);
		if (rc != 0) {
			unsigned col = e2.column ? e2.column - 1 : 0;

			/* a column past field 11 lies in field 12 */
			col = col > fl[11]
			    ? FCOL(12) + col - (unsigned)fl[11] - 1
			    : FCOL(11) + col;
			return rsg__err(err, rc, "bgpdump", 1, col,
			    "communities: %s",
			    strchr(e2.message, ' ')
				? strchr(e2.message, ' ') + 1
				: e2.message);
		}
		out->communities = std;
		out->n_communities = ns;
		out->ext_communities = ext;
		out->n_ext_communities = ne;
		out->large_communities = lrg;
		out->n_large_communities = nl;
	}
done:
#undef FCOL
	return 0;
}
