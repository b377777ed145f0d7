/*
 * Real I/O ports granted to a domain (Xen's ioports_access_permitted and
 * XEN_DOMCTL_ioport_permission), and how its vCPUs reach them.
 *
 * A granted port is reached two ways: in guest kernel mode directly, the
 * CPU checking this CPU's TSS I/O bitmap (no exit: a 16550 polled byte by
 * byte needs that speed, see docs/ARCHITECTURE.md "The management
 * channel"), and through the emulated in/out of pv/emul_io.c for the
 * forms the bitmap does not serve (with the bitmap off: iobitmap=no).
 * Guest user mode never reaches a port: Xen's PV rule with virtual IOPL
 * 0, which is all we offer.
 */
#ifndef ASM_IOPORT_H
#define ASM_IOPORT_H

#include <hv/types.h>

struct domain;
struct vcpu;

/*
 * Grants d the ports first..last.  -XEN_EINVAL for first > last or a
 * range reaching the virtual 16550 every domain has at 0x3f8-0x3ff,
 * -XEN_ENOSPC when d holds MAX_IOPORT_RANGES already.
 */
int ioport_grant(struct domain *d, unsigned int first, unsigned int last);

/* Whether d may reach ports port..port+bytes-1. */
bool ioport_permitted(const struct domain *d, unsigned int port,
                      unsigned int bytes);

/*
 * Opens this CPU's I/O bitmap to v's domain's ports while v runs in
 * guest kernel mode, and closes it otherwise.  Called whenever the CPU
 * starts running v or v changes mode.  iobitmap=no (io_bitmap_enable)
 * keeps it closed, so every access is emulated: for measuring the two.
 */
void io_bitmap_load(const struct vcpu *v);
void io_bitmap_enable(bool on);

#endif /* ASM_IOPORT_H */
