/*
 * The event-channel upcall and the calls that bind, send, mask and close
 * ports.
 *
 * Xen's 2-level protocol (xen/xen.h, struct shared_info and vcpu_info):
 * a port is pending while its bit in shared_info.evtchn_pending is set;
 * if its mask bit is clear when that happens, Xen also sets bit
 * port / 64 of the vCPU's evtchn_pending_sel, then
 * evtchn_upcall_pending, and upcalls the kernel unless
 * evtchn_upcall_mask is set.  The guest consumes them in the opposite
 * order, so that an event raised meanwhile sets the flag again instead
 * of being lost: clear evtchn_upcall_pending, swap the selector with 0,
 * and for each word it names take pending & ~mask, clearing each pending
 * bit before calling the port's handler; repeat while the flag is set
 * again.  Mask bits are the guest's: Xen only reads them.
 */
#include <abi/guest_hypercall.h>
#include <guest/events.h>
#include <guest/hypervisor.h>
#include <guest/irqflags.h>
#include <guest/traps.h>

#define BITS_PER_WORD  (sizeof(xen_ulong_t) * 8)

struct evtchn_slot {
    evtchn_handler_fn fn;
    void *data;
};

static struct evtchn_slot handlers[NR_EVTCHN_PORTS];

unsigned long evtchn_dispatched, evtchn_spurious;

static void dispatch(evtchn_port_t port, struct trap_frame *frame)
{
    struct evtchn_slot *s = &handlers[port];

    evtchn_dispatched++;
    if (s->fn)
        s->fn(port, frame, s->data);
    else
        evtchn_spurious++;
}

/* One selector word: every pending, unmasked port, lowest first. */
static void scan_word(unsigned int word, struct trap_frame *frame)
{
    xen_ulong_t *pending = &shared_info->evtchn_pending[word];
    xen_ulong_t bits = *pending & ~shared_info->evtchn_mask[word];

    while (bits) {
        unsigned int bit = (unsigned int)__builtin_ctzl(bits);

        bits &= bits - 1;
        __atomic_fetch_and(pending, ~((xen_ulong_t)1 << bit),
                           __ATOMIC_SEQ_CST);
        dispatch((evtchn_port_t)(word * BITS_PER_WORD + bit), frame);
    }
}

void event_upcall(struct trap_frame *frame)
{
    vcpu_info_t *vi = irq_vcpu_info();
    xen_ulong_t sel;

    if (!shared_info)
        return;
    do {
        vi->evtchn_upcall_pending = 0;
        sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0,
                                  __ATOMIC_SEQ_CST);
        while (sel) {
            unsigned int word = (unsigned int)__builtin_ctzl(sel);

            sel &= sel - 1;
            scan_word(word, frame);
        }
    } while (__atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_SEQ_CST));
}

void evtchn_set_handler(evtchn_port_t port, evtchn_handler_fn fn,
                        void *data)
{
    unsigned long flags;

    if (port >= NR_EVTCHN_PORTS)
        return;
    flags = local_irq_save();
    handlers[port].fn = fn;
    handlers[port].data = data;
    local_irq_restore(flags);
}

/*
 * Binds with events masked and installs the handler before unmasking,
 * so an event the bind itself raises (bind_interdomain always sets the
 * new port pending) finds its handler.
 */
static long bind(int cmd, void *op, evtchn_port_t *port,
                 evtchn_handler_fn fn, void *data)
{
    unsigned long flags = local_irq_save();
    long rc = HYPERVISOR_event_channel_op(cmd, op);

    if (rc == 0 && *port < NR_EVTCHN_PORTS) {
        handlers[*port].fn = fn;
        handlers[*port].data = data;
    }
    local_irq_restore(flags);
    return rc ? rc : (long)*port;
}

long evtchn_bind_virq(uint32_t virq, unsigned int vcpu,
                      evtchn_handler_fn fn, void *data)
{
    struct evtchn_bind_virq op = { .virq = virq, .vcpu = vcpu };

    return bind(EVTCHNOP_bind_virq, &op, &op.port, fn, data);
}

long evtchn_bind_ipi(unsigned int vcpu, evtchn_handler_fn fn, void *data)
{
    struct evtchn_bind_ipi op = { .vcpu = vcpu };

    return bind(EVTCHNOP_bind_ipi, &op, &op.port, fn, data);
}

long evtchn_bind_interdomain(domid_t remote_dom, evtchn_port_t remote_port,
                             evtchn_handler_fn fn, void *data)
{
    struct evtchn_bind_interdomain op = {
        .remote_dom = remote_dom,
        .remote_port = remote_port,
    };

    return bind(EVTCHNOP_bind_interdomain, &op, &op.local_port, fn, data);
}

long evtchn_alloc_unbound(domid_t remote_dom)
{
    struct evtchn_alloc_unbound op = {
        .dom = DOMID_SELF,
        .remote_dom = remote_dom,
    };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op);

    return rc ? rc : (long)op.port;
}

long evtchn_send(evtchn_port_t port)
{
    struct evtchn_send op = { .port = port };

    return HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
}

long evtchn_close(evtchn_port_t port)
{
    struct evtchn_close op = { .port = port };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_close, &op);

    if (rc == 0)
        evtchn_set_handler(port, NULL, NULL);
    return rc;
}

void evtchn_mask(evtchn_port_t port)
{
    if (port >= NR_EVTCHN_PORTS)
        return;
    __atomic_fetch_or(&shared_info->evtchn_mask[port / BITS_PER_WORD],
                      (xen_ulong_t)1 << (port % BITS_PER_WORD),
                      __ATOMIC_SEQ_CST);
}

long evtchn_unmask(evtchn_port_t port)
{
    struct evtchn_unmask op = { .port = port };

    return HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op);
}

bool evtchn_is_pending(evtchn_port_t port)
{
    xen_ulong_t word;

    if (port >= NR_EVTCHN_PORTS)
        return false;
    word = __atomic_load_n(&shared_info->evtchn_pending[port / BITS_PER_WORD],
                           __ATOMIC_SEQ_CST);
    return (word >> (port % BITS_PER_WORD)) & 1;
}
