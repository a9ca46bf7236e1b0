/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the addr suite is being written. */
#include "config.h"

#include "suites.h"

Suite *
addr_suite(void)
{
	return suite_create("addr");
}
