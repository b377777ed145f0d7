/*
 * Building a PV domain from a boot module, in named phases (Xen's
 * xg_dom_core.c shape rather than its 700-line dom0_construct).  dom0
 * and the boot-time domUs share every phase; what differs is a
 * parameter (struct pv_build_params: the hardware domain gets
 * SIF_PRIVILEGED|SIF_INITDOMAIN and Xen's dom0 notes rule, a domU its
 * store and console pages and their event channels):
 *
 *   check_kernel    parse the ELF and its Xen notes, apply Xen's refusals
 *   plan_layout     the start-of-day virtual layout of xen.h
 *   populate        allocate the domain's frames, fill the P2M and M2P
 *   load_images     kernel segments, initrd, hypercall page
 *   alloc_magic_pages  domU only: store and console rings, their ports
 *   build_tables    initial page tables: the region mapped, tables read-only
 *   type_tables     the L4 validated (every table typed, every reference
 *                   counted) and pinned, as any guest table
 *   write_start_info
 *   init_vcpu       registers at the entry point
 *
 * The layout and the tables are hv/pv_layout.h's (xen.h's "Start-of-day
 * memory layout"), shared with dom0's domain builder.
 */
#include <hv/bug.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/lib.h>
#include <hv/libelf.h>
#include <hv/mm.h>
#include <hv/page_type.h>
#include <hv/printk.h>
#include <hv/pv_layout.h>
#include <hv/setup.h>
#include <hv/shutdown.h>
#include <asm/page.h>
#include <asm/paging.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <hv/event.h>

/* Features this hypervisor provides, for kernels that '!'-require some. */
static const unsigned int supported_features[] = { XENFEAT_dom0 };

struct pv_build {
    const struct pv_build_params *p;
    struct domain *d;
    char name[8];               /* "dom<id>", for messages */
    const void *image;
    size_t image_size;
    struct xen_elf_info elf;
    const struct boot_module *initrd;
    const char *cmdline;
    unsigned long nr_pages;
    unsigned long *p2m;         /* hypervisor copy, pfn -> mfn */
    unsigned int p2m_order;

    struct pv_layout l;         /* guest virtual layout */
    evtchn_port_t store_port, console_port;         /* domU only */
};

/* XENFEAT_dom0 is only the hardware domain's to require. */
static bool feature_is_supported(const struct pv_build *b, unsigned int f)
{
    if (f == XENFEAT_dom0 && !b->p->hardware)
        return false;
    for (unsigned int i = 0; i < ARRAY_SIZE(supported_features); i++)
        if (supported_features[i] == f)
            return true;
    return false;
}

static void check_kernel(struct pv_build *b)
{
    const char *why;
    enum elf_status st = elf_parse(b->image, b->image_size, &b->elf, &why);

    if (st == ELF_NOT_ELF || st == ELF_BAD_LAYOUT)
        boot_fail(EXIT_NOT_ELF, "%s kernel is not a usable ELF64 image: %s",
                  b->name, why);
    if (st == ELF_NO_XEN_NOTES)
        boot_fail(EXIT_NO_XEN_NOTES, "%s kernel has no Xen ELF notes: %s",
                  b->name, why);
    if (st != ELF_OK)
        boot_fail(EXIT_BAD_DOM0, "%s kernel refused: %s", b->name, why);
    /*
     * Xen 4.17 refuses a dom0 only when it has a SUPPORTED_FEATURES note
     * without XENFEAT_dom0: older kernels predate the bit (checked against
     * real Xen, which boots a kernel whose FEATURES lack "dom0").
     */
    if (b->p->hardware &&
        (b->elf.notes_present & (1u << XEN_ELFNOTE_SUPPORTED_FEATURES)) &&
        !elf_feature_supported(&b->elf, XENFEAT_dom0))
        boot_fail(EXIT_BAD_DOM0, "dom0 kernel does not support dom0 operation "
                  "(its SUPPORTED_FEATURES note lacks XENFEAT_dom0)");
    for (unsigned int f = 0; f < 32 * XENFEAT_NR_SUBMAPS; f++)
        if (elf_feature_required(&b->elf, f) && !feature_is_supported(b, f))
            boot_fail(EXIT_BAD_DOM0, "%s kernel requires XENFEAT %u, "
                      "which this hypervisor does not provide", b->name, f);
    if (b->elf.virt_hypercall == ELF_UNSET_ADDR)
        boot_fail(EXIT_BAD_DOM0, "%s kernel has no HYPERCALL_PAGE note",
                  b->name);
}

