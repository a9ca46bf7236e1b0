/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Fuzz target: the configuration file (rsguard.yml(5)). Whatever the
 * input, a load returns a code, leaves a consistent configuration and
 * leaks nothing; a loaded one can be copied by re-reading it.
 */
#include "config.h"

#include <string.h>

#include "cfg.h"
#include "fuzz.h"

/* keeps the reads of the messages */
static volatile size_t sink;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rsg_config *cfg = NULL, *copy = NULL;
	size_t n = 0;

	if (rsg_config_new(&cfg) != 0)
		return 0;
	if (rsg_config_load_string(cfg, (const char *)data, size, "fuzz")
	    == 0) {
		if (rsg_config_new(&copy) == 0)
			(void)rsg__config_copy(copy, cfg);
		rsg_config_free(copy);
	}
	/* every message is a complete string */
	for (size_t i = 0; i < rsg_config_error_count(cfg); i++)
		n += strlen(rsg_config_error(cfg, i));
	for (size_t i = 0; i < rsg_config_warning_count(cfg); i++)
		n += strlen(rsg_config_warning(cfg, i));
	sink = n;
	rsg_config_free(cfg);
	return 0;
}
