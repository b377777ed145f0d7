/*
 * selftest=pvops: every op of the paravirt-ops table exercised through
 * the table, with functional checks, so the same TEST lines come out in
 * every backend (pv, pv-hcall, trap, native).  What differs between
 * backends goes on info lines (the boot cases check those per backend).
 * This file: interrupts, timer, halt, segment bases, MSRs, CPUID and the
 * console; selftest_pvops_mm.c: page tables, TLB and user processes.
 */
#include <xen/errno.h>
#include <guest/console.h>
#include <guest/msr.h>
#include <guest/extable.h>
#include <guest/irqflags.h>
#include <guest/pte.h>
#include <guest/pvops.h>
#include <guest/selftest.h>
#include <guest/time.h>
#include <guest/traps.h>
#include "selftest_pvops.h"

#define DELAY_NS        (2 * NSEC_PER_MSEC)
#define WAIT_LIMIT_NS   (10 * NSEC_PER_SEC)  /* a lost interrupt */

static volatile uint64_t fired_at;

static void record_fire(struct timer *tm)
{
    (void)tm;
    fired_at = time_now();
}

/* Arms tm DELAY_NS from now; returns the deadline. */
static uint64_t arm(struct timer *tm)
{
    uint64_t deadline = time_now() + DELAY_NS;

    fired_at = 0;
    tm->fn = record_fire;
    timer_add(tm, deadline);
    return deadline;
}

/* Spins (interrupts as they are) until `until` by the kernel clock. */
static void spin_until(uint64_t until)
{
    while (time_now() < until)
        ;
}

/* Spins with interrupts enabled until the timer fired or a limit. */
static bool wait_fired(void)
{
    uint64_t limit = time_now() + WAIT_LIMIT_NS;

    while (!fired_at && time_now() < limit)
        ;
    return fired_at != 0;
}

/* Every op is there: the backend fills the whole table. */
static void test_pvops_table(struct test *t)
{
    const void *const *op = (const void *const *)&pv_ops.irq;
    size_t i, n = (sizeof(pv_ops) - offsetof(struct pv_ops, irq)) /
                  sizeof(void *);

    info("pvops: backend %s\n", pv_ops.name);
    for (i = 0; i < n; i++)
        if (!op[i])
            test_fail(t, "op %zu of %zu is NULL", i, n);
}

/*
 * Disabled interrupts hold a due timer back; enable lets it in.  The
 * hypervisor's (or the APIC's) timer may itself come late on a loaded
 * host, so whether it was already pending, and so delivered within
 * enable(), is an info line; the test waits for it.
 */
static void test_pvops_irq_hold(struct test *t)
{
    struct timer tm = { 0 };
    uint64_t deadline;
    bool held, by_enable;

    local_irq_disable();
    expect_true(t, "disabled() after disable", irqs_disabled());
    deadline = arm(&tm);
    spin_until(deadline + DELAY_NS);
    held = fired_at == 0;
    local_irq_enable();
    by_enable = fired_at != 0;
    expect_true(t, "timer held off while disabled", held);
    expect_true(t, "delivered once enabled", wait_fired());
    expect_true(t, "not before its deadline", fired_at >= deadline);
    expect_true(t, "enabled() after enable", !irqs_disabled());
    info("pvops: irq_hold: %s\n", by_enable ? "delivered within enable()"
         : "the timer came after enable()");
    timer_del(&tm);
}

/* Nested save/restore: only the outer restore enables. */
static void test_pvops_irq_nesting(struct test *t)
{
    struct timer tm = { 0 };
    irqflags_t outer, inner;
    bool after_inner;

    local_irq_enable();
    outer = local_irq_save();
    inner = local_irq_save();
    expect_true(t, "outer flags: were enabled", outer & X86_EFLAGS_IF);
    expect_true(t, "inner flags: were disabled",
                !(inner & X86_EFLAGS_IF));
    arm(&tm);
    spin_until(time_now() + 2 * DELAY_NS);
    local_irq_restore(inner);
    after_inner = irqs_disabled() && fired_at == 0;
    local_irq_restore(outer);
    expect_true(t, "still disabled after the inner restore", after_inner);
    expect_true(t, "enabled after the outer restore", !irqs_disabled());
    expect_true(t, "timer delivered after the outer restore",
                wait_fired());
    timer_del(&tm);
}

/*
 * Raw pushf/popf, which no backend under a hypervisor can trap (CPL 3,
 * IOPL 0): the facts go on an info line; the test checks that the ops
 * still give the right state around them.
 */
