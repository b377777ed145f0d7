/*
 * What an x86-64 PV guest may put in its page tables (Xen's rules), and
 * the one update path every page-table write takes: mmu_update,
 * update_va_mapping and the emulated writes of writable page tables.
 *
 * Rules, per level (pv/pt_validate.c):
 *   L1  a present entry maps a frame the domain owns; writably only if
 *       the frame can take PGT_writable_page (it is no page table and no
 *       descriptor page); flags P RW U A D G, bits 9-11 and 52-62, NX;
 *       cache attributes (PWT PCD PAT) only for a privileged domain.
 *   L2-L4  a present entry points at a frame the domain owns, validated
 *       as a table one level down; flags P RW U A D, bits 9-11 and 52-62,
 *       NX: no superpages (PSE), no G, no cache attributes.
 *   L4  slots 256-271 are the hypervisor's: skipped by validation, then
 *       rewritten from the idle table; guest updates to them are refused.
 *   Linear page tables (an entry pointing at a table of its own level,
 *   which Xen allows read-only) are refused: the type check already
 *   refuses them, as the frame is not of the next level down.
 * Present entries are adjusted as Xen's adjust_guest_l*e: the guest kernel
 * runs in ring 3, so they get _PAGE_USER (an L1 entry without it also gets
 * Xen's _PAGE_GUEST_KERNEL marker, bit 52); L1 entries lose _PAGE_GLOBAL,
 * which Xen keeps, because our kernel/user switch reloads CR3 without
 * flushing global translations.
 */
#ifndef ASM_PT_VALIDATE_H
#define ASM_PT_VALIDATE_H

#include <hv/page_type.h>
#include <asm/page.h>

struct domain;

#define _PAGE_PAT           0x080UL             /* in an L1 entry */
#define _PAGE_AVAIL         0xE00UL             /* bits 9-11 */
#define _PAGE_AVAIL_HIGH    (0x7FFUL << 52)     /* bits 52-62 */
#define _PAGE_GUEST_KERNEL  (1UL << 52)         /* Xen's marker */

/* Slots 256-271 of an L4 belong to the hypervisor. */
bool pv_is_guest_l4_slot(unsigned int slot);

/*
 * References a present L1 entry needs, for domain 'd' (Xen's
 * get_page_from_l1e).  Returns 0; -XEN_EINVAL for a disallowed flag;
 * -XEN_EPERM for a frame without page_info or in the first MiB (I/O
 * memory, not assignable yet); -XEN_EBUSY for a frame that is not d's or
 * cannot be mapped writably.
 */
int pv_get_page_from_l1e(pte_t e, const struct domain *d);
void pv_put_page_from_l1e(pte_t e);

/*
 * References a present entry of a level-'level' table (2-4) needs: the
 * next table down, validated.  Returns 0, -XEN_EINVAL, or the error of
 * that table's validation.
 */
int pv_get_page_from_upper(pte_t e, unsigned int level,
                           const struct domain *d);
void pv_put_page_from_upper(pte_t e);

pte_t pv_adjust_l1e(pte_t e);
pte_t pv_adjust_upper(pte_t e);

/* pv_mod_entry() flags. */
#define PV_MOD_PRESERVE_AD  1U      /* MMU_PT_UPDATE_PRESERVE_AD */

/*
 * Xen's mod_l[1-4]_entry: writes 'new' into entry 'slot' of the validated
 * table 'table' (level from its type, owner = the domain whose rules
 * apply), after taking the references the new entry needs; drops the old
 * entry's afterwards.  Sets *flush when a present entry changed in a way
 * that must not outlive the TLB (anything but the A/D bits).
 * Returns 0 or the refusal; a refusal changes nothing.
 */
int pv_mod_entry(struct page_info *table, unsigned int slot, pte_t new,
                 unsigned int flags, bool *flush);

/*
 * pv_mod_entry() for mmu_update with a foreign domain (Xen's FOREIGNDOM):
 * a new L1 entry maps a frame of 'pg_owner' rather than of the table's
 * owner, and holds its references (the frame outlives its owner's
 * destruction until the entry goes).  Upper-level entries are as ever.
 * A table holding such an entry fails validation again (Xen's rule), so
 * the control domain keeps it validated while it maps.
 * @pre the caller checked that the table's owner may map pg_owner's
 * frames (it is the control domain, or pg_owner is itself).
 */
int pv_mod_entry_foreign(struct page_info *table, unsigned int slot,
                         pte_t new, unsigned int flags,
                         const struct domain *pg_owner, bool *flush);

#endif /* ASM_PT_VALIDATE_H */
