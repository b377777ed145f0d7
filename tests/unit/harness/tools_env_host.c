/*
 * Host implementation of dom0-tools/include/tools/env.h (see tools_env.h).
 */
#undef snprintf
#undef vsnprintf
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools_env.h"

char harness_log[16384];
long harness_alloc_budget = -1;
long harness_live_allocs;

void harness_log_reset(void)
{
    harness_log[0] = '\0';
}

void *tools_zalloc(size_t size)
{
    void *p;

    if (harness_alloc_budget == 0)
        return NULL;
    if (harness_alloc_budget > 0)
        harness_alloc_budget--;
    p = calloc(1, size ? size : 1);
    if (p)
        harness_live_allocs++;
    return p;
}

void tools_free(void *p)
{
    if (!p)
        return;
    harness_live_allocs--;
    free(p);
}

void tools_log(const char *line)
{
    size_t used = strlen(harness_log);

    fprintf(stderr, "%s\n", line);
    snprintf(harness_log + used, sizeof(harness_log) - used, "%s\n", line);
}
