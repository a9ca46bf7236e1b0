/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * TCP on 127.0.0.1 for the tests and make bench (StayRTR's port).
 */
#ifndef RSG_TEST_LOOPBACK_H
#define RSG_TEST_LOOPBACK_H

#include <stdbool.h>

/* A port nobody listens on right now; -1 if none could be had. */
int lo_free_port(void);
/* Does something accept connections on the port? */
bool lo_port_open(int port);

#endif
