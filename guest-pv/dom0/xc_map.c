/*
 * tools/xc.h in dom0: other domains' memory (foreign mappings,
 * population, table pins, the hypercall page) and event channels.
 *
 * A foreign frame is mapped at pages of dom0's mapped area
 * (guest/vmap.h) by mmu_update with foreigndom = its owner, as Xen's
 * privcmd does for the toolstack: the hypervisor checks that the owner
 * is the domain named and takes the references.
 */
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include <guest/mmu.h>
#include <guest/pte.h>
#include <guest/vmap.h>
#include "xc_call.h"

/* Entries per mmu_update call: as many as the kernel's own queue. */
#define MAP_BATCH   MMU_QUEUE_LEN

/* Writes the entries of [va, va + n pages) for mfns[0..n) (0: clear). */
static int set_entries(uint32_t domid, unsigned long va,
                       const unsigned long *mfns, unsigned long n,
                       uint64_t flags)
{
    mmu_update_t req[MAP_BATCH];
    unsigned long done = 0;

    while (done < n) {
        unsigned int k, cnt = n - done < MAP_BATCH ? n - done : MAP_BATCH;
        int rc;

        for (k = 0; k < cnt; k++) {
            uint64_t ma = vmap_pte_maddr(va + (done + k) * PAGE_SIZE);

            if (!ma)
                return -XEN_ENOMEM;
            req[k].ptr = ma | MMU_NORMAL_PT_UPDATE;
            req[k].val = mfns ? ((uint64_t)mfns[done + k] << PAGE_SHIFT) |
                                flags : 0;
        }
        /* The tables vmap_pte_maddr() queued go first. */
        mmu_flush();
        rc = (int)HYPERVISOR_mmu_update(req, cnt, NULL, domid);
        if (rc)
            return rc;
        done += cnt;
    }
    return 0;
}

void *xc_map_foreign_range(uint32_t domid, const unsigned long *mfns,
                           unsigned long n, bool writable, int *rc)
{
    unsigned long va = vmap_reserve(n);
    int r;

    if (!va) {
        r = -XEN_ENOMEM;
        goto out;
    }
    r = set_entries(domid, va, mfns, n,
                    writable ? PTE_KERNEL_RW : PTE_KERNEL_RO);
    if (r) {
        /* Some entries may be set: clear what there is, then give back. */
        vmap_unmap(va, n);
        vmap_release(va, n);
        va = 0;
    }
out:
    if (rc)
        *rc = r;
    return (void *)va;
}

void xc_unmap_foreign_range(void *va, unsigned long n)
{
    vmap_unmap((unsigned long)va, n);
    vmap_release((unsigned long)va, n);
}

void *xc_map_foreign(uint32_t domid, unsigned long mfn, bool writable)
{
    return xc_map_foreign_range(domid, &mfn, 1, writable, NULL);
}

void xc_unmap_foreign(void *va)
{
    xc_unmap_foreign_range(va, 1);
}

long xc_domain_populate(uint32_t domid, unsigned long *pfns, unsigned long n)
{
    struct xen_memory_reservation r = { .nr_extents = n,
                                        .domid = (domid_t)domid };

    set_xen_guest_handle(r.extent_start, (xen_pfn_t *)pfns);
    return HYPERVISOR_memory_op(XENMEM_populate_physmap, &r);
}

int xc_pin_table(uint32_t domid, unsigned int level, unsigned long mfn)
{
    static const unsigned int cmd[] = {
        MMUEXT_PIN_L1_TABLE, MMUEXT_PIN_L2_TABLE,
        MMUEXT_PIN_L3_TABLE, MMUEXT_PIN_L4_TABLE,
    };
    struct mmuext_op op = { 0 };

    if (level < 1 || level > 4)
        return -XEN_EINVAL;
    op.cmd = cmd[level - 1];
    op.arg1.mfn = mfn;
    return (int)HYPERVISOR_mmuext_op(&op, 1, NULL, domid);
}

int xc_hypercall_page_init(uint32_t domid, unsigned long mfn)
{
    struct xen_domctl op = { 0 };

    op.u.hypercall_init.gmfn = mfn;
    return xc_domctl(XEN_DOMCTL_hypercall_init, domid, &op);
}

int xc_evtchn_alloc_unbound(uint32_t domid, uint32_t remote_domid,
                            uint32_t *port)
{
    struct evtchn_alloc_unbound a = { .dom = (domid_t)domid,
                                      .remote_dom = (domid_t)remote_domid };
    int rc = (int)HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a);

    if (!rc)
        *port = a.port;
    return rc;
}
