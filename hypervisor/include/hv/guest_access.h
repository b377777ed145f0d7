/*
 * Reaching guest memory: the only way hypervisor code reads or writes a
 * guest's virtual addresses.
 *
 * Each helper checks that the range is guest-owned address space (outside
 * the hypervisor's L4 slots, no wrap) and performs the access with an
 * exception-table fixup, so an unmapped or read-only guest page yields a
 * short count instead of a hypervisor fault.  Callers turn a short count
 * into -EFAULT.  Accesses go through the current address space: they are
 * valid only on behalf of the vCPU running on this CPU.
 */
#ifndef HV_GUEST_ACCESS_H
#define HV_GUEST_ACCESS_H

#include <hv/types.h>

/* True if [addr, addr+len) is guest address space (may still be unmapped). */
bool guest_range_ok(unsigned long addr, size_t len);

/*
 * Copy from guest virtual 'src'.  Returns the number of bytes NOT copied (0
 * on success); the uncopied tail of 'dst' is zero-filled, so a caller never
 * acts on stale bytes.
 */
size_t copy_from_guest(void *dst, unsigned long src, size_t len);

/* Copy to guest virtual 'dst'.  Returns the number of bytes NOT copied. */
size_t copy_to_guest(unsigned long dst, const void *src, size_t len);

#endif /* HV_GUEST_ACCESS_H */
