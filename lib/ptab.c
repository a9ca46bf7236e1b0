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
#include <string.h>

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

/*
 * Index a level whose records are in place: the directory (K <= 16) or the
 * hash and the ordered bucket list (K >= 24) from buckets[], which lists
 * every non-empty bucket in record order. Parent links are the caller's.
 *
 * Both tables are written before they are read. Memory fresh from the
 * kernel that is read first maps the shared zero page; the write that
 * follows replaces that mapping, and the kernel must flush it from every
 * CPU running the process: an interrupt on each reader thread, in the
 * middle of a check (make bench: reader_p999_ns_swapping). calloc() leaves
 * fresh pages untouched, so the tables are malloc()ed and written whole.
 */
static int
index_level(struct ptab_level *L, const struct ptab_hslot *buckets,
    size_t nbuckets, size_t *bytes)
{
	if (L->kbits <= 16) {
		size_t nb = (size_t)1 << L->kbits, k = 0;
		uint32_t off = 0;

		L->dir = rsg__reallocarray(NULL, nb + 1, sizeof(*L->dir));
		if (L->dir == NULL)
			return RSG_ENOMEM;
		*bytes += (nb + 1) * sizeof(*L->dir);
		/* dir[b]: records in the buckets before b */
		for (size_t b = 0; b < nb; b++) {
			L->dir[b] = off;
			if (k < nbuckets && buckets[k].khi == b) {
				off += buckets[k].end - buckets[k].start;
				k++;
			}
		}
		L->dir[nb] = off;
	} else {
		size_t hsize = 16;

		while (hsize < nbuckets * 2)
			hsize *= 2;
		L->hash = rsg__reallocarray(NULL, hsize, sizeof(*L->hash));
		L->order = rsg__reallocarray(
		    NULL, nbuckets ? nbuckets : 1, sizeof(*L->order));
		if (L->hash == NULL || L->order == NULL)
			return RSG_ENOMEM;
		memset(L->hash, 0, hsize * sizeof(*L->hash));
		*bytes +=
		    hsize * sizeof(*L->hash) + nbuckets * sizeof(*L->order);
		L->hmask = (uint32_t)(hsize - 1);
		L->norder = (uint32_t)nbuckets;
		memcpy(L->order, buckets, nbuckets * sizeof(*buckets));
		for (size_t i = 0; i < nbuckets; i++) {
			uint32_t h = ptab_hash(buckets[i].khi, buckets[i].klo)
			    & L->hmask;

			while (L->hash[h].end != 0)
				h = (h + 1) & L->hmask;
			L->hash[h] = buckets[i];
		}
	}
	return 0;
}

static void
level_init(struct ptab_level *L, const struct level_def *d)
{
	memset(L, 0, sizeof(*L));
	L->kbits = d->kbits;
	L->minlen = d->minlen;
	L->maxlen = d->maxlen;
}

