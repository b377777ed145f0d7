/*
 * selftest=emulate: trap-and-emulate.  From guest kernel mode (ring 3)
 * the kernel executes each privileged instruction the hypervisor
 * emulates and checks its effect, then each refusal: the #GP reaches
 * the kernel's own handler (a hook here, then the exception-fixup table
 * moves past the instruction) and the kernel carries on.  Then the
 * hypercall form of cli/sti (xpv_event_mask), the per-domain counters'
 * exact deltas (XPVOP_domain_stats) and the hypervisor's page audit.
 *
 * Xen 4.17 emulates less (cli, sti, hlt, invlpg, lidt, the TSC deadline
 * are #GP there; its console owns the UART) and has none of our
 * extensions, so this suite is not diffed; ABI.md notes Xen's results.
 * selftest=emulate_xen runs the cases Xen answers the same way, and the
 * boot case diffs those.
 */
#include "selftest_emulate.h"

/* The #GPs the kernel's handler saw. */
volatile unsigned int emul_gp_count;

static bool hook_gp(struct trap_frame *f)
{
    (void)f;
    emul_gp_count++;
    return false;               /* the fixup table moves rip on */
}

/* ---- the cases ---- */

/* cli/sti: the upcall mask; an event sent while masked arrives at sti. */
static void test_emul_cli_sti(struct test *t)
{
    static volatile unsigned long n;
    long p = evtchn_bind_ipi(0, count_event, (void *)&n);

    if (!expect_true(t, "bind_ipi", p > 0))
        return;
    EXPECT_GP(t, "cli", 0, cli());
    expect_eq(t, "mask after cli", upcall_mask(), 1);
    expect_eq(t, "send", evtchn_send((evtchn_port_t)p), 0);
    expect_eq(t, "no upcall while masked", (long)n, 0);
    EXPECT_GP(t, "sti", 0, sti());
    expect_eq(t, "mask after sti", upcall_mask(), 0);
    expect_eq(t, "upcall delivered at sti", (long)n, 1);
    evtchn_close((evtchn_port_t)p);
}

/*
 * hlt with an event pending: returns at once, events enabled.  Then the
 * idle idiom `sti; hlt` with an event owed at the sti: the hlt must not
 * sleep past it (sti's interrupt shadow).  A TSC deadline far ahead is
 * the safety net that would wake a hlt that slept: it must not fire.
 */
static void test_emul_hlt(struct test *t)
{
    static volatile unsigned long n;
    static struct xpv_domain_stats before, after;
    long p = evtchn_bind_ipi(0, count_event, (void *)&n);
    unsigned long timer_events;

    if (!expect_true(t, "bind_ipi", p > 0))
        return;
    cli();
    evtchn_send((evtchn_port_t)p);
    EXPECT_GP(t, "hlt", 0, hlt());
    expect_eq(t, "upcall after hlt", (long)n, 1);
    expect_eq(t, "mask after hlt (SCHEDOP_block enables)", upcall_mask(), 0);
    cli();
    evtchn_send((evtchn_port_t)p);
    timer_events = time_virq_count;
    wr_msr(MSR_IA32_TSC_DEADLINE, rdtsc() + (1ull << 32));
    get_stats(&before);
    asm volatile (MAY_FAULT("sti\n\thlt") ::: "memory");
    get_stats(&after);
    expect_eq(t, "upcall after sti; hlt", (long)n, 2);
    expect_eq(t, "sti; hlt emulated as one",
              (long)(after.emulated[XPV_EMUL_hlt] -
                     before.emulated[XPV_EMUL_hlt]), 1);
    expect_true(t, "the owed event ended the hlt, not the timer",
                time_virq_count == timer_events);
    wr_msr(MSR_IA32_TSC_DEADLINE, 0);
    evtchn_close((evtchn_port_t)p);
}

/* The virtual 16550: output, status, the divisor latch, wider accesses. */
static void test_emul_uart(struct test *t)
{
    static const char line[] = "emulate: hello through the virtual UART\n";

    EXPECT_GP(t, "UART output", 0,
              for (const char *s = line; *s; s++) io_out(UART, *s, 1));
    EXPECT_GP(t, "LSR read", 0,
              expect_eq(t, "LSR", io_in(UART + 5, 1), 0x60));
    EXPECT_GP(t, "RBR read", 0, expect_eq(t, "RBR", io_in(UART, 1), 0));
    /* With DLAB set, 0x3f8 is the divisor: not console output. */
    io_out(UART + 3, 0x83, 1);
    io_out(UART, '!', 1);
    io_out(UART + 3, 0x03, 1);
    expect_eq(t, "LCR reads back", io_in(UART + 3, 1), 0x03);
    expect_eq(t, "16-bit MCR|LSR", io_in(UART + 4, 2), 0x6000);
    expect_eq(t, "32-bit MCR..SCR", io_in(UART + 4, 4), 0x6000);
}

