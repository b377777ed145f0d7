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

/*
 * Makes dom0's loop run a pass now (from an event handler or another
 * thread): for sources without an event channel, as COM2.
 */
void dom0_loop_kick(void);

/*
 * The management channel (guest-pv/dom0/mgmt_channel.c): when COM2 is
 * granted, serves the host CLI's frames as a loop source.
 */
void dom0_mgmt_start(void);

#endif /* GUEST_DOM0_H */
