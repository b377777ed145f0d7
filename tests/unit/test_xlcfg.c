/*
 * Unit tests for dom0-tools/xlcfg: the xl.cfg syntax (strings, escapes,
 * numbers, lists over lines, comments, ';'), every key with its default
 * and limits, and each refusal with its "FILE:LINE: ..." message.
 */
#include <criterion/criterion.h>
#include <string.h>

#include <abi/xen.h>
#include <hv/lib.h>
#include <xen/errno.h>
#include <tools/xlcfg.h>

#include "tools_env.h"

static struct xlcfg_domain cfg;
static char err[256];

#define BASE "name = \"vm1\"\nkernel = \"/boot/guest.elf\"\n"

static int parse(const char *text)
{
    harness_log_reset();
    return xlcfg_parse_domain("vm.cfg", text, strlen(text), &cfg, err,
                              sizeof(err));
}

/* The text must be refused with exactly this message. */
static void refused(const char *text, const char *msg)
{
    cr_assert_eq(parse(text), -XEN_EINVAL, "accepted: %s", text);
    cr_assert_str_eq(err, msg);
    cr_assert_eq(harness_live_allocs, 0, "leak after refusing: %s", text);
}

static void accepted(const char *text)
{
    cr_assert_eq(parse(text), 0, "refused (%s): %s", err, text);
    cr_assert_eq(harness_live_allocs, 0, "leak after: %s", text);
}

Test(xlcfg, minimal_file_gets_xl_defaults)
{
    unsigned int i;

    accepted(BASE);
    cr_assert_str_eq(cfg.name, "vm1");
    cr_assert_str_eq(cfg.kernel, "/boot/guest.elf");
    cr_assert_str_eq(cfg.ramdisk, "");
    cr_assert_str_eq(cfg.cmdline, "");
    cr_assert_eq(cfg.memory_mib, 32);
    cr_assert_eq(cfg.maxmem_mib, 32);
    cr_assert_eq(cfg.vcpus, 1);
    cr_assert_eq(cfg.maxvcpus, 1);
    cr_assert_not(cfg.cpus_pinned);
    for (i = 0; i < XLCFG_MAX_VCPUS; i++)
        cr_assert_eq(cfg.cpu_affinity[i], ~0ULL);
    cr_assert_eq(cfg.on_poweroff, XLCFG_DESTROY);
    cr_assert_eq(cfg.on_reboot, XLCFG_RESTART);
    cr_assert_eq(cfg.on_crash, XLCFG_DESTROY);
    cr_assert_str_eq(harness_log, "");
}

Test(xlcfg, every_key)
{
    accepted("# a full guest\n"
             "name = 'web'\n"
             "type = \"pv\"\n"
             "kernel = \"/k.elf\"   # trailing comment\n"
             "ramdisk = \"/initrd\"\n"
             "cmdline = \"console=hvc0 quiet\"\n"
             "memory = 128\n"
             "maxmem = 256\n"
             "vcpus = 2\n"
             "maxvcpus = 4\n"
             "cpus = \"0-3,^1\"\n"
             "on_poweroff = \"preserve\"\n"
             "on_reboot = \"rename-restart\"\n"
             "on_crash = \"coredump-restart\"\n");
    cr_assert_str_eq(cfg.name, "web");
    cr_assert_str_eq(cfg.ramdisk, "/initrd");
    cr_assert_str_eq(cfg.cmdline, "console=hvc0 quiet");
    cr_assert_eq(cfg.memory_mib, 128);
    cr_assert_eq(cfg.maxmem_mib, 256);
    cr_assert_eq(cfg.vcpus, 2);
    cr_assert_eq(cfg.maxvcpus, 4);
    cr_assert(cfg.cpus_pinned);
    cr_assert_eq(cfg.cpu_affinity[0], 0xdULL);
    cr_assert_eq(cfg.cpu_affinity[XLCFG_MAX_VCPUS - 1], 0xdULL);
    cr_assert_eq(cfg.on_poweroff, XLCFG_PRESERVE);
    cr_assert_eq(cfg.on_reboot, XLCFG_RENAME_RESTART);
    cr_assert_eq(cfg.on_crash, XLCFG_COREDUMP_RESTART);
}

