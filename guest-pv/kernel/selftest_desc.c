/*
 * selftest=desc: descriptor tables (boot with dom0_max_vcpus=3).
 * set_gdt, update_descriptor and MMUEXT_SET_LDT with Xen's refusals;
 * selectors of the guest's own GDT and LDT loaded from guest mode; a
 * code descriptor asked for with DPL 0 that runs at CPL 3 all the same;
 * HYPERVISOR_iret to a data descriptor as CS (the guest gets the #GP);
 * the failsafe callback on a vCPU's first run with a data selector that
 * does not load; a GDT given in VCPUOP_initialise.  The expected values
 * are Xen 4.17's (xen/arch-x86/xen.h, Xen's check_descriptor rules); the
 * suite runs on real Xen too and its TEST lines must be the same.  The
 * cases with other vCPUs are in selftest_failsafe.c.
 */
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include <guest/console.h>
#include <guest/kmap.h>
#include <guest/mmu.h>
#include <guest/irqflags.h>
#include <guest/traps.h>
#include "selftest_desc.h"

#define STR(x)          #x
#define XSTR(x)         STR(x)

static uint64_t plain_page[512] __aligned(PAGE_SIZE);

const uint64_t desc_gdt_descs[4] = { 0, DATA_DPL3, DATA_DPL0, CODE64_DPL0 };

unsigned long desc_frame(const uint64_t *descs, unsigned int n)
{
    unsigned long mfn = pfn_to_mfn(frame_alloc_zeroed());
    uint64_t *p = kmap(mfn, true);

    memcpy(p, descs, n * sizeof(descs[0]));
    kunmap(p);
    return mfn;
}

static uint64_t read_desc(unsigned long mfn, unsigned int i)
{
    uint64_t *p = kmap(mfn, false);
    uint64_t d = p[i];

    kunmap(p);
    return d;
}

long set_gdt1(unsigned long mfn, unsigned int entries)
{
    xen_ulong_t frames[1] = { mfn };

    return HYPERVISOR_set_gdt(frames, entries);
}

static void test_set_gdt_refusals(struct test *t)
{
    uint64_t bad[] = { 0, DATA_DPL3, 0, 0, 0, TSS_DESC };
    unsigned long good = desc_frame(desc_gdt_descs, 4);
    unsigned long tss = desc_frame(bad, 6);
    uint64_t *w = kmap(good, true);

    expect_eq(t, "too many entries",
              set_gdt1(good, FIRST_RESERVED_GDT_ENTRY + 1), -XEN_EINVAL);
    expect_eq(t, "frame mapped writable", set_gdt1(good, 4), -XEN_EINVAL);
    kunmap(w);
    expect_eq(t, "frame not the domain's", set_gdt1(1, 4), -XEN_EINVAL);
    expect_eq(t, "kernel frame (mapped writable)",
              set_gdt1(kernel_mfn(plain_page), 4), -XEN_EINVAL);
    expect_eq(t, "a page table", set_gdt1(mmu_boot_l4(), 4), -XEN_EINVAL);
    expect_eq(t, "a TSS descriptor", set_gdt1(tss, 6), -XEN_EINVAL);
    expect_eq(t, "list unreadable",
              HYPERVISOR_set_gdt((xen_ulong_t *)TEST_LOW_ADDR, 4),
              -XEN_EFAULT);
    expect_eq(t, "good frame after the refusals", set_gdt1(good, 4), 0);
    expect_eq(t, "no GDT again", HYPERVISOR_set_gdt(NULL, 0), 0);
}

static void test_gdt_selectors(struct test *t)
{
    unsigned long mfn = desc_frame(desc_gdt_descs, 4);
    long rc;

    if (!expect_eq(t, "set_gdt 4 entries", set_gdt1(mfn, 4), 0))
        return;
    expect_eq(t, "DPL 0 data fixed to DPL 3", (long)(read_desc(mfn, 2) ==
                                                     DATA_DPL3), 1);
    expect_true(t, "descriptor page not mappable writable",
                kmap_try(mfn, true, &rc) == NULL);
    info("desc: writable mapping of a GDT frame: %ld\n", rc);
    expect_true(t, "load entry 1", load_es(SEL(1)) && read_es() == SEL(1));
    expect_true(t, "load entry 2 (fixed up)", load_es(SEL(2)));
    expect_true(t, "entry 4 (not present) refused", !load_es(SEL(4)));
    expect_true(t, "entry 8 (beyond the entries) refused", !load_es(SEL(8)));
    expect_true(t, "Xen's flat data selector still there",
                load_es(FLAT_RING3_DS32));
    expect_true(t, "null selector", load_es(0));
    expect_eq(t, "drop the GDT", HYPERVISOR_set_gdt(NULL, 0), 0);
    expect_true(t, "entry 1 gone with it", !load_es(SEL(1)));
    load_es(0);
}

