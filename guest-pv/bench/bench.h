/*
 * The overhead benchmark (DESIGN.md, "Measuring"): with `bench` on the
 * kernel command line the guest times one privileged operation per case
 * instead of running its self-test, prints
 *     BENCH-MODE <the pv_ops backend>
 *     BENCH <name> <samples> <min> <median>
 *     BENCH <name> unsupported <negative Xen errno>
 * per case, then "bench: done", and powers off.
 */
#ifndef GUEST_BENCH_H
#define GUEST_BENCH_H

#include <guest/lib.h>

/*
 * Runs every case and shuts the domain down (SHUTDOWN_poweroff).  Needs
 * traps_init() done: cases bounce exceptions through the trap table.
 */
void __noreturn bench_run(void);

#endif /* GUEST_BENCH_H */
