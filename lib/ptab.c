/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * ptab: building the covering-prefix table (see ptab.h for the layout).
 *
 * Build: split the items by level; sort each level by (bucket key, bits,
 * len, data, maxlen) - a counting sort on the key for direct levels, a
 * comparison sort for hashed ones; drop exact duplicates; write records,
 * bucket directory and parent distances (one stack walk per bucket).
 */
#include "config.h"

#include "ptab.h"

#include <stdlib.h>

#include "alloc.h"
#include "util.h"

struct level_def {
	uint8_t kbits, minlen, maxlen;
};

static const struct level_def levels_v4[] = {
	{ 0, 0, 7 },
	{ 8, 8, 15 },
	{ 16, 16, 32 },
};

static const struct level_def levels_v6[] = {
	{ 0, 0, 15 },
	{ 16, 16, 23 },
	{ 24, 24, 31 },
	{ 32, 32, 63 },
	{ 64, 64, 95 },
	{ 96, 96, 128 },
};

/* An item with its level-specific sort key. */
struct sitem {
	uint64_t khi;
	uint32_t klo;
	uint32_t bits;
	uint32_t data;
	uint8_t len;
	uint8_t maxlen;
};

static int
sitem_cmp(const void *pa, const void *pb)
{
	const struct sitem *a = pa, *b = pb;

	if (a->khi != b->khi)
		return a->khi < b->khi ? -1 : 1;
	if (a->klo != b->klo)
		return a->klo < b->klo ? -1 : 1;
	if (a->bits != b->bits)
		return a->bits < b->bits ? -1 : 1;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	if (a->data != b->data)
		return a->data < b->data ? -1 : 1;
	if (a->maxlen != b->maxlen)
		return a->maxlen < b->maxlen ? -1 : 1;
	return 0;
}

static bool
sitem_same_entry(const struct sitem *a, const struct sitem *b)
{
	return sitem_cmp(a, b) == 0;
}

static bool
sitem_same_bucket(const struct sitem *a, const struct sitem *b)
{
	return a->khi == b->khi && a->klo == b->klo;
}

/* Sort a small run by (bits, len, data, maxlen): insertion sort. */
static void
sort_run(struct sitem *v, size_t n)
{
	if (n > 32) {
		qsort(v, n, sizeof(*v), sitem_cmp);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		struct sitem t = v[i];
		size_t j = i;

		while (j > 0 && sitem_cmp(&v[j - 1], &t) > 0) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = t;
	}
}

/* Sort a level's items into bucket order. tmp has room for n items. */
static void
sort_level(struct sitem *v, struct sitem *tmp, size_t n, unsigned kbits,
    uint32_t *count)
{
	size_t nb;

	if (kbits > 16) {
		qsort(v, n, sizeof(*v), sitem_cmp);
		return;
	}
	nb = (size_t)1 << kbits;
	/* counting sort on the key, then each bucket on its own */
	memset(count, 0, (nb + 1) * sizeof(*count));
	for (size_t i = 0; i < n; i++)
		count[v[i].khi + 1]++;
	for (size_t b = 0; b < nb; b++)
		count[b + 1] += count[b];
	for (size_t i = 0; i < n; i++)
		tmp[count[v[i].khi]++] = v[i];
	/* count[b] now holds the end of bucket b */
	size_t start = 0;
	for (size_t b = 0; b < nb; b++) {
		size_t end = count[b];

		if (end - start > 1)
			sort_run(tmp + start, end - start);
		start = end;
	}
	memcpy(v, tmp, n * sizeof(*v));
}

/* Parent distances for the records of one bucket. */
static void
link_bucket(struct ptab_rec *r, size_t n, unsigned kbits)
{
	long stack[40];
	int sp = 0;

	for (size_t i = 0; i < n; i++) {
		long parent;

		if (i > 0 && r[i - 1].bits == r[i].bits
		    && r[i - 1].len == r[i].len) {
			/* same group: same parent, one record further */
			unsigned up = r[i - 1].up;

			r[i].up = up == PTAB_UP_NONE ? PTAB_UP_NONE
			    : up >= PTAB_UP_FAR - 1  ? PTAB_UP_FAR
						     : (uint16_t)(up + 1);
			continue;
		}
		if (i > 0 && sp < (int)ARRAY_SIZE(stack))
			stack[sp++] = (long)i - 1;
		while (sp > 0) {
			const struct ptab_rec *t = &r[stack[sp - 1]];

			if (t->len < r[i].len
			    && ptab_rec_contains(t, kbits, r[i].bits))
				break;
			sp--;
		}
		parent = sp > 0 ? stack[sp - 1] : -1;
		if (parent < 0)
			r[i].up = PTAB_UP_NONE;
		else if ((long)i - parent >= PTAB_UP_FAR)
			r[i].up = PTAB_UP_FAR;
		else
			r[i].up = (uint16_t)((long)i - parent);
	}
}

