/*
 * The commands on one domain's life: destroy, shutdown, reboot, pause,
 * unpause.  Each takes one domain (a name or an id); dom0 itself is
 * refused, as xl refuses it, since dom0 runs the toolstack.
 */
#include <abi/xen.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <tools/toolstack.h>
#include <tools/xc.h>
#include "xl_cmds.h"

/* The domain operand of a one-domain command; 0 or an exit status. */
static int one_domain(struct xl_call *c, int argc, char **argv,
                      uint32_t *domid)
{
    struct xl_opts o;
    int first = xl_options(c, argc, argv, "", &o), rc;

    if (first < 0 || !xl_operands(c, argc - first, 1, 1))
        return XL_EXIT_USAGE;
    rc = xl_domain_arg(c, argv[first], domid);
    if (rc)
        return rc;
    if (*domid == 0)
        return xl_fail(c, "Domain-0 runs the toolstack: it cannot be "
                       "%sd from here", c->cmd->name);
    return 0;
}

/* A hypervisor refusal, said with the domain and the errno's name. */
static int result(struct xl_call *c, uint32_t domid, int rc)
{
    if (rc)
        return xl_fail(c, "domain %u (%s): %s", domid,
                       xl_domain_name(domid), xl_errno_name(rc));
    return XL_EXIT_OK;
}

int xl_cmd_destroy(struct xl_call *c, int argc, char **argv)
{
    uint32_t domid;
    int rc = one_domain(c, argc, argv, &domid);

    if (rc)
        return rc;
    return result(c, domid, ts_destroy(domid));
}

/* shutdown and reboot: the guest is asked, its on_* action follows. */
static int remote_shutdown(struct xl_call *c, int argc, char **argv,
                           unsigned int reason)
{
    uint32_t domid;
    int rc = one_domain(c, argc, argv, &domid);

    if (rc)
        return rc;
    return result(c, domid, xc_domain_shutdown(domid, reason));
}

int xl_cmd_shutdown(struct xl_call *c, int argc, char **argv)
{
    return remote_shutdown(c, argc, argv, SHUTDOWN_poweroff);
}

int xl_cmd_reboot(struct xl_call *c, int argc, char **argv)
{
    return remote_shutdown(c, argc, argv, SHUTDOWN_reboot);
}

int xl_cmd_pause(struct xl_call *c, int argc, char **argv)
{
    uint32_t domid;
    int rc = one_domain(c, argc, argv, &domid);

    if (rc)
        return rc;
    return result(c, domid, xc_domain_pause(domid));
}

int xl_cmd_unpause(struct xl_call *c, int argc, char **argv)
{
    struct xen_domctl_getdomaininfo info;
    uint32_t domid;
    int rc = one_domain(c, argc, argv, &domid);

    if (rc)
        return rc;
    /*
     * Pauses nest in the hypervisor; an unpause of a running domain is
     * -EINVAL there.  Say it in the operator's terms.
     */
    if (!xc_domain_getinfo(domid, &info) &&
        !(info.flags & XEN_DOMINF_paused))
        return xl_fail(c, "domain %u (%s) is not paused", domid,
                       xl_domain_name(domid));
    return result(c, domid, xc_domain_unpause(domid));
}
