/*
 * The paravirt-ops table: every privileged operation of the kernel goes
 * through the one global instance `pv_ops`, so the same kernel runs
 *     native  ring 0 on bare metal (own IDT, serial, timer, page tables);
 *     pv      under a Xen-ABI hypervisor with hypercalls and shared
 *             memory (vcpu_info mask, mmu_update, set_trap_table...);
 *             `pv-hcall` is pv with an explicit hypercall for the
 *             interrupt flag (__HYPERVISOR_xpv_event_mask, abi/ext.h);
 *     trap    the native instructions executed in ring 3 under the
 *             hypervisor, which decodes and emulates them on the fault.
 * The backend is chosen once, at boot, before anything calls through
 * the table (pvops_select()); the table is never changed afterwards.
 *
 * Grouped as Linux's paravirt ops are: irq, mmu, cpu, console, timer.
 * Every op has a contract below that each backend meets; where a backend
 * cannot meet it exactly, its file says how it differs and why.
 *
 * Vocabulary:
 *   "interrupts"  the kernel's asynchronous entries: event upcalls under
 *                 a hypervisor, hardware interrupts native.
 *   pfn / mfn     pseudo-physical and machine frame numbers.  Page-table
 *                 entries hold mfns; the kernel's frame allocator hands
 *                 out pfns and translates with mmu.pfn_to_mfn (native:
 *                 mfn = pfn + 512, the image's 2 MiB load address).
 *   maddr         machine address (mfn << 12 | offset).
 */
#ifndef GUEST_PVOPS_H
#define GUEST_PVOPS_H

#ifndef __ASSEMBLY__

#include <abi/xen.h>
#include <guest/lib.h>

/*
 * Interrupt flags as save() returns them: X86_EFLAGS_IF (bit 9) set means
 * interrupts were enabled; every other bit is the backend's own and is
 * only handed back to restore().  This is the native pushf format, so the
 * native backend passes rflags through unchanged.
 */
typedef unsigned long irqflags_t;

struct pv_irq_ops {
    /* Holds interrupts off until enable()/restore(); nests nothing. */
    void (*disable)(void);
    /*
     * Allows interrupts; one that became pending while they were off
     * is delivered before enable() returns.
     */
    void (*enable)(void);
    /* Returns the current flags and disables (a nestable section). */
    irqflags_t (*save)(void);
    /* Puts back the state save() returned (enables only if IF set). */
    void (*restore)(irqflags_t flags);
    /* True while interrupts are held off. */
    bool (*disabled)(void);
    /*
     * Called with interrupts disabled: enables them and waits until an
     * interrupt has been delivered (at once if one is already pending),
     * atomically, so that one arriving between the caller's last check
     * and the wait is not slept through (native: sti; hlt).  Returns
     * with interrupts enabled.
     */
    void (*halt)(void);
};

