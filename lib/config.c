/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The configuration file, rsguard.yml(5): YAML read with libyaml's
 * document API against one table of keys (struct cfg_key, cfgkeys.h):
 * walk() reads a mapping against its table, and the tables also give
 * the key list and --explain (cfgdoc.c). arouteserver's general.yml
 * ("cfg:"), clients.yml ("clients:", "asns:") and bogons.yml ("bogons:")
 * are accepted as they are, older spellings included, with its
 * "!include" lines (cfginclude.c); rsguard's own keys extend them, and
 * clients_from_euroix adds clients from an IX-F member export (ixf.c).
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
 *  - The loaded text, name and base directory are kept (with the
 *    origin of every included line and the IX-F export as read), so
 *    that rsg__config_copy() can rebuild an identical configuration by
 *    parsing it again.
 *  - A key that arouteserver documents is used with its meaning or
 *    accepted with one warning that says why not; any other unknown key
 *    is an error.
 */
#include "config.h"

#include "cfg.h"
#include "community.h"
#include "cfgkeys.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "addr.h"
#include "alloc.h"
#include "irr.h"
#include "ixf.h"
#include "sbuf.h"
#include "util.h"

/* Diagnostics kept per list; an alias bomb must not fill the memory. */
#define DIAG_MAX 1000

/* Largest file read: far above any real IXP (1000 clients: ~500 KiB). */
#define FILE_MAX RSG_CONFIG_FILE_MAX

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

const char *
rsg__config_where(const struct rsg_config *cfg, unsigned *line)
{
	/* a line of an included file: that file's name and line */
	for (size_t i = cfg->segs.n; *line > 0 && i-- > 0;) {
		const struct cfg_segment *sg = &cfg->segs.v[i];

		if (sg->first <= *line) {
			*line = sg->line + (*line - sg->first);
			return sg->name;
		}
	}
	return cfg->src_name != NULL ? cfg->src_name : "config";
}

/* Record "name:line:col: body" in v and pass it to the log callback. */
static int
diag_push(struct rsg_config *cfg, struct str_vec *v, enum rsg_log_level lvl,
    const char *name, unsigned line, unsigned col, const char *body)
{
	char *msg;

	if (name == NULL)
		name = rsg__config_where(cfg, &line);
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
    const char *name, unsigned line, unsigned col, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));

/* name NULL: the loaded file, or the included file that holds line. */
static int
config_vdiag(struct rsg_config *cfg, enum rsg_log_level lvl, const char *name,
    unsigned line, unsigned col, const char *fmt, va_list ap)
{
	struct str_vec *v =
	    lvl == RSG_LOG_ERROR ? &cfg->errors : &cfg->warnings;
	char *body;
	int rc;

	if (v->n > DIAG_MAX)
		return 0;
	if (v->n == DIAG_MAX) {
		return diag_push(cfg, v, lvl, NULL, 0, 0,
		    lvl == RSG_LOG_ERROR
			? "too many errors; the rest are left out"
			: "too many warnings; the rest are left out");
	}
	if ((body = vfmt(fmt, ap)) == NULL)
		return RSG_ENOMEM;
	rc = diag_push(cfg, v, lvl, name, line, col, body);
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
	rc = config_vdiag(cfg, lvl, NULL, line, col, fmt, ap);
	va_end(ap);
	return rc;
}

int
rsg__config_diag_at(struct rsg_config *cfg, enum rsg_log_level lvl,
    const char *name, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = config_vdiag(cfg, lvl, name, line, col, fmt, ap);
	va_end(ap);
	return rc;
}

void
rsg__config_error(
    struct rsg_config *cfg, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)config_vdiag(cfg, RSG_LOG_ERROR, NULL, line, col, fmt, ap);
	va_end(ap);
}

void
rsg__config_warning(
    struct rsg_config *cfg, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)config_vdiag(cfg, RSG_LOG_WARNING, NULL, line, col, fmt, ap);
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
	rsg__pfx_vec_free(&c->white_pref);
	VEC_FREE(&c->white_asn);
	rsg__pfx_vec_free(&c->white_route);
	VEC_FREE(&c->white_route_asn);
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
	memset(&cfg->gen_set, 0, sizeof(cfg->gen_set));
	rsg__pfx_vec_free(&cfg->global_blacklist);
	rsg__pfx_vec_free(&cfg->peering_lans);
	rsg__pfx_vec_free(&cfg->bogons);
	cfg->bogons_given = false;
	VEC_FREE(&cfg->transit_free);
	cfg->transit_free_given = false;
	VEC_FREE(&cfg->never_via_rs);
	cfg->never_via_rs_pdb = false;
	cfg->info_communities = false;
	memset(cfg->comm, 0, sizeof(cfg->comm));
	memset(cfg->reject_map, 0, sizeof(cfg->reject_map));
	for (size_t i = 0; i < cfg->ncustoms; i++)
		rsg__free(cfg->customs[i].name);
	memset(cfg->customs, 0, sizeof(cfg->customs));
	cfg->ncustoms = 0;
	memset(&cfg->bh, 0, sizeof(cfg->bh));
	cfg->rpki_max_age = 0;
	cfg->rpki_check_expires = false;
	rsg__str_vec_free(&cfg->allowed_tas);
	for (size_t i = 0; i < cfg->vrp_files.n; i++)
		rsg__free(cfg->vrp_files.v[i].path);
	VEC_FREE(&cfg->vrp_files);
	rsg__str_vec_free(&cfg->aspa_files);
	rsg__str_vec_free(&cfg->slurm_files);
	rsg__str_vec_free(&cfg->irr_files);
	rsg__str_vec_free(&cfg->bgpq4_files);
	rsg__str_vec_free(&cfg->irr_sources);
	for (size_t i = 0; i < cfg->whois.servers.n; i++)
		rsg__free(cfg->whois.servers.v[i].host);
	VEC_FREE(&cfg->whois.servers);
	rsg__str_vec_free(&cfg->whois.confirm);
	rsg__free(cfg->peeringdb_file);
	rsg__free(cfg->arin_whois_file);
	cfg->arin_whois_file = NULL;
	rsg__free(cfg->lg.address);
	rsg__free(cfg->lg.bird_socket);
	cfg->lg.address = cfg->lg.bird_socket = NULL;
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
	rsg__free(cfg->ixf_file);
	cfg->ixf_file = NULL;
	cfg->ixf_ixp = 0;
	cfg->ixf_vlan = 0;
	cfg->ixf_rs_only = false;
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
	rsg__config_segs_free(cfg);
	rsg__free(cfg->ixf_text);
	cfg->ixf_text = NULL;
	cfg->ixf_len = 0;
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
	cfg->whois.refresh = 43200;
	cfg->whois.timeout = 30;
	cfg->whois.retries = 2;
	cfg->whois.connections = 4;
	cfg->whois.max_shrink = 50;
	cfg->lg.port = 29184; /* birdwatcher's */
	cfg->lg.ttl = 60;
	cfg->lg.bird_conns = 2;
	cfg->lg.rate_limit = 300;
	cfg->lg.max_routes = 2000000;
	cfg->lg.timeout = 120;
	cfg->lg.connections = 64;
	cfg->ixf_vlan = -1;
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

RSG_EXPORT int
rsg_config_lg(const struct rsg_config *cfg, struct rsg_lg_config *out)
{
	if (cfg == NULL || out == NULL || out->size < sizeof(*out))
		return RSG_EINVAL;
	memset((char *)out + sizeof(out->size), 0,
	    sizeof(*out) - sizeof(out->size));
	out->port = (uint16_t)cfg->lg.port;
	strlcpy(out->address,
	    cfg->lg.address != NULL ? cfg->lg.address : "127.0.0.1",
	    sizeof(out->address));
	strlcpy(out->bird_socket,
	    cfg->lg.bird_socket != NULL ? cfg->lg.bird_socket
					: "/run/bird/lg.ctl",
	    sizeof(out->bird_socket));
	out->ttl = cfg->lg.ttl;
	out->bird_connections = cfg->lg.bird_conns;
	out->rate_limit = cfg->lg.rate_limit;
	out->max_routes = cfg->lg.max_routes;
	out->timeout = cfg->lg.timeout;
	out->connections = cfg->lg.connections;
	out->rs_as = cfg->rs_as;
	return 0;
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
	/* the top level, read in a fixed order */
	yaml_node_t *gkey, *gen, *asns_n, *clients_n, *sources_n, *ixf_n;
	yaml_node_t *cl_asn, *cl_ip; /* of the client being read */
	struct str_vec *cur_sets;    /* of the asns entry being read */
	yaml_node_t *timers;         /* sources.rtr_timers, if a mapping */
	size_t ncaches;              /* in sources.rtr */
	bool nomem;
};

/* The knobs a filtering section changes: general or one client's. */
struct level {
	struct knobs *k;
	struct xknobs *x;
	struct cfg_client *c; /* NULL: general */
	struct kset *kset;    /* the knobs this level set */
};

/* Record that this level set the knob bytes [off, off + size). */
static void
knob_mark(struct level *lv, size_t off, size_t size)
{
	for (size_t i = off; i < off + size && i < sizeof(lv->kset->b); i++)
		lv->kset->b[i] = 1;
}

#define MARK(lv, f)                                                            \
	knob_mark((lv), offsetof(struct knobs, f), sizeof((lv)->k->f))

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
	if (config_vdiag(p->cfg, lvl, NULL, line, col, fmt, ap) != 0)
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
pfx_entry_map_asn(struct parse *p, yaml_node_t *n, const char *key,
    struct pfx_entry *e, uint32_t *asn)
{
	yaml_node_t *k, *v, *pn = NULL, *ln = NULL, *en = NULL, *gn = NULL,
			    *lev = NULL, *cn = NULL, *an = NULL;
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
		else if (asn != NULL && str_eq(k, "asn"))
			an = v;
		else {
			unknown(p, k, key);
			ok = false;
		}
	}
	if (asn != NULL) {
		*asn = 0;
		if (!is_null(an) && !get_asn(p, an, "asn", asn))
			ok = false;
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

static bool
pfx_entry_map(
    struct parse *p, yaml_node_t *n, const char *key, struct pfx_entry *e)
{
	return pfx_entry_map_asn(p, n, key, e, NULL);
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

static const struct choice mode_choices[] = { { "reject", RSG_MODE_REJECT },
	{ "tag", RSG_MODE_TAG }, { "off", RSG_MODE_OFF }, { NULL, 0 } };
static const struct choice fmt_choices[] = { { "auto", RPKI_FMT_AUTO },
	{ "json", RPKI_FMT_JSON }, { "csv", RPKI_FMT_CSV }, { NULL, 0 } };
static const struct choice transport_choices[] = { { "tcp", RTR_TCP },
	{ "ssh", RTR_SSH }, { NULL, 0 } };

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
aspa_mode(struct knobs *k, const struct xknobs *x)
{
	k->mode[RSG_R_ASPA_INVALID] = !x->aspa_on ? RSG_MODE_OFF
	    : x->aspa_rej_inv                     ? RSG_MODE_REJECT
						  : RSG_MODE_TAG;
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
		if (get_enum(p, v, sval(k), mode_choices, &x)) {
			lv->k->mode[r] = (uint8_t)x;
			knob_mark(lv, offsetof(struct knobs, mode[r]), 1);
		}
	}
}

/* ------------------------------------------------------------------ */
/* general                                                             */
/* ------------------------------------------------------------------ */

/* One function's (or a custom or mapped community's) std/ext/lrg forms:
 * each parsed and compiled with rs_as, so a value that does not fit is
 * an error here. */
static void
parse_comm_set(struct parse *p, yaml_node_t *n, const char *what,
    unsigned flags, struct comm_set *out)
{
	static const char *const forms[FORM_COUNT] = { "std", "ext", "lrg" };
	yaml_node_t *k, *v;

	memset(out, 0, sizeof(*out));
	if (is_null(n) || !map_open(p, n, what))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		unsigned f;
		const char *s;
		char err[160];
		struct comm_pat pat;

		for (f = 0; f < FORM_COUNT && !str_eq(k, forms[f]); f++)
			;
		if (f == FORM_COUNT) {
			unknown(p, k, what);
			continue;
		}
		if (is_null(v) || (s = get_str(p, v, forms[f])) == NULL)
			continue;
		if (rsg__comm_def_parse((enum comm_form)f, s, flags,
			&out->form[f], err, sizeof(err))
			!= 0
		    || rsg__comm_compile(&out->form[f], (enum comm_form)f,
			   p->cfg->rs_as, &pat, err, sizeof(err))
			!= 0) {
			perr(p, v, "%s.%s: '%.*s': %s", what, forms[f],
			    QUOTE_MAX, s, err);
			out->form[f].set = false;
			continue;
		}
		out->form[f].line = nline(v);
	}
}

