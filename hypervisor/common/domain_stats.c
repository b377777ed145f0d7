/*
 * Per-domain counters (hv/domain_stats.h; the counting itself is inline
 * in hv/domain.h): the copy-out for XPVOP_domain_stats, and the block
 * logged when a domain shuts down.
 */
#include <hv/domain.h>
#include <hv/domain_stats.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/printk.h>
#include <xen/errno.h>

static const char *const emul_names[XPV_EMUL_NR] = {
    [XPV_EMUL_cli] = "cli", [XPV_EMUL_sti] = "sti", [XPV_EMUL_hlt] = "hlt",
    [XPV_EMUL_in] = "in", [XPV_EMUL_out] = "out",
    [XPV_EMUL_mov_from_cr] = "mov_from_cr",
    [XPV_EMUL_mov_to_cr] = "mov_to_cr", [XPV_EMUL_clts] = "clts",
    [XPV_EMUL_invlpg] = "invlpg", [XPV_EMUL_wbinvd] = "wbinvd",
    [XPV_EMUL_rdmsr] = "rdmsr", [XPV_EMUL_wrmsr] = "wrmsr",
    [XPV_EMUL_lgdt] = "lgdt", [XPV_EMUL_lidt] = "lidt",
    [XPV_EMUL_cpuid] = "cpuid", [XPV_EMUL_ptwr] = "ptwr",
};

long domain_stats_copy_out(const struct domain *d, unsigned long buf)
{
    struct xpv_domain_stats snap;
    const uint64_t *src = (const uint64_t *)&d->stats;
    uint64_t *dst = (uint64_t *)&snap;

    /* Counter by counter: each read whole, though others may move. */
    for (size_t i = 0; i < sizeof(snap) / sizeof(uint64_t); i++)
        dst[i] = __atomic_load_n(&src[i], __ATOMIC_RELAXED);
    if (copy_to_guest(buf, &snap, sizeof(snap)))
        return -XEN_EFAULT;
    return 0;
}

/* One log line being built: "stats: dom N: <what>: name n, name n ...". */
struct stats_line {
    char buf[160];
    size_t len;
    size_t head;                /* length of the prefix, for wrapping */
};

static void line_start(struct stats_line *l, const struct domain *d,
                       const char *what)
{
    l->len = (size_t)snprintf(l->buf, sizeof(l->buf), "stats: dom %u: %s:",
                              d->domain_id, what);
    l->head = l->len;
}

static void line_flush(struct stats_line *l)
{
    if (l->len > l->head)
        printk("%s\n", l->buf);
    l->len = l->head;
    l->buf[l->len] = '\0';
}

/* Appends " name count"; a full line is printed and continued. */
static void line_add(struct stats_line *l, const char *name, unsigned int nr,
                     uint64_t count)
{
    char item[48];
    size_t n;

    if (!count)
        return;
    if (name)
        n = (size_t)snprintf(item, sizeof(item), " %s %lu", name,
                             (unsigned long)count);
    else
        n = (size_t)snprintf(item, sizeof(item), " #%u %lu", nr,
                             (unsigned long)count);
    if (l->len + n >= sizeof(l->buf))
        line_flush(l);
    memcpy(l->buf + l->len, item, n + 1);
    l->len += n;
}

static void log_hypercalls(const struct domain *d, struct stats_line *l)
{
    line_start(l, d, "hypercalls");
    for (unsigned int nr = 0; nr < XPV_STATS_HYPERCALLS; nr++)
        line_add(l, hypercall_lookup(nr)->name, nr, d->stats.hypercalls[nr]);
    line_add(l, "other", 0, d->stats.hypercalls_other);
    line_flush(l);
}

static void log_emulation(const struct domain *d, struct stats_line *l)
{
    line_start(l, d, "emulated");
    for (unsigned int k = 0; k < XPV_EMUL_NR; k++)
        line_add(l, emul_names[k], k, d->stats.emulated[k]);
    line_flush(l);
    line_start(l, d, "refused (#GP)");
    for (unsigned int k = 0; k < XPV_EMUL_NR; k++)
        line_add(l, emul_names[k], k, d->stats.emul_refused[k]);
    line_flush(l);
}

static void log_bounces(const struct domain *d, struct stats_line *l)
{
    line_start(l, d, "bounced (vector count)");
    for (unsigned int vec = 0; vec < XPV_STATS_EXCEPTIONS; vec++)
        line_add(l, NULL, vec, d->stats.exceptions[vec]);
    line_add(l, "int$n", 0, d->stats.soft_interrupts);
    line_flush(l);
    line_start(l, d, "events");
    line_add(l, "sent", 0, d->stats.events_sent);
    line_add(l, "upcalls", 0, d->stats.upcalls);
    line_flush(l);
}

/* Only non-zero counters, one line per kind (none for an all-zero kind). */
void domain_stats_log(const struct domain *d)
{
    struct stats_line l;

    log_hypercalls(d, &l);
    log_emulation(d, &l);
    log_bounces(d, &l);
}
