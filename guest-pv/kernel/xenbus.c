/*
 * The store client's messages (guest/xenbus.h): each request is an
 * xsd_sockmsg header and its payload on the ring (xenbus_ring.c); the
 * reply is the next message carrying the request's req_id.  Watch events
 * (XS_WATCH_EVENT, req_id 0) may come before it and go to the watch
 * handler; a reply with another req_id answers a request given up on
 * (timed out) and is dropped.  XS_ERROR replies carry xsd_errors' name
 * of a Xen errno ("EACCES"), mapped back by the store library's table
 * (xs_error_number), the one the store answers with.
 *
 * A stream cut in the middle of a message (a timeout after part of it,
 * a broken ring) cannot be resynchronised: the client then answers
 * -XEN_EIO to everything.
 */
#include <abi/xen.h>
#include <xen/errno.h>
#include <xen/io/xs_wire.h>
#include <hv/lib.h>
#include <tools/xs_store.h>
#include <guest/time.h>
#include <guest/xenbus.h>
#include "xenbus_ring.h"

/* A piece of a request's payload. */
struct part {
    const void *data;
    size_t len;
};

static uint32_t last_req_id;
static bool broken;
static xenbus_watch_fn watch_fn;
static void *watch_data;
static unsigned long watch_events;      /* handled since boot */

/* The last message's payload, NUL-terminated. */
static char payload[XENSTORE_PAYLOAD_MAX + 1];

int xenbus_init(void)
{
    return xb_ring_init();
}

void xenbus_set_watch_handler(xenbus_watch_fn fn, void *data)
{
    watch_fn = fn;
    watch_data = data;
}

/* A failure in mid-message leaves the stream unusable. */
static int cut(int rc)
{
    broken = true;
    return rc;
}

/*
 * Reads one message into *h and payload.  -XEN_ETIMEDOUT before its
 * header leaves the stream whole.
 */
static int read_msg(struct xsd_sockmsg *h, uint64_t deadline)
{
    int rc = xb_ring_read_whole(h, sizeof(*h), deadline);

    if (rc)
        return rc == -XEN_ETIMEDOUT ? rc : cut(rc);
    if (h->len > XENSTORE_PAYLOAD_MAX)
        return cut(-XEN_EIO);
    rc = xb_ring_read(payload, h->len, deadline);
    if (rc)
        return cut(rc);
    payload[h->len] = '\0';
    return 0;
}

/* "PATH\0TOKEN\0" to the handler; a malformed event is dropped. */
static void deliver_watch(const struct xsd_sockmsg *h)
{
    size_t path_len = strnlen(payload, h->len);

    if (path_len >= h->len)
        return;
    watch_events++;
    if (watch_fn)
        watch_fn(payload, payload + path_len + 1, watch_data);
}

static int send_request(const struct xsd_sockmsg *h, const struct part *p,
                        unsigned int n, uint64_t deadline)
{
    unsigned int i;
    int rc = xb_ring_write(h, sizeof(*h), deadline);

    for (i = 0; !rc && i < n; i++)
        rc = xb_ring_write(p[i].data, p[i].len, deadline);
    return rc ? cut(rc) : 0;
}

/*
 * One request and its reply: the reply's payload length (payload holds
 * it), or the errno the store answered.
 */
static int request(uint32_t type, uint32_t tx, const struct part *p,
                   unsigned int n)
{
    struct xsd_sockmsg h = { .type = type, .tx_id = tx }, r;
    uint64_t deadline = time_now() + XENBUS_TIMEOUT_NS;
    unsigned int i;
    int rc;

    if (!xb_ring_ready())
        return -XEN_ENODEV;
    if (broken)
        return -XEN_EIO;
    for (i = 0; i < n; i++)
        h.len += p[i].len;
    if (h.len > XENSTORE_PAYLOAD_MAX)
        return -XEN_E2BIG;
    /* 0 is the req_id of watch events: never a request's. */
    h.req_id = ++last_req_id ? last_req_id : ++last_req_id;
    rc = send_request(&h, p, n, deadline);
    while (!rc) {
        rc = read_msg(&r, deadline);
        if (rc)
            break;
        if (r.type == XS_WATCH_EVENT)
            deliver_watch(&r);
        else if (r.req_id != h.req_id)
            continue;
        else if (r.type == XS_ERROR)
            return xs_error_number(payload);
        else
            return r.type == type ? (int)r.len : cut(-XEN_EIO);
    }
    return rc;
}

