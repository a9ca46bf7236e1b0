/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The configuration file, rsguard.yml(5): YAML read with libyaml's
 * document API and checked against a fixed schema. arouteserver's
 * general.yml ("cfg:") and clients.yml ("clients:", "asns:") layouts are
 * accepted as they are; rsguard's own keys extend them.
 *
 * Invariants:
 *  - A load replaces the whole configuration: it starts from the defaults
 *    and either applies the complete file or, if any error was recorded
 *    (or memory ran out), leaves the defaults and the diagnostics.
 *  - Every problem is recorded, not only the first, each as
 *    "name:line:col: message" with the position of the offending node.
 *  - The general section is read first, so each client starts from a copy
 *    of the final general knobs whatever the order of keys in the file.
 *  - The walk follows the schema, never the document, so its depth is
 *    bounded by the schema even for cyclic aliases (&a [*a]).
 *  - The loaded text, name and base directory are kept, so that
 *    rsg__config_copy() can rebuild an identical configuration by
 *    parsing it again.
 */
#include "config.h"

#include "cfg.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "addr.h"
#include "alloc.h"
#include "util.h"

/* Diagnostics kept per list; an alias bomb must not fill the memory. */
#define DIAG_MAX 1000

/* Largest file read: far above any real IXP (1000 clients: ~500 KiB). */
#define FILE_MAX ((size_t)256 << 20)

/*
 * Deepest nesting of collections in the file: the schema needs 6 levels.
 * Checked on libyaml's events before its document is loaded, which costs
 * time quadratic in the depth (100,000 levels: half a minute).
 */
#define CONFIG_MAX_DEPTH 64

/* Longest user text quoted in a message. */
#define QUOTE_MAX 64

/* manrs-requirements §6.2: union of the arouteserver and NLNOG lists. */
static const uint32_t default_transit_free[] = { 174, 701, 1299, 2914, 3257,
	3320, 3356, 3491, 4134, 5511, 6453, 6461, 6762, 6830, 7018, 12956 };

/* ------------------------------------------------------------------ */
/* Diagnostics                                                         */
/* ------------------------------------------------------------------ */

static char *vfmt(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));

static char *
vfmt(const char *fmt, va_list ap)
{
	va_list aq;
	char *s;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return rsg__strdup("(unprintable message)");
	if ((s = rsg__malloc((size_t)n + 1)) == NULL)
		return NULL;
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

static char *fmt_alloc(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static char *
fmt_alloc(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vfmt(fmt, ap);
	va_end(ap);
	return s;
}

/* Record "name:line:col: body" in v and pass it to the log callback. */
static int
diag_push(struct rsg_config *cfg, struct str_vec *v, enum rsg_log_level lvl,
    unsigned line, unsigned col, const char *body)
{
	const char *name = cfg->src_name != NULL ? cfg->src_name : "config";
	char *msg;

	if (line > 0 && col > 0)
		msg = fmt_alloc("%s:%u:%u: %s", name, line, col, body);
	else if (line > 0)
		msg = fmt_alloc("%s:%u: %s", name, line, body);
	else
		msg = fmt_alloc("%s: %s", name, body);
	if (msg == NULL)
		return RSG_ENOMEM;
	if (VEC_PUSH(v, msg) != 0) {
		rsg__free(msg);
		return RSG_ENOMEM;
	}
	if (cfg->log_cb != NULL)
		cfg->log_cb(cfg->log_arg, lvl, msg);
	return 0;
}

static int config_vdiag(struct rsg_config *cfg, enum rsg_log_level lvl,
    unsigned line, unsigned col, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));

static int
config_vdiag(struct rsg_config *cfg, enum rsg_log_level lvl, unsigned line,
    unsigned col, const char *fmt, va_list ap)
{
	struct str_vec *v =
	    lvl == RSG_LOG_ERROR ? &cfg->errors : &cfg->warnings;
	char *body;
	int rc;

	if (v->n > DIAG_MAX)
		return 0;
	if (v->n == DIAG_MAX) {
		return diag_push(cfg, v, lvl, 0, 0,
		    lvl == RSG_LOG_ERROR
			? "too many errors; the rest are left out"
			: "too many warnings; the rest are left out");
	}
	if ((body = vfmt(fmt, ap)) == NULL)
		return RSG_ENOMEM;
	rc = diag_push(cfg, v, lvl, line, col, body);
	rsg__free(body);
	return rc;
}

static int config_diag(struct rsg_config *cfg, enum rsg_log_level lvl,
    unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int
config_diag(struct rsg_config *cfg, enum rsg_log_level lvl, unsigned line,
    unsigned col, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = config_vdiag(cfg, lvl, line, col, fmt, ap);
	va_end(ap);
	return rc;
}

void
rsg__config_error(
    struct rsg_config *cfg, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)config_vdiag(cfg, RSG_LOG_ERROR, line, col, fmt, ap);
	va_end(ap);
}

void
rsg__config_warning(
    struct rsg_config *cfg, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)config_vdiag(cfg, RSG_LOG_WARNING, line, col, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------ */
/* Life cycle                                                          */
/* ------------------------------------------------------------------ */

void
rsg__str_vec_free(struct str_vec *v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < v->n; i++)
		rsg__free(v->v[i]);
	VEC_FREE(v);
}

static int
str_vec_push(struct str_vec *v, const char *s)
{
	char *d = rsg__strdup(s);

	if (d == NULL)
		return RSG_ENOMEM;
	if (VEC_PUSH(v, d) != 0) {
		rsg__free(d);
		return RSG_ENOMEM;
	}
	return 0;
}

static int
str_vec_copy(struct str_vec *dst, const struct str_vec *src)
{
	for (size_t i = 0; i < src->n; i++) {
		if (str_vec_push(dst, src->v[i]) != 0)
			return RSG_ENOMEM;
	}
	return 0;
}

static void
client_free(struct cfg_client *c)
{
	rsg__free(c->description);
	VEC_FREE(&c->ips);
	VEC_FREE(&c->nh_authorized);
	rsg__pfx_vec_free(&c->blacklist);
	rsg__str_vec_free(&c->as_sets);
	VEC_FREE(&c->transit_free);
	memset(c, 0, sizeof(*c));
}

static void
rtr_free(struct cfg_rtr *r)
{
	rsg__free(r->host);
	rsg__free(r->port);
	rsg__free(r->bind);
	rsg__free(r->ssh_user);
	rsg__free(r->ssh_key);
	rsg__free(r->ssh_known_hosts);
	rsg__free(r->ssh_password);
	memset(r, 0, sizeof(*r));
}

/* Free and zero every setting; diagnostics and source stay. */
static void
clear_settings(struct rsg_config *cfg)
{
	cfg->rs_as = 0;
	memset(&cfg->k, 0, sizeof(cfg->k));
	rsg__pfx_vec_free(&cfg->global_blacklist);
	rsg__pfx_vec_free(&cfg->peering_lans);
	VEC_FREE(&cfg->transit_free);
	VEC_FREE(&cfg->never_via_rs);
	cfg->never_via_rs_pdb = false;
	cfg->reject_cause_ld1 = 0;
	cfg->announced_by_ld1 = 0;
	cfg->info_communities = false;
	cfg->rpki_max_age = 0;
	cfg->rpki_check_expires = false;
	rsg__str_vec_free(&cfg->allowed_tas);
	for (size_t i = 0; i < cfg->vrp_files.n; i++)
		rsg__free(cfg->vrp_files.v[i].path);
	VEC_FREE(&cfg->vrp_files);
	rsg__str_vec_free(&cfg->aspa_files);
	rsg__str_vec_free(&cfg->slurm_files);
	rsg__free(cfg->peeringdb_file);
	rsg__free(cfg->bogons_v4_file);
	rsg__free(cfg->bogons_v6_file);
	cfg->peeringdb_file = cfg->bogons_v4_file = cfg->bogons_v6_file = NULL;
	for (size_t i = 0; i < cfg->rtr.n; i++)
		rtr_free(&cfg->rtr.v[i]);
	VEC_FREE(&cfg->rtr);
	cfg->rtr_refresh = cfg->rtr_retry = cfg->rtr_expire = 0;
	cfg->rtr_cache_timers = false;
	cfg->file_refresh = 0;
	cfg->max_shrink_pct = 0;
	for (size_t i = 0; i < cfg->clients.n; i++)
		client_free(&cfg->clients.v[i]);
	VEC_FREE(&cfg->clients);
}

void
rsg__config_clear(struct rsg_config *cfg)
{
	if (cfg == NULL)
		return;
	clear_settings(cfg);
	rsg__str_vec_free(&cfg->errors);
	rsg__str_vec_free(&cfg->warnings);
	rsg__free(cfg->src_text);
	rsg__free(cfg->src_name);
	rsg__free(cfg->base_dir);
	cfg->src_text = cfg->src_name = cfg->base_dir = NULL;
	cfg->src_len = 0;
}

/* The rsguard defaults (README "Configuration"); settings must be clear. */
static int
config_defaults(struct rsg_config *cfg)
{
	rsg__knobs_default(&cfg->k);
	cfg->never_via_rs_pdb = true;
	cfg->info_communities = true;
	cfg->rpki_max_age = 21600;
	cfg->rpki_check_expires = true;
	/* RFC 8210 section 6, recommended defaults */
	cfg->rtr_refresh = 3600;
	cfg->rtr_retry = 600;
	cfg->rtr_expire = 7200;
	cfg->rtr_cache_timers = true;
	cfg->file_refresh = 600;
	cfg->max_shrink_pct = 50;
	for (size_t i = 0; i < ARRAY_SIZE(default_transit_free); i++) {
		if (VEC_PUSH(&cfg->transit_free, default_transit_free[i]) != 0)
			return RSG_ENOMEM;
	}
	return 0;
}

RSG_EXPORT int
rsg_config_new(struct rsg_config **out)
{
	struct rsg_config *cfg;

	if (out == NULL)
		return RSG_EINVAL;
	*out = NULL;
	if ((cfg = rsg__calloc(1, sizeof(*cfg))) == NULL)
		return RSG_ENOMEM;
	if (config_defaults(cfg) != 0) {
		rsg_config_free(cfg);
		return RSG_ENOMEM;
	}
	*out = cfg;
	return 0;
}

RSG_EXPORT void
rsg_config_free(struct rsg_config *cfg)
{
	if (cfg == NULL)
		return;
	rsg__config_clear(cfg);
	rsg__config_free_overrides(cfg);
	rsg__free(cfg);
}

RSG_EXPORT size_t
rsg_config_error_count(const struct rsg_config *cfg)
{
	return cfg != NULL ? cfg->errors.n : 0;
}

RSG_EXPORT const char *
rsg_config_error(const struct rsg_config *cfg, size_t i)
{
	return cfg != NULL && i < cfg->errors.n ? cfg->errors.v[i] : NULL;
}

RSG_EXPORT size_t
rsg_config_warning_count(const struct rsg_config *cfg)
{
	return cfg != NULL ? cfg->warnings.n : 0;
}

RSG_EXPORT const char *
rsg_config_warning(const struct rsg_config *cfg, size_t i)
{
	return cfg != NULL && i < cfg->warnings.n ? cfg->warnings.v[i] : NULL;
}

RSG_EXPORT void
rsg_config_set_log(struct rsg_config *cfg, rsg_log_cb cb, void *arg)
{
	if (cfg == NULL)
		return;
	cfg->log_cb = cb;
	cfg->log_arg = arg;
}

RSG_EXPORT void
rsg_config_set_as_of(struct rsg_config *cfg, int64_t unix_time)
{
	if (cfg != NULL)
		cfg->as_of = unix_time;
}

/* ------------------------------------------------------------------ */
/* Parser state and node helpers                                       */
/* ------------------------------------------------------------------ */

/*
 * Settings that are not knobs themselves but decide them: the knobs keep
 * only the resulting modes, and a client that changes one of these must
 * combine it with the inherited others.
 */
struct xknobs {
	bool rov_on;       /* rpki_bgp_origin_validation.enabled */
	bool rov_rej_inv;  /* .reject_invalid */
	bool rov_rej_unk;  /* .reject_unknown */
	bool aspa_on;      /* aspa.enabled */
	bool aspa_rej_inv; /* aspa.reject_invalid */
};

/* One "asns:" entry of clients.yml. */
struct asn_sets {
	uint32_t asn;
	struct str_vec sets;
};

/* Where a client address was given, to name both places of a duplicate. */
struct ipseen {
	struct rsg_ip ip;
	unsigned line, col;
	size_t ord;
};

/* Where an RTR cache was given, to name both places of a duplicate. */
struct rtrseen {
	const char *host, *port; /* owned by the cache in cfg->rtr */
	unsigned line, col;      /* of its host */
	size_t ord;
};

struct parse {
	struct rsg_config *cfg;
	yaml_document_t doc;
	struct xknobs gx; /* general */
	struct {
		struct asn_sets *v;
		size_t n, cap;
	} asns;
	struct {
		struct ipseen *v;
		size_t n, cap;
	} ips;
	struct {
		struct rtrseen *v;
		size_t n, cap;
	} rtrs;
	bool nomem;
};

/* The knobs a filtering section changes: general or one client's. */
struct level {
	struct knobs *k;
	struct xknobs *x;
	struct cfg_client *c; /* NULL: general */
};

struct choice {
	const char *name;
	int val;
};

static unsigned
nline(const yaml_node_t *n)
{
	return n != NULL ? (unsigned)n->start_mark.line + 1 : 0;
}

static unsigned
ncol(const yaml_node_t *n)
{
	return n != NULL ? (unsigned)n->start_mark.column + 1 : 0;
}

static void pdiag_at(struct parse *p, enum rsg_log_level lvl, unsigned line,
    unsigned col, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));

