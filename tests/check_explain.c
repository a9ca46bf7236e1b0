/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the explain suite is being written. */
#include "config.h"

#include "suites.h"

Suite *
explain_suite(void)
{
	return suite_create("explain");
}
