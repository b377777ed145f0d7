/*
 * copy_{from,to}_guest (hv/guest_access.h): range check, then the
 * fault-tolerant copy in copy_guest.S.
 */
#include <hv/guest_access.h>
#include <hv/lib.h>
#include <asm/config.h>

size_t raw_copy_guest(void *dst, const void *src, size_t len);

/*
 * Guest address space is everything outside the hypervisor's slots:
 * the lower canonical half, and the upper half above HV_VIRT_END.  Checking
 * both ends and for wrap keeps a range from straddling the hypervisor.
 */
bool guest_range_ok(unsigned long addr, size_t len)
{
    unsigned long last = addr + len - 1;

    if (len == 0)
        return true;
    /* Last byte, not end: a range may end exactly at 2^64. */
    if (last < addr)
        return false;
    if (last < 0x0000800000000000UL)
        return true;
    return addr >= HV_VIRT_END;
}

size_t copy_from_guest(void *dst, unsigned long src, size_t len)
{
    size_t left = len;

    if (guest_range_ok(src, len))
        left = raw_copy_guest(dst, (const void *)src, len);
    if (left)
        memset((char *)dst + (len - left), 0, left);
    return left;
}

size_t copy_to_guest(unsigned long dst, const void *src, size_t len)
{
    if (!guest_range_ok(dst, len))
        return len;
    return raw_copy_guest((void *)dst, src, len);
}
