/*
 * System time from the TSC, and its publication to guests (Xen's pvclock).
 *
 * One scale, computed once from the calibrated TSC frequency, converts TSC
 * ticks since boot into nanoseconds.  The hypervisor's NOW() and every
 * guest's vcpu_time_info use the same (mul, shift), and the published
 * stamps are chosen so that the guest's clock equals NOW() exactly
 * (aligned_stamp()): nothing for guests to reconcile, ever.
 *
 * Single CPU for now: the TSC of the one CPU is the time base.  With SMP,
 * each CPU gets its own (tsc, stime) stamp as in Xen's cpu_time.
 */
#include <hv/bug.h>
#include <hv/domain.h>
#include <hv/time.h>
#include <abi/xen.h>

static struct time_scale tsc_scale;     /* TSC ticks -> ns */
static uint64_t tsc_hz;                 /* 0 until time_init() */
static uint64_t boot_tsc;               /* TSC at system time 0 */
static bool tsc_stable;
static uint64_t wc_boot_ns;             /* wall clock at system time 0 */

/*
 * x86 keeps stores in program order (TSO), so ordering the version and the
 * fields for a reader on any CPU needs only the compiler held back: Xen's
 * smp_wmb() on x86 is this barrier.
 */
#define smp_wmb()   asm volatile("" ::: "memory")

/* Xen's version protocol: odd while updating, even and larger when done.
 * The OR recovers should an earlier update have left it odd. */
static inline uint32_t version_update_begin(uint32_t v)
{
    return (v + 1) | 1;
}

static inline uint32_t version_update_end(uint32_t v)
{
    return v + 1;
}

/*
 * (hi:lo) / d with the x86 divide instruction, which takes a 128-bit
 * dividend: the hypervisor links no libgcc for __udivti3.  The caller
 * guarantees the quotient fits 64 bits (hi < d), else this would fault.
 */
static uint64_t div128(unsigned __int128 n, uint64_t d, uint64_t *rem)
{
    uint64_t q, r;

    ASSERT((uint64_t)(n >> 64) < d);
    asm("divq %4" : "=a"(q), "=d"(r)
        : "a"((uint64_t)n), "d"((uint64_t)(n >> 64)), "rm"(d));
    if (rem)
        *rem = r;
    return q;
}

/*
 * The shift that brings 'tps' into (1e9, 2e9] ticks per second: then
 * mul_frac = 2^32 * 1e9 / (tps * 2^shift) lies in [2^31, 2^32), using
 * all 32 bits.  The bounds are scaled instead of tps, so no bit of the
 * frequency is lost (Xen shifts tps itself and drops the low bits).
 */
static int scale_shift(uint64_t tps)
{
    int shift = 0;

    while ((unsigned __int128)tps >
           ((unsigned __int128)2 * NSEC_PER_SEC << -shift))
        shift--;
    while (shift >= 0 && ((unsigned __int128)tps << shift) <= NSEC_PER_SEC)
        shift++;
    return shift;
}

void time_scale_init(struct time_scale *ts, uint64_t ticks_per_sec)
{
    int shift;

    BUG_ON(ticks_per_sec == 0);
    shift = scale_shift(ticks_per_sec);
    ts->shift = (int8_t)shift;
    ts->mul_frac = (uint32_t)div128((unsigned __int128)NSEC_PER_SEC <<
                                    (32 - shift), ticks_per_sec, NULL);
}

uint64_t time_scale_delta(uint64_t ticks, const struct time_scale *ts)
{
    /* As xen.h writes it: the shift in 64 bits, then a 64x32 product. */
    if (ts->shift >= 0)
        ticks <<= ts->shift;
    else
        ticks >>= -ts->shift;
    return (uint64_t)(((unsigned __int128)ticks * ts->mul_frac) >> 32);
}

/*
 * Error budget (why the margin below suffices): the truncated mul_frac is
 * short by at most 2^-31 relative, and the right shift and the final
 * truncation lose under 2 ns, so scale(t) >= exact(t) * (1 - 2^-31) - 2.
 * Asking for ns + ns/2^30 + 4 exact nanoseconds' worth of ticks leaves
 * scale(t) >= ns.
 */
