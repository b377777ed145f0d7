/*
 * The TSC as the system-time source: its frequency measured against the
 * 8254 PIT, then the boot order of the x86 time sources (arch_time_init).
 *
 * The PIT counts at a fixed 1.193182 MHz.  Channel 2 is the one software
 * may use freely: its gate is bit 0 of port 0x61 and its output reads back
 * as bit 5 there, so "count N ticks in mode 0, wait for the output to go
 * high" times an exact interval without interrupts.  Every wait below is
 * bounded by a poll count and by the TSC itself, so a machine without a
 * PIT (or an emulator whose clock runs with the instruction count, as
 * QEMU's -icount) still boots and says what it measured.
 */
#include <hv/lib.h>
#include <hv/printk.h>
#include <hv/time.h>
#include <asm/apic.h>
#include <asm/processor.h>
#include <asm/time.h>

#define PIT_HZ          1193182ULL
#define PIT_CH0         0x40
#define PIT_CH2         0x42
#define PIT_MODE        0x43
#define PIT_CH0_LOHI_M0 0x30    /* channel 0, lo/hi byte, mode 0, binary */
#define PIT_CH2_LOHI_M0 0xb0    /* channel 2, lo/hi byte, mode 0, binary */
#define PIT_CH0_LATCH   0x00    /* counter latch command, channel 0 */

#define PORT_B          0x61
#define PORT_B_GATE2    0x01
#define PORT_B_SPEAKER  0x02
#define PORT_B_OUT2     0x20

/*
 * 10 ms: long enough for an error near 100 ppm from the few port accesses
 * around the measured window, short enough under QEMU's -icount, where
 * each poll is an emulated port read.
 */
#define CAL_MS          10
#define CAL_PIT_TICKS   (PIT_HZ * CAL_MS / 1000)
#define CAL_MAX_POLLS   50000000UL
/* 10 ms at 100 GHz: a TSC delta beyond this means the PIT is not counting. */
#define CAL_MAX_TSC     (1ULL << 30)

uint64_t arch_read_tsc(void)
{
    uint32_t lo, hi;

    /* lfence keeps rdtsc from running ahead of earlier instructions
     * (Xen's rdtsc_ordered): NOW() must not be read "early". */
    asm volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
    return ((uint64_t)hi << 32) | lo;
}

/* Waits for channel 2's output; returns the TSC ticks taken, 0 if never. */
static uint64_t wait_out2(uint64_t t0)
{
    for (unsigned long polls = 0; polls < CAL_MAX_POLLS; polls++) {
        if (inb(PORT_B) & PORT_B_OUT2)
            return arch_read_tsc() - t0;
        if (arch_read_tsc() - t0 > CAL_MAX_TSC)
            break;
    }
    return 0;
}

/*
 * Channel 2, mode 0: the output drops when the count is written and rises
 * when it runs out.  An output already high right after programming means
 * there is no channel 2 behind port 0x61 (QEMU's microvm has no speaker
 * port, for one).
 */
static uint64_t pit_ch2_measure(void)
{
    uint8_t saved = inb(PORT_B);
    uint64_t t0, ticks = 0;

    outb(PORT_B, (saved & ~PORT_B_SPEAKER) | PORT_B_GATE2);
    outb(PIT_MODE, PIT_CH2_LOHI_M0);
    outb(PIT_CH2, CAL_PIT_TICKS & 0xff);
    outb(PIT_CH2, CAL_PIT_TICKS >> 8);
    t0 = arch_read_tsc();
    if (!(inb(PORT_B) & PORT_B_OUT2))
        ticks = wait_out2(t0);
    outb(PORT_B, saved);
    return ticks;
}

static unsigned int pit_ch0_count(void)
{
    unsigned int lo, hi;

    outb(PIT_MODE, PIT_CH0_LATCH);
    lo = inb(PIT_CH0);
    hi = inb(PIT_CH0);
    return lo | (hi << 8);
}

/*
 * Fallback without port 0x61: channel 0 counts down from 0xffff (55 ms,
 * longer than the window) and is read back with latch commands.  Its
 * output is IRQ 0, masked at the PIC.  Returns the TSC ticks for
 * *pit_ticks PIT ticks, or 0.
 */
