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

struct cmdline_opt {
    const char *name;
    const char *expected;       /* for the bad-value warning */
    /* Parses 'val' ("" when the option has no '='); false if malformed. */
    bool (*parse)(const char *val, struct hv_cmdline *c);
    bool boolean;               /* parse is NULL; the field is at 'offset' */
    size_t offset;
};

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
 * Compares one item of a list (ending at ',', ':', '/' or the end of the
 * string) with 'name'; returns the position after the item or NULL.
 */
static const char *match_item(const char *s, const char *name)
{
    size_t n = strlen(name);

    if (strncmp(s, name, n))
        return NULL;
    if (s[n] && s[n] != ',' && s[n] != ':' && s[n] != '/')
        return NULL;
    return s + n;
}

/* ---- console= ---------------------------------------------------------- */

static const char *const console_names[] = { "com1", "com2", "vga", "none" };

/*
 * Xen also knows dbgp, ehci, xhci, pv and the H/L suffixes of com1/com2.
 * We drive none of those, so they are refused (default kept, warning)
 * rather than silently leaving the machine without a console.  vga is
 * accepted because Xen configurations say "console=com1,vga" routinely;
 * the console code simply has no VGA output yet.
 */
static bool opt_console(const char *v, struct hv_cmdline *c)
{
    const char *p = v, *next;
    size_t i;

    if (strlen(v) >= sizeof(c->console))
        return false;
    do {
        for (i = 0, next = NULL; i < ARRAY_SIZE(console_names) && !next; i++)
            next = match_item(p, console_names[i]);
        if (!next || *next == ':' || *next == '/')
            return false;
        p = *next ? next + 1 : next;
    } while (*next);
    memcpy(c->console, v, strlen(v) + 1);     /* length checked above */
    return true;
}

/* c->console was validated when stored: a plain comma-separated list. */
bool cmdline_console_has(const struct hv_cmdline *c, const char *name)
{
    const char *p = c->console;

    for (;;) {
        if (match_item(p, name))
            return true;
        p = strchr(p, ',');
        if (!p)
            return false;
        p++;
    }
}

/* ---- com1= com2= ------------------------------------------------------- */

/* <baud>|auto[/<base-baud>]: "auto" keeps the rate firmware programmed. */
static bool parse_baud(const char **s, struct hv_com_params *p)
{
    const char *q = *s;

    if (!strncmp(q, "auto", 4)) {
        p->baud = 0;
        q += 4;
    } else if (!parse_ulong(q, &q, &p->baud) || p->baud == 0) {
        return false;
    }
    if (*q == '/' && (!parse_ulong(q + 1, &q, &p->base_baud) ||
                      p->base_baud == 0))
        return false;
    *s = q;
    return true;
}

/* DPS: data bits 5-8, parity n/o/e/m/s, stop bits 1-2 ("8n1"). */
static bool parse_dps(const char **s, struct hv_com_params *p)
{
    const char *q = *s;

    if (q[0] < '5' || q[0] > '8' || !q[1] || !strchr("noems", q[1]) ||
        (q[2] != '1' && q[2] != '2'))
        return false;
    p->data_bits = (unsigned int)(q[0] - '0');
    p->parity = q[1];
    p->stop_bits = (unsigned int)(q[2] - '0');
    *s = q + 3;
    return true;
}

/* An optional number up to 'max' (an empty field keeps the default). */
static bool parse_uint_field(const char **s, unsigned long max,
                             unsigned int *out)
{
    unsigned long v;

    if (**s == ',' || **s == '\0')
        return true;
    if (!parse_ulong(*s, s, &v) || v > max)
        return false;
    *out = (unsigned int)v;
    return true;
}

/*
 * The positional form <baud>[/<base>][,[DPS][,[<io-base>][,[<irq>]]]].
 * Xen's PCI and name=value forms are not supported: they are refused
 * (with a warning) rather than half-understood.
 */
static bool parse_com(const char *v, struct hv_com_params *out)
{
    struct hv_com_params p = *out;

    if (!parse_baud(&v, &p))
        return false;
    if (*v == ',') {
        v++;
        if (*v != ',' && *v != '\0' && !parse_dps(&v, &p))
            return false;
    }
    if (*v == ',') {
        v++;
        if (!parse_uint_field(&v, 0xffff, &p.io_base))
            return false;
    }
    if (*v == ',') {
        v++;
        if (!parse_uint_field(&v, 255, &p.irq))
            return false;
    }
    if (*v)
        return false;
    *out = p;
    return true;
}

/* The options table wants one function per option. */
static bool opt_com1(const char *v, struct hv_cmdline *c)
{
    return parse_com(v, &c->com1);
}

static bool opt_com2(const char *v, struct hv_cmdline *c)
{
    return parse_com(v, &c->com2);
}

/* ---- loglvl= ----------------------------------------------------------- */

