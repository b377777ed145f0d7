/*
 * start_kernel(): the whole boot order of the guest kernel, one subsystem
 * per line.
 */
#include <guest/console.h>
#include <guest/dom0.h>
#include <guest/hypervisor.h>
#include <guest/mm.h>
#include <guest/pvops.h>
#include <guest/selftest.h>
#include <guest/thread.h>
#include <guest/time.h>
#include <guest/traps.h>
#include "../bench/bench.h"

void __noreturn start_kernel(start_info_t *si);

extern char _text[], _end[];

static void banner(void)
{
    printk("guest-pv: PV guest kernel starting\n");
    printk("info: kernel %p-%p, start_info %p, shared_info %s\n",
           (void *)_text, (void *)_end, (void *)start_info,
           shared_info ? "mapped" : "NOT mapped");
}

void start_kernel(start_info_t *si)
{
    /* start_info, and shared_info mapped for vcpu_info (needs nothing). */
    hypervisor_init(si);
    /* The paravirt-ops backend (pvops=): the console works from here. */
    pvops_select();
    /* A domU's console ring too, for dom0's xl console (reads the P2M). */
    console_ring_init();
    banner();
    /* The crash mode wants an exception with no handler: before traps. */
    if (cmdline_has("selftest=crash"))
        selftest_crash();
    /* Trap table, kernel stack, event/failsafe/syscall callbacks. */
    traps_init();
    /* Free frames beyond the start-of-day mapping (reads page tables). */
    mm_init();
    /* One-shot timers on VIRQ_TIMER (Xen's periodic tick stopped). */
    time_init();
    /* The boot context becomes thread "main"; an idle thread blocks. */
    sched_init();
    /* dom0: its named files, from the ustar archive it was booted with. */
    dom0_files_init();
    /* `bench`: overhead figures instead of the self-test, then poweroff. */
    if (cmdline_has("bench"))
        bench_run();
    /* "toolstack": dom0 serves domains and the operator's xl shell. */
    if (cmdline_has("toolstack"))
        dom0_toolstack_run();
    /*
     * The differential self-test, the suite "selftest=<name>" picks:
     * same TEST lines on Xen and on ours.
     */
    selftest_run();
    hypervisor_shutdown(SHUTDOWN_poweroff);
}
