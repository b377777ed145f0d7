/*
 * The toolstack hypercalls' argument rules that need no domain state:
 * createdomain's configuration, the domain-id choice, the credit
 * scheduler's putinfo, and CPU bitmaps.  Pure functions, compiled into
 * the host unit tests (tests/unit/test_domctl.c).
 */
#include <hv/domctl.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <xen/errno.h>

/* The CDF flags Xen 4.17 knows; which we can honour is checked below. */
#define CDF_KNOWN   (XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap | \
                     XEN_DOMCTL_CDF_s3_integrity | XEN_DOMCTL_CDF_oos_off | \
                     XEN_DOMCTL_CDF_xs_domain | XEN_DOMCTL_CDF_iommu | \
                     XEN_DOMCTL_CDF_nested_virt | XEN_DOMCTL_CDF_vpmu)

/*
 * Xen refuses these where the machine lacks them: HVM (and with it HAP
 * and nested virtualisation), an IOMMU, a vPMU.  We have none of them.
 */
#define CDF_UNAVAILABLE (XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap | \
                         XEN_DOMCTL_CDF_iommu | XEN_DOMCTL_CDF_nested_virt | \
                         XEN_DOMCTL_CDF_vpmu)

/* Xen's default gnttab_max_frames and maptrack limit (command line). */
#define GRANT_FRAMES_MAX        64
#define MAPTRACK_FRAMES_MAX     1024

static int grant_config_check(const struct xen_domctl_createdomain *c)
{
    unsigned int version = XEN_DOMCTL_GRANT_version(c->grant_opts);

    if (c->grant_opts & ~XEN_DOMCTL_GRANT_version_mask)
        return -XEN_EINVAL;
    /* Xen 4.17's grant_table_init: version 1 or 2, at least one frame. */
    if (version < 1 || version > 2)
        return -XEN_EINVAL;
    if (c->max_grant_frames == 0 || c->max_grant_frames > GRANT_FRAMES_MAX)
        return -XEN_EINVAL;
    if (c->max_maptrack_frames > MAPTRACK_FRAMES_MAX)
        return -XEN_EINVAL;
    return 0;
}

int domctl_createdomain_check(const struct xen_domctl_createdomain *c,
                              unsigned int max_vcpus)
{
    if (c->flags & ~CDF_KNOWN || c->flags & CDF_UNAVAILABLE)
        return -XEN_EINVAL;
    if (c->iommu_opts & ~XEN_DOMCTL_IOMMU_no_sharept)
        return -XEN_EINVAL;
    if (c->max_vcpus < 1 || c->max_vcpus > max_vcpus)
        return -XEN_EINVAL;
    if (c->vmtrace_size)
        return -XEN_EINVAL;
    /* x86 PV: no emulated devices beyond the PIT, no MSR options. */
    if ((c->arch.emulation_flags & ~XEN_X86_EMU_PIT) ||
        c->arch.misc_flags)
        return -XEN_EINVAL;
    if (grant_config_check(c))
        return -XEN_EINVAL;
    /* One CPU pool, 0: another is not found (Xen's cpupool lookup). */
    return c->cpupool_id ? -XEN_ENOENT : 0;
}

long domid_choose(domid_t requested, domid_t *rover,
                  bool (*is_free)(domid_t id))
{
    domid_t id = *rover;

    if (requested > 0 && requested < DOMID_FIRST_RESERVED)
        return is_free(requested) ? requested : -XEN_EEXIST;
    /*
     * Xen's rover: the search starts after the last id handed out, so an
     * id is not reused at once (a stale id fails rather than naming a
     * new domain).  Each of the ids 1..DOMID_FIRST_RESERVED-1 once.
     */
    for (unsigned int n = 1; n < DOMID_FIRST_RESERVED; n++) {
        id = id + 1u >= DOMID_FIRST_RESERVED ? 1 : (domid_t)(id + 1u);
        if (is_free(id)) {
            *rover = id;
            return id;
        }
    }
    return -XEN_ENOMEM;
}

int sched_credit_merge(struct sched_params *cur,
                       const struct xen_domctl_sched_credit *in,
                       unsigned int nr_vcpus)
{
    bool keep_cap = in->cap == (uint16_t)~0U;

    /* A cap is a share of one CPU per vCPU: more cannot be used. */
    if (!keep_cap && in->cap > 100 * nr_vcpus)
        return -XEN_EINVAL;
    if (in->weight != 0)
        cur->weight = in->weight;
    if (!keep_cap)
        cur->cap = in->cap;
    return 0;
}

uint64_t bitmap_bytes_to_mask(const uint8_t *bytes, uint32_t nr_bits)
{
    uint64_t mask = 0;

    for (uint32_t i = 0; i < nr_bits && i < 64; i++)
        if (bytes[i / 8] & (1u << (i % 8)))
            mask |= (uint64_t)1 << i;
    return mask;
}

void bitmap_mask_to_bytes(uint64_t mask, uint8_t *bytes, uint32_t nr_bits)
{
    uint32_t n = (nr_bits + 7) / 8;

    memset(bytes, 0, n);
    for (uint32_t i = 0; i < nr_bits && i < 64; i++)
        if (mask & ((uint64_t)1 << i))
            bytes[i / 8] |= 1u << (i % 8);
}