static bool
comm_set_any(const struct comm_set *c)
{
	for (unsigned f = 0; f < FORM_COUNT; f++) {
		if (c->form[f].set)
			return true;
	}
	return false;
}

/* reject_cause_map: arouteserver's reject code -> a community. */
static void
parse_reject_map(struct parse *p, yaml_node_t *n)
{
	yaml_node_t *k, *v;

	if (is_null(n) || !map_open(p, n, "communities.reject_cause_map"))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		uint64_t code;
		char what[64];

		if (!is_scalar(k)
		    || !parse_u64(sval(k), k->data.scalar.length, &code)
		    || (code > 15 && code != 65535)) {
			perr(p, k,
			    "communities.reject_cause_map: '%.*s' is not a "
			    "reject code (0-15 or 65535)",
			    QUOTE_MAX, kstr(k));
			continue;
		}
		snprintf(what, sizeof(what), "communities.reject_cause_map.%u",
		    (unsigned)code);
		parse_comm_set(p, v, what, 0,
		    &p->cfg
			 ->reject_map[code == 65535 ? REJECT_MAP_N - 1 : code]);
	}
}

static void
parse_communities(struct parse *p, yaml_node_t *n)
{
	yaml_node_t *k, *v;

	if (!map_open(p, n, "communities"))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		enum commf f =
		    is_scalar(k) ? rsg__commf_find(sval(k)) : COMMF_COUNT;
		char what[QUOTE_MAX + 16];

		if (str_eq(k, "reject_cause_map")) {
			parse_reject_map(p, v);
			continue;
		}
		if (f == COMMF_COUNT) {
			unknown(p, k, "communities");
			continue;
		}
		snprintf(
		    what, sizeof(what), "communities.%s", rsg__commf[f].key);
		parse_comm_set(
		    p, v, what, rsg__commf[f].flags, &p->cfg->comm[f]);
		if ((rsg__commf[f].flags & CF_NOOP)
		    && comm_set_any(&p->cfg->comm[f]))
			pwarn(p, k,
			    "%s: not used by rsguard: it reads no "
			    "Registro.br whois dumps (the communities are "
			    "still scrubbed from inbound routes)",
			    what);
	}
}

/* custom_communities: name -> community, attached per client. */
static void
parse_customs(struct parse *p, yaml_node_t *n)
{
	yaml_node_t *k, *v;
	struct rsg_config *cfg = p->cfg;

	if (is_null(n) || !map_open(p, n, "custom_communities"))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		struct cfg_custom *c;
		char what[QUOTE_MAX + 24];

		if (!is_scalar(k) || k->data.scalar.length == 0) {
			unknown(p, k, "custom_communities");
			continue;
		}
		if (rsg__commf_find(sval(k)) != COMMF_COUNT
		    || str_eq(k, "reject_cause_map")) {
			perr(p, k,
			    "custom_communities: '%.*s' is the name of a "
			    "built-in community",
			    QUOTE_MAX, kstr(k));
			continue;
		}
		if (cfg->ncustoms == CUSTOM_MAX) {
			perr(p, k, "custom_communities: more than %u",
			    CUSTOM_MAX);
			return;
		}
		c = &cfg->customs[cfg->ncustoms];
		snprintf(what, sizeof(what), "custom_communities.%.*s",
		    QUOTE_MAX, sval(k));
		parse_comm_set(p, v, what, 0, &c->c);
		if ((c->name = rsg__strdup(sval(k))) == NULL) {
			p->nomem = true;
			return;
		}
		cfg->ncustoms++;
	}
}

/* cfg.attach_custom_communities of a client. */
static void
parse_attach_customs(struct parse *p, yaml_node_t *n, struct level *lv)
{
	size_t cnt = list_len(p, n, "attach_custom_communities");

	for (size_t i = 0; i < cnt; i++) {
		yaml_node_t *e = list_at(p, n, i);
		const char *s = e != NULL
		    ? get_str(p, e, "attach_custom_communities")
		    : NULL;
		size_t j;

		if (s == NULL)
			continue;
		for (j = 0; j < p->cfg->ncustoms
		     && strcmp(p->cfg->customs[j].name, s) != 0;
		     j++)
			;
		if (j == p->cfg->ncustoms)
			perr(p, e,
			    "attach_custom_communities: '%.*s' is not in "
			    "custom_communities",
			    QUOTE_MAX, s);
		else {
			lv->k->customs |= UINT64_C(1) << j;
			MARK(lv, customs);
		}
	}
}

/* blackhole_filtering: the general section, or a client's (only
 * announce_to_client). */
static void
parse_blackhole(struct parse *p, yaml_node_t *n, struct level *lv)
{
	static const struct choice policies[] = {
		{ "propagate-unchanged", RSG_BLACKHOLE_PROPAGATE },
		{ "rewrite-next-hop", RSG_BLACKHOLE_REWRITE_NEXT_HOP },
		{ NULL, 0 },
	};
	struct cfg_blackhole *bh = &p->cfg->bh;
	yaml_node_t *k, *v;
	yaml_node_t *pol[2] = { NULL, NULL };

	if (is_null(n) || !map_open(p, n, "blackhole_filtering"))
		return;
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "announce_to_client")) {
			if (get_bool(p, v,
				"blackhole_filtering.announce_to_client",
				&lv->k->bh_announce))
				MARK(lv, bh_announce);
		} else if (lv->c != NULL) {
			unknown(p, k, "client blackhole_filtering");
		} else if (str_eq(k, "policy_ipv4")
		    || str_eq(k, "policy_ipv6")) {
			unsigned i = sval(k)[10] == '6';
			int x;

			if (!is_null(v)
			    && get_enum(p, v, sval(k), policies, &x)) {
				bh->policy[i] = (uint8_t)x;
				pol[i] = k;
			}
		} else if (str_eq(k, "rewrite_next_hop_ipv4")
		    || str_eq(k, "rewrite_next_hop_ipv6")) {
			unsigned i = sval(k)[20] == '6';

			if (is_null(v))
				continue;
			if (get_ip(p, v, sval(k), &bh->next_hop[i])
			    && bh->next_hop[i].afi
				!= (i ? RSG_AFI_IPV6 : RSG_AFI_IPV4)) {
				perr(p, v, "%s: expected an IPv%c address",
				    sval(k), i ? '6' : '4');
				bh->next_hop[i].afi = RSG_AFI_NONE;
			}
		} else if (str_eq(k, "add_noexport")) {
			get_bool(p, v, "blackhole_filtering.add_noexport",
			    &bh->add_noexport);
		} else {
			unknown(p, k, "blackhole_filtering");
		}
	}
	for (unsigned i = 0; i < 2; i++) {
		if (bh->policy[i] == RSG_BLACKHOLE_REWRITE_NEXT_HOP
		    && bh->next_hop[i].afi == RSG_AFI_NONE)
			perr(p, pol[i],
			    "blackhole_filtering.policy_ipv%c: "
			    "rewrite-next-hop needs rewrite_next_hop_ipv%c",
			    i ? '6' : '4', i ? '6' : '4');
	}
}

/* ------------------------------------------------------------------ */
/* asns and clients                                                    */
/* ------------------------------------------------------------------ */

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

/*
 * arouteserver: the private 16-bit ASN that stands for a 32-bit client in
 * the standard communities the route server offers (announce_to_peer...).
 */
/* The private ASN standing for a 32-bit client in standard communities
 * (peer_as, the announcing client). */
