/*
 * The management channel's frames (dom0-tools/mgmt/mgmt_frame.c):
 * round trips, the decoder fed in every split, and each refusal with the
 * decoder finding the next good frame behind it.
 */
#include <criterion/criterion.h>
#include <string.h>

#include <tools/mgmt_frame.h>

static struct mgmt_decoder dec;

struct seen {
    int frames, bad;
    enum mgmt_type type[8];
    uint32_t len[8];
    uint8_t payload[8][MGMT_PAYLOAD_MAX];
    const char *why[8];
};

/* Feeds buf in pieces of 'step' bytes, recording what comes out. */
static void feed(struct seen *s, const uint8_t *buf, size_t n, size_t step)
{
    while (n) {
        size_t piece = n < step ? n : step, left = piece;
        const uint8_t *p = buf;

        while (left || p == buf) {
            enum mgmt_dec_result r = mgmt_decode(&dec, &p, &left);

            if (r == MGMT_DEC_MORE)
                break;
            if (r == MGMT_DEC_BAD) {
                cr_assert_lt(s->bad, 8);
                s->why[s->bad++] = dec.why;
                continue;
            }
            cr_assert_lt(s->frames, 8);
            s->type[s->frames] = dec.type;
            s->len[s->frames] = dec.len;
            memcpy(s->payload[s->frames], dec.payload, dec.len);
            s->frames++;
        }
        buf += piece;
        n -= piece;
    }
}

static size_t frame(uint8_t *out, enum mgmt_type t, const char *text)
{
    size_t n = mgmt_frame_encode(out, MGMT_FRAME_MAX, t, text,
                                 (uint32_t)strlen(text));

    cr_assert_gt(n, 0);
    return n;
}

Test(mgmt_frame, round_trip_in_every_split)
{
    static const size_t steps[] = { 1, 2, 5, 11, 12, 13, 4096 };
    uint8_t buf[2 * MGMT_FRAME_MAX];
    size_t n = frame(buf, MGMT_OUT, "hello");

    n += frame(buf + n, MGMT_EXIT, "");
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        struct seen s = { 0 };

        mgmt_decoder_init(&dec);
        feed(&s, buf, n, steps[i]);
        cr_assert_eq(s.bad, 0, "step %zu: %s", steps[i], s.why[0]);
        cr_assert_eq(s.frames, 2, "step %zu", steps[i]);
        cr_assert_eq(s.type[0], MGMT_OUT);
        cr_assert_eq(s.len[0], 5);
        cr_assert_arr_eq(s.payload[0], "hello", 5);
        cr_assert_eq(s.type[1], MGMT_EXIT);
        cr_assert_eq(s.len[1], 0);
    }
}

Test(mgmt_frame, largest_payload_and_encode_refusals)
{
    static uint8_t payload[MGMT_PAYLOAD_MAX + 1], buf[MGMT_FRAME_MAX + 1];
    struct seen s = { 0 };

    for (size_t i = 0; i < sizeof(payload); i++)
        payload[i] = (uint8_t)(i * 7);
    cr_assert_eq(mgmt_frame_encode(buf, sizeof(buf), MGMT_PUT_DATA, payload,
                                   MGMT_PAYLOAD_MAX + 1), 0, "too long");
    cr_assert_eq(mgmt_frame_encode(buf, MGMT_FRAME_MAX - 1, MGMT_PUT_DATA,
                                   payload, MGMT_PAYLOAD_MAX), 0,
                 "does not fit");
    cr_assert_eq(mgmt_frame_encode(buf, sizeof(buf), MGMT_PUT_DATA, payload,
                                   MGMT_PAYLOAD_MAX), MGMT_FRAME_MAX);
    mgmt_decoder_init(&dec);
    feed(&s, buf, MGMT_FRAME_MAX, 1000);
    cr_assert_eq(s.frames, 1);
    cr_assert_arr_eq(s.payload[0], payload, MGMT_PAYLOAD_MAX);
}

/* Garbage, then a good frame: one refusal, then the frame. */
static void expect_resync(const uint8_t *junk, size_t junk_len,
                          const char *why)
{
    uint8_t buf[64 + MGMT_FRAME_MAX];
    struct seen s = { 0 };
    size_t n;

    memcpy(buf, junk, junk_len);
    n = junk_len + frame(buf + junk_len, MGMT_RUN, "list");
    mgmt_decoder_init(&dec);
    feed(&s, buf, n, n);
    cr_assert_geq(s.bad, 1, "%s: refused", why);
    cr_assert_str_eq(s.why[0], why);
    cr_assert_eq(s.frames, 1, "%s: the frame behind it is found", why);
    cr_assert_eq(s.type[0], MGMT_RUN);
    cr_assert_arr_eq(s.payload[0], "list", 4);
}

