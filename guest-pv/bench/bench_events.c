/*
 * Benchmark cases for events, time and scheduling in one domain: an
 * event sent to ourselves and taken as an upcall, how late a one-shot
 * timer's handler runs, and a yield with nothing else to run.
 */
#include <abi/guest_hypercall.h>
#include <xen/errno.h>
#include <guest/events.h>
#include <guest/hypervisor.h>
#include <guest/irqflags.h>
#include <guest/pvops.h>
#include <guest/time.h>
#include "bench_case.h"

/* ---- evtchn_send_upcall -------------------------------------------- */

/*
 * EVTCHNOP_send on an IPI port bound to our own vCPU 0, with events
 * enabled: the hypervisor sets the port pending and, on the way back
 * from the hypercall, bounces the upcall to the guest (entry.S,
 * event_upcall's 2-level scan, the port's handler), which returns
 * through HYPERVISOR_iret.  The timed window is the whole of that.
 */
static long ipi_port = -1;
static volatile unsigned long ipi_seen;
static unsigned long ipi_flags;

static void ipi_handler(evtchn_port_t port, struct trap_frame *frame,
                        void *data)
{
    (void)port, (void)frame, (void)data;
    ipi_seen++;
}

static long setup_send_upcall(void)
{
    long rc;

    if (!vcpu0())
        return -XEN_EFAULT;     /* shared_info is not mapped */
    rc = evtchn_bind_ipi(0, ipi_handler, NULL);
    if (rc < 0)
        return rc;
    ipi_port = rc;
    /* Events on, as a kernel runs: sti, and the port itself unmasked. */
    ipi_flags = local_irq_save();
    local_irq_enable();
    rc = evtchn_unmask((evtchn_port_t)ipi_port);
    return rc < 0 ? rc : 0;
}

static long op_send_upcall(void)
{
    unsigned long before = ipi_seen;
    long rc = evtchn_send((evtchn_port_t)ipi_port);

    if (rc < 0)
        return rc;
    /* The upcall must have come on the hypercall's return. */
    return ipi_seen == before + 1 ? 0 : -XEN_EIO;
}

static void teardown_send_upcall(void)
{
    (void)evtchn_close((evtchn_port_t)ipi_port);
    local_irq_restore(ipi_flags);
}

const struct bench_case bench_evtchn_send_upcall = {
    .name = "evtchn_send_upcall",
    .setup = setup_send_upcall,
    .op = op_send_upcall,
    .teardown = teardown_send_upcall,
    .hypervisor_only = true,
};

/* ---- timer_event_latency ------------------------------------------- */

/*
 * A one-shot timer TIMER_AHEAD_NS ahead (kernel/time.c: a software timer
 * on pv_ops.timer, the vCPU's single-shot timer and VIRQ_TIMER under a
 * hypervisor, the APIC's TSC deadline natively), the CPU halted through
 * pv_ops.irq.halt meanwhile (SCHEDOP_block; emulated `sti; hlt` under
 * trap; a real one natively); a sample is the clock read first thing in
 * the timer's handler minus the deadline: how late the handler ran, in
 * ns (under -icount shift=0, instructions executed past the deadline).
 * It includes the timer interrupt, waking the CPU, the upcall (or the
 * IDT entry) and the kernel's timer handler up to the timer's function.
 */
#define TIMER_AHEAD_NS  (100 * NSEC_PER_USEC)

static struct timer lat_timer;
static volatile bool lat_fired;
static volatile uint64_t lat_fired_at;

static void lat_fn(struct timer *t)
{
    (void)t;
    lat_fired_at = time_now();
    lat_fired = true;
}

static long setup_timer_latency(void)
{
    /* Under a hypervisor, VIRQ_TIMER must have been bound. */
    if (pvops_hypervisor() && time_virq_port < 0)
        return time_virq_port;
    lat_timer.fn = lat_fn;
    return 0;
}

static long measure_timer_latency(uint64_t *value)
{
    unsigned long flags = local_irq_save();
    uint64_t deadline;

    lat_fired = false;
    deadline = time_now() + TIMER_AHEAD_NS;
    timer_add(&lat_timer, deadline);
    /* halt enables interrupts and waits in one step. */
    while (!lat_fired) {
        local_irq_halt();
        local_irq_disable();
    }
    local_irq_restore(flags);
    /* Never early (time.c runs no timer before its deadline). */
    *value = lat_fired_at - deadline;
    return 0;
}

const struct bench_case bench_timer_event_latency = {
    .name = "timer_event_latency",
    .setup = setup_timer_latency,
    .measure = measure_timer_latency,
};

/* ---- yield --------------------------------------------------------- */

/*
 * SCHEDOP_yield with no other vCPU runnable on this CPU: the scheduler
 * runs, finds the caller still the best choice, and returns to it.
 */
static long op_yield(void)
{
    return HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

const struct bench_case bench_yield = {
    .name = "yield",
    .op = op_yield,
    .hypervisor_only = true,
};