static void
mapped_asn(struct parse *p, struct cfg_client *c, const yaml_node_t *v)
{
	uint64_t x;

	if (is_null(v))
		return;
	if (get_uint(p, v, "16bit_mapped_asn", 64512, 65534, &x))
		c->mapped_asn = (uint32_t)x;
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

static void parse_client(struct parse *p, yaml_node_t *n);
static void import_ixf(struct parse *p, yaml_node_t *n);

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
	if (p->ixf_n != NULL && !p->nomem)
		import_ixf(p, p->ixf_n);
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
			c->as_sets_src =
			    c->as_sets.n > 0 ? SRC_ASNS : SRC_DEFAULT;
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
	} else if (strcmp(key, "looking_glass.bird_socket") == 0) {
		if (!S_ISSOCK(st.st_mode))
			perr(p, v, "%s: %s: not a socket (BIRD's cli \"...\")",
			    key, path);
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

/* ------------------------------------------------------------------ */
/* The schema: one table of keys                                       */
/* ------------------------------------------------------------------ */

/*
 * Every key of the file is an entry of one of the tables below (the way
 * Knot DNS describes its configuration): its name, where it may be given,
 * its type and bounds, where the value goes, its default and a line of
 * documentation, and what arouteserver makes of it. walk() reads a
 * mapping against a table; the man page's key list and `rsguard config
 * keys` are printed from the same tables (rsg_config_keys()), and
 * check_config.c fails when the man page drifts from them.
 *
 * A value goes into the knobs of the level being read (general or the
 * client's), into the configuration, or into the client; a custom
 * function takes it where a value means more than one field. Writes to
 * the knobs are recorded per level, so that `config check --explain`
 * says where each effective value came from.
 */

#define KNOB(f)                                                                \
	.dst = KD_KNOBS, .off = offsetof(struct knobs, f),                     \
	.size = sizeof(((struct knobs *)0)->f)
#define CFG(f)                                                                 \
	.dst = KD_CFG, .off = offsetof(struct rsg_config, f),                  \
	.size = sizeof(((struct rsg_config *)0)->f)
#define CLIENT(f)                                                              \
	.dst = KD_CLIENT, .off = offsetof(struct cfg_client, f),               \
	.size = sizeof(((struct cfg_client *)0)->f)
#define MODE(r) KNOB(mode[r]), .min = (r)

#define DAEMON(n, s)                                                           \
	{                                                                      \
		.name = n, .scope = s, .type = KT_WARN, .flags = KF_HOST,      \
		.warn = n ": not used by rsguard: a BGP daemon setting",       \
		.doc = "a setting of the BGP daemon"                           \
	}

static void
put_uint(void *dst, size_t size, uint64_t x)
{
	switch (size) {
	case 1: {
		uint8_t y = (uint8_t)x;

		memcpy(dst, &y, 1);
		break;
	}
	case 2: {
		uint16_t y = (uint16_t)x;

		memcpy(dst, &y, 2);
		break;
	}
	case 4: {
		uint32_t y = (uint32_t)x;

		memcpy(dst, &y, 4);
		break;
	}
	default: {
		int64_t y = (int64_t)x;

		memcpy(dst, &y, 8);
		break;
	}
	}
}

/* The destination of a value; NULL if it has none at this level. */
static void *
dst_of(struct parse *p, const struct cfg_key *e, struct level *lv)
{
	switch (e->dst) {
	case KD_KNOBS:
		return (unsigned char *)lv->k + e->off;
	case KD_CFG:
		return (unsigned char *)p->cfg + e->off;
	case KD_CLIENT:
		return lv->c != NULL ? (unsigned char *)lv->c + e->off : NULL;
	default:
		return NULL;
	}
}

static void walk(struct parse *p, yaml_node_t *n, const struct cfg_key *keys,
    struct level *lv, const char *what);

/* Read one value against its entry. */
static void
read_value(struct parse *p, const struct cfg_key *e, yaml_node_t *k,
    yaml_node_t *v, struct level *lv)
{
	const char *label = e->label != NULL ? e->label : e->name;
	void *dst = dst_of(p, e, lv);
	uint64_t x;
	uint32_t a;
	bool b;
	int c;

	switch (e->type) {
	case KT_SECTION:
		if ((e->flags & KF_ENABLE) && is_scalar(v)) {
			/* arouteserver < 0.13: peering_db: true */
			walk(p, v, e->sub, lv, NULL);
			break;
		}
		walk(p, v, e->sub, lv,
		    lv->c != NULL && e->cwhat != NULL ? e->cwhat : e->what);
		if (e->post != NULL)
			e->post(p, v, lv);
		break;
	case KT_BOOL:
		if (get_bool(p, v, label, &b)) {
			memcpy(dst, &b, sizeof(b));
			if (e->dst == KD_KNOBS)
				knob_mark(lv, e->off, e->size);
		}
		break;
	case KT_BOOL_MODE:
		if (get_bool(p, v, label, &b)) {
			lv->k->mode[e->min] =
			    b ? RSG_MODE_REJECT : RSG_MODE_OFF;
			knob_mark(lv, e->off, 1);
		}
		break;
	case KT_UINT:
		if (get_uint(p, v, label, e->min, e->max, &x)) {
			put_uint(dst, e->size, x);
			if (e->dst == KD_KNOBS)
				knob_mark(lv, e->off, e->size);
		}
		break;
	case KT_ENUM:
		if (get_enum(p, v, label, e->choices, &c)) {
			put_uint(dst, e->size, (uint64_t)c);
			if (e->dst == KD_KNOBS)
				knob_mark(lv, e->off, e->size);
		}
		break;
	case KT_ASN:
		if (get_asn(p, v, label, &a))
			put_uint(dst, e->size, a);
		break;
	case KT_ASN_LIST:
		get_asn_list(p, v, label, dst);
		break;
	case KT_STR_LIST:
	case KT_STR_LIST_WS:
		get_str_list(p, v, label, e->type == KT_STR_LIST_WS, dst);
		break;
	case KT_IP_LIST:
		get_ip_list(p, v, label, dst);
		break;
	case KT_PFX_LIST:
		get_pfx_list(p, v, label, dst);
		break;
	case KT_CUSTOM:
		e->fn(p, k, v, lv);
		break;
	case KT_WARN:
		pwarn(p, k, "%s", e->warn);
		break;
	default:
		break;
	}
}

static const struct cfg_key *
key_find(const struct cfg_key *keys, const yaml_node_t *k)
{
	for (const struct cfg_key *e = keys; e->name != NULL; e++) {
		if (str_eq(k, e->name))
			return e;
	}
	return NULL;
}

/*
 * Read the mapping n against keys: the KF_EARLY keys first, then the
 * others in the order of the file, then the KF_LATE ones. what names the
 * mapping in messages; NULL: n is a scalar standing for {enabled: n}.
 */
static void
walk(struct parse *p, yaml_node_t *n, const struct cfg_key *keys,
    struct level *lv, const char *what)
{
	unsigned have = lv->c != NULL ? KS_CLIENT : KS_GENERAL;
	yaml_node_t *k, *v;

	if (what == NULL) {
		const struct cfg_key *e = keys;

		while (e->name != NULL && strcmp(e->name, "enabled") != 0)
			e++;
		read_value(p, e, n, n, lv);
		return;
	}
	if (!map_open(p, n, what))
		return;
	for (unsigned pass = 0; pass < 3; pass++) {
		for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
			const struct cfg_key *e = key_find(keys, k);
			unsigned f = e != NULL ? e->flags : 0;

			if (pass
			    != ((f & KF_EARLY)      ? 0
				    : (f & KF_LATE) ? 2
						    : 1))
				continue;
			if (e == NULL) {
				unknown(p, k, what);
			} else if (!(e->scope & have) && e->where != NULL) {
				perr(p, k, "%s.%s is only allowed in %s",
				    e->where, e->name,
				    have == KS_CLIENT ? "the general section"
						      : "a client's cfg");
			} else if (!(e->scope & have)) {
				unknown(p, k, what);
			} else {
				read_value(p, e, k, v, lv);
			}
		}
	}
	/* an old spelling and its replacement together (arouteserver) */
	for (const struct cfg_key *e = keys; e->name != NULL; e++) {
		yaml_node_t *old = NULL, *cur = NULL;

		if (e->replaces == NULL)
			continue;
		for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
			if (str_eq(k, e->name))
				old = k;
			else if (str_eq(k, e->replaces))
				cur = k;
		}
		if (old != NULL && cur != NULL)
			perr(p, old,
			    "%s (the old spelling of %s) and %s are both "
			    "given; give only %s",
			    e->name, e->means, e->replaces, e->replaces);
	}
}

/* ------------------------------------------------------------------ */
/* Values that mean more than one field                                */
/* ------------------------------------------------------------------ */

static void
fn_blackhole(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	parse_blackhole(p, v, lv);
}

static void
fn_customs(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	(void)lv;
	parse_customs(p, v);
}

static void
fn_attach_customs(
    struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	parse_attach_customs(p, v, lv);
}

static void
fn_communities(
    struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	(void)lv;
	parse_communities(p, v);
}

/* general: the default list; a client: its own list instead */
static void
fn_tf_asns(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	if (lv->c == NULL) {
		/* null is an empty list, as for arouteserver (no default) */
		get_asn_list(p, v, "transit_free.asns", &p->cfg->transit_free);
		p->cfg->transit_free_given = true;
	} else if (!is_null(v)) {
		get_asn_list(p, v, "transit_free.asns", &lv->c->transit_free);
		lv->c->own_transit_free = true;
	}
}

static void
rov_set(struct parse *p, yaml_node_t *v, struct level *lv, const char *label,
    bool *field, bool inv, bool unk)
{
	bool b;

	if (!get_bool(p, v, label, &b))
		return;
	*field = b;
	rov_modes(lv->k, lv->x, inv, unk);
	if (inv)
		MARK(lv, mode[RSG_R_RPKI_INVALID]);
	if (unk)
		MARK(lv, mode[RSG_R_RPKI_UNKNOWN]);
}

static void
fn_rov_on(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	rov_set(p, v, lv, "enabled", &lv->x->rov_on, true, true);
}

static void
fn_rov_inv(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	rov_set(p, v, lv, "reject_invalid", &lv->x->rov_rej_inv, true, false);
}

static void
fn_rov_unk(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	rov_set(p, v, lv, "reject_unknown", &lv->x->rov_rej_unk, false, true);
}

static void
fn_aspa_on(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	bool b;

	(void)k;
	if (get_bool(p, v, "aspa.enabled", &b)) {
		lv->x->aspa_on = b;
		aspa_mode(lv->k, lv->x);
		MARK(lv, mode[RSG_R_ASPA_INVALID]);
	}
}

static void
fn_aspa_inv(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	bool b;

	(void)k;
	if (get_bool(p, v, "aspa.reject_invalid", &b)) {
		lv->x->aspa_rej_inv = b;
		aspa_mode(lv->k, lv->x);
		MARK(lv, mode[RSG_R_ASPA_INVALID]);
	}
}

static void
fn_reason_actions(
    struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	parse_reason_actions(p, v, lv);
}

/* irrdb.white_list_route: prefix entries with an optional origin. */
static void
fn_white_route(
    struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	const char *key = "irrdb.white_list_route";
	size_t n = list_len(p, v, key);

	(void)k;
	for (size_t i = 0; i < n && lv->c != NULL; i++) {
		yaml_node_t *it = list_at(p, v, i);
		struct pfx_entry e;
		uint32_t asn = 0;

		if (!is_map(it)) {
			perr(p, it,
			    "%s: expected a mapping with prefix, length and "
			    "asn",
			    key);
			continue;
		}
		if (!pfx_entry_map_asn(p, it, key, &e, &asn))
			continue;
		if (rsg__pfx_vec_push(&lv->c->white_route, &e) != 0
		    || VEC_PUSH(&lv->c->white_route_asn, asn) != 0) {
			p->nomem = true;
			return;
		}
	}
}

static void
fn_local_role(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	static const struct choice role_choices[] = { { "provider", 0 },
		{ "rs", 1 }, { "rs-client", 2 }, { "customer", 3 },
		{ "peer", 4 }, { NULL, 0 } };
	int x;

	(void)lv;
	if (get_enum(p, v, "roles.local_role", role_choices, &x) && x != 1)
		pwarn(p, k,
		    "roles.local_role: not used by rsguard: the BGP daemon "
		    "sets the session's role; the otc_leak check assumes "
		    "the role rs (the route server's side of an RFC 9234 "
		    "session)");
}

static void
fn_mapped_asn(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	mapped_asn(p, lv->c, v);
}

static void
fn_description(
    struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	const char *s;

	(void)k;
	if ((s = get_str(p, v, "description")) != NULL) {
		rsg__free(lv->c->description);
		if ((lv->c->description = rsg__strdup(s)) == NULL)
			p->nomem = true;
	}
}

/* asn and ip are read once the whole entry is known (parse_client) */
static void
fn_client_asn(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	(void)lv;
	p->cl_asn = v;
}

static void
fn_client_ip(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	(void)lv;
	p->cl_ip = v;
}

static void
post_v4_len(struct parse *p, yaml_node_t *n, struct level *lv)
{
	if (is_map(n) && lv->k->v4_min > lv->k->v4_max)
		perr(p, n, "ipv4_pref_len: min %u is greater than max %u",
		    lv->k->v4_min, lv->k->v4_max);
}

static void
post_v6_len(struct parse *p, yaml_node_t *n, struct level *lv)
{
	if (is_map(n) && lv->k->v6_min > lv->k->v6_max)
		perr(p, n, "ipv6_pref_len: min %u is greater than max %u",
		    lv->k->v6_min, lv->k->v6_max);
}

/* ------------------------------------------------------------------ */
/* The tables                                                          */
/* ------------------------------------------------------------------ */

