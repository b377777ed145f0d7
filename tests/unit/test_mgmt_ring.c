/*
 * The management channel's shared-memory rings (dom0-tools/mgmt/
 * mgmt_ring.c): the header, streams through wrap-around, full and
 * empty, and the other side's indexes treated as hostile.
 */
#include <criterion/criterion.h>
#include <string.h>
#include <tools/mgmt_ring.h>

#define SHM_LEN     (MGMT_SHM_DATA_OFF + 2 * 8192)

static uint8_t shm[SHM_LEN] __attribute__((aligned(64)));
static struct mgmt_ring tx, rx;     /* host->dom0: producer, consumer */
static uint32_t size;

static void setup(void)
{
    memset(shm, 0xee, sizeof(shm));
    size = mgmt_shm_init(shm, sizeof(shm));
    mgmt_ring_attach(&tx, shm, size, MGMT_TO_DOM0, true);
    mgmt_ring_attach(&rx, shm, size, MGMT_TO_DOM0, false);
}

TestSuite(mgmt_ring, .init = setup);

Test(mgmt_ring, header_sizes)
{
    const char *why = NULL;

    cr_assert_eq(size, 8192, "the largest two rings that fit");
    cr_assert_eq(mgmt_shm_check(shm, sizeof(shm), &why), 8192);
    cr_assert_eq(mgmt_shm_init(shm, MGMT_SHM_DATA_OFF + 8191), 0);
    cr_assert_eq(mgmt_shm_init(shm, MGMT_SHM_DATA_OFF + 3 * 4096), 4096,
                 "rings stay a power of two");
}

static void expect_refused(size_t len, const char *want)
{
    const char *why = NULL;

    cr_assert_eq(mgmt_shm_check(shm, len, &why), 0, "%s", want);
    cr_assert(why && strstr(why, want), "'%s', want '%s'", why, want);
}

Test(mgmt_ring, header_refusals)
{
    uint32_t *h = (uint32_t *)shm;

    expect_refused(MGMT_SHM_DATA_OFF, "too small");
    h[2] = 16384;
    expect_refused(sizeof(shm), "does not fit");
    h[2] = 6000;
    expect_refused(sizeof(shm), "does not fit");
    h[2] = 1024;
    expect_refused(sizeof(shm), "does not fit");
    h[2] = 8192;
    h[1] = 2;
    expect_refused(sizeof(shm), "another version");
    h[0] = 0;
    expect_refused(sizeof(shm), "not set the rings up");
}

Test(mgmt_ring, empty_and_full)
{
    static uint8_t big[3 * 8192], got[8192];

    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (uint8_t)(i * 7);
    cr_assert_eq(mgmt_ring_read(&rx, got, sizeof(got)), 0, "empty");
    cr_assert_eq(mgmt_ring_write(&tx, big, sizeof(big)), 8192, "fills");
    cr_assert_eq(mgmt_ring_write(&tx, big, 1), 0, "full");
    cr_assert_eq(mgmt_ring_pending(&rx), 8192);
    cr_assert_eq(mgmt_ring_read(&rx, got, 100), 100);
    cr_assert_eq(mgmt_ring_write(&tx, big + 8192, 500), 100, "room for 100");
    cr_assert_eq(mgmt_ring_read(&rx, got + 100, 8092), 8092);
    cr_assert(!memcmp(got, big, 8192));
    cr_assert_eq(mgmt_ring_read(&rx, got, 100), 100);
    cr_assert(!memcmp(got, big + 8192, 100));
    cr_assert_eq(mgmt_ring_read(&rx, got, 1), 0, "empty again");
}

/* A stream through many wraps in odd pieces, and across the 32-bit
 * index wrap, arrives intact. */
static void stream(uint32_t start)
{
    static uint8_t out[100000], in[100000];
    size_t sent = 0, got = 0, step = 1;

    *(uint32_t *)(shm + 64) = start;      /* ring 0's producer index */
    mgmt_ring_attach(&tx, shm, size, MGMT_TO_DOM0, true);
    mgmt_ring_attach(&rx, shm, size, MGMT_TO_DOM0, false);
    for (size_t i = 0; i < sizeof(out); i++)
        out[i] = (uint8_t)(i ^ (i >> 8));
    while (got < sizeof(in)) {
        size_t n = sizeof(out) - sent < step ? sizeof(out) - sent : step;

        sent += mgmt_ring_write(&tx, out + sent, n);
        got += mgmt_ring_read(&rx, in + got, (step * 3) % 5000 + 1);
        step = step * 5 % 7919 + 1;
    }
    cr_assert(!memcmp(in, out, sizeof(in)));
}

Test(mgmt_ring, wrap_around)
{
    stream(0);
}

Test(mgmt_ring, index_wrap)
{
    stream(0xffffffffu - 5000);
}

/* The other side's indexes are not believed. */
Test(mgmt_ring, hostile_producer_index)
{
    uint8_t got[64];
    volatile uint32_t *prod = (volatile uint32_t *)(shm + 64);

    *prod = rx.mine + size + 1;     /* claims more than the ring holds */
    cr_assert_eq(mgmt_ring_pending(&rx), 0);
    cr_assert(rx.broken);
    *prod = rx.mine + 10;           /* sane again: stays broken */
    cr_assert_eq(mgmt_ring_read(&rx, got, sizeof(got)), 0);
}

Test(mgmt_ring, hostile_consumer_index)
{
    volatile uint32_t *cons = (volatile uint32_t *)(shm + 128);

    cr_assert_eq(mgmt_ring_write(&tx, "abc", 3), 3);
    *cons = tx.mine + 1;            /* consumed bytes never produced */
    cr_assert_eq(mgmt_ring_write(&tx, "d", 1), 0);
    cr_assert(tx.broken);
}

Test(mgmt_ring, behind_by_a_wrap_is_refused)
{
    volatile uint32_t *cons = (volatile uint32_t *)(shm + 128);

    *cons = tx.mine - size - 1;     /* would let us overwrite unread bytes */
    cr_assert_eq(mgmt_ring_write(&tx, "x", 1), 0);
    cr_assert(tx.broken);
}

Test(mgmt_ring, wrong_side_moves_nothing)
{
    uint8_t b[4];

    cr_assert_eq(mgmt_ring_read(&tx, b, sizeof(b)), 0, "producer reads");
    cr_assert_eq(mgmt_ring_write(&rx, "ab", 2), 0, "consumer writes");
}

Test(mgmt_ring, consumer_skips_old_bytes)
{
    uint8_t b[8];

    cr_assert_eq(mgmt_ring_write(&tx, "stale", 5), 5);
    mgmt_ring_attach(&rx, shm, size, MGMT_TO_DOM0, false);
    cr_assert_eq(mgmt_ring_pending(&rx), 0);
    cr_assert_eq(mgmt_ring_write(&tx, "new", 3), 3);
    cr_assert_eq(mgmt_ring_read(&rx, b, sizeof(b)), 3);
    cr_assert(!memcmp(b, "new", 3));
}

Test(mgmt_ring, directions_are_apart)
{
    struct mgmt_ring up, down;
    uint8_t b[4];

    mgmt_ring_attach(&up, shm, size, MGMT_TO_HOST, true);
    mgmt_ring_attach(&down, shm, size, MGMT_TO_HOST, false);
    cr_assert_eq(mgmt_ring_write(&up, "up", 2), 2);
    cr_assert_eq(mgmt_ring_pending(&rx), 0);
    cr_assert_eq(mgmt_ring_read(&down, b, sizeof(b)), 2);
    cr_assert(!memcmp(b, "up", 2));
}
