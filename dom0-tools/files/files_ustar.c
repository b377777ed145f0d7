/*
 * dom0's boot files from a ustar archive (POSIX.1-1988 "ustar" format,
 * as tar --format=ustar writes it): 512-byte header blocks, each
 * followed by its file's data rounded up to 512 bytes; the archive ends
 * with zero blocks.  Regular files are added to the table, borrowing
 * their bytes from the archive; directories and other entries are
 * skipped.
 */
#include <hv/lib.h>
#include <tools/files.h>
#include "files_internal.h"

#define BLOCK           512

/* Header field offsets and sizes (POSIX ustar). */
#define H_NAME          0
#define H_NAME_LEN      100
#define H_SIZE          124
#define H_SIZE_LEN      12
#define H_CHKSUM        148
#define H_CHKSUM_LEN    8
#define H_TYPE          156
#define H_MAGIC         257
#define H_PREFIX        345
#define H_PREFIX_LEN    155

/* An octal field (NUL or space ended); false if it holds anything else. */
static bool octal(const uint8_t *f, size_t len, uint64_t *val)
{
    size_t i = 0;

    *val = 0;
    while (i < len && f[i] == ' ')
        i++;
    for (; i < len && f[i] >= '0' && f[i] <= '7'; i++) {
        if (*val >> 60)
            return false;
        *val = *val * 8 + (f[i] - '0');
    }
    return i == len || f[i] == '\0' || f[i] == ' ';
}

/* The header's checksum: its bytes summed, the checksum field as spaces. */
static bool checksum_ok(const uint8_t *h)
{
    uint64_t want, sum = 0;

    if (!octal(h + H_CHKSUM, H_CHKSUM_LEN, &want))
        return false;
    for (unsigned int i = 0; i < BLOCK; i++)
        sum += (i >= H_CHKSUM && i < H_CHKSUM + H_CHKSUM_LEN) ? ' ' : h[i];
    return sum == want;
}

static bool all_zero(const uint8_t *h)
{
    for (unsigned int i = 0; i < BLOCK; i++)
        if (h[i])
            return false;
    return true;
}

/* prefix "/" name, without a leading "./"; false if it does not fit. */
static bool entry_name(const uint8_t *h, char *out, size_t outlen)
{
    const char *name = (const char *)h + H_NAME;
    const char *prefix = (const char *)h + H_PREFIX;
    int n;

    if (prefix[0])
        n = snprintf(out, outlen, "%.*s/%.*s", H_PREFIX_LEN, prefix,
                     H_NAME_LEN, name);
    else
        n = snprintf(out, outlen, "%.*s", H_NAME_LEN, name);
    if (n < 0 || (size_t)n >= outlen)
        return false;
    if (out[0] == '.' && out[1] == '/')
        memmove(out, out + 2, strlen(out + 2) + 1);
    return true;
}

/* One header at off: adds its file; the next header's offset, or 0. */
static size_t one_entry(const uint8_t *img, size_t len, size_t off,
                        int *added, char *err, size_t errlen)
{
    const uint8_t *h = img + off;
    char name[FILES_NAME_MAX + 1];
    uint64_t size;

    if (!checksum_ok(h) || memcmp(h + H_MAGIC, "ustar", 5)) {
        snprintf(err, errlen, "archive: bad header at byte %zu (not ustar "
                 "or its checksum is wrong)", off);
        return 0;
    }
    if (!octal(h + H_SIZE, H_SIZE_LEN, &size) ||
        size > len - off - BLOCK) {
        snprintf(err, errlen, "archive: entry at byte %zu runs past the "
                 "end of the archive", off);
        return 0;
    }
    if (h[H_TYPE] == '0' || h[H_TYPE] == '\0') {
        if (!entry_name(h, name, sizeof(name))) {
            snprintf(err, errlen, "archive: entry at byte %zu: its name is "
                     "longer than %u characters", off, FILES_NAME_MAX);
            return 0;
        }
        if (files_add_borrowed(name, h + BLOCK, size, err, errlen))
            return 0;
        (*added)++;
    }
    return off + BLOCK + (size + BLOCK - 1) / BLOCK * BLOCK;
}

int files_load_ustar(const void *image, size_t len, char *err, size_t errlen)
{
    const uint8_t *img = image;
    size_t off = 0;
    int added = 0;

    while (off + BLOCK <= len && !all_zero(img + off)) {
        off = one_entry(img, len, off, &added, err, errlen);
        if (!off)
            return -1;
    }
    return added;
}