struct pv_mmu_ops {
    /*
     * P2M and M2P; native: a fixed shift (pfn 0 is the image, loaded at
     * KERNEL_LOAD_PHYS).  pfn < the kernel's nr_pages.
     */
    unsigned long (*pfn_to_mfn)(unsigned long pfn);
    unsigned long (*mfn_to_pfn)(unsigned long mfn);   /* ~0ul: unknown */
    /*
     * Writes the page-table entry at machine address maddr (8-aligned)
     * of a table of `level` (1 = L1 ... 4 = L4) with val, whose address
     * field is an mfn.  The kernel writes only entries that are valid by
     * construction.  The write may be held back until flush_ptes(); every
     * op below that reads or uses the tables (and pt_read) flushes first.
     */
    void (*set_pte)(uint64_t maddr, uint64_t val, unsigned int level);
    void (*flush_ptes)(void);
    /*
     * Points the L1 entry that maps the kernel's own page va (the kmap
     * windows, shared_info: pages inside the start-of-day mapping) at
     * pte, and drops va's stale TLB entry.  0, or the hypervisor's
     * refusal (pv: e.g. -XEN_EBUSY mapping a page table writable; trap:
     * -XEN_EFAULT, the emulated store gives no reason); native never
     * fails.
     */
    long (*set_kernel_pte)(unsigned long va, uint64_t pte);
    /*
     * Pins / unpins a page-table tree so the hypervisor validates it
     * once (native: nothing to do, 0).  A table is pinned before it is
     * installed by set_bases and unpinned only after it is no longer
     * installed.  0 or the hypervisor's refusal.
     */
    long (*pin)(unsigned int level, unsigned long mfn);
    long (*unpin)(unsigned long mfn);
    /*
     * Installs an address space: the kernel L4 and the user L4 (mfns;
     * user_l4 0 = no user page tables).  Invariant (aspace.h): the
     * kernel L4 maps the kernel (slots 272-511, shared with the boot L4)
     * AND the same user L3s as the user L4 (slots 0-255), which maps
     * user space only.  So native loads the kernel L4 alone into CR3
     * (user mode then also sees the kernel's supervisor-only pages,
     * which the U bit protects); under a hypervisor both are given and
     * it switches between them on every user<->kernel transition.
     * Flushes the non-global TLB.
     */
    void (*set_bases)(unsigned long kernel_l4, unsigned long user_l4);
    /* Flushes this CPU's whole (non-global) TLB. */
    void (*flush_tlb)(void);
    /* Flushes this CPU's TLB entry for va. */
    void (*invlpg)(unsigned long va);
    /* Writes back and invalidates the caches (wbinvd). */
    void (*wbinvd)(void);
};

/*
 * The kernel's asynchronous entry points other than the exception
 * vectors in the trap table: each is entered with the PV bounce frame
 * below and with interrupts disabled.
 */
struct pv_callbacks {
    unsigned long event;    /* interrupt: event upcall / timer IRQ */
    unsigned long syscall;  /* `syscall` from user mode */
    unsigned long failsafe; /* the hypervisor could not reload segments */
};

struct pv_cpu_ops {
    /*
     * Installs the exception handlers (Xen's trap_info table: vector,
     * flags bits 0-1 = DPL for `int n`, bit 2 = disable interrupts on
     * entry, cs, address; ends at address 0) and the callbacks.
     *
     * Entry contract, every backend: a handler is entered on the kernel
     * stack with the PV bounce frame, lowest address first
     *     rcx, r11, [error code], rip, cs, rflags, rsp, ss
     * (error code only for vectors 8, 10-14, 17; rcx and r11 hold junk
     * and the interrupted values are in the frame; CS RPL 3 = from user
     * mode; a #PF's address is read_cr2()).  A native backend's IDT
     * stubs push r11 and rcx on top of the hardware frame and jump to
     * the address in the table.  A `syscall` from user mode arrives the
     * same way, without error code, with frame rcx = rip and r11 =
     * rflags.  Fatal on failure.
     */
    void (*load_traps)(const struct trap_info *table,
                       const struct pv_callbacks *cb);
    /*
     * The stack entries from user mode arrive on (stack_switch; native:
     * TSS.rsp0).  16-aligned top of stack.
     */
    void (*load_kernel_stack)(unsigned long rsp);
    /*
     * Return from a trap or to user mode: the address entry.S jumps to
     * (never calls) with every general register already the target's
     * and %rsp at HYPERVISOR_iret's frame
     *     flags, rip, cs, rflags, rsp, ss
     * flags = VGCF_in_syscall when returning from a system call (rcx
     * and r11 need not be restored), else 0.  rflags.IF gives the
     * interrupt state to return with.  Native: skip flags, iretq.
     * Does not return.  Reached from assembly as PVOPS_CPU_IRET.
     */
    void (*iret)(void);
    /*
     * Segment bases: which is SEGBASE_FS, SEGBASE_GS_USER (the %gs base
     * user mode sees) or SEGBASE_GS_KERNEL (xen/xen.h numbering).
     * 0, or -XEN_EINVAL for another `which` or a non-canonical base
     * (checked by the op where the CPU would not fault: TCG's wrmsr).
     */
    long (*set_segment_base)(unsigned int which, unsigned long base);
    /*
     * MSRs.  0 or a negative Xen errno: -XEN_EPERM for an MSR this
     * backend may not touch (a PV guest may touch only FS_BASE, GS_BASE
     * and SHADOW_GS_BASE, through set_segment_base).
     */
    long (*read_msr)(uint32_t msr, uint64_t *val);
    long (*write_msr)(uint32_t msr, uint64_t val);
    /* CPUID leaf/subleaf into regs[] = eax, ebx, ecx, edx. */
    void (*cpuid)(uint32_t leaf, uint32_t subleaf, uint32_t regs[4]);
    /* The faulting address of the last #PF taken in kernel or user. */
    unsigned long (*read_cr2)(void);
    /* Poweroff (SHUTDOWN_poweroff) or crash (SHUTDOWN_crash). */
    void __noreturn (*shutdown)(unsigned int reason);
};