Test(mgmt_frame, garbage_is_skipped_and_reported)
{
    expect_resync((const uint8_t *)"hello\r\n", 7,
                  "garbage between frames skipped");
    expect_resync((const uint8_t *)"XXYX", 4,
                  "garbage between frames skipped");
}

Test(mgmt_frame, garbage_in_many_reads_is_reported_once)
{
    static const char junk[] = "a line typed into the socket\r\n";
    uint8_t buf[64 + MGMT_FRAME_MAX];
    struct seen s = { 0 };
    size_t n = sizeof(junk) - 1;

    memcpy(buf, junk, n);
    n += frame(buf + n, MGMT_HELLO, "");
    memcpy(buf + n, junk, sizeof(junk) - 1);   /* a second run */
    n += sizeof(junk) - 1;
    mgmt_decoder_init(&dec);
    feed(&s, buf, n, 3);
    cr_assert_eq(s.bad, 2, "one report for each run, not each read");
    cr_assert_eq(s.frames, 1);
    cr_assert_eq(s.type[0], MGMT_HELLO);
}

Test(mgmt_frame, bad_headers_are_refused)
{
    uint8_t h[MGMT_HEADER_LEN];

    mgmt_frame_header(h, MGMT_OUT, "", 0);
    h[2] = 0;
    expect_resync(h, sizeof(h), "unknown frame type");
    h[2] = MGMT_TYPE_END;
    expect_resync(h, sizeof(h), "unknown frame type");
    mgmt_frame_header(h, MGMT_OUT, "", 0);
    h[3] = 1;
    expect_resync(h, sizeof(h), "reserved header byte not 0");
    mgmt_frame_header(h, MGMT_OUT, "", 0);
    mgmt_put_le32(h + 4, MGMT_PAYLOAD_MAX + 1);
    expect_resync(h, sizeof(h), "frame longer than 4096 bytes");
}

Test(mgmt_frame, checksum_mismatch_is_refused)
{
    uint8_t buf[2 * MGMT_FRAME_MAX];
    struct seen s = { 0 };
    size_t n = frame(buf, MGMT_OUT, "payload");

    buf[MGMT_HEADER_LEN + 2] ^= 1;      /* one bit of the payload */
    n += frame(buf + n, MGMT_OUT, "next");
    mgmt_decoder_init(&dec);
    feed(&s, buf, n, 3);
    cr_assert_eq(s.bad, 1);
    cr_assert_str_eq(s.why[0], "frame checksum does not match");
    cr_assert_eq(s.frames, 1);
    cr_assert_arr_eq(s.payload[0], "next", 4);
}

Test(mgmt_frame, argv_round_trip)
{
    char *in[] = { "create", "-c", "guest.cfg" }, buf[64], *out[8];

    int len = mgmt_argv_pack(buf, sizeof(buf), 3, in);

    cr_assert_eq(len, 7 + 3 + 10);
    cr_assert_eq(mgmt_argv_unpack(buf, (size_t)len, out, 8), 3);
    cr_assert_str_eq(out[0], "create");
    cr_assert_str_eq(out[1], "-c");
    cr_assert_str_eq(out[2], "guest.cfg");
    cr_assert_null(out[3]);
}

Test(mgmt_frame, argv_refusals)
{
    char *in[] = { "create", "guest.cfg" }, buf[16], *out[3];

    cr_assert_eq(mgmt_argv_pack(buf, 10, 2, in), -1, "does not fit");
    cr_assert_eq(mgmt_argv_unpack(buf, 0, out, 3), -1, "empty");
    memcpy(buf, "list", 4);
    cr_assert_eq(mgmt_argv_unpack(buf, 4, out, 3), -1, "no final NUL");
    memcpy(buf, "a\0b\0c\0", 6);
    cr_assert_eq(mgmt_argv_unpack(buf, 6, out, 3), -1, "too many");
    cr_assert_eq(mgmt_argv_unpack(buf, 4, out, 3), 2);
}
