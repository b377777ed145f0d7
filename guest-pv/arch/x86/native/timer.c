/*
 * The native clock and one-shot timer: the TSC, calibrated, published as
 * a pvclock; the local APIC timer.
 *
 * Clock: the TSC frequency comes from counting the TSC across 10 ms of
 * the 8254 PIT (channel 0 read back with latch commands: every QEMU
 * machine with a PIT has it, microvm has no port 0x61 for channel 2),
 * else from CPUID leaf 0x15 when it names the crystal, else from CPUID
 * 0x16's base frequency.  The result is written
 * into vCPU 0's vcpu_time_info in the native shared_info page exactly as
 * Xen publishes it (xen/xen.h), so the kernel's pvclock reader is the
 * kernel clock natively too.
 *
 * Wall clock: the CMOS RTC, read once (the hypervisor's rtc.c), into
 * shared_info as Xen keeps it there.
 *
 * Timer: TSC-deadline mode when CPUID.1:ECX[24] says the APIC has it
 * (the interrupt comes when the TSC reaches the value), else one-shot
 * counting at a rate measured against the TSC; a count that runs out
 * before the deadline (the rate is approximate) is re-armed for the rest,
 * so fn never runs early.  x2APIC (MSRs) when CPUID has it, else the
 * xAPIC page through the direct map.
 */
#include <guest/console.h>
#include <guest/hypervisor.h>
#include <guest/native.h>
#include <guest/pvclock.h>
#include <guest/pvclock_math.h>
#include <guest/pvops.h>
#include "native_boot.h"
#include "native_hv.h"

#define MSR_APIC_BASE       0x1bu
#define MSR_TSC_DEADLINE    0x6e0u
#define MSR_X2APIC_FIRST    0x800u
#define APIC_BASE_X2APIC    (1ul << 10)
#define APIC_BASE_ENABLE    (1ul << 11)
#define APIC_BASE_ADDR      0xffffff000ul

#define APIC_TPR            0x080
#define APIC_EOI            0x0b0
#define APIC_SVR            0x0f0
#define APIC_LVT_TIMER      0x320
#define APIC_TMICT          0x380
#define APIC_TMCCT          0x390
#define APIC_TDCR           0x3e0
#define SVR_ENABLE          0x100
#define LVT_MODE_DEADLINE   (2u << 17)
#define TDCR_DIV_1          0xb

#define CPUID1_ECX_X2APIC   (1u << 21)
#define CPUID1_ECX_DEADLINE (1u << 24)

#define PIT_HZ              1193182ul
#define PIT_CH0             0x40
#define PIT_MODE            0x43
#define PIT_CH0_MODE0       0x30    /* channel 0, lo/hi byte, mode 0 */
#define PIT_CH0_LATCH       0x00
#define CAL_PIT_TICKS       (PIT_HZ / 100)      /* 10 ms */
#define CAL_MAX_POLLS       10000000ul

#define NSEC_PER_SEC        1000000000ul

static bool x2apic, deadline_mode;
static volatile uint32_t *xapic;
static uint64_t tsc_hz;
static uint64_t apic_per_tsc_32;        /* APIC counts per TSC tick << 32 */
static uint64_t armed_tsc;              /* the deadline, 0 when none */
static void (*timer_fn)(void);

static void cpuid(uint32_t leaf, uint32_t r[4])
{
    pv_ops.cpu.cpuid(leaf, 0, r);
}

static uint64_t rdmsr(uint32_t msr)
{
    uint64_t v = 0;

    if (pv_ops.cpu.read_msr(msr, &v))
        panic("native: rdmsr 0x%x faulted", msr);
    return v;
}

static void wrmsr(uint32_t msr, uint64_t v)
{
    if (pv_ops.cpu.write_msr(msr, v))
        panic("native: wrmsr 0x%x <- 0x%lx faulted", msr,
                   (unsigned long)v);
}

static void outb(uint16_t port, uint8_t v)
{
    asm volatile ("outb %0, %1" : : "a"(v), "Nd"(port));
}

