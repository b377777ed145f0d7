/*
 * A command run in dom0: argv out, output and exit status back; for xl
 * console and create -c, the keyboard forwarded too (raw when it is a
 * terminal, so that Ctrl-] reaches dom0's xl console, which detaches).
 * When the keyboard ends (stdin at end of file: a script), the console
 * is followed until it has been quiet for QUIET_MS, then detached.
 */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "xl_host.h"

#define QUIET_MS    1000

static struct termios saved_tty;
static bool tty_raw;

static void raw_on(void)
{
    struct termios t;

    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_tty))
        return;
    t = saved_tty;
    cfmakeraw(&t);
    t.c_oflag |= OPOST;         /* dom0's "\n" still starts a line */
    tty_raw = !tcsetattr(STDIN_FILENO, TCSANOW, &t);
}

static void raw_off(void)
{
    if (tty_raw)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
    tty_raw = false;
}

/* Whether the command reads the keyboard: xl console, xl create -c. */
static bool interactive(int argc, char **argv)
{
    if (!strcmp(argv[0], "console"))
        return true;
    if (strcmp(argv[0], "create"))
        return false;
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "-c"))
            return true;
    return false;
}

/* One frame from dom0: printed; its status once the command ended. */
static bool handle(struct chan *c, int *status)
{
    const struct mgmt_decoder *d = &c->dec;

    switch (d->type) {
    case MGMT_OUT:
        fwrite(d->payload, 1, d->len, stdout);
        fflush(stdout);
        break;
    case MGMT_ERR:
        fwrite(d->payload, 1, d->len, stderr);
        break;
    case MGMT_ERROR:
        fprintf(stderr, "xl: dom0 refused what it received: %.*s\n",
                (int)d->len, (const char *)d->payload);
        break;
    case MGMT_EXIT:
        *status = d->len == 4 ? (int)mgmt_get_le32(d->payload) : 1;
        return true;
    default:
        break;
    }
    return false;
}

/* The keyboard to dom0; false when it ended (or the channel failed). */
static bool forward_keys(struct chan *c)
{
    char buf[256];
    ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));

    return n > 0 && chan_send(c, MGMT_CONSOLE_IN, buf, (size_t)n);
}

int run_remote(struct chan *c, int argc, char **argv)
{
    char packed[MGMT_PAYLOAD_MAX];
    int len = mgmt_argv_pack(packed, sizeof(packed), argc, argv), status = 1;
    bool keys = interactive(argc, argv), detach_when_quiet = false;

    if (len < 0) {
        fprintf(stderr, "xl: the command line is longer than %d bytes\n",
                MGMT_PAYLOAD_MAX);
        return 1;
    }
    if (!chan_send(c, MGMT_RUN, packed, (size_t)len))
        return 1;
    if (keys)
        raw_on();
    for (;;) {
        struct pollfd p[2] = { { c->fd, POLLIN, 0 },
                               { STDIN_FILENO, POLLIN, 0 } };
        int r;

        /* Frames already buffered first: poll only sees the socket. */
        while ((r = chan_recv(c, 0)) == 1)
            if (handle(c, &status))
                goto out;
        if (r < 0)
            goto out;
        if (c->shm)
            r = shm_poll(c, keys ? &p[1] : NULL,
                         detach_when_quiet ? QUIET_MS : -1);
        else
            r = poll(p, keys ? 2 : 1, detach_when_quiet ? QUIET_MS : -1);
        if (r == 0 && detach_when_quiet) {
            chan_send(c, MGMT_DETACH, NULL, 0);
            detach_when_quiet = false;
        }
        if (r > 0 && keys && (p[1].revents & (POLLIN | POLLHUP)) &&
            !forward_keys(c)) {
            keys = false;
            detach_when_quiet = true;
        }
    }
out:
    raw_off();
    return status;
}
