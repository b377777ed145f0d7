/*
 * Store paths: validation and canonical (absolute) form.
 *
 * xenstored's rules: characters [A-Za-z0-9/_@-], no empty component (so
 * no "//" and no trailing '/', "/" itself aside), at most
 * XENSTORE_ABS_PATH_MAX bytes, and for an unprivileged domain at most
 * quota.path_len bytes below its own /local/domain/<id>/.  A path not
 * starting with '/' is relative to that home.  Names starting with '@'
 * are the special watch paths.
 */
#include "xs_internal.h"

bool xs_is_special(const char *path)
{
    return path[0] == '@';
}

static bool valid_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '/' || c == '_' || c == '@' ||
           c == '-';
}

static bool valid_chars(const char *p)
{
    for (; *p; p++)
        if (!valid_char(*p))
            return false;
    return true;
}

void xs_domain_path(domid_t domid, char *buf, size_t size)
{
    snprintf(buf, size, "%s/%u", XS_DOMAIN_PATH, (unsigned int)domid);
}

bool xs_path_within(const char *path, const char *parent)
{
    size_t n = strlen(parent);

    if (!strcmp(parent, "/"))
        return path[0] == '/';
    return !strncmp(path, parent, n) && (path[n] == '\0' || path[n] == '/');
}

bool xs_path_is_child(const char *path, const char *parent)
{
    size_t n = strlen(parent);
    const char *rest;

    if (!strcmp(parent, "/"))
        rest = path + 1;
    else if (!strncmp(path, parent, n) && path[n] == '/')
        rest = path + n + 1;
    else
        return false;
    return path[0] == '/' && rest[0] && !strchr(rest, '/');
}

void xs_path_parent(const char *path, char *buf, size_t size)
{
    size_t len = strlen(path);

    while (len > 1 && path[len - 1] != '/')
        len--;
    if (len > 1)
        len--;                  /* drop the separator, but keep "/" */
    if (len >= size)
        len = size - 1;
    memmove(buf, path, len);    /* buf may be path itself */
    buf[len] = '\0';
}

/* An absolute path: no empty component, no trailing '/'. */
static bool well_formed(const char *p)
{
    if (p[0] != '/')
        return false;
    if (!strcmp(p, "/"))
        return true;
    return !strstr(p, "//") && p[strlen(p) - 1] != '/';
}

/* Path length below the caller's home, which xenstored's quota limits. */
static bool within_path_quota(const struct xs_conn *c, const char *abs)
{
    char home[32];
    size_t len = strlen(abs), hlen;

    if (xs_conn_privileged(c))
        return true;
    xs_domain_path(c->domid, home, sizeof(home));
    hlen = strlen(home);
    if (xs_path_within(abs, home))
        len -= len > hlen ? hlen + 1 : hlen;
    return len <= c->st->quota.path_len;
}

int xs_path_canonical(const struct xs_conn *c, const char *path,
                      bool special, char *buf, size_t size)
{
    int n;

    if (xs_is_special(path)) {
        if (!special || !valid_chars(path) || strchr(path, '/'))
            return -XEN_EINVAL;
        n = snprintf(buf, size, "%s", path);
    } else if (path[0] == '/') {
        n = snprintf(buf, size, "%s", path);
    } else {
        char home[32];

        xs_domain_path(c->domid, home, sizeof(home));
        n = snprintf(buf, size, "%s/%s", home, path);
    }
    if (n < 0 || (size_t)n >= size || n > XENSTORE_ABS_PATH_MAX)
        return -XEN_EINVAL;
    if (!valid_chars(buf))
        return -XEN_EINVAL;
    if (!xs_is_special(buf) && (!well_formed(buf) ||
                                !within_path_quota(c, buf)))
        return -XEN_EINVAL;
    return 0;
}
