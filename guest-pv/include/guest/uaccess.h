/*
 * Access to user memory from the kernel, during a system call (the
 * kernel page tables of the current process map its user half too).
 *
 * A user pointer is checked to lie below USER_VA_END, so that a process
 * cannot make the kernel read or write kernel memory for it; a fault on
 * the access itself is resolved like a user fault (demand-zero, copy-on-
 * write) and otherwise turned into -XEN_EFAULT by an exception fixup.
 */
#ifndef GUEST_UACCESS_H
#define GUEST_UACCESS_H

#include <guest/lib.h>

/* 0, or -XEN_EFAULT (dst then holds what was copied before). */
int copy_from_user(void *dst, unsigned long usrc, size_t n);
int copy_to_user(unsigned long udst, const void *src, size_t n);

/*
 * Copies a NUL-terminated string of at most max - 1 characters (cut
 * there) into dst; its length, or -XEN_EFAULT.
 */
long strncpy_from_user(char *dst, unsigned long usrc, size_t max);

#endif /* GUEST_UACCESS_H */
