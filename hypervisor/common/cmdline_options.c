/*
 * The hypervisor's options, one parser each, and the table that names
 * them (syntax and semantics in hv/cmdline.h; the rules every option
 * follows - words, booleans, "--", warnings - are cmdline.c's).  A parser
 * fills its field of the scratch copy cmdline.c hands it and returns
 * false on a malformed value, leaving the option's old value in force.
 */
#include <hv/cmdline.h>
#include <hv/lib.h>
#include "cmdline_opt.h"

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

const char *cmdline_level_name(enum log_level lvl)
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
const struct cmdline_opt *cmdline_find_option(const char *name)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(options); i++)
        if (!strcmp(options[i].name, name))
            return &options[i];
    return NULL;
}
