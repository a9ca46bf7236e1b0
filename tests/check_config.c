/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The configuration file (lib/config.c): defaults, arouteserver's layout
 * with every key, inheritance, diagnostics with their exact positions,
 * all-or-nothing loads, source paths, copies and allocation failures.
 */
#include "config.h"

#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "addr.h"
#include "bogon.h"
#include "cfg.h"
#include "suites.h"
#include "util.h"
#include "testutil.h"
#include "util.h"

static const uint32_t tf16[] = { 174, 701, 1299, 2914, 3257, 3320, 3356, 3491,
	4134, 5511, 6453, 6461, 6762, 6830, 7018, 12956 };

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static void
dump(const struct rsg_config *cfg)
{
	for (size_t i = 0; i < rsg_config_error_count(cfg); i++)
		fprintf(stderr, "  error: %s\n", rsg_config_error(cfg, i));
	for (size_t i = 0; i < rsg_config_warning_count(cfg); i++)
		fprintf(stderr, "  warning: %s\n", rsg_config_warning(cfg, i));
}

/* Load inline YAML as "t.yml" and expect rc. */
/* Whether any community function is configured. */
static bool
comm_any(const struct rsg_config *cfg)
{
	for (unsigned i = 0; i < COMMF_COUNT; i++) {
		for (unsigned f = 0; f < FORM_COUNT; f++) {
			if (cfg->comm[i].form[f].set)
				return true;
		}
	}
	return false;
}

static struct rsg_config *
load_rc(const char *yaml, int want)
{
	struct rsg_config *cfg;
	int rc;

	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	rc = rsg_config_load_string(cfg, yaml, strlen(yaml), "t.yml");
	if (rc != want)
		dump(cfg);
	ck_assert_msg(rc == want, "load returned %s, expected %s",
	    rsg_err_name(rc), rsg_err_name(want));
	return cfg;
}

static struct rsg_config *
load_ok(const char *yaml)
{
	return load_rc(yaml, 0);
}

static bool
has_msg(const struct rsg_config *cfg, bool error, const char *msg)
{
	size_t n =
	    error ? rsg_config_error_count(cfg) : rsg_config_warning_count(cfg);

	for (size_t i = 0; i < n; i++) {
		const char *m = error ? rsg_config_error(cfg, i)
				      : rsg_config_warning(cfg, i);

		if (strcmp(m, msg) == 0)
			return true;
	}
	return false;
}

#define ck_has_error(cfg, msg)                                                 \
	do {                                                                   \
		if (!has_msg((cfg), true, (msg)))                              \
			dump(cfg);                                             \
		ck_assert_msg(has_msg((cfg), true, (msg)),                     \
		    "missing error \"%s\"", (msg));                            \
	} while (0)

#define ck_has_warning(cfg, msg)                                               \
	do {                                                                   \
		if (!has_msg((cfg), false, (msg)))                             \
			dump(cfg);                                             \
		ck_assert_msg(has_msg((cfg), false, (msg)),                    \
		    "missing warning \"%s\"", (msg));                          \
	} while (0)

/* A config that failed must hold exactly the defaults. */
static void
assert_defaults(const struct rsg_config *cfg)
{
	struct knobs d;

	rsg__knobs_default(&d);
	ck_assert_uint_eq(cfg->rs_as, 0);
	ck_assert(memcmp(cfg->k.mode, d.mode, sizeof(d.mode)) == 0);
	ck_assert_uint_eq(cfg->k.nh_policy, d.nh_policy);
	ck_assert_uint_eq(cfg->k.v4_min, d.v4_min);
	ck_assert_uint_eq(cfg->k.v4_max, d.v4_max);
	ck_assert_uint_eq(cfg->k.v6_min, d.v6_min);
	ck_assert_uint_eq(cfg->k.v6_max, d.v6_max);
	ck_assert_uint_eq(cfg->k.max_path_len, d.max_path_len);
	ck_assert_uint_eq(cfg->k.max_communities, d.max_communities);
	ck_assert_uint_eq(cfg->k.reject_policy, d.reject_policy);
	ck_assert(cfg->k.gshut == d.gshut);
	ck_assert(cfg->k.rfc8950 == d.rfc8950);
	ck_assert_uint_eq(cfg->k.max_prefix_action, d.max_prefix_action);
	ck_assert_uint_eq(cfg->k.general_limit_v4, d.general_limit_v4);
	ck_assert_uint_eq(cfg->global_blacklist.n, 0);
	ck_assert_uint_eq(cfg->peering_lans.n, 0);
	ck_assert_uint_eq(cfg->bogons.n, 0);
	ck_assert(!cfg->bogons_given);
	ck_assert_uint_eq(cfg->transit_free.n, 16);
	for (size_t i = 0; i < 16; i++)
		ck_assert_uint_eq(cfg->transit_free.v[i], tf16[i]);
	ck_assert_uint_eq(cfg->never_via_rs.n, 0);
	ck_assert(cfg->never_via_rs_pdb);
	ck_assert(!cfg->comm[COMMF_REJECT_CAUSE].form[FORM_LRG].set);
	ck_assert(!cfg->comm[COMMF_ANNOUNCED_BY].form[FORM_LRG].set);
	ck_assert(cfg->info_communities);
	ck_assert_int_eq(cfg->rpki_max_age, 21600);
	ck_assert(cfg->rpki_check_expires);
	ck_assert_uint_eq(cfg->allowed_tas.n, 0);
	ck_assert_uint_eq(cfg->vrp_files.n, 0);
	ck_assert_uint_eq(cfg->aspa_files.n, 0);
	ck_assert_uint_eq(cfg->slurm_files.n, 0);
	ck_assert_ptr_null(cfg->peeringdb_file);
	ck_assert_ptr_null(cfg->bogons_v4_file);
	ck_assert_ptr_null(cfg->bogons_v6_file);
	ck_assert_uint_eq(cfg->rtr.n, 0);
	ck_assert_uint_eq(cfg->rtr_refresh, 3600);
	ck_assert_uint_eq(cfg->rtr_retry, 600);
	ck_assert_uint_eq(cfg->rtr_expire, 7200);
	ck_assert(cfg->rtr_cache_timers);
	ck_assert_uint_eq(cfg->file_refresh, 600);
	ck_assert_uint_eq(cfg->max_shrink_pct, 50);
	ck_assert_uint_eq(cfg->clients.n, 0);
}

static void
assert_knobs_equal(const struct knobs *a, const struct knobs *b)
{
	ck_assert(memcmp(a->mode, b->mode, sizeof(a->mode)) == 0);
	ck_assert_uint_eq(a->nh_policy, b->nh_policy);
	ck_assert_uint_eq(a->v4_min, b->v4_min);
	ck_assert_uint_eq(a->v4_max, b->v4_max);
	ck_assert_uint_eq(a->v6_min, b->v6_min);
	ck_assert_uint_eq(a->v6_max, b->v6_max);
	ck_assert_uint_eq(a->max_path_len, b->max_path_len);
	ck_assert_uint_eq(a->max_communities, b->max_communities);
	ck_assert(a->transparent_rs == b->transparent_rs);
	ck_assert(a->rfc8950 == b->rfc8950);
	ck_assert(a->gshut == b->gshut);
	ck_assert_uint_eq(a->reject_policy, b->reject_policy);
	ck_assert_uint_eq(a->max_prefix_action, b->max_prefix_action);
	ck_assert(a->max_prefix_pdb == b->max_prefix_pdb);
	ck_assert_uint_eq(a->max_prefix_v4, b->max_prefix_v4);
	ck_assert_uint_eq(a->max_prefix_v6, b->max_prefix_v6);
	ck_assert_uint_eq(a->pdb_incr_abs, b->pdb_incr_abs);
	ck_assert_uint_eq(a->pdb_incr_rel, b->pdb_incr_rel);
	ck_assert_uint_eq(a->general_limit_v4, b->general_limit_v4);
	ck_assert_uint_eq(a->general_limit_v6, b->general_limit_v6);
	ck_assert(a->irr_enforce_origin == b->irr_enforce_origin);
	ck_assert(a->irr_enforce_prefix == b->irr_enforce_prefix);
	ck_assert(a->irr_allow_longer == b->irr_allow_longer);
	ck_assert(a->irr_use_roas == b->irr_use_roas);
}

static void
assert_str_vec_equal(const struct str_vec *a, const struct str_vec *b)
{
	ck_assert_uint_eq(a->n, b->n);
	for (size_t i = 0; i < a->n; i++)
		ck_assert_str_eq(a->v[i], b->v[i]);
}

static void
assert_pfx_vec_equal(const struct pfx_vec *a, const struct pfx_vec *b)
{
	ck_assert_uint_eq(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		ck_assert(pfx_equal(&a->v[i].pfx, &b->v[i].pfx));
		ck_assert_uint_eq(a->v[i].ge, b->v[i].ge);
		ck_assert_uint_eq(a->v[i].le, b->v[i].le);
		if (a->v[i].comment == NULL)
			ck_assert_ptr_null(b->v[i].comment);
		else
			ck_assert_str_eq(a->v[i].comment, b->v[i].comment);
	}
}

static void
assert_ip_vec_equal(const struct ip_vec *a, const struct ip_vec *b)
{
	ck_assert_uint_eq(a->n, b->n);
	for (size_t i = 0; i < a->n; i++)
		ck_assert(ip_equal(&a->v[i], &b->v[i]));
}

static void
assert_asn_vec_equal(const struct asn_vec *a, const struct asn_vec *b)
{
	ck_assert_uint_eq(a->n, b->n);
	for (size_t i = 0; i < a->n; i++)
		ck_assert_uint_eq(a->v[i], b->v[i]);
}

static void
assert_opt_str_equal(const char *a, const char *b)
{
	if (a == NULL)
		ck_assert_ptr_null(b);
	else
		ck_assert_str_eq(a, b);
}

/* Every field of two configurations, diagnostics included. */
static void
assert_cfg_equal(const struct rsg_config *a, const struct rsg_config *b)
{
	assert_str_vec_equal(&a->errors, &b->errors);
	assert_str_vec_equal(&a->warnings, &b->warnings);
	ck_assert(a->log_cb == b->log_cb);
	ck_assert_ptr_eq(a->log_arg, b->log_arg);
	ck_assert_int_eq(a->as_of, b->as_of);
	ck_assert_uint_eq(a->src_len, b->src_len);
	if (a->src_text == NULL)
		ck_assert_ptr_null(b->src_text);
	else
		ck_assert(memcmp(a->src_text, b->src_text, a->src_len) == 0);
	assert_opt_str_equal(a->src_name, b->src_name);
	assert_opt_str_equal(a->base_dir, b->base_dir);
	ck_assert_uint_eq(a->rs_as, b->rs_as);
	assert_knobs_equal(&a->k, &b->k);
	assert_pfx_vec_equal(&a->global_blacklist, &b->global_blacklist);
	assert_pfx_vec_equal(&a->peering_lans, &b->peering_lans);
	assert_asn_vec_equal(&a->transit_free, &b->transit_free);
	assert_asn_vec_equal(&a->never_via_rs, &b->never_via_rs);
	ck_assert(a->never_via_rs_pdb == b->never_via_rs_pdb);
	ck_assert(memcmp(a->comm, b->comm, sizeof(a->comm)) == 0);
	ck_assert(memcmp(&a->bh, &b->bh, sizeof(a->bh)) == 0);
	ck_assert(a->info_communities == b->info_communities);
	ck_assert_int_eq(a->rpki_max_age, b->rpki_max_age);
	ck_assert(a->rpki_check_expires == b->rpki_check_expires);
	assert_str_vec_equal(&a->allowed_tas, &b->allowed_tas);
	ck_assert_uint_eq(a->vrp_files.n, b->vrp_files.n);
	for (size_t i = 0; i < a->vrp_files.n; i++) {
		ck_assert_str_eq(
		    a->vrp_files.v[i].path, b->vrp_files.v[i].path);
		ck_assert_int_eq(
		    a->vrp_files.v[i].format, b->vrp_files.v[i].format);
	}
	assert_str_vec_equal(&a->aspa_files, &b->aspa_files);
	assert_str_vec_equal(&a->slurm_files, &b->slurm_files);
	assert_opt_str_equal(a->peeringdb_file, b->peeringdb_file);
	assert_opt_str_equal(a->bogons_v4_file, b->bogons_v4_file);
	assert_opt_str_equal(a->bogons_v6_file, b->bogons_v6_file);
	ck_assert_uint_eq(a->rtr.n, b->rtr.n);
	for (size_t i = 0; i < a->rtr.n; i++) {
		const struct cfg_rtr *x = &a->rtr.v[i], *y = &b->rtr.v[i];

		ck_assert_str_eq(x->host, y->host);
		ck_assert_str_eq(x->port, y->port);
		assert_opt_str_equal(x->bind, y->bind);
		ck_assert_uint_eq(x->preference, y->preference);
		ck_assert_int_eq(x->transport, y->transport);
		assert_opt_str_equal(x->ssh_user, y->ssh_user);
		assert_opt_str_equal(x->ssh_key, y->ssh_key);
		assert_opt_str_equal(x->ssh_known_hosts, y->ssh_known_hosts);
		assert_opt_str_equal(x->ssh_password, y->ssh_password);
		ck_assert_uint_eq(x->line, y->line);
	}
	ck_assert_uint_eq(a->rtr_refresh, b->rtr_refresh);
	ck_assert_uint_eq(a->rtr_retry, b->rtr_retry);
	ck_assert_uint_eq(a->rtr_expire, b->rtr_expire);
	ck_assert(a->rtr_cache_timers == b->rtr_cache_timers);
	ck_assert_uint_eq(a->file_refresh, b->file_refresh);
	ck_assert_uint_eq(a->max_shrink_pct, b->max_shrink_pct);
	ck_assert_uint_eq(a->clients.n, b->clients.n);
	for (size_t i = 0; i < a->clients.n; i++) {
		const struct cfg_client *x = &a->clients.v[i];
		const struct cfg_client *y = &b->clients.v[i];

		ck_assert_uint_eq(x->asn, y->asn);
		assert_opt_str_equal(x->description, y->description);
		assert_ip_vec_equal(&x->ips, &y->ips);
		assert_ip_vec_equal(&x->nh_authorized, &y->nh_authorized);
		assert_pfx_vec_equal(&x->blacklist, &y->blacklist);
		assert_str_vec_equal(&x->as_sets, &y->as_sets);
		ck_assert(x->own_transit_free == y->own_transit_free);
		assert_asn_vec_equal(&x->transit_free, &y->transit_free);
		assert_knobs_equal(&x->k, &y->k);
		ck_assert_uint_eq(x->line, y->line);
	}
}

static void
assert_pfx_entry(const struct pfx_entry *e, const char *pfx, unsigned ge,
    unsigned le, const char *comment)
{
	struct rsg_prefix p = tu_pfx(pfx);

	ck_assert_msg(pfx_equal(&e->pfx, &p), "prefix is not %s", pfx);
	ck_assert_uint_eq(e->ge, ge);
	ck_assert_uint_eq(e->le, le);
	assert_opt_str_equal(comment, e->comment);
}

/* realpath of tests/data/<rel> */
static const char *
data_dir(const char *rel)
{
	static char buf[PATH_MAX];

	ck_assert_ptr_nonnull(realpath(tu_data(rel), buf));
	return buf;
}

/* ------------------------------------------------------------------ */
/* Defaults and the complete file                                      */
/* ------------------------------------------------------------------ */

START_TEST(test_defaults)
{
	struct rsg_config *cfg;

	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	assert_defaults(cfg);
	ck_assert_uint_eq(rsg_config_error_count(cfg), 0);
	ck_assert_uint_eq(rsg_config_warning_count(cfg), 0);
	ck_assert_ptr_null(rsg_config_error(cfg, 0));
	ck_assert_ptr_null(rsg_config_warning(cfg, 0));
	/* rsguard's choices (README "Configuration") */
	ck_assert_uint_eq(cfg->k.mode[RSG_R_RPKI_INVALID], RSG_MODE_REJECT);
	ck_assert_uint_eq(cfg->k.mode[RSG_R_RPKI_UNKNOWN], RSG_MODE_OFF);
	ck_assert_uint_eq(cfg->k.mode[RSG_R_ASPA_INVALID], RSG_MODE_OFF);
	ck_assert_uint_eq(cfg->k.mode[RSG_R_TRANSIT_FREE], RSG_MODE_REJECT);
	ck_assert_uint_eq(cfg->k.mode[RSG_R_NEVER_VIA_RS], RSG_MODE_REJECT);
	/* IRR: rejected when enforced (irrdb.enforce_*), with an IRR source */
	ck_assert_uint_eq(cfg->k.mode[RSG_R_IRR_ORIGIN], RSG_MODE_REJECT);
	rsg_config_set_as_of(cfg, 1234567890);
	ck_assert_int_eq(cfg->as_of, 1234567890);
	rsg_config_free(cfg);
	rsg_config_free(NULL);
	ck_assert_int_eq(rsg_config_new(NULL), RSG_EINVAL);
	ck_assert_uint_eq(rsg_config_error_count(NULL), 0);
	ck_assert_ptr_null(rsg_config_error(NULL, 0));
	ck_assert_int_eq(rsg_config_load_string(NULL, "", 0, "x"), RSG_EINVAL);
	ck_assert_int_eq(rsg_config_load_file(NULL, "x"), RSG_EINVAL);
}
END_TEST

