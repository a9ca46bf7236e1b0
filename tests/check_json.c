/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the json suite is being written. */
#include "config.h"

#include "suites.h"

Suite *
json_suite(void)
{
	return suite_create("json");
}
