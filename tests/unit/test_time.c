/*
 * Unit tests for hypervisor/common/time.c (system time and pvclock) and
 * the calendar arithmetic of hypervisor/arch/x86/rtc.c.
 *
 * The reference for every conversion is exact 128-bit arithmetic written
 * here (ticks * 1e9 / Hz), over a list of real and awkward frequencies
 * and over pseudo-random ones; the TSC is a variable the tests move.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hv_host.h"
#include <hv/domain.h>
#include <hv/time.h>
#include <asm/time.h>
#include <abi/xen.h>

typedef unsigned __int128 u128;

static volatile uint64_t fake_tsc;

uint64_t arch_read_tsc(void)
{
    return fake_tsc;
}

/* xorshift64*: reproducible pseudo-random numbers. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dULL;
}

static uint64_t rnd_below(uint64_t n)
{
    return n ? rnd() % n : 0;
}

/* Real clocks (PIT, HPET, ACPI PM, TCG, CPUs) and edges of the ranges. */
static const uint64_t freqs[] = {
    1, 3, 1000, 1193182, 3579545, 14318180, 24000000, 25000000, 100000000,
    999999999, 1000000000, 1000000001, 1193182000, 1999999999, 2000000000,
    2000000001, 2400000000ULL, 2596124000ULL, 2994270000ULL, 3700000000ULL,
    4294967295ULL, 4294967296ULL, 5000000000ULL, 10000000000ULL,
    99999999999ULL, 1ULL << 40,
};

/* The exact value: ticks at hz, in ns, rounded down. */
static uint64_t ref_ns(uint64_t ticks, uint64_t hz)
{
    return (uint64_t)((u128)ticks * 1000000000u / hz);
}

/* What a guest computes from vcpu_time_info, by xen.h's formula. */
static uint64_t guest_formula(uint64_t delta, uint32_t mul, int8_t shift)
{
    if (shift >= 0)
        delta <<= shift;
    else
        delta >>= -shift;
    return (uint64_t)(((u128)delta * mul) >> 32);
}

/* Deltas worth trying at hz: small, one second, an hour, a year, huge. */
static uint64_t pick_delta(uint64_t hz, unsigned int i)
{
    static const uint64_t secs[] = { 0, 1, 3600, 86400 * 365 };

    switch (i % 6) {
    case 0:
        return i / 6;
    case 1:
        return hz * secs[(i / 6) % 4] + rnd_below(hz);
    case 2:
        return rnd_below(1ULL << 32);
    case 3:
        return rnd_below(1ULL << 48);
    default:
        /* Up to where a guest's 64-bit left shift would overflow. */
        return rnd_below(hz < 1000000000 ? 1ULL << 40 : 1ULL << 62);
    }
}

static void check_scale_fields(uint64_t hz)
{
    struct time_scale ts;
    u128 norm;

    time_scale_init(&ts, hz);
    cr_assert(ts.mul_frac >= 1u << 31, "hz %llu: mul %#x uses < 32 bits",
              (unsigned long long)hz, ts.mul_frac);
    /* hz * 2^shift is in (1e9, 2e9]: what keeps mul in [2^31, 2^32). */
    norm = ts.shift >= 0 ? (u128)hz << ts.shift : (u128)hz;
    if (ts.shift < 0)
        cr_assert(norm > (u128)1000000000 << -ts.shift &&
                  norm <= (u128)2000000000 << -ts.shift);
    else
        cr_assert(norm > 1000000000 && norm <= 2000000000);
    /* mul is the truncated exact quotient. */
    cr_assert_eq(ts.mul_frac,
                 (uint32_t)(((u128)1000000000 << (32 - ts.shift)) / hz));
}

Test(time_scale, fields_for_every_frequency)
{
    for (size_t i = 0; i < sizeof(freqs) / sizeof(freqs[0]); i++)
        check_scale_fields(freqs[i]);
    for (unsigned int i = 0; i < 20000; i++)
        check_scale_fields(1 + rnd_below(1ULL << (1 + i % 44)));
}

