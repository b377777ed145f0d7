/*
 * VCPUOP_initialise's context check (arch/x86/pv/vcpu_context.c), table
 * driven: a context Xen accepts passes, and each row changes one field
 * and expects Xen's errno (or ours, where a feature is missing).  Also
 * the domain list (common/domain_list.c): add, lookup, ids, removal.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "hv_host.h"
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/vcpu.h>
#include <xen/errno.h>

size_t raw_copy_guest(void *dst, const void *src, size_t len);

/* guest_access.c's copies are not used by the check. */
size_t raw_copy_guest(void *dst, const void *src, size_t len)
{
    memcpy(dst, src, len);
    return 0;
}

#define GOOD_RIP    0xffffffff80001000UL
#define GOOD_SP     0xffffffff80200000UL
#define NONCANON    0x8000000000000000UL
#define XEN_ADDR    0xffff830000000000UL    /* the hypervisor's range */

static struct vcpu_guest_context c;

static void good(struct vcpu_guest_context *g)
{
    memset(g, 0, sizeof(*g));
    g->flags = VGCF_in_kernel | VGCF_online;
    g->user_regs.rip = GOOD_RIP;
    g->user_regs.rsp = GOOD_SP;
    g->user_regs.cs = FLAT_KERNEL_CS;
    g->user_regs.ss = FLAT_KERNEL_SS;
    g->kernel_ss = FLAT_KERNEL_SS;
    g->kernel_sp = GOOD_SP;
    g->ctrlreg[3] = 0x1234000;
}

struct row {
    const char *what;
    void (*change)(struct vcpu_guest_context *g);
    int want;
};

#define ROW(name, stmt, err) \
    static void name(struct vcpu_guest_context *g) { stmt; }
ROW(rip_noncanon, g->user_regs.rip = NONCANON, 0)
ROW(rip_xen, g->user_regs.rip = XEN_ADDR, 0)
ROW(rsp_noncanon, g->user_regs.rsp = NONCANON, 0)
ROW(cs_ring0, g->user_regs.cs = 0xe008, 0)
ROW(cs_rpl0, g->user_regs.cs = FLAT_KERNEL_CS & ~3, 0)
ROW(ss_bad, g->user_regs.ss = 0x18, 0)
ROW(ds_bad, g->user_regs.ds = 0x10, 0)
ROW(gs_flat, g->user_regs.gs = 0xe02b, 0)
ROW(event_cb, g->event_callback_eip = NONCANON, 0)
ROW(failsafe_cb, g->failsafe_callback_eip = XEN_ADDR, 0)
ROW(syscall_cb, g->syscall_callback_eip = NONCANON, 0)
ROW(cb_zero_ok, g->event_callback_eip = 0, 0)
ROW(trap_xen, (g->trap_ctxt[14].address = XEN_ADDR,
               g->trap_ctxt[14].cs = FLAT_KERNEL_CS), 0)
ROW(trap_bad_cs, (g->trap_ctxt[3].address = GOOD_RIP,
                  g->trap_ctxt[3].cs = 0x10), 0)
ROW(trap_ok, (g->trap_ctxt[3].address = GOOD_RIP,
              g->trap_ctxt[3].cs = FLAT_KERNEL_CS), 0)
ROW(gdt, g->gdt_ents = 1, 0)
ROW(gdt_full, g->gdt_ents = FIRST_RESERVED_GDT_ENTRY, 0)
ROW(gdt_big, g->gdt_ents = FIRST_RESERVED_GDT_ENTRY + 1, 0)
ROW(ldt_big, g->ldt_ents = 8193, 0)
ROW(ldt_some, (g->ldt_ents = 16, g->ldt_base = GOOD_RIP), 0)
ROW(ldt_xen, (g->ldt_ents = 16, g->ldt_base = XEN_ADDR), 0)
ROW(ldt_unaligned, (g->ldt_ents = 16, g->ldt_base = GOOD_RIP + 8), 0)
ROW(no_cr3, g->ctrlreg[3] = 0, 0)
ROW(user_no_cr1, g->flags = 0, 0)
ROW(user_with_cr1, (g->flags = 0, g->ctrlreg[1] = 0x5000), 0)
ROW(kernel_ss_bad, g->kernel_ss = 0, 0)
ROW(kernel_sp_noncanon, g->kernel_sp = NONCANON, 0)
ROW(fs_base, g->fs_base = NONCANON, 0)
ROW(gs_base_user, g->gs_base_user = NONCANON, 0)
ROW(dr7, g->debugreg[7] = 0x400, 0)
ROW(dr6_ignored, g->debugreg[6] = 0xffff0ff0, 0)
ROW(vm_assist_bad, g->vm_assist = 1UL << 6, 0)
ROW(vm_assist_ok, g->vm_assist = 1UL << VMASST_TYPE_writable_pagetables, 0)

