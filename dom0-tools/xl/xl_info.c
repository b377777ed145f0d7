/*
 * xl info (the host as the hypervisor reports it) and xl dmesg (the
 * hypervisor's message buffer).
 */
#include <tools/xc.h>
#include "xl_cmds.h"

#define PAGES_TO_MIB(p) ((unsigned long)((p) >> 8))

static int count_domain(struct xl_call *c,
                        const struct xen_domctl_getdomaininfo *info,
                        void *arg)
{
    (void)c;
    (void)info;
    ++*(unsigned int *)arg;
    return 0;
}

int xl_cmd_info(struct xl_call *c, int argc, char **argv)
{
    struct xen_sysctl_physinfo pi;
    unsigned int domains = 0;
    struct xl_opts o;
    int first = xl_options(c, argc, argv, "", &o), rc;

    if (first < 0 || !xl_operands(c, argc - first, 0, 0))
        return XL_EXIT_USAGE;
    rc = xc_physinfo(&pi);
    if (rc)
        return xl_fail(c, "cannot read the host's information: %s",
                       xl_errno_name(rc));
    rc = xl_foreach_domain(c, count_domain, &domains);
    if (rc)
        return rc;
    xl_printf(c, "%-24s: %s\n", "hypervisor", "xpv (Xen 4.17 ABI)");
    xl_printf(c, "%-24s: %u\n", "nr_cpus", pi.nr_cpus);
    xl_printf(c, "%-24s: %u\n", "max_cpu_id", pi.max_cpu_id);
    xl_printf(c, "%-24s: %u\n", "nr_nodes", pi.nr_nodes);
    xl_printf(c, "%-24s: %u\n", "cores_per_socket", pi.cores_per_socket);
    xl_printf(c, "%-24s: %u\n", "threads_per_core", pi.threads_per_core);
    xl_printf(c, "%-24s: %u\n", "cpu_mhz", pi.cpu_khz / 1000);
    xl_printf(c, "%-24s: %lu\n", "total_memory",
              PAGES_TO_MIB(pi.total_pages));
    xl_printf(c, "%-24s: %lu\n", "free_memory",
              PAGES_TO_MIB(pi.free_pages));
    xl_printf(c, "%-24s: %lu\n", "free_pages",
              (unsigned long)pi.free_pages);
    xl_printf(c, "%-24s: %u\n", "domains", domains);
    return XL_EXIT_OK;
}

int xl_cmd_dmesg(struct xl_call *c, int argc, char **argv)
{
    char buf[1024];
    unsigned int len;
    uint32_t index = 0;
    struct xl_opts o;
    int first = xl_options(c, argc, argv, "c", &o), rc;

    if (first < 0 || !xl_operands(c, argc - first, 0, 0))
        return XL_EXIT_USAGE;
    /* The ring is read in pieces from where the last piece ended. */
    do {
        len = sizeof(buf);
        rc = xc_readconsole(buf, &len, &index, o.flags & XL_OPT('c'));
        if (rc)
            return xl_fail(c, "cannot read the hypervisor's messages: %s",
                           xl_errno_name(rc));
        xl_write(c, buf, len);
    } while (len == sizeof(buf));
    return XL_EXIT_OK;
}