static void test_update_descriptor(struct test *t)
{
    unsigned long mfn = desc_frame(desc_gdt_descs, 4);
    unsigned long own = kernel_mfn(plain_page);

    if (!expect_eq(t, "set_gdt 8 entries", set_gdt1(mfn, 8), 0))
        return;
    expect_eq(t, "entry 4 of the live GDT",
              HYPERVISOR_update_descriptor(maddr_of(mfn, 4), DATA_DPL3), 0);
    expect_true(t, "entry 4 loads now", load_es(SEL(4)));
    load_es(0);
    expect_eq(t, "entry 5, DPL 0",
              HYPERVISOR_update_descriptor(maddr_of(mfn, 5), DATA_DPL0), 0);
    expect_eq(t, "entry 5 stored as DPL 3",
              (long)(read_desc(mfn, 5) == DATA_DPL3), 1);
    expect_eq(t, "a frame mapped writable",
              HYPERVISOR_update_descriptor(maddr_of(own, 3), DATA_DPL0), 0);
    expect_eq(t, "seen through the mapping",
              (long)(plain_page[3] == DATA_DPL3), 1);
    expect_eq(t, "misaligned",
              HYPERVISOR_update_descriptor(maddr_of(mfn, 4) + 4, DATA_DPL3),
              -XEN_EINVAL);
    expect_eq(t, "a TSS descriptor",
              HYPERVISOR_update_descriptor(maddr_of(mfn, 4), TSS_DESC),
              -XEN_EINVAL);
    expect_eq(t, "a call gate into the hypervisor",
              HYPERVISOR_update_descriptor(maddr_of(mfn, 4), GATE_TO_XEN),
              -XEN_EINVAL);
    expect_eq(t, "frame not the domain's",
              HYPERVISOR_update_descriptor(maddr_of(1, 0), DATA_DPL3),
              -XEN_EINVAL);
    expect_eq(t, "a page table",
              HYPERVISOR_update_descriptor(maddr_of(mmu_boot_l4(), 0),
                                           DATA_DPL3), -XEN_EINVAL);
    expect_eq(t, "drop the GDT", HYPERVISOR_set_gdt(NULL, 0), 0);
}

