/*
 * Symbol names for crash reports.
 */
#ifndef HV_SYMBOLS_H
#define HV_SYMBOLS_H

/*
 * The function containing 'addr' and the offset into it, or NULL when the
 * address is outside every known function (or the table is empty, as in the
 * first of the two links).
 */
const char *symbol_lookup(unsigned long addr, unsigned long *offset);

#endif /* HV_SYMBOLS_H */
