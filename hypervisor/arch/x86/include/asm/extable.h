#ifndef ASM_EXTABLE_H
#define ASM_EXTABLE_H

/* The fixup address for a faulting 'rip', or 0 if it may not fault. */
unsigned long search_extable(unsigned long rip);

#endif /* ASM_EXTABLE_H */
