/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Corpus replay driver: runs the fuzz target over every file of
 * corpora/<target>/ (seeds and former crashers), so make check exercises
 * each parser with every input the fuzzers ever found interesting.
 * Arguments, if given, are files to replay instead.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static int
replay(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0
	    || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return -1;
	}
	/* exact-size buffer so ASan sees reads past the end */
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

int
main(int argc, char **argv)
{
	char dir[1024];
	struct dirent *de;
	DIR *d;
	int count = 0;

	if (argc > 1) {
		for (int i = 1; i < argc; i++) {
			if (replay(argv[i]) != 0)
				return 1;
		}
		return 0;
	}
	snprintf(dir, sizeof(dir), "%s/%s", FUZZ_CORPORA, FUZZ_NAME);
	d = opendir(dir);
	if (d == NULL) {
		perror(dir);
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		char path[2048];

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (replay(path) != 0) {
			closedir(d);
			return 1;
		}
		count++;
	}
	closedir(d);
	printf("%s: replayed %d inputs\n", FUZZ_NAME, count);
	return count > 0 ? 0 : 1;
}
