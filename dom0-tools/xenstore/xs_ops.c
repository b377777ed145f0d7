/*
 * The node operations: read, write, mkdir, rm, directory, get/set perms.
 *
 * Each one canonicalizes its path, runs in a transaction (the client's or
 * an implicit one, xs_transaction.c), checks permissions and quotas
 * before changing anything, then changes the transaction's copies.
 */
#include "xs_internal.h"

#define ABS_SIZE (XENSTORE_ABS_PATH_MAX + 1)

/*
 * The nearest present ancestor of abs (which is absent), and how many
 * levels are missing from it down to abs inclusive.  "/" always exists.
 */
static int nearest_ancestor(struct xs_tx *tx, const char *abs,
                            struct xs_node **anc, unsigned int *levels)
{
    char path[ABS_SIZE];
    struct xs_node *n;
    int rc;

    memcpy(path, abs, strlen(abs) + 1);
    *levels = 0;
    do {
        xs_path_parent(path, path, sizeof(path));
        (*levels)++;
        rc = xs_tx_get(tx, path, &n);
        if (rc)
            return rc;
    } while (n->absent);
    *anc = n;
    return 0;
}

/*
 * xenstored's errno_from_parents: a missing node is ENOENT only to a
 * client that may read the nearest existing ancestor; to others it is
 * EACCES, so absence does not leak what permissions hide.
 */
static int missing(struct xs_tx *tx, const char *abs)
{
    struct xs_node *anc;
    unsigned int levels;
    int rc = nearest_ancestor(tx, abs, &anc, &levels);

    if (rc)
        return rc;
    return xs_perm_allows(tx->conn->domid, anc->perms, anc->nperms,
                          XS_PERM_READ) ? -XEN_ENOENT : -XEN_EACCES;
}

/* The present node at abs, if tx's client may 'want' it. */
static int get_node(struct xs_tx *tx, const char *abs, unsigned int want,
                    struct xs_node **out)
{
    struct xs_node *n;
    int rc = xs_tx_get(tx, abs, &n);

    if (rc)
        return rc;
    if (n->absent)
        return missing(tx, abs);
    if (!xs_perm_allows(tx->conn->domid, n->perms, n->nperms, want))
        return -XEN_EACCES;
    *out = n;
    return 0;
}

/* Creates each level below anc down to abs, all with these perms. */
static int create_levels(struct xs_tx *tx, const char *abs,
                         struct xs_node *anc, const struct xs_perm *perms,
                         uint32_t nperms, const char *value, uint32_t len)
{
    size_t full = strlen(abs), end = strcmp(anc->path, "/") ?
                                     strlen(anc->path) : 0;
    struct xs_node *parent = anc, *n;
    char level[ABS_SIZE];
    bool last;
    int rc;

    while (end < full) {
        for (end++; abs[end] && abs[end] != '/'; end++)
            ;
        memcpy(level, abs, end);
        level[end] = '\0';
        last = end == full;
        rc = xs_tx_get(tx, level, &n);
        if (!rc)
            rc = xs_tx_write(tx, n, last ? value : "", last ? len : 0, perms,
                             nperms, last ? FIRE_NODE : FIRE_NONE);
        if (rc)
            return rc;
        xs_tx_children_changed(parent);
        parent = n;
    }
    return 0;
}

/*
 * Creates abs (absent) and its missing ancestors.  The client needs write
 * access to the nearest existing ancestor and node quota for every level;
 * new nodes inherit that ancestor's permissions, except that an
 * unprivileged creator owns them (xenstored's rule).
 */
static int create(struct xs_tx *tx, const char *abs, const char *value,
                  uint32_t len)
{
    struct xs_conn *c = tx->conn;
    struct xs_perm *perms;
    struct xs_node *anc;
    unsigned int levels;
    int rc = nearest_ancestor(tx, abs, &anc, &levels);

    if (rc)
        return rc;
    if (!xs_perm_allows(c->domid, anc->perms, anc->nperms, XS_PERM_WRITE))
        return -XEN_EACCES;
    if (!xs_node_quota_ok(c, tx->node_delta + (int)levels))
        return -XEN_ENOSPC;
    perms = tools_zalloc(anc->nperms * sizeof(*perms));
    if (!perms)
        return -XEN_ENOMEM;
    memcpy(perms, anc->perms, anc->nperms * sizeof(*perms));
    if (!xs_conn_privileged(c))
        perms[0].domid = c->domid;
    rc = create_levels(tx, abs, anc, perms, anc->nperms, value, len);
    tools_free(perms);
    return rc;
}

