/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the rpki suite is being written. */
#include "config.h"

#include "suites.h"

Suite *
rpki_suite(void)
{
	return suite_create("rpki");
}