/* Ports the domain does not own: #GP, and the kernel carries on. */
static void test_emul_port_refused(struct test *t)
{
    EXPECT_GP(t, "out $0x80", 1, asm volatile (MAY_FAULT("outb %%al, $0x80")
                                               : : "a"(0)));
    EXPECT_GP(t, "in $0x60", 1, asm volatile (MAY_FAULT("inb $0x60, %%al")
                                              : : : "rax"));
    EXPECT_GP(t, "in 0x3f7", 1, io_in(UART - 1, 1));
    EXPECT_GP(t, "outw across the UART's end (0x3ff)", 1,
              io_out(UART + 7, 0, 2));
    EXPECT_GP(t, "outsb to the UART (string form)", 1,
              asm volatile (MAY_FAULT("outsb") : : "d"(UART), "S"("x")));
    /* dom0 owns PCI config space (0xcf8-0xcff), as Xen's dom0 does:
     * the ports beside it and an access reaching into it stay refused. */
    EXPECT_GP(t, "outl 0xcf4 (below PCI config)", 1,
              io_out(0xcf4, 0x80000000u, 4));
    EXPECT_GP(t, "outl 0xcf6 (across PCI config's start)", 1,
              io_out(0xcf6, 0x80000000u, 4));
}

static void test_emul_cr0(struct test *t)
{
    uint64_t cr0 = rd_cr0();

    info("emulate: cr0 %#lx\n", (unsigned long)cr0);
    expect_true(t, "PE and PG set", (cr0 & (CR0_PE | CR0_PG)) ==
                                    (CR0_PE | CR0_PG));
    expect_eq(t, "TS clear", (long)(cr0 & CR0_TS), 0);
    HYPERVISOR_fpu_taskswitch(1);
    expect_true(t, "TS after fpu_taskswitch(1)", rd_cr0() & CR0_TS);
    EXPECT_GP(t, "clts", 0, clts());
    expect_eq(t, "TS after clts", (long)(rd_cr0() & CR0_TS), 0);
    EXPECT_GP(t, "mov to cr0 setting TS", 0, wr_cr0(cr0 | CR0_TS));
    expect_true(t, "TS after mov to cr0", rd_cr0() & CR0_TS);
    EXPECT_GP(t, "mov to cr0 clearing TS", 0, wr_cr0(cr0));
    EXPECT_GP(t, "clearing PG", 1, wr_cr0(cr0 & ~CR0_PG));
    EXPECT_GP(t, "clearing PE", 1, wr_cr0(cr0 & ~CR0_PE));
    EXPECT_GP(t, "setting CD", 1, wr_cr0(cr0 | CR0_CD));
    expect_eq(t, "cr0 unchanged", (long)rd_cr0(), (long)cr0);
}

/* A page of the kernel image: mapped writable, so it cannot be an L4. */
static uint64_t data_page[512] __aligned(4096);

static void test_emul_cr2_cr3(struct test *t)
{
    uint64_t cr3 = rd_cr3(), cr2 = rd_cr2();
    unsigned long data_pfn =
        ((unsigned long)data_page - KERNEL_VIRT_BASE) >> PAGE_SHIFT;

    expect_eq(t, "cr2 is vcpu_info's", (long)cr2,
              (long)vcpu0()->arch.cr2);
    wr_cr2(0x1234000);
    expect_eq(t, "cr2 written", (long)vcpu0()->arch.cr2, 0x1234000);
    wr_cr2(cr2);
    expect_eq(t, "cr3 is the kernel L4", (long)cr3,
              (long)(mmu_boot_l4() << PAGE_SHIFT));
    EXPECT_GP(t, "cr3 reloaded", 0, wr_cr3(cr3));
    data_page[0] = 1;
    EXPECT_GP(t, "cr3 = a writable data page", 1,
              wr_cr3((uint64_t)pfn_to_mfn(data_pfn) << PAGE_SHIFT));
    EXPECT_GP(t, "cr3 = a frame not ours", 1, wr_cr3(0x1000));
    expect_eq(t, "cr3 unchanged", (long)rd_cr3(), (long)cr3);
}