static void
pdiag_at(struct parse *p, enum rsg_log_level lvl, unsigned line, unsigned col,
    const char *fmt, va_list ap)
{
	if (config_vdiag(p->cfg, lvl, line, col, fmt, ap) != 0)
		p->nomem = true;
}

static void perr_at(struct parse *p, unsigned line, unsigned col,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
perr_at(struct parse *p, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pdiag_at(p, RSG_LOG_ERROR, line, col, fmt, ap);
	va_end(ap);
}

static void perr(struct parse *p, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
perr(struct parse *p, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pdiag_at(p, RSG_LOG_ERROR, nline(n), ncol(n), fmt, ap);
	va_end(ap);
}

static void pwarn(struct parse *p, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
pwarn(struct parse *p, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pdiag_at(p, RSG_LOG_WARNING, nline(n), ncol(n), fmt, ap);
	va_end(ap);
}

static yaml_node_t *
nd(struct parse *p, int id)
{
	return yaml_document_get_node(&p->doc, id);
}

static const char *
sval(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

static bool
is_scalar(const yaml_node_t *n)
{
	return n != NULL && n->type == YAML_SCALAR_NODE;
}

static bool
is_map(const yaml_node_t *n)
{
	return n != NULL && n->type == YAML_MAPPING_NODE;
}

static bool
str_eq(const yaml_node_t *n, const char *s)
{
	size_t len = strlen(s);

	return is_scalar(n) && n->data.scalar.length == len
	    && memcmp(n->data.scalar.value, s, len) == 0;
}

/* YAML 1.1 null: an empty or ~/null plain scalar (or nothing at all). */
static bool
is_null(const yaml_node_t *n)
{
	if (n == NULL)
		return true;
	if (n->type != YAML_SCALAR_NODE
	    || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	return n->data.scalar.length == 0 || str_eq(n, "~") || str_eq(n, "null")
	    || str_eq(n, "Null") || str_eq(n, "NULL");
}

/* Key text for messages. */
static const char *
kstr(const yaml_node_t *k)
{
	return is_scalar(k) ? sval(k) : "?";
}

static bool
in_list(const yaml_node_t *k, const char *const *list)
{
	for (; *list != NULL; list++) {
		if (str_eq(k, *list))
			return true;
	}
	return false;
}

/*
 * Iterate over the pairs of a mapping:
 * for (size_t i = 0; next_pair(p, n, &i, &k, &v);) { ... }
 */
static bool
next_pair(struct parse *p, const yaml_node_t *n, size_t *i, yaml_node_t **k,
    yaml_node_t **v)
{
	const yaml_node_pair_t *pr = n->data.mapping.pairs.start + *i;

	if (pr >= n->data.mapping.pairs.top)
		return false;
	*k = nd(p, pr->key);
	*v = nd(p, pr->value);
	(*i)++;
	return true;
}

static int
key_cmp(const void *a, const void *b)
{
	const yaml_node_t *x = *(yaml_node_t *const *)a;
	const yaml_node_t *y = *(yaml_node_t *const *)b;
	size_t lx = x->data.scalar.length, ly = y->data.scalar.length;
	int c = memcmp(
	    x->data.scalar.value, y->data.scalar.value, lx < ly ? lx : ly);

	if (c != 0)
		return c;
	if (lx != ly)
		return lx < ly ? -1 : 1;
	if (x->start_mark.index != y->start_mark.index)
		return x->start_mark.index < y->start_mark.index ? -1 : 1;
	return 0;
}

/* Report keys given twice in one mapping (YAML forbids it). */
static void
check_dups(struct parse *p, const yaml_node_t *n, const char *what)
{
	size_t cnt =
	    (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
	yaml_node_t **keys;
	size_t nk = 0;

	if (cnt < 2)
		return;
	if ((keys = rsg__reallocarray(NULL, cnt, sizeof(*keys))) == NULL) {
		p->nomem = true;
		return;
	}
	for (size_t i = 0; i < cnt; i++) {
		yaml_node_t *k = nd(p, n->data.mapping.pairs.start[i].key);

		if (is_scalar(k))
			keys[nk++] = k;
	}
	qsort(keys, nk, sizeof(*keys), key_cmp);
	for (size_t i = 1, first = 0; i < nk; i++) {
		const yaml_node_t *a = keys[first], *b = keys[i];

		if (a->data.scalar.length != b->data.scalar.length
		    || memcmp(a->data.scalar.value, b->data.scalar.value,
			   a->data.scalar.length)
			!= 0) {
			first = i;
			continue;
		}
		perr(p, b,
		    "%s: duplicate key '%.*s' (first at line %u, "
		    "column %u)",
		    what, QUOTE_MAX, kstr(b), nline(a), ncol(a));
	}
	rsg__free(keys);
}

/*
 * Open a mapping: false for null (an empty section, as in arouteserver's
 * files where every child is commented out) or on a type error.
 */
static bool
map_open(struct parse *p, const yaml_node_t *n, const char *what)
{
	if (is_null(n))
		return false;
	if (n->type != YAML_MAPPING_NODE) {
		perr(p, n, "%s: expected a mapping", what);
		return false;
	}
	check_dups(p, n, what);
	return true;
}

static void
unknown(struct parse *p, const yaml_node_t *k, const char *what)
{
	if (!is_scalar(k))
		perr(p, k, "%s: keys must be strings", what);
	else if (k->data.scalar.style == YAML_PLAIN_SCALAR_STYLE
	    && str_eq(k, "<<"))
		perr(p, k, "%s: YAML merge keys (<<) are not supported", what);
	else
		perr(
		    p, k, "unknown key '%.*s' in %s", QUOTE_MAX, sval(k), what);
}

/* A list: a sequence, or one scalar standing for a list of itself. */
static size_t
list_len(struct parse *p, const yaml_node_t *n, const char *what)
{
	if (is_null(n))
		return 0;
	if (n->type == YAML_SEQUENCE_NODE)
		return (size_t)(n->data.sequence.items.top
		    - n->data.sequence.items.start);
	if (n->type == YAML_SCALAR_NODE)
		return 1;
	perr(p, n, "%s: expected a list", what);
	return 0;
}

static yaml_node_t *
list_at(struct parse *p, yaml_node_t *n, size_t i)
{
	if (n->type == YAML_SEQUENCE_NODE)
		return nd(p, n->data.sequence.items.start[i]);
	return n;
}

/* ------------------------------------------------------------------ */
/* Scalars                                                             */
/* ------------------------------------------------------------------ */

/* A string without NUL bytes; NULL if null or on error (reported). */
static const char *
get_str(struct parse *p, const yaml_node_t *v, const char *key)
{
	if (is_null(v))
		return NULL;
	if (v->type != YAML_SCALAR_NODE) {
		perr(p, v, "%s: expected a string", key);
		return NULL;
	}
	if (strlen(sval(v)) != v->data.scalar.length) {
		perr(p, v, "%s: the string contains a NUL character", key);
		return NULL;
	}
	return sval(v);
}

/* true/false, yes/no, on/off as YAML 1.1 (PyYAML, arouteserver) has them */
static bool
get_bool(struct parse *p, const yaml_node_t *v, const char *key, bool *out)
{
	static const char *const yes[] = { "true", "True", "TRUE", "yes", "Yes",
		"YES", "on", "On", "ON", NULL };
	static const char *const no[] = { "false", "False", "FALSE", "no", "No",
		"NO", "off", "Off", "OFF", NULL };

	if (is_null(v))
		return false;
	if (in_list(v, yes)) {
		*out = true;
		return true;
	}
	if (in_list(v, no)) {
		*out = false;
		return true;
	}
	perr(p, v, "%s: expected a boolean", key);
	return false;
}

static bool
parse_u64(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;

	if (len == 0 || len > 20)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return false;
		d = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

/* A decimal integer in [min, max]; false if null or on error. */
static bool
get_uint(struct parse *p, const yaml_node_t *v, const char *key, uint64_t min,
    uint64_t max, uint64_t *out)
{
	uint64_t x;

	if (is_null(v))
		return false;
	if (is_scalar(v) && parse_u64(sval(v), v->data.scalar.length, &x)
	    && x >= min && x <= max) {
		*out = x;
		return true;
	}
	perr(p, v, "%s: expected an integer in %llu..%llu", key,
	    (unsigned long long)min, (unsigned long long)max);
	return false;
}

/* An ASN, 1..4294967295, as a number or "AS<n>". */
static bool
get_asn(struct parse *p, const yaml_node_t *v, const char *key, uint32_t *out)
{
	uint32_t a;

	if (is_null(v))
		return false;
	if (is_scalar(v)
	    && rsg__parse_asn(sval(v), v->data.scalar.length, &a) == 0
	    && a != 0) {
		*out = a;
		return true;
	}
	perr(p, v, "%s: expected an ASN in 1..4294967295", key);
	return false;
}

static bool
get_enum(struct parse *p, const yaml_node_t *v, const char *key,
    const struct choice *c, int *out)
{
	char buf[160];
	size_t off = 0;

	if (is_null(v))
		return false;
	for (const struct choice *i = c; i->name != NULL; i++) {
		if (str_eq(v, i->name)) {
			*out = i->val;
			return true;
		}
	}
	buf[0] = '\0';
	for (const struct choice *i = c; i->name != NULL; i++) {
		int n = snprintf(buf + off, sizeof(buf) - off, "%s%s",
		    i == c ? "" : (i[1].name == NULL ? " or " : ", "), i->name);

		if (n < 0 || (size_t)n >= sizeof(buf) - off)
			break;
		off += (size_t)n;
	}
	perr(p, v, "%s: expected %s", key, buf);
	return false;
}

/* ------------------------------------------------------------------ */
/* Lists                                                               */
/* ------------------------------------------------------------------ */

static void
asn_tokens(
    struct parse *p, const yaml_node_t *n, const char *key, struct asn_vec *out)
{
	const char *s = sval(n);
	size_t len = n->data.scalar.length, i = 0;

	while (i < len) {
		size_t j;
		uint32_t a;

		while (i < len
		    && (s[i] == ',' || s[i] == ' ' || s[i] == '\t'
			|| s[i] == '\n' || s[i] == '\r'))
			i++;
		if (i == len)
			break;
		for (j = i; j < len && s[j] != ',' && s[j] != ' '
		     && s[j] != '\t' && s[j] != '\n' && s[j] != '\r';
		     j++)
			;
		if (rsg__parse_asn(s + i, j - i, &a) != 0 || a == 0) {
			perr(p, n,
			    "%s: '%.*s' is not an ASN (expected an "
			    "integer in 1..4294967295 or AS<n>)",
			    key, (int)(j - i < QUOTE_MAX ? j - i : QUOTE_MAX),
			    s + i);
		} else if (VEC_PUSH(out, a) != 0) {
			p->nomem = true;
			return;
		}
		i = j;
	}
}

/*
 * ASN list: a sequence of numbers or "AS<n>", or one string
 * "174, 701, 1299" (arouteserver's folded form). Replaces *out.
 */
static void
get_asn_list(
    struct parse *p, yaml_node_t *v, const char *key, struct asn_vec *out)
{
	size_t n = list_len(p, v, key);

	VEC_FREE(out);
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *it = list_at(p, v, i);

		if (!is_scalar(it) || is_null(it)) {
			perr(
			    p, it, "%s: expected an ASN in 1..4294967295", key);
			continue;
		}
		asn_tokens(p, it, key, out);
	}
}

/* Strings; ws: whitespace is an error (AS-SET names). Replaces *out. */
static void
get_str_list(struct parse *p, yaml_node_t *v, const char *key, bool ws,
    struct str_vec *out)
{
	size_t n = list_len(p, v, key);

	rsg__str_vec_free(out);
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *it = list_at(p, v, i);
		const char *s = get_str(p, it, key);

		if (s == NULL) {
			if (is_null(it))
				perr(p, it, "%s: empty entry", key);
			continue;
		}
		if (*s == '\0') {
			perr(p, it, "%s: empty string", key);
			continue;
		}
		if (!ws && strpbrk(s, " \t\r\n") != NULL) {
			perr(p, it, "%s: '%.*s' contains whitespace", key,
			    QUOTE_MAX, s);
			continue;
		}
		if (str_vec_push(out, s) != 0) {
			p->nomem = true;
			return;
		}
	}
}

/* An address, not a prefix. */
static bool
get_ip(
    struct parse *p, const yaml_node_t *v, const char *key, struct rsg_ip *ip)
{
	const char *s = get_str(p, v, key);

	if (s == NULL) {
		if (is_null(v))
			perr(p, v, "%s: expected an address", key);
		return false;
	}
	if (strchr(s, '/') != NULL) {
		perr(p, v, "%s: expected an address, not a prefix: '%.*s'", key,
		    QUOTE_MAX, s);
		return false;
	}
	if (rsg__ip_parse(s, strlen(s), ip) != 0) {
		perr(p, v, "%s: '%.*s' is not an IPv4 or IPv6 address", key,
		    QUOTE_MAX, s);
		return false;
	}
	return true;
}

static void
get_ip_list(
    struct parse *p, yaml_node_t *v, const char *key, struct ip_vec *out)
{
	size_t n = list_len(p, v, key);

	VEC_FREE(out);
	for (size_t i = 0; i < n; i++) {
		struct rsg_ip ip;

		if (!get_ip(p, list_at(p, v, i), key, &ip))
			continue;
		if (VEC_PUSH(out, ip) != 0) {
			p->nomem = true;
			return;
		}
	}
}

/* "192.0.2.0/24": the prefix and all its more-specifics. */
static bool
pfx_entry_text(
    struct parse *p, const yaml_node_t *n, const char *key, struct pfx_entry *e)
{
	const char *s = get_str(p, n, key);
	char buf[RSG_PREFIX_STRLEN];
	struct rsg_prefix pfx;
	int rc;

	if (s == NULL) {
		if (is_null(n))
			perr(p, n, "%s: empty entry", key);
		return false;
	}
	rc = rsg__prefix_parse(s, strlen(s), &pfx, true);
	if (rc == RSG_EINVAL) {
		rsg__prefix_parse(s, strlen(s), &pfx, false);
		rsg_prefix_format(&pfx, buf, sizeof(buf));
		perr(p, n, "%s: host bits are set in '%.*s' (%s?)", key,
		    QUOTE_MAX, s, buf);
		return false;
	}
	if (rc != 0) {
		perr(p, n,
		    "%s: '%.*s' is not a prefix like 192.0.2.0/24 or "
		    "2001:db8::/32",
		    key, QUOTE_MAX, s);
		return false;
	}
	rsg__pfx_entry_orlonger(e, &pfx);
	return true;
}

/* arouteserver's {prefix, length, comment, exact, ge, le}. */
static bool
pfx_entry_map(
    struct parse *p, yaml_node_t *n, const char *key, struct pfx_entry *e)
{
	yaml_node_t *k, *v, *pn = NULL, *ln = NULL, *en = NULL, *gn = NULL,
			    *lev = NULL, *cn = NULL;
	const char *s;
	struct rsg_prefix pfx;
	struct rsg_ip ip;
	uint64_t x;
	unsigned max, ge, le;
	bool exact = false, ok = true, bounds = true;

	check_dups(p, n, key);
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "prefix"))
			pn = v;
		else if (str_eq(k, "length"))
			ln = v;
		else if (str_eq(k, "comment"))
			cn = v;
		else if (str_eq(k, "exact"))
			en = v;
		else if (str_eq(k, "ge"))
			gn = v;
		else if (str_eq(k, "le"))
			lev = v;
		else {
			unknown(p, k, key);
			ok = false;
		}
	}
	if (is_null(pn)) {
		perr(p, n, "%s: prefix is required", key);
		return false;
	}
	if ((s = get_str(p, pn, "prefix")) == NULL)
		return false;
	memset(&pfx, 0, sizeof(pfx));
	if (strchr(s, '/') != NULL) {
		/* lenient: "192.0.2.0/24" with no length */
		if (!is_null(ln)) {
			perr(p, ln, "length: the prefix already has one");
			return false;
		}
		if (rsg__prefix_parse(s, strlen(s), &pfx, false) != 0) {
			perr(p, pn, "prefix: '%.*s' is not a prefix", QUOTE_MAX,
			    s);
			return false;
		}
		ip = pfx.ip;
		rsg__ip_parse(s, (size_t)(strchr(s, '/') - s), &ip);
	} else {
		if (rsg__ip_parse(s, strlen(s), &ip) != 0) {
			perr(p, pn,
			    "prefix: '%.*s' is not an IPv4 or IPv6 "
			    "address",
			    QUOTE_MAX, s);
			return false;
		}
		if (is_null(ln)) {
			perr(p, n, "%s: length is required", key);
			return false;
		}
		if (!get_uint(p, ln, "length", 0, afi_bits(ip.afi), &x))
			return false;
		pfx.ip = ip;
		pfx.len = (uint8_t)x;
	}
	max = afi_bits(ip.afi);
	addr_mask(pfx.ip.addr, pfx.len);
	if (!ip_equal(&pfx.ip, &ip)) {
		char buf[RSG_PREFIX_STRLEN];

		rsg_prefix_format(&pfx, buf, sizeof(buf));
		perr(p, pn, "prefix: host bits are set for length %u (%s?)",
		    pfx.len, buf);
		ok = false;
	}
	if (!is_null(en) && !get_bool(p, en, "exact", &exact))
		ok = false;
	ge = pfx.len;
	le = max;
	if (exact) {
		if (!is_null(gn) || !is_null(lev)) {
			perr(p, en, "exact: cannot be combined with ge or le");
			ok = false;
		}
		le = pfx.len;
	} else {
		if (!is_null(gn)) {
			if (get_uint(p, gn, "ge", 0, max, &x))
				ge = (unsigned)x;
			else
				bounds = false;
		}
		if (!is_null(lev)) {
			if (get_uint(p, lev, "le", 0, max, &x))
				le = (unsigned)x;
			else
				bounds = false;
		}
		if (bounds && ge < pfx.len) {
			perr(p, gn,
			    "ge: %u is shorter than the prefix length %u", ge,
			    pfx.len);
			ok = false;
		}
		if (bounds && le < ge) {
			perr(p, lev, "le: %u is less than ge %u", le, ge);
			ok = false;
		}
		ok = ok && bounds;
	}
	memset(e, 0, sizeof(*e));
	e->pfx = pfx;
	e->ge = (uint8_t)ge;
	e->le = (uint8_t)le;
	if (!is_null(cn)) {
		if (get_str(p, cn, "comment") != NULL)
			e->comment = (char *)cn->data.scalar.value;
		else
			ok = false;
	}
	return ok;
}

/* A list of prefix entries (strings or mappings), appended to *out. */
static void
get_pfx_list(
    struct parse *p, yaml_node_t *v, const char *key, struct pfx_vec *out)
{
	size_t n = list_len(p, v, key);

	for (size_t i = 0; i < n; i++) {
		yaml_node_t *it = list_at(p, v, i);
		struct pfx_entry e;
		bool ok;

		if (is_map(it))
			ok = pfx_entry_map(p, it, key, &e);
		else if (is_scalar(it))
			ok = pfx_entry_text(p, it, key, &e);
		else {
			perr(p, it,
			    "%s: expected a prefix (\"192.0.2.0/24\") "
			    "or a mapping with prefix and length",
			    key);
			ok = false;
		}
		if (ok && rsg__pfx_vec_push(out, &e) != 0) {
			p->nomem = true;
			return;
		}
	}
}

/* ------------------------------------------------------------------ */
/* filtering: general and per client                                   */
/* ------------------------------------------------------------------ */

/* arouteserver settings of the BGP daemon: accepted, not used. */
static const char *const daemon_keys[] = { "router_id", "prepend_rs_as",
	"path_hiding", "passive", "multihop", "gtsm", "add_path",
	"rtt_thresholds", "rfc1997_wellknown_communities", "custom_communities",
	NULL };
static const char *const client_daemon_keys[] = { "prepend_rs_as", "passive",
	"multihop", "gtsm", "add_path", "attach_custom_communities", NULL };

/* filtering keys valid at one level only, for a helpful message */
static const char *const general_only[] = { "global_black_list_pref",
	"never_via_route_servers", "peering_lans", NULL };
static const char *const client_only[] = { "black_list_pref",
	"transparent_route_server", "rpki", NULL };

static const struct choice nh_choices[] = { { "strict", NH_STRICT },
	{ "same-as", NH_SAME_AS }, { "authorized_addresses", NH_AUTHORIZED },
	{ NULL, 0 } };
static const struct choice tf_choices[] = { { "reject", RSG_MODE_REJECT },
	{ "warning", RSG_MODE_TAG }, { "tag", RSG_MODE_TAG },
	{ "none", RSG_MODE_OFF }, { NULL, 0 } };
static const struct choice tmc_choices[] = { { "reject", RSG_MODE_REJECT },
	{ "tag", RSG_MODE_TAG }, { "none", RSG_MODE_OFF }, { NULL, 0 } };
static const struct choice mode_choices[] = { { "reject", RSG_MODE_REJECT },
	{ "tag", RSG_MODE_TAG }, { "off", RSG_MODE_OFF }, { NULL, 0 } };
static const struct choice maxpfx_choices[] = { { "shutdown", MAXPFX_SHUTDOWN },
	{ "restart", MAXPFX_RESTART }, { "block", MAXPFX_BLOCK },
	{ "warning", MAXPFX_WARNING }, { "none", MAXPFX_NONE }, { NULL, 0 } };
static const struct choice policy_choices[] = { { "reject", RSG_REJECT },
	{ "tag", RSG_TAG }, { "tag_and_reject", RSG_TAG_AND_REJECT },
	{ NULL, 0 } };
static const struct choice fmt_choices[] = { { "auto", RPKI_FMT_AUTO },
	{ "json", RPKI_FMT_JSON }, { "csv", RPKI_FMT_CSV }, { NULL, 0 } };
static const struct choice transport_choices[] = { { "tcp", RTR_TCP },
	{ "ssh", RTR_SSH }, { NULL, 0 } };

static void
daemon_warning(struct parse *p, const yaml_node_t *k)
{
	pwarn(p, k, "%.*s: not used by rsguard: a BGP daemon setting",
	    QUOTE_MAX, kstr(k));
}

static void
parse_next_hop(struct parse *p, yaml_node_t *n, struct level *lv)
{
	yaml_node_t *k, *v;
	int x;

	if (!map_open(p, n, "next_hop"))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "policy")) {
			if (get_enum(p, v, "next_hop.policy", nh_choices, &x))
				lv->k->nh_policy = (uint8_t)x;
		} else if (str_eq(k, "authorized_addresses_list")
		    && lv->c != NULL) {
			get_ip_list(p, v, "authorized_addresses_list",
			    &lv->c->nh_authorized);
		} else if (str_eq(k, "authorized_addresses_list")) {
			perr(p, k,
			    "next_hop.authorized_addresses_list is "
			    "only allowed in a client's cfg");
		} else {
			unknown(p, k, "next_hop");
		}
	}
}

