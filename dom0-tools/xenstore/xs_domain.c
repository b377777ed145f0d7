/*
 * Domains as the store knows them: node accounting for the quota, and
 * introduce/release, which connect and disconnect a domain's ring.
 *
 * As in xenstored, introducing a domain fires "@introduceDomain" and
 * releasing it fires "@releaseDomain"; release leaves the domain's nodes
 * to the toolstack to remove.  Unlike xenstored (where the toolstack
 * creates it first), introduce also creates /local/domain/<id> when
 * missing, owned by the domain itself.
 */
#include "xs_internal.h"

struct xs_domain *xs_domain_get(struct xs_store *st, domid_t domid,
                                bool create)
{
    struct xs_domain *d;

    for (d = st->domains; d; d = d->next)
        if (d->domid == domid)
            return d;
    if (!create)
        return NULL;
    d = tools_zalloc(sizeof(*d));
    if (d) {
        d->domid = domid;
        d->next = st->domains;
        st->domains = d;
    }
    return d;
}

/*
 * A record neither introduced nor owning nodes says nothing: it is freed,
 * so that domains coming and going leave dom0's memory where it was.
 */
static void domain_drop_if_unused(struct xs_store *st, struct xs_domain *d)
{
    struct xs_domain **pp;

    if (d->introduced || d->nodes || d->conn)
        return;
    for (pp = &st->domains; *pp != d; pp = &(*pp)->next)
        ;
    *pp = d->next;
    tools_free(d);
}

void xs_account_node(struct xs_store *st, const struct xs_node *n, int delta)
{
    struct xs_domain *d;

    if (!n->nperms)
        return;
    d = xs_domain_get(st, n->perms[0].domid, delta > 0);
    /*
     * Out of memory here only loses accounting for a new owner; never
     * let that make the count wrap when its nodes go.
     */
    if (d && (delta > 0 || d->nodes >= (unsigned int)-delta))
        d->nodes += delta;
    if (d && delta < 0)
        domain_drop_if_unused(st, d);
}

bool xs_domain_has_room(struct xs_store *st, domid_t domid, int extra)
{
    struct xs_domain *d = xs_domain_get(st, domid, false);
    long owned = d ? (long)d->nodes : 0;

    return domid == XS_PRIV_DOMID || owned + extra <= (long)st->quota.nodes;
}

bool xs_node_quota_ok(struct xs_conn *c, int extra)
{
    return xs_conn_privileged(c) || xs_domain_has_room(c->st, c->domid, extra);
}

bool xs_is_introduced(struct xs_store *st, domid_t domid)
{
    struct xs_domain *d = xs_domain_get(st, domid, false);

    return d && d->introduced;
}

struct xs_conn *xs_domain_conn(struct xs_store *st, domid_t domid)
{
    struct xs_domain *d = xs_domain_get(st, domid, false);

    return d && d->introduced ? d->conn : NULL;
}

int xs_get_domain_path(struct xs_conn *c, domid_t domid, struct xs_buf *out)
{
    char path[32];

    (void)c;                    /* any client may ask, as in xenstored */
    xs_domain_path(domid, path, sizeof(path));
    out->len = 0;
    xs_buf_put_str(out, path);
    return 0;
}

/* /local/domain/<id>, owned by the domain, unless it already exists. */
static int create_home(struct xs_conn *c, domid_t domid)
{
    struct xs_perm owner = { .domid = domid, .perm = XS_PERM_NONE };
    struct xs_buf *perms;
    char path[32], entry[8];
    int rc;

    xs_domain_path(domid, path, sizeof(path));
    rc = xs_mkdir(c, 0, path);
    if (rc)
        return rc;
    perms = tools_zalloc(sizeof(*perms));
    if (!perms)
        return -XEN_ENOMEM;
    snprintf(entry, sizeof(entry), "n%u", (unsigned int)owner.domid);
    xs_buf_put_str(perms, entry);
    rc = xs_set_perms(c, 0, path, perms->data, perms->len);
    tools_free(perms);
    return rc;
}

int xs_introduce(struct xs_conn *c, domid_t domid, uint64_t mfn,
                 uint32_t port)
{
    struct xs_store *st = c->st;
    struct xs_domain *d;
    struct xs_conn *ring;
    int rc;

    if (!xs_conn_privileged(c))
        return -XEN_EACCES;
    if (domid == XS_PRIV_DOMID || domid >= DOMID_FIRST_RESERVED)
        return -XEN_EINVAL;
    if (xs_is_introduced(st, domid))
        return -XEN_EEXIST;
    rc = create_home(c, domid);
    if (rc)
        return rc;
    /* After create_home: accounting may free a record that owns nothing. */
    d = xs_domain_get(st, domid, true);
    if (!d)
        return -XEN_ENOMEM;
    ring = xs_conn_create(st, domid);
    if (!ring)
        return -XEN_ENOMEM;
    d->introduced = true;
    d->mfn = mfn;
    d->port = port;
    d->conn = ring;
    xs_fire(st, "@introduceDomain", FIRE_NODE, NULL, 0);
    return 0;
}

void xs_domain_state_changed(struct xs_store *st)
{
    xs_fire(st, "@releaseDomain", FIRE_NODE, NULL, 0);
}

int xs_release(struct xs_conn *c, domid_t domid)
{
    struct xs_domain *d = xs_domain_get(c->st, domid, false);

    if (!xs_conn_privileged(c))
        return -XEN_EACCES;
    if (!d || !d->introduced)
        return -XEN_ENOENT;
    d->introduced = false;
    xs_conn_destroy(d->conn);   /* never c: dom0 is never introduced */
    d->conn = NULL;
    domain_drop_if_unused(c->st, d);
    xs_domain_state_changed(c->st);
    return 0;
}