/*
 * The scaled value never runs ahead of the exact one, and trails it by
 * at most the truncated multiplier's 2^-31 plus 2 ns of shifting.
 */
static void check_delta(uint64_t hz, uint64_t delta)
{
    struct time_scale ts;
    uint64_t ours, ref;

    time_scale_init(&ts, hz);
    /* xen.h's formula shifts left in 64 bits: deltas beyond 2^(64 - shift)
     * ticks (centuries at real rates) are outside its domain. */
    if (ts.shift > 0)
        delta &= (1ULL << (63 - ts.shift)) - 1;
    ours = time_scale_delta(delta, &ts);
    ref = ref_ns(delta, hz);
    cr_assert_eq(ours, guest_formula(delta, ts.mul_frac, ts.shift));
    cr_assert(ours <= ref, "hz %llu delta %llu: %llu ahead of %llu",
              (unsigned long long)hz, (unsigned long long)delta,
              (unsigned long long)ours, (unsigned long long)ref);
    cr_assert(ref - ours <= (ref >> 31) + 2,
              "hz %llu delta %llu: %llu vs exact %llu",
              (unsigned long long)hz, (unsigned long long)delta,
              (unsigned long long)ours, (unsigned long long)ref);
}

Test(time_scale, delta_against_128bit_reference)
{
    for (size_t i = 0; i < sizeof(freqs) / sizeof(freqs[0]); i++)
        for (unsigned int j = 0; j < 3000; j++)
            check_delta(freqs[i], pick_delta(freqs[i], j));
    for (unsigned int i = 0; i < 100000; i++) {
        uint64_t hz = 1000 + rnd_below(20000000000ULL);

        check_delta(hz, pick_delta(hz, i));
    }
}

/*
 * xen.h: "CPU frequency (Hz): ((10^9 << 32) / tsc_to_system_mul) >>
 * tsc_shift"; within 2^-30, plus what a left shift multiplies the
 * division's truncation by.
 */
Test(time_scale, guest_recovers_frequency)
{
    for (unsigned int i = 0; i < 50000; i++) {
        uint64_t hz = i < sizeof(freqs) / sizeof(freqs[0]) ? freqs[i] :
                      1000000 + rnd_below(20000000000ULL);
        struct time_scale ts;
        u128 f, slack;

        time_scale_init(&ts, hz);
        f = ((u128)1000000000 << 32) / ts.mul_frac;
        f = ts.shift >= 0 ? f >> ts.shift : f << -ts.shift;
        slack = (u128)1 << (ts.shift < 0 ? -ts.shift : 0);
        cr_assert(f >= hz - (hz >> 30) - 1 && f <= hz + (hz >> 30) + slack,
                  "hz %llu recovered as %llu", (unsigned long long)hz,
                  (unsigned long long)f);
    }
}

/*
 * Deadlines: the ticks for ns always scale back to at least ns (so NOW()
 * has reached a deadline when its interrupt comes), and are not much
 * more than the exact count.
 */
static void check_ticks_for(uint64_t hz, uint64_t ns)
{
    struct time_scale ts;
    uint64_t t, exact;

    time_scale_init(&ts, hz);
    t = time_ticks_for_ns(ns, hz);
    exact = (uint64_t)(((u128)ns * hz + 999999999) / 1000000000);
    cr_assert(time_scale_delta(t, &ts) >= ns,
              "hz %llu: %llu ticks scale to %llu < %llu ns",
              (unsigned long long)hz, (unsigned long long)t,
              (unsigned long long)time_scale_delta(t, &ts),
              (unsigned long long)ns);
    cr_assert(t >= exact);
    cr_assert(t - exact <= (exact >> 29) + hz / 100000000 + 8,
              "hz %llu ns %llu: %llu ticks, exact %llu",
              (unsigned long long)hz, (unsigned long long)ns,
              (unsigned long long)t, (unsigned long long)exact);
}

