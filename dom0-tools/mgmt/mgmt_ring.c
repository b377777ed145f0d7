/*
 * The management channel's shared-memory rings (tools/mgmt_ring.h).
 *
 * Ordering, as in Xen's io/ring.h: a producer reads the consumer index
 * with acquire (the consumer's reads of the bytes it freed are done
 * before they are overwritten), writes the bytes, then publishes its
 * index with release; a consumer reads the producer index with acquire
 * (the bytes it covers are visible), copies them out once, then
 * publishes its index with release.  The other side may be hostile or
 * broken: its index is checked against the ring size before use.
 */
#include <tools/mgmt_ring.h>

/* Both ends have a memcpy and memset (libc, hvlib), no common header. */
#define memcpy  __builtin_memcpy
#define memset  __builtin_memset

struct shm_header {
    uint32_t magic, version, ring_size, zero;
};

/* Where a ring's two indexes live: each on its own 64-byte line. */
#define INDEX_OFF(dir, cons)    (64u + 128u * (unsigned int)(dir) + \
                                 ((cons) ? 64u : 0u))

static uint32_t load_acquire(volatile uint32_t *p)
{
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store_release(volatile uint32_t *p, uint32_t v)
{
    __atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static volatile uint32_t *index_at(void *shm, enum mgmt_ring_dir dir,
                                   bool cons)
{
    return (volatile uint32_t *)((uint8_t *)shm + INDEX_OFF(dir, cons));
}

uint32_t mgmt_shm_init(void *shm, size_t len)
{
    struct shm_header *h = shm;
    uint32_t size = MGMT_RING_MIN;

    if (len < MGMT_SHM_DATA_OFF + 2 * (size_t)MGMT_RING_MIN)
        return 0;
    while (MGMT_SHM_DATA_OFF + 4 * (size_t)size <= len)
        size *= 2;
    store_release(&h->magic, 0);
    memset((uint8_t *)shm + sizeof(*h), 0,
           MGMT_SHM_DATA_OFF - sizeof(*h));
    h->version = MGMT_SHM_VERSION;
    h->ring_size = size;
    h->zero = 0;
    store_release(&h->magic, MGMT_SHM_MAGIC);
    return size;
}

uint32_t mgmt_shm_check(const void *shm, size_t len, const char **why)
{
    const struct shm_header *h = shm;
    uint32_t size;

    if (len < MGMT_SHM_DATA_OFF + 2 * (size_t)MGMT_RING_MIN) {
        *why = "too small to hold the rings";
        return 0;
    }
    if (__atomic_load_n(&h->magic, __ATOMIC_ACQUIRE) != MGMT_SHM_MAGIC) {
        *why = "no ring header (dom0 has not set the rings up yet)";
        return 0;
    }
    size = h->ring_size;
    if (h->version != MGMT_SHM_VERSION) {
        *why = "ring header of another version";
        return 0;
    }
    if (size < MGMT_RING_MIN || (size & (size - 1)) ||
        MGMT_SHM_DATA_OFF + 2 * (size_t)size > len) {
        *why = "ring size in the header does not fit the memory";
        return 0;
    }
    return size;
}

void mgmt_ring_attach(struct mgmt_ring *r, void *shm, uint32_t size,
                      enum mgmt_ring_dir dir, bool producer)
{
    r->prod = index_at(shm, dir, false);
    r->cons = index_at(shm, dir, true);
    r->data = (uint8_t *)shm + MGMT_SHM_DATA_OFF + (size_t)dir * size;
    r->size = size;
    r->producer = producer;
    r->broken = false;
    r->mine = load_acquire(r->prod);
    if (!producer)
        store_release(r->cons, r->mine);
}

/* Bytes in the ring by the other side's index; false: impossible. */
static bool used_bytes(struct mgmt_ring *r, uint32_t *used)
{
    uint32_t other = load_acquire(r->producer ? r->cons : r->prod);

    *used = r->producer ? r->mine - other : other - r->mine;
    if (*used > r->size)
        r->broken = true;
    return !r->broken;
}

size_t mgmt_ring_write(struct mgmt_ring *r, const void *buf, size_t n)
{
    const uint8_t *p = buf;
    uint32_t used, at, first;

    if (r->broken || !r->producer || !used_bytes(r, &used))
        return 0;
    if (n > r->size - used)
        n = r->size - used;
    at = r->mine & (r->size - 1);
    first = r->size - at < n ? r->size - at : (uint32_t)n;
    memcpy((uint8_t *)r->data + at, p, first);
    memcpy((uint8_t *)r->data, p + first, n - first);
    r->mine += (uint32_t)n;
    store_release(r->prod, r->mine);
    return n;
}

size_t mgmt_ring_read(struct mgmt_ring *r, void *buf, size_t max)
{
    uint8_t *p = buf;
    uint32_t used, at, first;

    if (r->broken || r->producer || !used_bytes(r, &used))
        return 0;
    if (max > used)
        max = used;
    at = r->mine & (r->size - 1);
    first = r->size - at < max ? r->size - at : (uint32_t)max;
    memcpy(p, (const uint8_t *)r->data + at, first);
    memcpy(p + first, (const uint8_t *)r->data, max - first);
    r->mine += (uint32_t)max;
    store_release(r->cons, r->mine);
    return max;
}

uint32_t mgmt_ring_pending(struct mgmt_ring *r)
{
    uint32_t used;

    if (r->broken || r->producer || !used_bytes(r, &used))
        return 0;
    return used;
}
