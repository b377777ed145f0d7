/*
 * dom0's end of the management channel: frames in (tools/mgmt_frame.h),
 * commands run and files stored through the hooks below, answers out.
 * It owns no transport: the caller feeds it what arrived
 * (mgmt_server_input) and gives it a send hook; dom0 runs it over COM2,
 * the unit tests over a buffer.
 *
 *   HELLO                  answered with HELLO
 *   RUN argv               run(argv); its output as OUT/ERR frames
 *                          (mgmt_server_write), then EXIT <status>
 *   PUT_BEGIN size name    a file of 'size' bytes (at most
 *   PUT_DATA ...           MGMT_PUT_MAX) follows; once complete, put()
 *                          stores it; EXIT 0, or ERR <why> and EXIT 1
 *   anything refused       ERROR <what was wrong> (the decoder's reason,
 *                          or the frame's)
 *
 * While a command runs (xl console, create -c), its input comes from
 * mgmt_server_getc(): CONSOLE_IN bytes, DETACH as Ctrl-] (which detaches
 * xl console); any other frame then is refused ("a command is running").
 */
#ifndef TOOLS_MGMT_SERVER_H
#define TOOLS_MGMT_SERVER_H

#include <tools/mgmt_frame.h>

#define MGMT_PUT_MAX        (16u << 20)
#define MGMT_NAME_MAX       64          /* file names, with their NUL */

struct mgmt_server;

struct mgmt_server_ops {
    /* Writes n bytes to the channel (all of them: it may wait). */
    void (*send)(void *ctx, const void *buf, size_t n);
    /* Moves up to max received bytes into buf; 0 when none; never waits. */
    size_t (*recv)(void *ctx, void *buf, size_t max);
    /* Runs argv[0..argc); output through mgmt_server_write(); status. */
    int (*run)(void *ctx, struct mgmt_server *s, int argc, char **argv);
    /* Stores a complete upload; 0, or -1 with a message in err. */
    int (*put)(void *ctx, const char *name, const void *data, size_t len,
               char *err, size_t errlen);
    void *ctx;
};

struct mgmt_server {
    const struct mgmt_server_ops *ops;
    struct mgmt_decoder dec;
    char put_name[MGMT_NAME_MAX];
    uint8_t *put_buf;           /* tools_zalloc'd; NULL when no upload */
    size_t put_size, put_have;
    uint8_t frame[MGMT_FRAME_MAX];
    /* Input while a command runs: its own decoder (dec holds the argv). */
    struct mgmt_decoder run_dec;
    uint8_t run_in[256];
    size_t run_in_len, run_in_at;
    uint32_t console_at;        /* next byte of run_dec's CONSOLE_IN */
    /* Input that arrived with the RUN frame, after it: the command's. */
    const uint8_t *rest;
    size_t rest_n;
    bool console_pending;
};

void mgmt_server_init(struct mgmt_server *s, const struct mgmt_server_ops *ops);

/* Frees an unfinished upload. */
void mgmt_server_fini(struct mgmt_server *s);

/* Handles n bytes that arrived (any split of the stream). */
void mgmt_server_input(struct mgmt_server *s, const uint8_t *buf, size_t n);

/* Sends command output as frames of type (MGMT_OUT or MGMT_ERR). */
void mgmt_server_write(struct mgmt_server *s, enum mgmt_type type,
                       const void *buf, size_t n);

/*
 * The running command's next input byte (its xl_io getc): -1 when none
 * has arrived.  DETACH reads as Ctrl-] (XL_CONSOLE_ESCAPE).
 */
int mgmt_server_getc(struct mgmt_server *s);

#endif /* TOOLS_MGMT_SERVER_H */
