/*
 * The few ACPI tables the hypervisor reads: the RSDP, the RSDT or XSDT,
 * and the MADT, for the local APIC IDs of the CPUs to start.
 *
 * Firmware tables are input, not trusted state: every table is read
 * through a map callback (boot_map_fn, hv/boot_info.h) that refuses what
 * it cannot map, its length is checked against what was mapped and its
 * checksum verified before a field is used.  A bad table is skipped with
 * a reason; nothing here panics, and the caller falls back to running on
 * the boot CPU alone.  Compiled on the host too (tests/unit/test_acpi.c).
 */
#ifndef HV_ACPI_H
#define HV_ACPI_H

#include <hv/boot_info.h>
#include <hv/types.h>

/* More CPUs than this in one MADT are counted but not listed. */
#define ACPI_MAX_CPUS           256

/* A table larger than this is refused as corrupt (the MADT of a 1024-CPU
 * machine is about 16 KiB). */
#define ACPI_MAX_TABLE_LEN      (1U << 20)

struct acpi_cpus {
    paddr_t lapic_base;         /* the MADT's (or its override's) address */
    unsigned int nr;            /* enabled CPUs listed in apic_id[] */
    uint32_t apic_id[ACPI_MAX_CPUS];
    unsigned int nr_disabled;   /* present but not enabled (hot-plug) */
    unsigned int nr_dropped;    /* enabled, but duplicate or beyond the array */
    unsigned int nr_bad;        /* MADT entries too short to read */
};

/*
 * Looks for the RSDP in the BIOS areas: the first KiB of the EBDA (its
 * segment is the word at 0x40e) and 0xe0000-0xfffff, on 16-byte
 * boundaries, as the ACPI spec says an OS must on a legacy-BIOS PC.
 * Returns its physical address, or 0 when none has a valid checksum.
 */
paddr_t acpi_scan_rsdp(boot_map_fn map);

/*
 * Reads the MADT found from the RSDP at 'rsdp' (through the XSDT when
 * the RSDP is revision 2 or later and names one, else the RSDT) into
 * 'out'.  Returns 0, or -XEN_ENOENT / -XEN_EINVAL with *why set to a
 * one-line reason (no valid RSDP, root table or MADT).
 */
int acpi_read_cpus(paddr_t rsdp, boot_map_fn map, struct acpi_cpus *out,
                   const char **why);

#endif /* HV_ACPI_H */
