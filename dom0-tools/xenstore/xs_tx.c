/*
 * Transactions: each keeps copies of the nodes it touched (see
 * xs_internal.h), which is all its reads and writes see.
 *
 * Conflict rule (xenstored's): a commit fails with EAGAIN if any node the
 * transaction read or wrote, or found absent, was changed in the store
 * since it was copied.  Adding or removing a child changes the parent
 * (its children are part of it, as in xenstored's node records), so two
 * transactions that list or create siblings conflict, as they do there.
 */
#include "xs_internal.h"

struct xs_tx *xs_tx_new(struct xs_conn *c, uint32_t id)
{
    struct xs_tx *tx = tools_zalloc(sizeof(*tx));

    if (tx) {
        tx->conn = c;
        tx->id = id;
    }
    return tx;
}

void xs_tx_free(struct xs_tx *tx)
{
    if (!tx)
        return;
    xs_table_clear(&tx->nodes);
    tools_free(tx);
}

struct xs_tx *xs_tx_find(struct xs_conn *c, uint32_t id)
{
    struct xs_tx *tx;

    for (tx = c->txs; tx; tx = tx->next)
        if (tx->id == id)
            return tx;
    return NULL;
}

static struct xs_node *copy_from_store(struct xs_tx *tx, const char *path)
{
    struct xs_node *m = xs_table_find(&tx->conn->st->nodes, path);
    struct xs_node *n = xs_node_new(path);

    if (!n)
        return NULL;
    if (m && xs_node_set(n, m->value, m->len, m->perms, m->nperms)) {
        xs_node_free(n);
        return NULL;
    }
    n->gen = m ? m->gen : 0;
    n->absent = !m;
    n->state = TX_READ;
    xs_table_insert(&tx->nodes, n);
    return n;
}

/*
 * Each node a transaction touches costs a copy, absent ones included, so
 * an unprivileged client's open transactions are capped (xenstored's
 * transaction-nodes quota).  Implicit ones end with their operation.
 */
static bool copy_allowed(const struct xs_tx *tx)
{
    return !tx->id || xs_conn_privileged(tx->conn) ||
           tx->nodes.count < tx->conn->st->quota.tx_nodes;
}

int xs_tx_get(struct xs_tx *tx, const char *path, struct xs_node **copy)
{
    struct xs_node *n = xs_table_find(&tx->nodes, path);

    if (!n && !copy_allowed(tx))
        return -XEN_ENOSPC;
    if (!n)
        n = copy_from_store(tx, path);
    *copy = n;
    return n ? 0 : -XEN_ENOMEM;
}

/* The node quota counts nodes owned by the transaction's domain. */
static int owned_by_tx(const struct xs_tx *tx, const struct xs_node *n)
{
    return !n->absent && n->nperms && n->perms[0].domid == tx->conn->domid;
}

int xs_tx_write(struct xs_tx *tx, struct xs_node *copy, const char *value,
                uint32_t len, const struct xs_perm *perms, uint32_t nperms,
                enum xs_fire fire)
{
    int before = owned_by_tx(tx, copy);
    int rc = xs_node_set(copy, value, len, perms, nperms);

    if (rc)
        return rc;
    copy->absent = false;
    copy->state = TX_WRITTEN;
    copy->fire = MAX(copy->fire, fire);
    tx->node_delta += owned_by_tx(tx, copy) - before;
    return 0;
}

void xs_tx_children_changed(struct xs_node *copy)
{
    if (copy->state == TX_READ)
        copy->state = TX_CHILDREN;
}

static const char *last_component(const char *path)
{
    const char *last = path;

    for (; *path; path++)
        if (*path == '/')
            last = path + 1;
    return last;
}

int xs_tx_children(struct xs_tx *tx, const char *path,
                   int (*fn)(void *arg, const char *name), void *arg)
{
    const struct xs_node *n;
    int rc;

    for (n = tx->conn->st->nodes.first; n; n = n->next) {
        if (!xs_path_is_child(n->path, path) ||
            xs_table_find(&tx->nodes, n->path))
            continue;           /* the transaction's copy decides */
        rc = fn(arg, last_component(n->path));
        if (rc)
            return rc;
    }
    for (n = tx->nodes.first; n; n = n->next) {
        if (n->absent || !xs_path_is_child(n->path, path))
            continue;
        rc = fn(arg, last_component(n->path));
        if (rc)
            return rc;
    }
    return 0;
}

int xs_tx_delete(struct xs_tx *tx, const char *path)
{
    struct xs_node *n;

    /* Copy in what lies below from the store, so it can be marked gone. */
    for (n = tx->conn->st->nodes.first; n; n = n->next) {
        if (!xs_path_within(n->path, path) ||
            xs_table_find(&tx->nodes, n->path))
            continue;
        if (!copy_allowed(tx))
            return -XEN_ENOSPC;
        if (!copy_from_store(tx, n->path))
            return -XEN_ENOMEM;
    }
    for (n = tx->nodes.first; n; n = n->next) {
        if (n->absent || !xs_path_within(n->path, path))
            continue;
        tx->node_delta -= owned_by_tx(tx, n);
        n->absent = true;
        n->state = TX_DELETED;
    }
    n = xs_table_find(&tx->nodes, path);
    n->fire = FIRE_TREE;
    return 0;
}

static bool conflicts(const struct xs_tx *tx)
{
    const struct xs_table *store = &tx->conn->st->nodes;
    const struct xs_node *n, *m;

    for (n = tx->nodes.first; n; n = n->next) {
        m = xs_table_find(store, n->path);
        if ((m ? m->gen : 0) != n->gen)
            return true;
    }
    return false;
}

/*
 * Applies one modified copy to the store and returns the node whose
 * permissions decide who sees the change (the removed copy for a delete).
 */
static const struct xs_node *apply(struct xs_tx *tx, struct xs_node *n)
{
    struct xs_store *st = tx->conn->st;
    struct xs_node *m = xs_table_find(&st->nodes, n->path);
    struct xs_node tmp;

    if (m)
        xs_account_node(st, m, -1);
    if (n->absent) {
        if (m) {
            xs_table_remove(&st->nodes, m);
            xs_node_free(m);
        }
        return n;
    }
    if (!m) {
        /* Created here: move the copy itself into the store. */
        xs_table_remove(&tx->nodes, n);
        n->state = TX_READ;
        n->fire = FIRE_NONE;
        xs_table_insert(&st->nodes, n);
        m = n;
    } else {
        /* Swap contents; the old ones leave with the transaction. */
        tmp = *m;
        m->value = n->value, m->len = n->len;
        m->perms = n->perms, m->nperms = n->nperms;
        n->value = tmp.value, n->len = tmp.len;
        n->perms = tmp.perms, n->nperms = tmp.nperms;
    }
    m->gen = ++st->gen;
    xs_account_node(st, m, +1);
    return m;
}

int xs_tx_commit(struct xs_tx *tx)
{
    struct xs_node *n, *next;
    const struct xs_node *seen;
    enum xs_fire fire;
    char *path;

    if (conflicts(tx)) {
        xs_tx_free(tx);
        return -XEN_EAGAIN;
    }
    for (n = tx->nodes.first; n; n = next) {
        next = n->next;
        if (n->state == TX_READ)
            continue;
        fire = n->fire;
        path = n->path;
        seen = apply(tx, n);
        if (fire != FIRE_NONE)
            xs_fire(tx->conn->st, path, fire, seen->perms, seen->nperms);
    }
    xs_tx_free(tx);
    return 0;
}
