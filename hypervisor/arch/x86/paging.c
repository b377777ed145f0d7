/*
 * The hypervisor's own address space, shared by every guest.
 *
 * The idle L4 built here holds only the hypervisor's slots; each guest L4
 * gets copies of slots 256-271 (paging_init_guest_l4), so the hypervisor is
 * mapped identically in every address space and a hypercall runs on the
 * guest's page tables.  All mappings are supervisor-only except the M2P
 * table, which guests may read (user, read-only), as in Xen.
 */
#include <hv/boot_info.h>
#include <hv/bug.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <hv/setup.h>
#include <hv/shutdown.h>
#include <asm/config.h>
#include <asm/paging.h>
#include <asm/processor.h>

#define PTE_HV_TABLE    (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED)
#define PTE_HV_2M       (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
                         _PAGE_DIRTY | _PAGE_PSE | _PAGE_GLOBAL)
/* Intermediate entries above the M2P must allow user access. */
#define PTE_M2P_TABLE   (_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)
#define PTE_M2P_PAGE    (_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX)

extern char __image_start[], __image_end[];

static pte_t idle_l4[PT_ENTRIES] __aligned(PAGE_SIZE);
static unsigned long *m2p_table;
static paddr_t directmap_end;
static unsigned long m2p_entries;

void *maddr_to_virt(paddr_t pa)
{
    return (void *)(DIRECTMAP_VIRT_START + pa);
}

paddr_t virt_to_maddr(const void *va)
{
    unsigned long v = (unsigned long)va;

    if (v >= DIRECTMAP_VIRT_START && v < DIRECTMAP_VIRT_END)
        return v - DIRECTMAP_VIRT_START;
    /* The image, up to and including its end address. */
    BUG_ON(v < (unsigned long)__image_start || v > (unsigned long)__image_end);
    return v - XEN_VIRT_START;
}

void arch_image_range(struct phys_range *r)
{
    r->start = virt_to_maddr(__image_start);
    r->end = virt_to_maddr(__image_end);
}

/* A zeroed frame for a page table; boot cannot go on without it. */
static pte_t *alloc_table(paddr_t *pa)
{
    mfn_t mfn = alloc_frames(0, NULL);

    if (mfn == INVALID_MFN)
        boot_fail(EXIT_BAD_BOOT, "out of memory building page tables");
    *pa = (paddr_t)mfn << PAGE_SHIFT;
    memset(maddr_to_virt(*pa), 0, PAGE_SIZE);
    return maddr_to_virt(*pa);
}

/* The next-level table under entry 'e', allocated on first use. */
static pte_t *table_under(pte_t *e, uint64_t flags)
{
    paddr_t pa;

    if (*e & _PAGE_PRESENT)
        return maddr_to_virt(pte_addr(*e));
    pte_t *t = alloc_table(&pa);
    *e = make_pte(pa, flags);
    return t;
}

/* Maps [pa, pa+len) at va with 2 MiB pages (all three aligned to 2 MiB). */
static void map_2m_range(unsigned long va, paddr_t pa, uint64_t len)
{
    for (uint64_t off = 0; off < len; off += 1UL << L2_SHIFT) {
        unsigned long v = va + off;
        pte_t *l3 = table_under(&idle_l4[pt_index(v, 4)], PTE_HV_TABLE);
        pte_t *l2 = table_under(&l3[pt_index(v, 3)], PTE_HV_TABLE);

        l2[pt_index(v, 2)] = make_pte(pa + off, PTE_HV_2M);
    }
}

static uint64_t highest_ram_end(const struct boot_info *bi)
{
    uint64_t end = 0;

    for (unsigned int i = 0; i < bi->nr_mem; i++)
        if (bi->mem[i].type == BOOT_MEM_RAM)
            end = MAX(end, bi->mem[i].base + bi->mem[i].len);
    return end;
}

/*
 * The M2P's frames, mapped read-only and user-visible at
 * RO_MPT_VIRT_START with 4 KiB pages; the hypervisor writes it through the
 * direct map.  Every entry starts out invalid.
 */
