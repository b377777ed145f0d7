/*
 * The one include every component uses for Xen's public interface.
 *
 * It pins the interface version to Xen 4.17's (0x00040e00) so that the
 * structures we see are the ones a 4.17 hypervisor and its guests agree on,
 * and refuses to build against headers of another release.
 */
#ifndef ABI_XEN_H
#define ABI_XEN_H

#define ABI_XEN_INTERFACE_VERSION 0x00040e00

/*
 * The control interfaces (domctl, sysctl, the tools' parts of xen.h and
 * memory.h) are the ABI between the hypervisor and dom0's toolstack, and
 * every component here is one of those two: visible everywhere.  They
 * only add definitions; nothing a guest sees changes.
 */
#ifndef __XEN_TOOLS__
#define __XEN_TOOLS__ 1
#endif
/* With __XEN_TOOLS__, xen-compat.h sets the latest version, checked below. */

#ifndef __ASSEMBLY__
#include <abi/freestanding.h>
#endif

#include <xen/xen.h>

#if __XEN_LATEST_INTERFACE_VERSION__ != ABI_XEN_INTERFACE_VERSION
#error "libxen-dev does not provide Xen 4.17's interface (0x00040e00)"
#endif
#if __XEN_INTERFACE_VERSION__ != ABI_XEN_INTERFACE_VERSION
#error "__XEN_INTERFACE_VERSION__ must be 0x00040e00 (Xen 4.17)"
#endif

#endif /* ABI_XEN_H */
