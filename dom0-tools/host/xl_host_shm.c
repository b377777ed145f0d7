/*
 * The host CLI's side of the shared-memory channel (tools/mgmt_ring.h):
 * the ivshmem backing file mapped, frames written to the host->dom0
 * ring and read from the dom0->host ring.  Neither side interrupts the
 * other: dom0 polls its ring (as it polls COM2), and so does this side,
 * sleeping POLL_US between looks while bytes keep coming and IDLE_US
 * once the ring has been quiet for QUIET_MS (a console left open costs
 * a thousand wake-ups a second, not fifty thousand).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "xl_host.h"

#define POLL_US     20
#define IDLE_US     1000
#define QUIET_MS    10

static long long now_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* One wait between looks at the ring, which has been idle since 'since'. */
static void nap(long long since)
{
    long us = now_ms() - since > QUIET_MS ? IDLE_US : POLL_US;
    struct timespec t = { 0, us * 1000 };

    nanosleep(&t, NULL);
}

static void *map_file(const char *path, size_t *len)
{
    struct stat st;
    void *p;
    int fd = open(path, O_RDWR | O_CLOEXEC);

    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) < 0 || st.st_size <= 0) {
        close(fd);
        errno = EINVAL;
        return NULL;
    }
    *len = (size_t)st.st_size;
    p = mmap(NULL, *len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    return p == MAP_FAILED ? NULL : p;
}

/* dom0 writes the header when it finds the device: wait for it. */
bool shm_attach(struct chan *c, const char *path, int timeout_s)
{
    long long give_up = now_ms() + timeout_s * 1000LL;
    const char *why = "";
    uint32_t size;
    size_t len;
    void *shm = map_file(path, &len);

    if (!shm) {
        fprintf(stderr, "xl: dom0 not reachable: cannot map %s: %s (is the "
                "machine running? `make run` creates it)\n", path,
                strerror(errno));
        return false;
    }
    while (!(size = mgmt_shm_check(shm, len, &why)) && now_ms() < give_up)
        usleep(10000);
    if (!size) {
        fprintf(stderr, "xl: dom0 not reachable: %s: %s\n", path, why);
        munmap(shm, len);
        return false;
    }
    mgmt_ring_attach(&c->tx, shm, size, MGMT_TO_DOM0, true);
    mgmt_ring_attach(&c->rx, shm, size, MGMT_TO_HOST, false);
    c->shm = true;
    return true;
}

static bool broken(const struct chan *c)
{
    if (!c->tx.broken && !c->rx.broken)
        return false;
    fprintf(stderr, "xl: the shared-memory channel in %s is broken (an "
            "index out of range): restart dom0's machine\n", c->path);
    return true;
}

bool shm_send(struct chan *c, const uint8_t *p, size_t n)
{
    long long give_up = 0, start = now_ms();

    while (n) {
        size_t w = mgmt_ring_write(&c->tx, p, n);

        if (broken(c))
            return false;
        p += w;
        n -= w;
        if (w) {
            give_up = 0;
            start = now_ms();
        } else if (!give_up) {
            give_up = now_ms() + c->timeout_s * 1000LL;
        } else if (now_ms() > give_up) {
            fprintf(stderr, "xl: dom0 not reachable: it stopped reading "
                    "%s\n", c->path);
            return false;
        } else {
            nap(start);
        }
    }
    return true;
}

int shm_fill(struct chan *c, int timeout_ms)
{
    long long start = now_ms();
    long long give_up = timeout_ms < 0 ? -1 : start + timeout_ms;

    for (;;) {
        size_t r = mgmt_ring_read(&c->rx, c->in, sizeof(c->in));

        if (broken(c))
            return -1;
        if (r) {
            c->in_len = r;
            c->in_at = 0;
            return 1;
        }
        if (give_up >= 0 && now_ms() >= give_up)
            return 0;
        nap(start);
    }
}

int shm_poll(struct chan *c, struct pollfd *keys, int timeout_ms)
{
    long long start = now_ms();
    long long give_up = timeout_ms < 0 ? -1 : start + timeout_ms;

    for (;;) {
        if (mgmt_ring_pending(&c->rx) || c->rx.broken)
            return 1;
        /* The keyboard is the one file descriptor: wait on it briefly. */
        if (keys) {
            int r = poll(keys, 1, 1);

            if (r != 0)
                return r;
        } else {
            nap(start);
        }
        if (give_up >= 0 && now_ms() >= give_up)
            return 0;
    }
}