START_TEST(test_full_arouteserver_layout)
{
	const char *path = tu_data("config/full.yml");
	const char *dir = data_dir("config");
	const struct cfg_client *c;
	struct rsg_config *cfg;
	char buf[2 * PATH_MAX + 256];
	int rc;

	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	rc = rsg_config_load_file(cfg, path);
	if (rc != 0)
		dump(cfg);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(rsg_config_error_count(cfg), 0);

	/* general */
	ck_assert_uint_eq(cfg->rs_as, 64496);
	ck_assert(cfg->k.rfc8950);
	ck_assert(cfg->info_communities);
	ck_assert_uint_eq(cfg->k.nh_policy, NH_SAME_AS);
	ck_assert_uint_eq(cfg->k.v4_min, 8);
	ck_assert_uint_eq(cfg->k.v4_max, 24);
	ck_assert_uint_eq(cfg->k.v6_min, 16);
	ck_assert_uint_eq(cfg->k.v6_max, 48);
	ck_assert_uint_eq(cfg->global_blacklist.n, 4);
	assert_pfx_entry(&cfg->global_blacklist.v[0], "192.0.2.0/24", 24, 32,
	    "Local network");
	assert_pfx_entry(
	    &cfg->global_blacklist.v[1], "198.51.100.0/24", 24, 32, NULL);
	assert_pfx_entry(
	    &cfg->global_blacklist.v[2], "2001:db8::/32", 32, 32, NULL);
	assert_pfx_entry(
	    &cfg->global_blacklist.v[3], "203.0.113.0/24", 25, 28, NULL);
	ck_assert_uint_eq(cfg->peering_lans.n, 2);
	assert_pfx_entry(&cfg->peering_lans.v[0], "192.0.2.0/24", 24, 32, NULL);
	assert_pfx_entry(
	    &cfg->peering_lans.v[1], "2001:db8:ffff::/64", 64, 128, NULL);
	ck_assert_uint_eq(cfg->k.max_path_len, 64);
	ck_assert_uint_eq(cfg->k.mode[RSG_R_BOGON_ASN], RSG_MODE_REJECT);
	ck_assert_uint_eq(cfg->k.mode[RSG_R_TRANSIT_FREE], RSG_MODE_TAG);
	ck_assert_uint_eq(cfg->transit_free.n, 4);
	ck_assert_uint_eq(cfg->transit_free.v[0], 174);
	ck_assert_uint_eq(cfg->transit_free.v[3], 2914);
	ck_assert(!cfg->never_via_rs_pdb);
	ck_assert_uint_eq(cfg->never_via_rs.n, 2);
	ck_assert_uint_eq(cfg->never_via_rs.v[0], 64511);
	ck_assert_uint_eq(cfg->never_via_rs.v[1], 64510);
	ck_assert_uint_eq(cfg->k.mode[RSG_R_NEVER_VIA_RS], RSG_MODE_REJECT);
	ck_assert(cfg->k.irr_enforce_origin);
	ck_assert(!cfg->k.irr_enforce_prefix);
	ck_assert(cfg->k.irr_allow_longer);
	ck_assert(!cfg->k.irr_use_roas);
	ck_assert_uint_eq(cfg->k.mode[RSG_R_IRR_PREFIX], RSG_MODE_REJECT);
	ck_assert_uint_eq(cfg->k.mode[RSG_R_IRR_ORIGIN], RSG_MODE_REJECT);
	ck_assert_uint_eq(cfg->k.mode[RSG_R_RPKI_INVALID], RSG_MODE_TAG);
	ck_assert_uint_eq(cfg->k.mode[RSG_R_RPKI_UNKNOWN], RSG_MODE_OFF);
	ck_assert_uint_eq(cfg->k.max_prefix_action, MAXPFX_BLOCK);
	ck_assert(cfg->k.max_prefix_pdb);
	ck_assert_uint_eq(cfg->k.pdb_incr_abs, 50);
	ck_assert_uint_eq(cfg->k.pdb_incr_rel, 10);
	ck_assert_uint_eq(cfg->k.general_limit_v4, 200000);
	ck_assert_uint_eq(cfg->k.general_limit_v6, 20000);
	ck_assert_uint_eq(cfg->k.mode[RSG_R_OTC_LEAK], RSG_MODE_REJECT);
	ck_assert_uint_eq(cfg->k.reject_policy, RSG_TAG);
	ck_assert_uint_eq(cfg->k.mode[RSG_R_ASPA_INVALID], RSG_MODE_TAG);
	ck_assert_uint_eq(cfg->k.max_communities, 150);
	ck_assert_uint_eq(
	    cfg->k.mode[RSG_R_TOO_MANY_COMMUNITIES], RSG_MODE_REJECT);
	ck_assert_uint_eq(cfg->k.mode[RSG_R_PATH_TOO_SHORT], RSG_MODE_TAG);
	ck_assert_uint_eq(cfg->k.mode[RSG_R_PEERING_LAN], RSG_MODE_OFF);
	ck_assert(cfg->k.gshut);
	ck_assert_uint_eq(cfg->allowed_tas.n, 2);
	ck_assert_str_eq(cfg->allowed_tas.v[0], "RIPE NCC RPKI Root");
	ck_assert_str_eq(cfg->allowed_tas.v[1], "ripe");
	ck_assert_int_eq(cfg->rpki_max_age, 3600);
	ck_assert(!cfg->rpki_check_expires);
	ck_assert_uint_eq(
	    cfg->comm[COMMF_REJECT_CAUSE].form[FORM_LRG].kind[0], CP_RS_AS);
	ck_assert_uint_eq(
	    cfg->comm[COMMF_REJECT_CAUSE].form[FORM_LRG].part[1], 65520);
	ck_assert_uint_eq(
	    cfg->comm[COMMF_REJECT_CAUSE].form[FORM_LRG].kind[2], CP_DYN_VAL);
	ck_assert_uint_eq(
	    cfg->comm[COMMF_ANNOUNCED_BY].form[FORM_LRG].part[1], 65524);
	ck_assert(cfg->comm[COMMF_BLACKHOLING].form[FORM_STD].set);
	ck_assert(cfg->comm[COMMF_BLACKHOLING].form[FORM_EXT].set);
	ck_assert(!cfg->comm[COMMF_BLACKHOLING].form[FORM_LRG].set);
	ck_assert_uint_eq(
	    cfg->comm[COMMF_NOT_TO_PEER].form[FORM_LRG].kind[2], CP_PEER_AS);
	ck_assert(cfg->reject_map[14].form[FORM_LRG].set);
	ck_assert_uint_eq(cfg->reject_map[14].form[FORM_LRG].part[2], 13);
	ck_assert_uint_eq(cfg->bh.policy[0], RSG_BLACKHOLE_REWRITE_NEXT_HOP);
	ck_assert_uint_eq(cfg->bh.policy[1], RSG_BLACKHOLE_PROPAGATE);
	ck_assert_uint_eq(cfg->bh.next_hop[0].afi, RSG_AFI_IPV4);
	ck_assert_uint_eq(cfg->bh.next_hop[0].addr[0], 0xc0000242u);
	ck_assert(cfg->bh.add_noexport);
	ck_assert(!cfg->k.bh_announce);
	ck_assert_uint_eq(cfg->ncustoms, 1);
	ck_assert_str_eq(cfg->customs[0].name, "my_tag");

	/* asns + clients */
	ck_assert_uint_eq(cfg->clients.n, 2);
	c = &cfg->clients.v[0];
	ck_assert_uint_eq(c->asn, 64500);
	ck_assert_uint_eq(c->line, 147);
	ck_assert_str_eq(c->description, "Example client, AS-level AS-SETs");
	ck_assert_uint_eq(c->ips.n, 2);
	{
		struct rsg_ip a = tu_ip("192.0.2.11"),
			      b = tu_ip("2001:db8::11");

		ck_assert(ip_equal(&c->ips.v[0], &a));
		ck_assert(ip_equal(&c->ips.v[1], &b));
	}
	ck_assert_uint_eq(c->as_sets.n, 2);
	ck_assert_str_eq(c->as_sets.v[0], "AS-EXAMPLE");
	ck_assert_str_eq(c->as_sets.v[1], "RIPE::AS-EXAMPLE-V6");
	ck_assert(!c->own_transit_free);
	ck_assert_uint_eq(c->transit_free.n, 0);
	assert_knobs_equal(&c->k, &cfg->k);

	c = &cfg->clients.v[1];
	ck_assert_uint_eq(c->asn, 64501);
	ck_assert_uint_eq(c->line, 153);
	ck_assert(c->k.bh_announce);
	ck_assert_uint_eq(c->k.customs, 1);
	ck_assert(!c->k.rfc8950);
	ck_assert(!c->k.gshut);
	ck_assert_uint_eq(c->k.nh_policy, NH_AUTHORIZED);
	ck_assert_uint_eq(c->nh_authorized.n, 2);
	ck_assert_uint_eq(c->k.v4_min, 8);
	ck_assert_uint_eq(c->k.v4_max, 28);
	ck_assert_uint_eq(c->k.v6_min, 19);
	ck_assert_uint_eq(c->k.v6_max, 64);
	ck_assert_uint_eq(c->blacklist.n, 1);
	assert_pfx_entry(&c->blacklist.v[0], "198.18.0.0/15", 15, 32, NULL);
	ck_assert_uint_eq(c->k.max_path_len, 20);
	ck_assert_uint_eq(c->k.mode[RSG_R_BOGON_ASN], RSG_MODE_OFF);
	ck_assert_uint_eq(c->as_sets.n, 1);
	ck_assert_str_eq(c->as_sets.v[0], "AS-CLIENT21");
	ck_assert(!c->k.irr_enforce_origin);
	ck_assert(c->k.irr_enforce_prefix);
	ck_assert(!c->k.irr_allow_longer);
	/* general: enabled, reject_invalid false; client: reject_invalid */
	ck_assert_uint_eq(c->k.mode[RSG_R_RPKI_INVALID], RSG_MODE_REJECT);
	ck_assert_uint_eq(c->k.mode[RSG_R_RPKI_UNKNOWN], RSG_MODE_REJECT);
	ck_assert_uint_eq(c->k.max_prefix_action, MAXPFX_SHUTDOWN);
	ck_assert(!c->k.max_prefix_pdb);
	ck_assert_uint_eq(c->k.max_prefix_v4, 1000);
	ck_assert_uint_eq(c->k.max_prefix_v6, 100);
	ck_assert_uint_eq(c->k.pdb_incr_abs, 50);
	ck_assert_uint_eq(c->k.mode[RSG_R_TRANSIT_FREE], RSG_MODE_REJECT);
	ck_assert(c->own_transit_free);
	ck_assert_uint_eq(c->transit_free.n, 1);
	ck_assert_uint_eq(c->transit_free.v[0], 3356);
	ck_assert_uint_eq(c->k.mode[RSG_R_OTC_LEAK], RSG_MODE_OFF);
	ck_assert_uint_eq(c->k.reject_policy, RSG_TAG_AND_REJECT);
	ck_assert_uint_eq(c->k.mode[RSG_R_ASPA_INVALID], RSG_MODE_REJECT);
	ck_assert_uint_eq(c->k.max_communities, 50);
	ck_assert_uint_eq(c->k.mode[RSG_R_TOO_MANY_COMMUNITIES], RSG_MODE_OFF);
	ck_assert(c->k.transparent_rs);
	ck_assert_uint_eq(c->k.mode[RSG_R_FIRST_AS], RSG_MODE_OFF);
	ck_assert_uint_eq(c->k.mode[RSG_R_PATH_TOO_SHORT], RSG_MODE_TAG);
	ck_assert_uint_eq(c->k.mode[RSG_R_PEERING_LAN], RSG_MODE_OFF);

	/* sources: relative to the file's directory */
	ck_assert_uint_eq(cfg->vrp_files.n, 2);
	snprintf(buf, sizeof(buf), "%s/vrps.csv", dir);
	ck_assert_str_eq(cfg->vrp_files.v[0].path, buf);
	ck_assert_int_eq(cfg->vrp_files.v[0].format, RPKI_FMT_AUTO);
	ck_assert_str_eq(
	    cfg->vrp_files.v[1].path, "/nonexistent/rsguard-test/vrps.json");
	ck_assert_int_eq(cfg->vrp_files.v[1].format, RPKI_FMT_JSON);
	ck_assert_uint_eq(cfg->aspa_files.n, 1);
	snprintf(buf, sizeof(buf), "%s/aspa.json", dir);
	ck_assert_str_eq(cfg->aspa_files.v[0], buf);
	ck_assert_uint_eq(cfg->slurm_files.n, 1);
	snprintf(buf, sizeof(buf), "%s/slurm.json", dir);
	ck_assert_str_eq(cfg->slurm_files.v[0], buf);
	snprintf(buf, sizeof(buf), "%s/peeringdb.json", dir);
	ck_assert_str_eq(cfg->peeringdb_file, buf);
	snprintf(buf, sizeof(buf), "%s/bogons4.txt", dir);
	ck_assert_str_eq(cfg->bogons_v4_file, buf);
	snprintf(buf, sizeof(buf), "%s/bogons6.txt", dir);
	ck_assert_str_eq(cfg->bogons_v6_file, buf);

	/* what is accepted but not used */
	ck_assert_uint_eq(rsg_config_warning_count(cfg), 22);
	snprintf(buf, sizeof(buf),
	    "%s:7:3: router_id: not used by rsguard: a BGP daemon setting",
	    path);
	ck_assert_str_eq(rsg_config_warning(cfg, 0), buf);
	snprintf(buf, sizeof(buf),
	    "%s:108:5: rpki_roas.source: not used by rsguard: rsguard reads "
	    "VRPs from sources.vrps",
	    path);
	ck_has_warning(cfg, buf);
	snprintf(buf, sizeof(buf),
	    "%s:216:13: sources.vrps: /nonexistent/rsguard-test/vrps.json: No "
	    "such file or directory (it may appear later)",
	    path);
	ck_has_warning(cfg, buf);
	rsg_config_free(cfg);
}
END_TEST

