/*
 * Exception fixup lookup over the .extable section (see extable.h), and
 * the memory probes built on it.
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

/*
 * noipa: exactly one copy of each probe, so that the global labels on
 * the faulting instructions are defined once.
 */
__attribute__((noipa)) bool probe_read(unsigned long addr, uint64_t *val)
{
    unsigned int ok;
    uint64_t v = 0;

    asm volatile ("xor %k[ok], %k[ok]\n"
                  ".globl probe_read_insn\n"
                  "probe_read_insn:\n"
                  "1:\tmov (%[addr]), %[v]\n\t"
                  "mov $1, %k[ok]\n"
                  "2:\n\t"
                  EXTABLE_ENTRY("1b", "2b")
                  : [ok] "=&r" (ok), [v] "+r" (v)
                  : [addr] "r" (addr)
                  : "memory");
    *val = v;
    return ok;
}

__attribute__((noipa)) bool probe_write(unsigned long addr, uint64_t val)
{
    unsigned int ok;

    asm volatile ("xor %k[ok], %k[ok]\n"
                  ".globl probe_write_insn\n"
                  "probe_write_insn:\n"
                  "1:\tmov %[v], (%[addr])\n\t"
                  "mov $1, %k[ok]\n"
                  "2:\n\t"
                  EXTABLE_ENTRY("1b", "2b")
                  : [ok] "=&r" (ok)
                  : [addr] "r" (addr), [v] "r" (val)
                  : "memory");
    return ok;
}