static const struct choice nh_choices[] = { { "strict", NH_STRICT },
	{ "same-as", NH_SAME_AS }, { "authorized_addresses", NH_AUTHORIZED },
	{ NULL, 0 } };
static const struct choice tf_choices[] = { { "reject", RSG_MODE_REJECT },
	{ "warning", RSG_MODE_TAG }, { "tag", RSG_MODE_TAG },
	{ "none", RSG_MODE_OFF }, { NULL, 0 } };
static const struct choice tmc_choices[] = { { "reject", RSG_MODE_REJECT },
	{ "tag", RSG_MODE_TAG }, { "none", RSG_MODE_OFF }, { NULL, 0 } };
static const struct choice maxpfx_choices[] = { { "shutdown", MAXPFX_SHUTDOWN },
	{ "restart", MAXPFX_RESTART }, { "block", MAXPFX_BLOCK },
	{ "warning", MAXPFX_WARNING }, { "none", MAXPFX_NONE }, { NULL, 0 } };
static const struct choice policy_choices[] = { { "reject", RSG_REJECT },
	{ "tag", RSG_TAG }, { "tag_and_reject", RSG_TAG_AND_REJECT },
	{ NULL, 0 } };

static const struct cfg_key next_hop_keys[] = {
	{ .name = "policy",
	    .scope = KS_BOTH,
	    .type = KT_ENUM,
	    KNOB(nh_policy),
	    .choices = nh_choices,
	    .label = "next_hop.policy",
	    .def = "strict",
	    .doc = "NEXT_HOP: the client's address, any of its AS, or an "
		   "authorized one" },
	{ .name = "authorized_addresses_list",
	    .scope = KS_CLIENT,
	    .type = KT_IP_LIST,
	    CLIENT(nh_authorized),
	    .where = "next_hop",
	    .def = "empty",
	    .doc = "the NEXT_HOPs allowed by policy authorized_addresses" },
	{ .name = NULL },
};

static const struct cfg_key v4_len_keys[] = {
	{ .name = "min",
	    .scope = KS_BOTH,
	    .type = KT_UINT,
	    KNOB(v4_min),
	    .max = 32,
	    .def = "8",
	    .doc = "shortest IPv4 prefix accepted" },
	{ .name = "max",
	    .scope = KS_BOTH,
	    .type = KT_UINT,
	    KNOB(v4_max),
	    .max = 32,
	    .def = "24",
	    .doc = "longest IPv4 prefix accepted" },
	{ .name = NULL },
};

static const struct cfg_key v6_len_keys[] = {
	{ .name = "min",
	    .scope = KS_BOTH,
	    .type = KT_UINT,
	    KNOB(v6_min),
	    .max = 128,
	    .def = "12",
	    .doc = "shortest IPv6 prefix accepted" },
	{ .name = "max",
	    .scope = KS_BOTH,
	    .type = KT_UINT,
	    KNOB(v6_max),
	    .max = 128,
	    .def = "48",
	    .doc = "longest IPv6 prefix accepted" },
	{ .name = NULL },
};

static const struct cfg_key transit_free_keys[] = {
	{ .name = "action",
	    .scope = KS_BOTH,
	    .type = KT_ENUM,
	    MODE(RSG_R_TRANSIT_FREE),
	    .choices = tf_choices,
	    .label = "transit_free.action",
	    .def = "reject",
	    .doc = "a transit-free ASN behind the client (warning: tag)" },
	{ .name = "asns",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_tf_asns,
	    .tdoc = "ASN list",
	    .def = "16 ASNs (arouteserver's and NLNOG's)",
	    .doc = "the transit-free ASNs; a client's list replaces it" },
	{ .name = NULL },
};

static const struct cfg_key never_via_keys[] = {
	{ .name = "peering_db",
	    .scope = KS_GENERAL,
	    .type = KT_BOOL,
	    CFG(never_via_rs_pdb),
	    .label = "never_via_route_servers.peering_db",
	    .def = "true",
	    .doc = "the networks PeeringDB flags never via route servers" },
	{ .name = "asns",
	    .scope = KS_GENERAL,
	    .type = KT_ASN_LIST,
	    CFG(never_via_rs),
	    .label = "never_via_route_servers.asns",
	    .def = "empty",
	    .doc = "more such networks" },
	{ .name = NULL },
};

static const struct cfg_key roas_as_routes_keys[] = {
	{ .name = "enabled",
	    .scope = KS_GENERAL,
	    .type = KT_BOOL,
	    KNOB(irr_use_roas),
	    .def = "true",
	    .doc = "a covering ROA stands for a missing route object" },
	{ .name = "source",
	    .scope = KS_GENERAL,
	    .type = KT_WARN,
	    .flags = KF_WARNS,
	    .warn = "irrdb.use_rpki_roas_as_route_objects.source (the old "
		    "place of rpki_roas.source): not used by rsguard: "
		    "rsguard reads VRPs from sources.vrps and sources.rtr",
	    .doc = "before arouteserver 0.17: rpki_roas.source" },
	{ .name = "ripe_rpki_validator_url",
	    .scope = KS_GENERAL,
	    .type = KT_WARN,
	    .flags = KF_WARNS,
	    .warn = "irrdb.use_rpki_roas_as_route_objects."
		    "ripe_rpki_validator_url (the old place of rpki_roas."
		    "ripe_rpki_validator_url): not used by rsguard: rsguard "
		    "reads VRPs from sources.vrps and sources.rtr",
	    .doc =
		"before arouteserver 0.17: rpki_roas.ripe_rpki_validator_url" },
	{ .name = "allowed_trust_anchors",
	    .scope = KS_GENERAL,
	    .type = KT_STR_LIST_WS,
	    CFG(allowed_tas),
	    .doc =
		"before arouteserver 0.17: rpki_roas.allowed_trust_anchors" },
	{ .name = NULL },
};

#define IRR_LATER(n, instead, d)                                               \
	{                                                                      \
		.name = n, .scope = KS_GENERAL, .type = KT_WARN,               \
		.flags = KF_WARNS,                                             \
		.warn = "irrdb." n ": not used by rsguard: " instead, .doc = d \
	}
static const struct cfg_key arin_keys[] = {
	{ .name = "enabled",
	    .scope = KS_GENERAL,
	    .type = KT_BOOL,
	    KNOB(irr_use_arin),
	    .def = "false",
	    .doc = "an ARIN record of the origin validates the route" },
	{ .name = "source",
	    .scope = KS_GENERAL,
	    .type = KT_WARN,
	    .flags = KF_WARNS,
	    .warn = "irrdb.use_arin_bulk_whois_data.source: not used by "
		    "rsguard: it reads the file of sources.arin_whois",
	    .doc = "the dump's URL: rsguard reads sources.arin_whois" },
	{ .name = NULL },
};

static const struct cfg_key irrdb_keys[] = {
	{ .name = "enforce_origin_in_as_set",
	    .scope = KS_BOTH,
	    .type = KT_BOOL,
	    KNOB(irr_enforce_origin),
	    .def = "true",
	    .doc = "the origin must be in the client's AS-SETs" },
	{ .name = "enforce_prefix_in_as_set",
	    .scope = KS_BOTH,
	    .type = KT_BOOL,
	    KNOB(irr_enforce_prefix),
	    .def = "true",
	    .doc = "the prefix must be in the AS-SETs' route objects" },
	{ .name = "allow_longer_prefixes",
	    .scope = KS_BOTH,
	    .type = KT_BOOL,
	    KNOB(irr_allow_longer),
	    .def = "false",
	    .doc = "more-specifics of those route objects are fine" },
	{ .name = "as_sets",
	    .scope = KS_CLIENT,
	    .type = KT_STR_LIST,
	    CLIENT(as_sets),
	    .label = "irrdb.as_sets",
	    .def = "those of the client's AS in asns",
	    .doc = "the client's AS-SETs" },
	{ .name = "use_rpki_roas_as_route_objects",
	    .scope = KS_GENERAL,
	    .type = KT_SECTION,
	    .sub = roas_as_routes_keys,
	    .what = "irrdb.use_rpki_roas_as_route_objects",
	    .doc = "ROAs as route objects" },
	{ .name = "white_list_pref",
	    .scope = KS_CLIENT,
	    .type = KT_PFX_LIST,
	    CLIENT(white_pref),
	    .label = "irrdb.white_list_pref",
	    .def = "empty",
	    .doc = "prefixes taken as in the client's route set" },
	{ .name = "white_list_asn",
	    .scope = KS_CLIENT,
	    .type = KT_ASN_LIST,
	    CLIENT(white_asn),
	    .label = "irrdb.white_list_asn",
	    .def = "empty",
	    .doc = "origins taken as in the client's AS-SETs" },
	{ .name = "white_list_route",
	    .scope = KS_CLIENT,
	    .type = KT_CUSTOM,
	    .fn = fn_white_route,
	    .tdoc = "list of {prefix, length, exact, ge, le, asn}",
	    .def = "empty",
	    .doc = "routes validated whatever the IRR says "
		   "(route_validated_via_white_list)" },
	{ .name = "tag_as_set",
	    .scope = KS_GENERAL,
	    .type = KT_BOOL,
	    KNOB(irr_tag),
	    .def = "true",
	    .doc = "tag routes with (origin|prefix)_(not_)present_in_as_set "
		   "and validated_via" },
	{ .name = "peering_db",
	    .scope = KS_GENERAL,
	    .type = KT_BOOL,
	    KNOB(irr_peering_db),
	    .def = "false",
	    .doc = "a client with no AS-SETs takes PeeringDB's irr_as_set" },
	{ .name = "use_arin_bulk_whois_data",
	    .scope = KS_GENERAL,
	    .type = KT_SECTION,
	    .flags = KF_ENABLE,
	    .sub = arin_keys,
	    .what = "irrdb.use_arin_bulk_whois_data",
	    .doc = "ARIN whois records of the origin stand for a route "
		   "object" },
	IRR_LATER("use_registrobr_bulk_whois_data",
	    "only IRR route objects and ROAs stand for a route",
	    "not used: no Registro.br whois dump"),
	{ .name = NULL },
};

static const struct cfg_key rov_keys[] = {
	{ .name = "enabled",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_rov_on,
	    .tdoc = "boolean",
	    .def = "true (arouteserver: false)",
	    .doc = "RPKI origin validation, RFC 6811" },
	{ .name = "reject_invalid",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_rov_inv,
	    .tdoc = "boolean",
	    .def = "true",
	    .doc = "reject invalid routes; false tags them" },
	{ .name = "reject_unknown",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .flags = KF_RSG,
	    .fn = fn_rov_unk,
	    .tdoc = "boolean",
	    .def = "false",
	    .doc = "also reject routes no VRP covers" },
	{ .name = NULL },
};

static const struct cfg_key increment_keys[] = {
	{ .name = "absolute",
	    .scope = KS_BOTH,
	    .type = KT_UINT,
	    KNOB(pdb_incr_abs),
	    .max = UINT32_MAX,
	    .def = "100",
	    .doc = "added to PeeringDB's count" },
	{ .name = "relative",
	    .scope = KS_BOTH,
	    .type = KT_UINT,
	    KNOB(pdb_incr_rel),
	    .max = UINT32_MAX,
	    .def = "15",
	    .doc = "then this percentage is added" },
	{ .name = NULL },
};

