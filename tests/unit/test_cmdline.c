/*
 * Unit tests for hypervisor/common/cmdline.c (and parse.c under it).
 *
 * Each option: accepted forms, every kind of malformed value (warned,
 * default kept), unknown options (warned by name, ignored), the " -- "
 * split and the length limits.  Warnings go through the harness's printk
 * to stderr; parse() below captures them so tests can check the text.
 * (No snprintf here: the build renames it to the hypervisor's, which
 * this test binary does not link.)
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <hv/cmdline.h>
#include <hv/lib.h>

static char captured[16384];    /* what the last parse()/print() logged */
static FILE *capture_file;
static int saved_stderr;

static void capture_start(void)
{
    fflush(stderr);
    capture_file = tmpfile();
    cr_assert_not_null(capture_file);
    saved_stderr = dup(2);
    dup2(fileno(capture_file), 2);
}

static void capture_end(void)
{
    size_t len;

    fflush(stderr);
    dup2(saved_stderr, 2);
    close(saved_stderr);
    rewind(capture_file);
    len = fread(captured, 1, sizeof(captured) - 1, capture_file);
    captured[len] = '\0';
    fclose(capture_file);
}

static int parse(const char *line, struct hv_cmdline *c)
{
    int n;

    capture_start();
    n = cmdline_parse(line, c);
    capture_end();
    return n;
}

/* The line must parse with no warning at all. */
static struct hv_cmdline parse_ok(const char *line)
{
    struct hv_cmdline c;

    cr_assert_eq(parse(line, &c), 0, "\"%s\" warned: %s", line, captured);
    cr_assert_str_empty(captured, "\"%s\" logged: %s", line, captured);
    return c;
}

/* The line must give exactly one warning containing 'text'. */
static struct hv_cmdline parse_warns(const char *line, const char *text)
{
    struct hv_cmdline c;

    cr_assert_eq(parse(line, &c), 1, "\"%s\": %s", line, captured);
    cr_assert_not_null(strstr(captured, text),
                       "\"%s\": no \"%s\" in: %s", line, text, captured);
    cr_assert_not_null(strstr(captured, "<1>cmdline: "),
                       "not a XENLOG_WARNING line: %s", captured);
    return c;
}

static struct hv_cmdline defaults(void)
{
    return parse_ok("");
}

/* ---- defaults ---------------------------------------------------------- */

Test(cmdline, defaults)
{
    struct hv_cmdline c;

    cr_assert_eq(parse(NULL, &c), 0);
    cr_assert_str_eq(c.console, "com1");
    cr_assert_eq(c.com1.baud, 115200);
    cr_assert_eq(c.com1.base_baud, 115200);
    cr_assert_eq(c.com1.data_bits, 8);
    cr_assert_eq(c.com1.parity, 'n');
    cr_assert_eq(c.com1.stop_bits, 1);
    cr_assert_eq(c.com1.io_base, 0x3f8);
    cr_assert_eq(c.com1.irq, 4);
    cr_assert_eq(c.com2.io_base, 0x2f8);
    cr_assert_eq(c.com2.irq, 3);
    cr_assert_eq(c.loglvl, LOG_INFO);
    cr_assert_not(c.dom0_mem.set || c.dom0_mem_min.set || c.dom0_mem_max.set);
    cr_assert_eq(c.dom0_vcpus_min, 0);
    cr_assert_eq(c.dom0_vcpus_max, 0);
    cr_assert_not(c.noreboot);
    cr_assert_str_empty(c.dom0_cmdline);
}

Test(cmdline, empty_and_blank_lines)
{
    struct hv_cmdline c = parse_ok("   \t  ");

    cr_assert_str_eq(c.console, "com1");
    cr_assert_str_empty(c.dom0_cmdline);
}

Test(cmdline, parse_overwrites_previous_contents)
{
    struct hv_cmdline c;

    memset(&c, 0xa5, sizeof(c));
    cr_assert_eq(parse("", &c), 0);
    cr_assert_eq(c.loglvl, LOG_INFO);
    cr_assert_not(c.noreboot);
}

/* ---- console= ---------------------------------------------------------- */

Test(cmdline, console_lists)
{
    struct hv_cmdline c = parse_ok("console=com1,vga");

    cr_assert_str_eq(c.console, "com1,vga");
    cr_assert(cmdline_console_has(&c, "com1"));
    cr_assert(cmdline_console_has(&c, "vga"));
    cr_assert_not(cmdline_console_has(&c, "com2"));
    cr_assert_not(cmdline_console_has(&c, "com"));

    c = parse_ok("console=none");
    cr_assert(cmdline_console_has(&c, "none"));
    cr_assert_not(cmdline_console_has(&c, "com1"));

    c = parse_ok("console=com2");
    cr_assert(cmdline_console_has(&c, "com2"));
}

