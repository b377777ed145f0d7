/*
 * The start of day a PV domain builder hands a kernel, built without a
 * hypervisor, so that start_kernel() runs as it does under Xen: P2M,
 * start_info, shared_info and the bootstrap page tables in Xen's
 * layout (guest/native_layout.h says where each goes).
 *
 * Memory: the RAM range of the PVH memory map that the image was loaded
 * into, from KERNEL_LOAD_PHYS up (native_pvh_ram()).  pfn p is machine
 * frame p + NATIVE_PFN_OFFSET: the P2M is the identity shifted by the
 * load address, one contiguous range.
 */
#include <guest/console.h>
#include <guest/hypervisor.h>
#include <guest/native.h>
#include <guest/native_layout.h>
#include <guest/pte.h>
#include "native_boot.h"
#include "native_hv.h"

extern char _end[];
extern uint64_t native_boot_l3_low[];

#define PFN_UP(bytes)       (((bytes) + PAGE_SIZE - 1) >> PAGE_SHIFT)

static uint64_t pfn_maddr(unsigned long pfn)
{
    return (uint64_t)(pfn + NATIVE_PFN_OFFSET) << PAGE_SHIFT;
}

static void *pfn_ptr(unsigned long pfn)
{
    return native_phys(pfn_maddr(pfn));
}

static unsigned long pfn_va(unsigned long pfn)
{
    return KERNEL_VIRT_BASE + (pfn << PAGE_SHIFT);
}

static void fill_p2m(const struct native_layout *l)
{
    unsigned long *p2m = pfn_ptr(l->p2m);

    for (unsigned long pfn = 0; pfn < l->nr_pages; pfn++)
        p2m[pfn] = pfn + NATIVE_PFN_OFFSET;
}

static bool is_page_table(const struct native_layout *l, unsigned long pfn)
{
    return pfn >= l->l4 && pfn < l->l1 + l->nr_l1;
}

/*
 * The kernel's L4: the bootstrap region at KERNEL_VIRT_BASE (4 KiB
 * pages, tables read-only as Xen maps them) and, in the hypervisor's
 * slots where a PV kernel sees Xen's, the direct map of the boot tables
 * (supervisor-only, so user mode faults there as under Xen).  No
 * identity map: the lower half is user space.
 */
static void build_tables(const struct native_layout *l)
{
    uint64_t *l4 = pfn_ptr(l->l4), *l3 = pfn_ptr(l->l3);
    uint64_t *l2 = pfn_ptr(l->l2), *l1 = pfn_ptr(l->l1);
    uint64_t direct_l3 = (uint64_t)native_boot_l3_low - KERNEL_VIRT_BASE +
                         KERNEL_LOAD_PHYS;

    memset(l4, 0, PAGE_SIZE * (3 + l->nr_l1));
    l4[PT_INDEX(NATIVE_DIRECTMAP, 4)] = direct_l3 | PTE_PRESENT | PTE_RW |
                                        PTE_ACCESSED;
    l4[PT_INDEX(KERNEL_VIRT_BASE, 4)] = pfn_maddr(l->l3) | PTE_TABLE;
    l3[PT_INDEX(KERNEL_VIRT_BASE, 3)] = pfn_maddr(l->l2) | PTE_TABLE;
    for (unsigned long i = 0; i < l->nr_l1; i++)
        l2[i] = pfn_maddr(l->l1 + i) | PTE_TABLE;
    for (unsigned long pfn = 0; pfn < l->region_pages; pfn++)
        l1[pfn] = pfn_maddr(pfn) | (is_page_table(l, pfn) ? PTE_KERNEL_RO
                                                          : PTE_KERNEL_RW);
}

/* cmdline: MAX_GUEST_CMDLINE bytes, NUL-terminated (keep_cmdline). */
static void fill_start_info(const struct native_layout *l, const char *cmdline)
{
    start_info_t *si = pfn_ptr(l->start_info);

    memset(si, 0, PAGE_SIZE);
    memset(pfn_ptr(l->shared_info), 0, PAGE_SIZE);
    snprintf(si->magic, sizeof(si->magic), "%s", NATIVE_START_INFO_MAGIC);
    si->nr_pages = l->nr_pages;
    si->shared_info = pfn_maddr(l->shared_info);
    /* The machine is ours: what Xen gives the initial domain. */
    si->flags = SIF_PRIVILEGED | SIF_INITDOMAIN;
    si->pt_base = pfn_va(l->l4);
    si->nr_pt_frames = 3 + l->nr_l1;
    si->mfn_list = pfn_va(l->p2m);
    memcpy(si->cmd_line, cmdline, sizeof(si->cmd_line));
}

/*
 * The loader's command line, copied into the image before anything is
 * written after it: a loader may have left its information in the RAM
 * the start of day takes (GRUB puts it where it likes).  Xen's limit.
 */
static const char *keep_cmdline(const char *cmdline)
{
    static char copy[MAX_GUEST_CMDLINE];
    size_t len = strnlen(cmdline, sizeof(copy));

    if (len == sizeof(copy)) {
        len = sizeof(copy) - 1;
        printk("native: command line longer than %zu bytes (start_info's "
               "cmd_line): cut to its first %zu\n", sizeof(copy), len);
    }
    memcpy(copy, cmdline, len);
    copy[len] = '\0';
    return copy;
}

start_info_t *native_build_start_of_day(const struct native_ram *ram)
{
    const char *cmdline = keep_cmdline(ram->cmdline);
    unsigned long pages = (ram->end - ram->base) >> PAGE_SHIFT;
    unsigned long image_pages = PFN_UP((unsigned long)_end -
                                       KERNEL_VIRT_BASE);
    struct native_layout l;

    if (!native_layout_plan(image_pages, pages, &l)) {
        printk("native: fatal: %lu KiB of RAM from 0x%x (the range the "
               "image was loaded into) cannot hold the kernel and its start "
               "of day: give QEMU more memory (-m)\n",
               pages * 4, KERNEL_LOAD_PHYS);
        native_exit(NATIVE_EXIT_BAD_BOOT);
    }
    fill_p2m(&l);
    build_tables(&l);
    fill_start_info(&l, cmdline);
    /* From here on the kernel's own tables, as a PV kernel starts on. */
    asm volatile("mov %0, %%cr3" :: "r"(pfn_maddr(l.l4)) : "memory");
    printk("native: %lu pages from 0x%x, bootstrap region %lu pages "
           "(P2M at pfn %lu, start_info %lu, page tables %lu-%lu)\n",
           l.nr_pages, KERNEL_LOAD_PHYS, l.region_pages, l.p2m,
           l.start_info, l.l4, l.l1 + l.nr_l1 - 1);
    return (start_info_t *)pfn_va(l.start_info);
}
