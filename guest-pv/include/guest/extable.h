/*
 * Exception fixups: a table of (faulting rip, continuation rip) pairs in
 * section .extable, so that an instruction that is expected to fault (a
 * probe of an unmapped address) resumes at its continuation instead of
 * crashing the kernel.
 */
#ifndef GUEST_EXTABLE_H
#define GUEST_EXTABLE_H

/*
 * In inline assembly: EXTABLE_ENTRY("1b", "2f") after the instruction
 * labelled 1, with the continuation labelled 2.
 */
#define EXTABLE_ENTRY(insn, fixup)                                          \
    ".pushsection .extable, \"a\"\n\t"                                      \
    ".balign 8\n\t"                                                         \
    ".quad " insn ", " fixup "\n\t"                                         \
    ".popsection\n\t"

#ifndef __ASSEMBLY__

#include <guest/lib.h>
#include <guest/trap_frame.h>

struct extable_entry {
    unsigned long insn;     /* address of the instruction that may fault */
    unsigned long fixup;    /* where to continue if it does */
};

/* If frame->rip has a fixup, moves rip there and returns true. */
bool extable_fixup(struct trap_frame *frame);

/*
 * Reads or writes 8 bytes at addr; returns false if that faulted (the
 * fault is turned into a return through the exception-fixup table).
 * probe_read_insn / probe_write_insn are the faulting instructions.
 */
bool probe_read(unsigned long addr, uint64_t *val);
bool probe_write(unsigned long addr, uint64_t val);
extern char probe_read_insn[], probe_write_insn[];

#endif /* !__ASSEMBLY__ */

#endif /* GUEST_EXTABLE_H */