static uint64_t pit_ch0_measure(uint64_t *pit_ticks)
{
    unsigned int start, now;
    uint64_t t0;

    outb(PIT_MODE, PIT_CH0_LOHI_M0);
    outb(PIT_CH0, 0xff);
    outb(PIT_CH0, 0xff);
    (void)pit_ch0_count();      /* the count loads on the next PIT clock */
    start = pit_ch0_count();
    t0 = arch_read_tsc();
    for (unsigned long polls = 0; polls < CAL_MAX_POLLS; polls++) {
        now = pit_ch0_count();
        if (now <= start && start - now >= CAL_PIT_TICKS) {
            *pit_ticks = start - now;
            return arch_read_tsc() - t0;
        }
        if (now > start || arch_read_tsc() - t0 > CAL_MAX_TSC)
            break;
    }
    return 0;
}

static bool cpu_has(uint32_t leaf, unsigned int reg, unsigned int bit)
{
    uint32_t r[4], max;

    cpuid(leaf & 0x80000000, 0, &max, &r[1], &r[2], &r[3]);
    if (max < leaf)
        return false;
    cpuid(leaf, 0, &r[0], &r[1], &r[2], &r[3]);
    return (r[reg] >> bit) & 1;
}

enum { EAX, EBX, ECX, EDX };

/* CPUID 0x16 EAX: the processor's base frequency in MHz, if reported. */
static uint64_t cpuid_base_hz(void)
{
    uint32_t max, a, b, c, d;

    cpuid(0, 0, &max, &b, &c, &d);
    if (max < 0x16)
        return 0;
    cpuid(0x16, 0, &a, &b, &c, &d);
    return (uint64_t)(a & 0xffff) * 1000000;
}

void tsc_calibrate(struct tsc_info *info)
{
    uint64_t pit_ticks = CAL_PIT_TICKS;
    uint64_t ticks = pit_ch2_measure();

    info->invariant = cpu_has(0x80000007, EDX, 8);
    info->deadline = cpu_has(1, ECX, 24);
    info->window_ms = CAL_MS;
    info->method = "PIT ch2";
    if (!ticks) {
        info->method = "PIT ch0";
        ticks = pit_ch0_measure(&pit_ticks);
    }
    if (ticks) {
        info->hz = ticks * PIT_HZ / pit_ticks;
        return;
    }
    /* No PIT that counts: trust CPUID, or guess loudly. */
    info->window_ms = 0;
    info->hz = cpuid_base_hz();
    info->method = "CPUID 0x16, no PIT";
    if (!info->hz) {
        info->hz = 1000000000;
        info->method = "guessed, no PIT or CPUID 0x16";
    }
}

/* "2994.270 MHz" (printk has no %f). */
static void print_hz(char *buf, size_t len, uint64_t hz)
{
    snprintf(buf, len, "%lu.%03lu MHz", (unsigned long)(hz / 1000000),
             (unsigned long)(hz / 1000 % 1000));
}

void arch_time_init(void)
{
    struct tsc_info tsc;
    struct rtc_time tm;
    char mhz[32], wall[32] = "unknown (no RTC)";
    bool timer_ok;

    tsc_calibrate(&tsc);
    time_init(tsc.hz, tsc.invariant);
    if (rtc_read(&tm)) {
        time_set_wallclock(rtc_mktime(&tm));
        snprintf(wall, sizeof(wall), "%04u-%02u-%02u %02u:%02u:%02u UTC",
                 tm.year, tm.mon, tm.mday, tm.hour, tm.min, tm.sec);
    }
    timer_ok = apic_init(tsc.deadline) && apic_timer_selftest();
    print_hz(mhz, sizeof(mhz), tsc.hz);
    printk("time: TSC %s (%s, %u ms, %s), APIC timer (%s%s), wall clock %s\n",
           mhz, tsc.method, tsc.window_ms,
           tsc.invariant ? "invariant" : "not invariant",
           apic_timer_describe(), timer_ok ? "" : ", NOT WORKING", wall);
}