static void m2p_init(void)
{
    size_t bytes = ROUNDUP(max_mfn * sizeof(unsigned long), PAGE_SIZE);
    mfn_t base = alloc_frames(get_order_from_bytes(bytes), NULL);
    if (base == INVALID_MFN)
        boot_fail(EXIT_BAD_BOOT, "out of memory for the M2P table");
    m2p_table = mfn_to_virt(base);
    m2p_entries = max_mfn;
    memset(m2p_table, 0xff, bytes);

    for (size_t off = 0; off < bytes; off += PAGE_SIZE) {
        unsigned long v = RO_MPT_VIRT_START + off;
        pte_t *l3 = table_under(&idle_l4[pt_index(v, 4)], PTE_M2P_TABLE);
        pte_t *l2 = table_under(&l3[pt_index(v, 3)], PTE_M2P_TABLE);
        pte_t *l1 = table_under(&l2[pt_index(v, 2)], PTE_M2P_TABLE);

        l1[pt_index(v, 1)] = make_pte(((paddr_t)base << PAGE_SHIFT) + off,
                                      PTE_M2P_PAGE);
    }
}

void arch_paging_init(const struct boot_info *bi)
{
    uint64_t ram_end = ROUNDUP(highest_ram_end(bi), 1UL << L2_SHIFT);
    uint64_t image_end = ROUNDUP(virt_to_maddr(__image_end), 1UL << L2_SHIFT);

    /* The image where it is linked; then all RAM at the direct map. */
    map_2m_range(XEN_VIRT_START, 0, image_end);
    map_2m_range(DIRECTMAP_VIRT_START, 0, ram_end);
    directmap_end = ram_end;
    m2p_init();

    write_cr4(read_cr4() | X86_CR4_PGE);
    write_cr3(virt_to_maddr(idle_l4));
    printk("paging: hypervisor at %#lx, direct map of %lu MiB, M2P %lu entries\n",
           (unsigned long)XEN_VIRT_START, (unsigned long)(ram_end >> 20),
           m2p_entries);
}

paddr_t paging_idle_l4(void)
{
    return virt_to_maddr(idle_l4);
}

paddr_t paging_directmap_end(void)
{
    return directmap_end;
}

/* The table under 'e', allocated zeroed on first use; NULL if no memory. */
static pte_t *next_table(pte_t *e)
{
    mfn_t mfn;

    if (*e & _PAGE_PRESENT) {
        /* Only tables live in these windows: a large page would be a bug. */
        BUG_ON(*e & _PAGE_PSE);
        return maddr_to_virt(pte_addr(*e));
    }
    mfn = alloc_frames(0, NULL);
    if (mfn == INVALID_MFN)
        return NULL;
    memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
    *e = make_pte((paddr_t)mfn << PAGE_SHIFT, PTE_HV_TABLE);
    return mfn_to_virt(mfn);
}

pte_t *paging_hv_l1e(unsigned long va)
{
    pte_t *l3, *l2, *l1;

    /* The slot is shared with every guest only because it exists already. */
    BUG_ON(!(idle_l4[pt_index(va, 4)] & _PAGE_PRESENT));
    l3 = maddr_to_virt(pte_addr(idle_l4[pt_index(va, 4)]));
    l2 = next_table(&l3[pt_index(va, 3)]);
    l1 = l2 ? next_table(&l2[pt_index(va, 2)]) : NULL;
    return l1 ? &l1[pt_index(va, 1)] : NULL;
}

void paging_init_guest_l4(pte_t *l4)
{
    for (unsigned int i = HV_L4_FIRST_SLOT; i <= HV_L4_LAST_SLOT; i++)
        l4[i] = idle_l4[i];
}

void m2p_set(mfn_t mfn, unsigned long pfn)
{
    BUG_ON(mfn >= m2p_entries);
    m2p_table[mfn] = pfn;
}

unsigned long m2p_get(mfn_t mfn)
{
    return mfn < m2p_entries ? m2p_table[mfn] : M2P_INVALID;
}
