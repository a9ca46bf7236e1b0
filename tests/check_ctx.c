/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the ctx suite is being written. */
#include "config.h"

#include "suites.h"

Suite *
ctx_suite(void)
{
	return suite_create("ctx");
}
