/*
 * The ACPI parser (common/acpi_tables.c) over crafted tables in the
 * harness's fake machine memory: RSDP with RSDT or XSDT, MADT with local
 * APIC and x2APIC entries, the BIOS-area scan, and each corruption it must
 * survive (checksums, lengths, signatures, addresses outside memory).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "hv_host.h"
#include <hv/acpi.h>
#include <xen/errno.h>

#define MEM_SIZE    0x100000
#define RSDP_PA     0xf0010
#define RSDT_PA     0x1000
#define XSDT_PA     0x2000
#define MADT_PA     0x3000
#define OTHER_PA    0x4000

static struct acpi_cpus cpus;
static const char *why;

static const void *map(paddr_t pa, size_t len)
{
    if (pa + len < pa || pa + len > harness_mem_size)
        return NULL;
    return harness_mem + pa;
}

static uint8_t *at(paddr_t pa)
{
    return harness_mem + pa;
}

static void fix_sum(uint8_t *p, size_t len, size_t sum_off)
{
    uint8_t s = 0;

    p[sum_off] = 0;
    for (size_t i = 0; i < len; i++)
        s += p[i];
    p[sum_off] = (uint8_t)-s;
}

static void put_rsdp(paddr_t pa, uint8_t rev, uint32_t rsdt, uint64_t xsdt)
{
    uint8_t *p = at(pa);
    uint32_t len = 36;

    memcpy(p, "RSD PTR ", 8);
    memcpy(p + 9, "HVTEST", 6);
    p[15] = rev;
    memcpy(p + 16, &rsdt, 4);
    memcpy(p + 20, &len, 4);
    memcpy(p + 24, &xsdt, 8);
    fix_sum(p, 20, 8);
    fix_sum(p, 36, 32);
}

/* A table header with 'len' bytes in all; the checksum is fixed later. */
static uint8_t *put_hdr(paddr_t pa, const char *sig, uint32_t len)
{
    uint8_t *p = at(pa);

    memcpy(p, sig, 4);
    memcpy(p + 4, &len, 4);
    p[8] = 1;
    return p;
}

static void put_rsdt(paddr_t pa, const uint32_t *e, unsigned int n)
{
    uint8_t *p = put_hdr(pa, "RSDT", 36 + 4 * n);

    memcpy(p + 36, e, 4 * n);
    fix_sum(p, 36 + 4 * n, 9);
}

static void put_xsdt(paddr_t pa, const uint64_t *e, unsigned int n)
{
    uint8_t *p = put_hdr(pa, "XSDT", 36 + 8 * n);

    memcpy(p + 36, e, 8 * n);
    fix_sum(p, 36 + 8 * n, 9);
}

/* MADT: LAPIC 0 and 1 enabled, 2 disabled, x2APIC 0x100 enabled. */
static uint32_t put_madt(paddr_t pa)
{
    static const uint8_t entries[] = {
        0, 8, 0, 0, 1, 0, 0, 0,                 /* uid 0, id 0, enabled */
        0, 8, 1, 1, 1, 0, 0, 0,                 /* uid 1, id 1, enabled */
        0, 8, 2, 2, 0, 0, 0, 0,                 /* uid 2, id 2, disabled */
        1, 12, 0, 0, 0, 0, 0xc0, 0xfe, 0, 0, 0, 0,  /* an I/O APIC */
        9, 16, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0,  /* x2APIC 0x100 */
    };
    uint32_t len = 44 + sizeof(entries), lapic = 0xfee00000;
    uint8_t *p = put_hdr(pa, "APIC", len);

    memcpy(p + 36, &lapic, 4);
    memcpy(p + 44, entries, sizeof(entries));
    fix_sum(p, len, 9);
    return len;
}

static void setup(void)
{
    uint32_t rsdt[] = { OTHER_PA, MADT_PA };
    uint64_t xsdt[] = { OTHER_PA, MADT_PA };

    harness_mem_init(MEM_SIZE);
    put_hdr(OTHER_PA, "FACP", 36);
    fix_sum(at(OTHER_PA), 36, 9);
    put_madt(MADT_PA);
    put_rsdt(RSDT_PA, rsdt, 2);
    put_xsdt(XSDT_PA, xsdt, 2);
    put_rsdp(RSDP_PA, 2, RSDT_PA, XSDT_PA);
    memset(&cpus, 0xaa, sizeof(cpus));
    why = NULL;
}

static void teardown(void)
{
    harness_mem_free();
}

TestSuite(acpi, .init = setup, .fini = teardown);

static void expect_default_cpus(void)
{
    cr_assert_eq(cpus.nr, 3);
    cr_assert_eq(cpus.apic_id[0], 0);
    cr_assert_eq(cpus.apic_id[1], 1);
    cr_assert_eq(cpus.apic_id[2], 0x100);
    cr_assert_eq(cpus.nr_disabled, 1);
    cr_assert_eq(cpus.nr_dropped, 0);
    cr_assert_eq(cpus.nr_bad, 0);
    cr_assert_eq(cpus.lapic_base, 0xfee00000);
}

Test(acpi, xsdt_path)
{
    cr_assert_eq(acpi_read_cpus(RSDP_PA, map, &cpus, &why), 0);
    expect_default_cpus();
}

Test(acpi, rsdt_when_revision_1)
{
    put_rsdp(RSDP_PA, 0, RSDT_PA, 0);
    memset(at(XSDT_PA), 0, 64);         /* prove the XSDT is not read */
    cr_assert_eq(acpi_read_cpus(RSDP_PA, map, &cpus, &why), 0);
    expect_default_cpus();
}

Test(acpi, rsdt_when_xsdt_corrupt)
{
    at(XSDT_PA)[20] ^= 1;               /* XSDT checksum now wrong */
    cr_assert_eq(acpi_read_cpus(RSDP_PA, map, &cpus, &why), 0);
    expect_default_cpus();
}

