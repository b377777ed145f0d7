/*
 * The node table: nodes hashed by absolute path, also kept in insertion
 * order so directory listings and commits are deterministic.
 */
#include "xs_internal.h"

/* FNV-1a: short, and spreads the long common prefixes of store paths. */
static unsigned int hash_path(const char *path)
{
    uint32_t h = 2166136261u;

    while (*path)
        h = (h ^ (uint8_t)*path++) * 16777619u;
    return h % XS_BUCKETS;
}

struct xs_node *xs_table_find(const struct xs_table *t, const char *path)
{
    struct xs_node *n;

    for (n = t->bucket[hash_path(path)]; n; n = n->hnext)
        if (!strcmp(n->path, path))
            return n;
    return NULL;
}

void xs_table_insert(struct xs_table *t, struct xs_node *n)
{
    unsigned int b = hash_path(n->path);

    n->hnext = t->bucket[b];
    t->bucket[b] = n;
    n->prev = t->last;
    n->next = NULL;
    if (t->last)
        t->last->next = n;
    else
        t->first = n;
    t->last = n;
    t->count++;
}

void xs_table_remove(struct xs_table *t, struct xs_node *n)
{
    struct xs_node **pp = &t->bucket[hash_path(n->path)];

    while (*pp != n)
        pp = &(*pp)->hnext;
    *pp = n->hnext;
    if (n->prev)
        n->prev->next = n->next;
    else
        t->first = n->next;
    if (n->next)
        n->next->prev = n->prev;
    else
        t->last = n->prev;
    t->count--;
}

void xs_node_free(struct xs_node *n)
{
    if (!n)
        return;
    tools_free(n->path);
    tools_free(n->value);
    tools_free(n->perms);
    tools_free(n);
}

void xs_table_clear(struct xs_table *t)
{
    struct xs_node *n, *next;

    for (n = t->first; n; n = next) {
        next = n->next;
        xs_node_free(n);
    }
    memset(t, 0, sizeof(*t));
}

struct xs_node *xs_node_new(const char *path)
{
    struct xs_node *n = tools_zalloc(sizeof(*n));

    if (!n)
        return NULL;
    n->path = tools_strdup(path);
    if (!n->path) {
        tools_free(n);
        return NULL;
    }
    return n;
}

int xs_node_set(struct xs_node *n, const char *value, uint32_t len,
                const struct xs_perm *perms, uint32_t nperms)
{
    char *v = tools_zalloc(len + 1);
    struct xs_perm *p = tools_zalloc(nperms * sizeof(*p));

    if (!v || !p) {
        tools_free(v);
        tools_free(p);
        return -XEN_ENOMEM;
    }
    memcpy(v, value, len);
    memcpy(p, perms, nperms * sizeof(*p));
    tools_free(n->value);
    tools_free(n->perms);
    n->value = v;
    n->len = len;
    n->perms = p;
    n->nperms = nperms;
    return 0;
}
