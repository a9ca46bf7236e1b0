/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rsguard lg: the participant page's files, built in (embed.sh writes
 * lg_assets.c from lg-page/).
 */
#ifndef RSG_LG_ASSETS_H
#define RSG_LG_ASSETS_H

#include <stddef.h>

struct lg_asset {
	const char *path; /* "/", "/lg.js", ... */
	const char *type; /* Content-Type */
	const unsigned char *data;
	size_t len;
};

/* Ends with a NULL path. */
extern const struct lg_asset lg_assets[];

#endif /* RSG_LG_ASSETS_H */
