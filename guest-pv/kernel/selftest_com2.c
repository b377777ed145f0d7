/*
 * selftest=com2 (dom0; the case tests/boot/cases/mgmt_uart.sh): the
 * management channel's serial port, granted by the hypervisor, carries
 * an upload from the host and an answer back.
 *
 * dom0 sends "ready\n"; then the host sends a 4-byte little-endian length N, N bytes, then the
 * 32-bit FNV-1a hash of those bytes (little-endian).  dom0 hashes what
 * arrives, checks it against the host's hash, prints the time it took
 * on an info line (the measurement: never a test condition), and sends
 * back "fnv=<hash> len=<N>\n" so the host checks the other direction.
 */
#include <guest/com2.h>
#include <guest/console.h>
#include <guest/selftest.h>
#include <guest/time.h>

#define UPLOAD_MAX          (16u << 20)
#define IDLE_GIVE_UP_NS     (20 * NSEC_PER_SEC)
#define FNV_OFFSET          0x811c9dc5u
#define FNV_PRIME           0x01000193u

static uint32_t fnv1a(uint32_t h, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * FNV_PRIME;
    return h;
}

/*
 * Reads exactly n bytes (hashing them into *h when h is non-NULL, else
 * into out); false when nothing arrives for IDLE_GIVE_UP_NS.
 */
static size_t total_read;

static bool read_exact(uint8_t *out, size_t n, uint32_t *h)
{
    uint64_t idle_since = time_now();
    uint8_t chunk[64];

    while (n) {
        size_t want = n < sizeof(chunk) ? n : sizeof(chunk);
        size_t got = com2_read(h ? chunk : out, want);

        if (!got) {
            if (time_now() - idle_since > IDLE_GIVE_UP_NS)
                return false;
            continue;
        }
        idle_since = time_now();
        total_read += got;
        if (h)
            *h = fnv1a(*h, chunk, got);
        else
            out += got;
        n -= got;
    }
    return true;
}

static uint32_t le32(const uint8_t b[4])
{
    return b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
           (uint32_t)b[3] << 24;
}

static void test_com2_present(struct test *t)
{
    expect_true(t, "COM2 answers (granted to dom0)", com2_init());
}

static void test_com2_upload(struct test *t)
{
    uint8_t word[4];
    uint32_t len, h = FNV_OFFSET;
    uint64_t start, ns;
    char reply[48];

    /*
     * Said on COM2 too: the host may only send once the FIFOs are on
     * (enabling them in com2_init() empties them).
     */
    printk("com2: ready for an upload\n");
    if (!expect_true(t, "ready sent", com2_write("ready\n", 6)))
        return;
    if (!read_exact(word, 4, NULL)) {
        test_fail(t, "no length from the host in 20 s");
        return;
    }
    len = le32(word);
    if (!expect_true(t, "length at most 16 MiB", len <= UPLOAD_MAX))
        return;
    start = time_now();
    if (!read_exact(NULL, len, &h) || !read_exact(word, 4, NULL)) {
        test_fail(t, "upload stopped at byte %zu of %u: nothing for 20 s",
                  total_read, len + 8);
        return;
    }
    ns = time_now() - start;
    info("com2: %u bytes in %lu us (%lu KiB/s)\n", len,
         (unsigned long)(ns / 1000),
         (unsigned long)(ns ? (uint64_t)len * 1000000000 / 1024 / ns : 0));
    snprintf(reply, sizeof(reply), "fnv=%08x len=%u\n", h, len);
    expect_true(t, "reply sent", com2_write(reply, strlen(reply)));
    expect_eq(t, "hash of the upload", h, le32(word));
}

static const struct test_case com2_cases[] = {
    { "com2_present", test_com2_present },
    { "com2_upload", test_com2_upload },
};

const struct test_suite selftest_com2_suite = {
    "com2", com2_cases, ARRAY_SIZE(com2_cases), NULL, NULL,
};
