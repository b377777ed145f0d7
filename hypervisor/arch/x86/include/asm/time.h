/*
 * x86 time sources: the TSC (calibrated against the PIT) and the CMOS
 * real-time clock.  The local APIC timer is in asm/apic.h.
 */
#ifndef ASM_TIME_H
#define ASM_TIME_H

#include <hv/types.h>

/* Calendar time as the RTC keeps it (UTC, as on Xen hosts). */
struct rtc_time {
    unsigned int year;          /* e.g. 2025 */
    unsigned int mon;           /* 1-12 */
    unsigned int mday;          /* 1-31 */
    unsigned int hour, min, sec;
};

/*
 * Reads the CMOS RTC once: waits (bounded) for no update in progress, and
 * reads until two passes agree.  Returns false when no plausible time can
 * be read (no RTC, or values out of range).
 */
bool rtc_read(struct rtc_time *tm);

/* Seconds since 1970-01-01 00:00:00 UTC for a valid 'tm' (year >= 1970). */
uint64_t rtc_mktime(const struct rtc_time *tm);

/* What the TSC calibration found (tsc.c). */
struct tsc_info {
    uint64_t hz;                /* measured frequency */
    const char *method;         /* "PIT ch2", "PIT ch0", "CPUID 0x16", ... */
    unsigned int window_ms;     /* length of the measurement */
    bool invariant;             /* CPUID 0x80000007 EDX[8] */
    bool deadline;              /* CPUID 1 ECX[24]: TSC-deadline timer */
};

/* Measures the TSC frequency; always terminates, falling back on CPUID. */
void tsc_calibrate(struct tsc_info *info);

#endif /* ASM_TIME_H */
