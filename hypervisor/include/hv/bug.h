/*
 * The assertion vocabulary, with fixed meanings (Xen's bug.h):
 *
 *   ASSERT(p)            debug-only precondition; compiled out with NDEBUG.
 *   BUG_ON(p)            always checked; a true p is a broken hypervisor
 *                        invariant and panics.
 *   ASSERT_UNREACHABLE() a path that must never run; panics in debug builds.
 *   BUILD_BUG_ON(p)      compile-time check (layout, sizes).
 *
 * Guest mistakes are never asserted: they get an error code or crash the
 * guest's domain (domain_crash()), never the hypervisor.
 */
#ifndef HV_BUG_H
#define HV_BUG_H

#include <hv/types.h>

/* Print a crash report line and stop the machine with EXIT_PANIC. */
__noreturn __printf(1, 2) void panic(const char *fmt, ...);

#define BUG_ON(p)                                                          \
    do {                                                                   \
        if (unlikely(p))                                                   \
            panic("BUG at %s:%d: %s", __FILE__, __LINE__, #p);             \
    } while (0)

#ifdef NDEBUG
#define ASSERT(p)             do { (void)sizeof(p); } while (0)
#define ASSERT_UNREACHABLE()  do { } while (0)
#else
#define ASSERT(p)                                                          \
    do {                                                                   \
        if (unlikely(!(p)))                                                \
            panic("Assertion '%s' failed at %s:%d", #p, __FILE__, __LINE__); \
    } while (0)
#define ASSERT_UNREACHABLE()  panic("unreachable code at %s:%d", __FILE__, __LINE__)
#endif

#define BUILD_BUG_ON(p)       _Static_assert(!(p), #p)

#endif /* HV_BUG_H */
