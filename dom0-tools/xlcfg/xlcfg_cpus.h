/*
 * CPULIST strings of xl.cfg's cpus= (internal to dom0-tools/xlcfg).
 */
#ifndef XLCFG_CPUS_H
#define XLCFG_CPUS_H

#include <hv/types.h>

/*
 * Parses "all", "0-3,5,^1" (xl.cfg(5)): comma-separated items, each "all",
 * a CPU N or a range N-M, and each may be negated with '^' to remove CPUs
 * from what the items before it selected.  On success returns true with
 * the mask in *mask (bit N = host CPU N, N < XLCFG_MAX_CPUS); otherwise
 * false with what was wrong in why.
 */
bool xlcfg_cpulist(const char *s, uint64_t *mask, char *why, size_t whylen);

#endif /* XLCFG_CPUS_H */
