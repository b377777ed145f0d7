/*
 * Time: the pvclock, the wall clock and one-shot software timers.
 *
 * System time is published per vCPU in vcpu_info.time (xen/xen.h,
 * struct vcpu_time_info): at TSC value tsc_timestamp it was system_time
 * ns, and
 *     now = system_time + ((tsc - tsc_timestamp) << tsc_shift)
 *                         * tsc_to_system_mul >> 32
 * (tsc_shift may be negative: shift right).  Xen bumps version to odd
 * before it rewrites the fields and to even after, so a reader retries
 * while version is odd or changed.  The product is 64 x 32 bits taken
 * through 96, since the stamp may be old enough for the shifted delta to
 * need all 64.
 *
 * Timers: a list sorted by deadline; its head is programmed into the
 * vCPU's single-shot timer (VCPUOP_set_singleshot_timer), whose expiry
 * raises VIRQ_TIMER.  Xen also starts every vCPU with a 10 ms periodic
 * timer on the same VIRQ; it is stopped here, so every VIRQ_TIMER is a
 * deadline this kernel asked for.
 */
#include <abi/guest_hypercall.h>
#include <guest/console.h>
#include <guest/events.h>
#include <guest/irqflags.h>
#include <guest/time.h>

long time_virq_port = -1;
unsigned long time_virq_count;
uint64_t time_virq_last;

static struct timer *timers;    /* sorted by deadline, earliest first */

/* rdtsc after earlier loads (lfence): the TSC read cannot run early. */
static inline uint64_t rdtsc_ordered(void)
{
    uint32_t lo, hi;

    asm volatile ("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
    return ((uint64_t)hi << 32) | lo;
}

static uint64_t scale_delta(uint64_t delta, uint32_t mul, int8_t shift)
{
    if (shift < 0)
        delta >>= -shift;
    else
        delta <<= shift;
    return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

uint64_t time_now(void)
{
    const volatile struct vcpu_time_info *t = &irq_vcpu_info()->time;
    uint32_t version, mul;
    uint64_t stamp, system_time, tsc;
    int8_t shift;

    do {
        version = t->version;
        barrier();
        stamp = t->tsc_timestamp;
        system_time = t->system_time;
        mul = t->tsc_to_system_mul;
        shift = t->tsc_shift;
        tsc = rdtsc_ordered();
        barrier();
    } while ((version & 1) || version != t->version);
    return system_time + scale_delta(tsc - stamp, mul, shift);
}

void time_wallclock(uint64_t *sec, uint32_t *nsec)
{
    const volatile shared_info_t *s = shared_info;
    uint32_t version, wc_nsec;
    uint64_t wc_sec, now;

    /* wc_version follows the same odd-while-updating rule. */
    do {
        version = s->wc_version;
        barrier();
        wc_sec = ((uint64_t)s->wc_sec_hi << 32) | s->wc_sec;
        wc_nsec = s->wc_nsec;
        barrier();
    } while ((version & 1) || version != s->wc_version);
    now = wc_nsec + time_now();
    *sec = wc_sec + now / NSEC_PER_SEC;
    *nsec = (uint32_t)(now % NSEC_PER_SEC);
}

long time_set_singleshot(uint64_t deadline, uint32_t flags)
{
    struct vcpu_set_singleshot_timer op = {
        .timeout_abs_ns = deadline,
        .flags = flags,
    };

    return HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &op);
}

/* Events masked: the hardware deadline follows the list's head. */
static void program(void)
{
    long rc;

    if (!timers)
        return;
    /* Without VCPU_SSHOTTMR_future a past deadline fires at once. */
    rc = time_set_singleshot(timers->deadline, 0);
    if (rc)
        panic("set_singleshot_timer: %ld", rc);
}

static void unlink(struct timer *t)
{
    struct timer **pp;

    for (pp = &timers; *pp; pp = &(*pp)->next) {
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    }
    t->next = NULL;
    t->armed = false;
}

void timer_add(struct timer *t, uint64_t deadline)
{
    unsigned long flags = local_irq_save();
    struct timer **pp;

    if (t->armed)
        unlink(t);
    t->deadline = deadline;
    for (pp = &timers; *pp && (*pp)->deadline <= deadline;
         pp = &(*pp)->next)
        ;
    t->next = *pp;
    *pp = t;
    t->armed = true;
    if (timers == t)
        program();
    local_irq_restore(flags);
}

void timer_del(struct timer *t)
{
    unsigned long flags = local_irq_save();

    if (t->armed)
        unlink(t);
    local_irq_restore(flags);
}

/*
 * VIRQ_TIMER: run every timer whose deadline has passed by the guest's
 * own clock (a timer is never run early, whatever the hypervisor did),
 * then program the next deadline.
 */
static void timer_virq(evtchn_port_t port, struct trap_frame *frame,
                       void *data)
{
    uint64_t now = time_now();
    struct timer *t;

    (void)port, (void)frame, (void)data;
    time_virq_count++;
    time_virq_last = now;
    while ((t = timers) != NULL && t->deadline <= now) {
        unlink(t);
        t->fn(t);
        now = time_now();
    }
    program();
}

void time_init(void)
{
    long rc = HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);

    if (rc)
        printk("info: time: stop_periodic_timer: %ld\n", rc);
    time_virq_port = evtchn_bind_virq(VIRQ_TIMER, 0, timer_virq, NULL);
    if (time_virq_port < 0)
        printk("info: time: bind VIRQ_TIMER: %ld\n", time_virq_port);
}