Test(cmdline, console_malformed_keeps_default)
{
    static const char *const bad[] = {
        "console=com3", "console=", "console", "console=com1,", "console=,com1",
        "console=com1,,vga", "console=com1:x", "console=COM1",
        "console=com1,com2,vga,none,com1,com2,vga", /* 32 bytes */
    };
    struct hv_cmdline c;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        c = parse_warns(bad[i], "for console ignored (expected a list of");
        cr_assert_str_eq(c.console, "com1", "%s", bad[i]);
    }
}

/* ---- com1= com2= ------------------------------------------------------- */

Test(cmdline, com_forms)
{
    struct hv_cmdline c = parse_ok("com1=115200,8n1");

    cr_assert_eq(c.com1.baud, 115200);
    cr_assert_eq(c.com1.data_bits, 8);
    cr_assert_eq(c.com1.parity, 'n');
    cr_assert_eq(c.com1.stop_bits, 1);

    c = parse_ok("com1=9600");
    cr_assert_eq(c.com1.baud, 9600);
    cr_assert_eq(c.com1.io_base, 0x3f8);

    c = parse_ok("com1=auto");
    cr_assert_eq(c.com1.baud, 0);

    c = parse_ok("com2=57600/1843200,7e2,0x2e8,5");
    cr_assert_eq(c.com2.baud, 57600);
    cr_assert_eq(c.com2.base_baud, 1843200);
    cr_assert_eq(c.com2.data_bits, 7);
    cr_assert_eq(c.com2.parity, 'e');
    cr_assert_eq(c.com2.stop_bits, 2);
    cr_assert_eq(c.com2.io_base, 0x2e8);
    cr_assert_eq(c.com2.irq, 5);
    cr_assert_eq(c.com1.baud, 115200, "com2= touched com1");

    c = parse_ok("com1=38400,,0x3e8");      /* empty DPS keeps 8n1 */
    cr_assert_eq(c.com1.io_base, 0x3e8);
    cr_assert_eq(c.com1.data_bits, 8);
    cr_assert_eq(c.com1.irq, 4);

    c = parse_ok("com1=115200,5s1,,0");     /* irq 0: polling */
    cr_assert_eq(c.com1.parity, 's');
    cr_assert_eq(c.com1.irq, 0);
    cr_assert_eq(c.com1.io_base, 0x3f8);
}

Test(cmdline, com_malformed_keeps_default)
{
    static const char *const bad[] = {
        "com1=", "com1", "com1=fast", "com1=0", "com1=115200/0",
        "com1=115200/", "com1=115200,9n1", "com1=115200,4n1",
        "com1=115200,8x1", "com1=115200,8n3", "com1=115200,8n",
        "com1=115200,8n1junk", "com1=115200,8n1,0x10000",
        "com1=115200,8n1,0x3f8,256", "com1=115200,8n1,0x3f8,4,extra",
        "com1=115200,8n1,pci", "com1=baud=115200", "com1=autox",
        "com1=99999999999999999999999",
    };
    struct hv_cmdline c;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        c = parse_warns(bad[i], "for com1 ignored (expected <baud>|auto");
        cr_assert_eq(c.com1.baud, 115200, "%s", bad[i]);
        cr_assert_eq(c.com1.data_bits, 8, "%s", bad[i]);
        cr_assert_eq(c.com1.io_base, 0x3f8, "%s", bad[i]);
        cr_assert_eq(c.com1.irq, 4, "%s", bad[i]);
    }
}

/* ---- loglvl= ----------------------------------------------------------- */

Test(cmdline, loglvl_names_and_numbers)
{
    static const struct {
        const char *line;
        enum log_level lvl;
    } ok[] = {
        { "loglvl=none", LOG_NONE }, { "loglvl=error", LOG_ERR },
        { "loglvl=warning", LOG_WARNING }, { "loglvl=info", LOG_INFO },
        { "loglvl=debug", LOG_DEBUG }, { "loglvl=all", LOG_DEBUG },
        { "loglvl=0", LOG_ERR }, { "loglvl=1", LOG_WARNING },
        { "loglvl=2", LOG_INFO }, { "loglvl=3", LOG_DEBUG },
        { "loglvl=warning/debug", LOG_WARNING },  /* rate-limited part */
        { "loglvl=all/none", LOG_DEBUG },
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(ok); i++)
        cr_assert_eq(parse_ok(ok[i].line).loglvl, ok[i].lvl, "%s", ok[i].line);
}

