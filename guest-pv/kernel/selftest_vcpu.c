/*
 * selftest=vcpus: a second vCPU brought up with VCPUOP_initialise and
 * VCPUOP_up (boot with dom0_max_vcpus=2), and vcpu_op's refusals.
 * selftest=domwait: dom0 waits for a domU's end (VIRQ_DOM_EXC) before
 * it powers the machine off, since the hardware domain's shutdown ends
 * every domain (Xen).
 *
 * Expected values are Xen 4.17's documented ones (xen/vcpu.h and Xen's
 * common/domain.c do_vcpu_op); where ours differs, the comment says so.
 */
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include <xen/vcpu.h>
#include <guest/console.h>
#include <guest/events.h>
#include <guest/hypervisor.h>
#include <guest/layout.h>
#include <guest/mm.h>
#include <guest/mmu.h>
#include <guest/selftest.h>
#include <guest/thread.h>
#include <guest/time.h>

#define VCPU1_STACK_SIZE 8192
#define WAIT_TRIES       100000      /* yields before giving up */

static char vcpu1_stack[VCPU1_STACK_SIZE] __attribute__((aligned(16)));
static volatile int vcpu1_ran;
/* 5 KiB: static, not on the kernel stack. */
static struct vcpu_guest_context ctxt;

/*
 * vCPU 1's whole life: one line, a flag, then it takes itself down.
 * Events stay masked and it has no trap table: it must not fault.
 */
static void __noreturn vcpu1_main(void)
{
    static const char msg[] = "vcpu 1: up and running\n";

    (void)HYPERVISOR_console_io(CONSOLEIO_write, sizeof(msg) - 1,
                                (void *)msg);
    vcpu1_ran = 1;
    for (;;)
        (void)HYPERVISOR_vcpu_op(VCPUOP_down, 1, NULL);
}

/* A context Xen accepts: kernel mode at vcpu1_main on its own stack. */
static void good_context(struct vcpu_guest_context *c)
{
    memset(c, 0, sizeof(*c));
    c->flags = VGCF_in_kernel | VGCF_online;
    c->user_regs.rip = (unsigned long)vcpu1_main;
    /* As after a call: rsp + 8 is 16-byte aligned at the entry. */
    c->user_regs.rsp = (unsigned long)vcpu1_stack + VCPU1_STACK_SIZE - 8;
    c->user_regs.cs = FLAT_KERNEL_CS;
    c->user_regs.ss = FLAT_KERNEL_SS;
    c->user_regs.rflags = 0x202;
    c->kernel_ss = FLAT_KERNEL_SS;
    c->kernel_sp = c->user_regs.rsp;
    c->ctrlreg[3] = xen_pfn_to_cr3(mmu_boot_l4());
}

static long initialise(struct vcpu_guest_context *c)
{
    return HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, c);
}

static void test_vcpu_refusals(struct test *t)
{
    struct vcpu_runstate_info rs;

    expect_eq(t, "is_up(1) before up", HYPERVISOR_vcpu_op(VCPUOP_is_up, 1,
                                                          NULL), 0);
    expect_eq(t, "up(1) without initialise",
              HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), -XEN_EINVAL);
    expect_eq(t, "is_up(64): no such vCPU",
              HYPERVISOR_vcpu_op(VCPUOP_is_up, 64, NULL), -XEN_ENOENT);
    expect_eq(t, "runstate of vCPU 8 (beyond max_vcpus)",
              HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 8, &rs),
              -XEN_ENOENT);
    expect_eq(t, "unknown sub-op 99", HYPERVISOR_vcpu_op(99, 0, NULL),
              -XEN_ENOSYS);
    expect_eq(t, "initialise(0): vCPU 0 already has a context",
              HYPERVISOR_vcpu_op(VCPUOP_initialise, 0, &ctxt), -XEN_EEXIST);
    expect_eq(t, "initialise from an unmapped page",
              HYPERVISOR_vcpu_op(VCPUOP_initialise, 1,
                                 (void *)TEST_LOW_ADDR), -XEN_EFAULT);
}

