/*
 * selftest=domctl, run as dom0: the toolstack's privileged hypercalls.
 * This file: the helpers every case shares, and the cases on domains,
 * vCPUs, scheduling, the console ring and the refusals; memory and
 * foreign mappings are in selftest_domctl_mem.c.
 *
 * The expected results are Xen 4.17's (the suite also runs as real Xen's
 * dom0 and its TEST lines are compared); values that differ between
 * hypervisors (frame numbers, page counts, times, CPU counts, the
 * scheduler's id) appear only on info lines.
 */
#include <xen/errno.h>
#include <guest/console.h>
#include <guest/lib.h>
#include <abi/ext.h>
#include "selftest_domctl.h"
#include "../dom0/xc_call.h"

/* dom0's toolstack calls (guest-pv/dom0/xc_call.h), as results. */
long domctl(uint32_t cmd, domid_t domid, struct xen_domctl *op)
{
    return xc_domctl(cmd, domid, op);
}

long sysctl(uint32_t cmd, struct xen_sysctl *op)
{
    return xc_sysctl(cmd, op);
}

long domctl_create(struct test *t)
{
    struct xen_domctl op = { 0 };
    struct xen_domctl_createdomain *c = &op.u.createdomain;
    domid_t id;
    long rc;

    c->max_vcpus = DOMCTL_VCPUS;
    c->max_evtchn_port = 1023;
    c->max_grant_frames = -1;
    c->max_maptrack_frames = -1;
    c->grant_opts = XEN_DOMCTL_GRANT_version(1);
    rc = domctl(XEN_DOMCTL_createdomain, 0, &op);
    if (!expect_eq(t, "createdomain", rc, 0))
        return rc;
    id = op.domain;
    memset(&op, 0, sizeof(op));
    op.u.max_vcpus.max = DOMCTL_VCPUS;
    expect_eq(t, "max_vcpus", domctl(XEN_DOMCTL_max_vcpus, id, &op), 0);
    memset(&op, 0, sizeof(op));
    op.u.max_mem.max_memkb = DOMCTL_MAX_KB;
    expect_eq(t, "max_mem", domctl(XEN_DOMCTL_max_mem, id, &op), 0);
    return id;
}

void domctl_destroy(struct test *t, domid_t domid)
{
    struct xen_domctl op = { 0 };

    expect_eq(t, "destroydomain", domctl(XEN_DOMCTL_destroydomain, domid,
                                         &op), 0);
}

long domctl_free_pages(void)
{
    struct xen_sysctl op = { 0 };
    long rc = sysctl(XEN_SYSCTL_physinfo, &op);

    return rc ? rc : (long)op.u.physinfo.free_pages;
}

long domctl_info(domid_t domid, struct xen_domctl_getdomaininfo *info)
{
    struct xen_domctl op = { 0 };
    long rc = domctl(XEN_DOMCTL_getdomaininfo, domid, &op);

    *info = op.u.getdomaininfo;
    return rc;
}

/* The flag bits both hypervisors define the same way. */
#define DOMINF_STATE    (XEN_DOMINF_dying | XEN_DOMINF_hvm_guest | \
                         XEN_DOMINF_shutdown | XEN_DOMINF_paused | \
                         XEN_DOMINF_blocked | XEN_DOMINF_running)