Test(cmdline, loglvl_malformed_keeps_default)
{
    static const char *const bad[] = {
        "loglvl=verbose", "loglvl=4", "loglvl=-1", "loglvl=", "loglvl",
        "loglvl=info/", "loglvl=info/x", "loglvl=INFO", "loglvl=infox",
        "loglvl=info/debug/all", "loglvl=01",
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(bad); i++)
        cr_assert_eq(parse_warns(bad[i], "for loglvl ignored (expected none|"
                                 "error|warning|info|debug|all").loglvl,
                     LOG_INFO, "%s", bad[i]);
}

Test(cmdline, last_valid_occurrence_wins)
{
    struct hv_cmdline c = parse_warns("loglvl=debug loglvl=bogus", "bogus");

    cr_assert_eq(c.loglvl, LOG_DEBUG);
    c = parse_ok("loglvl=debug loglvl=error");
    cr_assert_eq(c.loglvl, LOG_ERR);
}

/* ---- dom0_mem= --------------------------------------------------------- */

#define MiB(x) ((unsigned long)(x) << 20)
#define GiB(x) ((unsigned long)(x) << 30)

static void assert_amount(struct hv_mem_amount a, bool negative,
                          unsigned long bytes, unsigned int percent)
{
    cr_assert(a.set);
    cr_assert_eq(a.negative, negative);
    cr_assert_eq(a.bytes, bytes, "bytes %lu, expected %lu", a.bytes, bytes);
    cr_assert_eq(a.percent, percent);
}

Test(cmdline, dom0_mem_sizes)
{
    struct hv_cmdline c = parse_ok("dom0_mem=128M");

    assert_amount(c.dom0_mem, false, MiB(128), 0);
    cr_assert_not(c.dom0_mem_min.set || c.dom0_mem_max.set);

    /* No suffix means KiB, as in Xen. */
    assert_amount(parse_ok("dom0_mem=131072").dom0_mem, false, MiB(128), 0);
    assert_amount(parse_ok("dom0_mem=0x400").dom0_mem, false, MiB(1), 0);
    assert_amount(parse_ok("dom0_mem=2g").dom0_mem, false, GiB(2), 0);
    assert_amount(parse_ok("dom0_mem=64k").dom0_mem, false, 64 << 10, 0);
    assert_amount(parse_ok("dom0_mem=1T").dom0_mem, false, GiB(1024), 0);
    assert_amount(parse_ok("dom0_mem=4096B").dom0_mem, false, 4096, 0);
    assert_amount(parse_ok("dom0_mem=512m").dom0_mem, false, MiB(512), 0);
}

Test(cmdline, dom0_mem_lists)
{
    struct hv_cmdline c = parse_ok("dom0_mem=128M,max:256M");

    assert_amount(c.dom0_mem, false, MiB(128), 0);
    assert_amount(c.dom0_mem_max, false, MiB(256), 0);
    cr_assert_not(c.dom0_mem_min.set);

    c = parse_ok("dom0_mem=min:64M,max:1G");
    cr_assert_not(c.dom0_mem.set);
    assert_amount(c.dom0_mem_min, false, MiB(64), 0);
    assert_amount(c.dom0_mem_max, false, GiB(1), 0);

    c = parse_ok("dom0_mem=max:256M,512M,min:128M,max:2G");
    assert_amount(c.dom0_mem, false, MiB(512), 0);
    assert_amount(c.dom0_mem_min, false, MiB(128), 0);
    assert_amount(c.dom0_mem_max, false, GiB(2), 0);    /* later wins */
}

Test(cmdline, dom0_mem_relative_forms)
{
    assert_amount(parse_ok("dom0_mem=-1G").dom0_mem, true, GiB(1), 0);
    assert_amount(parse_ok("dom0_mem=25%").dom0_mem, false, 0, 25);
    assert_amount(parse_ok("dom0_mem=1G+25%").dom0_mem, false, GiB(1), 25);
    assert_amount(parse_ok("dom0_mem=-512M+10%").dom0_mem, true,
                  MiB(512), 10);
    assert_amount(parse_ok("dom0_mem=max:-5%").dom0_mem_max, true, 0, 5);
}

