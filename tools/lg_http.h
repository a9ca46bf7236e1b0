/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * rsguard lg: answering HTTP (cmd_lg.c), and the participant page with
 * the API of its own it reads (lg_page.c).
 */
#ifndef RSG_LG_HTTP_H
#define RSG_LG_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include <microhttpd.h>

#include "lg.h"
#include "lg_json.h"

/* A body (copied) with its type. */
enum MHD_Result lg_send_text(struct MHD_Connection *c, unsigned status,
    const char *type, const char *body, size_t len);
/* {"error": msg} with an HTTP status. */
enum MHD_Result lg_send_error(
    struct MHD_Connection *c, unsigned status, const char *msg);
/* o's JSON with 200 (o freed), or 500 if o ran out of memory. */
enum MHD_Result lg_send_json(struct MHD_Connection *c, struct lg_out *o);
/* A query argument as a number, dflt if absent or no number. */
size_t lg_query_uint(struct MHD_Connection *c, const char *key, size_t dflt);

/* The page's files: "/" (index.html), "/lg.js", "/lg.css". NULL if path
 * is none of them. */
enum MHD_Result lg_page_file(
    struct MHD_Connection *c, const char *path, bool *found);
/* /x/state: the library's generation, BIRD's rsguard protocols and each
 * BGP session's route counts, which the page polls for changes. */
enum MHD_Result lg_page_state(struct lg *lg, struct MHD_Connection *c);
/* /x/codes: the texts of the communities rsguard sets. */
enum MHD_Result lg_page_codes(struct lg *lg, struct MHD_Connection *c);
/* /x/report/P: what session P announces against what the IRR registers
 * for its participant (RFC 7948 §4.3). */
enum MHD_Result lg_page_report(
    struct lg *lg, struct MHD_Connection *c, const char *name);

#endif /* RSG_LG_HTTP_H */
