/*
 * PCI configuration space through mechanism 1 (ports 0xcf8-0xcff, which
 * the hypervisor grants dom0 as Xen does), enough to find a device and
 * its memory BAR: the management channel's ivshmem device.
 */
#ifndef GUEST_PCI_H
#define GUEST_PCI_H

#include <guest/lib.h>

/* A function: bus, device, function packed as in the address port. */
struct pci_dev {
    uint32_t bdf;           /* bus << 16 | dev << 11 | fn << 8 */
};

/*
 * Finds the first function with this vendor and device ID; false when
 * there is none, or when the config ports are not ours (the first
 * access faulted: a domU, or a hypervisor that keeps them).
 */
bool pci_find(uint16_t vendor, uint16_t device, struct pci_dev *out);

uint32_t pci_conf_read(const struct pci_dev *d, unsigned int reg);
void pci_conf_write(const struct pci_dev *d, unsigned int reg, uint32_t v);

/*
 * Memory BAR 'bar' (a 64-bit one takes two registers): its address and
 * size, memory decoding turned on.  False when it is not a 64-bit memory
 * BAR or the firmware left it unassigned.
 */
bool pci_bar64(const struct pci_dev *d, unsigned int bar, uint64_t *addr,
               uint64_t *size);

#endif /* GUEST_PCI_H */