struct pv_console_ops {
    /* Writes len bytes, all of them, before returning (may spin). */
    void (*write)(const char *s, size_t len);
};

struct pv_timer_ops {
    /*
     * Starts the clock and the one-shot timer and has fn called, in an
     * interrupt with interrupts disabled, each time a deadline set with
     * set_deadline() passes (never before it by now_ns()).  Any periodic
     * tick the platform starts with is stopped.  Called once, after
     * load_traps.
     */
    void (*init)(void (*fn)(void));
    /* The kernel clock: ns since an arbitrary epoch, monotonic. */
    uint64_t (*now_ns)(void);
    /*
     * Programs the one-shot timer for the absolute deadline ns (in
     * now_ns() time; 0 = stop).  A deadline already past fires at once.
     * Replaces any earlier deadline.
     */
    void (*set_deadline)(uint64_t ns);
};

struct pv_ops {
    const char *name;       /* "native", "pv", "pv-hcall", "trap" */
    struct pv_irq_ops irq;
    struct pv_mmu_ops mmu;
    struct pv_cpu_ops cpu;
    struct pv_console_ops console;
    struct pv_timer_ops timer;
};

/* The table the kernel calls through; filled by pvops_select(). */
extern struct pv_ops pv_ops;

/* The backends (pvops_native.c, pvops_pv.c, pvops_trap.c). */
extern const struct pv_ops pvops_native;
extern const struct pv_ops pvops_pv;
extern const struct pv_ops pvops_pv_hcall;
extern const struct pv_ops pvops_trap;

/*
 * Copies the backend named by `pvops=` on the kernel command line into
 * pv_ops (default pv; on bare metal the native entry installs
 * pvops_native itself) and prints it.  A backend whose probe fails
 * (pv-hcall where the hypercall is -ENOSYS) is replaced by pv, with a
 * message that says so.  Before anything but hypervisor_init().
 */
void pvops_select(void);

/*
 * pv: CPUIDs the hypervisor did not emulate through the forced-emulation
 * prefix (it bounced the #UD; plain cpuid answered instead).
 */
extern unsigned long pvops_cpuid_plain_count;

/* True when running under a hypervisor (pv, pv-hcall or trap). */
bool pvops_hypervisor(void);

#endif /* !__ASSEMBLY__ */

/*
 * Byte offset of pv_ops.cpu.iret, for entry.S (`jmp *pv_ops+...`): name,
 * 6 irq ops, 11 mmu ops, then cpu.load_traps and cpu.load_kernel_stack.
 */
#define PVOPS_CPU_IRET  (8 * (1 + 6 + 11 + 2))

#ifndef __ASSEMBLY__
_Static_assert(offsetof(struct pv_ops, cpu.iret) == PVOPS_CPU_IRET,
               "PVOPS_CPU_IRET");
#endif

#endif /* GUEST_PVOPS_H */
