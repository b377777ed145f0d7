/*
 * The store's internal structures (dom0-tools/xenstore only).
 *
 * Nodes live in a flat table keyed by their absolute path: a node's
 * children are the nodes whose path is its own plus one component.  A
 * transaction keeps its own table of copies of every node it touched
 * (present or absent), so its reads and writes are isolated; committing
 * checks that none of those nodes changed since it copied them (their
 * generation), then applies the copies it modified.  Operations outside a
 * transaction run in a short-lived one that commits at once, so there is
 * one code path for both.
 */
#ifndef XS_INTERNAL_H
#define XS_INTERNAL_H

#include <abi/xen.h>
#include <xen/errno.h>
#include <hv/lib.h>
#include <tools/env.h>
#include <tools/xs_store.h>

#define XS_BUCKETS          256
#define XS_DOMAIN_PATH      "/local/domain"
#define XS_PRIV_DOMID       0

/* Reply/event backlog per connection before it is made to wait. */
#define XS_MAX_QUEUED_REPLIES   16
#define XS_MAX_QUEUED_EVENTS    256

/* Permission bits (xenstore.txt): n, r, w, b = r|w. */
#define XS_PERM_NONE    0
#define XS_PERM_READ    1
#define XS_PERM_WRITE   2
#define XS_PERM_BOTH    (XS_PERM_READ | XS_PERM_WRITE)

struct xs_perm {
    domid_t domid;
    uint8_t perm;
};

/* What a transaction did to its copy of a node. */
enum xs_tx_state {
    TX_READ,            /* only looked at: checked at commit, not applied */
    TX_CHILDREN,        /* a child was added or removed: new generation */
    TX_WRITTEN,         /* value or permissions set (or created) */
    TX_DELETED,         /* removed */
};

/* Which watches a change fires (see xs_watch.c). */
enum xs_fire { FIRE_NONE, FIRE_NODE, FIRE_TREE };

struct xs_node {
    struct xs_node *hnext;          /* hash chain */
    struct xs_node *prev, *next;    /* table order (insertion) */
    char *path;
    char *value;
    uint32_t len;
    struct xs_perm *perms;          /* perms[0]: owner and default */
    uint32_t nperms;
    /*
     * In the store: generation of the last change (never 0).  In a
     * transaction: the store's generation when copied, 0 if it was absent.
     */
    uint64_t gen;
    /* Transaction copies only. */
    bool absent;
    enum xs_tx_state state;
    enum xs_fire fire;
};

struct xs_table {
    struct xs_node *bucket[XS_BUCKETS];
    struct xs_node *first, *last;
    unsigned int count;
};

struct xs_domain {
    struct xs_domain *next;
    domid_t domid;
    unsigned int nodes;             /* nodes it owns (quota) */
    bool introduced;
    uint64_t mfn;                   /* ring page, as introduced */
    uint32_t port;                  /* event channel, as introduced */
    struct xs_conn *conn;           /* its ring connection */
};

struct xs_tx {
    struct xs_tx *next;
    uint32_t id;                    /* 0: an implicit one-operation tx */
    struct xs_conn *conn;
    struct xs_table nodes;
    int node_delta;                 /* nodes owned by conn's domain +- */
    bool failed;                    /* an operation ran out of memory */
};

/* One queued outgoing message (header and payload), sent from 'sent' on. */
struct xs_msg {
    struct xs_msg *next;
    uint32_t len;
    uint32_t sent;
    bool event;
    char data[];
};

/* Reassembly of one incoming message. */
struct xs_input {
    struct xsd_sockmsg hdr;
    uint32_t hdr_have;
    uint32_t have;                  /* payload bytes so far */
    uint32_t discard;               /* payload bytes of an oversize message */
    char payload[XENSTORE_PAYLOAD_MAX];
};

struct xs_conn {
    struct xs_conn *next;
    struct xs_store *st;
    domid_t domid;
    struct xs_tx *txs;
    unsigned int ntx;
    unsigned int nwatches;
    struct xs_msg *out_first, *out_last;
    unsigned int out_replies, out_events;
    unsigned int events_dropped;
    bool ring_broken;
    struct xs_input in;
};

struct xs_watch {
    struct xs_watch *next;
    struct xs_conn *conn;
    char *path;                     /* as the client gave it */
    char *abs;                      /* absolute (or special "@...") */
    char *token;
};

struct xs_store {
    struct xs_table nodes;
    uint64_t gen;                   /* last generation handed out */
    uint32_t next_tx;
    struct xs_quota quota;
    struct xs_domain *domains;
    struct xs_conn *conns;
    struct xs_watch *watches;
};

/* xs_table.c */
struct xs_node *xs_table_find(const struct xs_table *t, const char *path);
void xs_table_insert(struct xs_table *t, struct xs_node *n);
void xs_table_remove(struct xs_table *t, struct xs_node *n);
void xs_table_clear(struct xs_table *t);   /* frees every node */
void xs_node_free(struct xs_node *n);
/* A node with a copy of path (value and perms empty), or NULL. */
struct xs_node *xs_node_new(const char *path);
/* Replaces n's value and perms with copies; -XEN_ENOMEM leaves n alone. */
int xs_node_set(struct xs_node *n, const char *value, uint32_t len,
                const struct xs_perm *perms, uint32_t nperms);

