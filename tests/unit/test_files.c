/*
 * Unit tests for dom0-tools/files: the named-file table (put, replace,
 * get, remove, name order, refusals, no leak) and its ustar loader (a
 * real archive layout written here, and each malformation refused).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include <hv/lib.h>
#include <tools/files.h>

#include "tools_env.h"

static char err[256];

static void reset(void)
{
    files_reset();
    cr_assert_eq(harness_live_allocs, 0);
}

TestSuite(files, .init = reset, .fini = reset);

Test(files, put_get_replace_remove)
{
    const struct file *f;

    cr_assert_eq(files_put("a.cfg", "one", 3, err, sizeof(err)), 0);
    f = files_get("a.cfg");
    cr_assert_not_null(f);
    cr_assert_eq(f->len, 3);
    cr_assert_eq(memcmp(f->data, "one", 3), 0);
    cr_assert_eq(((const char *)f->data)[3], '\0', "a C string too");
    cr_assert_eq(files_put("a.cfg", "second", 6, err, sizeof(err)), 0);
    cr_assert_eq(files_get("a.cfg"), f, "replaced in place");
    cr_assert_eq(f->len, 6);
    cr_assert_null(files_get("b.cfg"));
    cr_assert_eq(files_remove("a.cfg"), 0);
    cr_assert_null(files_get("a.cfg"));
    cr_assert_eq(files_remove("a.cfg"), -1);
    cr_assert_eq(harness_live_allocs, 0, "nothing left behind");
}

static int collect(const struct file *f, void *ctx)
{
    strcat(ctx, f->name);
    strcat(ctx, " ");
    return 0;
}

static int stop_at_b(const struct file *f, void *ctx)
{
    (void)ctx;
    return f->name[0] == 'b' ? 7 : 0;
}

Test(files, foreach_in_name_order)
{
    char names[64] = "";
    const char *order[] = { "c", "a", "guest.elf", "b" };

    for (unsigned int i = 0; i < 4; i++)
        cr_assert_eq(files_put(order[i], "x", 1, err, sizeof(err)), 0);
    const struct file *a = files_get("a");
    cr_assert_eq(files_remove("b"), 0);
    cr_assert_eq(files_put("b", "y", 1, err, sizeof(err)), 0);
    cr_assert_eq(files_get("a"), a, "entries stay where they are");
    cr_assert_eq(files_foreach(collect, names), 0);
    cr_assert_str_eq(names, "a b c guest.elf ");
    cr_assert_eq(files_foreach(stop_at_b, NULL), 7);
}

Test(files, bad_names_refused)
{
    char longname[FILES_NAME_MAX + 2];

    cr_assert_eq(files_put("", "x", 1, err, sizeof(err)), -1);
    cr_assert_str_eq(err, "file name is empty");
    cr_assert_eq(files_put("a b", "x", 1, err, sizeof(err)), -1);
    cr_assert_str_eq(err, "file name 'a b': only letters, digits and "
                     ". _ - + / are allowed");
    memset(longname, 'n', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = '\0';
    cr_assert_eq(files_put(longname, "x", 1, err, sizeof(err)), -1);
    cr_assert(strstr(err, "is longer than 99 characters"), "%s", err);
    cr_assert_eq(harness_live_allocs, 0);
}

Test(files, table_full_and_out_of_memory)
{
    char name[16];

    for (unsigned int i = 0; i < FILES_MAX; i++) {
        snprintf(name, sizeof(name), "f%03u", i);
        cr_assert_eq(files_put(name, "x", 1, err, sizeof(err)), 0);
    }
    cr_assert_eq(files_put("one-more", "x", 1, err, sizeof(err)), -1);
    cr_assert_str_eq(err, "'one-more': no room, dom0 holds 64 files "
                     "already: remove one first");
    cr_assert_eq(files_put("f000", "zz", 2, err, sizeof(err)), 0,
                 "replacing needs no room");
    harness_alloc_budget = 0;
    cr_assert_eq(files_put("f001", "zz", 2, err, sizeof(err)), -1);
    harness_alloc_budget = -1;
    cr_assert_str_eq(err, "'f001': out of memory for 2 bytes");
    cr_assert_eq(files_get("f001")->len, 1, "the old file is kept");
}

/* ---- ustar ---- */