int xenbus_wait_watch(uint64_t timeout_ns)
{
    uint64_t deadline = time_now() + timeout_ns;
    unsigned long seen = watch_events;
    struct xsd_sockmsg r;
    int rc;

    if (!xb_ring_ready())
        return -XEN_ENODEV;
    while (!broken && watch_events == seen) {
        rc = read_msg(&r, deadline);
        if (rc)
            return rc;
        if (r.type == XS_WATCH_EVENT)
            deliver_watch(&r);
    }
    return broken ? -XEN_EIO : 0;
}

/* The reply's payload, NUL-terminated, in buf; returns its length. */
static int copy_reply(int len, char *buf, size_t size)
{
    if (len < 0)
        return len;
    if ((size_t)len >= size)
        return -XEN_E2BIG;
    memcpy(buf, payload, len + 1);
    return len;
}

/* A NUL-terminated string as a payload part, its NUL included. */
static struct part str(const char *s)
{
    return (struct part){ s, strlen(s) + 1 };
}

/* Requests whose reply is "OK": 0 on success. */
static int request_ok(uint32_t type, uint32_t tx, const struct part *p,
                      unsigned int n)
{
    int rc = request(type, tx, p, n);

    return rc < 0 ? rc : 0;
}

int xenbus_read(uint32_t tx, const char *path, char *buf, size_t size)
{
    struct part p = str(path);

    return copy_reply(request(XS_READ, tx, &p, 1), buf, size);
}

/* The value is sent without its NUL: the payload's length delimits it. */
int xenbus_write(uint32_t tx, const char *path, const char *value)
{
    struct part p[2] = { str(path), { value, strlen(value) } };

    return request_ok(XS_WRITE, tx, p, 2);
}

int xenbus_mkdir(uint32_t tx, const char *path)
{
    struct part p = str(path);

    return request_ok(XS_MKDIR, tx, &p, 1);
}

int xenbus_rm(uint32_t tx, const char *path)
{
    struct part p = str(path);

    return request_ok(XS_RM, tx, &p, 1);
}

int xenbus_directory(uint32_t tx, const char *path, char *buf, size_t size)
{
    struct part p = str(path);

    return copy_reply(request(XS_DIRECTORY, tx, &p, 1), buf, size);
}

int xenbus_get_perms(uint32_t tx, const char *path, char *buf, size_t size)
{
    struct part p = str(path);

    return copy_reply(request(XS_GET_PERMS, tx, &p, 1), buf, size);
}

int xenbus_set_perms(uint32_t tx, const char *path, const char *perms,
                     size_t len)
{
    struct part p[2] = { str(path), { perms, len } };

    return request_ok(XS_SET_PERMS, tx, p, 2);
}

int xenbus_watch(const char *path, const char *token)
{
    struct part p[2] = { str(path), str(token) };

    return request_ok(XS_WATCH, 0, p, 2);
}

int xenbus_unwatch(const char *path, const char *token)
{
    struct part p[2] = { str(path), str(token) };

    return request_ok(XS_UNWATCH, 0, p, 2);
}

/* The reply is the new transaction's id, in decimal. */
int xenbus_transaction_start(uint32_t *tx)
{
    struct part p = str("");
    unsigned long id;
    const char *end;
    int rc = request(XS_TRANSACTION_START, 0, &p, 1);

    if (rc < 0)
        return rc;
    if (!parse_ulong(payload, &end, &id) || *end || !id || id > UINT32_MAX)
        return -XEN_EIO;
    *tx = id;
    return 0;
}

int xenbus_transaction_end(uint32_t tx, bool commit)
{
    struct part p = str(commit ? "T" : "F");

    return request_ok(XS_TRANSACTION_END, tx, &p, 1);
}

int xenbus_get_domain_path(uint32_t domid, char *buf, size_t size)
{
    char id[12];
    struct part p;

    snprintf(id, sizeof(id), "%u", domid);
    p = str(id);
    return copy_reply(request(XS_GET_DOMAIN_PATH, 0, &p, 1), buf, size);
}
