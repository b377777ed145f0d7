/*
 * xl top [-n N] [-d SECONDS]: per domain, the share of a CPU it used,
 * the hypercalls and events it made per second over the last interval
 * (the hypervisor's counters, sysctl XEN_SYSCTL_xpv_domain_stats), its
 * memory and vCPUs.  'q' quits, as in xentop.
 */
#include <abi/ext.h>
#include <tools/loop.h>
#include <tools/xc.h>
#include "xl_cmds.h"

#define TOP_MAX_DOMAINS 64
#define TOP_POLL_NS     10000000ULL     /* input checked every 10 ms */
#define NS_PER_SEC      1000000000ULL

/* One domain's counters at one instant. */
struct top_sample {
    uint32_t domid;
    uint64_t cpu_ns, hypercalls, events;
};

struct top_screen {
    struct top_sample now[TOP_MAX_DOMAINS], before[TOP_MAX_DOMAINS];
    unsigned int n_now, n_before;
    uint64_t t_now, t_before;
};

static uint64_t sum_hypercalls(const struct xpv_domain_stats *st)
{
    uint64_t sum = st->hypercalls_other;
    unsigned int i;

    for (i = 0; i < XPV_STATS_HYPERCALLS; i++)
        sum += st->hypercalls[i];
    return sum;
}

static int take_sample(struct xl_call *c,
                       const struct xen_domctl_getdomaininfo *info, void *arg)
{
    struct top_screen *s = arg;
    struct xpv_domain_stats st;
    struct top_sample *p;

    (void)c;
    if (s->n_now == TOP_MAX_DOMAINS)
        return 0;
    p = &s->now[s->n_now++];
    p->domid = info->domain;
    p->cpu_ns = info->cpu_time;
    /* Without the counters (real Xen: -ENOSYS) the rates read 0. */
    if (xc_domain_stats(info->domain, &st))
        memset(&st, 0, sizeof(st));
    p->hypercalls = sum_hypercalls(&st);
    p->events = st.events_sent + st.upcalls;
    return 0;
}

static const struct top_sample *before_of(const struct top_screen *s,
                                          uint32_t domid)
{
    unsigned int i;

    for (i = 0; i < s->n_before; i++)
        if (s->before[i].domid == domid)
            return &s->before[i];
    return NULL;
}

/* A counter's growth per second of the interval (0 for a new domain). */
static unsigned long rate(uint64_t now, uint64_t before, uint64_t ns)
{
    return now > before && ns ? (now - before) * NS_PER_SEC / ns : 0;
}

static int top_row(struct xl_call *c,
                   const struct xen_domctl_getdomaininfo *info, void *arg)
{
    const struct top_screen *s = arg;
    const struct top_sample *p = NULL, *b;
    uint64_t ns = s->t_now - s->t_before;
    unsigned long tenths;
    unsigned int i;
    char state[7];

    for (i = 0; i < s->n_now; i++)
        if (s->now[i].domid == info->domain)
            p = &s->now[i];
    b = before_of(s, info->domain);
    if (!p || !b)
        return 0;
    xl_state_string(info, state);
    tenths = rate(p->cpu_ns, b->cpu_ns, ns) / 1000000;  /* per mille */
    xl_printf(c, "%-20s %5u %6s %5lu.%lu %8lu %5u %10lu %10lu\n",
              xl_domain_name(info->domain), info->domain, state,
              tenths / 10, tenths % 10,
              (unsigned long)(info->tot_pages * 4), info->nr_online_vcpus,
              rate(p->hypercalls, b->hypercalls, ns),
              rate(p->events, b->events, ns));
    return 0;
}

/* Samples every domain into s->now, keeping the last in s->before. */
static int sample_all(struct xl_call *c, struct top_screen *s)
{
    memcpy(s->before, s->now, sizeof(s->now));
    s->n_before = s->n_now;
    s->t_before = s->t_now;
    s->n_now = 0;
    s->t_now = loop_now_ns();
    return xl_foreach_domain(c, take_sample, s);
}

/* Waits one interval, serving dom0's loop; true when 'q' was typed. */
static bool top_sleep(struct xl_call *c, uint64_t ns)
{
    uint64_t until = loop_now_ns() + ns;
    int key;

    do {
        while ((key = c->io->getc(c->io->ctx)) >= 0)
            if (key == 'q' || key == XL_CONSOLE_ESCAPE)
                return true;
        loop_wait(MIN(TOP_POLL_NS, until - loop_now_ns()));
    } while (loop_now_ns() < until);
    return false;
}

static int top_loop(struct xl_call *c, unsigned long screens,
                    unsigned long secs)
{
    static struct top_screen s;     /* too big for a 16 KiB stack */
    unsigned long i;
    int rc = sample_all(c, &s);

    for (i = 0; !rc && (!screens || i < screens); i++) {
        if (top_sleep(c, secs * NS_PER_SEC))
            break;
        rc = sample_all(c, &s);
        if (rc)
            break;
        xl_printf(c, "%-20s %5s %6s %7s %8s %5s %10s %10s\n", "NAME", "ID",
                  "STATE", "CPU(%)", "MEM(k)", "VCPUS", "HCALLS/s",
                  "EVENTS/s");
        rc = xl_foreach_domain(c, top_row, &s);
        xl_printf(c, "\n");
    }
    return rc;
}

int xl_cmd_top(struct xl_call *c, int argc, char **argv)
{
    unsigned long screens = 0, secs = 1;
    struct xl_opts o;
    int first = xl_options(c, argc, argv, "n:d:", &o);

    if (first < 0 || !xl_operands(c, argc - first, 0, 0))
        return XL_EXIT_USAGE;
    if (XL_OPTVAL(&o, 'n') &&
        (!xl_parse_uint(XL_OPTVAL(&o, 'n'), 1000000, &screens) || !screens))
        return xl_usage_error(c, "-n '%s': expected a number of screens "
                              "from 1", XL_OPTVAL(&o, 'n'));
    if (XL_OPTVAL(&o, 'd') &&
        (!xl_parse_uint(XL_OPTVAL(&o, 'd'), 3601, &secs) || !secs))
        return xl_usage_error(c, "-d '%s': expected seconds from 1 to 3600",
                              XL_OPTVAL(&o, 'd'));
    return top_loop(c, screens, secs);
}
