/*
 * Unit tests for dom0's console service: the per-domain log (absolute
 * positions, wrap, readers left behind) and dom0's end of the console
 * ring (index wrap, a full ring, indexes a guest broke).
 */
#include <criterion/criterion.h>
#include <string.h>

#include <hv/lib.h>
#include <abi/xen.h>
#include <tools/console_log.h>
#include "../../dom0-tools/toolstack/console_ring.h"

static struct console_log log;
static struct xencons_interface ring;

static void reset(void)
{
    memset(&log, 0, sizeof(log));
    memset(&ring, 0, sizeof(ring));
}

TestSuite(console_log, .init = reset);

Test(console_log, reads_what_was_appended_from_any_position)
{
    char buf[16];
    uint64_t pos = 0, skipped;

    console_log_append(&log, "hello ", 6);
    console_log_append(&log, "world", 5);
    cr_assert_eq(console_log_read(&log, &pos, buf, 4, &skipped), 4);
    cr_assert_eq(memcmp(buf, "hell", 4), 0);
    cr_assert_eq(console_log_read(&log, &pos, buf, sizeof(buf), &skipped), 7);
    cr_assert_eq(memcmp(buf, "o world", 7), 0);
    cr_assert_eq(pos, 11);
    cr_assert_eq(skipped, 0);
    cr_assert_eq(console_log_read(&log, &pos, buf, sizeof(buf), &skipped), 0);
}

Test(console_log, keeps_the_last_bytes_and_says_what_a_reader_lost)
{
    static char big[CONSOLE_LOG_SIZE + 100];
    char buf[8];
    uint64_t pos = 0, skipped;
    size_t i;

    for (i = 0; i < sizeof(big); i++)
        big[i] = 'a' + i % 26;
    console_log_append(&log, big, 50);
    console_log_append(&log, big + 50, sizeof(big) - 50);
    cr_assert_eq(console_log_start(&log), 100);
    cr_assert_eq(console_log_read(&log, &pos, buf, 4, &skipped), 4);
    cr_assert_eq(skipped, 100);
    cr_assert_eq(memcmp(buf, big + 100, 4), 0);
    /* One append larger than the log keeps only its tail. */
    reset();
    console_log_append(&log, big, sizeof(big));
    pos = console_log_start(&log);
    console_log_read(&log, &pos, buf, 4, &skipped);
    cr_assert_eq(memcmp(buf, big + 100, 4), 0);
}

static void guest_puts(const char *s)
{
    for (; *s; s++)
        ring.out[MASK_XENCONS_IDX(ring.out_prod++, ring.out)] = *s;
}

Test(console_log, ring_drain_across_index_wrap)
{
    char buf[16];
    uint64_t pos = 0, skipped;

    ring.out_prod = ring.out_cons = 0xfffffffe;  /* indexes about to wrap */
    cr_assert_not(console_ring_drain(&ring, &log));
    ring.out_prod = ring.out_cons = sizeof(ring.out) - 3;
    guest_puts("wrapped!");
    cr_assert(console_ring_drain(&ring, &log));
    cr_assert_eq(ring.out_cons, ring.out_prod);
    cr_assert_eq(console_log_read(&log, &pos, buf, sizeof(buf), &skipped), 8);
    cr_assert_eq(memcmp(buf, "wrapped!", 8), 0);
}

Test(console_log, ring_with_impossible_indexes_is_resynchronised)
{
    ring.out_cons = 0;
    ring.out_prod = sizeof(ring.out) + 1;
    cr_assert(console_ring_drain(&ring, &log));
    cr_assert_eq(ring.out_cons, ring.out_prod);
    cr_assert_eq(log.end, 0, "bytes taken from a broken ring");
}

Test(console_log, input_stops_when_the_ring_is_full)
{
    static char keys[sizeof(ring.in) + 10];

    memset(keys, 'k', sizeof(keys));
    cr_assert_eq(console_ring_put(&ring, keys, sizeof(keys)), sizeof(ring.in));
    cr_assert_eq(ring.in_prod, sizeof(ring.in));
    cr_assert_eq(console_ring_put(&ring, "x", 1), 0);
    ring.in_cons = 10;
    cr_assert_eq(console_ring_put(&ring, keys, sizeof(keys)), 10);
    ring.in_prod = ring.in_cons + sizeof(ring.in) + 1;
    cr_assert_eq(console_ring_put(&ring, "x", 1), 0, "wrote to a broken ring");
}
