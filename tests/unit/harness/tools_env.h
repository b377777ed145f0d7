/*
 * Host harness for the dom0 tool libraries: tools_zalloc() over calloc()
 * with a switch that makes allocations fail, and tools_log() captured so
 * tests can check the operator's messages.
 */
#ifndef TOOLS_ENV_HOST_H
#define TOOLS_ENV_HOST_H

#include <tools/env.h>

/* Each line tools_log() got since the last harness_log_reset(). */
extern char harness_log[16384];
void harness_log_reset(void);

/*
 * After this many further successful allocations, tools_zalloc() returns
 * NULL (out of memory); -1 (the default) never fails.
 */
extern long harness_alloc_budget;

/* Allocations not yet freed (a test that cleans up expects 0). */
extern long harness_live_allocs;

#endif /* TOOLS_ENV_HOST_H */
