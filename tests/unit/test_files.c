/*
 * Unit tests for dom0's files (dom0-tools/files): the table (put,
 * replace, remove, name order, limits) and the initrd's ustar archive
 * (regular files kept, "./" dropped, each malformed header refused).
 */
/* The test's own octal fields come from libc's snprintf (hvlib has no %o). */
#undef snprintf
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include <hv/lib.h>
#include <tools/files.h>

#include "tools_env.h"

static char err[160];

static void reset(void)
{
    files_reset();
}

static void check_clean(void)
{
    files_reset();
    cr_assert_eq(harness_live_allocs, 0, "leaked %ld", harness_live_allocs);
}

TestSuite(files, .init = reset, .fini = check_clean);

static int collect(const struct file *f, void *ctx)
{
    strcat(ctx, f->name);
    strcat(ctx, " ");
    return 0;
}

Test(files, put_get_replace_remove_in_name_order)
{
    char names[128] = "";
    const struct file *f;

    cr_assert_eq(files_put("vm2.cfg", "two", 3, err, sizeof(err)), 0);
    cr_assert_eq(files_put("guest.elf", "\177ELF", 4, err, sizeof(err)), 0);
    cr_assert_eq(files_put("vm1.cfg", "one", 3, err, sizeof(err)), 0);
    files_foreach(collect, names);
    cr_assert_str_eq(names, "guest.elf vm1.cfg vm2.cfg ");
    cr_assert_eq(files_put("vm1.cfg", "ONE!", 4, err, sizeof(err)), 0);
    f = files_get("vm1.cfg");
    cr_assert_not_null(f);
    cr_assert_eq(f->len, 4);
    cr_assert_eq(memcmp(f->data, "ONE!", 4), 0);
    cr_assert_eq(files_remove("vm1.cfg"), 0);
    cr_assert_null(files_get("vm1.cfg"));
    cr_assert_eq(files_remove("vm1.cfg"), -1);
    cr_assert_eq(files_put("empty", "", 0, err, sizeof(err)), 0);
    cr_assert_eq(files_get("empty")->len, 0);
}

Test(files, refusals)
{
    char name[FILES_NAME_MAX + 2];
    unsigned int i;

    cr_assert_eq(files_put("", "x", 1, err, sizeof(err)), -1);
    cr_assert_str_eq(err, "file name '': must be 1 to 99 bytes");
    cr_assert_eq(files_put("a b", "x", 1, err, sizeof(err)), -1);
    cr_assert_str_eq(err, "file name 'a b': only printable characters "
                     "without blanks");
    memset(name, 'n', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    cr_assert_eq(files_put(name, "x", 1, err, sizeof(err)), -1);
    for (i = 0; i < FILES_MAX; i++) {
        snprintf(name, sizeof(name), "f%02u", i);
        cr_assert_eq(files_put(name, "x", 1, err, sizeof(err)), 0);
    }
    cr_assert_eq(files_put("one-more", "x", 1, err, sizeof(err)), -1);
    cr_assert_str_eq(err, "'one-more': dom0 holds 64 files already: remove "
                     "one first");
    cr_assert_eq(files_put("f00", "y", 1, err, sizeof(err)), 0,
                 "replacing must work with the table full");
    harness_alloc_budget = 0;
    cr_assert_eq(files_put("f01", "z", 1, err, sizeof(err)), -1);
    harness_alloc_budget = -1;
    cr_assert_str_eq(err, "'f01': 1 bytes: dom0 is out of memory");
    cr_assert_eq(*(const char *)files_get("f01")->data, 'x',
                 "a failed put lost the file it would have replaced");
}

/* A ustar archive built here: header per member, data, two zero blocks. */
static unsigned char tar[8192];
static size_t tar_len;

static void tar_member(const char *name, char type, const char *data)
{
    unsigned char *h = tar + tar_len;
    size_t len = strlen(data), i;
    unsigned long sum = 0;
    char field[24];

    memset(h, 0, 512);
    memcpy(h, name, strlen(name));
    memcpy(h + 100, "0000644", 7);
    snprintf(field, sizeof(field), "%011o", (unsigned int)len);
    memcpy(h + 124, field, 11);
    h[156] = type;
    memcpy(h + 257, "ustar", 6);
    memcpy(h + 263, "00", 2);
    memset(h + 148, ' ', 8);
    for (i = 0; i < 512; i++)
        sum += h[i];
    snprintf(field, sizeof(field), "%06lo", sum);
    memcpy(h + 148, field, 7);
    memcpy(h + 512, data, len);
    tar_len += 512 + (len + 511) / 512 * 512;
}

static void tar_start(void)
{
    memset(tar, 0, sizeof(tar));
    tar_len = 0;
}

Test(files, ustar_regular_files_loaded)
{
    tar_start();
    tar_member("./", '5', "");
    tar_member("./guest.elf", '0', "\177ELF...");
    tar_member("vm1.cfg", '0', "name='vm1'\n");
    tar_member("link", '2', "");
    cr_assert_eq(files_load_ustar(tar, tar_len + 1024, err, sizeof(err)), 2,
                 "%s", err);
    cr_assert_eq(files_get("guest.elf")->len, 7);
    cr_assert_eq(memcmp(files_get("vm1.cfg")->data, "name='vm1'\n", 11), 0);
    cr_assert_null(files_get("link"));
}

Test(files, ustar_refusals)
{
    tar_start();
    tar_member("a", '0', "hello");
    tar[148] ^= 1;
    cr_assert_eq(files_load_ustar(tar, tar_len, err, sizeof(err)), -1);
    cr_assert_str_eq(err, "initrd: byte 0: not a ustar header (bad magic, "
                     "checksum or size)");
    tar_start();
    tar_member("a", '0', "hello");
    cr_assert_eq(files_load_ustar(tar, 514, err, sizeof(err)), -1);
    cr_assert_str_eq(err, "initrd: byte 0: member of 5 bytes runs past the "
                     "archive's end");
    tar_start();
    tar_member("a", '0', "hello");
    tar_member("b", '0', "x");
    memcpy(tar + 1024 + 257, "pax!!", 5);
    cr_assert_eq(files_load_ustar(tar, tar_len, err, sizeof(err)), -1);
    cr_assert(strstr(err, "byte 1024: not a ustar header"), "%s", err);
    cr_assert_not_null(files_get("a"), "files before the fault are kept");
}
