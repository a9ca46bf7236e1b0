/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Allocation wrappers. Everything the library allocates goes through these
 * so that rsg_set_allocator() can replace them (OOM tests inject failures).
 */
#ifndef RSG_ALLOC_H
#define RSG_ALLOC_H

#include <stddef.h>

void *rsg__malloc(size_t n);
void *rsg__calloc(size_t nmemb, size_t size);
void *rsg__realloc(void *p, size_t n);
/* realloc of nmemb * size with an overflow check; NULL on overflow. */
void *rsg__reallocarray(void *p, size_t nmemb, size_t size);
void rsg__free(void *p);
char *rsg__strdup(const char *s);
char *rsg__strndup(const char *s, size_t n);

/*
 * A growable array of fixed-size elements: the one idiom for vectors in
 * the library. Use through the VEC_* macros on a struct holding
 * `T *v; size_t n, cap;`.
 */
int rsg__vec_grow(void **v, size_t *cap, size_t need, size_t elem);

#define VEC_RESERVE(vec, need)                                                 \
	((need) <= (vec)->cap ? 0                                              \
			      : rsg__vec_grow((void **)&(vec)->v, &(vec)->cap, \
				  (need), sizeof(*(vec)->v)))
#define VEC_PUSH(vec, val)                                                     \
	(VEC_RESERVE((vec), (vec)->n + 1) ? -1                                 \
					  : ((vec)->v[(vec)->n++] = (val), 0))
#define VEC_FREE(vec)                                                          \
	do {                                                                   \
		rsg__free((vec)->v);                                           \
		(vec)->v = NULL;                                               \
		(vec)->n = (vec)->cap = 0;                                     \
	} while (0)

#endif /* RSG_ALLOC_H */
