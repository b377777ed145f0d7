/*
 * selftest=domctl_domu, run by a domU (domu=1): every privileged
 * operation is refused with -EPERM - domctl and sysctl (after the
 * interface version, which Xen checks first), memory_op on another
 * domain's behalf, mmu_update mapping another domain's frames, mmuext_op
 * on another domain's.  The
 * domain it names is dom0, which exists: a refusal must not depend on
 * the target's existence being hidden.
 */
#include <xen/errno.h>
#include <guest/mm.h>
#include <guest/mmu.h>
#include "selftest_domctl.h"

static void test_domctl_eperm(struct test *t)
{
    struct xen_domctl op = { 0 };
    uint32_t cmds[] = {
        XEN_DOMCTL_createdomain, XEN_DOMCTL_destroydomain,
        XEN_DOMCTL_pausedomain, XEN_DOMCTL_unpausedomain,
        XEN_DOMCTL_getdomaininfo, XEN_DOMCTL_max_mem,
        XEN_DOMCTL_max_vcpus, XEN_DOMCTL_setvcpucontext,
        XEN_DOMCTL_getvcpucontext, XEN_DOMCTL_getvcpuinfo,
        XEN_DOMCTL_setvcpuaffinity, XEN_DOMCTL_getvcpuaffinity,
        XEN_DOMCTL_scheduler_op, XEN_DOMCTL_setdomainhandle,
        XEN_DOMCTL_hypercall_init, 200,
    };

    for (unsigned int i = 0; i < ARRAY_SIZE(cmds); i++) {
        memset(&op, 0, sizeof(op));
        if (!expect_eq(t, "domctl", domctl(cmds[i], 0, &op), -XEN_EPERM))
            return;
    }
    op.cmd = XEN_DOMCTL_getdomaininfo;
    op.interface_version = 0;
    expect_eq(t, "domctl with a bad version", HYPERVISOR_domctl(&op),
              -XEN_EACCES);
}

static void test_sysctl_eperm(struct test *t)
{
    uint32_t cmds[] = {
        XEN_SYSCTL_readconsole, XEN_SYSCTL_physinfo, XEN_SYSCTL_sched_id,
        XEN_SYSCTL_getdomaininfolist, 200,
    };
    struct xen_sysctl op = { 0 };

    for (unsigned int i = 0; i < ARRAY_SIZE(cmds); i++) {
        memset(&op, 0, sizeof(op));
        if (!expect_eq(t, "sysctl", sysctl(cmds[i], &op), -XEN_EPERM))
            return;
    }
}

static void test_foreign_eperm(struct test *t)
{
    domid_t dom0 = 0;
    xen_pfn_t mfn = 0;
    struct mmuext_op pin = { .cmd = MMUEXT_PIN_L1_TABLE, .arg1.mfn = 0 };
    mmu_update_t req = {
        .ptr = pt_entry_maddr(mmu_boot_l4(), 0xffffffff80000000ul, 1),
        .val = 0,
    };
    struct sched_remote_shutdown rs = { .domain_id = 0,
                                        .reason = SHUTDOWN_poweroff };

    expect_eq(t, "populate for dom0", domctl_populate(0, &mfn, 1), 0);
    expect_eq(t, "current_reservation of dom0",
              HYPERVISOR_memory_op(XENMEM_current_reservation, &dom0),
              -XEN_EPERM);
    mmu_flush();
    expect_eq(t, "mmu_update foreigndom dom0",
              HYPERVISOR_mmu_update(&req, 1, NULL, 0), -XEN_EPERM);
    expect_eq(t, "mmu_update foreigndom dom0, no request",
              HYPERVISOR_mmu_update(&req, 0, NULL, 0), 0);
    expect_eq(t, "mmuext_op foreigndom dom0",
              HYPERVISOR_mmuext_op(&pin, 1, NULL, 0), -XEN_EPERM);
    /* Shutting down another domain is the toolstack's (Xen's XSM). */
    expect_eq(t, "remote_shutdown of dom0",
              HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), -XEN_EPERM);
    rs.domain_id = DOMCTL_NO_DOMID;
    expect_eq(t, "remote_shutdown of no domain",
              HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), -XEN_ESRCH);
}

static const struct test_case domu_cases[] = {
    { "domctl_eperm", test_domctl_eperm },
    { "sysctl_eperm", test_sysctl_eperm },
    { "foreign_eperm", test_foreign_eperm },
};

const struct test_suite selftest_domctl_domu_suite = {
    "domctl_domu", domu_cases, ARRAY_SIZE(domu_cases), NULL, NULL,
};
