/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Small helpers shared by all modules: error messages with positions,
 * clocks.
 */
#ifndef RSG_UTIL_H
#define RSG_UTIL_H

#include <stdint.h>
#include <sys/types.h>

#include "rsguard.h"

#define ARRAY_SIZE(a)    (sizeof(a) / sizeof((a)[0]))
#define RSG_UNUSED       __attribute__((unused))
#define RSG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define likely(x)        __builtin_expect(!!(x), 1)
#define unlikely(x)      __builtin_expect(!!(x), 0)

/* GRACEFUL_SHUTDOWN, 65535:0 (RFC 8326) */
#define COMM_GSHUT 0xffff0000u

/* Compare two uint32_t for qsort() and bsearch(). */
static inline int
u32_qcmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Record an error: err->message becomes "src:line:col: text" (line and
 * col are left out when 0). Returns code so callers can write
 * `return rsg__err(...)`. err may be NULL.
 */
int rsg__err(struct rsg_error *err, int code, const char *src, unsigned line,
    unsigned col, const char *fmt, ...) RSG_PRINTF(6, 7);

/* Clear an error record. */
void rsg__err_clear(struct rsg_error *err);

/* The text of a message recorded with src and no position ("src: text"). */
const char *rsg__err_text(const struct rsg_error *err, const char *src);

/*
 * Files. rsg__file_open: open a regular file for reading; directories,
 * FIFOs, devices and sockets are refused (without blocking on a FIFO's
 * open, and before reading /dev/zero forever); *fd is the caller's to
 * close. rsg__file_slurp(_fd): the whole file in memory, NUL-terminated
 * (free with rsg__free()); max > 0 refuses larger files. All return 0, RSG_EIO or RSG_ENOMEM, with "path: reason" in err.
 */
int rsg__file_open(const char *path, int *fd, struct rsg_error *err);
/* "a directory", "a FIFO (pipe)", ... for a file that is not regular */
const char *rsg__file_kind(mode_t mode);
int rsg__file_slurp_fd(int fd, const char *path, size_t max, char **buf,
    size_t *len, struct rsg_error *err);
int rsg__file_slurp(const char *path, size_t max, char **buf, size_t *len,
    struct rsg_error *err);

/* The directory of path in dir ("." without a slash, "/" for a file in
 * the root), and the name after its last slash. */
void rsg__path_dir(const char *path, char *dir, size_t len);
const char *rsg__path_base(const char *path);

/* Monotonic clock in microseconds, and in whole seconds. */
uint64_t rsg__now_usec(void);
static inline int64_t
rsg__now_sec(void)
{
	return (int64_t)(rsg__now_usec() / 1000000);
}

/* Wall clock, unix seconds. */
int64_t rsg__wall_time(void);

/*
 * Parse an RFC 3339 UTC time ("2025-07-20T10:01:43Z") into unix seconds.
 * Returns 0 or -1.
 */
int rsg__parse_rfc3339(const char *s, size_t len, int64_t *out);

/* Parse a decimal ASN, optionally prefixed with "AS"/"as". */
int rsg__parse_asn(const char *s, size_t len, uint32_t *out);

#endif /* RSG_UTIL_H */
