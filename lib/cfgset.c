/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Configuration setters that complement the YAML file: data sources added
 * on the command line (rsguard --vrps) or by a host. They are recorded so
 * that a reload or a context's private copy applies them again.
 */
#include "config.h"

#include <string.h>

#include "alloc.h"
#include "cfg.h"

static int
set_path(char **dst, const char *path)
{
	char *p = rsg__strdup(path);

	if (p == NULL)
		return RSG_ENOMEM;
	rsg__free(*dst);
	*dst = p;
	return 0;
}

static int
apply(struct rsg_config *cfg, const struct cfg_override *o)
{
	char *p;

	switch (o->kind) {
	case RSG_SOURCE_VRPS:
		if (o->replace) {
			for (size_t i = 0; i < cfg->vrp_files.n; i++)
				rsg__free(cfg->vrp_files.v[i].path);
			cfg->vrp_files.n = 0;
		}
		if ((p = rsg__strdup(o->path)) == NULL)
			return RSG_ENOMEM;
		if (VEC_PUSH(&cfg->vrp_files,
			((struct cfg_source){ p, RPKI_FMT_AUTO }))
		    != 0) {
			rsg__free(p);
			return RSG_ENOMEM;
		}
		return 0;
	case RSG_SOURCE_ASPA:
	case RSG_SOURCE_SLURM:
	case RSG_SOURCE_IRR:
	case RSG_SOURCE_BGPQ4: {
		struct str_vec *v = o->kind == RSG_SOURCE_ASPA
		    ? &cfg->aspa_files
		    : o->kind == RSG_SOURCE_SLURM ? &cfg->slurm_files
		    : o->kind == RSG_SOURCE_IRR   ? &cfg->irr_files
						  : &cfg->bgpq4_files;

		if (o->replace) {
			for (size_t i = 0; i < v->n; i++)
				rsg__free(v->v[i]);
			v->n = 0;
		}
		if ((p = rsg__strdup(o->path)) == NULL)
			return RSG_ENOMEM;
		if (VEC_PUSH(v, p) != 0) {
			rsg__free(p);
			return RSG_ENOMEM;
		}
		return 0;
	}
	case RSG_SOURCE_PEERINGDB:
		return set_path(&cfg->peeringdb_file, o->path);
	case RSG_SOURCE_ARIN_WHOIS:
		return set_path(&cfg->arin_whois_file, o->path);
	case RSG_SOURCE_BOGONS_V4:
		return set_path(&cfg->bogons_v4_file, o->path);
	case RSG_SOURCE_BOGONS_V6:
		return set_path(&cfg->bogons_v6_file, o->path);
	case RSG_SOURCE_RTR:
	case RSG_SOURCE_CONFIG:
		break; /* not files: refused by rsg_config_add_source() */
	}
	return RSG_EINVAL;
}

int
rsg__config_apply_overrides(struct rsg_config *cfg)
{
	for (size_t i = 0; i < cfg->overrides.n; i++) {
		int rc = apply(cfg, &cfg->overrides.v[i]);

		if (rc != 0)
			return rc;
	}
	return 0;
}

int
rsg__config_copy_overrides(struct rsg_config *dst, const struct rsg_config *src)
{
	for (size_t i = 0; i < src->overrides.n; i++) {
		struct cfg_override o = src->overrides.v[i];

		if ((o.path = rsg__strdup(o.path)) == NULL)
			return RSG_ENOMEM;
		if (VEC_PUSH(&dst->overrides, o) != 0) {
			rsg__free(o.path);
			return RSG_ENOMEM;
		}
	}
	return rsg__config_apply_overrides(dst);
}

void
rsg__config_free_overrides(struct rsg_config *cfg)
{
	for (size_t i = 0; i < cfg->overrides.n; i++)
		rsg__free(cfg->overrides.v[i].path);
	VEC_FREE(&cfg->overrides);
}

RSG_EXPORT int
rsg_config_add_source(struct rsg_config *cfg, enum rsg_source kind,
    const char *path, bool replace)
{
	struct cfg_override o = { kind, NULL, replace };
	int rc;

	if (cfg == NULL || path == NULL || kind < RSG_SOURCE_VRPS
	    || (kind > RSG_SOURCE_BOGONS_V6 && kind != RSG_SOURCE_IRR
		&& kind != RSG_SOURCE_ARIN_WHOIS && kind != RSG_SOURCE_BGPQ4))
		return RSG_EINVAL;
	if ((o.path = rsg__strdup(path)) == NULL)
		return RSG_ENOMEM;
	if (VEC_PUSH(&cfg->overrides, o) != 0) {
		rsg__free(o.path);
		return RSG_ENOMEM;
	}
	rc = apply(cfg, &o);
	if (rc != 0) {
		/* not recorded if it could not be applied */
		cfg->overrides.n--;
		rsg__free(o.path);
	}
	return rc;
}
