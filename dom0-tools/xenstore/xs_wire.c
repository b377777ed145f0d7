/*
 * The xenstore wire protocol (io/xs_wire.h) on a connection's byte
 * stream: reassembling struct xsd_sockmsg requests, checking their
 * arguments, calling the operation and queueing the reply.
 *
 * Every malformed request is answered, never trusted: a payload over
 * XENSTORE_PAYLOAD_MAX gets E2BIG (and its bytes are skipped as they
 * come, so the stream stays in step), arguments not NUL-terminated or of
 * the wrong count get EINVAL, an unknown type EINVAL, a type we do not
 * serve ENOSYS.  Replies echo req_id and tx_id; errors are XS_ERROR with
 * the error's name ("EINVAL\0").
 */
#include "xs_internal.h"

#define MAX_ARGS 4
#define REPLIED  1              /* a handler queued its reply itself */

struct xs_request {
    const struct xsd_sockmsg *hdr;
    const char *payload;
    const char *argv[MAX_ARGS];     /* the NUL-terminated strings */
    unsigned int argc;
};

/* Splits the payload into strings; false if a byte is left unterminated. */
static bool split_args(struct xs_request *rq)
{
    uint32_t off = 0, len = rq->hdr->len, n;

    rq->argc = 0;
    while (off < len) {
        n = (uint32_t)strnlen(rq->payload + off, len - off);
        if (off + n == len)
            return false;
        if (rq->argc < MAX_ARGS)
            rq->argv[rq->argc] = rq->payload + off;
        rq->argc++;
        off += n + 1;
    }
    return true;
}

static bool parse_u64(const char *s, uint64_t *out)
{
    const char *end;
    unsigned long v;

    if (s[0] < '0' || s[0] > '9' || !parse_ulong(s, &end, &v) || *end)
        return false;
    *out = v;
    return true;
}

static bool parse_domid(const char *s, domid_t *out)
{
    uint64_t v;

    if (!parse_u64(s, &v) || v > 0xffff)
        return false;
    *out = (domid_t)v;
    return true;
}

static int ok(struct xs_buf *reply)
{
    reply->len = 0;
    xs_buf_put_str(reply, "OK");
    return 0;
}

static int do_read(struct xs_conn *c, const struct xs_request *rq,
                   struct xs_buf *reply)
{
    return xs_read(c, rq->hdr->tx_id, rq->argv[0], reply);
}

static int do_directory(struct xs_conn *c, const struct xs_request *rq,
                        struct xs_buf *reply)
{
    return xs_directory(c, rq->hdr->tx_id, rq->argv[0], reply);
}

static int do_directory_part(struct xs_conn *c, const struct xs_request *rq,
                             struct xs_buf *reply)
{
    uint64_t offset;

    if (!parse_u64(rq->argv[1], &offset) || offset > UINT32_MAX)
        return -XEN_EINVAL;
    return xs_directory_part(c, rq->hdr->tx_id, rq->argv[0],
                             (uint32_t)offset, reply);
}

static int do_get_perms(struct xs_conn *c, const struct xs_request *rq,
                        struct xs_buf *reply)
{
    return xs_get_perms(c, rq->hdr->tx_id, rq->argv[0], reply);
}

/* WRITE is "PATH\0" then the value's bytes, which need no NUL. */
static int do_write(struct xs_conn *c, const struct xs_request *rq,
                    struct xs_buf *reply)
{
    const char *path = rq->payload;
    uint32_t plen = (uint32_t)strnlen(path, rq->hdr->len);

    if (plen == rq->hdr->len)
        return -XEN_EINVAL;
    return xs_write(c, rq->hdr->tx_id, path, path + plen + 1,
                    rq->hdr->len - plen - 1) ?: ok(reply);
}

static int do_mkdir(struct xs_conn *c, const struct xs_request *rq,
                    struct xs_buf *reply)
{
    return xs_mkdir(c, rq->hdr->tx_id, rq->argv[0]) ?: ok(reply);
}

static int do_rm(struct xs_conn *c, const struct xs_request *rq,
                 struct xs_buf *reply)
{
    return xs_rm(c, rq->hdr->tx_id, rq->argv[0]) ?: ok(reply);
}

static int do_set_perms(struct xs_conn *c, const struct xs_request *rq,
                        struct xs_buf *reply)
{
    const char *list;

    if (rq->argc < 2)
        return -XEN_EINVAL;     /* a path and at least one entry */
    list = rq->argv[0] + strlen(rq->argv[0]) + 1;
    return xs_set_perms(c, rq->hdr->tx_id, rq->argv[0], list,
                        rq->hdr->len - (uint32_t)(list - rq->payload))
           ?: ok(reply);
}

