/*
 * dom0's devices beyond its serial port, granted at boot as Xen's
 * dom0_setup_permissions does: PCI configuration space (mechanism 1,
 * ports 0xcf8-0xcff) and the I/O memory outside RAM, except the
 * interrupt controllers the hypervisor owns.  With these dom0 finds and
 * maps PCI devices itself (the management channel's ivshmem BAR).
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <asm/iomem.h>
#include <asm/ioport.h>
#include <asm/msr.h>
#include <asm/processor.h>

#define PCI_CONF_FIRST      0xcf8
#define PCI_CONF_LAST       0xcff

#define MSR_APIC_BASE       0x1b
#define APIC_BASE_FRAME(b)  (((b) & 0x000ffffffffff000UL) >> 12)
/* The first IO-APIC's architectural address: Xen denies every IO-APIC. */
#define IOAPIC_FRAME        0xfec00UL

/* The highest frame the CPU can address (CPUID 0x80000008). */
static unsigned long top_frame(void)
{
    uint32_t a, b, c, d, bits = 36;

    cpuid(0x80000000, 0, &a, &b, &c, &d);
    if (a >= 0x80000008) {
        cpuid(0x80000008, 0, &a, &b, &c, &d);
        bits = a & 0xff;
    }
    return (1UL << (bits - 12)) - 1;
}

static int grant_iomem(struct domain *d)
{
    int rc = iomem_grant(d, max_mfn, top_frame());

    if (!rc)
        rc = iomem_deny(d, APIC_BASE_FRAME(rdmsr(MSR_APIC_BASE)),
                        APIC_BASE_FRAME(rdmsr(MSR_APIC_BASE)));
    if (!rc)
        rc = iomem_deny(d, IOAPIC_FRAME, IOAPIC_FRAME);
    return rc;
}

void arch_grant_dom0_devices(struct domain *d)
{
    int rc = ioport_grant(d, PCI_CONF_FIRST, PCI_CONF_LAST);

    if (rc)
        printk(XENLOG_WARNING "dom%u: PCI config ports not granted (%d)\n",
               d->domain_id, rc);
    rc = grant_iomem(d);
    if (rc) {
        printk(XENLOG_WARNING "dom%u: I/O memory not granted (%d)\n",
               d->domain_id, rc);
        return;
    }
    printk("dom%u: granted PCI config ports %#x-%#x and I/O memory "
           "from %#lx (but the local APIC and IO-APIC)\n", d->domain_id,
           PCI_CONF_FIRST, PCI_CONF_LAST, max_mfn << 12);
}
