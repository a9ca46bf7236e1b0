/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the route suite is being written. */
#include "config.h"

#include "suites.h"

Suite *
route_suite(void)
{
	return suite_create("route");
}
