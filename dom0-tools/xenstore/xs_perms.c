/*
 * Node permissions (xenstore.txt, xenstore-chmod(1)).
 *
 * A list of (letter, domid) entries: 'n' none, 'r' read, 'w' write, 'b'
 * both.  The first entry names the owner, who may do anything with the
 * node (read, write, set its permissions), and its letter is what every
 * domain not listed after it gets.  Domain 0 is privileged and passes
 * every check.
 */
#include "xs_internal.h"

static const char perm_letters[] = { 'n', 'r', 'w', 'b' };  /* by XS_PERM_* */

bool xs_conn_privileged(const struct xs_conn *c)
{
    return c->domid == XS_PRIV_DOMID;
}

bool xs_perm_allows(domid_t domid, const struct xs_perm *p, uint32_t n,
                    unsigned int want)
{
    unsigned int have;
    uint32_t i;

    if (domid == XS_PRIV_DOMID || (n && p[0].domid == domid))
        return true;
    have = n ? p[0].perm : XS_PERM_NONE;
    for (i = 1; i < n; i++) {
        if (p[i].domid == domid) {
            have = p[i].perm;
            break;
        }
    }
    return (have & want) == want;
}

/* One entry "<letter><domid>" (the NUL already found by the caller). */
static bool parse_entry(const char *s, struct xs_perm *out)
{
    const char *end;
    unsigned long domid;
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(perm_letters); i++)
        if (s[0] == perm_letters[i])
            break;
    if (i == ARRAY_SIZE(perm_letters) || s[1] < '0' || s[1] > '9')
        return false;
    if (!parse_ulong(s + 1, &end, &domid) || *end || domid > 0xffff)
        return false;
    out->perm = (uint8_t)i;
    out->domid = (domid_t)domid;
    return true;
}

int xs_perms_parse(const char *s, uint32_t len, struct xs_perm **out,
                   uint32_t *n)
{
    struct xs_perm *p;
    uint32_t i, count = 0, off;

    for (i = 0; i < len; i++)
        count += s[i] == '\0';
    if (!count || s[len - 1] != '\0')
        return -XEN_EINVAL;     /* none, or an unterminated entry */
    p = tools_zalloc(count * sizeof(*p));
    if (!p)
        return -XEN_ENOMEM;
    for (i = 0, off = 0; i < count; i++) {
        if (!parse_entry(s + off, &p[i])) {
            tools_free(p);
            return -XEN_EINVAL;
        }
        off += strlen(s + off) + 1;
    }
    *out = p;
    *n = count;
    return 0;
}

int xs_perms_format(const struct xs_perm *p, uint32_t n, struct xs_buf *out)
{
    char entry[8];
    uint32_t i;

    out->len = 0;
    for (i = 0; i < n; i++) {
        snprintf(entry, sizeof(entry), "%c%u", perm_letters[p[i].perm & 3],
                 (unsigned int)p[i].domid);
        if (!xs_buf_put_str(out, entry))
            return -XEN_E2BIG;
    }
    return 0;
}
