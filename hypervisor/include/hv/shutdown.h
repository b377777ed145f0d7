/*
 * How the machine stops, and the exit status each way reports.
 *
 * The status goes to QEMU's isa-debug-exit device (port 0xf4), which exits
 * QEMU with (status << 1) | 1; tests/boot/qemu.sh turns that back into the
 * status below and exits with it, so `make run` and the boot tests can tell
 * poweroff, reboot, a dom0 crash, a hypervisor panic and each boot error
 * apart.  On hardware without the device the machine halts.
 */
#ifndef HV_SHUTDOWN_H
#define HV_SHUTDOWN_H

#include <hv/types.h>

enum hv_exit_status {
    EXIT_POWEROFF       = 0,    /* dom0 asked for SHUTDOWN_poweroff */
    EXIT_REBOOT         = 1,    /* dom0 asked for SHUTDOWN_reboot */
    EXIT_DOM0_CRASH     = 2,    /* dom0 crashed (or SHUTDOWN_crash) */
    EXIT_PANIC          = 3,    /* hypervisor exception or BUG */
    EXIT_NO_MODULE      = 4,    /* no dom0 kernel module */
    EXIT_NOT_ELF        = 5,    /* dom0 module is not a usable ELF64 image */
    EXIT_NO_XEN_NOTES   = 6,    /* ELF without the Xen notes a PV kernel needs */
    EXIT_TOO_BIG        = 7,    /* image does not fit dom0's memory */
    EXIT_BAD_DOM0       = 8,    /* notes present but refused (e.g. no "dom0") */
    EXIT_BAD_BOOT       = 9,    /* loader information unusable, out of memory */
};

/* Writes the status to the exit device, then halts this CPU forever. */
__noreturn void machine_exit(enum hv_exit_status status);

/* A boot error: prints "boot error: <reason>" as one line and exits. */
__noreturn __printf(2, 3) void boot_fail(enum hv_exit_status status,
                                         const char *fmt, ...);

#endif /* HV_SHUTDOWN_H */