uint64_t time_ticks_for_ns(uint64_t ns, uint64_t ticks_per_sec)
{
    unsigned __int128 n;
    uint64_t q, r;

    if (ns > STIME_MAX)
        return UINT64_MAX;
    ns += (ns >> 30) + 4;
    n = (unsigned __int128)ns * ticks_per_sec;
    if ((uint64_t)(n >> 64) >= NSEC_PER_SEC)
        return UINT64_MAX;      /* beyond 2^64 ticks: never */
    q = div128(n, NSEC_PER_SEC, &r);
    return r && q != UINT64_MAX ? q + 1 : q;
}

void time_init(uint64_t hz, bool stable)
{
    time_scale_init(&tsc_scale, hz);
    tsc_stable = stable;
    boot_tsc = arch_read_tsc();
    /* Last: get_s_time() reads the scale only once tsc_hz is set. */
    tsc_hz = hz;
}

uint64_t time_tsc_hz(void)
{
    return tsc_hz;
}

static s_time_t stime_at(uint64_t tsc)
{
    /* One CPU's TSC never runs backwards; be safe before time_init(). */
    if (!tsc_hz || tsc < boot_tsc)
        return 0;
    return (s_time_t)time_scale_delta(tsc - boot_tsc, &tsc_scale);
}

s_time_t tsc_to_stime(uint64_t tsc)
{
    return stime_at(tsc);
}

s_time_t get_s_time(void)
{
    return stime_at(arch_read_tsc());
}

uint64_t stime_to_tsc(s_time_t t)
{
    uint64_t ticks;

    if (t <= 0)
        return boot_tsc;
    ticks = time_ticks_for_ns((uint64_t)t, tsc_hz);
    return ticks > UINT64_MAX - boot_tsc ? UINT64_MAX : boot_tsc + ticks;
}

void time_set_wallclock(uint64_t unix_secs)
{
    uint64_t now_ns = unix_secs * NSEC_PER_SEC;
    s_time_t stime = NOW();

    wc_boot_ns = now_ns > (uint64_t)stime ? now_ns - (uint64_t)stime : 0;
}

/*
 * The stamp to publish: the latest TSC at or before 'tsc' that lies a
 * multiple of 2^(32 - shift) ticks after boot (every 2.1 to 4.3 s).
 * There the scale's product is exact, so system_time + scale(t - stamp)
 * equals scale(t - boot) for every later t: the guest's clock is NOW()
 * to the nanosecond, and no republication can move it back (with an
 * arbitrary stamp the two roundings would differ by a nanosecond either
 * way).  Frequencies beyond 2^32 * 1e9 Hz keep the boot stamp.
 */
static uint64_t aligned_stamp(uint64_t tsc)
{
    unsigned int bits = 32 - tsc_scale.shift;

    if (bits >= 64 || tsc < boot_tsc)
        return boot_tsc;
    return boot_tsc + ((tsc - boot_tsc) & ~((1ULL << bits) - 1));
}

/*
 * Xen's update_vcpu_system_time(): a (tsc, system time) pair with the
 * scale.  The guest's reader retries while the version is odd or has
 * changed across its read (xen.h: "similar to Linux's seqlock").
 */
void time_update_vcpu(struct vcpu *v)
{
    volatile struct vcpu_time_info *u = &v->vcpu_info->time;
    uint64_t stamp;

    if (!tsc_hz)
        return;
    stamp = aligned_stamp(arch_read_tsc());
    u->version = version_update_begin(u->version);
    smp_wmb();
    u->tsc_timestamp = stamp;
    u->system_time = (uint64_t)stime_at(stamp);
    u->tsc_to_system_mul = tsc_scale.mul_frac;
    u->tsc_shift = tsc_scale.shift;
    u->flags = tsc_stable ? XEN_PVCLOCK_TSC_STABLE_BIT : 0;
    smp_wmb();
    u->version = version_update_end(u->version);
}

/*
 * Xen's update_domain_wallclock_time(): wc_sec/wc_nsec are the wall time
 * at system time 0, so the guest's wall clock is wc + its system time.
 * wc_sec_hi carries seconds beyond 32 bits (after 2106) on x86_64.
 */
void time_update_wallclock(struct domain *d)
{
    volatile struct shared_info *s = d->shared_info;
    uint64_t sec = wc_boot_ns / NSEC_PER_SEC;

    s->wc_version = version_update_begin(s->wc_version);
    smp_wmb();
    s->wc_sec = (uint32_t)sec;
    s->wc_nsec = (uint32_t)(wc_boot_ns % NSEC_PER_SEC);
    s->wc_sec_hi = (uint32_t)(sec >> 32);
    smp_wmb();
    s->wc_version = version_update_end(s->wc_version);
}
