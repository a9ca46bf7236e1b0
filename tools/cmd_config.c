/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rsguard config check FILE: every error with file:line:column.
 */
#include "config.h"

#include <string.h>

#include "cli.h"

int
cmd_config(int argc, char **argv)
{
	struct rsg_config *cfg;
	size_t nerr, nwarn;
	int rc;

	if (argc != 3 || strcmp(argv[1], "check") != 0) {
		fprintf(stderr, "usage: %s config check FILE\n", progname);
		return EXIT_ERROR;
	}
	if ((rc = rsg_config_new(&cfg)) != 0) {
		cli_error("%s", rsg_strerror(rc));
		return EXIT_ERROR;
	}
	rc = rsg_config_load_file(cfg, argv[2]);
	nerr = rsg_config_error_count(cfg);
	nwarn = rsg_config_warning_count(cfg);
	for (size_t i = 0; i < nerr; i++)
		printf("%s: error: %s\n", progname, rsg_config_error(cfg, i));
	for (size_t i = 0; i < nwarn; i++)
		printf(
		    "%s: warning: %s\n", progname, rsg_config_warning(cfg, i));
	if (rc != 0 && nerr == 0)
		printf(
		    "%s: error: %s: %s\n", progname, argv[2], rsg_strerror(rc));
	if (rc == 0)
		printf("%s: %s: OK (%zu warning%s)\n", progname, argv[2], nwarn,
		    nwarn == 1 ? "" : "s");
	rsg_config_free(cfg);
	return rc == 0 ? 0 : EXIT_ERROR;
}
