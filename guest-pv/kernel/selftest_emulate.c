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
#include <abi/ext.h>
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include <guest/console.h>
#include <guest/events.h>
#include <guest/hypervisor.h>
#include <guest/layout.h>
#include <guest/mm.h>
#include <guest/mmu.h>
#include <guest/selftest.h>
#include <guest/time.h>
#include <guest/traps.h>

#define MSR_IA32_SYSENTER_EIP   0x176
#define MSR_IA32_APIC_BASE      0x1b
#define MSR_IA32_TSC_DEADLINE   0x6e0
#define MSR_EFER                0xc0000080
#define MSR_LSTAR               0xc0000082
#define MSR_FS_BASE             0xc0000100
#define MSR_GS_BASE             0xc0000101
#define MSR_SHADOW_GS_BASE      0xc0000102
#define EFER_LME                (1ul << 8)
#define EFER_LMA                (1ul << 10)
#define CR0_PE                  (1ul << 0)
#define CR0_TS                  (1ul << 3)
#define CR0_CD                  (1ul << 30)
#define CR0_PG                  (1ul << 31)
#define CR4_PGE                 (1ul << 7)
#define UART                    0x3f8

/* One instruction at 1 that may raise #GP; execution goes on at 2. */
#define MAY_FAULT(insn) "1:\t" insn "\n2:\n\t" EXTABLE_ENTRY("1b", "2b")

/* The #GPs the kernel's handler saw. */
static volatile unsigned int gp_count;

static bool hook_gp(struct trap_frame *f)
{
    (void)f;
    gp_count++;
    return false;               /* the fixup table moves rip on */
}

/* stmt must raise exactly one #GP (want 1), or none (want 0). */
#define EXPECT_GP(t, what, want, stmt)                                      \
    do {                                                                    \
        gp_count = 0;                                                       \
        stmt;                                                               \
        expect_eq(t, what, (long)gp_count, want);                           \
    } while (0)

/* ---- the instructions, each as the native kernel would write it ---- */

