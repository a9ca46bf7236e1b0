/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the config suite is being written. */
#include "config.h"

#include "suites.h"

Suite *
config_suite(void)
{
	return suite_create("config");
}
