/*
 * Exception-table lookup: instructions allowed to fault, and where to
 * continue when they do (Xen's extable).  Only the guest-memory copy and
 * the final iretq to the guest are listed.
 */
#include <hv/types.h>
#include <asm/extable.h>

struct extable_entry {
    unsigned long insn;
    unsigned long fixup;
};

extern const struct extable_entry __start_ex_table[], __stop_ex_table[];

unsigned long search_extable(unsigned long rip)
{
    for (const struct extable_entry *e = __start_ex_table;
         e < __stop_ex_table; e++)
        if (e->insn == rip)
            return e->fixup;
    return 0;
}