static void
parse_pref_len(struct parse *p, yaml_node_t *n, const char *what,
    unsigned maxbits, uint8_t *min, uint8_t *max)
{
	yaml_node_t *k, *v;
	unsigned lo = *min, hi = *max;
	uint64_t x;
	bool ok = true;

	if (!map_open(p, n, what))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "min")) {
			if (get_uint(p, v, "min", 0, maxbits, &x))
				lo = (unsigned)x;
			else if (!is_null(v))
				ok = false;
		} else if (str_eq(k, "max")) {
			if (get_uint(p, v, "max", 0, maxbits, &x))
				hi = (unsigned)x;
			else if (!is_null(v))
				ok = false;
		} else {
			unknown(p, k, what);
		}
	}
	if (ok && lo > hi) {
		perr(p, n, "%s: min %u is greater than max %u", what, lo, hi);
		return;
	}
	*min = (uint8_t)lo;
	*max = (uint8_t)hi;
}

static void
parse_transit_free(struct parse *p, yaml_node_t *n, struct level *lv)
{
	yaml_node_t *k, *v;
	int x;

	if (!map_open(p, n, "transit_free"))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "action")) {
			if (get_enum(
				p, v, "transit_free.action", tf_choices, &x))
				lv->k->mode[RSG_R_TRANSIT_FREE] = (uint8_t)x;
		} else if (str_eq(k, "asns")) {
			if (lv->c == NULL) {
				get_asn_list(p, v, "transit_free.asns",
				    &p->cfg->transit_free);
			} else {
				get_asn_list(p, v, "transit_free.asns",
				    &lv->c->transit_free);
				lv->c->own_transit_free = true;
			}
		} else {
			unknown(p, k, "transit_free");
		}
	}
}

