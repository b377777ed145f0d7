/*
 * The management channel's frames: encoding, the resynchronising
 * decoder, and argv packing (tools/mgmt_frame.h).  Freestanding: only
 * compiler builtins, so the host CLI and dom0 compile the same file.
 */
#include <tools/mgmt_frame.h>

#define FNV_PRIME   0x01000193u

uint32_t mgmt_fnv1a(uint32_t h, const void *p, size_t n)
{
    const uint8_t *b = p;

    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * FNV_PRIME;
    return h;
}

void mgmt_put_le32(uint8_t b[4], uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

uint32_t mgmt_get_le32(const uint8_t b[4])
{
    return b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
           (uint32_t)b[3] << 24;
}

void mgmt_frame_header(uint8_t hdr[MGMT_HEADER_LEN], enum mgmt_type type,
                       const void *payload, uint32_t len)
{
    hdr[0] = MGMT_MAGIC0;
    hdr[1] = MGMT_MAGIC1;
    hdr[2] = (uint8_t)type;
    hdr[3] = 0;
    mgmt_put_le32(hdr + 4, len);
    mgmt_put_le32(hdr + 8, mgmt_fnv1a(mgmt_fnv1a(MGMT_FNV_OFFSET, hdr, 8),
                                      payload, len));
}

size_t mgmt_frame_encode(uint8_t *out, size_t cap, enum mgmt_type type,
                         const void *payload, uint32_t len)
{
    if (len > MGMT_PAYLOAD_MAX || cap < MGMT_HEADER_LEN + (size_t)len)
        return 0;
    mgmt_frame_header(out, type, payload, len);
    if (len)
        __builtin_memcpy(out + MGMT_HEADER_LEN, payload, len);
    return MGMT_HEADER_LEN + len;
}

void mgmt_decoder_init(struct mgmt_decoder *d)
{
    __builtin_memset(d, 0, sizeof(*d));
}

/* Why a complete header cannot start a frame, or NULL when it can. */
static const char *header_problem(const uint8_t *h)
{
    if (h[2] == 0 || h[2] >= MGMT_TYPE_END)
        return "unknown frame type";
    if (h[3] != 0)
        return "reserved header byte not 0";
    if (mgmt_get_le32(h + 4) > MGMT_PAYLOAD_MAX)
        return "frame longer than 4096 bytes";
    return NULL;
}

/*
 * Drops hdr[0] (it began no frame) and keeps what follows from the next
 * magic byte on, counting what is dropped as garbage.
 */
static void header_shift(struct mgmt_decoder *d)
{
    do {
        size_t i = 1;

        while (i < d->have && d->hdr[i] != MGMT_MAGIC0)
            i++;
        __builtin_memmove(d->hdr, d->hdr + i, d->have - i);
        d->have -= i;
        d->skipped += i;
    } while (d->have >= 2 && d->hdr[1] != MGMT_MAGIC1);
}

/*
 * Whether garbage skipped so far is to be reported now: once per run,
 * which a magic byte ends (a stream may bring it in many reads).
 */
static bool garbage_to_report(struct mgmt_decoder *d)
{
    if (!d->skipped)
        return false;
    d->skipped = 0;
    if (d->garbage_reported)
        return false;
    d->garbage_reported = true;
    d->why = "garbage between frames skipped";
    return true;
}

/* One input byte into the header; a result when it settles something. */
static bool header_byte(struct mgmt_decoder *d, uint8_t c,
                        enum mgmt_dec_result *res)
{
    const char *why;

    if (d->have == 0 && c != MGMT_MAGIC0) {
        d->skipped++;
        return false;
    }
    d->hdr[d->have++] = c;
    if (d->have == 2 && c != MGMT_MAGIC1) {
        header_shift(d);
        return false;
    }
    if (d->have < MGMT_HEADER_LEN)
        return false;
    why = header_problem(d->hdr);
    if (why) {
        header_shift(d);
        d->skipped = 0;         /* this refusal reports them */
        d->garbage_reported = true;
        d->why = why;
        *res = MGMT_DEC_BAD;
        return true;
    }
    d->type = (enum mgmt_type)d->hdr[2];
    d->len = mgmt_get_le32(d->hdr + 4);
    d->in_payload = true;
    d->have = 0;
    return false;
}

/* The payload is complete: the frame, or its checksum refused. */
static enum mgmt_dec_result finish_frame(struct mgmt_decoder *d)
{
    uint32_t sum = mgmt_fnv1a(MGMT_FNV_OFFSET, d->hdr, 8);

    d->in_payload = false;
    d->have = 0;
    if (mgmt_fnv1a(sum, d->payload, d->len) != mgmt_get_le32(d->hdr + 8)) {
        d->why = "frame checksum does not match";
        return MGMT_DEC_BAD;
    }
    return MGMT_DEC_FRAME;
}

enum mgmt_dec_result mgmt_decode(struct mgmt_decoder *d, const uint8_t **in,
                                 size_t *n)
{
    enum mgmt_dec_result res;

    while (*n) {
        if (d->in_payload) {
            size_t take = d->len - d->have;

            take = take < *n ? take : *n;
            __builtin_memcpy(d->payload + d->have, *in, take);
            d->have += take;
            *in += take;
            *n -= take;
        } else {
            /* Garbage is reported before the frame that ends it. */
            if (d->have == 0 && **in == MGMT_MAGIC0) {
                if (garbage_to_report(d))
                    return MGMT_DEC_BAD;
                d->garbage_reported = false;
            }
            (*in)++;
            (*n)--;
            if (header_byte(d, (*in)[-1], &res))
                return res;
        }
        if (d->in_payload && d->have == d->len)
            return finish_frame(d);
    }
    return garbage_to_report(d) ? MGMT_DEC_BAD : MGMT_DEC_MORE;
}

int mgmt_argv_pack(char *out, size_t cap, int argc, char *const argv[])
{
    size_t used = 0;

    for (int i = 0; i < argc; i++) {
        size_t len = __builtin_strlen(argv[i]) + 1;

        if (len > cap - used)
            return -1;
        __builtin_memcpy(out + used, argv[i], len);
        used += len;
    }
    return (int)used;
}

int mgmt_argv_unpack(char *buf, size_t len, char *argv[], int max)
{
    int argc = 0;

    if (len == 0 || buf[len - 1] != '\0')
        return -1;
    for (size_t i = 0; i < len; i += __builtin_strlen(buf + i) + 1) {
        if (argc >= max - 1)
            return -1;
        argv[argc++] = buf + i;
    }
    argv[argc] = NULL;
    return argc;
}
