/*
 * Validation of x86-64 PV page tables, one rule function per level, and
 * the shared entry-update path (asm/pt_validate.h has the rules).
 *
 * Pure data manipulation through the direct map: no control registers, so
 * the unit tests run this file on the host over a fake memory.
 */
#include <hv/bug.h>
#include <hv/domain.h>
#include <hv/page_type.h>
#include <asm/config.h>
#include <asm/descriptor.h>
#include <asm/iomem.h>
#include <asm/paging.h>
#include <asm/pt_validate.h>
#include <xen/errno.h>

/* Flags any present entry may carry (complement of Xen's disallow masks). */
#define BASE_ALLOWED    (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | \
                         _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_AVAIL | \
                         _PAGE_AVAIL_HIGH | _PAGE_NX)
#define CACHE_ATTRS     (_PAGE_PWT | _PAGE_PCD | _PAGE_PAT)
#define FLAG_BITS       (~PTE_ADDR_MASK)

/* Xen hands the first MiB to DOMID_IO: I/O memory, never a guest's RAM. */
#define LEGACY_IO_FRAMES    0x100UL

/* An all-ones frame number is Xen's "invalid" and refused as such. */
#define MFN_ALL_ONES        (PTE_ADDR_MASK >> PAGE_SHIFT)

static mfn_t pte_mfn(pte_t e)
{
    return pte_addr(e) >> PAGE_SHIFT;
}

static pte_t *table_of(const struct page_info *pg)
{
    return mfn_to_virt(page_to_mfn(pg));
}

bool pv_is_guest_l4_slot(unsigned int slot)
{
    return slot < HV_L4_FIRST_SLOT || slot > HV_L4_LAST_SLOT;
}

/*
 * Cache attributes only with I/O privileges (Xen's l1_disallow_mask: a
 * domain with I/O capabilities, which dom0 has, may set them).
 */
static pte_t l1_allowed(const struct domain *d)
{
    pte_t allowed = BASE_ALLOWED | _PAGE_GLOBAL;

    return d->is_privileged ? allowed | CACHE_ATTRS : allowed;
}

int pv_get_page_from_l1e(pte_t e, const struct domain *d)
{
    mfn_t mfn = pte_mfn(e);
    struct page_info *pg;

    ASSERT(e & _PAGE_PRESENT);
    if (e & FLAG_BITS & ~l1_allowed(d))
        return -XEN_EINVAL;
    if (mfn == MFN_ALL_ONES)
        return -XEN_EINVAL;
    /*
     * Xen's get_page_from_l1e: a frame without a page_info is I/O memory,
     * mapped only where the domain's iomem permissions reach, without
     * references and with the cache attributes as given.
     */
    if (!mfn_valid(mfn))
        return iomem_permitted(d, mfn) ? 0 : -XEN_EPERM;
    if (mfn < LEGACY_IO_FRAMES)
        return -XEN_EPERM;
    pg = mfn_to_page(mfn);
    /* Not ours (free, the hypervisor's, another domain's): Xen's EBUSY. */
    if (!get_page(pg, d))
        return -XEN_EBUSY;
    if ((e & _PAGE_RW) && get_page_type(pg, PGT_writable_page)) {
        put_page(pg);
        return -XEN_EBUSY;
    }
    return 0;
}

void pv_put_page_from_l1e(pte_t e)
{
    struct page_info *pg;

    /* I/O memory took no reference (above). */
    if (!mfn_valid(pte_mfn(e)))
        return;
    pg = mfn_to_page(pte_mfn(e));
    if (e & _PAGE_RW)
        put_page_and_type(pg);
    else
        put_page(pg);
}

int pv_get_page_from_upper(pte_t e, unsigned int level,
                           const struct domain *d)
{
    mfn_t mfn = pte_mfn(e);

    ASSERT(level >= 2 && level <= 4 && (e & _PAGE_PRESENT));
    /* PSE (a superpage), G and cache attributes are all outside. */
    if (e & FLAG_BITS & ~BASE_ALLOWED)
        return -XEN_EINVAL;
    if (!mfn_valid(mfn))
        return -XEN_EINVAL;
    return get_page_and_type(mfn_to_page(mfn), d, pgt_of_level(level - 1));
}

void pv_put_page_from_upper(pte_t e)
{
    put_page_and_type(mfn_to_page(pte_mfn(e)));
}

pte_t pv_adjust_l1e(pte_t e)
{
    if (!(e & _PAGE_PRESENT))
        return e;
    if (!(e & _PAGE_USER))
        e |= _PAGE_USER | _PAGE_GUEST_KERNEL;
    return e & ~(pte_t)_PAGE_GLOBAL;
}

pte_t pv_adjust_upper(pte_t e)
{
    return (e & _PAGE_PRESENT) ? e | _PAGE_USER : e;
}

/* Entries of a level-'level' table that belong to the guest. */
static bool guest_slot(unsigned int level, unsigned int slot)
{
    return level != 4 || pv_is_guest_l4_slot(slot);
}

