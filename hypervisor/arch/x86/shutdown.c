/*
 * Stopping the machine with an exit status (hv/shutdown.h).
 */
#include <hv/lib.h>
#include <hv/printk.h>
#include <hv/shutdown.h>
#include <asm/processor.h>

/* QEMU's isa-debug-exit device (tests/boot/qemu.sh adds it). */
#define DEBUG_EXIT_PORT 0xf4

static const char *const exit_names[] = {
    [EXIT_POWEROFF] = "poweroff",
    [EXIT_REBOOT] = "reboot",
    [EXIT_DOM0_CRASH] = "dom0 crash",
    [EXIT_PANIC] = "hypervisor panic",
    [EXIT_NO_MODULE] = "no dom0 module",
    [EXIT_NOT_ELF] = "dom0 not ELF",
    [EXIT_NO_XEN_NOTES] = "dom0 without Xen notes",
    [EXIT_TOO_BIG] = "dom0 too big",
    [EXIT_BAD_DOM0] = "dom0 refused",
    [EXIT_BAD_BOOT] = "bad boot information",
};

void machine_exit(enum hv_exit_status status)
{
    const char *name = status < ARRAY_SIZE(exit_names) && exit_names[status]
                       ? exit_names[status] : "?";

    printk("machine exit: status %u (%s)\n", status, name);
    /*
     * Without the device the write is ignored and the CPU halts: on real
     * hardware that is a clean stop with the reason on the console.
     */
    outl(DEBUG_EXIT_PORT, status);
    halt_forever();
    __builtin_unreachable();
}

void boot_fail(enum hv_exit_status status, const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk(XENLOG_ERR "boot error: %s\n", buf);
    machine_exit(status);
}
