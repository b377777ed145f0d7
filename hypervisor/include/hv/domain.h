/*
 * Domains and vCPUs: the generic part.
 */
#ifndef HV_DOMAIN_H
#define HV_DOMAIN_H

#include <hv/types.h>
#include <hv/list.h>
#include <abi/xen.h>
#include <xen/sched.h>
#include <asm/domain.h>
#include <hv/sched.h>
#include <hv/domain_stats.h>

/*
 * vCPUs a domain may have.  Each has its vcpu_info in shared_info, so at
 * most XEN_LEGACY_MAX_VCPUS (32) without VCPUOP_register_vcpu_info.
 */
#define MAX_VIRT_CPUS_PER_DOMAIN 8
#define MAX_DOMAINS             64      /* live domains, dom0 included */

struct vcpu {
    unsigned int vcpu_id;
    struct domain *domain;
    vcpu_info_t *vcpu_info;     /* in the domain's shared_info page */
    struct sched_vcpu sched;    /* the scheduler's view (schedule.c) */
    bool is_initialised;        /* has a context: built, or VCPUOP_initialise */
    struct arch_vcpu arch;
};

struct domain {
    domid_t domain_id;
    bool is_privileged;         /* may use dom0-only hypercalls */
    bool is_hardware_domain;    /* owns the machine: its shutdown is ours */

    unsigned int max_vcpus;
    struct sched_dom sched;     /* weight, cap (schedule.c) */
    struct vcpu *vcpu[MAX_VIRT_CPUS_PER_DOMAIN];

    shared_info_t *shared_info;
    mfn_t shared_info_mfn;

    struct list_head page_list; /* frames the domain owns */
    unsigned long tot_pages;
    unsigned long max_pages;

    unsigned long vm_assist;    /* VMASST_TYPE_* bits enabled */
    xen_domain_handle_t handle; /* the toolstack's UUID; zero for dom0 */
    struct evtchn_domain *evtchn;   /* event-channel ports (event_channel.c) */

    bool is_shutting_down;
    unsigned int shutdown_code; /* SHUTDOWN_* once is_shutting_down */

    /* console_io output of a domU, held until its newline (console.c). */
    unsigned int console_len;
    char console_buf[128];

    struct arch_domain arch;

    /* Counters (hv/domain_stats.h), logged when the domain shuts down. */
    struct xpv_domain_stats stats;
};

/* The hardware domain (dom0), once built. */
extern struct domain *hardware_domain;

/* Each CPU's idle vCPU belongs to the idle domain (Xen's DOMID_IDLE). */
extern struct domain idle_domain;
extern struct vcpu idle_vcpu[];

static inline bool is_idle_vcpu(const struct vcpu *v)
{
    return v->domain == &idle_domain;
}

/* Brings this CPU under the scheduler, running its idle vCPU. */
void sched_cpu_start(unsigned int cpu);

/*
 * Allocates a domain with 'nr_vcpus' vCPUs (1..MAX_VIRT_CPUS_PER_DOMAIN,
 * all down and uninitialised), its shared_info page and its port table,
 * and enters it in the domain list.  Returns NULL when out of memory or
 * when the id is taken.
 */
struct domain *domain_create(domid_t id, bool privileged,
                             unsigned int nr_vcpus);

/*
 * Frees everything 'd' holds: its frames (pins and base pointers dropped
 * first, so page tables devalidate), shared_info, port table, timers,
 * vCPUs.  Xen's domain_kill + domain_destroy in one step.
 * @pre d has shut down and none of its vCPUs runs (sched_vcpu_is_running).
 */
void domain_destroy(struct domain *d);

/*
 * The domain list (domain_list.c).  Ids are unique; add fails (-XEN_EEXIST
 * taken, -XEN_ENOSPC full).  domain_next_id(): the lowest free id from 1
 * (Xen's domUs), DOMID_INVALID when none.
 */
int domain_list_add(struct domain *d);
void domain_list_remove(struct domain *d);
domid_t domain_next_id(void);
/* The i-th live domain (0..), or NULL past the last: for iteration. */
struct domain *domain_list_at(unsigned int i);

/*
 * Gives 'd' 2^order new frames (owned, accounted in tot_pages).  Returns the
 * first mfn, or INVALID_MFN when memory or d->max_pages is exhausted.
 */
mfn_t domain_alloc_frames(struct domain *d, unsigned int order);

/*
 * Stops the domain for 'reason' (SHUTDOWN_*): its vCPUs are paused, the
 * reason logged, VIRQ_DOM_EXC sent to dom0; its memory stays until
 * domain_destroy().  For the hardware domain this ends the machine with
 * the matching exit status (Xen's hwdom_shutdown).  A second shutdown
 * does nothing (Xen).
 */
void domain_shutdown(struct domain *d, unsigned int reason);

/*
 * A fault the guest cannot handle, or a hypercall ABI violation: log why,
 * dump the guest's registers and shut the domain down with SHUTDOWN_crash.
 * Only that domain suffers; the hypervisor carries on.
 */
__printf(2, 3) void domain_crash(struct domain *d, const char *fmt, ...);

/*
 * Per-domain counters (hv/domain_stats.h): hypercall 'nr' dispatched
 * (whatever its result), an instruction of XPV_EMUL_* 'kind' emulated or
 * refused (#GP), exception 'vec' or an int $n bounced, an event sent, an
 * upcall delivered.  Out-of-range kinds and vectors are not counted.
 */
static inline void domain_stats_hypercall(struct domain *d, unsigned long nr)
{
    stats_bump(nr < XPV_STATS_HYPERCALLS ? &d->stats.hypercalls[nr]
                                         : &d->stats.hypercalls_other);
}

static inline void domain_stats_emulated(struct domain *d, unsigned int kind)
{
    if (kind < XPV_EMUL_NR)
        stats_bump(&d->stats.emulated[kind]);
}

static inline void domain_stats_refused(struct domain *d, unsigned int kind)
{
    if (kind < XPV_EMUL_NR)
        stats_bump(&d->stats.emul_refused[kind]);
}

static inline void domain_stats_exception(struct domain *d, unsigned int vec)
{
    if (vec < XPV_STATS_EXCEPTIONS)
        stats_bump(&d->stats.exceptions[vec]);
}

static inline void domain_stats_soft_interrupt(struct domain *d)
{
    stats_bump(&d->stats.soft_interrupts);
}

static inline void domain_stats_event_sent(struct domain *d)
{
    stats_bump(&d->stats.events_sent);
}

static inline void domain_stats_upcall(struct domain *d)
{
    stats_bump(&d->stats.upcalls);
}

#endif /* HV_DOMAIN_H */