static const struct cfg_key max_prefix_pdb_keys[] = {
	{ .name = "enabled",
	    .scope = KS_BOTH,
	    .type = KT_BOOL,
	    KNOB(max_prefix_pdb),
	    .label = "max_prefix.peering_db.enabled",
	    .def = "true",
	    .doc = "limits from PeeringDB" },
	{ .name = "increment",
	    .scope = KS_BOTH,
	    .type = KT_SECTION,
	    .sub = increment_keys,
	    .what = "max_prefix.peering_db.increment",
	    .doc = "(PeeringDB + absolute) * (1 + relative / 100)" },
	{ .name = NULL },
};

static const struct cfg_key max_prefix_keys[] = {
	{ .name = "action",
	    .scope = KS_BOTH,
	    .type = KT_ENUM,
	    KNOB(max_prefix_action),
	    .choices = maxpfx_choices,
	    .label = "max_prefix.action",
	    .def = "restart (arouteserver: none)",
	    .doc = "what the BGP daemon does at the limit" },
	{ .name = "restart_after",
	    .scope = KS_BOTH,
	    .type = KT_WARN,
	    .flags = KF_HOST,
	    .warn = "max_prefix.restart_after: not used by rsguard: a BGP "
		    "daemon setting",
	    .doc = "a setting of the BGP daemon" },
	{ .name = "count_rejected_routes",
	    .scope = KS_BOTH,
	    .type = KT_WARN,
	    .flags = KF_HOST,
	    .warn = "max_prefix.count_rejected_routes: not used by rsguard: "
		    "a BGP daemon setting",
	    .doc = "a setting of the BGP daemon" },
	{ .name = "peering_db",
	    .scope = KS_BOTH,
	    .type = KT_SECTION,
	    .flags = KF_ENABLE,
	    .sub = max_prefix_pdb_keys,
	    .what = "max_prefix.peering_db",
	    .doc = "limits from PeeringDB (a boolean: enabled)" },
	{ .name = "general_limit_ipv4",
	    .scope = KS_GENERAL,
	    .type = KT_UINT,
	    KNOB(general_limit_v4),
	    .max = UINT32_MAX,
	    .def = "170000",
	    .doc = "IPv4 limit of clients without one" },
	{ .name = "general_limit_ipv6",
	    .scope = KS_GENERAL,
	    .type = KT_UINT,
	    KNOB(general_limit_v6),
	    .max = UINT32_MAX,
	    .def = "12000",
	    .doc = "IPv6 limit of clients without one" },
	{ .name = "limit_ipv4",
	    .scope = KS_CLIENT,
	    .type = KT_UINT,
	    KNOB(max_prefix_v4),
	    .max = UINT32_MAX,
	    .def = "0 (none)",
	    .doc = "the client's IPv4 limit" },
	{ .name = "limit_ipv6",
	    .scope = KS_CLIENT,
	    .type = KT_UINT,
	    KNOB(max_prefix_v6),
	    .max = UINT32_MAX,
	    .def = "0 (none)",
	    .doc = "the client's IPv6 limit" },
	{ .name = NULL },
};

static const struct cfg_key roles_keys[] = {
	{ .name = "enabled",
	    .scope = KS_BOTH,
	    .type = KT_BOOL_MODE,
	    MODE(RSG_R_OTC_LEAK),
	    .label = "roles.enabled",
	    .def = "true (arouteserver: false)",
	    .doc = "RFC 9234: an OTC attribute from a client is a leak" },
	{ .name = "strict_mode",
	    .scope = KS_BOTH,
	    .type = KT_WARN,
	    .flags = KF_HOST,
	    .warn = "roles.strict_mode: not used by rsguard: a BGP session "
		    "setting",
	    .doc = "a setting of the BGP session" },
	{ .name = "local_role",
	    .scope = KS_CLIENT,
	    .type = KT_CUSTOM,
	    .flags = KF_HOST,
	    .fn = fn_local_role,
	    .tdoc = "provider | rs | rs-client | customer | peer",
	    .def = "rs",
	    .doc = "the route server's role; others warn" },
	{ .name = NULL },
};

static const struct cfg_key reject_policy_keys[] = {
	{ .name = "policy",
	    .scope = KS_BOTH,
	    .type = KT_ENUM,
	    KNOB(reject_policy),
	    .choices = policy_choices,
	    .label = "reject_policy.policy",
	    .def = "tag_and_reject (arouteserver: reject)",
	    .doc = "drop, tag, or tag and filter a failing route" },
	{ .name = NULL },
};

static const struct cfg_key aspa_keys[] = {
	{ .name = "enabled",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_aspa_on,
	    .tdoc = "boolean",
	    .def = "false",
	    .doc = "ASPA upstream verification" },
	{ .name = "reject_invalid",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_aspa_inv,
	    .tdoc = "boolean",
	    .def = "true",
	    .doc = "reject ASPA invalid routes; false tags them" },
	{ .name = NULL },
};

static const struct cfg_key tmc_keys[] = {
	{ .name = "limit",
	    .scope = KS_BOTH,
	    .type = KT_UINT,
	    KNOB(max_communities),
	    .min = 1,
	    .max = 65535,
	    .label = "too_many_communities.limit",
	    .def = "100",
	    .doc = "communities (std + ext + large) that are too many" },
	{ .name = "action",
	    .scope = KS_BOTH,
	    .type = KT_ENUM,
	    MODE(RSG_R_TOO_MANY_COMMUNITIES),
	    .choices = tmc_choices,
	    .label = "too_many_communities.action",
	    .def = "tag",
	    .doc = "what happens to such a route" },
	{ .name = NULL },
};

static const struct cfg_key filtering_keys[] = {
	{ .name = "next_hop",
	    .scope = KS_BOTH,
	    .type = KT_SECTION,
	    .sub = next_hop_keys,
	    .what = "next_hop",
	    .doc = "the NEXT_HOP check" },
	{ .name = "next_hop_policy",
	    .scope = KS_BOTH,
	    .type = KT_ENUM,
	    KNOB(nh_policy),
	    .choices = nh_choices,
	    .replaces = "next_hop",
	    .means = "next_hop.policy",
	    .doc = "before arouteserver 0.6: next_hop.policy" },
	{ .name = "ipv4_pref_len",
	    .scope = KS_BOTH,
	    .type = KT_SECTION,
	    .sub = v4_len_keys,
	    .post = post_v4_len,
	    .what = "ipv4_pref_len",
	    .doc = "accepted IPv4 prefix lengths" },
	{ .name = "ipv6_pref_len",
	    .scope = KS_BOTH,
	    .type = KT_SECTION,
	    .sub = v6_len_keys,
	    .post = post_v6_len,
	    .what = "ipv6_pref_len",
	    .doc = "accepted IPv6 prefix lengths" },
	{ .name = "global_black_list_pref",
	    .scope = KS_GENERAL,
	    .type = KT_PFX_LIST,
	    CFG(global_blacklist),
	    .where = "filtering",
	    .def = "empty",
	    .doc = "prefixes rejected from every client" },
	{ .name = "black_list_pref",
	    .scope = KS_CLIENT,
	    .type = KT_PFX_LIST,
	    CLIENT(blacklist),
	    .where = "filtering",
	    .def = "empty",
	    .doc = "prefixes rejected from this client" },
	{ .name = "peering_lans",
	    .scope = KS_GENERAL,
	    .type = KT_PFX_LIST,
	    .flags = KF_RSG,
	    CFG(peering_lans),
	    .where = "filtering",
	    .def = "empty",
	    .doc = "the IXP's peering LANs" },
	{ .name = "max_as_path_len",
	    .scope = KS_BOTH,
	    .type = KT_UINT,
	    KNOB(max_path_len),
	    .min = 1,
	    .max = 1000,
	    .def = "32",
	    .doc = "longest AS_PATH accepted" },
	{ .name = "reject_invalid_as_in_as_path",
	    .scope = KS_BOTH,
	    .type = KT_BOOL_MODE,
	    MODE(RSG_R_BOGON_ASN),
	    .def = "true",
	    .doc = "reserved or private ASNs in the AS_PATH" },
	{ .name = "transit_free",
	    .scope = KS_BOTH,
	    .type = KT_SECTION,
	    .sub = transit_free_keys,
	    .what = "transit_free",
	    .doc = "transit-free networks behind a client" },
	{ .name = "never_via_route_servers",
	    .scope = KS_GENERAL,
	    .type = KT_SECTION,
	    .sub = never_via_keys,
	    .what = "never_via_route_servers",
	    .where = "filtering",
	    .doc = "networks that must not be reached through an RS" },
	{ .name = "irrdb",
	    .scope = KS_BOTH,
	    .type = KT_SECTION,
	    .sub = irrdb_keys,
	    .what = "irrdb",
	    .cwhat = "client irrdb",
	    .doc = "IRR checks (run by the IRR module)" },
	{ .name = "rpki_bgp_origin_validation",
	    .scope = KS_BOTH,
	    .type = KT_SECTION,
	    .sub = rov_keys,
	    .what = "rpki_bgp_origin_validation",
	    .doc = "RPKI origin validation" },
	{ .name = "rpki",
	    .scope = KS_BOTH,
	    .type = KT_SECTION,
	    .sub = rov_keys,
	    .what = "rpki",
	    .replaces = "rpki_bgp_origin_validation",
	    .means = "rpki_bgp_origin_validation",
	    .doc = "before arouteserver 0.17: rpki_bgp_origin_validation" },
	{ .name = "max_prefix",
	    .scope = KS_BOTH,
	    .type = KT_SECTION,
	    .sub = max_prefix_keys,
	    .what = "max_prefix",
	    .cwhat = "client max_prefix",
	    .doc = "session limits, enforced by the BGP daemon" },
	{ .name = "roles",
	    .scope = KS_BOTH,
	    .type = KT_SECTION,
	    .sub = roles_keys,
	    .what = "roles",
	    .doc = "BGP roles, RFC 9234" },
	{ .name = "reject_policy",
	    .scope = KS_BOTH,
	    .type = KT_SECTION,
	    .sub = reject_policy_keys,
	    .what = "reject_policy",
	    .doc = "what happens to a rejected route" },
	{ .name = "aspa",
	    .scope = KS_BOTH,
	    .type = KT_SECTION,
	    .flags = KF_RSG,
	    .sub = aspa_keys,
	    .what = "aspa",
	    .doc = "ASPA path verification (opt-in)" },
	{ .name = "too_many_communities",
	    .scope = KS_BOTH,
	    .type = KT_SECTION,
	    .flags = KF_RSG,
	    .sub = tmc_keys,
	    .what = "too_many_communities",
	    .doc = "routes with very many communities" },
	{ .name = "reason_actions",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .flags = KF_RSG | KF_LATE,
	    .fn = fn_reason_actions,
	    .tdoc = "mapping of reason keys to reject | tag | off",
	    .doc = "any check by its reason key: reject, tag or off" },
	{ .name = "transparent_route_server",
	    .scope = KS_CLIENT,
	    .type = KT_BOOL,
	    .flags = KF_RSG,
	    KNOB(transparent_rs),
	    .where = "filtering",
	    .def = "false",
	    .doc = "the client is a transparent route server" },
	{ .name = NULL },
};