Test(time_scale, ticks_for_ns_never_short)
{
    static const uint64_t ns_list[] = { 0, 1, 2, 999, 1000000, 1000000000,
                                        3600000000000ULL, 1ULL << 50 };

    for (size_t i = 0; i < sizeof(freqs) / sizeof(freqs[0]); i++) {
        if (freqs[i] < 1000)
            continue;   /* slower than 1 kHz: nothing real */
        for (size_t j = 0; j < sizeof(ns_list) / sizeof(ns_list[0]); j++)
            check_ticks_for(freqs[i], ns_list[j]);
    }
    for (unsigned int i = 0; i < 100000; i++)
        check_ticks_for(1000000 + rnd_below(20000000000ULL),
                        rnd_below(1ULL << (1 + i % 55)));
}

Test(time_scale, ticks_for_ns_saturates)
{
    cr_assert_eq(time_ticks_for_ns(UINT64_MAX, 1000000000), UINT64_MAX);
    cr_assert_eq(time_ticks_for_ns(1ULL << 62, 100000000000ULL), UINT64_MAX);
}

/* ---- system time ---- */

#define BOOT_TSC 123456789ULL

static struct domain dom;
static struct vcpu vcpu0;
static shared_info_t shinfo_page;
static shared_info_t *const shinfo = &shinfo_page;

static void time_setup(uint64_t hz, bool stable)
{
    fake_tsc = BOOT_TSC;
    time_init(hz, stable);
    memset(shinfo, 0, sizeof(*shinfo));
    dom.shared_info = shinfo;
    vcpu0.domain = &dom;
    vcpu0.vcpu_info = &shinfo->vcpu_info[0];
}

Test(system_time, starts_at_zero_and_follows_the_tsc)
{
    time_setup(2500000000ULL, false);
    cr_assert_eq(NOW(), 0);
    cr_assert_eq(time_tsc_hz(), 2500000000ULL);
    fake_tsc = BOOT_TSC + 2500000000ULL;
    /* mul_frac is truncated: a second reads 0.23 ns short, rounded down. */
    cr_assert_eq(NOW(), 999999999);
    fake_tsc = BOOT_TSC + 5;
    cr_assert_eq(NOW(), 1);
}

Test(system_time, monotonic)
{
    s_time_t last = 0;

    time_setup(2994270000ULL, true);
    for (unsigned int i = 0; i < 100000; i++) {
        fake_tsc += rnd_below(1 + (1ULL << (i % 40)));
        cr_assert(NOW() >= last);
        last = NOW();
    }
}

/* At the TSC stime_to_tsc() names, NOW() has reached that time. */
Test(system_time, stime_to_tsc_round_trip)
{
    time_setup(3579545, false);
    for (unsigned int i = 0; i < 100000; i++) {
        s_time_t t = (s_time_t)rnd_below(1ULL << (1 + i % 50));

        fake_tsc = stime_to_tsc(t);
        cr_assert(NOW() >= t);
        cr_assert(NOW() - t <= (t >> 29) + 3000, "t %lld now %lld",
                  (long long)t, (long long)NOW());
    }
    cr_assert_eq(stime_to_tsc(-5), BOOT_TSC);
}

/* ---- pvclock publication ---- */

/* What a guest reads, by xen.h's protocol: retry while odd or changed. */
static bool guest_read(const volatile struct vcpu_time_info *u,
                       struct vcpu_time_info *out)
{
    uint32_t v = u->version;

    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    out->tsc_timestamp = u->tsc_timestamp;
    out->system_time = u->system_time;
    out->tsc_to_system_mul = u->tsc_to_system_mul;
    out->tsc_shift = u->tsc_shift;
    out->flags = u->flags;
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    out->version = v;
    return !(v & 1) && u->version == v;
}

static uint64_t guest_time(const struct vcpu_time_info *r, uint64_t tsc)
{
    return r->system_time + guest_formula(tsc - r->tsc_timestamp,
                                          r->tsc_to_system_mul, r->tsc_shift);
}

