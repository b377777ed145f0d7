/*
 * selftest=checksum (the domU, beside dom0's selftest=hostile
 * selftest=neighbour; the case tests/boot/cases/hostile_neighbour.sh):
 * the domU takes every free frame, fills it with a pattern of its own
 * (a function of the pfn and the offset, so a frame swapped with
 * another or zeroed shows too), and re-verifies all of them pass after
 * pass while dom0 attacks direct paging, printing
 * "checksum pass N: OK" (or BAD).  When dom0 signals that its attacks
 * are over (the store port), one more pass, begun after the signal, is
 * the last: what the case checks.
 */
#include <guest/console.h>
#include <guest/kmap.h>
#include <guest/layout.h>
#include <guest/mm.h>
#include "selftest_peer.h"

#define CHECKSUM_MAX_FRAMES (1ul << 15)         /* 128 MiB */
#define CHECKSUM_GIVE_UP_NS (120 * NSEC_PER_SEC)
#define WORDS_PER_PAGE      (PAGE_SIZE / sizeof(uint64_t))

static unsigned long frames[CHECKSUM_MAX_FRAMES];
static unsigned long nr_frames;

static uint64_t pattern(unsigned long pfn, size_t i)
{
    return ((uint64_t)pfn << 32 | i) * 0x9E3779B97F4A7C15ull;
}

static void fill(void)
{
    unsigned long pfn;

    while (nr_frames < CHECKSUM_MAX_FRAMES && (pfn = frame_alloc())) {
        uint64_t *p = kmap(pfn_to_mfn(pfn), true);

        for (size_t i = 0; i < WORDS_PER_PAGE; i++)
            p[i] = pattern(pfn, i);
        kunmap(p);
        frames[nr_frames++] = pfn;
    }
}

/* The first bad pfn, or 0 when every frame still holds its pattern. */
static unsigned long verify(void)
{
    for (unsigned long f = 0; f < nr_frames; f++) {
        unsigned long pfn = frames[f];
        const uint64_t *p = kmap(pfn_to_mfn(pfn), false);
        size_t i;

        for (i = 0; i < WORDS_PER_PAGE && p[i] == pattern(pfn, i); i++)
            ;
        kunmap((void *)p);
        if (i < WORDS_PER_PAGE)
            return pfn;
    }
    return 0;
}

static void test_checksum(struct test *t)
{
    evtchn_port_t port = peer_domu_port();
    uint64_t give_up = time_now() + CHECKSUM_GIVE_UP_NS;
    unsigned int pass;
    bool last = false;

    fill();
    info("checksum: %lu free frames filled\n", nr_frames);
    if (!expect_true(t, "frames to fill", nr_frames > 0))
        return;
    for (pass = 1; !last; pass++) {
        unsigned long bad;

        /* Taken before the pass: a pass that sees it began after it. */
        last = peer_take(port);
        bad = verify();
        printk("checksum pass %u: %s\n", pass, bad ? "BAD" : "OK");
        if (bad) {
            test_fail(t, "pass %u: pfn %#lx changed", pass, bad);
            return;
        }
        if (!last && time_now() >= give_up) {
            test_fail(t, "no signal from dom0 in 120 s");
            return;
        }
    }
    info("checksum: pass %u began after dom0's attacks ended\n", pass - 1);
}

static const struct test_case checksum_cases[] = {
    { "checksum", test_checksum },
};

const struct test_suite selftest_checksum_suite = {
    "checksum", checksum_cases, ARRAY_SIZE(checksum_cases), NULL, NULL,
};
