/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the pfxfile suite is being written. */
#include "config.h"

#include "suites.h"

Suite *
pfxfile_suite(void)
{
	return suite_create("pfxfile");
}
