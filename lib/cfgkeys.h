/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * The schema of rsguard.yml(5): one table of keys (the way Knot DNS
 * describes its configuration). Every key of the file is an entry: its
 * name, where it may be given, its type and bounds, where the value goes,
 * its default and a line of documentation, and what arouteserver makes
 * of it. config.c holds the tables and reads a file against them;
 * cfgdoc.c prints them (rsguard config keys, the man page's KEYS) and
 * explains a loaded configuration with them.
 */
#ifndef RSG_CFGKEYS_H
#define RSG_CFGKEYS_H

#include <stdint.h>
#include <yaml.h>

struct parse; /* config.c: the state of one load */
struct level; /* config.c: the general level or one client's */

/* A value of an enumerated key and what it stands for. */
struct choice {
	const char *name;
	int val;
};

enum key_type {
	KT_SECTION, /* a mapping: the entries of sub */
	KT_BOOL,
	KT_UINT,      /* min..max */
	KT_ENUM,      /* one of choices */
	KT_ASN,       /* 1..4294967295, or "AS<n>" */
	KT_BOOL_MODE, /* true: reject, false: off (mode of check min) */
	KT_ASN_LIST,
	KT_STR_LIST,    /* AS-SETs: no blanks */
	KT_STR_LIST_WS, /* trust anchor names: blanks allowed */
	KT_IP_LIST,
	KT_PFX_LIST,
	KT_CUSTOM, /* fn reads the value */
	KT_WARN,   /* accepted, not used: one warning, warn */
	KT_NOP,    /* accepted and ignored (password) */
};

/* Where a key may be given. */
enum key_scope {
	KS_GENERAL = 1,
	KS_CLIENT = 2,
	KS_BOTH = 3,
};

/* Where a value goes. */
enum key_dst {
	KD_NONE,
	KD_KNOBS,  /* the level's knobs (general or the client's) */
	KD_CFG,    /* the configuration */
	KD_CLIENT, /* the client being read */
};

enum key_flags {
	KF_EARLY = 1,  /* read before the other keys of its mapping */
	KF_LATE = 2,   /* read after them */
	KF_ENABLE = 4, /* a scalar x stands for {enabled: x} (arouteserver) */
	KF_RSG = 8,    /* rsguard's own, not arouteserver's */
	KF_HOST = 16,  /* arouteserver's, a setting of the BGP daemon: warns */
	KF_WARNS = 32, /* arouteserver's, not used (yet): warns */
};

struct cfg_key;
typedef void (*key_fn)(
    struct parse *, yaml_node_t *, yaml_node_t *, struct level *);
typedef void (*post_fn)(struct parse *, yaml_node_t *, struct level *);

struct cfg_key {
	const char *name;
	uint8_t scope, type, dst, flags;
	uint16_t off; /* of the field in the destination */
	uint8_t size; /* of an integer field */
	uint64_t min, max;
	const struct choice *choices;
	const struct cfg_key *sub; /* KT_SECTION; ends with a NULL name */
	key_fn fn;                 /* KT_CUSTOM */
	post_fn post;              /* KT_SECTION: after its keys */
	const char *label;         /* in messages about the value */
	const char *what;          /* KT_SECTION: its name in messages */
	const char *cwhat;         /* ... at the client level */
	const char *where;    /* given at the other level: "where.name is only
			       * allowed in ..." (NULL: unknown key) */
	const char *replaces; /* old spelling: the sibling that replaced it */
	const char *means;    /* ... and what it means there */
	const char *warn;     /* KT_WARN: the message */
	const char *tdoc;     /* KT_CUSTOM: its type, as text */
	const char *def;      /* default, as text; NULL: none */
	const char *doc;      /* one line */
};

/* The top level of the file, and cfg (also a client's cfg). */
extern const struct cfg_key *const rsg__cfg_top_keys;
extern const struct cfg_key *const rsg__cfg_general_keys;

#endif /* RSG_CFGKEYS_H */
