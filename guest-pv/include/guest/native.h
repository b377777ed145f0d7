/*
 * The native platform: the guest kernel booted without a hypervisor, in
 * ring 0 on bare (virtual) hardware (guest-pv/arch/x86/native/).
 *
 * The PVH entry builds the start of day a PV domain builder would build
 * (start_info, P2M, page tables in Xen's layout, a shared_info page) and
 * calls start_kernel(); the native backend then does with instructions
 * what the PV backend asks Xen to do.  This header is what the kernel
 * (and its native pvops column) may call.
 */
#ifndef GUEST_NATIVE_H
#define GUEST_NATIVE_H

#include <guest/layout.h>

/*
 * Where the native code reaches physical memory: [0, 4 GiB) and all RAM
 * mapped at Xen's DIRECTMAP_VIRT_START (L4 slot 262), inside the range a
 * PV kernel never uses (the hypervisor's), supervisor-only.
 */
#define NATIVE_DIRECTMAP        0xFFFF830000000000

/*
 * Segment selectors.  The user ones are Xen's (FLAT_USER_CS/SS, what the
 * kernel puts in a new process's frame, and the sysret pair: 0xe023 + 16
 * and + 8), so the native GDT keeps Xen's reserved entries at Xen's
 * indices; the kernel's are Xen's own ring-0 pair.  Index 0xe030 >> 3
 * cannot be ring 0 (it is 0xe033, user code).
 */
#define NATIVE_KERNEL_CS        0xe008
#define NATIVE_KERNEL_DS        0xe010
#define NATIVE_USER_CS32        0xe023
#define NATIVE_USER_DS          0xe02b
#define NATIVE_USER_CS          0xe033
#define NATIVE_TSS_SEL          0xe040
#define NATIVE_GDT_ENTRIES      ((NATIVE_TSS_SEL >> 3) + 2)

/* Machine frame of pfn 0: pfn p is machine frame p + this. */
#define NATIVE_PFN_OFFSET       (KERNEL_LOAD_PHYS >> PAGE_SHIFT)

/* start_info.magic of a native boot (Xen's starts "xen-"). */
#define NATIVE_START_INFO_MAGIC "native-x86_64"

#ifndef __ASSEMBLY__

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct start_info;
struct trap_info;
struct pv_callbacks;

/*
 * True when start_info was built by the native boot (no hypervisor):
 * how the kernel knows, without a hypercall, to use pvops_native.
 */
bool native_booted(const struct start_info *si);

/* The kernel-visible address of physical address 'pa'. */
static inline void *native_phys(uint64_t pa)
{
    return (void *)(NATIVE_DIRECTMAP + pa);
}

/* COM1, polled; '\n' becomes "\r\n". */
void native_console_write(const char *s, size_t len);

/*
 * Ends the machine with QEMU's isa-debug-exit status (hv/shutdown.h's
 * numbers: 0 poweroff, 1 reboot, 2 crash) and halts if there is none.
 */
void __attribute__((noreturn)) native_exit(unsigned int status);

/* SHUTDOWN_* (xen/sched.h) as native_exit()'s status. */
void __attribute__((noreturn)) native_shutdown(unsigned int reason);

/*
 * The IDT from Xen's trap table (vector, DPL, interrupt or trap gate;
 * the table's cs is ignored: handlers run on NATIVE_KERNEL_CS) and the
 * event (timer interrupt) and syscall callbacks.  A vector the platform
 * keeps (NMI, #DF, #MC, its timer and spurious vectors) is fatal.
 */
void native_load_traps(const struct trap_info *table,
                       const struct pv_callbacks *cb);

/* TSS.rsp0: where entries from user mode (and `syscall`) land. */
void native_load_kernel_stack(unsigned long rsp);

/* pv_ops.cpu.iret: jumped to with HYPERVISOR_iret's frame (entry.S). */
void native_iret(void);

/*
 * The clock and the one-shot timer (arch/x86/native/timer.c).  init
 * calibrates the TSC, publishes it as vCPU 0's pvclock in the native
 * shared_info page (so pvclock_now() is the kernel clock, as under Xen)
 * and starts the local APIC timer, whose interrupt calls fn.
 * native_timer_program() arms it for an absolute TSC value (0 = stop).
 */
void native_timer_init(void (*fn)(void));
void native_timer_program(uint64_t tsc);

#endif /* !__ASSEMBLY__ */

#endif /* GUEST_NATIVE_H */