static void
parse_never_via_rs(struct parse *p, yaml_node_t *n)
{
	yaml_node_t *k, *v;
	bool b;

	if (!map_open(p, n, "never_via_route_servers"))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "peering_db")) {
			if (get_bool(
				p, v, "never_via_route_servers.peering_db", &b))
				p->cfg->never_via_rs_pdb = b;
		} else if (str_eq(k, "asns")) {
			get_asn_list(p, v, "never_via_route_servers.asns",
			    &p->cfg->never_via_rs);
		} else {
			unknown(p, k, "never_via_route_servers");
		}
	}
}

static void
parse_enabled_only(struct parse *p, yaml_node_t *n, const char *what, bool *out)
{
	yaml_node_t *k, *v;

	if (!map_open(p, n, what))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "enabled"))
			get_bool(p, v, "enabled", out);
		else
			unknown(p, k, what);
	}
}

static void
parse_irrdb(struct parse *p, yaml_node_t *n, struct level *lv)
{
	static const char *const unsupported[] = { "tag_as_set", "peering_db",
		"use_arin_bulk_whois_data", "use_registrobr_bulk_whois_data",
		NULL };
	yaml_node_t *k, *v;

	if (!map_open(p, n, "irrdb"))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "enforce_origin_in_as_set")) {
			get_bool(p, v, "enforce_origin_in_as_set",
			    &lv->k->irr_enforce_origin);
		} else if (str_eq(k, "enforce_prefix_in_as_set")) {
			get_bool(p, v, "enforce_prefix_in_as_set",
			    &lv->k->irr_enforce_prefix);
		} else if (str_eq(k, "allow_longer_prefixes")) {
			get_bool(p, v, "allow_longer_prefixes",
			    &lv->k->irr_allow_longer);
		} else if (str_eq(k, "as_sets") && lv->c != NULL) {
			get_str_list(
			    p, v, "irrdb.as_sets", false, &lv->c->as_sets);
		} else if (str_eq(k, "use_rpki_roas_as_route_objects")
		    && lv->c == NULL) {
			parse_enabled_only(p, v,
			    "irrdb.use_rpki_roas_as_route_objects",
			    &lv->k->irr_use_roas);
		} else if (in_list(k, unsupported) && lv->c == NULL) {
			pwarn(p, k, "irrdb.%s: not supported by rsguard yet",
			    sval(k));
		} else {
			unknown(p, k, lv->c != NULL ? "client irrdb" : "irrdb");
		}
	}
}

static void
rov_modes(struct knobs *k, const struct xknobs *x, bool inv, bool unk)
{
	if (inv)
		k->mode[RSG_R_RPKI_INVALID] = !x->rov_on ? RSG_MODE_OFF
		    : x->rov_rej_inv                     ? RSG_MODE_REJECT
							 : RSG_MODE_TAG;
	if (unk)
		k->mode[RSG_R_RPKI_UNKNOWN] = x->rov_on && x->rov_rej_unk
		    ? RSG_MODE_REJECT
		    : RSG_MODE_OFF;
}

static void
parse_rov(struct parse *p, yaml_node_t *n, struct level *lv, const char *what)
{
	yaml_node_t *k, *v;
	bool b;

	if (!map_open(p, n, what))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "enabled")) {
			if (get_bool(p, v, "enabled", &b)) {
				lv->x->rov_on = b;
				rov_modes(lv->k, lv->x, true, true);
			}
		} else if (str_eq(k, "reject_invalid")) {
			if (get_bool(p, v, "reject_invalid", &b)) {
				lv->x->rov_rej_inv = b;
				rov_modes(lv->k, lv->x, true, false);
			}
		} else if (str_eq(k, "reject_unknown")) {
			if (get_bool(p, v, "reject_unknown", &b)) {
				lv->x->rov_rej_unk = b;
				rov_modes(lv->k, lv->x, false, true);
			}
		} else {
			unknown(p, k, what);
		}
	}
}

static void
aspa_mode(struct knobs *k, const struct xknobs *x)
{
	k->mode[RSG_R_ASPA_INVALID] = !x->aspa_on ? RSG_MODE_OFF
	    : x->aspa_rej_inv                     ? RSG_MODE_REJECT
						  : RSG_MODE_TAG;
}

static void
parse_aspa(struct parse *p, yaml_node_t *n, struct level *lv)
{
	yaml_node_t *k, *v;
	bool b;

	if (!map_open(p, n, "aspa"))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "enabled")) {
			if (get_bool(p, v, "aspa.enabled", &b)) {
				lv->x->aspa_on = b;
				aspa_mode(lv->k, lv->x);
			}
		} else if (str_eq(k, "reject_invalid")) {
			if (get_bool(p, v, "aspa.reject_invalid", &b)) {
				lv->x->aspa_rej_inv = b;
				aspa_mode(lv->k, lv->x);
			}
		} else {
			unknown(p, k, "aspa");
		}
	}
}

static void
parse_max_prefix_pdb(struct parse *p, yaml_node_t *n, struct level *lv)
{
	yaml_node_t *k, *v, *k2, *v2;
	uint64_t x;

	/* a boolean (clients.yml) or {enabled, increment} (general.yml) */
	if (is_scalar(n)) {
		get_bool(p, n, "max_prefix.peering_db", &lv->k->max_prefix_pdb);
		return;
	}
	if (!map_open(p, n, "max_prefix.peering_db"))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "enabled")) {
			get_bool(p, v, "max_prefix.peering_db.enabled",
			    &lv->k->max_prefix_pdb);
		} else if (str_eq(k, "increment")) {
			if (!map_open(p, v, "max_prefix.peering_db.increment"))
				continue;
			for (size_t pr2 = 0; next_pair(p, v, &pr2, &k2, &v2);) {
				if (str_eq(k2, "absolute")) {
					if (get_uint(p, v2, "absolute", 0,
						UINT32_MAX, &x))
						lv->k->pdb_incr_abs =
						    (uint32_t)x;
				} else if (str_eq(k2, "relative")) {
					if (get_uint(p, v2, "relative", 0,
						UINT32_MAX, &x))
						lv->k->pdb_incr_rel =
						    (uint32_t)x;
				} else {
					unknown(p, k2,
					    "max_prefix.peering_db.increment");
				}
			}
		} else {
			unknown(p, k, "max_prefix.peering_db");
		}
	}
}

static void
parse_max_prefix(struct parse *p, yaml_node_t *n, struct level *lv)
{
	const char *what = lv->c != NULL ? "client max_prefix" : "max_prefix";
	yaml_node_t *k, *v;
	uint64_t x;
	int e;

	if (!map_open(p, n, "max_prefix"))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "action")) {
			if (get_enum(
				p, v, "max_prefix.action", maxpfx_choices, &e))
				lv->k->max_prefix_action = (uint8_t)e;
		} else if (str_eq(k, "restart_after")
		    || str_eq(k, "count_rejected_routes")) {
			pwarn(p, k,
			    "max_prefix.%s: not used by rsguard: a "
			    "BGP daemon setting",
			    sval(k));
		} else if (str_eq(k, "peering_db")) {
			parse_max_prefix_pdb(p, v, lv);
		} else if (str_eq(k, "general_limit_ipv4") && lv->c == NULL) {
			if (get_uint(
				p, v, "general_limit_ipv4", 0, UINT32_MAX, &x))
				lv->k->general_limit_v4 = (uint32_t)x;
		} else if (str_eq(k, "general_limit_ipv6") && lv->c == NULL) {
			if (get_uint(
				p, v, "general_limit_ipv6", 0, UINT32_MAX, &x))
				lv->k->general_limit_v6 = (uint32_t)x;
		} else if (str_eq(k, "limit_ipv4") && lv->c != NULL) {
			if (get_uint(p, v, "limit_ipv4", 0, UINT32_MAX, &x))
				lv->k->max_prefix_v4 = (uint32_t)x;
		} else if (str_eq(k, "limit_ipv6") && lv->c != NULL) {
			if (get_uint(p, v, "limit_ipv6", 0, UINT32_MAX, &x))
				lv->k->max_prefix_v6 = (uint32_t)x;
		} else {
			unknown(p, k, what);
		}
	}
}

static void
parse_roles(struct parse *p, yaml_node_t *n, struct level *lv)
{
	yaml_node_t *k, *v;
	bool b;

	if (!map_open(p, n, "roles"))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "enabled")) {
			if (get_bool(p, v, "roles.enabled", &b))
				lv->k->mode[RSG_R_OTC_LEAK] =
				    b ? RSG_MODE_REJECT : RSG_MODE_OFF;
		} else if (str_eq(k, "strict_mode")) {
			pwarn(p, k,
			    "roles.strict_mode: not used by rsguard: "
			    "a BGP session setting");
		} else {
			unknown(p, k, "roles");
		}
	}
}

static void
parse_reject_policy(struct parse *p, yaml_node_t *n, struct level *lv)
{
	yaml_node_t *k, *v;
	int x;

	if (!map_open(p, n, "reject_policy"))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "policy")) {
			if (get_enum(p, v, "reject_policy.policy",
				policy_choices, &x))
				lv->k->reject_policy = (uint8_t)x;
		} else {
			unknown(p, k, "reject_policy");
		}
	}
}

static void
parse_too_many_communities(struct parse *p, yaml_node_t *n, struct level *lv)
{
	yaml_node_t *k, *v;
	uint64_t x;
	int e;

	if (!map_open(p, n, "too_many_communities"))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "limit")) {
			if (get_uint(p, v, "too_many_communities.limit", 1,
				65535, &x))
				lv->k->max_communities = (uint16_t)x;
		} else if (str_eq(k, "action")) {
			if (get_enum(p, v, "too_many_communities.action",
				tmc_choices, &e))
				lv->k->mode[RSG_R_TOO_MANY_COMMUNITIES] =
				    (uint8_t)e;
		} else {
			unknown(p, k, "too_many_communities");
		}
	}
}

