/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Plain prefix-list files: one prefix per line, '#' comments, blank lines
 * ignored (the Team Cymru fullbogons format). Used for bogon lists that
 * replace the built-in ones.
 */
#ifndef RSG_PFXFILE_H
#define RSG_PFXFILE_H

#include "plist.h"

/*
 * Append every prefix as an "or-longer" entry (the prefix and all its
 * more-specifics). afi: only accept that family (RSG_AFI_NONE: both).
 * Errors name file:line:column.
 */
int rsg__pfxfile_load(
    const char *path, unsigned afi, struct pfx_vec *out, struct rsg_error *err);
int rsg__pfxfile_load_buf(const char *name, const char *buf, size_t len,
    unsigned afi, struct pfx_vec *out, struct rsg_error *err);

#endif /* RSG_PFXFILE_H */
