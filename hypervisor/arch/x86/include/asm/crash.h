/*
 * Crash reports: register dumps and backtraces.
 */
#ifndef ASM_CRASH_H
#define ASM_CRASH_H

#include <hv/types.h>
#include <asm/regs.h>

/* An exception the hypervisor cannot handle: report, then EXIT_PANIC. */
__noreturn void fatal_trap(const struct cpu_regs *regs);

/* Prints the registers of a frame (hypervisor or guest). */
void show_registers(const struct cpu_regs *regs);

/* Prints the call chain starting at frame pointer 'rbp'. */
void show_backtrace(unsigned long rip, unsigned long rbp);

/* "divide error", "page fault", ... for vectors 0-31. */
const char *exception_name(unsigned int vec);

#endif /* ASM_CRASH_H */
