/*
 * native_start(): from the PVH entry to start_kernel(), the whole native
 * platform bring-up in order, one step per line.
 */
#include <guest/console.h>
#include <guest/hypervisor.h>
#include <guest/native.h>
#include <guest/pvops.h>
#include "native_boot.h"
#include "native_hv.h"

/* What the boot tables' direct map covers (boot_entry.S). */
#define DIRECT_MAP_LIMIT    0x100000000ul

/* %eax at the multiboot2 entry (the PVH entry passes 0). */
#define MB2_BOOTLOADER_MAGIC    0x36d76289

void __noreturn native_start(uint32_t magic, uint32_t info);
void __noreturn start_kernel(start_info_t *si);

static const void *map_phys(uint64_t pa, size_t len)
{
    if (pa >= DIRECT_MAP_LIMIT || len > DIRECT_MAP_LIMIT - pa)
        return NULL;
    return native_phys(pa);
}

static void __noreturn bad_boot(const char *what, const char *why)
{
    printk("native: fatal: %s: %s\n", what, why);
    native_exit(NATIVE_EXIT_BAD_BOOT);
}

/* The kernel's RAM and command line from the loader's information. */
static void loader_ram(uint32_t magic, uint32_t info, struct native_ram *ram)
{
    const char *why;

    if (magic == 0) {
        why = native_pvh_ram(info, map_phys, KERNEL_LOAD_PHYS,
                             DIRECT_MAP_LIMIT, ram);
        if (why)
            bad_boot("PVH start info", why);
    } else if (magic == MB2_BOOTLOADER_MAGIC) {
        why = native_mb2_ram(info, map_phys, KERNEL_LOAD_PHYS,
                             DIRECT_MAP_LIMIT, ram);
        if (why)
            bad_boot("multiboot2 information", why);
    } else {
        bad_boot("multiboot2 entry", "%eax is not the multiboot2 "
                 "magic 0x36d76289: boot this image with GRUB's "
                 "multiboot2 command or a PVH loader");
    }
}

#define CPUID7_EBX_SMEP         (1u << 7)
#define CR4_SMEP                (1ul << 20)

/*
 * SMEP where the CPU has it: ring 0 then never runs code from a user
 * page (the kernel never does; an exploit would).  Not SMAP: the kernel
 * reaches user memory with plain accesses (uaccess.c), as under Xen.
 */
static bool enable_smep(void)
{
    uint32_t r[4];
    unsigned long cr4;

    pv_ops.cpu.cpuid(0, 0, r);
    if (r[0] < 7)
        return false;
    pv_ops.cpu.cpuid(7, 0, r);
    if (!(r[1] & CPUID7_EBX_SMEP))
        return false;
    asm volatile ("mov %%cr4, %0" : "=r"(cr4));
    asm volatile ("mov %0, %%cr4" : : "r"(cr4 | CR4_SMEP) : "memory");
    return true;
}

void native_start(uint32_t magic, uint32_t info)
{
    struct native_ram ram;
    start_info_t *si;

    /* The console (COM1) and everything else through the native ops. */
    pv_ops = pvops_native;
    printk("native: guest-pv kernel on bare metal (%s entry, ring 0)\n",
           magic ? "multiboot2" : "PVH");
    /* Descriptors before anything can fault: faults are reported. */
    native_desc_init();
    native_pic_mask();
    printk("native: SMEP %s\n", enable_smep() ? "on" : "not available");
    loader_ram(magic, info, &ram);
    /* What a PV domain builder would have built; then the PV entry. */
    si = native_build_start_of_day(&ram);
    native_hypercall_page_init();
    start_kernel(si);
}
