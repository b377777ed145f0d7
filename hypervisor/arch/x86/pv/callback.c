/*
 * Guest entry points other than exceptions: the event upcall, the failsafe
 * callback (a return to the guest that cannot load its segments), the
 * system-call entry for guest user mode, and the NMI callback.
 * set_callbacks is the x86_64 legacy form of callback_op(register).
 */
#include <hv/current.h>
#include <hv/domain.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <asm/pv.h>
#include <xen/callback.h>
#include <xen/errno.h>

static long register_callback(struct vcpu *v, const struct callback_register *r)
{
    struct pv_callback cb = {
        .eip = r->address,
        .mask_events = r->flags & CALLBACKF_mask_events,
    };

    if (!pv_guest_addr_ok(r->address))
        return -XEN_EINVAL;
    switch (r->type) {
    case CALLBACKTYPE_event:
        v->arch.event_callback = cb;
        return 0;
    case CALLBACKTYPE_failsafe:
        v->arch.failsafe_callback = cb;
        return 0;
    case CALLBACKTYPE_syscall:
        v->arch.syscall_callback = cb;
        return 0;
    default:
        /* syscall32/sysenter (32-bit code) and nmi are not supported. */
        return -XEN_ENOSYS;
    }
}

/* Xen refuses to unregister the event, failsafe and syscall entries. */
static long unregister_callback(const struct callback_unregister *u)
{
    switch (u->type) {
    case CALLBACKTYPE_event:
    case CALLBACKTYPE_failsafe:
    case CALLBACKTYPE_syscall:
    case CALLBACKTYPE_syscall32:
        return -XEN_EINVAL;
    default:
        return -XEN_ENOSYS;
    }
}

long do_callback_op(const struct hc_args *args)
{
    int cmd = (int)args->a[0];
    unsigned long arg = args->a[1];
    union {
        struct callback_register reg;
        struct callback_unregister unreg;
    } u;

    switch (cmd) {
    case CALLBACKOP_register:
        if (copy_from_guest(&u.reg, arg, sizeof(u.reg)))
            return -XEN_EFAULT;
        return register_callback(current_vcpu(), &u.reg);
    case CALLBACKOP_unregister:
        if (copy_from_guest(&u.unreg, arg, sizeof(u.unreg)))
            return -XEN_EFAULT;
        return unregister_callback(&u.unreg);
    default:
        return -XEN_ENOSYS;
    }
}

/*
 * set_callbacks(event, failsafe, syscall): the legacy form of three
 * callback_op registrations, events masked on the event entry.  As in
 * Xen, each is registered on its own and the result is always 0: an
 * address callback_op would refuse (non-canonical, or in the hypervisor's
 * range) leaves that entry as it was.
 */
long do_set_callbacks(const struct hc_args *args)
{
    struct vcpu *v = current_vcpu();
    struct callback_register r[] = {
        { .type = CALLBACKTYPE_event, .address = args->a[0],
          .flags = CALLBACKF_mask_events },
        { .type = CALLBACKTYPE_failsafe, .address = args->a[1] },
        { .type = CALLBACKTYPE_syscall, .address = args->a[2] },
    };

    for (unsigned int i = 0; i < ARRAY_SIZE(r); i++)
        (void)register_callback(v, &r[i]);
    return 0;
}
