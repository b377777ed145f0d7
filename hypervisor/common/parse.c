/*
 * Number and size parsing for the command line (contracts in hv/lib.h).
 *
 * Both parsers leave their result alone on failure, so a caller can parse
 * straight into a field that already holds its default.  Neither skips
 * white space or accepts a sign: the command line splits on spaces first,
 * and a '-' means something of its own to some options (dom0_mem=-1G).
 */
#include <hv/lib.h>

#define ULONG_MAX_VAL (~0UL)

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return 99;                  /* not a digit in any base we use */
}

/*
 * "0x" selects base 16 only when a hex digit follows; otherwise, as C's
 * strtoul does, the "0" is the number and *end points at the 'x'.
 */
bool parse_ulong(const char *s, const char **end, unsigned long *val)
{
    unsigned int base = 10;
    const char *p = s;
    unsigned long v = 0;
    int d;

    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16) {
        base = 16;
        p += 2;
    }
    if (digit_value(*p) >= (int)base)
        goto fail;
    for (; (d = digit_value(*p)) < (int)base; p++) {
        if (v > (ULONG_MAX_VAL - (unsigned long)d) / base)
            goto fail;
        v = v * base + (unsigned long)d;
    }
    *val = v;
    if (end)
        *end = p;
    return true;

 fail:
    if (end)
        *end = s;
    return false;
}

/* Xen's size suffixes (case-insensitive); -1 for "not a suffix". */
static int suffix_shift(char c)
{
    switch (c) {
    case 'T': case 't': return 40;
    case 'G': case 'g': return 30;
    case 'M': case 'm': return 20;
    case 'K': case 'k': return 10;
    case 'B': case 'b': return 0;
    default:            return -1;
    }
}

/*
 * <number>[K|M|G|T|B].  Without a suffix the number is in units of
 * 2^shift bytes; a result that does not fit an unsigned long is refused
 * rather than wrapped (dom0_mem=99999999T must not become a small size).
 */
bool parse_size(const char *s, const char **end, unsigned int shift,
                unsigned long *bytes)
{
    const char *p;
    unsigned long v;
    int sfx;

    if (shift >= 64 || !parse_ulong(s, &p, &v))
        goto fail;
    sfx = suffix_shift(*p);
    if (sfx >= 0) {
        shift = (unsigned int)sfx;
        p++;
    }
    if (v > (ULONG_MAX_VAL >> shift))
        goto fail;
    *bytes = v << shift;
    if (end)
        *end = p;
    return true;

 fail:
    if (end)
        *end = s;
    return false;
}