Test(xlcfg, all_actions_by_name)
{
    static const char *const names[] = {
        "destroy", "restart", "rename-restart", "preserve",
        "coredump-destroy", "coredump-restart", "soft-reset",
    };
    char text[256];
    unsigned int i;

    for (i = 0; i < XLCFG_ACTION_COUNT; i++) {
        snprintf(text, sizeof(text), BASE "on_crash = \"%s\"\n", names[i]);
        accepted(text);
        cr_assert_eq(cfg.on_crash, (enum xlcfg_action)i);
        cr_assert_str_eq(xlcfg_action_name(cfg.on_crash), names[i]);
    }
}

Test(xlcfg, semicolons_blank_lines_and_crlf)
{
    accepted("\n\n  name=\"a\"; kernel=\"k\";memory=64 ;;\r\n\r\n vcpus = 3");
    cr_assert_str_eq(cfg.name, "a");
    cr_assert_eq(cfg.memory_mib, 64);
    cr_assert_eq(cfg.vcpus, 3);
}

Test(xlcfg, later_setting_wins)
{
    accepted(BASE "memory = 64\nmemory = 96\n");
    cr_assert_eq(cfg.memory_mib, 96);
}

Test(xlcfg, string_escapes)
{
    accepted(BASE "cmdline = \"a\\\"b\\'c\\\\d\\ne\\tf\\x41\\101\\7\"\n");
    cr_assert_str_eq(cfg.cmdline, "a\"b'c\\d\ne\tfAA\a");
    accepted(BASE "cmdline = 'it\\'s \"quoted\"'\n");
    cr_assert_str_eq(cfg.cmdline, "it's \"quoted\"");
}

Test(xlcfg, number_forms)
{
    static const struct { const char *text; unsigned long mib; } cases[] = {
        { BASE "memory = 0x40\n", 64 },
        { BASE "memory = 0100\n", 64 },
        { BASE "memory = 0\n" "memory = 7\n", 7 },
        { BASE "memory = \"48\"\n", 48 },    /* xl reads numbers from text */
    };
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        accepted(cases[i].text);
        cr_assert_eq(cfg.memory_mib, cases[i].mib);
    }
}

Test(xlcfg, memory_and_maxmem_default_to_each_other)
{
    accepted(BASE "memory = 512\n");
    cr_assert_eq(cfg.maxmem_mib, 512);
    accepted(BASE "maxmem = 512\n");
    cr_assert_eq(cfg.memory_mib, 512);
}

Test(xlcfg, root_and_extra_build_the_cmdline)
{
    static const struct { const char *text, *cmdline; } cases[] = {
        { BASE "root = \"/dev/xvda1 ro\"\nextra = \"quiet\"\n",
          "root=/dev/xvda1 ro quiet" },
        { BASE "extra = \"quiet\"\n", "quiet" },
        { BASE "root = \"/dev/xvda\"\n", "root=/dev/xvda" },
    };
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        accepted(cases[i].text);
        cr_assert_str_eq(cfg.cmdline, cases[i].cmdline);
    }
}

Test(xlcfg, cmdline_overrides_root_and_extra_with_a_warning)
{
    accepted(BASE "extra = \"x\"\ncmdline = \"console=hvc0\"\n");
    cr_assert_str_eq(cfg.cmdline, "console=hvc0");
    cr_assert_str_eq(harness_log, "vm.cfg:4: ignoring root= and "
                     "extra= in favour of cmdline=\n");
}

