/*
 * dom0's end of the management channel (tools/mgmt_server.h): each
 * decoded frame dispatched by type, uploads assembled, refusals answered.
 */
#include <hv/lib.h>
#include <tools/env.h>
#include <tools/mgmt_server.h>
#include <tools/xl.h>

void mgmt_server_init(struct mgmt_server *s, const struct mgmt_server_ops *ops)
{
    memset(s, 0, sizeof(*s));
    s->ops = ops;
    mgmt_decoder_init(&s->dec);
}

static void put_reset(struct mgmt_server *s)
{
    tools_free(s->put_buf);
    s->put_buf = NULL;
    s->put_size = s->put_have = 0;
}

void mgmt_server_fini(struct mgmt_server *s)
{
    put_reset(s);
}

static void send_frame(struct mgmt_server *s, enum mgmt_type type,
                       const void *payload, size_t len)
{
    size_t n = mgmt_frame_encode(s->frame, sizeof(s->frame), type, payload,
                                 (uint32_t)len);

    s->ops->send(s->ops->ctx, s->frame, n);
}

void mgmt_server_write(struct mgmt_server *s, enum mgmt_type type,
                       const void *buf, size_t n)
{
    const uint8_t *p = buf;

    while (n) {
        size_t chunk = MIN(n, (size_t)MGMT_PAYLOAD_MAX);

        send_frame(s, type, p, chunk);
        p += chunk;
        n -= chunk;
    }
}

static void send_exit(struct mgmt_server *s, int status)
{
    uint8_t b[4];

    mgmt_put_le32(b, (uint32_t)status);
    send_frame(s, MGMT_EXIT, b, sizeof(b));
}

static void send_error(struct mgmt_server *s, const char *why)
{
    send_frame(s, MGMT_ERROR, why, strlen(why));
}

/* A command that ends with status 1 and this message on its stderr. */
static void fail(struct mgmt_server *s, const char *msg)
{
    mgmt_server_write(s, MGMT_ERR, msg, strlen(msg));
    send_exit(s, 1);
}

static void on_run(struct mgmt_server *s)
{
    char *argv[64];
    int argc = mgmt_argv_unpack((char *)s->dec.payload, s->dec.len, argv,
                                (int)ARRAY_SIZE(argv));

    if (argc < 0) {
        send_error(s, "RUN: argv not NUL-separated or over 63 arguments");
        return;
    }
    mgmt_decoder_init(&s->run_dec);
    s->run_in_len = s->run_in_at = 0;
    s->console_pending = false;
    send_exit(s, s->ops->run(s->ops->ctx, s, argc, argv));
}

static void put_complete(struct mgmt_server *s)
{
    char err[160], msg[200];

    err[0] = '\0';
    if (s->ops->put(s->ops->ctx, s->put_name, s->put_buf, s->put_size,
                    err, sizeof(err))) {
        snprintf(msg, sizeof(msg), "upload '%s': %s\n", s->put_name, err);
        fail(s, msg);
    } else {
        send_exit(s, 0);
    }
    put_reset(s);
}

/* A name for files_put: 1..63 bytes, no '/', no NUL. */
static bool valid_name(const uint8_t *p, size_t len)
{
    if (len == 0 || len >= MGMT_NAME_MAX)
        return false;
    for (size_t i = 0; i < len; i++)
        if (p[i] == '/' || p[i] == '\0')
            return false;
    return true;
}

static void on_put_begin(struct mgmt_server *s)
{
    const uint8_t *p = s->dec.payload;
    size_t size;

    put_reset(s);
    if (s->dec.len < 4 || !valid_name(p + 4, s->dec.len - 4)) {
        fail(s, "upload: the name must be 1-63 bytes without '/'\n");
        return;
    }
    size = mgmt_get_le32(p);
    memcpy(s->put_name, p + 4, s->dec.len - 4);
    s->put_name[s->dec.len - 4] = '\0';
    if (size > MGMT_PUT_MAX) {
        fail(s, "upload: larger than 16 MiB\n");
        return;
    }
    /* One byte more, so that an empty file has a buffer too. */
    s->put_buf = tools_zalloc(size + 1);
    if (!s->put_buf) {
        fail(s, "upload: dom0 is out of memory\n");
        return;
    }
    s->put_size = size;
    if (size == 0)
        put_complete(s);
}

