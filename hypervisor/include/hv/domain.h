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
    /*
     * Hypercalls this vCPU is inside: 1 for one entered directly, more
     * inside a multicall (only depth 1 may continue itself).  Per vCPU,
     * not per CPU or global: two CPUs dispatch at once.
     */
    unsigned int hypercall_depth;
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

    /* The toolstack's view (domctl.c, domain_kill.c). */
    unsigned int controller_pause_count;   /* pausedomain nesting */
    uint32_t ssidref;           /* createdomain's, reported back only */
    uint8_t is_dying;           /* DOMDYING_* */
    struct list_head zombie_link;   /* dead, frames still referenced */

    /* console_io output of a domU, held until its newline (console.c). */
    unsigned int console_len;
    char console_buf[128];

    struct arch_domain arch;

    /* Counters (hv/domain_stats.h), logged when the domain shuts down. */
    struct xpv_domain_stats stats;
};

/*
 * Xen's DOMDYING_*: destroydomain moves a domain from alive to dying
 * (paused, its memory being given back, possibly over several
 * continuations) to dead (out of the domain list; freed once no frame of
 * it is referenced any more, see domain_kill()).
 */
/* Xen's internal "call again" (xen/errno.h shows it only to __XEN__). */
#ifndef XEN_ERESTART
#define XEN_ERESTART    85
#endif

#define DOMDYING_alive  0
#define DOMDYING_dying  1
#define DOMDYING_dead   2

/*
 * The control domain: the one domain the privileged hypercalls (domctl,
 * sysctl, memory_op and mmu_update/mmuext_op on another domain's
 * behalf) accept.  Every such check goes through here.
 */
static inline bool is_control_domain(const struct domain *d)
{
    return d->is_privileged;
}

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
 * vCPUs.  domain_kill() run to its end in one step.
 * @pre d has shut down, is not the hardware domain.
 */
void domain_destroy(struct domain *d);

/*
 * Xen's domain_kill (XEN_DOMCTL_destroydomain), in domain_kill.c: pauses
 * every vCPU and waits until none runs, drops base pointers and pins,
 * then each frame's allocation reference.  With 'preemptible' it stops
 * after a batch and returns -XEN_ERESTART: call it again to go on.
 * Returns 0 once d is dead: out of the domain list and freed, or, while
 * another domain still maps some of its frames, kept as a zombie until
 * the last such reference goes (Xen's rule: a frame is freed with its
 * last reference; domain_reap_zombies() frees the rest).
 * @pre d is not the calling domain, nor the hardware domain.
 */
int domain_kill(struct domain *d, bool preemptible);

/*
 * Frees every dead domain none of whose frames is referenced any more.
 * Called at the start of each domctl and sysctl, so free memory reads
 * exactly back once the last foreign mapping of a dead domain is gone.
 */
void domain_reap_zombies(void);

/*
 * Undoes domain_create(): vCPUs, timers, ports, shared_info, the struct.
 * @pre d is out of the domain list and owns no frames (tot_pages 0).
 */
void domain_free(struct domain *d);

/*
 * The toolstack's pause (Xen's domain_pause_by_systemcontroller): nests
 * up to 255 (-XEN_EOVERFLOW beyond); unpause below zero is -XEN_EINVAL.
 * Pausing waits until no vCPU of d runs any more.
 * @pre d is not the calling domain (pausing).
 */
int domain_controller_pause(struct domain *d);
int domain_controller_unpause(struct domain *d);

/* Pauses every vCPU of d and waits until none is on a CPU. */
void domain_pause_sync(struct domain *d);
void domain_unpause(struct domain *d);

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