Test(xlcfg, unknown_keys_are_warned_and_ignored)
{
    accepted(BASE "foo = 1\nvif = [ 'bridge=xenbr0', ]\n");
    cr_assert_str_eq(harness_log,
                     "vm.cfg:3: unknown key 'foo' ignored\n"
                     "vm.cfg:4: unknown key 'vif' ignored\n");
}

Test(xlcfg, lists_span_lines_with_trailing_commas_and_nesting)
{
    accepted(BASE "vcpus = 3\ncpus = [\n  \"2\",\n  \"3-5,^4\", # vcpu 1\n"
             "  7,\n]\ndisk = [ [ 'a', 1 ], [], ]\n");
    cr_assert(cfg.cpus_pinned);
    cr_assert_eq(cfg.cpu_affinity[0], 1ULL << 2);
    cr_assert_eq(cfg.cpu_affinity[1], (1ULL << 3) | (1ULL << 5));
    cr_assert_eq(cfg.cpu_affinity[2], 1ULL << 7);
    cr_assert_eq(cfg.cpu_affinity[3], ~0ULL, "vCPUs past the list unpinned");
    accepted(BASE "cpus = []\n");
}

Test(xlcfg, cpulist_forms)
{
    accepted(BASE "cpus = \"all\"\n");
    cr_assert_eq(cfg.cpu_affinity[0], ~0ULL);
    accepted(BASE "cpus = \"all,^0-1,^63\"\n");
    cr_assert_eq(cfg.cpu_affinity[0], ~0ULL & ~3ULL & ~(1ULL << 63));
    accepted(BASE "cpus = \"0-63\"\n");
    cr_assert_eq(cfg.cpu_affinity[0], ~0ULL);
    accepted(BASE "cpus = \"5\"\n");
    cr_assert_eq(cfg.cpu_affinity[0], 1ULL << 5);
}

Test(xlcfg, cpulist_refusals)
{
    refused(BASE "cpus = \"64\"\n",
            "vm.cfg:3: cpus: CPU 64 is out of range (0-63)");
    refused(BASE "cpus = \"3-1\"\n",
            "vm.cfg:3: cpus: range 3-1 goes backwards");
    refused(BASE "cpus = \"1,,2\"\n",
            "vm.cfg:3: cpus: expected a CPU number at ',2'");
    refused(BASE "cpus = \"1 2\"\n",
            "vm.cfg:3: cpus: expected ',' or the end of the list at ' 2'");
    refused(BASE "cpus = \"^1\"\n", "vm.cfg:3: cpus: '^1' selects no CPU");
    refused(BASE "cpus = \"node:1\"\n",
            "vm.cfg:3: cpus: NUMA node lists ('node:1') are not supported");
    refused(BASE "cpus = [\"1\", \"2\"]\n",
            "vm.cfg:3: cpus: 2 entries for 1 vCPUs (one entry per vCPU)");
    refused(BASE "cpus = [[\"1\"]]\n", "vm.cfg:3: cpus: expected a CPU list "
            "string (got a list inside the list)");
}

Test(xlcfg, syntax_errors_name_file_line_and_what_was_expected)
{
    refused(BASE "memory 64\n",
            "vm.cfg:3: expected '=' after the key 'memory' (got number 64)");
    refused(BASE "memory =\n",
            "vm.cfg:3: expected a value (a string, a number or a [ list ]) "
            "(got end of line)");
    refused(BASE "memory = 64 65\n",
            "vm.cfg:3: expected end of line or ';' after the value "
            "(got number 65)");
    refused(BASE "= 5\n", "vm.cfg:3: expected a key name (got '=')");
    refused(BASE "\"name\" = 5\n",
            "vm.cfg:3: expected a key name (got string \"name\")");
    refused(BASE "cpus = [ \"1\" \"2\" ]\n",
            "vm.cfg:3: expected ',' or ']' in the list (got string \"2\")");
    refused(BASE "cpus = [ , ]\n", "vm.cfg:3: expected a value (a string, "
            "a number or a [ list ]) (got ',')");
    refused(BASE "cpus = [ \"1\",\n\n", "vm.cfg:5: expected a value (a "
            "string, a number or a [ list ]) (got end of file)");
    refused(BASE "memory = foo\n", "vm.cfg:3: expected a value (a string, "
            "a number or a [ list ]) (got name 'foo')");
    refused(BASE "x = [[[[[1]]]]]\n",
            "vm.cfg:3: lists nested more than 4 deep");
}

