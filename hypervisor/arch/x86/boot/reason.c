/*
 * The text of a boot-information refusal, shared by the multiboot2 and
 * PVH parsers.  Boot runs once, on one CPU, so one static buffer serves.
 */
#include <hv/boot_info.h>
#include <hv/lib.h>

const char *boot_reason(const char *fmt, ...)
{
    static char buf[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    return buf;
}
