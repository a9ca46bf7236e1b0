/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the ptab suite is being written. */
#include "config.h"

#include "suites.h"

Suite *
ptab_suite(void)
{
	return suite_create("ptab");
}