Test(cmdline, dom0_mem_malformed_keeps_default)
{
    static const char *const bad[] = {
        "dom0_mem=", "dom0_mem", "dom0_mem=128X", "dom0_mem=M",
        "dom0_mem=max:", "dom0_mem=min:abc", "dom0_mem=128M,",
        "dom0_mem=,128M", "dom0_mem=100%", "dom0_mem=1G+", "dom0_mem=1G+5",
        "dom0_mem=1G+%", "dom0_mem=--1G", "dom0_mem=mid:1G",
        "dom0_mem=128M,max:256M,bad", "dom0_mem=99999999999999999999",
        "dom0_mem=18014398509481984",       /* 2^54 KiB overflows */
        "dom0_mem=16777216T", "dom0_mem=128MM", "dom0_mem=128M;max:1G",
    };
    struct hv_cmdline c;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        c = parse_warns(bad[i], "for dom0_mem ignored (expected a list of");
        cr_assert_not(c.dom0_mem.set || c.dom0_mem_min.set ||
                      c.dom0_mem_max.set, "%s", bad[i]);
    }
}

Test(cmdline, dom0_mem_bad_value_keeps_earlier_good_one)
{
    struct hv_cmdline c = parse_warns("dom0_mem=1G,max:2G dom0_mem=3G,max:x",
                                      "\"3G,max:x\"");

    assert_amount(c.dom0_mem, false, GiB(1), 0);
    assert_amount(c.dom0_mem_max, false, GiB(2), 0);
}

Test(cmdline, mem_amount_resolution)
{
    struct hv_mem_amount a = { .set = true, .bytes = GiB(1), .percent = 25 };

    cr_assert_eq(cmdline_mem_amount(&a, GiB(256)), GiB(65));   /* Xen doc */
    a = (struct hv_mem_amount){ .set = true, .negative = true,
                                .bytes = GiB(1) };
    cr_assert_eq(cmdline_mem_amount(&a, GiB(4)), GiB(3));
    cr_assert_eq(cmdline_mem_amount(&a, MiB(512)), 0);       /* floor at 0 */
    a = (struct hv_mem_amount){ .set = true, .percent = 50 };
    cr_assert_eq(cmdline_mem_amount(&a, 3), 1);
    cr_assert_eq(cmdline_mem_amount(&a, ~0UL), ~0UL / 2);     /* no overflow */
    a = (struct hv_mem_amount){ .set = true, .bytes = ~0UL, .percent = 1 };
    cr_assert_eq(cmdline_mem_amount(&a, GiB(1)), ~0UL);       /* saturates */
}

/* ---- dom0_max_vcpus= --------------------------------------------------- */

Test(cmdline, dom0_max_vcpus_forms)
{
    struct hv_cmdline c = parse_ok("dom0_max_vcpus=4");

    cr_assert_eq(c.dom0_vcpus_min, 4);
    cr_assert_eq(c.dom0_vcpus_max, 4);
    cr_assert_eq(cmdline_dom0_vcpus(&c, 1), 4);
    cr_assert_eq(cmdline_dom0_vcpus(&c, 16), 4);

    c = parse_ok("dom0_max_vcpus=2-8");
    cr_assert_eq(cmdline_dom0_vcpus(&c, 1), 2);
    cr_assert_eq(cmdline_dom0_vcpus(&c, 6), 6);
    cr_assert_eq(cmdline_dom0_vcpus(&c, 10), 8);

    c = parse_ok("dom0_max_vcpus=4-");      /* no upper limit */
    cr_assert_eq(c.dom0_vcpus_max, 0);
    cr_assert_eq(cmdline_dom0_vcpus(&c, 2), 4);
    cr_assert_eq(cmdline_dom0_vcpus(&c, 64), 64);

    c = parse_ok("dom0_max_vcpus=-8");      /* minimum defaults to 1 */
    cr_assert_eq(c.dom0_vcpus_min, 1);
    cr_assert_eq(cmdline_dom0_vcpus(&c, 2), 2);
    cr_assert_eq(cmdline_dom0_vcpus(&c, 10), 8);

    c = defaults();                         /* Xen: one per pCPU */
    cr_assert_eq(cmdline_dom0_vcpus(&c, 3), 3);
    cr_assert_eq(cmdline_dom0_vcpus(&c, 0), 1);
}

