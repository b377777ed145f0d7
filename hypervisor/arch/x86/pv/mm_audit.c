/*
 * Consistency audit of a domain's direct-paging state (Xen's
 * audit_domains idea), and our extension hypercall that runs it.
 *
 * Every reference and type count of a domain's frames must be explained
 * by something the audit can see: the domain's allocation, its pins, its
 * vCPUs' base pointers, and the present entries of the tables those reach.
 * The audit recomputes the counts from those roots alone - tables of level
 * 4 first, then 3, 2 and 1, since an entry only ever points one level down
 * (no linear page tables) - and compares them with the frame table.  It
 * also checks what validation promised: every entry maps a frame of the
 * domain's, no frame is used as two types, and the hypervisor's L4 slots
 * are the hypervisor's.
 *
 * Runs when a domain shuts down and on the guest's request
 * (XPVOP_mm_audit).  It reads only: a failed audit changes nothing.
 */
#include <hv/bug.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/page_type.h>
#include <hv/printk.h>
#include <asm/iomem.h>
#include <asm/paging.h>
#include <asm/pt_validate.h>
#include <abi/ext.h>
#include <xen/errno.h>

/* Mismatches printed in full; the rest are only counted. */
#define AUDIT_MAX_REPORTS   16

/* What a frame's counts must be: general count, and type | type count. */
struct audit_frame {
    uint32_t count;
    uint32_t type;
};

struct audit {
    const struct domain *d;
    struct audit_frame *exp;    /* by mfn: max_mfn entries */
    pte_t *idle_l4;             /* the hypervisor's L4 slots, for checks */
    unsigned int mismatches;
    unsigned long frames, tables;
};

/* One mismatch: printed (the first few), always counted. */
static __printf(2, 3) void report(struct audit *a, const char *fmt, ...)
{
    char buf[160];
    va_list ap;

    if (a->mismatches++ >= AUDIT_MAX_REPORTS)
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk(XENLOG_ERR "mm audit: dom %u: %s\n", a->d->domain_id, buf);
}

/*
 * One more reference on 'mfn', with a type reference unless PGT_none.
 * 'from' names the referring table for the report (0: a base pointer).
 * A reference to a frame that is not the domain's is exactly what
 * validation must make impossible: reported, never counted.
 */
static void expect_ref(struct audit *a, mfn_t mfn, uint32_t type,
                       mfn_t from)
{
    struct audit_frame *e;

    if (!mfn_valid(mfn) || mfn_to_page(mfn)->owner != a->d) {
        report(a, "frame %#lx refers to %#lx, not the domain's", from, mfn);
        return;
    }
    e = &a->exp[mfn];
    e->count++;
    if (type == PGT_none)
        return;
    if ((e->type & PGT_count_mask) && (e->type & PGT_type_mask) != type)
        report(a, "frame %#lx used as type %#x and %#x", mfn,
               e->type & PGT_type_mask, type);
    e->type = type | ((e->type & PGT_count_mask) + 1);
}

typedef void frame_fn(struct audit *a, struct page_info *pg,
                      unsigned int arg);

/* Calls fn for each frame of the domain: its allocation, and shared_info. */
static void for_each_frame(struct audit *a, frame_fn *fn, unsigned int arg)
{
    const struct domain *d = a->d;
    struct page_info *si = NULL;
    struct list_head *p;

    list_for_each(p, &d->page_list)
        fn(a, list_entry(p, struct page_info, list), arg);
    if (mfn_valid(d->shared_info_mfn))
        si = mfn_to_page(d->shared_info_mfn);
    if (si && si->owner == d && (si->count_info & PGC_xen_heap))
        fn(a, si, arg);
}

/* Roots held by a frame itself: its allocation, xen-heap type, pin. */
static void expect_frame_roots(struct audit *a, struct page_info *pg,
                               unsigned int unused)
{
    mfn_t mfn = page_to_mfn(pg);
    struct audit_frame *e = &a->exp[mfn];

    (void)unused;
    if (pg->count_info & PGC_allocated)
        e->count++;
    if (pg->count_info & PGC_xen_heap)
        e->type = PGT_writable_page | ((e->type & PGT_count_mask) + 1);
    if (!(pg->type_info & PGT_pinned))
        return;
    if (!pgt_is_page_table(pg->type_info))
        report(a, "frame %#lx pinned but not a page table", mfn);
    else
        expect_ref(a, mfn, pg->type_info & PGT_type_mask, mfn);
}

/* A vCPU's roots: its base pointers, its GDT's and LDT's frames. */
static void expect_vcpu_roots(struct audit *a, const struct vcpu *v)
{
    const struct pv_desc_tables *t = &v->arch.desc;

    if (v->arch.guest_table != INVALID_MFN)
        expect_ref(a, v->arch.guest_table, PGT_l4_page_table, 0);
    if (v->arch.guest_table_user != INVALID_MFN)
        expect_ref(a, v->arch.guest_table_user, PGT_l4_page_table, 0);
    for (unsigned int i = 0; i < DIV_ROUND_UP(t->gdt_ents, DESCS_PER_PAGE);
         i++)
        expect_ref(a, t->gdt_frames[i], PGT_seg_desc_page, 0);
    for (unsigned int i = 0; i < LDT_MAX_FRAMES; i++)
        if (t->ldt_frames[i])
            expect_ref(a, t->ldt_frames[i], PGT_seg_desc_page, 0);
}

