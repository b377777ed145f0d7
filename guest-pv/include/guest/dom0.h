/*
 * What the kernel does as dom0 besides being a guest (guest-pv/dom0/):
 * its files, and its toolstack (toolstack.c): with the command-line
 * word "toolstack", dom0 serves the store and consoles of the domains it
 * builds and gives the operator the xl shell on the hypervisor console.
 */
#ifndef GUEST_DOM0_H
#define GUEST_DOM0_H

#include <guest/lib.h>

/*
 * Fills dom0's file table (tools/files.h) from its initrd when that is
 * a ustar archive (the Makefile's: guest.elf and the example configs);
 * says on the console what it found.  The initrd's pages are the
 * kernel's for good (they are in the start-of-day mapping), so the
 * files borrow them.  Nothing for a domU or without an initrd.
 */
void dom0_files_init(void);

/* Starts the services and the shell (files loaded); never returns. */
void __noreturn dom0_toolstack_run(void);

#endif /* GUEST_DOM0_H */
