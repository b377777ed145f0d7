/*
 * The event-channel upcall.
 *
 * No port is bound yet, so an upcall can only be spurious; it is still
 * acknowledged the way Xen's 2-level protocol requires (xen/xen.h,
 * struct shared_info): clear evtchn_upcall_pending first, then take the
 * selector, then clear the pending words it names, so that an event
 * raised meanwhile sets the flag again instead of being lost.
 */
#include <guest/hypervisor.h>
#include <guest/traps.h>

void event_upcall(struct trap_frame *frame)
{
    vcpu_info_t *vi = vcpu0();
    xen_ulong_t sel;

    (void)frame;
    if (!vi)
        return;
    vi->evtchn_upcall_pending = 0;
    sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    while (sel) {
        unsigned int word = (unsigned int)__builtin_ctzl(sel);

        sel &= sel - 1;
        __atomic_store_n(&shared_info->evtchn_pending[word], 0,
                         __ATOMIC_SEQ_CST);
    }
}
