/*
 * The management channel in dom0: the rings on QEMU's ivshmem device
 * when there is one (mgmt_shm.h), else COM2 (granted by the hypervisor,
 * see guest/com2.h), carries the host CLI's frames to the protocol's server
 * (<tools/mgmt_server.h>), which runs xl commands with their output sent
 * back (xl_run) and stores uploads in dom0's files (files_put).
 *
 * Neither raises an event here (COM2's IRQ and ivshmem's are routed
 * nowhere), so a small thread watches for input and kicks dom0's loop when a byte
 * arrives; the loop then drains the port.  While bytes keep coming (an
 * upload) the drain continues for MGMT_IDLE_NS after the last one rather
 * than waiting for the next kick: QEMU refills the FIFO a few bytes at a
 * time, and each kick costs a watcher period.
 */
#include <guest/com2.h>
#include <guest/console.h>
#include <guest/dom0.h>
#include <guest/irqflags.h>
#include <guest/thread.h>
#include <guest/time.h>
#include <tools/files.h>
#include <tools/loop.h>
#include <tools/mgmt_server.h>
#include <tools/mgmt_frame.h>
#include <tools/xl.h>
#include "mgmt_shm.h"

#define WATCH_PERIOD_NS     (2 * NSEC_PER_MSEC)
#define MGMT_IDLE_NS        (5 * NSEC_PER_MSEC)

/* The byte stream under the frames. */
struct transport {
    size_t (*read)(void *buf, size_t max);
    bool (*write)(const void *buf, size_t n);
    bool (*pending)(void);
};

static const struct transport on_com2 = {
    .read = com2_read, .write = com2_write, .pending = com2_pending,
};

static const struct transport on_shm = {
    .read = mgmt_shm_read, .write = mgmt_shm_write,
    .pending = mgmt_shm_pending,
};

static const struct transport *chan = &on_com2;
static struct mgmt_server server;

static void chan_send(void *ctx, const void *buf, size_t n)
{
    (void)ctx;
    /* A host that stopped reading loses the rest; dom0 goes on. */
    (void)chan->write(buf, n);
}

static size_t chan_recv(void *ctx, void *buf, size_t max)
{
    (void)ctx;
    return chan->read(buf, max);
}

static void run_out(void *ctx, const char *s, size_t n)
{
    mgmt_server_write(ctx, MGMT_OUT, s, n);
}

static void run_err(void *ctx, const char *s, size_t n)
{
    mgmt_server_write(ctx, MGMT_ERR, s, n);
}

static int run_getc(void *ctx)
{
    return mgmt_server_getc(ctx);
}

static int chan_run(void *ctx, struct mgmt_server *s, int argc, char **argv)
{
    struct xl_io io = {
        .out = run_out, .err = run_err, .getc = run_getc, .ctx = s,
    };

    (void)ctx;
    return xl_run(argc, argv, &io);
}

static int chan_put(void *ctx, const char *name, const void *data,
                    size_t len, char *err, size_t errlen)
{
    (void)ctx;
    if (files_put(name, data, len, err, errlen))
        return -1;
    /* What arrived, for the boot tests to compare with what was sent. */
    printk("dom0: mgmt: stored '%s': %lu bytes, fnv1a %08x\n", name,
           (unsigned long)len, mgmt_fnv1a(MGMT_FNV_OFFSET, data, len));
    return 0;
}

static const struct mgmt_server_ops chan_ops = {
    .send = chan_send, .recv = chan_recv, .run = chan_run,
    .put = chan_put,
};

/* The loop source: everything COM2 holds, and what follows closely. */
static void mgmt_poll(void *ctx)
{
    uint8_t buf[256];
    uint64_t last = 0;

    (void)ctx;
    for (;;) {
        size_t n = chan->read(buf, sizeof(buf));

        if (n) {
            mgmt_server_input(&server, buf, n);
            last = time_now();
        } else if (!last || time_now() - last > MGMT_IDLE_NS) {
            return;
        }
    }
}

static void watch(void *arg)
{
    (void)arg;
    for (;;) {
        if (chan->pending()) {
            irqflags_t flags = local_irq_save();

            dom0_loop_kick();
            local_irq_restore(flags);
        }
        thread_sleep(WATCH_PERIOD_NS);
    }
}

void dom0_mgmt_start(void)
{
    if (mgmt_shm_start())
        chan = &on_shm;
    else if (!com2_init()) {
        printk("dom0: no management channel: COM2 is not granted to dom0 "
               "(the host CLI cannot reach it)\n");
        return;
    }
    mgmt_server_init(&server, &chan_ops);
    if (loop_register(mgmt_poll, NULL) ||
        !thread_create("mgmt-watch", watch, NULL)) {
        printk("dom0: management channel not started: no loop slot or "
               "thread\n");
        return;
    }
    if (chan == &on_shm)
        printk("dom0: management channel on ivshmem (the host CLI: "
               "xl-host --shm)\n");
    else
        printk("dom0: management channel on COM2 (the host CLI: "
               "xl-host)\n");
}
