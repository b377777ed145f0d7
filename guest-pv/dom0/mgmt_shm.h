/*
 * dom0's end of the management channel on shared memory: QEMU's ivshmem
 * device (PCI 1af4:1110), its BAR2 mapped into dom0's kernel, carrying
 * the rings of <tools/mgmt_ring.h>.  Polled like COM2: no interrupt.
 */
#ifndef DOM0_MGMT_SHM_H
#define DOM0_MGMT_SHM_H

#include <guest/lib.h>

/*
 * Finds the device, maps its shared memory and sets the rings up; false
 * (with the reason printed when a device is there but unusable) when
 * the channel must stay on COM2.
 */
bool mgmt_shm_start(void);

/* Moves up to max bytes from the host into buf; returns how many. */
size_t mgmt_shm_read(void *buf, size_t max);

/* Whether bytes from the host wait. */
bool mgmt_shm_pending(void);

/*
 * Sends n bytes to the host, waiting for room; false (having sent part)
 * when the host has not made room for about a second or the ring broke.
 */
bool mgmt_shm_write(const void *buf, size_t n);

#endif /* DOM0_MGMT_SHM_H */
