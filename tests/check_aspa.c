/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the aspa suite is being written. */
#include "config.h"

#include "suites.h"

Suite *
aspa_suite(void)
{
	return suite_create("aspa");
}
