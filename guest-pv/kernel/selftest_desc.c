/*
 * selftest=desc: descriptor tables (boot with dom0_max_vcpus=3).
 * set_gdt, update_descriptor and MMUEXT_SET_LDT with Xen's refusals;
 * selectors of the guest's own GDT and LDT loaded from guest mode; the
 * failsafe callback on a vCPU's first run with a data selector that does
 * not load; a GDT given in VCPUOP_initialise.  The expected values are Xen
 * 4.17's (xen/arch-x86/xen.h, Xen's check_descriptor rules); the suite
 * runs on real Xen too and its TEST lines must be the same.
 *
 * selftest=desc_reload (ours only: Xen switches vCPUs lazily, so when it
 * reloads a selector is not deterministic there): a descriptor made
 * not-present by update_descriptor while its selector is loaded; the
 * next reload, after the vCPU blocked, goes to the failsafe callback.
 */
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include <xen/callback.h>
#include <xen/vcpu.h>
#include <guest/console.h>
#include <guest/extable.h>
#include <guest/hypervisor.h>
#include <guest/kmap.h>
#include <guest/layout.h>
#include <guest/mm.h>
#include <guest/mmu.h>
#include <guest/selftest.h>
#include <guest/thread.h>
#include <guest/traps.h>

/* Descriptors, accessed bit set (so the CPU never writes them). */
#define DATA_DPL3       0x00cff3000000ffffUL
#define DATA_DPL0       0x00cf93000000ffffUL    /* Xen makes it DPL 3 */
#define CODE64_DPL0     0x00af9b000000ffffUL
#define TSS_DESC        0x0000890000000000UL
#define GATE_TO_XEN     0x0000ec00e0081000UL    /* call gate to 0xe008 */
/* Selectors of entries 1..4 with RPL 3. */
#define SEL(i)          (((i) << 3) | 3)

#define STR(x)          #x
#define XSTR(x)         STR(x)

#define VCPU_STACK_SIZE 8192
#define WAIT_TRIES      2000            /* 2 s in all */
#define WAIT_STEP_NS    (1000 * 1000)

static uint64_t plain_page[512] __aligned(PAGE_SIZE);

static inline uint16_t read_es(void)
{
    uint16_t s;

    asm volatile("mov %%es, %0" : "=r"(s));
    return s;
}

static inline uint16_t read_ds(void)
{
    uint16_t s;

    asm volatile("mov %%ds, %0" : "=r"(s));
    return s;
}

/* Loads %es from guest mode; false if the CPU refused it (#GP). */
static bool load_es(uint16_t sel)
{
    int ok = 1;

    asm volatile("1: mov %w1, %%es\n\t"
                 "jmp 3f\n\t"
                 "2: movl $0, %0\n\t"
                 "3:\n\t"
                 EXTABLE_ENTRY("1b", "2b")
                 : "+r"(ok) : "r"(sel) : "memory");
    return ok;
}

static unsigned long kernel_mfn(const void *p)
{
    return pfn_to_mfn(((unsigned long)p - KERNEL_VIRT_BASE) >> PAGE_SHIFT);
}

/* A fresh frame with 'n' descriptors, mapped nowhere: ready for set_gdt. */
static unsigned long desc_frame(const uint64_t *descs, unsigned int n)
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

static long set_gdt1(unsigned long mfn, unsigned int entries)
{
    xen_ulong_t frames[1] = { mfn };

    return HYPERVISOR_set_gdt(frames, entries);
}

static const uint64_t gdt_descs[] = { 0, DATA_DPL3, DATA_DPL0, CODE64_DPL0 };