static void
parse_reason_actions(struct parse *p, yaml_node_t *n, struct level *lv)
{
	yaml_node_t *k, *v;
	int r, x;

	if (!map_open(p, n, "reason_actions"))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (!is_scalar(k)) {
			unknown(p, k, "reason_actions");
			continue;
		}
		r = strlen(sval(k)) == k->data.scalar.length
		    ? rsg_reason_from_key(sval(k))
		    : -1;
		if (r < 0 || r >= RSG_R_COUNT) {
			perr(p, k, "reason_actions: unknown reason '%.*s'",
			    QUOTE_MAX, sval(k));
			continue;
		}
		if (is_null(v)) {
			perr(p, v,
			    "reason_actions.%s: expected reject, tag or "
			    "off",
			    sval(k));
			continue;
		}
		if (get_enum(p, v, sval(k), mode_choices, &x))
			lv->k->mode[r] = (uint8_t)x;
	}
}

static void
parse_filtering(struct parse *p, yaml_node_t *n, struct level *lv)
{
	const char *what = lv->c != NULL ? "client filtering" : "filtering";
	yaml_node_t *k, *v, *ra = NULL;
	uint64_t x;
	bool b;

	if (!map_open(p, n, what))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "next_hop")) {
			parse_next_hop(p, v, lv);
		} else if (str_eq(k, "ipv4_pref_len")) {
			parse_pref_len(p, v, "ipv4_pref_len", 32,
			    &lv->k->v4_min, &lv->k->v4_max);
		} else if (str_eq(k, "ipv6_pref_len")) {
			parse_pref_len(p, v, "ipv6_pref_len", 128,
			    &lv->k->v6_min, &lv->k->v6_max);
		} else if (str_eq(k, "max_as_path_len")) {
			if (get_uint(p, v, "max_as_path_len", 1, 1000, &x))
				lv->k->max_path_len = (uint16_t)x;
		} else if (str_eq(k, "reject_invalid_as_in_as_path")) {
			if (get_bool(p, v, "reject_invalid_as_in_as_path", &b))
				lv->k->mode[RSG_R_BOGON_ASN] =
				    b ? RSG_MODE_REJECT : RSG_MODE_OFF;
		} else if (str_eq(k, "transit_free")) {
			parse_transit_free(p, v, lv);
		} else if (str_eq(k, "irrdb")) {
			parse_irrdb(p, v, lv);
		} else if (str_eq(k, "rpki_bgp_origin_validation")) {
			parse_rov(p, v, lv, "rpki_bgp_origin_validation");
		} else if (str_eq(k, "max_prefix")) {
			parse_max_prefix(p, v, lv);
		} else if (str_eq(k, "roles")) {
			parse_roles(p, v, lv);
		} else if (str_eq(k, "reject_policy")) {
			parse_reject_policy(p, v, lv);
		} else if (str_eq(k, "aspa")) {
			parse_aspa(p, v, lv);
		} else if (str_eq(k, "too_many_communities")) {
			parse_too_many_communities(p, v, lv);
		} else if (str_eq(k, "reason_actions")) {
			ra = v;
		} else if (lv->c == NULL
		    && str_eq(k, "global_black_list_pref")) {
			get_pfx_list(p, v, "global_black_list_pref",
			    &p->cfg->global_blacklist);
		} else if (lv->c == NULL
		    && str_eq(k, "never_via_route_servers")) {
			parse_never_via_rs(p, v);
		} else if (lv->c == NULL && str_eq(k, "peering_lans")) {
			get_pfx_list(
			    p, v, "peering_lans", &p->cfg->peering_lans);
		} else if (lv->c != NULL && str_eq(k, "black_list_pref")) {
			get_pfx_list(
			    p, v, "black_list_pref", &lv->c->blacklist);
		} else if (lv->c != NULL && str_eq(k, "rpki")) {
			parse_rov(p, v, lv, "rpki");
		} else if (lv->c != NULL
		    && str_eq(k, "transparent_route_server")) {
			get_bool(p, v, "transparent_route_server",
			    &lv->k->transparent_rs);
		} else if (lv->c != NULL && in_list(k, general_only)) {
			perr(p, k,
			    "filtering.%s is only allowed in the "
			    "general section",
			    sval(k));
		} else if (lv->c == NULL && in_list(k, client_only)) {
			perr(p, k,
			    "filtering.%s is only allowed in a client's "
			    "cfg",
			    sval(k));
		} else {
			unknown(p, k, what);
		}
	}
	/* last, whatever its place: it overrides this level's checks */
	if (ra != NULL)
		parse_reason_actions(p, ra, lv);
}

static void
parse_gshut(struct parse *p, yaml_node_t *n, struct level *lv)
{
	yaml_node_t *k, *v;

	if (!map_open(p, n, "graceful_shutdown"))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "enabled"))
			get_bool(
			    p, v, "graceful_shutdown.enabled", &lv->k->gshut);
		else if (str_eq(k, "local_pref"))
			pwarn(p, k,
			    "graceful_shutdown.local_pref: not used "
			    "by rsguard: the BGP daemon sets it");
		else
			unknown(p, k, "graceful_shutdown");
	}
}

/* ------------------------------------------------------------------ */
/* general                                                             */
/* ------------------------------------------------------------------ */

/* "rs_as:N:dyn_val" (or "<rs_as>:N:dyn_val"): N. */
static bool
parse_lrg_dyn(
    struct parse *p, const yaml_node_t *n, const char *name, uint32_t *out)
{
	const char *s = get_str(p, n, "lrg"), *c1, *c2;
	uint64_t a, x;

	if (s == NULL)
		return false;
	c1 = strchr(s, ':');
	c2 = c1 != NULL ? strchr(c1 + 1, ':') : NULL;
	if (c1 == NULL || c2 == NULL || strchr(c2 + 1, ':') != NULL
	    || strcmp(c2 + 1, "dyn_val") != 0
	    || !parse_u64(c1 + 1, (size_t)(c2 - c1 - 1), &x) || x == 0
	    || x > UINT32_MAX) {
		perr(p, n,
		    "communities.%s.lrg: expected \"rs_as:N:dyn_val\" "
		    "with N in 1..4294967295",
		    name);
		return false;
	}
	if (!(c1 - s == 5 && memcmp(s, "rs_as", 5) == 0)) {
		if (!parse_u64(s, (size_t)(c1 - s), &a) || a != p->cfg->rs_as) {
			perr(p, n,
			    "communities.%s.lrg: the first part must "
			    "be rs_as or the route server's ASN",
			    name);
			return false;
		}
	}
	*out = (uint32_t)x;
	return true;
}

static void
parse_communities(struct parse *p, yaml_node_t *n)
{
	yaml_node_t *k, *v, *k2, *v2;

	if (!map_open(p, n, "communities"))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		bool ours = str_eq(k, "reject_cause")
		    || str_eq(k, "rejected_route_announced_by");
		yaml_node_t *lrg = NULL, *other = NULL;
		char what[QUOTE_MAX + 16];

		if (!is_scalar(k)) {
			unknown(p, k, "communities");
			continue;
		}
		if (str_eq(k, "reject_cause_map")) {
			pwarn(p, k,
			    "communities.reject_cause_map: not used "
			    "by rsguard");
			continue;
		}
		snprintf(
		    what, sizeof(what), "communities.%.*s", QUOTE_MAX, sval(k));
		if (!map_open(p, v, what))
			continue;
		for (size_t pr2 = 0; next_pair(p, v, &pr2, &k2, &v2);) {
			if (str_eq(k2, "lrg")) {
				if (!is_null(v2))
					lrg = v2;
			} else if (str_eq(k2, "std") || str_eq(k2, "ext")) {
				if (is_null(v2))
					continue;
				if (ours)
					perr(p, v2,
					    "%s.%s: rsguard tags with large "
					    "communities only; use lrg",
					    what, sval(k2));
				else
					other = v2;
			} else {
				unknown(p, k2, what);
			}
		}
		if (ours && lrg != NULL) {
			uint32_t x;

			if (parse_lrg_dyn(p, lrg, sval(k), &x)) {
				if (str_eq(k, "reject_cause"))
					p->cfg->reject_cause_ld1 = x;
				else
					p->cfg->announced_by_ld1 = x;
			}
		} else if (!ours && (lrg != NULL || other != NULL)) {
			pwarn(p, k, "%s: not used by rsguard", what);
		}
	}
}

static void
parse_rpki_roas(struct parse *p, yaml_node_t *n)
{
	yaml_node_t *k, *v;
	uint64_t x;

	if (!map_open(p, n, "rpki_roas"))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "source") || str_eq(k, "ripe_rpki_validator_url"))
			pwarn(p, k,
			    "rpki_roas.%s: not used by rsguard: "
			    "rsguard reads VRPs from sources.vrps",
			    sval(k));
		else if (str_eq(k, "allowed_trust_anchors"))
			get_str_list(p, v, "allowed_trust_anchors", true,
			    &p->cfg->allowed_tas);
		else if (str_eq(k, "ignore_cache_files_older_than")) {
			if (get_uint(p, v, "ignore_cache_files_older_than", 0,
				UINT32_MAX, &x))
				p->cfg->rpki_max_age = (int64_t)x;
		} else if (str_eq(k, "check_expires"))
			get_bool(
			    p, v, "check_expires", &p->cfg->rpki_check_expires);
		else
			unknown(p, k, "rpki_roas");
	}
}

static void
parse_general(struct parse *p, yaml_node_t *n, const char *gname)
{
	struct level lv = { &p->cfg->k, &p->gx, NULL };
	yaml_node_t *k, *v, *rs = NULL;

	if (!map_open(p, n, gname)) {
		if (is_null(n))
			perr(p, n, "%s: rs_as is required", gname);
		return;
	}
	/* first: communities refer to it */
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "rs_as"))
			rs = v;
	}
	if (is_null(rs))
		perr(p, rs != NULL ? rs : n, "%s: rs_as is required", gname);
	else
		get_asn(p, rs, "rs_as", &p->cfg->rs_as);
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "rs_as"))
			continue;
		if (in_list(k, daemon_keys))
			daemon_warning(p, k);
		else if (str_eq(k, "blackhole_filtering"))
			pwarn(p, k,
			    "blackhole_filtering: not used by rsguard: "
			    "handled by the IRR/blackhole module, not "
			    "yet");
		else if (str_eq(k, "rfc8950"))
			get_bool(p, v, "rfc8950", &p->cfg->k.rfc8950);
		else if (str_eq(k, "filtering"))
			parse_filtering(p, v, &lv);
		else if (str_eq(k, "graceful_shutdown"))
			parse_gshut(p, v, &lv);
		else if (str_eq(k, "communities"))
			parse_communities(p, v);
		else if (str_eq(k, "info_communities"))
			get_bool(p, v, "info_communities",
			    &p->cfg->info_communities);
		else if (str_eq(k, "rpki_roas"))
			parse_rpki_roas(p, v);
		else
			unknown(p, k, gname);
	}
}

/* ------------------------------------------------------------------ */
/* asns and clients                                                    */
/* ------------------------------------------------------------------ */

static void
parse_asns(struct parse *p, yaml_node_t *n)
{
	yaml_node_t *k, *v, *k2, *v2;

	if (!map_open(p, n, "asns"))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		struct asn_sets e = { 0, { NULL, 0, 0 } };
		const char *s = is_scalar(k) ? sval(k) : NULL;

		if (s == NULL || k->data.scalar.length < 3
		    || (s[0] != 'A' && s[0] != 'a')
		    || (s[1] != 'S' && s[1] != 's')
		    || rsg__parse_asn(s, k->data.scalar.length, &e.asn) != 0
		    || e.asn == 0) {
			perr(p, k, "asns: '%.*s' is not of the form AS<n>",
			    QUOTE_MAX, kstr(k));
			continue;
		}
		if (map_open(p, v, "asns entry")) {
			for (size_t pr2 = 0; next_pair(p, v, &pr2, &k2, &v2);) {
				if (str_eq(k2, "as_sets"))
					get_str_list(
					    p, v2, "as_sets", false, &e.sets);
				else
					unknown(p, k2, "asns entry");
			}
		}
		if (VEC_PUSH(&p->asns, e) != 0) {
			rsg__str_vec_free(&e.sets);
			p->nomem = true;
			return;
		}
	}
}

