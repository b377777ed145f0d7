/*
 * Domain lifecycle: creation, memory accounting, shutdown and crash.
 */
#include <hv/bug.h>
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/page_type.h>
#include <hv/printk.h>
#include <hv/shutdown.h>
#include <hv/arch.h>
#include <xen/errno.h>

struct domain *hardware_domain;

/* Zeroed hypervisor memory for a structure, from whole frames. */
static void *alloc_struct(size_t bytes)
{
    mfn_t mfn = alloc_frames(get_order_from_bytes(bytes), NULL);

    if (mfn == INVALID_MFN)
        return NULL;
    memset(mfn_to_virt(mfn), 0, PAGE_SIZE << get_order_from_bytes(bytes));
    return mfn_to_virt(mfn);
}

static struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
    struct vcpu *v = alloc_struct(sizeof(*v));

    if (!v)
        return NULL;
    v->vcpu_id = id;
    v->domain = d;
    sched_init_vcpu(&v->sched, v, &d->sched, id, 0);
    v->vcpu_info = &d->shared_info->vcpu_info[id];
    arch_vcpu_init(v);
    return v;
}

struct domain *domain_create(domid_t id, bool privileged)
{
    struct domain *d = alloc_struct(sizeof(*d));

    if (!d)
        return NULL;
    d->domain_id = id;
    d->is_privileged = privileged;
    d->max_vcpus = 1;
    list_init(&d->page_list);
    sched_init_domain(&d->sched, id);

    /*
     * shared_info is a hypervisor page the guest may map (Xen shares it
     * with the guest): the domain owns it, but it is not in its
     * allocation.
     */
    d->shared_info = alloc_struct(PAGE_SIZE);
    if (!d->shared_info)
        return NULL;
    d->shared_info_mfn = virt_to_maddr(d->shared_info) >> PAGE_SHIFT;
    mfn_to_page(d->shared_info_mfn)->owner = d;
    for (unsigned int i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
        d->shared_info->vcpu_info[i].evtchn_upcall_mask = 1;

    d->vcpu[0] = vcpu_create(d, 0);
    if (!d->vcpu[0])
        return NULL;
    if (evtchn_domain_init(d))
        return NULL;
    if (privileged && !hardware_domain)
        hardware_domain = d;
    return d;
}

/* Only the hardware domain exists until the toolstack creates others. */
struct domain *domain_lookup(domid_t id)
{
    if (hardware_domain && hardware_domain->domain_id == id)
        return hardware_domain;
    return NULL;
}

/* Pausing by the toolstack (domctl) comes with the toolstack. */
bool domain_controller_paused(const struct domain *d)
{
    (void)d;
    return false;
}

mfn_t domain_alloc_frames(struct domain *d, unsigned int order)
{
    unsigned long n = 1UL << order;
    mfn_t mfn;

    if (d->tot_pages + n > d->max_pages)
        return INVALID_MFN;
    mfn = alloc_frames(order, d);
    if (mfn == INVALID_MFN)
        return INVALID_MFN;
    for (unsigned long i = 0; i < n; i++) {
        struct page_info *pg = mfn_to_page(mfn + i);

        /* One reference for being allocated to d (Xen's PGC_allocated). */
        pg->count_info |= PGC_allocated | 1;
        list_add_tail(&pg->list, &d->page_list);
    }
    d->tot_pages += n;
    return mfn;
}

/* Xen's hwdom_shutdown(): the hardware domain's end is the machine's. */
static __noreturn void hwdom_shutdown(unsigned int reason)
{
    switch (reason) {
    case SHUTDOWN_poweroff:
        printk("hardware domain halted: powering off\n");
        machine_exit(EXIT_POWEROFF);
    case SHUTDOWN_crash:
    case SHUTDOWN_watchdog:
        printk("hardware domain crashed\n");
        machine_exit(EXIT_DOM0_CRASH);
    default:
        printk("hardware domain shut down (reason %u): rebooting\n", reason);
        machine_exit(EXIT_REBOOT);
    }
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
    d->is_shutting_down = true;
    d->shutdown_code = reason;
    /* Its page accounting must still add up (printed either way). */
    mm_audit_domain(d);
    if (d->is_hardware_domain)
        hwdom_shutdown(reason);
    /* Only the hardware domain exists until domains can be created. */
    ASSERT_UNREACHABLE();
}

void domain_crash(struct domain *d, const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk(XENLOG_ERR "domain %u crashed: %s\n", d->domain_id, buf);
    if (d == current_vcpu()->domain)
        arch_show_guest_state(current_vcpu());
    domain_shutdown(d, SHUTDOWN_crash);
}

/*
 * vm_assist(cmd, type): the VMASST_TYPE_* a 64-bit PV guest may enable
 * (Xen's VM_ASSIST_VALID for PV64); others are refused with -EINVAL.
 */
#define PV64_VM_ASSIST_VALID \
    ((1UL << VMASST_TYPE_4gb_segments) | \
     (1UL << VMASST_TYPE_4gb_segments_notify) | \
     (1UL << VMASST_TYPE_writable_pagetables) | \
     (1UL << VMASST_TYPE_pae_extended_cr3) | \
     (1UL << VMASST_TYPE_architectural_iopl) | \
     (1UL << VMASST_TYPE_runstate_update_flag) | \
     (1UL << VMASST_TYPE_m2p_strict))

long do_vm_assist(const struct hc_args *args)
{
    unsigned int cmd = (unsigned int)args->a[0];
    unsigned long type = args->a[1];
    struct domain *d = current_vcpu()->domain;

    if (type >= 8 * sizeof(unsigned long) ||
        !((1UL << type) & PV64_VM_ASSIST_VALID))
        return -XEN_EINVAL;
    switch (cmd) {
    case VMASST_CMD_enable:
        d->vm_assist |= 1UL << type;
        return 0;
    case VMASST_CMD_disable:
        d->vm_assist &= ~(1UL << type);
        return 0;
    default:
        return -XEN_ENOSYS;
    }
}
