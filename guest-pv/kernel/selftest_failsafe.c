/*
 * The failsafe callback (and a GDT given in VCPUOP_initialise), for the
 * suites of selftest_desc.c.
 *
 * selftest=desc, with other vCPUs (dom0_max_vcpus=3): vCPU 1 starts with
 * a data selector that does not load and must enter its failsafe
 * callback with Xen's frame; vCPU 2 starts with its own GDT and its
 * selectors from it.
 *
 * selftest=desc_reload (ours only: Xen switches vCPUs lazily, so when it
 * reloads a selector is not deterministic there): a descriptor made
 * not-present by update_descriptor while its selector is loaded; the
 * next reload, after the vCPU blocked, goes to the failsafe callback;
 * then the same without a failsafe callback, which crashes the domain.

 */
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include <xen/callback.h>
#include <xen/vcpu.h>
#include <guest/console.h>
#include <guest/hypervisor.h>
#include <guest/mmu.h>
#include <guest/thread.h>
#include <guest/traps.h>
#include "selftest_desc.h"

#define STR(x)          #x
#define XSTR(x)         STR(x)

#define VCPU_STACK_SIZE 8192
#define WAIT_TRIES      2000            /* 2 s in all */
#define WAIT_STEP_NS    (1000 * 1000)

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

void test_failsafe_first_run(struct test *t)
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

void test_gdt_in_context(struct test *t)
{
    unsigned long mfn = desc_frame(desc_gdt_descs, 4);

    vcpu_context(2, vcpu2_main);
    ctxt.gdt_ents = FIRST_RESERVED_GDT_ENTRY + 1;
    ctxt.gdt_frames[0] = mfn;
    expect_eq(t, "too many GDT entries",
              HYPERVISOR_vcpu_op(VCPUOP_initialise, 2, &ctxt), -XEN_EINVAL);
    ctxt.gdt_ents = 4;
    ctxt.gdt_frames[0] = kernel_mfn(vcpu_stack);
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

/* ---- selftest=desc_reload ---- */

/* The last failsafe frame, and how many there were. */
volatile uint64_t desc_fs_frame[11];
volatile int desc_fs_calls;

/*
 * Records the frame (rcx, r11, ds, es, fs, gs, rip, cs, rflags, rsp, ss)
 * and carries on where the guest was, with the null selectors the hypervisor left: rcx and r11 from the
 * frame (their live values are the callback's to use), then
 * HYPERVISOR_iret over [flags 0, rip, cs, rflags, rsp, ss] (the iret
 * stub pushes rcx, r11 and rax).
 */
extern char desc_resume_failsafe[];
asm(".pushsection .text\n"
    ".globl desc_resume_failsafe\n"
    "desc_resume_failsafe:\n\t"
    "push %rax\n\t"
    "xor %ecx, %ecx\n"
    "1:\t"
    "mov 8(%rsp,%rcx,8), %r11\n\t"
    "mov %r11, desc_fs_frame(,%rcx,8)\n\t"
    "inc %ecx\n\t"
    "cmp $11, %ecx\n\t"
    "jb 1b\n\t"
    "lock incl desc_fs_calls(%rip)\n\t"
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
    unsigned long mfn = desc_frame(desc_gdt_descs, 4);

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
    if (!reload_bad_es(t, (unsigned long)desc_resume_failsafe))
        return;
    expect_eq(t, "failsafe callback once", desc_fs_calls, 1);
    expect_eq(t, "frame es", desc_fs_frame[3], SEL(1));
    expect_eq(t, "frame ds", desc_fs_frame[2], read_ds());
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