static uint8_t inb(uint16_t port)
{
    uint8_t v;

    asm volatile ("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static uint32_t apic_read(unsigned int reg)
{
    return x2apic ? (uint32_t)rdmsr(MSR_X2APIC_FIRST + (reg >> 4))
                  : xapic[reg / 4];
}

static void apic_write(unsigned int reg, uint32_t v)
{
    if (x2apic)
        wrmsr(MSR_X2APIC_FIRST + (reg >> 4), v);
    else
        xapic[reg / 4] = v;
}

/*
 * A down-counter's value and the TSC at one instant: of a few reads,
 * each bracketed by two TSC reads, the one with the narrowest bracket
 * (a virtual CPU may be descheduled between any two instructions;
 * both clocks run in real time, so only the bracket matters).
 */
static uint32_t counter_at(uint32_t (*read)(void), uint64_t *tsc)
{
    uint64_t best = ~0ull, before, after;
    uint32_t count = 0, c;

    *tsc = 0;
    for (unsigned int i = 0; i < 5; i++) {
        before = rdtsc_ordered();
        c = read();
        after = rdtsc_ordered();
        if (after - before < best) {
            best = after - before;
            count = c;
            *tsc = before + best / 2;
        }
    }
    return count;
}

/* ---- TSC frequency ---- */

static uint32_t pit_count(void)
{
    uint32_t lo, hi;

    outb(PIT_MODE, PIT_CH0_LATCH);
    lo = inb(PIT_CH0);
    hi = inb(PIT_CH0);
    return lo | hi << 8;
}

/*
 * TSC ticks in CAL_PIT_TICKS of channel 0, which counts down from
 * 0xffff (55 ms, longer than the window); 0 if it does not count.
 */
static uint64_t pit_measure(void)
{
    uint32_t start, end;
    uint64_t t0, t1;

    outb(PIT_MODE, PIT_CH0_MODE0);
    outb(PIT_CH0, 0xff);
    outb(PIT_CH0, 0xff);
    (void)pit_count();              /* loads on the next PIT clock */
    start = counter_at(pit_count, &t0);
    for (unsigned long i = 0; i < CAL_MAX_POLLS; i++) {
        uint32_t now = pit_count();

        if (now > start)            /* wrapped or not counting */
            return 0;
        if (start - now < CAL_PIT_TICKS)
            continue;
        end = counter_at(pit_count, &t1);
        if (end > start)
            return 0;
        return (t1 - t0) * CAL_PIT_TICKS / (start - end);
    }
    return 0;
}

/*
 * The PIT first: it measures the TSC as it runs, which under QEMU's
 * -icount (virtual time, 1 GHz) is not what CPUID would claim.
 */
static uint64_t tsc_frequency(const char **how)
{
    uint32_t r[4], max;
    uint64_t ticks = pit_measure();

    *how = "PIT";
    if (ticks)
        return ticks * 100;
    cpuid(0, r);
    max = r[0];
    if (max >= 0x15) {
        cpuid(0x15, r);
        *how = "CPUID 0x15 (no PIT)";
        if (r[0] && r[1] && r[2])
            return (uint64_t)r[2] * r[1] / r[0];
    }
    if (max >= 0x16) {
        cpuid(0x16, r);
        *how = "CPUID 0x16 (no PIT)";
        if (r[0] & 0xffff)
            return (uint64_t)(r[0] & 0xffff) * 1000000;
    }
    *how = "GUESSED (no PIT, no CPUID 0x15/0x16)";
    return NSEC_PER_SEC;
}

/* Published with Xen's version protocol (odd while writing). */
static void publish_pvclock(uint64_t hz)
{
    volatile struct vcpu_time_info *t = &shared_info->vcpu_info[0].time;
    uint32_t mul;
    int8_t shift;

    pvclock_params(hz, &mul, &shift);
    t->version++;
    asm volatile ("" : : : "memory");
    t->tsc_timestamp = rdtsc_ordered();
    t->system_time = 0;
    t->tsc_to_system_mul = mul;
    t->tsc_shift = shift;
    asm volatile ("" : : : "memory");
    t->version++;
}

/*
 * shared_info's wall clock (xen/xen.h: the time of day at system time
 * 0), from the CMOS clock: boot is system time 0 to within the RTC's
 * one-second resolution.  Left 0 without an RTC.
 */
static uint64_t publish_wallclock(void)
{
    uint64_t sec = native_rtc_seconds();

    shared_info->wc_version++;
    asm volatile ("" : : : "memory");
    shared_info->wc_sec = (uint32_t)sec;
    shared_info->wc_sec_hi = (uint32_t)(sec >> 32);
    shared_info->wc_nsec = 0;
    asm volatile ("" : : : "memory");
    shared_info->wc_version++;
    return sec;
}

/* ---- local APIC ---- */

static void apic_enable(void)
{
    uint32_t r[4];
    uint64_t base = rdmsr(MSR_APIC_BASE);

    cpuid(1, r);
    x2apic = r[2] & CPUID1_ECX_X2APIC;
    deadline_mode = r[2] & CPUID1_ECX_DEADLINE;
    base |= APIC_BASE_ENABLE | (x2apic ? APIC_BASE_X2APIC : 0);
    wrmsr(MSR_APIC_BASE, base);
    if (!x2apic)
        xapic = native_phys(base & APIC_BASE_ADDR);
    apic_write(APIC_TPR, 0);
    apic_write(APIC_SVR, SVR_ENABLE | NATIVE_SPURIOUS_VECTOR);
    apic_write(APIC_TDCR, TDCR_DIV_1);
    apic_write(APIC_LVT_TIMER, NATIVE_TIMER_VECTOR |
                               (deadline_mode ? LVT_MODE_DEADLINE : 0));
}

static uint32_t apic_current_count(void)
{
    return apic_read(APIC_TMCCT);
}

/*
 * One-shot mode's rate, APIC counts per TSC tick, between two (TSC,
 * count) instants 10 ms apart.  Both clocks run in real time, so where
 * the CPU was in between does not matter.
 */
static void apic_calibrate(void)
{
    uint64_t t0, t1;
    uint32_t c0, c1;

    apic_write(APIC_TMICT, 0xffffffffu);
    c0 = counter_at(apic_current_count, &t0);
    while (rdtsc_ordered() - t0 < tsc_hz / 100)
        ;
    c1 = counter_at(apic_current_count, &t1);
    apic_write(APIC_TMICT, 0);
    /* c0 - c1 < 2^32, so the shift fits in 64 bits. */
    apic_per_tsc_32 = ((uint64_t)(c0 - c1) << 32) / (t1 - t0);
}

void native_timer_program(uint64_t tsc)
{
    uint64_t now, count;

    armed_tsc = tsc;
    if (deadline_mode) {
        wrmsr(MSR_TSC_DEADLINE, tsc);
        return;
    }
    if (tsc == 0) {
        apic_write(APIC_TMICT, 0);
        return;
    }
    /*
     * 7/8 of the count: an error in the measured rate then makes the
     * timer early, which native_timer_interrupt() re-arms for the rest,
     * rather than late.
     */
    now = rdtsc_ordered();
    count = tsc > now ? (uint64_t)(((unsigned __int128)(tsc - now) *
                                    apic_per_tsc_32) >> 32) * 7 / 8 : 0;
    apic_write(APIC_TMICT, count == 0 ? 1 : count > 0xffffffffu
                                            ? 0xffffffffu : count);
}

/* From entry.S's native_timer_stub, interrupts disabled. */
void native_timer_interrupt(void);

void native_timer_interrupt(void)
{
    apic_write(APIC_EOI, 0);
    if (!armed_tsc)
        return;
    if (rdtsc_ordered() < armed_tsc) {
        native_timer_program(armed_tsc);    /* the count ran out early */
        return;
    }
    armed_tsc = 0;
    if (timer_fn)
        timer_fn();
}

void native_timer_init(void (*fn)(void))
{
    const char *how;
    uint64_t wall;

    tsc_hz = tsc_frequency(&how);
    publish_pvclock(tsc_hz);
    wall = publish_wallclock();
    apic_enable();
    if (!deadline_mode)
        apic_calibrate();
    timer_fn = fn;
    printk("info: native: TSC %lu kHz (%s), %s APIC timer (%s), wall "
           "clock %lu s since 1970 (%s)\n", (unsigned long)(tsc_hz / 1000),
           how, x2apic ? "x2" : "x",
           deadline_mode ? "TSC deadline" : "one-shot", (unsigned long)wall,
           wall ? "CMOS RTC" : "NO RTC: 0");
}
