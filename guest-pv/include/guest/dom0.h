/*
 * dom0's toolstack (guest-pv/dom0/toolstack.c): with the command-line
 * word "toolstack", dom0 serves the store and consoles of the domains it
 * builds and gives the operator the xl shell on the hypervisor console.
 */
#ifndef GUEST_DOM0_H
#define GUEST_DOM0_H

#include <guest/lib.h>

/* Loads dom0's files, starts the services and the shell; never returns. */
void __noreturn dom0_toolstack_run(void);

#endif /* GUEST_DOM0_H */
