/*
 * Host harness for hypervisor sources (Xen's tools/tests pattern).
 *
 * Unit tests compile the real generic sources; what those sources expect
 * from the ring-0 environment is provided here instead:
 *   - printk() and friends go to stderr;
 *   - panic() fails the running Criterion test;
 *   - machine memory is a fake buffer: the direct map maps machine address
 *     pa to harness_mem + pa, and tests choose its size.
 */
#ifndef HV_HOST_H
#define HV_HOST_H

#include <hv/types.h>

/* Fake machine memory for maddr_to_virt(); NULL until harness_mem_init(). */
extern uint8_t *harness_mem;
extern size_t harness_mem_size;

/* (Re)allocates 'size' bytes of zeroed fake machine memory. */
void harness_mem_init(size_t size);
void harness_mem_free(void);

/* Number of panic() calls so far (a test expecting none asserts 0). */
extern unsigned int harness_panics;

#endif /* HV_HOST_H */
