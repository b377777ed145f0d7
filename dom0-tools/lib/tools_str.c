/*
 * String helpers over the environment's allocator.
 */
#include <hv/lib.h>
#include <tools/env.h>

char *tools_strndup(const char *s, size_t len)
{
    char *copy = tools_zalloc(len + 1);

    if (copy)
        memcpy(copy, s, len);   /* zalloc already terminated it */
    return copy;
}

char *tools_strdup(const char *s)
{
    return tools_strndup(s, strlen(s));
}