/* Canonicalizes path into abs[ABS_SIZE], then opens the transaction. */
static int begin(struct xs_conn *c, uint32_t tx_id, const char *path,
                 char *abs, struct xs_tx **tx)
{
    int rc = xs_path_canonical(c, path, false, abs, ABS_SIZE);

    return rc ? rc : xs_op_begin(c, tx_id, tx);
}

/* What read, directory(_part) and get_perms report on a node. */
typedef int (*report_fn)(struct xs_tx *tx, const struct xs_node *n,
                         uint32_t arg, struct xs_buf *out);

/* The read operations: fn reports on a node c may read. */
static int read_op(struct xs_conn *c, uint32_t tx_id, const char *path,
                   report_fn fn, uint32_t arg, struct xs_buf *out)
{
    char abs[ABS_SIZE];
    struct xs_node *n;
    struct xs_tx *tx;
    int rc = begin(c, tx_id, path, abs, &tx);

    if (rc)
        return rc;
    out->len = 0;
    rc = get_node(tx, abs, XS_PERM_READ, &n);
    if (!rc)
        rc = fn(tx, n, arg, out);
    return xs_op_end(tx, rc);
}

static int value_of(struct xs_tx *tx, const struct xs_node *n, uint32_t arg,
                    struct xs_buf *out)
{
    (void)tx, (void)arg;
    xs_buf_put(out, n->value, n->len);  /* fits: values are capped */
    return 0;
}

static int put_child(void *arg, const char *name)
{
    return xs_buf_put_str(arg, name) ? 0 : -XEN_E2BIG;
}

static int children_of(struct xs_tx *tx, const struct xs_node *n,
                       uint32_t arg, struct xs_buf *out)
{
    (void)arg;
    return xs_tx_children(tx, n->path, put_child, out);
}

/* The part of the children list (NUL-terminated names) from 'offset'. */
struct part {
    struct xs_buf *out;
    uint32_t offset;            /* first byte of the whole list wanted */
    uint32_t pos;               /* bytes of the whole list seen so far */
};

static int put_child_part(void *arg, const char *name)
{
    struct part *p = arg;
    uint32_t len = (uint32_t)strlen(name) + 1;

    p->pos += len;
    if (p->pos - len < p->offset)
        return 0;               /* before the part asked for */
    /* Keep a byte for the end marker; a name that does not fit waits. */
    if (p->out->len + len + 1 > sizeof(p->out->data))
        return 1;
    xs_buf_put_str(p->out, name);
    return 0;
}

/*
 * DIRECTORY_PART (xenstore.txt): "<gencnt>|" then the names from byte
 * 'offset' of the whole list, and an empty name once the list is done.
 */
static int children_part(struct xs_tx *tx, const struct xs_node *n,
                         uint32_t offset, struct xs_buf *out)
{
    struct part p = { .out = out, .offset = offset };
    char gen[24];
    int rc;

    snprintf(gen, sizeof(gen), "%lu", (unsigned long)n->gen);
    xs_buf_put_str(out, gen);
    rc = xs_tx_children(tx, n->path, put_child_part, &p);
    if (rc < 0)
        return rc;
    if (rc == 0)
        xs_buf_put_str(out, "");
    return 0;
}

static int perms_of(struct xs_tx *tx, const struct xs_node *n, uint32_t arg,
                    struct xs_buf *out)
{
    (void)tx, (void)arg;
    return xs_perms_format(n->perms, n->nperms, out);
}

int xs_read(struct xs_conn *c, uint32_t tx_id, const char *path,
            struct xs_buf *out)
{
    return read_op(c, tx_id, path, value_of, 0, out);
}

int xs_directory(struct xs_conn *c, uint32_t tx_id, const char *path,
                 struct xs_buf *out)
{
    return read_op(c, tx_id, path, children_of, 0, out);
}

int xs_directory_part(struct xs_conn *c, uint32_t tx_id, const char *path,
                      uint32_t offset, struct xs_buf *out)
{
    return read_op(c, tx_id, path, children_part, offset, out);
}

int xs_get_perms(struct xs_conn *c, uint32_t tx_id, const char *path,
                 struct xs_buf *out)
{
    return read_op(c, tx_id, path, perms_of, 0, out);
}

