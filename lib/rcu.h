/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026 The rsguard authors
 *
 * Read-copy-update for the snapshot pointer, on liburcu's "bulletproof"
 * flavour: reader threads register themselves on first use (the host's
 * threads are not ours to register) and it survives the host's fork().
 * Readers never lock or wait; the writer swaps the pointer and waits for a
 * grace period before freeing the old snapshot.
 *
 * The read-side calls are liburcu's exported functions, not its inline
 * (_LGPL_SOURCE) versions: in liburcu 0.13 (Debian bookworm) the inline
 * read lock dereferences a reader record that is less aligned than its
 * type requires, which UndefinedBehaviorSanitizer rightly reports. A call
 * costs a few nanoseconds per check (make bench: check_ns).
 *
 * ThreadSanitizer cannot see liburcu's barriers, so TSan builds tell it
 * about the two happens-before edges explicitly: publication (release on
 * the new snapshot, acquire by readers) and the grace period (every read
 * section ends with a release on the context, the writer acquires it after
 * synchronize_rcu()).
 */
#ifndef RSG_RCU_H
#define RSG_RCU_H

#include <stdint.h>
#include <urcu/urcu-bp.h>

#if defined(__SANITIZE_THREAD__)
#define RSG_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RSG_TSAN 1
#endif
#endif

#ifdef RSG_TSAN
#include <sanitizer/tsan_interface.h>
#define RSG_TSAN_ACQUIRE(p) __tsan_acquire((void *)(uintptr_t)(p))
#define RSG_TSAN_RELEASE(p) __tsan_release((void *)(uintptr_t)(p))
#else
#define RSG_TSAN_ACQUIRE(p) ((void)(p))
#define RSG_TSAN_RELEASE(p) ((void)(p))
#endif

static inline void
rsg__rcu_read_lock(void)
{
	urcu_bp_read_lock();
}

/* grace: the object the writer synchronizes on (the context). */
static inline void
rsg__rcu_read_unlock(const void *grace)
{
	RSG_TSAN_RELEASE(grace);
	urcu_bp_read_unlock();
}

#define rsg__rcu_deref(p)                                                      \
	__extension__({                                                        \
		__typeof__(p) v_ = urcu_bp_dereference(p);                     \
		RSG_TSAN_ACQUIRE(v_);                                          \
		v_;                                                            \
	})

#define rsg__rcu_xchg(pp, v)                                                   \
	__extension__({                                                        \
		RSG_TSAN_RELEASE(v);                                           \
		urcu_bp_xchg_pointer((pp), (v));                               \
	})

static inline void
rsg__rcu_synchronize(const void *grace)
{
	urcu_bp_synchronize_rcu();
	RSG_TSAN_ACQUIRE(grace);
}

static inline void
rsg__rcu_register(void)
{
	urcu_bp_register_thread();
}

#endif /* RSG_RCU_H */
