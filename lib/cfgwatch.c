/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The worker's own configuration on disk. A configuration read from a
 * file (rsg_config_load_file() sets src_name and base_dir) is read again
 * when that file or one it !include-s changes, so that an edit takes
 * effect without the host doing anything (a route server whose client
 * changed its policy).
 *
 * - Each file's directory is watched, as file sources are (an atomic
 *   rename replaces the inode); events are filtered by the file's name
 *   and debounced by FSDELAY_MS. Every sources.refresh seconds the files
 *   are also stat()ed, so that a directory that cannot be watched, a
 *   file behind a symbolic link or a file system without events still
 *   gets there.
 * - What is read is worker.c's: the files as a reload reads them,
 *   applied only if they say something else than what is in service; a
 *   configuration with errors is not applied.
 * - The watches follow the configuration in force: set up with the
 *   worker, built again after each applied configuration (it may include
 *   other files), the new ones started before the old ones close, so
 *   that an event on a directory watched by both is not lost.
 * - The worker looks once when it starts: the files may have changed
 *   since the host read them, or while an earlier worker applied them
 *   (the context's own copy is the host's).
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "ctx.h"
#include "util.h"
#include "worker.h"

struct cfgfile {
	uv_fs_event_t ev; /* data: this, freed by the close callback */
	bool handle;      /* ev initialised: it must be closed */
	struct worker *w;
	struct cfgfile *next;
	uint64_t ino; /* at the last stat() */
	int64_t size, mtime_ns;
	const char *base; /* in path */
	char path[];
};

/* Whether the file differs from the last look (one that cannot be
 * stat()ed has a state of its own: gone, then back, is a change). */
static bool
cfgfile_stat(struct cfgfile *f)
{
	struct stat st;
	uint64_t ino = 0;
	int64_t size = -1, mtime = 0;
	bool changed;

	if (stat(f->path, &st) == 0) {
		ino = st.st_ino;
		size = st.st_size;
		mtime = (int64_t)st.st_mtim.tv_sec * 1000000000
		    + st.st_mtim.tv_nsec;
	}
	changed = ino != f->ino || size != f->size || mtime != f->mtime_ns;
	f->ino = ino;
	f->size = size;
	f->mtime_ns = mtime;
	return changed;
}

/* Read the configuration again, if a file changed. */
static void
cfg_check(struct worker *w)
{
	if (!w->cfg_want || w->stopping)
		return;
	w->cfg_want = false;
	/* one given as text meanwhile has no file to read */
	if (w->cfgfiles == NULL)
		return;
	/* before the read: a change after it is a change at the next look */
	for (struct cfgfile *f = w->cfgfiles; f != NULL; f = f->next)
		cfgfile_stat(f);
	rsg__worker_config_changed(w);
}

static void
on_cfgdelay(uv_timer_t *t)
{
	cfg_check(t->data);
}

static void
cfg_changed(struct worker *w)
{
	int rc;

	w->cfg_want = true;
	/* writers rename or write in several steps: let them finish */
	rc = uv_timer_start(&w->cfgdelay, on_cfgdelay, FSDELAY_MS, 0);
	if (rc != 0) {
		/* the tick reads it */
		rsg__ctx_log(w->ctx, RSG_LOG_ERROR,
		    "worker: uv_timer_start: %s", uv_strerror(rc));
	}
}

static void
on_cfg_event(uv_fs_event_t *ev, const char *name, int events, int status)
{
	struct cfgfile *f = ev->data;

	(void)events;
	if (status < 0 || (name != NULL && strcmp(name, f->base) != 0))
		return;
	cfg_changed(f->w);
}

/* Handles outlive the list until libuv's close callback. */
static void
free_cfgfile(uv_handle_t *h)
{
	rsg__free(h->data);
}

static void
cfgfiles_free(struct cfgfile *f)
{
	while (f != NULL) {
		struct cfgfile *next = f->next;

		if (f->handle)
			uv_close((uv_handle_t *)&f->ev, free_cfgfile);
		else
			rsg__free(f);
		f = next;
	}
}

static void
not_watched(struct worker *w, const char *path, const char *call, int rc)
{
	if (w->cfg->file_refresh > 0)
		rsg__ctx_log(w->ctx, RSG_LOG_WARNING,
		    "%s: not watched (%s: %s): looked at every %u s", path,
		    call, uv_strerror(rc), w->cfg->file_refresh);
	else
		rsg__ctx_log(w->ctx, RSG_LOG_WARNING,
		    "%s: not watched (%s: %s): a change needs a reload", path,
		    call, uv_strerror(rc));
}

/* Watch path's directory for it (once, however often it is included). */
static void
cfgfile_add(struct worker *w, const char *path)
{
	size_t len = strlen(path);
	struct cfgfile *f;
	char dir[4096];
	int rc;

	for (f = w->cfgfiles; f != NULL; f = f->next) {
		if (strcmp(f->path, path) == 0)
			return;
	}
	if ((f = rsg__calloc(1, sizeof(*f) + len + 1)) == NULL) {
		rsg__ctx_log(w->ctx, RSG_LOG_ERROR, "%s: not watched: %s", path,
		    rsg_strerror(RSG_ENOMEM));
		return;
	}
	memcpy(f->path, path, len + 1);
	f->base = rsg__path_base(f->path);
	f->w = w;
	cfgfile_stat(f);
	f->next = w->cfgfiles;
	w->cfgfiles = f;
	if ((rc = uv_fs_event_init(&w->loop, &f->ev)) != 0) {
		not_watched(w, path, "uv_fs_event_init", rc);
		return;
	}
	f->handle = true;
	f->ev.data = f;
	rsg__path_dir(path, dir, sizeof(dir));
	if ((rc = uv_fs_event_start(&f->ev, on_cfg_event, dir, 0)) != 0)
		not_watched(w, path, "uv_fs_event_start", rc);
}

void
rsg__cfgwatch_setup(struct worker *w)
{
	const struct rsg_config *c = w->cfg;
	struct cfgfile *old = w->cfgfiles;

	w->cfgfiles = NULL;
	/* a configuration given as text has no file to watch */
	if (c->src_name != NULL && c->base_dir != NULL && !w->stopping) {
		cfgfile_add(w, c->src_name);
		/* the segments name every file the text came from */
		for (size_t i = 0; i < c->segs.n; i++)
			cfgfile_add(w, c->segs.v[i].name);
	}
	cfgfiles_free(old);
	w->cfg_polled = rsg__wall_time();
}

void
rsg__cfgwatch_start(struct worker *w)
{
	rsg__cfgwatch_setup(w);
	if (w->cfgfiles != NULL)
		cfg_changed(w);
}

void
rsg__cfgwatch_stop(struct worker *w)
{
	cfgfiles_free(w->cfgfiles);
	w->cfgfiles = NULL;
	w->cfg_want = false;
}

void
rsg__cfgwatch_tick(struct worker *w, int64_t now)
{
	unsigned every = w->cfg->file_refresh;
	bool changed = false;

	/* a change whose debounce timer could not be armed */
	if (w->cfg_want && !uv_is_active((uv_handle_t *)&w->cfgdelay)) {
		cfg_check(w);
		return;
	}
	if (w->cfgfiles == NULL || every == 0
	    || now - w->cfg_polled < (int64_t)every)
		return;
	w->cfg_polled = now;
	for (struct cfgfile *f = w->cfgfiles; f != NULL; f = f->next)
		changed |= cfgfile_stat(f);
	if (changed)
		cfg_changed(w);
}
