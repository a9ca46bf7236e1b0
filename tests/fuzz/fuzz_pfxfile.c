/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Fuzz target: prefix-list files. For each family filter a load returns
 * a code with a message; on failure nothing is appended, on success every
 * entry is an or-longer entry of the requested family without host bits.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "fuzz.h"
#include "pfxfile.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned afis[] = { RSG_AFI_NONE, RSG_AFI_IPV4,
		RSG_AFI_IPV6 };

	for (size_t k = 0; k < 3; k++) {
		struct pfx_vec v = { 0 };
		struct rsg_error e;
		int rc;

		memset(&e, 0, sizeof(e));
		rc = rsg__pfxfile_load_buf(
		    "fuzz", (const char *)data, size, afis[k], &v, &e);
		if (memchr(e.message, '\0', sizeof(e.message)) == NULL)
			abort();
		if (rc != 0 && (v.n != 0 || e.code != rc))
			abort();
		for (size_t i = 0; i < v.n; i++) {
			struct rsg_prefix p = v.v[i].pfx;

			addr_mask(p.ip.addr, p.len);
			if (!pfx_equal(&p, &v.v[i].pfx)
			    || (afis[k] != RSG_AFI_NONE && p.ip.afi != afis[k])
			    || v.v[i].ge != p.len
			    || v.v[i].le != afi_bits(p.ip.afi))
				abort();
		}
		rsg__pfx_vec_free(&v);
	}
	return 0;
}