static int
build_level(struct ptab_level *L, struct sitem *v, size_t n, size_t *bytes)
{
	struct ptab_hslot *buckets = NULL;
	size_t nrec = 0, nbuckets = 0;
	int rc = RSG_ENOMEM;

	/* de-duplicate in place, count buckets */
	for (size_t i = 0; i < n; i++) {
		if (nrec > 0 && sitem_same_entry(&v[nrec - 1], &v[i]))
			continue;
		if (nrec == 0 || !sitem_same_bucket(&v[nrec - 1], &v[i]))
			nbuckets++;
		v[nrec++] = v[i];
	}
	L->nrec = (uint32_t)nrec;
	if (nrec == 0)
		return 0;
	L->rec = rsg__reallocarray(NULL, nrec, sizeof(*L->rec));
	buckets =
	    rsg__calloc(nbuckets, sizeof(*buckets)); /* no stray padding */
	if (L->rec == NULL || buckets == NULL)
		goto out;
	*bytes += nrec * sizeof(*L->rec);
	nbuckets = 0;
	for (size_t i = 0; i < nrec; i++) {
		L->rec[i].bits = v[i].bits;
		L->rec[i].data = v[i].data;
		L->rec[i].len = v[i].len;
		L->rec[i].maxlen = v[i].maxlen;
		L->rec[i].up = PTAB_UP_NONE;
		if (i == 0 || !sitem_same_bucket(&v[i - 1], &v[i])) {
			if (nbuckets > 0)
				buckets[nbuckets - 1].end = (uint32_t)i;
			buckets[nbuckets].khi = v[i].khi;
			buckets[nbuckets].klo = v[i].klo;
			buckets[nbuckets].start = (uint32_t)i;
			nbuckets++;
		}
	}
	buckets[nbuckets - 1].end = (uint32_t)nrec;
	for (size_t b = 0; b < nbuckets; b++)
		link_bucket(L->rec + buckets[b].start,
		    buckets[b].end - buckets[b].start, L->kbits);
	rc = index_level(L, buckets, nbuckets, bytes);
out:
	rsg__free(buckets);
	return rc;
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
	for (size_t l = 0; l < n; l++)
		level_init(&t->lv[l], &defs[l]);
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
		rsg__free(t->lv[l].order);
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
		rc = build_level(&t->lv[l], lv, counts[l], &t->bytes);
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

/* The address of a record: its bucket key, then its 32 window bits. */
static void
rec_addr(uint64_t khi, uint32_t klo, unsigned k, uint32_t bits, uint32_t a[4])
{
	unsigned w = k / 32, s = k % 32;

	memset(a, 0, 4 * sizeof(*a));
	if (k > 0 && k <= 32) {
		a[0] = (uint32_t)(khi << (32 - k));
	} else if (k > 32) {
		a[0] = (uint32_t)(khi >> 32);
		a[1] = (uint32_t)khi;
		if (k > 64)
			a[2] = klo;
	}
	if (w < 4) {
		a[w] |= bits >> s;
		if (s != 0 && w + 1 < 4)
			a[w + 1] |= bits << (32 - s);
	}
}

static struct ptab_hslot *level_buckets(const struct ptab_level *L, size_t *n);

int
rsg__ptab_walk(const struct ptab *t,
    int (*fn)(void *arg, const struct ptab_item *it), void *arg)
{
	for (unsigned l = 0; l < t->nlevels; l++) {
		const struct ptab_level *L = &t->lv[l];
		struct ptab_hslot *b;
		size_t nb;
		int rc = 0;

		if (L->nrec == 0)
			continue;
		if ((b = level_buckets(L, &nb)) == NULL)
			return RSG_ENOMEM;
		for (size_t i = 0; i < nb && rc == 0; i++) {
			for (uint32_t r = b[i].start; r < b[i].end && rc == 0;
			     r++) {
				struct ptab_item it;

				memset(&it, 0, sizeof(it));
				rec_addr(b[i].khi, b[i].klo, L->kbits,
				    L->rec[r].bits, it.addr);
				it.data = L->rec[r].data;
				it.len = L->rec[r].len;
				it.maxlen = L->rec[r].maxlen;
				rc = fn(arg, &it);
			}
		}
		rsg__free(b);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Incremental update                                                  */

static int
key_cmp(uint64_t ahi, uint32_t alo, uint64_t bhi, uint32_t blo)
{
	if (ahi != bhi)
		return ahi < bhi ? -1 : 1;
	if (alo != blo)
		return alo < blo ? -1 : 1;
	return 0;
}

/* Order of a record and an item of the same bucket. */
static int
rec_item_cmp(const struct ptab_rec *r, const struct sitem *s)
{
	if (r->bits != s->bits)
		return r->bits < s->bits ? -1 : 1;
	if (r->len != s->len)
		return r->len < s->len ? -1 : 1;
	if (r->data != s->data)
		return r->data < s->data ? -1 : 1;
	if (r->maxlen != s->maxlen)
		return r->maxlen < s->maxlen ? -1 : 1;
	return 0;
}

static void
item_rec(const struct sitem *s, struct ptab_rec *r)
{
	r->bits = s->bits;
	r->data = s->data;
	r->len = s->len;
	r->maxlen = s->maxlen;
	r->up = PTAB_UP_NONE;
}

/* The non-empty buckets of a level, in order. */
static struct ptab_hslot *
level_buckets(const struct ptab_level *L, size_t *n)
{
	struct ptab_hslot *b;
	size_t nb = 0;

	*n = 0;
	if (L->nrec == 0)
		return rsg__malloc(sizeof(*b));
	if (L->dir == NULL) {
		b = rsg__reallocarray(NULL, L->norder, sizeof(*b));
		if (b != NULL) {
			memcpy(b, L->order, L->norder * sizeof(*b));
			*n = L->norder;
		}
		return b;
	}
	for (size_t k = 0; k < ((size_t)1 << L->kbits); k++)
		nb += L->dir[k] != L->dir[k + 1];
	b = rsg__calloc(nb, sizeof(*b));
	if (b == NULL)
		return NULL;
	for (size_t k = 0; k < ((size_t)1 << L->kbits); k++) {
		if (L->dir[k] == L->dir[k + 1])
			continue;
		b[*n].khi = k;
		b[*n].klo = 0;
		b[*n].start = L->dir[k];
		b[*n].end = L->dir[k + 1];
		(*n)++;
	}
	return b;
}

/* One level: L = old + add - del (add and del sorted, same level). */
static int
update_level(struct ptab_level *L, const struct ptab_level *old,
    const struct sitem *add, size_t na, const struct sitem *del, size_t nd,
    size_t *bytes)
{
	struct ptab_hslot *ob = NULL, *nb = NULL;
	size_t nob, nnb = 0, nrec = 0, i = 0, a = 0, d = 0;
	int rc = RSG_ENOMEM;

	ob = level_buckets(old, &nob);
	L->rec = rsg__reallocarray(
	    NULL, (size_t)old->nrec + na + 1, sizeof(*L->rec));
	nb = rsg__calloc(nob + na + 1, sizeof(*nb));
	if (ob == NULL || L->rec == NULL || nb == NULL)
		goto out;
	while (i < nob || a < na) {
		uint64_t khi;
		uint32_t klo;
		const struct ptab_rec *r = NULL;
		size_t nr = 0, start = nrec, a0, d0;

		if (i < nob
		    && (a == na
			|| key_cmp(ob[i].khi, ob[i].klo, add[a].khi, add[a].klo)
			    <= 0)) {
			khi = ob[i].khi;
			klo = ob[i].klo;
		} else {
			khi = add[a].khi;
			klo = add[a].klo;
		}
		if (i < nob && key_cmp(ob[i].khi, ob[i].klo, khi, klo) == 0) {
			r = old->rec + ob[i].start;
			nr = ob[i].end - ob[i].start;
			i++;
		}
		while (d < nd && key_cmp(del[d].khi, del[d].klo, khi, klo) < 0)
			d++;
		a0 = a;
		d0 = d;
		while (a < na && key_cmp(add[a].khi, add[a].klo, khi, klo) == 0)
			a++;
		while (d < nd && key_cmp(del[d].khi, del[d].klo, khi, klo) == 0)
			d++;
		if (a == a0 && d == d0) {
			/* untouched: the parent distances stay valid */
			memcpy(L->rec + nrec, r, nr * sizeof(*r));
			nrec += nr;
		} else {
			size_t p = 0, q = a0, x = d0;

			while (p < nr || q < a) {
				struct ptab_rec c;
				int cmp = p == nr ? 1
				    : q == a      ? -1
					     : rec_item_cmp(&r[p], &add[q]);

				if (cmp <= 0) {
					c = r[p++];
					q += cmp == 0;
				} else {
					item_rec(&add[q++], &c);
				}
				while (x < d && rec_item_cmp(&c, &del[x]) > 0)
					x++;
				if (x < d && rec_item_cmp(&c, &del[x]) == 0)
					continue;
				c.up = PTAB_UP_NONE;
				L->rec[nrec++] = c;
			}
			link_bucket(L->rec + start, nrec - start, L->kbits);
		}
		if (nrec > start) {
			nb[nnb].khi = khi;
			nb[nnb].klo = klo;
			nb[nnb].start = (uint32_t)start;
			nb[nnb].end = (uint32_t)nrec;
			nnb++;
		}
	}
	L->nrec = (uint32_t)nrec;
	*bytes += nrec * sizeof(*L->rec);
	rc = nrec > 0 ? index_level(L, nb, nnb, bytes) : 0;
out:
	rsg__free(ob);
	rsg__free(nb);
	return rc;
}

/* Items of one level as sorted, de-duplicated sort items. */
static struct sitem *
level_items(const struct ptab *t, unsigned l, const struct ptab_item *it,
    size_t n, size_t *out)
{
	struct sitem *v = rsg__reallocarray(NULL, n ? n : 1, sizeof(*v));
	size_t k = 0;

	*out = 0;
	if (v == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned lv = t->nlevels - 1;

		while (lv > 0 && it[i].len < t->lv[lv].minlen)
			lv--;
		if (lv != l)
			continue;
		ptab_key(it[i].addr, t->lv[l].kbits, &v[k].khi, &v[k].klo);
		v[k].bits = ptab_window(it[i].addr, t->lv[l].kbits);
		v[k].data = it[i].data;
		v[k].len = it[i].len;
		v[k].maxlen = it[i].maxlen;
		k++;
	}
	qsort(v, k, sizeof(*v), sitem_cmp);
	for (size_t i = 0; i < k; i++) {
		if (*out == 0 || !sitem_same_entry(&v[*out - 1], &v[i]))
			v[(*out)++] = v[i];
	}
	return v;
}

int
rsg__ptab_update(struct ptab *t, const struct ptab *old,
    const struct ptab_item *add, size_t nadd, const struct ptab_item *del,
    size_t ndel)
{
	int rc = 0;

	rsg__ptab_init(t, old->afi);
	for (unsigned l = 0; l < t->nlevels && rc == 0; l++) {
		struct sitem *a = NULL, *d = NULL;
		size_t na, nd;

		a = level_items(t, l, add, nadd, &na);
		d = level_items(t, l, del, ndel, &nd);
		if (a == NULL || d == NULL)
			rc = RSG_ENOMEM;
		else
			rc = update_level(
			    &t->lv[l], &old->lv[l], a, na, d, nd, &t->bytes);
		t->nrec += t->lv[l].nrec;
		rsg__free(a);
		rsg__free(d);
	}
	if (rc != 0)
		rsg__ptab_free(t);
	return rc;
}
