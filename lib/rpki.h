/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * RPKI data as read from files, before it becomes a snapshot table:
 * VRPs (rpki-client JSON, CSV), ASPAs (rpki-client "aspas" and the older
 * "provider_authorizations" form) and SLURM (RFC 8416) local exceptions.
 */
#ifndef RSG_RPKI_H
#define RSG_RPKI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rsguard.h"

struct vrp_vec {
	struct rsg_vrp *v;
	size_t n, cap;
};

/* One customer's providers: providers[off .. off+n) in struct aspa_set. */
struct aspa_rec {
	uint32_t customer;
	uint32_t off;
	uint32_t n;
};

/* ASPA records as read; a customer may appear several times (union). */
struct aspa_set {
	struct {
		struct aspa_rec *v;
		size_t n, cap;
	} rec;
	struct {
		uint32_t *v;
		size_t n, cap;
	} prov;
};

/* How to read time-dependent data. */
struct rpki_opts {
	int64_t now;            /* reference time, unix seconds */
	int64_t max_age;        /* refuse files built longer ago; 0: no limit */
	bool check_expires;     /* drop VRPs/ASPAs whose "expires" has passed */
	const char *const *tas; /* allowed trust anchors ("ta"); NULL: all */
	size_t ntas;
};

/* What a file held. */
struct rpki_meta {
	int64_t buildtime;    /* metadata.buildtime / generated; 0 unknown */
	size_t vrps;          /* VRPs added */
	size_t vrps_skipped;  /* expired or from a trust anchor not allowed */
	size_t aspas;         /* ASPA records added */
	size_t aspas_skipped; /* expired */
};

enum rpki_format {
	RPKI_FMT_AUTO = 0,
	RPKI_FMT_JSON, /* rpki-client / stayrtr / Routinator jsonext */
	RPKI_FMT_CSV,  /* ASN,IP Prefix,Max Length[,Trust Anchor] */
};

/*
 * Read VRPs and ASPAs from a file (or buffer). Appends to vrps/aspas
 * (either may be NULL to ignore that kind). On error nothing is appended
 * and err names the file, line and column and what was expected.
 * RSG_ESTALE if the file is older than o->max_age.
 */
int rsg__rpki_load_file(const char *path, enum rpki_format fmt,
    const struct rpki_opts *o, struct vrp_vec *vrps, struct aspa_set *aspas,
    struct rpki_meta *meta, struct rsg_error *err);
int rsg__rpki_load_buf(const char *name, const char *buf, size_t len,
    enum rpki_format fmt, const struct rpki_opts *o, struct vrp_vec *vrps,
    struct aspa_set *aspas, struct rpki_meta *meta, struct rsg_error *err);

void rsg__vrp_vec_free(struct vrp_vec *v);
void rsg__aspa_set_free(struct aspa_set *s);
/* Free an allocated one with its contents; NULL-safe. */
void rsg__aspa_set_del(struct aspa_set *p);
/* Append one customer with its providers. */
int rsg__aspa_set_add(
    struct aspa_set *s, uint32_t customer, const uint32_t *providers, size_t n);

/* SLURM, RFC 8416 (plus stayrtr's ASPA extension). */
struct slurm_prefix_filter {
	struct rsg_prefix prefix; /* len 0 and afi 0: any prefix */
	bool has_prefix;
	bool has_asn;
	uint32_t asn;
};

struct slurm {
	struct {
		struct slurm_prefix_filter *v;
		size_t n, cap;
	} filters;
	struct vrp_vec assertions;
	struct {
		uint32_t *v; /* customer ASNs whose ASPAs are removed */
		size_t n, cap;
	} aspa_filters;
	struct aspa_set aspa_assertions;
};

int rsg__slurm_load_file(
    const char *path, struct slurm *s, struct rsg_error *err);
int rsg__slurm_load_buf(const char *name, const char *buf, size_t len,
    struct slurm *s, struct rsg_error *err);
void rsg__slurm_free(struct slurm *s);
/* Free an allocated one with its contents; NULL-safe. */
void rsg__slurm_del(struct slurm *p);

/*
 * Apply SLURM: drop VRPs matched by a filter (RFC 8416 §3.3.1: prefix
 * filter covers the VRP prefix, and/or equal ASN), then add assertions;
 * likewise for ASPAs. Returns 0 or RSG_ENOMEM.
 */
int rsg__slurm_apply(
    const struct slurm *s, struct vrp_vec *vrps, struct aspa_set *aspas);

/* RFC 8416 §3.3.1: does a prefix filter of s drop v? */
bool rsg__slurm_filtered(const struct slurm *s, const struct rsg_vrp *v);

#endif /* RSG_RPKI_H */