static void test_set_gdt_refusals(struct test *t)
{
    uint64_t bad[] = { 0, DATA_DPL3, 0, 0, 0, TSS_DESC };
    unsigned long good = desc_frame(gdt_descs, 4);
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
    unsigned long mfn = desc_frame(gdt_descs, 4);
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

static uint64_t maddr_of(unsigned long mfn, unsigned int i)
{
    return ((uint64_t)mfn << PAGE_SHIFT) + i * 8;
}

static void test_update_descriptor(struct test *t)
{
    unsigned long mfn = desc_frame(gdt_descs, 4);
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

/* ---- other vCPUs: the failsafe callback and a GDT in their context ---- */

static char vcpu_stack[3][VCPU_STACK_SIZE] __aligned(16);
static struct vcpu_guest_context ctxt;

/* What the failsafe callback found (vCPU 1). */
static volatile uint64_t fs_frame[11];
static volatile uint16_t fs_ds_now;
static volatile uint8_t fs_mask_now;
static volatile int fs_calls;
/* What vCPU 2 found in its selectors. */
static volatile uint16_t v2_ds, v2_es;
static volatile int v2_ran;

static void __noreturn vcpu_down(unsigned int id)
{
    for (;;)
        (void)HYPERVISOR_vcpu_op(VCPUOP_down, id, NULL);
}

void __noreturn desc_vcpu_failsafe(const uint64_t *frame);

void __noreturn desc_vcpu_failsafe(const uint64_t *frame)
{
    for (unsigned int i = 0; i < 11; i++)
        fs_frame[i] = frame[i];
    fs_ds_now = read_ds();
    fs_mask_now = shared_info->vcpu_info[1].evtchn_upcall_mask;
    __atomic_add_fetch(&fs_calls, 1, __ATOMIC_SEQ_CST);
    vcpu_down(1);
}

/* The frame is 11 words at %rsp: hand it to C on an aligned stack. */
extern char desc_vcpu_failsafe_entry[];
asm(".pushsection .text\n"
    ".globl desc_vcpu_failsafe_entry\n"
    "desc_vcpu_failsafe_entry:\n\t"
    "mov %rsp, %rdi\n\t"
    "and $-16, %rsp\n\t"
    "call desc_vcpu_failsafe\n\t"
    "ud2\n"
    ".popsection");

static void __noreturn vcpu1_main(void)
{
    /* Reached only if ds loaded, which it must not. */
    vcpu_down(1);
}

static void __noreturn vcpu2_main(void)
{
    v2_ds = read_ds();
    v2_es = read_es();
    v2_ran = 1;
    vcpu_down(2);
}

static void vcpu_context(unsigned int id, void (*fn)(void))
{
    memset(&ctxt, 0, sizeof(ctxt));
    /* Not VGCF_online: on Xen that clears "down" without a wake-up, and
     * VCPUOP_up then does not wake the vCPU either (Linux sets neither). */
    ctxt.flags = VGCF_in_kernel | VGCF_failsafe_disables_events;
    ctxt.user_regs.rip = (unsigned long)fn;
    ctxt.user_regs.rsp = (unsigned long)vcpu_stack[id] + VCPU_STACK_SIZE - 8;
    ctxt.user_regs.cs = FLAT_KERNEL_CS;
    ctxt.user_regs.ss = FLAT_KERNEL_SS;
    ctxt.user_regs.rflags = 0x202;
    ctxt.kernel_ss = FLAT_KERNEL_SS;
    ctxt.kernel_sp = ctxt.user_regs.rsp;
    ctxt.failsafe_callback_eip = (unsigned long)desc_vcpu_failsafe_entry;
    ctxt.ctrlreg[3] = xen_pfn_to_cr3(mmu_boot_l4());
}

/*
 * Sleeps (blocks) rather than yields: Xen's credit2 may keep a yielding
 * vCPU 0 on the only CPU, a blocked one it cannot.
 */
static bool wait_flag(volatile int *flag)
{
    for (unsigned int i = 0; i < WAIT_TRIES && !*flag; i++)
        thread_sleep(WAIT_STEP_NS);
    return *flag;
}

static void test_failsafe_first_run(struct test *t)
{
    vcpu_context(1, vcpu1_main);
    ctxt.user_regs.ds = SEL(1);     /* no GDT: not present */
    if (!expect_eq(t, "initialise vCPU 1 with ds 0x0b",
                   HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &ctxt), 0))
        return;
    shared_info->vcpu_info[1].evtchn_upcall_mask = 0;
    expect_eq(t, "up(1)", HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), 0);
    if (!expect_true(t, "failsafe callback ran", wait_flag(&fs_calls))) {
        struct vcpu_runstate_info rs;

        HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 1, &rs);
        info("desc: vCPU 1 runstate %d running %lu up %ld\n", rs.state,
             (unsigned long)rs.time[RUNSTATE_running],
             HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL));
        return;
    }
    info("desc: failsafe frame rcx %lx r11 %lx ds %lx es %lx fs %lx gs %lx "
         "rip %lx cs %lx rflags %lx rsp %lx ss %lx\n", fs_frame[0],
         fs_frame[1], fs_frame[2], fs_frame[3], fs_frame[4], fs_frame[5],
         fs_frame[6], fs_frame[7], fs_frame[8], fs_frame[9], fs_frame[10]);
    expect_eq(t, "frame ds", fs_frame[2], SEL(1));
    expect_eq(t, "frame es fs gs", fs_frame[3] | fs_frame[4] | fs_frame[5],
              0);
    expect_eq(t, "frame rip", fs_frame[6], (long)vcpu1_main);
    expect_eq(t, "frame cs", fs_frame[7] & 0xfffc, FLAT_KERNEL_CS & 0xfffc);
    expect_eq(t, "frame saved mask", (fs_frame[7] >> 32) & 0xff, 0);
    expect_eq(t, "frame rflags.IF", (fs_frame[8] >> 9) & 1, 1);
    expect_eq(t, "frame rsp", fs_frame[9], ctxt.user_regs.rsp);
    expect_eq(t, "frame ss", fs_frame[10] | 3, FLAT_KERNEL_SS);
    expect_eq(t, "ds null in the callback", fs_ds_now, 0);
    expect_eq(t, "events masked (failsafe_disables_events)", fs_mask_now, 1);
    expect_eq(t, "called once", fs_calls, 1);
}

