/* SPDX-License-Identifier: BSD-2-Clause */
/* The public header compiles alone as C99 with -pedantic -Werror. */
#include <rsguard.h>

int
main(void)
{
	struct rsg_verdict v = RSG_VERDICT_INIT;
	struct rsg_verdict w;

	rsg_verdict_init(&w);
	v.reasons[0] = 1;
	v.reasons[1] = 0;
	return rsg_verdict_has(&v, RSG_R_PREFIX_TOO_LONG) && v.size == sizeof(v)
		&& w.size == sizeof(w) && v.n_details == 0
		&& rsg_version() != NULL
	    ? 0
	    : 1;
}
