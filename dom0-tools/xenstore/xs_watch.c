/*
 * Watches and the events they produce (xenstore.txt WATCH, xenstored's
 * fire_watches).
 *
 * A change at PATH fires every watch on PATH or on an ancestor of it; a
 * removal also fires the watches below the removed node, each with its
 * own watched path.  An event reaches a watcher only if it may read the
 * changed node (xenstored's rule, so watches do not leak what permissions
 * hide).  The special paths fire only for themselves.  An event for a
 * relative watch carries the path relative to the watcher's home.
 */
#include "xs_internal.h"

/* Queues "PATH\0TOKEN\0" on the watcher's connection. */
static void queue_event(struct xs_watch *w, const char *abs)
{
    char home[32];
    const char *path = abs;
    struct xs_buf *ev = tools_zalloc(sizeof(*ev));

    if (!ev)
        return;                 /* lost event: same as a full queue */
    xs_domain_path(w->conn->domid, home, sizeof(home));
    if (w->path[0] != '/' && !xs_is_special(w->path) &&
        xs_path_within(abs, home) && strcmp(abs, home))
        path = abs + strlen(home) + 1;
    if (xs_buf_put_str(ev, path) && xs_buf_put_str(ev, w->token))
        xs_conn_queue(w->conn, XS_WATCH_EVENT, 0, 0, ev->data, ev->len);
    tools_free(ev);
}

void xs_fire(struct xs_store *st, const char *path, enum xs_fire how,
             const struct xs_perm *perms, uint32_t nperms)
{
    struct xs_watch *w;

    for (w = st->watches; w; w = w->next) {
        if (xs_is_special(path) || xs_is_special(w->abs)) {
            if (!strcmp(path, w->abs))
                queue_event(w, path);
            continue;
        }
        if (!xs_perm_allows(w->conn->domid, perms, nperms, XS_PERM_READ))
            continue;
        if (xs_path_within(path, w->abs))
            queue_event(w, path);
        else if (how == FIRE_TREE && xs_path_within(w->abs, path))
            queue_event(w, w->abs);
    }
}

static struct xs_watch **find_watch(struct xs_conn *c, const char *path,
                                    const char *token)
{
    struct xs_watch **pp;

    for (pp = &c->st->watches; *pp; pp = &(*pp)->next)
        if ((*pp)->conn == c && !strcmp((*pp)->path, path) &&
            !strcmp((*pp)->token, token))
            return pp;
    return NULL;
}

static void watch_free(struct xs_watch *w)
{
    tools_free(w->path);
    tools_free(w->abs);
    tools_free(w->token);
    tools_free(w);
}

int xs_watch_register(struct xs_conn *c, const char *path, const char *token,
                      struct xs_watch **out)
{
    char abs[XENSTORE_ABS_PATH_MAX + 1];
    struct xs_watch *w;
    int rc = xs_path_canonical(c, path, true, abs, sizeof(abs));

    if (rc)
        return rc;
    if (find_watch(c, path, token))
        return -XEN_EEXIST;
    if (!xs_conn_privileged(c) && c->nwatches >= c->st->quota.watches)
        return -XEN_E2BIG;
    w = tools_zalloc(sizeof(*w));
    if (!w)
        return -XEN_ENOMEM;
    w->conn = c;
    w->path = tools_strdup(path);
    w->abs = tools_strdup(abs);
    w->token = tools_strdup(token);
    if (!w->path || !w->abs || !w->token) {
        watch_free(w);
        return -XEN_ENOMEM;
    }
    w->next = c->st->watches;
    c->st->watches = w;
    c->nwatches++;
    *out = w;
    return 0;
}

void xs_watch_initial_event(struct xs_watch *w)
{
    /* xenstored fires once up front, whether or not the node exists. */
    queue_event(w, w->abs);
}

int xs_watch(struct xs_conn *c, const char *path, const char *token)
{
    struct xs_watch *w;
    int rc = xs_watch_register(c, path, token, &w);

    if (!rc)
        xs_watch_initial_event(w);
    return rc;
}

int xs_unwatch(struct xs_conn *c, const char *path, const char *token)
{
    struct xs_watch **pp = find_watch(c, path, token);
    struct xs_watch *w;

    if (!pp)
        return -XEN_ENOENT;
    w = *pp;
    *pp = w->next;
    watch_free(w);
    c->nwatches--;
    return 0;
}

void xs_watches_drop(struct xs_conn *c)
{
    struct xs_watch **pp = &c->st->watches, *w;

    while ((w = *pp)) {
        if (w->conn == c) {
            *pp = w->next;
            watch_free(w);
        } else {
            pp = &w->next;
        }
    }
    c->nwatches = 0;
}
