/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Rendering verdicts as text, and as JSON through rsg_verdict_json().
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/*
 * The verdict in the library's one JSON encoding (rsguard(1), VERDICT
 * JSON): what a looking glass serves is exactly what rsguard prints.
 * Returns 0, or -1 (reported) if memory runs out.
 */
int
print_verdict_json(
    FILE *f, const struct rsg_route *r, const struct rsg_verdict *v)
{
	char buf[16384], *big;
	size_t n = rsg_verdict_json(v, r, buf, sizeof(buf));

	if (n < sizeof(buf)) {
		fwrite(buf, 1, n, f);
		return 0;
	}
	/* a route with many communities: the size is known now */
	if ((big = malloc(n + 1)) == NULL) {
		cli_error("out of memory");
		return -1;
	}
	rsg_verdict_json(v, r, big, n + 1);
	fwrite(big, 1, n, f);
	free(big);
	return 0;
}

void
print_verdict_text(
    FILE *f, const struct rsg_route *r, const struct rsg_verdict *v)
{
	char pfx[RSG_PREFIX_STRLEN], peer[RSG_PREFIX_STRLEN], path[4096];
	char buf[1024];

	rsg_prefix_format(&r->prefix, pfx, sizeof(pfx));
	rsg_ip_format(&r->peer_ip, peer, sizeof(peer));
	if (rsg_path_format(r->as_path, r->as_path_len, path, sizeof(path))
	    >= sizeof(path))
		strcpy(path, "(long)");
	fprintf(f, "%s %s from AS%" PRIu32 " (%s) path [%s]\n",
	    v->action == RSG_ACCEPT ? "accepted" : "filtered", pfx, r->peer_asn,
	    peer, path);
	for (unsigned i = 0; i < v->n_details; i++) {
		const struct rsg_detail *d = &v->details[i];

		rsg_explain_detail(v, d, buf, sizeof(buf));
		fprintf(f, "  - RS:%s:%u %s%s\n",
		    d->mode == RSG_MODE_REJECT ? "1101" : "1102",
		    rsg_reason_eix((enum rsg_reason)d->reason), buf,
		    d->mode == RSG_MODE_TAG ? " (tagged only)" : "");
	}
}