static int get_entry(pte_t e, unsigned int level, const struct domain *d)
{
    return level == 1 ? pv_get_page_from_l1e(e, d)
                      : pv_get_page_from_upper(e, level, d);
}

static void put_entry(pte_t e, unsigned int level)
{
    if (level == 1)
        pv_put_page_from_l1e(e);
    else
        pv_put_page_from_upper(e);
}

static pte_t adjust_entry(pte_t e, unsigned int level)
{
    return level == 1 ? pv_adjust_l1e(e) : pv_adjust_upper(e);
}

/* Drops the references of guest entries [0, end) of a table. */
static void put_entries(const pte_t *t, unsigned int level, unsigned int end)
{
    for (unsigned int i = 0; i < end; i++)
        if (guest_slot(level, i) && (t[i] & _PAGE_PRESENT))
            put_entry(t[i], level);
}

/*
 * Xen's promote_l*_table: every present guest entry must be acceptable,
 * and is adjusted in place.  On a refusal the references already taken
 * are dropped again, so a failed validation leaves no trace in the counts.
 */
static int validate_table(struct page_info *pg, unsigned int level)
{
    pte_t *t = table_of(pg);
    const struct domain *d = pg->owner;

    for (unsigned int i = 0; i < PT_ENTRIES; i++) {
        pte_t e = t[i];
        int rc;

        if (!guest_slot(level, i) || !(e & _PAGE_PRESENT))
            continue;
        rc = get_entry(e, level, d);
        if (rc) {
            put_entries(t, level, i);
            return rc;
        }
        t[i] = adjust_entry(e, level);
    }
    /* Whatever the guest left in the hypervisor's slots is overwritten. */
    if (level == 4)
        paging_init_guest_l4(t);
    return 0;
}

int arch_page_validate(struct page_info *pg, uint32_t type)
{
    BUG_ON(!pg->owner);
    if (type == PGT_seg_desc_page)
        return pv_validate_desc_page(pg);
    BUG_ON(!pgt_is_page_table(type));
    return validate_table(pg, pgt_level(type));
}

void arch_page_devalidate(struct page_info *pg, uint32_t type)
{
    BUG_ON(!pgt_is_page_table(type));
    put_entries(table_of(pg), pgt_level(type), PT_ENTRIES);
}

/*
 * PTE bits a guest may change without the entry being re-validated
 * (Xen's FASTPATH_FLAG_WHITELIST): the frame, RW and caching stay.
 */
#define FASTPATH_FLAGS  (_PAGE_NX | _PAGE_AVAIL_HIGH | _PAGE_AVAIL | \
                         _PAGE_GLOBAL | _PAGE_DIRTY | _PAGE_ACCESSED | \
                         _PAGE_USER)

static bool same_references(pte_t old, pte_t new)
{
    return (old & _PAGE_PRESENT) && !((old ^ new) & ~FASTPATH_FLAGS);
}

/*
 * Checks the new entry and takes its references; *fast: none needed.
 * The table owner's rules apply to the flags; an L1 entry maps a frame
 * of 'pg_owner' (Xen's l1e_owner and pg_owner), upper entries tables of
 * the table owner's.
 */
static int get_new_entry(pte_t old, pte_t new, unsigned int level,
                         const struct domain *d,
                         const struct domain *pg_owner, bool *fast)
{
    pte_t allowed = level == 1 ? l1_allowed(d) : BASE_ALLOWED;

    *fast = false;
    if (!(new & _PAGE_PRESENT))
        return 0;
    if (new & FLAG_BITS & ~allowed)
        return -XEN_EINVAL;
    if (same_references(old, new)) {
        *fast = true;
        return 0;
    }
    return get_entry(new, level, level == 1 ? pg_owner : d);
}

int pv_mod_entry(struct page_info *table, unsigned int slot, pte_t new,
                 unsigned int flags, bool *flush)
{
    return pv_mod_entry_foreign(table, slot, new, flags, table->owner, flush);
}

int pv_mod_entry_foreign(struct page_info *table, unsigned int slot,
                         pte_t new, unsigned int flags,
                         const struct domain *pg_owner, bool *flush)
{
    unsigned int level = pgt_level(table->type_info);
    volatile pte_t *entry = table_of(table) + slot;
    pte_t old = *entry;
    bool fast;
    int rc;

    BUG_ON(!pgt_is_page_table(table->type_info) ||
           !(table->type_info & PGT_validated) || slot >= PT_ENTRIES);
    if (!guest_slot(level, slot))
        return -XEN_EINVAL;
    rc = get_new_entry(old, new, level, table->owner, pg_owner, &fast);
    if (rc)
        return rc;
    new = adjust_entry(new, level);
    if (flags & PV_MOD_PRESERVE_AD)
        new |= old & (_PAGE_ACCESSED | _PAGE_DIRTY);
    *entry = new;
    if ((old & _PAGE_PRESENT) && !fast)
        put_entry(old, level);
    if ((old & _PAGE_PRESENT) && ((old ^ new) & ~(pte_t)(_PAGE_ACCESSED |
                                                        _PAGE_DIRTY)))
        *flush = true;
    return 0;
}
