/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the check suite is being written. */
#include "config.h"

#include "suites.h"

Suite *
check_suite(void)
{
	return suite_create("check");
}
