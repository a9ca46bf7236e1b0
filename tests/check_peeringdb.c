/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the peeringdb suite is being written. */
#include "config.h"

#include "suites.h"

Suite *
peeringdb_suite(void)
{
	return suite_create("peeringdb");
}
