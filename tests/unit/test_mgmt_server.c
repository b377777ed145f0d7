/*
 * dom0's end of the management channel (dom0-tools/mgmt/mgmt_server.c)
 * over a fake transport: commands and their output, uploads, refusals.
 */
#include <criterion/criterion.h>
#include <string.h>

#include <tools/mgmt_server.h>

static struct mgmt_server srv;
static struct mgmt_decoder replies;
static char out_text[4096], err_text[4096], errors[4096];
static int exits, last_exit, hellos;
static char stored_name[64];
static size_t stored_len;
static uint32_t stored_hash;
static int runs;
/* What the host sent that dom0 has not read yet (recv hook). */
static uint8_t pending[4 * MGMT_FRAME_MAX];
static size_t pending_len, pending_at;

static size_t fake_recv(void *ctx, void *buf, size_t max)
{
    size_t n = pending_len - pending_at;

    (void)ctx;
    n = n < max ? n : max;
    n = n < 5 ? n : 5;          /* small pieces: frames split anywhere */
    memcpy(buf, pending + pending_at, n);
    pending_at += n;
    return n;
}

static void queue_for_getc(enum mgmt_type t, const void *payload,
                           size_t len)
{
    pending_len += mgmt_frame_encode(pending + pending_len,
                                     sizeof(pending) - pending_len, t,
                                     payload, (uint32_t)len);
}

/* The fake channel: decodes every reply frame as the host would. */
static void fake_send(void *ctx, const void *buf, size_t n)
{
    const uint8_t *p = buf;

    (void)ctx;
    while (n) {
        enum mgmt_dec_result r = mgmt_decode(&replies, &p, &n);

        cr_assert_neq(r, MGMT_DEC_BAD, "dom0 sent a bad frame: %s",
                      replies.why);
        if (r != MGMT_DEC_FRAME)
            continue;
        if (replies.type == MGMT_OUT)
            strncat(out_text, (char *)replies.payload, replies.len);
        else if (replies.type == MGMT_ERR)
            strncat(err_text, (char *)replies.payload, replies.len);
        else if (replies.type == MGMT_ERROR)
            strncat(errors, (char *)replies.payload, replies.len),
            strcat(errors, "\n");
        else if (replies.type == MGMT_EXIT)
            exits++, last_exit = (int)mgmt_get_le32(replies.payload);
        else if (replies.type == MGMT_HELLO)
            hellos++;
    }
}

/* "echo ARGS": prints them; anything else: unknown, status 2. */
static int fake_run(void *ctx, struct mgmt_server *s, int argc, char **argv)
{
    (void)ctx;
    runs++;
    if (!strcmp(argv[0], "cat")) {
        int c;

        /* As xl console: input until Ctrl-] (or nothing more). */
        while ((c = mgmt_server_getc(s)) >= 0 && c != 0x1d) {
            char ch = (char)c;

            mgmt_server_write(s, MGMT_OUT, &ch, 1);
        }
        return c == 0x1d ? 0 : 3;
    }
    if (strcmp(argv[0], "echo")) {
        mgmt_server_write(s, MGMT_ERR, "unknown\n", 8);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        mgmt_server_write(s, MGMT_OUT, argv[i], strlen(argv[i]));
        mgmt_server_write(s, MGMT_OUT, i + 1 < argc ? " " : "\n", 1);
    }
    return 0;
}

static int fake_put(void *ctx, const char *name, const void *data,
                    size_t len, char *err, size_t errlen)
{
    (void)ctx;
    if (!strcmp(name, "full")) {
        strncpy(err, "no room", errlen);
        return -1;
    }
    strcpy(stored_name, name);
    stored_len = len;
    stored_hash = mgmt_fnv1a(MGMT_FNV_OFFSET, data, len);
    return 0;
}

static const struct mgmt_server_ops ops = {
    fake_send, fake_recv, fake_run, fake_put, NULL,
};

static void setup(void)
{
    mgmt_server_init(&srv, &ops);
    mgmt_decoder_init(&replies);
    out_text[0] = err_text[0] = errors[0] = stored_name[0] = '\0';
    exits = hellos = runs = 0;
    last_exit = -1;
    stored_len = 0;
    pending_len = pending_at = 0;
}

static void teardown(void)
{
    mgmt_server_fini(&srv);
}

static void send_to_dom0(enum mgmt_type t, const void *payload, size_t len)
{
    static uint8_t buf[MGMT_FRAME_MAX];
    size_t n = mgmt_frame_encode(buf, sizeof(buf), t, payload,
                                 (uint32_t)len);

    cr_assert_gt(n, 0);
    mgmt_server_input(&srv, buf, n);
}

static void run(int argc, char **argv)
{
    char buf[256];
    int len = mgmt_argv_pack(buf, sizeof(buf), argc, argv);

    cr_assert_geq(len, 0);
    send_to_dom0(MGMT_RUN, buf, (size_t)len);
}

TestSuite(mgmt_server, .init = setup, .fini = teardown);

Test(mgmt_server, hello_is_answered)
{
    send_to_dom0(MGMT_HELLO, NULL, 0);
    cr_assert_eq(hellos, 1);
}

Test(mgmt_server, run_streams_output_and_status)
{
    char *echo[] = { "echo", "hello", "xpv" }, *bad[] = { "nope" };

    run(3, echo);
    cr_assert_str_eq(out_text, "hello xpv\n");
    cr_assert_eq(exits, 1);
    cr_assert_eq(last_exit, 0);
    run(1, bad);
    cr_assert_str_eq(err_text, "unknown\n");
    cr_assert_eq(last_exit, 2);
}

