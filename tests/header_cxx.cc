// SPDX-License-Identifier: BSD-2-Clause
// The public header compiles as C++11 with -pedantic -Werror.
#include <rsguard.h>

int
main()
{
	rsg_verdict v = RSG_VERDICT_INIT;
	rsg_verdict w = rsg_verdict();
	struct rsg_prefix p;

	rsg_verdict_init(&w);
	if (rsg_prefix_parse("192.0.2.0/24", &p) != 0)
		return 1;
	if (v.size != sizeof(v) || w.size != sizeof(w) || v.n_details != 0)
		return 1;
	return rsg_verdict_has(&v, RSG_R_RPKI_INVALID) ? 1 : 0;
}
