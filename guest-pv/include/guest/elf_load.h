/*
 * Loading a user program (a static x86-64 ELF executable, linked in the
 * user image range of guest/user_abi.h) into an address space.
 */
#ifndef GUEST_ELF_LOAD_H
#define GUEST_ELF_LOAD_H

#include <guest/aspace.h>

/*
 * (Not elf_load: that is hv/libelf.h's, linked into dom0 too.)
 * Maps every PT_LOAD segment of the image into as, each page in a frame
 * of its own: file bytes copied, the rest zero, writable only if the
 * segment is.  Segments must start on a page boundary and lie within
 * [USER_IMAGE_BASE, USER_IMAGE_END).  Entries are queued, not flushed.
 * 0 and the entry point in *entry, -XEN_EINVAL for a bad image, or
 * -XEN_ENOMEM.
 */
int user_elf_load(struct aspace *as, const void *image, size_t size,
             unsigned long *entry);

/* The user program linked into the kernel (kernel/user_image.S). */
extern const char user_image[], user_image_end[];

#endif /* GUEST_ELF_LOAD_H */