static void test_domctl_create(struct test *t)
{
    static const xen_domain_handle_t handle = { 0xde, 0xad, 0xbe, 0xef };
    struct xen_domctl_getdomaininfo info;
    struct xen_domctl op = { 0 };
    long id = domctl_create(t);

    if (id < 0)
        return;
    memcpy(op.u.setdomainhandle.handle, handle, sizeof(handle));
    expect_eq(t, "setdomainhandle",
              domctl(XEN_DOMCTL_setdomainhandle, id, &op), 0);
    expect_eq(t, "getdomaininfo", domctl_info(id, &info), 0);
    info("domctl: dom%ld flags %#x tot %lu max %lu shinfo %#lx "
         "online %u max_vcpu_id %u cpu_time %lu\n", id, info.flags,
         (unsigned long)info.tot_pages, (unsigned long)info.max_pages,
         (unsigned long)info.shared_info_frame, info.nr_online_vcpus,
         info.max_vcpu_id, (unsigned long)info.cpu_time);
    expect_eq(t, "info.domain", info.domain, id);
    /* New: paused by the toolstack, no vCPU online, so nothing else. */
    expect_eq(t, "info.flags", info.flags & DOMINF_STATE, XEN_DOMINF_paused);
    expect_eq(t, "info.tot_pages", (long)info.tot_pages, 0);
    expect_eq(t, "info.max_pages", (long)info.max_pages, DOMCTL_MAX_KB / 4);
    expect_eq(t, "info.nr_online_vcpus", info.nr_online_vcpus, 0);
    expect_eq(t, "info.max_vcpu_id", info.max_vcpu_id, DOMCTL_VCPUS - 1);
    expect_eq(t, "info.cpu_time", (long)info.cpu_time, 0);
    expect_true(t, "info.shared_info_frame", info.shared_info_frame != 0);
    expect_true(t, "info.handle", !memcmp(info.handle, handle,
                                          sizeof(handle)));
    expect_eq(t, "info.cpupool", info.cpupool, 0);
    domctl_destroy(t, id);
    expect_eq(t, "getdomaininfo after destroy", domctl_info(id, &info),
              -XEN_ESRCH);
}

static void test_domctl_pause(struct test *t)
{
    struct xen_domctl_getdomaininfo info;
    struct xen_domctl op = { 0 };
    long id = domctl_create(t);

    if (id < 0)
        return;
    /* Created paused once: a second pause nests, two unpauses end it. */
    expect_eq(t, "pausedomain", domctl(XEN_DOMCTL_pausedomain, id, &op), 0);
    expect_eq(t, "unpausedomain 1", domctl(XEN_DOMCTL_unpausedomain, id,
                                           &op), 0);
    domctl_info(id, &info);
    expect_true(t, "still paused", info.flags & XEN_DOMINF_paused);
    expect_eq(t, "unpausedomain 2", domctl(XEN_DOMCTL_unpausedomain, id,
                                           &op), 0);
    domctl_info(id, &info);
    expect_true(t, "unpaused", !(info.flags & XEN_DOMINF_paused));
    expect_eq(t, "unpausedomain below 0",
              domctl(XEN_DOMCTL_unpausedomain, id, &op), -XEN_EINVAL);
    expect_eq(t, "pausedomain self", domctl(XEN_DOMCTL_pausedomain, 0, &op),
              -XEN_EINVAL);
    expect_eq(t, "destroydomain self",
              domctl(XEN_DOMCTL_destroydomain, 0, &op), -XEN_EINVAL);
    domctl_destroy(t, id);
}

static long vcpuinfo(domid_t id, uint32_t vcpu,
                     struct xen_domctl_getvcpuinfo *out)
{
    struct xen_domctl op = { 0 };
    long rc;

    op.u.getvcpuinfo.vcpu = vcpu;
    rc = domctl(XEN_DOMCTL_getvcpuinfo, id, &op);
    *out = op.u.getvcpuinfo;
    return rc;
}