Test(xlcfg, lexical_errors)
{
    refused(BASE "extra = \"abc\n", "vm.cfg:3: expected closing \" (got end "
            "of line)");
    refused(BASE "extra = 'abc", "vm.cfg:3: expected closing ' (got end of "
            "file)");
    refused(BASE "extra = \"a\\qb\"\n", "vm.cfg:3: unknown escape '\\q' in a "
            "string (use \\\\ for a backslash)");
    refused(BASE "extra = \"\\xg1\"\n",
            "vm.cfg:3: expected two hex digits after \\x in a string");
    refused(BASE "extra = \"\\0\"\n",
            "vm.cfg:3: escape for a NUL byte in a string, not allowed");
    refused(BASE "extra = \"\\777\"\n",
            "vm.cfg:3: octal escape 0x1ff in a string is above 0377");
    refused(BASE "memory = 64 @\n", "vm.cfg:3: unexpected character '@'");
    refused(BASE "memory = 6\x01\n", "vm.cfg:3: unexpected byte 0x01");
}

Test(xlcfg, nul_byte_in_file_is_refused)
{
    static const char text[] = "name = \"a\0b\"\n";

    harness_log_reset();
    cr_assert_eq(xlcfg_parse_domain("vm.cfg", text, sizeof(text) - 1, &cfg,
                                    err, sizeof(err)), -XEN_EINVAL);
    cr_assert_str_eq(err, "vm.cfg:1: NUL byte in a string");
}

Test(xlcfg, value_kind_errors)
{
    refused(BASE "memory = [1]\n",
            "vm.cfg:3: memory: expected a number (got a list)");
    refused(BASE "memory = \"lots\"\n",
            "vm.cfg:3: memory: expected a number (got 'lots')");
    refused(BASE "memory = 12abc\n",
            "vm.cfg:3: memory: expected a number (got '12abc')");
    refused(BASE "memory = 09\n",
            "vm.cfg:3: memory: expected a number (got '09')");
    refused(BASE "memory = 99999999999999999999999\n",
            "vm.cfg:3: memory: expected a number (got "
            "'99999999999999999999999')");
    refused("name = 5\nkernel = \"k\"\n",
            "vm.cfg:1: name: expected a string (got a number)");
    refused(BASE "ramdisk = [\"a\"]\n",
            "vm.cfg:3: ramdisk: expected a string (got a list)");
    refused(BASE "on_crash = 1\n",
            "vm.cfg:3: on_crash: expected a string (got a number)");
    refused(BASE "on_reboot = \"explode\"\n", "vm.cfg:3: on_reboot: expected "
            "destroy, restart, rename-restart, preserve, coredump-destroy, "
            "coredump-restart or soft-reset (got 'explode')");
    refused(BASE "type = \"hvm\"\n", "vm.cfg:3: type: only \"pv\" guests run "
            "on this hypervisor (got \"hvm\")");
}

