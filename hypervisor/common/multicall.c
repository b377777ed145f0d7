/*
 * multicall(call_list, nr_calls): several hypercalls for one entry.  Each
 * entry's result lands in its own 'result' field; the multicall itself
 * fails only when the list cannot be read or written.
 */
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <abi/xen.h>
#include <xen/errno.h>

/* Hypercalls that make no sense inside a batch (Xen refuses these too). */
static bool allowed_in_multicall(unsigned long op)
{
    return op != __HYPERVISOR_multicall && op != __HYPERVISOR_iret;
}

long do_multicall(const struct hc_args *args)
{
    unsigned long list = args->a[0];
    unsigned int nr_calls = (unsigned int)args->a[1];

    for (unsigned int i = 0; i < nr_calls; i++) {
        unsigned long entry = list + i * sizeof(struct multicall_entry);
        struct multicall_entry mc;
        struct hc_args a;

        if (copy_from_guest(&mc, entry, sizeof(mc)))
            return -XEN_EFAULT;
        memcpy(a.a, mc.args, sizeof(a.a));
        mc.result = allowed_in_multicall(mc.op)
                    ? (xen_ulong_t)hypercall_dispatch(mc.op, &a)
                    : (xen_ulong_t)-XEN_ENOSYS;
        if (copy_to_guest(entry + offsetof(struct multicall_entry, result),
                          &mc.result, sizeof(mc.result)))
            return -XEN_EFAULT;
    }
    return 0;
}
