/*
 * The x86 PV parts of a vCPU and a domain.
 */
#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H

#include <hv/types.h>
#include <asm/descriptor.h>
#include <asm/regs.h>
#include <abi/xen.h>

/* The VMASST_TYPE_* a 64-bit PV guest may enable (Xen's VM_ASSIST_VALID). */
#define PV64_VM_ASSIST_VALID \
    ((1UL << VMASST_TYPE_4gb_segments) | \
     (1UL << VMASST_TYPE_4gb_segments_notify) | \
     (1UL << VMASST_TYPE_writable_pagetables) | \
     (1UL << VMASST_TYPE_pae_extended_cr3) | \
     (1UL << VMASST_TYPE_architectural_iopl) | \
     (1UL << VMASST_TYPE_runstate_update_flag) | \
     (1UL << VMASST_TYPE_m2p_strict))

/* A guest callback entry point (Xen's CALLBACKTYPE_*). */
struct pv_callback {
    unsigned long eip;
    bool mask_events;           /* CALLBACKF_mask_events */
};

struct arch_vcpu {
    /*
     * The virtual IDT installed by set_trap_table: 256 entries, an empty
     * address meaning "no handler" (an exception there crashes the domain).
     */
    struct trap_info trap_ctxt[256];

    /* Guest kernel stack for bounces from user mode (stack_switch). */
    unsigned long kernel_ss, kernel_sp;

    struct pv_callback event_callback;
    struct pv_callback failsafe_callback;
    struct pv_callback syscall_callback;

    /*
     * Guest kernel and user run in ring 3; this says which the guest is in,
     * and so which page-table base is loaded (Xen's TF_kernel_mode).
     */
    bool kernel_mode;
    mfn_t guest_table;          /* kernel-mode L4 */
    mfn_t guest_table_user;     /* user-mode L4, INVALID_MFN when unset */

    /* Data selectors the guest loaded itself (ring 3 may): ds es fs gs. */
    uint16_t sel[4];
    unsigned long fs_base;
    unsigned long gs_base_kernel;
    unsigned long gs_base_user;

    bool fpu_ts;                /* virtual CR0.TS (fpu_taskswitch) */
    /* Emulated IA32_TSC_DEADLINE: the TSC value last armed, 0 if none. */
    uint64_t tsc_deadline;
    bool fpu_initialised;       /* fpu_area holds a saved state */
    /* x87/SSE state while the vCPU is not on a CPU (fxsave format). */
    uint8_t fpu_area[512] __aligned(16);

    struct pv_desc_tables desc;     /* its own GDT (set_gdt) */

    /* Register state while the vCPU is not on a CPU. */
    struct cpu_regs user_regs;
};

/* A range of I/O ports a domain may reach directly (first..last). */
struct ioport_range {
    uint16_t first, last;
};

#define MAX_IOPORT_RANGES   4

/* Machine frames of I/O memory a domain may map (first..last). */
struct iomem_range {
    unsigned long first, last;
};

#define MAX_IOMEM_RANGES    8

struct arch_domain {
    /*
     * Real I/O ports the domain was granted (emulated in/out reach them).
     * None yet: the toolstack's XEN_DOMCTL_ioport_permission will add
     * them (dom0's legacy devices).
     */
    struct ioport_range ioports[MAX_IOPORT_RANGES];
    unsigned int nr_ioports;
    /* I/O memory it may map (asm/iomem.h): dom0's, granted at boot. */
    struct iomem_range iomem[MAX_IOMEM_RANGES];
    unsigned int nr_iomem;
    /* The virtual 16550 at 0x3f8 every domain has: its LCR (DLAB bit). */
    uint8_t vuart_lcr;
};

#endif /* ASM_DOMAIN_H */
