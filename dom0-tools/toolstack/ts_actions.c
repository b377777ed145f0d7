/*
 * What happens when a domain shuts down (VIRQ_DOM_EXC): the action its
 * xl.cfg names for the reason (on_poweroff, on_reboot, on_crash), as
 * libxl applies them.  No core dumps are written here: the coredump-*
 * actions do what follows the dump; soft-reset restarts.
 */
#include <abi/xen.h>
#include <hv/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <tools/env.h>
#include <tools/files.h>
#include <tools/xc.h>
#include "ts_internal.h"

static const char *reason_name(unsigned int reason)
{
    switch (reason) {
    case SHUTDOWN_poweroff: return "powered off";
    case SHUTDOWN_reboot: return "rebooted";
    case SHUTDOWN_crash: return "crashed";
    case SHUTDOWN_watchdog: return "was stopped by its watchdog";
    default: return "shut down";
    }
}

/* The action for a reason; suspend is the save path's, not handled. */
static bool action_for(const struct xlcfg_domain *cfg, unsigned int reason,
                       enum xlcfg_action *action)
{
    switch (reason) {
    case SHUTDOWN_poweroff: *action = cfg->on_poweroff; return true;
    case SHUTDOWN_reboot: *action = cfg->on_reboot; return true;
    case SHUTDOWN_crash:
    case SHUTDOWN_watchdog: *action = cfg->on_crash; return true;
    case SHUTDOWN_soft_reset: *action = XLCFG_SOFT_RESET; return true;
    default: return false;
    }
}

/* The same configuration again, with the images dom0 holds now. */
static void restart(const struct xlcfg_domain *cfg)
{
    const struct file *k = files_get(cfg->kernel);
    const struct file *r = cfg->ramdisk[0] ? files_get(cfg->ramdisk) : NULL;
    char err[160], line[240];
    uint32_t domid;
    int rc;

    if (!k || (cfg->ramdisk[0] && !r)) {
        snprintf(line, sizeof(line), "xl: cannot restart '%s': '%s' is no "
                 "longer in dom0", cfg->name, !k ? cfg->kernel : cfg->ramdisk);
        tools_log(line);
        return;
    }
    rc = ts_create(cfg, k->data, k->len, r ? r->data : NULL, r ? r->len : 0,
                   false, &domid, err, sizeof(err));
    if (rc)
        snprintf(line, sizeof(line), "xl: cannot restart '%s': %s",
                 cfg->name, err);
    else
        snprintf(line, sizeof(line), "xl: '%s' restarted as domain %u",
                 cfg->name, domid);
    tools_log(line);
}

static void apply(struct ts_domain *d, unsigned int reason)
{
    struct xlcfg_domain cfg = d->cfg;
    enum xlcfg_action action;
    char line[160];

    if (!action_for(&cfg, reason, &action))
        return;
    snprintf(line, sizeof(line), "xl: domain %u (%s) %s: %s", d->domid,
             cfg.name, reason_name(reason), xlcfg_action_name(action));
    tools_log(line);
    switch (action) {
    case XLCFG_PRESERVE:
        d->preserved = true;
        return;
    case XLCFG_DESTROY:
    case XLCFG_COREDUMP_DESTROY:
        ts_destroy(d->domid);
        return;
    default:
        /* restart, rename-restart, coredump-restart, soft-reset. */
        ts_destroy(d->domid);
        restart(&cfg);
        return;
    }
}

unsigned int ts_domains_changed(void)
{
    struct xen_domctl_getdomaininfo info;
    struct ts_domain *d, *next;
    unsigned int acted = 0;

    xs_domain_state_changed(ts_store());
    for (d = ts_first(); d; d = next) {
        next = d->next;     /* apply() may free d (never next) */
        if (d->preserved || xc_domain_getinfo(d->domid, &info) ||
            !(info.flags & XEN_DOMINF_shutdown))
            continue;
        apply(d, (info.flags >> XEN_DOMINF_shutdownshift) &
                     XEN_DOMINF_shutdownmask);
        acted++;
    }
    return acted;
}
