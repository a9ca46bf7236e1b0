/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Fuzz target: BIRD's control socket replies as rsguard lg reads them
 * (tools/lg_bird.c): the reply protocol's lines, then the parsers of
 * `show route ... all` (whose attributes BGP peers choose), `show
 * protocols all` and `show status`. Every field stays NUL-terminated
 * within its array, every count within its bound.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "../../tools/lg_bird.h"
#include "fuzz.h"

static void
bounded(const char *s, size_t cap)
{
	if (memchr(s, '\0', cap) == NULL)
		abort();
}

static int
route_cb(void *arg, const struct lg_route *r)
{
	(void)arg;
	bounded(r->net, sizeof(r->net));
	bounded(r->proto, sizeof(r->proto));
	bounded(r->since, sizeof(r->since));
	bounded(r->from, sizeof(r->from));
	bounded(r->gateway, sizeof(r->gateway));
	bounded(r->iface, sizeof(r->iface));
	bounded(r->origin, sizeof(r->origin));
	bounded(r->next_hop, sizeof(r->next_hop));
	bounded(r->path_text, sizeof(r->path_text));
	if (r->npath > LG_PATH_MAX || r->ncomm > LG_COMM_MAX
	    || r->nlarge > LG_COMM_MAX || r->next > LG_COMM_MAX)
		abort();
	for (size_t i = 0; i < r->next; i++) {
		bounded(r->ext_kind[i], sizeof(r->ext_kind[i]));
		bounded(r->ext_a[i], sizeof(r->ext_a[i]));
		bounded(r->ext_b[i], sizeof(r->ext_b[i]));
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_route_parser *p = malloc(sizeof(*p));
	struct lg_protocols protos = { 0 };
	struct lg_status st;
	char *buf = malloc(size + 1), *line, *save = NULL;
	int last = 0;

	if (p == NULL || buf == NULL)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	memset(&st, 0, sizeof(st));
	lg_route_parser_init(p, route_cb, NULL);
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		const char *text;
		int code;

		if (lg_reply_line(line, &last, &code, &text) < 0)
			continue;
		lg_route_parser_line(p, code, text);
		if (lg_protocols_line(&protos, code, text) != 0)
			abort();
		lg_status_line(&st, code, text);
	}
	lg_route_parser_finish(p);
	for (size_t i = 0; i < protos.n; i++) {
		bounded(protos.v[i].name, sizeof(protos.v[i].name));
		bounded(
		    protos.v[i].description, sizeof(protos.v[i].description));
		if (protos.v[i].nch > 2)
			abort();
	}
	bounded(st.router_id, sizeof(st.router_id));
	lg_protocols_free(&protos);
	free(p);
	free(buf);
	return 0;
}
