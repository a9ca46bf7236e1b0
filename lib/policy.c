/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Default policy: MANRS IXP Action 1 with the project defaults of
 * manrs-requirements §6 (README "Configuration" lists them).
 */
#include "config.h"

#include "policy.h"

#include <string.h>

void
rsg__knobs_default(struct knobs *k)
{
	memset(k, 0, sizeof(*k));
	for (unsigned r = 0; r < RSG_R_COUNT; r++)
		k->mode[r] = RSG_MODE_REJECT;
	/* off unless configured */
	k->mode[RSG_R_RPKI_UNKNOWN] = RSG_MODE_OFF;
	k->mode[RSG_R_ASPA_INVALID] = RSG_MODE_OFF;
	/* IRR checks belong to the IRR module; off until it has data */
	k->mode[RSG_R_IRR_PREFIX] = RSG_MODE_OFF;
	k->mode[RSG_R_IRR_ORIGIN] = RSG_MODE_OFF;
	k->mode[RSG_R_PREFIX_NOT_IN_ORIGIN] = RSG_MODE_OFF;
	k->mode[RSG_R_BLACKHOLE_UNAUTH] = RSG_MODE_OFF;
	/* NLNOG: tag (or strip) routes with >= 100 communities, do not drop */
	k->mode[RSG_R_TOO_MANY_COMMUNITIES] = RSG_MODE_TAG;
	k->nh_policy = NH_STRICT;
	k->v4_min = 8;
	k->v4_max = 24;
	k->v6_min = 12;
	k->v6_max = 48;
	k->max_path_len = 32;
	k->max_communities = 100;
	k->gshut = true;
	k->reject_policy = RSG_TAG_AND_REJECT;
	k->max_prefix_action = MAXPFX_RESTART;
	k->max_prefix_pdb = true;
	k->pdb_incr_abs = 100;
	k->pdb_incr_rel = 15;
	k->general_limit_v4 = 170000;
	k->general_limit_v6 = 12000;
	k->irr_enforce_origin = true;
	k->irr_enforce_prefix = true;
	k->irr_use_roas = true;
}
