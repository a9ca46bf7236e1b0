/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rsguard config check [--explain] FILE: every error with
 * file:line:column; --explain adds each client's effective policy and
 * where each value came from.
 * rsguard config keys [--man]: every key of the configuration, from the
 * table the loader reads it with (rsguard.yml(5) KEYS is this output).
 */
#include "config.h"

#include <string.h>

#include "cli.h"

static int
usage(void)
{
	fprintf(stderr,
	    "usage: %s config check [--explain] FILE\n"
	    "       %s config keys [--man]\n",
	    progname, progname);
	return EXIT_ERROR;
}

static int
config_keys(int argc, char **argv)
{
	char *text;
	int rc;

	if (argc > 3 || (argc == 3 && strcmp(argv[2], "--man") != 0))
		return usage();
	rc = rsg_config_keys(argc == 3 ? RSG_KEYS_MAN : RSG_KEYS_TEXT, &text);
	if (rc != 0) {
		cli_error("%s", rsg_strerror(rc));
		return EXIT_ERROR;
	}
	fputs(text, stdout);
	rsg_free(text);
	return 0;
}

int
cmd_config(int argc, char **argv)
{
	struct rsg_config *cfg;
	const char *path;
	bool explain = false;
	size_t nerr, nwarn;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "keys") == 0)
		return config_keys(argc, argv);
	if (argc == 4 && strcmp(argv[1], "check") == 0
	    && strcmp(argv[2], "--explain") == 0)
		explain = true;
	else if (argc != 3 || strcmp(argv[1], "check") != 0)
		return usage();
	path = argv[argc - 1];
	if ((rc = rsg_config_new(&cfg)) != 0) {
		cli_error("%s", rsg_strerror(rc));
		return EXIT_ERROR;
	}
	rc = rsg_config_load_file(cfg, path);
	nerr = rsg_config_error_count(cfg);
	nwarn = rsg_config_warning_count(cfg);
	for (size_t i = 0; i < nerr; i++)
		printf("%s: error: %s\n", progname, rsg_config_error(cfg, i));
	for (size_t i = 0; i < nwarn; i++)
		printf(
		    "%s: warning: %s\n", progname, rsg_config_warning(cfg, i));
	if (rc != 0 && nerr == 0)
		printf("%s: error: %s: %s\n", progname, path, rsg_strerror(rc));
	if (rc == 0)
		printf("%s: %s: OK (%zu warning%s)\n", progname, path, nwarn,
		    nwarn == 1 ? "" : "s");
	if (rc == 0 && explain) {
		char *text;

		if ((rc = rsg_config_explain(cfg, &text)) != 0) {
			cli_error("%s", rsg_strerror(rc));
		} else {
			printf("\n%s", text);
			rsg_free(text);
		}
	}
	rsg_config_free(cfg);
	return rc == 0 ? 0 : EXIT_ERROR;
}
