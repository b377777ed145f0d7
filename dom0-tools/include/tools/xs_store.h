/*
 * The store: dom0's implementation of the xenstore service (Xen's
 * docs/misc/xenstore.txt and io/xs_wire.h).
 *
 * A tree of nodes, each with a value and permissions, served to clients
 * ("connections": a domain's ring, or a dom0 tool calling in directly).
 * Every operation below is what the wire message of the same name does;
 * tx is 0 outside a transaction.  They return 0 or a negative Xen errno,
 * the one xenstored answers with: -XEN_EINVAL (bad path or argument),
 * -XEN_ENOENT, -XEN_EACCES (permissions), -XEN_EEXIST, -XEN_ENOSPC (node,
 * value size, permission-list and transaction quotas), -XEN_E2BIG (watch
 * quota, reply too big), -XEN_EAGAIN (transaction conflict: retry),
 * -XEN_ENOMEM.
 *
 * Paths: absolute ("/local/domain/3/name") or relative to the caller's
 * home /local/domain/<domid>; characters [A-Za-z0-9/_@-], no "//", no
 * trailing '/'.  Domain 0 is privileged: it may do anything, everywhere.
 */
#ifndef TOOLS_XS_STORE_H
#define TOOLS_XS_STORE_H

#include <hv/types.h>
#include <abi/xen.h>
#include <xen/io/xs_wire.h>

struct xs_store;
struct xs_conn;

/* Per-domain quotas, as xenstored's defaults (dom0 is exempt). */
struct xs_quota {
    unsigned int nodes;         /* nodes a domain may own: 1000 */
    unsigned int watches;       /* watches per connection: 128 */
    unsigned int transactions;  /* open transactions per connection: 10 */
    unsigned int value_size;    /* bytes in one value: 2048 */
    unsigned int perms;         /* permission entries after the first: 5 */
    unsigned int path_len;      /* path bytes below /local/domain/<id>: 2048 */
    unsigned int tx_nodes;      /* nodes one transaction may touch: 1024 */
};

/* A reply payload: never more than the wire's maximum. */
struct xs_buf {
    uint32_t len;
    char data[XENSTORE_PAYLOAD_MAX];
};

/*
 * A new store holding "/", "/local", "/local/domain" and "/tool", owned
 * by dom0 and readable by no one else (as xenstored starts).  NULL when
 * out of memory.
 */
struct xs_store *xs_store_create(void);
void xs_store_destroy(struct xs_store *st);
struct xs_quota *xs_store_quota(struct xs_store *st);

/* A client connection for domain 'domid'; NULL when out of memory. */
struct xs_conn *xs_conn_create(struct xs_store *st, domid_t domid);
/* Drops the connection's watches, transactions and queued output. */
void xs_conn_destroy(struct xs_conn *c);

/* Node operations (tx: 0, or an id from xs_transaction_start). */
int xs_read(struct xs_conn *c, uint32_t tx, const char *path,
            struct xs_buf *out);
int xs_write(struct xs_conn *c, uint32_t tx, const char *path,
             const void *value, uint32_t len);
int xs_mkdir(struct xs_conn *c, uint32_t tx, const char *path);
int xs_rm(struct xs_conn *c, uint32_t tx, const char *path);
/* The children's names, each NUL-terminated. */
int xs_directory(struct xs_conn *c, uint32_t tx, const char *path,
                 struct xs_buf *out);
/*
 * The children from byte 'offset' of the whole list, for lists longer
 * than a message: "<generation>\0" then whole names while they fit, then
 * an empty name if the list ended (xenstore.txt DIRECTORY_PART).  The
 * generation changes when the node does, so a client can restart.
 */
int xs_directory_part(struct xs_conn *c, uint32_t tx, const char *path,
                      uint32_t offset, struct xs_buf *out);
/* The permission list as on the wire: "n0\0r3\0" (owner entry first). */
int xs_get_perms(struct xs_conn *c, uint32_t tx, const char *path,
                 struct xs_buf *out);
int xs_set_perms(struct xs_conn *c, uint32_t tx, const char *path,
                 const char *perms, uint32_t len);

/*
 * Watches: an event "PATH\0TOKEN\0" is queued on the connection for every
 * change at or below the watched path (and for the special paths
 * "@introduceDomain" and "@releaseDomain").  xs_watch also queues the
 * initial event xenstored sends on registration (on the wire it follows
 * the OK reply).
 */
int xs_watch(struct xs_conn *c, const char *path, const char *token);
int xs_unwatch(struct xs_conn *c, const char *path, const char *token);
/* Drops all of c's watches and aborts its transactions (xenstore.txt). */
void xs_reset_watches(struct xs_conn *c);

int xs_transaction_start(struct xs_conn *c, uint32_t *tx);
int xs_transaction_end(struct xs_conn *c, uint32_t tx, bool commit);

/* Domains (introduce and release: dom0 only). */
int xs_introduce(struct xs_conn *c, domid_t domid, uint64_t mfn,
                 uint32_t port);
int xs_release(struct xs_conn *c, domid_t domid);
int xs_get_domain_path(struct xs_conn *c, domid_t domid, struct xs_buf *out);
bool xs_is_introduced(struct xs_store *st, domid_t domid);
/*
 * Fires "@releaseDomain", which xenstore.txt promises on any domain crash
 * or shutdown as well as on release: dom0 calls it on VIRQ_DOM_EXC.
 */
void xs_domain_state_changed(struct xs_store *st);
/*
 * The ring connection of an introduced domain, or NULL.  xs_release()
 * frees it: ask again rather than keep the pointer across a release.
 */
struct xs_conn *xs_domain_conn(struct xs_store *st, domid_t domid);

/*
 * The wire protocol on a connection's byte stream: xs_conn_input() takes
 * request bytes (any split), answers each complete message and returns
 * how many bytes it took (fewer when the connection's reply backlog is
 * full: offer the rest later); xs_conn_output() copies out queued reply
 * and event bytes, returning how many.
 */
uint32_t xs_conn_input(struct xs_conn *c, const void *data, uint32_t len);
uint32_t xs_conn_output(struct xs_conn *c, void *buf, uint32_t len);
bool xs_conn_has_output(const struct xs_conn *c);

/*
 * Serves a domain's ring page (struct xenstore_domain_interface): takes
 * requests, puts replies and events.  Returns true when the other end
 * should be notified through the event channel.  A ring with impossible
 * indexes is marked broken (intf->error) and no longer served.
 */
bool xs_ring_service(struct xs_conn *c,
                     struct xenstore_domain_interface *intf);

/* "EINVAL" for -XEN_EINVAL, as xsd_errors names it (EINVAL if unknown). */
const char *xs_error_name(int err);
/*
 * The other way, for clients (the guest's xenbus): -XEN_EACCES for
 * "EACCES"; -XEN_EIO for a name xsd_errors does not hold.
 */
int xs_error_number(const char *name);

#endif /* TOOLS_XS_STORE_H */
