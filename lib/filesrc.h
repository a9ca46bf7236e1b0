/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * File sources of the worker (filesrc.c): reading them off the loop and
 * watching them on disk.
 */
#ifndef RSG_FILESRC_H
#define RSG_FILESRC_H

#include <stdbool.h>

#include "tables.h"
#include "worker.h"

/* Read and parse a data file of a kind (VRPS, ASPA, SLURM, PEERINGDB,
 * BOGONS_V4/6): on the parse lane, or at once (rsg_ctx_load()). A policy
 * input with no records is refused (RSG_EEMPTY). 0 with *p to take or
 * free (rsg__parsed_free()), or an error in err with nothing in *p. */
int rsg__parse_file(enum rsg_source kind, const char *path,
    enum rpki_format fmt, const struct rpki_opts *opts, struct parsed *p,
    struct rsg_error *err);

/* Read s (on the parse lane) if it changed on disk, or always (force). */
void rsg__filesrc_load(struct worker *w, struct wsource *s, bool force);
void rsg__filesrc_watch(struct worker *w, struct wsource *s);
void rsg__filesrc_unwatch(struct wsource *s);

#endif /* RSG_FILESRC_H */