/* xs_path.c */
bool xs_is_special(const char *path);
/* 'path' is 'parent' or below it (component-wise). */
bool xs_path_within(const char *path, const char *parent);
/* 'path' is a direct child of 'parent'. */
bool xs_path_is_child(const char *path, const char *parent);
/* The parent path of path (not "/") into buf[size]. */
void xs_path_parent(const char *path, char *buf, size_t size);
/*
 * Makes 'path' absolute for c into buf[size] (XENSTORE_ABS_PATH_MAX + 1)
 * and validates it; 'special' allows "@..." names (watches).
 */
int xs_path_canonical(const struct xs_conn *c, const char *path,
                      bool special, char *buf, size_t size);
void xs_domain_path(domid_t domid, char *buf, size_t size);

/* xs_perms.c */
bool xs_conn_privileged(const struct xs_conn *c);
/* True if c may 'want' (XS_PERM_READ/WRITE) on a node with these perms. */
bool xs_perm_allows(domid_t domid, const struct xs_perm *p, uint32_t n,
                    unsigned int want);
/* Parses the wire list "r0\0w3\0" (NUL-terminated entries) into *out. */
int xs_perms_parse(const char *s, uint32_t len, struct xs_perm **out,
                   uint32_t *n);
int xs_perms_format(const struct xs_perm *p, uint32_t n, struct xs_buf *out);

/* xs_tx.c: a transaction's view of the tree */
struct xs_tx *xs_tx_new(struct xs_conn *c, uint32_t id);
void xs_tx_free(struct xs_tx *tx);
struct xs_tx *xs_tx_find(struct xs_conn *c, uint32_t id);
/*
 * Sets *copy to tx's copy of the node at path, copying it from the store
 * on first access; (*copy)->absent when there is no such node.
 */
int xs_tx_get(struct xs_tx *tx, const char *path, struct xs_node **copy);
/* Gives a copy (present or not) this value and these permissions. */
int xs_tx_write(struct xs_tx *tx, struct xs_node *copy, const char *value,
                uint32_t len, const struct xs_perm *perms, uint32_t nperms,
                enum xs_fire fire);
/* Records that a child of this (present) copy appeared or went. */
void xs_tx_children_changed(struct xs_node *copy);
/* Calls fn for each child name of path as tx sees it. */
int xs_tx_children(struct xs_tx *tx, const char *path,
                   int (*fn)(void *arg, const char *name), void *arg);
/* Removes path (present in tx) and everything below it from tx's view. */
int xs_tx_delete(struct xs_tx *tx, const char *path);
/* Checks for conflicts (-XEN_EAGAIN), applies, fires; frees tx either way. */
int xs_tx_commit(struct xs_tx *tx);

/* xs_transaction.c */
/* The transaction an operation runs in: c's tx_id, or a new implicit one. */
int xs_op_begin(struct xs_conn *c, uint32_t tx_id, struct xs_tx **tx);
/* Ends an operation: commits an implicit transaction if rc is 0. */
int xs_op_end(struct xs_tx *tx, int rc);

/* xs_domain.c */
struct xs_domain *xs_domain_get(struct xs_store *st, domid_t domid,
                                bool create);
/* Moves node accounting: owner of a node that appears/disappears. */
void xs_account_node(struct xs_store *st, const struct xs_node *n, int delta);
/* Whether c's domain may own 'extra' more nodes (always, for dom0). */
bool xs_node_quota_ok(struct xs_conn *c, int extra);
/* Whether domain 'domid' may own 'extra' more nodes. */
bool xs_domain_has_room(struct xs_store *st, domid_t domid, int extra);

/* xs_watch.c */
/* Queues events for a change at path (perms: the node's, for access). */
void xs_fire(struct xs_store *st, const char *path, enum xs_fire how,
             const struct xs_perm *perms, uint32_t nperms);
void xs_watches_drop(struct xs_conn *c);
/* xs_watch() in two steps, so the wire layer can reply in between. */
int xs_watch_register(struct xs_conn *c, const char *path, const char *token,
                      struct xs_watch **w);
void xs_watch_initial_event(struct xs_watch *w);

/* xs_conn.c */
/* Queues a message; replies always, events up to XS_MAX_QUEUED_EVENTS. */
int xs_conn_queue(struct xs_conn *c, uint32_t type, uint32_t req_id,
                  uint32_t tx_id, const void *payload, uint32_t len);

/* xs_buf helpers (xs_conn.c): false when the buffer would overflow. */
bool xs_buf_put(struct xs_buf *b, const void *data, uint32_t len);
bool xs_buf_put_str(struct xs_buf *b, const char *s);   /* with its NUL */

#endif /* XS_INTERNAL_H */
