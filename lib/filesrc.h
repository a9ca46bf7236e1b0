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

#include "worker.h"

/* Read s (on the parse lane) if it changed on disk, or always (force). */
void rsg__filesrc_load(struct worker *w, struct wsource *s, bool force);
void rsg__filesrc_watch(struct worker *w, struct wsource *s);
void rsg__filesrc_unwatch(struct wsource *s);

#endif /* RSG_FILESRC_H */