static const struct cfg_key gshut_keys[] = {
	{ .name = "enabled",
	    .scope = KS_BOTH,
	    .type = KT_BOOL,
	    KNOB(gshut),
	    .label = "graceful_shutdown.enabled",
	    .def = "true (arouteserver: false)",
	    .doc = "honour GRACEFUL_SHUTDOWN, RFC 8326" },
	{ .name = "local_pref",
	    .scope = KS_BOTH,
	    .type = KT_WARN,
	    .flags = KF_HOST,
	    .warn = "graceful_shutdown.local_pref: not used by rsguard: the "
		    "BGP daemon sets it",
	    .doc = "set by the BGP daemon" },
	{ .name = NULL },
};

static const struct cfg_key rpki_roas_keys[] = {
	{ .name = "source",
	    .scope = KS_GENERAL,
	    .type = KT_WARN,
	    .flags = KF_WARNS,
	    .warn = "rpki_roas.source: not used by rsguard: rsguard reads "
		    "VRPs from sources.vrps",
	    .doc = "rsguard reads sources.vrps and sources.rtr" },
	{ .name = "ripe_rpki_validator_url",
	    .scope = KS_GENERAL,
	    .type = KT_WARN,
	    .flags = KF_WARNS,
	    .warn = "rpki_roas.ripe_rpki_validator_url: not used by rsguard: "
		    "rsguard reads VRPs from sources.vrps",
	    .doc = "rsguard reads sources.vrps and sources.rtr" },
	{ .name = "allowed_trust_anchors",
	    .scope = KS_GENERAL,
	    .type = KT_STR_LIST_WS,
	    CFG(allowed_tas),
	    .def = "all",
	    .doc = "use the VRPs of these trust anchors only" },
	{ .name = "ignore_cache_files_older_than",
	    .scope = KS_GENERAL,
	    .type = KT_UINT,
	    CFG(rpki_max_age),
	    .max = UINT32_MAX,
	    .def = "21600",
	    .doc = "refuse older VRP files, seconds (0: any)" },
	{ .name = "check_expires",
	    .scope = KS_GENERAL,
	    .type = KT_BOOL,
	    .flags = KF_RSG,
	    CFG(rpki_check_expires),
	    .def = "true",
	    .doc = "drop VRPs and ASPAs past their expires" },
	{ .name = NULL },
};

/* cfg: the general section, and a client's cfg (scope KS_CLIENT) */
static const struct cfg_key general_keys[] = {
	{ .name = "rs_as",
	    .scope = KS_GENERAL,
	    .type = KT_ASN,
	    .flags = KF_EARLY,
	    CFG(rs_as),
	    .doc = "the route server's ASN (required)" },
	DAEMON("router_id", KS_GENERAL),
	DAEMON("prepend_rs_as", KS_BOTH),
	DAEMON("path_hiding", KS_GENERAL),
	DAEMON("passive", KS_BOTH),
	DAEMON("multihop", KS_BOTH),
	DAEMON("gtsm", KS_BOTH),
	DAEMON("add_path", KS_BOTH),
	{ .name = "rfc8950",
	    .scope = KS_BOTH,
	    .type = KT_BOOL,
	    KNOB(rfc8950),
	    .def = "false",
	    .doc = "IPv4 routes with an IPv6 next hop, RFC 8950" },
	{ .name = "filtering",
	    .scope = KS_BOTH,
	    .type = KT_SECTION,
	    .sub = filtering_keys,
	    .what = "filtering",
	    .cwhat = "client filtering",
	    .doc = "the checks" },
	{ .name = "rpki_roas",
	    .scope = KS_GENERAL,
	    .type = KT_SECTION,
	    .sub = rpki_roas_keys,
	    .what = "rpki_roas",
	    .doc = "which VRPs are used" },
	{ .name = "blackhole_filtering",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_blackhole,
	    .tdoc = "mapping",
	    .doc = "RFC 7999: policy_ipv4/6, rewrite_next_hop_ipv4/6, "
		   "announce_to_client, add_noexport" },
	{ .name = "graceful_shutdown",
	    .scope = KS_BOTH,
	    .type = KT_SECTION,
	    .sub = gshut_keys,
	    .what = "graceful_shutdown",
	    .doc = "GRACEFUL_SHUTDOWN" },
	DAEMON("rfc1997_wellknown_communities", KS_GENERAL),
	DAEMON("rtt_thresholds", KS_GENERAL),
	{ .name = "communities",
	    .scope = KS_GENERAL,
	    .type = KT_CUSTOM,
	    .fn = fn_communities,
	    .tdoc = "mapping",
	    .doc = "arouteserver's community functions, std/ext/lrg" },
	{ .name = "custom_communities",
	    .scope = KS_GENERAL,
	    .type = KT_CUSTOM,
	    .fn = fn_customs,
	    .tdoc = "mapping",
	    .doc = "named communities clients attach" },
	{ .name = "info_communities",
	    .scope = KS_GENERAL,
	    .type = KT_BOOL,
	    .flags = KF_RSG,
	    CFG(info_communities),
	    .def = "true",
	    .doc = "informational RS:1000/1001/1002 communities" },
	{ .name = "attach_custom_communities",
	    .scope = KS_CLIENT,
	    .type = KT_CUSTOM,
	    .fn = fn_attach_customs,
	    .tdoc = "list of names",
	    .doc = "custom communities added to the client's routes" },
	DAEMON("custom_options", KS_CLIENT),
	{ .name = NULL },
};

/* one entry of clients: */
static const struct cfg_key client_keys[] = {
	{ .name = "asn",
	    .scope = KS_CLIENT,
	    .type = KT_CUSTOM,
	    .fn = fn_client_asn,
	    .tdoc = "ASN",
	    .doc = "the client's ASN (required)" },
	{ .name = "ip",
	    .scope = KS_CLIENT,
	    .type = KT_CUSTOM,
	    .fn = fn_client_ip,
	    .tdoc = "address or address list",
	    .doc = "its session addresses, one or a list (required)" },
	{ .name = "description",
	    .scope = KS_CLIENT,
	    .type = KT_CUSTOM,
	    .fn = fn_description,
	    .tdoc = "string",
	    .doc = "free text" },
	{ .name = "password",
	    .scope = KS_CLIENT,
	    .type = KT_NOP,
	    .flags = KF_HOST,
	    .doc = "the BGP session's (ignored)" },
	{ .name = "16bit_mapped_asn",
	    .scope = KS_CLIENT,
	    .type = KT_CUSTOM,
	    .fn = fn_mapped_asn,
	    .tdoc = "64512..65534",
	    .doc = "64512..65534 for a 32-bit ASN in std communities" },
	{ .name = "cfg",
	    .scope = KS_CLIENT,
	    .type = KT_SECTION,
	    .sub = general_keys,
	    .what = "client cfg",
	    .doc = "the client's own settings" },
	{ .name = NULL },
};

/* ------------------------------------------------------------------ */
/* sources (rsguard)                                                   */
/* ------------------------------------------------------------------ */

static void
fn_src_rtr(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	/* one mapping stands for a list of itself */
	size_t cnt = is_map(v) ? 1 : list_len(p, v, "sources.rtr");

	(void)k;
	(void)lv;
	p->ncaches += cnt;
	for (size_t i = 0; i < cnt && !p->nomem; i++)
		parse_rtr_cache(p, is_map(v) ? v : list_at(p, v, i));
}

static void
fn_src_timers(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)lv;
	if (is_map(v))
		p->timers = k;
	parse_rtr_timers(p, v);
}

static void
fn_src_shrink(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	(void)lv;
	parse_max_shrink(p, v);
}

static void
fn_src_vrps(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	/* one {file, format} stands for a list of itself */
	size_t cnt = is_map(v) ? 1 : list_len(p, v, "sources.vrps");

	(void)k;
	(void)lv;
	for (size_t i = 0; i < cnt && !p->nomem; i++)
		parse_vrp_source(p, is_map(v) ? v : list_at(p, v, i));
}

static void
fn_src_aspa(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	(void)lv;
	get_path_list(p, v, "sources.aspa", &p->cfg->aspa_files);
}

static void
fn_src_slurm(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	(void)lv;
	get_path_list(p, v, "sources.slurm", &p->cfg->slurm_files);
}

static void
fn_src_irr(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	(void)lv;
	get_path_list(p, v, "sources.irr", &p->cfg->irr_files);
}

static void
fn_src_bgpq4(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	(void)lv;
	get_path_list(p, v, "sources.bgpq4", &p->cfg->bgpq4_files);
}

static void
fn_src_irr_sources(
    struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	(void)lv;
	get_str_list(p, v, "sources.irr_sources", false, &p->cfg->irr_sources);
	if (p->cfg->irr_sources.n > IRR_MAX_SOURCES)
		perr(p, v, "sources.irr_sources: at most %d sources",
		    IRR_MAX_SOURCES);
}

/* sources.irr_whois.servers: "host", "host:port", "[v6]:port" or
 * {host, port}. */
static void
fn_whois_servers(
    struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	const char *key = "sources.irr_whois.servers";
	size_t n = list_len(p, v, key);

	(void)k;
	(void)lv;
	for (size_t i = 0; i < n && !p->nomem; i++) {
		yaml_node_t *it = list_at(p, v, i), *hk, *hv, *h = NULL,
			    *pt = NULL;
		struct cfg_whois_server sv = { NULL, 43 };
		char buf[300], *colon;
		const char *s;
		uint64_t port = 43;

		if (is_map(it)) {
			check_dups(p, it, key);
			for (size_t pr = 0; next_pair(p, it, &pr, &hk, &hv);) {
				if (str_eq(hk, "host"))
					h = hv;
				else if (str_eq(hk, "port"))
					pt = hv;
				else
					unknown(p, hk, key);
			}
			if (is_null(h) || (s = get_str(p, h, "host")) == NULL) {
				perr(p, it, "%s: host is required", key);
				continue;
			}
			if (!is_null(pt)
			    && !get_uint(p, pt, "port", 1, 65535, &port))
				continue;
			snprintf(buf, sizeof(buf), "%s", s);
		} else if ((s = get_str(p, it, key)) != NULL) {
			snprintf(buf, sizeof(buf), "%s", s);
			if (buf[0] == '[' && strchr(buf, ']') != NULL) {
				char *e = strchr(buf, ']');

				*e = '\0';
				memmove(buf, buf + 1, strlen(buf + 1) + 1);
				colon = e[1] == ':' ? e + 1 : NULL;
			} else {
				colon = strchr(buf, ':');
				if (colon != NULL
				    && strchr(colon + 1, ':') != NULL)
					colon = NULL; /* an IPv6 address */
			}
			if (colon != NULL) {
				char *end;

				port = strtoull(colon + 1, &end, 10);
				if (*end != '\0' || port < 1 || port > 65535) {
					perr(p, it, "%s: '%s': bad port", key,
					    s);
					continue;
				}
				*colon = '\0';
			}
		} else {
			continue;
		}
		if (buf[0] == '\0' || strlen(buf) > 255) {
			perr(p, it, "%s: bad host", key);
			continue;
		}
		sv.port = (uint16_t)port;
		if ((sv.host = rsg__strdup(buf)) == NULL
		    || VEC_PUSH(&p->cfg->whois.servers, sv) != 0) {
			rsg__free(sv.host);
			p->nomem = true;
		}
	}
}

static void
fn_src_arin(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	(void)lv;
	set_path(p, v, "sources.arin_whois", &p->cfg->arin_whois_file);
}

