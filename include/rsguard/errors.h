/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Error codes of librsguard. Every fallible call returns 0 on success or
 * one of the negative RSG_E* values below; validation outcomes (RPKI
 * invalid, a failed MANRS check) are never errors.
 */
#ifndef RSGUARD_ERRORS_H
#define RSGUARD_ERRORS_H

/*
 * RSG_ERRNO_MAP(XX) lists every error once: XX(name, message). The enum
 * and rsg_strerror()/rsg_err_name() are generated from it. A code's value
 * is its position here: new codes are appended, never inserted.
 */
#define RSG_ERRNO_MAP(XX)                                                      \
	XX(NOMEM, "out of memory")                                             \
	XX(INVAL, "invalid argument")                                          \
	XX(IO, "I/O error")                                                    \
	XX(PARSE, "malformed input")                                           \
	XX(CONFIG, "invalid configuration")                                    \
	XX(STALE, "data older than the configured limit")                      \
	XX(EMPTY, "data source holds no usable records")                       \
	XX(RANGE, "value out of range")                                        \
	XX(NOENT, "no such object")                                            \
	XX(BADROUTE, "malformed route") /* no longer returned */               \
	XX(NOSPC, "buffer too small")                                          \
	XX(NODATA, "no snapshot published yet")                                \
	XX(BUSY, "resource busy")                                              \
	XX(AGAIN, "try again")                                                 \
	XX(NOTSUP, "operation not supported")                                  \
	XX(BADPREFIX, "malformed prefix: not canonical or wrong length")       \
	XX(BADPATH, "malformed AS_PATH")                                       \
	XX(BADADDR, "malformed or v4-mapped address")                          \
	XX(NOCLIENT, "no client with this peer address and ASN")

/** Error codes, all negative. */
enum rsg_errno {
	RSG_OK = 0,
#define RSG__ERR_ENUM(name, msg) RSG_E##name,
	RSG__ERR_FIRST = -64,
	RSG_ERRNO_MAP(RSG__ERR_ENUM)
#undef RSG__ERR_ENUM
	    RSG__ERR_LAST
};

#endif /* RSGUARD_ERRORS_H */
