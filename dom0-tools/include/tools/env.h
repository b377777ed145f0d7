/*
 * The environment the dom0 tool libraries run in.
 *
 * The libraries (xl.cfg parser, store) are freestanding C: besides the
 * hvlib string functions (<hv/lib.h>: memcpy, strlen, snprintf, ...) they
 * call only these hooks.  Dom0 provides them over its own allocator and
 * console; the host unit tests provide them over libc
 * (tests/unit/harness/tools_env_host.c).
 */
#ifndef TOOLS_ENV_H
#define TOOLS_ENV_H

#include <hv/types.h>

/* Returns 'size' zeroed bytes, or NULL when memory is exhausted. */
void *tools_zalloc(size_t size);

/* Frees what tools_zalloc() returned; NULL is ignored. */
void tools_free(void *p);

/*
 * One diagnostic line for the operator (a warning such as xl's "unknown
 * key ignored"), without a trailing newline.
 */
void tools_log(const char *line);

/*
 * A warning for whoever ran the operation that caused it (xl.cfg's
 * "unknown key ignored"): to the sink set with tools_warn_to() (xl sends
 * it to the command's error output, so the host CLI shows it too), else
 * to tools_log() (dom0-tools/lib/tools_warn.c).
 */
void tools_warn(const char *line);

/*
 * Sets the sink (NULL: tools_log), returning the previous one in
 * *old_fn and *old_ctx (either may be NULL) so that it can be restored.
 */
void tools_warn_to(void (*fn)(void *ctx, const char *line), void *ctx,
                   void (**old_fn)(void *ctx, const char *line),
                   void **old_ctx);

/* Small helpers over the hooks (dom0-tools/lib/tools_str.c). */

/* A zero-terminated copy of s[0..len), or NULL when out of memory. */
char *tools_strndup(const char *s, size_t len);
char *tools_strdup(const char *s);

#endif /* TOOLS_ENV_H */