Test(acpi, bad_rsdp_checksum)
{
    at(RSDP_PA)[9] ^= 0x5a;
    cr_assert_eq(acpi_read_cpus(RSDP_PA, map, &cpus, &why), -XEN_ENOENT);
    cr_assert_str_eq(why, "no valid RSDP");
    cr_assert_eq(cpus.nr, 0);
}

Test(acpi, rsdp_outside_memory)
{
    cr_assert_eq(acpi_read_cpus(MEM_SIZE - 4, map, &cpus, &why), -XEN_ENOENT);
    cr_assert_eq(acpi_read_cpus(0, map, &cpus, &why), -XEN_ENOENT);
}

Test(acpi, both_roots_corrupt)
{
    at(XSDT_PA)[20] ^= 1;
    at(RSDT_PA)[20] ^= 1;
    cr_assert_eq(acpi_read_cpus(RSDP_PA, map, &cpus, &why), -XEN_ENOENT);
    cr_assert_str_eq(why, "RSDT/XSDT missing or corrupt");
}

Test(acpi, bad_madt_checksum)
{
    at(MADT_PA)[50] ^= 1;
    cr_assert_eq(acpi_read_cpus(RSDP_PA, map, &cpus, &why), -XEN_ENOENT);
    cr_assert_str_eq(why, "no valid APIC table");
}

Test(acpi, madt_length_too_big_or_small)
{
    uint32_t huge = ACPI_MAX_TABLE_LEN + 1, tiny = 10;

    memcpy(at(MADT_PA) + 4, &huge, 4);
    cr_assert_eq(acpi_read_cpus(RSDP_PA, map, &cpus, &why), -XEN_ENOENT);
    memcpy(at(MADT_PA) + 4, &tiny, 4);
    cr_assert_eq(acpi_read_cpus(RSDP_PA, map, &cpus, &why), -XEN_ENOENT);
}

Test(acpi, madt_runs_past_memory)
{
    uint32_t len = MEM_SIZE - MADT_PA + 16;

    memcpy(at(MADT_PA) + 4, &len, 4);
    cr_assert_eq(acpi_read_cpus(RSDP_PA, map, &cpus, &why), -XEN_ENOENT);
}

Test(acpi, madt_entry_overruns_table)
{
    uint32_t len = 44 + 8 + 4;          /* second entry cut short */
    uint8_t *p = at(MADT_PA);

    memcpy(p + 4, &len, 4);
    fix_sum(p, len, 9);
    cr_assert_eq(acpi_read_cpus(RSDP_PA, map, &cpus, &why), 0);
    cr_assert_eq(cpus.nr, 1);
    cr_assert_eq(cpus.nr_bad, 1);
}

Test(acpi, madt_zero_length_entry_stops)
{
    uint8_t *p = at(MADT_PA);
    uint32_t len;

    memcpy(&len, p + 4, 4);
    p[44 + 8 + 1] = 0;                  /* second entry: length 0 */
    fix_sum(p, len, 9);
    cr_assert_eq(acpi_read_cpus(RSDP_PA, map, &cpus, &why), 0);
    cr_assert_eq(cpus.nr, 1);
    cr_assert_eq(cpus.nr_bad, 1);
}

Test(acpi, madt_short_lapic_entry_skipped)
{
    uint8_t *p = at(MADT_PA);
    uint32_t len;

    memcpy(&len, p + 4, 4);
    p[44 + 1] = 4;                      /* first LAPIC entry: 4 bytes */
    memmove(p + 48, p + 52, len - 52);
    len -= 4;
    memcpy(p + 4, &len, 4);
    fix_sum(p, len, 9);
    cr_assert_eq(acpi_read_cpus(RSDP_PA, map, &cpus, &why), 0);
    cr_assert_eq(cpus.nr_bad, 1);
    cr_assert_eq(cpus.nr, 2);           /* 1 and 0x100 */
}

Test(acpi, duplicate_apic_id_dropped)
{
    uint8_t *p = at(MADT_PA);
    uint32_t len;

    memcpy(&len, p + 4, 4);
    p[44 + 8 + 3] = 0;                  /* second LAPIC repeats ID 0 */
    fix_sum(p, len, 9);
    cr_assert_eq(acpi_read_cpus(RSDP_PA, map, &cpus, &why), 0);
    cr_assert_eq(cpus.nr, 2);
    cr_assert_eq(cpus.nr_dropped, 1);
}

Test(acpi, root_entry_outside_memory_skipped)
{
    uint64_t xsdt[] = { 0xfffffffffffff000ULL, MEM_SIZE + 0x1000, MADT_PA };

    put_xsdt(XSDT_PA, xsdt, 3);
    cr_assert_eq(acpi_read_cpus(RSDP_PA, map, &cpus, &why), 0);
    expect_default_cpus();
}

Test(acpi, scan_finds_rsdp_in_bios_area)
{
    cr_assert_eq(acpi_scan_rsdp(map), RSDP_PA);
}

Test(acpi, scan_prefers_ebda)
{
    uint16_t seg = 0x9fc0;

    memcpy(at(0x40e), &seg, 2);
    put_rsdp(0x9fc00 + 0x30, 2, RSDT_PA, XSDT_PA);
    cr_assert_eq(acpi_scan_rsdp(map), 0x9fc30);
}

Test(acpi, scan_ignores_bad_checksum_and_misalignment)
{
    at(RSDP_PA)[9] ^= 1;
    put_rsdp(0xf0108, 2, RSDT_PA, XSDT_PA);     /* not 16-byte aligned */
    cr_assert_eq(acpi_scan_rsdp(map), 0);
}
