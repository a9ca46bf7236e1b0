/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder: the slurm suite is being written. */
#include "config.h"

#include "suites.h"

Suite *
slurm_suite(void)
{
	return suite_create("slurm");
}
