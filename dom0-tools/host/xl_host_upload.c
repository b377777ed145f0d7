/*
 * xl create from the host: the config and the kernel and ramdisk it
 * names go to dom0's files first (dom0 cannot read the host's), each
 * under its base name; the config's kernel/ramdisk lines are rewritten
 * to those names in place, so dom0's line numbers in its messages still
 * match the operator's file.  A bare name (no '/') that is not a file
 * here is left to dom0, whose own files it may name (its initrd's
 * guest.elf, as the example configs do).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xl_host.h"

#define FILE_MAX    (16u << 20)     /* dom0's upload limit */

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');

    return s ? s + 1 : path;
}

/* The whole file, NUL-terminated; NULL with the message printed. */
static char *read_file(const char *path, const char *what, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;

    if (!f) {
        fprintf(stderr, "xl create: %s '%s': %s\n", what, path,
                strerror(errno));
        return NULL;
    }
    buf = malloc(FILE_MAX + 1);
    *len = buf ? fread(buf, 1, FILE_MAX + 1, f) : 0;
    fclose(f);
    if (!buf || *len > FILE_MAX) {
        fprintf(stderr, "xl create: %s '%s': %s\n", what, path,
                buf ? "larger than 16 MiB" : "out of memory");
        free(buf);
        return NULL;
    }
    buf[*len] = '\0';
    return buf;
}

bool upload(struct chan *c, const char *name, const void *data, size_t len)
{
    uint8_t begin[4 + 64];
    size_t nlen = strlen(name);
    int r;

    if (nlen == 0 || nlen > 63) {
        fprintf(stderr, "xl create: file name '%s': 1 to 63 bytes\n", name);
        return false;
    }
    mgmt_put_le32(begin, (uint32_t)len);
    memcpy(begin + 4, name, nlen);
    if (!chan_send(c, MGMT_PUT_BEGIN, begin, 4 + nlen))
        return false;
    for (size_t off = 0; off < len; off += MGMT_PAYLOAD_MAX) {
        size_t n = len - off < MGMT_PAYLOAD_MAX ? len - off
                                                : MGMT_PAYLOAD_MAX;

        if (!chan_send(c, MGMT_PUT_DATA, (const uint8_t *)data + off, n))
            return false;
    }
    while ((r = chan_recv(c, -1)) == 1) {
        if (c->dec.type == MGMT_ERR)
            fwrite(c->dec.payload, 1, c->dec.len, stderr);
        else if (c->dec.type == MGMT_EXIT)
            return mgmt_get_le32(c->dec.payload) == 0;
    }
    return false;
}

/*
 * The value of 'key = "value"' on one line (xl.cfg's string form), as
 * [*start, *end) in the line; false when the line sets something else.
 */
static bool string_setting(const char *line, const char *key,
                           const char **start, const char **end)
{
    size_t klen = strlen(key);

    line += strspn(line, " \t");
    if (strncmp(line, key, klen))
        return false;
    line += klen;
    line += strspn(line, " \t");
    if (*line++ != '=')
        return false;
    line += strspn(line, " \t");
    if (*line != '"' && *line != '\'')
        return false;
    *start = line + 1;
    *end = strchr(*start, *line);
    return *end != NULL;
}

/* Uploads the file a setting names and rewrites the setting in place. */
static bool upload_named(struct chan *c, char **cfg, size_t *cfg_len,
                         const char *key)
{
    for (char *line = *cfg; line && *line;) {
        char *nl = strchr(line, '\n'), path[4096], *data, *fixed;
        const char *s, *e;
        size_t len, plen, blen, off;
        bool ok;

        if (nl)
            *nl = '\0';
        ok = string_setting(line, key, &s, &e);
        if (nl)
            *nl = '\n';
        if (!ok) {
            line = nl ? nl + 1 : NULL;
            continue;
        }
        plen = (size_t)(e - s);
        if (plen >= sizeof(path))
            plen = sizeof(path) - 1;
        memcpy(path, s, plen);
        path[plen] = '\0';
        if (!strchr(path, '/') && access(path, F_OK))
            return true;        /* dom0's own file, if it has one */
        data = read_file(path, key, &len);
        if (!data)
            return false;
        ok = upload(c, base_name(path), data, len);
        free(data);
        if (!ok)
            return false;
        /* The value becomes the base name (shorter: fits in place). */
        blen = strlen(base_name(path));
        off = (size_t)(s - *cfg);
        fixed = *cfg;
        memmove(fixed + off, base_name(path) - path + s, blen);
        memmove(fixed + off + blen, e, *cfg_len - (size_t)(e - *cfg) + 1);
        *cfg_len -= plen - blen;
        return true;
    }
    return true;                /* not set: dom0 says what is missing */
}

bool upload_create_files(struct chan *c, char **argv, int cfg)
{
    size_t len;
    char *text = read_file(argv[cfg], "config", &len);
    bool ok;

    if (!text)
        return false;
    ok = upload_named(c, &text, &len, "kernel") &&
         upload_named(c, &text, &len, "ramdisk") &&
         upload(c, base_name(argv[cfg]), text, len);
    free(text);
    argv[cfg] = (char *)base_name(argv[cfg]);
    return ok;
}