/* The OK goes out before the initial event, as xenstored sends them. */
static int do_watch(struct xs_conn *c, const struct xs_request *rq,
                    struct xs_buf *reply)
{
    struct xs_watch *w;
    int rc = xs_watch_register(c, rq->argv[0], rq->argv[1], &w);

    if (rc)
        return rc;
    ok(reply);
    xs_conn_queue(c, XS_WATCH, rq->hdr->req_id, rq->hdr->tx_id, reply->data,
                  reply->len);
    xs_watch_initial_event(w);
    return REPLIED;
}

static int do_unwatch(struct xs_conn *c, const struct xs_request *rq,
                      struct xs_buf *reply)
{
    return xs_unwatch(c, rq->argv[0], rq->argv[1]) ?: ok(reply);
}

static int do_reset_watches(struct xs_conn *c, const struct xs_request *rq,
                            struct xs_buf *reply)
{
    (void)rq;
    xs_reset_watches(c);
    return ok(reply);
}

static int do_transaction_start(struct xs_conn *c, const struct xs_request *rq,
                                struct xs_buf *reply)
{
    char id[16];
    uint32_t tx;
    int rc;

    if (rq->hdr->tx_id)
        return -XEN_EBUSY;      /* no nested transactions */
    rc = xs_transaction_start(c, &tx);
    if (rc)
        return rc;
    snprintf(id, sizeof(id), "%u", tx);
    reply->len = 0;
    xs_buf_put_str(reply, id);
    return 0;
}

/* The transaction is the header's tx_id; the argument is "T" or "F". */
static int do_transaction_end(struct xs_conn *c, const struct xs_request *rq,
                              struct xs_buf *reply)
{
    bool commit = !strcmp(rq->argv[0], "T");

    if (!commit && strcmp(rq->argv[0], "F"))
        return -XEN_EINVAL;
    return xs_transaction_end(c, rq->hdr->tx_id, commit) ?: ok(reply);
}

static int do_introduce(struct xs_conn *c, const struct xs_request *rq,
                        struct xs_buf *reply)
{
    uint64_t mfn, port;
    domid_t domid;

    if (!parse_domid(rq->argv[0], &domid) || !parse_u64(rq->argv[1], &mfn) ||
        !parse_u64(rq->argv[2], &port) || port > UINT32_MAX)
        return -XEN_EINVAL;
    return xs_introduce(c, domid, mfn, (uint32_t)port) ?: ok(reply);
}

static int do_release(struct xs_conn *c, const struct xs_request *rq,
                      struct xs_buf *reply)
{
    domid_t domid;

    if (!parse_domid(rq->argv[0], &domid))
        return -XEN_EINVAL;
    return xs_release(c, domid) ?: ok(reply);
}

static int do_get_domain_path(struct xs_conn *c, const struct xs_request *rq,
                              struct xs_buf *reply)
{
    domid_t domid;

    if (!parse_domid(rq->argv[0], &domid))
        return -XEN_EINVAL;
    return xs_get_domain_path(c, domid, reply);
}

static int do_is_domain_introduced(struct xs_conn *c,
                                   const struct xs_request *rq,
                                   struct xs_buf *reply)
{
    domid_t domid;

    if (!parse_domid(rq->argv[0], &domid))
        return -XEN_EINVAL;
    reply->len = 0;
    xs_buf_put_str(reply, xs_is_introduced(c->st, domid) ? "T" : "F");
    return 0;
}

/*
 * One entry per message type: its handler and how many NUL-terminated
 * strings it takes (0: checked by the handler); 'reserved' where
 * xenstore.txt reserves further strings after those ("|?"), which are
 * then ignored.  A type without a handler is answered ENOSYS if it is a
 * request we do not serve, EINVAL if it is not a request at all.
 */
