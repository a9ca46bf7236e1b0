/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * arouteserver's "!include FILE" in rsguard.yml(5): a line that starts
 * with it (after blanks) is replaced by the file's text, as arouteserver's
 * loader does (its config/base.py), so that general.yml, clients.yml and
 * bogons.yml load where arouteserver reads them.
 *
 * Invariants:
 *  - The text is inserted as it is (not indented); FILE is relative to
 *    the directory of the file that was loaded, as in arouteserver, and
 *    includes nest at most INCLUDE_DEPTH deep (a file that includes
 *    itself is an error, not a loop).
 *  - cfg->segs records where every line of the expanded text came from,
 *    so that every message names the included file and its own line
 *    (rsg__config_where()).
 *  - A text without an !include line is left as it is (no segments).
 *  - On an error nothing of the expansion is kept: the messages say why.
 */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "cfg.h"
#include "util.h"

/* dir "/" name[0..n): a new string; NULL without memory. */
static char *
join(const char *dir, size_t dlen, const char *name, size_t n)
{
	char *s = rsg__malloc(dlen + 1 + n + 1);

	if (s == NULL)
		return NULL;
	memcpy(s, dir, dlen);
	s[dlen] = '/';
	memcpy(s + dlen + 1, name, n);
	s[dlen + 1 + n] = '\0';
	return s;
}

void
rsg__config_segs_free(struct rsg_config *cfg)
{
	for (size_t i = 0; i < cfg->segs.n; i++)
		rsg__free(cfg->segs.v[i].name);
	VEC_FREE(&cfg->segs);
}

#define INCLUDE_DEPTH 8

struct expand {
	struct rsg_config *cfg;
	char *buf;
	size_t len, cap;
	unsigned line; /* lines written so far */
	bool failed;   /* an error was recorded */
	bool nomem;
};

static bool
expand_put(struct expand *x, const char *s, size_t n)
{
	if (x->len + n + 1 > RSG_CONFIG_FILE_MAX) {
		x->failed = true;
		return false;
	}
	if (x->len + n + 1 > x->cap) {
		size_t cap = x->cap != 0 ? x->cap : 4096;
		char *nb;

		while (cap < x->len + n + 1)
			cap *= 2;
		if ((nb = rsg__realloc(x->buf, cap)) == NULL) {
			x->nomem = true;
			return false;
		}
		x->buf = nb;
		x->cap = cap;
	}
	memcpy(x->buf + x->len, s, n);
	x->len += n;
	x->buf[x->len] = '\0';
	return true;
}

static bool
expand_seg(struct expand *x, const char *name, unsigned line)
{
	struct cfg_segment sg = { x->line + 1, line, rsg__strdup(name) };

	if (sg.name == NULL || VEC_PUSH(&x->cfg->segs, sg) != 0) {
		rsg__free(sg.name);
		x->nomem = true;
		return false;
	}
	return true;
}

/* The "!include" argument of a line, or NULL; *n its length. */
static const char *
include_arg(const char *s, size_t len, size_t *n)
{
	size_t i = 0, j;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (len - i < 8 || memcmp(s + i, "!include", 8) != 0)
		return NULL;
	i += 8;
	if (i < len && s[i] != ' ' && s[i] != '\t')
		return NULL;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	j = i;
	while (j < len && s[j] != ' ' && s[j] != '\t' && s[j] != '\r')
		j++;
	*n = j - i;
	return s + i;
}

