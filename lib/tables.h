/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The data behind the snapshots, owned by one writer (rsg_ctx_load(), or
 * the worker's build thread): every source's VRPs (their union), ASPAs
 * and SLURM, the PeeringDB and bogon lists, the configuration, and the
 * parts last built from them.
 *
 * Sources occupy numbered slots. Every change is one call that takes
 * ownership of what it is given, and marks what it touches: a VRP change
 * becomes the effective set's delta at once (vrpset.h), everything else a
 * dirty part. rsg__tables_publish() builds what is dirty, works out what
 * the new snapshot changes against the one in service, and publishes.
 */
#ifndef RSG_TABLES_H
#define RSG_TABLES_H

#include <stdbool.h>
#include <stdint.h>

#include "cfg.h"
#include "irr.h"
#include "peeringdb.h"
#include "plist.h"
#include "rpki.h"
#include "snapshot.h"
#include "vrpset.h"

#define TABLES_SLOTS VRPUNION_SLOTS

struct rsg_ctx;

struct tables {
	struct vrpunion vrps;
	struct vrp_delta delta; /* effective changes since part[PART_ROV] */
	bool rov_full;          /* build the rov part from scratch */
	int64_t buildtime[TABLES_SLOTS]; /* VRP files; 0: unknown */
	struct aspa_set *aspas[TABLES_SLOTS];
	struct slurm *slurm[TABLES_SLOTS];
	struct slurm *filters; /* VRP filters of every counting SLURM slot */
	struct rsg_config *cfg;
	struct pdb_vec *pdb;
	struct pfx_vec *bogons[2];        /* IPv4, IPv6; NULL: built-in */
	struct irr_db *irr[TABLES_SLOTS]; /* IRR files, each as read */
	struct irr_db *irr_all; /* their union in the configured source
				 * order, rebuilt when one changes */
	bool irr_dirty;
	struct irr_db *arin; /* ARIN bulk whois; NULL: none */
	unsigned dirty;      /* 1u << enum part_id */
	unsigned sources;    /* 1u << enum rsg_source, since the last
				    * publication */
	struct snap_part *part[PART_COUNT]; /* built last */
};

/* What a publication did. */
struct publish_info {
	bool published;
	uint64_t generation;
	uint64_t build_usec;
	size_t vrps, changes; /* effective VRPs, items changed */
};

/*
 * A data file, read and parsed (rsg__parse_file(), filesrc.c): what the
 * tables take of it, and what its status counts.
 */
struct parsed {
	enum rsg_source kind;
	struct vrpset *vrps;    /* VRPS */
	struct aspa_set *aspas; /* VRPS, ASPA */
	struct slurm *slurm;    /* SLURM */
	struct pdb_vec *pdb;    /* PEERINGDB */
	struct pfx_vec *pfx;    /* BOGONS_V4, BOGONS_V6 */
	struct irr_db *irr;     /* IRR */
	struct rpki_meta meta;
	size_t count;   /* VRPs, or a SLURM file's VRP assertions */
	size_t naspas;  /* ASPAs, or a SLURM file's ASPA assertions */
	size_t records; /* PeeringDB networks, bogons, SLURM filters */
	uint64_t hash;  /* of the content: an equal read changes nothing */
};

void rsg__parsed_free(struct parsed *p);

void rsg__tables_init(struct tables *t);
void rsg__tables_free(struct tables *t);

/* Slot i's VRPs (a file) are s, built at buildtime. Takes s. */
int rsg__tables_vrps(
    struct tables *t, unsigned i, struct vrpset *s, int64_t buildtime);
/* Slot i's log (an RTR sync) applied; the log is emptied. */
int rsg__tables_rtr(struct tables *t, unsigned i, struct vrplog *log);
/* Whether slot i's data counts (VRPs, ASPAs and SLURM). */
int rsg__tables_active(struct tables *t, unsigned i, bool active);
/* Slot i's ASPAs (NULL: none). Takes a. */
void rsg__tables_aspas(struct tables *t, unsigned i, struct aspa_set *a);
/* Slot i holds an IRR file (NULL: none). Takes db. */
void rsg__tables_irr(struct tables *t, unsigned i, struct irr_db *db);
/* Slot i holds a SLURM file (NULL: none). Takes s. */
int rsg__tables_slurm(struct tables *t, unsigned i, struct slurm *s);
/* Policy inputs; each takes what it is given (NULL: none, built-in). */
void rsg__tables_pdb(struct tables *t, struct pdb_vec *p);
void rsg__tables_bogons(struct tables *t, unsigned afi, struct pfx_vec *p);
void rsg__tables_config(struct tables *t, struct rsg_config *cfg);
/* The data of a file into slot i (VRPs, ASPAs, SLURM; policy inputs
 * have no slot), taken also on failure. A policy input with no data
 * drops the list (PeeringDB: none; bogons: the built-in list). */
int rsg__tables_take(struct tables *t, unsigned i, struct parsed *p);
/* Slot i holds nothing any more (a source removed). */
int rsg__tables_drop(struct tables *t, unsigned i);
/* Sources that changed, for the next change record. */
void rsg__tables_note(struct tables *t, unsigned sources);

/* Build what changed and publish it with these table states (enum
 * table_state), unless nothing did. 0 or RSG_ENOMEM (nothing published,
 * everything stays pending). */
int rsg__tables_publish(struct tables *t, struct rsg_ctx *ctx,
    unsigned rov_state, unsigned aspa_state, struct publish_info *info);

#endif /* RSG_TABLES_H */
