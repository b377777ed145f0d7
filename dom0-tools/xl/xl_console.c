/*
 * xl console <domain>: what the domain wrote so far (its log), then its
 * output as it comes, with the operator's keys sent to it, until Ctrl-]
 * detaches or the domain goes away; across a restart (on_reboot) it
 * follows the new domain of the same name.
 */
#include <tools/loop.h>
#include <tools/toolstack.h>
#include "xl_cmds.h"

/* How long the attached console sleeps when nothing moves. */
#define CONSOLE_POLL_NS 10000000ULL     /* 10 ms */

/* Copies the log from *pos to the operator. */
static void console_output(struct xl_call *c, struct ts_domain *d,
                           uint64_t *pos)
{
    char buf[256];
    uint64_t skipped;
    size_t n;

    while ((n = console_log_read(&d->log, pos, buf, sizeof(buf),
                                 &skipped))) {
        if (skipped)
            xl_printf(c, "\n[%lu bytes of output lost]\n",
                      (unsigned long)skipped);
        xl_write(c, buf, n);
    }
}

/*
 * Sends the operator's keys to the domain; true when Ctrl-] came.
 * Keys the ring has no room for are dropped, as on a serial line.
 */
static bool console_input(struct xl_call *c, struct ts_domain *d)
{
    char ch;
    int key;

    while ((key = c->io->getc(c->io->ctx)) >= 0) {
        if (key == XL_CONSOLE_ESCAPE)
            return true;
        ch = key;
        ts_console_input(d, &ch, 1);
    }
    return false;
}

/*
 * The attached domain after a pass of the loop, which may have destroyed
 * it (on_poweroff) or restarted it under a new id (on_reboot): then the
 * console follows the domain of that name, from its first byte, as xl's
 * console client does across a reboot.  NULL when it has gone.
 */
static struct ts_domain *console_follow(struct xl_call *c, uint32_t *domid,
                                        const char *name, uint64_t *pos)
{
    struct ts_domain *d = ts_find(*domid);

    if (d)
        return d;
    d = ts_find_name(name);
    if (!d) {
        xl_printf(c, "\n[domain %u has gone]\n", *domid);
        return NULL;
    }
    xl_printf(c, "\n[domain %u restarted as %u]\n", *domid, d->domid);
    *domid = d->domid;
    *pos = console_log_start(&d->log);
    return d;
}

int xl_console_attach(struct xl_call *c, uint32_t domid)
{
    struct ts_domain *d = ts_find(domid);
    char name[XLCFG_NAME_MAX];
    uint64_t pos;

    if (!d)
        return xl_fail(c, "domain %u has no console served by this "
                       "toolstack (only domains made by xl create do)",
                       domid);
    memcpy(name, d->cfg.name, sizeof(name));
    pos = console_log_start(&d->log);
    for (;;) {
        console_output(c, d, &pos);
        if (console_input(c, d))
            return XL_EXIT_OK;
        loop_wait(CONSOLE_POLL_NS);
        d = console_follow(c, &domid, name, &pos);
        if (!d)
            return XL_EXIT_OK;
    }
}

int xl_cmd_console(struct xl_call *c, int argc, char **argv)
{
    struct xl_opts o;
    uint32_t domid;
    int rc, first = xl_options(c, argc, argv, "", &o);

    if (first < 0 || !xl_operands(c, argc - first, 1, 1))
        return XL_EXIT_USAGE;
    rc = xl_domain_arg(c, argv[first], &domid);
    if (rc)
        return rc;
    return xl_console_attach(c, domid);
}