/* Roots: what frames hold themselves, then each vCPU's. */
static void expect_roots(struct audit *a)
{
    for_each_frame(a, expect_frame_roots, 0);
    for (unsigned int i = 0; i < a->d->max_vcpus; i++)
        if (a->d->vcpu[i])
            expect_vcpu_roots(a, a->d->vcpu[i]);
}

/*
 * An L1 entry of the control domain's mapping another domain's frame
 * (mmu_update with a foreign domain): that domain's count, not ours.
 */
static bool foreign_mapping(const struct audit *a, mfn_t mfn)
{
    const struct domain *owner;

    if (!is_control_domain(a->d) || !mfn_valid(mfn))
        return false;
    owner = mfn_to_page(mfn)->owner;
    return owner && owner != a->d;
}

/* An L1 entry to granted I/O memory: no page_info, no reference. */
static bool io_mapping(const struct audit *a, mfn_t mfn)
{
    return !mfn_valid(mfn) && iomem_permitted(a->d, mfn);
}

/* The references the entries of one level-'level' table hold. */
static void scan_table(struct audit *a, mfn_t mfn, unsigned int level)
{
    const pte_t *t = mfn_to_virt(mfn);

    a->tables++;
    for (unsigned int i = 0; i < PT_ENTRIES; i++) {
        pte_t e = t[i];
        mfn_t target = pte_addr(e) >> PAGE_SHIFT;

        if (level == 4 && !pv_is_guest_l4_slot(i)) {
            if (e != a->idle_l4[i])
                report(a, "L4 %#lx slot %u is not the hypervisor's", mfn, i);
            continue;
        }
        if (!(e & _PAGE_PRESENT))
            continue;
        if (level > 1)
            expect_ref(a, target, pgt_of_level(level - 1), mfn);
        else if (!foreign_mapping(a, target) && !io_mapping(a, target))
            expect_ref(a, target, (e & _PAGE_RW) ? PGT_writable_page
                                                 : PGT_none, mfn);
    }
}

/* A frame expected to be a table of 'level' gets its entries counted. */
static void scan_frame(struct audit *a, struct page_info *pg,
                       unsigned int level)
{
    uint32_t t = a->exp[page_to_mfn(pg)].type;

    if ((t & PGT_count_mask) && (t & PGT_type_mask) == pgt_of_level(level))
        scan_table(a, page_to_mfn(pg), level);
}

/*
 * The frame table against the recomputation: general count, type count,
 * and for a frame in use its type, validated.  (A type left behind at
 * count 0 is Xen's normal state and not compared.)
 */
static void compare_frame(struct audit *a, struct page_info *pg,
                          unsigned int unused)
{
    mfn_t mfn = page_to_mfn(pg);
    const struct audit_frame *e = &a->exp[mfn];
    uint32_t t = pg->type_info;

    (void)unused;
    a->frames++;
    if ((pg->count_info & PGC_count_mask) != e->count)
        report(a, "frame %#lx count %u, expected %u", mfn,
               pg->count_info & PGC_count_mask, e->count);
    if ((t & PGT_count_mask) != (e->type & PGT_count_mask))
        report(a, "frame %#lx type %#x count %u, expected type %#x count %u",
               mfn, t & PGT_type_mask, t & PGT_count_mask,
               e->type & PGT_type_mask, e->type & PGT_count_mask);
    else if ((e->type & PGT_count_mask) &&
             ((t & PGT_type_mask) != (e->type & PGT_type_mask) ||
              !(t & PGT_validated)))
        report(a, "frame %#lx type_info %#x, expected type %#x validated",
               mfn, t, e->type & PGT_type_mask);
}

static unsigned int order_for(size_t bytes)
{
    unsigned int order = 0;

    while ((PAGE_SIZE << order) < bytes)
        order++;
    return order;
}

/*
 * Scratch: one audit_frame per machine frame, then a page for the
 * hypervisor's L4 slots; from the allocator, so an audit can fail for
 * memory but never disturbs the domain.
 */
int mm_audit_domain(struct domain *d)
{
    size_t bytes = ROUNDUP(max_mfn * sizeof(struct audit_frame), PAGE_SIZE);
    unsigned int order = order_for(bytes + PAGE_SIZE);
    mfn_t scratch = alloc_frames(order, NULL);
    struct audit a = { .d = d };

    if (scratch == INVALID_MFN) {
        printk(XENLOG_WARNING "mm audit: dom %u: no memory to audit\n",
               d->domain_id);
        return -XEN_ENOMEM;
    }
    a.exp = mfn_to_virt(scratch);
    memset(a.exp, 0, bytes + PAGE_SIZE);
    a.idle_l4 = (pte_t *)((char *)a.exp + bytes);
    paging_init_guest_l4(a.idle_l4);
    expect_roots(&a);
    /* Top down: every entry points one level below its table. */
    for (unsigned int level = 4; level >= 1; level--)
        for_each_frame(&a, scan_frame, level);
    for_each_frame(&a, compare_frame, 0);
    free_frames(scratch, order);
    if (a.mismatches)
        printk(XENLOG_ERR "mm audit: dom %u: %u mismatches (%lu frames, "
               "%lu tables)\n", d->domain_id, a.mismatches, a.frames,
               a.tables);
    else
        printk("mm audit: dom %u: OK (%lu frames, %lu tables)\n",
               d->domain_id, a.frames, a.tables);
    return a.mismatches ? -XEN_EIO : 0;
}