static const struct {
    int (*fn)(struct xs_conn *c, const struct xs_request *rq,
              struct xs_buf *reply);
    unsigned int nargs;
    bool reserved;
} handlers[XS_TYPE_COUNT] = {
    [XS_DIRECTORY]          = { do_directory, 1, false },
    [XS_READ]               = { do_read, 1, false },
    [XS_GET_PERMS]          = { do_get_perms, 1, false },
    [XS_WATCH]              = { do_watch, 2, true },
    [XS_UNWATCH]            = { do_unwatch, 2, true },
    [XS_TRANSACTION_START]  = { do_transaction_start, 1, false },
    [XS_TRANSACTION_END]    = { do_transaction_end, 1, false },
    [XS_INTRODUCE]          = { do_introduce, 3, true },
    [XS_RELEASE]            = { do_release, 1, false },
    [XS_GET_DOMAIN_PATH]    = { do_get_domain_path, 1, false },
    [XS_WRITE]              = { do_write, 0, false },
    [XS_MKDIR]              = { do_mkdir, 1, false },
    [XS_RM]                 = { do_rm, 1, false },
    [XS_SET_PERMS]          = { do_set_perms, 0, false },
    [XS_IS_DOMAIN_INTRODUCED] = { do_is_domain_introduced, 1, false },
    [XS_RESET_WATCHES]      = { do_reset_watches, 1, false },
    [XS_DIRECTORY_PART]     = { do_directory_part, 2, false },
};

static bool is_unserved_request(uint32_t type)
{
    return type == XS_CONTROL || type == XS_RESUME || type == XS_SET_TARGET;
}

static bool arg_count_ok(uint32_t type, unsigned int argc)
{
    unsigned int want = handlers[type].nargs;

    return !want || argc == want || (handlers[type].reserved && argc > want);
}

static int call_handler(struct xs_conn *c, struct xs_request *rq,
                        struct xs_buf *reply)
{
    uint32_t type = rq->hdr->type;

    if (type >= XS_TYPE_COUNT || !handlers[type].fn)
        return is_unserved_request(type) ? -XEN_ENOSYS : -XEN_EINVAL;
    if (handlers[type].fn != do_write && !split_args(rq))
        return -XEN_EINVAL;     /* a string without its NUL */
    if (!arg_count_ok(type, rq->argc))
        return -XEN_EINVAL;
    return handlers[type].fn(c, rq, reply);
}

static void dispatch(struct xs_conn *c, const struct xsd_sockmsg *hdr,
                     const char *payload)
{
    struct xs_request rq = { .hdr = hdr, .payload = payload };
    struct xs_buf *reply = tools_zalloc(sizeof(*reply));
    const char *name;
    int rc;

    if (!reply) {
        xs_conn_queue(c, XS_ERROR, hdr->req_id, hdr->tx_id, "ENOMEM", 7);
        return;
    }
    rc = call_handler(c, &rq, reply);
    if (rc < 0) {
        name = xs_error_name(rc);
        xs_conn_queue(c, XS_ERROR, hdr->req_id, hdr->tx_id, name,
                      (uint32_t)strlen(name) + 1);
    } else if (rc != REPLIED) {
        xs_conn_queue(c, hdr->type, hdr->req_id, hdr->tx_id, reply->data,
                      reply->len);
    }
    tools_free(reply);
}

/* Header complete: refuse an oversize payload, or dispatch an empty one. */
static void header_done(struct xs_conn *c)
{
    struct xs_input *in = &c->in;
    const char *name = xs_error_name(-XEN_E2BIG);

    if (in->hdr.len > XENSTORE_PAYLOAD_MAX) {
        xs_conn_queue(c, XS_ERROR, in->hdr.req_id, in->hdr.tx_id, name,
                      (uint32_t)strlen(name) + 1);
        in->discard = in->hdr.len;
        in->hdr_have = 0;
    } else if (in->hdr.len == 0) {
        dispatch(c, &in->hdr, in->payload);
        in->hdr_have = 0;
    }
}

/* Takes bytes for the message being assembled; returns how many. */
static uint32_t input_step(struct xs_conn *c, const char *p, uint32_t n)
{
    struct xs_input *in = &c->in;
    uint32_t k;

    if (in->discard) {
        k = MIN(n, in->discard);
        in->discard -= k;
        return k;
    }
    if (in->hdr_have < sizeof(in->hdr)) {
        k = MIN(n, (uint32_t)sizeof(in->hdr) - in->hdr_have);
        memcpy((char *)&in->hdr + in->hdr_have, p, k);
        in->hdr_have += k;
        if (in->hdr_have == sizeof(in->hdr))
            header_done(c);
        return k;
    }
    k = MIN(n, in->hdr.len - in->have);
    memcpy(in->payload + in->have, p, k);
    in->have += k;
    if (in->have == in->hdr.len) {
        dispatch(c, &in->hdr, in->payload);
        in->hdr_have = in->have = 0;
    }
    return k;
}

uint32_t xs_conn_input(struct xs_conn *c, const void *data, uint32_t len)
{
    uint32_t used = 0;

    /* A client that does not read its replies stops being served. */
    while (used < len && c->out_replies < XS_MAX_QUEUED_REPLIES)
        used += input_step(c, (const char *)data + used, len - used);
    return used;
}
