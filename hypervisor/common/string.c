/*
 * Freestanding string and memory functions (the contracts are in hv/lib.h).
 *
 * The compiler may turn any copy or clear loop into a call to memcpy(),
 * memset() or memmove(), so those must not be plain loops it could turn
 * into calls to themselves.  On x86_64 memset and memcpy are the string
 * instructions (short, and fast on every CPU with ERMS); elsewhere (never
 * built today) volatile byte loops keep the compiler's hands off.
 *
 * Not linked into the host unit tests: the C library provides these there.
 */
#include <hv/lib.h>

#ifdef __x86_64__

void *memset(void *s, int c, size_t n)
{
    void *d = s;

    asm volatile ("rep stosb"
                  : "+D" (d), "+c" (n)
                  : "a" (c)
                  : "memory");
    return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    void *d = dst;

    asm volatile ("rep movsb"
                  : "+D" (d), "+S" (src), "+c" (n)
                  :
                  : "memory");
    return dst;
}

#else /* !__x86_64__ */

void *memset(void *s, int c, size_t n)
{
    volatile unsigned char *d = s;

    while (n--)
        *d++ = (unsigned char)c;
    return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    volatile unsigned char *d = dst;
    const unsigned char *s = src;

    while (n--)
        *d++ = *s++;
    return dst;
}

#endif /* __x86_64__ */

/*
 * Overlapping copy to a higher address, last byte first.  Not "std; rep
 * movsb": an interrupt taken with the direction flag set would run its
 * handler with DF=1.  The volatile keeps the compiler from turning the
 * loop back into a memmove() call.  Rare (overlapping shifts), so bytes.
 */
static void copy_backwards(void *dst, const void *src, size_t n)
{
    volatile unsigned char *d = dst;
    const unsigned char *s = src;

    while (n--)
        d[n] = s[n];
}

void *memmove(void *dst, const void *src, size_t n)
{
    /* A forward copy is safe unless dst starts inside [src, src + n). */
    if (n == 0 || dst == src)
        return dst;
    if ((uintptr_t)dst - (uintptr_t)src >= n)
        return memcpy(dst, src, n);
    copy_backwards(dst, src, n);
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

size_t strlen(const char *s)
{
    const char *p = s;

    while (*p)
        p++;
    return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

/* Comparisons are of unsigned chars, as the C library's are. */
int strcmp(const char *a, const char *b)
{
    const unsigned char *x = (const void *)a, *y = (const void *)b;

    while (*x && *x == *y) {
        x++;
        y++;
    }
    return *x - *y;
}

int strncmp(const char *a, const char *b, size_t n)
{
    const unsigned char *x = (const void *)a, *y = (const void *)b;

    for (; n; n--, x++, y++) {
        if (*x != *y)
            return *x - *y;
        if (!*x)
            return 0;
    }
    return 0;
}

/* As in C, the terminating NUL is part of the string: strchr(s, 0) finds it. */
char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (!*s)
            return NULL;
    }
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if (size) {
        size_t n = len < size - 1 ? len : size - 1;

        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}

char *strstr(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);

    for (; *haystack; haystack++)
        if (!strncmp(haystack, needle, n))
            return (char *)haystack;
    return n ? NULL : (char *)haystack;
}
