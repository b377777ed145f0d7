/*
 * CPULIST parsing for cpus= (xl.cfg(5) "CPU Allocation").
 *
 * NUMA forms ("node:1", "nodes:0-3") need the host's topology, which dom0
 * does not have yet, so they are refused by name rather than misread.
 */
#include <hv/lib.h>
#include <tools/xlcfg.h>

#include "xlcfg_cpus.h"

#define ALL_CPUS (~0ULL)

static bool cpu_number(const char **s, unsigned long *cpu, char *why,
                       size_t whylen)
{
    const char *start = *s;

    if (*start < '0' || *start > '9' || !parse_ulong(start, s, cpu)) {
        snprintf(why, whylen, "expected a CPU number at '%.20s'", start);
        return false;
    }
    if (*cpu >= XLCFG_MAX_CPUS) {
        snprintf(why, whylen, "CPU %lu is out of range (0-%u)", *cpu,
                 XLCFG_MAX_CPUS - 1);
        return false;
    }
    return true;
}

/* "all", "N" or "N-M" at *s into *bits; *s moves past it. */
static bool cpu_item(const char **s, uint64_t *bits, char *why, size_t whylen)
{
    unsigned long first, last;

    if (!strncmp(*s, "all", 3)) {
        *s += 3;
        *bits = ALL_CPUS;
        return true;
    }
    if (!strncmp(*s, "node", 4)) {
        snprintf(why, whylen, "NUMA node lists ('%.20s') are not supported",
                 *s);
        return false;
    }
    if (!cpu_number(s, &first, why, whylen))
        return false;
    last = first;
    if (**s == '-') {
        (*s)++;
        if (!cpu_number(s, &last, why, whylen))
            return false;
        if (last < first) {
            snprintf(why, whylen, "range %lu-%lu goes backwards", first, last);
            return false;
        }
    }
    /* Bits first..last; last < 64, so the shift below never reaches 64. */
    *bits = (ALL_CPUS >> (63 - last)) & (ALL_CPUS << first);
    return true;
}

bool xlcfg_cpulist(const char *s, uint64_t *mask, char *why, size_t whylen)
{
    const char *list = s;
    uint64_t result = 0, bits;
    bool negate;

    for (;;) {
        negate = *s == '^';
        if (negate)
            s++;
        if (!cpu_item(&s, &bits, why, whylen))
            return false;
        result = negate ? result & ~bits : result | bits;
        if (*s == '\0')
            break;
        if (*s != ',') {
            snprintf(why, whylen, "expected ',' or the end of the list at "
                     "'%.20s'", s);
            return false;
        }
        s++;
    }
    if (!result) {
        snprintf(why, whylen, "'%.40s' selects no CPU", list);
        return false;
    }
    *mask = result;
    return true;
}
