/*
 * What the kernel does as dom0 besides being a guest: the toolstack's
 * environment (guest-pv/dom0/).
 */
#ifndef GUEST_DOM0_H
#define GUEST_DOM0_H

/*
 * Fills dom0's file table (tools/files.h) from its boot module, when
 * that is a ustar archive (the Makefile's dom0 initrd: guest.elf and
 * the example configs); says on the console what it found.  The
 * module's pages are the kernel's for good (they are in the
 * start-of-day mapping), so the files borrow them.
 */
void dom0_files_init(void);

#endif /* GUEST_DOM0_H */