/* examples/rsguard.yml stays valid, and warns only about its data files */
START_TEST(test_example)
{
	const char *path = TOP_SRCDIR "/examples/rsguard.yml";
	struct rsg_config *cfg;
	int rc;

	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	rc = rsg_config_load_file(cfg, path);
	if (rc != 0)
		dump(cfg);
	ck_assert_int_eq(rc, 0);
	for (size_t i = 0; i < rsg_config_warning_count(cfg); i++)
		ck_assert_ptr_nonnull(strstr(
		    rsg_config_warning(cfg, i), "(it may appear later)"));
	ck_assert_uint_eq(cfg->rs_as, 64496);
	ck_assert_uint_eq(cfg->clients.n, 5);
	/* examples/bogons.yml restates the built-in lists */
	ck_assert(cfg->bogons_given);
	{
		struct pfx_vec b = { 0 };

		ck_assert_int_eq(rsg__bogons_builtin(&b, RSG_AFI_IPV4), 0);
		ck_assert_int_eq(rsg__bogons_builtin(&b, RSG_AFI_IPV6), 0);
		ck_assert_uint_eq(b.n, cfg->bogons.n);
		for (size_t i = 0; i < b.n; i++) {
			ck_assert(
			    pfx_equal(&b.v[i].pfx, &cfg->bogons.v[i].pfx));
			ck_assert_uint_eq(b.v[i].ge, cfg->bogons.v[i].ge);
			ck_assert_uint_eq(b.v[i].le, cfg->bogons.v[i].le);
		}
		rsg__pfx_vec_free(&b);
	}
	ck_assert_uint_eq(cfg->clients.v[1].k.nh_policy, NH_SAME_AS);
	assert_knobs_equal(&cfg->clients.v[1].k, &cfg->clients.v[2].k);
	assert_str_vec_equal(
	    &cfg->clients.v[1].as_sets, &cfg->clients.v[2].as_sets);
	ck_assert_str_eq(cfg->clients.v[0].as_sets.v[0], "AS-EXAMPLE-A");
	ck_assert(cfg->clients.v[4].k.transparent_rs);
	/* two independent validators, used together */
	ck_assert_uint_eq(cfg->rtr.n, 2);
	for (size_t i = 0; i < 2; i++) {
		ck_assert_uint_eq(cfg->rtr.v[i].preference, 1);
		ck_assert_int_eq(cfg->rtr.v[i].transport, RTR_TCP);
		ck_assert_ptr_null(cfg->rtr.v[i].bind);
	}
	ck_assert_str_eq(cfg->rtr.v[0].host, "198.51.100.10");
	ck_assert_str_eq(cfg->rtr.v[0].port, "3323");
	ck_assert_str_eq(cfg->rtr.v[1].host, "198.51.100.20");
	ck_assert_str_eq(cfg->rtr.v[1].port, "8282");
	ck_assert_uint_eq(cfg->rtr_refresh, 3600);
	ck_assert_uint_eq(cfg->rtr_expire, 7200);
	ck_assert_uint_eq(cfg->file_refresh, 600);
	ck_assert_uint_eq(cfg->max_shrink_pct, 50);
	rsg_config_free(cfg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Inheritance                                                         */
/* ------------------------------------------------------------------ */

START_TEST(test_inheritance)
{
	/* clients come first: the general section is still read first */
	static const char yaml[] =
	    "clients:\n"
	    "  - asn: 64500\n"
	    "    ip: 192.0.2.1\n"
	    "  - asn: 64501\n"
	    "    ip: [192.0.2.2]\n"
	    "    cfg:\n"
	    "      filtering:\n"
	    "        irrdb: {as_sets: [AS-OWN]}\n"
	    "        max_as_path_len: 10\n"
	    "        rpki_bgp_origin_validation:\n"
	    "          enabled: true\n"
	    "        transit_free: {asns: []}\n"
	    "  - asn: 64502\n"
	    "    ip: 192.0.2.3\n"
	    "asns:\n"
	    "  AS64500: {as_sets: [AS-SET-A, AS-SET-B]}\n"
	    "  AS64501: {as_sets: [AS-IGNORED]}\n"
	    "cfg:\n"
	    "  rs_as: 64496\n"
	    "  filtering:\n"
	    "    max_as_path_len: 40\n"
	    "    rpki_bgp_origin_validation:\n"
	    "      enabled: false\n"
	    "      reject_invalid: false\n"
	    "    next_hop: {policy: same-as}\n";
	struct rsg_config *cfg = load_ok(yaml);
	const struct cfg_client *c;

	ck_assert_uint_eq(cfg->clients.n, 3);
	ck_assert_uint_eq(cfg->k.mode[RSG_R_RPKI_INVALID], RSG_MODE_OFF);
	c = &cfg->clients.v[0];
	ck_assert_uint_eq(c->line, 2);
	assert_knobs_equal(&c->k, &cfg->k);
	ck_assert_uint_eq(c->k.max_path_len, 40);
	ck_assert_uint_eq(c->k.nh_policy, NH_SAME_AS);
	ck_assert_uint_eq(c->as_sets.n, 2);
	ck_assert_str_eq(c->as_sets.v[0], "AS-SET-A");
	ck_assert_str_eq(c->as_sets.v[1], "AS-SET-B");
	c = &cfg->clients.v[1];
	ck_assert_uint_eq(c->line, 4);
	ck_assert_uint_eq(c->k.max_path_len, 10);
	ck_assert_uint_eq(c->k.nh_policy, NH_SAME_AS);
	/* enabled here, reject_invalid false inherited: tag */
	ck_assert_uint_eq(c->k.mode[RSG_R_RPKI_INVALID], RSG_MODE_TAG);
	ck_assert_uint_eq(c->as_sets.n, 1);
	ck_assert_str_eq(c->as_sets.v[0], "AS-OWN");
	ck_assert(c->own_transit_free);
	ck_assert_uint_eq(c->transit_free.n, 0);
	c = &cfg->clients.v[2];
	ck_assert_uint_eq(c->as_sets.n, 0);
	assert_knobs_equal(&c->k, &cfg->k);
	rsg_config_free(cfg);
}
END_TEST

START_TEST(test_modes)
{
	struct rsg_config *cfg;

	/* reason_actions wins whatever its place in the mapping */
	cfg =
	    load_ok("cfg:\n"
		    "  rs_as: 1\n"
		    "  filtering:\n"
		    "    reason_actions: {rpki_invalid: off, bogon_asn: tag}\n"
		    "    rpki_bgp_origin_validation: {enabled: true}\n"
		    "    reject_invalid_as_in_as_path: true\n");
	ck_assert_uint_eq(cfg->k.mode[RSG_R_RPKI_INVALID], RSG_MODE_OFF);
	ck_assert_uint_eq(cfg->k.mode[RSG_R_BOGON_ASN], RSG_MODE_TAG);
	rsg_config_free(cfg);

	/* never_via_route_servers with no source: off */
	cfg = load_ok("cfg:\n"
		      "  rs_as: 1\n"
		      "  filtering:\n"
		      "    never_via_route_servers: {peering_db: false}\n"
		      "    transit_free: {action: none}\n"
		      "    roles: {enabled: false}\n"
		      "    aspa: {enabled: true}\n"
		      "    rpki_bgp_origin_validation:\n"
		      "      reject_unknown: yes\n");
	ck_assert_uint_eq(cfg->k.mode[RSG_R_NEVER_VIA_RS], RSG_MODE_OFF);
	ck_assert_uint_eq(cfg->k.mode[RSG_R_TRANSIT_FREE], RSG_MODE_OFF);
	ck_assert_uint_eq(cfg->k.mode[RSG_R_OTC_LEAK], RSG_MODE_OFF);
	ck_assert_uint_eq(cfg->k.mode[RSG_R_ASPA_INVALID], RSG_MODE_REJECT);
	ck_assert_uint_eq(cfg->k.mode[RSG_R_RPKI_INVALID], RSG_MODE_REJECT);
	ck_assert_uint_eq(cfg->k.mode[RSG_R_RPKI_UNKNOWN], RSG_MODE_REJECT);
	/* transit_free keeps its list when only the action is given */
	ck_assert_uint_eq(cfg->transit_free.n, 16);
	rsg_config_free(cfg);

	/* transit_free "warning" is a tag; absent action keeps the mode */
	cfg = load_ok("cfg:\n"
		      "  rs_as: 1\n"
		      "  filtering:\n"
		      "    transit_free: {action: warning}\n"
		      "    rpki_bgp_origin_validation: {enabled: false}\n"
		      "clients:\n"
		      "  - asn: 2\n"
		      "    ip: 192.0.2.1\n"
		      "    cfg:\n"
		      "      filtering:\n"
		      "        transit_free: {asns: \"AS1, 2\"}\n"
		      "        rpki: {reject_invalid: false}\n");
	ck_assert_uint_eq(cfg->k.mode[RSG_R_TRANSIT_FREE], RSG_MODE_TAG);
	ck_assert_uint_eq(
	    cfg->clients.v[0].k.mode[RSG_R_TRANSIT_FREE], RSG_MODE_TAG);
	ck_assert_uint_eq(cfg->clients.v[0].transit_free.n, 2);
	ck_assert_uint_eq(
	    cfg->clients.v[0].k.mode[RSG_R_RPKI_INVALID], RSG_MODE_OFF);
	rsg_config_free(cfg);
}
END_TEST

START_TEST(test_scalars)
{
	static const char *const yes[] = { "true", "True", "TRUE", "yes", "Yes",
		"on", "ON", "\"true\"" };
	static const char *const no[] = { "false", "False", "no", "NO", "off",
		"Off" };
	struct rsg_config *cfg;
	char yaml[256];

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		snprintf(yaml, sizeof(yaml), "cfg: {rs_as: 1, rfc8950: %s}\n",
		    yes[i]);
		cfg = load_ok(yaml);
		ck_assert_msg(cfg->k.rfc8950, "%s", yes[i]);
		rsg_config_free(cfg);
	}
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		snprintf(yaml, sizeof(yaml),
		    "cfg: {rs_as: 1, graceful_shutdown: {enabled: %s}}\n",
		    no[i]);
		cfg = load_ok(yaml);
		ck_assert_msg(!cfg->k.gshut, "%s", no[i]);
		rsg_config_free(cfg);
	}
	/* ASN lists: folded string, AS<n>, sequences, whitespace */
	cfg = load_ok("cfg:\n"
		      "  rs_as: AS4200000000\n"
		      "  filtering:\n"
		      "    transit_free:\n"
		      "      asns: \" 174,701 ,AS1299\\n\\t2914,,\"\n"
		      "    never_via_route_servers:\n"
		      "      asns:\n"
		      "        - 64511\n"
		      "        - AS64510\n"
		      "        - \"64509, 64508\"\n");
	ck_assert_uint_eq(cfg->rs_as, 4200000000u);
	ck_assert_uint_eq(cfg->transit_free.n, 4);
	ck_assert_uint_eq(cfg->transit_free.v[2], 1299);
	ck_assert_uint_eq(cfg->transit_free.v[3], 2914);
	ck_assert_uint_eq(cfg->never_via_rs.n, 4);
	ck_assert_uint_eq(cfg->never_via_rs.v[3], 64508);
	rsg_config_free(cfg);
	/* null lists and sections are empty, as in arouteserver's files */
	cfg = load_ok("cfg:\n"
		      "  rs_as: 1\n"
		      "  filtering:\n"
		      "    global_black_list_pref:\n"
		      "    next_hop:\n"
		      "    transit_free:\n"
		      "      asns: ~\n"
		      "  communities:\n"
		      "    blackholing:\n"
		      "    reject_cause: {std: null, lrg: , ext: ~}\n");
	ck_assert_uint_eq(cfg->transit_free.n, 0);
	ck_assert(!comm_any(cfg));
	ck_assert_uint_eq(rsg_config_warning_count(cfg), 0);
	rsg_config_free(cfg);
}
END_TEST

