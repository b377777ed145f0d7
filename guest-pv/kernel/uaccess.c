/*
 * copy_from_user / copy_to_user (see guest/uaccess.h).
 */
#include <xen/errno.h>
#include <guest/extable.h>
#include <guest/uaccess.h>
#include <guest/user_abi.h>

static bool user_range_ok(unsigned long addr, size_t n)
{
    /* Both tests: addr + n must not wrap around past the check. */
    return addr <= USER_VA_END && n <= USER_VA_END - addr;
}

/*
 * rep movsb is restartable: after a fault the kernel resolved, it goes
 * on from where it stopped; after one it could not, the fixup leaves
 * the bytes not copied in rcx.
 */
static size_t copy_raw(void *dst, const void *src, size_t n)
{
    asm volatile ("1:\trep movsb\n"
                  "2:\n\t"
                  EXTABLE_ENTRY("1b", "2b")
                  : "+D" (dst), "+S" (src), "+c" (n)
                  : : "memory");
    return n;
}

int copy_from_user(void *dst, unsigned long usrc, size_t n)
{
    if (!user_range_ok(usrc, n) || copy_raw(dst, (const void *)usrc, n))
        return -XEN_EFAULT;
    return 0;
}

int copy_to_user(unsigned long udst, const void *src, size_t n)
{
    if (!user_range_ok(udst, n) || copy_raw((void *)udst, src, n))
        return -XEN_EFAULT;
    return 0;
}

long strncpy_from_user(char *dst, unsigned long usrc, size_t max)
{
    size_t i;

    for (i = 0; i + 1 < max; i++) {
        if (copy_from_user(&dst[i], usrc + i, 1))
            return -XEN_EFAULT;
        if (dst[i] == '\0')
            return (long)i;
    }
    dst[i] = '\0';
    return (long)i;
}
