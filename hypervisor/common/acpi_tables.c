/*
 * ACPI table discovery (hv/acpi.h): RSDP -> RSDT/XSDT -> MADT -> CPUs.
 *
 * Layouts are the ACPI specification's (5.2.5 RSDP, 5.2.6 system
 * description header, 5.2.7/5.2.8 RSDT/XSDT, 5.2.12 MADT with its
 * Processor Local APIC and Local x2APIC structures).  Every multi-byte
 * field is read with memcpy: tables are byte-packed and XSDT entries are
 * 8-byte values at 4-byte-aligned offsets.  Mappings returned by the map
 * callback stay valid for the whole parse (the hypervisor's direct map
 * and ioremap window never unmap), so the root table is walked in place.
 */
#include <hv/acpi.h>
#include <hv/lib.h>
#include <xen/errno.h>

#define RSDP_SIG            "RSD PTR "
#define RSDP_V1_LEN         20          /* checksum covers these bytes */
#define RSDP_V2_LEN         36          /* extended checksum: all of it */
#define SDT_HDR_LEN         36
#define MADT_ENTRIES_OFF    44          /* header, LAPIC address, flags */

#define MADT_LAPIC          0           /* Processor Local APIC */
#define MADT_LAPIC_OVERRIDE 5           /* 64-bit local APIC address */
#define MADT_X2APIC         9           /* Processor Local x2APIC */
#define MADT_ENABLED        (1U << 0)

#define EBDA_SEG_PTR        0x40e
#define BIOS_ROM_START      0xe0000
#define BIOS_ROM_END        0x100000

static uint32_t get32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, sizeof(v));
    return v;
}

static uint64_t get64(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, sizeof(v));
    return v;
}

/* ACPI checksums: all bytes, checksum field included, sum to 0 mod 256. */
static bool sum_ok(const uint8_t *p, size_t len)
{
    uint8_t sum = 0;

    while (len--)
        sum += *p++;
    return sum == 0;
}

static bool rsdp_ok(const uint8_t *p)
{
    return !memcmp(p, RSDP_SIG, 8) && sum_ok(p, RSDP_V1_LEN);
}

/* The 16-byte-aligned RSDP in [start, end), or 0. */
static paddr_t scan_area(boot_map_fn map, paddr_t start, paddr_t end)
{
    const uint8_t *p = map(start, end - start);

    if (!p)
        return 0;
    for (paddr_t off = 0; off + RSDP_V1_LEN <= end - start; off += 16)
        if (rsdp_ok(p + off))
            return start + off;
    return 0;
}

paddr_t acpi_scan_rsdp(boot_map_fn map)
{
    const uint8_t *seg = map(EBDA_SEG_PTR, 2);
    paddr_t ebda = seg ? (paddr_t)(seg[0] | seg[1] << 8) << 4 : 0;
    paddr_t found = 0;

    /* An EBDA pointer outside conventional memory is firmware garbage. */
    if (ebda >= 0x400 && ebda + 1024 <= 0xa0000)
        found = scan_area(map, ebda, ebda + 1024);
    return found ? found : scan_area(map, BIOS_ROM_START, BIOS_ROM_END);
}

/*
 * Maps the whole table at 'pa' after checking its header: a length that
 * covers at least the header and stays under ACPI_MAX_TABLE_LEN, the
 * signature 'sig' (NULL: any) and the checksum.  NULL if any fails.
 */
static const uint8_t *map_table(boot_map_fn map, paddr_t pa, const char *sig,
                                uint32_t *len)
{
    const uint8_t *p = pa ? map(pa, SDT_HDR_LEN) : NULL;

    if (!p || (sig && memcmp(p, sig, 4)))
        return NULL;
    *len = get32(p + 4);
    if (*len < SDT_HDR_LEN || *len > ACPI_MAX_TABLE_LEN)
        return NULL;
    p = map(pa, *len);
    return p && sum_ok(p, *len) ? p : NULL;
}

