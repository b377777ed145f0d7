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
#include <hv/vcpu_timer.h>
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

static void free_struct(void *p, size_t bytes)
{
    if (p)
        free_frames(virt_to_maddr(p) >> PAGE_SHIFT,
                    get_order_from_bytes(bytes));
}

/*
 * shared_info is a hypervisor page the guest may map (Xen shares it with
 * the guest): the domain owns it, but it is not in its allocation.
 */
static int shared_info_create(struct domain *d)
{
    d->shared_info = alloc_struct(PAGE_SIZE);
    if (!d->shared_info)
        return -XEN_ENOMEM;
    d->shared_info_mfn = virt_to_maddr(d->shared_info) >> PAGE_SHIFT;
    mfn_to_page(d->shared_info_mfn)->owner = d;
    for (unsigned int i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
        d->shared_info->vcpu_info[i].evtchn_upcall_mask = 1;
    return 0;
}

/* Undoes domain_create() up to any point of failure. */
static void domain_free(struct domain *d)
{
    evtchn_domain_destroy(d);
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        if (!d->vcpu[i])
            continue;
        vcpu_timer_destroy(d->vcpu[i]);
        sched_destroy_vcpu(&d->vcpu[i]->sched);
        free_struct(d->vcpu[i], sizeof(struct vcpu));
    }
    sched_destroy_domain(&d->sched);
    if (d->shared_info) {
        struct page_info *pg = mfn_to_page(d->shared_info_mfn);

        /* Back to a plain hypervisor frame before it is freed. */
        pg->owner = NULL;
        pg->count_info = PGC_state_inuse;
        pg->type_info = 0;
        free_struct(d->shared_info, PAGE_SIZE);
    }
    free_struct(d, sizeof(*d));
}

