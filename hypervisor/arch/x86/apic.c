/*
 * The local APIC and its timer, the one-shot behind hypervisor timers.
 *
 * Register access: x2APIC (MSR 0x800 + offset / 16) when CPUID has it,
 * else xAPIC through the MMIO page named by IA32_APIC_BASE, mapped
 * uncached with ioremap_uc() (the direct map holds RAM only).
 *
 * Timer: in TSC-deadline mode the APIC interrupts when the TSC reaches
 * the value written to IA32_TSC_DEADLINE, which maps a system time to a
 * deadline exactly (stime_to_tsc).  Without it the timer counts down
 * from an initial count at a rate calibrated here against system time;
 * that rate is approximate, so an interrupt may come a little early,
 * which timer_run_expired() tolerates by reprogramming.
 */
#include <hv/lib.h>
#include <hv/printk.h>
#include <hv/softirq.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <asm/apic.h>
#include <asm/ioremap.h>
#include <asm/irq.h>
#include <asm/msr.h>
#include <asm/processor.h>

#define MSR_APIC_BASE           0x1b
#define APIC_BASE_EXTD          (1UL << 10)     /* x2APIC mode */
#define APIC_BASE_EN            (1UL << 11)     /* global enable */
#define APIC_BASE_ADDR          0x000ffffffffff000UL
#define MSR_X2APIC_BASE         0x800
#define MSR_TSC_DEADLINE        0x6e0

/* Register offsets in the xAPIC page. */
#define APIC_ID                 0x020
#define APIC_TPR                0x080
#define APIC_EOI                0x0b0
#define APIC_SVR                0x0f0
#define APIC_LVT_TIMER          0x320
#define APIC_TMICT              0x380           /* initial count */
#define APIC_TMCCT              0x390           /* current count */
#define APIC_TDCR               0x3e0           /* divide configuration */
#define APIC_ICR                0x300           /* x2APIC: the whole ICR */
#define APIC_ICR2               0x310           /* xAPIC: destination */

#define APIC_ICR_BUSY           (1U << 12)      /* xAPIC delivery status */
/* An IPI still pending after this long is reported as not sent. */
#define APIC_ICR_TIMEOUT        MILLISECS(10)

#define APIC_SVR_ENABLE         0x100
#define APIC_LVT_MASKED         (1U << 16)
#define APIC_TIMER_ONESHOT      (0U << 17)
#define APIC_TIMER_TSC_DEADLINE (2U << 17)
#define APIC_TDCR_DIV_1         0xb

#define CPUID1_EDX_APIC         (1U << 9)
#define CPUID1_ECX_X2APIC       (1U << 21)

/* Calibration window for the counting timer, against the TSC. */
#define APIC_CAL_NS             MILLISECS(10)

enum apic_mode { APIC_NONE, APIC_XAPIC, APIC_X2APIC };

static enum apic_mode mode;
static volatile uint32_t *mmio;
static bool use_deadline;
static uint64_t count_hz;               /* counting timer rate */
static unsigned long spurious_count;

static uint32_t apic_read(unsigned int reg)
{
    if (mode == APIC_X2APIC)
        return (uint32_t)rdmsr(MSR_X2APIC_BASE + (reg >> 4));
    return mmio[reg / 4];
}

static void apic_write(unsigned int reg, uint32_t val)
{
    if (mode == APIC_X2APIC)
        wrmsr(MSR_X2APIC_BASE + (reg >> 4), val);
    else
        mmio[reg / 4] = val;
}

void apic_eoi(void)
{
    apic_write(APIC_EOI, 0);
}

/* The APIC does not wait for an EOI after a spurious vector (SDM). */
static void spurious_interrupt(struct cpu_regs *regs)
{
    (void)regs;
    spurious_count++;
}

/*
 * Safe whatever it interrupted (a guest, or the idle loop's `sti; hlt`):
 * it only acknowledges and defers.  The timers run from TIMER_SOFTIRQ on
 * the way back to the guest, or in the idle loop.
 */
static void timer_interrupt(struct cpu_regs *regs)
{
    (void)regs;
    apic_eoi();
    raise_softirq(TIMER_SOFTIRQ);
}

