/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Shared helpers: positioned error messages, clocks, number parsing.
 */
#include "config.h"

#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"

int
rsg__err(struct rsg_error *err, int code, const char *src, unsigned line,
    unsigned col, const char *fmt, ...)
{
	va_list ap;
	int off = 0;

	if (err == NULL)
		return code;
	err->code = code;
	err->line = line;
	err->column = col;
	if (src != NULL && line > 0 && col > 0)
		off = snprintf(err->message, sizeof(err->message),
		    "%s:%u:%u: ", src, line, col);
	else if (src != NULL && line > 0)
		off = snprintf(
		    err->message, sizeof(err->message), "%s:%u: ", src, line);
	else if (src != NULL)
		off = snprintf(err->message, sizeof(err->message), "%s: ", src);
	if (off < 0 || (size_t)off >= sizeof(err->message))
		off = 0;
	va_start(ap, fmt);
	vsnprintf(
	    err->message + off, sizeof(err->message) - (size_t)off, fmt, ap);
	va_end(ap);
	return code;
}

void
rsg__err_clear(struct rsg_error *err)
{
	if (err == NULL)
		return;
	err->code = 0;
	err->line = err->column = 0;
	err->message[0] = '\0';
}

const char *
rsg__err_text(const struct rsg_error *err, const char *src)
{
	size_t n = strlen(src);

	if (strncmp(err->message, src, n) == 0
	    && strncmp(err->message + n, ": ", 2) == 0)
		return err->message + n + 2;
	return err->message;
}

const char *
rsg__file_kind(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISFIFO(m))
		return "a FIFO (pipe)";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a plain file";
}

void
rsg__path_dir(const char *path, char *dir, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(dir, len, ".");
	else if (slash == path)
		snprintf(dir, len, "/");
	else
		snprintf(dir, len, "%.*s", (int)(slash - path), path);
}

const char *
rsg__path_base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

int
rsg__file_open(const char *path, int *fdp, struct rsg_error *err)
{
	struct stat st;
	int fd, fl;

	*fdp = -1;
	/* O_NONBLOCK: opening a FIFO without a writer must not block */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return rsg__err(
		    err, RSG_EIO, path, 0, 0, "%s", strerror(errno));
	if (fstat(fd, &st) != 0) {
		int e = errno;

		close(fd);
		return rsg__err(err, RSG_EIO, path, 0, 0, "%s", strerror(e));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return rsg__err(err, RSG_EIO, path, 0, 0,
		    "%s, not a regular file: refused",
		    rsg__file_kind(st.st_mode));
	}
	if ((fl = fcntl(fd, F_GETFL)) == -1
	    || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1) {
		int e = errno;

		close(fd);
		return rsg__err(err, RSG_EIO, path, 0, 0, "%s", strerror(e));
	}
	*fdp = fd;
	return 0;
}

int
rsg__file_slurp_fd(int fd, const char *path, size_t max, char **bufp,
    size_t *lenp, struct rsg_error *err)
{
	struct stat st;
	char *buf = NULL, *nb;
	size_t cap, len = 0;
	int rc = 0;

	*bufp = NULL;
	*lenp = 0;
	/* st_size is a hint: the file may change or be a pipe */
	cap = fstat(fd, &st) == 0 && st.st_size > 0
		&& (uint64_t)st.st_size < SIZE_MAX - 1
	    ? (size_t)st.st_size + 1
	    : 65536;
	if (max > 0 && cap > max + 1)
		return rsg__err(
		    err, RSG_EIO, path, 0, 0, "%s", strerror(EFBIG));
	buf = rsg__malloc(cap);
	if (buf == NULL)
		return rsg__err(err, RSG_ENOMEM, path, 0, 0, "out of memory");
	for (;;) {
		ssize_t n;

		if (max > 0 && len > max) {
			rc = rsg__err(
			    err, RSG_EIO, path, 0, 0, "%s", strerror(EFBIG));
			goto out;
		}
		if (len + 1 >= cap) {
			if (cap > SIZE_MAX / 2
			    || (nb = rsg__realloc(buf, cap * 2)) == NULL) {
				rc = rsg__err(err, RSG_ENOMEM, path, 0, 0,
				    "out of memory");
				goto out;
			}
			buf = nb;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = rsg__err(
			    err, RSG_EIO, path, 0, 0, "%s", strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	buf = NULL;
out:
	rsg__free(buf);
	return rc;
}

int
rsg__file_slurp(const char *path, size_t max, char **bufp, size_t *lenp,
    struct rsg_error *err)
{
	int fd, rc;

	*bufp = NULL;
	*lenp = 0;
	rc = rsg__file_open(path, &fd, err);
	if (rc != 0)
		return rc;
	rc = rsg__file_slurp_fd(fd, path, max, bufp, lenp, err);
	close(fd);
	return rc;
}

uint64_t
rsg__now_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

int64_t
rsg__wall_time(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}

static int
digits(const char *s, size_t n, int *out)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
rsg__parse_rfc3339(const char *s, size_t len, int64_t *out)
{
	int y, mo, d, h, mi, sec;

	/* YYYY-MM-DDTHH:MM:SS then optional fraction, then Z or +00:00 */
	if (len < 20 || s[4] != '-' || s[7] != '-'
	    || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':'
	    || s[16] != ':')
		return -1;
	if (digits(s, 4, &y) || digits(s + 5, 2, &mo) || digits(s + 8, 2, &d)
	    || digits(s + 11, 2, &h) || digits(s + 14, 2, &mi)
	    || digits(s + 17, 2, &sec))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59
	    || sec > 60)
		return -1;
	size_t i = 19;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (!(i + 1 == len && (s[i] == 'Z' || s[i] == 'z'))
	    && !(i + 6 == len && (s[i] == '+' || s[i] == '-')
		&& memcmp(s + i + 1, "00:00", 5) == 0))
		return -1;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	return 0;
}

int
rsg__parse_asn(const char *s, size_t len, uint32_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (len >= 2 && (s[0] == 'A' || s[0] == 'a')
	    && (s[1] == 'S' || s[1] == 's'))
		i = 2;
	if (i == len)
		return -1;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (v > UINT32_MAX)
			return -1;
	}
	*out = (uint32_t)v;
	return 0;
}