static void test_domctl_vcpuinfo(struct test *t)
{
    struct xen_domctl_getvcpuinfo vi;
    long id = domctl_create(t);
    struct xen_domctl op = { 0 };

    if (id < 0)
        return;
    expect_eq(t, "getvcpuinfo 1", vcpuinfo(id, 1, &vi), 0);
    info("domctl: vcpu 1 online %u blocked %u running %u cpu %u\n",
         vi.online, vi.blocked, vi.running, vi.cpu);
    expect_eq(t, "vcpu 1 online", vi.online, 0);
    expect_eq(t, "vcpu 1 running", vi.running, 0);
    expect_eq(t, "vcpu 1 cpu_time", (long)vi.cpu_time, 0);
    expect_eq(t, "getvcpuinfo vcpu 2 of 2", vcpuinfo(id, DOMCTL_VCPUS, &vi),
              -XEN_EINVAL);
    expect_eq(t, "getvcpuinfo dom0 vcpu 0", vcpuinfo(0, 0, &vi), 0);
    expect_eq(t, "dom0 vcpu 0 online and running", vi.online && vi.running,
              1);
    op.u.max_vcpus.max = DOMCTL_VCPUS + 1;
    expect_eq(t, "max_vcpus other than created",
              domctl(XEN_DOMCTL_max_vcpus, id, &op), -XEN_EINVAL);
    op.u.vcpucontext.vcpu = DOMCTL_VCPUS;
    expect_eq(t, "getvcpucontext vcpu 2 of 2",
              domctl(XEN_DOMCTL_getvcpucontext, id, &op), -XEN_EINVAL);
    domctl_destroy(t, id);
}

/* set or get vCPU 0's hard affinity as one byte of CPU bits. */
static long affinity(uint32_t cmd, domid_t id, uint32_t flags,
                     uint8_t *bits)
{
    struct xen_domctl op = { 0 };

    op.u.vcpuaffinity.vcpu = 0;
    op.u.vcpuaffinity.flags = flags;
    set_xen_guest_handle(op.u.vcpuaffinity.cpumap_hard.bitmap, bits);
    op.u.vcpuaffinity.cpumap_hard.nr_bits = 8;
    return domctl(cmd, id, &op);
}

static void test_domctl_affinity(struct test *t)
{
    long id = domctl_create(t);
    uint8_t bits;

    if (id < 0)
        return;
    expect_eq(t, "getvcpuaffinity", affinity(XEN_DOMCTL_getvcpuaffinity, id,
                                             XEN_VCPUAFFINITY_HARD, &bits), 0);
    info("domctl: default hard affinity %#x\n", bits);
    expect_true(t, "default affinity has CPU 0", bits & 1);
    bits = 1;
    expect_eq(t, "setvcpuaffinity CPU 0", affinity(XEN_DOMCTL_setvcpuaffinity,
                                                   id, XEN_VCPUAFFINITY_HARD,
                                                   &bits), 0);
    bits = 0xff;
    affinity(XEN_DOMCTL_getvcpuaffinity, id, XEN_VCPUAFFINITY_HARD, &bits);
    expect_eq(t, "affinity read back", bits, 1);
    bits = 0x80;
    expect_eq(t, "setvcpuaffinity no CPU online",
              affinity(XEN_DOMCTL_setvcpuaffinity, id, XEN_VCPUAFFINITY_HARD,
                       &bits), -XEN_EINVAL);
    expect_eq(t, "affinity flags 0", affinity(XEN_DOMCTL_getvcpuaffinity, id,
                                              0, &bits), -XEN_EINVAL);
    /* Xen 4.17 ignores unknown flags (observed): nothing read. */
    expect_eq(t, "affinity flags bit 5 only",
              affinity(XEN_DOMCTL_getvcpuaffinity, id, 1u << 5, &bits), 0);
    domctl_destroy(t, id);
}

/* scheduler_op for the scheduler 'sched' on 'id'; *p in and out. */
static long sched_op(domid_t id, uint32_t sched, uint32_t cmd,
                     struct xen_domctl_sched_credit *p)
{
    return xc_scheduler_op(id, sched, cmd, p);
}

