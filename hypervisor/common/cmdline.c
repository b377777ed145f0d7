/*
 * The hypervisor command line (option syntax and semantics in hv/cmdline.h).
 *
 * Xen's rules, which boot loaders and users already follow:
 *   - options are separated by spaces; names are case-sensitive;
 *   - a boolean is enabled by its bare name, disabled with a "no-" prefix,
 *     or set with =yes/no/on/off/true/false/enable/disable/1/0 (and
 *     "no-name=value" is refused as ambiguous);
 *   - an unknown option or a bad value never stops the boot: it is
 *     reported (XENLOG_WARNING) and ignored;
 *   - the first word that is exactly "--" ends the hypervisor's options
 *     and the rest of the line is dom0's command line.  Xen looks for
 *     " -- " because its multiboot1 line starts with the image name; our
 *     loaders give options only, so a leading "-- " and a trailing " --"
 *     count too.
 *
 * Each value is parsed into a scratch copy and stored only when all of it
 * is valid, so a bad value never leaves an option half-set.
 */
#include <hv/cmdline.h>
#include <hv/lib.h>
#include "cmdline_opt.h"

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Xen's boolean values; -1 when 's' is none of them. */
static int parse_bool_value(const char *s)
{
    static const char *const yes[] = { "1", "yes", "on", "true", "enable" };
    static const char *const no[] = { "0", "no", "off", "false", "disable" };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(yes); i++) {
        if (!strcmp(s, yes[i]))
            return 1;
        if (!strcmp(s, no[i]))
            return 0;
    }
    return -1;
}

/*
 * name, name=<bool>, or no-name.  An empty value counts as none (Xen).
 * "no-name=<value>" is refused: which way it would go is ambiguous.
 */
static bool apply_bool(const struct cmdline_opt *o, const char *val,
                       bool negated, struct hv_cmdline *c)
{
    int b = 1;

    if (val && *val) {
        if (negated)
            return false;
        b = parse_bool_value(val);
        if (b < 0)
            return false;
    }
    *(bool *)((char *)c + o->offset) = negated ? !b : b;
    return true;
}

/* Applies one "name[=value]" (NUL-terminated, ours to cut); 1 if warned. */
static int apply_option(char *opt, struct hv_cmdline *c)
{
    char *val = strchr(opt, '=');
    const struct cmdline_opt *o;
    bool negated = false, ok;

    if (val)
        *val++ = '\0';
    o = cmdline_find_option(opt);
    if (!o && !strncmp(opt, "no-", 3)) {
        o = cmdline_find_option(opt + 3);
        negated = true;
        if (o && !o->boolean)
            o = NULL;
    }
    if (!o) {
        printk(XENLOG_WARNING "cmdline: unknown option \"%s\" ignored\n", opt);
        return 1;
    }
    ok = o->boolean ? apply_bool(o, val, negated, c)
                    : o->parse(val ? val : "", c);
    if (ok)
        return 0;
    printk(XENLOG_WARNING "cmdline: bad value \"%s\" for %s ignored "
           "(expected %s)\n", val ? val : "", opt, o->expected);
    return 1;
}

/* Applies the space-separated options in [p, end); returns warnings. */
static int parse_options(const char *p, const char *end, struct hv_cmdline *c)
{
    char opt[CMDLINE_OPT_MAX];
    int warnings = 0;
    size_t len;

    for (;;) {
        while (p < end && is_space(*p))
            p++;
        if (p == end)
            return warnings;
        for (len = 0; p + len < end && !is_space(p[len]); len++)
            ;
        if (len < sizeof(opt)) {
            memcpy(opt, p, len);
            opt[len] = '\0';
            warnings += apply_option(opt, c);
        } else {
            printk(XENLOG_WARNING "cmdline: option \"%.24s...\" longer "
                   "than %zu bytes ignored\n", p, sizeof(opt) - 1);
            warnings++;
        }
        p += len;
    }
}

/* The first word that is exactly "--", or NULL. */
static const char *find_separator(const char *p)
{
    for (;;) {
        while (is_space(*p))
            p++;
        if (!*p)
            return NULL;
        if (p[0] == '-' && p[1] == '-' && (!p[2] || is_space(p[2])))
            return p;
        while (*p && !is_space(*p))
            p++;
    }
}

/*
 * dom0's part, leading spaces dropped.  Longer than a start_info can
 * carry (MAX_GUEST_CMDLINE with its NUL): truncated, with a warning,
 * since a dom0 that boots with a cut line beats no dom0 at all.
 */
