/*
 * dom0's initrd: a ustar archive (POSIX.1-1988 tar) read into dom0's
 * files.  Each member is a 512-byte header (name, octal size, checksum,
 * type) followed by its bytes rounded up to 512; a zero block ends it.
 * Only regular files are kept; directories and links are skipped.
 */
#include <hv/lib.h>
#include <tools/files.h>

#define BLOCK       512
#define NAME_OFF    0
#define NAME_LEN    100
#define SIZE_OFF    124
#define SIZE_LEN    12
#define CSUM_OFF    148
#define CSUM_LEN    8
#define TYPE_OFF    156
#define MAGIC_OFF   257
#define PREFIX_OFF  345

/* An octal field (spaces or NULs around the digits); false if none. */
static bool octal(const unsigned char *f, size_t len, unsigned long *val)
{
    size_t i = 0;
    bool any = false;

    *val = 0;
    while (i < len && f[i] == ' ')
        i++;
    for (; i < len && f[i] >= '0' && f[i] <= '7'; i++, any = true) {
        if (*val >> 60)
            return false;
        *val = *val * 8 + (f[i] - '0');
    }
    return any && (i == len || f[i] == ' ' || f[i] == '\0');
}

/* The header's checksum: its bytes, the checksum field read as blanks. */
static bool checksum_ok(const unsigned char *h)
{
    unsigned long want, sum = 0;
    size_t i;

    if (!octal(h + CSUM_OFF, CSUM_LEN, &want))
        return false;
    for (i = 0; i < BLOCK; i++)
        sum += i >= CSUM_OFF && i < CSUM_OFF + CSUM_LEN ? ' ' : h[i];
    return sum == want;
}

static bool zero_block(const unsigned char *h)
{
    size_t i;

    for (i = 0; i < BLOCK; i++)
        if (h[i])
            return false;
    return true;
}

/* The member's name without a leading "./" (prefix ignored: none here). */
static void member_name(const unsigned char *h, char *out, size_t size)
{
    const char *n = (const char *)h + NAME_OFF;
    size_t len = strnlen(n, NAME_LEN);

    if (len >= 2 && n[0] == '.' && n[1] == '/') {
        n += 2;
        len -= 2;
    }
    len = MIN(len, size - 1);
    memcpy(out, n, len);
    out[len] = '\0';
}

int files_load_ustar(const void *image, size_t len, char *err, size_t errlen)
{
    const unsigned char *p = image;
    char name[NAME_LEN + 1];
    unsigned long size;
    size_t at = 0;
    int added = 0;

    while (at + BLOCK <= len && !zero_block(p + at)) {
        const unsigned char *h = p + at;

        if (memcmp(h + MAGIC_OFF, "ustar", 5) || !checksum_ok(h) ||
            !octal(h + SIZE_OFF, SIZE_LEN, &size)) {
            snprintf(err, errlen, "initrd: byte %lu: not a ustar header "
                     "(bad magic, checksum or size)", (unsigned long)at);
            return -1;
        }
        if (h[PREFIX_OFF]) {
            snprintf(err, errlen, "initrd: byte %lu: names longer than "
                     "100 bytes are not supported", (unsigned long)at);
            return -1;
        }
        if (size > len - at - BLOCK) {
            snprintf(err, errlen, "initrd: byte %lu: member of %lu bytes "
                     "runs past the archive's end", (unsigned long)at, size);
            return -1;
        }
        member_name(h, name, sizeof(name));
        if ((h[TYPE_OFF] == '0' || h[TYPE_OFF] == '\0') && name[0]) {
            if (files_put(name, h + BLOCK, size, err, errlen))
                return -1;
            added++;
        }
        at += BLOCK + ROUNDUP(size, (unsigned long)BLOCK);
    }
    return added;
}
