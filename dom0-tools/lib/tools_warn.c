/*
 * Warnings for the operator who ran the command that caused them (see
 * tools_warn() in <tools/env.h>).
 */
#include <tools/env.h>

static void (*sink)(void *ctx, const char *line);
static void *sink_ctx;

void tools_warn(const char *line)
{
    if (sink)
        sink(sink_ctx, line);
    else
        tools_log(line);
}

void tools_warn_to(void (*fn)(void *ctx, const char *line), void *ctx,
                   void (**old_fn)(void *ctx, const char *line),
                   void **old_ctx)
{
    if (old_fn)
        *old_fn = sink;
    if (old_ctx)
        *old_ctx = sink_ctx;
    sink = fn;
    sink_ctx = ctx;
}
