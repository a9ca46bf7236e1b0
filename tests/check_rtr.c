/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the rtr suite is being written. */
#include "config.h"

#include "suites.h"

Suite *
rtr_suite(void)
{
	return suite_create("rtr");
}