static void on_put_data(struct mgmt_server *s)
{
    if (!s->put_buf) {
        send_error(s, "PUT_DATA without PUT_BEGIN");
        return;
    }
    if (s->dec.len > s->put_size - s->put_have) {
        put_reset(s);
        fail(s, "upload: more data than announced\n");
        return;
    }
    memcpy(s->put_buf + s->put_have, s->dec.payload, s->dec.len);
    s->put_have += s->dec.len;
    if (s->put_have == s->put_size)
        put_complete(s);
}

static void dispatch(struct mgmt_server *s)
{
    switch (s->dec.type) {
    case MGMT_HELLO:
        send_frame(s, MGMT_HELLO, NULL, 0);
        break;
    case MGMT_RUN:
        on_run(s);
        break;
    case MGMT_PUT_BEGIN:
        on_put_begin(s);
        break;
    case MGMT_PUT_DATA:
        on_put_data(s);
        break;
    default:
        send_error(s, "frame type not accepted by dom0 (no console "
                   "attached, or one only dom0 sends)");
        break;
    }
}

void mgmt_server_input(struct mgmt_server *s, const uint8_t *buf, size_t n)
{
    while (n) {
        enum mgmt_dec_result r = mgmt_decode(&s->dec, &buf, &n);

        if (r == MGMT_DEC_FRAME) {
            /* A command it runs reads what follows (its console input). */
            s->rest = buf;
            s->rest_n = n;
            dispatch(s);
            buf = s->rest;
            n = s->rest_n;
            s->rest_n = 0;
        } else if (r == MGMT_DEC_BAD)
            send_error(s, s->dec.why);
    }
}

/*
 * The next piece of input for the running command: first what arrived
 * behind its RUN frame, then what it holds from recv, then recv's next.
 */
static enum mgmt_dec_result run_decode(struct mgmt_server *s, bool *none)
{
    const uint8_t *p;
    size_t n;
    enum mgmt_dec_result r;

    *none = false;
    if (s->rest_n)
        return mgmt_decode(&s->run_dec, &s->rest, &s->rest_n);
    if (s->run_in_at == s->run_in_len) {
        s->run_in_len = s->ops->recv(s->ops->ctx, s->run_in,
                                     sizeof(s->run_in));
        s->run_in_at = 0;
        if (!s->run_in_len) {
            *none = true;
            return MGMT_DEC_MORE;
        }
    }
    p = s->run_in + s->run_in_at;
    n = s->run_in_len - s->run_in_at;
    r = mgmt_decode(&s->run_dec, &p, &n);
    s->run_in_at = s->run_in_len - n;
    return r;
}

/* The next frame for the running command, or false when none is whole. */
static bool run_frame(struct mgmt_server *s)
{
    for (;;) {
        bool none;
        enum mgmt_dec_result r = run_decode(s, &none);

        if (none)
            return false;
        if (r == MGMT_DEC_FRAME)
            return true;
        if (r == MGMT_DEC_BAD)
            send_error(s, s->run_dec.why);
    }
}

int mgmt_server_getc(struct mgmt_server *s)
{
    for (;;) {
        if (s->console_pending && s->console_at < s->run_dec.len)
            return s->run_dec.payload[s->console_at++];
        s->console_pending = false;
        if (!run_frame(s))
            return -1;
        if (s->run_dec.type == MGMT_CONSOLE_IN) {
            s->console_pending = true;
            s->console_at = 0;
        } else if (s->run_dec.type == MGMT_DETACH) {
            return XL_CONSOLE_ESCAPE;
        } else if (s->run_dec.type == MGMT_HELLO) {
            send_frame(s, MGMT_HELLO, NULL, 0);
        } else {
            send_error(s, "a command is running: only console input "
                       "and DETACH until it ends");
        }
    }
}
