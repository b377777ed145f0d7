/*
 * Address-to-name lookup over the table scripts/gensyms.sh generates from
 * the first link: function start addresses in ascending order, each with
 * an offset into one string pool.
 */
#include <hv/symbols.h>
#include <hv/types.h>

extern const unsigned long symbols_addrs[];
extern const unsigned int symbols_name_offs[];
extern const char symbols_names[];
extern const unsigned long symbols_count;
extern const unsigned long symbols_end;  /* end of the last function */

const char *symbol_lookup(unsigned long addr, unsigned long *offset)
{
    unsigned long lo = 0, hi = symbols_count;

    if (!symbols_count || addr < symbols_addrs[0] || addr >= symbols_end)
        return NULL;
    /* Last entry with symbols_addrs[i] <= addr. */
    while (hi - lo > 1) {
        unsigned long mid = lo + (hi - lo) / 2;

        if (symbols_addrs[mid] <= addr)
            lo = mid;
        else
            hi = mid;
    }
    *offset = addr - symbols_addrs[lo];
    return &symbols_names[symbols_name_offs[lo]];
}