static long set_ldt(unsigned long base, unsigned int ents)
{
    struct mmuext_op op = { .cmd = MMUEXT_SET_LDT };

    op.arg1.linear_addr = base;
    op.arg2.nr_ents = ents;
    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static void test_set_ldt_refusals(struct test *t)
{
    unsigned long base = (unsigned long)plain_page;

    expect_eq(t, "misaligned base", set_ldt(base + 8, 1), -XEN_EINVAL);
    expect_eq(t, "more than 8192 entries", set_ldt(base, 8193),
              -XEN_EINVAL);
    expect_eq(t, "base in the hypervisor's range", set_ldt(TEST_XEN_ADDR, 1),
              -XEN_EINVAL);
    expect_eq(t, "non-canonical base", set_ldt(TEST_NONCANON, 1),
              -XEN_EINVAL);
    expect_eq(t, "an empty LDT", set_ldt(0, 0), 0);
}

/* LDT selectors: index i, table indicator, RPL 3. */
#define LDT_SEL(i)      (((i) << 3) | 4 | 3)

static void test_ldt(struct test *t)
{
    static const uint64_t ldt_descs[] = { DATA_DPL3, DATA_DPL0 };
    unsigned long mfn = desc_frame(ldt_descs, 2);
    uint64_t *ro = kmap(mfn, false);
    long rc;

    if (!expect_eq(t, "SET_LDT 2 entries", set_ldt((unsigned long)ro, 2), 0))
        goto out;
    expect_true(t, "LDT entry 0 loads", load_es(LDT_SEL(0)) &&
                read_es() == LDT_SEL(0));
    expect_true(t, "LDT entry 1 (DPL 0, fixed up) loads",
                load_es(LDT_SEL(1)));
    expect_true(t, "LDT entry 2 (beyond the limit) refused",
                !load_es(LDT_SEL(2)));
    load_es(0);
    expect_true(t, "LDT frame not mappable writable",
                kmap_try(mfn, true, &rc) == NULL);
    expect_eq(t, "SET_LDT on a writable kernel page",
              set_ldt((unsigned long)plain_page, 2), 0);
    expect_true(t, "its entries refused", !load_es(LDT_SEL(0)));
    load_es(0);
    expect_eq(t, "no LDT", set_ldt(0, 0), 0);
    expect_true(t, "LDT entry 0 gone", !load_es(LDT_SEL(0)));
    load_es(0);
out:
    kunmap(ro);
}

/*
 * Far return to code selector 'sel', an int3 there (bounced to the
 * guest's handler and back through HYPERVISOR_iret with that CS), and
 * straight back to the flat CS; returns the CS found after the int3, or 0
 * if the CPU refused the far return (#GP).  Events stay masked meanwhile.
 */
static uint16_t far_return_to(uint16_t sel)
{
    unsigned long flags = local_irq_save();
    unsigned long cs = 0;

    asm volatile("leaq 1f(%%rip), %%rax\n\t"
                 "pushq %q1\n\t"
                 "pushq %%rax\n\t"
                 "2: lretq\n\t"
                 "1: int3\n\t"
                 "mov %%cs, %0\n\t"
                 "leaq 3f(%%rip), %%rax\n\t"
                 "pushq $" XSTR(FLAT_RING3_CS64) "\n\t"
                 "pushq %%rax\n\t"
                 "lretq\n\t"
                 "4: addq $16, %%rsp\n\t"
                 "3:\n\t"
                 EXTABLE_ENTRY("2b", "4b")
                 : "+r"(cs) : "r"((unsigned long)sel) : "rax", "memory");
    local_irq_restore(flags);
    return (uint16_t)cs;
}

static unsigned int bp_count;
static uint64_t bp_cs;

static bool count_bp(struct trap_frame *frame)
{
    bp_count++;
    bp_cs = frame->cs;
    return true;
}

/*
 * Code descriptors of DPL 0 are stored with DPL 3: the guest's own code
 * selector runs it at CPL 3, and asking for RPL 0 faults.  An exception
 * there comes back to that selector through HYPERVISOR_iret.
 */
static void test_no_ring0(struct test *t)
{
    unsigned long mfn = desc_frame(desc_gdt_descs, 4);
    trap_hook_fn old;

    if (!expect_eq(t, "set_gdt with a DPL 0 code descriptor",
                   set_gdt1(mfn, 4), 0))
        return;
    old = trap_set_hook(X86_EXC_BP, count_bp);
    expect_eq(t, "runs at CPL 3", far_return_to(SEL(3)), SEL(3));
    expect_eq(t, "int3 there bounced once", bp_count, 1);
    expect_eq(t, "its frame's CS (kernel mode: RPL 0)", bp_cs & 0xffff,
              SEL(3) & ~3);
    expect_eq(t, "RPL 0 refused", far_return_to(SEL(3) & ~3), 0);
    trap_set_hook(X86_EXC_BP, old);
    expect_eq(t, "back on the flat CS", read_cs(), FLAT_RING3_CS64);
    expect_eq(t, "drop the GDT", HYPERVISOR_set_gdt(NULL, 0), 0);
}

static unsigned int gp_count;
static uint64_t gp_cs, gp_error;

/* Returns from the int3 to CS = a data descriptor of the guest's GDT. */
static bool bp_to_data_cs(struct trap_frame *frame)
{
    frame->cs = SEL(1) & ~3;     /* RPL 0: back to kernel mode */
    return true;
}

/* The #GP of that return: recorded, and resumed on the flat CS. */
static bool gp_from_data_cs(struct trap_frame *frame)
{
    if ((frame->cs & 0xffff) != (SEL(1) & ~3))
        return false;
    gp_count++;
    gp_cs = frame->cs;
    gp_error = frame->error_code;
    frame->cs = FLAT_KERNEL_CS & ~3;
    return true;
}

/*
 * HYPERVISOR_iret accepts the guest's own selectors (Xen checks none); a
 * data descriptor as CS makes the final return fault, and, as on Xen,
 * the guest gets that #GP (error code: the selector) with the frame it
 * asked for.
 */
static void test_iret_fault(struct test *t)
{
    unsigned long mfn = desc_frame(desc_gdt_descs, 4);
    trap_hook_fn old_bp, old_gp;

    if (!expect_eq(t, "set_gdt", set_gdt1(mfn, 4), 0))
        return;
    old_bp = trap_set_hook(X86_EXC_BP, bp_to_data_cs);
    old_gp = trap_set_hook(X86_EXC_GP, gp_from_data_cs);
    asm volatile("int3" ::: "memory");
    trap_set_hook(X86_EXC_GP, old_gp);
    trap_set_hook(X86_EXC_BP, old_bp);
    info("desc: #GP of the return: cs %lx error %lx\n",
         (unsigned long)gp_cs, (unsigned long)gp_error);
    expect_eq(t, "one #GP", gp_count, 1);
    expect_eq(t, "its error code: the selector", gp_error, SEL(1) & ~3);
    expect_eq(t, "resumed on the flat CS", read_cs(), FLAT_RING3_CS64);
    expect_eq(t, "drop the GDT", HYPERVISOR_set_gdt(NULL, 0), 0);
}

static const struct test_case desc_cases[] = {
    { "desc_set_gdt_refusals", test_set_gdt_refusals },
    { "desc_gdt_selectors", test_gdt_selectors },
    { "desc_update_descriptor", test_update_descriptor },
    { "desc_set_ldt_refusals", test_set_ldt_refusals },
    { "desc_ldt", test_ldt },
    { "desc_no_ring0", test_no_ring0 },
    { "desc_iret_fault", test_iret_fault },
    { "desc_failsafe_first_run", test_failsafe_first_run },
    { "desc_gdt_in_context", test_gdt_in_context },
};

const struct test_suite selftest_desc_suite = {
    "desc", desc_cases, ARRAY_SIZE(desc_cases), NULL, NULL,
};