static const struct {
    const char *name;
    enum log_level level;
} log_levels[] = {
    { "none", LOG_NONE }, { "error", LOG_ERR }, { "warning", LOG_WARNING },
    { "info", LOG_INFO }, { "debug", LOG_DEBUG }, { "all", LOG_DEBUG },
};

/* A level name, or its XENLOG_* number (0-3), ending at '/' or the end. */
static bool parse_level(const char **s, enum log_level *lvl)
{
    const char *end;
    size_t i;

    if (**s >= '0' && **s <= '0' + LOG_DEBUG &&
        ((*s)[1] == '/' || (*s)[1] == '\0')) {
        *lvl = (enum log_level)(**s - '0');
        (*s)++;
        return true;
    }
    for (i = 0; i < ARRAY_SIZE(log_levels); i++) {
        end = match_item(*s, log_levels[i].name);
        if (end && (*end == '/' || *end == '\0')) {
            *lvl = log_levels[i].level;
            *s = end;
            return true;
        }
    }
    return false;
}

/* <level>[/<rate-limited level>]: the second is checked, not used yet. */
static bool opt_loglvl(const char *v, struct hv_cmdline *c)
{
    enum log_level lvl, rl;

    if (!parse_level(&v, &lvl))
        return false;
    if (*v == '/') {
        v++;
        if (!parse_level(&v, &rl))
            return false;
    }
    if (*v)
        return false;
    c->loglvl = lvl;
    return true;
}

static const char *level_name(enum log_level lvl)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(log_levels); i++)
        if (log_levels[i].level == lvl)
            return log_levels[i].name;
    return "?";
}

/* ---- dom0_mem= --------------------------------------------------------- */

/*
 * <sz> is [-]<size> or [-][<size>+]<pct>%, with <pct> below 100.  A bare
 * number is a size in KiB unless a '%' follows it.
 */
static bool parse_amount(const char **s, struct hv_mem_amount *a)
{
    const char *p = *s, *q;
    unsigned long pct = 0;

    *a = (struct hv_mem_amount){ .set = true };
    if (*p == '-') {
        a->negative = true;
        p++;
    }
    if (parse_ulong(p, &q, &pct) && *q == '%') {
        p = q;                  /* "<pct>%" alone */
    } else {
        pct = 0;
        if (!parse_size(p, &p, 10, &a->bytes))
            return false;
        if (*p == '+' && (!parse_ulong(p + 1, &p, &pct) || *p != '%'))
            return false;
    }
    if (*p == '%')
        p++;
    if (pct >= 100)
        return false;
    a->percent = (unsigned int)pct;
    *s = p;
    return true;
}

/* A list of <sz>, min:<sz> and max:<sz>; a later item overrides. */
static bool opt_dom0_mem(const char *v, struct hv_cmdline *c)
{
    struct hv_mem_amount amt = c->dom0_mem, min = c->dom0_mem_min;
    struct hv_mem_amount max = c->dom0_mem_max, *dst;

    for (;;) {
        dst = &amt;
        if (!strncmp(v, "min:", 4))
            dst = &min;
        else if (!strncmp(v, "max:", 4))
            dst = &max;
        if (dst != &amt)
            v += 4;
        if (!parse_amount(&v, dst))
            return false;
        if (*v == '\0')
            break;
        if (*v++ != ',')
            return false;
    }
    c->dom0_mem = amt;
    c->dom0_mem_min = min;
    c->dom0_mem_max = max;
    return true;
}

unsigned long cmdline_mem_amount(const struct hv_mem_amount *a,
                                 unsigned long host_bytes)
{
    /* Percent of host memory without overflow: host/100*pct + rest. */
    unsigned long part = host_bytes / 100 * a->percent +
                         host_bytes % 100 * a->percent / 100;
    unsigned long sum = a->bytes + part;

    if (sum < a->bytes)
        sum = ~0UL;             /* saturate rather than wrap */
    if (!a->negative)
        return sum;
    return sum >= host_bytes ? 0 : host_bytes - sum;
}

/* ---- dom0_max_vcpus= --------------------------------------------------- */

static bool parse_count(const char **s, unsigned int *n)
{
    unsigned long v;

    if (!parse_ulong(*s, s, &v) || v == 0 || v > 0xffffffffUL)
        return false;
    *n = (unsigned int)v;
    return true;
}

/* <n> (exactly n), or <min>-<max> with either side optional. */
static bool opt_dom0_max_vcpus(const char *v, struct hv_cmdline *c)
{
    unsigned int min = 0, max = 0;

    if (*v != '-' && !parse_count(&v, &min))
        return false;
    if (*v == '\0') {
        max = min;
    } else {
        if (*v++ != '-' || (*v && !parse_count(&v, &max)) || *v)
            return false;
        if ((!min && !max) || (max && min > max))
            return false;
        if (!min)
            min = 1;            /* Xen: an omitted minimum is 1 */
    }
    c->dom0_vcpus_min = min;
    c->dom0_vcpus_max = max;
    return true;
}

