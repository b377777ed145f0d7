/*
 * What the kernel's runner (bench.c) and the user program's timed loops
 * (guest-pv/user/roles_bench.c) share: the ordered TSC read and the
 * min/median of a set of samples.  Header-only, so that the user program
 * (linked without the kernel) gets the very same code.
 */
#ifndef GUEST_BENCH_STATS_H
#define GUEST_BENCH_STATS_H

#include <guest/lib.h>

/* Calls before timing, so that first-touch costs stay out of figures. */
#define BENCH_WARMUP    16
/* Timed calls per case: the median of 200 shrugs off the odd interrupt. */
#define BENCH_SAMPLES   200

/*
 * lfence before rdtsc waits for earlier instructions to finish, lfence
 * after keeps later ones from starting early (Intel's advice for timing
 * a region).  Not rdtscp: QEMU's default CPU for real Xen lacks it.
 */
static inline uint64_t bench_tsc(void)
{
    uint32_t lo, hi;

    asm volatile ("lfence\n\trdtsc\n\tlfence"
                  : "=a" (lo), "=d" (hi) : : "memory");
    return ((uint64_t)hi << 32) | lo;
}

/* Insertion sort: n is BENCH_SAMPLES, and this runs once per case. */
static inline void bench_sort(uint64_t *v, unsigned int n)
{
    unsigned int i, j;

    for (i = 1; i < n; i++) {
        uint64_t x = v[i];

        for (j = i; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/* Sorts v and gives its minimum and median (sample n / 2 + 1). */
static inline void bench_min_median(uint64_t *v, unsigned int n,
                                    uint64_t *min, uint64_t *median)
{
    bench_sort(v, n);
    *min = v[0];
    *median = v[n / 2];
}

#endif /* GUEST_BENCH_STATS_H */
