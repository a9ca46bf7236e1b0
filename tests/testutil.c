/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers shared by the unit tests. */
#include "config.h"

#include "testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

const char *
tu_data(const char *rel)
{
	static char buf[4][1024];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/tests/data/%s", TOP_SRCDIR, rel);
	return buf[i];
}

const char *
tu_build(const char *rel)
{
	static char buf[4][1024];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/tests/%s", TOP_BUILDDIR, rel);
	return buf[i];
}

char *
tu_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0
	    && fseek(f, 0, SEEK_SET) == 0
	    && (buf = malloc((size_t)n + 1)) != NULL) {
		if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else {
			buf[n] = '\0';
			if (len != NULL)
				*len = (size_t)n;
		}
	}
	fclose(f);
	return buf;
}

struct rsg_prefix
tu_pfx(const char *s)
{
	struct rsg_prefix p;

	ck_assert_msg(rsg_prefix_parse(s, &p) == 0, "bad prefix %s", s);
	return p;
}

struct rsg_ip
tu_ip(const char *s)
{
	struct rsg_ip ip;

	ck_assert_msg(rsg_ip_parse(s, &ip) == 0, "bad address %s", s);
	return ip;
}

int
tu_slow(void)
{
	const char *m = getenv("CK_TIMEOUT_MULTIPLIER");
	int f = m != NULL ? atoi(m) : 1;

	return f >= 1 && f <= 100 ? f : 1;
}
