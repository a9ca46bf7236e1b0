/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the plist suite is being written. */
#include "config.h"

#include "suites.h"

Suite *
plist_suite(void)
{
	return suite_create("plist");
}