Test(xlcfg, limits)
{
    char text[2048 + 64];

    refused(BASE "memory = 0\n", "vm.cfg:3: memory: 0 is out of range "
            "(1-1048576)");
    refused(BASE "memory = 1048577\n", "vm.cfg:3: memory: 1048577 is out of "
            "range (1-1048576)");
    accepted(BASE "memory = 1048576\n");
    refused(BASE "memory = 256\nmaxmem = 128\n", "vm.cfg:4: maxmem: 128 MiB "
            "is less than memory = 256 (maxmem must be at least memory)");
    refused(BASE "vcpus = 0\n", "vm.cfg:3: vcpus: 0 is out of range (1-32)");
    refused(BASE "vcpus = 33\n", "vm.cfg:3: vcpus: 33 is out of range (1-32)");
    accepted(BASE "vcpus = 32\n");
    refused(BASE "vcpus = 4\nmaxvcpus = 2\n",
            "vm.cfg:4: maxvcpus: 2 is less than vcpus = 4");
    refused("name = \"0123456789012345678901234567890123456789012345678901234"
            "567890123\"\nkernel = \"k\"\n", "vm.cfg:1: name: value is 64 "
            "bytes long, the limit is 63");
    memset(text, 0, sizeof(text));
    strcpy(text, BASE "cmdline = \"");
    memset(text + strlen(text), 'x', 1024);
    strcat(text, "\"\n");
    refused(text, "vm.cfg:3: cmdline: value is 1024 bytes long, the limit is "
            "1023");
}

Test(xlcfg, required_keys)
{
    refused("kernel = \"k\"\n",
            "vm.cfg: name is required (add name = \"...\")");
    refused("name = \"a\"\n",
            "vm.cfg: kernel is required (add kernel = \"...\")");
    refused("name = \"\"\nkernel = \"k\"\n",
            "vm.cfg:1: name: the name is empty");
}

Test(xlcfg, overlong_token)
{
    static char text[8192];

    strcpy(text, BASE "extra = \"");
    memset(text + strlen(text), 'y', 5000);
    strcat(text, "\"\n");
    refused(text, "vm.cfg:3: value longer than 4095 bytes");
}

Test(xlcfg, out_of_memory_at_every_allocation)
{
    static const char text[] = BASE "disk = [\"1\", [2]]\nfoo = 'x'\n";
    long budget;
    int rc;

    for (budget = 0;; budget++) {
        harness_alloc_budget = budget;
        rc = parse(text);
        harness_alloc_budget = -1;
        cr_assert_eq(harness_live_allocs, 0, "leak at budget %ld", budget);
        if (rc != -XEN_ENOMEM)
            break;
        cr_assert_str_eq(err, "vm.cfg: out of memory");
    }
    cr_assert_eq(rc, 0);
    cr_assert_gt(budget, 5, "the parse should need several allocations");
}

/*
 * Mutated files: whatever the bytes, the parser answers with a config or
 * a "vm.cfg..." message, and frees everything (ASan checks the reads).
 */
Test(xlcfg, mutated_files_get_an_answer_never_a_crash)
{
    static const char good[] =
        "name = 'web'\nkernel = \"/k\"\nmemory = 0x80\nvcpus = 2\n"
        "cpus = [ \"0-3,^1\", 5, ]\non_crash = 'preserve'\n"
        "extra = \"a\\tb\\x41\\101\"  # comment\nvif = [ [ 'x' ], ]\n";
    static const char alphabet[] = "\"'[],=;#\\\n x0^-9aq";
    char text[sizeof(good)];
    uint32_t seed = 1;
    unsigned int i, j, ok = 0;
    int rc;

    for (i = 0; i < 3000; i++) {
        memcpy(text, good, sizeof(good));
        for (j = 0; j < 1 + i % 4; j++) {
            seed = seed * 1103515245u + 12345u;
            text[(seed >> 8) % (sizeof(good) - 1)] =
                alphabet[(seed >> 20) % (sizeof(alphabet) - 1)];
        }
        rc = parse(text);
        cr_assert(rc == 0 || (rc == -XEN_EINVAL &&
                              !strncmp(err, "vm.cfg", 6)),
                  "rc %d, err '%s' for:\n%s", rc, err, text);
        cr_assert_eq(harness_live_allocs, 0);
        ok += rc == 0;
    }
    cr_assert_gt(ok, 100, "some mutations stay valid");
    cr_assert_lt(ok, 2900, "most break something");
}