Test(pvclock, publishes_scale_and_stamp)
{
    struct vcpu_time_info r;

    time_setup(2596124000ULL, true);
    fake_tsc += 777777777;
    time_update_vcpu(&vcpu0);
    cr_assert(guest_read(&vcpu0.vcpu_info->time, &r));
    cr_assert_eq(r.version, 2);
    cr_assert(r.tsc_timestamp <= fake_tsc && r.tsc_timestamp >= BOOT_TSC);
    cr_assert_eq(r.flags, XEN_PVCLOCK_TSC_STABLE_BIT);
    /* The guest's clock is the hypervisor's, to the nanosecond. */
    for (unsigned int i = 0; i < 100000; i++) {
        fake_tsc += rnd_below(1ULL << (i % 37));
        if (i % 100 == 0)
            time_update_vcpu(&vcpu0);
        cr_assert(guest_read(&vcpu0.vcpu_info->time, &r));
        cr_assert_eq(guest_time(&r, fake_tsc), (uint64_t)NOW());
    }
}

Test(pvclock, version_even_after_update_and_recovers_from_odd)
{
    time_setup(1000000000, false);
    time_update_vcpu(&vcpu0);
    time_update_vcpu(&vcpu0);
    cr_assert_eq(vcpu0.vcpu_info->time.version, 4);
    cr_assert_eq(vcpu0.vcpu_info->time.flags, 0);
    /* A version left odd (a broken update) still ends even and larger:
     * (7 + 1) | 1 while updating, then 10. */
    vcpu0.vcpu_info->time.version = 7;
    time_update_vcpu(&vcpu0);
    cr_assert_eq(vcpu0.vcpu_info->time.version, 10);
}

Test(pvclock, nothing_published_before_time_init)
{
    vcpu0.vcpu_info = &shinfo->vcpu_info[0];
    time_update_vcpu(&vcpu0);
    cr_assert_eq(shinfo->vcpu_info[0].time.version, 0);
    cr_assert_eq(shinfo->vcpu_info[0].time.tsc_to_system_mul, 0);
}

/*
 * A newer publication never moves a guest's clock: at any TSC after both
 * stamps, the new record reads what the old one did, at every frequency.
 */
Test(pvclock, republication_never_goes_back)
{
    struct vcpu_time_info old, cur;

    for (size_t f = 0; f < sizeof(freqs) / sizeof(freqs[0]); f++) {
        uint64_t hz = freqs[f];

        if (hz < 1000000)
            continue;   /* too slow for a TSC */
        time_setup(hz, false);
        time_update_vcpu(&vcpu0);
        cr_assert(guest_read(&vcpu0.vcpu_info->time, &old));
        for (unsigned int i = 0; i < 5000; i++) {
            /* Steps of up to 100 s, reads up to 10 s after them. */
            fake_tsc += rnd_below(hz >> (i % 30)) * 100;
            time_update_vcpu(&vcpu0);
            cr_assert(guest_read(&vcpu0.vcpu_info->time, &cur));
            for (unsigned int j = 0; j < 4; j++) {
                uint64_t tsc = fake_tsc + rnd_below(hz * 10);

                cr_assert_eq(guest_time(&cur, tsc), guest_time(&old, tsc),
                             "hz %llu", (unsigned long long)hz);
            }
            old = cur;
        }
    }
}

/*
 * The protocol under a real race: one thread republishes continuously,
 * another reads as a guest does.  Every read the protocol accepts must be
 * one consistent publication (its system_time is its own stamp's time).
 */
static volatile bool race_stop;

static void *publisher(void *arg)
{
    (void)arg;
    while (!race_stop) {
        /* Past the next stamp (2^33 ticks here) every time. */
        fake_tsc += (1ULL << 33) + rnd_below(1ULL << 30);
        time_update_vcpu(&vcpu0);
    }
    return NULL;
}

