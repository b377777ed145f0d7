/*
 * selftest=emulate, second half: descriptor tables loaded with lidt and
 * lgdt (and their refusals), CPUID through Xen's forced-emulation
 * prefix, the hypercall form of cli/sti (xpv_event_mask), the per-domain
 * counters' exact deltas and the hypervisor's page audit.
 */
#include <guest/aspace.h>
#include "selftest_emulate.h"

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

void test_emul_lidt(struct test *t)
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

void test_emul_lgdt(struct test *t)
{
    struct desc_ptr xen = { 0xfff, TEST_XEN_ADDR };
    struct desc_ptr noncanon = { 0xfff, TEST_NONCANON };

    EXPECT_GP(t, "GDT in the hypervisor", 1, lgdt_at((unsigned long)&xen));
    EXPECT_GP(t, "GDT non-canonical", 1, lgdt_at((unsigned long)&noncanon));
    EXPECT_GP(t, "lgdt operand unmapped", 1, lgdt_at(TEST_LOW_ADDR));
}

/* The limit of 'sel' (lsl: no trap in ring 3), or -1 if it has none. */
static long seg_limit(uint16_t sel)
{
    uint32_t limit = 0;
    uint8_t ok;

    asm volatile ("lsl %2, %0; setz %1" : "=r"(limit), "=qm"(ok)
                  : "r"((uint32_t)sel));
    return ok ? (long)limit : -1;
}

/* A GDT of ours: a DPL-3 data segment with limit 0x12345 at index 5. */
static uint64_t gdt_page[512] __aligned(4096);
#define GDT_TEST_SEL    0x2b            /* index 5, RPL 3 */
#define GDT_TEST_LIMIT  0x12345

/*
 * A native GDT loaded by lgdt (our emulation, as set_gdt): refused
 * while its page is mapped writable (as set_gdt is), loaded once it is
 * read-only, and then its selector shows its limit.  set_gdt(NULL, 0)
 * gives back the hypervisor's flat selectors.
 */
void test_emul_lgdt_load(struct test *t)
{
    unsigned long va = (unsigned long)gdt_page;
    uint64_t pte = pt_read(pt_entry_maddr(mmu_boot_l4(), va, 1));
    struct desc_ptr dp = { 6 * 8 - 1, va };

    gdt_page[5] = (GDT_TEST_LIMIT & 0xffff) | 0xf3ull << 40 |
                  (uint64_t)(GDT_TEST_LIMIT >> 16) << 48 | 0x4ull << 52;
    EXPECT_GP(t, "lgdt of a writable page", 1, lgdt_at((unsigned long)&dp));
    if (!expect_eq(t, "GDT page read-only",
                   HYPERVISOR_update_va_mapping(va, pte & ~PTE_RW,
                                                UVMF_INVLPG), 0))
        return;
    EXPECT_GP(t, "lgdt", 0, lgdt_at((unsigned long)&dp));
    expect_eq(t, "limit of the new GDT's selector", seg_limit(GDT_TEST_SEL),
              GDT_TEST_LIMIT);
    expect_eq(t, "set_gdt(NULL, 0)", HYPERVISOR_set_gdt(NULL, 0), 0);
    expect_eq(t, "GDT page writable again",
              HYPERVISOR_update_va_mapping(va, pte, UVMF_INVLPG), 0);
}

void test_emul_cpuid(struct test *t)
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

void test_emul_event_mask(struct test *t)
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

/*
 * xpv_event_mask's fast path returns with sysretq, which faults in ring 0
 * when the return rip is not canonical (Xen's CVE-2012-0217): a syscall
 * in the last two bytes of the lower half must take the full path, whose
 * iretq to the first non-canonical address becomes a #GP for the guest.
 * The call is still carried out, and the hypervisor carries on.  (QEMU's
 * TCG does not raise Intel's ring-0 #GP on such a sysretq, so there this
 * checks the outcome, not which path produced it.)
 */
#define TOP_PAGE_VA     0x00007ffffffff000ul

extern char noncanonical_resume[];
asm (".pushsection .text\n"
     "noncanonical_resume: ret\n"
     ".popsection");

static volatile struct {
    unsigned int count;
    uint64_t rax;
} noncanon;

/* The #GP past the call: its rax, then back to the caller. */
static bool hook_noncanonical(struct trap_frame *f)
{
    noncanon.count++;
    noncanon.rax = f->rax;
    f->rip = (unsigned long)noncanonical_resume;
    return true;
}

void test_emul_event_mask_top(struct test *t)
{
    unsigned long pfn, rax = __HYPERVISOR_xpv_event_mask, rdi = 1;
    long old = event_mask(0);
    trap_hook_fn prev;
    struct aspace as;

    if (!expect_true(t, "frame", fill_frames(&pfn, 1)) ||
        !expect_eq(t, "aspace_create", aspace_create(&as), 0))
        return;
    expect_eq(t, "aspace_map", aspace_map(&as, TOP_PAGE_VA, pfn,
                                          PTE_USER_RW), 0);
    mmu_flush();
    aspace_activate(&as);
    /* syscall (0f 05) in the page's last two bytes. */
    *(volatile uint8_t *)(TOP_PAGE_VA + PAGE_SIZE - 2) = 0x0f;
    *(volatile uint8_t *)(TOP_PAGE_VA + PAGE_SIZE - 1) = 0x05;
    noncanon.count = 0;
    prev = trap_set_hook(X86_EXC_GP, hook_noncanonical);
    asm volatile ("call *%[stub]"
                  : "+a"(rax), "+D"(rdi)
                  : [stub] "r"(TOP_PAGE_VA + PAGE_SIZE - 2)
                  : "rcx", "r11", "memory");
    trap_set_hook(X86_EXC_GP, prev);
    aspace_activate(NULL);
    aspace_destroy(&as);
    expect_eq(t, "one #GP for the non-canonical return", noncanon.count, 1);
    expect_eq(t, "the call returned the old mask", (long)noncanon.rax, 0);
    expect_eq(t, "and set the new one", upcall_mask(), 1);
    event_mask(old > 0 ? (unsigned long)old : 0);
}

#define DELTA(field)    ((long)(after.field - before.field))

void test_emul_counters(struct test *t)
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

void test_emul_audit(struct test *t)
{
    expect_eq(t, "mm audit",
              HYPERVISOR_raw(__HYPERVISOR_xpv_op, XPVOP_mm_audit, 0, 0, 0, 0),
              0);
}
