/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Replaceable allocator (rsg_set_allocator), in the manner of
 * uv_replace_allocator.
 */
#include "config.h"

#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rsguard.h"

static struct {
	void *(*malloc_fn)(size_t);
	void *(*realloc_fn)(void *, size_t);
	void *(*calloc_fn)(size_t, size_t);
	void (*free_fn)(void *);
} allocator = { malloc, realloc, calloc, free };

RSG_EXPORT int
rsg_set_allocator(void *(*malloc_fn)(size_t),
    void *(*realloc_fn)(void *, size_t), void *(*calloc_fn)(size_t, size_t),
    void (*free_fn)(void *))
{
	if (malloc_fn == NULL || realloc_fn == NULL || calloc_fn == NULL
	    || free_fn == NULL)
		return RSG_EINVAL;
	allocator.malloc_fn = malloc_fn;
	allocator.realloc_fn = realloc_fn;
	allocator.calloc_fn = calloc_fn;
	allocator.free_fn = free_fn;
	return 0;
}

void *
rsg__malloc(size_t n)
{
	return allocator.malloc_fn(n ? n : 1);
}

void *
rsg__calloc(size_t nmemb, size_t size)
{
	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	return allocator.calloc_fn(nmemb, size);
}

void *
rsg__realloc(void *p, size_t n)
{
	return allocator.realloc_fn(p, n ? n : 1);
}

void *
rsg__reallocarray(void *p, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		return NULL;
	return rsg__realloc(p, nmemb * size);
}

void
rsg__free(void *p)
{
	if (p != NULL)
		allocator.free_fn(p);
}

RSG_EXPORT void
rsg_free(void *p)
{
	rsg__free(p);
}

char *
rsg__strndup(const char *s, size_t n)
{
	char *d = rsg__malloc(n + 1);

	if (d == NULL)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *
rsg__strdup(const char *s)
{
	return rsg__strndup(s, strlen(s));
}

int
rsg__vec_grow(void **v, size_t *cap, size_t need, size_t elem)
{
	size_t ncap = *cap ? *cap : 8;
	void *nv;

	if (need <= *cap)
		return 0;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return -1;
		ncap *= 2;
	}
	nv = rsg__reallocarray(*v, ncap, elem);
	if (nv == NULL)
		return -1;
	*v = nv;
	*cap = ncap;
	return 0;
}
