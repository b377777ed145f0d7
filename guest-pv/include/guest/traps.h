/*
 * Exception and callback registration (kernel/traps.c) and the C side of
 * arch/x86/entry.S.
 */
#ifndef GUEST_TRAPS_H
#define GUEST_TRAPS_H

#include <guest/lib.h>
#include <guest/trap_frame.h>

/*
 * A hook sees the frame first; it returns true if it handled the trap
 * (execution resumes at frame->rip), false to fall through to the
 * exception fixups and, failing those, a fatal report.
 */
typedef bool (*trap_hook_fn)(struct trap_frame *frame);

/*
 * Registers the trap table, the kernel stack and the event, failsafe and
 * syscall callbacks with the hypervisor.  Any failure is fatal.
 */
void traps_init(void);

/* Installs (or with NULL removes) the hook for vector; returns the old. */
trap_hook_fn trap_set_hook(unsigned int vector, trap_hook_fn hook);

/* The stack given to stack_switch, and its top. */
extern char kernel_stack[], kernel_stack_top[];

/* Entry points in entry.S, registered by traps_init(). */
extern char entry_de[], entry_db[], entry_bp[], entry_of[], entry_br[];
extern char entry_ud[], entry_nm[], entry_ts[], entry_np[], entry_ss[];
extern char entry_gp[], entry_pf[], entry_mf[], entry_ac[], entry_xm[];
extern char entry_event[], entry_syscall[], entry_failsafe[];

/* Called by entry.S. */
void trap_dispatch(struct trap_frame *frame);
void __noreturn failsafe_fatal(const uint64_t *frame);

/* Called by trap_dispatch for TRAP_VECTOR_EVENT (kernel/events.c). */
void event_upcall(struct trap_frame *frame);

#endif /* GUEST_TRAPS_H */