void arch_timer_program(s_time_t deadline)
{
    uint64_t count;
    s_time_t delta;

    if (mode == APIC_NONE)
        return;
    if (use_deadline) {
        /* 0 disarms; any earlier TSC value interrupts at once. */
        wrmsr(MSR_TSC_DEADLINE, deadline ? MAX(stime_to_tsc(deadline), 1) : 0);
        return;
    }
    if (!deadline) {
        apic_write(APIC_TMICT, 0);      /* a zero count stops the timer */
        return;
    }
    delta = deadline - NOW();
    count = delta > 0 ? time_ticks_for_ns((uint64_t)delta, count_hz) : 1;
    /* Beyond the 32-bit counter: the interrupt comes early and the
     * expired-timer pass finds nothing due and re-arms for the rest. */
    apic_write(APIC_TMICT, (uint32_t)MIN(MAX(count, 1), UINT32_MAX));
}

/*
 * The counting timer's rate: let it run from 0xffffffff for 10 ms of
 * system time.  Only the TSC bounds the wait, which it always does.
 */
static bool calibrate_count_rate(void)
{
    s_time_t t0, t1;
    uint32_t left;

    apic_write(APIC_TDCR, APIC_TDCR_DIV_1);
    apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | APIC_TIMER_ONESHOT);
    apic_write(APIC_TMICT, UINT32_MAX);
    t0 = NOW();
    while (NOW() - t0 < APIC_CAL_NS)
        asm volatile("pause");
    left = apic_read(APIC_TMCCT);
    t1 = NOW();
    apic_write(APIC_TMICT, 0);
    /* Not counting, or run out (over 400 GHz): unusable. */
    if (left == 0 || left == UINT32_MAX)
        return false;
    count_hz = (uint64_t)(UINT32_MAX - left) * NSEC_PER_SEC /
               (uint64_t)(t1 - t0);
    return count_hz != 0;
}

/* Global enable, then x2APIC: the SDM forbids going from off to x2APIC
 * in one step. */
static bool apic_enable(void)
{
    uint32_t a, b, c, d;
    uint64_t base = rdmsr(MSR_APIC_BASE);

    cpuid(1, 0, &a, &b, &c, &d);
    if (!(d & CPUID1_EDX_APIC))
        return false;
    if (!(base & APIC_BASE_EN)) {
        base |= APIC_BASE_EN;
        wrmsr(MSR_APIC_BASE, base);
    }
    if (c & CPUID1_ECX_X2APIC) {
        if (!(base & APIC_BASE_EXTD))
            wrmsr(MSR_APIC_BASE, base | APIC_BASE_EXTD);
        mode = APIC_X2APIC;
        return true;
    }
    mmio = ioremap_uc(base & APIC_BASE_ADDR, PAGE_SIZE);
    if (!mmio)
        return false;
    mode = APIC_XAPIC;
    return true;
}

bool apic_init(bool tsc_deadline)
{
    if (!apic_enable()) {
        printk(XENLOG_ERR "time: no usable local APIC\n");
        return false;
    }
    set_irq_handler(SPURIOUS_APIC_VECTOR, spurious_interrupt);
    set_irq_handler(LOCAL_TIMER_VECTOR, timer_interrupt);
    apic_write(APIC_TPR, 0);
    apic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_APIC_VECTOR);
    if (tsc_deadline) {
        use_deadline = true;
        apic_write(APIC_LVT_TIMER, LOCAL_TIMER_VECTOR |
                                   APIC_TIMER_TSC_DEADLINE);
        /* The SDM asks for a fence between an xAPIC LVT write and the
         * deadline MSR write that relies on it. */
        asm volatile("mfence" ::: "memory");
        return true;
    }
    if (!calibrate_count_rate()) {
        printk(XENLOG_ERR "time: APIC timer does not count\n");
        mode = APIC_NONE;
        return false;
    }
    apic_write(APIC_LVT_TIMER, LOCAL_TIMER_VECTOR | APIC_TIMER_ONESHOT);
    return true;
}

/*
 * An AP: the same mode and timer as CPU 0, chosen (and calibrated) there;
 * each CPU's APIC has its own registers, so all are written again here.
 */
