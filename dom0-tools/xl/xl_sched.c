/*
 * xl sched-credit [-d <domain> [-w <weight>] [-c <cap>]]: the credit
 * scheduler's weight and cap of every domain or one, or setting them
 * (Xen's ranges: weight 1..65535, cap 0 = none, else percent of a CPU).
 */
#include <abi/xen.h>
#include <xen/errno.h>
#include <tools/xc.h>
#include "xl_cmds.h"

#define WEIGHT_MAX 65535

static void sched_header(struct xl_call *c)
{
    xl_printf(c, "%-32s %5s %6s %4s\n", "Name", "ID", "Weight", "Cap");
}

static int sched_row(struct xl_call *c,
                     const struct xen_domctl_getdomaininfo *info, void *arg)
{
    unsigned int weight, cap;

    (void)arg;
    if (xc_sched_credit_get(info->domain, &weight, &cap))
        return 0;           /* gone meanwhile: not an error for a list */
    xl_printf(c, "%-32s %5u %6u %4u\n", xl_domain_name(info->domain),
              info->domain, weight, cap);
    return 0;
}

/* -w and -c: both checked before anything is changed. */
static int sched_set(struct xl_call *c, uint32_t domid,
                     const struct xl_opts *o)
{
    const char *w = XL_OPTVAL(o, 'w'), *p = XL_OPTVAL(o, 'c');
    unsigned long weight = 0, cap;
    unsigned int old_weight, old_cap;
    int rc;

    rc = xc_sched_credit_get(domid, &old_weight, &old_cap);
    if (rc)
        return xl_fail(c, "domain %u: %s", domid, xl_errno_name(rc));
    cap = old_cap;
    if (w && (!xl_parse_uint(w, WEIGHT_MAX + 1, &weight) || !weight))
        return xl_fail(c, "weight '%s': expected a number from 1 to %u",
                       w, WEIGHT_MAX);
    if (p && !xl_parse_uint(p, 100UL * 64 + 1, &cap))
        return xl_fail(c, "cap '%s': expected a percentage of one CPU "
                       "(0 for no cap)", p);
    /* Weight 0 keeps the current weight (Xen's putinfo rule). */
    rc = xc_sched_credit_set(domid, weight, cap);
    if (rc)
        return xl_fail(c, "domain %u: %s%s", domid, xl_errno_name(rc),
                       rc == -XEN_EINVAL ?
                       " (the cap is at most 100 per vCPU)" : "");
    return XL_EXIT_OK;
}

int xl_cmd_sched_credit(struct xl_call *c, int argc, char **argv)
{
    struct xen_domctl_getdomaininfo info;
    struct xl_opts o;
    uint32_t domid;
    int rc, first = xl_options(c, argc, argv, "d:w:c:", &o);

    if (first < 0 || !xl_operands(c, argc - first, 0, 0))
        return XL_EXIT_USAGE;
    if (!(o.flags & XL_OPT('d'))) {
        if (o.flags & (XL_OPT('w') | XL_OPT('c')))
            return xl_usage_error(c, "-w and -c need -d <domain>");
        sched_header(c);
        return xl_foreach_domain(c, sched_row, NULL);
    }
    rc = xl_domain_arg(c, XL_OPTVAL(&o, 'd'), &domid);
    if (rc)
        return rc;
    if (o.flags & (XL_OPT('w') | XL_OPT('c')))
        return sched_set(c, domid, &o);
    rc = xc_domain_getinfo(domid, &info);
    if (rc)
        return xl_fail(c, "domain %u: %s", domid, xl_errno_name(rc));
    sched_header(c);
    return sched_row(c, &info, NULL);
}
