/*
 * The frame allocator over start_info's P2M (see guest/mm.h).
 *
 * One reference count per pfn; the pool is every pfn beyond the
 * start-of-day mapping.  Allocation is next-fit from the last frame
 * handed out, so that frames freed a moment ago are reused last (a
 * stale mapping of one then shows up as wrong data, not silently).
 */
#include <guest/console.h>
#include <guest/hypervisor.h>
#include <guest/kmap.h>
#include <guest/mm.h>
#include <guest/mmu.h>
#include <guest/pvops.h>

/* Frames beyond this are not used (256 MiB of guest memory). */
#define MAX_PFNS        65536

/* A P2M entry with no frame behind it (Linux: INVALID_P2M_ENTRY). */
#define P2M_INVALID     (~0ul)

/* frame_ref[] values: 0 free, 1..REF_MAX in use, REF_RESERVED never. */
#define REF_MAX         0xfe
#define REF_RESERVED    0xff

static uint8_t frame_ref[MAX_PFNS];
static unsigned long nr_pfns;       /* frames the allocator covers */
static unsigned long first_free;    /* first pfn of the pool */
static unsigned long nr_free, nr_pool;
static unsigned long next_hint;

/* The backend's P2M and M2P (start_info's lists; native: a shift). */
unsigned long pfn_to_mfn(unsigned long pfn)
{
    return pv_ops.mmu.pfn_to_mfn(pfn);
}

unsigned long mfn_to_pfn(unsigned long mfn)
{
    return pv_ops.mmu.mfn_to_pfn(mfn);
}

bool mfn_is_own(unsigned long mfn)
{
    unsigned long pfn = mfn_to_pfn(mfn);

    return pfn < start_info->nr_pages && pfn_to_mfn(pfn) == mfn;
}

/*
 * Pages mapped by the start-of-day mapping from KERNEL_VIRT_BASE up.
 * Xen maps the bootstrap region contiguously and 1:1 onto the first
 * pfns (xen/xen.h, "Start-of-day memory layout"), so this is also the
 * first pfn it leaves unmapped.
 */
static unsigned long boot_mapped_pages(void)
{
    unsigned long va = KERNEL_VIRT_BASE, n = 0;
    unsigned int i = PT_ENTRIES;

    for (;; va += PT_LEVEL_SIZE(2)) {
        uint64_t l2e_ma = pt_entry_maddr(mmu_boot_l4(), va, 2);
        uint64_t l2e = l2e_ma ? pt_read(l2e_ma) : 0;
        const uint64_t *l1;

        if (!(l2e & PTE_PRESENT) || (l2e & PTE_PSE))
            break;
        l1 = kmap(PTE_MFN(l2e), false);
        for (i = 0; i < PT_ENTRIES && (l1[i] & PTE_PRESENT); i++)
            n++;
        kunmap((void *)l1);
        if (i < PT_ENTRIES)
            break;
    }
    return n;
}

void mm_init(void)
{
    unsigned long pfn;

    nr_pfns = start_info->nr_pages;
    if (nr_pfns > MAX_PFNS) {
        printk("info: mm: using %u of %lu frames\n", MAX_PFNS, nr_pfns);
        nr_pfns = MAX_PFNS;
    }
    first_free = boot_mapped_pages();
    for (pfn = 0; pfn < nr_pfns; pfn++) {
        bool usable = pfn >= first_free && pfn_to_mfn(pfn) != P2M_INVALID;

        frame_ref[pfn] = usable ? 0 : REF_RESERVED;
        nr_pool += usable;
    }
    nr_free = nr_pool;
    next_hint = first_free;
    printk("info: mm: %lu frames, boot mapping %lu, pool %lu\n",
           start_info->nr_pages, first_free, nr_pool);
}

unsigned long frame_alloc(void)
{
    unsigned long i, pfn;

    if (nr_free == 0)
        return 0;
    for (i = 0; i < nr_pfns; i++) {
        pfn = next_hint + i;
        if (pfn >= nr_pfns)
            pfn -= nr_pfns;
        if (frame_ref[pfn] == 0) {
            frame_ref[pfn] = 1;
            nr_free--;
            next_hint = pfn + 1 < nr_pfns ? pfn + 1 : first_free;
            return pfn;
        }
    }
    panic("mm: %lu frames free but none found", nr_free);
}

unsigned long frame_alloc_zeroed(void)
{
    unsigned long pfn = frame_alloc();
    void *va;

    if (pfn) {
        va = kmap(pfn_to_mfn(pfn), true);
        memset(va, 0, PAGE_SIZE);
        kunmap(va);
    }
    return pfn;
}

static void check_allocated(unsigned long pfn, const char *what)
{
    if (pfn >= nr_pfns || frame_ref[pfn] == 0 ||
        frame_ref[pfn] == REF_RESERVED)
        panic("mm: %s of pfn 0x%lx, which is not allocated", what, pfn);
}

void frame_get(unsigned long pfn)
{
    check_allocated(pfn, "frame_get");
    if (frame_ref[pfn] == REF_MAX)
        panic("mm: too many references to pfn 0x%lx", pfn);
    frame_ref[pfn]++;
}

void frame_put(unsigned long pfn)
{
    check_allocated(pfn, "frame_put");
    if (--frame_ref[pfn] == 0)
        nr_free++;
}

unsigned int frame_refs(unsigned long pfn)
{
    check_allocated(pfn, "frame_refs");
    return frame_ref[pfn];
}

unsigned long frames_free(void)
{
    return nr_free;
}

unsigned long frames_total(void)
{
    return nr_pool;
}

unsigned long mm_first_free_pfn(void)
{
    return first_free;
}