static void test_domctl_sched(struct test *t)
{
    struct xen_sysctl sop = { 0 };
    struct xen_domctl_sched_credit p = { 0 };
    long id = domctl_create(t);
    uint32_t sched;

    if (id < 0)
        return;
    expect_eq(t, "sched_id", sysctl(XEN_SYSCTL_sched_id, &sop), 0);
    sched = sop.u.sched_id.sched_id;
    info("domctl: scheduler %u\n", sched);
    expect_true(t, "credit or credit2", sched == XEN_SCHEDULER_CREDIT ||
                                        sched == XEN_SCHEDULER_CREDIT2);
    expect_eq(t, "getinfo", sched_op(id, sched, XEN_DOMCTL_SCHEDOP_getinfo,
                                     &p), 0);
    expect_eq(t, "default weight", p.weight, 256);
    p = (struct xen_domctl_sched_credit){ .weight = 512, .cap = 50 };
    expect_eq(t, "putinfo 512/50", sched_op(id, sched,
                                            XEN_DOMCTL_SCHEDOP_putinfo, &p), 0);
    p = (struct xen_domctl_sched_credit){ .weight = 0, .cap = 50 };
    expect_eq(t, "putinfo weight 0", sched_op(id, sched,
                                              XEN_DOMCTL_SCHEDOP_putinfo, &p),
              0);
    sched_op(id, sched, XEN_DOMCTL_SCHEDOP_getinfo, &p);
    expect_eq(t, "weight 0 keeps the weight", p.weight, 512);
    expect_eq(t, "cap read back", p.cap, 50);
    p = (struct xen_domctl_sched_credit){ .weight = 256,
                                          .cap = 100 * DOMCTL_VCPUS + 1 };
    expect_eq(t, "cap above 100 per vCPU",
              sched_op(id, sched, XEN_DOMCTL_SCHEDOP_putinfo, &p),
              -XEN_EINVAL);
    expect_eq(t, "another scheduler's id",
              sched_op(id, XEN_SCHEDULER_ARINC653,
                       XEN_DOMCTL_SCHEDOP_getinfo, &p), -XEN_EINVAL);
    expect_eq(t, "unknown SCHEDOP", sched_op(id, sched, 9, &p), -XEN_EINVAL);
    domctl_destroy(t, id);
}

static char console[16384];

/* readconsole into 'console'; the sysctl's result, *n the bytes read. */
static long readconsole(bool incremental, uint32_t *index, bool clear,
                        uint32_t *n)
{
    struct xen_sysctl op = { 0 };
    long rc;

    op.u.readconsole.incremental = incremental;
    op.u.readconsole.index = *index;
    op.u.readconsole.clear = clear;
    op.u.readconsole.count = sizeof(console);
    set_xen_guest_handle(op.u.readconsole.buffer, console);
    rc = sysctl(XEN_SYSCTL_readconsole, &op);
    *index = op.u.readconsole.index;
    *n = op.u.readconsole.count;
    return rc;
}

static bool has_newline(uint32_t n)
{
    for (uint32_t i = 0; i < n && i < sizeof(console); i++)
        if (console[i] == '\n')
            return true;
    return false;
}

static void test_domctl_readconsole(struct test *t)
{
    uint32_t index = 0, n1, n2, n3, n4, end;
    long rc1, rc2, rc3, rc4;

    /* Back to back: nothing is logged between the four reads. */
    rc1 = readconsole(false, &index, false, &n1);
    end = index;
    rc2 = readconsole(true, &index, false, &n2);
    rc3 = readconsole(false, &index, true, &n3);
    rc4 = readconsole(false, &index, false, &n4);
    info("domctl: readconsole %u bytes, end index %u; then %u, %u, %u\n",
         n1, end, n2, n3, n4);
    expect_eq(t, "readconsole", rc1, 0);
    expect_true(t, "the log has lines", n1 > 0 && has_newline(n1));
    expect_eq(t, "incremental from the end", rc2, 0);
    expect_eq(t, "nothing new", n2, 0);
    expect_eq(t, "read and clear", rc3, 0);
    expect_eq(t, "the whole log again", n3, n1);
    expect_eq(t, "after clear", rc4, 0);
    expect_eq(t, "nothing after clear", n4, 0);
}

