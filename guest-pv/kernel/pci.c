/*
 * PCI configuration mechanism 1 (guest/pci.h): write the address of a
 * register to 0xcf8, then read or write it at 0xcfc.
 */
#include <guest/extable.h>
#include <guest/pci.h>

#define PCI_ADDR_PORT       0xcf8
#define PCI_DATA_PORT       0xcfc
#define PCI_ENABLE          0x80000000u

#define PCI_ID              0x00
#define PCI_COMMAND         0x04
#define PCI_COMMAND_MEMORY  0x2
#define PCI_HEADER_TYPE     0x0c    /* byte 2 of this dword */
#define PCI_HEADER_MULTI    0x80
#define PCI_BAR0            0x10

#define BAR_IO              0x1
#define BAR_TYPE_MASK       0x6
#define BAR_TYPE_64         0x4
#define BAR_ADDR_MASK       (~0xfull)

static inline void outl(uint16_t port, uint32_t v)
{
    asm volatile ("outl %0, %w1" :: "a"(v), "Nd"(port));
}

static inline uint32_t inl(uint16_t port)
{
    uint32_t v;

    asm volatile ("inl %w1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static uint32_t addr_of(uint32_t bdf, unsigned int reg)
{
    return PCI_ENABLE | bdf | (reg & 0xfc);
}

uint32_t pci_conf_read(const struct pci_dev *d, unsigned int reg)
{
    outl(PCI_ADDR_PORT, addr_of(d->bdf, reg));
    return inl(PCI_DATA_PORT);
}

void pci_conf_write(const struct pci_dev *d, unsigned int reg, uint32_t v)
{
    outl(PCI_ADDR_PORT, addr_of(d->bdf, reg));
    outl(PCI_DATA_PORT, v);
}

/* The first access, through the exception table: without the grant the
 * ports fault (#GP), which must read as "no PCI", not a crash. */
static bool ports_ours(void)
{
    bool ok = false;
    uint32_t v = addr_of(0, PCI_ID);

    asm volatile ("1: outl %1, %w2\n\t"
                  "movb $1, %0\n\t"
                  "2:\n\t"
                  EXTABLE_ENTRY("1b", "2b")
                  : "+r"(ok) : "a"(v), "d"((uint16_t)PCI_ADDR_PORT));
    return ok;
}

static bool matches(const struct pci_dev *d, uint32_t id)
{
    return pci_conf_read(d, PCI_ID) == id;
}

bool pci_find(uint16_t vendor, uint16_t device, struct pci_dev *out)
{
    uint32_t id = (uint32_t)device << 16 | vendor;

    if (!ports_ours())
        return false;
    for (uint32_t bus = 0; bus < 256; bus++) {
        for (uint32_t dev = 0; dev < 32; dev++) {
            struct pci_dev d = { bus << 16 | dev << 11 };
            uint32_t nfn;

            if ((pci_conf_read(&d, PCI_ID) & 0xffff) == 0xffff)
                continue;
            nfn = (pci_conf_read(&d, PCI_HEADER_TYPE) >> 16) &
                  PCI_HEADER_MULTI ? 8 : 1;
            for (uint32_t fn = 0; fn < nfn; fn++) {
                d.bdf = bus << 16 | dev << 11 | fn << 8;
                if (matches(&d, id)) {
                    *out = d;
                    return true;
                }
            }
        }
    }
    return false;
}

/* The standard sizing: all ones written, the read-back's low zeros. */
static uint64_t bar_size(const struct pci_dev *d, unsigned int reg,
                         uint64_t raw)
{
    uint64_t mask;

    pci_conf_write(d, reg, ~0u);
    pci_conf_write(d, reg + 4, ~0u);
    mask = pci_conf_read(d, reg) | (uint64_t)pci_conf_read(d, reg + 4) << 32;
    pci_conf_write(d, reg, (uint32_t)raw);
    pci_conf_write(d, reg + 4, (uint32_t)(raw >> 32));
    return ~(mask & BAR_ADDR_MASK) + 1;
}

bool pci_bar64(const struct pci_dev *d, unsigned int bar, uint64_t *addr,
               uint64_t *size)
{
    unsigned int reg = PCI_BAR0 + 4 * bar;
    uint32_t cmd = pci_conf_read(d, PCI_COMMAND);
    uint64_t raw = pci_conf_read(d, reg);

    if ((raw & BAR_IO) || (raw & BAR_TYPE_MASK) != BAR_TYPE_64)
        return false;
    raw |= (uint64_t)pci_conf_read(d, reg + 4) << 32;
    *addr = raw & BAR_ADDR_MASK;
    if (!*addr)
        return false;
    /* Decoding off while the BAR reads back as its size mask. */
    pci_conf_write(d, PCI_COMMAND, cmd & ~PCI_COMMAND_MEMORY);
    *size = bar_size(d, reg, raw);
    pci_conf_write(d, PCI_COMMAND, cmd | PCI_COMMAND_MEMORY);
    return true;
}
