/* SPDX-License-Identifier: BSD-2-Clause */
/* Placeholder fuzz target. */
#include "config.h"

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)data;
	(void)size;
	return 0;
}