static void plan_layout(struct pv_build *b)
{
    struct pv_layout_req req = {
        .virt_base = b->elf.virt_base,
        .virt_kend = b->elf.virt_kend,
        .initrd_len = b->initrd ? b->initrd->end - b->initrd->start : 0,
        .nr_pages = b->nr_pages,
        .magic_pages = !b->p->hardware,
    };
    enum pv_layout_status st = pv_layout_plan(&req, &b->l);

    if (st == PV_LAYOUT_BAD_RANGE)
        boot_fail(EXIT_BAD_DOM0, "%s's initial mapping [%#lx, %#lx) is not "
                  "guest address space", b->name, b->l.v_start, b->l.v_end);
    if (st == PV_LAYOUT_TOO_BIG)
        boot_fail(EXIT_TOO_BIG, "%s's initial mapping needs %lu KiB but "
                  "%s gives %lu KiB: raise it", b->name,
                  (b->l.v_end - b->l.v_start) >> 10,
                  b->p->hardware ? "dom0_mem" : "domu_mem", b->nr_pages << 2);
}

static unsigned long va_to_pfn(const struct pv_build *b, unsigned long va)
{
    return (va - b->l.v_start) >> PAGE_SHIFT;
}

/* Hypervisor pointer to guest virtual 'va' inside the initial region. */
static void *va_ptr(const struct pv_build *b, unsigned long va)
{
    unsigned long pfn = va_to_pfn(b, va);

    BUG_ON(va < b->l.v_start || va >= b->l.v_end);
    return (char *)mfn_to_virt(b->p2m[pfn]) + (va & ~PAGE_MASK);
}

static unsigned int order_for(unsigned long bytes)
{
    unsigned int order = 0;

    while ((PAGE_SIZE << order) < bytes)
        order++;
    return order;
}

/*
 * Frames in the largest blocks available, pfns in allocation order.  The
 * shared_info page becomes the domain's to map, but permanently writable, so it
 * can never be made a page table (the hypervisor writes it).
 */
static void populate(struct pv_build *b)
{
    unsigned long pfn = 0;
    unsigned int order = MAX_ORDER;

    share_xen_page_with_guest(mfn_to_page(b->d->shared_info_mfn), b->d);

    b->p2m_order = order_for(b->nr_pages * sizeof(unsigned long));
    mfn_t p2m_mfn = alloc_frames(b->p2m_order, NULL);
    if (p2m_mfn == INVALID_MFN)
        boot_fail(EXIT_TOO_BIG, "out of memory for %s's P2M", b->name);
    b->p2m = mfn_to_virt(p2m_mfn);

    while (pfn < b->nr_pages) {
        while ((1UL << order) > b->nr_pages - pfn)
            order--;
        mfn_t mfn = domain_alloc_frames(b->d, order);
        if (mfn == INVALID_MFN) {
            if (order == 0)
                boot_fail(EXIT_TOO_BIG, "out of memory after %lu of %s's "
                          "%lu pages", pfn, b->name, b->nr_pages);
            order--;
            continue;
        }
        for (unsigned long i = 0; i < (1UL << order); i++, pfn++) {
            b->p2m[pfn] = mfn + i;
            m2p_set(mfn + i, pfn);
            memset(mfn_to_virt(mfn + i), 0, PAGE_SIZE);
        }
    }
}