static void test_pvops_pushf_popf(struct test *t)
{
    unsigned long rflags, zero = 0;
    bool popf_disabled;

    local_irq_disable();
    asm volatile ("pushf; pop %0" : "=r"(rflags) : : "memory");
    local_irq_enable();
    asm volatile ("push %0; popf" : : "r"(zero) : "memory", "cc");
    popf_disabled = irqs_disabled();
    info("pvops: %s: pushf after disable reads IF=%lu; popf of IF=0 "
         "leaves interrupts %s\n", pv_ops.name,
         (rflags & X86_EFLAGS_IF) ? 1ul : 0ul,
         popf_disabled ? "disabled" : "enabled (popf IF loss)");
    local_irq_enable();
    expect_true(t, "enabled through the op afterwards", !irqs_disabled());
    local_irq_disable();
    expect_true(t, "disabled through the op afterwards", irqs_disabled());
}

/* Hypervisor slots 256-271 of every L4 (guest/pte.h). */
static bool in_hypervisor_slots(unsigned long va)
{
    unsigned long slot = (va >> 39) & 511;

    return (va >> 48) == 0xffff && slot >= L4_XEN_FIRST &&
           slot <= L4_XEN_LAST;
}

/* sidt/sgdt: bases 0 on a fault (UMIP), else what the CPU holds. */
static unsigned long store_table_base(bool idt)
{
    struct __attribute__((packed)) {
        uint16_t limit;
        uint64_t base;
    } r = { 0, 0 };

    if (idt)
        asm volatile ("1: sidt %0\n2:\n" EXTABLE_ENTRY("1b", "2b")
                      : "=m"(r));
    else
        asm volatile ("1: sgdt %0\n2:\n" EXTABLE_ENTRY("1b", "2b")
                      : "=m"(r));
    return r.base;
}

/*
 * sidt and sgdt do not fault at CPL 3 without UMIP: under a hypervisor
 * they read ITS tables, whatever the kernel loaded with lidt.  Shown on
 * an info line; the test checks the IDT the kernel relies on still
 * works (a breakpoint reaches the kernel's handler).
 */
static bool bp_seen;

static bool bp_hook(struct trap_frame *frame)
{
    (void)frame;
    bp_seen = true;
    return true;
}

static void test_pvops_sidt_sgdt(struct test *t)
{
    unsigned long idt = store_table_base(true);
    unsigned long gdt = store_table_base(false);
    trap_hook_fn old = trap_set_hook(X86_EXC_BP, bp_hook);

    info("pvops: %s: sidt reads base 0x%lx%s, sgdt 0x%lx%s\n",
         pv_ops.name, idt, in_hypervisor_slots(idt) ?
         " (the hypervisor's IDT, not the kernel's)" : "", gdt,
         in_hypervisor_slots(gdt) ? " (the hypervisor's GDT)" : "");
    bp_seen = false;
    asm volatile ("int3" : : : "memory");
    trap_set_hook(X86_EXC_BP, old);
    expect_true(t, "int3 reached the kernel's handler", bp_seen);
}

/* A timer fires, and not before its deadline by the kernel clock. */
static void test_pvops_timer(struct test *t)
{
    struct timer tm = { 0 };
    uint64_t deadline;

    local_irq_enable();
    deadline = arm(&tm);
    expect_true(t, "fired", wait_fired());
    expect_true(t, "not before its deadline", fired_at >= deadline);
    timer_del(&tm);
}

/* Halt with interrupts disabled wakes on the timer, with them enabled. */
static void test_pvops_halt(struct test *t)
{
    struct timer tm = { 0 };
    uint64_t deadline;

    local_irq_disable();
    deadline = arm(&tm);
    while (!fired_at) {
        local_irq_halt();
        local_irq_disable();
    }
    local_irq_enable();
    expect_true(t, "woke after the deadline", time_now() >= deadline);
    expect_true(t, "timer handled", fired_at >= deadline);
}

static uint64_t read_fs0(void)
{
    uint64_t val;

    asm volatile ("mov %%fs:0, %0" : "=r"(val) : : "memory");
    return val;
}

