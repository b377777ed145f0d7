/*
 * The toolstack's domains: the table, building one (the builder, then
 * the store and the console), serving their rings, destroying one.
 */
#include <abi/xen.h>
#include <hv/lib.h>
#include <xen/errno.h>
#include <tools/builder.h>
#include <tools/env.h>
#include <tools/xc.h>
#include "console_ring.h"
#include "ts_internal.h"

/* Newest first; a handful of domains, so lists are fine. */
static struct ts_domain *domains;

struct ts_domain *ts_first(void)
{
    return domains;
}

struct ts_domain *ts_find(uint32_t domid)
{
    struct ts_domain *d;

    for (d = domains; d; d = d->next)
        if (d->domid == domid)
            return d;
    return NULL;
}

struct ts_domain *ts_find_name(const char *name)
{
    struct ts_domain *d;

    for (d = domains; d; d = d->next)
        if (!strcmp(d->cfg.name, name))
            return d;
    return NULL;
}

static void unlink_domain(struct ts_domain *d)
{
    struct ts_domain **pp;

    for (pp = &domains; *pp; pp = &(*pp)->next)
        if (*pp == d) {
            *pp = d->next;
            return;
        }
}

void ts_domain_free(struct ts_domain *d)
{
    if (d->store_port)
        ts_evtchn_close(d->store_port);
    if (d->cons_port)
        ts_evtchn_close(d->cons_port);
    if (d->store)
        xc_unmap_foreign(d->store);
    if (d->cons)
        xc_unmap_foreign(d->cons);
    ts_store_release(d->domid);
    unlink_domain(d);
    tools_free(d);
}

/* Maps both rings and binds both channels; 0 or a negative errno. */
static int connect_rings(struct ts_domain *d, const struct builder_result *r)
{
    int rc;

    d->store = xc_map_foreign(d->domid, r->store_mfn, true);
    d->cons = xc_map_foreign(d->domid, r->console_mfn, true);
    if (!d->store || !d->cons)
        return -XEN_ENOMEM;
    rc = ts_evtchn_bind(d->domid, r->store_port, &d->store_port);
    if (rc)
        return rc;
    return ts_evtchn_bind(d->domid, r->console_port, &d->cons_port);
}

int ts_create(const struct xlcfg_domain *cfg, const void *kernel,
              size_t kernel_len, const void *ramdisk, size_t ramdisk_len,
              bool paused, uint32_t *domid, char *err, size_t errlen)
{
    struct builder_result r;
    struct ts_domain *d = tools_zalloc(sizeof(*d));
    int rc;

    if (!d) {
        snprintf(err, errlen, "out of memory in dom0");
        return -XEN_ENOMEM;
    }
    rc = builder_create(cfg, kernel, kernel_len, ramdisk, ramdisk_len, &r,
                        err, errlen);
    if (rc) {
        tools_free(d);
        return rc;
    }
    d->domid = r.domid;
    d->cfg = *cfg;
    d->next = domains;
    domains = d;
    rc = ts_store_introduce(d, r.store_mfn, r.store_port, r.console_mfn,
                            r.console_port);
    if (!rc)
        rc = connect_rings(d, &r);
    if (!rc && !paused)
        rc = xc_domain_unpause(d->domid);
    if (rc) {
        snprintf(err, errlen, "domain %u: connecting its store and "
                 "console failed (%d); it was destroyed", d->domid, rc);
        ts_destroy(d->domid);
        return rc;
    }
    *domid = r.domid;
    return 0;
}

int ts_destroy(uint32_t domid)
{
    struct ts_domain *d = ts_find(domid);
    int rc;

    /* The mappings go first: they hold references on its frames. */
    if (d)
        ts_domain_free(d);
    rc = xc_domain_destroy(domid);
    /* Already gone counts as destroyed once its record is cleaned up. */
    return rc == -XEN_ESRCH && d ? 0 : rc;
}

void ts_poll(void)
{
    struct xs_store *st = ts_store();
    struct ts_domain *d;
    struct xs_conn *conn;

    for (d = domains; d; d = d->next) {
        conn = xs_domain_conn(st, d->domid);
        if (conn && d->store && xs_ring_service(conn, d->store))
            ts_evtchn_notify(d->store_port);
        if (d->cons && console_ring_drain(d->cons, &d->log))
            ts_evtchn_notify(d->cons_port);
    }
}

size_t ts_console_input(struct ts_domain *d, const char *s, size_t n)
{
    size_t done = d->cons ? console_ring_put(d->cons, s, n) : 0;

    if (done)
        ts_evtchn_notify(d->cons_port);
    return done;
}