struct domain *domain_create(domid_t id, bool privileged,
                             unsigned int nr_vcpus)
{
    struct domain *d;

    if (nr_vcpus == 0 || nr_vcpus > MAX_VIRT_CPUS_PER_DOMAIN ||
        domain_lookup(id))
        return NULL;
    d = alloc_struct(sizeof(*d));
    if (!d)
        return NULL;
    d->domain_id = id;
    d->is_privileged = privileged;
    d->max_vcpus = nr_vcpus;
    list_init(&d->page_list);
    sched_init_domain(&d->sched, id);
    if (shared_info_create(d))
        goto fail;
    for (unsigned int i = 0; i < nr_vcpus; i++)
        if (!(d->vcpu[i] = vcpu_create(d, i)))
            goto fail;
    if (evtchn_domain_init(d) || domain_list_add(d))
        goto fail;
    if (privileged && !hardware_domain)
        hardware_domain = d;
    return d;

fail:
    domain_free(d);
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

static void domain_destroy_dead(void);

/*
 * One line per domain: its vCPUs' runstate times summed, and their
 * running time when each last blocked.  Equal running times for a
 * domain all of whose vCPUs are blocked mean none ran since it blocked
 * (the "block" boot case reads them).
 */
static void log_runstates(void)
{
    uint64_t now = arch_sched_now();
    struct domain *d;

    for (unsigned int i = 0; (d = domain_list_at(i)); i++) {
        uint64_t t[4] = { 0 }, at_block = 0;
        struct vcpu_runstate_info rs;

        for (unsigned int v = 0; v < d->max_vcpus; v++) {
            if (!d->vcpu[v])
                continue;
            sched_vcpu_runstate(&d->vcpu[v]->sched, now, &rs);
            for (unsigned int s = 0; s < 4; s++)
                t[s] += rs.time[s];
            at_block += d->vcpu[v]->sched.running_at_block;
        }
        printk("dom%u: running %lu ns, runnable %lu ns, blocked %lu ns, "
               "offline %lu ns; running %lu ns when last blocked\n",
               d->domain_id, (unsigned long)t[RUNSTATE_running],
               (unsigned long)t[RUNSTATE_runnable],
               (unsigned long)t[RUNSTATE_blocked],
               (unsigned long)t[RUNSTATE_offline], (unsigned long)at_block);
    }
}

/* Xen's hwdom_shutdown(): the hardware domain's end is the machine's. */
static __noreturn void hwdom_shutdown(unsigned int reason)
{
    log_runstates();
    /* A leak check, as the audit is: every frame must come back. */
    domain_destroy_dead();
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

static const char *shutdown_reason_name(unsigned int reason)
{
    static const char *const names[] = {
        [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
        [SHUTDOWN_suspend] = "suspend", [SHUTDOWN_crash] = "crash",
        [SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
    };

    return reason < ARRAY_SIZE(names) && names[reason] ? names[reason] : "?";
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
    if (d->is_shutting_down)
        return;
    d->is_shutting_down = true;
    d->shutdown_code = reason;
    /* Its last words first, before our lines about it. */
    console_flush_guest(d);
    /* Its page accounting must still add up (printed either way). */
    mm_audit_domain(d);
    domain_stats_log(d);
    if (d->is_hardware_domain)
        hwdom_shutdown(reason);
    /*
     * Paused, never to run again: a running vCPU leaves its CPU on the
     * way back to the guest (the pause asks for a reschedule).
     */
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        sched_vcpu_pause(&d->vcpu[i]->sched);
    printk("domain %u shut down: %s (%u); %lu pages kept until destroyed\n",
           d->domain_id, shutdown_reason_name(reason), reason, d->tot_pages);
    /* dom0's toolstack learns of it through VIRQ_DOM_EXC (Xen). */
    send_global_virq(VIRQ_DOM_EXC);
}

/*
 * Xen's relinquish_memory(), in two passes so no page is freed while the
 * list is walked: pins go first (page tables devalidate, dropping the
 * references their entries held), then each frame's allocation
 * reference, the last one for a frame nothing else maps.
 */
static void relinquish_memory(struct domain *d)
{
    struct list_head *p, *n;

    list_for_each(p, &d->page_list) {
        struct page_info *pg = container_of(p, struct page_info, list);

        if (pg->type_info & PGT_pinned)
            page_unpin(page_to_mfn(pg), d);
    }
    list_for_each_safe(p, n, &d->page_list) {
        struct page_info *pg = container_of(p, struct page_info, list);

        if (pg->count_info & PGC_allocated) {
            pg->count_info &= ~PGC_allocated;
            put_page(pg);
        }
    }
}

/*
 * Destroys every domU that has shut down.  Until the toolstack's
 * destroydomain exists, only the end of the machine does this.
 * @pre called on the hardware domain's vCPU (no domU vCPU runs).
 */
static void domain_destroy_dead(void)
{
    struct domain *d;

    for (unsigned int i = 0; (d = domain_list_at(i)); )
        if (d != hardware_domain && d->is_shutting_down)
            domain_destroy(d);      /* the list shifts: same i again */
        else
            i++;
}

void domain_destroy(struct domain *d)
{
    unsigned long before = free_frame_count();
    domid_t id;

    BUG_ON(d == hardware_domain || !d->is_shutting_down);
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        BUG_ON(sched_vcpu_is_running(&d->vcpu[i]->sched));
    /* Unreachable first: no hypercall may find it from here on. */
    domain_list_remove(d);
    /* Base pointers (and CR3, if it still holds one) let go of tables. */
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        arch_vcpu_destroy(d->vcpu[i]);
    relinquish_memory(d);
    if (d->tot_pages)
        printk(XENLOG_ERR "domain %u: %lu pages still referenced after "
               "destruction (leaked)\n", d->domain_id, d->tot_pages);
    id = d->domain_id;
    domain_free(d);
    printk("domain %u destroyed: %lu frames freed, %lu pages free now\n",
           id, free_frame_count() - before, free_frame_count());
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
 * (PV64_VM_ASSIST_VALID, asm/domain.h); others are refused with -EINVAL.
 */
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