static const struct row rows[] = {
    { "non-canonical rip", rip_noncanon, -XEN_EINVAL },
    { "rip in Xen's range", rip_xen, -XEN_EINVAL },
    { "non-canonical rsp", rsp_noncanon, -XEN_EINVAL },
    { "hypervisor code selector", cs_ring0, -XEN_EINVAL },
    { "flat CS with RPL 0 (fixed up)", cs_rpl0, 0 },
    { "bad stack selector", ss_bad, -XEN_EINVAL },
    { "any data selector (failsafe on first run)", ds_bad, 0 },
    { "flat data selector in gs", gs_flat, 0 },
    { "non-canonical event callback", event_cb, -XEN_EINVAL },
    { "failsafe callback in Xen's range", failsafe_cb, -XEN_EINVAL },
    { "non-canonical syscall callback", syscall_cb, -XEN_EINVAL },
    { "no event callback", cb_zero_ok, 0 },
    { "trap handler in Xen's range", trap_xen, -XEN_EINVAL },
    { "trap handler with a bad selector", trap_bad_cs, -XEN_EINVAL },
    { "a good trap handler", trap_ok, 0 },
    { "a GDT (frames checked on load)", gdt, 0 },
    { "every guest GDT entry", gdt_full, 0 },
    { "a GDT into Xen's reserved entries", gdt_big, -XEN_EINVAL },
    { "an LDT beyond 8192 entries", ldt_big, -XEN_EINVAL },
    { "a non-empty LDT", ldt_some, 0 },
    { "an LDT in Xen's range", ldt_xen, -XEN_EINVAL },
    { "an unaligned LDT", ldt_unaligned, -XEN_EINVAL },
    { "kernel mode without cr3", no_cr3, -XEN_EINVAL },
    { "user mode without cr1", user_no_cr1, -XEN_EINVAL },
    { "user mode with cr1", user_with_cr1, 0 },
    { "bad kernel_ss", kernel_ss_bad, -XEN_EINVAL },
    { "non-canonical kernel_sp", kernel_sp_noncanon, -XEN_EINVAL },
    { "non-canonical fs_base", fs_base, -XEN_EINVAL },
    { "non-canonical gs_base_user", gs_base_user, -XEN_EINVAL },
    { "a debug register", dr7, -XEN_EINVAL },
    { "dr6 (ignored)", dr6_ignored, 0 },
    { "an unknown vm_assist", vm_assist_bad, -XEN_EINVAL },
    { "writable_pagetables", vm_assist_ok, 0 },
};

Test(vcpu_context, good_context_passes)
{
    good(&c);
    cr_assert_eq(arch_vcpu_context_check(&c), 0);
}

Test(vcpu_context, each_bad_field)
{
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        good(&c);
        rows[i].change(&c);
        cr_expect_eq(arch_vcpu_context_check(&c), rows[i].want,
                     "%s: got %d, want %d", rows[i].what,
                     arch_vcpu_context_check(&c), rows[i].want);
    }
}

/* ---- the domain list ---- */

static struct domain doms[MAX_DOMAINS + 1];

static void clear_list(void)
{
    for (unsigned int i = 0; i <= MAX_DOMAINS; i++)
        domain_list_remove(&doms[i]);
}

Test(domain_list, add_lookup_remove)
{
    clear_list();
    doms[0].domain_id = 0;
    doms[1].domain_id = 1;
    cr_assert_eq(domain_list_add(&doms[0]), 0);
    cr_assert_eq(domain_next_id(), 1);
    cr_assert_eq(domain_list_add(&doms[1]), 0);
    cr_assert_eq(domain_lookup(1), &doms[1]);
    cr_assert_eq(domain_lookup(0), &doms[0]);
    cr_assert_null(domain_lookup(2));
    cr_assert_eq(domain_next_id(), 2);
    doms[2].domain_id = 1;
    cr_assert_eq(domain_list_add(&doms[2]), -XEN_EEXIST);
    domain_list_remove(&doms[1]);
    cr_assert_null(domain_lookup(1));
    cr_assert_eq(domain_next_id(), 1, "a freed id is handed out again");
    cr_assert_eq(domain_list_at(0), &doms[0]);
    cr_assert_null(domain_list_at(1));
}

Test(domain_list, full)
{
    clear_list();
    for (unsigned int i = 0; i < MAX_DOMAINS; i++) {
        doms[i].domain_id = (domid_t)i;
        cr_assert_eq(domain_list_add(&doms[i]), 0);
    }
    doms[MAX_DOMAINS].domain_id = MAX_DOMAINS;
    cr_assert_eq(domain_list_add(&doms[MAX_DOMAINS]), -XEN_ENOSPC);
    cr_assert_eq(domain_next_id(), MAX_DOMAINS);
    clear_list();
}
