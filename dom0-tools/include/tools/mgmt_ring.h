/*
 * The management channel on shared memory: two byte rings in QEMU's
 * ivshmem device (its BAR2 in dom0, the backing file on the host), one
 * host->dom0 and one dom0->host, carrying the same frames as COM2
 * (tools/mgmt_frame.h).  Both ends compile dom0-tools/mgmt/mgmt_ring.c.
 *
 * Layout (little-endian, offsets in the shared memory):
 *
 *   0     magic MGMT_SHM_MAGIC, version 1, ring size (bytes, a power of
 *         two), 0
 *   64    ring 0 (host->dom0): producer index, then at 128 its consumer
 *   192   ring 1 (dom0->host): producer index, then at 256 its consumer
 *   4096  ring 0's bytes, then ring 1's
 *
 * Indexes are free-running 32-bit byte counts; byte i of a stream is at
 * i & (size - 1).  Each index has one writer (a ring's producer or its
 * consumer), on its own cache line.  A side keeps its own index
 * privately and only stores it; the other side's index is untrusted:
 * one that claims more than a ring's worth of bytes breaks the ring
 * (mgmt_ring.broken), which then moves nothing.
 *
 * dom0 owns the device: it writes the header (mgmt_shm_init) when it
 * finds it, the magic last; the host CLI checks it (mgmt_shm_check).
 */
#ifndef TOOLS_MGMT_RING_H
#define TOOLS_MGMT_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MGMT_SHM_MAGIC      0x4d53484du     /* "MHSM" */
#define MGMT_SHM_VERSION    1u
#define MGMT_SHM_DATA_OFF   4096u
#define MGMT_RING_MIN       4096u

enum mgmt_ring_dir {
    MGMT_TO_DOM0,
    MGMT_TO_HOST,
};

/* One side's view of one ring. */
struct mgmt_ring {
    volatile uint32_t *prod, *cons;
    volatile uint8_t *data;
    uint32_t size;              /* a power of two */
    uint32_t mine;              /* the index this side writes */
    bool producer;
    bool broken;                /* the other side's index was impossible */
};

/*
 * Writes the header of an shm of len bytes with the largest rings that
 * fit and empty rings; returns the ring size, 0 when len is too small
 * (under MGMT_SHM_DATA_OFF + 2 * MGMT_RING_MIN).
 */
uint32_t mgmt_shm_init(void *shm, size_t len);

/*
 * Checks a header dom0 wrote into an shm of len bytes; returns the ring
 * size, or 0 with *why saying what is wrong.
 */
uint32_t mgmt_shm_check(const void *shm, size_t len, const char **why);

/*
 * Attaches r to ring dir of an shm whose header says size, as its
 * producer or its consumer.  A producer continues from the current
 * producer index; a consumer skips what is in the ring now (a previous
 * session's bytes), as a socket connected afresh would.
 */
void mgmt_ring_attach(struct mgmt_ring *r, void *shm, uint32_t size,
                      enum mgmt_ring_dir dir, bool producer);

/* Producer: copies as much of buf[0..n) as fits; returns how much. */
size_t mgmt_ring_write(struct mgmt_ring *r, const void *buf, size_t n);

/* Consumer: copies up to max waiting bytes into buf; returns how many. */
size_t mgmt_ring_read(struct mgmt_ring *r, void *buf, size_t max);

/* Consumer: bytes waiting (0 when broken). */
uint32_t mgmt_ring_pending(struct mgmt_ring *r);

#endif /* TOOLS_MGMT_RING_H */