/* Xen 4.17 ignores a CR4 change (a log line, no #GP): ours refuses it. */
static void test_emul_cr4_cr8(struct test *t)
{
    uint64_t cr4 = rd_cr4();

    EXPECT_GP(t, "cr4 written unchanged", 0, wr_cr4(cr4));
    EXPECT_GP(t, "cr4 changed", 1, wr_cr4(cr4 ^ CR4_PGE));
    expect_eq(t, "cr4 unchanged", (long)rd_cr4(), (long)cr4);
    EXPECT_GP(t, "cr8 read", 1, rd_cr8());
    EXPECT_GP(t, "cr8 write", 1, wr_cr8(0));
}

/* What the #DB handler saw: its count and the rip of the frame. */
static volatile struct {
    unsigned int count;
    unsigned long rip;
} db;

/* Single-step trap: recorded, and TF cleared so the stepping ends. */
static bool hook_db(struct trap_frame *f)
{
    db.count++;
    db.rip = f->rip;
    f->rflags &= ~0x100ul;          /* TF */
    return true;
}

/*
 * With TF set, the single-step trap of an emulated instruction comes
 * right after it (the hardware's was lost to the #GP): the #DB frame
 * points at the next instruction, not one further.
 */
static void test_emul_single_step(struct test *t)
{
    trap_hook_fn old = trap_set_hook(X86_EXC_DB, hook_db);
    unsigned long after;

    db.count = 0;
    asm volatile ("pushf\n\t"
                  "orq $0x100, (%%rsp)\n\t"
                  "popf\n\t"
                  "cli\n"
                  "1:\tnop\n\t"
                  "lea 1b(%%rip), %0"
                  : "=r"(after) : : "memory", "cc");
    sti();
    trap_set_hook(X86_EXC_DB, old);
    expect_eq(t, "one #DB", db.count, 1);
    expect_true(t, "#DB right after the emulated cli", db.rip == after);
}

static void test_emul_invlpg_wbinvd(struct test *t)
{
    static uint64_t page[512] __aligned(4096);

    page[0] = 1;
    EXPECT_GP(t, "invlpg", 0, invlpg((unsigned long)page));
    expect_eq(t, "page still reads", (long)page[0], 1);
    EXPECT_GP(t, "invlpg of a hypervisor address (ignored)", 0,
              invlpg(TEST_XEN_ADDR));
    EXPECT_GP(t, "wbinvd", 0, wbinvd());
}

static void test_emul_msr(struct test *t)
{
    static uint64_t target = 0x1122334455667788ull;
    uint64_t val = 0, gs = rd_msr(MSR_GS_BASE);
    uint64_t shadow = rd_msr(MSR_SHADOW_GS_BASE);

    wr_msr(MSR_FS_BASE, (unsigned long)&target);
    asm volatile ("mov %%fs:0, %0" : "=r"(val) : : "memory");
    expect_true(t, "%fs:0 after wrmsr FS_BASE", val == target);
    expect_true(t, "rdmsr FS_BASE", rd_msr(MSR_FS_BASE) ==
                                    (unsigned long)&target);
    wr_msr(MSR_FS_BASE, 0);
    wr_msr(MSR_SHADOW_GS_BASE, 0x7000);
    expect_eq(t, "SHADOW_GS_BASE", (long)rd_msr(MSR_SHADOW_GS_BASE), 0x7000);
    wr_msr(MSR_SHADOW_GS_BASE, shadow);
    wr_msr(MSR_GS_BASE, 0x8000);
    expect_eq(t, "GS_BASE", (long)rd_msr(MSR_GS_BASE), 0x8000);
    wr_msr(MSR_GS_BASE, gs);
    expect_true(t, "EFER has LME and LMA",
                (rd_msr(MSR_EFER) & (EFER_LME | EFER_LMA)) ==
                (EFER_LME | EFER_LMA));
    EXPECT_GP(t, "FS_BASE non-canonical", 1,
              wr_msr(MSR_FS_BASE, TEST_NONCANON));
    EXPECT_GP(t, "rdmsr LSTAR", 1, rd_msr(MSR_LSTAR));
    EXPECT_GP(t, "wrmsr LSTAR", 1, wr_msr(MSR_LSTAR, 0));
    EXPECT_GP(t, "wrmsr SYSENTER_EIP", 1, wr_msr(MSR_IA32_SYSENTER_EIP, 0));
    EXPECT_GP(t, "wrmsr APIC_BASE", 1, wr_msr(MSR_IA32_APIC_BASE, 0));
    /* vCPU 0: the xAPIC's base, enabled, the boot processor. */
    EXPECT_GP(t, "rdmsr APIC_BASE", 0,
              expect_eq(t, "APIC_BASE", (long)rd_msr(MSR_IA32_APIC_BASE),
                        0xfee00900));
}