/* elf_load() destination: kernel pages, one page at a time at most. */
static void *kernel_dest(void *ctx, uint64_t vaddr, size_t len)
{
    struct pv_build *b = ctx;

    if (vaddr < b->l.v_start || vaddr + len > b->l.vkern_end || vaddr + len < vaddr)
        return NULL;
    return va_ptr(b, vaddr);
}

static void copy_to_region(struct pv_build *b, unsigned long va,
                           const void *src, unsigned long len)
{
    while (len) {
        unsigned long chunk = MIN(len, PAGE_SIZE - (va & ~PAGE_MASK));

        memcpy(va_ptr(b, va), src, chunk);
        va += chunk;
        src = (const char *)src + chunk;
        len -= chunk;
    }
}

static void load_images(struct pv_build *b)
{
    if (elf_load(&b->elf, b->image, b->image_size, kernel_dest, b))
        boot_fail(EXIT_BAD_DOM0, "%s kernel segments do not fit its "
                  "virtual range", b->name);
    if (b->initrd)
        copy_to_region(b, b->l.vinitrd_start, maddr_to_virt(b->initrd->start),
                       b->l.vinitrd_end - b->l.vinitrd_start);
    copy_to_region(b, b->l.vphysmap_start, b->p2m,
                   b->nr_pages * sizeof(unsigned long));
    pv_write_hypercall_page(va_ptr(b, b->elf.virt_hypercall));
}

/* pv_layout_build_tables()'s view of a table page: populate zeroed it. */
static uint64_t *table_page(void *ctx, unsigned long pfn)
{
    struct pv_build *b = ctx;

    return mfn_to_virt(b->p2m[pfn]);
}

/*
 * Maps every page of the region, the page-table pages themselves
 * read-only (hv/pv_layout.h).  Plain memory writes, no types:
 * type_tables() checks and counts the result.
 */
static mfn_t build_tables(struct pv_build *b)
{
    /* The layout planned the table pages: running short is our bug. */
    BUG_ON(pv_layout_build_tables(&b->l, b->p2m, table_page, b));
    return b->p2m[va_to_pfn(b, b->l.vpt_start)];
}

/*
 * As Xen's domain builders: the L4 is typed through the validator (which
 * validates every table under it and takes exact references for every
 * entry) and pinned; the vCPU's base pointer then holds one more type
 * reference.  A refusal here is a bug in build_tables.
 */
static void type_tables(struct pv_build *b, mfn_t l4_mfn)
{
    int rc = page_pin(l4_mfn, b->d, PGT_l4_page_table);

    if (rc)
        boot_fail(EXIT_BAD_DOM0, "%s's initial page tables do not "
                  "validate (error %d)", b->name, rc);
    rc = get_page_and_type(mfn_to_page(l4_mfn), b->d, PGT_l4_page_table);
    BUG_ON(rc);
}

static void write_start_info(struct pv_build *b)
{
    start_info_t *si = va_ptr(b, b->l.vstartinfo_start);

    pv_layout_start_info(&b->l, b->nr_pages, b->p2m, si);
    si->shared_info = (paddr_t)b->d->shared_info_mfn << PAGE_SHIFT;
    si->flags = b->p->hardware ? SIF_PRIVILEGED | SIF_INITDOMAIN : 0;
    if (!b->p->hardware) {
        si->store_evtchn = b->store_port;
        si->console.domU.evtchn = b->console_port;
    }
    strlcpy((char *)si->cmd_line, b->cmdline, sizeof(si->cmd_line));
}

/*
 * Xen's start state: ring 3 in kernel mode at the entry point, %rsi =
 * start_info, %rsp = top of the bootstrap stack, events masked.
 */