static void
parse_client_cfg(struct parse *p, yaml_node_t *n, struct level *lv)
{
	yaml_node_t *k, *v;

	if (!map_open(p, n, "client cfg"))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "filtering"))
			parse_filtering(p, v, lv);
		else if (str_eq(k, "graceful_shutdown"))
			parse_gshut(p, v, lv);
		else if (str_eq(k, "rfc8950"))
			get_bool(p, v, "rfc8950", &lv->k->rfc8950);
		else if (in_list(k, client_daemon_keys))
			daemon_warning(p, k);
		else if (str_eq(k, "blackhole_filtering"))
			pwarn(p, k,
			    "blackhole_filtering: not used by rsguard: "
			    "handled by the IRR/blackhole module, not "
			    "yet");
		else
			unknown(p, k, "client cfg");
	}
}

static void
client_ips(struct parse *p, yaml_node_t *v, struct cfg_client *c)
{
	size_t n = list_len(p, v, "ip");

	if (n == 0 && !is_null(v) && v->type == YAML_SEQUENCE_NODE)
		perr(p, v, "ip: at least one address is required");
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *it = list_at(p, v, i);
		struct ipseen s;

		if (!get_ip(p, it, "ip", &s.ip))
			continue;
		s.line = nline(it);
		s.col = ncol(it);
		s.ord = p->ips.n;
		if (VEC_PUSH(&c->ips, s.ip) != 0 || VEC_PUSH(&p->ips, s) != 0) {
			p->nomem = true;
			return;
		}
	}
}

static void
parse_client(struct parse *p, yaml_node_t *n)
{
	struct cfg_client c;
	struct xknobs x = p->gx;
	struct level lv = { &c.k, &x, &c };
	yaml_node_t *k, *v, *asn = NULL, *ip = NULL, *cfgn = NULL;
	const char *s;

	memset(&c, 0, sizeof(c));
	c.k = p->cfg->k;
	c.line = nline(n);
	if (!is_map(n)) {
		perr(p, n, "clients: each client must be a mapping");
		return;
	}
	check_dups(p, n, "client");
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "asn")) {
			asn = v;
		} else if (str_eq(k, "ip")) {
			ip = v;
		} else if (str_eq(k, "description")) {
			if ((s = get_str(p, v, "description")) != NULL) {
				rsg__free(c.description);
				if ((c.description = rsg__strdup(s)) == NULL)
					p->nomem = true;
			}
		} else if (str_eq(k, "password")) {
			/* the daemon's business */
		} else if (str_eq(k, "cfg")) {
			cfgn = v;
		} else {
			unknown(p, k, "client");
		}
	}
	if (is_null(asn))
		perr(p, asn != NULL ? asn : n, "client: asn is required");
	else
		get_asn(p, asn, "asn", &c.asn);
	if (is_null(ip))
		perr(p, ip != NULL ? ip : n, "client: ip is required");
	else
		client_ips(p, ip, &c);
	if (cfgn != NULL)
		parse_client_cfg(p, cfgn, &lv);
	if (c.k.nh_policy == NH_AUTHORIZED && c.nh_authorized.n == 0)
		perr(p, n,
		    "client: next_hop.policy authorized_addresses needs "
		    "a non-empty authorized_addresses_list");
	else if (c.k.nh_policy != NH_AUTHORIZED && c.nh_authorized.n > 0)
		pwarn(p, n,
		    "client: authorized_addresses_list is ignored "
		    "unless next_hop.policy is authorized_addresses");
	if (VEC_PUSH(&p->cfg->clients, c) != 0) {
		client_free(&c);
		p->nomem = true;
	}
}

static int
ipseen_cmp(const void *a, const void *b)
{
	const struct ipseen *x = a, *y = b;

	if (x->ip.afi != y->ip.afi)
		return x->ip.afi < y->ip.afi ? -1 : 1;
	for (unsigned w = 0; w < 4; w++) {
		if (x->ip.addr[w] != y->ip.addr[w])
			return x->ip.addr[w] < y->ip.addr[w] ? -1 : 1;
	}
	if (x->ord != y->ord)
		return x->ord < y->ord ? -1 : 1;
	return 0;
}

/* One client per session address: name both places of a duplicate. */
static void
check_dup_ips(struct parse *p)
{
	if (p->ips.n < 2)
		return;
	qsort(p->ips.v, p->ips.n, sizeof(*p->ips.v), ipseen_cmp);
	for (size_t i = 1, first = 0; i < p->ips.n; i++) {
		const struct ipseen *a = &p->ips.v[first], *b = &p->ips.v[i];
		char buf[RSG_PREFIX_STRLEN];

		if (!ip_equal(&a->ip, &b->ip)) {
			first = i;
			continue;
		}
		rsg_ip_format(&b->ip, buf, sizeof(buf));
		perr_at(p, b->line, b->col,
		    "ip: duplicate client address %s (first at line %u, "
		    "column %u)",
		    buf, a->line, a->col);
	}
}

static void
parse_clients(struct parse *p, yaml_node_t *n)
{
	size_t cnt;

	if (!is_null(n) && n->type != YAML_SEQUENCE_NODE) {
		perr(p, n, "clients: expected a list");
		return;
	}
	cnt = list_len(p, n, "clients");
	for (size_t i = 0; i < cnt && !p->nomem; i++)
		parse_client(p, list_at(p, n, i));
	check_dup_ips(p);
}

/* Clients without AS-SETs of their own take those of their AS. */
static void
inherit_as_sets(struct parse *p)
{
	for (size_t i = 0; i < p->cfg->clients.n; i++) {
		struct cfg_client *c = &p->cfg->clients.v[i];

		if (c->as_sets.n > 0)
			continue;
		for (size_t j = 0; j < p->asns.n; j++) {
			if (p->asns.v[j].asn != c->asn)
				continue;
			if (str_vec_copy(&c->as_sets, &p->asns.v[j].sets) != 0)
				p->nomem = true;
			break;
		}
	}
}

/* ------------------------------------------------------------------ */
/* sources                                                             */
/* ------------------------------------------------------------------ */

/* A path, resolved against base_dir; NULL if null or on error. */
static char *
get_path(struct parse *p, const yaml_node_t *v, const char *key)
{
	const char *s = get_str(p, v, key), *base = p->cfg->base_dir;
	struct stat st, self;
	char *path;

	if (s == NULL) {
		if (is_null(v))
			perr(p, v, "%s: expected a file path", key);
		return NULL;
	}
	if (*s == '\0') {
		perr(p, v, "%s: empty file path", key);
		return NULL;
	}
	if (s[0] != '/' && base != NULL)
		path = fmt_alloc("%s/%s", base, s);
	else
		path = rsg__strdup(s);
	if (path == NULL) {
		p->nomem = true;
		return NULL;
	}
	if (stat(path, &st) != 0) {
		pwarn(p, v, "%s: %s: %s (it may appear later)", key, path,
		    strerror(errno));
	} else if (strncmp(key, "sources.rtr", 11) == 0) {
		/* SSH files are for libssh (known_hosts may be /dev/null) */
	} else if (!S_ISREG(st.st_mode)) {
		/* a data file: the worker reads regular files only */
		perr(p, v, "%s: %s: %s, not a regular file", key, path,
		    rsg__file_kind(st.st_mode));
	} else if (p->cfg->src_name != NULL
	    && stat(p->cfg->src_name, &self) == 0 && self.st_dev == st.st_dev
	    && self.st_ino == st.st_ino) {
		perr(p, v, "%s: %s: the configuration file itself", key, path);
	}
	return path;
}

static void
get_path_list(
    struct parse *p, yaml_node_t *v, const char *key, struct str_vec *out)
{
	size_t n = list_len(p, v, key);

	for (size_t i = 0; i < n && !p->nomem; i++) {
		char *path = get_path(p, list_at(p, v, i), key);

		if (path != NULL && VEC_PUSH(out, path) != 0) {
			rsg__free(path);
			p->nomem = true;
		}
	}
}

static void
set_path(struct parse *p, const yaml_node_t *v, const char *key, char **out)
{
	char *path = get_path(p, v, key);

	if (path != NULL) {
		rsg__free(*out);
		*out = path;
	}
}

static void
parse_vrp_source(struct parse *p, yaml_node_t *n)
{
	struct cfg_source src = { NULL, RPKI_FMT_AUTO };
	yaml_node_t *k, *v, *file = NULL;
	int x;

	if (is_map(n)) {
		check_dups(p, n, "sources.vrps");
		for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
			if (str_eq(k, "file"))
				file = v;
			else if (str_eq(k, "format")) {
				if (get_enum(p, v, "format", fmt_choices, &x))
					src.format = (enum rpki_format)x;
			} else
				unknown(p, k, "sources.vrps");
		}
		if (is_null(file)) {
			perr(p, file != NULL ? file : n,
			    "sources.vrps: file is required");
			return;
		}
		n = file;
	}
	if ((src.path = get_path(p, n, "sources.vrps")) == NULL)
		return;
	if (VEC_PUSH(&p->cfg->vrp_files, src) != 0) {
		rsg__free(src.path);
		p->nomem = true;
	}
}

/*
 * A cache's port: a number in 1..65535, kept in decimal, or a service
 * name for getaddrinfo(). rtrlib's SSH transport takes a number only.
 * false on error (reported); *out stays NULL if v is null.
 */
static bool
get_port(struct parse *p, const yaml_node_t *v, bool ssh, char **out)
{
	const char *s, *c;
	uint64_t x;
	bool letter = false;

	if (is_null(v))
		return true;
	if ((s = get_str(p, v, "sources.rtr.port")) == NULL)
		return false;
	if (parse_u64(s, strlen(s), &x)) {
		if (x < 1 || x > 65535) {
			perr(p, v,
			    "sources.rtr.port: expected a port number in "
			    "1..65535 or a service name");
			return false;
		}
		if ((*out = fmt_alloc("%u", (unsigned)x)) == NULL)
			p->nomem = true;
		return *out != NULL;
	}
	/* like /etc/services: letters, digits, '-', '_', '.' */
	for (c = s; *c != '\0'; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z'))
			letter = true;
		else if (!(*c >= '0' && *c <= '9') && *c != '-' && *c != '_'
		    && *c != '.')
			break;
	}
	if (*c != '\0' || !letter) {
		perr(p, v,
		    "sources.rtr.port: '%.*s' is neither a port number in "
		    "1..65535 nor a service name",
		    QUOTE_MAX, s);
		return false;
	}
	if (ssh) {
		perr(p, v,
		    "sources.rtr.port: transport ssh needs a port number, not "
		    "a service name ('%.*s')",
		    QUOTE_MAX, s);
		return false;
	}
	if ((*out = rsg__strdup(s)) == NULL)
		p->nomem = true;
	return *out != NULL;
}

/* A non-empty string, copied into *out (replacing it); false on error. */
static bool
dup_str(struct parse *p, const yaml_node_t *v, const char *key, char **out)
{
	const char *s = get_str(p, v, key);

	if (s == NULL) {
		if (is_null(v))
			perr(p, v, "%s: expected a string", key);
		return false;
	}
	if (*s == '\0') {
		perr(p, v, "%s: empty string", key);
		return false;
	}
	rsg__free(*out);
	if ((*out = rsg__strdup(s)) == NULL)
		p->nomem = true;
	return *out != NULL;
}

/* ssh: {user, key | password, known_hosts}, for transport ssh only. */
static void
parse_rtr_ssh(
    struct parse *p, yaml_node_t *n, const yaml_node_t *at, struct cfg_rtr *r)
{
	yaml_node_t *k, *v, *user = NULL, *key = NULL, *pw = NULL, *kh = NULL,
			    *khk = NULL;

