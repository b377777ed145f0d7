#ifndef ASM_EXTABLE_H
#define ASM_EXTABLE_H

#include <hv/types.h>

/* The fixup address for a faulting 'rip', or 0 if it may not fault. */
unsigned long search_extable(unsigned long rip);

/*
 * The last fault this CPU fixed up through the table (traps.c), for a
 * fixup that passes the fault on (pv_iret_fault).
 */
struct fixed_fault {
    uint32_t vector;
    uint32_t error_code;
};
struct fixed_fault extable_last_fixup(void);

#endif /* ASM_EXTABLE_H */