Test(cmdline, dom0_max_vcpus_malformed_keeps_default)
{
    static const char *const bad[] = {
        "dom0_max_vcpus=", "dom0_max_vcpus", "dom0_max_vcpus=0",
        "dom0_max_vcpus=8-2", "dom0_max_vcpus=-", "dom0_max_vcpus=x",
        "dom0_max_vcpus=4-x", "dom0_max_vcpus=4-8-", "dom0_max_vcpus=0-4",
        "dom0_max_vcpus=4x", "dom0_max_vcpus=4294967296",
        "dom0_max_vcpus=--4",
    };
    struct hv_cmdline c;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        c = parse_warns(bad[i], "for dom0_max_vcpus ignored (expected <n> or");
        cr_assert_eq(c.dom0_vcpus_min, 0, "%s", bad[i]);
        cr_assert_eq(c.dom0_vcpus_max, 0, "%s", bad[i]);
    }
}

/* ---- dom0_weight= domu_weight= ----------------------------------------- */

Test(cmdline, weights)
{
    static const char *const bad[] = {
        "dom0_weight=0", "dom0_weight=65536", "dom0_weight=", "dom0_weight",
        "dom0_weight=2x", "domu_weight=-1",
    };
    struct hv_cmdline c = parse_ok("dom0_weight=256 domu_weight=65535");
    size_t i;

    cr_assert_eq(c.dom0_weight, 256);
    cr_assert_eq(c.domu_weight, 65535);
    c = defaults();                         /* 0: the scheduler's default */
    cr_assert_eq(c.dom0_weight, 0);
    cr_assert_eq(c.domu_weight, 0);
    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        c = parse_warns(bad[i], "ignored (expected a weight, 1..65535)");
        cr_assert_eq(c.dom0_weight, 0, "%s", bad[i]);
        cr_assert_eq(c.domu_weight, 0, "%s", bad[i]);
    }
}

/* ---- noreboot ---------------------------------------------------------- */

Test(cmdline, noreboot_boolean_forms)
{
    static const struct {
        const char *line;
        bool val;
    } ok[] = {
        { "noreboot", true }, { "noreboot=", true },
        { "noreboot=1", true }, { "noreboot=yes", true },
        { "noreboot=on", true }, { "noreboot=true", true },
        { "noreboot=enable", true }, { "noreboot=0", false },
        { "noreboot=no", false }, { "noreboot=off", false },
        { "noreboot=false", false }, { "noreboot=disable", false },
        { "no-noreboot", false }, { "noreboot no-noreboot", false },
        { "no-noreboot noreboot", true }, { "noreboot=1 noreboot=off", false },
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(ok); i++)
        cr_assert_eq(parse_ok(ok[i].line).noreboot, ok[i].val, "%s",
                     ok[i].line);
}

Test(cmdline, noreboot_malformed_keeps_default)
{
    static const char *const bad[] = {
        "noreboot=maybe", "noreboot=2", "noreboot=YES", "noreboot=on1",
        "no-noreboot=1", "no-noreboot=0",   /* ambiguous: refused as in Xen */
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(bad); i++)
        cr_assert_not(parse_warns(bad[i], "ignored (expected a boolean").
                      noreboot, "%s", bad[i]);
}

/* ---- iobitmap --------------------------------------------------------- */

Test(cmdline, iobitmap_defaults_on_and_turns_off)
{
    cr_assert(parse_ok("").iobitmap, "dom0's ports are direct by default");
    cr_assert_not(parse_ok("no-iobitmap").iobitmap);
    cr_assert_not(parse_ok("iobitmap=no").iobitmap);
    cr_assert(parse_ok("iobitmap=off iobitmap").iobitmap, "last one wins");
    cr_assert(parse_warns("iobitmap=sometimes", "ignored (expected a boolean").
              iobitmap, "a malformed value keeps the default");
}

/* ---- unknown options --------------------------------------------------- */

Test(cmdline, unknown_options_are_named_and_ignored)
{
    struct hv_cmdline c;

    c = parse_warns("foo=bar loglvl=debug", "unknown option \"foo\" ignored");
    cr_assert_eq(c.loglvl, LOG_DEBUG, "options after it still apply");

    parse_warns("sync_console", "unknown option \"sync_console\"");
    parse_warns("no-console", "unknown option \"no-console\"");
    parse_warns("no-", "unknown option \"no-\"");
    parse_warns("=5", "unknown option \"\"");
    parse_warns("Loglvl=debug", "unknown option \"Loglvl\""); /* case matters */
    parse_warns("dom0-mem=1G", "unknown option \"dom0-mem\"");

    cr_assert_eq(parse("a b=1 loglvl=x c", &c), 4, "%s", captured);
}

/* ---- " -- " and dom0's command line ------------------------------------ */

