/*
 * Compile-time checks of the ABI structures we depend on (STYLE practice
 * 9).  Xen 4.17's x86_64 layouts: if libxen-dev ever disagreed with them,
 * guests built against real Xen would not run here, so the build stops.
 */
#include <abi/xen.h>
#include <xen/callback.h>
#include <xen/sched.h>
#include <xen/version.h>
#include <xen/arch-x86/hvm/start_info.h>

#define CHECK_SIZE(type, size) \
    _Static_assert(sizeof(type) == (size), "sizeof(" #type ") != " #size)
#define CHECK_OFFSET(type, field, off) \
    _Static_assert(offsetof(type, field) == (off), \
                   "offsetof(" #type ", " #field ") != " #off)

/* start_info: filled by the domain builder, read by every PV kernel. */
CHECK_OFFSET(start_info_t, nr_pages, 32);
CHECK_OFFSET(start_info_t, shared_info, 40);
CHECK_OFFSET(start_info_t, flags, 48);
CHECK_OFFSET(start_info_t, pt_base, 88);
CHECK_OFFSET(start_info_t, mfn_list, 104);
CHECK_OFFSET(start_info_t, mod_start, 112);
CHECK_OFFSET(start_info_t, cmd_line, 128);
CHECK_SIZE(start_info_t, 128 + 1024 + 16);

/* shared_info / vcpu_info: the event mask the guest stores to. */
CHECK_SIZE(vcpu_info_t, 64);
CHECK_OFFSET(vcpu_info_t, evtchn_upcall_pending, 0);
CHECK_OFFSET(vcpu_info_t, evtchn_upcall_mask, 1);
CHECK_OFFSET(vcpu_info_t, arch.cr2, 16);
CHECK_OFFSET(shared_info_t, vcpu_info, 0);

/* The hypercall-ABI structures read from guest memory. */
CHECK_SIZE(struct trap_info, 16);
CHECK_SIZE(struct iret_context, 9 * 8);
CHECK_SIZE(multicall_entry_t, 8 * 8);
CHECK_OFFSET(multicall_entry_t, result, 8);
CHECK_SIZE(struct callback_register, 16);
CHECK_SIZE(struct sched_shutdown, 4);
CHECK_SIZE(xen_feature_info_t, 8);
CHECK_SIZE(xen_extraversion_t, 16);
CHECK_SIZE(xen_capabilities_info_t, 1024);

/* PVH boot: what QEMU's loader hands the hypervisor. */
CHECK_SIZE(struct hvm_start_info, 56);
CHECK_SIZE(struct hvm_modlist_entry, 32);
CHECK_SIZE(struct hvm_memmap_table_entry, 24);
