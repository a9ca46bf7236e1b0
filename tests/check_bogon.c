/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the bogon suite is being written. */
#include "config.h"

#include "suites.h"

Suite *
bogon_suite(void)
{
	return suite_create("bogon");
}
