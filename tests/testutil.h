/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers shared by the unit tests. */
#ifndef RSG_TESTUTIL_H
#define RSG_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rsguard.h"

/* Path of a file under tests/data in the source tree (static buffer). */
const char *tu_data(const char *rel);
/* Path under the build tree's tests/ directory (static buffer). */
const char *tu_build(const char *rel);
/* A fresh scratch directory under the build tree's tests/ (name: a
 * prefix for mkdtemp); tu_tmp() names a file in it (one of four rotating
 * static buffers); tu_put() replaces a file there atomically, as
 * rpki-client and fetchers do; tu_tmpdir_remove() deletes it all. */
const char *tu_tmpdir(const char *prefix);
const char *tu_tmp(const char *name);
void tu_put(const char *name, const char *text);
void tu_tmpdir_remove(void);
/* A route for prefix from client asn at peer (also the next hop), with
 * the AS_PATH [asn] written into path. */
void tu_route(struct rsg_route *r, uint8_t path[6], const char *peer,
    uint32_t asn, const char *prefix);
/* rsg_changes_affects() for a route to prefix with an empty AS_PATH
 * from an address that is no client. */
bool tu_affects_prefix(
    const struct rsg_changes *ch, const struct rsg_prefix *prefix);
/* Read a whole file; NULL on error. Free with free(). */
char *tu_slurp(const char *path, size_t *len);
/* Check's CK_TIMEOUT_MULTIPLIER (1 unless set; tests/run.sh raises it for
 * sanitizer builds): scales a test's own waits like its timeout. */
int tu_slow(void);
/* Check that every thread of this process whose name starts with prefix
 * blocks the signals a host handles (HUP, INT, TERM, USR1, CHLD, PIPE);
 * returns how many were checked. */
unsigned tu_threads_block_signals(const char *prefix);
/* An rpki-client JSON file built at buildtime holding the roas (JSON
 * objects, comma separated); a static buffer. */
const char *tu_vrp_json(int64_t buildtime, const char *roas);
/* Monotonic microseconds. */
uint64_t tu_usec(void);
/* Parse a prefix/IP, failing the test on error. */
struct rsg_prefix tu_pfx(const char *s);
struct rsg_ip tu_ip(const char *s);

#endif