static void test_domctl_physinfo(struct test *t)
{
    struct xen_sysctl op = { 0 };
    struct xen_sysctl_physinfo *pi = &op.u.physinfo;

    expect_eq(t, "physinfo", sysctl(XEN_SYSCTL_physinfo, &op), 0);
    info("domctl: physinfo cpus %u khz %u total %lu free %lu max_mfn %#lx\n",
         pi->nr_cpus, pi->cpu_khz, (unsigned long)pi->total_pages,
         (unsigned long)pi->free_pages, (unsigned long)pi->max_mfn);
    expect_true(t, "nr_cpus", pi->nr_cpus >= 1 &&
                              pi->max_cpu_id + 1 >= pi->nr_cpus);
    expect_true(t, "cpu_khz", pi->cpu_khz > 0);
    expect_true(t, "pv capable", pi->capabilities & XEN_SYSCTL_PHYSCAP_pv);
    expect_true(t, "free_pages", pi->free_pages > 0 &&
                                 pi->free_pages <= pi->total_pages);
    expect_true(t, "max_mfn", pi->max_mfn >= pi->total_pages / 2);
}

static void test_domctl_domaininfolist(struct test *t)
{
    static struct xen_domctl_getdomaininfo list[4];
    struct xen_sysctl op = { 0 };
    long id = domctl_create(t);

    if (id < 0)
        return;
    op.u.getdomaininfolist.first_domain = 0;
    op.u.getdomaininfolist.max_domains = 4;
    set_xen_guest_handle(op.u.getdomaininfolist.buffer, list);
    expect_eq(t, "getdomaininfolist",
              sysctl(XEN_SYSCTL_getdomaininfolist, &op), 0);
    expect_eq(t, "two domains", op.u.getdomaininfolist.num_domains, 2);
    expect_eq(t, "dom0 first", list[0].domain, 0);
    expect_eq(t, "then the new one", list[1].domain, id);
    op.u.getdomaininfolist.first_domain = (domid_t)(id + 1);
    sysctl(XEN_SYSCTL_getdomaininfolist, &op);
    expect_eq(t, "none above it", op.u.getdomaininfolist.num_domains, 0);
    domctl_destroy(t, id);
}

/* Our sysctl for a domain's counters (abi/ext.h) into 'st'. */
static long domain_stats(domid_t domid, struct xpv_domain_stats *st)
{
    struct xen_sysctl op = { 0 };
    struct xen_sysctl_xpv_domain_stats *s = (void *)op.u.pad;

    s->domain = domid;
    s->buffer = (unsigned long)st;
    return sysctl(XEN_SYSCTL_xpv_domain_stats, &op);
}

/*
 * Real Xen has no such sysctl (-ENOSYS: not available); ours reads any
 * domain's counters.  The info line is checked by the boot case on ours.
 */
static void test_domctl_stats(struct test *t)
{
    static struct xpv_domain_stats a, b;
    long rc1 = domain_stats(0, &a), rc2 = domain_stats(0, &b);
    long none = domain_stats(DOMCTL_NO_DOMID, &b), delta;

    if (rc1 == -XEN_ENOSYS) {
        info("domctl: stats: not available\n");
        expect_eq(t, "no domain either", none, -XEN_ENOSYS);
        return;
    }
    delta = (long)(b.hypercalls[__HYPERVISOR_sysctl] -
                   a.hypercalls[__HYPERVISOR_sysctl]);
    info("domctl: stats: dom0 sysctl calls +%ld, no domain %ld\n", delta,
         none);
    expect_eq(t, "stats", rc1, 0);
    expect_eq(t, "stats again", rc2, 0);
    expect_eq(t, "one sysctl between", delta, 1);
    expect_eq(t, "no domain", none, -XEN_ESRCH);
}

