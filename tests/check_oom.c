/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the oom suite is being written. */
#include "config.h"

#include "suites.h"

Suite *
oom_suite(void)
{
	return suite_create("oom");
}