unsigned int cmdline_dom0_vcpus(const struct hv_cmdline *c,
                                unsigned int nr_pcpus)
{
    unsigned int n = nr_pcpus ? nr_pcpus : 1;

    if (n < c->dom0_vcpus_min)
        n = c->dom0_vcpus_min;
    if (c->dom0_vcpus_max && n > c->dom0_vcpus_max)
        n = c->dom0_vcpus_max;
    return n;
}

/* maxcpus=<n>: Xen's limit on the CPUs brought up (n >= 1). */
static bool opt_maxcpus(const char *v, struct hv_cmdline *c)
{
    unsigned int n;

    if (!parse_count(&v, &n) || *v)
        return false;
    c->maxcpus = n;
    return true;
}

/* ---- domu= domu_mem= domu_vcpus= --------------------------------------- */

/* domu=<n>: the last n boot modules are domU kernels (0 = none). */
static bool opt_domu(const char *v, struct hv_cmdline *c)
{
    unsigned long n;

    if (!parse_ulong(v, &v, &n) || *v || n >= BOOT_MAX_MODULES)
        return false;
    c->domu_count = (unsigned int)n;
    return true;
}

/* domu_mem=<size>: each boot domU's memory, Xen's size syntax (KiB). */
static bool opt_domu_mem(const char *v, struct hv_cmdline *c)
{
    unsigned long bytes;

    if (!parse_size(v, &v, 10, &bytes) || *v || bytes < CMDLINE_DOMU_MEM_MIN)
        return false;
    c->domu_mem = bytes;
    return true;
}

/* domu_vcpus=<n>: each boot domU's vCPUs (vCPU 0 starts, others down). */
static bool opt_domu_vcpus(const char *v, struct hv_cmdline *c)
{
    unsigned int n;

    if (!parse_count(&v, &n) || *v)
        return false;
    c->domu_vcpus = n;
    return true;
}

/* ---- dom0_weight= domu_weight= ----------------------------------------- */

/* <n>, 1..65535: the initial credit weight (sched_adjust at start). */
static bool parse_weight(const char *v, unsigned int *out)
{
    unsigned long n;

    if (!parse_ulong(v, &v, &n) || *v || n < 1 || n > 65535)
        return false;
    *out = (unsigned int)n;
    return true;
}

static bool opt_dom0_weight(const char *v, struct hv_cmdline *c)
{
    return parse_weight(v, &c->dom0_weight);
}

static bool opt_domu_weight(const char *v, struct hv_cmdline *c)
{
    return parse_weight(v, &c->domu_weight);
}

/* ---- the option table -------------------------------------------------- */

/*
 * Every option we know, with Xen's names.  Names match exactly: Xen folds
 * neither case nor '-' and '_' in option names, so neither do we.
 */
#define BOOL_OPT(n, field) \
    { .name = n, .expected = "a boolean (yes/no/on/off/true/false/1/0)", \
      .boolean = true, .offset = offsetof(struct hv_cmdline, field) }

static const struct cmdline_opt options[] = {
    { "console", "a list of com1, com2, vga, none", opt_console, false, 0 },
    { "com1", "<baud>|auto[/<base-baud>][,DPS[,<io-base>[,<irq>]]]",
      opt_com1, false, 0 },
    { "com2", "<baud>|auto[/<base-baud>][,DPS[,<io-base>[,<irq>]]]",
      opt_com2, false, 0 },
    { "loglvl", "none|error|warning|info|debug|all[/<level>]",
      opt_loglvl, false, 0 },
    { "dom0_mem", "a list of [min:|max:][-]<size>[K|M|G|T] or "
      "[-][<size>+]<pct>%", opt_dom0_mem, false, 0 },
    { "dom0_max_vcpus", "<n> or <min>-<max>", opt_dom0_max_vcpus, false, 0 },
    { "domu", "a number of boot modules below 16", opt_domu, false, 0 },
    { "domu_mem", "<size>[K|M|G|T] of at least 4M", opt_domu_mem, false, 0 },
    { "domu_vcpus", "<n> (1 or more)", opt_domu_vcpus, false, 0 },
    { "maxcpus", "a number of CPUs, at least 1", opt_maxcpus, false, 0 },
    { "dom0_weight", "a weight, 1..65535", opt_dom0_weight, false, 0 },
    { "domu_weight", "a weight, 1..65535", opt_domu_weight, false, 0 },
    BOOL_OPT("noreboot", noreboot),
    BOOL_OPT("iobitmap", iobitmap),
};

/* NULL for an option we do not know. */
static const struct cmdline_opt *find_option(const char *name)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(options); i++)
        if (!strcmp(options[i].name, name))
            return &options[i];
    return NULL;
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
    o = find_option(opt);
    if (!o && !strncmp(opt, "no-", 3)) {
        o = find_option(opt + 3);
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
           level_name(c->loglvl), c->noreboot ? "yes" : "no");
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