static int
build_level(struct ptab_level *L, const struct level_def *d, struct sitem *v,
    size_t n, size_t *bytes)
{
	size_t nrec = 0, nbuckets = 0;

	/* de-duplicate in place, count buckets */
	for (size_t i = 0; i < n; i++) {
		if (nrec > 0 && sitem_same_entry(&v[nrec - 1], &v[i]))
			continue;
		if (nrec == 0 || !sitem_same_bucket(&v[nrec - 1], &v[i]))
			nbuckets++;
		v[nrec++] = v[i];
	}
	L->kbits = d->kbits;
	L->minlen = d->minlen;
	L->maxlen = d->maxlen;
	L->nrec = (uint32_t)nrec;
	if (nrec == 0)
		return 0;
	L->rec = rsg__reallocarray(NULL, nrec, sizeof(*L->rec));
	if (L->rec == NULL)
		return RSG_ENOMEM;
	*bytes += nrec * sizeof(*L->rec);
	for (size_t i = 0; i < nrec; i++) {
		L->rec[i].bits = v[i].bits;
		L->rec[i].data = v[i].data;
		L->rec[i].len = v[i].len;
		L->rec[i].maxlen = v[i].maxlen;
		L->rec[i].up = PTAB_UP_NONE;
	}
	if (d->kbits <= 16) {
		size_t nb = (size_t)1 << d->kbits;

		L->dir = rsg__calloc(nb + 1, sizeof(*L->dir));
		if (L->dir == NULL)
			return RSG_ENOMEM;
		*bytes += (nb + 1) * sizeof(*L->dir);
		for (size_t i = 0; i < nrec; i++)
			L->dir[v[i].khi + 1]++;
		for (size_t b = 0; b < nb; b++)
			L->dir[b + 1] += L->dir[b];
	} else {
		size_t hsize = 16;

		while (hsize < nbuckets * 2)
			hsize *= 2;
		L->hash = rsg__calloc(hsize, sizeof(*L->hash));
		if (L->hash == NULL)
			return RSG_ENOMEM;
		*bytes += hsize * sizeof(*L->hash);
		L->hmask = (uint32_t)(hsize - 1);
		for (size_t i = 0; i < nrec;) {
			size_t j = i + 1;
			uint32_t h;

			while (j < nrec && sitem_same_bucket(&v[i], &v[j]))
				j++;
			h = ptab_hash(v[i].khi, v[i].klo) & L->hmask;
			while (L->hash[h].end != 0)
				h = (h + 1) & L->hmask;
			L->hash[h].khi = v[i].khi;
			L->hash[h].klo = v[i].klo;
			L->hash[h].start = (uint32_t)i;
			L->hash[h].end = (uint32_t)j;
			i = j;
		}
	}
	for (size_t i = 0; i < nrec;) {
		size_t j = i + 1;

		while (j < nrec && sitem_same_bucket(&v[i], &v[j]))
			j++;
		link_bucket(L->rec + i, j - i, d->kbits);
		i = j;
	}
	return 0;
}

void
rsg__ptab_init(struct ptab *t, unsigned afi)
{
	const struct level_def *defs =
	    afi == RSG_AFI_IPV6 ? levels_v6 : levels_v4;
	size_t n =
	    afi == RSG_AFI_IPV6 ? ARRAY_SIZE(levels_v6) : ARRAY_SIZE(levels_v4);

	memset(t, 0, sizeof(*t));
	t->afi = (uint8_t)afi;
	t->nlevels = (uint8_t)n;
	for (size_t l = 0; l < n; l++) {
		t->lv[l].kbits = defs[l].kbits;
		t->lv[l].minlen = defs[l].minlen;
		t->lv[l].maxlen = defs[l].maxlen;
	}
}

void
rsg__ptab_free(struct ptab *t)
{
	if (t == NULL)
		return;
	for (unsigned l = 0; l < PTAB_MAX_LEVELS; l++) {
		rsg__free(t->lv[l].rec);
		rsg__free(t->lv[l].dir);
		rsg__free(t->lv[l].hash);
	}
	rsg__ptab_init(t, t->afi);
}

int
rsg__ptab_build(struct ptab *t, unsigned afi, struct ptab_item *items, size_t n)
{
	size_t counts[PTAB_MAX_LEVELS] = { 0 };
	size_t offs[PTAB_MAX_LEVELS + 1];
	struct sitem *v = NULL, *tmp = NULL;
	uint32_t *count = NULL;
	int rc = RSG_ENOMEM;

	rsg__ptab_init(t, afi);
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned l = t->nlevels - 1;

		while (l > 0 && items[i].len < t->lv[l].minlen)
			l--;
		counts[l]++;
	}
	offs[0] = 0;
	for (unsigned l = 0; l < t->nlevels; l++)
		offs[l + 1] = offs[l] + counts[l];
	v = rsg__reallocarray(NULL, n, sizeof(*v));
	tmp = rsg__reallocarray(NULL, n, sizeof(*tmp));
	count = rsg__calloc(((size_t)1 << 16) + 1, sizeof(*count));
	if (v == NULL || tmp == NULL || count == NULL)
		goto out;
	{
		size_t fill[PTAB_MAX_LEVELS];

		memcpy(fill, offs, sizeof(fill));
		for (size_t i = 0; i < n; i++) {
			const struct ptab_item *it = &items[i];
			unsigned l = t->nlevels - 1;
			struct sitem *s;

			while (l > 0 && it->len < t->lv[l].minlen)
				l--;
			s = &v[fill[l]++];
			ptab_key(it->addr, t->lv[l].kbits, &s->khi, &s->klo);
			s->bits = ptab_window(it->addr, t->lv[l].kbits);
			s->data = it->data;
			s->len = it->len;
			s->maxlen = it->maxlen;
		}
	}
	for (unsigned l = 0; l < t->nlevels; l++) {
		struct sitem *lv = v + offs[l];

		if (counts[l] == 0)
			continue;
		sort_level(lv, tmp, counts[l], t->lv[l].kbits, count);
		rc = build_level(&t->lv[l],
		    &(struct level_def){
			t->lv[l].kbits, t->lv[l].minlen, t->lv[l].maxlen },
		    lv, counts[l], &t->bytes);
		if (rc != 0) {
			rsg__ptab_free(t);
			goto out;
		}
		t->nrec += t->lv[l].nrec;
	}
	rc = 0;
out:
	rsg__free(v);
	rsg__free(tmp);
	rsg__free(count);
	return rc;
}
