/*
 * The domain builder (see tools/builder.h), in named phases as Xen's
 * libxenguest (xg_dom_core.c, xg_dom_x86.c) has them:
 *
 *   check_kernel    ELF and Xen notes (builder_image.c)
 *   plan            the start-of-day layout (hv/pv_layout.h) for the
 *                   memory asked, which must be free
 *   create          the domain, its vCPUs, memory limit and affinities
 *   populate        its frames, pfn 0.. in order (the hypervisor sets
 *                   the M2P and zeroes them)
 *   magic_ports     unbound event channels for its store and console
 *   fill_region     kernel, ramdisk, P2M, page tables, start_info,
 *                   written through one foreign mapping of the region
 *   boot_state      hypercall page, the L4 pinned (validating every
 *                   table), vCPU 0 at the entry point, still paused
 *
 * Any failure destroys the domain (which frees all of its memory) and
 * everything dom0 allocated for it, and says what was wrong.
 */
#include <hv/lib.h>
#include <tools/env.h>
#include <tools/xc.h>
#include <xen/errno.h>
#include "builder_internal.h"

/* rflags at the entry: interrupts on, bit 1 (always set). */
#define ENTRY_RFLAGS    0x202ul

int build_fail(struct build *b, int rc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(b->err, b->errlen, fmt, ap);
    va_end(ap);
    return rc;
}

static int plan(struct build *b)
{
    const struct xlcfg_domain *c = b->cfg;
    struct pv_layout_req req = {
        .virt_base = b->elf.virt_base,
        .virt_kend = b->elf.virt_kend,
        .initrd_len = b->ramdisk_len,
        .nr_pages = b->nr_pages,
        .magic_pages = true,
    };
    struct xen_sysctl_physinfo pi;
    enum pv_layout_status st = pv_layout_plan(&req, &b->l);
    int rc;

    if (st == PV_LAYOUT_BAD_RANGE)
        return build_fail(b, -XEN_EINVAL, "kernel '%s': its start-of-day "
                          "region [%#lx, %#lx) is not guest address space",
                          c->kernel, (unsigned long)b->l.v_start,
                          (unsigned long)b->l.v_end);
    if (st == PV_LAYOUT_TOO_BIG)
        return build_fail(b, -XEN_EINVAL, "memory %lu MiB: too little for "
                          "kernel '%s'%s, whose start-of-day region needs "
                          "%lu KiB: raise memory", c->memory_mib, c->kernel,
                          b->ramdisk_len ? " and its ramdisk" : "",
                          (unsigned long)(b->l.v_end - b->l.v_start) >> 10);
    rc = xc_physinfo(&pi);
    if (rc)
        return build_fail(b, rc, "cannot read the free memory (physinfo: "
                          "error %d)", rc);
    if (pi.free_pages < b->nr_pages)
        return build_fail(b, -XEN_ENOMEM, "memory %lu MiB: only %lu MiB "
                          "free", c->memory_mib,
                          (unsigned long)(pi.free_pages >> 8));
    return 0;
}

static int create(struct build *b)
{
    const struct xlcfg_domain *c = b->cfg;
    int rc = xc_domain_create(&b->domid, c->maxvcpus);

    if (rc)
        return build_fail(b, rc, "cannot create a domain with %u vCPUs "
                          "(error %d)", c->maxvcpus, rc);
    b->created = true;
    rc = xc_domain_max_mem(b->domid, (uint64_t)c->maxmem_mib << 10);
    if (rc)
        return build_fail(b, rc, "maxmem %lu MiB refused (error %d)",
                          c->maxmem_mib, rc);
    for (unsigned int v = 0; c->cpus_pinned && v < c->maxvcpus; v++) {
        rc = xc_vcpu_setaffinity(b->domid, v, c->cpu_affinity[v]);
        if (rc)
            return build_fail(b, rc, "cpus: vCPU %u's CPUs %#lx refused "
                              "(error %d): no such CPU online?", v,
                              (unsigned long)c->cpu_affinity[v], rc);
    }
    return 0;
}

static int populate(struct build *b)
{
    long done;

    b->p2m = tools_zalloc(b->nr_pages * sizeof(*b->p2m));
    if (!b->p2m)
        return build_fail(b, -XEN_ENOMEM, "dom0 is out of memory for a "
                          "P2M of %lu pages", b->nr_pages);
    for (unsigned long pfn = 0; pfn < b->nr_pages; pfn++)
        b->p2m[pfn] = pfn;
    done = xc_domain_populate(b->domid, b->p2m, b->nr_pages);
    if (done < 0 || (unsigned long)done != b->nr_pages)
        return build_fail(b, -XEN_ENOMEM, "memory %lu MiB: only %ld of %lu "
                          "pages could be allocated", b->cfg->memory_mib,
                          done < 0 ? 0 : done, b->nr_pages);
    return 0;
}

