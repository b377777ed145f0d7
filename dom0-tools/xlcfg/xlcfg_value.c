/*
 * Reading typed values out of parsed xl.cfg settings, with the messages
 * for values of the wrong kind or out of range.
 */
#include <abi/xen.h>
#include <xen/errno.h>
#include <hv/lib.h>

#include "xlcfg_value.h"

int xlcfg_bad(const struct xlcfg_ctx *c, const struct xlcfg_setting *s,
              const char *fmt, ...)
{
    size_t used;
    va_list ap;

    if (!c->errlen || c->err[0])
        return -XEN_EINVAL;
    used = (size_t)snprintf(c->err, c->errlen, "%s:%u: %s: ", c->file->name,
                            s->line, s->key);
    if (used < c->errlen) {
        va_start(ap, fmt);
        vsnprintf(c->err + used, c->errlen - used, fmt, ap);
        va_end(ap);
    }
    return -XEN_EINVAL;
}

const char *xlcfg_kind_name(const struct xlcfg_value *v)
{
    static const char *const names[] = {
        [XLCFG_STRING] = "a string", [XLCFG_NUMBER] = "a number",
        [XLCFG_LIST] = "a list",
    };

    return names[v->kind];
}

/* The last setting of 'key' (a later setting replaces an earlier one). */
const struct xlcfg_setting *xlcfg_find(const struct xlcfg_ctx *c,
                                       const char *key)
{
    const struct xlcfg_setting *s, *found = NULL;

    for (s = c->file->first; s; s = s->next)
        if (!strcmp(s->key, key))
            found = s;
    return found;
}

int xlcfg_get_string(const struct xlcfg_ctx *c, const struct xlcfg_setting *s,
                     char *buf, size_t size)
{
    size_t len;

    if (s->value->kind != XLCFG_STRING)
        return xlcfg_bad(c, s, "expected a string (got %s)",
                         xlcfg_kind_name(s->value));
    len = strlen(s->value->text);
    if (len >= size)
        return xlcfg_bad(c, s, "value is %zu bytes long, the limit is %zu",
                         len, size - 1);
    memcpy(buf, s->value->text, len + 1);
    return 0;
}

/* C's integer-constant forms, as xl reads numbers: 10, 0x1f, 017. */
static bool number_text(const char *t, unsigned long *out)
{
    const char *end;
    unsigned long v = 0;

    if (t[0] == '0' && t[1] >= '0' && t[1] <= '9') {
        for (end = t + 1; *end >= '0' && *end <= '7'; end++) {
            if (v >> (sizeof(v) * 8 - 3))
                return false;   /* the next digit would overflow */
            v = v * 8 + (unsigned long)(*end - '0');
        }
    } else if (!parse_ulong(t, &end, &v)) {
        return false;
    }
    if (*end != '\0')
        return false;
    *out = v;
    return true;
}

int xlcfg_get_number(const struct xlcfg_ctx *c, const struct xlcfg_setting *s,
                     unsigned long min, unsigned long max, unsigned long *out)
{
    const struct xlcfg_value *v = s->value;
    unsigned long n;

    /* libxlu keeps numbers as text, so xl also takes memory = "128". */
    if (v->kind == XLCFG_LIST)
        return xlcfg_bad(c, s, "expected a number (got a list)");
    if (!number_text(v->text, &n))
        return xlcfg_bad(c, s, "expected a number (got '%.40s')", v->text);
    if (n < min || n > max)
        return xlcfg_bad(c, s, "%lu is out of range (%lu-%lu)", n, min, max);
    *out = n;
    return 0;
}
