/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers shared by the unit tests. */
#include "config.h"

#include "testutil.h"

#include <check.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <time.h>

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

unsigned
tu_threads_block_signals(const char *prefix)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGTERM, SIGUSR1, SIGCHLD,
		SIGPIPE };
	char dirpath[64], buf[256];
	unsigned found = 0;
	struct dirent *e;
	DIR *d;

	snprintf(dirpath, sizeof(dirpath), "/proc/%d/task", (int)getpid());
	d = opendir(dirpath);
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		char file[400], comm[32] = "";
		unsigned long long blk = 0;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(
		    file, sizeof(file), "%s/%s/status", dirpath, e->d_name);
		if ((f = fopen(file, "r")) == NULL)
			continue;
		while (fgets(buf, sizeof(buf), f) != NULL) {
			if (strncmp(buf, "Name:", 5) == 0)
				sscanf(buf + 5, "%31s", comm);
			if (strncmp(buf, "SigBlk:", 7) == 0)
				blk = strtoull(buf + 7, NULL, 16);
		}
		fclose(f);
		if (strncmp(comm, prefix, strlen(prefix)) != 0)
			continue;
		found++;
		for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
			/* bit n-1 is signal n */
			ck_assert_msg(blk & (1ull << (sigs[i] - 1)),
			    "thread %s (%s) does not block signal %d",
			    e->d_name, comm, sigs[i]);
		}
	}
	closedir(d);
	return found;
}

static char tmpdir[512];

const char *
tu_tmpdir(const char *prefix)
{
	char templ[64];

	snprintf(templ, sizeof(templ), "%s-XXXXXX", prefix);
	snprintf(tmpdir, sizeof(tmpdir), "%s", tu_build(templ));
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	return tmpdir;
}

const char *
tu_tmp(const char *name)
{
	static char buf[4][700];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", tmpdir, name);
	return buf[i];
}

void
tu_put(const char *name, const char *text)
{
	char tmp[800];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", tu_tmp(name));
	f = fopen(tmp, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(rename(tmp, tu_tmp(name)), 0);
}

void
tu_tmpdir_remove(void)
{
	char cmd[600];

	if (tmpdir[0] == '\0')
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
	tmpdir[0] = '\0';
}

bool
tu_affects_prefix(const struct rsg_changes *ch, const struct rsg_prefix *prefix)
{
	struct rsg_route r;

	memset(&r, 0, sizeof(r));
	r.prefix = *prefix;
	return rsg_changes_affects(ch, &r);
}

void
tu_route(struct rsg_route *r, uint8_t path[6], const char *peer, uint32_t asn,
    const char *prefix)
{
	path[0] = RSG_SEG_SEQUENCE;
	path[1] = 1;
	path[2] = (uint8_t)(asn >> 24);
	path[3] = (uint8_t)(asn >> 16);
	path[4] = (uint8_t)(asn >> 8);
	path[5] = (uint8_t)asn;
	memset(r, 0, sizeof(*r));
	r->peer_ip = r->next_hop = tu_ip(peer);
	r->peer_asn = asn;
	r->prefix = tu_pfx(prefix);
	r->as_path = path;
	r->as_path_len = 6;
}

uint64_t
tu_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

const char *
tu_vrp_json(int64_t buildtime, const char *roas)
{
	static char buf[4096];
	char bt[32];
	time_t t = (time_t)buildtime;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(bt, sizeof(bt), "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(buf, sizeof(buf),
	    "{\"metadata\": {\"buildtime\": \"%s\"}, \"roas\": [%s]}\n", bt,
	    roas);
	return buf;
}
