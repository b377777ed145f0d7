/*
 * The host CLI's side of the channel: the socket, frames out, frames in
 * with a timeout, and the HELLO that tells a live dom0 from an absent or
 * silent one.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "xl_host.h"

static int connect_unix(const char *path)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(a.sun_path)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(a.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
        int e = errno;

        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

bool chan_send(struct chan *c, enum mgmt_type type, const void *payload,
               size_t len)
{
    uint8_t frame[MGMT_FRAME_MAX];
    size_t n = mgmt_frame_encode(frame, sizeof(frame), type, payload,
                                 (uint32_t)len), off = 0;

    if (c->shm)
        return shm_send(c, frame, n);
    while (off < n) {
        ssize_t w = send(c->fd, frame + off, n - off, MSG_NOSIGNAL);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            fprintf(stderr, "xl: dom0 not reachable: writing to %s: %s\n",
                    c->path, strerror(errno));
            return false;
        }
        off += (size_t)w;
    }
    return true;
}

/* More bytes from the socket; 1, 0 on timeout, -1 closed or failed. */
static int fill(struct chan *c, int timeout_ms)
{
    struct pollfd p = { .fd = c->fd, .events = POLLIN };
    ssize_t r;
    int k;

    if (c->shm)
        return shm_fill(c, timeout_ms);
    k = poll(&p, 1, timeout_ms);
    if (k == 0)
        return 0;
    if (k < 0)
        return errno == EINTR ? 0 : -1;
    r = read(c->fd, c->in, sizeof(c->in));
    if (r <= 0) {
        fprintf(stderr, "xl: dom0 closed the channel (%s)\n",
                r ? strerror(errno) : "end of file");
        return -1;
    }
    c->in_len = (size_t)r;
    c->in_at = 0;
    return 1;
}

int chan_recv(struct chan *c, int timeout_ms)
{
    for (;;) {
        const uint8_t *p = c->in + c->in_at;
        size_t n = c->in_len - c->in_at;
        int r;

        if (n) {
            enum mgmt_dec_result d = mgmt_decode(&c->dec, &p, &n);

            c->in_at = c->in_len - n;
            if (d == MGMT_DEC_FRAME)
                return 1;
            continue;           /* refused bytes: skip, as dom0 does */
        }
        r = fill(c, timeout_ms);
        if (r <= 0)
            return r;
    }
}

/* HELLO, and its answer within the timeout. */
static bool hello(struct chan *c)
{
    if (!chan_send(c, MGMT_HELLO, NULL, 0))
        return false;
    for (;;) {
        int r = chan_recv(c, c->timeout_s * 1000);

        if (r < 0)
            return false;
        if (r == 0) {
            fprintf(stderr, "xl: dom0 not reachable: no answer on %s in "
                    "%d s (is dom0 running its toolstack? it needs "
                    "\"toolstack\" on its command line)\n", c->path,
                    c->timeout_s);
            return false;
        }
        if (c->dec.type == MGMT_HELLO)
            return true;
    }
}

static void chan_init(struct chan *c, const char *path, int timeout_s)
{
    memset(c, 0, sizeof(*c));
    c->path = path;
    c->timeout_s = timeout_s;
    c->fd = -1;
    mgmt_decoder_init(&c->dec);
}

bool chan_open(struct chan *c, const char *path, int timeout_s)
{
    chan_init(c, path, timeout_s);
    c->fd = connect_unix(path);
    if (c->fd < 0) {
        fprintf(stderr, "xl: dom0 not reachable: cannot connect to %s: %s "
                "(is the machine running? `make run` creates it)\n", path,
                strerror(errno));
        return false;
    }
    return hello(c);
}

bool chan_open_shm(struct chan *c, const char *path, int timeout_s)
{
    chan_init(c, path, timeout_s);
    return shm_attach(c, path, timeout_s) && hello(c);
}
