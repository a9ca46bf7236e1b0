/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * irr/expand: rsguard's IRR expansion of sets, read from RPSL files, for
 * tests/irr/irr_vs_bgpq4.py to compare with what bgpq4 gets from an IRRd
 * serving the same files.
 *
 *   irr/expand SOURCES FILE... -- SET...
 *   irr/expand --bgpq4 FILE... -- LIST...
 *
 * SOURCES: the source order, comma-separated. For each set, three lines:
 *   SET asns: ASN...
 *   SET ipv4: PREFIX...
 *   SET ipv6: PREFIX...
 * or "SET error: MESSAGE". Exit 0, or 2 for bad arguments or files.
 * With --bgpq4, the same lines for lists read from bgpq4 -j files (a
 * prefix entry with a range: PREFIX,GE,LE), "LIST error: none" for a
 * name no file has.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "irr.h"

static int
lists(int argc, char **argv)
{
	struct irr_db db;
	struct rsg_error err;
	int i;

	rsg__irr_db_init(&db);
	for (i = 2; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (rsg__irr_db_add_bgpq4_file(&db, argv[i], &err) != 0) {
			fprintf(stderr, "%s\n", err.message);
			return 2;
		}
	}
	rsg__irr_db_finish(&db);
	for (i++; i < argc; i++) {
		const struct irr_list *l =
		    rsg__irr_db_list(&db, argv[i], strlen(argv[i]));

		if (l == NULL) {
			printf("%s error: none\n", argv[i]);
			continue;
		}
		printf("%s asns:", argv[i]);
		for (size_t k = 0; k < l->asns.n; k++)
			printf(" %u", l->asns.v[k]);
		for (unsigned afi = RSG_AFI_IPV4; afi <= RSG_AFI_IPV6; afi++) {
			printf("\n%s ipv%d:", argv[i],
			    afi == RSG_AFI_IPV4 ? 4 : 6);
			for (size_t k = 0; k < l->ent.n; k++) {
				const struct irr_lent *e = &l->ent.v[k];
				struct rsg_prefix p;
				char buf[RSG_PREFIX_STRLEN];

				if (e->afi != afi)
					continue;
				memset(&p, 0, sizeof(p));
				memcpy(p.ip.addr, e->addr, sizeof(p.ip.addr));
				p.ip.afi = e->afi;
				p.len = e->len;
				rsg_prefix_format(&p, buf, sizeof(buf));
				if (e->ge == e->len && e->le == e->len)
					printf(" %s", buf);
				else
					printf(" %s,%u,%u", buf, e->ge, e->le);
			}
		}
		printf("\n");
	}
	rsg__irr_db_free(&db);
	return 0;
}

int
main(int argc, char **argv)
{
	struct irr_db db;
	struct rsg_error err;
	const char *names[IRR_MAX_SOURCES];
	char *srcs, *tok, *save = NULL;
	size_t nnames = 0;
	int i;

	if (argc < 4) {
		fprintf(
		    stderr, "usage: %s SOURCES FILE... -- SET...\n", argv[0]);
		return 2;
	}
	if (strcmp(argv[1], "--bgpq4") == 0)
		return lists(argc, argv);
	rsg__irr_db_init(&db);
	srcs = strdup(argv[1]);
	for (tok = strtok_r(srcs, ",", &save);
	     tok != NULL && nnames < IRR_MAX_SOURCES;
	     tok = strtok_r(NULL, ",", &save))
		names[nnames++] = tok;
	if (rsg__irr_db_set_sources(&db, names, nnames, true) != 0)
		return 2;
	for (i = 2; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (rsg__irr_db_add_rpsl_file(&db, argv[i], NULL, NULL, &err)
		    != 0) {
			fprintf(stderr, "%s\n", err.message);
			return 2;
		}
	}
	rsg__irr_db_finish(&db);
	for (i++; i < argc; i++) {
		struct irr_expansion x;
		char buf[RSG_PREFIX_STRLEN];

		if (rsg__irr_expand(&db, argv[i], NULL, &x, &err) != 0) {
			printf("%s error: %s\n", argv[i], err.message);
			continue;
		}
		printf("%s asns:", argv[i]);
		for (size_t k = 0; k < x.nasns; k++)
			printf(" %u", x.asns[k]);
		printf("\n");
		for (unsigned afi = RSG_AFI_IPV4; afi <= RSG_AFI_IPV6; afi++) {
			struct irr_pfx_vec v = { 0 };

			if (rsg__irr_rset(&db, x.asns, x.nasns, afi, &v) != 0)
				return 2;
			printf(
			    "%s ipv%d:", argv[i], afi == RSG_AFI_IPV4 ? 4 : 6);
			for (size_t k = 0; k < v.n; k++) {
				rsg_prefix_format(&v.v[k], buf, sizeof(buf));
				printf(" %s", buf);
			}
			printf("\n");
			VEC_FREE(&v);
		}
		rsg__irr_expansion_free(&x);
	}
	free(srcs);
	rsg__irr_db_free(&db);
	return 0;
}
