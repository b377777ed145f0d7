/*
 * The host CLI (build/xl-host): xl's commands run in dom0 through the
 * management channel, a unix socket QEMU connects to dom0's COM2.
 * Plain C over libc; the frames are dom0-tools/mgmt/mgmt_frame.c.
 */
#ifndef XL_HOST_H
#define XL_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <poll.h>
#include <tools/mgmt_frame.h>
#include <tools/mgmt_ring.h>

/* The connection to dom0: the socket, or the shared-memory rings. */
struct chan {
    int fd;
    bool shm;
    struct mgmt_ring tx, rx;    /* host->dom0, dom0->host (shm) */
    const char *path;
    int timeout_s;              /* for dom0's answer to HELLO */
    struct mgmt_decoder dec;
    uint8_t in[4096];
    size_t in_len, in_at;
};

/*
 * Connects and checks that dom0 answers; false (with the message
 * printed: "dom0 not reachable ...") when it does not.
 */
bool chan_open(struct chan *c, const char *path, int timeout_s);

/* The same over the rings in QEMU's ivshmem backing file 'path'. */
bool chan_open_shm(struct chan *c, const char *path, int timeout_s);

/* xl_host_shm.c: the rings under chan_open_shm, chan_send, chan_recv. */
bool shm_attach(struct chan *c, const char *path, int timeout_s);
bool shm_send(struct chan *c, const uint8_t *p, size_t n);
int shm_fill(struct chan *c, int timeout_ms);
/*
 * poll() for the rings: waits until dom0's ring holds bytes or, with
 * keys, the keyboard is ready (keys->revents set); 0 after timeout_ms
 * (-1: no limit).
 */
int shm_poll(struct chan *c, struct pollfd *keys, int timeout_ms);

/* Sends one frame; false (message printed) when the socket failed. */
bool chan_send(struct chan *c, enum mgmt_type type, const void *payload,
               size_t len);

/*
 * The next frame from dom0 in c->dec: 1, 0 when none came in timeout_ms
 * (-1: wait for ever), -1 when the channel closed or failed (printed).
 * Refused input from dom0 is skipped.
 */
int chan_recv(struct chan *c, int timeout_ms);

/*
 * xl create's files: uploads the config argv[cfg] names and the kernel
 * and ramdisk it names (each under its base name, the config rewritten
 * to match) and replaces argv[cfg] by the config's base name.  False
 * with the message printed when a file is missing or an upload failed.
 */
bool upload_create_files(struct chan *c, char **argv, int cfg);

/* Uploads data under name; false (printed) when dom0 refused it. */
bool upload(struct chan *c, const char *name, const void *data, size_t len);

/* Runs argv in dom0, printing its output; returns its exit status. */
int run_remote(struct chan *c, int argc, char **argv);

#endif /* XL_HOST_H */