Test(cmdline, dom0_cmdline_after_separator)
{
    struct hv_cmdline c =
        parse_ok("loglvl=all -- console=hvc0 root=/dev/xvda1 ro");

    cr_assert_str_eq(c.dom0_cmdline, "console=hvc0 root=/dev/xvda1 ro");
    cr_assert_eq(c.loglvl, LOG_DEBUG);
    cr_assert_str_eq(c.console, "com1", "dom0's console= applied to us");
}

Test(cmdline, separator_edge_cases)
{
    cr_assert_str_eq(parse_ok("-- quiet").dom0_cmdline, "quiet");
    cr_assert_str_eq(parse_ok("--").dom0_cmdline, "");
    cr_assert_str_eq(parse_ok("noreboot --").dom0_cmdline, "");
    cr_assert(parse_ok("noreboot --").noreboot);
    cr_assert_str_eq(parse_ok("noreboot --    a  b ").dom0_cmdline, "a  b ");
    cr_assert_str_eq(parse_ok("noreboot\t--\tx").dom0_cmdline, "x");
    /* Only the first separator splits; later ones belong to dom0. */
    cr_assert_str_eq(parse_ok("-- a -- b").dom0_cmdline, "a -- b");
    /* Without a separator, nothing is dom0's, and dom0 options warn. */
    parse_warns("noreboot ---", "unknown option \"---\"");
    parse_warns("a--b", "unknown option \"a--b\"");
    parse_warns("--x", "unknown option \"--x\"");
    cr_assert_str_empty(parse_warns("root=/dev/sda", "\"root\"").dom0_cmdline);
}

Test(cmdline, dom0_cmdline_length_limit)
{
    static char line[4096], expect[MAX_GUEST_CMDLINE];
    struct hv_cmdline c;

    /* Exactly MAX_GUEST_CMDLINE - 1 characters fit, silently. */
    memset(expect, 'a', sizeof(expect) - 1);
    expect[sizeof(expect) - 1] = '\0';
    strcpy(line, "noreboot -- ");
    strcat(line, expect);
    c = parse_ok(line);
    cr_assert_str_eq(c.dom0_cmdline, expect);

    /* One more is cut to fit, with a warning. */
    strcat(line, "b");
    c = parse_warns(line, "dom0 command line longer than 1023 bytes");
    cr_assert_str_eq(c.dom0_cmdline, expect);
    cr_assert(c.noreboot);
}

Test(cmdline, option_length_limit)
{
    char line[CMDLINE_OPT_MAX + 32];
    struct hv_cmdline c;

    /* 127 bytes: handled (an unknown option, named in full). */
    memset(line, 'x', CMDLINE_OPT_MAX - 1);
    line[CMDLINE_OPT_MAX - 1] = '\0';
    parse_warns(line, "unknown option \"xxxxxxxx");

    /* 128 bytes: too long, ignored with its own warning. */
    memset(line, 'y', CMDLINE_OPT_MAX);
    strcpy(line + CMDLINE_OPT_MAX, " noreboot");
    c = parse_warns(line, "longer than 127 bytes ignored");
    cr_assert(c.noreboot, "the option after it is still parsed");
}

/* ---- cmdline_print ----------------------------------------------------- */

Test(cmdline, print_shows_effective_settings)
{
    struct hv_cmdline c;

    cr_assert_eq(parse("console=com1,vga loglvl=debug noreboot com1=9600,7e1 "
                       "dom0_mem=1G+25%,min:-512M,max:2G dom0_max_vcpus=2-4 "
                       "-- root=/dev/xvda", &c), 0, "%s", captured);
    capture_start();
    cmdline_print(&c);
    capture_end();
    cr_assert_not_null(strstr(captured,
                              "console=com1,vga loglvl=debug noreboot=yes\n"),
                       "%s", captured);
    cr_assert_not_null(strstr(captured, "com1=9600/115200,7e1,0x3f8,4\n"),
                       "%s", captured);
    cr_assert_not_null(strstr(captured, "dom0_mem=1G+25%,min:-512M,max:2G "
                              "dom0_max_vcpus=2-4\n"), "%s", captured);
    cr_assert_not_null(strstr(captured, "dom0 command line \"root=/dev/xvda\""),
                       "%s", captured);

    c = defaults();
    capture_start();
    cmdline_print(&c);
    capture_end();
    cr_assert_not_null(strstr(captured, "dom0_mem=default "
                              "dom0_max_vcpus=default\n"), "%s", captured);
}
