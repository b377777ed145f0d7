/*
 * Typed access to parsed xl.cfg settings (internal to dom0-tools/xlcfg).
 */
#ifndef XLCFG_VALUE_H
#define XLCFG_VALUE_H

#include <hv/types.h>

#include "xlcfg_syntax.h"

/* One interpretation of a parsed file: where messages go. */
struct xlcfg_ctx {
    const struct xlcfg_file *file;
    char *err;
    size_t errlen;
};

/*
 * Writes "FILE:LINE: KEY: <message>" to c->err (the first error wins) and
 * returns -XEN_EINVAL.
 */
__printf(3, 4)
int xlcfg_bad(const struct xlcfg_ctx *c, const struct xlcfg_setting *s,
              const char *fmt, ...);

/* "a string", "a number" or "a list", for messages. */
const char *xlcfg_kind_name(const struct xlcfg_value *v);

/* The setting that counts for 'key' (the last one), or NULL. */
const struct xlcfg_setting *xlcfg_find(const struct xlcfg_ctx *c,
                                       const char *key);

/* Copies a string value into buf[size]; refuses other kinds and overflow. */
int xlcfg_get_string(const struct xlcfg_ctx *c, const struct xlcfg_setting *s,
                     char *buf, size_t size);

/* A number (or a string holding one) in [min, max] into *out. */
int xlcfg_get_number(const struct xlcfg_ctx *c, const struct xlcfg_setting *s,
                     unsigned long min, unsigned long max, unsigned long *out);

#endif /* XLCFG_VALUE_H */
