/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * ASPA: the customer -> provider-set table (U-SPAS) and AS_PATH
 * verification per draft-ietf-sidrops-aspa-verification-27 §5 (upstream and
 * downstream). The table is a power-of-two open-addressing hash on the
 * customer ASN pointing into one array of sorted provider lists; a hop
 * lookup touches the slot and the provider list (binary search).
 */
#ifndef RSG_ASPA_H
#define RSG_ASPA_H

#include <stddef.h>
#include <stdint.h>

#include "rpki.h"
#include "rsguard.h"

struct aspa_slot {
	uint32_t customer;
	uint32_t off; /* UINT32_MAX: empty slot */
	uint32_t n;
};

struct aspa_table {
	struct aspa_slot *slot;
	uint32_t mask;
	uint32_t *prov;
	size_t ncust;
	size_t nprov;
};

/* Result of authorized(customer, provider), draft -27 §5.2. */
enum aspa_auth {
	ASPA_NO_ATTESTATION = 0,
	ASPA_PROVIDER_PLUS = 1,
	ASPA_NOT_PROVIDER_PLUS = 2,
};

/* Why a path is Invalid (for explanations). */
enum aspa_cause {
	ASPA_CAUSE_NONE = 0,
	ASPA_CAUSE_HOP = 1,      /* customer does not list provider */
	ASPA_CAUSE_NEIGHBOR = 2, /* first AS is not the neighbor */
	ASPA_CAUSE_PATH = 3,     /* empty, AS_SET or confederation */
};

struct aspa_why {
	enum aspa_cause cause;
	uint32_t customer;
	uint32_t provider;
};

void rsg__aspa_init(struct aspa_table *t);
/* Build the union of all records per customer. 0 or RSG_ENOMEM. */
int rsg__aspa_build(struct aspa_table *t, const struct aspa_set *s);
void rsg__aspa_free(struct aspa_table *t);
size_t rsg__aspa_bytes(const struct aspa_table *t);

static inline uint32_t
aspa_hash(uint32_t asn)
{
	return (uint32_t)(((uint64_t)asn * 0x9e3779b97f4a7c15ULL) >> 32);
}

/* The slot of a customer, or NULL if it has no ASPA. */
static inline const struct aspa_slot *
rsg__aspa_find(const struct aspa_table *t, uint32_t customer)
{
	uint32_t h;

	if (t->ncust == 0)
		return NULL;
	for (h = aspa_hash(customer) & t->mask;; h = (h + 1) & t->mask) {
		const struct aspa_slot *s = &t->slot[h];

		if (s->off == UINT32_MAX)
			return NULL;
		if (s->customer == customer)
			return s;
	}
}

static inline enum aspa_auth
rsg__aspa_auth(const struct aspa_table *t, uint32_t customer, uint32_t provider)
{
	const struct aspa_slot *s = rsg__aspa_find(t, customer);
	const uint32_t *p;
	size_t lo = 0, hi;

	if (s == NULL)
		return ASPA_NO_ATTESTATION;
	p = t->prov + s->off;
	hi = s->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (p[mid] < provider)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n && p[lo] == provider ? ASPA_PROVIDER_PLUS
					      : ASPA_NOT_PROVIDER_PLUS;
}

/*
 * Verify a wire AS_PATH (already checked with rsg__path_check).
 * flags: RSG_ASPA_UPSTREAM, RSG_ASPA_RS_CLIENT. neighbor 0 skips the
 * neighbor check. why (may be NULL) explains an Invalid result.
 */
enum rsg_aspa rsg__aspa_verify(const struct aspa_table *t, const uint8_t *path,
    size_t len, uint32_t neighbor, unsigned flags, struct aspa_why *why);

#endif /* RSG_ASPA_H */