START_TEST(test_prefix_entries)
{
	struct rsg_config *cfg;

	cfg = load_ok("cfg:\n"
		      "  rs_as: 1\n"
		      "  filtering:\n"
		      "    peering_lans: 192.0.2.0/24\n"
		      "    global_black_list_pref:\n"
		      "      - {prefix: 10.0.0.0, length: 8, exact: false}\n"
		      "      - {prefix: 10.0.0.0/8, le: 16}\n"
		      "      - {prefix: \"2001:db8::\", length: 32, ge: 48}\n"
		      "      - {prefix: 0.0.0.0, length: 0, exact: yes}\n"
		      "      - \"::/0\"\n");
	ck_assert_uint_eq(cfg->peering_lans.n, 1);
	ck_assert_uint_eq(cfg->global_blacklist.n, 5);
	assert_pfx_entry(
	    &cfg->global_blacklist.v[0], "10.0.0.0/8", 8, 32, NULL);
	assert_pfx_entry(
	    &cfg->global_blacklist.v[1], "10.0.0.0/8", 8, 16, NULL);
	assert_pfx_entry(
	    &cfg->global_blacklist.v[2], "2001:db8::/32", 48, 128, NULL);
	assert_pfx_entry(&cfg->global_blacklist.v[3], "0.0.0.0/0", 0, 0, NULL);
	assert_pfx_entry(&cfg->global_blacklist.v[4], "::/0", 0, 128, NULL);
	rsg_config_free(cfg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Errors, with their exact positions                                  */
/* ------------------------------------------------------------------ */

struct error_case {
	const char *yaml;
	const char *error; /* one of the recorded errors */
};

static const struct error_case error_cases[] = {
	/* structure */
	{ "cfg:\n  rs_as: 1\nfoo: 1\n",
	    "t.yml:3:1: unknown key 'foo' in the top level" },
	{ "cfg:\n  rs_as: 1\n  filtering:\n    bogus: 1\n",
	    "t.yml:4:5: unknown key 'bogus' in filtering" },
	{ "cfg:\n  rs_as: 1\n  rfc8950: true\n  rfc8950: false\n",
	    "t.yml:4:3: cfg: duplicate key 'rfc8950' (first at line 3, "
	    "column 3)" },
	{ "cfg:\n  rs_as: 1\ngeneral:\n  rs_as: 1\n",
	    "t.yml:3:1: 'general' and 'cfg' are the same section; give only "
	    "one" },
	{ "cfg:\n  rfc8950: true\n", "t.yml:2:3: cfg: rs_as is required" },
	{ "general:\n", "t.yml:1:9: general: rs_as is required" },
	{ "clients: []\n",
	    "t.yml:1:1: the cfg (or general) section with rs_as is required" },
	{ "",
	    "t.yml:1:1: empty configuration: the cfg section with rs_as is "
	    "required" },
	{ "- 1\n",
	    "t.yml:1:1: expected a mapping at the top level (cfg, "
	    "clients, asns, bogons, sources)" },
	{ "cfg:\n  rs_as: 1\n  filtering: 5\n",
	    "t.yml:3:14: filtering: expected a mapping" },
	{ "cfg:\n  rs_as: 1\n  <<: {rfc8950: true}\n",
	    "t.yml:3:3: cfg: YAML merge keys (<<) are not supported" },
	{ "cfg:\n  rs_as: 1\n  [a]: 1\n",
	    "t.yml:3:3: cfg: keys must be strings" },
	{ "cfg: {rs_as: 1}\n---\ncfg: {rs_as: 2}\n",
	    "t.yml:3:1: only one YAML document is allowed" },
	/* scalars */
	{ "cfg:\n  rs_as: 4294967296\n",
	    "t.yml:2:10: rs_as: expected an ASN in 1..4294967295" },
	{ "cfg:\n  rs_as: 0\n",
	    "t.yml:2:10: rs_as: expected an ASN in 1..4294967295" },
	{ "cfg:\n  rs_as: 1\n  rfc8950: maybe\n",
	    "t.yml:3:12: rfc8950: expected a boolean" },
	{ "cfg:\n  rs_as: 1\n  filtering:\n    max_as_path_len: 0\n",
	    "t.yml:4:22: max_as_path_len: expected an integer in 1..1000" },
	{ "cfg:\n  rs_as: 1\n  filtering:\n"
	  "    max_as_path_len: 99999999999999999999999\n",
	    "t.yml:4:22: max_as_path_len: expected an integer in 1..1000" },
	{ "cfg:\n  rs_as: 1\n  filtering:\n    max_as_path_len: -5\n",
	    "t.yml:4:22: max_as_path_len: expected an integer in 1..1000" },
	{ "cfg:\n  rs_as: 1\n  filtering:\n    next_hop:\n      policy: "
	  "loose\n",
	    "t.yml:5:15: next_hop.policy: expected strict, same-as or "
	    "authorized_addresses" },
	{ "cfg:\n  rs_as: 1\n  filtering:\n"
	  "    ipv4_pref_len: {min: 25, max: 24}\n",
	    "t.yml:4:20: ipv4_pref_len: min 25 is greater than max 24" },
	{ "cfg:\n  rs_as: 1\n  filtering:\n    ipv6_pref_len: {max: 129}\n",
	    "t.yml:4:26: max: expected an integer in 0..128" },
	{ "cfg:\n  rs_as: 1\n  filtering:\n"
	  "    transit_free: {asns: \"174, foo\"}\n",
	    "t.yml:4:26: transit_free.asns: 'foo' is not an ASN (expected an "
	    "integer in 1..4294967295 or AS<n>)" },
	{ "cfg:\n  rs_as: 1\n  filtering:\n"
	  "    too_many_communities: {limit: 65536}\n",
	    "t.yml:4:35: too_many_communities.limit: expected an integer in "
	    "1..65535" },
	{ "cfg:\n  rs_as: 1\n  filtering:\n"
	  "    reject_policy: {policy: drop}\n",
	    "t.yml:4:29: reject_policy.policy: expected reject, tag or "
	    "tag_and_reject" },
	{ "cfg:\n  rs_as: 1\n  filtering:\n"
	  "    reason_actions: {no_such_reason: tag}\n",
	    "t.yml:4:22: reason_actions: unknown reason 'no_such_reason'" },
	{ "cfg:\n  rs_as: 1\n  filtering:\n"
	  "    reason_actions: {rpki_invalid: drop}\n",
	    "t.yml:4:36: rpki_invalid: expected reject, tag or off" },
	/* prefixes */
	{ "cfg:\n  rs_as: 1\n  filtering:\n"
	  "    global_black_list_pref: [\"192.0.2.1/24\"]\n",
	    "t.yml:4:30: global_black_list_pref: host bits are set in "
	    "'192.0.2.1/24' (192.0.2.0/24?)" },
	{ "cfg:\n  rs_as: 1\n  filtering:\n"
	  "    global_black_list_pref: [\"192.0.2.0\"]\n",
	    "t.yml:4:30: global_black_list_pref: '192.0.2.0' is not a prefix "
	    "like 192.0.2.0/24 or 2001:db8::/32" },
	{ "cfg:\n  rs_as: 1\n  filtering:\n    global_black_list_pref:\n"
	  "      - prefix: 192.0.2.1\n        length: 24\n",
	    "t.yml:5:17: prefix: host bits are set for length 24 "
	    "(192.0.2.0/24?)" },
	{ "cfg:\n  rs_as: 1\n  filtering:\n    global_black_list_pref:\n"
	  "      - prefix: 192.0.2.0\n        length: 33\n",
	    "t.yml:6:17: length: expected an integer in 0..32" },
	{ "cfg:\n  rs_as: 1\n  filtering:\n    global_black_list_pref:\n"
	  "      - prefix: 192.0.2.0\n",
	    "t.yml:5:9: global_black_list_pref: length is required" },
	{ "cfg:\n  rs_as: 1\n  filtering:\n    global_black_list_pref:\n"
	  "      - {prefix: 192.0.2.0, length: 24, ge: 20}\n",
	    "t.yml:5:45: ge: 20 is shorter than the prefix length 24" },
	{ "cfg:\n  rs_as: 1\n  filtering:\n    global_black_list_pref:\n"
	  "      - {prefix: 192.0.2.0, length: 24, ge: 28, le: 26}\n",
	    "t.yml:5:53: le: 26 is less than ge 28" },
	{ "cfg:\n  rs_as: 1\n  filtering:\n    global_black_list_pref:\n"
	  "      - {prefix: 192.0.2.0, length: 24, exact: true, le: 26}\n",
	    "t.yml:5:48: exact: cannot be combined with ge or le" },
	{ "cfg:\n  rs_as: 1\n  filtering:\n    peering_lans:\n"
	  "      - {length: 24}\n",
	    "t.yml:5:9: peering_lans: prefix is required" },
	/* communities */
	{ "cfg:\n  rs_as: 1\n  communities:\n    reject_cause:\n"
	  "      std: \"rs_as:peer_as\"\n",
	    "t.yml:5:12: communities.reject_cause.std: 'rs_as:peer_as': "
	    "peer_as is not allowed here" },
	{ "cfg:\n  rs_as: 1\n  communities:\n    reject_cause:\n"
	  "      lrg: \"rs_as:0:1\"\n",
	    "t.yml:5:12: communities.reject_cause.lrg: 'rs_as:0:1': "
	    "dyn_val must be the last part" },
	{ "cfg:\n  rs_as: 1\n  communities:\n    blackholing:\n"
	  "      std: \"rs_as:dyn_val\"\n",
	    "t.yml:5:12: communities.blackholing.std: 'rs_as:dyn_val': "
	    "dyn_val is not allowed here" },
	{ "cfg:\n  rs_as: 1\n  communities:\n    announce_to_peer:\n"
	  "      lrg: \"rs_as:peer_as:1\"\n",
	    "t.yml:5:12: communities.announce_to_peer.lrg: 'rs_as:peer_as:1': "
	    "peer_as is not allowed here: only in the last part" },
	{ "cfg:\n  rs_as: 70000\n  communities:\n    blackholing:\n"
	  "      std: \"rs_as:666\"\n",
	    "t.yml:5:12: communities.blackholing.std: 'rs_as:666': std: rs_as "
	    "70000 does not fit a standard community" },
	{ "cfg:\n  rs_as: 1\n  communities:\n    blackholing:\n"
	  "      std: \"65536:666\"\n",
	    "t.yml:5:12: communities.blackholing.std: '65536:666': part 1: "
	    "expected rs_as or a number up to 65535" },
	{ "cfg:\n  rs_as: 1\n  communities:\n    blackholing:\n"
	  "      ext: \"xx:1:666\"\n",
	    "t.yml:5:12: communities.blackholing.ext: 'xx:1:666': an extended "
	    "community starts with rt or ro" },
	{ "cfg:\n  rs_as: 1\n  communities:\n    blackholing:\n"
	  "      lrg: \"1:666\"\n",
	    "t.yml:5:12: communities.blackholing.lrg: '1:666': expected "
	    "x:x:x, as in \"rs_as:0:peer_as\"" },
	{ "cfg:\n  rs_as: 1\n  communities:\n    reject_cause_map:\n"
	  "      \"16\": {lrg: \"1:2:3\"}\n",
	    "t.yml:5:7: communities.reject_cause_map: '16' is not a reject "
	    "code (0-15 or 65535)" },
	{ "cfg:\n  rs_as: 1\n  custom_communities:\n    blackholing:\n"
	  "      lrg: \"1:2:3\"\n",
	    "t.yml:4:5: custom_communities: 'blackholing' is the name of a "
	    "built-in community" },
	{ "cfg:\n  rs_as: 1\nclients:\n  - asn: 2\n    ip: 192.0.2.1\n"
	  "    cfg:\n      attach_custom_communities: [nope]\n",
	    "t.yml:7:35: attach_custom_communities: 'nope' is not in "
	    "custom_communities" },
	{ "cfg:\n  rs_as: 1\n  blackhole_filtering:\n"
	  "    policy_ipv4: rewrite-next-hop\n",
	    "t.yml:4:5: blackhole_filtering.policy_ipv4: rewrite-next-hop "
	    "needs rewrite_next_hop_ipv4" },
	{ "cfg:\n  rs_as: 1\n  blackhole_filtering:\n"
	  "    policy_ipv6: drop\n",
	    "t.yml:4:18: policy_ipv6: expected propagate-unchanged or "
	    "rewrite-next-hop" },
	{ "cfg:\n  rs_as: 1\n  blackhole_filtering:\n"
	  "    rewrite_next_hop_ipv6: 192.0.2.66\n",
	    "t.yml:4:28: rewrite_next_hop_ipv6: expected an IPv6 address" },
	{ "cfg: {rs_as: 1}\nclients:\n  - asn: 2\n    ip: 192.0.2.1\n"
	  "    cfg:\n      blackhole_filtering: {policy_ipv4: "
	  "propagate-unchanged}\n",
	    "t.yml:6:29: unknown key 'policy_ipv4' in client "
	    "blackhole_filtering" },
	/* clients */
	{ "cfg: {rs_as: 1}\nclients:\n  - asn: 0\n    ip: 192.0.2.1\n",
	    "t.yml:3:10: asn: expected an ASN in 1..4294967295" },
	{ "cfg: {rs_as: 1}\nclients:\n  - ip: 192.0.2.1\n",
	    "t.yml:3:5: client: asn is required" },
	{ "cfg: {rs_as: 1}\nclients:\n  - asn: 2\n",
	    "t.yml:3:5: client: ip is required" },
	{ "cfg: {rs_as: 1}\nclients:\n  - asn: 2\n    ip: []\n",
	    "t.yml:4:9: ip: at least one address is required" },
	{ "cfg: {rs_as: 1}\nclients:\n  - asn: 2\n    ip: 192.0.2.0/24\n",
	    "t.yml:4:9: ip: expected an address, not a prefix: "
	    "'192.0.2.0/24'" },
	{ "cfg: {rs_as: 1}\nclients:\n  - asn: 2\n    ip: 192.0.2.256\n",
	    "t.yml:4:9: ip: '192.0.2.256' is not an IPv4 or IPv6 address" },
	{ "cfg: {rs_as: 1}\nclients:\n  - asn: 2\n    ip: 192.0.2.1\n"
	  "  - asn: 3\n    ip: [\"2001:db8::1\", 192.0.2.1]\n",
	    "t.yml:6:25: ip: duplicate client address 192.0.2.1 (first at "
	    "line 4, column 9)" },
	{ "cfg: {rs_as: 1}\nclients:\n  - asn: 2\n    ip: 192.0.2.1\n"
	  "    cfg:\n      filtering:\n"
	  "        next_hop: {policy: authorized_addresses}\n",
	    "t.yml:3:5: client: next_hop.policy authorized_addresses needs a "
	    "non-empty authorized_addresses_list" },
	{ "cfg: {rs_as: 1}\nclients:\n  - asn: 2\n    ip: 192.0.2.1\n"
	  "    cfg:\n      filtering:\n"
	  "        global_black_list_pref: []\n",
	    "t.yml:7:9: filtering.global_black_list_pref is only allowed in "
	    "the general section" },
	{ "cfg: {rs_as: 1}\nclients:\n  - asn: 2\n    ip: 192.0.2.1\n"
	  "    cfg:\n      router_id: 192.0.2.1\n",
	    "t.yml:6:7: unknown key 'router_id' in client cfg" },
	{ "cfg: {rs_as: 1}\nclients:\n  - 5\n",
	    "t.yml:3:5: clients: each client must be a mapping" },
	{ "cfg: {rs_as: 1}\nclients: {asn: 1}\n",
	    "t.yml:2:10: clients: expected a list" },
	{ "cfg: {rs_as: 1}\nasns:\n  64500:\n    as_sets: []\n",
	    "t.yml:3:3: asns: '64500' is not of the form AS<n>" },
	{ "cfg: {rs_as: 1}\nasns:\n  AS64500:\n    as_sets: [\"AS FOO\"]\n",
	    "t.yml:4:15: as_sets: 'AS FOO' contains whitespace" },
	/* sources */
	{ "cfg: {rs_as: 1}\nsources:\n  vrps: [{format: csv}]\n",
	    "t.yml:3:10: sources.vrps: file is required" },
	{ "cfg: {rs_as: 1}\nsources:\n  vrps: [{file: x, format: xml}]\n",
	    "t.yml:3:28: format: expected auto, json or csv" },
	{ "cfg: {rs_as: 1}\nsources:\n  bogons: {ipv4: \"\"}\n",
	    "t.yml:3:18: sources.bogons.ipv4: empty file path" },
	/* sources.rtr */
	{ "cfg: {rs_as: 1}\nsources:\n  rtr:\n    - port: 323\n",
	    "t.yml:4:7: sources.rtr: host is required" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr:\n    - host:\n      port: 1\n",
	    "t.yml:4:12: sources.rtr: host is required" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr: [{host: \"\"}]\n",
	    "t.yml:3:16: sources.rtr.host: empty string" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr: [{host: [a]}]\n",
	    "t.yml:3:16: sources.rtr.host: expected a string" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr: [{host: \"rtr.example:323\"}]\n",
	    "t.yml:3:16: sources.rtr.host: 'rtr.example:323' is not a host "
	    "name or an IP address" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr: [{host: \"[2001:db8::1]\"}]\n",
	    "t.yml:3:16: sources.rtr.host: '[2001:db8::1]' is not a host "
	    "name or an IP address" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr: [{host: a, port: 0}]\n",
	    "t.yml:3:25: sources.rtr.port: expected a port number in 1..65535 "
	    "or a service name" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr: [{host: a, port: 65536}]\n",
	    "t.yml:3:25: sources.rtr.port: expected a port number in 1..65535 "
	    "or a service name" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr: [{host: a, port: -1}]\n",
	    "t.yml:3:25: sources.rtr.port: '-1' is neither a port number in "
	    "1..65535 nor a service name" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr: [{host: a, port: \"rpki rtr\"}]\n",
	    "t.yml:3:25: sources.rtr.port: 'rpki rtr' is neither a port number "
	    "in 1..65535 nor a service name" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr: [{host: a, port: \"\"}]\n",
	    "t.yml:3:25: sources.rtr.port: '' is neither a port number in "
	    "1..65535 nor a service name" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr:\n    - host: a\n"
	  "      port: rpki-rtr\n      transport: ssh\n"
	  "      ssh: {user: u, key: /k}\n",
	    "t.yml:5:13: sources.rtr.port: transport ssh needs a port number, "
	    "not a service name ('rpki-rtr')" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr: [{host: a, timeout: 5}]\n",
	    "t.yml:3:19: unknown key 'timeout' in sources.rtr" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr: [{host: a, preference: 0}]\n",
	    "t.yml:3:31: sources.rtr.preference: expected an integer in "
	    "1..255" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr: [{host: a, preference: 256}]\n",
	    "t.yml:3:31: sources.rtr.preference: expected an integer in "
	    "1..255" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr: [{host: a, transport: tls}]\n",
	    "t.yml:3:30: sources.rtr.transport: expected tcp or ssh" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr: [{host: a, bind: b.example}]\n",
	    "t.yml:3:25: sources.rtr.bind: 'b.example' is not an IPv4 or IPv6 "
	    "address" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr: [{host: a, bind: 192.0.2.0/24}]\n",
	    "t.yml:3:25: sources.rtr.bind: expected an address, not a prefix: "
	    "'192.0.2.0/24'" },
	{ "cfg: {rs_as: 1}\nsources:\n"
	  "  rtr: [{host: 192.0.2.1, bind: \"2001:db8::1\"}]\n",
	    "t.yml:3:33: sources.rtr.bind: 2001:db8::1 is an IPv6 address, the "
	    "host an IPv4 one" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr: [a.example]\n",
	    "t.yml:3:9: sources.rtr: each cache must be a mapping" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr: {host: a, host: b}\n",
	    "t.yml:3:18: sources.rtr: duplicate key 'host' (first at line 3, "
	    "column 9)" },
	/* the same cache twice: names are case-insensitive, 323 the default */
	{ "cfg: {rs_as: 1}\nsources:\n  rtr:\n    - host: rtr.example\n"
	  "    - host: rtr.example\n      port: 8282\n"
	  "    - host: RTR.Example\n      port: \"0323\"\n",
	    "t.yml:7:13: sources.rtr: duplicate cache RTR.Example port 323 "
	    "(first at line 4, column 13)" },
	{ "cfg: {rs_as: 1}\nsources:\n"
	  "  rtr: [{host: a, port: 22}, {host: a, port: 22, transport: ssh,"
	  " ssh: {user: u, password: p}}]\n",
	    "t.yml:3:37: sources.rtr: duplicate cache a port 22 (first at "
	    "line 3, column 16)" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr: [&c {host: a}, *c]\n",
	    "t.yml:3:19: sources.rtr: cache a port 323 is used twice (through "
	    "an alias)" },
	/* ssh */
	{ "cfg: {rs_as: 1}\nsources:\n"
	  "  rtr: [{host: a, ssh: {user: u, key: /k}}]\n",
	    "t.yml:3:19: sources.rtr.ssh: only allowed with transport: ssh" },
	{ "cfg: {rs_as: 1}\nsources:\n"
	  "  rtr: [{host: a, transport: tcp, ssh: {user: u, key: /k}}]\n",
	    "t.yml:3:35: sources.rtr.ssh: only allowed with transport: ssh" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr: [{host: a, transport: ssh}]\n",
	    "t.yml:3:30: sources.rtr: transport ssh needs an ssh mapping with "
	    "user and key or password" },
	{ "cfg: {rs_as: 1}\nsources:\n"
	  "  rtr: [{host: a, transport: ssh, ssh: yes}]\n",
	    "t.yml:3:40: sources.rtr.ssh: expected a mapping" },
	{ "cfg: {rs_as: 1}\nsources:\n"
	  "  rtr: [{host: a, transport: ssh, ssh: {key: /k}}]\n",
	    "t.yml:3:40: sources.rtr.ssh: user is required" },
	{ "cfg: {rs_as: 1}\nsources:\n"
	  "  rtr: [{host: a, transport: ssh, ssh: {user: u}}]\n",
	    "t.yml:3:40: sources.rtr.ssh: key or password is required" },
	{ "cfg: {rs_as: 1}\nsources:\n"
	  "  rtr: [{host: a, transport: ssh, ssh: {user: u, key: /k,"
	  " password: p}}]\n",
	    "t.yml:3:69: sources.rtr.ssh: give key or password, not both" },
	{ "cfg: {rs_as: 1}\nsources:\n"
	  "  rtr: [{host: a, transport: ssh, ssh: {user: u, password: "
	  "\"\"}}]\n",
	    "t.yml:3:60: sources.rtr.ssh.password: empty string" },
	{ "cfg: {rs_as: 1}\nsources:\n"
	  "  rtr: [{host: a, transport: ssh, ssh: {user: u, key: /k,"
	  " port: 22}}]\n",
	    "t.yml:3:59: unknown key 'port' in sources.rtr.ssh" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr:\n    - host: a\n"
	  "      transport: ssh\n      ssh:\n        user: u\n"
	  "        password: secret\n        known_hosts: /kh\n",
	    "t.yml:9:9: sources.rtr.ssh.known_hosts: only allowed with key: "
	    "rtrlib 0.8 refuses a host key file without a private key, so "
	    "password authentication would never connect" },
	/* sources.rtr_timers */
	{ "cfg: {rs_as: 1}\nsources:\n  rtr_timers: 5\n",
	    "t.yml:3:15: sources.rtr_timers: expected a mapping" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr_timers: {refresh: 0}\n",
	    "t.yml:3:25: sources.rtr_timers.refresh: expected an integer in "
	    "1..86400" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr_timers: {refresh: 86401}\n",
	    "t.yml:3:25: sources.rtr_timers.refresh: expected an integer in "
	    "1..86400" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr_timers: {retry: 7201}\n",
	    "t.yml:3:23: sources.rtr_timers.retry: expected an integer in "
	    "1..7200" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr_timers: {expire: 0}\n",
	    "t.yml:3:24: sources.rtr_timers.expire: expected an integer in "
	    "1..172800" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr_timers: {expire: 599}\n",
	    "t.yml:3:24: sources.rtr_timers: expire (599) must be larger than "
	    "refresh (3600) and retry (600) (RFC 8210, section 6)" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr_timers: {expire: 172801}\n",
	    "t.yml:3:24: sources.rtr_timers.expire: expected an integer in "
	    "1..172800" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr_timers: {from_cache: maybe}\n",
	    "t.yml:3:28: sources.rtr_timers.from_cache: expected a boolean" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr_timers: {timeout: 5}\n",
	    "t.yml:3:16: unknown key 'timeout' in sources.rtr_timers" },
	{ "cfg: {rs_as: 1}\nsources:\n"
	  "  rtr_timers: {refresh: 3600, expire: 3000}\n",
	    "t.yml:3:39: sources.rtr_timers: expire (3000) must be larger than "
	    "refresh (3600) and retry (600) (RFC 8210, section 6)" },
	{ "cfg: {rs_as: 1}\nsources:\n"
	  "  rtr_timers: {refresh: 3600, expire: 3600}\n",
	    "t.yml:3:39: sources.rtr_timers: expire (3600) must be larger than "
	    "refresh (3600) and retry (600) (RFC 8210, section 6)" },
	/* the default expire (7200) against a refresh that is given */
	{ "cfg: {rs_as: 1}\nsources:\n  rtr_timers: {refresh: 86400}\n",
	    "t.yml:3:25: sources.rtr_timers: expire (7200) must be larger than "
	    "refresh (86400) and retry (600) (RFC 8210, section 6)" },
	{ "cfg: {rs_as: 1}\nsources:\n"
	  "  rtr_timers: {refresh: 60, retry: 7200, expire: 7200}\n",
	    "t.yml:3:50: sources.rtr_timers: expire (7200) must be larger than "
	    "refresh (60) and retry (7200) (RFC 8210, section 6)" },
	{ "cfg: {rs_as: 1}\nsources:\n  rtr_timers:\n    retry: 7200\n",
	    "t.yml:4:12: sources.rtr_timers: expire (7200) must be larger than "
	    "refresh (3600) and retry (7200) (RFC 8210, section 6)" },
	/* sources.refresh and sources.max_shrink */
	{ "cfg: {rs_as: 1}\nsources:\n  refresh: 604801\n",
	    "t.yml:3:12: sources.refresh: expected an integer in 0..604800" },
	{ "cfg: {rs_as: 1}\nsources:\n  refresh: -1\n",
	    "t.yml:3:12: sources.refresh: expected an integer in 0..604800" },
	{ "cfg: {rs_as: 1}\nsources:\n  max_shrink: 101\n",
	    "t.yml:3:15: sources.max_shrink: expected a percentage in 0..100 "
	    "(50 or \"50%\")" },
	{ "cfg: {rs_as: 1}\nsources:\n  max_shrink: \"101%\"\n",
	    "t.yml:3:15: sources.max_shrink: expected a percentage in 0..100 "
	    "(50 or \"50%\")" },
	{ "cfg: {rs_as: 1}\nsources:\n  max_shrink: 50%%\n",
	    "t.yml:3:15: sources.max_shrink: expected a percentage in 0..100 "
	    "(50 or \"50%\")" },
	{ "cfg: {rs_as: 1}\nsources:\n  max_shrink: \"%\"\n",
	    "t.yml:3:15: sources.max_shrink: expected a percentage in 0..100 "
	    "(50 or \"50%\")" },
	{ "cfg: {rs_as: 1}\nsources:\n  max_shrink: 0.5\n",
	    "t.yml:3:15: sources.max_shrink: expected a percentage in 0..100 "
	    "(50 or \"50%\")" },
	{ "cfg: {rs_as: 1}\nsources:\n  max_shrink: [50]\n",
	    "t.yml:3:15: sources.max_shrink: expected a percentage in 0..100 "
	    "(50 or \"50%\")" },
	/* YAML itself */
	{ "cfg:\n  rs_as: 1\n  - x\n",
	    "t.yml:3:3: YAML syntax error: did not find expected key (while "
	    "parsing a block mapping at line 2, column 3)" },
	{ "cfg:\n\trs_as: 1\n",
	    "t.yml:2:1: YAML syntax error: found character that cannot start "
	    "any token (while scanning for the next token at line 2, column "
	    "1)" },
	{ "cfg: *nope\n",
	    "t.yml:1:6: YAML syntax error: found undefined "
	    "alias" },
	{ "cfg:\n  rs_as: 1\n\x01",
	    "t.yml:3:1: invalid input: control "
	    "characters are not allowed (0x01)" },
};

START_TEST(test_error_case)
{
	const struct error_case *ec = &error_cases[_i];
	struct rsg_config *cfg;
	int rc;

	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	rc = rsg_config_load_string(cfg, ec->yaml, strlen(ec->yaml), "t.yml");
	if (rc != RSG_ECONFIG || !has_msg(cfg, true, ec->error)) {
		fprintf(stderr, "case %d:\n%s", _i, ec->yaml);
		dump(cfg);
	}
	ck_assert_int_eq(rc, RSG_ECONFIG);
	ck_has_error(cfg, ec->error);
	assert_defaults(cfg);
	rsg_config_free(cfg);
}
END_TEST

START_TEST(test_several_errors)
{
	const char *path = tu_data("config/errors.yml");
	static const char *const want[] = {
		"3:10: rs_as: expected an ASN in 1..4294967295",
		"5:22: max_as_path_len: expected an integer in 1..1000",
		"7:15: next_hop.policy: expected strict, same-as or "
		"authorized_addresses",
		"8:5: unknown key 'bogus_key' in filtering",
		"13:9: ip: duplicate client address 192.0.2.1 (first at line "
		"11, column 9)",
	};
	struct rsg_config *cfg;
	char buf[2 * PATH_MAX + 256];

	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_int_eq(rsg_config_load_file(cfg, path), RSG_ECONFIG);
	if (rsg_config_error_count(cfg) != 5)
		dump(cfg);
	ck_assert_uint_eq(rsg_config_error_count(cfg), 5);
	for (size_t i = 0; i < 5; i++) {
		snprintf(buf, sizeof(buf), "%s:%s", path, want[i]);
		ck_assert_str_eq(rsg_config_error(cfg, i), buf);
	}
	assert_defaults(cfg);
	rsg_config_free(cfg);
}
END_TEST

START_TEST(test_nothing_applied_after_errors)
{
	static const char good[] = "cfg:\n"
				   "  rs_as: 64496\n"
				   "  router_id: 192.0.2.1\n"
				   "clients:\n"
				   "  - {asn: 2, ip: 192.0.2.1}\n";
	static const char bad[] = "cfg:\n"
				  "  rs_as: 64496\n"
				  "  filtering:\n"
				  "    max_as_path_len: 10\n"
				  "    transit_free: {asns: [1, 2]}\n"
				  "    peering_lans: [192.0.2.0/24]\n"
				  "  rpki_roas: {allowed_trust_anchors: [a]}\n"
				  "clients:\n"
				  "  - {asn: 2, ip: 192.0.2.1}\n"
				  "  - {asn: 3, ip: 192.0.2.1}\n"
				  "sources: {vrps: [/nonexistent/vrps.json]}\n";
	struct rsg_config *cfg = load_ok(good);

	ck_assert_uint_eq(cfg->clients.n, 1);
	ck_assert_uint_eq(rsg_config_warning_count(cfg), 1);
	ck_assert_int_eq(
	    rsg_config_load_string(cfg, bad, strlen(bad), "b"), RSG_ECONFIG);
	ck_assert_uint_eq(rsg_config_error_count(cfg), 1);
	ck_assert_str_eq(rsg_config_error(cfg, 0),
	    "b:10:18: ip: duplicate client address 192.0.2.1 (first at line 9, "
	    "column 18)");
	/* the warnings of the failed load, not of the one before */
	ck_assert_uint_eq(rsg_config_warning_count(cfg), 1);
	ck_assert_str_eq(rsg_config_warning(cfg, 0),
	    "b:11:18: sources.vrps: /nonexistent/vrps.json: No such file or "
	    "directory (it may appear later)");
	assert_defaults(cfg);
	/* the source is kept, so a copy has the same diagnostics */
	ck_assert_str_eq(cfg->src_name, "b");
	ck_assert_uint_eq(cfg->src_len, strlen(bad));
	/* a good load replaces everything again */
	ck_assert_int_eq(
	    rsg_config_load_string(cfg, good, strlen(good), NULL), 0);
	ck_assert_uint_eq(rsg_config_error_count(cfg), 0);
	ck_assert_str_eq(rsg_config_warning(cfg, 0),
	    "<string>:3:3: router_id: not used by rsguard: a BGP daemon "
	    "setting");
	ck_assert_uint_eq(cfg->clients.n, 1);
	rsg_config_free(cfg);
}
END_TEST

START_TEST(test_error_cap)
{
	size_t n = 1500, len = 0, cap = 16 + n * 16;
	char *yaml = malloc(cap);
	struct rsg_config *cfg;

	ck_assert_ptr_nonnull(yaml);
	len += (size_t)snprintf(yaml, cap, "cfg: {rs_as: 1}\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(yaml + len, cap - len, "k%zu: 1\n", i);
	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_int_eq(
	    rsg_config_load_string(cfg, yaml, len, "t.yml"), RSG_ECONFIG);
	ck_assert_uint_eq(rsg_config_error_count(cfg), 1001);
	ck_assert_str_eq(rsg_config_error(cfg, 0),
	    "t.yml:2:1: unknown key 'k0' in the top level");
	ck_assert_str_eq(rsg_config_error(cfg, 1000),
	    "t.yml: too many errors; the rest are left out");
	rsg_config_free(cfg);
	free(yaml);
}
END_TEST

/*
 * Deep nesting is refused before libyaml builds the document (which
 * takes time quadratic in the depth): 10^5 levels, flow and block, end
 * within a second with the position of the level too deep.
 */
START_TEST(test_nesting_cap)
{
	enum { DEEP = 100000 };
	struct rsg_config *cfg;
	uint64_t t0;
	char *y = malloc(2 * DEEP + 32), *b;
	size_t n = 0;

	ck_assert_ptr_nonnull(y);
	n += (size_t)sprintf(y, "cfg: ");
	for (int i = 0; i < DEEP; i++)
		y[n++] = '[';
	for (int i = 0; i < DEEP; i++)
		y[n++] = ']';
	y[n++] = '\n';
	y[n] = '\0';
	t0 = rsg__now_usec();
	cfg = load_rc(y, RSG_ECONFIG);
	ck_assert_uint_lt(rsg__now_usec() - t0, 1000000);
	ck_assert_uint_eq(rsg_config_error_count(cfg), 1);
	ck_has_error(cfg, "t.yml:1:69: nesting deeper than 64 levels");
	assert_defaults(cfg);
	rsg_config_free(cfg);
	free(y);

	/* block style: "- " per level, indented */
	b = malloc((size_t)70 * 70 * 2 + 64);
	ck_assert_ptr_nonnull(b);
	n = (size_t)sprintf(b, "cfg:\n");
	for (int i = 0; i < 70; i++)
		n += (size_t)sprintf(b + n, "%*s- \n", 2 * i, "");
	cfg = load_rc(b, RSG_ECONFIG);
	ck_assert_uint_eq(rsg_config_error_count(cfg), 1);
	ck_has_error(cfg, "t.yml:65:127: nesting deeper than 64 levels");
	rsg_config_free(cfg);

	/* 64 levels are a schema matter, not a syntax one */
	n = (size_t)sprintf(b, "x: ");
	for (int i = 0; i < 63; i++)
		b[n++] = '[';
	for (int i = 0; i < 63; i++)
		b[n++] = ']';
	b[n] = '\0';
	cfg = load_rc(b, RSG_ECONFIG);
	ck_assert_msg(strstr(rsg_config_error(cfg, 0), "nesting") == NULL, "%s",
	    rsg_config_error(cfg, 0));
	rsg_config_free(cfg);
	free(b);
}
END_TEST

/*
 * A data source that cannot be one: a directory, a device, a FIFO, the
 * configuration file itself. Refused at load time (config check), with
 * the position of the path; a missing file stays a warning.
 */
START_TEST(test_source_not_regular)
{
	struct rsg_config *cfg;
	char dir[] = "/tmp/rsg-cfgsrc-XXXXXX", path[128], text[1024];
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/fifo", dir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	snprintf(text, sizeof(text),
	    "general: {rs_as: 64496}\n"
	    "sources:\n"
	    "  vrps: [%s, %s, /dev/zero, rsguard.yml, missing.json]\n"
	    "  slurm: [%s]\n",
	    path, dir, dir);
	snprintf(path, sizeof(path), "%s/rsguard.yml", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_int_eq(rsg_config_load_file(cfg, path), RSG_ECONFIG);
	ck_assert_uint_eq(rsg_config_error_count(cfg), 5);
	ck_assert_uint_eq(rsg_config_warning_count(cfg), 1);
	ck_assert_ptr_nonnull(strstr(
	    rsg_config_error(cfg, 0), "rsguard.yml:3:10: sources.vrps: "));
	ck_assert_ptr_nonnull(strstr(rsg_config_error(cfg, 0),
	    "/fifo: a FIFO (pipe), not a regular file"));
	ck_assert_ptr_nonnull(
	    strstr(rsg_config_error(cfg, 1), ": a directory, not a regular"));
	ck_assert_ptr_nonnull(strstr(rsg_config_error(cfg, 2),
	    "/dev/zero: a character device, not a regular file"));
	ck_assert_ptr_nonnull(strstr(
	    rsg_config_error(cfg, 3), "/rsguard.yml: the configuration file"));
	ck_assert_ptr_nonnull(
	    strstr(rsg_config_error(cfg, 4), "sources.slurm: "));
	ck_assert_ptr_nonnull(
	    strstr(rsg_config_warning(cfg, 0), "(it may appear later)"));
	rsg_config_free(cfg);
	unlink(path);
	snprintf(path, sizeof(path), "%s/fifo", dir);
	unlink(path);
	rmdir(dir);
}
END_TEST

/*
 * An alias bomb (10^9 strings through nine levels of aliases) where the
 * schema wants lists: no expansion, so it ends at once with positions.
 */
START_TEST(test_alias_bomb)
{
	static const char bomb[] =
	    "a: &a [\"185.0.0.0/24\", \"185.0.0.0/24\", \"185.0.0.0/24\", "
	    "\"185.0.0.0/24\", \"185.0.0.0/24\", \"185.0.0.0/24\", "
	    "\"185.0.0.0/24\", \"185.0.0.0/24\", \"185.0.0.0/24\", "
	    "\"185.0.0.0/24\"]\n"
	    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
	    "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
	    "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n"
	    "general:\n"
	    "  rs_as: 64496\n"
	    "  filtering:\n"
	    "    peering_lans: *a\n"
	    "    transit_free: {asns: *i}\n"
	    "clients:\n"
	    "  - asn: 3333\n"
	    "    ip: *i\n"
	    "    cfg: {filtering: {irrdb: {as_sets: *i}}}\n";
	struct rsg_config *cfg;
	uint64_t t0 = rsg__now_usec();

	cfg = load_rc(bomb, RSG_ECONFIG);
	ck_assert_uint_lt(rsg__now_usec() - t0, 1000000);
	ck_assert_uint_le(rsg_config_error_count(cfg), 100);
	ck_has_error(cfg, "t.yml:8:4: ip: expected a string");
	ck_has_error(cfg, "t.yml:8:4: irrdb.as_sets: expected a string");
	assert_defaults(cfg);
	rsg_config_free(cfg);
}
END_TEST

START_TEST(test_aliases)
{
	struct rsg_config *cfg;

	/* a cycle: the walk follows the schema, so it ends */
	cfg = load_rc("cfg: &a\n  rs_as: 1\n  filtering: *a\n", RSG_ECONFIG);
	ck_has_error(cfg, "t.yml:2:3: unknown key 'rs_as' in filtering");
	ck_has_error(cfg, "t.yml:3:3: unknown key 'filtering' in filtering");
	rsg_config_free(cfg);
	cfg = load_rc("cfg:\n  rs_as: 1\n  filtering:\n"
		      "    next_hop: &n {policy: strict, next_hop: *n}\n",
	    RSG_ECONFIG);
	ck_has_error(cfg, "t.yml:4:35: unknown key 'next_hop' in next_hop");
	rsg_config_free(cfg);
	/* shared client settings through an anchor */
	cfg = load_ok("cfg: {rs_as: 1}\n"
		      "clients:\n"
		      "  - asn: 2\n"
		      "    ip: 192.0.2.1\n"
		      "    cfg: &common\n"
		      "      filtering: {max_as_path_len: 7}\n"
		      "  - asn: 3\n"
		      "    ip: 192.0.2.2\n"
		      "    cfg: *common\n");
	ck_assert_uint_eq(cfg->clients.v[1].k.max_path_len, 7);
	rsg_config_free(cfg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Warnings, files, log, copies                                        */
/* ------------------------------------------------------------------ */

START_TEST(test_daemon_warnings)
{
	static const char *const keys[] = { "router_id", "prepend_rs_as",
		"path_hiding", "passive", "multihop", "gtsm", "add_path",
		"rtt_thresholds", "rfc1997_wellknown_communities" };
	struct rsg_config *cfg;
	char yaml[4096], msg[256];
	size_t len = 0;

	len += (size_t)snprintf(yaml, sizeof(yaml), "cfg:\n  rs_as: 1\n");
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		len += (size_t)snprintf(
		    yaml + len, sizeof(yaml) - len, "  %s: 1\n", keys[i]);
	cfg = load_ok(yaml);
	ck_assert_uint_eq(rsg_config_warning_count(cfg), ARRAY_SIZE(keys));
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		snprintf(msg, sizeof(msg),
		    "t.yml:%zu:3: %s: not used by rsguard: a BGP daemon "
		    "setting",
		    i + 3, keys[i]);
		ck_assert_str_eq(rsg_config_warning(cfg, i), msg);
	}
	rsg_config_free(cfg);
}
END_TEST

/* arouteserver's older spellings mean what its convert_deprecated() makes
 * of them; both spellings together are refused, as arouteserver does. */
START_TEST(test_old_spellings)
{
	struct rsg_config *cfg;

	cfg = load_ok("cfg:\n"
		      "  rs_as: 1\n"
		      "  filtering:\n"
		      "    next_hop_policy: same-as\n"
		      "    rpki: {enabled: true, reject_invalid: false}\n"
		      "    irrdb:\n"
		      "      use_rpki_roas_as_route_objects:\n"
		      "        enabled: true\n"
		      "        source: ripe-rpki-validator-cache\n"
		      "        allowed_trust_anchors: [\"APNIC RPKI Root\"]\n"
		      "clients:\n"
		      "  - asn: 2\n"
		      "    ip: 192.0.2.2\n"
		      "    cfg:\n"
		      "      filtering:\n"
		      "        next_hop_policy: strict\n"
		      "        rpki: {reject_invalid: true}\n");
	ck_assert_uint_eq(cfg->k.nh_policy, NH_SAME_AS);
	ck_assert_uint_eq(cfg->k.mode[RSG_R_RPKI_INVALID], RSG_MODE_TAG);
	ck_assert(cfg->k.irr_use_roas);
	ck_assert_uint_eq(cfg->allowed_tas.n, 1);
	ck_assert_str_eq(cfg->allowed_tas.v[0], "APNIC RPKI Root");
	ck_assert_uint_eq(cfg->clients.n, 1);
	ck_assert_uint_eq(cfg->clients.v[0].k.nh_policy, NH_STRICT);
	ck_assert_uint_eq(
	    cfg->clients.v[0].k.mode[RSG_R_RPKI_INVALID], RSG_MODE_REJECT);
	ck_assert_uint_eq(rsg_config_warning_count(cfg), 1);
	ck_has_warning(cfg,
	    "t.yml:9:9: irrdb.use_rpki_roas_as_route_objects.source (the "
	    "old place of rpki_roas.source): not used by rsguard: rsguard "
	    "reads VRPs from sources.vrps and sources.rtr");
	rsg_config_free(cfg);

	cfg = load_rc("cfg:\n"
		      "  rs_as: 1\n"
		      "  filtering:\n"
		      "    next_hop: {policy: strict}\n"
		      "    next_hop_policy: same-as\n"
		      "    rpki_bgp_origin_validation: {enabled: true}\n"
		      "    rpki: {enabled: true}\n",
	    RSG_ECONFIG);
	ck_has_error(cfg,
	    "t.yml:5:5: next_hop_policy (the old spelling of "
	    "next_hop.policy) and next_hop are both given; give only "
	    "next_hop");
	ck_has_error(cfg,
	    "t.yml:7:5: rpki (the old spelling of "
	    "rpki_bgp_origin_validation) and rpki_bgp_origin_validation are "
	    "both given; give only rpki_bgp_origin_validation");
	assert_defaults(cfg);
	rsg_config_free(cfg);
}
END_TEST

/* clients.yml keys of arouteserver that rsguard does not use: empty ones
 * (arouteserver's template) are silent, others warn once each. */
START_TEST(test_client_arouteserver_keys)
{
	struct rsg_config *cfg;

	cfg = load_ok("cfg: {rs_as: 1}\n"
		      "clients:\n"
		      "  - asn: 4200000001\n"
		      "    ip: 192.0.2.1\n"
		      "    16bit_mapped_asn: 64512\n"
		      "    cfg:\n"
		      "      custom_options: {bird: x}\n"
		      "      filtering:\n"
		      "        irrdb:\n"
		      "          white_list_pref:\n"
		      "          white_list_asn: []\n"
		      "          white_list_route:\n"
		      "            - {prefix: 192.0.2.0, length: 24, asn: 2}\n"
		      "        roles: {enabled: true, local_role: rs}\n"
		      "  - asn: 2\n"
		      "    ip: 192.0.2.2\n"
		      "    cfg:\n"
		      "      filtering:\n"
		      "        roles: {local_role: peer}\n");
	ck_assert_uint_eq(cfg->clients.n, 2);
	ck_assert_uint_eq(
	    cfg->clients.v[0].k.mode[RSG_R_OTC_LEAK], RSG_MODE_REJECT);
	/* 16bit_mapped_asn: the client in standard communities */
	ck_assert_uint_eq(cfg->clients.v[0].mapped_asn, 64512);
	ck_has_warning(cfg,
	    "t.yml:7:7: custom_options: not used by rsguard: a BGP daemon "
	    "setting");
	ck_has_warning(cfg,
	    "t.yml:19:17: roles.local_role: not used by rsguard: the BGP "
	    "daemon sets the session's role; the otc_leak check assumes the "
	    "role rs (the route server's side of an RFC 9234 session)");
	ck_assert_uint_eq(rsg_config_warning_count(cfg), 2);
	/* the white lists (the IRR checks read them) */
	ck_assert_uint_eq(cfg->clients.v[0].white_route.n, 1);
	ck_assert_uint_eq(cfg->clients.v[0].white_route_asn.v[0], 2);
	ck_assert_uint_eq(cfg->clients.v[0].white_pref.n, 0);
	rsg_config_free(cfg);

	cfg = load_rc("cfg: {rs_as: 1}\n"
		      "clients:\n"
		      "  - asn: 4200000001\n"
		      "    ip: 192.0.2.1\n"
		      "    16bit_mapped_asn: 65535\n"
		      "    cfg:\n"
		      "      filtering:\n"
		      "        irrdb: {white_list_asn: 5}\n"
		      "        roles: {local_role: boss}\n",
	    RSG_ECONFIG);
	ck_has_error(cfg,
	    "t.yml:5:23: 16bit_mapped_asn: expected an "
	    "integer in 64512..65534");
	/* (irrdb: {white_list_asn: 5} is one ASN, as arouteserver reads
	 * ASN lists) */
	ck_has_error(cfg,
	    "t.yml:9:29: roles.local_role: expected provider, rs, "
	    "rs-client, customer or peer");
	assert_defaults(cfg);
	rsg_config_free(cfg);
}
END_TEST

/* arouteserver's bogons.yml replaces the built-in lists, family by
 * family as it lists them; a bogon file still wins for its family. */
START_TEST(test_bogons_yml)
{
	static const char yaml[] =
	    "cfg: {rs_as: 64496}\n"
	    "clients:\n"
	    "  - {asn: 3333, ip: 185.0.0.10}\n"
	    "bogons:\n"
	    "  - prefix: 198.51.100.0\n"
	    "    length: 24\n"
	    "    comment: \"RFC 5737 - TEST-NET-2\"\n"
	    "  - {prefix: \"0.0.0.0\", length: 0, exact: true}\n";
	struct rsg_config *cfg = load_ok(yaml);
	struct rsg_ctx *ctx;
	struct rsg_stats st;
	struct rsg_route r;
	struct rsg_verdict v = RSG_VERDICT_INIT;
	uint8_t path[6];

	ck_assert(cfg->bogons_given);
	ck_assert_uint_eq(cfg->bogons.n, 2);
	ck_assert_int_eq(rsg_ctx_new(cfg, &ctx), 0);
	ck_assert_int_eq(rsg_ctx_load(ctx), 0);
	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(rsg_ctx_stats(ctx, &st), 0);
	ck_assert_uint_eq(st.bogons_ipv4, 2);
	ck_assert_uint_eq(st.bogons_ipv6, 0);
	tu_route(&r, path, "185.0.0.10", 3333, "198.51.100.0/25");
	rsg_check(ctx, &r, &v);
	ck_assert(rsg_verdict_has(&v, RSG_R_BOGON_PREFIX));
	/* the built-in list is gone: 10/8 is no bogon here */
	tu_route(&r, path, "185.0.0.10", 3333, "10.0.0.0/16");
	rsg_check(ctx, &r, &v);
	ck_assert(!rsg_verdict_has(&v, RSG_R_BOGON_PREFIX));
	rsg_ctx_free(ctx);
	rsg_config_free(cfg);

	cfg = load_rc("cfg: {rs_as: 1}\nbogons:\n  - {prefix: 10.0.0.1, "
		      "length: 8}\n",
	    RSG_ECONFIG);
	ck_assert_uint_eq(rsg_config_error_count(cfg), 1);
	assert_defaults(cfg);
	rsg_config_free(cfg);
}
END_TEST

/* Load name from the scratch directory; expect rc. */
static struct rsg_config *
load_tmp(const char *name, int want)
{
	struct rsg_config *cfg;
	int rc;

	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	rc = rsg_config_load_file(cfg, tu_tmp(name));
	if (rc != want)
		dump(cfg);
	ck_assert_int_eq(rc, want);
	return cfg;
}

/* arouteserver's "!include FILE": the file's text in place of the line,
 * every message with the included file's name and its own line. */
START_TEST(test_include)
{
	struct rsg_config *cfg, *copy;
	char want[1024];

	tu_tmpdir("cfg-include");
	tu_put("general.yml", "cfg:\n  rs_as: 64496\n  router_id: 1.2.3.4\n");
	tu_put("clients.yml", "clients:\n  - asn: 64497\n    ip: 192.0.2.11\n");
	tu_put("more.yml",
	    "!include clients.yml\n  - asn: 64498\n    ip: 192.0.2.12\n"
	    "    16bit_mapped_asn: 64512\n");
	tu_put("bogons.yml",
	    "bogons:\n  - {prefix: 198.51.100.0, length: "
	    "24}\n");
	tu_put("rsguard.yml",
	    "# the split layout\n!include general.yml\n  !include more.yml\n"
	    "!include bogons.yml\nsources: {refresh: 60, bogus: 1}\n");
	cfg = load_tmp("rsguard.yml", RSG_ECONFIG);
	/* a line of the top file after the includes keeps its number */
	snprintf(want, sizeof(want), "%s:5:24: unknown key 'bogus' in sources",
	    tu_tmp("rsguard.yml"));
	ck_has_error(cfg, want);
	ck_assert_uint_eq(rsg_config_error_count(cfg), 1);
	snprintf(want, sizeof(want),
	    "%s:3:3: router_id: not used by rsguard: a BGP daemon setting",
	    tu_tmp("general.yml"));
	ck_has_warning(cfg, want);
	rsg_config_free(cfg);

	tu_put("rsguard.yml",
	    "!include general.yml\n!include more.yml\n!include bogons.yml\n");
	cfg = load_tmp("rsguard.yml", 0);
	ck_assert_uint_eq(cfg->rs_as, 64496);
	ck_assert_uint_eq(cfg->clients.n, 2);
	ck_assert_uint_eq(cfg->clients.v[1].asn, 64498);
	ck_assert(cfg->bogons_given);
	ck_assert_uint_eq(cfg->bogons.n, 1);
	/* a copy (the context's, a reload's) names the same places */
	ck_assert_int_eq(rsg_config_new(&copy), 0);
	ck_assert_int_eq(rsg__config_copy(copy, cfg), 0);
	ck_assert_uint_eq(copy->clients.n, 2);
	ck_assert_uint_eq(copy->segs.n, cfg->segs.n);
	for (size_t i = 0; i < cfg->segs.n; i++)
		ck_assert_str_eq(copy->segs.v[i].name, cfg->segs.v[i].name);
	rsg_config_free(copy);
	rsg_config_free(cfg);

	/* a file that is missing, one that includes itself */
	tu_put("rsguard.yml", "!include general.yml\n!include nope.yml\n");
	cfg = load_tmp("rsguard.yml", RSG_ECONFIG);
	snprintf(want, sizeof(want),
	    "%s:2:10: !include: cannot read: ", tu_tmp("rsguard.yml"));
	ck_assert_uint_eq(rsg_config_error_count(cfg), 1);
	ck_assert_ptr_nonnull(strstr(rsg_config_error(cfg, 0), want));
	assert_defaults(cfg);
	rsg_config_free(cfg);
	tu_put("loop.yml", "!include loop.yml\n");
	cfg = load_tmp("loop.yml", RSG_ECONFIG);
	snprintf(want, sizeof(want),
	    "%s:1:10: !include loop.yml: more than 8 levels of !include "
	    "(does a file include itself?)",
	    tu_tmp("loop.yml"));
	ck_has_error(cfg, want);
	assert_defaults(cfg);
	rsg_config_free(cfg);
	tu_tmpdir_remove();
}
END_TEST

/* Every arouteserver key loads: used with its meaning, or one warning. */
START_TEST(test_arouteserver_keys)
{
	/* line:col and what the warning says, in the file's order */
	static const char *const want[] = {
		"8:3: router_id: not used by rsguard: a BGP daemon setting",
		"9:3: prepend_rs_as: not used by rsguard: a BGP daemon setting",
		"10:3: path_hiding: not used by rsguard: a BGP daemon setting",
		"11:3: passive: not used by rsguard: a BGP daemon setting",
		"12:3: multihop: not used by rsguard: a BGP daemon setting",
		"13:3: gtsm: not used by rsguard: a BGP daemon setting",
		"14:3: add_path: not used by rsguard: a BGP daemon setting",
		"47:9: irrdb.use_arin_bulk_whois_data.source: not used by "
		"rsguard: it reads the file of sources.arin_whois",
		"48:7: irrdb.use_registrobr_bulk_whois_data: not used by "
		"rsguard: only IRR route objects and ROAs stand for a route",
		"63:7: max_prefix.restart_after: not used by rsguard: a BGP "
		"daemon setting",
		"64:7: max_prefix.count_rejected_routes: not used by rsguard: "
		"a "
		"BGP daemon setting",
		"67:7: roles.strict_mode: not used by rsguard: a BGP session "
		"setting",
		"71:5: rpki_roas.source: not used by rsguard: rsguard reads "
		"VRPs from sources.vrps",
		"72:5: rpki_roas.ripe_rpki_validator_url: not used by rsguard: "
		"rsguard reads VRPs from sources.vrps",
		"83:5: graceful_shutdown.local_pref: not used by rsguard: the "
		"BGP daemon sets it",
		"84:3: rfc1997_wellknown_communities: not used by rsguard: a "
		"BGP daemon setting",
		"86:3: rtt_thresholds: not used by rsguard: a BGP daemon "
		"setting",
		"108:7: prepend_rs_as: not used by rsguard: a BGP daemon "
		"setting",
		"109:7: passive: not used by rsguard: a BGP daemon setting",
		"110:7: gtsm: not used by rsguard: a BGP daemon setting",
		"111:7: multihop: not used by rsguard: a BGP daemon setting",
		"112:7: add_path: not used by rsguard: a BGP daemon setting",
		"148:11: max_prefix.restart_after: not used by rsguard: a BGP "
		"daemon setting",
		"149:11: max_prefix.count_rejected_routes: not used by "
		"rsguard: "
		"a BGP daemon setting",
		"159:11: roles.strict_mode: not used by rsguard: a BGP session "
		"setting",
		"169:7: custom_options: not used by rsguard: a BGP daemon "
		"setting",
	};
	const char *path = tu_data("config/arouteserver-keys.yml");
	const size_t n = sizeof(want) / sizeof(want[0]);
	struct rsg_config *cfg;
	const struct cfg_client *c;
	char buf[2 * PATH_MAX + 256];

	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	if (rsg_config_load_file(cfg, path) != 0)
		dump(cfg);
	ck_assert_uint_eq(rsg_config_error_count(cfg), 0);
	ck_assert_uint_eq(rsg_config_warning_count(cfg), n);
	for (size_t i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "%s:%s", path, want[i]);
		ck_assert_str_eq(rsg_config_warning(cfg, i), buf);
	}
	/* the keys that are used mean what they mean to arouteserver */
	ck_assert_uint_eq(cfg->k.max_prefix_action, MAXPFX_SHUTDOWN);
	ck_assert_uint_eq(cfg->transit_free.n, 2);
	ck_assert_uint_eq(
	    cfg->comm[COMMF_REJECT_CAUSE].form[FORM_LRG].part[1], 65520);
	ck_assert_uint_eq(cfg->bh.policy[0], RSG_BLACKHOLE_PROPAGATE);
	ck_assert(cfg->bh.add_noexport);
	ck_assert_uint_eq(cfg->ncustoms, 1);
	ck_assert_uint_eq(cfg->clients.n, 1);
	c = &cfg->clients.v[0];
	ck_assert_uint_eq(c->k.nh_policy, NH_AUTHORIZED);
	ck_assert_uint_eq(c->nh_authorized.n, 1);
	ck_assert_uint_eq(c->k.max_prefix_v4, 100);
	ck_assert_uint_eq(c->k.pdb_incr_abs, 10);
	ck_assert_uint_eq(c->k.reject_policy, RSG_TAG);
	ck_assert_uint_eq(c->blacklist.n, 1);
	ck_assert_str_eq(c->as_sets.v[0], "AS-EXAMPLE-CUSTOMERS");
	ck_assert(c->k.bh_announce);
	ck_assert_uint_eq(c->k.customs, 1);
	rsg_config_free(cfg);
}
END_TEST

/* The man page's key list is rsg_config_keys() (rsguard config keys
 * --man): regenerate it between the markers when the table changes. */
START_TEST(test_keys_man_page)
{
	static const char begin[] =
	    ".\\\" BEGIN KEYS (generated: rsguard config keys --man)\n";
	static const char end[] = ".\\\" END KEYS\n";
	char *man = tu_slurp(TOP_SRCDIR "/tools/rsguard.yml.5", NULL);
	char *keys = NULL, *b, *e;

	ck_assert_ptr_nonnull(man);
	ck_assert_ptr_nonnull(b = strstr(man, begin));
	b += strlen(begin);
	ck_assert_ptr_nonnull(e = strstr(b, end));
	*e = '\0';
	ck_assert_int_eq(rsg_config_keys(RSG_KEYS_MAN, &keys), 0);
	if (strcmp(b, keys) != 0) {
		size_t i = 0;

		while (b[i] == keys[i])
			i++;
		while (i > 0 && b[i - 1] != '\n')
			i--;
		ck_abort_msg("tools/rsguard.yml.5 KEYS differs from the "
			     "table at \"%.60s\": replace it with `rsguard "
			     "config keys --man`",
		    b + i);
	}
	rsg_free(keys);
	free(man);
	ck_assert_int_eq(rsg_config_keys(7, &keys), RSG_EINVAL);
	ck_assert_int_eq(rsg_config_keys(RSG_KEYS_TEXT, NULL), RSG_EINVAL);
}
END_TEST

/* The text list names every key with its status. */
START_TEST(test_keys_text)
{
	static const char *const lines[] = {
		"cfg.filtering.next_hop.policy\n\tstrict | same-as | "
		"authorized_addresses; general, client; default strict; "
		"arouteserver\n",
		"cfg.filtering.next_hop_policy\n\tstrict | same-as | "
		"authorized_addresses; general, client; arouteserver, older "
		"spelling\n",
		"cfg.filtering.max_as_path_len\n\t1..1000; general, client; "
		"default 32; arouteserver\n",
		"cfg.router_id\n\tany; general; arouteserver, BGP daemon "
		"setting (warning)\n",
		"clients[].16bit_mapped_asn\n",
		"clients[].cfg.filtering", /* not repeated under clients */
		"asns.AS<n>.as_sets\n",
		"bogons\n\tprefix list; top level; default the built-in "
		"lists; arouteserver\n",
		"clients[].password\n\tany; its section; arouteserver, BGP "
		"daemon setting (ignored)\n",
		"sources.refresh\n\t0..604800;",
		"cfg.filtering.aspa\n\tmapping; general, client; rsguard\n",
		/* a key in a section of rsguard's own is rsguard's */
		"cfg.filtering.aspa.enabled\n\tboolean; general, client; "
		"default false; rsguard\n",
		"clients[].16bit_mapped_asn\n\t64512..65534; its section; "
		"arouteserver\n",
	};
	char *keys;

	ck_assert_int_eq(rsg_config_keys(RSG_KEYS_TEXT, &keys), 0);
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		bool found = strstr(keys, lines[i]) != NULL;

		ck_assert_msg(strcmp(lines[i], "clients[].cfg.filtering") == 0
			? !found
			: found,
		    "%s", lines[i]);
	}
	rsg_free(keys);
}
END_TEST

/* Each effective value, and where it came from. */
START_TEST(test_explain)
{
	static const char yaml[] =
	    "cfg:\n"
	    "  rs_as: 64496\n"
	    "  filtering:\n"
	    "    max_as_path_len: 40\n"
	    "    rpki_bgp_origin_validation: {reject_invalid: false}\n"
	    "clients:\n"
	    "  - asn: 64500\n"
	    "    ip: 192.0.2.1\n"
	    "    description: one\n"
	    "    cfg:\n"
	    "      filtering:\n"
	    "        next_hop_policy: same-as\n"
	    "        rpki: {reject_invalid: true}\n"
	    "        reason_actions: {as_set_in_path: tag}\n"
	    "        irrdb: {as_sets: [AS-ONE]}\n"
	    "  - asn: 64501\n"
	    "    ip: 192.0.2.2\n"
	    "asns: {AS64501: {as_sets: [AS-TWO, AS-2B]}}\n";
	static const char *const want[] = {
		"general (route server AS64496; peers that are no client)\n"
		"  rfc8950                                          false      "
		"      default\n",
		"\nclient AS64500 192.0.2.1 \"one\" (t.yml:7)\n",
		"  filtering.next_hop.policy                        same-as    "
		"      client\n",
		"  filtering.max_as_path_len                        40         "
		"      general\n",
		"  check rpki_invalid                               reject     "
		"      client\n",
		"  check as_set_in_path                             tag        "
		"      client\n",
		"\nclient AS64501 192.0.2.2 (t.yml:16)\n",
	};
	struct rsg_config *cfg = load_ok(yaml);
	char *text, *c2;

	ck_assert_int_eq(rsg_config_explain(cfg, &text), 0);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		if (strstr(text, want[i]) == NULL)
			fputs(text, stderr);
		ck_assert_msg(
		    strstr(text, want[i]) != NULL, "missing %s", want[i]);
	}
	ck_assert_ptr_nonnull(strstr(text,
	    "  filtering.irrdb.as_sets                          AS-ONE         "
	    "  "
	    "client\n"));
	/* the second client inherits: general, or the default */
	ck_assert_ptr_nonnull(c2 = strstr(text, "client AS64501"));
	ck_assert_ptr_nonnull(strstr(c2,
	    "  check rpki_invalid                               tag "
	    "             general\n"));
	ck_assert_ptr_nonnull(strstr(c2,
	    "  filtering.next_hop.policy                        "
	    "strict           default\n"));
	ck_assert_ptr_nonnull(strstr(c2,
	    "  filtering.irrdb.as_sets                          "
	    "AS-TWO,AS-2B     asns\n"));
	ck_assert_ptr_nonnull(strstr(c2,
	    "  filtering.transit_free.asns                      "
	    "16               default\n"));
	rsg_free(text);
	ck_assert_int_eq(rsg_config_explain(cfg, NULL), RSG_EINVAL);
	rsg_config_free(cfg);
}
END_TEST

/* clients_from_euroix: arouteserver's clients-from-euroix selection. */
static struct rsg_config *
load_ixf(const char *sel, int want)
{
	char yaml[512];

	snprintf(yaml, sizeof(yaml),
	    "cfg: {rs_as: 64496}\n"
	    "clients_from_euroix: {file: \"%s\", %s}\n",
	    tu_data("config/ixf-members.json"), sel);
	return load_rc(yaml, want);
}

static const struct cfg_client *
client_at(const struct rsg_config *cfg, const char *ip)
{
	struct rsg_ip a = tu_ip(ip);

	for (size_t i = 0; i < cfg->clients.n; i++) {
		if (ip_equal(&cfg->clients.v[i].ips.v[0], &a))
			return &cfg->clients.v[i];
	}
	return NULL;
}

START_TEST(test_ixf_import)
{
	struct rsg_config *cfg, *copy;
	const struct cfg_client *c;

	/* every VLAN of IXP 1: no route server, no duplicate, not IXP 2 */
	cfg = load_ixf("ixp_id: 1", 0);
	ck_assert_uint_eq(cfg->clients.n, 5);
	ck_assert_ptr_nonnull(c = client_at(cfg, "192.0.2.10"));
	ck_assert_uint_eq(c->asn, 64500);
	ck_assert_str_eq(c->description, "Member A");
	ck_assert_uint_eq(c->as_sets.n, 1);
	ck_assert_str_eq(c->as_sets.v[0], "AS-A");
	ck_assert_uint_eq(c->k.max_prefix_v4, 100);
	ck_assert_uint_eq(c->k.max_prefix_v6, 0);
	ck_assert_ptr_nonnull(c = client_at(cfg, "2001:db8::10"));
	ck_assert_uint_eq(c->k.max_prefix_v6, 20);
	ck_assert_uint_eq(c->as_sets.n, 0);
	ck_assert_ptr_nonnull(client_at(cfg, "198.51.100.10"));
	/* asnum and ixp_id as strings, ixp_id after vlan_list, [[vlan]] */
	ck_assert_ptr_nonnull(c = client_at(cfg, "192.0.2.11"));
	ck_assert_uint_eq(c->asn, 64501);
	ck_assert_ptr_null(client_at(cfg, "203.0.113.11"));
	ck_assert_ptr_null(client_at(cfg, "192.0.2.1"));
	ck_assert_ptr_null(client_at(cfg, "2001:db8::1"));
	ck_assert_ptr_null(client_at(cfg, "192.0.2.2"));
	ck_assert_ptr_nonnull(client_at(cfg, "192.0.2.13"));
	/* --explain names the export as the limit's source */
	{
		char *text;

		ck_assert_int_eq(rsg_config_explain(cfg, &text), 0);
		ck_assert_ptr_nonnull(strstr(text,
		    "\nclient AS64500 192.0.2.10 \"Member A\" (t.yml:2)\n"));
		ck_assert_ptr_nonnull(strstr(text,
		    "  filtering.max_prefix.limit_ipv4                  100  "
		    "            IX-F export\n"));
		rsg_free(text);
	}
	/* a copy holds the same clients */
	ck_assert_int_eq(rsg_config_new(&copy), 0);
	ck_assert_int_eq(rsg__config_copy(copy, cfg), 0);
	ck_assert_uint_eq(copy->clients.n, 5);
	rsg_config_free(copy);
	rsg_config_free(cfg);

	/* one VLAN; and only addresses not marked routeserver: false */
	cfg = load_ixf("ixp_id: 1, vlan_id: 10", 0);
	ck_assert_uint_eq(cfg->clients.n, 4);
	ck_assert_ptr_null(client_at(cfg, "198.51.100.10"));
	rsg_config_free(cfg);
	cfg = load_ixf("ixp_id: 1, vlan_id: 10, routeserver_only: true", 0);
	ck_assert_uint_eq(cfg->clients.n, 3);
	ck_assert_ptr_null(client_at(cfg, "192.0.2.11"));
	rsg_config_free(cfg);
	cfg = load_ixf("ixp_id: 2", 0);
	ck_assert_uint_eq(cfg->clients.n, 1);
	ck_assert_ptr_nonnull(client_at(cfg, "203.0.113.11"));
	rsg_config_free(cfg);

	/* an IXP that is not in the file; a key missing */
	cfg = load_ixf("ixp_id: 3", RSG_ECONFIG);
	ck_assert_uint_eq(rsg_config_error_count(cfg), 1);
	ck_assert_ptr_nonnull(strstr(rsg_config_error(cfg, 0),
	    "ixf-members.json:1:1: IXP 3 is not in \"ixp_list\""));
	assert_defaults(cfg);
	rsg_config_free(cfg);
	cfg = load_rc(
	    "cfg: {rs_as: 1}\nclients_from_euroix: {ixp_id: 1}\n", RSG_ECONFIG);
	ck_has_error(cfg, "t.yml:2:22: clients_from_euroix: file is required");
	assert_defaults(cfg);
	rsg_config_free(cfg);
}
END_TEST

/* Imported clients are clients: AS-level AS-SETs, duplicates, errors. */
START_TEST(test_ixf_errors)
{
	struct rsg_config *cfg;
	char want[1024];

	tu_tmpdir("cfg-ixf");
	tu_put("m.json",
	    "{\"version\": \"0.9\", \"ixp_list\": [{\"ixp_id\": 7}],\n"
	    " \"member_list\": [{\"asnum\": 64510, \"connection_list\": "
	    "[{\"ixp_id\": 7, \"vlan_list\": [{\"ipv4\": {\"address\": "
	    "\"192.0.2.10\"}}]}]}]}\n");
	tu_put("t.yml",
	    "cfg: {rs_as: 64496}\n"
	    "asns: {AS64510: {as_sets: [AS-TEN]}}\n"
	    "clients_from_euroix:\n  file: m.json\n  ixp_id: 7\n");
	cfg = load_tmp("t.yml", 0);
	ck_assert_uint_eq(cfg->clients.n, 1);
	ck_assert_str_eq(cfg->clients.v[0].as_sets.v[0], "AS-TEN");
	snprintf(want, sizeof(want),
	    "%s:4:3: clients_from_euroix: %s: schema version '0.9' was not "
	    "tested (1.0, 0.7 and 0.6 were)",
	    tu_tmp("t.yml"), tu_tmp("m.json"));
	ck_has_warning(cfg, want);
	rsg_config_free(cfg);
	/* the same address in clients: and in the export */
	tu_put("t.yml",
	    "cfg: {rs_as: 64496}\n"
	    "clients: [{asn: 64510, ip: 192.0.2.10}]\n"
	    "clients_from_euroix: {file: m.json, ixp_id: 7}\n");
	cfg = load_tmp("t.yml", RSG_ECONFIG);
	ck_assert_uint_eq(rsg_config_error_count(cfg), 1);
	ck_assert_ptr_nonnull(
	    strstr(rsg_config_error(cfg, 0), "duplicate client address"));
	rsg_config_free(cfg);
	/* an address of the wrong family, with its position in the JSON */
	tu_put("m.json",
	    "{\"ixp_list\": [{\"ixp_id\": 7}], \"member_list\": [\n"
	    "{\"asnum\": 1, \"connection_list\": [{\"ixp_id\": 7, "
	    "\"vlan_list\": [{\"ipv6\": {\"address\": \"192.0.2.1\"}}]}]}]}\n");
	cfg = load_tmp("t.yml", RSG_ECONFIG);
	snprintf(want, sizeof(want),
	    "%s:3:22: clients_from_euroix: %s:2:83: address: '192.0.2.1' "
	    "is not an IPv6 address",
	    tu_tmp("t.yml"), tu_tmp("m.json"));
	ck_has_error(cfg, want);
	rsg_config_free(cfg);
	/* not an export */
	tu_put("m.json", "[1, 2]\n");
	cfg = load_tmp("t.yml", RSG_ECONFIG);
	ck_assert_uint_eq(rsg_config_error_count(cfg), 1);
	rsg_config_free(cfg);
	tu_tmpdir_remove();
}
END_TEST

START_TEST(test_relative_sources)
{
	static const char single[] = "cfg: {rs_as: 1}\n"
				     "sources:\n"
				     "  vrps: {file: /v.json, format: json}\n"
				     "  slurm: /s.json\n";
	const char *path = tu_data("config/sources.yml");
	const char *dir = data_dir("config");
	struct rsg_config *cfg;
	char buf[2 * PATH_MAX + 256];
	char *text;
	size_t len;

	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_int_eq(rsg_config_load_file(cfg, path), 0);
	ck_assert_str_eq(cfg->base_dir, dir);
	ck_assert_uint_eq(cfg->vrp_files.n, 2);
	snprintf(buf, sizeof(buf), "%s/vrps.csv", dir);
	ck_assert_str_eq(cfg->vrp_files.v[0].path, buf);
	snprintf(buf, sizeof(buf), "%s/./vrps.csv", dir);
	ck_assert_str_eq(cfg->vrp_files.v[1].path, buf);
	ck_assert_int_eq(cfg->vrp_files.v[1].format, RPKI_FMT_CSV);
	snprintf(buf, sizeof(buf), "%s/aspa.json", dir);
	ck_assert_str_eq(cfg->aspa_files.v[0], buf);
	ck_assert_str_eq(
	    cfg->slurm_files.v[0], "/nonexistent/rsguard-test/slurm.json");
	snprintf(buf, sizeof(buf), "%s/missing-bogons6.txt", dir);
	ck_assert_str_eq(cfg->bogons_v6_file, buf);
	/* the two files that do not exist (yet) */
	ck_assert_uint_eq(rsg_config_warning_count(cfg), 2);
	snprintf(buf, sizeof(buf),
	    "%s:9:39: sources.bogons.ipv6: %s/missing-bogons6.txt: No such "
	    "file or directory (it may appear later)",
	    path, dir);
	ck_assert_str_eq(rsg_config_warning(cfg, 1), buf);

	/* from memory: relative to the working directory, kept as given */
	text = tu_slurp(path, &len);
	ck_assert_ptr_nonnull(text);
	ck_assert_int_eq(rsg_config_load_string(cfg, text, len, "mem"), 0);
	ck_assert_ptr_null(cfg->base_dir);
	ck_assert_str_eq(cfg->vrp_files.v[0].path, "vrps.csv");
	ck_assert_str_eq(cfg->aspa_files.v[0], "aspa.json");
	ck_assert_str_eq(cfg->bogons_v4_file, "bogons4.txt");
	free(text);
	/* single values for lists */
	ck_assert_int_eq(
	    rsg_config_load_string(cfg, single, strlen(single), "x"), 0);
	ck_assert_uint_eq(cfg->vrp_files.n, 1);
	ck_assert_str_eq(cfg->vrp_files.v[0].path, "/v.json");
	ck_assert_int_eq(cfg->vrp_files.v[0].format, RPKI_FMT_JSON);
	ck_assert_uint_eq(cfg->slurm_files.n, 1);
	ck_assert_uint_eq(rsg_config_error_count(cfg), 0);
	rsg_config_free(cfg);
}
END_TEST

START_TEST(test_load_file_errors)
{
	struct rsg_config *cfg;

	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	ck_assert_int_eq(
	    rsg_config_load_file(cfg, "/nonexistent/rsguard/rsguard.yml"),
	    RSG_EIO);
	ck_assert_uint_eq(rsg_config_error_count(cfg), 1);
	ck_assert_str_eq(rsg_config_error(cfg, 0),
	    "/nonexistent/rsguard/rsguard.yml: cannot read: No such file or "
	    "directory");
	assert_defaults(cfg);
	ck_assert_int_eq(rsg_config_load_file(cfg, tu_data("config")), RSG_EIO);
	ck_assert_uint_eq(rsg_config_error_count(cfg), 1);
	ck_assert_ptr_nonnull(strstr(rsg_config_error(cfg, 0),
	    ": cannot read: a directory, not a regular file: refused"));
	/* an endless file is not read at all */
	ck_assert_int_eq(rsg_config_load_file(cfg, "/dev/zero"), RSG_EIO);
	ck_assert_str_eq(rsg_config_error(cfg, 0),
	    "/dev/zero: cannot read: a character device, not a regular file: "
	    "refused");
	rsg_config_free(cfg);
}
END_TEST

struct logged {
	size_t errors, warnings;
	char last[512];
};

static void
log_cb(void *arg, enum rsg_log_level level, const char *msg)
{
	struct logged *l = arg;

	if (level == RSG_LOG_ERROR)
		l->errors++;
	else if (level == RSG_LOG_WARNING)
		l->warnings++;
	snprintf(l->last, sizeof(l->last), "%s", msg);
}

START_TEST(test_log_callback)
{
	static const char yaml[] = "cfg:\n  rs_as: 1\n  gtsm: true\n"
				   "  bogus: 1\n";
	struct logged l = { 0, 0, "" };
	struct rsg_config *cfg, *copy;

	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	rsg_config_set_log(cfg, log_cb, &l);
	ck_assert_int_eq(
	    rsg_config_load_string(cfg, yaml, strlen(yaml), "x"), RSG_ECONFIG);
	ck_assert_uint_eq(l.errors, 1);
	ck_assert_uint_eq(l.warnings, 1);
	ck_assert_str_eq(l.last, "x:4:3: unknown key 'bogus' in cfg");
	/* a copy does not log the same diagnostics again */
	copy = calloc(1, sizeof(*copy));
	ck_assert_ptr_nonnull(copy);
	ck_assert_int_eq(rsg__config_copy(copy, cfg), 0);
	ck_assert_uint_eq(l.errors, 1);
	ck_assert_uint_eq(l.warnings, 1);
	assert_cfg_equal(cfg, copy);
	rsg_config_free(copy);
	rsg_config_free(cfg);
}
END_TEST

START_TEST(test_copy)
{
	struct logged l = { 0, 0, "" };
	struct rsg_config *cfg, *copy;

	/* never loaded */
	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	rsg_config_set_as_of(cfg, 42);
	rsg_config_set_log(cfg, log_cb, &l);
	copy = calloc(1, sizeof(*copy));
	ck_assert_ptr_nonnull(copy);
	ck_assert_int_eq(rsg__config_copy(copy, cfg), 0);
	assert_cfg_equal(cfg, copy);
	rsg_config_free(copy);

	/* the complete file */
	rsg_config_set_log(cfg, NULL, NULL);
	ck_assert_int_eq(
	    rsg_config_load_file(cfg, tu_data("config/full.yml")), 0);
	copy = calloc(1, sizeof(*copy));
	ck_assert_ptr_nonnull(copy);
	ck_assert_int_eq(rsg__config_copy(copy, cfg), 0);
	assert_cfg_equal(cfg, copy);
	ck_assert_int_eq(copy->as_of, 42);
	/* deep: nothing shared */
	ck_assert_ptr_ne(copy->clients.v, cfg->clients.v);
	ck_assert_ptr_ne(copy->src_text, cfg->src_text);
	ck_assert_ptr_ne(copy->global_blacklist.v[0].comment,
	    cfg->global_blacklist.v[0].comment);
	rsg_config_free(copy);

	/* a failed file read: the same error */
	ck_assert_int_eq(
	    rsg_config_load_file(cfg, "/nonexistent/x.yml"), RSG_EIO);
	copy = calloc(1, sizeof(*copy));
	ck_assert_ptr_nonnull(copy);
	ck_assert_int_eq(rsg__config_copy(copy, cfg), 0);
	assert_cfg_equal(cfg, copy);
	rsg_config_free(copy);
	rsg_config_free(cfg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Live refresh: RTR caches, timers, file refresh                      */
/* ------------------------------------------------------------------ */

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_ge(fputs(text, f), 0);
	ck_assert_int_eq(fclose(f), 0);
}

static void
remove_file(const char *dir, const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_int_eq(unlink(path), 0);
}

static void
assert_rtr(const struct cfg_rtr *r, const char *host, const char *port,
    const char *bind, uint32_t pref, enum cfg_rtr_transport tr, unsigned line)
{
	ck_assert_str_eq(r->host, host);
	ck_assert_str_eq(r->port, port);
	assert_opt_str_equal(bind, r->bind);
	ck_assert_uint_eq(r->preference, pref);
	ck_assert_int_eq(r->transport, tr);
	ck_assert_uint_eq(r->line, line);
	if (tr == RTR_TCP) {
		ck_assert_ptr_null(r->ssh_user);
		ck_assert_ptr_null(r->ssh_key);
		ck_assert_ptr_null(r->ssh_known_hosts);
		ck_assert_ptr_null(r->ssh_password);
	}
}

/* An IXP's setup: two validators in parallel, an SSH cache behind them. */
static const char rtr_example[] =
    "cfg: {rs_as: 64496}\n"
    "sources:\n"
    "  rtr:\n"
    "    # two independent validators, used together\n"
    "    - host: rpki1.example.net\n"
    "      port: 3323\n"
    "    - host: \"192.0.2.10\"\n"
    "      port: rpki-rtr\n"
    "      bind: \"192.0.2.1\"\n"
    "      preference: 1\n"
    "    # the fallback, over SSH\n"
    "    - host: \"2001:db8::10\"\n"
    "      port: 22\n"
    "      bind: \"2001:db8::1\"\n"
    "      preference: 2\n"
    "      transport: ssh\n"
    "      ssh:\n"
    "        user: rsguard\n"
    "        key: id_rtr\n"
    "        known_hosts: known_hosts\n"
    "  rtr_timers:\n"
    "    refresh: 900\n"
    "    retry: 300\n"
    "    expire: 3600\n"
    "    from_cache: false\n"
    "  refresh: 300\n"
    "  max_shrink: \"25%\"\n";

START_TEST(test_rtr_example)
{
	char tmpl[] = "/tmp/rsguard-check-config-XXXXXX";
	char dir[PATH_MAX], path[PATH_MAX + 32], buf[2 * PATH_MAX];
	struct rsg_config *cfg, *copy;
	const struct cfg_rtr *r;
	int rc;

	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	ck_assert_ptr_nonnull(realpath(tmpl, dir));
	write_file(dir, "rsguard.yml", rtr_example);
	write_file(dir, "id_rtr", "not a key\n");
	write_file(dir, "known_hosts", "\n");
	snprintf(path, sizeof(path), "%s/rsguard.yml", dir);

	ck_assert_int_eq(rsg_config_new(&cfg), 0);
	rc = rsg_config_load_file(cfg, path);
	if (rc != 0 || rsg_config_warning_count(cfg) != 0)
		dump(cfg);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(rsg_config_warning_count(cfg), 0);
	ck_assert_uint_eq(cfg->rtr.n, 3);
	assert_rtr(
	    &cfg->rtr.v[0], "rpki1.example.net", "3323", NULL, 1, RTR_TCP, 5);
	assert_rtr(&cfg->rtr.v[1], "192.0.2.10", "rpki-rtr", "192.0.2.1", 1,
	    RTR_TCP, 7);
	r = &cfg->rtr.v[2];
	assert_rtr(r, "2001:db8::10", "22", "2001:db8::1", 2, RTR_SSH, 12);
	ck_assert_str_eq(r->ssh_user, "rsguard");
	/* resolved against the directory of the file, like sources.vrps */
	snprintf(buf, sizeof(buf), "%s/id_rtr", dir);
	ck_assert_str_eq(r->ssh_key, buf);
	snprintf(buf, sizeof(buf), "%s/known_hosts", dir);
	ck_assert_str_eq(r->ssh_known_hosts, buf);
	ck_assert_ptr_null(r->ssh_password);
	ck_assert_uint_eq(cfg->rtr_refresh, 900);
	ck_assert_uint_eq(cfg->rtr_retry, 300);
	ck_assert_uint_eq(cfg->rtr_expire, 3600);
	ck_assert(!cfg->rtr_cache_timers);
	ck_assert_uint_eq(cfg->file_refresh, 300);
	ck_assert_uint_eq(cfg->max_shrink_pct, 25);

	/* a copy re-reads the text: the same caches, nothing shared */
	copy = calloc(1, sizeof(*copy));
	ck_assert_ptr_nonnull(copy);
	ck_assert_int_eq(rsg__config_copy(copy, cfg), 0);
	assert_cfg_equal(cfg, copy);
	ck_assert_ptr_ne(copy->rtr.v, cfg->rtr.v);
	ck_assert_ptr_ne(copy->rtr.v[2].ssh_key, cfg->rtr.v[2].ssh_key);
	rsg_config_free(copy);

	/* from memory: kept as given, and the files are not there */
	ck_assert_int_eq(rsg_config_load_string(
			     cfg, rtr_example, strlen(rtr_example), "mem"),
	    0);
	ck_assert_str_eq(cfg->rtr.v[2].ssh_key, "id_rtr");
	ck_assert_str_eq(cfg->rtr.v[2].ssh_known_hosts, "known_hosts");
	ck_assert_uint_eq(rsg_config_warning_count(cfg), 2);
	ck_has_warning(cfg,
	    "mem:19:14: sources.rtr.ssh.key: id_rtr: No such file or "
	    "directory (it may appear later)");
	ck_has_warning(cfg,
	    "mem:20:22: sources.rtr.ssh.known_hosts: known_hosts: No such "
	    "file or directory (it may appear later)");
	rsg_config_free(cfg);

	remove_file(dir, "rsguard.yml");
	remove_file(dir, "id_rtr");
	remove_file(dir, "known_hosts");
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

START_TEST(test_rtr_values)
{
	struct rsg_config *cfg;
	const struct cfg_rtr *r;

	/* one mapping stands for a list of one; every default */
	cfg =
	    load_ok("cfg: {rs_as: 1}\nsources:\n  rtr: {host: rtr.example}\n");
	ck_assert_uint_eq(cfg->rtr.n, 1);
	assert_rtr(&cfg->rtr.v[0], "rtr.example", "323", NULL, 1, RTR_TCP, 3);
	ck_assert_uint_eq(cfg->rtr_refresh, 3600);
	ck_assert_uint_eq(cfg->rtr_retry, 600);
	ck_assert_uint_eq(cfg->rtr_expire, 7200);
	ck_assert(cfg->rtr_cache_timers);
	ck_assert_uint_eq(cfg->file_refresh, 600);
	ck_assert_uint_eq(cfg->max_shrink_pct, 50);
	ck_assert_uint_eq(rsg_config_warning_count(cfg), 0);
	rsg_config_free(cfg);

	/* ports: numbers in decimal, service names as given */
	cfg = load_ok("cfg: {rs_as: 1}\n"
		      "sources:\n"
		      "  rtr:\n"
		      "    - {host: a, port: 8282}\n"
		      "    - {host: b, port: \"0323\", transport: tcp}\n"
		      "    - {host: c, port: rpki-rtr, bind: ~}\n"
		      "    - {host: d, port: 65535, preference: 255,"
		      " bind: \"::1\"}\n"
		      "    - {host: \"2001:db8::1\", bind: \"2001:db8::2\","
		      " port: 1}\n"
		      "    - {host: a, port: 8283, preference: 3}\n");
	ck_assert_uint_eq(cfg->rtr.n, 6);
	assert_rtr(&cfg->rtr.v[0], "a", "8282", NULL, 1, RTR_TCP, 4);
	assert_rtr(&cfg->rtr.v[1], "b", "323", NULL, 1, RTR_TCP, 5);
	assert_rtr(&cfg->rtr.v[2], "c", "rpki-rtr", NULL, 1, RTR_TCP, 6);
	assert_rtr(&cfg->rtr.v[3], "d", "65535", "::1", 255, RTR_TCP, 7);
	assert_rtr(
	    &cfg->rtr.v[4], "2001:db8::1", "1", "2001:db8::2", 1, RTR_TCP, 8);
	assert_rtr(&cfg->rtr.v[5], "a", "8283", NULL, 3, RTR_TCP, 9);
	ck_assert_uint_eq(rsg_config_warning_count(cfg), 0);
	rsg_config_free(cfg);

	/* timers at their limits, files only on change, no shrink check */
	cfg = load_ok("cfg: {rs_as: 1}\n"
		      "sources:\n"
		      "  rtr: [{host: a}]\n"
		      "  rtr_timers: {refresh: 86400, retry: 7200,"
		      " expire: 172800, from_cache: no}\n"
		      "  refresh: 0\n"
		      "  max_shrink: 100\n");
	ck_assert_uint_eq(cfg->rtr_refresh, 86400);
	ck_assert_uint_eq(cfg->rtr_retry, 7200);
	ck_assert_uint_eq(cfg->rtr_expire, 172800);
	ck_assert(!cfg->rtr_cache_timers);
	ck_assert_uint_eq(cfg->file_refresh, 0);
	ck_assert_uint_eq(cfg->max_shrink_pct, 100);
	rsg_config_free(cfg);
	cfg = load_ok("cfg: {rs_as: 1}\n"
		      "sources:\n"
		      "  rtr: [{host: a}]\n"
		      "  rtr_timers: {refresh: 1, retry: 1, expire: 2}\n"
		      "  refresh: 604800\n"
		      "  max_shrink: \"0%\"\n");
	ck_assert_uint_eq(cfg->rtr_refresh, 1);
	ck_assert_uint_eq(cfg->rtr_retry, 1);
	ck_assert_uint_eq(cfg->rtr_expire, 2);
	ck_assert(cfg->rtr_cache_timers);
	ck_assert_uint_eq(cfg->file_refresh, 604800);
	ck_assert_uint_eq(cfg->max_shrink_pct, 0);
	rsg_config_free(cfg);
	cfg = load_ok("cfg: {rs_as: 1}\nsources: {max_shrink: 75%}\n");
	ck_assert_uint_eq(cfg->max_shrink_pct, 75);
	rsg_config_free(cfg);

	/* empty keys are absent ones */
	cfg = load_ok("cfg: {rs_as: 1}\n"
		      "sources:\n"
		      "  rtr:\n"
		      "  rtr_timers:\n"
		      "  refresh:\n"
		      "  max_shrink:\n");
	ck_assert_uint_eq(cfg->rtr.n, 0);
	ck_assert_uint_eq(cfg->rtr_refresh, 3600);
	ck_assert_uint_eq(cfg->rtr_expire, 7200);
	ck_assert_uint_eq(cfg->file_refresh, 600);
	ck_assert_uint_eq(cfg->max_shrink_pct, 50);
	ck_assert_uint_eq(rsg_config_warning_count(cfg), 0);
	rsg_config_free(cfg);

	/* timers without a cache: accepted, not used */
	cfg = load_ok(
	    "cfg: {rs_as: 1}\nsources:\n  rtr_timers: {refresh: 600}\n");
	ck_assert_uint_eq(cfg->rtr_refresh, 600);
	ck_assert_uint_eq(rsg_config_warning_count(cfg), 1);
	ck_assert_str_eq(rsg_config_warning(cfg, 0),
	    "t.yml:3:3: sources.rtr_timers: not used: no RTR cache in "
	    "sources.rtr");
	rsg_config_free(cfg);

	/* SSH with a password: nothing checks the host key */
	cfg = load_ok("cfg: {rs_as: 1}\n"
		      "sources:\n"
		      "  rtr:\n"
		      "    - host: a\n"
		      "      port: 22\n"
		      "      transport: ssh\n"
		      "      ssh: {user: u, password: \"s3cret#1\"}\n");
	r = &cfg->rtr.v[0];
	assert_rtr(r, "a", "22", NULL, 1, RTR_SSH, 4);
	ck_assert_str_eq(r->ssh_user, "u");
	ck_assert_str_eq(r->ssh_password, "s3cret#1");
	ck_assert_ptr_null(r->ssh_key);
	ck_assert_ptr_null(r->ssh_known_hosts);
	ck_assert_uint_eq(rsg_config_warning_count(cfg), 1);
	ck_assert_str_eq(rsg_config_warning(cfg, 0),
	    "t.yml:7:12: sources.rtr.ssh: no known_hosts: the host key of the "
	    "cache is not checked");
	rsg_config_free(cfg);

	/* SSH with a key that is not there yet; the default port */
	cfg = load_ok("cfg: {rs_as: 1}\n"
		      "sources:\n"
		      "  rtr:\n"
		      "    - host: a\n"
		      "      transport: ssh\n"
		      "      ssh:\n"
		      "        user: u\n"
		      "        key: /nonexistent/rsguard-test/id_rtr\n"
		      "        known_hosts: /dev/null\n");
	r = &cfg->rtr.v[0];
	assert_rtr(r, "a", "323", NULL, 1, RTR_SSH, 4);
	ck_assert_str_eq(r->ssh_key, "/nonexistent/rsguard-test/id_rtr");
	ck_assert_str_eq(r->ssh_known_hosts, "/dev/null");
	ck_assert_ptr_null(r->ssh_password);
	ck_assert_uint_eq(rsg_config_warning_count(cfg), 1);
	ck_assert_str_eq(rsg_config_warning(cfg, 0),
	    "t.yml:8:14: sources.rtr.ssh.key: /nonexistent/rsguard-test/"
	    "id_rtr: No such file or directory (it may appear later)");
	rsg_config_free(cfg);
}
END_TEST

/* Every problem of the caches at once; none of them is applied. */
START_TEST(test_rtr_errors)
{
	static const char yaml[] = "cfg: {rs_as: 1}\n"
				   "sources:\n"
				   "  rtr:\n"
				   "    - host: a\n"
				   "      preference: 0\n"
				   "    - host: a\n"
				   "      ssh: {user: u}\n"
				   "    - {host: b, port: 0, transport: ssh}\n"
				   "  rtr_timers: {expire: 0}\n"
				   "  refresh: 1w\n";
	static const char *const want[] = {
		"t.yml:5:19: sources.rtr.preference: expected an integer in "
		"1..255",
		"t.yml:7:7: sources.rtr.ssh: only allowed with transport: ssh",
		"t.yml:8:23: sources.rtr.port: expected a port number in "
		"1..65535 or a service name",
		"t.yml:8:37: sources.rtr: transport ssh needs an ssh mapping "
		"with user and key or password",
		"t.yml:9:24: sources.rtr_timers.expire: expected an integer in "
		"1..172800",
		"t.yml:10:12: sources.refresh: expected an integer in "
		"0..604800",
		"t.yml:6:13: sources.rtr: duplicate cache a port 323 (first at "
		"line 4, column 13)",
	};
	struct rsg_config *cfg = load_rc(yaml, RSG_ECONFIG);

	if (rsg_config_error_count(cfg) != sizeof(want) / sizeof(want[0]))
		dump(cfg);
	ck_assert_uint_eq(
	    rsg_config_error_count(cfg), sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ck_assert_str_eq(rsg_config_error(cfg, i), want[i]);
	assert_defaults(cfg);
	rsg_config_free(cfg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Allocation failures                                                 */
/* ------------------------------------------------------------------ */

static long oom_budget; /* allocations left; < 0: unlimited */
static long oom_live;   /* blocks allocated and not freed */

static bool
oom_take(void)
{
	if (oom_budget < 0)
		return true;
	if (oom_budget == 0)
		return false;
	oom_budget--;
	return true;
}

static void *
oom_malloc(size_t n)
{
	void *p = oom_take() ? malloc(n) : NULL;

	if (p != NULL)
		oom_live++;
	return p;
}

static void *
oom_calloc(size_t a, size_t b)
{
	void *p = oom_take() ? calloc(a, b) : NULL;

	if (p != NULL)
		oom_live++;
	return p;
}

static void *
oom_realloc(void *old, size_t n)
{
	void *p = oom_take() ? realloc(old, n) : NULL;

	if (p != NULL && old == NULL)
		oom_live++;
	return p;
}

static void
oom_free(void *p)
{
	if (p != NULL)
		oom_live--;
	free(p);
}

/* One load (and a copy) with at most budget allocations. */
static int
oom_run(long budget, const char *path, const char *yaml)
{
	struct rsg_config *cfg = NULL, *copy;
	int rc;

	oom_live = 0;
	oom_budget = budget;
	rc = rsg_config_new(&cfg);
	if (rc == 0) {
		rc = path != NULL
		    ? rsg_config_load_file(cfg, path)
		    : rsg_config_load_string(cfg, yaml, strlen(yaml), "t.yml");
		ck_assert_msg(rc == 0 || rc == RSG_ENOMEM
			|| (yaml != NULL && rc == RSG_ECONFIG),
		    "budget %ld: %s", budget, rsg_err_name(rc));
	}
	if (rc == 0 || rc == RSG_ECONFIG) {
		int rc2;

		copy = calloc(1, sizeof(*copy));
		ck_assert_ptr_nonnull(copy);
		rc2 = rsg__config_copy(copy, cfg);
		ck_assert_msg(rc2 == 0 || rc2 == RSG_ENOMEM, "copy: %s",
		    rsg_err_name(rc2));
		if (rc2 != 0 && rc == 0)
			rc = rc2;
		rsg__config_clear(copy);
		free(copy);
	} else {
		ck_assert_int_eq(rc, RSG_ENOMEM);
	}
	rsg_config_free(cfg);
	ck_assert_msg(
	    oom_live == 0, "budget %ld: %ld blocks leaked", budget, oom_live);
	return rc;
}

static void
oom_loop(const char *path, const char *yaml, int final)
{
	long budget;
	int rc;

	ck_assert_int_eq(
	    rsg_set_allocator(oom_malloc, oom_realloc, oom_calloc, oom_free),
	    0);
	for (budget = 0; budget < 100000; budget++) {
		rc = oom_run(budget, path, yaml);
		if (rc != RSG_ENOMEM)
			break;
	}
	ck_assert_int_eq(rc, final);
	ck_assert_int_gt(budget, 10);
	/* and once more without limits */
	ck_assert_int_eq(oom_run(-1, path, yaml), final);
	ck_assert_int_eq(rsg_set_allocator(malloc, realloc, calloc, free), 0);
}

START_TEST(test_oom_full)
{
	oom_loop(tu_data("config/full.yml"), NULL, 0);
}
END_TEST

START_TEST(test_oom_rtr)
{
	oom_loop(NULL, rtr_example, 0);
	oom_loop(NULL,
	    "cfg: {rs_as: 1}\n"
	    "sources:\n"
	    "  rtr:\n"
	    "    - {host: a, bind: 192.0.2.1}\n"
	    "    - {host: A, port: 323, ssh: {user: u}}\n"
	    "    - {host: b, transport: ssh, ssh: {user: u, password: p,"
	    " known_hosts: k}}\n"
	    "  rtr_timers: {refresh: 9000}\n",
	    RSG_ECONFIG);
}
END_TEST

/* the include expansion, the key list, the IX-F import and --explain */
START_TEST(test_oom_new)
{
	static char yaml[1024];
	long budget;
	char *text;
	int rc;

	oom_loop(tu_data("config/arouteserver-keys.yml"), NULL, 0);
	snprintf(yaml, sizeof(yaml),
	    "cfg: {rs_as: 64496}\n"
	    "clients_from_euroix: {file: \"%s\", ixp_id: 1}\n",
	    tu_data("config/ixf-members.json"));
	oom_loop(NULL, yaml, 0);
	oom_loop(TOP_SRCDIR "/examples/rsguard.yml", NULL, 0);
	ck_assert_int_eq(
	    rsg_set_allocator(oom_malloc, oom_realloc, oom_calloc, oom_free),
	    0);
	for (budget = 0;; budget++) {
		oom_live = 0;
		oom_budget = budget;
		rc = rsg_config_keys(RSG_KEYS_MAN, &text);
		if (rc == 0)
			rsg_free(text);
		oom_budget = -1;
		ck_assert_int_eq(oom_live, 0);
		if (rc == 0)
			break;
		ck_assert_int_eq(rc, RSG_ENOMEM);
	}
	ck_assert_int_eq(rsg_set_allocator(malloc, realloc, calloc, free), 0);
}
END_TEST

START_TEST(test_oom_errors)
{
	/* diagnostics are allocations too */
	oom_loop(NULL,
	    "cfg:\n  rs_as: 0\n  gtsm: 1\n  filtering: {bogus: 1}\n"
	    "clients:\n  - {asn: 1, ip: 192.0.2.1}\n"
	    "  - {asn: 1, ip: 192.0.2.1, description: x}\n"
	    "asns: {AS1: {as_sets: [A]}}\n",
	    RSG_ECONFIG);
}
END_TEST

Suite *
config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("config");

	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_old_spellings);
	tcase_add_test(tc, test_client_arouteserver_keys);
	tcase_add_test(tc, test_bogons_yml);
	tcase_add_test(tc, test_include);
	tcase_add_test(tc, test_arouteserver_keys);
	tcase_add_test(tc, test_keys_man_page);
	tcase_add_test(tc, test_keys_text);
	tcase_add_test(tc, test_explain);
	tcase_add_test(tc, test_ixf_import);
	tcase_add_test(tc, test_ixf_errors);
	tcase_add_test(tc, test_full_arouteserver_layout);
	tcase_add_test(tc, test_example);
	tcase_add_test(tc, test_inheritance);
	tcase_add_test(tc, test_modes);
	tcase_add_test(tc, test_scalars);
	tcase_add_test(tc, test_prefix_entries);
	tcase_add_loop_test(tc, test_error_case, 0,
	    (int)(sizeof(error_cases) / sizeof(error_cases[0])));
	tcase_add_test(tc, test_several_errors);
	tcase_add_test(tc, test_nothing_applied_after_errors);
	tcase_add_test(tc, test_error_cap);
	tcase_add_test(tc, test_aliases);
	tcase_add_test(tc, test_nesting_cap);
	tcase_add_test(tc, test_alias_bomb);
	tcase_add_test(tc, test_source_not_regular);
	tcase_add_test(tc, test_daemon_warnings);
	tcase_add_test(tc, test_relative_sources);
	tcase_add_test(tc, test_load_file_errors);
	tcase_add_test(tc, test_log_callback);
	tcase_add_test(tc, test_copy);
	tcase_add_test(tc, test_rtr_example);
	tcase_add_test(tc, test_rtr_values);
	tcase_add_test(tc, test_rtr_errors);
	tcase_add_test(tc, test_oom_full);
	tcase_add_test(tc, test_oom_rtr);
	tcase_add_test(tc, test_oom_errors);
	tcase_add_test(tc, test_oom_new);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}