/*
 * write and mkdir: create the node if missing; otherwise it must be
 * writable, and write replaces its value while mkdir leaves it be.
 */
static int write_op(struct xs_conn *c, uint32_t tx_id, const char *path,
                    const void *value, uint32_t len, bool replace)
{
    char abs[ABS_SIZE];
    struct xs_node *n;
    struct xs_tx *tx;
    int rc = begin(c, tx_id, path, abs, &tx);

    if (rc)
        return rc;
    rc = xs_tx_get(tx, abs, &n);
    if (!rc && n->absent)
        rc = create(tx, abs, value, len);
    else if (!rc && !xs_perm_allows(c->domid, n->perms, n->nperms,
                                    XS_PERM_WRITE))
        rc = -XEN_EACCES;
    else if (!rc && replace)
        rc = xs_tx_write(tx, n, value, len, n->perms, n->nperms, FIRE_NODE);
    return xs_op_end(tx, rc);
}

int xs_write(struct xs_conn *c, uint32_t tx_id, const char *path,
             const void *value, uint32_t len)
{
    if (len > XENSTORE_PAYLOAD_MAX ||
        (!xs_conn_privileged(c) && len > c->st->quota.value_size))
        return -XEN_ENOSPC;
    return write_op(c, tx_id, path, value, len, true);
}

int xs_mkdir(struct xs_conn *c, uint32_t tx_id, const char *path)
{
    return write_op(c, tx_id, path, "", 0, false);
}

static int parent_copy(struct xs_tx *tx, const char *abs,
                       struct xs_node **parent)
{
    char path[ABS_SIZE];

    xs_path_parent(abs, path, sizeof(path));
    return xs_tx_get(tx, path, parent);
}

int xs_rm(struct xs_conn *c, uint32_t tx_id, const char *path)
{
    char abs[ABS_SIZE];
    struct xs_node *n, *parent;
    struct xs_tx *tx;
    int rc = begin(c, tx_id, path, abs, &tx);

    if (rc)
        return rc;
    if (!strcmp(abs, "/"))
        return xs_op_end(tx, -XEN_EINVAL);
    rc = get_node(tx, abs, XS_PERM_WRITE, &n);
    if (rc == -XEN_ENOENT) {
        /* xenstored: removing a missing node whose parent exists is OK. */
        rc = parent_copy(tx, abs, &parent);
        if (!rc && parent->absent)
            rc = -XEN_ENOENT;
    } else if (!rc) {
        rc = parent_copy(tx, abs, &parent);
        if (!rc) {
            xs_tx_children_changed(parent);
            rc = xs_tx_delete(tx, abs);
        }
    }
    return xs_op_end(tx, rc);
}

/*
 * Only the owner (or dom0) may change a node's permissions.  An owner
 * giving a node away may not push the new owner past its node quota.
 */
static int set_perms_on(struct xs_tx *tx, const char *abs,
                        const struct xs_perm *perms, uint32_t nperms)
{
    struct xs_conn *c = tx->conn;
    struct xs_node *n;
    int rc = get_node(tx, abs, XS_PERM_WRITE, &n);

    if (rc)
        return rc;
    if (!xs_conn_privileged(c) && n->perms[0].domid != c->domid)
        return -XEN_EACCES;
    if (!xs_conn_privileged(c) && perms[0].domid != c->domid &&
        !xs_domain_has_room(c->st, perms[0].domid, 1))
        return -XEN_ENOSPC;
    return xs_tx_write(tx, n, n->value, n->len, perms, nperms, FIRE_NODE);
}

int xs_set_perms(struct xs_conn *c, uint32_t tx_id, const char *path,
                 const char *list, uint32_t len)
{
    char abs[ABS_SIZE];
    struct xs_perm *perms;
    struct xs_tx *tx;
    uint32_t nperms;
    int rc = xs_perms_parse(list, len, &perms, &nperms);

    if (rc)
        return rc;
    if (!xs_conn_privileged(c) && nperms - 1 > c->st->quota.perms)
        rc = -XEN_ENOSPC;
    if (!rc)
        rc = begin(c, tx_id, path, abs, &tx);
    if (!rc)
        rc = xs_op_end(tx, set_perms_on(tx, abs, perms, nperms));
    tools_free(perms);
    return rc;
}