static void
fn_src_pdb(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	(void)lv;
	set_path(p, v, "sources.peeringdb", &p->cfg->peeringdb_file);
}

static void
fn_src_bogons4(
    struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	(void)lv;
	set_path(p, v, "sources.bogons.ipv4", &p->cfg->bogons_v4_file);
}

static void
fn_src_bogons6(
    struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	(void)lv;
	set_path(p, v, "sources.bogons.ipv6", &p->cfg->bogons_v6_file);
}

static void
post_sources(struct parse *p, yaml_node_t *n, struct level *lv)
{
	(void)n;
	(void)lv;
	if (p->nomem)
		return;
	check_dup_rtrs(p);
	if (p->timers != NULL && p->ncaches == 0)
		pwarn(p, p->timers,
		    "sources.rtr_timers: not used: no RTR cache in "
		    "sources.rtr");
}

static const struct cfg_key src_bogons_keys[] = {
	{ .name = "ipv4",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_src_bogons4,
	    .tdoc = "path",
	    .def = "the built-in list",
	    .doc = "IPv4 bogons, one prefix a line (fullbogons)" },
	{ .name = "ipv6",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_src_bogons6,
	    .tdoc = "path",
	    .def = "the built-in list",
	    .doc = "IPv6 bogons, one prefix a line" },
	{ .name = NULL },
};

static const struct cfg_key whois_keys[] = {
	{ .name = "servers",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_whois_servers,
	    .tdoc = "list of host, host:port or {host, port}",
	    .def = "none",
	    .doc = "IRRd servers, in failover order" },
	{ .name = "refresh",
	    .scope = KS_BOTH,
	    .type = KT_UINT,
	    CFG(whois.refresh),
	    .min = 1,
	    .max = 604800,
	    .label = "sources.irr_whois.refresh",
	    .def = "43200 (arouteserver's 12 h)",
	    .doc = "seconds between fetches" },
	{ .name = "timeout",
	    .scope = KS_BOTH,
	    .type = KT_UINT,
	    CFG(whois.timeout),
	    .min = 1,
	    .max = 3600,
	    .label = "sources.irr_whois.timeout",
	    .def = "30",
	    .doc = "seconds without an answer before a query fails over" },
	{ .name = "retries",
	    .scope = KS_BOTH,
	    .type = KT_UINT,
	    CFG(whois.retries),
	    .max = 10,
	    .label = "sources.irr_whois.retries",
	    .def = "2",
	    .doc = "resends of a failed query, to the next server" },
	{ .name = "connections",
	    .scope = KS_BOTH,
	    .type = KT_UINT,
	    CFG(whois.connections),
	    .min = 1,
	    .max = 64,
	    .label = "sources.irr_whois.connections",
	    .def = "4",
	    .doc = "connections at once" },
	{ .name = "max_shrink",
	    .scope = KS_BOTH,
	    .type = KT_UINT,
	    CFG(whois.max_shrink),
	    .max = 100,
	    .label = "sources.irr_whois.max_shrink",
	    .def = "50",
	    .doc = "a set losing more than N % of its ASNs is held back "
		   "(100: never)" },
	{ .name = "confirm",
	    .scope = KS_BOTH,
	    .type = KT_STR_LIST,
	    CFG(whois.confirm),
	    .label = "sources.irr_whois.confirm",
	    .def = "none",
	    .doc = "held-back sets to let through" },
	{ .name = NULL },
};

static const struct cfg_key sources_keys[] = {
	{ .name = "irr_whois",
	    .scope = KS_BOTH,
	    .type = KT_SECTION,
	    .sub = whois_keys,
	    .what = "sources.irr_whois",
	    .doc = "IRRd servers asked for the clients' AS-SETs and route "
		   "objects" },
	{ .name = "vrps",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_src_vrps,
	    .tdoc = "path list, or {file, format}",
	    .def = "none",
	    .doc = "VRP files: path or {file, format: auto|json|csv}" },
	{ .name = "aspa",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_src_aspa,
	    .tdoc = "path list",
	    .def = "none",
	    .doc = "ASPA JSON files" },
	{ .name = "slurm",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_src_slurm,
	    .tdoc = "path list",
	    .def = "none",
	    .doc = "SLURM files, RFC 8416" },
	{ .name = "irr",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_src_irr,
	    .tdoc = "path list",
	    .def = "none",
	    .doc = "IRR objects as RPSL: dumps (ripe.db.route, radb.db), "
		   "whois output" },
	{ .name = "bgpq4",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_src_bgpq4,
	    .tdoc = "path list",
	    .def = "none",
	    .doc = "bgpq4 -j output: prefix lists (-4, -6) and ASN lists "
		   "(-t) named (-l) as the clients' AS-SETs" },
	{ .name = "irr_sources",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_src_irr_sources,
	    .tdoc = "list of names",
	    .def = "every source, in the order met",
	    .doc = "IRR sources in order of preference (bgpq4 -S); only "
		   "these count" },
	{ .name = "arin_whois",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_src_arin,
	    .tdoc = "path",
	    .def = "none",
	    .doc = "ARIN bulk whois originas JSON "
		   "(irrdb.use_arin_bulk_whois_data)" },
	{ .name = "peeringdb",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_src_pdb,
	    .tdoc = "path",
	    .def = "none",
	    .doc = "PeeringDB /api/net JSON" },
	{ .name = "bogons",
	    .scope = KS_BOTH,
	    .type = KT_SECTION,
	    .sub = src_bogons_keys,
	    .what = "sources.bogons",
	    .doc = "bogon files replacing a family's list" },
	{ .name = "rtr",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_src_rtr,
	    .tdoc = "list of caches",
	    .def = "none",
	    .doc = "RTR caches: {host, port, preference, bind, transport, "
		   "ssh}" },
	{ .name = "rtr_timers",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_src_timers,
	    .tdoc = "mapping",
	    .def = "3600, 600, 7200, from the cache",
	    .doc = "{refresh, retry, expire, from_cache}, RFC 8210" },
	{ .name = "refresh",
	    .scope = KS_BOTH,
	    .type = KT_UINT,
	    CFG(file_refresh),
	    .max = 604800,
	    .label = "sources.refresh",
	    .def = "600",
	    .doc = "read the files again every N s (0: on "
		   "change only)" },
	{ .name = "max_shrink",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_src_shrink,
	    .tdoc = "0..100, or \"N%\"",
	    .def = "50",
	    .doc = "refuse a refresh losing more than N % (100: off)" },
	{ .name = NULL },
};

/* ------------------------------------------------------------------ */
/* The top level                                                       */
/* ------------------------------------------------------------------ */

static void
fn_top_general(
    struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)lv;
	if (p->gkey != NULL && !str_eq(k, sval(p->gkey)))
		perr(p, k, "'%s' and '%s' are the same section; give only one",
		    sval(k), sval(p->gkey));
	else if (p->gkey == NULL) {
		p->gkey = k;
		p->gen = v;
	}
}

static void
fn_top_asns(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	(void)lv;
	p->asns_n = v;
}

static void
fn_top_clients(
    struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	(void)lv;
	p->clients_n = v;
}

static void
fn_top_sources(
    struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	(void)lv;
	p->sources_n = v;
}

static void
fn_top_bogons(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	(void)lv;
	get_pfx_list(p, v, "bogons", &p->cfg->bogons);
	p->cfg->bogons_given = true;
}

static void
fn_asn_sets(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	(void)lv;
	get_str_list(p, v, "as_sets", false, p->cur_sets);
}

static const struct cfg_key asn_keys[] = {
	{ .name = "as_sets",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_asn_sets,
	    .tdoc = "string list",
	    .def = "none",
	    .doc = "AS-SETs of the clients of this AS that give none" },
	{ .name = NULL },
};

static void
fn_top_ixf(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	(void)lv;
	p->ixf_n = v;
}

static void
fn_ixf_file(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	(void)lv;
	set_path(p, v, "clients_from_euroix.file", &p->cfg->ixf_file);
}

static const struct cfg_key ixf_keys[] = {
	{ .name = "file",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_ixf_file,
	    .tdoc = "path",
	    .doc = "the IX-F member export JSON, schema 1.0 (required)" },
	{ .name = "ixp_id",
	    .scope = KS_BOTH,
	    .type = KT_UINT,
	    CFG(ixf_ixp),
	    .min = 1,
	    .max = UINT32_MAX,
	    .label = "clients_from_euroix.ixp_id",
	    .doc = "the IXP of ixp_list whose members are clients "
		   "(required)" },
	{ .name = "vlan_id",
	    .scope = KS_BOTH,
	    .type = KT_UINT,
	    CFG(ixf_vlan),
	    .max = 4095,
	    .label = "clients_from_euroix.vlan_id",
	    .def = "every VLAN",
	    .doc = "only addresses on this VLAN" },
	{ .name = "routeserver_only",
	    .scope = KS_BOTH,
	    .type = KT_BOOL,
	    CFG(ixf_rs_only),
	    .label = "clients_from_euroix.routeserver_only",
	    .def = "false",
	    .doc = "leave out addresses whose routeserver is false" },
	{ .name = NULL },
};

/* Read in parse_root()'s order, whatever the order in the file. */
static void
fn_lg_address(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	struct rsg_ip ip;

	(void)k;
	(void)lv;
	if (!get_ip(p, v, "looking_glass.address", &ip))
		return;
	rsg__free(p->cfg->lg.address);
	p->cfg->lg.address =
	    rsg__strdup(get_str(p, v, "looking_glass.address"));
}

static void
fn_lg_socket(struct parse *p, yaml_node_t *k, yaml_node_t *v, struct level *lv)
{
	(void)k;
	(void)lv;
	set_path(p, v, "looking_glass.bird_socket", &p->cfg->lg.bird_socket);
}

static const struct cfg_key lg_keys[] = {
	{ .name = "address",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_lg_address,
	    .tdoc = "IP address",
	    .def = "127.0.0.1",
	    .doc = "the address rsguard lg listens on (loopback unless set)" },
	{ .name = "port",
	    .scope = KS_BOTH,
	    .type = KT_UINT,
	    CFG(lg.port),
	    .min = 1,
	    .max = 65535,
	    .label = "looking_glass.port",
	    .def = "29184 (birdwatcher's)",
	    .doc = "its TCP port" },
	{ .name = "bird_socket",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_lg_socket,
	    .tdoc = "path",
	    .def = "/run/bird/lg.ctl",
	    .doc = "BIRD's control socket for it: cli \"...\" { restrict; }" },
	{ .name = "ttl",
	    .scope = KS_BOTH,
	    .type = KT_UINT,
	    CFG(lg.ttl),
	    .min = 1,
	    .max = 86400,
	    .label = "looking_glass.ttl",
	    .def = "60",
	    .doc = "seconds an answer may be cached (its \"ttl\")" },
	{ .name = "bird_connections",
	    .scope = KS_BOTH,
	    .type = KT_UINT,
	    CFG(lg.bird_conns),
	    .min = 1,
	    .max = 16,
	    .label = "looking_glass.bird_connections",
	    .def = "2",
	    .doc = "BIRD commands at once; more requests wait" },
	{ .name = "rate_limit",
	    .scope = KS_BOTH,
	    .type = KT_UINT,
	    CFG(lg.rate_limit),
	    .max = 1000000,
	    .label = "looking_glass.rate_limit",
	    .def = "300",
	    .doc = "requests a minute from one address (0: no limit)" },
	{ .name = "max_routes",
	    .scope = KS_BOTH,
	    .type = KT_UINT,
	    CFG(lg.max_routes),
	    .min = 1,
	    .max = 100000000,
	    .label = "looking_glass.max_routes",
	    .def = "2000000",
	    .doc = "routes in one answer; pages (?page=) for more" },
	{ .name = "timeout",
	    .scope = KS_BOTH,
	    .type = KT_UINT,
	    CFG(lg.timeout),
	    .min = 1,
	    .max = 3600,
	    .label = "looking_glass.timeout",
	    .def = "120",
	    .doc = "seconds of BIRD's silence before an answer fails" },
	{ .name = "connections",
	    .scope = KS_BOTH,
	    .type = KT_UINT,
	    CFG(lg.connections),
	    .min = 1,
	    .max = 4096,
	    .label = "looking_glass.connections",
	    .def = "64",
	    .doc = "HTTP connections at once" },
	{ .name = NULL },
};

