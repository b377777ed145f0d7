/*
 * The management channel's framed protocol, between the host CLI
 * (build/xl-host) and dom0, over a byte stream (COM2, backed on the host
 * by QEMU's unix socket).  Both ends compile dom0-tools/mgmt/mgmt_frame.c:
 * it needs only the C freestanding headers.
 *
 * A frame is a 12-byte header and a payload:
 *
 *   0  'X' 'M'          magic
 *   2  type             enum mgmt_type
 *   3  0                reserved (must be 0)
 *   4  length           payload bytes, little-endian, <= MGMT_PAYLOAD_MAX
 *   8  checksum         FNV-1a 32 over bytes 0..7 and the payload, LE
 *
 * A stream can carry garbage (a terminal typed into the socket, a host
 * started mid-frame): the decoder skips bytes until a magic, refuses a
 * header it cannot accept (dropping one byte and looking again from the
 * next, so that a frame behind garbage is still found), and refuses a
 * frame whose checksum does not match.  Each refusal is reported once,
 * with what was wrong, and the receiver answers it with MGMT_ERROR: a run
 * of garbage once, however many reads it arrives in.
 */
#ifndef TOOLS_MGMT_FRAME_H
#define TOOLS_MGMT_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MGMT_MAGIC0         'X'
#define MGMT_MAGIC1         'M'
#define MGMT_HEADER_LEN     12
#define MGMT_PAYLOAD_MAX    4096
#define MGMT_FRAME_MAX      (MGMT_HEADER_LEN + MGMT_PAYLOAD_MAX)

enum mgmt_type {
    MGMT_HELLO = 1,     /* either way: "are you there"; answered alike */
    MGMT_RUN,           /* host: argv, NUL-separated (mgmt_argv_pack) */
    MGMT_OUT,           /* dom0: command output (stdout) bytes */
    MGMT_ERR,           /* dom0: command error (stderr) bytes */
    MGMT_EXIT,          /* dom0: 4-byte LE exit status; the command ended */
    MGMT_PUT_BEGIN,     /* host: 4-byte LE size, then the file name */
    MGMT_PUT_DATA,      /* host: the next bytes of that file */
    MGMT_CONSOLE_IN,    /* host: keyboard bytes for an attached console */
    MGMT_DETACH,        /* either way: the console attachment ends */
    MGMT_ERROR,         /* either way: a refused frame, with why (text) */
    MGMT_TYPE_END
};

/* FNV-1a 32: the frame checksum, and the upload check of boot tests. */
#define MGMT_FNV_OFFSET     0x811c9dc5u
uint32_t mgmt_fnv1a(uint32_t h, const void *p, size_t n);

/*
 * Writes the header of a frame carrying payload[0..len) into hdr.
 * @pre len <= MGMT_PAYLOAD_MAX and type is an enum mgmt_type.
 */
void mgmt_frame_header(uint8_t hdr[MGMT_HEADER_LEN], enum mgmt_type type,
                       const void *payload, uint32_t len);

/*
 * Header and payload into out (cap bytes); returns the frame's length,
 * 0 when it does not fit or len > MGMT_PAYLOAD_MAX.
 */
size_t mgmt_frame_encode(uint8_t *out, size_t cap, enum mgmt_type type,
                         const void *payload, uint32_t len);

enum mgmt_dec_result {
    MGMT_DEC_MORE,      /* all input consumed, no frame complete yet */
    MGMT_DEC_FRAME,     /* a frame: type, payload, len */
    MGMT_DEC_BAD,       /* refused input: why */
};

struct mgmt_decoder {
    uint8_t hdr[MGMT_HEADER_LEN];
    size_t have;                /* header bytes held, then payload bytes */
    bool in_payload;
    size_t skipped;             /* garbage bytes not yet reported */
    bool garbage_reported;      /* this run of garbage was reported */
    /* The last frame (MGMT_DEC_FRAME), valid until the next call. */
    enum mgmt_type type;
    uint32_t len;
    uint8_t payload[MGMT_PAYLOAD_MAX];
    const char *why;            /* MGMT_DEC_BAD: what was wrong */
};

void mgmt_decoder_init(struct mgmt_decoder *d);

/*
 * Consumes input from *in (advancing *in, lowering *n) until a frame is
 * complete, an input is refused, or the input runs out.  Garbage before
 * a magic is reported (MGMT_DEC_BAD) when the magic arrives, or at the
 * end of the input it arrived in, once per run (until a magic).
 */
enum mgmt_dec_result mgmt_decode(struct mgmt_decoder *d, const uint8_t **in,
                                 size_t *n);

/*
 * argv as the payload of MGMT_RUN: each argument and its NUL.  Returns
 * the length, or -1 when it does not fit in cap.
 */
int mgmt_argv_pack(char *out, size_t cap, int argc, char *const argv[]);

/*
 * Splits a MGMT_RUN payload in place into argv (at most max entries, then
 * a NULL); returns argc, or -1 for an empty payload, one not ending in a
 * NUL, or more than max - 1 arguments.
 */
int mgmt_argv_unpack(char *buf, size_t len, char *argv[], int max);

/* Little-endian 32-bit fields of payloads (EXIT, PUT_BEGIN). */
void mgmt_put_le32(uint8_t b[4], uint32_t v);
uint32_t mgmt_get_le32(const uint8_t b[4]);

#endif /* TOOLS_MGMT_FRAME_H */
