/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * ASPA table and path verification.
 *
 * Verification walks the path once, from the neighbor towards the origin,
 * over COMPRESSED_AS_PATH (consecutive duplicates removed, §5.1). With
 * c[0] = neighbor ... c[N-1] = origin, the pair (c[k], c[k+1]) is
 *   up-ramp hop:   authorized(customer c[k+1], provider c[k])
 *   down-ramp hop: authorized(customer c[k], provider c[k+1]).
 * The §5.3 bounds in the draft's own indexing (A(1) = origin) become
 *   max_up_ramp = N-1-k for the largest k whose up hop is Not Provider+
 *   min_up_ramp = N-1-k for the largest k whose up hop is not Provider+
 *   max_down_ramp = k+1 for the smallest k whose down hop is Not Provider+
 *   min_down_ramp = k+1 for the smallest k whose down hop is not Provider+
 * each N if no such hop exists; upstream sets both down bounds to 0. Then
 * max_up + max_down < N is Invalid, min_up + min_down < N Unknown, else
 * Valid. The 94 vectors of tests/data/aspa-vectors.json check this.
 */
#include "config.h"

#include "aspa.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "aspath.h"
#include "util.h"

void
rsg__aspa_init(struct aspa_table *t)
{
	memset(t, 0, sizeof(*t));
}

void
rsg__aspa_free(struct aspa_table *t)
{
	rsg__free(t->slot);
	rsg__free(t->prov);
	rsg__aspa_init(t);
}

size_t
rsg__aspa_bytes(const struct aspa_table *t)
{
	return (t->slot != NULL ? (size_t)(t->mask + 1) * sizeof(*t->slot) : 0)
	    + t->nprov * sizeof(*t->prov);
}

static int
rec_cmp(const void *a, const void *b)
{
	const struct aspa_rec *x = a, *y = b;

	return x->customer < y->customer ? -1 : x->customer > y->customer;
}

int
rsg__aspa_build(struct aspa_table *t, const struct aspa_set *s)
{
	struct aspa_rec *rec = NULL;
	size_t nrec = s->rec.n, hsize = 16;
	int rc = RSG_ENOMEM;

	rsg__aspa_init(t);
	if (nrec == 0)
		return 0;
	rec = rsg__reallocarray(NULL, nrec, sizeof(*rec));
	t->prov = rsg__reallocarray(
	    NULL, s->prov.n ? s->prov.n : 1, sizeof(*t->prov));
	if (rec == NULL || t->prov == NULL)
		goto out;
	memcpy(rec, s->rec.v, nrec * sizeof(*rec));
	qsort(rec, nrec, sizeof(*rec), rec_cmp);
	for (size_t i = 0; i < nrec;) {
		size_t j = i;

		while (j < nrec && rec[j].customer == rec[i].customer)
			j++;
		t->ncust++;
		i = j;
	}
	while (hsize < t->ncust * 2)
		hsize *= 2;
	t->slot = rsg__reallocarray(NULL, hsize, sizeof(*t->slot));
	if (t->slot == NULL)
		goto out;
	for (size_t h = 0; h < hsize; h++)
		t->slot[h].off = UINT32_MAX;
	t->mask = (uint32_t)(hsize - 1);
	for (size_t i = 0; i < nrec;) {
		size_t j = i, start = t->nprov, k;
		uint32_t h;

		/* union of every record of this customer */
		for (; j < nrec && rec[j].customer == rec[i].customer; j++) {
			memcpy(t->prov + t->nprov, s->prov.v + rec[j].off,
			    rec[j].n * sizeof(*t->prov));
			t->nprov += rec[j].n;
		}
		qsort(t->prov + start, t->nprov - start, sizeof(*t->prov),
		    u32_qcmp);
		k = start;
		for (size_t m = start; m < t->nprov; m++) {
			if (k == start || t->prov[k - 1] != t->prov[m])
				t->prov[k++] = t->prov[m];
		}
		t->nprov = k;
		h = aspa_hash(rec[i].customer) & t->mask;
		while (t->slot[h].off != UINT32_MAX)
			h = (h + 1) & t->mask;
		t->slot[h].customer = rec[i].customer;
		t->slot[h].off = (uint32_t)start;
		t->slot[h].n = (uint32_t)(k - start);
		i = j;
	}
	rc = 0;
out:
	rsg__free(rec);
	if (rc != 0)
		rsg__aspa_free(t);
	return rc;
}

