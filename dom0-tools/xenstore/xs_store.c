/*
 * Creating and destroying a store, and its quotas.
 */
#include "xs_internal.h"

/* xenstored's defaults (tools/xenstore, Xen 4.17). */
static const struct xs_quota default_quota = {
    .nodes = 1000,
    .watches = 128,
    .transactions = 10,
    .value_size = 2048,
    .perms = 5,
    .path_len = XENSTORE_REL_PATH_MAX,
    .tx_nodes = 1024,
};

/* The skeleton every store starts with, owned by dom0 ("n0"). */
static const char *const skeleton[] = { "/local/domain", "/tool" };

static int create_skeleton(struct xs_store *st)
{
    struct xs_perm owner = { .domid = XS_PRIV_DOMID, .perm = XS_PERM_NONE };
    struct xs_node *root = xs_node_new("/");
    struct xs_conn *dom0;
    unsigned int i;
    int rc = 0;

    if (!root || xs_node_set(root, "", 0, &owner, 1)) {
        xs_node_free(root);
        return -XEN_ENOMEM;
    }
    root->gen = ++st->gen;
    xs_table_insert(&st->nodes, root);
    dom0 = xs_conn_create(st, XS_PRIV_DOMID);
    if (!dom0)
        return -XEN_ENOMEM;
    for (i = 0; !rc && i < ARRAY_SIZE(skeleton); i++)
        rc = xs_mkdir(dom0, 0, skeleton[i]);
    xs_conn_destroy(dom0);
    return rc;
}

struct xs_store *xs_store_create(void)
{
    struct xs_store *st = tools_zalloc(sizeof(*st));

    if (!st)
        return NULL;
    st->quota = default_quota;
    if (create_skeleton(st)) {
        xs_store_destroy(st);
        return NULL;
    }
    return st;
}

void xs_store_destroy(struct xs_store *st)
{
    struct xs_domain *d, *next;

    if (!st)
        return;
    while (st->conns)
        xs_conn_destroy(st->conns);
    for (d = st->domains; d; d = next) {
        next = d->next;
        tools_free(d);
    }
    xs_table_clear(&st->nodes);
    tools_free(st);
}

struct xs_quota *xs_store_quota(struct xs_store *st)
{
    return &st->quota;
}
