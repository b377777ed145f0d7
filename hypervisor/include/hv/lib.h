/*
 * Freestanding string and memory functions, and small helpers.
 */
#ifndef HV_LIB_H
#define HV_LIB_H

#include <hv/types.h>

#define ARRAY_SIZE(a)        (sizeof(a) / sizeof((a)[0]))
#define ROUNDUP(x, a)        (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define ROUNDDOWN(x, a)      ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)     (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d)   (((n) + (d) - 1) / (d))
#define MIN(a, b)            ((a) < (b) ? (a) : (b))
#define MAX(a, b)            ((a) > (b) ? (a) : (b))
#define container_of(p, type, member) \
    ((type *)((char *)(p) - offsetof(type, member)))

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
/* Copies at most size-1 bytes and always terminates; returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);

/*
 * Parses an unsigned number in base 10, or 16 with a 0x prefix.  *end is set
 * past the last digit.  Returns false (and leaves *val alone) on no digits
 * or overflow.
 */
bool parse_ulong(const char *s, const char **end, unsigned long *val);

/*
 * Parses a size with an optional K/M/G/T suffix (Xen's parse_size_and_unit;
 * no suffix means KiB as in Xen's dom0_mem, so callers say which default
 * they want in 'shift').
 */
bool parse_size(const char *s, const char **end, unsigned int shift,
                unsigned long *bytes);

/* vsnprintf subset: %d %i %u %x %X %p %s %c %%, with l/ll/z, width, '0', '-'. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
__printf(3, 4) int snprintf(char *buf, size_t size, const char *fmt, ...);

#endif /* HV_LIB_H */