static void init_vcpu(struct pv_build *b, mfn_t l4_mfn)
{
    struct vcpu *v = b->d->vcpu[0];
    struct cpu_regs *r = &v->arch.user_regs;

    memset(r, 0, sizeof(*r));
    r->rip = b->elf.virt_entry;
    r->rsp = b->l.vstack_end;
    r->rsi = b->l.vstartinfo_start;
    r->cs = FLAT_KERNEL_CS;
    r->ss = FLAT_KERNEL_SS;
    r->rflags = X86_EFLAGS_IF | X86_EFLAGS_MBS;
    v->arch.guest_table = l4_mfn;
    v->vcpu_info->evtchn_upcall_mask = 1;
    v->is_initialised = true;
}

/*
 * A domU's xenstore and console rings (zeroed by populate) and their
 * event channels: unbound ports offered to dom0, whose toolstack serves
 * them later (Xen's xenstored and xenconsoled bind_interdomain to them).
 */
static void alloc_magic_pages(struct pv_build *b)
{
    long store = evtchn_alloc_unbound_port(b->d, 0);
    long console = evtchn_alloc_unbound_port(b->d, 0);

    if (store < 0 || console < 0)
        boot_fail(EXIT_TOO_BIG, "%s: no event channel for its store or "
                  "console (error %ld)", b->name, store < 0 ? store : console);
    b->store_port = (evtchn_port_t)store;
    b->console_port = (evtchn_port_t)console;
}

static void log_layout(const struct pv_build *b)
{
    const char *n = b->name;

    printk("%s: %lu pages (%lu MiB), %u vCPUs, kernel \"%s\" entry %#lx\n",
           n, b->nr_pages, b->nr_pages >> 8, b->p->nr_vcpus,
           b->elf.guest_os, (unsigned long)b->elf.virt_entry);
    printk("%s: kernel  [%#lx, %#lx)\n", n, b->l.v_start, b->l.vkern_end);
    if (b->initrd)
        printk("%s: initrd  [%#lx, %#lx)\n", n, b->l.vinitrd_start,
               b->l.vinitrd_end);
    printk("%s: p2m     [%#lx, %#lx)\n", n, b->l.vphysmap_start,
           b->l.vphysmap_end);
    if (!b->p->hardware)
        printk("%s: store ring %#lx (port %u), console ring %#lx (port %u)\n",
               n, b->l.vstore_start, b->store_port, b->l.vconsole_start,
               b->console_port);
    printk("%s: start_info %#lx, page tables %#lx (%lu), stack top %#lx, "
           "region end %#lx\n", n, b->l.vstartinfo_start, b->l.vpt_start,
           b->l.nr_pt_pages, b->l.vstack_end, b->l.v_end);
}

static void create_domain(struct pv_build *b)
{
    const struct pv_build_params *p = b->p;

    b->d = domain_create(p->domid, p->hardware, p->nr_vcpus);
    if (!b->d)
        boot_fail(EXIT_TOO_BIG, "out of memory creating %s", b->name);
    b->d->is_hardware_domain = p->hardware;
    b->d->max_pages = p->nr_pages;
}

struct domain *pv_domain_build(const struct pv_build_params *p)
{
    struct pv_build b = {
        .p = p,
        .image = maddr_to_virt(p->kernel->start),
        .image_size = p->kernel->end - p->kernel->start,
        .initrd = p->initrd,
        .cmdline = p->cmdline,
        .nr_pages = p->nr_pages,
    };

    snprintf(b.name, sizeof(b.name), "dom%u", p->domid);
    check_kernel(&b);
    plan_layout(&b);
    create_domain(&b);
    populate(&b);
    load_images(&b);
    if (!p->hardware)
        alloc_magic_pages(&b);
    mfn_t l4 = build_tables(&b);
    type_tables(&b, l4);
    write_start_info(&b);
    init_vcpu(&b, l4);
    log_layout(&b);
    free_frames(virt_to_maddr(b.p2m) >> PAGE_SHIFT, b.p2m_order);
    return b.d;
}