static uint8_t archive[8192];

/* len-1 octal digits and a NUL (the harness's snprintf has no %o). */
static void put_octal(uint8_t *f, size_t len, unsigned long v)
{
    f[len - 1] = '\0';
    for (size_t i = len - 1; i-- > 0; v >>= 3)
        f[i] = (uint8_t)('0' + (v & 7));
}

/* Writes one ustar header at off for a file of size bytes of fill. */
static size_t add_entry(size_t off, const char *prefix, const char *name,
                        char type, size_t size, char fill)
{
    uint8_t *h = archive + off;
    unsigned int sum = 0;

    memset(h, 0, 512);
    strncpy((char *)h, name, 100);
    put_octal(h + 100, 8, 0644);
    put_octal(h + 124, 12, size);
    h[156] = (uint8_t)type;
    memcpy(h + 257, "ustar\0" "00", 8);
    if (prefix)
        strncpy((char *)h + 345, prefix, 155);
    memset(h + 148, ' ', 8);
    for (unsigned int i = 0; i < 512; i++)
        sum += h[i];
    put_octal(h + 148, 7, sum);
    memset(h + 512, fill, size);
    return off + 512 + (size + 511) / 512 * 512;
}

Test(files, ustar_loads_regular_files)
{
    size_t off;

    memset(archive, 0, sizeof(archive));
    off = add_entry(0, NULL, "./", '5', 0, 0);
    off = add_entry(off, NULL, "./guest.elf", '0', 700, 'k');
    off = add_entry(off, "examples", "vm1.cfg", '0', 12, 'c');
    off = add_entry(off, NULL, "empty", '\0', 0, 0);
    cr_assert_eq(files_load_ustar(archive, off + 1024, err, sizeof(err)), 3,
                 "%s", err);
    const struct file *k = files_get("guest.elf");
    cr_assert_not_null(k);
    cr_assert_eq(k->len, 700);
    cr_assert_eq(k->data, archive + 1024, "borrowed, not copied");
    cr_assert_not_null(files_get("examples/vm1.cfg"));
    cr_assert_eq(files_get("empty")->len, 0);
    cr_assert_eq(harness_live_allocs, 3, "one entry each, no copies");
}

Test(files, ustar_refusals)
{
    size_t off;

    memset(archive, 0, sizeof(archive));
    off = add_entry(0, NULL, "a", '0', 10, 'a');
    archive[0] = 'b';   /* checksum no longer matches */
    cr_assert_eq(files_load_ustar(archive, off, err, sizeof(err)), -1);
    cr_assert_str_eq(err, "archive: bad header at byte 0 (not ustar or its "
                     "checksum is wrong)");

    memset(archive, 0, sizeof(archive));
    add_entry(0, NULL, "a", '0', 5000, 'a');
    cr_assert_eq(files_load_ustar(archive, 2048, err, sizeof(err)), -1);
    cr_assert_str_eq(err, "archive: entry at byte 0 runs past the end of "
                     "the archive");

    memset(archive, 0, sizeof(archive));
    off = add_entry(0, NULL, "ok", '0', 1, 'a');
    memcpy(archive + off, "garbage", 7);
    cr_assert_eq(files_load_ustar(archive, off + 512, err, sizeof(err)), -1);
    cr_assert(strstr(err, "bad header at byte 1024"), "%s", err);
    cr_assert_not_null(files_get("ok"), "files before the fault are kept");

    cr_assert_eq(files_load_ustar(archive, 0, err, sizeof(err)), 0,
                 "an empty archive holds nothing");
}