static void include_error(struct expand *x, const char *from, unsigned line,
    unsigned col, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
include_error(struct expand *x, const char *from, unsigned line, unsigned col,
    const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (rsg__config_diag_at(
		x->cfg, RSG_LOG_ERROR, from, line, col, "%s", msg)
	    != 0)
		x->nomem = true;
}

static void include_file(struct expand *x, const char *from, unsigned line,
    unsigned col, const char *arg, size_t an, unsigned depth);

static void
expand_text(struct expand *x, const char *name, const char *text, size_t len,
    unsigned depth)
{
	unsigned line = 0;

	if (!expand_seg(x, name, 1))
		return;
	for (size_t off = 0; off < len && !x->nomem;) {
		const char *s = text + off, *nl = memchr(s, '\n', len - off);
		size_t n = nl != NULL ? (size_t)(nl - s) : len - off, an;
		const char *arg = include_arg(s, n, &an);

		off += n + (nl != NULL);
		line++;
		if (arg == NULL) {
			if (expand_put(x, s, n) && expand_put(x, "\n", 1))
				x->line++;
			continue;
		}
		include_file(
		    x, name, line, (unsigned)(arg - s) + 1, arg, an, depth);
		if (!expand_seg(x, name, line + 1))
			return;
	}
}

static void
include_file(struct expand *x, const char *from, unsigned line, unsigned col,
    const char *arg, size_t an, unsigned depth)
{
	const char *slash;
	char *shown = NULL, *path = NULL, *text = NULL;
	size_t len = 0;
	struct rsg_error err;
	bool was_failed = x->failed;
	int rc;

	x->failed = true; /* unless the file is read */
	if (an == 0) {
		include_error(
		    x, from, line, col, "!include: a file name is required");
		return;
	}
	if (depth >= INCLUDE_DEPTH) {
		include_error(x, from, line, col,
		    "!include %.*s: more than %d levels of !include (does a "
		    "file include itself?)",
		    (int)(an > 64 ? 64 : an), arg, INCLUDE_DEPTH);
		return;
	}
	/* relative to the loaded file's directory, as arouteserver does */
	slash = strrchr(x->cfg->src_name, '/');
	if (arg[0] == '/' || slash == NULL)
		shown = rsg__strndup(arg, an);
	else
		shown = join(x->cfg->src_name,
		    (size_t)(slash - x->cfg->src_name), arg, an);
	if (arg[0] == '/' || x->cfg->base_dir == NULL)
		path = rsg__strndup(arg, an);
	else
		path =
		    join(x->cfg->base_dir, strlen(x->cfg->base_dir), arg, an);
	if (shown == NULL || path == NULL) {
		x->nomem = true;
		goto out;
	}
	rc = rsg__file_slurp(path, RSG_CONFIG_FILE_MAX, &text, &len, &err);
	if (rc == RSG_ENOMEM) {
		x->nomem = true;
	} else if (rc != 0) {
		include_error(x, from, line, col, "!include: cannot read: %s",
		    rsg__err_text(&err, shown));
	} else {
		x->failed = was_failed;
		expand_text(x, shown, text, len, depth + 1);
	}
out:
	rsg__free(text);
	rsg__free(path);
	rsg__free(shown);
}

/* Replace cfg->src_text by its expansion if it has an !include line. */
int
rsg__config_expand_includes(struct rsg_config *cfg)
{
	struct expand x = { cfg, NULL, 0, 0, 0, false, false };
	bool any = false;

	for (size_t off = 0; off < cfg->src_len && !any;) {
		const char *s = cfg->src_text + off,
			   *nl = memchr(s, '\n', cfg->src_len - off);
		size_t n = nl != NULL ? (size_t)(nl - s) : cfg->src_len - off,
		       an;

		any = include_arg(s, n, &an) != NULL;
		off += n + 1;
	}
	if (!any)
		return 0;
	expand_text(&x, cfg->src_name, cfg->src_text, cfg->src_len, 0);
	if (x.nomem || x.failed) {
		rsg__free(x.buf);
		rsg__config_segs_free(cfg);
		if (x.nomem)
			return RSG_ENOMEM;
		if (cfg->errors.n == 0)
			rsg__config_diag_at(cfg, RSG_LOG_ERROR, NULL, 0, 0,
			    "the configuration with its !include files is "
			    "larger than %zu bytes",
			    RSG_CONFIG_FILE_MAX);
		return RSG_ECONFIG;
	}
	rsg__free(cfg->src_text);
	cfg->src_text = x.buf != NULL ? x.buf : rsg__strdup("");
	cfg->src_len = x.len;
	return cfg->src_text != NULL ? 0 : RSG_ENOMEM;
}
