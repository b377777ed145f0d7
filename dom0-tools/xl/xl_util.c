/*
 * What every xl command uses: formatted output, refusals with the usage,
 * options, domain arguments, and the formats xl list shares with the
 * other commands (state letters, seconds).
 */
#include <abi/xen.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <tools/toolstack.h>
#include <tools/xc.h>
#include "xl_internal.h"

#define XL_LINE_MAX 512

void xl_write(struct xl_call *c, const char *s, size_t n)
{
    c->io->out(c->io->ctx, s, n);
}

void xl_printf(struct xl_call *c, const char *fmt, ...)
{
    char line[XL_LINE_MAX];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    xl_write(c, line, MIN((size_t)n, sizeof(line) - 1));
}

static void xl_verr(struct xl_call *c, const char *fmt, va_list ap)
{
    char line[XL_LINE_MAX];
    int n;

    n = c->cmd ? snprintf(line, sizeof(line), "xl %s: ", c->cmd->name)
               : snprintf(line, sizeof(line), "xl: ");
    n += vsnprintf(line + n, sizeof(line) - n, fmt, ap);
    n = MIN((size_t)n, sizeof(line) - 2);
    line[n++] = '\n';
    c->io->err(c->io->ctx, line, n);
}

int xl_fail(struct xl_call *c, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    xl_verr(c, fmt, ap);
    va_end(ap);
    return XL_EXIT_FAIL;
}

int xl_usage_error(struct xl_call *c, const char *fmt, ...)
{
    char line[XL_LINE_MAX];
    va_list ap;
    int n;

    va_start(ap, fmt);
    xl_verr(c, fmt, ap);
    va_end(ap);
    n = snprintf(line, sizeof(line), "usage: xl %s %s (xl help %s)\n",
                 c->cmd->name, c->cmd->usage, c->cmd->name);
    c->io->err(c->io->ctx, line, MIN((size_t)n, sizeof(line) - 1));
    return XL_EXIT_USAGE;
}

void xl_print_help(struct xl_call *c, const struct xl_cmd *cmd)
{
    xl_printf(c, "usage: xl %s %s\n\n%s\n", cmd->name, cmd->usage,
              cmd->summary);
    if (cmd->options[0])
        xl_printf(c, "\nOptions:\n%s", cmd->options);
}

/* Whether option 'ch' is in spec, and whether it takes a value. */
static bool option_known(const char *spec, char ch, bool *has_value)
{
    const char *at = ch >= 'a' && ch <= 'z' ? strchr(spec, ch) : NULL;

    *has_value = at && at[1] == ':';
    return at != NULL;
}

int xl_options(struct xl_call *c, int argc, char **argv, const char *spec,
               struct xl_opts *o)
{
    bool has_value;
    const char *p;
    int i;

    memset(o, 0, sizeof(*o));
    for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (!strcmp(argv[i], "--"))
            return i + 1;
        /* Letters may be grouped ("-lv"); a value ends the group. */
        for (p = argv[i] + 1; *p; p++) {
            if (!option_known(spec, *p, &has_value)) {
                xl_usage_error(c, "unknown option '-%c'", *p);
                return -1;
            }
            o->flags |= XL_OPT(*p);
            if (!has_value)
                continue;
            if (p[1]) {
                XL_OPTVAL(o, *p) = p + 1;
            } else if (i + 1 < argc) {
                XL_OPTVAL(o, *p) = argv[++i];
            } else {
                xl_usage_error(c, "option '-%c' needs a value", *p);
                return -1;
            }
            break;
        }
    }
    return i;
}

bool xl_operands(struct xl_call *c, int n, int min, int max)
{
    if (n < min) {
        xl_usage_error(c, "missing argument");
        return false;
    }
    if (n > max) {
        xl_usage_error(c, "too many arguments");
        return false;
    }
    return true;
}

bool xl_parse_uint(const char *s, unsigned long limit, unsigned long *val)
{
    const char *end;
    unsigned long v;

    if (*s < '0' || *s > '9' || !parse_ulong(s, &end, &v) || *end ||
        v >= limit)
        return false;
    *val = v;
    return true;
}

int xl_domain_arg(struct xl_call *c, const char *arg, uint32_t *domid)
{
    struct xen_domctl_getdomaininfo info;
    struct ts_domain *d;
    unsigned long id;

    if (xl_parse_uint(arg, DOMID_FIRST_RESERVED, &id) &&
        !xc_domain_getinfo(id, &info)) {
        *domid = id;
        return 0;
    }
    if (!strcmp(arg, "Domain-0")) {
        *domid = 0;
        return 0;
    }
    d = ts_find_name(arg);
    if (d) {
        *domid = d->domid;
        return 0;
    }
    return xl_fail(c, "no domain '%s' (xl list shows the domains)", arg);
}

const char *xl_domain_name(uint32_t domid)
{
    struct ts_domain *d = ts_find(domid);

    if (d)
        return d->cfg.name;
    return domid ? "(null)" : "Domain-0";
}

void xl_state_string(const struct xen_domctl_getdomaininfo *info,
                     char out[7])
{
    unsigned int f = info->flags;
    unsigned int reason = (f >> XEN_DOMINF_shutdownshift) &
                          XEN_DOMINF_shutdownmask;
    bool shutdown = f & XEN_DOMINF_shutdown;

    out[0] = f & XEN_DOMINF_running ? 'r' : '-';
    out[1] = f & XEN_DOMINF_blocked ? 'b' : '-';
    out[2] = f & XEN_DOMINF_paused ? 'p' : '-';
    out[3] = shutdown && reason != SHUTDOWN_crash ? 's' : '-';
    out[4] = shutdown && reason == SHUTDOWN_crash ? 'c' : '-';
    out[5] = f & XEN_DOMINF_dying ? 'd' : '-';
    out[6] = '\0';
}

void xl_seconds(uint64_t ns, char *out, size_t size)
{
    /* Rounded to the nearest tenth, as printf's %.1f. */
    uint64_t tenths = (ns + 50000000) / 100000000;

    snprintf(out, size, "%lu.%lu", (unsigned long)(tenths / 10),
             (unsigned long)(tenths % 10));
}

const char *xl_errno_name(int err)
{
    switch (-err) {
    case XEN_EPERM: return "EPERM";
    case XEN_ENOENT: return "ENOENT";
    case XEN_ESRCH: return "ESRCH";
    case XEN_ENOMEM: return "ENOMEM";
    case XEN_EFAULT: return "EFAULT";
    case XEN_EBUSY: return "EBUSY";
    case XEN_EEXIST: return "EEXIST";
    case XEN_EINVAL: return "EINVAL";
    case XEN_ENOSPC: return "ENOSPC";
    case XEN_ENOSYS: return "ENOSYS";
    case XEN_E2BIG: return "E2BIG";
    case XEN_EAGAIN: return "EAGAIN";
    case XEN_EACCES: return "EACCES";
    default: return "error";
    }
}