void apic_init_ap(void)
{
    uint64_t base = rdmsr(MSR_APIC_BASE);

    if (mode == APIC_NONE)
        return;
    if (!(base & APIC_BASE_EN))
        wrmsr(MSR_APIC_BASE, base |= APIC_BASE_EN);
    if (mode == APIC_X2APIC && !(base & APIC_BASE_EXTD))
        wrmsr(MSR_APIC_BASE, base | APIC_BASE_EXTD);
    apic_write(APIC_TPR, 0);
    apic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_APIC_VECTOR);
    if (use_deadline) {
        apic_write(APIC_LVT_TIMER, LOCAL_TIMER_VECTOR |
                                   APIC_TIMER_TSC_DEADLINE);
        asm volatile("mfence" ::: "memory");
    } else {
        apic_write(APIC_TDCR, APIC_TDCR_DIV_1);
        apic_write(APIC_LVT_TIMER, LOCAL_TIMER_VECTOR | APIC_TIMER_ONESHOT);
    }
}

uint32_t apic_id(void)
{
    if (mode == APIC_X2APIC)
        return apic_read(APIC_ID);
    return apic_read(APIC_ID) >> 24;
}

bool apic_send_ipi(uint32_t dest, uint32_t icr)
{
    s_time_t start;

    if (mode == APIC_X2APIC) {
        /*
         * x2APIC MSR writes are not serializing: without the fence the
         * IPI could overtake our earlier stores that its handler reads.
         */
        asm volatile("mfence" ::: "memory");
        wrmsr(MSR_X2APIC_BASE + (APIC_ICR >> 4), (uint64_t)dest << 32 | icr);
        return true;
    }
    if (mode != APIC_XAPIC)
        return false;
    /* Uncached stores stay in program order with the earlier ones. */
    apic_write(APIC_ICR2, dest << 24);
    apic_write(APIC_ICR, icr);
    for (start = NOW(); apic_read(APIC_ICR) & APIC_ICR_BUSY;)
        if (NOW() - start > APIC_ICR_TIMEOUT)
            return false;
    return true;
}

const char *apic_timer_describe(void)
{
    static char buf[64];
    const char *name = mode == APIC_X2APIC ? "x2APIC" : "xAPIC";

    if (mode == APIC_NONE)
        return "none";
    if (use_deadline)
        snprintf(buf, sizeof(buf), "%s TSC-deadline", name);
    else
        snprintf(buf, sizeof(buf), "%s one-shot %lu.%03lu MHz", name,
                 (unsigned long)(count_hz / 1000000),
                 (unsigned long)(count_hz / 1000 % 1000));
    return buf;
}

/* ---- boot self-check ---- */

static volatile bool selftest_fired;
static s_time_t selftest_fired_at;

static void selftest_fn(void *data)
{
    (void)data;
    selftest_fired_at = NOW();
    selftest_fired = true;
}

/* Spins with interrupts on until a softirq is raised or 'limit' passes. */
static void spin_for_softirq(s_time_t limit)
{
    /* On throughout, not one instruction at a time: QEMU's TCG takes
     * interrupts only between translated blocks. */
    asm volatile("sti" ::: "memory");
    while (!softirq_pending() && NOW() < limit)
        asm volatile("pause" ::: "memory");
    asm volatile("cli" ::: "memory");
}

/*
 * One 1 ms timer, waited for as the idle loop will: interrupts on until
 * one comes, spinning or halted in `sti; hlt` (sti's one-instruction
 * shadow makes the pair atomic: the wake-up cannot slip in between), then
 * the softirqs it raised run.  Returns how late the timer ran, or -1 when
 * it had not run after 100 ms.
 */
static s_time_t selftest_wait(bool halt)
{
    struct timer t;
    s_time_t start = NOW(), due = start + MILLISECS(1);

    init_timer(&t, selftest_fn, NULL);
    selftest_fired = false;
    set_timer(&t, due);
    while (!selftest_fired && NOW() - start < MILLISECS(100)) {
        if (halt)
            asm volatile("sti; hlt; cli" ::: "memory");
        else
            spin_for_softirq(start + MILLISECS(100));
        if (softirq_pending())
            do_softirq();
    }
    stop_timer(&t);
    return selftest_fired ? selftest_fired_at - due : -1;
}

bool apic_timer_selftest(void)
{
    s_time_t spin, halt;

    /* Spin first: hlt could wait forever for an interrupt that is lost. */
    spin = selftest_wait(false);
    if (spin < 0) {
        printk(XENLOG_ERR "time: APIC timer did not fire within 100 ms: "
               "guest timers will not work\n");
        return false;
    }
    halt = selftest_wait(true);
    printk("time: self-check: 1 ms timer ran %ld us late (spinning), "
           "%ld us late (sti; hlt)\n", (long)(spin / 1000),
           (long)(halt / 1000));
    return halt >= 0;
}