/* The root table (XSDT preferred) named by the RSDP, with its entry size. */
static const uint8_t *map_root(paddr_t rsdp, boot_map_fn map, uint32_t *len,
                               unsigned int *entry, const char **why)
{
    const uint8_t *r = rsdp ? map(rsdp, RSDP_V1_LEN) : NULL;
    const uint8_t *root = NULL;

    if (!r || !rsdp_ok(r)) {
        *why = "no valid RSDP";
        return NULL;
    }
    /* Revision 2+: the extended checksum covers the XSDT address. */
    if (r[15] >= 2 && (r = map(rsdp, RSDP_V2_LEN)) &&
        sum_ok(r, RSDP_V2_LEN) && get64(r + 24)) {
        *entry = 8;
        root = map_table(map, get64(r + 24), "XSDT", len);
    }
    if (!root) {
        r = map(rsdp, RSDP_V1_LEN);
        *entry = 4;
        root = map_table(map, get32(r + 16), "RSDT", len);
    }
    if (!root)
        *why = "RSDT/XSDT missing or corrupt";
    return root;
}

/* The first valid table with signature 'sig' listed in the root table. */
static const uint8_t *find_table(paddr_t rsdp, boot_map_fn map,
                                 const char *sig, uint32_t *len,
                                 const char **why)
{
    unsigned int entry;
    uint32_t root_len;
    const uint8_t *root = map_root(rsdp, map, &root_len, &entry, why);

    if (!root)
        return NULL;
    for (uint32_t off = SDT_HDR_LEN; off + entry <= root_len; off += entry) {
        paddr_t pa = entry == 8 ? get64(root + off) : get32(root + off);
        const uint8_t *t = map_table(map, pa, sig, len);

        if (t)
            return t;
    }
    *why = boot_reason("no valid %s table", sig);
    return NULL;
}

/* Adds an enabled CPU, once: firmware has been seen to repeat entries. */
static void add_cpu(struct acpi_cpus *out, uint32_t apic_id, uint32_t flags)
{
    if (!(flags & MADT_ENABLED)) {
        out->nr_disabled++;
        return;
    }
    for (unsigned int i = 0; i < out->nr; i++)
        if (out->apic_id[i] == apic_id) {
            out->nr_dropped++;
            return;
        }
    if (out->nr == ACPI_MAX_CPUS) {
        out->nr_dropped++;
        return;
    }
    out->apic_id[out->nr++] = apic_id;
}

static void madt_entry(const uint8_t *e, struct acpi_cpus *out)
{
    switch (e[0]) {
    case MADT_LAPIC:
        if (e[1] < 8)
            break;
        add_cpu(out, e[3], get32(e + 4));
        return;
    case MADT_X2APIC:
        if (e[1] < 16)
            break;
        add_cpu(out, get32(e + 4), get32(e + 8));
        return;
    case MADT_LAPIC_OVERRIDE:
        if (e[1] < 12)
            break;
        out->lapic_base = get64(e + 4);
        return;
    default:
        return;                 /* I/O APICs, overrides, NMIs: not ours */
    }
    out->nr_bad++;
}

int acpi_read_cpus(paddr_t rsdp, boot_map_fn map, struct acpi_cpus *out,
                   const char **why)
{
    uint32_t len, off;
    const uint8_t *madt = find_table(rsdp, map, "APIC", &len, why);

    memset(out, 0, sizeof(*out));
    if (!madt)
        return -XEN_ENOENT;
    if (len < MADT_ENTRIES_OFF) {
        *why = "MADT shorter than its fixed fields";
        return -XEN_EINVAL;
    }
    out->lapic_base = get32(madt + 36);
    /* Each entry must fit, header and all, inside the checked length. */
    for (off = MADT_ENTRIES_OFF; off + 2 <= len; off += madt[off + 1]) {
        if (madt[off + 1] < 2 || off + madt[off + 1] > len) {
            out->nr_bad++;
            break;              /* a zero length would loop forever */
        }
        madt_entry(madt + off, out);
    }
    return 0;
}
