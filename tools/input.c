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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

ssize_t
cli_getline(
    FILE *f, const char *name, uint64_t lineno, char **line, size_t *cap)
{
	size_t n = 0;
	ssize_t rc;
	int c = EOF;

	flockfile(f);
	for (;;) {
		if (n + 2 > *cap) {
			size_t ncap = *cap < 256 ? 256 : *cap * 2;
			char *nl = realloc(*line, ncap);

			if (nl == NULL) {
				if (name != NULL)
					cli_error("%s:%" PRIu64
						  ": out of memory",
					    name, lineno);
				rc = -2;
				goto out;
			}
			*line = nl;
			*cap = ncap;
		}
		if ((c = getc_unlocked(f)) == EOF)
			break;
		(*line)[n++] = (char)c;
		if (c == '\n')
			break;
		if (c == '\0') {
			if (name != NULL)
				cli_error("%s:%" PRIu64
					  ":%zu: binary data (a NUL "
					  "byte), not text: refused",
				    name, lineno, n);
			rc = -2;
			goto out;
		}
		if (n > CLI_LINE_MAX) {
			if (name != NULL)
				cli_error("%s:%" PRIu64
					  ": line longer than %d bytes: "
					  "refused",
				    name, lineno, CLI_LINE_MAX);
			rc = -2;
			goto out;
		}
	}
	if (c == EOF && ferror(f)) {
		if (name != NULL)
			cli_error("%s: %s", name, strerror(errno));
		rc = -2;
		goto out;
	}
	(*line)[n] = '\0';
	rc = n == 0 ? -1 : (ssize_t)n;
out:
	funlockfile(f);
	return rc;
}

const char *
cli_quote(const char *s, size_t n, char *buf, size_t cap)
{
	size_t o = 0, i;

	if (cap == 0)
		return buf;
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	for (i = 0; i < n && o + 8 < cap && i < 80; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, cap - o, "\\x%02x", c);
	}
	if (i < n && o + 4 <= cap) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
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
	struct stat st;
	char *line = NULL;
	size_t cap = 0;
	FILE *f;
	size_t n;

	memset(in, 0, sizeof(*in));
	in->name = path;
	if (strcmp(path, "-") == 0) {
		ssize_t r;

		in->f = stdin;
		in->name = "stdin";
		r = cli_getline(stdin, in->name, ++in->lineno, &line, &cap);
		if (r < 0) {
			free(line);
			return r == -1 ? 0 : -1; /* empty input, or an error */
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
	/* a FIFO would block, a directory or a device is no route dump */
	if (stat(path, &st) != 0) {
		cli_error("%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		cli_error("%s: %s, not a regular file: refused (give - to read "
			  "standard input)",
		    path,
		    S_ISDIR(st.st_mode)        ? "a directory"
			: S_ISFIFO(st.st_mode) ? "a FIFO (pipe)"
			: S_ISCHR(st.st_mode)  ? "a character device"
					       : "not a plain file");
		return -1;
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
		/* quietly: a compressed MRT file is no text */
		if (cli_getline(in->f, NULL, ++in->lineno, &line, &cap) >= 0
		    && is_text_line(line)) {
			in->pending = line;
			return 0;
		}
		in->lineno = 0;
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

		in->mrt = true;
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
	return cli_getline(in->f, in->name, ++in->lineno, line, cap);
}

void
input_error(const struct input *in, uint64_t line, const struct rsg_error *err)
{
	const char *msg = strchr(err->message, ' ');

	/* the parser's message starts with its own position: drop it */
	fprintf(stderr, "%s:%" PRIu64 ":%u: %s\n", in->name, line, err->column,
	    msg != NULL ? msg + 1 : err->message);
}