	if (is_null(n)) {
		perr(p, n != NULL ? n : at,
		    "sources.rtr: transport ssh needs an ssh mapping with "
		    "user and key or password");
		return;
	}
	if (!map_open(p, n, "sources.rtr.ssh"))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "user")) {
			user = v;
		} else if (str_eq(k, "key")) {
			key = v;
		} else if (str_eq(k, "password")) {
			pw = v;
		} else if (str_eq(k, "known_hosts")) {
			khk = k;
			kh = v;
		} else {
			unknown(p, k, "sources.rtr.ssh");
		}
	}
	if (is_null(user))
		perr(p, user != NULL ? user : n,
		    "sources.rtr.ssh: user is required");
	else
		dup_str(p, user, "sources.rtr.ssh.user", &r->ssh_user);
	if (!is_null(key) && !is_null(pw)) {
		perr(p, pw, "sources.rtr.ssh: give key or password, not both");
	} else if (!is_null(key)) {
		r->ssh_key = get_path(p, key, "sources.rtr.ssh.key");
	} else if (!is_null(pw)) {
		/* never quoted: it is a secret */
		dup_str(p, pw, "sources.rtr.ssh.password", &r->ssh_password);
	} else {
		perr(p, n, "sources.rtr.ssh: key or password is required");
	}
	if (khk != NULL && is_null(key) && !is_null(pw)) {
		/* tr_ssh_init() checks the key, not the host key file */
		perr(p, khk,
		    "sources.rtr.ssh.known_hosts: only allowed with key: "
		    "rtrlib 0.8 refuses a host key file without a private "
		    "key, so password authentication would never connect");
	} else if (khk != NULL) {
		r->ssh_known_hosts =
		    get_path(p, kh, "sources.rtr.ssh.known_hosts");
	} else if (!is_null(key) || !is_null(pw)) {
		pwarn(p, n,
		    "sources.rtr.ssh: no known_hosts: the host key of the "
		    "cache is not checked");
	}
}

/* One RTR cache: {host, port, bind, preference, transport, ssh}. */
static void
parse_rtr_cache(struct parse *p, yaml_node_t *n)
{
	struct cfg_rtr r;
	struct rsg_ip hip, bip;
	yaml_node_t *k, *v, *host = NULL, *port = NULL, *bind = NULL,
			    *pref = NULL, *tr = NULL, *ssh = NULL, *sshk = NULL;
	bool tr_ok = true, port_ok;
	uint64_t x;
	int t;

	memset(&r, 0, sizeof(r));
	memset(&hip, 0, sizeof(hip));
	r.preference = 1;
	r.transport = RTR_TCP;
	r.line = nline(n);
	if (!is_map(n)) {
		perr(p, n, "sources.rtr: each cache must be a mapping");
		return;
	}
	check_dups(p, n, "sources.rtr");
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "host")) {
			host = v;
		} else if (str_eq(k, "port")) {
			port = v;
		} else if (str_eq(k, "bind")) {
			bind = v;
		} else if (str_eq(k, "preference")) {
			pref = v;
		} else if (str_eq(k, "transport")) {
			tr = v;
		} else if (str_eq(k, "ssh")) {
			sshk = k;
			ssh = v;
		} else {
			unknown(p, k, "sources.rtr");
		}
	}
	if (is_null(host)) {
		perr(p, host != NULL ? host : n,
		    "sources.rtr: host is required");
	} else if (dup_str(p, host, "sources.rtr.host", &r.host)
	    && rsg__ip_parse(r.host, strlen(r.host), &hip) != 0) {
		/* a name: "host:port", "[::1]" or "a b" are mistakes */
		memset(&hip, 0, sizeof(hip));
		if (strpbrk(r.host, " \t\r\n:/[]") != NULL) {
			perr(p, host,
			    "sources.rtr.host: '%.*s' is not a host name or "
			    "an IP address",
			    QUOTE_MAX, r.host);
			rsg__free(r.host);
			r.host = NULL;
		}
	}
	if (tr != NULL && !is_null(tr)) {
		if (get_enum(
			p, tr, "sources.rtr.transport", transport_choices, &t))
			r.transport = (enum cfg_rtr_transport)t;
		else
			tr_ok = false;
	}
	port_ok = get_port(p, port, r.transport == RTR_SSH, &r.port);
	if (port_ok && r.port == NULL && (r.port = rsg__strdup("323")) == NULL)
		p->nomem = true;
	if (!is_null(bind) && get_ip(p, bind, "sources.rtr.bind", &bip)) {
		if (hip.afi != 0 && hip.afi != bip.afi)
			perr(p, bind,
			    "sources.rtr.bind: %.*s is an IPv%c address, "
			    "the host an IPv%c one",
			    QUOTE_MAX, sval(bind),
			    bip.afi == RSG_AFI_IPV4 ? '4' : '6',
			    hip.afi == RSG_AFI_IPV4 ? '4' : '6');
		else
			dup_str(p, bind, "sources.rtr.bind", &r.bind);
	}
	if (pref != NULL
	    && get_uint(p, pref, "sources.rtr.preference", 1, 255, &x))
		r.preference = (uint32_t)x;
	if (sshk != NULL && r.transport != RTR_SSH && tr_ok)
		perr(p, sshk,
		    "sources.rtr.ssh: only allowed with transport: ssh");
	else if (r.transport == RTR_SSH)
		parse_rtr_ssh(p, ssh, tr, &r);
	if (r.host == NULL) {
		rtr_free(&r);
		return;
	}
	if (p->nomem || VEC_PUSH(&p->cfg->rtr, r) != 0) {
		rtr_free(&r);
		p->nomem = true;
		return;
	}
	if (port_ok) {
		struct rtrseen s = { r.host, r.port, nline(host), ncol(host),
			p->rtrs.n };

		if (VEC_PUSH(&p->rtrs, s) != 0)
			p->nomem = true;
	}
}

static int
rtrseen_cmp(const void *a, const void *b)
{
	const struct rtrseen *x = a, *y = b;
	int c = strcasecmp(x->host, y->host);

	if (c == 0)
		c = strcmp(x->port, y->port);
	if (c != 0)
		return c;
	if (x->ord != y->ord)
		return x->ord < y->ord ? -1 : 1;
	return 0;
}

/* One cache per host and port: name both places of a duplicate. */
static void
check_dup_rtrs(struct parse *p)
{
	if (p->rtrs.n < 2)
		return;
	qsort(p->rtrs.v, p->rtrs.n, sizeof(*p->rtrs.v), rtrseen_cmp);
	for (size_t i = 1, first = 0; i < p->rtrs.n; i++) {
		const struct rtrseen *a = &p->rtrs.v[first], *b = &p->rtrs.v[i];

		if (strcasecmp(a->host, b->host) != 0
		    || strcmp(a->port, b->port) != 0) {
			first = i;
			continue;
		}
		if (a->line == b->line && a->col == b->col)
			perr_at(p, b->line, b->col,
			    "sources.rtr: cache %.*s port %.*s is used twice "
			    "(through an alias)",
			    QUOTE_MAX, b->host, QUOTE_MAX, b->port);
		else
			perr_at(p, b->line, b->col,
			    "sources.rtr: duplicate cache %.*s port %.*s "
			    "(first "
			    "at line %u, column %u)",
			    QUOTE_MAX, b->host, QUOTE_MAX, b->port, a->line,
			    a->col);
	}
}

/*
 * rtr_timers: the ranges of RFC 8210 section 6 and rtrlib, except that
 * expire may be shorter than their 600 s (the worker then withdraws the
 * data itself). As the RFC requires, expire is larger than refresh and
 * retry.
 */
static void
parse_rtr_timers(struct parse *p, yaml_node_t *n)
{
	struct rsg_config *cfg = p->cfg;
	yaml_node_t *k, *v, *rn = NULL, *tn = NULL, *en = NULL;
	uint64_t refresh = cfg->rtr_refresh, retry = cfg->rtr_retry,
		 expire = cfg->rtr_expire;
	bool ok = true;

	if (!map_open(p, n, "sources.rtr_timers"))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "refresh")) {
			rn = v;
			if (!get_uint(p, v, "sources.rtr_timers.refresh", 1,
				86400, &refresh))
				ok = ok && is_null(v);
		} else if (str_eq(k, "retry")) {
			tn = v;
			if (!get_uint(p, v, "sources.rtr_timers.retry", 1, 7200,
				&retry))
				ok = ok && is_null(v);
		} else if (str_eq(k, "expire")) {
			en = v;
			if (!get_uint(p, v, "sources.rtr_timers.expire", 1,
				172800, &expire))
				ok = ok && is_null(v);
		} else if (str_eq(k, "from_cache")) {
			get_bool(p, v, "sources.rtr_timers.from_cache",
			    &cfg->rtr_cache_timers);
		} else {
			unknown(p, k, "sources.rtr_timers");
		}
	}
	if (!ok)
		return;
	if (expire <= refresh || expire <= retry) {
		/* at the value given, expire's first */
		const yaml_node_t *at = n;

		if (!is_null(en))
			at = en;
		else if (expire <= refresh && !is_null(rn))
			at = rn;
		else if (!is_null(tn))
			at = tn;
		perr(p, at,
		    "sources.rtr_timers: expire (%u) must be larger than "
		    "refresh (%u) and retry (%u) (RFC 8210, section 6)",
		    (unsigned)expire, (unsigned)refresh, (unsigned)retry);
		return;
	}
	cfg->rtr_refresh = (uint32_t)refresh;
	cfg->rtr_retry = (uint32_t)retry;
	cfg->rtr_expire = (uint32_t)expire;
}

/* A share in 0..100: 50 or "50%". */
static void
parse_max_shrink(struct parse *p, const yaml_node_t *v)
{
	size_t len;
	uint64_t x;

	if (is_null(v))
		return;
	if (is_scalar(v)) {
		len = v->data.scalar.length;
		if (len > 0 && sval(v)[len - 1] == '%')
			len--;
		if (parse_u64(sval(v), len, &x) && x <= 100) {
			p->cfg->max_shrink_pct = (uint32_t)x;
			return;
		}
	}
	perr(p, v,
	    "sources.max_shrink: expected a percentage in 0..100 (50 or "
	    "\"50%%\")");
}

static void
parse_sources(struct parse *p, yaml_node_t *n)
{
	yaml_node_t *k, *v, *k2, *v2, *timers = NULL;
	size_t ncaches = 0;
	uint64_t x;

	if (!map_open(p, n, "sources"))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "rtr")) {
			/* one mapping stands for a list of itself */
			size_t cnt =
			    is_map(v) ? 1 : list_len(p, v, "sources.rtr");

			ncaches += cnt;
			for (size_t i = 0; i < cnt && !p->nomem; i++)
				parse_rtr_cache(
				    p, is_map(v) ? v : list_at(p, v, i));
		} else if (str_eq(k, "rtr_timers")) {
			if (is_map(v))
				timers = k;
			parse_rtr_timers(p, v);
		} else if (str_eq(k, "refresh")) {
			if (get_uint(p, v, "sources.refresh", 0, 604800, &x))
				p->cfg->file_refresh = (uint32_t)x;
		} else if (str_eq(k, "max_shrink")) {
			parse_max_shrink(p, v);
		} else if (str_eq(k, "vrps")) {
			/* one {file, format} stands for a list of itself */
			size_t cnt =
			    is_map(v) ? 1 : list_len(p, v, "sources.vrps");

			for (size_t i = 0; i < cnt && !p->nomem; i++)
				parse_vrp_source(
				    p, is_map(v) ? v : list_at(p, v, i));
		} else if (str_eq(k, "aspa")) {
			get_path_list(
			    p, v, "sources.aspa", &p->cfg->aspa_files);
		} else if (str_eq(k, "slurm")) {
			get_path_list(
			    p, v, "sources.slurm", &p->cfg->slurm_files);
		} else if (str_eq(k, "peeringdb")) {
			set_path(
			    p, v, "sources.peeringdb", &p->cfg->peeringdb_file);
		} else if (str_eq(k, "bogons")) {
			if (!map_open(p, v, "sources.bogons"))
				continue;
			for (size_t pr2 = 0; next_pair(p, v, &pr2, &k2, &v2);) {
				if (str_eq(k2, "ipv4"))
					set_path(p, v2, "sources.bogons.ipv4",
					    &p->cfg->bogons_v4_file);
				else if (str_eq(k2, "ipv6"))
					set_path(p, v2, "sources.bogons.ipv6",
					    &p->cfg->bogons_v6_file);
				else
					unknown(p, k2, "sources.bogons");
			}
		} else {
			unknown(p, k, "sources");
		}
	}
	if (p->nomem)
		return;
	check_dup_rtrs(p);
	if (timers != NULL && ncaches == 0)
		pwarn(p, timers,
		    "sources.rtr_timers: not used: no RTR cache in "
		    "sources.rtr");
}

