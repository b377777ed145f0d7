/*
 * dom0's main loop: one thread serving, in turn, every domain's store
 * and console rings (the toolstack), the domains that shut down
 * (VIRQ_DOM_EXC), and the input sources registered with it (dom0's
 * shell on the hypervisor console, the management channel), then
 * blocking until the next event.
 *
 * Commands that wait for something (xl console, xl top, xl create -c)
 * call loop_wait() between their own polls, so everything else keeps
 * being served meanwhile.  A source whose poll is running (the one that
 * ran the waiting command) is not polled again from inside it.
 */
#ifndef TOOLS_LOOP_H
#define TOOLS_LOOP_H

#include <hv/types.h>

#define LOOP_MAX_SOURCES 8

/*
 * Adds a source whose poll(ctx) is called on every pass; it must not
 * block.  0, or -XEN_ENOSPC when LOOP_MAX_SOURCES are registered.
 */
int loop_register(void (*poll)(void *ctx), void *ctx);

/* One pass, then blocks up to timeout_ns or until an event arrives. */
void loop_wait(uint64_t timeout_ns);

/* loop_wait() for ever: what dom0 does once it has started. */
void __attribute__((noreturn)) loop_run(void);

/* Called (from the VIRQ_DOM_EXC handler) when a domain shut down. */
void loop_domain_exception(void);

/*
 * Hooks the dom0 kernel provides (and the host tests fake): system time,
 * and blocking until any event channel fires or timeout_ns passes.
 */
uint64_t loop_now_ns(void);
void loop_block(uint64_t timeout_ns);

#endif /* TOOLS_LOOP_H */
