/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared declaration of the fuzz entry point (libFuzzer's signature). */
#ifndef RSG_FUZZ_H
#define RSG_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
