/*
 * Exception fixup lookup over the .extable section (see extable.h).
 * The table is small and the lookup is for faults only, so it is a
 * linear scan; entries need not be sorted.
 */
#include <guest/extable.h>

extern const struct extable_entry __start_extable[], __stop_extable[];

bool extable_fixup(struct trap_frame *frame)
{
    const struct extable_entry *e;

    for (e = __start_extable; e < __stop_extable; e++) {
        if (e->insn == frame->rip) {
            frame->rip = e->fixup;
            return true;
        }
    }
    return false;
}