static enum rsg_aspa
invalid(struct aspa_why *why, enum aspa_cause cause, uint32_t customer,
    uint32_t provider)
{
	if (why != NULL) {
		why->cause = cause;
		why->customer = customer;
		why->provider = provider;
	}
	return RSG_ASPA_INVALID;
}

enum rsg_aspa
rsg__aspa_verify(const struct aspa_table *t, const uint8_t *path, size_t len,
    uint32_t neighbor, unsigned flags, struct aspa_why *why)
{
	bool upstream = flags & RSG_ASPA_UPSTREAM;
	long last_up_np = -1, last_up_nonp = -1;
	long first_down_np = -1, first_down_nonp = -1;
	uint32_t prev = 0, up_c = 0, up_p = 0;
	long n = 0; /* compressed length so far */
	size_t off;

	if (why != NULL)
		why->cause = ASPA_CAUSE_NONE;
	/* step 1: empty path */
	if (len == 0)
		return invalid(why, ASPA_CAUSE_PATH, 0, 0);
	/* step 2: neighbor check, waived for an RS client (upstream) */
	if (neighbor != 0 && !(upstream && (flags & RSG_ASPA_RS_CLIENT))
	    && (path[0] != RSG_SEG_SEQUENCE || get_u32be(path + 2) != neighbor))
		return invalid(why, ASPA_CAUSE_NEIGHBOR,
		    path[0] == RSG_SEG_SEQUENCE ? get_u32be(path + 2) : 0,
		    neighbor);
	/* step 3: AS_SET (and confederation segments, as BIRD/OpenBGPD) */
	for (off = 0; off < len; off += 2 + (size_t)path[off + 1] * 4) {
		if (path[off] != RSG_SEG_SEQUENCE)
			return invalid(why, ASPA_CAUSE_PATH, 0, 0);
	}
	for (off = 0; off < len; off += 2 + (size_t)path[off + 1] * 4) {
		for (unsigned i = 0; i < path[off + 1]; i++) {
			uint32_t cur = get_u32be(path + off + 2 + 4 * i);
			enum aspa_auth up, down;
			long k;

			if (n > 0 && cur == prev)
				continue;
			if (n == 0) {
				prev = cur;
				n = 1;
				continue;
			}
			k = n
			    - 1; /* hop between c[k] = prev and c[k+1] = cur */
			up = rsg__aspa_auth(t, cur, prev);
			if (up == ASPA_NOT_PROVIDER_PLUS) {
				last_up_np = k;
				up_c = cur;
				up_p = prev;
			}
			if (up != ASPA_PROVIDER_PLUS)
				last_up_nonp = k;
			if (!upstream) {
				down = rsg__aspa_auth(t, prev, cur);
				if (down == ASPA_NOT_PROVIDER_PLUS
				    && first_down_np < 0)
					first_down_np = k;
				if (down != ASPA_PROVIDER_PLUS
				    && first_down_nonp < 0)
					first_down_nonp = k;
			}
			prev = cur;
			n++;
		}
	}
	{
		long max_up = last_up_np >= 0 ? n - 1 - last_up_np : n;
		long min_up = last_up_nonp >= 0 ? n - 1 - last_up_nonp : n;
		long max_down = 0, min_down = 0;

		if (!upstream) {
			max_down = first_down_np >= 0 ? first_down_np + 1 : n;
			min_down =
			    first_down_nonp >= 0 ? first_down_nonp + 1 : n;
		}
		if (max_up + max_down < n)
			return invalid(why, ASPA_CAUSE_HOP, up_c, up_p);
		if (min_up + min_down < n)
			return RSG_ASPA_UNKNOWN;
		return RSG_ASPA_VALID;
	}
}