static void test_pvops_segment_base(struct test *t)
{
    static uint64_t target = 0x0123456789abcdefull;

    expect_eq(t, "set FS base",
              pv_ops.cpu.set_segment_base(SEGBASE_FS,
                                          (unsigned long)&target), 0);
    expect_true(t, "%fs:0 reads the variable", read_fs0() == target);
    expect_eq(t, "reset FS base", pv_ops.cpu.set_segment_base(SEGBASE_FS,
                                                              0), 0);
    expect_eq(t, "non-canonical FS base",
              pv_ops.cpu.set_segment_base(SEGBASE_FS, TEST_NONCANON),
              -XEN_EINVAL);
    expect_eq(t, "unknown which 7", pv_ops.cpu.set_segment_base(7, 0),
              -XEN_EINVAL);
}

/* FS_BASE through the MSR ops: written, read back, used by %fs. */
static void test_pvops_msr(struct test *t)
{
    static uint64_t target = 0xfedcba9876543210ull;
    uint64_t val = 0;

    expect_eq(t, "wrmsr FS_BASE",
              pv_ops.cpu.write_msr(MSR_FS_BASE, (unsigned long)&target), 0);
    expect_eq(t, "rdmsr FS_BASE", pv_ops.cpu.read_msr(MSR_FS_BASE, &val),
              0);
    expect_true(t, "read back", val == (unsigned long)&target);
    expect_true(t, "%fs:0 reads the variable", read_fs0() == target);
    expect_eq(t, "wrmsr FS_BASE 0", pv_ops.cpu.write_msr(MSR_FS_BASE, 0),
              0);
    /* LSTAR: refused under a hypervisor, the kernel's own natively. */
    info("pvops: %s: rdmsr LSTAR: %ld\n", pv_ops.name,
         pv_ops.cpu.read_msr(MSR_LSTAR, &val));
}

static bool printable(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] < 0x20 || s[i] > 0x7e)
            return false;
    return true;
}

/* Leaf 0: a maximum leaf and a 12-character vendor; leaf 1: a family. */
static void test_pvops_cpuid(struct test *t)
{
    uint32_t r[4];
    char vendor[13];

    pv_ops.cpu.cpuid(0, 0, r);
    memcpy(vendor, &r[1], 4);
    memcpy(vendor + 4, &r[3], 4);
    memcpy(vendor + 8, &r[2], 4);
    vendor[12] = '\0';
    expect_true(t, "max leaf >= 1", r[0] >= 1);
    expect_true(t, "vendor printable", printable(vendor, 12));
    pv_ops.cpu.cpuid(1, 0, r);
    expect_true(t, "leaf 1 family", ((r[0] >> 8) & 0xf) != 0);
    pv_ops.cpu.cpuid(0x40000000, 0, r);
    memcpy(vendor, &r[1], 4);
    memcpy(vendor + 4, &r[2], 4);
    memcpy(vendor + 8, &r[3], 4);
    info("pvops: %s: cpuid 0x40000000: \"%s\"%s\n", pv_ops.name,
         printable(vendor, 12) ? vendor : "", pvops_cpuid_plain_count ?
         " (plain cpuid: forced-emulation prefix not emulated)" : "");
}

/* The boot case looks for this line in the console output. */
static void test_pvops_console(struct test *t)
{
    static const char line[] = "pvops: console op writes this line\n";

    (void)t;
    pv_ops.console.write(line, sizeof(line) - 1);
}

static const struct test_case cases[] = {
    { "pvops_table", test_pvops_table },
    { "pvops_irq_hold", test_pvops_irq_hold },
    { "pvops_irq_nesting", test_pvops_irq_nesting },
    { "pvops_pushf_popf", test_pvops_pushf_popf },
    { "pvops_sidt_sgdt", test_pvops_sidt_sgdt },
    { "pvops_timer", test_pvops_timer },
    { "pvops_halt", test_pvops_halt },
    { "pvops_pte", test_pvops_pte },
    { "pvops_aspace_switch", test_pvops_aspace_switch },
    { "pvops_tlb", test_tlb_flush },
    { "pvops_wbinvd", test_pvops_wbinvd },
    { "pvops_user_syscall", test_user_syscall },
    { "pvops_demand_zero", test_demand_zero },
    { "pvops_segment_base", test_pvops_segment_base },
    { "pvops_msr", test_pvops_msr },
    { "pvops_cpuid", test_pvops_cpuid },
    { "pvops_console", test_pvops_console },
};

/* Each case leaves interrupts as the kernel booted: disabled. */
static void after(const char *name)
{
    (void)name;
    local_irq_disable();
}

const struct test_suite selftest_pvops_suite = {
    "pvops", cases, ARRAY_SIZE(cases), NULL, after,
};