static int magic_ports(struct build *b)
{
    struct xen_domctl_getdomaininfo info;
    int rc = xc_evtchn_alloc_unbound(b->domid, 0, &b->store_port);

    if (!rc)
        rc = xc_evtchn_alloc_unbound(b->domid, 0, &b->console_port);
    if (rc)
        return build_fail(b, rc, "no event channel for the store or the "
                          "console (error %d)", rc);
    rc = xc_domain_getinfo(b->domid, &info);
    if (rc)
        return build_fail(b, rc, "domain %u vanished while being built "
                          "(error %d)", b->domid, rc);
    b->shared_info_mfn = info.shared_info_frame;
    return 0;
}

static void unmap_region(struct build *b)
{
    for (unsigned int i = 0; i < 2; i++) {
        if (b->map[i].p)
            xc_unmap_foreign_range(b->map[i].p, b->map[i].pages);
        b->map[i].p = NULL;
    }
}

/*
 * Maps what dom0 writes (build_plan_maps: not the kernel's bss, which
 * is zero, nor the spare pages), writes it, and unmaps it again before
 * the tables are pinned: a page mapped writable cannot be a page table.
 */
static int fill_region(struct build *b)
{
    int rc = 0;

    build_plan_maps(b);
    for (unsigned int i = 0; i < 2 && !rc; i++) {
        struct region_map *m = &b->map[i];

        if (!m->pages)
            continue;
        m->p = xc_map_foreign_range(b->domid,
                                    b->p2m + pv_layout_pfn(&b->l, m->va),
                                    m->pages, true, &rc);
        if (!m->p)
            rc = build_fail(b, rc, "cannot map %lu pages of the new "
                            "domain (error %d)", m->pages, rc);
    }
    if (!rc)
        rc = build_fill_region(b);
    unmap_region(b);
    return rc;
}

static unsigned long mfn_at(const struct build *b, uint64_t va)
{
    return b->p2m[pv_layout_pfn(&b->l, va)];
}

/* Xen's start state: ring 3 kernel mode, %rsi = start_info. */
static int boot_state(struct build *b)
{
    struct vcpu_guest_context ctxt = { 0 };
    unsigned long l4 = mfn_at(b, b->l.vpt_start);
    int rc = xc_hypercall_page_init(b->domid,
                                    mfn_at(b, b->elf.virt_hypercall));

    if (rc)
        return build_fail(b, rc, "hypercall page refused (error %d)", rc);
    rc = xc_pin_table(b->domid, 4, l4);
    if (rc)
        return build_fail(b, rc, "the initial page tables do not validate "
                          "(error %d)", rc);
    ctxt.flags = VGCF_in_kernel | VGCF_online;
    ctxt.user_regs.rip = b->elf.virt_entry;
    ctxt.user_regs.rsp = b->l.vstack_end;
    ctxt.user_regs.rsi = b->l.vstartinfo_start;
    ctxt.user_regs.cs = FLAT_KERNEL_CS;
    ctxt.user_regs.ss = FLAT_KERNEL_SS;
    ctxt.user_regs.rflags = ENTRY_RFLAGS;
    ctxt.kernel_ss = FLAT_KERNEL_SS;
    ctxt.kernel_sp = b->l.vstack_end;
    ctxt.ctrlreg[3] = xen_pfn_to_cr3(l4);
    rc = xc_vcpu_setcontext(b->domid, 0, &ctxt);
    if (rc)
        return build_fail(b, rc, "vCPU 0's start state refused (error %d)",
                          rc);
    return 0;
}

static int build(struct build *b)
{
    int rc;

    if ((rc = build_check_kernel(b)) || (rc = plan(b)) || (rc = create(b)) ||
        (rc = populate(b)) || (rc = magic_ports(b)) ||
        (rc = fill_region(b)) || (rc = boot_state(b)))
        return rc;
    return 0;
}

int builder_create(const struct xlcfg_domain *cfg,
                   const void *kernel, size_t kernel_len,
                   const void *ramdisk, size_t ramdisk_len,
                   struct builder_result *res, char *err, size_t errlen)
{
    /* Large (the ELF info), so not on dom0's small kernel stack. */
    struct build *b = tools_zalloc(sizeof(*b));
    int rc;

    if (!b) {
        snprintf(err, errlen, "dom0 is out of memory");
        return -XEN_ENOMEM;
    }
    *b = (struct build){
        .cfg = cfg, .kernel = kernel, .kernel_len = kernel_len,
        .ramdisk = ramdisk, .ramdisk_len = ramdisk ? ramdisk_len : 0,
        .err = err, .errlen = errlen,
        .nr_pages = cfg->memory_mib << (20 - PAGE_SHIFT),
    };
    rc = build(b);
    if (rc && b->created)
        xc_domain_destroy(b->domid);
    if (!rc)
        *res = (struct builder_result){
            .domid = b->domid,
            .store_mfn = mfn_at(b, b->l.vstore_start),
            .console_mfn = mfn_at(b, b->l.vconsole_start),
            .store_port = b->store_port,
            .console_port = b->console_port,
        };
    tools_free(b->p2m);
    tools_free(b);
    return rc;
}
