/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Route input for the CLI: `bgpdump -m` text (a file, possibly gzip or
 * bzip2 compressed, or stdin) or an MRT file, which is piped through
 * Debian's bgpdump.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

extern char **environ;

/* Run argv with its stdout into a pipe we read. */
static int
spawn_reader(const char *const argv_in[], struct input *in)
{
	posix_spawn_file_actions_t fa;
	char *argv[8] = { NULL };
	int fds[2], rc;

	for (int i = 0; argv_in[i] != NULL && i < 7; i++) {
		if ((argv[i] = strdup(argv_in[i])) == NULL)
			goto nomem;
	}
	if (pipe(fds) != 0) {
	nomem:
		for (int i = 0; argv[i] != NULL; i++)
			free(argv[i]);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	rc = posix_spawnp(&in->pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	for (int i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	close(fds[1]);
	if (rc != 0) {
		close(fds[0]);
		errno = rc;
		return -1;
	}
	in->f = fdopen(fds[0], "r");
	return in->f != NULL ? 0 : -1;
}

int
input_close(struct input *in, bool kill_it)
{
	int status = 0;

	free(in->pending);
	in->pending = NULL;
	if (in->f != NULL && in->f != stdin)
		fclose(in->f);
	in->f = NULL;
	if (in->pid > 0) {
		if (kill_it)
			kill(in->pid, SIGTERM);
		while (waitpid(in->pid, &status, 0) < 0 && errno == EINTR)
			;
		in->pid = 0;
		if (!kill_it && (!WIFEXITED(status) || WEXITSTATUS(status)))
			return -1;
	}
	return 0;
}

static bool
is_text_line(const char *s)
{
	return strncmp(s, "TABLE_DUMP", 10) == 0
	    || strncmp(s, "BGP4MP", 6) == 0;
}

/*
 * Open the input and find its format: bgpdump -m text as it is (or
 * decompressed by gzip/bzip2), anything else is MRT for bgpdump.
 */
int
input_open(const char *path, struct input *in)
{
	unsigned char magic[4] = { 0 };
	char *line = NULL;
	size_t cap = 0;
	FILE *f;
	size_t n;

	memset(in, 0, sizeof(*in));
	in->name = path;
	if (strcmp(path, "-") == 0) {
		in->f = stdin;
		in->name = "stdin";
		if (getline(&line, &cap, stdin) < 0) {
			free(line);
			return 0; /* empty input */
		}
		if (!is_text_line(line)) {
			cli_error("stdin: expected 'bgpdump -m' lines; for MRT "
				  "give the file name (or pipe it through "
				  "bgpdump -m)");
			free(line);
			return -1;
		}
		in->pending = line;
		return 0;
	}
	f = fopen(path, "rb");
	if (f == NULL) {
		cli_error("%s: %s", path, strerror(errno));
		return -1;
	}
	n = fread(magic, 1, sizeof(magic), f);
	fclose(f);
	if (n >= 2
	    && ((magic[0] == 0x1f && magic[1] == 0x8b)
		|| (magic[0] == 'B' && magic[1] == 'Z'))) {
		const char *argv[] = { magic[0] == 'B' ? "bzip2" : "gzip",
			"-dc", path, NULL };

		if (spawn_reader(argv, in) != 0) {
			cli_error("%s: cannot run %s: %s", path, argv[0],
			    strerror(errno));
			return -1;
		}
		if (getline(&line, &cap, in->f) >= 0 && is_text_line(line)) {
			in->pending = line;
			return 0;
		}
		free(line);
		line = NULL;
		input_close(in, true);
	} else {
		char head[16] = { 0 };

		memcpy(head, magic, n);
		f = fopen(path, "r");
		if (f != NULL && fgets(head, sizeof(head), f) != NULL
		    && is_text_line(head) && fseek(f, 0, SEEK_SET) == 0) {
			in->f = f;
			return 0;
		}
		if (f != NULL)
			fclose(f);
		if (n == 0)
			return 0; /* empty file */
	}
	/* MRT: let bgpdump decode it (-l: large communities too) */
	{
		const char *argv[] = { "bgpdump", "-q", "-m", "-l", path,
			NULL };

		if (spawn_reader(argv, in) != 0) {
			cli_error("%s looks like MRT, but bgpdump cannot run: "
				  "%s (apt-get install bgpdump)",
			    path, strerror(errno));
			return -1;
		}
	}
	return 0;
}

ssize_t
input_getline(struct input *in, char **line, size_t *cap)
{
	if (in->pending != NULL) {
		/* hand the sniffed line over as the caller's buffer */
		free(*line);
		*line = in->pending;
		*cap = strlen(in->pending) + 1;
		in->pending = NULL;
		return (ssize_t)strlen(*line);
	}
	if (in->f == NULL)
		return -1;
	return getline(line, cap, in->f);
}

void
input_error(const struct input *in, uint64_t line, const struct rsg_error *err)
{
	const char *msg = strchr(err->message, ' ');

	/* the parser's message starts with its own position: drop it */
	fprintf(stderr, "%s:%" PRIu64 ":%u: %s\n", in->name, line, err->column,
	    msg != NULL ? msg + 1 : err->message);
}
