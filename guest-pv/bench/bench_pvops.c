/*
 * Benchmark cases through the paravirt-ops table, on the CPU side: the
 * same code times the same operation in every mode (native, pv,
 * pv-hcall, trap), so the table's columns differ only by backend:
 *     irq_disable_enable  pv_ops.irq.disable + enable (cli; sti natively,
 *                         vcpu_info stores in pv, xpv_event_mask
 *                         hypercalls in pv-hcall, emulated cli; sti in
 *                         trap)
 *     irq_save_restore    pv_ops.irq.save + restore (pushf; cli; popf
 *                         natively)
 *     tlb_flush           pv_ops.mmu.flush_tlb (mov cr3 natively)
 *     port_write          one `out` to the serial port's scratch register:
 *                         the kernel has no port op, so every backend
 *                         executes the instruction (a hypervisor emulates
 *                         it on the #GP)
 * and, under a hypervisor, the floor of a hypercall (syscall_floor; the
 * native row of the same name is the user program's, bench_user.c).
 */
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include <guest/extable.h>
#include <guest/irqflags.h>
#include <guest/mmu.h>
#include "bench_case.h"

/* ---- irq_disable_enable, irq_save_restore -------------------------- */

/* The cases run with interrupts enabled, as a kernel mostly does. */
static irqflags_t saved_irq;

static long setup_irq_enabled(void)
{
    saved_irq = local_irq_save();
    local_irq_enable();
    return 0;
}

static void teardown_irq(void)
{
    local_irq_restore(saved_irq);
}

static long op_irq_disable_enable(void)
{
    local_irq_disable();
    local_irq_enable();
    return 0;
}

const struct bench_case bench_irq_disable_enable = {
    .name = "irq_disable_enable",
    .setup = setup_irq_enabled,
    .op = op_irq_disable_enable,
    .teardown = teardown_irq,
};

static long op_irq_save_restore(void)
{
    local_irq_restore(local_irq_save());
    return 0;
}

const struct bench_case bench_irq_save_restore = {
    .name = "irq_save_restore",
    .setup = setup_irq_enabled,
    .op = op_irq_save_restore,
    .teardown = teardown_irq,
};

/* ---- tlb_flush ----------------------------------------------------- */

static long op_tlb_flush(void)
{
    mmu_flush_tlb();
    return 0;
}

const struct bench_case bench_tlb_flush = {
    .name = "tlb_flush",
    .op = op_tlb_flush,
};

/* ---- port_write ---------------------------------------------------- */

/*
 * COM1's scratch register (0x3ff): QEMU's 16550 keeps the byte, our
 * hypervisor's virtual 16550 ignores it; nothing is printed.  Real Xen
 * keeps its own serial port from dom0, so there the `out` is refused
 * with #GP: the fixup turns that into -EPERM and the case into
 * "unsupported".
 */
#define SCRATCH_PORT    0x3ff

static long op_port_write(void)
{
    unsigned int ok;

    asm volatile ("xor %k[ok], %k[ok]\n"
                  "1:\toutb %b[v], %w[port]\n\t"
                  "mov $1, %k[ok]\n"
                  "2:\n\t"
                  EXTABLE_ENTRY("1b", "2b")
                  : [ok] "=&r" (ok)
                  : [v] "a" (0x5a), [port] "Nd" (SCRATCH_PORT)
                  : "memory");
    return ok ? 0 : -XEN_EPERM;
}

const struct bench_case bench_port_write = {
    .name = "port_write",
    .op = op_port_write,
};

/* ---- syscall_floor (under a hypervisor) ---------------------------- */

/*
 * The cheapest way into the hypervisor and back: a hypercall number it
 * does not implement (__HYPERVISOR_arch_7, unused by Xen 4.17 and by
 * us), which the dispatcher answers -ENOSYS before any handler runs.
 * Guest kernel syscall -> hypervisor entry -> table lookup -> sysret:
 * what any hypercall pays at least.  The row is syscall_floor: natively
 * the same row is a bare syscall/sysretq from user mode, the floor of a
 * system call.
 */
#define __HYPERVISOR_bench_floor    __HYPERVISOR_arch_7

static long op_hypercall_floor(void)
{
    long rc = _hypercall0(long, bench_floor);

    return rc == -XEN_ENOSYS ? 0 : -XEN_EINVAL;
}

const struct bench_case bench_hypercall_floor = {
    .name = "syscall_floor",
    .op = op_hypercall_floor,
    .hypervisor_only = true,
    .native_row_from_user = true,
};
