/*
 * Xen's getdomaininfo(): what XEN_DOMCTL_getdomaininfo and
 * XEN_SYSCTL_getdomaininfolist report about a domain.
 */
#include <hv/domain.h>
#include <hv/domctl.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/time.h>

/* Xen's SHUTDOWN_CODE_INVALID: the code of a domain not shut down. */
#define SHUTDOWN_CODE_NONE  (~0U)

/*
 * Flags from the online vCPUs: blocked only if every online one is,
 * running if any is on a CPU (Xen: none online, no such flags).
 */
static uint32_t vcpu_flags(struct domain *d, struct xen_domctl_getdomaininfo
                           *info)
{
    uint64_t now = arch_sched_now();
    uint32_t flags = XEN_DOMINF_blocked;

    info->max_vcpu_id = XEN_INVALID_MAX_VCPU_ID;
    info->nr_online_vcpus = 0;
    info->cpu_time = 0;
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct sched_vcpu *sv = &d->vcpu[i]->sched;
        struct vcpu_runstate_info rs;

        sched_vcpu_runstate(sv, now, &rs);
        info->cpu_time += rs.time[RUNSTATE_running];
        info->max_vcpu_id = i;
        if (sv->pause_flags & SCHED_PF_DOWN)
            continue;
        if (!(sv->pause_flags & SCHED_PF_BLOCKED))
            flags &= ~XEN_DOMINF_blocked;
        if (sched_vcpu_is_running(sv))
            flags |= XEN_DOMINF_running;
        info->nr_online_vcpus++;
    }
    return info->nr_online_vcpus ? flags : 0;
}

void domain_get_info(struct domain *d, struct xen_domctl_getdomaininfo *info)
{
    unsigned int code = d->is_shutting_down ? d->shutdown_code
                                            : SHUTDOWN_CODE_NONE;

    memset(info, 0, sizeof(*info));
    info->domain = d->domain_id;
    info->flags = vcpu_flags(d, info) |
        (d->is_dying == DOMDYING_dead ? XEN_DOMINF_dying : 0) |
        (d->is_shutting_down ? XEN_DOMINF_shutdown : 0) |
        (d->controller_pause_count ? XEN_DOMINF_paused : 0) |
        code << XEN_DOMINF_shutdownshift;
    info->tot_pages = d->tot_pages;
    info->max_pages = d->max_pages;
    info->shared_info_frame = d->shared_info_mfn;
    info->ssidref = d->ssidref;
    memcpy(info->handle, d->handle, sizeof(info->handle));
    info->cpupool = 0;
}