static void test_gdt_in_context(struct test *t)
{
    unsigned long mfn = desc_frame(gdt_descs, 4);

    vcpu_context(2, vcpu2_main);
    ctxt.gdt_ents = FIRST_RESERVED_GDT_ENTRY + 1;
    ctxt.gdt_frames[0] = mfn;
    expect_eq(t, "too many GDT entries",
              HYPERVISOR_vcpu_op(VCPUOP_initialise, 2, &ctxt), -XEN_EINVAL);
    ctxt.gdt_ents = 4;
    ctxt.gdt_frames[0] = kernel_mfn(plain_page);
    expect_eq(t, "GDT frame mapped writable",
              HYPERVISOR_vcpu_op(VCPUOP_initialise, 2, &ctxt), -XEN_EINVAL);
    ctxt.gdt_frames[0] = mfn;
    ctxt.user_regs.ds = SEL(1);
    ctxt.user_regs.es = SEL(2);
    if (!expect_eq(t, "initialise vCPU 2 with a GDT",
                   HYPERVISOR_vcpu_op(VCPUOP_initialise, 2, &ctxt), 0))
        return;
    expect_eq(t, "up(2)", HYPERVISOR_vcpu_op(VCPUOP_up, 2, NULL), 0);
    if (!expect_true(t, "vCPU 2 ran", wait_flag(&v2_ran)))
        return;
    expect_eq(t, "vCPU 2 ds", v2_ds, SEL(1));
    expect_eq(t, "vCPU 2 es", v2_es, SEL(2));
    expect_eq(t, "no failsafe for vCPU 2", fs_calls, 1);
}

static const struct test_case desc_cases[] = {
    { "desc_set_gdt_refusals", test_set_gdt_refusals },
    { "desc_gdt_selectors", test_gdt_selectors },
    { "desc_update_descriptor", test_update_descriptor },
    { "desc_set_ldt_refusals", test_set_ldt_refusals },
    { "desc_ldt", test_ldt },
    { "desc_failsafe_first_run", test_failsafe_first_run },
    { "desc_gdt_in_context", test_gdt_in_context },
};

const struct test_suite selftest_desc_suite = {
    "desc", desc_cases, ARRAY_SIZE(desc_cases), NULL, NULL,
};

/* ---- selftest=desc_reload ---- */

/* The selectors the failsafe frame carried (ds es fs gs), and calls. */
volatile uint64_t desc_reload_sel[4];
volatile int desc_reload_calls;