/* ------------------------------------------------------------------ */
/* Document                                                            */
/* ------------------------------------------------------------------ */

static void
parse_root(struct parse *p)
{
	yaml_node_t *root = yaml_document_get_root_node(&p->doc);
	yaml_node_t *k, *v, *gen = NULL, *gkey = NULL, *clients = NULL,
			    *asns = NULL, *src = NULL;

	if (is_null(root)) {
		perr_at(p, 1, 1,
		    "empty configuration: the cfg section with "
		    "rs_as is required");
		return;
	}
	if (root->type != YAML_MAPPING_NODE) {
		perr(p, root,
		    "expected a mapping at the top level (cfg, "
		    "clients, asns, sources)");
		return;
	}
	check_dups(p, root, "the top level");
	for (size_t pr = 0; next_pair(p, root, &pr, &k, &v);) {
		if (str_eq(k, "cfg") || str_eq(k, "general")) {
			if (gkey != NULL && !str_eq(k, sval(gkey)))
				perr(p, k,
				    "'%s' and '%s' are the same "
				    "section; give only one",
				    sval(k), sval(gkey));
			else if (gkey == NULL) {
				gkey = k;
				gen = v;
			}
		} else if (str_eq(k, "clients")) {
			clients = v;
		} else if (str_eq(k, "asns")) {
			asns = v;
		} else if (str_eq(k, "sources")) {
			src = v;
		} else {
			unknown(p, k, "the top level");
		}
	}
	if (gkey == NULL)
		perr(p, root,
		    "the cfg (or general) section with rs_as is "
		    "required");
	else
		parse_general(p, gen, sval(gkey));
	if (p->nomem)
		return;
	/* never_via_route_servers without a source: the check is off */
	if (!p->cfg->never_via_rs_pdb && p->cfg->never_via_rs.n == 0)
		p->cfg->k.mode[RSG_R_NEVER_VIA_RS] = RSG_MODE_OFF;
	if (asns != NULL)
		parse_asns(p, asns);
	if (clients != NULL && !p->nomem)
		parse_clients(p, clients);
	if (!p->nomem)
		inherit_as_sets(p);
	if (src != NULL && !p->nomem)
		parse_sources(p, src);
}

/* Line and column of a byte offset (reader errors carry only that). */
static void
offset_pos(
    const char *text, size_t len, size_t off, unsigned *line, unsigned *col)
{
	size_t l = 1, c = 1;

	for (size_t i = 0; i < off && i < len; i++) {
		if (text[i] == '\n') {
			l++;
			c = 1;
		} else {
			c++;
		}
	}
	*line = l > UINT_MAX ? UINT_MAX : (unsigned)l;
	*col = c > UINT_MAX ? UINT_MAX : (unsigned)c;
}

static int
yaml_failed(
    struct parse *p, const yaml_parser_t *y, const char *text, size_t len)
{
	const char *problem = y->problem != NULL ? y->problem : "error";
	unsigned line, col;

	switch (y->error) {
	case YAML_MEMORY_ERROR:
		return RSG_ENOMEM;
	case YAML_READER_ERROR:
		offset_pos(text, len, y->problem_offset, &line, &col);
		if (y->problem_value != -1)
			perr_at(p, line, col, "invalid input: %s (0x%02x)",
			    problem, (unsigned)y->problem_value & 0xffffffu);
		else
			perr_at(p, line, col, "invalid input: %s", problem);
		break;
	default:
		line = (unsigned)y->problem_mark.line + 1;
		col = (unsigned)y->problem_mark.column + 1;
		if (y->context != NULL)
			perr_at(p, line, col,
			    "YAML syntax error: %s (%s at line %u, column %u)",
			    problem, y->context,
			    (unsigned)y->context_mark.line + 1,
			    (unsigned)y->context_mark.column + 1);
		else
			perr_at(p, line, col, "YAML syntax error: %s", problem);
		break;
	}
	return p->nomem ? RSG_ENOMEM : 0;
}

/*
 * A first pass over the events: refuse nesting deeper than
 * CONFIG_MAX_DEPTH before libyaml builds the document. Syntax errors are
 * left to the load, which reports them. Returns false if the file is
 * refused (the error recorded) or memory ran out (p->nomem).
 */
static bool
depth_ok(struct parse *p, const char *text, size_t len)
{
	yaml_parser_t y;
	yaml_event_t ev;
	unsigned depth = 0;
	bool ok = true, done = false;

	if (!yaml_parser_initialize(&y)) {
		p->nomem = true;
		return false;
	}
	yaml_parser_set_input_string(&y, (const unsigned char *)text, len);
	while (!done) {
		if (!yaml_parser_parse(&y, &ev)) {
			if (y.error == YAML_MEMORY_ERROR) {
				p->nomem = true;
				ok = false;
			}
			break;
		}
		switch (ev.type) {
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (++depth > CONFIG_MAX_DEPTH) {
				perr_at(p, (unsigned)ev.start_mark.line + 1,
				    (unsigned)ev.start_mark.column + 1,
				    "nesting deeper than %d levels",
				    CONFIG_MAX_DEPTH);
				ok = false;
				done = true;
			}
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&y);
	return ok;
}

/* Parse text into cfg (which holds the defaults): 0 or RSG_ENOMEM. */
static int
parse_text(struct rsg_config *cfg, const char *text, size_t len)
{
	struct parse p;
	yaml_parser_t y;
	yaml_document_t extra;
	bool have_doc = false;
	int rc = 0;

	memset(&p, 0, sizeof(p));
	p.cfg = cfg;
	p.gx.rov_on = cfg->k.mode[RSG_R_RPKI_INVALID] != RSG_MODE_OFF;
	p.gx.rov_rej_inv = cfg->k.mode[RSG_R_RPKI_INVALID] == RSG_MODE_REJECT;
	p.gx.rov_rej_unk = cfg->k.mode[RSG_R_RPKI_UNKNOWN] == RSG_MODE_REJECT;
	p.gx.aspa_on = cfg->k.mode[RSG_R_ASPA_INVALID] != RSG_MODE_OFF;
	p.gx.aspa_rej_inv = true;
	if (!depth_ok(&p, text, len))
		goto out_parse;
	if (!yaml_parser_initialize(&y))
		return RSG_ENOMEM;
	yaml_parser_set_input_string(&y, (const unsigned char *)text, len);
	if (!yaml_parser_load(&y, &p.doc)) {
		rc = yaml_failed(&p, &y, text, len);
		goto out;
	}
	have_doc = true;
	/* one document only; a second one would be silently ignored */
	if (!yaml_parser_load(&y, &extra)) {
		rc = yaml_failed(&p, &y, text, len);
	} else {
		yaml_node_t *r = yaml_document_get_root_node(&extra);

		if (r != NULL)
			perr(&p, r, "only one YAML document is allowed");
		yaml_document_delete(&extra);
	}
	if (rc == 0)
		parse_root(&p);
out:
	if (have_doc)
		yaml_document_delete(&p.doc);
	yaml_parser_delete(&y);
out_parse:
	for (size_t i = 0; i < p.asns.n; i++)
		rsg__str_vec_free(&p.asns.v[i].sets);
	VEC_FREE(&p.asns);
	VEC_FREE(&p.ips);
	VEC_FREE(&p.rtrs);
	if (rc == 0 && p.nomem)
		rc = RSG_ENOMEM;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Loading                                                             */
/* ------------------------------------------------------------------ */

/* Start a load: forget all but the callback and as_of, set defaults. */
static int
load_begin(struct rsg_config *cfg, const char *name, const char *base_dir)
{
	rsg__config_clear(cfg);
	if ((cfg->src_name = rsg__strdup(name)) == NULL)
		return RSG_ENOMEM;
	if (base_dir != NULL && (cfg->base_dir = rsg__strdup(base_dir)) == NULL)
		return RSG_ENOMEM;
	return config_defaults(cfg);
}

/* Parse src_text unless rc says otherwise; all or nothing. */
static int
load_finish(struct rsg_config *cfg, int rc)
{
	if (rc == 0)
		rc = parse_text(cfg, cfg->src_text, cfg->src_len);
	if (rc == 0 && cfg->errors.n == 0)
		return rsg__config_apply_overrides(cfg);
	clear_settings(cfg);
	if (config_defaults(cfg) != 0 || rsg__config_apply_overrides(cfg) != 0)
		rc = RSG_ENOMEM;
	return rc != 0 ? rc : RSG_ECONFIG;
}

RSG_EXPORT int
rsg_config_load_string(
    struct rsg_config *cfg, const char *yaml, size_t len, const char *name)
{
	int rc;

	if (cfg == NULL || (yaml == NULL && len > 0))
		return RSG_EINVAL;
	rc = load_begin(cfg, name != NULL ? name : "<string>", NULL);
	if (rc == 0) {
		if ((cfg->src_text =
			    rsg__strndup(yaml != NULL ? yaml : "", len))
		    == NULL)
			rc = RSG_ENOMEM;
		else
			cfg->src_len = len;
	}
	return load_finish(cfg, rc);
}

/* The directory of path, absolute if it can be resolved. */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char real[PATH_MAX], *dir;

	if (slash == NULL)
		dir = rsg__strdup(".");
	else if (slash == path)
		dir = rsg__strdup("/");
	else
		dir = rsg__strndup(path, (size_t)(slash - path));
	if (dir != NULL && realpath(dir, real) != NULL) {
		rsg__free(dir);
		dir = rsg__strdup(real);
	}
	return dir;
}

RSG_EXPORT int
rsg_config_load_file(struct rsg_config *cfg, const char *path)
{
	char *dir;
	int rc;

	if (cfg == NULL || path == NULL)
		return RSG_EINVAL;
	dir = dir_of(path);
	rc = dir != NULL ? load_begin(cfg, path, dir) : RSG_ENOMEM;
	rsg__free(dir);
	if (rc == 0) {
		struct rsg_error err;

		rc = rsg__file_slurp(
		    path, FILE_MAX, &cfg->src_text, &cfg->src_len, &err);
		if (rc == RSG_EIO) {
			/* the defaults stay; the message says why */
			if (config_diag(cfg, RSG_LOG_ERROR, 0, 0,
				"cannot read: %s", rsg__err_text(&err, path))
				!= 0
			    || rsg__config_apply_overrides(cfg) != 0)
				return RSG_ENOMEM;
			return RSG_EIO;
		}
	}
	return load_finish(cfg, rc);
}

int
rsg__config_copy(struct rsg_config *dst, const struct rsg_config *src)
{
	int rc;

	/* the original has logged its diagnostics already */
	dst->log_cb = NULL;
	dst->log_arg = NULL;
	if (src->src_text != NULL) {
		rc = load_begin(dst,
		    src->src_name != NULL ? src->src_name : "<string>",
		    src->base_dir);
		if (rc == 0) {
			dst->src_text =
			    rsg__strndup(src->src_text, src->src_len);
			if (dst->src_text == NULL)
				rc = RSG_ENOMEM;
			else
				dst->src_len = src->src_len;
		}
		rc = load_finish(dst, rc);
		if (rc == RSG_ECONFIG)
			rc = 0;
	} else {
		/* nothing loaded (or the file could not be read) */
		rsg__config_clear(dst);
		rc = config_defaults(dst);
		if (rc == 0 && src->src_name != NULL
		    && (dst->src_name = rsg__strdup(src->src_name)) == NULL)
			rc = RSG_ENOMEM;
		if (rc == 0 && src->base_dir != NULL
		    && (dst->base_dir = rsg__strdup(src->base_dir)) == NULL)
			rc = RSG_ENOMEM;
	}
	/* the very same diagnostics, even if files appeared meanwhile */
	if (rc == 0) {
		rsg__str_vec_free(&dst->errors);
		rsg__str_vec_free(&dst->warnings);
		if (str_vec_copy(&dst->errors, &src->errors) != 0
		    || str_vec_copy(&dst->warnings, &src->warnings) != 0)
			rc = RSG_ENOMEM;
	}
	/* settings made through setters, then applied to the copy */
	if (rc == 0)
		rc = rsg__config_copy_overrides(dst, src);
	dst->log_cb = src->log_cb;
	dst->log_arg = src->log_arg;
	dst->as_of = src->as_of;
	return rc;
}
