/*
 * The per-CPU TSS I/O bitmap that lets a vCPU reach its domain's granted
 * ports without an exit (asm/ioport.h).
 *
 * Each CPU's bitmap holds exactly the ranges of one domain, the last one
 * it was opened for (loaded[]); io_bitmap_load() rewrites only when the
 * ranges differ, so switching between vCPUs of one domain, or between
 * kernel and user mode, costs a store to iomap_base.  Also dom0's
 * boot-time grant of its serial port, which picks the way it is reached.
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/ns16550.h>
#include <hv/printk.h>
#include <hv/lib.h>
#include <hv/softirq.h>
#include <asm/config.h>
#include <asm/ioport.h>
#include <asm/tss.h>

struct loaded_ranges {
    struct ioport_range r[MAX_IOPORT_RANGES];
    unsigned int nr;
};

static struct loaded_ranges loaded[NR_CPUS];
static bool bitmap_enabled = true;

void io_bitmap_enable(bool on)
{
    bitmap_enabled = on;
}

/* A clear bit lets the port through. */
static void bitmap_set_range(uint8_t *map, const struct ioport_range *r,
                             bool allow)
{
    for (unsigned int p = r->first; p <= r->last; p++) {
        if (allow)
            map[p / 8] &= (uint8_t)~(1u << (p % 8));
        else
            map[p / 8] |= (uint8_t)(1u << (p % 8));
    }
}

static bool same_ranges(const struct loaded_ranges *l,
                        const struct arch_domain *a)
{
    return l->nr == a->nr_ioports &&
           !memcmp(l->r, a->ioports, a->nr_ioports * sizeof(l->r[0]));
}

/* Makes this CPU's bitmap hold a's ranges and nothing else. */
static void bitmap_sync(struct tss64 *t, struct loaded_ranges *l,
                        const struct arch_domain *a)
{
    if (same_ranges(l, a))
        return;
    for (unsigned int i = 0; i < l->nr; i++)
        bitmap_set_range(t->io_bitmap, &l->r[i], false);
    for (unsigned int i = 0; i < a->nr_ioports; i++)
        bitmap_set_range(t->io_bitmap, &a->ioports[i], true);
    memcpy(l->r, a->ioports, sizeof(l->r));
    l->nr = a->nr_ioports;
}

void io_bitmap_load(const struct vcpu *v)
{
    struct tss64 *t = this_cpu_tss();
    const struct arch_domain *a = &v->domain->arch;

    if (!bitmap_enabled || !v->arch.kernel_mode || !a->nr_ioports) {
        t->iomap_base = TSS_IOMAP_OFF;
        return;
    }
    bitmap_sync(t, &loaded[smp_processor_id()], a);
    t->iomap_base = TSS_IOMAP_ON;
}

void arch_grant_serial(struct domain *d, unsigned int io_base, bool direct)
{
    int rc = ioport_grant(d, io_base, io_base + UART_PORTS - 1);

    io_bitmap_enable(direct);
    if (rc) {
        printk(XENLOG_WARNING "dom%u: serial port %#x not granted (%d): "
               "give com2= a free I/O base\n", d->domain_id, io_base, rc);
        return;
    }
    printk("dom%u: granted ports %#x-%#x (the management channel), %s\n",
           d->domain_id, io_base, io_base + UART_PORTS - 1,
           direct ? "direct (I/O bitmap)" : "emulated (iobitmap=no)");
}
