/*
 * The toolstack hypercalls' argument rules (common/domctl_check.c):
 * createdomain's configuration, table driven (a configuration Xen 4.17
 * accepts for a PV domain passes, each row changes one field and expects
 * Xen's errno); the domain-id choice (asked-for ids, the rover, wrap,
 * exhaustion); the credit scheduler's putinfo (weight 0 and cap 0xFFFF
 * keep, the cap limit); CPU bitmaps both ways.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "hv_host.h"
#include <hv/domctl.h>
#include <hv/sched.h>
#include <xen/errno.h>

#define MAX_VCPUS   8

static struct xen_domctl_createdomain good(void)
{
    return (struct xen_domctl_createdomain){
        .max_vcpus = 2, .max_evtchn_port = 1023,
        .max_grant_frames = -1, .max_maptrack_frames = -1,
        .grant_opts = XEN_DOMCTL_GRANT_version(1),
    };
}

Test(createdomain, pv_defaults_pass)
{
    struct xen_domctl_createdomain c = good();

    cr_assert_eq(domctl_createdomain_check(&c, MAX_VCPUS), 0);
    c.max_vcpus = MAX_VCPUS;
    c.grant_opts = XEN_DOMCTL_GRANT_version(2);
    c.max_grant_frames = 64;
    c.flags = XEN_DOMCTL_CDF_xs_domain | XEN_DOMCTL_CDF_oos_off;
    c.arch.emulation_flags = XEN_X86_EMU_PIT;
    cr_assert_eq(domctl_createdomain_check(&c, MAX_VCPUS), 0);
}

/* One refusal per row: what it changes, and Xen's errno. */
#define REFUSALS(X) \
    X("no vCPUs", c->max_vcpus = 0, -XEN_EINVAL) \
    X("too many vCPUs", c->max_vcpus = MAX_VCPUS + 1, -XEN_EINVAL) \
    X("HVM", c->flags = XEN_DOMCTL_CDF_hvm, -XEN_EINVAL) \
    X("HAP", c->flags = XEN_DOMCTL_CDF_hap, -XEN_EINVAL) \
    X("IOMMU", c->flags = XEN_DOMCTL_CDF_iommu, -XEN_EINVAL) \
    X("vPMU", c->flags = XEN_DOMCTL_CDF_vpmu, -XEN_EINVAL) \
    X("unknown flag", c->flags = 1u << 20, -XEN_EINVAL) \
    X("unknown IOMMU option", c->iommu_opts = 2, -XEN_EINVAL) \
    X("vmtrace", c->vmtrace_size = 4096, -XEN_EINVAL) \
    X("emulated LAPIC", c->arch.emulation_flags = XEN_X86_EMU_LAPIC, \
      -XEN_EINVAL) \
    X("MSR option", c->arch.misc_flags = 1, -XEN_EINVAL) \
    X("grant version 0", c->grant_opts = 0, -XEN_EINVAL) \
    X("grant version 3", c->grant_opts = 3, -XEN_EINVAL) \
    X("grant option bit", c->grant_opts = 1 | 0x10, -XEN_EINVAL) \
    X("no grant frames", c->max_grant_frames = 0, -XEN_EINVAL) \
    X("too many grant frames", c->max_grant_frames = 65, -XEN_EINVAL) \
    X("too many maptrack frames", c->max_maptrack_frames = 1025, \
      -XEN_EINVAL) \
    X("another CPU pool", c->cpupool_id = 1, -XEN_ENOENT)

Test(createdomain, each_refusal)
{
    struct xen_domctl_createdomain cfg, *c = &cfg;

#define CHECK(what, change, rc)                                         \
    cfg = good();                                                       \
    change;                                                             \
    cr_assert_eq(domctl_createdomain_check(c, MAX_VCPUS), rc, "%s", what);
    REFUSALS(CHECK)
#undef CHECK
}

/* A fake id space: ids below 'used_below' and 'taken' are in use. */
static unsigned int used_below;
static domid_t taken = DOMID_INVALID;

static bool is_free(domid_t id)
{
    return id >= used_below && id != taken;
}

