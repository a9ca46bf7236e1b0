/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The property behind change records, on real data: apply random real
 * changes (VRP diffs, ASPA edits, policy edits, PeeringDB records) to the
 * tables of a real configuration, check a real table before and after,
 * and compare with what the change record says. Every route whose
 * verdict changed must be reported affected; the routes reported but
 * unchanged are the false positives. Used by the Check suite (affects)
 * and by make bench.
 */
#ifndef RSG_TEST_AFFECTS_H
#define RSG_TEST_AFFECTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Kinds of change, for the report. */
enum prop_kind {
	PROP_VRP_DIFF = 0,  /* a random part of rpki-client's real diff */
	PROP_ASPA,          /* one customer's ASPA record (one ASN) */
	PROP_TRANSIT_FREE,  /* one ASN added to or removed from the list */
	PROP_PDB_NEVER_VIA, /* one network's never-via-RS flag (one ASN) */
	PROP_PDB_LIMIT,     /* one network's info_prefixes4 (a limit) */
	PROP_CLIENT,        /* one knob of one client */
	PROP_GENERAL,       /* one knob of the general policy */
	PROP_KINDS
};

struct prop_result {
	unsigned changes;        /* applied */
	size_t routes;           /* checked per change */
	size_t changed;          /* routes whose verdict changed, summed */
	size_t affected;         /* reported affected, summed */
	size_t missed;           /* changed but not reported: must be 0 */
	double fp_max_pct;       /* the worst change's false positives */
	double fp_pct[256];      /* per change: false positives / routes */
	double changed_pct[256]; /* per change: changed verdicts / routes */
	char missed_what[512];   /* the first miss, explained */
};

struct prop_args {
	const char *table;  /* bgpdump -m text */
	const char *vrps;   /* rpki-client JSON (the newer run) */
	const char *diff;   /* rpkilog diff between the two runs */
	const char *config; /* tests/data/rsguard-demo.yml */
	size_t stride;      /* check every stride-th route (1: all) */
	unsigned rounds;    /* changes of each kind */
	uint64_t seed;
};

/* Run; results per kind. 0, or -1 with a message on stderr. */
int prop_run(const struct prop_args *a, struct prop_result r[PROP_KINDS]);
const char *prop_kind_name(unsigned k);

#endif