/* One bad field each; every refusal leaves vCPU 1 uninitialised. */
static void test_vcpu_bad_context(struct test *t)
{
    good_context(&ctxt);
    ctxt.user_regs.rip = TEST_NONCANON;
    expect_eq(t, "non-canonical rip", initialise(&ctxt), -XEN_EINVAL);
    good_context(&ctxt);
    ctxt.user_regs.rip = TEST_XEN_ADDR;
    expect_eq(t, "rip in Xen's range", initialise(&ctxt), -XEN_EINVAL);
    good_context(&ctxt);
    ctxt.user_regs.cs = 0x10;
    expect_eq(t, "code selector not Xen's flat one", initialise(&ctxt),
              -XEN_EINVAL);
    good_context(&ctxt);
    ctxt.event_callback_eip = TEST_NONCANON;
    expect_eq(t, "non-canonical event callback", initialise(&ctxt),
              -XEN_EINVAL);
    good_context(&ctxt);
    ctxt.trap_ctxt[3].address = TEST_XEN_ADDR;
    expect_eq(t, "trap handler in Xen's range", initialise(&ctxt),
              -XEN_EINVAL);
    good_context(&ctxt);
    /* A frame of the kernel image, mapped writable: never an L4. */
    ctxt.ctrlreg[3] = xen_pfn_to_cr3(pfn_to_mfn(
        ((unsigned long)vcpu1_stack - KERNEL_VIRT_BASE) >> PAGE_SHIFT));
    expect_eq(t, "cr3 a writable frame", initialise(&ctxt), -XEN_EINVAL);
    good_context(&ctxt);
    ctxt.ctrlreg[3] = 0;
    expect_eq(t, "no cr3", initialise(&ctxt), -XEN_EINVAL);
    good_context(&ctxt);
    ctxt.fs_base = TEST_NONCANON;
    expect_eq(t, "non-canonical fs_base", initialise(&ctxt), -XEN_EINVAL);
    expect_eq(t, "still not up", HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL),
              -XEN_EINVAL);
}

static bool wait_for(bool (*cond)(void))
{
    for (unsigned int i = 0; i < WAIT_TRIES && !cond(); i++)
        (void)HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    return cond();
}

static bool vcpu1_has_run(void)
{
    return vcpu1_ran;
}

static bool vcpu1_is_down(void)
{
    return HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL) == 0;
}

static void test_vcpu_up(struct test *t)
{
    struct vcpu_runstate_info rs;

    good_context(&ctxt);
    expect_eq(t, "initialise(1)", initialise(&ctxt), 0);
    expect_eq(t, "initialise(1) twice", initialise(&ctxt), -XEN_EEXIST);
    expect_eq(t, "up(1)", HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), 0);
    expect_true(t, "vCPU 1 ran", wait_for(vcpu1_has_run));
    expect_true(t, "vCPU 1 took itself down", wait_for(vcpu1_is_down));
    expect_eq(t, "runstate of vCPU 1",
              HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 1, &rs), 0);
    info("vcpu 1 runstate %d, running %lu ns\n", rs.state,
         (unsigned long)rs.time[RUNSTATE_running]);
    expect_eq(t, "vCPU 1 offline", rs.state, RUNSTATE_offline);
    expect_true(t, "vCPU 1 has run time", rs.time[RUNSTATE_running] > 0);
    expect_eq(t, "runstate of vCPU 0",
              HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &rs), 0);
    expect_eq(t, "vCPU 0 running", rs.state, RUNSTATE_running);
}

static const struct test_case vcpu_cases[] = {
    { "vcpu_refusals", test_vcpu_refusals },
    { "vcpu_bad_context", test_vcpu_bad_context },
    { "vcpu_up", test_vcpu_up },
};

const struct test_suite selftest_vcpus_suite = {
    "vcpus", vcpu_cases, ARRAY_SIZE(vcpu_cases), NULL, NULL,
};

/* ---- selftest=domwait ---- */

#define DOMWAIT_NS      (30ull * 1000000000ull)
#define DOMWAIT_STEP_NS (10ull * 1000000ull)

static volatile int dom_exc_seen;

static void dom_exc(evtchn_port_t port, struct trap_frame *frame, void *data)
{
    (void)port;
    (void)frame;
    (void)data;
    dom_exc_seen = 1;
}

static void test_domu_exit(struct test *t)
{
    uint64_t end = time_now() + DOMWAIT_NS;

    if (!expect_true(t, "bind VIRQ_DOM_EXC",
                     evtchn_bind_virq(VIRQ_DOM_EXC, 0, dom_exc, NULL) > 0))
        return;
    while (!dom_exc_seen && time_now() < end)
        thread_sleep(DOMWAIT_STEP_NS);
    expect_true(t, "VIRQ_DOM_EXC within 30 s", dom_exc_seen);
}

static const struct test_case domwait_cases[] = {
    { "domu_exit", test_domu_exit },
};

const struct test_suite selftest_domwait_suite = {
    "domwait", domwait_cases, ARRAY_SIZE(domwait_cases), NULL, NULL,
};
