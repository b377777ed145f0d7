/*
 * Client connections and their outgoing queue.
 *
 * The queue is bounded so that a client which does not read cannot make
 * dom0 hold unbounded memory: it stops taking requests while
 * XS_MAX_QUEUED_REPLIES replies wait (xs_wire.c), and watch events past
 * XS_MAX_QUEUED_EVENTS are dropped and counted, with a log line.
 */
#include "xs_internal.h"

bool xs_buf_put(struct xs_buf *b, const void *data, uint32_t len)
{
    if (len > sizeof(b->data) - b->len)
        return false;
    memcpy(b->data + b->len, data, len);
    b->len += len;
    return true;
}

bool xs_buf_put_str(struct xs_buf *b, const char *s)
{
    return xs_buf_put(b, s, (uint32_t)strlen(s) + 1);
}

struct xs_conn *xs_conn_create(struct xs_store *st, domid_t domid)
{
    struct xs_conn *c = tools_zalloc(sizeof(*c));

    if (!c)
        return NULL;
    c->st = st;
    c->domid = domid;
    c->next = st->conns;
    st->conns = c;
    return c;
}

static void drop_output(struct xs_conn *c)
{
    struct xs_msg *m, *next;

    for (m = c->out_first; m; m = next) {
        next = m->next;
        tools_free(m);
    }
    c->out_first = c->out_last = NULL;
    c->out_replies = c->out_events = 0;
}

void xs_conn_destroy(struct xs_conn *c)
{
    struct xs_conn **pp;
    struct xs_domain *d;

    if (!c)
        return;
    d = xs_domain_get(c->st, c->domid, false);
    if (d && d->conn == c)
        d->conn = NULL;
    for (pp = &c->st->conns; *pp != c; pp = &(*pp)->next)
        ;
    *pp = c->next;
    xs_reset_watches(c);
    drop_output(c);
    tools_free(c);
}

/* XS_RESET_WATCHES: "reset all watches and transactions of the caller". */
void xs_reset_watches(struct xs_conn *c)
{
    struct xs_tx *tx, *next;

    for (tx = c->txs; tx; tx = next) {
        next = tx->next;
        xs_tx_free(tx);         /* aborted */
    }
    c->txs = NULL;
    c->ntx = 0;
    xs_watches_drop(c);
}

static void note_dropped_event(struct xs_conn *c)
{
    char line[96];

    /* Log the first drop and then every 256th, not each one. */
    if (c->events_dropped++ % 256)
        return;
    snprintf(line, sizeof(line), "xenstore: dom%u is not reading its watch "
             "events: dropped %u", (unsigned int)c->domid, c->events_dropped);
    tools_log(line);
}

int xs_conn_queue(struct xs_conn *c, uint32_t type, uint32_t req_id,
                  uint32_t tx_id, const void *payload, uint32_t len)
{
    struct xsd_sockmsg hdr = {
        .type = type, .req_id = req_id, .tx_id = tx_id, .len = len,
    };
    bool event = type == XS_WATCH_EVENT;
    struct xs_msg *m;

    if (event && c->out_events >= XS_MAX_QUEUED_EVENTS) {
        note_dropped_event(c);
        return -XEN_ENOSPC;
    }
    m = tools_zalloc(sizeof(*m) + sizeof(hdr) + len);
    if (!m)
        return -XEN_ENOMEM;
    m->len = (uint32_t)sizeof(hdr) + len;
    m->event = event;
    memcpy(m->data, &hdr, sizeof(hdr));
    memcpy(m->data + sizeof(hdr), payload, len);
    if (c->out_last)
        c->out_last->next = m;
    else
        c->out_first = m;
    c->out_last = m;
    if (event)
        c->out_events++;
    else
        c->out_replies++;
    return 0;
}

bool xs_conn_has_output(const struct xs_conn *c)
{
    return c->out_first != NULL;
}

uint32_t xs_conn_output(struct xs_conn *c, void *buf, uint32_t len)
{
    uint32_t done = 0, n;
    struct xs_msg *m;

    while ((m = c->out_first) && done < len) {
        n = MIN(len - done, m->len - m->sent);
        memcpy((char *)buf + done, m->data + m->sent, n);
        m->sent += n;
        done += n;
        if (m->sent < m->len)
            break;
        c->out_first = m->next;
        if (!c->out_first)
            c->out_last = NULL;
        if (m->event)
            c->out_events--;
        else
            c->out_replies--;
        tools_free(m);
    }
    return done;
}
