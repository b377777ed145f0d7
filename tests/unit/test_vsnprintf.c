/*
 * Unit tests for hypervisor/common/vsnprintf.c, and for printk.c.
 *
 * The build renames the hypervisor's vsnprintf/snprintf to hv_*, so every
 * snprintf() below is the one under test.  glibc's asprintf() (not
 * renamed) is the reference for the conversions both implement alike.
 *
 * printk.c is compiled into this file (renamed, so the harness's own
 * printk, which writes to stderr, stays as it is for everything else):
 * that tests the real log ring and console without a build change.
 */
#define _GNU_SOURCE
#define printk  ut_printk
#define vprintk ut_vprintk
#include "../../hypervisor/common/printk.c"
#undef printk
#undef vprintk

#include <criterion/criterion.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Calls the implementation without the compiler's format checking, for
 * formats that are deliberately wrong. */
static int unchecked(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

/* Formats into a generous buffer and checks text and return value. */
#define CHECK(expect, ...)                                                 \
    do {                                                                   \
        char b_[256];                                                      \
        int n_ = snprintf(b_, sizeof(b_), __VA_ARGS__);                    \
        cr_assert_str_eq(b_, expect, "format %s", #__VA_ARGS__);           \
        cr_assert_eq(n_, (int)strlen(expect), "return for %s", #__VA_ARGS__); \
    } while (0)

/* CHECK for formats the compiler's format checking rightly frowns on. */
#define CHECK_UNCHECKED(expect, ...)                                       \
    do {                                                                   \
        char b_[256];                                                      \
        int n_ = unchecked(b_, sizeof(b_), __VA_ARGS__);                   \
        cr_assert_str_eq(b_, expect, "format %s", #__VA_ARGS__);           \
        cr_assert_eq(n_, (int)strlen(expect), "return for %s", #__VA_ARGS__); \
    } while (0)

/* Same, compared with glibc's output for the same format and arguments. */
#define SAME_AS_LIBC(...)                                                  \
    do {                                                                   \
        char b_[256], *ref_;                                               \
        int n_ = snprintf(b_, sizeof(b_), __VA_ARGS__);                    \
        int r_ = asprintf(&ref_, __VA_ARGS__);                             \
        cr_assert_geq(r_, 0);                                              \
        cr_assert_str_eq(b_, ref_, "format %s", #__VA_ARGS__);             \
        cr_assert_eq(n_, r_, "return for %s", #__VA_ARGS__);               \
        free(ref_);                                                        \
    } while (0)

Test(format, plain_text_and_percent)
{
    CHECK("", "%s", "");
    CHECK("hello", "hello");
    CHECK("100%", "100%%");
    CHECK("%%", "%%%%");
}

Test(format, signed_decimal)
{
    CHECK("0", "%d", 0);
    CHECK("42", "%d", 42);
    CHECK("-42", "%i", -42);
    CHECK("2147483647", "%d", INT_MAX);
    CHECK("-2147483648", "%d", INT_MIN);
    CHECK("-9223372036854775808", "%ld", LONG_MIN);
    CHECK("9223372036854775807", "%lld", LLONG_MAX);
    CHECK("-9223372036854775808", "%lli", LLONG_MIN);
    CHECK("-1", "%zd", (ssize_t)-1);
    CHECK("-128", "%hhd", -128);
    CHECK("-32768", "%hd", -32768);
}

Test(format, unsigned_and_hex)
{
    CHECK("4294967295", "%u", UINT_MAX);
    CHECK("18446744073709551615", "%lu", ULONG_MAX);
    CHECK("18446744073709551615", "%llu", ULLONG_MAX);
    CHECK("18446744073709551615", "%zu", SIZE_MAX);
    CHECK("deadbeef", "%x", 0xdeadbeefU);
    CHECK("DEADBEEF", "%X", 0xdeadbeefU);
    CHECK("ffffffffffffffff", "%lx", ULONG_MAX);
    CHECK("123456789abcdef0", "%llx", 0x123456789abcdef0ULL);
    CHECK("0", "%x", 0);
    CHECK("ff", "%hhx", 0x1ff);
    CHECK("ffff", "%hx", 0x1ffff);
}

Test(format, width_and_flags)
{
    CHECK("   42", "%5d", 42);
    CHECK("42   |", "%-5d|", 42);
    CHECK("00042", "%05d", 42);
    CHECK("-0042", "%05d", -42);
    CHECK("  -42", "%5d", -42);
    CHECK_UNCHECKED("-42  |", "%-05d|", -42);   /* '-' beats '0' */
    CHECK("0x00ff", "%#06x", 0xff);
    CHECK("0XFF", "%#X", 0xff);
    CHECK("0", "%#x", 0);               /* no 0x before a zero */
    CHECK("+5 -5", "%+d %+d", 5, -5);
    CHECK(" 5", "% d", 5);
    CHECK_UNCHECKED("5 5", "%+u % u", 5, 5);  /* sign flags: signed only */
    CHECK("42", "%1d", 42);             /* width smaller than the number */
    CHECK("   ab", "%*s", 5, "ab");
    CHECK("ab   |", "%*s|", -5, "ab");  /* negative '*' width: '-' */
}

Test(format, precision_of_numbers)
{
    CHECK("00042", "%.5d", 42);
    CHECK("  00042", "%7.5d", 42);
    CHECK("-00042", "%.5d", -42);
    CHECK("", "%.0d", 0);               /* C: no digits for zero */
    CHECK_UNCHECKED("   00ff", "%07.4x", 0xff);  /* precision beats '0' */
}

Test(format, strings_and_chars)
{
    const char unterminated[3] = { 'a', 'b', 'c' };

    CHECK("abc", "%s", "abc");
    CHECK_UNCHECKED("(null)", "%s", (char *)NULL);
    CHECK("  abc", "%5s", "abc");
    CHECK("abc  |", "%-5s|", "abc");
    CHECK("ab", "%.2s", "abc");
    CHECK("ab", "%.*s", 2, "abcdef");
    CHECK("abc", "%.*s", 3, unterminated);  /* must not read past 3 */
    CHECK("abcdef", "%.*s", -1, "abcdef");  /* negative: no precision */
    CHECK("x", "%c", 'x');
    CHECK("  x", "%3c", 'x');
    CHECK("x  |", "%-3c|", 'x');
    CHECK("a1b", "%c%d%c", 'a', 1, 'b');
}

Test(format, pointer_is_0x_and_16_digits)
{
    CHECK("0x0000000000000000", "%p", NULL);
    CHECK("0x00000000deadbeef", "%p", (void *)0xdeadbeefUL);
    CHECK("0xffff800000001000", "%p", (void *)0xffff800000001000UL);
    CHECK("  0x0000000000000001", "%20p", (void *)1);
    CHECK("0x0000000000000001  |", "%-20p|", (void *)1);
}

Test(format, matches_libc)
{
    SAME_AS_LIBC("%d|%5d|%-5d|%05d|%+d|% d", 7, -7, 7, -7, 7, 7);
    SAME_AS_LIBC("%u %lu %llu %zu", 1U, 2UL, 3ULL, (size_t)4);
    SAME_AS_LIBC("%x %X %#x %#X %08x %-8x|", 1, 2, 3, 4, 5, 6);
    SAME_AS_LIBC("%.3d %.0u %5.3x %-6.2d|", 1, 0U, 2, 3);
    SAME_AS_LIBC("%s %10s %-10s| %.1s %.*s", "a", "b", "c", "de", 1, "fg");
    SAME_AS_LIBC("%c%c%5c%-5c|", 'a', 'b', 'c', 'd');
    SAME_AS_LIBC("%ld %lx %lld %llx", LONG_MIN, ULONG_MAX, LLONG_MIN, 0ULL);
    SAME_AS_LIBC("%hhu %hu %hhd %hd", 300, 70000, 200, 40000);
    SAME_AS_LIBC("%*d %-*d| %.*d", 6, 1, 6, 2, 4, 3);
}

Test(format, truncation_keeps_terminator_and_full_length)
{
    char buf[8];

    memset(buf, 'Z', sizeof(buf));
    cr_assert_eq(snprintf(buf, 4, "%s", "abcdef"), 6);
    cr_assert_str_eq(buf, "abc");
    cr_assert_eq(buf[4], 'Z', "wrote past 'size'");

    memset(buf, 'Z', sizeof(buf));
    cr_assert_eq(snprintf(buf, 1, "%d", 12345), 5);
    cr_assert_eq(buf[0], '\0');
    cr_assert_eq(buf[1], 'Z');

    /* size 0: nothing written, NULL buffer allowed, length returned. */
    cr_assert_eq(snprintf(NULL, 0, "%s-%d", "ab", 42), 5);

    memset(buf, 'Z', sizeof(buf));
    cr_assert_eq(snprintf(buf, sizeof(buf), "1234567"), 7);    /* fits */
    cr_assert_str_eq(buf, "1234567");
    cr_assert_eq(snprintf(buf, sizeof(buf), "12345678"), 8);   /* one over */
    cr_assert_str_eq(buf, "1234567");
}

Test(format, truncation_inside_padding_and_numbers)
{
    char buf[5];

    cr_assert_eq(snprintf(buf, sizeof(buf), "%10d", -123), 10);
    cr_assert_str_eq(buf, "    ");
    cr_assert_eq(snprintf(buf, sizeof(buf), "%-3d%s", -12345, "xy"), 8);
    cr_assert_str_eq(buf, "-123");
    cr_assert_eq(snprintf(buf, sizeof(buf), "%p", NULL), 18);
    cr_assert_str_eq(buf, "0x00");
}

Test(format, unknown_conversion_is_copied)
{
    char buf[32];

    cr_assert_eq(unchecked(buf, sizeof(buf), "a%qb"), 4);
    cr_assert_str_eq(buf, "a%qb");
    cr_assert_eq(unchecked(buf, sizeof(buf), "x%-5ly"), 6);
    cr_assert_str_eq(buf, "x%-5ly");
    cr_assert_eq(unchecked(buf, sizeof(buf), "end%"), 4);
    cr_assert_str_eq(buf, "end%");
    /* An unknown conversion consumes no argument. */
    cr_assert_eq(unchecked(buf, sizeof(buf), "%w%d", 5), 3);
    cr_assert_str_eq(buf, "%w5");
}

Test(format, silly_width_is_clamped)
{
    char buf[16];
    int n = unchecked(buf, sizeof(buf), "%99999999999999d", 1);

    cr_assert_eq(n, 4096);      /* FIELD_MAX, no int overflow */
    cr_assert_eq(strlen(buf), sizeof(buf) - 1);
}

/* ---- printk (printk.c compiled in above) ------------------------------- */

static char console_out[64 * 1024];
static size_t console_len;

/* printk.c's log lock records its holder's CPU: one CPU here. */
unsigned int smp_processor_id(void)
{
    return 0;
}

void arch_console_putc(char c)
{
    cr_assert_lt(console_len, sizeof(console_out) - 1);
    console_out[console_len++] = c;
    console_out[console_len] = '\0';
}

/* Everything in the log ring so far, as a string. */
static const char *ring_text(void)
{
    static char buf[LOG_RING_SIZE + 1];
    size_t off = 0;
    size_t n = log_ring_read(&off, buf, LOG_RING_SIZE);

    buf[n] = '\0';
    return buf;
}

Test(printk, prefixes_each_line)
{
    ut_printk("one\ntwo\n");
    ut_printk("three");
    ut_printk(" continued %d\n", 3);
    cr_assert_str_eq(console_out,
                     "(HV) one\n(HV) two\n(HV) three continued 3\n");
    cr_assert_str_eq(ring_text(), console_out);
}

Test(printk, level_prefix_selects_and_is_stripped)
{
    ut_printk(XENLOG_ERR "err\n");
    ut_printk(XENLOG_DEBUG "debug\n");          /* above default LOG_INFO */
    ut_printk(XENLOG_INFO "info\n");
    cr_assert_str_eq(console_out, "(HV) err\n(HV) info\n");
    /* The ring keeps what the console did not show. */
    cr_assert_str_eq(ring_text(), "(HV) err\n(HV) debug\n(HV) info\n");
}

Test(printk, threshold_follows_set_level)
{
    printk_set_level(LOG_DEBUG);
    ut_printk(XENLOG_DEBUG "a\n");
    printk_set_level(LOG_ERR);
    ut_printk(XENLOG_WARNING "b\n");
    ut_printk(XENLOG_ERR "c\n");
    printk_set_level(LOG_NONE);
    ut_printk(XENLOG_ERR "d\n");
    cr_assert_str_eq(console_out, "(HV) a\n(HV) c\n");
    cr_assert_str_eq(ring_text(), "(HV) a\n(HV) b\n(HV) c\n(HV) d\n");
}

Test(printk, guest_text_is_raw_and_on_its_own_lines)
{
    console_write_raw("guest says hi\n", 14);
    ut_printk("hv line\n");
    console_write_raw("partial", 7);
    ut_printk("hv interrupts\n");     /* newline put in before */
    ut_printk("hv partial");
    console_write_raw("more\n", 5);     /* and before this */
    cr_assert_str_eq(console_out,
                     "guest says hi\n(HV) hv line\npartial\n"
                     "(HV) hv interrupts\n(HV) hv partial\nmore\n");
    cr_assert_str_eq(ring_text(), console_out);
}

Test(printk, long_message_is_truncated_with_marker)
{
    char big[PRINTK_BUF * 2];

    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    ut_printk("%s\n", big);
    cr_assert_eq(console_len, strlen("(HV) ") + PRINTK_BUF - 1);
    cr_assert_str_eq(console_out + console_len - 4, "...\n");
}

Test(printk, ring_read_continues_and_skips_lost_bytes)
{
    char buf[64];
    size_t off = 0, n, i;

    ut_printk("abc\n");
    n = log_ring_read(&off, buf, 4);
    cr_assert_eq(n, 4);
    cr_assert_eq(off, 0, "offset moves only past lost bytes");
    cr_assert_eq(memcmp(buf, "(HV)", 4), 0);
    off += n;
    n = log_ring_read(&off, buf, sizeof(buf));
    cr_assert_eq(n, 5);
    cr_assert_eq(memcmp(buf, " abc\n", 5), 0);
    off += n;
    cr_assert_eq(log_ring_read(&off, buf, sizeof(buf)), 0);

    /* Overflow the ring: the reader's old offset jumps to the oldest byte. */
    for (i = 0; i < LOG_RING_SIZE / 8; i++)
        ut_printk("%04zu\n", i % 10000);   /* 10 bytes a line */
    off = 0;
    n = log_ring_read(&off, buf, sizeof(buf));
    cr_assert_eq(off, log_total - LOG_RING_SIZE);
    cr_assert_eq(n, sizeof(buf));
}

Test(printk, ring_read_across_the_wrap)
{
    static char all[LOG_RING_SIZE];
    const size_t lines = LOG_RING_SIZE / 10 + 7;
    char last[16];
    size_t off, n, i;

    for (i = 0; i < lines; i++)
        ut_printk("%04zu\n", i);           /* "(HV) NNNN\n" */
    off = 0;
    n = log_ring_read(&off, all, sizeof(all));
    cr_assert_eq(n, LOG_RING_SIZE);
    cr_assert_eq(off, lines * 10 - LOG_RING_SIZE);
    /* The last line is the last thing logged, intact across the wrap. */
    snprintf(last, sizeof(last), "(HV) %04zu\n", lines - 1);
    cr_assert_eq(memcmp(all + n - 10, last, 10), 0);
    /* And the oldest kept byte is where the offset says. */
    cr_assert_eq(all[0], "(HV) 0000\n"[off % 10]);
}