/*
 * Where Xen 4.17 is more lenient: it accepts an EFER write that changes
 * nothing and reads an MSR it does not know as 0; ours refuses both.
 */
static void test_emul_msr_strict(struct test *t)
{
    uint64_t efer = rd_msr(MSR_EFER);

    EXPECT_GP(t, "wrmsr EFER unchanged", 1, wr_msr(MSR_EFER, efer));
    EXPECT_GP(t, "wrmsr EFER without NXE", 1,
              wr_msr(MSR_EFER, efer & ~(1ul << 11)));
    expect_eq(t, "EFER unchanged", (long)rd_msr(MSR_EFER), (long)efer);
    EXPECT_GP(t, "rdmsr 0xdeadbeef", 1, rd_msr(0xdeadbeef));
    EXPECT_GP(t, "rdmsr MISC_ENABLE", 1, rd_msr(0x1a0));
}

/* The TSC deadline: armed, read back, stopped; then it wakes hlt. */
static void test_emul_tsc_deadline(struct test *t)
{
    uint64_t far = rdtsc() + (1ull << 40);
    unsigned long before = time_virq_count;

    EXPECT_GP(t, "wrmsr TSC_DEADLINE", 0, wr_msr(MSR_IA32_TSC_DEADLINE, far));
    expect_true(t, "armed value reads back",
                rd_msr(MSR_IA32_TSC_DEADLINE) == far);
    wr_msr(MSR_IA32_TSC_DEADLINE, 0);
    expect_eq(t, "0 stops it", (long)rd_msr(MSR_IA32_TSC_DEADLINE), 0);
    wr_msr(MSR_IA32_TSC_DEADLINE, rdtsc() + 100000);
    for (int i = 0; i < 100 && time_virq_count == before; i++)
        hlt();
    expect_true(t, "VIRQ_TIMER woke hlt", time_virq_count != before);
    expect_eq(t, "reads 0 once fired", (long)rd_msr(MSR_IA32_TSC_DEADLINE),
              0);
}

static void emulate_begin(void)
{
    trap_set_hook(X86_EXC_GP, hook_gp);
}

static const struct test_case emulate_cases[] = {
    { "emul_cli_sti", test_emul_cli_sti },
    { "emul_hlt", test_emul_hlt },
    { "emul_uart", test_emul_uart },
    { "emul_port_refused", test_emul_port_refused },
    { "emul_cr0", test_emul_cr0 },
    { "emul_cr2_cr3", test_emul_cr2_cr3 },
    { "emul_cr4_cr8", test_emul_cr4_cr8 },
    { "emul_single_step", test_emul_single_step },
    { "emul_invlpg_wbinvd", test_emul_invlpg_wbinvd },
    { "emul_msr", test_emul_msr },
    { "emul_msr_strict", test_emul_msr_strict },
    { "emul_tsc_deadline", test_emul_tsc_deadline },
    { "emul_lidt", test_emul_lidt },
    { "emul_lgdt", test_emul_lgdt },
    { "emul_lgdt_load", test_emul_lgdt_load },
    { "emul_cpuid", test_emul_cpuid },
    { "emul_event_mask", test_emul_event_mask },
    { "emul_event_mask_top", test_emul_event_mask_top },
    { "emul_counters", test_emul_counters },
    { "emul_audit", test_emul_audit },
};

const struct test_suite selftest_emulate_suite = {
    "emulate", emulate_cases, ARRAY_SIZE(emulate_cases), emulate_begin, NULL,
};

/* The cases whose results real Xen 4.17 shares (diffed by the boot case). */
static const struct test_case emulate_xen_cases[] = {
    { "emul_port_refused", test_emul_port_refused },
    { "emul_cr0", test_emul_cr0 },
    { "emul_cr2_cr3", test_emul_cr2_cr3 },
    { "emul_msr", test_emul_msr },
    { "emul_lgdt", test_emul_lgdt },
    { "emul_cpuid", test_emul_cpuid },
};

const struct test_suite selftest_emulate_xen_suite = {
    "emulate_xen", emulate_xen_cases, ARRAY_SIZE(emulate_xen_cases),
    emulate_begin, NULL,
};