static const struct cfg_key top_keys[] = {
	{ .name = "cfg",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_top_general,
	    .sub = general_keys,
	    .doc = "the general policy (arouteserver's general.yml)" },
	{ .name = "general",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .flags = KF_RSG,
	    .fn = fn_top_general,
	    .sub = general_keys,
	    .doc = "the same as cfg" },
	{ .name = "asns",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_top_asns,
	    .sub = asn_keys,
	    .doc = "AS<n>: per-AS settings (clients.yml)" },
	{ .name = "clients",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_top_clients,
	    .sub = client_keys,
	    .doc = "the route server's clients (clients.yml)" },
	{ .name = "bogons",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .fn = fn_top_bogons,
	    .tdoc = "prefix list",
	    .def = "the built-in lists",
	    .doc = "bogon prefixes (bogons.yml), replacing the built-in" },
	{ .name = "clients_from_euroix",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .flags = KF_RSG,
	    .fn = fn_top_ixf,
	    .sub = ixf_keys,
	    .doc = "more clients, from an IX-F member export (as "
		   "arouteserver clients-from-euroix)" },
	{ .name = "sources",
	    .scope = KS_BOTH,
	    .type = KT_CUSTOM,
	    .flags = KF_RSG,
	    .fn = fn_top_sources,
	    .sub = sources_keys,
	    .doc = "the data files and RTR caches" },
	{ .name = "looking_glass",
	    .scope = KS_BOTH,
	    .type = KT_SECTION,
	    .flags = KF_RSG,
	    .sub = lg_keys,
	    .what = "looking_glass",
	    .doc = "rsguard lg, the looking glass daemon" },
	{ .name = NULL },
};

const struct cfg_key *const rsg__cfg_top_keys = top_keys;
const struct cfg_key *const rsg__cfg_general_keys = general_keys;

/* ------------------------------------------------------------------ */
/* general, asns, clients                                              */
/* ------------------------------------------------------------------ */

/*
 * clients_from_euroix: one client per address of the export, with the
 * general policy, the member's name, its as_macro as AS-SET and its
 * max_prefix as the limit of the address's family (as arouteserver's
 * clients-from-euroix makes them). A copy reads the text the original
 * read, so that both hold the same clients.
 */
static void
import_ixf(struct parse *p, yaml_node_t *n)
{
	struct rsg_config *cfg = p->cfg;
	struct level lv = { &cfg->k, &p->gx, NULL, &cfg->gen_set };
	struct ixf_select sel;
	struct ixf_vec v = { 0 };
	struct rsg_error err;
	size_t nerr = cfg->errors.n;
	int rc;

	cfg->ixf_vlan = -1;
	walk(p, n, ixf_keys, &lv, "clients_from_euroix");
	if (!is_map(n) || cfg->errors.n != nerr)
		return;
	if (cfg->ixf_file == NULL || cfg->ixf_ixp == 0) {
		perr(p, n, "clients_from_euroix: %s is required",
		    cfg->ixf_file == NULL ? "file" : "ixp_id");
		return;
	}
	if (cfg->ixf_text == NULL) {
		rc = rsg__file_slurp(cfg->ixf_file, FILE_MAX, &cfg->ixf_text,
		    &cfg->ixf_len, &err);
		if (rc == RSG_ENOMEM) {
			p->nomem = true;
			return;
		}
		if (rc != 0) {
			perr(p, n, "clients_from_euroix: %s",
			    rsg__err_text(&err, cfg->ixf_file));
			return;
		}
	}
	sel.ixp_id = cfg->ixf_ixp;
	sel.vlan_id = cfg->ixf_vlan;
	sel.routeserver_only = cfg->ixf_rs_only;
	rc = rsg__ixf_parse(
	    cfg->ixf_file, cfg->ixf_text, cfg->ixf_len, &sel, &v, &err);
	if (rc == RSG_ENOMEM) {
		p->nomem = true;
		goto out;
	}
	if (rc != 0) {
		perr(p, n, "clients_from_euroix: %s", err.message);
		goto out;
	}
	if (v.version != NULL && strcmp(v.version, "1.0") != 0
	    && strcmp(v.version, "0.7") != 0 && strcmp(v.version, "0.6") != 0)
		pwarn(p, n,
		    "clients_from_euroix: %s: schema version '%.16s' was not "
		    "tested (1.0, 0.7 and 0.6 were)",
		    cfg->ixf_file, v.version);
	for (size_t i = 0; i < v.n && !p->nomem; i++) {
		struct ixf_client *x = &v.v[i];
		struct cfg_client c;
		struct ipseen s = { x->ip, nline(n), ncol(n), p->ips.n };

		memset(&c, 0, sizeof(c));
		c.k = cfg->k;
		c.asn = x->asn;
		c.line = nline(n);
		c.description = x->name;
		x->name = NULL;
		if (x->max_prefix != 0 && x->ip.afi == RSG_AFI_IPV4) {
			c.k.max_prefix_v4 = x->max_prefix;
			memset(&c.set.b[offsetof(struct knobs, max_prefix_v4)],
			    KSET_IXF, sizeof(c.k.max_prefix_v4));
		} else if (x->max_prefix != 0) {
			c.k.max_prefix_v6 = x->max_prefix;
			memset(&c.set.b[offsetof(struct knobs, max_prefix_v6)],
			    KSET_IXF, sizeof(c.k.max_prefix_v6));
		}
		if (VEC_PUSH(&c.ips, x->ip) != 0
		    || (x->as_macro != NULL
			&& (c.as_sets_src = SRC_IXF,
			    str_vec_push(&c.as_sets, x->as_macro) != 0))
		    || VEC_PUSH(&p->ips, s) != 0
		    || VEC_PUSH(&cfg->clients, c) != 0) {
			client_free(&c);
			p->nomem = true;
		}
	}
out:
	rsg__ixf_vec_free(&v);
}

static void
parse_general(struct parse *p, yaml_node_t *n, const char *gname)
{
	struct level lv = { &p->cfg->k, &p->gx, NULL, &p->cfg->gen_set };
	yaml_node_t *k, *v, *rs = NULL;

	if (is_null(n) || n->type != YAML_MAPPING_NODE) {
		if (is_null(n))
			perr(p, n, "%s: rs_as is required", gname);
		else
			perr(p, n, "%s: expected a mapping", gname);
		return;
	}
	for (size_t pr = 0; next_pair(p, n, &pr, &k, &v);) {
		if (str_eq(k, "rs_as"))
			rs = v;
	}
	if (is_null(rs))
		perr(p, rs != NULL ? rs : n, "%s: rs_as is required", gname);
	walk(p, n, general_keys, &lv, gname);
	/* never_via_route_servers without a source: the check is off */
	if (!p->cfg->never_via_rs_pdb && p->cfg->never_via_rs.n == 0)
		p->cfg->k.mode[RSG_R_NEVER_VIA_RS] = RSG_MODE_OFF;
}

static void
parse_asns(struct parse *p, yaml_node_t *n)
{
	struct level lv = { &p->cfg->k, &p->gx, NULL, &p->cfg->gen_set };
	yaml_node_t *k, *v;

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
		p->cur_sets = &e.sets;
		walk(p, v, asn_keys, &lv, "asns entry");
		p->cur_sets = NULL;
		if (VEC_PUSH(&p->asns, e) != 0) {
			rsg__str_vec_free(&e.sets);
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
	struct level lv = { &c.k, &x, &c, &c.set };

	memset(&c, 0, sizeof(c));
	c.k = p->cfg->k;
	c.line = nline(n);
	if (!is_map(n)) {
		perr(p, n, "clients: each client must be a mapping");
		return;
	}
	p->cl_asn = p->cl_ip = NULL;
	walk(p, n, client_keys, &lv, "client");
	if (is_null(p->cl_asn))
		perr(p, p->cl_asn != NULL ? p->cl_asn : n,
		    "client: asn is required");
	else
		get_asn(p, p->cl_asn, "asn", &c.asn);
	if (is_null(p->cl_ip))
		perr(p, p->cl_ip != NULL ? p->cl_ip : n,
		    "client: ip is required");
	else
		client_ips(p, p->cl_ip, &c);
	if (c.as_sets.n > 0)
		c.as_sets_src = SRC_CLIENT;
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

static void
parse_root(struct parse *p)
{
	yaml_node_t *root = yaml_document_get_root_node(&p->doc);
	struct level lv = { &p->cfg->k, &p->gx, NULL, &p->cfg->gen_set };

	if (is_null(root)) {
		perr_at(p, 1, 1,
		    "empty configuration: the cfg section with "
		    "rs_as is required");
		return;
	}
	if (root->type != YAML_MAPPING_NODE) {
		perr(p, root,
		    "expected a mapping at the top level (cfg, "
		    "clients, asns, bogons, sources)");
		return;
	}
	walk(p, root, top_keys, &lv, "the top level");
	if (p->gkey == NULL)
		perr(p, root,
		    "the cfg (or general) section with rs_as is "
		    "required");
	else
		parse_general(p, p->gen, sval(p->gkey));
	if (p->nomem)
		return;
	if (p->asns_n != NULL)
		parse_asns(p, p->asns_n);
	if ((p->clients_n != NULL || p->ixf_n != NULL) && !p->nomem)
		parse_clients(p, p->clients_n);
	if (!p->nomem)
		inherit_as_sets(p);
	if (p->sources_n != NULL && !p->nomem) {
		walk(p, p->sources_n, sources_keys, &lv, "sources");
		post_sources(p, p->sources_n, &lv);
	}
}

/* ------------------------------------------------------------------ */
/* Document                                                            */
/* ------------------------------------------------------------------ */

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
		if (rc == 0)
			rc = rsg__config_expand_includes(cfg);
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
		if (rc == 0 && src->ixf_text != NULL) {
			dst->ixf_text =
			    rsg__strndup(src->ixf_text, src->ixf_len);
			if (dst->ixf_text == NULL)
				rc = RSG_ENOMEM;
			else
				dst->ixf_len = src->ixf_len;
		}
		for (size_t i = 0; rc == 0 && i < src->segs.n; i++) {
			struct cfg_segment sg = src->segs.v[i];

			sg.name = rsg__strdup(sg.name);
			if (sg.name == NULL || VEC_PUSH(&dst->segs, sg) != 0) {
				rsg__free(sg.name);
				rc = RSG_ENOMEM;
			}
		}
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