#define DEFINE_CR(n)                                                        \
    static uint64_t rd_cr##n(void)                                          \
    {                                                                       \
        uint64_t v = 0;                                                     \
        asm volatile (MAY_FAULT("mov %%cr" #n ", %0") : "+r"(v) : :         \
                      "memory");                                            \
        return v;                                                           \
    }                                                                       \
    static void wr_cr##n(uint64_t v)                                        \
    {                                                                       \
        asm volatile (MAY_FAULT("mov %0, %%cr" #n) : : "r"(v) : "memory");  \
    }
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
DEFINE_CR(8)

/* Each may fault, so that on Xen (which refuses some) the suite goes on. */
static void cli(void) { asm volatile (MAY_FAULT("cli") ::: "memory"); }
static void sti(void) { asm volatile (MAY_FAULT("sti") ::: "memory"); }
static void hlt(void) { asm volatile (MAY_FAULT("hlt") ::: "memory"); }
static void clts(void) { asm volatile (MAY_FAULT("clts") ::: "memory"); }
static void wbinvd(void) { asm volatile (MAY_FAULT("wbinvd") ::: "memory"); }

static void invlpg(unsigned long va)
{
    asm volatile (MAY_FAULT("invlpg (%0)") : : "r"(va) : "memory");
}

static uint32_t io_in(uint16_t port, unsigned int bytes)
{
    uint32_t v = 0;

    if (bytes == 1)
        asm volatile (MAY_FAULT("inb %%dx, %%al") : "+a"(v) : "d"(port));
    else if (bytes == 2)
        asm volatile (MAY_FAULT("inw %%dx, %%ax") : "+a"(v) : "d"(port));
    else
        asm volatile (MAY_FAULT("inl %%dx, %%eax") : "+a"(v) : "d"(port));
    return v;
}

static void io_out(uint16_t port, uint32_t v, unsigned int bytes)
{
    if (bytes == 1)
        asm volatile (MAY_FAULT("outb %%al, %%dx") : : "a"(v), "d"(port));
    else if (bytes == 2)
        asm volatile (MAY_FAULT("outw %%ax, %%dx") : : "a"(v), "d"(port));
    else
        asm volatile (MAY_FAULT("outl %%eax, %%dx") : : "a"(v), "d"(port));
}

static uint64_t rd_msr(uint32_t msr)
{
    uint32_t lo = 0, hi = 0;

    asm volatile (MAY_FAULT("rdmsr") : "+a"(lo), "+d"(hi) : "c"(msr)
                  : "memory");
    return (uint64_t)hi << 32 | lo;
}

static void wr_msr(uint32_t msr, uint64_t v)
{
    asm volatile (MAY_FAULT("wrmsr") : : "c"(msr), "a"((uint32_t)v),
                  "d"((uint32_t)(v >> 32)) : "memory");
}

struct __attribute__((packed)) desc_ptr {
    uint16_t limit;
    uint64_t base;
};

static void lidt_at(unsigned long operand)
{
    asm volatile (MAY_FAULT("lidt (%0)") : : "r"(operand) : "memory");
}

static void lgdt_at(unsigned long operand)
{
    asm volatile (MAY_FAULT("lgdt (%0)") : : "r"(operand) : "memory");
}

/* Xen's forced-emulation prefix: the hypervisor's CPUID. */
static void xen_cpuid(uint32_t leaf, uint32_t r[4])
{
    r[0] = leaf;
    r[1] = r[3] = 0;
    r[2] = 0;
    asm volatile (MAY_FAULT("ud2; .ascii \"xen\"; cpuid")
                  : "+a"(r[0]), "+b"(r[1]), "+c"(r[2]), "+d"(r[3]));
}

static uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    asm volatile ("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

static uint8_t upcall_mask(void)
{
    return __atomic_load_n(&vcpu0()->evtchn_upcall_mask, __ATOMIC_SEQ_CST);
}

static void count_event(evtchn_port_t port, struct trap_frame *f, void *data)
{
    (void)port;
    (void)f;
    (*(volatile unsigned long *)data)++;
}

static long get_stats(struct xpv_domain_stats *s)
{
    return HYPERVISOR_raw(__HYPERVISOR_xpv_op, XPVOP_domain_stats,
                          (unsigned long)s, 0, 0, 0);
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
    EXPECT_GP(t, "outl 0xcf8 (PCI)", 1, io_out(0xcf8, 0x80000000u, 4));
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

static void test_emul_cr2_cr3_cr4(struct test *t)
{
    uint64_t cr3 = rd_cr3(), cr4 = rd_cr4(), cr2 = rd_cr2();
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
    EXPECT_GP(t, "cr4 written unchanged", 0, wr_cr4(cr4));
    EXPECT_GP(t, "cr4 changed", 1, wr_cr4(cr4 ^ CR4_PGE));
    EXPECT_GP(t, "cr8 read", 1, rd_cr8());
    EXPECT_GP(t, "cr8 write", 1, wr_cr8(0));
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
    EXPECT_GP(t, "wrmsr EFER", 1, wr_msr(MSR_EFER, rd_msr(MSR_EFER)));
    EXPECT_GP(t, "wrmsr SYSENTER_EIP", 1, wr_msr(MSR_IA32_SYSENTER_EIP, 0));
    EXPECT_GP(t, "rdmsr APIC_BASE", 1, rd_msr(MSR_IA32_APIC_BASE));
    EXPECT_GP(t, "rdmsr 0xdeadbeef", 1, rd_msr(0xdeadbeef));
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

/* What the #BP handler saw: its count and the upcall mask inside. */
static volatile struct {
    unsigned int count;
    uint8_t mask;
} bp;

static bool hook_bp(struct trap_frame *f)
{
    (void)f;
    bp.count++;
    bp.mask = upcall_mask();
    return true;
}

static struct {
    uint64_t lo, hi;
} idt[256] __aligned(16);

static void set_gate(unsigned int vec, unsigned long fn, unsigned int type,
                     unsigned int dpl)
{
    idt[vec].lo = (fn & 0xffff) | (uint64_t)FLAT_KERNEL_CS << 16 |
                  (uint64_t)(0x80 | dpl << 5 | type) << 40 |
                  (fn >> 16 & 0xffff) << 48;
    idt[vec].hi = fn >> 32;
}

/* A native IDT for #BP (gate 'type'), #GP and #PF; then lidt and int3. */
static void load_idt(struct test *t, unsigned int bp_type, uint8_t want_mask)
{
    struct desc_ptr dp = { sizeof(idt) - 1, (unsigned long)idt };

    memset(idt, 0, sizeof(idt));
    set_gate(X86_EXC_BP, (unsigned long)entry_bp, bp_type, 3);
    set_gate(X86_EXC_GP, (unsigned long)entry_gp, 15, 0);
    set_gate(X86_EXC_PF, (unsigned long)entry_pf, 14, 0);
    EXPECT_GP(t, "lidt", 0, lidt_at((unsigned long)&dp));
    bp.count = 0;
    asm volatile ("int3" ::: "memory");
    expect_eq(t, "int3 through the new IDT", bp.count, 1);
    expect_eq(t, "upcall mask in the handler", bp.mask, want_mask);
}

/* A bad IDT is refused and the old one stays (int3 still arrives). */
static void refuse_idt(struct test *t, const char *what, uint16_t limit,
                       unsigned long base)
{
    struct desc_ptr dp = { limit, base };

    EXPECT_GP(t, what, 1, lidt_at((unsigned long)&dp));
    bp.count = 0;
    asm volatile ("int3" ::: "memory");
    expect_eq(t, "old IDT kept", bp.count, 1);
}

static void test_emul_lidt(struct test *t)
{
    trap_hook_fn old = trap_set_hook(X86_EXC_BP, hook_bp);

    load_idt(t, 14, 1);         /* interrupt gate: events masked */
    load_idt(t, 15, 0);         /* trap gate: as they were */
    refuse_idt(t, "IDT in the hypervisor", 0xfff, TEST_XEN_ADDR);
    refuse_idt(t, "IDT non-canonical", 0xfff, TEST_NONCANON);
    refuse_idt(t, "IDT limit 0x1000", 0x1000, (unsigned long)idt);
    set_gate(X86_EXC_BP, TEST_XEN_ADDR, 15, 3);
    refuse_idt(t, "gate into the hypervisor", 0xfff, (unsigned long)idt);
    set_gate(X86_EXC_BP, (unsigned long)entry_bp, 12, 3);
    refuse_idt(t, "call gate", 0xfff, (unsigned long)idt);
    EXPECT_GP(t, "lidt operand in the hypervisor", 1,
              lidt_at(TEST_XEN_ADDR));
    traps_init();               /* the kernel's own table back */
    trap_set_hook(X86_EXC_BP, old);
}

static void test_emul_lgdt(struct test *t)
{
    struct desc_ptr xen = { 0xfff, TEST_XEN_ADDR };
    struct desc_ptr noncanon = { 0xfff, TEST_NONCANON };

    EXPECT_GP(t, "GDT in the hypervisor", 1, lgdt_at((unsigned long)&xen));
    EXPECT_GP(t, "GDT non-canonical", 1, lgdt_at((unsigned long)&noncanon));
    EXPECT_GP(t, "lgdt operand unmapped", 1, lgdt_at(TEST_LOW_ADDR));
}

static void test_emul_cpuid(struct test *t)
{
    uint32_t r[4], native[4];

    xen_cpuid(0x40000000, r);
    expect_true(t, "signature XenVMMXenVMM",
                !memcmp(&r[1], "XenVMMXenVMM", 12));
    expect_true(t, "max leaf >= 0x40000001", r[0] >= 0x40000001);
    xen_cpuid(0x40000001, r);
    expect_eq(t, "version leaf", r[0], HYPERVISOR_xen_version(0, NULL));
    xen_cpuid(1, r);
    expect_true(t, "leaf 1: hypervisor bit", r[2] & (1u << 31));
    xen_cpuid(0, r);
    asm volatile ("cpuid" : "=a"(native[0]), "=b"(native[1]),
                  "=c"(native[2]), "=d"(native[3]) : "a"(0), "c"(0));
    expect_true(t, "leaf 0: the CPU's vendor", !memcmp(r, native, 16));
}

static long event_mask(unsigned long m)
{
    return HYPERVISOR_raw(__HYPERVISOR_xpv_event_mask, m, 0, 0, 0, 0);
}

static void test_emul_event_mask(struct test *t)
{
    static volatile unsigned long n;
    long p = evtchn_bind_ipi(0, count_event, (void *)&n);

    if (!expect_true(t, "bind_ipi", p > 0))
        return;
    expect_eq(t, "mask 1: old 0", event_mask(1), 0);
    expect_eq(t, "masked", upcall_mask(), 1);
    expect_eq(t, "mask 1 again: old 1", event_mask(1), 1);
    evtchn_send((evtchn_port_t)p);
    expect_eq(t, "no upcall while masked", (long)n, 0);
    expect_eq(t, "mask 2", event_mask(2), -XEN_EINVAL);
    expect_eq(t, "mask ~0", event_mask(~0ul), -XEN_EINVAL);
    expect_eq(t, "still masked", upcall_mask(), 1);
    expect_eq(t, "mask 0: old 1", event_mask(0), 1);
    expect_eq(t, "owed upcall delivered", (long)n, 1);
    evtchn_close((evtchn_port_t)p);
}

#define DELTA(field)    ((long)(after.field - before.field))

static void test_emul_counters(struct test *t)
{
    static struct xpv_domain_stats before, after;
    static volatile unsigned long n;
    long p = evtchn_bind_ipi(0, count_event, (void *)&n);

    if (!expect_true(t, "bind_ipi", p > 0) ||
        !expect_eq(t, "domain_stats", get_stats(&before), 0))
        return;
    for (int i = 0; i < 3; i++)
        HYPERVISOR_xen_version(0, NULL);
    cli();
    sti();
    EXPECT_GP(t, "out $0x80", 1, io_out(0x80, 0, 1));
    evtchn_send((evtchn_port_t)p);
    get_stats(&after);
    expect_eq(t, "xen_version +3", DELTA(hypercalls[__HYPERVISOR_xen_version]),
              3);
    expect_eq(t, "xpv_op +1", DELTA(hypercalls[__HYPERVISOR_xpv_op]), 1);
    expect_eq(t, "cli +1", DELTA(emulated[XPV_EMUL_cli]), 1);
    expect_eq(t, "sti +1", DELTA(emulated[XPV_EMUL_sti]), 1);
    expect_eq(t, "out refused +1", DELTA(emul_refused[XPV_EMUL_out]), 1);
    expect_eq(t, "out emulated +0", DELTA(emulated[XPV_EMUL_out]), 0);
    expect_eq(t, "#GP bounced +1", DELTA(exceptions[X86_EXC_GP]), 1);
    expect_eq(t, "events sent +1", DELTA(events_sent), 1);
    expect_eq(t, "upcalls +1", DELTA(upcalls), 1);
    expect_eq(t, "stats into the hypervisor",
              get_stats((struct xpv_domain_stats *)TEST_XEN_ADDR),
              -XEN_EFAULT);
    evtchn_close((evtchn_port_t)p);
}

static void test_emul_audit(struct test *t)
{
    expect_eq(t, "mm audit",
              HYPERVISOR_raw(__HYPERVISOR_xpv_op, XPVOP_mm_audit, 0, 0, 0, 0),
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
    { "emul_cr2_cr3_cr4", test_emul_cr2_cr3_cr4 },
    { "emul_invlpg_wbinvd", test_emul_invlpg_wbinvd },
    { "emul_msr", test_emul_msr },
    { "emul_tsc_deadline", test_emul_tsc_deadline },
    { "emul_lidt", test_emul_lidt },
    { "emul_lgdt", test_emul_lgdt },
    { "emul_cpuid", test_emul_cpuid },
    { "emul_event_mask", test_emul_event_mask },
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
    { "emul_lgdt", test_emul_lgdt },
    { "emul_cpuid", test_emul_cpuid },
};

const struct test_suite selftest_emulate_xen_suite = {
    "emulate_xen", emulate_xen_cases, ARRAY_SIZE(emulate_xen_cases),
    emulate_begin, NULL,
};