static int set_dom0_cmdline(const char *s, struct hv_cmdline *c)
{
    size_t max = sizeof(c->dom0_cmdline) - 1;
    size_t len;

    while (is_space(*s))
        s++;
    len = strnlen(s, max + 1);
    if (len <= max) {
        memcpy(c->dom0_cmdline, s, len + 1);
        return 0;
    }
    memcpy(c->dom0_cmdline, s, max);
    c->dom0_cmdline[max] = '\0';
    printk(XENLOG_WARNING "cmdline: dom0 command line longer than %zu "
           "bytes, truncated\n", max);
    return 1;
}

static void set_defaults(struct hv_cmdline *c)
{
    static const struct hv_com_params com = {
        .baud = 115200, .base_baud = 115200, .data_bits = 8,
        .parity = 'n', .stop_bits = 1,
    };

    memset(c, 0, sizeof(*c));
    memcpy(c->console, "com1", sizeof("com1"));
    c->com1 = com;
    c->com1.io_base = 0x3f8;
    c->com1.irq = 4;
    c->com2 = com;
    c->com2.io_base = 0x2f8;
    c->com2.irq = 3;
    c->loglvl = LOG_INFO;
    c->domu_mem = CMDLINE_DOMU_MEM_DEFAULT;
    c->domu_vcpus = 1;
    c->iobitmap = true;
}

int cmdline_parse(const char *line, struct hv_cmdline *out)
{
    const char *sep;
    int warnings = 0;

    set_defaults(out);
    if (!line)
        return 0;
    sep = find_separator(line);
    warnings += parse_options(line, sep ? sep : line + strlen(line), out);
    if (sep)
        warnings += set_dom0_cmdline(sep + 2, out);
    return warnings;
}

/* ---- logging the result ------------------------------------------------ */

/* The largest unit that divides 'bytes' exactly, for readable sizes. */
static unsigned long scale(unsigned long bytes, const char **unit)
{
    static const char *const units[] = { "", "K", "M", "G", "T" };
    unsigned int i = 0;

    while (i + 1 < ARRAY_SIZE(units) && bytes && !(bytes & 1023)) {
        bytes >>= 10;
        i++;
    }
    *unit = i ? units[i] : "B";
    return bytes;
}

/* One dom0_mem= list item, comma-separated from the previous one. */
static void print_amount(const char *label, const struct hv_mem_amount *a,
                         bool *first)
{
    const char *unit;
    unsigned long v = scale(a->bytes, &unit);

    if (!a->set)
        return;
    printk("%s%s%s", *first ? "" : ",", label, a->negative ? "-" : "");
    *first = false;
    if (a->bytes || !a->percent)
        printk("%lu%s%s", v, unit, a->percent ? "+" : "");
    if (a->percent)
        printk("%u%%", a->percent);
}

static void print_com(const char *name, const struct hv_com_params *p)
{
    printk("cmdline: %s=", name);
    if (p->baud)
        printk("%lu", p->baud);
    else
        printk("auto");
    printk("/%lu,%u%c%u,%#x,%u\n", p->base_baud, p->data_bits, p->parity,
           p->stop_bits, p->io_base, p->irq);
}

void cmdline_print(const struct hv_cmdline *c)
{
    bool first = true;

    printk("cmdline: console=%s loglvl=%s noreboot=%s\n", c->console,
           cmdline_level_name(c->loglvl), c->noreboot ? "yes" : "no");
    printk("cmdline: iobitmap=%s\n", c->iobitmap ? "yes" : "no");
    print_com("com1", &c->com1);
    print_com("com2", &c->com2);
    printk("cmdline: dom0_mem=");
    print_amount("", &c->dom0_mem, &first);
    print_amount("min:", &c->dom0_mem_min, &first);
    print_amount("max:", &c->dom0_mem_max, &first);
    if (first)
        printk("default");
    printk(" dom0_max_vcpus=");
    if (!c->dom0_vcpus_min)
        printk("default\n");
    else if (c->dom0_vcpus_min == c->dom0_vcpus_max)
        printk("%u\n", c->dom0_vcpus_min);
    else if (c->dom0_vcpus_max)
        printk("%u-%u\n", c->dom0_vcpus_min, c->dom0_vcpus_max);
    else
        printk("%u-\n", c->dom0_vcpus_min);
    if (c->domu_count)
        printk("cmdline: domu=%u domu_mem=%luK domu_vcpus=%u\n",
               c->domu_count, c->domu_mem >> 10, c->domu_vcpus);
    if (c->dom0_weight || c->domu_weight)
        printk("cmdline: dom0_weight=%u domu_weight=%u (0: default)\n",
               c->dom0_weight, c->domu_weight);
    printk("cmdline: dom0 command line \"%s\"\n", c->dom0_cmdline);
}