Test(domid, asked_for_id)
{
    domid_t rover = 0;

    used_below = 1;
    taken = 5;
    cr_assert_eq(domid_choose(7, &rover, is_free), 7);
    cr_assert_eq(rover, 0, "an asked-for id leaves the rover");
    cr_assert_eq(domid_choose(5, &rover, is_free), -XEN_EEXIST);
    cr_assert_eq(domid_choose(DOMID_FIRST_RESERVED - 1, &rover, is_free),
                 DOMID_FIRST_RESERVED - 1);
}

Test(domid, rover_moves_on_and_wraps)
{
    domid_t rover = 0;

    used_below = 1;
    taken = 2;
    cr_assert_eq(domid_choose(0, &rover, is_free), 1);
    /* An id just freed is not reused at once: the next after the rover. */
    cr_assert_eq(domid_choose(0, &rover, is_free), 3);
    cr_assert_eq(rover, 3);
    /* Ids at or above DOMID_FIRST_RESERVED ask for the next free one. */
    cr_assert_eq(domid_choose(DOMID_FIRST_RESERVED, &rover, is_free), 4);
    rover = DOMID_FIRST_RESERVED - 1;
    cr_assert_eq(domid_choose(0, &rover, is_free), 1, "wraps to 1");
}

Test(domid, none_free)
{
    domid_t rover = 100;

    used_below = DOMID_FIRST_RESERVED;
    taken = DOMID_INVALID;
    cr_assert_eq(domid_choose(0, &rover, is_free), -XEN_ENOMEM);
    cr_assert_eq(rover, 100);
}

Test(sched_putinfo, weight_zero_and_cap_ffff_keep)
{
    struct sched_params p = { .weight = 256, .cap = 20 };
    struct xen_domctl_sched_credit in = { .weight = 0, .cap = 0xffff };

    cr_assert_eq(sched_credit_merge(&p, &in, 2), 0);
    cr_assert_eq(p.weight, 256);
    cr_assert_eq(p.cap, 20);
    in = (struct xen_domctl_sched_credit){ .weight = 65535, .cap = 0 };
    cr_assert_eq(sched_credit_merge(&p, &in, 2), 0);
    cr_assert_eq(p.weight, 65535);
    cr_assert_eq(p.cap, 0, "cap 0: no cap");
}

Test(sched_putinfo, cap_limit_per_vcpu)
{
    struct sched_params p = { .weight = 256, .cap = 0 };
    struct xen_domctl_sched_credit in = { .weight = 512, .cap = 200 };

    cr_assert_eq(sched_credit_merge(&p, &in, 2), 0);
    cr_assert_eq(p.cap, 200);
    in.cap = 201;
    cr_assert_eq(sched_credit_merge(&p, &in, 2), -XEN_EINVAL);
    cr_assert_eq(p.cap, 200, "a refusal changes nothing");
    cr_assert_eq(p.weight, 512);
    in = (struct xen_domctl_sched_credit){ .weight = 1, .cap = 101 };
    cr_assert_eq(sched_credit_merge(&p, &in, 1), -XEN_EINVAL);
    cr_assert_eq(p.weight, 512);
}

Test(bitmap, bytes_to_mask)
{
    uint8_t b[9] = { 0x05, 0x80, 0, 0, 0, 0, 0, 0x80, 0xff };

    cr_assert_eq(bitmap_bytes_to_mask(b, 16), 0x8005);
    cr_assert_eq(bitmap_bytes_to_mask(b, 3), 0x5, "bits past nr_bits");
    cr_assert_eq(bitmap_bytes_to_mask(b, 2), 0x1);
    cr_assert_eq(bitmap_bytes_to_mask(b, 0), 0);
    cr_assert_eq(bitmap_bytes_to_mask(b, 64), 0x8000000000008005ull);
}

Test(bitmap, mask_to_bytes)
{
    uint8_t b[3];

    memset(b, 0xaa, sizeof(b));
    bitmap_mask_to_bytes(0x103, b, 9);
    cr_assert_eq(b[0], 0x03);
    cr_assert_eq(b[1], 0x01);
    cr_assert_eq(b[2], 0xaa, "only (nr_bits + 7) / 8 bytes written");
    bitmap_mask_to_bytes(~0ull, b, 2);
    cr_assert_eq(b[0], 0x03, "bits past nr_bits stay clear");
}
