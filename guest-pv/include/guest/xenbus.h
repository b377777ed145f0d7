/*
 * The guest's xenstore client (kernel/xenbus*.c): requests on the
 * domain's store ring (start_info store_mfn / store_evtchn, served by
 * dom0's toolstack), in xs_wire.h's format, one at a time.
 *
 * Every call returns 0 (or a length, where it says) or a negative Xen
 * errno: the one the store answered (XS_ERROR "EACCES" -> -XEN_EACCES),
 * -XEN_ENODEV when there is no store ring (dom0, or a domain built by
 * the hypervisor), -XEN_ETIMEDOUT when no reply came within
 * XENBUS_TIMEOUT_NS, -XEN_E2BIG when a request or reply does not fit.
 * Paths are absolute or relative to the domain's home
 * /local/domain/<id>.  tx is 0, or an id from xenbus_transaction_start.
 *
 * Not reentrant: one thread uses the client (the self-test does).
 */
#ifndef GUEST_XENBUS_H
#define GUEST_XENBUS_H

#include <guest/lib.h>

/* A reply that does not come in this long is given up on. */
#define XENBUS_TIMEOUT_NS (10ull * 1000 * 1000 * 1000)

/* Finds the ring and binds its port; -XEN_ENODEV when there is none. */
int xenbus_init(void);

/*
 * The node's value, NUL-terminated, in buf; returns its length.
 * -XEN_E2BIG when it does not fit in size - 1 bytes.
 */
int xenbus_read(uint32_t tx, const char *path, char *buf, size_t size);
int xenbus_write(uint32_t tx, const char *path, const char *value);
int xenbus_mkdir(uint32_t tx, const char *path);
int xenbus_rm(uint32_t tx, const char *path);

/* The children's names, each NUL-terminated; returns the bytes used. */
int xenbus_directory(uint32_t tx, const char *path, char *buf,
                     size_t size);

/*
 * Permissions as on the wire, entries NUL-terminated: "n1\0r0\0" (the
 * first entry names the owner and everyone else's access).  get returns
 * the bytes used.
 */
int xenbus_get_perms(uint32_t tx, const char *path, char *buf,
                     size_t size);
int xenbus_set_perms(uint32_t tx, const char *path, const char *perms,
                     size_t len);

/*
 * Watches.  The handler runs in the caller's thread (never in the
 * upcall) whenever the client reads an XS_WATCH_EVENT: during any
 * request, or in xenbus_wait_watch().  The store fires a watch once on
 * registration, then on every change at or below its path.
 */
typedef void (*xenbus_watch_fn)(const char *path, const char *token,
                                void *data);
void xenbus_set_watch_handler(xenbus_watch_fn fn, void *data);
int xenbus_watch(const char *path, const char *token);
int xenbus_unwatch(const char *path, const char *token);

/*
 * Reads messages until one watch event has been handled (0), or
 * -XEN_ETIMEDOUT after timeout_ns.
 */
int xenbus_wait_watch(uint64_t timeout_ns);

/* -XEN_EAGAIN from end(commit) means a conflict: start again. */
int xenbus_transaction_start(uint32_t *tx);
int xenbus_transaction_end(uint32_t tx, bool commit);

/* "/local/domain/<domid>" in buf; returns its length. */
int xenbus_get_domain_path(uint32_t domid, char *buf, size_t size);

#endif /* GUEST_XENBUS_H */