static void upload(const char *name, const uint8_t *data, size_t len)
{
    uint8_t begin[4 + 64];

    mgmt_put_le32(begin, (uint32_t)len);
    memcpy(begin + 4, name, strlen(name));
    send_to_dom0(MGMT_PUT_BEGIN, begin, 4 + strlen(name));
    for (size_t off = 0; off < len; off += MGMT_PAYLOAD_MAX)
        send_to_dom0(MGMT_PUT_DATA, data + off,
                     len - off < MGMT_PAYLOAD_MAX ? len - off
                                                  : MGMT_PAYLOAD_MAX);
}

Test(mgmt_server, upload_in_frames)
{
    static uint8_t data[10000];

    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)(i * 13);
    upload("guest.elf", data, sizeof(data));
    cr_assert_str_eq(stored_name, "guest.elf");
    cr_assert_eq(stored_len, sizeof(data));
    cr_assert_eq(stored_hash, mgmt_fnv1a(MGMT_FNV_OFFSET, data,
                                         sizeof(data)));
    cr_assert_eq(last_exit, 0);
    upload("empty.cfg", data, 0);
    cr_assert_str_eq(stored_name, "empty.cfg");
    cr_assert_eq(stored_len, 0);
    cr_assert_eq(exits, 2);
}

Test(mgmt_server, upload_refusals)
{
    uint8_t begin[8], chunk[16] = { 0 };

    upload("full", chunk, sizeof(chunk));
    cr_assert_str_eq(err_text, "upload 'full': no room\n");
    cr_assert_eq(last_exit, 1);
    upload("a/b", chunk, 1);
    cr_assert(strstr(err_text, "without '/'"), "%s", err_text);
    upload("", chunk, 1);
    cr_assert_eq(exits, 3);
    mgmt_put_le32(begin, MGMT_PUT_MAX + 1);
    memcpy(begin + 4, "big", 3);
    send_to_dom0(MGMT_PUT_BEGIN, begin, 7);
    cr_assert(strstr(err_text, "larger than 16 MiB"), "%s", err_text);
    errors[0] = '\0';
    send_to_dom0(MGMT_PUT_DATA, chunk, 4);
    cr_assert_str_eq(errors, "PUT_DATA without PUT_BEGIN\n",
                     "a refused upload takes no data");
    mgmt_put_le32(begin, 2);
    send_to_dom0(MGMT_PUT_BEGIN, begin, 7);
    send_to_dom0(MGMT_PUT_DATA, chunk, 4);
    cr_assert(strstr(err_text, "more data than announced"), "%s", err_text);
    cr_assert_eq(stored_name[0], '\0', "nothing was stored");
}

Test(mgmt_server, garbage_is_answered_and_the_next_frame_runs)
{
    char *echo[] = { "echo", "ok" };

    mgmt_server_input(&srv, (const uint8_t *)"garbage\n", 8);
    cr_assert_str_eq(errors, "garbage between frames skipped\n");
    run(2, echo);
    cr_assert_str_eq(out_text, "ok\n");
    send_to_dom0(MGMT_RUN, "no-nul", 6);
    cr_assert(strstr(errors, "RUN: argv"), "%s", errors);
    send_to_dom0(MGMT_EXIT, "\0\0\0\0", 4);
    cr_assert(strstr(errors, "frame type not accepted"), "%s", errors);
    cr_assert_eq(runs, 1);
}

Test(mgmt_server, console_input_while_a_command_runs)
{
    char *cat[] = { "cat" }, *echo[] = { "echo", "after" }, argv[32];
    int len = mgmt_argv_pack(argv, sizeof(argv), 2, echo);

    queue_for_getc(MGMT_CONSOLE_IN, "ab", 2);
    queue_for_getc(MGMT_RUN, argv, (size_t)len);      /* refused: busy */
    pending[pending_len++] = '!';                     /* garbage */
    queue_for_getc(MGMT_CONSOLE_IN, "c", 1);
    queue_for_getc(MGMT_DETACH, NULL, 0);
    run(1, cat);
    cr_assert_str_eq(out_text, "abc");
    cr_assert_eq(last_exit, 0, "DETACH reads as Ctrl-]");
    cr_assert(strstr(errors, "a command is running"), "%s", errors);
    cr_assert(strstr(errors, "garbage"), "%s", errors);
    cr_assert_eq(runs, 1, "the RUN sent meanwhile did not run");
    run(1, cat);
    cr_assert_eq(last_exit, 3, "no input: getc says -1");
}

Test(mgmt_server, console_input_behind_the_run_frame)
{
    static uint8_t buf[3 * MGMT_FRAME_MAX];
    char *cat[] = { "cat" }, argv[16], *echo[] = { "echo", "next" };
    int len = mgmt_argv_pack(argv, sizeof(argv), 1, cat);
    size_t n = 0;

    /* One read holds the RUN, the command's input and the next RUN. */
    n += mgmt_frame_encode(buf + n, sizeof(buf) - n, MGMT_RUN, argv,
                           (uint32_t)len);
    n += mgmt_frame_encode(buf + n, sizeof(buf) - n, MGMT_CONSOLE_IN, "xy", 2);
    n += mgmt_frame_encode(buf + n, sizeof(buf) - n, MGMT_DETACH, NULL, 0);
    len = mgmt_argv_pack(argv, sizeof(argv), 2, echo);
    n += mgmt_frame_encode(buf + n, sizeof(buf) - n, MGMT_RUN, argv,
                           (uint32_t)len);
    mgmt_server_input(&srv, buf, n);
    cr_assert_str_eq(out_text, "xynext\n");
    cr_assert_eq(exits, 2);
    cr_assert_eq(last_exit, 0);
    cr_assert_eq(runs, 2, "the RUN after the detach ran once it ended");
}