Test(pvclock, torn_reads_are_never_accepted)
{
    struct time_scale ts;
    pthread_t th;
    unsigned long accepted = 0;

    time_setup(2400000000ULL, false);
    time_scale_init(&ts, 2400000000ULL);
    time_update_vcpu(&vcpu0);
    cr_assert_eq(pthread_create(&th, NULL, publisher, NULL), 0);
    for (unsigned int i = 0; i < 2000000; i++) {
        struct vcpu_time_info r;

        if (!guest_read(&vcpu0.vcpu_info->time, &r))
            continue;
        accepted++;
        /* Each publication's own pair, and the stamp is on its grid. */
        cr_assert_eq(r.system_time,
                     time_scale_delta(r.tsc_timestamp - BOOT_TSC, &ts),
                     "torn read accepted (version %u)", r.version);
        cr_assert_eq(r.tsc_to_system_mul, ts.mul_frac);
    }
    race_stop = true;
    pthread_join(th, NULL);
    cr_assert(accepted > 0);
}

/* ---- wall clock ---- */

Test(wallclock, is_the_wall_time_at_system_time_zero)
{
    time_setup(1000000000, false);          /* 1 tick = 1 ns exactly */
    fake_tsc = BOOT_TSC + 1500000000ULL;    /* NOW() = 1.5 s */
    time_set_wallclock(1700000000ULL);
    time_update_wallclock(&dom);
    cr_assert_eq(shinfo->wc_version, 2);
    cr_assert_eq(shinfo->wc_sec, 1699999998u);
    cr_assert_eq(shinfo->wc_nsec, 500000000u);
    cr_assert_eq(shinfo->wc_sec_hi, 0);
}

Test(wallclock, seconds_beyond_32_bits_go_to_wc_sec_hi)
{
    uint64_t secs = 5000000000ULL;          /* in 2128 */

    time_setup(1000000000, false);
    time_set_wallclock(secs);
    time_update_wallclock(&dom);
    time_update_wallclock(&dom);
    cr_assert_eq(shinfo->wc_version, 4);
    cr_assert_eq(((uint64_t)shinfo->wc_sec_hi << 32) | shinfo->wc_sec, secs);
    cr_assert_eq(shinfo->wc_nsec, 0);
}

/* ---- RTC calendar arithmetic (arch/x86/rtc.c) ---- */

static uint64_t mk(unsigned int y, unsigned int mo, unsigned int d,
                   unsigned int h, unsigned int mi, unsigned int s)
{
    struct rtc_time tm = { y, mo, d, h, mi, s };

    return rtc_mktime(&tm);
}

Test(rtc, known_dates)
{
    cr_assert_eq(mk(1970, 1, 1, 0, 0, 0), 0);
    cr_assert_eq(mk(1999, 12, 31, 23, 59, 59), 946684799);
    cr_assert_eq(mk(2000, 3, 1, 0, 0, 0), 951868800);      /* 2000: leap */
    cr_assert_eq(mk(2024, 2, 29, 12, 34, 56), 1709210096);
    cr_assert_eq(mk(2038, 1, 19, 3, 14, 8), 2147483648ULL);
    cr_assert_eq(mk(2100, 3, 1, 0, 0, 0), 4107542400ULL);  /* 2100: not */
}

Test(rtc, agrees_with_libc_timegm)
{
    static const unsigned int mdays[] = { 31, 28, 31, 30, 31, 30,
                                          31, 31, 30, 31, 30, 31 };

    for (unsigned int i = 0; i < 20000; i++) {
        struct tm t = { 0 };
        unsigned int y = 1970 + rnd_below(200), mo = 1 + rnd_below(12);
        unsigned int d = 1 + rnd_below(mdays[mo - 1]);
        unsigned int h = rnd_below(24), mi = rnd_below(60), s = rnd_below(60);

        t.tm_year = (int)y - 1900;
        t.tm_mon = (int)mo - 1;
        t.tm_mday = (int)d;
        t.tm_hour = (int)h;
        t.tm_min = (int)mi;
        t.tm_sec = (int)s;
        cr_assert_eq(mk(y, mo, d, h, mi, s), (uint64_t)timegm(&t),
                     "%u-%u-%u %u:%u:%u", y, mo, d, h, mi, s);
    }
}
