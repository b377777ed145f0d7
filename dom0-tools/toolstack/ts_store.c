/*
 * The toolstack's use of the store: one store for the host, dom0's
 * connection to it, and each domain's /local/domain/<id> nodes, as
 * libxl writes them (name, domid, memory/target, memory/static-max,
 * store/ring-ref and port, console/ring-ref, port and type).  The nodes
 * belong to dom0; the domain may read them, and its home directory;
 * "data" below it is the domain's own.
 */
#include <abi/xen.h>
#include <hv/lib.h>
#include <xen/errno.h>
#include <tools/env.h>
#include "ts_internal.h"

static struct xs_store *store;
static struct xs_conn *dom0;

int ts_init(void)
{
    store = xs_store_create();
    dom0 = store ? xs_conn_create(store, 0) : NULL;
    if (!dom0) {
        ts_fini();
        return -XEN_ENOMEM;
    }
    return 0;
}

void ts_fini(void)
{
    while (ts_first())
        ts_domain_free(ts_first());
    if (dom0)
        xs_conn_destroy(dom0);
    if (store)
        xs_store_destroy(store);
    dom0 = NULL;
    store = NULL;
}

struct xs_store *ts_store(void)
{
    return store;
}

struct xs_conn *ts_dom0_conn(void)
{
    return dom0;
}

/* path = /local/domain/<id>[/<node>] */
static void node_path(char *path, size_t size, uint32_t domid,
                      const char *node)
{
    snprintf(path, size, "/local/domain/%u%s%s", domid, *node ? "/" : "",
             node);
}

/*
 * Permissions "n<owner>" and, when reader differs, "r<reader>": the
 * owner may do anything, the reader read, everyone else nothing.
 */
static int set_owner(const char *path, uint32_t owner, uint32_t reader)
{
    char perms[24];
    int len;

    len = snprintf(perms, sizeof(perms), "n%u", owner) + 1;
    if (reader != owner)
        len += snprintf(perms + len, sizeof(perms) - len, "r%u",
                        reader) + 1;
    return xs_set_perms(dom0, 0, path, perms, len);
}

/* Writes /local/domain/<id>/<node> = value, owned by dom0, readable. */
static int write_node(uint32_t domid, const char *node, const char *value)
{
    char path[96];
    int rc;

    node_path(path, sizeof(path), domid, node);
    rc = xs_write(dom0, 0, path, value, strlen(value));
    return rc ? rc : set_owner(path, 0, domid);
}

/*
 * The directory /local/domain/<id>[/<node>], as libxl makes it: the
 * home itself dom0's and readable by the domain (so it can list it),
 * "data" the domain's own, where it may write.
 */
static int make_dir(uint32_t domid, const char *node, uint32_t owner)
{
    char path[96];
    int rc;

    node_path(path, sizeof(path), domid, node);
    rc = xs_mkdir(dom0, 0, path);
    return rc ? rc : set_owner(path, owner, domid);
}

static int write_num(uint32_t domid, const char *node, unsigned long val)
{
    char buf[24];

    snprintf(buf, sizeof(buf), "%lu", val);
    return write_node(domid, node, buf);
}

int ts_store_introduce(const struct ts_domain *d, unsigned long store_mfn,
                       uint32_t store_port, unsigned long cons_mfn,
                       uint32_t cons_port)
{
    uint32_t id = d->domid;
    int rc;

    rc = xs_introduce(dom0, id, store_mfn, store_port);
    if (rc)
        return rc;
    rc = make_dir(id, "", 0);
    rc = rc ? rc : make_dir(id, "data", id);
    rc = rc ? rc : write_node(id, "name", d->cfg.name);
    rc = rc ? rc : write_num(id, "domid", id);
    rc = rc ? rc : write_num(id, "memory/target", d->cfg.memory_mib * 1024);
    rc = rc ? rc : write_num(id, "memory/static-max",
                             d->cfg.maxmem_mib * 1024);
    rc = rc ? rc : write_num(id, "store/ring-ref", store_mfn);
    rc = rc ? rc : write_num(id, "store/port", store_port);
    rc = rc ? rc : write_num(id, "console/ring-ref", cons_mfn);
    rc = rc ? rc : write_num(id, "console/port", cons_port);
    rc = rc ? rc : write_node(id, "console/type", "xenconsoled");
    if (rc)
        ts_store_release(id);
    return rc;
}

void ts_store_release(uint32_t domid)
{
    char path[48];

    /* Either may be missing after a failed introduce: both are tried. */
    xs_release(dom0, domid);
    snprintf(path, sizeof(path), "/local/domain/%u", domid);
    xs_rm(dom0, 0, path);
}
