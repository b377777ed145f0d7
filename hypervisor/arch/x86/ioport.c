/*
 * Real I/O ports granted to a domain (asm/ioport.h): the ranges, Xen's
 * ioports_access_permitted.
 */
#include <hv/domain.h>
#include <asm/ioport.h>
#include <xen/errno.h>

/* The virtual 16550 every domain has (pv/emul_io.c): never granted. */
#define VUART_FIRST     0x3f8
#define VUART_LAST      0x3ff

int ioport_grant(struct domain *d, unsigned int first, unsigned int last)
{
    struct arch_domain *a = &d->arch;

    if (first > last || last > 0xffff)
        return -XEN_EINVAL;
    if (first <= VUART_LAST && last >= VUART_FIRST)
        return -XEN_EINVAL;
    if (a->nr_ioports == MAX_IOPORT_RANGES)
        return -XEN_ENOSPC;
    a->ioports[a->nr_ioports].first = (uint16_t)first;
    a->ioports[a->nr_ioports].last = (uint16_t)last;
    a->nr_ioports++;
    return 0;
}

bool ioport_permitted(const struct domain *d, unsigned int port,
                      unsigned int bytes)
{
    for (unsigned int i = 0; i < d->arch.nr_ioports; i++)
        if (port >= d->arch.ioports[i].first &&
            port + bytes - 1 <= d->arch.ioports[i].last)
            return true;
    return false;
}
