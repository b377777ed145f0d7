/*
 * What the libxen-dev headers need from the C library, and nothing more.
 *
 * The public Xen headers were written for hosted builds: they use the
 * fixed-width types and nothing else from libc.  The compiler's own
 * freestanding <stdint.h> and <stddef.h> provide those in every component
 * (hypervisor, guest, dom0 tools, host tests), so no libc header is needed.
 */
#ifndef ABI_FREESTANDING_H
#define ABI_FREESTANDING_H

#include <stddef.h>
#include <stdint.h>

#endif /* ABI_FREESTANDING_H */
