/*
 * Our extensions to Xen's ABI, and only those.
 *
 * Xen reserves __HYPERVISOR_arch_0..7 for architecture use; new numbers of
 * ours take those slots, and new sysctl/domctl sub-ops take numbers Xen
 * 4.17 does not use.  Every entry here is also listed in hypercall-abi/ABI.md.
 */
#ifndef ABI_EXT_H
#define ABI_EXT_H

#include <abi/xen.h>

/* No extensions yet. */

#endif /* ABI_EXT_H */