static void test_domctl_refusals(struct test *t)
{
    struct xen_domctl op = { 0 };
    struct xen_sysctl sop = { 0 };
    struct xen_domctl_getdomaininfo info;

    op.cmd = XEN_DOMCTL_getdomaininfo;
    op.interface_version = XEN_DOMCTL_INTERFACE_VERSION - 1;
    expect_eq(t, "domctl old version", HYPERVISOR_domctl(&op), -XEN_EACCES);
    sop.cmd = XEN_SYSCTL_physinfo;
    sop.interface_version = XEN_SYSCTL_INTERFACE_VERSION + 1;
    expect_eq(t, "sysctl new version", HYPERVISOR_sysctl(&sop), -XEN_EACCES);
    expect_eq(t, "domctl in the hypervisor",
              HYPERVISOR_domctl((void *)TEST_XEN_ADDR), -XEN_EFAULT);
    expect_eq(t, "getdomaininfo unknown domain",
              domctl_info(DOMCTL_NO_DOMID, &info), -XEN_ESRCH);
    expect_eq(t, "unknown domctl", domctl(200, 0, &op), -XEN_ENOSYS);
    expect_eq(t, "unknown sysctl", sysctl(200, &sop), -XEN_ENOSYS);
    memset(&op, 0, sizeof(op));
    op.u.createdomain.max_evtchn_port = 1023;
    op.u.createdomain.max_vcpus = 0;
    op.u.createdomain.grant_opts = XEN_DOMCTL_GRANT_version(1);
    op.u.createdomain.max_grant_frames = -1;
    op.u.createdomain.max_maptrack_frames = -1;
    expect_eq(t, "createdomain no vCPUs",
              domctl(XEN_DOMCTL_createdomain, 0, &op), -XEN_EINVAL);
    op.u.createdomain.max_vcpus = 1;
    op.u.createdomain.flags = 1u << 20;
    expect_eq(t, "createdomain unknown flag",
              domctl(XEN_DOMCTL_createdomain, 0, &op), -XEN_EINVAL);
    op.u.createdomain.flags = 0;
    expect_eq(t, "createdomain with an id", domctl(XEN_DOMCTL_createdomain,
                                                   DOMCTL_ASKED_DOMID, &op),
              0);
    expect_eq(t, "the id asked for", op.domain, DOMCTL_ASKED_DOMID);
    expect_eq(t, "createdomain with a taken id",
              domctl(XEN_DOMCTL_createdomain, DOMCTL_ASKED_DOMID, &op),
              -XEN_EEXIST);
    domctl_destroy(t, DOMCTL_ASKED_DOMID);
    op.u.createdomain.grant_opts = 0;
    expect_eq(t, "createdomain grant version 0",
              domctl(XEN_DOMCTL_createdomain, 0, &op), -XEN_EINVAL);
}

/* In selftest_domctl_mem.c. */
void test_domctl_memory(struct test *t);
void test_domctl_foreign_map(struct test *t);
void test_domctl_foreign_pin(struct test *t);
void test_domctl_destroy_mapped(struct test *t);
void test_domctl_destroy_large(struct test *t);
void test_domctl_vcpucontext(struct test *t);
void test_domctl_loop(struct test *t);

static const struct test_case domctl_cases[] = {
    { "domctl_create", test_domctl_create },
    { "domctl_pause", test_domctl_pause },
    { "domctl_vcpuinfo", test_domctl_vcpuinfo },
    { "domctl_affinity", test_domctl_affinity },
    { "domctl_sched", test_domctl_sched },
    { "domctl_readconsole", test_domctl_readconsole },
    { "domctl_physinfo", test_domctl_physinfo },
    { "domctl_domaininfolist", test_domctl_domaininfolist },
    { "domctl_memory", test_domctl_memory },
    { "domctl_foreign_map", test_domctl_foreign_map },
    { "domctl_foreign_pin", test_domctl_foreign_pin },
    { "domctl_vcpucontext", test_domctl_vcpucontext },
    { "domctl_destroy_mapped", test_domctl_destroy_mapped },
    { "domctl_destroy_large", test_domctl_destroy_large },
    { "domctl_loop", test_domctl_loop },
    { "domctl_stats", test_domctl_stats },
    { "domctl_refusals", test_domctl_refusals },
};

const struct test_suite selftest_domctl_suite = {
    "domctl", domctl_cases, ARRAY_SIZE(domctl_cases), NULL, NULL,
};
