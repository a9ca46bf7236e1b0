/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the roa suite is being written. */
#include "config.h"

#include "suites.h"

Suite *
roa_suite(void)
{
	return suite_create("roa");
}
