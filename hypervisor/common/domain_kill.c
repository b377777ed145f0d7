/*
 * Destroying a domain (Xen's domain_kill, relinquish_memory and the
 * domain reference a domain's frames hold): XEN_DOMCTL_destroydomain and
 * the end-of-machine clean-up of domUs that shut down.
 *
 * A domain goes alive -> dying -> dead.  Dying: its vCPUs are paused and
 * off every CPU, their base pointers dropped, then its pins, then every
 * frame's allocation reference, in batches a continuation can resume.
 * Dead: out of the domain list.  A frame another domain still maps (the
 * toolstack's foreign mappings) keeps its last reference and so stays
 * the dead domain's, counted in its tot_pages: the struct domain stays
 * too, as a zombie, until the last such reference goes (Xen holds a
 * domain reference while tot_pages is not zero).
 *
 * Locking: domains are killed only by the control domain's domctl (one
 * at a time) and at the end of the machine; the domain list's comment
 * says what SMP will need.
 */
#include <hv/bug.h>
#include <hv/domain.h>
#include <hv/hypercall.h>
#include <hv/list.h>
#include <hv/mm.h>
#include <hv/page_type.h>
#include <hv/printk.h>
#include <hv/arch.h>
#include <xen/errno.h>

/* Frames one invocation gives back before it stops for a continuation. */
#define RELINQUISH_BATCH    1024

/* Dead domains whose frames are still referenced elsewhere. */
static struct list_head zombies = LIST_HEAD_INIT(zombies);

/* Time to stop for a continuation after 'work' frames? */
static bool relinquish_preempt(bool preemptible, unsigned int work)
{
    return preemptible && work >= RELINQUISH_BATCH &&
           hypercall_preempt_check();
}

/*
 * Pins first: page tables devalidate, dropping the references their
 * entries held, so that no frame of d holds one on another afterwards.
 * An unpinned frame is skipped when the walk starts again.
 */
static int relinquish_pins(struct domain *d, bool preemptible)
{
    unsigned int work = 0;
    struct list_head *p;

    list_for_each(p, &d->page_list) {
        struct page_info *pg = container_of(p, struct page_info, list);

        if (!(pg->type_info & PGT_pinned))
            continue;
        if (relinquish_preempt(preemptible, work++))
            return -XEN_ERESTART;
        page_unpin(page_to_mfn(pg), d);
    }
    return 0;
}

/*
 * Then each frame's allocation reference: the last one for a frame
 * nothing else maps, which leaves the list as it is freed.  Frames
 * still mapped elsewhere stay listed, without PGC_allocated.
 */
static int relinquish_frames(struct domain *d, bool preemptible)
{
    unsigned int work = 0;
    struct list_head *p, *n;

    list_for_each_safe(p, n, &d->page_list) {
        struct page_info *pg = container_of(p, struct page_info, list);

        if (!(pg->count_info & PGC_allocated))
            continue;
        if (relinquish_preempt(preemptible, work++))
            return -XEN_ERESTART;
        pg->count_info &= ~PGC_allocated;
        put_page(pg);
    }
    return 0;
}

/*
 * References on d's shared_info beyond its own (share_xen_page_with_
 * guest's): another domain maps it.  The page goes with the struct.
 */
static bool shared_info_mapped(const struct domain *d)
{
    const struct page_info *pg = mfn_to_page(d->shared_info_mfn);

    return (pg->count_info & PGC_count_mask) > 1 ||
           (pg->type_info & PGT_count_mask) > 1;
}

static bool still_referenced(const struct domain *d)
{
    return d->tot_pages != 0 || shared_info_mapped(d);
}

/* Alive -> dying: nothing of d runs or can be loaded any more. */
static void domain_begin_dying(struct domain *d)
{
    domain_pause_sync(d);
    d->is_dying = DOMDYING_dying;
    /* Base pointers (and CR3, if it still holds one) let go of tables. */
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        arch_vcpu_destroy(d->vcpu[i]);
}

/* Dying -> dead: unreachable, then freed or kept as a zombie. */
static void domain_become_dead(struct domain *d)
{
    d->is_dying = DOMDYING_dead;
    domain_list_remove(d);
    if (!still_referenced(d)) {
        domain_free(d);
        return;
    }
    printk("domain %u: %lu pages still mapped by another domain; freed "
           "when unmapped\n", d->domain_id, d->tot_pages);
    list_add_tail(&d->zombie_link, &zombies);
}

int domain_kill(struct domain *d, bool preemptible)
{
    int rc;

    BUG_ON(d == hardware_domain);
    switch (d->is_dying) {
    case DOMDYING_alive:
        domain_begin_dying(d);
        /* fall through */
    case DOMDYING_dying:
        rc = relinquish_pins(d, preemptible);
        if (!rc)
            rc = relinquish_frames(d, preemptible);
        if (rc)
            return rc;
        domain_become_dead(d);
        return 0;
    default:
        return 0;
    }
}

void domain_reap_zombies(void)
{
    struct list_head *p, *n;

    list_for_each_safe(p, n, &zombies) {
        struct domain *d = container_of(p, struct domain, zombie_link);

        if (still_referenced(d))
            continue;
        list_del(&d->zombie_link);
        printk("domain %u: last mapped page gone, freed\n", d->domain_id);
        domain_free(d);
    }
}

void domain_destroy(struct domain *d)
{
    unsigned long before = free_frame_count();
    domid_t id = d->domain_id;

    BUG_ON(!d->is_shutting_down);
    BUG_ON(domain_kill(d, false));
    printk("domain %u destroyed: %lu frames freed, %lu pages free now\n",
           id, free_frame_count() - before, free_frame_count());
}
