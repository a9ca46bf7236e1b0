/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Fuzz target: the input as AS_PATH text and communities text, and as a
 * raw wire AS_PATH for the structural check, formatting and ASPA.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "aspa.h"
#include "aspath.h"
#include "fuzz.h"
#include "rsguard.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct aspa_table t;
	static bool ready;
	uint8_t wire[1024];
	uint32_t std[64];
	struct rsg_ec ext[64];
	struct rsg_lc lrg[64];
	size_t used, ns, ne, nl, bad;
	char *text, out[4096];

	if (!ready) {
		struct aspa_set s = { 0 };
		uint32_t p1[] = { 2914, 3356 }, p2[] = { 0 };

		if (rsg__aspa_set_add(&s, 3333, p1, 2) != 0
		    || rsg__aspa_set_add(&s, 2497, p2, 1) != 0
		    || rsg__aspa_build(&t, &s) != 0)
			abort();
		rsg__aspa_set_free(&s);
		ready = true;
	}
	text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (rsg_path_from_text(text, wire, sizeof(wire), &used, NULL) == 0) {
		rsg_path_format(wire, used, out, sizeof(out));
		rsg__aspa_verify(&t, wire, used, 3333, RSG_ASPA_UPSTREAM, NULL);
		rsg__aspa_verify(&t, wire, used, 0, 0, NULL);
	}
	rsg_communities_parse(
	    text, std, 64, &ns, ext, 64, &ne, lrg, 64, &nl, NULL);
	free(text);
	/* the bytes themselves as a wire path */
	if (rsg__path_check(data, size, &bad) == 0) {
		rsg_path_format(data, size, out, sizeof(out));
		rsg__aspa_verify(&t, data, size, 3333,
		    RSG_ASPA_UPSTREAM | RSG_ASPA_RS_CLIENT, NULL);
		rsg__aspa_verify(&t, data, size, 2497, 0, NULL);
	}
	return 0;
}