/*
 * A failsafe callback that records the selectors and carries on where
 * the guest was, with the null selectors the hypervisor left: rcx and r11
 * from the frame, then HYPERVISOR_iret over [flags 0, rip, cs, rflags,
 * rsp, ss] (the iret stub pushes rcx, r11 and rax).
 */
extern char desc_reload_failsafe[];
asm(".pushsection .text\n"
    ".globl desc_reload_failsafe\n"
    "desc_reload_failsafe:\n\t"
    "push %rax\n\t"
    "mov 24(%rsp), %rax\n\t"
    "mov %rax, desc_reload_sel(%rip)\n\t"
    "mov 32(%rsp), %rax\n\t"
    "mov %rax, desc_reload_sel+8(%rip)\n\t"
    "mov 40(%rsp), %rax\n\t"
    "mov %rax, desc_reload_sel+16(%rip)\n\t"
    "mov 48(%rsp), %rax\n\t"
    "mov %rax, desc_reload_sel+24(%rip)\n\t"
    "lock incl desc_reload_calls(%rip)\n\t"
    "pop %rax\n\t"
    "mov (%rsp), %rcx\n\t"
    "mov 8(%rsp), %r11\n\t"
    "add $0x30, %rsp\n\t"
    "pushq $0\n\t"
    "jmp hypercall_page + " XSTR(__HYPERVISOR_iret) " * 32\n"
    ".popsection");

/*
 * Events masked on entry: an upcall on top of the failsafe frame could
 * switch threads before the handler has run.  Its iret unmasks them.
 */
static long register_failsafe(unsigned long eip)
{
    struct callback_register cb = {
        .type = CALLBACKTYPE_failsafe, .address = eip,
        .flags = CALLBACKF_mask_events,
    };

    return HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
}

/*
 * With 'failsafe' as the failsafe callback: %es = a GDT entry that
 * update_descriptor then makes not present, and a 10 ms sleep, which
 * blocks the vCPU (the CPU idles) so that the way back reloads %es.
 * Returns the GDT frame, 0 if a step failed.
 */
static unsigned long reload_bad_es(struct test *t, unsigned long failsafe)
{
    unsigned long mfn = desc_frame(gdt_descs, 4);

    if (!expect_eq(t, "failsafe callback", register_failsafe(failsafe), 0) ||
        !expect_eq(t, "set_gdt", set_gdt1(mfn, 4), 0) ||
        !expect_true(t, "es = entry 1", load_es(SEL(1))) ||
        !expect_eq(t, "entry 1 made not present",
                   HYPERVISOR_update_descriptor(maddr_of(mfn, 1), 0), 0) ||
        !expect_eq(t, "es still loaded (cached)", read_es(), SEL(1)))
        return 0;
    thread_sleep(10 * 1000 * 1000);
    return mfn;
}

static void test_reload_after_update(struct test *t)
{
    if (!reload_bad_es(t, (unsigned long)desc_reload_failsafe))
        return;
    expect_eq(t, "failsafe callback once", desc_reload_calls, 1);
    expect_eq(t, "frame es", desc_reload_sel[1], SEL(1));
    expect_eq(t, "frame ds", desc_reload_sel[0], read_ds());
    expect_eq(t, "es null now", read_es(), 0);
    expect_eq(t, "drop the GDT", HYPERVISOR_set_gdt(NULL, 0), 0);
    expect_eq(t, "kernel's failsafe callback back",
              register_failsafe((unsigned long)entry_failsafe), 0);
}

/* No failsafe callback: the hypervisor crashes the domain instead. */
static void test_reload_no_failsafe(struct test *t)
{
    info("desc: expecting the hypervisor to crash this domain\n");
    reload_bad_es(t, 0);
    test_fail(t, "still running after a failed reload without failsafe");
}

static const struct test_case desc_reload_cases[] = {
    { "desc_reload_after_update", test_reload_after_update },
    { "desc_reload_no_failsafe", test_reload_no_failsafe },
};

const struct test_suite selftest_desc_reload_suite = {
    "desc_reload", desc_reload_cases, ARRAY_SIZE(desc_reload_cases), NULL,
    NULL,
};
