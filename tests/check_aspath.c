/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the aspath suite is being written. */
#include "config.h"

#include "suites.h"

Suite *
aspath_suite(void)
{
	return suite_create("aspath");
}
