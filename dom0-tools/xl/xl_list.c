/*
 * xl list [-l] [domain...]: Xen's columns (Name, ID, Mem, VCPUs, State,
 * Time(s)), or with -l a JSON array of each domain's configuration and
 * state (as xl list -l, with the fields this toolstack has).
 */
#include <tools/toolstack.h>
#include <tools/xc.h>
#include "xl_cmds.h"
#include "xl_json.h"

/* Domains read from the hypervisor per getinfolist call. */
#define LIST_BATCH 16

int xl_foreach_domain(struct xl_call *c, xl_domain_fn fn, void *arg)
{
    struct xen_domctl_getdomaininfo info[LIST_BATCH];
    uint32_t next = 0;
    int n, i, rc;

    for (;;) {
        n = xc_domain_getinfolist(next, LIST_BATCH, info);
        if (n < 0)
            return xl_fail(c, "cannot list domains: %s", xl_errno_name(n));
        for (i = 0; i < n; i++) {
            rc = fn(c, &info[i], arg);
            if (rc)
                return rc;
        }
        if (n < LIST_BATCH)
            return XL_EXIT_OK;
        next = info[n - 1].domain + 1;
    }
}

static void list_header(struct xl_call *c)
{
    xl_printf(c, "%-40s %5s %5s %5s %6s %9s\n", "Name", "ID", "Mem",
              "VCPUs", "State", "Time(s)");
}

static int list_row(struct xl_call *c,
                    const struct xen_domctl_getdomaininfo *info, void *arg)
{
    char state[7], secs[24];

    (void)arg;
    xl_state_string(info, state);
    xl_seconds(info->cpu_time, secs, sizeof(secs));
    xl_printf(c, "%-40s %5u %5lu %5u %6s %9s\n",
              xl_domain_name(info->domain), info->domain,
              (unsigned long)(info->tot_pages >> 8), info->nr_online_vcpus,
              state, secs);
    return 0;
}

/* The "config" object of one domain the toolstack built. */
static void json_config(struct xl_json *j, const struct xlcfg_domain *cfg)
{
    xl_json_key(j, "config");
    xl_json_open(j, '{');
    xl_json_key(j, "c_info");
    xl_json_open(j, '{');
    xl_json_str(j, "type", "pv");
    xl_json_str(j, "name", cfg->name);
    xl_json_close(j, '}');
    xl_json_key(j, "b_info");
    xl_json_open(j, '{');
    xl_json_num(j, "max_vcpus", cfg->maxvcpus);
    xl_json_num(j, "max_memkb", cfg->maxmem_mib * 1024);
    xl_json_num(j, "target_memkb", cfg->memory_mib * 1024);
    xl_json_str(j, "kernel", cfg->kernel);
    xl_json_str(j, "ramdisk", cfg->ramdisk);
    xl_json_str(j, "cmdline", cfg->cmdline);
    xl_json_close(j, '}');
    xl_json_str(j, "on_poweroff", xlcfg_action_name(cfg->on_poweroff));
    xl_json_str(j, "on_reboot", xlcfg_action_name(cfg->on_reboot));
    xl_json_str(j, "on_crash", xlcfg_action_name(cfg->on_crash));
    xl_json_close(j, '}');
}

static int list_json(struct xl_call *c,
                     const struct xen_domctl_getdomaininfo *info, void *arg)
{
    struct xl_json *j = arg;
    struct ts_domain *d = ts_find(info->domain);
    char state[7];

    (void)c;
    xl_state_string(info, state);
    xl_json_open(j, '{');
    xl_json_num(j, "domid", info->domain);
    xl_json_str(j, "name", xl_domain_name(info->domain));
    xl_json_str(j, "state", state);
    xl_json_num(j, "memkb", info->tot_pages * 4);
    xl_json_num(j, "max_memkb", info->max_pages * 4);
    xl_json_num(j, "online_vcpus", info->nr_online_vcpus);
    xl_json_num(j, "cpu_time_ns", info->cpu_time);
    if (d)
        json_config(j, &d->cfg);
    xl_json_close(j, '}');
    return 0;
}

/* One named domain, through the same row function as the whole list. */
static int list_one(struct xl_call *c, const char *arg, xl_domain_fn fn,
                    void *fnarg)
{
    struct xen_domctl_getdomaininfo info;
    uint32_t domid;
    int rc;

    rc = xl_domain_arg(c, arg, &domid);
    if (rc)
        return rc;
    rc = xc_domain_getinfo(domid, &info);
    if (rc)
        return xl_fail(c, "domain %u: %s", domid, xl_errno_name(rc));
    return fn(c, &info, fnarg);
}

int xl_cmd_list(struct xl_call *c, int argc, char **argv)
{
    struct xl_json json;
    struct xl_opts o;
    xl_domain_fn fn = list_row;
    void *arg = NULL;
    int i, rc = 0, first = xl_options(c, argc, argv, "l", &o);

    if (first < 0)
        return XL_EXIT_USAGE;
    if (o.flags & XL_OPT('l')) {
        xl_json_begin(&json, c);
        xl_json_open(&json, '[');
        fn = list_json;
        arg = &json;
    } else {
        list_header(c);
    }
    if (first == argc)
        rc = xl_foreach_domain(c, fn, arg);
    for (i = first; i < argc && !rc; i++)
        rc = list_one(c, argv[i], fn, arg);
    if (o.flags & XL_OPT('l'))
        xl_json_close(&json, ']');
    return rc;
}
