/*
 * xl create [-c] [-p] <ConfigFile>: the configuration and the images it
 * names are files dom0 holds (from its initrd, or uploaded by the host
 * CLI); the toolstack builds the domain and serves it.
 */
#include <abi/xen.h>
#include <xen/errno.h>
#include <tools/files.h>
#include <tools/toolstack.h>
#include <tools/xlcfg.h>
#include "xl_cmds.h"

/* A file the configuration names; NULL after saying it is missing. */
static const struct file *image(struct xl_call *c, const char *what,
                                const char *name)
{
    const struct file *f = files_get(name);

    if (!f)
        xl_fail(c, "%s '%s': no such file in dom0 (upload it with the "
                "host's xl, or check the path)", what, name);
    return f;
}

/* Refuses a name in use, as xl does, before anything is built. */
static int check_name(struct xl_call *c, const char *name)
{
    struct ts_domain *d = ts_find_name(name);

    if (!strcmp(name, "Domain-0"))
        return xl_fail(c, "the name 'Domain-0' is dom0's: choose another "
                       "name in the configuration");
    if (d)
        return xl_fail(c, "a domain named '%s' already exists (id %u): "
                       "destroy it or choose another name", name, d->domid);
    return 0;
}

static int create(struct xl_call *c, const struct xlcfg_domain *cfg,
                  bool paused, uint32_t *domid)
{
    const struct file *k, *r = NULL;
    char err[256];
    int rc = check_name(c, cfg->name);

    if (rc)
        return rc;
    k = image(c, "kernel", cfg->kernel);
    if (!k)
        return XL_EXIT_FAIL;
    if (cfg->ramdisk[0]) {
        r = image(c, "ramdisk", cfg->ramdisk);
        if (!r)
            return XL_EXIT_FAIL;
    }
    rc = ts_create(cfg, k->data, k->len, r ? r->data : NULL,
                   r ? r->len : 0, paused, domid, err, sizeof(err));
    if (rc)
        return xl_fail(c, "%s", err);
    return XL_EXIT_OK;
}

int xl_cmd_create(struct xl_call *c, int argc, char **argv)
{
    static struct xlcfg_domain cfg;     /* 1.5 KiB: off the stack */
    const struct file *f;
    char err[256];
    struct xl_opts o;
    uint32_t domid;
    int rc, first = xl_options(c, argc, argv, "cp", &o);

    if (first < 0 || !xl_operands(c, argc - first, 1, 1))
        return XL_EXIT_USAGE;
    f = files_get(argv[first]);
    if (!f)
        return xl_fail(c, "config '%s': no such file in dom0 (upload it "
                       "with the host's xl, or check the name)", argv[first]);
    xl_printf(c, "Parsing config from %s\n", argv[first]);
    if (xlcfg_parse_domain(argv[first], f->data, f->len, &cfg, err,
                           sizeof(err)))
        return xl_fail(c, "%s", err);
    rc = create(c, &cfg, o.flags & XL_OPT('p'), &domid);
    if (rc)
        return rc;
    xl_printf(c, "Domain %u (%s) created%s\n", domid, cfg.name,
              o.flags & XL_OPT('p') ? ", paused" : "");
    if (o.flags & XL_OPT('c'))
        return xl_console_attach(c, domid);
    return XL_EXIT_OK;
}
