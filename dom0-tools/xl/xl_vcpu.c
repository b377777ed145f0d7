/*
 * xl vcpu-list [domain...] and xl vcpu-pin <domain> <vcpu|all> <cpus>:
 * each vCPU's state, CPU, time and hard affinity, and setting the
 * affinity (the same CPU lists as xl.cfg's cpus=).
 */
#include <abi/xen.h>
#include <xen/errno.h>
#include <tools/xc.h>
#include <tools/xlcfg.h>
#include "../xlcfg/xlcfg_cpus.h"
#include "xl_cmds.h"

/* "all", or the mask as a list of CPUs and ranges ("0-3,5"). */
static void cpulist_string(uint64_t mask, char *out, size_t size)
{
    size_t n = 0;
    unsigned int cpu = 0, end;

    if (mask == ~0ULL) {
        snprintf(out, size, "all");
        return;
    }
    out[0] = '\0';
    while (cpu < 64 && n < size) {
        if (!(mask & (1ULL << cpu))) {
            cpu++;
            continue;
        }
        for (end = cpu; end + 1 < 64 && (mask & (1ULL << (end + 1))); end++)
            ;
        n += snprintf(out + n, size - n, "%s%u", n ? "," : "", cpu);
        if (end > cpu && n < size)
            n += snprintf(out + n, size - n, "-%u", end);
        cpu = end + 1;
    }
    if (!mask)
        snprintf(out, size, "none");
}

static int vcpu_rows(struct xl_call *c,
                     const struct xen_domctl_getdomaininfo *info, void *arg)
{
    struct xen_domctl_getvcpuinfo vi;
    char secs[24], cpus[64];
    uint64_t mask;
    unsigned int v;
    bool paused = info->flags & XEN_DOMINF_paused;

    (void)arg;
    for (v = 0; v <= info->max_vcpu_id; v++) {
        if (xc_vcpu_getinfo(info->domain, v, &vi) ||
            xc_vcpu_getaffinity(info->domain, v, &mask))
            continue;       /* gone meanwhile: not an error for a list */
        xl_seconds(vi.cpu_time, secs, sizeof(secs));
        cpulist_string(mask, cpus, sizeof(cpus));
        if (vi.online)
            xl_printf(c, "%-32s %5u %5u %5u   %c%c%c %9s  %s\n",
                      xl_domain_name(info->domain), info->domain, v, vi.cpu,
                      vi.running ? 'r' : '-', vi.blocked ? 'b' : '-',
                      paused ? 'p' : '-', secs, cpus);
        else
            xl_printf(c, "%-32s %5u %5u %5s   --%c %9s  %s\n",
                      xl_domain_name(info->domain), info->domain, v, "-",
                      paused ? 'p' : '-', secs, cpus);
    }
    return 0;
}

int xl_cmd_vcpu_list(struct xl_call *c, int argc, char **argv)
{
    struct xen_domctl_getdomaininfo info;
    struct xl_opts o;
    uint32_t domid;
    int i, rc, first = xl_options(c, argc, argv, "", &o);

    if (first < 0)
        return XL_EXIT_USAGE;
    xl_printf(c, "%-32s %5s %5s %5s %5s %9s  %s\n", "Name", "ID", "VCPU",
              "CPU", "State", "Time(s)", "Affinity (Hard)");
    if (first == argc)
        return xl_foreach_domain(c, vcpu_rows, NULL);
    for (i = first; i < argc; i++) {
        rc = xl_domain_arg(c, argv[i], &domid);
        if (!rc && xc_domain_getinfo(domid, &info))
            rc = xl_fail(c, "domain %u has gone", domid);
        if (rc)
            return rc;
        vcpu_rows(c, &info, NULL);
    }
    return XL_EXIT_OK;
}

int xl_cmd_vcpu_pin(struct xl_call *c, int argc, char **argv)
{
    struct xen_domctl_getdomaininfo info;
    unsigned long vcpu, lo, hi;
    char why[128];
    struct xl_opts o;
    uint64_t mask;
    uint32_t domid;
    int rc, first = xl_options(c, argc, argv, "", &o);

    if (first < 0 || !xl_operands(c, argc - first, 3, 3))
        return XL_EXIT_USAGE;
    rc = xl_domain_arg(c, argv[first], &domid);
    if (rc)
        return rc;
    if (xc_domain_getinfo(domid, &info))
        return xl_fail(c, "domain %u has gone", domid);
    if (!strcmp(argv[first + 1], "all")) {
        lo = 0;
        hi = info.max_vcpu_id;
    } else if (xl_parse_uint(argv[first + 1], info.max_vcpu_id + 1UL,
                             &vcpu)) {
        lo = hi = vcpu;
    } else {
        return xl_fail(c, "vcpu '%s': expected 'all' or a number from 0 "
                       "to %u", argv[first + 1], info.max_vcpu_id);
    }
    if (!xlcfg_cpulist(argv[first + 2], &mask, why, sizeof(why)))
        return xl_fail(c, "cpus '%s': %s", argv[first + 2], why);
    for (vcpu = lo; vcpu <= hi; vcpu++) {
        rc = xc_vcpu_setaffinity(domid, vcpu, mask);
        if (rc)
            return xl_fail(c, "vcpu %lu of domain %u: %s%s", vcpu, domid,
                           xl_errno_name(rc), rc == -XEN_EINVAL ?
                           " (no online CPU in that list?)" : "");
    }
    return XL_EXIT_OK;
}
