/*
 * The management channel's shared memory in dom0 (mgmt_shm.h).
 *
 * The BAR's frames are I/O memory the hypervisor granted dom0 (Xen's
 * iomem permissions): mmu_update maps them at dom0's mapped area with
 * dom0 as their owner, and takes no references on them.
 */
#include <abi/guest_hypercall.h>
#include <guest/console.h>
#include <guest/kmalloc.h>
#include <guest/pci.h>
#include <guest/time.h>
#include <tools/mgmt_ring.h>
#include <tools/xc.h>
#include "mgmt_shm.h"

#define IVSHMEM_VENDOR      0x1af4
#define IVSHMEM_DEVICE      0x1110
#define IVSHMEM_SHM_BAR     2

/* More than the rings need is left unmapped. */
#define SHM_MAP_MAX         (16ul << 20)

#define WRITE_GIVE_UP_NS    NSEC_PER_SEC

static struct mgmt_ring to_dom0, to_host;

/* Maps n frames from machine address ma; NULL (printed) on a refusal. */
static void *map_shm(uint64_t ma, unsigned long n)
{
    unsigned long *mfns = kmalloc(n * sizeof(*mfns));
    void *va;
    int rc = 0;

    if (!mfns)
        return NULL;
    for (unsigned long i = 0; i < n; i++)
        mfns[i] = (unsigned long)(ma >> PAGE_SHIFT) + i;
    va = xc_map_foreign_range(DOMID_SELF, mfns, n, true, &rc);
    kfree(mfns);
    if (!va)
        printk("dom0: ivshmem at %#lx not mapped (%d): the hypervisor "
               "did not grant dom0 that I/O memory\n", (unsigned long)ma, rc);
    return va;
}

bool mgmt_shm_start(void)
{
    struct pci_dev dev;
    uint64_t ma, size;
    uint32_t ring;
    void *shm;

    if (!pci_find(IVSHMEM_VENDOR, IVSHMEM_DEVICE, &dev))
        return false;
    if (!pci_bar64(&dev, IVSHMEM_SHM_BAR, &ma, &size) ||
        (ma | size) & (PAGE_SIZE - 1)) {
        printk("dom0: ivshmem device without a usable BAR2: the "
               "management channel stays on COM2\n");
        return false;
    }
    if (size > SHM_MAP_MAX)
        size = SHM_MAP_MAX;
    shm = map_shm(ma, size / PAGE_SIZE);
    if (!shm)
        return false;
    ring = mgmt_shm_init(shm, size);
    if (!ring) {
        printk("dom0: ivshmem of %lu KiB is too small for the rings\n",
               (unsigned long)(size >> 10));
        return false;
    }
    mgmt_ring_attach(&to_dom0, shm, ring, MGMT_TO_DOM0, false);
    mgmt_ring_attach(&to_host, shm, ring, MGMT_TO_HOST, true);
    printk("dom0: ivshmem at %#lx, %lu KiB: two rings of %u KiB\n",
           (unsigned long)ma, (unsigned long)(size >> 10), ring >> 10);
    return true;
}

size_t mgmt_shm_read(void *buf, size_t max)
{
    return mgmt_ring_read(&to_dom0, buf, max);
}

bool mgmt_shm_pending(void)
{
    return mgmt_ring_pending(&to_dom0) != 0;
}

bool mgmt_shm_write(const void *buf, size_t n)
{
    const uint8_t *p = buf;
    uint64_t give_up = 0;

    while (n) {
        size_t w = mgmt_ring_write(&to_host, p, n);

        if (to_host.broken)
            return false;
        p += w;
        n -= w;
        if (w)
            give_up = 0;
        else if (!give_up)
            give_up = time_now() + WRITE_GIVE_UP_NS;
        else if (time_now() > give_up)
            return false;
    }
    return true;
}
