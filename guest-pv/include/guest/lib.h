/*
 * The freestanding C library subset of the guest kernel: the hypervisor's
 * own (hypervisor/common/string.c and vsnprintf.c, declared in hv/lib.h),
 * compiled into the guest too.  These declarations match hv/lib.h's, and
 * the macros hv/types.h's, token for token: dom0's files include both.
 */
#ifndef GUEST_LIB_H
#define GUEST_LIB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define __noreturn  __attribute__((noreturn))
#define __aligned(x) __attribute__((aligned(x)))
#define __printf(a, b) __attribute__((format(printf, a, b)))

/* string.c.  The compiler may emit calls to the mem* functions itself. */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strstr(const char *haystack, const char *needle);

/*
 * vsnprintf.c: %d %i %u %x %X %p %s %c %%, with flags '-' and '0', a width,
 * a precision (strings only: '.N' or '.*'),
 * and the length modifiers l, ll, z.  Like C99's: the output is always
 * NUL-terminated when size > 0, and the return value is the length the
 * whole output would have had.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif /* GUEST_LIB_H */
